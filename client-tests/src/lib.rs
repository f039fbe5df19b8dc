//! Behaviour tests of the generated `factpulse-client` live in `tests/`; this crate exists so
//! that their dev-dependencies (wiremock, a test server) stay out of the generated crate.
//!
//! The project README is included below so that its Rust example is compiled as a doc test.
#![doc = include_str!("../../README.md")]
