//! `parallax batch`: many comparisons in one run.

use super::{parallax, stderr, TempDir};

#[test]
fn batch_writes_a_report_per_line_and_reports_bad_lines_without_stopping() {
    let dir = TempDir::new("batch");
    dir.write(
        "kremlin.txt",
        "Telephone conversation\n2 March 2026\nThe presidents discussed trade and agreed to meet in May.\nThey also discussed the situation in the Middle East.\n",
    );
    dir.write(
        "whitehouse.txt",
        "Readout of the call\nMarch 2, 2026\nThe presidents discussed trade and agreed to meet in June.\nThey exchanged views on Iran.\n",
    );
    dir.write("empty.txt", "");
    let list = dir.write(
        "pairs.tsv",
        "# one comparison a line\nkremlin.txt\twhitehouse.txt\n\nwhitehouse.txt\tkremlin.txt\nkremlin.txt\tempty.txt\n",
    );
    let out = dir.0.join("out");
    let run = parallax(&["batch", &list, "-o", out.to_str().unwrap(), "--jobs", "2"]);
    assert_eq!(
        run.status.code(),
        Some(1),
        "one line fails: {}",
        stderr(&run)
    );
    let err = stderr(&run);
    assert!(
        err.contains("pairs.tsv:5:"),
        "the failing line is named: {err}"
    );
    assert!(err.contains("compared 2 of 3"), "{err}");
    assert!(!err.contains("panicked"));
    let mut names: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names, ["00002-kremlin.json", "00004-whitehouse.json"]);
    for name in names {
        let json: serde_json::Value =
            serde_json::from_slice(&std::fs::read(out.join(&name)).unwrap()).unwrap();
        assert_eq!(json["schema"], "parallax.comparison/1");
        assert_eq!(json["sources"].as_array().unwrap().len(), 2);
        // May against June: the same meeting, another month
        let differs = json["links"]
            .as_array()
            .unwrap()
            .iter()
            .any(|l| l["relation"] == "differs");
        assert!(differs, "{name}: {json}");
    }
}

#[test]
fn a_list_without_comparisons_says_how_to_write_one() {
    let dir = TempDir::new("batchlist");
    let list = dir.write("pairs.tsv", "only-one-input.txt\n");
    let run = parallax(&["batch", &list, "-o", dir.0.join("out").to_str().unwrap()]);
    assert_eq!(run.status.code(), Some(1));
    let err = stderr(&run);
    assert!(
        err.contains("pairs.tsv:1: a comparison needs at least two inputs"),
        "{err}"
    );
}
