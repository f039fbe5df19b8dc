/// A file for a `multipart/form-data` body (`format: binary`): its bytes, and optionally a
/// file name and a media type, which servers often need (`invoice.pdf`, `application/pdf`).
#[derive(Clone, Default, PartialEq, Eq)]
pub struct FilePart {
    pub bytes: Vec<u8>,
    pub file_name: Option<String>,
    pub content_type: Option<String>,
}

impl FilePart {
    /// A part holding `bytes`, without a file name or media type.
    pub fn new(bytes: impl Into<Vec<u8>>) -> Self {
        FilePart { bytes: bytes.into(), file_name: None, content_type: None }
    }

    /// The file name sent with the part.
    pub fn file_name(mut self, name: impl Into<String>) -> Self {
        self.file_name = Some(name.into());
        self
    }

    /// The media type sent with the part, e.g. `application/pdf`.
    pub fn content_type(mut self, media_type: impl Into<String>) -> Self {
        self.content_type = Some(media_type.into());
        self
    }
}

impl std::fmt::Debug for FilePart {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FilePart")
            .field("bytes", &format_args!("{} bytes", self.bytes.len()))
            .field("file_name", &self.file_name)
            .field("content_type", &self.content_type)
            .finish()
    }
}

/// JSON has no bytes: inside a JSON document a binary string is its text (invalid UTF-8 is
/// replaced by `U+FFFD` when written).
impl serde::Serialize for FilePart {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&String::from_utf8_lossy(&self.bytes))
    }
}

impl<'de> serde::Deserialize<'de> for FilePart {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        String::deserialize(deserializer).map(|text| FilePart::new(text.into_bytes()))
    }
}
