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
            a: None,
            b: None,
        });
    comparison.warnings.push(evil.into());
    let quote = parallax_model::Quote {
        source: "A".into(),
        point: Some("\"><script>".into()),
        text: evil.into(),
        start: 0,
        end: 1,
    };
    comparison
        .key_differences
        .push(parallax_model::KeyDifference {
            kind: "<i>".into(),
            summary: evil.into(),
            topic: None,
            points: vec![],
            quotes: vec![quote],
            agree: vec![],
            differ: vec![],
            weight: 1.0,
        });
    let html = to_html(&comparison);

    assert_eq!(count(&html, "<script"), 1, "only the page's own script");
    assert!(!html.contains("<b>\"") && !html.contains("<b></span>"));
    assert!(!html.contains("alert(\"x\")"));
    let escaped = "&lt;script&gt;alert(&quot;x&quot;) &amp; &#39;y&#39;&lt;/script&gt;";
    assert!(
        count(&html, escaped) >= 9,
        "escaped in title, header, cell, context, input, diff, notes, key summary and quote"
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

#[test]
fn html_marks_entities_and_times_in_the_point_text() {
    let html = to_html(&fixture(FR_EN));
    assert!(html.contains(
        "qui unit la <mark class=\"ent ent-country\" title=\"FR\">France</mark> et le \
         <mark class=\"ent ent-country\" title=\"CA\">Canada</mark>."
    ));
    assert!(html.contains("<mark class=\"ent ent-place\" title=\"Q190129\">Évian</mark>"));
    assert!(html.contains(
        "<span class=\"when\" title=\"2026-06-14 – 2026-06-16\">du 14 au 16 juin 2026</span>"
    ));
    assert!(html
        .contains("<span class=\"when\" title=\"no date: too vague\">in the coming years</span>"));
    // The context shown on expanding a point stays plain.
    assert!(html.contains("<mark>Les deux dirigeants ont salué"));
}

#[test]
fn html_entity_marks_escape_their_text_and_id() {
    let mut comparison = fixture(FR_EN);
    let point = &mut comparison.sources[1].points[0];
    let mention = "<Canada & \"France\">";
    point.text = format!("The {mention} friendship.");
    point.end = point.start + point.text.len();
    point.entities = vec![parallax_model::Entity {
        text: mention.into(),
        kind: "country".into(),
        id: "<CA>".into(),
        start: point.start + 4,
        end: point.start + 4 + mention.len(),
    }];
    let html = to_html(&comparison);
    assert!(html.contains(
        "The <mark class=\"ent ent-country\" title=\"&lt;CA&gt;\">&lt;Canada &amp; &quot;France&quot;&gt;</mark> friendship."
    ));
}

#[test]
fn html_entity_offsets_outside_the_point_are_left_unmarked() {
    let mut comparison = fixture(RU_ZH_EN);
    for source in &mut comparison.sources {
        for point in &mut source.points {
            for entity in &mut point.entities {
                entity.start += 1; // inside a character for Cyrillic and Chinese
            }
            for time in &mut point.times {
                time.span = [usize::MAX - 1, usize::MAX];
            }
        }
    }
    comparison.sources[0].points[0]
        .entities
        .push(parallax_model::Entity {
            text: "Министры".into(),
            kind: "person".into(),
            id: "X".into(),
            start: 0,
            end: 99_999,
        });
    let html = to_html(&comparison);
    assert_eq!(count(&html, "<mark class=\"ent"), 0);
    assert_eq!(count(&html, "<span class=\"when\""), 0);
    assert!(html.contains("三方同意明年在北京举行下一次会晤。</summary>"));
}

#[test]
fn html_lists_commitments_under_their_point_and_in_a_panel() {
    let comparison = fixture(FR_EN);
    let html = to_html(&comparison);
    let line = "<span class=\"kind\">invitation</span> · <span class=\"parties\">FR → CA</span> · \
                <span class=\"window\">2026-06-14–2026-06-16</span> · \
                <span class=\"status status-proposed\">proposed</span>";
    assert_eq!(count(&html, line), 2, "under point A5 and in the panel");
    assert_eq!(count(&html, "<li class=\"fact-commit\">"), 3);
    assert!(html.contains("<span class=\"fact\">Commitment</span> <span class=\"kind\">agreement</span> · <span class=\"window\">no date</span>"));
    assert!(html.contains("<span class=\"status status-accepted\">accepted</span>"));

    let panel_start = html
        .find("<section class=\"commitments\"")
        .expect("a panel");
    let glance = html.find("<section class=\"glance\"").unwrap();
    let first_topic = html.find("<section class=\"topic\"").unwrap();
    assert!(glance < panel_start && panel_start < first_topic);
    let panel = &html[panel_start..first_topic];
    for point_ref in ["#pt-A2\">A2</a>", "#pt-A5\">A5</a>", "#pt-B5\">B5</a>"] {
        assert!(panel.contains(point_ref), "panel misses {point_ref}");
    }
    assert!(html.contains("<li class=\"fact-time\"><span class=\"fact\">When</span> <q lang=\"en\">in June</q> · 2026-06-01 – 2026-06-30</li>"));
}

#[test]
fn html_leaves_out_the_commitments_panel_when_there_are_none() {
    let mut comparison = fixture(RU_ZH_EN);
    for source in &mut comparison.sources {
        for point in &mut source.points {
            point.commitments.clear();
        }
    }
    let html = to_html(&comparison);
    assert!(!html.contains("class=\"commitments\""));
    assert!(!html.contains("fact-commit"));
}

#[test]
fn html_header_shows_every_initiator_claim_and_flags_disagreement() {
    let mut comparison = fixture(FR_EN);
    let html = to_html(&comparison);
    assert!(html.contains(
        "<b>A</b> says: <q lang=\"fr\">à la demande de la partie canadienne</q> <span class=\"to\">→ <b>CA</b>;</span></span>"
    ));
    assert!(html.contains(
        "<b>B</b> says: <q lang=\"en\">at the request of the French side</q> <span class=\"to\">→ <b>FR</b></span></span>"
    ));
    assert!(html.contains("<span class=\"flag\">sources disagree</span>"));

    comparison.engagement.initiator[1].party = "CA".into();
    let html = to_html(&comparison);
    assert!(html.contains("→ <b>CA</b></span>"));
    assert!(!html.contains("sources disagree"));

    comparison.engagement.initiator.clear();
    assert!(!to_html(&comparison).contains("<p class=\"initiator\">"));
}

#[test]
fn html_source_cards_show_tone_counts_most_frequent_first() {
    let html = to_html(&fixture(FR_EN));
    assert!(html.contains(
        "<span class=\"label\">Tone</span> <span class=\"tone-chip\">constructiveness <b>1</b></span>\
         <span class=\"tone-chip\">warmth <b>1</b></span>"
    ));
    assert!(html.contains("<span class=\"tone-chip\">warmth <b>2</b></span></p>"));
}

#[test]
fn html_escapes_structured_fields() {
    let mut comparison = fixture(FR_EN);
    let evil = "<i>\"x\" & 'y'</i>";
    comparison.engagement.initiator[0].text = evil.into();
    comparison.engagement.initiator[0].party = evil.into();
    comparison.sources[0].tone.insert(evil.into(), 3);
    let commitment = &mut comparison.sources[0].points[4].commitments[0];
    commitment.kind = evil.into();
    commitment.actor = Some(evil.into());
    commitment.status = evil.into();
    comparison.sources[1].points[4].times[0].text = evil.into();
    let html = to_html(&comparison);
    assert!(!html.contains("<i>"), "no raw markup from the data");
    assert!(html.contains("<span class=\"status status-other\">&lt;i&gt;"));
}
