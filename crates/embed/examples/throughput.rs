//! Quick timing of embedding and model load, without criterion:
//! `cargo run --release -p parallax-embed --example throughput [threads]`.
//! Prints the best of several rounds: the machine is shared, and the best
//! round is the one least disturbed by other work.

use std::time::Instant;

use parallax_embed::{Embedder, Usem3};

fn main() -> Result<(), parallax_embed::Error> {
    let threads: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(1);
    let texts: Vec<&str> = include_str!("../benches/sentences.txt").lines().collect();

    let model = Usem3::load()?.with_threads(threads);
    let n_tokens: usize = texts.iter().map(|t| model.token_ids(t).len()).sum();
    println!(
        "{} texts, {:.1} tokens per text",
        texts.len(),
        n_tokens as f64 / texts.len() as f64
    );
    let mut best = f64::INFINITY;
    for _ in 0..10 {
        let started = Instant::now();
        let vectors = model.embed(&texts);
        best = best.min(started.elapsed().as_secs_f64());
        assert_eq!(vectors.len(), texts.len());
    }
    println!(
        "embed: {:.0} sentences/s with {threads} thread(s) (best of 10 rounds)",
        texts.len() as f64 / best
    );
    if let Some(peak) = peak_rss() {
        println!("peak RSS after load and embedding: {peak}");
    }
    drop(model);

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
