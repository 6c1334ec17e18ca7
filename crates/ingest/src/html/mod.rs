//! HTML pages to their main content as plain text: parse ([`tree`]), pick
//! the article and drop page furniture ([`content`]), write it out as lines
//! ([`render`]).

mod content;
mod render;
mod tree;

use tree::{Tree, ROOT};

/// What a page gives Parallax.
#[derive(Debug)]
pub(crate) struct Page {
    /// The main content as plain text; empty when the page has no text.
    pub(crate) text: String,
    pub(crate) title: Option<String>,
    pub(crate) warnings: Vec<String>,
}

pub(crate) fn extract(html: &str) -> Page {
    let tree = Tree::parse(html);
    let title = title(&tree);
    let selection = content::select(&tree);
    let mut text = render::render(&tree, &selection.roots, &selection.skip);
    let mut warnings = Vec::new();
    if text.is_empty() {
        // Everything readable looked like page furniture: better all of it than nothing.
        text = render::render(&tree, &[ROOT], &content::invisible(&tree));
        if !text.is_empty() {
            warnings.push(
                "no main content found in the page; kept all its visible text, menus included"
                    .to_string(),
            );
        }
    }
    Page {
        text,
        title,
        warnings,
    }
}

/// `<title>`, else `og:title`, else the first `<h1>`.
fn title(tree: &Tree) -> Option<String> {
    let text_of = |id| {
        let skip = vec![false; tree.nodes.len()];
        let text = render::render(tree, &[id], &skip);
        let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
        (!text.is_empty()).then_some(text)
    };
    let in_svg = |id| {
        tree.find_all(ROOT, "svg")
            .into_iter()
            .any(|svg| tree.is_within(id, svg))
    };
    let from_title = tree
        .find_all(ROOT, "title")
        .into_iter()
        .find(|&id| !in_svg(id))
        .and_then(text_of);
    from_title
        .or_else(|| {
            tree.find_all(ROOT, "meta").into_iter().find_map(|id| {
                let key = tree
                    .attr(id, "property")
                    .or_else(|| tree.attr(id, "name"))?;
                if !key.eq_ignore_ascii_case("og:title") {
                    return None;
                }
                let content = tree.attr(id, "content")?;
                let content = content.split_whitespace().collect::<Vec<_>>().join(" ");
                (!content.is_empty()).then_some(content)
            })
        })
        .or_else(|| tree.find_all(ROOT, "h1").into_iter().find_map(text_of))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn title_falls_back_to_og_title_then_h1() {
        let page = extract("<title> Talks &amp; more </title><p>x</p>");
        assert_eq!(page.title.as_deref(), Some("Talks & more"));
        let page = extract("<meta property=og:title content='Call with Xi'><h1>H</h1><p>x</p>");
        assert_eq!(page.title.as_deref(), Some("Call with Xi"));
        let page = extract("<body><h1>Joint <b>statement</b></h1><p>x</p>");
        assert_eq!(page.title.as_deref(), Some("Joint statement"));
    }

    #[test]
    fn a_page_of_only_scripts_has_no_text() {
        let page = extract(
            "<html><head><title>App</title><script>render()</script></head><body><div id=app></div></body></html>",
        );
        assert_eq!(page.text, "");
    }

    #[test]
    fn article_wins_over_surrounding_chrome() {
        let html = r#"<body>
            <div class="top-menu"><a href="/">Home</a> <a href="/news">News</a></div>
            <div id="cookie-consent">We use cookies. <button>Accept</button></div>
            <article><h1>Talks in Beijing</h1>
              <p>The ministers met on Tuesday and discussed trade, energy and security.</p>
              <div class="share-buttons">Share on X</div>
              <p>They agreed to meet again in spring.</p></article>
            <aside><h2>Most read</h2><p>Something else entirely, with commas, many, of them.</p></aside>
            <footer>© Ministry</footer></body>"#;
        let page = extract(html);
        assert_eq!(
            page.text,
            "Talks in Beijing\n\nThe ministers met on Tuesday and discussed trade, energy and security.\n\nThey agreed to meet again in spring."
        );
    }

    #[test]
    fn a_teaser_article_does_not_beat_the_real_text() {
        let paragraph = "<p>The sides exchanged views on the situation in the region, on trade, and on energy.</p>";
        let html = format!(
            r#"<body><div class="col"><article class="card"><h3>Earlier</h3><p>An older story about something else, with a summary that runs on for a while, long enough to count as text.</p></article></div>
            <div class="text">{}</div></body>"#,
            paragraph.repeat(4)
        );
        let page = extract(&html);
        assert!(
            page.text.starts_with("The sides exchanged views"),
            "{}",
            page.text
        );
        assert!(!page.text.contains("older story"), "{}", page.text);
    }

    #[test]
    fn a_chinese_ministry_page_without_landmarks() {
        let html = r#"<html><head><title>习近平同俄罗斯总统普京举行视频会晤</title></head><body>
            <div class="header"><div class="menu"><a href="/">首页</a><a href="/wjb">外交部</a><a href="/xw">新闻</a></div></div>
            <div class="main"><div class="left-list"><ul><li><a href="/1">部长活动</a></li><li><a href="/2">新闻发布</a></li></ul></div>
            <div id="News_Body_Title">习近平同俄罗斯总统普京举行视频会晤</div>
            <div id="News_Body_Txt_A">
              <p>2026年2月4日，国家主席习近平在北京同俄罗斯总统普京举行视频会晤。</p>
              <p>习近平指出，中俄关系保持高水平运行，双方在经贸、能源、人文等领域合作稳步推进。</p>
              <p>普京表示，俄方愿同中方加强战略协作，共同应对各种风险挑战。</p>
            </div></div>
            <div class="footer">版权所有：中华人民共和国外交部</div></body></html>"#;
        let page = extract(html);
        assert_eq!(
            page.text,
            "2026年2月4日，国家主席习近平在北京同俄罗斯总统普京举行视频会晤。\n\n习近平指出，中俄关系保持高水平运行，双方在经贸、能源、人文等领域合作稳步推进。\n\n普京表示，俄方愿同中方加强战略协作，共同应对各种风险挑战。"
        );
    }

    #[test]
    fn without_landmarks_the_densest_block_wins() {
        let html = r#"<body>
            <div class="links"><a href="/a">Link one</a><br><a href="/b">Link two is a bit longer</a></div>
            <div class="wrap"><div class="c">
              <p>First paragraph of the statement, which is long enough, surely, to count.</p>
              <p>Second paragraph, also with commas, and with enough characters to score.</p>
            </div></div>
            <div class="bottom">Copyright line</div></body>"#;
        let page = extract(html);
        assert_eq!(
            page.text,
            "First paragraph of the statement, which is long enough, surely, to count.\n\nSecond paragraph, also with commas, and with enough characters to score."
        );
    }
}
