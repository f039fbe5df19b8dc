//! Argument vectors for `cargo xtask`, built from the flags it knows, with values that point
//! into a scratch folder, so that whatever parses can be run without touching anything else.

use crate::{Document, Name, Overlay};
use arbitrary::Arbitrary;
use std::path::{Path, PathBuf};

/// One word of an argument vector.
#[derive(Debug, Arbitrary)]
pub enum Word {
    Subcommand(Subcommand),
    Flag(Flag),
    /// `--flag=value` in one word.
    Joined(Flag, Value),
    Value(Value),
    DoubleDash,
    Help,
    Raw(String),
}

#[derive(Debug, Arbitrary, Clone, Copy)]
pub enum Subcommand {
    Codegen,
    Corpus,
    Bench,
    BenchWorker,
    Test,
    Generate,
}

#[derive(Debug, Arbitrary, Clone, Copy)]
pub enum Flag {
    Spec,
    Out,
    CrateName,
    Overlay,
    ExampleTests,
    Check,
    Dir,
    Only,
    Jobs,
    Doc,
    OneFeature,
    Runs,
    Build,
    Peer,
    Force,
}

/// Values: paths in the scratch folder (the fuzzed document, its overlays, files that are
/// missing, empty, not UTF-8 or folders), names, numbers.
#[derive(Debug, Arbitrary)]
pub enum Value {
    Spec,
    Overlay(u8),
    Missing,
    Empty,
    NotUtf8,
    Folder,
    Out,
    OutNested,
    OutIsFile,
    Name(Name),
    Number(i64),
}

/// An argument vector and the files its values refer to.
#[derive(Debug, Arbitrary)]
pub struct Input {
    pub words: Vec<Word>,
    pub document: Document,
    pub overlays: Vec<Overlay>,
}

impl Subcommand {
    fn as_str(self) -> &'static str {
        match self {
            Subcommand::Codegen => "codegen",
            Subcommand::Corpus => "corpus",
            Subcommand::Bench => "bench",
            Subcommand::BenchWorker => "bench-worker",
            Subcommand::Test => "test",
            Subcommand::Generate => "generate",
        }
    }
}

impl Flag {
    fn as_str(self) -> &'static str {
        match self {
            Flag::Spec => "--spec",
            Flag::Out => "--out",
            Flag::CrateName => "--crate-name",
            Flag::Overlay => "--overlay",
            Flag::ExampleTests => "--example-tests",
            Flag::Check => "--check",
            Flag::Dir => "--dir",
            Flag::Only => "--only",
            Flag::Jobs => "--jobs",
            Flag::Doc => "--doc",
            Flag::OneFeature => "--one-feature",
            Flag::Runs => "--runs",
            Flag::Build => "--build",
            Flag::Peer => "--peer",
            Flag::Force => "--force",
        }
    }
}

/// The scratch folder's layout, made before each run.
pub struct Scratch {
    pub root: PathBuf,
    pub overlays: usize,
}

pub const SPEC: &str = "spec.yaml";
pub const OUT: &str = "out";
/// A hand-written file in the output folder at a path the generator never writes: it must
/// survive every run.
pub const KEEP: &str = "out/NOTES.md";
/// A hand-written file where the generator writes its README: only `--force` may replace it.
pub const README: &str = "out/README.md";
pub const KEEP_TEXT: &str = "hand-written notes, not generated\n";

impl Scratch {
    pub fn prepare(root: &Path, input: &Input) -> std::io::Result<Scratch> {
        std::fs::write(root.join(SPEC), input.document.text())?;
        for (i, o) in input.overlays.iter().enumerate() {
            std::fs::write(root.join(format!("overlay-{i}.yaml")), o.text())?;
        }
        std::fs::write(root.join("empty.yaml"), "")?;
        std::fs::write(root.join("binary.yaml"), [0xff, 0xfe, 0x00, 0x80])?;
        std::fs::create_dir_all(root.join("folder.yaml"))?;
        std::fs::create_dir_all(root.join(OUT))?;
        std::fs::write(root.join(KEEP), KEEP_TEXT)?;
        std::fs::write(root.join(README), KEEP_TEXT)?;
        std::fs::write(root.join("out-file"), "a file where a folder is expected\n")?;
        Ok(Scratch {
            root: root.to_owned(),
            overlays: input.overlays.len(),
        })
    }

    fn value(&self, v: &Value) -> String {
        let path = |p: &str| self.root.join(p).display().to_string();
        match v {
            Value::Spec => path(SPEC),
            Value::Overlay(i) if self.overlays > 0 => {
                path(&format!("overlay-{}.yaml", *i as usize % self.overlays))
            }
            Value::Overlay(_) | Value::Missing => path("missing.yaml"),
            Value::Empty => path("empty.yaml"),
            Value::NotUtf8 => path("binary.yaml"),
            Value::Folder => path("folder.yaml"),
            Value::Out => path(OUT),
            Value::OutNested => path("out/nested/deeper"),
            Value::OutIsFile => path("out-file"),
            Value::Name(n) => n.0.clone(),
            Value::Number(n) => n.to_string(),
        }
    }

    /// `cargo xtask ...` as the program sees it: the binary name first.
    pub fn argv(&self, words: &[Word]) -> Vec<String> {
        let mut argv = vec!["cargo xtask".to_owned()];
        argv.extend(words.iter().map(|w| match w {
            Word::Subcommand(s) => s.as_str().to_owned(),
            Word::Flag(f) => f.as_str().to_owned(),
            Word::Joined(f, v) => format!("{}={}", f.as_str(), self.value(v)),
            Word::Value(v) => self.value(v),
            Word::DoubleDash => "--".to_owned(),
            Word::Help => "--help".to_owned(),
            Word::Raw(s) => s.clone(),
        }));
        argv
    }
}
