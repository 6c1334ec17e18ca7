//! Quick timing of embedding and model load, without criterion, and how far
//! the int8 arithmetic moves the vectors from the f32 reference:
//! `cargo run --release -p parallax-embed --example throughput [threads]
//! [portable|avx2|avxvnni|avx512]`; the second argument caps the code paths
//! at that tier, to time a smaller CPU's paths on this one.
//! Prints the best of several rounds: the machine is shared, and the best
//! round is the one least disturbed by other work.

use std::time::Instant;

use parallax_embed::{cosine, Embedder, Precision, Simd, Usem3};

fn main() -> Result<(), parallax_embed::Error> {
    let threads: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(1);
    if let Some(tier) = std::env::args().nth(2) {
        let tier = match tier.as_str() {
            "portable" => Simd::Portable,
            "avx2" => Simd::Avx2,
            "avxvnni" => Simd::AvxVnni,
            "avx512" => Simd::Avx512,
            other => panic!("unknown tier {other:?}: portable, avx2, avxvnni or avx512"),
        };
        parallax_embed::limit_simd(tier);
    }
    println!(
        "code paths: {:?} (this CPU has {:?})",
        parallax_embed::active_simd(),
        parallax_embed::cpu_simd()
    );
    let texts: Vec<&str> = include_str!("../benches/sentences.txt").lines().collect();

    let mut vectors = Vec::new();
    for precision in [Precision::Int8, Precision::F32] {
        let model = Usem3::load_with(precision)?.with_threads(threads);
        if precision == Precision::Int8 {
            let n_tokens: usize = texts.iter().map(|t| model.token_ids(t).len()).sum();
            println!(
                "{} texts, {:.1} tokens per text",
                texts.len(),
                n_tokens as f64 / texts.len() as f64
            );
        }
        let mut best = f64::INFINITY;
        for _ in 0..10 {
            let started = Instant::now();
            let v = model.embed(&texts);
            best = best.min(started.elapsed().as_secs_f64());
            assert_eq!(v.len(), texts.len());
        }
        println!(
            "embed ({precision:?}): {:.0} sentences/s with {threads} thread(s) (best of 10 rounds)",
            texts.len() as f64 / best
        );
        vectors.push(model.embed(&texts));
    }
    let (int8, f32) = (&vectors[0], &vectors[1]);
    let own: Vec<f32> = int8.iter().zip(f32).map(|(a, b)| cosine(a, b)).collect();
    let min = own.iter().copied().fold(1.0f32, f32::min);
    let mean = own.iter().sum::<f32>() / own.len() as f32;
    println!("int8 against f32, same sentence: mean cosine {mean:.5}, lowest {min:.5}");
    let (mut worst, mut sum, mut pairs) = (0.0f32, 0.0f32, 0);
    for i in 0..200 {
        for j in i + 1..200 {
            let moved = (cosine(&int8[i], &int8[j]) - cosine(&f32[i], &f32[j])).abs();
            worst = worst.max(moved);
            sum += moved;
            pairs += 1;
        }
    }
    println!(
        "cosine between two sentences, int8 minus f32: mean |difference| {:.4}, largest {worst:.4}",
        sum / pairs as f32
    );
    if let Some(peak) = peak_rss() {
        println!("peak RSS after load and embedding: {peak}");
    }

    let mut best_load = f64::INFINITY;
    for _ in 0..5 {
        let started = Instant::now();
        drop(Usem3::load()?);
        best_load = best_load.min(started.elapsed().as_secs_f64());
    }
    println!("load: {:.0} ms (best of 5)", best_load * 1e3);
    Ok(())
}

/// `VmHWM` from /proc (Linux only).
fn peak_rss() -> Option<String> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    Some(line["VmHWM:".len()..].trim().to_string())
}
