//! OpenAPI Overlay 1.0.0: project refinements applied to a document before generation, so the
//! published spec can stay exactly as the API serves it.
//!
//! Each action selects nodes with an RFC 9535 JSONPath `target`; `update` merges an object
//! into each selected object (recursively: members that are objects on both sides merge,
//! anything else is replaced) or appends to a selected array; `remove: true` deletes the
//! selected nodes. A target that selects nothing is an error: a silent no-op would hide an
//! overlay that no longer fits its document.

use crate::error::{Error, Result};
use serde_json::Value;
use serde_json_path::JsonPath;

/// An overlay document as text, with the name used in messages (usually its file name).
#[derive(Clone, Debug)]
pub struct OverlaySource {
    pub name: String,
    pub text: String,
}

/// Applies one overlay document to `doc`.
pub fn apply(doc: &mut Value, overlay: &OverlaySource) -> Result<()> {
    let fail = |action: usize, description: Option<String>, message: String| Error::Overlay {
        overlay: overlay.name.clone(),
        action,
        description,
        message,
    };
    let parsed = super::parse(&overlay.text).map_err(|e| fail(0, None, e.to_string()))?;
    match parsed.get("overlay").and_then(Value::as_str) {
        Some(v) if v.starts_with("1.") => {}
        Some(v) => return Err(fail(0, None, format!("unsupported overlay version `{v}`; this generator applies 1.x"))),
        None => return Err(fail(0, None, "not an OpenAPI Overlay: missing `overlay: 1.0.0`".into())),
    }
    let Some(Value::Array(actions)) = parsed.get("actions") else {
        return Err(fail(0, None, "missing `actions`, a list".into()));
    };
    for (i, action) in actions.iter().enumerate() {
        let number = i + 1;
        let description = action.get("description").and_then(Value::as_str).map(str::to_owned);
        let fail = |message: String| fail(number, description.clone(), message);
        let target = action.get("target").and_then(Value::as_str).ok_or_else(|| fail("missing `target`".into()))?;
        let path = JsonPath::parse(target).map_err(|e| fail(format!("`{target}` is not a JSONPath: {e}")))?;
        let mut pointers: Vec<String> = path.query_located(doc).locations().map(|l| l.to_json_pointer()).collect();
        if pointers.is_empty() {
            return Err(fail(format!("target `{target}` matches nothing in the document")));
        }
        if action.get("remove").and_then(Value::as_bool) == Some(true) {
            // Deepest and last first, so earlier removals do not shift later array indices.
            pointers.sort_by(|a, b| b.cmp(a));
            for pointer in &pointers {
                remove(doc, pointer).map_err(&fail)?;
            }
        } else if let Some(update) = action.get("update") {
            for pointer in &pointers {
                let node = doc.pointer_mut(pointer).expect("located by the query");
                match node {
                    Value::Object(_) if update.is_object() => merge(node, update.clone()),
                    Value::Array(items) => items.push(update.clone()),
                    _ => {
                        return Err(fail(format!(
                            "`{target}` selects a value that an object update cannot merge into"
                        )));
                    }
                }
            }
        } else {
            return Err(fail("an action needs `update` or `remove: true`".into()));
        }
    }
    Ok(())
}

fn merge(target: &mut Value, update: Value) {
    match (target, update) {
        (Value::Object(target), Value::Object(update)) => {
            for (key, value) in update {
                match target.get_mut(&key) {
                    Some(existing) if existing.is_object() && value.is_object() => merge(existing, value),
                    _ => {
                        target.insert(key, value);
                    }
                }
            }
        }
        (target, update) => *target = update,
    }
}

fn remove(doc: &mut Value, pointer: &str) -> std::result::Result<(), String> {
    let (parent, last) = pointer.rsplit_once('/').ok_or("the whole document cannot be removed")?;
    let key = crate::error::Pointer::unescape(last);
    match doc.pointer_mut(parent) {
        Some(Value::Object(map)) => {
            map.shift_remove(&key);
        }
        Some(Value::Array(items)) => {
            let index: usize = key.parse().map_err(|_| format!("bad array index in {pointer}"))?;
            items.remove(index);
        }
        _ => return Err(format!("cannot remove {pointer}")),
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn overlay(text: &str) -> OverlaySource {
        OverlaySource { name: "test.yaml".into(), text: text.into() }
    }

    #[test]
    fn update_merges_appends_and_remove_deletes() {
        let mut doc = json!({"components": {"schemas": {"A": {"type": "object", "properties": {"x": {"type": "string"}, "y": {}}}}}, "tags": [{"name": "t"}]});
        let text = "overlay: 1.0.0\ninfo: {title: t, version: '1'}\nactions:\n- target: $.components.schemas.A.properties.x\n  update: {format: byte}\n- target: $.components.schemas.A.properties.y\n  remove: true\n- target: $.tags\n  update: {name: u}\n";
        apply(&mut doc, &overlay(text)).unwrap();
        assert_eq!(doc["components"]["schemas"]["A"]["properties"], json!({"x": {"type": "string", "format": "byte"}}));
        assert_eq!(doc["tags"], json!([{"name": "t"}, {"name": "u"}]));
    }

    #[test]
    fn a_target_that_matches_nothing_names_the_action() {
        let mut doc = json!({"paths": {}});
        let err = apply(
            &mut doc,
            &overlay("overlay: 1.0.0\ninfo: {title: t, version: '1'}\nactions:\n- target: $.paths\n  update: {}\n- target: $.components.schemas.Nope\n  description: type the result\n  update: {type: object}\n"),
        )
        .unwrap_err()
        .to_string();
        assert_eq!(
            err,
            "test.yaml: action 2 (type the result): target `$.components.schemas.Nope` matches nothing in the document"
        );
    }

    #[test]
    fn malformed_overlays_are_refused() {
        let err = |text: &str| apply(&mut json!({}), &overlay(text)).unwrap_err().to_string();
        assert!(err("actions: []\n").contains("missing `overlay: 1.0.0`"));
        assert!(err("overlay: 2.0.0\nactions: []\n").contains("unsupported overlay version"));
        assert!(err("overlay: 1.0.0\nactions:\n- target: '$[['\n  remove: true\n").contains("is not a JSONPath"));
        assert!(err("overlay: 1.0.0\nactions:\n- target: $\n").contains("needs `update` or `remove"));
    }
}
