//! OpenAPI 3.1's relaxations (optional `responses` and `paths`, `webhooks`,
//! `components.pathItems`, the new metadata fields, `mutualTLS`), response dispatch for mixes
//! of codes and ranges, and the degradations (`fixtures/degraded.yaml`) that `--strict` turns
//! into an error. Each fixture is also compiled clippy-clean by the fixture corpus.

use generator::options::STRICT_KINDS;
use generator::{Error, Options, Output, WarningKind};

fn fixture_text(name: &str) -> String {
    let path = format!("{}/tests/fixtures/{name}.yaml", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap()
}

fn options(name: &str) -> Options {
    Options { example_tests: true, ..Options::new(format!("{}-client", name.replace('_', "-")), name, "test") }
}

fn generate(name: &str) -> Output {
    generator::generate(&fixture_text(name), &options(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn file<'a>(output: &'a Output, path: &str) -> &'a str {
    let found = output.files.iter().find(|f| f.path == path);
    &found.unwrap_or_else(|| panic!("no {path}")).contents
}

/// Every Rust file parses.
fn parses(output: &Output) {
    for f in output.files.iter().filter(|f| f.path.ends_with(".rs")) {
        syn::parse_file(&f.contents).unwrap_or_else(|e| panic!("{}: {e}", f.path));
    }
}

/// The warnings as `(pointer, kind)`.
fn places(output: &Output) -> Vec<(&str, WarningKind)> {
    output.warnings.iter().map(|w| (w.pointer.as_str(), w.kind)).collect()
}

#[test]
fn an_operation_without_responses_returns_the_2xx_body_as_bytes() {
    let output = generate("openapi31_no_responses");
    parses(&output);
    assert_eq!(output.stats.operations, 3);
    assert!(output.warnings.is_empty(), "{:?}", output.warnings);
    let api = file(&output, "src/apis/default.rs");
    // Left out, and written as `responses: {}`: the same, nothing is documented.
    for name in ["list_users", "ping_users"] {
        let start = api.find(&format!("pub async fn {name}(")).unwrap();
        let method = &api[start..start + api[start..].find("\n    }\n").unwrap()];
        assert!(method.contains("Vec<u8>, Error<"), "{method}");
        assert!(method.contains("200..=299 => response.bytes(),"), "{method}");
        assert!(method.contains("_ => response.unexpected_status(),"), "{method}");
        assert!(!method.contains(".accept("), "{method}");
    }
    assert!(api.contains("The body as bytes, on any 2XX status"), "the docs say why");
    // Documenting only errors still means no body on success.
    assert!(api.contains("pub async fn delete_user(&self, id: &str) -> Result<(), Error<DeleteUserError>>"), "{api}");
}

#[test]
fn a_document_of_components_only_is_a_crate_of_models() {
    let output = generate("openapi31_components_only");
    parses(&output);
    assert_eq!(output.stats.operations, 0);
    assert!(file(&output, "src/models.rs").contains("pub struct Pet"));
    assert!(!output.files.iter().any(|f| f.path == "src/client.rs"), "no operations, no client");
}

#[test]
fn webhooks_are_ignored_with_a_warning_and_their_schemas_generated() {
    let output = generate("openapi31_webhooks");
    parses(&output);
    assert_eq!(output.stats.operations, 0);
    assert_eq!(places(&output), [("#/webhooks", WarningKind::UnsupportedKeyword)]);
    let models = file(&output, "src/models.rs");
    assert!(models.contains("pub struct PetEvent"), "{models}");
    // A warning, not a degradation: --strict accepts the document.
    let strict = Options { strict: true, ..options("openapi31_webhooks") };
    assert!(generator::generate(&fixture_text("openapi31_webhooks"), &strict).is_ok());
}

#[test]
fn the_31_metadata_fields_load() {
    let output = generate("openapi31_info");
    parses(&output);
    assert_eq!(output.stats.operations, 1);
    assert!(output.warnings.is_empty(), "{:?}", output.warnings);
    let doc = generator::load::load(&fixture_text("openapi31_info")).unwrap();
    assert_eq!(doc.raw["info"]["license"]["identifier"], "Apache-2.0");
    assert_eq!(doc.api.info.title, "Info");
}

#[test]
fn path_items_in_components_and_references_with_summaries_are_followed() {
    let output = generate("openapi31_path_items");
    parses(&output);
    assert!(output.warnings.is_empty(), "{:?}", output.warnings);
    let api = file(&output, "src/apis/default.rs");
    for method in
        ["pub async fn list_pets(", "pub async fn add_pet(&self, body: &Pet)", "pub async fn get_pet(&self, id: i64)"]
    {
        assert!(api.contains(method), "{method}: {api}");
    }
    assert!(api.contains("Result<Vec<Pet>, Error<ListPetsError>>"), "{api}");
}

#[test]
fn mutual_tls_is_left_out_and_its_requirements_need_only_the_other_schemes() {
    let output = generate("openapi31_mutual_tls");
    parses(&output);
    assert_eq!(places(&output), [("#/components/securitySchemes/tls", WarningKind::LeftOut)]);
    let api = file(&output, "src/apis/default.rs");
    let admin = &api[api.find("pub async fn admin(").unwrap()..];
    assert!(admin[..admin.find("\n    }\n").unwrap()].contains(".security(&[&[Scheme::Key]])"), "{admin}");
    let reports = &api[api.find("pub async fn list_reports(").unwrap()..];
    assert!(!reports[..reports.find("\n    }\n").unwrap()].contains(".security("), "{reports}");
    assert!(!file(&output, "src/auth.rs").contains("Tls"), "no credential for the TLS layer's certificate");
}

#[test]
fn status_ranges_take_only_the_statuses_their_codes_leave() {
    let output = generate("status_ranges");
    parses(&output);
    let api = file(&output, "src/apis/default.rs");
    for arm in [
        "200 => response.json(),",
        "201..=299 => response.json(),",
        "400..=403 | 405..=499 => response.error_empty(ListJobsError::ClientError),",
        "501 | 505..=599 => response.error_empty(ListJobsError::ServerError),",
        "_ => response.error_bytes(ListJobsError::Default),",
        "599 => response.error_empty(ClearJobsError::Status599),",
        "500..=598 => response.error_empty(ClearJobsError::ServerError),",
    ] {
        assert!(api.contains(arm), "{arm}: {api}");
    }
    assert!(!api.contains("500..=599"), "{api}");
}

#[test]
fn problems_confined_to_an_operation_or_parameter_degrade() {
    let output = generate("degraded");
    parses(&output);
    let mut found = places(&output);
    found.sort();
    let items = "#/paths/~1items~1{id}~1{at}/get/parameters";
    let expected = [
        ("#/paths/~1broken/get", WarningKind::LeftOut),
        ("#/paths/~1broken/post", WarningKind::LeftOut),
        ("#/paths/~1gone", WarningKind::LeftOut),
        (&format!("{items}/0/style"), WarningKind::Loosened),
        (&format!("{items}/1/style"), WarningKind::Loosened),
        (&format!("{items}/2/style"), WarningKind::Loosened),
        ("#/paths/~1jobs~1{id}/get/x-poll", WarningKind::LeftOut),
    ];
    let mut expected: Vec<(&str, WarningKind)> = expected.iter().map(|(p, k)| (&**p, *k)).collect();
    expected.sort();
    assert_eq!(found, expected, "{:#?}", output.warnings);
    let message = |pointer: &str| output.warnings.iter().find(|w| w.pointer == pointer).unwrap().message.clone();
    assert!(message("#/paths/~1broken/get").contains("cannot resolve `$ref: #/components/parameters/Missing`"));
    assert!(message("#/paths/~1broken/get").ends_with("the operation is left out"));
    assert!(message("#/paths/~1gone").contains("#/components/pathItems/Gone"));
    assert!(message(&format!("{items}/1/style")).contains("`tabDelimited`"));
    assert!(message("#/paths/~1jobs~1{id}/get/x-poll").contains("no property `state`"));

    // The rest is generated: the item with its unsupported styles as strings, the job without
    // its poller.
    assert_eq!(output.stats.operations, 2);
    let api = file(&output, "src/apis/default.rs");
    assert!(!api.contains("fn broken_"), "{api}");
    assert!(api.contains("id: &str,\n        at: &str,\n        options: &GetItemOptions,"), "{api}");
    assert!(api.contains("pub tags: Option<String>,"), "{api}");
    assert!(api.contains("pub async fn get_job(&self, id: &str)") && !api.contains("wait_for_job"), "{api}");
}

#[test]
fn strict_refuses_every_degradation_and_only_those() {
    let strict = Options { strict: true, ..options("degraded") };
    let Err(Error::Strict(refused)) = generator::generate(&fixture_text("degraded"), &strict) else {
        panic!("--strict must refuse the degraded fixture");
    };
    assert_eq!(refused.len(), 7, "{refused:#?}");
    assert!(refused.iter().all(|w| STRICT_KINDS.contains(&w.kind)));
    let message = Error::Strict(refused).to_string();
    assert!(message.starts_with("7 place(s) could be generated only by degrading them, refused by --strict:\n  #/"));

    // Unused schemas and ignored keywords are no degradation.
    let text = "openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get:\n      responses: {'204': {description: ok}}\ncomponents:\n  schemas:\n    Unused: {type: object, patternProperties: {'^x': {type: string}}}\n";
    let output = generator::generate(text, &Options { strict: true, ..options("clean") }).unwrap();
    let kinds: Vec<WarningKind> = output.warnings.iter().map(|w| w.kind).collect();
    assert_eq!(kinds, [WarningKind::UnsupportedKeyword, WarningKind::UnusedSchema]);
    for kind in [WarningKind::LeftOut, WarningKind::Untyped, WarningKind::Loosened] {
        assert!(STRICT_KINDS.contains(&kind), "{kind:?}");
    }
}
