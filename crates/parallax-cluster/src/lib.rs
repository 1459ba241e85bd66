//! The `cluster` stage: events (one per real-world happening) and
//! storylines (threads of events over months and years), built online in
//! arrival order, the way a news desk sees the stream.
//!
//! **Events.** Each article becomes two sparse TF-IDF vectors, salient words
//! and figures, and names (see [`mod@features`]), L2-normalised, with IDF from
//! the document frequencies seen so far plus a background prior
//! ([`ClusterConfig::idf_prior_docs`]). It joins the most similar event if
//! the similarity clears [`ClusterConfig::event_threshold`], else opens a
//! new one. Similarity = cos(words)·(1 + w·cos(names))/(1 + w), w =
//! [`ClusterConfig::name_weight`]: shared names strengthen shared words but
//! never stand in for them (the same people meet and phone on the same
//! day). It is multiplied by a time factor `exp(−gap/event_days)`, where
//! `gap` is the days between the article's date and the event's date range
//! beyond [`ClusterConfig::event_grace_days`] (no penalty when a date is
//! unknown).
//!
//! **Merges.** When an article is also close to a second event above
//! [`ClusterConfig::merge_threshold`], or when the event it joined now has a
//! centroid that close to another event's, the two merge; merges are
//! recorded ([`Clusterer::merges`]). This repairs splits that the arrival
//! order caused. Events are never split.
//!
//! **Storylines** are the same method one level up: an event is placed in
//! the closest storyline above [`ClusterConfig::storyline_threshold`] when
//! it opens (time decays over `storyline_days`, names weigh
//! `storyline_name_weight`).
//!
//! **Cost.** Candidates come from an inverted index from each centroid's
//! top terms to events (postings capped to the most recent
//! [`ClusterConfig::max_posting`], [`ClusterConfig::max_candidates`] scored),
//! never a scan of all events, so the cost of adding an article is bounded
//! as the store grows. IDF drifts as the corpus grows; centroids keep the
//! weights they were built with rather than being recomputed (adding one
//! article must not recompute the world).
//!
//! **Sentence embeddings**, when the article and the event both have one
//! (the centroid keeps their sum), scale that content similarity by
//! `1 + w·(cos − p)/(1 − p)` ([`ClusterConfig::embedding_weight`],
//! [`ClusterConfig::embedding_pivot`]): they lift reports that tell one
//! happening in different words and damp reports on one subject that share
//! words, but like names they never stand in for shared words.
//!
//! ```
//! use parallax_cluster::{ClusterConfig, Clusterer};
//! # use parallax_model::*;
//! # fn article(id: &str, title: &str, body: &str) -> Article {
//! #     Article { id: ArticleId(id.into()), source: id.into(), url: None, redirected_from: Vec::new(), title: Some(title.into()),
//! #       title_source: Some(TitleSource::Headline), outlet: None, outlet_source: None, published: None,
//! #       published_source: None, published_evidence: None, dateline: None, byline: None, credits: vec![],
//! #       agencies: vec![], agency_feed: false, provenance: vec![], language: None, body: body.into(),
//! #       spans: Spans::default(), furniture: vec![], diagnostics: vec![], body_map: OffsetMap::default() }
//! # }
//! let mut c = Clusterer::new(ClusterConfig::default()).unwrap();
//! let a = c.add(&article("a", "Volcano erupts on Iceland's Reykjanes peninsula",
//!     "A volcano erupted on the Reykjanes peninsula near Grindavik, sending lava toward the town."));
//! let b = c.add(&article("b", "Lava nears Grindavik as Reykjanes volcano erupts",
//!     "Lava from the Reykjanes volcano flowed toward Grindavik after the eruption began overnight."));
//! let d = c.add(&article("d", "Central bank raises interest rates",
//!     "The central bank raised its main interest rate by a quarter point to fight inflation."));
//! assert_eq!(a.event, b.event);
//! assert_ne!(a.event, d.event);
//! ```

pub mod features;

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use parallax_model::rows::{NoRows, Row, RowMap, Rows};
use parallax_model::{Article, ArticleId};
use serde::{Deserialize, Serialize};

pub use features::{features, features_with, Features};

/// Configuration errors.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("invalid cluster configuration: {0}")]
    Config(String),
}

/// Settings of the cluster stage.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ClusterConfig {
    /// Similarity an article needs to join an event.
    pub event_threshold: f32,
    /// Similarity to a second event above which the two events merge.
    pub merge_threshold: f32,
    /// Similarity an event needs to join a storyline.
    pub storyline_threshold: f32,
    /// Weight of names against words in the event similarity (0..=1).
    pub name_weight: f32,
    /// Weight of names in the storyline similarity (0..=1).
    pub storyline_name_weight: f32,
    /// Time scale of an event, in days: similarity decays by e per this
    /// many days outside the event's date range.
    pub event_days: f32,
    /// Days around an event's date range within which time costs nothing:
    /// coverage of one happening runs over a couple of days.
    pub event_grace_days: f32,
    /// Time scale of a storyline, in days.
    pub storyline_days: f32,
    /// Terms kept per article vector.
    pub article_terms: usize,
    /// Terms kept per event or storyline centroid.
    pub centroid_terms: usize,
    /// Terms of a centroid listed in the inverted index.
    pub indexed_terms: usize,
    /// Events listed per index term (the most recent).
    pub max_posting: usize,
    /// Candidate events scored per article.
    pub max_candidates: usize,
    /// Body tokens read per article.
    pub max_tokens: usize,
    /// Pseudo-documents in the IDF prior (see `Clusterer::vector`).
    pub idf_prior_docs: f32,
    /// How strongly the sentence-embedding cosine scales the lexical
    /// similarity (0..=4; 0 ignores embeddings), when both the article and
    /// the event have one: the similarity is multiplied by
    /// `1 + weight·(cos − pivot)/(1 − pivot)`.
    pub embedding_weight: f32,
    /// The embedding cosine that neither lifts nor damps (0..1): reports
    /// of one happening score well above it, reports of different
    /// happenings on one subject around or below it. Because embeddings
    /// only scale the lexical similarity, one threshold serves articles
    /// and events with and without embeddings.
    pub embedding_pivot: f32,
}

impl Default for ClusterConfig {
    fn default() -> Self {
        ClusterConfig {
            event_threshold: 0.19,
            merge_threshold: 0.25,
            storyline_threshold: 0.06,
            name_weight: 0.4,
            storyline_name_weight: 0.6,
            event_days: 30.0,
            event_grace_days: 2.0,
            storyline_days: 1825.0,
            article_terms: 200,
            centroid_terms: 200,
            indexed_terms: 25,
            max_posting: 400,
            max_candidates: 16,
            max_tokens: 600,
            idf_prior_docs: 500.0,
            embedding_weight: 0.5,
            embedding_pivot: 0.5,
        }
    }
}

/// A sparse vector: (term id, weight), sorted by term id.
type Sparse = Vec<(u32, f32)>;

/// The dot product of two vectors sorted by term id, walking both at once:
/// a centroid is read front to back instead of looked up term by term (a
/// candidate's centroid is cold in the cache when an article is scored
/// against it, and 16 of them are scored an article, twice). The sum runs
/// in `a`'s order, as a look-up of each of `a`'s terms would.
fn dot(a: &[(u32, f32)], b: &[(u32, f32)]) -> f32 {
    let mut sum = 0.0;
    let mut j = 0;
    for &(t, w) in a {
        while j < b.len() && b[j].0 < t {
            j += 1;
        }
        match b.get(j) {
            Some(&(u, x)) if u == t => sum += w * x,
            Some(_) => {}
            None => break,
        }
    }
    sum
}

fn norm(v: &[(u32, f32)]) -> f32 {
    v.iter().map(|(_, w)| w * w).sum::<f32>().sqrt()
}

/// Summed weights by term id, sorted by id: a centroid's words or names.
/// Written as a map (as postcard writes the hash map this once was, so
/// stored rows read back the same) and sorted again when read.
#[derive(Debug, Clone, Default)]
struct Weights(Vec<(u32, f32)>);

impl Weights {
    fn len(&self) -> usize {
        self.0.len()
    }

    /// Adds `v` (sorted by id) term by term: one merge of two sorted lists.
    fn add(&mut self, v: &[(u32, f32)]) {
        if v.is_empty() {
            return;
        }
        let old = std::mem::take(&mut self.0);
        let mut out = Vec::with_capacity(old.len() + v.len());
        let (mut i, mut j) = (0, 0);
        while i < old.len() && j < v.len() {
            let (a, b) = (old[i], v[j]);
            match a.0.cmp(&b.0) {
                std::cmp::Ordering::Less => {
                    out.push(a);
                    i += 1;
                }
                std::cmp::Ordering::Greater => {
                    out.push(b);
                    j += 1;
                }
                std::cmp::Ordering::Equal => {
                    out.push((a.0, a.1 + b.1));
                    i += 1;
                    j += 1;
                }
            }
        }
        out.extend_from_slice(&old[i..]);
        out.extend_from_slice(&v[j..]);
        self.0 = out;
    }

    /// The `k` strongest terms (ties to the lower id), sorted by id.
    fn top(&self, k: usize) -> Weights {
        let mut all = self.0.clone();
        if all.len() > k {
            all.select_nth_unstable_by(k - 1, |a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
            all.truncate(k);
            all.sort_unstable_by_key(|(t, _)| *t);
        }
        Weights(all)
    }
}

impl Serialize for Weights {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_map(self.0.iter().map(|(t, w)| (t, w)))
    }
}

impl<'de> Deserialize<'de> for Weights {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Visit;
        impl<'de> serde::de::Visitor<'de> for Visit {
            type Value = Weights;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a map of term ids to weights")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut m: A,
            ) -> Result<Weights, A::Error> {
                let mut v: Vec<(u32, f32)> =
                    Vec::with_capacity(m.size_hint().unwrap_or(0).min(4096));
                while let Some(e) = m.next_entry()? {
                    v.push(e);
                }
                v.sort_unstable_by_key(|(t, _)| *t);
                v.dedup_by_key(|(t, _)| *t);
                Ok(Weights(v))
            }
        }
        d.deserialize_map(Visit)
    }
}

fn top(v: impl IntoIterator<Item = (u32, f32)>, k: usize) -> Sparse {
    let mut all: Vec<(u32, f32)> = v.into_iter().filter(|(_, w)| *w > 0.0).collect();
    if all.len() > k {
        all.select_nth_unstable_by(k - 1, |a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        all.truncate(k);
    }
    let n = all.iter().map(|(_, w)| w * w).sum::<f32>().sqrt();
    if n > 0.0 {
        for (_, w) in &mut all {
            *w /= n;
        }
    }
    all.sort_unstable_by_key(|(t, _)| *t);
    all
}

/// One article (or an event's centroid, when events are compared) as the
/// similarity sees it.
#[derive(Debug, Clone, Copy)]
struct Vector<'a> {
    terms: &'a Sparse,
    names: &'a Sparse,
    day: Option<i32>,
    emb: Option<&'a [f32]>,
}

/// How one level (events or storylines) weighs the parts of a similarity.
#[derive(Debug, Clone, Copy)]
struct Scale {
    name_weight: f32,
    days: f32,
    grace: f32,
    emb_weight: f32,
    emb_pivot: f32,
}

/// A centroid: summed member vectors, truncated to the strongest terms.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
struct Centroid {
    terms: Weights,
    names: Weights,
    terms_norm: f32,
    names_norm: f32,
    /// Summed member embeddings (empty when none had one); only its
    /// direction is used.
    #[serde(default)]
    emb: Vec<f32>,
    /// Earliest and latest known dates, as days since 1970.
    first_day: Option<i32>,
    last_day: Option<i32>,
    indexed: HashSet<u32>,
}

impl Centroid {
    fn add(&mut self, v: Vector<'_>, keep: usize) {
        self.terms.add(v.terms);
        self.names.add(v.names);
        if let Some(e) = v.emb {
            self.add_embedding(e);
        }
        for map in [&mut self.terms, &mut self.names] {
            if map.len() > keep * 2 {
                *map = map.top(keep);
            }
        }
        self.terms_norm = norm(&self.terms.0);
        self.names_norm = norm(&self.names.0);
        if let Some(d) = v.day {
            self.first_day = Some(self.first_day.map_or(d, |f| f.min(d)));
            self.last_day = Some(self.last_day.map_or(d, |l| l.max(d)));
        }
    }

    /// Adds an embedding, or a sum of them (one of another width, from a
    /// different model, is left out).
    fn add_embedding(&mut self, sum: &[f32]) {
        if self.emb.is_empty() {
            self.emb = vec![0.0; sum.len()];
        }
        if self.emb.len() == sum.len() {
            for (s, x) in self.emb.iter_mut().zip(sum) {
                *s += x;
            }
        }
    }

    fn absorb(&mut self, other: &Centroid, keep: usize) {
        self.add(
            Vector {
                terms: &other.terms.0,
                names: &other.names.0,
                day: other.first_day,
                emb: None,
            },
            keep,
        );
        if !other.emb.is_empty() {
            self.add_embedding(&other.emb);
        }
        if let Some(d) = other.last_day {
            self.last_day = Some(self.last_day.map_or(d, |l| l.max(d)));
        }
    }

    fn similarity(&self, v: Vector<'_>, k: Scale) -> f32 {
        let Scale {
            name_weight,
            days,
            grace,
            emb_weight,
            emb_pivot,
        } = k;
        let ct = if self.terms_norm > 0.0 {
            dot(v.terms, &self.terms.0) / self.terms_norm
        } else {
            0.0
        };
        let names_present = !v.names.is_empty() && self.names_norm > 0.0;
        let cn = if names_present {
            dot(v.names, &self.names.0) / self.names_norm
        } else {
            0.0
        };
        // Shared names amplify shared words but are no evidence on their
        // own: the same people meet, call and visit on the same day, and
        // those are different happenings.
        let lexical = if names_present {
            ct * (1.0 + name_weight * cn) / (1.0 + name_weight)
        } else {
            ct
        };
        // The embedding's cosine to the centroid's direction amplifies or
        // damps the lexical evidence, never stands in for it: two reports
        // on one subject by the same people (a meeting and a phone call)
        // embed fairly close, and would otherwise join on that alone.
        // Above `emb_pivot` the similarity grows, below it shrinks.
        let content = match v.emb {
            Some(e) if emb_weight > 0.0 && e.len() == self.emb.len() => {
                let n = self.emb.iter().map(|x| x * x).sum::<f32>().sqrt();
                let ce = if n > 0.0 {
                    e.iter().zip(&self.emb).map(|(a, b)| a * b).sum::<f32>() / n
                } else {
                    0.0
                };
                let lift = (ce - emb_pivot) / (1.0 - emb_pivot).max(1e-3);
                lexical * (1.0 + emb_weight * lift).max(0.0)
            }
            _ => lexical,
        };
        let gap = match (v.day, self.first_day, self.last_day) {
            (Some(d), Some(f), Some(_)) if d < f => (f - d) as f32,
            (Some(d), Some(_), Some(l)) if d > l => (d - l) as f32,
            _ => 0.0,
        };
        content * (-(gap - grace).max(0.0) / days.max(0.01)).exp()
    }

    /// Terms of this centroid worth indexing that are not indexed yet.
    fn new_index_terms(&mut self, k: usize) -> Vec<u32> {
        let best: Vec<u32> = (self.terms.top(k).0.into_iter().map(|(t, _)| t))
            .chain((self.names.top(k / 2).0.into_iter()).map(|(t, _)| t | NAME_BIT))
            .collect();
        best.into_iter()
            .filter(|t| self.indexed.insert(*t))
            .collect()
    }
}

/// `v` scaled to unit length; None when it is empty or zero.
fn unit(v: &[f32]) -> Option<Vec<f32>> {
    let n = v.iter().map(|x| x * x).sum::<f32>().sqrt();
    (n > 0.0).then(|| v.iter().map(|x| x / n).collect())
}

/// Index keys for names carry this bit, so word and name ids share one index.
const NAME_BIT: u32 = 1 << 31;

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
struct Node {
    centroid: Centroid,
    size: u32,
    /// The storyline of an event (unused for storylines).
    parent: Option<u32>,
}

/// One level of clusters (events, or storylines) with its index, as rows:
/// nodes by id, postings by term, and merges (`from -> into`) apart from
/// the nodes so that following a merge reads a few bytes, not a centroid.
#[derive(Debug, Clone)]
struct Level {
    nodes: RowMap<u32, Node>,
    index: RowMap<u32, Vec<u32>>,
    merged: RowMap<u32, u32>,
}

impl Level {
    fn new(tables: [&'static str; 3], persist: bool) -> Self {
        Level {
            nodes: RowMap::new(tables[0], persist),
            index: RowMap::new(tables[1], persist),
            merged: RowMap::new(tables[2], persist),
        }
    }

    fn drain(&mut self, out: &mut Vec<Row>) {
        self.nodes.drain_dirty(out);
        self.index.drain_dirty(out);
        self.merged.drain_dirty(out);
    }

    fn clear(&mut self) {
        self.nodes.clear();
        self.index.clear();
        self.merged.clear();
    }

    fn cached_bytes(&self) -> usize {
        self.nodes.cached_bytes() + self.index.cached_bytes() + self.merged.cached_bytes()
    }

    fn root(&mut self, rows: &mut Rows<'_>, mut n: u32) -> u32 {
        // Merges form a forest (a node merges once, into a live root), so
        // the walk ends; the bound guards a corrupt store.
        for _ in 0..1024 {
            match self.merged.get(rows, &n) {
                Some(&m) if m != n => n = m,
                _ => break,
            }
        }
        n
    }

    /// [`Level::root`] from memory alone (a stage held in memory).
    fn root_cached(&self, mut n: u32) -> u32 {
        for _ in 0..1024 {
            match self.merged.peek(&n) {
                Some(&m) if m != n => n = m,
                _ => break,
            }
        }
        n
    }

    fn candidates(
        &mut self,
        rows: &mut Rows<'_>,
        terms: &Sparse,
        names: &Sparse,
        max: usize,
    ) -> Vec<u32> {
        let mut query: Vec<(u32, f32)> = terms
            .iter()
            .copied()
            .chain(names.iter().map(|(t, w)| (t | NAME_BIT, *w)))
            .collect();
        query.sort_unstable_by(|a, b| b.1.total_cmp(&a.1));
        let mut votes: HashMap<u32, f32> = HashMap::default();
        self.index
            .prefetch(rows, query.iter().take(24).map(|(t, _)| t));
        for (t, w) in query.iter().take(24) {
            let Some(post) = self.index.get(rows, t).cloned() else {
                continue;
            };
            for n in post {
                let r = self.root(rows, n);
                *votes.entry(r).or_default() += w;
            }
        }
        let mut ranked: Vec<(u32, f32)> = votes.into_iter().collect();
        ranked.sort_unstable_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        ranked.truncate(max);
        ranked.into_iter().map(|(n, _)| n).collect()
    }

    /// Adds a vector to node `n` and indexes its new top terms.
    fn grow(&mut self, rows: &mut Rows<'_>, n: u32, v: Vector<'_>, cfg: &ClusterConfig) {
        if let Some(node) = self.nodes.get_mut(rows, &n) {
            node.centroid.add(v, cfg.centroid_terms);
            node.size += 1;
        }
        self.reindex(rows, n, cfg.indexed_terms, cfg.max_posting);
    }

    /// Opens node `n` holding one vector.
    fn open(&mut self, rows: &mut Rows<'_>, n: u32, v: Vector<'_>, cfg: &ClusterConfig) {
        self.nodes.insert(n, Node::default());
        self.grow(rows, n, v, cfg);
    }

    fn reindex(&mut self, rows: &mut Rows<'_>, n: u32, k: usize, max_posting: usize) {
        let new = match self.nodes.get_mut(rows, &n) {
            Some(node) => node.centroid.new_index_terms(k),
            None => return,
        };
        self.index.prefetch(rows, &new);
        for t in new {
            let post = self.index.entry(rows, t);
            post.push(n);
            if post.len() > max_posting {
                post.remove(0);
            }
        }
    }

    /// Scores candidates; returns (best, second best) as (node, similarity).
    fn best_two(
        &mut self,
        rows: &mut Rows<'_>,
        cands: &[u32],
        v: Vector<'_>,
        k: Scale,
    ) -> [Option<(u32, f32)>; 2] {
        let mut best: [Option<(u32, f32)>; 2] = [None, None];
        self.nodes.prefetch(rows, cands);
        for &c in cands {
            let Some(node) = self.nodes.get(rows, &c) else {
                continue;
            };
            let s = node.centroid.similarity(v, k);
            if best[0].is_none_or(|(_, b)| s > b) {
                best[1] = best[0];
                best[0] = Some((c, s));
            } else if best[1].is_none_or(|(_, b)| s > b) {
                best[1] = Some((c, s));
            }
        }
        best
    }
}

/// Where an article went.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Placement {
    /// The event (as first assigned; see [`Clusterer::event_of`] after merges).
    pub event: u32,
    /// Whether the article opened the event.
    pub opened: bool,
    /// Similarity to the event it joined (1 when it opened one).
    pub similarity: f32,
}

/// A merge of two events, recorded when later evidence demanded it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Merge {
    pub into: u32,
    pub from: u32,
    /// The article whose arrival showed the two were one.
    pub by_article: ArticleId,
    pub similarity: f32,
}

/// The stage's counters and sizes, one row.
#[derive(Debug, Clone, Copy, Default, Serialize, Deserialize)]
struct Meta {
    /// Terms interned (the next term id).
    terms: u32,
    /// Articles whose terms count in the document frequencies.
    docs: u32,
    events: u32,
    storylines: u32,
    /// Articles placed (the next arrival number).
    placements: u32,
    merges: u32,
}

/// A term's id and document frequency.
#[derive(Debug, Clone, Copy, Default, Serialize, Deserialize)]
struct Term {
    id: u32,
    df: u32,
}

/// The tables of the stored state.
pub const TABLES: [&str; 10] = [
    "cluster.meta",
    "cluster.term",
    "cluster.event",
    "cluster.event_post",
    "cluster.event_merged",
    "cluster.story",
    "cluster.story_post",
    "cluster.story_merged",
    "cluster.place",
    "cluster.merge",
];

/// The cluster stage's state, as rows ([`parallax_model::rows`]): placing
/// one article reads and writes the rows of its own terms, its candidate
/// events and the event and storyline it joins, whatever the store holds.
#[derive(Debug, Clone)]
pub struct Clusterer {
    cfg: ClusterConfig,
    meta: RowMap<u32, Meta>,
    terms: RowMap<String, Term>,
    events: Level,
    storylines: Level,
    /// The event each article was placed in, by arrival number.
    placements: RowMap<u32, u32>,
    merges: RowMap<u32, Merge>,
}

impl Clusterer {
    /// A clusterer held wholly in memory (evaluation, tests).
    pub fn new(cfg: ClusterConfig) -> Result<Self, Error> {
        Self::with_rows(cfg, false)
    }

    /// A clusterer whose state lives in the store: pass the store as the
    /// source to the `_in` methods and save [`Clusterer::drain`].
    pub fn stored(cfg: ClusterConfig) -> Result<Self, Error> {
        Self::with_rows(cfg, true)
    }

    fn with_rows(cfg: ClusterConfig, persist: bool) -> Result<Self, Error> {
        for (name, v) in [
            ("event_threshold", cfg.event_threshold),
            ("merge_threshold", cfg.merge_threshold),
            ("storyline_threshold", cfg.storyline_threshold),
            ("name_weight", cfg.name_weight),
            ("storyline_name_weight", cfg.storyline_name_weight),
        ] {
            if !(0.0..=1.0).contains(&v) {
                return Err(Error::Config(format!(
                    "{name} must be within 0..=1, not {v}"
                )));
            }
        }
        if !(0.0..=4.0).contains(&cfg.embedding_weight)
            || !(0.0..1.0).contains(&cfg.embedding_pivot)
        {
            return Err(Error::Config(format!(
                "embedding_weight must be within 0..=4 and embedding_pivot within 0..1, not {} and {}",
                cfg.embedding_weight, cfg.embedding_pivot
            )));
        }
        if cfg.event_days <= 0.0 || cfg.storyline_days <= 0.0 {
            return Err(Error::Config(
                "event_days and storyline_days must be positive".into(),
            ));
        }
        if cfg.article_terms == 0
            || cfg.centroid_terms == 0
            || cfg.indexed_terms == 0
            || cfg.max_candidates == 0
        {
            return Err(Error::Config(
                "term and candidate counts must be at least 1".into(),
            ));
        }
        let mut meta = RowMap::new(TABLES[0], persist);
        if !persist {
            meta.insert(0, Meta::default());
        }
        Ok(Clusterer {
            cfg,
            meta,
            terms: RowMap::new(TABLES[1], persist),
            events: Level::new([TABLES[2], TABLES[3], TABLES[4]], persist),
            storylines: Level::new([TABLES[5], TABLES[6], TABLES[7]], persist),
            placements: RowMap::new(TABLES[8], persist),
            merges: RowMap::new(TABLES[9], persist),
        })
    }

    /// The changed rows since the last drain, to be saved with the
    /// stage's cursor.
    pub fn drain(&mut self) -> Vec<Row> {
        let mut out = Vec::new();
        self.meta.drain_dirty(&mut out);
        self.terms.drain_dirty(&mut out);
        self.events.drain(&mut out);
        self.storylines.drain(&mut out);
        self.placements.drain_dirty(&mut out);
        self.merges.drain_dirty(&mut out);
        out
    }

    /// Forgets the cached rows (after a drain), bounding memory or because
    /// another writer may have changed the store.
    pub fn clear(&mut self) {
        self.meta.clear();
        self.terms.clear();
        self.events.clear();
        self.storylines.clear();
        self.placements.clear();
        self.merges.clear();
    }

    /// About the bytes of the rows held in memory.
    pub fn cached_bytes(&self) -> usize {
        self.terms.cached_bytes()
            + self.events.cached_bytes()
            + self.storylines.cached_bytes()
            + self.placements.cached_bytes()
            + self.merges.cached_bytes()
    }

    fn meta(&mut self, rows: &mut Rows<'_>) -> Meta {
        self.meta.get(rows, &0).copied().unwrap_or_default()
    }

    fn meta_mut(&mut self, rows: &mut Rows<'_>) -> &mut Meta {
        self.meta.entry(rows, 0)
    }

    fn vector(&mut self, rows: &mut Rows<'_>, raw: &HashMap<String, f32>, prefix: &str) -> Sparse {
        let n = self.meta(rows).docs as f32 + 1.0;
        let mut weighted = Vec::with_capacity(raw.len());
        let raw: Vec<(String, f32)> = raw
            .iter()
            .map(|(k, tf)| {
                let key = if prefix.is_empty() {
                    k.clone()
                } else {
                    format!("{prefix}{k}")
                };
                (key, *tf)
            })
            .collect();
        self.terms.prefetch(rows, raw.iter().map(|(k, _)| k));
        for (key, tf) in raw {
            // The term as it stood before this article; its count goes up
            // in place (a term is in `raw` once).
            let term = match self.terms.get_mut(rows, &key) {
                Some(t) => {
                    let was = *t;
                    t.df += 1;
                    was
                }
                None => {
                    let m = self.meta_mut(rows);
                    let t = Term { id: m.terms, df: 0 };
                    m.terms += 1;
                    self.terms.insert(key, Term { df: 1, ..t });
                    t
                }
            };
            // A background prior: IDF as if `idf_prior_docs` more documents
            // without the term had been seen. In a short stream, copies of
            // one story would otherwise push that story's own words to the
            // bottom; in a long one the prior fades.
            let idf = ((n + self.cfg.idf_prior_docs) / (term.df as f32 + 1.0)).ln() + 1.0;
            weighted.push((term.id, (1.0 + tf.ln().max(0.0)) * idf));
        }
        top(weighted, self.cfg.article_terms)
    }

    /// Places one article and updates the state. Cost: the article's own
    /// size plus a bounded number of candidate events.
    pub fn add(&mut self, article: &Article) -> Placement {
        self.add_embedded(article, None)
    }

    /// [`Clusterer::add`] with the article's sentence embedding (unit
    /// length), when a model gave one.
    pub fn add_embedded(&mut self, article: &Article, embedding: Option<Vec<f32>>) -> Placement {
        let mut f = features(article, self.cfg.max_tokens);
        f.embedding = embedding;
        self.add_features(&article.id, &f)
    }

    /// The settings: [`features`]`(article, config().max_tokens)` are the
    /// features [`Clusterer::add_embedded`] places an article by, a pure
    /// step a caller may run ahead (the engine does, on another thread)
    /// and pass to [`Clusterer::add_features_in`] with the state's rows.
    pub fn config(&self) -> &ClusterConfig {
        &self.cfg
    }

    /// [`Clusterer::add`] on precomputed features.
    pub fn add_features(&mut self, id: &ArticleId, f: &Features) -> Placement {
        self.add_features_in(&mut Rows::new(&NoRows), id, f)
    }

    /// [`Clusterer::add_features`] with the state's rows read from `rows`.
    pub fn add_features_in(
        &mut self,
        rows: &mut Rows<'_>,
        id: &ArticleId,
        f: &Features,
    ) -> Placement {
        let terms = self.vector(rows, &f.terms, "");
        let names = self.vector(rows, &f.names, "\u{1}");
        self.meta_mut(rows).docs += 1;
        let v = Vector {
            terms: &terms,
            names: &names,
            day: f.day,
            emb: f.embedding.as_deref(),
        };
        let cfg = self.cfg.clone();
        let cands = self
            .events
            .candidates(rows, &terms, &names, cfg.max_candidates);
        let [best, second] = self.events.best_two(rows, &cands, v, self.event_scale());
        // Storylines are lexical (see `place_in_storyline`): their
        // centroids keep no embeddings.
        let lexical = Vector { emb: None, ..v };
        let placement = match best {
            Some((e, s)) if s >= cfg.event_threshold => {
                self.events.grow(rows, e, v, &cfg);
                let parent = self.events.nodes.get(rows, &e).and_then(|n| n.parent);
                if let Some(st) = parent {
                    let st = self.storylines.root(rows, st);
                    self.storylines.grow(rows, st, lexical, &cfg);
                }
                if let Some((e2, s2)) = second {
                    if s2 >= cfg.merge_threshold {
                        self.merge(rows, e, e2, id, s2);
                    }
                }
                self.merge_similar_events(rows, e, id);
                Placement {
                    event: e,
                    opened: false,
                    similarity: s,
                }
            }
            _ => {
                let e = {
                    let m = self.meta_mut(rows);
                    m.events += 1;
                    m.events - 1
                };
                self.events.open(rows, e, v, &cfg);
                self.place_in_storyline(rows, e, lexical);
                Placement {
                    event: e,
                    opened: true,
                    similarity: 1.0,
                }
            }
        };
        let i = {
            let m = self.meta_mut(rows);
            m.placements += 1;
            m.placements - 1
        };
        self.placements.insert(i, placement.event);
        placement
    }

    fn event_scale(&self) -> Scale {
        Scale {
            name_weight: self.cfg.name_weight,
            days: self.cfg.event_days,
            grace: self.cfg.event_grace_days,
            emb_weight: self.cfg.embedding_weight,
            emb_pivot: self.cfg.embedding_pivot,
        }
    }

    fn place_in_storyline(&mut self, rows: &mut Rows<'_>, e: u32, v: Vector<'_>) {
        let cfg = self.cfg.clone();
        let cands = self
            .storylines
            .candidates(rows, v.terms, v.names, cfg.max_candidates);
        // Storylines stay lexical: a thread is held together by its actors
        // and subject words, and embeddings of different happenings on one
        // subject are close whether or not they continue one thread.
        let scale = Scale {
            name_weight: cfg.storyline_name_weight,
            days: cfg.storyline_days,
            grace: 0.0,
            emb_weight: 0.0,
            emb_pivot: 0.0,
        };
        let [best, _] = self.storylines.best_two(rows, &cands, v, scale);
        let st = match best {
            Some((st, s)) if s >= cfg.storyline_threshold => {
                self.storylines.grow(rows, st, v, &cfg);
                st
            }
            _ => {
                let st = {
                    let m = self.meta_mut(rows);
                    m.storylines += 1;
                    m.storylines - 1
                };
                self.storylines.open(rows, st, v, &cfg);
                st
            }
        };
        if let Some(node) = self.events.nodes.get_mut(rows, &e) {
            node.parent = Some(st);
        }
    }

    /// After event `e` changed, compares its centroid with the centroids
    /// of candidate events and merges those above the merge threshold:
    /// the repair for splits that the arrival order caused (a story whose
    /// first two reports happened to share few words).
    fn merge_similar_events(&mut self, rows: &mut Rows<'_>, e: u32, by: &ArticleId) {
        let e = self.events.root(rows, e);
        let Some(node) = self.events.nodes.get(rows, &e) else {
            return;
        };
        let node = &node.centroid;
        let terms = top(node.terms.0.iter().copied(), self.cfg.article_terms);
        let names = top(node.names.0.iter().copied(), self.cfg.article_terms);
        let emb = unit(&node.emb);
        let day = node.last_day;
        let v = Vector {
            terms: &terms,
            names: &names,
            day,
            emb: emb.as_deref(),
        };
        let cands: Vec<u32> = self
            .events
            .candidates(rows, &terms, &names, self.cfg.max_candidates)
            .into_iter()
            .filter(|&c| c != e)
            .collect();
        let scale = self.event_scale();
        let best = self.events.best_two(rows, &cands, v, scale)[0];
        if let Some((other, s)) = best {
            if s >= self.cfg.merge_threshold {
                self.merge(rows, e, other, by, s);
            }
        }
    }

    fn merge(
        &mut self,
        rows: &mut Rows<'_>,
        into: u32,
        from: u32,
        by: &ArticleId,
        similarity: f32,
    ) {
        let (into, from) = (self.events.root(rows, into), self.events.root(rows, from));
        if into == from {
            return;
        }
        let Some(other) = self.events.nodes.get(rows, &from).cloned() else {
            return;
        };
        let keep = self.cfg.centroid_terms;
        if let Some(node) = self.events.nodes.get_mut(rows, &into) {
            node.centroid.absorb(&other.centroid, keep);
            node.size += other.size;
        }
        self.events.merged.insert(from, into);
        self.events
            .reindex(rows, into, self.cfg.indexed_terms, self.cfg.max_posting);
        let k = {
            let m = self.meta_mut(rows);
            m.merges += 1;
            m.merges - 1
        };
        self.merges.insert(
            k,
            Merge {
                into,
                from,
                by_article: by.clone(),
                similarity,
            },
        );
    }

    /// The current event of the `i`-th article added (merges followed),
    /// from memory: for a clusterer held in memory ([`Clusterer::new`]).
    pub fn event_of(&self, i: usize) -> u32 {
        let placed = self.placements.peek(&(i as u32)).copied().unwrap_or(0);
        self.events.root_cached(placed)
    }

    /// [`Clusterer::event_of`] reading rows from `rows`.
    pub fn event_of_in(&mut self, rows: &mut Rows<'_>, i: usize) -> u32 {
        let placed = self.placements.get(rows, &(i as u32)).copied().unwrap_or(0);
        self.events.root(rows, placed)
    }

    /// The event a node was merged into, followed to the end, reading
    /// rows from `rows`.
    pub fn event_of_node_in(&mut self, rows: &mut Rows<'_>, e: u32) -> u32 {
        self.events.root(rows, e)
    }

    /// The storyline of an event (merges followed).
    pub fn storyline_of_event(&self, e: u32) -> u32 {
        let e = self.events.root_cached(e);
        let st = self
            .events
            .nodes
            .peek(&e)
            .and_then(|n| n.parent)
            .unwrap_or(0);
        self.storylines.root_cached(st)
    }

    /// [`Clusterer::storyline_of_event`] reading rows from `rows`.
    pub fn storyline_of_event_in(&mut self, rows: &mut Rows<'_>, e: u32) -> u32 {
        let e = self.events.root(rows, e);
        let st = self
            .events
            .nodes
            .get(rows, &e)
            .and_then(|n| n.parent)
            .unwrap_or(0);
        self.storylines.root(rows, st)
    }

    /// Articles added so far.
    pub fn len(&self) -> usize {
        self.meta.peek(&0).map_or(0, |m| m.placements as usize)
    }

    /// [`Clusterer::len`] reading rows from `rows`.
    pub fn len_in(&mut self, rows: &mut Rows<'_>) -> usize {
        self.meta(rows).placements as usize
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Merges so far, reading rows from `rows`.
    pub fn merge_count_in(&mut self, rows: &mut Rows<'_>) -> u32 {
        self.meta(rows).merges
    }

    /// Event merges `from..` (by merge number), reading rows from `rows`.
    pub fn merges_in(&mut self, rows: &mut Rows<'_>, from: u32) -> Vec<Merge> {
        let n = self.meta(rows).merges;
        (from..n)
            .filter_map(|k| self.merges.get(rows, &k).cloned())
            .collect()
    }
}

#[cfg(test)]
mod tests;
