//! The key differences and the whole-readout profile, shared by the HTML and
//! Markdown reports: what the reader sees first.

use parallax_model::{Comparison, KeyDifference, Quote, SourceProfile, Topic};

/// The quotes of a key difference a reader sees: words inside another quote
/// of the same item (the "Iran" of a whole point quoted below) are left out.
pub(crate) fn shown_quotes(key: &KeyDifference) -> impl Iterator<Item = &Quote> {
    key.quotes
        .iter()
        .enumerate()
        .filter(move |(i, q)| {
            !key.quotes.iter().enumerate().any(|(j, outer)| {
                j != *i
                    && outer.source == q.source
                    && outer.start <= q.start
                    && q.end <= outer.end
                    && (outer.end - outer.start) > (q.end - q.start)
            })
        })
        .map(|(_, q)| q)
}

/// A quote as escaped HTML, with the words of the item's other quotes that
/// fall inside it (what only this side says) marked.
pub(crate) fn marked_quote(key: &KeyDifference, quote: &Quote) -> String {
    use crate::html::escape::Esc;
    let mut inner: Vec<(usize, usize)> = key
        .quotes
        .iter()
        .filter(|q| {
            q.source == quote.source
                && quote.start <= q.start
                && q.end <= quote.end
                && (q.end - q.start) < (quote.end - quote.start)
        })
        .map(|q| (q.start - quote.start, q.end - quote.start))
        .collect();
    inner.sort_unstable();
    let mut out = String::new();
    let mut at = 0;
    for (start, end) in inner {
        let (Some(before), Some(marked)) = (quote.text.get(at..start), quote.text.get(start..end))
        else {
            continue;
        };
        out.push_str(&Esc(before).to_string());
        out.push_str("<mark>");
        out.push_str(&Esc(marked).to_string());
        out.push_str("</mark>");
        at = end;
    }
    out.push_str(&Esc(quote.text.get(at..).unwrap_or_default()).to_string());
    out
}

/// A quote's position as a reader can find it: "A3 · bytes 120–180".
pub(crate) fn position(quote: &Quote) -> String {
    match &quote.point {
        Some(point) => format!("{point} · bytes {}–{}", quote.start, quote.end),
        None => format!("{} · bytes {}–{}", quote.source, quote.start, quote.end),
    }
}

/// The language of the source a quote comes from.
pub(crate) fn quote_lang(c: &Comparison, quote: &Quote) -> Option<parallax_model::Lang> {
    c.sources
        .iter()
        .find(|s| s.id == quote.source)
        .map(|s| s.language)
}

/// One row per source of the whole-readout table: cells as plain text.
pub(crate) fn profile_cells(profile: &SourceProfile) -> [String; 5] {
    // the first subject, past the opening formula and greetings
    let leads = profile
        .topics
        .iter()
        .filter(|t| !matches!(t.topic, Topic::Engagements | Topic::Atmosphere))
        .min_by_key(|t| t.rank)
        .map_or_else(|| "—".to_owned(), |t| t.topic.label().to_owned());
    let shares: Vec<String> = profile
        .topics
        .iter()
        .take(3)
        .map(|t| format!("{} {:.0}%", short(t.topic), t.share * 100.0))
        .collect();
    let format = profile
        .format
        .as_deref()
        .map_or_else(|| "—".to_owned(), |f| f.replace('_', " "));
    let duration = profile
        .duration_minutes
        .map_or_else(|| "—".to_owned(), |m| format!("{m} min"));
    [
        format!("{} words, {} points", profile.words, profile.points),
        format!("{format} · {duration}"),
        profile.initiator.clone().unwrap_or_else(|| "—".to_owned()),
        leads,
        shares.join(", "),
    ]
}

/// Column headings for [`profile_cells`].
pub(crate) const PROFILE_HEADINGS: [&str; 5] = [
    "Length",
    "Format · duration",
    "Who asked",
    "Leads with",
    "Largest topics (share of words)",
];

fn short(topic: Topic) -> &'static str {
    match topic {
        Topic::Relations => "relations",
        Topic::Economy => "economy",
        Topic::Security => "security",
        Topic::GlobalOrder => "world order",
        Topic::Regional => "regional",
        Topic::Engagements => "contacts",
        Topic::Atmosphere => "atmosphere",
        Topic::People => "people",
        Topic::Other => "other",
    }
}
