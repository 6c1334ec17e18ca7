//! A minimal reader for NumPy `.npz` archives: the zip container (stored or
//! deflated members, zip64 sizes), CRC-32 checks and the `.npy` header.
//!
//! Every length and offset read from the bytes is checked; malformed input
//! gives [`Error::Npz`] or [`Error::Npy`], never a panic.

use std::ops::Range;

use miniz_oxide::inflate::core::{decompress, inflate_flags, DecompressorOxide};
use miniz_oxide::inflate::TINFLStatus;

use crate::{Error, Result};

const EOCD_SIG: u32 = 0x0605_4b50;
const EOCD64_LOCATOR_SIG: u32 = 0x0706_4b50;
const EOCD64_SIG: u32 = 0x0606_4b50;
const CENTRAL_SIG: u32 = 0x0201_4b50;
const LOCAL_SIG: u32 = 0x0403_4b50;
const EOCD_LEN: usize = 22;
const CENTRAL_LEN: usize = 46;
const LOCAL_LEN: usize = 30;

/// An opened archive: the member table, borrowing the archive bytes.
pub struct Npz<'a> {
    bytes: &'a [u8],
    members: Vec<Member>,
}

/// One member as listed in the central directory.
#[derive(Debug, Clone)]
struct Member {
    /// Array name: the member's file name without `.npy`.
    name: String,
    method: u16,
    crc32: u32,
    compressed: Range<usize>,
    size: usize,
}

/// Element types the model needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dtype {
    U8,
    I8,
    F32,
    F64,
}

impl Dtype {
    fn parse(descr: &str) -> Option<Dtype> {
        match descr {
            "|u1" | "<u1" | "u1" => Some(Dtype::U8),
            "|i1" | "<i1" | "i1" => Some(Dtype::I8),
            "<f4" => Some(Dtype::F32),
            "<f8" => Some(Dtype::F64),
            _ => None,
        }
    }

    fn item_size(self) -> usize {
        match self {
            Dtype::U8 | Dtype::I8 => 1,
            Dtype::F32 => 4,
            Dtype::F64 => 8,
        }
    }
}

/// A decoded `.npy` array: C-order data, little-endian.
pub struct Npy {
    pub name: String,
    pub dtype: Dtype,
    pub shape: Vec<usize>,
    bytes: Vec<u8>,
    data_start: usize,
}

impl<'a> Npz<'a> {
    /// Reads the central directory. Member data is only touched by [`Npz::read`].
    pub fn parse(bytes: &'a [u8]) -> Result<Npz<'a>> {
        let eocd = find_eocd(bytes)?;
        let mut n_entries = u64::from(le_u16(bytes, eocd + 10)?);
        let mut cd_size = u64::from(le_u32(bytes, eocd + 12)?);
        let mut cd_offset = u64::from(le_u32(bytes, eocd + 16)?);
        if n_entries == 0xFFFF || cd_size == 0xFFFF_FFFF || cd_offset == 0xFFFF_FFFF {
            let locator = eocd
                .checked_sub(20)
                .ok_or_else(|| npz_err("zip64 end-of-directory locator is missing"))?;
            if le_u32(bytes, locator)? != EOCD64_LOCATOR_SIG {
                return Err(npz_err("zip64 end-of-directory locator is missing"));
            }
            let eocd64 = to_usize(le_u64(bytes, locator + 8)?)?;
            if le_u32(bytes, eocd64)? != EOCD64_SIG {
                return Err(npz_err("zip64 end-of-directory record has a bad signature"));
            }
            n_entries = le_u64(bytes, eocd64 + 32)?;
            cd_size = le_u64(bytes, eocd64 + 40)?;
            cd_offset = le_u64(bytes, eocd64 + 48)?;
        }
        let cd = range(to_usize(cd_offset)?, to_usize(cd_size)?, bytes.len())
            .ok_or_else(|| npz_err("central directory lies outside the file"))?;
        // Each entry takes at least CENTRAL_LEN bytes: bounds the allocation.
        if n_entries > (cd.len() / CENTRAL_LEN) as u64 {
            return Err(npz_err("central directory is shorter than its entry count"));
        }
        let mut members = Vec::with_capacity(n_entries as usize);
        let mut pos = cd.start;
        for _ in 0..n_entries {
            let (member, next) = read_central_entry(bytes, pos, cd.end)?;
            members.push(member);
            pos = next;
        }
        Ok(Npz { bytes, members })
    }

    /// Array names, in archive order.
    #[cfg(test)]
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.members.iter().map(|m| m.name.as_str())
    }

    /// Decompresses, checks the CRC-32 and decodes the array `name`.
    pub fn read(&self, name: &str) -> Result<Npy> {
        let member = self.member(name)?;
        let raw = self.inflate(member)?;
        Npy::parse(name, raw)
    }

    fn member(&self, name: &str) -> Result<&Member> {
        self.members
            .iter()
            .find(|m| m.name == name)
            .ok_or_else(|| Error::MissingArray(name.to_string()))
    }

    fn inflate(&self, member: &Member) -> Result<Vec<u8>> {
        let input = &self.bytes[member.compressed.clone()];
        let out = match member.method {
            0 => {
                if input.len() != member.size {
                    return Err(npz_err(format!(
                        "stored member {} has {} bytes, its header says {}",
                        member.name,
                        input.len(),
                        member.size
                    )));
                }
                input.to_vec()
            }
            // Deflate expands at most ~1032:1; a larger claimed size is a
            // corrupt header, refused before allocating for it.
            8 if member.size / 1032 > input.len() + 1 => {
                return Err(npz_err(format!(
                    "member {} claims {} bytes from {} compressed bytes",
                    member.name,
                    member.size,
                    input.len()
                )))
            }
            8 => inflate_exact(input, member.size).ok_or_else(|| {
                npz_err(format!(
                    "member {} does not inflate to {} bytes",
                    member.name, member.size
                ))
            })?,
            other => {
                return Err(npz_err(format!(
                "member {} uses compression method {other}; only stored and deflate are supported",
                member.name
            )))
            }
        };
        if crc32(&out) != member.crc32 {
            return Err(npz_err(format!(
                "member {} fails its CRC-32 check",
                member.name
            )));
        }
        Ok(out)
    }
}

/// Inflates raw deflate data into exactly `size` bytes.
fn inflate_exact(input: &[u8], size: usize) -> Option<Vec<u8>> {
    let mut out = vec![0u8; size];
    let mut state = Box::<DecompressorOxide>::default();
    let flags = inflate_flags::TINFL_FLAG_USING_NON_WRAPPING_OUTPUT_BUF;
    let (status, _consumed, written) = decompress(&mut state, input, &mut out, 0, flags);
    (status == TINFLStatus::Done && written == size).then_some(out)
}

fn find_eocd(bytes: &[u8]) -> Result<usize> {
    if bytes.len() < EOCD_LEN {
        return Err(npz_err("file is too short to be a zip archive"));
    }
    let last = bytes.len() - EOCD_LEN;
    // The record ends with a comment of at most 65,535 bytes.
    let first = last.saturating_sub(0xFFFF);
    (first..=last)
        .rev()
        .find(|&pos| le_u32(bytes, pos).ok() == Some(EOCD_SIG))
        .ok_or_else(|| npz_err("no end-of-central-directory record; not a zip archive"))
}

fn read_central_entry(bytes: &[u8], pos: usize, cd_end: usize) -> Result<(Member, usize)> {
    if pos.checked_add(CENTRAL_LEN).is_none_or(|end| end > cd_end) {
        return Err(npz_err("central directory entry is truncated"));
    }
    if le_u32(bytes, pos)? != CENTRAL_SIG {
        return Err(npz_err("central directory entry has a bad signature"));
    }
    let flags = le_u16(bytes, pos + 8)?;
    let method = le_u16(bytes, pos + 10)?;
    let crc32 = le_u32(bytes, pos + 16)?;
    let mut compressed_size = u64::from(le_u32(bytes, pos + 20)?);
    let mut size = u64::from(le_u32(bytes, pos + 24)?);
    let name_len = usize::from(le_u16(bytes, pos + 28)?);
    let extra_len = usize::from(le_u16(bytes, pos + 30)?);
    let comment_len = usize::from(le_u16(bytes, pos + 32)?);
    let mut local_offset = u64::from(le_u32(bytes, pos + 42)?);
    let name_at = pos + CENTRAL_LEN;
    let extra_at = name_at + name_len;
    let next = extra_at + extra_len + comment_len;
    if next > cd_end {
        return Err(npz_err("central directory entry is truncated"));
    }
    if flags & 1 != 0 {
        return Err(npz_err("archive is encrypted"));
    }
    let file_name = std::str::from_utf8(&bytes[name_at..extra_at])
        .map_err(|_| npz_err("member name is not UTF-8"))?;

    // Zip64 extra field: 8-byte values for those fixed fields that are saturated.
    let mut extra = &bytes[extra_at..extra_at + extra_len];
    while extra.len() >= 4 {
        let id = u16::from_le_bytes([extra[0], extra[1]]);
        let len = usize::from(u16::from_le_bytes([extra[2], extra[3]]));
        let body = extra
            .get(4..4 + len)
            .ok_or_else(|| npz_err("extra field is truncated"))?;
        if id == 1 {
            let mut values = body
                .chunks_exact(8)
                .map(|c| u64::from_le_bytes([c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]]));
            for field in [&mut size, &mut compressed_size, &mut local_offset] {
                if *field == 0xFFFF_FFFF {
                    *field = values
                        .next()
                        .ok_or_else(|| npz_err("zip64 extra field is too short"))?;
                }
            }
        }
        extra = &extra[4 + len..];
    }

    let local = to_usize(local_offset)?;
    if le_u32(bytes, local)? != LOCAL_SIG {
        return Err(npz_err(format!(
            "member {file_name} has a bad local header"
        )));
    }
    let local_name_len = usize::from(le_u16(bytes, local + 26)?);
    let local_extra_len = usize::from(le_u16(bytes, local + 28)?);
    let data_at = local + LOCAL_LEN + local_name_len + local_extra_len;
    let compressed = range(data_at, to_usize(compressed_size)?, bytes.len())
        .ok_or_else(|| npz_err(format!("member {file_name} lies outside the file")))?;
    let name = file_name
        .strip_suffix(".npy")
        .unwrap_or(file_name)
        .to_string();
    let member = Member {
        name,
        method,
        crc32,
        compressed,
        size: to_usize(size)?,
    };
    Ok((member, next))
}

impl Npy {
    /// Decodes a `.npy` file (format versions 1 to 3).
    pub fn parse(name: &str, bytes: Vec<u8>) -> Result<Npy> {
        let err = |reason: &str| Error::Npy {
            name: name.to_string(),
            reason: reason.to_string(),
        };
        if bytes.len() < 10 || &bytes[..6] != b"\x93NUMPY" {
            return Err(err("missing the \\x93NUMPY magic"));
        }
        let (header_len, header_at): (usize, usize) = match bytes[6] {
            1 => (usize::from(u16::from_le_bytes([bytes[8], bytes[9]])), 10),
            2 | 3 => {
                let b = bytes.get(8..12).ok_or_else(|| err("header is truncated"))?;
                (
                    to_usize(u64::from(u32::from_le_bytes([b[0], b[1], b[2], b[3]])))?,
                    12,
                )
            }
            _ => return Err(err("unsupported format version")),
        };
        let data_start = header_at
            .checked_add(header_len)
            .filter(|&end| end <= bytes.len())
            .ok_or_else(|| err("header is truncated"))?;
        let header = std::str::from_utf8(&bytes[header_at..data_start])
            .map_err(|_| err("header is not text"))?;
        let header = parse_header(header).ok_or_else(|| err("header dictionary is malformed"))?;
        let dtype = Dtype::parse(&header.descr)
            .ok_or_else(|| err(&format!("unsupported dtype {}", header.descr)))?;
        if header.fortran_order && header.shape.len() > 1 {
            return Err(err("Fortran-order arrays are not supported"));
        }
        let expected = header
            .shape
            .iter()
            .try_fold(dtype.item_size(), |acc, &d| acc.checked_mul(d))
            .ok_or_else(|| err("shape overflows"))?;
        if bytes.len() - data_start != expected {
            return Err(err(&format!(
                "data has {} bytes, shape {:?} needs {expected}",
                bytes.len() - data_start,
                header.shape
            )));
        }
        Ok(Npy {
            name: name.to_string(),
            dtype,
            shape: header.shape,
            bytes,
            data_start,
        })
    }

    /// The raw little-endian element bytes.
    pub fn data(&self) -> &[u8] {
        &self.bytes[self.data_start..]
    }

    /// Checks the dtype and shape, naming the array in the error.
    pub fn expect(&self, dtype: Dtype, shape: &[usize]) -> Result<()> {
        if self.dtype != dtype {
            return Err(Error::Npy {
                name: self.name.clone(),
                reason: format!("dtype is {:?}, expected {dtype:?}", self.dtype),
            });
        }
        if self.shape != shape {
            return Err(Error::Npy {
                name: self.name.clone(),
                reason: format!("shape is {:?}, expected {shape:?}", self.shape),
            });
        }
        Ok(())
    }

    /// The elements as `f32` (the array must be `<f4`).
    pub fn to_f32(&self) -> Result<Vec<f32>> {
        if self.dtype != Dtype::F32 {
            return Err(Error::Npy {
                name: self.name.clone(),
                reason: format!("dtype is {:?}, expected F32", self.dtype),
            });
        }
        Ok(self
            .data()
            .chunks_exact(4)
            .map(|c| f32::from_le_bytes([c[0], c[1], c[2], c[3]]))
            .collect())
    }

    /// A scalar or one-element array as `f64`, whatever its float dtype.
    pub fn scalar_f64(&self) -> Result<f64> {
        let d = self.data();
        match (self.dtype, d.len()) {
            (Dtype::F64, 8) => Ok(f64::from_le_bytes([
                d[0], d[1], d[2], d[3], d[4], d[5], d[6], d[7],
            ])),
            (Dtype::F32, 4) => Ok(f64::from(f32::from_le_bytes([d[0], d[1], d[2], d[3]]))),
            _ => Err(Error::Npy {
                name: self.name.clone(),
                reason: "expected a single float".to_string(),
            }),
        }
    }
}

struct Header {
    descr: String,
    fortran_order: bool,
    shape: Vec<usize>,
}

/// Parses the Python dict literal of a `.npy` header, e.g.
/// `{'descr': '<f4', 'fortran_order': False, 'shape': (7530, 512), }`.
fn parse_header(text: &str) -> Option<Header> {
    let body = text
        .trim()
        .strip_prefix('{')?
        .trim_end()
        .strip_suffix('}')?;
    let mut descr = None;
    let mut fortran_order = None;
    let mut shape = None;
    let mut rest = body.trim_start();
    while !rest.is_empty() {
        let (key, after) = quoted(rest)?;
        rest = after.trim_start().strip_prefix(':')?.trim_start();
        match key {
            "descr" => {
                let (value, after) = quoted(rest)?;
                descr = Some(value.to_string());
                rest = after;
            }
            "fortran_order" => {
                if let Some(after) = rest.strip_prefix("True") {
                    fortran_order = Some(true);
                    rest = after;
                } else {
                    rest = rest.strip_prefix("False")?;
                    fortran_order = Some(false);
                }
            }
            "shape" => {
                let inner = rest.strip_prefix('(')?;
                let close = inner.find(')')?;
                let dims = inner[..close]
                    .split(',')
                    .map(str::trim)
                    .filter(|d| !d.is_empty())
                    .map(|d| d.parse::<usize>().ok())
                    .collect::<Option<Vec<usize>>>()?;
                shape = Some(dims);
                rest = &inner[close + 1..];
            }
            _ => return None,
        }
        rest = rest.trim_start();
        rest = rest.strip_prefix(',').unwrap_or(rest).trim_start();
    }
    Some(Header {
        descr: descr?,
        fortran_order: fortran_order?,
        shape: shape?,
    })
}

/// Splits a leading `'...'` or `"..."` string off `text`.
fn quoted(text: &str) -> Option<(&str, &str)> {
    let quote = text.chars().next().filter(|&c| c == '\'' || c == '"')?;
    let inner = &text[1..];
    let end = inner.find(quote)?;
    Some((&inner[..end], &inner[end + 1..]))
}

fn npz_err(reason: impl Into<String>) -> Error {
    Error::Npz(reason.into())
}

fn range(start: usize, len: usize, total: usize) -> Option<Range<usize>> {
    let end = start.checked_add(len)?;
    (end <= total).then_some(start..end)
}

fn to_usize(v: u64) -> Result<usize> {
    usize::try_from(v).map_err(|_| npz_err("offset does not fit in memory"))
}

fn le_u16(bytes: &[u8], pos: usize) -> Result<u16> {
    match pos.checked_add(2).and_then(|end| bytes.get(pos..end)) {
        Some(b) => Ok(u16::from_le_bytes([b[0], b[1]])),
        None => Err(npz_err("archive is truncated")),
    }
}

fn le_u32(bytes: &[u8], pos: usize) -> Result<u32> {
    match pos.checked_add(4).and_then(|end| bytes.get(pos..end)) {
        Some(b) => Ok(u32::from_le_bytes([b[0], b[1], b[2], b[3]])),
        None => Err(npz_err("archive is truncated")),
    }
}

fn le_u64(bytes: &[u8], pos: usize) -> Result<u64> {
    match pos.checked_add(8).and_then(|end| bytes.get(pos..end)) {
        Some(b) => Ok(u64::from_le_bytes([
            b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7],
        ])),
        None => Err(npz_err("archive is truncated")),
    }
}

/// CRC-32 (IEEE), as zip archives store it.
pub fn crc32(data: &[u8]) -> u32 {
    crc32fast::hash(data)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Builds a one-member stored zip holding `npy` as `name.npy`.
    fn stored_zip(name: &str, npy: &[u8]) -> Vec<u8> {
        let file_name = format!("{name}.npy");
        let crc = crc32(npy);
        let size = npy.len() as u32;
        let mut z = Vec::new();
        z.extend_from_slice(&LOCAL_SIG.to_le_bytes());
        z.extend_from_slice(&[20, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
        z.extend_from_slice(&crc.to_le_bytes());
        z.extend_from_slice(&size.to_le_bytes());
        z.extend_from_slice(&size.to_le_bytes());
        z.extend_from_slice(&(file_name.len() as u16).to_le_bytes());
        z.extend_from_slice(&0u16.to_le_bytes());
        z.extend_from_slice(file_name.as_bytes());
        z.extend_from_slice(npy);
        let cd_start = z.len() as u32;
        z.extend_from_slice(&CENTRAL_SIG.to_le_bytes());
        z.extend_from_slice(&[20, 0, 20, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
        z.extend_from_slice(&crc.to_le_bytes());
        z.extend_from_slice(&size.to_le_bytes());
        z.extend_from_slice(&size.to_le_bytes());
        z.extend_from_slice(&(file_name.len() as u16).to_le_bytes());
        z.extend_from_slice(&[0; 12]);
        z.extend_from_slice(&0u32.to_le_bytes());
        z.extend_from_slice(file_name.as_bytes());
        let cd_len = z.len() as u32 - cd_start;
        z.extend_from_slice(&EOCD_SIG.to_le_bytes());
        z.extend_from_slice(&[0, 0, 0, 0, 1, 0, 1, 0]);
        z.extend_from_slice(&cd_len.to_le_bytes());
        z.extend_from_slice(&cd_start.to_le_bytes());
        z.extend_from_slice(&0u16.to_le_bytes());
        z
    }

    fn npy_f32(values: &[f32]) -> Vec<u8> {
        let header = format!(
            "{{'descr': '<f4', 'fortran_order': False, 'shape': ({},), }}",
            values.len()
        );
        let mut header = header.into_bytes();
        while (10 + header.len() + 1) % 64 != 0 {
            header.push(b' ');
        }
        header.push(b'\n');
        let mut out = b"\x93NUMPY\x01\x00".to_vec();
        out.extend_from_slice(&(header.len() as u16).to_le_bytes());
        out.extend_from_slice(&header);
        for v in values {
            out.extend_from_slice(&v.to_le_bytes());
        }
        out
    }

    #[test]
    fn reads_a_stored_member() {
        let zip = stored_zip("w", &npy_f32(&[1.0, -2.5, 3.25]));
        let npz = Npz::parse(&zip).unwrap();
        assert_eq!(npz.names().collect::<Vec<_>>(), ["w"]);
        let w = npz.read("w").unwrap();
        assert_eq!(w.shape, [3]);
        assert_eq!(w.to_f32().unwrap(), [1.0, -2.5, 3.25]);
    }

    #[test]
    fn every_truncation_is_an_error() {
        let zip = stored_zip("w", &npy_f32(&[1.0, 2.0]));
        for len in 0..zip.len() {
            let cut = &zip[..len];
            let result = Npz::parse(cut).and_then(|npz| npz.read("w"));
            assert!(result.is_err(), "a zip cut to {len} bytes was accepted");
        }
    }

    #[test]
    fn wrong_zip_magic_is_an_error() {
        let mut zip = stored_zip("w", &npy_f32(&[1.0]));
        let n = zip.len();
        zip[n - EOCD_LEN] = b'X';
        assert!(matches!(Npz::parse(&zip), Err(Error::Npz(_))));
        assert!(matches!(
            Npz::parse(b"not a zip at all, sorry"),
            Err(Error::Npz(_))
        ));
    }

    #[test]
    fn wrong_npy_magic_is_an_error() {
        let mut npy = npy_f32(&[1.0]);
        npy[1] = b'X';
        let zip = stored_zip("w", &npy);
        let npz = Npz::parse(&zip).unwrap();
        assert!(matches!(npz.read("w"), Err(Error::Npy { .. })));
    }

    #[test]
    fn corrupted_data_fails_the_crc() {
        let mut zip = stored_zip("w", &npy_f32(&[1.0, 2.0]));
        // The last f32 of the member sits just before the central directory.
        let cd = zip
            .windows(4)
            .position(|w| w == CENTRAL_SIG.to_le_bytes())
            .unwrap();
        zip[cd - 1] ^= 0x40;
        let npz = Npz::parse(&zip).unwrap();
        assert!(matches!(npz.read("w"), Err(Error::Npz(_))));
    }

    #[test]
    fn bad_headers_are_errors() {
        for header in [
            "{'descr': '<f4', 'fortran_order': False}",
            "{'descr': '>f4', 'fortran_order': False, 'shape': (1,), }",
            "{'descr': '<f4', 'fortran_order': False, 'shape': (2,), }",
            "{'descr': '<f4', 'fortran_order': False, 'shape': (99999999999999999999,), }",
            "{'descr': '<f4', 'fortran_order': Maybe, 'shape': (1,), }",
            "no dict here",
        ] {
            let mut npy = b"\x93NUMPY\x01\x00".to_vec();
            npy.extend_from_slice(&(header.len() as u16).to_le_bytes());
            npy.extend_from_slice(header.as_bytes());
            npy.extend_from_slice(&1.0f32.to_le_bytes());
            assert!(Npy::parse("w", npy).is_err(), "accepted header {header}");
        }
    }

    #[test]
    fn an_impossible_inflated_size_is_refused_before_allocating() {
        let mut zip = stored_zip("w", &npy_f32(&[1.0]));
        let cd = zip
            .windows(4)
            .position(|w| w == CENTRAL_SIG.to_le_bytes())
            .unwrap();
        zip[cd + 10] = 8; // method: deflate
        zip[cd + 24..cd + 28].copy_from_slice(&0x7000_0000u32.to_le_bytes());
        let npz = Npz::parse(&zip).unwrap();
        assert!(matches!(npz.read("w"), Err(Error::Npz(_))));
    }

    #[test]
    fn crc32_matches_the_standard_check_value() {
        assert_eq!(crc32(b"123456789"), 0xCBF4_3926);
        assert_eq!(crc32(b""), 0);
    }
}
