//! From files to a directory: the entry points the `openapi-rust-gen` command line, `cargo xtask
//! codegen`/`generate` and build scripts share.
//!
//! [`generate_to_dir`] reads a spec and its overlays, generates in memory and writes the crate
//! through [`crate::write`] (all of it or, on any failure, nothing); [`check_dir`] does the same
//! up to the comparison and writes nothing. Both return a [`Report`]. A failure is a
//! [`DirError`] whose variant says whose fault it was: the options, the document, the disk, or
//! the generator.
//!
//! # In a build script
//!
//! A build script runs after its package's dependencies are compiled, so a package cannot
//! generate a crate it depends on in its own build; what it can do is refuse to build against a
//! client that no longer matches its spec. In the `build.rs` of the package that depends on
//! the generated crate (with `openapi-rust-gen = { path = "...", default-features = false }`
//! under `[build-dependencies]`):
//!
//! ```no_run
//! use generator::{Options, check_dir, generate_to_dir, write::WriteOptions};
//! use std::path::{Path, PathBuf};
//!
//! fn main() -> Result<(), Box<dyn std::error::Error>> {
//!     let spec = Path::new("openapi.yaml");
//!     let overlays = [PathBuf::from("overlays/10-fixes.yaml")];
//!     let client = Path::new("petstore-client");
//!     println!("cargo::rerun-if-changed={}", spec.display());
//!     println!("cargo::rerun-if-changed={}", overlays[0].display());
//!     println!("cargo::rerun-if-env-changed=REGENERATE_CLIENT");
//!     // The same source and command as the run that wrote the crate: both are in its headers,
//!     // which the check compares too.
//!     let options = Options::new("petstore-client", "openapi.yaml", "build.rs");
//!     if std::env::var_os("REGENERATE_CLIENT").is_some() {
//!         let report = generate_to_dir(spec, &overlays, client, &options, &WriteOptions::default())?;
//!         let written = report.written.len();
//!         println!("cargo::warning={written} file(s) of the client rewritten: build again to compile them");
//!         return Ok(());
//!     }
//!     let report = check_dir(spec, &overlays, client, &options)?;
//!     if !report.is_fresh() {
//!         eprint!("{}", report.diff);
//!         return Err(format!("{} is stale: build once with REGENERATE_CLIENT=1", client.display()).into());
//!     }
//!     Ok(())
//! }
//! ```

use crate::error::Error;
use crate::write::{self, WriteOptions};
use crate::{Options, Output, OverlaySource, Stats, Warning};
use std::io;
use std::path::{Path, PathBuf};

/// Which input a file was read as.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Input {
    Spec,
    Overlay,
}

impl std::fmt::Display for Input {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Input::Spec => "spec",
            Input::Overlay => "overlay",
        })
    }
}

/// Why [`generate_to_dir`] or [`check_dir`] failed, by whose fault it was. Nothing was written
/// in every case (a failed write puts the previous output back).
#[derive(Debug, thiserror::Error)]
pub enum DirError {
    /// The spec or an overlay could not be read.
    #[error("{}: cannot read the {input}: {error}", path.display())]
    Read { input: Input, path: PathBuf, error: io::Error },
    /// An option the generator refuses before reading anything (the crate name).
    #[error(transparent)]
    Options(Error),
    /// The spec, or an overlay, is not a document the generator can use.
    #[error("{}", document_message(spec, error))]
    Document { spec: PathBuf, error: Error },
    /// The output could not be compared or written, or writing it was refused: hand-written
    /// files in the way ([`Error::HandWritten`]), symbolic links inside it, not a directory;
    /// or the system refused a thread to generate on.
    #[error(transparent)]
    Output(Error),
    /// A bug of the generator ([`Error::is_internal`]: generated code that does not parse).
    #[error(transparent)]
    Internal(Error),
}

/// Overlay errors name their overlay; every other document error is prefixed with the spec.
fn document_message(spec: &Path, error: &Error) -> String {
    match error {
        Error::Overlay { .. } => error.to_string(),
        _ => format!("{}: {error}", spec.display()),
    }
}

/// What a run did, or (for [`check_dir`]) would do, to the output directory.
#[derive(Debug)]
pub struct Report {
    /// The output directory, normalised as the write stage sees it.
    pub out: PathBuf,
    /// Every generated file, relative to `out` ([`write::MANIFEST`] not included).
    pub files: Vec<String>,
    /// Files created or overwritten (by [`check_dir`]: that would be), the manifest among them
    /// when its list changed.
    pub written: Vec<String>,
    /// Generated files (and the manifest) whose bytes on disk are already right.
    pub unchanged: Vec<String>,
    /// Stale generated files removed (that would be).
    pub removed: Vec<String>,
    /// Files the previous run wrote whose generated header was since removed by hand: kept.
    pub kept: Vec<String>,
    /// By [`check_dir`]: unified diffs of every difference. Empty after [`generate_to_dir`].
    pub diff: String,
    /// Suspect places of the document that were generated anyway.
    pub warnings: Vec<Warning>,
    pub stats: Stats,
}

impl Report {
    /// Whether the directory matched the document (for [`check_dir`]: nothing to write).
    pub fn is_fresh(&self) -> bool {
        self.written.is_empty() && self.removed.is_empty()
    }
}

/// Reads `spec` and `overlays` and generates in memory ([`crate::generate_with_overlays`]);
/// the overlays apply in the order given.
pub fn generate_from_paths(spec: &Path, overlays: &[PathBuf], options: &Options) -> Result<Output, DirError> {
    // The crate name first: a typo there should not wait for (or hide behind) the document.
    options.check_crate_name().map_err(DirError::Options)?;
    let text = read(Input::Spec, spec).map_err(|e| e.into_dir_error(spec))?;
    let overlays = overlays
        .iter()
        .map(|path| {
            let text = read(Input::Overlay, path).map_err(|e| e.into_dir_error(spec))?;
            Ok(OverlaySource { name: path.display().to_string(), text })
        })
        .collect::<Result<Vec<_>, DirError>>()?;
    crate::generate_with_overlays(&text, &overlays, options).map_err(|error| match error {
        Error::CrateName { .. } => DirError::Options(error),
        Error::Thread { .. } => DirError::Output(error),
        error if error.is_internal() => DirError::Internal(error),
        error => DirError::Document { spec: spec.to_owned(), error },
    })
}

/// Generates the crate for `spec` (with `overlays` applied in order) and brings `out` in line
/// with it: writes the files whose bytes changed, removes the generated files no longer
/// produced, and refuses to overwrite files it did not write unless `write.force` (see
/// [`crate::write`] for exactly what it may touch). All of it happens, or none of it.
pub fn generate_to_dir(
    spec: &Path,
    overlays: &[PathBuf],
    out: &Path,
    options: &Options,
    write: &WriteOptions,
) -> Result<Report, DirError> {
    check_out(out)?;
    let output = generate_from_paths(spec, overlays, options)?;
    let changes = write::write_with(out, &output.files, write, &write::RealFs).map_err(DirError::Output)?;
    Ok(report(out, output, changes))
}

/// Like [`generate_to_dir`], but writes nothing: the [`Report`] says what it would write and
/// remove, with a unified diff of each change. An output that does not exist yet is all new.
/// Hand-written files in the way are an error, as they would be for [`generate_to_dir`].
pub fn check_dir(spec: &Path, overlays: &[PathBuf], out: &Path, options: &Options) -> Result<Report, DirError> {
    check_out(out)?;
    let output = generate_from_paths(spec, overlays, options)?;
    let changes = write::compare(out, &output.files).map_err(DirError::Output)?;
    Ok(report(out, output, changes))
}

/// The name a crate gets when none is given: the spec's file name, in Cargo's rules, with
/// `-client`: `petstore-v3.yaml` becomes `petstore-v3-client`. Always a valid name.
pub fn default_crate_name(spec: &Path) -> String {
    const SUFFIX: &str = "-client";
    let stem = spec.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    let mut name: String =
        stem.chars().map(|c| if c.is_ascii_alphanumeric() { c.to_ascii_lowercase() } else { '-' }).collect();
    name = name.trim_matches('-').to_owned();
    if name.is_empty() || name.starts_with(|c: char| c.is_ascii_digit()) {
        name = format!("api-{name}");
    }
    // Cargo's limit is 64 characters; the name is ASCII by now, so bytes are characters.
    name.truncate(64 - SUFFIX.len());
    format!("{}{SUFFIX}", name.trim_end_matches('-'))
}

/// An output that exists and is not a directory is refused before any generation, so that a
/// wrong `--out` fails at once (the write stage checks again when it writes).
fn check_out(out: &Path) -> Result<(), DirError> {
    let out = write::normalize(out);
    match std::fs::metadata(&out) {
        Ok(meta) if !meta.is_dir() => Err(DirError::Output(Error::NotADirectory { path: out })),
        _ => Ok(()),
    }
}

/// A read failure before it knows which spec the document errors should name.
enum ReadFailure {
    Io { input: Input, path: PathBuf, error: io::Error },
    NotUtf8 { input: Input, path: PathBuf, valid_up_to: usize },
}

impl ReadFailure {
    fn into_dir_error(self, spec: &Path) -> DirError {
        match self {
            ReadFailure::Io { input, path, error } => DirError::Read { input, path, error },
            ReadFailure::NotUtf8 { input: Input::Spec, valid_up_to, .. } => DirError::Document {
                spec: spec.to_owned(),
                error: Error::Syntax {
                    format: "UTF-8",
                    location: format!("byte {valid_up_to}"),
                    message: "a document must be UTF-8 text".into(),
                },
            },
            ReadFailure::NotUtf8 { input: Input::Overlay, path, valid_up_to } => DirError::Document {
                spec: spec.to_owned(),
                error: Error::Overlay {
                    overlay: path.display().to_string(),
                    action: 0,
                    description: None,
                    message: format!("not valid UTF-8 at byte {valid_up_to}: an overlay must be UTF-8 text"),
                },
            },
        }
    }
}

/// The file as text; bytes that are not UTF-8 are the document's fault, not the disk's.
fn read(input: Input, path: &Path) -> Result<String, ReadFailure> {
    let bytes = std::fs::read(path).map_err(|error| ReadFailure::Io { input, path: path.to_owned(), error })?;
    String::from_utf8(bytes).map_err(|e| ReadFailure::NotUtf8 {
        input,
        path: path.to_owned(),
        valid_up_to: e.utf8_error().valid_up_to(),
    })
}

fn report(out: &Path, output: Output, changes: write::Changes) -> Report {
    let files: Vec<String> = output.files.iter().map(|f| f.path.clone()).collect();
    let unchanged = files
        .iter()
        .map(String::as_str)
        .chain([write::MANIFEST])
        .filter(|path| !changes.written.iter().any(|w| w == path))
        .map(str::to_owned)
        .collect();
    Report {
        out: write::normalize(out),
        files,
        written: changes.written,
        unchanged,
        removed: changes.removed,
        kept: changes.kept,
        diff: changes.diff,
        warnings: output.warnings,
        stats: output.stats,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_crate_names_follow_cargo_rules() {
        assert_eq!(default_crate_name("a/petstore-v3.yaml".as_ref()), "petstore-v3-client");
        assert_eq!(default_crate_name("1 api.json".as_ref()), "api-1-api-client");
        assert_eq!(default_crate_name("Été.yaml".as_ref()), "t-client");
        for spec in ["", ".yaml", "---.yaml", "self.yaml", "日本.yaml", &"x".repeat(300), &"-".repeat(70)] {
            let name = default_crate_name(spec.as_ref());
            let options = Options::new(&name, "", "");
            assert!(options.check_crate_name().is_ok(), "{spec:?} gave {name:?}");
        }
    }

    #[test]
    fn a_spec_that_is_not_utf8_is_a_document_error_naming_the_byte() {
        let dir = tempfile::tempdir().unwrap();
        let spec = dir.path().join("bad.yaml");
        std::fs::write(&spec, b"openapi: 3.1.0\n\xff\n").unwrap();
        let err = generate_from_paths(&spec, &[], &Options::new("a", "", "")).unwrap_err();
        assert!(matches!(err, DirError::Document { .. }), "{err:?}");
        assert_eq!(
            err.to_string(),
            format!("{}: byte 15: not valid UTF-8: a document must be UTF-8 text", spec.display())
        );
    }

    #[test]
    fn errors_say_whose_fault_they_are() {
        let dir = tempfile::tempdir().unwrap();
        let spec = dir.path().join("api.yaml");
        std::fs::write(&spec, "openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths: {}\n").unwrap();
        let options = Options::new("a", "", "");
        let missing = dir.path().join("missing.yaml");
        let err = generate_from_paths(&spec, std::slice::from_ref(&missing), &options).unwrap_err();
        assert!(matches!(&err, DirError::Read { input: Input::Overlay, path, .. } if *path == missing), "{err:?}");
        let err = generate_from_paths(&spec, &[], &Options::new("a.b", "", "")).unwrap_err();
        assert!(matches!(err, DirError::Options(Error::CrateName { .. })), "{err:?}");
        let err = generate_to_dir(&spec, &[], &spec, &options, &WriteOptions::default()).unwrap_err();
        assert!(matches!(err, DirError::Output(Error::NotADirectory { .. })), "{err:?}");
    }

    #[test]
    fn a_second_run_reports_every_file_unchanged() {
        let dir = tempfile::tempdir().unwrap();
        let spec = dir.path().join("api.yaml");
        std::fs::write(&spec, "openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths: {}\n").unwrap();
        let out = dir.path().join("out");
        let options = Options::new("a", "api.yaml", "test");
        let first = generate_to_dir(&spec, &[], &out, &options, &WriteOptions::default()).unwrap();
        assert!(!first.is_fresh());
        assert_eq!(first.written.len(), first.files.len() + 1, "every file and the manifest");
        let check = check_dir(&spec, &[], &out, &options).unwrap();
        assert!(check.is_fresh() && check.diff.is_empty(), "{}", check.diff);
        assert_eq!(check.unchanged.len(), check.files.len() + 1);
    }
}
