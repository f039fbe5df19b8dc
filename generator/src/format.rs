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
    let header = options.header();
    let next = AtomicUsize::new(0);
    let work = || {
        let mut done = Vec::new();
        loop {
            let i = next.fetch_add(1, Ordering::Relaxed);
            let Some(job) = jobs.get(i) else { return done };
            let formatted: Result<Vec<Formatted>> = job().into_iter().map(|f| format_one(f, &header)).collect();
            done.push((i, formatted));
        }
    };
    let mut done: Vec<(usize, Result<Vec<Formatted>>)> = std::thread::scope(|scope| {
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
    merge(formatted)
}

/// A formatted file, or a part to append to the file before it.
struct Formatted {
    file: File,
    part: bool,
}

fn format_one(f: EmittedFile, header: &str) -> Result<Formatted> {
    let rust = |tokens| -> Result<String> {
        let tokens = crate::emit::docs::clean_doc_attributes(tokens);
        let parsed: syn::File =
            syn::parse2(tokens).map_err(|e| Error::Internal { file: f.path.clone(), message: e.to_string() })?;
        Ok(prettyplease::unparse(&parsed))
    };
    let (contents, part) = match f.content {
        Content::Rust(tokens) => (format!("// {header}\n\n{}", rust(tokens)?), false),
        Content::RustPart(tokens) => (rust(tokens)?, true),
        Content::Text(text) => {
            let marker = if f.path.ends_with(".md") { format!("<!-- {header} -->") } else { format!("# {header}") };
            (format!("{marker}\n\n{text}"), false)
        }
    };
    Ok(Formatted { file: File { path: f.path, contents }, part })
}

/// Appends each part to the file it continues. Items formatted apart and joined read as if
/// formatted together: prettyplease lays out each item on its own.
fn merge(formatted: Vec<Formatted>) -> Result<Vec<File>> {
    let mut files: Vec<File> = Vec::with_capacity(formatted.len());
    for Formatted { file, part } in formatted {
        match files.last_mut() {
            Some(last) if part && last.path == file.path => last.contents.push_str(&file.contents),
            _ if part => {
                return Err(Error::Internal { file: file.path, message: "a part without its file".into() });
            }
            _ => files.push(file),
        }
    }
    Ok(files)
}

/// A Rust source template shipped with the generator, as tokens: formatted like everything
/// else, so templates and generated files share one layout.
pub fn template(path: &str, source: &str) -> Result<proc_macro2::TokenStream> {
    let parsed: syn::File =
        syn::parse_str(source).map_err(|e| Error::Internal { file: path.to_owned(), message: e.to_string() })?;
    Ok(quote::quote!(#parsed))
}
