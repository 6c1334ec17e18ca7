//! Dumps the score parts of every cross-source pair of gold points in the
//! development set as TSV, with whether the gold links them: the data the
//! alignment weights are chosen on (as a whole, never per sentence).
//!
//! Usage: cargo run --release -p parallax-eval --bin pairs > pairs.tsv

use anyhow::{Context, Result};
use parallax_compare::{Comparer, Input};
use parallax_embed::Usem3;
use parallax_eval::{load_cases, predicted_points, GoldKind, Tally};
use std::path::PathBuf;

fn main() -> Result<()> {
    let dir = std::env::args()
        .nth(1)
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../devset")));
    let model = Usem3::load().context("loading the bundled sentence model")?;
    let comparer = Comparer::new(&model);
    println!("case\ta\tb\tcosine\tconcepts\tconflict\tquantity\tsame_topic\tgold");
    for case in load_cases(&dir)? {
        let mut inputs = Vec::new();
        for file in &case.files {
            inputs.push(Input::new(parallax_ingest::read_input(
                &file.to_string_lossy(),
                &Default::default(),
            )?));
        }
        let comparison = comparer.compare(&inputs)?;
        let predicted = predicted_points(&case, &comparison, &mut Tally::default());
        let gold: Vec<((usize, usize), usize, GoldKind)> = predicted
            .iter()
            .filter_map(|(&(g, _), id)| Some((comparison.position(id)?, g, case.groups[g].kind)))
            .collect();
        for a in 0..inputs.len() {
            for b in a + 1..inputs.len() {
                let table = comparer.pair_scores(&inputs, a, b)?;
                for &((_, pa), ga, kind) in gold.iter().filter(|x| x.0 .0 == a) {
                    for &((_, pb), gb, _) in gold.iter().filter(|x| x.0 .0 == b) {
                        let parts = table[pa][pb];
                        let linked = ga == gb && kind != GoldKind::Only;
                        let label = match (linked, kind) {
                            (true, GoldKind::Link(relation)) => relation.id(),
                            _ => "none",
                        };
                        println!(
                            "{}\t{}\t{}\t{:.4}\t{:.4}\t{}\t{}\t{}\t{label}",
                            case.name,
                            comparison.sources[a].points[pa].id,
                            comparison.sources[b].points[pb].id,
                            parts.cosine,
                            parts.concepts,
                            u8::from(parts.places_conflict),
                            u8::from(parts.quantity),
                            u8::from(parts.same_topic)
                        );
                    }
                }
            }
        }
    }
    Ok(())
}
