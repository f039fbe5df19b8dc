//! Stage 4, format: emitted files to their final text. Rust token streams are cleaned of
//! whatever spec text a doc comment cannot hold, parsed with `syn` and printed with
//! prettyplease, items set apart by blank lines; every file gets the `@generated` header.
//! Which thread formats what is the pipeline's business ([`crate::pipeline`]): this stage
//! formats one file at a time.

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
        Ok(print_file(parsed))
    };
    let (contents, part) = match f.content {
        Content::Rust(tokens) => (format!("// {header}\n\n{}", rust(tokens)?), false),
        // Set off by a blank line from the items before it, as all items are.
        Content::RustPart(tokens) => match rust(tokens)? {
            items if items.is_empty() => (items, true),
            items => (format!("\n{items}"), true),
        },
        Content::Text(text) => {
            let marker = if f.path.ends_with(".md") {
                format!("<!-- {header} -->")
            } else if f.path.ends_with(".rs") {
                format!("// {header}")
            } else {
                format!("# {header}")
            };
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

/// Prints a file as prettyplease does, with a blank line between items as in hand-written
/// Rust (prettyplease puts none): between the file's items and between the members of an
/// `impl` or `trait`. Runs of `use` declarations, of `mod` declarations, and of associated
/// constants or types stay together. Items are printed one at a time and joined: prettyplease
/// lays out each item on its own, so each keeps the layout it has in the whole file.
fn print_file(file: syn::File) -> String {
    let syn::File { shebang, attrs, items } = file;
    let mut out = prettyplease::unparse(&syn::File { shebang, attrs, items: Vec::new() });
    let mut previous = None;
    for item in items {
        let run = Run::of_item(&item);
        if !out.is_empty() && (run.is_none() || run != previous) {
            out.push('\n');
        }
        previous = run;
        out.push_str(&print_item(item));
    }
    out
}

/// Items that hand-written Rust keeps on consecutive lines when they follow each other.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Run {
    Use,
    Mod,
    Const,
    Type,
}

impl Run {
    fn of_item(item: &syn::Item) -> Option<Run> {
        match item {
            syn::Item::Use(_) | syn::Item::ExternCrate(_) => Some(Run::Use),
            syn::Item::Mod(module) if module.content.is_none() => Some(Run::Mod),
            _ => None,
        }
    }

    fn of_impl_item(item: &syn::ImplItem) -> Option<Run> {
        match item {
            syn::ImplItem::Const(_) => Some(Run::Const),
            syn::ImplItem::Type(_) => Some(Run::Type),
            _ => None,
        }
    }

    fn of_trait_item(item: &syn::TraitItem) -> Option<Run> {
        match item {
            syn::TraitItem::Const(_) => Some(Run::Const),
            syn::TraitItem::Type(_) => Some(Run::Type),
            _ => None,
        }
    }
}

fn print_item(item: syn::Item) -> String {
    match item {
        syn::Item::Impl(mut block) if block.items.len() > 1 => {
            let members = std::mem::take(&mut block.items);
            let shell = &block;
            let print = |members: Vec<syn::ImplItem>| {
                unparse_item(syn::Item::Impl(syn::ItemImpl { items: members, ..shell.clone() }))
            };
            let probe: syn::ImplItem = syn::parse_quote!(
                const A: () = ();
            );
            match print_members(&members, probe, Run::of_impl_item, print) {
                Some(text) => text,
                None => unparse_item(syn::Item::Impl(syn::ItemImpl { items: members, ..block })),
            }
        }
        syn::Item::Trait(mut block) if block.items.len() > 1 => {
            let members = std::mem::take(&mut block.items);
            let shell = &block;
            let print = |members: Vec<syn::TraitItem>| {
                unparse_item(syn::Item::Trait(syn::ItemTrait { items: members, ..shell.clone() }))
            };
            let probe: syn::TraitItem = syn::parse_quote!(
                const A: ();
            );
            match print_members(&members, probe, Run::of_trait_item, print) {
                Some(text) => text,
                None => unparse_item(syn::Item::Trait(syn::ItemTrait { items: members, ..block })),
            }
        }
        syn::Item::Macro(call) => macro_members(&call).unwrap_or_else(|| unparse_item(syn::Item::Macro(call))),
        other => unparse_item(other),
    }
}

fn unparse_item(item: syn::Item) -> String {
    prettyplease::unparse(&syn::File { shebang: None, attrs: Vec::new(), items: vec![item] })
}

/// A block (`impl` or `trait`) with a blank line between its members, from `print`, which
/// prints the block holding the members it is given. Each member is printed in the block on
/// its own, which gives it the indentation and line width it has among the others; the lines
/// before it are the block's head (attributes, generics, where clause, `{`), the same for
/// every member, and the last line is the closing brace. The head is measured with `probe`,
/// a member that prints on one line. `None` if a printout does not have that shape.
fn print_members<M: Clone>(
    members: &[M],
    probe: M,
    run: fn(&M) -> Option<Run>,
    print: impl Fn(Vec<M>) -> String,
) -> Option<String> {
    let probed = print(vec![probe]);
    let before_close = probed.strip_suffix("}\n")?;
    let probe_line = before_close.strip_suffix('\n')?.rfind('\n').map_or(0, |i| i + 1);
    let head = &before_close[..probe_line];
    let mut out = head.to_owned();
    let mut previous = None;
    for (i, member) in members.iter().enumerate() {
        let this = run(member);
        if i > 0 && (this.is_none() || this != previous) {
            out.push('\n');
        }
        previous = this;
        out.push_str(print(vec![member.clone()]).strip_prefix(head)?.strip_suffix("}\n")?);
    }
    out.push_str("}\n");
    Some(out)
}

/// A call of one of the models' macros (`crate::macros::object!(Name { member, ... } rest
/// field);`) with one member per line: prettyplease fills macro arguments like a paragraph,
/// which splits a member (a wire name and its field) across lines. The attributes above the
/// call (its feature gate) are prettyplease's. `None` for any other macro call, or if the
/// text would not read back as the same tokens.
fn macro_members(call: &syn::ItemMacro) -> Option<String> {
    use proc_macro2::{Delimiter, TokenStream, TokenTree};
    let path = &call.mac.path;
    let segments: Vec<String> = path.segments.iter().map(|s| s.ident.to_string()).collect();
    let ours = path.leading_colon.is_none()
        && segments.len() == 3
        && segments[..2] == ["crate", "macros"]
        && path.segments.iter().all(|s| s.arguments.is_none());
    if !ours || call.ident.is_some() || !matches!(call.mac.delimiter, syn::MacroDelimiter::Paren(_)) {
        return None;
    }
    let trees: Vec<TokenTree> = call.mac.tokens.clone().into_iter().collect();
    let is_brace = |tree: &TokenTree| matches!(tree, TokenTree::Group(g) if g.delimiter() == Delimiter::Brace);
    let brace = trees.iter().position(is_brace)?;
    let (before, rest) = trees.split_at(brace);
    let (TokenTree::Group(list), after) = rest.split_first()? else { return None };
    if before.is_empty() || after.iter().any(is_brace) {
        return None;
    }
    let name = format!("{}!", segments.join("::"));
    let bare = syn::ItemMacro { mac: syn::Macro { tokens: TokenStream::new(), ..call.mac.clone() }, ..call.clone() };
    let printed = unparse_item(syn::Item::Macro(bare));
    let attributes = printed.strip_suffix(&format!("{name}();\n"))?;
    let mut out = format!("{attributes}{name}({} {{", tokens_text(before.iter().cloned()));
    let mut member = Vec::new();
    let mut members = Vec::new();
    for tree in list.stream() {
        match tree {
            TokenTree::Punct(p) if p.as_char() == ',' => members.push((std::mem::take(&mut member), true)),
            other => member.push(other),
        }
    }
    if !member.is_empty() {
        members.push((member, false));
    }
    for (member, comma) in &members {
        out.push_str("\n    ");
        out.push_str(&tokens_text(member.iter().cloned()));
        if *comma {
            out.push(',');
        }
    }
    if !members.is_empty() {
        out.push('\n');
    }
    out.push('}');
    if !after.is_empty() {
        out.push(' ');
        out.push_str(&tokens_text(after.iter().cloned()));
    }
    out.push_str(");\n");
    // Both sides through the lexer, which reads a negative literal as `-` and a number.
    let lexed = |text: &str| syn::parse_str::<syn::File>(text).ok().map(|file| quote::quote!(#file).to_string());
    let same = lexed(&out)? == lexed(&quote::quote!(#call).to_string())?;
    same.then_some(out)
}

/// Tokens as source text, spaced as rustfmt spaces the simple arguments of model macros
/// (`"wire" => field default(Kind::Value)`, `Name, "property"`): words apart, no space
/// around `::` or `.`, before `,`, `;` or `:`, or between a name and its parentheses.
fn tokens_text(tokens: impl IntoIterator<Item = proc_macro2::TokenTree>) -> String {
    use proc_macro2::{Delimiter, Spacing, TokenTree};
    let mut out = String::new();
    // No space before the next token; true at the start.
    let mut glued = true;
    let mut after_word = false;
    let mut after_joint_colon = false;
    // Whether the token before is a value (a word, literal or group): a `-` after anything
    // else is a sign, written against its number (`default(-3)`).
    let mut after_operand = false;
    for tree in tokens {
        let tight = match &tree {
            TokenTree::Punct(p) => matches!(p.as_char(), ',' | ';' | '.' | ':') || p.as_char() == '!' && after_word,
            TokenTree::Group(g) => after_word && matches!(g.delimiter(), Delimiter::Parenthesis | Delimiter::Bracket),
            _ => false,
        };
        if !glued && !tight {
            out.push(' ');
        }
        (glued, after_word, after_joint_colon) = match &tree {
            TokenTree::Punct(p) => {
                let c = p.as_char();
                let sign = c == '-' && !after_operand;
                let glue =
                    p.spacing() == Spacing::Joint || matches!(c, '.' | '!') || c == ':' && after_joint_colon || sign;
                (glue, false, c == ':' && p.spacing() == Spacing::Joint)
            }
            TokenTree::Ident(_) => (false, true, false),
            TokenTree::Literal(_) | TokenTree::Group(_) => (false, false, false),
        };
        after_operand = !matches!(tree, TokenTree::Punct(_));
        match tree {
            TokenTree::Group(group) => {
                let (open, close) = match group.delimiter() {
                    Delimiter::Parenthesis => ("(", ")"),
                    Delimiter::Bracket => ("[", "]"),
                    Delimiter::Brace => ("{ ", " }"),
                    Delimiter::None => ("", ""),
                };
                out.push_str(open);
                out.push_str(&tokens_text(group.stream()));
                out.push_str(close);
            }
            other => out.push_str(&other.to_string()),
        }
    }
    out
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
        assert_eq!(files, [File { path: "src/m.rs".into(), contents: "// h\n\nstruct A;\n\nstruct B;\n".into() }]);
        let orphan = vec![format_file(rust("src/m.rs", b, true), "h").unwrap()];
        assert!(matches!(merge(orphan), Err(Error::OrphanPart { file }) if file == "src/m.rs"));
    }

    fn print(tokens: proc_macro2::TokenStream) -> String {
        print_file(syn::parse2(tokens).unwrap())
    }

    #[test]
    fn items_and_members_are_set_apart_but_declarations_stay_together() {
        let printed = print(quote! {
            //! A module.
            use a::b;
            use c::d;
            mod e;
            mod f;
            /// A struct.
            pub struct S(i32);
            impl Iterator for S {
                type Item = i32;
                fn next(&mut self) -> Option<i32> { None }
                /// Documented.
                fn count(self) -> usize { 0 }
            }
            impl S {
                const A: i32 = 1;
                const B: i32 = 2;
                fn one() {}
            }
            trait T {
                fn a();
                fn b();
            }
            fn free() {}
        });
        let expected = "\
//! A module.

use a::b;
use c::d;

mod e;
mod f;

/// A struct.
pub struct S(i32);

impl Iterator for S {
    type Item = i32;

    fn next(&mut self) -> Option<i32> {
        None
    }

    /// Documented.
    fn count(self) -> usize {
        0
    }
}

impl S {
    const A: i32 = 1;
    const B: i32 = 2;

    fn one() {}
}

trait T {
    fn a();

    fn b();
}

fn free() {}
";
        assert_eq!(printed, expected);
    }

    /// A member is laid out in its block as it would be among the others: same indentation,
    /// same width, attributes and where clauses of the block kept once.
    #[test]
    fn a_block_keeps_its_head_and_its_members_their_layout() {
        let block = quote! {
            #[cfg(feature = "x")]
            impl<T> Holder<T> where T: Clone + std::fmt::Debug + Send + Sync + 'static + Default + PartialEq {
                pub fn a_function_with_a_long_signature(&self, first_argument: &str, second_argument: usize) -> Option<T> { None }
                pub fn b(&self) {}
            }
        };
        let whole = prettyplease::unparse(&syn::parse2(block.clone()).unwrap());
        let printed = print(block);
        assert_eq!(printed.replace("\n\n", "\n"), whole);
        assert_eq!(printed.matches("\n\n").count(), 1, "{printed}");
        assert!(printed.starts_with("#[cfg(feature = \"x\")]\nimpl<T> Holder<T>\nwhere\n"), "{printed}");
    }

    #[test]
    fn model_macro_calls_list_a_member_per_line() {
        let printed = print(quote! {
            #[cfg(any(feature = "a", feature = "b"))]
            crate::macros::object!(Thing {
                "wire" => field required,
                "n" => n default(-3),
                "path" => path default(Kind::Value),
                "text" => text default("a, b".to_owned()),
            } rest additional_properties);
            crate::macros::tagged_union!(Pet, "kind" { "cat" => Cat, } other Other);
            crate::macros::untagged_union!(Either { A, B });
            crate::macros::object!(Empty {} rest additional_properties);
        });
        let expected = r#"#[cfg(any(feature = "a", feature = "b"))]
crate::macros::object!(Thing {
    "wire" => field required,
    "n" => n default(-3),
    "path" => path default(Kind::Value),
    "text" => text default("a, b".to_owned()),
} rest additional_properties);

crate::macros::tagged_union!(Pet, "kind" {
    "cat" => Cat,
} other Other);

crate::macros::untagged_union!(Either {
    A,
    B
});

crate::macros::object!(Empty {} rest additional_properties);
"#;
        assert_eq!(printed, expected);
    }

    /// Only the models' own macros: any other call keeps prettyplease's layout.
    #[test]
    fn other_macro_calls_are_left_to_prettyplease() {
        let call = quote!(other::object!(Thing { "wire" => field required, }););
        assert_eq!(print(call.clone()), prettyplease::unparse(&syn::parse2(call).unwrap()));
    }
}
