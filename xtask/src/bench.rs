//! `cargo xtask bench`: generation time per stage, peak memory and size of the output for a
//! few real specs, and (with `--build`) how long the generated crates take to compile.
//!
//! Each spec is measured in a fresh release-built worker process (`bench-worker`), so that
//! peak memory is that spec's alone and timings are of optimised code. Results are printed as
//! a table and written to `target/bench/latest.md` and `target/bench/<unix time>.md`.

use crate::{TaskError, root};
use generator::{Options, OverlaySource};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

pub struct BenchArgs {
    pub dir: Option<PathBuf>,
    pub runs: usize,
    pub build: bool,
    /// Other generators to time in the same run: `NAME=COMMAND`, where the command holds
    /// `{spec}` and `{out}` (e.g. `ploidy=ploidy generate rust {spec} -o {out}`).
    pub peers: Vec<String>,
}

/// The specs measured: the project's own (tiny), then real ones of growing size.
const SPECS: &[&str] = &["factpulse.yaml", "openai.yaml", "asana.yaml", "github.json"];

pub fn run(args: BenchArgs) -> Result<(), TaskError> {
    let dir = args.dir.unwrap_or_else(crate::corpus::default_dir);
    if !dir.is_dir() {
        return Err(TaskError(format!("{}: no such folder (the benchmarks use ../shared/specs)", dir.display())));
    }
    let mut specs = vec![root().join(crate::SPEC)];
    specs.extend(SPECS.iter().map(|s| dir.join(s)));
    specs.extend(synthetic_specs()?);
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let status = Command::new(&cargo)
        .args(["build", "--release", "--quiet", "-p", "xtask"])
        .current_dir(root())
        .status()
        .map_err(|e| TaskError(format!("cannot run cargo: {e}")))?;
    if !status.success() {
        return Err(TaskError("cannot build the release worker".into()));
    }
    let worker = root().join("target/release/xtask");
    let mut report = String::from(
        "| spec | bytes | ops | types | examples | load | model | check examples | emit+format (parallel) | write | total | peak RSS | files | code lines |\n|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n",
    );
    for spec in &specs {
        let output = Command::new(&worker)
            .args(["bench-worker", "--spec"])
            .arg(spec)
            .args(["--runs", &args.runs.to_string()])
            .output()
            .map_err(|e| TaskError(format!("cannot run the worker: {e}")))?;
        if !output.status.success() {
            return Err(TaskError(format!("{}: {}", spec.display(), String::from_utf8_lossy(&output.stderr))));
        }
        report.push_str(String::from_utf8_lossy(&output.stdout).trim_end());
        report.push('\n');
    }
    report.push_str(&peer_table(&dir, &args.peers, args.runs)?);
    if args.build {
        let runs = args.runs;
        report.push_str(&format!("\n| generated crate | features | code lines | cargo check (crate only, median of {}) | cargo build --release (crate only) | rlib |\n|---|---|---|---|---|---|\n", runs.clamp(1, 3)));
        for spec in [dir.join("factpulse.yaml"), dir.join("github.json")] {
            report.push_str(&build_row(&spec, None, runs)?);
        }
        // A user who needs one API of the spec: that tag's feature alone.
        report.push_str(&build_row(&dir.join("factpulse.yaml"), Some("async-tasks"), runs)?);
        // The peers' output for the same spec, compiled the same way.
        for peer in &args.peers {
            report.push_str(&peer_build_row(peer, &dir.join("factpulse.yaml"), runs)?);
        }
    }
    println!("{report}");
    let out = root().join("target/bench");
    std::fs::create_dir_all(&out).map_err(|e| TaskError(e.to_string()))?;
    let stamp = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap_or_default().as_secs();
    for name in ["latest.md".to_owned(), format!("{stamp}.md")] {
        std::fs::write(out.join(&name), &report).map_err(|e| TaskError(e.to_string()))?;
    }
    println!("written to {}", out.join("latest.md").display());
    Ok(())
}

/// Specs written for the benchmark: chains of `$ref` aliases of two lengths, so that the
/// table shows how the model stage grows with them (linear: the long one takes about eight
/// times the short one; it was cubic).
fn synthetic_specs() -> Result<Vec<PathBuf>, TaskError> {
    let dir = root().join("target/bench/inputs");
    std::fs::create_dir_all(&dir).map_err(|e| TaskError(e.to_string()))?;
    let mut out = Vec::new();
    for n in [2_000, 16_000] {
        let path = dir.join(format!("ref-chain-{n}.yaml"));
        std::fs::write(&path, ref_chain_spec(n)).map_err(|e| TaskError(format!("{}: {e}", path.display())))?;
        out.push(path);
    }
    Ok(out)
}

/// One operation whose body is `A1`, each `Ai` a `$ref` to `Ai+1`, the last an object.
pub fn ref_chain_spec(n: usize) -> String {
    let mut s = String::from(
        "openapi: 3.0.3\ninfo: {title: chain, version: '1'}\npaths:\n  /a:\n    get:\n      operationId: getA\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: {$ref: '#/components/schemas/A1'}\ncomponents:\n  schemas:\n",
    );
    for i in 1..n {
        s.push_str(&format!("    A{i}: {{$ref: '#/components/schemas/A{}'}}\n", i + 1));
    }
    s.push_str(&format!("    A{n}: {{type: object, properties: {{x: {{type: string}}}}}}\n"));
    s
}

/// One spec, in this (release) process: prints a table row.
///
/// Generation goes through [`generator::generate_timed`], the code `generate` runs (the big
/// stack, overlays, the examples stage), with example tests on, as for `generated-client/`; the
/// project's own spec gets its overlays and the options of `codegen`, so its row measures
/// exactly what `cargo xtask codegen` does.
pub fn worker(spec: &Path, runs: usize) -> Result<(), TaskError> {
    let ours = spec == root().join(crate::SPEC);
    let (overlays, options) = if ours {
        (crate::project_overlays()?, crate::codegen_options())
    } else {
        (Vec::new(), Options { example_tests: true, ..Options::new("bench-client", "bench", "bench") })
    };
    let text = std::fs::read_to_string(spec).map_err(|e| TaskError(format!("{}: {e}", spec.display())))?;
    let overlays = overlays
        .iter()
        .map(|path| {
            let text = std::fs::read_to_string(path).map_err(|e| TaskError(format!("{}: {e}", path.display())))?;
            Ok(OverlaySource { name: path.display().to_string(), text })
        })
        .collect::<Result<Vec<_>, TaskError>>()?;
    let scratch = std::env::temp_dir().join(format!("openapi-rust-gen-bench-{}", std::process::id()));
    let mut samples: Vec<[Duration; STAGES]> = Vec::new();
    let mut last = None;
    // One warm-up run, then `runs` measured ones.
    for run in 0..=runs {
        let _ = std::fs::remove_dir_all(&scratch);
        let (output, times) =
            generator::generate_timed(&text, &overlays, &options).map_err(|e| TaskError(e.to_string()))?;
        let clock = Instant::now();
        generator::write::write(&scratch, &output.files).map_err(|e| TaskError(e.to_string()))?;
        let write = clock.elapsed();
        if run > 0 {
            samples.push([times.load, times.model, times.examples, times.emit_format, write]);
        }
        last = Some(output);
    }
    let _ = std::fs::remove_dir_all(&scratch);
    let output = last.ok_or_else(|| TaskError("no run".into()))?;
    let median = |i: usize| {
        let mut v: Vec<Duration> = samples.iter().map(|s| s[i]).collect();
        v.sort();
        v.get(v.len() / 2).copied().unwrap_or_default()
    };
    let mut totals: Vec<Duration> = samples.iter().map(|s| s.iter().sum()).collect();
    totals.sort();
    let ms = |d: Duration| format!("{:.1} ms", d.as_secs_f64() * 1000.0);
    let stages: Vec<String> = (0..STAGES).map(|i| ms(median(i))).collect();
    let lines: usize = output.files.iter().filter(|f| f.path.ends_with(".rs")).map(|f| code_lines(&f.contents)).sum();
    println!(
        "| {} | {} | {} | {} | {} | {} | {} | {:.0} MB | {} | {lines} |",
        spec.file_name().unwrap_or_default().to_string_lossy(),
        text.len(),
        output.stats.operations,
        output.stats.types,
        output.stats.examples_found,
        stages.join(" | "),
        ms(totals.get(totals.len() / 2).copied().unwrap_or_default()),
        peak_rss_mb(),
        output.files.len(),
    );
    Ok(())
}

/// The columns [`worker`] times: the generator's [`generator::StageTimes`], then writing.
const STAGES: usize = 5;

/// Whole-process wall time, spec file to crate on disk, of this generator's release CLI and of
/// each peer, on the same specs: the comparison the goals are stated in.
fn peer_table(dir: &Path, peers: &[String], runs: usize) -> Result<String, TaskError> {
    let ours = format!("{} generate --spec {{spec}} --out {{out}}", root().join("target/release/xtask").display());
    let mut commands = vec![("openapi-rust-gen".to_owned(), ours)];
    for peer in peers {
        let (name, command) =
            peer.split_once('=').ok_or_else(|| TaskError(format!("--peer {peer}: expected NAME=COMMAND")))?;
        commands.push((name.to_owned(), command.to_owned()));
    }
    let specs = ["factpulse.yaml", "github.json"];
    let mut table =
        format!("\n| generator (whole process, median of {runs}) | {} |\n|---|---|---|\n", specs.join(" | "));
    for (name, command) in &commands {
        let mut cells = Vec::new();
        for spec in specs {
            let out = std::env::temp_dir().join(format!("openapi-rust-gen-peer-{}", std::process::id()));
            let line =
                command.replace("{spec}", &dir.join(spec).to_string_lossy()).replace("{out}", &out.to_string_lossy());
            let mut times = Vec::new();
            // One warm-up (file cache), then the measured runs, each into a fresh directory.
            for run in 0..=runs {
                let _ = std::fs::remove_dir_all(&out);
                let clock = Instant::now();
                let status = Command::new("sh")
                    .args(["-c", &line])
                    .stdout(Stdio::null())
                    .stderr(Stdio::null())
                    .status()
                    .map_err(|e| TaskError(format!("{name}: {e}")))?;
                let elapsed = clock.elapsed();
                if !status.success() {
                    times.clear();
                    break;
                }
                if run > 0 {
                    times.push(elapsed);
                }
            }
            let _ = std::fs::remove_dir_all(&out);
            times.sort();
            cells.push(match times.get(times.len() / 2) {
                Some(t) => format!("{:.0} ms", t.as_secs_f64() * 1000.0),
                None => "failed".to_owned(),
            });
        }
        table.push_str(&format!("| {name} | {} |\n", cells.join(" | ")));
    }
    Ok(table)
}

/// Lines that are neither blank nor comments (doc comments included).
pub fn code_lines(source: &str) -> usize {
    source.lines().map(str::trim).filter(|l| !l.is_empty() && !l.starts_with("//")).count()
}

/// Peak resident memory of this process, from `/proc/self/status` (Linux).
fn peak_rss_mb() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
        .map_or(0.0, |kb| kb / 1024.0)
}

/// Generates a spec into a scratch crate and times `cargo check` and `cargo build --release`
/// of that crate alone (dependencies are built first, untimed), with every tag feature or with
/// only `feature`.
fn build_row(spec: &Path, feature: Option<&str>, runs: usize) -> Result<String, TaskError> {
    let name = spec.file_stem().unwrap_or_default().to_string_lossy().into_owned();
    let dir = std::env::temp_dir().join(format!("openapi-rust-gen-bench-crate-{name}"));
    let options = Options::new(format!("bench-{name}"), name.clone(), "bench");
    let output = crate::generate_files(spec, &[], &options)?;
    generator::write::write(&dir, &output.files).map_err(|e| TaskError(e.to_string()))?;
    crate_row(&name, &dir, feature, runs)
}

/// The same measures for a peer's output: `command` as in `--peer`, run on `spec`.
fn peer_build_row(peer: &str, spec: &Path, runs: usize) -> Result<String, TaskError> {
    let (name, command) =
        peer.split_once('=').ok_or_else(|| TaskError(format!("--peer {peer}: expected NAME=COMMAND")))?;
    let dir = std::env::temp_dir().join(format!("openapi-rust-gen-bench-peer-{name}"));
    let _ = std::fs::remove_dir_all(&dir);
    let line = command.replace("{spec}", &spec.to_string_lossy()).replace("{out}", &dir.to_string_lossy());
    let status = Command::new("sh")
        .args(["-c", &line])
        .stdout(Stdio::null())
        .status()
        .map_err(|e| TaskError(format!("{name}: {e}")))?;
    let stem = spec.file_stem().unwrap_or_default().to_string_lossy();
    let label = format!("{stem} by {name}");
    if !status.success() {
        // As in the generation table: a peer that fails is a finding, not a reason to stop.
        return Ok(format!("| {label} | - | - | generation failed | - | - |\n"));
    }
    crate_row(&label, &dir, None, runs)
}

/// Times `cargo check` (median of `runs`, at most 3) and `cargo build --release` of the crate
/// in `dir` alone: its dependencies are built first, untimed, and the crate is compiled from
/// scratch each time (no incremental cache), as a first build would.
fn crate_row(label: &str, dir: &Path, feature: Option<&str>, runs: usize) -> Result<String, TaskError> {
    let manifest_path = dir.join("Cargo.toml");
    let Ok(manifest) = std::fs::read_to_string(&manifest_path) else {
        // Some generators write only modules, for the user to place in a crate of their own.
        return Ok(format!("| {label} | - | - | no Cargo.toml written | - | - |\n"));
    };
    if !manifest.contains("[workspace]") {
        // Not a member of this repository's workspace.
        std::fs::write(&manifest_path, manifest.clone() + "\n[workspace]\n").map_err(|e| TaskError(e.to_string()))?;
    }
    let package = manifest
        .lines()
        .find_map(|l| l.trim().strip_prefix("name").map(|v| v.trim().trim_start_matches('=').trim().trim_matches('"')))
        .unwrap_or_default()
        .replace('-', "_");
    let lines: usize = rust_sources(&dir.join("src"))
        .iter()
        .map(|f| code_lines(&std::fs::read_to_string(f).unwrap_or_default()))
        .sum();
    let target = root().join("target/bench-crates");
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let feature_args: Vec<&str> = match feature {
        Some(f) => vec!["--no-default-features", "--features", f],
        None => Vec::new(),
    };
    let run = |args: &[&str]| {
        Command::new(&cargo)
            .args(args)
            .args(&feature_args)
            .arg("--quiet")
            .env("CARGO_TARGET_DIR", &target)
            .env("CARGO_INCREMENTAL", "0")
            .current_dir(dir)
            .stderr(Stdio::null())
            .status()
            .map_err(|e| TaskError(format!("cannot run cargo: {e}")))
    };
    let timed = |args: &[&str], times: usize| -> Result<Option<Duration>, TaskError> {
        if !run(args)?.success() {
            return Ok(None);
        }
        let lib = dir.join("src/lib.rs");
        let mut samples = Vec::new();
        for _ in 0..times {
            // Touching lib.rs makes cargo rebuild the crate, and only the crate.
            let text = std::fs::read_to_string(&lib).map_err(|e| TaskError(e.to_string()))?;
            std::fs::write(&lib, text).map_err(|e| TaskError(e.to_string()))?;
            let clock = Instant::now();
            if !run(args)?.success() {
                return Ok(None);
            }
            samples.push(clock.elapsed());
        }
        samples.sort();
        Ok(samples.get(samples.len() / 2).copied())
    };
    let seconds = |t: Option<Duration>| t.map_or("fails".to_owned(), |t| format!("{:.1} s", t.as_secs_f64()));
    let check = timed(&["check"], runs.clamp(1, 3))?;
    let release = timed(&["build", "--release"], 1)?;
    let rlib = std::fs::metadata(target.join("release").join(format!("lib{package}.rlib"))).map_or(0, |m| m.len());
    Ok(format!(
        "| {label} | {} | {lines} | {} | {} | {:.1} MB |\n",
        feature.unwrap_or("all (default)"),
        seconds(check),
        seconds(release),
        rlib as f64 / 1e6
    ))
}

fn rust_sources(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let path = entry.path();
        if path.is_dir() {
            files.extend(rust_sources(&path));
        } else if path.extension().is_some_and(|e| e == "rs") {
            files.push(path);
        }
    }
    files
}
