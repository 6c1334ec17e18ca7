//! The `parallax.comparison/1` contract as Rust types. Field names here are
//! the JSON field names; change them only with a new schema version.

use crate::{InputFormat, Lang, Topic};
use serde::{Deserialize, Serialize};

pub const SCHEMA: &str = "parallax.comparison/1";

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Comparison {
    pub schema: String,
    pub engagement: Engagement,
    pub sources: Vec<Source>,
    pub links: Vec<Link>,
    /// Ids of the points that no other source matches.
    pub unmatched: Vec<String>,
    /// What Parallax noticed about the inputs and could not fix, one line each.
    #[serde(default)]
    pub warnings: Vec<String>,
    /// How the sources differ as wholes: length, emphasis, tone, who asked.
    #[serde(default)]
    pub findings: Findings,
    /// The differences that matter most, most important first (at most 8).
    #[serde(default)]
    pub key_differences: Vec<KeyDifference>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Engagement {
    pub date: Option<String>,
    pub participants: Vec<String>,
    /// Display names of `participants`, in the same order ("Putin").
    #[serde(default)]
    pub participant_names: Vec<String>,
    /// `phone_call`, `video_call`, `meeting` or `visit`.
    pub format: Option<String>,
    pub duration_minutes: Option<u32>,
    /// Who asked for the engagement, as each source tells it. Sources may
    /// disagree (each says the other asked); every claim is kept.
    #[serde(default)]
    pub initiator: Vec<InitiatorClaim>,
}

/// One source's word on who initiated the engagement.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct InitiatorClaim {
    /// The source making the claim ("A").
    pub source: String,
    /// The initiating party: an ISO country code, a QID, or a normalised name.
    pub party: String,
    pub text: String,
    /// Byte offsets of the claim in that source's text.
    pub span: [usize; 2],
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Source {
    /// "A", "B", "C"… in the order the inputs were given.
    pub id: String,
    pub input: String,
    pub issuer: Option<String>,
    pub language: Lang,
    pub title: Option<String>,
    pub published: Option<String>,
    pub format: InputFormat,
    pub encoding: String,
    /// What `start`/`end` count: always "utf8_bytes_of_text".
    pub offsets: String,
    /// The text as Parallax read it (decoded; for HTML, the main content).
    /// All offsets of this source index into it.
    pub text: String,
    /// When the source was cut from a longer input (`--split-sources`): the
    /// byte range of `text` in that input's decoded text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub excerpt: Option<[usize; 2]>,
    /// How often each tone category occurs across the source's points.
    #[serde(default)]
    pub tone: std::collections::BTreeMap<String, u32>,
    pub points: Vec<Point>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Point {
    pub id: String,
    pub text: String,
    pub start: usize,
    pub end: usize,
    /// Set only when the point's language differs from its source's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language: Option<Lang>,
    pub topics: Vec<Topic>,
    pub entities: Vec<Entity>,
    pub times: Vec<TimeExpr>,
    pub commitments: Vec<Commitment>,
    pub tone: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Entity {
    pub text: String,
    /// person | country | organization | place | event
    pub kind: String,
    pub id: String,
    pub start: usize,
    pub end: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TimeExpr {
    pub text: String,
    /// First day of the interval, ISO 8601, or null when too vague to normalise.
    pub start: Option<String>,
    /// Last day of the interval (inclusive).
    pub end: Option<String>,
    /// Byte offsets of the expression in the source text.
    pub span: [usize; 2],
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Window {
    pub start: Option<String>,
    pub end: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Commitment {
    pub kind: String,
    pub actor: Option<String>,
    pub target: Option<String>,
    pub window: Option<Window>,
    pub status: String,
    pub span: [usize; 2],
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Relation {
    /// Both sources say it.
    Same,
    /// Both say it, one with more or different detail.
    Partial,
    /// Same subject, different substance.
    Differs,
}

impl Relation {
    pub fn id(self) -> &'static str {
        match self {
            Relation::Same => "same",
            Relation::Partial => "partial",
            Relation::Differs => "differs",
        }
    }

    pub fn from_id(id: &str) -> Option<Relation> {
        match id.trim() {
            "same" => Some(Relation::Same),
            "partial" => Some(Relation::Partial),
            "differs" => Some(Relation::Differs),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Link {
    pub points: Vec<String>,
    pub relation: Relation,
    pub score: f32,
    pub differences: Vec<Difference>,
}

/// A difference between the points of a link, with the words of each side.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Difference {
    /// `number`, `time`, `actor`, `place`, `modality`, `negation` (the sources
    /// disagree), `scope`, `evaluation` or `detail` (one adds to the other).
    pub kind: String,
    /// In English: what differs, with the normalised values ("A: 300 · B: 250").
    pub detail: String,
    /// The evidence in the first source that differs (`null` when that side
    /// has nothing to quote: it leaves the detail out).
    #[serde(default)]
    pub a: Option<Quote>,
    /// The evidence in the second source.
    #[serde(default)]
    pub b: Option<Quote>,
}

impl Difference {
    /// Whether the sources disagree in substance (the link `differs`), rather
    /// than one adding detail or colour (`partial`).
    pub fn is_substantive(&self) -> bool {
        matches!(
            self.kind.as_str(),
            "number" | "time" | "actor" | "place" | "modality" | "negation"
        )
    }
}

/// Words of one source, with where they are.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Quote {
    /// The source's id ("A").
    pub source: String,
    /// The point the words are in ("A3"), when they are in a point.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub point: Option<String>,
    pub text: String,
    /// Byte offsets into that source's `text`.
    pub start: usize,
    pub end: usize,
}

/// One of the differences that matter most, in words a reader can paste.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct KeyDifference {
    /// `only` (one side only), a link difference kind (`number`, `time`,
    /// `scope`, `actor`, `modality`, `negation`, `evaluation`), or an
    /// engagement-level one (`initiator`, `format`, `duration`, `length`,
    /// `emphasis`, `naming`).
    pub kind: String,
    /// One sentence, in the report language.
    pub summary: String,
    /// The primary topic concerned, when there is one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub topic: Option<Topic>,
    /// The link it comes from ("A3" and "B5"), when it comes from a link.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub points: Vec<String>,
    /// The words of each side that show it, in their own language.
    pub quotes: Vec<Quote>,
    /// Sources that say it (or agree with each other on it).
    #[serde(default)]
    pub agree: Vec<String>,
    /// Sources that leave it out or say otherwise.
    #[serde(default)]
    pub differ: Vec<String>,
    /// How much it matters, for ordering (higher first).
    pub weight: f32,
}

/// Engagement-level comparison of the sources.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Findings {
    /// One profile per source, in source order.
    pub sources: Vec<SourceProfile>,
    /// Words of the longest source over words of the shortest.
    pub length_ratio: Option<f32>,
    /// The source with the earliest publication date, when dates differ.
    pub published_first: Option<String>,
    /// Whether sources name different initiators.
    pub initiator_disputed: bool,
    /// Praise or characterisations one source makes that no other makes.
    pub unreciprocated: Vec<Quote>,
    /// The same thing called by different names.
    pub naming: Vec<Naming>,
}

/// How one source tells the engagement.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct SourceProfile {
    pub source: String,
    /// Words (a Chinese or Japanese character counts as half a word).
    pub words: usize,
    pub points: usize,
    pub format: Option<String>,
    pub duration_minutes: Option<u32>,
    /// The party this source says asked for the engagement.
    pub initiator: Option<String>,
    /// Topics by share of the source's text, largest first.
    pub topics: Vec<TopicShare>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TopicShare {
    pub topic: Topic,
    /// Points whose primary topic this is.
    pub points: usize,
    /// Share of the source's words, 0..1.
    pub share: f32,
    /// 1 for the topic the source raises first, 2 for the next…
    pub rank: usize,
}

/// One thing named differently by different sources.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Naming {
    /// What is named ("ukraine-conflict").
    pub referent: String,
    /// Each source's name for it: the variant id and the words.
    pub names: Vec<(String, Quote)>,
}

impl Comparison {
    /// Where the point with this id is: (source index, point index).
    pub fn position(&self, id: &str) -> Option<(usize, usize)> {
        self.sources.iter().enumerate().find_map(|(s, source)| {
            source
                .points
                .iter()
                .position(|point| point.id == id)
                .map(|p| (s, p))
        })
    }

    /// The point with this id, and the source it belongs to.
    pub fn point(&self, id: &str) -> Option<(&Source, &Point)> {
        self.sources
            .iter()
            .flat_map(|source| source.points.iter().map(move |point| (source, point)))
            .find(|(_, point)| point.id == id)
    }
}
