//! Round trips of the spec's own examples through the generated types.
//!
//! Each test decodes one example (valid against its schema, checked at generation) into the
//! type generated for that schema, encodes it again and compares the two as JSON. Equal means
//! equal apart from these normalisations, which the schema makes equivalent:
//! - a member that is `null` on one side and absent on the other;
//! - numbers compared by value (`1.0` and `1`, `1e3` and `1000`);
//! - date-times compared as the same instant with the same offset (`Z` and `+00:00`);
//! - members absent from the example that the schema gives a default: the expected value
//!   carries the default, since the generated field is filled with it.

use serde_json::Value;

/// Decodes `example` into `T`, encodes it back and compares it with `expected` (the example
/// itself when `None`).
#[track_caller]
fn round_trip<T: serde::de::DeserializeOwned + serde::Serialize>(pointer: &str, example: &str, expected: Option<&str>) {
    let decoded: T = match serde_json::from_str(example) {
        Ok(decoded) => decoded,
        Err(e) => panic!("{pointer}: the example does not decode into `{}`: {e}", std::any::type_name::<T>()),
    };
    let written = serde_json::to_string(&decoded).expect("generated types encode to JSON");
    let actual: Value = serde_json::from_str(&written).expect("serde_json writes JSON it can read");
    let expected: Value = serde_json::from_str(expected.unwrap_or(example)).expect("examples are JSON");
    let mut differences = Vec::new();
    compare("", &expected, &actual, &mut differences);
    assert!(differences.is_empty(), "{pointer}: the round trip changed the example:\n  {}", differences.join("\n  "));
}

fn compare(at: &str, expected: &Value, actual: &Value, differences: &mut Vec<String>) {
    match (expected, actual) {
        (Value::Object(e), Value::Object(a)) => {
            for (key, e_value) in e {
                match a.get(key) {
                    Some(a_value) => compare(&format!("{at}/{key}"), e_value, a_value, differences),
                    None if e_value.is_null() => {}
                    None => differences.push(format!("{at}/{key}: lost (was {e_value})")),
                }
            }
            for (key, a_value) in a {
                if !e.contains_key(key) && !a_value.is_null() {
                    differences.push(format!("{at}/{key}: added ({a_value})"));
                }
            }
        }
        (Value::Array(e), Value::Array(a)) if e.len() == a.len() => {
            for (i, (e_item, a_item)) in e.iter().zip(a).enumerate() {
                compare(&format!("{at}/{i}"), e_item, a_item, differences);
            }
        }
        (Value::Number(e), Value::Number(a)) if same_number(e, a) => {}
        (Value::String(e), Value::String(a)) if e == a || same_instant(e, a) => {}
        (e, a) if e == a => {}
        (e, a) => differences.push(format!("{}: was {e}, became {a}", if at.is_empty() { "/" } else { at })),
    }
}

fn same_number(a: &serde_json::Number, b: &serde_json::Number) -> bool {
    match (a.as_i64(), b.as_i64(), a.as_u64(), b.as_u64()) {
        (Some(x), Some(y), _, _) => x == y,
        (_, _, Some(x), Some(y)) => x == y,
        _ => a.as_f64() == b.as_f64(),
    }
}
