//! `apis/`: one struct per tag, one async method per operation, one error enum per operation.

use super::rust::{self, by_value, ident};
use super::{api_docs, docs};
use crate::Options;
use crate::model::{
    Api, ApiGroup, Operation, Outcome, Param, ParamLocation, Poll, QueryStyle, RequestBodyKind, ResponseBodyKind,
    Returns, StatusMatch, Ty, TypeSpace,
};
use crate::output::{Content, EmittedFile, Job};
use proc_macro2::TokenStream;
use quote::quote;

/// `apis/mod.rs`, then one job per tag.
pub fn jobs<'a>(api: &'a Api, options: &'a Options) -> Vec<Job<'a>> {
    let mut jobs: Vec<Job<'a>> = vec![Box::new(move || {
        let mods = api.groups.iter().map(|g| {
            let module = g.module.ident();
            let gate = rust::cfg_any([g.feature.as_str()]);
            quote!(#gate mod #module; #gate pub use #module::*;)
        });
        vec![EmittedFile {
            path: "src/apis/mod.rs".into(),
            content: Content::Rust(quote! {
                //! One struct per tag of the API, with a method per operation.
                #(#mods)*
            }),
        }]
    })];
    for group in &api.groups {
        jobs.push(Box::new(move || {
            vec![EmittedFile {
                path: format!("src/apis/{}.rs", group.module),
                content: Content::Rust(group_file(api, options, group)),
            }]
        }));
    }
    jobs
}

fn group_file(api: &Api, options: &Options, group: &ApiGroup) -> TokenStream {
    let types = &api.types;
    let name = group.struct_name.ident();
    let accessor = group.accessor.ident();
    let doc = docs::outer(&api_docs::group(group));
    let accessor_doc = docs::outer(&format!("The operations tagged `{}`.", group.tag));
    let methods = group.operations.iter().map(|op| {
        let call = method(api, options, group, op);
        let wait = op.poll.as_ref().map(|poll| poller(api, options, group, op, poll));
        quote!(#call #wait)
    });
    let errors = group.operations.iter().map(|op| {
        let error = error_enum(types, group, op);
        let success = success_enum(types, group, op);
        let options = options_struct(types, group, op);
        quote!(#success #error #options)
    });
    // Every body a status documents is named: returned, a success variant or an error variant.
    let used = group.operations.iter().flat_map(|op| op.types());
    let models = rust::named_uses(types, used);
    let models = (!models.is_empty()).then(|| quote!(use crate::models::{#(#models),*};));
    let uses_scheme = group.operations.iter().any(|op| op.security.iter().any(|alt| !alt.is_empty()));
    let scheme = uses_scheme.then(|| {
        quote!(
            use crate::auth::Scheme;
        )
    });
    quote! {
        use crate::client::{Client, Request};
        use crate::error::Error;
        #scheme
        #models
        use reqwest::Method;

        #doc
        #[derive(Clone, Debug)]
        pub struct #name {
            client: Client,
        }

        impl Client {
            #accessor_doc
            pub fn #accessor(&self) -> #name {
                #name::new(self.clone())
            }
        }

        impl #name {
            pub fn new(client: Client) -> Self {
                #name { client }
            }

            #(#methods)*
        }

        #(#errors)*
    }
}

/// How a parameter is passed to the method, with `lifetime` on references (`&'a str`) or
/// none (elided).
fn arg_ty_with(types: &TypeSpace, t: &Ty, lifetime: &TokenStream) -> TokenStream {
    match t {
        Ty::String | Ty::Binary => quote!(&#lifetime str),
        Ty::Vec(inner) => {
            let inner = rust::ty(types, inner);
            quote!(&#lifetime [#inner])
        }
        Ty::Option(inner) => arg_ty_with(types, inner, lifetime),
        Ty::Bool | Ty::I32 | Ty::I64 | Ty::U32 | Ty::U64 | Ty::F64 | Ty::Uuid | Ty::Date | Ty::DateTime => {
            rust::ty(types, t)
        }
        other => {
            let t = rust::ty(types, other);
            quote!(&#lifetime #t)
        }
    }
}

/// The arguments of an operation method, in order: required parameters, the body, optional
/// parameters. `lifetime` is put on references (empty for elided lifetimes).
fn signature_args(types: &TypeSpace, op: &Operation, lifetime: &TokenStream) -> Vec<(proc_macro2::Ident, TokenStream)> {
    let mut args = Vec::new();
    for p in op.params.iter().filter(|p| p.required) {
        args.push((p.name.ident(), arg_ty_with(types, &p.ty, lifetime)));
    }
    if let Some(body) = &op.body {
        let t = match &body.kind {
            RequestBodyKind::Json(t) | RequestBodyKind::Form(t) | RequestBodyKind::Multipart(t) => {
                arg_ty_with(types, t, lifetime)
            }
            RequestBodyKind::Text => quote!(impl Into<String>),
            RequestBodyKind::Bytes => quote!(impl Into<Vec<u8>>),
        };
        args.push((body.name.ident(), if body.required { t } else { quote!(Option<#t>) }));
    }
    if let Some(options) = &op.options_type {
        let options = options.ident();
        args.push((ident("options"), quote!(&#lifetime #options)));
    }
    args
}

fn duration_tokens(d: std::time::Duration) -> TokenStream {
    let ms = proc_macro2::Literal::u64_unsuffixed(d.as_millis() as u64);
    quote!(std::time::Duration::from_millis(#ms))
}

/// The `wait_for_...` method of an operation with `x-poll`.
fn poller(api: &Api, options: &Options, group: &ApiGroup, op: &Operation, poll: &Poll) -> TokenStream {
    let types = &api.types;
    let wait = poll.method.ident();
    let call = op.name.ident();
    let error = op.error_type.ident();
    let ok = ok_ty(types, op);
    let lifetime = quote!('a);
    let args = signature_args(types, op, &lifetime);
    let params = args.iter().map(|(n, t)| quote!(#n: #t));
    let names = args.iter().map(|(n, _)| n);
    let field = poll.field.ident();
    let success = &poll.success;
    let failure = &poll.failure;
    let interval = duration_tokens(poll.interval);
    let max_interval = duration_tokens(poll.max_interval);
    let multiplier = proc_macro2::Literal::f64_unsuffixed(poll.multiplier);
    let deadline = poll.deadline.map(|d| {
        let d = duration_tokens(d);
        quote!(.deadline(#d))
    });
    let doc = docs::outer(&api_docs::poller(api, options, group, op, poll));
    quote! {
        #doc
        pub fn #wait<'a>(&'a self, #(#params),*) -> crate::Poller<'a, #ok, #error> {
            crate::Poller::new(
                Box::new(move || Box::pin(self.#call(#(#names),*))),
                |body| crate::PollState::classify(body.#field.as_str(), &[#(#success),*], &[#(#failure),*]),
            )
            .interval(#interval)
            .multiplier(#multiplier)
            .max_interval(#max_interval)
            #deadline
        }
    }
}

/// What a method returns on success: the body, or the operation's success enum.
fn ok_ty(types: &TypeSpace, op: &Operation) -> TokenStream {
    match &op.returns {
        Returns::Enum(name) => {
            let name = name.ident();
            quote!(#name)
        }
        Returns::Body(body) => success_ty(types, body),
    }
}

/// A block that builds the multipart parts of `body`: a file part per binary field, a text
/// part per other field.
fn multipart_form(types: &TypeSpace, t: &Ty, body: &proc_macro2::Ident) -> TokenStream {
    let object = match t {
        Ty::Named(id) => match &types.get(*id).kind {
            crate::model::TypeKind::Struct(s) => s,
            _ => return quote!(crate::client::Multipart::default().text("body", #body)),
        },
        _ => return quote!(crate::client::Multipart::default().text("body", #body)),
    };
    let parts = object.fields().map(|f| {
        let field = ident(&f.name);
        let wire = &f.wire;
        match &f.rust_ty() {
            Ty::Binary => quote!(form = form.file(#wire, &#body.#field);),
            Ty::Option(inner) if **inner == Ty::Binary => quote! {
                if let Some(file) = &#body.#field {
                    form = form.file(#wire, file);
                }
            },
            Ty::Vec(inner) if **inner == Ty::Binary => quote! {
                for file in &#body.#field {
                    form = form.file(#wire, file);
                }
            },
            _ => quote!(form = form.text(#wire, &#body.#field);),
        }
    });
    quote!({
        let mut form = crate::client::Multipart::default();
        #(#parts)*
        form
    })
}

fn success_ty(types: &TypeSpace, body: &ResponseBodyKind) -> TokenStream {
    match body {
        ResponseBodyKind::Empty => quote!(()),
        ResponseBodyKind::Json(t) => rust::ty(types, t),
        ResponseBodyKind::Bytes => quote!(Vec<u8>),
        ResponseBodyKind::Text => quote!(String),
    }
}

fn method(api: &Api, options: &Options, group: &ApiGroup, op: &Operation) -> TokenStream {
    let types = &api.types;
    let name = op.name.ident();
    let error = op.error_type.ident();
    let ok = ok_ty(types, op);
    let method = ident(op.method.as_str());
    let path = &op.path;

    let ordered: Vec<&Param> =
        op.params.iter().filter(|p| p.required).chain(op.params.iter().filter(|p| !p.required)).collect();
    let args: Vec<TokenStream> =
        signature_args(types, op, &TokenStream::new()).into_iter().map(|(n, t)| quote!(#n: #t)).collect();

    let mut chain = vec![quote!(Request::new(Method::#method, #path))];
    let mut optional = Vec::new();
    for p in &ordered {
        let n = p.name.ident();
        let (setter, extra) = match (p.location, p.style) {
            (ParamLocation::Path, _) => (quote!(path_param), None),
            (ParamLocation::Query, Some(style)) if style != QueryStyle::FORM_EXPLODED => {
                let explode = style.explode;
                let style = ident(style.style.variant());
                (quote!(query_styled), Some(quote!(, crate::params::Style::#style, #explode)))
            }
            (ParamLocation::Query, _) => (quote!(query), None),
            (ParamLocation::Header, _) => (quote!(header), None),
            (ParamLocation::Cookie, _) => (quote!(cookie), None),
        };
        let wire = if p.location == ParamLocation::Header { p.wire.to_ascii_lowercase() } else { p.wire.clone() };
        if p.required {
            let value = if by_value(&p.ty) { quote!(&#n) } else { quote!(#n) };
            chain.push(quote!(.#setter(#wire, #value #extra)));
        } else {
            optional.push(quote! {
                if let Some(value) = &options.#n {
                    request = request.#setter(#wire, value #extra);
                }
            });
        }
    }
    if let Some(body) = &op.body {
        let n = body.name.ident();
        let ct = &body.content_type;
        // Numbers, booleans, dates and uuids are taken by value, like parameters; the request
        // serialises through a reference.
        let value = |t: &Ty| if by_value(t) { quote!(&#n) } else { quote!(#n) };
        let call = match &body.kind {
            RequestBodyKind::Json(t) => {
                let v = value(t);
                quote!(json(#ct, #v))
            }
            RequestBodyKind::Form(t) => {
                let v = value(t);
                quote!(form(#ct, #v))
            }
            RequestBodyKind::Multipart(t) => {
                let form = multipart_form(types, t, &n);
                quote!(multipart(#form))
            }
            RequestBodyKind::Text => quote!(bytes(#ct, #n.into().into_bytes())),
            RequestBodyKind::Bytes => quote!(bytes(#ct, #n)),
        };
        if body.required {
            chain.push(quote!(.#call));
        } else {
            optional.push(quote! {
                if let Some(#n) = #n {
                    request = request.#call;
                }
            });
        }
    }
    if let Some(ct) = op.accept() {
        chain.push(quote!(.accept(#ct)));
    }
    // Alternatives that are all empty mean "no credentials needed": nothing to send.
    if op.security.iter().any(|alt| !alt.is_empty()) {
        let alternatives = op.security.iter().map(|alt| {
            let schemes = alt.iter().map(|id| api.scheme(*id).variant.ident());
            quote!(&[#(Scheme::#schemes),*])
        });
        chain.push(quote!(.security(&[#(#alternatives),*])));
    }
    let build = if optional.is_empty() {
        quote!(let request = #(#chain)*;)
    } else {
        quote!(let mut request = #(#chain)*; #(#optional)*)
    };

    let arms = decode_arms(op);
    let doc = docs::outer(&api_docs::method(api, options, group, op, &ordered));
    let deprecated = op.deprecated.then(|| quote!(#[deprecated]));
    // The API defines how many required parameters an operation has.
    let many = (args.len() > 6).then(|| quote!(#[allow(clippy::too_many_arguments)]));
    quote! {
        #doc
        #deprecated
        #many
        pub async fn #name(&self, #(#args),*) -> Result<#ok, Error<#error>> {
            #build
            let response = self.client.execute(request).await?;
            match response.status() {
                #(#arms)*
            }
        }
    }
}

/// The statuses each documented response takes in the dispatch, as disjoint inclusive
/// ranges, in the order of `statuses`; `None` for `default`, the final `_` arm.
///
/// A range (`5XX`) takes only what no specific code of its hundred takes (`500`, `502`:
/// `501 | 503..=599`), so no two arms can overlap whatever mix and order the document has:
/// rustc's and clippy's overlap lints (`match_overlapping_arm`) have nothing to find, and
/// which arm handles a status never depends on the order of the arms.
pub(crate) fn dispatch(statuses: &[StatusMatch]) -> Vec<Option<Vec<(u16, u16)>>> {
    let codes: Vec<u16> = statuses
        .iter()
        .filter_map(|s| match s {
            StatusMatch::Code(c) => Some(*c),
            _ => None,
        })
        .collect();
    statuses
        .iter()
        .map(|s| match *s {
            StatusMatch::Code(c) => Some(vec![(c, c)]),
            StatusMatch::Range(r) => {
                let (lo, hi) = (r.saturating_mul(100), r.saturating_mul(100).saturating_add(99));
                let mut taken: Vec<u16> = codes.iter().copied().filter(|c| (lo..=hi).contains(c)).collect();
                taken.sort_unstable();
                taken.dedup();
                let mut gaps = Vec::new();
                let mut next = lo;
                for c in taken {
                    if c > next {
                        gaps.push((next, c - 1));
                    }
                    next = c + 1;
                }
                if next <= hi {
                    gaps.push((next, hi));
                }
                Some(gaps)
            }
            StatusMatch::Default => None,
        })
        .collect()
}

/// A pattern of disjoint ranges: `501 | 503..=599`.
fn ranges_pattern(ranges: &[(u16, u16)]) -> TokenStream {
    let parts = ranges.iter().map(|&(lo, hi)| {
        let lo_lit = proc_macro2::Literal::u16_unsuffixed(lo);
        if lo == hi {
            quote!(#lo_lit)
        } else {
            let hi = proc_macro2::Literal::u16_unsuffixed(hi);
            quote!(#lo_lit..=#hi)
        }
    });
    quote!(#(#parts)|*)
}

fn decode_arms(op: &Operation) -> Vec<TokenStream> {
    let error = op.error_type.ident();
    let rank = |s: StatusMatch| match s {
        StatusMatch::Code(_) => 0,
        StatusMatch::Range(_) => 1,
        StatusMatch::Default => 2,
    };
    let mut responses: Vec<_> = op.responses.iter().collect();
    responses.sort_by_key(|r| rank(r.status));
    let statuses: Vec<StatusMatch> = responses.iter().map(|r| r.status).collect();
    let mut arms = Vec::new();
    for (r, ranges) in responses.iter().zip(dispatch(&statuses)) {
        let pattern = match ranges {
            // Every status of the range is documented on its own: the range has no arm.
            Some(ranges) if ranges.is_empty() => continue,
            Some(ranges) => ranges_pattern(&ranges),
            None => quote!(_),
        };
        let expr = match &r.outcome {
            Outcome::Success => match &r.body {
                ResponseBodyKind::Empty => quote!(response.empty()),
                ResponseBodyKind::Json(_) => quote!(response.json()),
                ResponseBodyKind::Bytes => quote!(response.bytes()),
                ResponseBodyKind::Text => quote!(response.text()),
            },
            Outcome::SuccessVariant { of, variant } => {
                let (of, v) = (of.ident(), variant.ident());
                match &r.body {
                    ResponseBodyKind::Empty => quote!(response.empty().map(|()| #of::#v)),
                    ResponseBodyKind::Json(_) => quote!(response.json_into(#of::#v)),
                    ResponseBodyKind::Text => quote!(response.text().map(#of::#v)),
                    ResponseBodyKind::Bytes => quote!(response.bytes().map(#of::#v)),
                }
            }
            Outcome::Error(variant) => {
                let v = variant.ident();
                match &r.body {
                    ResponseBodyKind::Json(_) => quote!(response.error(#error::#v)),
                    ResponseBodyKind::Empty => quote!(response.error_empty(#error::#v)),
                    ResponseBodyKind::Bytes | ResponseBodyKind::Text => quote!(response.error_bytes(#error::#v)),
                }
            }
        };
        arms.push(quote!(#pattern => #expr,));
    }
    // An operation documenting no success status still succeeds on 2XX (no code or range of
    // 2XX is documented, so this arm overlaps none): with no body, or with the body as bytes
    // when it documents no response at all (`Returns` says which).
    if !op.responses.iter().any(|r| r.status.is_success()) {
        let read = match &op.returns {
            Returns::Body(ResponseBodyKind::Bytes) => quote!(response.bytes()),
            _ => quote!(response.empty()),
        };
        arms.insert(0, quote!(200..=299 => #read,));
    }
    if !op.responses.iter().any(|r| r.status == StatusMatch::Default) {
        arms.push(quote!(_ => response.unexpected_status(),));
    }
    arms
}

/// The return type of an operation whose success statuses carry different bodies.
fn success_enum(types: &TypeSpace, group: &ApiGroup, op: &Operation) -> Option<TokenStream> {
    let Returns::Enum(name) = &op.returns else { return None };
    let variants = op.responses.iter().filter_map(|r| {
        let Outcome::SuccessVariant { variant, .. } = &r.outcome else { return None };
        let v = variant.ident();
        let doc = format!(" {}: {}", r.status.label(), docs::cell(&r.description));
        Some(match &r.body {
            ResponseBodyKind::Empty => quote!(#[doc = #doc] #v),
            // Boxed, as in error enums: one large body should not make every outcome large.
            ResponseBodyKind::Json(t) => {
                let t = rust::ty(types, t);
                quote!(#[doc = #doc] #v(Box<#t>))
            }
            body => {
                let t = success_ty(types, body);
                quote!(#[doc = #doc] #v(#t))
            }
        })
    });
    let doc = format!(
        " The successful outcomes of [`{0}::{1}`](super::{0}::{1}), one per documented status.",
        group.struct_name, op.name
    );
    let name = name.ident();
    Some(quote! {
        #[doc = #doc]
        #[derive(Clone, Debug, PartialEq)]
        pub enum #name {
            #(#variants),*
        }
    })
}

/// The optional parameters of an operation, as a struct with `Default`, so that a call names
/// only what it sets: `api.list(&ListOptions { limit: Some(10), ..Default::default() })`.
fn options_struct(types: &TypeSpace, group: &ApiGroup, op: &Operation) -> Option<TokenStream> {
    let options_type = op.options_type.as_ref()?;
    let name = options_type.ident();
    let fields = op.params.iter().filter(|p| !p.required).map(|p| {
        let n = p.name.ident();
        let inner = match &p.ty {
            Ty::Option(inner) => inner.as_ref(),
            other => other,
        };
        let t = rust::ty(types, inner);
        let mut doc = format!("{} parameter `{}`", p.location.as_str(), p.wire);
        if let Some(d) = &p.description {
            doc = format!("{}\n\n{doc}.", docs::markdown(d));
        }
        let doc = docs::outer(&doc);
        quote!(#doc pub #n: Option<#t>)
    });
    let doc = format!(
        " Optional parameters of [`{0}::{1}`](super::{0}::{1}); `Default` leaves them all out.",
        group.struct_name, op.name
    );
    let secrets = op.params.iter().any(|p| !p.required && p.secret);
    // Parameters named like credentials show only whether they are set.
    let debug = secrets.then(|| {
        let label = options_type.to_string();
        let shown = op.params.iter().filter(|p| !p.required).map(|p| {
            let n = p.name.ident();
            let wire = p.name.to_string();
            if p.secret {
                quote!(.field(#wire, &self.#n.as_ref().map(|_| "<redacted>")))
            } else {
                quote!(.field(#wire, &self.#n))
            }
        });
        quote! {
            impl std::fmt::Debug for #name {
                fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                    f.debug_struct(#label) #(#shown)* .finish()
                }
            }
        }
    });
    let derive = if secrets {
        quote!(#[derive(Clone, Default, PartialEq)])
    } else {
        quote!(#[derive(Clone, Debug, Default, PartialEq)])
    };
    Some(quote! {
        #[doc = #doc]
        #derive
        pub struct #name {
            #(#fields),*
        }
        #debug
    })
}

fn error_enum(types: &TypeSpace, group: &ApiGroup, op: &Operation) -> TokenStream {
    let name = op.error_type.ident();
    let variants = op.responses.iter().filter_map(|r| {
        let Outcome::Error(variant) = &r.outcome else { return None };
        let v = variant.ident();
        let doc = format!(" {}: {}", r.status.label(), docs::cell(&r.description));
        Some(match &r.body {
            // Boxed: an error travels in `Result`s, which should stay small.
            ResponseBodyKind::Json(t) => {
                let t = rust::ty(types, t);
                quote!(#[doc = #doc] #v(Box<#t>))
            }
            ResponseBodyKind::Empty => quote!(#[doc = #doc] #v),
            ResponseBodyKind::Bytes | ResponseBodyKind::Text => quote!(#[doc = #doc] #v(Vec<u8>)),
        })
    });
    let doc = format!(" Documented error responses of [`{0}::{1}`](super::{0}::{1}).", group.struct_name, op.name);
    quote! {
        #[doc = #doc]
        #[derive(Clone, Debug, PartialEq)]
        pub enum #name {
            #(#variants),*
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The arm a status reaches: the first, in the order given, whose ranges hold it, or the
    /// index of `default`.
    fn reached(arms: &[Option<Vec<(u16, u16)>>], status: u16) -> Option<usize> {
        let hit =
            arms.iter().position(|a| a.as_ref().is_some_and(|r| r.iter().any(|&(lo, hi)| (lo..=hi).contains(&status))));
        hit.or_else(|| arms.iter().position(Option::is_none))
    }

    /// What OpenAPI says handles a status: its own code, else its range, else `default`.
    fn documented(statuses: &[StatusMatch], status: u16) -> Option<usize> {
        let find = |want: StatusMatch| statuses.iter().position(|s| *s == want);
        find(StatusMatch::Code(status))
            .or_else(|| find(StatusMatch::Range(status / 100)))
            .or_else(|| find(StatusMatch::Default))
    }

    fn check(statuses: &[StatusMatch]) {
        let arms = dispatch(statuses);
        assert_eq!(arms.len(), statuses.len());
        let all: Vec<(usize, u16, u16)> =
            arms.iter().enumerate().flat_map(|(i, a)| a.iter().flatten().map(move |&(lo, hi)| (i, lo, hi))).collect();
        for (n, &(i, lo, hi)) in all.iter().enumerate() {
            assert!(lo <= hi, "{statuses:?}: empty range in arm {i}");
            for &(j, lo2, hi2) in &all[n + 1..] {
                assert!(hi < lo2 || hi2 < lo, "{statuses:?}: arms {i} and {j} overlap");
            }
        }
        let probes = statuses
            .iter()
            .flat_map(|s| match *s {
                StatusMatch::Code(c) => vec![c - 1, c, c + 1],
                StatusMatch::Range(r) => vec![r * 100 - 1, r * 100, r * 100 + 50, r * 100 + 99, r * 100 + 100],
                StatusMatch::Default => vec![0, 999],
            })
            .chain([100, 250, 404, 550, 600]);
        for status in probes {
            assert_eq!(reached(&arms, status), documented(statuses, status), "{statuses:?}: status {status}");
        }
    }

    #[test]
    fn dispatch_arms_never_overlap_for_any_mix_or_order() {
        use StatusMatch::{Code, Default, Range};
        let universe = [
            Code(100),
            Code(199),
            Code(200),
            Code(299),
            Code(500),
            Code(502),
            Code(503),
            Code(504),
            Code(599),
            Range(1),
            Range(2),
            Range(5),
            Default,
        ];
        for mask in 0u32..1 << universe.len() {
            let mut mix: Vec<StatusMatch> =
                universe.iter().enumerate().filter(|(i, _)| mask & (1 << i) != 0).map(|(_, s)| *s).collect();
            check(&mix);
            mix.reverse();
            check(&mix);
            let half = mix.len() / 2;
            mix.rotate_left(half);
            check(&mix);
        }
        // Every ordering of the mix that tripped `clippy::match_overlapping_arm`.
        let mut mix = [Code(500), Code(502), Code(503), Code(504), Range(5), Default];
        permutations(&mut mix, 0, &mut |m| check(m));
        // A range whose every status is documented on its own takes nothing.
        let mut full: Vec<StatusMatch> = (400..500).map(Code).collect();
        full.push(Range(4));
        assert_eq!(dispatch(&full).last(), Some(&Some(Vec::new())));
    }

    fn permutations(items: &mut [StatusMatch], k: usize, f: &mut impl FnMut(&[StatusMatch])) {
        if k == items.len() {
            return f(items);
        }
        for i in k..items.len() {
            items.swap(k, i);
            permutations(items, k + 1, f);
            items.swap(k, i);
        }
    }

    #[test]
    fn a_range_takes_the_gaps_between_its_codes() {
        use StatusMatch::{Code, Range};
        let arms = dispatch(&[Code(500), Code(502), Code(503), Code(504), Range(5)]);
        let five = arms[4].clone().unwrap();
        assert_eq!(five, [(501, 501), (505, 599)]);
        assert_eq!(ranges_pattern(&five).to_string(), "501 | 505 ..= 599");
        assert_eq!(dispatch(&[Range(2)]), [Some(vec![(200, 299)])]);
        assert_eq!(dispatch(&[Code(200), Code(299), Range(2)])[2], Some(vec![(201, 298)]));
    }
}
