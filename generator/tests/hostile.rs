//! Hostile and broken documents: each gives a clear error naming its place, or a crate whose
//! every file is valid Rust. Never a panic.

use generator::{Options, Output};

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
fn references_that_do_not_resolve() {
    let missing = format!(
        "{HEAD}paths:\n  /a:\n    get:\n      responses:\n        '200': {{description: ok, content: {{application/json: {{schema: {{$ref: '#/components/schemas/Nope'}}}}}}}}\n"
    );
    let e = error(&missing);
    assert!(e.contains("#/paths/~1a/get/responses/200/content/application~1json/schema"), "{e}");
    assert!(e.contains("cannot resolve `$ref: #/components/schemas/Nope`"), "{e}");
    for remote in ["https://example.com/schema.json", "other.yaml#/X", "./defs.json"] {
        let text = format!(
            "{HEAD}paths: {{}}\ncomponents:\n  schemas:\n    A: {{type: object, properties: {{x: {{$ref: '{remote}'}}}}}}\n"
        );
        let e = error(&text);
        assert!(e.contains("only references inside this document"), "{remote}: {e}");
        assert!(e.contains("#/components/schemas/A/properties/x"), "{e}");
    }
}

#[test]
fn several_problems_are_reported_together() {
    let text = format!(
        "{HEAD}paths: {{}}\ncomponents:\n  schemas:\n    A: {{type: object, properties: {{x: {{$ref: '#/components/schemas/Gone1'}}}}}}\n    B: {{type: object, properties: {{y: {{$ref: '#/components/schemas/Gone2'}}}}}}\n"
    );
    let e = error(&text);
    assert!(e.starts_with("2 problems:"), "{e}");
    assert!(e.contains("Gone1") && e.contains("Gone2"), "{e}");
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
    assert!(output.warnings[0].contains("no path parameter `undeclared`"));
    assert!(output.warnings[1].contains("`unused` does not appear"));
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
            "#/components/schemas/Used/properties/m/patternProperties: `patternProperties` is not supported and is ignored",
            "#/components/schemas/Unused: not used by any operation",
        ]
    );
}

#[test]
fn header_cookie_and_key_names_that_cannot_be_sent_are_left_out_with_warnings() {
    let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/headers.yaml")).unwrap();
    let output = generate(&text).unwrap();
    rust_items(&output);
    let warned = |pointer: &str, words: &str| {
        assert!(
            output.warnings.iter().any(|w| w.starts_with(pointer) && w.contains(words)),
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
    }
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
