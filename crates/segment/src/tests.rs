use super::*;

fn points(text: &str, lang: Lang) -> Vec<&str> {
    segment(text, lang)
        .points
        .iter()
        .map(|p| p.span.slice(text))
        .collect()
}

#[test]
fn french_titles_and_etc_do_not_end_sentences() {
    let text = "M. Ouchakov a rencontré Mme Dupont, le Dr Martin, etc. avant la réunion. Les entretiens ont duré une heure.";
    assert_eq!(
        points(text, Lang::Fr),
        [
            "M. Ouchakov a rencontré Mme Dupont, le Dr Martin, etc. avant la réunion.",
            "Les entretiens ont duré une heure."
        ]
    );
}

#[test]
fn english_abbreviations_and_numbers() {
    let text =
        "The U.S. side raised Resolution No. 5 with Dr. Lee. They agreed. Trade hit $1.5 billion.";
    assert_eq!(
        points(text, Lang::En),
        [
            "The U.S. side raised Resolution No. 5 with Dr. Lee.",
            "They agreed.",
            "Trade hit $1.5 billion."
        ]
    );
}

#[test]
fn russian_initials_and_abbreviations() {
    let text = "В.В. Путин провёл переговоры в г. Москве, т.е. в Кремле. Встреча прошла в 2026 г. Стороны договорились продолжить контакты.";
    assert_eq!(
        points(text, Lang::Ru),
        [
            "В.В. Путин провёл переговоры в г. Москве, т.е. в Кремле.",
            "Встреча прошла в 2026 г.",
            "Стороны договорились продолжить контакты."
        ]
    );
}

#[test]
fn chinese_sentences_and_clauses() {
    let text = "习近平指出，中俄关系处于历史最好时期。双方要加强战略协作；要深化务实合作，扩大能源贸易规模！普京表示赞同？";
    assert_eq!(
        points(text, Lang::Zh),
        [
            "习近平指出，中俄关系处于历史最好时期。",
            "双方要加强战略协作；",
            "要深化务实合作，扩大能源贸易规模！",
            "普京表示赞同？"
        ]
    );
}

#[test]
fn short_chinese_clauses_stay_together() {
    let text = "双方同意；会谈顺利。";
    assert_eq!(points(text, Lang::Zh), ["双方同意；会谈顺利。"]);
}

#[test]
fn guillemets_and_quotes_close_sentences() {
    let text = "Il a parlé d'une atmosphère « véritablement amicale ». Puis il a ajouté : « Nous sommes d'accord. » La séance fut levée. He said \"we agree.\" Then he left.";
    assert_eq!(
        points(text, Lang::Fr),
        [
            "Il a parlé d'une atmosphère « véritablement amicale ».",
            "Puis il a ajouté : « Nous sommes d'accord. »",
            "La séance fut levée.",
            "He said \"we agree.\"",
            "Then he left."
        ]
    );
}

#[test]
fn bullets_and_numbered_lists_are_points() {
    let text = "Main points:\n- First point. It has two sentences.\n• Second point\n1. Third point\n2) Fourth point\n一、第五点\n";
    let seg = segment(text, Lang::En);
    assert_eq!(
        seg.points
            .iter()
            .map(|p| p.span.slice(text))
            .collect::<Vec<_>>(),
        [
            "First point. It has two sentences.",
            "Second point",
            "Third point",
            "Fourth point",
            "第五点"
        ]
    );
    assert!(seg.points.iter().all(|p| p.kind == PointKind::Bullet));
    assert_eq!(seg.headings.len(), 1);
}

#[test]
fn a_lead_in_sentence_before_a_list_is_a_label() {
    let text = "Readout of the President's call\nMay 6, 2026\nThe President spoke with the Prime Minister today. The leaders:\n- Discussed trade.\n- Agreed to meet.\n";
    let seg = segment(text, Lang::En);
    assert_eq!(
        points(text, Lang::En),
        [
            "The President spoke with the Prime Minister today.",
            "Discussed trade.",
            "Agreed to meet."
        ]
    );
    assert_eq!(seg.headings.len(), 1);
    // a closing sentence with a colon but no list after it stays a point
    let text = "They discussed three subjects: trade, energy and climate.";
    assert_eq!(points(text, Lang::En).len(), 1);
}

#[test]
fn a_german_date_line_is_not_a_numbered_item() {
    let text = "Telefonat des Bundeskanzlers\n27. Mai 2026\nDer Bundeskanzler hat heute telefoniert.\n1. Erster Punkt\n";
    let seg = segment(text, Lang::De);
    assert_eq!(seg.published.as_deref(), Some("2026-05-27"));
    assert_eq!(
        points(text, Lang::De),
        ["Der Bundeskanzler hat heute telefoniert.", "Erster Punkt"]
    );
}

#[test]
fn title_date_line_and_label_are_metadata() {
    let text = "Telephone conversation with the President of France\nFebruary 4, 2026\nKey points:\nThe presidents discussed trade. They agreed to meet.\n";
    let seg = segment(text, Lang::En);
    assert_eq!(
        seg.title.map(|s| s.slice(text)),
        Some("Telephone conversation with the President of France")
    );
    assert_eq!(seg.published.as_deref(), Some("2026-02-04"));
    assert_eq!(
        points(text, Lang::En),
        ["The presidents discussed trade.", "They agreed to meet."]
    );
}

#[test]
fn chinese_date_line() {
    let text = "习近平同普京举行视频会晤\n2026年2月4日\n2月4日下午，国家主席习近平同俄罗斯总统普京举行视频会晤。";
    let seg = segment(text, Lang::Zh);
    assert_eq!(seg.published.as_deref(), Some("2026-02-04"));
    assert_eq!(seg.points.len(), 1);
}

#[test]
fn hard_wrapped_paragraphs_are_joined() {
    let text =
        "The leaders discussed the situation\nin the Middle East and agreed\nto stay in touch.\n";
    assert_eq!(
        points(text, Lang::En),
        ["The leaders discussed the situation\nin the Middle East and agreed\nto stay in touch."]
    );
}

#[test]
fn crlf_and_markdown_headings() {
    let text = "# Readout\r\n\r\n## Economy\r\nTrade grew. Energy too.\r\n";
    let seg = segment(text, Lang::En);
    assert_eq!(seg.title.map(|s| s.slice(text)), Some("Readout"));
    assert_eq!(points(text, Lang::En), ["Trade grew.", "Energy too."]);
    assert_eq!(
        seg.points[0].heading.map(|s| s.slice(text)),
        Some("Economy")
    );
}

#[test]
fn odd_input_gives_warning_not_panic() {
    for text in [
        "",
        "   \n\t",
        "***\n---",
        "....",
        "\u{feff}",
        "。。。",
        "- \n- ",
        "(1)",
        "一、",
    ] {
        let seg = segment(text, Lang::Und);
        assert!(seg.points.is_empty(), "{text:?}");
        assert!(!seg.warnings.is_empty(), "{text:?}");
    }
}

#[test]
fn spans_are_exact_for_every_point() {
    let text = "Titre\n\n- Un point « cité ». \n  Deux.\nПервое. Второе!\n中文。\n";
    let seg = segment(text, Lang::Fr);
    for point in &seg.points {
        let slice = point.span.slice(text);
        assert_eq!(slice, slice.trim(), "{slice:?}");
        assert!(!slice.is_empty());
    }
}

#[test]
fn a_huge_line_without_punctuation_is_one_point_with_a_warning() {
    let text = "word ".repeat(20_000);
    let seg = segment(&text, Lang::En);
    assert_eq!(seg.points.len(), 1);
    assert!(seg.warnings.iter().any(|w| w.contains("5,000 bytes")));
}
