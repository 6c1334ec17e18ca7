use serde::{Deserialize, Serialize};
use std::fmt;

/// A language Parallax can detect. The first seven are the ones its analysis
/// covers in depth; the rest are known to the sentence model. `Und` is
/// "undetermined": too little text, or a language outside this list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    En,
    Fr,
    Ru,
    Zh,
    Es,
    De,
    Ar,
    It,
    Pt,
    Nl,
    Pl,
    Tr,
    Ja,
    Ko,
    Th,
    Und,
}

impl Lang {
    pub const ALL: [Lang; 16] = [
        Lang::En,
        Lang::Fr,
        Lang::Ru,
        Lang::Zh,
        Lang::Es,
        Lang::De,
        Lang::Ar,
        Lang::It,
        Lang::Pt,
        Lang::Nl,
        Lang::Pl,
        Lang::Tr,
        Lang::Ja,
        Lang::Ko,
        Lang::Th,
        Lang::Und,
    ];

    /// The ISO 639-1 code, or "und".
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Fr => "fr",
            Lang::Ru => "ru",
            Lang::Zh => "zh",
            Lang::Es => "es",
            Lang::De => "de",
            Lang::Ar => "ar",
            Lang::It => "it",
            Lang::Pt => "pt",
            Lang::Nl => "nl",
            Lang::Pl => "pl",
            Lang::Tr => "tr",
            Lang::Ja => "ja",
            Lang::Ko => "ko",
            Lang::Th => "th",
            Lang::Und => "und",
        }
    }

    /// Parses an ISO 639-1 code, case-insensitively ("RU", "zh").
    pub fn from_code(code: &str) -> Option<Lang> {
        let code = code.trim().to_ascii_lowercase();
        Lang::ALL.into_iter().find(|lang| lang.code() == code)
    }

    /// The language's name in English, for messages and reports.
    pub fn name(self) -> &'static str {
        match self {
            Lang::En => "English",
            Lang::Fr => "French",
            Lang::Ru => "Russian",
            Lang::Zh => "Chinese",
            Lang::Es => "Spanish",
            Lang::De => "German",
            Lang::Ar => "Arabic",
            Lang::It => "Italian",
            Lang::Pt => "Portuguese",
            Lang::Nl => "Dutch",
            Lang::Pl => "Polish",
            Lang::Tr => "Turkish",
            Lang::Ja => "Japanese",
            Lang::Ko => "Korean",
            Lang::Th => "Thai",
            Lang::Und => "undetermined",
        }
    }

    /// Whether the script writes words without spaces between them.
    pub fn is_unspaced(self) -> bool {
        matches!(self, Lang::Zh | Lang::Ja | Lang::Th)
    }
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}
