//! OpenAPI 3.0/3.1 document in, Rust client crate out.
//!
//! The pipeline is a chain of stages, each a module that can be used and tested alone:
//!
//! 1. [`load`]: parse YAML or JSON, normalise 3.1 to the shapes `openapiv3` models, deserialize.
//! 2. [`model`]: schemas and operations to an intermediate representation with final Rust names.
//! 3. [`emit`]: the representation to `quote!` token streams (and Cargo.toml, README.md).
//! 4. [`format`](mod@format): token streams to text with prettyplease.
//! 5. [`write`](mod@write): files onto disk, or a diff against what is there.

pub mod dir;
pub mod emit;
pub mod error;
pub mod examples;
pub mod format;
pub mod load;
pub mod model;
pub mod naming;
pub mod resolve;
pub mod warning;
pub mod write;

pub use dir::{DirError, Report, check_dir, generate_to_dir};
pub use emit::Options;
pub use error::{Error, Result};
pub use format::File;
pub use load::OverlaySource;
pub use warning::{Warning, WarningKind};

/// What a generation produced.
#[derive(Debug)]
pub struct Output {
    pub files: Vec<File>,
    /// Suspect places that were generated anyway, each once.
    pub warnings: Vec<Warning>,
    pub stats: Stats,
}

/// Counts that tell how completely the document was typed.
#[derive(Debug, Default, Clone)]
pub struct Stats {
    pub operations: usize,
    pub types: usize,
    /// Pointers of schemas that had a type but became `serde_json::Value`.
    pub json_fallbacks: Vec<String>,
    /// With [`Options::example_tests`]: examples found next to typed schemas.
    pub examples_found: usize,
    /// `pointer: reason` for each example that does not validate against its own schema.
    pub examples_invalid: Vec<String>,
}

/// Runs every in-memory stage: document text to the files of a crate.
pub fn generate(text: &str, options: &Options) -> Result<Output> {
    generate_with_overlays(text, &[], options)
}

/// Like [`generate`], with OpenAPI Overlays applied to the document first, in order.
///
/// Parsing and deserialising nested schemas recurse, and serde's depth limits (128 levels)
/// take more stack than a test thread or a small worker thread has; the stages therefore run
/// on a thread of their own with a generous stack, so that no document can overflow it.
pub fn generate_with_overlays(text: &str, overlays: &[OverlaySource], options: &Options) -> Result<Output> {
    const STACK: usize = 256 * 1024 * 1024;
    std::thread::scope(|scope| {
        std::thread::Builder::new()
            .name("openapi-rust-gen".into())
            .stack_size(STACK)
            .spawn_scoped(scope, || run(text, overlays, options))
            .map_err(|e| Error::Internal { file: String::new(), message: format!("cannot start a thread: {e}") })?
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
    })
}

fn run(text: &str, overlays: &[OverlaySource], options: &Options) -> Result<Output> {
    options.check_crate_name()?;
    let doc = load::load_document(text, overlays, options.example_tests)?;
    let api = model::build(&doc)?;
    let examples = if options.example_tests { examples::check(&doc, &api) } else { Default::default() };
    let stats = Stats {
        operations: api.groups.iter().map(|g| g.operations.len()).sum(),
        types: api.types.len(),
        json_fallbacks: api.json_fallbacks.clone(),
        examples_found: examples.found(),
        examples_invalid: examples.invalid.clone(),
    };
    let mut warnings = api.warnings.clone();
    let mut seen = std::collections::HashSet::new();
    warnings.retain(|w| seen.insert(w.clone()));
    let jobs = emit::jobs(&api, &examples.valid, options);
    Ok(Output { files: format::run_jobs(&jobs, options)?, warnings, stats })
}
