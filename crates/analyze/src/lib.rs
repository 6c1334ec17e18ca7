//! What a point is about, read from its words in any of the supported
//! languages: the concepts it names (countries, people, organisations and key
//! terms such as "ceasefire" = "перемирие" = "停火"), the quantities and dates
//! it gives, whether it reports something agreed, discussed or proposed, and
//! its topics. Everything found carries its byte span in the source text.
//!
//! ```
//! use parallax_analyze::Analyzer;
//! use parallax_model::{Span, Topic};
//! let analyzer = Analyzer::bundled();
//! let text = "Стороны обсудили ситуацию вокруг Ирана.";
//! let features = analyzer.features(text, Span::new(0, text.len()));
//! let ids: Vec<&str> = features.concepts.iter().map(|hit| analyzer.concept_id(hit.concept)).collect();
//! assert!(ids.contains(&"IR"));
//! // Iran is a third country in a Russia–China engagement:
//! let home_text = "Россия и Китай";
//! let home = analyzer.home_countries(&[analyzer.features(home_text, Span::new(0, home_text.len()))]);
//! assert_eq!(analyzer.topics(&features, &home, None)[0], Topic::Regional);
//! ```

pub mod commitments;
pub mod facts;
pub mod lexicon;
pub mod numbers;
pub mod periods;
pub mod times;
pub mod tokens;
pub mod tone;

use lexicon::{ConceptHit, ConceptIdx, ConceptKind, Lexicon};
use numbers::Quantity;
use parallax_model::{Entity, Span, Topic};
use parallax_segment::dates::{self, DateMention};
use tokens::PointWords;

/// What a point reports the sides did about its subject, strongest first: a
/// decision, then a proposal, a call for action, a welcome, a discussion.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Modality {
    Agreed,
    Proposed,
    CalledFor,
    Welcomed,
    Discussed,
}

impl Modality {
    /// The class's id in the lexicon and in reports ("called_for").
    pub fn id(self) -> &'static str {
        match self {
            Modality::Agreed => "agreed",
            Modality::Proposed => "proposed",
            Modality::CalledFor => "called_for",
            Modality::Welcomed => "welcomed",
            Modality::Discussed => "discussed",
        }
    }

    fn from_id(id: &str) -> Modality {
        [
            Modality::Agreed,
            Modality::Proposed,
            Modality::CalledFor,
            Modality::Welcomed,
        ]
        .into_iter()
        .find(|m| m.id() == id)
        .unwrap_or(Modality::Discussed)
    }
}

/// Everything the analysis reads from one point. Spans are absolute (into the
/// whole source text).
#[derive(Debug, Clone, Default)]
pub struct PointFeatures {
    pub concepts: Vec<ConceptHit>,
    pub quantities: Vec<Quantity>,
    pub dates: Vec<DateMention>,
    pub modality: Option<Modality>,
    /// Every modality word of the point, left to right, with its class
    /// (capitalised ones inside a sentence are names, and left out).
    pub modality_words: Vec<(Modality, Span)>,
    /// Months, seasons and half-years named without a full date.
    pub periods: Vec<periods::Period>,
}

impl PointFeatures {
    /// Distinct concept ids of the point, in order of first mention.
    pub fn concept_set(&self) -> Vec<ConceptIdx> {
        let mut set: Vec<ConceptIdx> = Vec::new();
        for hit in &self.concepts {
            if !set.contains(&hit.concept) {
                set.push(hit.concept);
            }
        }
        set
    }
}

pub struct Analyzer {
    lexicon: Lexicon,
}

impl Analyzer {
    /// The analyzer with the term list bundled in the binary.
    pub fn bundled() -> Analyzer {
        Analyzer {
            lexicon: Lexicon::bundled(),
        }
    }

    pub fn lexicon(&self) -> &Lexicon {
        &self.lexicon
    }

    pub fn concept_id(&self, idx: ConceptIdx) -> &str {
        &self.lexicon.concept(idx).id
    }

    pub fn concept_kind(&self, idx: ConceptIdx) -> ConceptKind {
        self.lexicon.concept(idx).kind
    }

    /// Reads the point at `span` of `text` (nothing when `span` is not on
    /// character boundaries).
    pub fn features(&self, text: &str, span: Span) -> PointFeatures {
        self.features_of(&PointWords::new(text, span))
    }

    /// [`Analyzer::features`] of a point already split into words.
    pub fn features_of(&self, words: &PointWords) -> PointFeatures {
        let (text, span, point, tokens) = (words.text, words.span, words.point, &words.tokens);
        let mut concepts = self.lexicon.find(point, tokens);
        for hit in &mut concepts {
            hit.span = hit.span.offset(span.start);
        }
        let mut point_dates = dates::find_dates(point);
        let date_spans: Vec<Span> = point_dates.iter().map(|d| d.span).collect();
        let mut point_periods = periods::find(point, tokens, &date_spans);
        let time_spans: Vec<Span> = date_spans
            .iter()
            .copied()
            .chain(point_periods.iter().map(|p| p.span))
            .collect();
        let mut quantities = numbers::find(point, &time_spans);
        for period in &mut point_periods {
            period.span = period.span.offset(span.start);
        }
        for date in &mut point_dates {
            date.span = date.span.offset(span.start);
        }
        for quantity in &mut quantities {
            quantity.span = quantity.span.offset(span.start);
        }
        // a capitalised modality word inside a sentence is part of a name
        // ("Comprehensive and Progressive Agreement for…"), not a report
        let in_name = |word: Span| {
            word.start > span.start
                && text
                    .get(word.start..word.end)
                    .and_then(|w| w.chars().next())
                    .is_some_and(char::is_uppercase)
        };
        let modality_words: Vec<(Modality, Span)> = concepts
            .iter()
            .filter(|hit| self.lexicon.concept(hit.concept).kind == ConceptKind::Modality)
            .filter(|hit| !in_name(hit.span))
            .map(|hit| {
                let id = self.lexicon.concept(hit.concept).id.as_str();
                (Modality::from_id(id), hit.span)
            })
            .collect();
        let modality = modality_words.iter().map(|(m, _)| *m).min();
        concepts.retain(|hit| self.lexicon.concept(hit.concept).kind != ConceptKind::Modality);
        PointFeatures {
            concepts,
            quantities,
            dates: point_dates,
            modality,
            modality_words,
            periods: point_periods,
        }
    }

    /// The named entities among a point's concepts, as the JSON contract has them.
    pub fn entities(&self, text: &str, features: &PointFeatures) -> Vec<Entity> {
        features
            .concepts
            .iter()
            .filter_map(|hit| {
                let concept = self.lexicon.concept(hit.concept);
                Some(Entity {
                    text: hit.span.slice(text).to_owned(),
                    kind: concept.kind.entity_kind()?.to_owned(),
                    id: concept.id.clone(),
                    start: hit.span.start,
                    end: hit.span.end,
                })
            })
            .collect()
    }

    /// The countries an engagement is between: the two named in the most
    /// points across all sources (a third country is then "regional").
    pub fn home_countries<'f>(
        &self,
        points: impl IntoIterator<Item = &'f PointFeatures>,
    ) -> Vec<ConceptIdx> {
        self.top_countries(2, points.into_iter().map(|features| (features, 1)))
    }

    /// Like [`Analyzer::home_countries`] for whole sources, where the opening
    /// points count three times: a readout's first lines name the parties
    /// ("The President spoke today with the Prime Minister of Japan"), while a
    /// third country can dominate the rest.
    /// With three or more sources, as many countries as sources (a summit of
    /// three readouts is usually among three parties).
    pub fn home_countries_of(&self, sources: &[&[PointFeatures]]) -> Vec<ConceptIdx> {
        const OPENING: usize = 2;
        self.top_countries(
            sources.len().max(2),
            sources.iter().flat_map(|points| {
                points
                    .iter()
                    .enumerate()
                    .map(|(idx, f)| (f, if idx < OPENING { 3 } else { 1 }))
            }),
        )
    }

    fn top_countries<'f>(
        &self,
        n: usize,
        weighted: impl Iterator<Item = (&'f PointFeatures, usize)>,
    ) -> Vec<ConceptIdx> {
        let mut counts: Vec<(ConceptIdx, usize)> = Vec::new();
        for (features, weight) in weighted {
            for concept in features.concept_set() {
                // a leader stands for their country: the White House names no "United States"
                let concept = match self.lexicon.concept(concept) {
                    c if c.kind == ConceptKind::Country => concept,
                    c => match c
                        .country
                        .as_deref()
                        .and_then(|code| self.lexicon.find_id(code, ConceptKind::Country))
                    {
                        Some(country) => country,
                        None => continue,
                    },
                };
                match counts.iter_mut().find(|(c, _)| *c == concept) {
                    Some((_, n)) => *n += weight,
                    None => counts.push((concept, weight)),
                }
            }
        }
        counts.sort_by_key(|c| std::cmp::Reverse(c.1));
        counts.into_iter().take(n).map(|(c, _)| c).collect()
    }

    /// Topics of a point, primary first. `home` are the engagement's own
    /// countries; `similarity` optionally gives the point's closeness to each
    /// topic (from the sentence model), used to break ties and when no term
    /// decides.
    pub fn topics(
        &self,
        features: &PointFeatures,
        home: &[ConceptIdx],
        similarity: Option<&[f32; 9]>,
    ) -> Vec<Topic> {
        let mut votes = [0f32; 9];
        let mut third_countries = 0;
        for concept_idx in features.concept_set() {
            let concept = self.lexicon.concept(concept_idx);
            match (concept.kind, concept.topic) {
                (ConceptKind::Country, _) if !home.is_empty() && !home.contains(&concept_idx) => {
                    third_countries += 1
                }
                (_, Some(topic)) => votes[topic_index(topic)] += 1.0,
                _ => {}
            }
        }
        if third_countries > 0 {
            votes[topic_index(Topic::Regional)] += 1.5 + 0.25 * (third_countries - 1) as f32;
        }
        let has_time = !features.dates.is_empty();
        if has_time && votes[topic_index(Topic::Engagements)] > 0.0 {
            votes[topic_index(Topic::Engagements)] += 0.5;
        }
        if let Some(similarity) = similarity {
            for (vote, sim) in votes.iter_mut().zip(similarity) {
                *vote += SIMILARITY_WEIGHT * sim;
            }
        }
        let mut ranked: Vec<(Topic, f32)> = Topic::ALL
            .into_iter()
            .zip(votes)
            .filter(|(_, v)| *v > 0.0)
            .collect();
        ranked.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        let Some(&(_, best)) = ranked.first() else {
            return vec![Topic::Other];
        };
        ranked
            .into_iter()
            .filter(|(_, v)| *v >= (best * 0.5).max(0.9) || *v == best)
            .map(|(topic, _)| topic)
            .take(3)
            .collect()
    }
}

/// How much one unit of sentence-model similarity counts against one term vote.
const SIMILARITY_WEIGHT: f32 = 2.0;

pub fn topic_index(topic: Topic) -> usize {
    Topic::ALL
        .iter()
        .position(|t| *t == topic)
        .unwrap_or(Topic::ALL.len() - 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(analyzer: &Analyzer, text: &str) -> Vec<String> {
        let features = analyzer.features(text, Span::new(0, text.len()));
        features
            .concepts
            .iter()
            .map(|hit| analyzer.concept_id(hit.concept).to_owned())
            .collect()
    }

    #[test]
    fn finds_the_same_concepts_across_languages() {
        let analyzer = Analyzer::bundled();
        assert_eq!(
            ids(&analyzer, "Putin accepted the invitation to visit China"),
            ["Q7747", "invitation", "visit", "CN"]
        );
        assert_eq!(
            ids(&analyzer, "Путин принял приглашение посетить Китай"),
            ["Q7747", "invitation", "visit", "CN"]
        );
        assert_eq!(
            ids(&analyzer, "普京接受邀请访华"),
            ["Q7747", "invitation", "visit"]
        );
        assert_eq!(
            ids(
                &analyzer,
                "Poutine a accepté l'invitation à se rendre en Chine"
            ),
            ["Q7747", "invitation", "CN"]
        );
    }

    #[test]
    fn matches_inflections_elisions_and_compounds_but_not_inside_words() {
        let analyzer = Analyzer::bundled();
        assert_eq!(
            ids(
                &analyzer,
                "la situation d'Iran et les relations sino-russes"
            ),
            ["IR", "relations", "CN", "RU"]
        );
        assert_eq!(ids(&analyzer, "переговоры с Ираном"), ["meeting", "IR"]);
        assert!(ids(&analyzer, "they told us about the union").is_empty());
    }

    #[test]
    fn gazetteer_resolves_capitals_compounds_inflections_and_events() {
        let analyzer = Analyzer::bundled();
        assert_eq!(
            ids(&analyzer, "Moscou et Pékin se soutiennent"),
            ["RU", "CN"]
        );
        assert_eq!(
            ids(&analyzer, "中俄关系处于历史最好时期"),
            ["CN", "RU", "relations"]
        );
        assert_eq!(
            ids(&analyzer, "переговоры Путина с Китаем"),
            ["meeting", "Q7747", "CN"]
        );
        assert_eq!(
            ids(&analyzer, "习近平祝贺普京春节快乐"),
            ["Q15031", "greetings", "Q7747", "spring-festival"]
        );
        let text = "中俄";
        let hits = analyzer.features(text, Span::new(0, text.len())).concepts;
        assert_eq!(
            hits.iter().map(|h| h.span.slice(text)).collect::<Vec<_>>(),
            ["中", "俄"]
        );
    }

    #[test]
    fn the_gazetteer_loads_fast() {
        let started = std::time::Instant::now();
        let analyzer = Analyzer::bundled();
        assert!(analyzer.lexicon().concepts.len() > 400);
        // generous for a debug build on a loaded machine; release is a few ms
        assert!(
            started.elapsed().as_millis() < 500,
            "{:?}",
            started.elapsed()
        );
    }

    /// Stems that reach too far are the term list's classic bug.
    #[test]
    fn stems_do_not_reach_into_other_words() {
        let analyzer = Analyzer::bundled();
        for (text, not) in [
            ("состоялся визит", "consular"),
            ("провели консультации", "consular"),
            ("итоги гражданской войны", "consular"),
            ("the consultations went well", "consular"),
            ("中方核心利益", "nuclear"),
            ("中非合作论坛", "CF"),
            ("they told us", "US"),
            ("часть программы", "duration"),
            ("提高市场准入", "sanae-takaichi"),
            ("млрд кубометров газа", "CU"),
            ("the modified plan", "Q1058"),
            ("тепловые электростанции", "friendly"),
            ("who asked for the call", "WHO"),
            ("le mal est fait", "ML"),
            ("the maximum effort, Xinhua reported", "Q15031"),
            ("a taxi in the city", "Q15031"),
        ] {
            let found = ids(&analyzer, text);
            assert!(
                !found.iter().any(|id| id == not),
                "{text:?} should not name {not}: {found:?}"
            );
        }
    }

    #[test]
    fn modality_prefers_agreed() {
        let analyzer = Analyzer::bundled();
        let text = "The sides discussed and agreed on a ceasefire";
        assert_eq!(
            analyzer.features(text, Span::new(0, text.len())).modality,
            Some(Modality::Agreed)
        );
        let text = "双方就乌克兰问题交换意见";
        assert_eq!(
            analyzer.features(text, Span::new(0, text.len())).modality,
            Some(Modality::Discussed)
        );
        // "Agreement" in a name reports nothing; at the start it still counts
        let text = "They discussed the Comprehensive and Progressive Agreement for Trans-Pacific Partnership";
        assert_eq!(
            analyzer.features(text, Span::new(0, text.len())).modality,
            Some(Modality::Discussed)
        );
        let text = "Agreed to stay in close touch";
        assert_eq!(
            analyzer.features(text, Span::new(0, text.len())).modality,
            Some(Modality::Agreed)
        );
    }

    #[test]
    fn third_countries_are_regional() {
        let analyzer = Analyzer::bundled();
        let texts = [
            "Russia and China",
            "Russia and China agree",
            "China, Russia",
        ];
        let all: Vec<PointFeatures> = texts
            .iter()
            .map(|t| analyzer.features(t, Span::new(0, t.len())))
            .collect();
        let home = analyzer.home_countries(&all);
        assert_eq!(home.len(), 2);
        let text = "Russia and China discussed Iran.";
        let features = analyzer.features(text, Span::new(0, text.len()));
        assert_eq!(analyzer.topics(&features, &home, None)[0], Topic::Regional);
        let text = "Trade between Russia and China grew.";
        let features = analyzer.features(text, Span::new(0, text.len()));
        assert_eq!(analyzer.topics(&features, &home, None)[0], Topic::Economy);
    }
}

#[cfg(test)]
mod scale_tests {
    use super::*;

    /// A big document with numbers that are not times, names that look like
    /// other words and mixed scripts: no panic, no slowdown past linear.
    #[test]
    fn a_large_mixed_document_is_read_in_linear_time() {
        let block = "Resolution 2334 and the G20 discussed 5G and the 24 solar terms; Xinhua said May was fine. \
                     Le mal est fait à Moscou. Путин провёл переговоры с Китаем 4 февраля 2026 года. \
                     中俄双方同意于2026年上半年举行会晤。Trump invited Xi to visit in the autumn. ";
        let analyzer = Analyzer::bundled();
        let time_for = |n_blocks: usize| {
            let text = block.repeat(n_blocks);
            let started = std::time::Instant::now();
            // point by point, as the pipeline reads a document
            let mut n_found = 0;
            let mut start = 0;
            for piece in text.split_inclusive(". ") {
                let span = Span::new(start, start + piece.len());
                start += piece.len();
                let words = PointWords::new(&text, span);
                let features = analyzer.features_of(&words);
                let times = times::find(&text, span, None);
                n_found += features.concepts.len() + times.len() + tone::find_in(&words).len();
                n_found +=
                    commitments::find(&words, &features, &times, analyzer.lexicon(), None).len();
            }
            assert!(n_found > n_blocks, "found things in every block");
            started.elapsed().as_secs_f64()
        };
        let small = time_for(500);
        let large = time_for(2_000);
        assert!(
            large < small * 8.0 + 0.5,
            "4× the text took {large:.2}s against {small:.2}s"
        );
    }
}
