use serde::{Deserialize, Serialize};
use std::fmt;

/// The topic taxonomy of PRODUCT.md. A point has one or more, primary first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Topic {
    /// The bilateral relationship and how it is characterised.
    Relations,
    /// Trade, energy, finance, investment, technology.
    Economy,
    /// Defence, military, strategic stability.
    Security,
    /// World situation, UN, international law, multipolarity.
    GlobalOrder,
    /// A named crisis or third country.
    Regional,
    /// Visits, invitations, summits, channels of consultation.
    Engagements,
    /// Greetings, holidays, personal rapport, tone of the talk.
    Atmosphere,
    /// Culture, education, humanitarian, people-to-people.
    People,
    Other,
}

impl Topic {
    pub const ALL: [Topic; 9] = [
        Topic::Relations,
        Topic::Economy,
        Topic::Security,
        Topic::GlobalOrder,
        Topic::Regional,
        Topic::Engagements,
        Topic::Atmosphere,
        Topic::People,
        Topic::Other,
    ];

    /// The stable id used in JSON and CSV.
    pub fn id(self) -> &'static str {
        match self {
            Topic::Relations => "relations",
            Topic::Economy => "economy",
            Topic::Security => "security",
            Topic::GlobalOrder => "global_order",
            Topic::Regional => "regional",
            Topic::Engagements => "engagements",
            Topic::Atmosphere => "atmosphere",
            Topic::People => "people",
            Topic::Other => "other",
        }
    }

    pub fn from_id(id: &str) -> Option<Topic> {
        Topic::ALL.into_iter().find(|topic| topic.id() == id.trim())
    }

    /// A heading for human-facing reports.
    pub fn label(self) -> &'static str {
        match self {
            Topic::Relations => "Bilateral relations",
            Topic::Economy => "Economy and energy",
            Topic::Security => "Security and defence",
            Topic::GlobalOrder => "World order",
            Topic::Regional => "Regional crises and third countries",
            Topic::Engagements => "Visits, meetings and channels",
            Topic::Atmosphere => "Greetings and atmosphere",
            Topic::People => "People-to-people",
            Topic::Other => "Other",
        }
    }
}

impl fmt::Display for Topic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}
