//! Operations: paths and methods to API groups (one per tag) whose methods are named here.

use super::types::{Ty, TypeBuilder};
use crate::error::{Error, Pointer, Result};
use crate::load::Document;
use crate::naming::{self, Namespace, RustName};
use crate::warning::WarningKind;
use indexmap::IndexMap;
use openapiv3::{
    APIKeyLocation, MediaType, Parameter, ParameterSchemaOrContent, ReferenceOr, SecurityScheme as OaScheme, StatusCode,
};
use serde::de::DeserializeOwned;
use serde_json::Value;

#[derive(Debug, Clone)]
pub struct Server {
    pub url: String,
    pub description: Option<String>,
    /// Rust constant name under `servers::`.
    pub const_name: String,
}

#[derive(Debug, Clone)]
pub struct SecurityScheme {
    pub wire_name: String,
    /// Variant of the generated `Scheme` enum.
    pub variant: RustName,
    /// Field of the generated credentials store.
    pub field: RustName,
    /// Builder method that sets the credential.
    pub setter: RustName,
    pub kind: SchemeKind,
    pub description: Option<String>,
}

/// A security scheme the client can send, by its place in [`Api::schemes`](super::Api::schemes).
/// Only the model makes them, for the schemes it kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct SchemeId(usize);

impl super::Api {
    pub fn scheme(&self, id: SchemeId) -> &SecurityScheme {
        &self.schemes[id.0]
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum SchemeKind {
    /// `http bearer`, `oauth2` and `openIdConnect`: a token sent as `Authorization: Bearer`.
    Bearer,
    Basic,
    ApiKey {
        location: ParamLocation,
        name: String,
    },
}

#[derive(Debug)]
pub struct ApiGroup {
    pub tag: String,
    pub struct_name: RustName,
    /// Module and file name under `apis/`.
    pub module: RustName,
    /// `Client` method returning this group.
    pub accessor: RustName,
    /// The Cargo feature that compiles this group (and the models only it reaches).
    pub feature: String,
    pub description: Option<String>,
    pub operations: Vec<Operation>,
}

#[derive(Debug)]
pub struct Operation {
    pub name: RustName,
    pub error_type: RustName,
    /// The struct holding the optional parameters, when there are any.
    pub options_type: Option<RustName>,
    pub method: HttpMethod,
    pub path: String,
    pub params: Vec<Param>,
    pub body: Option<RequestBody>,
    pub responses: Vec<Response>,
    /// What the method returns on success.
    pub returns: Returns,
    /// Alternatives (any one suffices), each a set of schemes (all required). Empty: no
    /// authentication; an empty alternative: credentials are optional.
    pub security: Vec<Vec<SchemeId>>,
    pub summary: Option<String>,
    pub description: Option<String>,
    pub deprecated: bool,
    pub operation_id: Option<String>,
    pub pointer: String,
    /// From `x-poll`: this operation reports the state of a long-running job.
    pub poll: Option<Poll>,
    pub extensions: IndexMap<String, Value>,
}

impl Operation {
    /// Every type the operation names: its parameters', its request body's and its
    /// responses' bodies.
    pub fn types(&self) -> impl Iterator<Item = &Ty> {
        let params = self.params.iter().map(|p| &p.ty);
        let body = self.body.iter().filter_map(|b| b.kind.ty());
        params.chain(body).chain(self.responses.iter().filter_map(|r| r.body.ty()))
    }

    /// The media type the client asks for (`Accept`): that of the first success response
    /// with a body.
    pub fn accept(&self) -> Option<&str> {
        self.responses
            .iter()
            .find(|r| r.status.is_success() && r.body != ResponseBodyKind::Empty)
            .and_then(|r| r.content_type.as_deref())
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HttpMethod {
    Get,
    Put,
    Post,
    Delete,
    Options,
    Head,
    Patch,
    Trace,
}

impl HttpMethod {
    /// The method of a path item's key (`get`), as `openapiv3::PathItem::iter` names them.
    pub fn from_key(key: &str) -> Option<HttpMethod> {
        Some(match key {
            "get" => HttpMethod::Get,
            "put" => HttpMethod::Put,
            "post" => HttpMethod::Post,
            "delete" => HttpMethod::Delete,
            "options" => HttpMethod::Options,
            "head" => HttpMethod::Head,
            "patch" => HttpMethod::Patch,
            "trace" => HttpMethod::Trace,
            _ => return None,
        })
    }

    /// The key of the path item that holds the operation: `get`.
    pub fn key(self) -> &'static str {
        match self {
            HttpMethod::Get => "get",
            HttpMethod::Put => "put",
            HttpMethod::Post => "post",
            HttpMethod::Delete => "delete",
            HttpMethod::Options => "options",
            HttpMethod::Head => "head",
            HttpMethod::Patch => "patch",
            HttpMethod::Trace => "trace",
        }
    }

    /// As HTTP writes it, which is also the name of the `reqwest::Method` constant: `GET`.
    pub fn as_str(self) -> &'static str {
        match self {
            HttpMethod::Get => "GET",
            HttpMethod::Put => "PUT",
            HttpMethod::Post => "POST",
            HttpMethod::Delete => "DELETE",
            HttpMethod::Options => "OPTIONS",
            HttpMethod::Head => "HEAD",
            HttpMethod::Patch => "PATCH",
            HttpMethod::Trace => "TRACE",
        }
    }
}

impl std::fmt::Display for HttpMethod {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The vendor extension that marks a status operation of a long-running job.
pub const POLL_EXTENSION: &str = "x-poll";

/// How to poll an operation until its job is done (see ARCHITECTURE.md, `x-poll`).
#[derive(Debug, Clone)]
pub struct Poll {
    /// The generated `wait_for_...` method.
    pub method: RustName,
    /// Rust name of the field of the success body that holds the state.
    pub field: RustName,
    pub field_wire: String,
    pub pending: Vec<String>,
    pub success: Vec<String>,
    pub failure: Vec<String>,
    pub interval: std::time::Duration,
    pub multiplier: f64,
    pub max_interval: std::time::Duration,
    pub deadline: Option<std::time::Duration>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParamLocation {
    Path,
    Query,
    Header,
    Cookie,
}

impl ParamLocation {
    pub fn as_str(self) -> &'static str {
        match self {
            ParamLocation::Path => "path",
            ParamLocation::Query => "query",
            ParamLocation::Header => "header",
            ParamLocation::Cookie => "cookie",
        }
    }
}

#[derive(Debug)]
pub struct Param {
    pub name: RustName,
    pub wire: String,
    pub location: ParamLocation,
    /// How a query parameter is laid out; `None` for the other locations.
    pub style: Option<QueryStyle>,
    pub ty: Ty,
    pub required: bool,
    pub description: Option<String>,
    pub deprecated: bool,
    /// Named like a credential ([`secret_name`]): `Debug` of the options struct redacts it.
    pub secret: bool,
}

/// The layout of a query parameter: OpenAPI's `style` with its `explode`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct QueryStyle {
    pub style: Style,
    pub explode: bool,
}

/// OpenAPI's `style` values for query parameters; the variants are those of the runtime's
/// `params::Style`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    Form,
    SpaceDelimited,
    PipeDelimited,
    DeepObject,
}

impl Style {
    /// The variant of the runtime's `params::Style`.
    pub fn variant(self) -> &'static str {
        match self {
            Style::Form => "Form",
            Style::SpaceDelimited => "SpaceDelimited",
            Style::PipeDelimited => "PipeDelimited",
            Style::DeepObject => "DeepObject",
        }
    }
}

impl QueryStyle {
    /// OpenAPI's default layout, the one the runtime's plain `query` writes.
    pub const FORM_EXPLODED: QueryStyle = QueryStyle { style: Style::Form, explode: true };

    /// The layout a parameter declares; `explode` defaults to true for `form` only, as
    /// OpenAPI says.
    pub fn of(style: &openapiv3::QueryStyle, explode: Option<bool>) -> QueryStyle {
        let style = match style {
            openapiv3::QueryStyle::Form => Style::Form,
            openapiv3::QueryStyle::SpaceDelimited => Style::SpaceDelimited,
            openapiv3::QueryStyle::PipeDelimited => Style::PipeDelimited,
            openapiv3::QueryStyle::DeepObject => Style::DeepObject,
        };
        QueryStyle { style, explode: explode.unwrap_or(style == Style::Form) }
    }
}

#[derive(Debug)]
pub struct RequestBody {
    pub name: RustName,
    pub content_type: String,
    pub kind: RequestBodyKind,
    pub required: bool,
    pub description: Option<String>,
}

/// How a request body is sent.
#[derive(Debug, Clone, PartialEq)]
pub enum RequestBodyKind {
    Json(Ty),
    /// `application/x-www-form-urlencoded`.
    Form(Ty),
    /// `multipart/form-data`: the struct whose fields are the parts.
    Multipart(Ty),
    Bytes,
    Text,
}

impl RequestBodyKind {
    /// The type the caller passes, for the kinds that have one.
    pub fn ty(&self) -> Option<&Ty> {
        match self {
            RequestBodyKind::Json(t) | RequestBodyKind::Form(t) | RequestBodyKind::Multipart(t) => Some(t),
            RequestBodyKind::Bytes | RequestBodyKind::Text => None,
        }
    }
}

/// How a response body is read: as JSON, text or bytes (a form response is bytes).
#[derive(Debug, Clone, PartialEq)]
pub enum ResponseBodyKind {
    Empty,
    Json(Ty),
    Bytes,
    Text,
}

impl ResponseBodyKind {
    /// The type the body decodes into, for JSON.
    pub fn ty(&self) -> Option<&Ty> {
        match self {
            ResponseBodyKind::Json(t) => Some(t),
            ResponseBodyKind::Empty | ResponseBodyKind::Bytes | ResponseBodyKind::Text => None,
        }
    }
}

#[derive(Debug)]
pub struct Response {
    pub status: StatusMatch,
    pub description: String,
    pub content_type: Option<String>,
    pub body: ResponseBodyKind,
    pub outcome: Outcome,
}

/// What a documented status makes of the call.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    /// A success status whose body the method returns ([`Returns::Body`]).
    Success,
    /// A success status, returned as the variant `variant` of the operation's success enum
    /// `of` ([`Returns::Enum`]).
    SuccessVariant { of: RustName, variant: RustName },
    /// An error status: this variant of the operation's error enum.
    Error(RustName),
}

/// What an operation method returns on success.
#[derive(Debug, Clone, PartialEq)]
pub enum Returns {
    /// The body every success status has (`Empty` when none is documented).
    Body(ResponseBodyKind),
    /// The enum with a variant per success status, when their bodies differ.
    Enum(RustName),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StatusMatch {
    Code(u16),
    /// `2XX`: the first digit.
    Range(u16),
    Default,
}

impl StatusMatch {
    pub fn is_success(self) -> bool {
        match self {
            StatusMatch::Code(c) => (200..300).contains(&c),
            StatusMatch::Range(r) => r == 2,
            StatusMatch::Default => false,
        }
    }

    pub fn label(self) -> String {
        match self {
            StatusMatch::Code(c) => c.to_string(),
            StatusMatch::Range(r) => format!("{r}XX"),
            StatusMatch::Default => "default".into(),
        }
    }
}

type Built = (Vec<ApiGroup>, Vec<SecurityScheme>, Vec<Server>);

/// Builds the API groups. A problem confined to one operation never loses the others: an
/// operation (or a path item, by `$ref`) that cannot be built is left out with a
/// [`WarningKind::LeftOut`] warning naming it and why, and the rest is generated.
pub fn build(doc: &Document, types: &mut TypeBuilder) -> Built {
    let schemes = security_schemes(doc, types);
    let servers = servers(doc);
    let mut groups: IndexMap<String, Vec<Pending>> = IndexMap::new();
    for tag in &doc.api.tags {
        groups.insert(tag.name.clone(), Vec::new());
    }
    // `openapiv3` keeps only keys that start with `/` (and extensions): the others would lose
    // their operations without a word.
    if let Some(raw) = doc.raw.get("paths").and_then(serde_json::Value::as_object) {
        for key in raw.keys().filter(|k| !k.starts_with('/') && !k.starts_with("x-")) {
            let at = Pointer::root().join("paths").join(key);
            types.warn(&at, WarningKind::LeftOut, "a path must start with `/`: its operations are not generated");
        }
    }
    for (path, item) in &doc.api.paths.paths {
        let item_at = Pointer::root().join("paths").join(path);
        let item = match item {
            ReferenceOr::Item(item) => item.clone(),
            ReferenceOr::Reference { reference } => match resolve_component(doc, reference, &item_at) {
                Ok((item, _)) => item,
                Err(e) => {
                    types.warn(&item_at, WarningKind::LeftOut, format!("{}; its operations are left out", reason(&e)));
                    continue;
                }
            },
        };
        for (key, op) in item.iter() {
            // `PathItem::iter` yields only the eight keys `HttpMethod` has.
            let Some(method) = HttpMethod::from_key(key) else { continue };
            let tag = op.tags.first().cloned().unwrap_or_else(|| "default".to_owned());
            groups.entry(tag).or_default().push(Pending {
                path: path.clone(),
                method,
                op: op.clone(),
                shared_params: item.parameters.clone(),
                at: item_at.join(key),
            });
        }
    }
    let mut features = Namespace::with_reserved(&["default", super::UNUSED_MODELS]);
    let mut accessors = Namespace::with_reserved(&["builder", "clone", "base_url", "new", "fmt", "default"]);
    let mut modules = Namespace::with_reserved(&["mod"]);
    let mut out = Vec::new();
    for (tag, pending) in groups {
        if pending.is_empty() {
            continue;
        }
        let struct_name = RustName::new(&types.claim_name(&format!("{}Api", naming::type_ident(&tag, "Default", "T"))));
        // Never a keyword: `module_ident` puts a `_` after them.
        let module = RustName::new(&modules.claim(&naming::module_ident(&tag, "api")));
        // `client.default()` would read as `Default::default`.
        let accessor_base = if module.as_str() == "default" { "default_api" } else { module.as_str() };
        let accessor = RustName::new(&accessors.claim(accessor_base));
        let description = doc.api.tags.iter().find(|t| t.name == tag).and_then(|t| t.description.clone());
        let operations = group_operations(doc, types, &schemes, pending);
        // `default` is Cargo's list of default features, not a name a tag can have; the
        // models no operation uses have a feature of their own.
        let feature = features.claim(&naming::snake(&tag, "api").replace('_', "-"));
        out.push(ApiGroup { tag, struct_name, module, accessor, feature, description, operations });
    }
    (out, schemes, servers)
}

/// An error's message without its pointer, for a warning that names the same place.
fn reason(e: &Error) -> String {
    match e {
        Error::Reference { reference, reason, .. } => {
            format!("cannot resolve `$ref: {}`: {reason}", reference.escape_debug())
        }
        other => other.to_string(),
    }
}

struct Pending {
    path: String,
    method: HttpMethod,
    op: openapiv3::Operation,
    shared_params: Vec<ReferenceOr<Parameter>>,
    at: Pointer,
}

fn group_operations(
    doc: &Document,
    types: &mut TypeBuilder,
    schemes: &[SecurityScheme],
    pending: Vec<Pending>,
) -> Vec<Operation> {
    // Short FastAPI names are used only when no two operations of the group would share one.
    let short: Vec<Option<String>> = pending
        .iter()
        .map(|p| p.op.operation_id.as_deref().and_then(|id| naming::fastapi_function_name(id, &p.path, p.method.key())))
        .collect();
    let mut counts: IndexMap<&str, usize> = IndexMap::new();
    for s in short.iter().flatten() {
        *counts.entry(s.as_str()).or_default() += 1;
    }
    let mut method_names = Namespace::with_reserved(&["new", "client"]);
    let mut ops = Vec::with_capacity(pending.len());
    for (p, short) in pending.iter().zip(&short) {
        let raw = match (short, &p.op.operation_id) {
            (Some(s), _) if counts[s.as_str()] == 1 => s.clone(),
            (_, Some(id)) => id.clone(),
            (_, None) => format!("{} {}", p.method.key(), p.path.replace(['{', '}'], " ")),
        };
        let name = RustName::new(&method_names.claim(&naming::snake(&raw, "call")));
        let wait = p.op.extensions.contains_key(POLL_EXTENSION).then(|| {
            let base = name.as_str().strip_prefix("get_").unwrap_or(name.as_str());
            RustName::new(&method_names.claim(&format!("wait_for_{base}")))
        });
        match operation(doc, types, schemes, p, name, wait) {
            Ok(op) => ops.push(op),
            Err(e) => types.warn(
                &p.at,
                WarningKind::LeftOut,
                format!("{} {} cannot be generated ({e}); the operation is left out", p.method, p.path),
            ),
        }
    }
    ops
}

fn operation(
    doc: &Document,
    types: &mut TypeBuilder,
    schemes: &[SecurityScheme],
    p: &Pending,
    name: RustName,
    wait: Option<RustName>,
) -> Result<Operation> {
    let type_prefix = naming::type_ident(name.as_str(), "Call", "T");
    let error_type = RustName::new(&types.claim_name(&format!("{type_prefix}Error")));
    let mut local = Namespace::with_reserved(&["self", "body"]);

    // Operation parameters override path-level ones with the same name and location.
    let mut merged: IndexMap<(String, &'static str), (Parameter, Pointer)> = IndexMap::new();
    let shared =
        p.shared_params.iter().enumerate().map(|(i, r)| (r, p.at_parent().join("parameters").join(i.to_string())));
    let own = p.op.parameters.iter().enumerate().map(|(i, r)| (r, p.at.join("parameters").join(i.to_string())));
    for (param, at) in shared.chain(own) {
        let (param, at) = match param {
            ReferenceOr::Item(param) => (param.clone(), at),
            ReferenceOr::Reference { reference } => resolve_component::<Parameter>(doc, reference, &at)?,
        };
        let location = location_of(&param);
        merged.insert((param.parameter_data_ref().name.clone(), location.as_str()), (param, at));
    }
    let mut params = Vec::with_capacity(merged.len());
    for ((wire, _), (param, at)) in merged {
        let location = location_of(&param);
        if let Some(problem) = unsendable_param(location, &wire) {
            // Leaving out what OpenAPI says to ignore is following the document, not failing it.
            let kind = if problem == IGNORED_BY_OPENAPI { WarningKind::Ignored } else { WarningKind::LeftOut };
            types.warn(
                &at,
                kind,
                format!("{} parameter `{}` {problem}; left out", location.as_str(), wire.escape_debug()),
            );
            continue;
        }
        let data = param.parameter_data_ref();
        let hint = format!("{type_prefix}{}", naming::type_ident(&wire, "Param", "P"));
        let ty = match &data.format {
            ParameterSchemaOrContent::Schema(schema) => types.ty(schema, &hint, &at.join("schema"))?,
            ParameterSchemaOrContent::Content(content) => match content.first() {
                Some((_, media)) => media_ty(types, media, &hint, &at)?.unwrap_or(Ty::String),
                None => Ty::String,
            },
        };
        // The runtime writes path parameters in the `simple` style only: in another, the
        // caller writes the value (`.5` for `label`) and it is sent as given.
        let ty = match &param {
            Parameter::Path { style, .. } if !matches!(style, openapiv3::PathStyle::Simple) => {
                let style = if matches!(style, openapiv3::PathStyle::Label) { "label" } else { "matrix" };
                types.warn(
                    &at.join("style"),
                    WarningKind::Loosened,
                    format!("path style `{style}` is not supported; the parameter is a string, sent as given (the caller writes the value in that style)"),
                );
                Ty::String
            }
            _ => ty,
        };
        let required = data.required || location == ParamLocation::Path;
        let style = match &param {
            Parameter::Query { style, .. } => Some(QueryStyle::of(style, data.explode)),
            _ => None,
        };
        let ident = RustName::new(&local.claim(&naming::snake(&wire, "param")));
        let secret = secret_name(&wire, schemes);
        params.push(Param {
            secret,
            name: ident,
            wire,
            location,
            style,
            ty,
            required,
            description: data.description.clone(),
            deprecated: data.deprecated.unwrap_or(false),
        });
    }
    reconcile_path_params(types, &p.path, &mut params, &mut local, &p.at);

    let body = match &p.op.request_body {
        None => None,
        Some(body) => {
            let at = p.at.join("requestBody");
            let (body, at) = match body {
                ReferenceOr::Item(b) => (b.clone(), at),
                ReferenceOr::Reference { reference } => {
                    resolve_component::<openapiv3::RequestBody>(doc, reference, &at)?
                }
            };
            request_body(types, &body, &format!("{type_prefix}Body"), &at)?
        }
    };

    let mut responses = Vec::new();
    let mut variants = Namespace::default();
    let entries =
        p.op.responses
            .responses
            .iter()
            .map(|(code, r)| (status_match(code), r))
            .chain(p.op.responses.default.iter().map(|r| (StatusMatch::Default, r)));
    for (status, response) in entries {
        let at = p.at.join("responses").join(status.label());
        let (response, at) = match response {
            ReferenceOr::Item(r) => (r.clone(), at),
            ReferenceOr::Reference { reference } => resolve_component::<openapiv3::Response>(doc, reference, &at)?,
        };
        let hint = match status {
            s if s.is_success() => format!("{type_prefix}Response"),
            s => format!("{type_prefix}{}", status_variant(s)),
        };
        let (content_type, body) = response_body(types, &response.content, &hint, &at)?;
        let outcome = match status.is_success() {
            true => Outcome::Success,
            false => Outcome::Error(RustName::new(&variants.claim(&status_variant(status)))),
        };
        responses.push(Response { status, description: response.description.clone(), content_type, body, outcome });
    }
    let returns =
        settle_returns(&mut responses, || RustName::new(&types.claim_name(&format!("{type_prefix}Response"))));

    let requirements = p.op.security.as_ref().or(doc.api.security.as_ref());
    let security = requirements
        .map(|alternatives| {
            alternatives
                .iter()
                // An alternative naming a scheme that was left out (a warning said why) cannot
                // be satisfied; sending it without that credential would be a different one.
                .filter(|req| req.keys().all(|k| !left_out(doc, schemes, k)))
                .map(|req| {
                    req.keys().filter_map(|k| schemes.iter().position(|s| &s.wire_name == k).map(SchemeId)).collect()
                })
                .collect()
        })
        .unwrap_or_default();

    let options_type =
        params.iter().any(|p| !p.required).then(|| RustName::new(&types.claim_name(&format!("{type_prefix}Options"))));
    // A poll that cannot work loses its `wait_for_...` method, not the operation.
    let poll_at = p.at.join(POLL_EXTENSION);
    let poll = match p.op.extensions.get(POLL_EXTENSION).zip(wait) {
        None => None,
        Some(_) if matches!(returns, Returns::Enum(_)) => {
            types.warn(
                &poll_at,
                WarningKind::LeftOut,
                "`x-poll` needs an operation whose success statuses share one body type; the poller is left out",
            );
            None
        }
        Some((value, method)) => match poll(types, value, &returns, method, &poll_at) {
            Ok(poll) => Some(poll),
            Err(e) => {
                let message = match &e {
                    Error::Invalid { message, .. } => message.clone(),
                    other => other.to_string(),
                };
                types.warn(&poll_at, WarningKind::LeftOut, format!("{message}; the poller is left out"));
                None
            }
        },
    };
    Ok(Operation {
        name,
        error_type,
        options_type,
        method: p.method,
        path: p.path.clone(),
        params,
        body,
        responses,
        returns,
        security,
        summary: p.op.summary.clone(),
        description: p.op.description.clone(),
        deprecated: p.op.deprecated,
        operation_id: p.op.operation_id.clone(),
        pointer: p.at.to_string(),
        poll,
        extensions: p.op.extensions.clone(),
    })
}

/// What the method returns. Success statuses with different bodies (200 with a body, 204
/// without; 200 and 201 with different types) make it an enum named `enum_name()`, with a
/// variant per status; otherwise the method returns their one body.
///
/// An operation that documents no response at all (OpenAPI 3.1 lets `responses` be left
/// out) returns the body of any 2XX as bytes: nothing says what it holds, and the caller who
/// knows can decode it, where `()` would throw it away.
fn settle_returns(responses: &mut [Response], enum_name: impl FnOnce() -> RustName) -> Returns {
    if responses.is_empty() {
        return Returns::Body(ResponseBodyKind::Bytes);
    }
    let mut bodies: Vec<&ResponseBodyKind> =
        responses.iter().filter(|r| r.status.is_success()).map(|r| &r.body).collect();
    bodies.dedup();
    if bodies.len() <= 1 {
        // An operation documenting no success status still succeeds on 2XX, with no body.
        return Returns::Body(bodies.first().map_or(ResponseBodyKind::Empty, |b| (*b).clone()));
    }
    let of = enum_name();
    let mut names = Namespace::default();
    for r in responses.iter_mut().filter(|r| r.status.is_success()) {
        let variant = RustName::new(&names.claim(&success_variant(r.status)));
        r.outcome = Outcome::SuccessVariant { of: of.clone(), variant };
    }
    Returns::Enum(of)
}

impl Pending {
    fn at_parent(&self) -> Pointer {
        Pointer::root().join("paths").join(&self.path)
    }
}

/// Whether `name` is a declared security scheme that [`security_schemes`] left out.
fn left_out(doc: &Document, schemes: &[SecurityScheme], name: &str) -> bool {
    let declared = doc.api.components.as_ref().is_some_and(|c| c.security_schemes.contains_key(name));
    declared && !schemes.iter().any(|s| s.wire_name == name)
}

/// RFC 9110 `token`: the syntax of header field names, and (RFC 6265) of cookie names.
pub fn is_token(name: &str) -> bool {
    !name.is_empty() && name.bytes().all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b))
}

/// Words that make a header or parameter name look secret. The runtime's
/// `error::is_secret_header` holds the same list (a test keeps the two equal).
pub const SECRET_NAME_PARTS: [&str; 12] = [
    "auth",
    "cookie",
    "token",
    "secret",
    "key",
    "password",
    "passwd",
    "session",
    "signature",
    "credential",
    "csrf",
    "xsrf",
];

/// Whether a parameter or header name looks like it carries a credential: a name an API key
/// scheme uses, or one containing `auth`, `cookie`, `token`, `secret`, `key`, `password`,
/// `passwd`, `session`, `signature`, `credential`, `csrf` or `xsrf`. The same rule as the
/// runtime's `error::is_secret_header` (generator/templates/error.rs).
pub fn secret_name(name: &str, schemes: &[SecurityScheme]) -> bool {
    let lower = name.to_ascii_lowercase();
    let scheme_name =
        schemes.iter().any(|s| matches!(&s.kind, SchemeKind::ApiKey { name, .. } if name.eq_ignore_ascii_case(&lower)));
    scheme_name || SECRET_NAME_PARTS.iter().any(|part| lower.contains(part))
}

/// Header parameters OpenAPI says are ignored: the request's own metadata.
const IGNORED_HEADERS: [&str; 3] = ["accept", "content-type", "authorization"];

/// Headers that reqwest and hyper set themselves (framing, connection management, the
/// host), or that the client builds from other parts (`Cookie` from cookie parameters):
/// a parameter would contradict them or smuggle a second request.
const MANAGED_HEADERS: [&str; 11] = [
    "host",
    "content-length",
    "transfer-encoding",
    "connection",
    "keep-alive",
    "proxy-connection",
    "upgrade",
    "te",
    "trailer",
    "expect",
    "cookie",
];

/// Why an `Accept`, `Content-Type` or `Authorization` header parameter is not sent.
const IGNORED_BY_OPENAPI: &str = "is ignored, as OpenAPI requires (the client sets it from the operation)";

/// Why a parameter cannot be sent as the spec names it, if it cannot.
fn unsendable_param(location: ParamLocation, name: &str) -> Option<&'static str> {
    let lower = name.to_ascii_lowercase();
    match location {
        ParamLocation::Header if !is_token(name) => Some("is not a valid HTTP header name (RFC 9110 token)"),
        ParamLocation::Header if IGNORED_HEADERS.contains(&lower.as_str()) => Some(IGNORED_BY_OPENAPI),
        ParamLocation::Header if MANAGED_HEADERS.contains(&lower.as_str()) => {
            Some("is managed by the HTTP client and cannot be a parameter")
        }
        ParamLocation::Cookie if !is_token(name) => Some("is not a valid cookie name (RFC 6265 token)"),
        ParamLocation::Query | ParamLocation::Path if name.is_empty() => Some("has an empty name"),
        _ => None,
    }
}

fn location_of(param: &Parameter) -> ParamLocation {
    match param {
        Parameter::Path { .. } => ParamLocation::Path,
        Parameter::Query { .. } => ParamLocation::Query,
        Parameter::Header { .. } => ParamLocation::Header,
        Parameter::Cookie { .. } => ParamLocation::Cookie,
    }
}

/// Every `{name}` in the path needs a path parameter and every path parameter a `{name}`.
/// Real specs get this wrong (an undeclared `{app_id}`); the operation is still generated,
/// with a required string parameter for an undeclared name and without a parameter the path
/// does not use, and a warning says so.
fn reconcile_path_params(
    types: &mut TypeBuilder,
    path: &str,
    params: &mut Vec<Param>,
    local: &mut Namespace,
    at: &Pointer,
) {
    let in_template: Vec<&str> = path.split('{').skip(1).filter_map(|s| s.split_once('}').map(|(n, _)| n)).collect();
    for name in &in_template {
        if !params.iter().any(|p| p.location == ParamLocation::Path && p.wire == *name) {
            types.warn(at, WarningKind::Loosened, format!("the path has `{{{name}}}` but no path parameter `{name}` is declared; generated as a required string"));
            params.push(Param {
                name: RustName::new(&local.claim(&naming::snake(name, "param"))),
                wire: (*name).to_owned(),
                location: ParamLocation::Path,
                style: None,
                ty: Ty::String,
                required: true,
                description: None,
                deprecated: false,
                secret: false,
            });
        }
    }
    params.retain(|p| {
        let used = p.location != ParamLocation::Path || in_template.contains(&p.wire.as_str());
        if !used {
            types.warn(
                at,
                WarningKind::LeftOut,
                format!("path parameter `{}` does not appear in the path template; left out", p.wire),
            );
        }
        used
    });
}

fn status_match(code: &StatusCode) -> StatusMatch {
    match code {
        StatusCode::Code(c) => StatusMatch::Code(*c),
        StatusCode::Range(r) => StatusMatch::Range(*r),
    }
}

fn success_variant(status: StatusMatch) -> String {
    match status {
        StatusMatch::Code(200) => "Ok".into(),
        StatusMatch::Code(201) => "Created".into(),
        StatusMatch::Code(202) => "Accepted".into(),
        StatusMatch::Code(203) => "NonAuthoritative".into(),
        StatusMatch::Code(204) => "NoContent".into(),
        StatusMatch::Code(205) => "ResetContent".into(),
        StatusMatch::Code(206) => "PartialContent".into(),
        StatusMatch::Code(c) => format!("Status{c}"),
        _ => "Success".into(),
    }
}

/// A readable variant name for a documented status.
fn status_variant(status: StatusMatch) -> String {
    let name = match status {
        StatusMatch::Default => "Default",
        StatusMatch::Range(4) => "ClientError",
        StatusMatch::Range(5) => "ServerError",
        StatusMatch::Range(_) => "Other",
        StatusMatch::Code(c) => match c {
            300 => "MultipleChoices",
            301 => "MovedPermanently",
            302 => "Found",
            303 => "SeeOther",
            304 => "NotModified",
            307 => "TemporaryRedirect",
            308 => "PermanentRedirect",
            400 => "BadRequest",
            401 => "Unauthorized",
            402 => "PaymentRequired",
            403 => "Forbidden",
            404 => "NotFound",
            405 => "MethodNotAllowed",
            406 => "NotAcceptable",
            408 => "RequestTimeout",
            409 => "Conflict",
            410 => "Gone",
            412 => "PreconditionFailed",
            413 => "PayloadTooLarge",
            415 => "UnsupportedMediaType",
            422 => "UnprocessableEntity",
            423 => "Locked",
            429 => "TooManyRequests",
            500 => "InternalServerError",
            501 => "NotImplemented",
            502 => "BadGateway",
            503 => "ServiceUnavailable",
            504 => "GatewayTimeout",
            other => return format!("Status{other}"),
        },
    };
    name.to_owned()
}

/// Whether a media type is JSON: `application/json` or a `+json` suffix, whatever the case and
/// parameters.
pub fn is_json(content_type: &str) -> bool {
    let essence = essence(content_type);
    essence == "application/json" || essence.ends_with("+json")
}

/// The media type without parameters, in lower case: `multipart/form-data`.
fn essence(content_type: &str) -> String {
    content_type.split(';').next().unwrap_or("").trim().to_ascii_lowercase()
}

/// How a body of a media type is written or read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Media {
    Json,
    /// `application/x-www-form-urlencoded` with a schema.
    Form,
    /// `multipart/...` with a schema.
    Multipart,
    Text,
    Bytes,
}

fn media(content_type: &str, has_schema: bool) -> Media {
    let essence = essence(content_type);
    if is_json(content_type) {
        Media::Json
    } else if essence == "application/x-www-form-urlencoded" && has_schema {
        Media::Form
    } else if essence.starts_with("multipart/") && has_schema {
        Media::Multipart
    } else if content_type.starts_with("text/") {
        Media::Text
    } else {
        Media::Bytes
    }
}

fn media_ty(types: &mut TypeBuilder, media: &MediaType, hint: &str, at: &Pointer) -> Result<Option<Ty>> {
    media.schema.as_ref().map(|s| types.ty(s, hint, &at.join("schema"))).transpose()
}

/// The media type a client should use for a content map: JSON first, then the first listed.
fn pick_media(content: &IndexMap<String, MediaType>) -> Option<(&String, &MediaType)> {
    content.iter().find(|(ct, _)| is_json(ct)).or_else(|| content.first())
}

fn response_body(
    types: &mut TypeBuilder,
    content: &IndexMap<String, MediaType>,
    hint: &str,
    at: &Pointer,
) -> Result<(Option<String>, ResponseBodyKind)> {
    let Some((ct, media_type)) = pick_media(content) else {
        return Ok((None, ResponseBodyKind::Empty));
    };
    let at = at.join("content").join(ct);
    let kind = match media(ct, media_type.schema.is_some()) {
        Media::Json => ResponseBodyKind::Json(media_ty(types, media_type, hint, &at)?.unwrap_or(Ty::Json)),
        Media::Form | Media::Multipart => {
            // Read as bytes. The schema is typed all the same, so that its type and examples
            // are generated as for any other body.
            media_ty(types, media_type, hint, &at)?;
            ResponseBodyKind::Bytes
        }
        Media::Text => ResponseBodyKind::Text,
        Media::Bytes => ResponseBodyKind::Bytes,
    };
    Ok((Some(ct.clone()), kind))
}

fn request_body(
    types: &mut TypeBuilder,
    body: &openapiv3::RequestBody,
    hint: &str,
    at: &Pointer,
) -> Result<Option<RequestBody>> {
    let Some((ct, media_type)) = pick_media(&body.content) else {
        return Ok(None);
    };
    let at = at.join("content").join(ct);
    let mut typed = |fallback: Ty| Ok::<_, Error>(media_ty(types, media_type, hint, &at)?.unwrap_or(fallback));
    let kind = match media(ct, media_type.schema.is_some()) {
        Media::Json => RequestBodyKind::Json(typed(Ty::Json)?),
        Media::Form => RequestBodyKind::Form(typed(Ty::JsonMap)?),
        Media::Multipart => RequestBodyKind::Multipart(typed(Ty::JsonMap)?),
        Media::Text => RequestBodyKind::Text,
        Media::Bytes => RequestBodyKind::Bytes,
    };
    Ok(Some(RequestBody {
        name: RustName::new("body"),
        content_type: ct.clone(),
        kind,
        required: body.required,
        description: body.description.clone(),
    }))
}

/// Follows a `$ref` to a component (parameter, response, request body, path item), through
/// chains of references.
fn resolve_component<T: DeserializeOwned>(doc: &Document, reference: &str, at: &Pointer) -> Result<(T, Pointer)> {
    follow(doc, reference).map_err(|reason| Error::Reference {
        pointer: at.to_string(),
        reference: reference.to_owned(),
        reason,
    })
}

/// [`resolve_component`], failing with the reason only.
fn follow<T: DeserializeOwned>(doc: &Document, reference: &str) -> Result<(T, Pointer), String> {
    let (end, target) = doc.resolve_ref(reference).map_err(|e| e.to_string())?;
    let value = serde_json::from_value(target.clone()).map_err(|e| format!("the target does not fit here: {e}"))?;
    Ok((value, Pointer(end)))
}

/// The security schemes the client can send. A scheme whose `$ref` leads nowhere, and an API
/// key whose name cannot be sent as written (a header or cookie name that is not a token, an
/// empty name), are left out with a warning: a runtime panic or a header injected by the spec
/// are never the answer.
fn security_schemes(doc: &Document, types: &mut TypeBuilder) -> Vec<SecurityScheme> {
    let Some(components) = &doc.api.components else {
        return Vec::new();
    };
    let mut resolved: Vec<(String, OaScheme)> = Vec::new();
    for (name, scheme) in &components.security_schemes {
        let at = Pointer::root().join("components").join("securitySchemes").join(name);
        let scheme = match scheme {
            ReferenceOr::Item(s) => s.clone(),
            ReferenceOr::Reference { reference } => match follow::<OaScheme>(doc, reference) {
                Ok((s, _)) => s,
                Err(reason) => {
                    types.warn(
                        &at,
                        WarningKind::LeftOut,
                        format!(
                            "cannot resolve `$ref: {}`: {reason}; the scheme is left out",
                            reference.escape_debug()
                        ),
                    );
                    continue;
                }
            },
        };
        if let OaScheme::APIKey { location, name: key, .. } = &scheme {
            let problem = match location {
                APIKeyLocation::Header if !is_token(key) => Some("is not a valid HTTP header name (RFC 9110 token)"),
                APIKeyLocation::Header if MANAGED_HEADERS.contains(&key.to_ascii_lowercase().as_str()) => {
                    Some("is a header the HTTP client manages")
                }
                APIKeyLocation::Cookie if !is_token(key) => Some("is not a valid cookie name (RFC 6265 token)"),
                APIKeyLocation::Query if key.is_empty() => Some("is empty"),
                _ => None,
            };
            if let Some(problem) = problem {
                types.warn(
                    &at.join("name"),
                    WarningKind::LeftOut,
                    format!("API key name `{}` {problem}; the scheme is left out", key.escape_debug()),
                );
                continue;
            }
        }
        resolved.push((name.clone(), scheme));
    }
    let kinds: Vec<(SchemeKind, Option<String>)> = resolved
        .iter()
        .map(|(_, s)| match s {
            OaScheme::HTTP { scheme, description, .. } if scheme.eq_ignore_ascii_case("basic") => {
                (SchemeKind::Basic, description.clone())
            }
            OaScheme::HTTP { description, .. } => (SchemeKind::Bearer, description.clone()),
            OaScheme::OAuth2 { description, .. } | OaScheme::OpenIDConnect { description, .. } => {
                (SchemeKind::Bearer, description.clone())
            }
            OaScheme::APIKey { location, name, description, .. } => {
                let location = match location {
                    APIKeyLocation::Query => ParamLocation::Query,
                    APIKeyLocation::Header => ParamLocation::Header,
                    APIKeyLocation::Cookie => ParamLocation::Cookie,
                };
                (SchemeKind::ApiKey { location, name: name.clone() }, description.clone())
            }
        })
        .collect();
    let generic = |k: &SchemeKind| match k {
        SchemeKind::Bearer => "bearer_token",
        SchemeKind::Basic => "basic_auth",
        SchemeKind::ApiKey { .. } => "api_key",
    };
    // A kind's short setter name (`bearer_token`) is used only when one scheme has that kind.
    let same_kind = |kind: &SchemeKind| kinds.iter().filter(|(k, _)| generic(k) == generic(kind)).count() > 1;
    let setter_bases: Vec<String> = resolved
        .iter()
        .zip(&kinds)
        .map(
            |((name, _), (kind, _))| {
                if same_kind(kind) { naming::snake(name, "credential") } else { generic(kind).to_owned() }
            },
        )
        .collect();
    let mut variants = Namespace::default();
    let mut fields = Namespace::default();
    let mut setters = Namespace::with_reserved(&["build", "base_url", "timeout", "user_agent", "retry", "http_client"]);
    resolved
        .iter()
        .zip(kinds)
        .zip(setter_bases)
        .map(|(((name, _), (kind, description)), setter_base)| SecurityScheme {
            wire_name: name.clone(),
            variant: RustName::new(&variants.claim(&naming::type_ident(name, "Scheme", "S"))),
            field: RustName::new(&fields.claim(&naming::snake(name, "scheme"))),
            setter: RustName::new(&setters.claim(&setter_base)),
            kind,
            description,
        })
        .collect()
}

fn servers(doc: &Document) -> Vec<Server> {
    let mut names = Namespace::with_reserved(&["DEFAULT"]);
    doc.api
        .servers
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let mut url = s.url.clone();
            for (name, var) in s.variables.iter().flatten() {
                url = url.replace(&format!("{{{name}}}"), &var.default);
            }
            let base = s
                .description
                .as_deref()
                .map(|d| naming::snake(d, "server"))
                .unwrap_or_else(|| format!("server_{}", i + 1));
            let const_name = names.claim(&base.to_ascii_uppercase());
            Server { url: url.trim_end_matches('/').to_owned(), description: s.description.clone(), const_name }
        })
        .collect()
}

/// Reads and checks an `x-poll` extension against what the operation returns; `method` is the
/// name of the `wait_for_...` method.
fn poll(types: &TypeBuilder, value: &Value, returns: &Returns, method: RustName, at: &Pointer) -> Result<Poll> {
    use std::time::Duration;
    let fail = |message: String| Error::invalid(at.clone(), message);
    let Value::Object(map) = value else { return Err(fail("`x-poll` must be a mapping".into())) };
    for key in map.keys() {
        if !["field", "pending", "success", "failure", "interval", "multiplier", "max-interval", "deadline"]
            .contains(&key.as_str())
        {
            return Err(fail(format!("unknown key `{key}` in `x-poll`")));
        }
    }
    let strings = |key: &str, required: bool| -> Result<Vec<String>> {
        match map.get(key) {
            None if !required => Ok(Vec::new()),
            Some(Value::Array(items)) if items.iter().all(Value::is_string) => {
                Ok(items.iter().filter_map(Value::as_str).map(str::to_owned).collect())
            }
            _ => Err(fail(format!("`x-poll.{key}` must be a list of strings"))),
        }
    };
    let duration = |key: &str, default: Option<Duration>| -> Result<Option<Duration>> {
        match map.get(key) {
            None => Ok(default),
            Some(v) => parse_duration(v)
                .map(Some)
                .ok_or_else(|| fail(format!("`x-poll.{key}` must be a duration such as `2s`, `500ms` or `2m`"))),
        }
    };
    let field_wire = map
        .get("field")
        .and_then(Value::as_str)
        .ok_or_else(|| fail("`x-poll.field` (the property holding the state) is required".into()))?;
    let Returns::Body(ResponseBodyKind::Json(Ty::Named(id))) = returns else {
        return Err(fail("`x-poll` needs an operation whose success response is a JSON object".into()));
    };
    let super::types::TypeKind::Struct(body) = &types.def(*id).kind else {
        return Err(fail("`x-poll` needs an operation whose success response is a JSON object".into()));
    };
    let field = body
        .fields()
        .find(|f| f.wire == field_wire)
        .ok_or_else(|| fail(format!("the success body has no property `{field_wire}`")))?;
    let is_text = match &field.rust_ty() {
        Ty::String => true,
        Ty::Named(id) => matches!(types.def(*id).kind, super::types::TypeKind::Enum(_)),
        _ => false,
    };
    if !is_text {
        return Err(fail(format!("`{field_wire}` must be a required string or string enum to hold a poll state")));
    }
    let success = strings("success", true)?;
    let failure = strings("failure", false)?;
    if success.is_empty() {
        return Err(fail("`x-poll.success` must name at least one state".into()));
    }
    let multiplier = match map.get("multiplier") {
        None => 1.0,
        Some(v) => v
            .as_f64()
            .filter(|m| (1.0..=10.0).contains(m))
            .ok_or_else(|| fail("`x-poll.multiplier` must be a number from 1 to 10".into()))?,
    };
    let interval = duration("interval", Some(Duration::from_secs(2)))?.unwrap_or_default();
    Ok(Poll {
        method,
        field: RustName::from_escaped(&field.name),
        field_wire: field_wire.to_owned(),
        pending: strings("pending", false)?,
        success,
        failure,
        interval,
        multiplier,
        max_interval: duration("max-interval", Some(interval))?.unwrap_or(interval).max(interval),
        deadline: duration("deadline", None)?,
    })
}

/// `"2s"`, `"500ms"`, `"2m"`, or a number of seconds.
fn parse_duration(value: &Value) -> Option<std::time::Duration> {
    use std::time::Duration;
    if let Some(seconds) = value.as_f64() {
        return (0.0..1e9).contains(&seconds).then(|| Duration::from_secs_f64(seconds));
    }
    let text = value.as_str()?.trim();
    let (number, unit) = text.split_at(text.find(|c: char| !(c.is_ascii_digit() || c == '.'))?);
    let number: f64 = number.parse().ok()?;
    let seconds = match unit.trim() {
        "ms" => number / 1000.0,
        "s" => number,
        "m" => number * 60.0,
        "h" => number * 3600.0,
        _ => return None,
    };
    (seconds < 1e9).then(|| Duration::from_secs_f64(seconds))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn query_styles_default_explode_as_openapi_says() {
        use openapiv3::QueryStyle as Oa;
        let of = |style, explode| {
            let q = QueryStyle::of(&style, explode);
            (q.style, q.explode)
        };
        assert_eq!(QueryStyle::of(&Oa::Form, None), QueryStyle::FORM_EXPLODED);
        assert_eq!(of(Oa::Form, Some(false)), (Style::Form, false));
        assert_eq!(of(Oa::SpaceDelimited, None), (Style::SpaceDelimited, false));
        assert_eq!(of(Oa::PipeDelimited, Some(true)), (Style::PipeDelimited, true));
        assert_eq!(of(Oa::DeepObject, None), (Style::DeepObject, false));
        assert_eq!(Style::DeepObject.variant(), "DeepObject");
    }

    #[test]
    fn http_methods_read_every_key_of_a_path_item() {
        let item: openapiv3::PathItem = serde_json::from_value(serde_json::json!({
            "get": {"responses": {}}, "put": {"responses": {}}, "post": {"responses": {}},
            "delete": {"responses": {}}, "options": {"responses": {}}, "head": {"responses": {}},
            "patch": {"responses": {}}, "trace": {"responses": {}},
        }))
        .unwrap();
        let methods: Vec<HttpMethod> = item.iter().filter_map(|(key, _)| HttpMethod::from_key(key)).collect();
        assert_eq!(methods.len(), 8);
        for m in methods {
            assert_eq!(HttpMethod::from_key(m.key()), Some(m));
            assert_eq!(m.to_string(), m.key().to_ascii_uppercase());
        }
        assert_eq!(HttpMethod::from_key("GET"), None);
    }

    #[test]
    fn media_types_by_essence() {
        assert!(is_json("application/json"));
        assert!(is_json("Application/JSON; charset=utf-8"));
        assert!(is_json("application/problem+json"));
        assert!(!is_json("application/jsonl") && !is_json("text/json5") && !is_json(""));
        assert_eq!(media("multipart/form-data; boundary=x", true), Media::Multipart);
        assert_eq!(media("multipart/form-data", false), Media::Bytes);
        assert_eq!(media("application/x-www-form-urlencoded", true), Media::Form);
        assert_eq!(media("text/csv", true), Media::Text);
        assert_eq!(media("application/pdf", true), Media::Bytes);
    }

    fn response(code: u16, body: ResponseBodyKind) -> Response {
        let status = StatusMatch::Code(code);
        let outcome = match status.is_success() {
            true => Outcome::Success,
            false => Outcome::Error(RustName::new(&status_variant(status))),
        };
        Response { status, description: String::new(), content_type: None, body, outcome }
    }

    #[test]
    fn success_statuses_sharing_a_body_return_it() {
        let json = || ResponseBodyKind::Json(Ty::String);
        let mut responses = vec![response(200, json()), response(201, json()), response(404, ResponseBodyKind::Empty)];
        let returns = settle_returns(&mut responses, || unreachable!("no enum is needed"));
        assert_eq!(returns, Returns::Body(json()));
        let outcomes: Vec<&Outcome> = responses.iter().map(|r| &r.outcome).collect();
        assert_eq!(outcomes, [&Outcome::Success, &Outcome::Success, &Outcome::Error(RustName::new("NotFound"))]);

        let mut errors_only = vec![response(500, ResponseBodyKind::Text)];
        assert_eq!(settle_returns(&mut errors_only, || unreachable!()), Returns::Body(ResponseBodyKind::Empty));
    }

    #[test]
    fn success_statuses_with_different_bodies_return_an_enum() {
        let json = ResponseBodyKind::Json(Ty::String);
        // 200 and 202 share a body but are apart: each status still gets its variant.
        let mut responses = vec![
            response(200, json.clone()),
            response(204, ResponseBodyKind::Empty),
            response(202, json),
            response(422, ResponseBodyKind::Json(Ty::Json)),
        ];
        let returns = settle_returns(&mut responses, || RustName::new("CreateResponse"));
        let of = RustName::new("CreateResponse");
        assert_eq!(returns, Returns::Enum(of.clone()));
        let variant = |v: &str| Outcome::SuccessVariant { of: of.clone(), variant: RustName::new(v) };
        let outcomes: Vec<Outcome> = responses.into_iter().map(|r| r.outcome).collect();
        assert_eq!(
            outcomes,
            [
                variant("Ok"),
                variant("NoContent"),
                variant("Accepted"),
                Outcome::Error(RustName::new("UnprocessableEntity"))
            ]
        );
    }

    #[test]
    fn the_runtime_redacts_the_same_header_names_the_generator_treats_as_secret() {
        let template = include_str!("../../templates/error.rs");
        let start = template.find("const PARTS").expect("is_secret_header lists its words in PARTS");
        let start = start + template[start..].find('=').unwrap();
        let list = &template[start..start + template[start..].find(';').unwrap()];
        let runtime: Vec<&str> = list.split('"').skip(1).step_by(2).collect();
        assert_eq!(runtime, SECRET_NAME_PARTS);
    }
    use std::time::Duration;

    #[test]
    fn durations() {
        assert_eq!(parse_duration(&"2s".into()), Some(Duration::from_secs(2)));
        assert_eq!(parse_duration(&"500ms".into()), Some(Duration::from_millis(500)));
        assert_eq!(parse_duration(&"1.5m".into()), Some(Duration::from_secs(90)));
        assert_eq!(parse_duration(&serde_json::json!(3)), Some(Duration::from_secs(3)));
        assert_eq!(parse_duration(&"soon".into()), None);
        assert_eq!(parse_duration(&"5 parsecs".into()), None);
    }
}
