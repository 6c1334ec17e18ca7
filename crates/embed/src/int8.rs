//! Int8 matrix products for the model's token layers.
//!
//! Weights are stored as signed bytes with one scale per output column;
//! activations as unsigned bytes, one scale per row of 256 values (a value
//! `v` is stored as `round(v / scale) + 128`). Products are summed exactly in
//! 32-bit integers and scaled back to f32, so every kernel — AVX-512 VNNI,
//! AVX-VNNI or the portable loop — gives bit-identical results.
//!
//! A layer's input row is made of `segments` rows of the quantized input,
//! picked by index (the n-gram window of a convolution), so windows are
//! never copied: the kernels read the rows in place.

/// Columns in one packed panel of a weight matrix.
pub(crate) const PANEL: usize = 64;
/// Offset of an unsigned byte activation: stored value = quantized + 128.
pub(crate) const ZERO: i32 = 128;

/// 64 weight bytes: 16 columns × 4 consecutive input values, the operand of
/// one VNNI instruction.
#[repr(C, align(64))]
#[derive(Clone, Copy)]
pub(crate) struct Block(pub(crate) [i8; 64]);

/// A weight matrix (`k` × `n`, `k` = `segments` × `width`) quantized per
/// output column and packed in panels of 64 columns.
pub(crate) struct QMatrix {
    pub(crate) k: usize,
    pub(crate) n: usize,
    pub(crate) segments: usize,
    /// Panel after panel; inside a panel, `k / 4` groups of 4 blocks
    /// (columns 0–15, 16–31, 32–47, 48–63 of the panel).
    packed: Vec<Block>,
    /// Per column: f32 weight = scale × i8 weight.
    pub(crate) scale: Vec<f32>,
    /// Per segment and column: the sum of the column's i8 weights in that
    /// segment (corrects for the +128 offset of activations).
    pub(crate) col_sums: Vec<i32>,
}

impl QMatrix {
    /// Quantizes row-major `weights` (`k` × `n`) whose input is made of
    /// `segments` rows of equal width.
    pub(crate) fn new(weights: &[f32], k: usize, n: usize, segments: usize) -> QMatrix {
        assert_eq!(weights.len(), k * n, "weights are k × n");
        assert!(n.is_multiple_of(PANEL) && segments > 0 && k.is_multiple_of(4 * segments));
        let width = k / segments;
        let mut max = vec![0.0f32; n];
        for row in weights.chunks_exact(n) {
            for (m, &v) in max.iter_mut().zip(row) {
                *m = m.max(v.abs());
            }
        }
        let scale: Vec<f32> = max
            .iter()
            .map(|&m| if m > 0.0 { m / 127.0 } else { 1.0 })
            .collect();
        let inv: Vec<f32> = scale.iter().map(|&s| 1.0 / s).collect();
        let mut q = vec![0i8; k * n];
        let mut col_sums = vec![0i32; segments * n];
        for (r, (row, q_row)) in weights
            .chunks_exact(n)
            .zip(q.chunks_exact_mut(n))
            .enumerate()
        {
            let sums = &mut col_sums[r / width * n..][..n];
            for (((d, &v), &inv), sum) in q_row.iter_mut().zip(row).zip(&inv).zip(sums) {
                *d = round_to_i32(v * inv).clamp(-127, 127) as i8;
                *sum += i32::from(*d);
            }
        }
        let mut packed = Vec::with_capacity(k * n / 64);
        for panel in 0..n / PANEL {
            for group in 0..k / 4 {
                for vector in 0..4 {
                    let mut block = [0i8; 64];
                    let c0 = panel * PANEL + vector * 16;
                    for t in 0..4 {
                        let src = &q[(group * 4 + t) * n + c0..][..16];
                        for (lane, &v) in src.iter().enumerate() {
                            block[lane * 4 + t] = v;
                        }
                    }
                    packed.push(Block(block));
                }
            }
        }
        QMatrix {
            k,
            n,
            segments,
            packed,
            scale,
            col_sums,
        }
    }

    pub(crate) fn width(&self) -> usize {
        self.k / self.segments
    }

    pub(crate) fn panel(&self, panel: usize) -> &[Block] {
        // k / 4 groups of 4 blocks
        &self.packed[panel * self.k..(panel + 1) * self.k]
    }
}

/// A product's input: quantized rows (row `i` is `data[i * stride..]
/// [..width]`, worth `scale[i]` per unit above `zero`) and, for each output
/// row, the rows its segments read (`windows`, `segments` a row).
pub(crate) struct Input<'a> {
    pub(crate) data: &'a [u8],
    pub(crate) stride: usize,
    pub(crate) scale: &'a [f32],
    /// The stored value of 0: [`ZERO`] for quantized activations, or a code
    /// subtracted from raw codes.
    pub(crate) zero: i32,
    pub(crate) windows: &'a [u32],
}

/// `out[t][c] = Σ_j scale(row) × w.scale[c] × Σ_k (a − zero) × w` for each
/// output row `t`, where segment `j` of its input is row `windows[t ×
/// segments + j]` of the input. `out` has row stride `ldo`; its first `n`
/// columns of `w` are written.
pub(crate) fn matmul(input: &Input<'_>, w: &QMatrix, out: &mut [f32], ldo: usize) {
    let windows = input.windows;
    let m = windows.len() / w.segments;
    assert_eq!(windows.len(), m * w.segments, "one row index per segment");
    if m == 0 {
        return;
    }
    assert!(out.len() >= (m - 1) * ldo + w.n, "output too small");
    let width = w.width();
    for &i in windows {
        let i = i as usize;
        assert!(i < input.scale.len() && i * input.stride + width <= input.data.len());
    }
    crate::simd::matmul_i8(input, w, out, ldo);
}

#[inline(always)]
pub(crate) fn matmul_portable(input: &Input<'_>, w: &QMatrix, out: &mut [f32], ldo: usize) {
    let (rows, windows, zero) = (input, input.windows, input.zero);
    let segs = w.segments;
    let width = w.width();
    let groups = width / 4;
    for (t, window) in windows.chunks_exact(segs).enumerate() {
        for panel in 0..w.n / PANEL {
            let blocks = w.panel(panel);
            let cols = panel * PANEL..(panel + 1) * PANEL;
            let dst = &mut out[t * ldo + cols.start..t * ldo + cols.end];
            for (j, &row) in window.iter().enumerate() {
                let row = row as usize;
                let a = &rows.data[row * rows.stride..][..width];
                let mut acc = [0i32; PANEL];
                for (g, a4) in a.chunks_exact(4).enumerate() {
                    let group = &blocks[(j * groups + g) * 4..][..4];
                    for (v, block) in group.iter().enumerate() {
                        for lane in 0..16 {
                            let b4 = &block.0[lane * 4..lane * 4 + 4];
                            let dot: i32 = a4
                                .iter()
                                .zip(b4)
                                .map(|(&a, &b)| i32::from(a) * i32::from(b))
                                .sum();
                            acc[v * 16 + lane] += dot;
                        }
                    }
                }
                let sums = &w.col_sums[j * w.n + cols.start..j * w.n + cols.end];
                let s = rows.scale[row];
                for ((d, &a), &sum) in dst.iter_mut().zip(&acc).zip(sums) {
                    let v = s * (a - zero * sum) as f32;
                    *d = if j == 0 { v } else { *d + v };
                }
            }
            for (d, &sc) in dst.iter_mut().zip(&w.scale[cols]) {
                *d *= sc;
            }
        }
    }
}

/// Quantizes each `width`-value row of `src` (row stride `ld`, starting at
/// column `col`) into `data` (row stride `width`) with its scale in `scale`:
/// -127…127, stored plus [`ZERO`].
pub(crate) fn quantize(
    src: &[f32],
    ld: usize,
    col: usize,
    width: usize,
    data: &mut Vec<u8>,
    scale: &mut Vec<f32>,
) {
    let m = if src.is_empty() { 0 } else { src.len() / ld };
    data.resize(m * width, 0);
    scale.resize(m, 0.0);
    crate::simd::quantize_rows(src, ld, col, width, data, scale);
}

/// What [`quantize`] does to each row (the plain build; see [`crate::simd`]).
#[inline(always)]
pub(crate) fn quantize_rows(
    src: &[f32],
    ld: usize,
    col: usize,
    width: usize,
    data: &mut [u8],
    scale: &mut [f32],
) {
    let levels = 127.0;
    for ((row, dst), s) in src
        .chunks(ld)
        .zip(data.chunks_exact_mut(width))
        .zip(scale.iter_mut())
    {
        let row = &row[col..col + width];
        let max = max_abs(row);
        *s = max / levels;
        let inv = if max > 0.0 { levels / max } else { 0.0 };
        for (d, &v) in dst.iter_mut().zip(row) {
            *d = round_to_byte(v * inv).wrapping_add(ZERO as u8);
        }
    }
}

/// The largest absolute value in `values`, in 16 lanes (vectorizes).
#[inline(always)]
fn max_abs(values: &[f32]) -> f32 {
    let mut lanes = [0.0f32; 16];
    let mut chunks = values.chunks_exact(16);
    for chunk in &mut chunks {
        for (m, &v) in lanes.iter_mut().zip(chunk) {
            let v = v.abs();
            *m = if v > *m { v } else { *m };
        }
    }
    for &v in chunks.remainder() {
        lanes[0] = lanes[0].max(v.abs());
    }
    lanes.iter().fold(0.0, |m, &v| m.max(v))
}

/// `v` rounded to the nearest integer, ties to even, for |v| < 2^22: the
/// float addition rounds away the fraction. Unlike `round_ties_even`, this
/// vectorizes (no call to `rintf`).
#[inline(always)]
fn round_to_i32(v: f32) -> i32 {
    const SHIFT: f32 = 12_582_912.0; // 1.5 × 2^23
    ((v + SHIFT) - SHIFT) as i32
}

/// [`round_to_i32`] for |v| ≤ 127, as the low byte of its two's
/// complement: the rounded integer sits in the low bits of `v + 1.5 × 2^23`.
/// A bit cast instead of a float-to-int conversion, so it vectorizes.
#[inline(always)]
fn round_to_byte(v: f32) -> u8 {
    const SHIFT: f32 = 12_582_912.0;
    (v + SHIFT).to_bits() as u8
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A deterministic spread of values in [-1, 1).
    fn values(n: usize, seed: u32) -> Vec<f32> {
        let mut x = seed.wrapping_mul(2_654_435_761).wrapping_add(1);
        (0..n)
            .map(|_| {
                x ^= x << 13;
                x ^= x >> 17;
                x ^= x << 5;
                (x >> 8) as f32 / (1 << 23) as f32 - 1.0
            })
            .collect()
    }

    /// The int8 product against the f32 product of the same windows, and the
    /// SIMD kernel against the portable one.
    #[test]
    fn int8_products_match_f32_and_every_kernel_agrees() {
        let (width, segments, n) = (256, 3, 128);
        let k = width * segments;
        let w = values(k * n, 7);
        let q = QMatrix::new(&w, k, n, segments);
        let n_rows = 11;
        let src = values(n_rows * width, 3);
        let (mut data, mut scale) = (Vec::new(), Vec::new());
        quantize(&src, width, 0, width, &mut data, &mut scale);
        // A zero row for windows that fall outside a text.
        data.extend(std::iter::repeat_n(ZERO as u8, width));
        scale.push(0.0);
        let zero_row = n_rows as u32;
        let m = 9;
        let windows: Vec<u32> = (0..m * segments)
            .map(|i| {
                let (t, j) = (i / segments, i % segments);
                if t + j >= n_rows {
                    zero_row
                } else {
                    (t + j) as u32
                }
            })
            .collect();
        let input = Input {
            data: &data,
            stride: width,
            scale: &scale,
            zero: ZERO,
            windows: &windows,
        };
        let mut portable = vec![0.0f32; m * n];
        matmul_portable(&input, &q, &mut portable, n);
        crate::simd::for_each_tier(|tier| {
            let mut fast = vec![f32::NAN; m * n];
            matmul(&input, &q, &mut fast, n);
            assert_eq!(fast, portable, "{tier:?}");
        });

        // Errors: about 0.6% of the products' spread (two 8-bit roundings
        // summed over 768 terms); nothing far off.
        let (mut err_sq, mut val_sq, mut worst) = (0.0f64, 0.0f64, 0.0f64);
        for t in 0..m {
            for c in 0..n {
                let mut exact = 0.0f64;
                for j in 0..segments {
                    if t + j < n_rows {
                        for i in 0..width {
                            exact += f64::from(src[(t + j) * width + i])
                                * f64::from(w[(j * width + i) * n + c]);
                        }
                    }
                }
                let err = f64::from(portable[t * n + c]) - exact;
                err_sq += err * err;
                val_sq += exact * exact;
                worst = worst.max(err.abs());
            }
        }
        let rms = (val_sq / (m * n) as f64).sqrt();
        let rel = (err_sq / val_sq).sqrt();
        assert!(rel < 0.01, "relative error {rel}");
        assert!(worst < 0.05 * rms, "worst error {worst}, values' rms {rms}");
    }

    #[test]
    fn rounding_is_to_nearest_even() {
        for v in [
            -127.0f32, -2.5, -1.5, -0.5, -0.49, 0.0, 0.5, 1.5, 2.5, 63.5, 126.6, 127.0,
        ] {
            assert_eq!(round_to_i32(v), v.round_ties_even() as i32, "{v}");
            assert_eq!(round_to_byte(v), v.round_ties_even() as i8 as u8, "{v}");
        }
    }

    #[test]
    fn quantized_rows_keep_their_extremes() {
        let src = [0.5f32, -1.0, 0.25, 0.0, 0.0, 0.0, 0.0, 0.0];
        let (mut data, mut scale) = (Vec::new(), Vec::new());
        quantize(&src, 4, 0, 4, &mut data, &mut scale);
        assert_eq!(data, [192, 1, 160, 128, 128, 128, 128, 128]);
        assert_eq!(scale, [1.0 / 127.0, 0.0]);
    }
}
