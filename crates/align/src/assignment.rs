//! One-to-one matching between two sources' points.
//!
//! For readout-sized inputs the matching maximises the total score of the
//! pairs it keeps (the Hungarian method), so one strong pair cannot take a
//! point that two others needed; larger inputs fall back to the greedy
//! best-first matching, whose cost grows only with the number of candidates.

/// Above this many points on the larger side, greedy matching is used.
const MAX_OPTIMAL: usize = 400;

/// Pair scores of two sources' points in one row-major buffer:
/// `scores[i][j]` is point `i` of the first with point `j` of the second.
/// (One allocation: for two 50,000-word documents it is 3,230 × 3,230.)
pub(crate) struct Scores {
    values: Vec<f32>,
    rows: usize,
    cols: usize,
}

impl Scores {
    /// `values` has `rows` × `cols` scores, row after row.
    pub(crate) fn new(values: Vec<f32>, rows: usize, cols: usize) -> Scores {
        assert_eq!(values.len(), rows * cols, "scores are rows × cols");
        Scores { values, rows, cols }
    }

    pub(crate) fn rows(&self) -> usize {
        self.rows
    }

    pub(crate) fn cols(&self) -> usize {
        self.cols
    }

    /// Row after row.
    pub(crate) fn iter(&self) -> impl Iterator<Item = &[f32]> {
        (0..self.rows).map(|i| &self[i])
    }

    #[cfg(test)]
    pub(crate) fn from_rows(rows: &[Vec<f32>]) -> Scores {
        let cols = rows.first().map_or(0, Vec::len);
        Scores::new(rows.concat(), rows.len(), cols)
    }
}

impl std::ops::Index<usize> for Scores {
    type Output = [f32];

    fn index(&self, row: usize) -> &[f32] {
        &self.values[row * self.cols..(row + 1) * self.cols]
    }
}

/// Pairs (row, column) scoring at least `threshold`, each row and column at
/// most once.
pub(crate) fn one_to_one(matrix: &Scores, threshold: f32) -> Vec<(usize, usize)> {
    let (n_rows, n_cols) = (matrix.rows(), matrix.cols());
    if n_rows == 0 || n_cols == 0 {
        return Vec::new();
    }
    if n_rows.max(n_cols) > MAX_OPTIMAL {
        return greedy(matrix, threshold);
    }
    // maximise the total of above-threshold scores: below-threshold pairs
    // are worth nothing, so leaving a point unmatched costs nothing
    let gain = |i: usize, j: usize| {
        let score = matrix[i][j];
        if score >= threshold {
            f64::from(score)
        } else {
            0.0
        }
    };
    let transposed = n_rows > n_cols;
    let (n, m) = if transposed {
        (n_cols, n_rows)
    } else {
        (n_rows, n_cols)
    };
    let cost = |r: usize, c: usize| if transposed { -gain(c, r) } else { -gain(r, c) };
    let assignment = hungarian(n, m, cost);
    assignment
        .into_iter()
        .enumerate()
        .map(|(r, c)| if transposed { (c, r) } else { (r, c) })
        .filter(|&(i, j)| matrix[i][j] >= threshold)
        .collect()
}

/// Best pairs first: each row and column taken once.
fn greedy(matrix: &Scores, threshold: f32) -> Vec<(usize, usize)> {
    let mut candidates: Vec<(usize, usize, f32)> = Vec::new();
    for (i, row) in matrix.iter().enumerate() {
        for (j, &score) in row.iter().enumerate() {
            if score >= threshold {
                candidates.push((i, j, score));
            }
        }
    }
    candidates.sort_by(|x, y| y.2.total_cmp(&x.2));
    let mut row_taken = vec![false; matrix.rows()];
    let mut col_taken = vec![false; matrix.cols()];
    let mut pairs = Vec::new();
    for (i, j, _) in candidates {
        if !row_taken[i] && !col_taken[j] {
            row_taken[i] = true;
            col_taken[j] = true;
            pairs.push((i, j));
        }
    }
    pairs
}

/// Minimum-cost assignment of `n` rows to distinct columns among `m >= n`
/// (the Hungarian method with potentials, O(n² m)). Returns each row's column.
fn hungarian(n: usize, m: usize, cost: impl Fn(usize, usize) -> f64) -> Vec<usize> {
    // 1-based arrays; column 0 is a virtual start
    let mut u = vec![0.0f64; n + 1];
    let mut v = vec![0.0f64; m + 1];
    let mut row_of_col = vec![0usize; m + 1];
    let mut way = vec![0usize; m + 1];
    for row in 1..=n {
        row_of_col[0] = row;
        let mut col0 = 0;
        let mut min_to = vec![f64::INFINITY; m + 1];
        let mut used = vec![false; m + 1];
        loop {
            used[col0] = true;
            let row0 = row_of_col[col0];
            let mut delta = f64::INFINITY;
            let mut col1 = 0;
            for col in 1..=m {
                if used[col] {
                    continue;
                }
                let reduced = cost(row0 - 1, col - 1) - u[row0] - v[col];
                if reduced < min_to[col] {
                    min_to[col] = reduced;
                    way[col] = col0;
                }
                if min_to[col] < delta {
                    delta = min_to[col];
                    col1 = col;
                }
            }
            for col in 0..=m {
                if used[col] {
                    u[row_of_col[col]] += delta;
                    v[col] -= delta;
                } else {
                    min_to[col] -= delta;
                }
            }
            col0 = col1;
            if row_of_col[col0] == 0 {
                break;
            }
        }
        loop {
            let col1 = way[col0];
            row_of_col[col0] = row_of_col[col1];
            col0 = col1;
            if col0 == 0 {
                break;
            }
        }
    }
    let mut col_of_row = vec![0usize; n];
    for col in 1..=m {
        if row_of_col[col] > 0 {
            col_of_row[row_of_col[col] - 1] = col - 1;
        }
    }
    col_of_row
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn optimal_matching_lets_two_good_pairs_beat_one_great_pair() {
        // greedy takes (0,0) at 0.95 and leaves row 1 alone; the optimum pairs
        // (0,1) and (1,0) for a higher total
        let matrix = Scores::from_rows(&[vec![0.95, 0.9], vec![0.9, 0.1]]);
        assert_eq!(greedy(&matrix, 0.5), [(0, 0)]);
        let mut pairs = one_to_one(&matrix, 0.5);
        pairs.sort();
        assert_eq!(pairs, [(0, 1), (1, 0)]);
    }

    #[test]
    fn pairs_below_the_threshold_are_never_made() {
        let matrix = Scores::from_rows(&[vec![0.2, 0.3, 0.9], vec![0.1, 0.2, 0.3]]);
        assert_eq!(one_to_one(&matrix, 0.5), [(0, 2)]);
        let tall = Scores::from_rows(&[vec![0.1], vec![0.8], vec![0.7]]);
        assert_eq!(one_to_one(&tall, 0.5), [(1, 0)]);
        assert!(one_to_one(&Scores::new(Vec::new(), 0, 0), 0.5).is_empty());
    }
}
