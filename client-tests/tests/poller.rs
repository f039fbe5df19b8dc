//! The generated poller, on paused tokio time: no test here really sleeps.

use factpulse_client::apis::GetTaskStatusError;
use factpulse_client::models::{AsyncTaskStatus, CeleryStatus};
use factpulse_client::{Error, PollError, PollState, Poller};
use serde_json::json;
use std::collections::VecDeque;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::time::Instant;

type Reply = Result<AsyncTaskStatus, Error<GetTaskStatusError>>;

fn status(value: &str) -> AsyncTaskStatus {
    serde_json::from_value(json!({"taskId": "t", "status": value})).unwrap()
}

fn unavailable() -> Reply {
    Err(Error::UnexpectedStatus {
        status: reqwest::StatusCode::SERVICE_UNAVAILABLE,
        headers: Box::default(),
        body: Vec::new(),
    })
}

/// A status call that plays `replies` in order (repeating the last) and records when it ran.
struct Script {
    replies: Arc<Mutex<VecDeque<Reply>>>,
    calls: Arc<Mutex<Vec<Instant>>>,
}

impl Script {
    fn new(replies: Vec<Reply>) -> Script {
        Script { replies: Arc::new(Mutex::new(replies.into())), calls: Arc::default() }
    }

    fn poller(&self) -> Poller<'static, AsyncTaskStatus, GetTaskStatusError> {
        let replies = self.replies.clone();
        let calls = self.calls.clone();
        Poller::new(
            Box::new(move || {
                calls.lock().unwrap().push(Instant::now());
                let mut replies = replies.lock().unwrap();
                let reply =
                    if replies.len() > 1 { replies.pop_front().unwrap() } else { clone(replies.front().unwrap()) };
                Box::pin(async move { reply })
            }),
            |body: &AsyncTaskStatus| PollState::classify(body.status.as_str(), &["SUCCESS"], &["FAILURE"]),
        )
        .interval(Duration::from_secs(1))
        .multiplier(1.5)
        .max_interval(Duration::from_secs(10))
        .deadline(Duration::from_secs(120))
    }

    /// Seconds between consecutive calls.
    fn gaps(&self) -> Vec<f64> {
        let calls = self.calls.lock().unwrap();
        calls.windows(2).map(|w| (w[1] - w[0]).as_secs_f64()).collect()
    }

    fn count(&self) -> usize {
        self.calls.lock().unwrap().len()
    }
}

fn clone(reply: &Reply) -> Reply {
    match reply {
        Ok(body) => Ok(body.clone()),
        Err(Error::UnexpectedStatus { status, .. }) => {
            Err(Error::UnexpectedStatus { status: *status, headers: Box::default(), body: Vec::new() })
        }
        Err(other) => panic!("the script cannot repeat {other:?}"),
    }
}

fn pending(n: usize) -> Vec<Reply> {
    (0..n).map(|_| Ok(status("PENDING"))).collect()
}

#[tokio::test(start_paused = true)]
async fn intervals_grow_by_the_multiplier_up_to_the_cap() {
    let mut replies = pending(9);
    replies.push(Ok(status("SUCCESS")));
    let script = Script::new(replies);
    let done = script.poller().await.unwrap();
    assert_eq!(done.status, CeleryStatus::Success);
    let expected = [1.0, 1.5, 2.25, 3.375, 5.0625, 7.59375, 10.0, 10.0, 10.0];
    let gaps = script.gaps();
    assert_eq!(gaps.len(), expected.len());
    for (gap, want) in gaps.iter().zip(expected) {
        assert!((gap - want).abs() < 1e-3, "gaps {gaps:?}, expected {expected:?}");
    }
}

#[tokio::test(start_paused = true)]
async fn the_deadline_ends_the_wait_with_the_last_status() {
    let script = Script::new(vec![Ok(status("STARTED"))]);
    let started = Instant::now();
    let err = script.poller().deadline(Duration::from_secs(30)).await.unwrap_err();
    let PollError::Deadline { elapsed, last } = err else { panic!("{err:?}") };
    assert_eq!(elapsed, Duration::from_secs(30));
    assert_eq!(started.elapsed(), Duration::from_secs(30));
    assert_eq!(last.unwrap().status, CeleryStatus::Started);
    // polls at 0, 1, 2.5, 4.75, 8.125, 13.1875, 20.78125, 30.78 (cut by the deadline)
    assert_eq!(script.count(), 7);
}

#[tokio::test(start_paused = true)]
async fn a_transient_503_in_the_middle_does_not_end_the_wait() {
    let script = Script::new(vec![Ok(status("PENDING")), unavailable(), unavailable(), Ok(status("SUCCESS"))]);
    let done = script.poller().await.unwrap();
    assert_eq!(done.status, CeleryStatus::Success);
    assert_eq!(script.count(), 4);
}

#[tokio::test(start_paused = true)]
async fn other_errors_end_the_wait() {
    let script =
        Script::new(vec![Ok(status("PENDING")), Err(Error::InvalidRequest("no".into())), Ok(status("SUCCESS"))]);
    let err = script.poller().await.unwrap_err();
    assert!(matches!(err, PollError::Request(Error::InvalidRequest(_))), "{err:?}");
    assert_eq!(script.count(), 2);
}

#[tokio::test(start_paused = true)]
async fn a_failure_state_returns_the_final_body() {
    let script = Script::new(vec![Ok(status("STARTED")), Ok(status("FAILURE"))]);
    let err = script.poller().await.unwrap_err();
    let PollError::Failed(body) = err else { panic!("{err:?}") };
    assert_eq!(body.status, CeleryStatus::Failure);
}

#[tokio::test(start_paused = true)]
async fn an_unknown_status_counts_as_pending_and_progress_sees_every_state() {
    let script = Script::new(vec![Ok(status("REVOKED")), Ok(status("RETRY")), Ok(status("SUCCESS"))]);
    let seen = Arc::new(Mutex::new(Vec::new()));
    let sink = seen.clone();
    let done = script.poller().on_progress(move |s| sink.lock().unwrap().push(s.status.to_string())).await.unwrap();
    assert_eq!(done.status, CeleryStatus::Success);
    assert_eq!(*seen.lock().unwrap(), ["REVOKED", "RETRY", "SUCCESS"]);
}

#[tokio::test(start_paused = true)]
async fn dropping_the_future_stops_polling() {
    let script = Script::new(vec![Ok(status("PENDING"))]);
    let outcome = tokio::time::timeout(Duration::from_secs(5), script.poller()).await;
    assert!(outcome.is_err(), "the caller's timeout fired first");
    let polled = script.count();
    assert_eq!(polled, 4, "polls at 0, 1, 2.5 and 4.75 s");
    tokio::time::sleep(Duration::from_secs(600)).await;
    assert_eq!(script.count(), polled, "nothing polls after the future is dropped");
}

#[test]
fn generated_wait_method_uses_the_x_poll_defaults() {
    // The defaults are in the method body; the generated docs state them, and this checks the
    // docs and the code agree with the overlay (1 s, x1.5, 10 s, 120 s).
    let source = include_str!("../../generated-client/src/apis/async_tasks.rs");
    for needle in [
        ".interval(std::time::Duration::from_millis(1000))",
        ".multiplier(1.5)",
        ".max_interval(std::time::Duration::from_millis(10000))",
        ".deadline(std::time::Duration::from_millis(120000))",
        "first wait 1 s, multiplied by 1.5 after each poll, at most 10 s between polls, giving up after 120 s",
    ] {
        assert!(source.contains(needle), "missing {needle}");
    }
}

/// Polls `script` for `total` of paused time (it never succeeds) and returns the gaps seen.
async fn gaps_within(
    script: &Script,
    poller: Poller<'static, AsyncTaskStatus, GetTaskStatusError>,
    total: f64,
) -> Vec<f64> {
    let outcome = tokio::time::timeout(Duration::from_secs_f64(total), poller.no_deadline()).await;
    assert!(outcome.is_err(), "nothing ends this wait but the caller's timeout");
    script.gaps()
}

#[tokio::test(start_paused = true)]
async fn an_enormous_multiplier_is_clamped_instead_of_panicking() {
    for multiplier in [1e300, f64::INFINITY, f64::MAX] {
        let script = Script::new(pending(1));
        let poller = script.poller().multiplier(multiplier).max_interval(Poller::<(), ()>::MAX_INTERVAL);
        let gaps = gaps_within(&script, poller, 1_200.0).await;
        // Polls at 0, 1, 11, 111 and 1111 s: the multiplier acts as 10.
        assert_eq!(gaps, [1.0, 10.0, 100.0, 1000.0], "multiplier {multiplier}");
    }
}

#[tokio::test(start_paused = true)]
async fn nan_and_tiny_multipliers_mean_a_fixed_interval() {
    for multiplier in [f64::NAN, 0.0, -5.0, f64::NEG_INFINITY] {
        let script = Script::new(pending(1));
        let gaps = gaps_within(&script, script.poller().multiplier(multiplier), 3.5).await;
        assert_eq!(gaps, [1.0, 1.0, 1.0], "multiplier {multiplier}");
    }
}

#[tokio::test(start_paused = true)]
async fn huge_intervals_are_clamped_and_do_not_overflow() {
    let script = Script::new(pending(1));
    let poller = script.poller().interval(Duration::MAX).max_interval(Duration::MAX).multiplier(10.0);
    let day = Poller::<(), ()>::MAX_INTERVAL.as_secs();
    let gaps = gaps_within(&script, poller, (3 * day + 1) as f64).await;
    assert_eq!(gaps, [day as f64; 3]);
}

#[tokio::test(start_paused = true)]
async fn a_zero_interval_does_not_flood_the_server() {
    let script = Script::new(pending(1));
    let poller = script.poller().interval(Duration::ZERO).max_interval(Duration::ZERO).multiplier(1.0);
    let outcome = tokio::time::timeout(Duration::from_secs(1), poller).await;
    assert!(outcome.is_err());
    let min = Poller::<(), ()>::MIN_INTERVAL.as_secs_f64();
    assert!(script.gaps().iter().all(|gap| (gap - min).abs() < 1e-9), "{:?}", script.gaps());
    assert_eq!(script.count(), 101, "one poll every 10 ms for a second, and the first");
}

#[tokio::test(start_paused = true)]
async fn extreme_deadlines_neither_panic_nor_fire_early() {
    let script = Script::new(vec![Ok(status("PENDING")), Ok(status("SUCCESS"))]);
    let done = script.poller().deadline(Duration::MAX).await.unwrap();
    assert_eq!(done.status, CeleryStatus::Success);
    let script = Script::new(pending(1));
    let err = script.poller().deadline(Duration::ZERO).await.unwrap_err();
    assert!(matches!(err, PollError::Deadline { .. }), "{err:?}");
}
