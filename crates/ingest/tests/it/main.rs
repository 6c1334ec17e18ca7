//! Reading real files from a temporary folder, as the CLI does.

use parallax_ingest::{lang, read_input, Error, ReadOptions};
use parallax_model::{Document, InputFormat, Lang};
use std::path::Path;
use std::time::{Duration, Instant};
use tempfile::TempDir;

mod split;

const RUSSIAN: &str = "Владимир Путин и Си Цзиньпин провели переговоры в формате видеоконференции.\r\nСтороны обсудили двустороннее сотрудничество и ситуацию в мире.\r\n";
const CHINESE: &str =
    "两国元首通过视频会议举行会晤。\n双方就双边关系和共同关心的国际和地区问题深入交换了意见。\n";
const FRENCH: &str = "Les deux présidents ont évoqué la coopération économique, l'énergie et la sécurité.\nIls se sont mis d'accord pour se revoir au premier semestre.\n";

struct Folder {
    dir: TempDir,
}

impl Folder {
    fn new() -> Folder {
        Folder {
            dir: tempfile::tempdir().expect("a temporary folder"),
        }
    }

    /// Writes a file and returns its path as the user would type it.
    fn write(&self, name: &str, bytes: &[u8]) -> String {
        let path = self.dir.path().join(name);
        std::fs::write(&path, bytes).expect("writing a test file");
        path_string(&path)
    }

    fn path(&self, name: &str) -> String {
        path_string(&self.dir.path().join(name))
    }
}

fn path_string(path: &Path) -> String {
    path.to_str().expect("a UTF-8 temp path").to_string()
}

fn read(path: &str) -> Document {
    read_input(path, &ReadOptions::default())
        .unwrap_or_else(|error| panic!("reading {path} failed: {error}"))
}

fn read_error(path: &str) -> Error {
    match read_input(path, &ReadOptions::default()) {
        Ok(doc) => panic!("{path} was read, but should not be: {:?}", doc.text),
        Err(error) => error,
    }
}

fn utf16(text: &str, big_endian: bool) -> Vec<u8> {
    let mut bytes = if big_endian {
        vec![0xfe, 0xff]
    } else {
        vec![0xff, 0xfe]
    };
    for unit in text.encode_utf16() {
        let pair = if big_endian {
            unit.to_be_bytes()
        } else {
            unit.to_le_bytes()
        };
        bytes.extend(pair);
    }
    bytes
}

#[test]
fn utf8_text_is_read_byte_for_byte() {
    let folder = Folder::new();
    let path = folder.write("kremlin.txt", RUSSIAN.as_bytes());
    let doc = read(&path);
    assert_eq!(doc.text, RUSSIAN, "line endings must stay \\r\\n");
    assert_eq!(doc.encoding, "UTF-8");
    assert_eq!(doc.format, InputFormat::Text);
    assert_eq!(doc.input, path);
    assert!(doc.warnings.is_empty());
    assert_eq!(lang::detect(&doc.text), Lang::Ru);
}

#[test]
fn utf8_bom_is_stripped() {
    let folder = Folder::new();
    let mut bytes = b"\xef\xbb\xbf".to_vec();
    bytes.extend(FRENCH.as_bytes());
    let doc = read(&folder.write("elysee.md", &bytes));
    assert_eq!(doc.text, FRENCH);
    assert_eq!(doc.encoding, "UTF-8");
    assert_eq!(doc.format, InputFormat::Markdown);
}

#[test]
fn utf16_with_bom_is_decoded_both_ways() {
    let folder = Folder::new();
    let le = read(&folder.write("le.txt", &utf16(RUSSIAN, false)));
    assert_eq!(le.text, RUSSIAN);
    assert_eq!(le.encoding, "UTF-16LE");
    let be = read(&folder.write("be.txt", &utf16(CHINESE, true)));
    assert_eq!(be.text, CHINESE);
    assert_eq!(be.encoding, "UTF-16BE");
}

#[test]
fn utf16_without_bom_is_not_mistaken_for_binary() {
    let folder = Folder::new();
    let bytes = utf16(FRENCH, false);
    let doc = read(&folder.write("nobom.txt", &bytes[2..]));
    assert_eq!(doc.text, FRENCH);
    assert_eq!(doc.encoding, "UTF-16LE");
    assert_eq!(doc.warnings.len(), 1, "{:?}", doc.warnings);
}

#[test]
fn windows_1251_russian_is_detected() {
    let folder = Folder::new();
    let (bytes, _, unmappable) = encoding_rs::WINDOWS_1251.encode(RUSSIAN);
    assert!(!unmappable);
    let doc = read(&folder.write("kremlin-1251.txt", &bytes));
    assert_eq!(doc.encoding, "windows-1251");
    assert_eq!(doc.text, RUSSIAN);
    assert_eq!(lang::detect(&doc.text), Lang::Ru);
}

#[test]
fn gb18030_chinese_is_detected() {
    let folder = Folder::new();
    let (bytes, _, unmappable) = encoding_rs::GB18030.encode(CHINESE);
    assert!(!unmappable);
    let doc = read(&folder.write("xinhua.txt", &bytes));
    // These characters are all in GBK, which GB18030 extends; either name is right.
    assert!(
        ["GBK", "gb18030"].contains(&doc.encoding.as_str()),
        "{}",
        doc.encoding
    );
    assert_eq!(doc.text, CHINESE);
    assert_eq!(lang::detect(&doc.text), Lang::Zh);
}

#[test]
fn windows_1252_french_is_detected() {
    let folder = Folder::new();
    let (bytes, _, unmappable) = encoding_rs::WINDOWS_1252.encode(FRENCH);
    assert!(!unmappable);
    let doc = read(&folder.write("quai-dorsay.txt", &bytes));
    assert_eq!(doc.encoding, "windows-1252");
    assert_eq!(doc.text, FRENCH);
    assert_eq!(lang::detect(&doc.text), Lang::Fr);
}

#[test]
fn invalid_utf8_is_replaced_and_reported() {
    let folder = Folder::new();
    let mut bytes = RUSSIAN.as_bytes().to_vec();
    bytes.extend(b"\xd0 truncated, and a stray \xff\xfe byte pair.\n");
    let doc = read(&folder.write("broken.txt", &bytes));
    assert_eq!(doc.encoding, "UTF-8");
    assert!(doc.text.starts_with(RUSSIAN));
    assert_eq!(doc.text.matches('\u{FFFD}').count(), 3);
    assert_eq!(doc.warnings, ["3 invalid UTF-8 bytes replaced with U+FFFD"]);
}

#[test]
fn empty_and_blank_files_are_refused() {
    let folder = Folder::new();
    let empty = folder.write("notes.txt", b"");
    assert!(matches!(read_error(&empty), Error::Empty { .. }));
    assert_eq!(
        read_error(&empty).to_string(),
        format!("{empty}: the file is empty — give a readout with some text")
    );
    let blank = folder.write("blank.txt", b" \r\n\t\n  \n");
    let error = read_error(&blank);
    assert!(matches!(error, Error::Blank { .. }), "{error}");
    assert!(error.to_string().contains("nothing to read"), "{error}");
}

#[test]
fn images_and_pdfs_named_txt_are_refused_by_their_magic_number() {
    let folder = Folder::new();
    let png = folder.write(
        "chart.txt",
        b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x10\0\0\0\x10\x08\x06\0\0\0",
    );
    assert_eq!(
        read_error(&png).to_string(),
        format!("{png}: this is a PNG image, not text — give the readout's text instead (run OCR on the image first if it is a scan)")
    );
    let pdf = folder.write(
        "scan.txt",
        b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n",
    );
    let stem = folder.path("scan");
    assert_eq!(
        read_error(&pdf).to_string(),
        format!("{pdf}: this is a PDF file, not text — convert it first (e.g. pdftotext {stem}.pdf {stem}.txt)")
    );
}

#[test]
fn a_50_mb_file_is_refused_from_its_size_alone() {
    let folder = Folder::new();
    let path = folder.path("big.txt");
    // A sparse file: its metadata says 50.2 MB but it holds only zeros. Had
    // it been read, it would have been refused as binary, or as "the input"
    // without a size.
    let file = std::fs::File::create(&path).unwrap();
    file.set_len(52_638_515).unwrap();
    drop(file);
    let started = Instant::now();
    let error = read_error(&path);
    assert!(started.elapsed() < Duration::from_secs(2));
    assert_eq!(
        error.to_string(),
        format!("{path}: 50.2 MB is over the 16 MB limit for one readout — split it, or raise the limit with --max-bytes")
    );
}

#[test]
fn the_limit_can_be_raised() {
    let folder = Folder::new();
    let path = folder.write("small.txt", b"Twelve bytes");
    let tight = ReadOptions {
        max_bytes: 5,
        ..ReadOptions::default()
    };
    assert!(matches!(
        read_input(&path, &tight),
        Err(Error::TooLarge { size: Some(12), .. })
    ));
    assert!(read_input(&path, &ReadOptions::default()).is_ok());
}

#[test]
fn a_single_100_000_character_line_is_read() {
    let folder = Folder::new();
    let sentence = "The delegations discussed trade and energy in the capital. ";
    let mut line = sentence.repeat(100_000 / sentence.len() + 1);
    line.truncate(100_000);
    assert_eq!(line.chars().count(), 100_000);
    let doc = read(&folder.write("one-line.txt", line.as_bytes()));
    assert_eq!(doc.text, line);
    assert_eq!(lang::detect(&doc.text), Lang::En);
}

#[test]
fn html_without_text_is_refused() {
    let folder = Folder::new();
    let path = folder.write(
        "page.html",
        b"<!doctype html><html><head><title>Loading</title><script>app.start()</script></head><body><div id=\"root\"></div><noscript>Enable JavaScript</noscript></body></html>",
    );
    let error = read_error(&path);
    assert!(matches!(error, Error::NoHtmlText { .. }), "{error}");
    assert!(error.to_string().starts_with(&format!(
        "{path}: no readable text found in this HTML page — "
    )));
}

#[test]
fn a_news_page_gives_only_its_article_in_order() {
    let folder = Folder::new();
    let path = folder.write("news.html", include_bytes!("news_page.html"));
    let doc = read(&path);
    assert_eq!(doc.format, InputFormat::Html);
    assert_eq!(doc.encoding, "UTF-8");
    assert_eq!(
        doc.html_title.as_deref(),
        Some("Leaders discuss energy and trade in video call | World News Daily")
    );
    let expected = "\
Leaders discuss energy and trade in video call

By Staff Reporter · 4 February 2026

The two leaders held a video call on Wednesday, their first conversation this year, and discussed energy, trade and the situation in the Middle East.

According to the readout, the sides agreed on three points:

- to expand trade in national currencies;
- to speed up work on the new gas pipeline;
- to hold a summit in the first half of 2026.

“Our relations are at their best level in history,” one of the leaders said.

The call lasted about an hour and a half & ended with an invitation.";
    assert_eq!(doc.text, expected);
    assert_eq!(lang::detect(&doc.text), Lang::En);
}

#[test]
fn html_in_windows_1251_follows_its_meta_charset() {
    let folder = Folder::new();
    let page = "<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=windows-1251\">\
        <title>Телефонный разговор с Председателем КНР</title></head>\
        <body><nav><a href=\"/\">Главная</a></nav><article><h1>Телефонный разговор</h1>\
        <p>Состоялся телефонный разговор Владимира Путина с Председателем КНР Си Цзиньпином.</p>\
        </article></body></html>";
    let (bytes, _, unmappable) = encoding_rs::WINDOWS_1251.encode(page);
    assert!(!unmappable);
    let doc = read(&folder.write("kremlin.htm", &bytes));
    assert_eq!(doc.encoding, "windows-1251");
    assert_eq!(
        doc.html_title.as_deref(),
        Some("Телефонный разговор с Председателем КНР")
    );
    assert_eq!(
        doc.text,
        "Телефонный разговор\n\nСостоялся телефонный разговор Владимира Путина с Председателем КНР Си Цзиньпином."
    );
    assert!(doc.warnings.is_empty(), "{:?}", doc.warnings);
}

#[test]
fn html_without_an_extension_is_sniffed() {
    let folder = Folder::new();
    let doc = read(&folder.write(
        "readout",
        b"<!DOCTYPE html><html><body><p>Saved from the browser.</p></body></html>",
    ));
    assert_eq!(doc.format, InputFormat::Html);
    assert_eq!(doc.text, "Saved from the browser.");
}

#[test]
fn a_missing_path_says_to_check_it() {
    let folder = Folder::new();
    let path = folder.path("missing.txt");
    assert_eq!(
        read_error(&path).to_string(),
        format!("{path}: no such file — check the path")
    );
}

#[test]
fn a_directory_is_not_a_readout() {
    let folder = Folder::new();
    let path = path_string(folder.dir.path());
    let error = read_error(&path);
    assert!(matches!(error, Error::IsDirectory { .. }), "{error}");
}
