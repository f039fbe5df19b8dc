//! `allOf` merging: the members of an `allOf` (inline or `$ref`, nested to any depth) become
//! one flat struct; members that are no object are kept whole, as flattened parts. A cycle is
//! found by the members being merged, never by a depth counter.

use super::TypeBuilder;
use super::canonical::{canonical, constraints_only, enum_lists_null};
use super::convert::{int_enum_values, string_enum_values};
use crate::error::{Error, Pointer, Result};
use indexmap::IndexMap;
use openapiv3::{AdditionalProperties, AnySchema, ReferenceOr, Schema, SchemaKind, Type, VariantOrUnknownOrEmpty};

#[derive(Default)]
pub(super) struct ObjectParts {
    /// Property name to its schema and where it is, in order of first appearance.
    pub(super) properties: IndexMap<String, (ReferenceOr<Box<Schema>>, Pointer)>,
    /// Property name to whether some member requires it.
    pub(super) required: IndexMap<String, bool>,
    pub(super) additional: Option<(AdditionalProperties, Pointer)>,
    /// `allOf` members that are not objects: kept whole with `#[serde(flatten)]`.
    pub(super) flattened: Vec<(ReferenceOr<Schema>, Pointer)>,
}

/// An `allOf` whose members are all scalars of one JSON type (`[{$ref: SomeEnum}, {type:
/// string, nullable: true, description: ...}]`): a value of that type, not a struct.
pub(super) struct ScalarAllOf<'s> {
    /// The member whose type the value takes (an enum if one is, else one with a `format`,
    /// else the first), and its index.
    pub(super) shaping: (usize, &'s ReferenceOr<Schema>),
    /// Some member (or the schema itself) allows `null`.
    pub(super) nullable: bool,
    /// The first description among the inline members.
    pub(super) description: Option<String>,
}

impl TypeBuilder<'_> {
    /// The scalar a multi-member `allOf` of scalars is, or `None` when some member is no
    /// scalar, the members' types differ or a member cannot be read (left to the struct
    /// merging, which reports it).
    pub(super) fn scalar_all_of<'s>(&self, schema: &'s Schema) -> Option<ScalarAllOf<'s>> {
        let SchemaKind::AllOf { all_of } = &schema.schema_kind else { return None };
        let mut json_type = None;
        let mut nullable = schema.schema_data.nullable || all_of_nullable(schema);
        let (mut enumerated, mut formatted, mut first) = (None, None, None);
        let mut description = None;
        let mut shaping_members = 0;
        for (i, member) in all_of.iter().enumerate() {
            if annotation_only(member) {
                continue;
            }
            shaping_members += 1;
            let resolved = match member {
                ReferenceOr::Item(s) => s.clone(),
                ReferenceOr::Reference { reference } => self.component_schema(reference, &Pointer::root()).ok()??.0,
            };
            let resolved = canonical(&resolved);
            let (this_type, has_format) = scalar_type(&resolved)?;
            if json_type.is_some_and(|t| t != this_type) {
                return None;
            }
            json_type = Some(this_type);
            nullable |= resolved.schema_data.nullable || enum_lists_null(&resolved);
            if let ReferenceOr::Item(s) = member {
                description = description.or_else(|| s.schema_data.description.clone());
            }
            let enum_like = string_enum_values(&resolved).is_some() || int_enum_values(&resolved).is_some();
            if enum_like && enumerated.is_none() {
                enumerated = Some((i, member));
            }
            if has_format && formatted.is_none() {
                formatted = Some((i, member));
            }
            first = first.or(Some((i, member)));
        }
        // One shaping member is `single_all_of`'s.
        if shaping_members < 2 {
            return None;
        }
        Some(ScalarAllOf { shaping: enumerated.or(formatted).or(first)?, nullable, description })
    }

    /// Gathers the properties of an object schema, following `allOf` members (inline or
    /// `$ref`) so that a composition becomes one flat struct. Returns false when the schema is
    /// not object-like.
    pub(super) fn collect_object(
        &mut self,
        schema: &Schema,
        at: &Pointer,
        out: &mut ObjectParts,
        depth: usize,
    ) -> Result<bool> {
        let schema = &canonical(schema);
        let (properties, required, additional) = match &schema.schema_kind {
            SchemaKind::Type(Type::Object(o)) => (&o.properties, &o.required, o.additional_properties.as_ref()),
            // An `allOf` member that only lists `required` properties makes them required.
            SchemaKind::Any(a)
                if depth > 0 && a.properties.is_empty() && !a.required.is_empty() && constraints_only(a) =>
            {
                for wire in &a.required {
                    out.required.insert(wire.clone(), true);
                }
                return Ok(true);
            }
            SchemaKind::Any(a) if !a.properties.is_empty() => {
                (&a.properties, &a.required, a.additional_properties.as_ref())
            }
            SchemaKind::AllOf { all_of } if all_of.len() > 1 => {
                for (i, member) in all_of.iter().enumerate() {
                    if annotation_only(member) {
                        continue;
                    }
                    let member_at = at.join("allOf").join(i.to_string());
                    let resolved = match member {
                        ReferenceOr::Item(s) => Some((s.clone(), member_at.clone())),
                        ReferenceOr::Reference { reference } => self.component_schema(reference, &member_at)?,
                    };
                    // Only a member that is already being merged further up makes a cycle; a long
                    // chain of distinct members is merely deep.
                    if let Some((_, s_at)) = &resolved
                        && self.merging.iter().any(|p| p == s_at.as_str())
                    {
                        return Err(Error::invalid(
                            member_at,
                            format!("allOf members refer to each other in a cycle (through {s_at})"),
                        ));
                    }
                    let merged = match resolved {
                        Some((s, s_at)) => {
                            self.merging.push(s_at.to_string());
                            let merged = self.collect_object(&s, &s_at, out, depth + 1);
                            self.merging.pop();
                            merged?
                        }
                        None => false,
                    };
                    if !merged {
                        out.flattened.push((member.clone(), member_at));
                    }
                }
                return Ok(true);
            }
            _ => return Ok(false),
        };
        if properties.is_empty() && depth == 0 {
            // A free-form object is a map, not a struct with no fields.
            return Ok(false);
        }
        for (wire, prop) in properties {
            out.required
                .insert(wire.clone(), required.contains(wire) || out.required.get(wire).copied().unwrap_or(false));
            out.properties.insert(wire.clone(), (prop.clone(), at.join("properties").join(wire)));
        }
        for wire in required {
            if let Some(r) = out.required.get_mut(wire) {
                *r = true;
            }
        }
        if let Some(additional) = additional {
            out.additional = Some((additional.clone(), at.join("additionalProperties")));
        }
        Ok(true)
    }

    /// The schema a `$ref` points to, following chains of references; `None` for references
    /// outside the document.
    pub(super) fn component_schema(&self, reference: &str, at: &Pointer) -> Result<Option<(Schema, Pointer)>> {
        let err =
            |reason: String| Error::Reference { pointer: at.to_string(), reference: reference.to_owned(), reason };
        let (end, target) = match self.doc.resolve_ref(reference) {
            Ok(found) => found,
            // Typed as `serde_json::Value` where it is used, with a warning (`resolve`).
            Err(crate::resolve::RefError::External { .. } | crate::resolve::RefError::Missing { .. }) => {
                return Ok(None);
            }
            Err(e) => return Err(err(e.to_string())),
        };
        let schema: Schema =
            serde_json::from_value(target.clone()).map_err(|e| err(format!("the target is not a schema: {e}")))?;
        Ok(Some((schema, Pointer(end))))
    }
}

/// `allOf: [X]` with nothing else that shapes the type (FastAPI's way of describing a `$ref`),
/// or `allOf: [X, {default: ...}, {readOnly: true}]` whose other members only annotate: the
/// one member that does shape the type, and its index.
pub(super) fn single_all_of(schema: &Schema) -> Option<(usize, &ReferenceOr<Schema>)> {
    let SchemaKind::AllOf { all_of } = &schema.schema_kind else { return None };
    let mut shaping = all_of.iter().enumerate().filter(|(_, m)| !annotation_only(m));
    match (shaping.next(), shaping.next()) {
        (Some(one), None) => Some(one),
        // Nothing but annotations: any value, as the first member says.
        (None, _) => all_of.first().map(|m| (0, m)),
        _ => None,
    }
}

/// An `allOf` member that constrains nothing: only a default, an example, a description...
pub(super) fn annotation_only(member: &ReferenceOr<Schema>) -> bool {
    matches!(member, ReferenceOr::Item(Schema { schema_kind: SchemaKind::Any(any), .. }) if *any == AnySchema::default())
}

/// Whether an annotation member of an `allOf` says `nullable: true`.
pub(super) fn all_of_nullable(schema: &Schema) -> bool {
    let SchemaKind::AllOf { all_of } = &schema.schema_kind else { return false };
    all_of.iter().any(|m| matches!(m, ReferenceOr::Item(s) if s.schema_data.nullable && annotation_only(m)))
}

/// The JSON type of a scalar schema, and whether it has a `format`; `None` for anything else.
fn scalar_type(schema: &Schema) -> Option<(&'static str, bool)> {
    match &schema.schema_kind {
        SchemaKind::Type(Type::String(s)) => Some(("string", s.format != VariantOrUnknownOrEmpty::Empty)),
        SchemaKind::Type(Type::Integer(i)) => Some(("integer", i.format != VariantOrUnknownOrEmpty::Empty)),
        SchemaKind::Type(Type::Number(n)) => Some(("number", n.format != VariantOrUnknownOrEmpty::Empty)),
        SchemaKind::Type(Type::Boolean(_)) => Some(("boolean", false)),
        SchemaKind::Any(a) if constraints_only(a) || (a.properties.is_empty() && a.items.is_none()) => {
            let json_type = match a.typ.as_deref()? {
                "string" => "string",
                "integer" => "integer",
                "number" => "number",
                "boolean" => "boolean",
                _ => return None,
            };
            (a.one_of.is_empty() && a.any_of.is_empty() && a.all_of.is_empty() && a.not.is_none())
                .then_some((json_type, a.format.is_some()))
        }
        _ => None,
    }
}
