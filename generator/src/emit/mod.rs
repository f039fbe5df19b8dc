//! Stage 3, emit: the model to files. Rust files are built as `quote!` token streams and
//! formatted by [`crate::format`]; Cargo.toml and README.md are plain text.

mod api_docs;
mod apis;
pub(crate) mod docs;
mod examples;
mod manifest;
mod models;
mod runtime;
mod rust;

use crate::examples::Example;
use crate::model::Api;
use proc_macro2::TokenStream;

/// What the caller decides about the crate being generated.
#[derive(Clone, Debug)]
pub struct Options {
    /// Cargo package name, e.g. `factpulse-client`.
    pub crate_name: String,
    /// How the spec is named in headers, e.g. `spec/openapi.yaml`.
    pub source: String,
    /// The command that regenerates the crate, named in headers.
    pub command: String,
    /// Also write `tests/examples/`: a round-trip test for every valid example in the spec.
    pub example_tests: bool,
}

impl Options {
    pub fn new(crate_name: impl Into<String>, source: impl Into<String>, command: impl Into<String>) -> Options {
        Options { crate_name: crate_name.into(), source: source.into(), command: command.into(), example_tests: false }
    }

    /// Fails unless the crate name follows Cargo's rules for a package (ASCII letters, digits,
    /// `-` and `_`, not starting with a digit, at most 64 characters) and its library name is
    /// a usable Rust identifier: the name is interpolated into `Cargo.toml` and into Rust
    /// paths, where anything else breaks the crate or panics the emitter.
    pub fn check_crate_name(&self) -> crate::Result<()> {
        let name = &self.crate_name;
        let fail = |reason: &str| Err(crate::Error::CrateName { name: name.clone(), reason: reason.to_owned() });
        if name.is_empty() {
            return fail("empty");
        }
        if name.len() > 64 {
            return fail("longer than 64 characters");
        }
        if let Some(c) = name.chars().find(|c| !(c.is_ascii_alphanumeric() || *c == '-' || *c == '_')) {
            return fail(&format!("`{}` is not allowed: only ASCII letters, digits, `-` and `_`", c.escape_debug()));
        }
        if !name.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_') {
            return fail("must start with a letter or `_`");
        }
        let lib = self.lib_name();
        if lib == "_"
            || crate::naming::escape_keyword(&lib) != lib
            || ["std", "core", "alloc", "proc_macro", "test"].contains(&lib.as_str())
        {
            return fail(&format!("`{lib}` is a Rust keyword or a built-in crate's name"));
        }
        Ok(())
    }

    pub fn lib_name(&self) -> String {
        self.crate_name.replace('-', "_")
    }

    /// The first line of every generated file (after the comment marker). It starts with
    /// [`crate::write::MARKER`], by which the write stage tells its own files from everyone
    /// else's; line breaks in the source or command cannot split it.
    pub fn header(&self) -> String {
        let one_line = |s: &str| s.chars().map(|c| if c.is_control() { ' ' } else { c }).collect::<String>();
        format!(
            "{} from {} by `{}`. Do not edit: changes are overwritten.",
            crate::write::MARKER,
            one_line(&self.source),
            one_line(&self.command)
        )
    }
}

/// One output file before formatting.
pub enum Content {
    Rust(TokenStream),
    /// More items of the Rust file emitted just before, formatted apart (on any thread).
    RustPart(TokenStream),
    Text(String),
}

pub struct EmittedFile {
    /// Relative to the crate root, with `/` separators.
    pub path: String,
    pub content: Content,
}

/// The emission of some files, run when the format stage asks for it: emitting and formatting
/// are the expensive stages, and jobs let them run on every core (token streams cannot cross
/// threads, so each job's files are formatted where they were emitted).
pub type Job<'a> = Box<dyn Fn() -> Vec<EmittedFile> + Send + Sync + 'a>;

/// Every file of the crate, as jobs in output order.
pub fn jobs<'a>(api: &'a Api, examples: &'a [Example], options: &'a Options) -> Vec<Job<'a>> {
    let features = rust::Features::of(api);
    let mut jobs: Vec<Job<'a>> = Vec::new();
    jobs.push(Box::new(move || {
        // Names and paths from the spec are interpolated into the README: no control characters.
        let readme: String = manifest::readme(api, options).chars().filter(|c| !c.is_control() || *c == '\n').collect();
        vec![
            EmittedFile {
                path: "Cargo.toml".into(),
                content: Content::Text(manifest::cargo_toml(api, options, &features)),
            },
            EmittedFile { path: "README.md".into(), content: Content::Text(readme) },
        ]
    }));
    jobs.push(Box::new(move || runtime::files(api, options, &features)));
    jobs.extend(models::jobs(api));
    jobs.extend(apis::jobs(api, options));
    if options.example_tests {
        jobs.push(Box::new(move || examples::files(api, examples, options, &features)));
    }
    jobs
}
