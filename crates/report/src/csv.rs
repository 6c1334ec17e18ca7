//! CSV for spreadsheets and statistics (RFC 4180: CRLF line ends, fields
//! quoted when they hold a comma, a quote or a line break).

use crate::labels::verdict_id;
use crate::rows::{rows, Verdict};
use parallax_model::Comparison;

/// The comparison as CSV: a header row, then one row per link or unmatched
/// point, in report order. Columns: `row`, `topic`, `relation` (`same`,
/// `partial`, `differs` or `unmatched`), `score` (links only), then for each
/// source `X_points` (ids, space-separated) and `X_text` (texts, one per
/// line), and `differences` (`kind: detail`, separated by `; `).
pub fn to_csv(c: &Comparison) -> String {
    let mut out = String::new();
    let mut header = vec![
        "row".to_string(),
        "topic".into(),
        "relation".into(),
        "score".into(),
    ];
    for source in &c.sources {
        header.push(format!("{}_points", source.id));
        header.push(format!("{}_text", source.id));
    }
    header.push("differences".into());
    write_record(&mut out, &header);

    for row in rows(c) {
        let mut record = vec![
            row.number.to_string(),
            row.topic.id().to_string(),
            match row.verdict {
                Verdict::Linked(_) => verdict_id(row.verdict).to_string(),
                Verdict::Only { .. } => "unmatched".to_string(),
            },
            row.score()
                .map(|score| format!("{score:.2}"))
                .unwrap_or_default(),
        ];
        for points in &row.cells {
            let ids: Vec<&str> = points.iter().map(|point| point.id.as_str()).collect();
            let texts: Vec<&str> = points.iter().map(|point| point.text.as_str()).collect();
            record.push(ids.join(" "));
            record.push(texts.join("\n"));
        }
        let differences: Vec<String> = row
            .differences()
            .iter()
            .map(|d| format!("{}: {}", d.kind, d.detail))
            .collect();
        record.push(differences.join("; "));
        write_record(&mut out, &record);
    }
    out
}

fn write_record(out: &mut String, fields: &[String]) {
    for (idx, field) in fields.iter().enumerate() {
        if idx > 0 {
            out.push(',');
        }
        push_field(out, field);
    }
    out.push_str("\r\n");
}

/// One field, quoted (with quotes doubled) when it holds a comma, a quote or
/// a line break.
fn push_field(out: &mut String, field: &str) {
    if field.contains([',', '"', '\r', '\n']) {
        out.push('"');
        out.push_str(&field.replace('"', "\"\""));
        out.push('"');
    } else {
        out.push_str(field);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn field(text: &str) -> String {
        let mut out = String::new();
        push_field(&mut out, text);
        out
    }

    #[test]
    fn fields_are_quoted_only_when_rfc_4180_needs_it() {
        assert_eq!(field("plain text"), "plain text");
        assert_eq!(field("a, b"), "\"a, b\"");
        assert_eq!(field("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(field("two\nlines"), "\"two\nlines\"");
        assert_eq!(field("cr\rhere"), "\"cr\rhere\"");
        assert_eq!(field(""), "");
    }

    #[test]
    fn records_end_with_crlf() {
        let mut out = String::new();
        write_record(&mut out, &["a".into(), "b,c".into()]);
        assert_eq!(out, "a,\"b,c\"\r\n");
    }
}
