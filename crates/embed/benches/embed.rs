//! Model load and embedding throughput. Each measurement checks its result
//! (every vector has unit length), so a fast wrong answer cannot pass.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use parallax_embed::{Embedder, Precision, Simd, Usem3};

/// 1,000 English sentences of 20 words (windows over the Apache-2.0 text).
const SENTENCES: &str = include_str!("sentences.txt");

fn assert_unit_vectors(vectors: &[Vec<f32>], n_texts: usize) {
    assert_eq!(vectors.len(), n_texts);
    for v in vectors {
        let norm: f32 = v.iter().map(|x| x * x).sum::<f32>().sqrt();
        assert!((norm - 1.0).abs() < 1e-4, "vector norm {norm}");
    }
}

fn bench(c: &mut Criterion) {
    let texts: Vec<&str> = SENTENCES.lines().collect();
    assert_eq!(texts.len(), 1000);

    let mut group = c.benchmark_group("usem3");
    group.sample_size(10);
    group.bench_function("load", |b| {
        b.iter(|| {
            let model = Usem3::load().expect("bundled model loads");
            assert_eq!(model.token_ids("hello").first(), Some(&1));
            model
        })
    });

    group.throughput(Throughput::Elements(texts.len() as u64));
    for (threads, precision, tier, name) in [
        (
            1,
            Precision::Int8,
            Simd::Avx512,
            "embed_1000_sentences_1_thread",
        ),
        (
            2,
            Precision::Int8,
            Simd::Avx512,
            "embed_1000_sentences_2_threads",
        ),
        (
            1,
            Precision::F32,
            Simd::Avx512,
            "embed_1000_sentences_1_thread_f32",
        ),
        // a laptop's paths (Intel since Alder Lake: AVX-VNNI, no AVX-512),
        // where this CPU has them
        (
            1,
            Precision::Int8,
            Simd::AvxVnni,
            "embed_1000_sentences_1_thread_avx_vnni",
        ),
    ] {
        if tier != Simd::Avx512 && !parallax_embed::cpu_has(tier) {
            continue;
        }
        parallax_embed::limit_simd(tier);
        let model = Usem3::load_with(precision)
            .expect("bundled model loads")
            .with_threads(threads);
        group.bench_function(name, |b| {
            b.iter(|| {
                let vectors = model.embed(&texts);
                assert_unit_vectors(&vectors, texts.len());
                vectors
            })
        });
        parallax_embed::limit_simd(Simd::Avx512);
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
