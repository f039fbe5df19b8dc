//! Stage 4, format: token streams to source text with prettyplease, headers prepended.

use crate::emit::{Content, EmittedFile, Job, Options};
use crate::error::{Error, Result};
use std::sync::atomic::{AtomicUsize, Ordering};

/// A finished file: its path inside the crate and its exact bytes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct File {
    pub path: String,
    pub contents: String,
}

/// Runs the emission jobs on every core and formats what they emit; the files keep the jobs'
/// order, so the output does not depend on scheduling.
pub fn run_jobs(jobs: &[Job<'_>], options: &Options) -> Result<Vec<File>> {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get()).clamp(1, 16).min(jobs.len().max(1));
    let next = AtomicUsize::new(0);
    let work = || {
        let mut done = Vec::new();
        loop {
            let i = next.fetch_add(1, Ordering::Relaxed);
            let Some(job) = jobs.get(i) else { return done };
            done.push((i, format(job(), options)));
        }
    };
    let mut done: Vec<(usize, Result<Vec<File>>)> = std::thread::scope(|scope| {
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
    let mut files = Vec::new();
    for (_, formatted) in done {
        files.extend(formatted?);
    }
    Ok(files)
}

pub fn format(files: Vec<EmittedFile>, options: &Options) -> Result<Vec<File>> {
    let header = options.header();
    files
        .into_iter()
        .map(|f| {
            let contents = match f.content {
                Content::Rust(tokens) => {
                    let parsed: syn::File = syn::parse2(tokens)
                        .map_err(|e| Error::Internal { file: f.path.clone(), message: e.to_string() })?;
                    format!("// {header}\n\n{}", prettyplease::unparse(&parsed))
                }
                Content::Text(text) => {
                    let marker =
                        if f.path.ends_with(".md") { format!("<!-- {header} -->") } else { format!("# {header}") };
                    format!("{marker}\n\n{text}")
                }
            };
            Ok(File { path: f.path, contents })
        })
        .collect()
}

/// Formats a Rust source template shipped with the generator, so templates and generated
/// files share one layout.
pub fn template(path: &str, source: &str) -> Result<Content> {
    let parsed: syn::File =
        syn::parse_str(source).map_err(|e| Error::Internal { file: path.to_owned(), message: e.to_string() })?;
    Ok(Content::Rust(quote::quote!(#parsed)))
}
