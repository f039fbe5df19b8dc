//! Random documents: generation either succeeds with valid Rust in every file or returns an
//! ordinary error. It never panics and never reports an internal error (generated code that
//! does not parse). A fixed sample of them must also pass `cargo clippy -D warnings`.

use generator::Options;
use proptest::prelude::*;
use proptest::strategy::ValueTree;
use proptest::test_runner::{RngAlgorithm, TestRng, TestRunner};
use serde_json::{Value, json};
use std::path::Path;
use std::process::Command;

const NAMES: &[&str] = &["A", "b", "Self", "type", "a-b", "2x", "Ünï", "🚀", "", "_", "match", "A_B", "a b"];

fn name() -> impl Strategy<Value = String> {
    prop_oneof![prop::sample::select(NAMES).prop_map(str::to_owned), "[a-zA-Z0-9_ .-]{0,8}"]
}

fn leaf() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(json!({})),
        Just(json!({"type": "string"})),
        Just(json!({"type": "string", "format": "date-time"})),
        Just(json!({"type": "string", "format": "byte"})),
        Just(json!({"type": "string", "format": "binary"})),
        Just(json!({"type": "integer", "format": "int32"})),
        Just(json!({"type": "number"})),
        Just(json!({"type": "boolean"})),
        Just(json!({"type": ["string", "null"]})),
        Just(json!({"type": "null"})),
        Just(json!({"not": {"type": "string"}})),
        prop::collection::vec(name(), 1..4).prop_map(|v| json!({"type": "string", "enum": v})),
        prop::collection::vec(any::<i32>(), 1..4).prop_map(|v| json!({"type": "integer", "enum": v})),
        Just(json!({"enum": ["a", 1, null]})),
        Just(json!({"const": "fixed"})),
        prop::sample::select(NAMES).prop_map(|n| json!({"$ref": format!("#/components/schemas/{n}")})),
    ]
}

fn schema() -> impl Strategy<Value = Value> {
    leaf().prop_recursive(4, 32, 4, |inner| {
        prop_oneof![
            (prop::collection::vec((name(), inner.clone()), 0..4), any::<bool>()).prop_map(|(props, req)| {
                let required: Vec<&String> = if req { props.iter().map(|(n, _)| n).collect() } else { Vec::new() };
                json!({"type": "object", "properties": props.iter().cloned().collect::<serde_json::Map<_, _>>(), "required": required})
            }),
            inner.clone().prop_map(|s| json!({"type": "array", "items": s})),
            inner.clone().prop_map(|s| json!({"type": "object", "additionalProperties": s})),
            prop::collection::vec(inner.clone(), 1..4).prop_map(|v| json!({"oneOf": v})),
            prop::collection::vec(inner.clone(), 1..4).prop_map(|v| json!({"anyOf": v})),
            prop::collection::vec(inner.clone(), 1..4).prop_map(|v| json!({"allOf": v})),
            prop::collection::vec(inner.clone(), 1..3)
                .prop_map(|v| json!({"oneOf": v, "discriminator": {"propertyName": "kind"}})),
            inner.clone().prop_map(|s| json!({"anyOf": [s, {"type": "null"}], "description": "*/ \"#] } fn x() {}"})),
            inner.prop_map(|s| json!({"allOf": [s], "default": "x", "nullable": true})),
        ]
    })
}

fn document() -> impl Strategy<Value = Value> {
    (prop::collection::vec((prop::sample::select(NAMES), schema()), 0..6), schema(), name()).prop_map(
        |(schemas, body, op)| {
            let schemas: serde_json::Map<String, Value> = schemas.into_iter().map(|(n, s)| (n.to_owned(), s)).collect();
            json!({
                "openapi": "3.1.0",
                "info": {"title": "random", "version": "1"},
                "paths": {"/things/{id}": {"post": {
                    "operationId": op,
                    "parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "string"}},
                                   {"name": "q", "in": "query", "schema": body.clone()}],
                    "requestBody": {"content": {"application/json": {"schema": body.clone()}}},
                    "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": body}}},
                                  "default": {"description": "error"}}
                }}},
                "components": {"schemas": schemas}
            })
        },
    )
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, ..ProptestConfig::default() })]

    #[test]
    fn generation_succeeds_with_valid_rust_or_fails_cleanly(doc in document()) {
        let text = serde_json::to_string(&doc).unwrap();
        let options = Options::new("random-client", "random.json", "test");
        match generator::generate(&text, &options) {
            Ok(output) => {
                for f in output.files.iter().filter(|f| f.path.ends_with(".rs")) {
                    prop_assert!(syn::parse_file(&f.contents).is_ok(), "{} does not parse", f.path);
                }
            }
            Err(e) if e.is_internal() => prop_assert!(false, "{e}\n{text}"),
            Err(_) => {}
        }
    }
}

/// Parsing proves the files are Rust, not that they compile: type errors, name clashes and lint
/// failures only show under the compiler. A few documents from a fixed seed (the same crates on
/// every run, so a failure reproduces) are generated into one scratch workspace and checked
/// by clippy with warnings denied. The scratch workspace and its target directory stay under
/// cargo's per-test temporary folder, so the dependencies build once.
#[test]
fn a_fixed_sample_of_random_crates_passes_clippy() {
    const CRATES: usize = 8;
    let mut runner =
        TestRunner::new_with_rng(ProptestConfig::default(), TestRng::from_seed(RngAlgorithm::ChaCha, &[12; 32]));
    let scratch = Path::new(env!("CARGO_TARGET_TMPDIR")).join("random-crates");
    let mut crates: Vec<(String, String)> = Vec::new();
    let mut drawn = 0;
    while crates.len() < CRATES {
        drawn += 1;
        assert!(drawn <= 100, "fewer than {CRATES} of {drawn} random documents generated a crate");
        let doc = document().new_tree(&mut runner).expect("a document strategy never rejects").current();
        let text = serde_json::to_string_pretty(&doc).unwrap();
        let name = format!("random-{}", crates.len());
        let Ok(output) = generator::generate(&text, &Options::new(name.clone(), "random.json", "test")) else {
            continue;
        };
        let dir = scratch.join(&name);
        // Files of an earlier run whose sample differed would otherwise linger.
        if dir.exists() {
            std::fs::remove_dir_all(&dir).unwrap();
        }
        generator::write::write(&dir, &output.files).unwrap();
        crates.push((name, text));
    }
    let members: Vec<String> = crates.iter().map(|(n, _)| format!("\"{n}\"")).collect();
    let manifest = format!(
        "[workspace]\nresolver = \"2\"\nmembers = [{}]\n\n[profile.dev]\ndebug = 0\nincremental = false\n",
        members.join(", ")
    );
    std::fs::write(scratch.join("Cargo.toml"), manifest).unwrap();
    // The project's lock file pins the dependencies the generated crates share with the
    // committed client, so the check resolves the versions already downloaded.
    std::fs::copy(Path::new(env!("CARGO_MANIFEST_DIR")).join("../Cargo.lock"), scratch.join("Cargo.lock")).unwrap();
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let output = Command::new(cargo)
        .args(["clippy", "--workspace", "--all-targets", "--quiet", "--", "-D", "warnings"])
        .env("CARGO_TARGET_DIR", scratch.join("target"))
        .current_dir(&scratch)
        .output()
        .expect("cargo runs");
    let specs: Vec<String> = crates.iter().map(|(n, t)| format!("--- {n}\n{t}")).collect();
    assert!(
        output.status.success(),
        "clippy failed on the random sample in {}:\n{}\n{}",
        scratch.display(),
        String::from_utf8_lossy(&output.stderr),
        specs.join("\n")
    );
}
