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

/// `word` in lower case (as `str::to_lowercase`), borrowed when lowering
/// would change nothing.
pub fn lower(word: &str) -> Cow<'_, str> {
    if word.chars().all(|c| lower_char(c) == Some(c)) {
        return Cow::Borrowed(word);
    }
    // Σ lowers by its place in the word: the standard library knows how
    if word.contains('Σ') {
        return Cow::Owned(word.to_lowercase());
    }
    let mut lowered = String::with_capacity(word.len());
    for c in word.chars() {
        match lower_char(c) {
            Some(l) => lowered.push(l),
            None => lowered.extend(c.to_lowercase()),
        }
    }
    Cow::Owned(lowered)
}

/// The lower case of `c` when it is one character and quick to tell (ASCII,
/// basic Cyrillic, CJK ideographs: most of what readouts are written in);
/// `None` to ask Unicode's tables.
#[inline]
fn lower_char(c: char) -> Option<char> {
    match c as u32 {
        0..=0x7F => Some(c.to_ascii_lowercase()),
        0x410..=0x42F => char::from_u32(c as u32 + 0x20),
        0x430..=0x44F | 0x451 | 0x4E00..=0x9FFF => Some(c),
        0x401 => Some('ё'),
        _ => {
            let mut lowered = c.to_lowercase();
            match (lowered.next(), lowered.next()) {
                (Some(l), None) => Some(l),
                _ => None,
            }
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
                    lower: lower(&text[tail_start..end]),
                });
            }
            return;
        }
    }
    if start < end {
        tokens.push(Token {
            span: Span::new(start, end),
            lower: lower(word),
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lower_is_to_lowercase_and_borrows_when_it_can() {
        for word in [
            "moscow",
            "Moscow",
            "ΟΔΟΣ",
            "ǅemal",
            "Ⅻ",
            "straße",
            "İstanbul",
            "中国",
            "путин",
            "Путин",
            "ЁЛКА",
            "Ёлка",
            "ПУТИН-СИ",
        ] {
            assert_eq!(lower(word), word.to_lowercase(), "{word}");
        }
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            let one = c.to_string();
            assert_eq!(lower(&one), one.to_lowercase(), "{c:?}");
            let word = format!("x{c}y");
            assert_eq!(lower(&word), word.to_lowercase(), "{c:?}");
        }
        assert!(matches!(lower("moscow"), Cow::Borrowed(_)));
        assert!(matches!(lower("путин"), Cow::Borrowed(_)));
        assert!(matches!(lower("ǅemal"), Cow::Owned(_)));
    }

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
