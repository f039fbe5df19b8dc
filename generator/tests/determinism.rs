//! The same input gives byte-identical output: nothing in the files depends on hash-map
//! iteration order (each generation gets fresh random hash seeds) or on the machine.

use generator::Options;

#[test]
fn generating_twice_gives_identical_files() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures");
    let mut specs: Vec<_> = std::fs::read_dir(dir).unwrap().flatten().map(|e| e.path()).collect();
    specs.push(concat!(env!("CARGO_MANIFEST_DIR"), "/../spec/openapi.yaml").into());
    assert!(specs.len() > 5);
    for spec in specs {
        let text = std::fs::read_to_string(&spec).unwrap();
        let options = Options::new("same-client", "same.yaml", "test");
        let first = generator::generate(&text, &options).unwrap();
        for _ in 0..3 {
            let again = generator::generate(&text, &options).unwrap();
            assert_eq!(first.files, again.files, "{} generated differently", spec.display());
            assert_eq!(first.warnings, again.warnings);
        }
    }
}
