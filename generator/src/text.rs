//! Spec text as a doc comment may hold it. Both the emitters (doc lines, README.md,
//! Cargo.toml) and the format stage (every `#[doc]` of every file, however it was built) apply
//! this one rule, so it lives below both.

/// Characters rustc refuses or lints in comments and literals, or that make text read other
/// than it is: the bidirectional controls (`text_direction_codepoint_in_comment`), and other
/// invisible format characters and line separators.
fn invisible(c: char) -> bool {
    matches!(c,
        '\u{061C}' | '\u{180E}' | '\u{200B}'..='\u{200F}' | '\u{2028}'..='\u{202E}' | '\u{2060}'..='\u{206F}'
        | '\u{FEFF}' | '\u{FFF9}'..='\u{FFFB}')
}

/// Text as a doc comment may hold it: control characters other than tabs and line feeds
/// dropped (a bare CR is a compile error in a doc comment), invisible characters written as
/// `\u{...}` so that the reader sees they are there.
pub fn doc_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if invisible(c) {
            out.push_str(&format!("\\u{{{:04X}}}", u32::from(c)));
        } else if !c.is_control() || c == '\t' || c == '\n' {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn controls_go_and_invisible_characters_show() {
        assert_eq!(doc_text("a\rb\u{0}\tc\nd"), "ab\tc\nd");
        assert_eq!(doc_text("x\u{202E}y\u{200B}"), "x\\u{202E}y\\u{200B}");
    }
}
