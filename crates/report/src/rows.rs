//! The row model the Markdown, HTML and CSV views share: one row per link or
//! unmatched point, with one cell per source, grouped by primary topic.
//!
//! Ids the comparison refers to but does not contain are skipped rather than
//! reported as errors: a report shows what is there.

use parallax_model::{Comparison, Difference, Lang, Link, Point, Relation, Source, Topic};

/// What a row says about its points.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Verdict {
    /// The points of a link, and how they relate.
    Linked(Relation),
    /// A point only the source at `source_idx` has.
    Only { source_idx: usize },
}

/// One line of a side-by-side report.
#[derive(Debug)]
pub(crate) struct Row<'c> {
    /// 1-based, in report order (topic, then position in the sources).
    pub number: usize,
    pub topic: Topic,
    pub verdict: Verdict,
    /// The link behind the row; `None` for an unmatched point.
    pub link: Option<&'c Link>,
    /// One entry per source, in source order: that source's points in this row.
    pub cells: Vec<Vec<&'c Point>>,
}

impl Row<'_> {
    pub fn score(&self) -> Option<f32> {
        self.link.map(|link| link.score)
    }

    pub fn differences(&self) -> &[Difference] {
        self.link.map_or(&[], |link| link.differences.as_slice())
    }
}

/// The rows of a comparison in report order: by topic (in the order of
/// [`Topic::ALL`]), then by where their points sit in their sources.
pub(crate) fn rows(c: &Comparison) -> Vec<Row<'_>> {
    let linked = c
        .links
        .iter()
        .filter_map(|link| keyed_row(c, Verdict::Linked(link.relation), Some(link), &link.points));
    let unmatched = c.unmatched.iter().filter_map(|id| {
        let verdict = Verdict::Only { source_idx: 0 };
        keyed_row(c, verdict, None, std::slice::from_ref(id))
    });
    let mut keyed: Vec<(RowKey, Row<'_>)> = linked.chain(unmatched).collect();
    keyed.sort_by(|(a, _), (b, _)| {
        topic_rank(a.topic)
            .cmp(&topic_rank(b.topic))
            .then(a.position.total_cmp(&b.position))
            .then(a.source_idx.cmp(&b.source_idx))
    });
    keyed
        .into_iter()
        .enumerate()
        .map(|(idx, (_, mut row))| {
            row.number = idx + 1;
            row
        })
        .collect()
}

/// Where a row goes: its topic, then how far into its source (0.0 = first
/// point, so rows of sources of different lengths interleave) its earliest
/// point is, then which source that point is in.
struct RowKey {
    topic: Topic,
    position: f64,
    source_idx: usize,
}

/// The row of the points `ids`, or `None` if none of them is in a source.
fn keyed_row<'c>(
    c: &'c Comparison,
    verdict: Verdict,
    link: Option<&'c Link>,
    ids: &[String],
) -> Option<(RowKey, Row<'c>)> {
    let mut cells: Vec<Vec<&Point>> = vec![Vec::new(); c.sources.len()];
    let mut key = RowKey {
        topic: Topic::Other,
        position: f64::INFINITY,
        source_idx: usize::MAX,
    };
    for id in ids {
        let Some((source_idx, point_idx)) = locate(c, id) else {
            continue;
        };
        let source = &c.sources[source_idx];
        cells[source_idx].push(&source.points[point_idx]);
        let position = point_idx as f64 / source.points.len() as f64;
        if (position, source_idx) < (key.position, key.source_idx) {
            key.position = position;
            key.source_idx = source_idx;
        }
    }
    for cell in &mut cells {
        cell.sort_by_key(|point| point.start);
    }
    key.topic = primary_topic(&cells)?;
    let verdict = match verdict {
        // The source is where the point was found, whatever its id says.
        Verdict::Only { .. } => Verdict::Only {
            source_idx: key.source_idx,
        },
        linked => linked,
    };
    let row = Row {
        number: 0,
        topic: key.topic,
        verdict,
        link,
        cells,
    };
    Some((key, row))
}

/// The source index and point index of the point `id`.
fn locate(c: &Comparison, id: &str) -> Option<(usize, usize)> {
    c.sources
        .iter()
        .enumerate()
        .find_map(|(source_idx, source)| {
            let point_idx = source.points.iter().position(|point| point.id == id)?;
            Some((source_idx, point_idx))
        })
}

/// The first topic of the first point, in source order; `Other` when no point
/// has a topic; `None` when the row has no point at all.
fn primary_topic(cells: &[Vec<&Point>]) -> Option<Topic> {
    let mut points = cells.iter().flatten().peekable();
    points.peek()?;
    Some(
        points
            .find_map(|point| point.topics.first().copied())
            .unwrap_or(Topic::Other),
    )
}

fn topic_rank(topic: Topic) -> usize {
    Topic::ALL
        .iter()
        .position(|t| *t == topic)
        .unwrap_or(Topic::ALL.len())
}

/// Consecutive rows of one topic. `rows` must be in report order.
pub(crate) fn by_topic<'r, 'c>(rows: &'r [Row<'c>]) -> Vec<(Topic, &'r [Row<'c>])> {
    rows.chunk_by(|a, b| a.topic == b.topic)
        .map(|chunk| (chunk[0].topic, chunk))
        .collect()
}

/// How many rows of each kind: links by relation, one-side points by source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Counts {
    pub same: usize,
    pub partial: usize,
    pub differs: usize,
    /// Indexed like `Comparison::sources`.
    pub only: Vec<usize>,
}

impl Counts {
    pub fn of(rows: &[Row<'_>], n_sources: usize) -> Counts {
        let mut counts = Counts {
            same: 0,
            partial: 0,
            differs: 0,
            only: vec![0; n_sources],
        };
        for row in rows {
            match row.verdict {
                Verdict::Linked(Relation::Same) => counts.same += 1,
                Verdict::Linked(Relation::Partial) => counts.partial += 1,
                Verdict::Linked(Relation::Differs) => counts.differs += 1,
                Verdict::Only { source_idx } => counts.only[source_idx] += 1,
            }
        }
        counts
    }

    pub fn of_relation(&self, relation: Relation) -> usize {
        match relation {
            Relation::Same => self.same,
            Relation::Partial => self.partial,
            Relation::Differs => self.differs,
        }
    }
}

/// The language a point is written in: its own when set, else its source's.
pub(crate) fn point_lang(source: &Source, point: &Point) -> Lang {
    point.language.unwrap_or(source.language)
}

#[cfg(test)]
mod tests {
    use super::*;
    use parallax_model::{Engagement, InputFormat, SCHEMA};

    fn point(id: &str, start: usize, topics: &[Topic]) -> Point {
        Point {
            id: id.into(),
            text: format!("text of {id}"),
            start,
            end: start + 5,
            language: None,
            topics: topics.to_vec(),
            entities: vec![],
            times: vec![],
            commitments: vec![],
            tone: vec![],
        }
    }

    fn source(id: &str, points: Vec<Point>) -> Source {
        Source {
            id: id.into(),
            input: format!("{id}.txt"),
            issuer: None,
            language: Lang::En,
            title: None,
            published: None,
            format: InputFormat::Text,
            encoding: "UTF-8".into(),
            offsets: "utf8_bytes_of_text".into(),
            excerpt: None,
            text: String::new(),
            tone: Default::default(),
            points,
        }
    }

    fn link(ids: &[&str], relation: Relation) -> Link {
        Link {
            points: ids.iter().map(|id| id.to_string()).collect(),
            relation,
            score: 0.8,
            differences: vec![],
        }
    }

    fn comparison() -> Comparison {
        use Topic::*;
        Comparison {
            schema: SCHEMA.into(),
            engagement: Engagement::default(),
            sources: vec![
                source(
                    "A",
                    vec![
                        point("A1", 0, &[Economy]),
                        point("A2", 10, &[Relations]),
                        point("A3", 20, &[Economy]),
                    ],
                ),
                source(
                    "B",
                    vec![
                        point("B1", 0, &[]),
                        point("B2", 10, &[Economy]),
                        point("B3", 20, &[Relations]),
                    ],
                ),
            ],
            links: vec![
                link(&["B3", "A2"], Relation::Same),
                link(&["A3", "B1"], Relation::Differs),
            ],
            unmatched: vec!["A1".into(), "B2".into(), "Z9".into()],
            warnings: vec![],
            findings: Default::default(),
            key_differences: vec![],
        }
    }

    #[test]
    fn rows_are_grouped_by_primary_topic_then_ordered_by_position() {
        let c = comparison();
        let rows = rows(&c);
        let summary: Vec<(usize, Topic, Vec<usize>)> = rows
            .iter()
            .map(|row| {
                (
                    row.number,
                    row.topic,
                    row.cells.iter().map(Vec::len).collect(),
                )
            })
            .collect();
        assert_eq!(
            summary,
            vec![
                (1, Topic::Relations, vec![1, 1]),
                // A1 and the A3–B1 link both start a source (A first), then
                // B2, the second of three points of B.
                (2, Topic::Economy, vec![1, 0]),
                (3, Topic::Economy, vec![1, 1]),
                (4, Topic::Economy, vec![0, 1]),
            ]
        );
        assert_eq!(rows[3].verdict, Verdict::Only { source_idx: 1 });
        let topics: Vec<Topic> = by_topic(&rows).iter().map(|(t, _)| *t).collect();
        assert_eq!(topics, vec![Topic::Relations, Topic::Economy]);
    }

    #[test]
    fn unknown_ids_are_skipped_not_fatal() {
        let mut c = comparison();
        c.links.push(link(&["X1", "Y1"], Relation::Same));
        let rows = rows(&c);
        assert_eq!(
            rows.len(),
            4,
            "Z9 and the X1–Y1 link have no points to show"
        );
        let counts = Counts::of(&rows, 2);
        assert_eq!(
            counts,
            Counts {
                same: 1,
                partial: 0,
                differs: 1,
                only: vec![1, 1]
            }
        );
    }
}
