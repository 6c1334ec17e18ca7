//! Time expressions in a point, normalised to ISO days and intervals: absolute
//! dates ("4 février 2026", "2月4日"), months, years, quarters, halves and
//! seasons ("au premier semestre 2026", "2026年上半年"), expressions relative
//! to the document's date ("next month", "в прошлом году", "下周二") and vague
//! ones kept as text without dates ("in the near future", "近期", "قريبا").
//!
//! Rules are data: phrase tables (`VAGUE`, `RELATIVE`, `PERIODS`,
//! `WEEKDAYS`, …) for all seven languages, tokenised once; a small grammar
//! then joins neighbours ("first half", "of", "2026"). Nothing is guessed: an
//! expression that needs the document's date gets no dates when there is
//! none, and a vague one never gets any. Spans leave out a leading
//! preposition or article ("en mars" → "mars") but keep what changes the
//! meaning ("next month", "этой неделе").
//!
//! ```
//! use parallax_analyze::times::{self, Day};
//! use parallax_model::Span;
//! let text = "Визит состоится в первой половине 2026 года.";
//! let found = times::find(text, Span::new(0, text.len()), Day::parse_iso("2026-02-04"));
//! assert_eq!(found[0].text, "первой половине 2026 года");
//! assert_eq!(found[0].start.as_deref(), Some("2026-01-01"));
//! assert_eq!(found[0].end.as_deref(), Some("2026-06-30"));
//! ```

use parallax_model::FastMap;
use std::sync::LazyLock;

use parallax_model::{Span, TimeExpr};
use parallax_segment::dates;

/// A calendar day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Day {
    pub year: i32,
    pub month: u32,
    pub day: u32,
}

impl Day {
    /// The day, if it exists in the calendar.
    pub fn new(year: i32, month: u32, day: u32) -> Option<Day> {
        ((1..=12).contains(&month) && day >= 1 && day <= Day::days_in_month(year, month))
            .then_some(Day { year, month, day })
    }

    /// Reads "YYYY-MM-DD" (surrounding spaces allowed).
    pub fn parse_iso(s: &str) -> Option<Day> {
        let s = s.trim();
        let bytes = s.as_bytes();
        if bytes.len() != 10 || bytes[4] != b'-' || bytes[7] != b'-' {
            return None;
        }
        let num = |range: std::ops::Range<usize>| -> Option<u32> {
            let part = &s[range];
            part.bytes()
                .all(|b| b.is_ascii_digit())
                .then(|| part.parse().ok())?
        };
        Day::new(num(0..4)? as i32, num(5..7)?, num(8..10)?)
    }

    /// "YYYY-MM-DD".
    pub fn iso(&self) -> String {
        format!("{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }

    pub fn is_leap_year(year: i32) -> bool {
        (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
    }

    pub fn days_in_month(year: i32, month: u32) -> u32 {
        match month {
            2 if Day::is_leap_year(year) => 29,
            2 => 28,
            4 | 6 | 9 | 11 => 30,
            _ => 31,
        }
    }

    /// Day of the week, 0 = Monday … 6 = Sunday.
    pub fn weekday(&self) -> u32 {
        // 1970-01-01 was a Thursday
        (self.days_since_epoch() + 3).rem_euclid(7) as u32
    }

    pub fn add_days(&self, n: i64) -> Day {
        Day::from_days_since_epoch(self.days_since_epoch() + n)
    }

    /// The first day of the month `n` months after this one's.
    pub fn add_months(&self, n: i32) -> Day {
        let idx = self.year * 12 + self.month as i32 - 1 + n;
        Day {
            year: idx.div_euclid(12),
            month: idx.rem_euclid(12) as u32 + 1,
            day: 1,
        }
    }

    /// The Monday of this day's week.
    pub fn monday(&self) -> Day {
        self.add_days(-i64::from(self.weekday()))
    }

    pub fn last_of_month(&self) -> Day {
        Day {
            day: Day::days_in_month(self.year, self.month),
            ..*self
        }
    }

    /// Days since 1970-01-01 (H. Hinnant's `days_from_civil`).
    pub fn days_since_epoch(&self) -> i64 {
        let month = i64::from(self.month);
        let year = i64::from(self.year) - i64::from(month <= 2);
        let era = year.div_euclid(400);
        let year_of_era = year - era * 400;
        let day_of_year = (153 * ((month + 9) % 12) + 2) / 5 + i64::from(self.day) - 1;
        let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
        era * 146_097 + day_of_era - 719_468
    }

    pub fn from_days_since_epoch(days: i64) -> Day {
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let day_of_era = z - era * 146_097;
        let year_of_era =
            (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
        let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
        let mp = (5 * day_of_year + 2) / 153;
        let day = (day_of_year - (153 * mp + 2) / 5 + 1) as u32;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
        let year = year_of_era + era * 400 + i64::from(month <= 2);
        Day {
            year: year.clamp(i64::from(i32::MIN), i64::from(i32::MAX)) as i32,
            month,
            day,
        }
    }
}

/// Every time expression in the point at `span` of `text`, with absolute byte
/// spans (into `text`). `reference` is the document's date; expressions
/// relative to it, and dates without a year, get no dates without it.
pub fn find(text: &str, span: Span, reference: Option<Day>) -> Vec<TimeExpr> {
    let Some(point) = text.get(span.start..span.end) else {
        return Vec::new();
    };
    let toks = tokenize(point);
    let mut found = date_candidates(point);
    let atoms = atoms(point, &toks);
    let mut idx = 0;
    while idx < atoms.len() {
        match parse_at(point, &toks, &atoms, idx) {
            Some((value, first_atom, next)) => {
                let first = toks[atoms[first_atom].first].span.start;
                let end = toks[atoms[next - 1].end - 1].span.end;
                let weekday = matches!(value, Value::Weekday { .. });
                found.push(Candidate {
                    span: Span::new(first, end),
                    value,
                    weekday,
                });
                idx = next;
            }
            None => idx += 1,
        }
    }
    let found = merge_weekday_dates(point, longest_only(found));
    found
        .into_iter()
        .map(|cand| {
            let days = resolve(cand.value, reference);
            let (range_span, days) = match days {
                Some((start, end)) if start == end => {
                    let (range_span, first, last) = day_range(point, cand.span, start);
                    (range_span, Some((first, last)))
                }
                Some((start, end)) => {
                    let (part_span, first, last) = part_of_period(point, cand.span, start, end);
                    (part_span, Some((first, last)))
                }
                other => (cand.span, other),
            };
            TimeExpr {
                text: range_span.slice(point).to_owned(),
                start: days.map(|(start, _)| start.iso()),
                end: days.map(|(_, end)| end.iso()),
                span: [range_span.start + span.start, range_span.end + span.start],
            }
        })
        .collect()
}

/// Which part of a period a word names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Part {
    Start,
    Middle,
    End,
}

/// Words before a period naming a part of it ("by the end of June", "fin de
/// l'été", "Ende Juni", "в конце июня", "mid-July", "early 2027"), lower-case,
/// as they end just before the period (a trailing article is dropped first).
const PART_BEFORE: &[(&str, Part)] = &[
    ("end of", Part::End),
    ("late", Part::End),
    ("fin de", Part::End),
    ("fin du", Part::End),
    ("fin des", Part::End),
    ("finales de", Part::End),
    ("fines de", Part::End),
    ("final de", Part::End),
    ("ende", Part::End),
    ("конце", Part::End),
    ("конца", Part::End),
    ("beginning of", Part::Start),
    ("start of", Part::Start),
    ("early", Part::Start),
    ("début de", Part::Start),
    ("début du", Part::Start),
    ("principios de", Part::Start),
    ("inicios de", Part::Start),
    ("comienzos de", Part::Start),
    ("anfang", Part::Start),
    ("начале", Part::Start),
    ("начала", Part::Start),
    ("middle of", Part::Middle),
    ("mid-", Part::Middle),
    ("mid", Part::Middle),
    ("mi-", Part::Middle),
    ("mediados de", Part::Middle),
    ("mitte", Part::Middle),
    ("середине", Part::Middle),
];

/// The same right after a Chinese or Japanese period ("6月底", "年初", "7月中旬").
const PART_AFTER: &[(&str, Part)] = &[
    ("底", Part::End),
    ("末", Part::End),
    ("下旬", Part::End),
    ("初", Part::Start),
    ("上旬", Part::Start),
    ("中旬", Part::Middle),
];

/// Articles that may stand between a part word and its period ("the end of
/// the summer", "fin de l'été").
const PART_ARTICLES: &[&str] = &[
    "the", "la", "le", "l'", "l’", "el", "los", "las", "der", "des", "dem",
];

/// A period of several days narrowed to the part a word names: its first,
/// middle or last third, the span widened to take the word in. Unchanged
/// when no word names a part.
fn part_of_period(point: &str, span: Span, start: Day, end: Day) -> (Span, Day, Day) {
    let before = point[..span.start].to_lowercase();
    // lower-casing keeps byte lengths for the scripts listed here; when it
    // does not, the part word is not looked for
    let same_length = before.len() == span.start;
    let mut head = before.trim_end();
    for article in PART_ARTICLES {
        if let Some(rest) = head.strip_suffix(article) {
            if rest.is_empty() || rest.ends_with([' ', '\'']) || article.ends_with(['\'', '’']) {
                head = rest.trim_end();
                break;
            }
        }
    }
    let part_before = PART_BEFORE.iter().find_map(|(words, part)| {
        let at = head.strip_suffix(words)?.len();
        let boundary = head[..at]
            .chars()
            .next_back()
            .is_none_or(|c| !parallax_model::is_letter_or_digit(c));
        (boundary && same_length).then_some((at, *part))
    });
    let after = &point[span.end..];
    let part_after = PART_AFTER
        .iter()
        .find(|(word, _)| after.starts_with(word))
        .map(|(word, part)| (word.len(), *part));
    let (new_span, part) = match (part_before, part_after) {
        (Some((at, part)), _) => (Span::new(at, span.end), part),
        (None, Some((len, part))) => (Span::new(span.start, span.end + len), part),
        (None, None) => return (span, start, end),
    };
    let days = end.days_since_epoch() - start.days_since_epoch() + 1;
    if days < 6 {
        return (span, start, end);
    }
    let third = days / 3;
    let (first, last) = match part {
        Part::Start => (start, start.add_days(third - 1)),
        Part::Middle => (start.add_days(third), end.add_days(-third)),
        Part::End => (end.add_days(1 - third), end),
    };
    (new_span, first, last)
}

/// Words joining the two days of a range: "du 14 au 16 juin", "19 et 20
/// mars", "с 14 по 16 июня", "del 14 al 16 de junio", "14 to 16 June".
const RANGE_JOINS: &[&str] = &[
    " au ", " et ", " and ", " to ", " y ", " al ", " и ", " по ", " bis ", "-", "–", "—",
];
const RANGE_OPENERS: &[&str] = &[
    "du ", "des ", "from ", "del ", "с ", "vom ", "between ", "entre ",
];

/// A single day that is the end of a range written before it ("du 14 au
/// 16 juin") or the start of one written after it ("June 15-17"): the span
/// and the days, widened to the whole range; unchanged when there is none.
fn day_range(point: &str, span: Span, day: Day) -> (Span, Day, Day) {
    let digits_before = |end: usize| -> Option<(usize, u32)> {
        let head = &point[..end];
        let digits_start = head.trim_end_matches(|c: char| c.is_ascii_digit()).len();
        let digits = &head[digits_start..];
        (!digits.is_empty() && digits.len() <= 2)
            .then(|| digits.parse().ok().map(|d| (digits_start, d)))
            .flatten()
    };
    // before: "<D1><join>" right in front of the expression
    let before = &point[..span.start];
    for join in RANGE_JOINS {
        let Some(head_end) = before.strip_suffix(join).map(str::len) else {
            continue;
        };
        let Some((d1_start, d1)) = digits_before(head_end) else {
            continue;
        };
        if d1 < day.day {
            if let Some(first) = Day::new(day.year, day.month, d1) {
                let opener = RANGE_OPENERS
                    .iter()
                    .find(|o| point[..d1_start].ends_with(*o));
                let start = d1_start - opener.map_or(0, |o| o.len());
                return (Span::new(start, span.end), first, day);
            }
        }
    }
    // after: "<join><D2>" right behind the expression ("June 15-17")
    let after = &point[span.end..];
    for join in ["-", "–", "—"] {
        let Some(tail) = after.strip_prefix(join) else {
            continue;
        };
        let digits_len = tail.len() - tail.trim_start_matches(|c: char| c.is_ascii_digit()).len();
        if digits_len == 0 || digits_len > 2 {
            continue;
        }
        let Ok(d2) = tail[..digits_len].parse::<u32>() else {
            continue;
        };
        if d2 > day.day {
            if let Some(last) = Day::new(day.year, day.month, d2) {
                return (
                    Span::new(span.start, span.end + join.len() + digits_len),
                    day,
                    last,
                );
            }
        }
    }
    (span, day, day)
}

// ---------------------------------------------------------------------------
// What an expression means before it is placed against the reference day.

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Unit {
    Day,
    Week,
    Month,
    Quarter,
    Year,
}

/// Which year a month range ("March", "first half", "summer") falls in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum YearSpec {
    Absolute(i32),
    /// Relative to the reference year: 0 = this year, 1 = next year.
    Relative(i32),
    /// None written: the occurrence nearest the reference (for months).
    Nearest,
    /// The next (1), current (0) or previous (-1) occurrence, as in "next
    /// spring", "cet été", "l'hiver dernier".
    Occurrence(i32),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum WeekdayMode {
    /// The most recent such day on or before the reference.
    OnOrBefore,
    /// The next one after the reference.
    Next,
    /// The previous one before the reference.
    Last,
    /// That day of the week `n` weeks from the reference week (下周二).
    InWeek(i32),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Value {
    Vague,
    Relative(Unit, i32),
    Date {
        year: Option<i32>,
        month: u32,
        day: Option<u32>,
    },
    Year(i32),
    Months {
        first: u32,
        last: u32,
        year: YearSpec,
    },
    Weekday {
        weekday: u32,
        mode: WeekdayMode,
    },
}

/// What must surround a word for it to count as a time expression.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Anchor {
    /// Stands alone: "semestre", "3月", "Tuesday".
    None,
    /// After a preposition or with a year or modifier: "in March", "en été"
    /// (not "to march", "a été", "Arab Spring").
    Prep,
    /// Only with a year: "first half of 2026" (not "the first half of the match").
    Year,
    /// Only written in lower case: "mardi", "domingo" (not "Santo Domingo").
    Lower,
}

/// How a month range with no year written is placed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Lone {
    Nearest,
    ThisYear,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Meaning {
    Vague,
    Relative(Unit, i32),
    Months {
        first: u32,
        last: u32,
        lone: Lone,
        anchor: Anchor,
    },
    Weekday(u32, Anchor),
    WeekdayInWeek(u32, i32),
    /// next (1) / this (0) / last (-1), before or after a weekday, month or season.
    Modifier(i32),
    /// "of", "de", "من": between a period and its year.
    Link,
    /// "year", "года", "l'année", "عام": the year is named next to it.
    YearWord,
    /// A year number, with whether a year word ("году", "年") marks it and
    /// whether it ends in "年" (so a period may follow: "2026年上半年").
    Year {
        year: i32,
        marked: bool,
        cjk: bool,
    },
}

// ---------------------------------------------------------------------------
// Phrase tables. Lower-case; apostrophes and hyphens are tokens of their own,
// Arabic is compared without vowel marks and with bare alef.

const VAGUE: &[&str] = &[
    // en
    "soon",
    "shortly",
    "as soon as possible",
    "in the near future",
    "in the foreseeable future",
    "at an early date",
    "at the earliest opportunity",
    "in due course",
    "at a later date",
    "later this year",
    "immediately",
    "at a time convenient",
    "at a mutually convenient time",
    "earlier this year",
    "in the coming days",
    "in the coming weeks",
    "in the coming months",
    "in the coming years",
    "recently",
    // fr
    "prochainement",
    "bientôt",
    "sous peu",
    "dans un avenir proche",
    "dans un proche avenir",
    "dans les meilleurs délais",
    "dans les plus brefs délais",
    "au plus vite",
    "à une date ultérieure",
    "plus tard cette année",
    "plus tard dans l'année",
    "dans les prochains jours",
    "dans les prochaines semaines",
    "dans les prochains mois",
    "récemment",
    // ru
    "в ближайшее время",
    "в удобное время",
    "в удобные сроки",
    "незамедлительно",
    "в скором времени",
    "вскоре",
    "скоро",
    "в ближайшем будущем",
    "в обозримом будущем",
    "в кратчайшие сроки",
    "в ближайшие дни",
    "в ближайшие недели",
    "в ближайшие месяцы",
    "в ближайшие годы",
    "позднее в этом году",
    "позже в этом году",
    "на днях",
    "недавно",
    // zh
    "近期",
    "适时",
    "择期",
    "立即",
    "尽快",
    "尽早",
    "早日",
    "不久",
    "近日",
    "日前",
    "适时",
    "不久的将来",
    "今后",
    // es
    "próximamente",
    "en breve",
    "pronto",
    "en un futuro próximo",
    "en un futuro cercano",
    "en el futuro próximo",
    "en un próximo futuro",
    "lo antes posible",
    "a la mayor brevedad",
    "cuanto antes",
    "más adelante este año",
    "en los próximos días",
    "en las próximas semanas",
    "en los próximos meses",
    "recientemente",
    "hoy en día",
    "hoy día",
    // de
    "bald",
    "baldmöglichst",
    "in naher zukunft",
    "in absehbarer zeit",
    "in kürze",
    "demnächst",
    "zeitnah",
    "so bald wie möglich",
    "so schnell wie möglich",
    "zu einem späteren zeitpunkt",
    "später in diesem jahr",
    "in den kommenden tagen",
    "in den kommenden wochen",
    "in den kommenden monaten",
    "in den nächsten tagen",
    "in den nächsten wochen",
    "in den nächsten monaten",
    "kürzlich",
    // ar
    "قريبا",
    "في القريب العاجل",
    "في المستقبل القريب",
    "في أقرب وقت",
    "في أقرب وقت ممكن",
    "في وقت لاحق",
    "لاحقا",
    "في الأيام المقبلة",
    "في الأسابيع المقبلة",
    "في الأشهر المقبلة",
    "مؤخرا",
];

const RELATIVE: &[(Unit, i32, &[&str])] = &[
    (
        Unit::Day,
        0,
        &[
            "today",
            "this morning",
            "this afternoon",
            "this evening",
            "tonight",
            "aujourd'hui",
            "ce matin",
            "cet après-midi",
            "ce soir",
            "сегодня",
            "сегодня утром",
            "сегодня днём",
            "сегодня днем",
            "сегодня вечером",
            "今天",
            "今日",
            "今晨",
            "今天上午",
            "今天下午",
            "今晚",
            "hoy",
            "esta mañana",
            "esta tarde",
            "esta noche",
            "heute",
            "heute morgen",
            "heute nachmittag",
            "heute abend",
            "اليوم",
            "هذا الصباح",
            "هذا المساء",
        ],
    ),
    (
        Unit::Day,
        -1,
        &[
            "yesterday",
            "hier",
            "вчера",
            "昨天",
            "昨日",
            "ayer",
            "gestern",
            "أمس",
            "الأمس",
        ],
    ),
    (
        Unit::Day,
        1,
        &[
            "tomorrow",
            "demain",
            "завтра",
            "明天",
            "明日",
            "mañana",
            "morgen",
            "غدا",
        ],
    ),
    (
        Unit::Day,
        -2,
        &[
            "day before yesterday",
            "avant-hier",
            "позавчера",
            "前天",
            "anteayer",
            "antes de ayer",
            "vorgestern",
        ],
    ),
    (
        Unit::Day,
        2,
        &[
            "day after tomorrow",
            "après-demain",
            "послезавтра",
            "后天",
            "pasado mañana",
            "übermorgen",
            "بعد غد",
        ],
    ),
    (
        Unit::Week,
        0,
        &[
            "this week",
            "cette semaine",
            "semaine en cours",
            "этой неделе",
            "текущей неделе",
            "эту неделю",
            "本周",
            "这周",
            "本星期",
            "这个星期",
            "esta semana",
            "diese woche",
            "dieser woche",
            "هذا الأسبوع",
        ],
    ),
    (
        Unit::Week,
        1,
        &[
            "next week",
            "semaine prochaine",
            "следующей неделе",
            "будущей неделе",
            "следующую неделю",
            "下周",
            "下星期",
            "下个星期",
            "próxima semana",
            "semana próxima",
            "semana que viene",
            "nächste woche",
            "nächsten woche",
            "kommende woche",
            "kommenden woche",
            "الأسبوع المقبل",
            "الأسبوع القادم",
        ],
    ),
    (
        Unit::Week,
        -1,
        &[
            "last week",
            "semaine dernière",
            "semaine passée",
            "прошлой неделе",
            "прошлую неделю",
            "上周",
            "上星期",
            "上个星期",
            "semana pasada",
            "letzte woche",
            "letzten woche",
            "vergangene woche",
            "vergangenen woche",
            "الأسبوع الماضي",
        ],
    ),
    (
        Unit::Month,
        0,
        &[
            "this month",
            "ce mois",
            "ce mois-ci",
            "mois en cours",
            "этом месяце",
            "текущем месяце",
            "этого месяца",
            "本月",
            "这个月",
            "este mes",
            "diesen monat",
            "diesem monat",
            "dieses monats",
            "هذا الشهر",
            "الشهر الجاري",
            "الشهر الحالي",
        ],
    ),
    (
        Unit::Month,
        1,
        &[
            "next month",
            "mois prochain",
            "следующем месяце",
            "будущем месяце",
            "下个月",
            "下月",
            "próximo mes",
            "mes próximo",
            "mes que viene",
            "nächsten monat",
            "nächsten monats",
            "kommenden monat",
            "الشهر المقبل",
            "الشهر القادم",
        ],
    ),
    (
        Unit::Month,
        -1,
        &[
            "last month",
            "mois dernier",
            "mois passé",
            "прошлом месяце",
            "上个月",
            "上月",
            "mes pasado",
            "letzten monat",
            "vergangenen monat",
            "letzten monats",
            "الشهر الماضي",
        ],
    ),
    (
        Unit::Quarter,
        0,
        &[
            "this quarter",
            "ce trimestre",
            "этом квартале",
            "текущем квартале",
            "本季度",
            "este trimestre",
            "diesem quartal",
        ],
    ),
    (
        Unit::Quarter,
        1,
        &[
            "next quarter",
            "trimestre prochain",
            "следующем квартале",
            "下季度",
            "próximo trimestre",
            "nächsten quartal",
        ],
    ),
    (
        Unit::Year,
        0,
        &[
            "this year",
            "current year",
            "cette année",
            "année en cours",
            "этом году",
            "текущем году",
            "нынешнем году",
            "этого года",
            "текущего года",
            "нынешнего года",
            "今年",
            "本年",
            "年内",
            "este año",
            "año en curso",
            "dieses jahr",
            "diesem jahr",
            "dieses jahres",
            "laufenden jahres",
            "هذا العام",
            "هذه السنة",
            "العام الجاري",
            "العام الحالي",
        ],
    ),
    (
        Unit::Year,
        1,
        &[
            "next year",
            "année prochaine",
            "an prochain",
            "следующем году",
            "будущем году",
            "следующего года",
            "будущего года",
            "明年",
            "próximo año",
            "año próximo",
            "año que viene",
            "nächstes jahr",
            "nächsten jahr",
            "nächsten jahres",
            "kommenden jahr",
            "kommenden jahres",
            "العام المقبل",
            "العام القادم",
            "السنة المقبلة",
        ],
    ),
    (
        Unit::Year,
        -1,
        &[
            "last year",
            "année dernière",
            "an dernier",
            "année passée",
            "an passé",
            "прошлом году",
            "прошлого года",
            "минувшем году",
            "минувшего года",
            "去年",
            "año pasado",
            "pasado año",
            "letztes jahr",
            "letzten jahr",
            "letzten jahres",
            "vergangenes jahr",
            "vergangenen jahr",
            "vergangenen jahres",
            "العام الماضي",
            "السنة الماضية",
        ],
    ),
    (Unit::Year, -2, &["前年"]),
    (Unit::Year, 2, &["后年"]),
];

/// Halves, quarters and seasons: (first month, last month, what must surround
/// the words, the words).
const PERIODS: &[(u32, u32, Anchor, &[&str])] = &[
    // halves
    (
        1,
        6,
        Anchor::None,
        &[
            "premier semestre",
            "первом полугодии",
            "первое полугодие",
            "первого полугодия",
            "上半年",
            "primer semestre",
            "ersten jahreshälfte",
            "erste jahreshälfte",
            "ersten halbjahr",
            "erste halbjahr",
        ],
    ),
    (
        7,
        12,
        Anchor::None,
        &[
            "second semestre",
            "deuxième semestre",
            "втором полугодии",
            "второе полугодие",
            "второго полугодия",
            "下半年",
            "segundo semestre",
            "zweiten jahreshälfte",
            "zweite jahreshälfte",
            "zweiten halbjahr",
            "zweite halbjahr",
        ],
    ),
    (
        1,
        6,
        Anchor::Year,
        &[
            "first half",
            "h1",
            "première moitié",
            "первой половине",
            "первую половину",
            "первой половины",
            "primera mitad",
            "ersten hälfte",
            "النصف الأول",
        ],
    ),
    (
        7,
        12,
        Anchor::Year,
        &[
            "second half",
            "h2",
            "seconde moitié",
            "deuxième moitié",
            "второй половине",
            "вторую половину",
            "второй половины",
            "segunda mitad",
            "zweiten hälfte",
            "النصف الثاني",
        ],
    ),
    // quarters
    (
        1,
        3,
        Anchor::None,
        &[
            "first quarter",
            "1st quarter",
            "q1",
            "premier trimestre",
            "первом квартале",
            "первый квартал",
            "первого квартала",
            "第一季度",
            "一季度",
            "primer trimestre",
            "ersten quartal",
            "erste quartal",
            "الربع الأول",
        ],
    ),
    (
        4,
        6,
        Anchor::None,
        &[
            "second quarter",
            "2nd quarter",
            "q2",
            "deuxième trimestre",
            "second trimestre",
            "втором квартале",
            "второй квартал",
            "второго квартала",
            "第二季度",
            "二季度",
            "segundo trimestre",
            "zweiten quartal",
            "zweite quartal",
            "الربع الثاني",
        ],
    ),
    (
        7,
        9,
        Anchor::None,
        &[
            "third quarter",
            "3rd quarter",
            "q3",
            "troisième trimestre",
            "третьем квартале",
            "третий квартал",
            "третьего квартала",
            "第三季度",
            "三季度",
            "tercer trimestre",
            "dritten quartal",
            "dritte quartal",
            "الربع الثالث",
        ],
    ),
    (
        10,
        12,
        Anchor::None,
        &[
            "fourth quarter",
            "4th quarter",
            "q4",
            "quatrième trimestre",
            "четвертом квартале",
            "четвертый квартал",
            "четвертого квартала",
            "第四季度",
            "四季度",
            "cuarto trimestre",
            "vierten quartal",
            "vierte quartal",
            "الربع الرابع",
        ],
    ),
    // seasons (northern hemisphere)
    (3, 5, Anchor::None, &["весной", "春季", "春天", "今春"]),
    (6, 8, Anchor::None, &["летом", "夏季", "夏天", "今夏"]),
    (9, 11, Anchor::None, &["осенью", "秋季", "秋天", "今秋"]),
    (12, 2, Anchor::None, &["зимой", "冬季", "冬天", "今冬"]),
    (
        3,
        5,
        Anchor::Prep,
        &[
            "spring",
            "printemps",
            "primavera",
            "frühling",
            "frühjahr",
            "الربيع",
        ],
    ),
    (
        6,
        8,
        Anchor::Prep,
        &["summer", "été", "verano", "sommer", "الصيف"],
    ),
    (
        9,
        11,
        Anchor::Prep,
        &["autumn", "automne", "otoño", "herbst", "الخريف"],
    ),
    (
        12,
        2,
        Anchor::Prep,
        &["winter", "hiver", "invierno", "الشتاء"],
    ),
];

/// Weekday words by day (0 = Monday): those that stand alone, those only in
/// lower case, those only after a preposition.
const WEEKDAYS: &[(u32, Anchor, &[&str])] = &[
    (
        0,
        Anchor::None,
        &["monday", "montag", "周一", "星期一", "يوم الاثنين"],
    ),
    (
        1,
        Anchor::None,
        &["tuesday", "dienstag", "周二", "星期二", "الثلاثاء"],
    ),
    (
        2,
        Anchor::None,
        &["wednesday", "mittwoch", "周三", "星期三", "الأربعاء"],
    ),
    (
        3,
        Anchor::None,
        &["thursday", "donnerstag", "周四", "星期四", "الخميس"],
    ),
    (
        4,
        Anchor::None,
        &["friday", "freitag", "周五", "星期五", "يوم الجمعة"],
    ),
    (
        5,
        Anchor::None,
        &[
            "saturday",
            "samstag",
            "sonnabend",
            "周六",
            "星期六",
            "يوم السبت",
        ],
    ),
    (
        6,
        Anchor::None,
        &["sunday", "sonntag", "周日", "星期日", "星期天", "يوم الأحد"],
    ),
    (0, Anchor::Lower, &["lundi", "lunes"]),
    (1, Anchor::Lower, &["mardi", "martes"]),
    (2, Anchor::Lower, &["mercredi", "miércoles"]),
    (3, Anchor::Lower, &["jeudi", "jueves"]),
    (4, Anchor::Lower, &["vendredi", "viernes"]),
    (5, Anchor::Lower, &["samedi", "sábado"]),
    (6, Anchor::Lower, &["dimanche", "domingo"]),
    (0, Anchor::Prep, &["понедельник"]),
    (1, Anchor::Prep, &["вторник"]),
    (2, Anchor::Prep, &["среду"]),
    (3, Anchor::Prep, &["четверг"]),
    (4, Anchor::Prep, &["пятницу"]),
    (5, Anchor::Prep, &["субботу"]),
    (6, Anchor::Prep, &["воскресенье"]),
];

const MODIFIERS: &[(i32, &[&str])] = &[
    (
        1,
        &[
            "next",
            "coming",
            "prochain",
            "prochaine",
            "следующий",
            "следующую",
            "следующее",
            "следующей",
            "следующим",
            "ближайший",
            "ближайшую",
            "próximo",
            "próxima",
            "que viene",
            "nächsten",
            "nächster",
            "nächste",
            "kommenden",
            "kommender",
            "المقبل",
            "المقبلة",
            "القادم",
            "القادمة",
        ],
    ),
    (
        0,
        &[
            "this", "ce", "cet", "cette", "этот", "эту", "это", "этой", "этим", "este", "esta",
            "diesen", "dieser", "diese", "dieses", "diesem", "هذا", "هذه",
        ],
    ),
    (
        -1,
        &[
            "last",
            "past",
            "dernier",
            "dernière",
            "passé",
            "прошлый",
            "прошлую",
            "прошлое",
            "прошлой",
            "прошлым",
            "минувший",
            "минувшую",
            "pasado",
            "pasada",
            "letzten",
            "letzter",
            "letzte",
            "vergangenen",
            "vergangener",
            "الماضي",
            "الماضية",
        ],
    ),
];

const LINKS: &[&str] = &["of", "de", "del", "d", "des", "du", "من"];

const YEAR_WORDS: &[&str] = &[
    "year",
    "the year",
    "année",
    "года",
    "año",
    "jahr",
    "jahre",
    "jahres",
    "عام",
    "العام",
    "سنة",
    "السنة",
    "لعام",
];

/// Words that, just before a month or season, make it a time: "in March",
/// "en été", "в марте", "im Herbst", "في مارس".
const PREPOSITIONS: &[&str] = &[
    "in",
    "for",
    "during",
    "by",
    "since",
    "until",
    "till",
    "through",
    "throughout",
    "before",
    "after",
    "from",
    "early",
    "late",
    "mid",
    "around",
    "beginning",
    "end",
    "middle",
    "start",
    "within",
    "en",
    "au",
    "dès",
    "depuis",
    "avant",
    "après",
    "jusqu",
    "vers",
    "début",
    "fin",
    "mi",
    "courant",
    "pendant",
    "durant",
    "partir",
    "в",
    "во",
    "с",
    "со",
    "до",
    "к",
    "по",
    "начале",
    "конце",
    "середине",
    "течение",
    "после",
    "перед",
    "desde",
    "hasta",
    "durante",
    "antes",
    "después",
    "para",
    "principios",
    "finales",
    "mediados",
    "inicios",
    "fines",
    "im",
    "seit",
    "bis",
    "ab",
    "vor",
    "nach",
    "anfang",
    "ende",
    "mitte",
    "während",
    "zum",
    "vom",
    "um",
    "في",
    "خلال",
    "منذ",
    "حتى",
    "قبل",
    "بعد",
    "بحلول",
    "مطلع",
    "اواخر",
    "اوائل",
    "منتصف",
    "بداية",
    "نهاية",
];

/// Words a preposition may be separated from its period by ("in the spring",
/// "à la fin de l'été"), and that may sit between a period and its year.
const ARTICLES: &[&str] = &[
    "the", "l", "'", "le", "la", "les", "el", "los", "las", "der", "den", "dem", "die", "das",
];

/// Words after which "mañana"/"morgen" is the morning, not tomorrow.
const MORNING_BEFORE: &[&str] = &[
    "la", "esta", "por", "cada", "una", "toda", "esa", "media", "am", "heute", "gestern", "jeden",
    "guten", "den", "dem", "der", "einen", "diesen", "frühen",
];

/// English, French and Spanish month words that are also other words or
/// abbreviations: never a month alone.
const NOT_LONE_MONTHS: &[&str] = &[
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "janv",
    "févr", "avr", "juil", "déc", "okt", "dez", "آب",
];

// ---------------------------------------------------------------------------
// Tokens

#[derive(Debug, Clone, PartialEq, Eq)]
enum Kind {
    Word(String),
    Num { value: u32, digits: u32 },
    Cjk(char),
    Punct(char),
}

#[derive(Debug, Clone)]
struct Tok {
    kind: Kind,
    span: Span,
}

impl Tok {
    fn word(&self) -> Option<&str> {
        match &self.kind {
            Kind::Word(w) => Some(w),
            _ => None,
        }
    }

    fn is_word_in(&self, list: &[&str]) -> bool {
        self.word().is_some_and(|w| list.contains(&w))
    }
}

fn digit_value(c: char) -> Option<u32> {
    match c {
        '0'..='9' => Some(c as u32 - '0' as u32),
        '\u{660}'..='\u{669}' => Some(c as u32 - 0x660),
        '\u{6F0}'..='\u{6F9}' => Some(c as u32 - 0x6F0),
        _ => None,
    }
}

/// Arabic vowel marks and the tatweel, left out when comparing words.
fn is_arabic_mark(c: char) -> bool {
    matches!(c as u32, 0x064B..=0x065F | 0x0670 | 0x0640)
}

fn is_word_char(c: char) -> bool {
    (parallax_model::is_letter_or_digit(c) && !parallax_model::is_cjk(c)) || is_arabic_mark(c)
}

fn normalize(word: &str) -> String {
    let mut out = String::with_capacity(word.len());
    for c in word.chars() {
        match c {
            'ё' | 'Ё' => out.push('е'),
            'أ' | 'إ' | 'آ' => out.push('ا'),
            c if is_arabic_mark(c) => {}
            c => out.extend(c.to_lowercase()),
        }
    }
    out
}

fn tokenize(text: &str) -> Vec<Tok> {
    let mut toks = Vec::new();
    let mut chars = text.char_indices().peekable();
    while let Some((start, ch)) = chars.next() {
        if is_word_char(ch) {
            let mut end = start + ch.len_utf8();
            while let Some(&(idx, c)) = chars.peek() {
                if !is_word_char(c) {
                    break;
                }
                end = idx + c.len_utf8();
                chars.next();
            }
            push_run(text, start, end, &mut toks);
        } else if parallax_model::is_cjk(ch) {
            let span = Span::new(start, start + ch.len_utf8());
            toks.push(Tok {
                kind: Kind::Cjk(ch),
                span,
            });
        } else if !ch.is_whitespace() {
            let span = Span::new(start, start + ch.len_utf8());
            let ch = if matches!(ch, '’' | '‘' | 'ʼ') {
                '\''
            } else {
                ch
            };
            toks.push(Tok {
                kind: Kind::Punct(ch),
                span,
            });
        }
    }
    toks
}

/// One run of letters and digits: a number, a word, or a number with the
/// Russian year abbreviation stuck to it ("2026г").
fn push_run(text: &str, start: usize, end: usize, toks: &mut Vec<Tok>) {
    let run = &text[start..end];
    let digits_end = run
        .char_indices()
        .find(|(_, c)| digit_value(*c).is_none())
        .map_or(run.len(), |(idx, _)| idx);
    let rest = &run[digits_end..];
    if digits_end > 0 && (rest.is_empty() || matches!(rest, "г" | "гг")) {
        let (mut value, mut digits) = (0u32, 0u32);
        for c in run[..digits_end].chars() {
            value = value
                .saturating_mul(10)
                .saturating_add(digit_value(c).unwrap_or(0));
            digits = digits.saturating_add(1);
        }
        toks.push(Tok {
            kind: Kind::Num { value, digits },
            span: Span::new(start, start + digits_end),
        });
        if !rest.is_empty() {
            toks.push(Tok {
                kind: Kind::Word(rest.to_owned()),
                span: Span::new(start + digits_end, end),
            });
        }
        return;
    }
    let mut word = normalize(run);
    let mut start = start;
    // "والعام" = "and the year": the conjunction or preposition is not part of the word
    if ["وال", "بال", "فال", "كال"]
        .iter()
        .any(|p| word.starts_with(p))
    {
        word.drain(..'و'.len_utf8());
        start += run.chars().next().map_or(0, char::len_utf8);
    }
    toks.push(Tok {
        kind: Kind::Word(word),
        span: Span::new(start, end),
    });
}

// ---------------------------------------------------------------------------
// Phrase matching

struct Phrase {
    kinds: Vec<Kind>,
    meaning: Meaning,
}

/// All phrases, indexed by their first token.
struct Phrases {
    phrases: Vec<Phrase>,
    by_first: FastMap<String, Vec<usize>>,
}

fn key_of<'a>(kind: &'a Kind, buf: &'a mut [u8; 4]) -> Option<&'a str> {
    match kind {
        Kind::Word(w) => Some(w),
        Kind::Cjk(c) | Kind::Punct(c) => Some(c.encode_utf8(buf)),
        Kind::Num { .. } => None,
    }
}

static PHRASES: LazyLock<Phrases> = LazyLock::new(|| {
    let mut list: Vec<(&str, Meaning)> = Vec::new();
    list.extend(VAGUE.iter().map(|p| (*p, Meaning::Vague)));
    for (unit, shift, forms) in RELATIVE {
        list.extend(forms.iter().map(|p| (*p, Meaning::Relative(*unit, *shift))));
    }
    for (first, last, anchor, forms) in PERIODS {
        let meaning = Meaning::Months {
            first: *first,
            last: *last,
            lone: Lone::ThisYear,
            anchor: *anchor,
        };
        list.extend(forms.iter().map(|p| (*p, meaning)));
    }
    for (weekday, anchor, forms) in WEEKDAYS {
        list.extend(
            forms
                .iter()
                .map(|p| (*p, Meaning::Weekday(*weekday, *anchor))),
        );
    }
    for (shift, forms) in MODIFIERS {
        list.extend(forms.iter().map(|p| (*p, Meaning::Modifier(*shift))));
    }
    list.extend(LINKS.iter().map(|p| (*p, Meaning::Link)));
    list.extend(YEAR_WORDS.iter().map(|p| (*p, Meaning::YearWord)));
    let mut owned: Vec<(String, Meaning)> = Vec::new();
    // 下周二, 上星期五, 本周日: a weekday of a given week
    for (prefix, shift) in [("上", -1), ("下", 1), ("本", 0), ("这", 0)] {
        for week in ["周", "星期", "礼拜"] {
            for (idx, day) in ["一", "二", "三", "四", "五", "六", "日", "天"]
                .iter()
                .enumerate()
            {
                let weekday = (idx as u32).min(6);
                owned.push((
                    format!("{prefix}{week}{day}"),
                    Meaning::WeekdayInWeek(weekday, shift),
                ));
            }
        }
    }
    let mut phrases = Vec::new();
    let mut by_first: FastMap<String, Vec<usize>> = FastMap::default();
    let all = list
        .into_iter()
        .map(|(p, m)| (p.to_owned(), m))
        .chain(owned);
    for (text, meaning) in all {
        let kinds: Vec<Kind> = tokenize(&text).into_iter().map(|t| t.kind).collect();
        let mut buf = [0u8; 4];
        let Some(key) = kinds.first().and_then(|k| key_of(k, &mut buf)) else {
            continue;
        };
        by_first
            .entry(key.to_owned())
            .or_default()
            .push(phrases.len());
        phrases.push(Phrase { kinds, meaning });
    }
    Phrases { phrases, by_first }
});

/// The longest phrase starting at token `idx`: its meaning and token count.
fn phrase_at(toks: &[Tok], idx: usize) -> Option<(Meaning, usize)> {
    let table = &*PHRASES;
    let mut buf = [0u8; 4];
    let key = key_of(&toks[idx].kind, &mut buf)?;
    let candidates = table.by_first.get(key)?;
    let mut best: Option<(Meaning, usize)> = None;
    for &phrase_idx in candidates {
        let phrase = &table.phrases[phrase_idx];
        let n = phrase.kinds.len();
        let fits = toks.len() - idx >= n
            && phrase
                .kinds
                .iter()
                .zip(&toks[idx..])
                .all(|(kind, tok)| *kind == tok.kind);
        if fits && best.is_none_or(|(_, len)| n > len) {
            best = Some((phrase.meaning, n));
        }
    }
    best
}

// ---------------------------------------------------------------------------
// Atoms: the pieces a time expression is made of, in token order.

#[derive(Debug, Clone, Copy)]
struct Atom {
    meaning: Meaning,
    /// Token range [first, end).
    first: usize,
    end: usize,
}

fn atoms(text: &str, toks: &[Tok]) -> Vec<Atom> {
    let mut atoms = Vec::new();
    let mut idx = 0;
    while idx < toks.len() {
        let found = phrase_at(toks, idx)
            .filter(|(meaning, _)| phrase_fits_context(text, toks, idx, *meaning))
            .or_else(|| year_at(toks, idx))
            .or_else(|| cjk_month_at(toks, idx))
            .or_else(|| lone_month_at(text, toks, idx));
        match found {
            Some((meaning, len)) => {
                atoms.push(Atom {
                    meaning,
                    first: idx,
                    end: idx + len,
                });
                idx += len;
            }
            None => idx += 1,
        }
    }
    atoms
}

/// Words that are time words only in some company: "mañana" is not tomorrow in
/// "esta mañana", "周一" is not Monday in "一周一次", "冬季" is not winter in
/// "冬季奥运会", "اليوم" is not today in "اليوم الوطني".
fn phrase_fits_context(text: &str, toks: &[Tok], idx: usize, meaning: Meaning) -> bool {
    let prev = idx.checked_sub(1).map(|i| &toks[i]);
    let tok = &toks[idx];
    match meaning {
        Meaning::Relative(Unit::Day, 1) if tok.is_word_in(&["mañana", "morgen"]) => {
            !prev.is_some_and(|p| p.is_word_in(MORNING_BEFORE))
        }
        Meaning::Relative(Unit::Day, 0) if tok.is_word_in(&["اليوم"]) => !toks
            .get(idx + 1)
            .and_then(Tok::word)
            .is_some_and(|w| w.starts_with("ال")),
        Meaning::Weekday(..) | Meaning::Months { .. } if matches!(tok.kind, Kind::Cjk(_)) => {
            let prev_is_count = prev.is_some_and(
                |p| matches!(p.kind, Kind::Cjk(c) if "一二三四五六七八九十两几每".contains(c)),
            );
            let before_event = toks
                .get(idx + 2)
                .is_some_and(|t| matches!(t.kind, Kind::Cjk(c) if "奥达运攻学营".contains(c)));
            !prev_is_count && !before_event
        }
        Meaning::Weekday(_, Anchor::Lower) => !tok.span.slice(text).starts_with(char::is_uppercase),
        _ => true,
    }
}

/// A year number 1900–2100, with the year word after it ("2026 года",
/// "2026 г.", "2026年").
fn year_at(toks: &[Tok], idx: usize) -> Option<(Meaning, usize)> {
    let Kind::Num { value, digits: 4 } = toks[idx].kind else {
        return None;
    };
    if !(1900..=2100).contains(&value) || part_of_longer_number(toks, idx) {
        return None;
    }
    let mut len = 1;
    let mut marked = false;
    let mut cjk = false;
    match toks.get(idx + 1).map(|t| &t.kind) {
        Some(Kind::Word(w)) if matches!(w.as_str(), "года" | "году" | "год" | "г" | "гг") =>
        {
            marked = true;
            len = 2;
            if matches!(w.as_str(), "г" | "гг")
                && matches!(toks.get(idx + 2).map(|t| &t.kind), Some(Kind::Punct('.')))
            {
                len = 3;
            }
        }
        Some(Kind::Cjk('年')) => {
            marked = true;
            cjk = true;
            len = 2;
        }
        _ => {}
    }
    Some((
        Meaning::Year {
            year: value as i32,
            marked,
            cjk,
        },
        len,
    ))
}

/// Whether the number at `idx` is part of a longer one: "1,2026", "2026.5",
/// "+7 2026 555", "12-2026".
fn part_of_longer_number(toks: &[Tok], idx: usize) -> bool {
    let touching = |a: &Tok, b: &Tok| a.span.end == b.span.start;
    let tok = &toks[idx];
    let is_num = |i: usize| matches!(toks.get(i).map(|t| &t.kind), Some(Kind::Num { .. }));
    let joiner = |t: &Tok| matches!(t.kind, Kind::Punct(',' | '.' | '-' | '/' | ':' | '+'));
    let before = idx >= 2
        && joiner(&toks[idx - 1])
        && touching(&toks[idx - 1], tok)
        && is_num(idx - 2)
        && touching(&toks[idx - 2], &toks[idx - 1]);
    let after = idx + 2 < toks.len()
        && joiner(&toks[idx + 1])
        && touching(tok, &toks[idx + 1])
        && is_num(idx + 2)
        && touching(&toks[idx + 1], &toks[idx + 2]);
    let sign = idx >= 1
        && matches!(
            toks[idx - 1].kind,
            Kind::Punct('+' | '$' | '€' | '£' | '¥' | '№' | '#')
        )
        && touching(&toks[idx - 1], tok);
    let next_is_number = is_num(idx + 1) || is_num(idx.wrapping_sub(1));
    before || after || sign || next_is_number
}

/// "3月" without a day after it.
fn cjk_month_at(toks: &[Tok], idx: usize) -> Option<(Meaning, usize)> {
    let Kind::Num { value, digits } = toks[idx].kind else {
        return None;
    };
    if digits > 2 || !(1..=12).contains(&value) {
        return None;
    }
    let is_month_sign = matches!(toks.get(idx + 1).map(|t| &t.kind), Some(Kind::Cjk('月')));
    let day_follows = matches!(toks.get(idx + 2).map(|t| &t.kind), Some(Kind::Num { .. }));
    let in_number = idx >= 1
        && matches!(
            toks[idx - 1].kind,
            Kind::Punct('.' | ',') | Kind::Num { .. }
        );
    (is_month_sign && !day_follows && !in_number).then_some((
        Meaning::Months {
            first: value,
            last: value,
            lone: Lone::Nearest,
            anchor: Anchor::None,
        },
        2,
    ))
}

/// A month name on its own ("March", "марте"); needs a preposition or year.
fn lone_month_at(text: &str, toks: &[Tok], idx: usize) -> Option<(Meaning, usize)> {
    let word = toks[idx].word()?;
    if NOT_LONE_MONTHS.contains(&word) {
        return None;
    }
    let source = toks[idx].span.slice(text);
    // "may" and "march" in lower case are a verb
    if matches!(word, "may" | "march") && source.starts_with(char::is_lowercase) {
        return None;
    }
    let month = dates::month_of(source)?;
    Some((
        Meaning::Months {
            first: month,
            last: month,
            lone: Lone::Nearest,
            anchor: Anchor::Prep,
        },
        1,
    ))
}

// ---------------------------------------------------------------------------
// Grammar: atoms that belong together.

/// Whether only articles separate the tokens [from, to).
fn only_articles_between(toks: &[Tok], from: usize, to: usize) -> bool {
    from <= to && to - from <= 2 && toks[from..to].iter().all(|t| t.is_word_in(ARTICLES))
}

/// Whether a preposition comes just before token `idx` (articles and "of"
/// may sit between: "in the spring", "à la fin de l'été").
fn preposition_before(toks: &[Tok], idx: usize) -> bool {
    let mut idx = idx;
    for _ in 0..4 {
        let Some(prev) = idx.checked_sub(1) else {
            return false;
        };
        let tok = &toks[prev];
        if tok.is_word_in(PREPOSITIONS) {
            return true;
        }
        // "in the month of October", "en el mes de octubre"
        let skippable = tok.is_word_in(ARTICLES)
            || tok.is_word_in(LINKS)
            || tok.is_word_in(&["month", "mes", "mois", "monat"])
            || matches!(tok.kind, Kind::Punct('-' | '\''));
        if !skippable {
            return false;
        }
        idx = prev;
    }
    false
}

/// The expression starting at atom `idx`: its value, the first atom and the
/// index of the atom after it.
fn parse_at(text: &str, toks: &[Tok], atoms: &[Atom], idx: usize) -> Option<(Value, usize, usize)> {
    let atom = atoms[idx];
    let next = |k: usize| -> Option<Meaning> {
        let a = atoms.get(k)?;
        only_articles_between(toks, atoms[k - 1].end, a.first).then_some(a.meaning)
    };
    match atom.meaning {
        Meaning::Vague => Some((Value::Vague, idx, idx + 1)),
        Meaning::Relative(Unit::Year, shift) => {
            // 今年上半年, 明年3月
            if ends_in_nian(toks, atom) {
                if let Some((first, last, _)) = months_of(next(idx + 1)) {
                    let year = YearSpec::Relative(shift);
                    return Some((Value::Months { first, last, year }, idx, idx + 2));
                }
            }
            Some((Value::Relative(Unit::Year, shift), idx, idx + 1))
        }
        Meaning::Relative(unit, shift) => Some((Value::Relative(unit, shift), idx, idx + 1)),
        Meaning::Year { year, marked, cjk } => {
            if cjk {
                if let Some((first, last, _)) = months_of(next(idx + 1)) {
                    let year = YearSpec::Absolute(year);
                    return Some((Value::Months { first, last, year }, idx, idx + 2));
                }
            }
            (marked || preposition_before(toks, atom.first)).then_some((
                Value::Year(year),
                idx,
                idx + 1,
            ))
        }
        Meaning::YearWord => match next(idx + 1) {
            Some(Meaning::Year { year, .. }) => Some((Value::Year(year), idx, idx + 2)),
            _ => None,
        },
        Meaning::Modifier(shift) => match next(idx + 1) {
            Some(Meaning::Weekday(weekday, _)) => Some((
                Value::Weekday {
                    weekday,
                    mode: weekday_mode(shift),
                },
                idx,
                idx + 2,
            )),
            Some(Meaning::Months {
                first,
                last,
                anchor: Anchor::Prep | Anchor::None,
                ..
            }) if first == last || !is_half_or_quarter(first, last) => Some((
                Value::Months {
                    first,
                    last,
                    year: YearSpec::Occurrence(shift),
                },
                idx,
                idx + 2,
            )),
            _ => None,
        },
        Meaning::Weekday(weekday, anchor) => {
            if let Some(Meaning::Modifier(shift)) = next(idx + 1) {
                let mode = weekday_mode(shift);
                return Some((Value::Weekday { weekday, mode }, idx, idx + 2));
            }
            let fits = anchor != Anchor::Prep || preposition_before(toks, atom.first);
            let mode = WeekdayMode::OnOrBefore;
            fits.then_some((Value::Weekday { weekday, mode }, idx, idx + 1))
        }
        Meaning::WeekdayInWeek(weekday, shift) => Some((
            Value::Weekday {
                weekday,
                mode: WeekdayMode::InWeek(shift),
            },
            idx,
            idx + 1,
        )),
        Meaning::Months {
            first,
            last,
            lone,
            anchor,
        } => {
            let (year, next_idx) = year_after(
                toks,
                atoms,
                idx,
                first == last || !is_half_or_quarter(first, last),
            )
            .map_or((None, idx + 1), |(y, n)| (Some(y), n));
            let year = match year {
                Some(year) => year,
                None => {
                    let fits = match anchor {
                        Anchor::None => true,
                        Anchor::Prep => preposition_before(toks, atom.first),
                        Anchor::Year => false,
                        Anchor::Lower => !toks[atom.first]
                            .span
                            .slice(text)
                            .starts_with(char::is_uppercase),
                    };
                    if !fits {
                        return None;
                    }
                    match lone {
                        Lone::Nearest => YearSpec::Nearest,
                        Lone::ThisYear => YearSpec::Occurrence(0),
                    }
                }
            };
            Some((Value::Months { first, last, year }, idx, next_idx))
        }
        Meaning::Link => None,
    }
}

fn weekday_mode(shift: i32) -> WeekdayMode {
    match shift {
        1.. => WeekdayMode::Next,
        0 => WeekdayMode::OnOrBefore,
        _ => WeekdayMode::Last,
    }
}

fn is_half_or_quarter(first: u32, last: u32) -> bool {
    matches!(
        (first, last),
        (1, 6) | (7, 12) | (1, 3) | (4, 6) | (7, 9) | (10, 12)
    )
}

fn months_of(meaning: Option<Meaning>) -> Option<(u32, u32, Anchor)> {
    match meaning? {
        Meaning::Months {
            first,
            last,
            anchor,
            ..
        } => Some((first, last, anchor)),
        _ => None,
    }
}

fn ends_in_nian(toks: &[Tok], atom: Atom) -> bool {
    matches!(toks[atom.end - 1].kind, Kind::Cjk('年'))
}

/// The year written after a period at atom `idx` ("2026", "of 2026", "de
/// l'année prochaine", "этого года", "des Jahres", "prochain"): which year and
/// the atom after it. `modifiable`: whether "next"/"last" may follow (months
/// and seasons: "mars prochain", "el verano pasado").
fn year_after(
    toks: &[Tok],
    atoms: &[Atom],
    idx: usize,
    modifiable: bool,
) -> Option<(YearSpec, usize)> {
    let next = |k: usize| -> Option<Meaning> {
        let a = atoms.get(k)?;
        only_articles_between(toks, atoms[k - 1].end, a.first).then_some(a.meaning)
    };
    let mut k = idx + 1;
    if next(k) == Some(Meaning::Link) {
        k += 1;
    }
    match next(k)? {
        Meaning::Year { year, .. } => Some((YearSpec::Absolute(year), k + 1)),
        Meaning::Relative(Unit::Year, shift) => Some((YearSpec::Relative(shift), k + 1)),
        Meaning::YearWord => match next(k + 1) {
            Some(Meaning::Year { year, .. }) => Some((YearSpec::Absolute(year), k + 2)),
            _ => Some((YearSpec::Relative(0), k + 1)),
        },
        Meaning::Modifier(shift) if modifiable && k == idx + 1 => {
            Some((YearSpec::Occurrence(shift), k + 1))
        }
        _ => None,
    }
}

// ---------------------------------------------------------------------------
// Candidates and overlaps

#[derive(Debug, Clone, Copy)]
struct Candidate {
    /// Relative to the point.
    span: Span,
    value: Value,
    weekday: bool,
}

/// Absolute dates from the date reader, without those that are pieces of
/// phone or reference numbers ("+7 495 04.02.2026-1").
fn date_candidates(point: &str) -> Vec<Candidate> {
    dates::find_dates(point)
        .into_iter()
        .filter(|mention| {
            let written = mention.span.slice(point);
            if written.chars().any(parallax_model::is_letter)
                || written.chars().any(parallax_model::is_cjk)
            {
                return true;
            }
            let before = point[..mention.span.start].chars().next_back();
            let before2 = point[..mention.span.start].chars().rev().nth(1);
            let after = point[mention.span.end..].chars().next();
            let after2 = point[mention.span.end..].chars().nth(1);
            let digitish = |c: Option<char>| c.is_some_and(|c| c.is_ascii_digit());
            let glued_before = digitish(before)
                || matches!(before, Some('+' | '-' | '/'))
                || (before == Some('.') && digitish(before2));
            let glued_after = digitish(after)
                || (matches!(after, Some('-' | '/' | '.' | ':')) && digitish(after2));
            !glued_before && !glued_after
        })
        .map(|mention| Candidate {
            span: mention.span,
            value: Value::Date {
                year: mention.year,
                month: mention.month,
                day: mention.day,
            },
            weekday: false,
        })
        .collect()
}

/// Where expressions overlap, only the longest stays.
fn longest_only(mut found: Vec<Candidate>) -> Vec<Candidate> {
    found.sort_by_key(|c| (c.span.start, std::cmp::Reverse(c.span.end)));
    let mut kept: Vec<Candidate> = Vec::with_capacity(found.len());
    for cand in found {
        match kept.last_mut() {
            Some(last) if cand.span.start < last.span.end => {
                if cand.span.len() > last.span.len() {
                    *last = cand;
                }
            }
            _ => kept.push(cand),
        }
    }
    kept
}

/// "Tuesday, February 3" / "mardi 3 février" is one expression: the date.
fn merge_weekday_dates(point: &str, found: Vec<Candidate>) -> Vec<Candidate> {
    let mut merged: Vec<Candidate> = Vec::with_capacity(found.len());
    for cand in found {
        if let Some(last) = merged.last_mut() {
            let between = point[last.span.end..cand.span.start]
                .trim_matches(|c: char| c == ',' || c.is_whitespace());
            if last.weekday
                && matches!(cand.value, Value::Date { day: Some(_), .. })
                && matches!(between, "" | "the" | "le" | "el" | "den" | "der")
            {
                *last = Candidate {
                    span: Span::new(last.span.start, cand.span.end),
                    value: cand.value,
                    weekday: false,
                };
                continue;
            }
        }
        merged.push(cand);
    }
    merged
}

// ---------------------------------------------------------------------------
// Placing values on the calendar

fn resolve(value: Value, reference: Option<Day>) -> Option<(Day, Day)> {
    match value {
        Value::Vague => None,
        Value::Year(year) => Some((Day::new(year, 1, 1)?, Day::new(year, 12, 31)?)),
        Value::Date {
            year: Some(year),
            month,
            day: Some(day),
        } => Day::new(year, month, day).map(|d| (d, d)),
        Value::Date {
            year: Some(year),
            month,
            day: None,
        } => Some(month_range(year, month, month)),
        Value::Date {
            year: None,
            month,
            day: Some(day),
        } => {
            let reference = reference?;
            [0, 1, -1]
                .into_iter()
                .filter_map(|shift| Day::new(reference.year + shift, month, day))
                .min_by_key(|d| (d.days_since_epoch() - reference.days_since_epoch()).abs())
                .map(|d| (d, d))
        }
        Value::Date {
            year: None,
            day: None,
            ..
        } => None,
        Value::Months { first, last, year } => {
            let year = match year {
                YearSpec::Absolute(year) => year,
                spec => months_year(first, last, spec, reference?),
            };
            Some(month_range(year, first, last))
        }
        Value::Relative(unit, shift) => {
            let reference = reference?;
            Some(match unit {
                Unit::Day => {
                    let day = reference.add_days(i64::from(shift));
                    (day, day)
                }
                Unit::Week => {
                    let monday = reference.monday().add_days(7 * i64::from(shift));
                    (monday, monday.add_days(6))
                }
                Unit::Month => {
                    let first = reference.add_months(shift);
                    (first, first.last_of_month())
                }
                Unit::Quarter => {
                    let quarter_start = reference.add_months(-((reference.month as i32 - 1) % 3));
                    let first = quarter_start.add_months(3 * shift);
                    (first, first.add_months(2).last_of_month())
                }
                Unit::Year => {
                    let year = reference.year + shift;
                    (Day::new(year, 1, 1)?, Day::new(year, 12, 31)?)
                }
            })
        }
        Value::Weekday { weekday, mode } => {
            let reference = reference?;
            let back = i64::from((reference.weekday() + 7 - weekday) % 7);
            let ahead = i64::from((weekday + 7 - reference.weekday()) % 7);
            let day = match mode {
                WeekdayMode::OnOrBefore => reference.add_days(-back),
                WeekdayMode::Last => reference.add_days(-if back == 0 { 7 } else { back }),
                WeekdayMode::Next => reference.add_days(if ahead == 0 { 7 } else { ahead }),
                WeekdayMode::InWeek(shift) => reference
                    .monday()
                    .add_days(7 * i64::from(shift) + i64::from(weekday)),
            };
            Some((day, day))
        }
    }
}

/// First and last day of months `first`..=`last` starting in `year` (a winter
/// runs into the next year).
fn month_range(year: i32, first: u32, last: u32) -> (Day, Day) {
    let start = Day {
        year,
        month: first,
        day: 1,
    };
    let end_year = if last < first { year + 1 } else { year };
    let end = Day {
        year: end_year,
        month: last,
        day: Day::days_in_month(end_year, last),
    };
    (start, end)
}

/// The year a month range with no written year starts in, seen from `reference`.
fn months_year(first: u32, last: u32, spec: YearSpec, reference: Day) -> i32 {
    let years = [reference.year - 1, reference.year, reference.year + 1];
    let contains = |year: i32| {
        let (start, end) = month_range(year, first, last);
        start <= reference && reference <= end
    };
    match spec {
        YearSpec::Absolute(year) => year,
        YearSpec::Relative(shift) => reference.year + shift,
        // a month or season named alone is usually still to come in a
        // readout ("a visit in November"): the first one that ends no more
        // than a month before the reference (so a recent "in January" in
        // a February readout stays in the same year)
        YearSpec::Nearest => {
            let recent = reference.add_days(-31);
            *years
                .iter()
                .find(|year| month_range(**year, first, last).1 >= recent)
                .unwrap_or(&reference.year)
        }
        // this winter: the one under way, or the one at the end of this year
        YearSpec::Occurrence(0) if last < first => {
            if contains(reference.year - 1) {
                reference.year - 1
            } else {
                reference.year
            }
        }
        YearSpec::Occurrence(0) => reference.year,
        YearSpec::Occurrence(shift) if shift > 0 => years
            .into_iter()
            .find(|year| month_range(*year, first, last).0 > reference)
            .unwrap_or(reference.year + 1),
        YearSpec::Occurrence(_) => years
            .into_iter()
            .rev()
            .find(|year| month_range(*year, first, last).1 < reference)
            .unwrap_or(reference.year - 1),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const REF: &str = "2026-02-04"; // a Wednesday

    /// (text, start, end) of each expression, with the reference day.
    fn times_at(
        text: &str,
        reference: Option<&str>,
    ) -> Vec<(String, Option<String>, Option<String>)> {
        let reference = reference.and_then(Day::parse_iso);
        find(text, Span::new(0, text.len()), reference)
            .into_iter()
            .map(|t| {
                assert_eq!(t.text, &text[t.span[0]..t.span[1]], "span of {t:?}");
                (t.text, t.start, t.end)
            })
            .collect()
    }

    fn times(text: &str) -> Vec<(String, Option<String>, Option<String>)> {
        times_at(text, Some(REF))
    }

    /// The one expression in `text`: its words and its interval.
    fn one(text: &str) -> (String, String, String) {
        let found = times(text);
        assert_eq!(found.len(), 1, "{text:?} gave {found:?}");
        let (words, start, end) = found.into_iter().next().unwrap();
        (
            words,
            start.unwrap_or_else(|| "-".into()),
            end.unwrap_or_else(|| "-".into()),
        )
    }

    fn check(text: &str, words: &str, start: &str, end: &str) {
        assert_eq!(
            one(text),
            (words.to_owned(), start.to_owned(), end.to_owned()),
            "in {text:?}"
        );
    }

    #[test]
    fn day_arithmetic() {
        let day = Day::parse_iso(REF).unwrap();
        assert_eq!(day.iso(), REF);
        assert_eq!(day.weekday(), 2);
        assert_eq!(day.add_days(25).iso(), "2026-03-01");
        assert_eq!(day.add_days(-35).iso(), "2025-12-31");
        assert_eq!(
            Day::parse_iso("2024-02-29").unwrap().add_days(366).iso(),
            "2025-03-01"
        );
        assert_eq!(Day::days_in_month(2024, 2), 29);
        assert_eq!(Day::days_in_month(1900, 2), 28);
        assert_eq!(Day::parse_iso("2026-02-30"), None);
        assert_eq!(Day::parse_iso("2026-2-3"), None);
        assert_eq!(Day::parse_iso("२०२६-02-03"), None);
        assert_eq!(day.monday().iso(), "2026-02-02");
        for n in [-800_000, -1, 0, 1, 59, 60, 365, 10_000, 800_000] {
            let d = Day::from_days_since_epoch(n);
            assert_eq!(d.days_since_epoch(), n);
            assert!(Day::new(d.year, d.month, d.day).is_some());
        }
    }

    #[test]
    fn absolute_dates_in_every_language() {
        check(
            "Le 4 février 2026, les deux présidents",
            "4 février 2026",
            "2026-02-04",
            "2026-02-04",
        );
        check(
            "They spoke on February 9.",
            "February 9",
            "2026-02-09",
            "2026-02-09",
        );
        check(
            "Разговор 9 февраля прошёл",
            "9 февраля",
            "2026-02-09",
            "2026-02-09",
        );
        check("2月9日，两国元首通话", "2月9日", "2026-02-09", "2026-02-09");
        check(
            "La llamada tuvo lugar el 9 de febrero",
            "9 de febrero",
            "2026-02-09",
            "2026-02-09",
        );
        check(
            "Das Gespräch fand am 9. Februar statt",
            "9. Februar",
            "2026-02-09",
            "2026-02-09",
        );
        check(
            "updated 2026-02-09 at noon",
            "2026-02-09",
            "2026-02-09",
            "2026-02-09",
        );
        check(
            "Москва, 09.02.2026",
            "09.02.2026",
            "2026-02-09",
            "2026-02-09",
        );
        check(
            "جرى الاتصال في 9 فبراير 2026",
            "9 فبراير 2026",
            "2026-02-09",
            "2026-02-09",
        );
    }

    #[test]
    fn a_missing_year_is_the_nearest_to_the_reference() {
        // written on 4 February 2026: "28 December" is the one just past
        check(
            "the meeting of 28 December",
            "28 December",
            "2025-12-28",
            "2025-12-28",
        );
        check("le 3 mars", "3 mars", "2026-03-03", "2026-03-03");
        assert_eq!(
            times_at("le 3 mars", None),
            [("3 mars".to_owned(), None, None)]
        );
        assert_eq!(
            times_at("le 3 mars 2026", None),
            [(
                "3 mars 2026".to_owned(),
                Some("2026-03-03".into()),
                Some("2026-03-03".into())
            )]
        );
    }

    #[test]
    fn parts_of_periods_narrow_them() {
        check(
            "agree by the end of June",
            "end of June",
            "2026-06-21",
            "2026-06-30",
        );
        check(
            "d'ici la fin de l'été",
            "fin de l'été",
            "2026-08-02",
            "2026-08-31",
        );
        check("bis Ende Juni", "Ende Juni", "2026-06-21", "2026-06-30");
        check("в конце июня", "конце июня", "2026-06-21", "2026-06-30");
        check(
            "a visit in mid-July",
            "mid-July",
            "2026-07-11",
            "2026-07-21",
        );
        check("会晤将于6月底举行", "6月底", "2026-06-21", "2026-06-30");
        check(
            "a finales de 2026",
            "finales de 2026",
            "2026-09-02",
            "2026-12-31",
        );
        check("in the month of June", "June", "2026-06-01", "2026-06-30");
    }

    #[test]
    fn months_and_years() {
        check(
            "a visit in March 2026",
            "March 2026",
            "2026-03-01",
            "2026-03-31",
        );
        check("une visite en mars", "mars", "2026-03-01", "2026-03-31");
        check("визит в марте", "марте", "2026-03-01", "2026-03-31");
        check("3月访华", "3月", "2026-03-01", "2026-03-31");
        check("今年11月来华", "今年11月", "2026-11-01", "2026-11-30");
        // a month named alone is the coming one, unless it ended under a month ago
        check(
            "a summit in December",
            "December",
            "2026-12-01",
            "2026-12-31",
        );
        check(
            "en marzo del año próximo",
            "marzo del año próximo",
            "2027-03-01",
            "2027-03-31",
        );
        check("im März", "März", "2026-03-01", "2026-03-31");
        check("في مارس المقبل", "مارس المقبل", "2026-03-01", "2026-03-31");
        check("trade grew in 2025", "2025", "2025-01-01", "2025-12-31");
        check("la croissance en 2025", "2025", "2025-01-01", "2025-12-31");
        check("рост в 2025 году", "2025 году", "2025-01-01", "2025-12-31");
        check("2025年双边贸易", "2025年", "2025-01-01", "2025-12-31");
        check("crecimiento en 2025", "2025", "2025-01-01", "2025-12-31");
        check("im Jahr 2025", "Jahr 2025", "2025-01-01", "2025-12-31");
        check("خلال عام 2025", "عام 2025", "2025-01-01", "2025-12-31");
        check("с 2014 г. отношения", "2014 г.", "2014-01-01", "2014-12-31");
    }

    #[test]
    fn day_ranges() {
        check(
            "du 14 au 16 juin",
            "du 14 au 16 juin",
            "2026-06-14",
            "2026-06-16",
        );
        check(
            "les 19 et 20 mars",
            "19 et 20 mars",
            "2026-03-19",
            "2026-03-20",
        );
        check(
            "in Évian on June 15-17",
            "June 15-17",
            "2026-06-15",
            "2026-06-17",
        );
        check(
            "с 14 по 16 июня",
            "с 14 по 16 июня",
            "2026-06-14",
            "2026-06-16",
        );
        check("on 4 February", "4 February", REF, REF);
    }

    #[test]
    fn quarters() {
        check(
            "deliveries in Q3 2026",
            "Q3 2026",
            "2026-07-01",
            "2026-09-30",
        );
        check(
            "in the first quarter the sides",
            "first quarter",
            "2026-01-01",
            "2026-03-31",
        );
        check(
            "au premier trimestre",
            "premier trimestre",
            "2026-01-01",
            "2026-03-31",
        );
        check(
            "в первом квартале 2027 года",
            "первом квартале 2027 года",
            "2027-01-01",
            "2027-03-31",
        );
        check("第一季度贸易额", "第一季度", "2026-01-01", "2026-03-31");
        check(
            "2025年第四季度",
            "2025年第四季度",
            "2025-10-01",
            "2025-12-31",
        );
        check(
            "durante el primer trimestre de 2026",
            "primer trimestre de 2026",
            "2026-01-01",
            "2026-03-31",
        );
        check(
            "im ersten Quartal",
            "ersten Quartal",
            "2026-01-01",
            "2026-03-31",
        );
        check(
            "في الربع الأول من العام المقبل",
            "الربع الأول من العام المقبل",
            "2027-01-01",
            "2027-03-31",
        );
    }

    #[test]
    fn halves() {
        check(
            "in the first half of 2026",
            "first half of 2026",
            "2026-01-01",
            "2026-06-30",
        );
        check(
            "in the second half of the year",
            "second half of the year",
            "2026-07-01",
            "2026-12-31",
        );
        check(
            "au premier semestre 2026",
            "premier semestre 2026",
            "2026-01-01",
            "2026-06-30",
        );
        check(
            "в первой половине 2026 года",
            "первой половине 2026 года",
            "2026-01-01",
            "2026-06-30",
        );
        check(
            "в первом полугодии",
            "первом полугодии",
            "2026-01-01",
            "2026-06-30",
        );
        check(
            "2026年上半年访华",
            "2026年上半年",
            "2026-01-01",
            "2026-06-30",
        );
        check("今年上半年", "今年上半年", "2026-01-01", "2026-06-30");
        check("明年下半年", "明年下半年", "2027-07-01", "2027-12-31");
        check(
            "en el primer semestre",
            "primer semestre",
            "2026-01-01",
            "2026-06-30",
        );
        check(
            "in der ersten Jahreshälfte 2026",
            "ersten Jahreshälfte 2026",
            "2026-01-01",
            "2026-06-30",
        );
        check(
            "خلال النصف الأول من عام 2026",
            "النصف الأول من عام 2026",
            "2026-01-01",
            "2026-06-30",
        );
        // halves of other things are not times
        assert!(times("in the first half of the match").is_empty());
        assert!(times("la première moitié du texte").is_empty());
    }

    #[test]
    fn seasons() {
        check(
            "a visit in the autumn",
            "autumn",
            "2026-09-01",
            "2026-11-30",
        );
        check(
            "au printemps 2026",
            "printemps 2026",
            "2026-03-01",
            "2026-05-31",
        );
        check("визит осенью", "осенью", "2026-09-01", "2026-11-30");
        check("今年秋天", "今年秋天", "2026-09-01", "2026-11-30");
        check("en primavera", "primavera", "2026-03-01", "2026-05-31");
        check("im Herbst", "Herbst", "2026-09-01", "2026-11-30");
        check("في الصيف", "الصيف", "2026-06-01", "2026-08-31");
        // in February, this winter is the one under way
        check("this winter", "this winter", "2025-12-01", "2026-02-28");
        check("next winter", "next winter", "2026-12-01", "2027-02-28");
        check("l'été prochain", "été prochain", "2026-06-01", "2026-08-31");
        check("этим летом", "этим летом", "2026-06-01", "2026-08-31");
        check(
            "el verano pasado",
            "verano pasado",
            "2025-06-01",
            "2025-08-31",
        );
        assert!(times("the Arab Spring").is_empty());
        assert!(times("la situation a été tendue").is_empty());
        assert!(times("冬季奥运会").is_empty());
        assert!(times("after the fall of the Wall").is_empty());
        assert!(
            times("in the first half of an hour").is_empty(),
            "{:?}",
            times("in the first half of an hour")
        );
    }

    #[test]
    fn relative_expressions() {
        check("next month", "next month", "2026-03-01", "2026-03-31");
        check("last year", "last year", "2025-01-01", "2025-12-31");
        check("this year", "this year", "2026-01-01", "2026-12-31");
        check("this week", "this week", "2026-02-02", "2026-02-08");
        check("next week", "next week", "2026-02-09", "2026-02-15");
        check("today", "today", REF, REF);
        check("yesterday", "yesterday", "2026-02-03", "2026-02-03");
        check("tomorrow", "tomorrow", "2026-02-05", "2026-02-05");
        check(
            "le mois prochain",
            "mois prochain",
            "2026-03-01",
            "2026-03-31",
        );
        check(
            "l'année dernière",
            "année dernière",
            "2025-01-01",
            "2025-12-31",
        );
        check("cette semaine", "cette semaine", "2026-02-02", "2026-02-08");
        check(
            "в следующем месяце",
            "следующем месяце",
            "2026-03-01",
            "2026-03-31",
        );
        check("в прошлом году", "прошлом году", "2025-01-01", "2025-12-31");
        check("на этой неделе", "этой неделе", "2026-02-02", "2026-02-08");
        check("下个月访问", "下个月", "2026-03-01", "2026-03-31");
        check("去年贸易额", "去年", "2025-01-01", "2025-12-31");
        check("今年是建交年", "今年", "2026-01-01", "2026-12-31");
        check("本周", "本周", "2026-02-02", "2026-02-08");
        check("明年", "明年", "2027-01-01", "2027-12-31");
        check("el próximo mes", "próximo mes", "2026-03-01", "2026-03-31");
        check("el año pasado", "año pasado", "2025-01-01", "2025-12-31");
        check(
            "nächsten Monat",
            "nächsten Monat",
            "2026-03-01",
            "2026-03-31",
        );
        check("letztes Jahr", "letztes Jahr", "2025-01-01", "2025-12-31");
        check("diese Woche", "diese Woche", "2026-02-02", "2026-02-08");
        check("الشهر المقبل", "الشهر المقبل", "2026-03-01", "2026-03-31");
        check(
            "في العام الماضي",
            "العام الماضي",
            "2025-01-01",
            "2025-12-31",
        );
        check("hoy", "hoy", REF, REF);
        check("morgen", "morgen", "2026-02-05", "2026-02-05");
        check("Завтра", "Завтра", "2026-02-05", "2026-02-05");
        check("next quarter", "next quarter", "2026-04-01", "2026-06-30");
        // the morning, not tomorrow
        check("esta mañana", "esta mañana", REF, REF);
        check("this evening", "this evening", REF, REF);
        assert!(times("am Morgen").is_empty());
        // without a reference the words stay, the dates don't
        assert_eq!(
            times_at("next month", None),
            [("next month".to_owned(), None, None)]
        );
    }

    #[test]
    fn weekdays() {
        // the reference, 2026-02-04, is a Wednesday
        check(
            "on Tuesday the sides",
            "Tuesday",
            "2026-02-03",
            "2026-02-03",
        );
        check("on Wednesday", "Wednesday", REF, REF);
        check(
            "mardi, les deux ministres",
            "mardi",
            "2026-02-03",
            "2026-02-03",
        );
        check("во вторник", "вторник", "2026-02-03", "2026-02-03");
        check("周二", "周二", "2026-02-03", "2026-02-03");
        check("星期二通话", "星期二", "2026-02-03", "2026-02-03");
        check("el martes", "martes", "2026-02-03", "2026-02-03");
        check("am Dienstag", "Dienstag", "2026-02-03", "2026-02-03");
        check("يوم الثلاثاء", "الثلاثاء", "2026-02-03", "2026-02-03");
        check("next Tuesday", "next Tuesday", "2026-02-10", "2026-02-10");
        check(
            "mardi prochain",
            "mardi prochain",
            "2026-02-10",
            "2026-02-10",
        );
        check(
            "в следующий вторник",
            "следующий вторник",
            "2026-02-10",
            "2026-02-10",
        );
        check("下周二", "下周二", "2026-02-10", "2026-02-10");
        check("下周一", "下周一", "2026-02-09", "2026-02-09");
        check(
            "el martes próximo",
            "martes próximo",
            "2026-02-10",
            "2026-02-10",
        );
        check(
            "nächsten Dienstag",
            "nächsten Dienstag",
            "2026-02-10",
            "2026-02-10",
        );
        check(
            "last Wednesday",
            "last Wednesday",
            "2026-01-28",
            "2026-01-28",
        );
        check(
            "Tuesday, February 3, 2026",
            "Tuesday, February 3, 2026",
            "2026-02-03",
            "2026-02-03",
        );
        assert!(times("Santo Domingo").is_empty());
        assert!(times("一周一次").is_empty());
    }

    #[test]
    fn vague_expressions_keep_no_dates() {
        for text in [
            "later this year",
            "in the near future",
            "soon",
            "at an early date",
            "prochainement",
            "dans un avenir proche",
            "в ближайшее время",
            "в скором времени",
            "近期",
            "尽快",
            "早日",
            "próximamente",
            "en breve",
            "bald",
            "in naher Zukunft",
            "قريبا",
            "قريباً",
        ] {
            assert_eq!(
                times(text),
                [(text.to_owned(), None, None)],
                "{text:?} is vague"
            );
        }
        // the longest wins over "this year" inside it
        assert_eq!(times("a visit later this year")[0].0, "later this year");
    }

    #[test]
    fn numbers_that_are_not_times() {
        for text in [
            "Resolution 2334",
            "the G20 summit",
            "5G networks",
            "the 24 solar terms",
            "the 6th conversation",
            "Article 5 of the treaty",
            "1,500 troops",
            "$240 billion",
            "$2025 billion",
            "No. 5",
            "COP30 in Belém",
            "a 30-day ceasefire",
            "call +7 495 606-36-02",
            "tel. 8-800-2026-02-04",
            "fax 2026.02.04.11",
            "+86 10 6596 1114",
            "二十四节气",
            "第六次通话",
            "Resolution 2025 was adopted",
            "they will march on",
            "you may go",
        ] {
            assert!(times(text).is_empty(), "{text:?} gave {:?}", times(text));
        }
    }

    #[test]
    fn overlaps_give_the_longest_and_spans_are_absolute() {
        let text = "Intro. Путин посетит Китай в первой половине 2026 года.";
        let start = text.find("Путин").unwrap();
        let found = find(text, Span::new(start, text.len()), Day::parse_iso(REF));
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].text, "первой половине 2026 года");
        assert_eq!(&text[found[0].span[0]..found[0].span[1]], found[0].text);
        // a span off char boundaries gives nothing rather than a panic
        assert!(find("Путин", Span::new(1, 3), None).is_empty());
        assert!(find("abc", Span::new(2, 10), None).is_empty());
    }

    #[test]
    fn several_expressions_in_one_point() {
        let found = times("On 4 February the leaders agreed to meet next month and again in the second half of 2026.");
        let words: Vec<&str> = found.iter().map(|t| t.0.as_str()).collect();
        assert_eq!(words, ["4 February", "next month", "second half of 2026"]);
    }

    #[test]
    fn never_panics_on_odd_input() {
        let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
        for _ in 0..300 {
            let mut bytes = Vec::new();
            for _ in 0..64 {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                bytes.push((state & 0xFF) as u8);
            }
            let text = String::from_utf8_lossy(&bytes);
            let found = find(&text, Span::new(0, text.len()), Day::parse_iso(REF));
            for t in found {
                assert_eq!(t.text, &text[t.span[0]..t.span[1]]);
            }
        }
        for text in [
            "",
            " ",
            "年",
            "月",
            "2026",
            "2026年",
            "13月",
            "99月9日",
            "Q",
            "'",
            "г.",
            "+",
            "下周",
            "l'",
        ] {
            find(text, Span::new(0, text.len()), Day::parse_iso(REF));
            find(text, Span::new(0, text.len()), None);
        }
        let last = Day::parse_iso("9999-12-31");
        let text = "next year, next week, tomorrow, in March, 下周日";
        find(text, Span::new(0, text.len()), last);
    }

    #[test]
    fn a_thousand_words_take_well_under_five_milliseconds() {
        let sentence = "On 4 February the two presidents agreed to meet next month, in the first half of 2026, and to hold talks on Tuesday about trade of $240 billion with 1,500 experts. ";
        let text = sentence.repeat(1000 / 30);
        find(&text, Span::new(0, 10), Day::parse_iso(REF)); // builds the tables
        let started = std::time::Instant::now();
        let found = find(&text, Span::new(0, text.len()), Day::parse_iso(REF));
        assert_eq!(found.len(), 4 * (1000 / 30));
        assert!(
            started.elapsed().as_millis() < 5,
            "took {:?}",
            started.elapsed()
        );
    }

    #[test]
    fn large_input_runs_in_linear_time() {
        let sentence = "В первой половине 2026 года, 4 февраля и в следующем месяце стороны встретятся; 下周二 и 2026年上半年, next Tuesday, 1,500 troops. ";
        let text = sentence.repeat(200_000 / sentence.len() + 1);
        let started = std::time::Instant::now();
        let found = find(&text, Span::new(0, text.len()), Day::parse_iso(REF));
        assert!(found.len() > 1000);
        assert!(
            started.elapsed().as_secs_f64() < 3.0,
            "took {:?}",
            started.elapsed()
        );
    }
}
