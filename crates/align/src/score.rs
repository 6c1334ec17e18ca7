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
            concepts: 0.35,
            quantity: 0.1,
            topic: 0.05,
            link_threshold: 0.55,
            extend_threshold: 0.5,
            extend_margin: 0.12,
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

pub(crate) fn pair_score(
    a: &AlignPoint<'_>,
    b: &AlignPoint<'_>,
    idf: &ConceptWeights,
    weights: &Weights,
) -> f32 {
    let cosine: f32 = a.vector.iter().zip(b.vector).map(|(x, y)| x * y).sum();
    let mut score = cosine + weights.concepts * concept_overlap(a, b, idf);
    if shares_quantity(a, b) {
        score += weights.quantity;
    }
    if a.primary_topic == b.primary_topic {
        score += weights.topic;
    }
    score
}

pub(crate) fn matrix(
    a: &[AlignPoint<'_>],
    b: &[AlignPoint<'_>],
    idf: &ConceptWeights,
    weights: &Weights,
) -> Vec<Vec<f32>> {
    a.iter()
        .map(|pa| {
            b.iter()
                .map(|pb| pair_score(pa, pb, idf, weights))
                .collect()
        })
        .collect()
}
