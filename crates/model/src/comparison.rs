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

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Difference {
    /// e.g. "number", "date", "modality", "detail"
    pub kind: String,
    pub detail: String,
}

impl Comparison {
    /// The point with this id, and the source it belongs to.
    pub fn point(&self, id: &str) -> Option<(&Source, &Point)> {
        self.sources
            .iter()
            .flat_map(|source| source.points.iter().map(move |point| (source, point)))
            .find(|(_, point)| point.id == id)
    }
}
