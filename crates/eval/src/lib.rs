//! Scoring against the development set: gold groups whose points are named by
//! anchors (verbatim substrings), matched to the points Parallax produced.
//! See `devset/README.md` for the file format.

use anyhow::{bail, Context, Result};
use parallax_model::{Comparison, Relation, Topic};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

pub mod keydiff;
pub mod structure;
pub use keydiff::{load_differences, score_key_differences, GoldDifference, KeyTally};
pub use structure::{load_structure, parse_structure, score_structure, Structure, StructureTally};

/// The sources a case may have, as gold files name them (a.txt is A…).
pub(crate) const LETTERS: [&str; 4] = ["A", "B", "C", "D"];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GoldKind {
    Link(Relation),
    Only,
}

#[derive(Debug, Clone)]
pub struct GoldRef {
    pub source: usize,
    pub anchor: String,
}

#[derive(Debug, Clone)]
pub struct GoldGroup {
    pub kind: GoldKind,
    pub topic: Topic,
    pub refs: Vec<GoldRef>,
}

#[derive(Debug, Clone)]
pub struct Case {
    pub name: String,
    pub files: Vec<PathBuf>,
    pub groups: Vec<GoldGroup>,
    /// The structure labels (`structure.tsv`), when the case has them.
    pub structure: Option<Structure>,
    /// Annotated differences (`differences.tsv`); empty when absent.
    pub differences: Vec<GoldDifference>,
}

/// All cases under `dir`, sorted by name.
pub fn load_cases(dir: &Path) -> Result<Vec<Case>> {
    let mut cases = Vec::new();
    let entries = std::fs::read_dir(dir)
        .with_context(|| format!("reading the dev set folder {}", dir.display()))?;
    for entry in entries {
        let path = entry?.path();
        if path.join("gold.tsv").is_file() {
            cases.push(load_case(&path)?);
        }
    }
    cases.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(cases)
}

pub fn load_case(dir: &Path) -> Result<Case> {
    let name = dir
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let files: Vec<PathBuf> = ["a.txt", "b.txt", "c.txt", "d.txt"]
        .iter()
        .map(|f| dir.join(f))
        .filter(|p| p.is_file())
        .collect();
    let gold_path = dir.join("gold.tsv");
    let gold = std::fs::read_to_string(&gold_path)
        .with_context(|| format!("reading {}", gold_path.display()))?;
    let mut groups = Vec::new();
    for (line_idx, line) in gold.lines().enumerate() {
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let at = || format!("{}:{}", gold_path.display(), line_idx + 1);
        let mut fields = line.split('\t');
        let kind = match fields.next().unwrap_or("") {
            "only" => GoldKind::Only,
            other => GoldKind::Link(
                Relation::from_id(other)
                    .with_context(|| format!("{}: unknown kind {other:?}", at()))?,
            ),
        };
        let topic_id = fields.next().unwrap_or("");
        let topic = Topic::from_id(topic_id)
            .with_context(|| format!("{}: unknown topic {topic_id:?}", at()))?;
        let refs = parse_refs(fields, &at())?;
        groups.push(GoldGroup { kind, topic, refs });
    }
    let structure = load_structure(dir)?;
    let differences = load_differences(dir)?;
    Ok(Case {
        name,
        files,
        groups,
        structure,
        differences,
    })
}

/// Counts for one or more cases; add them up and read the figures off.
/// `A=anchor` fields of a gold line; `at` names the line for errors.
pub(crate) fn parse_refs<'l>(
    fields: impl Iterator<Item = &'l str>,
    at: &str,
) -> Result<Vec<GoldRef>> {
    let mut refs = Vec::new();
    for field in fields {
        let Some((letter, anchor)) = field.split_once('=') else {
            bail!("{at}: expected X=anchor, got {field:?}");
        };
        let Some(source) = LETTERS.iter().position(|l| *l == letter) else {
            bail!("{at}: unknown source {letter:?}");
        };
        refs.push(GoldRef {
            source,
            anchor: anchor.to_owned(),
        });
    }
    Ok(refs)
}

#[derive(Debug, Clone, Default)]
pub struct Tally {
    pub link_tp: usize,
    pub link_fp: usize,
    pub link_fn: usize,
    pub only_tp: usize,
    pub only_fp: usize,
    pub only_fn: usize,
    pub relation_right: usize,
    pub relation_total: usize,
    pub topic_right: usize,
    pub topic_total: usize,
    /// Gold points that fell into one predicted point with another gold point.
    pub merged_points: usize,
    /// Anchors not found in any predicted point.
    pub lost_anchors: usize,
    /// Entities, times, commitments, tone and engagement (zero when the case
    /// has no `structure.tsv`).
    pub structure: StructureTally,
    pub key: KeyTally,
    pub errors: Vec<String>,
}

pub(crate) fn f1(tp: usize, fp: usize, fn_: usize) -> f64 {
    if tp == 0 {
        return 0.0;
    }
    let precision = tp as f64 / (tp + fp) as f64;
    let recall = tp as f64 / (tp + fn_) as f64;
    2.0 * precision * recall / (precision + recall)
}

impl Tally {
    pub fn add(&mut self, other: &Tally) {
        self.link_tp += other.link_tp;
        self.link_fp += other.link_fp;
        self.link_fn += other.link_fn;
        self.only_tp += other.only_tp;
        self.only_fp += other.only_fp;
        self.only_fn += other.only_fn;
        self.relation_right += other.relation_right;
        self.relation_total += other.relation_total;
        self.topic_right += other.topic_right;
        self.topic_total += other.topic_total;
        self.merged_points += other.merged_points;
        self.lost_anchors += other.lost_anchors;
        self.structure.add(&other.structure);
        self.key.add(&other.key);
    }

    pub fn link_f1(&self) -> f64 {
        f1(self.link_tp, self.link_fp, self.link_fn)
    }

    pub fn only_f1(&self) -> f64 {
        f1(self.only_tp, self.only_fp, self.only_fn)
    }

    pub fn relation_accuracy(&self) -> f64 {
        self.relation_right as f64 / self.relation_total.max(1) as f64
    }

    pub fn topic_accuracy(&self) -> f64 {
        self.topic_right as f64 / self.topic_total.max(1) as f64
    }
}

/// Scores one comparison against its case's gold groups.
///
/// Each gold point is the predicted point containing its anchor. Links are
/// scored as cross-source pairs of gold points; one-side-only as the set of
/// gold points left unmatched; relations on gold links that were found;
/// topics as the primary topic of each gold point; the structure fields by
/// [`score_structure`] when the case has `structure.tsv`.
pub fn score(case: &Case, comparison: &Comparison) -> Tally {
    let mut tally = Tally::default();
    if let Some(gold) = &case.structure {
        tally.structure = score_structure(gold, comparison);
    }
    tally.key = score_key_differences(case, comparison, &mut tally.errors);
    let predicted_of = predicted_points(case, comparison, &mut tally);
    let mut uses: HashMap<&str, usize> = HashMap::new();
    for id in predicted_of.values() {
        *uses.entry(id.as_str()).or_default() += 1;
    }
    tally.merged_points = uses.values().filter(|n| **n > 1).map(|n| n - 1).sum();

    let link_of: HashMap<&str, usize> = comparison
        .links
        .iter()
        .enumerate()
        .flat_map(|(l, link)| link.points.iter().map(move |p| (p.as_str(), l)))
        .collect();
    let gold_points: Vec<(usize, usize)> = predicted_of.keys().copied().collect();
    let label = |(g, r): (usize, usize)| {
        format!(
            "{}={:?}",
            LETTERS[case.groups[g].refs[r].source], case.groups[g].refs[r].anchor
        )
    };
    for (i, &x) in gold_points.iter().enumerate() {
        for &y in &gold_points[i + 1..] {
            let (gx, gy) = (&case.groups[x.0], &case.groups[y.0]);
            if gx.refs[x.1].source == gy.refs[y.1].source {
                continue;
            }
            let gold_linked = x.0 == y.0 && gx.kind != GoldKind::Only;
            let (px, py) = (&predicted_of[&x], &predicted_of[&y]);
            let predicted_link = match (link_of.get(px.as_str()), link_of.get(py.as_str())) {
                (Some(a), Some(b)) if a == b => Some(*a),
                _ => None,
            };
            match (gold_linked, predicted_link) {
                (true, Some(l)) => {
                    tally.link_tp += 1;
                    tally.relation_total += 1;
                    if GoldKind::Link(comparison.links[l].relation) == gx.kind {
                        tally.relation_right += 1;
                    } else {
                        let why: Vec<String> = comparison.links[l]
                            .differences
                            .iter()
                            .map(|d| format!("{}: {}", d.kind, d.detail))
                            .collect();
                        tally.errors.push(format!(
                            "relation {:?} should be {:?}: {} ~ {} [{}]",
                            comparison.links[l].relation,
                            gx.kind,
                            label(x),
                            label(y),
                            why.join(" | ")
                        ));
                    }
                }
                (true, None) => {
                    tally.link_fn += 1;
                    tally
                        .errors
                        .push(format!("missed link: {} ~ {}", label(x), label(y)));
                }
                (false, Some(_)) => {
                    tally.link_fp += 1;
                    tally
                        .errors
                        .push(format!("false link: {} ~ {}", label(x), label(y)));
                }
                (false, None) => {}
            }
        }
    }
    for &x in &gold_points {
        let group = &case.groups[x.0];
        let gold_only = group.kind == GoldKind::Only;
        let predicted_only = !link_of.contains_key(predicted_of[&x].as_str());
        match (gold_only, predicted_only) {
            (true, true) => tally.only_tp += 1,
            (false, true) => tally.only_fp += 1,
            (true, false) => tally.only_fn += 1,
            (false, false) => {}
        }
        tally.topic_total += 1;
        let topic = comparison
            .point(&predicted_of[&x])
            .and_then(|(_, p)| p.topics.first().copied());
        if topic == Some(group.topic) {
            tally.topic_right += 1;
        } else {
            tally.errors.push(format!(
                "topic {:?} should be {}: {}",
                topic.map(|t| t.id()),
                group.topic.id(),
                label(x)
            ));
        }
    }
    tally
}

/// The predicted point each gold ref falls in: (group, ref) → point id.
pub fn predicted_points(
    case: &Case,
    comparison: &Comparison,
    tally: &mut Tally,
) -> HashMap<(usize, usize), String> {
    let mut predicted_of = HashMap::new();
    for (g, group) in case.groups.iter().enumerate() {
        for (r, gold_ref) in group.refs.iter().enumerate() {
            let Some(source) = comparison.sources.get(gold_ref.source) else {
                continue;
            };
            let Some(at) = source.text.find(&gold_ref.anchor) else {
                tally.lost_anchors += 1;
                tally
                    .errors
                    .push(format!("anchor not in text: {:?}", gold_ref.anchor));
                continue;
            };
            let point = source
                .points
                .iter()
                .find(|p| p.start <= at && at + gold_ref.anchor.len() <= p.end + 2 && at < p.end);
            match point {
                Some(point) => {
                    predicted_of.insert((g, r), point.id.clone());
                }
                None => {
                    tally.lost_anchors += 1;
                    tally.errors.push(format!(
                        "no point holds {}={:?}",
                        source.id, gold_ref.anchor
                    ));
                }
            }
        }
    }
    predicted_of
}
