//! Bytes to text: byte order mark, then binary formats, then UTF-8, then the
//! charset an HTML page declares, then a guess among legacy encodings.

use crate::sniff::{self, Binary};
use chardetng::{EncodingDetector, Iso2022JpDetection, Utf8Detection};
use encoding_rs::{Encoding, UTF_8};

/// Text decoded from bytes, byte for byte what the input said (less its BOM).
#[derive(Debug)]
pub(crate) struct Decoded {
    pub(crate) text: String,
    /// The encoding's canonical name, e.g. "UTF-8", "windows-1251".
    pub(crate) encoding: &'static str,
    pub(crate) warnings: Vec<String>,
}

/// Decodes `bytes`, or says which binary format they are. `html` turns on
/// honouring `<meta charset>`.
pub(crate) fn decode(bytes: &[u8], html: bool) -> Result<Decoded, Binary> {
    if let Some((encoding, bom_len)) = Encoding::for_bom(bytes) {
        return Ok(decode_with(encoding, &bytes[bom_len..], Vec::new()));
    }
    if let Some(binary) = sniff::magic(bytes) {
        return Err(binary);
    }
    if let Some(encoding) = sniff::utf16_without_bom(bytes) {
        let decoded = decode_with(encoding, bytes, Vec::new());
        if !sniff::looks_binary(decoded.text.as_bytes()) {
            let mut decoded = decoded;
            decoded.warnings.push(format!(
                "no byte order mark; read as {} from its zero bytes",
                encoding.name()
            ));
            return Ok(decoded);
        }
    }
    if sniff::looks_binary(bytes) {
        return Err(Binary::Other);
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        return Ok(Decoded {
            text: text.to_string(),
            encoding: UTF_8.name(),
            warnings: Vec::new(),
        });
    }
    if html {
        if let Some(encoding) = meta_charset(bytes) {
            return Ok(decode_with(encoding, bytes, Vec::new()));
        }
    }
    if mostly_utf8(bytes) {
        return Ok(decode_with(UTF_8, bytes, Vec::new()));
    }
    let mut detector = EncodingDetector::new(Iso2022JpDetection::Deny);
    detector.feed(bytes, true);
    let mut encoding = detector.guess(None, Utf8Detection::Deny);
    // chardetng names KOI8-U, a superset of KOI8-R; Russian decodes the same in
    // both, and calling it KOI8-R is what a user would recognise.
    if encoding == encoding_rs::KOI8_U {
        let (text, _) = encoding.decode_without_bom_handling(bytes);
        if !text.contains(['і', 'ї', 'є', 'ґ', 'І', 'Ї', 'Є', 'Ґ']) {
            encoding = encoding_rs::KOI8_R;
        }
    }
    let note = format!(
        "no encoding declared and not UTF-8; guessed {} from the bytes",
        encoding.name()
    );
    Ok(decode_with(encoding, bytes, vec![note]))
}

/// Decodes with a known encoding, replacing what does not decode with U+FFFD
/// and saying so.
fn decode_with(encoding: &'static Encoding, bytes: &[u8], mut warnings: Vec<String>) -> Decoded {
    let text = if encoding == UTF_8 {
        let (text, n_invalid) = utf8_lossy(bytes);
        if n_invalid > 0 {
            warnings.push(format!(
                "{n_invalid} invalid UTF-8 {} replaced with U+FFFD",
                plural(n_invalid, "byte", "bytes")
            ));
        }
        text
    } else {
        let (text, had_errors) = encoding.decode_without_bom_handling(bytes);
        if had_errors {
            let n_replaced = text.chars().filter(|&c| c == '\u{FFFD}').count();
            warnings.push(format!(
                "{n_replaced} {} that {} cannot encode replaced with U+FFFD",
                plural(n_replaced, "sequence", "sequences"),
                encoding.name()
            ));
        }
        text.into_owned()
    };
    Decoded {
        text,
        encoding: encoding.name(),
        warnings,
    }
}

fn plural(n: usize, one: &'static str, many: &'static str) -> &'static str {
    if n == 1 {
        one
    } else {
        many
    }
}

/// UTF-8 with each invalid run replaced by U+FFFD (as `String::from_utf8_lossy`
/// does), and how many bytes were invalid.
fn utf8_lossy(bytes: &[u8]) -> (String, usize) {
    let mut text = String::with_capacity(bytes.len());
    let mut n_invalid = 0;
    for chunk in bytes.utf8_chunks() {
        text.push_str(chunk.valid());
        if !chunk.invalid().is_empty() {
            n_invalid += chunk.invalid().len();
            text.push('\u{FFFD}');
        }
    }
    (text, n_invalid)
}

/// UTF-8 with a few broken sequences (a truncated copy, a stray byte) rather
/// than a legacy encoding: at least four valid multi-byte characters for
/// every invalid byte.
fn mostly_utf8(bytes: &[u8]) -> bool {
    let (mut n_multibyte, mut n_invalid) = (0usize, 0usize);
    for chunk in bytes.utf8_chunks() {
        n_multibyte += chunk.valid().chars().filter(|c| !c.is_ascii()).count();
        n_invalid += chunk.invalid().len();
    }
    n_multibyte > 0 && n_invalid * 4 <= n_multibyte
}

/// The encoding an HTML page declares in its first 4 KB, with
/// `<meta charset=…>` or `<meta http-equiv="Content-Type" content="…; charset=…">`.
/// A page cannot really be UTF-16 if its `<meta>` was readable as ASCII, so
/// such a declaration means UTF-8 (as browsers do).
pub(crate) fn meta_charset(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = bytes[..bytes.len().min(4096)].to_ascii_lowercase();
    let mut rest = head.as_slice();
    while let Some(start) = find(rest, b"<meta") {
        let tag = &rest[start..];
        let end = tag.iter().position(|&b| b == b'>').unwrap_or(tag.len());
        if let Some(encoding) = charset_in(&tag[..end]) {
            return Some(encoding.output_encoding());
        }
        rest = &tag[end..];
    }
    None
}

fn charset_in(tag: &[u8]) -> Option<&'static Encoding> {
    let at = find(tag, b"charset")?;
    let after = &tag[at + b"charset".len()..];
    let after = trim_start(after);
    let after = trim_start(after.strip_prefix(b"=")?);
    let after = after
        .strip_prefix(b"\"")
        .or_else(|| after.strip_prefix(b"'"))
        .unwrap_or(after);
    let end = after
        .iter()
        .position(|&b| matches!(b, b'"' | b'\'' | b';' | b'/' | b'>') || b.is_ascii_whitespace())
        .unwrap_or(after.len());
    Encoding::for_label(&after[..end])
}

fn trim_start(bytes: &[u8]) -> &[u8] {
    let start = bytes
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(bytes.len());
    &bytes[start..]
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack
        .windows(needle.len())
        .position(|window| window == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_is_kept_as_is() {
        let decoded = decode("Путин и Си\r\n".as_bytes(), false).unwrap();
        assert_eq!(decoded.text, "Путин и Си\r\n");
        assert_eq!(decoded.encoding, "UTF-8");
        assert!(decoded.warnings.is_empty());
    }

    #[test]
    fn bom_is_stripped_and_named() {
        let mut bytes = vec![0xff, 0xfe];
        bytes.extend("Hi".encode_utf16().flat_map(u16::to_le_bytes));
        let decoded = decode(&bytes, false).unwrap();
        assert_eq!(decoded.text, "Hi");
        assert_eq!(decoded.encoding, "UTF-16LE");
    }

    #[test]
    fn a_few_invalid_bytes_in_utf8_are_replaced_and_counted() {
        let mut bytes = "Переговоры прошли в дружественной атмосфере. "
            .as_bytes()
            .to_vec();
        bytes.extend([0xff, 0xfe, b'!']);
        let decoded = decode(&bytes, false).unwrap();
        assert_eq!(decoded.encoding, "UTF-8");
        assert!(decoded.text.ends_with("\u{FFFD}!"));
        assert_eq!(
            decoded.warnings,
            ["2 invalid UTF-8 bytes replaced with U+FFFD"]
        );
    }

    #[test]
    fn legacy_bytes_are_detected() {
        let (bytes, _, _) = encoding_rs::WINDOWS_1251
            .encode("Президенты обсудили вопросы двустороннего сотрудничества и ситуацию в мире.");
        let decoded = decode(&bytes, false).unwrap();
        assert_eq!(decoded.encoding, "windows-1251");
        assert!(decoded.text.starts_with("Президенты"));
    }

    #[test]
    fn other_legacy_encodings_are_detected() {
        let cases = [
            (
                encoding_rs::KOI8_R,
                "Стороны договорились продолжить консультации по вопросам стратегической стабильности.",
            ),
            (
                encoding_rs::SHIFT_JIS,
                "両首脳は経済協力について話し合い、春に再び会談することで合意した。",
            ),
            (
                encoding_rs::BIG5,
                "兩國元首通過視訊會議舉行會晤，雙方就雙邊關係深入交換了意見。",
            ),
        ];
        for (encoding, text) in cases {
            let (bytes, _, unmappable) = encoding.encode(text);
            assert!(!unmappable);
            let decoded = decode(&bytes, false).unwrap();
            assert_eq!(decoded.encoding, encoding.name());
            assert_eq!(decoded.text, text);
        }
    }

    #[test]
    fn meta_charset_is_found_in_both_forms() {
        assert_eq!(
            meta_charset(b"<html><head><META charset='windows-1251'>"),
            Some(encoding_rs::WINDOWS_1251)
        );
        assert_eq!(
            meta_charset(
                b"<meta http-equiv=\"Content-Type\" content=\"text/html; charset=gb2312\">"
            ),
            Some(encoding_rs::GBK)
        );
        assert_eq!(meta_charset(b"<meta charset=\"utf-16\">"), Some(UTF_8));
        assert_eq!(meta_charset(b"<meta name=viewport>"), None);
    }

    #[test]
    fn binary_formats_are_refused() {
        assert_eq!(decode(b"%PDF-1.4", false).unwrap_err(), Binary::Pdf);
        assert_eq!(
            decode(b"\x00\x01\x02\x03\x04\x05ab", false).unwrap_err(),
            Binary::Other
        );
    }
}
