//! Quote clusters across articles, MemeTracker-style: one statement in
//! several wordings is one cluster (every variant kept), and clusters that
//! share a long phrase but say different things are linked as one
//! recurring talking point.
//!
//! Each quote is a set of word bigrams. Two quotes are the same statement
//! when their bigram sets overlap strongly (Jaccard >= `same_jaccard`, or
//! the shorter is mostly inside the longer: containment >= `same_containment`,
//! which keeps a partial quote with the full one). Bigrams of two
//! stopwords ("is not", "of the") count towards an overlap but never make
//! one: quotes sharing only such pairs say different things. A fragment
//! is inside a longer quote when it shares `min_shared` bigrams with
//! content, or every bigram of it; inside several statements, it joins
//! the earliest and merges none, since a phrase two statements share does
//! not make them one. Inside over less, it joins a cluster only when it
//! is inside one statement alone, and a longer quote never joins a
//! fragment on so little: "a lot of pain" is in every quote with "a lot
//! of", and those joins (and the merges they made) had made one
//! "statement" of thousands of unrelated quotes. Clusters sharing a run of
//! `point_words` consecutive words are related: the same talking point in
//! different statements. Relations are direct, not transitive, so a chain
//! of stock phrases does not tie unrelated statements together. Candidates come
//! from an inverted index on bigrams, so the cost per quote is its
//! candidates, not the corpus.

use parallax_model::rows::{NoRows, Pushed, Row, RowList, RowMap, Rows};
use rustc_hash::{FxHashMap, FxHashSet};
use serde::{Deserialize, Serialize};

/// Thresholds of quote clustering.
#[derive(Debug, Clone)]
pub struct QuoteClusterConfig {
    pub same_jaccard: f32,
    pub same_containment: f32,
    /// Bigrams with a word other than a stopword that a quote must share
    /// with a longer one to be inside it (unless it is inside word for
    /// word); a fragment inside on fewer joins only an unambiguous cluster.
    pub min_shared: usize,
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
            min_shared: 3,
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

fn words(s: &str) -> Vec<compact_str::CompactString> {
    parallax_text::tokens(s)
        .into_iter()
        .map(|t| t.text)
        .collect()
}

/// The hash of a run of words: the words joined by spaces, written into
/// `buf` (one buffer for all the windows of a quote).
fn gram_hash(buf: &mut String, g: &[compact_str::CompactString]) -> u64 {
    buf.clear();
    for (i, word) in g.iter().enumerate() {
        if i > 0 {
            buf.push(' ');
        }
        buf.push_str(word);
    }
    parallax_text::hash64(buf.as_bytes())
}

fn grams(w: &[compact_str::CompactString], n: usize) -> FxHashSet<u64> {
    let mut buf = String::new();
    w.windows(n).map(|g| gram_hash(&mut buf, g)).collect()
}

/// The bigrams of `w`, each with whether it holds a word other than a
/// stopword: two quotes that share only "this is", "is not", "not a" say
/// different things ("this is not a swap", "this is not a direct attack").
fn bigrams(w: &[compact_str::CompactString]) -> FxHashMap<u64, bool> {
    let mut buf = String::new();
    w.windows(2)
        .map(|g| {
            let content = !g.iter().all(|x| parallax_text::is_stopword(x));
            (gram_hash(&mut buf, g), content)
        })
        .collect()
}

/// The stage's counters, one row.
#[derive(Debug, Clone, Copy, Default, Serialize, Deserialize)]
struct Meta {
    quotes: u32,
    clusters: u32,
}

/// What is kept of one quote.
#[derive(Debug, Clone, Copy, Default, Serialize, Deserialize)]
pub struct QuoteRow {
    /// The arrival number of its article, and its place among the
    /// article's quotes.
    pub article: i64,
    pub index: u32,
    /// The cluster it opened or joined (merges not followed).
    cluster: u32,
}

/// A quote in a bigram's posting: enough to score it and to know its
/// cluster without reading its own row.
#[derive(Debug, Clone, Copy, Serialize, Deserialize)]
struct Posted {
    quote: u32,
    bigrams: u32,
    cluster: u32,
}

/// The tables of the stored state. A bigram's posting list and a
/// cluster's members are [`RowList`]s (a length row and blocks), so adding
/// a quote rewrites the last block of each, not the whole list.
pub const TABLES: [&str; 11] = [
    "quotes.article",
    "quotes.meta",
    "quotes.quote",
    "quotes.bigram.len",
    "quotes.bigram.block",
    "quotes.exact",
    "quotes.long",
    "quotes.related",
    "quotes.merged",
    "quotes.members.len",
    "quotes.members.block",
];

/// Quote clusters built online, in arrival order, with their state as rows
/// ([`parallax_model::rows`]): adding one quote reads and writes the rows
/// of its own bigrams and candidates. A cluster's id is its number in
/// order of first appearance; when a quote shows two clusters are one, the
/// later one merges into the earlier and its id is retired (ids stay
/// stable: a report's "cluster 12" stays cluster 12).
#[derive(Debug, Clone)]
pub struct QuoteClusterer {
    cfg: QuoteClusterConfig,
    /// Article (arrival number) -> its first quote's number and its count.
    articles: RowMap<u64, (u32, u32)>,
    meta: RowMap<u32, Meta>,
    quotes: RowMap<u32, QuoteRow>,
    /// Bigram -> quotes holding it; past `max_posting` quotes the list is
    /// sealed: it proposes nothing and keeps nothing (a stock phrase costs
    /// a few bytes).
    bigram: RowList<u64, Posted>,
    /// Hash of the quote's words -> the cluster of the first quote with
    /// them.
    exact: RowMap<u64, u32>,
    /// `point_words`-gram -> the clusters of the quotes holding it, each
    /// once (the first `max_posting`).
    long: RowMap<u64, Vec<u32>>,
    /// Cluster -> the clusters it shares a talking point with, both ways
    /// (merges not followed: read through [`QuoteClusterer::related`]).
    related: RowMap<u32, Vec<u32>>,
    /// Cluster -> the cluster it merged into.
    merged: RowMap<u32, u32>,
    /// Cluster -> its quotes (a merged cluster's move to the one it
    /// merged into).
    members: RowList<u32, u32>,
    /// Scan the bigram lists for a quote whose words came before too: the
    /// same clusters, slower (the tests check so).
    #[cfg(test)]
    scan_repeats: bool,
}

impl QuoteClusterer {
    /// Held wholly in memory.
    pub fn new(cfg: QuoteClusterConfig) -> Self {
        Self::with_rows(cfg, false)
    }

    /// With its state in the store (see [`parallax_model::rows`]).
    pub fn stored(cfg: QuoteClusterConfig) -> Self {
        Self::with_rows(cfg, true)
    }

    fn with_rows(cfg: QuoteClusterConfig, persist: bool) -> Self {
        QuoteClusterer {
            cfg,
            articles: RowMap::new(TABLES[0], persist),
            meta: RowMap::new(TABLES[1], persist),
            quotes: RowMap::new(TABLES[2], persist),
            bigram: RowList::new(TABLES[3], TABLES[4], persist),
            exact: RowMap::new(TABLES[5], persist),
            long: RowMap::new(TABLES[6], persist),
            related: RowMap::new(TABLES[7], persist),
            merged: RowMap::new(TABLES[8], persist),
            members: RowList::new(TABLES[9], TABLES[10], persist),
            #[cfg(test)]
            scan_repeats: false,
        }
    }

    /// The changed rows since the last drain.
    pub fn drain(&mut self) -> Vec<Row> {
        let mut out = Vec::new();
        self.articles.drain_dirty(&mut out);
        self.meta.drain_dirty(&mut out);
        self.quotes.drain_dirty(&mut out);
        self.bigram.drain_dirty(&mut out);
        self.exact.drain_dirty(&mut out);
        self.long.drain_dirty(&mut out);
        self.related.drain_dirty(&mut out);
        self.merged.drain_dirty(&mut out);
        self.members.drain_dirty(&mut out);
        out
    }

    /// Forgets the cached rows (after a drain).
    pub fn clear(&mut self) {
        self.articles.clear();
        self.meta.clear();
        self.quotes.clear();
        self.bigram.clear();
        self.exact.clear();
        self.long.clear();
        self.related.clear();
        self.merged.clear();
        self.members.clear();
    }

    /// About the bytes of the rows held in memory.
    pub fn cached_bytes(&self) -> usize {
        self.articles.cached_bytes()
            + self.meta.cached_bytes()
            + self.merged.cached_bytes()
            + self.quotes.cached_bytes()
            + self.bigram.cached_bytes()
            + self.exact.cached_bytes()
            + self.long.cached_bytes()
            + self.related.cached_bytes()
            + self.members.cached_bytes()
    }

    fn meta(&mut self, rows: &mut Rows<'_>) -> Meta {
        self.meta.get(rows, &0).copied().unwrap_or_default()
    }

    /// Quotes added so far.
    pub fn len(&mut self, rows: &mut Rows<'_>) -> u32 {
        self.meta(rows).quotes
    }

    /// The cluster a cluster id now belongs to (merges followed).
    pub fn root(&mut self, rows: &mut Rows<'_>, mut c: u32) -> u32 {
        for _ in 0..1024 {
            match self.merged.get(rows, &c) {
                Some(&m) if m != c => c = m,
                _ => break,
            }
        }
        c
    }

    /// Adds an article's quotes, in order; returns their clusters.
    pub fn add_article(&mut self, rows: &mut Rows<'_>, article: i64, texts: &[&str]) -> Vec<u32> {
        if texts.is_empty() {
            return Vec::new();
        }
        let first = self.len(rows);
        self.articles
            .insert(article as u64, (first, texts.len() as u32));
        texts
            .iter()
            .enumerate()
            .map(|(i, t)| self.add(rows, article, i as u32, t).1)
            .collect()
    }

    /// Reads what [`QuoteClusterer::article_clusters`] will read for these
    /// articles (their quotes' rows and their clusters' first merge) in
    /// three requests, not a few per quote: an event's comparison asks for
    /// all its articles at once.
    pub fn prefetch_articles(&mut self, rows: &mut Rows<'_>, articles: &[i64]) {
        let keys: Vec<u64> = articles.iter().map(|&a| a as u64).collect();
        self.articles.prefetch(rows, &keys);
        let quotes: Vec<u32> = keys
            .iter()
            .filter_map(|k| self.articles.peek(k).copied())
            .flat_map(|(first, n)| first..first + n)
            .collect();
        self.quotes.prefetch(rows, &quotes);
        let clusters: Vec<u32> = quotes
            .iter()
            .filter_map(|q| self.quotes.peek(q).map(|r| r.cluster))
            .collect();
        self.merged.prefetch(rows, &clusters);
    }

    /// The clusters of an article's quotes, in order (merges followed);
    /// empty when it has none or was not added.
    pub fn article_clusters(&mut self, rows: &mut Rows<'_>, article: i64) -> Vec<u32> {
        let Some(&(first, n)) = self.articles.get(rows, &(article as u64)) else {
            return Vec::new();
        };
        (first..first + n)
            .filter_map(|q| self.cluster_of(rows, q))
            .collect()
    }

    /// A quote's row.
    pub fn quote(&mut self, rows: &mut Rows<'_>, q: u32) -> Option<QuoteRow> {
        self.quotes.get(rows, &q).copied()
    }

    /// The cluster of quote `q`, merges followed.
    pub fn cluster_of(&mut self, rows: &mut Rows<'_>, q: u32) -> Option<u32> {
        let c = self.quotes.get(rows, &q)?.cluster;
        Some(self.root(rows, c))
    }

    /// The quotes of cluster `c` (as it is now), in arrival order.
    pub fn members(&mut self, rows: &mut Rows<'_>, c: u32) -> Vec<u32> {
        let c = self.root(rows, c);
        let mut m = self.members.items(rows, c);
        m.sort_unstable();
        m
    }

    /// The clusters sharing a talking point with cluster `c`, sorted.
    /// Cost: the relations of `c` and of the clusters merged into it.
    pub fn related(&mut self, rows: &mut Rows<'_>, c: u32) -> Vec<u32> {
        let c = self.root(rows, c);
        let mut out = Vec::new();
        for o in self.related.get(rows, &c).cloned().unwrap_or_default() {
            let o = self.root(rows, o);
            if o != c {
                out.push(o);
            }
        }
        out.sort_unstable();
        out.dedup();
        out
    }

    /// Adds one quote (of article `article`, its `index`-th); returns its
    /// number and its cluster. Cost: the rows of its bigrams and
    /// `point_words`-grams, whatever the store holds.
    pub fn add(&mut self, rows: &mut Rows<'_>, article: i64, index: u32, text: &str) -> (u32, u32) {
        let cfg = self.cfg.clone();
        let mut meta = self.meta(rows);
        let me = meta.quotes;
        meta.quotes += 1;
        // The clusters this quote belongs with.
        let mut with: Vec<u32> = Vec::new();
        // The key of its words, made without the words themselves: a
        // repeat (most quotes of a stream of reprints) needs nothing else.
        let mut key = String::with_capacity(text.len());
        parallax_text::push_joined_tokens(text, &mut key);
        let exact_key = (!key.is_empty()).then(|| parallax_text::hash64(key.as_bytes()));
        let mut first_of_its_words = false;
        if let Some(h) = exact_key {
            match self.exact.get(rows, &h).copied() {
                Some(c) => with.push(c),
                None => first_of_its_words = true,
            }
        }
        // A quote whose words came before joins their cluster, and the
        // bigram lists hold nothing it would join that the first of its
        // words did not (or that did not join that one since): lists only
        // grow, and a list full when the first came takes no later quote,
        // so any quote this one would share enough lists with shares at
        // least as many with the first. So it reads none, and it is not
        // posted either: a later quote finds the first of its words in
        // the same lists, with the same cluster. A quote reprinted a
        // thousand times had been posted a thousand times, the lists of
        // its bigrams were most of an ingest's quote work, and they filled
        // and were sealed with its reprints, so that a later wording of
        // it found nothing through them.
        let fresh = exact_key.is_none() || first_of_its_words;
        let scan = fresh;
        #[cfg(test)]
        let scan = scan || self.scan_repeats;
        // A repeat neither reads nor posts its bigrams: they are not made,
        // nor its words.
        let ws = match scan {
            true => words(text),
            false => Vec::new(),
        };
        let bi = match ws.len() >= cfg.min_words && scan {
            true => bigrams(&ws),
            false => FxHashMap::default(),
        };
        // Clusters of longer quotes this one is inside of: it joins the
        // earliest and merges none (a phrase inside two statements does
        // not make them one).
        let mut inside: Vec<u32> = Vec::new();
        // The same over fewer than `min_shared` bigrams: joined only when
        // there is one such and nothing better.
        let mut weak: Vec<u32> = Vec::new();
        if !bi.is_empty() {
            let keys: Vec<u64> = bi.keys().copied().collect();
            self.bigram.prefetch(rows, &keys);
            // Quote -> (bigrams shared, of them with content, its
            // bigrams, its cluster).
            let mut shared: FxHashMap<u32, (u32, u32, u32, u32)> = FxHashMap::default();
            for (g, &content) in &bi {
                let c = u32::from(content);
                self.bigram.for_each(rows, *g, |x| {
                    let e = shared
                        .entry(x.quote)
                        .or_insert((0, 0, x.bigrams, x.cluster));
                    e.0 += 1;
                    e.1 += c;
                });
            }
            let a = bi.len() as u32;
            for (s, sc, b, cluster) in shared.into_values() {
                // Shared stopword pairs count towards the overlap, never
                // make it on their own: "this is not a swap" is not inside
                // "this is not a direct attack".
                if sc == 0 {
                    continue;
                }
                let jac = s as f32 / (a + b - s) as f32;
                let contained = s as f32 / a.min(b) as f32 >= cfg.same_containment;
                // Inside for sure: over `min_shared` bigrams with content,
                // or word for word (every bigram of the shorter quote).
                let sure = contained && (sc >= cfg.min_shared as u32 || s == a.min(b));
                if jac >= cfg.same_jaccard || sure && a > b {
                    with.push(cluster);
                } else if sure {
                    inside.push(cluster);
                } else if contained && a <= b {
                    // This quote is the fragment; a long quote never joins
                    // a fragment's cluster on so little, or every quote
                    // with "a lot of" would join "a lot of pain".
                    weak.push(cluster);
                }
            }
        }
        for c in &mut with {
            *c = self.root(rows, *c);
        }
        if with.is_empty() {
            let mut roots = |v: &mut Vec<u32>| {
                for c in v.iter_mut() {
                    *c = self.root(rows, *c);
                }
                v.sort_unstable();
                v.dedup();
            };
            roots(&mut inside);
            roots(&mut weak);
            if let Some(&first) = inside.first() {
                with.push(first);
            } else if weak.len() == 1 {
                // A fragment found in several statements ("a lot of pain"
                // in every quote with "a lot of") belongs to none of them.
                with = weak;
            }
        }
        with.sort_unstable();
        with.dedup();
        // The earliest cluster wins; the others merge into it.
        let cluster = match with.first() {
            Some(&c) => c,
            None => {
                meta.clusters += 1;
                meta.clusters - 1
            }
        };
        for &other in with.iter().skip(1) {
            for q in self.members.take(rows, other) {
                self.members.push(rows, cluster, q);
            }
            let rel = self.related.get(rows, &other).cloned().unwrap_or_default();
            if !rel.is_empty() {
                self.related.entry(rows, cluster).extend(rel);
            }
            self.merged.insert(other, cluster);
        }
        self.members.push(rows, cluster, me);
        if let (Some(h), true) = (exact_key, first_of_its_words) {
            self.exact.insert(h, cluster);
        }
        if ws.len() >= cfg.min_words && fresh {
            let posted = Posted {
                quote: me,
                bigrams: bi.len() as u32,
                cluster,
            };
            for g in bi.keys() {
                // A full list is sealed; a sealed one takes nothing more.
                let cap = cfg.max_posting as u32;
                if self.bigram.push_below(rows, *g, posted, cap) == Pushed::Full {
                    self.bigram.seal(rows, *g);
                }
            }
        }
        // Talking points: clusters of earlier quotes sharing a long run of
        // words with this one. A repeat has none to find: the first of its
        // words was linked, both ways, with the clusters posted under its
        // runs then, and each quote posted since under one of them linked
        // itself with that first one's cluster (a merge since is followed
        // when the links are read). Its runs and their lists are not made
        // or read (a quote reprinted a thousand times read them a thousand
        // times).
        let long = match scan {
            true => grams(&ws, cfg.point_words),
            false => FxHashSet::default(),
        };
        let mut partners: Vec<u32> = Vec::new();
        self.long.prefetch(rows, &long);
        for g in &long {
            if let Some(p) = self.long.get(rows, g) {
                partners.extend(p.iter().take(cfg.max_posting));
            }
        }
        let mut others: Vec<u32> = Vec::new();
        for p in partners {
            let p = self.root(rows, p);
            if p != cluster {
                others.push(p);
            }
        }
        others.sort_unstable();
        others.dedup();
        for &o in &others {
            let r = self.related.entry(rows, o);
            if !r.contains(&cluster) {
                r.push(cluster);
            }
        }
        if !others.is_empty() {
            let r = self.related.entry(rows, cluster);
            for o in others {
                if !r.contains(&o) {
                    r.push(o);
                }
            }
        }
        // Each cluster once per run of words: a quote repeated a thousand
        // times is one partner, not a thousand.
        for g in &long {
            let known = self
                .long
                .get(rows, g)
                .is_some_and(|p| p.len() >= cfg.max_posting || p.contains(&cluster));
            if !known {
                self.long.entry(rows, *g).push(cluster);
            }
        }
        self.quotes.insert(
            me,
            QuoteRow {
                article,
                index,
                cluster,
            },
        );
        self.meta.insert(0, meta);
        (me, cluster)
    }
}

/// Clusters `texts` (in arrival order), numbering clusters densely in
/// order of first appearance.
pub fn cluster_quotes(texts: &[&str], cfg: &QuoteClusterConfig) -> QuoteClusters {
    let mut qc = QuoteClusterer::new(cfg.clone());
    let none = NoRows;
    let mut rows = Rows::new(&none);
    for (i, t) in texts.iter().enumerate() {
        qc.add(&mut rows, 0, i as u32, t);
    }
    let mut ids: FxHashMap<u32, u32> = FxHashMap::default();
    let cluster: Vec<u32> = (0..texts.len() as u32)
        .map(|q| {
            let c = qc.cluster_of(&mut rows, q).unwrap_or(0);
            let next = ids.len() as u32;
            *ids.entry(c).or_insert(next)
        })
        .collect();
    let mut related: Vec<Vec<u32>> = vec![Vec::new(); ids.len()];
    for (&c, &dense) in &ids {
        let mut r: Vec<u32> = qc
            .related(&mut rows, c)
            .into_iter()
            .filter_map(|o| ids.get(&o).copied())
            .collect();
        r.sort_unstable();
        related[dense as usize] = r;
    }
    QuoteClusters { cluster, related }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Clusters and relations of `texts` added in order, with or without
    /// scanning for repeated words.
    fn clusters(texts: &[String], cfg: &QuoteClusterConfig, scan: bool) -> Vec<(u32, Vec<u32>)> {
        let mut qc = QuoteClusterer::new(cfg.clone());
        qc.scan_repeats = scan;
        let none = NoRows;
        let mut rows = Rows::new(&none);
        for (i, t) in texts.iter().enumerate() {
            qc.add(&mut rows, i as i64, 0, t);
        }
        (0..texts.len() as u32)
            .map(|q| {
                let c = qc.cluster_of(&mut rows, q).unwrap();
                (c, qc.related(&mut rows, c))
            })
            .collect()
    }

    #[test]
    fn a_fragment_joins_its_one_statement_but_merges_none() {
        let texts: Vec<String> = [
            // Two statements that share "a lot of" and nothing else.
            "there was a lot of gunfire and people started running",
            "we have a lot of respect for the engineers who built it",
            // A fragment in both: its own cluster, and the two stay apart.
            "a lot of pain",
            // A fragment of one statement only: it joins that one.
            "this fully demonstrated the great resilience and endogenous dynamics of trade",
            "resilience and endogenous power",
        ]
        .map(String::from)
        .to_vec();
        let got = clusters(&texts, &QuoteClusterConfig::default(), true);
        let c: Vec<u32> = got.iter().map(|(c, _)| *c).collect();
        assert_ne!(c[0], c[1]);
        assert_ne!(c[2], c[0]);
        assert_ne!(c[2], c[1]);
        assert_eq!(c[4], c[3]);
        // The fragment first: the statements after it do not join it.
        let texts: Vec<String> = [
            "a lot of pain",
            "there was a lot of gunfire and people started running",
            "we have a lot of respect for the engineers who built it",
        ]
        .map(String::from)
        .to_vec();
        let got = clusters(&texts, &QuoteClusterConfig::default(), true);
        assert_ne!(got[1].0, got[0].0);
        assert_ne!(got[2].0, got[0].0);
        assert_ne!(got[1].0, got[2].0);
    }

    #[test]
    fn stopword_pairs_join_nothing_and_a_shared_phrase_merges_nothing() {
        let texts: Vec<String> = [
            "they know this is not a direct attack on the country",
            // Inside the first over "this is", "is not", "not a" alone.
            "this is not a swap",
            // Shares "a swap" with the one before: the same statement.
            "please note that this is not a swap",
            "dialogue is impossible in a situation like this",
            // Shares "in a", "a situation", "situation like" with the
            // one before: three bigrams, two of them with a content word.
            "the child was not under attack but all sorts of things could happen in a situation like that",
            // Word for word inside the one before but one: joins it.
            "impossible in a situation like this",
            // Two statements with one phrase in common, then the phrase
            // alone: it is inside both word for word ("people were" is
            // two stopwords), joins the first and merges neither.
            "nearly 80 people were killed on thursday in the city centre",
            "officials said 80 people were killed in the floods last year",
            "80 people were killed",
        ]
        .map(String::from)
        .to_vec();
        for scan in [false, true] {
            let got = clusters(&texts, &QuoteClusterConfig::default(), scan);
            let c: Vec<u32> = got.iter().map(|(c, _)| *c).collect();
            assert_ne!(c[1], c[0], "{c:?}");
            assert_eq!(c[2], c[1], "{c:?}");
            assert_ne!(c[4], c[3], "{c:?}");
            assert_eq!(c[5], c[3], "{c:?}");
            assert_ne!(c[7], c[6], "{c:?}");
            assert_eq!(c[8], c[6], "{c:?}");
        }
    }

    #[test]
    fn a_repeated_quote_skips_the_scan_and_the_clusters_stay_the_same() {
        // Quotes drawn from a few sentences, each repeated, cut short or
        // with a word changed, in a pseudo-random order; posting lists of
        // three or six items, so that lists fill and seal.
        let base = [
            "we will not rest until the people of this city are safe again",
            "the talks were useful but there is still a long way to go",
            "we will not rest until the talks are finished and the city is safe",
            "there is still a long way to go before the people are safe again",
        ];
        let mut state = 7_u64;
        let mut texts = Vec::new();
        for _ in 0..400 {
            state = parallax_text::mix64(state.wrapping_add(0x9e37_79b9_7f4a_7c15));
            let words: Vec<&str> = base[(state % 4) as usize].split(' ').collect();
            let t = match (state >> 8) % 4 {
                0 | 1 => words.join(" "),
                2 => words[..words.len() - 1 - ((state >> 16) % 4) as usize].join(" "),
                _ => {
                    let mut w = words.clone();
                    let i = ((state >> 16) as usize) % w.len();
                    w[i] = ["again", "city", "long", "never"][((state >> 24) % 4) as usize];
                    w.join(" ")
                }
            };
            texts.push(t);
        }
        for max_posting in [3, 6, 1000] {
            let cfg = QuoteClusterConfig {
                max_posting,
                ..Default::default()
            };
            let fast = clusters(&texts, &cfg, false);
            assert_eq!(
                fast,
                clusters(&texts, &cfg, true),
                "max_posting {max_posting}"
            );
            let distinct: std::collections::HashSet<u32> = fast.iter().map(|c| c.0).collect();
            assert!(distinct.len() >= 2, "{distinct:?}");
        }
    }
}
