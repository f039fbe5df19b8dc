use reqwest::StatusCode;
use reqwest::header::HeaderMap;
use std::fmt;
use std::time::Duration;

/// Why an API call failed. `E` is the operation's enum of documented error responses.
///
/// Credentials never appear in this type's `Display` or `Debug` output. `Debug` also leaves
/// out what the server sent that may be secret: raw bodies show as their length, redirect
/// targets (`Location`, `Content-Location`, `Refresh`, `Link`) without their query and user
/// information, and headers that may carry a secret as `<redacted>`: those marked sensitive,
/// those the spec's API key schemes name, and any whose name contains `auth`, `cookie`,
/// `token`, `secret`, `key`, `password`, `passwd`, `session`, `signature`, `credential`, `csrf`
/// or `xsrf`. The fields themselves hold everything.
#[derive(thiserror::Error)]
#[non_exhaustive]
pub enum Error<E: fmt::Debug> {
    /// The server answered with an error status the API documents, and its body decoded.
    #[error("the server answered {status}")]
    Api { status: StatusCode, headers: Box<HeaderMap>, body: E },
    /// The server answered with a status the API does not document for this operation.
    #[error("the server answered {status}, which this operation does not document ({} body bytes)", body.len())]
    UnexpectedStatus { status: StatusCode, headers: Box<HeaderMap>, body: Vec<u8> },
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
    /// The server redirected to another origin (scheme, host or port), and the redirect was
    /// not followed so that the client's credentials stay with the API's server. `location`
    /// is the target as sent; `Display` and `Debug` show it without its query.
    #[error(
        "the server answered {status}, a redirect to another origin ({}), which is not followed",
        redacted_location(location)
    )]
    Redirect { status: StatusCode, location: String },
    /// The whole call, retries included, took longer than
    /// [`crate::ClientBuilder::total_timeout`].
    #[error("no answer within the total timeout of {limit:?}")]
    Deadline { limit: Duration },
    /// The request could not be built from the arguments; nothing was sent.
    #[error("invalid request: {0}")]
    InvalidRequest(String),
}

impl<E: fmt::Debug> Error<E> {
    /// The HTTP status, when the server answered.
    pub fn status(&self) -> Option<StatusCode> {
        match self {
            Error::Api { status, .. } | Error::UnexpectedStatus { status, .. } | Error::Decode { status, .. } => {
                Some(*status)
            }
            _ => None,
        }
    }

    /// Whether trying again later may succeed: the connection failed or timed out, or the
    /// server said it is overloaded or unavailable (429, 502, 503, 504).
    pub fn is_transient(&self) -> bool {
        match self {
            Error::Connect(_) | Error::Timeout(_) | Error::Transport(_) | Error::Deadline { .. } => true,
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

impl<E: fmt::Debug> fmt::Debug for Error<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Api { status, headers, body } => f
                .debug_struct("Api")
                .field("status", status)
                .field("headers", &Headers(headers))
                .field("body", body)
                .finish(),
            Error::UnexpectedStatus { status, headers, body } => f
                .debug_struct("UnexpectedStatus")
                .field("status", status)
                .field("headers", &Headers(headers))
                .field("body", &Bytes(body))
                .finish(),
            Error::Decode { status, body, source } => f
                .debug_struct("Decode")
                .field("status", status)
                .field("body", &Bytes(body))
                .field("source", source)
                .finish(),
            Error::Timeout(source) => f.debug_tuple("Timeout").field(source).finish(),
            Error::Connect(source) => f.debug_tuple("Connect").field(source).finish(),
            Error::Transport(source) => f.debug_tuple("Transport").field(source).finish(),
            Error::ResponseTooLarge { limit } => f.debug_struct("ResponseTooLarge").field("limit", limit).finish(),
            Error::Redirect { status, location } => f
                .debug_struct("Redirect")
                .field("status", status)
                .field("location", &redacted_location(location))
                .finish(),
            Error::Deadline { limit } => f.debug_struct("Deadline").field("limit", limit).finish(),
            Error::InvalidRequest(message) => f.debug_tuple("InvalidRequest").field(message).finish(),
        }
    }
}

/// Response headers for `Debug`, with the ones that may carry a secret redacted.
struct Headers<'a>(&'a HeaderMap);

impl fmt::Debug for Headers<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut map = f.debug_map();
        for (name, value) in self.0 {
            let location = matches!(name.as_str(), "location" | "content-location" | "refresh" | "link");
            if value.is_sensitive() || is_secret_header(name.as_str()) {
                map.entry(name, &format_args!("<redacted>"));
            } else if location {
                map.entry(name, &redacted_location(&String::from_utf8_lossy(value.as_bytes())));
            } else {
                map.entry(name, value);
            }
        }
        map.finish()
    }
}

/// Whether a header (request or response) may carry a secret, by rule: the headers the API's
/// security schemes name, and any name containing `auth` (`Authorization`,
/// `WWW-Authenticate`...), `cookie`, `token`, `secret`, `key` (`X-API-Key`, `X-Ms-Key`),
/// `password`, `passwd`, `session`, `signature`, `credential` or `csrf`/`xsrf`.
pub(crate) fn is_secret_header(name: &str) -> bool {
    const PARTS: [&str; 12] = [
        "auth",
        "cookie",
        "token",
        "secret",
        "key",
        "password",
        "passwd",
        "session",
        "signature",
        "credential",
        "csrf",
        "xsrf",
    ];
    let name = name.to_ascii_lowercase();
    crate::auth::SECRET_HEADERS.contains(&name.as_str()) || PARTS.iter().any(|part| name.contains(part))
}

/// A URL that the server sent (a redirect target), as it may be shown: without its query and
/// fragment, which may hold a signature or token, and without user information.
fn redacted_location(location: &str) -> String {
    let end = location.find(['?', '#']).unwrap_or(location.len());
    let (mut kept, rest) = location.split_at(end);
    let mut scheme = "";
    if let Some(start) = kept.find("://").map(|i| i + 3) {
        let authority_end = kept[start..].find('/').map_or(kept.len(), |i| start + i);
        if let Some(at) = kept[start..authority_end].rfind('@') {
            scheme = &kept[..start];
            kept = &kept[start + at + 1..];
        }
    }
    let hidden = if rest.is_empty() { "" } else { "?<redacted>" };
    format!("{scheme}{kept}{hidden}")
}

/// A raw body for `Debug`: its length only.
struct Bytes<'a>(&'a [u8]);

impl fmt::Debug for Bytes<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "<{} bytes>", self.0.len())
    }
}

/// Why [`crate::ClientBuilder::build`] failed.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum BuildError {
    /// No base URL was set and the API description gives no absolute server, or the URL does
    /// not parse or is not `http` or `https`.
    #[error("invalid base URL {0}")]
    BaseUrl(String),
    /// reqwest could not build its client (for example, its TLS backend failed to start).
    #[error("cannot create the HTTP client")]
    Http(#[source] reqwest::Error),
}
