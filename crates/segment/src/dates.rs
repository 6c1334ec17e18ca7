//! Absolute calendar dates in the languages readouts are written in:
//! "4 February 2026", "February 4, 2026", "4 février 2026", "4 февраля 2026 года",
//! "2026年2月4日", "4 de febrero de 2026", "4. Februar 2026", "2026-02-04",
//! "04.02.2026", "4 فبراير 2026". Only what is written is returned: a date with
//! no year has `year: None`, never a guessed one.

use parallax_model::Span;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DateMention {
    pub span: Span,
    pub year: Option<i32>,
    pub month: u32,
    pub day: Option<u32>,
}

impl DateMention {
    /// ISO 8601 form when year, month and day are all known.
    pub fn iso(&self) -> Option<String> {
        Some(format!(
            "{:04}-{:02}-{:02}",
            self.year?, self.month, self.day?
        ))
    }
}

/// Month names and their inflected/abbreviated forms, lower-cased, by month.
/// Longer forms come first so the longest match wins.
const MONTHS: [&[&str]; 12] = [
    &[
        "january",
        "janvier",
        "января",
        "январь",
        "январе",
        "enero",
        "januar",
        "jänner",
        "jan",
        "janv",
        "يناير",
        "كانون الثاني",
    ],
    &[
        "february",
        "février",
        "fevrier",
        "февраля",
        "февраль",
        "феврале",
        "febrero",
        "februar",
        "feb",
        "févr",
        "فبراير",
        "شباط",
    ],
    &[
        "march",
        "mars",
        "марта",
        "март",
        "марте",
        "marzo",
        "märz",
        "mar",
        "مارس",
        "آذار",
    ],
    &[
        "april",
        "avril",
        "апреля",
        "апрель",
        "апреле",
        "abril",
        "apr",
        "avr",
        "أبريل",
        "نيسان",
    ],
    &["may", "mai", "мая", "май", "мае", "mayo", "مايو", "أيار"],
    &[
        "june",
        "juin",
        "июня",
        "июнь",
        "июне",
        "junio",
        "juni",
        "jun",
        "يونيو",
        "حزيران",
    ],
    &[
        "july",
        "juillet",
        "июля",
        "июль",
        "июле",
        "julio",
        "juli",
        "jul",
        "juil",
        "يوليو",
        "تموز",
    ],
    &[
        "august",
        "août",
        "aout",
        "августа",
        "август",
        "августе",
        "agosto",
        "aug",
        "أغسطس",
        "آب",
    ],
    &[
        "september",
        "septembre",
        "сентября",
        "сентябрь",
        "сентябре",
        "septiembre",
        "setiembre",
        "sept",
        "sep",
        "سبتمبر",
        "أيلول",
    ],
    &[
        "october",
        "octobre",
        "октября",
        "октябрь",
        "октябре",
        "octubre",
        "oktober",
        "oct",
        "okt",
        "أكتوبر",
        "تشرين الأول",
    ],
    &[
        "november",
        "novembre",
        "ноября",
        "ноябрь",
        "ноябре",
        "noviembre",
        "nov",
        "نوفمبر",
        "تشرين الثاني",
    ],
    &[
        "december",
        "décembre",
        "decembre",
        "декабря",
        "декабрь",
        "декабре",
        "diciembre",
        "dezember",
        "dec",
        "déc",
        "dez",
        "ديسمبر",
        "كانون الأول",
    ],
];

/// The month a word names, if any (case-insensitive, with a trailing '.' allowed).
pub fn month_of(word: &str) -> Option<u32> {
    let word = word.trim_end_matches('.');
    if word.is_empty() {
        return None;
    }
    month_forms()
        .get(&*parallax_model::lowercase(word))
        .copied()
}

/// Every form of [`MONTHS`] with its month (the first month that lists it).
fn month_forms() -> &'static parallax_model::FastMap<&'static str, u32> {
    static FORMS: std::sync::LazyLock<parallax_model::FastMap<&'static str, u32>> =
        std::sync::LazyLock::new(|| {
            let mut forms = parallax_model::FastMap::default();
            for (idx, month) in MONTHS.iter().enumerate() {
                for &form in *month {
                    forms.entry(form).or_insert(idx as u32 + 1);
                }
            }
            forms
        });
    &FORMS
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Tok<'t> {
    Num(u32, usize),
    Word(&'t str),
    Punct(char),
}

/// A token with its byte span.
type Spanned<'t> = (Tok<'t>, Span);

fn tokenize(text: &str) -> Vec<Spanned<'_>> {
    let mut tokens = Vec::new();
    let mut chars = text.char_indices().peekable();
    while let Some(&(start, ch)) = chars.peek() {
        if ch.is_ascii_digit() {
            let mut end = start;
            while let Some(&(idx, c)) = chars.peek() {
                if !c.is_ascii_digit() {
                    break;
                }
                end = idx + c.len_utf8();
                chars.next();
            }
            let digits = &text[start..end];
            let value = digits.parse::<u32>().unwrap_or(u32::MAX);
            tokens.push((Tok::Num(value, digits.len()), Span::new(start, end)));
        } else if parallax_model::is_letter(ch) && !parallax_model::is_cjk(ch) {
            let mut end = start;
            while let Some(&(idx, c)) = chars.peek() {
                if !parallax_model::is_letter(c) || parallax_model::is_cjk(c) {
                    break;
                }
                end = idx + c.len_utf8();
                chars.next();
            }
            tokens.push((Tok::Word(&text[start..end]), Span::new(start, end)));
        } else if ch.is_whitespace() {
            chars.next();
        } else {
            chars.next();
            tokens.push((Tok::Punct(ch), Span::new(start, start + ch.len_utf8())));
        }
    }
    tokens
}

fn plausible_year(value: u32, n_digits: usize) -> Option<i32> {
    (n_digits == 4 && (1900..=2100).contains(&value)).then_some(value as i32)
}

fn plausible_day(value: u32, n_digits: usize) -> Option<u32> {
    (n_digits <= 2 && (1..=31).contains(&value)).then_some(value)
}

/// Every absolute date mentioned in `text`, in order, with byte spans.
pub fn find_dates(text: &str) -> Vec<DateMention> {
    let tokens = tokenize(text);
    let mut found = Vec::new();
    let mut idx = 0;
    while idx < tokens.len() {
        if let Some((mention, used)) = date_at(text, &tokens[idx..]) {
            found.push(mention);
            idx += used;
        } else {
            idx += 1;
        }
    }
    found
}

/// Tries each date shape at the start of `tokens`; returns the mention and how
/// many tokens it used.
fn date_at(text: &str, tokens: &[Spanned<'_>]) -> Option<(DateMention, usize)> {
    let tok = |i: usize| tokens.get(i).map(|(t, _)| *t);
    let span_of = |first: usize, last: usize| Span::new(tokens[first].1.start, tokens[last].1.end);
    let year_at = |i: usize| match tok(i) {
        Some(Tok::Num(v, n)) => plausible_year(v, n),
        _ => None,
    };
    // A trailing "года"/"г." after a Russian year belongs to the date.
    let with_year_word = |last: usize| -> usize {
        match tok(last + 1) {
            Some(Tok::Word(w)) if matches!(w, "года" | "году" | "г" | "год") => {
                if w == "г" && matches!(tok(last + 2), Some(Tok::Punct('.'))) {
                    last + 2
                } else {
                    last + 1
                }
            }
            _ => last,
        }
    };
    match tok(0)? {
        Tok::Num(value, n_digits) => {
            // 2026年2月4日 / 2026-02-04 / 2026年2月
            if let Some(year) = plausible_year(value, n_digits) {
                if let (Some(Tok::Punct(sep)), Some(Tok::Num(month, _))) = (tok(1), tok(2)) {
                    if matches!(sep, '年' | '-' | '/' | '.') && (1..=12).contains(&month) {
                        let day = match (tok(3), tok(4)) {
                            (Some(Tok::Punct('月' | '-' | '/' | '.')), Some(Tok::Num(d, nd))) => {
                                plausible_day(d, nd)
                            }
                            _ => None,
                        };
                        let ends_in_ri =
                            day.is_some() && matches!(tok(5), Some(Tok::Punct('日' | '号')));
                        let last = match (day, ends_in_ri, tok(3)) {
                            (Some(_), true, _) => 5,
                            (Some(_), false, _) => 4,
                            (None, _, Some(Tok::Punct('月'))) => 3,
                            (None, _, _) if sep == '年' => return None,
                            (None, _, _) => 2,
                        };
                        if sep != '年' && day.is_none() {
                            return None;
                        }
                        return Some((
                            DateMention {
                                span: span_of(0, last),
                                year: Some(year),
                                month,
                                day,
                            },
                            last + 1,
                        ));
                    }
                }
                return None;
            }
            // 2月4日 (no year)
            if let (Some(Tok::Punct('月')), Some(Tok::Num(d, nd)), Some(Tok::Punct('日' | '号'))) =
                (tok(1), tok(2), tok(3))
            {
                if (1..=12).contains(&value) {
                    let day = plausible_day(d, nd)?;
                    return Some((
                        DateMention {
                            span: span_of(0, 3),
                            year: None,
                            month: value,
                            day: Some(day),
                        },
                        4,
                    ));
                }
            }
            let day = plausible_day(value, n_digits)?;
            // 04.02.2026 / 04/02/2026 (day first, as in Europe and Russia)
            if let (
                Some(Tok::Punct(sep @ ('.' | '/'))),
                Some(Tok::Num(month, nm)),
                Some(Tok::Punct(sep2)),
                Some(year),
            ) = (tok(1), tok(2), tok(3), year_at(4))
            {
                if sep == sep2 && nm <= 2 && (1..=12).contains(&month) {
                    return Some((
                        DateMention {
                            span: span_of(0, 4),
                            year: Some(year),
                            month,
                            day: Some(day),
                        },
                        5,
                    ));
                }
            }
            // 4 February 2026 / 4. Februar 2026 / 4 de febrero de 2026 / 4 février
            let mut next = 1;
            if matches!(tok(next), Some(Tok::Punct('.'))) {
                next += 1;
            }
            if matches!(tok(next), Some(Tok::Word("de"))) {
                next += 1;
            }
            let Some(Tok::Word(word)) = tok(next) else {
                return None;
            };
            let month = month_of(word)?;
            let mut last = next;
            let mut after = next + 1;
            if matches!(tok(after), Some(Tok::Word("de" | "del"))) {
                after += 1;
            }
            let year = year_at(after);
            if year.is_some() {
                last = with_year_word(after);
            }
            Some((
                DateMention {
                    span: span_of(0, last),
                    year,
                    month,
                    day: Some(day),
                },
                last + 1,
            ))
        }
        Tok::Word(word) => {
            let month = month_of(word)?;
            // Abbreviations like "mar", "may", "jun" are also ordinary words:
            // accept a bare month word only when a number follows.
            // February 4, 2026 / February 4 / February 2026
            match tok(1) {
                Some(Tok::Num(value, n_digits)) => {
                    if let Some(year) = plausible_year(value, n_digits) {
                        let last = with_year_word(1);
                        return Some((
                            DateMention {
                                span: span_of(0, last),
                                year: Some(year),
                                month,
                                day: None,
                            },
                            last + 1,
                        ));
                    }
                    let day = plausible_day(value, n_digits)?;
                    let (year, last) = match (tok(2), year_at(3)) {
                        (Some(Tok::Punct(',')), Some(year)) => (Some(year), 3),
                        _ => match year_at(2) {
                            Some(year) => (Some(year), 2),
                            None => (None, 1),
                        },
                    };
                    // "May 5" is a date; "may 5" in running English is probably not.
                    if word.chars().next().is_some_and(char::is_lowercase)
                        && text.is_ascii()
                        && year.is_none()
                    {
                        return None;
                    }
                    Some((
                        DateMention {
                            span: span_of(0, last),
                            year,
                            month,
                            day: Some(day),
                        },
                        last + 1,
                    ))
                }
                _ => None,
            }
        }
        Tok::Punct(_) => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn month_forms_are_lower_case() {
        for form in MONTHS.iter().flat_map(|forms| forms.iter()) {
            assert_eq!(*form, form.to_lowercase(), "{form}");
        }
        assert_eq!(month_of("Juin"), Some(6));
        assert_eq!(month_of("июня"), Some(6));
        assert_eq!(month_of("Dec."), Some(12));
        assert_eq!(month_of("Juni"), Some(6));
        assert_eq!(month_of("table"), None);
    }

    fn iso_dates(text: &str) -> Vec<String> {
        find_dates(text)
            .iter()
            .map(|d| {
                d.iso()
                    .unwrap_or_else(|| format!("{:?}-{:02}-{:?}", d.year, d.month, d.day))
            })
            .collect()
    }

    #[test]
    fn reads_dates_in_every_language() {
        assert_eq!(
            iso_dates("On 4 February 2026 the leaders spoke"),
            ["2026-02-04"]
        );
        assert_eq!(iso_dates("February 4, 2026"), ["2026-02-04"]);
        assert_eq!(iso_dates("le 4 février 2026 à Pékin"), ["2026-02-04"]);
        assert_eq!(iso_dates("4 февраля 2026 года состоялся"), ["2026-02-04"]);
        assert_eq!(iso_dates("2026年2月4日下午"), ["2026-02-04"]);
        assert_eq!(iso_dates("el 4 de febrero de 2026"), ["2026-02-04"]);
        assert_eq!(iso_dates("am 4. Februar 2026"), ["2026-02-04"]);
        assert_eq!(iso_dates("2026-02-04"), ["2026-02-04"]);
        assert_eq!(iso_dates("04.02.2026"), ["2026-02-04"]);
        assert_eq!(iso_dates("في 4 فبراير 2026"), ["2026-02-04"]);
    }

    #[test]
    fn keeps_missing_year_missing() {
        let dates = find_dates("le 4 février, puis le 9 mai");
        assert_eq!(dates.len(), 2);
        assert!(dates.iter().all(|d| d.year.is_none()));
        assert_eq!(dates[1].month, 5);
    }

    #[test]
    fn spans_cover_the_whole_date() {
        let text = "Moscou, 4 février 2026.";
        let date = find_dates(text)[0];
        assert_eq!(date.span.slice(text), "4 février 2026");
        let text = "4 февраля 2026 г. в Кремле";
        assert_eq!(find_dates(text)[0].span.slice(text), "4 февраля 2026 г.");
    }

    #[test]
    fn ignores_numbers_that_are_not_dates() {
        assert!(find_dates("trade grew by 45 percent to 240 billion").is_empty());
        assert!(find_dates("you may 5 times").is_empty());
    }
}
