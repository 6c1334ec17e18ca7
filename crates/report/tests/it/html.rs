use crate::{fixture, FR_EN, RU_ZH_EN};
use parallax_model::Lang;
use parallax_report::to_html;

fn count(haystack: &str, needle: &str) -> usize {
    haystack.matches(needle).count()
}

#[test]
fn html_has_one_row_per_link_or_unmatched_point() {
    for name in [FR_EN, RU_ZH_EN] {
        let comparison = fixture(name);
        let html = to_html(&comparison);
        let expected = comparison.links.len() + comparison.unmatched.len();
        assert_eq!(count(&html, "<tbody class=\"row "), expected, "{name}");
        assert_eq!(count(&html, "<tbody"), count(&html, "</tbody>"), "{name}");
        assert_eq!(
            count(&html, "<details"),
            count(&html, "</details>"),
            "{name}"
        );
        assert_eq!(count(&html, "<td"), count(&html, "</td>"), "{name}");
        let n_points: usize = comparison.sources.iter().map(|s| s.points.len()).sum();
        assert_eq!(count(&html, "<details class=\"pt\""), n_points, "{name}");
    }
}

#[test]
fn html_header_shows_engagement_sources_and_counts() {
    let html = to_html(&fixture(FR_EN));
    assert!(html.contains("<h1>President of France and Prime Minister of Canada</h1>"));
    assert!(html.contains("Phone call · 12 March 2026 · 40 minutes"));
    assert!(html.contains("French (fr) · published 12 March 2026 · 5 points · 1 only here"));
    for chip in [
        "<b>1</b> same",
        "<b>2</b> partial",
        "<b>1</b> differs",
        "<b>1</b> only A",
        "<b>1</b> only B",
    ] {
        assert!(html.contains(chip), "missing chip {chip}");
    }
    assert_eq!(count(&html, "class=\"row rel-partial\""), 2);
    assert_eq!(count(&html, "class=\"row rel-only\""), 2);
}

#[test]
fn html_rows_carry_a_text_label_not_only_a_colour() {
    let html = to_html(&fixture(FR_EN));
    for label in [
        "= same",
        "≈ partial",
        "≠ differs",
        "∅</span> only A",
        "∅</span> only B",
    ] {
        let label = label
            .replace("= ", "=</span> ")
            .replace("≈ ", "≈</span> ")
            .replace("≠ ", "≠</span> ");
        assert!(html.contains(&label), "missing row label {label}");
    }
    // The omission cell says so in words.
    assert_eq!(count(&html, "Not mentioned</span>"), 2);
}

#[test]
fn html_points_show_their_source_position_and_context() {
    let comparison = fixture(FR_EN);
    let html = to_html(&comparison);
    let point = &comparison.sources[0].points[2];
    let title = format!(
        "title=\"Source A · Élysée · bytes {}–{}\"",
        point.start, point.end
    );
    assert!(html.contains(&title), "missing {title}");
    assert!(html.contains("<mark>Le Président a réaffirmé le soutien"));
    assert!(html.contains(
        "<span class=\"kind\">number</span> A calls for a 30-day ceasefire; B for a &quot;just and lasting peace&quot;"
    ));
}

#[test]
fn html_cells_carry_their_language_and_arabic_is_right_to_left() {
    let html = to_html(&fixture(RU_ZH_EN));
    for lang in ["ru", "zh", "en"] {
        assert!(
            html.contains(&format!(
                "data-source=\"{}",
                match lang {
                    "ru" => "A · МИД России\" lang=\"ru\"",
                    "zh" => "B · 外交部\" lang=\"zh\"",
                    _ => "C · Ministry of Foreign Affairs of Mongolia\" lang=\"en\"",
                }
            )),
            "no {lang} cell"
        );
    }
    assert!(!html.contains("dir=\"rtl\""));

    let mut comparison = fixture(RU_ZH_EN);
    comparison.sources[1].language = Lang::Ar;
    let html = to_html(&comparison);
    assert!(html.contains("lang=\"ar\" dir=\"rtl\""));
}

#[test]
fn html_escapes_every_text_it_shows() {
    let mut comparison = fixture(FR_EN);
    let evil = "<script>alert(\"x\") & 'y'</script>";
    comparison.engagement.participants[0] = evil.into();
    comparison.sources[0].issuer = Some(evil.into());
    comparison.sources[0].points[0].text = evil.into();
    comparison.sources[1].input = evil.into();
    comparison.links[0]
        .differences
        .push(parallax_model::Difference {
            kind: "<b>".into(),
            detail: evil.into(),
        });
    comparison.warnings.push(evil.into());
    let html = to_html(&comparison);

    assert_eq!(count(&html, "<script"), 1, "only the page's own script");
    assert!(!html.contains("<b>\"") && !html.contains("<b></span>"));
    assert!(!html.contains("alert(\"x\")"));
    let escaped = "&lt;script&gt;alert(&quot;x&quot;) &amp; &#39;y&#39;&lt;/script&gt;";
    assert!(
        count(&html, escaped) >= 7,
        "escaped in title, header, cell, context, input, diff, notes"
    );
}

#[test]
fn html_is_self_contained() {
    for name in [FR_EN, RU_ZH_EN] {
        let html = to_html(&fixture(name));
        assert!(html.starts_with("<!DOCTYPE html>"));
        for remote in [
            "http://",
            "https://",
            "<link",
            " src=",
            "url(",
            "@import",
            "@font-face",
        ] {
            assert!(!html.contains(remote), "{name} refers to {remote}");
        }
    }
}
