//! Quick timing of model load and embedding, without criterion:
//! `cargo run --release -p parallax-embed --example throughput [threads]`.

use std::time::Instant;

use parallax_embed::{Embedder, Usem3};

fn main() -> Result<(), parallax_embed::Error> {
    let threads: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(1);
    let texts: Vec<&str> = include_str!("../benches/sentences.txt").lines().collect();

    let mut best_load = f64::INFINITY;
    for _ in 0..5 {
        let started = Instant::now();
        drop(Usem3::load()?);
        best_load = best_load.min(started.elapsed().as_secs_f64());
    }
    println!("load: {:.0} ms (best of 5)", best_load * 1e3);
    let model = Usem3::load()?.with_threads(threads);

    let n_tokens: usize = texts.iter().map(|t| model.token_ids(t).len()).sum();
    println!(
        "{} texts, {:.1} tokens per text",
        texts.len(),
        n_tokens as f64 / texts.len() as f64
    );

    model.embed(&texts[..100]);
    // Best of several rounds: the machine is shared, the best round is the
    // one least disturbed by other work.
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
    Ok(())
}
