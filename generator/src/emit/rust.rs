//! Small helpers shared by the emitters: identifiers, type tokens, literals.

use crate::model::{Api, Gate, Ty, TypeSpace};
use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

/// An identifier from a final name; `r#type` becomes a raw identifier.
pub fn ident(name: &str) -> Ident {
    match name.strip_prefix("r#") {
        Some(raw) => Ident::new_raw(raw, Span::call_site()),
        None => Ident::new(name, Span::call_site()),
    }
}

/// The tokens of a type as it appears in a field or signature.
pub fn ty(types: &TypeSpace, t: &Ty) -> TokenStream {
    rooted_ty(types, t, None)
}

/// The tokens of a type as another crate names it (`factpulse_client::models::Task`), for the
/// generated crate's own integration tests.
pub fn external_ty(types: &TypeSpace, t: &Ty, krate: &Ident) -> TokenStream {
    rooted_ty(types, t, Some(krate))
}

fn rooted_ty(types: &TypeSpace, t: &Ty, krate: Option<&Ident>) -> TokenStream {
    let root = match krate {
        Some(k) => quote!(#k),
        None => quote!(crate),
    };
    match t {
        Ty::String => quote!(String),
        Ty::Binary => quote!(#root::FilePart),
        Ty::Bool => quote!(bool),
        Ty::I32 => quote!(i32),
        Ty::I64 => quote!(i64),
        Ty::U32 => quote!(u32),
        Ty::U64 => quote!(u64),
        Ty::F64 => quote!(f64),
        Ty::DateTime => quote!(chrono::DateTime<chrono::FixedOffset>),
        Ty::Date => quote!(chrono::NaiveDate),
        Ty::Uuid => quote!(uuid::Uuid),
        Ty::Base64 => quote!(#root::Base64),
        Ty::Json => quote!(serde_json::Value),
        Ty::JsonMap => quote!(serde_json::Map<String, serde_json::Value>),
        Ty::Vec(inner) => {
            let inner = rooted_ty(types, inner, krate);
            quote!(Vec<#inner>)
        }
        Ty::Map(inner) => {
            let inner = rooted_ty(types, inner, krate);
            quote!(std::collections::BTreeMap<String, #inner>)
        }
        Ty::Option(inner) => {
            let inner = rooted_ty(types, inner, krate);
            quote!(Option<#inner>)
        }
        Ty::Boxed(inner) => {
            let inner = rooted_ty(types, inner, krate);
            quote!(Box<#inner>)
        }
        Ty::Named(id) => {
            let name = ident(&types.get(*id).name);
            match krate {
                Some(k) => quote!(#k::models::#name),
                None => quote!(#name),
            }
        }
    }
}

/// Whether a method takes a value of this type by value (numbers, booleans, dates, uuids)
/// rather than by reference.
pub fn by_value(t: &Ty) -> bool {
    match t {
        Ty::Option(inner) => by_value(inner),
        Ty::Bool | Ty::I32 | Ty::I64 | Ty::U32 | Ty::U64 | Ty::F64 | Ty::Uuid | Ty::Date | Ty::DateTime => true,
        _ => false,
    }
}

/// `#[cfg(...)]` that compiles an item when any of `features` is on.
pub fn cfg_any<'a>(features: impl IntoIterator<Item = &'a str>) -> TokenStream {
    let features: Vec<&str> = features.into_iter().collect();
    match features.as_slice() {
        [one] => quote!(#[cfg(feature = #one)]),
        many => quote!(#[cfg(any(#(feature = #many),*))]),
    }
}

/// The attribute that compiles a type's items under its gate (`None`: always).
pub fn cfg_gate(gate: Gate<'_>) -> Option<TokenStream> {
    match gate {
        Gate::Always => None,
        Gate::Any(features) => Some(cfg_any(features)),
        Gate::Unused => Some(cfg_any([crate::model::UNUSED_MODELS])),
    }
}

/// `cfg` predicate that holds when every tag's feature is on (the default).
pub fn all_features(api: &Api) -> TokenStream {
    match api.features().as_slice() {
        [one] => quote!(feature = #one),
        features => quote!(all(#(feature = #features),*)),
    }
}

/// How a type reads in documentation tables.
pub fn ty_doc(types: &TypeSpace, t: &Ty) -> String {
    match t {
        Ty::Named(id) => format!("[`{0}`](crate::models::{0})", types.get(*id).name),
        Ty::Vec(inner) => format!("list of {}", ty_doc(types, inner)),
        Ty::Map(inner) => format!("map of {}", ty_doc(types, inner)),
        Ty::Option(inner) | Ty::Boxed(inner) => ty_doc(types, inner),
        other => {
            format!("`{}`", ty(types, other).to_string().replace(" < ", "<").replace(" >", ">").replace(" :: ", "::"))
        }
    }
}

/// Sorted, de-duplicated named types used by `tys`, for `use` lists.
pub fn named_uses<'a>(types: &TypeSpace, tys: impl IntoIterator<Item = &'a Ty>) -> Vec<Ident> {
    let mut names: Vec<String> = tys.into_iter().flat_map(Ty::named).map(|id| types.get(id).name.clone()).collect();
    names.sort();
    names.dedup();
    names.iter().map(|n| ident(n)).collect()
}

/// What the generated crate needs from optional dependencies.
#[derive(Default, Debug, Clone, Copy)]
pub struct Features {
    pub chrono: bool,
    pub uuid: bool,
    pub base64: bool,
}

impl Features {
    pub fn of(api: &Api) -> Features {
        let mut f = Features::default();
        let mut see = |t: &Ty| {
            t.any(&|t| matches!(t, Ty::DateTime | Ty::Date)).then(|| f.chrono = true);
            t.any(&|t| matches!(t, Ty::Uuid)).then(|| f.uuid = true);
            t.any(&|t| matches!(t, Ty::Base64)).then(|| f.base64 = true);
        };
        api.types.defs().flat_map(|def| def.kind.all_tys()).for_each(&mut see);
        // Bodies and responses of a date or uuid type appear in method signatures only.
        api.groups.iter().flat_map(|g| &g.operations).flat_map(|op| op.types()).for_each(&mut see);
        if api.schemes.iter().any(|s| s.kind == crate::model::SchemeKind::Basic) {
            f.base64 = true;
        }
        f
    }
}
