use reqwest::StatusCode;
use reqwest::header::HeaderMap;
use std::fmt;

/// Why an API call failed. `E` is the operation's enum of documented error responses.
///
/// Credentials never appear in this type's `Display` or `Debug` output.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error<E: fmt::Debug> {
    /// The server answered with an error status the API documents, and its body decoded.
    #[error("the server answered {status}")]
    Api {
        status: StatusCode,
        headers: Box<HeaderMap>,
        body: E,
    },
    /// The server answered with a status the API does not document for this operation.
    #[error("the server answered {status}, which this operation does not document ({} body bytes)", body.len())]
    UnexpectedStatus {
        status: StatusCode,
        headers: Box<HeaderMap>,
        body: Vec<u8>,
    },
    /// The body did not match the schema of its status.
    #[error("the {status} response body does not match its schema: {source}")]
    Decode {
        status: StatusCode,
        body: Vec<u8>,
        #[source]
        source: serde_json::Error,
    },
    /// No complete answer within the configured timeout.
    #[error("the request timed out")]
    Timeout(#[source] reqwest::Error),
    /// The connection could not be established (refused, unreachable, DNS, TLS).
    #[error("could not connect to the server")]
    Connect(#[source] reqwest::Error),
    /// The connection failed after it was established.
    #[error("the HTTP exchange failed")]
    Transport(#[source] reqwest::Error),
    /// The response body was larger than the client's limit.
    #[error("the response body is larger than the limit of {limit} bytes")]
    ResponseTooLarge { limit: usize },
    /// The request could not be built from the arguments; nothing was sent.
    #[error("invalid request: {0}")]
    InvalidRequest(String),
}

impl<E: fmt::Debug> Error<E> {
    /// The HTTP status, when the server answered.
    pub fn status(&self) -> Option<StatusCode> {
        match self {
            Error::Api { status, .. } | Error::UnexpectedStatus { status, .. } | Error::Decode { status, .. } => Some(*status),
            _ => None,
        }
    }

    /// Whether trying again later may succeed: the connection failed or timed out, or the
    /// server said it is overloaded or unavailable (429, 502, 503, 504).
    pub fn is_transient(&self) -> bool {
        match self {
            Error::Connect(_) | Error::Timeout(_) | Error::Transport(_) => true,
            Error::UnexpectedStatus { status, .. } => matches!(status.as_u16(), 429 | 502 | 503 | 504),
            _ => false,
        }
    }

    /// The documented error body, when that is what the server sent.
    pub fn api_body(&self) -> Option<&E> {
        match self {
            Error::Api { body, .. } => Some(body),
            _ => None,
        }
    }
}

/// Why [`crate::ClientBuilder::build`] failed.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum BuildError {
    #[error("invalid base URL {0}")]
    BaseUrl(String),
    #[error("cannot create the HTTP client")]
    Http(#[source] reqwest::Error),
}
