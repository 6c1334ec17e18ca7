//! f32 matrix products against weights packed once at load: every layer of
//! the f32 arithmetic, and the sentence-level layers that stay in f32 in the
//! int8 one (a handful of rows per call, where packing the weights at every
//! call would cost as much as the product).
//!
//! Every output is `Σ_k a[k] × w[k]` accumulated in order of `k` with fused
//! multiply-adds, on every CPU, so the AVX-512 and AVX2 kernels and the
//! portable loop give the same bits.

/// Columns in one packed panel.
pub(crate) const PANEL: usize = 64;

/// 16 weights: one vector register.
#[repr(C, align(64))]
#[derive(Clone, Copy)]
pub(crate) struct Lane(pub(crate) [f32; 16]);

/// A `k` × `n` weight matrix in panels of 64 columns: for each panel, `k`
/// rows of 4 [`Lane`]s.
pub(crate) struct PackedF32 {
    pub(crate) k: usize,
    pub(crate) n: usize,
    pub(crate) lanes: Vec<Lane>,
}

impl PackedF32 {
    /// Packs row-major `weights` (`k` × `n`, `n` a multiple of 64).
    pub(crate) fn new(weights: &[f32], k: usize, n: usize) -> PackedF32 {
        assert_eq!(weights.len(), k * n, "weights are k × n");
        assert!(n.is_multiple_of(PANEL), "n is a multiple of 64");
        let mut lanes = Vec::with_capacity(k * n / 16);
        for panel in 0..n / PANEL {
            for row in weights.chunks_exact(n) {
                for v in 0..4 {
                    let at = panel * PANEL + v * 16;
                    let mut lane = [0.0f32; 16];
                    lane.copy_from_slice(&row[at..at + 16]);
                    lanes.push(Lane(lane));
                }
            }
        }
        PackedF32 { k, n, lanes }
    }

    /// Panel `panel`: `k` rows of 4 lanes.
    pub(crate) fn panel(&self, panel: usize) -> &[Lane] {
        &self.lanes[panel * self.k * 4..(panel + 1) * self.k * 4]
    }
}

/// `out = a · w` (`out += a · w` if `accumulate`) for `a` of rows of `k`
/// values; row `r` of the product is `out[r × ldo..][..n]`.
pub(crate) fn matmul(a: &[f32], w: &PackedF32, accumulate: bool, out: &mut [f32], ldo: usize) {
    let m = a.len() / w.k.max(1);
    assert_eq!(a.len(), m * w.k, "a has rows of k values");
    assert!(ldo >= w.n, "output rows hold n values");
    if m == 0 {
        return;
    }
    assert!(
        out.len() >= (m - 1) * ldo + w.n,
        "out has m rows of stride ldo"
    );
    crate::simd::matmul_f32(a, w, accumulate, out, ldo);
}

pub(crate) fn matmul_portable(
    a: &[f32],
    w: &PackedF32,
    accumulate: bool,
    out: &mut [f32],
    ldo: usize,
) {
    for (r, a_row) in a.chunks_exact(w.k).enumerate() {
        let out_row = &mut out[r * ldo..r * ldo + w.n];
        for panel in 0..w.n / PANEL {
            let lanes = w.panel(panel);
            let mut acc = [0.0f32; PANEL];
            for (&x, row) in a_row.iter().zip(lanes.chunks_exact(4)) {
                for (v, lane) in row.iter().enumerate() {
                    for (acc, &b) in acc[v * 16..v * 16 + 16].iter_mut().zip(&lane.0) {
                        *acc = x.mul_add(b, *acc);
                    }
                }
            }
            let dst = &mut out_row[panel * PANEL..(panel + 1) * PANEL];
            for (d, &s) in dst.iter_mut().zip(&acc) {
                *d = if accumulate { *d + s } else { s };
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn packed_products_match_plain_ones_and_every_kernel_agrees() {
        let (m, k, n) = (13, 40, 128);
        let a: Vec<f32> = (0..m * k)
            .map(|i| ((i * 7919) % 113) as f32 / 56.0 - 1.0)
            .collect();
        let w: Vec<f32> = (0..k * n)
            .map(|i| ((i * 104_729) % 97) as f32 / 48.0 - 1.0)
            .collect();
        let packed = PackedF32::new(&w, k, n);
        // rows of a wider matrix: the columns past `n` stay as they were
        let ldo = n + 24;
        let mut portable = vec![0.5f32; (m - 1) * ldo + n];
        matmul_portable(&a, &packed, true, &mut portable, ldo);
        crate::simd::for_each_tier(|tier| {
            let mut fast = vec![0.5f32; (m - 1) * ldo + n];
            matmul(&a, &packed, true, &mut fast, ldo);
            assert_eq!(fast, portable, "{tier:?}");
        });
        for r in 0..m - 1 {
            assert!(portable[r * ldo + n..(r + 1) * ldo]
                .iter()
                .all(|&v| v == 0.5));
        }
        for r in 0..m {
            for c in 0..n {
                let exact: f64 = (0..k)
                    .map(|i| f64::from(a[r * k + i]) * f64::from(w[i * n + c]))
                    .sum();
                assert!((f64::from(portable[r * ldo + c]) - 0.5 - exact).abs() < 1e-4);
            }
        }
    }
}
