//! Escaping text for HTML. Every piece of text from a comparison goes through
//! [`Esc`] before it reaches the page, in element content and in (always
//! double-quoted) attribute values alike.

use std::fmt;

/// Displays its text escaped for HTML element content and double- or
/// single-quoted attribute values: `& < > " '` become character references,
/// and control characters that HTML forbids become U+FFFD.
pub(crate) struct Esc<'a>(pub &'a str);

impl fmt::Display for Esc<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let text = self.0;
        let mut clean_from = 0;
        for (idx, ch) in text.char_indices() {
            let replacement = match ch {
                '&' => "&amp;",
                '<' => "&lt;",
                '>' => "&gt;",
                '"' => "&quot;",
                '\'' => "&#39;",
                '\t' | '\n' | '\r' => continue,
                ch if ch.is_control() => "\u{FFFD}",
                _ => continue,
            };
            f.write_str(&text[clean_from..idx])?;
            f.write_str(replacement)?;
            clean_from = idx + ch.len_utf8();
        }
        f.write_str(&text[clean_from..])
    }
}

#[cfg(test)]
mod tests {
    use super::Esc;

    fn esc(text: &str) -> String {
        Esc(text).to_string()
    }

    #[test]
    fn escapes_markup_quotes_and_ampersands() {
        assert_eq!(
            esc("<script>alert('x')</script>"),
            "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"
        );
        assert_eq!(
            esc("\"quoted\" & 'single'"),
            "&quot;quoted&quot; &amp; &#39;single&#39;"
        );
        assert_eq!(
            esc("&amp;"),
            "&amp;amp;",
            "already-escaped text is escaped again"
        );
    }

    #[test]
    fn leaves_other_text_alone_including_non_latin_scripts() {
        assert_eq!(esc("Путин · 普京 · بوتين"), "Путин · 普京 · بوتين");
        assert_eq!(esc("line\nbreak\ttab"), "line\nbreak\ttab");
        assert_eq!(esc(""), "");
    }

    #[test]
    fn replaces_control_characters_html_forbids() {
        assert_eq!(esc("a\u{0}b\u{7}c"), "a\u{FFFD}b\u{FFFD}c");
    }
}
