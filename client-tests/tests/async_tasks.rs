//! The generated client against a real HTTP server on loopback (wiremock).

use factpulse_client::apis::GetTaskStatusError;
use factpulse_client::models::{AsyncTaskResult, CeleryStatus, ErrorLevel, ErrorSource};
use factpulse_client::{Client, Error, RetryPolicy};
use serde_json::json;
use std::time::{Duration, Instant};
use wiremock::matchers::{header, header_exists, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const STATUS_PATH: &str = "/api/v1/processing/tasks/abc/status";

fn client(server: &MockServer) -> Client {
    Client::builder()
        .base_url(server.uri())
        .bearer_token("secret-token")
        .retry(RetryPolicy::default().initial_backoff(Duration::from_millis(1)))
        .build()
        .unwrap()
}

fn status_body(status: &str) -> serde_json::Value {
    json!({"taskId": "abc", "status": status})
}

async fn serve(server: &MockServer, response: ResponseTemplate) {
    Mock::given(method("GET")).and(path(STATUS_PATH)).respond_with(response).mount(server).await;
}

#[tokio::test]
async fn sends_the_bearer_token() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(STATUS_PATH))
        .and(header("authorization", "Bearer secret-token"))
        .and(header("accept", "application/json"))
        .respond_with(ResponseTemplate::new(200).set_body_json(status_body("PENDING")))
        .expect(1)
        .mount(&server)
        .await;
    let status = client(&server).async_tasks().get_task_status("abc").await.unwrap();
    assert_eq!(status.status, CeleryStatus::Pending);
    assert_eq!(status.task_id, "abc");
}

#[tokio::test]
async fn sends_the_api_key_when_that_is_what_is_configured() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(STATUS_PATH))
        .and(header("x-api-key", "key-123"))
        .respond_with(ResponseTemplate::new(200).set_body_json(status_body("STARTED")))
        .expect(1)
        .mount(&server)
        .await;
    let client = Client::builder().base_url(server.uri()).api_key("key-123").build().unwrap();
    client.async_tasks().get_task_status("abc").await.unwrap();
    let requests = server.received_requests().await.unwrap();
    assert!(!requests[0].headers.contains_key("authorization"), "only one alternative is sent");
}

#[tokio::test]
async fn with_both_credentials_the_first_alternative_wins() {
    let server = MockServer::start().await;
    serve(&server, ResponseTemplate::new(200).set_body_json(status_body("STARTED"))).await;
    let client = Client::builder().base_url(server.uri()).api_key("key").bearer_token("tok").build().unwrap();
    client.async_tasks().get_task_status("abc").await.unwrap();
    let requests = server.received_requests().await.unwrap();
    assert_eq!(requests[0].headers.get("authorization").unwrap(), "Bearer tok");
    assert!(!requests[0].headers.contains_key("x-api-key"));
}

#[tokio::test]
async fn task_ids_are_percent_encoded() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(header_exists("authorization"))
        .respond_with(ResponseTemplate::new(200).set_body_json(status_body("PENDING")))
        .mount(&server)
        .await;
    let api = client(&server).async_tasks();
    for id in ["a/b", "with space", "café-☕", "q?x=1#frag", "%2F"] {
        api.get_task_status(id).await.unwrap();
    }
    let paths: Vec<String> =
        server.received_requests().await.unwrap().iter().map(|r| r.url.path().to_owned()).collect();
    assert_eq!(
        paths,
        [
            "/api/v1/processing/tasks/a%2Fb/status",
            "/api/v1/processing/tasks/with%20space/status",
            "/api/v1/processing/tasks/caf%C3%A9-%E2%98%95/status",
            "/api/v1/processing/tasks/q%3Fx%3D1%23frag/status",
            "/api/v1/processing/tasks/%252F/status",
        ]
    );
    for r in server.received_requests().await.unwrap() {
        assert_eq!(r.url.query(), None);
    }
}

#[tokio::test]
async fn dot_segments_are_refused_before_sending() {
    let server = MockServer::start().await;
    let api = client(&server).async_tasks();
    for id in ["..", ".", ""] {
        match api.get_task_status(id).await {
            Err(Error::InvalidRequest(message)) => {
                assert!(message.contains("task_id"), "{message}")
            }
            other => panic!("{id:?}: expected InvalidRequest, got {other:?}"),
        }
    }
    assert!(server.received_requests().await.unwrap().is_empty());
}

#[tokio::test]
async fn every_celery_status_and_an_unknown_one_decode() {
    let server = MockServer::start().await;
    let expected = [
        ("PENDING", CeleryStatus::Pending),
        ("STARTED", CeleryStatus::Started),
        ("SUCCESS", CeleryStatus::Success),
        ("FAILURE", CeleryStatus::Failure),
        ("RETRY", CeleryStatus::Retry),
        ("REVOKED", CeleryStatus::Other("REVOKED".into())),
    ];
    for (wire, status) in expected {
        server.reset().await;
        serve(&server, ResponseTemplate::new(200).set_body_json(status_body(wire))).await;
        let got = client(&server).async_tasks().get_task_status("abc").await.unwrap();
        assert_eq!(got.status, status);
        assert_eq!(got.status.as_str(), wire, "the wire value survives");
        assert_eq!(serde_json::to_value(&got).unwrap(), status_body(wire), "and serialises back unchanged");
    }
}

#[tokio::test]
async fn result_may_be_absent_null_or_nested() {
    let server = MockServer::start().await;
    let api = client(&server).async_tasks();

    serve(&server, ResponseTemplate::new(200).set_body_json(status_body("PENDING"))).await;
    assert_eq!(api.get_task_status("abc").await.unwrap().result, None);

    server.reset().await;
    serve(
        &server,
        ResponseTemplate::new(200).set_body_json(json!({"taskId": "abc", "status": "PENDING", "result": null})),
    )
    .await;
    assert_eq!(api.get_task_status("abc").await.unwrap().result, None);

    server.reset().await;
    let error = json!({"status": "ERROR", "errorCode": "VALIDATION_FAILED", "errorMessage": "m", "details": [{"level": "Warning", "item": "BR-FR-01", "reason": "r", "source": "schematron"}], "extra": {"a": [1, 2]}});
    serve(
        &server,
        ResponseTemplate::new(200).set_body_json(json!({"taskId": "abc", "status": "SUCCESS", "result": error})),
    )
    .await;
    let Some(AsyncTaskResult::Error(business)) = api.get_task_status("abc").await.unwrap().result else {
        panic!("expected a business error")
    };
    assert_eq!(business.error_code, "VALIDATION_FAILED");
    assert_eq!(business.details.as_ref().unwrap()[0].source, Some(ErrorSource::Schematron));
    assert_eq!(serde_json::to_value(&business).unwrap(), error, "unknown members survive a round trip");

    server.reset().await;
    let success = json!({"status": "SUCCESS", "content_b64": "JVBERi0xLjQ="});
    serve(
        &server,
        ResponseTemplate::new(200).set_body_json(json!({"taskId": "abc", "status": "SUCCESS", "result": success})),
    )
    .await;
    let Some(AsyncTaskResult::Success(done)) = api.get_task_status("abc").await.unwrap().result else {
        panic!("expected a success")
    };
    assert_eq!(done.content_b64.as_deref().unwrap(), b"%PDF-1.4");
    assert_eq!(serde_json::to_value(&done).unwrap(), success);

    server.reset().await;
    let odd = json!({"progress": 40, "deep": {"a": [1, 2]}});
    serve(
        &server,
        ResponseTemplate::new(200).set_body_json(json!({"taskId": "abc", "status": "STARTED", "result": odd})),
    )
    .await;
    let result = api.get_task_status("abc").await.unwrap().result;
    assert_eq!(result, Some(AsyncTaskResult::Other(odd)), "any other shape is kept, not refused");
}

#[tokio::test]
async fn members_the_spec_does_not_declare_are_kept_and_written_back() {
    let server = MockServer::start().await;
    let body = json!({
        "taskId": "abc",
        "status": "SUCCESS",
        "eta": 5,
        "result": {"status": "SUCCESS", "content_b64": "JVBERg==", "pages": 2}
    });
    serve(&server, ResponseTemplate::new(200).set_body_json(body.clone())).await;
    let status = client(&server).async_tasks().get_task_status("abc").await.unwrap();
    assert_eq!(status.additional_properties["eta"], json!(5));
    let Some(AsyncTaskResult::Success(done)) = &status.result else { panic!("{status:?}") };
    assert_eq!(done.additional_properties["pages"], json!(2));
    assert_eq!(serde_json::to_value(&status).unwrap(), body, "a read-modify-write loses nothing");
}

#[tokio::test]
async fn a_401_decodes_to_api_error() {
    let server = MockServer::start().await;
    let body = json!({
        "errorCode": "AUTHENTICATION_REQUIRED",
        "errorMessage": "Invalid or missing JWT token",
        "details": [{"item": "token", "reason": "expired", "source": "system"}]
    });
    serve(&server, ResponseTemplate::new(401).set_body_json(body)).await;
    let err = client(&server).async_tasks().get_task_status("abc").await.unwrap_err();
    assert_eq!(err.status().map(|s| s.as_u16()), Some(401));
    let Error::Api { body: GetTaskStatusError::Unauthorized(api_error), .. } = &err else {
        panic!("expected a typed 401, got {err:?}");
    };
    assert_eq!(api_error.error_code, "AUTHENTICATION_REQUIRED");
    let detail = &api_error.details.as_ref().unwrap()[0];
    assert_eq!(detail.level, ErrorLevel::Error, "the schema's default applies when absent");
    assert_eq!(detail.source, Some(ErrorSource::System));
    assert!(err.to_string().contains("401"), "{err}");
}

#[tokio::test]
async fn a_422_decodes_to_validation_errors() {
    let server = MockServer::start().await;
    let body = json!({"detail": [{"loc": ["path", "task_id", 0], "msg": "bad", "type": "value_error", "input": null, "ctx": {"x": 1}}]});
    serve(&server, ResponseTemplate::new(422).set_body_json(body)).await;
    let err = client(&server).async_tasks().get_task_status("abc").await.unwrap_err();
    let Some(GetTaskStatusError::UnprocessableEntity(validation)) = err.api_body() else {
        panic!("expected a typed 422, got {err:?}");
    };
    let detail = &validation.detail.as_ref().unwrap()[0];
    assert_eq!(detail.msg, "bad");
    assert_eq!(serde_json::to_value(&detail.loc).unwrap(), json!(["path", "task_id", 0]));
}

#[tokio::test]
async fn an_undocumented_500_keeps_status_headers_and_raw_body() {
    let server = MockServer::start().await;
    serve(&server, ResponseTemplate::new(500).insert_header("x-request-id", "r1").set_body_string("<html>oops</html>"))
        .await;
    let err = client(&server).async_tasks().get_task_status("abc").await.unwrap_err();
    let Error::UnexpectedStatus { status, headers, body } = &err else { panic!("got {err:?}") };
    assert_eq!(status.as_u16(), 500);
    assert_eq!(headers.get("x-request-id").unwrap(), "r1");
    assert_eq!(body, b"<html>oops</html>");
}

#[tokio::test]
async fn malformed_json_is_a_decode_error() {
    let server = MockServer::start().await;
    serve(&server, ResponseTemplate::new(200).set_body_raw("{\"taskId\": ", "application/json")).await;
    let err = client(&server).async_tasks().get_task_status("abc").await.unwrap_err();
    assert!(matches!(&err, Error::Decode { status, .. } if status.as_u16() == 200), "{err:?}");
    assert!(err.to_string().contains("does not match its schema"), "{err}");

    server.reset().await;
    serve(&server, ResponseTemplate::new(200).set_body_json(json!({"taskId": 5, "status": "PENDING"}))).await;
    let err = client(&server).async_tasks().get_task_status("abc").await.unwrap_err();
    assert!(matches!(err, Error::Decode { .. }), "a body of the wrong shape: {err:?}");
}

#[tokio::test]
async fn a_server_that_never_answers_times_out() {
    let server = MockServer::start().await;
    serve(&server, ResponseTemplate::new(200).set_body_json(status_body("PENDING")).set_delay(Duration::from_secs(30)))
        .await;
    let client = Client::builder()
        .base_url(server.uri())
        .timeout(Duration::from_millis(200))
        .retry(RetryPolicy::none())
        .build()
        .unwrap();
    let started = Instant::now();
    let err = client.async_tasks().get_task_status("abc").await.unwrap_err();
    assert!(matches!(err, Error::Timeout(_)), "{err:?}");
    assert!(started.elapsed() < Duration::from_secs(5));
    assert_eq!(err.to_string(), "the request timed out");
}

#[tokio::test]
async fn a_refused_connection_is_a_connect_error_after_retries() {
    let port = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap().port()
    };
    let client = Client::builder()
        .base_url(format!("http://127.0.0.1:{port}"))
        .retry(RetryPolicy::default().initial_backoff(Duration::from_millis(1)))
        .build()
        .unwrap();
    let err = client.async_tasks().get_task_status("abc").await.unwrap_err();
    assert!(matches!(err, Error::Connect(_)), "{err:?}");
}

#[tokio::test]
async fn a_503_then_200_succeeds_after_a_retry() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(STATUS_PATH))
        .respond_with(ResponseTemplate::new(503))
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    serve(&server, ResponseTemplate::new(200).set_body_json(status_body("SUCCESS"))).await;
    let status = client(&server).async_tasks().get_task_status("abc").await.unwrap();
    assert_eq!(status.status, CeleryStatus::Success);
    assert_eq!(server.received_requests().await.unwrap().len(), 2);
}

#[tokio::test]
async fn retries_stop_at_the_bound() {
    let server = MockServer::start().await;
    serve(&server, ResponseTemplate::new(503).set_body_string("busy")).await;
    let client = Client::builder()
        .base_url(server.uri())
        .retry(RetryPolicy::default().max_attempts(4).initial_backoff(Duration::from_millis(1)))
        .build()
        .unwrap();
    let err = client.async_tasks().get_task_status("abc").await.unwrap_err();
    assert_eq!(err.status().map(|s| s.as_u16()), Some(503));
    assert_eq!(server.received_requests().await.unwrap().len(), 4);

    server.reset().await;
    serve(&server, ResponseTemplate::new(503)).await;
    let once = Client::builder().base_url(server.uri()).retry(RetryPolicy::none()).build().unwrap();
    once.async_tasks().get_task_status("abc").await.unwrap_err();
    assert_eq!(server.received_requests().await.unwrap().len(), 1);
}

#[tokio::test]
async fn retry_after_is_honoured() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(STATUS_PATH))
        .respond_with(ResponseTemplate::new(429).insert_header("retry-after", "1"))
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    serve(&server, ResponseTemplate::new(200).set_body_json(status_body("SUCCESS"))).await;
    let started = Instant::now();
    client(&server).async_tasks().get_task_status("abc").await.unwrap();
    assert!(started.elapsed() >= Duration::from_secs(1), "waited {:?}", started.elapsed());
}

#[tokio::test]
async fn oversized_bodies_are_refused() {
    let server = MockServer::start().await;
    serve(
        &server,
        ResponseTemplate::new(200).set_body_json(json!({"taskId": "x".repeat(10_000), "status": "PENDING"})),
    )
    .await;
    let client = Client::builder().base_url(server.uri()).max_response_bytes(1_000).build().unwrap();
    let err = client.async_tasks().get_task_status("abc").await.unwrap_err();
    assert!(matches!(err, Error::ResponseTooLarge { limit: 1_000 }), "{err:?}");
}

#[tokio::test]
async fn secrets_never_show_in_debug_or_errors() {
    let server = MockServer::start().await;
    serve(&server, ResponseTemplate::new(401).set_body_json(json!({"errorCode": "A", "errorMessage": "B"}))).await;
    let client =
        Client::builder().base_url(server.uri()).bearer_token("tok-SECRET-1").api_key("key-SECRET-2").build().unwrap();
    let debug = format!("{client:?} {:?}", client.async_tasks());
    assert!(!debug.contains("SECRET"), "{debug}");
    let err = client.async_tasks().get_task_status("abc").await.unwrap_err();
    let shown = format!("{err} {err:?}");
    assert!(!shown.contains("SECRET"), "{shown}");

    // A credential that cannot be a header value is refused without echoing it.
    let bad = Client::builder().base_url(server.uri()).bearer_token("tok-SECRET\r\nX-Evil: 1").build().unwrap();
    let err = bad.async_tasks().get_task_status("abc").await.unwrap_err();
    assert!(matches!(err, Error::InvalidRequest(_)), "{err:?}");
    assert!(!format!("{err} {err:?}").contains("SECRET"));
}

#[tokio::test]
async fn what_the_server_sends_that_may_be_secret_stays_out_of_debug_output() {
    let server = MockServer::start().await;
    let response = ResponseTemplate::new(500)
        .insert_header("set-cookie", "session=COOKIE-SECRET")
        .insert_header("x-request-id", "r1")
        .set_body_string("token=BODY-SECRET");
    serve(&server, response).await;
    let err = client(&server).async_tasks().get_task_status("abc").await.unwrap_err();
    let shown = format!("{err} {err:?} {err:#?}");
    assert!(!shown.contains("SECRET"), "{shown}");
    assert!(shown.contains("\"x-request-id\": \"r1\"") && shown.contains("<17 bytes>"), "{shown}");
    let Error::UnexpectedStatus { headers, body, .. } = &err else { panic!("{err:?}") };
    assert_eq!(headers["set-cookie"], "session=COOKIE-SECRET", "the fields keep everything");
    assert_eq!(body, b"token=BODY-SECRET");

    server.reset().await;
    serve(&server, ResponseTemplate::new(200).set_body_raw(r#"{"taskId": "BODY-SECRET""#, "application/json")).await;
    let err = client(&server).async_tasks().get_task_status("abc").await.unwrap_err();
    assert!(matches!(err, Error::Decode { .. }) && !format!("{err:?}").contains("SECRET"), "{err:?}");
}

#[test]
fn the_client_is_clone_send_sync_and_the_builder_checks_the_base_url() {
    fn assert_traits<T: Clone + Send + Sync + 'static>() {}
    assert_traits::<Client>();
    assert_traits::<factpulse_client::apis::AsyncTasksApi>();
    assert_eq!(Client::builder().build().unwrap().base_url(), factpulse_client::servers::PRODUCTION);
    assert_eq!(
        Client::builder().base_url("http://localhost:8001/").build().unwrap().base_url(),
        "http://localhost:8001"
    );
    assert!(Client::builder().base_url("not a url").build().is_err());
    assert!(Client::builder().base_url("ftp://x").build().is_err());
}

#[tokio::test]
async fn wait_for_task_status_polls_through_pending_and_a_503() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(STATUS_PATH))
        .respond_with(ResponseTemplate::new(200).set_body_json(status_body("PENDING")))
        .up_to_n_times(2)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(STATUS_PATH))
        .respond_with(ResponseTemplate::new(503))
        .up_to_n_times(1)
        .with_priority(2)
        .mount(&server)
        .await;
    let pdf = b"%PDF-1.7 tiny";
    let done = json!({"taskId": "abc", "status": "SUCCESS", "result": {"status": "SUCCESS", "content_b64": "JVBERi0xLjcgdGlueQ=="}});
    serve(&server, ResponseTemplate::new(200).set_body_json(done)).await;
    let client = Client::builder().base_url(server.uri()).retry(RetryPolicy::none()).build().unwrap();
    let task = client.async_tasks().wait_for_task_status("abc").interval(Duration::from_millis(5)).await.unwrap();
    let Some(AsyncTaskResult::Success(result)) = task.result else { panic!("{task:?}") };
    assert_eq!(result.content_b64.unwrap().into_inner(), pdf);
    assert_eq!(server.received_requests().await.unwrap().len(), 4, "PENDING, PENDING, 503, SUCCESS");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn five_hundred_concurrent_requests_share_one_client() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(|request: &wiremock::Request| {
            let id = request.url.path().split('/').nth(5).unwrap_or_default().to_owned();
            ResponseTemplate::new(200).set_body_json(json!({"taskId": id, "status": "STARTED"}))
        })
        .mount(&server)
        .await;
    let client = client(&server);
    let tasks: Vec<_> = (0..500)
        .map(|i| {
            let client = client.clone();
            tokio::spawn(async move { (i, client.async_tasks().get_task_status(&format!("task-{i}")).await) })
        })
        .collect();
    let mut correct = 0;
    for task in tasks {
        let (i, result) = task.await.unwrap();
        let status = result.unwrap();
        assert_eq!(status.task_id, format!("task-{i}"), "each answer belongs to its request");
        correct += 1;
    }
    assert_eq!(correct, 500);
    assert_eq!(server.received_requests().await.unwrap().len(), 500);
}

#[tokio::test]
async fn the_total_timeout_bounds_every_attempt_together() {
    let server = MockServer::start().await;
    serve(&server, ResponseTemplate::new(200).set_body_json(status_body("PENDING")).set_delay(Duration::from_secs(30)))
        .await;
    let retry = RetryPolicy::default().max_attempts(10).initial_backoff(Duration::from_millis(10));
    let client = Client::builder()
        .base_url(server.uri())
        .timeout(Duration::from_millis(300))
        .total_timeout(Duration::from_millis(700))
        .retry(retry)
        .build()
        .unwrap();
    let started = Instant::now();
    let err = client.async_tasks().get_task_status("abc").await.unwrap_err();
    // Without the total timeout: 10 attempts of 300 ms and the waits between them, over 3 s.
    assert!(matches!(err, Error::Deadline { limit } if limit == Duration::from_millis(700)), "{err:?}");
    assert!(started.elapsed() < Duration::from_millis(2_500), "{:?}", started.elapsed());
    assert!(err.is_transient() && err.to_string().contains("700ms"), "{err}");
}

#[tokio::test]
async fn a_retry_that_cannot_start_before_the_deadline_returns_the_last_answer() {
    let server = MockServer::start().await;
    serve(&server, ResponseTemplate::new(503).insert_header("retry-after", "999999999")).await;
    let client = Client::builder().base_url(server.uri()).total_timeout(Duration::from_secs(5)).build().unwrap();
    let started = Instant::now();
    let err = client.async_tasks().get_task_status("abc").await.unwrap_err();
    assert_eq!(err.status().map(|s| s.as_u16()), Some(503), "{err:?}");
    assert!(started.elapsed() < Duration::from_secs(4), "did not wait for a retry past the deadline");
    assert_eq!(server.received_requests().await.unwrap().len(), 1);
}

#[tokio::test]
async fn a_huge_retry_after_is_capped_by_max_backoff() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(STATUS_PATH))
        .respond_with(ResponseTemplate::new(429).insert_header("retry-after", "999999999"))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    serve(&server, ResponseTemplate::new(200).set_body_json(status_body("SUCCESS"))).await;
    let retry = RetryPolicy::default().max_backoff(Duration::from_millis(200));
    let client = Client::builder().base_url(server.uri()).retry(retry).build().unwrap();
    let started = Instant::now();
    client.async_tasks().get_task_status("abc").await.unwrap();
    assert!(started.elapsed() < Duration::from_secs(10), "{:?}", started.elapsed());
    assert_eq!(server.received_requests().await.unwrap().len(), 2);
}

#[tokio::test]
async fn debug_of_the_client_hides_the_password_and_query_of_its_base_url() {
    let server = MockServer::start().await;
    let port = server.address().port();
    let client = Client::builder().base_url(format!("http://user:PASS-SECRET@127.0.0.1:{port}")).build().unwrap();
    let shown =
        format!("{client:?} {client:#?} {:?}", Client::builder().base_url("http://u:PASS-SECRET@h?key=Q-SECRET"));
    assert!(!shown.contains("SECRET") && shown.contains("REDACTED"), "{shown}");
}

#[tokio::test]
async fn debug_of_errors_redacts_secret_headers_by_rule() {
    let server = MockServer::start().await;
    let secrets = [
        ("x-api-key", "K-SECRET"),
        ("www-authenticate", "Bearer realm=\"R-SECRET\""),
        ("x-amz-security-token", "AMZ-SECRET"),
        ("x-csrf-token", "CSRF-SECRET"),
        ("x-session-id", "SESSION-SECRET"),
        ("x-goog-signature", "SIG-SECRET"),
        ("proxy-authenticate", "Basic P-SECRET"),
        ("x-client-secret", "C-SECRET"),
        ("location", "https://bucket.example/object?X-Amz-Credential=LOC-SECRET"),
    ];
    for status in [401, 500] {
        let mut response = ResponseTemplate::new(status).insert_header("x-request-id", "r1");
        for (name, value) in secrets {
            response = response.insert_header(name, value);
        }
        server.reset().await;
        serve(&server, response.set_body_json(json!({"errorCode": "A", "errorMessage": "B"}))).await;
        let err = client(&server).async_tasks().get_task_status("abc").await.unwrap_err();
        let shown = format!("{err} {err:?} {err:#?}");
        assert!(!shown.contains("SECRET"), "{shown}");
        assert!(shown.contains("\"x-request-id\": \"r1\""), "other headers still show: {shown}");
        assert!(shown.contains("https://bucket.example/object?<redacted>"), "{shown}");
    }
}

#[tokio::test]
async fn transport_errors_show_no_password_of_the_base_url() {
    // Nothing listens on port 1; the error's URL must not carry the password.
    let client =
        Client::builder().base_url("http://user:PASS-SECRET@127.0.0.1:1").retry(RetryPolicy::none()).build().unwrap();
    let err = client.async_tasks().get_task_status("abc").await.unwrap_err();
    assert!(matches!(err, Error::Connect(_)), "{err:?}");
    let shown = format!("{err} {err:?} {:?}", std::error::Error::source(&err));
    assert!(!shown.contains("SECRET"), "{shown}");
}
