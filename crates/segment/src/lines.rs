//! From lines to blocks: list items, headings and paragraphs, with a
//! paragraph's hard-wrapped lines joined back together.

use parallax_model::Span;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) enum BlockKind {
    #[default]
    Blank,
    Bullet,
    Heading,
    Paragraph,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Block {
    pub kind: BlockKind,
    /// The block's text without its marker ("- ", "## ", "1.").
    pub body: Span,
}

/// Physical lines of `text` without their terminators.
fn physical_lines(text: &str) -> impl Iterator<Item = Span> + '_ {
    let bytes = text.as_bytes();
    let mut start = 0;
    std::iter::from_fn(move || {
        if start >= bytes.len() {
            return None;
        }
        let mut end = start;
        while end < bytes.len() && bytes[end] != b'\n' && bytes[end] != b'\r' {
            end += 1;
        }
        let line = Span::new(start, end);
        start = end;
        if start < bytes.len() && bytes[start] == b'\r' {
            start += 1;
        }
        if start < bytes.len() && bytes[start] == b'\n' {
            start += 1;
        }
        // A lone U+2028/U+2029 is rare enough to stay inside its line.
        Some(line)
    })
}

pub(crate) fn blocks(text: &str) -> Vec<Block> {
    let mut blocks: Vec<Block> = Vec::new();
    for line in physical_lines(text) {
        let raw = line.slice(text);
        let content = raw.trim();
        if content.is_empty() || is_rule(content) {
            blocks.push(Block {
                kind: BlockKind::Blank,
                body: line,
            });
            continue;
        }
        let indent = raw.len() - raw.trim_start().len();
        let content_start = line.start + indent;
        let content_span = Span::new(content_start, content_start + content.len());
        if let Some(level_len) = markdown_heading(content) {
            let body = Span::new(content_start + level_len, content_span.end);
            blocks.push(Block {
                kind: BlockKind::Heading,
                body,
            });
            continue;
        }
        if is_setext_underline(content) {
            if let Some(prev) = blocks.last_mut() {
                if prev.kind == BlockKind::Paragraph {
                    prev.kind = BlockKind::Heading;
                    continue;
                }
            }
            blocks.push(Block {
                kind: BlockKind::Blank,
                body: line,
            });
            continue;
        }
        if let Some(marker_len) = bullet_marker(content) {
            let body = Span::new(content_start + marker_len, content_span.end);
            blocks.push(Block {
                kind: BlockKind::Bullet,
                body,
            });
            continue;
        }
        if let Some(prev) = blocks.last_mut() {
            let prev_text = prev.body.slice(text);
            let continues = match prev.kind {
                BlockKind::Bullet => {
                    indent > 0 || (!ends_like_sentence(prev_text) && starts_lowercase(content))
                }
                BlockKind::Paragraph => {
                    !ends_like_sentence(prev_text)
                        && !looks_like_label(prev_text)
                        && (!looks_like_title(prev_text) || starts_lowercase(content))
                }
                BlockKind::Blank | BlockKind::Heading => false,
            };
            if continues {
                prev.body.end = content_span.end;
                continue;
            }
        }
        blocks.push(Block {
            kind: BlockKind::Paragraph,
            body: content_span,
        });
    }
    blocks
}

fn is_rule(line: &str) -> bool {
    line.len() >= 3
        && line
            .chars()
            .all(|c| matches!(c, '-' | '*' | '_' | '=' | '—' | ' '))
        && line.chars().filter(|c| !c.is_whitespace()).count() >= 3
        && !line.chars().all(|c| c == '=')
}

fn is_setext_underline(line: &str) -> bool {
    line.len() >= 3 && line.chars().all(|c| c == '=')
}

/// Length of a Markdown ATX heading marker ("## ") at the start of the line.
fn markdown_heading(line: &str) -> Option<usize> {
    let n_hashes = line.bytes().take_while(|&b| b == b'#').count();
    if (1..=6).contains(&n_hashes) && line[n_hashes..].starts_with([' ', '\t']) {
        let rest = &line[n_hashes..];
        Some(n_hashes + (rest.len() - rest.trim_start().len()))
    } else {
        None
    }
}

/// Whether the line opens with a date ("27. Mai 2026", "3. Juni").
fn starts_with_date(line: &str) -> bool {
    crate::dates::find_dates(line)
        .first()
        .is_some_and(|date| date.span.start == 0)
}

/// Length of a list marker and the whitespace after it, if the line is a list item.
pub(crate) fn bullet_marker(line: &str) -> Option<usize> {
    let mut chars = line.char_indices();
    let (_, first) = chars.next()?;
    let after_marker = if matches!(
        first,
        '-' | '*'
            | '+'
            | '•'
            | '·'
            | '–'
            | '—'
            | '▪'
            | '◦'
            | '●'
            | '■'
            | '►'
            | '‣'
            | '○'
            | '▸'
            | '✓'
    ) {
        Some(first.len_utf8())
    } else if first.is_ascii_digit() || ('０'..='９').contains(&first) {
        // 1. / 1) / 12. / １． / 1、
        let digits_end = line
            .char_indices()
            .find(|(_, c)| !(c.is_ascii_digit() || ('０'..='９').contains(c)))
            .map(|(idx, _)| idx)?;
        let n_digits = line[..digits_end].chars().count();
        let rest = &line[digits_end..];
        let sep = rest.chars().next()?;
        if n_digits <= 3 && matches!(sep, '.' | ')' | '．' | '、') {
            if sep == '.' && rest[1..].starts_with(|c: char| c.is_ascii_digit()) {
                return None; // "1.5 million"
            }
            if sep == '.' && starts_with_date(line) {
                return None; // a German date: "27. Mai 2026"
            }
            Some(digits_end + sep.len_utf8())
        } else {
            None
        }
    } else if first == '(' || first == '（' {
        // (1) / (a) / （一）
        let close = line
            .char_indices()
            .take(6)
            .find(|(_, c)| matches!(c, ')' | '）'))?
            .0;
        let inner = &line[first.len_utf8()..close];
        let ok = !inner.is_empty()
            && (inner.chars().all(|c| c.is_ascii_digit())
                || (inner.len() == 1 && inner.chars().all(|c| c.is_ascii_lowercase()))
                || inner.chars().all(is_chinese_numeral));
        ok.then(|| close + line[close..].chars().next().map_or(1, char::len_utf8))
    } else if is_chinese_numeral(first) {
        // 一、
        let (idx, sep) = chars.find(|(_, c)| !is_chinese_numeral(*c))?;
        (sep == '、' && idx <= 9).then_some(idx + sep.len_utf8())
    } else if first.is_ascii_lowercase() {
        // a) — but not words
        let (idx, sep) = chars.next()?;
        (sep == ')').then_some(idx + 1)
    } else {
        None
    }?;
    let rest = &line[after_marker..];
    let is_cjk_marker = line[..after_marker].ends_with(['、', '）', '．']);
    if rest.is_empty() {
        return None;
    }
    if !is_cjk_marker && !rest.starts_with(char::is_whitespace) {
        return None;
    }
    Some(after_marker + (rest.len() - rest.trim_start().len()))
}

fn is_chinese_numeral(c: char) -> bool {
    matches!(
        c,
        '一' | '二' | '三' | '四' | '五' | '六' | '七' | '八' | '九' | '十'
    )
}

fn starts_lowercase(line: &str) -> bool {
    line.chars().next().is_some_and(char::is_lowercase)
}

/// Whether the text ends the way a sentence does, closing quotes aside.
pub(crate) fn ends_like_sentence(text: &str) -> bool {
    let core = text
        .trim_end()
        .trim_end_matches(|c: char| crate::sentences::is_closing(c) || c.is_whitespace());
    core.ends_with(['.', '!', '?', '…', '。', '！', '？', '؟', ';', '；'])
}

fn n_words(text: &str) -> usize {
    let n_cjk = text.chars().filter(|&c| parallax_model::is_cjk(c)).count();
    text.split_whitespace().count() + n_cjk / 2
}

/// "Main points:", "Основные моменты:", "要点：" — a short line ending in a colon.
pub(crate) fn looks_like_label(text: &str) -> bool {
    text.trim_end().ends_with([':', '：']) && n_words(text) <= 8
}

/// A short line without sentence punctuation, such as a title or heading.
pub(crate) fn looks_like_title(text: &str) -> bool {
    !ends_like_sentence(text)
        && n_words(text) <= 20
        && !text.trim_end().ends_with([',', '，', '、'])
}
