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
//! #     Article { id: ArticleId(id.into()), source: id.into(), url: None, title: Some(title.into()),
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

use parallax_model::{Article, ArticleId};
use serde::{Deserialize, Serialize};

pub use features::{features, Features};

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

fn dot(a: &Sparse, b: &HashMap<u32, f32>) -> f32 {
    a.iter()
        .map(|(t, w)| w * b.get(t).copied().unwrap_or(0.0))
        .sum()
}

fn norm(v: &HashMap<u32, f32>) -> f32 {
    v.values().map(|w| w * w).sum::<f32>().sqrt()
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
    terms: HashMap<u32, f32>,
    names: HashMap<u32, f32>,
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
        for (t, w) in v.terms {
            *self.terms.entry(*t).or_default() += w;
        }
        for (t, w) in v.names {
            *self.names.entry(*t).or_default() += w;
        }
        if let Some(e) = v.emb {
            self.add_embedding(e);
        }
        for map in [&mut self.terms, &mut self.names] {
            if map.len() > keep * 2 {
                let kept = top_raw(map, keep);
                *map = kept;
            }
        }
        self.terms_norm = norm(&self.terms);
        self.names_norm = norm(&self.names);
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
        let t: Sparse = other.terms.iter().map(|(k, v)| (*k, *v)).collect();
        let n: Sparse = other.names.iter().map(|(k, v)| (*k, *v)).collect();
        self.add(
            Vector {
                terms: &t,
                names: &n,
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
            dot(v.terms, &self.terms) / self.terms_norm
        } else {
            0.0
        };
        let names_present = !v.names.is_empty() && self.names_norm > 0.0;
        let cn = if names_present {
            dot(v.names, &self.names) / self.names_norm
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
        let best: Vec<u32> = top_raw(&self.terms, k)
            .into_keys()
            .chain(
                top_raw(&self.names, k / 2)
                    .into_keys()
                    .map(|t| t | NAME_BIT),
            )
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

fn top_raw(map: &HashMap<u32, f32>, k: usize) -> HashMap<u32, f32> {
    let mut all: Vec<(u32, f32)> = map.iter().map(|(a, b)| (*a, *b)).collect();
    if all.len() > k {
        all.select_nth_unstable_by(k - 1, |a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        all.truncate(k);
    }
    all.into_iter().collect()
}

/// Index keys for names carry this bit, so word and name ids share one index.
const NAME_BIT: u32 = 1 << 31;

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
struct Node {
    centroid: Centroid,
    size: u32,
    /// Set when merged into another node.
    merged_into: Option<u32>,
    /// The storyline of an event (unused for storylines).
    parent: Option<u32>,
}

/// One level of clusters (events, or storylines) with its index.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
struct Level {
    nodes: Vec<Node>,
    index: HashMap<u32, Vec<u32>>,
}

impl Level {
    fn root(&self, mut n: u32) -> u32 {
        while let Some(m) = self.nodes[n as usize].merged_into {
            n = m;
        }
        n
    }

    fn candidates(&self, terms: &Sparse, names: &Sparse, max: usize) -> Vec<u32> {
        let mut query: Vec<(u32, f32)> = terms
            .iter()
            .copied()
            .chain(names.iter().map(|(t, w)| (t | NAME_BIT, *w)))
            .collect();
        query.sort_unstable_by(|a, b| b.1.total_cmp(&a.1));
        let mut votes: HashMap<u32, f32> = HashMap::default();
        for (t, w) in query.iter().take(24) {
            if let Some(post) = self.index.get(t) {
                for &n in post {
                    *votes.entry(self.root(n)).or_default() += w;
                }
            }
        }
        let mut ranked: Vec<(u32, f32)> = votes.into_iter().collect();
        ranked.sort_unstable_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        ranked.truncate(max);
        ranked.into_iter().map(|(n, _)| n).collect()
    }

    /// Adds a vector to node `n` and indexes its new top terms.
    fn grow(&mut self, n: u32, v: Vector<'_>, cfg: &ClusterConfig) {
        let node = &mut self.nodes[n as usize];
        node.centroid.add(v, cfg.centroid_terms);
        node.size += 1;
        self.reindex(n, cfg.indexed_terms, cfg.max_posting);
    }

    /// Opens a node holding one vector; returns its id.
    fn open(&mut self, v: Vector<'_>, cfg: &ClusterConfig) -> u32 {
        let n = self.nodes.len() as u32;
        self.nodes.push(Node::default());
        self.grow(n, v, cfg);
        n
    }

    fn reindex(&mut self, n: u32, k: usize, max_posting: usize) {
        let new = self.nodes[n as usize].centroid.new_index_terms(k);
        for t in new {
            let post = self.index.entry(t).or_default();
            post.push(n);
            if post.len() > max_posting {
                post.remove(0);
            }
        }
    }

    /// Scores candidates; returns (best, second best) as (node, similarity).
    fn best_two(&self, cands: &[u32], v: Vector<'_>, k: Scale) -> [Option<(u32, f32)>; 2] {
        let mut best: [Option<(u32, f32)>; 2] = [None, None];
        for &c in cands {
            let s = self.nodes[c as usize].centroid.similarity(v, k);
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

/// The cluster stage's state.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Clusterer {
    cfg: ClusterConfig,
    vocab: HashMap<String, u32>,
    df: Vec<u32>,
    docs: u32,
    events: Level,
    storylines: Level,
    /// The event each article was placed in, in arrival order.
    placements: Vec<u32>,
    merges: Vec<Merge>,
}

impl Clusterer {
    pub fn new(cfg: ClusterConfig) -> Result<Self, Error> {
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
        Ok(Clusterer {
            cfg,
            vocab: HashMap::default(),
            df: Vec::new(),
            docs: 0,
            events: Level::default(),
            storylines: Level::default(),
            placements: Vec::new(),
            merges: Vec::new(),
        })
    }

    fn intern(&mut self, key: &str) -> u32 {
        if let Some(&id) = self.vocab.get(key) {
            return id;
        }
        let id = self.df.len() as u32;
        self.vocab.insert(key.to_string(), id);
        self.df.push(0);
        id
    }

    fn vector(&mut self, raw: &HashMap<String, f32>, prefix: &str) -> Sparse {
        let n = self.docs as f32 + 1.0;
        let mut weighted = Vec::with_capacity(raw.len());
        let mut ids = Vec::with_capacity(raw.len());
        for (k, tf) in raw {
            let id = if prefix.is_empty() {
                self.intern(k)
            } else {
                self.intern(&format!("{prefix}{k}"))
            };
            ids.push(id);
            let df = self.df[id as usize] as f32;
            // A background prior: IDF as if `idf_prior_docs` more documents
            // without the term had been seen. In a short stream, copies of
            // one story would otherwise push that story's own words to the
            // bottom; in a long one the prior fades.
            let idf = ((n + self.cfg.idf_prior_docs) / (df + 1.0)).ln() + 1.0;
            weighted.push((id, (1.0 + tf.ln().max(0.0)) * idf));
        }
        for id in ids {
            self.df[id as usize] += 1;
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

    /// [`Clusterer::add`] on precomputed features.
    pub fn add_features(&mut self, id: &ArticleId, f: &Features) -> Placement {
        let terms = self.vector(&f.terms, "");
        let names = self.vector(&f.names, "\u{1}");
        self.docs += 1;
        let v = Vector {
            terms: &terms,
            names: &names,
            day: f.day,
            emb: f.embedding.as_deref(),
        };
        let cfg = self.cfg.clone();
        let cands = self.events.candidates(&terms, &names, cfg.max_candidates);
        let [best, second] = self.events.best_two(&cands, v, self.event_scale());
        // Storylines are lexical (see `place_in_storyline`): their
        // centroids keep no embeddings.
        let lexical = Vector { emb: None, ..v };
        let placement = match best {
            Some((e, s)) if s >= cfg.event_threshold => {
                self.events.grow(e, v, &cfg);
                if let Some(st) = self.events.nodes[e as usize].parent {
                    let st = self.storylines.root(st);
                    self.storylines.grow(st, lexical, &cfg);
                }
                if let Some((e2, s2)) = second {
                    if s2 >= cfg.merge_threshold {
                        self.merge(e, e2, id, s2);
                    }
                }
                self.merge_similar_events(e, id);
                Placement {
                    event: e,
                    opened: false,
                    similarity: s,
                }
            }
            _ => {
                let e = self.events.open(v, &cfg);
                self.place_in_storyline(e, lexical);
                Placement {
                    event: e,
                    opened: true,
                    similarity: 1.0,
                }
            }
        };
        self.placements.push(placement.event);
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

    fn place_in_storyline(&mut self, e: u32, v: Vector<'_>) {
        let cfg = self.cfg.clone();
        let cands = self
            .storylines
            .candidates(v.terms, v.names, cfg.max_candidates);
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
        let [best, _] = self.storylines.best_two(&cands, v, scale);
        let st = match best {
            Some((st, s)) if s >= cfg.storyline_threshold => {
                self.storylines.grow(st, v, &cfg);
                st
            }
            _ => self.storylines.open(v, &cfg),
        };
        self.events.nodes[e as usize].parent = Some(st);
    }

    /// After event `e` changed, compares its centroid with the centroids
    /// of candidate events and merges those above the merge threshold:
    /// the repair for splits that the arrival order caused (a story whose
    /// first two reports happened to share few words).
    fn merge_similar_events(&mut self, e: u32, by: &ArticleId) {
        let e = self.events.root(e);
        let node = &self.events.nodes[e as usize].centroid;
        let terms = top(
            node.terms.iter().map(|(k, v)| (*k, *v)),
            self.cfg.article_terms,
        );
        let names = top(
            node.names.iter().map(|(k, v)| (*k, *v)),
            self.cfg.article_terms,
        );
        let emb = unit(&node.emb);
        let v = Vector {
            terms: &terms,
            names: &names,
            day: node.last_day,
            emb: emb.as_deref(),
        };
        let cands: Vec<u32> = self
            .events
            .candidates(&terms, &names, self.cfg.max_candidates)
            .into_iter()
            .filter(|&c| c != e)
            .collect();
        let best = self.events.best_two(&cands, v, self.event_scale())[0];
        if let Some((other, s)) = best {
            if s >= self.cfg.merge_threshold {
                self.merge(e, other, by, s);
            }
        }
    }

    fn merge(&mut self, into: u32, from: u32, by: &ArticleId, similarity: f32) {
        let (into, from) = (self.events.root(into), self.events.root(from));
        if into == from {
            return;
        }
        let other = self.events.nodes[from as usize].centroid.clone();
        let keep = self.cfg.centroid_terms;
        self.events.nodes[into as usize]
            .centroid
            .absorb(&other, keep);
        self.events.nodes[into as usize].size += self.events.nodes[from as usize].size;
        self.events.nodes[from as usize].merged_into = Some(into);
        self.events
            .reindex(into, self.cfg.indexed_terms, self.cfg.max_posting);
        self.merges.push(Merge {
            into,
            from,
            by_article: by.clone(),
            similarity,
        });
    }

    /// The current event of the `i`-th article added (merges followed).
    pub fn event_of(&self, i: usize) -> u32 {
        self.events.root(self.placements[i])
    }

    /// The event a node was merged into, followed to the end.
    pub fn event_of_node(&self, e: u32) -> u32 {
        self.events.root(e)
    }

    /// The storyline of an event (merges followed).
    pub fn storyline_of_event(&self, e: u32) -> u32 {
        let e = self.events.root(e);
        let st = self.events.nodes[e as usize].parent.unwrap_or(0);
        self.storylines.root(st)
    }

    /// Articles added so far.
    pub fn len(&self) -> usize {
        self.placements.len()
    }

    pub fn is_empty(&self) -> bool {
        self.placements.is_empty()
    }

    /// Event merges so far, in order.
    pub fn merges(&self) -> &[Merge] {
        &self.merges
    }
}

#[cfg(test)]
mod tests;
