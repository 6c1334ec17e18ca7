use crate::{fixture, FR_EN, RU_ZH_EN};
use parallax_report::to_markdown;

#[test]
fn markdown_two_sources() {
    insta::assert_snapshot!(to_markdown(&fixture(FR_EN)));
}

#[test]
fn markdown_three_sources() {
    insta::assert_snapshot!(to_markdown(&fixture(RU_ZH_EN)));
}

#[test]
fn markdown_cells_escape_pipes_and_line_breaks() {
    let mut comparison = fixture(FR_EN);
    comparison.sources[0].points[3].text = "Haïti | Cuba\nand *more*".into();
    let markdown = to_markdown(&comparison);
    let row = markdown
        .lines()
        .find(|line| line.contains("Haïti"))
        .expect("the Haiti row");
    assert_eq!(row, "| only A | Haïti \\| Cuba and \\*more\\* | — | |");
}
