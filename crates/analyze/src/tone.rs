//! Tone words: how a readout describes the conversation — "frank",
//! "дружественной", "坦诚", "vertrauensvoll" — in five categories, read from
//! `data/lexicon/tone.tsv`. Words that only look like tone ("global warming",
//! "franc CFA", 务实合作 "practical cooperation") are cancelled by the list's
//! `not` phrases.
//!
//! The phrase matcher here ([`PhraseSet`]) is shared with [`crate::facts`],
//! whose triggers ("at the request of", "по инициативе") use the same syntax.
//!
//! ```
//! use parallax_analyze::tone::{self, ToneCategory};
//! use parallax_model::Span;
//! let text = "Разговор прошёл в дружественной и доверительной атмосфере.";
//! let hits = tone::find(text, Span::new(0, text.len()));
//! let categories: Vec<ToneCategory> = hits.iter().map(|hit| hit.category).collect();
//! assert_eq!(categories, [ToneCategory::Warmth, ToneCategory::Trust]);
//! assert_eq!(hits[0].span.slice(text), "дружественной");
//! ```

use crate::tokens::{PointWords, Token};
use parallax_model::FastMap;
use parallax_model::Span;
use std::sync::LazyLock;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ToneCategory {
    Warmth,
    Candour,
    Constructiveness,
    Trust,
    Significance,
}

impl ToneCategory {
    pub const ALL: [ToneCategory; 5] = [
        ToneCategory::Warmth,
        ToneCategory::Candour,
        ToneCategory::Constructiveness,
        ToneCategory::Trust,
        ToneCategory::Significance,
    ];

    /// The category's id in the JSON contract ("warmth").
    pub fn id(self) -> &'static str {
        match self {
            ToneCategory::Warmth => "warmth",
            ToneCategory::Candour => "candour",
            ToneCategory::Constructiveness => "constructiveness",
            ToneCategory::Trust => "trust",
            ToneCategory::Significance => "significance",
        }
    }

    pub fn from_id(id: &str) -> Option<ToneCategory> {
        ToneCategory::ALL.into_iter().find(|c| c.id() == id)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ToneHit {
    pub category: ToneCategory,
    /// Absolute: into the whole text.
    pub span: Span,
}

const TONE_TSV: &str = include_str!("../../../data/lexicon/tone.tsv");

/// The tone words, and the phrases that cancel them.
struct ToneList {
    words: PhraseSet<ToneCategory>,
    not: PhraseSet<()>,
}

static TONE: LazyLock<ToneList> = LazyLock::new(|| {
    parse_tone_list(TONE_TSV)
        .unwrap_or_else(|err| panic!("data/lexicon/tone.tsv is malformed: {err}"))
});

fn parse_tone_list(tsv: &str) -> Result<ToneList, String> {
    let mut words = PhraseSet::default();
    let mut not = PhraseSet::default();
    for (line_idx, line) in tsv.lines().enumerate() {
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let line_no = line_idx + 1;
        let [category, _lang, forms] = line.split('\t').collect::<Vec<_>>()[..] else {
            return Err(format!("line {line_no}: expected 3 tab-separated fields"));
        };
        for form in forms.split_whitespace() {
            let added = match category {
                "not" => not.add(form, ()),
                id => match ToneCategory::from_id(id) {
                    Some(category) => words.add(form, category),
                    None => return Err(format!("line {line_no}: unknown category {id:?}")),
                },
            };
            added.map_err(|err| format!("line {line_no}: {err}"))?;
        }
    }
    words.finish();
    not.finish();
    Ok(ToneList { words, not })
}

/// Tone words in the point at `span` of `text`, left to right. Spans are
/// absolute. A span that is not on character boundaries of `text` gives none.
pub fn find(text: &str, span: Span) -> Vec<ToneHit> {
    find_in(&PointWords::new(text, span))
}

/// [`find`] in a point already split into words.
pub fn find_in(words: &PointWords) -> Vec<ToneHit> {
    let (point, span, tokens) = (words.point, words.span, &words.tokens);
    let cancelled = TONE.not.find(point, tokens);
    TONE.words
        .find(point, tokens)
        .into_iter()
        .filter(|(hit_span, _)| {
            !cancelled
                .iter()
                .any(|(not, ())| not.start < hit_span.end && hit_span.start < not.end)
        })
        .map(|(hit_span, category)| ToneHit {
            category,
            span: hit_span.offset(span.start),
        })
        .collect()
}

/// A set of phrases, each with a label, matched over the words of a text
/// (and, for Chinese, as substrings). The phrase syntax is described at the
/// top of `data/lexicon/tone.tsv`:
/// `a_b` a phrase, `stem*`, `=Exact`, `#` a number, `a|b` alternatives,
/// `[context]` a part that must be there but is not in the match.
#[derive(Debug)]
pub(crate) struct PhraseSet<L> {
    /// Spaced-script phrases by the first KEY_CHARS characters of (each
    /// alternative of) their first part; numbers under "#".
    spaced: FastMap<String, Vec<(Phrase, L)>>,
    /// Chinese phrases, longest first.
    unspaced: Vec<(String, L)>,
}

impl<L> Default for PhraseSet<L> {
    fn default() -> Self {
        PhraseSet {
            spaced: FastMap::default(),
            unspaced: Vec::new(),
        }
    }
}

const KEY_CHARS: usize = 3;
const NUMBER_KEY: &str = "#";

#[derive(Debug, Clone)]
struct Phrase {
    parts: Vec<Part>,
}

#[derive(Debug, Clone)]
struct Part {
    alternatives: Vec<Word>,
    /// Must match, but lies outside the matched span.
    context: bool,
}

#[derive(Debug, Clone)]
enum Word {
    Whole(String),
    Stem(String),
    Exact(String),
    ExactStem(String),
    Number,
}

impl Word {
    fn parse(word: &str) -> Result<Word, String> {
        if word == NUMBER_KEY {
            return Ok(Word::Number);
        }
        let (exact, rest) = match word.strip_prefix('=') {
            Some(rest) => (true, rest),
            None => (false, word),
        };
        let (stem, rest) = match rest.strip_suffix('*') {
            Some(rest) => (true, rest),
            None => (false, rest),
        };
        if rest.is_empty() {
            return Err(format!("empty word in {word:?}"));
        }
        if stem && rest.chars().count() < KEY_CHARS {
            return Err(format!(
                "stem {word:?} is shorter than {KEY_CHARS} letters and would match too much"
            ));
        }
        Ok(match (exact, stem) {
            (true, true) => Word::ExactStem(rest.to_owned()),
            (true, false) => Word::Exact(rest.to_owned()),
            (false, true) => Word::Stem(rest.to_lowercase()),
            (false, false) => Word::Whole(rest.to_lowercase()),
        })
    }

    fn matches(&self, token: &Token, text: &str) -> bool {
        match self {
            Word::Whole(word) => token.lower == *word,
            Word::Stem(stem) => token.lower.starts_with(stem.as_str()),
            Word::Exact(word) => token.span.slice(text) == word,
            Word::ExactStem(stem) => token.span.slice(text).starts_with(stem.as_str()),
            Word::Number => is_number(&token.lower),
        }
    }

    fn key(&self) -> String {
        match self {
            Word::Number => NUMBER_KEY.to_owned(),
            Word::Whole(w) | Word::Stem(w) => w.chars().take(KEY_CHARS).collect(),
            Word::Exact(w) | Word::ExactStem(w) => {
                w.to_lowercase().chars().take(KEY_CHARS).collect()
            }
        }
    }
}

fn is_number(word: &str) -> bool {
    word.starts_with(|c: char| c.is_ascii_digit())
        && word
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, '.' | ','))
}

impl Part {
    fn parse(part: &str) -> Result<Part, String> {
        let (context, inner) = match part.strip_prefix('[').and_then(|p| p.strip_suffix(']')) {
            Some(inner) => (true, inner),
            None => (false, part),
        };
        let alternatives = inner
            .split('|')
            .map(Word::parse)
            .collect::<Result<Vec<Word>, String>>()?;
        Ok(Part {
            alternatives,
            context,
        })
    }

    fn matches(&self, token: &Token, text: &str) -> bool {
        self.alternatives.iter().any(|w| w.matches(token, text))
    }
}

impl<L: Copy> PhraseSet<L> {
    pub(crate) fn add(&mut self, form: &str, label: L) -> Result<(), String> {
        if form.chars().any(parallax_model::is_cjk) {
            self.unspaced.push((form.to_owned(), label));
            return Ok(());
        }
        let parts = form
            .split('_')
            .map(Part::parse)
            .collect::<Result<Vec<Part>, String>>()?;
        // context only at the edges, around at least one matched part
        let first = parts.iter().position(|p| !p.context);
        let last = parts.iter().rposition(|p| !p.context);
        match (first, last) {
            (Some(first), Some(last)) if parts[first..=last].iter().all(|p| !p.context) => {}
            _ => {
                return Err(format!(
                    "{form:?}: [context] parts must be at the ends, around at least one word"
                ))
            }
        }
        let mut keys: Vec<String> = parts[0].alternatives.iter().map(Word::key).collect();
        keys.dedup();
        for key in keys {
            self.spaced.entry(key).or_default().push((
                Phrase {
                    parts: parts.clone(),
                },
                label,
            ));
        }
        Ok(())
    }

    /// Longest Chinese phrases first, so 热情友好 wins over 友好.
    pub(crate) fn finish(&mut self) {
        self.unspaced
            .sort_by_key(|(form, _)| std::cmp::Reverse(form.len()));
    }

    /// Every phrase in `text` (whose words are `tokens`), left to right,
    /// without overlaps; the longest phrase wins where several start at one
    /// word. Spans are relative to `text`.
    pub(crate) fn find(&self, text: &str, tokens: &[Token]) -> Vec<(Span, L)> {
        let mut hits = Vec::new();
        let mut token_idx = 0;
        while token_idx < tokens.len() {
            let token = &tokens[token_idx];
            let key = parallax_model::first_chars(&token.lower, KEY_CHARS);
            let number_key = is_number(&token.lower).then_some(NUMBER_KEY);
            let best = [Some(key), number_key]
                .into_iter()
                .flatten()
                .filter_map(|key| self.spaced.get(key))
                .flatten()
                .filter(|(phrase, _)| {
                    phrase.parts.len() <= tokens.len() - token_idx
                        && phrase
                            .parts
                            .iter()
                            .zip(&tokens[token_idx..])
                            .all(|(part, token)| part.matches(token, text))
                })
                .max_by_key(|(phrase, _)| phrase.parts.len());
            match best {
                Some((phrase, label)) => {
                    // the parse guarantees at least one part outside context
                    let first = phrase.parts.iter().position(|p| !p.context).unwrap_or(0);
                    let last = phrase
                        .parts
                        .iter()
                        .rposition(|p| !p.context)
                        .unwrap_or(first);
                    hits.push((
                        Span::new(
                            tokens[token_idx + first].span.start,
                            tokens[token_idx + last].span.end,
                        ),
                        *label,
                    ));
                    token_idx += last + 1;
                }
                None => token_idx += 1,
            }
        }
        if !self.unspaced.is_empty() && text.chars().any(parallax_model::is_cjk) {
            let mut taken: Vec<Span> = hits.iter().map(|(span, _)| *span).collect();
            for (form, label) in &self.unspaced {
                for (start, _) in text.match_indices(form.as_str()) {
                    let span = Span::new(start, start + form.len());
                    if taken
                        .iter()
                        .all(|t| t.end <= span.start || span.end <= t.start)
                    {
                        taken.push(span);
                        hits.push((span, *label));
                    }
                }
            }
            hits.sort_by_key(|(span, _)| span.start);
        }
        hits
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tone(text: &str) -> Vec<(&str, &str)> {
        find(text, Span::new(0, text.len()))
            .into_iter()
            .map(|hit| (hit.category.id(), hit.span.slice(text)))
            .collect()
    }

    fn categories(text: &str) -> Vec<&'static str> {
        find(text, Span::new(0, text.len()))
            .into_iter()
            .map(|hit| hit.category.id())
            .collect()
    }

    #[test]
    fn the_bundled_list_parses() {
        let list = parse_tone_list(TONE_TSV).unwrap();
        assert!(list.words.spaced.len() > 50);
        assert!(list.words.unspaced.len() > 10);
    }

    #[test]
    fn malformed_lines_are_reported() {
        assert!(parse_tone_list("warmth\ten").is_err());
        assert!(parse_tone_list("coolness\ten\tcold").is_err());
        assert!(parse_tone_list("warmth\ten\tfr*").is_err());
        assert!(parse_tone_list("warmth\ten\twarm_[a]_b").is_err());
        assert!(parse_tone_list("warmth\ten\t[a]").is_err());
    }

    #[test]
    fn english() {
        assert_eq!(
            tone("The leaders held a warm, frank and constructive conversation."),
            [
                ("warmth", "warm"),
                ("candour", "frank"),
                ("constructiveness", "constructive")
            ]
        );
        assert_eq!(
            categories("Relations have reached an unprecedented level of mutual trust."),
            ["significance", "trust"]
        );
        assert_eq!(
            categories("Ties are at their highest level and reached new heights."),
            ["significance", "significance"]
        );
        assert_eq!(
            categories("A friendly, businesslike and substantive call."),
            ["warmth", "constructiveness", "constructiveness"]
        );
    }

    #[test]
    fn french() {
        assert_eq!(
            tone("Un entretien franc, amical et très productif, dans un climat de confiance."),
            [
                ("candour", "franc"),
                ("warmth", "amical"),
                ("constructiveness", "productif"),
                ("trust", "confiance")
            ]
        );
        assert_eq!(
            categories("Des échanges chaleureux et substantiels, une coopération sans précédent, historique."),
            ["warmth", "constructiveness", "significance", "significance"]
        );
        assert_eq!(categories("Des échanges francs et directs."), ["candour"]);
    }

    #[test]
    fn russian() {
        assert_eq!(
            tone("Разговор носил деловой и откровенный характер."),
            [("constructiveness", "деловой"), ("candour", "откровенный")]
        );
        assert_eq!(
            categories(
                "Путин тепло поздравил Си Цзиньпина; беседа прошла в тёплой, дружеской атмосфере."
            ),
            ["warmth", "warmth", "warmth"]
        );
        assert_eq!(
            categories(
                "Отношения находятся на наивысшем уровне, это беспрецедентный, исторический этап."
            ),
            ["significance", "significance", "significance"]
        );
        assert_eq!(
            categories("Содержательный, конструктивный и предметный обмен мнениями, доверие."),
            [
                "constructiveness",
                "constructiveness",
                "constructiveness",
                "trust"
            ]
        );
    }

    #[test]
    fn chinese() {
        assert_eq!(
            tone("双方进行了坦诚、友好、富有成果的交流，增进了互信。"),
            [
                ("candour", "坦诚"),
                ("warmth", "友好"),
                ("constructiveness", "富有成果"),
                ("trust", "互信")
            ]
        );
        assert_eq!(
            categories("中俄关系处于历史最好时期，达到前所未有的新高度。"),
            ["significance", "significance", "significance"]
        );
        assert_eq!(
            categories("会谈亲切、务实、具有建设性。"),
            ["warmth", "constructiveness", "constructiveness"]
        );
    }

    #[test]
    fn spanish() {
        assert_eq!(
            tone("La conversación fue muy productiva, cordial y franca, en un clima de confianza."),
            [
                ("constructiveness", "productiva"),
                ("warmth", "cordial"),
                ("candour", "franca"),
                ("trust", "confianza")
            ]
        );
        assert_eq!(
            categories(
                "Un encuentro amistoso y constructivo, un acuerdo histórico sin precedentes."
            ),
            ["warmth", "constructiveness", "significance", "significance"]
        );
    }

    #[test]
    fn german() {
        assert_eq!(
            tone("Es war ein offenes Gespräch in freundschaftlicher und vertrauensvoller Atmosphäre."),
            [
                ("candour", "offenes"),
                ("warmth", "freundschaftlicher"),
                ("trust", "vertrauensvoller")
            ]
        );
        assert_eq!(
            categories("Das Telefonat war offen und konstruktiv, sachlich, ein historischer, beispielloser Schritt."),
            [
                "candour",
                "constructiveness",
                "constructiveness",
                "significance",
                "significance"
            ]
        );
        assert_eq!(categories("Sie dankte herzlich."), ["warmth"]);
    }

    #[test]
    fn arabic() {
        assert_eq!(
            tone("جرى الاتصال في أجواء ودية وصريحة، وكان حوار بناء يعكس الثقة المتبادلة."),
            [
                ("warmth", "ودية"),
                ("candour", "وصريحة"),
                ("constructiveness", "بناء"),
                ("trust", "الثقة")
            ]
        );
        assert_eq!(
            categories("محادثات صريحة وبناءة، خطوة تاريخية غير مسبوقة"),
            [
                "candour",
                "constructiveness",
                "significance",
                "significance"
            ]
        );
    }

    #[test]
    fn words_that_only_look_like_tone() {
        for text in [
            "They discussed global warming and climate finance.",
            "Frank-Walter Steinmeier sent a message; Anne Frank's diary.",
            "Le franc CFA et 100 francs suisses.",
            "La zona franca de Colón y el puerto franco.",
            "Die Frage bleibt offen. Die Tür ist offen für alle.",
            "中俄睦邻友好合作条约签署25周年，推进务实合作。",
            "Стороны обсудили сохранение исторической памяти и дружественные страны.",
            "тепловые электростанции дают тепло и свет",
            "Представители деловых кругов и Деловой совет",
            "Las cadenas productivas y el sector productivo.",
            "Les capacités productives du secteur.",
            "Die Produktivität steigt.",
            "بناء على طلب الجانب الروسي",
            "Un voto de confianza en el parlamento.",
            "The UN trust fund for Gaza.",
            "不信任案",
        ] {
            assert_eq!(tone(text), [], "{text:?}");
        }
    }

    #[test]
    fn spans_are_absolute_and_odd_input_gives_nothing() {
        let text = "Intro. A frank talk.";
        let start = text.find('A').unwrap();
        let hits = find(text, Span::new(start, text.len()));
        assert_eq!(hits.len(), 1);
        assert_eq!(hits[0].span.slice(text), "frank");
        // not on a character boundary
        let text = "дружеский";
        assert!(find(text, Span::new(1, text.len())).is_empty());
        assert!(find(text, Span::new(0, 100)).is_empty());
        assert!(find("", Span::new(0, 0)).is_empty());
    }
}
