//! Every input a fuzzer or the random compile check found, minimised, under
//! `tests/fuzz-regressions/`: each goes through the whole pipeline again without a panic or an
//! internal error, and every Rust file it produces parses. Inputs whose crate once failed to
//! compile are also fixtures (`tests/fixtures/`), which `cargo xtask corpus` compiles.

use generator::Options;

#[test]
fn every_kept_fuzz_input_generates_or_fails_cleanly() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fuzz-regressions");
    let mut inputs: Vec<_> = std::fs::read_dir(dir)
        .expect("the regressions folder")
        .map(|e| e.expect("a folder entry").path())
        .filter(|p| matches!(p.extension().and_then(|e| e.to_str()), Some("json" | "yaml")))
        .collect();
    inputs.sort();
    assert!(!inputs.is_empty(), "{dir} holds no input");
    for path in inputs {
        let text = std::fs::read_to_string(&path).unwrap();
        let options = Options::new("regression-client", "regression.yaml", "test");
        match generator::generate(&text, &options) {
            Ok(output) => {
                for f in output.files.iter().filter(|f| f.path.ends_with(".rs")) {
                    assert!(syn::parse_file(&f.contents).is_ok(), "{}: {} does not parse", path.display(), f.path);
                }
            }
            Err(e) if e.is_internal() => panic!("{}: {e}", path.display()),
            Err(_) => {}
        }
    }
}
