//! The committed `generated-client/` is what the generator makes of `spec/` today, and the
//! `codegen` / `generate` commands behave as documented.

use std::path::Path;
use std::process::Command;

fn client_dir() -> std::path::PathBuf {
    xtask::root().join(xtask::CLIENT_DIR)
}

#[test]
fn generated_client_is_fresh() {
    let files = xtask::codegen_files().unwrap();
    let changes = generator::write::compare(&client_dir(), &files).unwrap();
    assert!(
        changes.is_empty(),
        "generated-client/ is stale; run `cargo xtask codegen`. Differences:\n{}",
        changes.diff
    );
}

/// The freshness check above is only worth something if a spec change shows up in it.
#[test]
fn a_changed_description_makes_the_committed_output_stale() {
    let spec = std::fs::read_to_string(xtask::root().join(xtask::SPEC)).unwrap();
    let edited = spec.replace("Current task state", "Current task state, freshly edited");
    assert_ne!(spec, edited, "the spec no longer has the description this test edits");
    let overlays: Vec<generator::OverlaySource> = xtask::project_overlays()
        .unwrap()
        .iter()
        .map(|p| generator::OverlaySource { name: p.display().to_string(), text: std::fs::read_to_string(p).unwrap() })
        .collect();
    let files = generator::generate_with_overlays(&edited, &overlays, &xtask::codegen_options()).unwrap().files;
    let changes = generator::write::compare(&client_dir(), &files).unwrap();
    assert!(changes.written.contains(&"src/apis/async_tasks.rs".to_owned()), "{:?}", changes.written);
    assert!(
        changes.diff.contains(
            "+    /// [`AsyncTaskStatus`](crate::models::AsyncTaskStatus) on 200: Current task state, freshly edited"
        ),
        "{}",
        changes.diff
    );
}

fn xtask(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_xtask")).args(args).output().unwrap()
}

#[test]
fn generate_writes_a_crate_and_reports_bad_specs_without_touching_the_output() {
    let scratch = tempfile::tempdir().unwrap();
    let out = scratch.path().join("crate");
    let spec = xtask::root().join(xtask::SPEC);
    let ok = xtask(&[
        "generate",
        "--spec",
        spec.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--crate-name",
        "demo-client",
    ]);
    assert!(ok.status.success(), "{}", String::from_utf8_lossy(&ok.stderr));
    let manifest = std::fs::read_to_string(out.join("Cargo.toml")).unwrap();
    assert!(manifest.contains("name = \"demo-client\""));
    assert!(out.join("src/apis/async_tasks.rs").exists());
    let before = snapshot(&out);

    let bad = scratch.path().join("bad.yaml");
    std::fs::write(&bad, "openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths:\n  /t/{id}:\n    get:\n      parameters: [{name: id, in: path, required: true, schema: {type: string}}]\n      responses:\n        '200':\n          description: ok\n          content: 5\n").unwrap();
    let failed = xtask(&["generate", "--spec", bad.to_str().unwrap(), "--out", out.to_str().unwrap()]);
    assert_eq!(failed.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&failed.stderr);
    assert!(stderr.starts_with("error: "), "{stderr}");
    assert!(stderr.contains("#/paths/~1t~1{id}/get/responses/200"), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_eq!(before, snapshot(&out), "a failed run must leave the previous output as it was");

    let missing = xtask(&["generate", "--spec", "/nonexistent.yaml", "--out", out.to_str().unwrap()]);
    assert_eq!(missing.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&missing.stderr).contains("cannot read"));
}

fn snapshot(dir: &Path) -> Vec<(String, String)> {
    let mut files = Vec::new();
    let mut stack = vec![dir.to_owned()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(d).unwrap().flatten() {
            if e.file_type().unwrap().is_dir() {
                stack.push(e.path());
            } else {
                files.push((e.path().display().to_string(), std::fs::read_to_string(e.path()).unwrap()));
            }
        }
    }
    files.sort();
    files
}

#[test]
fn codegen_check_passes_on_the_committed_tree() {
    let out = xtask(&["codegen", "--check"]);
    assert!(out.status.success(), "{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
}

#[test]
fn generate_applies_overlays_in_order_and_names_a_bad_target() {
    let scratch = tempfile::tempdir().unwrap();
    let spec = xtask::root().join(xtask::SPEC);
    let overlays = xtask::project_overlays().unwrap();
    assert_eq!(overlays.len(), 2, "{overlays:?}");
    let out = scratch.path().join("with");
    let mut args = vec![
        "generate".to_owned(),
        "--spec".into(),
        spec.display().to_string(),
        "--out".into(),
        out.display().to_string(),
    ];
    for o in &overlays {
        args.extend(["--overlay".to_owned(), o.display().to_string()]);
    }
    let ok = xtask(&args.iter().map(String::as_str).collect::<Vec<_>>());
    assert!(ok.status.success(), "{}", String::from_utf8_lossy(&ok.stderr));
    let api = std::fs::read_to_string(out.join("src/apis/async_tasks.rs")).unwrap();
    assert!(api.contains("pub fn wait_for_task_status"), "the x-poll overlay applied");
    let models = std::fs::read_to_string(out.join("src/models.rs")).unwrap();
    assert!(models.contains("pub enum AsyncTaskResult"), "the result overlay applied");

    let bad = scratch.path().join("bad-overlay.yaml");
    std::fs::write(&bad, "overlay: 1.0.0\ninfo: {title: t, version: '1'}\nactions:\n- target: $.components.schemas.NoSuchSchema\n  description: refine a schema that is gone\n  update: {type: object}\n").unwrap();
    let failed = xtask(&[
        "generate",
        "--spec",
        spec.to_str().unwrap(),
        "--out",
        scratch.path().join("bad").to_str().unwrap(),
        "--overlay",
        bad.to_str().unwrap(),
    ]);
    assert_eq!(failed.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&failed.stderr);
    assert!(stderr.contains("bad-overlay.yaml: action 1 (refine a schema that is gone): target `$.components.schemas.NoSuchSchema` matches nothing"), "{stderr}");
    assert!(!scratch.path().join("bad").exists(), "nothing written");
}

#[test]
fn generate_refuses_to_overwrite_hand_written_files_unless_forced_and_keeps_cargo_lock() {
    let scratch = tempfile::tempdir().unwrap();
    let out = scratch.path().join("mine");
    let readme = "# My project\n\nWritten by hand.\n";
    let lock =
        "# This file is automatically @generated by Cargo.\n# It is not intended for manual editing.\nversion = 4\n";
    std::fs::create_dir_all(out.join("src")).unwrap();
    std::fs::write(out.join("README.md"), readme).unwrap();
    std::fs::write(out.join("src/lib.rs"), "//! Mine.\n").unwrap();
    std::fs::write(out.join("Cargo.lock"), lock).unwrap();
    let spec = xtask::root().join(xtask::SPEC);
    let args = ["generate", "--spec", spec.to_str().unwrap(), "--out", out.to_str().unwrap()];
    let before = snapshot(&out);

    let refused = xtask(&args);
    assert_eq!(refused.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&refused.stderr);
    assert!(stderr.starts_with("error: "), "{stderr}");
    assert!(stderr.contains("README.md") && stderr.contains("src/lib.rs"), "names every file: {stderr}");
    assert!(stderr.contains("--force"), "{stderr}");
    assert_eq!(before, snapshot(&out), "nothing is written when it refuses");

    let forced = xtask(&[&args[..], &["--force"]].concat());
    assert!(forced.status.success(), "{}", String::from_utf8_lossy(&forced.stderr));
    assert!(
        std::fs::read_to_string(out.join("README.md")).unwrap().starts_with("<!-- @generated by openapi-rust-gen ")
    );
    // Regenerating (without --force now: every file is ours) keeps Cargo.lock and changes nothing.
    let after = snapshot(&out);
    let again = xtask(&args);
    assert!(again.status.success(), "{}", String::from_utf8_lossy(&again.stderr));
    assert!(String::from_utf8_lossy(&again.stdout).contains("0 written, 0 removed"));
    assert_eq!(std::fs::read_to_string(out.join("Cargo.lock")).unwrap(), lock);
    assert_eq!(after, snapshot(&out));
}

#[test]
fn a_bad_crate_name_is_an_error_not_a_panic() {
    let scratch = tempfile::tempdir().unwrap();
    let spec = xtask::root().join(xtask::SPEC);
    for name in ["my.client", "my\"client"] {
        let out = scratch.path().join("c");
        let run = xtask(&[
            "generate",
            "--spec",
            spec.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
            "--crate-name",
            name,
            "--example-tests",
        ]);
        assert_eq!(run.status.code(), Some(1));
        let stderr = String::from_utf8_lossy(&run.stderr);
        assert!(stderr.starts_with("error: crate name"), "{stderr}");
        assert!(!stderr.contains("panicked"), "{stderr}");
        assert!(!out.exists());
    }
}

#[test]
fn the_cli_parses_in_process() {
    use clap::Parser;
    let cli =
        xtask::cli::Cli::try_parse_from(["xtask", "generate", "--spec", "a.yaml", "--out", "o", "--force"]).unwrap();
    assert!(matches!(cli.command, xtask::cli::Command::Generate { force: true, .. }));
    assert!(xtask::cli::Cli::try_parse_from(["xtask", "generate", "--spec"]).is_err());
}

#[test]
fn counts_of_zero_are_refused_naming_the_flag() {
    use clap::Parser;
    for args in [&["corpus", "--jobs", "0"][..], &["bench", "--runs", "0"]] {
        let error = match xtask::cli::Cli::try_parse_from(std::iter::once("xtask").chain(args.iter().copied())) {
            Ok(_) => panic!("{args:?} was accepted"),
            Err(e) => e.to_string(),
        };
        assert!(error.contains(args[1]), "{args:?}: {error}");
    }
    assert!(xtask::cli::Cli::try_parse_from(["xtask", "corpus", "--jobs", "2"]).is_ok());
}
