//! Every Rust name the generator emits is made here, once.
//!
//! Conversions go through `heck` after transliterating to ASCII (so `Société` becomes `Societe`
//! rather than an identifier that trips `non_ascii_idents` or confusable-character lints);
//! uniqueness is kept by [`Namespace`], which hands out names in call order so the result
//! depends only on the document.

use heck::{ToSnakeCase, ToUpperCamelCase};
use std::collections::HashSet;

/// Words that cannot be identifiers (strict and reserved keywords, all editions up to 2024).
const KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "crate", "do", "dyn", "else",
    "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl", "in", "let", "loop", "macro", "match", "mod",
    "move", "mut", "override", "priv", "pub", "ref", "return", "self", "Self", "static", "struct", "super", "trait",
    "true", "try", "type", "typeof", "unsafe", "unsized", "use", "virtual", "where", "while", "yield",
];

/// Keywords that cannot even be raw identifiers (`r#self` is an error).
const NOT_RAW: &[&str] = &["crate", "self", "Self", "super", "_"];

/// Type-level names a model must not take, because generated modules use them unqualified:
/// the Rust prelude (any edition up to 2024, which the model macros' expansions use), and the
/// runtime's types that API modules import or the crate root re-exports. (The runtime's other
/// types live in modules without models, or are named by full path.) Models share a module with
/// the macros' expansions and are imported by name into the API modules, so any of these as a
/// schema name would be ambiguous (E0252) or silently shadow the runtime's.
pub const RESERVED_TYPE_NAMES: &[&str] = &[
    // The prelude: types, traits and variants.
    "Option",
    "Some",
    "None",
    "Result",
    "Ok",
    "Err",
    "String",
    "ToString",
    "Vec",
    "Box",
    "ToOwned",
    "Clone",
    "Copy",
    "Send",
    "Sync",
    "Sized",
    "Unpin",
    "Drop",
    "Fn",
    "FnMut",
    "FnOnce",
    "AsyncFn",
    "AsyncFnMut",
    "AsyncFnOnce",
    "AsRef",
    "AsMut",
    "Into",
    "From",
    "TryFrom",
    "TryInto",
    "FromIterator",
    "Default",
    "Iterator",
    "IntoIterator",
    "Extend",
    "DoubleEndedIterator",
    "ExactSizeIterator",
    "Future",
    "IntoFuture",
    "PartialEq",
    "PartialOrd",
    "Eq",
    "Ord",
    "Self",
    // Derives and serde.
    "Debug",
    "Hash",
    "Serialize",
    "Deserialize",
    "Serializer",
    "Deserializer",
    // The runtime: what `lib.rs` re-exports and the API modules import.
    "Client",
    "ClientBuilder",
    "RetryPolicy",
    "Error",
    "BuildError",
    "Request",
    "Response",
    "Method",
    "Scheme",
    "Base64",
    "FilePart",
    "Poller",
    "PollError",
    "PollState",
    // Collections and JSON.
    "Value",
    "Map",
    "BTreeMap",
    "HashMap",
];

/// Splits a wire name into ASCII words: transliterates, and treats every non-alphanumeric
/// character as a word break (`api.v2010.account`, `File--Full`, `x-api-key`).
fn ascii_words(raw: &str) -> String {
    let ascii = deunicode::deunicode(raw);
    ascii.chars().map(|c| if c.is_ascii_alphanumeric() { c } else { ' ' }).collect()
}

/// `UpperCamelCase` for types and enum variants. `fallback` is used when nothing is left
/// (an empty or all-punctuation name); `digit_prefix` goes before a leading digit.
pub fn type_ident(raw: &str, fallback: &str, digit_prefix: &str) -> String {
    let mut name = ascii_words(raw).to_upper_camel_case();
    if name.is_empty() {
        name = fallback.to_owned();
    }
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        name = format!("{digit_prefix}{name}");
    }
    if KEYWORDS.contains(&name.as_str()) {
        name.push('_');
    }
    name
}

/// Whether a member name says its value is a secret: a password, passphrase or secret
/// anywhere in it (`client_secret`, `chorus_pro_password`), a key named private, API, secret
/// or access (`private_key_pem`, `apiKey`), or a token at the end (`access_token`, not
/// `token_url`), unless the last word says the member is about a secret (`api_key_id`,
/// `reset_password_url`).
pub fn names_a_secret(wire: &str) -> bool {
    let snake = snake(wire, "");
    let words: Vec<&str> = snake.split('_').collect();
    let secret_word = words.iter().any(|w| matches!(*w, "password" | "passwd" | "passphrase" | "secret"));
    let key = words.windows(2).any(|w| matches!(w[0], "private" | "api" | "secret" | "access") && w[1] == "key");
    let apikey = words.contains(&"apikey");
    let token = words.last().is_some_and(|w| *w == "token");
    // About a secret, not one: `api_key_id`, `private_key_uuid`, `reset_password_url`.
    const ABOUT: &[&str] = &[
        "id", "ids", "uuid", "url", "uri", "name", "type", "kind", "status", "hint", "length", "count", "expires",
        "expiry", "at", "set", "enabled", "required", "policy", "format",
    ];
    let about = words.last().is_some_and(|w| ABOUT.contains(w));
    (secret_word || key || apikey || token) && !about
}

/// `snake_case` for fields, methods, parameters and modules, without keyword escaping
/// (see [`escape_keyword`]).
pub fn snake(raw: &str, fallback: &str) -> String {
    let mut name = ascii_words(raw).to_snake_case();
    if name.is_empty() {
        name = fallback.to_owned();
    }
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        name = format!("{fallback}_{name}");
    }
    name
}

/// Makes a snake-case name usable as an identifier: `type` becomes `r#type`, while names that
/// cannot be raw (`self`, `crate`) get a trailing underscore.
pub fn escape_keyword(name: &str) -> String {
    RustName::new(name).escaped()
}

/// A final Rust identifier. A keyword is kept as a raw identifier (`r#type`): [`Self::ident`]
/// is the token, while `Display` writes the name as a reader types it after a `.` or inside
/// other names and prose (`type`), which is where the `r#` would be wrong.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct RustName {
    bare: String,
    raw: bool,
}

impl RustName {
    /// `name` made usable as an identifier: a keyword becomes raw, a name that cannot be raw
    /// (`self`, `crate`) gets a trailing underscore. Names from [`snake`] and [`type_ident`]
    /// are identifiers once escaped.
    pub fn new(name: &str) -> RustName {
        if NOT_RAW.contains(&name) {
            RustName { bare: format!("{name}_"), raw: false }
        } else {
            RustName { bare: name.to_owned(), raw: KEYWORDS.contains(&name) }
        }
    }

    /// A name already in its escaped form (`r#type`), as the type space keeps field names.
    pub fn from_escaped(name: &str) -> RustName {
        match name.strip_prefix("r#") {
            Some(bare) => RustName { bare: bare.to_owned(), raw: true },
            None => RustName { bare: name.to_owned(), raw: false },
        }
    }

    /// The identifier token.
    pub fn ident(&self) -> proc_macro2::Ident {
        let span = proc_macro2::Span::call_site();
        if self.raw { proc_macro2::Ident::new_raw(&self.bare, span) } else { proc_macro2::Ident::new(&self.bare, span) }
    }

    /// The name without `r#`.
    pub fn as_str(&self) -> &str {
        &self.bare
    }

    /// The name as written in source, `r#` included.
    pub fn escaped(&self) -> String {
        if self.raw { format!("r#{}", self.bare) } else { self.bare.clone() }
    }
}

impl std::fmt::Display for RustName {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.bare)
    }
}

/// A module (and file) name: snake case, with a trailing `_` for keywords, since `mod r#match;`
/// reads badly and the file name must match.
pub fn module_ident(raw: &str, fallback: &str) -> String {
    let mut name = snake(raw, fallback);
    if KEYWORDS.contains(&name.as_str()) || NOT_RAW.contains(&name.as_str()) {
        name.push('_');
    }
    name
}

/// A set of names in which each name is handed out once. Collisions get a numeric suffix
/// (`AppLink`, `AppLink2`), compared case-insensitively so that files derived from the names
/// never clash on case-insensitive file systems.
#[derive(Debug, Default, Clone)]
pub struct Namespace {
    taken: HashSet<String>,
}

impl Namespace {
    pub fn with_reserved(reserved: &[&str]) -> Self {
        let mut ns = Namespace::default();
        for r in reserved {
            ns.taken.insert(r.to_ascii_lowercase());
        }
        ns
    }

    /// Claims `base`, or `base2`, `base3`... whichever is free first.
    pub fn claim(&mut self, base: &str) -> String {
        if self.taken.insert(base.to_ascii_lowercase()) {
            return base.to_owned();
        }
        // A trailing digit would make `Foo1` + `2` read as `Foo12`.
        let sep = if base.ends_with(|c: char| c.is_ascii_digit()) { "_" } else { "" };
        (2..)
            .map(|n| format!("{base}{sep}{n}"))
            .find(|candidate| self.taken.insert(candidate.to_ascii_lowercase()))
            .expect("an unbounded range always yields a free name")
    }
}

/// Shortens a FastAPI operationId (`{function}_{path}_{method}`, with every non-word character
/// of the path replaced by `_`) to the function name. Returns `None` for any other shape.
pub fn fastapi_function_name(operation_id: &str, path: &str, method: &str) -> Option<String> {
    let path_part: String = path.chars().map(|c| if c.is_alphanumeric() || c == '_' { c } else { '_' }).collect();
    let suffix = format!("{path_part}_{}", method.to_ascii_lowercase());
    let function = operation_id.strip_suffix(&suffix)?;
    (!function.is_empty()).then(|| function.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_by_name() {
        for secret in [
            "client_secret",
            "pdpClientSecret",
            "chorus_pro_password",
            "private_key_pem",
            "apiKey",
            "x-apikey",
            "access_token",
            "token",
            "webhook_secret",
        ] {
            assert!(names_a_secret(secret), "{secret}");
        }
        // `has_secret` is named like one; the model only marks strings.
        for plain in
            ["token_url", "tokenType", "keywords", "key", "passenger", "secretary", "api_key_id", "reset_password_url"]
        {
            assert!(!names_a_secret(plain), "{plain}");
        }
    }

    #[test]
    fn types_from_odd_names() {
        assert_eq!(type_ident("APIError", "Type", "T"), "ApiError");
        assert_eq!(type_ident("api.v2010.account", "Type", "T"), "ApiV2010Account");
        assert_eq!(type_ident("File--Full", "Type", "T"), "FileFull");
        assert_eq!(type_ident("2fa_config", "Type", "T"), "T2faConfig");
        assert_eq!(type_ident("Société générale", "Type", "T"), "SocieteGenerale");
        assert_eq!(type_ident("", "Type", "T"), "Type");
        assert_eq!(type_ident("🚀", "Type", "T"), "Rocket");
        assert_eq!(type_ident("***", "Type", "T"), "Type");
        assert_eq!(type_ident("self", "Type", "T"), "Self_");
    }

    #[test]
    fn snake_names_and_keywords() {
        assert_eq!(escape_keyword(&snake("type", "field")), "r#type");
        assert_eq!(escape_keyword(&snake("Self", "field")), "self_");
        assert_eq!(escape_keyword(&snake("crate", "field")), "crate_");
        assert_eq!(escape_keyword(&snake("_", "field")), "field");
        assert_eq!(escape_keyword(&snake("errorCode", "field")), "error_code");
        assert_eq!(escape_keyword(&snake("123", "field")), "field_123");
        assert_eq!(escape_keyword(&snake("x-api-key", "field")), "x_api_key");
        assert_eq!(escape_keyword(&snake("", "field")), "field");
        assert_eq!(module_ident("Match", "model"), "match_");
        assert_eq!(module_ident("Self", "model"), "self_");
    }

    #[test]
    fn rust_names_display_bare_and_tokenize_raw() {
        let keyword = RustName::new("type");
        assert_eq!(keyword.to_string(), "type");
        assert_eq!(keyword.escaped(), "r#type");
        assert_eq!(keyword.ident().to_string(), "r#type");
        let not_raw = RustName::new("self");
        assert_eq!((not_raw.to_string(), not_raw.ident().to_string()), ("self_".to_owned(), "self_".to_owned()));
        let plain = RustName::new("list_tasks");
        assert_eq!((plain.to_string(), plain.ident().to_string()), ("list_tasks".to_owned(), "list_tasks".to_owned()));
        assert_eq!(RustName::from_escaped("r#match"), RustName::new("match"));
        assert_eq!(RustName::from_escaped("name"), RustName::new("name"));
    }

    #[test]
    fn collisions_are_resolved_in_order_and_ignore_case() {
        let mut ns = Namespace::with_reserved(RESERVED_TYPE_NAMES);
        assert_eq!(ns.claim("AppLink"), "AppLink");
        assert_eq!(ns.claim("Applink"), "Applink2");
        assert_eq!(ns.claim("AppLink"), "AppLink3");
        assert_eq!(ns.claim("String"), "String2");
        assert_eq!(ns.claim("Item1"), "Item1");
        assert_eq!(ns.claim("Item1"), "Item1_2");
    }

    #[test]
    fn fastapi_operation_ids_shorten_to_the_function() {
        assert_eq!(
            fastapi_function_name(
                "get_task_status_api_v1_processing_tasks__task_id__status_get",
                "/api/v1/processing/tasks/{task_id}/status",
                "get"
            )
            .as_deref(),
            Some("get_task_status")
        );
        assert_eq!(fastapi_function_name("listPets", "/pets", "get"), None);
        assert_eq!(fastapi_function_name("_pets_get", "/pets", "get"), None);
    }
}
