//! The words the human-facing reports put around the data: names of sources,
//! dates, engagement formats, relation markers. Plain text; each renderer
//! escapes it for its own format.

use crate::rows::Verdict;
use parallax_model::{
    Commitment, Engagement, Findings, InitiatorClaim, Relation, Source, TimeExpr, Window,
};
use std::collections::BTreeMap;

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
                    return format!("{day} {} {year}", parallax_model::month_name(month as u32));
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
pub(crate) fn engagement_line(engagement: &Engagement, findings: &Findings) -> String {
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
    let minutes_text = |minutes: u32| {
        if minutes == 1 {
            "1 minute".to_string()
        } else {
            format!("{minutes} minutes")
        }
    };
    // when the sources give different lengths, each is shown with its source
    let stated: Vec<(&str, u32)> = findings
        .sources
        .iter()
        .filter_map(|p| Some((p.source.as_str(), p.duration_minutes?)))
        .collect();
    if stated.iter().any(|(_, m)| *m != stated[0].1) {
        let each: Vec<String> = stated
            .iter()
            .map(|(source, m)| format!("{} ({source})", minutes_text(*m)))
            .collect();
        parts.push(each.join(" / "));
    } else if let Some(minutes) = engagement.duration_minutes {
        parts.push(minutes_text(minutes));
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

/// The trimmed text, unless it is missing or blank.
fn non_blank(text: Option<&str>) -> Option<&str> {
    text.map(str::trim).filter(|t| !t.is_empty())
}

/// "2026-01-01–2026-06-30", one day as "2026-06-14", a half-open window as
/// "from 2026-01-01" or "by 2026-06-30"; `None` when there are no dates.
pub(crate) fn interval(start: Option<&str>, end: Option<&str>, join: &str) -> Option<String> {
    match (non_blank(start), non_blank(end)) {
        (Some(start), Some(end)) if start == end => Some(start.to_string()),
        (Some(start), Some(end)) => Some(format!("{start}{join}{end}")),
        (Some(start), None) => Some(format!("from {start}")),
        (None, Some(end)) => Some(format!("by {end}")),
        (None, None) => None,
    }
}

/// What a time expression was read as: "2026-06-14 – 2026-06-16", or
/// "no date: too vague".
pub(crate) fn time_meaning(time: &TimeExpr) -> String {
    interval(time.start.as_deref(), time.end.as_deref(), " – ")
        .unwrap_or_else(|| "no date: too vague".to_string())
}

/// A commitment's window, "2026-01-01–2026-06-30", or "no date".
pub(crate) fn window_text(window: Option<&Window>) -> String {
    window
        .and_then(|w| interval(w.start.as_deref(), w.end.as_deref(), "–"))
        .unwrap_or_else(|| "no date".to_string())
}

/// "Q7747 → CN", "CN", "→ CN"; empty when neither party is known.
pub(crate) fn parties(commitment: &Commitment) -> String {
    match (
        non_blank(commitment.actor.as_deref()),
        non_blank(commitment.target.as_deref()),
    ) {
        (Some(actor), Some(target)) => format!("{actor} → {target}"),
        (Some(actor), None) => actor.to_string(),
        (None, Some(target)) => format!("→ {target}"),
        (None, None) => String::new(),
    }
}

/// "A says: at the request of the US side → US".
pub(crate) fn initiator_claim(claim: &InitiatorClaim) -> String {
    format!(
        "{} says: {} → {}",
        claim.source,
        claim.text.trim(),
        claim.party
    )
}

/// Whether the sources name different initiators.
pub(crate) fn initiators_disagree(engagement: &Engagement) -> bool {
    engagement
        .initiator
        .iter()
        .any(|claim| claim.party != engagement.initiator[0].party)
}

/// "A says: … → US; B says: 应约 → CN · sources disagree"; empty without claims.
pub(crate) fn initiator_line(engagement: &Engagement) -> String {
    let claims: Vec<String> = engagement.initiator.iter().map(initiator_claim).collect();
    let mut line = claims.join("; ");
    if initiators_disagree(engagement) {
        line.push_str(" · sources disagree");
    }
    line
}

/// A source's tone categories, most frequent first (ties by name), without
/// zero counts.
pub(crate) fn tone_counts(tone: &BTreeMap<String, u32>) -> Vec<(&str, u32)> {
    let mut counts: Vec<(&str, u32)> = tone
        .iter()
        .filter(|(_, n)| **n > 0)
        .map(|(category, n)| (category.as_str(), *n))
        .collect();
    counts.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    counts
}

/// "warmth 2 · candour 1"; empty when the source has no tone words.
pub(crate) fn tone_line(tone: &BTreeMap<String, u32>) -> String {
    tone_counts(tone)
        .iter()
        .map(|(category, n)| format!("{category} {n}"))
        .collect::<Vec<_>>()
        .join(" · ")
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
            engagement_line(&engagement, &Findings::default()),
            "Video call · 4 February 2026 · 85 minutes"
        );
        // sources that give different lengths are each shown with theirs
        let said = |source: &str, minutes| parallax_model::SourceProfile {
            source: source.into(),
            duration_minutes: Some(minutes),
            ..Default::default()
        };
        let findings = Findings {
            sources: vec![said("A", 120), said("B", 75)],
            ..Default::default()
        };
        assert_eq!(
            engagement_line(&engagement, &findings),
            "Video call · 4 February 2026 · 120 minutes (A) / 75 minutes (B)"
        );
        engagement.format = None;
        engagement.duration_minutes = None;
        assert_eq!(
            engagement_line(&engagement, &Findings::default()),
            "4 February 2026"
        );
    }

    #[test]
    fn intervals_name_one_day_once_and_say_when_there_is_no_date() {
        let time = |start: Option<&str>, end: Option<&str>| TimeExpr {
            text: "x".into(),
            start: start.map(Into::into),
            end: end.map(Into::into),
            span: [0, 1],
        };
        assert_eq!(
            time_meaning(&time(Some("2026-01-01"), Some("2026-06-30"))),
            "2026-01-01 – 2026-06-30"
        );
        assert_eq!(
            time_meaning(&time(Some("2026-06-14"), Some("2026-06-14"))),
            "2026-06-14"
        );
        assert_eq!(time_meaning(&time(None, None)), "no date: too vague");
        assert_eq!(window_text(None), "no date");
        let window = Window {
            start: None,
            end: Some("2026-12-31".into()),
        };
        assert_eq!(window_text(Some(&window)), "by 2026-12-31");
    }

    #[test]
    fn parties_leave_out_who_is_unknown() {
        let mut commitment = Commitment {
            kind: "visit".into(),
            actor: Some("Q7747".into()),
            target: Some("CN".into()),
            window: Some(Window {
                start: Some("2026-01-01".into()),
                end: Some("2026-06-30".into()),
            }),
            status: "accepted".into(),
            span: [0, 1],
        };
        assert_eq!(parties(&commitment), "Q7747 → CN");
        assert_eq!(
            window_text(commitment.window.as_ref()),
            "2026-01-01–2026-06-30"
        );
        commitment.actor = None;
        assert_eq!(parties(&commitment), "→ CN");
        commitment.target = None;
        assert_eq!(parties(&commitment), "");
    }

    #[test]
    fn initiator_line_keeps_every_claim_and_flags_disagreement() {
        let claim = |source: &str, party: &str, text: &str| InitiatorClaim {
            source: source.into(),
            party: party.into(),
            text: text.into(),
            span: [0, 1],
        };
        let mut engagement = Engagement::default();
        assert_eq!(initiator_line(&engagement), "");
        engagement.initiator = vec![
            claim("A", "US", "at the request of the US side"),
            claim("B", "US", "应约"),
        ];
        assert_eq!(
            initiator_line(&engagement),
            "A says: at the request of the US side → US; B says: 应约 → US"
        );
        engagement.initiator[1].party = "CN".into();
        assert!(initiator_line(&engagement).ends_with("B says: 应约 → CN · sources disagree"));
    }

    #[test]
    fn tone_line_puts_the_most_frequent_first() {
        let tone = BTreeMap::from([
            ("candour".to_string(), 1),
            ("warmth".to_string(), 2),
            ("trust".to_string(), 0),
        ]);
        assert_eq!(tone_line(&tone), "warmth 2 · candour 1");
    }
}
