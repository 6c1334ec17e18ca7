//! Sentence boundaries inside one paragraph.
//!
//! A boundary is a terminator (`. ! ? …` and their CJK and Arabic forms),
//! then any closing quotes or brackets, then — for spaced scripts — whitespace
//! and something that can start a sentence (not a lower-case letter).
//! Abbreviations that never end a sentence ("M.", "Dr.", "т.е.", initials such
//! as "В.В.") and number prefixes before a digit ("No. 5") are not boundaries.

use crate::dates;
use parallax_model::{Lang, Span};

/// Titles and other abbreviations that a name or word always follows.
const NEVER_FINAL: &[&str] = &[
    // English
    "mr", "mrs", "ms", "dr", "prof", "gen", "lt", "col", "capt", "sen", "rep", "gov", "amb", "rev",
    "hon", "sgt", "maj", "cmdr", "adm", "pres", "e.g", "i.e", "cf", "vs", "approx", "u.s", "u.k",
    "u.n", "e.u", "d.c", "st", "mt", "ft", // French
    "m", "mm", "mme", "mmes", "mlle", "mlles", "me", "pr", "ste", "av", "bd", // Spanish
    "sr", "sra", "srta", "sres", "d", "dña", "dra", "lic", "ee.uu", "uu", "ud", "uds", "excmo",
    "excma", // German
    "hr", "fr", "z.b", "d.h", "u.a", "bzw", "ggf", "vgl", "evtl", // Russian
    "т.е", "т.к", "т.н", "напр", "см", "им", "ул", "пр-т", "г-н", "г-жа", "гг-н", "тов",
];

/// Prefixes that are not a sentence end when a number follows ("No. 5").
const NUMBER_PREFIXES: &[&str] = &[
    "no", "nos", "nr", "n°", "nº", "núm", "art", "arts", "p", "pp", "vol", "ch", "sec", "para",
    "fig", "ст", "п", "стр", "№",
];

/// Quotes and brackets that can close a sentence right after its terminator.
pub(crate) fn is_closing(c: char) -> bool {
    matches!(
        c,
        '"' | '\''
            | '”'
            | '“'
            | '’'
            | '‘'
            | '»'
            | '›'
            | ')'
            | ']'
            | '」'
            | '』'
            | '》'
            | '）'
            | '】'
            | '〉'
    )
}

fn is_terminator(c: char) -> bool {
    matches!(
        c,
        '.' | '!' | '?' | '…' | '。' | '！' | '？' | '؟' | '‼' | '⁇'
    )
}

fn is_unspaced_terminator(c: char) -> bool {
    matches!(c, '。' | '！' | '？')
}

fn is_space(c: char) -> bool {
    c.is_whitespace() || matches!(c, '\u{a0}' | '\u{202f}' | '\u{2009}')
}

/// Splits the paragraph at `block` into sentence spans (untrimmed; the caller trims).
pub(crate) fn split(text: &str, block: Span, lang: Lang) -> Vec<Span> {
    let para = block.slice(text);
    let chars: Vec<(usize, char)> = para.char_indices().collect();
    let mut spans = Vec::new();
    let mut start = 0;
    let mut i = 0;
    while i < chars.len() {
        let (_, c) = chars[i];
        let clause_break = lang == Lang::Zh && matches!(c, '；' | ';');
        if !is_terminator(c) && !clause_break {
            i += 1;
            continue;
        }
        // the whole run of terminators ("?!", "...")
        let mut j = i + 1;
        while j < chars.len() && is_terminator(chars[j].1) {
            j += 1;
        }
        // closing quotes/brackets glued to the terminator
        while j < chars.len() && is_closing(chars[j].1) {
            j += 1;
        }
        // French: ". »" — a space, then the closing guillemet
        let mut k = j;
        while k < chars.len() && is_space(chars[k].1) {
            k += 1;
        }
        if k < chars.len() && k > j && matches!(chars[k].1, '»' | '›') {
            j = k + 1;
        }
        let end = chars.get(j).map_or(para.len(), |&(idx, _)| idx);
        let unspaced = is_unspaced_terminator(c) || clause_break;
        let boundary = if j >= chars.len() {
            false // the paragraph's own end
        } else if unspaced {
            !clause_break
                || clause_is_long(&para[start..chars[i].0]) && clause_is_long(&para[end..])
        } else {
            is_spaced_boundary(para, &chars, start, i, j, lang)
        };
        if boundary {
            spans.push(Span::new(block.start + start, block.start + end));
            start = end;
        }
        i = j.max(i + 1);
    }
    if start < para.len() {
        spans.push(Span::new(block.start + start, block.end));
    }
    spans
}

/// Chinese clauses split at "；" only when both sides say something.
fn clause_is_long(clause: &str) -> bool {
    clause
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_ascii_punctuation())
        .count()
        >= 8
}

/// For `.`, `!`, `?` followed by whitespace: is this a sentence end?
fn is_spaced_boundary(
    para: &str,
    chars: &[(usize, char)],
    sentence_start: usize,
    term_idx: usize,
    after_idx: usize,
    lang: Lang,
) -> bool {
    let (term_pos, term) = chars[term_idx];
    // whitespace must follow (or the terminator is glued to CJK text)
    let next_char = chars[after_idx].1;
    if !is_space(next_char) {
        return false;
    }
    let Some(&(next_pos, next)) = chars[after_idx..].iter().find(|(_, c)| !is_space(*c)) else {
        return false;
    };
    if next.is_lowercase() {
        return false;
    }
    if term != '.' {
        return true;
    }
    // the word before the period, e.g. "Dr", "U.S", "В.В", "2026"
    let before = &para[sentence_start..term_pos];
    let word_start = before
        .rfind(|c: char| is_space(c) || matches!(c, '(' | '«' | '"' | '“' | '„' | '\'' | '['))
        .map_or(0, |idx| {
            idx + before[idx..].chars().next().map_or(1, char::len_utf8)
        });
    let word = &before[word_start..];
    let lower = word.to_lowercase();
    let next_word: String = para[next_pos..]
        .chars()
        .take_while(|c| parallax_model::is_letter_or_digit(*c))
        .collect();
    if word.is_empty() {
        return true;
    }
    if is_initials(word) {
        return false;
    }
    if NEVER_FINAL.contains(&lower.as_str()) {
        return false;
    }
    if next.is_ascii_digit() && NUMBER_PREFIXES.contains(&lower.as_str()) {
        return false;
    }
    // Russian "г." is "year" after a number (may end a sentence) but "city"
    // before a name ("г. Москва"), which it never ends.
    if lower == "г" || lower == "гг" {
        let prev_is_number = before[..word_start]
            .trim_end()
            .ends_with(|c: char| c.is_ascii_digit());
        return prev_is_number;
    }
    // German ordinals: "am 4. Februar"
    if word.chars().all(|c| c.is_ascii_digit())
        && word.len() <= 2
        && (lang == Lang::De || dates::month_of(&next_word).is_some())
    {
        return false;
    }
    true
}

/// "A", "J", "В.В", "J.-P" — initials before a surname.
fn is_initials(word: &str) -> bool {
    let letters: Vec<&str> = word
        .split(['.', '-'])
        .filter(|part| !part.is_empty())
        .collect();
    !letters.is_empty()
        && letters.iter().all(|part| {
            let mut chars = part.chars();
            chars.next().is_some_and(char::is_uppercase) && chars.next().is_none()
        })
}
