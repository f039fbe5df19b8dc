//! `models.rs`: every type definition, each behind the features of the tags that reach it.

use super::docs;
use super::rust::{self, ident};
use crate::model::{
    Api, Field, Member, PerType, Presence, StringEnum, Struct, Ty, TypeDef, TypeKind, TypeSpace, Union,
};
use crate::naming::RustName;
use crate::output::{Content, EmittedFile, Job};
use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use serde_json::Value;

/// `models.rs`: its head, then one job per type, each formatted apart and appended.
pub fn jobs(api: &Api) -> Vec<Job<'_>> {
    let types = &api.types;
    let mut jobs: Vec<Job<'_>> = Vec::with_capacity(types.len() + 1);
    jobs.push(Box::new(move || {
        let head = quote! {
            //! Data types of the API: one per schema, plus those the generator named for inline
            //! schemas.
        };
        vec![EmittedFile { path: PATH.into(), content: Content::Rust(head) }]
    }));
    for (id, def) in types.iter() {
        jobs.push(Box::new(move || {
            let gate = rust::cfg_gate(api.gate(id));
            vec![EmittedFile { path: PATH.into(), content: Content::RustPart(gated(model(types, def), gate)) }]
        }));
    }
    jobs
}

const PATH: &str = "src/models.rs";

/// The items of a model, each behind the model's feature gate.
fn gated(items: TokenStream, gate: Option<TokenStream>) -> TokenStream {
    let Some(gate) = gate else { return items };
    match syn::parse2::<syn::File>(items.clone()) {
        Ok(file) => {
            let items = file.items.iter();
            quote!(#(#gate #items)*)
        }
        // Not items: the format stage reports it, with the file it belongs to.
        Err(_) => items,
    }
}

fn model(types: &TypeSpace, def: &TypeDef) -> TokenStream {
    let mut doc = def.doc.as_deref().map(docs::markdown).unwrap_or_default();
    if !doc.is_empty() {
        doc.push_str("\n\n");
    }
    doc.push_str(&format!("Schema: `{}`", def.origin));
    if def.nullable {
        doc.push_str(&format!("\n\nNullable: the API uses it as `Option<{}>`, `None` being `null`.", def.name));
    }
    if def.deprecated {
        doc.push_str("\n\n**Deprecated** in the API.");
    }
    let doc = docs::outer(&doc);
    let name = ident(&def.name);
    let body = match &def.kind {
        TypeKind::Struct(s) => structure(types, &name, s),
        TypeKind::Enum(e) => return string_enum(&name, e, doc),
        TypeKind::IntEnum(values) => int_enum(&name, values),
        TypeKind::Union(u) => union(types, &name, u),
        TypeKind::Alias(t) if def.newtype => {
            let t_tokens = rust::ty(types, t);
            let default = ty_defaultable(types, t, &mut PerType::new(types, None)).then(|| quote!(Default,));
            quote! {
                #[derive(Clone, Debug, #default PartialEq, serde::Serialize, serde::Deserialize)]
                #[serde(transparent)]
                pub struct #name(pub #t_tokens);
            }
        }
        TypeKind::Alias(t) => {
            let t_tokens = rust::ty(types, t);
            quote!(pub type #name = #t_tokens;)
        }
    };
    quote! {
        #doc
        #body
    }
}

/// A struct. Its serde impls come from `object!`, except for a struct with `allOf` members
/// flattened in, which keeps serde's derive: its `flatten` hands each part the members the
/// others did not take.
fn structure(types: &TypeSpace, name: &proc_macro2::Ident, s: &Struct) -> TokenStream {
    let derived_serde = s.has_flattened_parts();
    let mut default_fns = Vec::new();
    let mut fields: Vec<TokenStream> = s
        .members
        .iter()
        .map(|m| match m {
            Member::Field(f) => {
                let field = ident(&f.name);
                let ty = rust::ty(types, &f.rust_ty());
                let serde = derived_serde.then(|| serde_attributes(types, name, f, &ty, &mut default_fns)).flatten();
                let doc = docs::outer(&field_doc(f));
                quote! { #doc #serde pub #field: #ty }
            }
            Member::Flattened(part) => {
                let field = ident(&part.name);
                let ty = rust::ty(types, &part.ty);
                // A nullable part is `None` when none of its members are there.
                let absent = part.ty.is_option().then(|| quote!(, default, skip_serializing_if = "Option::is_none"));
                quote! { #[serde(flatten #absent)] pub #field: #ty }
            }
        })
        .collect();
    let mut rest = None;
    if let Some((field, t)) = &s.additional {
        let field = ident(field);
        let t = rust::ty(types, t);
        let flatten = derived_serde.then(|| quote!(#[serde(flatten)]));
        fields.push(quote! {
            /// Members the schema does not declare, kept so that a decoded value encodes back
            /// unchanged.
            #flatten
            pub #field: std::collections::BTreeMap<String, #t>
        });
        rest = Some(quote!(rest #field));
    }
    let default = defaultable(types, s).then(|| quote!(Default,));
    let (debug, redacted) = debug(name, s);
    let (derives, serde) = if derived_serde {
        let defaults = (!default_fns.is_empty()).then(|| quote!(impl #name { #(#default_fns)* }));
        (Some(quote!(, serde::Serialize, serde::Deserialize)), defaults)
    } else {
        let members = s.fields().map(|f| object_member(types, f));
        (None, Some(quote!(crate::macros::object!(#name { #(#members)* } #rest);)))
    };
    quote! {
        #[derive(Clone, #debug #default PartialEq #derives)]
        pub struct #name {
            #(#fields),*
        }
        #serde
        #redacted
    }
}

/// A member as `object!` takes it: `"wire" => field kind`.
fn object_member(types: &TypeSpace, f: &Field) -> TokenStream {
    let field = ident(&f.name);
    let wire = &f.wire;
    let kind = match &f.presence {
        Presence::Defaulted(default) => {
            let value = default_expr(types, &f.ty, default);
            quote!(default(#value))
        }
        Presence::Required => quote!(required),
        Presence::Nullable => quote!(nullable),
        Presence::Optional => quote!(optional),
    };
    quote!(#wire => #field #kind,)
}

/// A field's `#[serde(...)]` for serde's derive; a default becomes an associated function,
/// pushed to `default_fns`.
fn serde_attributes(
    types: &TypeSpace,
    name: &proc_macro2::Ident,
    f: &Field,
    ty: &TokenStream,
    default_fns: &mut Vec<TokenStream>,
) -> Option<TokenStream> {
    let mut attrs = Vec::new();
    if RustName::from_escaped(&f.name).as_str() != f.wire {
        let wire = &f.wire;
        attrs.push(quote!(rename = #wire));
    }
    if let Presence::Defaulted(default) = &f.presence {
        // An associated function: every model shares one module, so free functions named
        // after fields would clash.
        let fn_ident = format_ident!("default_{}", RustName::from_escaped(&f.name).as_str());
        let value = default_expr(types, &f.ty, default);
        default_fns.push(quote!(fn #fn_ident() -> #ty { #value }));
        let path = format!("{name}::{fn_ident}");
        attrs.push(quote!(default = #path));
    } else if f.presence == Presence::Optional {
        attrs.push(quote!(default, skip_serializing_if = "Option::is_none"));
    }
    (!attrs.is_empty()).then(|| quote!(#[serde(#(#attrs),*)]))
}

/// `Debug` derived, or, for a struct with secret members, written by `redacted_debug!`.
fn debug(name: &proc_macro2::Ident, s: &Struct) -> (Option<TokenStream>, Option<TokenStream>) {
    if !s.has_secrets() {
        return (Some(quote!(Debug,)), None);
    }
    let members = s
        .members
        .iter()
        .map(|m| (m.name(), matches!(m, Member::Field(f) if f.secret)))
        .chain(s.additional.iter().map(|(f, _)| (f.as_str(), false)));
    let members = members.map(|(field, secret)| {
        let field = RustName::from_escaped(field);
        let label = field.to_string();
        let kind = if secret { quote!(secret) } else { quote!(shown) };
        let field = field.ident();
        quote!(#label => #field #kind,)
    });
    (None, Some(quote!(crate::macros::redacted_debug!(#name { #(#members)* });)))
}

fn field_doc(f: &Field) -> String {
    let mut doc = f.doc.as_deref().map(docs::markdown).unwrap_or_default();
    let mut notes = Vec::new();
    if f.deprecated {
        notes.push("**Deprecated** in the API.".to_owned());
    }
    if f.read_only {
        notes.push("Read-only: sent by the server, ignored in requests.".to_owned());
    }
    if f.write_only {
        notes.push("Write-only: sent in requests, never returned.".to_owned());
    }
    if let Presence::Defaulted(default) = &f.presence {
        notes.push(format!("Default when absent: `{default}`."));
    }
    for note in notes {
        if !doc.is_empty() {
            doc.push_str("\n\n");
        }
        doc.push_str(&note);
    }
    doc
}

/// `#[derive(Default)]` only where every field has an obvious empty value; a struct with a
/// required enum or nested required struct has none.
fn defaultable(types: &TypeSpace, s: &Struct) -> bool {
    members_defaultable(types, s, &mut PerType::new(types, None))
}

fn members_defaultable(types: &TypeSpace, s: &Struct, known: &mut PerType<Option<bool>>) -> bool {
    s.members.iter().all(|m| match m {
        Member::Field(f) => match f.presence {
            Presence::Defaulted(_) => false,
            // `None` is an empty value whatever the type.
            Presence::Optional | Presence::Nullable => true,
            Presence::Required => ty_defaultable(types, &f.ty, known),
        },
        Member::Flattened(part) => ty_defaultable(types, &part.ty, known),
    })
}

/// `known` holds what was settled per type; a type still being looked at counts as not
/// defaultable, since required members that lead back to it have no finite empty value (and a
/// derived `Default` would recurse forever).
fn ty_defaultable(types: &TypeSpace, t: &Ty, known: &mut PerType<Option<bool>>) -> bool {
    match t {
        Ty::Named(id) => {
            if let Some(settled) = known[*id] {
                return settled;
            }
            known[*id] = Some(false);
            let result = match &types.get(*id).kind {
                TypeKind::Struct(s) => members_defaultable(types, s, known),
                TypeKind::Alias(inner) => ty_defaultable(types, inner, known),
                TypeKind::Enum(_) | TypeKind::Union(_) => false,
                TypeKind::IntEnum(_) => true,
            };
            known[*id] = Some(result);
            result
        }
        Ty::DateTime | Ty::Date | Ty::Base64 => false,
        Ty::Boxed(inner) => ty_defaultable(types, inner, known),
        _ => true,
    }
}

fn default_expr(types: &TypeSpace, t: &Ty, value: &Value) -> TokenStream {
    match (t, value) {
        (Ty::String, Value::String(s)) => quote!(#s.to_owned()),
        (Ty::Bool, Value::Bool(b)) => quote!(#b),
        // The model keeps only defaults that fit their type (`expressible_default`).
        (Ty::I64, Value::Number(n)) if n.as_i64() == Some(i64::MIN) => quote!(i64::MIN),
        (Ty::I32 | Ty::I64, Value::Number(n)) => {
            let v = proc_macro2::Literal::i64_unsuffixed(n.as_i64().unwrap_or_default());
            quote!(#v)
        }
        (Ty::U32 | Ty::U64, Value::Number(n)) => {
            let v = proc_macro2::Literal::u64_unsuffixed(n.as_u64().unwrap_or_default());
            quote!(#v)
        }
        (Ty::F64, Value::Number(n)) => {
            let v = proc_macro2::Literal::f64_unsuffixed(n.as_f64().unwrap_or_default());
            quote!(#v)
        }
        (Ty::Named(id), Value::String(s)) => {
            let def = types.get(*id);
            match &def.kind {
                TypeKind::Enum(e) => {
                    let name = ident(&def.name);
                    let variant = e.variants.iter().find(|v| &v.value == s).map(|v| ident(&v.name));
                    quote!(#name::#variant)
                }
                TypeKind::Alias(inner) => default_expr(types, inner, value),
                _ => quote!(Default::default()),
            }
        }
        _ => quote!(Default::default()),
    }
}

fn int_enum(name: &proc_macro2::Ident, values: &[(String, i64)]) -> TokenStream {
    let consts = values.iter().map(|(n, v)| {
        let n = ident(n);
        let lit = proc_macro2::Literal::i64_unsuffixed(*v);
        let doc = format!(" `{v}`");
        quote!(#[doc = #doc] pub const #n: #name = #name(#lit);)
    });
    quote! {
        #[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
        #[serde(transparent)]
        pub struct #name(pub i64);
        impl #name {
            #(#consts)*
        }
    }
}

fn string_enum(name: &proc_macro2::Ident, e: &StringEnum, doc: TokenStream) -> TokenStream {
    let pairs = e.variants.iter().map(|v| {
        let variant = ident(&v.name);
        let value = &v.value;
        quote!(#variant = #value,)
    });
    let variants = e.variants.iter().map(|v| {
        let variant = ident(&v.name);
        let value = match v.value.as_str() {
            "" => " The empty string.".to_owned(),
            value => format!(" `{}`", value.replace('`', "'")),
        };
        quote!(#[doc = #value] #variant,)
    });
    let other = ident(&e.other);
    quote! {
        #doc
        #[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum #name {
            #(#variants)*
            /// A value this client does not know (added to the API after it was generated).
            #other(String),
        }
        crate::macros::string_enum!(#name { #(#pairs)* } other #other);
    }
}

fn union(types: &TypeSpace, name: &proc_macro2::Ident, u: &Union) -> TokenStream {
    let variants = u.variants.iter().map(|v| {
        let variant = ident(&v.name);
        let ty = rust::ty(types, &v.ty);
        quote!(#variant(#ty))
    });
    let Some(tagged) = &u.tagged else {
        let members = u.variants.iter().map(|v| {
            let variant = ident(&v.name);
            let fit = untagged_fit(types, &v.ty);
            quote!(#variant #fit,)
        });
        let (other, other_variant) = match &u.other {
            Some(other) => {
                let other = ident(other);
                let doc = " A value no other variant accounts for: the JSON as received.";
                (Some(quote!(other #other)), Some(quote!(#[doc = #doc] #other(serde_json::Value))))
            }
            None => (None, None),
        };
        let variants = variants.chain(other_variant);
        return quote! {
            #[derive(Clone, Debug, PartialEq, serde::Serialize)]
            #[serde(untagged)]
            pub enum #name {
                #(#variants),*
            }
            crate::macros::untagged_union!(#name { #(#members)* } #other);
        };
    };
    let property = &tagged.property;
    let docs = tagged.tags.iter().map(|t| format!(" `{property}` is `{t}`."));
    let variants = u.variants.iter().zip(docs).map(|(v, doc)| {
        let variant = ident(&v.name);
        let ty = rust::ty(types, &v.ty);
        quote!(#[doc = #doc] #variant(#ty))
    });
    let other = ident(&tagged.other);
    let other_doc = format!(" Any other value of `{property}`, or none: the JSON as received.");
    let arms = tagged.tags.iter().zip(&u.variants).map(|(tag, v)| {
        let variant = ident(&v.name);
        quote!(#tag => #variant,)
    });
    // Serialising needs no tag handling: each variant writes the property back, declared or
    // kept among its undeclared members.
    quote! {
        #[derive(Clone, Debug, PartialEq, serde::Serialize)]
        #[serde(untagged)]
        pub enum #name {
            #(#variants,)*
            #[doc = #other_doc]
            #other(serde_json::Value),
        }
        crate::macros::tagged_union!(#name, #property { #(#arms)* } other #other);
    }
}

/// How `untagged_union!` judges a decoded variant of type `ty` (see the macro): its tags and
/// what it can tell about members it did not account for.
fn untagged_fit(types: &TypeSpace, ty: &Ty) -> TokenStream {
    if matches!(ty, Ty::Json | Ty::JsonMap) {
        return quote!(any);
    }
    // An `Option` variant (a nullable component) has no members to count when it is `None`.
    let Some(def) = aliased_def(types, ty) else { return TokenStream::new() };
    match &def.kind {
        TypeKind::Struct(s) if !s.has_flattened_parts() => {
            let tags = s.fields().filter_map(|f| {
                let tag = aliased_def(types, &f.ty).and_then(|d| match &d.kind {
                    TypeKind::Enum(e) if e.variants.len() == 1 => Some(&e.variants[0].value),
                    _ => None,
                })?;
                let wire = &f.wire;
                Some(quote!(#wire = #tag))
            });
            let tags: Vec<TokenStream> = tags.collect();
            let tags = (!tags.is_empty()).then(|| quote!({ #(#tags),* }));
            let rest = s.additional.as_ref().map(|(field, _)| {
                let field = ident(field);
                quote!(rest(#field))
            });
            quote!(#tags #rest)
        }
        // A boxed enum (an alias of one, boxed as union variants are) has no pattern to match.
        TypeKind::Enum(e) if !matches!(ty, Ty::Boxed(_)) => {
            let name = ident(&def.name);
            let other = ident(&e.other);
            quote!(known(#name #other))
        }
        _ => TokenStream::new(),
    }
}

/// The definition a type names, through boxes and type aliases (whose values are the aliased
/// type's), or `None` for an `Option`, a container or a scalar.
fn aliased_def<'t>(types: &'t TypeSpace, ty: &Ty) -> Option<&'t TypeDef> {
    let mut ty = ty;
    // Aliases do not form cycles (the model refuses them); the bound is only a guard.
    for _ in 0..=types.len() {
        match ty {
            Ty::Boxed(inner) => ty = inner,
            Ty::Named(id) => {
                let def = types.get(*id);
                match &def.kind {
                    TypeKind::Alias(inner) if !def.newtype => ty = inner,
                    _ => return Some(def),
                }
            }
            _ => return None,
        }
    }
    None
}
