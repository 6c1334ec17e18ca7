//! Tree to plain text: blocks become lines, paragraphs are separated by a
//! blank line, list items become "- " or "1. " lines, whitespace inside a
//! block collapses to single spaces (except in `<pre>`).

use super::tree::{NodeId, NodeKind, Tree};

/// Elements set off from their neighbours by a blank line.
const PARAGRAPH: [&str; 23] = [
    "p",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "ul",
    "ol",
    "dl",
    "menu",
    "blockquote",
    "pre",
    "table",
    "figure",
    "hr",
    "section",
    "article",
    "header",
    "main",
    "address",
    "details",
    "fieldset",
];

/// Elements that start on a line of their own.
const LINE: [&str; 14] = [
    "div",
    "li",
    "tr",
    "dt",
    "dd",
    "caption",
    "figcaption",
    "summary",
    "legend",
    "option",
    "center",
    "nav",
    "footer",
    "aside",
];

/// Renders the subtrees at `roots` as text, skipping nodes where `skip` is
/// true.
pub(crate) fn render(tree: &Tree, roots: &[NodeId], skip: &[bool]) -> String {
    let mut writer = Writer::default();
    for &root in roots {
        writer.node(tree, root, skip);
        writer.block(2);
    }
    writer.out
}

#[derive(Default)]
struct Writer {
    out: String,
    /// Line breaks owed before the next word (0, 1 or 2).
    breaks: usize,
    space: bool,
    /// Written before the next word: a list bullet, or a table cell separator.
    prefix: Option<String>,
    /// The open lists: `None` for bullets, `Some(n)` for the next number.
    lists: Vec<Option<u64>>,
    n_open_items: usize,
    n_open_pre: usize,
}

impl Writer {
    fn node(&mut self, tree: &Tree, id: NodeId, skip: &[bool]) {
        if skip[id] {
            return;
        }
        let name = match &tree.nodes[id].kind {
            NodeKind::Text(text) => {
                self.text(text);
                return;
            }
            NodeKind::Element { name, .. } => name.as_str(),
        };
        let breaks = if PARAGRAPH.contains(&name) {
            2
        } else if LINE.contains(&name) {
            1
        } else {
            0
        };
        self.block(breaks);
        match name {
            "br" => {
                self.breaks = (self.breaks + 1).min(2);
                self.space = false;
            }
            "ul" | "menu" => self.lists.push(None),
            "ol" => {
                let start = tree
                    .attr(id, "start")
                    .and_then(|start| start.trim().parse().ok())
                    .unwrap_or(1);
                self.lists.push(Some(start));
            }
            "li" => {
                let bullet = match self.lists.last_mut() {
                    Some(Some(number)) => {
                        *number += 1;
                        format!("{}. ", *number - 1)
                    }
                    _ => "- ".to_string(),
                };
                self.prefix = Some(bullet);
                self.n_open_items += 1;
            }
            "td" | "th" if !self.at_line_start() => {
                self.prefix = Some(" | ".to_string());
            }
            "pre" => self.n_open_pre += 1,
            _ => {}
        }
        for &child in tree.children(id) {
            self.node(tree, child, skip);
        }
        match name {
            "ul" | "ol" | "menu" => {
                self.lists.pop();
            }
            "li" => {
                self.n_open_items -= 1;
                // An empty item writes no bullet.
                self.prefix = None;
            }
            "pre" => self.n_open_pre -= 1,
            _ => {}
        }
        self.block(breaks);
    }

    fn at_line_start(&self) -> bool {
        self.breaks > 0 || self.out.is_empty() || self.out.ends_with('\n')
    }

    /// Owes `n` line breaks before the next word (one only, inside a list item).
    fn block(&mut self, n: usize) {
        if n == 0 {
            return;
        }
        // A block opening inside a list item, before its first word, stays on the bullet's line.
        if self.prefix.as_deref().is_some_and(|prefix| prefix != " | ") {
            return;
        }
        let n = if self.n_open_items > 0 { 1 } else { n };
        self.breaks = self.breaks.max(n);
        self.space = false;
        if self.prefix.as_deref() == Some(" | ") {
            self.prefix = None;
        }
    }

    /// Writes owed line breaks (none at the very start) and any prefix.
    fn begin_word(&mut self) {
        if self.breaks > 0 {
            if !self.out.is_empty() {
                let have = self.out.len() - self.out.trim_end_matches('\n').len();
                for _ in have..self.breaks {
                    self.out.push('\n');
                }
            }
            self.breaks = 0;
            self.space = false;
        }
        if let Some(prefix) = self.prefix.take() {
            if prefix == " | " {
                self.space = false;
            }
            self.out.push_str(&prefix);
        } else if self.space && !self.out.is_empty() && !self.out.ends_with('\n') {
            self.out.push(' ');
        }
        self.space = false;
    }

    fn text(&mut self, text: &str) {
        if self.n_open_pre > 0 {
            let mut lines = text.split('\n').peekable();
            while let Some(line) = lines.next() {
                if !line.trim().is_empty() {
                    self.begin_word();
                    self.out.push_str(line.trim_end());
                }
                if lines.peek().is_some() && !self.out.is_empty() {
                    self.breaks = (self.breaks + 1).min(2);
                }
            }
            return;
        }
        if text.starts_with(char::is_whitespace) {
            self.space = true;
        }
        for word in text.split_whitespace() {
            self.begin_word();
            self.out.push_str(word);
            self.space = true;
        }
        if !text.ends_with(char::is_whitespace) {
            self.space = false;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text_of(html: &str) -> String {
        let tree = Tree::parse(html);
        render(
            &tree,
            &[super::super::tree::ROOT],
            &vec![false; tree.nodes.len()],
        )
    }

    #[test]
    fn paragraphs_are_separated_by_a_blank_line_and_whitespace_collapses() {
        assert_eq!(
            text_of("<h1> Title </h1>\n<p>One\n   two <b>three</b>.</p><p>Four</p>"),
            "Title\n\nOne two three.\n\nFour"
        );
    }

    #[test]
    fn list_items_become_bullet_and_numbered_lines() {
        assert_eq!(
            text_of("<p>Agreed:</p><ul><li>trade</li><li><p>energy</p></li></ul><ol start=3><li>a<li>b</ol>"),
            "Agreed:\n\n- trade\n- energy\n\n3. a\n4. b"
        );
    }

    #[test]
    fn inline_markup_does_not_split_words() {
        assert_eq!(text_of("<p>Pre<i>si</i>dent&nbsp;Xi</p>"), "President Xi");
    }

    #[test]
    fn breaks_rows_and_cells() {
        assert_eq!(text_of("<div>a<br>b<br><br>c</div>"), "a\nb\n\nc");
        assert_eq!(
            text_of("<table><tr><td>Date</td><td>Place</td></tr><tr><td>4 Feb</td><td>Beijing</td></tr></table>"),
            "Date | Place\n4 Feb | Beijing"
        );
    }

    #[test]
    fn preformatted_text_keeps_its_lines() {
        assert_eq!(text_of("<pre>a  b\n  c\n</pre>"), "a  b\n  c");
    }
}
