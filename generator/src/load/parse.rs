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
    let value: Yaml = serde_yaml::from_str(text).map_err(|e| Error::Syntax {
        format: "YAML",
        location: e
            .location()
            .map(|l| format!("line {} column {}", l.line(), l.column()))
            .unwrap_or_else(|| "somewhere".into()),
        message: strip_position(&e.to_string()),
    })?;
    Ok(value.0)
}

/// YAML read straight into JSON values. Unlike `serde_yaml::Value` (and a serde round trip
/// through it) this accepts what real specs contain: non-string keys (`200:` response codes
/// unquoted) become strings, integers beyond 64 bits become floats, and merge keys (`<<`)
/// are applied.
struct Yaml(Value);

impl<'de> serde::Deserialize<'de> for Yaml {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(YamlVisitor).map(Yaml)
    }
}

struct YamlVisitor;

impl<'de> serde::de::Visitor<'de> for YamlVisitor {
    type Value = Value;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a YAML value")
    }
    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }
    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        Ok(Value::from(v))
    }
    fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
        Ok(Value::from(v))
    }
    fn visit_i128<E>(self, v: i128) -> Result<Value, E> {
        Ok(serde_json::Number::from_f64(v as f64).map_or(Value::Null, Value::Number))
    }
    fn visit_u128<E>(self, v: u128) -> Result<Value, E> {
        Ok(serde_json::Number::from_f64(v as f64).map_or(Value::Null, Value::Number))
    }
    fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<Value, E> {
        serde_json::Number::from_f64(v)
            .map(Value::Number)
            .ok_or_else(|| E::custom(format!("the number {v} has no JSON representation")))
    }
    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        Ok(Value::String(v.to_owned()))
    }
    fn visit_string<E>(self, v: String) -> Result<Value, E> {
        Ok(Value::String(v))
    }
    fn visit_some<D: serde::Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        d.deserialize_any(self)
    }
    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0));
        while let Some(Yaml(item)) = seq.next_element()? {
            items.push(item);
        }
        Ok(Value::Array(items))
    }
    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut out = serde_json::Map::with_capacity(map.size_hint().unwrap_or(0));
        let mut merged = Vec::new();
        while let Some(Yaml(key)) = map.next_key()? {
            let Yaml(value) = map.next_value()?;
            let key = match key {
                Value::String(s) if s == "<<" => {
                    merged.push(value);
                    continue;
                }
                Value::String(s) => s,
                Value::Null => "null".to_owned(),
                Value::Bool(_) | Value::Number(_) => key.to_string(),
                _ => {
                    return Err(serde::de::Error::custom(
                        "a mapping key is a sequence or mapping, which JSON cannot hold",
                    ));
                }
            };
            out.insert(key, value);
        }
        // Merge keys: the mapping's own entries win, then earlier merged mappings.
        for value in merged {
            let sources = match value {
                Value::Array(items) => items,
                other => vec![other],
            };
            for source in sources {
                if let Value::Object(source) = source {
                    for (k, v) in source {
                        out.entry(k).or_insert(v);
                    }
                }
            }
        }
        Ok(Value::Object(out))
    }
    fn visit_enum<A: serde::de::EnumAccess<'de>>(self, data: A) -> Result<Value, A::Error> {
        // A tagged value (`!tag value`): the tag is dropped, the value kept.
        use serde::de::VariantAccess;
        let (_tag, variant): (serde::de::IgnoredAny, _) = data.variant()?;
        variant.newtype_variant::<Yaml>().map(|y| y.0)
    }
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
    fn huge_integers_merge_keys_and_tags() {
        let v =
            parse("min: -9223372036854776000\nbase: &b {a: 1, b: 2}\nderived:\n  <<: *b\n  b: 3\ntagged: !custom 5\n")
                .unwrap();
        assert_eq!(v["min"].as_f64(), Some(-9223372036854776000.0));
        assert_eq!(v["derived"], serde_json::json!({"b": 3, "a": 1}));
        assert_eq!(v["tagged"], 5);
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
