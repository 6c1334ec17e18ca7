//! A small, forgiving tree builder over html5gum's WHATWG tokenizer. It
//! applies the parts of the HTML parsing rules that matter for reading text
//! (void elements, implied end tags for `p`, `li`, `dt`/`dd`, table rows and
//! cells, headings) and tolerates the rest: a stray end tag is ignored, an
//! unclosed element ends where its parent does.

use html5gum::{DefaultEmitter, Token, Tokenizer};

pub(crate) type NodeId = usize;

#[derive(Debug)]
pub(crate) enum NodeKind {
    Element {
        name: String,
        attrs: Vec<(String, String)>,
    },
    Text(String),
}

#[derive(Debug)]
pub(crate) struct Node {
    pub(crate) kind: NodeKind,
    pub(crate) parent: Option<NodeId>,
    pub(crate) children: Vec<NodeId>,
}

/// A parsed page. Node 0 is the document root (an element named "#root").
#[derive(Debug)]
pub(crate) struct Tree {
    pub(crate) nodes: Vec<Node>,
}

pub(crate) const ROOT: NodeId = 0;

/// Deeper nesting than this is flattened into the element at this depth, so
/// that walking the tree recursively cannot overflow the stack.
const MAX_DEPTH: usize = 256;

const VOID: [&str; 16] = [
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr", "keygen", "frame",
];

/// Start tags that close an open `<p>` (the HTML spec's list, abridged).
const CLOSES_P: [&str; 30] = [
    "address",
    "article",
    "aside",
    "blockquote",
    "details",
    "dialog",
    "div",
    "dl",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "form",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hr",
    "main",
    "menu",
    "nav",
    "ol",
    "p",
    "pre",
    "section",
    "table",
    "ul",
];

/// Elements an implied end tag does not look past.
const SCOPE: [&str; 10] = [
    "html", "body", "table", "td", "th", "caption", "template", "object", "button", "#root",
];

impl Tree {
    pub(crate) fn parse(html: &str) -> Tree {
        let mut emitter = DefaultEmitter::default();
        // Script, style and title contents are text, not markup.
        emitter.naively_switch_states(true);
        let mut builder = Builder {
            tree: Tree {
                nodes: vec![Node {
                    kind: NodeKind::Element {
                        name: "#root".to_string(),
                        attrs: Vec::new(),
                    },
                    parent: None,
                    children: Vec::new(),
                }],
            },
            open: vec![ROOT],
        };
        for token in Tokenizer::new_with_emitter(html, emitter) {
            let Ok(token) = token;
            builder.token(token);
        }
        builder.tree
    }

    pub(crate) fn name(&self, id: NodeId) -> Option<&str> {
        match &self.nodes[id].kind {
            NodeKind::Element { name, .. } => Some(name),
            NodeKind::Text(_) => None,
        }
    }

    pub(crate) fn attr(&self, id: NodeId, key: &str) -> Option<&str> {
        match &self.nodes[id].kind {
            NodeKind::Element { attrs, .. } => attrs
                .iter()
                .find(|(name, _)| name == key)
                .map(|(_, value)| value.as_str()),
            NodeKind::Text(_) => None,
        }
    }

    pub(crate) fn children(&self, id: NodeId) -> &[NodeId] {
        &self.nodes[id].children
    }

    /// Every node under `id` (not `id` itself), in document order.
    pub(crate) fn descendants(&self, id: NodeId) -> Vec<NodeId> {
        let mut out = Vec::new();
        let mut stack: Vec<NodeId> = self.nodes[id].children.iter().rev().copied().collect();
        while let Some(node) = stack.pop() {
            out.push(node);
            stack.extend(self.nodes[node].children.iter().rev());
        }
        out
    }

    /// The elements under `id` with this tag name, in document order.
    pub(crate) fn find_all(&self, id: NodeId, tag: &str) -> Vec<NodeId> {
        self.descendants(id)
            .into_iter()
            .filter(|&node| self.name(node) == Some(tag))
            .collect()
    }

    /// Whether `ancestor` is `node` or one of its ancestors.
    pub(crate) fn is_within(&self, node: NodeId, ancestor: NodeId) -> bool {
        let mut current = Some(node);
        while let Some(id) = current {
            if id == ancestor {
                return true;
            }
            current = self.nodes[id].parent;
        }
        false
    }
}

struct Builder {
    tree: Tree,
    /// The stack of open elements; `open[0]` is the root.
    open: Vec<NodeId>,
}

impl Builder {
    fn token(&mut self, token: Token) {
        match token {
            Token::StartTag(tag) => {
                let name = String::from_utf8_lossy(&tag.name).to_ascii_lowercase();
                let attrs = tag
                    .attributes
                    .iter()
                    .map(|(key, value)| {
                        (
                            String::from_utf8_lossy(key).to_ascii_lowercase(),
                            String::from_utf8_lossy(&value.value).into_owned(),
                        )
                    })
                    .collect();
                self.start(name, attrs, tag.self_closing);
            }
            Token::EndTag(tag) => {
                let name = String::from_utf8_lossy(&tag.name).to_ascii_lowercase();
                self.end(&name);
            }
            Token::String(text) => self.text(&String::from_utf8_lossy(&text.value)),
            Token::Comment(_) | Token::Doctype(_) | Token::Error(_) => {}
        }
    }

    fn current(&self) -> NodeId {
        *self.open.last().expect("the root is never popped")
    }

    fn current_name(&self) -> &str {
        self.tree.name(self.current()).unwrap_or("")
    }

    fn append(&mut self, kind: NodeKind) -> NodeId {
        let parent = self.current();
        let id = self.tree.nodes.len();
        self.tree.nodes.push(Node {
            kind,
            parent: Some(parent),
            children: Vec::new(),
        });
        self.tree.nodes[parent].children.push(id);
        id
    }

    fn start(&mut self, name: String, attrs: Vec<(String, String)>, self_closing: bool) {
        if matches!(name.as_str(), "html" | "head" | "body")
            && self
                .open
                .iter()
                .any(|&id| self.tree.name(id) == Some(&name))
        {
            return;
        }
        if CLOSES_P.contains(&name.as_str()) {
            self.close_in_scope("p", &[]);
        }
        match name.as_str() {
            "li" => self.close_in_scope("li", &["ul", "ol", "menu"]),
            "dt" | "dd" => {
                self.close_in_scope("dt", &["dl"]);
                self.close_in_scope("dd", &["dl"]);
            }
            "tr" => self.close_in_scope("tr", &["thead", "tbody", "tfoot"]),
            "td" | "th" => {
                self.close_in_scope("td", &["tr"]);
                self.close_in_scope("th", &["tr"]);
            }
            "thead" | "tbody" | "tfoot" => {
                for section in ["thead", "tbody", "tfoot"] {
                    self.close_in_scope(section, &[]);
                }
            }
            "option" => self.close_in_scope("option", &["select"]),
            "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => {
                if matches!(self.current_name(), "h1" | "h2" | "h3" | "h4" | "h5" | "h6") {
                    self.open.pop();
                }
            }
            _ => {}
        }
        let is_void = VOID.contains(&name.as_str()) || self_closing;
        let id = self.append(NodeKind::Element { name, attrs });
        if !is_void && self.open.len() < MAX_DEPTH {
            self.open.push(id);
        }
    }

    /// Pops up to and including the nearest open `tag`, unless a scope
    /// boundary (or one of `also_stop_at`) comes first.
    fn close_in_scope(&mut self, tag: &str, also_stop_at: &[&str]) {
        for depth in (1..self.open.len()).rev() {
            let name = self.tree.name(self.open[depth]).unwrap_or("");
            if name == tag {
                self.open.truncate(depth);
                return;
            }
            if SCOPE.contains(&name) || also_stop_at.contains(&name) {
                return;
            }
        }
    }

    fn end(&mut self, name: &str) {
        if name == "br" {
            // `</br>` is a line break in every browser.
            self.start("br".to_string(), Vec::new(), true);
            return;
        }
        if let Some(depth) = (1..self.open.len())
            .rev()
            .find(|&depth| self.tree.name(self.open[depth]) == Some(name))
        {
            self.open.truncate(depth);
        }
    }

    fn text(&mut self, text: &str) {
        if text.is_empty() {
            return;
        }
        let parent = self.current();
        if let Some(&last) = self.tree.nodes[parent].children.last() {
            if let NodeKind::Text(previous) = &mut self.tree.nodes[last].kind {
                previous.push_str(text);
                return;
            }
        }
        self.append(NodeKind::Text(text.to_string()));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn outline(tree: &Tree, id: NodeId) -> String {
        match &tree.nodes[id].kind {
            NodeKind::Text(text) => text.clone(),
            NodeKind::Element { name, .. } => {
                let inner: Vec<String> = tree.nodes[id]
                    .children
                    .iter()
                    .map(|&child| outline(tree, child))
                    .collect();
                format!("{name}({})", inner.join(","))
            }
        }
    }

    #[test]
    fn implied_end_tags_close_paragraphs_and_items() {
        let tree = Tree::parse("<p>one<p>two<ul><li>a<li>b</ul><div>x</div>");
        assert_eq!(
            outline(&tree, ROOT),
            "#root(p(one),p(two),ul(li(a),li(b)),div(x))"
        );
    }

    #[test]
    fn stray_end_tags_and_void_elements_are_tolerated() {
        let tree = Tree::parse("<div>a<br>b</span></p>c<img src=x></div>d");
        assert_eq!(outline(&tree, ROOT), "#root(div(a,br(),bc,img()),d)");
    }

    #[test]
    fn script_contents_are_text_not_markup() {
        let tree = Tree::parse("<script>if (a<b) { x = '<p>'; }</script><p>t</p>");
        assert_eq!(
            outline(&tree, ROOT),
            "#root(script(if (a<b) { x = '<p>'; }),p(t))"
        );
    }

    #[test]
    fn entities_are_decoded() {
        let tree = Tree::parse("<p>Q&amp;A&nbsp;&#x4E2D;&eacute;</p>");
        assert_eq!(outline(&tree, ROOT), "#root(p(Q&A\u{a0}中é))");
    }

    #[test]
    fn deep_nesting_is_flattened_not_overflowed() {
        let html = "<div>".repeat(100_000) + "deep";
        let tree = Tree::parse(&html);
        assert!(tree.nodes.len() > 100_000);
    }
}
