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
        .filter(|f| f.path == "src/models.rs" || f.path.starts_with("src/apis/"))
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
fn unions_pick_the_variant_that_accounts_for_the_input() {
    insta::assert_snapshot!(generated("lossless_unions"));
}

#[test]
fn all_of_scalars_and_enums_listing_null() {
    insta::assert_snapshot!(generated("scalar_compositions"));
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

/// Compiled with clippy -D warnings by the fixture corpus; here: what a lone query key needs.
#[test]
fn a_query_key_alone_imports_no_header_helpers() {
    let auth = generated_file("security_query_key", "src/auth.rs");
    assert!(!auth.contains("secret_header") && !auth.contains("AUTHORIZATION"), "{auth}");
    assert!(auth.contains(".push((\"api_key\".to_owned()"), "{auth}");
}

/// One generated file of a fixture's crate.
fn generated_file(name: &str, file: &str) -> String {
    let output = generate_fixture(name);
    shown(output.files.iter().find(|f| f.path == file).unwrap_or_else(|| panic!("{file} not generated")))
}

#[test]
fn every_tag_is_a_cargo_feature_and_none_is_called_default() {
    let spec = r#"{"openapi": "3.1.0", "info": {"title": "t", "version": "1"}, "paths": {
        "/a": {"get": {"operationId": "a", "responses": {"200": {"description": "ok"}}}},
        "/b": {"get": {"operationId": "b", "tags": ["Async Tasks"], "responses": {"200": {"description": "ok"}}}}}}"#;
    let output = generator::generate(spec, &Options::new("t-client", "t.json", "test")).unwrap();
    let manifest = &output.files.iter().find(|f| f.path == "Cargo.toml").unwrap().contents;
    let features = manifest.split("[features]\n").nth(1).unwrap().split("\n\n").next().unwrap();
    assert_eq!(features, "default = [\"default2\", \"async-tasks\"]\ndefault2 = []\nasync-tasks = []", "{manifest}");
    let apis = &output.files.iter().find(|f| f.path == "src/apis/mod.rs").unwrap().contents;
    assert!(apis.contains("#[cfg(feature = \"default2\")]\nmod default;"), "{apis}");
}

#[test]
fn models_are_compiled_by_the_features_of_the_tags_that_reach_them() {
    let spec = r##"{"openapi": "3.1.0", "info": {"title": "t", "version": "1"},
      "paths": {
        "/a": {"get": {"operationId": "a", "tags": ["One"], "responses": {"200": {"description": "ok",
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/OnlyOne"}}}}}}},
        "/b": {"get": {"operationId": "b", "tags": ["Two"], "responses": {"200": {"description": "ok",
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Shared"}}}}}}}},
      "components": {"schemas": {
        "OnlyOne": {"type": "object", "properties": {"inner": {"$ref": "#/components/schemas/Inner"}}},
        "Inner": {"type": "object", "properties": {"x": {"type": "string"}}},
        "Shared": {"type": "object", "properties": {"x": {"type": "string"}}},
        "Unused": {"type": "object", "properties": {"only": {"$ref": "#/components/schemas/OnlyOne"}}}}}}"##;
    let mut spec: serde_json::Value = serde_json::from_str(spec).unwrap();
    // `Shared` is reached by both tags.
    spec["paths"]["/a"]["post"] = serde_json::json!({"operationId": "c", "tags": ["One"], "responses": {"200": {
        "description": "ok", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Shared"}}}}}});
    let output = generator::generate(&spec.to_string(), &Options::new("t-client", "t.json", "test")).unwrap();
    let models = &output.files.iter().find(|f| f.path == "src/models.rs").unwrap().contents;
    // The attributes and docs between the previous item (a block or a macro call) and this one.
    let preamble = |item: &str| {
        let at = models.find(item).unwrap_or_else(|| panic!("{item} in\n{models}"));
        let before = &models[..at];
        let start = ["}\n", ");\n"].iter().filter_map(|end| before.rfind(end).map(|i| i + end.len())).max();
        let start = start.unwrap_or(0);
        &models[start..at]
    };
    for gated in ["pub struct OnlyOne ", "pub struct Inner "] {
        assert!(preamble(gated).contains("#[cfg(feature = \"one\")]"), "{gated} is gated:\n{models}");
    }
    assert!(!preamble("pub struct Shared ").contains("#[cfg"), "Shared is ungated:\n{models}");
    // A schema no operation uses may name gated types: it has a feature of its own.
    assert!(
        preamble("pub struct Unused ").contains("#[cfg(feature = \"unused-models\")]"),
        "Unused needs every feature:\n{models}"
    );
}

#[test]
fn a_tag_named_like_a_keyword_is_a_valid_module() {
    let spec = r#"{"openapi": "3.1.0", "info": {"title": "t", "version": "1"}, "paths": {
        "/a": {"get": {"operationId": "a", "tags": ["type"], "responses": {"200": {"description": "ok"}}}}}}"#;
    let output = generator::generate(spec, &Options::new("t-client", "t.json", "test")).unwrap();
    let apis = &output.files.iter().find(|f| f.path == "src/apis/mod.rs").unwrap().contents;
    assert!(apis.contains("#[cfg(feature = \"type\")]\nmod type_;"), "{apis}");
    assert!(output.files.iter().any(|f| f.path == "src/apis/type_.rs"));
}

#[test]
fn example_tests_name_each_pointer_and_carry_filled_defaults() {
    let path = format!("{}/tests/fixtures/examples.yaml", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap();
    let options = Options { example_tests: true, ..Options::new("examples-client", "examples.yaml", "test") };
    let output = generator::generate(&text, &options).unwrap();
    assert_eq!(output.stats.examples_found, 17);
    assert!(output.stats.examples_invalid.is_empty(), "{:?}", output.stats.examples_invalid);
    let main = &output.files.iter().find(|f| f.path == "tests/examples/main.rs").unwrap().contents;
    assert!(main.contains("#[rustfmt::skip]\nmod round_trips;"), "{main}");
    let cases = &output.files.iter().find(|f| f.path == "tests/examples/round_trips.rs").unwrap().contents;
    assert_eq!(cases.matches("#[test]").count(), 17);
    assert!(cases.contains("\"#/components/schemas/Sorting/example\""), "{cases}");
    // The example leaves `order` out; the generated field is filled with its default.
    assert!(cases.contains(r#"Some("{\"field\":\"name\",\"order\":\"ascending\"}")"#), "{cases}");
}
