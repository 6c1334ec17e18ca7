//! The short list an analyst writes before the table: the differences that
//! matter most, each one sentence in English with the words of each side.
//!
//! Every candidate gets a weight: disagreements in substance (figures, dates,
//! who acts, agreed against discussed, who asked for the call) and points
//! only one side makes on security, regional crises and commitments weigh
//! most; tone, length and emphasis least. The list keeps the heaviest, at
//! most [`MAX`], and at least [`MIN`] when there are that many candidates.

use crate::differences::{display, english_name, fmt_interval};
use parallax_analyze::lexicon::ConceptKind;
use parallax_analyze::Analyzer;
use parallax_model::{
    Comparison, Difference, Findings, KeyDifference, Link, Point, Quote, Source, Topic,
};

const MAX: usize = 8;
const MIN: usize = 3;
/// Candidates lighter than this only fill the list up to [`MIN`].
const FLOOR: f32 = 2.0;
/// An unmatched point this close in meaning to a point of another source may
/// be a missed link: it is not listed as said by one side only.
const NEAR_MISS_COSINE: f32 = 0.62;

/// What the list needs beyond the comparison itself.
pub(crate) struct Context<'c> {
    pub analyzer: &'c Analyzer,
    /// The engagement's background entities (home countries, their leaders).
    pub background: &'c [String],
    /// The country each source speaks for, when known.
    pub speakers: &'c [Option<String>],
    /// By source and point: the best cosine with any point of another source.
    pub nearest: &'c [Vec<f32>],
    /// By source and point: the subjects it raises ("energy", "ceasefire").
    pub subjects: &'c [Vec<Vec<Subject>>],
    /// By source and point: the contested things it names ("ukraine-conflict").
    pub referents: &'c [Vec<Vec<&'static str>>],
    /// By source and point: whether no other source's point is linked to it.
    pub unmatched: &'c [Vec<bool>],
}

/// A key term a point raises.
pub(crate) struct Subject {
    /// The lexicon id ("supply_chain").
    pub id: String,
    /// Its English name ("supply chain").
    pub english: String,
    /// The source's own words ("chaînes d'approvisionnement").
    pub words: String,
    /// Where those words are, in the source's text.
    pub span: parallax_model::Span,
}

pub(crate) fn key_differences(comparison: &Comparison, cx: &Context<'_>) -> Vec<KeyDifference> {
    let names: Vec<String> = comparison
        .sources
        .iter()
        .enumerate()
        .map(|(s, source)| source_name(cx, source, cx.speakers.get(s).cloned().flatten()))
        .collect();
    let name = |id: &str| {
        comparison
            .sources
            .iter()
            .position(|s| s.id == id)
            .map_or_else(|| id.to_owned(), |s| names[s].clone())
    };
    let mut found: Vec<KeyDifference> = Vec::new();
    initiator(comparison, cx, &name, &mut found);
    for link in &comparison.links {
        shared_commitments(comparison, link, &name, &mut found);
        link_differences(comparison, link, &name, &mut found);
        omissions(comparison, link, cx, &name, &mut found);
    }
    one_side_only(comparison, cx, &name, &mut found);
    wholes(comparison, &comparison.findings, &name, &mut found);
    found.sort_by(|a, b| b.weight.total_cmp(&a.weight));
    // "Only A mentions Ukraine" twice is one finding with both points
    let mut merged: Vec<KeyDifference> = Vec::with_capacity(found.len());
    for key in found {
        match merged
            .iter_mut()
            .find(|k| k.kind == key.kind && k.summary == key.summary)
        {
            Some(first) => {
                first.points.extend(key.points);
                first.quotes.extend(key.quotes);
            }
            None => merged.push(key),
        }
    }
    let mut found = merged;
    let heavy = found.iter().filter(|k| k.weight >= FLOOR).count();
    found.truncate(heavy.clamp(MIN, MAX));
    found
}

/// "Russia's readout (A)", "the Kremlin readout (A)", or "readout A".
fn source_name(cx: &Context<'_>, source: &Source, speaker: Option<String>) -> String {
    if let Some(label) = source.issuer.as_deref().filter(|l| l.chars().count() <= 24) {
        return format!("the {label} readout ({})", source.id);
    }
    if let Some(country) = speaker {
        return format!(
            "{}'s readout ({})",
            display(cx.analyzer, &country),
            source.id
        );
    }
    format!("readout {}", source.id)
}

fn topic_bonus(topic: Option<Topic>) -> f32 {
    match topic {
        Some(Topic::Security | Topic::Regional) => 1.5,
        Some(Topic::GlobalOrder | Topic::Economy) => 0.5,
        Some(Topic::Engagements) => 0.25,
        Some(Topic::Relations | Topic::Other) | None => 0.0,
        Some(Topic::Atmosphere | Topic::People) => -1.0,
    }
}

fn point_quote(source: &Source, point: &Point) -> Quote {
    Quote {
        source: source.id.clone(),
        point: Some(point.id.clone()),
        text: point.text.clone(),
        start: point.start,
        end: point.end,
    }
}

fn join_names(names: &[String]) -> String {
    match names {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map_or_else(String::new, |first| {
        first.to_uppercase().chain(chars).collect()
    })
}

/// Evidence in its sentence, for the summary: the quoted words with up to
/// four words either side, "…exchange of 300 students under the…".
fn quoted_in(comparison: &Comparison, quote: &Option<Quote>) -> String {
    let Some(q) = quote else {
        return String::new();
    };
    let window = comparison
        .sources
        .iter()
        .find(|s| s.id == q.source)
        .and_then(|source| {
            let point = source
                .points
                .iter()
                .find(|p| p.start <= q.start && q.end <= p.end)?;
            let text = source.text.as_str();
            let before = text.get(point.start..q.start)?;
            let after = text.get(q.end..point.end)?;
            let spaced = before.contains(' ') || after.contains(' ');
            // where the window starts and ends, as offsets into the text
            let (from, to) = if spaced {
                let offset = |word: &str| word.as_ptr() as usize - text.as_ptr() as usize;
                let from = before
                    .split_whitespace()
                    .rev()
                    .take(4)
                    .last()
                    .map_or(q.start, offset);
                let to = after
                    .split_whitespace()
                    .take(4)
                    .last()
                    .map_or(q.end, |w| offset(w) + w.len());
                (from, to)
            } else {
                // Chinese and Japanese: eight characters either side
                let from = before
                    .char_indices()
                    .rev()
                    .take(8)
                    .last()
                    .map_or(q.start, |(i, _)| point.start + i);
                let to = after
                    .char_indices()
                    .take(8)
                    .last()
                    .map_or(q.end, |(i, c)| q.end + i + c.len_utf8());
                (from, to)
            };
            let cut_before = !text[point.start..from].trim().is_empty();
            let cut_after = !text[to..point.end].trim().is_empty();
            // the sentence's own full stop would sit before the summary's
            let window = text[from..to].trim();
            let window = if cut_after {
                window
            } else {
                window.trim_end_matches(['.', '。'])
            };
            Some(format!(
                "“{}{window}{}”",
                if cut_before { "…" } else { "" },
                if cut_after { "…" } else { "" }
            ))
        });
    window.unwrap_or_else(|| format!("“{}”", q.text.trim()))
}

/// The sources taking part in a link.
fn link_sources(link: &Link) -> Vec<String> {
    let mut ids: Vec<String> = link
        .points
        .iter()
        .map(|p| p.trim_end_matches(|c: char| c.is_ascii_digit()).to_owned())
        .collect();
    ids.dedup();
    ids
}

fn initiator(
    comparison: &Comparison,
    cx: &Context<'_>,
    name: &dyn Fn(&str) -> String,
    found: &mut Vec<KeyDifference>,
) {
    let claims = &comparison.engagement.initiator;
    if !comparison.findings.initiator_disputed || claims.len() < 2 {
        return;
    }
    let said: Vec<String> = claims
        .iter()
        .map(|c| {
            format!(
                "{} says {} asked for it",
                name(&c.source),
                display(cx.analyzer, &c.party)
            )
        })
        .collect();
    found.push(KeyDifference {
        kind: "initiator".to_owned(),
        summary: format!(
            "The readouts disagree on who asked for the engagement: {}.",
            said.join("; ")
        ),
        topic: Some(Topic::Engagements),
        points: Vec::new(),
        quotes: claims
            .iter()
            .map(|c| Quote {
                source: c.source.clone(),
                point: point_at(comparison, &c.source, c.span[0]),
                text: c.text.clone(),
                start: c.span[0],
                end: c.span[1],
            })
            .collect(),
        agree: Vec::new(),
        differ: claims.iter().map(|c| c.source.clone()).collect(),
        weight: 5.0,
    });
}

fn point_at(comparison: &Comparison, source: &str, offset: usize) -> Option<String> {
    let source = comparison.sources.iter().find(|s| s.id == source)?;
    source
        .points
        .iter()
        .find(|p| p.start <= offset && offset < p.end)
        .map(|p| p.id.clone())
}

fn primary_topic(comparison: &Comparison, link: &Link) -> Option<Topic> {
    link.points
        .first()
        .and_then(|id| comparison.point(id))
        .and_then(|(_, point)| point.topics.first().copied())
}

fn link_differences(
    comparison: &Comparison,
    link: &Link,
    name: &dyn Fn(&str) -> String,
    found: &mut Vec<KeyDifference>,
) {
    let topic = primary_topic(comparison, link);
    let in_link = link_sources(link);
    let mut kinds_done: Vec<&str> = Vec::new();
    for difference in &link.differences {
        let kind = difference.kind.as_str();
        if kinds_done.contains(&kind) || difference.detail.starts_with("who asked") {
            continue;
        }
        let base = match kind {
            "number" | "negation" => 4.5,
            "time" | "actor" | "place" | "modality" => 4.0,
            "scope" if !difference.detail.contains(" names ") => continue,
            "scope" => 2.0,
            "evaluation" => 0.5,
            _ => continue,
        };
        kinds_done.push(kind);
        let (sides, agree) = who_differs(link, kind, &in_link);
        let quote_a = quoted_in(comparison, &difference.a);
        let quote_b = quoted_in(comparison, &difference.b);
        let side = |q: &Option<Quote>| q.as_ref().map(|q| name(&q.source)).unwrap_or_default();
        let summary = match kind {
            "number" => format!(
                "The figures differ: {} says {quote_a}, {} says {quote_b}.",
                side(&difference.a),
                side(&difference.b)
            ),
            "time"
                if difference.detail.contains("minute") || difference.detail.contains("hour") =>
            {
                format!(
                    "They give the conversation different lengths: {} says {quote_a}, {} says {quote_b}.",
                    side(&difference.a),
                    side(&difference.b)
                )
            }
            "time" => format!(
                "The timing differs: {} says {quote_a}, {} says {quote_b}.",
                side(&difference.a),
                side(&difference.b)
            ),
            "actor" => format!(
                "They differ on who acts: {} says {quote_a}, {} says {quote_b}.",
                side(&difference.a),
                side(&difference.b)
            ),
            "place" => format!(
                "They place it in different countries: {} says {quote_a}, {} says {quote_b}.",
                side(&difference.a),
                side(&difference.b)
            ),
            "modality" => modality_summary(comparison, difference, &side),
            "negation" => format!(
                "One side denies what the other affirms: {} says {quote_a}, {} says {quote_b}.",
                side(&difference.a),
                side(&difference.b)
            ),
            "scope" => {
                let words = |d: &Difference, verb: &str| {
                    d.detail
                        .split_once(verb)
                        .map_or(String::new(), |(_, w)| w.to_owned())
                };
                let subjects = link
                    .differences
                    .iter()
                    .find(|d| {
                        d.kind == "scope"
                            && d.detail.contains(" mentions ")
                            && d.a.as_ref().map(|q| &q.source)
                                == difference.a.as_ref().map(|q| &q.source)
                    })
                    .map_or(String::new(), |d| {
                        format!(" and mentions {}", words(d, " mentions "))
                    });
                format!(
                    "On a point both make, only {} names {}{subjects}.",
                    side(&difference.a),
                    words(difference, " names ")
                )
            }
            _ => format!("Only {} characterises it: {quote_a}.", side(&difference.a)),
        };
        found.push(KeyDifference {
            kind: kind.to_owned(),
            summary,
            topic,
            points: link.points.clone(),
            quotes: difference.a.iter().chain(&difference.b).cloned().collect(),
            agree,
            differ: sides,
            weight: base + topic_bonus(topic),
        });
    }
}

/// A visit or meeting every source of a link announces: what the
/// sides agree on, listed with the differences so the reader sees both.
fn shared_commitments(
    comparison: &Comparison,
    link: &Link,
    name: &dyn Fn(&str) -> String,
    found: &mut Vec<KeyDifference>,
) {
    let in_link = link_sources(link);
    if in_link.len() < 2 {
        return;
    }
    let points: Vec<(&Source, &Point)> = link
        .points
        .iter()
        .filter_map(|id| comparison.point(id))
        .collect();
    for kind in ["visit", "meeting"] {
        let with_kind: Vec<&(&Source, &Point)> = points
            .iter()
            .filter(|(_, p)| p.commitments.iter().any(|c| c.kind == kind))
            .collect();
        let sources: Vec<&str> = {
            let mut s: Vec<&str> = with_kind.iter().map(|(s, _)| s.id.as_str()).collect();
            s.dedup();
            s
        };
        if sources.len() != in_link.len() {
            continue;
        }
        let commitment = with_kind[0].1.commitments.iter().find(|c| c.kind == kind);
        let window = commitment
            .and_then(|c| c.window.as_ref())
            .and_then(|w| Some(fmt_interval(w.start.as_deref()?, w.end.as_deref()?)))
            .map_or_else(String::new, |w| format!(" ({w})"));
        let everyone: Vec<String> = in_link.iter().map(|s| name(s)).collect();
        found.push(KeyDifference {
            kind: "both".to_owned(),
            summary: format!(
                "Both {} announce the {kind}{window}.",
                join_names(&everyone)
            ),
            topic: Some(Topic::Engagements),
            points: link.points.clone(),
            quotes: with_kind
                .iter()
                .filter_map(|(s, p)| {
                    let c = p.commitments.iter().find(|c| c.kind == kind)?;
                    Some(Quote {
                        source: s.id.clone(),
                        point: Some(p.id.clone()),
                        text: s.text.get(c.span[0]..c.span[1])?.to_owned(),
                        start: c.span[0],
                        end: c.span[1],
                    })
                })
                .collect(),
            agree: in_link.clone(),
            differ: Vec::new(),
            weight: 2.2,
        });
        return;
    }
}

fn modality_summary(
    comparison: &Comparison,
    difference: &Difference,
    side: &dyn Fn(&Option<Quote>) -> String,
) -> String {
    // the detail reads "A: agreed · B: discussed"
    let class = |part: Option<&str>| {
        part.and_then(|p| p.split_once(": "))
            .map_or("", |(_, class)| class)
            .trim()
            .to_owned()
    };
    let mut parts = difference.detail.split(" · ");
    let (first, second) = (class(parts.next()), class(parts.next()));
    let (decided, decided_quote, other, other_quote, other_class) = if first == "agreed" {
        (
            &difference.a,
            quoted_in(comparison, &difference.a),
            &difference.b,
            quoted_in(comparison, &difference.b),
            second,
        )
    } else {
        (
            &difference.b,
            quoted_in(comparison, &difference.b),
            &difference.a,
            quoted_in(comparison, &difference.a),
            first,
        )
    };
    format!(
        "{} reports a decision ({decided_quote}); {} says only that it was {other_class} ({other_quote}).",
        capitalise(&side(decided)),
        side(other)
    )
}

/// In a link of three or more sources, the one source on the other side of
/// every difference of this kind differs and the rest agree; otherwise all
/// the sources quoted differ.
fn who_differs(link: &Link, kind: &str, in_link: &[String]) -> (Vec<String>, Vec<String>) {
    let pairs: Vec<(String, String)> = link
        .differences
        .iter()
        .filter(|d| d.kind == kind)
        .filter_map(|d| Some((d.a.as_ref()?.source.clone(), d.b.as_ref()?.source.clone())))
        .collect();
    if pairs.len() >= 2 {
        if let Some(odd) = in_link
            .iter()
            .find(|s| pairs.iter().all(|(a, b)| a == *s || b == *s))
        {
            let agree = in_link.iter().filter(|s| *s != odd).cloned().collect();
            return (vec![odd.clone()], agree);
        }
    }
    let mut differ: Vec<String> = pairs.into_iter().flat_map(|(a, b)| [a, b]).collect();
    differ.sort();
    differ.dedup();
    if differ.is_empty() {
        differ = in_link.to_vec();
    }
    (differ, Vec::new())
}

/// Each entity of a point by the lexicon's English name, with the source's
/// own words when they differ ("Ukraine (“Украине”)"), in entity order.
fn entity_names(cx: &Context<'_>, point: &Point) -> Vec<String> {
    point
        .entities
        .iter()
        .map(|entity| match english_name(cx.analyzer, &entity.id) {
            Some(name) if !name.eq_ignore_ascii_case(&entity.text) => {
                format!("{name} (“{}”)", entity.text)
            }
            _ => entity.text.clone(),
        })
        .collect()
}

/// Each entity of a point by the lexicon's English name alone (the quote
/// under the finding shows the source's words), in entity order.
fn english_names(cx: &Context<'_>, point: &Point) -> Vec<String> {
    point
        .entities
        .iter()
        .map(|entity| english_name(cx.analyzer, &entity.id).unwrap_or_else(|| entity.text.clone()))
        .collect()
}

/// Names of the entities of a point outside the engagement's background.
fn foreground_names(cx: &Context<'_>, point: &Point) -> Vec<String> {
    let mut ids: Vec<&str> = Vec::new();
    let mut names = Vec::new();
    for (entity, name) in point.entities.iter().zip(entity_names(cx, point)) {
        if cx.background.contains(&entity.id) || ids.contains(&entity.id.as_str()) {
            continue;
        }
        ids.push(&entity.id);
        names.push(name);
    }
    names.truncate(3);
    names
}

fn topic_phrase(topic: Option<Topic>) -> &'static str {
    match topic {
        Some(Topic::Relations) => "a point on the state of relations",
        Some(Topic::Economy) => "a point on the economy",
        Some(Topic::Security) => "a point on security",
        Some(Topic::GlobalOrder) => "a point on the world order",
        Some(Topic::Regional) => "a point on a regional issue",
        Some(Topic::Engagements) => "a point on contacts and visits",
        Some(Topic::Atmosphere) => "a greeting or a word on the atmosphere",
        Some(Topic::People) => "a point on people-to-people ties",
        Some(Topic::Other) | None => "a point",
    }
}

fn what_point_says(cx: &Context<'_>, point: &Point) -> String {
    let names = foreground_names(cx, point);
    let announces = point.commitments.first().map(|commitment| {
        let window = commitment
            .window
            .as_ref()
            .and_then(|w| Some(fmt_interval(w.start.as_deref()?, w.end.as_deref()?)))
            .map_or_else(String::new, |w| format!(" ({w})"));
        let what = match commitment.kind.as_str() {
            "talks" => "talks",
            "agreement" => "an agreement",
            "invitation" => "an invitation",
            "meeting" => "a meeting",
            "visit" => "a visit",
            _ => "a commitment",
        };
        format!("announces {what}{window}")
    });
    match (names.is_empty(), announces) {
        (false, Some(announces)) => format!("mentions {} and {announces}", join_names(&names)),
        (false, None) => format!("mentions {}", join_names(&names)),
        (true, Some(announces)) => announces,
        (true, None) => format!("makes {}", topic_phrase(point.topics.first().copied())),
    }
}

/// "mentions X and announces Y" said of several sources.
fn plural_verbs(says: &str) -> String {
    says.replacen("mentions ", "mention ", 1)
        .replacen("announces ", "announce ", 1)
        .replacen("makes ", "make ", 1)
}

/// Points said by one source only.
fn one_side_only(
    comparison: &Comparison,
    cx: &Context<'_>,
    name: &dyn Fn(&str) -> String,
    found: &mut Vec<KeyDifference>,
) {
    if comparison.sources.len() < 2 {
        return;
    }
    for (s, source) in comparison.sources.iter().enumerate() {
        for (p, point) in source.points.iter().enumerate() {
            if !cx.unmatched[s][p] {
                continue;
            }
            let nearest = cx.nearest.get(s).and_then(|v| v.get(p)).copied();
            if nearest.is_some_and(|c| c >= NEAR_MISS_COSINE)
                || unmatched_twin(comparison, cx, source, point)
            {
                continue;
            }
            // say only what is true of the whole other readout: a name, a
            // subject or a commitment it has nowhere
            let Some((says, detail)) = exclusive_content(comparison, cx, s, p) else {
                continue;
            };
            let topic = point.topics.first().copied();
            let mut weight = 2.5 + topic_bonus(topic);
            if !foreground_names(cx, point).is_empty() {
                weight += 0.5;
            }
            if !point.commitments.is_empty() {
                weight += 1.0;
            }
            if crate::findings::words(&point.text) < 6 {
                weight -= 1.0;
            }
            let others: Vec<String> = comparison
                .sources
                .iter()
                .filter(|o| o.id != source.id)
                .map(|o| name(&o.id))
                .collect();
            let summary = format!(
                // what `exclusive_content` checked: the others say it nowhere
                "Only {} {says}; {} {} not.",
                name(&source.id),
                join_names(&others),
                if others.len() == 1 { "does" } else { "do" }
            );
            found.push(KeyDifference {
                kind: "only".to_owned(),
                summary,
                topic,
                points: vec![point.id.clone()],
                // the words that only this side has, then the whole point
                quotes: detail
                    .into_iter()
                    .chain([point_quote(source, point)])
                    .collect(),
                agree: vec![source.id.clone()],
                differ: comparison
                    .sources
                    .iter()
                    .filter(|o| o.id != source.id)
                    .map(|o| o.id.clone())
                    .collect(),
                weight,
            });
        }
    }
}

/// What point `p` of source `s` says that no other source says anywhere:
/// the entities it names, else the subjects it raises, else the kind of
/// commitment it announces — "mentions Iran", "raises energy (“énergie”)",
/// "announces talks". None when every such thing appears in each other
/// source: then the point probably has a counterpart the alignment missed.
fn exclusive_content(
    comparison: &Comparison,
    cx: &Context<'_>,
    s: usize,
    p: usize,
) -> Option<(String, Vec<Quote>)> {
    let source = &comparison.sources[s];
    let point = &source.points[p];
    let quote = |start: usize, end: usize| Quote {
        source: source.id.clone(),
        point: Some(point.id.clone()),
        text: source.text.get(start..end).unwrap_or_default().to_owned(),
        start,
        end,
    };
    let others = || {
        comparison
            .sources
            .iter()
            .enumerate()
            .filter(move |(o, _)| *o != s)
    };
    let elsewhere_entity = |id: &str| {
        others().all(|(_, other)| {
            other
                .points
                .iter()
                .any(|q| q.entities.iter().any(|e| e.id == id))
        })
    };
    let mut ids: Vec<&str> = Vec::new();
    let mut names = Vec::new();
    let mut quotes = Vec::new();
    for (entity, name) in point.entities.iter().zip(english_names(cx, point)) {
        if cx.background.contains(&entity.id) || ids.contains(&entity.id.as_str()) {
            continue;
        }
        ids.push(&entity.id);
        if !elsewhere_entity(&entity.id) && names.len() < 3 {
            names.push(name);
            quotes.push(quote(entity.start, entity.end));
        }
    }
    if !names.is_empty() {
        return Some((format!("mentions {}", join_names(&names)), quotes));
    }
    let elsewhere_subject = |id: &str| {
        others().all(|(o, _)| {
            cx.subjects
                .get(o)
                .is_some_and(|points| points.iter().flatten().any(|subject| subject.id == id))
        })
    };
    let mut subjects: Vec<String> = Vec::new();
    let mut seen: Vec<&str> = Vec::new();
    let own = cx.subjects.get(s).and_then(|v| v.get(p));
    for subject in own.into_iter().flatten() {
        if seen.contains(&subject.id.as_str())
            || elsewhere_subject(&subject.id)
            || subjects.len() == 3
        {
            continue;
        }
        seen.push(&subject.id);
        subjects.push(if subject.english.eq_ignore_ascii_case(&subject.words) {
            subject.words.clone()
        } else {
            format!("{} (“{}”)", subject.english.to_lowercase(), subject.words)
        });
        quotes.push(quote(subject.span.start, subject.span.end));
    }
    if !subjects.is_empty() {
        return Some((format!("raises {}", join_names(&subjects)), quotes));
    }
    let commitment = point.commitments.iter().find(|c| {
        others().all(|(_, other)| {
            !other
                .points
                .iter()
                .any(|q| q.commitments.iter().any(|oc| oc.kind == c.kind))
        })
    })?;
    let says = what_point_says(
        cx,
        &Point {
            entities: Vec::new(),
            commitments: vec![commitment.clone()],
            ..point.clone()
        },
    );
    Some((says, vec![quote(commitment.span[0], commitment.span[1])]))
}

/// Whether another source has an unmatched point naming one of this point's
/// own entities ("Only A mentions AUKUS", "Only B mentions AUKUS"): more
/// likely one thing both said than two things each said alone.
fn unmatched_twin(
    comparison: &Comparison,
    cx: &Context<'_>,
    source: &Source,
    point: &Point,
) -> bool {
    let lexicon = cx.analyzer.lexicon();
    // a country and a region that covers it are one subject (Iran, Middle East)
    let covers = |region: &str, country: &str| {
        lexicon
            .find_id(region, ConceptKind::Place)
            .is_some_and(|idx| lexicon.concept(idx).members.iter().any(|m| m == country))
    };
    let related = |x: &str, y: &str| x == y || covers(x, y) || covers(y, x);
    let own: Vec<&str> = point
        .entities
        .iter()
        .filter(|e| !cx.background.contains(&e.id))
        .map(|e| e.id.as_str())
        .collect();
    let referents = |s: usize, p: usize| -> &[&'static str] {
        cx.referents
            .get(s)
            .and_then(|points| points.get(p))
            .map_or(&[], Vec::as_slice)
    };
    let (s, p) = comparison
        .position(&point.id)
        .unwrap_or((usize::MAX, usize::MAX));
    let own_names = referents(s, p);
    comparison
        .sources
        .iter()
        .enumerate()
        .filter(|(_, other)| other.id != source.id)
        .flat_map(|(o, other)| other.points.iter().enumerate().map(move |(q, p)| (o, q, p)))
        .filter(|(o, q, _)| cx.unmatched[*o][*q])
        .any(|(o, q, p)| {
            p.entities
                .iter()
                .any(|e| own.iter().any(|x| related(x, &e.id)))
                // one contested thing, named each side's way
                || referents(o, q).iter().any(|r| own_names.contains(r))
        })
}

/// With three or more sources: a link some sources make and others leave out.
fn omissions(
    comparison: &Comparison,
    link: &Link,
    cx: &Context<'_>,
    name: &dyn Fn(&str) -> String,
    found: &mut Vec<KeyDifference>,
) {
    let in_link = link_sources(link);
    let missing: Vec<&Source> = comparison
        .sources
        .iter()
        .filter(|s| !in_link.contains(&s.id))
        .collect();
    if missing.is_empty() || comparison.sources.len() < 3 {
        return;
    }
    let Some((source, point)) = link.points.first().and_then(|id| comparison.point(id)) else {
        return;
    };
    let topic = point.topics.first().copied();
    let sayers: Vec<String> = in_link.iter().map(|s| name(s)).collect();
    let silent: Vec<String> = missing.iter().map(|s| name(&s.id)).collect();
    found.push(KeyDifference {
        kind: "only".to_owned(),
        summary: format!(
            "{} {}; {} {} not.",
            capitalise(&join_names(&sayers)),
            plural_verbs(&what_point_says(cx, point)),
            join_names(&silent),
            if silent.len() == 1 { "does" } else { "do" }
        ),
        topic,
        points: link.points.clone(),
        quotes: vec![point_quote(source, point)],
        agree: in_link.clone(),
        differ: missing.iter().map(|s| s.id.clone()).collect(),
        weight: 2.0 + topic_bonus(topic),
    });
}

/// Format, duration, length, emphasis, praise and naming.
fn wholes(
    comparison: &Comparison,
    findings: &Findings,
    name: &dyn Fn(&str) -> String,
    found: &mut Vec<KeyDifference>,
) {
    let profiles = &findings.sources;
    let all_ids: Vec<String> = profiles.iter().map(|p| p.source.clone()).collect();
    let mut push = |kind: &str, summary: String, quotes: Vec<Quote>, weight: f32| {
        found.push(KeyDifference {
            kind: kind.to_owned(),
            summary,
            topic: None,
            points: Vec::new(),
            quotes,
            agree: Vec::new(),
            differ: all_ids.clone(),
            weight,
        });
    };
    // format and duration as each side reports them
    // phone against video call; "meeting" and "visit" words in a readout are
    // as often about future plans as about this engagement
    let formats: Vec<(&str, &str)> = profiles
        .iter()
        .filter_map(|p| Some((p.source.as_str(), p.format.as_deref()?)))
        .filter(|(_, f)| matches!(*f, "phone_call" | "video_call"))
        .collect();
    if formats.iter().any(|(_, f)| *f != formats[0].1) {
        let said: Vec<String> = formats
            .iter()
            .map(|(s, f)| format!("{} calls it a {}", name(s), f.replace('_', " ")))
            .collect();
        push(
            "format",
            format!(
                "The readouts describe the format differently: {}.",
                said.join("; ")
            ),
            Vec::new(),
            3.0,
        );
    }
    let durations: Vec<(&str, u32)> = profiles
        .iter()
        .filter_map(|p| Some((p.source.as_str(), p.duration_minutes?)))
        .collect();
    let already = comparison
        .links
        .iter()
        .flat_map(|l| &l.differences)
        .any(|d| d.kind == "time" && (d.detail.contains("minute") || d.detail.contains("hour")));
    if !already
        && durations
            .iter()
            .any(|(_, m)| m.abs_diff(durations[0].1) * 10 > durations[0].1)
    {
        let said: Vec<String> = durations
            .iter()
            .map(|(s, m)| format!("{} {m} minutes", name(s)))
            .collect();
        push(
            "duration",
            format!(
                "The readouts give the engagement different lengths: {}.",
                said.join(", ")
            ),
            Vec::new(),
            3.0,
        );
    }
    // length
    if let Some(ratio) = findings.length_ratio.filter(|r| *r >= 1.8) {
        let longest = profiles.iter().max_by_key(|p| p.words);
        let shortest = profiles
            .iter()
            .filter(|p| p.words > 0)
            .min_by_key(|p| p.words);
        if let (Some(long), Some(short)) = (longest, shortest) {
            push(
                "length",
                format!(
                    "{} is {ratio:.1} times as long as {} ({} words against {}).",
                    capitalise(&name(&long.source)),
                    name(&short.source),
                    long.words,
                    short.words
                ),
                Vec::new(),
                1.5 + (ratio - 1.8).min(1.0),
            );
        }
    }
    // emphasis: what each leads with
    let leads: Vec<(&str, Topic)> = profiles
        .iter()
        .filter_map(|p| Some((p.source.as_str(), crate::findings::lead_topic(p)?)))
        .collect();
    if leads.len() > 1 && leads.iter().any(|(_, t)| *t != leads[0].1) {
        let said: Vec<String> = leads
            .iter()
            .map(|(s, t)| format!("{} leads with {}", name(s), t.label().to_lowercase()))
            .collect();
        push(
            "emphasis",
            format!(
                "The readouts open on different subjects: {}.",
                said.join("; ")
            ),
            Vec::new(),
            1.2,
        );
    }
    // praise one side gives
    for quote in findings.unreciprocated.iter().take(2) {
        push(
            "evaluation",
            format!(
                "Only {} uses this characterisation: “{}”.",
                name(&quote.source),
                quote.text
            ),
            vec![quote.clone()],
            1.0,
        );
    }
    for naming in &findings.naming {
        let said: Vec<String> = naming
            .names
            .iter()
            .map(|(_, q)| format!("{} says “{}”", name(&q.source), q.text))
            .collect();
        push(
            "naming",
            format!("They name the same thing differently: {}.", said.join("; ")),
            naming.names.iter().map(|(_, q)| q.clone()).collect(),
            3.0,
        );
    }
}
