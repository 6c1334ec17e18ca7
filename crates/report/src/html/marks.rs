//! A point's text with its entities and time expressions marked up.
//!
//! Entities and times carry byte offsets into their source's text; a point
//! starts at `point.start` of that text, so a mention sits at
//! `mention.start - point.start` of the point's own text. A mention is marked
//! only where those offsets fall inside the point, on character boundaries,
//! and the text there is the mention's text — anything else is left unmarked,
//! never a panic. Marks nest (a place inside a time expression) but never
//! cross: of two overlapping mentions, the one starting first wins.

use super::escape::Esc;
use crate::labels::time_meaning;
use parallax_model::Point;
use std::fmt::Write;

/// The entity kinds with a style of their own; any other kind is drawn plain.
const ENTITY_KINDS: [&str; 5] = ["person", "country", "organization", "place", "event"];

/// One mention to mark, in the point's own byte offsets.
#[derive(Debug)]
struct Mark {
    start: usize,
    end: usize,
    open: String,
    close: &'static str,
}

/// The point's text, escaped, with `<mark class="ent ent-…">` around entities
/// and `<span class="when">` around time expressions.
pub(crate) fn marked_text(point: &Point) -> String {
    let mut marks: Vec<Mark> = Vec::new();
    for entity in &point.entities {
        let Some((start, end)) = local(point, entity.start, entity.end, &entity.text) else {
            continue;
        };
        let kind = if ENTITY_KINDS.contains(&entity.kind.as_str()) {
            entity.kind.as_str()
        } else {
            "other"
        };
        marks.push(Mark {
            start,
            end,
            open: format!(
                "<mark class=\"ent ent-{kind}\" title=\"{}\">",
                Esc(&entity.id)
            ),
            close: "</mark>",
        });
    }
    for time in &point.times {
        let Some((start, end)) = local(point, time.span[0], time.span[1], &time.text) else {
            continue;
        };
        marks.push(Mark {
            start,
            end,
            open: format!(
                "<span class=\"when\" title=\"{}\">",
                Esc(&time_meaning(time))
            ),
            close: "</span>",
        });
    }
    // Outer marks first: by start, then the longer one.
    marks.sort_by(|a, b| a.start.cmp(&b.start).then(b.end.cmp(&a.end)));

    let text = point.text.as_str();
    let mut out = String::with_capacity(text.len() + marks.len() * 48);
    let mut open: Vec<&Mark> = Vec::new();
    let mut written = 0;
    for mark in &marks {
        while let Some(top) = open.last().filter(|top| top.end <= mark.start) {
            let _ = write!(out, "{}{}", Esc(&text[written..top.end]), top.close);
            written = top.end;
            open.pop();
        }
        if open.last().is_some_and(|top| mark.end > top.end) {
            continue; // crosses a mark already open
        }
        let _ = write!(out, "{}{}", Esc(&text[written..mark.start]), mark.open);
        written = mark.start;
        open.push(mark);
    }
    while let Some(top) = open.pop() {
        let _ = write!(out, "{}{}", Esc(&text[written..top.end]), top.close);
        written = top.end;
    }
    let _ = write!(out, "{}", Esc(&text[written..]));
    out
}

/// The source offsets `start..end` as offsets into the point's text, if they
/// fall inside it on character boundaries and the text there is `expected`.
fn local(point: &Point, start: usize, end: usize, expected: &str) -> Option<(usize, usize)> {
    let start = start.checked_sub(point.start)?;
    let end = end.checked_sub(point.start)?;
    if start >= end {
        return None;
    }
    let found = point.text.get(start..end)?;
    (found == expected).then_some((start, end))
}

#[cfg(test)]
mod tests {
    use super::*;
    use parallax_model::{Entity, TimeExpr};

    /// A point at byte 100 of its source.
    fn point(text: &str) -> Point {
        Point {
            id: "A1".into(),
            text: text.into(),
            start: 100,
            end: 100 + text.len(),
            language: None,
            topics: vec![],
            entities: vec![],
            times: vec![],
            commitments: vec![],
            tone: vec![],
        }
    }

    fn entity(text: &str, kind: &str, id: &str, start: usize) -> Entity {
        Entity {
            text: text.into(),
            kind: kind.into(),
            id: id.into(),
            start,
            end: start + text.len(),
        }
    }

    fn time(text: &str, start: usize, days: Option<(&str, &str)>) -> TimeExpr {
        TimeExpr {
            text: text.into(),
            start: days.map(|d| d.0.into()),
            end: days.map(|d| d.1.into()),
            span: [start, start + text.len()],
        }
    }

    #[test]
    fn entities_and_times_are_marked_and_escaped() {
        let mut p = point("Talks with <AT&T> in Évian next year.");
        p.entities
            .push(entity("<AT&T>", "organization", "Q\"35476", 111));
        p.entities.push(entity("Évian", "place", "Q190129", 121));
        p.times
            .push(time("next year", 128, Some(("2027-01-01", "2027-12-31"))));
        assert_eq!(
            marked_text(&p),
            "Talks with <mark class=\"ent ent-organization\" title=\"Q&quot;35476\">&lt;AT&amp;T&gt;</mark> \
             in <mark class=\"ent ent-place\" title=\"Q190129\">Évian</mark> \
             <span class=\"when\" title=\"2027-01-01 – 2027-12-31\">next year</span>."
        );
    }

    #[test]
    fn a_vague_time_says_so_and_an_entity_inside_it_nests() {
        let mut p = point("Before the G7 summit they will talk.");
        p.times.push(time("Before the G7 summit", 100, None));
        p.entities
            .push(entity("G7", "organization", "Q1764511", 111));
        assert_eq!(
            marked_text(&p),
            "<span class=\"when\" title=\"no date: too vague\">Before the \
             <mark class=\"ent ent-organization\" title=\"Q1764511\">G7</mark> summit</span> they will talk."
        );
    }

    #[test]
    fn broken_offsets_are_skipped_not_a_panic() {
        let mut p = point("Путин и Си");
        let good = entity("Си", "person", "Q15031", 100 + "Путин и ".len());
        p.entities = vec![
            entity("Путин", "person", "Q7747", 0),    // before the point
            entity("Путин", "person", "Q7747", 101),  // inside a character
            entity("Си", "person", "Q15031", 10_000), // after the point
            entity("Путин", "person", "Q7747", 103),  // text does not match
            Entity {
                end: 50, // ends before it starts
                ..good.clone()
            },
            Entity {
                end: usize::MAX, // past the end
                ..good.clone()
            },
            good,
        ];
        p.times.push(TimeExpr {
            span: [usize::MAX, 3],
            ..time("x", 0, None)
        });
        assert_eq!(
            marked_text(&p),
            "Путин и <mark class=\"ent ent-person\" title=\"Q15031\">Си</mark>"
        );
    }

    #[test]
    fn crossing_marks_keep_the_first_and_unknown_kinds_are_plain() {
        let mut p = point("New York City");
        p.entities.push(entity("New York", "thing", "X1", 100));
        p.entities.push(entity("York City", "place", "X2", 104));
        assert_eq!(
            marked_text(&p),
            "<mark class=\"ent ent-other\" title=\"X1\">New York</mark> City"
        );
    }
}
