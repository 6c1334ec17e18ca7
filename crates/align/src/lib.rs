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

mod assignment;
mod relation;
mod score;

use parallax_analyze::lexicon::ConceptIdx;
use parallax_analyze::PointFeatures;
use parallax_model::{Relation, Topic};

pub use score::{PairScore, Weights};

/// What alignment needs to know about one point.
#[derive(Debug, Clone, Copy)]
pub struct AlignPoint<'a> {
    /// Unit-length sentence vector.
    pub vector: &'a [f32],
    pub features: &'a PointFeatures,
    pub primary_topic: Topic,
    /// Length of the point in characters, a Chinese or Japanese character
    /// counting as three (about one word, like an English word and its space).
    pub n_chars: usize,
    /// The label the point opens with ("Situation mondiale : …"), if any:
    /// points under the same label are about the same subject.
    pub label: Option<&'a str>,
    /// Whether the point says who asked for the engagement ("at President
    /// Putin's request", "по инициативе американской стороны", "应约"): two
    /// such points are about the same thing, whoever each names.
    pub tells_initiator: bool,
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
    /// `same` or `partial`, from the wording alone.
    pub relation: Relation,
    pub score: f32,
}

#[derive(Debug, Clone, Default)]
pub struct Config {
    pub weights: Weights,
    /// Concepts present throughout the engagement (home countries, leaders);
    /// they don't count as shared content.
    pub background: Vec<ConceptIdx>,
    /// Countries and regions, each with the countries it covers (a country
    /// covers itself): two points naming places that share no country
    /// (outside the background) are probably about different things.
    pub places: Vec<(ConceptIdx, Vec<ConceptIdx>)>,
    /// Threads to score the pairs of two long sources on (0 or 1: the
    /// calling thread alone). The scores are the same bits either way.
    pub threads: usize,
}

/// The score parts of every pair of points of sources `a` and `b`.
pub fn pair_scores(
    sources: &[Vec<AlignPoint<'_>>],
    config: &Config,
    a: usize,
    b: usize,
) -> Vec<Vec<PairScore>> {
    let idf = score::ConceptWeights::new(sources, &config.background, &config.places);
    let keyed_b: Vec<score::Keyed<'_>> = sources[b]
        .iter()
        .map(|p| score::Keyed::new(p, &idf))
        .collect();
    let cosines = score::cosines(&sources[a], &sources[b]);
    let n_b = sources[b].len();
    sources[a]
        .iter()
        .enumerate()
        .map(|(i, pa)| {
            let ka = score::Keyed::new(pa, &idf);
            keyed_b
                .iter()
                .enumerate()
                .map(|(j, kb)| score::pair_parts(&ka, kb, cosines[i * n_b + j]))
                .collect()
        })
        .collect()
}

/// The dot product of every vector of `a` with every vector of `b` (for unit
/// vectors, their cosines), row-major: one matrix product, the bulk of
/// comparing long documents, done by the BLAS-style kernel rather than pair
/// by pair. Vectors of unequal lengths are multiplied over their common length.
pub fn dot_matrix(a: &[&[f32]], b: &[&[f32]]) -> Vec<f32> {
    let mut out = vec![0.0; a.len() * b.len()];
    match Flat::new(a, b) {
        Some(flat) => flat.dots_into(0..a.len(), &mut out),
        None => {
            for (x, row) in a.iter().zip(out.chunks_exact_mut(b.len().max(1))) {
                for (y, dot) in b.iter().zip(row) {
                    *dot = x.iter().zip(*y).map(|(p, q)| p * q).sum();
                }
            }
        }
    }
    out
}

/// Two lists of vectors of one length, each copied into one row-major
/// matrix for the matrix product.
pub(crate) struct Flat {
    a: Vec<f32>,
    b: Vec<f32>,
    dim: usize,
}

impl Flat {
    /// `None` when the vectors are not all of one non-zero length, or a list
    /// is empty.
    pub(crate) fn new(a: &[&[f32]], b: &[&[f32]]) -> Option<Flat> {
        let dim = a.first().map_or(0, |v| v.len());
        let same_dim = a.iter().chain(b).all(|v| v.len() == dim);
        (same_dim && dim > 0 && !a.is_empty() && !b.is_empty()).then(|| Flat {
            a: a.concat(),
            b: b.concat(),
            dim,
        })
    }

    /// The dot products of rows `rows` of `a` with every row of `b` into
    /// `out` (row-major). Each product's value depends on neither the rows
    /// asked for nor the thread: the kernel sums over the shared dimension
    /// in the same blocks whatever the rows.
    pub(crate) fn dots_into(&self, rows: std::ops::Range<usize>, out: &mut [f32]) {
        use ndarray::linalg::general_mat_mul;
        use ndarray::{ArrayView2, ArrayViewMut2};
        let n_b = self.b.len() / self.dim;
        let a_rows = &self.a[rows.start * self.dim..rows.end * self.dim];
        let (Ok(ma), Ok(mb), Ok(mut mc)) = (
            ArrayView2::from_shape((rows.len(), self.dim), a_rows),
            ArrayView2::from_shape((n_b, self.dim), &self.b[..]),
            ArrayViewMut2::from_shape((rows.len(), n_b), out),
        ) else {
            // not reached: the shapes follow from the lengths Flat::new checked
            out.fill(0.0);
            return;
        };
        general_mat_mul(1.0, &ma, &mb.t(), 0.0, &mut mc);
    }
}

/// Aligns the points of two or more sources. Every point ends up in exactly
/// one returned group or in none (unmatched).
pub fn align(sources: &[Vec<AlignPoint<'_>>], config: &Config) -> Vec<Group> {
    let idf = score::ConceptWeights::new(sources, &config.background, &config.places);
    let mut pair_links: Vec<(PointRef, PointRef, f32)> = Vec::new();
    for a in 0..sources.len() {
        for b in a + 1..sources.len() {
            let matrix = score::matrix(
                &sources[a],
                &sources[b],
                &idf,
                &config.weights,
                config.threads,
            );
            for (i, j, s) in match_pairs(&matrix, &config.weights) {
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
    // groups in the order their first member comes, found by their root
    let mut groups: Vec<(Vec<PointRef>, Vec<f32>)> = Vec::new();
    let mut group_of_root: Vec<Option<usize>> = vec![None; n_total];
    for (source, points) in sources.iter().enumerate() {
        for point in 0..points.len() {
            let r = root(&mut parent, flat(PointRef { source, point }));
            let member = PointRef { source, point };
            match group_of_root[r] {
                Some(g) => groups[g].0.push(member),
                None => {
                    group_of_root[r] = Some(groups.len());
                    groups.push((vec![member], Vec::new()));
                }
            }
        }
    }
    for (a, b, s) in &pair_links {
        let r = root(&mut parent, flat(*a));
        debug_assert_eq!(r, root(&mut parent, flat(*b)));
        if let Some(g) = group_of_root[r] {
            groups[g].1.push(*s);
        }
    }
    groups
        .into_iter()
        .filter(|(members, _)| members.len() > 1)
        .map(|(members, scores)| {
            let score = scores.iter().sum::<f32>() / scores.len().max(1) as f32;
            let relation = relation::label(sources, &members, &config.weights);
            Group {
                members,
                relation,
                score,
            }
        })
        .collect()
}

/// Picks links between two sources from their score matrix: the one-to-one
/// matching with the highest total score over the threshold; then a point
/// whose best partner is already taken joins that partner's link when it
/// scores nearly as well (one point covering two).
fn match_pairs(matrix: &assignment::Scores, weights: &Weights) -> Vec<(usize, usize, f32)> {
    let (n_a, n_b) = (matrix.rows(), matrix.cols());
    let mut partner_a: Vec<Option<usize>> = vec![None; n_a];
    let mut partner_b: Vec<Option<usize>> = vec![None; n_b];
    let mut links = Vec::new();
    for (i, j) in assignment::one_to_one(matrix, weights.link_threshold) {
        partner_a[i] = Some(j);
        partner_b[j] = Some(i);
        links.push((i, j, matrix[i][j]));
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

#[cfg(test)]
mod tests {
    use super::*;
    use parallax_analyze::lexicon::ConceptHit;
    use parallax_model::Span;

    /// A unit vector pointing mostly along `axis` of an 8-dimensional space.
    fn vector(axis: usize) -> Vec<f32> {
        let mut v = [0.1f32; 8];
        v[axis] = 1.0;
        let norm = v.iter().map(|x| x * x).sum::<f32>().sqrt();
        v.iter().map(|x| x / norm).collect()
    }

    fn features(concepts: &[ConceptIdx]) -> PointFeatures {
        PointFeatures {
            concepts: concepts
                .iter()
                .map(|&concept| ConceptHit {
                    concept,
                    span: Span::new(0, 1),
                })
                .collect(),
            ..PointFeatures::default()
        }
    }

    fn point<'a>(vector: &'a [f32], features: &'a PointFeatures) -> AlignPoint<'a> {
        AlignPoint {
            vector,
            features,
            primary_topic: Topic::Relations,
            n_chars: 80,
            label: None,
            tells_initiator: false,
        }
    }

    fn ids(groups: &[Group]) -> Vec<Vec<(usize, usize)>> {
        let mut all: Vec<Vec<(usize, usize)>> = groups
            .iter()
            .map(|g| g.members.iter().map(|m| (m.source, m.point)).collect())
            .collect();
        all.sort();
        all
    }

    #[test]
    fn points_pair_with_what_says_the_same_in_any_order_and_the_rest_stays_unmatched() {
        let v: Vec<Vec<f32>> = (0..8).map(vector).collect();
        let f = features(&[]);
        let a = vec![point(&v[0], &f), point(&v[1], &f), point(&v[2], &f)];
        let b = vec![point(&v[2], &f), point(&v[5], &f), point(&v[0], &f)];
        let groups = align(&[a, b], &Config::default());
        assert_eq!(ids(&groups), [vec![(0, 0), (1, 2)], vec![(0, 2), (1, 0)]]);
    }

    #[test]
    fn one_point_may_cover_two() {
        let v: Vec<Vec<f32>> = (0..8).map(vector).collect();
        let f = features(&[]);
        // B0 and B1 both say what A0 says; A1 and B2 say other things
        let a = vec![point(&v[0], &f), point(&v[3], &f)];
        let b = vec![point(&v[0], &f), point(&v[0], &f), point(&v[6], &f)];
        let groups = align(&[a, b], &Config::default());
        assert_eq!(ids(&groups), [vec![(0, 0), (1, 0), (1, 1)]]);
        assert_eq!(groups[0].relation, Relation::Partial);
    }

    #[test]
    fn three_sources_join_into_one_group() {
        let v: Vec<Vec<f32>> = (0..8).map(vector).collect();
        let f = features(&[]);
        let sources = vec![
            vec![point(&v[0], &f), point(&v[1], &f)],
            vec![point(&v[4], &f), point(&v[0], &f)],
            vec![point(&v[0], &f), point(&v[7], &f)],
        ];
        let groups = align(&sources, &Config::default());
        assert_eq!(ids(&groups), [vec![(0, 0), (1, 1), (2, 0)]]);
    }

    #[test]
    fn shared_rare_concepts_tip_a_borderline_pair_and_clashing_places_undo_it() {
        // two vectors that are related but not close
        let mut x = vector(0);
        x[1] = 0.25;
        let norm = x.iter().map(|v| v * v).sum::<f32>().sqrt();
        x.iter_mut().for_each(|v| *v /= norm);
        let y = vector(1);
        let filler: Vec<Vec<f32>> = (2..8).map(vector).collect();
        let plain = features(&[]);
        let ceasefire = features(&[7]);
        let iran = features(&[3]);
        let gaza = features(&[4]);
        let run = |fa: &PointFeatures, fb: &PointFeatures| {
            let mut a = vec![point(&x, fa)];
            let mut b = vec![point(&y, fb)];
            a.extend(filler[..3].iter().map(|v| point(v, &plain)));
            b.extend(filler[3..].iter().map(|v| point(v, &plain)));
            let config = Config {
                places: vec![(3, vec![3]), (4, vec![4])],
                ..Config::default()
            };
            align(&[a, b], &config).iter().any(|g| {
                g.members.contains(&PointRef {
                    source: 0,
                    point: 0,
                })
            })
        };
        assert!(!run(&plain, &plain), "similar vectors alone do not link");
        assert!(run(&ceasefire, &ceasefire), "a shared rare term links them");
        let mut iran_ceasefire = iran.clone();
        iran_ceasefire
            .concepts
            .extend(ceasefire.concepts.iter().copied());
        let mut gaza_ceasefire = gaza.clone();
        gaza_ceasefire
            .concepts
            .extend(ceasefire.concepts.iter().copied());
        assert!(
            !run(&iran_ceasefire, &gaza_ceasefire),
            "a ceasefire in Iran is not one in Gaza"
        );
    }

    /// `n` pseudo-random unit vectors of `dim` values (a fixed LCG).
    fn random_vectors(n: usize, dim: usize, seed: u64) -> Vec<Vec<f32>> {
        let mut state = seed;
        let mut next = move || {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            (state >> 40) as f32 / (1u64 << 24) as f32 - 0.5
        };
        (0..n)
            .map(|_| {
                let v: Vec<f32> = (0..dim).map(|_| next()).collect();
                let norm = v.iter().map(|x| x * x).sum::<f32>().sqrt();
                v.iter().map(|x| x / norm).collect()
            })
            .collect()
    }

    #[test]
    fn long_sources_score_the_same_bits_on_several_threads() {
        // above PARALLEL_PAIRS, with row counts that split unevenly
        let (va, vb) = (random_vectors(331, 96, 1), random_vectors(197, 96, 2));
        let concept_sets: Vec<PointFeatures> =
            (0..8).map(|k| features(&[k % 5, 5 + k % 3])).collect();
        fn points<'a>(vectors: &'a [Vec<f32>], sets: &'a [PointFeatures]) -> Vec<AlignPoint<'a>> {
            vectors
                .iter()
                .enumerate()
                .map(|(i, v)| AlignPoint {
                    vector: v,
                    features: &sets[i % sets.len()],
                    primary_topic: Topic::Relations,
                    n_chars: 40 + i % 90,
                    label: None,
                    tells_initiator: false,
                })
                .collect()
        }
        let sources = [points(&va, &concept_sets), points(&vb, &concept_sets)];
        assert!(va.len() * vb.len() >= score::PARALLEL_PAIRS);
        let idf = score::ConceptWeights::new(&sources, &[], &[]);
        let weights = Weights::default();
        let one = score::matrix(&sources[0], &sources[1], &idf, &weights, 1);
        for threads in [2, 3, 7] {
            let several = score::matrix(&sources[0], &sources[1], &idf, &weights, threads);
            for (row_one, row_several) in one.iter().zip(several.iter()) {
                let bits = |row: &[f32]| row.iter().map(|s| s.to_bits()).collect::<Vec<_>>();
                assert_eq!(bits(row_one), bits(row_several), "{threads} threads");
            }
        }
        let groups = |threads| {
            let config = Config {
                threads,
                ..Config::default()
            };
            align(&sources, &config)
                .into_iter()
                .map(|g| (g.members, g.relation, g.score.to_bits()))
                .collect::<Vec<_>>()
        };
        assert!(!groups(1).is_empty());
        assert_eq!(groups(1), groups(2));
    }

    #[test]
    fn the_dot_matrix_is_every_pairs_dot_product() {
        let (x, y, z) = (vector(0), vector(1), vector(2));
        let a: Vec<&[f32]> = vec![&x, &y];
        let b: Vec<&[f32]> = vec![&x, &y, &z];
        let m = dot_matrix(&a, &b);
        assert_eq!(m.len(), 6);
        for (i, va) in a.iter().enumerate() {
            for (j, vb) in b.iter().enumerate() {
                let dot: f32 = va.iter().zip(*vb).map(|(p, q)| p * q).sum();
                assert!((m[i * 3 + j] - dot).abs() < 1e-5);
            }
        }
        // odd lengths: over the common length
        let short = [1.0f32, 2.0];
        let m = dot_matrix(&[&short[..]], &[&x[..]]);
        assert!((m[0] - (x[0] + 2.0 * x[1])).abs() < 1e-5);
        assert!(dot_matrix(&[], &b).is_empty());
    }

    #[test]
    fn a_link_is_partial_when_one_side_says_much_more() {
        let v = vector(0);
        let ceasefire = features(&[7]);
        let relation_of = |n_chars_b: usize| {
            let a = point(&v, &ceasefire);
            let b = AlignPoint {
                n_chars: n_chars_b,
                ..point(&v, &ceasefire)
            };
            align(&[vec![a], vec![b]], &Config::default())[0].relation
        };
        assert_eq!(relation_of(80), Relation::Same);
        assert_eq!(relation_of(400), Relation::Partial);
    }
}
