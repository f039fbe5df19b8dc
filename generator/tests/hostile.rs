//! Hostile and broken documents: each gives a clear error naming its place, or a crate whose
//! every file is valid Rust. Never a panic.

use generator::{Options, Output, Warning, WarningKind};

fn options() -> Options {
    Options::new("hostile-client", "hostile.yaml", "test")
}

fn generate(text: &str) -> Result<Output, String> {
    generator::generate(text, &options()).map_err(|e| e.to_string())
}

fn error(text: &str) -> String {
    match generate(text) {
        Ok(_) => panic!("expected an error for:\n{text}"),
        Err(e) => e,
    }
}

/// Every Rust file parses, and returns the items of all files for inspection.
fn rust_items(output: &Output) -> Vec<syn::Item> {
    let mut items = Vec::new();
    for f in output.files.iter().filter(|f| f.path.ends_with(".rs")) {
        let file: syn::File = syn::parse_str(&f.contents).unwrap_or_else(|e| panic!("{}: {e}", f.path));
        items.extend(file.items);
    }
    items
}

const HEAD: &str = "openapi: 3.1.0\ninfo: {title: t, version: '1'}\n";

#[test]
fn documents_that_are_not_openapi_3() {
    assert!(error("").contains("empty"));
    assert!(error("a: [1, 2\nb: c").contains("not valid YAML"));
    assert!(error("{\"openapi\": ").contains("not valid JSON"));
    assert!(error("just a string").contains("expected an OpenAPI document (a mapping), found a string"));
    assert!(error("- 1\n- 2").contains("found a sequence"));
    assert!(error("info: {title: t, version: '1'}\npaths: {}").contains("missing required field `openapi`"));
    assert!(error("openapi: 3.0.0\npaths: {}").contains("missing required field `info`"));
    assert!(error("openapi: 3.0.0\ninfo: {title: t, version: '1'}").contains("missing required field `paths`"));
    assert!(error("swagger: '2.0'\ninfo: {title: t, version: '1'}\npaths: {}").contains("Swagger 2.0"));
    assert!(
        error("openapi: '2.0'\ninfo: {title: t, version: '1'}\npaths: {}")
            .contains("unsupported OpenAPI version `2.0`")
    );
    assert!(
        error("openapi: 4.0.0\ninfo: {title: t, version: '1'}\npaths: {}")
            .contains("unsupported OpenAPI version `4.0.0`")
    );
    assert!(error("openapi: banana\ninfo: {title: t, version: '1'}\npaths: {}").contains("`banana`"));
}

#[test]
fn references_that_do_not_resolve_degrade_to_values_with_warnings() {
    let missing = format!(
        "{HEAD}paths:\n  /a:\n    get:\n      responses:\n        '200': {{description: ok, content: {{application/json: {{schema: {{$ref: '#/components/schemas/Nope'}}}}}}}}\n"
    );
    let output = generate(&missing).unwrap();
    rust_items(&output);
    let warning = &output.warnings[0];
    assert_eq!(warning.pointer, "#/paths/~1a/get/responses/200/content/application~1json/schema");
    assert_eq!(warning.kind, WarningKind::Untyped);
    assert!(
        warning.message.starts_with("cannot resolve `$ref: #/components/schemas/Nope`: nothing is there"),
        "{warning}"
    );
    for remote in ["https://example.com/schema.json", "other.yaml#/X", "./defs.json"] {
        let text = format!(
            "{HEAD}paths: {{}}\ncomponents:\n  schemas:\n    A: {{type: object, properties: {{x: {{$ref: '{remote}'}}}}}}\n"
        );
        let output = generate(&text).unwrap();
        let warning = output.warnings.iter().find(|w| w.pointer == "#/components/schemas/A/properties/x").unwrap();
        assert!(warning.message.contains("only references inside this document"), "{remote}: {warning}");
        assert_eq!(output.stats.json_fallbacks, ["#/components/schemas/A/properties/x"], "{remote}");
    }
}

#[test]
fn several_problems_are_reported_together() {
    let text = format!(
        "{HEAD}paths: {{}}\ncomponents:\n  schemas:\n    A: {{type: object, properties: {{x: {{$ref: '#/components/schemas/A/properties/y'}}, y: {{$ref: '#/components/schemas/A/properties/x'}}}}}}\n    B: {{type: object, properties: {{p: {{$ref: '#/components/schemas/B/properties/q'}}, q: {{$ref: '#/components/schemas/B/properties/p'}}}}}}\n"
    );
    let e = error(&text);
    assert!(e.starts_with("2 problems:"), "{e}");
    assert!(e.contains("#/components/schemas/A/") && e.contains("#/components/schemas/B/"), "{e}");
}

#[test]
fn a_reference_cycle_without_an_object_is_an_error_and_real_recursion_works() {
    let cycle = format!(
        "{HEAD}paths: {{}}\ncomponents:\n  schemas:\n    A: {{$ref: '#/components/schemas/B'}}\n    B: {{$ref: '#/components/schemas/A'}}\n"
    );
    let e = error(&cycle);
    assert!(e.contains("cycle"), "{e}");
    let recursive = format!(
        "{HEAD}paths: {{}}\ncomponents:\n  schemas:\n    Tree: {{type: object, required: [left], properties: {{left: {{$ref: '#/components/schemas/Tree'}}, kids: {{type: array, items: {{$ref: '#/components/schemas/Forest'}}}}}}}}\n    Forest: {{type: object, required: [first], properties: {{first: {{$ref: '#/components/schemas/Tree'}}}}}}\n"
    );
    let output = generate(&recursive).unwrap();
    rust_items(&output);
    let tree = output.files.iter().find(|f| f.path == "src/models.rs").unwrap();
    assert!(tree.contents.contains("pub left: Box<Tree>"), "{}", tree.contents);
}

#[test]
fn deep_nesting_is_refused_without_overflowing_the_stack() {
    let depth = 10_000;
    let json = format!(
        "{{\"openapi\": \"3.1.0\", \"info\": {{\"title\": \"t\", \"version\": \"1\"}}, \"paths\": {{}}, \"components\": {{\"schemas\": {{\"Deep\": {}{}}}}}}}",
        "{\"type\": \"object\", \"properties\": {\"a\": ".repeat(depth),
        "{}".to_owned() + &"}}".repeat(depth)
    );
    let e = error(&json);
    assert!(e.contains("recursion limit") || e.contains("nest"), "{e}");
    let yaml = format!(
        "{HEAD}paths: {{}}\ncomponents:\n  schemas:\n    Deep: {}{}\n",
        "{items: ".repeat(depth),
        "}".repeat(depth)
    );
    let e = error(&yaml);
    assert!(e.contains("recursion limit") || e.contains("nest"), "{e}");
    // Deep, but within what a data model can be: a clear error from the model's own limit.
    let nested = format!(
        "{HEAD}paths: {{}}\ncomponents:\n  schemas:\n    Deep: {}{{}}{}\n",
        "{type: array, items: ".repeat(100),
        "}".repeat(100)
    );
    let e = error(&nested);
    assert!(e.contains("nest more than"), "{e}");
}

#[test]
fn a_huge_enum_generates() {
    let values: Vec<String> = (0..50_000).map(|i| format!("v{i}")).collect();
    let text = format!(
        "{HEAD}paths: {{}}\ncomponents:\n  schemas:\n    Huge: {{type: string, enum: [{}]}}\n",
        values.join(", ")
    );
    let output = generate(&text).unwrap();
    let huge = output.files.iter().find(|f| f.path == "src/models.rs").unwrap();
    assert!(huge.contents.contains("V49999"));
    rust_items(&output);
}

#[test]
fn awkward_identifiers_become_valid_distinct_rust() {
    let names = [
        "type", "Self", "self", "crate", "super", "_", "''", "'123'", "'🚀'", "'a b'", "a-b", "a_b", "A_B", "Match",
        "fn",
    ];
    let props: Vec<String> = names.iter().map(|n| format!("{n}: {{type: string}}")).collect();
    let schemas: Vec<String> =
        names.iter().map(|n| format!("    {n}: {{type: object, properties: {{{}}}}}", props.join(", "))).collect();
    let text = format!(
        "{HEAD}paths:\n  /x:\n    get:\n      operationId: same\n      responses: {{'204': {{description: ok}}}}\n    post:\n      operationId: same\n      responses: {{'204': {{description: ok}}}}\ncomponents:\n  schemas:\n{}\n",
        schemas.join("\n")
    );
    let output = generate(&text).unwrap();
    let items = rust_items(&output);
    let mut structs: Vec<String> = items
        .iter()
        .filter_map(|i| match i {
            syn::Item::Struct(s) => Some(s.ident.to_string()),
            _ => None,
        })
        .collect();
    let count = structs.len();
    structs.sort();
    structs.dedup();
    assert_eq!(structs.len(), count, "every struct name is unique: {structs:?}");
    let mut files: Vec<String> = output.files.iter().map(|f| f.path.to_ascii_lowercase()).collect();
    let n = files.len();
    files.sort();
    files.dedup();
    assert_eq!(files.len(), n, "no two files differ only in case");
    let api = output.files.iter().find(|f| f.path == "src/apis/default.rs").unwrap();
    assert!(
        api.contents.contains("pub async fn same(") && api.contents.contains("pub async fn same2("),
        "duplicate operationIds"
    );
}

#[test]
fn path_parameters_that_do_not_match_the_template_are_generated_with_warnings() {
    let text = format!(
        "{HEAD}paths:\n  /a/{{undeclared}}:\n    get:\n      operationId: a\n      parameters: [{{name: unused, in: path, required: true, schema: {{type: string}}}}]\n      responses: {{'204': {{description: ok}}}}\n"
    );
    let output = generate(&text).unwrap();
    rust_items(&output);
    assert_eq!(output.warnings.len(), 2, "{:?}", output.warnings);
    assert!(output.warnings[0].message.contains("no path parameter `undeclared`"));
    assert_eq!(output.warnings[0].kind, WarningKind::Loosened);
    assert!(output.warnings[1].message.contains("`unused` does not appear"));
    assert_eq!(output.warnings[1].kind, WarningKind::LeftOut);
}

#[test]
fn descriptions_cannot_become_code() {
    let evil = concat!(
        r##"*/ "#] } fn pwned() {} /* \\ \" ``` rust
fn pwned2() { std::process::exit(1) }
```
    fn pwned3() {}
#![allow(unsafe_code)] mod pwned4 {}"##,
        "\u{0} and a NUL"
    );
    let quoted = serde_json::to_string(evil).unwrap();
    let text = format!(
        "{{\"openapi\": \"3.1.0\", \"info\": {{\"title\": {quoted}, \"version\": \"1\", \"description\": {quoted}}}, \"paths\": {{\"/x\": {{\"get\": {{\"operationId\": \"x\", \"summary\": {quoted}, \"description\": {quoted}, \"tags\": [{quoted}], \"responses\": {{\"200\": {{\"description\": {quoted}, \"content\": {{\"application/json\": {{\"schema\": {{\"$ref\": \"#/components/schemas/A\"}}}}}}}}}}}}}}}}, \"tags\": [{{\"name\": {quoted}, \"description\": {quoted}}}], \"components\": {{\"schemas\": {{\"A\": {{\"type\": \"object\", \"description\": {quoted}, \"properties\": {{\"x\": {{\"type\": \"string\", \"description\": {quoted}, \"enum\": [{quoted}]}}}}}}}}}}}}"
    );
    let output = generate(&text).unwrap();
    let items = rust_items(&output);
    fn names(items: &[syn::Item], out: &mut Vec<String>) {
        for item in items {
            match item {
                syn::Item::Fn(f) => out.push(f.sig.ident.to_string()),
                syn::Item::Mod(m) => {
                    out.push(m.ident.to_string());
                    if let Some((_, inner)) = &m.content {
                        names(inner, out);
                    }
                }
                _ => {}
            }
        }
    }
    let mut found = Vec::new();
    names(&items, &mut found);
    assert!(!found.iter().any(|n| n.starts_with("pwned")), "{found:?}");
    for f in &output.files {
        assert!(!f.contents.contains('\0'), "{} holds a NUL", f.path);
    }
    // Markdown code blocks in descriptions are never compiled as doc tests.
    let api = output.files.iter().find(|f| f.path.starts_with("src/apis/") && !f.path.ends_with("mod.rs")).unwrap();
    assert!(api.contents.contains("```text"), "{}", api.contents);
}

#[test]
fn schema_names_cannot_escape_the_output_directory() {
    let text = format!(
        "{HEAD}paths: {{}}\ncomponents:\n  schemas:\n    ../../etc/passwd: {{type: string}}\n    /abs: {{type: string}}\n    'C:\\\\x': {{type: string}}\n"
    );
    let output = generate(&text).unwrap();
    for f in &output.files {
        assert!(
            !f.path.contains("..") && !f.path.starts_with('/') && !f.path.contains('\\') && !f.path.contains(':'),
            "{}",
            f.path
        );
    }
}

#[test]
fn suspect_but_generable_places_are_warnings_each_reported_once() {
    let text = format!(
        "{HEAD}paths:\n  /a:\n    get:\n      operationId: a\n      responses: {{'200': {{description: ok, content: {{application/json: {{schema: {{$ref: '#/components/schemas/Used'}}}}}}}}}}\ncomponents:\n  schemas:\n    Used: {{type: object, properties: {{m: {{type: object, patternProperties: {{'^x': {{type: string}}}}}}}}}}\n    Unused: {{type: string}}\n"
    );
    let output = generate(&text).unwrap();
    assert_eq!(
        output.warnings,
        [
            Warning::new(
                "#/components/schemas/Used/properties/m/patternProperties",
                WarningKind::UnsupportedKeyword,
                "`patternProperties` is not supported and is ignored"
            ),
            Warning::new("#/components/schemas/Unused", WarningKind::UnusedSchema, "not used by any operation"),
        ]
    );
    assert_eq!(
        output.warnings[1].to_string(),
        "#/components/schemas/Unused: not used by any operation",
        "shown as `pointer: message`"
    );
}

fn file<'a>(output: &'a Output, path: &str) -> &'a str {
    &output.files.iter().find(|f| f.path == path).unwrap_or_else(|| panic!("no {path}")).contents
}

/// The fixture compiles clippy-clean in the fixture corpus; these pin how.
#[test]
fn recursion_and_depth_make_real_types_of_bounded_depth() {
    let output = generate(include_str!("fixtures/recursion.yaml")).unwrap();
    let models = file(&output, "src/models.rs");
    // A type alias cannot name itself (E0391): a transparent newtype can.
    assert!(models.contains("pub struct ListOfSelf(pub Vec<ListOfSelf>);"), "{models}");
    assert!(models.contains("pub struct MapOfSelf(pub std::collections::BTreeMap<String, MapOfSelf>);"));
    assert!(models.contains("pub struct NullableListOfSelf(pub Vec<Option<NullableListOfSelf>>);"));
    assert!(models.contains("pub struct ViaAllOfList(pub Vec<ViaAllOf>);"));
    // Through a union the enum is the nominal type: an alias stays an alias.
    assert!(models.contains("pub type Forest = Vec<Tree>;"));
    // 150 structs in a chain, each the required member of the previous: boxed every so often so
    // that rustc's layout queries never nest past their limit.
    let boxed = models.matches("pub inner: Box<Chain").count();
    assert!((150 / 24..150 / 12).contains(&boxed), "{boxed} boxes in the chain");
    assert!(models.matches("pub next: Box<Ring").count() >= 150 / 24);
    // A 100-deep allOf chain without a cycle is one flat struct.
    assert!(models.contains("pub struct AllOf1 {"));
    assert!(models.contains("pub p100: Option<String>"));
}

#[test]
fn an_all_of_cycle_is_still_an_error_naming_it() {
    let text = format!(
        "{HEAD}paths: {{}}\ncomponents:\n  schemas:\n    A: {{allOf: [{{$ref: '#/components/schemas/B'}}, {{type: object, properties: {{a: {{type: string}}}}}}]}}\n    B: {{allOf: [{{$ref: '#/components/schemas/A'}}, {{type: object, properties: {{b: {{type: string}}}}}}]}}\n"
    );
    let e = error(&text);
    assert!(e.contains("allOf members refer to each other in a cycle (through #/components/schemas/A)"), "{e}");
}

/// Compiled clippy-clean by the fixture corpus; here: no model takes a name the runtime uses.
#[test]
fn schemas_named_like_the_runtime_do_not_take_its_names() {
    let output = generate(include_str!("fixtures/reserved_names.yaml")).unwrap();
    let models = file(&output, "src/models.rs");
    for name in ["Method", "Scheme", "Client", "Error", "Result", "Request", "Base64", "FilePart", "Poller", "Option"] {
        assert!(!models.contains(&format!("pub struct {name} ")), "{name} taken by a model");
        assert!(!models.contains(&format!("pub enum {name} ")), "{name} taken by a model");
        let sep = if name.ends_with(|c: char| c.is_ascii_digit()) { "_" } else { "" };
        let renamed = format!(" {name}{sep}2 ");
        assert!(models.contains(&renamed), "{name} not renamed to{renamed}");
    }
}

/// Bidirectional controls, invisible characters, CR, NUL and line separators in every place
/// spec text reaches (compiled clippy-clean with its examples by the fixture corpus): no file
/// holds them raw, and docs show them escaped.
#[test]
fn invisible_and_control_characters_never_reach_the_output_raw() {
    let output = generate(include_str!("fixtures/text.yaml")).unwrap();
    let raw = [
        '\u{202A}', '\u{202E}', '\u{2066}', '\u{2069}', '\u{200E}', '\u{200F}', '\u{061C}', '\u{2028}', '\u{2029}',
        '\u{FEFF}', '\r', '\0', '\u{85}',
    ];
    for f in &output.files {
        if let Some(c) = f.contents.chars().find(|c| raw.contains(c)) {
            panic!("{} holds U+{:04X}", f.path, u32::from(c));
        }
    }
    let models = file(&output, "src/models.rs");
    assert!(models.contains("/// schema\\u{202E}\\u{2066}\\u{200F}\\u{061C}"), "{models}");
    // Wire values stay exact, as escapes in the literals.
    assert!(models.contains(r#""b\rc""#));
    assert!(file(&output, "README.md").contains("Text\\u{202E}"));
}

/// Compiled clippy-clean by the fixture corpus; here: each number that does not fit is said.
#[test]
fn numbers_get_fitting_types_and_misfits_are_warnings() {
    let output = generate(include_str!("fixtures/numbers.yaml")).unwrap();
    let warned = |text: &str| {
        assert!(output.warnings.iter().any(|w| w.to_string().contains(text)), "no `{text}` in {:#?}", output.warnings)
    };
    let p = "#/components/schemas/Numbers/properties";
    warned(&format!("{p}/i32_too_big: default 3000000000 does not fit the field's type i32"));
    warned(&format!("{p}/i64_beyond: default 18446744073709551615 does not fit the field's type i64"));
    warned(&format!("{p}/int_fraction: default 1.5 does not fit"));
    warned(&format!("{p}/f64_nan_string: default \"NaN\" cannot be written as a value of the field's type f64"));
    warned(&format!("{p}/u32_negative: default -1 does not fit the field's type u32"));
    warned("#/components/schemas/BigEnum: integer enum values that fit no Rust integer (18446744073709551615, 1e+30)");
    let models = file(&output, "src/models.rs");
    assert!(models.contains("pub u64: u64,"), "{models}");
    assert!(models.contains("pub u32: u32,"));
    assert!(models.contains("pub f32_huge: f64,"), "format: float is an f64: an f32 rounds what the server sent");
    assert!(models.contains("pub type HashEnum = u64;"));
    assert!(models.contains("i64::MIN"));
    assert_eq!(
        output.warnings.iter().filter(|w| w.pointer.ends_with("/i64_min") || w.pointer.ends_with("/i32_min")).count(),
        0
    );
}

/// Compiled clippy-clean by the fixture corpus; here: nothing is lost without a word.
#[test]
fn places_the_generator_cannot_honour_are_warnings_with_their_pointer() {
    let output = generate(include_str!("fixtures/silent_drops.yaml")).unwrap();
    let warned = |text: &str| {
        assert!(output.warnings.iter().any(|w| w.to_string().contains(text)), "no `{text}` in {:#?}", output.warnings)
    };
    let mapping = "#/components/schemas/Pet/discriminator/mapping";
    warned(&format!("{mapping}/ghost: discriminator mapping `ghost`: `#/components/schemas/Ghost` names nothing"));
    warned(&format!("{mapping}/info: discriminator mapping `info`: `#/info` is not a schema"));
    warned(&format!(
        "{mapping}/stray: discriminator mapping `stray`: `#/components/schemas/Stray` is none of the union's branches"
    ));
    assert!(
        !output.warnings.iter().any(|w| w.pointer.ends_with("mapping/cat") || w.pointer.ends_with("mapping/dog")),
        "{:#?}",
        output.warnings
    );
    warned("#/components/schemas/Shape/discriminator: the discriminator property `sides` is a number");
    warned("#/paths/pets~1lost: a path must start with `/`: its operations are not generated");
    warned("`$ref: #` points at no schema; generated as serde_json::Value");
    warned("`$ref: #/info` points at no schema; generated as serde_json::Value");
    // The integer-tagged union is tried in order, so its variants still decode.
    let models = file(&output, "src/models.rs");
    assert!(models.contains("untagged_union!(Shape"), "{models}");
    assert!(models.contains("tagged_union!(Pet"));
}

#[test]
fn a_pointer_into_a_schema_that_leads_back_to_itself_is_named_as_such() {
    let text = format!(
        "{HEAD}paths: {{}}\ncomponents:\n  schemas:\n    A:\n      type: object\n      properties:\n        x:\n          type: object\n          properties:\n            again: {{$ref: '#/components/schemas/A/properties/x'}}\n    B: {{type: object, properties: {{y: {{$ref: '#/components/schemas/A/properties/x'}}}}}}\n"
    );
    let e = error(&text);
    assert!(e.contains("leads back to itself through pointers into schemas"), "{e}");
    // A pointer whose target is that same pointer is no schema at all: a cycle of references.
    let alias = text.replacen(
        "again: {$ref: '#/components/schemas/A/properties/x'}",
        "again: {$ref: '#/components/schemas/A/properties/x/properties/again'}",
        1,
    );
    let e = error(&alias);
    assert!(e.contains("the references form a cycle"), "{e}");
}

#[test]
fn a_long_chain_of_references_in_an_all_of_is_no_cycle() {
    let mut text = format!(
        "{HEAD}paths: {{}}\ncomponents:\n  schemas:\n    Top: {{allOf: [{{$ref: '#/components/schemas/B1'}}, {{type: object, properties: {{top: {{type: string}}}}}}]}}\n"
    );
    for i in 1..100 {
        text.push_str(&format!("    B{i}: {{$ref: '#/components/schemas/B{}'}}\n", i + 1));
    }
    text.push_str("    B100: {type: object, properties: {bottom: {type: string}}}\n");
    let output = generate(&text).unwrap();
    let models = file(&output, "src/models.rs");
    assert!(models.contains("pub bottom: Option<String>"), "{models}");
    let looped = format!(
        "{HEAD}paths: {{}}\ncomponents:\n  schemas:\n    Top: {{allOf: [{{$ref: '#/components/schemas/C1'}}, {{type: object, properties: {{top: {{type: string}}}}}}]}}\n    C1: {{$ref: '#/components/schemas/C2'}}\n    C2: {{$ref: '#/components/schemas/C1'}}\n"
    );
    let e = error(&looped);
    assert!(e.contains("cycle"), "{e}");
}

#[test]
fn header_cookie_and_key_names_that_cannot_be_sent_are_left_out_with_warnings() {
    let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/headers.yaml")).unwrap();
    let output = generate(&text).unwrap();
    rust_items(&output);
    let warned = |pointer: &str, words: &str| {
        assert!(
            output.warnings.iter().any(|w| w.pointer == pointer && w.message.contains(words)),
            "no warning at {pointer} saying {words}: {:#?}",
            output.warnings
        )
    };
    warned("#/components/securitySchemes/injected/name", "not a valid HTTP header name");
    warned("#/components/securitySchemes/badCookie/name", "not a valid cookie name");
    warned("#/components/securitySchemes/emptyQuery/name", "is empty");
    warned("#/components/securitySchemes/framing/name", "a header the HTTP client manages");
    let param = |i: usize| format!("#/paths/~1items/get/parameters/{i}");
    warned(&param(0), "not a valid HTTP header name");
    warned(&param(1), "not a valid HTTP header name");
    for i in 2..=4 {
        warned(&param(i), "ignored, as OpenAPI requires");
        let kind = output.warnings.iter().find(|w| w.pointer == param(i)).map(|w| w.kind);
        assert_eq!(kind, Some(WarningKind::Ignored), "following the document is no degradation");
    }
    let kind = output.warnings.iter().find(|w| w.pointer == param(5)).map(|w| w.kind);
    assert_eq!(kind, Some(WarningKind::LeftOut));
    for i in 5..=9 {
        warned(&param(i), "managed by the HTTP client");
    }
    warned(&param(12), "not a valid cookie name");
    assert_eq!(output.warnings.len(), 15, "{:#?}", output.warnings);

    let file = |path: &str| &output.files.iter().find(|f| f.path == path).unwrap().contents;
    let auth = file("src/auth.rs");
    assert!(!auth.contains("Injected") && !auth.contains("a=b") && auth.contains("\"x-good-key\""), "{auth}");
    assert!(auth.contains("SECRET_HEADERS: &[&str] = &[\"x-good-key\"]"), "{auth}");
    let api = file("src/apis/default.rs");
    for gone in ["Injected", "bad header", "\"accept\"", "\"content-type\"", "authorization", "\"host\"", "sid;admin"] {
        assert!(!api.contains(gone), "{gone} is sent:\n{api}");
    }
    assert!(api.contains(".header(\"x-trace-id\"") && api.contains(".cookie(\"sid\"") && api.contains("\"key word\""));
    // Only the alternative whose scheme survived remains.
    assert!(api.contains(".security(&[&[Scheme::Good]])"), "{api}");
    // The secret-looking optional header is redacted in the options' Debug.
    assert!(api.contains("impl std::fmt::Debug for ListItemsOptions"), "{api}");
    let compact: String = api.split_whitespace().collect();
    assert!(
        compact.contains(r#".field("x_session_token",&self.x_session_token.as_ref().map(|_|"<redacted>"),)"#),
        "{api}"
    );
    assert!(compact.contains(r#".field("x_trace_id",&self.x_trace_id)"#), "{api}");
}

/// `n` levels of `allOf` around `inner` (JSON).
fn nested_all_of(n: usize, inner: &str) -> String {
    format!("{}{inner}{}", "{\"allOf\": [".repeat(n), "]}".repeat(n))
}

/// Fuzz finding F1: `openapiv3` reads a schema that does not fit twice at every level of
/// nesting, so a bad schema 16 `allOf`s deep took minutes to load. Each schema is now checked
/// alone first; at 40 levels the old code would run for years, so finishing at all is the check.
#[test]
fn a_bad_schema_deep_in_a_nest_is_named_without_exponential_work() {
    let depth = 40;
    let schema = nested_all_of(depth, r#"{"type": [1, "boolean"], "allOf": [], "oneOf": []}"#);
    let text = format!(
        r#"{{"openapi": "3.1.0", "info": {{"title": "t", "version": "1"}}, "paths": {{}}, "components": {{"schemas": {{"A": {schema}}}}}}}"#
    );
    let e = error(&text);
    let place = format!("#/components/schemas/A{}/anyOf/0", "/allOf/0".repeat(depth));
    assert_eq!(e, format!("{place}: invalid type: integer `1`, expected a string"));
}

/// The F1 document, minimised: the nest sat in a header of the `default` response, which the
/// 3.1 normalisation skipped (it took `default` for data), so its `type` arrays reached
/// `openapiv3` as they were; and the document's real error was elsewhere.
#[test]
fn the_f1_document_loads_quickly_to_its_real_error() {
    let schema = nested_all_of(
        40,
        r#"{"type": ["strin", "boolean"], "allOf": [], "oneOf": [], "anyOf": [{"type": []}], "properties": {}}"#,
    );
    let text = format!(
        r#"{{"openapi": "3.1.0", "info": {{"title": "t", "version": "1"}}, "paths": {{"/": {{"delete": {{"responses": {{
            "6XX": {{"content": {{"application/json": {{"schema": {{"type": []}}}}}}}},
            "default": {{"description": "d", "headers": {{"reqwest": {{"schema": {schema}}}}}}}}}}}}}}}}}"#
    );
    let e = error(&text);
    assert_eq!(e, "#/paths/~1/delete/responses/6XX: missing field `description`");
}

/// Neighbours of F1: schemas under names the normalisation took for data (`default` in
/// responses, `x-...` and `example` among header names) are 3.1 schemas like any other.
#[test]
fn schemas_under_names_that_look_like_data_are_normalised() {
    let text = format!(
        "{HEAD}paths:\n  /a:\n    get:\n      responses:\n        default:\n          description: d\n          headers:\n            x-request-id: {{schema: {{type: [integer, 'null']}}}}\n            example: {{schema: {{type: [string, 'null']}}}}\n          content:\n            application/json: {{schema: {{type: object, properties: {{n: {{type: [integer, 'null']}}}}}}}}\n"
    );
    let output = generate(&text).unwrap();
    rust_items(&output);
}

/// Found by the `structured` fuzzer: each `type` array of several types is split into one
/// branch per type with a copy of the constraints, so type arrays nested in each other grew a
/// 4 KB document past 4 GB. The copies are bounded; past the bound the document is refused.
#[test]
fn nested_type_arrays_cannot_multiply_the_document() {
    let mut schema = "{type: string}".to_owned();
    for _ in 0..40 {
        schema = format!("{{type: [string, integer, string], maxLength: 3, anyOf: [{schema}, {{type: boolean}}]}}");
    }
    let text = format!("{HEAD}paths: {{}}\ncomponents:\n  schemas:\n    A: {schema}\n");
    let e = error(&text);
    assert!(e.contains("`type` arrays of several types nested in each other"), "{e}");
    // A few levels are split as before: a union of a string and an integer.
    let mut small = "{type: string}".to_owned();
    for _ in 0..3 {
        small = format!("{{type: [string, integer], maxLength: 3, anyOf: [{small}, {{type: boolean}}]}}");
    }
    let text = format!("{HEAD}paths: {{}}\ncomponents:\n  schemas:\n    A: {small}\n");
    generate(&text).unwrap();
}

#[test]
fn security_schemes_whose_ref_leads_nowhere_are_left_out_with_warnings() {
    let text = format!(
        "{HEAD}paths:\n  /a:\n    get:\n      security: [{{gone: []}}, {{looped: []}}, {{key: []}}]\n      responses: {{'200': {{description: ok}}}}\n\
         components:\n  securitySchemes:\n    gone: {{$ref: '#/components/securitySchemes/nowhere'}}\n    looped: {{$ref: '#/components/securitySchemes/looped'}}\n    key: {{type: apiKey, in: header, name: x-key}}\n"
    );
    let output = generate(&text).unwrap();
    rust_items(&output);
    let warning = |name: &str| -> &Warning {
        let pointer = format!("#/components/securitySchemes/{name}");
        output
            .warnings
            .iter()
            .find(|w| w.pointer == pointer)
            .unwrap_or_else(|| panic!("{pointer}: {:#?}", output.warnings))
    };
    let gone = warning("gone");
    assert_eq!(gone.kind, WarningKind::LeftOut);
    assert!(
        gone.message.starts_with("cannot resolve `$ref: #/components/securitySchemes/nowhere`: nothing is there"),
        "{gone}"
    );
    assert!(gone.message.ends_with("the scheme is left out"), "{gone}");
    let looped = warning("looped");
    assert_eq!(looped.kind, WarningKind::LeftOut);
    assert!(looped.message.contains("cycle"), "{looped}");

    let file = |path: &str| &output.files.iter().find(|f| f.path == path).unwrap().contents;
    let auth = file("src/auth.rs");
    assert!(!auth.contains("Gone") && !auth.contains("Looped") && auth.contains("Key"), "{auth}");
    // The alternatives needing a left-out scheme cannot be met; the one that can remains.
    let api = file("src/apis/default.rs");
    assert!(api.contains(".security(&[&[Scheme::Key]])"), "{api}");
}

#[test]
fn a_component_never_defined_costs_one_property_not_the_client() {
    // As in a large, widely used spec: one property names a component that is not there.
    let text = format!(
        "{HEAD}paths:\n  /products/{{id}}:\n    get:\n      operationId: getProduct\n      parameters: [{{name: id, in: path, required: true, schema: {{type: string}}}}]\n      responses:\n        '200': {{description: ok, content: {{application/json: {{schema: {{$ref: '#/components/schemas/Product'}}}}}}}}\n\
         components:\n  schemas:\n    Product:\n      type: object\n      required: [sku]\n      properties:\n        sku: {{type: string}}\n        price: {{type: number}}\n        custom_attributes: {{$ref: '#/components/schemas/custom_attributes'}}\n"
    );
    let output = generate(&text).unwrap();
    rust_items(&output);
    let pointer = "#/components/schemas/Product/properties/custom_attributes";
    let warnings: Vec<&Warning> = output.warnings.iter().filter(|w| w.kind == WarningKind::Untyped).collect();
    assert_eq!(warnings.len(), 1, "{warnings:#?}");
    assert_eq!(warnings[0].pointer, pointer);
    assert!(warnings[0].message.contains("`$ref: #/components/schemas/custom_attributes`"), "{}", warnings[0]);
    assert_eq!(output.stats.json_fallbacks, [pointer]);
    let models = file(&output, "src/models.rs");
    assert!(models.contains("pub custom_attributes: Option<serde_json::Value>"), "{models}");
    assert!(models.contains("pub sku: String") && models.contains("pub price: Option<f64>"), "{models}");
    assert!(file(&output, "src/apis/default.rs").contains("pub async fn get_product("));
}
