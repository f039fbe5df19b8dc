use crate::auth::{Credentials, Scheme};
use crate::error::{BuildError, Error};
use crate::params::{Style, query_pairs, simple_items, to_json};
use reqwest::header::{HeaderMap, HeaderName, HeaderValue};
use reqwest::{Method, StatusCode, Url};
use std::fmt;
use std::sync::Arc;
use std::time::Duration;

/// The client for the API: connection pool, base URL, credentials, timeouts and retry policy.
///
/// Cheap to clone (clones share one connection pool), `Send` and `Sync`. Build one with
/// [`Client::builder`] and keep it for the life of the program.
///
/// Redirects are followed only within the origin (scheme, host and port) of the request,
/// at most 10 in a row. A redirect to another origin is not followed, so that no credential
/// the client adds (from any security scheme: header, query or cookie) reaches another
/// server: the call ends with [`Error::Redirect`], which holds the target.
///
/// `Debug` shows the base URL without its password or query, and no credential.
#[derive(Clone, Debug)]
pub struct Client {
    inner: Arc<Inner>,
}

struct Inner {
    http: reqwest::Client,
    base_url: String,
    credentials: Credentials,
    timeout: Option<Duration>,
    total_timeout: Option<Duration>,
    retry: RetryPolicy,
    max_response_bytes: usize,
}

impl fmt::Debug for Inner {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("base_url", &redacted_url(&self.base_url))
            .field("credentials", &self.credentials)
            .field("timeout", &self.timeout)
            .field("total_timeout", &self.total_timeout)
            .field("retry", &self.retry)
            .field("max_response_bytes", &self.max_response_bytes)
            .finish_non_exhaustive()
    }
}

/// A URL as it may be shown: a password in it, and its query (which may hold an API key),
/// are replaced by `REDACTED`, and its fragment is left out.
pub(crate) fn redacted_url(url: &str) -> String {
    let Ok(mut parsed) = Url::parse(url) else { return "<not a URL>".to_owned() };
    if parsed.password().is_some() {
        let _ = parsed.set_password(Some("REDACTED"));
    }
    if parsed.query().is_some() {
        parsed.set_query(Some("REDACTED"));
    }
    parsed.set_fragment(None);
    parsed.to_string()
}

/// Follows a redirect only when it stays on the origin of the first request. reqwest cannot
/// remove the credentials a client added from a redirected request (it strips only
/// `Authorization` and `Cookie`, and only when the host changes), so a redirect elsewhere is
/// handed back to the caller instead.
fn redirect_policy() -> reqwest::redirect::Policy {
    reqwest::redirect::Policy::custom(|attempt| {
        let same_origin = attempt.previous().first().is_some_and(|first| first.origin() == attempt.url().origin());
        if !same_origin {
            attempt.stop()
        } else if attempt.previous().len() > MAX_REDIRECTS {
            attempt.error("too many redirects")
        } else {
            attempt.follow()
        }
    })
}

/// The longest chain of same-origin redirects followed.
const MAX_REDIRECTS: usize = 10;

impl Client {
    /// Starts configuring a client; see [`ClientBuilder`] for the defaults.
    pub fn builder() -> ClientBuilder {
        ClientBuilder::default()
    }

    /// The base URL that request paths are appended to.
    pub fn base_url(&self) -> &str {
        &self.inner.base_url
    }

    /// Sends a request (with retries) and reads the whole response; the operation then decodes
    /// it by status.
    pub(crate) async fn execute<E: fmt::Debug>(&self, request: Request) -> Result<Response, Error<E>> {
        if let Some(problem) = request.problem {
            return Err(Error::InvalidRequest(problem));
        }
        let mut outgoing = Outgoing { headers: request.headers, query: request.query };
        self.inner
            .credentials
            .authorize(request.security, &mut outgoing)
            .map_err(|problem| Error::InvalidRequest(problem.to_owned()))?;
        let Outgoing { mut headers, query } = outgoing;
        if !request.cookies.is_empty() {
            let mut cookie = HeaderValue::from_str(&request.cookies.join("; ")).map_err(|_| {
                Error::InvalidRequest("a cookie parameter holds a character not allowed in HTTP headers".into())
            })?;
            cookie.set_sensitive(true);
            headers.append(reqwest::header::COOKIE, cookie);
        }
        let mut url = Url::parse(&format!("{}{}", self.inner.base_url, request.path))
            .map_err(|e| Error::InvalidRequest(format!("cannot build the request URL: {e}")))?;
        if !query.is_empty() {
            url.query_pairs_mut().extend_pairs(query.iter().map(|(k, v)| (k.as_str(), v.as_str())));
        }
        let send = Attempts { method: request.method, url, headers, body: request.body };
        match self.inner.total_timeout {
            Some(limit) => {
                let deadline = tokio::time::Instant::now() + limit;
                tokio::time::timeout_at(deadline, self.attempts(&send, Some(deadline)))
                    .await
                    .unwrap_or(Err(Error::Deadline { limit }))
            }
            None => self.attempts(&send, None).await,
        }
    }

    /// Sends `send` until an attempt succeeds or the retry policy gives up. A retry whose
    /// wait would end after `deadline` is not made: the last outcome is returned instead.
    async fn attempts<E: fmt::Debug>(
        &self,
        send: &Attempts,
        deadline: Option<tokio::time::Instant>,
    ) -> Result<Response, Error<E>> {
        let idempotent = matches!(
            send.method,
            Method::GET | Method::HEAD | Method::PUT | Method::DELETE | Method::OPTIONS | Method::TRACE
        );
        let policy = &self.inner.retry;
        let mut attempt = 1;
        loop {
            let mut builder =
                self.inner.http.request(send.method.clone(), send.url.clone()).headers(send.headers.clone());
            if let Some(timeout) = self.inner.timeout {
                builder = builder.timeout(timeout);
            }
            match &send.body {
                Some(Body::Raw(content_type, body)) => {
                    builder = builder.header(reqwest::header::CONTENT_TYPE, *content_type).body(body.clone());
                }
                Some(Body::Multipart(form)) => builder = builder.multipart(form.build()?),
                None => {}
            }
            let outcome = match builder.send().await {
                Ok(response) => read(response, self.inner.max_response_bytes).await.and_then(cross_origin_redirect),
                Err(error) => Err(transport_error(error)),
            };
            let delay = match &outcome {
                Ok(response) if retryable_status(response.status, idempotent) => {
                    Some(policy.delay(attempt, retry_after(&response.headers)))
                }
                Err(Error::Connect(_)) => Some(policy.delay(attempt, None)),
                Err(Error::Timeout(_)) if idempotent => Some(policy.delay(attempt, None)),
                _ => None,
            };
            let in_time = |delay: Duration| deadline.is_none_or(|d| tokio::time::Instant::now() + delay < d);
            match delay {
                Some(delay) if attempt < policy.max_attempts && in_time(delay) => {
                    tokio::time::sleep(delay).await;
                    attempt += 1;
                }
                _ => return outcome,
            }
        }
    }
}

/// What every attempt of one request sends.
struct Attempts {
    method: Method,
    url: Url,
    headers: HeaderMap,
    body: Option<Body>,
}

/// A redirect that the policy did not follow (to another origin) ends the call with
/// [`Error::Redirect`], rather than as a status the operation may not document.
fn cross_origin_redirect<E: fmt::Debug>(response: Response) -> Result<Response, Error<E>> {
    let redirect = matches!(response.status.as_u16(), 301 | 302 | 303 | 307 | 308);
    match response.headers.get(reqwest::header::LOCATION).and_then(|l| l.to_str().ok()) {
        Some(location) if redirect => Err(Error::Redirect { status: response.status, location: location.to_owned() }),
        _ => Ok(response),
    }
}

/// 429 means the server did not process the request, so any method may be retried; the
/// gateway errors may come after the server acted, so only idempotent methods are.
fn retryable_status(status: StatusCode, idempotent: bool) -> bool {
    status == StatusCode::TOO_MANY_REQUESTS
        || idempotent
            && matches!(status, StatusCode::BAD_GATEWAY | StatusCode::SERVICE_UNAVAILABLE | StatusCode::GATEWAY_TIMEOUT)
}

/// `Retry-After` as seconds or as an HTTP date (unbounded: [`RetryPolicy`] caps it).
fn retry_after(headers: &HeaderMap) -> Option<Duration> {
    let value = headers.get(reqwest::header::RETRY_AFTER)?.to_str().ok()?.trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let when = httpdate::parse_http_date(value).ok()?;
    Some(when.duration_since(std::time::SystemTime::now()).unwrap_or_default())
}

/// Classifies a reqwest error. The URL's query and user information are removed first: an
/// API key or a password may be in them.
fn transport_error<E: fmt::Debug>(mut error: reqwest::Error) -> Error<E> {
    if let Some(url) = error.url_mut() {
        url.set_query(None);
        let _ = url.set_password(None);
        let _ = url.set_username("");
    }
    if error.is_timeout() {
        Error::Timeout(error)
    } else if error.is_connect() {
        Error::Connect(error)
    } else {
        Error::Transport(error)
    }
}

/// Reads the whole body, refusing to buffer more than `limit` bytes.
async fn read<E: fmt::Debug>(mut response: reqwest::Response, limit: usize) -> Result<Response, Error<E>> {
    if response.content_length().is_some_and(|len| len > limit as u64) {
        return Err(Error::ResponseTooLarge { limit });
    }
    let status = response.status();
    let headers = std::mem::take(response.headers_mut());
    let mut body = Vec::new();
    while let Some(chunk) = response.chunk().await.map_err(transport_error)? {
        if body.len() + chunk.len() > limit {
            return Err(Error::ResponseTooLarge { limit });
        }
        body.extend_from_slice(&chunk);
    }
    Ok(Response { status, headers, body })
}

/// Configures a [`Client`].
///
/// Defaults: the first server of the API description, a 30 second timeout per attempt,
/// a 10 second connect timeout, [`RetryPolicy::default`], no overall deadline, and responses
/// up to 100 MiB.
///
/// The timeout applies to each attempt on its own: with the defaults, a server that trickles
/// its body can hold a call for three attempts of 30 s plus the waits between them. Set
/// [`Self::total_timeout`] to bound the whole call.
pub struct ClientBuilder {
    base_url: Option<String>,
    pub(crate) credentials: Credentials,
    timeout: Option<Duration>,
    total_timeout: Option<Duration>,
    connect_timeout: Duration,
    user_agent: String,
    retry: RetryPolicy,
    http: Option<reqwest::Client>,
    max_response_bytes: usize,
}

impl Default for ClientBuilder {
    fn default() -> Self {
        ClientBuilder {
            base_url: None,
            credentials: Credentials::default(),
            timeout: Some(Duration::from_secs(30)),
            total_timeout: None,
            connect_timeout: Duration::from_secs(10),
            user_agent: concat!(env!("CARGO_PKG_NAME"), "/", env!("CARGO_PKG_VERSION")).to_owned(),
            retry: RetryPolicy::default(),
            http: None,
            max_response_bytes: 100 * 1024 * 1024,
        }
    }
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("base_url", &self.base_url.as_deref().map(redacted_url))
            .field("credentials", &self.credentials)
            .field("timeout", &self.timeout)
            .field("total_timeout", &self.total_timeout)
            .field("retry", &self.retry)
            .finish_non_exhaustive()
    }
}

impl ClientBuilder {
    /// The URL the API is served at, e.g. one of [`crate::servers`]. A trailing `/` is ignored.
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.base_url = Some(url.into());
        self
    }

    /// The longest one attempt of a request may take, from connecting to the end of the body.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// The longest a whole call may take, all attempts and the waits between them included;
    /// past it the call ends with [`Error::Deadline`]. A retry that could not start before the
    /// deadline is not made, and the last attempt's outcome is returned instead.
    pub fn total_timeout(mut self, limit: Duration) -> Self {
        self.total_timeout = Some(limit);
        self
    }

    /// Lets requests take as long as the server does. Only for callers with their own deadline.
    pub fn no_timeout(mut self) -> Self {
        self.timeout = None;
        self
    }

    /// The longest establishing a connection may take (ignored with [`Self::http_client`]).
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// The `User-Agent` header (ignored with [`Self::http_client`]).
    pub fn user_agent(mut self, user_agent: impl Into<String>) -> Self {
        self.user_agent = user_agent.into();
        self
    }

    /// How failed attempts are retried; [`RetryPolicy::none`] disables retries.
    pub fn retry(mut self, policy: RetryPolicy) -> Self {
        self.retry = policy;
        self
    }

    /// Uses a pre-built `reqwest::Client` (proxies, TLS roots, shared pools). Its own settings
    /// apply; the timeouts configured here are still applied to each call.
    ///
    /// Its redirect policy applies too: build it with
    /// `.redirect(reqwest::redirect::Policy::none())` (or a policy that stays on one origin),
    /// or credentials may follow a redirect to another server.
    pub fn http_client(mut self, client: reqwest::Client) -> Self {
        self.http = Some(client);
        self
    }

    /// Refuses response bodies larger than this, instead of buffering them.
    pub fn max_response_bytes(mut self, limit: usize) -> Self {
        self.max_response_bytes = limit;
        self
    }

    /// Builds the client.
    pub fn build(self) -> Result<Client, BuildError> {
        let base_url = self.base_url.unwrap_or_else(|| crate::servers::DEFAULT.to_owned());
        let base_url = base_url.trim_end_matches('/').to_owned();
        if base_url.is_empty() || base_url.starts_with('/') {
            return Err(BuildError::BaseUrl(format!(
                "`{base_url}`: the API description gives no absolute server; set one with `base_url(\"https://host{base_url}\")`"
            )));
        }
        let parsed = Url::parse(&base_url).map_err(|e| BuildError::BaseUrl(format!("`{base_url}`: {e}")))?;
        if parsed.cannot_be_a_base() || !matches!(parsed.scheme(), "http" | "https") {
            return Err(BuildError::BaseUrl(format!("`{base_url}` is not an http or https URL")));
        }
        let http = match self.http {
            Some(http) => http,
            None => reqwest::Client::builder()
                .connect_timeout(self.connect_timeout)
                .user_agent(self.user_agent)
                .redirect(redirect_policy())
                .build()
                .map_err(BuildError::Http)?,
        };
        Ok(Client {
            inner: Arc::new(Inner {
                http,
                base_url,
                credentials: self.credentials,
                timeout: self.timeout,
                total_timeout: self.total_timeout,
                retry: self.retry,
                max_response_bytes: self.max_response_bytes,
            }),
        })
    }
}

/// How a request is retried after a connection failure, a timeout (idempotent methods), a 429,
/// or a 502, 503 or 504 (idempotent methods).
///
/// The delay doubles from `initial_backoff` up to `max_backoff`; a `Retry-After` header from
/// the server is honoured up to `max_backoff` too, so `Retry-After: 999999999` waits 30 s
/// with the defaults. Every knob is clamped: at most 10 attempts, no delay over 5 minutes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RetryPolicy {
    max_attempts: u32,
    initial_backoff: Duration,
    max_backoff: Duration,
}

impl Default for RetryPolicy {
    /// Three attempts, waiting 0.5 s then 1 s, never more than 30 s.
    fn default() -> Self {
        RetryPolicy {
            max_attempts: 3,
            initial_backoff: Duration::from_millis(500),
            max_backoff: Duration::from_secs(30),
        }
    }
}

impl RetryPolicy {
    /// The most attempts a policy makes.
    pub const MAX_ATTEMPTS: u32 = 10;

    /// The longest wait between two attempts a policy allows, whatever the server asks.
    pub const MAX_BACKOFF: Duration = Duration::from_secs(300);

    /// One attempt, no retries.
    pub fn none() -> Self {
        RetryPolicy { max_attempts: 1, ..RetryPolicy::default() }
    }

    /// Total attempts, the first included (from 1 to [`Self::MAX_ATTEMPTS`]).
    pub fn max_attempts(mut self, attempts: u32) -> Self {
        self.max_attempts = attempts.clamp(1, Self::MAX_ATTEMPTS);
        self
    }

    /// The delay before the first retry (at most [`Self::MAX_BACKOFF`]).
    pub fn initial_backoff(mut self, delay: Duration) -> Self {
        self.initial_backoff = delay.min(Self::MAX_BACKOFF);
        self
    }

    /// The longest delay between two attempts, `Retry-After` included (at most
    /// [`Self::MAX_BACKOFF`]).
    pub fn max_backoff(mut self, delay: Duration) -> Self {
        self.max_backoff = delay.min(Self::MAX_BACKOFF);
        self
    }

    /// The delay after failed attempt number `attempt` (1-based): what the server asked for,
    /// or the doubling backoff, never more than `max_backoff`.
    fn delay(&self, attempt: u32, retry_after: Option<Duration>) -> Duration {
        let backoff = || self.initial_backoff.saturating_mul(2u32.saturating_pow(attempt.saturating_sub(1)));
        retry_after.unwrap_or_else(backoff).min(self.max_backoff)
    }
}

/// A request under construction. Problems found while building it (a header value with a line
/// break, a path parameter of `..`) are kept and reported when it is sent, so that operation
/// methods stay a flat chain of calls.
pub(crate) struct Request {
    method: Method,
    path: String,
    query: Vec<(String, String)>,
    headers: HeaderMap,
    cookies: Vec<String>,
    body: Option<Body>,
    security: &'static [&'static [Scheme]],
    problem: Option<String>,
}

// Which helpers an API uses depends on its spec.
#[allow(dead_code)]
impl Request {
    pub(crate) fn new(method: Method, path_template: &'static str) -> Self {
        Request {
            method,
            path: path_template.to_owned(),
            query: Vec::new(),
            headers: HeaderMap::new(),
            cookies: Vec::new(),
            body: None,
            security: &[],
            problem: None,
        }
    }

    fn fail(&mut self, problem: String) {
        self.problem.get_or_insert(problem);
    }

    /// Fills `{name}` in the path. Every character outside RFC 3986's unreserved set is
    /// percent-encoded, and `.`, `..` and the empty string are refused: they would change
    /// which resource the path names.
    pub(crate) fn path_param(mut self, name: &str, value: &(impl serde::Serialize + ?Sized)) -> Self {
        let Some(items) = self.simple(name, value) else { return self };
        let joined = items.join(",");
        if matches!(joined.as_str(), "" | "." | "..") {
            self.fail(format!("path parameter `{name}` may not be `{joined}`"));
            return self;
        }
        let encoded: Vec<String> =
            items.iter().map(|v| percent_encoding::utf8_percent_encode(v, PATH_SEGMENT).to_string()).collect();
        self.path = self.path.replace(&format!("{{{name}}}"), &encoded.join(","));
        self
    }

    /// Adds a query parameter in the default layout (`form`, exploded: a list adds one pair
    /// per item, an object one pair per member).
    pub(crate) fn query(self, name: &str, value: &(impl serde::Serialize + ?Sized)) -> Self {
        self.query_styled(name, value, Style::Form, true)
    }

    /// Adds a query parameter laid out as its `style` and `explode` say.
    pub(crate) fn query_styled(
        mut self,
        name: &str,
        value: &(impl serde::Serialize + ?Sized),
        style: Style,
        explode: bool,
    ) -> Self {
        match to_json(name, value) {
            Ok(json) => self.query.extend(query_pairs(name, &json, style, explode)),
            Err(problem) => self.fail(problem),
        }
        self
    }

    /// Adds a header; a list is sent comma-separated. Values with a line break are refused.
    /// A header whose name looks secret ([`crate::error::is_secret_header`]) is marked
    /// sensitive, so that reqwest and hyper never print it.
    pub(crate) fn header(mut self, name: &'static str, value: &(impl serde::Serialize + ?Sized)) -> Self {
        let Some(items) = self.simple(name, value) else { return self };
        match (HeaderName::from_bytes(name.as_bytes()), HeaderValue::from_str(&items.join(","))) {
            (Ok(header_name), Ok(mut header)) => {
                header.set_sensitive(crate::error::is_secret_header(name));
                self.headers.append(header_name, header);
            }
            (Err(_), _) => self.fail(format!("`{name}` is not a valid HTTP header name")),
            (_, Err(_)) => {
                let problem = "holds a character not allowed in HTTP headers (such as a line break)";
                self.fail(format!("header `{name}` {problem}"))
            }
        }
        self
    }

    /// Adds a cookie. Every byte outside RFC 6265's cookie-octets (`;`, `,`, space, quotes,
    /// backslash, controls, non-ASCII) and `%` itself is percent-encoded, so that a value
    /// cannot add cookies of its own; list items are joined with `,` as OpenAPI lays them out.
    pub(crate) fn cookie(mut self, name: &str, value: &(impl serde::Serialize + ?Sized)) -> Self {
        if let Some(items) = self.simple(name, value) {
            let encoded: Vec<String> = items.iter().map(|item| cookie_value(item)).collect();
            self.cookies.push(format!("{name}={}", encoded.join(",")));
        }
        self
    }

    /// The `simple`-style items of a parameter, or `None` (and the problem recorded).
    fn simple(&mut self, name: &str, value: &(impl serde::Serialize + ?Sized)) -> Option<Vec<String>> {
        match to_json(name, value) {
            Ok(json) => Some(simple_items(&json, false)),
            Err(problem) => {
                self.fail(problem);
                None
            }
        }
    }

    /// The `Accept` header: the media type of the responses the operation decodes.
    pub(crate) fn accept(mut self, media_type: &'static str) -> Self {
        self.headers.insert(reqwest::header::ACCEPT, HeaderValue::from_static(media_type));
        self
    }

    /// The operation's security requirements: alternatives, each a set of schemes used together.
    pub(crate) fn security(mut self, alternatives: &'static [&'static [Scheme]]) -> Self {
        self.security = alternatives;
        self
    }

    /// A JSON body, sent as `content_type`.
    pub(crate) fn json<T: serde::Serialize + ?Sized>(mut self, content_type: &'static str, body: &T) -> Self {
        match serde_json::to_vec(body) {
            Ok(bytes) => self.body = Some(Body::Raw(content_type, bytes)),
            Err(e) => self.fail(format!("cannot serialise the request body: {e}")),
        }
        self
    }

    /// A body sent as it is (text or binary), as `content_type`.
    pub(crate) fn bytes(mut self, content_type: &'static str, body: impl Into<Vec<u8>>) -> Self {
        self.body = Some(Body::Raw(content_type, body.into()));
        self
    }

    /// An `application/x-www-form-urlencoded` body: each member a pair, lists repeated.
    pub(crate) fn form<T: serde::Serialize + ?Sized>(mut self, content_type: &'static str, body: &T) -> Self {
        match to_json("body", body) {
            Ok(json) => {
                let pairs = match &json {
                    serde_json::Value::Object(map) => {
                        map.iter().flat_map(|(k, v)| query_pairs(k, v, Style::Form, true)).collect::<Vec<_>>()
                    }
                    _ => Vec::new(),
                };
                let encoded = url::form_urlencoded::Serializer::new(String::new()).extend_pairs(pairs).finish();
                self.body = Some(Body::Raw(content_type, encoded.into_bytes()));
            }
            Err(problem) => self.fail(problem),
        }
        self
    }

    /// A `multipart/form-data` body.
    pub(crate) fn multipart(mut self, form: Multipart) -> Self {
        self.body = Some(Body::Multipart(form));
        self
    }
}

/// A request body, kept so that each attempt can send it again.
// Which kinds an API sends depends on its spec.
#[allow(dead_code)]
enum Body {
    Raw(&'static str, Vec<u8>),
    Multipart(Multipart),
}

/// The parts of a `multipart/form-data` body.
// Only APIs with multipart bodies use it.
#[allow(dead_code)]
#[derive(Default)]
pub(crate) struct Multipart {
    /// Name, content, file name and media type of each part.
    parts: Vec<(String, Vec<u8>, Option<String>, Option<String>)>,
    /// The first value that could not be serialised, reported when the request is sent.
    problem: Option<String>,
}

#[allow(dead_code)]
impl Multipart {
    /// A text part per value (one per item of a list; objects as JSON); null adds nothing.
    pub(crate) fn text(mut self, name: &str, value: &(impl serde::Serialize + ?Sized)) -> Self {
        match to_json(name, value) {
            Ok(serde_json::Value::Null) => {}
            Ok(serde_json::Value::Array(items)) => {
                for item in items {
                    self = self.text(name, &item);
                }
            }
            Ok(serde_json::Value::String(text)) => self.parts.push((name.to_owned(), text.into_bytes(), None, None)),
            Ok(other @ serde_json::Value::Object(_)) => self.parts.push((
                name.to_owned(),
                other.to_string().into_bytes(),
                None,
                Some("application/json".into()),
            )),
            Ok(other) => self.parts.push((name.to_owned(), other.to_string().into_bytes(), None, None)),
            Err(problem) => self.problem = Some(problem),
        }
        self
    }

    /// A file part.
    pub(crate) fn file(mut self, name: &str, file: &crate::FilePart) -> Self {
        self.parts.push((name.to_owned(), file.bytes.clone(), file.file_name.clone(), file.content_type.clone()));
        self
    }

    fn build<E: fmt::Debug>(&self) -> Result<reqwest::multipart::Form, Error<E>> {
        if let Some(problem) = &self.problem {
            return Err(Error::InvalidRequest(problem.clone()));
        }
        let mut form = reqwest::multipart::Form::new();
        for (name, bytes, file_name, content_type) in &self.parts {
            let mut part = reqwest::multipart::Part::bytes(bytes.clone());
            if let Some(file_name) = file_name {
                part = part.file_name(file_name.clone());
            }
            if let Some(content_type) = content_type {
                part = part.mime_str(content_type).map_err(|_| {
                    Error::InvalidRequest(format!("part `{name}`: `{content_type}` is not a media type"))
                })?;
            }
            form = form.part(name.clone(), part);
        }
        Ok(form)
    }
}

/// Bytes that RFC 6265 does not allow in a cookie value (non-ASCII is always encoded), and
/// `%`, so that the encoding can be undone.
const NOT_COOKIE_OCTET: &percent_encoding::AsciiSet =
    &percent_encoding::CONTROLS.add(b' ').add(b'"').add(b',').add(b';').add(b'\\').add(b'%');

/// A cookie value with every byte outside RFC 6265's cookie-octets percent-encoded.
pub(crate) fn cookie_value(value: &str) -> String {
    percent_encoding::utf8_percent_encode(value, NOT_COOKIE_OCTET).to_string()
}

/// RFC 3986 unreserved characters stay; everything else in a path segment is encoded.
const PATH_SEGMENT: &percent_encoding::AsciiSet =
    &percent_encoding::NON_ALPHANUMERIC.remove(b'-').remove(b'.').remove(b'_').remove(b'~');

/// A complete response, body read.
pub(crate) struct Response {
    status: StatusCode,
    headers: HeaderMap,
    body: Vec<u8>,
}

// Which decoders an API uses depends on its spec.
#[allow(dead_code)]
impl Response {
    /// The status code, which operations match on to pick a decoder.
    pub(crate) fn status(&self) -> u16 {
        self.status.as_u16()
    }

    /// A JSON body of type `T`; one that does not decode is [`Error::Decode`].
    pub(crate) fn json<T: serde::de::DeserializeOwned, E: fmt::Debug>(self) -> Result<T, Error<E>> {
        serde_json::from_slice(&self.body).map_err(|source| Error::Decode {
            status: self.status,
            body: self.body,
            source,
        })
    }

    /// A text body; one that is not UTF-8 is [`Error::UnexpectedStatus`], which keeps the bytes.
    pub(crate) fn text<E: fmt::Debug>(self) -> Result<String, Error<E>> {
        String::from_utf8(self.body).map_err(|e| Error::UnexpectedStatus {
            status: self.status,
            headers: Box::new(self.headers),
            body: e.into_bytes(),
        })
    }

    /// A binary body, as received.
    pub(crate) fn bytes<E: fmt::Debug>(self) -> Result<Vec<u8>, Error<E>> {
        Ok(self.body)
    }

    /// A success status without a body (any body is ignored).
    pub(crate) fn empty<E: fmt::Debug>(self) -> Result<(), Error<E>> {
        Ok(())
    }

    /// A documented error status with a JSON body: [`Error::Api`] holding the body, decoded as
    /// `T` and wrapped by `wrap` (a variant of the operation's error enum). A body that does not
    /// decode is [`Error::Decode`].
    pub(crate) fn error<T: serde::de::DeserializeOwned, R, E: fmt::Debug>(
        self,
        wrap: impl FnOnce(Box<T>) -> E,
    ) -> Result<R, Error<E>> {
        Err(match serde_json::from_slice(&self.body) {
            Ok(body) => Error::Api { status: self.status, headers: Box::new(self.headers), body: wrap(Box::new(body)) },
            Err(source) => Error::Decode { status: self.status, body: self.body, source },
        })
    }

    /// A documented error status with a text or binary body: [`Error::Api`] holding the bytes,
    /// wrapped by `wrap`.
    pub(crate) fn error_bytes<R, E: fmt::Debug>(self, wrap: impl FnOnce(Vec<u8>) -> E) -> Result<R, Error<E>> {
        Err(Error::Api { status: self.status, headers: Box::new(self.headers), body: wrap(self.body) })
    }

    /// A documented error status without a body: [`Error::Api`] holding `error`.
    pub(crate) fn error_empty<R, E: fmt::Debug>(self, error: E) -> Result<R, Error<E>> {
        Err(Error::Api { status: self.status, headers: Box::new(self.headers), body: error })
    }

    /// A success status whose JSON body is one variant of the operation's success enum: the
    /// body, decoded as `T` and wrapped by `wrap`.
    pub(crate) fn json_into<T: serde::de::DeserializeOwned, R, E: fmt::Debug>(
        self,
        wrap: impl FnOnce(Box<T>) -> R,
    ) -> Result<R, Error<E>> {
        self.json().map(|body| wrap(Box::new(body)))
    }

    /// A status the operation does not document: [`Error::UnexpectedStatus`].
    pub(crate) fn unexpected_status<R, E: fmt::Debug>(self) -> Result<R, Error<E>> {
        Err(self.unexpected())
    }

    /// [`Error::UnexpectedStatus`] with this response's status, headers and body.
    pub(crate) fn unexpected<E: fmt::Debug>(self) -> Error<E> {
        Error::UnexpectedStatus { status: self.status, headers: Box::new(self.headers), body: self.body }
    }
}

/// The parts of a request that credentials are added to.
pub(crate) struct Outgoing {
    pub(crate) headers: HeaderMap,
    pub(crate) query: Vec<(String, String)>,
}

impl Credentials {
    /// Applies the first alternative whose credentials are all configured. When none is, the
    /// request goes without, and the server's answer (usually 401) says what it wanted.
    fn authorize(&self, alternatives: &[&[Scheme]], outgoing: &mut Outgoing) -> Result<(), &'static str> {
        let Some(chosen) = alternatives.iter().find(|all| all.iter().all(|s| self.has(*s))) else {
            return Ok(());
        };
        for scheme in chosen.iter() {
            self.apply(*scheme, outgoing)?;
        }
        Ok(())
    }
}

/// A header value holding a secret: marked sensitive so that reqwest and hyper never print it.
// Used by `auth.rs` for the schemes that send a header; an API may have none.
#[allow(dead_code)]
pub(crate) fn secret_header(value: String) -> Result<HeaderValue, &'static str> {
    let mut header =
        HeaderValue::try_from(value).map_err(|_| "a credential holds a character not allowed in HTTP headers")?;
    header.set_sensitive(true);
    Ok(header)
}
