//! Two facts a readout states about the engagement itself: how long the
//! conversation lasted ("une heure et vingt-cinq minutes", "около двух
//! часов", "一个半小时") and who asked for it ("at the request of the Chinese
//! side", "по инициативе американской стороны", 应约).
//!
//! Both read one point at a time and are careful to stay quiet: a duration
//! counts only in a point that speaks of the conversation or of its lasting
//! (not "a 30-hour truce", not "at 15 hours"), and an initiator only in a
//! point that speaks of the conversation, after a fixed phrase ("at the
//! request of", not "the request of Ukraine for weapons").
//!
//! ```
//! use parallax_analyze::facts::{self, Party};
//! use parallax_analyze::lexicon::Lexicon;
//! use parallax_analyze::tokens::PointWords;
//! use parallax_model::Span;
//! let text = "Разговор, продолжавшийся около двух часов, был проведён по инициативе американской стороны.";
//! let point = Span::new(0, text.len());
//! let (minutes, span) = facts::duration_minutes(text, point).unwrap();
//! assert_eq!((minutes, span.slice(text)), (120, "около двух часов"));
//! let words = PointWords::new(text, point);
//! let initiator = facts::initiator(&words, &Lexicon::bundled()).unwrap();
//! assert_eq!(initiator.party, Party::Country("US".to_owned()));
//! ```

use crate::lexicon::{ConceptKind, Lexicon};
use crate::tokens::{self, PointWords, Token};
use crate::tone::PhraseSet;
use parallax_model::FastMap;
use parallax_model::Span;
use std::sync::LazyLock;

/// The longest conversation a readout plausibly reports; anything longer is
/// not the length of the call.
const MAX_MINUTES: f64 = 12.0 * 60.0;

// ---------------------------------------------------------------------------
// Context: does the point speak of the conversation?

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Context {
    /// "lasted", "продолжавшийся", 历时: the point gives a length.
    Lasting,
    /// "call", "разговор", 通话: the point is about the conversation.
    Conversation,
    /// "ceasefire", "перемирие", 停火: hours here are the truce's.
    Truce,
}

const CONTEXT_WORDS: &[(Context, &str)] = &[
    (
        Context::Lasting,
        "lasted lasting duration duré durée dure durait продолжал* длил* продлил* продолжительност* длительност* duró duración durado dauerte gedauert dauer استمر* واستمر* استغرق* واستغرق* 历时 持续 长达",
    ),
    (
        Context::Conversation,
        "call calls phone telephone conversation* talk talks talked spoke speak spoken videoconference video meeting met \
         entretien* entretenu entretenus appel téléphonique échange échanges visioconférence réunion rencontre \
         разговор* бесед* переговор* созвон* видеоконференц* встреч* телефонн* \
         conversación conversaciones llamada llamadas telefónica telefónico conversó conversaron reunión videoconferencia hablaron habló \
         gespräch* telefonat* telefonier* unterredung* videokonferenz* treffen \
         اتصال* الاتصال* واتصال* مكالمة* المكالمة* محادث* المحادث* مباحثات المباحثات هاتفي* \
         通电话 通话 会谈 会晤 视频 交谈 会见",
    ),
    (
        Context::Truce,
        "ceasefire ceasefires cease-fire truce truces cessez-le-feu trêve перемири* tregua alto_el_fuego waffenruhe waffenstillstand* هدنة الهدنة وقف_إطلاق_النار 停火 停战",
    ),
];

static CONTEXT: LazyLock<PhraseSet<Context>> = LazyLock::new(|| {
    let mut set = PhraseSet::default();
    for (context, forms) in CONTEXT_WORDS {
        for form in forms.split_whitespace() {
            set.add(form, *context)
                .unwrap_or_else(|err| panic!("facts context word: {err}"));
        }
    }
    set.finish();
    set
});

fn context_hits(point: &str, tokens: &[Token]) -> Vec<(Span, Context)> {
    CONTEXT.find(point, tokens)
}

// ---------------------------------------------------------------------------
// Duration

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Unit {
    Hour,
    Minute,
}

/// Unit words, with the count some of them carry ("полчаса", "ساعتين").
const UNITS: &[(&str, Unit, Option<f64>)] = &[
    ("hour", Unit::Hour, None),
    ("hours", Unit::Hour, None),
    ("hr", Unit::Hour, None),
    ("hrs", Unit::Hour, None),
    ("heure", Unit::Hour, None),
    ("heures", Unit::Hour, None),
    ("час", Unit::Hour, None),
    ("часа", Unit::Hour, None),
    ("часов", Unit::Hour, None),
    ("hora", Unit::Hour, None),
    ("horas", Unit::Hour, None),
    ("stunde", Unit::Hour, None),
    ("stunden", Unit::Hour, None),
    ("ساعة", Unit::Hour, None),
    ("ساعات", Unit::Hour, None),
    ("minute", Unit::Minute, None),
    ("minutes", Unit::Minute, None),
    ("min", Unit::Minute, None),
    ("mins", Unit::Minute, None),
    ("минута", Unit::Minute, None),
    ("минуты", Unit::Minute, None),
    ("минут", Unit::Minute, None),
    ("минуту", Unit::Minute, None),
    ("minuto", Unit::Minute, None),
    ("minutos", Unit::Minute, None),
    ("minuten", Unit::Minute, None),
    ("دقيقة", Unit::Minute, None),
    ("دقائق", Unit::Minute, None),
    ("полчаса", Unit::Hour, Some(0.5)),
    ("demi-heure", Unit::Hour, Some(0.5)),
    ("half-hour", Unit::Hour, Some(0.5)),
    ("ساعتين", Unit::Hour, Some(2.0)),
    ("ساعتان", Unit::Hour, Some(2.0)),
    ("دقيقتين", Unit::Minute, Some(2.0)),
];

/// Hour words that mean "one hour" on their own ("около часа", "hora y
/// media", "استمر ساعة").
const BARE_HOURS: &[&str] = &["час", "часа", "hora", "ساعة"];

/// "half" before a unit: "half an hour", "media hora", "eine halbe Stunde", "نصف ساعة".
const HALF_WORDS: &[&str] = &["half", "demi", "media", "halbe", "halben", "نصف"];

/// After an hour: "and a half", "et demie", "y media", "с половиной", "ونصف".
const TAILS: &[(&[&str], f64)] = &[
    (&["and", "a", "half"], 30.0),
    (&["and", "a", "quarter"], 15.0),
    (&["et", "demie"], 30.0),
    (&["et", "demi"], 30.0),
    (&["et", "quart"], 15.0),
    (&["y", "media"], 30.0),
    (&["y", "cuarto"], 15.0),
    (&["с", "половиной"], 30.0),
    (&["с", "четвертью"], 15.0),
    (&["ونصف"], 30.0),
    (&["وربع"], 15.0),
];

/// Between the hours and the minutes: "one hour and twenty minutes".
const JOINS: &[&str] = &["and", "et", "и", "y", "und"];

/// "about", "около", "más de": kept in the span, not in the value.
const APPROXIMATIONS: &[&[&str]] = &[
    &["about"],
    &["around"],
    &["approximately"],
    &["roughly"],
    &["nearly"],
    &["almost"],
    &["some"],
    &["over"],
    &["more", "than"],
    &["just", "over"],
    &["environ"],
    &["près", "de"],
    &["plus", "de"],
    &["presque"],
    &["около"],
    &["более"],
    &["почти"],
    &["свыше"],
    &["больше"],
    &["порядка"],
    &["примерно"],
    &["cerca", "de"],
    &["más", "de"],
    &["unos"],
    &["unas"],
    &["casi"],
    &["alrededor", "de"],
    &["aproximadamente"],
    &["etwa"],
    &["rund"],
    &["gut"],
    &["über"],
    &["mehr", "als"],
    &["knapp"],
    &["fast"],
    &["ungefähr"],
    &["حوالي"],
    &["نحو"],
    &["قرابة"],
    &["زهاء"],
    &["أكثر", "من"],
];

/// A number right after these is a time of day ("à 15 heures", "в 15 часов",
/// "a las 10 horas"), not a length.
const TIME_OF_DAY: &[&str] = &[
    "à", "at", "в", "во", "las", "la", "um", "vers", "dès", "depuis", "since", "from", "с", "до",
    "desde", "hasta", "until",
];

struct DurationTables {
    units: FastMap<&'static str, (Unit, Option<f64>)>,
    numbers: FastMap<&'static str, f64>,
}

static DURATION: LazyLock<DurationTables> = LazyLock::new(|| DurationTables {
    units: UNITS
        .iter()
        .map(|(word, unit, count)| (*word, (*unit, *count)))
        .collect(),
    numbers: crate::numbers::NUMBER_WORDS.iter().copied().collect(),
});

/// The length of the conversation a text states, in minutes, and where:
/// "une heure et vingt-cinq minutes" → 85, "two and a half hours" → 150,
/// "1h25" → 85, "около двух часов" → 120, "一个半小时" → 90,
/// "anderthalb Stunden" → 90, "استمر ساعة ونصف" → 90. The span is absolute
/// and includes words like "about" ("около двух часов"). "More than two
/// hours" counts as two hours.
///
/// Only in a point that speaks of the conversation or of its lasting, and
/// not where the nearest such word is a truce ("a 30-hour ceasefire").
pub fn duration_minutes(text: &str, span: Span) -> Option<(u32, Span)> {
    let point = text.get(span.start..span.end)?;
    let tokens = tokens::words(point);
    let context = context_hits(point, &tokens);
    if !context
        .iter()
        .any(|(_, c)| matches!(c, Context::Lasting | Context::Conversation))
    {
        return None;
    }
    let gap = |a: Span, b: Span| {
        if a.end <= b.start {
            b.start - a.end
        } else {
            a.start.saturating_sub(b.end)
        }
    };
    let near_truce = |at: Span| {
        context
            .iter()
            .min_by_key(|(s, _)| gap(*s, at))
            .is_some_and(|(_, c)| *c == Context::Truce)
    };
    let spaced = (0..tokens.len())
        .filter_map(|token_idx| spaced_duration_at(&tokens, token_idx))
        .chain(chinese_durations(point));
    spaced
        .filter(|(minutes, at)| *minutes >= 1.0 && *minutes <= MAX_MINUTES && !near_truce(*at))
        .min_by_key(|(_, at)| at.start)
        .map(|(minutes, at)| (minutes.round() as u32, at.offset(span.start)))
}

/// A length starting at token `start` (after any "about"), in minutes, and
/// its span including the "about".
fn spaced_duration_at(tokens: &[Token], start: usize) -> Option<(f64, Span)> {
    let (minutes, end) = length_at(tokens, start)?;
    let mut first = start;
    for approximation in APPROXIMATIONS {
        let n = approximation.len();
        if first >= n
            && tokens[first - n..first]
                .iter()
                .zip(approximation.iter())
                .all(|(token, word)| token.lower == *word)
        {
            first -= n;
            break;
        }
    }
    if first > 0 && TIME_OF_DAY.contains(&tokens[first - 1].lower.as_ref()) {
        return None;
    }
    // a glued "14h30" is a time of day, a glued "1h25" a length
    if end == start + 1 && glued_hours(&tokens[start].lower).is_some() && minutes > 4.0 * 60.0 {
        return None;
    }
    Some((
        minutes,
        Span::new(tokens[first].span.start, tokens[end - 1].span.end),
    ))
}

/// The length starting at token `start` and the index after it.
fn length_at(tokens: &[Token], start: usize) -> Option<(f64, usize)> {
    let tables = &*DURATION;
    let word = |idx: usize| tokens.get(idx).map(|t| t.lower.as_ref());
    let first = word(start)?;
    if let Some(minutes) = glued_hours(first) {
        return Some((minutes, start + 1));
    }
    if let Some(minutes) = adjectival_length(first) {
        return Some((minutes, start + 1));
    }
    // count, then unit
    let (count, unit_idx, unit, builtin) = match tables.units.get(first) {
        Some(&(unit, Some(builtin))) => (builtin, start, unit, Some(builtin)),
        Some(&(unit, None)) if BARE_HOURS.contains(&first) => (1.0, start, unit, None),
        _ => {
            let (count, next) = count_at(tokens, start)?;
            let &(unit, builtin) = tables.units.get(word(next)?)?;
            (count, next, unit, builtin)
        }
    };
    // "une demi-heure": the unit word carries the count
    let count = builtin.unwrap_or(count);
    let mut end = unit_idx + 1;
    let mut minutes = match unit {
        Unit::Minute => return Some((count, end)),
        Unit::Hour => count * 60.0,
    };
    // "and a half", "ونصف"
    if let Some((tail, extra)) = TAILS.iter().find(|(tail, _)| {
        tail.iter()
            .enumerate()
            .all(|(i, w)| word(end + i) == Some(*w))
    }) {
        return Some((minutes + extra, end + tail.len()));
    }
    // "one hour and twenty minutes", "ساعة و25 دقيقة", "une heure vingt"
    let join = word(end).is_some_and(|w| JOINS.contains(&w));
    let minutes_start = if join { end + 1 } else { end };
    if let Some((extra, next)) = count_at(tokens, minutes_start) {
        match word(next).and_then(|w| tables.units.get(w)) {
            Some((Unit::Minute, None)) => {
                minutes += extra;
                end = next + 1;
            }
            Some(_) => {}
            None if !join && (1.0..60.0).contains(&extra) && extra.fract() == 0.0 => {
                minutes += extra;
                end = next;
            }
            None => {}
        }
    }
    Some((minutes, end))
}

/// A count at token `start`: digits, number words ("twenty-five",
/// "двадцать пять", "treinta y cinco", "خمس وعشرين"), "half", "two and a
/// half", "два с половиной". Returns the count and the index after it.
fn count_at(tokens: &[Token], start: usize) -> Option<(f64, usize)> {
    let word = |idx: usize| tokens.get(idx).map(|t| t.lower.as_ref());
    let first = word(start)?;
    if HALF_WORDS.contains(&first) {
        // "half an hour"
        let next = if matches!(word(start + 1), Some("an" | "a")) {
            start + 2
        } else {
            start + 1
        };
        return Some((0.5, next));
    }
    let mut value = number_value(first)?;
    let mut next = start + 1;
    let is_tens = (20.0..100.0).contains(&value) && value % 10.0 == 0.0;
    let digit = |w: Option<&str>| {
        w.and_then(number_value)
            .filter(|v| *v >= 1.0 && *v <= 9.0 && v.fract() == 0.0)
    };
    if is_tens {
        // "twenty five", "двадцать пять", "treinta y cinco"
        if let Some(units) = digit(word(next)) {
            value += units;
            next += 1;
        } else if matches!(word(next), Some("y" | "and")) {
            if let Some(units) = digit(word(next + 1)) {
                value += units;
                next += 2;
            }
        }
    } else if (1.0..=9.0).contains(&value) {
        // "خمس وعشرين" = five and twenty
        if let Some(tens) = word(next)
            .and_then(|w| w.strip_prefix('و'))
            .and_then(number_value)
            .filter(|v| *v >= 20.0)
        {
            value += tens;
            next += 1;
        }
    }
    // "eine halbe Stunde", "a half hour"
    if value == 1.0 && matches!(word(next), Some("halbe" | "halben" | "half")) {
        return Some((0.5, next + 1));
    }
    // "two and a half hours", "два с половиной часа", "dos y media horas"
    for (tail, extra) in [
        (&["and", "a", "half"][..], 0.5),
        (&["с", "половиной"], 0.5),
        (&["y", "media"], 0.5),
    ] {
        if tail
            .iter()
            .enumerate()
            .all(|(i, w)| word(next + i) == Some(*w))
        {
            value += extra;
            next += tail.len();
            break;
        }
    }
    Some((value, next))
}

/// The value of a number word or numeral: "25", "1,5", "٢٥", "twenty-five",
/// "vingt-cinq", "و25" (Arabic "and" written onto the number).
fn number_value(word: &str) -> Option<f64> {
    let word = word
        .strip_prefix('و')
        .filter(|w| !w.is_empty())
        .unwrap_or(word);
    if let Some(&value) = DURATION.numbers.get(word) {
        return Some(value);
    }
    if word.starts_with(|c: char| c.is_ascii_digit() || ('٠'..='٩').contains(&c)) {
        let ascii: String = word
            .chars()
            .map(|c| match c {
                '٠'..='٩' => char::from(b'0' + (c as u32 - '٠' as u32) as u8),
                ',' => '.',
                c => c,
            })
            .collect();
        return ascii.parse::<f64>().ok().filter(|v| v.is_finite());
    }
    // "twenty-five", "vingt-cinq"
    if word.contains('-') {
        let mut total = 0.0;
        for part in word.split('-') {
            total += *DURATION.numbers.get(part).filter(|v| **v >= 1.0)?;
        }
        return Some(total);
    }
    None
}

/// "1h25", "2h", "1h05" → minutes.
fn glued_hours(word: &str) -> Option<f64> {
    let (hours, minutes) = word.split_once('h')?;
    if hours.is_empty()
        || hours.len() > 2
        || !hours.bytes().all(|b| b.is_ascii_digit())
        || minutes.len() > 2
        || !minutes.bytes().all(|b| b.is_ascii_digit())
    {
        return None;
    }
    let hours: f64 = hours.parse().ok()?;
    let minutes: f64 = if minutes.is_empty() {
        0.0
    } else {
        minutes.parse().ok()?
    };
    (minutes < 60.0).then_some(hours * 60.0 + minutes)
}

/// "90-minute", "two-hour", "hour-long", "45-minute-long" → minutes.
fn adjectival_length(word: &str) -> Option<f64> {
    if !word.contains('-') {
        return None;
    }
    let word = word.strip_suffix("-long").unwrap_or(word);
    let (count, unit) = match word.rsplit_once('-') {
        Some((count, unit)) => (Some(count), unit),
        None => (None, word),
    };
    let per_unit = match unit {
        "hour" => 60.0,
        "minute" => 1.0,
        _ => return None,
    };
    let count = match count {
        Some(count) => number_value(count)?,
        None => 1.0,
    };
    Some(count * per_unit)
}

/// Lengths in Chinese: "一个半小时", "两个多小时", "85分钟", "1小时25分钟",
/// "半小时", with "近", "约", "超过" before kept in the span.
fn chinese_durations(point: &str) -> Vec<(f64, Span)> {
    if !(point.contains("小时") || point.contains("分钟") || point.contains("钟头")) {
        return Vec::new();
    }
    let mut found = Vec::new();
    let mut idx = 0;
    while idx < point.len() {
        match chinese_length_at(point, idx) {
            Some((minutes, end)) => {
                let start = chinese_approximation_before(point, idx);
                found.push((minutes, Span::new(start, end)));
                idx = end;
            }
            None => idx += point[idx..].chars().next().map_or(1, char::len_utf8),
        }
    }
    found
}

fn chinese_length_at(point: &str, start: usize) -> Option<(f64, usize)> {
    let rest = &point[start..];
    let (mut hours_count, mut rest) = if let Some(after) = rest.strip_prefix('半') {
        (Some(0.5), after)
    } else {
        let (count, after) = chinese_number(rest)?;
        (Some(count), after)
    };
    // a count with 个, 半 and 多: "一个半小时", "两个多小时"
    rest = rest.strip_prefix('个').unwrap_or(rest);
    if hours_count != Some(0.5) {
        if let Some(after) = rest.strip_prefix('半') {
            hours_count = hours_count.map(|c| c + 0.5);
            rest = after;
        }
    }
    rest = rest.strip_prefix('多').unwrap_or(rest);
    let count = hours_count?;
    if let Some(after) = rest
        .strip_prefix("小时")
        .or_else(|| rest.strip_prefix("钟头"))
    {
        let mut minutes = count * 60.0;
        let mut rest = after;
        // "1小时25分钟"
        let after_zero = rest.strip_prefix('零').unwrap_or(rest);
        if let Some((extra, after_number)) = chinese_number(after_zero) {
            if let Some(after_unit) = after_number.strip_prefix("分钟") {
                minutes += extra;
                rest = after_unit;
            }
        }
        return Some((minutes, point.len() - rest.len()));
    }
    let after = rest.strip_prefix("分钟")?;
    (count.fract() == 0.0).then_some((count, point.len() - after.len()))
}

/// A number at the start of `text`: digits or Chinese numerals up to 99
/// ("二十五", "两", "十五"), and what follows it.
fn chinese_number(text: &str) -> Option<(f64, &str)> {
    let digits = text.bytes().take_while(u8::is_ascii_digit).count();
    if digits > 0 {
        let value: f64 = text[..digits].parse().ok()?;
        return Some((value, &text[digits..]));
    }
    let mut value = 0.0;
    let mut pending = 0.0;
    let mut len = 0;
    for c in text.chars() {
        let digit = match c {
            '零' => Some(0.0),
            '一' => Some(1.0),
            '二' | '两' => Some(2.0),
            '三' => Some(3.0),
            '四' => Some(4.0),
            '五' => Some(5.0),
            '六' => Some(6.0),
            '七' => Some(7.0),
            '八' => Some(8.0),
            '九' => Some(9.0),
            _ => None,
        };
        match (digit, c) {
            (Some(d), _) => pending = d,
            (None, '十') => {
                value += if pending == 0.0 { 10.0 } else { pending * 10.0 };
                pending = 0.0;
            }
            _ => break,
        }
        len += c.len_utf8();
    }
    (len > 0).then_some((value + pending, &text[len..]))
}

fn chinese_approximation_before(point: &str, start: usize) -> usize {
    for word in ["大约", "将近", "超过", "约", "近", "逾"] {
        if point[..start].ends_with(word) {
            return start - word.len();
        }
    }
    start
}

// ---------------------------------------------------------------------------
// Initiator

/// Who asked for the call, as one text tells it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Party {
    /// "the American side", "американской стороны", "美方", "President
    /// Putin": a country (ISO code; a person stands for their country).
    Country(String),
    /// The request came from the other side, unnamed: "at the request of the
    /// other side", 应约 ("at the other side's invitation").
    Counterpart,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InitiatorMention {
    pub party: Party,
    /// From the trigger phrase to the party, absolute.
    pub span: Span,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Trigger {
    /// "at the request of", "по инициативе": the party follows.
    Request,
    /// "the other side", "другой стороны": the unnamed counterpart.
    OtherSide,
}

const TRIGGERS: &[(Trigger, &str)] = &[
    (
        Trigger::Request,
        "at_the_request_of upon_the_request_of on_the_request_of at_the_initiative_of on_the_initiative_of \
         initiated_by requested_by \
         à_la_demande sur_la_demande à_initiative sur_initiative \
         по_инициативе по_просьбе \
         a_petición a_solicitud a_pedido a_instancias a_iniciativa por_iniciativa \
         auf_wunsch auf_initiative auf_bitten auf_anfrage \
         بناء_على_طلب وبناء_على_طلب بطلب بمبادرة بناء_على_مبادرة",
    ),
    (
        Trigger::OtherSide,
        "other_side other_party counterpart autre_partie autre_côté другой_стороны другая_сторона \
         otra_parte anderen_seite الطرف_الآخر الجانب_الآخر",
    ),
];

static TRIGGER_SET: LazyLock<PhraseSet<Trigger>> = LazyLock::new(|| {
    let mut set = PhraseSet::default();
    for (trigger, forms) in TRIGGERS {
        for form in forms.split_whitespace() {
            set.add(form, *trigger)
                .unwrap_or_else(|err| panic!("facts trigger: {err}"));
        }
    }
    set.finish();
    set
});

/// How many words after a trigger may name the party ("at the request of
/// the President of the French Republic").
const PARTY_WINDOW: usize = 7;

/// After the party, these make the request one for something ("at the
/// request of Ukraine for weapons"), not for the call.
const REQUEST_FOR: &[&str] = &["for", "pour", "para", "für", "о", "об"];

/// Who asked for the call, as the point at `span` of `text` tells it.
///
/// The rule: a fixed phrase of asking ("at the request of", "à la demande
/// de", "по инициативе", "a petición de", "auf Wunsch", "بناء على طلب",
/// "at X's request", 应约, 应…邀请/请求) in a point that also speaks of the
/// conversation (a call, talk or meeting word). A bare "the request of
/// Ukraine" is not a trigger, and a request followed by "for" ("at the
/// request of Ukraine for weapons") is for something else. The party is the
/// first country or person (→ their country) named in the few words after
/// the phrase, or the unnamed counterpart ("the other side", 应约).
pub fn initiator(words: &PointWords, lexicon: &Lexicon) -> Option<InitiatorMention> {
    let (point, span, tokens) = (words.point, words.span, &words.tokens);
    if !context_hits(point, tokens)
        .iter()
        .any(|(_, c)| *c == Context::Conversation)
    {
        return None;
    }
    let spaced = spaced_initiator(point, tokens, lexicon);
    let chinese = chinese_initiator(point, lexicon);
    [spaced, chinese]
        .into_iter()
        .flatten()
        .min_by_key(|mention| mention.span.start)
        .map(|mention| InitiatorMention {
            party: mention.party,
            span: mention.span.offset(span.start),
        })
}

fn spaced_initiator(point: &str, tokens: &[Token], lexicon: &Lexicon) -> Option<InitiatorMention> {
    let triggers = TRIGGER_SET.find(point, tokens);
    let fixed = triggers
        .iter()
        .filter(|(_, t)| *t == Trigger::Request)
        .find_map(|(trigger_span, _)| {
            let after = tokens.partition_point(|t| t.span.start < trigger_span.end);
            let window = party_window(point, tokens, after);
            let mention = party_in(point, window, &triggers, lexicon)?;
            let next = window
                .iter()
                .position(|t| t.span.start >= mention.1.end)
                .map(|i| window[i].lower.as_ref())
                .or_else(|| tokens.get(after + window.len()).map(|t| t.lower.as_ref()));
            if next.is_some_and(|w| REQUEST_FOR.contains(&w)) {
                return None;
            }
            Some(InitiatorMention {
                party: mention.0,
                span: Span::new(trigger_span.start, with_side_word(tokens, mention.1).end),
            })
        });
    let possessive = possessive_initiator(point, tokens, lexicon);
    [fixed, possessive]
        .into_iter()
        .flatten()
        .min_by_key(|mention| mention.span.start)
}

/// The words after a trigger, up to PARTY_WINDOW and not past a clause break.
fn party_window<'t, 'a>(point: &str, tokens: &'t [Token<'a>], after: usize) -> &'t [Token<'a>] {
    let mut end = after;
    while end < tokens.len() && end - after < PARTY_WINDOW {
        if end > after {
            let gap = &point[tokens[end - 1].span.end..tokens[end].span.start];
            if gap.contains(['.', ',', ';', ':', '!', '?', '(', '،', '؛']) {
                break;
            }
        }
        end += 1;
    }
    &tokens[after..end]
}

/// The first party named in `window`: a country, a person's country, or the
/// unnamed other side. With its span.
fn party_in(
    point: &str,
    window: &[Token],
    triggers: &[(Span, Trigger)],
    lexicon: &Lexicon,
) -> Option<(Party, Span)> {
    let (first, last) = (window.first()?, window.last()?);
    let words: Vec<Token> = window
        .iter()
        .map(|t| Token {
            span: t.span,
            lower: without_possessive(&t.lower).to_owned().into(),
        })
        .collect();
    let named = lexicon.find(point, &words).into_iter().find_map(|hit| {
        let concept = lexicon.concept(hit.concept);
        match concept.kind {
            ConceptKind::Country => Some((Party::Country(concept.id.clone()), hit.span)),
            ConceptKind::Person => concept
                .country
                .clone()
                .map(|code| (Party::Country(code), hit.span)),
            _ => None,
        }
    });
    let window_span = Span::new(first.span.start, last.span.end);
    let other_side = triggers
        .iter()
        .find(|(s, t)| *t == Trigger::OtherSide && window_span.contains(*s))
        .map(|(s, _)| (Party::Counterpart, *s));
    [named, other_side]
        .into_iter()
        .flatten()
        .min_by_key(|(_, s)| s.start)
}

/// "side", "стороны", "Seite" after the party: "the Chinese side".
const SIDE_WORDS: &[&str] = &["side", "стороны", "сторона", "seite", "parte", "partie"];

fn with_side_word(tokens: &[Token], party: Span) -> Span {
    let next = tokens.partition_point(|t| t.span.start < party.end);
    match tokens.get(next) {
        Some(token) if SIDE_WORDS.contains(&token.lower.as_ref()) => {
            Span::new(party.start, token.span.end)
        }
        _ => party,
    }
}

fn without_possessive(word: &str) -> &str {
    word.strip_suffix("'s")
        .or_else(|| word.strip_suffix("’s"))
        .unwrap_or(word)
}

/// "at President Putin's request", "at the Chinese side's initiative".
fn possessive_initiator(
    point: &str,
    tokens: &[Token],
    lexicon: &Lexicon,
) -> Option<InitiatorMention> {
    tokens.iter().enumerate().find_map(|(idx, token)| {
        if !matches!(token.lower.as_ref(), "request" | "initiative") || idx < 2 {
            return None;
        }
        let owner = &tokens[idx - 1].lower;
        if without_possessive(owner) == &**owner {
            return None;
        }
        let at = (idx.saturating_sub(PARTY_WINDOW)..idx - 1)
            .rev()
            .find(|&i| matches!(tokens[i].lower.as_ref(), "at" | "on" | "upon"))?;
        let (party, _) = party_in(point, &tokens[at + 1..idx], &[], lexicon)?;
        Some(InitiatorMention {
            party,
            span: Span::new(tokens[at].span.start, token.span.end),
        })
    })
}

/// 应约 ("at the invitation", the counterpart asked), 应美方请求, 应普京总统邀请.
fn chinese_initiator(point: &str, lexicon: &Lexicon) -> Option<InitiatorMention> {
    if !point.contains('应') {
        return None;
    }
    // "相应", "反应", "供应"… are other words with 应
    const NOT_BEFORE: &[char] = &['相', '反', '供', '响', '适', '对', '回', '答', '效', '理'];
    for (start, _) in point.match_indices('应') {
        if point[..start].ends_with(NOT_BEFORE) {
            continue;
        }
        let rest = &point[start + '应'.len_utf8()..];
        if rest.starts_with('约') {
            return Some(InitiatorMention {
                party: Party::Counterpart,
                span: Span::new(start, start + "应约".len()),
            });
        }
        // 应 … 邀请/请求/要求/之邀, with no clause break between
        let clause_end = rest
            .find(['，', '。', '；', ',', '.', ';'])
            .unwrap_or(rest.len());
        let clause = &rest[..clause_end];
        let Some((between, ask)) = ["邀请", "请求", "要求", "之邀"]
            .iter()
            .filter_map(|ask| clause.find(ask).map(|at| (at, *ask)))
            .min_by_key(|(at, _)| *at)
        else {
            continue;
        };
        if between == 0 || rest[..between].chars().count() > 20 {
            continue;
        }
        let who = &rest[..between];
        let who_start = start + '应'.len_utf8();
        let party = if who.contains("对方") {
            Some(Party::Counterpart)
        } else {
            lexicon
                .find(who, &tokens::words(who))
                .into_iter()
                .find_map(|hit| {
                    let concept = lexicon.concept(hit.concept);
                    match concept.kind {
                        ConceptKind::Country => Some(Party::Country(concept.id.clone())),
                        ConceptKind::Person => concept.country.clone().map(Party::Country),
                        _ => None,
                    }
                })
        };
        if let Some(party) = party {
            return Some(InitiatorMention {
                party,
                span: Span::new(start, who_start + between + ask.len()),
            });
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn duration(text: &str) -> Option<(u32, &str)> {
        duration_minutes(text, Span::new(0, text.len()))
            .map(|(minutes, span)| (minutes, span.slice(text)))
    }

    static LEXICON: LazyLock<Lexicon> = LazyLock::new(Lexicon::bundled);

    fn who(text: &str) -> Option<(Party, &str)> {
        initiator(&PointWords::new(text, Span::new(0, text.len())), &LEXICON)
            .map(|mention| (mention.party, mention.span.slice(text)))
    }

    fn country(code: &str) -> Party {
        Party::Country(code.to_owned())
    }

    #[test]
    fn durations_in_every_language() {
        for (text, minutes, said) in [
            ("La conversation a duré une heure et vingt-cinq minutes.", 85, "une heure et vingt-cinq minutes"),
            ("L'entretien a duré 1h25.", 85, "1h25"),
            ("L'entretien téléphonique a duré près de deux heures et demie.", 150, "près de deux heures et demie"),
            ("The call lasted two and a half hours.", 150, "two and a half hours"),
            ("The call lasted approximately one hour and was very productive.", 60, "approximately one hour"),
            ("The call, which lasted roughly 75 minutes, took place at President Putin's request.", 75, "roughly 75 minutes"),
            ("They spoke for 85 minutes.", 85, "85 minutes"),
            ("An hour-long call.", 60, "hour-long"),
            ("A 90-minute phone call.", 90, "90-minute"),
            ("The call lasted an hour and a half.", 90, "an hour and a half"),
            ("They talked for half an hour.", 30, "half an hour"),
            ("Разговор, продолжавшийся около двух часов, был проведён по инициативе американской стороны.", 120, "около двух часов"),
            ("Беседа продолжалась полтора часа.", 90, "полтора часа"),
            ("Разговор длился более часа.", 60, "более часа"),
            ("Переговоры продолжались два с половиной часа.", 150, "два с половиной часа"),
            ("Телефонный разговор продолжался 40 минут.", 40, "40 минут"),
            ("通话持续了一个半小时。", 90, "一个半小时"),
            ("两国元首通话两个多小时。", 120, "两个多小时"),
            ("会谈历时近3小时。", 180, "近3小时"),
            ("通话持续1小时25分钟。", 85, "1小时25分钟"),
            ("La conversación duró una hora y veinte minutos.", 80, "una hora y veinte minutos"),
            ("La llamada duró hora y media.", 90, "hora y media"),
            ("La reunión duró cerca de cuarenta y cinco minutos.", 45, "cerca de cuarenta y cinco minutos"),
            ("Das Telefonat dauerte anderthalb Stunden.", 90, "anderthalb Stunden"),
            ("Das Gespräch dauerte etwa eine halbe Stunde.", 30, "etwa eine halbe Stunde"),
            ("Das Gespräch dauerte knapp zwei Stunden.", 120, "knapp zwei Stunden"),
            ("استمر الاتصال ساعة ونصف.", 90, "ساعة ونصف"),
            ("استمرت المكالمة ساعتين.", 120, "ساعتين"),
            ("استغرقت المحادثة حوالي 45 دقيقة.", 45, "حوالي 45 دقيقة"),
        ] {
            assert_eq!(duration(text), Some((minutes, said)), "{text:?}");
        }
    }

    #[test]
    fn lengths_that_are_not_the_call() {
        for text in [
            // no call, no lasting
            "The sides agreed on a truce for 30 hours.",
            "Putin declared a ceasefire for 30 hours; the call also touched on trade.",
            // times of day
            "L'entretien a eu lieu à 15 heures.",
            "Разговор состоялся в 15 часов по московскому времени.",
            "La llamada comenzó a las 10 horas.",
            "L'entretien a commencé à 14h30.",
            // a number and no unit
            "The call covered two issues.",
            "通话中双方讨论了两个问题。",
            "",
        ] {
            assert_eq!(duration(text), None, "{text:?}");
        }
    }

    #[test]
    fn spans_are_absolute() {
        let text = "Intro. The call lasted 40 minutes.";
        let start = text.find("The").unwrap();
        let (minutes, span) = duration_minutes(text, Span::new(start, text.len())).unwrap();
        assert_eq!((minutes, span.slice(text)), (40, "40 minutes"));
        assert_eq!(duration_minutes("двух часов", Span::new(1, 5)), None);
    }

    #[test]
    fn initiators_in_every_language() {
        for (text, party, said) in [
            ("President Trump spoke with President Xi at the request of the Chinese side.", country("CN"), "at the request of the Chinese side"),
            ("The call, which lasted roughly 75 minutes, took place at President Putin's request.", country("RU"), "at President Putin's request"),
            ("The call was initiated by the American side.", country("US"), "initiated by the American side"),
            ("The conversation took place at the request of the other side.", Party::Counterpart, "at the request of the other side"),
            ("Le président s'est entretenu avec M. Zelensky à la demande de ce dernier, à l'initiative de l'Ukraine.", country("UA"), "à l'initiative de l'Ukraine"),
            ("L'entretien téléphonique s'est tenu à la demande de la partie américaine.", country("US"), "à la demande de la partie américaine"),
            ("Телефонный разговор состоялся по инициативе американской стороны.", country("US"), "по инициативе американской стороны"),
            ("Разговор прошёл по просьбе Владимира Путина.", country("RU"), "по просьбе Владимира Путина"),
            ("2026年1月19日下午，国家主席习近平应约同俄罗斯总统普京通电话。", Party::Counterpart, "应约"),
            ("习近平应美方请求同特朗普通电话。", country("US"), "应美方请求"),
            ("La conversación telefónica se produjo a petición de la parte estadounidense.", country("US"), "a petición de la parte estadounidense"),
            ("La llamada se realizó a iniciativa del presidente Lula.", country("BR"), "a iniciativa del presidente Lula"),
            ("Das Telefonat fand auf Wunsch der amerikanischen Seite statt.", country("US"), "auf Wunsch der amerikanischen Seite"),
            ("Das Gespräch kam auf Initiative der russischen Seite zustande.", country("RU"), "auf Initiative der russischen Seite"),
            ("جرى الاتصال الهاتفي بناء على طلب الجانب الروسي.", country("RU"), "بناء على طلب الجانب الروسي"),
        ] {
            assert_eq!(who(text), Some((party, said)), "{text:?}");
        }
    }

    #[test]
    fn requests_that_are_not_the_call() {
        for text in [
            // a request for something, without a call
            "The request of Ukraine for weapons was discussed.",
            "At the request of Ukraine, the United States will send more weapons.",
            // in a call point, but a request for something
            "During the call they discussed, at the request of Ukraine for weapons, the supplies.",
            // a call, but nobody asked
            "The leaders held a phone call on Tuesday.",
            "По просьбе Киева о поставках оружия решение не принято.",
            // other words with 应
            "双方通电话，同意相应约定，应对挑战。",
            "会谈中双方表示应加强合作，满足各方要求。",
            "",
        ] {
            assert_eq!(who(text), None, "{text:?}");
        }
    }

    /// Analysis never fails on text: any string, any span, no panic.
    #[test]
    fn never_panics_on_odd_input() {
        const PIECES: &[&str] = &[
            "a",
            " ",
            "-",
            "h",
            "1",
            "25",
            "٢",
            ".",
            ",",
            "'s",
            "’",
            "应",
            "约",
            "邀请",
            "半",
            "个",
            "多",
            "小时",
            "分钟",
            "十",
            "两",
            "通话",
            "و",
            "ساعة",
            "ونصف",
            "الاتصال",
            "час",
            "полтора",
            "с",
            "половиной",
            "hour",
            "and",
            "half",
            "the",
            "call",
            "at",
            "request",
            "of",
            "по",
            "инициативе",
            "франц",
            "à",
            "la",
            "demande",
            "l'",
            "Putin's",
            "\u{0651}",
            "é",
            "\n",
            "[",
            "*",
            "_",
            "|",
            "=",
            "#",
            "frank",
            "offen",
            "友好",
        ];
        let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
        let mut next = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        for _ in 0..3000 {
            let n_pieces = (next() % 24) as usize;
            let text: String = (0..n_pieces)
                .map(|_| PIECES[(next() % PIECES.len() as u64) as usize])
                .collect();
            let (a, b) = (
                (next() % (text.len() as u64 + 2)) as usize,
                (next() % (text.len() as u64 + 2)) as usize,
            );
            for span in [Span::new(0, text.len()), Span::new(a.min(b), a.max(b))] {
                let _ = duration_minutes(&text, span);
                let _ = initiator(&PointWords::new(&text, span), &LEXICON);
                let _ = crate::tone::find(&text, span);
            }
        }
    }

    #[test]
    fn initiator_spans_are_absolute() {
        let text = "Первый абзац. Разговор прошёл по инициативе китайской стороны.";
        let start = text.find("Разговор").unwrap();
        let mention = initiator(
            &PointWords::new(text, Span::new(start, text.len())),
            &LEXICON,
        )
        .unwrap();
        assert_eq!(mention.party, country("CN"));
        assert_eq!(mention.span.slice(text), "по инициативе китайской стороны");
        assert_eq!(
            initiator(&PointWords::new(text, Span::new(1, 4)), &LEXICON),
            None
        );
    }
}
