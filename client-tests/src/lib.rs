//! Behaviour tests of the generated `factpulse-client` live in `tests/`; this crate exists so
//! that their dev-dependencies (wiremock, a test server) stay out of the generated crate.
