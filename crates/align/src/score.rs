//! How strongly two points of different sources say the same thing.

use crate::AlignPoint;
use parallax_analyze::lexicon::ConceptIdx;
use std::collections::HashMap;

/// The knobs of alignment. Defaults were set on the development set as a
/// whole (see BENCHMARKS.md), not per sentence.
#[derive(Debug, Clone)]
pub struct Weights {
    /// Weight of the share of rare concepts the two points have in common.
    pub concepts: f32,
    /// Bonus when both points give an equal quantity.
    pub quantity: f32,
    /// Bonus when both points have the same primary topic.
    pub topic: f32,
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
    /// Minimum score for a link to count as `same` rather than `partial`.
    pub same_threshold: f32,
}

impl Default for Weights {
    fn default() -> Weights {
        Weights {
            concepts: 0.2,
            quantity: 0.1,
            topic: 0.05,
            contrast: 1.0,
            link_threshold: 0.6,
            extend_threshold: 0.6,
            extend_margin: 0.05,
            same_threshold: 0.85,
        }
    }
}

/// Inverse document frequency of each concept over all points of all
/// sources, with the engagement's background concepts weighing nothing.
pub(crate) struct ConceptWeights {
    weights: HashMap<ConceptIdx, f32>,
}

impl ConceptWeights {
    pub(crate) fn new(
        sources: &[Vec<AlignPoint<'_>>],
        background: &[ConceptIdx],
    ) -> ConceptWeights {
        let mut df: HashMap<ConceptIdx, usize> = HashMap::new();
        let n_points: usize = sources.iter().map(Vec::len).sum();
        for point in sources.iter().flatten() {
            for concept in point.features.concept_set() {
                *df.entry(concept).or_default() += 1;
            }
        }
        let weights = df
            .into_iter()
            .map(|(concept, n)| {
                let weight = if background.contains(&concept) {
                    0.0
                } else {
                    ((n_points as f32 + 1.0) / n as f32).ln().max(0.0)
                };
                (concept, weight)
            })
            .collect();
        ConceptWeights { weights }
    }

    pub(crate) fn weight(&self, concept: ConceptIdx) -> f32 {
        self.weights.get(&concept).copied().unwrap_or(0.0)
    }
}

/// Weighted overlap of two points' concepts: shared weight over the weight of
/// the smaller side, so a short point fully contained in a long one scores 1.
pub(crate) fn concept_overlap(a: &AlignPoint<'_>, b: &AlignPoint<'_>, idf: &ConceptWeights) -> f32 {
    let set_a = a.features.concept_set();
    let set_b = b.features.concept_set();
    let total = |set: &[ConceptIdx]| set.iter().map(|c| idf.weight(*c)).sum::<f32>();
    let shared: f32 = set_a
        .iter()
        .filter(|c| set_b.contains(c))
        .map(|c| idf.weight(*c))
        .sum();
    let smaller = total(&set_a).min(total(&set_b));
    let larger = total(&set_a).max(total(&set_b));
    if larger <= 0.0 {
        return 0.0;
    }
    // geometric mean of containment and Jaccard-like share
    let containment = if smaller > 0.0 { shared / smaller } else { 0.0 };
    (containment * shared / larger).sqrt()
}

pub(crate) fn shares_quantity(a: &AlignPoint<'_>, b: &AlignPoint<'_>) -> bool {
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
    pub quantity: bool,
    pub same_topic: bool,
}

impl PairScore {
    pub fn total(&self, weights: &Weights) -> f32 {
        let mut score = self.cosine + weights.concepts * self.concepts;
        if self.quantity {
            score += weights.quantity;
        }
        if self.same_topic {
            score += weights.topic;
        }
        score
    }
}

pub(crate) fn pair_parts(
    a: &AlignPoint<'_>,
    b: &AlignPoint<'_>,
    idf: &ConceptWeights,
) -> PairScore {
    PairScore {
        cosine: a.vector.iter().zip(b.vector).map(|(x, y)| x * y).sum(),
        concepts: concept_overlap(a, b, idf),
        quantity: shares_quantity(a, b),
        same_topic: a.primary_topic == b.primary_topic,
    }
}

pub(crate) fn pair_score(
    a: &AlignPoint<'_>,
    b: &AlignPoint<'_>,
    idf: &ConceptWeights,
    weights: &Weights,
) -> f32 {
    pair_parts(a, b, idf).total(weights)
}

/// Scores every pair, then adds `contrast` × the pair's lead over the mean
/// score of its row and column.
pub(crate) fn matrix(
    a: &[AlignPoint<'_>],
    b: &[AlignPoint<'_>],
    idf: &ConceptWeights,
    weights: &Weights,
) -> Vec<Vec<f32>> {
    let raw: Vec<Vec<f32>> = a
        .iter()
        .map(|pa| {
            b.iter()
                .map(|pb| pair_score(pa, pb, idf, weights))
                .collect()
        })
        .collect();
    if a.is_empty() || b.is_empty() {
        return raw;
    }
    let row_mean: Vec<f32> = raw
        .iter()
        .map(|row| row.iter().sum::<f32>() / b.len() as f32)
        .collect();
    let col_mean: Vec<f32> = (0..b.len())
        .map(|j| raw.iter().map(|row| row[j]).sum::<f32>() / a.len() as f32)
        .collect();
    raw.iter()
        .enumerate()
        .map(|(i, row)| {
            row.iter()
                .enumerate()
                .map(|(j, &s)| s + weights.contrast * (s - (row_mean[i] + col_mean[j]) / 2.0))
                .collect()
        })
        .collect()
}
