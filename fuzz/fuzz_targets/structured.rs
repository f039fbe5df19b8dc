//! OpenAPI-shaped documents (see the crate's `lib.rs`), in JSON or YAML, with or without
//! overlays, through the whole in-memory pipeline: an ordinary error is fine, a panic or an
//! internal error (generated code that does not parse) is a bug.
#![no_main]

use generator::OverlaySource;
use libfuzzer_sys::fuzz_target;
use openapi_rust_gen_fuzz::Input;

fuzz_target!(|input: Input| {
    let text = input.document.text();
    let overlays: Vec<OverlaySource> = input
        .overlays
        .iter()
        .enumerate()
        .map(|(i, o)| OverlaySource {
            name: format!("overlay-{i}.yaml"),
            text: o.text(),
        })
        .collect();
    let options = generator::Options::new("fuzz-client", "fuzz.yaml", "fuzz");
    if let Err(e) = generator::generate_with_overlays(&text, &overlays, &options)
        && e.is_internal()
    {
        panic!("{e}\n--- document\n{text}");
    }
});
