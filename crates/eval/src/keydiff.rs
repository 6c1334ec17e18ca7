//! Scores the key-differences list against `differences.tsv`: precision
//! (every listed difference is real: annotated there, or a point `gold.tsv`
//! says only one source makes) and recall of the differences annotated `key`.
//! A listed difference and an annotated one match when their kinds agree
//! (see [`family`]; "only some sources say it" covers `only` and `scope`) and
//! they share a point.

use crate::{Case, GoldKind, GoldRef, LETTERS};
use anyhow::{bail, Context, Result};
use parallax_model::{Comparison, KeyDifference};
use std::path::Path;

/// One annotated difference.
#[derive(Debug, Clone)]
pub struct GoldDifference {
    pub kind: String,
    /// A journalist would put it in the short list.
    pub key: bool,
    pub refs: Vec<GoldRef>,
}

#[derive(Debug, Clone, Default)]
pub struct KeyTally {
    /// Listed differences (agreements such as "both announce" excluded).
    pub listed: usize,
    pub listed_real: usize,
    /// …counting a one-sided item real only when its point has no counterpart
    /// in the gold (not when it names detail the annotator found inside a link).
    pub listed_real_strict: usize,
    /// Annotated `key` differences, and how many the list has.
    pub gold_key: usize,
    pub gold_key_found: usize,
}

impl KeyTally {
    pub fn add(&mut self, other: &KeyTally) {
        self.listed += other.listed;
        self.listed_real += other.listed_real;
        self.listed_real_strict += other.listed_real_strict;
        self.gold_key += other.gold_key;
        self.gold_key_found += other.gold_key_found;
    }

    pub fn precision(&self) -> f64 {
        self.listed_real as f64 / self.listed.max(1) as f64
    }

    pub fn precision_strict(&self) -> f64 {
        self.listed_real_strict as f64 / self.listed.max(1) as f64
    }

    pub fn recall(&self) -> f64 {
        self.gold_key_found as f64 / self.gold_key.max(1) as f64
    }
}

/// `differences.tsv` of a case folder; none when the file is absent.
pub fn load_differences(dir: &Path) -> Result<Vec<GoldDifference>> {
    let path = dir.join("differences.tsv");
    if !path.is_file() {
        return Ok(Vec::new());
    }
    let text =
        std::fs::read_to_string(&path).with_context(|| format!("reading {}", path.display()))?;
    let mut found = Vec::new();
    for (line_idx, line) in text.lines().enumerate() {
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let at = || format!("{}:{}", path.display(), line_idx + 1);
        let mut fields = line.split('\t');
        let kind = fields.next().unwrap_or("").to_owned();
        let key = match fields.next() {
            Some("key") => true,
            Some("minor") => false,
            other => bail!("{}: weight must be key or minor, got {other:?}", at()),
        };
        let refs = crate::parse_refs(fields, &at())?;
        found.push(GoldDifference { kind, key, refs });
    }
    Ok(found)
}

/// Kinds that name the same difference: a duration is a time, a dispute
/// over who asked or where it happens is about the actor (the dev set has no
/// place kind), a negation is a modality.
fn family(kind: &str) -> &str {
    match kind {
        "time" | "duration" => "time",
        "actor" | "initiator" | "place" => "actor",
        "modality" | "negation" => "modality",
        other => other,
    }
}

/// The point holding an anchor of source `source`.
fn point_of(comparison: &Comparison, gold_ref: &GoldRef) -> Option<String> {
    let (_, at, _) = anchor_span(comparison, gold_ref)?;
    comparison
        .sources
        .get(gold_ref.source)?
        .points
        .iter()
        .find(|p| p.start <= at && at < p.end)
        .map(|p| p.id.clone())
}

/// Whether a listed difference and an annotated one are the same finding.
fn matches(comparison: &Comparison, listed: &KeyDifference, gold: &GoldDifference) -> bool {
    // something only some sources say: a point of its own, or detail of a
    // point the others make without it — `differences.tsv` writes the first
    // `only` and the second `scope`, and the list cannot always tell which
    let said_by_some = |kind: &str| matches!(kind, "only" | "scope");
    if said_by_some(&listed.kind) && said_by_some(&gold.kind) && listed.kind != gold.kind {
        // then the words must be the same: the annotated detail overlaps the
        // words the list quotes as what only that side says
        return gold
            .refs
            .iter()
            .filter_map(|r| anchor_span(comparison, r))
            .any(|(source, start, end)| {
                listed.quotes.iter().any(|q| {
                    q.source == source
                        && q.start < end
                        && start < q.end
                        && !is_whole_point(comparison, q)
                })
            });
    }
    if family(&listed.kind) != family(&gold.kind) {
        return false;
    }
    let gold_points: Vec<String> = gold
        .refs
        .iter()
        .filter_map(|r| point_of(comparison, r))
        .collect();
    let listed_points: Vec<&String> = listed
        .points
        .iter()
        .chain(listed.quotes.iter().filter_map(|q| q.point.as_ref()))
        .collect();
    if gold_points.is_empty() || listed_points.is_empty() {
        // engagement-level (initiator, format, duration, length, emphasis)
        return gold.refs.is_empty() || listed_points.is_empty() || listed.kind == gold.kind;
    }
    gold_points.iter().any(|p| listed_points.contains(&p))
}

/// Where an anchor is: (source id, start, end) in that source's text.
fn anchor_span<'c>(
    comparison: &'c Comparison,
    gold_ref: &GoldRef,
) -> Option<(&'c str, usize, usize)> {
    let source = comparison.sources.get(gold_ref.source)?;
    let at = source.text.find(&gold_ref.anchor)?;
    Some((source.id.as_str(), at, at + gold_ref.anchor.len()))
}

/// Whether a quote is a whole point rather than words in it.
fn is_whole_point(comparison: &Comparison, quote: &parallax_model::Quote) -> bool {
    comparison
        .sources
        .iter()
        .filter(|s| s.id == quote.source)
        .flat_map(|s| &s.points)
        .any(|p| p.start == quote.start && p.end == quote.end)
}

/// A point `gold.tsv` says only one source makes.
fn gold_only(case: &Case, comparison: &Comparison, point: &str) -> bool {
    case.groups
        .iter()
        .filter(|g| g.kind == GoldKind::Only)
        .flat_map(|g| &g.refs)
        .any(|r| point_of(comparison, r).as_deref() == Some(point))
}

pub fn score_key_differences(
    case: &Case,
    comparison: &Comparison,
    errors: &mut Vec<String>,
) -> KeyTally {
    let mut tally = KeyTally::default();
    if case.differences.is_empty() {
        return tally;
    }
    for listed in &comparison.key_differences {
        if listed.kind == "both" {
            continue;
        }
        tally.listed += 1;
        let real = case
            .differences
            .iter()
            .any(|gold| matches(comparison, listed, gold))
            || (listed.kind == "only"
                && listed.agree.len() == 1
                && listed.points.iter().any(|p| gold_only(case, comparison, p)));
        let strict = if listed.kind == "only" && listed.agree.len() == 1 {
            listed.points.iter().any(|p| gold_only(case, comparison, p))
        } else {
            real
        };
        if strict {
            tally.listed_real_strict += 1;
        }
        if real {
            tally.listed_real += 1;
            if std::env::var_os("PARALLAX_SCORE_ALL").is_some() {
                errors.push(format!(
                    "key difference real: [{}] ({:.2}) {}",
                    listed.kind, listed.weight, listed.summary
                ));
            }
        } else {
            errors.push(format!(
                "key difference not in gold: [{}] ({:.2}) {}",
                listed.kind, listed.weight, listed.summary
            ));
        }
    }
    for gold in case.differences.iter().filter(|g| g.key) {
        tally.gold_key += 1;
        if comparison
            .key_differences
            .iter()
            .any(|listed| matches(comparison, listed, gold))
        {
            tally.gold_key_found += 1;
        } else {
            let refs: Vec<String> = gold
                .refs
                .iter()
                .map(|r| format!("{}={:?}", LETTERS[r.source], r.anchor))
                .collect();
            errors.push(format!(
                "key difference missed: {} {}",
                gold.kind,
                refs.join(" ")
            ));
        }
    }
    tally
}
