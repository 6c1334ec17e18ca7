//! One self-contained HTML page: inline CSS, a few lines of optional inline
//! JS, no external fonts, scripts or images. The page reads fully without JS;
//! each point expands (a `<details>`) to show it in the context of its source.

pub(crate) mod escape;
mod marks;

use crate::labels::{
    engagement_line, human_date, initiator_claim, initiators_disagree, parties, relation_meaning,
    source_heading, source_name, time_meaning, title, tone_counts, verdict_id, verdict_sign,
    window_text,
};
use crate::rows::{by_topic, point_lang, rows, Counts, Row, Verdict};
use escape::Esc;
use parallax_model::{Commitment, Comparison, Lang, Point, Relation, Source, Topic};
use std::fmt::Write;

const STYLE: &str = include_str!("html/style.css");
const SCRIPT: &str = include_str!("html/script.js");

/// How much source text to show on each side of a point when it is expanded.
const CONTEXT_BYTES: usize = 320;

/// The comparison as a single HTML page: engagement, sources and counts up
/// top, a legend, then per topic a table with one column per source and one
/// row per link or one-side point, coloured and labelled by relation.
pub fn to_html(c: &Comparison) -> String {
    let rows = rows(c);
    let counts = Counts::of(&rows, c.sources.len());
    let title = title(&c.engagement);
    let mut out = String::with_capacity(16 * 1024 + c.sources.len() * 8 * 1024);

    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta name=\"generator\" content=\"Parallax\">\n\
         <title>{} — readout comparison</title>\n<style>\n{STYLE}</style>\n</head>\n<body>\n\
         <div class=\"page\">\n",
        Esc(&title)
    );

    write_masthead(&mut out, c, &title);
    write_key_differences(&mut out, c);
    write_sources(&mut out, c, &counts);
    write_profiles(&mut out, c);
    write_glance(&mut out, c, &counts);
    write_commitments(&mut out, c);

    let topics = by_topic(&rows);
    if topics.is_empty() {
        out.push_str("<p class=\"empty\">No points to compare.</p>\n");
    } else {
        write_contents(&mut out, &topics);
    }
    for (topic, topic_rows) in &topics {
        write_topic(&mut out, c, *topic, topic_rows);
    }

    if !c.warnings.is_empty() {
        out.push_str("<aside class=\"notes\">\n<h2>Notes on the inputs</h2>\n<ul>\n");
        for warning in &c.warnings {
            let _ = writeln!(out, "<li>{}</li>", Esc(warning));
        }
        out.push_str("</ul>\n</aside>\n");
    }

    let _ = write!(
        out,
        "<footer class=\"colophon\">\n<p>Compared with Parallax from the official readouts listed above. \
         Hover over a point to see where it sits in its source; click it to read it in context. \
         Positions are UTF-8 byte offsets into each source’s text as Parallax read it.</p>\n\
         <p class=\"schema\">{}</p>\n</footer>\n</div>\n<script>\n{SCRIPT}</script>\n</body>\n</html>\n",
        Esc(&c.schema)
    );
    out
}

/// The ranked list of what matters most, first on the page.
fn write_key_differences(out: &mut String, c: &Comparison) {
    if c.key_differences.is_empty() {
        return;
    }
    out.push_str(
        "<section class=\"key\" aria-label=\"Key differences\">\n<h2>Key differences</h2>\n<ol>\n",
    );
    for key in &c.key_differences {
        let _ = write!(
            out,
            "<li class=\"key-{}\"><p>{}</p>",
            Esc(&key.kind),
            Esc(&key.summary)
        );
        for quote in crate::key::shown_quotes(key) {
            let lang = crate::key::quote_lang(c, quote).map_or_else(String::new, lang_attrs);
            let target = quote.point.as_deref().unwrap_or(&quote.source);
            let _ = write!(
                out,
                "<blockquote{lang}><span class=\"src\">{src}</span> {text} <a class=\"pos\" href=\"#pt-{target}\">{pos}</a></blockquote>",
                src = Esc(&quote.source),
                text = crate::key::marked_quote(key, quote),
                target = Esc(target),
                pos = Esc(&crate::key::position(quote)),
            );
        }
        out.push_str("</li>\n");
    }
    out.push_str("</ol>\n</section>\n");
}

/// The readouts as wholes: length, format, who asked, emphasis.
fn write_profiles(out: &mut String, c: &Comparison) {
    if c.findings.sources.len() < 2 {
        return;
    }
    out.push_str("<section class=\"profiles\" aria-label=\"The readouts as wholes\">\n<h2 class=\"label\">The readouts as wholes</h2>\n<table>\n<thead><tr><th scope=\"col\">Source</th>");
    for heading in crate::key::PROFILE_HEADINGS {
        let _ = write!(out, "<th scope=\"col\">{}</th>", Esc(heading));
    }
    out.push_str("</tr></thead>\n<tbody>\n");
    for profile in &c.findings.sources {
        let _ = write!(out, "<tr><th scope=\"row\">{}</th>", Esc(&profile.source));
        for cell in crate::key::profile_cells(profile) {
            let _ = write!(out, "<td>{}</td>", Esc(&cell));
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody>\n</table>\n</section>\n");
}

fn write_masthead(out: &mut String, c: &Comparison, title: &str) {
    out.push_str(
        "<header class=\"masthead\">\n<p class=\"kicker\">Parallax · Readout comparison</p>\n",
    );
    let _ = writeln!(out, "<h1>{}</h1>", Esc(title));
    let line = engagement_line(&c.engagement, &c.findings);
    let n_sources = c.sources.len();
    let dek = match (line.is_empty(), n_sources) {
        (true, n) => format!("{n} readouts compared"),
        (false, n) => format!("{line} · {n} readouts compared"),
    };
    let _ = writeln!(out, "<p class=\"dek\">{}</p>", Esc(&dek));
    write_initiator(out, c);
    out.push_str("</header>\n");
}

/// Who asked for the engagement, as each source tells it, flagged when the
/// sources disagree.
fn write_initiator(out: &mut String, c: &Comparison) {
    let claims = &c.engagement.initiator;
    if claims.is_empty() {
        return;
    }
    out.push_str("<p class=\"initiator\"><span class=\"label\">Who asked</span> ");
    for (claim_idx, claim) in claims.iter().enumerate() {
        let lang = c
            .sources
            .iter()
            .find(|source| source.id == claim.source)
            .map(|source| lang_attrs(source.language))
            .unwrap_or_default();
        let _ = write!(
            out,
            "<span class=\"claim\" title=\"{title}\"><b>{source}</b> says: <q{lang}>{text}</q> <span class=\"to\">→ <b>{party}</b>{sep}</span></span>",
            title = Esc(&initiator_claim(claim)),
            sep = if claim_idx + 1 < claims.len() { ";" } else { "" },
            source = Esc(&claim.source),
            text = Esc(claim.text.trim()),
            party = Esc(&claim.party),
        );
    }
    if initiators_disagree(&c.engagement) {
        out.push_str(" <span class=\"flag\">sources disagree</span>");
    }
    out.push_str("</p>\n");
}

fn write_sources(out: &mut String, c: &Comparison, counts: &Counts) {
    if c.sources.is_empty() {
        return;
    }
    out.push_str("<section class=\"sources\" aria-label=\"Sources\">\n");
    for (source_idx, source) in c.sources.iter().enumerate() {
        let _ = writeln!(
            out,
            "<article class=\"source\">\n<span class=\"badge\" aria-hidden=\"true\">{}</span>\n<div>\n\
             <h2 class=\"source-name\"><span class=\"sr\">Source {} · </span>{}</h2>",
            Esc(&source.id),
            Esc(&source.id),
            Esc(&source_name(source))
        );
        if let Some(doc_title) = source
            .title
            .as_deref()
            .filter(|t| Some(*t) != source.issuer.as_deref())
        {
            let _ = writeln!(
                out,
                "<p class=\"source-title\"{}>{}</p>",
                lang_attrs(source.language),
                Esc(doc_title)
            );
        }
        let mut meta = vec![format!(
            "{} ({})",
            source.language.name(),
            source.language.code()
        )];
        if let Some(published) = &source.published {
            meta.push(format!("published {}", human_date(published)));
        }
        meta.push(plural(source.points.len(), "point", "points"));
        meta.push(format!("{} only here", counts.only[source_idx]));
        let _ = writeln!(
            out,
            "<p class=\"source-meta\">{}</p>",
            Esc(&meta.join(" · "))
        );
        let tone = tone_counts(&source.tone);
        if !tone.is_empty() {
            out.push_str("<p class=\"tone\"><span class=\"label\">Tone</span> ");
            for (category, n) in tone {
                let _ = write!(
                    out,
                    "<span class=\"tone-chip\">{} <b>{n}</b></span>",
                    Esc(category)
                );
            }
            out.push_str("</p>\n");
        }
        let _ = writeln!(
            out,
            "<p class=\"source-input\"><code>{}</code></p>\n</div>\n</article>",
            Esc(&source.input)
        );
    }
    out.push_str("</section>\n");
}

fn write_glance(out: &mut String, c: &Comparison, counts: &Counts) {
    out.push_str(
        "<section class=\"glance\" aria-label=\"At a glance\">\n<h2 class=\"label\">At a glance</h2>\n<ul class=\"chips\">\n",
    );
    for relation in [Relation::Same, Relation::Partial, Relation::Differs] {
        let verdict = Verdict::Linked(relation);
        let _ = writeln!(
            out,
            "<li class=\"chip rel-{id}{zero}\"><span class=\"sign\" aria-hidden=\"true\">{sign}</span><b>{n}</b> {id}</li>",
            id = verdict_id(verdict),
            sign = verdict_sign(verdict),
            n = counts.of_relation(relation),
            zero = zero_class(counts.of_relation(relation)),
        );
    }
    for (source_idx, source) in c.sources.iter().enumerate() {
        let verdict = Verdict::Only { source_idx };
        let _ = writeln!(
            out,
            "<li class=\"chip rel-only{zero}\" title=\"Said only by {name}\"><span class=\"sign\" aria-hidden=\"true\">{sign}</span><b>{n}</b> only {id}</li>",
            name = Esc(&source_heading(source)),
            sign = verdict_sign(verdict),
            n = counts.only[source_idx],
            id = Esc(&source.id),
            zero = zero_class(counts.only[source_idx]),
        );
    }
    out.push_str("</ul>\n<dl class=\"legend\">\n");
    for relation in [Relation::Same, Relation::Partial, Relation::Differs] {
        let verdict = Verdict::Linked(relation);
        let _ = writeln!(
            out,
            "<div class=\"rel-{id}\"><dt><span class=\"tag\"><span class=\"sign\" aria-hidden=\"true\">{sign}</span> {id}</span></dt><dd>{meaning}</dd></div>",
            id = verdict_id(verdict),
            sign = verdict_sign(verdict),
            meaning = relation_meaning(relation),
        );
    }
    let only = Verdict::Only { source_idx: 0 };
    let _ = writeln!(
        out,
        "<div class=\"rel-only\"><dt><span class=\"tag\"><span class=\"sign\" aria-hidden=\"true\">{}</span> only</span></dt>\
         <dd>said by one side only; the other columns read <span class=\"none-sample\">— not mentioned</span></dd></div>",
        verdict_sign(only)
    );
    out.push_str("</dl>\n</section>\n");
}

/// Every commitment of every source, grouped by source, each with the point
/// it comes from. Left out when no source has a commitment.
fn write_commitments(out: &mut String, c: &Comparison) {
    let n_commitments: usize = c
        .sources
        .iter()
        .flat_map(|source| &source.points)
        .map(|point| point.commitments.len())
        .sum();
    if n_commitments == 0 {
        return;
    }
    out.push_str(
        "<section class=\"commitments\" aria-label=\"Commitments\">\n<h2 class=\"label\">Commitments</h2>\n<div class=\"by-source\">\n",
    );
    for source in &c.sources {
        let _ = write!(
            out,
            "<div class=\"commit-source\"><h3><span class=\"badge\" aria-hidden=\"true\">{id}</span><span class=\"sr\">Source {id} · </span>{}</h3>",
            Esc(&source_name(source)),
            id = Esc(&source.id),
        );
        let commitments: Vec<(&Point, &Commitment)> = source
            .points
            .iter()
            .flat_map(|point| {
                point
                    .commitments
                    .iter()
                    .map(move |commitment| (point, commitment))
            })
            .collect();
        if commitments.is_empty() {
            out.push_str("<p class=\"none-found\">No commitments found.</p></div>\n");
            continue;
        }
        out.push_str("<ul class=\"commits\">");
        for (point, commitment) in commitments {
            let _ = write!(
                out,
                "<li><a class=\"pid\" href=\"#pt-{id}\">{id}</a> ",
                id = Esc(&point.id)
            );
            write_commitment(out, commitment);
            out.push_str("</li>");
        }
        out.push_str("</ul></div>\n");
    }
    out.push_str("</div>\n</section>\n");
}

/// "visit · Q7747 → CN · 2026-01-01–2026-06-30 · accepted", the status as a pill.
fn write_commitment(out: &mut String, commitment: &Commitment) {
    let _ = write!(out, "<span class=\"kind\">{}</span>", Esc(&commitment.kind));
    let parties = parties(commitment);
    if !parties.is_empty() {
        let _ = write!(out, " · <span class=\"parties\">{}</span>", Esc(&parties));
    }
    let _ = write!(
        out,
        " · <span class=\"window\">{}</span> · <span class=\"status status-{}\">{}</span>",
        Esc(&window_text(commitment.window.as_ref())),
        status_class(&commitment.status),
        Esc(&commitment.status)
    );
}

/// The CSS class suffix of a commitment status; unknown statuses share one.
fn status_class(status: &str) -> &'static str {
    match status {
        "proposed" => "proposed",
        "agreed" => "agreed",
        "accepted" => "accepted",
        _ => "other",
    }
}

fn write_contents(out: &mut String, topics: &[(Topic, &[Row<'_>])]) {
    out.push_str("<nav class=\"contents\" aria-label=\"Topics\">\n<ol>\n");
    for (topic, topic_rows) in topics {
        let flagged = topic_rows
            .iter()
            .filter(|row| row.verdict != Verdict::Linked(Relation::Same))
            .count();
        let note = match flagged {
            0 => String::new(),
            n => format!(" · {n} not the same"),
        };
        let _ = writeln!(
            out,
            "<li><a href=\"#topic-{}\">{}</a> <span class=\"n\">{}{note}</span></li>",
            topic.id(),
            Esc(topic.label()),
            plural(topic_rows.len(), "row", "rows"),
        );
    }
    out.push_str(
        "</ol>\n<div class=\"filter\" role=\"group\" aria-label=\"Rows shown\" hidden>\
         <button type=\"button\" data-view=\"all\" aria-pressed=\"true\">All rows</button>\
         <button type=\"button\" data-view=\"focus\" aria-pressed=\"false\">Differences and omissions</button></div>\n</nav>\n",
    );
}

fn write_topic(out: &mut String, c: &Comparison, topic: Topic, rows: &[Row<'_>]) {
    let n_sources = c.sources.len();
    let _ = write!(
        out,
        "<section class=\"topic\" id=\"topic-{id}\">\n<h2>{label}</h2>\n\
         <table class=\"grid\" style=\"--n-sources: {n_sources}\">\n<thead><tr><th scope=\"col\" class=\"rel-col\">Relation</th>",
        id = topic.id(),
        label = Esc(topic.label()),
    );
    for source in &c.sources {
        let _ = write!(
            out,
            "<th scope=\"col\"><span class=\"badge\" aria-hidden=\"true\">{}</span> {} <span class=\"lang-code\">{}</span></th>",
            Esc(&source.id),
            Esc(&source_name(source)),
            source.language.code()
        );
    }
    out.push_str("</tr></thead>\n");
    for row in rows {
        write_row(out, c, row);
    }
    out.push_str("</table>\n</section>\n");
}

fn write_row(out: &mut String, c: &Comparison, row: &Row<'_>) {
    let id = verdict_id(row.verdict);
    let label = match row.verdict {
        Verdict::Linked(relation) => relation.id().to_string(),
        Verdict::Only { source_idx } => format!("only {}", c.sources[source_idx].id),
    };
    let _ = write!(
        out,
        "<tbody class=\"row rel-{id}\" id=\"row-{n}\">\n<tr>\n<th scope=\"row\" class=\"rel\">\
         <span class=\"tag\"><span class=\"sign\" aria-hidden=\"true\">{sign}</span> {label}</span>",
        n = row.number,
        sign = verdict_sign(row.verdict),
        label = Esc(&label),
    );
    if let Some(score) = row.score() {
        let _ = write!(
            out,
            "<span class=\"score\" title=\"Alignment score\">{score:.2}</span>"
        );
    }
    out.push_str("</th>\n");

    for (source, points) in c.sources.iter().zip(&row.cells) {
        let heading = source_heading(source);
        if points.is_empty() {
            let _ = writeln!(
                out,
                "<td class=\"none\" data-source=\"{}\"><span class=\"none-text\">Not mentioned</span></td>",
                Esc(&heading)
            );
            continue;
        }
        let _ = write!(
            out,
            "<td data-source=\"{}\"{}>",
            Esc(&heading),
            lang_attrs(source.language)
        );
        for point in points {
            write_point(out, source, point, &heading);
        }
        out.push_str("</td>\n");
    }
    out.push_str("</tr>\n");

    let differences = row.differences();
    if !differences.is_empty() {
        let _ = write!(
            out,
            "<tr class=\"diffs\"><td class=\"diffs-label\">Differences</td><td colspan=\"{}\"><ul>",
            c.sources.len().max(1)
        );
        for difference in differences {
            let _ = write!(
                out,
                "<li><span class=\"kind\">{}</span> {}</li>",
                Esc(&difference.kind),
                Esc(&difference.detail)
            );
        }
        out.push_str("</ul></td></tr>\n");
    }
    out.push_str("</tbody>\n");
}

/// A point: its text, its source position on hover, and the surrounding source
/// text when expanded.
fn write_point(out: &mut String, source: &Source, point: &Point, heading: &str) {
    let lang = point_lang(source, point);
    let position = format!("Source {heading} · bytes {}–{}", point.start, point.end);
    let own_lang = if lang == source.language {
        String::new()
    } else {
        lang_attrs(lang)
    };
    let _ = write!(
        out,
        "<details class=\"pt\" id=\"pt-{id}\" title=\"{position}\"{own_lang}><summary><span class=\"pid\">{id}</span> {text}</summary>",
        id = Esc(&point.id),
        position = Esc(&position),
        text = marks::marked_text(point),
    );
    match context(&source.text, point.start, point.end) {
        Some(ctx) => {
            let _ = write!(
                out,
                "<blockquote class=\"ctx\"><span class=\"where\">{} · bytes {}–{}</span>{}{}<mark>{}</mark>{}{}</blockquote>",
                Esc(heading),
                point.start,
                point.end,
                if ctx.cut_before { "…" } else { "" },
                Esc(ctx.before),
                Esc(ctx.point),
                Esc(ctx.after),
                if ctx.cut_after { "…" } else { "" },
            );
        }
        None => {
            let _ = write!(
                out,
                "<p class=\"ctx ctx-missing\">The source text at bytes {}–{} is not available.</p>",
                point.start, point.end
            );
        }
    }
    out.push_str("</details>");
    write_facts(out, point, &lang_attrs(lang));
}

/// Under a point: the dates its time expressions were read as, and its
/// commitments — visible without hover, on phones and on paper.
fn write_facts(out: &mut String, point: &Point, point_lang: &str) {
    if point.times.is_empty() && point.commitments.is_empty() {
        return;
    }
    out.push_str("<ul class=\"facts\" lang=\"en\" dir=\"ltr\">");
    for time in &point.times {
        let _ = write!(
            out,
            "<li class=\"fact-time\"><span class=\"fact\">When</span> <q{point_lang}>{}</q> · {}</li>",
            Esc(time.text.trim()),
            Esc(&time_meaning(time))
        );
    }
    for commitment in &point.commitments {
        out.push_str("<li class=\"fact-commit\"><span class=\"fact\">Commitment</span> ");
        write_commitment(out, commitment);
        out.push_str("</li>");
    }
    out.push_str("</ul>");
}

/// ` lang="ru"`, plus ` dir="rtl"` for right-to-left scripts.
fn lang_attrs(lang: Lang) -> String {
    let dir = if lang == Lang::Ar { " dir=\"rtl\"" } else { "" };
    format!(" lang=\"{}\"{dir}", lang.code())
}

/// Chips for a count of zero are drawn muted, so the counts that matter stand out.
fn zero_class(n: usize) -> &'static str {
    if n == 0 {
        " zero"
    } else {
        ""
    }
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// A point's text with some of the source text around it.
#[derive(Debug, PartialEq, Eq)]
struct Context<'t> {
    before: &'t str,
    point: &'t str,
    after: &'t str,
    cut_before: bool,
    cut_after: bool,
}

/// The point at `start..end` of `text` with up to [`CONTEXT_BYTES`] around it,
/// cut at a space where one is near; `None` if the offsets do not fit `text`.
fn context(text: &str, start: usize, end: usize) -> Option<Context<'_>> {
    let point = text.get(start..end)?;
    let mut from = start.saturating_sub(CONTEXT_BYTES);
    while !text.is_char_boundary(from) {
        from += 1;
    }
    let mut to = (end + CONTEXT_BYTES).min(text.len());
    while !text.is_char_boundary(to) {
        to -= 1;
    }
    let mut before = &text[from..start];
    let mut after = &text[end..to];
    let cut_before = from > 0;
    let cut_after = to < text.len();
    if cut_before {
        if let Some(space) = before.find(char::is_whitespace).filter(|&i| i < 48) {
            before = &before[space..];
        }
    }
    if cut_after {
        if let Some(space) = after
            .rfind(char::is_whitespace)
            .filter(|&i| after.len() - i < 48)
        {
            after = &after[..space];
        }
    }
    Some(Context {
        before: before.trim_start(),
        point,
        after: after.trim_end(),
        cut_before,
        cut_after,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn context_keeps_short_texts_whole() {
        let text = "First. Second point. Third.";
        let ctx = context(text, 7, 20).unwrap();
        assert_eq!(
            ctx,
            Context {
                before: "First. ",
                point: "Second point.",
                after: " Third.",
                cut_before: false,
                cut_after: false
            }
        );
    }

    #[test]
    fn context_cuts_long_texts_on_char_boundaries() {
        let text = format!("{}POINT{}", "Путин ".repeat(100), " 普京".repeat(200));
        let start = text.find("POINT").unwrap();
        let ctx = context(&text, start, start + 5).unwrap();
        assert_eq!(ctx.point, "POINT");
        assert!(ctx.cut_before && ctx.cut_after);
        assert!(
            ctx.before.starts_with("Путин"),
            "cut at a space: {:?}",
            ctx.before
        );
        assert!(ctx.after.len() <= CONTEXT_BYTES);
    }

    #[test]
    fn context_is_none_for_offsets_outside_the_text_or_inside_a_char() {
        assert_eq!(context("short", 2, 99), None);
        assert_eq!(context("Путин", 1, 4), None);
    }

    #[test]
    fn an_empty_comparison_is_still_a_page() {
        let comparison = Comparison {
            schema: parallax_model::SCHEMA.into(),
            engagement: Default::default(),
            sources: vec![],
            links: vec![],
            unmatched: vec!["A1".into()],
            warnings: vec![],
            findings: Default::default(),
            key_differences: vec![],
        };
        let html = to_html(&comparison);
        assert!(html.contains("<h1>Readout comparison</h1>"));
        assert!(html.contains("No points to compare."));
        assert!(html.ends_with("</html>\n"));
    }

    #[test]
    fn arabic_gets_rtl_direction() {
        assert_eq!(lang_attrs(Lang::Ar), " lang=\"ar\" dir=\"rtl\"");
        assert_eq!(lang_attrs(Lang::Ru), " lang=\"ru\"");
    }
}
