//! Quote clusters across articles, MemeTracker-style: one statement in
//! several wordings is one cluster (every variant kept), and clusters that
//! share a long phrase but say different things are linked as one
//! recurring talking point.
//!
//! Each quote is a set of word bigrams. Two quotes are the same statement
//! when their bigram sets overlap strongly (Jaccard >= `same_jaccard`, or
//! the shorter is mostly inside the longer: containment >= `same_containment`,
//! which keeps a partial quote with the full one). Clusters sharing a run of
//! `point_words` consecutive words are related: the same talking point in
//! different statements. Relations are direct, not transitive, so a chain
//! of stock phrases does not tie unrelated statements together. Candidates come
//! from an inverted index on bigrams, so the cost per quote is its
//! candidates, not the corpus.

use rustc_hash::{FxHashMap, FxHashSet};

/// Thresholds of quote clustering.
#[derive(Debug, Clone)]
pub struct QuoteClusterConfig {
    pub same_jaccard: f32,
    pub same_containment: f32,
    /// Shortest quote (in words) that clusters by overlap; shorter ones
    /// join only an identical quote.
    pub min_words: usize,
    /// Length of the shared word run that makes a talking point.
    pub point_words: usize,
    /// Bigrams in more quotes than this propose no candidates.
    pub max_posting: usize,
}

impl Default for QuoteClusterConfig {
    fn default() -> Self {
        QuoteClusterConfig {
            same_jaccard: 0.5,
            same_containment: 0.6,
            min_words: 4,
            point_words: 5,
            max_posting: 1000,
        }
    }
}

/// The cluster of each quote (numbered in order of first appearance), and
/// for each cluster the other clusters it shares a talking point with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QuoteClusters {
    pub cluster: Vec<u32>,
    pub related: Vec<Vec<u32>>,
}

fn words(s: &str) -> Vec<String> {
    parallax_text::tokens(s)
        .into_iter()
        .map(|t| t.text)
        .collect()
}

fn grams(w: &[String], n: usize) -> FxHashSet<u64> {
    if w.len() < n {
        return FxHashSet::default();
    }
    w.windows(n)
        .map(|g| parallax_text::hash64(g.join(" ").as_bytes()))
        .collect()
}

fn find(parent: &mut [usize], mut x: usize) -> usize {
    while parent[x] != x {
        parent[x] = parent[parent[x]];
        x = parent[x];
    }
    x
}

fn union(parent: &mut [usize], a: usize, b: usize) {
    let (ra, rb) = (find(parent, a), find(parent, b));
    if ra != rb {
        // The earlier quote's root wins, so ids follow first appearance.
        let (lo, hi) = if ra < rb { (ra, rb) } else { (rb, ra) };
        parent[hi] = lo;
    }
}

/// Clusters `texts` (in arrival order).
pub fn cluster_quotes(texts: &[&str], cfg: &QuoteClusterConfig) -> QuoteClusters {
    let n = texts.len();
    let ws: Vec<Vec<String>> = texts.iter().map(|t| words(t)).collect();
    let bi: Vec<FxHashSet<u64>> = ws.iter().map(|w| grams(w, 2)).collect();
    let long: Vec<FxHashSet<u64>> = ws.iter().map(|w| grams(w, cfg.point_words)).collect();
    let mut same: Vec<usize> = (0..n).collect();
    let mut index: FxHashMap<u64, Vec<u32>> = FxHashMap::default();
    let mut exact: FxHashMap<String, usize> = FxHashMap::default();
    let mut point_pairs: Vec<(usize, usize)> = Vec::new();
    let mut long_index: FxHashMap<u64, Vec<u32>> = FxHashMap::default();
    for i in 0..n {
        let key = ws[i].join(" ");
        if let Some(&j) = exact.get(&key) {
            union(&mut same, i, j);
        } else if !key.is_empty() {
            exact.insert(key, i);
        }
        if ws[i].len() >= cfg.min_words {
            let mut shared: FxHashMap<u32, u32> = FxHashMap::default();
            for g in &bi[i] {
                if let Some(p) = index.get(g) {
                    if p.len() <= cfg.max_posting {
                        for &j in p {
                            *shared.entry(j).or_default() += 1;
                        }
                    }
                }
            }
            for (j, s) in shared {
                let j = j as usize;
                let (a, b) = (bi[i].len() as f32, bi[j].len() as f32);
                let s = s as f32;
                let jac = s / (a + b - s);
                let con = s / a.min(b);
                if jac >= cfg.same_jaccard || con >= cfg.same_containment {
                    union(&mut same, i, j);
                }
            }
            for g in &bi[i] {
                index.entry(*g).or_default().push(i as u32);
            }
        }
        let mut seen: FxHashSet<u32> = FxHashSet::default();
        for g in &long[i] {
            if let Some(p) = long_index.get(g) {
                for &j in p.iter().take(cfg.max_posting) {
                    if seen.insert(j) {
                        point_pairs.push((i, j as usize));
                    }
                }
            }
        }
        for g in &long[i] {
            long_index.entry(*g).or_default().push(i as u32);
        }
    }
    let number = |parent: &mut Vec<usize>| -> Vec<u32> {
        let mut ids: FxHashMap<usize, u32> = FxHashMap::default();
        (0..n)
            .map(|i| {
                let r = find(parent, i);
                let next = ids.len() as u32;
                *ids.entry(r).or_insert(next)
            })
            .collect()
    };
    let cluster = number(&mut same);
    let k = cluster.iter().max().map_or(0, |m| *m as usize + 1);
    let mut related: Vec<Vec<u32>> = vec![Vec::new(); k];
    for (a, b) in point_pairs {
        let (ca, cb) = (cluster[a], cluster[b]);
        if ca != cb {
            related[ca as usize].push(cb);
            related[cb as usize].push(ca);
        }
    }
    for r in &mut related {
        r.sort_unstable();
        r.dedup();
    }
    QuoteClusters { cluster, related }
}
