//! Stage 3, emit: the model to files. Rust files are built as `quote!` token streams, which
//! the format stage prints; the runtime templates, Cargo.toml and README.md are text, copied
//! as they are. What emitters produce
//! ([`EmittedFile`], [`Job`]) is defined in [`crate::output`], so that this stage and the
//! ones after it never import one another.

mod api_docs;
mod apis;
mod docs;
mod examples;
mod manifest;
mod models;
mod runtime;
mod rust;

use crate::Options;
use crate::examples::Example;
use crate::model::Api;
use crate::output::{Content, EmittedFile, Job};

/// Every file of the crate, as jobs in output order.
pub fn jobs<'a>(api: &'a Api, examples: &'a [Example], options: &'a Options) -> Vec<Job<'a>> {
    let features = rust::Features::of(api);
    let mut jobs: Vec<Job<'a>> = Vec::new();
    jobs.push(Box::new(move || {
        // Names and paths from the spec are interpolated into the README: no control characters.
        let readme: String = manifest::readme(api, options).chars().filter(|c| !c.is_control() || *c == '\n').collect();
        vec![
            EmittedFile {
                path: "Cargo.toml".into(),
                content: Content::Text(manifest::cargo_toml(api, options, &features)),
            },
            EmittedFile { path: "README.md".into(), content: Content::Text(readme) },
        ]
    }));
    jobs.push(Box::new(move || runtime::files(api, options, &features)));
    jobs.extend(models::jobs(api));
    jobs.extend(apis::jobs(api, options));
    if options.example_tests {
        jobs.push(Box::new(move || examples::files(api, examples, options, &features)));
    }
    jobs
}
