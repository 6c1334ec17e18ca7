use std::io;

/// Why an input could not be read. Each message is one line: the input, what
/// is wrong, and what to do about it.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{input}: no such file — check the path")]
    NotFound { input: String },

    #[error("{input}: this is a folder, not a file — give one readout file inside it")]
    IsDirectory { input: String },

    #[error("{input}: permission denied — check the file's permissions or run as its owner")]
    PermissionDenied { input: String },

    /// The cause is in the message (not a `source()`), so that printing the
    /// error chain does not say it twice.
    #[error("{input}: could not read it ({cause}) — check the file and try again")]
    Io { input: String, cause: io::Error },

    #[error("{input}: the file is empty — give a readout with some text")]
    Empty { input: String },

    #[error(
        "{input}: the file has only whitespace, nothing to read — give a readout with some text"
    )]
    Blank { input: String },

    /// `what` names the format ("a PDF file"), `hint` says how to get text out of it.
    #[error("{input}: this is {what}, not text — {hint}")]
    Binary {
        input: String,
        what: &'static str,
        hint: String,
    },

    /// `size` is `None` when the input is a stream whose length is unknown.
    #[error(
        "{input}: {} is over the {} limit for one readout — split it, or raise the limit with --max-bytes",
        size.map_or_else(|| "the input".to_string(), format_size),
        format_size(*limit)
    )]
    TooLarge {
        input: String,
        size: Option<u64>,
        limit: u64,
    },

    #[error("{input}: no readable text found in this HTML page — check it is the article itself and not a page that loads its text with scripts (save it from the browser after it loads, or copy the text into a .txt file)")]
    NoHtmlText { input: String },

    /// An article split into per-source sections had fewer than two; `found`
    /// is the one section's label, if there was one.
    #[error(
        "{input}: {} — expected a heading naming each readout (\"Kremlin readout:\", \"Compte rendu de la Chine\") followed by its points; or compare the readouts as separate files",
        found.as_ref().map_or_else(
            || "no per-source sections found".to_string(),
            |label| format!("only one per-source section found (\"{label}\")")
        )
    )]
    TooFewSections {
        input: String,
        found: Option<String>,
    },
}

/// Results of reading an input.
pub type Result<T> = std::result::Result<T, Error>;

/// The name an input goes by in messages: the path as given, or "stdin".
pub(crate) fn display_name(input: &str) -> String {
    if input == "-" {
        "stdin".to_string()
    } else {
        input.to_string()
    }
}

/// Sizes as people read them: "16 MB", "50.2 MB", "900 KB", "12 bytes"
/// (binary units, as file managers show them).
pub(crate) fn format_size(bytes: u64) -> String {
    const KIB: u64 = 1024;
    const MIB: u64 = 1024 * 1024;
    let (value, unit) = if bytes >= MIB {
        (bytes as f64 / MIB as f64, "MB")
    } else if bytes >= KIB {
        (bytes as f64 / KIB as f64, "KB")
    } else {
        return format!("{bytes} bytes");
    };
    let rounded = format!("{value:.1}");
    match rounded.strip_suffix(".0") {
        Some(whole) => format!("{whole} {unit}"),
        None => format!("{rounded} {unit}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_read_like_a_file_manager() {
        assert_eq!(format_size(16 * 1024 * 1024), "16 MB");
        assert_eq!(format_size(52_638_515), "50.2 MB");
        assert_eq!(format_size(2048), "2 KB");
        assert_eq!(format_size(12), "12 bytes");
    }

    #[test]
    fn messages_are_one_line_without_a_trailing_period() {
        let errors = [
            Error::NotFound {
                input: "missing.txt".into(),
            },
            Error::TooLarge {
                input: "big.txt".into(),
                size: Some(52_638_515),
                limit: 16 * 1024 * 1024,
            },
            Error::NoHtmlText {
                input: "page.html".into(),
            },
            Error::TooFewSections {
                input: "article.txt".into(),
                found: Some("Kremlin readout".into()),
            },
        ];
        for error in errors {
            let message = error.to_string();
            assert!(!message.contains('\n'), "{message}");
            assert!(!message.ends_with('.'), "{message}");
        }
        let big = Error::TooLarge {
            input: "big.txt".into(),
            size: Some(52_638_515),
            limit: 16 * 1024 * 1024,
        };
        assert_eq!(
            big.to_string(),
            "big.txt: 50.2 MB is over the 16 MB limit for one readout — split it, or raise the limit with --max-bytes"
        );
    }
}
