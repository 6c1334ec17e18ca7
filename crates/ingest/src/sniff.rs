//! Looking at bytes before decoding them: is this a known binary format, is
//! it UTF-16 without a byte order mark, does it look like HTML.

use parallax_model::InputFormat;
use std::path::Path;

/// A binary format recognised by its first bytes, with how to get text out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Binary {
    Pdf,
    Png,
    Jpeg,
    Gif,
    Docx,
    Xlsx,
    Pptx,
    Zip,
    OldOffice,
    Gzip,
    Elf,
    Other,
}

impl Binary {
    /// "a PDF file", for "this is a PDF file, not text".
    pub(crate) fn what(self) -> &'static str {
        match self {
            Binary::Pdf => "a PDF file",
            Binary::Png => "a PNG image",
            Binary::Jpeg => "a JPEG image",
            Binary::Gif => "a GIF image",
            Binary::Docx => "a Word document (DOCX)",
            Binary::Xlsx => "an Excel spreadsheet (XLSX)",
            Binary::Pptx => "a PowerPoint file (PPTX)",
            Binary::Zip => "a ZIP archive",
            Binary::OldOffice => "an old Office document (DOC/XLS)",
            Binary::Gzip => "a gzip-compressed file",
            Binary::Elf => "a program (ELF executable)",
            Binary::Other => "binary data",
        }
    }

    /// What to do instead, with commands built from the input's own name.
    pub(crate) fn hint(self, input: &str) -> String {
        let stem = if input == "-" {
            "readout".to_string()
        } else {
            Path::new(input)
                .with_extension("")
                .to_string_lossy()
                .into_owned()
        };
        match self {
            Binary::Pdf => format!("convert it first (e.g. pdftotext {stem}.pdf {stem}.txt)"),
            Binary::Png | Binary::Jpeg | Binary::Gif => {
                "give the readout's text instead (run OCR on the image first if it is a scan)"
                    .to_string()
            }
            Binary::Docx | Binary::OldOffice | Binary::Pptx => format!(
                "save it as plain text first (e.g. pandoc {stem}.docx -t plain -o {stem}.txt)"
            ),
            Binary::Xlsx => "export the cells with the readout's text to a .txt file".to_string(),
            Binary::Zip => "unpack it and give the readout file inside".to_string(),
            Binary::Gzip => format!("decompress it first (e.g. gunzip -k {stem}.gz)"),
            Binary::Elf => "give the readout's text file instead".to_string(),
            Binary::Other => "give a text, Markdown or HTML file".to_string(),
        }
    }
}

/// Recognises binary formats by magic number.
pub(crate) fn magic(bytes: &[u8]) -> Option<Binary> {
    let kind = if bytes.starts_with(b"%PDF-") {
        Binary::Pdf
    } else if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        Binary::Png
    } else if bytes.starts_with(b"\xff\xd8\xff") {
        Binary::Jpeg
    } else if bytes.starts_with(b"GIF87a") || bytes.starts_with(b"GIF89a") {
        Binary::Gif
    } else if bytes.starts_with(b"PK\x03\x04")
        || bytes.starts_with(b"PK\x05\x06")
        || bytes.starts_with(b"PK\x07\x08")
    {
        // Office files are ZIPs; the first entries' names say which kind.
        let head = &bytes[..bytes.len().min(64 * 1024)];
        if contains(head, b"word/") {
            Binary::Docx
        } else if contains(head, b"xl/") {
            Binary::Xlsx
        } else if contains(head, b"ppt/") {
            Binary::Pptx
        } else {
            Binary::Zip
        }
    } else if bytes.starts_with(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1") {
        Binary::OldOffice
    } else if bytes.starts_with(b"\x1f\x8b") {
        Binary::Gzip
    } else if bytes.starts_with(b"\x7fELF") {
        Binary::Elf
    } else {
        return None;
    };
    Some(kind)
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack
        .windows(needle.len())
        .any(|window| window == needle)
}

/// How much of the input the byte-statistics tests look at.
const SAMPLE: usize = 8 * 1024;

/// UTF-16 without a byte order mark: text in Latin, Cyrillic and most other
/// scripts has a zero in every other byte. Returns the encoding when one half
/// of the byte pairs is mostly zero and the other half is not.
pub(crate) fn utf16_without_bom(bytes: &[u8]) -> Option<&'static encoding_rs::Encoding> {
    let sample = &bytes[..bytes.len().min(SAMPLE)];
    let n_pairs = sample.len() / 2;
    if n_pairs < 2 {
        return None;
    }
    let (mut zero_even, mut zero_odd) = (0usize, 0usize);
    for pair in sample.chunks_exact(2) {
        zero_even += usize::from(pair[0] == 0);
        zero_odd += usize::from(pair[1] == 0);
    }
    // Mostly-zero half: at least 40% (CJK text has few zeros, so it will not be
    // found here, but it does not look binary either). Other half: under 5%.
    let mostly = |zeros: usize| zeros * 10 >= n_pairs * 4;
    let rarely = |zeros: usize| zeros * 20 < n_pairs;
    if mostly(zero_odd) && rarely(zero_even) {
        Some(encoding_rs::UTF_16LE)
    } else if mostly(zero_even) && rarely(zero_odd) {
        Some(encoding_rs::UTF_16BE)
    } else {
        None
    }
}

/// Other binary data: NUL bytes or control characters that text does not use,
/// in more than 2% of the first bytes. Tab, line feed, form feed, carriage
/// return and escape are allowed.
pub(crate) fn looks_binary(bytes: &[u8]) -> bool {
    let sample = &bytes[..bytes.len().min(SAMPLE)];
    let n_odd = sample
        .iter()
        .filter(|&&byte| byte < 0x20 && !matches!(byte, b'\t' | b'\n' | b'\x0c' | b'\r' | 0x1b))
        .count();
    n_odd * 50 > sample.len()
}

/// The format a file name implies, if its extension is one Parallax reads.
pub(crate) fn format_from_name(input: &str) -> Option<InputFormat> {
    let extension = Path::new(input).extension()?.to_str()?.to_ascii_lowercase();
    match extension.as_str() {
        "txt" | "text" => Some(InputFormat::Text),
        "md" | "markdown" => Some(InputFormat::Markdown),
        "html" | "htm" | "xhtml" => Some(InputFormat::Html),
        _ => None,
    }
}

/// Whether text (or ASCII-compatible bytes) starts like an HTML document:
/// after leading whitespace and comments, a doctype or one of the tags pages
/// begin with, or markup tags early on.
pub(crate) fn looks_like_html(head: &[u8]) -> bool {
    let head = &head[..head.len().min(2048)];
    let start = head
        .iter()
        .position(|byte| !byte.is_ascii_whitespace())
        .unwrap_or(head.len());
    let head = head[start..].to_ascii_lowercase();
    if !head.starts_with(b"<") {
        return false;
    }
    const OPENERS: [&[u8]; 6] = [
        b"<!doctype html",
        b"<html",
        b"<head",
        b"<body",
        b"<?xml",
        b"<!--",
    ];
    if OPENERS.iter().any(|opener| head.starts_with(opener)) {
        return true;
    }
    const TAGS: [&[u8]; 8] = [
        b"<meta",
        b"<title",
        b"<div",
        b"<p>",
        b"<p ",
        b"<article",
        b"<h1",
        b"<main",
    ];
    TAGS.iter().any(|tag| contains(&head, tag))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn magic_numbers_name_the_format() {
        assert_eq!(magic(b"%PDF-1.7\n%\xe2\xe3"), Some(Binary::Pdf));
        assert_eq!(magic(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"), Some(Binary::Png));
        assert_eq!(
            magic(b"PK\x03\x04....word/document.xml"),
            Some(Binary::Docx)
        );
        assert_eq!(magic(b"\x1f\x8b\x08\0"), Some(Binary::Gzip));
        assert_eq!(magic(b"Plain text"), None);
    }

    #[test]
    fn pdf_hint_uses_the_input_name() {
        assert_eq!(
            Binary::Pdf.hint("scan.txt"),
            "convert it first (e.g. pdftotext scan.pdf scan.txt)"
        );
    }

    #[test]
    fn utf16_without_bom_is_recognised_by_its_zero_bytes() {
        let text = "Привет, мир! Hello world.";
        let le: Vec<u8> = text.encode_utf16().flat_map(u16::to_le_bytes).collect();
        let be: Vec<u8> = text.encode_utf16().flat_map(u16::to_be_bytes).collect();
        assert_eq!(utf16_without_bom(&le), Some(encoding_rs::UTF_16LE));
        assert_eq!(utf16_without_bom(&be), Some(encoding_rs::UTF_16BE));
        assert_eq!(utf16_without_bom(text.as_bytes()), None);
    }

    #[test]
    fn control_bytes_mark_binary_but_line_endings_do_not() {
        assert!(!looks_binary(b"line one\r\nline two\tand a tab\x0c"));
        assert!(looks_binary(b"\x00\x01\x02\x03 some \x04\x05 bytes"));
    }

    #[test]
    fn html_is_sniffed_from_its_first_tags() {
        assert!(looks_like_html(b"  <!DOCTYPE html><html>"));
        assert!(looks_like_html(b"<div class=x><p>Hi</p></div>"));
        assert!(!looks_like_html(b"# Heading\n<p>inline</p>"));
        assert!(!looks_like_html(b"<3 this is text"));
    }

    #[test]
    fn extensions_pick_the_format() {
        assert_eq!(format_from_name("a/b.HTM"), Some(InputFormat::Html));
        assert_eq!(format_from_name("notes.md"), Some(InputFormat::Markdown));
        assert_eq!(format_from_name("notes"), None);
    }
}
