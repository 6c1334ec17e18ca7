//! Sentence embeddings for Parallax.
//!
//! [`Embedder`] is what the rest of Parallax codes against: texts in, one
//! L2-normalised vector per text out. [`Usem3`] is the default model, an
//! offline, pure-Rust port of Google's Universal Sentence Encoder
//! Multilingual v3 (16 languages, 512 dimensions) whose files are bundled in
//! the binary. Only this crate knows the model format.
//!
//! ```
//! use parallax_embed::{cosine, Embedder, Usem3};
//!
//! let model = Usem3::load()?;
//! let vectors = model.embed(&["The cat sleeps.", "Le chat dort.", "Stocks fell sharply."]);
//! assert_eq!(vectors.len(), 3);
//! assert_eq!(vectors[0].len(), model.dim());
//! assert!(cosine(&vectors[0], &vectors[1]) > cosine(&vectors[0], &vectors[2]));
//! # Ok::<(), parallax_embed::Error>(())
//! ```

pub mod cache;
mod dense;
mod int8;
mod npz;
mod sentencepiece;
mod simd;
mod table;
mod usem3;

pub use cache::Cached;
pub use simd::{active as active_simd, cpu_has, cpu_simd, limit_simd, Simd};
pub use usem3::{Precision, Usem3};

/// Turns texts into L2-normalised vectors of a fixed dimension.
pub trait Embedder: Send + Sync {
    /// A short name for reports, e.g. "usem3".
    fn name(&self) -> &str;
    /// Length of every vector [`Embedder::embed`] returns.
    fn dim(&self) -> usize;
    /// One L2-normalised vector per text, in input order. Never panics on any
    /// text (empty, emoji, 100k chars).
    fn embed(&self, texts: &[&str]) -> Vec<Vec<f32>>;
}

/// Cosine similarity of two vectors, over their common length; 0 when
/// either is all zeros.
pub fn cosine(a: &[f32], b: &[f32]) -> f32 {
    let (mut dot, mut norm_a, mut norm_b) = (0.0f64, 0.0f64, 0.0f64);
    for (&x, &y) in a.iter().zip(b) {
        let (x, y) = (f64::from(x), f64::from(y));
        dot += x * y;
        norm_a += x * x;
        norm_b += y * y;
    }
    if norm_a == 0.0 || norm_b == 0.0 {
        return 0.0;
    }
    (dot / (norm_a.sqrt() * norm_b.sqrt())) as f32
}

/// What can go wrong loading a model.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The weights archive is not a readable zip file.
    #[error("weights archive is malformed: {0}")]
    Npz(String),
    /// An array inside the archive is not a readable `.npy` file of the expected kind.
    #[error("array {name} in the weights archive is malformed: {reason}")]
    Npy { name: String, reason: String },
    /// The archive lacks an array the model needs.
    #[error("weights archive has no array {0}; is it a USE multilingual v3 weights.npz?")]
    MissingArray(String),
    /// The SentencePiece model cannot be read.
    #[error("sentencepiece model is malformed: {0}")]
    SentencePiece(String),
    /// The files are readable but do not fit together.
    #[error("model files do not fit together: {0}")]
    Mismatch(String),
}

/// Result with this crate's [`Error`].
pub type Result<T> = std::result::Result<T, Error>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cosine_handles_zero_and_parallel_vectors() {
        assert_eq!(cosine(&[0.0, 0.0], &[1.0, 0.0]), 0.0);
        assert!((cosine(&[1.0, 2.0], &[2.0, 4.0]) - 1.0).abs() < 1e-6);
        assert!((cosine(&[1.0, 0.0], &[-1.0, 0.0]) + 1.0).abs() < 1e-6);
    }
}
