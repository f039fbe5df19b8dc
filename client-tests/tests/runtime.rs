//! The unit tests of the runtime templates (`generator/templates/`): the request builder's
//! checks, the retry policy's clamps and the redaction rules. Generated crates ship the
//! templates without tests, so they run here instead, against the templates as the generator
//! copies them into a crate: each is a module of this test crate named as in a generated
//! `src/` (`crate::client`, `crate::error`...), so that tests written inside a module reach its
//! private items, around the `auth.rs` and `servers.rs` generated for the FactPulse API.

// The tests use a few of the runtime's items; a generated crate uses the rest. Its `lib.rs`
// allows complex types too.
#![allow(dead_code, clippy::type_complexity)]

#[rustfmt::skip]
#[path = "../../generated-client/src/auth.rs"]
mod auth;
#[rustfmt::skip]
#[path = "../../generated-client/src/servers.rs"]
mod servers;

mod file_part {
    include!("../../generator/templates/file_part.rs");
}

mod params {
    include!("../../generator/templates/params.rs");
}

pub use client::{Client, ClientBuilder, RetryPolicy};
pub use file_part::FilePart;

mod client {
    include!("../../generator/templates/client.rs");

    mod tests {
        use super::*;

        #[test]
        fn header_values_with_line_breaks_are_refused() {
            let request = Request::new(Method::GET, "/x").header("x-trace", "a\r\nInjected: yes");
            assert!(request.problem.is_some_and(|p| p.contains("x-trace")));
            let request = Request::new(Method::GET, "/x").header("bad name", "v");
            assert!(request.problem.is_some());
        }

        #[test]
        fn cookie_values_cannot_add_cookies() {
            let request =
                Request::new(Method::GET, "/x").cookie("sid", "abc; admin=true").cookie("l", &["a b", "100%"]);
            assert_eq!(request.cookies, ["sid=abc%3B%20admin=true", "l=a%20b,100%25"]);
        }

        #[test]
        fn secret_looking_headers_are_sensitive() {
            let request = Request::new(Method::GET, "/x").header("x-session-token", "t").header("x-trace", "t");
            assert!(request.headers["x-session-token"].is_sensitive());
            assert!(!request.headers["x-trace"].is_sensitive());
        }

        #[test]
        fn every_retry_knob_is_clamped() {
            let policy =
                RetryPolicy::default().max_attempts(u32::MAX).initial_backoff(Duration::MAX).max_backoff(Duration::MAX);
            assert_eq!(policy.max_attempts, RetryPolicy::MAX_ATTEMPTS);
            for attempt in [1, 2, 31, 32, 33, u32::MAX] {
                assert_eq!(policy.delay(attempt, None), RetryPolicy::MAX_BACKOFF);
                assert_eq!(policy.delay(attempt, Some(Duration::MAX)), RetryPolicy::MAX_BACKOFF);
            }
            assert_eq!(RetryPolicy::default().max_attempts(0).max_attempts, 1);
            let zero = RetryPolicy::default().initial_backoff(Duration::ZERO).max_backoff(Duration::ZERO);
            assert_eq!(zero.delay(u32::MAX, Some(Duration::from_secs(5))), Duration::ZERO);
        }

        #[test]
        fn retry_after_is_capped_by_max_backoff() {
            let mut headers = HeaderMap::new();
            headers.insert(reqwest::header::RETRY_AFTER, HeaderValue::from_static("999999999"));
            assert_eq!(RetryPolicy::default().delay(1, retry_after(&headers)), Duration::from_secs(30));
            headers.insert(reqwest::header::RETRY_AFTER, HeaderValue::from_static("2"));
            assert_eq!(RetryPolicy::default().delay(1, retry_after(&headers)), Duration::from_secs(2));
        }

        #[test]
        fn shown_urls_hold_no_password_or_query() {
            let shown = redacted_url("https://user:hunter2@api.example.com/v1?api_key=k3y#x");
            assert_eq!(shown, "https://user:REDACTED@api.example.com/v1?REDACTED");
        }

        #[test]
        fn path_parameters_cannot_change_the_path() {
            let request = Request::new(Method::GET, "/a/{id}/b").path_param("id", "../x?y#z");
            assert_eq!(request.path, "/a/..%2Fx%3Fy%23z/b");
            for dots in ["..", ".", ""] {
                assert!(Request::new(Method::GET, "/a/{id}").path_param("id", dots).problem.is_some());
            }
        }

        #[test]
        fn query_values_are_kept_whole_until_encoded() {
            let request = Request::new(Method::GET, "/x").query("q", "a&b=c d").query("list", &["1", "2"]);
            assert_eq!(
                request.query,
                [("q".to_owned(), "a&b=c d".to_owned()), ("list".into(), "1".into()), ("list".into(), "2".into())]
            );
            let mut url = Url::parse("http://h/x").unwrap();
            url.query_pairs_mut().extend_pairs(request.query.iter().map(|(k, v)| (k.as_str(), v.as_str())));
            assert_eq!(url.query(), Some("q=a%26b%3Dc+d&list=1&list=2"));
        }
    }
}

mod error {
    include!("../../generator/templates/error.rs");

    mod tests {
        use super::*;

        #[test]
        fn locations_lose_user_information_query_and_fragment() {
            assert_eq!(redacted_location("https://u:p@h.example:8/a/b?sig=s#f"), "https://h.example:8/a/b?<redacted>");
            assert_eq!(redacted_location("https://h.example/a@b"), "https://h.example/a@b");
            assert_eq!(redacted_location("/relative#frag"), "/relative?<redacted>");
        }

        #[test]
        fn secret_headers_are_found_by_rule() {
            for name in
                ["Authorization", "www-authenticate", "x-amz-security-token", "X-Api-Key", "apikey", "set-cookie"]
            {
                assert!(is_secret_header(name), "{name}");
            }
            for name in ["x-request-id", "content-type", "retry-after", "location"] {
                assert!(!is_secret_header(name), "{name}");
            }
        }
    }
}
