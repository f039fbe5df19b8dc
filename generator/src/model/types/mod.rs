//! The type space: Rust type definitions for the schemas of a document.
//!
//! This module is the intermediate representation the emitters read: [`TypeSpace`] holds a
//! [`TypeDef`] per named type, addressed by [`TypeId`]; [`Ty`] is a type as a field, variant,
//! parameter or body uses it. How it is built lives in the submodules: `convert` turns
//! schemas into types (the [`TypeBuilder`]), `all_of` merges `allOf` members into one
//! struct, `unions` types `oneOf`/`anyOf`, `canonical` puts the shapes `openapiv3` leaves
//! ambiguous into one form, and `cycles` boxes what would otherwise be infinitely large.

mod all_of;
mod canonical;
mod convert;
mod cycles;
#[cfg(test)]
mod tests;
mod unions;

pub use convert::{Finished, TypeBuilder};

use serde_json::Value;
use std::ops::{Index, IndexMut};

/// A named type of a [`TypeSpace`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TypeId(usize);

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
    /// A nullable schema where no [`Presence`] says so: an item, a map value, a union variant,
    /// a parameter or a body.
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

    /// The type this one wraps (in a `Vec`, map, `Option` or `Box`). The one place that knows
    /// which types hold another: every walk over a type goes through it.
    pub fn inner(&self) -> Option<&Ty> {
        match self {
            Ty::Vec(t) | Ty::Map(t) | Ty::Option(t) | Ty::Boxed(t) => Some(t),
            _ => None,
        }
    }

    /// This type, then each type inside it, outermost first.
    pub fn walk(&self) -> impl Iterator<Item = &Ty> {
        std::iter::successors(Some(self), |t| t.inner())
    }

    /// Whether this type, or anything inside it, satisfies `f`.
    pub fn any(&self, f: &impl Fn(&Ty) -> bool) -> bool {
        self.walk().any(f)
    }

    /// Every named type this type mentions.
    pub fn named(&self) -> impl Iterator<Item = TypeId> + '_ {
        self.walk().filter_map(|t| match t {
            Ty::Named(id) => Some(*id),
            _ => None,
        })
    }

    /// The named type held without indirection (a `Vec`, map or `Box` already allocates; an
    /// `Option` holds its value in place).
    pub fn direct_named(&self) -> Option<TypeId> {
        match self.walk().find(|t| !t.is_option()) {
            Some(Ty::Named(id)) => Some(*id),
            _ => None,
        }
    }

    /// The type of the value under any `Option` and `Box`.
    pub fn unwrapped(&self) -> &Ty {
        self.walk().find(|t| !matches!(t, Ty::Option(_) | Ty::Boxed(_))).unwrap_or(self)
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

impl TypeKind {
    /// The types a value of this kind holds in itself: struct members (a field's value type,
    /// which an `Option` would hold in place too), union variants, the aliased type. Members
    /// beyond the declared ones live in a map, so they are not among them.
    pub fn held_tys(&self) -> impl Iterator<Item = &Ty> {
        let (members, variants, alias) = match self {
            TypeKind::Struct(s) => (Some(&s.members), None, None),
            TypeKind::Union(u) => (None, Some(&u.variants), None),
            TypeKind::Alias(t) => (None, None, Some(t)),
            TypeKind::Enum(_) | TypeKind::IntEnum(_) => (None, None, None),
        };
        let members = members.into_iter().flatten().map(Member::ty);
        let variants = variants.into_iter().flatten().map(|v| &v.ty);
        members.chain(variants).chain(alias)
    }

    /// Every type this kind mentions: [`TypeKind::held_tys`] and the value type of the members
    /// beyond the declared ones.
    pub fn all_tys(&self) -> impl Iterator<Item = &Ty> {
        let additional = match self {
            TypeKind::Struct(s) => s.additional.as_ref().map(|(_, t)| t),
            _ => None,
        };
        self.held_tys().chain(additional)
    }
}

#[derive(Clone, Debug, Default)]
pub struct Struct {
    /// The Rust fields, in order: declared properties, then flattened `allOf` parts.
    pub members: Vec<Member>,
    /// Members beyond the declared properties (`additionalProperties`, or any member when the
    /// schema does not forbid them): field name and value type.
    pub additional: Option<(String, Ty)>,
}

impl Struct {
    /// The declared properties.
    pub fn fields(&self) -> impl Iterator<Item = &Field> {
        self.members.iter().filter_map(|m| match m {
            Member::Field(f) => Some(f),
            Member::Flattened(_) => None,
        })
    }

    /// The `allOf` parts flattened in.
    pub fn flattened(&self) -> impl Iterator<Item = &FlattenedPart> {
        self.members.iter().filter_map(|m| match m {
            Member::Flattened(p) => Some(p),
            Member::Field(_) => None,
        })
    }

    pub fn has_flattened_parts(&self) -> bool {
        self.flattened().next().is_some()
    }

    pub fn has_secrets(&self) -> bool {
        self.fields().any(|f| f.secret)
    }
}

/// A Rust field of a struct.
#[derive(Clone, Debug)]
pub enum Member {
    /// A declared property, one member on the wire.
    Field(Field),
    /// An `allOf` member that is no object: a field of its own type whose members are
    /// flattened into the struct's, with no wire name of its own.
    Flattened(FlattenedPart),
}

impl Member {
    pub fn name(&self) -> &str {
        match self {
            Member::Field(f) => &f.name,
            Member::Flattened(p) => &p.name,
        }
    }

    /// A field's value type, or a part's type.
    pub fn ty(&self) -> &Ty {
        match self {
            Member::Field(f) => &f.ty,
            Member::Flattened(p) => &p.ty,
        }
    }

    pub fn ty_mut(&mut self) -> &mut Ty {
        match self {
            Member::Field(f) => &mut f.ty,
            Member::Flattened(p) => &mut p.ty,
        }
    }
}

#[derive(Clone, Debug)]
pub struct Field {
    /// The property's schema, for messages.
    pub at: String,
    pub name: String,
    pub wire: String,
    /// The value's type; [`Field::rust_ty`] is the field's.
    pub ty: Ty,
    pub presence: Presence,
    pub doc: Option<String>,
    pub deprecated: bool,
    pub read_only: bool,
    pub write_only: bool,
    /// A string the API treats as a secret (`format: password`, or named like a password,
    /// client secret, private or API key, or token): its value never shows in `Debug`.
    pub secret: bool,
}

impl Field {
    /// The field's Rust type: the value type, in an `Option` where the member may be missing.
    pub fn rust_ty(&self) -> Ty {
        if self.presence.is_option() { Ty::Option(Box::new(self.ty.clone())) } else { self.ty.clone() }
    }
}

/// Whether a member is always there, and what its absence or `null` means.
#[derive(Clone, Debug, PartialEq)]
pub enum Presence {
    /// Required and not nullable: the value itself.
    Required,
    /// May be absent (or `null`): an `Option`, left out when `None`.
    Optional,
    /// Required but nullable: an `Option`, written as `null` when `None`, since the server
    /// expects to see the member.
    Nullable,
    /// May be absent, meaning this value: the value itself, filled in when missing. Only
    /// defaults the generated code can write as a Rust value of the field's type.
    Defaulted(Value),
}

impl Presence {
    /// Whether the field is an `Option` of its value type.
    pub fn is_option(&self) -> bool {
        matches!(self, Presence::Optional | Presence::Nullable)
    }
}

/// An `allOf` member kept whole as a field of its own type.
#[derive(Clone, Debug)]
pub struct FlattenedPart {
    /// The member's schema, for messages.
    pub at: String,
    pub name: String,
    pub ty: Ty,
}

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
    /// An untagged union's catch-all variant, which keeps as JSON a value no variant decodes:
    /// unions with an object variant get one (an object the server sends with a member no
    /// variant declares must not be refused, nor lose the member).
    pub other: Option<String>,
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

/// Every named type of an API, each with its [`TypeId`].
#[derive(Debug, Default)]
pub struct TypeSpace {
    defs: Vec<TypeDef>,
}

impl TypeSpace {
    pub fn get(&self, id: TypeId) -> &TypeDef {
        &self.defs[id.0]
    }

    pub fn len(&self) -> usize {
        self.defs.len()
    }

    pub fn is_empty(&self) -> bool {
        self.defs.is_empty()
    }

    /// Every type with its id, in the order they were created (components first).
    pub fn iter(&self) -> impl Iterator<Item = (TypeId, &TypeDef)> {
        self.defs.iter().enumerate().map(|(i, def)| (TypeId(i), def))
    }

    pub fn defs(&self) -> impl Iterator<Item = &TypeDef> {
        self.defs.iter()
    }

    pub fn ids(&self) -> impl Iterator<Item = TypeId> + use<> {
        (0..self.defs.len()).map(TypeId)
    }

    fn push(&mut self, def: TypeDef) -> TypeId {
        self.defs.push(def);
        TypeId(self.defs.len() - 1)
    }

    /// A type as messages name it.
    fn shown(&self, ty: &Ty) -> String {
        match ty.unwrapped() {
            Ty::I32 => "i32".into(),
            Ty::I64 => "i64".into(),
            Ty::U32 => "u32".into(),
            Ty::U64 => "u64".into(),
            Ty::F64 => "f64".into(),
            Ty::Bool => "bool".into(),
            Ty::String => "String".into(),
            Ty::Named(id) => self[*id].name.clone(),
            other => format!("{other:?}"),
        }
    }
}

impl Index<TypeId> for TypeSpace {
    type Output = TypeDef;

    fn index(&self, id: TypeId) -> &TypeDef {
        &self.defs[id.0]
    }
}

impl IndexMut<TypeId> for TypeSpace {
    fn index_mut(&mut self, id: TypeId) -> &mut TypeDef {
        &mut self.defs[id.0]
    }
}

/// A value per type of a [`TypeSpace`].
#[derive(Clone, Debug, PartialEq)]
pub struct PerType<T>(Vec<T>);

impl<T: Clone> PerType<T> {
    /// `value` for every type of `space`.
    pub fn new(space: &TypeSpace, value: T) -> Self {
        PerType(vec![value; space.len()])
    }
}

impl<T> Index<TypeId> for PerType<T> {
    type Output = T;

    fn index(&self, id: TypeId) -> &T {
        &self.0[id.0]
    }
}

impl<T> IndexMut<TypeId> for PerType<T> {
    fn index_mut(&mut self, id: TypeId) -> &mut T {
        &mut self.0[id.0]
    }
}
