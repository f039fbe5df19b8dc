//! `cargo xtask` argument vectors through its own parser (`xtask::cli::Cli`): parsing never
//! panics, and a `generate` that parses runs (through `xtask::cli::run`) into a scratch folder
//! without a panic or an internal error, leaving the hand-written files of its output folder
//! as they were (a README the generator would write only with `--force`). Other subcommands
//! are only parsed: they build and test the project.
#![no_main]

use clap::Parser;
use libfuzzer_sys::fuzz_target;
use openapi_rust_gen_fuzz::cli::{Input, KEEP, KEEP_TEXT, README, Scratch};
use std::path::Component;
use xtask::cli::{Cli, Command};

fuzz_target!(|input: Input| {
    let dir = tempfile::tempdir().expect("a scratch folder");
    let scratch = Scratch::prepare(dir.path(), &input).expect("the scratch files");
    let argv = scratch.argv(&input.words);
    let Ok(cli) = Cli::try_parse_from(&argv) else {
        return;
    };
    let Command::Generate { out, force, .. } = &cli.command else {
        return;
    };
    // A name in the `--out` position is a path relative to the fuzzer's folder: not ours to write.
    if !out.starts_with(dir.path()) || out.components().any(|c| c == Component::ParentDir) {
        return;
    }
    let force = *force;
    if let Err(xtask::TaskError(message)) = xtask::cli::run(cli) {
        assert!(!message.contains("internal error"), "{argv:?}: {message}");
    }
    let read = |p: &str| std::fs::read_to_string(dir.path().join(p)).unwrap_or_default();
    assert_eq!(
        read(KEEP),
        KEEP_TEXT,
        "{argv:?} changed a hand-written file in the output folder"
    );
    if !force {
        assert_eq!(
            read(README),
            KEEP_TEXT,
            "{argv:?} overwrote a hand-written README without --force"
        );
    }
});
