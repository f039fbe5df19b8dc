//! The type space: JSON schemas to Rust type definitions.
//!
//! Component schemas are declared first so that they own their names; inline schemas that
//! need a type of their own (objects with properties, enums, unions) are named after where
//! they appear (`ValidationError` + `loc` + item = `ValidationErrorLocItem`).

use crate::error::{Error, Pointer, Result};
use crate::load::Document;
use crate::naming::{self, Namespace};
use crate::warning::{Warning, WarningKind};
use indexmap::IndexMap;
use openapiv3::{
    AdditionalProperties, IntegerFormat, ReferenceOr, Schema, SchemaKind, StringFormat, Type, VariantOrUnknownOrEmpty,
};
use serde_json::Value;
use std::collections::HashMap;

pub type TypeId = usize;

/// A Rust type as used in a field, parameter or body.
#[derive(Clone, Debug, PartialEq)]
pub enum Ty {
    String,
    Bool,
    I32,
    I64,
    /// `format: uint32` (and `uint8`, `uint16`).
    U32,
    /// `format: uint64`: values past `i64::MAX` are common (hashes, snowflake ids).
    U64,
    /// Every `number`, `format: float` too: an `f32` would round what the server sent.
    F64,
    DateTime,
    Date,
    Uuid,
    /// `format: byte`: base64 on the wire, bytes in Rust.
    Base64,
    /// `format: binary`: raw bytes as a body; a plain string inside JSON.
    Binary,
    /// Any JSON value: the schema allows anything.
    Json,
    /// An object with arbitrary members.
    JsonMap,
    Vec(Box<Ty>),
    Map(Box<Ty>),
    Option(Box<Ty>),
    /// Indirection for recursive types, inserted by the model, never by a schema.
    Boxed(Box<Ty>),
    Named(TypeId),
}

impl Ty {
    pub fn optional(self) -> Ty {
        match self {
            Ty::Option(_) => self,
            other => Ty::Option(Box::new(other)),
        }
    }

    pub fn is_option(&self) -> bool {
        matches!(self, Ty::Option(_))
    }

    /// Calls `f` with every named type this type mentions.
    pub fn visit_named(&self, f: &mut impl FnMut(TypeId)) {
        match self {
            Ty::Named(id) => f(*id),
            Ty::Vec(t) | Ty::Map(t) | Ty::Option(t) | Ty::Boxed(t) => t.visit_named(f),
            _ => {}
        }
    }

    /// Named types reached without indirection (a `Vec` or map already allocates).
    fn direct_named(&self) -> Option<TypeId> {
        match self {
            Ty::Named(id) => Some(*id),
            Ty::Option(t) => t.direct_named(),
            _ => None,
        }
    }

    /// Whether this type, or anything inside it, uses `f`.
    pub fn any(&self, f: &impl Fn(&Ty) -> bool) -> bool {
        f(self)
            || match self {
                Ty::Vec(t) | Ty::Map(t) | Ty::Option(t) | Ty::Boxed(t) => t.any(f),
                _ => false,
            }
    }
}

#[derive(Clone, Debug)]
pub struct TypeDef {
    pub name: String,
    pub doc: Option<String>,
    pub deprecated: bool,
    /// Where the schema is, for messages and for readers of the generated code.
    pub origin: String,
    /// A nullable component: every use of it is an `Option` of this type.
    pub nullable: bool,
    /// An alias that names itself through containers (`T = Vec<T>`): a type alias cannot
    /// (E0391), so it is emitted as a transparent newtype, the same on the wire.
    pub newtype: bool,
    pub kind: TypeKind,
}

#[derive(Clone, Debug)]
pub enum TypeKind {
    Struct(Struct),
    Enum(StringEnum),
    /// An integer enum: a newtype over `i64` with a constant per documented value, so that
    /// other values still decode.
    IntEnum(Vec<(String, i64)>),
    Union(Union),
    Alias(Ty),
}

#[derive(Clone, Debug, Default)]
pub struct Struct {
    pub fields: Vec<Field>,
    /// Members beyond the declared properties (`additionalProperties`, or any member when the
    /// schema does not forbid them): field name and value type.
    pub additional: Option<(String, Ty)>,
}

#[derive(Clone, Debug)]
pub struct Field {
    /// The property's schema, for messages.
    pub at: String,
    pub name: String,
    pub wire: String,
    /// The full field type: `Option<...>` already applied where the field may be absent or null.
    pub ty: Ty,
    pub required: bool,
    pub nullable: bool,
    /// A default the generated code can express (the field is then not an `Option`).
    pub default: Option<Value>,
    pub doc: Option<String>,
    pub deprecated: bool,
    pub read_only: bool,
    pub write_only: bool,
    /// A string the API treats as a secret (`format: password`, or named like a password,
    /// client secret, private or API key, or token): its value never shows in `Debug`.
    pub secret: bool,
}

impl Struct {
    /// Whether some `allOf` members are flattened in as fields of their own.
    pub fn has_flattened_parts(&self) -> bool {
        self.fields.iter().any(Field::is_flattened)
    }

    pub fn has_secrets(&self) -> bool {
        self.fields.iter().any(|f| f.secret)
    }
}

impl Field {
    /// An `allOf` member kept as a field of its own type, its members flattened into this
    /// struct's; its wire name is a placeholder, never sent.
    pub fn is_flattened(&self) -> bool {
        self.wire.starts_with(FLATTENED)
    }
}

const FLATTENED: &str = "#flatten";

/// A string enum. Always open: values unknown at generation time land in `other`.
#[derive(Clone, Debug)]
pub struct StringEnum {
    pub variants: Vec<EnumVariant>,
    pub other: String,
}

#[derive(Clone, Debug)]
pub struct EnumVariant {
    pub name: String,
    pub value: String,
}

/// `oneOf` / `anyOf`: tried in order, or chosen by a discriminator.
#[derive(Clone, Debug)]
pub struct Union {
    pub variants: Vec<UnionVariant>,
    pub tagged: Option<Tagged>,
}

/// A discriminated union: `tags[i]` in `property` selects `variants[i]`; any other value (or
/// none) lands in the `other` variant as raw JSON, so new kinds do not break decoding.
#[derive(Clone, Debug)]
pub struct Tagged {
    pub property: String,
    pub tags: Vec<String>,
    pub other: String,
}

#[derive(Clone, Debug)]
pub struct UnionVariant {
    pub name: String,
    pub ty: Ty,
}

#[derive(Debug, Default)]
pub struct TypeSpace {
    pub defs: Vec<TypeDef>,
}

impl TypeSpace {
    pub fn get(&self, id: TypeId) -> &TypeDef {
        &self.defs[id]
    }
}

/// Deeper than this is a hostile or broken document, not a data model.
const MAX_DEPTH: usize = 64;

pub struct TypeBuilder<'d> {
    doc: &'d Document,
    space: TypeSpace,
    names: Namespace,
    /// `$ref` string to its Rust type; component refs are declared up front, deep pointers
    /// are added on first use.
    refs: HashMap<String, Ty>,
    depth: usize,
    /// The `allOf` members being merged into a struct, outermost first: a member that is
    /// already among them is a cycle.
    merging: Vec<String>,
    /// The `$ref`s into the middle of schemas being typed, outermost first.
    resolving: Vec<String>,
    /// What could be generated but is suspect, each with its place in the document.
    warnings: Vec<Warning>,
    /// Places where a typed schema became `serde_json::Value`.
    fallbacks: Vec<String>,
    /// The Rust type of every schema typed so far, by pointer (first typing wins).
    schema_types: IndexMap<String, Ty>,
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
            let nullable = matches!(schema, ReferenceOr::Item(s) if s.schema_data.nullable);
            let ty = if nullable { Ty::Named(id).optional() } else { Ty::Named(id) };
            self.space.defs[id].nullable = nullable;
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
        for (id, (name, schema)) in schemas.into_iter().enumerate() {
            let at = Pointer::root().join("components").join("schemas").join(name);
            let kind = match schema {
                ReferenceOr::Reference { reference } => self.resolve(reference, &at).map(TypeKind::Alias),
                ReferenceOr::Item(schema) => {
                    self.space.defs[id].doc = schema.schema_data.description.clone();
                    self.space.defs[id].deprecated = schema.schema_data.deprecated;
                    let name = self.space.defs[id].name.clone();
                    self.kind_of(schema, &name, &at)
                }
            };
            match kind {
                Ok(kind) => self.space.defs[id].kind = kind,
                Err(e) => errors.push(e),
            }
        }
        if let Err(e) = self.check_alias_cycles() {
            errors.push(e);
        }
        Error::collect(errors).map_or(Ok(()), Err)
    }

    /// Finishes the type space: boxes fields that would otherwise make a type infinitely large.
    pub fn finish(mut self) -> Finished {
        let n = self.space.defs.len();
        // Variants of unions that name a struct, union or alias are boxed so that one large
        // variant does not make every value of the union large.
        let boxable: Vec<bool> =
            self.space.defs.iter().map(|d| !matches!(d.kind, TypeKind::Enum(_) | TypeKind::IntEnum(_))).collect();
        for def in &mut self.space.defs {
            if let TypeKind::Union(u) = &mut def.kind {
                for v in &mut u.variants {
                    match &v.ty {
                        Ty::Named(id) if boxable[*id] => v.ty = Ty::Boxed(Box::new(v.ty.clone())),
                        // A nullable component as a variant: `Option<Box<T>>`.
                        Ty::Option(inner) if matches!(**inner, Ty::Named(id) if boxable[id]) => {
                            v.ty = Ty::Option(Box::new(Ty::Boxed(inner.clone())));
                        }
                        _ => {}
                    }
                }
            }
        }
        for id in 0..n {
            let TypeKind::Struct(s) = &self.space.defs[id].kind else {
                continue;
            };
            let unusable: Vec<usize> = s
                .fields
                .iter()
                .enumerate()
                .filter(|(_, f)| f.default.as_ref().is_some_and(|d| !expressible_default(d, &f.ty, &self.space)))
                .map(|(i, _)| i)
                .collect();
            for &i in &unusable {
                let f = &s.fields[i];
                // Object and array defaults have no Rust literal here, as documented; a scalar
                // that does not fit its type is the spec's mistake, worth a word.
                if let Some(d) = f.default.as_ref().filter(|d| !d.is_array() && !d.is_object()) {
                    let ty = shown(&self.space, &f.ty);
                    let numeric = matches!(
                        f.ty.clone().optional(),
                        Ty::Option(inner) if matches!(*inner, Ty::I32 | Ty::I64 | Ty::U32 | Ty::U64 | Ty::F64)
                    );
                    let why = if numeric && d.is_number() {
                        format!("default {d} does not fit the field's type {ty}")
                    } else {
                        format!("default {d} cannot be written as a value of the field's type {ty}")
                    };
                    self.warnings.push(Warning::new(
                        f.at.clone(),
                        WarningKind::Loosened,
                        format!("{why}; generated without a default"),
                    ));
                }
            }
            if let TypeKind::Struct(s) = &mut self.space.defs[id].kind {
                for i in unusable {
                    let f = &mut s.fields[i];
                    f.default = None;
                    if !f.required {
                        f.ty = f.ty.clone().optional();
                    }
                }
            }
        }
        for id in 0..n {
            self.space.defs[id].newtype = alias_names_itself(&self.space, id);
        }
        for id in 0..n {
            let boxed = |space: &TypeSpace, ty: &Ty| ty.direct_named().is_some_and(|target| reaches(space, target, id));
            let mut kind = self.space.defs[id].kind.clone();
            match &mut kind {
                TypeKind::Struct(s) => {
                    for f in &mut s.fields {
                        if boxed(&self.space, &f.ty) {
                            f.ty = box_inner(f.ty.clone());
                        }
                    }
                }
                TypeKind::Union(u) => {
                    for v in &mut u.variants {
                        if boxed(&self.space, &v.ty) {
                            v.ty = box_inner(v.ty.clone());
                        }
                    }
                }
                _ => {}
            }
            self.space.defs[id].kind = kind;
        }
        bound_nesting(&mut self.space);
        Finished {
            space: self.space,
            warnings: self.warnings,
            fallbacks: self.fallbacks,
            schema_types: self.schema_types,
        }
    }

    /// Creates a type definition with a fresh name derived from `hint`.
    fn new_type(&mut self, hint: &str, origin: &str) -> TypeId {
        let name = self.names.claim(&naming::type_ident(hint, "Type", "T"));
        self.space.defs.push(TypeDef {
            name,
            doc: None,
            deprecated: false,
            origin: origin.to_owned(),
            nullable: false,
            newtype: false,
            kind: TypeKind::Alias(Ty::Json),
        });
        self.space.defs.len() - 1
    }

    /// Records something that was generated but is suspect.
    pub fn warn(&mut self, at: &Pointer, kind: WarningKind, message: impl Into<String>) {
        self.warnings.push(Warning::new(at.as_str(), kind, message));
    }

    /// A type defined so far (components are all defined before operations are built).
    pub fn def(&self, id: TypeId) -> &TypeDef {
        &self.space.defs[id]
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

    fn resolve(&mut self, reference: &str, at: &Pointer) -> Result<Ty> {
        if let Some(ty) = self.refs.get(reference) {
            return Ok(ty.clone());
        }
        let err = |reference: &str, reason: &str| Error::Reference {
            pointer: at.to_string(),
            reference: reference.to_owned(),
            reason: reason.to_owned(),
        };
        // A pointer into the middle of a schema (`#/components/schemas/X/properties/y`),
        // maybe to another such `$ref`: the chain is followed in a loop up to a typed
        // reference (a component) or a schema, and each link gets the type, so a long chain
        // is neither deep recursion nor a depth limit, and a cycle is found by the links seen.
        let mut chain: Vec<String> = Vec::new();
        let mut on_chain = std::collections::HashSet::new();
        let mut current = reference.to_owned();
        let ty = loop {
            if let Some(ty) = self.refs.get(&current) {
                break ty.clone();
            }
            if !on_chain.insert(current.clone()) {
                return Err(err(reference, &format!("the references form a cycle through `{current}`")));
            }
            let Some(fragment) = current.strip_prefix('#') else {
                return Err(err(&current, "only references inside this document (`#/...`) are supported"));
            };
            let target = self.doc.raw.pointer(fragment).ok_or_else(|| err(&current, "nothing is there"))?;
            if !schema_position(fragment) {
                // `#` or `#/info` read as a schema would be one without constraints: any value.
                return Ok(self.fallback(at, &format!("`$ref: {current}` points at no schema")));
            }
            chain.push(current.clone());
            if let Some(next) = target.get("$ref").and_then(Value::as_str) {
                current = next.to_owned();
                continue;
            }
            let schema: ReferenceOr<Schema> = serde_json::from_value(target.clone())
                .map_err(|e| err(&current, &format!("the target is not a schema: {e}")))?;
            let hint = fragment.rsplit('/').find(|s| !matches!(*s, "properties" | "items" | "")).unwrap_or("Ref");
            // A pointer into a schema gets its type on first use: one that leads back to itself
            // before that type exists is recursion the generator cannot name.
            if self.resolving.contains(&current) {
                return Err(err(
                    &current,
                    "it leads back to itself through pointers into schemas; recursion must go through a component schema (`#/components/schemas/...`)",
                ));
            }
            self.resolving.push(current.clone());
            let ty = self.nested(at, |b| b.ty(&schema, hint, at));
            self.resolving.pop();
            break ty?;
        };
        for link in chain {
            self.refs.insert(link, ty.clone());
        }
        Ok(ty)
    }

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
        Ok(if schema.schema_data.nullable { ty.optional() } else { ty })
    }

    fn schema_ty_inner(&mut self, schema: &Schema, hint: &str, at: &Pointer) -> Result<Ty> {
        if let Some((i, single)) = single_all_of(schema) {
            let ty = self.ty(single, hint, &at.join("allOf").join(i.to_string()))?;
            return Ok(if all_of_nullable(schema) { ty.optional() } else { ty });
        }
        if needs_own_type(schema) {
            let id = self.new_type(hint, at.as_str());
            self.space.defs[id].doc = schema.schema_data.description.clone();
            let kind = self.kind_of(schema, &self.space.defs[id].name.clone(), at)?;
            self.space.defs[id].kind = kind;
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
        self.fallbacks.push(at.to_string());
        self.warn(at, WarningKind::Untyped, format!("{why}; generated as serde_json::Value"));
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
    fn kind_of(&mut self, schema: &Schema, name: &str, at: &Pointer) -> Result<TypeKind> {
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
        let mut collected = ObjectParts::default();
        self.merging.push(at.to_string());
        let merged = self.collect_object(schema, at, &mut collected, 0);
        self.merging.pop();
        if merged? {
            return self.structure(collected, name, at);
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

    fn union(
        &mut self,
        branches: &[ReferenceOr<Schema>],
        discriminator: Option<&openapiv3::Discriminator>,
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
            }));
        }
        // serde tries untagged variants in order: integers before floats, anything-goes last.
        variants.sort_by_key(|v| match v.ty {
            Ty::I32 | Ty::I64 | Ty::U32 | Ty::U64 => 0,
            Ty::Json | Ty::JsonMap => 2,
            _ => 1,
        });
        Ok(TypeKind::Union(Union { variants, tagged: None }))
    }

    /// Warns of mapping entries that select nothing: a target that does not exist, is no
    /// schema, or is none of the union's branches (its tag then lands in the catch-all).
    fn check_mapping(&mut self, branches: &[ReferenceOr<Schema>], d: &openapiv3::Discriminator, schema_at: &Pointer) {
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
    fn integer_discriminator(&self, branches: &[ReferenceOr<Schema>], d: &openapiv3::Discriminator) -> bool {
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
    fn tag_of(&self, branch: &ReferenceOr<Schema>, d: &openapiv3::Discriminator) -> Option<String> {
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

    fn variant_name(&self, ty: &Ty) -> String {
        match ty {
            Ty::Named(id) => self.space.defs[*id].name.clone(),
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

    /// Gathers the properties of an object schema, following `allOf` members (inline or
    /// `$ref`) so that a composition becomes one flat struct. Returns false when the schema is
    /// not object-like.
    fn collect_object(&mut self, schema: &Schema, at: &Pointer, out: &mut ObjectParts, depth: usize) -> Result<bool> {
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
    fn component_schema(&self, reference: &str, at: &Pointer) -> Result<Option<(Schema, Pointer)>> {
        let err =
            |reason: String| Error::Reference { pointer: at.to_string(), reference: reference.to_owned(), reason };
        let (end, target) = match self.doc.resolve_ref(reference) {
            Ok(found) => found,
            Err(crate::resolve::RefError::External { .. }) => return Ok(None),
            Err(e) => return Err(err(e.to_string())),
        };
        let schema: Schema =
            serde_json::from_value(target.clone()).map_err(|e| err(format!("the target is not a schema: {e}")))?;
        Ok(Some((schema, Pointer(end))))
    }

    fn structure(&mut self, parts: ObjectParts, name: &str, _at: &Pointer) -> Result<TypeKind> {
        let mut fields = Vec::with_capacity(parts.properties.len());
        let mut field_names = Namespace::default();
        for (wire, (prop, prop_at)) in &parts.properties {
            let required = parts.required.get(wire).copied().unwrap_or(false);
            let data = property_data(prop);
            let hint = format!("{name}{}", naming::type_ident(wire, "Field", "F"));
            let ty = self.ty_boxed(prop, &hint, prop_at)?;
            let nullable = ty.is_option();
            // Whether the default can be written in Rust is settled in `finish`, once every type
            // it may name (an enum defined later in the document) exists.
            let default = data.default.filter(|d| !d.is_null() && !nullable);
            let ty = if required || default.is_some() { ty } else { ty.optional() };
            let name = naming::escape_keyword(&field_names.claim(&naming::snake(wire, "field")));
            let string = matches!(&ty, Ty::String) || matches!(&ty, Ty::Option(inner) if **inner == Ty::String);
            let secret = string && (data.password || naming::names_a_secret(wire));
            fields.push(Field {
                at: prop_at.to_string(),
                name,
                wire: wire.clone(),
                ty,
                required,
                nullable,
                default,
                doc: data.description,
                deprecated: data.deprecated,
                read_only: data.read_only,
                write_only: data.write_only,
                secret,
            });
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
            let wire = format!("{FLATTENED}{}", fields.len());
            let field_name = field_names.claim(&naming::snake(&self.variant_name(&ty), "part"));
            fields.push(Field {
                at: member_at.to_string(),
                name: naming::escape_keyword(&field_name),
                wire,
                ty,
                required: true,
                nullable: false,
                default: None,
                doc: None,
                deprecated: false,
                read_only: false,
                write_only: false,
                secret: false,
            });
        }
        Ok(TypeKind::Struct(Struct { fields, additional }))
    }

    fn check_alias_cycles(&self) -> Result<()> {
        // Each type is walked once: a chain that reaches a type already known to end in a
        // non-alias stops there (linear in the number of types, however long the chains).
        #[derive(Clone, Copy, PartialEq)]
        enum Seen {
            No,
            OnChain,
            Ends,
        }
        let mut seen = vec![Seen::No; self.space.defs.len()];
        for start in 0..self.space.defs.len() {
            let mut chain = Vec::new();
            let mut current = start;
            while seen[current] == Seen::No {
                seen[current] = Seen::OnChain;
                chain.push(current);
                let TypeKind::Alias(ty) = &self.space.defs[current].kind else { break };
                let Some(next) = ty.direct_named() else { break };
                if seen[next] == Seen::OnChain {
                    return Err(Error::invalid(
                        self.space.defs[start].origin.clone(),
                        format!(
                            "this schema is only a reference to itself through other references (a $ref cycle with no object in between, closed by `{}`)",
                            self.space.defs[next].origin
                        ),
                    ));
                }
                current = next;
            }
            for id in chain {
                seen[id] = Seen::Ends;
            }
        }
        Ok(())
    }
}

#[derive(Default)]
struct ObjectParts {
    properties: IndexMap<String, (ReferenceOr<Box<Schema>>, Pointer)>,
    required: IndexMap<String, bool>,
    additional: Option<(AdditionalProperties, Pointer)>,
    /// `allOf` members that are not objects: kept whole with `#[serde(flatten)]`.
    flattened: Vec<(ReferenceOr<Schema>, Pointer)>,
}

struct PropertyData {
    description: Option<String>,
    default: Option<Value>,
    deprecated: bool,
    read_only: bool,
    write_only: bool,
    /// `format: password`.
    password: bool,
}

/// The annotations of a property; a bare `$ref` property borrows its target's description.
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
        (Ty::Named(id), Value::String(s)) => match &space.defs[*id].kind {
            TypeKind::Enum(e) => e.variants.iter().any(|v| &v.value == s),
            TypeKind::Alias(inner) => expressible_default(default, inner, space),
            _ => false,
        },
        _ => false,
    }
}

/// `openapiv3` files a composition that has any sibling keyword (`type: object` next to
/// `oneOf`, `format` next to `anyOf`) under `SchemaKind::Any`. This puts it back: a
/// composition alone, or, with properties beside it, an `allOf` of the properties and the
/// composition.
fn constraints_only(any: &openapiv3::AnySchema) -> bool {
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

fn canonical(schema: &Schema) -> std::borrow::Cow<'_, Schema> {
    use std::borrow::Cow;
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
            return with_kind(SchemaKind::Type(Type::Array(openapiv3::ArrayType {
                items: Some(items.clone()),
                min_items: any.min_items,
                max_items: any.max_items,
                unique_items: any.unique_items.unwrap_or(false),
            })));
        }
        if !any.enumeration.is_empty() && any.enumeration.iter().all(|v| v.is_string() || v.is_null()) {
            return with_kind(SchemaKind::Type(Type::String(openapiv3::StringType {
                enumeration: any.enumeration.iter().map(|v| v.as_str().map(str::to_owned)).collect(),
                ..Default::default()
            })));
        }
        if !any.enumeration.is_empty() && any.enumeration.iter().all(|v| v.is_i64() || v.is_null()) {
            return with_kind(SchemaKind::Type(Type::Integer(openapiv3::IntegerType {
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
                let schema_data = openapiv3::SchemaData { title: Some(title.to_owned()), ..Default::default() };
                ReferenceOr::Item(Schema { schema_data, schema_kind })
            };
            return with_kind(SchemaKind::AnyOf {
                any_of: vec![
                    item(
                        "Number",
                        SchemaKind::Type(Type::Integer(openapiv3::IntegerType {
                            enumeration: integers,
                            ..Default::default()
                        })),
                    ),
                    item(
                        "Text",
                        SchemaKind::Type(Type::String(openapiv3::StringType {
                            enumeration: strings,
                            ..Default::default()
                        })),
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
            schema_kind: SchemaKind::Type(Type::Object(openapiv3::ObjectType {
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

/// `allOf: [X]` with nothing else that shapes the type (FastAPI's way of describing a `$ref`),
/// or `allOf: [X, {default: ...}, {readOnly: true}]` whose other members only annotate: the
/// one member that does shape the type, and its index.
fn single_all_of(schema: &Schema) -> Option<(usize, &ReferenceOr<Schema>)> {
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
fn annotation_only(member: &ReferenceOr<Schema>) -> bool {
    matches!(member, ReferenceOr::Item(Schema { schema_kind: SchemaKind::Any(any), .. }) if *any == openapiv3::AnySchema::default())
}

/// Whether an annotation member of an `allOf` says `nullable: true`.
fn all_of_nullable(schema: &Schema) -> bool {
    let SchemaKind::AllOf { all_of } = &schema.schema_kind else { return false };
    all_of.iter().any(|m| matches!(m, ReferenceOr::Item(s) if s.schema_data.nullable && annotation_only(m)))
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

fn int_enum_values(schema: &Schema) -> Option<Vec<i64>> {
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

fn string_enum_values(schema: &Schema) -> Option<Vec<String>> {
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
    let mut seen = std::collections::HashSet::new();
    let variants = values
        .into_iter()
        .filter(|v| seen.insert(v.clone()))
        .map(|value| EnumVariant { name: names.claim(&naming::type_ident(&value, "Empty", "Value")), value })
        .collect();
    StringEnum { variants, other: names.claim("Other") }
}

/// Whether a JSON pointer into the document can name a schema: under a place that holds
/// schemas (`components/schemas`, a `schema`, `items`, `properties`...).
fn schema_position(fragment: &str) -> bool {
    let segments: Vec<&str> = fragment.split('/').skip(1).collect();
    segments.iter().enumerate().any(|(i, s)| {
        matches!(*s, "schema" | "items" | "additionalProperties" | "not" | "allOf" | "oneOf" | "anyOf" | "properties")
            || (matches!(*s, "schemas" | "$defs" | "definitions") && i + 1 < segments.len())
    })
}

/// A type as messages name it.
fn shown(space: &TypeSpace, ty: &Ty) -> String {
    match ty {
        Ty::I32 => "i32".into(),
        Ty::I64 => "i64".into(),
        Ty::U32 => "u32".into(),
        Ty::U64 => "u64".into(),
        Ty::F64 => "f64".into(),
        Ty::Bool => "bool".into(),
        Ty::String => "String".into(),
        Ty::Named(id) => space.defs[*id].name.clone(),
        Ty::Option(inner) | Ty::Boxed(inner) => shown(space, inner),
        other => format!("{other:?}"),
    }
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

/// Wraps the named type inside an optional in a `Box`.
fn box_inner(ty: Ty) -> Ty {
    match ty {
        Ty::Option(inner) => Ty::Option(Box::new(box_inner(*inner))),
        other => Ty::Boxed(Box::new(other)),
    }
}

/// How deep types may nest by value. rustc computes a type's layout (and its drop glue)
/// through every member held by value, one query level per type: a chain of a few hundred
/// schemas, each a required member of the previous, overflows its query depth ("queries
/// overflow the depth limit"). Far below that (the limit is 128), and above any hand-written
/// model.
const MAX_INLINE_DEPTH: usize = 24;

/// How large a type may grow by value before members are boxed: schemas holding the same
/// struct twice, level after level, double in size at each level.
const MAX_INLINE_SIZE: usize = 64 * 1024;

/// Boxes struct members and union variants where holding them by value would nest deeper than
/// [`MAX_INLINE_DEPTH`] or grow a type beyond [`MAX_INLINE_SIZE`], so that any schema graph
/// compiles (recursion was broken by `finish` already; this bounds what is left).
fn bound_nesting(space: &mut TypeSpace) {
    let mut memo = vec![None; space.defs.len()];
    for id in 0..space.defs.len() {
        measure(space, id, &mut memo);
    }
}

/// A type's by-value nesting depth and approximate size in bytes, boxing members as needed.
fn measure(space: &mut TypeSpace, id: TypeId, memo: &mut Vec<Option<(usize, usize)>>) -> (usize, usize) {
    if let Some(known) = memo[id] {
        return known;
    }
    // Recursion is boxed already; should a cycle remain, it is not followed twice.
    memo[id] = Some((1, 8));
    let mut kind = space.defs[id].kind.clone();
    let member = |space: &mut TypeSpace, ty: &mut Ty, memo: &mut Vec<Option<(usize, usize)>>| {
        let (depth, size) = measure_ty(space, ty, memo);
        if depth >= MAX_INLINE_DEPTH || size > MAX_INLINE_SIZE {
            *ty = box_inner(ty.clone());
            return measure_ty(space, ty, memo);
        }
        (depth, size)
    };
    let result = match &mut kind {
        TypeKind::Struct(s) => {
            let (mut depth, mut size) = (0, if s.additional.is_some() { 24 } else { 0 });
            for f in &mut s.fields {
                let (d, sz) = member(space, &mut f.ty, memo);
                depth = depth.max(d);
                size += sz;
            }
            (depth + 1, size.max(1))
        }
        TypeKind::Union(u) => {
            let (mut depth, mut size) = (0, 0);
            for v in &mut u.variants {
                let (d, sz) = member(space, &mut v.ty, memo);
                depth = depth.max(d);
                size = size.max(sz);
            }
            (depth + 1, size + 8)
        }
        // A type alias is no type of its own: it is as deep as what it names.
        TypeKind::Alias(ty) if !space.defs[id].newtype => measure_ty(space, ty, memo),
        TypeKind::Alias(ty) => {
            let (depth, size) = measure_ty(space, ty, memo);
            (depth + 1, size)
        }
        TypeKind::Enum(_) => (1, 32),
        TypeKind::IntEnum(_) => (1, 8),
    };
    space.defs[id].kind = kind;
    memo[id] = Some(result);
    result
}

fn measure_ty(space: &mut TypeSpace, ty: &Ty, memo: &mut Vec<Option<(usize, usize)>>) -> (usize, usize) {
    match ty {
        Ty::Named(id) => measure(space, *id, memo),
        Ty::Option(inner) => {
            let (depth, size) = measure_ty(space, inner, memo);
            (depth + 1, size + 8)
        }
        Ty::Boxed(_) => (0, 8),
        Ty::Bool => (0, 1),
        Ty::I32 | Ty::U32 => (0, 4),
        Ty::I64 | Ty::U64 | Ty::F64 => (0, 8),
        Ty::Date => (0, 4),
        Ty::DateTime | Ty::Uuid => (0, 16),
        Ty::Json | Ty::JsonMap => (0, 32),
        Ty::String | Ty::Base64 | Ty::Binary | Ty::Vec(_) | Ty::Map(_) => (0, 24),
    }
}

/// Whether alias `id` mentions itself through aliases only (inside `Vec`, maps, options...):
/// with no struct, enum or union in between, no Rust type alias can express it.
fn alias_names_itself(space: &TypeSpace, id: TypeId) -> bool {
    let TypeKind::Alias(start) = &space.defs[id].kind else { return false };
    let mut stack = Vec::new();
    start.visit_named(&mut |next| stack.push(next));
    let mut seen = vec![false; space.defs.len()];
    while let Some(next) = stack.pop() {
        if next == id {
            return true;
        }
        if std::mem::replace(&mut seen[next], true) {
            continue;
        }
        if let TypeKind::Alias(ty) = &space.defs[next].kind {
            ty.visit_named(&mut |n| stack.push(n));
        }
    }
    false
}

/// Whether `from` contains `to` by value (through fields, variants and aliases).
fn reaches(space: &TypeSpace, from: TypeId, to: TypeId) -> bool {
    let mut stack = vec![from];
    let mut seen = vec![false; space.defs.len()];
    while let Some(id) = stack.pop() {
        if id == to {
            return true;
        }
        if std::mem::replace(&mut seen[id], true) {
            continue;
        }
        let mut push = |ty: &Ty| {
            if let Some(next) = ty.direct_named() {
                stack.push(next);
            }
        };
        match &space.defs[id].kind {
            TypeKind::Struct(s) => s.fields.iter().for_each(|f| push(&f.ty)),
            TypeKind::Union(u) => u.variants.iter().for_each(|v| push(&v.ty)),
            TypeKind::Alias(ty) => push(ty),
            TypeKind::Enum(_) | TypeKind::IntEnum(_) => {}
        }
    }
    false
}
