//! Any bytes through the whole in-memory pipeline: an error is fine, a panic or an internal
//! error (generated code that does not parse) is a bug.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let options = generator::Options::new("fuzz-client", "fuzz.yaml", "fuzz");
    if let Err(e) = generator::generate(text, &options)
        && e.is_internal()
    {
        panic!("{e}");
    }
});
