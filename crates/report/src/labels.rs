//! The words the human-facing reports put around the data: names of sources,
//! dates, engagement formats, relation markers. Plain text; each renderer
//! escapes it for its own format.

use crate::rows::Verdict;
use parallax_model::{Engagement, Relation, Source};

/// How a source is named in headings and column titles: its issuer, else its
/// title, else "Source A".
pub(crate) fn source_name(source: &Source) -> String {
    [&source.issuer, &source.title]
        .into_iter()
        .flatten()
        .map(|name| name.trim())
        .find(|name| !name.is_empty())
        .map(str::to_string)
        .unwrap_or_else(|| format!("Source {}", source.id))
}

/// "A · Élysée": the source id and its name, for column headings.
pub(crate) fn source_heading(source: &Source) -> String {
    format!("{} · {}", source.id, source_name(source))
}

const MONTHS: [&str; 12] = [
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

/// "2026-02-04" → "4 February 2026"; anything else is returned as given.
pub(crate) fn human_date(iso: &str) -> String {
    let parts: Vec<&str> = iso.trim().split('-').collect();
    if let [year, month, day] = parts[..] {
        let all_digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
        if year.len() == 4 && month.len() == 2 && day.len() == 2 {
            if let (true, Ok(month), Ok(day)) = (
                all_digits(year) && all_digits(month) && all_digits(day),
                month.parse::<usize>(),
                day.parse::<u32>(),
            ) {
                if (1..=12).contains(&month) && (1..=31).contains(&day) {
                    return format!("{day} {} {year}", MONTHS[month - 1]);
                }
            }
        }
    }
    iso.to_string()
}

/// "phone_call" → "Phone call".
pub(crate) fn format_name(format: &str) -> String {
    let words = format.trim().replace('_', " ");
    let mut chars = words.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// "Phone call · 4 February 2026 · 85 minutes", leaving out what is unknown.
pub(crate) fn engagement_line(engagement: &Engagement) -> String {
    let mut parts = Vec::new();
    if let Some(format) = engagement
        .format
        .as_deref()
        .filter(|f| !f.trim().is_empty())
    {
        parts.push(format_name(format));
    }
    if let Some(date) = engagement.date.as_deref() {
        parts.push(human_date(date));
    }
    if let Some(minutes) = engagement.duration_minutes {
        parts.push(if minutes == 1 {
            "1 minute".to_string()
        } else {
            format!("{minutes} minutes")
        });
    }
    parts.join(" · ")
}

/// "Putin and Xi Jinping", "A, B and C", or a generic title without participants.
pub(crate) fn title(engagement: &Engagement) -> String {
    let names = if engagement.participant_names.len() == engagement.participants.len() {
        &engagement.participant_names
    } else {
        &engagement.participants
    };
    let names: Vec<&str> = names
        .iter()
        .map(|name| name.trim())
        .filter(|name| !name.is_empty())
        .collect();
    match names.as_slice() {
        [] => "Readout comparison".to_string(),
        [one] => one.to_string(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

/// The short id of a verdict, as in CSS classes: same, partial, differs, only.
pub(crate) fn verdict_id(verdict: Verdict) -> &'static str {
    match verdict {
        Verdict::Linked(relation) => relation.id(),
        Verdict::Only { .. } => "only",
    }
}

/// The sign shown next to a relation: = ≈ ≠, and ∅ for a one-side point.
pub(crate) fn verdict_sign(verdict: Verdict) -> &'static str {
    match verdict {
        Verdict::Linked(Relation::Same) => "=",
        Verdict::Linked(Relation::Partial) => "≈",
        Verdict::Linked(Relation::Differs) => "≠",
        Verdict::Only { .. } => "∅",
    }
}

/// What a relation means, for legends.
pub(crate) fn relation_meaning(relation: Relation) -> &'static str {
    match relation {
        Relation::Same => "both sides say it",
        Relation::Partial => "both say it, with different detail",
        Relation::Differs => "same subject, different substance",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn human_date_spells_out_iso_days_and_keeps_anything_else() {
        assert_eq!(human_date("2026-02-04"), "4 February 2026");
        assert_eq!(human_date("2026-12-31"), "31 December 2026");
        assert_eq!(human_date("2026-13-01"), "2026-13-01");
        assert_eq!(human_date("2026-02"), "2026-02");
        assert_eq!(human_date("early 2026"), "early 2026");
        assert_eq!(human_date("20é6-02-04"), "20é6-02-04");
    }

    #[test]
    fn title_joins_participants_like_a_headline() {
        let mut engagement = Engagement::default();
        assert_eq!(title(&engagement), "Readout comparison");
        engagement.participants = vec!["Putin".into(), "Xi Jinping".into()];
        assert_eq!(title(&engagement), "Putin and Xi Jinping");
        engagement.participants.push("Lula".into());
        assert_eq!(title(&engagement), "Putin, Xi Jinping and Lula");
    }

    #[test]
    fn engagement_line_leaves_out_what_is_unknown() {
        let mut engagement = Engagement {
            date: Some("2026-02-04".into()),
            participants: vec![],
            participant_names: vec![],
            initiator: vec![],
            format: Some("video_call".into()),
            duration_minutes: Some(85),
        };
        assert_eq!(
            engagement_line(&engagement),
            "Video call · 4 February 2026 · 85 minutes"
        );
        engagement.format = None;
        engagement.duration_minutes = None;
        assert_eq!(engagement_line(&engagement), "4 February 2026");
    }
}
