//! Prints link F1, one-side-only F1, relation accuracy and topic accuracy of
//! Parallax on the development set, per case and overall, then the structure
//! metrics (cases with `structure.tsv`): entity F1, time accuracy, commitment
//! recall (kind + status) and strict recall (also actor, target, window), tone
//! F1 and engagement accuracy; then, for cases with `differences.tsv`, the
//! precision and recall of the key-differences list.
//!
//! Usage: cargo run --release -p parallax-eval --bin score [-- DEVSET_DIR] [--verbose]
//!
//! With `--verbose`, every error is listed; with PARALLAX_SCORE_ALL=1 set
//! as well, the key differences judged real are listed too (with their
//! weights), to see how the list ranks.

use anyhow::{Context, Result};
use parallax_compare::{Comparer, Input};
use parallax_embed::Usem3;
use parallax_eval::{load_cases, score, StructureTally, Tally};
use std::path::PathBuf;

fn main() -> Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let verbose = args.iter().any(|a| a == "--verbose" || a == "-v");
    let dir = args
        .iter()
        .find(|a| !a.starts_with('-'))
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../devset")));
    let cases = load_cases(&dir)?;
    let model = Usem3::load().context("loading the bundled sentence model")?;
    let comparer = Comparer::new(&model);
    let mut total = Tally::default();
    println!(
        "{:<18} {:>8} {:>8} {:>8} {:>8} {:>9} {:>8} {:>8} {:>8} {:>8} {:>8}",
        "case",
        "link F1",
        "only F1",
        "relation",
        "topic",
        "entity F1",
        "time",
        "commit",
        "strict",
        "tone F1",
        "engage"
    );
    for case in &cases {
        let mut inputs = Vec::new();
        for file in &case.files {
            let document =
                parallax_ingest::read_input(&file.to_string_lossy(), &Default::default())?;
            inputs.push(Input::new(document));
        }
        let comparison = comparer.compare(&inputs)?;
        let tally = score(case, &comparison);
        println!(
            "{:<18} {:>8.3} {:>8.3} {:>8.3} {:>8.3}{}",
            case.name,
            tally.link_f1(),
            tally.only_f1(),
            tally.relation_accuracy(),
            tally.topic_accuracy(),
            if case.structure.is_some() {
                structure_columns(&tally.structure)
            } else {
                String::new()
            }
        );
        if verbose {
            for error in tally.errors.iter().chain(&tally.structure.errors) {
                println!("    {error}");
            }
        }
        total.add(&tally);
    }
    println!(
        "{:<18} {:>8.3} {:>8.3} {:>8.3} {:>8.3}{}",
        "ALL",
        total.link_f1(),
        total.only_f1(),
        total.relation_accuracy(),
        total.topic_accuracy(),
        structure_columns(&total.structure)
    );
    println!(
        "link F1 {:.3} · one-side-only F1 {:.3} · relation accuracy {:.3} · topic accuracy {:.3} · {} cases · {} merged points · {} lost anchors",
        total.link_f1(),
        total.only_f1(),
        total.relation_accuracy(),
        total.topic_accuracy(),
        cases.len(),
        total.merged_points,
        total.lost_anchors
    );
    let key = &total.key;
    println!(
        "key differences: precision {:.3} ({} of {} listed are real; {:.3} if a one-sided item must have no counterpart at all) · recall of key differences {:.3} ({} of {}) · {} cases with differences.tsv",
        key.precision(),
        key.listed_real,
        key.listed,
        key.precision_strict(),
        key.recall(),
        key.gold_key_found,
        key.gold_key,
        cases.iter().filter(|c| !c.differences.is_empty()).count()
    );
    let st = &total.structure;
    let labelled = cases.iter().filter(|c| c.structure.is_some()).count();
    println!(
        "entity F1 {:.3} · time accuracy {:.3} · commitment recall {:.3} (strict {:.3}) · tone F1 {:.3} · engagement accuracy {:.3} · {} cases with structure · {} entities · {} times · {} commitments · {} engagement fields · {} lost structure anchors",
        st.entity_f1(),
        st.time_accuracy(),
        st.commitment_recall(),
        st.commitment_strict_recall(),
        st.tone_f1(),
        st.engagement_accuracy(),
        labelled,
        st.entity_tp + st.entity_fn,
        st.time_total,
        st.commitment_total,
        st.engagement_total,
        st.lost_anchors
    );
    Ok(())
}

fn structure_columns(t: &StructureTally) -> String {
    format!(
        " {:>9.3} {:>8.3} {:>8.3} {:>8.3} {:>8.3} {:>8.3}",
        t.entity_f1(),
        t.time_accuracy(),
        t.commitment_recall(),
        t.commitment_strict_recall(),
        t.tone_f1(),
        t.engagement_accuracy()
    )
}
