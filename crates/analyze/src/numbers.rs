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
        .find(|c: char| !c.is_alphabetic())
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
    fn years_and_percent() {
        let found = find("In 2026 trade grew 12%", &[]);
        assert_eq!(found.len(), 1);
        assert!(found[0].percent);
    }
}
