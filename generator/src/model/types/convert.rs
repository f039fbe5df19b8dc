//! Schemas to types: the [`TypeBuilder`]. Component schemas are declared first so that they
//! own their names; inline schemas that need a type of their own (objects with properties,
//! enums, unions) are named after where they appear (`ValidationError` + `loc` + item =
//! `ValidationErrorLocItem`). [`TypeBuilder::finish`] then settles what needs every type
//! defined: defaults, boxing, newtypes.

use super::all_of::{ObjectParts, all_of_nullable, single_all_of};
use super::canonical::{canonical, constraints_only, enum_lists_null};
use super::{
    EnumVariant, Field, FlattenedPart, Member, Presence, StringEnum, Struct, Ty, TypeDef, TypeId, TypeKind, TypeSpace,
    cycles,
};
use crate::error::{Error, Pointer, Result};
use crate::load::Document;
use crate::naming::{self, Namespace};
use crate::resolve::RefError;
use crate::warning::{Warning, WarningKind};
use indexmap::IndexMap;
use openapiv3::{
    AdditionalProperties, IntegerFormat, ReferenceOr, Schema, SchemaKind, StringFormat, Type, VariantOrUnknownOrEmpty,
};
use serde_json::Value;
use std::collections::{HashMap, HashSet};

/// Deeper than this is a hostile or broken document, not a data model.
const MAX_DEPTH: usize = 64;

pub struct TypeBuilder<'d> {
    pub(super) doc: &'d Document,
    pub(super) space: TypeSpace,
    names: Namespace,
    /// `$ref` string to its Rust type; component refs are declared up front, deep pointers
    /// are added on first use.
    refs: HashMap<String, Ty>,
    depth: usize,
    /// The `allOf` members being merged into a struct, outermost first: a member that is
    /// already among them is a cycle.
    pub(super) merging: Vec<String>,
    /// The `$ref`s into the middle of schemas being typed, outermost first.
    resolving: Vec<String>,
    /// Fields with a default whose Rust form can only be judged once every type is defined
    /// (an enum defined later in the document), in the order they were built.
    defaults: Vec<PendingDefault>,
    /// What could be generated but is suspect, each with its place in the document.
    warnings: Vec<Warning>,
    /// Places where a typed schema became `serde_json::Value`.
    fallbacks: Vec<String>,
    /// The Rust type of every schema typed so far, by pointer (first typing wins).
    schema_types: IndexMap<String, Ty>,
}

/// A field of struct `ty` (its `member`-th) with [`Presence::Defaulted`], and the presence it
/// has should the default not fit its type.
struct PendingDefault {
    ty: TypeId,
    member: usize,
    otherwise: Presence,
}

/// The finished type space and what was learnt while building it.
pub struct Finished {
    pub space: TypeSpace,
    pub warnings: Vec<Warning>,
    pub fallbacks: Vec<String>,
    /// Schema pointer to the Rust type that represents it: where the examples of a schema
    /// find the type to decode into.
    pub schema_types: IndexMap<String, Ty>,
}

impl<'d> TypeBuilder<'d> {
    pub fn new(doc: &'d Document) -> Self {
        TypeBuilder {
            doc,
            space: TypeSpace::default(),
            names: Namespace::with_reserved(naming::RESERVED_TYPE_NAMES),
            refs: HashMap::new(),
            depth: 0,
            merging: Vec::new(),
            resolving: Vec::new(),
            defaults: Vec::new(),
            warnings: Vec::new(),
            fallbacks: Vec::new(),
            schema_types: IndexMap::new(),
        }
    }

    fn component_schemas(&self) -> impl Iterator<Item = (&'d String, &'d ReferenceOr<Schema>)> + use<'d> {
        let doc: &'d Document = self.doc;
        doc.api.components.iter().flat_map(|c| c.schemas.iter())
    }

    /// Claims a name for every component schema, in document order.
    pub fn declare_components(&mut self) -> Result<()> {
        for (name, schema) in self.component_schemas() {
            let at = Pointer::root().join("components").join("schemas").join(name);
            let id = self.new_type(name, at.as_str());
            // A nullable component (`nullable-simple-user`) is nullable wherever it is used.
            let nullable = match schema {
                ReferenceOr::Item(s) => self.nullable(&canonical(s)),
                ReferenceOr::Reference { .. } => false,
            };
            let ty = if nullable { Ty::Named(id).optional() } else { Ty::Named(id) };
            self.space[id].nullable = nullable;
            self.refs.insert(format!("#/components/schemas/{name}"), ty.clone());
            self.schema_types.insert(at.to_string(), ty);
        }
        Ok(())
    }

    /// Defines every component schema. A broken schema does not stop the others, so that one
    /// run reports every problem.
    pub fn define_components(&mut self) -> Result<()> {
        let schemas: Vec<_> = self.component_schemas().collect();
        let mut errors = Vec::new();
        // Components were declared first, in this order: their ids are the first ones.
        for (id, (name, schema)) in self.space.ids().zip(schemas) {
            let at = Pointer::root().join("components").join("schemas").join(name);
            let kind = match schema {
                ReferenceOr::Reference { reference } => self.resolve(reference, &at).map(TypeKind::Alias),
                ReferenceOr::Item(schema) => {
                    self.space[id].doc = schema.schema_data.description.clone();
                    self.space[id].deprecated = schema.schema_data.deprecated;
                    self.kind_of(schema, id, &at)
                }
            };
            match kind {
                Ok(kind) => self.space[id].kind = kind,
                Err(e) => errors.push(e),
            }
        }
        if let Err(e) = cycles::check_alias_cycles(&self.space) {
            errors.push(e);
        }
        Error::collect(errors).map_or(Ok(()), Err)
    }

    /// Finishes the type space: drops defaults that cannot be written in Rust, then boxes
    /// members that would otherwise make a type infinitely (or too) large.
    pub fn finish(mut self) -> Finished {
        super::unions::add_catch_alls(&mut self.space);
        cycles::box_union_variants(&mut self.space);
        self.settle_defaults();
        cycles::mark_newtypes(&mut self.space);
        cycles::box_recursion(&mut self.space);
        cycles::bound_nesting(&mut self.space);
        Finished {
            space: self.space,
            warnings: self.warnings,
            fallbacks: self.fallbacks,
            schema_types: self.schema_types,
        }
    }

    /// Keeps the defaults that can be written as a value of their field's type; a field whose
    /// default cannot is required or optional, as its schema says.
    fn settle_defaults(&mut self) {
        let mut pending = std::mem::take(&mut self.defaults);
        // In type order, so that warnings read in the order of the generated models.
        pending.sort_by_key(|p| (p.ty, p.member));
        for PendingDefault { ty, member, otherwise } in pending {
            let TypeKind::Struct(s) = &self.space[ty].kind else { continue };
            let Some(Member::Field(f)) = s.members.get(member) else { continue };
            let Presence::Defaulted(default) = &f.presence else { continue };
            if expressible_default(default, &f.ty, &self.space) {
                continue;
            }
            // Object and array defaults have no Rust literal here, as documented; a scalar
            // that does not fit its type is the spec's mistake, worth a word.
            if !default.is_array() && !default.is_object() {
                let shown = self.space.shown(&f.ty);
                let numeric = matches!(f.ty, Ty::I32 | Ty::I64 | Ty::U32 | Ty::U64 | Ty::F64);
                let why = if numeric && default.is_number() {
                    format!("default {default} does not fit the field's type {shown}")
                } else {
                    format!("default {default} cannot be written as a value of the field's type {shown}")
                };
                let warning =
                    Warning::new(f.at.clone(), WarningKind::Loosened, format!("{why}; generated without a default"));
                self.warnings.push(warning);
            }
            if let TypeKind::Struct(s) = &mut self.space[ty].kind
                && let Some(Member::Field(f)) = s.members.get_mut(member)
            {
                f.presence = otherwise;
            }
        }
    }

    /// Creates a type definition with a fresh name derived from `hint`.
    fn new_type(&mut self, hint: &str, origin: &str) -> TypeId {
        let name = self.names.claim(&naming::type_ident(hint, "Type", "T"));
        self.space.push(TypeDef {
            name,
            doc: None,
            deprecated: false,
            origin: origin.to_owned(),
            nullable: false,
            newtype: false,
            kind: TypeKind::Alias(Ty::Json),
        })
    }

    /// Records something that was generated but is suspect.
    pub fn warn(&mut self, at: &Pointer, kind: WarningKind, message: impl Into<String>) {
        self.warnings.push(Warning::new(at.as_str(), kind, message));
    }

    /// A type defined so far (components are all defined before operations are built).
    pub fn def(&self, id: TypeId) -> &TypeDef {
        &self.space[id]
    }

    /// Claims a name in the type namespace for something that is not a schema (API structs,
    /// per-operation error enums), so that it cannot clash with a model.
    pub fn claim_name(&mut self, hint: &str) -> String {
        self.names.claim(&naming::type_ident(hint, "Api", "T"))
    }

    /// The Rust type of a schema found at `at`. `hint` names any type created for it.
    pub fn ty(&mut self, schema: &ReferenceOr<Schema>, hint: &str, at: &Pointer) -> Result<Ty> {
        let ty = match schema {
            ReferenceOr::Reference { reference } => self.resolve(reference, at),
            ReferenceOr::Item(schema) => self.schema_ty(schema, hint, at),
        }?;
        Ok(self.record(at, ty))
    }

    fn ty_boxed(&mut self, schema: &ReferenceOr<Box<Schema>>, hint: &str, at: &Pointer) -> Result<Ty> {
        let ty = match schema {
            ReferenceOr::Reference { reference } => self.resolve(reference, at),
            ReferenceOr::Item(schema) => self.schema_ty(schema, hint, at),
        }?;
        Ok(self.record(at, ty))
    }

    fn record(&mut self, at: &Pointer, ty: Ty) -> Ty {
        if !self.schema_types.contains_key(at.as_str()) {
            self.schema_types.insert(at.to_string(), ty.clone());
        }
        ty
    }

    /// The Rust type a `$ref` names. A component's was declared up front; a pointer into the
    /// middle of a schema (`#/components/schemas/X/properties/y`), maybe to another such
    /// `$ref`, is followed link by link (by the document's resolver) up to a link that has a
    /// type, or to a schema, which is typed; every link then gets that type, so that each is
    /// followed once.
    fn resolve(&mut self, reference: &str, at: &Pointer) -> Result<Ty> {
        if let Some(ty) = self.refs.get(reference) {
            return Ok(ty.clone());
        }
        let err =
            |reason: String| Error::Reference { pointer: at.to_string(), reference: reference.to_owned(), reason };
        let doc: &'d Document = self.doc;
        let mut chain: Vec<String> = Vec::new();
        let mut typed = None;
        for link in doc.refs.links(&doc.raw, reference) {
            let (current, target) = match link {
                Ok(link) => link,
                // A reference to nothing (a component never defined, another document) spoils
                // only this place: any value is what the spec lets the generator know of it.
                Err(e @ (RefError::Missing { .. } | RefError::External { .. })) => {
                    return Ok(self.fallback(at, &format!("cannot resolve `$ref: {reference}`: {e}")));
                }
                Err(e) => return Err(err(e.to_string())),
            };
            if let Some(ty) = self.refs.get(&current) {
                typed = Some(ty.clone());
                break;
            }
            let fragment = current.strip_prefix('#').unwrap_or(&current);
            if !schema_position(fragment) {
                // `#` or `#/info` read as a schema would be one without constraints: any value.
                return Ok(self.fallback(at, &format!("`$ref: {current}` points at no schema")));
            }
            chain.push(current.clone());
            if target.get("$ref").is_some() {
                continue;
            }
            let schema: ReferenceOr<Schema> = serde_json::from_value(target.clone()).map_err(|e| Error::Reference {
                pointer: at.to_string(),
                reference: current.clone(),
                reason: format!("the target is not a schema: {e}"),
            })?;
            let hint = fragment.rsplit('/').find(|s| !matches!(*s, "properties" | "items" | "")).unwrap_or("Ref");
            // A pointer into a schema gets its type on first use: one that leads back to itself
            // before that type exists is recursion the generator cannot name.
            if self.resolving.contains(&current) {
                return Err(Error::Reference {
                    pointer: at.to_string(),
                    reference: current.clone(),
                    reason: "it leads back to itself through pointers into schemas; recursion must go through a component schema (`#/components/schemas/...`)".to_owned(),
                });
            }
            self.resolving.push(current.clone());
            let ty = self.nested(at, |b| b.ty(&schema, hint, at));
            self.resolving.pop();
            typed = Some(ty?);
            break;
        }
        // The resolver ends every chain at a node without `$ref`, or with an error.
        let ty = typed.ok_or_else(|| err("nothing is there".to_owned()))?;
        for link in chain {
            self.refs.insert(link, ty.clone());
        }
        Ok(ty)
    }

    /// Runs `f` one level of schema nesting deeper. The builder recurses once per level, so
    /// nesting is bounded here, whatever the parser let through.
    fn nested<T>(&mut self, at: &Pointer, f: impl FnOnce(&mut Self) -> Result<T>) -> Result<T> {
        if self.depth >= MAX_DEPTH {
            return Err(Error::invalid(at.clone(), format!("schemas nest more than {MAX_DEPTH} levels deep")));
        }
        self.depth += 1;
        let result = f(self);
        self.depth -= 1;
        result
    }

    fn schema_ty(&mut self, schema: &Schema, hint: &str, at: &Pointer) -> Result<Ty> {
        let schema = &canonical(schema);
        let ty = self.nested(at, |b| b.schema_ty_inner(schema, hint, at))?;
        Ok(if self.nullable(schema) { ty.optional() } else { ty })
    }

    /// Whether a (canonical) schema allows `null`: `nullable`, `null` among its `enum` values,
    /// or a nullable member of an `allOf` of scalars.
    fn nullable(&self, schema: &Schema) -> bool {
        schema.schema_data.nullable
            || enum_lists_null(schema)
            || self.scalar_all_of(schema).is_some_and(|scalar| scalar.nullable)
    }

    /// The type of an `allOf` of scalars of one type: its shaping member's, without the
    /// member's own nullability (the whole schema's is applied by the caller).
    fn scalar_all_of_ty(&mut self, schema: &Schema, hint: &str, at: &Pointer) -> Result<Option<Ty>> {
        let Some(scalar) = self.scalar_all_of(schema) else { return Ok(None) };
        let (i, member) = scalar.shaping;
        let ty = self.ty(member, hint, &at.join("allOf").join(i.to_string()))?;
        Ok(Some(match ty {
            Ty::Option(inner) => *inner,
            ty => ty,
        }))
    }

    fn schema_ty_inner(&mut self, schema: &Schema, hint: &str, at: &Pointer) -> Result<Ty> {
        if let Some((i, single)) = single_all_of(schema) {
            let ty = self.ty(single, hint, &at.join("allOf").join(i.to_string()))?;
            return Ok(if all_of_nullable(schema) { ty.optional() } else { ty });
        }
        if let Some(ty) = self.scalar_all_of_ty(schema, hint, at)? {
            return Ok(ty);
        }
        if needs_own_type(schema) {
            let id = self.new_type(hint, at.as_str());
            self.space[id].doc = schema.schema_data.description.clone();
            let kind = self.kind_of(schema, id, at)?;
            self.space[id].kind = kind;
            return Ok(Ty::Named(id));
        }
        Ok(match &schema.schema_kind {
            SchemaKind::Type(Type::String(s)) => string_ty(&s.format),
            SchemaKind::Type(Type::Integer(i)) => match &i.format {
                VariantOrUnknownOrEmpty::Item(IntegerFormat::Int32) => Ty::I32,
                VariantOrUnknownOrEmpty::Item(IntegerFormat::Int64) | VariantOrUnknownOrEmpty::Empty => Ty::I64,
                VariantOrUnknownOrEmpty::Unknown(f) => integer_ty(Some(f)),
            },
            SchemaKind::Type(Type::Number(_)) => Ty::F64,
            SchemaKind::Type(Type::Boolean(_)) => Ty::Bool,
            SchemaKind::Type(Type::Array(a)) => match &a.items {
                Some(items) => Ty::Vec(Box::new(self.ty_boxed(items, &format!("{hint}Item"), &at.join("items"))?)),
                None => Ty::Vec(Box::new(Ty::Json)),
            },
            SchemaKind::Type(Type::Object(o)) => self.map_ty(o.additional_properties.as_ref(), hint, at)?,
            SchemaKind::OneOf { one_of: v } | SchemaKind::AnyOf { any_of: v } if v.is_empty() => Ty::Json,
            SchemaKind::AllOf { all_of } if all_of.is_empty() => Ty::Json,
            SchemaKind::Any(any) if any.typ.as_deref() == Some("array") => match &any.items {
                Some(items) => Ty::Vec(Box::new(self.ty_boxed(items, &format!("{hint}Item"), &at.join("items"))?)),
                None => Ty::Vec(Box::new(Ty::Json)),
            },
            // `additionalProperties` next to another `type` (`type: string`) is meaningless.
            SchemaKind::Any(any)
                if any.typ.as_deref() == Some("object")
                    || (any.typ.is_none() && any.additional_properties.is_some()) =>
            {
                self.map_ty(any.additional_properties.as_ref(), hint, at)?
            }
            SchemaKind::Any(any) => match any.typ.as_deref() {
                Some("string") => Ty::String,
                // `openapiv3` leaves an integer schema here when an `enum` value is no `i64`.
                Some("integer") => self.wide_integer(any, at),
                Some("number") => Ty::F64,
                Some("boolean") => Ty::Bool,
                // An empty schema, or one of constraints only (`required`, bounds), allows any
                // type: `Value` is the honest type.
                None if constraints_only(any) => Ty::Json,
                _ => self.fallback(at, "a schema this generator cannot type"),
            },
            SchemaKind::Not { .. } => self.fallback(at, "`not` cannot be expressed as a Rust type"),
            // Unions, merges and objects with properties were given their own type above.
            _ => self.fallback(at, "a schema this generator cannot type"),
        })
    }

    /// An integer schema whose `enum` has values beyond `i64`: no constants for them, so the
    /// enum becomes its plain integer type (`u64` when every value fits one), said in a warning.
    fn wide_integer(&mut self, any: &openapiv3::AnySchema, at: &Pointer) -> Ty {
        let ty = integer_ty(any.format.as_deref());
        let wide: Vec<&Value> = any.enumeration.iter().filter(|v| !v.is_i64() && !v.is_null()).collect();
        if wide.is_empty() {
            return ty;
        }
        let listed = wide.iter().map(|v| v.to_string()).collect::<Vec<_>>().join(", ");
        if any.enumeration.iter().all(|v| v.is_u64() || v.is_null()) {
            self.warn(
                at,
                WarningKind::Loosened,
                format!("integer enum values beyond i64 ({listed}): generated as a plain u64, without constants"),
            );
            return Ty::U64;
        }
        self.fallback(at, &format!("integer enum values that fit no Rust integer ({listed})"))
    }

    /// `serde_json::Value` where the spec did give a type: counted and reported, never silent.
    fn fallback(&mut self, at: &Pointer, why: &str) -> Ty {
        // A place typed twice (a property merged into another struct by `allOf`) counts once.
        if !self.fallbacks.iter().any(|f| f == at.as_str()) {
            self.fallbacks.push(at.to_string());
            self.warn(at, WarningKind::Untyped, format!("{why}; generated as serde_json::Value"));
        }
        Ty::Json
    }

    fn map_ty(&mut self, additional: Option<&AdditionalProperties>, hint: &str, at: &Pointer) -> Result<Ty> {
        Ok(match additional {
            None | Some(AdditionalProperties::Any(true)) => Ty::JsonMap,
            Some(AdditionalProperties::Any(false)) => Ty::JsonMap,
            Some(AdditionalProperties::Schema(s)) => {
                let value = self.ty(s, &format!("{hint}Value"), &at.join("additionalProperties"))?;
                if value == Ty::Json { Ty::JsonMap } else { Ty::Map(Box::new(value)) }
            }
        })
    }

    /// The definition of a type that has a name of its own.
    fn kind_of(&mut self, schema: &Schema, id: TypeId, at: &Pointer) -> Result<TypeKind> {
        let name = &self.space[id].name.clone();
        let schema = &canonical(schema);
        if let Some(values) = string_enum_values(schema) {
            return Ok(TypeKind::Enum(string_enum(values)));
        }
        if let Some(values) = int_enum_values(schema) {
            return Ok(TypeKind::IntEnum(int_enum(values)));
        }
        match &schema.schema_kind {
            SchemaKind::OneOf { one_of: branches } => {
                let discriminator = schema.schema_data.discriminator.as_ref();
                return self.union(branches, discriminator, name, at, &at.join("oneOf"));
            }
            SchemaKind::AnyOf { any_of: branches } => {
                let discriminator = schema.schema_data.discriminator.as_ref();
                return self.union(branches, discriminator, name, at, &at.join("anyOf"));
            }
            _ => {}
        }
        // Its nullability travels with its references (see `declare_components`).
        if let Some(ty) = self.scalar_all_of_ty(schema, name, at)? {
            return Ok(TypeKind::Alias(ty));
        }
        let mut collected = ObjectParts::default();
        self.merging.push(at.to_string());
        let merged = self.collect_object(schema, at, &mut collected, 0);
        self.merging.pop();
        if merged? {
            return self.structure(collected, id);
        }
        // Anything else (a component that is a string, an array, a single `$ref`...) is an alias.
        let inner = match single_all_of(schema) {
            Some((i, single)) => self.ty(single, name, &at.join("allOf").join(i.to_string()))?,
            None => {
                let plain = Schema { schema_data: Default::default(), schema_kind: schema.schema_kind.clone() };
                self.schema_ty_inner(&plain, name, at)?
            }
        };
        // A component's own nullability travels with its references (see `declare_components`).
        Ok(TypeKind::Alias(inner))
    }

    /// The struct of merged object parts: its declared properties, then its flattened parts.
    fn structure(&mut self, parts: ObjectParts, id: TypeId) -> Result<TypeKind> {
        let name = self.space[id].name.clone();
        let mut members = Vec::with_capacity(parts.properties.len() + parts.flattened.len());
        let mut field_names = Namespace::default();
        for (wire, (prop, prop_at)) in &parts.properties {
            let required = parts.required.get(wire).copied().unwrap_or(false);
            let mut data = property_data(prop);
            // `allOf: [{$ref: Enum}, {type: string, description: ...}]` describes the property
            // in a member.
            if data.description.is_none()
                && let ReferenceOr::Item(s) = prop
            {
                data.description = self.scalar_all_of(&canonical(s)).and_then(|scalar| scalar.description);
            }
            let hint = format!("{name}{}", naming::type_ident(wire, "Field", "F"));
            // A nullable schema's `Option` is the field's presence, not part of its value.
            let (ty, nullable) = match self.ty_boxed(prop, &hint, prop_at)? {
                Ty::Option(inner) => (*inner, true),
                ty => (ty, false),
            };
            let otherwise = match (required, nullable) {
                (true, false) => Presence::Required,
                (true, true) => Presence::Nullable,
                (false, _) => Presence::Optional,
            };
            let presence = match data.default.filter(|d| !d.is_null() && !nullable) {
                Some(default) => {
                    // Whether the default can be written in Rust is settled in `finish`, once
                    // every type it may name (an enum defined later in the document) exists.
                    self.defaults.push(PendingDefault { ty: id, member: members.len(), otherwise });
                    Presence::Defaulted(default)
                }
                None => otherwise,
            };
            let name = naming::escape_keyword(&field_names.claim(&naming::snake(wire, "field")));
            let secret = ty == Ty::String && (data.password || naming::names_a_secret(wire));
            members.push(Member::Field(Field {
                at: prop_at.to_string(),
                name,
                wire: wire.clone(),
                ty,
                presence,
                doc: data.description,
                deprecated: data.deprecated,
                read_only: data.read_only,
                write_only: data.write_only,
                secret,
            }));
        }
        // Members the schema does not declare are kept unless it forbids them, so that a value
        // decoded from the API encodes back unchanged (a read-modify-write loses nothing). A
        // struct with flattened parts leaves them to the parts, which would see them twice.
        let open = parts.flattened.is_empty();
        let additional = match parts.additional {
            Some((AdditionalProperties::Any(false), _)) => None,
            None if !open => None,
            None | Some((AdditionalProperties::Any(true), _)) => Some(Ty::Json),
            Some((AdditionalProperties::Schema(s), at)) => Some(self.ty(&s, &format!("{name}Value"), &at)?),
        }
        .map(|ty| (naming::escape_keyword(&field_names.claim("additional_properties")), ty));
        for (member, member_at) in parts.flattened {
            let ty = self.ty(&member, &format!("{name}Part"), &member_at)?;
            let field_name = field_names.claim(&naming::snake(&self.variant_name(&ty), "part"));
            members.push(Member::Flattened(FlattenedPart {
                at: member_at.to_string(),
                name: naming::escape_keyword(&field_name),
                ty,
            }));
        }
        Ok(TypeKind::Struct(Struct { members, additional }))
    }
}

/// What a property's own schema says about the field.
struct PropertyData {
    description: Option<String>,
    default: Option<Value>,
    deprecated: bool,
    read_only: bool,
    write_only: bool,
    /// `format: password`.
    password: bool,
}

/// The annotations of a property; a bare `$ref` property has none of its own.
fn property_data(prop: &ReferenceOr<Box<Schema>>) -> PropertyData {
    match prop {
        ReferenceOr::Item(s) => PropertyData {
            description: s.schema_data.description.clone(),
            default: s.schema_data.default.clone(),
            deprecated: s.schema_data.deprecated,
            read_only: s.schema_data.read_only,
            write_only: s.schema_data.write_only,
            password: matches!(
                &s.schema_kind,
                SchemaKind::Type(Type::String(t)) if t.format == VariantOrUnknownOrEmpty::Item(StringFormat::Password)
            ),
        },
        ReferenceOr::Reference { .. } => PropertyData {
            description: None,
            default: None,
            deprecated: false,
            read_only: false,
            write_only: false,
            password: false,
        },
    }
}

/// Whether emission can write `default` as a Rust expression of type `ty`.
fn expressible_default(default: &Value, ty: &Ty, space: &TypeSpace) -> bool {
    match (ty, default) {
        (Ty::String, Value::String(_)) | (Ty::Bool, Value::Bool(_)) => true,
        (Ty::I32, Value::Number(n)) => n.as_i64().is_some_and(|n| i32::try_from(n).is_ok()),
        (Ty::I64, Value::Number(n)) => n.is_i64(),
        (Ty::U32, Value::Number(n)) => n.as_u64().is_some_and(|n| u32::try_from(n).is_ok()),
        (Ty::U64, Value::Number(n)) => n.is_u64(),
        (Ty::F64, Value::Number(_)) => true,
        (Ty::Named(id), Value::String(s)) => match &space[*id].kind {
            TypeKind::Enum(e) => e.variants.iter().any(|v| &v.value == s),
            TypeKind::Alias(inner) => expressible_default(default, inner, space),
            _ => false,
        },
        _ => false,
    }
}

/// Inline schemas that become a named type of their own.
fn needs_own_type(schema: &Schema) -> bool {
    if string_enum_values(schema).is_some() || int_enum_values(schema).is_some() {
        return true;
    }
    match &schema.schema_kind {
        SchemaKind::Type(Type::Object(o)) => !o.properties.is_empty(),
        SchemaKind::Any(a) => !a.properties.is_empty(),
        SchemaKind::OneOf { one_of: v } | SchemaKind::AnyOf { any_of: v } => !v.is_empty(),
        SchemaKind::AllOf { all_of } => all_of.len() > 1,
        _ => false,
    }
}

pub(super) fn int_enum_values(schema: &Schema) -> Option<Vec<i64>> {
    match &schema.schema_kind {
        SchemaKind::Type(Type::Integer(i)) if !i.enumeration.is_empty() => {
            let mut values: Vec<i64> = i.enumeration.iter().flatten().copied().collect();
            values.dedup();
            (!values.is_empty()).then_some(values)
        }
        _ => None,
    }
}

fn int_enum(values: Vec<i64>) -> Vec<(String, i64)> {
    let mut names = Namespace::default();
    values
        .into_iter()
        .map(|v| {
            let base = if v < 0 { format!("MINUS_{}", v.unsigned_abs()) } else { format!("VALUE_{v}") };
            (names.claim(&base), v)
        })
        .collect()
}

pub(super) fn string_enum_values(schema: &Schema) -> Option<Vec<String>> {
    match &schema.schema_kind {
        SchemaKind::Type(Type::String(s)) if !s.enumeration.is_empty() => {
            let values: Vec<String> = s.enumeration.iter().flatten().cloned().collect();
            (!values.is_empty()).then_some(values)
        }
        _ => None,
    }
}

fn string_enum(values: Vec<String>) -> StringEnum {
    let mut names = Namespace::default();
    let mut seen = HashSet::new();
    let variants = values
        .into_iter()
        .filter(|v| seen.insert(v.clone()))
        .map(|value| EnumVariant { name: names.claim(&naming::type_ident(&value, "Empty", "Value")), value })
        .collect();
    StringEnum { variants, other: names.claim("Other") }
}

/// Whether a JSON pointer into the document can name a schema: under a place that holds
/// schemas (`components/schemas`, a `schema`, `items`, `properties`...).
pub(super) fn schema_position(fragment: &str) -> bool {
    let segments: Vec<&str> = fragment.split('/').skip(1).collect();
    segments.iter().enumerate().any(|(i, s)| {
        matches!(*s, "schema" | "items" | "additionalProperties" | "not" | "allOf" | "oneOf" | "anyOf" | "properties")
            || (matches!(*s, "schemas" | "$defs" | "definitions") && i + 1 < segments.len())
    })
}

/// The Rust integer for a `format` (`int8`/`int16` and `uint8`/`uint16` widen).
fn integer_ty(format: Option<&str>) -> Ty {
    match format {
        Some("int32" | "int16" | "int8") => Ty::I32,
        Some("uint32" | "uint16" | "uint8") => Ty::U32,
        Some("uint64" | "uint") => Ty::U64,
        _ => Ty::I64,
    }
}

fn string_ty(format: &VariantOrUnknownOrEmpty<StringFormat>) -> Ty {
    match format {
        VariantOrUnknownOrEmpty::Item(StringFormat::DateTime) => Ty::DateTime,
        VariantOrUnknownOrEmpty::Item(StringFormat::Date) => Ty::Date,
        VariantOrUnknownOrEmpty::Item(StringFormat::Byte) => Ty::Base64,
        VariantOrUnknownOrEmpty::Item(StringFormat::Binary) => Ty::Binary,
        VariantOrUnknownOrEmpty::Unknown(f) if f == "uuid" => Ty::Uuid,
        _ => Ty::String,
    }
}
