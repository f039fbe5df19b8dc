//! Canonical forms: `openapiv3` reads some schemas in more than one shape (a composition with
//! any sibling keyword lands in `SchemaKind::Any`, so do `items` without `type: array` and
//! `enum` without `type`); [`canonical`] gives each the one shape the conversion handles.

use openapiv3::{
    AnySchema, ArrayType, IntegerType, ObjectType, ReferenceOr, Schema, SchemaData, SchemaKind, StringType, Type,
};
use std::borrow::Cow;

/// Whether a schema that `openapiv3` could not classify holds constraints only (`required`,
/// bounds...): nothing that shapes a value, so any value fits it.
pub(super) fn constraints_only(any: &AnySchema) -> bool {
    any.properties.is_empty()
        && any.items.is_none()
        && any.enumeration.is_empty()
        && any.format.is_none()
        && any.additional_properties.is_none()
        && any.not.is_none()
        && any.one_of.is_empty()
        && any.any_of.is_empty()
        && any.all_of.is_empty()
}

/// `openapiv3` files a composition that has any sibling keyword (`type: object` next to
/// `oneOf`, `format` next to `anyOf`) under `SchemaKind::Any`. This puts it back: a
/// composition alone, or, with properties beside it, an `allOf` of the properties and the
/// composition. `items` without `type` becomes an array, and an `enum` without `type` a
/// string or integer enum, or, with values of both kinds, a union of the two.
pub(super) fn canonical(schema: &Schema) -> Cow<'_, Schema> {
    let SchemaKind::Any(any) = &schema.schema_kind else { return Cow::Borrowed(schema) };
    let with_kind = |schema_kind| Cow::Owned(Schema { schema_data: schema.schema_data.clone(), schema_kind });
    // `items` without `type: array`, `enum` without `type`.
    if any.typ.is_none()
        && any.properties.is_empty()
        && any.one_of.is_empty()
        && any.any_of.is_empty()
        && any.all_of.is_empty()
    {
        if let Some(items) = &any.items {
            return with_kind(SchemaKind::Type(Type::Array(ArrayType {
                items: Some(items.clone()),
                min_items: any.min_items,
                max_items: any.max_items,
                unique_items: any.unique_items.unwrap_or(false),
            })));
        }
        if !any.enumeration.is_empty() && any.enumeration.iter().all(|v| v.is_string() || v.is_null()) {
            return with_kind(SchemaKind::Type(Type::String(StringType {
                enumeration: any.enumeration.iter().map(|v| v.as_str().map(str::to_owned)).collect(),
                ..Default::default()
            })));
        }
        if !any.enumeration.is_empty() && any.enumeration.iter().all(|v| v.is_i64() || v.is_null()) {
            return with_kind(SchemaKind::Type(Type::Integer(IntegerType {
                enumeration: any.enumeration.iter().map(serde_json::Value::as_i64).collect(),
                ..Default::default()
            })));
        }
        // Mixed values (`[fast, 1, 2]`): a union of a string enum and an integer enum.
        let strings: Vec<Option<String>> =
            any.enumeration.iter().filter_map(|v| v.as_str().map(|s| Some(s.to_owned()))).collect();
        let integers: Vec<Option<i64>> = any.enumeration.iter().filter_map(|v| v.as_i64().map(Some)).collect();
        if !strings.is_empty() && !integers.is_empty() && strings.len() + integers.len() + 1 >= any.enumeration.len() {
            let item = |title: &str, schema_kind| {
                let schema_data = SchemaData { title: Some(title.to_owned()), ..Default::default() };
                ReferenceOr::Item(Schema { schema_data, schema_kind })
            };
            return with_kind(SchemaKind::AnyOf {
                any_of: vec![
                    item(
                        "Number",
                        SchemaKind::Type(Type::Integer(IntegerType { enumeration: integers, ..Default::default() })),
                    ),
                    item(
                        "Text",
                        SchemaKind::Type(Type::String(StringType { enumeration: strings, ..Default::default() })),
                    ),
                ],
            });
        }
    }
    if any.one_of.is_empty() && any.any_of.is_empty() && any.all_of.is_empty() {
        return Cow::Borrowed(schema);
    }
    let composition = if !any.one_of.is_empty() {
        SchemaKind::OneOf { one_of: any.one_of.clone() }
    } else if !any.any_of.is_empty() {
        SchemaKind::AnyOf { any_of: any.any_of.clone() }
    } else {
        SchemaKind::AllOf { all_of: any.all_of.clone() }
    };
    // Declared properties make an object part; `additionalProperties` alone only constrains
    // the object branches of the union (and `true` constrains nothing).
    let has_object = !any.properties.is_empty();
    let schema_kind = if has_object {
        let object = Schema {
            schema_data: Default::default(),
            schema_kind: SchemaKind::Type(Type::Object(ObjectType {
                properties: any.properties.clone(),
                required: any.required.clone(),
                additional_properties: any.additional_properties.clone(),
                ..Default::default()
            })),
        };
        let mut members = vec![ReferenceOr::Item(object)];
        match composition {
            SchemaKind::AllOf { all_of } => members.extend(all_of),
            other => members.push(ReferenceOr::Item(Schema { schema_data: Default::default(), schema_kind: other })),
        }
        SchemaKind::AllOf { all_of: members }
    } else {
        composition
    };
    Cow::Owned(Schema { schema_data: schema.schema_data.clone(), schema_kind })
}

/// Whether an `enum` lists `null` among its values: what openapi-generator writes for a
/// nullable enum, without `nullable`. JSON Schema allows `null` then, so the type is nullable.
pub(super) fn enum_lists_null(schema: &Schema) -> bool {
    match &schema.schema_kind {
        SchemaKind::Type(Type::String(s)) => s.enumeration.contains(&None),
        SchemaKind::Type(Type::Integer(i)) => i.enumeration.contains(&None),
        SchemaKind::Type(Type::Number(n)) => n.enumeration.contains(&None),
        SchemaKind::Type(Type::Boolean(b)) => b.enumeration.contains(&None),
        SchemaKind::Any(a) => a.enumeration.iter().any(serde_json::Value::is_null),
        _ => false,
    }
}
