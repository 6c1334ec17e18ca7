//! Code paths chosen at run time by CPU, in tiers ([`Simd`]):
//!
//! - AVX-512 with VNNI (Zen 4 and later, Intel server and Ice/Tiger Lake):
//!   the int8 kernel on `vpdpbusd` over 512 bits (64 byte products per
//!   instruction, four times the multiply-adds of an f32 FMA), the f32
//!   kernel over 512 bits, and AVX-512 builds of the row loops;
//! - AVX-VNNI (Intel Alder Lake and later, most laptops since 2021, which
//!   have no AVX-512): the same int8 kernel over 256 bits, the f32 kernel
//!   over 256 bits, and AVX2 builds of the row loops;
//! - AVX2 with FMA: the f32 kernel over 256 bits and AVX2 builds of the rest
//!   (int8 there is the portable loop, slower than f32);
//! - anything else: the portable code, compiled for the x86-64 baseline.
//!
//! Each kernel is written once ([`int8_kernel`], [`f32_kernel`]) and built
//! for both register widths.
//!
//! Every tier computes the same values in the same order, so results do not
//! depend on the CPU (the tests run each tier this CPU has against the
//! portable code).
//!
//! The only unsafe code of the crate: SIMD loads and stores, whose bounds
//! are checked on slices just before, and calls into functions compiled for
//! features [`active`] has confirmed.
#![allow(unsafe_code)]

use crate::dense::PackedF32;
use crate::int8::{Input, QMatrix};

/// A tier of code paths, slowest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Simd {
    /// The x86-64 baseline (or another architecture).
    Portable = 0,
    /// AVX2 and FMA.
    Avx2 = 1,
    /// AVX2, FMA and AVX-VNNI (256-bit `vpdpbusd`).
    AvxVnni = 2,
    /// AVX-512 F, BW and VNNI.
    Avx512 = 3,
}

/// The tier that runs, as a `Simd` value; `UNSET` until first asked for
/// (then the CPU's fastest) or capped by [`limit_simd`]. Asked for at every
/// dispatched call, so it is found once, not at each.
static ACTIVE: std::sync::atomic::AtomicU8 = std::sync::atomic::AtomicU8::new(UNSET);
const UNSET: u8 = u8::MAX;

/// Runs no tier above `limit` for the whole process (the default allows
/// them all): lowered to check that every tier gives the same results, or
/// to time a smaller CPU's paths on this one.
pub fn limit_simd(limit: Simd) {
    let tier = fastest_up_to(limit);
    ACTIVE.store(tier as u8, std::sync::atomic::Ordering::Relaxed);
}

/// Every tier, fastest first.
const TIERS: [Simd; 4] = [Simd::Avx512, Simd::AvxVnni, Simd::Avx2, Simd::Portable];

/// The tier that runs: the fastest this CPU has ([`cpu_has`]) at or below
/// [`limit_simd`]'s.
pub fn active() -> Simd {
    match ACTIVE.load(std::sync::atomic::Ordering::Relaxed) {
        UNSET => {
            let tier = cpu_simd();
            ACTIVE.store(tier as u8, std::sync::atomic::Ordering::Relaxed);
            tier
        }
        level => TIERS
            .into_iter()
            .find(|&tier| tier as u8 == level)
            .unwrap_or(Simd::Portable),
    }
}

/// The fastest tier this CPU has at or below `limit`.
fn fastest_up_to(limit: Simd) -> Simd {
    TIERS
        .into_iter()
        .find(|&tier| tier <= limit && cpu_has(tier))
        .unwrap_or(Simd::Portable)
}

/// The fastest tier this CPU has.
pub fn cpu_simd() -> Simd {
    fastest_up_to(Simd::Avx512)
}

/// Whether this CPU has the features of `tier` (checked once, then cached by
/// std). The tiers do not nest: some CPUs with AVX-512 VNNI (Ice Lake,
/// Zen 4) lack AVX-VNNI.
pub fn cpu_has(tier: Simd) -> bool {
    #[cfg(target_arch = "x86_64")]
    {
        use std::arch::is_x86_feature_detected as has;
        match tier {
            Simd::Portable => true,
            Simd::Avx2 => has!("avx2") && has!("fma"),
            Simd::AvxVnni => has!("avx2") && has!("fma") && has!("avxvnni"),
            Simd::Avx512 => has!("avx512f") && has!("avx512bw") && has!("avx512vnni"),
        }
    }
    #[cfg(not(target_arch = "x86_64"))]
    {
        tier == Simd::Portable
    }
}

/// Runs `f` once under each tier above the portable one this CPU has,
/// the tier active during the call (one test at a time: the limit is
/// process-wide).
#[cfg(test)]
pub(crate) fn for_each_tier(mut f: impl FnMut(Simd)) {
    static ONE_AT_A_TIME: std::sync::Mutex<()> = std::sync::Mutex::new(());
    let _guard = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    for tier in [Simd::Avx2, Simd::AvxVnni, Simd::Avx512] {
        if cpu_has(tier) {
            limit_simd(tier);
            assert_eq!(active(), tier);
            f(tier);
        }
    }
    limit_simd(Simd::Avx512);
}

/// Defines each `fn name(args)` to run `plain(args)` — an `#[inline(always)]`
/// function — compiled for AVX-512 or AVX2 when the CPU has it, as is
/// otherwise.
macro_rules! dispatch {
    ($($(#[$doc:meta])* fn $name:ident($($arg:ident: $ty:ty),*) => $plain:path;)*) => {$(
        $(#[$doc])*
        pub(crate) fn $name($($arg: $ty),*) {
            #[cfg(target_arch = "x86_64")]
            match active() {
                Simd::Avx512 => {
                    #[target_feature(enable = "avx512f,avx512bw,avx512vnni")]
                    fn fast($($arg: $ty),*) {
                        $plain($($arg),*)
                    }
                    // SAFETY: the CPU has the features `fast` is compiled for.
                    return unsafe { fast($($arg),*) };
                }
                Simd::AvxVnni | Simd::Avx2 => {
                    #[target_feature(enable = "avx2,fma")]
                    fn fast($($arg: $ty),*) {
                        $plain($($arg),*)
                    }
                    // SAFETY: the CPU has the features `fast` is compiled for.
                    return unsafe { fast($($arg),*) };
                }
                Simd::Portable => {}
            }
            $plain($($arg),*)
        }
    )*};
}

dispatch! {
    /// See [`crate::int8::quantize_rows`].
    fn quantize_rows(src: &[f32], ld: usize, col: usize, width: usize, data: &mut [u8], scale: &mut [f32])
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

/// The int8 product of [`crate::int8::matmul`] with `vpdpbusd` (512 or 256
/// bits), or the portable loop compiled for AVX2. The caller has checked
/// the bounds of every row `windows` names and the size of `out`.
pub(crate) fn matmul_i8(input: &Input<'_>, w: &QMatrix, out: &mut [f32], ldo: usize) {
    #[cfg(target_arch = "x86_64")]
    match active() {
        // SAFETY (each arm): the CPU has the features the function called is
        // compiled for.
        Simd::Avx512 => return unsafe { vnni::matmul(input, w, out, ldo) },
        Simd::AvxVnni => return unsafe { avx_vnni::matmul(input, w, out, ldo) },
        Simd::Avx2 => {
            #[target_feature(enable = "avx2,fma")]
            fn fast(input: &Input<'_>, w: &QMatrix, out: &mut [f32], ldo: usize) {
                crate::int8::matmul_portable(input, w, out, ldo)
            }
            return unsafe { fast(input, w, out, ldo) };
        }
        Simd::Portable => {}
    }
    crate::int8::matmul_portable(input, w, out, ldo)
}

/// The f32 product of [`crate::dense::matmul`] with AVX-512, or with AVX2
/// and FMA. The caller has checked the sizes.
pub(crate) fn matmul_f32(a: &[f32], w: &PackedF32, accumulate: bool, out: &mut [f32], ldo: usize) {
    #[cfg(target_arch = "x86_64")]
    match active() {
        // SAFETY (each arm): the CPU has the features the function called is
        // compiled for.
        Simd::Avx512 => return unsafe { fma::matmul(a, w, accumulate, out, ldo) },
        Simd::AvxVnni | Simd::Avx2 => return unsafe { fma256::matmul(a, w, accumulate, out, ldo) },
        Simd::Portable => {}
    }
    crate::dense::matmul_portable(a, w, accumulate, out, ldo)
}

/// Runs a kernel's `tile::<R>` over output rows `0..m`, `MR` rows at a time
/// and the rest in one smaller tile; `at(t)` gives a tile's other arguments.
macro_rules! row_tiles {
    ($m:expr, $at:expr, $out:expr, $ldo:expr) => {{
        let mut t = 0;
        while t < $m {
            let left = $m - t;
            let at = $at(t);
            match left {
                _ if left >= MR => tile::<MR>(at, $out, $ldo),
                5 => tile::<5>(at, $out, $ldo),
                4 => tile::<4>(at, $out, $ldo),
                3 => tile::<3>(at, $out, $ldo),
                2 => tile::<2>(at, $out, $ldo),
                _ => tile::<1>(at, $out, $ldo),
            }
            t += left.min(MR);
        }
    }};
}

/// An int8 kernel module over `lanes`-lane registers: the products of
/// [`crate::int8::matmul`], `rows` output rows × 4 registers of columns a
/// tile. A 64-byte block of 16 columns × 4 inputs is one 512-bit register or
/// two 256-bit ones, so a 64-column panel takes one pass or two.
macro_rules! int8_kernel {
    (
        $(#[$doc:meta])*
        mod $name:ident: features $features:literal, lanes $lanes:literal, rows $mr:literal,
        $vi:ident, $setzero:ident, $load:ident, $loadu:ident, $set1:ident,
        $dot:ident, $mullo:ident, $sub:ident, $cvt:ident, $set1_ps:ident, $mul_ps:ident,
        $add_ps:ident, $loadu_ps:ident, $storeu_ps:ident
    ) => {
        $(#[$doc])*
        #[cfg(target_arch = "x86_64")]
        mod $name {
            use std::arch::x86_64::*;

            use crate::int8::{Block, Input, QMatrix, PANEL};

            /// Output rows computed together.
            const MR: usize = $mr;
            /// Columns one register holds.
            const LANES: usize = $lanes;
            /// Columns a pass covers: four registers.
            const PASS: usize = 4 * LANES;

            #[target_feature(enable = $features)]
            pub(in crate::simd) fn matmul(
                input: &Input<'_>,
                w: &QMatrix,
                out: &mut [f32],
                ldo: usize,
            ) {
                let segs = w.segments;
                let m = input.windows.len() / segs;
                for panel in 0..w.n / PANEL {
                    let blocks = w.panel(panel);
                    for pass in 0..PANEL / PASS {
                        row_tiles!(m, |t| (input, w, blocks, panel, pass, t), out, ldo);
                    }
                }
            }

            /// Output rows `t0..t0 + R`, the columns of pass `pass` of `panel`.
            #[inline]
            #[target_feature(enable = $features)]
            fn tile<const R: usize>(
                (input, w, blocks, panel, pass, t0): (&Input<'_>, &QMatrix, &[Block], usize, usize, usize),
                out: &mut [f32],
                ldo: usize,
            ) {
                let (rows, windows, zero) = (input, input.windows, input.zero);
                let segs = w.segments;
                let width = w.width();
                let groups = width / 4;
                let col0 = panel * PANEL + pass * PASS;
                for j in 0..segs {
                    let a: [*const u8; R] = std::array::from_fn(|r| {
                        let row = windows[(t0 + r) * segs + j] as usize;
                        rows.data[row * rows.stride..][..width].as_ptr()
                    });
                    let b = blocks[j * groups * 4..][..groups * 4].as_ptr();
                    let mut acc = [[$setzero(); 4]; R];
                    for g in 0..groups {
                        // SAFETY: `b` holds `groups` × 4 blocks of 64 aligned
                        // bytes (this pass's registers are the 4 × LANES × 4
                        // bytes from `pass` × that), and each row of `a`
                        // `width` = 4 × `groups` bytes.
                        unsafe {
                            let bg = b.add(g * 4).cast::<$vi>().add(pass * 4);
                            let bv: [$vi; 4] = std::array::from_fn(|v| $load(bg.add(v)));
                            for r in 0..R {
                                let word = a[r].add(g * 4).cast::<i32>().read_unaligned();
                                let av = $set1(word);
                                for v in 0..4 {
                                    acc[r][v] = $dot(acc[r][v], av, bv[v]);
                                }
                            }
                        }
                    }
                    let sums = &w.col_sums[j * w.n + col0..][..PASS];
                    let last = j + 1 == segs;
                    for r in 0..R {
                        let row = windows[(t0 + r) * segs + j] as usize;
                        let s = $set1_ps(rows.scale[row]);
                        let dst = &mut out[(t0 + r) * ldo + col0..][..PASS];
                        for v in 0..4 {
                            let d = &mut dst[v * LANES..(v + 1) * LANES];
                            let sum = &sums[v * LANES..(v + 1) * LANES];
                            let scale = &w.scale[col0 + v * LANES..][..LANES];
                            // SAFETY: `d`, `sum` and `scale` are slices of
                            // LANES values.
                            unsafe {
                                let correction =
                                    $mullo($set1(zero), $loadu(sum.as_ptr().cast()));
                                let exact = $cvt($sub(acc[r][v], correction));
                                let mut value = $mul_ps(s, exact);
                                if j > 0 {
                                    value = $add_ps($loadu_ps(d.as_ptr()), value);
                                }
                                if last {
                                    value = $mul_ps(value, $loadu_ps(scale.as_ptr()));
                                }
                                $storeu_ps(d.as_mut_ptr(), value);
                            }
                        }
                    }
                }
            }
        }
    };
}

int8_kernel! {
    /// AVX-512 VNNI: 6 rows × 4 registers = 24 accumulators, plus 4 weight
    /// registers and a broadcast, in the 32 registers.
    mod vnni: features "avx512f,avx512bw,avx512vnni", lanes 16, rows 6,
    __m512i, _mm512_setzero_si512, _mm512_load_si512, _mm512_loadu_si512,
    _mm512_set1_epi32, _mm512_dpbusd_epi32, _mm512_mullo_epi32, _mm512_sub_epi32,
    _mm512_cvtepi32_ps, _mm512_set1_ps, _mm512_mul_ps, _mm512_add_ps, _mm512_loadu_ps,
    _mm512_storeu_ps
}

int8_kernel! {
    /// AVX-VNNI (256-bit `vpdpbusd`, for CPUs without AVX-512): 2 rows × 4
    /// accumulators, the 4 weight registers of a group and a broadcast in the
    /// 16 registers (3 rows spill, and run a third slower).
    mod avx_vnni: features "avx2,fma,avxvnni", lanes 8, rows 2,
    __m256i, _mm256_setzero_si256, _mm256_load_si256, _mm256_loadu_si256,
    _mm256_set1_epi32, _mm256_dpbusd_avx_epi32, _mm256_mullo_epi32, _mm256_sub_epi32,
    _mm256_cvtepi32_ps, _mm256_set1_ps, _mm256_mul_ps, _mm256_add_ps, _mm256_loadu_ps,
    _mm256_storeu_ps
}

/// An f32 kernel module over `lanes`-lane registers: the products of
/// [`crate::dense::matmul`], `rows` output rows × 4 registers of columns a
/// tile, one fused multiply-add per weight in order of `k` — the portable
/// loop's `mul_add`s, so the same bits. A packed lane of 16 weights is one
/// 512-bit register or two 256-bit ones, so a 64-column panel takes one pass
/// or two.
macro_rules! f32_kernel {
    (
        $(#[$doc:meta])*
        mod $name:ident: features $features:literal, lanes $lanes:literal, rows $mr:literal,
        $v:ident, $setzero:ident, $load:ident, $set1:ident, $fmadd:ident, $add:ident,
        $loadu:ident, $storeu:ident
    ) => {
        $(#[$doc])*
        #[cfg(target_arch = "x86_64")]
        mod $name {
            use std::arch::x86_64::*;

            use crate::dense::{PackedF32, PANEL};

            /// Output rows computed together.
            const MR: usize = $mr;
            /// Columns one register holds.
            const LANES: usize = $lanes;
            /// Columns a pass covers: four registers.
            const PASS: usize = 4 * LANES;

            #[target_feature(enable = $features)]
            pub(in crate::simd) fn matmul(
                a: &[f32],
                w: &PackedF32,
                accumulate: bool,
                out: &mut [f32],
                ldo: usize,
            ) {
                let m = a.len() / w.k.max(1);
                for panel in 0..w.n / PANEL {
                    for pass in 0..PANEL / PASS {
                        row_tiles!(m, |t| (a, w, panel, pass, t, accumulate), out, ldo);
                    }
                }
            }

            /// Output rows `t0..t0 + R`, the columns of pass `pass` of `panel`.
            #[inline]
            #[target_feature(enable = $features)]
            fn tile<const R: usize>(
                (a, w, panel, pass, t0, accumulate): (&[f32], &PackedF32, usize, usize, usize, bool),
                out: &mut [f32],
                ldo: usize,
            ) {
                let k = w.k;
                let rows: [&[f32]; R] =
                    std::array::from_fn(|r| &a[(t0 + r) * k..(t0 + r + 1) * k]);
                let lanes = w.panel(panel);
                assert_eq!(lanes.len(), k * 4);
                let mut acc = [[$setzero(); 4]; R];
                let b = lanes.as_ptr();
                for kk in 0..k {
                    // SAFETY: `lanes` holds `k` rows of 4 aligned 16-float
                    // lanes; this pass's registers are the 4 × LANES floats
                    // from `pass` × that in row `kk`.
                    let bv: [$v; 4] = std::array::from_fn(|v| unsafe {
                        $load(b.add(kk * 4).cast::<f32>().add((pass * 4 + v) * LANES))
                    });
                    for r in 0..R {
                        let x = $set1(rows[r][kk]);
                        for v in 0..4 {
                            acc[r][v] = $fmadd(x, bv[v], acc[r][v]);
                        }
                    }
                }
                for r in 0..R {
                    let dst = &mut out[(t0 + r) * ldo + panel * PANEL + pass * PASS..][..PASS];
                    for v in 0..4 {
                        let d = &mut dst[v * LANES..(v + 1) * LANES];
                        // SAFETY: `d` is a slice of LANES floats.
                        unsafe {
                            let value = if accumulate {
                                $add($loadu(d.as_ptr()), acc[r][v])
                            } else {
                                acc[r][v]
                            };
                            $storeu(d.as_mut_ptr(), value);
                        }
                    }
                }
            }
        }
    };
}

f32_kernel! {
    /// AVX-512: 6 rows × 4 accumulators, as in the int8 kernel.
    mod fma: features "avx512f,avx512bw,avx512vnni", lanes 16, rows 6,
    __m512, _mm512_setzero_ps, _mm512_load_ps, _mm512_set1_ps, _mm512_fmadd_ps,
    _mm512_add_ps, _mm512_loadu_ps, _mm512_storeu_ps
}

f32_kernel! {
    /// AVX2 and FMA: 2 rows × 4 accumulators, 4 weight registers and a
    /// broadcast in the 16 registers.
    mod fma256: features "avx2,fma", lanes 8, rows 2,
    __m256, _mm256_setzero_ps, _mm256_load_ps, _mm256_set1_ps, _mm256_fmadd_ps,
    _mm256_add_ps, _mm256_loadu_ps, _mm256_storeu_ps
}
