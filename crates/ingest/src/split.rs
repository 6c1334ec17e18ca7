//! Per-source sections of an analysis article. A journalist quotes two
//! readouts of one call in a single text, each under a heading ("Kremlin
//! readout:", "Compte rendu de la Chine"), with commentary around them.
//! [`split_sources`] finds the sections; [`split_document`] turns each into a
//! [`Document`] of its own, so the sections compare like separate readouts.
//!
//! The rules, all on whole lines:
//!
//! - A *heading* is a short line (at most 140 characters) that is not a list
//!   item and does not end like a sentence: its last character is a letter, a
//!   digit, a colon or a closing bracket. Markdown `#` markers and `**bold**`
//!   are looked through.
//! - A *source heading* is a heading that names a readout (`REPORT_WORDS`:
//!   "readout", "compte rendu", "заявление", "纪要"…) or who issued it
//!   (`SIDES`: "Kremlin", "White House", "de la Chine", "中方"…; `ISSUERS`:
//!   "MFA", "МИД", "外交部"…). Cues match case-insensitively on whole words,
//!   a `*` ending a stem; Chinese cues match anywhere in the line. It is not a
//!   source heading when it names two countries (a heading about both
//!   readouts), starts with an attribution ("Source: kremlin.ru", "By …"), or
//!   is the text's first line with neither a colon at its end nor a list under
//!   it (the article's title).
//! - A section's *body* starts at the first non-blank line under its heading.
//!   If that line is a list item, the body is the run of list items (blank
//!   lines and wrapped lines allowed) and the first plain line after it — the
//!   author's commentary — ends it. Otherwise the body is the paragraphs up to
//!   the next source heading, or up to any heading that follows a finished
//!   sentence (a byline, "Analysis", "Comments").
//! - The line right under a heading opens its body even if it names a source
//!   (a readout quoted with its own title), unless it ends with a colon: then
//!   the first heading had no body, and a heading with no body gives no
//!   section.
//!
//! Text outside the sections — intro, commentary, bylines, footers — belongs
//! to none. Bodies and headings are byte-exact slices of the text, trimmed of
//! surrounding whitespace.
//!
//! ```
//! use parallax_ingest::split::split_sources;
//!
//! let text = "Two readouts, one call.\n\nKremlin readout:\n- Trade grew.\n\nMy view: fine.\n\n\
//!             Xinhua statement:\n- Ties are strong.\n";
//! let sections = split_sources(text);
//! assert_eq!(sections.len(), 2);
//! assert_eq!(sections[0].label, "Kremlin readout");
//! assert_eq!(sections[0].span.slice(text), "- Trade grew.");
//! assert_eq!(sections[1].span.slice(text), "- Ties are strong.");
//! ```

use crate::error::{display_name, Error, Result};
use parallax_model::{is_cjk, Document, Span};

/// Words that name a readout; `*` ends a stem.
const REPORT_WORDS: &[&str] = &[
    // en
    "readout*",
    "statement*",
    "summary",
    "summaries",
    "account",
    "accounts",
    "version*",
    "transcript*",
    "press release*",
    // fr (plus "version*", "transcript*")
    "compte* rendu*",
    "communiqu*",
    "résumé*",
    "déclaration*",
    "verbatim",
    // ru
    "сообщени*",
    "стенограмм*",
    "заявлени*",
    "изложени*",
    "коммюнике",
    "пресс релиз*",
    "верси*",
    "отчет*",
    "отчёт*",
    // zh
    "纪要",
    "通报",
    "新闻稿",
    "声明",
    "公报",
    "通稿",
    "实录",
    // es
    "comunicado*",
    "versión",
    "versiones",
    "declaraci*",
    "resumen*",
    "nota de prensa",
    "nota informativa",
    "transcripci*",
    // de
    "mitteilung*",
    "pressemitteilung*",
    "erklärung*",
    "zusammenfassung*",
    "darstellung*",
    "kommuniqu*",
    "lesart",
    "wortlaut",
];

/// Who speaks, and the country (ISO 3166 code) it speaks for: offices,
/// agencies, and a country's side or possessive.
const SIDES: &[(&str, &str)] = &[
    // Russia
    ("kremlin", "ru"),
    ("kreml*", "ru"),
    ("кремл*", "ru"),
    ("克里姆林宫", "ru"),
    ("russian side", "ru"),
    ("russia's", "ru"),
    ("moscow's", "ru"),
    ("russian foreign ministry", "ru"),
    ("de la russie", "ru"),
    ("côté russe", "ru"),
    ("partie russe", "ru"),
    ("российск* сторон*", "ru"),
    ("мид россии", "ru"),
    ("俄方", "ru"),
    ("俄罗斯外交部", "ru"),
    ("de rusia", "ru"),
    ("parte rusa", "ru"),
    ("russlands", "ru"),
    ("russisch* seite", "ru"),
    // China
    ("xinhua", "cn"),
    ("синьхуа", "cn"),
    ("新华社", "cn"),
    ("新华网", "cn"),
    ("chinese side", "cn"),
    ("china's", "cn"),
    ("beijing's", "cn"),
    ("chinese foreign ministry", "cn"),
    ("de la chine", "cn"),
    ("côté chinois", "cn"),
    ("partie chinoise", "cn"),
    ("китайск* сторон*", "cn"),
    ("мид кнр", "cn"),
    ("мид китая", "cn"),
    ("中方", "cn"),
    ("中国外交部", "cn"),
    ("de china", "cn"),
    ("parte china", "cn"),
    ("chinas", "cn"),
    ("chinesisch* seite", "cn"),
    // United States
    ("white house", "us"),
    ("state department", "us"),
    ("american side", "us"),
    ("us side", "us"),
    ("u.s. side", "us"),
    ("america's", "us"),
    ("washington's", "us"),
    ("maison blanche", "us"),
    ("département d'état", "us"),
    ("des états-unis", "us"),
    ("côté américain", "us"),
    ("partie américaine", "us"),
    ("бел* дом*", "us"),
    ("госдеп*", "us"),
    ("американск* сторон*", "us"),
    ("白宫", "us"),
    ("美方", "us"),
    ("美国国务院", "us"),
    ("casa blanca", "us"),
    ("de estados unidos", "us"),
    ("parte estadounidense", "us"),
    ("weiß* haus*", "us"),
    ("amerikanisch* seite", "us"),
    // France
    ("élysée", "fr"),
    ("elysée", "fr"),
    ("elysee", "fr"),
    ("quai d'orsay", "fr"),
    ("french side", "fr"),
    ("france's", "fr"),
    ("de la france", "fr"),
    ("côté français", "fr"),
    ("partie française", "fr"),
    ("елисейск* двор*", "fr"),
    ("французск* сторон*", "fr"),
    ("爱丽舍", "fr"),
    ("法方", "fr"),
    ("elíseo", "fr"),
    ("frankreichs", "fr"),
    ("französisch* seite", "fr"),
    // United Kingdom
    ("downing street", "gb"),
    ("foreign office", "gb"),
    ("british side", "gb"),
    ("britain's", "gb"),
    ("du royaume-uni", "gb"),
    ("côté britannique", "gb"),
    ("британск* сторон*", "gb"),
    ("唐宁街", "gb"),
    ("英方", "gb"),
    ("britisch* seite", "gb"),
    // Germany
    ("bundeskanzleramt", "de"),
    ("kanzleramt", "de"),
    ("bundesregierung", "de"),
    ("auswärtig* amt*", "de"),
    ("german side", "de"),
    ("germany's", "de"),
    ("de l'allemagne", "de"),
    ("côté allemand", "de"),
    ("partie allemande", "de"),
    ("немецк* сторон*", "de"),
    ("德方", "de"),
    ("deutsch* seite", "de"),
    ("deutschlands", "de"),
    // Ukraine
    ("ukrainian side", "ua"),
    ("ukraine's", "ua"),
    ("de l'ukraine", "ua"),
    ("украинск* сторон*", "ua"),
    ("乌方", "ua"),
];

/// Offices that issue readouts for whichever country they belong to.
const ISSUERS: &[&str] = &[
    "mfa",
    "foreign ministry",
    "ministry of foreign affairs",
    "ministère des affaires étrangères",
    "мид",
    "министерств* иностранных дел",
    "外交部",
    "cancillería",
    "ministerio de asuntos exteriores",
    "ministerio de relaciones exteriores",
    "außenministerium",
];

/// First words of a line that credits a source rather than heading one.
const ATTRIBUTIONS: &[&str] = &[
    "source",
    "sources",
    "via",
    "by",
    "par",
    "photo",
    "credit",
    "crédit",
    "источник",
    "фото",
    "автор",
    "fuente",
    "quelle",
    "来源",
    "图片",
];

/// The longest line, in characters, taken for a heading.
const MAX_HEADING_CHARS: usize = 140;

/// One readout quoted in an article: its heading and the points under it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Section {
    /// The heading without Markdown markers, its trailing colon or the
    /// brackets around it: "Kremlin readout", "Compte rendu de la Chine".
    pub label: String,
    /// The section's body in the text, heading excluded, from its first to its
    /// last non-blank character.
    pub span: Span,
    /// The heading line, without surrounding whitespace.
    pub heading: Span,
}

/// The per-source sections of `text`, in order; none when it has no
/// headings naming a source. See the module's rules.
pub fn split_sources(text: &str) -> Vec<Section> {
    let lines: Vec<Line> = physical_lines(text)
        .map(|line| Line::read(text, line))
        .collect();
    let title_idx = lines.iter().position(|line| !line.is_blank());
    let mut sections = Vec::new();
    let mut line_idx = 0;
    while line_idx < lines.len() {
        let heading = &lines[line_idx];
        if !heading.names_source {
            line_idx += 1;
            continue;
        }
        let Some(first_idx) = next_non_blank(&lines, line_idx + 1) else {
            break;
        };
        let first = &lines[first_idx];
        let is_title = Some(line_idx) == title_idx && !heading.ends_with_colon && !first.is_bullet;
        if is_title || (first.names_source && first.ends_with_colon) {
            line_idx = first_idx;
            continue;
        }
        let last_idx = if first.is_bullet {
            end_of_list(text, &lines, first_idx)
        } else {
            end_of_paragraphs(&lines, first_idx)
        };
        sections.push(Section {
            label: label(heading.content.slice(text)),
            span: Span::new(first.content.start, lines[last_idx].content.end),
            heading: heading.content,
        });
        line_idx = last_idx + 1;
    }
    sections
}

/// One document per section of `doc`: its body as the text (a byte-exact
/// slice), its heading's label as the label, `input` named `<input>#1`,
/// `<input>#2`…, the same format, encoding, HTML title and reading warnings;
/// with each, where its body sits in `doc.text`. Refused when the text has
/// fewer than two sections, which would leave nothing to compare.
pub fn split_document(doc: &Document) -> Result<Vec<(Document, Span)>> {
    let sections = split_sources(&doc.text);
    let input = display_name(&doc.input);
    if sections.len() < 2 {
        return Err(Error::TooFewSections {
            input,
            found: sections.into_iter().next().map(|section| section.label),
        });
    }
    let documents = sections
        .into_iter()
        .enumerate()
        .map(|(section_idx, section)| {
            let document = Document {
                input: format!("{input}#{}", section_idx + 1),
                label: Some(section.label),
                format: doc.format,
                encoding: doc.encoding.clone(),
                html_title: doc.html_title.clone(),
                text: section.span.slice(&doc.text).to_string(),
                warnings: doc.warnings.clone(),
            };
            (document, section.span)
        })
        .collect();
    Ok(documents)
}

/// What the rules need to know about one line.
struct Line {
    /// The line without surrounding whitespace; empty for a blank line or a
    /// rule ("---").
    content: Span,
    /// Leading ASCII spaces and tabs, to tell a list item's wrapped lines.
    indent: usize,
    is_bullet: bool,
    is_heading: bool,
    /// A heading that names a source.
    names_source: bool,
    ends_with_colon: bool,
    ends_sentence: bool,
}

impl Line {
    fn read(text: &str, line: Span) -> Line {
        let raw = line.slice(text);
        let content = raw.trim();
        let start = line.start + (raw.len() - raw.trim_start().len());
        if content.is_empty() || is_rule(content) {
            return Line {
                content: Span::new(start, start),
                indent: 0,
                is_bullet: false,
                is_heading: false,
                names_source: false,
                ends_with_colon: false,
                ends_sentence: false,
            };
        }
        let is_bullet = is_bullet(content);
        let title = strip_markdown(content);
        let is_heading = !is_bullet && is_heading_shaped(title);
        Line {
            content: Span::new(start, start + content.len()),
            indent: raw.len() - raw.trim_start_matches([' ', '\t']).len(),
            is_bullet,
            is_heading,
            names_source: is_heading && names_source(title),
            ends_with_colon: title.ends_with([':', '：']),
            ends_sentence: ends_like_sentence(content),
        }
    }

    fn is_blank(&self) -> bool {
        self.content.is_empty()
    }
}

/// The last line of a list that starts at `first_idx`: items, blank lines
/// between them, and an item's wrapped lines (indented deeper than the item,
/// or starting in lower case where the item's sentence goes on).
fn end_of_list(text: &str, lines: &[Line], first_idx: usize) -> usize {
    let mut last_idx = first_idx;
    let mut item_indent = lines[first_idx].indent;
    for (line_idx, line) in lines.iter().enumerate().skip(first_idx + 1) {
        if line.is_blank() {
            continue;
        }
        if line.is_bullet {
            last_idx = line_idx;
            item_indent = line.indent;
            continue;
        }
        let wrapped = line_idx == last_idx + 1
            && (line.indent > item_indent
                || (!lines[last_idx].ends_sentence && starts_lowercase(line.content.slice(text))));
        if !wrapped {
            break;
        }
        last_idx = line_idx;
    }
    last_idx
}

/// The last line of paragraphs that start at `first_idx`: up to the next
/// source heading, or any heading after a finished sentence.
fn end_of_paragraphs(lines: &[Line], first_idx: usize) -> usize {
    let mut last_idx = first_idx;
    for (line_idx, line) in lines.iter().enumerate().skip(first_idx + 1) {
        if line.is_blank() {
            continue;
        }
        if line.names_source || (line.is_heading && lines[last_idx].ends_sentence) {
            break;
        }
        last_idx = line_idx;
    }
    last_idx
}

fn next_non_blank(lines: &[Line], from: usize) -> Option<usize> {
    (from..lines.len()).find(|&line_idx| !lines[line_idx].is_blank())
}

/// Physical lines of `text` without their terminators (`\n`, `\r\n`, `\r`).
fn physical_lines(text: &str) -> impl Iterator<Item = Span> + '_ {
    let bytes = text.as_bytes();
    let mut start = 0;
    std::iter::from_fn(move || {
        if start >= bytes.len() {
            return None;
        }
        let end = bytes[start..]
            .iter()
            .position(|&b| b == b'\n' || b == b'\r')
            .map_or(bytes.len(), |len| start + len);
        let line = Span::new(start, end);
        start = end;
        if bytes.get(start) == Some(&b'\r') {
            start += 1;
        }
        if bytes.get(start) == Some(&b'\n') {
            start += 1;
        }
        Some(line)
    })
}

/// A short line whose end is a word, a colon or a closing bracket.
fn is_heading_shaped(title: &str) -> bool {
    let Some(last) = title.chars().next_back() else {
        return false;
    };
    (parallax_model::is_letter_or_digit(last)
        || matches!(last, ':' | '：' | ')' | ']' | '）' | '】' | '〕'))
        && title.chars().count() <= MAX_HEADING_CHARS
}

/// Whether a heading names a readout or its issuer, and not two countries.
fn names_source(title: &str) -> bool {
    let lowered = title.to_lowercase();
    let words: Vec<&str> = words(&lowered).collect();
    let is_attribution = ATTRIBUTIONS.iter().any(|&attribution| {
        if attribution.chars().any(is_cjk) {
            lowered.starts_with(attribution)
        } else {
            words.first() == Some(&attribution)
        }
    });
    if is_attribution {
        return false;
    }
    let mut countries: Vec<&str> = Vec::new();
    for &(cue, country) in SIDES {
        if !countries.contains(&country) && contains_cue(&lowered, &words, cue) {
            countries.push(country);
        }
    }
    match countries.len() {
        0 => ISSUERS
            .iter()
            .chain(REPORT_WORDS)
            .any(|cue| contains_cue(&lowered, &words, cue)),
        1 => true,
        _ => false,
    }
}

/// Whether a lower-case cue occurs in a lower-case line: as a substring for
/// Chinese, else as consecutive whole words, `*` ending a stem.
fn contains_cue(lowered: &str, words: &[&str], cue: &str) -> bool {
    if cue.chars().any(is_cjk) {
        return lowered.contains(cue);
    }
    let cue_words = || {
        cue.split(|c: char| !(parallax_model::is_letter_or_digit(c) || c == '*'))
            .filter(|word| !word.is_empty())
    };
    (0..words.len()).any(|start| {
        let mut line_words = words[start..].iter();
        cue_words().all(|cue_word| {
            line_words
                .next()
                .is_some_and(|word| match cue_word.strip_suffix('*') {
                    Some(stem) => word.starts_with(stem),
                    None => *word == cue_word,
                })
        })
    })
}

/// Runs of letters and digits; "China’s" is "china", "s".
fn words(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| !parallax_model::is_letter_or_digit(c))
        .filter(|word| !word.is_empty())
}

/// A heading's text without Markdown markers: "## **Kremlin readout:**" →
/// "Kremlin readout:".
fn strip_markdown(line: &str) -> &str {
    let n_hashes = line.bytes().take_while(|&b| b == b'#').count();
    let line = if n_hashes > 0 && line[n_hashes..].starts_with([' ', '\t']) {
        &line[n_hashes..]
    } else {
        line
    };
    line.trim().trim_matches(['*', '_']).trim()
}

/// The label of a heading line: "**(Kremlin readout):**" → "Kremlin readout".
fn label(heading: &str) -> String {
    let mut label = strip_markdown(heading);
    loop {
        let trimmed = label.trim_end_matches(|c: char| c.is_whitespace() || c == ':' || c == '：');
        let trimmed = strip_markdown(unwrap_brackets(trimmed));
        if trimmed == label {
            return label.to_string();
        }
        label = trimmed;
    }
}

/// Text without one pair of brackets or quotes around all of it.
fn unwrap_brackets(text: &str) -> &str {
    const PAIRS: [(char, char); 7] = [
        ('(', ')'),
        ('[', ']'),
        ('（', '）'),
        ('【', '】'),
        ('«', '»'),
        ('“', '”'),
        ('"', '"'),
    ];
    for (open, close) in PAIRS {
        if let Some(inner) = text
            .strip_prefix(open)
            .and_then(|rest| rest.strip_suffix(close))
        {
            if !inner.contains(close) && !inner.trim().is_empty() {
                return inner.trim();
            }
        }
    }
    text
}

/// A thematic break: "---", "* * *", "___".
fn is_rule(line: &str) -> bool {
    line.chars().filter(|c| !c.is_whitespace()).count() >= 3
        && line
            .chars()
            .all(|c| matches!(c, '-' | '*' | '_' | '=' | '—' | ' '))
}

/// Whether a line starts with a list marker and text after it: "- ", "• ",
/// "— ", "1. ", "2) ", "(3) ", "a) ", "一、", "（二）" — the segmenter's
/// markers, so an article's sections are cut where its points will be.
fn is_bullet(line: &str) -> bool {
    parallax_segment::list_marker(line).is_some_and(|len| !line[len..].trim().is_empty())
}

fn starts_lowercase(text: &str) -> bool {
    text.chars().next().is_some_and(char::is_lowercase)
}

/// Whether the text ends the way a sentence does, closing quotes and
/// brackets aside.
fn ends_like_sentence(text: &str) -> bool {
    text.trim_end_matches(|c: char| {
        c.is_whitespace() || matches!(c, '"' | '\'' | '”' | '’' | '»' | ')' | '）' | '」' | '』')
    })
    .ends_with(['.', '!', '?', '…', '。', '！', '？', ';', '；'])
}

#[cfg(test)]
mod tests {
    use super::*;
    use parallax_model::InputFormat;

    /// Sections as (label, body), checking every span is a trimmed,
    /// byte-exact slice of `text` and every heading comes before its body.
    fn split(text: &str) -> Vec<(String, &str)> {
        split_sources(text)
            .into_iter()
            .map(|section| {
                let body = section.span.slice(text);
                assert_eq!(body, body.trim(), "{:?}", section);
                assert!(!body.is_empty(), "{:?}", section);
                assert!(section.heading.end <= section.span.start, "{section:?}");
                (section.label, body)
            })
            .collect()
    }

    fn document(text: &str) -> Document {
        Document {
            input: "article.txt".to_string(),
            label: None,
            format: InputFormat::Text,
            encoding: "UTF-8".to_string(),
            html_title: None,
            text: text.to_string(),
            warnings: vec!["2 invalid bytes replaced".to_string()],
        }
    }

    const FRENCH: &str = "\
Les deux capitales ont publié chacune leur version de l'échange. Voici l'essentiel.

Ce que retient le communiqué du Kremlin :
- Énergie : les présidents veulent accroître les livraisons de gaz.

- Sécurité : la situation en mer Noire a été abordée.
À mon avis, ce texte reste très prudent sur la mer Noire.

Compte rendu de la Chine (extraits)
1. Commerce : Pékin souhaite doubler les échanges d'ici 2030.
2. Visite : une rencontre est envisagée à l'automne.

Ces deux textes disent la même chose avec d'autres mots.
Par Jeanne Martin • 3 mars 2026
Aucun commentaire:
";

    #[test]
    fn a_french_article_gives_its_two_lists_without_the_commentary() {
        assert_eq!(
            split(FRENCH),
            [
                (
                    "Ce que retient le communiqué du Kremlin".to_string(),
                    "- Énergie : les présidents veulent accroître les livraisons de gaz.\n\n\
                     - Sécurité : la situation en mer Noire a été abordée."
                ),
                (
                    "Compte rendu de la Chine (extraits)".to_string(),
                    "1. Commerce : Pékin souhaite doubler les échanges d'ici 2030.\n\
                     2. Visite : une rencontre est envisagée à l'automne."
                ),
            ]
        );
    }

    #[test]
    fn english_readouts_under_labels_keep_their_paragraphs() {
        let text = "\
Kremlin readout:

Vladimir Putin had a telephone conversation with the US President.
The leaders discussed trade and energy prices.

They agreed to keep in contact.

White House readout:
Readout of the President's Call with President Putin

The President spoke today with President Putin. They discussed the war.

Analysis
Neither side mentions sanctions, which is telling.
";
        assert_eq!(
            split(text),
            [
                (
                    "Kremlin readout".to_string(),
                    "Vladimir Putin had a telephone conversation with the US President.\n\
                     The leaders discussed trade and energy prices.\n\n\
                     They agreed to keep in contact."
                ),
                (
                    "White House readout".to_string(),
                    "Readout of the President's Call with President Putin\n\n\
                     The President spoke today with President Putin. They discussed the war."
                ),
            ]
        );
    }

    #[test]
    fn russian_and_chinese_headings_name_their_sources() {
        let russian = "\
Сообщение пресс-службы Кремля
— Стороны обсудили поставки нефти.
— Лидеры договорились о встрече осенью.

Комментарий редакции: ничего нового в этом нет.

Изложение китайской стороны:
1) Председатель КНР отметил рост торговли.
";
        assert_eq!(
            split(russian),
            [
                (
                    "Сообщение пресс-службы Кремля".to_string(),
                    "— Стороны обсудили поставки нефти.\n— Лидеры договорились о встрече осенью."
                ),
                (
                    "Изложение китайской стороны".to_string(),
                    "1) Председатель КНР отметил рост торговли."
                ),
            ]
        );
        let chinese = "\
两国元首当天通了电话。

克里姆林宫通报：
一、双方同意加强能源合作。
二、两国元首将于秋季会晤。

笔者认为，这次通话意义重大。

新华社消息
（一）习近平指出，双边关系处于历史最好时期。
（二）双方将继续密切协作。
";
        assert_eq!(
            split(chinese),
            [
                (
                    "克里姆林宫通报".to_string(),
                    "一、双方同意加强能源合作。\n二、两国元首将于秋季会晤。"
                ),
                (
                    "新华社消息".to_string(),
                    "（一）习近平指出，双边关系处于历史最好时期。\n（二）双方将继续密切协作。"
                ),
            ]
        );
    }

    #[test]
    fn a_text_without_headings_has_no_sections() {
        let text = "The two leaders spoke by phone on Tuesday.\n\n\
                    The Kremlin said the talks were useful. Xinhua called them candid.\n";
        assert_eq!(split(text), []);
        assert_eq!(split(""), []);
        assert_eq!(split("\n\r\n  \n"), []);
    }

    #[test]
    fn a_heading_with_no_body_gives_no_section() {
        let text = "\
Kremlin readout:

White House readout:
- Trade was discussed.

Xinhua statement:
";
        assert_eq!(
            split(text),
            [("White House readout".to_string(), "- Trade was discussed.")]
        );
    }

    #[test]
    fn crlf_line_endings_stay_inside_the_bodies() {
        let text = FRENCH.replace('\n', "\r\n");
        let sections = split(&text);
        assert_eq!(sections.len(), 2);
        assert_eq!(
            sections[0].1,
            "- Énergie : les présidents veulent accroître les livraisons de gaz.\r\n\r\n\
             - Sécurité : la situation en mer Noire a été abordée."
        );
        assert_eq!(
            sections[1].1,
            "1. Commerce : Pékin souhaite doubler les échanges d'ici 2030.\r\n\
             2. Visite : une rencontre est envisagée à l'automne."
        );
    }

    #[test]
    fn the_heading_span_is_the_heading_line() {
        let text = "Intro.\n\n  ## **Kremlin readout:**  \n- Trade grew.\n\n**(Xinhua)**\n- Ties are strong.";
        let sections = split_sources(text);
        assert_eq!(sections[0].heading.slice(text), "## **Kremlin readout:**");
        assert_eq!(sections[0].label, "Kremlin readout");
        assert_eq!(sections[1].heading.slice(text), "**(Xinhua)**");
        assert_eq!(sections[1].label, "Xinhua");
    }

    #[test]
    fn headings_about_both_readouts_or_crediting_a_source_start_no_section() {
        let text = "\
Kremlin readout
- Energy was discussed.
Source: kremlin.ru

Comparing the Kremlin and Xinhua readouts
Both mention energy, which is no surprise.

Xinhua readout
- Energy and trade were discussed.
";
        assert_eq!(
            split(text),
            [
                ("Kremlin readout".to_string(), "- Energy was discussed."),
                (
                    "Xinhua readout".to_string(),
                    "- Energy and trade were discussed."
                ),
            ]
        );
    }

    #[test]
    fn the_first_line_is_a_title_unless_it_ends_with_a_colon_or_a_list_follows() {
        let text = "\
What the Chinese readout leaves out

An intro paragraph about the call.

Kremlin statement:
The talks were warm.
";
        assert_eq!(
            split(text),
            [("Kremlin statement".to_string(), "The talks were warm.")]
        );
    }

    #[test]
    fn wrapped_list_items_stay_in_the_list() {
        let text = "\
Kremlin readout:
- The leaders discussed energy.
  Oil prices came up too.
- They agreed to meet in the
autumn in Beijing.
Then commentary starts here.

China's account:
- Trade grew.
";
        assert_eq!(
            split(text)[0].1,
            "- The leaders discussed energy.\n  Oil prices came up too.\n\
             - They agreed to meet in the\nautumn in Beijing."
        );
    }

    #[test]
    fn each_section_becomes_a_document() {
        let doc = document(FRENCH);
        let documents = split_document(&doc).unwrap();
        assert_eq!(documents.len(), 2);
        let (first, span) = &documents[0];
        assert_eq!(first.input, "article.txt#1");
        assert_eq!(
            first.label.as_deref(),
            Some("Ce que retient le communiqué du Kremlin")
        );
        assert_eq!(first.text, span.slice(FRENCH));
        assert_eq!(first.format, InputFormat::Text);
        assert_eq!(first.encoding, "UTF-8");
        assert_eq!(first.warnings, doc.warnings);
        assert_eq!(documents[1].0.input, "article.txt#2");
        assert!(FRENCH[documents[1].1.start..].starts_with("1. Commerce"));
    }

    #[test]
    fn fewer_than_two_sections_is_an_error_that_says_what_to_do() {
        let error = split_document(&document("Just an opinion piece.\n")).unwrap_err();
        assert_eq!(
            error.to_string(),
            "article.txt: no per-source sections found — expected a heading naming each readout (\"Kremlin readout:\", \"Compte rendu de la Chine\") followed by its points; or compare the readouts as separate files"
        );
        let one = document("Kremlin readout:\n- Trade grew.\n");
        let error = split_document(&one).unwrap_err();
        assert!(
            error.to_string().starts_with(
                "article.txt: only one per-source section found (\"Kremlin readout\") — "
            ),
            "{error}"
        );
    }

    #[test]
    fn headings_name_a_source_in_six_languages() {
        let sources = [
            "Kremlin readout:",
            "The White House statement",
            "## Résumé du compte rendu de la Chine",
            "Déclaration de l'Élysée (extraits)",
            "Заявление МИД России",
            "Стенограмма с сайта Кремля:",
            "外交部新闻稿",
            "中方通报要点：",
            "Comunicado de la Casa Blanca",
            "La versión de China:",
            "Mitteilung des Kremls",
            "Erklärung der Bundesregierung",
        ];
        for line in sources {
            let title = strip_markdown(line);
            assert!(is_heading_shaped(title) && names_source(title), "{line}");
        }
        let not_sources = [
            "The two leaders spoke by phone",
            "Kremlin readout: the talks were useful.",
            "Kremlin and Xinhua readouts compared",
            "Source: Xinhua",
            "Par la Maison Blanche",
            "Les résultats du sommet « historiques »",
            "Le président chinois a parlé de la Chine,",
            "Accountability matters",
        ];
        for line in not_sources {
            let title = strip_markdown(line);
            assert!(!(is_heading_shaped(title) && names_source(title)), "{line}");
        }
        assert!(!is_heading_shaped(&"Kremlin ".repeat(20)));
    }

    #[test]
    fn bullets_are_told_from_numbers_and_bold_text() {
        for bullet in [
            "- a",
            "• a",
            "— а",
            "12. a",
            "3) a",
            "(2) a",
            "b) a",
            "一、甲",
            "（二）乙",
            "1、甲",
        ] {
            assert!(is_bullet(bullet), "{bullet}");
        }
        for not_bullet in [
            "-",
            "**Kremlin:**",
            "1.5 million",
            "2026. a",
            "(Kremlin) readout",
            "a)b",
            "一",
        ] {
            assert!(!is_bullet(not_bullet), "{not_bullet}");
        }
    }

    #[test]
    fn odd_text_never_panics_and_spans_stay_on_char_boundaries() {
        let pieces = [
            "Kremlin readout:",
            "\n",
            "\r\n",
            "\r",
            "- ",
            "（一）",
            "新华社",
            "。",
            ".",
            " ",
            "## ",
            "**",
            "(",
            ")",
            "Résumé de la Chine",
            "Text",
            "\u{3000}",
            "—",
            ":",
        ];
        let mut state = 0x2545_F491_4F6C_DD1D_u64;
        for _ in 0..2000 {
            let mut text = String::new();
            for _ in 0..(state % 30) {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                text.push_str(pieces[(state % pieces.len() as u64) as usize]);
            }
            for section in split_sources(&text) {
                let _ = section.span.slice(&text);
                let _ = section.heading.slice(&text);
            }
        }
    }
}
