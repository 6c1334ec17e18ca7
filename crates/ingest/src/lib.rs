//! Reads one readout — a text, Markdown or HTML file, or stdin — into a
//! [`Document`]: decoded to UTF-8 whatever its encoding, refused with a clear
//! message when it is empty, binary or too large, and for HTML reduced to the
//! page's main content as plain text. [`lang`] tells which language a text
//! is in. [`split`] cuts an article that quotes several readouts into one
//! document per readout.
//!
//! Every offset later stages report refers to [`Document::text`], so for text
//! and Markdown that is exactly the decoded file (line endings untouched).
//!
//! ```
//! use parallax_ingest::{lang, read_bytes, ReadOptions};
//! use parallax_model::{InputFormat, Lang};
//!
//! let page = b"<html><head><title>Readout</title></head><body>
//!     <nav><a href=/>Home</a></nav>
//!     <article><h1>Phone call</h1><p>The two leaders spoke by phone.</p></article>
//! </body></html>";
//! let doc = read_bytes(page, "call.html", &ReadOptions::default())?;
//! assert_eq!(doc.format, InputFormat::Html);
//! assert_eq!(doc.html_title.as_deref(), Some("Readout"));
//! assert_eq!(doc.text, "Phone call\n\nThe two leaders spoke by phone.");
//! assert_eq!(lang::detect(&doc.text), Lang::En);
//! # Ok::<(), parallax_ingest::Error>(())
//! ```

mod decode;
mod error;
mod html;
pub mod lang;
mod sniff;
pub mod split;

pub use error::{Error, Result};

use error::display_name;
use parallax_model::{Document, InputFormat};
use std::fs::File;
use std::io::{self, Read};

/// How to read an input.
#[derive(Debug, Clone)]
pub struct ReadOptions {
    /// Inputs larger than this are refused before they are read.
    pub max_bytes: u64,
    /// Read as this format whatever the file name or content suggests.
    pub format: Option<InputFormat>,
}

impl ReadOptions {
    /// The default limit: 16 MiB, far more than any readout.
    pub const DEFAULT_MAX_BYTES: u64 = 16 * 1024 * 1024;
}

impl Default for ReadOptions {
    fn default() -> Self {
        ReadOptions {
            max_bytes: Self::DEFAULT_MAX_BYTES,
            format: None,
        }
    }
}

/// Reads a path, or stdin when `input` is `-`. The format comes from the
/// extension (`.txt` `.text` → Text, `.md` `.markdown` → Markdown, `.html`
/// `.htm` `.xhtml` → Html), else from the content (looks like HTML → Html,
/// else Text). A file over `max_bytes` is refused from its size alone.
pub fn read_input(input: &str, options: &ReadOptions) -> Result<Document> {
    let bytes = if input == "-" {
        read_limited(io::stdin().lock(), input, options.max_bytes)?
    } else {
        read_file(input, options.max_bytes)?
    };
    read_bytes(&bytes, input, options)
}

/// Decodes bytes already in memory; `input` is the name used in messages and
/// for the format's extension.
pub fn read_bytes(bytes: &[u8], input: &str, options: &ReadOptions) -> Result<Document> {
    let name = display_name(input);
    if bytes.len() as u64 > options.max_bytes {
        return Err(Error::TooLarge {
            input: name,
            size: Some(bytes.len() as u64),
            limit: options.max_bytes,
        });
    }
    if bytes.is_empty() {
        return Err(Error::Empty { input: name });
    }
    let named_format = options.format.or_else(|| sniff::format_from_name(input));
    let html_hint = match named_format {
        Some(format) => format == InputFormat::Html,
        None => sniff::looks_like_html(bytes),
    };
    let decoded = decode::decode(bytes, html_hint).map_err(|binary| Error::Binary {
        input: name.clone(),
        what: binary.what(),
        hint: binary.hint(input),
    })?;
    if decoded.text.trim().is_empty() {
        return Err(Error::Blank { input: name });
    }
    let format = named_format.unwrap_or_else(|| {
        if html_hint || sniff::looks_like_html(decoded.text.as_bytes()) {
            InputFormat::Html
        } else {
            InputFormat::Text
        }
    });
    let mut warnings = decoded.warnings;
    let (text, html_title) = match format {
        InputFormat::Html => {
            let page = html::extract(&decoded.text);
            if page.text.is_empty() {
                return Err(Error::NoHtmlText { input: name });
            }
            warnings.extend(page.warnings);
            (page.text, page.title)
        }
        InputFormat::Text | InputFormat::Markdown => (decoded.text, None),
    };
    Ok(Document {
        input: input.to_string(),
        label: None,
        format,
        encoding: decoded.encoding.to_string(),
        html_title,
        text,
        warnings,
    })
}

/// Reads a file after checking from its metadata that it is a file and not
/// too large.
fn read_file(input: &str, max_bytes: u64) -> Result<Vec<u8>> {
    let metadata = std::fs::metadata(input).map_err(|source| io_error(input, source))?;
    if metadata.is_dir() {
        return Err(Error::IsDirectory {
            input: input.to_string(),
        });
    }
    if metadata.len() > max_bytes {
        return Err(Error::TooLarge {
            input: input.to_string(),
            size: Some(metadata.len()),
            limit: max_bytes,
        });
    }
    let file = File::open(input).map_err(|source| io_error(input, source))?;
    // The file may have grown since, or be a device whose length is 0.
    read_limited(file, input, max_bytes)
}

/// Reads at most `max_bytes + 1` bytes, refusing the input if there were more.
fn read_limited(reader: impl Read, input: &str, max_bytes: u64) -> Result<Vec<u8>> {
    let mut bytes = Vec::new();
    reader
        .take(max_bytes.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(|source| io_error(input, source))?;
    if bytes.len() as u64 > max_bytes {
        return Err(Error::TooLarge {
            input: display_name(input),
            size: None,
            limit: max_bytes,
        });
    }
    Ok(bytes)
}

fn io_error(input: &str, source: io::Error) -> Error {
    let input = display_name(input);
    match source.kind() {
        io::ErrorKind::NotFound => Error::NotFound { input },
        io::ErrorKind::PermissionDenied => Error::PermissionDenied { input },
        io::ErrorKind::IsADirectory => Error::IsDirectory { input },
        _ => Error::Io {
            input,
            cause: source,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_endless_stream_is_refused_after_the_limit() {
        let endless = io::repeat(b'a');
        let error = read_limited(endless, "-", 1000).unwrap_err();
        assert_eq!(
            error.to_string(),
            "stdin: the input is over the 1000 bytes limit for one readout — split it, or raise the limit with --max-bytes"
        );
    }

    #[test]
    fn text_keeps_its_line_endings_byte_for_byte() {
        let doc = read_bytes(b"a\r\nb\n\n c ", "x.txt", &ReadOptions::default()).unwrap();
        assert_eq!(doc.text, "a\r\nb\n\n c ");
        assert_eq!(doc.format, InputFormat::Text);
    }

    #[test]
    fn format_is_sniffed_when_the_name_says_nothing() {
        let options = ReadOptions::default();
        let html = read_bytes(b"<!doctype html><p>Hello there.</p>", "-", &options).unwrap();
        assert_eq!(html.format, InputFormat::Html);
        assert_eq!(html.text, "Hello there.");
        let text = read_bytes(b"Hello <there>.", "-", &options).unwrap();
        assert_eq!(text.format, InputFormat::Text);
    }

    #[test]
    fn the_format_option_overrides_the_extension() {
        let options = ReadOptions {
            format: Some(InputFormat::Text),
            ..ReadOptions::default()
        };
        let doc = read_bytes(b"<p>kept as is</p>", "page.html", &options).unwrap();
        assert_eq!(doc.text, "<p>kept as is</p>");
    }
}

#[cfg(test)]
mod robustness {
    use super::*;

    /// A small deterministic generator, so failures reproduce.
    struct XorShift(u64);

    impl XorShift {
        fn next(&mut self) -> u64 {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            self.0
        }

        fn below(&mut self, n: usize) -> usize {
            (self.next() % n as u64) as usize
        }
    }

    const PIECES: [&str; 24] = [
        "<p>",
        "</p>",
        "<li>",
        "<ul>",
        "</ul>",
        "<ol start=x>",
        "<div class='nav content'>",
        "</div>",
        "<article>",
        "</article>",
        "<script>",
        "</script>",
        "<br>",
        "<table><tr><td>",
        "<pre>",
        "&amp;",
        "&#xFFFFFF;",
        "<!--",
        "-->",
        "Путин",
        "习近平",
        " text, more ",
        "\r\n",
        "<meta charset=koi8-r>",
    ];

    #[test]
    fn random_bytes_and_tag_soup_never_panic() {
        let mut rng = XorShift(0x9E37_79B9_7F4A_7C15);
        let options = ReadOptions::default();
        for round in 0..1500 {
            let len = rng.below(400);
            let bytes: Vec<u8> = if round % 2 == 0 {
                (0..len).map(|_| rng.next() as u8).collect()
            } else {
                (0..len / 4)
                    .flat_map(|_| PIECES[rng.below(PIECES.len())].bytes())
                    .collect()
            };
            for name in ["x.html", "x.txt", "-"] {
                if let Ok(doc) = read_bytes(&bytes, name, &options) {
                    let _ = lang::detect_scored(&doc.text);
                }
            }
        }
    }

    #[test]
    fn deeply_nested_html_is_read_without_overflowing_the_stack() {
        let html = "<div><span>".repeat(50_000) + "deep text";
        let doc = read_bytes(html.as_bytes(), "deep.html", &ReadOptions::default()).unwrap();
        assert_eq!(doc.text, "deep text");
    }
}
