//! The rustdoc of `apis/`: the operation table of each API struct, and each method's
//! parameters, returns, authorization, headers, responses and a compiled example.

use super::Options;
use super::docs;
use super::rust;
use crate::model::{
    Api, ApiGroup, Operation, Outcome, Param, ParamLocation, Poll, RequestBodyKind, ResponseBodyKind, Returns,
    SchemeKind, Ty, TypeSpace,
};

/// The doc of a group's struct: its description and a table of its operations.
pub(super) fn group(group: &ApiGroup) -> String {
    let mut doc = group
        .description
        .as_deref()
        .map(docs::markdown)
        .unwrap_or_else(|| format!("Operations tagged `{}`.", group.tag));
    doc.push_str("\n\n| Method | HTTP request | Description |\n|---|---|---|");
    for op in &group.operations {
        let summary = op.summary.as_deref().or(op.description.as_deref()).map(docs::summary).unwrap_or_default();
        doc.push_str(&format!("\n| [`{0}`](Self::{0}) | `{1} {2}` | {summary} |", op.name, op.method, op.path));
    }
    doc
}

/// How a request body reads in the parameter table.
pub(super) fn request_body(types: &TypeSpace, body: &RequestBodyKind) -> String {
    match body {
        RequestBodyKind::Json(t) => rust::ty_doc(types, t),
        RequestBodyKind::Form(t) => format!("{} as a form", rust::ty_doc(types, t)),
        RequestBodyKind::Multipart(t) => format!("{} as multipart parts", rust::ty_doc(types, t)),
        RequestBodyKind::Bytes => "bytes".into(),
        RequestBodyKind::Text => "text".into(),
    }
}

/// How a response body reads in the returns and responses sections.
pub(super) fn response_body(types: &TypeSpace, body: &ResponseBodyKind) -> String {
    match body {
        ResponseBodyKind::Empty => "no body".into(),
        ResponseBodyKind::Json(t) => rust::ty_doc(types, t),
        ResponseBodyKind::Bytes => "bytes".into(),
        ResponseBodyKind::Text => "text".into(),
    }
}

/// The doc of an operation method. `ordered` is its parameters in signature order.
pub(super) fn method(api: &Api, options: &Options, group: &ApiGroup, op: &Operation, ordered: &[&Param]) -> String {
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
    parameters(&mut doc, &api.types, op, ordered);
    returns(&mut doc, &api.types, op);
    authorization(&mut doc, api, op);
    headers(&mut doc, op, ordered);
    responses(&mut doc, &api.types, op);
    doc.push_str("\n\n# Example\n\n");
    doc.push_str(&example(api, options, group, op, false));
    doc
}

fn parameters(doc: &mut String, types: &TypeSpace, op: &Operation, ordered: &[&Param]) {
    if ordered.is_empty() && op.body.is_none() {
        return;
    }
    doc.push_str("\n\n# Parameters\n\n| Name | Type | In | Required | Description |\n|---|---|---|---|---|");
    for p in ordered {
        let name = if p.required { p.name.to_string() } else { format!("options.{}", p.name) };
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
            request_body(types, &b.kind),
            b.content_type,
            if b.required { "yes" } else { "no" },
            b.description.as_deref().map(docs::cell).unwrap_or_default()
        ));
    }
}

fn returns(doc: &mut String, types: &TypeSpace, op: &Operation) {
    doc.push_str("\n\n# Returns\n\n");
    match (op.responses.iter().find(|r| r.status.is_success()), &op.returns) {
        (Some(_), Returns::Enum(name)) => {
            doc.push_str(&format!("[`{name}`], with a variant for each success status (see the table below)."))
        }
        (Some(r), Returns::Body(body)) => doc.push_str(&format!(
            "{} on {}: {}",
            response_body(types, body),
            r.status.label(),
            docs::cell(&r.description)
        )),
        (None, Returns::Body(ResponseBodyKind::Bytes)) => doc.push_str(
            "The body as bytes, on any 2XX status: the API description documents no response, so nothing says what it holds.",
        ),
        (None, _) => doc.push_str("Nothing, on any 2XX status."),
    }
}

fn authorization(doc: &mut String, api: &Api, op: &Operation) {
    doc.push_str("\n\n# Authorization\n\n");
    if op.security.is_empty() {
        doc.push_str("None.");
        return;
    }
    let alternatives: Vec<String> = op
        .security
        .iter()
        .map(|alt| {
            if alt.is_empty() {
                return "no credentials".to_owned();
            }
            alt.iter()
                .map(|id| {
                    let s = api.scheme(*id);
                    let how = match &s.kind {
                        SchemeKind::Bearer => "bearer token".to_owned(),
                        SchemeKind::Basic => "HTTP basic".to_owned(),
                        SchemeKind::ApiKey { location, name } => format!("API key in {} `{name}`", location.as_str()),
                    };
                    format!(
                        "`{}` ({how}, set with [`ClientBuilder::{1}`](crate::ClientBuilder::{1}))",
                        s.wire_name, s.setter
                    )
                })
                .collect::<Vec<_>>()
                .join(" and ")
        })
        .collect();
    if let [one] = alternatives.as_slice() {
        doc.push_str(one);
    } else {
        doc.push_str("Any one of:\n");
        for a in alternatives {
            doc.push_str(&format!("\n- {a}"));
        }
    }
}

fn headers(doc: &mut String, op: &Operation, ordered: &[&Param]) {
    doc.push_str("\n\n# Request headers\n");
    if let Some(b) = &op.body {
        doc.push_str(&format!("\n- `Content-Type: {}`", b.content_type));
    }
    match op.accept() {
        Some(ct) => doc.push_str(&format!("\n- `Accept: {ct}`")),
        None => doc.push_str("\n- no `Accept` header"),
    }
    for p in ordered.iter().filter(|p| p.location == ParamLocation::Header) {
        doc.push_str(&format!("\n- `{}` (parameter `{}`)", p.wire, p.name));
    }
}

fn responses(doc: &mut String, types: &TypeSpace, op: &Operation) {
    doc.push_str("\n\n# Responses\n\n| Status | Body | Description | Result |\n|---|---|---|---|");
    for r in &op.responses {
        let result = match &r.outcome {
            Outcome::Success | Outcome::SuccessVariant { .. } => "`Ok`".to_owned(),
            Outcome::Error(v) => format!("[`Error::Api`](crate::Error::Api) with [`{0}::{v}`]", op.error_type),
        };
        doc.push_str(&format!(
            "\n| {} | {} | {} | {result} |",
            r.status.label(),
            response_body(types, &r.body),
            docs::cell(&r.description)
        ));
    }
    doc.push_str("\n\nAny other status gives [`Error::UnexpectedStatus`](crate::Error::UnexpectedStatus); transport failures, timeouts and bodies that do not match their schema have variants of their own in [`Error`](crate::Error).");
}

/// The doc of the `wait_for_...` method of an operation with `x-poll`.
pub(super) fn poller(api: &Api, options: &Options, group: &ApiGroup, op: &Operation, poll: &Poll) -> String {
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
        list(&poll.success),
        list(&poll.failure),
        list(&poll.pending),
        secs(poll.interval),
        poll.multiplier,
        secs(poll.max_interval),
        poll.deadline.map(|d| format!("giving up after {}", secs(d))).unwrap_or_else(|| "no deadline".into()),
        call = op.name,
        field = poll.field_wire,
    );
    doc.push_str("\n\n# Example\n\n");
    doc.push_str(&wait_example(api, options, group, op, poll));
    doc
}

fn wait_example(api: &Api, options: &Options, group: &ApiGroup, op: &Operation, poll: &Poll) -> String {
    let lib = options.lib_name();
    let (args, lets) = example_args(op);
    let setup: String = client_setup(api, &lib).lines().map(|l| format!("# {l}\n")).collect::<String>() + &lets;
    format!(
        "```no_run\n# async fn example() -> Result<(), Box<dyn std::error::Error>> {{\n{setup}let done = client\n    .{}()\n    .{}({})\n    .deadline(std::time::Duration::from_secs(300))\n    .on_progress(|status| println!(\"{}: {{}}\", status.{}))\n    .await?;\nprintln!(\"{{done:?}}\");\n# Ok(())\n# }}\n```",
        group.accessor,
        poll.method,
        args.join(", "),
        poll.field_wire,
        poll.field,
    )
}

/// A compiled (`no_run`) example of calling `op`; `with_builder` shows the client's setup
/// rather than hiding it.
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
    let call = format!("client.{}().{}({})", group.accessor, op.name, args.join(", "));
    if op.returns == Returns::Body(ResponseBodyKind::Empty) {
        code.push_str(&format!("{call}.await?;\n"));
    } else {
        code.push_str(&format!("let result = {call}.await?;\nprintln!(\"{{result:?}}\");\n"));
    }
    code.push_str("# Ok(())\n# }\n```");
    code
}

/// Example argument values, in signature order, and the hidden `let`s they refer to.
fn example_args(op: &Operation) -> (Vec<String>, String) {
    let mut lets = String::new();
    let mut args: Vec<String> = op
        .params
        .iter()
        .filter(|p| p.required)
        .map(|p| example_value(&p.ty, &p.wire, p.name.as_str(), &mut lets))
        .collect();
    if let Some(b) = &op.body {
        let value = match &b.kind {
            RequestBodyKind::Json(t) | RequestBodyKind::Form(t) | RequestBodyKind::Multipart(t) => {
                example_value(t, b.name.as_str(), b.name.as_str(), &mut lets)
            }
            RequestBodyKind::Text => "\"text\"".to_owned(),
            RequestBodyKind::Bytes => "b\"bytes\".to_vec()".to_owned(),
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
        SchemeKind::Basic => format!("\n    .{}(\"user\", \"password\")", s.setter),
        SchemeKind::Bearer => format!("\n    .{}(\"YOUR_TOKEN\")", s.setter),
        SchemeKind::ApiKey { .. } => format!("\n    .{}(\"YOUR_API_KEY\")", s.setter),
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
        _ if rust::by_value(t) => "todo!()".into(),
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
