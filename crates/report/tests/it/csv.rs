use crate::{fixture, FR_EN, RU_ZH_EN};
use parallax_report::to_csv;

/// Snapshots are stored with LF; the CRLF line ends are checked separately.
fn lf(csv: &str) -> String {
    csv.replace("\r\n", "\n")
}

#[test]
fn csv_two_sources() {
    insta::assert_snapshot!(lf(&to_csv(&fixture(FR_EN))));
}

#[test]
fn csv_three_sources() {
    insta::assert_snapshot!(lf(&to_csv(&fixture(RU_ZH_EN))));
}

#[test]
fn csv_records_end_with_crlf_and_have_one_field_per_column() {
    let csv = to_csv(&fixture(RU_ZH_EN));
    assert!(csv.ends_with("\r\n"));
    let header = csv.split("\r\n").next().unwrap();
    assert_eq!(
        header,
        "row,topic,relation,score,A_points,A_text,B_points,B_text,C_points,C_text,differences"
    );
    // 1 header + 3 links + 1 unmatched point; no field holds a line break here.
    assert_eq!(csv.split("\r\n").filter(|r| !r.is_empty()).count(), 5);
}

#[test]
fn csv_quotes_commas_quotes_and_line_breaks_in_texts() {
    let mut comparison = fixture(FR_EN);
    comparison.sources[0].points[3].text = "Haïti, \"Cuba\"\nand more".into();
    let csv = to_csv(&comparison);
    assert!(
        csv.contains(",A4,\"Haïti, \"\"Cuba\"\"\nand more\",,,\r\n"),
        "{csv}"
    );
}
