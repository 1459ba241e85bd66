//! The `dedup` stage: exact, near and partial copies, and republications.
//!
//! **Method.** Each body becomes word 5-shingles, hashed; a shingle is a
//! *fingerprint* when its hash is 0 mod [`DedupConfig::sample_rate`]
//! (Broder's mod-m sampling). Fingerprints go into an inverted index;
//! candidates for a new article are the articles sharing fingerprints with
//! it, so the cost of one check depends on how many articles share its
//! text, not on the store's size.
//!
//! Why mod-m sampling and not MinHash-LSH or SimHash: the stage needs
//! *containment* (one article quoting two thirds of another) as well as
//! resemblance. A mod-m sample is a uniform sample of each shingle set, so
//! the shared fraction estimates both |A∩B|/|A∪B| and |A∩B|/min(|A|,|B|)
//! without bias; LSH banding only surfaces pairs above a Jaccard threshold
//! and SimHash estimates neither. The trade-off: a text of n shingles keeps
//! about n/8 fingerprints, so very short texts (under ~40 words) carry too
//! few for a reliable estimate and get exact-duplicate detection only (a
//! false negative, never a false positive); and a common boilerplate
//! paragraph can make false partial-copy candidates, which the containment
//! threshold keeps out. Posting lists stop growing at
//! [`DedupConfig::max_posting`]; a full list proposes only its earliest
//! articles, so boilerplate costs nothing and the thousandth copy of a
//! syndicated story still finds the original.
//!
//! ```
//! use parallax_dedup::{DedupConfig, Deduper};
//! use parallax_model::{ArticleId, CopyKind};
//!
//! let story = "The river burst its banks on Friday after a week of heavy rain, \
//!     flooding two villages and cutting the coastal road, officials said. \
//!     Rescue teams evacuated more than four hundred people overnight and \
//!     opened shelters in the school and the town hall.";
//! let mut d = Deduper::new(DedupConfig::default()).unwrap();
//! assert!(d.check(&ArticleId("a".into()), story).is_empty());
//! let links = d.check(&ArticleId("b".into()), &story.replace("Friday", "Saturday"));
//! assert_eq!(links[0].kind, CopyKind::Near);
//! ```

use rustc_hash::FxHashMap as HashMap;

use parallax_model::rows::{NoRows, Row, RowMap, Rows};
use parallax_model::{
    ArticleCard, ArticleId, CopyItem, CopyKind, CopyLink, DateSource, OutletSource,
};
use parallax_text::{hash64, shingle_hashes, tokens, Token};
use serde::{Deserialize, Serialize};

/// Configuration errors.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("invalid dedup configuration: {0}")]
    Config(String),
}

/// Settings of the dedup stage.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct DedupConfig {
    /// Words per shingle.
    pub shingle_words: usize,
    /// One shingle in this many (by hash) is a fingerprint.
    pub sample_rate: u64,
    /// Resemblance (Jaccard) at or above which two texts are near copies.
    pub near_threshold: f32,
    /// Containment of the smaller text at or above which it is a partial copy.
    pub partial_threshold: f32,
    /// Fingerprints a text needs before near/partial estimates are trusted.
    pub min_fingerprints: usize,
    /// A fingerprint's posting list stops growing at this many articles;
    /// a full list proposes only its earliest articles as candidates.
    /// Below the cap, each copy of a story reads every earlier copy's
    /// entry in each of its fingerprints' lists and the lists are written
    /// back whole, so a story's hundredth copy costs a hundred times its
    /// first: at 500, ingesting the 10,000 articles after 90,000 of the
    /// bench corpus spent 1.64 s on copies and 3.91 s storing stage state;
    /// at 200, 0.95 s and 2.84 s. A full list no longer counts the later
    /// articles holding its fingerprint (an outlet's boilerplate line, a
    /// story's hundredth copy), so a copy whose original came after the
    /// list filled shares fewer counted fingerprints with it: at 200, 32
    /// of the first 10,000 bench articles read as partial copies rather
    /// than near ones (the same original), and of the 10,000 after 90,000
    /// two texts of 27 words lost their partial link. Past a few hundred
    /// copies the cap of 500 did the same (docs/speed.md).
    pub max_posting: usize,
    /// Copy links kept per article: the earliest match and the strongest
    /// others. Copy groups need only one.
    pub max_links: usize,
}

impl Default for DedupConfig {
    fn default() -> Self {
        DedupConfig {
            shingle_words: 5,
            sample_rate: 8,
            near_threshold: 0.7,
            partial_threshold: 0.5,
            min_fingerprints: 4,
            max_posting: 200,
            max_links: 3,
        }
    }
}

/// What the copy stage reads of a body: the hash of its words (exact
/// copies) and its fingerprints, sorted. Made by [`DedupConfig::prints`].
#[derive(Debug, Clone, Default)]
pub struct Prints {
    normalised: u64,
    fps: Vec<u64>,
    /// No words at all.
    empty: bool,
}

impl DedupConfig {
    /// The body's [`Prints`]: word 5-shingles, hashed, one in
    /// `sample_rate` kept. Pure: it reads no state.
    pub fn prints(&self, body: &str) -> Prints {
        self.prints_of(&tokens(body))
    }

    /// [`DedupConfig::prints`] of a text already tokenized
    /// ([`parallax_text::tokens`]): the engine tokenizes an article's
    /// body once for this stage and the event stage.
    pub fn prints_of(&self, toks: &[Token]) -> Prints {
        let normalised = toks.iter().fold(0u64, |h, t| {
            parallax_text::mix64(h ^ hash64(t.text.as_bytes()))
        });
        let mut fps: Vec<u64> = shingle_hashes(toks, self.shingle_words)
            .into_iter()
            .filter(|h| h % self.sample_rate == 0)
            .collect();
        fps.sort_unstable();
        fps.dedup();
        Prints {
            normalised,
            fps,
            empty: toks.is_empty(),
        }
    }
}

/// Candidates a saturated posting list proposes (its earliest articles).
const SATURATED_CANDIDATES: usize = 8;

/// What the index keeps of an article: its id and how many fingerprints
/// it has (the estimates need the count, never the fingerprints again).
#[derive(Debug, Clone, Serialize, Deserialize)]
struct Doc {
    id: ArticleId,
    fingerprints: u32,
}

/// The stage's counters, one row.
#[derive(Debug, Clone, Copy, Default, Serialize, Deserialize)]
struct Meta {
    docs: u32,
}

/// The dedup stage's state: fingerprints of every article seen, indexed,
/// held as rows ([`parallax_model::rows`]) so that checking one article
/// reads and writes only the rows of its own fingerprints and candidates.
#[derive(Debug, Clone)]
pub struct Deduper {
    cfg: DedupConfig,
    meta: RowMap<u32, Meta>,
    docs: RowMap<u32, Doc>,
    /// Normalised-text hash -> doc.
    exact: RowMap<u64, u32>,
    /// Fingerprint -> docs holding it, in arrival order.
    index: RowMap<u64, Posting>,
}

/// A fingerprint's posting list. Once it reaches `max_posting` articles
/// it is full: it keeps only the earliest it proposes and never grows (a
/// boilerplate sentence in a million articles costs a few bytes, not a
/// million entries rewritten on every use).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
struct Posting {
    full: bool,
    docs: Vec<u32>,
}

/// The tables of the stored state.
pub const TABLES: [&str; 4] = ["dedup.meta", "dedup.doc", "dedup.exact", "dedup.post"];

impl Deduper {
    /// A deduper held wholly in memory (evaluation, tests).
    pub fn new(cfg: DedupConfig) -> Result<Self, Error> {
        Self::with_rows(cfg, false)
    }

    /// A deduper whose state lives in the store: pass the store as the
    /// source to [`Deduper::check_in`] and save [`Deduper::drain`].
    pub fn stored(cfg: DedupConfig) -> Result<Self, Error> {
        Self::with_rows(cfg, true)
    }

    fn with_rows(cfg: DedupConfig, persist: bool) -> Result<Self, Error> {
        if cfg.shingle_words == 0 || cfg.sample_rate == 0 {
            return Err(Error::Config(
                "shingle_words and sample_rate must be at least 1".into(),
            ));
        }
        for (name, v) in [
            ("near_threshold", cfg.near_threshold),
            ("partial_threshold", cfg.partial_threshold),
        ] {
            if !(0.0..=1.0).contains(&v) {
                return Err(Error::Config(format!(
                    "{name} must be within 0..=1, not {v}"
                )));
            }
        }
        Ok(Deduper {
            cfg,
            meta: RowMap::new(TABLES[0], persist),
            docs: RowMap::new(TABLES[1], persist),
            exact: RowMap::new(TABLES[2], persist),
            index: RowMap::new(TABLES[3], persist),
        })
    }

    /// The changed rows since the last drain, to be saved with the
    /// stage's cursor.
    pub fn drain(&mut self) -> Vec<Row> {
        let mut out = Vec::new();
        self.meta.drain_dirty(&mut out);
        self.docs.drain_dirty(&mut out);
        self.exact.drain_dirty(&mut out);
        self.index.drain_dirty(&mut out);
        out
    }

    /// Forgets the cached rows (after a drain), bounding memory or because
    /// another writer may have changed the store.
    pub fn clear(&mut self) {
        self.meta.clear();
        self.docs.clear();
        self.exact.clear();
        self.index.clear();
    }

    /// About the bytes of the rows held in memory.
    pub fn cached_bytes(&self) -> usize {
        self.docs.cached_bytes() + self.exact.cached_bytes() + self.index.cached_bytes()
    }

    /// The settings (their [`DedupConfig::prints`] is what
    /// [`Deduper::check_prints_in`] takes).
    pub fn config(&self) -> &DedupConfig {
        &self.cfg
    }

    /// Articles checked so far.
    pub fn len(&mut self, rows: &mut Rows<'_>) -> u32 {
        self.meta.get(rows, &0).map_or(0, |m| m.docs)
    }

    /// Checks a new article's body against every article seen, then adds
    /// it. Returns the copy relations found, strongest first.
    pub fn check(&mut self, id: &ArticleId, body: &str) -> Vec<CopyLink> {
        self.check_in(&mut Rows::new(&NoRows), id, body)
    }

    /// [`Deduper::check`] with the state's rows read from `rows`. Cost:
    /// one row per fingerprint of the article (about one word in eight),
    /// one per candidate article, and the same rows written back.
    pub fn check_in(&mut self, rows: &mut Rows<'_>, id: &ArticleId, body: &str) -> Vec<CopyLink> {
        let prints = self.cfg.prints(body);
        self.check_prints_in(rows, id, &prints)
    }

    /// [`Deduper::check_in`] on the body's [`DedupConfig::prints`], made
    /// beforehand (a pure step another thread may run ahead).
    pub fn check_prints_in(
        &mut self,
        rows: &mut Rows<'_>,
        id: &ArticleId,
        prints: &Prints,
    ) -> Vec<CopyLink> {
        let (normalised, fps) = (prints.normalised, &prints.fps);
        let me = self.len(rows);
        self.meta.entry(rows, 0).docs = me + 1;
        let mut links = Vec::new();
        let doc = Doc {
            id: id.clone(),
            fingerprints: fps.len() as u32,
        };

        if prints.empty {
            self.docs.insert(me, doc);
            return links;
        }
        let exact_of = self.exact.get(rows, &normalised).copied();
        if let Some(d) = exact_of {
            if let Some(other) = self.docs.get(rows, &d) {
                links.push(CopyLink {
                    article: id.clone(),
                    other: other.id.clone(),
                    kind: CopyKind::Exact,
                    similarity: 1.0,
                });
            }
        } else {
            self.exact.insert(normalised, me);
        }

        if fps.len() >= self.cfg.min_fingerprints {
            let mut shared: HashMap<u32, u32> = HashMap::default();
            let mut found: Vec<(u32, CopyLink)> = Vec::new();
            self.index.prefetch(rows, fps);
            for f in fps {
                if let Some(post) = self.index.get(rows, f) {
                    // A saturated list (boilerplate, or a story carried
                    // hundreds of times) proposes only its earliest
                    // articles, where the originals are: all it keeps.
                    for &d in &post.docs {
                        *shared.entry(d).or_default() += 1;
                    }
                }
            }
            // In doc order, so row reads (and so results) do not depend on
            // the hash map's iteration order.
            let mut shared: Vec<(u32, u32)> = shared.into_iter().collect();
            shared.sort_unstable();
            self.docs.prefetch(rows, shared.iter().map(|(d, _)| d));
            for (d, n) in shared {
                if Some(d) == exact_of {
                    continue;
                }
                let Some(other) = self.docs.get(rows, &d) else {
                    continue;
                };
                let (a, b, n) = (fps.len() as f32, other.fingerprints as f32, n as f32);
                if (other.fingerprints as usize) < self.cfg.min_fingerprints {
                    continue;
                }
                let jaccard = n / (a + b - n);
                let containment = n / a.min(b);
                let link = |kind, similarity| CopyLink {
                    article: id.clone(),
                    other: other.id.clone(),
                    kind,
                    similarity,
                };
                if jaccard >= self.cfg.near_threshold {
                    found.push((d, link(CopyKind::Near, jaccard)));
                } else if containment >= self.cfg.partial_threshold {
                    found.push((d, link(CopyKind::Partial, containment)));
                }
            }
            // A story carried by hundreds of sites would otherwise link
            // each new copy to every earlier one. Groups need far less:
            // keep the earliest match (the likely original) and the
            // strongest others, up to `max_links`.
            found.sort_by(|(da, x), (db, y)| {
                x.kind
                    .cmp(&y.kind)
                    .then(y.similarity.total_cmp(&x.similarity))
                    .then(da.cmp(db))
            });
            if let Some(earliest) = found.iter().map(|(d, _)| *d).min() {
                links.extend(
                    found
                        .iter()
                        .filter(|(d, _)| *d == earliest)
                        .map(|(_, l)| l.clone()),
                );
                let others = found
                    .iter()
                    .filter(|(d, _)| *d != earliest)
                    .map(|(_, l)| l.clone());
                links.extend(others.take(self.cfg.max_links.saturating_sub(1)));
            }
        }
        for f in fps {
            // A full list is not written again.
            if self.index.get(rows, f).is_some_and(|p| p.full) {
                continue;
            }
            let post = self.index.entry(rows, *f);
            post.docs.push(me);
            if post.docs.len() >= self.cfg.max_posting {
                post.full = true;
                post.docs.truncate(SATURATED_CANDIDATES);
            }
        }
        self.docs.insert(me, doc);
        links.sort_by(|x, y| {
            x.kind
                .cmp(&y.kind)
                .then(y.similarity.total_cmp(&x.similarity))
                .then(x.other.cmp(&y.other))
        });
        links
    }
}

/// What the copy report needs to know of an article.
#[derive(Debug, Clone)]
pub struct CopyFacts<'a> {
    pub article: &'a ArticleCard,
    /// Arrival order.
    pub seq: usize,
}

/// Whether an article says it is carried from an agency feed or credits
/// its text to another outlet, and to whom.
pub fn republication(a: &ArticleCard) -> Option<(Option<String>, String)> {
    if !says_republished(a.agency_feed, a.outlet_source) {
        return None;
    }
    let agency = a.agencies.first().cloned();
    if a.agency_feed {
        let who = agency
            .clone()
            .map(|g| format!(", credited to {g}"))
            .unwrap_or_default();
        return Some((
            agency,
            format!("the text says it was published from an agency feed{who}"),
        ));
    }
    let credit = a.credits.first().cloned().unwrap_or_default();
    Some((
        agency,
        format!("the only author named is a credit line ({credit:?})"),
    ))
}

/// Whether an article with these fields is a republication (see
/// [`republication`]), without building its reason: the copy stage asks it
/// of every article.
pub fn says_republished(agency_feed: bool, outlet_source: Option<OutletSource>) -> bool {
    agency_feed || outlet_source == Some(OutletSource::Credit)
}

/// Groups copy links into copy groups, names each group's original and
/// lists every other member as a copy of it, then the republications whose
/// original is not in the store.
///
/// The original of a group: the member with the earliest explicit date;
/// failing that, the member published by the agency the others credit;
/// failing that, the first seen.
pub fn copy_report(facts: &[CopyFacts<'_>], links: &[CopyLink]) -> Vec<CopyItem> {
    let pos: HashMap<&ArticleId, usize> = facts
        .iter()
        .enumerate()
        .map(|(i, f)| (&f.article.id, i))
        .collect();
    let mut parent: Vec<usize> = (0..facts.len()).collect();
    fn find(p: &mut [usize], mut x: usize) -> usize {
        while p[x] != x {
            p[x] = p[p[x]];
            x = p[x];
        }
        x
    }
    for l in links {
        if let (Some(&a), Some(&b)) = (pos.get(&l.article), pos.get(&l.other)) {
            let (ra, rb) = (find(&mut parent, a), find(&mut parent, b));
            if ra != rb {
                parent[ra.max(rb)] = ra.min(rb);
            }
        }
    }
    let mut groups: HashMap<usize, Vec<usize>> = HashMap::default();
    for i in 0..facts.len() {
        let r = find(&mut parent, i);
        groups.entry(r).or_default().push(i);
    }
    // Each article's links, so a member finds its own in the time of its
    // links, not of all of them (a story carried thousands of times has
    // thousands of members and links).
    let mut by_article: HashMap<&ArticleId, Vec<&CopyLink>> = HashMap::default();
    for l in links {
        by_article.entry(&l.article).or_default().push(l);
        by_article.entry(&l.other).or_default().push(l);
    }
    let mut items = Vec::new();
    let mut roots: Vec<usize> = groups.keys().copied().collect();
    roots.sort_unstable();
    for root in roots {
        let members = &groups[&root];
        if members.len() < 2 {
            continue;
        }
        let (orig, why) = original(facts, members);
        for &m in members.iter().filter(|&&m| m != orig) {
            let (a, o) = (&facts[m].article, &facts[orig].article);
            let own = by_article.get(&a.id).map_or(&[][..], Vec::as_slice);
            let direct = own
                .iter()
                .find(|l| {
                    (l.article == a.id && l.other == o.id) || (l.article == o.id && l.other == a.id)
                })
                .copied();
            let best = direct.or_else(|| own.iter().min_by_key(|l| l.kind).copied());
            let (kind, similarity) = best.map_or((CopyKind::Near, None), |l| {
                (l.kind, direct.map(|d| d.similarity))
            });
            let mut reason = match kind {
                CopyKind::Exact => "same text".to_string(),
                CopyKind::Near => format!(
                    "nearly the same text (resemblance {:.2})",
                    best.map_or(0.0, |l| l.similarity)
                ),
                CopyKind::Partial => format!(
                    "contains most of the other text (containment {:.2})",
                    best.map_or(0.0, |l| l.similarity)
                ),
                CopyKind::Republication => String::new(),
            };
            if direct.is_none() {
                reason.push_str(", through another copy");
            }
            let credited = republication(a);
            if let Some((_, r)) = &credited {
                reason.push_str(&format!("; {r}"));
            }
            reason.push_str(&format!("; original {}: {why}", o.id));
            items.push(CopyItem {
                article: a.id.clone(),
                copy_of: Some(o.id.clone()),
                kind,
                similarity,
                credited_to: credited.and_then(|c| c.0),
                reason,
            });
        }
    }
    let copies: rustc_hash::FxHashSet<ArticleId> =
        items.iter().map(|i| i.article.clone()).collect();
    for f in facts {
        let a = f.article;
        if copies.contains(&a.id) {
            continue;
        }
        if let Some((credited_to, reason)) = republication(a) {
            items.push(CopyItem {
                article: a.id.clone(),
                copy_of: None,
                kind: CopyKind::Republication,
                similarity: None,
                credited_to,
                reason: format!("{reason}; the original is not in the store"),
            });
        }
    }
    items
}

fn original(facts: &[CopyFacts<'_>], members: &[usize]) -> (usize, String) {
    let explicit: Vec<usize> = members
        .iter()
        .copied()
        .filter(|&m| facts[m].article.published_source == Some(DateSource::Explicit))
        .collect();
    if let Some(&m) = explicit
        .iter()
        .min_by_key(|&&m| (facts[m].article.published, facts[m].seq))
    {
        let d = facts[m]
            .article
            .published
            .map(|d| d.to_string())
            .unwrap_or_default();
        return (m, format!("earliest explicit publication date ({d})"));
    }
    let credited: rustc_hash::FxHashSet<&str> = members
        .iter()
        .flat_map(|&m| facts[m].article.agencies.iter().map(String::as_str))
        .collect();
    if let Some(&m) = members.iter().find(|&&m| {
        let a = facts[m].article;
        a.outlet.as_deref().is_some_and(|o| credited.contains(o))
            && a.outlet_source != Some(OutletSource::Credit)
    }) {
        let o = facts[m].article.outlet.clone().unwrap_or_default();
        return (m, format!("published by {o}, the agency the copies credit"));
    }
    let m = *members
        .iter()
        .min_by_key(|&&m| facts[m].seq)
        .expect("a group has members");
    (
        m,
        "first seen (no explicit dates, no credited agency among them)".into(),
    )
}

#[cfg(test)]
mod tests;
