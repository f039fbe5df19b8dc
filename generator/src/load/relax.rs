//! What a valid document may hold that `openapiv3` (written for OpenAPI 3.0, and strict about
//! the closed sets of values) cannot read, made readable before it deserialises the document.
//!
//! OpenAPI 3.1 made an operation's `responses` optional; `openapiv3` requires the field, so an
//! empty one is put in its place (which reads the same: no response is documented). Values of
//! closed sets that `openapiv3` does not know would otherwise refuse the whole document for a
//! problem confined to one place: a security scheme of a type the client cannot send (3.1's
//! `mutualTLS`) is left out, a parameter whose `style` does not exist for its location becomes a
//! string, each with a warning naming its place.

use crate::error::Pointer;
use crate::warning::{Warning, WarningKind};
use serde_json::{Map, Value};

/// The keys of a path item that hold operations (those `openapiv3::PathItem` reads).
const METHODS: [&str; 8] = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

/// The security scheme types `openapiv3` reads.
const SCHEME_TYPES: [&str; 4] = ["apiKey", "http", "oauth2", "openIdConnect"];

/// Makes a normalised document readable by `openapiv3`; returns what that cost.
pub fn relax(doc: &mut Value) -> Vec<Warning> {
    let mut warnings = Vec::new();
    let Some(root) = doc.as_object_mut() else { return warnings };
    let at = Pointer::root();
    if let Some(Value::Object(paths)) = root.get_mut("paths") {
        for (key, item) in paths.iter_mut().filter(|(k, _)| !k.starts_with("x-")) {
            path_item(item, &at.join("paths").join(key), &mut warnings);
        }
    }
    // Webhooks are requests the API sends, not ones a client makes: nothing is generated for
    // them, but their path items are read like any other, for the schemas they name.
    if let Some(Value::Object(hooks)) = root.get_mut("webhooks") {
        if !hooks.is_empty() {
            warnings.push(Warning::new(
                at.join("webhooks").as_str(),
                WarningKind::UnsupportedKeyword,
                "webhooks are requests the API makes to its users; a client has no method for them, so they are ignored",
            ));
        }
        for (key, item) in hooks.iter_mut() {
            path_item(item, &at.join("webhooks").join(key), &mut warnings);
        }
    }
    if let Some(Value::Object(components)) = root.get_mut("components") {
        let at = at.join("components");
        if let Some(Value::Object(items)) = components.get_mut("pathItems") {
            for (key, item) in items.iter_mut() {
                path_item(item, &at.join("pathItems").join(key), &mut warnings);
            }
        }
        if let Some(Value::Object(callbacks)) = components.get_mut("callbacks") {
            for (key, callback) in callbacks.iter_mut() {
                self::callback(callback, &at.join("callbacks").join(key), &mut warnings);
            }
        }
        if let Some(Value::Object(params)) = components.get_mut("parameters") {
            for (key, param) in params.iter_mut() {
                parameter(param, &at.join("parameters").join(key), &mut warnings);
            }
        }
        if let Some(Value::Object(schemes)) = components.get_mut("securitySchemes") {
            security_schemes(schemes, &at.join("securitySchemes"), &mut warnings);
        }
    }
    warnings
}

fn path_item(item: &mut Value, at: &Pointer, warnings: &mut Vec<Warning>) {
    let Value::Object(item) = item else { return };
    parameters(item, at, warnings);
    for method in METHODS {
        let Some(Value::Object(op)) = item.get_mut(method) else { continue };
        let at = at.join(method);
        // 3.1: an operation need not document its responses.
        op.entry("responses").or_insert_with(|| Value::Object(Map::new()));
        parameters(op, &at, warnings);
        if let Some(Value::Object(callbacks)) = op.get_mut("callbacks") {
            for (key, callback) in callbacks.iter_mut() {
                self::callback(callback, &at.join("callbacks").join(key), warnings);
            }
        }
    }
}

/// A callback: a map of runtime expressions to path items.
fn callback(callback: &mut Value, at: &Pointer, warnings: &mut Vec<Warning>) {
    let Value::Object(items) = callback else { return };
    for (key, item) in items.iter_mut().filter(|(k, _)| !k.starts_with("x-")) {
        path_item(item, &at.join(key), warnings);
    }
}

fn parameters(holder: &mut Map<String, Value>, at: &Pointer, warnings: &mut Vec<Warning>) {
    let Some(Value::Array(params)) = holder.get_mut("parameters") else { return };
    for (i, param) in params.iter_mut().enumerate() {
        parameter(param, &at.join("parameters").join(i.to_string()), warnings);
    }
}

/// The styles OpenAPI defines for each parameter location.
fn styles_of(location: &str) -> Option<&'static [&'static str]> {
    Some(match location {
        "path" => &["simple", "label", "matrix"],
        "query" => &["form", "spaceDelimited", "pipeDelimited", "deepObject"],
        "header" => &["simple"],
        "cookie" => &["form"],
        _ => return None,
    })
}

/// A parameter whose `style` does not exist for its location loses the style and becomes a
/// string: the caller writes the value as the style says, and it is sent as written.
fn parameter(param: &mut Value, at: &Pointer, warnings: &mut Vec<Warning>) {
    let Value::Object(param) = param else { return };
    let Some(styles) = param.get("in").and_then(Value::as_str).and_then(styles_of) else { return };
    let location = param.get("in").and_then(Value::as_str).unwrap_or_default().to_owned();
    let style = match param.get("style") {
        None => return,
        Some(Value::String(s)) if styles.contains(&s.as_str()) => return,
        Some(Value::String(s)) => format!("`{}`", s.escape_debug()),
        Some(other) => format!("{} (not a style name)", super::kind_of(other)),
    };
    param.remove("style");
    let mut schema = Map::new();
    schema.insert("type".into(), "string".into());
    if param.remove("content").is_some() || param.contains_key("schema") {
        param.insert("schema".into(), Value::Object(schema));
    }
    warnings.push(Warning::new(
        at.join("style").as_str(),
        WarningKind::Loosened,
        format!(
            "style {style} is not supported for a {location} parameter; it is a string, sent as given (the caller writes the value in that style)"
        ),
    ));
}

/// Schemes of a type the client cannot send are left out; a requirement naming one then
/// needs only its other schemes (for `mutualTLS`, the TLS layer's client certificate, which a
/// `reqwest::Client` given to the builder's `http_client` can hold).
fn security_schemes(schemes: &mut Map<String, Value>, at: &Pointer, warnings: &mut Vec<Warning>) {
    schemes.retain(|name, scheme| {
        let Some(kind) = scheme.get("type").and_then(Value::as_str) else { return true };
        if SCHEME_TYPES.contains(&kind) {
            return true;
        }
        let how = if kind == "mutualTLS" {
            "a client certificate is configured on the `reqwest::Client` given to `ClientBuilder::http_client`"
                .to_owned()
        } else {
            format!("`{}` is not a security scheme type of OpenAPI 3.0 or 3.1", kind.escape_debug())
        };
        warnings.push(Warning::new(
            at.join(name).as_str(),
            WarningKind::LeftOut,
            format!("security scheme of type `{}` is left out: {how}", kind.escape_debug()),
        ));
        false
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn operations_without_responses_get_an_empty_set_everywhere_operations_are() {
        let op = || json!({"operationId": "x"});
        let mut doc = json!({
            "paths": {"/a": {"get": op(), "post": {"callbacks": {"cb": {"{$request.body#/url}": {"post": op()}}}}}},
            "webhooks": {"hook": {"post": op()}},
            "components": {"pathItems": {"P": {"put": op()}}, "callbacks": {"C": {"/x": {"get": op()}}}},
        });
        let warnings = relax(&mut doc);
        for pointer in [
            "/paths/~1a/get",
            "/paths/~1a/post",
            "/paths/~1a/post/callbacks/cb/{$request.body#~1url}/post",
            "/webhooks/hook/post",
            "/components/pathItems/P/put",
            "/components/callbacks/C/~1x/get",
        ] {
            assert_eq!(doc.pointer(pointer).and_then(|op| op.get("responses")), Some(&json!({})), "{pointer}");
        }
        let places: Vec<&str> = warnings.iter().map(|w| w.pointer.as_str()).collect();
        assert_eq!(places, ["#/webhooks"]);
    }

    #[test]
    fn documented_responses_are_kept() {
        let mut doc = json!({"paths": {"/a": {"get": {"responses": {"200": {"description": "ok"}}}}}});
        let before = doc.clone();
        assert!(relax(&mut doc).is_empty());
        assert_eq!(doc, before);
    }

    #[test]
    fn a_style_foreign_to_its_location_makes_a_string() {
        let mut doc = json!({"paths": {"/a": {
            "parameters": [{"name": "p", "in": "path", "style": "form", "schema": {"type": "integer"}}],
            "get": {"parameters": [
                {"name": "q", "in": "query", "style": "tabDelimited", "schema": {"type": "array"}},
                {"name": "ok", "in": "query", "style": "pipeDelimited", "schema": {"type": "array"}},
                {"name": "c", "in": "cookie", "style": 7, "content": {"application/json": {}}},
            ]},
        }}, "components": {"parameters": {"H": {"name": "h", "in": "header", "style": "matrix"}}}});
        let warnings = relax(&mut doc);
        let places: Vec<&str> = warnings.iter().map(|w| w.pointer.as_str()).collect();
        assert_eq!(
            places,
            [
                "#/paths/~1a/parameters/0/style",
                "#/paths/~1a/get/parameters/0/style",
                "#/paths/~1a/get/parameters/2/style",
                "#/components/parameters/H/style",
            ]
        );
        assert!(warnings.iter().all(|w| w.kind == WarningKind::Loosened));
        assert!(warnings[1].message.contains("`tabDelimited` is not supported for a query parameter"));
        let string = json!({"type": "string"});
        assert_eq!(doc["paths"]["/a"]["parameters"][0], json!({"name": "p", "in": "path", "schema": string}));
        assert_eq!(doc["paths"]["/a"]["get"]["parameters"][1]["style"], "pipeDelimited");
        assert_eq!(doc["paths"]["/a"]["get"]["parameters"][2], json!({"name": "c", "in": "cookie", "schema": string}));
        assert_eq!(doc["components"]["parameters"]["H"], json!({"name": "h", "in": "header"}));
    }

    #[test]
    fn schemes_the_client_cannot_send_are_left_out() {
        let mut doc = json!({"components": {"securitySchemes": {
            "tls": {"type": "mutualTLS"}, "key": {"type": "apiKey", "in": "header", "name": "k"}, "odd": {"type": "magic"},
        }}});
        let warnings = relax(&mut doc);
        assert_eq!(doc["components"]["securitySchemes"].as_object().unwrap().keys().collect::<Vec<_>>(), ["key"]);
        let places: Vec<(&str, WarningKind)> = warnings.iter().map(|w| (w.pointer.as_str(), w.kind)).collect();
        assert_eq!(
            places,
            [
                ("#/components/securitySchemes/tls", WarningKind::LeftOut),
                ("#/components/securitySchemes/odd", WarningKind::LeftOut)
            ]
        );
        assert!(warnings[0].message.contains("http_client"), "{}", warnings[0].message);
    }
}
