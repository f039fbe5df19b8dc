use crate::error::Error;
use std::fmt;
use std::future::{Future, IntoFuture};
use std::pin::Pin;
use std::time::Duration;

/// Where a long-running job stands, as judged from one status response.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PollState {
    /// Not finished: poll again. States the API does not list also count as pending.
    Pending,
    /// Finished successfully: the body is the result.
    Succeeded,
    /// Finished with a failure: the body says why.
    Failed,
}

impl PollState {
    /// Classifies a state value against the success and failure lists of `x-poll`.
    pub fn classify(value: &str, success: &[&str], failure: &[&str]) -> PollState {
        if success.contains(&value) {
            PollState::Succeeded
        } else if failure.contains(&value) {
            PollState::Failed
        } else {
            PollState::Pending
        }
    }
}

/// One status request, boxed so that a poller can call it again and again.
pub type StatusCall<'a, T, E> =
    Box<dyn FnMut() -> Pin<Box<dyn Future<Output = Result<T, Error<E>>> + Send + 'a>> + Send + 'a>;

/// Waits for a long-running job by calling its status operation until a final state.
///
/// Await it to run it; configure it first. The interval starts at `interval`, is multiplied
/// by `multiplier` after each poll, and never exceeds `max_interval`. Transient failures
/// (connection errors, timeouts, 429/502/503/504 after the client's own retries) do not end
/// the wait; other errors do. Dropping the future stops polling at once.
///
/// Every knob is clamped, so no value panics or busy-loops: intervals lie between
/// [`Poller::MIN_INTERVAL`] and [`Poller::MAX_INTERVAL`], the multiplier between 1 and 10
/// (NaN counts as 1), and a deadline too far to represent means no deadline.
#[must_use = "a poller does nothing until it is awaited"]
pub struct Poller<'a, T: fmt::Debug, E: fmt::Debug> {
    call: StatusCall<'a, T, E>,
    classify: fn(&T) -> PollState,
    interval: Duration,
    multiplier: f64,
    max_interval: Duration,
    deadline: Option<Duration>,
    progress: Option<Progress<'a, T>>,
}

/// A callback shown each status body.
type Progress<'a, T> = Box<dyn FnMut(&T) + Send + 'a>;

impl<'a, T: fmt::Debug, E: fmt::Debug> Poller<'a, T, E> {
    /// A poller over any status call: every 2 s, no deadline. Generated `wait_for_...`
    /// methods start from the values of the operation's `x-poll` extension instead.
    pub fn new(call: StatusCall<'a, T, E>, classify: fn(&T) -> PollState) -> Self {
        Poller {
            call,
            classify,
            interval: Duration::from_secs(2),
            multiplier: 1.0,
            max_interval: Duration::from_secs(2),
            deadline: None,
            progress: None,
        }
    }

    /// The shortest wait between two polls: a zero interval would flood the server.
    pub const MIN_INTERVAL: Duration = Duration::from_millis(10);

    /// The longest wait between two polls.
    pub const MAX_INTERVAL: Duration = Duration::from_secs(24 * 60 * 60);

    /// The largest multiplier.
    pub const MAX_MULTIPLIER: f64 = 10.0;

    /// The wait before the second poll (the first is immediate).
    pub fn interval(mut self, interval: Duration) -> Self {
        self.interval = interval.clamp(Self::MIN_INTERVAL, Self::MAX_INTERVAL);
        self.max_interval = self.max_interval.max(self.interval);
        self
    }

    /// The factor applied to the interval after each poll (1.0 for a fixed interval; from 1
    /// to [`Self::MAX_MULTIPLIER`], NaN counts as 1).
    pub fn multiplier(mut self, multiplier: f64) -> Self {
        self.multiplier = if multiplier.is_nan() { 1.0 } else { multiplier.clamp(1.0, Self::MAX_MULTIPLIER) };
        self
    }

    /// The longest wait between two polls (not less than the interval).
    pub fn max_interval(mut self, max_interval: Duration) -> Self {
        self.max_interval = max_interval.clamp(self.interval, Self::MAX_INTERVAL);
        self
    }

    /// Gives up after this long, with [`PollError::Deadline`].
    pub fn deadline(mut self, deadline: Duration) -> Self {
        self.deadline = Some(deadline);
        self
    }

    /// Waits as long as it takes.
    pub fn no_deadline(mut self) -> Self {
        self.deadline = None;
        self
    }

    /// Called with every status body received, final ones included (to show progress).
    pub fn on_progress(mut self, progress: impl FnMut(&T) + Send + 'a) -> Self {
        self.progress = Some(Box::new(progress));
        self
    }

    async fn run(mut self) -> Result<T, PollError<T, E>> {
        let started = tokio::time::Instant::now();
        let mut last = None;
        let outcome = match self.deadline {
            Some(deadline) => tokio::time::timeout(deadline, self.poll(&mut last)).await.ok(),
            None => Some(self.poll(&mut last).await),
        };
        outcome.unwrap_or_else(|| Err(PollError::Deadline { elapsed: started.elapsed(), last: last.map(Box::new) }))
    }

    async fn poll(&mut self, last: &mut Option<T>) -> Result<T, PollError<T, E>> {
        let mut interval = self.interval;
        loop {
            match (self.call)().await {
                Ok(body) => {
                    if let Some(progress) = &mut self.progress {
                        progress(&body);
                    }
                    match (self.classify)(&body) {
                        PollState::Succeeded => return Ok(body),
                        PollState::Failed => return Err(PollError::Failed(Box::new(body))),
                        PollState::Pending => *last = Some(body),
                    }
                }
                Err(error) if error.is_transient() => {}
                Err(error) => return Err(PollError::Request(error)),
            }
            tokio::time::sleep(interval).await;
            let next = Duration::try_from_secs_f64(interval.as_secs_f64() * self.multiplier);
            interval = next.unwrap_or(self.max_interval).min(self.max_interval);
        }
    }
}

impl<'a, T: fmt::Debug + Send + 'a, E: fmt::Debug + Send + 'a> IntoFuture for Poller<'a, T, E> {
    type Output = Result<T, PollError<T, E>>;
    type IntoFuture = Pin<Box<dyn Future<Output = Self::Output> + Send + 'a>>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(self.run())
    }
}

/// Why waiting for a job ended without its result.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum PollError<T: fmt::Debug, E: fmt::Debug> {
    /// The job reached a failure state; the final status body says why.
    #[error("the job ended in a failure state")]
    Failed(Box<T>),
    /// No final state before the deadline; `last` is the last status seen, if any.
    #[error("no final state after {elapsed:?}")]
    Deadline { elapsed: Duration, last: Option<Box<T>> },
    /// A status request failed in a way that polling again would not fix.
    #[error("a status request failed")]
    Request(#[source] Error<E>),
}
