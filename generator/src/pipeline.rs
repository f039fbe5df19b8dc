//! The stages chained: document text to the files of a crate, on a thread with a stack deep
//! enough for any document, emission and formatting scheduled on every core.
//!
//! This is the only module that knows the order of the stages; each stage knows only the
//! ones before it (see ARCHITECTURE.md, "Module layers").

use crate::error::{Error, Result};
use crate::load::OverlaySource;
use crate::options::STRICT_KINDS;
use crate::output::{File, Job, Output, Stats};
use crate::{Options, emit, examples, format, load, model};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

/// How long each stage of one generation took (wall time, on the generation thread).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct StageTimes {
    /// Overlays, parsing, normalising and deserialising.
    pub load: Duration,
    pub model: Duration,
    /// Finding and validating the spec's examples ([`Options::example_tests`]); zero without.
    pub examples: Duration,
    /// Planning the jobs, then emitting and formatting them in parallel: the two interleave
    /// on every core, so they have one time.
    pub emit_format: Duration,
}

impl StageTimes {
    pub fn total(&self) -> Duration {
        self.load + self.model + self.examples + self.emit_format
    }
}

/// Runs every in-memory stage: document text to the files of a crate.
pub fn generate(text: &str, options: &Options) -> Result<Output> {
    generate_with_overlays(text, &[], options)
}

/// Like [`generate`], with OpenAPI Overlays applied to the document first, in order.
pub fn generate_with_overlays(text: &str, overlays: &[OverlaySource], options: &Options) -> Result<Output> {
    generate_timed(text, overlays, options).map(|(output, _)| output)
}

/// Like [`generate_with_overlays`], also telling how long each stage took (`cargo xtask bench`).
///
/// Parsing and deserialising nested schemas recurse, and serde's depth limits (128 levels)
/// take more stack than a test thread or a small worker thread has; the stages therefore run
/// on a thread of their own with a generous stack, so that no document can overflow it.
pub fn generate_timed(text: &str, overlays: &[OverlaySource], options: &Options) -> Result<(Output, StageTimes)> {
    const STACK: usize = 256 * 1024 * 1024;
    std::thread::scope(|scope| {
        std::thread::Builder::new()
            .name("openapi-rust-gen".into())
            .stack_size(STACK)
            .spawn_scoped(scope, || run(text, overlays, options))
            .map_err(|source| Error::Thread { source })?
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
    })
}

fn run(text: &str, overlays: &[OverlaySource], options: &Options) -> Result<(Output, StageTimes)> {
    let mut times = StageTimes::default();
    let mut clock = Instant::now();
    let mut lap = || std::mem::replace(&mut clock, Instant::now()).elapsed();
    options.check_crate_name()?;
    let doc = load::load_document(text, overlays, options.example_tests)?;
    times.load = lap();
    let api = model::build(&doc)?;
    times.model = lap();
    let mut warnings = doc.warnings.clone();
    warnings.extend(api.warnings.iter().cloned());
    let mut seen = std::collections::HashSet::new();
    warnings.retain(|w| seen.insert(w.clone()));
    if options.strict {
        let degraded: Vec<_> = warnings.iter().filter(|w| STRICT_KINDS.contains(&w.kind)).cloned().collect();
        if !degraded.is_empty() {
            return Err(Error::Strict(degraded));
        }
    }
    let examples = if options.example_tests { examples::check(&doc, &api) } else { Default::default() };
    times.examples = lap();
    let jobs = emit::jobs(&api, &examples.valid, options);
    let files = run_jobs(&jobs, options)?;
    times.emit_format = lap();
    let stats = Stats {
        operations: api.groups.iter().map(|g| g.operations.len()).sum(),
        types: api.types.len(),
        json_fallbacks: api.json_fallbacks.clone(),
        examples_found: examples.found(),
        examples_invalid: examples.invalid.clone(),
    };
    Ok((Output { files, warnings, stats }, times))
}

/// Runs the emission jobs on every core and formats what they emit where it was emitted
/// (token streams cannot cross threads); the files keep the jobs' order, so the output does
/// not depend on scheduling.
pub fn run_jobs(jobs: &[Job<'_>], options: &Options) -> Result<Vec<File>> {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get()).clamp(1, 16).min(jobs.len().max(1));
    let header = options.header();
    let next = AtomicUsize::new(0);
    let work = || {
        let mut done = Vec::new();
        loop {
            let i = next.fetch_add(1, Ordering::Relaxed);
            let Some(job) = jobs.get(i) else { return done };
            let formatted: Result<Vec<format::Formatted>> =
                job().into_iter().map(|f| format::format_file(f, &header)).collect();
            done.push((i, formatted));
        }
    };
    let mut done: Vec<(usize, Result<Vec<format::Formatted>>)> = std::thread::scope(|scope| {
        let helpers: Vec<_> = (1..threads)
            .map(|_| {
                // Generous stacks, like the generation thread's: formatting recurses into tokens.
                std::thread::Builder::new().stack_size(64 * 1024 * 1024).spawn_scoped(scope, work)
            })
            .collect();
        let mut done = work();
        // A helper that could not start took no job: this thread has done its share too.
        for handle in helpers.into_iter().flatten() {
            done.extend(handle.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic)));
        }
        done
    });
    done.sort_by_key(|(i, _)| *i);
    let mut formatted = Vec::new();
    for (_, files) in done {
        formatted.extend(files?);
    }
    format::merge(formatted)
}
