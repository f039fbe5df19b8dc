//! Values valid against the document's schemas: argument values for calls against a mock
//! server (and doc examples). For a schema, in this order: the examples next to it that
//! validate, then its `default`, `const` and `enum` values, then a synthesised minimal value
//! (required members only, the fewest items, the smallest length and a number inside the
//! bounds). Every value returned has passed the same JSON Schema validator the examples stage
//! uses ([`Checker`]); what cannot be built is a [`Skipped`] naming the place and why.
//!
//! The builder reads the document as written (`Document::source`), like the validator, so
//! 3.0 and 3.1 spellings (`nullable`, boolean or numeric exclusive bounds) are both read here.

use crate::error::Pointer;
use crate::examples::Checker;
use crate::model::{Api, ParamLocation, RequestBodyKind, SchemeKind};
use crate::resolve::Resolver;
use serde_json::{Map, Number, Value};

/// A value that could not be built, and why; never dropped silently.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("skipped at {pointer}: {reason}")]
pub struct Skipped {
    pub pointer: String,
    pub reason: String,
}

impl Skipped {
    fn new(pointer: &str, reason: impl Into<String>) -> Skipped {
        Skipped { pointer: pointer.to_owned(), reason: reason.into() }
    }
}

/// Schemas nested deeper than this (without a `$ref` cycle) are skipped rather than followed:
/// the builder recurses, and hostile documents nest thousands of levels.
const MAX_DEPTH: usize = 64;

/// Schema nodes visited for one value: required members can double at each level
/// (`A: {a: B, b: B}`), so the value, and the time, would be exponential without a budget.
const MAX_NODES: usize = 10_000;

/// Builds values for the schemas of one document.
pub struct Builder<'d> {
    source: &'d Value,
    checker: Checker,
    refs: Resolver,
    /// Schema nodes the current value may still visit ([`MAX_NODES`]).
    budget: usize,
}

impl<'d> Builder<'d> {
    /// `source` is the document as written (see [`crate::load::Document::source`]).
    pub fn new(source: &'d Value) -> Builder<'d> {
        Builder { source, checker: Checker::new(source), refs: Resolver::new(), budget: MAX_NODES }
    }

    /// A value valid against the schema at `pointer` (`#/components/schemas/Pet`).
    pub fn value(&mut self, pointer: &str) -> Result<Value, Skipped> {
        self.value_preferring(pointer, &[])
    }

    /// As [`Builder::value`], trying first the given examples (of a parameter or media type)
    /// in order: the first that validates is the value.
    pub fn value_preferring(&mut self, pointer: &str, examples: &[Value]) -> Result<Value, Skipped> {
        for example in examples {
            if self.checker.validate(pointer, example).is_ok() {
                return Ok(example.clone());
            }
        }
        let mut stack = vec![pointer.to_owned()];
        self.budget = MAX_NODES;
        let value = self.build(pointer, &mut stack, 0)?;
        match self.checker.validate(pointer, &value) {
            Ok(()) => Ok(value),
            Err(reason) => Err(Skipped::new(pointer, format!("the value built, {value}, {reason}"))),
        }
    }

    fn node(&self, pointer: &str) -> Result<&'d Value, Skipped> {
        self.source.pointer(pointer.trim_start_matches('#')).ok_or_else(|| Skipped::new(pointer, "no schema is there"))
    }

    /// `stack` holds the `$ref` targets being built, to find recursion that has no end.
    fn build(&mut self, pointer: &str, stack: &mut Vec<String>, depth: usize) -> Result<Value, Skipped> {
        if depth > MAX_DEPTH {
            return Err(Skipped::new(pointer, format!("nested more than {MAX_DEPTH} levels deep")));
        }
        if self.budget == 0 {
            return Err(Skipped::new(pointer, format!("the value needs more than {MAX_NODES} schema nodes")));
        }
        self.budget -= 1;
        let map = match self.node(pointer)? {
            Value::Bool(true) => return Ok(Value::String("x".into())),
            Value::Bool(false) => return Err(Skipped::new(pointer, "the schema `false` admits no value")),
            Value::Object(map) => map,
            _ => return Err(Skipped::new(pointer, "not a schema")),
        };
        let built = self.build_object(pointer, map, stack, depth);
        match built {
            Err(_) if nullable(map) => Ok(Value::Null),
            other => other,
        }
    }

    fn build_object(
        &mut self,
        pointer: &str,
        map: &'d Map<String, Value>,
        stack: &mut Vec<String>,
        depth: usize,
    ) -> Result<Value, Skipped> {
        for candidate in candidates(map) {
            if self.checker.validate(pointer, candidate).is_ok() {
                return Ok(candidate.clone());
            }
        }
        let mut value = self.local(pointer, map, stack, depth)?;
        if let Some(reference) = map.get("$ref").and_then(Value::as_str) {
            let (end, _) =
                self.refs.follow(self.source, reference).map_err(|e| Skipped::new(pointer, e.to_string()))?;
            if stack.contains(&end) {
                return Err(Skipped::new(
                    pointer,
                    format!("`{end}` holds itself through required members, so it has no finite value"),
                ));
            }
            stack.push(end.clone());
            let part = self.build(&end, stack, depth + 1);
            stack.pop();
            value = Some(merge(value, part?));
        }
        if let Some(Value::Array(parts)) = map.get("allOf") {
            for i in 0..parts.len() {
                let part = self.build(&format!("{pointer}/allOf/{i}"), stack, depth + 1)?;
                value = Some(merge(value, part));
            }
        }
        for keyword in ["oneOf", "anyOf"] {
            let Some(Value::Array(branches)) = map.get(keyword) else { continue };
            let mut reasons = Vec::new();
            let mut chosen = None;
            for i in 0..branches.len() {
                let at = format!("{pointer}/{keyword}/{i}");
                match self.build(&at, stack, depth + 1) {
                    Ok(branch) => {
                        let merged = merge(value.clone(), branch);
                        match self.checker.validate(pointer, &merged) {
                            Ok(()) => {
                                chosen = Some(merged);
                                break;
                            }
                            Err(reason) => reasons.push(format!("{i}: {reason}")),
                        }
                    }
                    Err(skipped) => reasons.push(format!("{i}: {}", skipped.reason)),
                }
            }
            match chosen {
                Some(merged) => value = Some(merged),
                None => {
                    return Err(Skipped::new(
                        pointer,
                        format!("no branch of `{keyword}` yields a valid value ({})", reasons.join("; ")),
                    ));
                }
            }
        }
        // A schema that constrains nothing admits anything; a short string suits every
        // parameter location.
        Ok(value.unwrap_or_else(|| Value::String("x".into())))
    }

    /// The value the schema's own keywords call for (type, bounds, members), ignoring
    /// `$ref` and the combinators; `None` when they say nothing about the type.
    fn local(
        &mut self,
        pointer: &str,
        map: &'d Map<String, Value>,
        stack: &mut Vec<String>,
        depth: usize,
    ) -> Result<Option<Value>, Skipped> {
        let Some(ty) = schema_type(map) else { return Ok(None) };
        let value = match ty {
            "null" => Value::Null,
            "boolean" => Value::Bool(true),
            "string" => Value::String(string_value(pointer, map)?),
            "integer" => number_value(pointer, map, true)?,
            "number" => number_value(pointer, map, false)?,
            "array" => self.array_value(pointer, map, stack, depth)?,
            "object" => self.object_value(pointer, map, stack, depth)?,
            other => return Err(Skipped::new(pointer, format!("unknown type `{other}`"))),
        };
        Ok(Some(value))
    }

    fn array_value(
        &mut self,
        pointer: &str,
        map: &Map<String, Value>,
        stack: &mut Vec<String>,
        depth: usize,
    ) -> Result<Value, Skipped> {
        let min = map.get("minItems").and_then(Value::as_u64).unwrap_or(0);
        let max = map.get("maxItems").and_then(Value::as_u64).unwrap_or(u64::MAX);
        // One item rather than none when allowed: an empty array is often no parameter at all.
        let count = min.max(1).min(max);
        if count == 0 {
            return Ok(Value::Array(Vec::new()));
        }
        if count > 1 && map.get("uniqueItems") == Some(&Value::Bool(true)) {
            return Err(Skipped::new(pointer, format!("needs {count} distinct items")));
        }
        if count > 1024 {
            return Err(Skipped::new(pointer, format!("needs {count} items")));
        }
        let item = match map.get("items") {
            Some(_) => self.build(&format!("{pointer}/items"), stack, depth + 1),
            None => Ok(Value::String("x".into())),
        };
        match item {
            Ok(item) => Ok(Value::Array(vec![item; count as usize])),
            // An item that cannot be built (a recursive type, say) is not needed when none is.
            Err(_) if min == 0 => Ok(Value::Array(Vec::new())),
            Err(skipped) => Err(skipped),
        }
    }

    fn object_value(
        &mut self,
        pointer: &str,
        map: &Map<String, Value>,
        stack: &mut Vec<String>,
        depth: usize,
    ) -> Result<Value, Skipped> {
        let mut out = Map::new();
        let required: Vec<&str> =
            map.get("required").and_then(Value::as_array).into_iter().flatten().filter_map(Value::as_str).collect();
        for name in &required {
            let value = match self.property_schema(pointer, name, 0) {
                Some(at) => self.build(&at, stack, depth + 1)?,
                None => match map.get("additionalProperties") {
                    Some(Value::Object(_)) => {
                        self.build(&format!("{pointer}/additionalProperties"), stack, depth + 1)?
                    }
                    _ => Value::String("x".into()),
                },
            };
            out.insert((*name).to_owned(), value);
        }
        let min = map.get("minProperties").and_then(Value::as_u64).unwrap_or(0) as usize;
        if out.len() < min {
            // Optional members, then made-up ones, until there are enough.
            if let Some(Value::Object(properties)) = map.get("properties") {
                for name in properties.keys() {
                    if out.len() >= min {
                        break;
                    }
                    if out.contains_key(name) {
                        continue;
                    }
                    let at = format!("{pointer}/properties/{}", Pointer::escape(name));
                    if let Ok(value) = self.build(&at, stack, depth + 1) {
                        out.insert(name.clone(), value);
                    }
                }
            }
            let mut i = 0;
            while out.len() < min && map.get("additionalProperties") != Some(&Value::Bool(false)) && i < 1024 {
                i += 1;
                let value = match map.get("additionalProperties") {
                    Some(Value::Object(_)) => {
                        self.build(&format!("{pointer}/additionalProperties"), stack, depth + 1)?
                    }
                    _ => Value::String("x".into()),
                };
                out.entry(format!("key{i}")).or_insert(value);
            }
        }
        Ok(Value::Object(out))
    }

    /// Where the schema of member `name` is: the object's own `properties`, else those of its
    /// `allOf` parts (a `required` list often names members a part declares).
    fn property_schema(&self, pointer: &str, name: &str, depth: usize) -> Option<String> {
        if depth > MAX_DEPTH {
            return None;
        }
        let node = self.source.pointer(pointer.trim_start_matches('#'))?;
        if node.get("properties").and_then(|p| p.get(name)).is_some() {
            return Some(format!("{pointer}/properties/{}", Pointer::escape(name)));
        }
        if let Some(reference) = node.get("$ref").and_then(Value::as_str)
            && let Ok((end, _)) = self.refs.follow(self.source, reference)
            && let Some(found) = self.property_schema(&end, name, depth + 1)
        {
            return Some(found);
        }
        let parts = node.get("allOf").and_then(Value::as_array).map_or(0, Vec::len);
        (0..parts).find_map(|i| self.property_schema(&format!("{pointer}/allOf/{i}"), name, depth + 1))
    }
}

/// A value that satisfies both parts of an `allOf` (or a schema and its chosen branch):
/// objects are joined member by member; for anything else the part wins, being the more
/// specific (the validator judges the result).
fn merge(base: Option<Value>, part: Value) -> Value {
    match (base, part) {
        (Some(Value::Object(mut base)), Value::Object(part)) => {
            for (key, value) in part {
                let joined = merge(base.remove(&key), value);
                base.insert(key, joined);
            }
            Value::Object(base)
        }
        (_, part) => part,
    }
}

/// The schema's own candidate values, in the order they are tried.
fn candidates(map: &Map<String, Value>) -> Vec<&Value> {
    let mut out = Vec::new();
    out.extend(map.get("example"));
    if let Some(Value::Array(examples)) = map.get("examples") {
        out.extend(examples);
    }
    out.extend(map.get("default"));
    out.extend(map.get("const"));
    if let Some(Value::Array(values)) = map.get("enum") {
        // Non-null first: a value says more about the client than a null does.
        out.extend(values.iter().filter(|v| !v.is_null()));
        out.extend(values.iter().filter(|v| v.is_null()));
    }
    out
}

fn nullable(map: &Map<String, Value>) -> bool {
    map.get("nullable") == Some(&Value::Bool(true))
        || map.get("type").and_then(Value::as_array).is_some_and(|t| t.iter().any(|t| t == "null"))
}

/// The type to build: the first non-null one declared, else what the keywords imply.
fn schema_type(map: &Map<String, Value>) -> Option<&str> {
    match map.get("type") {
        Some(Value::String(t)) => return Some(t),
        Some(Value::Array(types)) => {
            let types: Vec<&str> = types.iter().filter_map(Value::as_str).collect();
            return types.iter().find(|t| **t != "null").or(types.first()).copied();
        }
        _ => {}
    }
    let has = |keys: &[&str]| keys.iter().any(|k| map.contains_key(*k));
    if has(&["properties", "required", "additionalProperties", "minProperties"]) {
        Some("object")
    } else if has(&["items", "minItems", "maxItems"]) {
        Some("array")
    } else if has(&["minLength", "maxLength", "pattern", "format"]) {
        Some("string")
    } else if has(&["minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf"]) {
        Some("number")
    } else {
        None
    }
}

fn string_value(pointer: &str, map: &Map<String, Value>) -> Result<String, Skipped> {
    let min = map.get("minLength").and_then(Value::as_u64).unwrap_or(0) as usize;
    let max = map.get("maxLength").and_then(Value::as_u64).map_or(usize::MAX, |m| m as usize);
    if min > 65_536 {
        return Err(Skipped::new(pointer, format!("needs a string of {min} characters")));
    }
    if let Some(pattern) = map.get("pattern").and_then(Value::as_str) {
        return pattern::generate(pattern, min, max)
            .ok_or_else(|| Skipped::new(pointer, format!("the pattern `{pattern}` is beyond the simple generator")));
    }
    // One character at least: an empty string is often no parameter at all.
    let plain = |unit: &str| unit.repeat(min.max(1).min(max).div_ceil(unit.len()));
    let format = map.get("format").and_then(Value::as_str).unwrap_or("");
    let fixed = match format {
        "date" => "2024-01-01",
        "date-time" => "2024-01-01T00:00:00Z",
        "time" => "00:00:00Z",
        "uuid" => "3fa85f64-5717-4562-b3fc-2c963f66afa6",
        "email" => "user@example.com",
        "uri" | "url" | "iri" => "https://example.com/",
        "uri-reference" | "iri-reference" => "/x",
        "hostname" => "example.com",
        "ipv4" => "192.0.2.1",
        "ipv6" => "2001:db8::1",
        "duration" => "P1D",
        // Base64 of "xxx", repeated: four characters at a time stay valid.
        "byte" => return Ok(plain("eHh4")),
        _ => return Ok(plain("x")),
    };
    Ok(fixed.to_owned())
}

fn number_value(pointer: &str, map: &Map<String, Value>, integer: bool) -> Result<Value, Skipped> {
    let number = |key: &str| map.get(key).and_then(Value::as_f64);
    let (mut lo, mut lo_open) = (f64::NEG_INFINITY, false);
    let (mut hi, mut hi_open) = (f64::INFINITY, false);
    if let Some(m) = number("minimum") {
        lo = m;
        lo_open = map.get("exclusiveMinimum") == Some(&Value::Bool(true));
    }
    if let Some(m) = number("exclusiveMinimum")
        && m >= lo
    {
        (lo, lo_open) = (m, true);
    }
    if let Some(m) = number("maximum") {
        hi = m;
        hi_open = map.get("exclusiveMaximum") == Some(&Value::Bool(true));
    }
    if let Some(m) = number("exclusiveMaximum")
        && m <= hi
    {
        (hi, hi_open) = (m, true);
    }
    if integer {
        let (min, max) = match map.get("format").and_then(Value::as_str) {
            Some("int32") => (i32::MIN as f64, i32::MAX as f64),
            Some("uint32") => (0.0, u32::MAX as f64),
            Some("uint64") => (0.0, u64::MAX as f64),
            _ => (i64::MIN as f64, i64::MAX as f64),
        };
        if min > lo {
            (lo, lo_open) = (min, false);
        }
        if max < hi {
            (hi, hi_open) = (max, false);
        }
    }
    let step = number("multipleOf").filter(|m| *m > 0.0);
    let fits = |c: f64| {
        c.is_finite()
            && (!integer || c.fract() == 0.0)
            && (if lo_open { c > lo } else { c >= lo })
            && (if hi_open { c < hi } else { c <= hi })
            && step.is_none_or(|m| ((c / m) - (c / m).round()).abs() < 1e-9)
    };
    let mut tries = vec![1.0, 0.0, lo, lo + 1.0, hi, hi - 1.0, (lo + hi) / 2.0, lo.ceil(), hi.floor()];
    if let Some(m) = step {
        tries.extend([m, (lo / m).ceil() * m, ((lo / m).ceil() + 1.0) * m, (hi / m).floor() * m]);
        if integer {
            tries.push(m.ceil());
        }
    }
    // The fitting candidate nearest to 1: small, positive where allowed, never a far bound.
    let Some(chosen) =
        tries.into_iter().filter(|c| fits(*c)).min_by(|a, b| (a - 1.0).abs().total_cmp(&(b - 1.0).abs()))
    else {
        return Err(Skipped::new(pointer, "no number found inside its bounds"));
    };
    if integer && chosen.abs() < 9.0e15 {
        return Ok(Value::from(chosen as i64));
    }
    Number::from_f64(chosen).map(Value::Number).ok_or_else(|| Skipped::new(pointer, "no finite number fits"))
}

/// A generator for the simple regular expressions specs use for identifiers and codes: a
/// sequence of literals, escapes (`\d`, `\w`, `\s`, `\.`), `.` and character classes, each
/// with an optional quantifier, optionally anchored. Groups and alternation are not handled.
mod pattern {
    struct Atom {
        char: char,
        min: usize,
        max: usize,
    }

    pub fn generate(pattern: &str, min_len: usize, max_len: usize) -> Option<String> {
        let mut chars = pattern.strip_prefix('^').unwrap_or(pattern).chars().peekable();
        let mut atoms: Vec<Atom> = Vec::new();
        while let Some(c) = chars.next() {
            let char = match c {
                '$' if chars.peek().is_none() => break,
                '\\' => match chars.next()? {
                    'd' => '1',
                    'w' => 'a',
                    's' => ' ',
                    e if e.is_ascii_alphanumeric() => return None,
                    e => e,
                },
                '[' => class(&mut chars)?,
                '.' => 'a',
                '(' | ')' | '|' | '{' | '}' | '*' | '+' | '?' | '$' | ']' => return None,
                c => c,
            };
            let (min, max) = quantifier(&mut chars)?;
            atoms.push(Atom { char, min, max });
        }
        let mut counts: Vec<usize> = atoms.iter().map(|a| a.min).collect();
        let mut len: usize = counts.iter().sum();
        for (i, atom) in atoms.iter().enumerate() {
            while len < min_len && counts[i] < atom.max {
                counts[i] += 1;
                len += 1;
            }
        }
        if len < min_len || len > max_len || len > 65_536 {
            return None;
        }
        Some(atoms.iter().zip(counts).flat_map(|(a, n)| std::iter::repeat_n(a.char, n)).collect())
    }

    /// A character in the class after `[`: its first member, or for a negated class the first
    /// of a few plain characters it leaves out.
    fn class(chars: &mut std::iter::Peekable<std::str::Chars>) -> Option<char> {
        let negated = chars.peek() == Some(&'^');
        if negated {
            chars.next();
        }
        let mut members: Vec<(char, char)> = Vec::new();
        let mut first = true;
        loop {
            let c = chars.next()?;
            let low = match c {
                ']' if !first => break,
                '\\' => match chars.next()? {
                    'd' => {
                        members.push(('0', '9'));
                        first = false;
                        continue;
                    }
                    'w' => {
                        members.extend([('a', 'z'), ('A', 'Z'), ('0', '9'), ('_', '_')]);
                        first = false;
                        continue;
                    }
                    's' => ' ',
                    e if e.is_ascii_alphanumeric() => return None,
                    e => e,
                },
                '[' => return None,
                c => c,
            };
            first = false;
            if chars.peek() == Some(&'-') {
                chars.next();
                match chars.next()? {
                    ']' => {
                        members.extend([(low, low), ('-', '-')]);
                        break;
                    }
                    '\\' => return None,
                    high => members.push((low, high)),
                }
            } else {
                members.push((low, low));
            }
        }
        let inside = |c: char| members.iter().any(|(l, h)| (*l..=*h).contains(&c));
        if negated { "aA1x_-".chars().find(|c| !inside(*c)) } else { members.first().map(|(l, _)| *l) }
    }

    fn quantifier(chars: &mut std::iter::Peekable<std::str::Chars>) -> Option<(usize, usize)> {
        let bounds = match chars.peek() {
            Some('?') => (0, 1),
            Some('*') => (0, usize::MAX),
            Some('+') => (1, usize::MAX),
            Some('{') => {
                chars.next();
                let mut text = String::new();
                loop {
                    match chars.next()? {
                        '}' => break,
                        c => text.push(c),
                    }
                }
                let (min, max) = match text.split_once(',') {
                    None => {
                        let n = text.trim().parse().ok()?;
                        (n, n)
                    }
                    Some((min, max)) => {
                        let min = min.trim().parse().ok()?;
                        let max = if max.trim().is_empty() { usize::MAX } else { max.trim().parse().ok()? };
                        (min, max)
                    }
                };
                if chars.peek() == Some(&'?') {
                    chars.next();
                }
                return (min <= max).then_some((min, max));
            }
            _ => return Some((1, 1)),
        };
        chars.next();
        // A lazy quantifier matches the same strings.
        if chars.peek() == Some(&'?') {
            chars.next();
        }
        Some(bounds)
    }
}

/// The arguments of one call: a value for every required parameter and for the request body,
/// and credentials for the first security alternative.
#[derive(Clone, Debug, PartialEq)]
pub struct Arguments {
    pub params: Vec<ParamValue>,
    pub body: Option<BodyValue>,
    pub credentials: Vec<Credential>,
    /// Optional parts that could not be built and are left out of the call.
    pub left_out: Vec<Skipped>,
}

impl Arguments {
    /// Nothing was left out: the call exercises every part it has.
    pub fn is_complete(&self) -> bool {
        self.left_out.is_empty()
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct ParamValue {
    pub wire: String,
    pub location: ParamLocation,
    pub value: Value,
}

#[derive(Clone, Debug, PartialEq)]
pub enum BodyValue {
    /// JSON, form and multipart bodies: the value of their schema.
    Json(Value),
    Text(String),
    Bytes(Vec<u8>),
}

/// A dummy credential for one scheme, by its name in `components/securitySchemes`.
#[derive(Clone, Debug, PartialEq)]
pub struct Credential {
    pub scheme: String,
    pub value: CredentialValue,
}

#[derive(Clone, Debug, PartialEq)]
pub enum CredentialValue {
    Bearer(String),
    Basic { user: String, password: String },
    ApiKey { location: ParamLocation, name: String, key: String },
}

/// One operation's arguments, or why the call cannot be made.
#[derive(Clone, Debug)]
pub struct OperationArguments {
    /// The operation's pointer, `#/paths/~1pets/get`.
    pub pointer: String,
    pub arguments: Result<Arguments, Skipped>,
}

/// The arguments of every operation of `api`, in the model's order. `source` is the document
/// as written ([`crate::load::Document::source`]).
pub fn arguments(source: &Value, api: &Api) -> Vec<OperationArguments> {
    let mut builder = Builder::new(source);
    api.groups
        .iter()
        .flat_map(|g| &g.operations)
        .map(|op| OperationArguments { pointer: op.pointer.clone(), arguments: builder.operation(api, op) })
        .collect()
}

impl Builder<'_> {
    fn operation(&mut self, api: &Api, op: &crate::model::Operation) -> Result<Arguments, Skipped> {
        let mut params = Vec::new();
        for param in op.params.iter().filter(|p| p.required) {
            let value = match self.find_param(&op.pointer, &param.wire, param.location) {
                Some((schema, examples)) => self.value_preferring(&schema, &examples)?,
                // A path parameter the template names but no parameter declares: any segment.
                None if param.location == ParamLocation::Path => Value::String("x".into()),
                None => {
                    return Err(Skipped::new(
                        &op.pointer,
                        format!("no declaration found for the {} parameter `{}`", param.location.as_str(), param.wire),
                    ));
                }
            };
            params.push(ParamValue { wire: param.wire.clone(), location: param.location, value });
        }
        let mut left_out = Vec::new();
        let body = match &op.body {
            None => None,
            Some(body) => match self.body(&op.pointer, &body.content_type, &body.kind) {
                Ok(value) => Some(value),
                Err(skipped) if !body.required => {
                    left_out.push(skipped);
                    None
                }
                Err(skipped) => return Err(skipped),
            },
        };
        let credentials = op
            .security
            .first()
            .into_iter()
            .flatten()
            .map(|id| {
                let scheme = api.scheme(*id);
                let value = match &scheme.kind {
                    SchemeKind::Bearer => CredentialValue::Bearer("dummy-token".into()),
                    SchemeKind::Basic => CredentialValue::Basic { user: "user".into(), password: "password".into() },
                    SchemeKind::ApiKey { location, name } => {
                        CredentialValue::ApiKey { location: *location, name: name.clone(), key: "dummy-key".into() }
                    }
                };
                Credential { scheme: scheme.wire_name.clone(), value }
            })
            .collect();
        Ok(Arguments { params, body, credentials, left_out })
    }

    /// The schema pointer of a parameter and its examples: the operation's own parameters
    /// first, then the path item's, through `$ref`s.
    fn find_param(&self, op: &str, wire: &str, location: ParamLocation) -> Option<(String, Vec<Value>)> {
        let path_item = &op[..op.rfind('/')?];
        for owner in [op, path_item] {
            let Some((_, Value::Array(list))) = self.follow(&format!("{owner}/parameters")) else {
                continue;
            };
            for i in 0..list.len() {
                let (at, node) = self.follow(&format!("{owner}/parameters/{i}"))?;
                let name = node.get("name").and_then(Value::as_str).unwrap_or("");
                let same =
                    if location == ParamLocation::Header { name.eq_ignore_ascii_case(wire) } else { name == wire };
                if !same || node.get("in").and_then(Value::as_str) != Some(location.as_str()) {
                    continue;
                }
                let mut examples = self.examples_of(node);
                if node.get("schema").is_some() {
                    return Some((format!("{at}/schema"), examples));
                }
                let (media, content) = node.get("content")?.as_object()?.iter().next()?;
                let media_at = format!("{at}/content/{}", Pointer::escape(media));
                examples.extend(self.examples_of(content));
                return Some((format!("{media_at}/schema"), examples));
            }
        }
        None
    }

    fn body(&mut self, op: &str, content_type: &str, kind: &RequestBodyKind) -> Result<BodyValue, Skipped> {
        let (at, body) = self
            .follow(&format!("{op}/requestBody"))
            .ok_or_else(|| Skipped::new(op, "the request body is not found"))?;
        let essence = |t: &str| t.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
        let media = body.get("content").and_then(Value::as_object).and_then(|content| {
            content
                .get_key_value(content_type)
                .or_else(|| content.iter().find(|(k, _)| essence(k) == essence(content_type)))
        });
        let Some((media_type, media)) = media else {
            return Err(Skipped::new(&at, format!("no content for `{content_type}`")));
        };
        let media_at = format!("{at}/content/{}", Pointer::escape(media_type));
        let examples = self.examples_of(media);
        let has_schema = media.get("schema").is_some();
        let schema_value = |builder: &mut Self| -> Result<Value, Skipped> {
            if has_schema {
                builder.value_preferring(&format!("{media_at}/schema"), &examples)
            } else {
                Ok(examples.first().cloned().unwrap_or_else(|| Value::String("x".into())))
            }
        };
        match kind {
            RequestBodyKind::Json(_) | RequestBodyKind::Form(_) | RequestBodyKind::Multipart(_) => {
                schema_value(self).map(BodyValue::Json)
            }
            RequestBodyKind::Text => match schema_value(self)? {
                Value::String(text) => Ok(BodyValue::Text(text)),
                other => Ok(BodyValue::Text(other.to_string())),
            },
            RequestBodyKind::Bytes => Ok(BodyValue::Bytes(match examples.first() {
                Some(Value::String(text)) => text.clone().into_bytes(),
                _ => b"x".to_vec(),
            })),
        }
    }

    /// The node at `pointer`, through a chain of `$ref`s, with its own pointer.
    /// The node at `pointer` and where it really is, following a `$ref` wherever one stands
    /// on the way: a path item, parameter or body may live in `components` (3.1's
    /// `pathItems` too), so `#/paths/~1pets/post/requestBody` names no node of the document
    /// when `/pets` is a reference.
    fn follow(&self, pointer: &str) -> Option<(String, &Value)> {
        let mut at = String::from("#");
        let mut node = self.source;
        for segment in pointer.trim_start_matches('#').split('/').skip(1) {
            (at, node) = self.deref(at, node)?;
            let key = Pointer::unescape(segment);
            node = match node {
                Value::Object(map) => map.get(&key)?,
                Value::Array(items) => items.get(key.parse::<usize>().ok()?)?,
                _ => return None,
            };
            at = format!("{at}/{segment}");
        }
        self.deref(at, node)
    }

    /// `node` itself, or what its `$ref` leads to.
    fn deref<'v>(&'v self, at: String, node: &'v Value) -> Option<(String, &'v Value)> {
        match node.get("$ref").and_then(Value::as_str) {
            Some(reference) => self.refs.follow(self.source, reference).ok(),
            None => Some((at, node)),
        }
    }

    /// The `example` and `examples` (Example Objects, through `$ref`s) of a parameter or media
    /// type, in the order written.
    fn examples_of(&self, node: &Value) -> Vec<Value> {
        let mut out: Vec<Value> = node.get("example").cloned().into_iter().collect();
        if let Some(Value::Object(named)) = node.get("examples") {
            for example in named.values() {
                let example = match example.get("$ref").and_then(Value::as_str) {
                    Some(reference) => self.refs.follow(self.source, reference).ok().map(|(_, node)| node),
                    None => Some(example),
                };
                out.extend(example.and_then(|e| e.get("value")).cloned());
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn doc(version: &str, schemas: Value) -> Value {
        json!({"openapi": version, "info": {"title": "t", "version": "1"}, "paths": {},
               "components": {"schemas": schemas}})
    }

    /// The value for each named component schema of a one-off document.
    fn values(version: &str, schemas: Value) -> Vec<Result<Value, Skipped>> {
        let names: Vec<String> = schemas.as_object().unwrap().keys().cloned().collect();
        let document = doc(version, schemas);
        let mut builder = Builder::new(&document);
        names.iter().map(|n| builder.value(&format!("#/components/schemas/{n}"))).collect()
    }

    fn one(schema: Value) -> Result<Value, Skipped> {
        values("3.1.0", json!({"S": schema})).remove(0)
    }

    #[test]
    fn valid_examples_come_first_and_invalid_ones_are_passed_over() {
        assert_eq!(one(json!({"type": "integer", "example": 7, "default": 3})), Ok(json!(7)));
        assert_eq!(one(json!({"type": "integer", "minimum": 10, "examples": ["x", 2, 12]})), Ok(json!(12)));
        let document = doc("3.1.0", json!({"S": {"type": "string", "enum": ["a", "b"]}}));
        let mut builder = Builder::new(&document);
        assert_eq!(builder.value_preferring("#/components/schemas/S", &[json!("c"), json!("b")]), Ok(json!("b")));
    }

    #[test]
    fn defaults_then_const_then_enums() {
        assert_eq!(one(json!({"type": "string", "default": "d", "enum": ["e", "d"]})), Ok(json!("d")));
        assert_eq!(one(json!({"type": "string", "default": "no", "enum": ["e", "d"]})), Ok(json!("e")));
        assert_eq!(one(json!({"const": 42})), Ok(json!(42)));
        assert_eq!(one(json!({"type": ["string", "null"], "enum": [null, "on"]})), Ok(json!("on")));
    }

    #[test]
    fn formats_give_values_their_validator_accepts() {
        for (format, expected) in [
            ("date", "2024-01-01"),
            ("date-time", "2024-01-01T00:00:00Z"),
            ("uuid", "3fa85f64-5717-4562-b3fc-2c963f66afa6"),
            ("email", "user@example.com"),
            ("uri", "https://example.com/"),
            ("byte", "eHh4"),
            ("binary", "x"),
        ] {
            assert_eq!(one(json!({"type": "string", "format": format})), Ok(json!(expected)), "{format}");
        }
        assert_eq!(one(json!({"type": "string", "format": "byte", "minLength": 6})), Ok(json!("eHh4eHh4")));
    }

    #[test]
    fn lengths_are_honoured() {
        assert_eq!(one(json!({"type": "string", "minLength": 3, "maxLength": 5})), Ok(json!("xxx")));
        assert_eq!(one(json!({"type": "string", "maxLength": 0})), Ok(json!("")));
        let skipped = one(json!({"type": "string", "minLength": 3, "maxLength": 2})).unwrap_err();
        assert_eq!(skipped.pointer, "#/components/schemas/S");
    }

    #[test]
    fn numbers_stay_inside_their_bounds_in_both_spellings() {
        assert_eq!(one(json!({"type": "integer", "minimum": 5})), Ok(json!(5)));
        assert_eq!(one(json!({"type": "integer", "maximum": -3})), Ok(json!(-3)));
        assert_eq!(one(json!({"type": "integer", "exclusiveMinimum": 1})), Ok(json!(2)));
        assert_eq!(one(json!({"type": "number", "exclusiveMinimum": 0, "exclusiveMaximum": 1})), Ok(json!(0.5)));
        assert_eq!(one(json!({"type": "integer", "minimum": 7, "multipleOf": 5})), Ok(json!(10)));
        assert_eq!(one(json!({"type": "number", "multipleOf": 0.25, "minimum": 1.1})), Ok(json!(1.25)));
        assert_eq!(
            one(json!({"type": "integer", "format": "int32", "minimum": -1e12, "maximum": -1e11})),
            Err(Skipped {
                pointer: "#/components/schemas/S".into(),
                reason: "no number found inside its bounds".into()
            })
        );
        let v3_0 = values("3.0.3", json!({"S": {"type": "integer", "minimum": 1, "exclusiveMinimum": true}}));
        assert_eq!(v3_0, [Ok(json!(2))]);
    }

    #[test]
    fn objects_get_their_required_members_only_and_arrays_their_minimum() {
        let schema = json!({"type": "object", "required": ["id", "tags"], "properties": {
            "id": {"type": "integer", "format": "int64"},
            "tags": {"type": "array", "minItems": 2, "items": {"type": "string"}},
            "note": {"type": "string"}
        }});
        assert_eq!(one(schema), Ok(json!({"id": 1, "tags": ["x", "x"]})));
        assert_eq!(
            one(json!({"type": "object", "minProperties": 1, "properties": {"a": {"type": "boolean"}}})),
            Ok(json!({"a": true}))
        );
        assert_eq!(one(json!({"type": "array", "items": {"type": "integer"}})), Ok(json!([1])));
        assert!(
            one(json!({"type": "array", "minItems": 2, "uniqueItems": true, "items": {"type": "integer"}})).is_err()
        );
    }

    #[test]
    fn combinators_merge_all_parts_and_take_the_first_valid_branch() {
        let found = values(
            "3.1.0",
            json!({
                "Base": {"type": "object", "required": ["id"], "properties": {"id": {"type": "string", "format": "uuid"}}},
                "Pet": {"allOf": [{"$ref": "#/components/schemas/Base"},
                                  {"type": "object", "required": ["name"], "properties": {"name": {"type": "string"}}}]},
                "Either": {"oneOf": [{"type": "string", "maxLength": 0, "minLength": 1}, {"type": "integer", "minimum": 3}]},
                "Any": {"anyOf": [{"type": "boolean"}, {"type": "string"}]},
                "Named": {"type": "object", "required": ["id"], "allOf": [{"$ref": "#/components/schemas/Base"}]}
            }),
        );
        assert_eq!(found[1], Ok(json!({"id": "3fa85f64-5717-4562-b3fc-2c963f66afa6", "name": "x"})));
        assert_eq!(found[2], Ok(json!(3)));
        assert_eq!(found[3], Ok(json!(true)));
        assert_eq!(found[4], Ok(json!({"id": "3fa85f64-5717-4562-b3fc-2c963f66afa6"})), "`id` is declared by the part");
        let none = one(json!({"oneOf": [{"type": "integer", "minimum": 2, "maximum": 1}]})).unwrap_err();
        assert!(none.reason.starts_with("no branch of `oneOf` yields a valid value"), "{none}");
    }

    #[test]
    fn nullable_falls_back_to_null_in_both_versions() {
        for version in ["3.0.3", "3.1.0"] {
            let schema = if version == "3.0.3" {
                json!({"type": "integer", "minimum": 2, "maximum": 1, "nullable": true})
            } else {
                json!({"type": ["integer", "null"], "minimum": 2, "maximum": 1})
            };
            assert_eq!(values(version, json!({"S": schema})), [Ok(Value::Null)], "{version}");
        }
        assert_eq!(one(json!({"type": ["null", "string"]})), Ok(json!("x")), "a value rather than null when possible");
    }

    #[test]
    fn simple_patterns_are_satisfied_and_others_skipped() {
        assert_eq!(one(json!({"type": "string", "pattern": "^[A-Z]{2}\\d{3}$"})), Ok(json!("AA111")));
        assert_eq!(one(json!({"type": "string", "pattern": "^[a-z0-9_-]+$", "minLength": 3})), Ok(json!("aaa")));
        assert_eq!(one(json!({"type": "string", "pattern": "^FR[^0-9]\\.x?$"})), Ok(json!("FRa.")));
        assert_eq!(one(json!({"type": "string", "pattern": "\\d{4}"})), Ok(json!("1111")));
        let skipped = one(json!({"type": "string", "pattern": "^(ab|cd)$"})).unwrap_err();
        assert_eq!(skipped.reason, "the pattern `^(ab|cd)$` is beyond the simple generator");
    }

    #[test]
    fn recursion_ends_optional_members_are_left_out_and_required_cycles_are_skipped() {
        let found = values(
            "3.1.0",
            json!({
                "Node": {"type": "object", "required": ["value", "children"], "properties": {
                    "value": {"type": "integer"},
                    "children": {"type": "array", "items": {"$ref": "#/components/schemas/Node"}},
                    "parent": {"$ref": "#/components/schemas/Node"}
                }},
                "Chain": {"type": "object", "required": ["next"], "properties": {"next": {"$ref": "#/components/schemas/Link"}}},
                "Link": {"$ref": "#/components/schemas/Chain"},
                "Maybe": {"type": "object", "required": ["next"], "properties": {
                    "next": {"anyOf": [{"$ref": "#/components/schemas/Maybe"}, {"type": "null"}]}
                }}
            }),
        );
        assert_eq!(found[0], Ok(json!({"value": 1, "children": []})));
        let skipped = found[1].clone().unwrap_err();
        assert_eq!(skipped.pointer, "#/components/schemas/Chain/properties/next");
        assert!(skipped.reason.contains("`#/components/schemas/Chain` holds itself"), "{skipped}");
        assert_eq!(found[3], Ok(json!({"next": null})));
    }

    #[test]
    fn impossible_schemas_are_skipped_with_their_place() {
        let mut doubling = Map::new();
        for i in 0..20 {
            let next = json!({"$ref": format!("#/components/schemas/D{}", i + 1)});
            doubling.insert(
                format!("D{i}"),
                json!({"type": "object", "required": ["a", "b"], "properties": {"a": next, "b": next}}),
            );
        }
        doubling.insert("D20".into(), json!({"type": "integer"}));
        let found = values("3.1.0", Value::Object(doubling));
        assert!(found[0].clone().unwrap_err().reason.contains("more than 10000 schema nodes"), "{:?}", found[0]);
        // Eight doublings from D12 to D20: 256 leaves, well inside the budget.
        assert_eq!(found[12].clone().map(|v| v.to_string().matches('1').count()), Ok(256));
        let found = values(
            "3.1.0",
            json!({
                "Never": false,
                "Deep": {"type": "object", "required": ["a"], "properties": {"a": {"$ref": "#/components/schemas/Never"}}},
                "Missing": {"$ref": "#/components/schemas/Nowhere"}
            }),
        );
        assert_eq!(found[0], Err(Skipped::new("#/components/schemas/Never", "the schema `false` admits no value")));
        assert_eq!(found[1].clone().unwrap_err().pointer, "#/components/schemas/Never");
        assert!(found[2].clone().unwrap_err().reason.contains("nothing is there"), "{:?}", found[2]);
    }

    #[test]
    fn operations_get_required_parameters_a_body_and_dummy_credentials() {
        let document = json!({
            "openapi": "3.0.3", "info": {"title": "t", "version": "1"},
            "components": {
                "parameters": {"Id": {"name": "id", "in": "path", "required": true, "schema": {"type": "integer"}, "example": 9}},
                "securitySchemes": {"key": {"type": "apiKey", "in": "header", "name": "X-Key"}}
            },
            "security": [{"key": []}],
            "paths": {"/pets/{id}": {
                "parameters": [{"$ref": "#/components/parameters/Id"}],
                "put": {
                    "operationId": "put_pet",
                    "parameters": [
                        {"name": "q", "in": "query", "required": true, "schema": {"type": "string", "format": "date"}},
                        {"name": "page", "in": "query", "schema": {"type": "integer"}}
                    ],
                    "requestBody": {"required": true, "content": {"application/json": {
                        "schema": {"type": "object", "required": ["name"], "properties": {"name": {"type": "string"}}},
                        "examples": {"bad": {"value": {"name": 1}}, "good": {"value": {"name": "Rex"}}}
                    }}},
                    "responses": {"204": {"description": "ok"}}
                }
            }}
        });
        let loaded = crate::load::load_document(&document.to_string(), &[], true).unwrap();
        let api = crate::model::build(&loaded).unwrap();
        let found = arguments(loaded.source.as_ref().unwrap(), &api);
        assert_eq!(found.len(), 1);
        let args = found[0].arguments.clone().unwrap();
        let params: Vec<(&str, &Value)> = args.params.iter().map(|p| (p.wire.as_str(), &p.value)).collect();
        assert_eq!(params, [("id", &json!(9)), ("q", &json!("2024-01-01"))]);
        assert_eq!(args.body, Some(BodyValue::Json(json!({"name": "Rex"}))));
        assert_eq!(
            args.credentials,
            [Credential {
                scheme: "key".into(),
                value: CredentialValue::ApiKey {
                    location: ParamLocation::Header,
                    name: "X-Key".into(),
                    key: "dummy-key".into()
                }
            }]
        );
    }
}
