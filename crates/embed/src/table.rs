//! The embedding table: 6-bit codes, one byte each, 512 per row.
//!
//! The bundled table (65 MB) sits in the binary. Reading rows in place
//! costs memory out of proportion: every page touched counts in the
//! process's resident memory, and the kernel maps up to 16 neighbouring
//! pages on each fault, so a batch meeting a few thousand distinct tokens
//! ends up with most of the table resident. On Linux the rows are therefore
//! read from the executable file with positioned reads, which go through the
//! page cache without being mapped, and kept in a cache of the rows met:
//! 512 bytes per distinct token instead of 4–64 KB.

use std::collections::HashMap;
use std::sync::Mutex;

/// Bytes per row.
pub(crate) const ROW: usize = 512;

pub(crate) enum Table {
    /// Decoded from an archive at load time.
    Decoded(Vec<u8>),
    /// Read in place from the binary.
    InPlace(&'static [u8]),
    /// The binary's table read from the executable file, row by row.
    #[cfg(target_os = "linux")]
    FromFile(FileRows),
}

impl Table {
    /// The bundled table: read from the executable when that works (and is
    /// checked to hold the same bytes), else in place.
    pub(crate) fn bundled(bytes: &'static [u8]) -> Table {
        #[cfg(target_os = "linux")]
        if let Some(rows) = FileRows::open(bytes) {
            return Table::FromFile(rows);
        }
        Table::InPlace(bytes)
    }

    /// Appends rows `rows` (table row numbers, all in range) to `out`.
    pub(crate) fn copy_rows(&self, rows: &[u32], out: &mut Vec<u8>) {
        out.reserve(rows.len() * ROW);
        match self {
            Table::Decoded(bytes) => copy_from(bytes, rows, out),
            Table::InPlace(bytes) => copy_from(bytes, rows, out),
            #[cfg(target_os = "linux")]
            Table::FromFile(file) => file.copy_rows(rows, out),
        }
    }
}

fn copy_from(bytes: &[u8], rows: &[u32], out: &mut Vec<u8>) {
    for &row in rows {
        let at = row as usize * ROW;
        out.extend_from_slice(&bytes[at..at + ROW]);
    }
}

/// Rows read with positioned reads from the file the table is mapped from.
#[cfg(target_os = "linux")]
pub(crate) struct FileRows {
    file: std::fs::File,
    /// Where the table starts in the file.
    offset: u64,
    /// The rows read so far (a run meets a few thousand distinct tokens).
    cache: Mutex<HashMap<u32, Box<[u8; ROW]>>>,
    /// The table in place, for a row the file cannot give.
    in_place: &'static [u8],
}

#[cfg(target_os = "linux")]
impl FileRows {
    /// Finds the file and offset `bytes` are mapped from in
    /// `/proc/self/maps`, and checks its first and last pages against
    /// `bytes`; `None` if anything does not fit.
    fn open(bytes: &'static [u8]) -> Option<FileRows> {
        use std::os::unix::fs::FileExt;

        if bytes.is_empty() || !bytes.len().is_multiple_of(ROW) {
            return None;
        }
        let addr = bytes.as_ptr() as usize;
        let maps = std::fs::read_to_string("/proc/self/maps").ok()?;
        let (path, offset) = maps.lines().find_map(|line| {
            let mut fields = line.split_ascii_whitespace();
            let (start, end) = fields.next()?.split_once('-')?;
            let start = usize::from_str_radix(start, 16).ok()?;
            let end = usize::from_str_radix(end, 16).ok()?;
            if !(start <= addr && addr + bytes.len() <= end) {
                return None;
            }
            let _perms = fields.next()?;
            let file_offset = u64::from_str_radix(fields.next()?, 16).ok()?;
            let (_dev, _inode) = (fields.next()?, fields.next()?);
            let path: Vec<&str> = fields.collect();
            let path = path.join(" ");
            if !path.starts_with('/') || path.ends_with("(deleted)") {
                return None;
            }
            Some((path, file_offset + (addr - start) as u64))
        })?;
        let file = std::fs::File::open(path).ok()?;
        let page = 4096.min(bytes.len());
        let mut check = vec![0u8; page];
        for at in [0, bytes.len() - page] {
            file.read_exact_at(&mut check, offset + at as u64).ok()?;
            if check[..] != bytes[at..at + page] {
                return None;
            }
        }
        Some(FileRows {
            file,
            offset,
            cache: Mutex::new(HashMap::new()),
            in_place: bytes,
        })
    }

    fn copy_rows(&self, rows: &[u32], out: &mut Vec<u8>) {
        use std::os::unix::fs::FileExt;

        let mut cache = self.cache.lock().unwrap_or_else(|e| e.into_inner());
        for &row in rows {
            let cached = cache.entry(row).or_insert_with(|| {
                let mut buf = Box::new([0u8; ROW]);
                let at = row as usize * ROW;
                if self
                    .file
                    .read_exact_at(&mut buf[..], self.offset + at as u64)
                    .is_err()
                {
                    buf.copy_from_slice(&self.in_place[at..at + ROW]);
                }
                buf
            });
            out.extend_from_slice(&cached[..]);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    static BYTES: [u8; 4 * ROW] = {
        let mut bytes = [0u8; 4 * ROW];
        let mut i = 0;
        while i < bytes.len() {
            bytes[i] = (i / ROW * 7 + i % 63) as u8;
            i += 1;
        }
        bytes
    };

    /// A static of this test binary is found in the executable file and
    /// reads the same as in place.
    #[test]
    fn rows_from_the_file_match_rows_in_place() {
        let table = Table::bundled(&BYTES);
        #[cfg(target_os = "linux")]
        assert!(
            matches!(table, Table::FromFile(_)),
            "the file was not found"
        );
        let mut from_file = Vec::new();
        table.copy_rows(&[3, 0, 3, 1], &mut from_file);
        let mut in_place = Vec::new();
        Table::InPlace(&BYTES).copy_rows(&[3, 0, 3, 1], &mut in_place);
        assert_eq!(from_file, in_place);
        assert_eq!(&from_file[..ROW], &BYTES[3 * ROW..]);
    }
}
