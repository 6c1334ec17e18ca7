//! The engagement itself: when it was, in what format, between whom.

use crate::{Input, ReadSource};
use parallax_analyze::facts;
use parallax_analyze::lexicon::{ConceptIdx, ConceptKind};
use parallax_analyze::{Analyzer, PointFeatures};
use parallax_model::{Engagement, InitiatorClaim};

/// Countries and people so common in this engagement that sharing them says
/// nothing: the home countries and the people who speak for them, and any
/// country or person named in more than a quarter of all points.
pub(crate) fn background_concepts(
    analyzer: &Analyzer,
    sources: &[&[PointFeatures]],
    home: &[ConceptIdx],
) -> Vec<ConceptIdx> {
    let n_points: usize = sources.iter().map(|s| s.len()).sum();
    let mut counts: Vec<(ConceptIdx, usize)> = Vec::new();
    for features in sources.iter().flat_map(|s| s.iter()) {
        for concept in features.concept_set() {
            if !matches!(
                analyzer.concept_kind(concept),
                ConceptKind::Country | ConceptKind::Person
            ) {
                continue;
            }
            match counts.iter_mut().find(|(c, _)| *c == concept) {
                Some((_, n)) => *n += 1,
                None => counts.push((concept, 1)),
            }
        }
    }
    let mut background = home.to_vec();
    for (concept, n) in counts {
        let lexicon_concept = analyzer.lexicon().concept(concept);
        let speaks_for_home = lexicon_concept
            .country
            .as_deref()
            .and_then(|code| analyzer.lexicon().find_id(code, ConceptKind::Country))
            .is_some_and(|country| home.contains(&country));
        if (n * 4 > n_points || speaks_for_home) && !background.contains(&concept) {
            background.push(concept);
        }
    }
    background
}

/// Format words, strongest first: a video call is also "talks".
const FORMATS: &[(&str, &[&str])] = &[
    (
        "video_call",
        &[
            "video call",
            "videoconference",
            "video conference",
            "video link",
            "virtual meeting",
            "virtual summit",
            "réunion virtuelle",
            "sommet virtuel",
            "en visio",
            "reunión virtual",
            "cumbre virtual",
            "virtuelles treffen",
            "виртуальн",
            "云会晤",
            "视频会晤",
            "visioconférence",
            "vidéoconférence",
            "videoconferencia",
            "videollamada",
            "videokonferenz",
            "видеоконференц",
            "видеосвяз",
            "视频",
            "مؤتمر عبر الفيديو",
        ],
    ),
    (
        "phone_call",
        &[
            "phone",
            "telephone",
            "téléphon",
            "telefón",
            "telefon",
            "телефон",
            "通电话",
            "电话",
            "اتصالا هاتفيا",
            "هاتفي",
        ],
    ),
    (
        "visit",
        &[
            "state visit",
            "official visit",
            "visite d'état",
            "visite officielle",
            "visita oficial",
            "visita de estado",
            "staatsbesuch",
            "государственн визит",
            "официальным визитом",
            "国事访问",
            "正式访问",
            "زيارة رسمية",
        ],
    ),
    (
        "meeting",
        &[
            "met with",
            "talks",
            "meeting",
            "rencontre",
            "entretien",
            "reunión",
            "treffen",
            "переговоры",
            "встреча",
            "会谈",
            "会见",
            "会晤",
            "محادثات",
        ],
    ),
];

/// The engagement; `date` is what [`date`] found, computed once by the caller.
pub(crate) fn describe(
    analyzer: &Analyzer,
    date: Option<String>,
    inputs: &[Input],
    read: &[ReadSource],
    home: &[String],
    speakers: &[Option<String>],
    durations: &[Option<u32>],
    formats: &[Option<&'static str>],
) -> Engagement {
    // the strongest any source reports: a video call is also "talks"
    let format = formats
        .iter()
        .flatten()
        .min_by_key(|f| FORMATS.iter().position(|(name, _)| name == *f))
        .map(|f| (*f).to_owned());

    let participants = participants(analyzer, read);
    Engagement {
        date,
        participants: participants
            .iter()
            .map(|idx| analyzer.concept_id(*idx).to_owned())
            .collect(),
        participant_names: participants
            .iter()
            .map(|idx| analyzer.lexicon().concept(*idx).name.clone())
            .collect(),
        format,
        // as the first source that states it gives it
        duration_minutes: durations.iter().flatten().next().copied(),
        initiator: initiator_claims(inputs, read, home, speakers),
    }
}

/// The format one text reports ("video_call"), strongest first.
pub(crate) fn format_of(text: &str) -> Option<&'static str> {
    let lower = text.to_lowercase();
    FORMATS
        .iter()
        .find(|(_, words)| words.iter().any(|w| lower.contains(w)))
        .map(|(format, _)| *format)
}

/// The length of the call as each source states it, in minutes.
pub(crate) fn durations(inputs: &[Input], read: &[ReadSource]) -> Vec<Option<u32>> {
    read.iter()
        .zip(inputs)
        .map(|(source, input)| {
            source
                .segmentation
                .points
                .iter()
                .find_map(|point| facts::duration_minutes(&input.document.text, point.span))
                .map(|(minutes, _)| minutes)
        })
        .collect()
}

/// Each source's claim about who asked for the call. "At the other side's
/// request" (Chinese 应约) names the home country that is not the speaker's.
fn initiator_claims(
    inputs: &[Input],
    read: &[ReadSource],
    home: &[String],
    speakers: &[Option<String>],
) -> Vec<InitiatorClaim> {
    let mut claims = Vec::new();
    for (source_idx, (source, input)) in read.iter().zip(inputs).enumerate() {
        let text = &input.document.text;
        // read once per point when the sources were prepared
        let Some(mention) = source.initiator_mentions.iter().flatten().next().cloned() else {
            continue;
        };
        let party = match mention.party {
            facts::Party::Country(code) => Some(code),
            facts::Party::Counterpart => {
                let speaker = speakers.get(source_idx).cloned().flatten();
                let others: Vec<&String> = home
                    .iter()
                    .filter(|h| Some(*h) != speaker.as_ref())
                    .collect();
                match (speaker, others.as_slice()) {
                    (Some(_), [other]) => Some((*other).clone()),
                    _ => None,
                }
            }
        };
        if let Some(party) = party {
            claims.push(InitiatorClaim {
                source: parallax_model::source_id(source_idx),
                party,
                text: mention.span.slice(text).to_owned(),
                span: [mention.span.start, mention.span.end],
            });
        }
    }
    claims
}

/// The date line of the sources (readouts are dated the day of the call),
/// else the first full date in the opening points of any source, the year
/// taken from its date line when the point omits it.
pub(crate) fn date(read: &[ReadSource]) -> Option<String> {
    if let Some(published) = read
        .iter()
        .find_map(|source| source.segmentation.published.clone())
    {
        return Some(published);
    }
    for source in read {
        let published_year = source.published_year();
        for features in source.features.iter().take(3) {
            for date in &features.dates {
                let Some(day) = date.day else { continue };
                if let Some(year) = date.year.or(published_year) {
                    return Some(format!("{year:04}-{:02}-{day:02}", date.month));
                }
            }
        }
    }
    read.iter()
        .find_map(|source| source.segmentation.published.clone())
}

impl ReadSource {
    fn published_year(&self) -> Option<i32> {
        self.segmentation
            .published
            .as_deref()?
            .get(..4)?
            .parse()
            .ok()
    }
}

/// People named by at least two sources (or the only source), most named first.
fn participants(analyzer: &Analyzer, read: &[ReadSource]) -> Vec<ConceptIdx> {
    let mut counts: Vec<(ConceptIdx, usize, usize)> = Vec::new(); // concept, sources, points
    for source in read {
        let mut seen_here: Vec<ConceptIdx> = Vec::new();
        for features in &source.features {
            for concept in features.concept_set() {
                if analyzer.concept_kind(concept) != ConceptKind::Person {
                    continue;
                }
                let entry = match counts.iter_mut().find(|(c, _, _)| *c == concept) {
                    Some(entry) => entry,
                    None => {
                        counts.push((concept, 0, 0));
                        counts.last_mut().expect("just pushed")
                    }
                };
                entry.2 += 1;
                if !seen_here.contains(&concept) {
                    seen_here.push(concept);
                    entry.1 += 1;
                }
            }
        }
    }
    let min_sources = if read.len() > 1 { 2 } else { 1 };
    counts.retain(|(_, n_sources, _)| *n_sources >= min_sources);
    counts.sort_by_key(|c| std::cmp::Reverse((c.1, c.2)));
    counts.into_iter().take(4).map(|(c, _, _)| c).collect()
}
