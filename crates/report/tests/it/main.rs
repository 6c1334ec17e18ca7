//! The renderers on the fixtures in `tests/fixtures/`: a French–English phone
//! call (two sources) and a Russian–Chinese–English meeting (three sources).

mod csv;
mod html;
mod json;
mod markdown;

use parallax_model::Comparison;
use std::path::PathBuf;

pub const FR_EN: &str = "fr_en_call";
pub const RU_ZH_EN: &str = "ru_zh_en_meeting";

pub fn fixture_text(name: &str) -> String {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(format!("{name}.json"));
    std::fs::read_to_string(&path).unwrap_or_else(|err| panic!("reading {}: {err}", path.display()))
}

pub fn fixture(name: &str) -> Comparison {
    serde_json::from_str(&fixture_text(name))
        .unwrap_or_else(|err| panic!("fixture {name} is not a comparison: {err}"))
}
