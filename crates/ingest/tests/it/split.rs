//! Splitting real article files into per-source documents.

use super::{read, Folder};
use parallax_ingest::split::split_document;
use parallax_model::InputFormat;

#[test]
fn the_seed_article_splits_into_its_two_readouts_without_the_commentary() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../../shared/seeds/000_e178ca302a275c66.txt"
    );
    let doc = read(path);
    let sections = split_document(&doc).unwrap_or_else(|error| panic!("{error}"));
    assert_eq!(sections.len(), 2);
    for (section, span) in &sections {
        assert_eq!(section.text, span.slice(&doc.text));
        for commentary in ["Larry C. Johnson", "mascarade", "Cuba", "Yury Ushakov ,"] {
            assert!(!section.text.contains(commentary), "{commentary}");
        }
    }
    let (kremlin, china) = (&sections[0].0, &sections[1].0);
    assert!(kremlin.text.starts_with("- Relations bilatérales"));
    assert!(kremlin.text.contains("Iran"));
    assert!(kremlin.label.as_deref().unwrap().contains("Kremlin"));
    assert!(china.text.starts_with("- Date et lieu"));
    assert!(china.text.contains("Lichun"));
    assert!(china.label.as_deref().unwrap().contains("Chine"));
    assert!(!china.text.contains("ministère chinois"));
    assert_eq!(china.input, format!("{path}#2"));
}

#[test]
fn an_html_article_splits_at_its_headings() {
    let folder = Folder::new();
    let page = "<html><body><nav><a href=/>Home</a></nav><article>\
        <h1>Two readouts of one call</h1>\
        <p>The leaders spoke for an hour. Here is what each side said.</p>\
        <h2>Kremlin readout</h2><ul><li>Energy deliveries will grow.</li><li>A visit is planned.</li></ul>\
        <p>Our correspondent notes the cautious tone.</p>\
        <h2>Xinhua summary</h2><ul><li>Trade reached a record.</li></ul>\
        <p>Comments are closed.</p></article></body></html>";
    let path = folder.write("article.html", page.as_bytes());
    let doc = read(&path);
    let sections = split_document(&doc).unwrap_or_else(|error| panic!("{error}"));
    let bodies: Vec<(&str, &str)> = sections
        .iter()
        .map(|(section, _)| (section.label.as_deref().unwrap(), section.text.as_str()))
        .collect();
    assert_eq!(
        bodies,
        [
            (
                "Kremlin readout",
                "- Energy deliveries will grow.\n- A visit is planned."
            ),
            ("Xinhua summary", "- Trade reached a record."),
        ]
    );
    assert_eq!(sections[0].0.format, InputFormat::Html);
}
