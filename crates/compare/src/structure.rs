//! What each point says beyond its wording: time expressions, commitments
//! and tone words — the structured fields of the contract.

use parallax_analyze::lexicon::ConceptKind;
use parallax_analyze::times::Day;
use parallax_analyze::tokens::PointWords;
use parallax_analyze::{commitments, times, tone, Analyzer, PointFeatures};
use parallax_model::{Commitment, Lang, Span, TimeExpr};

pub(crate) struct PointStructure {
    pub times: Vec<TimeExpr>,
    pub commitments: Vec<Commitment>,
    /// Tone category ids, each once, in category order.
    pub tone: Vec<String>,
}

pub(crate) fn read_point(
    analyzer: &Analyzer,
    words: &PointWords,
    features: &PointFeatures,
    reference: Option<Day>,
    speaker: Option<&str>,
) -> PointStructure {
    let point_times = times::find(words.text, words.span, reference);
    let point_commitments =
        commitments::find(words, features, &point_times, analyzer.lexicon(), speaker);
    let mut categories: Vec<tone::ToneCategory> = tone::find_in(words)
        .into_iter()
        .map(|hit| hit.category)
        .collect();
    categories.sort();
    categories.dedup();
    PointStructure {
        times: point_times,
        commitments: point_commitments,
        tone: categories.into_iter().map(|c| c.id().to_owned()).collect(),
    }
}

/// The date relative expressions count from: the user's `--date`, else the
/// source's date line.
pub(crate) fn reference_day(user_date: Option<&str>, published: Option<&str>) -> Option<Day> {
    user_date.or(published).and_then(Day::parse_iso)
}

/// The country a readout speaks for: named by its label ("Kremlin" → RU,
/// "White House" → US), else the one home country whose language it is
/// written in (a Russian readout of a Russia–China call is the Kremlin's).
pub(crate) fn speaker(
    analyzer: &Analyzer,
    label: Option<&str>,
    lang: Lang,
    home: &[String],
) -> Option<String> {
    if let Some(label) = label {
        let features = analyzer.features(label, Span::new(0, label.len()));
        let country = features.concepts.iter().find_map(|hit| {
            let concept = analyzer.lexicon().concept(hit.concept);
            match concept.kind {
                ConceptKind::Country => Some(concept.id.clone()),
                ConceptKind::Person => concept.country.clone(),
                _ => None,
            }
        });
        if country.is_some() {
            return country;
        }
    }
    let country_of_language = match lang {
        Lang::Ru => "RU",
        Lang::Zh => "CN",
        Lang::Fr => "FR",
        Lang::De => "DE",
        Lang::Ja => "JP",
        Lang::Ko => "KR",
        Lang::It => "IT",
        Lang::Tr => "TR",
        _ => return None,
    };
    home.iter()
        .any(|h| h == country_of_language)
        .then(|| country_of_language.to_owned())
}
