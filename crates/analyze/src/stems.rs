//! Word stems for plain lexical overlap between points: what two readouts in
//! the same script share even when no term list knows the word ("CPTPP",
//! "coalition" / "coalición", "énergie" / "energy"). Content words of four or
//! more letters are accent-folded, lower-cased and cut to their first five
//! letters; acronyms are kept whole. Chinese, Japanese and other unspaced
//! scripts give no stems (their overlap comes from the term list).

use crate::tokens::Token;

const STEM_CHARS: usize = 5;

/// Function words that are long enough to pass the length filter.
const STOPWORDS: &[&str] = &[
    // en
    "with",
    "that",
    "this",
    "these",
    "those",
    "their",
    "they",
    "them",
    "have",
    "been",
    "also",
    "from",
    "were",
    "will",
    "both",
    "which",
    "would",
    "about",
    "other",
    "into",
    "such",
    "than",
    "then",
    "there",
    "where",
    "while",
    "what",
    "when",
    "whom",
    "shall",
    "should",
    "could",
    "must",
    "very",
    "well",
    "each",
    "over",
    "under",
    "upon",
    // fr
    "avec",
    "dans",
    "pour",
    "leur",
    "leurs",
    "sont",
    "ainsi",
    "deux",
    "entre",
    "également",
    "notamment",
    "cette",
    "tout",
    "toute",
    "tous",
    "toutes",
    "plus",
    "aussi",
    "elle",
    "elles",
    "nous",
    "vous",
    "même",
    "sans",
    "sous",
    "dont",
    "mais",
    "comme",
    "était",
    "avoir",
    "être",
    // es
    "para",
    "sobre",
    "como",
    "también",
    "este",
    "esta",
    "estos",
    "estas",
    "ambos",
    "ambas",
    "dentro",
    "desde",
    "hacia",
    "pero",
    "entre",
    "todo",
    "toda",
    "todos",
    "todas",
    "sino",
    "cual",
    "cuales",
    "donde",
    // de
    "und",
    "mit",
    "auch",
    "eine",
    "einer",
    "einem",
    "einen",
    "dass",
    "sich",
    "über",
    "zwischen",
    "beiden",
    "oder",
    "nicht",
    "sowie",
    "dabei",
    "wurde",
    "wurden",
    "werden",
    // ru
    "также",
    "этом",
    "этой",
    "этого",
    "было",
    "были",
    "была",
    "обеих",
    "между",
    "который",
    "которая",
    "которые",
    "которых",
    "числе",
    "более",
    "всех",
    "если",
    "свою",
    "своей",
    "своих",
    "чтобы",
    "только",
    "этих",
];

/// Stems of the content words among `tokens` of `text`, in order, repeated stems once.
pub fn stems(text: &str, tokens: &[Token]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for token in tokens {
        let word = token.span.slice(text);
        let n_letters = word.chars().filter(|c| c.is_alphabetic()).count();
        if word.chars().any(crate::lexicon::is_cjk_char) || n_letters == 0 {
            continue;
        }
        let is_acronym = n_letters >= 2
            && word
                .chars()
                .filter(|c| c.is_alphabetic())
                .all(char::is_uppercase);
        let stem = if is_acronym {
            token.lower.replace('.', "")
        } else {
            if n_letters < 4
                || STOPWORDS.contains(&token.lower.as_str())
                || word.chars().any(|c| c.is_ascii_digit())
            {
                continue;
            }
            token
                .lower
                .chars()
                .map(fold)
                .filter(|c| c.is_alphabetic())
                .take(STEM_CHARS)
                .collect()
        };
        if !out.contains(&stem) {
            out.push(stem);
        }
    }
    out
}

/// Latin letters without their accents, and Cyrillic ё as е.
fn fold(c: char) -> char {
    match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' => 'a',
        'ç' => 'c',
        'è' | 'é' | 'ê' | 'ë' => 'e',
        'ì' | 'í' | 'î' | 'ï' => 'i',
        'ñ' => 'n',
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' => 'o',
        'ù' | 'ú' | 'û' | 'ü' => 'u',
        'ý' | 'ÿ' => 'y',
        'ё' => 'е',
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tokens::words;

    fn of(text: &str) -> Vec<String> {
        stems(text, &words(text))
    }

    #[test]
    fn cognates_share_stems_across_languages() {
        assert_eq!(of("la coalición de voluntarios"), ["coali", "volun"]);
        assert_eq!(of("the Coalition of the Willing"), ["coali", "willi"]);
        assert_eq!(of("énergie"), of("energy"));
    }

    #[test]
    fn acronyms_stay_whole_and_function_words_go() {
        assert_eq!(of("with the CPTPP and the U.S."), ["cptpp", "us"]);
        assert!(of("双方同意").is_empty());
    }
}
