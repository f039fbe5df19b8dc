//! Operations: paths and methods to API groups (one per tag) whose methods are named here.

use super::types::{Ty, TypeBuilder};
use crate::error::{Error, Pointer, Result};
use crate::load::Document;
use crate::naming::{self, Namespace};
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
    pub variant: String,
    /// Field of the generated credentials store.
    pub field: String,
    /// Builder method that sets the credential.
    pub setter: String,
    pub kind: SchemeKind,
    pub description: Option<String>,
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
    pub struct_name: String,
    pub module: String,
    /// `Client` method returning this group.
    pub accessor: String,
    /// The Cargo feature that compiles this group (and the models only it reaches).
    pub feature: String,
    pub description: Option<String>,
    pub operations: Vec<Operation>,
}

#[derive(Debug)]
pub struct Operation {
    pub name: String,
    pub error_type: String,
    /// The struct holding the optional parameters, when there are any.
    pub options_type: Option<String>,
    pub method: String,
    pub path: String,
    pub params: Vec<Param>,
    pub body: Option<RequestBody>,
    pub responses: Vec<Response>,
    /// The body of a successful response (when every success status has the same one).
    pub success: BodyKind,
    /// The enum returned when success statuses carry different bodies.
    pub success_enum: Option<String>,
    /// Alternatives (any one suffices), each a set of schemes (all required), as indices into
    /// the API's schemes. Empty: no authentication.
    pub security: Vec<Vec<usize>>,
    pub summary: Option<String>,
    pub description: Option<String>,
    pub deprecated: bool,
    pub operation_id: Option<String>,
    pub pointer: String,
    /// From `x-poll`: this operation reports the state of a long-running job.
    pub poll: Option<Poll>,
    pub extensions: IndexMap<String, Value>,
}

/// The vendor extension that marks a status operation of a long-running job.
pub const POLL_EXTENSION: &str = "x-poll";

/// How to poll an operation until its job is done (see ARCHITECTURE.md, `x-poll`).
#[derive(Debug, Clone)]
pub struct Poll {
    /// The generated `wait_for_...` method.
    pub method: String,
    /// Rust name of the field of the success body that holds the state.
    pub field: String,
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
    pub name: String,
    pub wire: String,
    pub location: ParamLocation,
    /// For query parameters laid out other than `form` exploded: the runtime `Style` variant
    /// and `explode`.
    pub style: Option<(String, bool)>,
    pub ty: Ty,
    pub required: bool,
    pub description: Option<String>,
    pub deprecated: bool,
    /// Named like a credential ([`secret_name`]): `Debug` of the options struct redacts it.
    pub secret: bool,
}

#[derive(Debug)]
pub struct RequestBody {
    pub name: String,
    pub content_type: String,
    pub kind: BodyKind,
    pub required: bool,
    pub description: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum BodyKind {
    Empty,
    Json(Ty),
    /// `application/x-www-form-urlencoded` (request bodies only).
    Form(Ty),
    /// `multipart/form-data` (request bodies only): the struct whose fields are the parts.
    Multipart(Ty),
    Bytes,
    Text,
}

#[derive(Debug)]
pub struct Response {
    pub status: StatusMatch,
    pub description: String,
    pub content_type: Option<String>,
    pub body: BodyKind,
    /// Variant of the operation's error enum; `None` for success responses.
    pub error_variant: Option<String>,
    /// Variant of the operation's success enum, when its success statuses carry different
    /// bodies.
    pub success_variant: Option<String>,
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

const METHODS: [&str; 8] = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

type Built = (Vec<ApiGroup>, Vec<SecurityScheme>, Vec<Server>);

/// Builds the API groups; an operation that cannot be built is added to `errors` and left out,
/// so that one run reports every broken operation.
pub fn build(doc: &Document, types: &mut TypeBuilder, errors: &mut Vec<Error>) -> Result<Built> {
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
            ReferenceOr::Reference { reference } => resolve_component(doc, reference, &item_at)?.0,
        };
        for method in METHODS {
            let op = match method {
                "get" => &item.get,
                "put" => &item.put,
                "post" => &item.post,
                "delete" => &item.delete,
                "options" => &item.options,
                "head" => &item.head,
                "patch" => &item.patch,
                _ => &item.trace,
            };
            let Some(op) = op else { continue };
            let tag = op.tags.first().cloned().unwrap_or_else(|| "default".to_owned());
            groups.entry(tag).or_default().push(Pending {
                path: path.clone(),
                method,
                op: op.clone(),
                shared_params: item.parameters.clone(),
                at: item_at.join(method),
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
        let struct_name = types.claim_name(&format!("{}Api", naming::type_ident(&tag, "Default", "T")));
        let module = modules.claim(&naming::module_ident(&tag, "api"));
        // `client.default()` would read as `Default::default`.
        let accessor_base =
            if module == "default" { "default_api".to_owned() } else { naming::escape_keyword(&module) };
        let accessor = accessors.claim(&accessor_base);
        let description = doc.api.tags.iter().find(|t| t.name == tag).and_then(|t| t.description.clone());
        let operations = group_operations(doc, types, &schemes, pending, errors);
        // `default` is Cargo's list of default features, not a name a tag can have; the
        // models no operation uses have a feature of their own.
        let feature = features.claim(&naming::snake(&tag, "api").replace('_', "-"));
        out.push(ApiGroup { tag, struct_name, module, accessor, feature, description, operations });
    }
    Ok((out, schemes, servers))
}

struct Pending {
    path: String,
    method: &'static str,
    op: openapiv3::Operation,
    shared_params: Vec<ReferenceOr<Parameter>>,
    at: Pointer,
}

fn group_operations(
    doc: &Document,
    types: &mut TypeBuilder,
    schemes: &[SecurityScheme],
    pending: Vec<Pending>,
    errors: &mut Vec<Error>,
) -> Vec<Operation> {
    // Short FastAPI names are used only when no two operations of the group would share one.
    let short: Vec<Option<String>> = pending
        .iter()
        .map(|p| p.op.operation_id.as_deref().and_then(|id| naming::fastapi_function_name(id, &p.path, p.method)))
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
            (_, None) => format!("{} {}", p.method, p.path.replace(['{', '}'], " ")),
        };
        let name = naming::escape_keyword(&method_names.claim(&naming::snake(&raw, "call")));
        let mut op = match operation(doc, types, schemes, p, name) {
            Ok(op) => op,
            Err(e) => {
                errors.push(e);
                continue;
            }
        };
        if let Some(poll) = &mut op.poll {
            let base = naming::unraw(&op.name);
            let base = base.strip_prefix("get_").unwrap_or(base);
            poll.method = naming::escape_keyword(&method_names.claim(&format!("wait_for_{base}")));
        }
        ops.push(op);
    }
    ops
}

fn operation(
    doc: &Document,
    types: &mut TypeBuilder,
    schemes: &[SecurityScheme],
    p: &Pending,
    name: String,
) -> Result<Operation> {
    let type_prefix = naming::type_ident(naming::unraw(&name), "Call", "T");
    let error_type = types.claim_name(&format!("{type_prefix}Error"));
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
            types.warn(
                &at,
                WarningKind::LeftOut,
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
        let required = data.required || location == ParamLocation::Path;
        let style = match &param {
            Parameter::Query { style, .. } => {
                let explode = data.explode.unwrap_or(matches!(style, openapiv3::QueryStyle::Form));
                match style {
                    openapiv3::QueryStyle::Form if explode => None,
                    openapiv3::QueryStyle::Form => Some(("Form".to_owned(), false)),
                    openapiv3::QueryStyle::SpaceDelimited => Some(("SpaceDelimited".to_owned(), explode)),
                    openapiv3::QueryStyle::PipeDelimited => Some(("PipeDelimited".to_owned(), explode)),
                    openapiv3::QueryStyle::DeepObject => Some(("DeepObject".to_owned(), explode)),
                }
            }
            _ => None,
        };
        let ident = naming::escape_keyword(&local.claim(&naming::snake(&wire, "param")));
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
        let error_variant = (!status.is_success()).then(|| variants.claim(&status_variant(status)));
        responses.push(Response {
            status,
            description: response.description.clone(),
            content_type,
            body,
            error_variant,
            success_variant: None,
        });
    }
    // An operation documenting no success status still succeeds on 2XX, with no body.
    let success = responses
        .iter()
        .filter(|r| r.status.is_success())
        .map(|r| r.body.clone())
        .find(|b| *b != BodyKind::Empty)
        .unwrap_or(BodyKind::Empty);
    // Success statuses with different bodies (200 with a body, 204 without; 200 and 201 with
    // different types) make the method return an enum with one variant per status.
    let mut bodies: Vec<&BodyKind> = responses.iter().filter(|r| r.status.is_success()).map(|r| &r.body).collect();
    bodies.dedup();
    let success_enum = (bodies.len() > 1).then(|| {
        let mut names = Namespace::default();
        for r in responses.iter_mut().filter(|r| r.status.is_success()) {
            r.success_variant = Some(names.claim(&success_variant(r.status)));
        }
        types.claim_name(&format!("{type_prefix}Response"))
    });

    let requirements = p.op.security.as_ref().or(doc.api.security.as_ref());
    let security = requirements
        .map(|alternatives| {
            alternatives
                .iter()
                // An alternative naming a scheme that was left out (a warning said why) cannot
                // be satisfied; sending it without that credential would be a different one.
                .filter(|req| req.keys().all(|k| !left_out(doc, schemes, k)))
                .map(|req| req.keys().filter_map(|k| schemes.iter().position(|s| &s.wire_name == k)).collect())
                .collect()
        })
        .unwrap_or_default();

    let options_type = params.iter().any(|p| !p.required).then(|| types.claim_name(&format!("{type_prefix}Options")));
    if success_enum.is_some() && p.op.extensions.contains_key(POLL_EXTENSION) {
        return Err(Error::invalid(
            p.at.join(POLL_EXTENSION),
            "`x-poll` needs an operation whose success statuses share one body type",
        ));
    }
    let poll =
        p.op.extensions
            .get(POLL_EXTENSION)
            .map(|v| poll(types, v, &success, &p.at.join(POLL_EXTENSION)))
            .transpose()?;
    Ok(Operation {
        name,
        success_enum,
        error_type,
        options_type,
        method: p.method.to_ascii_uppercase(),
        path: p.path.clone(),
        params,
        body,
        responses,
        success,
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

/// Why a parameter cannot be sent as the spec names it, if it cannot.
fn unsendable_param(location: ParamLocation, name: &str) -> Option<&'static str> {
    let lower = name.to_ascii_lowercase();
    match location {
        ParamLocation::Header if !is_token(name) => Some("is not a valid HTTP header name (RFC 9110 token)"),
        ParamLocation::Header if IGNORED_HEADERS.contains(&lower.as_str()) => {
            Some("is ignored, as OpenAPI requires (the client sets it from the operation)")
        }
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
                name: naming::escape_keyword(&local.claim(&naming::snake(name, "param"))),
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

fn is_json(content_type: &str) -> bool {
    let essence = content_type.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
    essence == "application/json" || essence.ends_with("+json")
}

fn media_ty(types: &mut TypeBuilder, media: &MediaType, hint: &str, at: &Pointer) -> Result<Option<Ty>> {
    media.schema.as_ref().map(|s| types.ty(s, hint, &at.join("schema"))).transpose()
}

/// The media type a client should use for a content map: JSON first, then the first listed.
fn pick_media(content: &IndexMap<String, MediaType>) -> Option<(&String, &MediaType)> {
    content.iter().find(|(ct, _)| is_json(ct)).or_else(|| content.first())
}

fn body_kind(
    types: &mut TypeBuilder,
    content_type: &str,
    media: &MediaType,
    hint: &str,
    at: &Pointer,
) -> Result<BodyKind> {
    let at = at.join("content").join(content_type);
    let essence = content_type.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
    Ok(if is_json(content_type) {
        BodyKind::Json(media_ty(types, media, hint, &at)?.unwrap_or(Ty::Json))
    } else if essence == "application/x-www-form-urlencoded" && media.schema.is_some() {
        BodyKind::Form(media_ty(types, media, hint, &at)?.unwrap_or(Ty::JsonMap))
    } else if essence.starts_with("multipart/") && media.schema.is_some() {
        BodyKind::Multipart(media_ty(types, media, hint, &at)?.unwrap_or(Ty::JsonMap))
    } else if content_type.starts_with("text/") {
        BodyKind::Text
    } else {
        BodyKind::Bytes
    })
}

fn response_body(
    types: &mut TypeBuilder,
    content: &IndexMap<String, MediaType>,
    hint: &str,
    at: &Pointer,
) -> Result<(Option<String>, BodyKind)> {
    match pick_media(content) {
        None => Ok((None, BodyKind::Empty)),
        Some((ct, media)) => {
            // A response is decoded as JSON, text or bytes; a form response is bytes.
            let kind = match body_kind(types, ct, media, hint, at)? {
                BodyKind::Form(_) | BodyKind::Multipart(_) => BodyKind::Bytes,
                other => other,
            };
            Ok((Some(ct.clone()), kind))
        }
    }
}

fn request_body(
    types: &mut TypeBuilder,
    body: &openapiv3::RequestBody,
    hint: &str,
    at: &Pointer,
) -> Result<Option<RequestBody>> {
    let Some((ct, media)) = pick_media(&body.content) else {
        return Ok(None);
    };
    Ok(Some(RequestBody {
        name: "body".into(),
        content_type: ct.clone(),
        kind: body_kind(types, ct, media, hint, at)?,
        required: body.required,
        description: body.description.clone(),
    }))
}

/// Follows a `$ref` to a component (parameter, response, request body, path item), through
/// chains of references.
fn resolve_component<T: DeserializeOwned>(doc: &Document, reference: &str, at: &Pointer) -> Result<(T, Pointer)> {
    let err = |reason: String| Error::Reference { pointer: at.to_string(), reference: reference.to_owned(), reason };
    let (end, target) = doc.resolve_ref(reference).map_err(|e| err(e.to_string()))?;
    let value =
        serde_json::from_value(target.clone()).map_err(|e| err(format!("the target does not fit here: {e}")))?;
    Ok((value, Pointer(end)))
}

/// The security schemes the client can send. An API key whose name cannot be sent as written
/// (a header or cookie name that is not a token, an empty name) is left out with a warning:
/// a runtime panic or a header injected by the spec are never the answer.
fn security_schemes(doc: &Document, types: &mut TypeBuilder) -> Vec<SecurityScheme> {
    let Some(components) = &doc.api.components else {
        return Vec::new();
    };
    let resolved: Vec<(String, OaScheme)> = components
        .security_schemes
        .iter()
        .filter_map(|(name, s)| match s {
            ReferenceOr::Item(s) => Some((name.clone(), s.clone())),
            ReferenceOr::Reference { reference } => {
                resolve_component::<OaScheme>(doc, reference, &Pointer::root()).ok().map(|(s, _)| (name.clone(), s))
            }
        })
        .filter(|(name, s)| {
            let OaScheme::APIKey { location, name: key, .. } = s else { return true };
            let problem = match location {
                APIKeyLocation::Header if !is_token(key) => "is not a valid HTTP header name (RFC 9110 token)",
                APIKeyLocation::Header if MANAGED_HEADERS.contains(&key.to_ascii_lowercase().as_str()) => {
                    "is a header the HTTP client manages"
                }
                APIKeyLocation::Cookie if !is_token(key) => "is not a valid cookie name (RFC 6265 token)",
                APIKeyLocation::Query if key.is_empty() => "is empty",
                _ => return true,
            };
            let at = Pointer::root().join("components").join("securitySchemes").join(name).join("name");
            types.warn(
                &at,
                WarningKind::LeftOut,
                format!("API key name `{}` {problem}; the scheme is left out", key.escape_debug()),
            );
            false
        })
        .collect();
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
            variant: variants.claim(&naming::type_ident(name, "Scheme", "S")),
            field: naming::escape_keyword(&fields.claim(&naming::snake(name, "scheme"))),
            setter: naming::escape_keyword(&setters.claim(&setter_base)),
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

/// Reads and checks an `x-poll` extension against the operation's success body.
fn poll(types: &TypeBuilder, value: &Value, success: &BodyKind, at: &Pointer) -> Result<Poll> {
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
    let BodyKind::Json(Ty::Named(id)) = success else {
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
        method: String::new(),
        field: field.name.clone(),
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
