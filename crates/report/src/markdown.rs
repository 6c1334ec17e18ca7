//! Markdown for blogs and notes: a header, then one side-by-side table per
//! topic (GitHub-flavoured tables, which most blog engines accept).

use crate::labels::{
    engagement_line, human_date, initiator_line, parties, relation_meaning, source_heading,
    time_meaning, title, tone_line, verdict_sign, window_text,
};
use crate::rows::{by_topic, rows, Counts, Row, Verdict};
use parallax_model::{Comparison, Relation, Topic};
use std::collections::HashMap;
use std::fmt::Write;

/// The comparison as Markdown: engagement, sources and counts, then a table
/// per topic with one column per source and one row per link or one-side point.
pub fn to_markdown(c: &Comparison) -> String {
    let rows = rows(c);
    let counts = Counts::of(&rows, c.sources.len());
    let mut out = String::new();

    let _ = writeln!(out, "# {}\n", inline(&title(&c.engagement)));
    let line = engagement_line(&c.engagement, &c.findings);
    if !line.is_empty() {
        let _ = writeln!(out, "{}\n", inline(&line));
    }
    let initiator = initiator_line(&c.engagement);
    if !initiator.is_empty() {
        let _ = writeln!(out, "**Who asked:** {}\n", inline(&initiator));
    }

    write_key_differences(&mut out, c);

    if !c.sources.is_empty() {
        out.push_str("## Sources\n\n");
        for source in &c.sources {
            let _ = write!(
                out,
                "- **{}** — {}",
                inline(&source_heading(source)),
                source.language.name()
            );
            if let Some(published) = &source.published {
                let _ = write!(out, ", published {}", inline(&human_date(published)));
            }
            if let Some(title) = source
                .title
                .as_deref()
                .filter(|t| Some(*t) != source.issuer.as_deref())
            {
                let _ = write!(out, ": *{}*", inline(title));
            }
            let _ = write!(out, " ({})", code(&source.input));
            let tone = tone_line(&source.tone);
            if !tone.is_empty() {
                let _ = write!(out, " — tone: {}", inline(&tone));
            }
            out.push('\n');
        }
        out.push('\n');
    }

    let _ = writeln!(out, "**At a glance:** {}\n", counts_line(c, &counts));
    let _ = writeln!(
        out,
        "*{}. — means the source does not mention it.*\n",
        legend()
    );

    write_commitments(&mut out, c, &rows);

    for (topic, topic_rows) in by_topic(&rows) {
        let _ = writeln!(out, "## {}\n", inline(topic.label()));
        write_table(&mut out, c, topic_rows);
        out.push('\n');
        write_times(&mut out, topic_rows);
    }

    if !c.warnings.is_empty() {
        out.push_str("## Notes on the inputs\n\n");
        for warning in &c.warnings {
            let _ = writeln!(out, "- {}", inline(warning));
        }
        out.push('\n');
    }

    out.push_str("*Compared with Parallax (parallax.comparison/1).*\n");
    out
}

/// A table of every commitment of every source, in source order, each with
/// the point it comes from and that point's topic. Left out when there are none.
/// The ranked list first: one numbered item a journalist can paste, with
/// each side's words quoted underneath.
fn write_key_differences(out: &mut String, c: &Comparison) {
    if c.key_differences.is_empty() {
        return;
    }
    out.push_str("## Key differences\n\n");
    for (idx, key) in c.key_differences.iter().enumerate() {
        let _ = writeln!(out, "{}. {}", idx + 1, inline(&key.summary));
        for quote in crate::key::shown_quotes(key) {
            let _ = writeln!(
                out,
                "   > **{}** {} ({})",
                inline(&quote.source),
                inline(&quote.text),
                inline(&crate::key::position(quote))
            );
        }
    }
    out.push('\n');
    if c.findings.sources.len() > 1 {
        out.push_str("| Source |");
        for heading in crate::key::PROFILE_HEADINGS {
            let _ = write!(out, " {heading} |");
        }
        out.push_str("\n|---|---|---|---|---|---|\n");
        for profile in &c.findings.sources {
            let _ = write!(out, "| {} |", inline(&profile.source));
            for cell in crate::key::profile_cells(profile) {
                let _ = write!(out, " {} |", inline(&cell));
            }
            out.push('\n');
        }
        out.push('\n');
    }
}

fn write_commitments(out: &mut String, c: &Comparison, rows: &[Row<'_>]) {
    let topic_of: HashMap<&str, Topic> = rows
        .iter()
        .flat_map(|row| {
            row.cells
                .iter()
                .flatten()
                .map(move |point| (point.id.as_str(), row.topic))
        })
        .collect();
    let mut lines = Vec::new();
    for source in &c.sources {
        for point in &source.points {
            for commitment in &point.commitments {
                let point_ref = match topic_of.get(point.id.as_str()) {
                    Some(topic) => format!("{} ({})", point.id, topic.label()),
                    None => point.id.clone(),
                };
                let parties = parties(commitment);
                lines.push(format!(
                    "| {} | {} | {} | {} | {} | {} |",
                    inline(&source_heading(source)),
                    inline(&point_ref),
                    inline(&commitment.kind),
                    if parties.is_empty() {
                        "—".to_string()
                    } else {
                        inline(&parties)
                    },
                    inline(&window_text(commitment.window.as_ref())),
                    inline(&commitment.status),
                ));
            }
        }
    }
    if lines.is_empty() {
        return;
    }
    out.push_str("## Commitments\n\n| Source | Point | Kind | Actor → target | Window | Status |\n|---|---|---|---|---|---|\n");
    for line in lines {
        let _ = writeln!(out, "{line}");
    }
    out.push('\n');
}

/// Under a topic's table, the time expressions of its points and the dates
/// they were read as: "*When:* A5 “du 14 au 16 juin 2026” → 2026-06-14 – 2026-06-16".
fn write_times(out: &mut String, rows: &[Row<'_>]) {
    let times: Vec<String> = rows
        .iter()
        .flat_map(|row| row.cells.iter().flatten())
        .flat_map(|point| {
            point.times.iter().map(move |time| {
                format!(
                    "{} “{}” → {}",
                    inline(&point.id),
                    inline(&time.text),
                    inline(&time_meaning(time))
                )
            })
        })
        .collect();
    if !times.is_empty() {
        let _ = writeln!(out, "*When:* {}\n", times.join(" · "));
    }
}

fn counts_line(c: &Comparison, counts: &Counts) -> String {
    let mut parts = vec![
        format!("{} same", counts.same),
        format!("{} partial", counts.partial),
        format!("{} differs", counts.differs),
    ];
    for (source, n) in c.sources.iter().zip(&counts.only) {
        parts.push(format!("{n} only {}", inline(&source.id)));
    }
    parts.join(" · ")
}

fn legend() -> String {
    [Relation::Same, Relation::Partial, Relation::Differs]
        .into_iter()
        .map(|relation| {
            format!(
                "{} {}: {}",
                verdict_sign(Verdict::Linked(relation)),
                relation.id(),
                relation_meaning(relation)
            )
        })
        .chain(["only X: said by source X alone".to_string()])
        .collect::<Vec<_>>()
        .join(" · ")
}

fn write_table(out: &mut String, c: &Comparison, rows: &[Row<'_>]) {
    let with_notes = rows.iter().any(|row| !row.differences().is_empty());
    out.push_str("| |");
    for source in &c.sources {
        let _ = write!(out, " {} |", inline(&source_heading(source)));
    }
    if with_notes {
        out.push_str(" Differences |");
    }
    out.push_str("\n|---|");
    for _ in &c.sources {
        out.push_str("---|");
    }
    if with_notes {
        out.push_str("---|");
    }
    out.push('\n');

    for row in rows {
        let marker = match row.verdict {
            Verdict::Linked(relation) => format!("{} {}", verdict_sign(row.verdict), relation.id()),
            Verdict::Only { source_idx } => format!("only {}", inline(&c.sources[source_idx].id)),
        };
        let _ = write!(out, "| {marker} |");
        for points in &row.cells {
            if points.is_empty() {
                out.push_str(" — |");
            } else {
                let texts: Vec<String> = points.iter().map(|point| inline(&point.text)).collect();
                let _ = write!(out, " {} |", texts.join("<br>"));
            }
        }
        if with_notes {
            let notes: Vec<String> = row
                .differences()
                .iter()
                .map(|d| format!("{}: {}", inline(&d.kind), inline(&d.detail)))
                .collect();
            if notes.is_empty() {
                out.push_str(" |");
            } else {
                let _ = write!(out, " {} |", notes.join("<br>"));
            }
        }
        out.push('\n');
    }
}

/// Plain text made safe for inline Markdown: characters that would start
/// emphasis, links, code, HTML or a table cell are backslash-escaped, `&` is
/// escaped where it would start an entity, and runs of whitespace (line
/// breaks included) become one space.
fn inline(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text.trim();
    let mut pending_space = false;
    while let Some(ch) = rest.chars().next() {
        rest = &rest[ch.len_utf8()..];
        if ch.is_whitespace() {
            pending_space = true;
            continue;
        }
        if pending_space {
            out.push(' ');
            pending_space = false;
        }
        match ch {
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '~' => {
                out.push('\\');
                out.push(ch);
            }
            '&' if starts_entity(rest) => out.push_str("\\&"),
            _ => out.push(ch),
        }
    }
    out
}

/// Whether the text after an `&` would make it an HTML entity (`&amp;`, `&#39;`).
fn starts_entity(after: &str) -> bool {
    let name_len = after
        .bytes()
        .take_while(|b| b.is_ascii_alphanumeric() || *b == b'#')
        .count();
    name_len > 0 && after.as_bytes().get(name_len) == Some(&b';')
}

/// A code span holding `text` verbatim (Markdown cannot escape inside one, so
/// the fence is made longer than any run of backticks in the text).
fn code(text: &str) -> String {
    let text = text.replace(['\n', '\r'], " ");
    let longest_run = text.split(|ch| ch != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest_run + 1);
    let pad = if text.starts_with('`') || text.ends_with('`') {
        " "
    } else {
        ""
    };
    format!("{fence}{pad}{text}{pad}{fence}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inline_escapes_table_pipes_and_markup_and_flattens_newlines() {
        assert_eq!(inline("a | b"), "a \\| b");
        assert_eq!(
            inline("line one\nline two\r\n  three"),
            "line one line two three"
        );
        assert_eq!(
            inline("*not* _emphasis_ <b>"),
            "\\*not\\* \\_emphasis\\_ \\<b\\>"
        );
        assert_eq!(inline(r"back\slash"), r"back\\slash");
    }

    #[test]
    fn inline_escapes_ampersands_only_where_they_would_start_an_entity() {
        assert_eq!(inline("R&D and AT&T"), "R&D and AT&T");
        assert_eq!(inline("&amp; &#39;"), "\\&amp; \\&#39;");
    }

    #[test]
    fn code_span_fence_outgrows_backticks_inside() {
        assert_eq!(code("a.txt"), "`a.txt`");
        assert_eq!(code("a`b"), "``a`b``");
        assert_eq!(code("`x`"), "`` `x` ``");
    }
}
