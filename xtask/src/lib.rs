//! The project's tasks, as a library so that tests can run them in-process.

pub mod bench;
pub mod cli;
pub mod corpus;
mod reference;

use generator::{File, Options, Output, OverlaySource};
use std::path::{Path, PathBuf};

/// The workspace root (the parent of `xtask/`).
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("xtask lives in the workspace").to_owned()
}

/// Where `cargo xtask codegen` reads and writes, relative to the root.
pub const SPEC: &str = "spec/openapi.yaml";
pub const OVERLAYS: &str = "spec/overlays";
pub const CLIENT_DIR: &str = "generated-client";
pub const CLIENT_CRATE: &str = "factpulse-client";

/// A failure of a task, printed as `error: ...`.
#[derive(Debug)]
pub struct TaskError(pub String);

impl std::fmt::Display for TaskError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

fn read(path: &Path) -> Result<String, TaskError> {
    std::fs::read_to_string(path).map_err(|e| TaskError(format!("{}: cannot read: {e}", path.display())))
}

/// Generates a crate from the spec at `spec` with `overlays` applied, in memory. Errors name
/// the spec file (overlay errors name the overlay).
pub fn generate_files(spec: &Path, overlays: &[PathBuf], options: &Options) -> Result<Output, TaskError> {
    let text = read(spec)?;
    let overlays = overlays
        .iter()
        .map(|path| Ok(OverlaySource { name: path.display().to_string(), text: read(path)? }))
        .collect::<Result<Vec<_>, TaskError>>()?;
    generator::generate_with_overlays(&text, &overlays, options).map_err(|e| match e {
        generator::Error::Overlay { .. } | generator::Error::CrateName { .. } => TaskError(e.to_string()),
        _ => TaskError(format!("{}: {e}", spec.display())),
    })
}

/// The overlays of `spec/overlays/`, in file-name order.
pub fn project_overlays() -> Result<Vec<PathBuf>, TaskError> {
    let dir = root().join(OVERLAYS);
    let mut paths: Vec<PathBuf> = match std::fs::read_dir(&dir) {
        Ok(entries) => entries.flatten().map(|e| e.path()).collect(),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Vec::new(),
        Err(e) => return Err(TaskError(format!("{}: cannot list: {e}", dir.display()))),
    };
    paths.retain(|p| matches!(p.extension().and_then(|e| e.to_str()), Some("yaml" | "yml" | "json")));
    paths.sort();
    Ok(paths)
}

/// The options `cargo xtask codegen` generates `generated-client/` with.
pub fn codegen_options() -> Options {
    Options {
        example_tests: true,
        ..Options::new(CLIENT_CRATE, format!("{SPEC} with the overlays of {OVERLAYS}/"), "cargo xtask codegen")
    }
}

/// How many examples became tests, and why the others did not.
pub fn print_examples(stats: &generator::Stats) {
    let invalid = stats.examples_invalid.len();
    println!("examples: {} found, {} invalid, {} tests", stats.examples_found, invalid, stats.examples_found - invalid);
    for reason in &stats.examples_invalid {
        println!("  invalid example {reason}");
    }
}

/// The files `cargo xtask codegen` produces for `generated-client/`.
pub fn codegen_files() -> Result<Vec<File>, TaskError> {
    let output = generate_files(&root().join(SPEC), &project_overlays()?, &codegen_options())?;
    print_warnings(&output);
    print_examples(&output.stats);
    Ok(output.files)
}

fn print_warnings(output: &Output) {
    for warning in &output.warnings {
        eprintln!("warning: {warning}");
    }
}

/// `cargo xtask codegen [--check]`.
pub fn codegen(check: bool) -> Result<(), TaskError> {
    let files = codegen_files()?;
    let dir = root().join(CLIENT_DIR);
    let io = |e: generator::Error| TaskError(e.to_string());
    if check {
        let changes = generator::write::compare(&dir, &files).map_err(io)?;
        if changes.is_empty() {
            println!("{CLIENT_DIR}/ is up to date with {SPEC}");
            return Ok(());
        }
        print!("{}", changes.diff);
        return Err(TaskError(format!(
            "{CLIENT_DIR}/ is stale ({} file(s) differ, {} to remove): run `cargo xtask codegen`",
            changes.written.len(),
            changes.removed.len()
        )));
    }
    let changes = generator::write::write(&dir, &files).map_err(io)?;
    print_kept(&changes);
    println!(
        "{CLIENT_DIR}/: {} file(s) generated, {} written, {} removed",
        files.len(),
        changes.written.len(),
        changes.removed.len()
    );
    Ok(())
}

/// `cargo xtask test`: the workspace's tests, doc tests included, and the end-to-end suite
/// against the FastAPI reference server, which runs for the duration of the tests only.
pub fn test() -> Result<(), TaskError> {
    let server = reference::start()?;
    println!("reference server: {}", server.url);
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let status = std::process::Command::new(cargo)
        .args(["test", "--workspace", "--features", "client-tests/reference-server"])
        .env("FACTPULSE_REFERENCE_URL", &server.url)
        .current_dir(root())
        .status()
        .map_err(|e| TaskError(format!("cannot run cargo: {e}")))?;
    drop(server);
    if status.success() { Ok(()) } else { Err(TaskError("tests failed".into())) }
}

/// Files a user took the generated header out of: kept, but worth saying.
fn print_kept(changes: &generator::write::Changes) {
    for path in &changes.kept {
        eprintln!("warning: {path}: kept, since its `{}` header was removed by hand", generator::write::MARKER);
    }
}

/// `cargo xtask generate --spec FILE --out DIR [--crate-name NAME] [--force]`.
pub fn generate(
    spec: &Path,
    overlays: &[PathBuf],
    out: &Path,
    crate_name: Option<&str>,
    example_tests: bool,
    force: bool,
) -> Result<(), TaskError> {
    let crate_name = match crate_name {
        Some(name) => name.to_owned(),
        None => default_crate_name(spec),
    };
    let source = spec.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let options = Options { example_tests, ..Options::new(crate_name, source, "cargo xtask generate") };
    let output = generate_files(spec, overlays, &options)?;
    print_warnings(&output);
    if example_tests {
        print_examples(&output.stats);
    }
    let files = output.files;
    let options = generator::write::WriteOptions { force };
    let changes =
        generator::write::write_with(out, &files, &options, &generator::write::RealFs).map_err(|e| match e {
            generator::Error::HandWritten { .. } => TaskError(format!("{e}; pass --force to overwrite them")),
            e => TaskError(e.to_string()),
        })?;
    print_kept(&changes);
    println!(
        "{}: {} file(s), {} written, {} removed",
        out.display(),
        files.len(),
        changes.written.len(),
        changes.removed.len()
    );
    Ok(())
}

/// `petstore-v3.yaml` becomes `petstore-v3-client`.
fn default_crate_name(spec: &Path) -> String {
    let stem = spec.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    let mut name: String =
        stem.chars().map(|c| if c.is_ascii_alphanumeric() { c.to_ascii_lowercase() } else { '-' }).collect();
    name = name.trim_matches('-').to_owned();
    if name.is_empty() || name.starts_with(|c: char| c.is_ascii_digit()) {
        name = format!("api-{name}");
    }
    format!("{}-client", name.trim_end_matches('-'))
}

#[cfg(test)]
mod tests {
    #[test]
    fn crate_names_from_file_names() {
        assert_eq!(super::default_crate_name("a/petstore-v3.yaml".as_ref()), "petstore-v3-client");
        assert_eq!(super::default_crate_name("1 api.json".as_ref()), "api-1-api-client");
    }
}
