//! Labels a link: `differs` when the points give conflicting numbers, dates
//! or outcomes (agreed vs discussed); `partial` when one side says more or
//! several points make up one; otherwise `same`.

use crate::{AlignPoint, PointRef, Weights};
use parallax_analyze::periods::Period;
use parallax_analyze::Modality;
use parallax_model::{Difference, Relation};

fn fmt_quantity(value: f64, percent: bool) -> String {
    let scaled = if value.abs() >= 1e9 {
        format!("{} billion", trim(value / 1e9))
    } else if value.abs() >= 1e6 {
        format!("{} million", trim(value / 1e6))
    } else {
        trim(value)
    };
    if percent {
        format!("{scaled}%")
    } else {
        scaled
    }
}

fn trim(value: f64) -> String {
    let text = format!("{value:.2}");
    text.trim_end_matches('0').trim_end_matches('.').to_owned()
}

fn month_range(period: &Period) -> String {
    let name = parallax_model::month_name;
    if period.first_month == period.last_month {
        name(period.first_month).to_owned()
    } else {
        format!("{}–{}", name(period.first_month), name(period.last_month))
    }
}

fn modality_name(modality: Modality) -> &'static str {
    match modality {
        Modality::Agreed => "agreed",
        Modality::Discussed => "discussed",
        Modality::Proposed => "proposed",
    }
}

pub(crate) fn label(
    sources: &[Vec<AlignPoint<'_>>],
    members: &[PointRef],
    weights: &Weights,
) -> (Relation, Vec<Difference>) {
    let mut differences = Vec::new();
    let per_source = |source: usize| members.iter().filter(move |m| m.source == source);
    let sources_in_group: Vec<usize> = {
        let mut s: Vec<usize> = members.iter().map(|m| m.source).collect();
        s.dedup();
        s
    };
    let point = |m: &PointRef| &sources[m.source][m.point];

    // quantities: each side gives numbers and they share none
    let quantities: Vec<(usize, Vec<(f64, bool)>)> = sources_in_group
        .iter()
        .map(|&s| {
            let values = per_source(s)
                .flat_map(|m| {
                    point(m)
                        .features
                        .quantities
                        .iter()
                        .map(|q| (q.value, q.percent))
                })
                .collect();
            (s, values)
        })
        .collect();
    for (idx, (sa, qa)) in quantities.iter().enumerate() {
        for (sb, qb) in &quantities[idx + 1..] {
            if qa.is_empty() || qb.is_empty() {
                continue;
            }
            let comparable = |x: &(f64, bool), y: &(f64, bool)| x.1 == y.1;
            let equal = |x: &(f64, bool), y: &(f64, bool)| {
                comparable(x, y) && (x.0 - y.0).abs() <= 0.005 * x.0.abs().max(1.0)
            };
            let any_comparable = qa.iter().any(|x| qb.iter().any(|y| comparable(x, y)));
            let any_equal = qa.iter().any(|x| qb.iter().any(|y| equal(x, y)));
            if any_comparable && !any_equal {
                let list = |q: &[(f64, bool)]| {
                    q.iter()
                        .map(|(v, p)| fmt_quantity(*v, *p))
                        .collect::<Vec<_>>()
                        .join(", ")
                };
                differences.push(Difference {
                    kind: "number".to_owned(),
                    detail: format!(
                        "{}: {} · {}: {}",
                        parallax_model::source_id(*sa),
                        list(qa),
                        parallax_model::source_id(*sb),
                        list(qb)
                    ),
                });
            }
        }
    }

    // dates: both sides date it, and the days differ
    let dates: Vec<(usize, Vec<String>)> = sources_in_group
        .iter()
        .map(|&s| {
            let values = per_source(s)
                .flat_map(|m| point(m).features.dates.iter())
                .map(|d| match d.day {
                    Some(day) => format!("{:02}-{:02}", d.month, day),
                    None => format!("{:02}", d.month),
                })
                .collect();
            (s, values)
        })
        .collect();
    for (idx, (sa, da)) in dates.iter().enumerate() {
        for (sb, db) in &dates[idx + 1..] {
            if !da.is_empty() && !db.is_empty() && !da.iter().any(|d| db.contains(d)) {
                differences.push(Difference {
                    kind: "date".to_owned(),
                    detail: format!(
                        "{}: {} · {}: {}",
                        parallax_model::source_id(*sa),
                        da.join(", "),
                        parallax_model::source_id(*sb),
                        db.join(", ")
                    ),
                });
            }
        }
    }

    // periods: both sides name a month, season or half-year, and none overlap
    let periods: Vec<(usize, Vec<Period>)> = sources_in_group
        .iter()
        .map(|&s| {
            let mut found: Vec<Period> = per_source(s)
                .flat_map(|m| point(m).features.periods.iter().copied())
                .collect();
            found.extend(
                per_source(s)
                    .flat_map(|m| point(m).features.dates.iter())
                    .map(|d| Period {
                        span: d.span,
                        first_month: d.month,
                        last_month: d.month,
                    }),
            );
            (s, found)
        })
        .collect();
    for (idx, (sa, pa)) in periods.iter().enumerate() {
        for (sb, pb) in &periods[idx + 1..] {
            if !pa.is_empty()
                && !pb.is_empty()
                && !pa.iter().any(|x| pb.iter().any(|y| x.overlaps(y)))
            {
                let list =
                    |ps: &[Period]| ps.iter().map(month_range).collect::<Vec<_>>().join(", ");
                differences.push(Difference {
                    kind: "date".to_owned(),
                    detail: format!(
                        "{}: {} · {}: {}",
                        parallax_model::source_id(*sa),
                        list(pa),
                        parallax_model::source_id(*sb),
                        list(pb)
                    ),
                });
            }
        }
    }

    // outcome: one side says agreed, the other only discussed or proposed
    let modalities: Vec<(usize, Option<Modality>)> = sources_in_group
        .iter()
        .map(|&s| {
            let strongest = per_source(s)
                .filter_map(|m| point(m).features.modality)
                .min_by_key(|m| match m {
                    Modality::Agreed => 0,
                    Modality::Proposed => 1,
                    Modality::Discussed => 2,
                });
            (s, strongest)
        })
        .collect();
    for (idx, (sa, ma)) in modalities.iter().enumerate() {
        for (sb, mb) in &modalities[idx + 1..] {
            if let (Some(ma), Some(mb)) = (ma, mb) {
                if (*ma == Modality::Agreed) != (*mb == Modality::Agreed) {
                    differences.push(Difference {
                        kind: "outcome".to_owned(),
                        detail: format!(
                            "{}: {} · {}: {}",
                            parallax_model::source_id(*sa),
                            modality_name(*ma),
                            parallax_model::source_id(*sb),
                            modality_name(*mb)
                        ),
                    });
                }
            }
        }
    }
    if !differences.is_empty() {
        return (Relation::Differs, differences);
    }

    let one_to_many = sources_in_group.iter().any(|&s| per_source(s).count() > 1);
    let lengths: Vec<usize> = sources_in_group
        .iter()
        .map(|&s| per_source(s).map(|m| point(m).n_chars).sum())
        .collect();
    let longest = lengths.iter().copied().max().unwrap_or(0) as f32;
    let shortest = lengths.iter().copied().min().unwrap_or(0).max(1) as f32;
    if one_to_many {
        differences.push(Difference {
            kind: "scope".to_owned(),
            detail: "one side spreads this over several points".to_owned(),
        });
    }
    // how close the wording is, from the model alone (not the contrasted score)
    let mut cosines = Vec::new();
    for (idx, x) in members.iter().enumerate() {
        for y in members[idx + 1..].iter().filter(|y| y.source != x.source) {
            cosines.push(
                point(x)
                    .vector
                    .iter()
                    .zip(point(y).vector)
                    .map(|(a, b)| a * b)
                    .sum::<f32>(),
            );
        }
    }
    let cosine = cosines.iter().sum::<f32>() / cosines.len().max(1) as f32;
    if one_to_many || cosine < weights.same_cosine || longest / shortest > weights.same_length_ratio
    {
        return (Relation::Partial, differences);
    }
    (Relation::Same, differences)
}
