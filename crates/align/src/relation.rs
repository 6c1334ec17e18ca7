//! The structural label of a link: `partial` when one side spreads it over
//! several points, words it quite differently or says much more; otherwise
//! `same`. What differs in substance (numbers, dates, who, agreed vs
//! discussed) is read later from the points' structure, and may make it
//! `differs`.

use crate::{AlignPoint, PointRef, Weights};
use parallax_model::Relation;

pub(crate) fn label(
    sources: &[Vec<AlignPoint<'_>>],
    members: &[PointRef],
    weights: &Weights,
) -> Relation {
    let per_source = |source: usize| members.iter().filter(move |m| m.source == source);
    let sources_in_group: Vec<usize> = {
        let mut s: Vec<usize> = members.iter().map(|m| m.source).collect();
        s.dedup();
        s
    };
    let point = |m: &PointRef| &sources[m.source][m.point];

    let one_to_many = sources_in_group.iter().any(|&s| per_source(s).count() > 1);
    let lengths: Vec<usize> = sources_in_group
        .iter()
        .map(|&s| per_source(s).map(|m| point(m).n_chars).sum())
        .collect();
    let longest = lengths.iter().copied().max().unwrap_or(0) as f32;
    let shortest = lengths.iter().copied().min().unwrap_or(0).max(1) as f32;
    // how close the wording is, from the model alone (not the contrasted score)
    let mut cosines = Vec::new();
    for (idx, x) in members.iter().enumerate() {
        for y in members[idx + 1..].iter().filter(|y| y.source != x.source) {
            cosines.push(
                point(x)
                    .vector
                    .iter()
                    .zip(point(y).vector)
                    .map(|(a, b)| a * b)
                    .sum::<f32>(),
            );
        }
    }
    let cosine = cosines.iter().sum::<f32>() / cosines.len().max(1) as f32;
    if one_to_many || cosine < weights.same_cosine || longest / shortest > weights.same_length_ratio
    {
        return Relation::Partial;
    }
    Relation::Same
}
