//! `cargo xtask corpus --generate-only`: the cheap mode that scales to hundreds of specs, its
//! failure classes and its degradation counts.

use std::path::Path;
use std::process::{Command, Output};

fn xtask(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_xtask")).args(args).output().unwrap()
}

fn text(output: &Output) -> (String, String) {
    (String::from_utf8_lossy(&output.stdout).into_owned(), String::from_utf8_lossy(&output.stderr).into_owned())
}

const GOOD: &str = "openapi: 3.0.3
info: {title: Good, version: '1'}
paths:
  /tasks:
    get:
      operationId: listTasks
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {type: array, items: {$ref: '#/components/schemas/Task'}}
components:
  schemas:
    Task:
      type: object
      properties:
        id: {type: string}
";

/// A path without its leading `/`: its operation is left out, the rest generated.
const DEGRADED: &str = "openapi: 3.0.3
info: {title: Degraded, version: '1'}
paths:
  tasks:
    get:
      responses:
        '200': {description: ok}
  /ok:
    get:
      operationId: ok
      responses:
        '200': {description: ok}
";

fn corpus(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (name, contents) in files {
        std::fs::write(dir.path().join(name), contents).unwrap();
    }
    dir
}

fn row<'a>(stdout: &'a str, spec: &str) -> &'a str {
    stdout
        .lines()
        .find(|l| l.split_whitespace().next() == Some(spec))
        .unwrap_or_else(|| panic!("no row {spec}:\n{stdout}"))
}

#[test]
fn generate_only_classes_failures_and_counts_degradations() {
    let long = format!("{}.yaml", "a-very-long-file-name-from-the-apis-guru-directory".repeat(2));
    let dir = corpus(&[
        ("good.yaml", GOOD),
        ("degraded.yaml", DEGRADED),
        ("broken.yaml", "openapi: 3.0.3\ninfo: [unclosed\n"),
        // A `$ref` to nowhere degrades to `serde_json::Value`: counted, not failed.
        ("bad-ref.yaml", &GOOD.replace("#/components/schemas/Task", "#/components/schemas/Nowhere")),
        ("not-openapi.json", r#"{"info": {"title": "x", "version": "1"}, "paths": {}}"#),
        (&long, GOOD),
    ]);
    let run = xtask(&["corpus", "--generate-only", "--jobs", "2", "--dir", dir.path().to_str().unwrap()]);
    let (stdout, stderr) = text(&run);
    assert_eq!(run.status.code(), Some(1), "{stdout}\n{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    // Nothing but the generator ran: no cargo, so no compiled column.
    assert!(!stdout.contains("compiled"), "{stdout}");

    let good = row(&stdout, "good");
    assert!(good.split_whitespace().take(3).eq(["good", "yes", "yes"]), "{good}");
    // ms ops types Value left-out untyped loosened degraded
    let degraded: Vec<&str> = row(&stdout, "degraded").split_whitespace().collect();
    assert_eq!(&degraded[1..3], ["yes", "yes"], "{degraded:?}");
    assert_eq!(degraded[4], "1", "one operation generated: {degraded:?}");
    assert_eq!(degraded[7], "1", "one place left out: {degraded:?}");
    assert_eq!(degraded[10], "1", "one degradation: {degraded:?}");
    // File names past Cargo's 64 characters still make a crate.
    let long_stem = long[..57].trim_end_matches('-');
    assert!(row(&stdout, long_stem).split_whitespace().take(3).eq([long_stem, "yes", "yes"]), "{stdout}");

    let classes = stdout.split("failure class").nth(1).unwrap_or_else(|| panic!("no class table:\n{stdout}"));
    let class = |name: &str| {
        classes
            .lines()
            .find(|l| l.starts_with(name))
            .unwrap_or_else(|| panic!("no class {name}:\n{classes}"))
            .to_owned()
    };
    assert!(class("Syntax ").contains(" 1  broken "), "{classes}");
    assert!(class("Invalid ").contains(" 1  not-openapi "), "{classes}");
    assert!(
        stdout.contains(
            "degradations over 4 generated spec(s): 1 left out, 1 untyped, 0 loosened (2 in all, in 2 spec(s)); 1 Value fallback(s)"
        ),
        "{stdout}"
    );
    assert!(stdout.contains("4 of 6 specs generated and parsed (2 failed)"), "{stdout}");
    assert!(stderr.contains("2 spec(s) failed to generate"), "{stderr}");
}

#[test]
fn generate_only_passes_when_every_spec_generates() {
    let dir = corpus(&[
        ("good.yaml", GOOD),
        ("other.json", r#"{"openapi": "3.1.0", "info": {"title": "x", "version": "1"}, "paths": {}}"#),
    ]);
    let run = xtask(&["corpus", "--generate-only", "--dir", dir.path().to_str().unwrap(), "--only", "good"]);
    let (stdout, stderr) = text(&run);
    assert!(run.status.success(), "{stdout}\n{stderr}");
    assert!(stdout.contains("failure classes: none"), "{stdout}");
    assert!(stdout.contains("1 of 1 specs generated and parsed (0 failed)"), "{stdout}");
    assert!(!stdout.contains("other"), "--only ran another spec: {stdout}");
}

#[test]
fn an_absent_folder_or_an_unknown_only_is_said_plainly() {
    let missing = Path::new("/nonexistent/corpus-folder");
    let (_, stderr) = text(&xtask(&["corpus", "--generate-only", "--dir", missing.to_str().unwrap()]));
    assert!(stderr.contains("corpus folder absent: /nonexistent/corpus-folder"), "{stderr}");

    let dir = corpus(&[("good.yaml", GOOD)]);
    let run = xtask(&[
        "corpus",
        "--generate-only",
        "--dir",
        dir.path().to_str().unwrap(),
        "--only",
        "good",
        "--only",
        "godo",
    ]);
    let (stdout, stderr) = text(&run);
    assert_eq!(run.status.code(), Some(1));
    assert!(stderr.contains("no spec named godo"), "{stderr}");
    assert!(stdout.is_empty(), "a typo in the sample must stop the run before it starts: {stdout}");
}

#[test]
fn generate_only_refuses_the_flags_that_need_cargo() {
    use clap::Parser;
    for flag in ["--doc", "--example-tests", "--one-feature"] {
        let parsed = xtask::cli::Cli::try_parse_from(["xtask", "corpus", "--generate-only", flag]);
        assert!(parsed.is_err(), "{flag} was accepted with --generate-only");
    }
    assert!(xtask::cli::Cli::try_parse_from(["xtask", "corpus", "--generate-only", "--jobs", "3"]).is_ok());
}
