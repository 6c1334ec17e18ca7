//! Splits a readout into the points a reader would count: every bullet is a
//! point, every sentence of a paragraph is a point, and the lines around them
//! that are not statements — a title, a date line, labels such as
//! "Main points:" and section headings — are kept aside as metadata (the date
//! line gives the publication date).
//!
//! Segmentation never fails: odd input yields fewer points and a warning.
//!
//! ```
//! use parallax_model::Lang;
//! let text = "Readout of the call\n4 February 2026\n\nMr. Ushakov briefed the press. The talk lasted an hour.\n- Both sides agreed to meet.\n";
//! let seg = parallax_segment::segment(text, Lang::En);
//! assert_eq!(seg.published.as_deref(), Some("2026-02-04"));
//! let points: Vec<&str> = seg.points.iter().map(|p| p.span.slice(text)).collect();
//! assert_eq!(points, ["Mr. Ushakov briefed the press.", "The talk lasted an hour.", "Both sides agreed to meet."]);
//! ```

pub mod dates;
mod lines;

/// Length of a line's list marker and the whitespace after it ("- ", "1. ",
/// "(2) ", "一、"), when the line is a list item.
pub fn list_marker(line: &str) -> Option<usize> {
    lines::bullet_marker(line)
}
mod sentences;

use lines::BlockKind;
use parallax_model::{Lang, Span};

/// How a point was delimited in the source.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PointKind {
    /// A list item ("- ", "• ", "1.", "a)").
    Bullet,
    /// One sentence (or Chinese ；-clause) of a paragraph.
    Sentence,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SegPoint {
    /// The point's text, without bullet marker or surrounding whitespace.
    pub span: Span,
    pub kind: PointKind,
    /// The section heading or label line the point sits under, if any.
    pub heading: Option<Span>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Segmentation {
    pub points: Vec<SegPoint>,
    pub title: Option<Span>,
    /// The line that carries the publication date.
    pub date_line: Option<Span>,
    /// The date line's date, ISO 8601.
    pub published: Option<String>,
    /// Headings and labels ("Main points:") that are not points.
    pub headings: Vec<Span>,
    pub warnings: Vec<String>,
}

/// Splits `text` into points. `lang` is the document's language, used for
/// abbreviations and scripts written without spaces.
pub fn segment(text: &str, lang: Lang) -> Segmentation {
    let blocks = lines::blocks(text);
    let mut seg = Segmentation::default();
    let mut heading = None;
    let n_content_blocks = blocks.iter().filter(|b| b.kind != BlockKind::Blank).count();
    let mut seen_content = false;
    for (block_idx, block) in blocks.iter().enumerate() {
        let body = block.body.slice(text);
        match block.kind {
            BlockKind::Blank => continue,
            BlockKind::Bullet => {
                if let Some(span) = trimmed(text, block.body) {
                    seg.points.push(SegPoint {
                        span,
                        kind: PointKind::Bullet,
                        heading,
                    });
                    seen_content = true;
                }
            }
            BlockKind::Heading => {
                if seg.title.is_none() && !seen_content && seg.headings.is_empty() {
                    seg.title = Some(block.body);
                } else {
                    seg.headings.push(block.body);
                    heading = Some(block.body);
                }
            }
            BlockKind::Paragraph => {
                let is_first = !seen_content && seg.title.is_none() && seg.date_line.is_none();
                if seg.date_line.is_none() {
                    if let Some(date) = date_line_date(body) {
                        seg.date_line = Some(block.body);
                        seg.published = date.iso();
                        continue;
                    }
                }
                if lines::looks_like_label(body) {
                    seg.headings.push(block.body);
                    heading = Some(block.body);
                    continue;
                }
                let next_is_content = blocks[block_idx + 1..]
                    .iter()
                    .find(|b| b.kind != BlockKind::Blank)
                    .is_some_and(|b| b.kind != BlockKind::Heading);
                if is_first
                    && n_content_blocks > 1
                    && next_is_content
                    && lines::looks_like_title(body)
                {
                    seg.title = Some(block.body);
                    continue;
                }
                if seen_content
                    && next_is_content
                    && lines::looks_like_title(body)
                    && !lines::ends_like_sentence(body)
                {
                    seg.headings.push(block.body);
                    heading = Some(block.body);
                    continue;
                }
                let next_is_bullet = blocks[block_idx + 1..]
                    .iter()
                    .find(|b| b.kind != BlockKind::Blank)
                    .is_some_and(|b| b.kind == BlockKind::Bullet);
                let sentences = sentences::split(text, block.body, lang);
                let n_sentences = sentences.len();
                for (sentence_idx, span) in sentences.into_iter().enumerate() {
                    if let Some(span) = trimmed(text, span) {
                        // "… today. The leaders:" before a list: its lead-in
                        let lead_in = sentence_idx + 1 == n_sentences
                            && next_is_bullet
                            && lines::looks_like_label(span.slice(text));
                        if lead_in {
                            seg.headings.push(span);
                            heading = Some(span);
                            continue;
                        }
                        seg.points.push(SegPoint {
                            span,
                            kind: PointKind::Sentence,
                            heading,
                        });
                        seen_content = true;
                    }
                }
            }
        }
    }
    seg.points.retain(|point| {
        let text = point.span.slice(text);
        let bare_marker = lines::bullet_marker(&format!("{text} x")) == Some(text.len() + 1);
        text.chars().any(parallax_model::is_letter) && !bare_marker
    });
    if seg.points.is_empty() {
        seg.warnings.push(if text.trim().is_empty() {
            "no text to split into points".to_owned()
        } else {
            "found no sentences or bullets in this text".to_owned()
        });
    }
    let n_long = seg.points.iter().filter(|p| p.span.len() > 5_000).count();
    if n_long > 0 {
        seg.warnings.push(format!(
            "{n_long} point(s) are over 5,000 bytes long: the text may lack sentence punctuation"
        ));
    }
    seg
}

/// A line is a date line when it is short and mostly one full date, such as
/// "4 February 2026", "Moscow, 4 February 2026, 15:30" or "2026年2月4日".
fn date_line_date(line: &str) -> Option<dates::DateMention> {
    if line.chars().count() > 80 {
        return None;
    }
    let found = dates::find_dates(line);
    let date = *found.first()?;
    date.iso()?;
    let rest: String = format!("{}{}", &line[..date.span.start], &line[date.span.end..]);
    let n_rest_words = rest
        .split(|c: char| !parallax_model::is_letter(c))
        .filter(|w| !w.is_empty())
        .count();
    let n_rest_cjk = rest.chars().filter(|&c| parallax_model::is_cjk(c)).count();
    (n_rest_words <= 4
        && n_rest_cjk <= 6
        && !lines::ends_like_sentence(line.trim_end_matches(['.', '。']).trim_end()))
    .then_some(date)
}

/// The span without leading/trailing whitespace, or None if nothing is left.
fn trimmed(text: &str, span: Span) -> Option<Span> {
    let slice = span.slice(text);
    let start = span.start + (slice.len() - slice.trim_start().len());
    let end = span.start + slice.trim_end().len();
    (start < end).then(|| Span::new(start, end))
}

#[cfg(test)]
mod tests;
