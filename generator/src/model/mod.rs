//! Stage 2, model: the intermediate representation in which every Rust name is final.
//!
//! [`types`] turns schemas into a [`TypeSpace`] of Rust type definitions; [`operations`] turns
//! paths into API groups whose operations refer to that type space. Emission reads this and
//! nothing else, so naming decisions cannot drift between files.

pub mod operations;
pub mod types;

pub use operations::{
    ApiGroup, HttpMethod, Operation, Outcome, Param, ParamLocation, Poll, QueryStyle, RequestBody, RequestBodyKind,
    Response, ResponseBodyKind, Returns, SchemeId, SchemeKind, SecurityScheme, Server, StatusMatch, Style, is_json,
};
pub use types::{
    EnumVariant, Field, FlattenedPart, Member, PerType, Presence, StringEnum, Struct, Tagged, Ty, TypeDef, TypeId,
    TypeKind, TypeSpace, Union, UnionVariant,
};

use crate::error::Result;
use crate::load::Document;
use crate::warning::{Warning, WarningKind};
use indexmap::IndexMap;

/// The whole API, ready to emit.
#[derive(Debug)]
pub struct Api {
    pub title: String,
    pub version: String,
    pub description: Option<String>,
    pub servers: Vec<Server>,
    pub schemes: Vec<SecurityScheme>,
    pub types: TypeSpace,
    pub groups: Vec<ApiGroup>,
    /// Suspect places that were generated anyway.
    pub warnings: Vec<Warning>,
    /// Pointers of schemas that had a type but became `serde_json::Value`.
    pub json_fallbacks: Vec<String>,
    /// Schema pointer to its Rust type, for every schema the model typed.
    pub schema_types: IndexMap<String, Ty>,
    /// Per type, the groups whose operations reach it (see [`Api::gate`]).
    pub reached_by: PerType<Vec<GroupId>>,
}

/// An API group of [`Api::groups`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct GroupId(usize);

impl Api {
    /// When the items of type `id` are compiled.
    pub fn gate(&self, id: TypeId) -> Gate<'_> {
        let by = &self.reached_by[id];
        if self.groups.is_empty() || by.len() == self.groups.len() {
            Gate::Always
        } else if by.is_empty() {
            Gate::Unused
        } else {
            Gate::Any(by.iter().map(|&g| self.group(g).feature.as_str()).collect())
        }
    }
}

impl Api {
    pub fn group(&self, id: GroupId) -> &ApiGroup {
        &self.groups[id.0]
    }
}

/// The Cargo features under which a type is compiled.
#[derive(Debug, PartialEq)]
pub enum Gate<'a> {
    Always,
    /// Any of these tags' features.
    Any(Vec<&'a str>),
    /// A schema no operation uses, kept as vocabulary: it may name types that only some tags
    /// reach, so it has a feature of its own ([`UNUSED_MODELS`], on by default).
    Unused,
}

/// The feature of the models no operation uses.
pub const UNUSED_MODELS: &str = "unused-models";

impl Api {
    /// Every Cargo feature of the crate, in manifest order: one per tag, then
    /// [`UNUSED_MODELS`] when some type needs it.
    pub fn features(&self) -> Vec<&str> {
        let mut features: Vec<&str> = self.groups.iter().map(|g| g.feature.as_str()).collect();
        if self.types.ids().any(|id| self.gate(id) == Gate::Unused) {
            features.push(UNUSED_MODELS);
        }
        features
    }
}

/// Runs the model stage: component schemas first (so they own their names), then operations,
/// whose inline schemas are named after the operation.
pub fn build(doc: &Document) -> Result<Api> {
    let mut types = types::TypeBuilder::new(doc);
    types.declare_components()?;
    let mut errors = Vec::new();
    if let Err(e) = types.define_components() {
        errors.push(e);
    }
    let (groups, schemes, servers) = operations::build(doc, &mut types);
    if let Some(e) = crate::error::Error::collect(errors) {
        return Err(e);
    }
    let types::Finished { space: types, mut warnings, fallbacks: json_fallbacks, schema_types } = types.finish();
    warnings.extend(crate::load::unsupported_keywords(&doc.raw));
    let reached_by = reaching_groups(&types, &groups);
    warnings.extend(unused_schemas(&types, &groups, &reached_by));
    let info = &doc.api.info;
    Ok(Api {
        title: info.title.clone(),
        version: info.version.clone(),
        description: info.description.clone(),
        servers,
        schemes,
        types,
        groups,
        warnings,
        json_fallbacks,
        schema_types,
        reached_by,
    })
}

/// For each type, the groups whose operations reach it, directly or through other types: a
/// type is compiled when any of their features is on.
fn reaching_groups(types: &TypeSpace, groups: &[ApiGroup]) -> PerType<Vec<GroupId>> {
    let mut reached_by = PerType::new(types, Vec::new());
    for (g, group) in groups.iter().enumerate() {
        let g = GroupId(g);
        let mut stack: Vec<TypeId> = Vec::new();
        for op in &group.operations {
            op.types().for_each(|t| stack.extend(t.named()));
        }
        while let Some(id) = stack.pop() {
            if reached_by[id].last() == Some(&g) {
                continue;
            }
            reached_by[id].push(g);
            stack.extend(types[id].kind.all_tys().flat_map(Ty::named));
        }
    }
    reached_by
}

/// Component schemas that no operation reaches: generated (they are part of the API's
/// vocabulary) but worth a look. Nothing is reported for a document without operations.
fn unused_schemas(types: &TypeSpace, groups: &[ApiGroup], reached_by: &PerType<Vec<GroupId>>) -> Vec<Warning> {
    if groups.iter().all(|g| g.operations.is_empty()) {
        return Vec::new();
    }
    types
        .iter()
        .filter(|(id, d)| {
            reached_by[*id].is_empty()
                && d.origin.starts_with("#/components/schemas/")
                && d.origin.matches('/').count() == 3
        })
        .map(|(_, d)| Warning::new(d.origin.as_str(), WarningKind::UnusedSchema, "not used by any operation"))
        .collect()
}
