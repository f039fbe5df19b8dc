//! Spec descriptions to rustdoc.
//!
//! Descriptions are Markdown written for web pages. rustdoc compiles unmarked code blocks
//! (fenced or indented) as doc tests, so every code block is marked `text` unless it already
//! names a language that rustdoc leaves alone. Control characters are dropped (a bare CR is a
//! compile error in a doc comment). Text only ever lands in doc attributes and string
//! literals, so nothing in a description can become code.

use proc_macro2::TokenStream;
use quote::quote;

/// Outer doc attributes (`///`), one per line.
pub fn outer(text: &str) -> TokenStream {
    let lines = lines(text);
    quote!(#(#[doc = #lines])*)
}

/// Inner doc attributes (`//!`), one per line.
pub fn inner(text: &str) -> TokenStream {
    let lines = lines(text);
    quote!(#(#![doc = #lines])*)
}

/// Doc lines, cleaned by [`doc_text`].
fn lines(text: &str) -> Vec<String> {
    if text.is_empty() {
        return Vec::new();
    }
    text.lines()
        .map(|l| {
            let l = doc_text(l);
            if l.is_empty() { l } else { format!(" {l}") }
        })
        .collect()
}

pub use crate::text::doc_text;

/// Words in a fence's info string that make rustdoc treat the block as Rust.
const RUST_WORDS: &[&str] = &[
    "rust",
    "ignore",
    "should_panic",
    "no_run",
    "compile_fail",
    "test_harness",
    "standalone_crate",
    "edition2015",
    "edition2018",
    "edition2021",
    "edition2024",
];

/// Cleans a spec description for rustdoc (see the module docs).
pub fn markdown(text: &str) -> String {
    let text: String = text
        .replace("\r\n", "\n")
        .replace('\r', "\n")
        .chars()
        .filter(|c| !c.is_control() || *c == '\n' || *c == '\t')
        .collect();
    let text = text.replace('\t', "    ");
    let dedented = dedent(&text);
    let mut out: Vec<String> = Vec::new();
    let mut fence: Option<String> = None;
    let mut in_indented = false;
    let mut previous_blank = true;
    for line in dedented.lines() {
        let trimmed = line.trim_start();
        let indent = line.len() - trimmed.len();
        if let Some(marker) = &fence {
            out.push(line.to_owned());
            if indent < 4
                && trimmed.starts_with(marker.as_str())
                && trimmed.trim_start_matches(marker.chars().next().unwrap_or('`')).trim().is_empty()
            {
                fence = None;
            }
            previous_blank = false;
            continue;
        }
        if in_indented {
            if line.trim().is_empty() || indent >= 4 {
                out.push(line.get(4..).unwrap_or("").to_owned());
                continue;
            }
            close_indented(&mut out);
            in_indented = false;
        }
        if indent < 4 && (trimmed.starts_with("```") || trimmed.starts_with("~~~")) {
            let marker_char = trimmed.chars().next().unwrap_or('`');
            let marker: String = trimmed.chars().take_while(|c| *c == marker_char).collect();
            let info = trimmed[marker.len()..].trim();
            let rusty =
                info.is_empty() || info.split(|c: char| c == ',' || c.is_whitespace()).any(|w| RUST_WORDS.contains(&w));
            let info = if rusty { "text" } else { info };
            out.push(format!("{}{marker}{info}", &line[..indent]));
            fence = Some(marker);
            previous_blank = false;
            continue;
        }
        if indent >= 4 && previous_blank && !starts_list_item(trimmed) {
            out.push("```text".into());
            out.push(line[4..].to_owned());
            in_indented = true;
            continue;
        }
        previous_blank = line.trim().is_empty();
        out.push(line.trim_end().to_owned());
    }
    if in_indented {
        close_indented(&mut out);
    }
    if let Some(marker) = fence {
        // An unclosed fence would swallow the rest of the generated documentation.
        out.push(marker);
    }
    while out.last().is_some_and(|l| l.trim().is_empty()) {
        out.pop();
    }
    out.join("\n")
}

fn close_indented(out: &mut Vec<String>) {
    let mut trailing = 0;
    while out.last().is_some_and(|l| l.trim().is_empty()) {
        out.pop();
        trailing += 1;
    }
    out.push("```".into());
    out.extend(std::iter::repeat_n(String::new(), trailing));
}

fn starts_list_item(line: &str) -> bool {
    let bullet = ["- ", "* ", "+ "].iter().any(|b| line.starts_with(b));
    let digits = line.chars().take_while(char::is_ascii_digit).count();
    bullet || (digits > 0 && (line[digits..].starts_with(". ") || line[digits..].starts_with(") ")))
}

/// Removes the indentation common to all non-blank lines, and leading blank lines.
fn dedent(text: &str) -> String {
    let common = text
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| l.len() - l.trim_start_matches(' ').len())
        .min()
        .unwrap_or(0);
    let lines: Vec<&str> =
        text.lines().map(|l| l.get(common..).unwrap_or("")).skip_while(|l| l.trim().is_empty()).collect();
    lines.join("\n")
}

/// Text for a Markdown table cell: one line, pipes escaped.
pub fn cell(text: &str) -> String {
    markdown(text).split_whitespace().collect::<Vec<_>>().join(" ").replace('|', "\\|")
}

/// The first sentence of a description's first paragraph (a heading's text when it starts
/// with one), on one line, for tables. Descriptions wrap their lines, so the first line alone
/// may stop mid-sentence.
pub fn summary(text: &str) -> String {
    let clean = markdown(text);
    let mut lines = clean.lines().map(str::trim).skip_while(|l| l.is_empty());
    let Some(first) = lines.next() else { return String::new() };
    if first.starts_with('#') {
        return first.trim_start_matches('#').trim().replace('|', "\\|");
    }
    let starts_block = |l: &str| ["- ", "* ", "+ ", "```", "#", "|", ">"].iter().any(|p| l.starts_with(p));
    let mut paragraph = vec![first];
    paragraph.extend(lines.take_while(|l| !l.is_empty() && !starts_block(l)));
    let paragraph = paragraph.join(" ");
    first_sentence(&paragraph).replace('|', "\\|")
}

/// Up to the first `.`, `!` or `?` followed by a space and a capital letter (so that `e.g. x`
/// and `v1.2` do not end it), or all of `text`.
fn first_sentence(text: &str) -> &str {
    for (i, c) in text.char_indices() {
        if matches!(c, '.' | '!' | '?') {
            let after = &text[i + 1..];
            if after.strip_prefix(' ').and_then(|rest| rest.chars().next()).is_some_and(char::is_uppercase) {
                return &text[..=i];
            }
        }
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unmarked_fences_become_text_and_languages_stay() {
        assert_eq!(markdown("a\n```\nlet x;\n```\n```json\n{}\n```"), "a\n```text\nlet x;\n```\n```json\n{}\n```");
        assert_eq!(markdown("```rust,no_run\nx\n```"), "```text\nx\n```");
    }

    #[test]
    fn indented_code_becomes_a_text_fence() {
        assert_eq!(markdown("Example:\n\n    curl x\n    y\n\nafter"), "Example:\n\n```text\ncurl x\ny\n```\n\nafter");
    }

    #[test]
    fn common_indentation_and_control_characters_go() {
        assert_eq!(markdown("\n    Hello\n    world\u{0}\r\n"), "Hello\nworld");
    }

    #[test]
    fn unclosed_fence_is_closed() {
        assert_eq!(markdown("```\ncode"), "```text\ncode\n```");
    }

    #[test]
    fn nested_list_items_are_not_code() {
        assert_eq!(markdown("- a\n\n    - b"), "- a\n\n    - b");
    }

    #[test]
    fn summaries_are_the_first_sentence_of_the_first_paragraph() {
        let wrapped =
            "The result, chosen by its `status`: `SUCCESS` with the\nproduced content. Any other shape is kept.";
        assert_eq!(summary(wrapped), "The result, chosen by its `status`: `SUCCESS` with the produced content.");
        assert_eq!(summary("Lists items, e.g. invoices. Paged."), "Lists items, e.g. invoices.");
        assert_eq!(summary("Version 1.2 of it\n\nMore."), "Version 1.2 of it");
        assert_eq!(summary("Possible states:\n- `A`: first"), "Possible states:");
        assert_eq!(summary("## Heading | x\nbody"), "Heading \\| x");
        assert_eq!(summary("\n\n"), "");
        assert_eq!(summary("État: à jour. Ensuite"), "État: à jour.");
    }

    #[test]
    fn cells_are_single_line() {
        assert_eq!(cell("a | b\nc"), "a \\| b c");
    }
}
