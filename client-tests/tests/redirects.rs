//! Redirects: within the origin they are followed; to another origin (here: another loopback
//! port) they are not, so no credential reaches the other server. Two wiremock servers are two
//! origins.

use factpulse_client::{Client, Error, RetryPolicy};
use serde_json::json;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const STATUS_PATH: &str = "/api/v1/processing/tasks/abc/status";
const CODES: [u16; 5] = [301, 302, 303, 307, 308];

/// The ways the client can hold a credential: each security scheme of the API, and a password
/// in the base URL (which reqwest sends as basic authentication).
fn clients(base: &str) -> Vec<(&'static str, Client)> {
    let builder = || Client::builder().retry(RetryPolicy::none());
    let with_password = base.replacen("http://", "http://user:PASSWORD-SECRET@", 1);
    vec![
        ("bearer", builder().base_url(base).bearer_token("TOKEN-SECRET").build().unwrap()),
        ("api key header", builder().base_url(base).api_key("KEY-SECRET").build().unwrap()),
        ("password in the URL", builder().base_url(with_password).build().unwrap()),
    ]
}

fn ok_body() -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(json!({"taskId": "abc", "status": "PENDING"}))
}

#[tokio::test]
async fn no_credential_follows_a_redirect_to_another_origin() {
    let api = MockServer::start().await;
    let elsewhere = MockServer::start().await;
    Mock::given(method("GET")).respond_with(ok_body()).mount(&elsewhere).await;
    let target = format!("{}/collect?sig=LOCATION-SECRET", elsewhere.uri());
    for code in CODES {
        api.reset().await;
        Mock::given(method("GET"))
            .and(path(STATUS_PATH))
            .respond_with(ResponseTemplate::new(code).insert_header("location", target.as_str()))
            .mount(&api)
            .await;
        for (kind, client) in clients(&api.uri()) {
            let err = client.async_tasks().get_task_status("abc").await.unwrap_err();
            let Error::Redirect { status, location } = &err else { panic!("{code} with {kind}: {err:?}") };
            assert_eq!(status.as_u16(), code);
            assert_eq!(location, &target, "the caller gets the whole target");
            let shown = format!("{err} {err:?}");
            assert!(!shown.contains("SECRET"), "{code} with {kind}: {shown}");
            assert!(shown.contains(&elsewhere.uri()), "the message says where it pointed: {shown}");
        }
        let seen = elsewhere.received_requests().await.unwrap();
        assert!(seen.is_empty(), "{code}: the other origin was asked: {:?}", seen[0].headers);
    }
}

#[tokio::test]
async fn a_redirect_to_another_port_of_the_same_host_is_another_origin() {
    // The same host under another name (localhost vs 127.0.0.1) is another origin too.
    let api = MockServer::start().await;
    let elsewhere = MockServer::start().await;
    Mock::given(method("GET")).respond_with(ok_body()).mount(&elsewhere).await;
    let port = elsewhere.address().port();
    for target in [format!("http://127.0.0.1:{port}/x"), format!("http://localhost:{port}/x")] {
        api.reset().await;
        Mock::given(method("GET"))
            .respond_with(ResponseTemplate::new(307).insert_header("location", target.as_str()))
            .mount(&api)
            .await;
        for (kind, client) in clients(&api.uri()) {
            let err = client.async_tasks().get_task_status("abc").await.unwrap_err();
            assert!(matches!(err, Error::Redirect { .. }), "{kind}: {err:?}");
        }
    }
    assert!(elsewhere.received_requests().await.unwrap().is_empty());
}

#[tokio::test]
async fn redirects_within_the_origin_are_followed_with_the_credentials() {
    let api = MockServer::start().await;
    for code in CODES {
        api.reset().await;
        Mock::given(method("GET"))
            .and(path(STATUS_PATH))
            .respond_with(ResponseTemplate::new(code).insert_header("location", "/moved"))
            .mount(&api)
            .await;
        Mock::given(method("GET")).and(path("/moved")).respond_with(ok_body()).mount(&api).await;
        let client = Client::builder().base_url(api.uri()).api_key("key-1").build().unwrap();
        let status = client.async_tasks().get_task_status("abc").await.unwrap();
        assert_eq!(status.task_id, "abc", "{code}");
        let requests = api.received_requests().await.unwrap();
        assert_eq!(requests.len(), 2, "{code}");
        assert_eq!(requests[1].url.path(), "/moved");
        assert_eq!(requests[1].headers["x-api-key"], "key-1", "{code}: same origin, same credentials");
    }
}

#[tokio::test]
async fn a_redirect_loop_within_the_origin_ends() {
    let api = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(302).insert_header("location", STATUS_PATH))
        .mount(&api)
        .await;
    let client = Client::builder().base_url(api.uri()).retry(RetryPolicy::none()).build().unwrap();
    let err = client.async_tasks().get_task_status("abc").await.unwrap_err();
    assert!(matches!(err, Error::Transport(_)), "{err:?}");
    assert_eq!(api.received_requests().await.unwrap().len(), 11, "the first request and 10 redirects");
}
