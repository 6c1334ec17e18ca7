//! Finding a page's main content: first drop what is never the article
//! (scripts, navigation, cookie banners, sidebars…), then prefer `<article>`,
//! `<main>` or `[role=main]`, else score blocks by their paragraph text as
//! readability tools do.

use super::tree::{NodeId, NodeKind, Tree, ROOT};

/// Elements whose content is never part of the readout.
const INVISIBLE: [&str; 14] = [
    "head", "script", "style", "noscript", "template", "svg", "math", "iframe", "object", "embed",
    "canvas", "video", "audio", "select",
];

/// Page furniture, by element.
const CHROME_TAGS: [&str; 6] = ["nav", "aside", "footer", "button", "dialog", "menu"];

/// Page furniture, by ARIA role.
const CHROME_ROLES: [&str; 11] = [
    "navigation",
    "banner",
    "contentinfo",
    "complementary",
    "search",
    "menu",
    "menubar",
    "dialog",
    "alertdialog",
    "toolbar",
    "tablist",
];

/// Page furniture, by a word in a class or id (`site-footer`, `cookie_bar`).
const CHROME_WORDS: [&str; 25] = [
    "nav",
    "header",
    "masthead",
    "topbar",
    "toolbar",
    "skip",
    "menu",
    "breadcrumb",
    "breadcrumbs",
    "footer",
    "sidebar",
    "cookie",
    "cookies",
    "consent",
    "share",
    "social",
    "comment",
    "comments",
    "related",
    "advert",
    "ad",
    "ads",
    "promo",
    "newsletter",
    "popup",
];

/// Page furniture, by a part of a class or id run together (`mainNavigation`).
const CHROME_PARTS: [&str; 9] = [
    "navigation",
    "navbar",
    "breadcrumb",
    "sidebar",
    "cookie",
    "advert",
    "socialshare",
    "sharebar",
    "newsletter",
];

/// A class or id word that marks content, and keeps an element whose other
/// classes look like furniture (`class="content has-sidebar"`).
const CONTENT_WORDS: [&str; 9] = [
    "article", "content", "main", "body", "post", "story", "entry", "text", "column",
];

/// What to render, and what to leave out of it.
pub(crate) struct Selection {
    pub(crate) roots: Vec<NodeId>,
    pub(crate) skip: Vec<bool>,
}

/// Chooses the main content of a page.
pub(crate) fn select(tree: &Tree) -> Selection {
    let n_nodes = tree.nodes.len();
    let stats = Stats::new(tree);
    let skip = chrome(tree, &stats);
    let text_len = visible_text_len(tree, &skip);

    let semantic = semantic_root(tree, &skip, &text_len);
    let scored = scored_roots(tree, &skip, &text_len);
    let roots = match (semantic, scored) {
        (Some(root), Some(scored)) if text_len[root] >= 140 => {
            // A teaser `<article>` beside the real text, which is not marked up
            // as one, loses to it.
            let scored_len: usize = scored.iter().map(|&id| text_len[id]).sum();
            let apart = scored
                .iter()
                .all(|&id| !tree.is_within(id, root) && !tree.is_within(root, id));
            if apart && scored_len > 2 * text_len[root] {
                scored
            } else {
                vec![root]
            }
        }
        (Some(root), None) => vec![root],
        (_, Some(scored)) => scored,
        (None, None) => vec![body(tree)],
    };
    debug_assert_eq!(skip.len(), n_nodes);
    Selection { roots, skip }
}

/// What is never shown: scripts, styles and the like, plus hidden elements.
pub(crate) fn invisible(tree: &Tree) -> Vec<bool> {
    let mut skip = vec![false; tree.nodes.len()];
    for id in 0..tree.nodes.len() {
        let inherited = tree.nodes[id].parent.is_some_and(|parent| skip[parent]);
        skip[id] = inherited || is_invisible(tree, id);
    }
    skip
}

fn is_invisible(tree: &Tree, id: NodeId) -> bool {
    let Some(name) = tree.name(id) else {
        return false;
    };
    if INVISIBLE.contains(&name) || tree.attr(id, "hidden").is_some() {
        return true;
    }
    if tree.attr(id, "aria-hidden") == Some("true") {
        return true;
    }
    tree.attr(id, "style").is_some_and(|style| {
        let style: String = style
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect::<String>()
            .to_ascii_lowercase();
        style.contains("display:none") || style.contains("visibility:hidden")
    })
}

/// Counts gathered bottom-up: does an element hold the article (`article`,
/// `main`, `h1`), and how many `<p>` are inside it.
struct Stats {
    holds_landmark: Vec<bool>,
    n_paragraphs: Vec<usize>,
}

impl Stats {
    fn new(tree: &Tree) -> Stats {
        let n_nodes = tree.nodes.len();
        let mut holds_landmark = vec![false; n_nodes];
        let mut n_paragraphs = vec![0; n_nodes];
        // Children always come after their parent, so a reverse pass is bottom-up.
        for id in (1..n_nodes).rev() {
            let name = tree.name(id);
            if matches!(name, Some("article" | "main" | "h1")) || is_main_role(tree, id) {
                holds_landmark[id] = true;
            }
            if name == Some("p") {
                n_paragraphs[id] += 1;
            }
            if let Some(parent) = tree.nodes[id].parent {
                holds_landmark[parent] |= holds_landmark[id];
                n_paragraphs[parent] += n_paragraphs[id];
            }
        }
        Stats {
            holds_landmark,
            n_paragraphs,
        }
    }
}

fn is_main_role(tree: &Tree, id: NodeId) -> bool {
    tree.attr(id, "role")
        .is_some_and(|role| role.eq_ignore_ascii_case("main"))
}

/// Marks invisible elements and page furniture (with everything inside them).
fn chrome(tree: &Tree, stats: &Stats) -> Vec<bool> {
    let n_nodes = tree.nodes.len();
    let mut skip = invisible(tree);
    let mut in_content = vec![false; n_nodes];
    for id in 1..n_nodes {
        let parent = tree.nodes[id].parent.unwrap_or(ROOT);
        let Some(name) = tree.name(id) else {
            skip[id] |= skip[parent];
            continue;
        };
        in_content[id] =
            in_content[parent] || matches!(name, "article" | "main") || is_main_role(tree, id);
        if skip[id] || skip[parent] {
            skip[id] = true;
            continue;
        }
        skip[id] = match name {
            "html" | "body" | "article" | "main" => false,
            // An article's own header holds its headline; the site's does not.
            "header" => !in_content[id],
            // Some sites wrap the whole page in one form.
            "form" => !stats.holds_landmark[id] && stats.n_paragraphs[id] < 3,
            _ if CHROME_TAGS.contains(&name) => true,
            _ => !stats.holds_landmark[id] && looks_like_chrome(tree, id),
        };
    }
    skip
}

/// Judges an element by its role, class and id.
fn looks_like_chrome(tree: &Tree, id: NodeId) -> bool {
    if let Some(role) = tree.attr(id, "role") {
        let role = role.trim().to_ascii_lowercase();
        if CHROME_ROLES.contains(&role.as_str()) {
            return true;
        }
    }
    let names = [tree.attr(id, "class"), tree.attr(id, "id")];
    let tokens: Vec<String> = names
        .iter()
        .flatten()
        .flat_map(|value| value.split_whitespace())
        .map(str::to_ascii_lowercase)
        .collect();
    let is_content = |token: &str| {
        token
            .split(|c: char| !c.is_ascii_alphanumeric())
            .any(|word| CONTENT_WORDS.contains(&word))
    };
    let is_chrome = |token: &str| {
        token
            .split(|c: char| !c.is_ascii_alphanumeric())
            .any(|word| CHROME_WORDS.contains(&word))
            || CHROME_PARTS.iter().any(|part| token.contains(part))
    };
    let chrome_tokens: Vec<&String> = tokens.iter().filter(|token| is_chrome(token)).collect();
    if chrome_tokens.is_empty() {
        return false;
    }
    // Content words save the element only from furniture named in another token.
    !tokens
        .iter()
        .any(|token| is_content(token) && !is_chrome(token))
}

/// Characters of visible text (whitespace aside) under each node.
fn visible_text_len(tree: &Tree, skip: &[bool]) -> Vec<usize> {
    let mut len = vec![0; tree.nodes.len()];
    for id in (0..tree.nodes.len()).rev() {
        if skip[id] {
            len[id] = 0;
            continue;
        }
        if let NodeKind::Text(text) = &tree.nodes[id].kind {
            len[id] = text.chars().filter(|c| !c.is_whitespace()).count();
        }
        if let Some(parent) = tree.nodes[id].parent {
            len[parent] += len[id];
        }
    }
    len
}

/// The largest visible `<article>`, else `<main>` or `[role=main]`.
fn semantic_root(tree: &Tree, skip: &[bool], text_len: &[usize]) -> Option<NodeId> {
    let visible = |id: &NodeId| !skip[*id] && text_len[*id] > 0;
    let largest = |ids: Vec<NodeId>| {
        ids.into_iter()
            .filter(visible)
            .max_by_key(|&id| (text_len[id], std::cmp::Reverse(id)))
    };
    largest(tree.find_all(ROOT, "article")).or_else(|| {
        let mains = tree
            .descendants(ROOT)
            .into_iter()
            .filter(|&id| tree.name(id) == Some("main") || is_main_role(tree, id))
            .collect();
        largest(mains)
    })
}

fn body(tree: &Tree) -> NodeId {
    tree.find_all(ROOT, "body").first().copied().unwrap_or(ROOT)
}

/// Readability-style scoring: each paragraph of 25+ characters gives its
/// container 1 point, plus one per comma, plus one per 100 characters (at
/// most 3); its grandparent gets half. The best container, discounted by its
/// share of link text, wins; sibling blocks that score nearly as well (an
/// article split by an advert) come along.
fn scored_roots(tree: &Tree, skip: &[bool], text_len: &[usize]) -> Option<Vec<NodeId>> {
    let n_nodes = tree.nodes.len();
    let mut score = vec![0.0f64; n_nodes];
    for id in 1..n_nodes {
        if skip[id] {
            continue;
        }
        let Some(name) = tree.name(id) else { continue };
        let is_paragraph = matches!(name, "p" | "pre" | "td" | "blockquote")
            || (name == "div" && direct_text_len(tree, id) >= 25);
        if !is_paragraph || text_len[id] < 25 {
            continue;
        }
        let text = direct_and_inline_text(tree, id, skip);
        let n_commas = text
            .chars()
            .filter(|c| matches!(c, ',' | '，' | '、' | '،'))
            .count();
        let points = 1.0 + n_commas as f64 + (text_len[id] as f64 / 100.0).min(3.0);
        let (container, grandparent) = if name == "div" {
            (Some(id), tree.nodes[id].parent)
        } else {
            let parent = tree.nodes[id].parent;
            (parent, parent.and_then(|parent| tree.nodes[parent].parent))
        };
        if let Some(container) = container {
            score[container] += points;
        }
        if let Some(grandparent) = grandparent {
            score[grandparent] += points / 2.0;
        }
    }
    let link_len = link_text_len(tree, skip);
    let adjusted = |id: NodeId| {
        let density = link_len[id] as f64 / text_len[id].max(1) as f64;
        score[id] * (1.0 - density.min(1.0))
    };
    let best = (1..n_nodes)
        .filter(|&id| score[id] > 0.0 && !skip[id])
        .max_by(|&a, &b| adjusted(a).total_cmp(&adjusted(b)))?;
    let best_score = adjusted(best);
    let Some(parent) = tree.nodes[best].parent else {
        return Some(vec![best]);
    };
    let roots = tree
        .children(parent)
        .iter()
        .copied()
        .filter(|&sibling| {
            sibling == best
                || (!skip[sibling]
                    && tree.name(sibling).is_some()
                    && adjusted(sibling) >= best_score * 0.2)
        })
        .collect();
    Some(roots)
}

/// Characters of text directly inside an element (not in child elements).
fn direct_text_len(tree: &Tree, id: NodeId) -> usize {
    tree.children(id)
        .iter()
        .filter_map(|&child| match &tree.nodes[child].kind {
            NodeKind::Text(text) => Some(text.chars().filter(|c| !c.is_whitespace()).count()),
            NodeKind::Element { .. } => None,
        })
        .sum()
}

/// The visible text under an element, for counting commas.
fn direct_and_inline_text(tree: &Tree, id: NodeId, skip: &[bool]) -> String {
    let mut text = String::new();
    for node in tree.descendants(id) {
        if let (NodeKind::Text(part), false) = (&tree.nodes[node].kind, skip[node]) {
            text.push_str(part);
        }
    }
    text
}

/// Characters of visible text inside links, under each node.
fn link_text_len(tree: &Tree, skip: &[bool]) -> Vec<usize> {
    let n_nodes = tree.nodes.len();
    let mut in_link = vec![false; n_nodes];
    for id in 1..n_nodes {
        let parent = tree.nodes[id].parent.unwrap_or(ROOT);
        in_link[id] = in_link[parent] || tree.name(id) == Some("a");
    }
    let mut len = vec![0; n_nodes];
    for id in (1..n_nodes).rev() {
        if skip[id] {
            continue;
        }
        if let (NodeKind::Text(text), true) = (&tree.nodes[id].kind, in_link[id]) {
            len[id] = text.chars().filter(|c| !c.is_whitespace()).count();
        }
        if let Some(parent) = tree.nodes[id].parent {
            len[parent] += len[id];
        }
    }
    len
}

#[cfg(test)]
mod tests {
    use super::*;

    fn classes_say_chrome(class: &str) -> bool {
        let tree = Tree::parse(&format!("<div class=\"{class}\">x</div>"));
        looks_like_chrome(&tree, 1)
    }

    #[test]
    fn furniture_is_recognised_by_class_words() {
        assert!(classes_say_chrome("site-footer"));
        assert!(classes_say_chrome("cookie_banner"));
        assert!(classes_say_chrome("mainNavigation"));
        assert!(classes_say_chrome("comment-body"));
        assert!(!classes_say_chrome("content has-sidebar"));
        assert!(!classes_say_chrome("commentary"));
        assert!(!classes_say_chrome("headline"));
    }
}
