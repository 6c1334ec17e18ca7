//! Language detection (placeholder).
use parallax_model::Lang;
pub fn detect(text: &str) -> Lang {
    detect_scored(text).0
}
pub fn detect_scored(_text: &str) -> (Lang, f32) {
    (Lang::Und, 0.0)
}
