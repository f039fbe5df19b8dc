//! Stage 1, load: text in, a checked `openapiv3::OpenAPI` out.
//!
//! `parse` reads YAML or JSON into a `serde_json::Value`, `normalize` rewrites OpenAPI 3.1
//! constructs into the 3.0 shapes that `openapiv3` models, and `deserialize` builds the typed
//! document, turning serde's path into a JSON pointer when something does not fit.

mod events;
mod normalize;
pub mod overlay;
mod parse;
mod relax;

pub use normalize::{normalize, unsupported_keywords, visit_schemas_mut};
pub use overlay::OverlaySource;
pub use parse::{EXPANSION_FACTOR, EXPANSION_FLOOR, Expansion, expansion_limit, measure_yaml, parse};

use crate::error::{Error, Pointer, Result};
use serde_json::Value;

/// A loaded document: the typed view used by the model stage, and the normalised JSON it came
/// from, kept for `$ref`s that point inside schemas (which `openapiv3` cannot follow).
#[derive(Debug)]
pub struct Document {
    pub api: openapiv3::OpenAPI,
    pub raw: Value,
    /// The document as written (overlays applied, not normalised), when asked for: examples
    /// are validated against the schemas their authors wrote, with their own draft's rules.
    pub source: Option<Value>,
    /// Resolves `$ref`s in `raw`, each once (`resolve_ref`).
    pub refs: crate::resolve::Resolver,
    /// What loading left out or loosened so that the rest could be read (see `relax`).
    pub warnings: Vec<crate::warning::Warning>,
}

impl Document {
    pub fn new(api: openapiv3::OpenAPI, raw: Value, source: Option<Value>) -> Self {
        Document { api, raw, source, refs: crate::resolve::Resolver::new(), warnings: Vec::new() }
    }

    /// The node a `$ref` leads to in the normalised document, through chains of references,
    /// and the reference that chain ends at.
    pub fn resolve_ref(&self, reference: &str) -> Result<(String, &Value), crate::resolve::RefError> {
        self.refs.follow(&self.raw, reference)
    }
}

/// Runs the whole load stage.
pub fn load(text: &str) -> Result<Document> {
    load_with_overlays(text, &[])
}

/// Runs the load stage, applying overlays (in the order given) to the document as written.
pub fn load_with_overlays(text: &str, overlays: &[OverlaySource]) -> Result<Document> {
    load_document(text, overlays, false)
}

/// Runs the load stage; `keep_source` also keeps the document as written in
/// [`Document::source`].
pub fn load_document(text: &str, overlays: &[OverlaySource], keep_source: bool) -> Result<Document> {
    let mut raw = parse(text)?;
    for o in overlays {
        overlay::apply(&mut raw, o)?;
    }
    check_version(&raw)?;
    let source = keep_source.then(|| raw.clone());
    normalize(&mut raw)?;
    let warnings = relax::relax(&mut raw);
    let api = deserialize(&raw)?;
    Ok(Document { warnings, ..Document::new(api, raw, source) })
}

/// Refuses documents that are not OpenAPI 3.0 or 3.1 before anything else looks at them, so
/// the message is about the version and not about the first field that happens not to fit.
fn check_version(raw: &Value) -> Result<()> {
    let Some(map) = raw.as_object() else {
        return Err(Error::invalid("#", format!("expected an OpenAPI document (a mapping), found {}", kind_of(raw))));
    };
    if map.contains_key("swagger") {
        return Err(Error::invalid(
            "#/swagger",
            "Swagger 2.0 documents are not supported; convert the document to OpenAPI 3 first",
        ));
    }
    let version = match map.get("openapi") {
        None => return Err(Error::invalid("#", "missing required field `openapi`")),
        Some(Value::String(v)) => v.as_str(),
        Some(other) => {
            return Err(Error::invalid(
                "#/openapi",
                format!("expected a version string such as \"3.1.0\", found {}", kind_of(other)),
            ));
        }
    };
    let supported = ["3.0.", "3.1."].iter().any(|p| version.starts_with(p));
    if !supported {
        return Err(Error::invalid(
            "#/openapi",
            format!("unsupported OpenAPI version `{version}`; this generator reads 3.0.x and 3.1.x"),
        ));
    }
    if !map.contains_key("info") {
        return Err(Error::invalid("#", "missing required field `info`"));
    }
    // 3.1 allows a document of webhooks or components only; 3.0 requires `paths`.
    if version.starts_with("3.0.") && !map.contains_key("paths") {
        return Err(Error::invalid("#", "missing required field `paths`"));
    }
    Ok(())
}

/// Deserialises a normalised document into the typed model.
pub fn deserialize(raw: &Value) -> Result<openapiv3::OpenAPI> {
    check_schemas(raw)?;
    typed::<openapiv3::OpenAPI>(raw, &Pointer::root()).map_err(|whole| locate(raw).unwrap_or(whole))
}

/// Checks every schema on its own, before the whole document is read.
///
/// `openapiv3` reads each `ReferenceOr<Schema>` as an untagged enum and, when the schema does
/// not fit, reads it a second time to get a better message; so a schema that fails `n` levels
/// of `allOf` (or `items`, `properties`...) deep is read 2^n times, and a 5 KB document took
/// minutes. Reading each schema alone, with its subschemas replaced by `{}`, costs the size of
/// that schema; the whole document is then read only when every schema fits, where the
/// retries never happen.
fn check_schemas(raw: &Value) -> Result<()> {
    let mut errors = Vec::new();
    normalize::visit_typed_schemas(raw, &mut |schema, at| {
        let alone = Value::Object(without_subschemas(schema));
        if let Err(e) = typed::<openapiv3::ReferenceOr<openapiv3::Schema>>(&alone, at) {
            errors.push(e);
        }
    });
    Error::collect(errors).map_or(Ok(()), Err)
}

/// A copy of one schema whose subschemas (the objects at the places `openapiv3` reads as
/// schemas) are `{}`, which always fits; everything else is kept, so a subschema that is not
/// an object still fails here, in the schema that holds it.
fn without_subschemas(schema: &serde_json::Map<String, Value>) -> serde_json::Map<String, Value> {
    let empty = || Value::Object(serde_json::Map::new());
    let placeholder = |v: &Value| if v.is_object() { empty() } else { v.clone() };
    schema
        .iter()
        .map(|(key, value)| {
            let value = match (key.as_str(), value) {
                ("items" | "additionalProperties" | "not", v) => placeholder(v),
                ("properties", Value::Object(children)) => {
                    Value::Object(children.iter().map(|(k, v)| (k.clone(), placeholder(v))).collect())
                }
                ("allOf" | "anyOf" | "oneOf", Value::Array(children)) => {
                    Value::Array(children.iter().map(placeholder).collect())
                }
                (_, v) => v.clone(),
            };
            (key.clone(), value)
        })
        .collect()
}

/// Deserializes `value` (found at `at`) as `T`, naming the failing place as a JSON pointer.
fn typed<T: serde::de::DeserializeOwned>(value: &Value, at: &Pointer) -> Result<T> {
    serde_path_to_error::deserialize(value).map_err(|err| {
        let mut pointer = at.clone();
        for segment in err.path().iter() {
            use serde_path_to_error::Segment;
            match segment {
                Segment::Seq { index } => pointer = pointer.join(index.to_string()),
                Segment::Map { key } => pointer = pointer.join(key),
                Segment::Enum { .. } | Segment::Unknown => {}
            }
        }
        Error::invalid(pointer, err.into_inner().to_string())
    })
}

/// serde loses the path inside `#[serde(flatten)]` maps, which `openapiv3` uses for paths and
/// responses; so when the whole document fails, its parts are tried one by one, deepest
/// first, to find the place to name.
fn locate(raw: &Value) -> Option<Error> {
    use openapiv3 as oa;
    let root = Pointer::root();
    let at = |p: &Pointer, key: &str| p.join(key);
    let first_failure = |checks: Vec<Option<Error>>| checks.into_iter().flatten().next();
    if let Some(e) = typed::<oa::Info>(raw.get("info")?, &at(&root, "info")).err() {
        return Some(e);
    }
    if let Some(e) = raw.get("servers").and_then(|v| typed::<Vec<oa::Server>>(v, &at(&root, "servers")).err()) {
        return Some(e);
    }
    if let Some(Value::Object(paths)) = raw.get("paths") {
        for (path, item) in paths {
            let item_at = at(&at(&root, "paths"), path);
            let Value::Object(methods) = item else {
                return typed::<oa::PathItem>(item, &item_at).err();
            };
            for (method, op) in methods {
                let op_at = at(&item_at, method);
                let found = match method.as_str() {
                    "parameters" => typed::<Vec<oa::ReferenceOr<oa::Parameter>>>(op, &op_at).err(),
                    "get" | "put" | "post" | "delete" | "options" | "head" | "patch" | "trace" => {
                        let mut parts = Vec::new();
                        if let Some(Value::Object(responses)) = op.get("responses") {
                            for (code, response) in responses.iter().filter(|(c, _)| !c.starts_with("x-")) {
                                let r_at = at(&at(&op_at, "responses"), code);
                                parts.push(typed::<oa::ReferenceOr<oa::Response>>(response, &r_at).err());
                            }
                        }
                        if let Some(Value::Array(params)) = op.get("parameters") {
                            for (i, param) in params.iter().enumerate() {
                                let p_at = at(&at(&op_at, "parameters"), &i.to_string());
                                parts.push(typed::<oa::ReferenceOr<oa::Parameter>>(param, &p_at).err());
                            }
                        }
                        if let Some(body) = op.get("requestBody") {
                            parts.push(
                                typed::<oa::ReferenceOr<oa::RequestBody>>(body, &at(&op_at, "requestBody")).err(),
                            );
                        }
                        first_failure(parts).or_else(|| typed::<oa::Operation>(op, &op_at).err())
                    }
                    _ => None,
                };
                if found.is_some() {
                    return found;
                }
            }
            if let Some(e) = typed::<oa::PathItem>(item, &item_at).err() {
                return Some(e);
            }
        }
    }
    if let Some(Value::Object(components)) = raw.get("components") {
        let c_at = at(&root, "components");
        for (kind, entries) in components {
            let Value::Object(entries) = entries else {
                continue;
            };
            for (name, entry) in entries {
                let e_at = at(&at(&c_at, kind), name);
                let found = match kind.as_str() {
                    "schemas" => typed::<oa::ReferenceOr<oa::Schema>>(entry, &e_at).err(),
                    "responses" => typed::<oa::ReferenceOr<oa::Response>>(entry, &e_at).err(),
                    "parameters" => typed::<oa::ReferenceOr<oa::Parameter>>(entry, &e_at).err(),
                    "requestBodies" => typed::<oa::ReferenceOr<oa::RequestBody>>(entry, &e_at).err(),
                    "securitySchemes" => typed::<oa::ReferenceOr<oa::SecurityScheme>>(entry, &e_at).err(),
                    "headers" => typed::<oa::ReferenceOr<oa::Header>>(entry, &e_at).err(),
                    _ => None,
                };
                if found.is_some() {
                    return found;
                }
            }
        }
    }
    None
}

pub(crate) fn kind_of(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a sequence",
        Value::Object(_) => "a mapping",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err(text: &str) -> String {
        load(text).unwrap_err().to_string()
    }

    #[test]
    fn refuses_what_is_not_openapi_3() {
        assert!(err("swagger: '2.0'\ninfo: {}\n").contains("Swagger 2.0"));
        assert!(err("openapi: 4.0.0\ninfo: {}\npaths: {}\n").contains("unsupported OpenAPI version `4.0.0`"));
        assert!(err("openapi: 3\ninfo: {}\npaths: {}\n").contains("#/openapi: expected a version string"));
        assert!(err("- a\n- b\n").contains("found a sequence"));
        assert!(err("info: {title: x, version: '1'}\npaths: {}\n").contains("missing required field `openapi`"));
        assert!(err("openapi: 3.0.3\ninfo: {title: x, version: '1'}\n").contains("`paths`"));
    }

    #[test]
    fn a_31_document_may_omit_paths() {
        let doc = load("openapi: 3.1.0\ninfo: {title: x, version: '1'}\n").unwrap();
        assert!(doc.api.paths.paths.is_empty());
    }

    #[test]
    fn a_31_operation_may_omit_responses_and_relaxations_are_warned() {
        let text = "openapi: 3.1.0\ninfo: {title: x, version: '1'}\npaths:\n  /users:\n    get: {operationId: list}\ncomponents:\n  securitySchemes:\n    tls: {type: mutualTLS}\n";
        let doc = load(text).unwrap();
        let op = doc.api.paths.paths["/users"].as_item().and_then(|item| item.get.as_ref()).unwrap();
        assert!(op.responses.responses.is_empty() && op.responses.default.is_none());
        let places: Vec<&str> = doc.warnings.iter().map(|w| w.pointer.as_str()).collect();
        assert_eq!(places, ["#/components/securitySchemes/tls"]);
    }

    #[test]
    fn a_misplaced_field_is_reported_with_its_pointer() {
        let text = "openapi: 3.0.3\ninfo: {title: x, version: '1'}\npaths:\n  /a:\n    get:\n      responses: 7\n";
        let message = err(text);
        assert!(message.starts_with("#/paths/~1a/get"), "{message}");
        let text = "openapi: 3.0.3\ninfo: {title: x, version: '1'}\npaths:\n  /t/{id}:\n    get:\n      responses:\n        '200': {content: 5}\n";
        let message = err(text);
        assert!(message.starts_with("#/paths/~1t~1{id}/get/responses/200"), "{message}");
        let text = "openapi: 3.0.3\ninfo: {title: x}\npaths: {}\n";
        assert!(err(text).starts_with("#/info: missing field `version`"), "{}", err(text));
    }
}
