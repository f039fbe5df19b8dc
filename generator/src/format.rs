//! Stage 4, format: emitted files to their final text. Rust token streams are cleaned of
//! whatever spec text a doc comment cannot hold, parsed with `syn` and printed with
//! prettyplease; every file gets the `@generated` header. Which thread formats what is the
//! pipeline's business ([`crate::pipeline`]): this stage formats one file at a time.

use crate::error::{Error, Result};
use crate::output::{Content, EmittedFile, File};
use crate::text::doc_text;
use proc_macro2::TokenStream;

/// A formatted file, or a part to append to the file before it ([`merge`]).
pub struct Formatted {
    file: File,
    part: bool,
}

/// Formats one emitted file; `header` is the first line's text
/// ([`Options::header`](crate::Options::header)). A token stream that does not parse is a
/// generator bug, reported as [`Error::InvalidRust`] and never written.
pub fn format_file(f: EmittedFile, header: &str) -> Result<Formatted> {
    let rust = |tokens| -> Result<String> {
        let parsed: syn::File = syn::parse2(clean_doc_attributes(tokens))
            .map_err(|e| Error::InvalidRust { file: f.path.clone(), message: e.to_string() })?;
        Ok(prettyplease::unparse(&parsed))
    };
    let (contents, part) = match f.content {
        Content::Rust(tokens) => (format!("// {header}\n\n{}", rust(tokens)?), false),
        Content::RustPart(tokens) => (rust(tokens)?, true),
        Content::Text(text) => {
            let marker = if f.path.ends_with(".md") { format!("<!-- {header} -->") } else { format!("# {header}") };
            (format!("{marker}\n\n{text}"), false)
        }
    };
    Ok(Formatted { file: File { path: f.path, contents }, part })
}

/// Appends each part to the file it continues, keeping the order given. Items formatted apart
/// and joined read as if formatted together: prettyplease lays out each item on its own.
pub fn merge(formatted: Vec<Formatted>) -> Result<Vec<File>> {
    let mut files: Vec<File> = Vec::with_capacity(formatted.len());
    for Formatted { file, part } in formatted {
        match files.last_mut() {
            Some(last) if part && last.path == file.path => last.contents.push_str(&file.contents),
            _ if part => return Err(Error::OrphanPart { file: file.path }),
            _ => files.push(file),
        }
    }
    Ok(files)
}

/// Every `#[doc = "..."]` in `tokens`, however it was built, cleaned by [`doc_text`]: each
/// emitted file passes through here, so no emitter can let spec text that breaks the build
/// into a doc comment.
pub fn clean_doc_attributes(tokens: TokenStream) -> TokenStream {
    use proc_macro2::{Delimiter, Group, Literal, TokenTree};
    fn clean_doc_attribute(stream: TokenStream) -> Option<TokenStream> {
        let trees: Vec<TokenTree> = stream.into_iter().collect();
        let [TokenTree::Ident(doc), TokenTree::Punct(eq), TokenTree::Literal(lit)] = trees.as_slice() else {
            return None;
        };
        if doc != "doc" || eq.as_char() != '=' {
            return None;
        }
        let value = syn::parse2::<syn::LitStr>(TokenTree::Literal(lit.clone()).into()).ok()?.value();
        let cleaned = Literal::string(&doc_text(&value));
        Some(
            [TokenTree::Ident(doc.clone()), TokenTree::Punct(eq.clone()), TokenTree::Literal(cleaned)]
                .into_iter()
                .collect(),
        )
    }
    tokens
        .into_iter()
        .map(|tree| match tree {
            TokenTree::Group(group) => {
                let stream = match group.delimiter() {
                    Delimiter::Bracket => clean_doc_attribute(group.stream()),
                    _ => None,
                }
                .unwrap_or_else(|| clean_doc_attributes(group.stream()));
                let mut cleaned = Group::new(group.delimiter(), stream);
                cleaned.set_span(group.span());
                TokenTree::Group(cleaned)
            }
            other => other,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use quote::quote;

    fn rust(path: &str, tokens: TokenStream, part: bool) -> EmittedFile {
        let content = if part { Content::RustPart(tokens) } else { Content::Rust(tokens) };
        EmittedFile { path: path.into(), content }
    }

    #[test]
    fn doc_attributes_are_cleaned_at_any_depth() {
        let doc = "a\rb\u{202E}";
        let file = format_file(rust("src/a.rs", quote!(mod m { #[doc = #doc] pub struct S; }), false), "h").unwrap();
        assert_eq!(file.file.contents, "// h\n\nmod m {\n    ///ab\\u{202E}\n    pub struct S;\n}\n");
    }

    #[test]
    fn tokens_that_are_not_rust_name_their_file() {
        let Err(e) = format_file(rust("src/a.rs", quote!(fn), false), "h") else { panic!("`fn` alone parsed") };
        assert!(matches!(&e, Error::InvalidRust { file, .. } if file == "src/a.rs"), "{e}");
        assert!(e.is_internal());
    }

    #[test]
    fn parts_join_the_file_before_them_and_never_stand_alone() {
        let (a, b) = (quote! { struct A; }, quote! { struct B; });
        let formatted = vec![
            format_file(rust("src/m.rs", a, false), "h").unwrap(),
            format_file(rust("src/m.rs", b.clone(), true), "h").unwrap(),
        ];
        let files = merge(formatted).unwrap();
        assert_eq!(files, [File { path: "src/m.rs".into(), contents: "// h\n\nstruct A;\nstruct B;\n".into() }]);
        let orphan = vec![format_file(rust("src/m.rs", b, true), "h").unwrap()];
        assert!(matches!(merge(orphan), Err(Error::OrphanPart { file }) if file == "src/m.rs"));
    }
}
