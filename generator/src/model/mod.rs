//! Stage 2, model: the intermediate representation in which every Rust name is final.
//!
//! [`types`] turns schemas into a [`TypeSpace`] of Rust type definitions; [`operations`] turns
//! paths into API groups whose operations refer to that type space. Emission reads this and
//! nothing else, so naming decisions cannot drift between files.

pub mod operations;
pub mod types;

pub use operations::{
    ApiGroup, BodyKind, Operation, Param, ParamLocation, Poll, RequestBody, Response, SchemeKind, SecurityScheme,
    Server, StatusMatch,
};
pub use types::{
    EnumVariant, Field, StringEnum, Struct, Tagged, Ty, TypeDef, TypeId, TypeKind, TypeSpace, Union, UnionVariant,
};

use crate::error::Result;
use crate::load::Document;

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
    /// Suspect places that were generated anyway, as `pointer: message`.
    pub warnings: Vec<String>,
    /// Pointers of schemas that had a type but became `serde_json::Value`.
    pub json_fallbacks: Vec<String>,
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
    let (groups, schemes, servers) = operations::build(doc, &mut types, &mut errors)?;
    if let Some(e) = crate::error::Error::collect(errors) {
        return Err(e);
    }
    let (types, warnings, json_fallbacks) = types.finish();
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
    })
}
