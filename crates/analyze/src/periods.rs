//! Coarse periods of the year a point names: months without a day
//! ("in November", "в ноябре", "11月"), seasons ("in the autumn", "au
//! printemps", "весной", "秋季"), and halves ("in the first half of 2026",
//! "au premier semestre", "в первой половине года", "上半年"). Each becomes a
//! range of months, so two sides giving different periods for the same visit
//! can be told apart. Seasons are those of the northern hemisphere.

use crate::tokens::Token;
use parallax_model::Span;
use parallax_segment::dates;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Period {
    pub span: Span,
    /// First and last month, 1–12; a winter runs 12 → 2.
    pub first_month: u32,
    pub last_month: u32,
}

impl Period {
    fn months(&self) -> Vec<u32> {
        let mut months = vec![self.first_month];
        let mut month = self.first_month;
        while month != self.last_month {
            month = month % 12 + 1;
            months.push(month);
        }
        months
    }

    /// Whether two periods share a month.
    pub fn overlaps(&self, other: &Period) -> bool {
        let theirs = other.months();
        self.months().iter().any(|m| theirs.contains(m))
    }
}

/// Season and half-year words; a '*' ends a stem. Lower-case.
const SPACED: &[(&str, u32, u32)] = &[
    ("spring", 3, 5),
    ("printemps", 3, 5),
    ("primavera", 3, 5),
    ("frühling", 3, 5),
    ("frühjahr", 3, 5),
    ("весн*", 3, 5),
    ("весенн*", 3, 5),
    ("summer", 6, 8),
    ("été", 6, 8),
    ("verano", 6, 8),
    ("sommer", 6, 8),
    ("летом", 6, 8),
    ("летн*", 6, 8),
    ("autumn", 9, 11),
    ("fall", 9, 11),
    ("automne", 9, 11),
    ("otoño", 9, 11),
    ("herbst", 9, 11),
    ("осен*", 9, 11),
    ("winter", 12, 2),
    ("hiver", 12, 2),
    ("invierno", 12, 2),
    ("зимой", 12, 2),
    ("зимн*", 12, 2),
];

/// Multi-word half-year phrases: the words that must all appear in a row.
const HALVES: &[(&[&str], u32, u32)] = &[
    (&["first", "half"], 1, 6),
    (&["second", "half"], 7, 12),
    (&["premier", "semestre"], 1, 6),
    (&["second", "semestre"], 7, 12),
    (&["deuxième", "semestre"], 7, 12),
    (&["primer", "semestre"], 1, 6),
    (&["segundo", "semestre"], 7, 12),
    (&["ersten", "jahreshälfte"], 1, 6),
    (&["zweiten", "jahreshälfte"], 7, 12),
    (&["первой", "половин*"], 1, 6),
    (&["второй", "половин*"], 7, 12),
    (&["первом", "полугоди*"], 1, 6),
    (&["втором", "полугоди*"], 7, 12),
];

const UNSPACED: &[(&str, u32, u32)] = &[
    ("上半年", 1, 6),
    ("下半年", 7, 12),
    ("春季", 3, 5),
    ("春天", 3, 5),
    ("今春", 3, 5),
    ("夏季", 6, 8),
    ("夏天", 6, 8),
    ("秋季", 9, 11),
    ("秋天", 9, 11),
    ("今秋", 9, 11),
    ("冬季", 12, 2),
    ("冬天", 12, 2),
];

fn word_matches(pattern: &str, word: &str) -> bool {
    match pattern.strip_suffix('*') {
        Some(stem) => word.starts_with(stem),
        None => word == pattern,
    }
}

/// Periods in `text` (tokens are its words). Months that are part of a full
/// date ("4 November") are left to the date reader and not repeated here.
pub fn find(text: &str, tokens: &[Token], date_spans: &[Span]) -> Vec<Period> {
    let mut found = Vec::new();
    for (idx, token) in tokens.iter().enumerate() {
        let inside_date = date_spans
            .iter()
            .any(|d| d.start <= token.span.start && token.span.end <= d.end);
        if let Some(&(_, first, last)) = SPACED
            .iter()
            .find(|(p, _, _)| word_matches(p, &token.lower))
        {
            found.push(Period {
                span: token.span,
                first_month: first,
                last_month: last,
            });
            continue;
        }
        for (words, first, last) in HALVES {
            let fits = words.len() <= tokens.len() - idx
                && words
                    .iter()
                    .zip(&tokens[idx..])
                    .all(|(p, t)| word_matches(p, &t.lower));
            if fits {
                let span = Span::new(token.span.start, tokens[idx + words.len() - 1].span.end);
                found.push(Period {
                    span,
                    first_month: *first,
                    last_month: *last,
                });
            }
        }
        // a month named alone: "in November", "в ноябре", "en marzo" (not "may")
        if !inside_date && token.lower != "may" && token.lower.chars().count() >= 4 {
            if let Some(month) = dates::month_of(&token.lower) {
                found.push(Period {
                    span: token.span,
                    first_month: month,
                    last_month: month,
                });
            }
        }
    }
    for (form, first, last) in UNSPACED {
        for (start, _) in text.match_indices(form) {
            found.push(Period {
                span: Span::new(start, start + form.len()),
                first_month: *first,
                last_month: *last,
            });
        }
    }
    // 11月 without a day
    let bytes = text.as_bytes();
    for (pos, _) in text.match_indices('月') {
        let digits_start = text[..pos]
            .rfind(|c: char| !c.is_ascii_digit())
            .map_or(0, |i| {
                i + text[i..].chars().next().map_or(1, char::len_utf8)
            });
        let followed_by_day =
            text[pos + '月'.len_utf8()..].starts_with(|c: char| c.is_ascii_digit());
        if digits_start < pos && !followed_by_day && pos - digits_start <= 2 {
            if let Ok(month) = text[digits_start..pos].parse::<u32>() {
                if (1..=12).contains(&month)
                    && bytes.get(digits_start.wrapping_sub(1)) != Some(&b'.')
                {
                    found.push(Period {
                        span: Span::new(digits_start, pos + '月'.len_utf8()),
                        first_month: month,
                        last_month: month,
                    });
                }
            }
        }
    }
    found.sort_by_key(|p| p.span.start);
    found
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tokens::words;

    fn months(text: &str) -> Vec<(u32, u32)> {
        find(text, &words(text), &[])
            .iter()
            .map(|p| (p.first_month, p.last_month))
            .collect()
    }

    #[test]
    fn seasons_halves_and_lone_months() {
        assert_eq!(months("a visit in the autumn"), [(9, 11)]);
        assert_eq!(months("au printemps au Royaume-Uni"), [(3, 5)]);
        assert_eq!(months("в первой половине 2026 года"), [(1, 6)]);
        assert_eq!(months("2026年上半年访华"), [(1, 6)]);
        assert_eq!(months("to visit Australia in November"), [(11, 11)]);
        assert_eq!(months("今年11月来华"), [(11, 11)]);
        assert!(months("春节期间").is_empty());
        assert!(months("you may go").is_empty());
    }

    #[test]
    fn winter_wraps_the_year() {
        let winter = Period {
            span: Span::new(0, 0),
            first_month: 12,
            last_month: 2,
        };
        let january = Period {
            span: Span::new(0, 0),
            first_month: 1,
            last_month: 1,
        };
        let july = Period {
            span: Span::new(0, 0),
            first_month: 7,
            last_month: 7,
        };
        assert!(winter.overlaps(&january));
        assert!(!winter.overlaps(&july));
    }
}
