//! How models encode and decode. The generated crate implements serde through the macros of
//! `generator/templates/` (not serde's derive, whose expansion made most of the crate's
//! compile time), so their behaviour is pinned here: on the committed client's models, and on
//! the macros themselves for the member kinds the FactPulse slice does not use, and for the
//! `Debug` of models with secret members.

use factpulse_client::models::{
    AsyncTaskStatus, CeleryStatus, ErrorLevel, ValidationError, ValidationErrorDetail, ValidationErrorLocItem,
};
use serde_json::json;

#[test]
fn required_members_missing_or_mistyped_are_errors_that_name_them() {
    let error = serde_json::from_value::<AsyncTaskStatus>(json!({"status": "PENDING"})).unwrap_err();
    assert_eq!(error.to_string(), "missing field `taskId`");
    let error = serde_json::from_str::<AsyncTaskStatus>(r#"{"taskId": 7, "status": "PENDING"}"#).unwrap_err();
    assert!(error.to_string().contains("invalid type: integer `7`, expected a string"), "{error}");
    let error = serde_json::from_str::<AsyncTaskStatus>("[1, 2]").unwrap_err();
    assert!(error.to_string().contains("expected an object (AsyncTaskStatus)"), "{error}");
}

#[test]
fn optional_members_absent_stay_absent_and_defaults_are_filled_in() {
    let status: AsyncTaskStatus = serde_json::from_value(json!({"taskId": "t", "status": "STARTED"})).unwrap();
    assert_eq!((status.task_id.as_str(), &status.status, &status.result), ("t", &CeleryStatus::Started, &None));
    assert_eq!(serde_json::to_value(&status).unwrap(), json!({"taskId": "t", "status": "STARTED"}));

    let detail: ValidationErrorDetail = serde_json::from_value(json!({"item": "BT-1", "reason": "r"})).unwrap();
    assert_eq!(detail.level, ErrorLevel::Error, "the schema's default");
    assert_eq!(
        serde_json::to_value(&detail).unwrap(),
        json!({"level": "Error", "item": "BT-1", "reason": "r"}),
        "a defaulted member is written"
    );
}

#[test]
fn keys_are_matched_however_the_deserializer_hands_them_over() {
    // Borrowed (from a slice), owned (escaped, or from a reader), and from a `Value`.
    let text = r#"{"task\u0049d": "a", "status": "SUCCESS", "note": 1}"#;
    let from_str: AsyncTaskStatus = serde_json::from_str(text).unwrap();
    let from_reader: AsyncTaskStatus = serde_json::from_reader(text.as_bytes()).unwrap();
    let from_value: AsyncTaskStatus = serde_json::from_value(serde_json::from_str(text).unwrap()).unwrap();
    assert_eq!(from_str.task_id, "a");
    assert_eq!(from_str.additional_properties["note"], json!(1));
    assert_eq!(from_str, from_reader);
    assert_eq!(from_str, from_value);
}

#[test]
fn a_repeated_member_keeps_its_last_value() {
    let status: AsyncTaskStatus =
        serde_json::from_str(r#"{"taskId": "a", "status": "PENDING", "taskId": "b"}"#).unwrap();
    assert_eq!(status.task_id, "b");
}

#[test]
fn untagged_unions_take_the_first_variant_that_decodes() {
    let error: ValidationError = serde_json::from_value(json!({"loc": ["body", 0], "msg": "m", "type": "t"})).unwrap();
    assert_eq!(error.loc, [ValidationErrorLocItem::String("body".into()), ValidationErrorLocItem::Integer(0)]);
    assert_eq!(serde_json::to_value(&error.loc).unwrap(), json!(["body", 0]));
    let refused =
        serde_json::from_value::<ValidationError>(json!({"loc": [true], "msg": "m", "type": "t"})).unwrap_err();
    assert_eq!(
        refused.to_string(),
        "the value matches no variant of ValidationErrorLocItem \
         (Integer: invalid type: boolean `true`, expected i64; \
         String: invalid type: boolean `true`, expected a string)"
    );
}

/// The macros as the generator writes them into a crate's `macros` module.
mod macros {
    include!("../../generator/templates/object.rs");
    include!("../../generator/templates/untagged_union.rs");
    include!("../../generator/templates/redacted_debug.rs");
}

#[derive(Clone, Debug, PartialEq)]
struct Closed {
    id: i64,
    maybe: Option<String>,
    tags: Option<Vec<String>>,
    limit: i64,
}
crate::macros::object!(Closed {
    "id" => id required,
    "maybe" => maybe nullable,
    "tags" => tags optional,
    "limit" => limit default(10),
});

#[derive(Clone, Debug, PartialEq)]
struct Open {
    name: String,
    rest: std::collections::BTreeMap<String, i64>,
}
crate::macros::object!(Open { "name" => name required, } rest rest);

#[derive(Clone, Debug, PartialEq)]
enum Either {
    Closed(Closed),
    Number(f64),
}
crate::macros::untagged_union!(Either { Closed, Number });

#[test]
fn a_required_nullable_member_is_written_as_null_and_may_be_absent() {
    let value: Closed = serde_json::from_value(json!({"id": 1, "maybe": null})).unwrap();
    assert_eq!(value, Closed { id: 1, maybe: None, tags: None, limit: 10 });
    let absent: Closed = serde_json::from_value(json!({"id": 1})).unwrap();
    assert_eq!(absent, value, "absent reads as null, as serde's derive does");
    assert_eq!(serde_json::to_value(&value).unwrap(), json!({"id": 1, "maybe": null, "limit": 10}));
}

#[test]
fn a_closed_object_refuses_undeclared_members_rather_than_drop_them() {
    let error = serde_json::from_value::<Closed>(json!({"id": 1, "extra": {"deep": [1, 2]}, "limit": 3})).unwrap_err();
    assert_eq!(error.to_string(), "unknown field `extra`, expected one of `id`, `maybe`, `tags`, `limit`");
    let value: Closed = serde_json::from_value(json!({"id": 1, "limit": 3})).unwrap();
    assert_eq!(value, Closed { id: 1, maybe: None, tags: None, limit: 3 });
}

// A `oneOf` of closed variants as the generator writes it: the first variant's only required
// member is one every variant has, so before closed structs refused undeclared members it
// decoded every input and dropped the card's number and CVC.
#[derive(Clone, Debug, PartialEq)]
struct Ideal {
    r#type: String,
    issuer: Option<String>,
}
crate::macros::object!(Ideal { "type" => r#type required, "issuer" => issuer optional, });

#[derive(Clone, Debug, PartialEq)]
struct Card {
    r#type: String,
    number: String,
    cvc: Option<String>,
}
crate::macros::object!(Card { "type" => r#type required, "number" => number required, "cvc" => cvc optional, });

#[derive(Clone, Debug, PartialEq, serde::Serialize)]
#[serde(untagged)]
enum PaymentMethod {
    Ideal(Box<Ideal>),
    Card(Box<Card>),
    Other(serde_json::Value),
}
crate::macros::untagged_union!(PaymentMethod { Ideal, Card, } other Other);

#[test]
fn a_union_of_closed_objects_picks_the_one_that_declares_every_member() {
    let card = json!({"type": "scheme", "number": "4111", "cvc": "737"});
    let decoded: PaymentMethod = serde_json::from_value(card.clone()).unwrap();
    assert!(matches!(&decoded, PaymentMethod::Card(c) if c.cvc.as_deref() == Some("737")), "{decoded:?}");
    assert_eq!(serde_json::to_value(&decoded).unwrap(), card);
    let ideal: PaymentMethod = serde_json::from_value(json!({"type": "ideal", "issuer": "1121"})).unwrap();
    assert!(matches!(ideal, PaymentMethod::Ideal(_)), "{ideal:?}");
    // A kind this client does not know is kept whole, neither refused nor cut down.
    let unknown = json!({"type": "paypal", "email": "a@b.c"});
    assert_eq!(serde_json::from_value::<PaymentMethod>(unknown.clone()).unwrap(), PaymentMethod::Other(unknown));
}

// Open variants with overlapping optional members, and one-value enums as tags.
#[derive(Clone, Debug, PartialEq)]
struct ByName {
    name: Option<String>,
    limit: Option<i64>,
    rest: std::collections::BTreeMap<String, serde_json::Value>,
}
crate::macros::object!(ByName { "name" => name optional, "limit" => limit optional, } rest rest);

#[derive(Clone, Debug, PartialEq)]
struct ByTag {
    name: Option<String>,
    tag: Option<String>,
    rest: std::collections::BTreeMap<String, serde_json::Value>,
}
crate::macros::object!(ByTag { "name" => name optional, "tag" => tag optional, } rest rest);

#[derive(Clone, Debug, PartialEq, serde::Serialize)]
#[serde(untagged)]
enum Filter {
    ByName(ByName),
    ByTag(ByTag),
}
crate::macros::untagged_union!(Filter { ByName rest(rest), ByTag { "name" = "tagged" } rest(rest), });

#[test]
fn an_open_union_prefers_the_variant_that_declares_most_members() {
    let by_tag: Filter = serde_json::from_value(json!({"name": "tagged", "tag": "t"})).unwrap();
    assert!(matches!(&by_tag, Filter::ByTag(t) if t.rest.is_empty()), "{by_tag:?}");
    // A tie goes to the first variant, and nothing is lost either way.
    let tie: Filter = serde_json::from_value(json!({"name": "tagged"})).unwrap();
    assert!(matches!(tie, Filter::ByName(_)), "{tie:?}");
    let neither: Filter = serde_json::from_value(json!({"limit": 1, "tag": "t", "x": 0})).unwrap();
    assert!(matches!(&neither, Filter::ByName(n) if n.rest.len() == 2), "{neither:?}");
    assert_eq!(serde_json::to_value(&neither).unwrap(), json!({"limit": 1, "tag": "t", "x": 0}));
}

#[test]
fn a_contradicted_tag_rules_a_variant_out() {
    // `ByTag` declares `name` as the one value `tagged`: any other name rules it out, though it
    // would declare more of the members.
    let by_name: Filter = serde_json::from_value(json!({"name": "plain", "tag": "t"})).unwrap();
    assert!(matches!(&by_name, Filter::ByName(n) if n.rest.contains_key("tag")), "{by_name:?}");
    let by_tag: Filter = serde_json::from_value(json!({"name": "tagged", "tag": "t"})).unwrap();
    assert!(matches!(by_tag, Filter::ByTag(_)), "{by_tag:?}");
}

#[test]
fn typed_additional_members_are_checked_and_kept() {
    let value: Open = serde_json::from_value(json!({"name": "n", "b": 2, "a": 1})).unwrap();
    assert_eq!(value.rest.iter().collect::<Vec<_>>(), [(&"a".to_owned(), &1), (&"b".to_owned(), &2)]);
    assert_eq!(serde_json::to_string(&value).unwrap(), r#"{"name":"n","a":1,"b":2}"#);
    let error = serde_json::from_str::<Open>(r#"{"name": "n", "b": "two"}"#).unwrap_err();
    assert!(error.to_string().contains("invalid type: string \"two\", expected i64"), "{error}");
}

#[test]
fn an_untagged_union_of_an_object_and_a_number() {
    assert_eq!(serde_json::from_str::<Either>("2.5").unwrap(), Either::Number(2.5));
    let object = serde_json::from_str::<Either>(r#"{"id": 4}"#).unwrap();
    assert_eq!(object, Either::Closed(Closed { id: 4, maybe: None, tags: None, limit: 10 }));
    let error = serde_json::from_str::<Either>(r#""text""#).unwrap_err();
    let message = error.to_string();
    assert!(message.starts_with("the value matches no variant of Either (Closed: invalid type: string"), "{message}");
    assert!(message.contains("; Number: invalid type: string \"text\", expected f64)"), "{message}");
}

struct Login {
    user: String,
    password: String,
    token: Option<String>,
    refresh_token: Option<String>,
}
crate::macros::redacted_debug!(Login {
    "user" => user shown,
    "password" => password secret,
    "token" => token secret,
    "refresh_token" => refresh_token secret,
});

#[test]
fn secret_members_never_show_in_debug_output() {
    let login =
        Login { user: "ada".into(), password: "hunter2".into(), token: Some("eyJhbGciOi".into()), refresh_token: None };
    let shown = format!("{login:?} {login:#?}");
    for secret in ["hunter2", "eyJhbGciOi"] {
        assert!(!shown.contains(secret), "{shown}");
    }
    assert_eq!(
        format!("{login:?}"),
        r#"Login { user: "ada", password: <redacted>, token: Some(<redacted>), refresh_token: None }"#
    );
}
