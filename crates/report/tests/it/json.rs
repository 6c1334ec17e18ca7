use crate::{fixture, fixture_text, FR_EN, RU_ZH_EN};
use parallax_report::{render, to_json, Format};
use serde_json::{json, Value};
use std::path::PathBuf;

fn schema() -> jsonschema::Validator {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../schemas/parallax.comparison-1.schema.json");
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|err| panic!("reading {}: {err}", path.display()));
    let schema: Value = serde_json::from_str(&text).expect("the schema is JSON");
    jsonschema::meta::validate(&schema).expect("the schema is a valid draft 2020-12 schema");
    jsonschema::draft202012::new(&schema).expect("the schema compiles")
}

fn errors(validator: &jsonschema::Validator, document: &Value) -> Vec<String> {
    validator
        .iter_errors(document)
        .map(|err| format!("{} at {}", err, err.instance_path()))
        .collect()
}

#[test]
fn json_output_is_the_fixture_byte_for_byte() {
    for name in [FR_EN, RU_ZH_EN] {
        assert_eq!(to_json(&fixture(name)), fixture_text(name), "{name}");
    }
}

#[test]
fn json_output_validates_against_the_schema() {
    let validator = schema();
    for name in [FR_EN, RU_ZH_EN] {
        let mut comparison = fixture(name);
        // Exercise the optional per-point language too.
        comparison.sources[0].points[0].language = Some(parallax_model::Lang::De);
        let document: Value = serde_json::from_str(&render(&comparison, Format::Json)).unwrap();
        assert_eq!(
            errors(&validator, &document),
            Vec::<String>::new(),
            "{name}"
        );
    }
}

/// A change that breaks a valid document.
type Edit = dyn Fn(&mut Value);

#[test]
fn schema_rejects_broken_documents() {
    let validator = schema();
    let good: Value = serde_json::from_str(&to_json(&fixture(FR_EN))).unwrap();
    let broken = |edit: &Edit| {
        let mut document = good.clone();
        edit(&mut document);
        errors(&validator, &document)
    };

    let cases: [(&str, &Edit); 8] = [
        ("missing schema", &|d| {
            d.as_object_mut().unwrap().remove("schema");
        }),
        ("other schema version", &|d| {
            d["schema"] = json!("parallax.comparison/2")
        }),
        ("bad relation", &|d| {
            d["links"][0]["relation"] = json!("similar")
        }),
        ("negative offset", &|d| {
            d["sources"][0]["points"][0]["start"] = json!(-1)
        }),
        ("unknown topic", &|d| {
            d["sources"][0]["points"][0]["topics"][0] = json!("sports")
        }),
        ("bad point id", &|d| d["unmatched"][0] = json!("a-4")),
        ("bad date", &|d| {
            d["engagement"]["date"] = json!("12/03/2026")
        }),
        ("bad language", &|d| {
            d["sources"][1]["language"] = json!("english")
        }),
    ];
    for (what, edit) in cases {
        assert!(
            !broken(edit).is_empty(),
            "the schema accepted a document with {what}"
        );
    }

    // New fields may be added: unknown properties are fine.
    assert_eq!(
        broken(&|d| d["generator"] = json!("parallax 0.2")),
        Vec::<String>::new()
    );
}
