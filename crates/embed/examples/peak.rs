//! The arithmetic peak of one core, for BENCHMARKS.md's floor: f32 FMA and
//! int8 VNNI multiply-adds per second in a loop of independent
//! instructions (no memory traffic). x86-64 with AVX-512 VNNI only:
//! `cargo run --release -p parallax-embed --example peak`.
#![allow(unsafe_code)]

#[cfg(target_arch = "x86_64")]
mod peak {
    use std::arch::x86_64::*;
    use std::hint::black_box;
    use std::time::Instant;

    /// Independent accumulators: enough to hide each instruction's latency.
    const CHAINS: usize = 12;

    #[target_feature(enable = "avx512f,avx512bw,avx512vnni")]
    fn vnni(rounds: usize) -> i32 {
        let mut acc = [_mm512_setzero_si512(); CHAINS];
        let a = _mm512_set1_epi32(black_box(0x0102_0304));
        let b = _mm512_set1_epi32(black_box(0x0101_0101));
        for _ in 0..rounds {
            for acc in &mut acc {
                *acc = _mm512_dpbusd_epi32(*acc, a, b);
            }
        }
        acc.iter().map(|&v| _mm512_reduce_add_epi32(v)).sum()
    }

    #[target_feature(enable = "avx512f")]
    fn fma(rounds: usize) -> f32 {
        let mut acc = [_mm512_setzero_ps(); CHAINS];
        let a = _mm512_set1_ps(black_box(0.999_9));
        let b = _mm512_set1_ps(black_box(1e-7));
        for _ in 0..rounds {
            for acc in &mut acc {
                *acc = _mm512_fmadd_ps(*acc, a, b);
            }
        }
        acc.iter().map(|&v| _mm512_reduce_add_ps(v)).sum()
    }

    pub fn run() {
        let has = std::arch::is_x86_feature_detected!("avx512f")
            && std::arch::is_x86_feature_detected!("avx512bw")
            && std::arch::is_x86_feature_detected!("avx512vnni");
        if !has {
            println!("this CPU has no AVX-512 VNNI: nothing to measure");
            return;
        }
        let rounds = 50_000_000;
        let (mut best_i8, mut best_f32) = (0.0f64, 0.0f64);
        for _ in 0..3 {
            let started = Instant::now();
            // SAFETY: the CPU has the features checked above.
            black_box(unsafe { vnni(rounds) });
            let macs = (rounds * CHAINS * 64) as f64;
            best_i8 = best_i8.max(macs / started.elapsed().as_secs_f64());
            let started = Instant::now();
            // SAFETY: as above.
            black_box(unsafe { fma(rounds) });
            let macs = (rounds * CHAINS * 16) as f64;
            best_f32 = best_f32.max(macs / started.elapsed().as_secs_f64());
        }
        println!(
            "int8 (vpdpbusd): {:.0} G multiply-adds/s on one core",
            best_i8 / 1e9
        );
        println!(
            "f32 (vfmadd):    {:.0} G multiply-adds/s on one core",
            best_f32 / 1e9
        );
    }
}

fn main() {
    #[cfg(target_arch = "x86_64")]
    peak::run();
    #[cfg(not(target_arch = "x86_64"))]
    println!("x86-64 only");
}
