//! The cross-lingual term list (`data/lexicon/terms.tsv`) and its matcher.

use crate::tokens::Token;
use parallax_model::{Span, Topic};
use std::collections::HashMap;

/// The bundled lists, in the order they are read: hand-written terms first,
/// so their display names win; then every country from CLDR.
const BUNDLED: [(&str, &str); 3] = [
    (
        "data/lexicon/terms.tsv",
        include_str!("../../../data/lexicon/terms.tsv"),
    ),
    (
        "data/lexicon/gazetteer.tsv",
        include_str!("../../../data/lexicon/gazetteer.tsv"),
    ),
    (
        "data/lexicon/countries.tsv",
        include_str!("../../../data/lexicon/countries.tsv"),
    ),
];

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ConceptKind {
    Country,
    Place,
    Organization,
    Person,
    Term,
    Modality,
    /// A named event: a holiday, an anniversary, a recurring summit.
    Event,
    /// A Chinese compound of one-character country names ("中俄"): each
    /// character names one of the concept's `members`.
    Compound,
}

impl ConceptKind {
    fn parse(kind: &str) -> Option<ConceptKind> {
        Some(match kind {
            "country" => ConceptKind::Country,
            "place" => ConceptKind::Place,
            "organization" => ConceptKind::Organization,
            "person" => ConceptKind::Person,
            "term" => ConceptKind::Term,
            "modality" => ConceptKind::Modality,
            "event" => ConceptKind::Event,
            "compound" => ConceptKind::Compound,
            _ => return None,
        })
    }

    /// The entity kind of the JSON contract, for kinds that are entities.
    pub fn entity_kind(self) -> Option<&'static str> {
        match self {
            ConceptKind::Country => Some("country"),
            ConceptKind::Place => Some("place"),
            ConceptKind::Organization => Some("organization"),
            ConceptKind::Person => Some("person"),
            ConceptKind::Event => Some("event"),
            ConceptKind::Term | ConceptKind::Modality | ConceptKind::Compound => None,
        }
    }
}

#[derive(Debug, Clone)]
pub struct Concept {
    pub id: String,
    /// A display name: the first form, title-cased ("xi_jinping" → "Xi Jinping").
    pub name: String,
    pub kind: ConceptKind,
    pub topic: Option<Topic>,
    /// For a person: the ISO code of the country they speak for.
    pub country: Option<String>,
    /// For a region: the ISO codes of the countries it covers.
    pub members: Vec<String>,
}

pub type ConceptIdx = u16;

/// One word of a form: a whole word, a stem (`росси*`), or a case-sensitive word (`=US`).
#[derive(Debug, Clone)]
enum Part {
    Word(String),
    Stem(String),
    Exact(String),
}

impl Part {
    fn parse(part: &str) -> Part {
        if let Some(exact) = part.strip_prefix('=') {
            Part::Exact(exact.to_owned())
        } else if let Some(stem) = part.strip_suffix('*') {
            Part::Stem(stem.to_lowercase())
        } else {
            Part::Word(part.to_lowercase())
        }
    }

    fn matches(&self, token: &Token, text: &str) -> bool {
        match self {
            Part::Word(word) => token.lower == *word,
            Part::Stem(stem) => token.lower.starts_with(stem.as_str()),
            Part::Exact(exact) => token.span.slice(text) == exact,
        }
    }

    /// The key under which the form is indexed: its first characters, lower-cased.
    fn key(&self) -> String {
        let word = match self {
            Part::Word(w) | Part::Stem(w) => w.clone(),
            Part::Exact(e) => e.to_lowercase(),
        };
        word.chars().take(KEY_CHARS).collect()
    }
}

const KEY_CHARS: usize = 3;

#[derive(Debug, Clone)]
struct Form {
    parts: Vec<Part>,
    concept: ConceptIdx,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ConceptHit {
    pub concept: ConceptIdx,
    pub span: Span,
}

#[derive(Debug)]
pub struct Lexicon {
    pub concepts: Vec<Concept>,
    /// Spaced-script forms by the first KEY_CHARS characters of their first word.
    forms: HashMap<String, Vec<Form>>,
    /// Forms in scripts without spaces, matched as substrings.
    unspaced: Vec<(String, ConceptIdx)>,
    /// One automaton over all `unspaced` forms, longest match first.
    unspaced_matcher: Option<aho_corasick::AhoCorasick>,
}

fn is_unspaced_form(form: &str) -> bool {
    form.chars().any(parallax_model::is_cjk)
}

impl Lexicon {
    /// The term list bundled with Parallax.
    pub fn bundled() -> Lexicon {
        let mut lexicon = Lexicon::empty();
        for (name, tsv) in BUNDLED {
            lexicon
                .add(tsv)
                .unwrap_or_else(|err| panic!("{name} is malformed: {err}"));
        }
        lexicon.finish();
        lexicon
    }

    pub fn parse(tsv: &str) -> Result<Lexicon, String> {
        let mut lexicon = Lexicon::empty();
        lexicon.add(tsv)?;
        lexicon.finish();
        Ok(lexicon)
    }

    fn empty() -> Lexicon {
        Lexicon {
            concepts: Vec::new(),
            forms: HashMap::new(),
            unspaced: Vec::new(),
            unspaced_matcher: None,
        }
    }

    /// Builds the automaton over the unspaced forms; at each position the
    /// longest form wins, so "上海合作组织" beats "上合".
    fn finish(&mut self) {
        let patterns: Vec<&str> = self
            .unspaced
            .iter()
            .map(|(form, _)| form.as_str())
            .collect();
        self.unspaced_matcher = aho_corasick::AhoCorasick::builder()
            .match_kind(aho_corasick::MatchKind::LeftmostLongest)
            .build(&patterns)
            .ok();
    }

    /// Adds the lines of one list. A line whose id and kind are already known
    /// adds its forms to that concept.
    fn add(&mut self, tsv: &str) -> Result<(), String> {
        let lexicon = self;
        for (line_idx, line) in tsv.lines().enumerate() {
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            let fields: Vec<&str> = line.split('\t').collect();
            let (id, kind, topic, forms, extra) = match fields[..] {
                [id, kind, topic, forms] => (id, kind, topic, forms, None),
                [id, kind, topic, forms, extra] => (id, kind, topic, forms, Some(extra)),
                _ => {
                    return Err(format!(
                        "line {}: expected 4 or 5 tab-separated fields",
                        line_idx + 1
                    ))
                }
            };
            let kind = ConceptKind::parse(kind)
                .ok_or_else(|| format!("line {}: unknown kind {kind:?}", line_idx + 1))?;
            let topic = match topic {
                "-" => None,
                other => Topic::from_id(other),
            };
            let known = lexicon
                .concepts
                .iter()
                .position(|c| c.id == id && c.kind == kind);
            let concept = ConceptIdx::try_from(known.unwrap_or(lexicon.concepts.len()))
                .map_err(|_| "too many concepts".to_owned())?;
            let name = forms
                .split_whitespace()
                .next()
                .map(display_name)
                .unwrap_or_else(|| id.to_owned());
            if known.is_none() {
                // the fifth column: a person's country, or a region's members
                let (country, members) = match (kind, extra) {
                    (ConceptKind::Place | ConceptKind::Compound, Some(codes)) => {
                        (None, codes.split_whitespace().map(str::to_owned).collect())
                    }
                    (_, extra) => (extra.map(str::to_owned), Vec::new()),
                };
                lexicon.concepts.push(Concept {
                    id: id.to_owned(),
                    name,
                    kind,
                    topic,
                    country,
                    members,
                });
            }
            for form in forms.split_whitespace() {
                if is_unspaced_form(form) {
                    lexicon.unspaced.push((form.to_owned(), concept));
                    continue;
                }
                let parts: Vec<Part> = form.split('_').map(Part::parse).collect();
                let key = parts[0].key();
                lexicon
                    .forms
                    .entry(key)
                    .or_default()
                    .push(Form { parts, concept });
            }
        }
        Ok(())
    }

    /// "sino-russe", "американо-иранских": each part of a compound is a word too.
    fn find_in_compound(&self, text: &str, token: &Token, hits: &mut Vec<ConceptHit>) {
        let word = token.span.slice(text);
        if !word.contains('-') {
            return;
        }
        let mut offset = 0;
        for part in word.split('-') {
            let part_token = Token {
                span: Span::new(
                    token.span.start + offset,
                    token.span.start + offset + part.len(),
                ),
                lower: part.to_lowercase(),
            };
            offset += part.len() + 1;
            let key: String = part_token.lower.chars().take(KEY_CHARS).collect();
            let found = self.forms.get(&key).and_then(|forms| {
                forms
                    .iter()
                    .find(|form| form.parts.len() == 1 && form.parts[0].matches(&part_token, text))
            });
            if let Some(form) = found {
                hits.push(ConceptHit {
                    concept: form.concept,
                    span: part_token.span,
                });
            }
        }
    }

    /// A CJK hit; a compound ("中俄") becomes one hit per character, each
    /// for the country that character stands for.
    fn push_unspaced(
        &self,
        text: &str,
        concept: ConceptIdx,
        span: Span,
        hits: &mut Vec<ConceptHit>,
    ) {
        let entry = self.concept(concept);
        if entry.kind != ConceptKind::Compound {
            hits.push(ConceptHit { concept, span });
            return;
        }
        for ((offset, ch), code) in span.slice(text).char_indices().zip(&entry.members) {
            if let Some(country) = self.find_id(code, ConceptKind::Country) {
                let start = span.start + offset;
                hits.push(ConceptHit {
                    concept: country,
                    span: Span::new(start, start + ch.len_utf8()),
                });
            }
        }
    }

    /// The concept with this id and kind.
    pub fn find_id(&self, id: &str, kind: ConceptKind) -> Option<ConceptIdx> {
        self.concepts
            .iter()
            .position(|c| c.id == id && c.kind == kind)
            .and_then(|idx| ConceptIdx::try_from(idx).ok())
    }

    pub fn concept(&self, idx: ConceptIdx) -> &Concept {
        &self.concepts[idx as usize]
    }

    /// Every concept mentioned in `text`, left to right, without overlaps.
    pub fn find(&self, text: &str, tokens: &[Token]) -> Vec<ConceptHit> {
        let mut hits = Vec::new();
        let mut token_idx = 0;
        while token_idx < tokens.len() {
            let key: String = tokens[token_idx].lower.chars().take(KEY_CHARS).collect();
            let best = self.forms.get(&key).and_then(|forms| {
                forms
                    .iter()
                    .filter(|form| {
                        form.parts.len() <= tokens.len() - token_idx
                            && form
                                .parts
                                .iter()
                                .zip(&tokens[token_idx..])
                                .all(|(part, token)| part.matches(token, text))
                    })
                    .max_by_key(|form| form.parts.len())
            });
            match best {
                Some(form) => {
                    let last = token_idx + form.parts.len() - 1;
                    hits.push(ConceptHit {
                        concept: form.concept,
                        span: Span::new(tokens[token_idx].span.start, tokens[last].span.end),
                    });
                    token_idx = last + 1;
                }
                None => {
                    self.find_in_compound(text, &tokens[token_idx], &mut hits);
                    token_idx += 1;
                }
            }
        }
        if let Some(matcher) = self
            .unspaced_matcher
            .as_ref()
            .filter(|_| text.chars().any(parallax_model::is_cjk))
        {
            let taken: Vec<Span> = hits.iter().map(|hit| hit.span).collect();
            for found in matcher.find_iter(text) {
                let span = Span::new(found.start(), found.end());
                if taken
                    .iter()
                    .any(|t| t.start < span.end && span.start < t.end)
                {
                    continue;
                }
                let concept = self.unspaced[found.pattern().as_usize()].1;
                self.push_unspaced(text, concept, span, &mut hits);
            }
            hits.sort_by_key(|hit| hit.span.start);
        }
        hits
    }
}

/// "xi_jinping" → "Xi Jinping", "trump*" → "Trump", "=US" → "US".
fn display_name(form: &str) -> String {
    form.trim_start_matches('=')
        .trim_end_matches('*')
        .split('_')
        .map(|word| {
            let mut chars = word.chars();
            match chars.next() {
                Some(first) => first.to_uppercase().chain(chars).collect(),
                None => String::new(),
            }
        })
        .collect::<Vec<String>>()
        .join(" ")
}
