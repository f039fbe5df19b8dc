//! `cargo xtask` argument vectors: parsing never panics, and a `generate` that parses runs into
//! a scratch folder without a panic or an internal error, leaving a hand-written file in its
//! output folder as it was. Other subcommands are only parsed: they build and test the project.
#![no_main]

use clap::Parser;
use libfuzzer_sys::fuzz_target;
use openapi_rust_gen_fuzz::cli::definitions::{Cli, Command};
use openapi_rust_gen_fuzz::cli::{Input, KEEP, KEEP_TEXT, Scratch};
use std::path::Component;

fuzz_target!(|input: Input| {
    let dir = tempfile::tempdir().expect("a scratch folder");
    let scratch = Scratch::prepare(dir.path(), &input).expect("the scratch files");
    let argv = scratch.argv(&input.words);
    let Ok(cli) = Cli::try_parse_from(&argv) else {
        return;
    };
    let Command::Generate {
        spec,
        out,
        crate_name,
        overlays,
        example_tests,
    } = cli.command
    else {
        return;
    };
    // A name in the `--out` position is a path relative to the fuzzer's folder: not ours to write.
    if !out.starts_with(dir.path()) || out.components().any(|c| c == Component::ParentDir) {
        return;
    }
    if let Err(xtask::TaskError(message)) =
        xtask::generate(&spec, &overlays, &out, crate_name.as_deref(), example_tests)
    {
        assert!(!message.contains("internal error"), "{argv:?}: {message}");
    }
    let kept = std::fs::read_to_string(dir.path().join(KEEP)).unwrap_or_default();
    assert_eq!(
        kept, KEEP_TEXT,
        "{argv:?} changed a hand-written file in the output folder"
    );
});
