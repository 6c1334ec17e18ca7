//! Which language a document or passage is in.
//!
//! Script first: Cyrillic is Russian, Han without kana Chinese, kana
//! Japanese, Hangul Korean, Arabic script Arabic, Thai Thai. Latin-script
//! text is told apart by a vote of common function words ("the", "und",
//! "les"), letters only one language uses (ß, ñ, ł), and whatlang's trigram
//! model restricted to the Latin-script languages Parallax knows. Mixed text
//! (English quoting Chinese) goes by the script with the most letters, each
//! Han, kana or Hangul character counting as two.
//!
//! ```
//! use parallax_ingest::lang;
//! use parallax_model::Lang;
//!
//! assert_eq!(lang::detect("Путин провёл телефонный разговор с Си Цзиньпином."), Lang::Ru);
//! assert_eq!(lang::detect("Les deux dirigeants ont discuté de la situation."), Lang::Fr);
//! let (lang, confidence) = lang::detect_scored("Ceasefire");
//! assert!(confidence < 0.5, "{lang} {confidence}");
//! ```

use std::borrow::Cow;

use parallax_model::Lang;

/// Whether `text` is plainly in `lang`, without running the detector: most of
/// its letters are in `lang`'s own script (Cyrillic for Russian, Han for
/// Chinese…), or it has three of `lang`'s commonest words. A cheap check
/// before [`detect_scored`] on many short texts of a known language.
pub fn plainly_in(text: &str, lang: Lang) -> bool {
    // a language with a script of its own (Cyrillic, Han, Arabic…): most of
    // the letters in that script
    let in_own_script = |c: char| match lang {
        Lang::Ru => matches!(c, '\u{0400}'..='\u{04FF}'),
        Lang::Zh | Lang::Ja => {
            matches!(c as u32, 0x3040..=0x30FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF)
        }
        Lang::Ar => matches!(c, '\u{0600}'..='\u{06FF}'),
        Lang::Ko => matches!(c, '\u{AC00}'..='\u{D7AF}'),
        _ => false,
    };
    let n_letters = text
        .chars()
        .filter(|c| parallax_model::is_letter(*c))
        .count();
    if n_letters > 0 && text.chars().filter(|&c| in_own_script(c)).count() * 10 >= n_letters * 9 {
        return true;
    }
    // a language sharing its script: three of its commonest words
    if let Some(common) = common_words(lang) {
        let mut seen: Vec<&str> = Vec::new();
        for word in text.split(|c: char| !parallax_model::is_letter(c)) {
            let word = parallax_model::lowercase(word);
            if let Some(hit) = common.iter().find(|w| **w == word) {
                if !seen.contains(hit) {
                    seen.push(hit);
                }
                if seen.len() >= 3 {
                    return true;
                }
            }
        }
    }
    false
}

/// Words found in almost every sentence of a language and rarely in the
/// others written in the same script.
fn common_words(lang: Lang) -> Option<&'static [&'static str]> {
    Some(match lang {
        Lang::En => &[
            "the", "and", "of", "to", "with", "for", "that", "on", "their", "its",
        ],
        Lang::Fr => &[
            "le", "les", "des", "et", "du", "avec", "pour", "une", "dans", "est",
        ],
        Lang::Es => &[
            "el", "los", "las", "del", "y", "con", "para", "una", "por", "que",
        ],
        Lang::De => &[
            "der", "die", "das", "und", "den", "dem", "mit", "für", "eine", "ist",
        ],
        Lang::It => &[
            "il", "della", "delle", "e", "con", "per", "che", "gli", "dei", "una",
        ],
        Lang::Pt => &[
            "o", "os", "das", "dos", "e", "com", "para", "uma", "que", "não",
        ],
        _ => return None,
    })
}

/// Language of a document or passage. [`Lang::Und`] when there is too little
/// text to tell. Judged by its opening 1 KB when that is clear (confidence
/// ≥ 0.9), else by its first 4 KB: plenty to tell, and a long document is
/// not read whole for it.
pub fn detect(text: &str) -> Lang {
    let opening = sample(text, 1024);
    if opening.len() < text.len() {
        if let Some(lang) = detect_confident_other(opening, 0.9, Lang::Und) {
            return lang;
        }
    }
    let text = sample(text, 4 * 1024);
    let counts = ScriptCounts::of(text);
    match counts.dominant() {
        Some((Script::Latin, _)) => {
            let clues = LatinClues::of(text);
            match clues.without_vote() {
                Some((lang, _)) => lang,
                None => scored(text, &counts, Some(&clues)).0,
            }
        }
        _ => scored(text, &counts, None).0,
    }
}

/// The first `limit` bytes of a text (to a character boundary).
fn sample(text: &str, limit: usize) -> &str {
    if text.len() <= limit {
        return text;
    }
    let mut end = limit;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

/// Same, with a confidence in 0..=1; short or ambiguous text gives low
/// confidence (below 0.5 for fewer than three words).
pub fn detect_scored(text: &str) -> (Lang, f32) {
    scored(text, &ScriptCounts::of(text), None)
}

/// [`detect_scored`] with the text's script counts (and, for a Latin-script
/// text, its clues) already made.
fn scored(text: &str, counts: &ScriptCounts, clues: Option<&LatinClues>) -> (Lang, f32) {
    let Some((script, share)) = counts.dominant() else {
        return (Lang::Und, 0.0);
    };
    let (lang, confidence) = match script {
        Script::Latin => match clues {
            Some(clues) => clues.judged(),
            None => LatinClues::of(text).judged(),
        },
        Script::Other => (Lang::Und, 0.0),
        _ => {
            let lang = match script {
                Script::Cyrillic => Lang::Ru,
                Script::Arabic => Lang::Ar,
                Script::Hangul => Lang::Ko,
                Script::Thai => Lang::Th,
                // Japanese writes with kana between its Han characters;
                // Chinese has none.
                _ if counts.kana * 10 >= counts.han + counts.kana => Lang::Ja,
                _ => Lang::Zh,
            };
            let n_words = counts.words(script);
            (lang, (0.2 + 0.1 * n_words).min(1.0))
        }
    };
    if lang == Lang::Und {
        return (Lang::Und, 0.0);
    }
    (lang, with_share(confidence, share))
}

/// A confidence before the script share, scaled by it.
fn with_share(confidence: f64, share: f64) -> f32 {
    (confidence * share).clamp(0.0, 1.0) as f32
}

/// [`detect_scored`]'s language when its confidence reaches `min_confidence`
/// and it is not `not` (a point's source language, say; [`Lang::Und`] for
/// none), `None` otherwise — found without running whatlang when its vote
/// cannot change that: the clues alone already make it confident enough, or
/// rule out every language but `not`. In the Latin script confidence grows
/// with the word count and stays below `n / 10` for `n` words.
pub fn detect_confident_other(text: &str, min_confidence: f32, not: Lang) -> Option<Lang> {
    let counts = ScriptCounts::of(text);
    let clues = match counts.dominant() {
        Some((Script::Latin, share)) => {
            let clues = LatinClues::of(text);
            let min_before_share = f64::from(min_confidence) / share;
            if (clues.words.len() as f32) < 10.0 * min_confidence
                || !clues.could_be_other(not, min_before_share)
            {
                return None;
            }
            if let Some((lang, at_least)) = clues.without_vote() {
                if with_share(at_least, share) >= min_confidence {
                    return (lang != not).then_some(lang);
                }
            }
            Some(clues)
        }
        _ => None,
    };
    let (lang, confidence) = scored(text, &counts, clues.as_ref());
    (confidence >= min_confidence && lang != Lang::Und && lang != not).then_some(lang)
}

/// The words [`LatinClues`] weighs: those with a Latin letter, at most
/// [`MAX_LATIN_WORDS`].
fn latin_words(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| !parallax_model::is_letter(c))
        .filter(|word| word.chars().any(|c| script_of(c) == Some(Script::Latin)))
        .take(MAX_LATIN_WORDS)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Script {
    Latin,
    Cyrillic,
    /// Han and kana together; which language is decided by their mix.
    Cjk,
    Hangul,
    Arabic,
    Thai,
    Other,
}

fn script_of(c: char) -> Option<Script> {
    if !parallax_model::is_letter(c) {
        return None;
    }
    let script = match c as u32 {
        0x41..=0x24F | 0x1E00..=0x1EFF => Script::Latin,
        0x400..=0x52F | 0x1C80..=0x1C8F | 0x2DE0..=0x2DFF | 0xA640..=0xA69F => Script::Cyrillic,
        0x3040..=0x30FF
        | 0x31F0..=0x31FF
        | 0xFF66..=0xFF9F
        | 0x3400..=0x4DBF
        | 0x4E00..=0x9FFF
        | 0xF900..=0xFAFF
        | 0x20000..=0x2FFFF => Script::Cjk,
        0x1100..=0x11FF | 0x3130..=0x318F | 0xAC00..=0xD7AF => Script::Hangul,
        0x600..=0x6FF | 0x750..=0x77F | 0x8A0..=0x8FF | 0xFB50..=0xFDFF | 0xFE70..=0xFEFF => {
            Script::Arabic
        }
        0xE00..=0xE7F => Script::Thai,
        _ => Script::Other,
    };
    Some(script)
}

fn is_kana(c: char) -> bool {
    matches!(c as u32, 0x3040..=0x30FF | 0x31F0..=0x31FF | 0xFF66..=0xFF9F)
}

#[derive(Debug, Default)]
struct ScriptCounts {
    latin: usize,
    cyrillic: usize,
    han: usize,
    kana: usize,
    hangul: usize,
    arabic: usize,
    thai: usize,
    other: usize,
    /// Words per spaced script, counted by their first letter.
    words: [usize; 7],
}

impl ScriptCounts {
    fn of(text: &str) -> ScriptCounts {
        let mut counts = ScriptCounts::default();
        for word in text.split(|c: char| !parallax_model::is_letter_or_digit(c)) {
            let mut first_script = None;
            for c in word.chars() {
                let Some(script) = script_of(c) else { continue };
                first_script.get_or_insert(script);
                match script {
                    Script::Latin => counts.latin += 1,
                    Script::Cyrillic => counts.cyrillic += 1,
                    Script::Cjk if is_kana(c) => counts.kana += 1,
                    Script::Cjk => counts.han += 1,
                    Script::Hangul => counts.hangul += 1,
                    Script::Arabic => counts.arabic += 1,
                    Script::Thai => counts.thai += 1,
                    Script::Other => counts.other += 1,
                }
            }
            if let Some(script) = first_script {
                counts.words[script as usize] += 1;
            }
        }
        counts
    }

    /// Weighted letter counts: a Han, kana or Hangul character says about as
    /// much as two alphabetic letters.
    fn weighted(&self) -> [(Script, usize); 7] {
        [
            (Script::Latin, self.latin),
            (Script::Cyrillic, self.cyrillic),
            (Script::Cjk, 2 * (self.han + self.kana)),
            (Script::Hangul, 2 * self.hangul),
            (Script::Arabic, self.arabic),
            (Script::Thai, self.thai),
            (Script::Other, self.other),
        ]
    }

    /// The script with the most (weighted) letters, and its share of them.
    fn dominant(&self) -> Option<(Script, f64)> {
        let weighted = self.weighted();
        let total: usize = weighted.iter().map(|(_, n)| n).sum();
        let (script, n) = weighted.into_iter().max_by_key(|&(_, n)| n)?;
        (n > 0).then(|| (script, n as f64 / total as f64))
    }

    /// About how many words of `script` the text has; for scripts written
    /// without spaces, two characters count as a word.
    fn words(&self, script: Script) -> f64 {
        match script {
            Script::Cjk => (self.han + self.kana) as f64 / 2.0,
            Script::Thai => self.thai as f64 / 4.0,
            _ => self.words[script as usize] as f64,
        }
    }
}

/// The Latin-script languages Parallax knows, with whatlang's name for each.
const LATIN: [(Lang, whatlang::Lang); 9] = [
    (Lang::En, whatlang::Lang::Eng),
    (Lang::Fr, whatlang::Lang::Fra),
    (Lang::Es, whatlang::Lang::Spa),
    (Lang::De, whatlang::Lang::Deu),
    (Lang::It, whatlang::Lang::Ita),
    (Lang::Pt, whatlang::Lang::Por),
    (Lang::Nl, whatlang::Lang::Nld),
    (Lang::Pl, whatlang::Lang::Pol),
    (Lang::Tr, whatlang::Lang::Tur),
];

/// The commonest function words of each language in [`LATIN`], same order.
const STOPWORDS: [&[&str]; 9] = [
    &[
        "the", "and", "of", "to", "in", "is", "that", "with", "for", "on", "was", "were", "are",
        "this", "by", "it", "at", "from", "have", "has", "be", "will", "their", "which", "would",
        "an", "not", "been", "they", "he", "she", "its", "also", "said", "between", "both",
    ],
    &[
        "le", "la", "les", "des", "du", "de", "et", "est", "une", "un", "que", "qui", "dans",
        "pour", "pas", "sur", "au", "aux", "avec", "ce", "cette", "il", "elle", "ont", "sont",
        "été", "par", "plus", "ses", "leur", "nous", "mais", "ou", "l", "d", "qu", "entre", "deux",
    ],
    &[
        "el", "la", "los", "las", "de", "del", "y", "en", "que", "un", "una", "es", "por", "con",
        "para", "se", "su", "sus", "al", "lo", "como", "más", "pero", "fue", "ha", "han", "sobre",
        "entre", "este", "esta", "también", "dos",
    ],
    &[
        "der", "die", "das", "und", "ist", "nicht", "mit", "den", "dem", "des", "ein", "eine",
        "zu", "auf", "für", "von", "im", "sich", "auch", "es", "wird", "sind", "wurde", "bei",
        "über", "nach", "zwischen", "dass", "er", "sie", "beiden",
    ],
    &[
        "il", "lo", "la", "le", "gli", "di", "e", "che", "è", "un", "una", "per", "con", "non",
        "del", "della", "dei", "delle", "nel", "nella", "al", "alla", "sono", "ha", "anche", "più",
        "tra", "questo", "come", "due",
    ],
    &[
        "o", "os", "a", "as", "de", "do", "da", "dos", "das", "e", "que", "em", "no", "na", "um",
        "uma", "para", "com", "não", "por", "se", "mais", "foi", "são", "ao", "também", "entre",
        "pelo", "pela", "dois",
    ],
    &[
        "de", "het", "een", "en", "van", "is", "dat", "op", "te", "in", "met", "voor", "niet",
        "zijn", "aan", "ook", "er", "als", "bij", "door", "naar", "werd", "wordt", "hij", "zij",
        "tussen", "om", "over", "beide",
    ],
    &[
        "i", "w", "z", "na", "się", "nie", "do", "to", "że", "jest", "o", "jak", "po", "od",
        "przez", "dla", "oraz", "ich", "był", "była", "są", "ze", "tym", "jego", "także", "między",
    ],
    &[
        "ve",
        "bir",
        "bu",
        "da",
        "de",
        "ile",
        "için",
        "olarak",
        "çok",
        "daha",
        "olan",
        "gibi",
        "ama",
        "her",
        "ki",
        "şu",
        "sonra",
        "kadar",
        "iki",
        "arasında",
        "yeni",
        "ise",
    ],
];

/// Each word of [`STOPWORDS`], with the languages (bits in [`LATIN`] order)
/// it is a stopword of: one lookup a word instead of a scan of every list.
fn stopword_languages() -> &'static parallax_model::FastMap<&'static str, u16> {
    static MAP: std::sync::OnceLock<parallax_model::FastMap<&'static str, u16>> =
        std::sync::OnceLock::new();
    MAP.get_or_init(|| {
        let mut map = parallax_model::FastMap::default();
        for (lang_idx, words) in STOPWORDS.iter().enumerate() {
            for &word in *words {
                *map.entry(word).or_insert(0) |= 1 << lang_idx;
            }
        }
        map
    })
}

/// Letters that, among the languages in [`LATIN`], only one uses (same order).
const OWN_LETTERS: [&str; 9] = ["", "œæ", "ñ¿¡", "ßä", "òì", "ãõ", "", "łąęśźżćń", "ğşı"];

/// Enough words to tell a language apart; a long document is judged by its start.
const MAX_LATIN_WORDS: usize = 5_000;

/// A Latin-script text's lower-cased words ([`latin_words`]) and each
/// [`LATIN`] language's score from the clues other than whatlang's: one
/// point a stopword, half a point a word with a letter only that language
/// uses (at most three). Made once per text; whatlang's vote is added only
/// when it can change the answer.
struct LatinClues<'a> {
    words: Vec<Cow<'a, str>>,
    scores: [f64; LATIN.len()],
}

/// The most whatlang's vote adds to one language's score (its confidence is
/// at most 1).
const WHATLANG_WEIGHT: f64 = 2.0;

impl<'a> LatinClues<'a> {
    fn of(text: &'a str) -> LatinClues<'a> {
        let words: Vec<Cow<str>> = latin_words(text).map(parallax_model::lowercase).collect();
        let mut scores = [0.0f64; LATIN.len()];
        let stopwords = stopword_languages();
        for word in &words {
            if let Some(&langs) = stopwords.get(word.as_ref()) {
                for (lang_idx, score) in scores.iter_mut().enumerate() {
                    if langs & (1 << lang_idx) != 0 {
                        *score += 1.0;
                    }
                }
            }
        }
        for (lang_idx, letters) in OWN_LETTERS.iter().enumerate() {
            let n_hits = words
                .iter()
                .filter(|word| word.chars().any(|c| letters.contains(c)))
                .count();
            scores[lang_idx] += (0.5 * n_hits as f64).min(3.0);
        }
        LatinClues { words, scores }
    }

    /// The language and confidence (before the script share), whatlang's
    /// vote added to the clues.
    fn judged(&self) -> (Lang, f64) {
        if self.words.is_empty() {
            return (Lang::Und, 0.0);
        }
        let mut scores = self.scores;
        let allowlist = LATIN.iter().map(|&(_, theirs)| theirs).collect();
        let detector = whatlang::Detector::with_allowlist(allowlist);
        if let Some(info) = detector.detect(&self.words.join(" ")) {
            if let Some(lang_idx) = LATIN.iter().position(|&(_, theirs)| theirs == info.lang()) {
                scores[lang_idx] += WHATLANG_WEIGHT * info.confidence();
            }
        }
        let mut ranked: Vec<(usize, f64)> = scores.into_iter().enumerate().collect();
        ranked.sort_by(|a, b| b.1.total_cmp(&a.1));
        let (best_idx, best) = ranked[0];
        if best < 1.0 {
            return (Lang::Und, 0.0);
        }
        (LATIN[best_idx].0, self.confidence(best, ranked[1].1))
    }

    /// The confidence of a leader scoring `best` over a runner-up scoring
    /// `second`: the margin, scaled down for texts under ten words.
    fn confidence(&self, best: f64, second: f64) -> f64 {
        let size = (self.words.len() as f64 / 10.0).min(1.0);
        size * (0.5 + 0.5 * (best - second) / best)
    }

    /// The best score of the languages other than `lang_idx`.
    fn runner_up(&self, lang_idx: usize) -> f64 {
        (0..LATIN.len())
            .filter(|&other| other != lang_idx)
            .map(|other| self.scores[other])
            .fold(0.0, f64::max)
    }

    /// [`LatinClues::judged`]'s language, and a lower bound of its
    /// confidence, when the clues put it more than whatlang's whole vote
    /// ahead of every other language: whatever that vote, the leader stays
    /// ahead (a vote for a rival narrows the margin by at most
    /// [`WHATLANG_WEIGHT`], one for the leader widens it).
    fn without_vote(&self) -> Option<(Lang, f64)> {
        let (best_idx, best) = self
            .scores
            .iter()
            .copied()
            .enumerate()
            .max_by(|a, b| a.1.total_cmp(&b.1))?;
        let second = self.runner_up(best_idx);
        // the lead must hold whatever whatlang votes (then `best` > 2)
        if best - second <= WHATLANG_WEIGHT {
            return None;
        }
        let worst = self.confidence(best, second + WHATLANG_WEIGHT);
        Some((LATIN[best_idx].0, worst))
    }

    /// Whether [`LatinClues::judged`] could name a language other than `not`
    /// with confidence `min_confidence` (before the script share), whatever
    /// whatlang votes: each other language's clue score with whatlang's
    /// whole vote added, against the best clue score of the rest.
    fn could_be_other(&self, not: Lang, min_confidence: f64) -> bool {
        (0..LATIN.len()).any(|lang_idx| {
            let best = self.scores[lang_idx] + WHATLANG_WEIGHT;
            // a little slack, so rounding never skips a text that could pass
            LATIN[lang_idx].0 != not
                && self.confidence(best, self.runner_up(lang_idx)) >= min_confidence - 1e-6
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn assert_lang(text: &str, expected: Lang) {
        let (lang, confidence) = detect_scored(text);
        assert_eq!(lang, expected, "{text:?} (confidence {confidence})");
        assert!((0.0..=1.0).contains(&confidence));
    }

    fn assert_confident(text: &str, expected: Lang) {
        let (lang, confidence) = detect_scored(text);
        assert_eq!(lang, expected, "{text:?}");
        assert!(confidence >= 0.6, "{text:?}: confidence {confidence}");
    }

    /// What [`detect_confident_other`] must answer, from the full detector.
    fn confident_other_reference(text: &str, min: f32, not: Lang) -> Option<Lang> {
        let (lang, confidence) = detect_scored(text);
        (confidence >= min && lang != Lang::Und && lang != not).then_some(lang)
    }

    /// The dev set's readouts, whole.
    fn devset_documents() -> Vec<String> {
        let devset = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../devset");
        let mut documents = Vec::new();
        for case in std::fs::read_dir(&devset).expect("the dev set") {
            let case = case.expect("a dev-set case").path();
            for name in ["a.txt", "b.txt", "c.txt"] {
                if let Ok(text) = std::fs::read_to_string(case.join(name)) {
                    documents.push(text);
                }
            }
        }
        documents
    }

    #[test]
    fn the_language_without_whatlang_is_the_language_with_it() {
        let documents = devset_documents();
        let lines: Vec<&str> = documents.iter().flat_map(|d| d.lines()).collect();
        for text in documents.iter().map(String::as_str).chain(lines) {
            let (expected, confidence) = detect_scored(text);
            let counts = ScriptCounts::of(text);
            if let Some((Script::Latin, share)) = counts.dominant() {
                if let Some((lang, at_least)) = LatinClues::of(text).without_vote() {
                    assert_eq!(lang, expected, "{text:?}");
                    let at_least = with_share(at_least, share);
                    assert!(
                        at_least <= confidence,
                        "{text:?}: {at_least} > {confidence}"
                    );
                }
            }
            // the 1 KB-then-4 KB rule with the full detector every time
            let opening = sample(text, 1024);
            let reference = match detect_scored(opening) {
                (lang, confidence) if opening.len() < text.len() && confidence >= 0.9 => lang,
                _ => detect_scored(sample(text, 4 * 1024)).0,
            };
            assert_eq!(detect(text), reference, "{text:?}");
        }
        // most Latin-script documents are decided by their clues alone
        let openings: Vec<LatinClues> = documents
            .iter()
            .map(|d| LatinClues::of(sample(d, 1024)))
            .filter(|clues| clues.words.len() > 50)
            .collect();
        let decided = openings
            .iter()
            .filter(|clues| clues.without_vote().is_some())
            .count();
        assert!(
            decided * 4 > openings.len() * 3,
            "{decided} of {}",
            openings.len()
        );
    }

    #[test]
    fn a_confident_other_answer_is_the_detectors() {
        let mut texts = vec![
            "The two leaders discussed trade.",
            "The two leaders discussed trade, energy and the situation in the Middle East at length.",
            "Les deux dirigeants ont discuté du commerce, de l'énergie et de la situation au Proche-Orient.",
            "Die beiden Staatschefs sprachen über Handel und Energie.",
            "Стороны обсудили торговлю и энергетику.",
            "双方就贸易和能源问题交换了意见。",
            "OK",
            "Xi Jinping, Vladimir Putin, Beijing, Moscow, Kazan, Astana, Tianjin, Minsk, Baku",
            "President Lula and President Macron met in Brasília on the Amazon Fund",
            "Il presidente ha detto: « the door remains open » dopo il vertice di Roma.",
        ];
        // every line of the dev set's readouts, in many languages
        let documents = devset_documents();
        texts.extend(
            documents
                .iter()
                .flat_map(|d| d.lines())
                .filter(|line| !line.trim().is_empty()),
        );
        let nots = [Lang::En, Lang::Fr, Lang::De, Lang::Es, Lang::Ru, Lang::Und];
        let mut skipped = 0;
        for text in &texts {
            let clues = LatinClues::of(text);
            for not in nots {
                for min in [0.5f32, 0.9] {
                    let expected = confident_other_reference(text, min, not);
                    assert_eq!(
                        detect_confident_other(text, min, not),
                        expected,
                        "{text:?} at {min}, not {not}"
                    );
                }
                skipped += usize::from(clues.words.len() >= 9 && !clues.could_be_other(not, 0.9));
            }
        }
        // the shortcut is taken, not merely harmless: for a quarter of the
        // (text, source language) pairs
        let pairs = texts.len() * nots.len();
        assert!(skipped * 4 > pairs, "{skipped} skips in {pairs} pairs");
    }

    #[test]
    fn clue_words_for_the_source_language_rule_out_another() {
        let words = LatinClues::of;
        let english = words(
            "The minister said that the two sides would meet again in the spring and sign the plan",
        );
        assert!(!english.could_be_other(Lang::En, 0.9));
        assert!(english.could_be_other(Lang::Fr, 0.9));
        let german = words("Der Minister sagte, dass die beiden Seiten sich im Frühjahr wieder treffen und den Plan unterzeichnen");
        assert!(german.could_be_other(Lang::En, 0.9));
        // French shares "de", "que" and "a" with its neighbours: even whatlang's
        // whole vote leaves this short a clear enough margin for 0.9
        let french = words(
            "Le ministre a déclaré que les deux parties se retrouveraient au printemps pour signer",
        );
        assert!(!french.could_be_other(Lang::En, 0.9));
        assert!(french.could_be_other(Lang::En, 0.8));
    }

    #[test]
    fn plainly_in_needs_the_script_or_three_common_words() {
        assert!(plainly_in("Стороны обсудили ситуацию", Lang::Ru));
        assert!(plainly_in(
            "The leaders discussed the state of their relations",
            Lang::En
        ));
        assert!(!plainly_in(
            "Les dirigeants ont discuté de la situation",
            Lang::En
        ));
        assert!(
            !plainly_in("Trade and energy", Lang::En),
            "two common words are not enough"
        );
        assert!(!plainly_in("The leaders discussed trade", Lang::Ru));
    }

    #[test]
    fn sentences_in_each_language() {
        assert_confident(
            "The two presidents discussed trade and energy cooperation and agreed to meet again later this year.",
            Lang::En,
        );
        assert_confident(
            "Les deux présidents ont évoqué la coopération économique et se sont mis d'accord pour se revoir au printemps.",
            Lang::Fr,
        );
        assert_confident(
            "Президенты обсудили торгово-экономическое сотрудничество и договорились встретиться в первой половине года.",
            Lang::Ru,
        );
        assert_confident(
            "两国元首讨论了经贸合作，并同意在今年上半年再次会晤。",
            Lang::Zh,
        );
        assert_confident(
            "Los dos presidentes hablaron de la cooperación energética y acordaron reunirse de nuevo en primavera.",
            Lang::Es,
        );
        assert_confident(
            "Die beiden Präsidenten sprachen über die Zusammenarbeit im Energiebereich und wollen sich im Frühjahr wieder treffen.",
            Lang::De,
        );
        assert_confident(
            "ناقش الرئيسان التعاون الاقتصادي واتفقا على اللقاء مرة أخرى في النصف الأول من العام.",
            Lang::Ar,
        );
        assert_confident(
            "I due presidenti hanno discusso della cooperazione economica e si sono accordati per incontrarsi di nuovo in primavera.",
            Lang::It,
        );
        assert_confident(
            "Os dois presidentes discutiram a cooperação econômica e concordaram em se reunir novamente na primavera.",
            Lang::Pt,
        );
        assert_confident(
            "De twee presidenten bespraken de economische samenwerking en spraken af om elkaar in het voorjaar weer te zien.",
            Lang::Nl,
        );
        assert_confident(
            "Obaj prezydenci omówili współpracę gospodarczą i uzgodnili, że spotkają się ponownie wiosną przyszłego roku.",
            Lang::Pl,
        );
        assert_confident(
            "İki cumhurbaşkanı ekonomik işbirliğini görüştü ve bahar aylarında yeniden bir araya gelme konusunda anlaştı.",
            Lang::Tr,
        );
        assert_confident(
            "両首脳は経済協力について話し合い、春に再び会談することで合意した。",
            Lang::Ja,
        );
        assert_confident(
            "두 정상은 경제 협력에 대해 논의하고 봄에 다시 만나기로 합의했다.",
            Lang::Ko,
        );
        assert_confident(
            "ผู้นำทั้งสองหารือเรื่องความร่วมมือทางเศรษฐกิจและตกลงที่จะพบกันอีกครั้งในฤดูใบไม้ผลิ",
            Lang::Th,
        );
    }

    #[test]
    fn headings_are_detected_with_less_confidence() {
        assert_lang("Joint statement on the strategic partnership", Lang::En);
        assert_lang("Déclaration conjointe sur le partenariat", Lang::Fr);
        assert_lang("Телефонный разговор с Председателем КНР", Lang::Ru);
        assert_lang("习近平同普京举行视频会晤", Lang::Zh);
        assert_lang("Declaración conjunta de los presidentes", Lang::Es);
        assert_lang("Gemeinsame Erklärung der beiden Präsidenten", Lang::De);
        assert_lang("بيان مشترك", Lang::Ar);
    }

    #[test]
    fn short_text_has_low_confidence() {
        for text in ["Ceasefire", "Путин", "Energy talks", "习近平"] {
            let (_, confidence) = detect_scored(text);
            assert!(confidence < 0.5, "{text:?}: confidence {confidence}");
        }
    }

    #[test]
    fn text_without_letters_is_undetermined() {
        assert_eq!(detect_scored(""), (Lang::Und, 0.0));
        assert_eq!(detect("2026-02-04 12:00 — 42%"), Lang::Und);
        assert_eq!(detect("Ελληνικά κείμενα εδώ"), Lang::Und);
    }

    #[test]
    fn mixed_text_goes_by_the_dominant_script() {
        assert_lang(
            "The spokesman quoted the Chinese readout, \"双方同意加强合作\", and said the talks would continue next month in Moscow.",
            Lang::En,
        );
        assert_lang(
            "普京总统与习近平主席举行视频会晤，双方讨论了Power of Siberia 2项目和能源合作。",
            Lang::Zh,
        );
        assert_lang(
            "Ушаков сообщил, что стороны обсудили проект Power of Siberia и ситуацию на Ближнем Востоке.",
            Lang::Ru,
        );
    }
}
