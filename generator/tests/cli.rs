//! The `openapi-rust-gen` binary.
