//! OpenAPI 3.1 (JSON Schema 2020-12) constructs rewritten into the 3.0 shapes that `openapiv3`
//! models, so that later stages see one dialect.
//!
//! The walk only enters places where the specification puts schemas; example data and vendor
//! extensions are left byte-for-byte alone (a key named `$ref` inside an example is data).

use crate::error::Pointer;
use crate::warning::{Warning, WarningKind};
use serde_json::{Map, Value};
use std::cell::Cell;

thread_local! {
    /// How many more JSON nodes splitting `type` arrays may copy while one document is
    /// normalised (see [`normalize`]); unlimited outside it.
    static SPLIT_BUDGET: Cell<usize> = const { Cell::new(usize::MAX) };
}

/// The least a document's type-array splits may copy, however small the document.
const SPLIT_BUDGET_FLOOR: usize = 1_000_000;

/// Normalises a whole document in place.
///
/// A `type` array of several types becomes one `anyOf` branch per type, each with a copy of
/// the schema's constraints; nested inside each other, such schemas multiply in size at every
/// level (a 4 KB document found by the fuzzer grew past 4 GB). The copies a document may make
/// are therefore bounded, at ten times its own size, and a document past that is refused.
pub fn normalize(doc: &mut Value) -> crate::Result<()> {
    if let Some(map) = doc.as_object_mut() {
        // 3.1 lets a document have no paths; the typed model wants the field.
        map.entry("paths").or_insert_with(|| Value::Object(Map::new()));
    }
    let budget = node_count(doc).saturating_mul(10).max(SPLIT_BUDGET_FLOOR);
    SPLIT_BUDGET.set(budget);
    walk_document(doc, None, &mut normalize_schema);
    let exhausted = SPLIT_BUDGET.get() == 0;
    SPLIT_BUDGET.set(usize::MAX);
    if exhausted {
        return Err(crate::Error::Limit {
            location: "#".into(),
            message: format!(
                "`type` arrays of several types nested in each other: splitting them into one `anyOf` branch per type would copy more than {budget} JSON nodes (the bound: ten times the document, at least {SPLIT_BUDGET_FLOOR})"
            ),
        });
    }
    Ok(())
}

/// JSON nodes in a value, itself included.
fn node_count(value: &Value) -> usize {
    match value {
        Value::Array(items) => 1 + items.iter().map(node_count).sum::<usize>(),
        Value::Object(map) => 1 + map.values().map(node_count).sum::<usize>(),
        _ => 1,
    }
}

/// Takes `cost` from the split budget; false, and the budget spent to nothing, when too
/// little is left (so that [`normalize`] refuses the document).
fn spend_split_budget(cost: usize) -> bool {
    let left = SPLIT_BUDGET.get();
    SPLIT_BUDGET.set(left.saturating_sub(cost));
    left >= cost
}

/// Walks the non-schema part of the document and calls `f` on each top-level schema (component
/// schemas and every `schema` of a parameter, header or media type).
fn walk_document(value: &mut Value, parent_key: Option<&str>, f: &mut impl FnMut(&mut Value)) {
    match value {
        Value::Object(map) => {
            for (key, child) in map.iter_mut() {
                if is_data_key_in(parent_key, key) {
                    continue;
                }
                match (parent_key, key.as_str()) {
                    (Some("components"), "schemas") => {
                        if let Value::Object(schemas) = child {
                            schemas.values_mut().for_each(&mut *f);
                        }
                    }
                    (_, "schema") if child.is_object() => f(child),
                    _ => walk_document(child, Some(key), f),
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|v| walk_document(v, parent_key, f)),
        _ => {}
    }
}

fn is_data_key(key: &str) -> bool {
    matches!(key, "example" | "examples" | "default" | "enum" | "const") || key.starts_with("x-")
}

/// Whether `key`, found in the object under `parent`, holds data rather than document
/// structure. In maps keyed by names or codes a key like `default` or `x-request-id` is a name:
/// `responses/default` is a response and `headers/x-request-id` a header, whose schemas must be
/// read like any other (and are, by `openapiv3`).
fn is_data_key_in(parent: Option<&str>, key: &str) -> bool {
    match parent {
        // Responses objects allow extensions; everything else in them is a code or `default`.
        Some("responses") => key.starts_with("x-"),
        Some("headers" | "content" | "encoding" | "callbacks" | "requestBodies" | "webhooks") => false,
        _ => is_data_key(key),
    }
}

/// Calls `f` on every schema that `openapiv3` reads, with its place, subschemas before the
/// schema that holds them. Only the places `openapiv3`
/// models are entered (`properties`, `items`, `additionalProperties`, `not`, `allOf`, `anyOf`,
/// `oneOf`), and only subschemas that are objects: anything else fails in the schema holding it.
pub(crate) fn visit_typed_schemas(doc: &Value, f: &mut impl FnMut(&Map<String, Value>, &Pointer)) {
    fn schema(value: &Value, at: &Pointer, f: &mut impl FnMut(&Map<String, Value>, &Pointer)) {
        let Value::Object(map) = value else { return };
        for (key, child) in map {
            match key.as_str() {
                "items" | "additionalProperties" | "not" => schema(child, &at.join(key), f),
                "properties" => {
                    if let Value::Object(children) = child {
                        for (name, c) in children {
                            schema(c, &at.join(key).join(name), f);
                        }
                    }
                }
                "allOf" | "anyOf" | "oneOf" => {
                    if let Value::Array(children) = child {
                        for (i, c) in children.iter().enumerate() {
                            schema(c, &at.join(key).join(i.to_string()), f);
                        }
                    }
                }
                _ => {}
            }
        }
        f(map, at);
    }
    fn document(value: &Value, at: &Pointer, parent: Option<&str>, f: &mut impl FnMut(&Map<String, Value>, &Pointer)) {
        match value {
            Value::Object(map) => {
                for (key, child) in map {
                    if is_data_key_in(parent, key) {
                        continue;
                    }
                    let child_at = at.join(key);
                    match (parent, key.as_str()) {
                        (Some("components"), "schemas") => {
                            if let Value::Object(schemas) = child {
                                for (name, s) in schemas {
                                    schema(s, &child_at.join(name), f);
                                }
                            }
                        }
                        (_, "schema") if child.is_object() => schema(child, &child_at, f),
                        _ => document(child, &child_at, Some(key), f),
                    }
                }
            }
            Value::Array(items) => {
                for (i, v) in items.iter().enumerate() {
                    document(v, &at.join(i.to_string()), parent, f);
                }
            }
            _ => {}
        }
    }
    document(doc, &Pointer::root(), None, f);
}

/// Keywords that describe a schema rather than constrain it; they stay on the outer schema
/// when a `$ref` or a nullable union is rewritten.
const ANNOTATIONS: &[&str] = &[
    "title",
    "description",
    "default",
    "deprecated",
    "readOnly",
    "writeOnly",
    "example",
    "examples",
    "externalDocs",
    "nullable",
];

/// Normalises one schema and, recursively, its subschemas.
pub(crate) fn normalize_schema(schema: &mut Value) {
    let Value::Object(map) = schema else { return };

    // `$ref` with siblings: 3.1 keeps the siblings; `openapiv3` would drop them.
    if map.contains_key("$ref") && map.len() > 1 {
        let reference = map.remove("$ref").expect("checked above");
        let mut target = Map::new();
        target.insert("$ref".into(), reference);
        map.insert("allOf".into(), Value::Array(vec![Value::Object(target)]));
    }

    // `type: [T, "null"]`.
    if let Some(Value::Array(types)) = map.get("type").cloned() {
        // Type names are unique in valid JSON Schema; repeats would only multiply branches.
        let mut non_null: Vec<Value> = Vec::new();
        for t in types.iter().filter(|t| *t != "null") {
            if !non_null.contains(t) {
                non_null.push(t.clone());
            }
        }
        if non_null.len() > 1 {
            let copied: usize =
                map.iter().filter(|(k, _)| !ANNOTATIONS.contains(&k.as_str())).map(|(_, v)| node_count(v)).sum();
            if !spend_split_budget(copied.saturating_mul(non_null.len())) {
                // The document is refused (see `normalize`); nothing more to copy.
                return;
            }
        }
        if types.iter().any(|t| t == "null") {
            map.insert("nullable".into(), Value::Bool(true));
        }
        match non_null.len() {
            0 => {
                map.remove("type");
            }
            1 => {
                map.insert("type".into(), non_null[0].clone());
            }
            _ => {
                // Several types: one anyOf branch per type, each with the constraints.
                map.remove("type");
                let constraints: Map<String, Value> = map
                    .iter()
                    .filter(|(k, _)| !ANNOTATIONS.contains(&k.as_str()))
                    .map(|(k, v)| (k.clone(), v.clone()))
                    .collect();
                map.retain(|k, _| ANNOTATIONS.contains(&k.as_str()));
                let branches = non_null
                    .into_iter()
                    .map(|t| {
                        let mut branch = constraints.clone();
                        branch.insert("type".into(), t);
                        Value::Object(branch)
                    })
                    .collect();
                map.insert("anyOf".into(), Value::Array(branches));
            }
        }
    }
    if map.get("type").is_some_and(|t| t == "null") {
        map.remove("type");
        map.insert("nullable".into(), Value::Bool(true));
    }

    // anyOf / oneOf with a null branch: the union is nullable, not a variant.
    for keyword in ["anyOf", "oneOf"] {
        let Some(Value::Array(branches)) = map.get(keyword) else {
            continue;
        };
        if !branches.iter().any(is_null_schema) {
            continue;
        }
        let rest: Vec<Value> = branches.iter().filter(|b| !is_null_schema(b)).cloned().collect();
        map.remove(keyword);
        map.insert("nullable".into(), Value::Bool(true));
        match rest.len() {
            0 => {}
            1 => {
                let only = rest.into_iter().next().expect("one branch");
                match only {
                    Value::Object(only) if only.contains_key("$ref") && only.len() == 1 => {
                        map.insert("allOf".into(), Value::Array(vec![Value::Object(only)]));
                    }
                    Value::Object(only) => {
                        for (k, v) in only {
                            // The outer annotations describe the property; keep them.
                            if !(ANNOTATIONS.contains(&k.as_str()) && map.contains_key(&k)) {
                                map.insert(k, v);
                            }
                        }
                        // The merged branch may itself be a `$ref` with siblings now.
                        normalize_schema(schema);
                        return;
                    }
                    _ => {}
                }
            }
            _ => {
                map.insert(keyword.into(), Value::Array(rest));
            }
        }
    }

    if let Some(value) = map.remove("const") {
        map.entry("enum").or_insert_with(|| Value::Array(vec![value]));
    }
    if let Some(Value::Array(examples)) = map.get("examples") {
        if let Some(first) = examples.first().cloned() {
            map.entry("example").or_insert(first);
        }
        map.remove("examples");
    }
    for (exclusive, bound) in [("exclusiveMinimum", "minimum"), ("exclusiveMaximum", "maximum")] {
        if let Some(Value::Number(n)) = map.get(exclusive).cloned() {
            map.insert(bound.into(), Value::Number(n));
            map.insert(exclusive.into(), Value::Bool(true));
        }
    }
    if map.get("contentEncoding").is_some_and(|e| e == "base64") && !map.contains_key("format") {
        map.insert("format".into(), "byte".into());
    }
    // Tuple validation has no 3.0 counterpart; the items become a union of the positions.
    if let Some(Value::Array(prefix)) = map.remove("prefixItems") {
        map.entry("items").or_insert_with(|| serde_json::json!({ "anyOf": prefix }));
    }
    if let Some(Value::Array(tuple)) = map.get("items").cloned() {
        map.insert("items".into(), serde_json::json!({ "anyOf": tuple }));
    }

    for (key, child) in map.iter_mut() {
        match key.as_str() {
            "items" | "additionalProperties" | "not" => normalize_schema(child),
            "properties" | "patternProperties" | "$defs" | "definitions" => {
                if let Value::Object(children) = child {
                    children.values_mut().for_each(normalize_schema);
                }
            }
            "allOf" | "anyOf" | "oneOf" => {
                if let Value::Array(children) = child {
                    children.iter_mut().for_each(normalize_schema);
                }
            }
            _ => {}
        }
    }
}

/// Calls `f` on every schema of a document, subschemas before the schema that holds them.
/// Like the normalising walk, it only enters places where the specification puts schemas.
pub fn visit_schemas_mut(doc: &mut Value, f: &mut impl FnMut(&mut Map<String, Value>)) {
    fn schema(value: &mut Value, f: &mut impl FnMut(&mut Map<String, Value>)) {
        let Value::Object(map) = value else { return };
        for (key, child) in map.iter_mut() {
            match key.as_str() {
                "items"
                | "additionalProperties"
                | "not"
                | "contains"
                | "propertyNames"
                | "if"
                | "then"
                | "else"
                | "unevaluatedProperties"
                | "unevaluatedItems" => schema(child, f),
                "properties" | "patternProperties" | "$defs" | "definitions" | "dependentSchemas" => {
                    if let Value::Object(children) = child {
                        children.values_mut().for_each(|c| schema(c, f));
                    }
                }
                "allOf" | "anyOf" | "oneOf" | "prefixItems" => {
                    if let Value::Array(children) = child {
                        children.iter_mut().for_each(|c| schema(c, f));
                    }
                }
                _ => {}
            }
        }
        f(map);
    }
    walk_document(doc, None, &mut |s| schema(s, f));
}

fn is_null_schema(schema: &Value) -> bool {
    match schema {
        Value::Object(m) => {
            m.get("type").is_some_and(|t| t == "null")
                || m.get("enum").is_some_and(|e| e == &Value::Array(vec![Value::Null]))
                || m.get("const").is_some_and(Value::is_null)
        }
        _ => false,
    }
}

/// JSON Schema keywords this generator does not turn into types; their constraints are not
/// checked by the generated code. Reported as warnings, each with its place.
const UNSUPPORTED: &[&str] = &[
    "patternProperties",
    "if",
    "then",
    "else",
    "dependentSchemas",
    "dependentRequired",
    "unevaluatedProperties",
    "unevaluatedItems",
    "propertyNames",
    "contains",
    "$dynamicRef",
];

/// Warnings for the unsupported keywords (listed in `UNSUPPORTED`) in the schemas of a
/// (normalised) document.
pub fn unsupported_keywords(doc: &Value) -> Vec<Warning> {
    fn schema(value: &Value, at: &Pointer, out: &mut Vec<Warning>) {
        let Value::Object(map) = value else { return };
        for (key, child) in map {
            if UNSUPPORTED.contains(&key.as_str()) {
                out.push(Warning::new(
                    at.join(key),
                    WarningKind::UnsupportedKeyword,
                    format!("`{key}` is not supported and is ignored"),
                ));
            }
            let child_at = at.join(key);
            match key.as_str() {
                "items" | "additionalProperties" | "not" => schema(child, &child_at, out),
                "properties" | "$defs" | "definitions" => {
                    if let Value::Object(children) = child {
                        children.iter().for_each(|(k, v)| schema(v, &child_at.join(k), out));
                    }
                }
                "allOf" | "anyOf" | "oneOf" => {
                    if let Value::Array(children) = child {
                        children.iter().enumerate().for_each(|(i, v)| schema(v, &child_at.join(i.to_string()), out));
                    }
                }
                _ => {}
            }
        }
    }
    fn document(value: &Value, at: &Pointer, parent: Option<&str>, out: &mut Vec<Warning>) {
        match value {
            Value::Object(map) => {
                for (key, child) in map {
                    if is_data_key_in(parent, key) {
                        continue;
                    }
                    let child_at = at.join(key);
                    match (parent, key.as_str()) {
                        (Some("components"), "schemas") => {
                            if let Value::Object(schemas) = child {
                                schemas.iter().for_each(|(k, v)| schema(v, &child_at.join(k), out));
                            }
                        }
                        (_, "schema") if child.is_object() => schema(child, &child_at, out),
                        _ => document(child, &child_at, Some(key), out),
                    }
                }
            }
            Value::Array(items) => {
                items.iter().enumerate().for_each(|(i, v)| document(v, &at.join(i.to_string()), parent, out))
            }
            _ => {}
        }
    }
    let mut out = Vec::new();
    document(doc, &Pointer::root(), None, &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn norm(mut schema: Value) -> Value {
        normalize_schema(&mut schema);
        schema
    }

    #[test]
    fn type_array_with_null_becomes_nullable() {
        assert_eq!(norm(json!({"type": ["string", "null"]})), json!({"type": "string", "nullable": true}));
    }

    #[test]
    fn several_types_become_any_of() {
        assert_eq!(
            norm(json!({"type": ["string", "integer"], "description": "d", "minimum": 1})),
            json!({"description": "d", "anyOf": [{"type": "string", "minimum": 1}, {"type": "integer", "minimum": 1}]})
        );
    }

    #[test]
    fn any_of_ref_or_null_becomes_nullable_all_of() {
        assert_eq!(
            norm(json!({"anyOf": [{"$ref": "#/components/schemas/A"}, {"type": "null"}], "description": "d"})),
            json!({"description": "d", "nullable": true, "allOf": [{"$ref": "#/components/schemas/A"}]})
        );
    }

    #[test]
    fn any_of_inline_or_null_is_merged() {
        assert_eq!(
            norm(
                json!({"anyOf": [{"type": "array", "items": {"type": ["integer", "null"]}}, {"type": "null"}], "title": "T"})
            ),
            json!({"title": "T", "nullable": true, "type": "array", "items": {"type": "integer", "nullable": true}})
        );
    }

    #[test]
    fn ref_with_siblings_keeps_them() {
        assert_eq!(
            norm(json!({"$ref": "#/components/schemas/E", "description": "d", "default": "x"})),
            json!({"description": "d", "default": "x", "allOf": [{"$ref": "#/components/schemas/E"}]})
        );
    }

    #[test]
    fn const_examples_and_numeric_exclusive_bounds() {
        assert_eq!(
            norm(json!({"const": "a", "examples": ["a", "b"], "type": "string"})),
            json!({"enum": ["a"], "example": "a", "type": "string"})
        );
        assert_eq!(
            norm(json!({"type": "number", "exclusiveMinimum": 0})),
            json!({"type": "number", "minimum": 0, "exclusiveMinimum": true})
        );
    }

    #[test]
    fn unsupported_keywords_are_reported_with_their_place() {
        let doc = json!({"components": {"schemas": {"A": {"type": "object", "patternProperties": {"^x": {}},
            "properties": {"b": {"if": {}, "then": {}}}}}}, "paths": {}});
        assert_eq!(
            unsupported_keywords(&doc).iter().map(ToString::to_string).collect::<Vec<_>>(),
            [
                "#/components/schemas/A/patternProperties: `patternProperties` is not supported and is ignored",
                "#/components/schemas/A/properties/b/if: `if` is not supported and is ignored",
                "#/components/schemas/A/properties/b/then: `then` is not supported and is ignored",
            ]
        );
    }

    #[test]
    fn example_data_is_left_alone() {
        let mut doc = json!({
            "paths": {"/a": {"get": {"responses": {"200": {"description": "ok", "content": {"application/json": {
                "schema": {"type": ["string", "null"]},
                "example": {"$ref": "https://example.com", "type": ["x", "null"]}
            }}}}}}}
        });
        normalize(&mut doc).unwrap();
        let media = &doc["paths"]["/a"]["get"]["responses"]["200"]["content"]["application/json"];
        assert_eq!(media["schema"], json!({"type": "string", "nullable": true}));
        assert_eq!(media["example"], json!({"$ref": "https://example.com", "type": ["x", "null"]}));
    }
}
