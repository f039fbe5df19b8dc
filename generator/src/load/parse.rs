//! YAML or JSON text to a `serde_json::Value`, chosen by content rather than by file name.

use super::events::{Event, Mark, Parser};
use crate::error::{Error, Result};
use serde_json::Value;
use std::collections::HashMap;

/// Aliases and merge keys may make a YAML document at most this many times bigger than its
/// text (in bytes): a real spec repeats a few fragments, not its whole self (the largest
/// ratio across ../shared/specs and ../shared/corpus is in ARCHITECTURE.md, "Robustness").
pub const EXPANSION_FACTOR: u64 = 10;
/// ... and a small document may always expand to this size, so the factor does not bite
/// a fixture that repeats one anchor a hundred times.
pub const EXPANSION_FLOOR: u64 = 4 << 20;
/// `serde_yaml` refuses a document that follows more aliases than 100 times its event
/// count ("repetition limit exceeded", without a place); the pre-pass checks the same rule
/// first, so the message can name the alias.
const JUMPS_PER_EVENT: u64 = 100;
/// `serde_yaml` refuses nodes nested deeper than this ("recursion limit exceeded"), but only
/// after reading every event, and libyaml's scanner is quadratic in the nesting of flow
/// collections (100,000 `[` took 72 s); the pre-pass stops at the first level too deep.
const MAX_DEPTH: usize = 128;

/// What a YAML document becomes once its aliases are expanded, as measured by
/// [`measure_yaml`]. Sizes count one per node plus the bytes of every scalar, roughly the
/// bytes it takes written out.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Expansion {
    /// The document as written (each alias counts one).
    pub written: u64,
    /// The document as `serde_yaml` replays it (each alias counts its anchor's size).
    pub expanded: u64,
    /// Alias events followed during the replay, nested ones included.
    pub jumps: u64,
    /// Parse events of the document (what `serde_yaml`'s repetition limit is relative to).
    pub events: u64,
}

/// The largest size [`parse`] lets a YAML document of `text_len` bytes expand to.
pub fn expansion_limit(text_len: usize) -> u64 {
    (text_len as u64).saturating_mul(EXPANSION_FACTOR).max(EXPANSION_FLOOR)
}

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
    measure_yaml(text, expansion_limit(text.len()))?;
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

/// Measures what `serde_yaml` would build from `text` without building it: one pass over
/// the parse events, in which an alias adds the size its anchor was measured at. Refuses,
/// naming the alias, a document that would expand past `limit`, that follows more aliases
/// than `serde_yaml` allows, or with an alias inside its own anchor (endless repetition).
/// Memory and time are linear in the text whatever the aliases do. A syntax error ends the
/// measure early: `serde_yaml` reads the same text with the same parser and reports it.
pub fn measure_yaml(text: &str, limit: u64) -> Result<Expansion> {
    struct Open {
        anchor: Option<Vec<u8>>,
        /// Expanded size and nested alias jumps so far, the node itself included.
        size: u64,
        jumps: u64,
    }
    // A defined anchor's measure; `None` while its node is still open.
    let mut anchors: HashMap<Vec<u8>, Option<(u64, u64)>> = HashMap::new();
    let mut stack: Vec<Open> = Vec::new();
    let mut totals = Expansion::default();
    // The alias events in order, with the jump count once each was followed: the first
    // that crosses the repetition limit (known only at the end) is the one to name.
    let mut aliases: Vec<(Mark, u64)> = Vec::new();
    let too_big = |mark: Mark, what: String, expanded: u64| Error::Limit {
        location: format!("line {} column {}", mark.line, mark.column),
        message: format!(
            "{what} expands the YAML document to more than {limit} bytes (at least {expanded}); \
             aliases and merge keys may expand a document to {EXPANSION_FACTOR} times its size, \
             or {EXPANSION_FLOOR} bytes"
        ),
    };
    let Some(mut parser) = Parser::new(text) else { return Ok(totals) };
    while let Some((event, mark)) = parser.next_event() {
        // Every finished node: its size and nested jumps, and the anchor it defines.
        let (anchor, size, jumps) = match event {
            Event::Other | Event::DocumentStart => continue,
            Event::StreamEnd => break,
            Event::DocumentEnd => {
                // `serde_yaml` refuses a second document, but without saying where it is.
                if let Some((Event::DocumentStart, mark)) = parser.next_event() {
                    return Err(Error::Syntax {
                        format: "YAML",
                        location: format!("line {} column {}", mark.line, mark.column),
                        message: "a second YAML document starts here; a spec is one document".into(),
                    });
                }
                break;
            }
            Event::Start { anchor } => {
                totals.events += 1;
                totals.written += 1;
                if stack.len() == MAX_DEPTH {
                    return Err(Error::Limit {
                        location: format!("line {} column {}", mark.line, mark.column),
                        message: format!("the YAML document nests deeper than {MAX_DEPTH} levels"),
                    });
                }
                if let Some(name) = &anchor {
                    anchors.insert(name.clone(), None);
                }
                stack.push(Open { anchor, size: 1, jumps: 0 });
                continue;
            }
            Event::End => {
                totals.events += 1;
                let Some(open) = stack.pop() else { break };
                (open.anchor, open.size, open.jumps)
            }
            Event::Scalar { anchor, len } => {
                totals.events += 1;
                totals.written += 1 + len as u64;
                (anchor, 1 + len as u64, 0)
            }
            Event::Alias { anchor } => {
                totals.events += 1;
                totals.written += 1;
                let name = String::from_utf8_lossy(&anchor);
                let (size, jumps) = match anchors.get(&anchor) {
                    Some(Some(measured)) => *measured,
                    Some(None) => {
                        return Err(Error::Limit {
                            location: format!("line {} column {}", mark.line, mark.column),
                            message: format!(
                                "the alias `*{name}` is inside the node `&{name}` it repeats, which never ends"
                            ),
                        });
                    }
                    // `serde_yaml` reports an unknown anchor with its place.
                    None => (1, 0),
                };
                let jumps = jumps.saturating_add(1);
                totals.jumps = totals.jumps.saturating_add(jumps);
                aliases.push((mark, totals.jumps));
                // Nodes still open hold this alias: the running total is their size so far.
                let expanded = stack.iter().map(|o| o.size).fold(0, u64::saturating_add).saturating_add(size);
                if expanded > limit {
                    return Err(too_big(mark, format!("the alias `*{name}`"), expanded));
                }
                (None, size, jumps)
            }
        };
        if let Some(name) = anchor {
            anchors.insert(name, Some((size, jumps)));
        }
        match stack.last_mut() {
            Some(parent) => {
                parent.size = parent.size.saturating_add(size);
                parent.jumps = parent.jumps.saturating_add(jumps);
            }
            None => totals.expanded = size,
        }
    }
    let allowed = totals.events.saturating_mul(JUMPS_PER_EVENT);
    if totals.jumps > allowed {
        let (mark, _) = aliases[aliases.partition_point(|(_, jumps)| *jumps <= allowed)];
        return Err(Error::Limit {
            location: format!("line {} column {}", mark.line, mark.column),
            message: format!(
                "from this alias on, the YAML document follows more than {allowed} aliases \
                 ({JUMPS_PER_EVENT} per parse event), in all {}",
                totals.jumps
            ),
        });
    }
    Ok(totals)
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

    #[test]
    fn expansion_is_measured_without_expanding() {
        let m = measure_yaml("a: &x [ab, c]\nb: *x\nc: *x\n", u64::MAX).unwrap();
        // Root 1; keys a, b, c 2 each; the sequence 1 + "ab" 3 + "c" 2 = 6, and 1 per alias.
        assert_eq!(m.written, 1 + 6 + 6 + 1 + 1);
        assert_eq!(m.expanded, 1 + 6 + 6 * 3);
        assert_eq!(m.jumps, 2);
        let m = measure_yaml("{a: b}", u64::MAX).unwrap();
        assert_eq!((m.written, m.expanded, m.jumps), (5, 5, 0));
    }

    #[test]
    fn an_alias_inside_its_own_anchor_is_refused_with_its_place() {
        let e = parse("a: &x\n  b: [1, *x]\n").unwrap_err().to_string();
        assert_eq!(e, "line 2 column 10: the alias `*x` is inside the node `&x` it repeats, which never ends");
    }

    #[test]
    fn too_many_nested_aliases_are_refused_with_a_place_not_somewhere() {
        // Small expanded (2 bytes per leaf) but a million alias jumps from 70 events:
        // serde_yaml's repetition limit, which has no position of its own.
        let mut text = String::from("l0: &l0 [x]\n");
        for i in 1..7 {
            let p = i - 1;
            text.push_str(&format!("l{i}: &l{i} [{}]\n", vec![format!("*l{p}"); 10].join(", ")));
        }
        let e = parse(&text).unwrap_err().to_string();
        assert!(e.starts_with("line 5 column "), "{e}");
        assert!(e.contains("follows more than"), "{e}");
    }

    #[test]
    fn the_limit_scales_with_the_document_and_names_the_alias() {
        assert_eq!(expansion_limit(10), EXPANSION_FLOOR);
        assert_eq!(expansion_limit(1 << 30), 10 << 30);
        let e = measure_yaml("a: &x [aaaaaaaaa]\nb: [*x, *x, *x]\n", 40).unwrap_err().to_string();
        assert!(
            e.starts_with("line 2 column 13: the alias `*x` expands the YAML document to more than 40 bytes"),
            "{e}"
        );
    }

    #[test]
    fn deep_nesting_and_syntax_errors_keep_serde_yaml_messages_with_a_line() {
        // The root mapping is one level: 127 sequences in it are the most serde_yaml reads.
        let nested = |depth: usize| format!("a: {}1{}", "[".repeat(depth), "]".repeat(depth));
        assert!(serde_yaml::from_str::<serde_yaml::Value>(&nested(127)).is_ok());
        assert!(serde_yaml::from_str::<serde_yaml::Value>(&nested(128)).is_err());
        assert!(parse(&nested(127)).is_ok());
        let e = parse(&nested(128)).unwrap_err().to_string();
        assert_eq!(e, "line 1 column 131: the YAML document nests deeper than 128 levels");
        // Unclosed, and deep enough that libyaml alone would take minutes to reach the end.
        let e = parse(&format!("a: {}", "[".repeat(100_000))).unwrap_err().to_string();
        assert_eq!(e, "line 1 column 131: the YAML document nests deeper than 128 levels");
        let e = parse("a: *nowhere\n").unwrap_err().to_string();
        assert!(e.starts_with("line 1 column 4") && e.contains("unknown anchor"), "{e}");
    }

    #[test]
    fn a_second_document_is_refused_with_its_line() {
        let e = parse("a: 1\n---\nb: 2\n").unwrap_err().to_string();
        assert_eq!(e, "line 2 column 1: not valid YAML: a second YAML document starts here; a spec is one document");
        assert_eq!(parse("--- \na: 1\n...\n").unwrap()["a"], 1);
    }

    #[test]
    fn the_measure_matches_what_serde_yaml_builds() {
        // Size as measure_yaml counts it, of the value serde_yaml really expands to.
        fn size(v: &serde_yaml::Value) -> u64 {
            match v {
                serde_yaml::Value::String(s) => 1 + s.len() as u64,
                serde_yaml::Value::Sequence(items) => 1 + items.iter().map(size).sum::<u64>(),
                serde_yaml::Value::Mapping(m) => 1 + m.iter().map(|(k, v)| size(k) + size(v)).sum::<u64>(),
                other => panic!("strings only in these documents: {other:?}"),
            }
        }
        let documents = [
            "a: &x [p, q]\nb: {k: *x, l: [*x, *x]}\n",
            // Nested anchors, an anchor on a scalar, and a redefined anchor name.
            "a: &x {b: &y [u, v], c: *y}\nd: [*x, *y, *x]\ne: &y w\nf: [*y, *y]\n",
            "- &s 'quoted, with ''escapes'''\n- *s\n- [*s, {*s : *s}]\n- &e \"\\u00e9\\t\"\n- *e\n",
        ];
        for text in documents {
            let expected = size(&serde_yaml::from_str::<serde_yaml::Value>(text).unwrap());
            assert_eq!(measure_yaml(text, u64::MAX).unwrap().expanded, expected, "{text}");
        }
    }
}
