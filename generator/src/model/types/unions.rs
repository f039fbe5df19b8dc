//! `oneOf` / `anyOf` as Rust enums: untagged (tried in order), or tagged by a discriminator
//! whose values are read from the mapping, the branches' component names or one-value enums.

use super::canonical::canonical;
use super::convert::{schema_position, string_enum_values};
use super::{Tagged, Ty, TypeBuilder, TypeKind, TypeSpace, Union, UnionVariant};
use crate::error::{Pointer, Result};
use crate::naming::{self, Namespace};
use crate::warning::WarningKind;
use openapiv3::{Discriminator, ReferenceOr, Schema, SchemaKind, Type};

impl TypeBuilder<'_> {
    pub(super) fn union(
        &mut self,
        branches: &[ReferenceOr<Schema>],
        discriminator: Option<&Discriminator>,
        name: &str,
        schema_at: &Pointer,
        at: &Pointer,
    ) -> Result<TypeKind> {
        // With a discriminator, each branch needs its tag value; one branch without makes the
        // union untagged again (tried in order), which still decodes correctly, only slower.
        if let Some(d) = discriminator {
            self.check_mapping(branches, d, schema_at);
        }
        // The tag is matched as a string: with an integer property every value would land in
        // the catch-all variant, so such a union is tried in order instead.
        let integer_tag = discriminator.is_some_and(|d| self.integer_discriminator(branches, d));
        if let (true, Some(d)) = (integer_tag, discriminator) {
            let at = schema_at.join("discriminator");
            self.warn(
                &at,
                WarningKind::Loosened,
                format!("the discriminator property `{}` is a number, not a string: the union is decoded by trying each branch in order", d.property_name),
            );
        }
        let tags: Option<Vec<String>> =
            discriminator.filter(|_| !integer_tag).and_then(|d| branches.iter().map(|b| self.tag_of(b, d)).collect());
        let mut names = Namespace::default();
        let mut variants = Vec::with_capacity(branches.len());
        for (i, branch) in branches.iter().enumerate() {
            let branch_at = at.join(i.to_string());
            let title = branch.as_item().and_then(|s| s.schema_data.title.clone());
            let hint = format!("{name}{}", title.unwrap_or_else(|| format!("Variant{}", i + 1)));
            let ty = self.ty(branch, &hint, &branch_at)?;
            let base = match &tags {
                Some(tags) => naming::type_ident(&tags[i], "Empty", "Value"),
                None => self.variant_name(&ty),
            };

            variants.push(UnionVariant { name: names.claim(&base), ty });
        }
        if let (Some(tags), Some(d)) = (tags, discriminator) {
            return Ok(TypeKind::Union(Union {
                variants,
                tagged: Some(Tagged { property: d.property_name.clone(), tags, other: names.claim("Other") }),
                other: None,
            }));
        }
        // serde tries untagged variants in order: integers before floats, anything-goes last.
        variants.sort_by_key(|v| match v.ty {
            Ty::I32 | Ty::I64 | Ty::U32 | Ty::U64 => 0,
            Ty::Json | Ty::JsonMap => 2,
            _ => 1,
        });
        // Whether it needs a catch-all is settled once every variant is defined
        // (`add_catch_alls`).
        Ok(TypeKind::Union(Union { variants, tagged: None, other: None }))
    }

    /// Warns of mapping entries that select nothing: a target that does not exist, is no
    /// schema, or is none of the union's branches (its tag then lands in the catch-all).
    fn check_mapping(&mut self, branches: &[ReferenceOr<Schema>], d: &Discriminator, schema_at: &Pointer) {
        for (tag, target) in &d.mapping {
            let at = schema_at.join("discriminator").join("mapping").join(tag);
            let reference =
                if target.starts_with('#') { target.clone() } else { format!("#/components/schemas/{target}") };
            let fragment = &reference[1..];
            let problem = match self.doc.raw.pointer(fragment) {
                None => Some(format!("`{target}` names nothing in this document")),
                Some(_) if !schema_position(fragment) => Some(format!("`{target}` is not a schema")),
                Some(_)
                    if !branches
                        .iter()
                        .any(|b| matches!(b, ReferenceOr::Reference { reference: r } if *r == reference)) =>
                {
                    Some(format!("`{target}` is none of the union's branches"))
                }
                Some(_) => None,
            };
            if let Some(problem) = problem {
                self.warn(
                    &at,
                    WarningKind::Loosened,
                    format!("discriminator mapping `{tag}`: {problem}; values `{tag}` decode as the catch-all"),
                );
            }
        }
    }

    /// Whether some branch declares the discriminating property as a number.
    fn integer_discriminator(&self, branches: &[ReferenceOr<Schema>], d: &Discriminator) -> bool {
        branches.iter().any(|branch| {
            let schema = match branch {
                ReferenceOr::Item(s) => Some(s.clone()),
                ReferenceOr::Reference { reference } => {
                    self.component_schema(reference, &Pointer::root()).ok().flatten().map(|(s, _)| s)
                }
            };
            let Some(schema) = schema else { return false };
            let schema = canonical(&schema);
            let properties = match &schema.schema_kind {
                SchemaKind::Type(Type::Object(o)) => &o.properties,
                SchemaKind::Any(a) => &a.properties,
                _ => return false,
            };
            matches!(
                properties.get(&d.property_name).and_then(ReferenceOr::as_item).map(|p| &p.schema_kind),
                Some(SchemaKind::Type(Type::Integer(_) | Type::Number(_)))
            ) || matches!(
                properties.get(&d.property_name).and_then(ReferenceOr::as_item).map(|p| &p.schema_kind),
                Some(SchemaKind::Any(a)) if matches!(a.typ.as_deref(), Some("integer" | "number"))
            )
        })
    }

    /// The discriminator value that selects `branch`: from the mapping, else the component
    /// name of a `$ref`, else a one-value enum on the discriminating property.
    fn tag_of(&self, branch: &ReferenceOr<Schema>, d: &Discriminator) -> Option<String> {
        match branch {
            ReferenceOr::Reference { reference } => {
                let component = reference.rsplit('/').next()?;
                let mapped = d.mapping.iter().find(|(_, target)| *target == reference || target.as_str() == component);
                Some(mapped.map(|(tag, _)| tag.clone()).unwrap_or_else(|| component.to_owned()))
            }
            ReferenceOr::Item(schema) => {
                let SchemaKind::Type(Type::Object(o)) = &schema.schema_kind else { return None };
                let property = o.properties.get(&d.property_name)?.as_item()?;
                match string_enum_values(property)?.as_slice() {
                    [only] => Some(only.clone()),
                    _ => None,
                }
            }
        }
    }

    /// A name for a value of this type: a union variant's, a flattened part's.
    pub(super) fn variant_name(&self, ty: &Ty) -> String {
        match ty {
            Ty::Named(id) => self.space[*id].name.clone(),
            Ty::String | Ty::Binary => "String".into(),
            Ty::Bool => "Boolean".into(),
            Ty::I32 | Ty::I64 | Ty::U32 | Ty::U64 => "Integer".into(),
            Ty::F64 => "Number".into(),
            Ty::DateTime => "DateTime".into(),
            Ty::Date => "Date".into(),
            Ty::Uuid => "Uuid".into(),
            Ty::Base64 => "Bytes".into(),
            Ty::Json => "Value".into(),
            Ty::JsonMap | Ty::Map(_) => "Object".into(),
            Ty::Vec(inner) => format!("{}List", self.variant_name(inner)),
            Ty::Option(inner) | Ty::Boxed(inner) => self.variant_name(inner),
        }
    }
}

/// Gives a catch-all variant to every untagged union with an object variant and no variant
/// that takes anything: an object that no variant accounts for (a member the server added to a
/// schema that forbids undeclared members, a new kind of payment method) is kept as received,
/// neither refused nor decoded with members dropped. Unions of scalars keep refusing what is
/// none of them, which is a type error rather than an API that grew.
pub(super) fn add_catch_alls(space: &mut TypeSpace) {
    for id in space.ids() {
        let TypeKind::Union(u) = &space[id].kind else { continue };
        if u.tagged.is_some() || u.variants.iter().any(|v| matches!(v.ty.unwrapped(), Ty::Json | Ty::JsonMap)) {
            continue;
        }
        if !u.variants.iter().any(|v| is_object(space, &v.ty)) {
            continue;
        }
        let mut names = Namespace::default();
        for v in &u.variants {
            names.claim(&v.name);
        }
        let other = names.claim("Other");
        if let TypeKind::Union(u) = &mut space[id].kind {
            u.other = Some(other);
        }
    }
}

/// Whether values of `ty` are JSON objects decoded as a struct, through aliases and boxes.
fn is_object(space: &TypeSpace, ty: &Ty) -> bool {
    let mut ty = ty.unwrapped();
    // Aliases do not form cycles (`check_alias_cycles`); the bound is only a guard.
    for _ in 0..=space.len() {
        let Ty::Named(id) = ty else { return false };
        match &space[*id].kind {
            TypeKind::Struct(_) => return true,
            TypeKind::Alias(inner) => ty = inner.unwrapped(),
            _ => return false,
        }
    }
    false
}
