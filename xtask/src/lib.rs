//! The project's tasks, as a library so that tests can run them in-process.

pub mod bench;
pub mod cli;
pub mod conformance;
pub mod corpus;
mod reference;

use generator::write::WriteOptions;
use generator::{File, Options, Output};
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

/// Generates a crate from the spec at `spec` with `overlays` applied, in memory. Errors name
/// the spec file (overlay errors name the overlay).
pub fn generate_files(spec: &Path, overlays: &[PathBuf], options: &Options) -> Result<Output, TaskError> {
    generator::dir::generate_from_paths(spec, overlays, options).map_err(|e| TaskError(e.to_string()))
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

/// The options `cargo xtask codegen` generates `generated-client/` with. Strict: the committed
/// SDK must be all the document says, so a degradation is a failure here, not a warning.
pub fn codegen_options() -> Options {
    Options {
        example_tests: true,
        strict: true,
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
    print_warnings(&output.warnings);
    print_examples(&output.stats);
    Ok(output.files)
}

fn print_warnings(warnings: &[generator::Warning]) {
    for warning in warnings {
        eprintln!("warning: {warning}");
    }
}

/// `cargo xtask codegen [--check]`.
pub fn codegen(check: bool) -> Result<(), TaskError> {
    let spec = root().join(SPEC);
    let overlays = project_overlays()?;
    let dir = root().join(CLIENT_DIR);
    let options = codegen_options();
    let error = |e: generator::DirError| TaskError(e.to_string());
    if check {
        let report = generator::check_dir(&spec, &overlays, &dir, &options).map_err(error)?;
        print_warnings(&report.warnings);
        print_examples(&report.stats);
        if report.is_fresh() {
            println!("{CLIENT_DIR}/ is up to date with {SPEC}");
            return Ok(());
        }
        print!("{}", report.diff);
        return Err(TaskError(format!(
            "{CLIENT_DIR}/ is stale ({} file(s) differ, {} to remove): run `cargo xtask codegen`",
            report.written.len(),
            report.removed.len()
        )));
    }
    let report =
        generator::generate_to_dir(&spec, &overlays, &dir, &options, &WriteOptions::default()).map_err(error)?;
    print_warnings(&report.warnings);
    print_examples(&report.stats);
    print_kept(&report);
    println!(
        "{CLIENT_DIR}/: {} file(s) generated, {} written, {} removed",
        report.files.len(),
        report.written.len(),
        report.removed.len()
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
fn print_kept(report: &generator::Report) {
    for path in &report.kept {
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
    let crate_name = crate_name.map_or_else(|| generator::dir::default_crate_name(spec), str::to_owned);
    let source = spec.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let options = Options { example_tests, ..Options::new(crate_name, source, "cargo xtask generate") };
    let write = WriteOptions { force };
    let report = generator::generate_to_dir(spec, overlays, out, &options, &write).map_err(|e| match e {
        generator::DirError::Output(generator::Error::HandWritten { .. }) => {
            TaskError(format!("{e}; pass --force to overwrite them"))
        }
        e => TaskError(e.to_string()),
    })?;
    print_warnings(&report.warnings);
    if example_tests {
        print_examples(&report.stats);
    }
    print_kept(&report);
    println!(
        "{}: {} file(s), {} written, {} removed",
        out.display(),
        report.files.len(),
        report.written.len(),
        report.removed.len()
    );
    Ok(())
}
