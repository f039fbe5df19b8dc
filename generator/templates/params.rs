use serde::Serialize;
use serde_json::Value;

/// How a query parameter is laid out (OpenAPI `style`; `explode` is passed beside it).
// Which styles an API uses depends on its spec.
#[allow(dead_code)]
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Style {
    Form,
    SpaceDelimited,
    PipeDelimited,
    DeepObject,
}

/// A parameter value as JSON: parameters are serialised with serde, so enums, dates, UUIDs
/// and nested objects all take the text their schema gives them.
pub(crate) fn to_json(name: &str, value: &(impl Serialize + ?Sized)) -> Result<Value, String> {
    serde_json::to_value(value).map_err(|e| format!("parameter `{name}` cannot be serialised: {e}"))
}

/// The text of a scalar; `None` for null.
fn text(value: &Value) -> Option<String> {
    match value {
        Value::Null => None,
        Value::String(s) => Some(s.clone()),
        other => Some(other.to_string()),
    }
}

/// Name-value pairs for a query parameter.
pub(crate) fn query_pairs(name: &str, value: &Value, style: Style, explode: bool) -> Vec<(String, String)> {
    let one = |v: String| vec![(name.to_owned(), v)];
    match value {
        Value::Null => Vec::new(),
        Value::Array(items) => {
            let texts: Vec<String> = items.iter().filter_map(text).collect();
            match style {
                Style::Form if explode => texts.into_iter().map(|t| (name.to_owned(), t)).collect(),
                Style::SpaceDelimited => one(texts.join(" ")),
                Style::PipeDelimited => one(texts.join("|")),
                _ => one(texts.join(",")),
            }
        }
        Value::Object(map) => match style {
            Style::DeepObject => map.iter().filter_map(|(k, v)| Some((format!("{name}[{k}]"), text(v)?))).collect(),
            Style::Form if explode => map.iter().filter_map(|(k, v)| Some((k.clone(), text(v)?))).collect(),
            _ => {
                let items: Vec<String> =
                    map.iter().flat_map(|(k, v)| [k.clone(), text(v).unwrap_or_default()]).collect();
                one(items.join(","))
            }
        },
        scalar => text(scalar).map(one).unwrap_or_default(),
    }
}

/// The items of a path or header parameter (`simple` style), to be joined with commas.
pub(crate) fn simple_items(value: &Value, explode: bool) -> Vec<String> {
    match value {
        Value::Array(items) => items.iter().filter_map(text).collect(),
        Value::Object(map) if explode => {
            map.iter().map(|(k, v)| format!("{k}={}", text(v).unwrap_or_default())).collect()
        }
        Value::Object(map) => map.iter().flat_map(|(k, v)| [k.clone(), text(v).unwrap_or_default()]).collect(),
        scalar => text(scalar).into_iter().collect(),
    }
}
