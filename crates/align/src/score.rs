//! How strongly two points of different sources say the same thing.

use crate::assignment::Scores;
use crate::AlignPoint;
use parallax_analyze::lexicon::ConceptIdx;
use std::collections::HashMap;

/// The knobs of alignment. Defaults were set on the development set as a
/// whole (see BENCHMARKS.md), not per sentence.
#[derive(Debug, Clone)]
pub struct Weights {
    /// Weight of the share of rare concepts the two points have in common.
    pub concepts: f32,
    /// Penalty when the points name different third countries or places.
    pub places_conflict: f32,
    /// Bonus when both points give an equal quantity.
    pub quantity: f32,
    /// Bonus when both points have the same primary topic.
    pub topic: f32,
    /// Bonus when both points open with the same label ("Situation mondiale :").
    pub label: f32,
    /// Bonus when both points say who asked for the engagement.
    pub initiator: f32,
    /// How much a pair's lead over the typical pair of its two points counts:
    /// a point pairs with what stands out for it, not with what is merely on
    /// topic (readouts of one call all share a domain).
    pub contrast: f32,
    /// Minimum combined score for a link.
    pub link_threshold: f32,
    /// Minimum score for a second point to join an existing link…
    pub extend_threshold: f32,
    /// …and how far below the link's own score it may be.
    pub extend_margin: f32,
    /// A link is `same` rather than `partial` when the model's mean cosine
    /// across its points is at least this…
    pub same_cosine: f32,
    /// …and the longer side is at most this many times the shorter.
    pub same_length_ratio: f32,
}

impl Default for Weights {
    fn default() -> Weights {
        Weights {
            concepts: 0.3,
            places_conflict: 0.3,
            quantity: 0.1,
            topic: 0.05,
            label: 0.3,
            initiator: 0.3,
            contrast: 1.0,
            link_threshold: 0.66,
            extend_threshold: 0.61,
            extend_margin: 0.1,
            same_cosine: 0.5,
            same_length_ratio: 2.5,
        }
    }
}

/// Inverse document frequency of each concept and word stem over all points
/// of all sources; the engagement's background concepts weigh nothing.
pub(crate) struct ConceptWeights {
    concepts: HashMap<ConceptIdx, f32>,
    /// Countries and regions with the countries they cover, background removed.
    places: HashMap<ConceptIdx, Vec<ConceptIdx>>,
}

fn idf(n_points: usize, n: usize) -> f32 {
    ((n_points as f32 + 1.0) / n as f32).ln().max(0.0)
}

impl ConceptWeights {
    pub(crate) fn new(
        sources: &[Vec<AlignPoint<'_>>],
        background: &[ConceptIdx],
        places: &[(ConceptIdx, Vec<ConceptIdx>)],
    ) -> ConceptWeights {
        let mut concept_df: HashMap<ConceptIdx, usize> = HashMap::new();
        let n_points: usize = sources.iter().map(Vec::len).sum();
        for point in sources.iter().flatten() {
            for concept in point.features.concept_set() {
                *concept_df.entry(concept).or_default() += 1;
            }
        }
        let concepts = concept_df
            .into_iter()
            .map(|(concept, n)| {
                (
                    concept,
                    if background.contains(&concept) {
                        0.0
                    } else {
                        idf(n_points, n)
                    },
                )
            })
            .collect();
        let places = places
            .iter()
            .filter(|(place, _)| !background.contains(place))
            .map(|(place, covered)| {
                (
                    *place,
                    covered
                        .iter()
                        .copied()
                        .filter(|c| !background.contains(c))
                        .collect(),
                )
            })
            .collect();
        ConceptWeights { concepts, places }
    }

    pub(crate) fn weight(&self, concept: ConceptIdx) -> f32 {
        self.concepts.get(&concept).copied().unwrap_or(0.0)
    }
}

/// What scoring needs of one point, computed once per point rather than
/// once per pair: its weighted concepts and the countries its places cover.
pub(crate) struct Keyed<'a> {
    point: &'a AlignPoint<'a>,
    concepts: Vec<(ConceptIdx, f32)>,
    /// The sum of the concepts' weights, summed once for every pair.
    concept_weight: f32,
    /// The point's label in lower case.
    label: Option<String>,
    /// `None` when the point names no country or region outside the background.
    covered: Option<Vec<ConceptIdx>>,
}

impl<'a> Keyed<'a> {
    pub(crate) fn new(point: &'a AlignPoint<'a>, idf: &ConceptWeights) -> Keyed<'a> {
        let concept_set = point.features.concept_set();
        let mut named = false;
        let mut covered = Vec::new();
        for concept in &concept_set {
            if let Some(covers) = idf.places.get(concept) {
                named = true;
                covered.extend(covers.iter().copied());
            }
        }
        let concepts: Vec<(ConceptIdx, f32)> =
            concept_set.iter().map(|c| (*c, idf.weight(*c))).collect();
        Keyed {
            point,
            concept_weight: total_weight(&concepts),
            concepts,
            covered: named.then_some(covered),
            label: point.label.map(str::to_lowercase),
        }
    }
}

fn total_weight<T>(set: &[(T, f32)]) -> f32 {
    set.iter().map(|(_, w)| w).sum::<f32>()
}

/// Weighted overlap of two sets of total weights `total_a` and `total_b`:
/// the geometric mean of containment (shared weight over the smaller side's,
/// so a short point fully inside a long one counts) and shared weight over
/// the larger side's.
fn weighted_overlap<T: PartialEq>(
    (set_a, total_a): (&[(T, f32)], f32),
    (set_b, total_b): (&[(T, f32)], f32),
) -> f32 {
    let (smaller, larger) = (total_a.min(total_b), total_a.max(total_b));
    if larger <= 0.0 || smaller <= 0.0 {
        return 0.0;
    }
    let shared: f32 = set_a
        .iter()
        .filter(|(x, _)| set_b.iter().any(|(y, _)| x == y))
        .map(|(_, w)| w)
        .sum();
    ((shared / smaller) * (shared / larger)).sqrt()
}

/// Both points name countries or places beyond the engagement's own, and
/// not one country in common: "peace in Ukraine" is not "peace in Gaza".
/// (A region counts as the countries it covers: the Middle East holds Iran.)
fn places_conflict(a: &Keyed<'_>, b: &Keyed<'_>) -> bool {
    match (&a.covered, &b.covered) {
        (Some(ca), Some(cb)) => !ca.iter().any(|c| cb.contains(c)),
        _ => false,
    }
}

fn shares_quantity(a: &AlignPoint<'_>, b: &AlignPoint<'_>) -> bool {
    a.features.quantities.iter().any(|qa| {
        b.features.quantities.iter().any(|qb| {
            qa.percent == qb.percent
                && (qa.value - qb.value).abs() <= 0.005 * qa.value.abs().max(1.0)
        })
    })
}

/// The parts of a pair's score, for tuning and for explaining a link.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PairScore {
    pub cosine: f32,
    pub concepts: f32,
    pub places_conflict: bool,
    pub quantity: bool,
    pub same_topic: bool,
    pub same_label: bool,
    pub both_tell_initiator: bool,
}

impl PairScore {
    pub fn total(&self, weights: &Weights) -> f32 {
        let mut score = self.cosine + weights.concepts * self.concepts;
        if self.quantity {
            score += weights.quantity;
        }
        if self.places_conflict {
            score -= weights.places_conflict;
        }
        if self.same_topic {
            score += weights.topic;
        }
        if self.same_label {
            score += weights.label;
        }
        if self.both_tell_initiator {
            score += weights.initiator;
        }
        score
    }
}

/// The cosine of every point of `a` with every point of `b`, row-major.
pub(crate) fn cosines(a: &[AlignPoint<'_>], b: &[AlignPoint<'_>]) -> Vec<f32> {
    let va: Vec<&[f32]> = a.iter().map(|p| p.vector).collect();
    let vb: Vec<&[f32]> = b.iter().map(|p| p.vector).collect();
    crate::dot_matrix(&va, &vb)
}

pub(crate) fn pair_parts(a: &Keyed<'_>, b: &Keyed<'_>, cosine: f32) -> PairScore {
    PairScore {
        cosine,
        concepts: weighted_overlap(
            (&a.concepts, a.concept_weight),
            (&b.concepts, b.concept_weight),
        ),
        places_conflict: places_conflict(a, b),
        quantity: shares_quantity(a.point, b.point),
        same_topic: a.point.primary_topic == b.point.primary_topic,
        same_label: a.label.is_some() && a.label == b.label,
        both_tell_initiator: a.point.tells_initiator && b.point.tells_initiator,
    }
}

/// Pairs below which scoring stays on the calling thread: starting threads
/// costs more than a small matrix (two ordinary readouts have a few hundred
/// pairs; 2 × 10,000 words, about 400,000).
pub(crate) const PARALLEL_PAIRS: usize = 50_000;

/// Scores every pair, then adds `contrast` × the pair's lead over the mean
/// score of its row and column. Long sources are scored in blocks of rows
/// on up to `threads` threads, with the same bits as on one.
pub(crate) fn matrix(
    a: &[AlignPoint<'_>],
    b: &[AlignPoint<'_>],
    idf: &ConceptWeights,
    weights: &Weights,
    threads: usize,
) -> Scores {
    let (n_a, n_b) = (a.len(), b.len());
    if n_a == 0 || n_b == 0 {
        return Scores::new(Vec::new(), n_a, n_b);
    }
    let keyed_a: Vec<Keyed<'_>> = a.iter().map(|p| Keyed::new(p, idf)).collect();
    let keyed_b: Vec<Keyed<'_>> = b.iter().map(|p| Keyed::new(p, idf)).collect();
    let va: Vec<&[f32]> = a.iter().map(|p| p.vector).collect();
    let vb: Vec<&[f32]> = b.iter().map(|p| p.vector).collect();
    let flat = crate::Flat::new(&va, &vb);
    // each pair's score replaces its cosine in the same buffer
    let mut scores = match &flat {
        Some(_) => vec![0.0; n_a * n_b],
        None => crate::dot_matrix(&va, &vb),
    };
    let score_rows = |first_row: usize, block: &mut [f32]| {
        let rows = first_row..first_row + block.len() / n_b;
        if let Some(flat) = &flat {
            flat.dots_into(rows.clone(), block);
        }
        for (row, ka) in block.chunks_exact_mut(n_b).zip(&keyed_a[rows]) {
            for (s, kb) in row.iter_mut().zip(&keyed_b) {
                *s = pair_parts(ka, kb, *s).total(weights);
            }
        }
    };
    if threads < 2 || n_a < 2 || n_a * n_b < PARALLEL_PAIRS {
        score_rows(0, &mut scores);
    } else {
        let rows_per_thread = n_a.div_ceil(threads);
        std::thread::scope(|scope| {
            for (block_idx, block) in scores.chunks_mut(rows_per_thread * n_b).enumerate() {
                let score_rows = &score_rows;
                scope.spawn(move || score_rows(block_idx * rows_per_thread, block));
            }
        });
    }
    let row_mean: Vec<f32> = scores
        .chunks_exact(n_b)
        .map(|row| row.iter().sum::<f32>() / n_b as f32)
        .collect();
    // column sums row by row (cache-friendly), each still adding its rows
    // in order, so the same bits as summing down each column
    // (-0.0 is where `Sum` for floats starts)
    let mut col_sum = vec![-0.0f32; n_b];
    for row in scores.chunks_exact(n_b) {
        for (sum, &s) in col_sum.iter_mut().zip(row) {
            *sum += s;
        }
    }
    let col_mean: Vec<f32> = col_sum.into_iter().map(|sum| sum / n_a as f32).collect();
    for (row, &row_mean) in scores.chunks_exact_mut(n_b).zip(&row_mean) {
        for (s, &col_mean) in row.iter_mut().zip(&col_mean) {
            *s += weights.contrast * (*s - (row_mean + col_mean) / 2.0);
        }
    }
    Scores::new(scores, n_a, n_b)
}
