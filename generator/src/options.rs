//! What the caller decides about the crate being generated, read by every stage.

use crate::error::{Error, Result};
use crate::output::MARKER;
use crate::warning::WarningKind;

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
    /// Refuse the document instead of degrading: any warning of a kind in [`STRICT_KINDS`]
    /// (a place left out, untyped or loosened) makes generation fail with
    /// [`Error::Strict`], listing them.
    pub strict: bool,
}

/// The warnings that say the client is less than the document describes, which
/// [`Options::strict`] refuses. Unused schemas and ignored keywords are not among them: the
/// client is all the document asks of it.
pub const STRICT_KINDS: [WarningKind; 3] = [WarningKind::LeftOut, WarningKind::Untyped, WarningKind::Loosened];

impl Options {
    pub fn new(crate_name: impl Into<String>, source: impl Into<String>, command: impl Into<String>) -> Options {
        Options {
            crate_name: crate_name.into(),
            source: source.into(),
            command: command.into(),
            example_tests: false,
            strict: false,
        }
    }

    /// Fails unless the crate name follows Cargo's rules for a package (ASCII letters, digits,
    /// `-` and `_`, not starting with a digit, at most 64 characters) and its library name is
    /// a usable Rust identifier: the name is interpolated into `Cargo.toml` and into Rust
    /// paths, where anything else breaks the crate or panics the emitter.
    pub fn check_crate_name(&self) -> Result<()> {
        let name = &self.crate_name;
        let fail = |reason: &str| Err(Error::CrateName { name: name.clone(), reason: reason.to_owned() });
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
    /// [`MARKER`], by which the write stage tells its own files from everyone else's; line
    /// breaks in the source or command cannot split it.
    pub fn header(&self) -> String {
        let one_line = |s: &str| s.chars().map(|c| if c.is_control() { ' ' } else { c }).collect::<String>();
        format!(
            "{MARKER} from {} by `{}`. Do not edit: changes are overwritten.",
            one_line(&self.source),
            one_line(&self.command)
        )
    }
}
