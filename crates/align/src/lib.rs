//! Cross-source alignment: which points of one readout say what a point of
//! another says, and how (`same`, `partial`, `differs`). Pure functions over
//! what earlier stages computed: a sentence vector per point, and the
//! concepts, quantities, dates and modality the analysis read from it.
//!
//! Similarity alone is not enough: two readouts of one call share a domain, so
//! every pair of points is somewhat similar. A link needs the model's
//! similarity *and* what the texts share — concepts that are rare in the
//! engagement (a third country, "ceasefire"), equal quantities — to clear one
//! threshold; points may pair one-to-many; most pair with nothing.

mod relation;
mod score;

use parallax_analyze::lexicon::ConceptIdx;
use parallax_analyze::PointFeatures;
use parallax_model::{Difference, Relation, Topic};

pub use score::{PairScore, Weights};

/// What alignment needs to know about one point.
#[derive(Debug, Clone, Copy)]
pub struct AlignPoint<'a> {
    /// Unit-length sentence vector.
    pub vector: &'a [f32],
    pub features: &'a PointFeatures,
    pub primary_topic: Topic,
    /// Length of the point in characters.
    pub n_chars: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct PointRef {
    pub source: usize,
    pub point: usize,
}

#[derive(Debug, Clone)]
pub struct Group {
    /// Points in source order, then point order.
    pub members: Vec<PointRef>,
    pub relation: Relation,
    pub score: f32,
    pub differences: Vec<Difference>,
}

#[derive(Debug, Clone, Default)]
pub struct Config {
    pub weights: Weights,
    /// Concepts present throughout the engagement (home countries, leaders);
    /// they don't count as shared content.
    pub background: Vec<ConceptIdx>,
    /// Concepts that are countries or places: two points naming different
    /// ones (outside the background) are probably about different things.
    pub places: Vec<ConceptIdx>,
}

/// The score parts of every pair of points of sources `a` and `b`.
pub fn pair_scores(
    sources: &[Vec<AlignPoint<'_>>],
    config: &Config,
    a: usize,
    b: usize,
) -> Vec<Vec<PairScore>> {
    let idf = score::ConceptWeights::new(sources, &config.background, &config.places);
    sources[a]
        .iter()
        .map(|pa| {
            sources[b]
                .iter()
                .map(|pb| score::pair_parts(pa, pb, &idf))
                .collect()
        })
        .collect()
}

/// Aligns the points of two or more sources. Every point ends up in exactly
/// one returned group or in none (unmatched).
pub fn align(sources: &[Vec<AlignPoint<'_>>], config: &Config) -> Vec<Group> {
    let idf = score::ConceptWeights::new(sources, &config.background, &config.places);
    let mut pair_links: Vec<(PointRef, PointRef, f32)> = Vec::new();
    for a in 0..sources.len() {
        for b in a + 1..sources.len() {
            let matrix = score::matrix(&sources[a], &sources[b], &idf, &config.weights);
            for (i, j, s) in
                match_pairs(&matrix, sources[a].len(), sources[b].len(), &config.weights)
            {
                pair_links.push((
                    PointRef {
                        source: a,
                        point: i,
                    },
                    PointRef {
                        source: b,
                        point: j,
                    },
                    s,
                ));
            }
        }
    }
    // union the pairwise links into groups
    let offsets: Vec<usize> = sources
        .iter()
        .scan(0, |acc, s| {
            let start = *acc;
            *acc += s.len();
            Some(start)
        })
        .collect();
    let flat = |r: PointRef| offsets[r.source] + r.point;
    let n_total: usize = sources.iter().map(Vec::len).sum();
    let mut parent: Vec<usize> = (0..n_total).collect();
    fn root(parent: &mut [usize], mut x: usize) -> usize {
        while parent[x] != x {
            parent[x] = parent[parent[x]];
            x = parent[x];
        }
        x
    }
    for (a, b, _) in &pair_links {
        let (ra, rb) = (root(&mut parent, flat(*a)), root(&mut parent, flat(*b)));
        if ra != rb {
            parent[ra.max(rb)] = ra.min(rb);
        }
    }
    let mut groups: Vec<(usize, Vec<PointRef>, Vec<f32>)> = Vec::new();
    for (source, points) in sources.iter().enumerate() {
        for point in 0..points.len() {
            let r = root(&mut parent, flat(PointRef { source, point }));
            let member = PointRef { source, point };
            match groups.iter_mut().find(|(g, _, _)| *g == r) {
                Some((_, members, _)) => members.push(member),
                None => groups.push((r, vec![member], Vec::new())),
            }
        }
    }
    for (a, b, s) in &pair_links {
        let r = root(&mut parent, flat(*a));
        debug_assert_eq!(r, root(&mut parent, flat(*b)));
        if let Some((_, _, scores)) = groups.iter_mut().find(|(g, _, _)| *g == r) {
            scores.push(*s);
        }
    }
    groups
        .into_iter()
        .filter(|(_, members, _)| members.len() > 1)
        .map(|(_, members, scores)| {
            let score = scores.iter().sum::<f32>() / scores.len().max(1) as f32;
            let (relation, differences) =
                relation::label(sources, &members, score, &config.weights);
            Group {
                members,
                relation,
                score,
                differences,
            }
        })
        .collect()
}

/// Picks links between two sources from their score matrix: best pairs
/// first, one-to-one; then a point whose best partner is already taken joins
/// that partner's link when it scores nearly as well (one point covering two).
fn match_pairs(
    matrix: &[Vec<f32>],
    n_a: usize,
    n_b: usize,
    weights: &Weights,
) -> Vec<(usize, usize, f32)> {
    let mut candidates: Vec<(usize, usize, f32)> = Vec::new();
    for i in 0..n_a {
        for j in 0..n_b {
            if matrix[i][j] >= weights.link_threshold {
                candidates.push((i, j, matrix[i][j]));
            }
        }
    }
    candidates.sort_by(|x, y| y.2.total_cmp(&x.2));
    let mut partner_a: Vec<Option<usize>> = vec![None; n_a];
    let mut partner_b: Vec<Option<usize>> = vec![None; n_b];
    let mut links = Vec::new();
    for &(i, j, s) in &candidates {
        if partner_a[i].is_none() && partner_b[j].is_none() {
            partner_a[i] = Some(j);
            partner_b[j] = Some(i);
            links.push((i, j, s));
        }
    }
    // one-to-many: an unmatched point whose best partner is taken
    let mut extra = Vec::new();
    for i in 0..n_a {
        if partner_a[i].is_some() {
            continue;
        }
        if let Some((j, s)) = best_in_row(&matrix[i]) {
            if let Some(owner) = partner_b[j] {
                if s >= weights.extend_threshold && s >= matrix[owner][j] - weights.extend_margin {
                    extra.push((i, j, s));
                }
            }
        }
    }
    for j in 0..n_b {
        if partner_b[j].is_some() {
            continue;
        }
        let column: Vec<f32> = (0..n_a).map(|i| matrix[i][j]).collect();
        if let Some((i, s)) = best_in_row(&column) {
            if let Some(owner) = partner_a[i] {
                if s >= weights.extend_threshold && s >= matrix[i][owner] - weights.extend_margin {
                    extra.push((i, j, s));
                }
            }
        }
    }
    links.extend(extra);
    links
}

fn best_in_row(row: &[f32]) -> Option<(usize, f32)> {
    row.iter()
        .copied()
        .enumerate()
        .max_by(|a, b| a.1.total_cmp(&b.1))
}
