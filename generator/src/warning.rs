//! Warnings: places of the document that were generated although something there is suspect.
//!
//! A warning is a value, not a line of text, so that a caller can count, filter or summarise
//! them by kind (the CLI prints one line per kind unless asked for every place).

use std::fmt;

/// Something generated anyway, with the place in the document that caused it.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Warning {
    /// A JSON pointer (URI-fragment form) into the document as the user wrote it.
    pub pointer: String,
    pub kind: WarningKind,
    /// One line, without the pointer.
    pub message: String,
}

/// What a warning says about the generated client.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum WarningKind {
    /// A part of the document (an operation, a parameter, a security scheme) that the client
    /// does not have.
    LeftOut,
    /// A schema with a type that became `serde_json::Value`.
    Untyped,
    /// Typed, but more loosely than the document says (a default dropped, an integer enum
    /// without constants, a union tried in order).
    Loosened,
    /// A JSON Schema keyword the generated code does not check.
    UnsupportedKeyword,
    /// A component schema that no operation uses; it is generated all the same.
    UnusedSchema,
    /// Something the specification itself says to ignore (an `Accept`, `Content-Type` or
    /// `Authorization` header parameter): the client follows the document there.
    Ignored,
}

impl WarningKind {
    pub const ALL: [WarningKind; 6] = [
        WarningKind::LeftOut,
        WarningKind::Untyped,
        WarningKind::Loosened,
        WarningKind::UnsupportedKeyword,
        WarningKind::UnusedSchema,
        WarningKind::Ignored,
    ];

    /// How a summary line names warnings of this kind: "3 schemas not used by any operation".
    pub fn describe(self) -> &'static str {
        match self {
            WarningKind::LeftOut => "places left out of the client",
            WarningKind::Untyped => "schemas generated as serde_json::Value",
            WarningKind::Loosened => "places typed more loosely than the document says",
            WarningKind::UnsupportedKeyword => "unsupported keywords ignored",
            WarningKind::UnusedSchema => "schemas not used by any operation",
            WarningKind::Ignored => "header parameters ignored, as OpenAPI requires",
        }
    }
}

impl Warning {
    pub fn new(pointer: impl Into<String>, kind: WarningKind, message: impl Into<String>) -> Self {
        Warning { pointer: pointer.into(), kind, message: message.into() }
    }
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.pointer, self.message)
    }
}
