//! The pipeline stage by stage on a realistic pair of ~1,000-word readouts:
//! segment, analyze, embed, align, report, and `compare` end to end, plus
//! loading the model; then `compare` of 2, 4 and 8 sources. Each measurement
//! checks its result, so a fast wrong answer cannot pass.
//!
//! The pair is built from the dev set's Russian/English readouts: side A is
//! every Russian readout (`ru-en-*/a`, `tri-ru-zh-en-1/a`, `ru-zh-*/a`, 1,020
//! words), side B the English counterparts of the first three plus one more
//! English readout (`ru-en-*/b`, `tri-ru-zh-en-1/c`, `zh-en-2/b`, 1,006 words).
//! About half of each side has a counterpart on the other, as in a long pair
//! of real readouts where each government adds its own paragraphs.

use std::collections::HashMap;
use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion};
use parallax_align::{AlignPoint, Config};
use parallax_analyze::{Analyzer, PointFeatures};
use parallax_compare::{Comparer, Input};
use parallax_embed::{Embedder, Usem3};
use parallax_model::{Comparison, Lang};
use parallax_report::Format;
use parallax_segment::Segmentation;

const SIDE_A: [&str; 5] = [
    include_str!("../../../devset/ru-en-1/a.txt"),
    include_str!("../../../devset/ru-en-2/a.txt"),
    include_str!("../../../devset/tri-ru-zh-en-1/a.txt"),
    include_str!("../../../devset/ru-zh-1/a.txt"),
    include_str!("../../../devset/ru-zh-2/a.txt"),
];
const SIDE_B: [&str; 4] = [
    include_str!("../../../devset/ru-en-1/b.txt"),
    include_str!("../../../devset/ru-en-2/b.txt"),
    include_str!("../../../devset/tri-ru-zh-en-1/c.txt"),
    include_str!("../../../devset/zh-en-2/b.txt"),
];

/// The readouts of one side, one after another, a blank line between.
fn join(parts: &[&str]) -> String {
    parts
        .iter()
        .map(|p| p.trim())
        .collect::<Vec<_>>()
        .join("\n\n")
}

fn n_words(text: &str) -> usize {
    text.split_whitespace().count()
}

fn inputs(a: &str, b: &str) -> Vec<Input> {
    let options = parallax_ingest::ReadOptions::default();
    [("a.txt", a), ("b.txt", b)]
        .into_iter()
        .map(|(name, text)| {
            let document =
                parallax_ingest::read_bytes(text.as_bytes(), name, &options).expect("readable");
            Input::new(document)
        })
        .collect()
}

fn segment_both(texts: &[(&str, Lang); 2]) -> Vec<Segmentation> {
    texts
        .iter()
        .map(|(text, lang)| parallax_segment::segment(text, *lang))
        .collect()
}

fn assert_segmented(segmentations: &[Segmentation], texts: &[(&str, Lang); 2]) {
    for (seg, (text, _)) in segmentations.iter().zip(texts) {
        assert!(seg.points.len() >= 40, "only {} points", seg.points.len());
        for pair in seg.points.windows(2) {
            assert!(pair[0].span.end <= pair[1].span.start, "points overlap");
        }
        let last = seg.points.last().expect("points");
        assert!(last.span.end <= text.len());
    }
}

/// Every point in exactly one link or unmatched, for inputs of ~1,000
/// words a side (≥ 40 points a source, ≥ 20 links).
fn assert_partition(c: &Comparison) {
    assert_each_point_once(c);
    for source in &c.sources {
        assert!(
            source.points.len() >= 40,
            "only {} points",
            source.points.len()
        );
    }
    assert!(c.links.len() >= 20, "only {} links", c.links.len());
}

/// Every point in exactly one link or unmatched.
fn assert_each_point_once(c: &Comparison) {
    let mut seen: HashMap<&str, usize> = HashMap::new();
    for link in &c.links {
        assert!(link.points.len() >= 2, "a link of one point");
        for id in &link.points {
            *seen.entry(id.as_str()).or_default() += 1;
        }
    }
    for id in &c.unmatched {
        *seen.entry(id.as_str()).or_default() += 1;
    }
    let n_points: usize = c.sources.iter().map(|s| s.points.len()).sum();
    assert_eq!(seen.len(), n_points, "points missing from links/unmatched");
    for source in &c.sources {
        assert!(!source.points.is_empty(), "a source without points");
        for point in &source.points {
            assert_eq!(seen.get(point.id.as_str()), Some(&1), "point {}", point.id);
        }
    }
}

fn bench(c: &mut Criterion) {
    let a = join(&SIDE_A);
    let b = join(&SIDE_B);
    let (words_a, words_b) = (n_words(&a), n_words(&b));
    assert!((900..1200).contains(&words_a), "side A has {words_a} words");
    assert!((900..1200).contains(&words_b), "side B has {words_b} words");
    let inputs = inputs(&a, &b);
    let texts: [(&str, Lang); 2] = [
        (inputs[0].document.text.as_str(), Lang::Ru),
        (inputs[1].document.text.as_str(), Lang::En),
    ];
    for (text, lang) in texts {
        assert_eq!(parallax_ingest::lang::detect(text), lang);
    }

    let mut group = c.benchmark_group("pipeline");
    group.sample_size(10);

    group.bench_function("model_load", |bench| {
        bench.iter(|| {
            let model = Usem3::load().expect("bundled model loads");
            assert_eq!(model.token_ids("hello").first(), Some(&1));
            model
        })
    });
    let model = Usem3::load().expect("bundled model loads");

    // segment (both documents)
    group.bench_function("segment", |bench| {
        bench.iter(|| {
            let segmentations = segment_both(black_box(&texts));
            assert_segmented(&segmentations, &texts);
            segmentations
        })
    });
    let segmentations = segment_both(&texts);
    assert_segmented(&segmentations, &texts);
    let n_points: usize = segmentations.iter().map(|s| s.points.len()).sum();
    eprintln!(
        "pair: A {words_a} words, {} points; B {words_b} words, {} points",
        segmentations[0].points.len(),
        segmentations[1].points.len()
    );

    // analyze (features of every point)
    let analyzer = Analyzer::bundled();
    let analyze = |analyzer: &Analyzer| -> Vec<Vec<PointFeatures>> {
        segmentations
            .iter()
            .zip(&texts)
            .map(|(seg, (text, _))| {
                seg.points
                    .iter()
                    .map(|p| analyzer.features(text, p.span))
                    .collect()
            })
            .collect()
    };
    let check_features = |features: &[Vec<PointFeatures>]| {
        assert_eq!(features.iter().map(Vec::len).sum::<usize>(), n_points);
        let with_concepts = features
            .iter()
            .flatten()
            .filter(|f| !f.concepts.is_empty())
            .count();
        assert!(
            with_concepts * 2 > n_points,
            "only {with_concepts} of {n_points} points have a concept"
        );
    };
    group.bench_function("gazetteer_load", |bench| {
        bench.iter(|| {
            let analyzer = Analyzer::bundled();
            assert!(
                analyzer.lexicon().concepts.len() > 400,
                "the whole gazetteer loaded"
            );
            analyzer
        })
    });
    group.bench_function("analyze", |bench| {
        bench.iter(|| {
            let features = analyze(black_box(&analyzer));
            check_features(&features);
            features
        })
    });
    let features = analyze(&analyzer);
    check_features(&features);

    // embed (every point of both sources, in one call like the pipeline)
    let point_texts: Vec<&str> = segmentations
        .iter()
        .zip(&texts)
        .flat_map(|(seg, (text, _))| seg.points.iter().map(|p| p.span.slice(text)))
        .collect();
    let check_vectors = |vectors: &[Vec<f32>]| {
        assert_eq!(vectors.len(), n_points);
        for v in vectors {
            let norm: f32 = v.iter().map(|x| x * x).sum::<f32>().sqrt();
            assert!((norm - 1.0).abs() < 1e-3, "vector norm {norm}");
        }
    };
    group.bench_function("embed", |bench| {
        bench.iter(|| {
            let vectors = model.embed(black_box(&point_texts));
            check_vectors(&vectors);
            vectors
        })
    });
    let vectors = model.embed(&point_texts);
    check_vectors(&vectors);

    // align, given segmented, read and embedded points. The pipeline's topic
    // prototypes and background concepts are private to parallax-compare, so
    // topics here come from terms alone and the background is the two home
    // countries: the same work for the aligner, slightly different inputs.
    let home = analyzer.home_countries(features.iter().flatten());
    let mut flat_vectors = vectors.iter();
    let align_sources: Vec<Vec<AlignPoint<'_>>> = segmentations
        .iter()
        .zip(&texts)
        .zip(&features)
        .map(|((seg, (text, _)), features)| {
            seg.points
                .iter()
                .zip(features)
                .map(|(p, features)| AlignPoint {
                    vector: flat_vectors.next().expect("a vector per point"),
                    features,
                    primary_topic: analyzer.topics(features, &home, None)[0],
                    n_chars: p.span.slice(text).chars().count(),
                    label: None,
                    tells_initiator: false,
                })
                .collect()
        })
        .collect();
    let config = Config {
        background: home.clone(),
        ..Config::default()
    };
    let n_a = align_sources[0].len();
    let n_b = align_sources[1].len();
    group.bench_function("align", |bench| {
        bench.iter(|| {
            let groups = parallax_align::align(black_box(&align_sources), &config);
            let mut used = [vec![0u8; n_a], vec![0u8; n_b]];
            for group in &groups {
                assert!(group.members.len() >= 2);
                for m in &group.members {
                    used[m.source][m.point] += 1;
                }
            }
            assert!(
                used.iter().flatten().all(|&n| n <= 1),
                "a point linked twice"
            );
            assert!(groups.len() >= 20, "only {} groups", groups.len());
            groups
        })
    });

    // compare end to end (after model load: `Comparer::new` embeds the topic
    // prototypes, so it is inside the measurement, as in the CLI)
    group.bench_function("compare", |bench| {
        bench.iter(|| {
            let comparison = Comparer::new(&model)
                .compare(black_box(&inputs))
                .expect("readout-sized inputs");
            assert_partition(&comparison);
            comparison
        })
    });
    // the same with the `Comparer` built once: what a long-running process
    // comparing many pairs pays per pair
    let comparer = Comparer::new(&model);
    group.bench_function("compare_prebuilt_comparer", |bench| {
        bench.iter(|| {
            let comparison = comparer
                .compare(black_box(&inputs))
                .expect("readout-sized inputs");
            assert_partition(&comparison);
            comparison
        })
    });
    let comparison = comparer.compare(&inputs).expect("readout-sized inputs");
    assert_partition(&comparison);

    // everything but the sentence model: the same compare with every vector
    // looked up from a table filled beforehand (what the analysis itself costs)
    let recorded = Recorded::new(&model, &inputs);
    let analysis_only = Comparer::new(&recorded);
    group.bench_function("compare_without_embedding", |bench| {
        bench.iter(|| {
            let comparison = analysis_only
                .compare(black_box(&inputs))
                .expect("readout-sized inputs");
            assert_partition(&comparison);
            assert!(!comparison.key_differences.is_empty());
            comparison
        })
    });

    // report: HTML and JSON of that comparison
    group.bench_function("report", |bench| {
        bench.iter(|| {
            let html = parallax_report::render(black_box(&comparison), Format::Html);
            let json = parallax_report::render(black_box(&comparison), Format::Json);
            assert!(
                html.len() > a.len() + b.len(),
                "HTML of {} bytes",
                html.len()
            );
            assert!(html.trim_end().ends_with("</html>"));
            assert!(json.starts_with('{') && json.trim_end().ends_with('}'));
            assert!(json.contains("\"parallax.comparison/1\""));
            (html, json)
        })
    });
    group.finish();

    // 2, 4 and 8 sources of ~1,000 words each (Russian and English sides in
    // turn, each copy with its readouts in another order): how the whole
    // analysis grows with the number of sources
    let mut group = c.benchmark_group("sources");
    group.sample_size(10);
    for n in [2usize, 4, 8] {
        let texts: Vec<String> = (0..n)
            .map(|k| {
                let parts: &[&str] = if k % 2 == 0 { &SIDE_A } else { &SIDE_B };
                let mut rotated = parts.to_vec();
                rotated.rotate_left((k / 2) % parts.len());
                join(&rotated)
            })
            .collect();
        let many: Vec<Input> = texts
            .iter()
            .enumerate()
            .map(|(k, text)| {
                let document = parallax_ingest::read_bytes(
                    text.as_bytes(),
                    &format!("source-{k}.txt"),
                    &Default::default(),
                )
                .expect("readable");
                Input::new(document)
            })
            .collect();
        group.bench_function(format!("compare_{n}_sources"), |bench| {
            bench.iter(|| {
                let comparison = comparer.compare(black_box(&many)).expect("readout-sized");
                assert_eq!(comparison.sources.len(), n);
                assert_partition(&comparison);
                assert!(!comparison.key_differences.is_empty());
                comparison
            })
        });
    }
    group.finish();

    // a batch: the 23 distinct pairs of the dev set (every two-readout case,
    // every pair of a three-readout case) one after another, the model loaded
    // once and on one thread, no sentence cache — what `parallax batch` does
    // per worker
    let pairs = dev_pairs();
    assert_eq!(pairs.len(), 23);
    let one_thread = Usem3::load().expect("bundled model loads").with_threads(1);
    let batch_comparer = Comparer::new(&one_thread);
    let mut group = c.benchmark_group("batch");
    group.sample_size(10);
    group.bench_function("dev_pairs_23", |bench| {
        bench.iter(|| {
            let mut links = 0;
            for pair in &pairs {
                let comparison = batch_comparer.compare(black_box(pair)).expect("readouts");
                assert_each_point_once(&comparison);
                links += comparison.links.len();
            }
            assert!(links >= 150, "{links} links over the 23 pairs");
            links
        })
    });
    group.finish();
}

/// Every pair of readouts of one dev-set case, as comparison inputs.
fn dev_pairs() -> Vec<Vec<Input>> {
    let devset = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../devset");
    let mut cases: Vec<_> = std::fs::read_dir(&devset)
        .expect("the dev set is beside the crates")
        .map(|entry| entry.expect("readable folder").path())
        .filter(|path| path.join("b.txt").is_file())
        .collect();
    cases.sort();
    let mut pairs = Vec::new();
    for case in cases {
        let sides: Vec<String> = ["a.txt", "b.txt", "c.txt"]
            .iter()
            .filter_map(|side| std::fs::read_to_string(case.join(side)).ok())
            .collect();
        for i in 0..sides.len() {
            for j in i + 1..sides.len() {
                pairs.push(inputs(&sides[i], &sides[j]));
            }
        }
    }
    pairs
}

/// An embedder that answers from vectors the real model computed beforehand
/// for every point of the inputs (and anything else on demand).
struct Recorded<'m> {
    model: &'m Usem3,
    vectors: HashMap<String, Vec<f32>>,
}

impl<'m> Recorded<'m> {
    fn new(model: &'m Usem3, inputs: &[Input]) -> Recorded<'m> {
        let texts: Vec<&str> = inputs
            .iter()
            .flat_map(|input| {
                let text = input.document.text.as_str();
                let lang = parallax_ingest::lang::detect(text);
                parallax_segment::segment(text, lang)
                    .points
                    .into_iter()
                    .map(move |p| p.span.slice(text))
            })
            .collect();
        let vectors = texts
            .iter()
            .map(|t| (*t).to_owned())
            .zip(model.embed(&texts))
            .collect();
        Recorded { model, vectors }
    }
}

impl Embedder for Recorded<'_> {
    fn name(&self) -> &str {
        "recorded"
    }

    fn dim(&self) -> usize {
        self.model.dim()
    }

    fn embed(&self, texts: &[&str]) -> Vec<Vec<f32>> {
        texts
            .iter()
            .map(|t| match self.vectors.get(*t) {
                Some(v) => v.clone(),
                None => self.model.embed(&[t]).remove(0),
            })
            .collect()
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
