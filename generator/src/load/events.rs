//! The YAML event stream, read with the same parser as `serde_yaml` (libyaml, as
//! `unsafe-libyaml`), so that a pre-pass over the events sees exactly the document that
//! `serde_yaml` will deserialize. `serde_yaml` 0.9 keeps its own event reader private.
//!
//! All `unsafe` of the load stage lives here, behind a safe iterator-like `Parser`.

use std::mem::MaybeUninit;

/// One parse event, with the anchor name where the node has one.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Event {
    /// A scalar of `len` bytes (after unescaping).
    Scalar {
        anchor: Option<Vec<u8>>,
        len: usize,
    },
    Start {
        anchor: Option<Vec<u8>>,
    },
    End,
    Alias {
        anchor: Vec<u8>,
    },
    DocumentStart,
    DocumentEnd,
    /// The end of the stream.
    StreamEnd,
    /// The start of the stream.
    Other,
}

/// A 1-based line and column, as `serde_yaml` reports them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Mark {
    pub line: usize,
    pub column: usize,
}

pub(crate) struct Parser<'input> {
    // Boxed because libyaml keeps its state behind this pointer across calls; the input
    // slice is borrowed for as long as the parser lives.
    parser: Box<MaybeUninit<unsafe_libyaml::yaml_parser_t>>,
    _input: std::marker::PhantomData<&'input [u8]>,
}

impl<'input> Parser<'input> {
    pub fn new(input: &'input str) -> Option<Self> {
        let mut parser = Box::new(MaybeUninit::<unsafe_libyaml::yaml_parser_t>::uninit());
        // SAFETY: `initialize` fully initialises the parser (or fails, leaving nothing to
        // free); the input outlives the parser through `'input`.
        unsafe {
            let parser = parser.as_mut_ptr();
            if unsafe_libyaml::yaml_parser_initialize(parser).fail {
                return None;
            }
            unsafe_libyaml::yaml_parser_set_encoding(parser, unsafe_libyaml::YAML_UTF8_ENCODING);
            unsafe_libyaml::yaml_parser_set_input_string(parser, input.as_ptr(), input.len() as u64);
        }
        Some(Parser { parser, _input: std::marker::PhantomData })
    }

    /// The next event and where it starts; `None` on a syntax error (which `serde_yaml`,
    /// reading the same text, reports with its own message).
    pub fn next_event(&mut self) -> Option<(Event, Mark)> {
        let mut event = MaybeUninit::<unsafe_libyaml::yaml_event_t>::uninit();
        // SAFETY: the parser was initialised in `new`; a successful `parse` initialises
        // `event`, whose union member is chosen by its type, and which is deleted once read.
        unsafe {
            let parser = self.parser.as_mut_ptr();
            if unsafe_libyaml::yaml_parser_parse(parser, event.as_mut_ptr()).fail {
                return None;
            }
            let raw = &*event.as_ptr();
            let converted = match raw.type_ {
                unsafe_libyaml::YAML_SCALAR_EVENT => {
                    Event::Scalar { anchor: anchor(raw.data.scalar.anchor), len: raw.data.scalar.length as usize }
                }
                unsafe_libyaml::YAML_SEQUENCE_START_EVENT => {
                    Event::Start { anchor: anchor(raw.data.sequence_start.anchor) }
                }
                unsafe_libyaml::YAML_MAPPING_START_EVENT => {
                    Event::Start { anchor: anchor(raw.data.mapping_start.anchor) }
                }
                unsafe_libyaml::YAML_SEQUENCE_END_EVENT | unsafe_libyaml::YAML_MAPPING_END_EVENT => Event::End,
                unsafe_libyaml::YAML_ALIAS_EVENT => {
                    Event::Alias { anchor: anchor(raw.data.alias.anchor).unwrap_or_default() }
                }
                // libyaml answers a finished stream with empty events.
                unsafe_libyaml::YAML_DOCUMENT_START_EVENT => Event::DocumentStart,
                unsafe_libyaml::YAML_DOCUMENT_END_EVENT => Event::DocumentEnd,
                unsafe_libyaml::YAML_STREAM_END_EVENT | unsafe_libyaml::YAML_NO_EVENT => Event::StreamEnd,
                _ => Event::Other,
            };
            let mark = Mark { line: raw.start_mark.line as usize + 1, column: raw.start_mark.column as usize + 1 };
            unsafe_libyaml::yaml_event_delete(event.as_mut_ptr());
            Some((converted, mark))
        }
    }
}

/// Copies a NUL-terminated anchor name (null when the node has none).
///
/// # Safety
/// `ptr` is null or points to a NUL-terminated string that lives until the event is deleted.
unsafe fn anchor(ptr: *const u8) -> Option<Vec<u8>> {
    if ptr.is_null() {
        return None;
    }
    // SAFETY: as the caller promises.
    Some(unsafe { std::ffi::CStr::from_ptr(ptr.cast()) }.to_bytes().to_vec())
}

impl Drop for Parser<'_> {
    fn drop(&mut self) {
        // SAFETY: initialised in `new` (a parser that failed to initialise is never built).
        unsafe { unsafe_libyaml::yaml_parser_delete(self.parser.as_mut_ptr()) }
    }
}
