//! The structure scorer (entities, times, commitments, tone, engagement)
//! counts what it should, and each metric can fail.

use super::source;
use parallax_eval::{load_case, parse_structure, score};
use parallax_model::{
    Commitment, Comparison, Engagement, Entity, InitiatorClaim, TimeExpr, Topic, Window, SCHEMA,
};

const A: &str = "Putin called Xi today. Xi will visit Russia in May. The talk was warm and frank.";
const B: &str = "Xi spoke with Putin. They will talk soon. Putin will visit China.";

const GOLD: &str = "# langs: en en\n\
only\tother\tA=Putin called\nonly\tother\tA=Xi will visit\nonly\tother\tA=The talk was\n\
only\tother\tB=Xi spoke\nonly\tother\tB=They will talk\nonly\tother\tB=Putin will visit\n";

const STRUCTURE: &str = "# test\n\
engagement\tdate\t2026-01-19\n\
engagement\tformat\tphone_call\n\
engagement\tinitiator\tA\tRU\n\
engagement\tparticipants\tQ7747 Q15031\n\
entity\tA=Putin\tQ7747\n\
entity\tA=Xi@1\tQ15031\n\
entity\tA=Xi@2\tQ15031\n\
entity\tA=Russia\tRU\n\
entity\tB=Putin@1\tQ7747\n\
time\tA=today\t2026-01-19\t2026-01-19\n\
time\tA=in May\t2026-05-01\t2026-05-31\n\
time\tB=soon\t-\t-\n\
commitment\tA=will visit Russia\tvisit\tQ15031\tRU\taccepted\t2026-05-01\t2026-05-31\n\
commitment\tB=will talk\ttalks\t-\t-\tagreed\t-\t-\n\
commitment\tB=Putin will visit\tvisit\tQ7747\tCN\tproposed\t-\t-\n\
tone\tA=warm\twarmth\n\
tone\tA=frank\tcandour\n";

/// Byte span of the `nth` (1-based) occurrence of `needle` in `text`.
fn at(text: &str, needle: &str, nth: usize) -> (usize, usize) {
    let start = text
        .match_indices(needle)
        .nth(nth - 1)
        .expect("needle in text")
        .0;
    (start, start + needle.len())
}

fn entity(text: &str, needle: &str, nth: usize, kind: &str, id: &str) -> Entity {
    let (start, end) = at(text, needle, nth);
    Entity {
        text: needle.to_owned(),
        kind: kind.to_owned(),
        id: id.to_owned(),
        start,
        end,
    }
}

fn time(text: &str, needle: &str, start: Option<&str>, end: Option<&str>) -> TimeExpr {
    let (s, e) = at(text, needle, 1);
    TimeExpr {
        text: needle.to_owned(),
        start: start.map(str::to_owned),
        end: end.map(str::to_owned),
        span: [s, e],
    }
}

fn commitment(kind: &str, actor: Option<&str>, target: Option<&str>, status: &str) -> Commitment {
    Commitment {
        kind: kind.to_owned(),
        actor: actor.map(str::to_owned),
        target: target.map(str::to_owned),
        window: None,
        status: status.to_owned(),
        span: [0, 0],
    }
}

fn comparison() -> Comparison {
    let mut a = source(
        "A",
        A,
        &[
            "Putin called Xi today.",
            "Xi will visit Russia in May.",
            "The talk was warm and frank.",
        ],
        Topic::Other,
    );
    let mut b = source(
        "B",
        B,
        &[
            "Xi spoke with Putin.",
            "They will talk soon.",
            "Putin will visit China.",
        ],
        Topic::Other,
    );
    // entities: Putin right, first Xi with a wrong id, second Xi right, Russia
    // right, a place (not counted) and an extra event (a false positive); B's
    // Putin missed
    a.points[0].entities = vec![
        entity(A, "Putin", 1, "person", "Q7747"),
        entity(A, "Xi", 1, "person", "xi-jinping"),
    ];
    a.points[1].entities = vec![
        entity(A, "Xi", 2, "person", "Q15031"),
        entity(A, "Russia", 1, "country", "RU"),
        entity(A, "May", 1, "place", "may"),
    ];
    a.points[2].entities = vec![entity(A, "talk", 1, "event", "talk")];
    // times: today right, May one day short, soon vague and right
    a.points[0].times = vec![time(A, "today", Some("2026-01-19"), Some("2026-01-19"))];
    a.points[1].times = vec![time(A, "May", Some("2026-05-01"), Some("2026-05-30"))];
    b.points[1].times = vec![time(B, "soon", None, None)];
    // commitments: the visit with the right kind and status but no window
    // (loose only), the talks exactly right, Putin's visit with the wrong status
    let mut visit = commitment("visit", Some("Q15031"), Some("RU"), "accepted");
    visit.window = Some(Window {
        start: Some("2026-05-01".into()),
        end: None,
    });
    a.points[1].commitments = vec![visit];
    b.points[1].commitments = vec![commitment("talks", None, None, "agreed")];
    b.points[2].commitments = vec![commitment("visit", Some("Q7747"), Some("CN"), "accepted")];
    // tone: warmth right, trust extra, candour missed, warmth extra in B1
    a.points[2].tone = vec!["warmth".into(), "trust".into()];
    b.points[0].tone = vec!["warmth".into()];
    Comparison {
        schema: SCHEMA.to_owned(),
        // date right, format wrong, duration (none) right, participants right
        // in another order, A's initiator right, B's claim not in the gold
        engagement: Engagement {
            date: Some("2026-01-19".into()),
            participants: vec!["Q15031".into(), "Q7747".into()],
            participant_names: vec![],
            format: Some("meeting".into()),
            duration_minutes: None,
            initiator: vec![
                InitiatorClaim {
                    source: "A".into(),
                    party: "RU".into(),
                    text: "x".into(),
                    span: [0, 1],
                },
                InitiatorClaim {
                    source: "B".into(),
                    party: "CN".into(),
                    text: "x".into(),
                    span: [0, 1],
                },
            ],
        },
        sources: vec![a, b],
        links: vec![],
        unmatched: vec![
            "A1".into(),
            "A2".into(),
            "A3".into(),
            "B1".into(),
            "B2".into(),
            "B3".into(),
        ],
        warnings: vec![],
        findings: Default::default(),
        key_differences: vec![],
    }
}

#[test]
fn structure_scorer_counts_every_metric() {
    let dir = std::env::temp_dir().join(format!("parallax-eval-structure-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("a.txt"), A).unwrap();
    std::fs::write(dir.join("b.txt"), B).unwrap();
    std::fs::write(dir.join("gold.tsv"), GOLD).unwrap();
    std::fs::write(dir.join("structure.tsv"), STRUCTURE).unwrap();
    let case = load_case(&dir).unwrap();
    std::fs::remove_dir_all(&dir).unwrap();
    assert!(case.structure.is_some());
    let tally = score(&case, &comparison());
    let t = &tally.structure;
    assert_eq!(t.lost_anchors, 0, "{:?}", t.errors);
    assert_eq!(
        (t.entity_tp, t.entity_fp, t.entity_fn),
        (3, 2, 2),
        "{:?}",
        t.errors
    );
    assert!((t.entity_f1() - 0.6).abs() < 1e-9);
    assert_eq!((t.time_right, t.time_total), (2, 3));
    assert_eq!(
        (t.commitment_found, t.commitment_strict, t.commitment_total),
        (2, 1, 3)
    );
    assert_eq!((t.tone_tp, t.tone_fp, t.tone_fn), (1, 2, 1));
    assert!((t.tone_f1() - 0.4).abs() < 1e-9);
    assert_eq!(
        (t.engagement_right, t.engagement_total),
        (4, 6),
        "{:?}",
        t.errors
    );
}

#[test]
fn a_perfect_prediction_scores_one() {
    let gold = parse_structure(STRUCTURE).unwrap();
    let mut c = comparison();
    let a = &mut c.sources[0];
    a.points[0].entities[1].id = "Q15031".into();
    a.points[2].entities.clear();
    a.points[1].times[0].end = Some("2026-05-31".into());
    a.points[1].commitments[0].window = Some(Window {
        start: Some("2026-05-01".into()),
        end: Some("2026-05-31".into()),
    });
    a.points[2].tone = vec!["candour".into(), "warmth".into()];
    let b = &mut c.sources[1];
    b.points[0].entities = vec![entity(B, "Putin", 1, "person", "Q7747")];
    b.points[2].commitments[0].status = "proposed".into();
    b.points[0].tone.clear();
    c.engagement.format = Some("phone_call".into());
    c.engagement.initiator.pop();
    let t = parallax_eval::score_structure(&gold, &c);
    assert!(t.errors.is_empty(), "{:?}", t.errors);
    assert_eq!(t.entity_f1(), 1.0);
    assert_eq!(t.time_accuracy(), 1.0);
    assert_eq!(t.commitment_recall(), 1.0);
    assert_eq!(t.commitment_strict_recall(), 1.0);
    assert_eq!(t.tone_f1(), 1.0);
    assert_eq!(t.engagement_accuracy(), 1.0);
}

#[test]
fn anchors_count_occurrences_and_bad_lines_are_refused() {
    let gold = parse_structure("entity\tA=aa@2\tX1\ntime\tA=b@c\t-\t-\n").unwrap();
    assert_eq!(gold.entities[0].anchor.nth, 2);
    // occurrences overlap: the second "aa" of "aaa" starts at 1
    assert_eq!(gold.entities[0].anchor.locate("aaa"), Some((1, 3)));
    assert_eq!(gold.entities[0].anchor.locate("aa"), None);
    assert_eq!(gold.times[0].anchor.text, "b@c");
    assert!(parse_structure("entity\tA=x\n").is_err());
    assert!(parse_structure("mood\tA=x\tjoy\n").is_err());
    assert!(parse_structure("entity\tE=x\tUS\n").is_err());
    assert!(parse_structure("engagement\tduration\tlong\n").is_err());
    // an anchor missing from the text is lost and its entity missed
    let gold = parse_structure("entity\tA=Medvedev\tdmitry-medvedev\n").unwrap();
    let t = parallax_eval::score_structure(&gold, &comparison());
    assert_eq!((t.lost_anchors, t.entity_fn), (1, 1));
}

#[test]
fn any_stated_duration_is_right_and_none_needs_null() {
    let two = parse_structure("engagement\tduration\t120\nengagement\tduration\t75\n").unwrap();
    let none = parse_structure("").unwrap();
    let mut c = comparison();
    let duration_right = |g: &parallax_eval::Structure, c: &Comparison| {
        !parallax_eval::score_structure(g, c)
            .errors
            .iter()
            .any(|e| e.starts_with("engagement duration"))
    };
    assert!(duration_right(&none, &c));
    assert!(!duration_right(&two, &c));
    c.engagement.duration_minutes = Some(75);
    assert!(duration_right(&two, &c));
    assert!(!duration_right(&none, &c));
    c.engagement.duration_minutes = Some(60);
    assert!(!duration_right(&two, &c));
}
