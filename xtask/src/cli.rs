//! The command line of `cargo xtask`, as a library so that tests (and the CLI fuzz target) can
//! parse and run it in-process with `Cli::try_parse_from`.

use crate::TaskError;
use clap::{Parser, Subcommand};
use std::path::PathBuf;

/// Project tasks: `cargo xtask <command>`.
#[derive(Parser)]
#[command(name = "cargo xtask")]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand)]
pub enum Command {
    /// Regenerate generated-client/ from spec/.
    Codegen {
        /// Write nothing; fail with a diff when generated-client/ is stale.
        #[arg(long)]
        check: bool,
    },
    /// Generate every spec of a folder (default ../shared/specs) and check the crates.
    Corpus {
        #[arg(long)]
        dir: Option<PathBuf>,
        /// Only this spec (file name, with or without extension); repeatable.
        #[arg(long)]
        only: Vec<String>,
        /// Parallel jobs for generation and for cargo (at least 1; default: the cores).
        #[arg(long, value_parser = at_least_one())]
        jobs: Option<usize>,
        /// Cheap mode: generate every spec in-process and parse every generated file with
        /// syn, without cargo; counts degradations and classes the failures.
        #[arg(long, conflicts_with_all = ["doc", "example_tests", "one_feature"])]
        generate_only: bool,
        /// Also run the generated crates' doc tests.
        #[arg(long)]
        doc: bool,
        /// Also generate and run every crate's example round trips (tests/examples/).
        #[arg(long)]
        example_tests: bool,
        /// Also check every crate with only its first tag feature on.
        #[arg(long)]
        one_feature: bool,
    },
    /// Measure generation (per stage, peak memory, output size); --build also times
    /// compiling the generated crates.
    Bench {
        #[arg(long)]
        dir: Option<PathBuf>,
        /// Measured runs per spec, after one warm-up (at least 1).
        #[arg(long, default_value_t = 5, value_parser = at_least_one())]
        runs: usize,
        #[arg(long)]
        build: bool,
        /// Another generator to time on the same specs: NAME=COMMAND with {spec} and {out};
        /// repeatable.
        #[arg(long = "peer")]
        peers: Vec<String>,
    },
    /// One spec, measured in this process (used by `bench`).
    #[command(hide = true)]
    BenchWorker {
        #[arg(long)]
        spec: PathBuf,
        #[arg(long, value_parser = at_least_one())]
        runs: usize,
    },
    /// Run the whole test suite (everything CI runs before its lint steps).
    Test,
    /// Calls against a Prism mock of a spec (issue #16; groundwork: --prism-install installs
    /// the pinned Prism and probes one GET operation).
    Conformance {
        #[arg(long)]
        prism_install: bool,
        /// The spec to mock (default spec/openapi.yaml).
        #[arg(long)]
        spec: Option<PathBuf>,
    },
    /// Generate a standalone crate from any OpenAPI document.
    Generate {
        #[arg(long)]
        spec: PathBuf,
        #[arg(long)]
        out: PathBuf,
        /// Cargo package name (default: from the spec's file name).
        #[arg(long)]
        crate_name: Option<String>,
        /// An OpenAPI Overlay to apply first; repeat to apply several, in order.
        #[arg(long = "overlay")]
        overlays: Vec<PathBuf>,
        /// Also write tests/examples/: a round-trip test for every valid example in the spec.
        #[arg(long)]
        example_tests: bool,
        /// Overwrite files in the output that this generator did not write (without it, their
        /// presence is an error and nothing is written).
        #[arg(long)]
        force: bool,
    },
}

/// Counts where zero would mean "do nothing" (or, for cargo, "unlimited") and is a typo.
fn at_least_one() -> clap::builder::RangedU64ValueParser<usize> {
    clap::builder::RangedU64ValueParser::new().range(1..)
}

/// Runs one parsed command line.
pub fn run(cli: Cli) -> Result<(), TaskError> {
    match cli.command {
        Command::Codegen { check } => crate::codegen(check),
        Command::Test => crate::test(),
        Command::Conformance { prism_install, spec } => {
            if !prism_install {
                return Err(TaskError("only `conformance --prism-install` exists so far".into()));
            }
            crate::conformance::probe(&spec.unwrap_or_else(|| crate::root().join(crate::SPEC)))
        }
        Command::Bench { dir, runs, build, peers } => {
            crate::bench::run(crate::bench::BenchArgs { dir, runs, build, peers })
        }
        Command::BenchWorker { spec, runs } => crate::bench::worker(&spec, runs),
        Command::Corpus { dir, only, jobs, generate_only, doc, example_tests, one_feature } => {
            crate::corpus::run(crate::corpus::CorpusArgs {
                dir,
                only,
                jobs,
                generate_only,
                doc,
                example_tests,
                one_feature,
            })
        }
        Command::Generate { spec, out, crate_name, overlays, example_tests, force } => {
            crate::generate(&spec, &overlays, &out, crate_name.as_deref(), example_tests, force)
        }
    }
}
