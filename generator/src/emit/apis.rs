//! `apis/`: one struct per tag, one async method per operation, one error enum per operation.

use super::docs;
use super::rust::{self, ident};
use crate::Options;
use crate::model::{
    Api, ApiGroup, BodyKind, Operation, Param, ParamLocation, Poll, RequestBody, SchemeKind, StatusMatch, Ty, TypeSpace,
};
use crate::naming::unraw;
use crate::output::{Content, EmittedFile, Job};
use proc_macro2::TokenStream;
use quote::quote;

/// `apis/mod.rs`, then one job per tag.
pub fn jobs<'a>(api: &'a Api, options: &'a Options) -> Vec<Job<'a>> {
    let mut jobs: Vec<Job<'a>> = vec![Box::new(move || {
        let mods = api.groups.iter().map(|g| {
            let module = ident(&g.module);
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
    let name = ident(&group.struct_name);
    let accessor = ident(&group.accessor);
    let mut doc = group
        .description
        .as_deref()
        .map(docs::markdown)
        .unwrap_or_else(|| format!("Operations tagged `{}`.", group.tag));
    doc.push_str("\n\n| Method | HTTP request | Description |\n|---|---|---|");
    for op in &group.operations {
        let summary = op.summary.as_deref().or(op.description.as_deref()).map(docs::summary).unwrap_or_default();
        doc.push_str(&format!("\n| [`{0}`](Self::{0}) | `{1} {2}` | {summary} |", unraw(&op.name), op.method, op.path));
    }
    let doc = docs::outer(&doc);
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
    let mut used: Vec<&Ty> = Vec::new();
    for op in &group.operations {
        used.extend(op.params.iter().map(|p| &p.ty));
        if let Some(RequestBody { kind: BodyKind::Json(t) | BodyKind::Form(t) | BodyKind::Multipart(t), .. }) = &op.body
        {
            used.push(t);
        }
        // Only bodies the code names: the success type, the success enum's variants, and the
        // error variants (a success status whose body the method does not return is not named).
        for r in &op.responses {
            let named = r.error_variant.is_some() || r.success_variant.is_some() || r.body == op.success;
            if let (true, BodyKind::Json(t)) = (named, &r.body) {
                used.push(t);
            }
        }
    }
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
        args.push((ident(&p.name), arg_ty_with(types, &p.ty, lifetime)));
    }
    if let Some(body) = &op.body {
        let t = match &body.kind {
            BodyKind::Json(t) | BodyKind::Form(t) | BodyKind::Multipart(t) => arg_ty_with(types, t, lifetime),
            BodyKind::Text => quote!(impl Into<String>),
            _ => quote!(impl Into<Vec<u8>>),
        };
        args.push((ident(&body.name), if body.required { t } else { quote!(Option<#t>) }));
    }
    if let Some(options) = &op.options_type {
        let options = ident(options);
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
    let wait = ident(&poll.method);
    let call = ident(&op.name);
    let error = ident(&op.error_type);
    let ok = ok_ty(types, op);
    let lifetime = quote!('a);
    let args = signature_args(types, op, &lifetime);
    let params = args.iter().map(|(n, t)| quote!(#n: #t));
    let names = args.iter().map(|(n, _)| n);
    let field = ident(&poll.field);
    let success = &poll.success;
    let failure = &poll.failure;
    let interval = duration_tokens(poll.interval);
    let max_interval = duration_tokens(poll.max_interval);
    let multiplier = proc_macro2::Literal::f64_unsuffixed(poll.multiplier);
    let deadline = poll.deadline.map(|d| {
        let d = duration_tokens(d);
        quote!(.deadline(#d))
    });
    let list = |values: &[String]| {
        if values.is_empty() {
            "none".to_owned()
        } else {
            values.iter().map(|v| format!("`{v}`")).collect::<Vec<_>>().join(", ")
        }
    };
    let secs = |d: std::time::Duration| format!("{} s", d.as_secs_f64());
    let mut doc = format!(
        "Waits for the job that [`Self::{call}`] reports on: calls it until `{field}` is final.\n\n\
         - success ({}): returns the body;\n\
         - failure ({}): [`PollError::Failed`](crate::PollError::Failed) with the body;\n\
         - pending ({}, and any value the API does not list): polls again.\n\n\
         Defaults from the API description (`x-poll`): first wait {}, multiplied by {} after each poll, at most {} between polls, {}. \
         Each is adjustable on the returned [`Poller`](crate::Poller) before awaiting it.",
        list(success),
        list(failure),
        list(&poll.pending),
        secs(poll.interval),
        poll.multiplier,
        secs(poll.max_interval),
        poll.deadline.map(|d| format!("giving up after {}", secs(d))).unwrap_or_else(|| "no deadline".into()),
        call = unraw(&op.name),
        field = poll.field_wire,
    );
    doc.push_str("\n\n# Example\n\n");
    doc.push_str(&wait_example(api, options, group, op, poll));
    let doc = docs::outer(&doc);
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

fn wait_example(api: &Api, options: &Options, group: &ApiGroup, op: &Operation, poll: &Poll) -> String {
    let lib = options.lib_name();
    let (args, lets) = example_args(op);
    let setup: String = client_setup(api, &lib).lines().map(|l| format!("# {l}\n")).collect::<String>() + &lets;
    format!(
        "```no_run\n# async fn example() -> Result<(), Box<dyn std::error::Error>> {{\n{setup}let done = client\n    .{}()\n    .{}({})\n    .deadline(std::time::Duration::from_secs(300))\n    .on_progress(|status| println!(\"{}: {{}}\", status.{}))\n    .await?;\nprintln!(\"{{done:?}}\");\n# Ok(())\n# }}\n```",
        unraw(&group.accessor),
        unraw(&poll.method),
        args.join(", "),
        poll.field_wire,
        unraw(&poll.field),
    )
}

fn by_value(t: &Ty) -> bool {
    match t {
        Ty::Option(inner) => by_value(inner),
        Ty::Bool | Ty::I32 | Ty::I64 | Ty::U32 | Ty::U64 | Ty::F64 | Ty::Uuid | Ty::Date | Ty::DateTime => true,
        _ => false,
    }
}

/// What a method returns on success: the body, or the operation's success enum.
fn ok_ty(types: &TypeSpace, op: &Operation) -> TokenStream {
    match &op.success_enum {
        Some(name) => {
            let name = ident(name);
            quote!(#name)
        }
        None => success_ty(types, &op.success),
    }
}

/// A block that builds the multipart parts of `body`: a file part per binary field, a text
/// part per other field.
fn multipart_form(types: &TypeSpace, t: &Ty, body: &proc_macro2::Ident) -> TokenStream {
    let fields = match t {
        Ty::Named(id) => match &types.get(*id).kind {
            crate::model::TypeKind::Struct(s) => &s.fields,
            _ => return quote!(crate::client::Multipart::default().text("body", #body)),
        },
        _ => return quote!(crate::client::Multipart::default().text("body", #body)),
    };
    let parts = fields.iter().filter(|f| !f.is_flattened()).map(|f| {
        let field = ident(&f.name);
        let wire = &f.wire;
        match &f.ty {
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

fn success_ty(types: &TypeSpace, body: &BodyKind) -> TokenStream {
    match body {
        BodyKind::Empty => quote!(()),
        BodyKind::Json(t) | BodyKind::Form(t) | BodyKind::Multipart(t) => rust::ty(types, t),
        BodyKind::Bytes => quote!(Vec<u8>),
        BodyKind::Text => quote!(String),
    }
}

fn method(api: &Api, options: &Options, group: &ApiGroup, op: &Operation) -> TokenStream {
    let types = &api.types;
    let name = ident(&op.name);
    let error = ident(&op.error_type);
    let ok = ok_ty(types, op);
    let method = ident(&op.method);
    let path = &op.path;

    let ordered: Vec<&Param> =
        op.params.iter().filter(|p| p.required).chain(op.params.iter().filter(|p| !p.required)).collect();
    let args: Vec<TokenStream> =
        signature_args(types, op, &TokenStream::new()).into_iter().map(|(n, t)| quote!(#n: #t)).collect();

    let mut chain = vec![quote!(Request::new(Method::#method, #path))];
    let mut optional = Vec::new();
    for p in &ordered {
        let n = ident(&p.name);
        let (setter, extra) = match (p.location, &p.style) {
            (ParamLocation::Path, _) => (quote!(path_param), None),
            (ParamLocation::Query, None) => (quote!(query), None),
            (ParamLocation::Query, Some((style, explode))) => {
                let style = ident(style);
                (quote!(query_styled), Some(quote!(, crate::params::Style::#style, #explode)))
            }
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
        let n = ident(&body.name);
        let ct = &body.content_type;
        // Numbers, booleans, dates and uuids are taken by value, like parameters; the request
        // serialises through a reference.
        let value = |t: &Ty| if by_value(t) { quote!(&#n) } else { quote!(#n) };
        let call = match &body.kind {
            BodyKind::Json(t) => {
                let v = value(t);
                quote!(json(#ct, #v))
            }
            BodyKind::Form(t) => {
                let v = value(t);
                quote!(form(#ct, #v))
            }
            BodyKind::Multipart(t) => {
                let form = multipart_form(types, t, &n);
                quote!(multipart(#form))
            }
            BodyKind::Text => quote!(bytes(#ct, #n.into().into_bytes())),
            _ => quote!(bytes(#ct, #n)),
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
    if let Some(ct) = op
        .responses
        .iter()
        .find(|r| r.status.is_success() && r.body != BodyKind::Empty)
        .and_then(|r| r.content_type.as_deref())
    {
        chain.push(quote!(.accept(#ct)));
    }
    // Alternatives that are all empty mean "no credentials needed": nothing to send.
    if op.security.iter().any(|alt| !alt.is_empty()) {
        let alternatives = op.security.iter().map(|alt| {
            let schemes = alt.iter().map(|i| ident(&api.schemes[*i].variant));
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
    let doc = docs::outer(&method_doc(api, options, group, op, &ordered));
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

fn status_pattern(status: StatusMatch) -> TokenStream {
    match status {
        StatusMatch::Code(c) => {
            let c = proc_macro2::Literal::u16_unsuffixed(c);
            quote!(#c)
        }
        StatusMatch::Range(r) => {
            let lo = proc_macro2::Literal::u16_unsuffixed(r * 100);
            let hi = proc_macro2::Literal::u16_unsuffixed(r * 100 + 99);
            quote!(#lo..=#hi)
        }
        StatusMatch::Default => quote!(_),
    }
}

fn decode_arms(op: &Operation) -> Vec<TokenStream> {
    let error = ident(&op.error_type);
    let rank = |s: StatusMatch| match s {
        StatusMatch::Code(_) => 0,
        StatusMatch::Range(_) => 1,
        StatusMatch::Default => 2,
    };
    let mut responses: Vec<_> = op.responses.iter().collect();
    responses.sort_by_key(|r| rank(r.status));
    let mut arms = Vec::new();
    for r in &responses {
        let pattern = status_pattern(r.status);
        let expr = match &r.error_variant {
            None if r.success_variant.is_some() => {
                let enum_name = ident(op.success_enum.as_ref().expect("variants belong to an enum"));
                let v = ident(r.success_variant.as_ref().expect("checked"));
                match &r.body {
                    BodyKind::Empty => quote!(response.empty().map(|()| #enum_name::#v)),
                    BodyKind::Json(_) => quote!(response.json_into(#enum_name::#v)),
                    BodyKind::Text => quote!(response.text().map(#enum_name::#v)),
                    // Responses are never forms (the model reads them as bytes).
                    BodyKind::Bytes | BodyKind::Form(_) | BodyKind::Multipart(_) => {
                        quote!(response.bytes().map(#enum_name::#v))
                    }
                }
            }
            None => match (&r.body, &op.success) {
                (BodyKind::Empty, BodyKind::Empty) => quote!(response.empty()),
                (BodyKind::Json(_), BodyKind::Json(_)) => quote!(response.json()),
                (BodyKind::Bytes, BodyKind::Bytes) => quote!(response.bytes()),
                (BodyKind::Text, BodyKind::Text) => quote!(response.text()),
                // A success status whose body differs from the one the method returns.
                _ => quote!(response.unexpected_status()),
            },
            Some(variant) => {
                let v = ident(variant);
                match &r.body {
                    BodyKind::Json(_) => quote!(response.error(#error::#v)),
                    BodyKind::Empty => quote!(response.error_empty(#error::#v)),
                    BodyKind::Bytes | BodyKind::Text | BodyKind::Form(_) | BodyKind::Multipart(_) => {
                        quote!(response.error_bytes(#error::#v))
                    }
                }
            }
        };
        arms.push(quote!(#pattern => #expr,));
    }
    if !op.responses.iter().any(|r| r.status.is_success()) {
        let empty =
            if op.success == BodyKind::Empty { quote!(response.empty()) } else { quote!(response.unexpected_status()) };
        arms.insert(0, quote!(200..=299 => #empty,));
    }
    if !op.responses.iter().any(|r| r.status == StatusMatch::Default) {
        arms.push(quote!(_ => response.unexpected_status(),));
    }
    arms
}

/// The return type of an operation whose success statuses carry different bodies.
fn success_enum(types: &TypeSpace, group: &ApiGroup, op: &Operation) -> Option<TokenStream> {
    let name = ident(op.success_enum.as_ref()?);
    let variants = op.responses.iter().filter_map(|r| {
        let v = ident(r.success_variant.as_ref()?);
        let doc = format!(" {}: {}", r.status.label(), docs::cell(&r.description));
        Some(match &r.body {
            BodyKind::Empty => quote!(#[doc = #doc] #v),
            // Boxed, as in error enums: one large body should not make every outcome large.
            BodyKind::Json(t) => {
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
        group.struct_name,
        unraw(&op.name)
    );
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
    let name = ident(op.options_type.as_ref()?);
    let fields = op.params.iter().filter(|p| !p.required).map(|p| {
        let n = ident(&p.name);
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
        group.struct_name,
        unraw(&op.name)
    );
    let secrets = op.params.iter().any(|p| !p.required && p.secret);
    // Parameters named like credentials show only whether they are set.
    let debug = secrets.then(|| {
        let label = unraw(op.options_type.as_deref().unwrap_or_default());
        let shown = op.params.iter().filter(|p| !p.required).map(|p| {
            let n = ident(&p.name);
            let wire = unraw(&p.name);
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
    let name = ident(&op.error_type);
    let variants = op.responses.iter().filter_map(|r| {
        let v = ident(r.error_variant.as_ref()?);
        let doc = format!(" {}: {}", r.status.label(), docs::cell(&r.description));
        Some(match &r.body {
            // Boxed: an error travels in `Result`s, which should stay small.
            BodyKind::Json(t) => {
                let t = rust::ty(types, t);
                quote!(#[doc = #doc] #v(Box<#t>))
            }
            BodyKind::Empty => quote!(#[doc = #doc] #v),
            BodyKind::Bytes | BodyKind::Text | BodyKind::Form(_) | BodyKind::Multipart(_) => {
                quote!(#[doc = #doc] #v(Vec<u8>))
            }
        })
    });
    let doc = format!(
        " Documented error responses of [`{}::{}`](super::{}::{}).",
        group.struct_name,
        unraw(&op.name),
        group.struct_name,
        unraw(&op.name)
    );
    quote! {
        #[doc = #doc]
        #[derive(Clone, Debug, PartialEq)]
        pub enum #name {
            #(#variants),*
        }
    }
}

fn method_doc(api: &Api, options: &Options, group: &ApiGroup, op: &Operation, ordered: &[&Param]) -> String {
    let types = &api.types;
    let mut doc = String::new();
    if let Some(summary) = &op.summary {
        doc.push_str(&docs::markdown(summary));
        doc.push_str("\n\n");
    }
    if let Some(description) = &op.description {
        doc.push_str(&docs::markdown(description));
        doc.push_str("\n\n");
    }
    doc.push_str(&format!("`{} {}`", op.method, op.path));
    if let Some(id) = &op.operation_id {
        doc.push_str(&format!(" (operation `{}`)", docs::cell(id)));
    }
    if !ordered.is_empty() || op.body.is_some() {
        doc.push_str("\n\n# Parameters\n\n| Name | Type | In | Required | Description |\n|---|---|---|---|---|");
        for p in ordered {
            let name = if p.required { unraw(&p.name).to_owned() } else { format!("options.{}", unraw(&p.name)) };
            doc.push_str(&format!(
                "\n| `{}` | {} | {} | {} | {} |",
                name,
                rust::ty_doc(types, &p.ty),
                p.location.as_str(),
                if p.required { "yes" } else { "no" },
                p.description.as_deref().map(docs::cell).unwrap_or_default()
            ));
        }
        if let Some(b) = &op.body {
            doc.push_str(&format!(
                "\n| `{}` | {} | body (`{}`) | {} | {} |",
                b.name,
                rust::body_doc(types, &b.kind),
                b.content_type,
                if b.required { "yes" } else { "no" },
                b.description.as_deref().map(docs::cell).unwrap_or_default()
            ));
        }
    }
    doc.push_str("\n\n# Returns\n\n");
    match op.responses.iter().find(|r| r.status.is_success()) {
        Some(_) if op.success_enum.is_some() => doc.push_str(&format!(
            "[`{}`], with a variant for each success status (see the table below).",
            op.success_enum.as_deref().unwrap_or_default()
        )),
        Some(r) => doc.push_str(&format!(
            "{} on {}: {}",
            rust::body_doc(types, &op.success),
            r.status.label(),
            docs::cell(&r.description)
        )),
        None => doc.push_str("Nothing, on any 2XX status."),
    }
    doc.push_str("\n\n# Authorization\n\n");
    if op.security.is_empty() {
        doc.push_str("None.");
    } else {
        let alternatives: Vec<String> = op
            .security
            .iter()
            .map(|alt| {
                if alt.is_empty() {
                    return "no credentials".to_owned();
                }
                alt.iter()
                    .map(|i| {
                        let s = &api.schemes[*i];
                        let how = match &s.kind {
                            SchemeKind::Bearer => "bearer token".to_owned(),
                            SchemeKind::Basic => "HTTP basic".to_owned(),
                            SchemeKind::ApiKey { location, name } => {
                                format!("API key in {} `{name}`", location.as_str())
                            }
                        };
                        format!(
                            "`{}` ({how}, set with [`ClientBuilder::{}`](crate::ClientBuilder::{}))",
                            s.wire_name,
                            unraw(&s.setter),
                            unraw(&s.setter)
                        )
                    })
                    .collect::<Vec<_>>()
                    .join(" and ")
            })
            .collect();
        if alternatives.len() == 1 {
            doc.push_str(&alternatives[0]);
        } else {
            doc.push_str("Any one of:\n");
            for a in alternatives {
                doc.push_str(&format!("\n- {a}"));
            }
        }
    }
    doc.push_str("\n\n# Request headers\n");
    if let Some(b) = &op.body {
        doc.push_str(&format!("\n- `Content-Type: {}`", b.content_type));
    }
    match op
        .responses
        .iter()
        .find(|r| r.status.is_success() && r.body != BodyKind::Empty)
        .and_then(|r| r.content_type.as_deref())
    {
        Some(ct) => doc.push_str(&format!("\n- `Accept: {ct}`")),
        None => doc.push_str("\n- no `Accept` header"),
    }
    for p in ordered.iter().filter(|p| p.location == ParamLocation::Header) {
        doc.push_str(&format!("\n- `{}` (parameter `{}`)", p.wire, unraw(&p.name)));
    }
    doc.push_str("\n\n# Responses\n\n| Status | Body | Description | Result |\n|---|---|---|---|");
    for r in &op.responses {
        let result = match &r.error_variant {
            None => "`Ok`".to_owned(),
            Some(v) => format!("[`Error::Api`](crate::Error::Api) with [`{0}::{v}`]", op.error_type),
        };
        doc.push_str(&format!(
            "\n| {} | {} | {} | {result} |",
            r.status.label(),
            rust::body_doc(types, &r.body),
            docs::cell(&r.description)
        ));
    }
    doc.push_str("\n\nAny other status gives [`Error::UnexpectedStatus`](crate::Error::UnexpectedStatus); transport failures, timeouts and bodies that do not match their schema have variants of their own in [`Error`](crate::Error).");
    doc.push_str("\n\n# Example\n\n");
    doc.push_str(&example(api, options, group, op, false));
    doc
}

/// A compiled (`no_run`) example of calling `op`.
fn example(api: &Api, options: &Options, group: &ApiGroup, op: &Operation, with_builder: bool) -> String {
    let lib = options.lib_name();
    let (args, lets) = example_args(op);
    let mut code = String::from("```no_run\n# async fn example() -> Result<(), Box<dyn std::error::Error>> {\n");
    let setup = client_setup(api, &lib);
    if with_builder {
        code.push_str(&setup);
    } else {
        code.push_str(&setup.lines().map(|l| format!("# {l}\n")).collect::<String>());
    }
    code.push_str(&lets);
    let call = format!("client.{}().{}({})", unraw(&group.accessor), unraw(&op.name), args.join(", "));
    if op.success == BodyKind::Empty {
        code.push_str(&format!("{call}.await?;\n"));
    } else {
        code.push_str(&format!("let result = {call}.await?;\nprintln!(\"{{result:?}}\");\n"));
    }
    code.push_str("# Ok(())\n# }\n```");
    code
}

/// Example argument values, in signature order.
fn example_args(op: &Operation) -> (Vec<String>, String) {
    let mut lets = String::new();
    let mut args: Vec<String> = op
        .params
        .iter()
        .filter(|p| p.required)
        .map(|p| example_value(&p.ty, &p.wire, unraw(&p.name), &mut lets))
        .collect();
    if let Some(b) = &op.body {
        let value = match &b.kind {
            BodyKind::Json(t) | BodyKind::Form(t) | BodyKind::Multipart(t) => {
                example_value(t, &b.name, &b.name, &mut lets)
            }
            BodyKind::Text => "\"text\"".to_owned(),
            _ => "b\"bytes\".to_vec()".to_owned(),
        };
        args.push(if b.required { value } else { format!("Some({value})") });
    }
    if op.options_type.is_some() {
        args.push("&Default::default()".to_owned());
    }
    (args, lets)
}

fn client_setup(api: &Api, lib: &str) -> String {
    let credential = api.schemes.first().map(|s| match s.kind {
        SchemeKind::Basic => format!("\n    .{}(\"user\", \"password\")", unraw(&s.setter)),
        SchemeKind::Bearer => format!("\n    .{}(\"YOUR_TOKEN\")", unraw(&s.setter)),
        SchemeKind::ApiKey { .. } => format!("\n    .{}(\"YOUR_API_KEY\")", unraw(&s.setter)),
    });
    let base = if api.servers.is_empty() { "\n    .base_url(\"https://api.example.com\")" } else { "" };
    format!("let client = {lib}::Client::builder(){base}{}\n    .build()?;\n", credential.unwrap_or_default())
}

/// A literal for simple types; for others a hidden `let` of `todo!()` (which takes the type the
/// call expects) and a reference to it.
fn example_value(t: &Ty, wire: &str, var: &str, lets: &mut String) -> String {
    match t {
        Ty::String | Ty::Binary => format!("{:?}", wire),
        Ty::Bool => "true".into(),
        Ty::I32 | Ty::I64 | Ty::U32 | Ty::U64 => "1".into(),
        Ty::F64 => "1.0".into(),
        Ty::Option(inner) => example_value(inner, wire, var, lets),
        Ty::Vec(_) => "&[]".into(),
        _ if by_value(t) => "todo!()".into(),
        _ => {
            lets.push_str(&format!("# let {var} = todo!();\n"));
            format!("&{var}")
        }
    }
}

/// The example shown on the crate's front page: the first operation of the first API.
pub fn crate_example(api: &Api, lib: &str) -> Option<String> {
    let group = api.groups.first()?;
    let op = group.operations.first()?;
    let options = Options::new(lib, "", "");
    Some(example(api, &options, group, op, true))
}
