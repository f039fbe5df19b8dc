//! OpenAPI-shaped values built by `arbitrary`, for the structured fuzz targets.
//!
//! Raw bytes rarely get past the YAML parser and `openapiv3`'s deserializer, so they exercise
//! the loader and little else. These types can only describe documents that have the shape of
//! OpenAPI (paths, operations, parameters of every `in` and style, bodies of several media
//! types, responses by code, range and default, schemas with every keyword the generator
//! reads, security schemes of every type), so almost every input reaches the model and emit
//! stages. Names and texts are drawn from a list of awkward ones or taken raw (any unicode,
//! control characters), and `$ref`s point at components that may or may not exist.

pub mod cli;

use arbitrary::{Arbitrary, Unstructured};
use serde_json::{Map, Value, json};

/// Names that have broken generators before: keywords, digits first, case collisions,
/// separators, unicode, empty.
const NAMES: &[&str] = &[
    "A",
    "a",
    "Self",
    "self",
    "type",
    "crate",
    "super",
    "match",
    "r#type",
    "a-b",
    "a_b",
    "A_B",
    "aB",
    "AB",
    "2x",
    "_",
    "__",
    "",
    " ",
    "a b",
    "Ünï",
    "🚀",
    "Client",
    "Error",
    "Result",
    "Option",
    "Some",
    "None",
    "Box",
    "Vec",
    "String",
    "Value",
    "serde",
    "reqwest",
    "id",
    "ID",
    "Id",
    "kind",
    "type_",
    "$ref",
    "{id}",
    "a/b",
    "a.b",
    "a~b",
    "a\"b",
    "a\nb",
    "\u{0}",
    "*/",
    "#[x]",
    "Default",
    "Debug",
    "new",
    "builder",
    "Request",
    "Response",
    "body",
    "query",
    "headers",
    "url",
    "path",
    "foo",
    "Foo",
    "FOO",
    "foo_bar",
    "fooBar",
    "FooBar",
    "foo-bar",
    "foo.bar",
    "1",
    "0",
    "api_key",
    "password",
    "token",
    "secret",
    "authorization",
    "Authorization",
    "x-api-key",
    "Content-Type",
];

/// A name: usually one of [`NAMES`] (so that references and collisions happen), sometimes raw.
#[derive(Debug)]
pub struct Name(pub String);

impl<'a> Arbitrary<'a> for Name {
    fn arbitrary(u: &mut Unstructured<'a>) -> arbitrary::Result<Self> {
        if u.ratio(7, 8)? {
            Ok(Name((*u.choose(NAMES)?).to_owned()))
        } else {
            Ok(Name(String::arbitrary(u)?))
        }
    }
}

/// Free text (descriptions, titles): usually a hostile fixed string, sometimes raw.
#[derive(Debug)]
pub struct Text(pub String);

const TEXTS: &[&str] = &[
    "plain",
    "*/ fn x() {} /*",
    "\"#] } fn x() {}",
    "```\nfn main() {}\n```",
    "```rust\nlet x = ;\n```",
    "    indented code",
    "[link](http://x) <b>html</b> <!-- -->",
    "\\u{0} \\ \\\\",
    "line\r\nbreak\rreturn",
    "\t tab",
    "",
    "#",
    "///",
    "//! inner",
    "@generated",
    "{{template}}",
    "$ref",
];

impl<'a> Arbitrary<'a> for Text {
    fn arbitrary(u: &mut Unstructured<'a>) -> arbitrary::Result<Self> {
        if u.ratio(3, 4)? {
            Ok(Text((*u.choose(TEXTS)?).to_owned()))
        } else {
            Ok(Text(String::arbitrary(u)?))
        }
    }
}

#[derive(Debug, Arbitrary)]
pub enum Version {
    V30,
    V31,
    Raw(Name),
}

#[derive(Debug, Arbitrary)]
pub enum Syntax {
    Json,
    JsonPretty,
    Yaml,
}

#[derive(Debug, Arbitrary)]
pub struct Document {
    pub version: Version,
    pub syntax: Syntax,
    pub title: Option<Text>,
    pub description: Option<Text>,
    pub servers: Vec<Text>,
    pub paths: Vec<PathItem>,
    pub schemas: Vec<(Name, Schema)>,
    pub parameters: Vec<(Name, Parameter)>,
    pub request_bodies: Vec<(Name, RequestBody)>,
    pub responses: Vec<(Name, Response)>,
    pub security_schemes: Vec<(Name, SecurityScheme)>,
    pub security: Option<Vec<Requirement>>,
    pub tags: Vec<(Name, Option<Text>)>,
}

#[derive(Debug, Arbitrary)]
pub enum Segment {
    Literal(Name),
    Param(Name),
    Raw(String),
}

#[derive(Debug, Arbitrary)]
pub struct PathItem {
    pub segments: Vec<Segment>,
    pub parameters: Vec<ParameterOrRef>,
    pub operations: Vec<(Method, Operation)>,
    pub summary: Option<Text>,
}

#[derive(Debug, Arbitrary, Clone, Copy)]
pub enum Method {
    Get,
    Put,
    Post,
    Delete,
    Options,
    Head,
    Patch,
    Trace,
}

impl Method {
    fn as_str(self) -> &'static str {
        match self {
            Method::Get => "get",
            Method::Put => "put",
            Method::Post => "post",
            Method::Delete => "delete",
            Method::Options => "options",
            Method::Head => "head",
            Method::Patch => "patch",
            Method::Trace => "trace",
        }
    }
}

#[derive(Debug, Arbitrary)]
pub struct Operation {
    pub operation_id: Option<Name>,
    pub tags: Vec<Name>,
    pub summary: Option<Text>,
    pub description: Option<Text>,
    pub deprecated: Option<bool>,
    pub parameters: Vec<ParameterOrRef>,
    pub request_body: Option<BodyOrRef>,
    pub responses: Vec<(StatusKey, ResponseOrRef)>,
    pub security: Option<Vec<Requirement>>,
}

#[derive(Debug, Arbitrary)]
pub enum StatusKey {
    Code(u16),
    Common(CommonCode),
    Range(u8),
    Default,
    Raw(Name),
}

#[derive(Debug, Arbitrary, Clone, Copy)]
pub enum CommonCode {
    Ok,
    Created,
    Accepted,
    NoContent,
    Moved,
    NotModified,
    BadRequest,
    Unauthorized,
    NotFound,
    Conflict,
    Unprocessable,
    TooMany,
    Internal,
    Unavailable,
}

impl StatusKey {
    fn key(&self) -> String {
        match self {
            StatusKey::Code(c) => (c % 1000).to_string(),
            StatusKey::Common(c) => {
                let code = match c {
                    CommonCode::Ok => 200,
                    CommonCode::Created => 201,
                    CommonCode::Accepted => 202,
                    CommonCode::NoContent => 204,
                    CommonCode::Moved => 301,
                    CommonCode::NotModified => 304,
                    CommonCode::BadRequest => 400,
                    CommonCode::Unauthorized => 401,
                    CommonCode::NotFound => 404,
                    CommonCode::Conflict => 409,
                    CommonCode::Unprocessable => 422,
                    CommonCode::TooMany => 429,
                    CommonCode::Internal => 500,
                    CommonCode::Unavailable => 503,
                };
                code.to_string()
            }
            StatusKey::Range(r) => format!("{}XX", r % 7),
            StatusKey::Default => "default".into(),
            StatusKey::Raw(n) => n.0.clone(),
        }
    }
}

#[derive(Debug, Arbitrary)]
pub enum ParameterOrRef {
    Inline(Parameter),
    Ref(Name),
}

#[derive(Debug, Arbitrary)]
pub struct Parameter {
    pub name: Name,
    pub location: Location,
    pub required: Option<bool>,
    pub style: Option<Style>,
    pub explode: Option<bool>,
    pub allow_reserved: Option<bool>,
    pub deprecated: Option<bool>,
    pub description: Option<Text>,
    /// Either a schema or (rarely) a `content` map with one media type.
    pub value: ParameterValue,
}

#[derive(Debug, Arbitrary)]
pub enum ParameterValue {
    Schema(Schema),
    Content(MediaType, Schema),
    Neither,
}

#[derive(Debug, Arbitrary)]
pub enum Location {
    Path,
    Query,
    Header,
    Cookie,
    Raw(Name),
}

#[derive(Debug, Arbitrary)]
pub enum Style {
    Form,
    Simple,
    Matrix,
    Label,
    SpaceDelimited,
    PipeDelimited,
    DeepObject,
    Raw(Name),
}

#[derive(Debug, Arbitrary)]
pub enum BodyOrRef {
    Inline(RequestBody),
    Ref(Name),
}

#[derive(Debug, Arbitrary)]
pub struct RequestBody {
    pub required: Option<bool>,
    pub description: Option<Text>,
    pub content: Vec<(MediaType, Schema, Vec<(Name, Encoding)>)>,
}

#[derive(Debug, Arbitrary)]
pub struct Encoding {
    pub content_type: Option<MediaType>,
    pub style: Option<Style>,
    pub explode: Option<bool>,
}

#[derive(Debug, Arbitrary)]
pub enum MediaType {
    Json,
    JsonCharset,
    ProblemJson,
    VendorJson,
    Form,
    Multipart,
    Text,
    Html,
    Xml,
    Octet,
    Pdf,
    Png,
    Any,
    EventStream,
    NdJson,
    Raw(Name),
}

impl MediaType {
    fn as_str(&self) -> String {
        match self {
            MediaType::Json => "application/json",
            MediaType::JsonCharset => "application/json; charset=utf-8",
            MediaType::ProblemJson => "application/problem+json",
            MediaType::VendorJson => "application/vnd.api+json",
            MediaType::Form => "application/x-www-form-urlencoded",
            MediaType::Multipart => "multipart/form-data",
            MediaType::Text => "text/plain",
            MediaType::Html => "text/html",
            MediaType::Xml => "application/xml",
            MediaType::Octet => "application/octet-stream",
            MediaType::Pdf => "application/pdf",
            MediaType::Png => "image/png",
            MediaType::Any => "*/*",
            MediaType::EventStream => "text/event-stream",
            MediaType::NdJson => "application/x-ndjson",
            MediaType::Raw(n) => return n.0.clone(),
        }
        .to_owned()
    }
}

#[derive(Debug, Arbitrary)]
pub enum ResponseOrRef {
    Inline(Response),
    Ref(Name),
}

#[derive(Debug, Arbitrary)]
pub struct Response {
    pub description: Option<Text>,
    pub content: Vec<(MediaType, Schema)>,
    pub headers: Vec<(Name, Schema)>,
}

#[derive(Debug, Arbitrary)]
pub struct Requirement(pub Vec<(Name, Vec<Name>)>);

#[derive(Debug, Arbitrary)]
pub enum SecurityScheme {
    ApiKey {
        location: Location,
        name: Name,
    },
    Http {
        scheme: HttpScheme,
        bearer_format: Option<Text>,
    },
    OAuth2 {
        flows: Vec<(Flow, Vec<(Name, Text)>)>,
    },
    OpenIdConnect {
        url: Text,
    },
    MutualTls,
    Raw(Name),
}

#[derive(Debug, Arbitrary)]
pub enum HttpScheme {
    Basic,
    Bearer,
    Digest,
    Raw(Name),
}

#[derive(Debug, Arbitrary)]
pub enum Flow {
    Implicit,
    Password,
    ClientCredentials,
    AuthorizationCode,
}

/// A schema: a keyword-shaped core plus the annotations that may sit beside any of them.
#[derive(Debug, Arbitrary)]
pub struct Schema {
    pub kind: Kind,
    pub nullable: Option<bool>,
    pub format: Option<Format>,
    pub description: Option<Text>,
    pub title: Option<Text>,
    pub default: Option<Scalar>,
    pub example: Option<Scalar>,
    pub read_only: Option<bool>,
    pub write_only: Option<bool>,
    pub deprecated: Option<bool>,
}

/// The first variant is a leaf, so that running out of input ends the recursion.
#[derive(Debug, Arbitrary)]
pub enum Kind {
    Empty,
    Type(TypeName),
    TypeArray(Vec<TypeName>),
    Ref(Name),
    RawRef(String),
    Enum(Vec<Scalar>),
    Const(Scalar),
    String {
        min_length: Option<u8>,
        max_length: Option<u8>,
        pattern: Option<Text>,
    },
    Number {
        integer: bool,
        minimum: Option<Scalar>,
        maximum: Option<Scalar>,
        exclusive: Option<bool>,
        multiple_of: Option<Scalar>,
    },
    Object {
        typed: bool,
        properties: Vec<(Name, Schema)>,
        required: Vec<Name>,
        additional: Option<Additional>,
        pattern_properties: Vec<(Text, Schema)>,
    },
    Array {
        items: Option<Box<Schema>>,
        prefix_items: Vec<Schema>,
        min_items: Option<u8>,
        max_items: Option<u8>,
        unique: Option<bool>,
    },
    AllOf(Vec<Schema>),
    OneOf(Vec<Schema>, Option<Discriminator>),
    AnyOf(Vec<Schema>, Option<Discriminator>),
    Not(Box<Schema>),
    /// Several keywords at once on one schema (type and composition, both unions).
    Mixed {
        types: Vec<TypeName>,
        all_of: Vec<Schema>,
        one_of: Vec<Schema>,
        any_of: Vec<Schema>,
        properties: Vec<(Name, Schema)>,
    },
}

#[derive(Debug, Arbitrary)]
pub enum Additional {
    Bool(bool),
    Schema(Box<Schema>),
}

#[derive(Debug, Arbitrary)]
pub struct Discriminator {
    pub property: Name,
    pub mapping: Vec<(Name, Name)>,
}

#[derive(Debug, Arbitrary, Clone, Copy)]
pub enum TypeName {
    String,
    Integer,
    Number,
    Boolean,
    Null,
    Object,
    Array,
    Bogus,
}

impl TypeName {
    fn as_str(self) -> &'static str {
        match self {
            TypeName::String => "string",
            TypeName::Integer => "integer",
            TypeName::Number => "number",
            TypeName::Boolean => "boolean",
            TypeName::Null => "null",
            TypeName::Object => "object",
            TypeName::Array => "array",
            TypeName::Bogus => "strin",
        }
    }
}

#[derive(Debug, Arbitrary)]
pub enum Format {
    Int32,
    Int64,
    Uint8,
    Uint64,
    Float,
    Double,
    Decimal,
    Date,
    DateTime,
    Time,
    Duration,
    Byte,
    Binary,
    Uuid,
    Uri,
    Email,
    Password,
    Ipv4,
    Raw(Name),
}

impl Format {
    fn as_str(&self) -> String {
        match self {
            Format::Int32 => "int32",
            Format::Int64 => "int64",
            Format::Uint8 => "uint8",
            Format::Uint64 => "uint64",
            Format::Float => "float",
            Format::Double => "double",
            Format::Decimal => "decimal",
            Format::Date => "date",
            Format::DateTime => "date-time",
            Format::Time => "time",
            Format::Duration => "duration",
            Format::Byte => "byte",
            Format::Binary => "binary",
            Format::Uuid => "uuid",
            Format::Uri => "uri",
            Format::Email => "email",
            Format::Password => "password",
            Format::Ipv4 => "ipv4",
            Format::Raw(n) => return n.0.clone(),
        }
        .to_owned()
    }
}

#[derive(Debug, Arbitrary)]
pub enum Scalar {
    Null,
    Bool(bool),
    Int(i64),
    Big(u64),
    Float(f64),
    Str(Name),
    List(Vec<Name>),
    Object(Vec<(Name, Name)>),
}

impl Scalar {
    fn value(&self) -> Value {
        match self {
            Scalar::Null => Value::Null,
            Scalar::Bool(b) => json!(b),
            Scalar::Int(i) => json!(i),
            Scalar::Big(i) => json!(i),
            // NaN and infinities have no JSON form; serde_json would write `null`.
            Scalar::Float(f) => serde_json::Number::from_f64(*f).map_or(Value::Null, Value::Number),
            Scalar::Str(s) => json!(s.0),
            Scalar::List(v) => v.iter().map(|n| json!(n.0)).collect(),
            Scalar::Object(v) => {
                Value::Object(v.iter().map(|(k, n)| (k.0.clone(), json!(n.0))).collect())
            }
        }
    }
}

/// Past this depth a schema becomes `{}`, so that one input cannot take seconds.
const MAX_DEPTH: usize = 24;

fn insert_opt(map: &mut Map<String, Value>, key: &str, value: Option<Value>) {
    if let Some(v) = value {
        map.insert(key.to_owned(), v);
    }
}

fn text(t: &Option<Text>) -> Option<Value> {
    t.as_ref().map(|t| json!(t.0))
}

impl Schema {
    pub fn value(&self, depth: usize) -> Value {
        if depth > MAX_DEPTH {
            return json!({});
        }
        let d = depth + 1;
        let list = |v: &[Schema]| Value::Array(v.iter().map(|s| s.value(d)).collect());
        let props = |v: &[(Name, Schema)]| {
            Value::Object(v.iter().map(|(n, s)| (n.0.clone(), s.value(d))).collect())
        };
        let mut m = Map::new();
        match &self.kind {
            Kind::Empty => {}
            Kind::Type(t) => {
                m.insert("type".into(), json!(t.as_str()));
            }
            Kind::TypeArray(ts) => {
                m.insert(
                    "type".into(),
                    ts.iter().map(|t| json!(t.as_str())).collect(),
                );
            }
            Kind::Ref(n) => {
                m.insert(
                    "$ref".into(),
                    json!(format!("#/components/schemas/{}", escape_pointer(&n.0))),
                );
            }
            Kind::RawRef(r) => {
                m.insert("$ref".into(), json!(r));
            }
            Kind::Enum(v) => {
                m.insert("enum".into(), v.iter().map(Scalar::value).collect());
            }
            Kind::Const(v) => {
                m.insert("const".into(), v.value());
            }
            Kind::String {
                min_length,
                max_length,
                pattern,
            } => {
                m.insert("type".into(), json!("string"));
                insert_opt(&mut m, "minLength", min_length.map(|v| json!(v)));
                insert_opt(&mut m, "maxLength", max_length.map(|v| json!(v)));
                insert_opt(&mut m, "pattern", text(pattern));
            }
            Kind::Number {
                integer,
                minimum,
                maximum,
                exclusive,
                multiple_of,
            } => {
                m.insert(
                    "type".into(),
                    json!(if *integer { "integer" } else { "number" }),
                );
                insert_opt(&mut m, "minimum", minimum.as_ref().map(Scalar::value));
                insert_opt(&mut m, "maximum", maximum.as_ref().map(Scalar::value));
                insert_opt(&mut m, "exclusiveMinimum", exclusive.map(|v| json!(v)));
                insert_opt(
                    &mut m,
                    "multipleOf",
                    multiple_of.as_ref().map(Scalar::value),
                );
            }
            Kind::Object {
                typed,
                properties,
                required,
                additional,
                pattern_properties,
            } => {
                if *typed {
                    m.insert("type".into(), json!("object"));
                }
                m.insert("properties".into(), props(properties));
                if !required.is_empty() {
                    m.insert(
                        "required".into(),
                        required.iter().map(|n| json!(n.0)).collect(),
                    );
                }
                match additional {
                    Some(Additional::Bool(b)) => {
                        m.insert("additionalProperties".into(), json!(b));
                    }
                    Some(Additional::Schema(s)) => {
                        m.insert("additionalProperties".into(), s.value(d));
                    }
                    None => {}
                }
                if !pattern_properties.is_empty() {
                    let pp = pattern_properties
                        .iter()
                        .map(|(p, s)| (p.0.clone(), s.value(d)))
                        .collect();
                    m.insert("patternProperties".into(), Value::Object(pp));
                }
            }
            Kind::Array {
                items,
                prefix_items,
                min_items,
                max_items,
                unique,
            } => {
                m.insert("type".into(), json!("array"));
                insert_opt(&mut m, "items", items.as_ref().map(|s| s.value(d)));
                if !prefix_items.is_empty() {
                    m.insert("prefixItems".into(), list(prefix_items));
                }
                insert_opt(&mut m, "minItems", min_items.map(|v| json!(v)));
                insert_opt(&mut m, "maxItems", max_items.map(|v| json!(v)));
                insert_opt(&mut m, "uniqueItems", unique.map(|v| json!(v)));
            }
            Kind::AllOf(v) => {
                m.insert("allOf".into(), list(v));
            }
            Kind::OneOf(v, disc) => {
                m.insert("oneOf".into(), list(v));
                insert_opt(
                    &mut m,
                    "discriminator",
                    disc.as_ref().map(Discriminator::value),
                );
            }
            Kind::AnyOf(v, disc) => {
                m.insert("anyOf".into(), list(v));
                insert_opt(
                    &mut m,
                    "discriminator",
                    disc.as_ref().map(Discriminator::value),
                );
            }
            Kind::Not(s) => {
                m.insert("not".into(), s.value(d));
            }
            Kind::Mixed {
                types,
                all_of,
                one_of,
                any_of,
                properties,
            } => {
                if !types.is_empty() {
                    m.insert(
                        "type".into(),
                        types.iter().map(|t| json!(t.as_str())).collect(),
                    );
                }
                m.insert("allOf".into(), list(all_of));
                m.insert("oneOf".into(), list(one_of));
                m.insert("anyOf".into(), list(any_of));
                m.insert("properties".into(), props(properties));
            }
        }
        insert_opt(&mut m, "nullable", self.nullable.map(|v| json!(v)));
        insert_opt(
            &mut m,
            "format",
            self.format.as_ref().map(|f| json!(f.as_str())),
        );
        insert_opt(&mut m, "description", text(&self.description));
        insert_opt(&mut m, "title", text(&self.title));
        insert_opt(&mut m, "default", self.default.as_ref().map(Scalar::value));
        insert_opt(&mut m, "example", self.example.as_ref().map(Scalar::value));
        insert_opt(&mut m, "readOnly", self.read_only.map(|v| json!(v)));
        insert_opt(&mut m, "writeOnly", self.write_only.map(|v| json!(v)));
        insert_opt(&mut m, "deprecated", self.deprecated.map(|v| json!(v)));
        Value::Object(m)
    }
}

impl Discriminator {
    fn value(&self) -> Value {
        let mut m = Map::new();
        m.insert("propertyName".into(), json!(self.property.0));
        if !self.mapping.is_empty() {
            let mapping = self
                .mapping
                .iter()
                .map(|(k, target)| {
                    (
                        k.0.clone(),
                        json!(format!(
                            "#/components/schemas/{}",
                            escape_pointer(&target.0)
                        )),
                    )
                })
                .collect();
            m.insert("mapping".into(), Value::Object(mapping));
        }
        Value::Object(m)
    }
}

fn escape_pointer(s: &str) -> String {
    s.replace('~', "~0").replace('/', "~1")
}

fn location(l: &Location) -> String {
    match l {
        Location::Path => "path".into(),
        Location::Query => "query".into(),
        Location::Header => "header".into(),
        Location::Cookie => "cookie".into(),
        Location::Raw(n) => n.0.clone(),
    }
}

fn style(s: &Style) -> String {
    match s {
        Style::Form => "form".into(),
        Style::Simple => "simple".into(),
        Style::Matrix => "matrix".into(),
        Style::Label => "label".into(),
        Style::SpaceDelimited => "spaceDelimited".into(),
        Style::PipeDelimited => "pipeDelimited".into(),
        Style::DeepObject => "deepObject".into(),
        Style::Raw(n) => n.0.clone(),
    }
}

impl Parameter {
    fn value(&self) -> Value {
        let mut m = Map::new();
        m.insert("name".into(), json!(self.name.0));
        m.insert("in".into(), json!(location(&self.location)));
        insert_opt(&mut m, "required", self.required.map(|v| json!(v)));
        insert_opt(
            &mut m,
            "style",
            self.style.as_ref().map(|s| json!(style(s))),
        );
        insert_opt(&mut m, "explode", self.explode.map(|v| json!(v)));
        insert_opt(
            &mut m,
            "allowReserved",
            self.allow_reserved.map(|v| json!(v)),
        );
        insert_opt(&mut m, "deprecated", self.deprecated.map(|v| json!(v)));
        insert_opt(&mut m, "description", text(&self.description));
        match &self.value {
            ParameterValue::Schema(s) => {
                m.insert("schema".into(), s.value(0));
            }
            ParameterValue::Content(media, s) => {
                m.insert(
                    "content".into(),
                    json!({ media.as_str(): {"schema": s.value(0)} }),
                );
            }
            ParameterValue::Neither => {}
        }
        Value::Object(m)
    }
}

impl ParameterOrRef {
    fn value(&self) -> Value {
        match self {
            ParameterOrRef::Inline(p) => p.value(),
            ParameterOrRef::Ref(n) => {
                json!({"$ref": format!("#/components/parameters/{}", escape_pointer(&n.0))})
            }
        }
    }
}

impl RequestBody {
    fn value(&self) -> Value {
        let mut m = Map::new();
        insert_opt(&mut m, "required", self.required.map(|v| json!(v)));
        insert_opt(&mut m, "description", text(&self.description));
        let content = self
            .content
            .iter()
            .map(|(media, schema, encoding)| {
                let mut media_object = json!({"schema": schema.value(0)});
                if !encoding.is_empty() {
                    let enc = encoding
                        .iter()
                        .map(|(n, e)| {
                            let mut em = Map::new();
                            insert_opt(
                                &mut em,
                                "contentType",
                                e.content_type.as_ref().map(|c| json!(c.as_str())),
                            );
                            insert_opt(&mut em, "style", e.style.as_ref().map(|s| json!(style(s))));
                            insert_opt(&mut em, "explode", e.explode.map(|v| json!(v)));
                            (n.0.clone(), Value::Object(em))
                        })
                        .collect();
                    media_object["encoding"] = Value::Object(enc);
                }
                (media.as_str(), media_object)
            })
            .collect();
        m.insert("content".into(), Value::Object(content));
        Value::Object(m)
    }
}

impl Response {
    fn value(&self) -> Value {
        let mut m = Map::new();
        // `description` is required by the spec; leaving it out sometimes checks the error path.
        insert_opt(&mut m, "description", text(&self.description));
        if !self.content.is_empty() {
            let content = self
                .content
                .iter()
                .map(|(media, s)| (media.as_str(), json!({"schema": s.value(0)})))
                .collect();
            m.insert("content".into(), Value::Object(content));
        }
        if !self.headers.is_empty() {
            let headers = self
                .headers
                .iter()
                .map(|(n, s)| (n.0.clone(), json!({"schema": s.value(0)})))
                .collect();
            m.insert("headers".into(), Value::Object(headers));
        }
        Value::Object(m)
    }
}

impl Requirement {
    fn value(&self) -> Value {
        Value::Object(
            self.0
                .iter()
                .map(|(n, scopes)| (n.0.clone(), scopes.iter().map(|s| json!(s.0)).collect()))
                .collect(),
        )
    }
}

impl SecurityScheme {
    fn value(&self) -> Value {
        match self {
            SecurityScheme::ApiKey { location: l, name } => {
                json!({"type": "apiKey", "in": location(l), "name": name.0})
            }
            SecurityScheme::Http {
                scheme,
                bearer_format,
            } => {
                let scheme = match scheme {
                    HttpScheme::Basic => "basic".to_owned(),
                    HttpScheme::Bearer => "bearer".to_owned(),
                    HttpScheme::Digest => "digest".to_owned(),
                    HttpScheme::Raw(n) => n.0.clone(),
                };
                let mut v = json!({"type": "http", "scheme": scheme});
                if let Some(f) = bearer_format {
                    v["bearerFormat"] = json!(f.0);
                }
                v
            }
            SecurityScheme::OAuth2 { flows } => {
                let flows: Map<String, Value> = flows
                    .iter()
                    .map(|(flow, scopes)| {
                        let scopes: Map<String, Value> = scopes.iter().map(|(n, t)| (n.0.clone(), json!(t.0))).collect();
                        let (name, mut v) = match flow {
                            Flow::Implicit => ("implicit", json!({"authorizationUrl": "https://auth.example/a"})),
                            Flow::Password => ("password", json!({"tokenUrl": "https://auth.example/t"})),
                            Flow::ClientCredentials => ("clientCredentials", json!({"tokenUrl": "/token"})),
                            Flow::AuthorizationCode => (
                                "authorizationCode",
                                json!({"authorizationUrl": "https://auth.example/a", "tokenUrl": "https://auth.example/t"}),
                            ),
                        };
                        v["scopes"] = Value::Object(scopes);
                        (name.to_owned(), v)
                    })
                    .collect();
                json!({"type": "oauth2", "flows": flows})
            }
            SecurityScheme::OpenIdConnect { url } => {
                json!({"type": "openIdConnect", "openIdConnectUrl": url.0})
            }
            SecurityScheme::MutualTls => json!({"type": "mutualTLS"}),
            SecurityScheme::Raw(n) => json!({"type": n.0}),
        }
    }
}

impl PathItem {
    fn template(&self) -> String {
        let mut path = String::new();
        for segment in &self.segments {
            match segment {
                Segment::Literal(n) => {
                    path.push('/');
                    path.push_str(&n.0);
                }
                Segment::Param(n) => {
                    path.push_str("/{");
                    path.push_str(&n.0);
                    path.push('}');
                }
                Segment::Raw(s) => path.push_str(s),
            }
        }
        if path.is_empty() { "/".into() } else { path }
    }

    fn value(&self) -> Value {
        let mut m = Map::new();
        insert_opt(&mut m, "summary", text(&self.summary));
        if !self.parameters.is_empty() {
            m.insert(
                "parameters".into(),
                self.parameters.iter().map(ParameterOrRef::value).collect(),
            );
        }
        for (method, op) in &self.operations {
            m.insert(method.as_str().into(), op.value());
        }
        Value::Object(m)
    }
}

impl Operation {
    fn value(&self) -> Value {
        let mut m = Map::new();
        insert_opt(
            &mut m,
            "operationId",
            self.operation_id.as_ref().map(|n| json!(n.0)),
        );
        if !self.tags.is_empty() {
            m.insert(
                "tags".into(),
                self.tags.iter().map(|n| json!(n.0)).collect(),
            );
        }
        insert_opt(&mut m, "summary", text(&self.summary));
        insert_opt(&mut m, "description", text(&self.description));
        insert_opt(&mut m, "deprecated", self.deprecated.map(|v| json!(v)));
        if !self.parameters.is_empty() {
            m.insert(
                "parameters".into(),
                self.parameters.iter().map(ParameterOrRef::value).collect(),
            );
        }
        match &self.request_body {
            Some(BodyOrRef::Inline(b)) => {
                m.insert("requestBody".into(), b.value());
            }
            Some(BodyOrRef::Ref(n)) => {
                m.insert(
                    "requestBody".into(),
                    json!({"$ref": format!("#/components/requestBodies/{}", escape_pointer(&n.0))}),
                );
            }
            None => {}
        }
        let responses: Map<String, Value> = self
            .responses
            .iter()
            .map(|(k, r)| {
                let v = match r {
                    ResponseOrRef::Inline(r) => r.value(),
                    ResponseOrRef::Ref(n) => {
                        json!({"$ref": format!("#/components/responses/{}", escape_pointer(&n.0))})
                    }
                };
                (k.key(), v)
            })
            .collect();
        m.insert("responses".into(), Value::Object(responses));
        insert_opt(
            &mut m,
            "security",
            self.security
                .as_ref()
                .map(|s| s.iter().map(Requirement::value).collect()),
        );
        Value::Object(m)
    }
}

impl Document {
    pub fn value(&self) -> Value {
        let version = match &self.version {
            Version::V30 => "3.0.3".to_owned(),
            Version::V31 => "3.1.0".to_owned(),
            Version::Raw(n) => n.0.clone(),
        };
        let mut info =
            json!({"title": self.title.as_ref().map_or("fuzz", |t| t.0.as_str()), "version": "1"});
        if let Some(d) = &self.description {
            info["description"] = json!(d.0);
        }
        let mut doc = json!({"openapi": version, "info": info});
        if !self.servers.is_empty() {
            doc["servers"] = self.servers.iter().map(|s| json!({"url": s.0})).collect();
        }
        let paths: Map<String, Value> = self
            .paths
            .iter()
            .map(|p| (p.template(), p.value()))
            .collect();
        doc["paths"] = Value::Object(paths);
        let mut components = Map::new();
        let schemas: Map<String, Value> = self
            .schemas
            .iter()
            .map(|(n, s)| (n.0.clone(), s.value(0)))
            .collect();
        components.insert("schemas".into(), Value::Object(schemas));
        if !self.parameters.is_empty() {
            let v = self
                .parameters
                .iter()
                .map(|(n, p)| (n.0.clone(), p.value()))
                .collect();
            components.insert("parameters".into(), Value::Object(v));
        }
        if !self.request_bodies.is_empty() {
            let v = self
                .request_bodies
                .iter()
                .map(|(n, b)| (n.0.clone(), b.value()))
                .collect();
            components.insert("requestBodies".into(), Value::Object(v));
        }
        if !self.responses.is_empty() {
            let v = self
                .responses
                .iter()
                .map(|(n, r)| (n.0.clone(), r.value()))
                .collect();
            components.insert("responses".into(), Value::Object(v));
        }
        if !self.security_schemes.is_empty() {
            let v = self
                .security_schemes
                .iter()
                .map(|(n, s)| (n.0.clone(), s.value()))
                .collect();
            components.insert("securitySchemes".into(), Value::Object(v));
        }
        doc["components"] = Value::Object(components);
        if let Some(s) = &self.security {
            doc["security"] = s.iter().map(Requirement::value).collect();
        }
        if !self.tags.is_empty() {
            doc["tags"] = self
                .tags
                .iter()
                .map(|(n, d)| match d {
                    Some(d) => json!({"name": n.0, "description": d.0}),
                    None => json!({"name": n.0}),
                })
                .collect();
        }
        doc
    }

    /// The document as text, in the syntax this input chose.
    pub fn text(&self) -> String {
        let value = self.value();
        match self.syntax {
            Syntax::Json => serde_json::to_string(&value).expect("a Value serialises"),
            Syntax::JsonPretty => serde_json::to_string_pretty(&value).expect("a Value serialises"),
            Syntax::Yaml => serde_yaml::to_string(&value).expect("a Value serialises"),
        }
    }
}

/// An OpenAPI Overlay aimed at the places a project's overlays usually touch.
#[derive(Debug, Arbitrary)]
pub struct Overlay {
    pub version: Option<Name>,
    pub actions: Vec<Action>,
}

#[derive(Debug, Arbitrary)]
pub struct Action {
    pub target: Target,
    pub change: Change,
    pub description: Option<Text>,
}

#[derive(Debug, Arbitrary)]
pub enum Target {
    Root,
    Paths,
    Operations,
    Schemas,
    OneSchema(Name),
    Properties,
    Descriptions,
    Parameters,
    Info,
    Raw(String),
}

#[derive(Debug, Arbitrary)]
pub enum Change {
    Update(Schema),
    Description(Text),
    Remove,
    Raw(Scalar),
}

impl Overlay {
    pub fn text(&self) -> String {
        let actions: Vec<Value> = self
            .actions
            .iter()
            .map(|a| {
                let target = match &a.target {
                    Target::Root => "$".to_owned(),
                    Target::Paths => "$.paths".to_owned(),
                    Target::Operations => "$.paths.*.*".to_owned(),
                    Target::Schemas => "$.components.schemas".to_owned(),
                    Target::OneSchema(n) => {
                        format!("$.components.schemas['{}']", n.0.replace('\'', "\\'"))
                    }
                    Target::Properties => "$.components.schemas.*.properties".to_owned(),
                    Target::Descriptions => "$..description".to_owned(),
                    Target::Parameters => "$.paths.*.*.parameters".to_owned(),
                    Target::Info => "$.info".to_owned(),
                    Target::Raw(s) => s.clone(),
                };
                let mut v = json!({"target": target});
                match &a.change {
                    Change::Update(s) => v["update"] = s.value(0),
                    Change::Description(t) => v["update"] = json!({"description": t.0}),
                    Change::Remove => v["remove"] = json!(true),
                    Change::Raw(s) => v["update"] = s.value(),
                }
                if let Some(d) = &a.description {
                    v["description"] = json!(d.0);
                }
                v
            })
            .collect();
        let version = self.version.as_ref().map_or("1.0.0", |n| n.0.as_str());
        let overlay = json!({"overlay": version, "info": {"title": "fuzz", "version": "1"}, "actions": actions});
        serde_yaml::to_string(&overlay).expect("a Value serialises")
    }
}

/// One structured input: a document and the overlays to apply to it first.
#[derive(Debug, Arbitrary)]
pub struct Input {
    pub document: Document,
    pub overlays: Vec<Overlay>,
}
