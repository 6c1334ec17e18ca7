//! Code paths chosen at run time by CPU: the AVX-512 VNNI int8 kernel
//! (`vpdpbusd`: 64 byte products per instruction, four times the
//! multiply-adds of an f32 FMA), and AVX-512 builds of the row-wise loops
//! around the matrix products, which would otherwise be compiled for the
//! x86-64 baseline (SSE2). Every path computes the same values in the same
//! order, so results do not depend on the CPU.
//!
//! The only unsafe code of the crate: SIMD loads and stores, whose bounds
//! are checked on slices just before, and calls into functions compiled for
//! features [`avx512`] has confirmed.
#![allow(unsafe_code)]

use crate::dense::PackedF32;
use crate::int8::{Input, QMatrix};

/// Set to run the portable code even where the CPU has AVX-512.
static PORTABLE_ONLY: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// Runs the portable code paths only (`true`) or the fastest the CPU has
/// (`false`, the default), for the whole process. Both give the same
/// results; this is for checking that they do.
pub fn use_portable_code(portable: bool) {
    PORTABLE_ONLY.store(portable, std::sync::atomic::Ordering::Relaxed);
}

/// Whether the AVX-512 code runs: the CPU has it ([`cpu_has_avx512`]) and
/// the portable code is not asked for.
pub(crate) fn avx512() -> bool {
    !PORTABLE_ONLY.load(std::sync::atomic::Ordering::Relaxed) && cpu_has_avx512()
}

/// Whether this CPU has AVX-512 with VNNI (checked once, then cached by std).
pub(crate) fn cpu_has_avx512() -> bool {
    #[cfg(target_arch = "x86_64")]
    {
        std::arch::is_x86_feature_detected!("avx512f")
            && std::arch::is_x86_feature_detected!("avx512bw")
            && std::arch::is_x86_feature_detected!("avx512vnni")
    }
    #[cfg(not(target_arch = "x86_64"))]
    {
        false
    }
}

/// Defines each `fn name(args)` to run `plain(args)` — an `#[inline(always)]`
/// function — compiled for AVX-512 when the CPU has it, as is otherwise.
macro_rules! dispatch {
    ($($(#[$doc:meta])* fn $name:ident($($arg:ident: $ty:ty),*) => $plain:path;)*) => {$(
        $(#[$doc])*
        pub(crate) fn $name($($arg: $ty),*) {
            #[cfg(target_arch = "x86_64")]
            if avx512() {
                #[target_feature(enable = "avx512f,avx512bw,avx512vnni")]
                fn fast($($arg: $ty),*) {
                    $plain($($arg),*)
                }
                // SAFETY: the CPU has the features `fast` is compiled for.
                return unsafe { fast($($arg),*) };
            }
            $plain($($arg),*)
        }
    )*};
}

dispatch! {
    /// See [`crate::int8::quantize_rows`].
    fn quantize_rows(src: &[f32], ld: usize, col: usize, width: usize, zero: u8, data: &mut [u8], scale: &mut [f32])
        => crate::int8::quantize_rows;
    /// See [`crate::usem3::layernorm_rows`].
    fn layernorm(matrix: &mut [f32], gamma: &[f32], beta: &[f32], eps: f32)
        => crate::usem3::layernorm_rows;
    /// See [`crate::usem3::dequantize_rows`].
    fn dequantize(codes: &[u8], scale: &[f32], lo: &[f32], feats: &mut [f32])
        => crate::usem3::dequantize_rows;
    /// See [`crate::usem3::layernorm_sum_rows`].
    fn layernorm_sum(rows: &[f32], gamma: &[f32], beta: &[f32], eps: f32, sum: &mut [f32])
        => crate::usem3::layernorm_sum_rows;
    /// See [`crate::usem3::tanh_values`].
    fn tanh(values: &mut [f32]) => crate::usem3::tanh_values;
    /// See [`crate::usem3::relu_residual_rows`].
    fn relu_residual(out: &mut [f32], ld_out: usize, bias: &[f32], residual: &[f32], ld_res: usize)
        => crate::usem3::relu_residual_rows;
}

/// The int8 product of [`crate::int8::matmul`] with `vpdpbusd`, if the CPU
/// has it; `false` if not. The caller has checked the bounds of every row
/// `windows` names and the size of `out`.
pub(crate) fn matmul_i8(input: &Input<'_>, w: &QMatrix, out: &mut [f32], ldo: usize) -> bool {
    #[cfg(target_arch = "x86_64")]
    if avx512() {
        // SAFETY: the CPU has the features `vnni::matmul` is compiled for.
        unsafe { vnni::matmul(input, w, out, ldo) };
        return true;
    }
    let _ = (input, w, out, ldo);
    false
}

/// The f32 product of [`crate::dense::matmul`] with AVX-512, if the CPU has
/// it; `false` if not. The caller has checked the sizes.
pub(crate) fn matmul_f32(a: &[f32], w: &PackedF32, accumulate: bool, out: &mut [f32]) -> bool {
    #[cfg(target_arch = "x86_64")]
    if avx512() {
        // SAFETY: the CPU has the features `fma::matmul` is compiled for.
        unsafe { fma::matmul(a, w, accumulate, out) };
        return true;
    }
    let _ = (a, w, accumulate, out);
    false
}

#[cfg(target_arch = "x86_64")]
mod fma {
    use std::arch::x86_64::*;

    use crate::dense::{PackedF32, PANEL};

    /// Rows computed together: 6 × 4 accumulators, as in the int8 kernel.
    const MR: usize = 6;

    #[target_feature(enable = "avx512f,avx512bw,avx512vnni")]
    pub(super) fn matmul(a: &[f32], w: &PackedF32, accumulate: bool, out: &mut [f32]) {
        let m = a.len() / w.k.max(1);
        for panel in 0..w.n / PANEL {
            let mut t = 0;
            while t < m {
                let rows = (m - t).min(MR);
                match rows {
                    6 => tile::<6>(a, w, panel, t, accumulate, out),
                    5 => tile::<5>(a, w, panel, t, accumulate, out),
                    4 => tile::<4>(a, w, panel, t, accumulate, out),
                    3 => tile::<3>(a, w, panel, t, accumulate, out),
                    2 => tile::<2>(a, w, panel, t, accumulate, out),
                    _ => tile::<1>(a, w, panel, t, accumulate, out),
                }
                t += rows;
            }
        }
    }

    #[inline]
    #[target_feature(enable = "avx512f,avx512bw,avx512vnni")]
    fn tile<const R: usize>(
        a: &[f32],
        w: &PackedF32,
        panel: usize,
        t0: usize,
        accumulate: bool,
        out: &mut [f32],
    ) {
        let k = w.k;
        let rows: [&[f32]; R] = std::array::from_fn(|r| &a[(t0 + r) * k..(t0 + r + 1) * k]);
        let lanes = w.panel(panel);
        assert_eq!(lanes.len(), k * 4);
        let mut acc = [[_mm512_setzero_ps(); 4]; R];
        let b = lanes.as_ptr();
        for kk in 0..k {
            // SAFETY: `lanes` holds `k` rows of 4 aligned 16-float lanes.
            let bv: [__m512; 4] =
                std::array::from_fn(|v| unsafe { _mm512_load_ps(b.add(kk * 4 + v).cast()) });
            for r in 0..R {
                let x = _mm512_set1_ps(rows[r][kk]);
                for v in 0..4 {
                    acc[r][v] = _mm512_fmadd_ps(x, bv[v], acc[r][v]);
                }
            }
        }
        for r in 0..R {
            let dst = &mut out[(t0 + r) * w.n + panel * PANEL..][..PANEL];
            for v in 0..4 {
                let d = &mut dst[v * 16..v * 16 + 16];
                // SAFETY: `d` is a slice of 16 floats.
                unsafe {
                    let value = if accumulate {
                        _mm512_add_ps(_mm512_loadu_ps(d.as_ptr()), acc[r][v])
                    } else {
                        acc[r][v]
                    };
                    _mm512_storeu_ps(d.as_mut_ptr(), value);
                }
            }
        }
    }
}

#[cfg(target_arch = "x86_64")]
mod vnni {
    use std::arch::x86_64::*;

    use crate::int8::{Block, Input, QMatrix, PANEL};

    /// Rows of output computed together: 6 rows × 4 vectors = 24
    /// accumulators, plus 4 weight vectors and a broadcast, in the 32 vector
    /// registers.
    const MR: usize = 6;

    #[target_feature(enable = "avx512f,avx512bw,avx512vnni")]
    pub(super) fn matmul(input: &Input<'_>, w: &QMatrix, out: &mut [f32], ldo: usize) {
        let segs = w.segments;
        let m = input.windows.len() / segs;
        for panel in 0..w.n / PANEL {
            let blocks = w.panel(panel);
            let mut t = 0;
            while t < m {
                let left = m - t;
                match left {
                    _ if left >= MR => tile::<MR>(input, w, blocks, panel, t, out, ldo),
                    5 => tile::<5>(input, w, blocks, panel, t, out, ldo),
                    4 => tile::<4>(input, w, blocks, panel, t, out, ldo),
                    3 => tile::<3>(input, w, blocks, panel, t, out, ldo),
                    2 => tile::<2>(input, w, blocks, panel, t, out, ldo),
                    _ => tile::<1>(input, w, blocks, panel, t, out, ldo),
                }
                t += left.min(MR);
            }
        }
    }

    /// Output rows `t0..t0 + R`, columns of `panel`.
    #[inline]
    #[target_feature(enable = "avx512f,avx512bw,avx512vnni")]
    fn tile<const R: usize>(
        input: &Input<'_>,
        w: &QMatrix,
        blocks: &[Block],
        panel: usize,
        t0: usize,
        out: &mut [f32],
        ldo: usize,
    ) {
        let (rows, windows, zero) = (input, input.windows, input.zero);
        let segs = w.segments;
        let width = w.width();
        let groups = width / 4;
        let col0 = panel * PANEL;
        for j in 0..segs {
            let a: [*const u8; R] = std::array::from_fn(|r| {
                let row = windows[(t0 + r) * segs + j] as usize;
                rows.data[row * rows.stride..][..width].as_ptr()
            });
            let b = blocks[j * groups * 4..][..groups * 4].as_ptr();
            let mut acc = [[_mm512_setzero_si512(); 4]; R];
            for g in 0..groups {
                // SAFETY: `b` holds `groups` × 4 blocks of 64 aligned bytes,
                // and each row of `a` `width` = 4 × `groups` bytes.
                unsafe {
                    let bg = b.add(g * 4).cast::<__m512i>();
                    let bv: [__m512i; 4] = std::array::from_fn(|v| _mm512_load_si512(bg.add(v)));
                    for r in 0..R {
                        let word = a[r].add(g * 4).cast::<i32>().read_unaligned();
                        let av = _mm512_set1_epi32(word);
                        for v in 0..4 {
                            acc[r][v] = _mm512_dpbusd_epi32(acc[r][v], av, bv[v]);
                        }
                    }
                }
            }
            let sums = &w.col_sums[j * w.n + col0..][..PANEL];
            let last = j + 1 == segs;
            for r in 0..R {
                let row = windows[(t0 + r) * segs + j] as usize;
                let s = _mm512_set1_ps(rows.scale[row]);
                let dst = &mut out[(t0 + r) * ldo + col0..][..PANEL];
                for v in 0..4 {
                    let d = &mut dst[v * 16..v * 16 + 16];
                    let sum = &sums[v * 16..v * 16 + 16];
                    let scale = &w.scale[col0 + v * 16..][..16];
                    // SAFETY: `d`, `sum` and `scale` are slices of 16 values.
                    unsafe {
                        let correction = _mm512_mullo_epi32(
                            _mm512_set1_epi32(zero),
                            _mm512_loadu_si512(sum.as_ptr().cast()),
                        );
                        let exact = _mm512_cvtepi32_ps(_mm512_sub_epi32(acc[r][v], correction));
                        let mut value = _mm512_mul_ps(s, exact);
                        if j > 0 {
                            value = _mm512_add_ps(_mm512_loadu_ps(d.as_ptr()), value);
                        }
                        if last {
                            value = _mm512_mul_ps(value, _mm512_loadu_ps(scale.as_ptr()));
                        }
                        _mm512_storeu_ps(d.as_mut_ptr(), value);
                    }
                }
            }
        }
    }
}
