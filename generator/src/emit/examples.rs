//! `tests/examples/`: one round-trip test per valid example of the spec (see
//! [`crate::examples`]), with the support functions from `templates/examples.rs`. The tests
//! live in a module that `main.rs` declares `#[rustfmt::skip]`, so that `cargo fmt` keeps
//! the generator's layout, as it does for `src/`.

use super::rust::{Features, external_ty, ident};
use crate::Options;
use crate::examples::Example;
use crate::model::Api;
use crate::naming::{self, Namespace};
use crate::output::{Content, EmittedFile};
use proc_macro2::TokenStream;
use quote::quote;

const SUPPORT: &str = include_str!("../../templates/examples.rs");

pub fn files(api: &Api, examples: &[Example], options: &Options, features: &Features) -> Vec<EmittedFile> {
    // The tests name models of every tag: they run with every tag feature on (the default).
    let gate = (!api.groups.is_empty()).then(|| {
        let all = super::rust::all_features(api);
        quote!(#![cfg(#all)])
    });
    let file = |path: &str, tokens| EmittedFile { path: path.into(), content: Content::Rust(tokens) };
    if examples.is_empty() {
        // No support code without tests: it would be dead code.
        return vec![file(
            MAIN,
            quote! {
                //! Round trips of the spec's own examples: the spec has no valid example with a
                //! typed schema.
            },
        )];
    }
    let main = quote! {
        //! Round trips of the spec's own examples through the generated types.
        #gate
        #[rustfmt::skip]
        mod round_trips;
    };
    const ROUND_TRIPS: &str = "tests/examples/round_trips.rs";
    vec![
        file(MAIN, main),
        // The support code as written (comments included), then the tests.
        EmittedFile { path: ROUND_TRIPS.into(), content: Content::Text(SUPPORT.into()) },
        EmittedFile {
            path: ROUND_TRIPS.into(),
            content: Content::RustPart(round_trips(api, examples, options, features)),
        },
    ]
}

const MAIN: &str = "tests/examples/main.rs";

fn round_trips(api: &Api, examples: &[Example], options: &Options, features: &Features) -> TokenStream {
    // Without chrono in the crate there are no date-times to compare.
    let same_instant = if features.chrono {
        quote! {
            fn same_instant(a: &str, b: &str) -> bool {
                match (chrono::DateTime::parse_from_rfc3339(a), chrono::DateTime::parse_from_rfc3339(b)) {
                    (Ok(a), Ok(b)) => a == b && a.offset() == b.offset(),
                    _ => false,
                }
            }
        }
    } else {
        quote!(
            fn same_instant(_: &str, _: &str) -> bool {
                false
            }
        )
    };
    let krate = ident(&options.lib_name());
    let mut names = Namespace::with_reserved(&["round_trip", "compare", "same_number", "same_instant"]);
    let tests = examples.iter().map(|e| {
        let name = ident(&naming::escape_keyword(&names.claim(&test_name(&e.pointer))));
        let ty = external_ty(&api.types, &e.ty, &krate);
        let pointer = &e.pointer;
        let example = e.value.to_string();
        let expected = if e.expected == e.value {
            quote!(None)
        } else {
            let expected = e.expected.to_string();
            quote!(Some(#expected))
        };
        quote! {
            #[test]
            fn #name() {
                round_trip::<#ty>(#pointer, #example, #expected);
            }
        }
    });
    quote! {
        #same_instant
        #(#tests)*
    }
}

/// A readable test name from the example's pointer: the words that tell examples apart.
fn test_name(pointer: &str) -> String {
    const NOISE: &[&str] = &["#", "components", "schemas", "paths", "properties", "content", "value", "responses"];
    let segments: Vec<&str> = pointer.split('/').collect();
    let words: Vec<String> = segments
        .iter()
        .enumerate()
        // The media type after `content` says nothing about the example either.
        .filter(|(i, s)| {
            let media = *i > 0 && segments[i - 1] == "content";
            !(NOISE.contains(s) || media)
        })
        // `snake` breaks words at the `/` and `~` of the keys.
        .map(|(_, s)| crate::error::Pointer::unescape(s))
        .collect();
    let name = naming::snake(&words.join(" "), "example");
    let short: String = name.chars().take(60).collect();
    short.trim_end_matches('_').to_owned()
}
