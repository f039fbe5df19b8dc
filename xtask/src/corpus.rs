//! `cargo xtask corpus`: the generator over every real-world spec in `../shared/specs`, each
//! generated crate then checked by `cargo clippy` in one scratch workspace outside the repo
//! (one target directory, so dependencies build once).

use crate::{TaskError, root};
use generator::Options;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

pub struct CorpusArgs {
    pub dir: Option<PathBuf>,
    pub only: Vec<String>,
    pub jobs: Option<usize>,
    /// Also compile and run the crates' doc tests (every method's example).
    pub doc: bool,
    /// Also generate and run each crate's example round trips (tests/examples/).
    pub example_tests: bool,
    /// Also check each crate with only its first tag feature on (`--no-default-features`).
    pub one_feature: bool,
}

/// Below this share of passing round trips (over valid examples) the corpus fails.
const EXAMPLE_PASS_RATE: f64 = 0.99;

/// One spec's row in the report.
#[derive(Default)]
struct Row {
    generated: bool,
    generation_ms: u128,
    operations: usize,
    types: usize,
    fallbacks: usize,
    spec_warnings: usize,
    compiled: Option<bool>,
    warnings: usize,
    first_error: Option<String>,
    examples: Examples,
}

#[derive(Default, Clone, Copy)]
struct Examples {
    found: usize,
    invalid: usize,
    passed: usize,
    failed: usize,
}

pub fn default_dir() -> PathBuf {
    root().join("../shared/specs")
}

pub fn run(args: CorpusArgs) -> Result<(), TaskError> {
    let dir = args.dir.unwrap_or_else(default_dir);
    if !dir.is_dir() {
        return Err(TaskError(format!(
            "{}: no such folder. The corpus is the read-only collection of real-world specs in \
             ../shared/specs next to the project; pass --dir to use another one",
            dir.display()
        )));
    }
    let specs = list_specs(&dir, &args.only)?;
    if specs.is_empty() {
        return Err(TaskError(format!("{}: no spec matches", dir.display())));
    }
    // One scratch workspace per corpus folder, so runs over different folders do not mix.
    let folder = dir.canonicalize().unwrap_or(dir.clone());
    let label: String =
        folder.to_string_lossy().chars().map(|c| if c.is_ascii_alphanumeric() { c } else { '-' }).collect();
    let scratch = std::env::temp_dir().join("openapi-rust-gen-corpus").join(label.trim_matches('-'));
    std::fs::create_dir_all(&scratch).map_err(|e| TaskError(format!("{}: {e}", scratch.display())))?;

    let mut rows: BTreeMap<String, Row> = BTreeMap::new();
    let mut members = Vec::new();
    for spec in &specs {
        let name = crate_stem(spec);
        let mut row = Row::default();
        let source = spec.file_name().unwrap_or_default().to_string_lossy().into_owned();
        let options = Options {
            example_tests: args.example_tests,
            ..Options::new(format!("corpus-{name}"), source, "cargo xtask corpus")
        };
        let started = Instant::now();
        let outcome = crate::generate_files(spec, &[], &options);
        row.generation_ms = started.elapsed().as_millis();
        match outcome {
            Ok(output) => {
                row.generated = true;
                row.operations = output.stats.operations;
                row.types = output.stats.types;
                row.fallbacks = output.stats.json_fallbacks.len();
                row.spec_warnings = output.warnings.len();
                row.examples.found = output.stats.examples_found;
                row.examples.invalid = output.stats.examples_invalid.len();
                let invalid = output.stats.examples_invalid.join("\n");
                let path = scratch.join(format!("{name}.invalid-examples.txt"));
                std::fs::write(&path, invalid).map_err(|e| TaskError(format!("{}: {e}", path.display())))?;
                generator::write::write(&scratch.join(&name), &output.files).map_err(|e| TaskError(e.to_string()))?;
                members.push(name.clone());
            }
            Err(e) => row.first_error = Some(e.to_string()),
        }
        rows.insert(name, row);
    }

    if !members.is_empty() {
        check(&scratch, &members, args.jobs, &mut rows)?;
    }
    let doc_failed = args.doc && !members.is_empty() && !doc_tests(&scratch)?;
    if args.one_feature && !members.is_empty() {
        one_feature(&scratch, &members, &mut rows)?;
    }
    if args.example_tests && !members.is_empty() {
        example_tests(&scratch, &members, &mut rows)?;
    }
    print(&rows, args.example_tests);
    println!("compiler output per spec: {}/<spec>.diagnostics.txt", scratch.display());
    let failed = rows.values().filter(|r| !passed(r)).count();
    println!("corpus: {} passed, {} failed", rows.len() - failed, failed);
    let examples_short = args.example_tests.then(|| print_example_total(&rows, &scratch)).flatten();
    if failed > 0 {
        Err(TaskError(format!("{failed} spec(s) failed")))
    } else if doc_failed {
        Err(TaskError("the generated crates' doc tests failed (see above)".into()))
    } else if let Some(message) = examples_short {
        Err(TaskError(message))
    } else {
        Ok(())
    }
}

/// The total line of the example round trips; `Some(reason)` when the pass rate is too low.
fn print_example_total(rows: &BTreeMap<String, Row>, scratch: &Path) -> Option<String> {
    let mut total = Examples::default();
    for r in rows.values() {
        total.found += r.examples.found;
        total.invalid += r.examples.invalid;
        total.passed += r.examples.passed;
        total.failed += r.examples.failed;
    }
    let ran = total.passed + total.failed;
    let rate = if ran == 0 { 1.0 } else { total.passed as f64 / ran as f64 };
    println!(
        "examples: {} found, {} invalid, {} passed, {} failed ({:.2}% of valid examples round-trip)",
        total.found,
        total.invalid,
        total.passed,
        total.failed,
        rate * 100.0
    );
    println!(
        "invalid examples and failed round trips per spec: {0}/<spec>.invalid-examples.txt, {0}/<spec>.examples.txt",
        scratch.display()
    );
    (rate < EXAMPLE_PASS_RATE)
        .then(|| format!("{:.2}% of valid examples round-trip, below {:.0}%", rate * 100.0, EXAMPLE_PASS_RATE * 100.0))
}

/// Builds every crate's `tests/examples/` at once, then runs each crate's binary alone so
/// that its counts are its own.
fn example_tests(scratch: &Path, members: &[String], rows: &mut BTreeMap<String, Row>) -> Result<(), TaskError> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let cargo_test = |extra: &[&str]| {
        let mut command = Command::new(&cargo);
        command
            .args(["test", "--test", "examples", "--quiet"])
            .args(extra)
            .env("CARGO_TARGET_DIR", root().join("target/corpus"))
            .current_dir(scratch);
        command
    };
    // Crates that do not compile have no tests to run; `--keep-going` builds the others.
    let _ = cargo_test(&["--workspace", "--no-run", "--no-fail-fast"]).stdout(Stdio::null()).status();
    for member in members {
        let row = rows.get_mut(member).expect("member has a row");
        if row.examples.found == row.examples.invalid {
            continue;
        }
        let package = format!("corpus-{member}");
        let output = cargo_test(&["-p", &package, "--no-fail-fast"])
            .output()
            .map_err(|e| TaskError(format!("cannot run cargo test: {e}")))?;
        let stdout = String::from_utf8_lossy(&output.stdout);
        let (passed, failed) = test_counts(&stdout);
        row.examples.passed = passed;
        row.examples.failed = failed;
        if passed + failed == 0 {
            row.examples.failed = row.examples.found - row.examples.invalid;
        }
        let report = format!("{stdout}\n{}", String::from_utf8_lossy(&output.stderr));
        let path = scratch.join(format!("{member}.examples.txt"));
        std::fs::write(&path, report).map_err(|e| TaskError(format!("{}: {e}", path.display())))?;
    }
    Ok(())
}

/// `cargo clippy -D warnings` of each crate with only its first tag feature: the models that
/// tag does not reach must compile out cleanly.
fn one_feature(scratch: &Path, members: &[String], rows: &mut BTreeMap<String, Row>) -> Result<(), TaskError> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    for member in members {
        let manifest = std::fs::read_to_string(scratch.join(member).join("Cargo.toml")).unwrap_or_default();
        let Some(feature) = manifest
            .split("[features]\n")
            .nth(1)
            .and_then(|section| section.lines().nth(1))
            .and_then(|line| line.split_once(" = "))
            .map(|(name, _)| name.to_owned())
        else {
            continue;
        };
        let output = Command::new(&cargo)
            .args(["clippy", "--quiet", "--no-default-features", "--features", &feature, "-p"])
            .arg(format!("corpus-{member}"))
            .args(["--", "-D", "warnings"])
            .env("CARGO_TARGET_DIR", root().join("target/corpus"))
            .current_dir(scratch)
            .output()
            .map_err(|e| TaskError(format!("cannot run cargo clippy: {e}")))?;
        let row = rows.get_mut(member).expect("member has a row");
        if !output.status.success() && row.first_error.is_none() {
            let stderr = String::from_utf8_lossy(&output.stderr);
            let first: String = stderr.lines().filter(|l| !l.trim().is_empty()).take(3).collect::<Vec<_>>().join(" | ");
            row.first_error = Some(format!("with only feature `{feature}`: {first}"));
        }
    }
    Ok(())
}

/// Passed and failed counts from libtest's `test result:` line.
fn test_counts(stdout: &str) -> (usize, usize) {
    let Some(line) = stdout.lines().find(|l| l.starts_with("test result:")) else { return (0, 0) };
    let count = |label: &str| {
        line.split(';')
            .find(|part| part.trim_end().ends_with(label))
            .and_then(|part| part.split_whitespace().rev().nth(1))
            .and_then(|n| n.parse().ok())
            .unwrap_or(0)
    };
    (count("passed"), count("failed"))
}

fn passed(row: &Row) -> bool {
    row.generated && row.compiled == Some(true) && row.warnings == 0 && row.first_error.is_none()
}

fn list_specs(dir: &Path, only: &[String]) -> Result<Vec<PathBuf>, TaskError> {
    let entries = std::fs::read_dir(dir).map_err(|e| TaskError(format!("{}: {e}", dir.display())))?;
    let mut specs: Vec<PathBuf> = entries
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.is_file() && matches!(p.extension().and_then(|e| e.to_str()), Some("yaml" | "yml" | "json")))
        .filter(|p| only.is_empty() || only.iter().any(|o| crate_stem(p) == crate_stem(Path::new(o))))
        .collect();
    specs.sort();
    Ok(specs)
}

/// `oai-petstore.yaml` becomes `oai-petstore`.
fn crate_stem(spec: &Path) -> String {
    let stem = spec.file_stem().unwrap_or_default().to_string_lossy().to_ascii_lowercase();
    stem.chars().map(|c| if c.is_ascii_alphanumeric() { c } else { '-' }).collect()
}

/// `cargo clippy` over the scratch workspace, with the result of each crate from cargo's JSON
/// messages.
fn check(
    scratch: &Path,
    members: &[String],
    jobs: Option<usize>,
    rows: &mut BTreeMap<String, Row>,
) -> Result<(), TaskError> {
    let list: Vec<String> = members.iter().map(|m| format!("\"{m}\"")).collect();
    // No debug info and no incremental data: the crates are built once, not debugged, and 43
    // crates of incremental caches fill tens of gigabytes.
    let manifest = format!(
        "[workspace]\nresolver = \"2\"\nmembers = [{}]\n\n[profile.dev]\ndebug = 0\nincremental = false\n",
        list.join(", ")
    );
    std::fs::write(scratch.join("Cargo.toml"), manifest).map_err(|e| TaskError(e.to_string()))?;
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let mut command = Command::new(cargo);
    command
        .args(["clippy", "--workspace", "--all-targets", "--keep-going", "--message-format=json", "--quiet"])
        .env("CARGO_TARGET_DIR", root().join("target/corpus"))
        .current_dir(scratch)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    if let Some(jobs) = jobs {
        command.args(["--jobs", &jobs.to_string()]);
    }
    let output = command.output().map_err(|e| TaskError(format!("cannot run cargo clippy: {e}")))?;
    let by_lib: BTreeMap<String, String> =
        members.iter().map(|m| (format!("corpus_{}", m.replace('-', "_")), m.clone())).collect();
    // A crate compiled when cargo produced its library; errors are attributed below.
    for m in members {
        rows.get_mut(m).expect("member has a row").compiled = Some(false);
    }
    let mut diagnostics: BTreeMap<String, String> = BTreeMap::new();
    for line in String::from_utf8_lossy(&output.stdout).lines() {
        let Ok(message) = serde_json::from_str::<serde_json::Value>(line) else { continue };
        let target = message["target"]["name"].as_str().unwrap_or_default();
        let Some(member) = by_lib.get(target) else { continue };
        let row = rows.get_mut(member).expect("member has a row");
        if message["reason"] == "compiler-artifact" && row.first_error.is_none() {
            row.compiled = Some(true);
            continue;
        }
        if message["reason"] != "compiler-message" {
            continue;
        }
        if let Some(rendered) = message["message"]["rendered"].as_str() {
            diagnostics.entry(member.clone()).or_default().push_str(rendered);
        }
        match message["message"]["level"].as_str() {
            Some("warning") if message["message"]["code"].is_object() || !is_summary(&message) => row.warnings += 1,
            Some("error") if !is_summary(&message) && row.first_error.is_none() => {
                let rendered = message["message"]["rendered"].as_str().unwrap_or_default();
                row.first_error = Some(rendered.lines().take(3).collect::<Vec<_>>().join(" | "));
            }
            _ => {}
        }
    }
    // A failure cargo reports before compiling anything (a bad manifest) belongs to no crate.
    if !output.status.success() && rows.values().all(|r| r.first_error.is_none()) {
        let stderr = String::from_utf8_lossy(&output.stderr);
        let cause: String = stderr.lines().filter(|l| !l.trim().is_empty()).take(4).collect::<Vec<_>>().join(" | ");
        for m in members {
            let row = rows.get_mut(m).expect("member has a row");
            if row.compiled != Some(true) {
                row.compiled = Some(false);
                row.first_error = Some(format!("cargo failed: {cause}"));
            }
        }
    }
    // The full compiler output of each crate, for whoever investigates a failure.
    for member in members {
        let path = scratch.join(format!("{member}.diagnostics.txt"));
        let text = diagnostics.remove(member).unwrap_or_default();
        std::fs::write(&path, text).map_err(|e| TaskError(format!("{}: {e}", path.display())))?;
    }
    Ok(())
}

/// `cargo test --doc` over the scratch workspace: every generated example must compile.
fn doc_tests(scratch: &Path) -> Result<bool, TaskError> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let status = Command::new(cargo)
        .args(["test", "--doc", "--workspace", "--quiet"])
        .env("CARGO_TARGET_DIR", root().join("target/corpus"))
        .current_dir(scratch)
        .status()
        .map_err(|e| TaskError(format!("cannot run cargo test: {e}")))?;
    Ok(status.success())
}

/// "N warnings emitted" and "aborting due to" lines are summaries, not diagnostics.
fn is_summary(message: &serde_json::Value) -> bool {
    let text = message["message"]["message"].as_str().unwrap_or_default();
    text.contains("warning emitted")
        || text.contains("warnings emitted")
        || text.starts_with("aborting due to")
        || text.contains("could not compile")
}

fn print(rows: &BTreeMap<String, Row>, examples: bool) {
    let example_header = if examples {
        format!(" {:>8} {:>8} {:>8} {:>8}", "examples", "invalid", "passed", "failed")
    } else {
        String::new()
    };
    println!(
        "{:<26} {:>9} {:>8} {:>8} {:>6} {:>5} {:>9} {:>8} {:>8}{example_header}  first error",
        "spec", "generated", "compiled", "warnings", "ms", "ops", "types", "Value", "spec-warn"
    );
    for (name, r) in rows {
        let yes = |b: bool| if b { "yes" } else { "no" };
        let e = r.examples;
        let example_columns = if examples {
            format!(" {:>8} {:>8} {:>8} {:>8}", e.found, e.invalid, e.passed, e.failed)
        } else {
            String::new()
        };
        println!(
            "{:<26} {:>9} {:>8} {:>8} {:>6} {:>5} {:>9} {:>8} {:>8}{example_columns}  {}",
            name,
            yes(r.generated),
            r.compiled.map(yes).unwrap_or("-"),
            r.warnings,
            r.generation_ms,
            r.operations,
            r.types,
            r.fallbacks,
            r.spec_warnings,
            r.first_error.as_deref().unwrap_or("").chars().take(160).collect::<String>()
        );
    }
}
