//! Topic prototypes for the sentence model: a few plain sentences per topic.
//! The model is multilingual, so English prototypes serve every language.

use parallax_embed::Embedder;
use parallax_model::Topic;

const PROTOTYPES: [(Topic, &[&str]); 8] = [
    (Topic::Relations, &[
        "The two countries' comprehensive strategic partnership is at its highest level in history.",
        "Bilateral relations are based on mutual respect, equality and trust.",
    ]),
    (Topic::Economy, &[
        "The leaders discussed trade, investment and energy cooperation.",
        "Bilateral trade grew and the sides will expand cooperation in oil, gas and technology.",
    ]),
    (Topic::Security, &[
        "The sides discussed military cooperation, defence and strategic stability.",
        "Nuclear arms control and missile defence were on the agenda.",
    ]),
    (Topic::GlobalOrder, &[
        "The international situation is turbulent; the sides support a multipolar world and the central role of the United Nations.",
        "They defend international law and fair global governance.",
    ]),
    (Topic::Regional, &[
        "The leaders exchanged views on the conflict in the Middle East and the situation around a third country.",
        "They discussed the crisis and called for a political settlement.",
    ]),
    (Topic::Engagements, &[
        "The president invited his counterpart to pay a visit, and the invitation was accepted.",
        "The sides agreed to hold a summit and keep in contact through ministries and consultations.",
    ]),
    (Topic::Atmosphere, &[
        "He extended warm holiday greetings and best wishes to the people.",
        "The conversation was friendly, candid and held in a warm atmosphere.",
    ]),
    (Topic::People, &[
        "The sides will expand cultural, educational and humanitarian exchanges and tourism.",
        "People-to-people ties, students and youth exchanges were discussed.",
    ]),
];

/// One mean vector per topic of `Topic::ALL` (Other gets none: empty).
pub(crate) fn prototype_vectors(embedder: &dyn Embedder) -> Vec<Vec<f32>> {
    let texts: Vec<&str> = PROTOTYPES
        .iter()
        .flat_map(|(_, texts)| texts.iter().copied())
        .collect();
    let vectors = embedder.embed(&texts);
    let mut vector_iter = vectors.into_iter();
    Topic::ALL
        .iter()
        .map(|topic| {
            let Some((_, texts)) = PROTOTYPES.iter().find(|(t, _)| t == topic) else {
                return Vec::new();
            };
            let mut mean = vec![0f32; embedder.dim()];
            for vector in vector_iter.by_ref().take(texts.len()) {
                for (m, v) in mean.iter_mut().zip(vector) {
                    *m += v;
                }
            }
            let norm = mean.iter().map(|x| x * x).sum::<f32>().sqrt().max(1e-6);
            mean.iter_mut().for_each(|m| *m /= norm);
            mean
        })
        .collect()
}

/// The point's closeness to each topic, relative to its mean closeness, so
/// that only what sets one topic apart counts.
pub(crate) fn similarity(vector: &[f32], prototypes: &[Vec<f32>]) -> [f32; 9] {
    let mut sims = [0f32; 9];
    let mut n = 0;
    for (sim, prototype) in sims.iter_mut().zip(prototypes) {
        if prototype.is_empty() || vector.is_empty() {
            continue;
        }
        *sim = vector.iter().zip(prototype).map(|(a, b)| a * b).sum();
        n += 1;
    }
    if n > 0 {
        let mean = sims.iter().sum::<f32>() / n as f32;
        for (sim, prototype) in sims.iter_mut().zip(prototypes) {
            if !prototype.is_empty() {
                *sim = (*sim - mean).max(0.0);
            }
        }
    }
    sims
}
