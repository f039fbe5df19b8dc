//! The spec's examples as test data: each example that sits on a component schema, on a
//! property whose schema is a named type, or on a JSON request or response body is found,
//! paired with the Rust type the model gave its schema, and validated against that schema
//! with a JSON Schema validator. Valid examples become round-trip tests in the generated
//! crate (`tests/examples/`); invalid ones are the spec's fault and are only counted.
//!
//! Validation reads the document as written (overlays applied, not normalised): a 3.1
//! document is JSON Schema 2020-12 already; a 3.0 one is read as draft 4 with `nullable`
//! spelled out as `anyOf [null, ...]`.

use crate::error::Pointer;
use crate::load::Document;
use crate::model::{Api, Presence, Ty, TypeKind, TypeSpace};
use indexmap::IndexMap;
use jsonschema::{Draft, Registry, Validator};
use serde_json::{Map, Value};

/// One example that decodes into a generated type.
#[derive(Clone, Debug)]
pub struct Example {
    /// Where the example is, e.g. `#/components/schemas/Pet/example`.
    pub pointer: String,
    /// Where its schema is.
    pub schema: String,
    pub value: Value,
    /// The type the example decodes into.
    pub ty: Ty,
    /// What the generated types write back: `value` with the defaults the schema declares
    /// for absent fields filled in.
    pub expected: Value,
}

/// The examples of a document, sorted into those that make tests and those the spec got wrong.
#[derive(Clone, Debug, Default)]
pub struct Examples {
    pub valid: Vec<Example>,
    /// `pointer: reason` for each example that does not validate against its own schema.
    pub invalid: Vec<String>,
}

impl Examples {
    pub fn found(&self) -> usize {
        self.valid.len() + self.invalid.len()
    }
}

/// Finds and validates every example with a typed home. `doc` must have been loaded with its
/// source kept (see [`crate::load::load_document`]); without it there is nothing to check.
pub fn check(doc: &Document, api: &Api) -> Examples {
    let Some(source) = &doc.source else {
        return Examples::default();
    };
    let found = collect(source, api);
    let mut checker = Checker::new(source);
    let mut out = Examples::default();
    for example in found {
        match checker.validate(&example.schema, &example.value) {
            Ok(()) => {
                let mut expected = example.value.clone();
                fill_defaults(&mut expected, &example.ty, &api.types, 0);
                out.valid.push(Example { expected, ..example });
            }
            Err(reason) => out.invalid.push(format!("{}: {reason}", example.pointer)),
        }
    }
    out
}

/// Every example next to a schema the model typed, in the model's order.
fn collect(source: &Value, api: &Api) -> Vec<Example> {
    let mut out = Vec::new();
    let refs = crate::resolve::Resolver::new();
    for (pointer, ty) in &api.schema_types {
        let ty = unboxed(ty);
        if matches!(ty, Ty::Json | Ty::JsonMap) {
            // Any JSON decodes into `serde_json::Value` and back: nothing to test.
            continue;
        }
        let segments: Vec<&str> = pointer.split('/').collect();
        let n = segments.len();
        let is_component = n == 4 && segments[1] == "components" && segments[2] == "schemas";
        let is_named_property = n >= 2 && segments[n - 2] == "properties" && named(ty);
        let is_json_body = n >= 4
            && segments[n - 1] == "schema"
            && segments[n - 3] == "content"
            && crate::model::is_json(&Pointer::unescape(segments[n - 2]));
        let mut push = |at: String, value: &Value| {
            out.push(Example {
                pointer: at,
                schema: pointer.clone(),
                value: value.clone(),
                ty: ty.clone(),
                expected: Value::Null,
            })
        };
        if is_component || is_named_property {
            let Some(node) = source.pointer(&pointer[1..]) else { continue };
            if let Some(value) = node.get("example") {
                push(format!("{pointer}/example"), value);
            }
            if let Some(Value::Array(values)) = node.get("examples") {
                for (i, value) in values.iter().enumerate() {
                    push(format!("{pointer}/examples/{i}"), value);
                }
            }
        } else if is_json_body {
            let media_pointer = &pointer[..pointer.len() - "/schema".len()];
            let Some(media) = source.pointer(&media_pointer[1..]) else { continue };
            if let Some(value) = media.get("example") {
                push(format!("{media_pointer}/example"), value);
            }
            if let Some(Value::Object(named)) = media.get("examples") {
                for (name, example) in named {
                    let example = follow_ref(&refs, source, example);
                    if let Some(value) = example.and_then(|e| e.get("value")) {
                        push(format!("{media_pointer}/examples/{}/value", Pointer::escape(name)), value);
                    }
                }
            }
        }
    }
    out
}

fn unboxed(ty: &Ty) -> &Ty {
    match ty {
        Ty::Boxed(inner) => unboxed(inner),
        other => other,
    }
}

fn named(ty: &Ty) -> bool {
    matches!(ty.unwrapped(), Ty::Named(_))
}

/// An Example Object, through a chain of `$ref`s inside the document (`None` for one that
/// leads nowhere: the example is not emitted).
fn follow_ref<'v>(refs: &crate::resolve::Resolver, source: &'v Value, node: &'v Value) -> Option<&'v Value> {
    match node.get("$ref").and_then(Value::as_str) {
        Some(reference) => refs.follow(source, reference).ok().map(|(_, node)| node),
        None => Some(node),
    }
}

/// The document under a URI of its own, so that `$ref`s inside schemas resolve against it.
const BASE: &str = "https://openapi-rust-gen.invalid/openapi.json";

/// Validators built on demand, one per schema pointer, over one registry of the document.
/// Shared with [`crate::values`], so that built values are judged exactly as examples are.
pub struct Checker {
    draft: Draft,
    /// The document as validated, to find schemas that moved into a nullable wrapper.
    document: Value,
    registry: Result<Registry<'static>, String>,
    validators: IndexMap<String, Result<Validator, String>>,
}

impl Checker {
    pub fn new(source: &Value) -> Checker {
        let openapi_3_0 = source.get("openapi").and_then(Value::as_str).is_some_and(|v| v.starts_with("3.0"));
        let draft = if openapi_3_0 { Draft::Draft4 } else { Draft::Draft202012 };
        let mut document = source.clone();
        crate::load::visit_schemas_mut(&mut document, &mut |schema| read_as_the_generator_does(schema, draft));
        let registry = Registry::new()
            .draft(draft)
            .add(BASE, draft.create_resource(document.clone()))
            .and_then(|builder| builder.prepare())
            .map_err(|e| format!("the document cannot be used as a schema registry: {e}"));
        Checker { draft, document, registry, validators: IndexMap::new() }
    }

    /// `Ok` when `value` is valid against the schema at `schema`; the first problem otherwise.
    pub fn validate(&mut self, schema: &str, value: &Value) -> Result<(), String> {
        let registry = self.registry.as_ref().map_err(Clone::clone)?;
        let draft = self.draft;
        let document = &self.document;
        let validator = self.validators.entry(schema.to_owned()).or_insert_with(|| {
            let root = serde_json::json!({ "$ref": format!("{BASE}{}", fragment(&relocate(document, schema))) });
            jsonschema::options()
                .with_draft(draft)
                .with_registry(registry)
                .should_validate_formats(true)
                .with_format("byte", is_base64)
                .build(&root)
                .map_err(|e| format!("its schema cannot be compiled by the validator: {e}"))
        });
        let validator = validator.as_ref().map_err(Clone::clone)?;
        let problems: Vec<String> = validator
            .iter_errors(value)
            .take(3)
            .map(|e| {
                let at = e.instance_path().to_string();
                if at.is_empty() { e.to_string() } else { format!("at {at}: {e}") }
            })
            .collect();
        if problems.is_empty() { Ok(()) } else { Err(format!("does not match its schema: {}", problems.join("; "))) }
    }
}

/// OpenAPI's `format: byte`, read as leniently as the generated `Base64` type reads it: the
/// standard or URL-safe alphabet, padded or not.
fn is_base64(text: &str) -> bool {
    use base64::Engine as _;
    use base64::engine::general_purpose::{STANDARD, STANDARD_NO_PAD, URL_SAFE, URL_SAFE_NO_PAD};
    [STANDARD, STANDARD_NO_PAD, URL_SAFE, URL_SAFE_NO_PAD].iter().any(|engine| engine.decode(text).is_ok())
}

/// A JSON pointer (`#/paths/~1a~1{b}`) as a URI fragment: characters a URI cannot hold are
/// percent-encoded.
fn fragment(pointer: &str) -> String {
    let mut out = String::from("#");
    for byte in pointer.trim_start_matches('#').bytes() {
        let keep = byte.is_ascii_alphanumeric() || b"/-._~!$&'()*+,;=:@".contains(&byte);
        if keep {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// Spells out, in JSON Schema, the readings of OpenAPI that the generator applies, so that an
/// example is judged by the schema the generated type was made from:
/// - `nullable: true` (3.0, and 3.1 documents that still use it) allows `null`;
/// - boolean `exclusiveMinimum`/`exclusiveMaximum` (3.0 style) in a 3.1 document qualify
///   `minimum`/`maximum`;
/// - `properties` without `type` describe an object;
/// - `null` among the values of an `enum` allows `null` whatever the `type` says;
/// - an `allOf` of scalars with a member that allows `null` allows it too.
fn read_as_the_generator_does(schema: &mut Map<String, Value>, draft: Draft) {
    let enum_lists_null =
        schema.get("enum").and_then(Value::as_array).is_some_and(|values| values.contains(&Value::Null));
    if enum_lists_null || nullable_scalar_all_of(schema) {
        schema.insert("nullable".into(), Value::Bool(true));
    }
    if draft != Draft::Draft4 {
        for (exclusive, bound) in [("exclusiveMinimum", "minimum"), ("exclusiveMaximum", "maximum")] {
            if let Some(Value::Bool(on)) = schema.get(exclusive).cloned() {
                schema.remove(exclusive);
                if on && let Some(limit) = schema.remove(bound) {
                    schema.insert(exclusive.into(), limit);
                }
            }
        }
    }
    if schema.get("properties").is_some_and(Value::is_object) && !schema.contains_key("type") {
        schema.insert("type".into(), "object".into());
    }
    if schema.get("nullable") == Some(&Value::Bool(true)) {
        schema.remove("nullable");
        match schema.get_mut("type") {
            // In place where possible, so that pointers into the schema stay valid.
            Some(Value::String(t)) => {
                let t = std::mem::take(t);
                schema.insert("type".into(), serde_json::json!([t, "null"]));
                if let Some(Value::Array(values)) = schema.get_mut("enum")
                    && !values.contains(&Value::Null)
                {
                    values.push(Value::Null);
                }
            }
            _ => {
                let rest = std::mem::take(schema);
                schema.insert(WRAPPER.into(), Value::Bool(true));
                schema.insert(
                    "anyOf".into(),
                    Value::Array(vec![serde_json::json!({"type": "null"}), Value::Object(rest)]),
                );
            }
        }
    }
}

/// Whether `schema` is an `allOf` with a member that allows `null` (its members already read:
/// `nullable` became a `null` type or a wrapper) and none that describes an object, which the
/// generator reads as a nullable scalar.
fn nullable_scalar_all_of(schema: &Map<String, Value>) -> bool {
    let Some(Value::Array(members)) = schema.get("allOf") else { return false };
    let allows_null = |member: &Value| {
        member.get(WRAPPER).is_some()
            || member.get("type").and_then(Value::as_array).is_some_and(|types| types.contains(&"null".into()))
    };
    let object = |member: &Value| member.get("properties").is_some() || member.get("type") == Some(&"object".into());
    members.iter().any(allows_null) && !members.iter().any(object)
}

/// Marks the `anyOf [null, schema]` that stands for a nullable schema without a `type`.
const WRAPPER: &str = "x-openapi-rust-gen-nullable";

/// The pointer of `pointer` in the validation document, which wraps some nullable schemas
/// (their members moved under `anyOf/1`).
fn relocate(document: &Value, pointer: &str) -> String {
    let mut node = document;
    let mut out = String::from("#");
    for segment in pointer.trim_start_matches('#').split('/').skip(1) {
        if node.get(WRAPPER).is_some()
            && let Some(inner) = node.pointer("/anyOf/1")
        {
            node = inner;
            out.push_str("/anyOf/1");
        }
        let key = Pointer::unescape(segment);
        node = match node {
            Value::Object(map) => map.get(&key),
            Value::Array(items) => key.parse::<usize>().ok().and_then(|i| items.get(i)),
            _ => None,
        }
        .unwrap_or(&Value::Null);
        out.push('/');
        out.push_str(segment);
    }
    out
}

/// Adds the defaults the generated types fill in when a field is absent, so that the expected
/// value is what a correct round trip writes.
fn fill_defaults(value: &mut Value, ty: &Ty, types: &TypeSpace, depth: usize) {
    if depth > 64 {
        return;
    }
    match ty {
        Ty::Option(inner) | Ty::Boxed(inner) => fill_defaults(value, inner, types, depth + 1),
        Ty::Vec(item) => {
            if let Value::Array(items) = value {
                items.iter_mut().for_each(|v| fill_defaults(v, item, types, depth + 1));
            }
        }
        Ty::Map(item) => {
            if let Value::Object(map) = value {
                map.values_mut().for_each(|v| fill_defaults(v, item, types, depth + 1));
            }
        }
        Ty::Named(id) => match &types.get(*id).kind {
            TypeKind::Alias(inner) => fill_defaults(value, inner, types, depth + 1),
            TypeKind::Struct(s) => {
                if !value.is_object() {
                    return;
                }
                // A flattened part reads the whole object; its defaults land in the same object.
                for part in s.flattened() {
                    fill_defaults(value, &part.ty, types, depth + 1);
                }
                let Value::Object(map) = value else { return };
                for field in s.fields() {
                    match map.get_mut(&field.wire) {
                        Some(v) => fill_defaults(v, &field.ty, types, depth + 1),
                        None => {
                            if let Presence::Defaulted(default) = &field.presence {
                                map.insert(field.wire.clone(), default.clone());
                            }
                        }
                    }
                }
                if let Some((_, extra)) = &s.additional {
                    let declared: Vec<&str> = s.fields().map(|f| f.wire.as_str()).collect();
                    for (key, v) in map.iter_mut() {
                        if !declared.contains(&key.as_str()) {
                            fill_defaults(v, extra, types, depth + 1);
                        }
                    }
                }
            }
            TypeKind::Union(u) => {
                // Only a tag says which variant applies; untagged unions are left as written.
                let Some(tagged) = &u.tagged else { return };
                let tag = value.get(&tagged.property).and_then(Value::as_str).map(str::to_owned);
                if let Some(i) = tag.and_then(|t| tagged.tags.iter().position(|x| *x == t)) {
                    fill_defaults(value, &u.variants[i].ty, types, depth + 1);
                }
            }
            TypeKind::Enum(_) | TypeKind::IntEnum(_) => {}
        },
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn check_doc(doc: Value) -> Examples {
        let text = doc.to_string();
        let loaded = crate::load::load_document(&text, &[], true).unwrap();
        let api = crate::model::build(&loaded).unwrap();
        check(&loaded, &api)
    }

    fn doc(version: &str, schemas: Value, paths: Value) -> Value {
        json!({"openapi": version, "info": {"title": "t", "version": "1"}, "paths": paths,
               "components": {"schemas": schemas}})
    }

    fn pointers(examples: &Examples) -> Vec<&str> {
        examples.valid.iter().map(|e| e.pointer.as_str()).collect()
    }

    #[test]
    fn an_example_outside_its_enum_is_invalid_and_says_where() {
        let found = check_doc(doc(
            "3.1.0",
            json!({
                "CeleryStatus": {"type": "string", "enum": ["PENDING", "SUCCESS"]},
                "AsyncTaskStatus": {
                    "type": "object", "required": ["taskId", "status"],
                    "properties": {"taskId": {"type": "string"}, "status": {"$ref": "#/components/schemas/CeleryStatus"}},
                    "example": {"taskId": "taskId", "status": ""}
                }
            }),
            json!({}),
        ));
        assert_eq!(found.found(), 1);
        assert!(found.valid.is_empty());
        assert!(found.invalid[0].starts_with("#/components/schemas/AsyncTaskStatus/example: "), "{:?}", found.invalid);
        assert!(found.invalid[0].contains("at /status"), "{:?}", found.invalid);
    }

    #[test]
    fn valid_examples_carry_their_type_and_the_defaults_the_types_fill_in() {
        let found = check_doc(doc(
            "3.1.0",
            json!({
                "Sorting": {
                    "type": "object",
                    "properties": {"field": {"type": "string"}, "order": {"type": "string", "default": "ascending"}},
                    "examples": [{"field": "name"}, {"field": "name", "order": "descending"}]
                }
            }),
            json!({}),
        ));
        assert_eq!(
            pointers(&found),
            ["#/components/schemas/Sorting/examples/0", "#/components/schemas/Sorting/examples/1"]
        );
        assert_eq!(found.valid[0].expected, json!({"field": "name", "order": "ascending"}));
        assert_eq!(found.valid[1].expected, found.valid[1].value);
        assert!(matches!(found.valid[0].ty, Ty::Named(_)));
    }

    #[test]
    fn examples_are_found_on_named_properties_and_json_bodies_but_not_on_plain_properties() {
        let mut document = doc(
            "3.1.0",
            json!({
                "Pet": {
                    "type": "object",
                    "properties": {
                        "name": {"type": "string", "example": "Rex"},
                        "owner": {"type": "object", "properties": {"id": {"type": "integer"}}, "example": {"id": 1}}
                    }
                }
            }),
            json!({"/pets": {"get": {"responses": {"200": {"description": "ok", "content": {"application/json": {
                "schema": {"type": "array", "items": {"$ref": "#/components/schemas/Pet"}},
                "examples": {
                    "two": {"value": [{"name": "a"}, {"name": "b"}]},
                    "shared": {"$ref": "#/components/examples/Pets"},
                    "elsewhere": {"externalValue": "https://example.com/pets.json"}
                }
            }}}}}}}),
        );
        document["components"]["examples"] = json!({"Pets": {"value": [{"name": "c"}]}});
        let found = check_doc(document);
        assert_eq!(
            pointers(&found),
            [
                "#/components/schemas/Pet/properties/owner/example",
                "#/paths/~1pets/get/responses/200/content/application~1json/examples/two/value",
                "#/paths/~1pets/get/responses/200/content/application~1json/examples/shared/value",
            ],
            "the plain `name` example and the external one are not tests"
        );
        assert_eq!(found.valid[2].value, json!([{"name": "c"}]));
    }

    #[test]
    fn nullable_is_read_as_the_generator_reads_it_in_both_versions() {
        for version in ["3.0.3", "3.1.0"] {
            let found = check_doc(doc(
                version,
                json!({
                    "Flow": {
                        "type": "object",
                        "properties": {
                            "rule": {"type": "string", "nullable": true},
                            "kind": {"type": "string"},
                            "amount": {"type": "number", "minimum": 0, "exclusiveMinimum": true}
                        },
                        "example": {"rule": null, "kind": "a", "amount": 1}
                    },
                    "Strict": {"type": "object", "properties": {"kind": {"type": "string"}}, "example": {"kind": null}},
                    "Untyped": {"properties": {"file": {"type": "string"}}, "example": ""}
                }),
                json!({}),
            ));
            assert_eq!(pointers(&found), ["#/components/schemas/Flow/example"], "{version}: {:?}", found.invalid);
            assert_eq!(found.invalid.len(), 2, "{version}: {:?}", found.invalid);
        }
    }

    #[test]
    fn schemas_inside_a_nullable_wrapper_and_paths_with_a_hash_are_still_found() {
        for version in ["3.0.3", "3.1.0"] {
            let found = check_doc(doc(
                version,
                json!({
                    "Outer": {
                        "nullable": true,
                        "allOf": [{"type": "object", "properties": {
                            "inner": {"type": "object", "properties": {"a": {"type": "string"}}, "example": {"a": "x"}}
                        }}]
                    }
                }),
                json!({"/schema#add": {"put": {"responses": {"200": {"description": "ok", "content": {"application/json": {
                    "schema": {"type": "object", "properties": {"op": {"type": "string"}}},
                    "example": {"op": "add"}
                }}}}}}}),
            ));
            assert!(found.invalid.is_empty(), "{version}: {:?}", found.invalid);
            assert_eq!(found.valid.len(), 2, "{version}");
        }
    }

    #[test]
    fn bytes_must_be_base64() {
        let found = check_doc(doc(
            "3.1.0",
            json!({"Signature": {"type": "object", "properties": {"key": {"type": "string", "format": "byte"}},
                   "examples": [{"key": "key"}, {"key": "a2V5"}]}}),
            json!({}),
        ));
        assert_eq!(pointers(&found), ["#/components/schemas/Signature/examples/1"]);
        assert!(found.invalid[0].contains("byte"), "{:?}", found.invalid);
    }
}
