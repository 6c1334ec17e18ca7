//! Quantities: "$240 billion", "240 млрд долларов", "2400亿美元", "30-day", "45%".
//! Values are scaled by their magnitude word so the same amount compares
//! equal across languages. Years and the parts of dates are not quantities.

use parallax_model::Span;

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Quantity {
    pub value: f64,
    pub percent: bool,
    pub span: Span,
}

/// Magnitude words and their factor, lower-cased; stems end in '*'.
const MAGNITUDES: &[(&str, f64)] = &[
    ("trillion*", 1e12),
    ("billion*", 1e9),
    ("bn", 1e9),
    ("milliard*", 1e9),
    ("mil_millones", 1e9),
    ("млрд", 1e9),
    ("миллиард*", 1e9),
    ("трлн", 1e12),
    ("триллион*", 1e12),
    ("million*", 1e6),
    ("millones", 1e6),
    ("millón", 1e6),
    ("mln", 1e6),
    ("млн", 1e6),
    ("миллион*", 1e6),
    ("thousand*", 1e3),
    ("тыс", 1e3),
    ("тысяч*", 1e3),
    ("mil", 1e3),
    ("mille", 1e3),
    ("tausend", 1e3),
    ("milliarde*", 1e9),
    ("millionen", 1e6),
];

const CJK_MAGNITUDES: &[(char, f64)] = &[('万', 1e4), ('亿', 1e8)];

/// All quantities in `text`, skipping anything inside `skip` (date spans).
pub fn find(text: &str, skip: &[Span]) -> Vec<Quantity> {
    let bytes = text.as_bytes();
    let mut found = Vec::new();
    let mut idx = 0;
    while idx < bytes.len() {
        if !bytes[idx].is_ascii_digit()
            || (idx > 0 && (bytes[idx - 1].is_ascii_alphanumeric() || bytes[idx - 1] == b'.'))
        {
            idx += 1;
            continue;
        }
        let start = idx;
        let mut end = idx;
        // digits with thousands separators and one decimal mark
        while end < bytes.len() {
            let b = bytes[end];
            let sep_then_digit = matches!(b, b',' | b'.' | b' ')
                && end + 1 < bytes.len()
                && bytes[end + 1].is_ascii_digit();
            let separator = sep_then_digit && (b != b' ' || is_thousands_group(bytes, end + 1));
            if b.is_ascii_digit() || separator {
                end += 1;
            } else {
                break;
            }
        }
        idx = end.max(idx + 1);
        let span = Span::new(start, end);
        if skip
            .iter()
            .any(|s| s.start <= span.start && span.end <= s.end)
        {
            continue;
        }
        let Some(mut value) = parse_number(&text[start..end]) else {
            continue;
        };
        let digits_only = text[start..end].bytes().all(|b| b.is_ascii_digit());
        if digits_only && end - start == 4 && (1900.0..=2100.0).contains(&value) {
            continue; // a year
        }
        if digits_only && is_ordinal_suffix(&text[end..]) {
            continue; // "the 14th dialogue", "le 23e sommet": a name, not a figure
        }
        let rest = &text[end..];
        let rest_trimmed = rest.trim_start();
        let mut percent = false;
        let mut span_end = end;
        if rest_trimmed.starts_with(['%', '％'])
            || starts_with_word(
                rest_trimmed,
                &[
                    "percent",
                    "per cent",
                    "pour cent",
                    "por ciento",
                    "prozent",
                    "процент",
                ],
            )
        {
            percent = true;
        } else if let Some(factor) = CJK_MAGNITUDES
            .iter()
            .find(|(c, _)| rest.starts_with(*c))
            .map(|(_, f)| *f)
        {
            value *= factor;
            span_end += 3;
        } else if let Some((len, factor)) = magnitude_word(rest_trimmed) {
            value *= factor;
            span_end = end + (rest.len() - rest_trimmed.len()) + len;
        }
        found.push(Quantity {
            value,
            percent,
            span: Span::new(start, span_end),
        });
    }
    found
}

/// Whether an ordinal ending starts `rest`: "th", "st", "nd", "rd", "e",
/// "er", "ème", "º", "-й", "-го", "次"/"届"/"轮" (the Chinese "第…次" order).
fn is_ordinal_suffix(rest: &str) -> bool {
    let word: String = rest
        .chars()
        .take_while(|c| parallax_model::is_letter(*c) || *c == '-' || *c == 'º' || *c == '°')
        .collect::<String>()
        .to_lowercase();
    matches!(
        word.as_str(),
        "th" | "st"
            | "nd"
            | "rd"
            | "e"
            | "er"
            | "ère"
            | "ème"
            | "eme"
            | "º"
            | "°"
            | "-й"
            | "-го"
            | "-я"
            | "-е"
            | "-th"
    ) || rest.starts_with(['次', '届', '轮'])
}

fn is_thousands_group(bytes: &[u8], start: usize) -> bool {
    bytes.len() >= start + 3
        && bytes[start..start + 3].iter().all(u8::is_ascii_digit)
        && bytes.get(start + 3).is_none_or(|b| !b.is_ascii_digit())
}

/// "1,500.5" / "1.500,5" / "1 500" / "2.5" → value. A single separator
/// followed by exactly three digits is a thousands separator.
fn parse_number(raw: &str) -> Option<f64> {
    let cleaned: String = raw.chars().filter(|c| *c != ' ').collect();
    let n_commas = cleaned.matches(',').count();
    let n_dots = cleaned.matches('.').count();
    let last_group = |sep: char| cleaned.rsplit(sep).next().map_or(0, str::len);
    let normalised = match (n_commas, n_dots) {
        (0, 0) => cleaned,
        (0, 1) if last_group('.') == 3 && cleaned.len() > 4 && !cleaned.starts_with('0') => {
            cleaned.replace('.', "")
        }
        (0, _) if n_dots > 1 => cleaned.replace('.', ""),
        (0, _) => cleaned,
        (1, 0) if last_group(',') == 3 => cleaned.replace(',', ""),
        (1, 0) => cleaned.replace(',', "."),
        (_, 0) => cleaned.replace(',', ""),
        _ => {
            // both: the later one is the decimal mark
            let last_comma = cleaned.rfind(',')?;
            let last_dot = cleaned.rfind('.')?;
            if last_dot > last_comma {
                cleaned.replace(',', "")
            } else {
                cleaned.replace('.', "").replace(',', ".")
            }
        }
    };
    normalised.parse().ok()
}

fn starts_with_word(text: &str, words: &[&str]) -> bool {
    let lower = text.chars().take(16).collect::<String>().to_lowercase();
    words.iter().any(|w| lower.starts_with(w))
}

/// Length in bytes of a magnitude word at the start of `text`, and its factor.
fn magnitude_word(text: &str) -> Option<(usize, f64)> {
    let word_len = text
        .find(|c: char| !parallax_model::is_letter(c))
        .unwrap_or(text.len());
    let word = text[..word_len].to_lowercase();
    if word.is_empty() {
        return None;
    }
    if word == "mil"
        && text[word_len..]
            .trim_start()
            .to_lowercase()
            .starts_with("millones")
    {
        let rest = &text[word_len..];
        let skip = rest.len() - rest.trim_start().len();
        return Some((word_len + skip + "millones".len(), 1e9));
    }
    MAGNITUDES.iter().find_map(|(form, factor)| {
        let hit = match form.strip_suffix('*') {
            Some(stem) => word.starts_with(stem),
            None => word == *form,
        };
        hit.then_some((word_len, *factor))
    })
}

/// Numbers written as words, lower-case, in the supported languages; "a",
/// "un", "ein"… count as one only before a unit (durations check that).
pub(crate) const NUMBER_WORDS: &[(&str, f64)] = &[
    // English ("a", "an" only count before a unit, which the caller checks)
    ("a", 1.0),
    ("an", 1.0),
    ("one", 1.0),
    ("two", 2.0),
    ("three", 3.0),
    ("four", 4.0),
    ("five", 5.0),
    ("six", 6.0),
    ("seven", 7.0),
    ("eight", 8.0),
    ("nine", 9.0),
    ("ten", 10.0),
    ("eleven", 11.0),
    ("twelve", 12.0),
    ("fifteen", 15.0),
    ("twenty", 20.0),
    ("thirty", 30.0),
    ("forty", 40.0),
    ("fifty", 50.0),
    ("sixty", 60.0),
    ("ninety", 90.0),
    ("hundred", 100.0),
    ("dozen", 12.0),
    // French
    ("un", 1.0),
    ("une", 1.0),
    ("deux", 2.0),
    ("trois", 3.0),
    ("quatre", 4.0),
    ("cinq", 5.0),
    ("sept", 7.0),
    ("huit", 8.0),
    ("neuf", 9.0),
    ("dix", 10.0),
    ("onze", 11.0),
    ("douze", 12.0),
    ("quinze", 15.0),
    ("vingt", 20.0),
    ("trente", 30.0),
    ("quarante", 40.0),
    ("cinquante", 50.0),
    ("soixante", 60.0),
    // Russian
    ("один", 1.0),
    ("одна", 1.0),
    ("одного", 1.0),
    ("одну", 1.0),
    ("два", 2.0),
    ("две", 2.0),
    ("двух", 2.0),
    ("три", 3.0),
    ("трёх", 3.0),
    ("трех", 3.0),
    ("четыре", 4.0),
    ("четырёх", 4.0),
    ("четырех", 4.0),
    ("пять", 5.0),
    ("пяти", 5.0),
    ("шесть", 6.0),
    ("шести", 6.0),
    ("семь", 7.0),
    ("семи", 7.0),
    ("восемь", 8.0),
    ("восьми", 8.0),
    ("девять", 9.0),
    ("девяти", 9.0),
    ("десять", 10.0),
    ("десяти", 10.0),
    ("пятнадцать", 15.0),
    ("пятнадцати", 15.0),
    ("двадцать", 20.0),
    ("двадцати", 20.0),
    ("тридцать", 30.0),
    ("тридцати", 30.0),
    ("сорок", 40.0),
    ("сорока", 40.0),
    ("пятьдесят", 50.0),
    ("пятидесяти", 50.0),
    ("сто", 100.0),
    ("полтора", 1.5),
    ("полторы", 1.5),
    ("полутора", 1.5),
    // Spanish
    ("uno", 1.0),
    ("una", 1.0),
    ("dos", 2.0),
    ("tres", 3.0),
    ("cuatro", 4.0),
    ("cinco", 5.0),
    ("seis", 6.0),
    ("siete", 7.0),
    ("ocho", 8.0),
    ("nueve", 9.0),
    ("diez", 10.0),
    ("doce", 12.0),
    ("quince", 15.0),
    ("veinte", 20.0),
    ("veinticinco", 25.0),
    ("treinta", 30.0),
    ("cuarenta", 40.0),
    ("cincuenta", 50.0),
    ("sesenta", 60.0),
    ("noventa", 90.0),
    ("cien", 100.0),
    // German
    ("ein", 1.0),
    ("eine", 1.0),
    ("einer", 1.0),
    ("einem", 1.0),
    ("einen", 1.0),
    ("zwei", 2.0),
    ("drei", 3.0),
    ("vier", 4.0),
    ("fünf", 5.0),
    ("sechs", 6.0),
    ("sieben", 7.0),
    ("acht", 8.0),
    ("neun", 9.0),
    ("zehn", 10.0),
    ("elf", 11.0),
    ("zwölf", 12.0),
    ("fünfzehn", 15.0),
    ("zwanzig", 20.0),
    ("fünfundzwanzig", 25.0),
    ("dreißig", 30.0),
    ("vierzig", 40.0),
    ("fünfundvierzig", 45.0),
    ("fünfzig", 50.0),
    ("sechzig", 60.0),
    ("neunzig", 90.0),
    ("hundert", 100.0),
    ("anderthalb", 1.5),
    ("eineinhalb", 1.5),
    ("zweieinhalb", 2.5),
    ("dreieinhalb", 3.5),
    // Arabic
    ("واحدة", 1.0),
    ("واحد", 1.0),
    ("اثنتين", 2.0),
    ("اثنين", 2.0),
    ("ثلاث", 3.0),
    ("ثلاثة", 3.0),
    ("أربع", 4.0),
    ("أربعة", 4.0),
    ("خمس", 5.0),
    ("خمسة", 5.0),
    ("ست", 6.0),
    ("ستة", 6.0),
    ("عشر", 10.0),
    ("عشرة", 10.0),
    ("عشرين", 20.0),
    ("ثلاثين", 30.0),
    ("أربعين", 40.0),
    ("خمسين", 50.0),
    ("ستين", 60.0),
    ("تسعين", 90.0),
];

/// Number words that are also articles or other words: not figures on their
/// own ("a visit", "un accord", "ein Treffen"; French "sept" for September).
const NOT_FIGURES: &[&str] = &[
    "a",
    "an",
    "one",
    "un",
    "une",
    "uno",
    "una",
    "ein",
    "eine",
    "einer",
    "einem",
    "einen",
    "один",
    "одна",
    "одного",
    "одну",
    "sept",
    "واحدة",
    "واحد",
];

/// "and a half" in each language, as the words that follow a number.
const AND_A_HALF: &[&[&str]] = &[
    &["and", "a", "half"],
    &["et", "demi"],
    &["et", "demie"],
    &["y", "medio"],
    &["y", "media"],
    &["с", "половиной"],
];

/// Words after a number that make it a count of the parties ("the two
/// sides", "les deux présidents"), not a figure of what they discussed.
const PARTIES: &[&str] = &[
    "sides",
    "leaders",
    "presidents",
    "countries",
    "nations",
    "parties",
    "heads",
    "ministers",
    "governments",
    "côtés",
    "dirigeants",
    "présidents",
    "pays",
    "chefs",
    "ministres",
    "lados",
    "líderes",
    "presidentes",
    "países",
    "partes",
    "mandatarios",
    "seiten",
    "länder",
    "staats",
    "regierungen",
    "стороны",
    "сторон",
    "лидера",
    "лидеров",
    "президента",
    "стран",
    "страны",
    "государств",
    "государства",
    "министра",
];

/// Chinese numerals before a measure word ("五年" five years, "三架" three
/// aircraft); "两国" (the two countries) is not a count of anything discussed.
fn chinese_counts(point: &str, offset: usize) -> Vec<Quantity> {
    const DIGITS: &[(char, f64)] = &[
        ('两', 2.0),
        ('二', 2.0),
        ('三', 3.0),
        ('四', 4.0),
        ('五', 5.0),
        ('六', 6.0),
        ('七', 7.0),
        ('八', 8.0),
        ('九', 9.0),
        ('十', 10.0),
        ('百', 100.0),
    ];
    const MEASURES: &[char] = &[
        '年', '天', '个', '次', '名', '架', '套', '项', '条', '艘', '位', '批',
    ];
    let chars: Vec<(usize, char)> = point.char_indices().collect();
    let mut found = Vec::new();
    for (i, &(at, c)) in chars.iter().enumerate() {
        let Some(&(_, value)) = DIGITS.iter().find(|(d, _)| *d == c) else {
            continue;
        };
        let prev_is_digit = i > 0 && DIGITS.iter().any(|(d, _)| *d == chars[i - 1].1);
        let Some(&(next_at, next)) = chars.get(i + 1) else {
            continue;
        };
        if prev_is_digit || !MEASURES.contains(&next) {
            continue;
        }
        found.push(Quantity {
            value,
            percent: false,
            span: Span::new(offset + at, offset + next_at + next.len_utf8()),
        });
    }
    found
}

/// Quantities written in words in the point at `span` of `text` ("three
/// additional systems", "two and a half billion", "двух часов"). Spans are
/// absolute. Counts of the parties themselves ("the two sides") are skipped.
pub fn find_words(text: &str, span: Span) -> Vec<Quantity> {
    let Some(point) = text.get(span.start..span.end) else {
        return Vec::new();
    };
    let mut found = chinese_counts(point, span.start);
    let tokens = crate::tokens::words(point);
    let mut idx = 0;
    while idx < tokens.len() {
        let word = tokens[idx].lower.as_ref();
        let Some(&(_, mut value)) = NUMBER_WORDS
            .iter()
            .find(|(w, _)| *w == word && !NOT_FIGURES.contains(w))
        else {
            idx += 1;
            continue;
        };
        let start = tokens[idx].span.start;
        let mut end = tokens[idx].span.end;
        let mut next = idx + 1;
        let words_at = |at: usize, words: &[&str]| {
            tokens.len() >= at + words.len()
                && tokens[at..at + words.len()]
                    .iter()
                    .zip(words)
                    .all(|(t, w)| t.lower == *w)
        };
        if let Some(half) = AND_A_HALF.iter().find(|h| words_at(next, h)) {
            value += 0.5;
            end = tokens[next + half.len() - 1].span.end;
            next += half.len();
        }
        if let Some(token) = tokens.get(next) {
            if PARTIES.contains(&token.lower.as_ref()) {
                idx = next;
                continue;
            }
            if let Some((_, factor)) = magnitude_word(&token.lower) {
                value *= factor;
                end = token.span.end;
                next += 1;
            }
        }
        found.push(Quantity {
            value,
            percent: false,
            span: Span::new(span.start + start, span.start + end),
        });
        idx = next;
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values(text: &str) -> Vec<f64> {
        find(text, &[]).iter().map(|q| q.value).collect()
    }

    #[test]
    fn scales_amounts_across_languages() {
        assert_eq!(values("trade reached $240 billion"), [240e9]);
        assert_eq!(values("товарооборот достиг 240 млрд долларов"), [240e9]);
        assert_eq!(values("贸易额达到2400亿美元"), [240e9]);
        assert_eq!(values("240 mil millones de dólares"), [240e9]);
        assert_eq!(
            values("1,500 soldiers and 2.5 million tonnes"),
            [1500.0, 2.5e6]
        );
    }

    #[test]
    fn numbers_in_words_compare_with_digits() {
        let words = |text: &str| -> Vec<f64> {
            find_words(text, Span::new(0, text.len()))
                .iter()
                .map(|q| q.value)
                .collect()
        };
        assert_eq!(words("two and a half billion dollars"), [2.5e9]);
        assert_eq!(words("zwei weitere Systeme und drei Batterien"), [2.0, 3.0]);
        assert_eq!(words("около двух часов"), [2.0]);
        assert_eq!(words("有效期延长五年，两国同意"), [5.0]);
        assert_eq!(words("the two sides agreed"), Vec::<f64>::new());
        assert_eq!(
            words("once again, one more time, 50 per cent"),
            Vec::<f64>::new()
        );
        let text = "a deal worth two billion";
        let found = find_words(text, Span::new(0, text.len()));
        assert_eq!(found[0].span.slice(text), "two billion");
    }

    #[test]
    fn ordinals_are_not_figures() {
        assert!(values("the 14th EU-China Strategic Dialogue").is_empty());
        assert!(values("le 23e sommet annuel").is_empty());
        assert!(values("на 5-й встрече").is_empty());
        assert_eq!(values("14 prisoners"), [14.0]);
    }

    #[test]
    fn years_and_percent() {
        let found = find("In 2026 trade grew 12%", &[]);
        assert_eq!(found.len(), 1);
        assert!(found[0].percent);
    }
}
