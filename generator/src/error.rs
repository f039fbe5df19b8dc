//! Everything that can go wrong while turning a document into a crate.
//!
//! Each variant names the place in the spec: a JSON pointer (`#/paths/~1tasks/get`) and,
//! where the parser knows it, a line and column.

use std::path::PathBuf;

/// A generator failure. `Display` is the one-line message a user sees after `error: `.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{}: cannot read: {source}", path.display())]
    Read {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{}: cannot write: {source}", path.display())]
    Write {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// The write stage found files in the output that this generator did not write and would
    /// have to overwrite; nothing was written.
    #[error(
        "{}: refusing to overwrite {} file(s) without the `{}` header (not written by this generator): {}; nothing was written",
        dir.display(), files.len(), crate::output::MARKER, files.join(", ")
    )]
    HandWritten { dir: PathBuf, files: Vec<String> },
    /// The write stage would have written or removed through a symbolic link inside the output
    /// folder, that is, possibly outside it; nothing was written.
    #[error(
        "refusing to write through symbolic link(s) inside the output folder: {}; nothing was written",
        paths.iter().map(|p| p.display().to_string()).collect::<Vec<_>>().join(", ")
    )]
    Symlink { paths: Vec<PathBuf> },
    #[error("{}: the output exists and is not a directory", path.display())]
    NotADirectory { path: PathBuf },
    /// A write failed and putting the previous output back failed too.
    #[error(
        "{failure}; restoring the previous output failed too ({}){}",
        problems.join("; "),
        backup.as_ref().map(|b| format!("; the files moved aside are kept in {}", b.display())).unwrap_or_default()
    )]
    Rollback { failure: Box<Error>, problems: Vec<String>, backup: Option<PathBuf> },
    /// A crate name Cargo (or Rust, as the library's name) would not accept.
    #[error("crate name `{}`: {reason}", name.escape_debug())]
    CrateName { name: String, reason: String },
    /// The text is not YAML or JSON at all.
    #[error("{location}: not valid {format}: {message}")]
    Syntax { format: &'static str, location: String, message: String },
    /// The document is beyond a resource limit (YAML aliases expanding past their bound).
    #[error("{location}: {message}")]
    Limit { location: String, message: String },
    /// The document parses but something in it is not what OpenAPI allows.
    #[error("{pointer}: {message}")]
    Invalid { pointer: String, message: String },
    /// A `$ref` that points nowhere (or somewhere this generator cannot follow).
    #[error("{pointer}: cannot resolve `$ref: {reference}`: {reason}")]
    Reference { pointer: String, reference: String, reason: String },
    /// An OpenAPI Overlay that cannot be applied.
    #[error("{overlay}: action {action}{}: {message}", describe(description))]
    Overlay {
        overlay: String,
        /// 1-based index of the action in `actions`.
        action: usize,
        description: Option<String>,
        message: String,
    },
    /// [`Options::strict`](crate::Options::strict): the document could be generated only by
    /// degrading these places (left out, untyped or loosened); nothing was generated.
    #[error(
        "{} place(s) could be generated only by degrading them, refused by --strict:\n{}",
        .0.len(), .0.iter().map(|w| format!("  {w}")).collect::<Vec<_>>().join("\n")
    )]
    Strict(Vec<crate::warning::Warning>),
    /// Several independent problems, each reported in full.
    #[error("{} problems:\n{}", .0.len(), .0.iter().map(|e| format!("  {e}")).collect::<Vec<_>>().join("\n"))]
    Many(Vec<Error>),
    /// The generation thread (which has a large stack of its own) could not be started: the
    /// system is out of memory or threads.
    #[error("cannot start the generation thread: {source}")]
    Thread {
        #[source]
        source: std::io::Error,
    },
    /// Generated tokens did not parse back as Rust: a generator bug, never the user's.
    #[error("internal error: generated `{file}` is not valid Rust ({message}); please report it")]
    InvalidRust { file: String, message: String },
    /// An emitter produced more items of a file (a part) that does not follow the file they
    /// belong to: a generator bug in the order of jobs.
    #[error("internal error: items of `{file}` were emitted apart from the file; please report it")]
    OrphanPart { file: String },
}

impl Error {
    /// Whether this is a bug of the generator rather than a problem of the input or the
    /// system: what tests and fuzzers look for.
    pub fn is_internal(&self) -> bool {
        match self {
            Error::InvalidRust { .. } | Error::OrphanPart { .. } => true,
            Error::Many(errors) => errors.iter().any(Error::is_internal),
            _ => false,
        }
    }

    pub(crate) fn invalid(pointer: impl Into<String>, message: impl Into<String>) -> Self {
        Error::Invalid { pointer: pointer.into(), message: message.into() }
    }
}

fn describe(description: &Option<String>) -> String {
    description.as_deref().map(|d| format!(" ({d})")).unwrap_or_default()
}

impl Error {
    /// One error for a list of independent ones (`None` when there are none).
    pub(crate) fn collect(errors: Vec<Error>) -> Option<Error> {
        let mut errors: Vec<Error> = errors
            .into_iter()
            .flat_map(|e| match e {
                Error::Many(inner) => inner,
                other => vec![other],
            })
            .collect();
        match errors.len() {
            0 => None,
            1 => errors.pop(),
            _ => Some(Error::Many(errors)),
        }
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Builds JSON pointers (RFC 6901, in URI-fragment form) as the generator walks the document.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Pointer(pub(crate) String);

impl Pointer {
    pub fn root() -> Self {
        Pointer("#".to_owned())
    }

    /// The pointer one level down, escaping `~` and `/` in the key.
    pub fn join(&self, key: impl AsRef<str>) -> Self {
        Pointer(format!("{}/{}", self.0, Pointer::escape(key.as_ref())))
    }

    /// A key as a pointer segment: `~` becomes `~0` and `/` becomes `~1` (RFC 6901).
    pub fn escape(key: &str) -> String {
        key.replace('~', "~0").replace('/', "~1")
    }

    /// A pointer segment back to its key: the inverse of [`Pointer::escape`]. A `~` followed
    /// by anything but `0` or `1` is kept as written.
    pub fn unescape(segment: &str) -> String {
        let mut key = String::with_capacity(segment.len());
        let mut chars = segment.chars().peekable();
        while let Some(c) = chars.next() {
            match (c, chars.peek()) {
                ('~', Some('0')) => {
                    chars.next();
                    key.push('~');
                }
                ('~', Some('1')) => {
                    chars.next();
                    key.push('/');
                }
                _ => key.push(c),
            }
        }
        key
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for Pointer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl From<Pointer> for String {
    fn from(p: Pointer) -> String {
        p.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pointer_escapes_slash_and_tilde() {
        let p = Pointer::root().join("paths").join("/tasks/{id}").join("a~b");
        assert_eq!(p.as_str(), "#/paths/~1tasks~1{id}/a~0b");
    }

    #[test]
    fn pointer_segments_round_trip() {
        for key in ["", "plain", "/tasks/{id}", "a~b", "~1", "~0", "~01", "~~/", "application/vnd.api+json", "é~/"] {
            assert_eq!(Pointer::unescape(&Pointer::escape(key)), key, "{key}");
        }
        // `~01` is `~1` escaped: the `~0` is read first, so the key is `~1`, never `~/`.
        assert_eq!(Pointer::unescape("~01"), "~1");
        assert_eq!(Pointer::unescape("a~1b~0c"), "a/b~c");
        assert_eq!(Pointer::unescape("~2~"), "~2~");
    }
}
