//! Remembering vectors: readouts repeat stock formulas ("The leaders agreed
//! to stay in touch."), and a batch of comparisons repeats whole readouts, so
//! a text is embedded once per run.

use crate::Embedder;
use std::collections::HashMap;
use std::sync::Mutex;

/// An [`Embedder`] that embeds each distinct text once and answers repeats
/// from memory, up to a bounded number of texts.
pub struct Cached<E> {
    inner: E,
    capacity: usize,
    vectors: Mutex<HashMap<String, Vec<f32>>>,
}

/// Distinct texts kept by default: about 40 MB of 512-dimensional vectors.
pub const DEFAULT_CAPACITY: usize = 20_000;

impl<E: Embedder> Cached<E> {
    pub fn new(inner: E) -> Cached<E> {
        Cached::with_capacity(inner, DEFAULT_CAPACITY)
    }

    /// Keeps at most `capacity` texts (0: none, every text is embedded each
    /// time); once full, half of them are dropped.
    pub fn with_capacity(inner: E, capacity: usize) -> Cached<E> {
        Cached {
            inner,
            capacity,
            vectors: Mutex::new(HashMap::new()),
        }
    }

    pub fn inner(&self) -> &E {
        &self.inner
    }

    /// How many distinct texts are remembered.
    pub fn len(&self) -> usize {
        self.vectors.lock().map_or(0, |v| v.len())
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

impl<E: Embedder> Embedder for Cached<E> {
    fn name(&self) -> &str {
        self.inner.name()
    }

    fn dim(&self) -> usize {
        self.inner.dim()
    }

    fn embed(&self, texts: &[&str]) -> Vec<Vec<f32>> {
        if self.capacity == 0 {
            return self.inner.embed(texts);
        }
        // the texts not seen yet, each once, in first-seen order
        let missing: Vec<&str> = {
            let known = self.vectors.lock().unwrap_or_else(|p| p.into_inner());
            let mut queued: std::collections::HashSet<&str> = Default::default();
            let mut missing: Vec<&str> = Vec::new();
            for text in texts {
                if !known.contains_key(*text) && queued.insert(text) {
                    missing.push(text);
                }
            }
            missing
        };
        let fresh = if missing.is_empty() {
            Vec::new()
        } else {
            self.inner.embed(&missing)
        };
        let mut known = self.vectors.lock().unwrap_or_else(|p| p.into_inner());
        let mut fresh_by_text: HashMap<&str, Vec<f32>> = missing.into_iter().zip(fresh).collect();
        let out: Vec<Vec<f32>> = texts
            .iter()
            .map(|text| {
                known
                    .get(*text)
                    .or_else(|| fresh_by_text.get(*text))
                    .cloned()
                    .unwrap_or_default()
            })
            .collect();
        if known.len() + fresh_by_text.len() > self.capacity {
            // a crude bound: forget half rather than track ages
            let drop: Vec<String> = known.keys().take(known.len() / 2 + 1).cloned().collect();
            for key in drop {
                known.remove(&key);
            }
        }
        for (text, vector) in fresh_by_text.drain() {
            if known.len() < self.capacity {
                known.insert(text.to_owned(), vector);
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    /// Counts the texts it is asked to embed; vector = [length, 1].
    struct Counting(AtomicUsize);

    impl Embedder for Counting {
        fn name(&self) -> &str {
            "counting"
        }
        fn dim(&self) -> usize {
            2
        }
        fn embed(&self, texts: &[&str]) -> Vec<Vec<f32>> {
            self.0.fetch_add(texts.len(), Ordering::Relaxed);
            texts.iter().map(|t| vec![t.len() as f32, 1.0]).collect()
        }
    }

    #[test]
    fn each_distinct_text_is_embedded_once() {
        let cached = Cached::new(Counting(AtomicUsize::new(0)));
        let first = cached.embed(&["a", "bb", "a", "ccc"]);
        assert_eq!(
            first,
            [
                vec![1.0, 1.0],
                vec![2.0, 1.0],
                vec![1.0, 1.0],
                vec![3.0, 1.0]
            ]
        );
        assert_eq!(cached.inner().0.load(Ordering::Relaxed), 3);
        let second = cached.embed(&["ccc", "dddd"]);
        assert_eq!(second, [vec![3.0, 1.0], vec![4.0, 1.0]]);
        assert_eq!(cached.inner().0.load(Ordering::Relaxed), 4);
        assert_eq!(cached.len(), 4);
    }

    #[test]
    fn a_cache_of_size_zero_remembers_nothing() {
        let cached = Cached::with_capacity(Counting(AtomicUsize::new(0)), 0);
        cached.embed(&["a", "a"]);
        cached.embed(&["a"]);
        assert_eq!(cached.inner().0.load(Ordering::Relaxed), 3);
        assert!(cached.is_empty());
    }

    #[test]
    fn the_cache_stays_within_its_capacity() {
        let cached = Cached::with_capacity(Counting(AtomicUsize::new(0)), 10);
        for round in 0..5 {
            let texts: Vec<String> = (0..7).map(|i| format!("{round}-{i}")).collect();
            let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
            assert_eq!(cached.embed(&refs).len(), 7);
            assert!(cached.len() <= 10, "{} texts kept", cached.len());
        }
    }
}
