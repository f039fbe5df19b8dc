//! OpenAPI 3.0/3.1 document in, Rust client crate out.
//!
//! The pipeline is a chain of stages, each a module that can be used and tested alone:
//!
//! 1. [`load`]: parse YAML or JSON, normalise 3.1 to the shapes `openapiv3` models, deserialize.
//! 2. [`model`]: schemas and operations to an intermediate representation with final Rust names.
//! 3. [`examples`](mod@examples) (with [`Options::example_tests`]): the spec's examples, validated.
//! 4. [`emit`]: the representation to `quote!` token streams (and Cargo.toml, README.md).
//! 5. [`format`](mod@format): token streams to text with prettyplease.
//! 6. [`write`](mod@write): files onto disk, or a diff against what is there.
//!
//! [`pipeline`] chains them ([`generate`], [`generate_timed`]). A stage imports only the
//! stages before it and the shared modules ([`error`], [`warning`], [`naming`], [`resolve`],
//! [`text`], [`options`], [`output`]); `tests/architecture.rs` checks it.

pub mod dir;
pub mod emit;
pub mod error;
pub mod examples;
pub mod format;
pub mod load;
pub mod model;
pub mod naming;
pub mod options;
pub mod output;
pub mod pipeline;
pub mod resolve;
pub mod text;
pub mod values;
pub mod warning;
pub mod write;

pub use dir::{DirError, Report, check_dir, generate_to_dir};
pub use error::{Error, Result};
pub use load::OverlaySource;
pub use options::Options;
pub use output::{File, Output, Stats};
pub use pipeline::{StageTimes, generate, generate_timed, generate_with_overlays};
pub use warning::{Warning, WarningKind};
