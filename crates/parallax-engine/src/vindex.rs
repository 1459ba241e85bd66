//! Nearest neighbours among the stored sentence embeddings, for semantic
//! and hybrid search.
//!
//! Two ways, by who asks:
//!
//! - [`VectorIndex`]: an HNSW graph (the `hnsw_rs` crate) kept in memory by
//!   a long-running process (`serve`). It is built from the store's vectors
//!   once, then takes the vectors stored since, in arrival order, before
//!   each search ([`VectorIndex::catch_up`]): a query costs O(log n)
//!   distance computations, a new article one insertion. It is not
//!   persisted: HNSW's graph is rebuilt at start in O(n log n) (the store's
//!   vectors are the record; the graph is a cache of them).
//! - [`scan`]: every stored vector read once, a step at a time, the best
//!   kept: exact, O(n), for a one-shot command (`parallax search --mode
//!   semantic`), which would spend longer building a graph than reading.
//!
//! Vectors are the model's, normalised, so cosine is their dot product; the
//! graph uses `DistCosine` all the same, which costs little more and does
//! not depend on it.

use std::sync::Mutex;

use hnsw_rs::anndists::dist::distances::DistCosine;
use hnsw_rs::hnsw::Hnsw;

use crate::store::ArticleStore;
use crate::Result;

/// Links per node and per layer: 16 is the usual trade of memory for
/// recall at a few hundred dimensions.
const LINKS: usize = 16;
/// Candidates kept while inserting (the graph's quality).
const EF_BUILD: usize = 200;
/// Vectors read from the store per step.
const STEP: usize = 1024;

/// What the index holds, under one lock: the graph is appended to only
/// while it is held, so two requests never insert the same vector.
struct Inner {
    /// Data id (the order of insertion) -> the article's arrival number.
    seqs: Vec<i64>,
    /// The last arrival number whose vector is in the graph.
    last: i64,
    /// The vectors' length, set by the first: a vector of another length
    /// (a store embedded by two models) is left out, with a warning,
    /// rather than mixed into the graph.
    dim: Option<usize>,
}

/// An HNSW index over the store's sentence embeddings (see the module).
pub struct VectorIndex {
    graph: Hnsw<'static, f32, DistCosine>,
    inner: Mutex<Inner>,
}

impl std::fmt::Debug for VectorIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("VectorIndex")
            .field("vectors", &self.len())
            .finish()
    }
}

impl VectorIndex {
    /// An empty index, sized for about `expected` vectors (a hint: it
    /// grows past it).
    pub fn new(expected: usize) -> Self {
        VectorIndex {
            graph: Hnsw::new(LINKS, expected.max(STEP), 16, EF_BUILD, DistCosine),
            inner: Mutex::new(Inner {
                seqs: Vec::new(),
                last: 0,
                dim: None,
            }),
        }
    }

    /// Vectors in the index.
    pub fn len(&self) -> usize {
        self.inner.lock().map(|i| i.seqs.len()).unwrap_or(0)
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Adds the vectors stored after the last one indexed, a step at a
    /// time; returns how many. Cost: the new vectors (each an insertion,
    /// O(log n) distance computations), and one read when there are none.
    pub fn catch_up<S: ArticleStore>(&self, store: &S) -> Result<usize> {
        let mut inner = self
            .inner
            .lock()
            .map_err(|_| crate::Error::State("the vector index's lock is poisoned".into()))?;
        let mut added = 0;
        loop {
            let step = store.vectors_since(inner.last, STEP)?;
            let Some(last) = step.last().map(|v| v.seq) else {
                break;
            };
            let dim = *inner
                .dim
                .get_or_insert(step.first().map_or(0, |v| v.vector.len()));
            let (fit, other): (Vec<_>, Vec<_>) = step.iter().partition(|v| v.vector.len() == dim);
            if let Some(v) = other.first() {
                tracing::warn!(
                    article = %v.id,
                    model = %v.model,
                    "{} stored vectors of another length are left out of the vector index",
                    other.len()
                );
            }
            let first = inner.seqs.len();
            inner.seqs.extend(fit.iter().map(|v| v.seq));
            let data: Vec<(&Vec<f32>, usize)> = fit
                .iter()
                .enumerate()
                .map(|(i, v)| (&v.vector, first + i))
                .collect();
            self.graph.parallel_insert(&data);
            inner.last = last;
            added += fit.len();
        }
        Ok(added)
    }

    /// The `k` nearest stored articles to `query` (arrival number and
    /// cosine), nearest first. Approximate: `eval search` measures what it
    /// gives against the exact [`scan`].
    pub fn search(&self, query: &[f32], k: usize) -> Vec<(i64, f32)> {
        let Ok(inner) = self.inner.lock() else {
            return Vec::new();
        };
        if inner.seqs.is_empty() || k == 0 || inner.dim != Some(query.len()) {
            return Vec::new();
        }
        let ef = (2 * k).max(64);
        self.graph
            .search(query, k, ef)
            .into_iter()
            .filter_map(|n| Some((*inner.seqs.get(n.d_id)?, 1.0 - n.distance)))
            .collect()
    }
}

/// The `k` stored articles nearest to `query` by cosine, nearest first,
/// by reading every stored vector once: exact, O(n) time, O(k) memory
/// beyond a step of vectors.
pub fn scan<S: ArticleStore>(store: &S, query: &[f32], k: usize) -> Result<Vec<(i64, f32)>> {
    let mut best: Vec<(f32, i64)> = Vec::with_capacity(k + 1);
    let mut after = 0;
    loop {
        let step = store.vectors_since(after, STEP)?;
        let Some(last) = step.last().map(|v| v.seq) else {
            break;
        };
        for v in &step {
            let cos = parallax_embed::cosine(query, &v.vector);
            if best.len() < k || best.last().is_some_and(|b| cos > b.0) {
                let at = best.partition_point(|b| b.0 >= cos);
                best.insert(at, (cos, v.seq));
                best.truncate(k);
            }
        }
        after = last;
    }
    Ok(best.into_iter().map(|(c, s)| (s, c)).collect())
}
