//! The generated client against the FastAPI reference server (`reference-server/`), which
//! `cargo xtask test` starts and names in `FACTPULSE_REFERENCE_URL`.

use factpulse_client::apis::GetTaskStatusError;
use factpulse_client::models::{AsyncTaskResult, CeleryStatus, ErrorSource};
use factpulse_client::{Client, Error, PollError, RetryPolicy};
use serde_json::Value;
use std::time::Duration;

/// The PDF the reference server returns, byte for byte (see `reference-server/app.py`).
const PDF: &[u8] = b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n";

fn base_url() -> String {
    std::env::var("FACTPULSE_REFERENCE_URL")
        .expect("FACTPULSE_REFERENCE_URL is not set: run these tests with `cargo xtask test`, which starts the reference server")
}

fn client() -> Client {
    Client::builder()
        .base_url(base_url())
        .bearer_token("test-token")
        .retry(RetryPolicy::default().initial_backoff(Duration::from_millis(10)))
        .build()
        .unwrap()
}

/// A task id no other test (or earlier run against the same server) uses.
fn fresh(kind: &str) -> String {
    static NEXT: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_nanos();
    format!("{kind}-{nanos}-{n}")
}

#[tokio::test]
async fn a_successful_task_delivers_its_pdf_intact() {
    let client = client();
    let id = fresh("success");
    let mut seen = Vec::new();
    let task = client
        .async_tasks()
        .wait_for_task_status(&id)
        .interval(Duration::from_millis(20))
        .on_progress(|s| seen.push(s.status.clone()))
        .await
        .unwrap();
    assert_eq!(seen, [CeleryStatus::Pending, CeleryStatus::Started, CeleryStatus::Started, CeleryStatus::Success]);
    let Some(AsyncTaskResult::Success(result)) = task.result else { panic!("{task:?}") };
    assert_eq!(result.content_b64.unwrap().into_inner(), PDF);
}

#[tokio::test]
async fn a_failed_task_ends_the_wait_with_its_final_status() {
    let err = client()
        .async_tasks()
        .wait_for_task_status(&fresh("failure"))
        .interval(Duration::from_millis(20))
        .await
        .unwrap_err();
    let PollError::Failed(status) = err else { panic!("{err:?}") };
    assert_eq!(status.status, CeleryStatus::Failure);
    let other: Value = serde_json::json!({"error": "worker lost"});
    assert_eq!(status.result, Some(AsyncTaskResult::Other(other)));
}

#[tokio::test]
async fn a_business_error_is_a_typed_afnor_error() {
    let task = client()
        .async_tasks()
        .wait_for_task_status(&fresh("business"))
        .interval(Duration::from_millis(20))
        .await
        .unwrap();
    assert_eq!(task.status, CeleryStatus::Success, "Celery succeeded; the business result is the error");
    let Some(AsyncTaskResult::Error(error)) = task.result else { panic!("{task:?}") };
    assert_eq!(error.error_code, "VALIDATION_FAILED");
    let detail = &error.details.unwrap()[0];
    assert_eq!(detail.item, "BR-FR-01");
    assert_eq!(detail.source, Some(ErrorSource::Schematron));
    assert_eq!(detail.code.as_deref(), Some("SCHEMATRON_BR_FR_01"));
}

#[tokio::test]
async fn a_503_is_retried_by_the_client_and_ridden_out_by_the_poller() {
    let task = client().async_tasks().get_task_status(&fresh("flaky")).await.unwrap();
    assert_eq!(task.status, CeleryStatus::Success, "the client's own retry");
    let no_retries =
        Client::builder().base_url(base_url()).bearer_token("test-token").retry(RetryPolicy::none()).build().unwrap();
    let task = no_retries
        .async_tasks()
        .wait_for_task_status(&fresh("flaky"))
        .interval(Duration::from_millis(20))
        .await
        .unwrap();
    let Some(AsyncTaskResult::Success(result)) = task.result else { panic!("{task:?}") };
    assert_eq!(result.content_b64.unwrap().into_inner(), PDF, "the poller rode out the 503");
}

#[tokio::test]
async fn a_wrong_token_is_a_typed_401_and_an_api_key_works() {
    let wrong = Client::builder().base_url(base_url()).bearer_token("nope").build().unwrap();
    let err = wrong.async_tasks().get_task_status("anything").await.unwrap_err();
    let Error::Api { body: GetTaskStatusError::Unauthorized(api_error), .. } = &err else { panic!("{err:?}") };
    assert_eq!(api_error.error_code, "AUTHENTICATION_REQUIRED");
    assert_eq!(api_error.error_message, "Invalid or missing JWT token");

    let keyed = Client::builder().base_url(base_url()).api_key("test-key").build().unwrap();
    assert_eq!(keyed.async_tasks().get_task_status("anything").await.unwrap().status, CeleryStatus::Pending);
}

#[tokio::test]
async fn an_unknown_task_times_out_cleanly() {
    let err = client()
        .async_tasks()
        .wait_for_task_status(&fresh("unknown"))
        .interval(Duration::from_millis(20))
        .deadline(Duration::from_millis(400))
        .await
        .unwrap_err();
    let PollError::Deadline { elapsed, last } = err else { panic!("{err:?}") };
    assert!(elapsed >= Duration::from_millis(400) && elapsed < Duration::from_secs(5), "{elapsed:?}");
    assert_eq!(last.unwrap().status, CeleryStatus::Pending, "Celery reports unknown ids as PENDING");
}

/// spec/openapi.yaml is what FastAPI really emits: the same operations, parameters,
/// responses, schemas and security schemes. Prose (descriptions, titles, examples) may differ:
/// the published spec documents more than the reference server's docstrings.
#[tokio::test]
async fn the_spec_matches_what_fastapi_emits() {
    let served = reqwest::get(format!("{}/openapi.json", base_url())).await.unwrap().bytes().await.unwrap();
    let served: Value = serde_json::from_slice(&served).unwrap();
    let spec_text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../spec/openapi.yaml")).unwrap();
    let spec = generator::load::parse(&spec_text).unwrap();
    let mut differences = Vec::new();
    for part in [
        "/openapi",
        "/info/title",
        "/info/version",
        "/servers",
        "/paths",
        "/components/schemas",
        "/components/securitySchemes",
    ] {
        let (a, b) = (canonical(spec.pointer(part)), canonical(served.pointer(part)));
        diff(&format!("#{part}"), &a, &b, &mut differences);
    }
    assert!(
        differences.is_empty(),
        "spec/openapi.yaml and the server's /openapi.json differ:\n{}",
        differences.join("\n")
    );
}

/// The document without prose.
fn canonical(value: Option<&Value>) -> Value {
    fn strip(value: &Value) -> Value {
        match value {
            Value::Object(map) => Value::Object(
                map.iter()
                    .filter(|(k, _)| !matches!(k.as_str(), "description" | "title" | "example" | "examples"))
                    .map(|(k, v)| (k.clone(), strip(v)))
                    .collect(),
            ),
            Value::Array(items) => Value::Array(items.iter().map(strip).collect()),
            other => other.clone(),
        }
    }
    value.map(strip).unwrap_or(Value::Null)
}

fn diff(at: &str, spec: &Value, served: &Value, out: &mut Vec<String>) {
    match (spec, served) {
        (Value::Object(a), Value::Object(b)) => {
            for key in a.keys().chain(b.keys().filter(|k| !a.contains_key(*k))) {
                let child = format!("{at}/{}", key.replace('~', "~0").replace('/', "~1"));
                diff(&child, a.get(key).unwrap_or(&Value::Null), b.get(key).unwrap_or(&Value::Null), out);
            }
        }
        (Value::Array(a), Value::Array(b)) if a.len() == b.len() => {
            for (i, (x, y)) in a.iter().zip(b).enumerate() {
                diff(&format!("{at}/{i}"), x, y, out);
            }
        }
        (a, b) if a == b => {}
        (a, b) => out.push(format!("{at}: spec has {a}, server has {b}")),
    }
}
