//! `cargo xtask corpus`: the generator over every real-world spec in `../shared/specs`, each
//! generated crate then checked by `cargo clippy` in one scratch workspace outside the repo
//! (one target directory, so dependencies build once).
//!
//! `--generate-only` stops before cargo: every spec is generated in-process and every generated
//! `.rs` file parsed with syn. Compiling a few hundred crates does not fit on a small machine;
//! generating them does, and it already shows which documents the generator refuses and how
//! much it degrades. Both modes end with a table by failure class (the first error's kind), so
//! that one run shows which class to fix next.

use crate::{TaskError, root};
use generator::{DirError, Options, WarningKind};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

pub struct CorpusArgs {
    pub dir: Option<PathBuf>,
    pub only: Vec<String>,
    pub jobs: Option<usize>,
    /// Generate and syn-parse only; no cargo.
    pub generate_only: bool,
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
    /// Warnings by kind; the first three (left out, untyped, loosened) are the degradations.
    left_out: usize,
    untyped: usize,
    loosened: usize,
    /// Whether every generated `.rs` file parsed with syn.
    parsed: Option<bool>,
    compiled: Option<bool>,
    warnings: usize,
    first_error: Option<String>,
    /// The kind of the first error: a `generator::Error` variant, `syn`, or the first rustc or
    /// clippy code.
    class: Option<String>,
    examples: Examples,
}

impl Row {
    fn degraded(&self) -> usize {
        self.left_out + self.untyped + self.loosened
    }

    fn fail(&mut self, class: impl Into<String>, error: impl Into<String>) {
        if self.first_error.is_none() {
            self.class = Some(class.into());
            self.first_error = Some(error.into());
        }
    }
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
            "corpus folder absent: {} is not a folder, so nothing was generated or checked. The \
             corpora are read-only collections of real-world specs next to the project \
             (../shared/specs, ../shared/corpus); pass --dir to use another one",
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

    let jobs = args.jobs.unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()));
    let write_to = (!args.generate_only).then_some(scratch.as_path());
    let started = Instant::now();
    let mut rows = generate_all(&specs, jobs, args.example_tests, write_to)?;
    let generation = started.elapsed();
    let members: Vec<String> = rows.iter().filter(|(_, r)| r.generated).map(|(n, _)| n.clone()).collect();

    if args.generate_only {
        print(&rows, Mode::GenerateOnly);
        print_classes(&rows);
        print_degradations(&rows);
        write_report(&rows, &scratch.join("generate-only.tsv"))?;
        let failed = rows.values().filter(|r| !generated_and_parsed(r)).count();
        println!(
            "corpus --generate-only: {} of {} specs generated and parsed ({failed} failed) in {:.1}s with {jobs} job(s)",
            rows.len() - failed,
            rows.len(),
            generation.as_secs_f64()
        );
        return if failed > 0 { Err(TaskError(format!("{failed} spec(s) failed to generate"))) } else { Ok(()) };
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
    print(&rows, Mode::Full { examples: args.example_tests });
    print_classes(&rows);
    print_degradations(&rows);
    write_report(&rows, &scratch.join("report.tsv"))?;
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

/// Generates every spec on `jobs` threads, each taking the next spec when it is done, so that
/// one huge document does not hold up a fixed share of the others. With `write_to`, each crate
/// is written there (and its invalid examples listed) for cargo to check.
fn generate_all(
    specs: &[PathBuf],
    jobs: usize,
    example_tests: bool,
    write_to: Option<&Path>,
) -> Result<BTreeMap<String, Row>, TaskError> {
    let next = AtomicUsize::new(0);
    let done: Mutex<Vec<Result<(String, Row), TaskError>>> = Mutex::new(Vec::with_capacity(specs.len()));
    std::thread::scope(|scope| {
        for _ in 0..jobs.min(specs.len()) {
            scope.spawn(|| {
                while let Some(spec) = specs.get(next.fetch_add(1, Ordering::Relaxed)) {
                    let name = crate_stem(spec);
                    let row = generate_one(spec, &name, example_tests, write_to).map(|row| (name, row));
                    done.lock().unwrap_or_else(|poisoned| poisoned.into_inner()).push(row);
                }
            });
        }
    });
    done.into_inner().unwrap_or_else(|poisoned| poisoned.into_inner()).into_iter().collect()
}

/// One spec through the generator and syn. Generator failures (even panics, which are bugs to
/// report, not reasons to lose the rest of the run) become the row's first error.
fn generate_one(spec: &Path, name: &str, example_tests: bool, write_to: Option<&Path>) -> Result<Row, TaskError> {
    let mut row = Row::default();
    let source = spec.file_name().unwrap_or_default().to_string_lossy().into_owned();
    let options = Options { example_tests, ..Options::new(format!("corpus-{name}"), source, "cargo xtask corpus") };
    let started = Instant::now();
    let outcome = std::panic::catch_unwind(|| generator::dir::generate_from_paths(spec, &[], &options));
    row.generation_ms = started.elapsed().as_millis();
    let output = match outcome {
        Ok(Ok(output)) => output,
        Ok(Err(e)) => {
            row.fail(error_class(&e), e.to_string());
            return Ok(row);
        }
        Err(payload) => {
            let message = payload
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| payload.downcast_ref::<&str>().map(|s| (*s).to_owned()))
                .unwrap_or_default();
            row.fail("panic", format!("the generator panicked: {message}"));
            return Ok(row);
        }
    };
    row.generated = true;
    row.operations = output.stats.operations;
    row.types = output.stats.types;
    row.fallbacks = output.stats.json_fallbacks.len();
    row.spec_warnings = output.warnings.len();
    let count = |kind: WarningKind| output.warnings.iter().filter(|w| w.kind == kind).count();
    row.left_out = count(WarningKind::LeftOut);
    row.untyped = count(WarningKind::Untyped);
    row.loosened = count(WarningKind::Loosened);
    row.examples.found = output.stats.examples_found;
    row.examples.invalid = output.stats.examples_invalid.len();
    // The generator checks its tokens parse; this checks the formatted bytes that are written.
    row.parsed = Some(true);
    for file in output.files.iter().filter(|f| f.path.ends_with(".rs")) {
        if let Err(e) = syn::parse_file(&file.contents) {
            row.parsed = Some(false);
            row.fail("syn", format!("{}: does not parse: {e}", file.path));
            break;
        }
    }
    if let Some(scratch) = write_to {
        let invalid = output.stats.examples_invalid.join("\n");
        let path = scratch.join(format!("{name}.invalid-examples.txt"));
        std::fs::write(&path, invalid).map_err(|e| TaskError(format!("{}: {e}", path.display())))?;
        generator::write::write(&scratch.join(name), &output.files).map_err(|e| TaskError(e.to_string()))?;
    }
    Ok(row)
}

/// The kind of a generation failure: the `generator::Error` variant (the first of several),
/// prefixed by the `DirError` category when it is not the document's fault.
fn error_class(e: &DirError) -> String {
    match e {
        DirError::Read { .. } => "Read".to_owned(),
        DirError::Document { error, .. } => variant(error),
        DirError::Options(error) => format!("Options/{}", variant(error)),
        DirError::Output(error) => format!("Output/{}", variant(error)),
        DirError::Internal(error) => format!("Internal/{}", variant(error)),
    }
}

/// The variant's name, from its `Debug` form so that a variant added later is named too.
fn variant(e: &generator::Error) -> String {
    match e {
        generator::Error::Many(inner) if !inner.is_empty() => variant(&inner[0]),
        e => format!("{e:?}").split(|c: char| !c.is_ascii_alphanumeric()).next().unwrap_or_default().to_owned(),
    }
}

fn generated_and_parsed(row: &Row) -> bool {
    row.generated && row.parsed == Some(true)
}

/// The failures by class, most frequent first, each with one spec to start from.
fn print_classes(rows: &BTreeMap<String, Row>) {
    let mut classes: BTreeMap<&str, Vec<(&String, &Row)>> = BTreeMap::new();
    for (name, row) in rows {
        if let Some(class) = &row.class {
            classes.entry(class).or_default().push((name, row));
        }
    }
    let mut classes: Vec<_> = classes.into_iter().collect();
    classes.sort_by(|a, b| b.1.len().cmp(&a.1.len()).then(a.0.cmp(b.0)));
    println!();
    if classes.is_empty() {
        println!("failure classes: none");
        return;
    }
    println!("{:<28} {:>5}  {:<40} first error", "failure class", "specs", "example spec");
    for (class, members) in &classes {
        let (name, row) = members[0];
        let error = one_line(row.first_error.as_deref().unwrap_or(""));
        println!("{class:<28} {:>5}  {name:<40} {}", members.len(), error.chars().take(200).collect::<String>());
    }
}

/// What the generated specs gave up: the degradation totals behind `--strict`.
fn print_degradations(rows: &BTreeMap<String, Row>) {
    let generated: Vec<&Row> = rows.values().filter(|r| r.generated).collect();
    let sum = |f: fn(&Row) -> usize| generated.iter().map(|r| f(r)).sum::<usize>();
    let degraded_specs = generated.iter().filter(|r| r.degraded() > 0).count();
    println!(
        "degradations over {} generated spec(s): {} left out, {} untyped, {} loosened ({} in all, in {degraded_specs} spec(s)); {} Value fallback(s)",
        generated.len(),
        sum(|r| r.left_out),
        sum(|r| r.untyped),
        sum(|r| r.loosened),
        sum(Row::degraded),
        sum(|r| r.fallbacks)
    );
}

/// Every row as tab-separated values, to compare runs or sort by any column. Each mode has its
/// own file, so that a sample checked by cargo does not overwrite the whole folder's figures.
fn write_report(rows: &BTreeMap<String, Row>, path: &Path) -> Result<(), TaskError> {
    let mut text = String::from(
        "spec\tgenerated\tparsed\tcompiled\tms\toperations\ttypes\tvalue_fallbacks\tleft_out\tuntyped\tloosened\tdegraded\twarnings\tclass\tfirst_error\n",
    );
    let flag = |b: Option<bool>| b.map_or("-", |b| if b { "yes" } else { "no" });
    for (name, r) in rows {
        text.push_str(&format!(
            "{name}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\n",
            flag(Some(r.generated)),
            flag(r.parsed),
            flag(r.compiled),
            r.generation_ms,
            r.operations,
            r.types,
            r.fallbacks,
            r.left_out,
            r.untyped,
            r.loosened,
            r.degraded(),
            r.warnings,
            r.class.as_deref().unwrap_or(""),
            one_line(r.first_error.as_deref().unwrap_or("")).replace('\t', " ")
        ));
    }
    std::fs::write(path, text).map_err(|e| TaskError(format!("{}: {e}", path.display())))?;
    println!("every row: {}", path.display());
    Ok(())
}

/// Errors can span lines (`Many`, `Strict`); tables want one.
fn one_line(text: &str) -> String {
    text.lines().map(str::trim).filter(|l| !l.is_empty()).collect::<Vec<_>>().join(" | ")
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
        if !output.status.success() {
            let stderr = String::from_utf8_lossy(&output.stderr);
            let first: String = stderr.lines().filter(|l| !l.trim().is_empty()).take(3).collect::<Vec<_>>().join(" | ");
            row.fail("one-feature", format!("with only feature `{feature}`: {first}"));
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
    // Rows, crates and scratch folders are named by stem: two specs sharing one would mix.
    let mut seen: BTreeMap<String, &Path> = BTreeMap::new();
    for spec in &specs {
        if let Some(other) = seen.insert(crate_stem(spec), spec) {
            return Err(TaskError(format!(
                "{} and {} would both be crate `corpus-{}`: rename one",
                other.display(),
                spec.display(),
                crate_stem(spec)
            )));
        }
    }
    // A sample named by hand must be the sample that runs: a typo would silently shrink it.
    let missing: Vec<&str> = only
        .iter()
        .filter(|o| !specs.iter().any(|p| crate_stem(p) == crate_stem(Path::new(o))))
        .map(String::as_str)
        .collect();
    if !missing.is_empty() {
        return Err(TaskError(format!("{}: no spec named {}", dir.display(), missing.join(", "))));
    }
    Ok(specs)
}

/// Cargo refuses package names longer than this.
const CRATE_NAME_MAX: usize = 64;

/// `oai-petstore.yaml` becomes `oai-petstore`; cut so that `corpus-<stem>` is a name Cargo
/// accepts (APIs.guru file names run past 64 characters).
fn crate_stem(spec: &Path) -> String {
    let stem = spec.file_stem().unwrap_or_default().to_string_lossy().to_ascii_lowercase();
    let stem: String = stem
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .take(CRATE_NAME_MAX - "corpus-".len())
        .collect();
    stem.trim_end_matches('-').to_owned()
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
    let mut first_warning: BTreeMap<String, (String, String)> = BTreeMap::new();
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
        let code = message["message"]["code"]["code"].as_str();
        match message["message"]["level"].as_str() {
            Some("warning") if code.is_some() || !is_summary(&message) => {
                row.warnings += 1;
                first_warning.entry(member.clone()).or_insert_with(|| {
                    let rendered = message["message"]["rendered"].as_str().unwrap_or_default();
                    (code.unwrap_or("warning").to_owned(), rendered.lines().take(3).collect::<Vec<_>>().join(" | "))
                });
            }
            Some("error") if !is_summary(&message) => {
                let rendered = message["message"]["rendered"].as_str().unwrap_or_default();
                row.fail(code.unwrap_or("error"), rendered.lines().take(3).collect::<Vec<_>>().join(" | "));
            }
            _ => {}
        }
    }
    // With no error, a crate with warnings still fails (-D warnings): its class is the first.
    for (member, (code, rendered)) in first_warning {
        rows.get_mut(&member).expect("member has a row").fail(code, rendered);
    }
    // A failure cargo reports before compiling anything (a bad manifest) belongs to no crate.
    if !output.status.success() && rows.values().all(|r| r.first_error.is_none()) {
        let stderr = String::from_utf8_lossy(&output.stderr);
        let cause: String = stderr.lines().filter(|l| !l.trim().is_empty()).take(4).collect::<Vec<_>>().join(" | ");
        for m in members {
            let row = rows.get_mut(m).expect("member has a row");
            if row.compiled != Some(true) {
                row.compiled = Some(false);
                row.fail("cargo", format!("cargo failed: {cause}"));
            }
        }
    }
    // No error of its own, yet no library: a dependency or cargo itself failed for it.
    for m in members {
        let row = rows.get_mut(m).expect("member has a row");
        if row.compiled == Some(false) {
            row.fail("not-compiled", "cargo produced no library and reported no error for it");
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

/// Which columns the per-spec table has.
#[derive(Clone, Copy)]
enum Mode {
    GenerateOnly,
    Full { examples: bool },
}

fn print(rows: &BTreeMap<String, Row>, mode: Mode) {
    let examples = matches!(mode, Mode::Full { examples: true });
    let example_header = if examples {
        format!(" {:>8} {:>8} {:>8} {:>8}", "examples", "invalid", "passed", "failed")
    } else {
        String::new()
    };
    let checked = match mode {
        Mode::GenerateOnly => format!("{:>6}", "parsed"),
        Mode::Full { .. } => format!("{:>8} {:>8}", "compiled", "warnings"),
    };
    println!(
        "{:<40} {:>9} {checked} {:>6} {:>5} {:>6} {:>6} {:>8} {:>7} {:>8} {:>8}{example_header}  first error",
        "spec", "generated", "ms", "ops", "types", "Value", "left-out", "untyped", "loosened", "degraded"
    );
    for (name, r) in rows {
        let yes = |b: bool| if b { "yes" } else { "no" };
        let e = r.examples;
        let example_columns = if examples {
            format!(" {:>8} {:>8} {:>8} {:>8}", e.found, e.invalid, e.passed, e.failed)
        } else {
            String::new()
        };
        let checked = match mode {
            Mode::GenerateOnly => format!("{:>6}", r.parsed.map(yes).unwrap_or("-")),
            Mode::Full { .. } => format!("{:>8} {:>8}", r.compiled.map(yes).unwrap_or("-"), r.warnings),
        };
        println!(
            "{:<40} {:>9} {checked} {:>6} {:>5} {:>6} {:>6} {:>8} {:>7} {:>8} {:>8}{example_columns}  {}",
            name,
            yes(r.generated),
            r.generation_ms,
            r.operations,
            r.types,
            r.fallbacks,
            r.left_out,
            r.untyped,
            r.loosened,
            r.degraded(),
            one_line(r.first_error.as_deref().unwrap_or("")).chars().take(160).collect::<String>()
        );
    }
}
