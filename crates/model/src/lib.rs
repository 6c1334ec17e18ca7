//! The types every Parallax stage speaks: a [`Document`] read from an input,
//! the [`Point`]s it is split into, and the [`Comparison`] that lines points up
//! across sources. This crate does no IO and knows no file format; the JSON
//! shape of [`Comparison`] *is* the `parallax.comparison/1` contract.
//!
//! ```
//! use parallax_model::{Lang, Span, Topic};
//! let text = "Putin invited Xi.";
//! let span = Span::new(0, 5);
//! assert_eq!(span.slice(text), "Putin");
//! assert_eq!(Lang::from_code("ru"), Some(Lang::Ru));
//! assert_eq!(Topic::GlobalOrder.id(), "global_order");
//! ```

mod comparison;
mod lang;
mod topic;

pub use comparison::{
    Commitment, Comparison, Difference, Engagement, Entity, Findings, InitiatorClaim,
    KeyDifference, Link, Naming, Point, Quote, Relation, Source, SourceProfile, TimeExpr,
    TopicShare, Window, SCHEMA,
};
pub use lang::Lang;
pub use topic::Topic;

use std::borrow::Cow;

use serde::{Deserialize, Serialize};

/// The English name of a month, 1–12 ("February"); "" outside that range.
pub fn month_name(month: u32) -> &'static str {
    const NAMES: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    month
        .checked_sub(1)
        .and_then(|m| NAMES.get(m as usize))
        .copied()
        .unwrap_or("")
}

/// The id of the source at `idx`: "A", "B", … "Z", then "AA"… for very many.
pub fn source_id(idx: usize) -> String {
    let letter = char::from(b'A' + (idx % 26) as u8);
    if idx < 26 {
        letter.to_string()
    } else {
        format!("{}{letter}", source_id(idx / 26 - 1))
    }
}

/// Whether a character is Chinese or Japanese (kana, CJK ideographs): scripts
/// written without spaces between words.
pub fn is_cjk(c: char) -> bool {
    matches!(c as u32, 0x3040..=0x30FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x2FA1F)
}

/// [`char::is_alphabetic`], with the letters of the scripts readouts are
/// mostly written in (ASCII, basic Cyrillic, CJK ideographs) answered
/// without Unicode's table search, which dominates on Russian and Chinese
/// text.
#[inline]
pub fn is_letter(c: char) -> bool {
    match c as u32 {
        0..=0x7F => c.is_ascii_alphabetic(),
        0x401 | 0x410..=0x44F | 0x451 | 0x4E00..=0x9FFF => true,
        _ => c.is_alphabetic(),
    }
}

/// [`char::is_alphanumeric`], fast on the same scripts as [`is_letter`].
#[inline]
pub fn is_letter_or_digit(c: char) -> bool {
    match c as u32 {
        0..=0x7F => c.is_ascii_alphanumeric(),
        0x401 | 0x410..=0x44F | 0x451 | 0x4E00..=0x9FFF => true,
        _ => c.is_alphanumeric(),
    }
}

/// A hash map with a fast, fixed (so reproducible) hasher, for the word
/// tables looked up for every token: the keys are our own lists, not
/// untrusted input, so no defence against collision attacks is needed.
pub type FastMap<K, V> = std::collections::HashMap<K, V, foldhash::fast::FixedState>;

/// The first `n` characters of `text` (all of it when shorter), borrowed.
pub fn first_chars(text: &str, n: usize) -> &str {
    match text.char_indices().nth(n) {
        Some((end, _)) => &text[..end],
        None => text,
    }
}

/// `word` in lower case (as `str::to_lowercase`), borrowed when lowering
/// would change nothing.
pub fn lowercase(word: &str) -> Cow<'_, str> {
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

/// The lower case of `c` when it is a single character, `None` when it is
/// several. ASCII, basic Cyrillic and CJK ideographs (most of what readouts
/// are written in) are answered without Unicode's tables.
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

/// A half-open range of UTF-8 byte offsets into a document's text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Span {
        debug_assert!(start <= end, "span start {start} after end {end}");
        Span { start, end }
    }

    pub fn len(&self) -> usize {
        self.end - self.start
    }

    pub fn is_empty(&self) -> bool {
        self.start == self.end
    }

    /// The text this span covers. Panics if the span is not on char boundaries
    /// of `text`, which would be a bug in whoever made the span.
    pub fn slice<'t>(&self, text: &'t str) -> &'t str {
        &text[self.start..self.end]
    }

    /// Shifts a span relative to a sub-slice back to the whole text.
    pub fn offset(&self, by: usize) -> Span {
        Span::new(self.start + by, self.end + by)
    }

    pub fn contains(&self, other: Span) -> bool {
        self.start <= other.start && other.end <= self.end
    }
}

/// How an input was read, so reports can say what the offsets refer to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum InputFormat {
    Text,
    Markdown,
    Html,
}

/// One input as Parallax read it: decoded to UTF-8 and, for HTML, reduced to
/// its main content. Every offset Parallax reports refers to `text`.
#[derive(Debug, Clone)]
pub struct Document {
    /// The path, URL or `-` the text came from, as the user gave it.
    pub input: String,
    /// A user-given name for the source, e.g. "Kremlin".
    pub label: Option<String>,
    pub format: InputFormat,
    /// The encoding the bytes were decoded from, e.g. "UTF-8", "windows-1251".
    pub encoding: String,
    /// The `<title>` of an HTML page, when there was one.
    pub html_title: Option<String>,
    pub text: String,
    /// What reading noticed and could not fix (e.g. "3 invalid bytes replaced"),
    /// one line each, without the input's name.
    pub warnings: Vec<String>,
}

#[cfg(test)]
mod letter_tests {
    use super::*;

    #[test]
    fn lowercase_is_str_to_lowercase_and_borrows_when_it_can() {
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
            assert_eq!(lowercase(word), word.to_lowercase(), "{word}");
        }
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            let one = c.to_string();
            assert_eq!(lowercase(&one), one.to_lowercase(), "{c:?}");
            let word = format!("x{c}y");
            assert_eq!(lowercase(&word), word.to_lowercase(), "{c:?}");
        }
        assert!(matches!(lowercase("moscow"), Cow::Borrowed(_)));
        assert!(matches!(lowercase("путин"), Cow::Borrowed(_)));
        assert!(matches!(lowercase("ǅemal"), Cow::Owned(_)));
    }

    #[test]
    fn fast_letter_checks_agree_with_unicode_on_every_char() {
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            assert_eq!(is_letter(c), c.is_alphabetic(), "{c:?}");
            assert_eq!(is_letter_or_digit(c), c.is_alphanumeric(), "{c:?}");
        }
    }
}
