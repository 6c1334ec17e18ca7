//! Words with their byte spans, lower-cased, for spaced scripts.

use std::borrow::Cow;

use parallax_model::Span;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token<'a> {
    pub span: Span,
    /// The word in lower case: borrowed from the text when it already is
    /// (most words), so tokenizing a point allocates little.
    pub lower: Cow<'a, str>,
}

/// A point of a document with its words, split once and shared by the
/// readers of one pass: key terms and the initiator when a source is read,
/// commitments and tone when its points' structure is (other readers still
/// split the point themselves).
#[derive(Debug, Clone)]
pub struct PointWords<'a> {
    /// The whole document.
    pub text: &'a str,
    /// Where the point is in `text`.
    pub span: Span,
    /// `text[span]`; empty when `span` is not on character boundaries of
    /// `text`, so such a point has nothing to read.
    pub point: &'a str,
    /// [`words`] of `point`, spans relative to it.
    pub tokens: Vec<Token<'a>>,
}

impl<'a> PointWords<'a> {
    pub fn new(text: &'a str, span: Span) -> PointWords<'a> {
        let point = text.get(span.start..span.end).unwrap_or_default();
        PointWords {
            text,
            span,
            point,
            tokens: words(point),
        }
    }
}

/// Words of `text`: letters and digits, keeping inner dots, hyphens and
/// apostrophes ("U.S", "sino-russe", "d'Iran" → "d'iran" is split at the
/// elision so "iran" is a word of its own).
pub fn words(text: &str) -> Vec<Token<'_>> {
    let mut tokens = Vec::new();
    let mut start: Option<usize> = None;
    let mut chars = text.char_indices().peekable();
    while let Some((idx, ch)) = chars.next() {
        let is_word = parallax_model::is_letter_or_digit(ch) && !parallax_model::is_cjk(ch);
        let joins = matches!(ch, '.' | '-' | '\'' | '’')
            && start.is_some()
            && chars.peek().is_some_and(|&(_, next)| {
                parallax_model::is_letter_or_digit(next) && !parallax_model::is_cjk(next)
            });
        match (is_word || joins, start) {
            (true, None) => start = Some(idx),
            (true, Some(_)) => {}
            (false, Some(s)) => {
                push_word(text, s, idx, &mut tokens);
                start = None;
            }
            (false, None) => {}
        }
    }
    if let Some(s) = start {
        push_word(text, s, text.len(), &mut tokens);
    }
    tokens
}

/// Elided articles ("d'", "l'", "qu'") are split off so the noun stands alone,
/// and so is an Arabic conjunction or preposition written onto the article
/// ("والشرق" = "and the East" → "الشرق").
fn push_word<'a>(text: &'a str, start: usize, end: usize, tokens: &mut Vec<Token<'a>>) {
    let mut start = start;
    if ["وال", "بال", "فال", "كال"]
        .iter()
        .any(|prefix| text[start..end].starts_with(prefix))
    {
        start += 'و'.len_utf8();
    }
    let end = end.max(start);
    let word = &text[start..end];
    let word = word.trim_end_matches('.');
    let end = start + word.len();
    if let Some(apos) = word.find(['\'', '’']) {
        let head = &word[..apos];
        if head.chars().count() <= 3 && head.chars().all(parallax_model::is_letter) {
            let tail_start = start + apos + word[apos..].chars().next().map_or(1, char::len_utf8);
            if tail_start < end {
                tokens.push(Token {
                    span: Span::new(tail_start, end),
                    lower: parallax_model::lowercase(&text[tail_start..end]),
                });
            }
            return;
        }
    }
    if start < end {
        tokens.push(Token {
            span: Span::new(start, end),
            lower: parallax_model::lowercase(word),
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_abbreviations_and_splits_elisions() {
        let text = "Les U.S. et l'Iran, d’Ouchakov; sino-russe 2026.";
        let words: Vec<String> = words(text)
            .into_iter()
            .map(|t| t.lower.into_owned())
            .collect();
        assert_eq!(
            words,
            ["les", "u.s", "et", "iran", "ouchakov", "sino-russe", "2026"]
        );
    }

    #[test]
    fn arabic_conjunction_before_the_article_is_split_off() {
        let words: Vec<String> = words("والشرق الأوسط")
            .into_iter()
            .map(|t| t.lower.into_owned())
            .collect();
        assert_eq!(words, ["الشرق", "الأوسط"]);
    }
}
