//! YAML or JSON text to a `serde_json::Value`, chosen by content rather than by file name.

use crate::error::{Error, Result};
use serde_json::Value;

/// Parses a document. JSON is tried when the text starts with `{`; everything else is YAML
/// (a superset of JSON, but with worse messages for broken JSON).
pub fn parse(text: &str) -> Result<Value> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.trim().is_empty() {
        return Err(Error::Syntax {
            format: "YAML or JSON",
            location: "line 1".into(),
            message: "the document is empty".into(),
        });
    }
    if text.trim_start().starts_with('{') {
        return serde_json::from_str(text).map_err(|e| Error::Syntax {
            format: "JSON",
            location: format!("line {} column {}", e.line(), e.column()),
            message: strip_position(&e.to_string()),
        });
    }
    let yaml: serde_yaml::Value = serde_yaml::from_str(text).map_err(|e| Error::Syntax {
        format: "YAML",
        location: e
            .location()
            .map(|l| format!("line {} column {}", l.line(), l.column()))
            .unwrap_or_else(|| "somewhere".into()),
        message: strip_position(&e.to_string()),
    })?;
    let mut yaml = yaml;
    yaml.apply_merge().map_err(|e| Error::Syntax {
        format: "YAML",
        location: "a merge key (<<)".into(),
        message: e.to_string(),
    })?;
    yaml_to_json(yaml, &crate::error::Pointer::root())
}

/// Converts YAML to JSON. Unlike a plain serde round trip this accepts non-string keys, which
/// real specs have (`200:` response codes unquoted), by writing them as strings.
fn yaml_to_json(value: serde_yaml::Value, at: &crate::error::Pointer) -> Result<Value> {
    use serde_yaml::Value as Y;
    Ok(match value {
        Y::Null => Value::Null,
        Y::Bool(b) => Value::Bool(b),
        Y::Number(n) => {
            if let Some(i) = n.as_i64() {
                Value::from(i)
            } else if let Some(u) = n.as_u64() {
                Value::from(u)
            } else {
                let f = n.as_f64().unwrap_or(f64::NAN);
                serde_json::Number::from_f64(f)
                    .map(Value::Number)
                    .ok_or_else(|| Error::invalid(at.clone(), format!("the number {n} has no JSON representation")))?
            }
        }
        Y::String(s) => Value::String(s),
        Y::Sequence(items) => Value::Array(
            items
                .into_iter()
                .enumerate()
                .map(|(i, v)| yaml_to_json(v, &at.join(i.to_string())))
                .collect::<Result<_>>()?,
        ),
        Y::Mapping(map) => {
            let mut out = serde_json::Map::with_capacity(map.len());
            for (k, v) in map {
                let key = match k {
                    Y::String(s) => s,
                    Y::Number(n) => n.to_string(),
                    Y::Bool(b) => b.to_string(),
                    Y::Null => "null".to_owned(),
                    _ => {
                        return Err(Error::invalid(
                            at.clone(),
                            "a mapping key is itself a sequence or mapping, which JSON cannot hold",
                        ));
                    }
                };
                let value = yaml_to_json(v, &at.join(&key))?;
                out.insert(key, value);
            }
            Value::Object(out)
        }
        Y::Tagged(tagged) => yaml_to_json(tagged.value, at)?,
    })
}

/// serde's messages end with "at line X column Y"; the location is reported separately.
fn strip_position(message: &str) -> String {
    match message.find(" at line ") {
        Some(i) => message[..i].to_owned(),
        None => message.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn integer_keys_become_strings() {
        let v = parse("responses:\n  200:\n    description: ok\n").unwrap();
        assert_eq!(v["responses"]["200"]["description"], "ok");
    }

    #[test]
    fn unquoted_dates_stay_strings() {
        let v = parse("example: 2020-01-01\n").unwrap();
        assert_eq!(v["example"], "2020-01-01");
    }

    #[test]
    fn json_and_yaml_errors_carry_a_position() {
        let e = parse("{\"a\": }").unwrap_err().to_string();
        assert!(e.starts_with("line 1 column 7: not valid JSON"), "{e}");
        let e = parse("a: [1, 2\nb: c\n").unwrap_err().to_string();
        assert!(e.contains("not valid YAML") && e.starts_with("line "), "{e}");
        let e = parse("  \n").unwrap_err().to_string();
        assert!(e.contains("empty"), "{e}");
    }
}
