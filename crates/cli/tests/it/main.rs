//! The `parallax` binary run for real on real files in a temporary folder.

mod batch;
mod differences;

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const BIN: &str = env!("CARGO_BIN_EXE_parallax");

struct TempDir(PathBuf);

impl TempDir {
    fn new(name: &str) -> TempDir {
        let dir = std::env::temp_dir().join(format!("parallax-cli-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("creating a temp dir");
        TempDir(dir)
    }

    fn write(&self, name: &str, bytes: impl AsRef<[u8]>) -> String {
        let path = self.0.join(name);
        std::fs::write(&path, bytes).expect("writing a test file");
        path.to_string_lossy().into_owned()
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn parallax(args: &[&str]) -> Output {
    Command::new(BIN)
        .args(args)
        .output()
        .expect("running parallax")
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// Fails with a single clear line, naming `needle`, and no panic.
fn assert_clear_error(output: &Output, needle: &str) {
    let err = stderr(output);
    assert!(
        !output.status.success(),
        "expected failure, got success; stderr: {err}"
    );
    assert!(!err.contains("panicked"), "panicked: {err}");
    assert_eq!(
        err.trim_end().lines().count(),
        1,
        "expected one line: {err}"
    );
    assert!(err.contains(needle), "expected {needle:?} in: {err}");
}

fn compare_json(args: &[&str]) -> Value {
    let mut all = vec!["compare"];
    all.extend_from_slice(args);
    all.extend_from_slice(&["--format", "json"]);
    let output = parallax(&all);
    assert!(
        output.status.success(),
        "parallax failed: {}",
        stderr(&output)
    );
    serde_json::from_slice(&output.stdout).expect("JSON output")
}

/// The contract's invariants: valid against the JSON Schema, every point in
/// exactly one link or in `unmatched`, and every span slicing its source text
/// to the point's text.
fn assert_invariants(comparison: &Value) {
    assert_eq!(comparison["schema"], "parallax.comparison/1");
    let schema_path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../schemas/parallax.comparison-1.schema.json");
    let schema: Value =
        serde_json::from_str(&std::fs::read_to_string(schema_path).expect("schema file"))
            .expect("schema JSON");
    let validator = jsonschema::draft202012::new(&schema).expect("schema compiles");
    let errors: Vec<String> = validator
        .iter_errors(comparison)
        .map(|e| format!("{e} at {}", e.instance_path()))
        .collect();
    assert!(
        errors.is_empty(),
        "output does not match the schema: {errors:#?}"
    );
    let mut seen = std::collections::HashMap::new();
    for link in comparison["links"].as_array().expect("links") {
        for id in link["points"].as_array().expect("link points") {
            *seen.entry(id.as_str().expect("id").to_owned()).or_insert(0) += 1;
        }
    }
    for id in comparison["unmatched"].as_array().expect("unmatched") {
        *seen.entry(id.as_str().expect("id").to_owned()).or_insert(0) += 1;
    }
    for source in comparison["sources"].as_array().expect("sources") {
        let text = source["text"].as_str().expect("source text");
        for point in source["points"].as_array().expect("points") {
            let id = point["id"].as_str().expect("point id");
            assert_eq!(
                seen.get(id),
                Some(&1),
                "{id} must be in exactly one link or unmatched"
            );
            let (start, end) = (
                point["start"].as_u64().unwrap() as usize,
                point["end"].as_u64().unwrap() as usize,
            );
            assert_eq!(
                &text.as_bytes()[start..end],
                point["text"].as_str().unwrap().as_bytes(),
                "{id} span"
            );
            for entity in point["entities"].as_array().unwrap() {
                let (s, e) = (
                    entity["start"].as_u64().unwrap() as usize,
                    entity["end"].as_u64().unwrap() as usize,
                );
                assert_eq!(&text[s..e], entity["text"].as_str().unwrap());
            }
        }
    }
    let n_points: usize = comparison["sources"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["points"].as_array().unwrap().len())
        .sum();
    assert_eq!(
        seen.len(),
        n_points,
        "links and unmatched name only real points"
    );
}

fn find_point<'c>(comparison: &'c Value, source: usize, prefix: &str) -> &'c str {
    comparison["sources"][source]["points"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["text"].as_str().unwrap().starts_with(prefix))
        .unwrap_or_else(|| panic!("no point of source {source} starts with {prefix:?}"))["id"]
        .as_str()
        .unwrap()
}

fn link_of<'c>(comparison: &'c Value, id: &str) -> Option<&'c Value> {
    comparison["links"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["points"].as_array().unwrap().iter().any(|p| p == id))
}

fn seed_path() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/seeds/000_e178ca302a275c66.txt")
}

/// The section of the seed from the line after `heading` through its "Ton général" bullet.
fn cut_section(seed: &str, heading: &str) -> String {
    let start = seed
        .find(heading)
        .unwrap_or_else(|| panic!("seed lacks {heading:?}"));
    let start = start + seed[start..].find('\n').expect("heading line ends") + 1;
    let tone = start
        + seed[start..]
            .find("- Ton général")
            .expect("section has a Ton général bullet");
    let end = tone + seed[tone..].find('\n').unwrap_or(seed.len() - tone);
    seed[start..end].to_owned()
}

#[test]
fn seed_kremlin_and_china_readouts_line_up_as_a_reader_sees_them() {
    let seed = std::fs::read_to_string(seed_path())
        .expect("../shared/seeds/000_e178ca302a275c66.txt must sit beside the checkout");
    let dir = TempDir::new("seed");
    let kremlin = dir.write(
        "kremlin.txt",
        cut_section(&seed, "Points clés du compte rendu d'Ushakov"),
    );
    let china = dir.write(
        "china.txt",
        cut_section(&seed, "Résumé du compte rendu de la Chine"),
    );
    let comparison = compare_json(&[&kremlin, &china, "--label", "Kremlin", "--label", "Chine"]);
    assert_invariants(&comparison);
    assert_eq!(comparison["sources"][0]["language"], "fr");

    // both sides' "Projets futurs": the invitation to China in H1 2026, accepted
    let plans_a = find_point(&comparison, 0, "Projets futurs");
    let plans_b = find_point(&comparison, 1, "Projets futurs");
    let link = link_of(&comparison, plans_a).expect("the Kremlin's future plans are linked");
    assert!(
        link["points"]
            .as_array()
            .unwrap()
            .iter()
            .any(|p| p == plans_b),
        "…to China's future plans: {link}"
    );

    // …and both carry the commitment: Putin's visit to China in H1 2026, accepted
    for (source, id) in [(0, plans_a), (1, plans_b)] {
        let point = comparison["sources"][source]["points"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["id"] == id)
            .unwrap();
        let visit = point["commitments"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["kind"] == "visit")
            .unwrap_or_else(|| panic!("no visit commitment in {point}"));
        assert_eq!(visit["actor"], "Q7747", "{visit}");
        assert_eq!(visit["target"], "CN", "{visit}");
        assert_eq!(visit["status"], "accepted", "{visit}");
        assert_eq!(visit["window"]["start"], "2026-01-01", "{visit}");
        assert_eq!(visit["window"]["end"], "2026-06-30", "{visit}");
    }
    // the engagement: a video call on 4 February 2026 between Xi and Putin
    let engagement = &comparison["engagement"];
    assert_eq!(engagement["date"], "2026-02-04");
    assert_eq!(engagement["format"], "video_call");
    let participants = engagement["participants"].as_array().unwrap();
    assert!(
        participants.contains(&Value::from("Q7747"))
            && participants.contains(&Value::from("Q15031"))
    );

    // what only one side says
    let unmatched: Vec<&str> = comparison["unmatched"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    for (source, prefix) in [
        (0, "Crises régionales et mondiales"),
        (0, "Coopération économique et commerciale"),
        (1, "Messages et contexte propice"),
    ] {
        let id = find_point(&comparison, source, prefix);
        assert!(
            unmatched.contains(&id),
            "{prefix} ({id}) should have no counterpart"
        );
    }
}

#[test]
fn every_format_renders_and_html_goes_to_a_file() {
    let dir = TempDir::new("formats");
    let a = dir.write(
        "a.txt",
        "Les deux présidents ont discuté du commerce. Ils ont évoqué la situation en Iran.\n",
    );
    let b = dir.write(
        "b.txt",
        "The two presidents discussed trade. They congratulated each other on the holiday.\n",
    );
    for format in ["json", "md", "csv", "html"] {
        let out = dir.0.join(format!("out.{format}"));
        let output = parallax(&[
            "compare",
            &a,
            &b,
            "--format",
            format,
            "-o",
            &out.to_string_lossy(),
        ]);
        assert!(output.status.success(), "{format}: {}", stderr(&output));
        let body = std::fs::read_to_string(&out).expect("report written");
        assert!(body.contains("Iran"), "{format} report carries the text");
        assert!(
            stderr(&output).contains("wrote"),
            "says where the report went"
        );
    }
}

#[test]
fn legacy_encodings_are_decoded_and_offsets_refer_to_the_decoded_text() {
    let dir = TempDir::new("encodings");
    // Windows-1251 Russian, written byte by byte: "Стороны обсудили торговлю."
    let russian = "Стороны обсудили торговлю и энергетику. Путин поздравил коллегу с праздником.";
    let cp1251: Vec<u8> = russian
        .chars()
        .map(|c| match c {
            'А'..='я' => (c as u32 - 0x410 + 0xC0) as u8,
            other => other as u8,
        })
        .collect();
    let a = dir.write("ru.txt", cp1251);
    let b = dir.write(
        "en.txt",
        "The sides discussed trade and energy. Putin congratulated his colleague on the holiday.",
    );
    let comparison = compare_json(&[&a, &b]);
    assert_invariants(&comparison);
    assert_eq!(comparison["sources"][0]["encoding"], "windows-1251");
    assert_eq!(comparison["sources"][0]["language"], "ru");
    assert_eq!(comparison["sources"][0]["text"], russian);
    assert_eq!(comparison["sources"][0]["offsets"], "utf8_bytes_of_text");
}

#[test]
fn three_sources_compare_too() {
    let dir = TempDir::new("three");
    let a = dir.write("a.txt", "Стороны обсудили ситуацию вокруг Ирана. Был рассмотрен ход торгово-экономического сотрудничества.");
    let b = dir.write(
        "b.txt",
        "双方就伊朗局势交换了意见。双方积极评价两国经贸合作。",
    );
    let c = dir.write(
        "c.txt",
        "The leaders exchanged views on Iran. They welcomed the growth of trade.",
    );
    let comparison = compare_json(&[&a, &b, &c]);
    assert_invariants(&comparison);
    assert_eq!(comparison["sources"].as_array().unwrap().len(), 3);
    assert!(
        comparison["links"]
            .as_array()
            .unwrap()
            .iter()
            .any(|l| l["points"].as_array().unwrap().len() == 3),
        "{comparison}"
    );
}

#[test]
fn bad_inputs_get_one_clear_line_and_a_failure_status() {
    let dir = TempDir::new("bad");
    let good = dir.write(
        "good.txt",
        "The presidents discussed trade and energy cooperation.",
    );
    let empty = dir.write("empty.txt", "");
    let blank = dir.write("blank.txt", " \n\t \n");
    let pdf = dir.write(
        "scan.txt",
        b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n",
    );
    let png = dir.write("photo.txt", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x10");
    let no_text = dir.write("page.html", "<html><head><style>p { color: red }</style><script>var x = 1;</script></head><body><div><img src='a.png'></div></body></html>");
    let huge = dir.0.join("huge.txt");
    std::fs::File::create(&huge)
        .and_then(|f| f.set_len(50 * 1024 * 1024))
        .expect("sparse 50 MB file");
    let huge = huge.to_string_lossy().into_owned();
    let missing = dir.0.join("missing.txt").to_string_lossy().into_owned();

    assert_clear_error(&parallax(&["compare", &empty, &good]), "empty.txt");
    assert_clear_error(&parallax(&["compare", &blank, &good]), "blank.txt");
    assert_clear_error(&parallax(&["compare", &pdf, &good]), "PDF");
    assert_clear_error(&parallax(&["compare", &png, &good]), "photo.txt");
    assert_clear_error(&parallax(&["compare", &no_text, &good]), "page.html");
    assert_clear_error(&parallax(&["compare", &huge, &good]), "--max-bytes");
    assert_clear_error(&parallax(&["compare", &missing, &good]), "missing.txt");
    assert_clear_error(&parallax(&["compare", &good, &good]), "same file");
    assert_clear_error(&parallax(&["compare", &good]), "at least two");
    // a usage error: clap's message, then its usage hint
    let output = parallax(&["compare", &good, &empty, "--lang", "xx"]);
    assert!(!output.status.success());
    let first_line = stderr(&output).lines().next().unwrap_or("").to_owned();
    assert!(
        first_line.contains("unknown language \"xx\""),
        "{first_line}"
    );
}

#[test]
fn odd_but_readable_inputs_give_a_result() {
    let dir = TempDir::new("odd");
    let good = dir.write(
        "good.txt",
        "The presidents discussed trade and energy cooperation.",
    );
    // invalid UTF-8 inside otherwise valid text: read with a warning
    let mut broken = "Les présidents ont discuté du commerce et de l'énergie."
        .as_bytes()
        .to_vec();
    broken.insert(10, 0xff);
    let broken = dir.write("broken.txt", broken);
    let output = parallax(&["compare", &broken, &good, "--format", "json"]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(
        stderr(&output).contains("warning"),
        "says bytes were replaced: {}",
        stderr(&output)
    );
    // one 100,000-character line
    let long_line = dir.write("long.txt", "trade and energy ".repeat(6_000));
    let output = parallax(&["compare", &long_line, &good, "--format", "json"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let comparison: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_invariants(&comparison);
}

#[test]
fn help_teaches_with_an_example() {
    let output = parallax(&["compare", "--help"]);
    let help = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success());
    for needle in [
        "--label",
        "--format",
        "--lang",
        "Examples:",
        "parallax compare kremlin.txt",
    ] {
        assert!(help.contains(needle), "help lacks {needle}");
    }
}

#[test]
fn demo_writes_a_page() {
    let dir = TempDir::new("demo");
    let out = dir.0.join("demo.html");
    let output = parallax(&["demo", "-o", &out.to_string_lossy()]);
    assert!(output.status.success(), "{}", stderr(&output));
    let page = std::fs::read_to_string(&out).unwrap();
    assert!(page.contains("Kremlin") && page.contains("White House"));
}

#[test]
fn a_point_in_another_language_says_so() {
    let dir = TempDir::new("mixed");
    let mixed = dir.write(
        "mixed.txt",
        "Les deux présidents ont discuté du commerce et de la coopération énergétique entre leurs pays.\n\
         Le communiqué américain précise : « The two leaders agreed to keep working together on energy security and trade. »\n\
         Ils ont également évoqué la situation au Proche-Orient et la nécessité d'un cessez-le-feu durable.\n",
    );
    let other = dir.write(
        "en.txt",
        "The presidents discussed trade and energy cooperation.",
    );
    let comparison = compare_json(&[&mixed, &other]);
    assert_invariants(&comparison);
    let points = comparison["sources"][0]["points"].as_array().unwrap();
    assert_eq!(comparison["sources"][0]["language"], "fr");
    let languages: Vec<&Value> = points.iter().map(|p| &p["language"]).collect();
    assert_eq!(languages, [&Value::Null, &Value::from("en"), &Value::Null]);
}

#[test]
fn inputs_too_big_to_compare_are_refused_before_any_work() {
    let dir = TempDir::new("toomany");
    let many: String = (0..4_100)
        .map(|n| format!("Statement number {n} on trade.\n"))
        .collect();
    let a = dir.write("a.txt", &many);
    let b = dir.write("b.txt", many.replace("trade", "energy"));
    let started = std::time::Instant::now();
    assert_clear_error(
        &parallax(&["compare", &a, &b, "--format", "json"]),
        "split them into single readouts",
    );
    assert!(
        started.elapsed().as_secs() < 20,
        "refused early, took {:?}",
        started.elapsed()
    );
}
