//! Stage 4, format: token streams to source text with prettyplease, headers prepended.

use crate::emit::{Content, EmittedFile, Options};
use crate::error::{Error, Result};

/// A finished file: its path inside the crate and its exact bytes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct File {
    pub path: String,
    pub contents: String,
}

pub fn format(files: Vec<EmittedFile>, options: &Options) -> Result<Vec<File>> {
    let header = options.header();
    files
        .into_iter()
        .map(|f| {
            let contents = match f.content {
                Content::Rust(tokens) => {
                    let parsed: syn::File = syn::parse2(tokens)
                        .map_err(|e| Error::Internal { file: f.path.clone(), message: e.to_string() })?;
                    format!("// {header}\n\n{}", prettyplease::unparse(&parsed))
                }
                Content::Text(text) => {
                    let marker =
                        if f.path.ends_with(".md") { format!("<!-- {header} -->") } else { format!("# {header}") };
                    format!("{marker}\n\n{text}")
                }
            };
            Ok(File { path: f.path, contents })
        })
        .collect()
}

/// Formats a Rust source template shipped with the generator, so templates and generated
/// files share one layout.
pub fn template(path: &str, source: &str) -> Result<Content> {
    let parsed: syn::File =
        syn::parse_str(source).map_err(|e| Error::Internal { file: path.to_owned(), message: e.to_string() })?;
    Ok(Content::Rust(quote::quote!(#parsed)))
}
