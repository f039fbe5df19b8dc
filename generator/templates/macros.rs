//! The serde implementations of the models in `models.rs` (and the `Debug` of models with
//! secret members), written by the macros below instead of serde's derive. Each model is
//! followed by a call that lists its members, such as
//! `crate::macros::object!(Pet { "petName" => pet_name required, ... } rest additional_properties);`,
//! and each macro's documentation says what it expands to.
//!
//! serde's derive would write the same impls, but its expansion is several times larger (a
//! field enum with its own visitor, sequence decoding, duplicate checks, buffering for untagged
//! enums): with hundreds of models it made most of the crate's compile time.
