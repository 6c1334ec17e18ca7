//! Gold structure labels (`devset/<case>/structure.tsv`): entities, time
//! expressions, commitments, tone words and engagement facts, each tied to
//! the text by an anchor, and the scoring of a [`Comparison`] against them.
//! See `devset/README.md` for the file format.

use anyhow::{bail, Context, Result};
use parallax_model::{Comparison, Source};
use std::collections::{BTreeSet, HashMap};
use std::path::Path;

use crate::LETTERS;

/// A verbatim mention in source `source`: the `nth` (1-based) occurrence of
/// `text`, occurrences counted at every start position.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Anchor {
    pub source: usize,
    pub text: String,
    pub nth: usize,
}

impl Anchor {
    fn parse(field: &str) -> Result<Anchor> {
        let Some((letter, rest)) = field.split_once('=') else {
            bail!("expected X=anchor, got {field:?}");
        };
        let Some(source) = LETTERS.iter().position(|l| *l == letter) else {
            bail!("unknown source {letter:?}");
        };
        let (text, nth) = match rest.rsplit_once('@') {
            Some((text, n))
                if !text.is_empty() && !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()) =>
            {
                (text, n.parse::<usize>()?)
            }
            _ => (rest, 1),
        };
        if text.is_empty() || nth == 0 {
            bail!("empty anchor or @0 in {field:?}");
        }
        Ok(Anchor {
            source,
            text: text.to_owned(),
            nth,
        })
    }

    /// Byte span `[start, end)` of the anchor in `text`, if it occurs.
    pub fn locate(&self, text: &str) -> Option<(usize, usize)> {
        let mut from = 0;
        let mut seen = 0;
        while let Some(at) = text.get(from..).and_then(|t| t.find(&self.text)) {
            let start = from + at;
            seen += 1;
            if seen == self.nth {
                return Some((start, start + self.text.len()));
            }
            from = start + text[start..].chars().next().map_or(1, char::len_utf8);
        }
        None
    }

    fn label(&self) -> String {
        if self.nth == 1 {
            format!("{}={:?}", LETTERS[self.source], self.text)
        } else {
            format!("{}={:?}@{}", LETTERS[self.source], self.text, self.nth)
        }
    }
}

#[derive(Debug, Clone)]
pub struct GoldEntity {
    pub anchor: Anchor,
    pub id: String,
}

/// `start`/`end` are `None` for a vague expression ("in the near future").
#[derive(Debug, Clone)]
pub struct GoldTime {
    pub anchor: Anchor,
    pub start: Option<String>,
    pub end: Option<String>,
}

#[derive(Debug, Clone)]
pub struct GoldCommitment {
    pub anchor: Anchor,
    pub kind: String,
    pub actor: Option<String>,
    pub target: Option<String>,
    pub status: String,
    pub window_start: Option<String>,
    pub window_end: Option<String>,
}

#[derive(Debug, Clone)]
pub struct GoldTone {
    pub anchor: Anchor,
    pub category: String,
}

/// Engagement facts; a missing `format` or `duration` line means no source
/// states it (the expected value is null); a source without an `initiator`
/// line says nothing about who asked. When sources give different lengths
/// there is one `duration` line each, and any of them is right.
#[derive(Debug, Clone, Default)]
pub struct GoldEngagement {
    pub date: Option<String>,
    pub format: Option<String>,
    pub duration_minutes: Vec<u32>,
    /// (source index, party) per source that names the initiator.
    pub initiator: Vec<(usize, String)>,
    pub participants: Vec<String>,
}

#[derive(Debug, Clone, Default)]
pub struct Structure {
    pub entities: Vec<GoldEntity>,
    pub times: Vec<GoldTime>,
    pub commitments: Vec<GoldCommitment>,
    pub tones: Vec<GoldTone>,
    pub engagement: GoldEngagement,
}

fn opt(field: &str) -> Option<String> {
    (field != "-").then(|| field.to_owned())
}

/// Parses the text of a `structure.tsv`.
pub fn parse_structure(text: &str) -> Result<Structure> {
    let mut s = Structure::default();
    for (idx, line) in text.lines().enumerate() {
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let fields: Vec<&str> = line.split('\t').collect();
        let at = || format!("line {}", idx + 1);
        let want = |n: usize| -> Result<()> {
            if fields.len() != n {
                bail!(
                    "{}: {} needs {n} fields, has {}",
                    at(),
                    fields[0],
                    fields.len()
                );
            }
            Ok(())
        };
        let anchor = || Anchor::parse(fields[1]).with_context(at);
        match fields[0] {
            "entity" => {
                want(3)?;
                s.entities.push(GoldEntity {
                    anchor: anchor()?,
                    id: fields[2].to_owned(),
                });
            }
            "time" => {
                want(4)?;
                s.times.push(GoldTime {
                    anchor: anchor()?,
                    start: opt(fields[2]),
                    end: opt(fields[3]),
                });
            }
            "commitment" => {
                want(8)?;
                s.commitments.push(GoldCommitment {
                    anchor: anchor()?,
                    kind: fields[2].to_owned(),
                    actor: opt(fields[3]),
                    target: opt(fields[4]),
                    status: fields[5].to_owned(),
                    window_start: opt(fields[6]),
                    window_end: opt(fields[7]),
                });
            }
            "tone" => {
                want(3)?;
                s.tones.push(GoldTone {
                    anchor: anchor()?,
                    category: fields[2].to_owned(),
                });
            }
            "engagement" => {
                let e = &mut s.engagement;
                match fields.get(1).copied().unwrap_or("") {
                    "date" => {
                        want(3)?;
                        e.date = Some(fields[2].to_owned());
                    }
                    "format" => {
                        want(3)?;
                        e.format = Some(fields[2].to_owned());
                    }
                    "duration" => {
                        want(3)?;
                        e.duration_minutes.push(
                            fields[2]
                                .parse()
                                .with_context(|| format!("{}: duration", at()))?,
                        );
                    }
                    "initiator" => {
                        want(4)?;
                        let Some(source) = LETTERS.iter().position(|l| *l == fields[2]) else {
                            bail!("{}: unknown source {:?}", at(), fields[2]);
                        };
                        e.initiator.push((source, fields[3].to_owned()));
                    }
                    "participants" => {
                        want(3)?;
                        e.participants = fields[2].split_whitespace().map(str::to_owned).collect();
                    }
                    other => bail!("{}: unknown engagement field {other:?}", at()),
                }
            }
            other => bail!("{}: unknown line type {other:?}", at()),
        }
    }
    Ok(s)
}

/// Reads `dir/structure.tsv` if there is one.
pub fn load_structure(dir: &Path) -> Result<Option<Structure>> {
    let path = dir.join("structure.tsv");
    if !path.is_file() {
        return Ok(None);
    }
    let text =
        std::fs::read_to_string(&path).with_context(|| format!("reading {}", path.display()))?;
    parse_structure(&text)
        .with_context(|| format!("in {}", path.display()))
        .map(Some)
}

/// Counts for the structure metrics; add them up and read the figures off.
#[derive(Debug, Clone, Default)]
pub struct StructureTally {
    pub entity_tp: usize,
    pub entity_fp: usize,
    pub entity_fn: usize,
    pub time_right: usize,
    pub time_total: usize,
    pub commitment_found: usize,
    pub commitment_strict: usize,
    pub commitment_total: usize,
    pub tone_tp: usize,
    pub tone_fp: usize,
    pub tone_fn: usize,
    pub engagement_right: usize,
    pub engagement_total: usize,
    /// Structure anchors not found in the text (or, for commitments and
    /// tone, in no predicted point).
    pub lost_anchors: usize,
    pub errors: Vec<String>,
}

fn ratio(right: usize, total: usize) -> f64 {
    right as f64 / total.max(1) as f64
}

impl StructureTally {
    pub fn add(&mut self, o: &StructureTally) {
        self.entity_tp += o.entity_tp;
        self.entity_fp += o.entity_fp;
        self.entity_fn += o.entity_fn;
        self.time_right += o.time_right;
        self.time_total += o.time_total;
        self.commitment_found += o.commitment_found;
        self.commitment_strict += o.commitment_strict;
        self.commitment_total += o.commitment_total;
        self.tone_tp += o.tone_tp;
        self.tone_fp += o.tone_fp;
        self.tone_fn += o.tone_fn;
        self.engagement_right += o.engagement_right;
        self.engagement_total += o.engagement_total;
        self.lost_anchors += o.lost_anchors;
    }

    pub fn entity_f1(&self) -> f64 {
        crate::f1(self.entity_tp, self.entity_fp, self.entity_fn)
    }

    pub fn time_accuracy(&self) -> f64 {
        ratio(self.time_right, self.time_total)
    }

    /// Gold commitments with a predicted one of the same kind and status in
    /// the point holding the anchor.
    pub fn commitment_recall(&self) -> f64 {
        ratio(self.commitment_found, self.commitment_total)
    }

    /// As [`Self::commitment_recall`], also requiring actor, target and window.
    pub fn commitment_strict_recall(&self) -> f64 {
        ratio(self.commitment_strict, self.commitment_total)
    }

    pub fn tone_f1(&self) -> f64 {
        crate::f1(self.tone_tp, self.tone_fp, self.tone_fn)
    }

    pub fn engagement_accuracy(&self) -> f64 {
        ratio(self.engagement_right, self.engagement_total)
    }
}

fn overlaps(a: (usize, usize), b: (usize, usize)) -> bool {
    a.0 < b.1 && b.0 < a.1
}

/// The index of the predicted point holding a span (by its start).
fn point_at(source: &Source, span: (usize, usize)) -> Option<usize> {
    source
        .points
        .iter()
        .position(|p| p.start <= span.0 && span.0 < p.end)
}

/// Scores the structure fields of `comparison` against the gold labels.
///
/// - entities: a gold mention is found when an unused predicted entity of the
///   same source has the same id and a byte span overlapping the anchor;
///   predicted entities left over are false positives, except those of kind
///   `place` (places are not labelled);
/// - times: right when a predicted time overlapping the anchor has the gold
///   start and end (both null for a vague expression);
/// - commitments: found when the predicted point holding the anchor has an
///   unused commitment of the same kind and status; strict when actor,
///   target and window match too (`-` in the gold = null);
/// - tone: category sets per predicted point, gold categories going to the
///   point holding their anchor;
/// - engagement: one field each for date, format, duration (null expected
///   when the gold has no line), participants (as a set) and, per source,
///   the initiator it names (or that it names none).
pub fn score_structure(gold: &Structure, comparison: &Comparison) -> StructureTally {
    let mut t = StructureTally::default();
    let sources = &comparison.sources;
    let locate = |t: &mut StructureTally, a: &Anchor| -> Option<(usize, usize)> {
        let found = sources.get(a.source).and_then(|s| a.locate(&s.text));
        if found.is_none() {
            t.lost_anchors += 1;
            t.errors
                .push(format!("structure anchor not in text: {}", a.label()));
        }
        found
    };

    // Entities.
    let mut used: Vec<Vec<bool>> = sources
        .iter()
        .map(|s| vec![false; s.points.iter().map(|p| p.entities.len()).sum()])
        .collect();
    for g in &gold.entities {
        let Some(span) = locate(&mut t, &g.anchor) else {
            t.entity_fn += 1;
            continue;
        };
        let source = &sources[g.anchor.source];
        let hit = source
            .points
            .iter()
            .flat_map(|p| &p.entities)
            .enumerate()
            .find(|(i, e)| {
                !used[g.anchor.source][*i] && e.id == g.id && overlaps((e.start, e.end), span)
            })
            .map(|(i, _)| i);
        match hit {
            Some(i) => {
                used[g.anchor.source][i] = true;
                t.entity_tp += 1;
            }
            None => {
                t.entity_fn += 1;
                let got: Vec<&str> = source
                    .points
                    .iter()
                    .flat_map(|p| &p.entities)
                    .filter(|e| overlaps((e.start, e.end), span))
                    .map(|e| e.id.as_str())
                    .collect();
                t.errors.push(format!(
                    "entity {} should be {} (got {:?})",
                    g.anchor.label(),
                    g.id,
                    got
                ));
            }
        }
    }
    for (s, source) in sources.iter().enumerate() {
        for (i, e) in source.points.iter().flat_map(|p| &p.entities).enumerate() {
            if !used[s][i] && e.kind != "place" {
                t.entity_fp += 1;
                t.errors
                    .push(format!("extra entity {}={:?} {}", source.id, e.text, e.id));
            }
        }
    }

    // Times.
    for g in &gold.times {
        t.time_total += 1;
        let Some(span) = locate(&mut t, &g.anchor) else {
            continue;
        };
        let predicted: Vec<_> = sources[g.anchor.source]
            .points
            .iter()
            .flat_map(|p| &p.times)
            .filter(|x| overlaps((x.span[0], x.span[1]), span))
            .collect();
        if predicted
            .iter()
            .any(|x| x.start == g.start && x.end == g.end)
        {
            t.time_right += 1;
        } else {
            let got: Vec<_> = predicted
                .iter()
                .map(|x| format!("{:?}..{:?}", x.start, x.end))
                .collect();
            t.errors.push(format!(
                "time {} should be {:?}..{:?} (got {:?})",
                g.anchor.label(),
                g.start,
                g.end,
                got
            ));
        }
    }

    // Commitments.
    let mut loose_used: HashMap<(usize, usize), Vec<usize>> = HashMap::new();
    let mut strict_used: HashMap<(usize, usize), Vec<usize>> = HashMap::new();
    for g in &gold.commitments {
        t.commitment_total += 1;
        let Some(span) = locate(&mut t, &g.anchor) else {
            continue;
        };
        let source = &sources[g.anchor.source];
        let Some(p) = point_at(source, span) else {
            t.lost_anchors += 1;
            t.errors
                .push(format!("no point holds commitment {}", g.anchor.label()));
            continue;
        };
        let key = (g.anchor.source, p);
        let point = &source.points[p];
        let loose = |c: &parallax_model::Commitment| c.kind == g.kind && c.status == g.status;
        let strict = |c: &parallax_model::Commitment| {
            let (ws, we) = c
                .window
                .as_ref()
                .map_or((None, None), |w| (w.start.clone(), w.end.clone()));
            loose(c)
                && c.actor == g.actor
                && c.target == g.target
                && ws == g.window_start
                && we == g.window_end
        };
        let pick = |used: &mut HashMap<(usize, usize), Vec<usize>>,
                    ok: &dyn Fn(&parallax_model::Commitment) -> bool| {
            let taken = used.entry(key).or_default();
            let hit = point
                .commitments
                .iter()
                .enumerate()
                .find(|(i, c)| !taken.contains(i) && ok(c))
                .map(|(i, _)| i);
            if let Some(i) = hit {
                taken.push(i);
            }
            hit.is_some()
        };
        let found = pick(&mut loose_used, &loose);
        let exact = pick(&mut strict_used, &strict);
        t.commitment_found += usize::from(found);
        t.commitment_strict += usize::from(exact);
        if !exact {
            let got: Vec<String> = point
                .commitments
                .iter()
                .map(|c| {
                    format!(
                        "{} {:?}→{:?} {} {:?}",
                        c.kind, c.actor, c.target, c.status, c.window
                    )
                })
                .collect();
            t.errors.push(format!(
                "commitment {}{} should be {} {:?}→{:?} {} {:?}..{:?} (got {:?})",
                if found { "(strict) " } else { "" },
                g.anchor.label(),
                g.kind,
                g.actor,
                g.target,
                g.status,
                g.window_start,
                g.window_end,
                got
            ));
        }
    }

    // Tone.
    let mut gold_tone: HashMap<(usize, usize), BTreeSet<&str>> = HashMap::new();
    for g in &gold.tones {
        let Some(span) = locate(&mut t, &g.anchor) else {
            t.tone_fn += 1;
            continue;
        };
        match point_at(&sources[g.anchor.source], span) {
            Some(p) => {
                gold_tone
                    .entry((g.anchor.source, p))
                    .or_default()
                    .insert(g.category.as_str());
            }
            None => {
                t.tone_fn += 1;
                t.lost_anchors += 1;
                t.errors
                    .push(format!("no point holds tone {}", g.anchor.label()));
            }
        }
    }
    let empty = BTreeSet::new();
    for (s, source) in sources.iter().enumerate() {
        for (p, point) in source.points.iter().enumerate() {
            let want = gold_tone.get(&(s, p)).unwrap_or(&empty);
            let got: BTreeSet<&str> = point.tone.iter().map(String::as_str).collect();
            let tp = want.intersection(&got).count();
            t.tone_tp += tp;
            t.tone_fp += got.len() - tp;
            t.tone_fn += want.len() - tp;
            if *want != got {
                t.errors.push(format!(
                    "tone of {} should be {:?} (got {:?})",
                    point.id, want, got
                ));
            }
        }
    }

    // Engagement.
    let e = &comparison.engagement;
    let g = &gold.engagement;
    let field = |t: &mut StructureTally, name: &str, right: bool, detail: String| {
        t.engagement_total += 1;
        if right {
            t.engagement_right += 1;
        } else {
            t.errors.push(format!("engagement {name}: {detail}"));
        }
    };
    field(
        &mut t,
        "date",
        e.date == g.date,
        format!("{:?} should be {:?}", e.date, g.date),
    );
    field(
        &mut t,
        "format",
        e.format == g.format,
        format!("{:?} should be {:?}", e.format, g.format),
    );
    field(
        &mut t,
        "duration",
        match e.duration_minutes {
            None => g.duration_minutes.is_empty(),
            Some(m) => g.duration_minutes.contains(&m),
        },
        format!(
            "{:?} should be {:?}",
            e.duration_minutes, g.duration_minutes
        ),
    );
    let want: BTreeSet<&str> = g.participants.iter().map(String::as_str).collect();
    let got: BTreeSet<&str> = e.participants.iter().map(String::as_str).collect();
    field(
        &mut t,
        "participants",
        want == got,
        format!("{got:?} should be {want:?}"),
    );
    for (s, source) in sources.iter().enumerate() {
        let want: BTreeSet<&str> = g
            .initiator
            .iter()
            .filter(|(x, _)| *x == s)
            .map(|(_, p)| p.as_str())
            .collect();
        let got: BTreeSet<&str> = e
            .initiator
            .iter()
            .filter(|c| c.source == source.id)
            .map(|c| c.party.as_str())
            .collect();
        field(
            &mut t,
            &format!("initiator per {}", source.id),
            want == got,
            format!("{got:?} should be {want:?}"),
        );
    }
    t
}
