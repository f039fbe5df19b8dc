//! Snapshots of what each type-mapping and naming rule generates, from small fixture specs.

use generator::Options;

/// The crate generated from `tests/fixtures/{name}.yaml`.
fn generate_fixture(name: &str) -> generator::Output {
    let path = format!("{}/tests/fixtures/{name}.yaml", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap();
    let options = Options::new(format!("{name}-client"), format!("{name}.yaml"), "test");
    generator::generate(&text, &options).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// A file for a snapshot: its path, then its contents without the header.
fn shown(f: &generator::File) -> String {
    format!("=== {}\n{}", f.path, f.contents.split_once("\n\n").map_or("", |(_, rest)| rest))
}

/// The model and API files of a fixture's crate.
fn generated(name: &str) -> String {
    generate_fixture(name)
        .files
        .iter()
        .filter(|f| f.path.starts_with("src/models/") || f.path.starts_with("src/apis/"))
        .filter(|f| !f.path.ends_with("/mod.rs"))
        .map(shown)
        .collect()
}

#[test]
fn objects_become_structs() {
    insta::assert_snapshot!(generated("objects"));
}

#[test]
fn string_enums_are_open() {
    insta::assert_snapshot!(generated("enums"));
}

#[test]
fn unions_are_untagged_enums() {
    insta::assert_snapshot!(generated("unions"));
}

#[test]
fn nullable_in_30_and_31_forms() {
    insta::assert_snapshot!(generated("nullable"));
}

#[test]
fn formats_map_to_fitting_types() {
    insta::assert_snapshot!(generated("formats"));
}

#[test]
fn names_are_valid_unique_and_readable() {
    insta::assert_snapshot!(generated("naming"));
}

#[test]
fn operations_parameters_bodies_and_responses() {
    insta::assert_snapshot!(generated("operations"));
}

#[test]
fn security_schemes_and_requirements() {
    insta::assert_snapshot!(
        generated_file("security", "src/auth.rs") + &generated_file("security", "src/apis/default.rs")
    );
}

/// One generated file of a fixture's crate.
fn generated_file(name: &str, file: &str) -> String {
    let output = generate_fixture(name);
    shown(output.files.iter().find(|f| f.path == file).unwrap_or_else(|| panic!("{file} not generated")))
}
