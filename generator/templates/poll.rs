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
pub type StatusCall<'a, T, E> = Box<dyn FnMut() -> Pin<Box<dyn Future<Output = Result<T, Error<E>>> + Send + 'a>> + Send + 'a>;

/// Waits for a long-running job by calling its status operation until a final state.
///
/// Await it to run it; configure it first. The interval starts at `interval`, is multiplied
/// by `multiplier` after each poll, and never exceeds `max_interval`. Transient failures
/// (connection errors, timeouts, 429/502/503/504 after the client's own retries) do not end
/// the wait; other errors do. Dropping the future stops polling at once.
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

    /// The wait before the second poll (the first is immediate).
    pub fn interval(mut self, interval: Duration) -> Self {
        self.interval = interval;
        self.max_interval = self.max_interval.max(interval);
        self
    }

    /// The factor applied to the interval after each poll (1.0 for a fixed interval).
    pub fn multiplier(mut self, multiplier: f64) -> Self {
        self.multiplier = if multiplier.is_finite() { multiplier.max(1.0) } else { 1.0 };
        self
    }

    /// The longest wait between two polls.
    pub fn max_interval(mut self, max_interval: Duration) -> Self {
        self.max_interval = max_interval;
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
            interval = interval.mul_f64(self.multiplier).min(self.max_interval);
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
