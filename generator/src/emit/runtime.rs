//! The client runtime: `lib.rs`, servers, credentials (all from the spec) and the fixed
//! parts (request execution, errors, parameters, the models' macros), which live as Rust
//! sources under `generator/templates/` so that they read, and are reviewed, as ordinary Rust,
//! and are copied into the crate as written. Their unit tests live in
//! `client-tests/tests/runtime.rs`, so that no generated crate ships them.

use super::docs;
use super::rust::{Features, ident};
use crate::Options;
use crate::model::{Api, ParamLocation, SchemeKind, TypeKind};
use crate::output::{Content, EmittedFile};
use proc_macro2::TokenStream;
use quote::quote;

const MACROS: &str = include_str!("../../templates/macros.rs");
const CLIENT: &str = include_str!("../../templates/client.rs");
const ERROR: &str = include_str!("../../templates/error.rs");
const STRING_ENUM: &str = include_str!("../../templates/string_enum.rs");
const TAGGED_UNION: &str = include_str!("../../templates/tagged_union.rs");
const UNTAGGED_UNION: &str = include_str!("../../templates/untagged_union.rs");
const OBJECT: &str = include_str!("../../templates/object.rs");
const REDACTED_DEBUG: &str = include_str!("../../templates/redacted_debug.rs");
const FILE_PART: &str = include_str!("../../templates/file_part.rs");
const POLL: &str = include_str!("../../templates/poll.rs");
const PARAMS: &str = include_str!("../../templates/params.rs");
const BASE64: &str = include_str!("../../templates/base64.rs");

pub fn files(api: &Api, options: &Options, features: &Features) -> Vec<EmittedFile> {
    let rust = |path: &str, tokens: TokenStream| EmittedFile { path: path.into(), content: Content::Rust(tokens) };
    // Copied as written, comments and layout included: parsing and printing them again would
    // drop every `//` comment and turn macro bodies into a stream of tokens.
    let template = |path: &str, source: &str| EmittedFile { path: path.into(), content: Content::Text(source.into()) };
    let parts = Parts::of(api, features);
    let mut files = vec![rust("src/lib.rs", lib_rs(api, options, &parts)), rust("src/servers.rs", servers(api))];
    if parts.client {
        files.push(rust("src/auth.rs", auth(api)));
        files.push(template("src/client.rs", CLIENT));
        files.push(template("src/error.rs", ERROR));
    }
    if parts.poll {
        files.push(template("src/poll.rs", POLL));
    }
    if parts.macros() {
        let used = [
            (true, MACROS),
            (parts.objects, OBJECT),
            (parts.enums, STRING_ENUM),
            (parts.tagged_unions, TAGGED_UNION),
            (parts.untagged_unions, UNTAGGED_UNION),
            (parts.secrets, REDACTED_DEBUG),
        ];
        let sources: Vec<&str> = used.iter().filter(|(used, _)| *used).map(|(_, source)| *source).collect();
        files.push(template("src/macros.rs", &sources.join("\n")));
    }
    if parts.client {
        files.push(template("src/params.rs", PARAMS));
    }
    // Models use it for `format: binary`, the client for multipart bodies.
    files.push(template("src/file_part.rs", FILE_PART));
    if parts.base64 {
        files.push(template("src/base64_bytes.rs", BASE64));
    }
    files
}

/// Which runtime modules the crate needs: a document with no operations gets no client, and
/// one with no enums no enum macro, so that nothing generated is dead code.
struct Parts {
    client: bool,
    poll: bool,
    objects: bool,
    enums: bool,
    tagged_unions: bool,
    untagged_unions: bool,
    secrets: bool,
    base64: bool,
}

impl Parts {
    fn of(api: &Api, features: &Features) -> Parts {
        Parts {
            client: api.groups.iter().any(|g| !g.operations.is_empty()),
            poll: api.groups.iter().flat_map(|g| &g.operations).any(|op| op.poll.is_some()),
            objects: api.types.defs().any(|d| matches!(&d.kind, TypeKind::Struct(s) if !s.has_flattened_parts())),
            enums: api.types.defs().any(|d| matches!(d.kind, TypeKind::Enum(_))),
            tagged_unions: api.types.defs().any(|d| matches!(&d.kind, TypeKind::Union(u) if u.tagged.is_some())),
            untagged_unions: api.types.defs().any(|d| matches!(&d.kind, TypeKind::Union(u) if u.tagged.is_none())),
            secrets: api.types.defs().any(|d| matches!(&d.kind, TypeKind::Struct(s) if s.has_secrets())),
            base64: features.base64,
        }
    }

    fn macros(&self) -> bool {
        self.objects || self.enums || self.tagged_unions || self.untagged_unions || self.secrets
    }
}

fn lib_rs(api: &Api, options: &Options, parts: &Parts) -> TokenStream {
    let title = docs::cell(&api.title);
    let mut doc = format!("# {title}\n\nA Rust client for {title} (API version {}).", docs::cell(&api.version));
    if let Some(description) = &api.description {
        doc.push_str("\n\n");
        doc.push_str(&docs::markdown(description));
    }
    doc.push_str("\n\n# APIs\n");
    for group in &api.groups {
        doc.push_str(&format!(
            "\n- [`{}`](apis::{}): {} operation{}, from [`Client::{}`] (feature `{}`).",
            group.struct_name,
            group.struct_name,
            group.operations.len(),
            if group.operations.len() == 1 { "" } else { "s" },
            group.accessor,
            group.feature,
        ));
    }
    if let Some(example) = super::api_docs::crate_example(api, &options.lib_name()) {
        doc.push_str("\n\n# Example\n\n");
        doc.push_str(&example);
    }
    let doc = docs::inner(&doc);
    let mut modules = vec![(true, "models"), (true, "servers"), (false, "file_part")];
    if parts.client {
        modules.extend([(true, "apis"), (false, "auth"), (false, "client"), (false, "error"), (false, "params")]);
    }
    if parts.macros() {
        modules.push((false, "macros"));
    }
    if parts.poll {
        modules.push((true, "poll"));
    }
    if parts.base64 {
        modules.push((false, "base64_bytes"));
    }
    modules.sort_by_key(|(public, name)| (!*public, *name));
    let modules = modules.iter().map(|(public, name)| {
        let name = ident(name);
        let vis = public.then(|| quote!(pub));
        quote!(#[rustfmt::skip] #vis mod #name;)
    });
    // Sorted by module, as rustfmt would sort them: lib.rs itself is checked by `cargo fmt`.
    let mut reexports = vec![("file_part", quote! { pub use file_part::FilePart; })];
    if parts.client {
        reexports.push(("auth", quote! { #[doc(hidden)] pub use auth::Scheme; }));
        reexports.push(("client", quote! { pub use client::{Client, ClientBuilder, RetryPolicy}; }));
        reexports.push(("error", quote! { pub use error::{BuildError, Error}; }));
    }
    if parts.base64 {
        reexports.push(("base64_bytes", quote! { pub use base64_bytes::Base64; }));
    }
    if parts.poll {
        reexports.push(("poll", quote! { pub use poll::{PollError, PollState, Poller}; }));
    }
    reexports.sort_by_key(|(module, _)| *module);
    let reexports = reexports.into_iter().map(|(_, tokens)| tokens);
    // With some tag features off, parts of the runtime (request body kinds, parameter styles,
    // enum macros) may have no user left; that is expected, not a warning.
    let reduced = (!api.groups.is_empty()).then(|| {
        let all = super::rust::all_features(api);
        quote!(#![cfg_attr(not(#all), allow(dead_code, unused_imports, unused_macros))])
    });
    quote! {
        #doc
        #reduced
        // Descriptions come from the API's authors: their Markdown may hold bare URLs, `[x]`
        // that is not a Rust path, or HTML-like `<T>`. The generator cannot fix their prose.
        #![allow(rustdoc::bare_urls, rustdoc::broken_intra_doc_links, rustdoc::invalid_html_tags)]
        // The same prose trips clippy's Markdown checks (lazy list and quote continuations), and
        // the spec decides how deeply its types nest.
        #![allow(clippy::doc_lazy_continuation, clippy::doc_overindented_list_items, clippy::type_complexity)]

        // The modules keep prettyplease's layout; `cargo fmt` is kept off them so that the
        // committed output stays exactly what the generator writes.
        #(#modules)*

        #(#reexports)*
    }
}

fn servers(api: &Api) -> TokenStream {
    let consts = api.servers.iter().map(|s| {
        let name = ident(&s.const_name);
        let url = &s.url;
        let doc = docs::outer(&s.description.as_deref().map(docs::markdown).unwrap_or_else(|| format!("`{url}`")));
        quote!(#doc pub const #name: &str = #url;)
    });
    let default = match api.servers.first() {
        Some(first) => {
            let name = ident(&first.const_name);
            quote!(#name)
        }
        // No server (or only a relative one): the caller must say where the API is.
        None => quote!(""),
    };
    quote! {
        //! The servers the API description lists.
        #(#consts)*
        /// The server a [`crate::Client`] uses unless given a base URL: the first one listed.
        pub const DEFAULT: &str = #default;
    }
}

fn auth(api: &Api) -> TokenStream {
    let variants = api.schemes.iter().map(|s| {
        let v = s.variant.ident();
        let wire = format!(" `{}`", s.wire_name);
        quote!(#[doc = #wire] #v)
    });
    let fields = api.schemes.iter().map(|s| {
        let f = s.field.ident();
        match s.kind {
            SchemeKind::Basic => quote!(#f: Option<(String, SecretString)>),
            _ => quote!(#f: Option<SecretString>),
        }
    });
    let has = api.schemes.iter().map(|s| {
        let v = s.variant.ident();
        let f = s.field.ident();
        quote!(Scheme::#v => self.#f.is_some())
    });
    let apply = api.schemes.iter().map(|s| {
        let v = s.variant.ident();
        let f = s.field.ident();
        let action = match &s.kind {
            SchemeKind::Bearer => quote! {
                if let Some(token) = &self.#f {
                    outgoing.headers.insert(AUTHORIZATION, secret_header(format!("Bearer {}", token.expose_secret()))?);
                }
            },
            SchemeKind::Basic => quote! {
                if let Some((user, password)) = &self.#f {
                    use base64::Engine as _;
                    let encoded = base64::engine::general_purpose::STANDARD.encode(format!("{user}:{}", password.expose_secret()));
                    outgoing.headers.insert(AUTHORIZATION, secret_header(format!("Basic {encoded}"))?);
                }
            },
            SchemeKind::ApiKey { location, name } => match location {
                ParamLocation::Query => quote! {
                    if let Some(key) = &self.#f {
                        outgoing.query.push((#name.to_owned(), key.expose_secret().to_owned()));
                    }
                },
                ParamLocation::Cookie => quote! {
                    if let Some(key) = &self.#f {
                        let cookie = [#name, "=", &crate::client::cookie_value(key.expose_secret())].concat();
                        outgoing.headers.append(reqwest::header::COOKIE, secret_header(cookie)?);
                    }
                },
                _ => {
                    let header = name.to_ascii_lowercase();
                    quote! {
                        if let Some(key) = &self.#f {
                            outgoing.headers.insert(#header, secret_header(key.expose_secret().to_owned())?);
                        }
                    }
                }
            },
        };
        quote!(Scheme::#v => { #action })
    });
    let setters = api.schemes.iter().map(|s| {
        let f = s.field.ident();
        let setter = s.setter.ident();
        let what = match &s.kind {
            SchemeKind::Bearer => "the bearer token sent as `Authorization: Bearer ...`".to_owned(),
            SchemeKind::Basic => "the user and password sent with HTTP basic authentication".to_owned(),
            SchemeKind::ApiKey { location, name } => format!("the API key sent in the {} `{name}`", location.as_str()),
        };
        let mut doc = format!("Sets {what}, for the `{}` security scheme.", s.wire_name);
        if let Some(d) = &s.description {
            doc.push_str("\n\n");
            doc.push_str(&docs::markdown(d));
        }
        let doc = docs::outer(&doc);
        match s.kind {
            SchemeKind::Basic => quote! {
                #doc
                pub fn #setter(mut self, user: impl Into<String>, password: impl Into<String>) -> Self {
                    self.credentials.#f = Some((user.into(), SecretString::from(password.into())));
                    self
                }
            },
            _ => quote! {
                #doc
                pub fn #setter(mut self, secret: impl Into<String>) -> Self {
                    self.credentials.#f = Some(SecretString::from(secret.into()));
                    self
                }
            },
        }
    });
    let uses_auth_header = api.schemes.iter().any(|s| matches!(s.kind, SchemeKind::Bearer | SchemeKind::Basic));
    let auth_header = uses_auth_header.then(|| {
        quote!(
            use reqwest::header::AUTHORIZATION;
        )
    });
    let uses_secret = !api.schemes.is_empty();
    // Keys sent in the query are the one credential that never becomes a header.
    let uses_secret_header =
        api.schemes.iter().any(|s| !matches!(s.kind, SchemeKind::ApiKey { location: ParamLocation::Query, .. }));
    let secret_header_import = uses_secret_header.then(|| {
        quote!(
            use crate::client::secret_header;
        )
    });
    let secret_imports = uses_secret.then(|| {
        quote! {
            #secret_header_import
            use secrecy::{ExposeSecret, SecretString};
        }
    });
    // Header names were checked as RFC 9110 tokens when the model was built.
    let mut secret_headers: Vec<String> = api
        .schemes
        .iter()
        .filter_map(|s| match &s.kind {
            SchemeKind::ApiKey { location: ParamLocation::Header, name } => Some(name.to_ascii_lowercase()),
            _ => None,
        })
        .collect();
    secret_headers.sort();
    secret_headers.dedup();
    quote! {
        //! Credentials for the API's security schemes. They are kept as `SecretString`s, which
        //! print as `[REDACTED]`, and sent in headers marked sensitive.
        #secret_imports
        #auth_header
        use crate::client::Outgoing;

        /// The headers (lowercase) that the security schemes send credentials in; `Debug` of
        /// errors redacts them.
        pub(crate) const SECRET_HEADERS: &[&str] = &[#(#secret_headers),*];

        /// A security scheme of the API, as operations name them.
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        pub enum Scheme {
            #(#variants),*
        }

        /// The credentials configured on a client.
        #[derive(Clone, Debug, Default)]
        pub(crate) struct Credentials {
            #(#fields),*
        }

        impl Credentials {
            pub(crate) fn has(&self, scheme: Scheme) -> bool {
                match scheme {
                    #(#has,)*
                }
            }

            // With no schemes the match is empty and the rest unreachable.
            #[allow(unused_variables, unreachable_code)]
            pub(crate) fn apply(&self, scheme: Scheme, outgoing: &mut Outgoing) -> Result<(), &'static str> {
                match scheme {
                    #(#apply)*
                }
                Ok(())
            }
        }

        impl crate::ClientBuilder {
            #(#setters)*
        }
    }
}

#[cfg(test)]
mod tests {
    /// Templates are copied as text, so a mistake in one would only show when a generated
    /// crate is compiled: every file of `templates/` must at least parse as Rust.
    #[test]
    fn every_template_parses_as_rust() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/templates");
        let mut checked = 0;
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            let source = std::fs::read_to_string(&path).unwrap();
            if let Err(e) = syn::parse_file(&source) {
                panic!("{}: {e}", path.display());
            }
            checked += 1;
        }
        assert!(checked >= 13, "only {checked} templates found in {dir}");
    }

    /// Templates reach generated crates as written, so they are kept as `cargo fmt` would
    /// write them (with `generator/rustfmt.toml`, which rustfmt finds from their folder); no
    /// crate compiles them as modules, so `cargo fmt --all --check` cannot see them.
    #[test]
    fn every_template_is_formatted_as_rustfmt_formats_it() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/templates");
        let mut paths: Vec<_> = std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().path()).collect();
        paths.sort();
        let rustfmt = std::env::var("RUSTFMT").unwrap_or_else(|_| "rustfmt".into());
        let output = std::process::Command::new(&rustfmt)
            .args(["--edition", "2024", "--check", "--color", "never"])
            .args(&paths)
            .output()
            .unwrap_or_else(|e| panic!("cannot run `{rustfmt}` (`rustup component add rustfmt`): {e}"));
        assert!(
            output.status.success(),
            "templates differ from rustfmt's layout (run `rustfmt --edition 2024 generator/templates/*.rs`):\n{}{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
    }
}
