//! The scorer scores what it should, and the pipeline's dev-set quality does
//! not fall below what BENCHMARKS.md reports.

use parallax_compare::{Comparer, Input};
use parallax_embed::Usem3;
use parallax_eval::{load_case, load_cases, score, Tally};
use parallax_model::{
    Comparison, Engagement, InputFormat, Lang, Link, Point, Relation, Source, Topic, SCHEMA,
};
use std::path::Path;

mod structure;

fn devset() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../../devset"))
}

fn source(id: &str, text: &str, sentences: &[&str], topic: Topic) -> Source {
    let points = sentences
        .iter()
        .enumerate()
        .map(|(idx, sentence)| {
            let start = text.find(sentence).expect("sentence in text");
            Point {
                id: format!("{id}{}", idx + 1),
                text: (*sentence).to_owned(),
                start,
                end: start + sentence.len(),
                language: None,
                topics: vec![topic],
                entities: vec![],
                times: vec![],
                commitments: vec![],
                tone: vec![],
            }
        })
        .collect();
    Source {
        id: id.to_owned(),
        input: format!("{id}.txt"),
        issuer: None,
        language: Lang::En,
        title: None,
        published: None,
        format: InputFormat::Text,
        encoding: "UTF-8".to_owned(),
        offsets: "utf8_bytes_of_text".to_owned(),
        excerpt: None,
        text: text.to_owned(),
        tone: Default::default(),
        points,
    }
}

#[test]
fn scorer_counts_pairs_only_points_relations_and_topics() {
    let dir = std::env::temp_dir().join(format!("parallax-eval-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let a = "Trade grew. Iran was discussed. Greetings were sent.";
    let b = "Commerce expanded. Holiday wishes. Weather was fine.";
    std::fs::write(dir.join("a.txt"), a).unwrap();
    std::fs::write(dir.join("b.txt"), b).unwrap();
    std::fs::write(
        dir.join("gold.tsv"),
        "# langs: en en\nsame\teconomy\tA=Trade grew\tB=Commerce expanded\n\
         partial\tatmosphere\tA=Greetings\tB=Holiday wishes\n\
         only\tregional\tA=Iran was\nonly\tother\tB=Weather\n",
    )
    .unwrap();
    let case = load_case(&dir).unwrap();
    std::fs::remove_dir_all(&dir).unwrap();
    // predicted: trade linked (right), Iran wrongly linked to the weather, greetings missed
    let comparison = Comparison {
        schema: SCHEMA.to_owned(),
        engagement: Engagement::default(),
        sources: vec![
            source(
                "A",
                a,
                &["Trade grew.", "Iran was discussed.", "Greetings were sent."],
                Topic::Economy,
            ),
            source(
                "B",
                b,
                &["Commerce expanded.", "Holiday wishes.", "Weather was fine."],
                Topic::Economy,
            ),
        ],
        links: vec![
            Link {
                points: vec!["A1".into(), "B1".into()],
                relation: Relation::Partial,
                score: 1.0,
                differences: vec![],
            },
            Link {
                points: vec!["A2".into(), "B3".into()],
                relation: Relation::Same,
                score: 1.0,
                differences: vec![],
            },
        ],
        unmatched: vec!["A3".into(), "B2".into()],
        warnings: vec![],
        findings: Default::default(),
        key_differences: vec![],
    };
    let tally: Tally = score(&case, &comparison);
    assert_eq!((tally.link_tp, tally.link_fp, tally.link_fn), (1, 1, 1));
    assert_eq!((tally.only_tp, tally.only_fp, tally.only_fn), (0, 2, 2));
    assert_eq!((tally.relation_right, tally.relation_total), (0, 1));
    assert_eq!((tally.topic_right, tally.topic_total), (2, 6));
    assert!((tally.link_f1() - 0.5).abs() < 1e-9);
    assert_eq!(tally.only_f1(), 0.0);
}

/// A regression guard, not a target: fails when a change makes the dev-set
/// figures drop clearly below those in BENCHMARKS.md.
#[test]
fn dev_set_quality_does_not_regress() {
    let model = Usem3::load().unwrap();
    let comparer = Comparer::new(&model);
    let mut total = Tally::default();
    let cases = load_cases(devset()).unwrap();
    assert!(cases.len() >= 13, "the dev set has {} cases", cases.len());
    for case in &cases {
        let inputs: Vec<Input> = case
            .files
            .iter()
            .map(|f| {
                Input::new(
                    parallax_ingest::read_input(&f.to_string_lossy(), &Default::default()).unwrap(),
                )
            })
            .collect();
        let tally = score(case, &comparer.compare(&inputs).unwrap());
        assert_eq!(tally.lost_anchors, 0, "{}: {:?}", case.name, tally.errors);
        total.add(&tally);
    }
    let structure = &total.structure;
    assert!(
        structure.entity_f1() >= 0.90,
        "entity F1 {:.3}",
        structure.entity_f1()
    );
    assert!(
        structure.time_accuracy() >= 0.88,
        "time accuracy {:.3}",
        structure.time_accuracy()
    );
    assert!(
        structure.commitment_recall() >= 0.74,
        "commitment recall {:.3}",
        structure.commitment_recall()
    );
    assert!(
        structure.engagement_accuracy() >= 0.90,
        "engagement accuracy {:.3}",
        structure.engagement_accuracy()
    );
    assert!(total.link_f1() >= 0.86, "link F1 {:.3}", total.link_f1());
    assert!(
        total.only_f1() >= 0.81,
        "one-side-only F1 {:.3}",
        total.only_f1()
    );
    assert!(
        total.relation_accuracy() >= 0.80,
        "relation accuracy {:.3}",
        total.relation_accuracy()
    );
    assert!(
        total.topic_accuracy() >= 0.80,
        "topic accuracy {:.3}",
        total.topic_accuracy()
    );
    // the key-differences list: what it says must be real
    assert!(
        total.key.precision() >= 0.88,
        "key-difference precision {:.3}",
        total.key.precision()
    );
    assert!(
        total.key.recall() >= 0.64,
        "key-difference recall {:.3}",
        total.key.recall()
    );
}
