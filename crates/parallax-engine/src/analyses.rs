//! The stateful stages after ingest: copies (dedup), events and
//! storylines (cluster) and findings (analyze), kept up to date
//! incrementally.
//!
//! Each stage has a cursor in the store: the arrival number of the last
//! article it has seen. [`catch_up`] feeds each stage the articles stored
//! after its cursor, in arrival order, a chunk at a time; each chunk is one
//! write transaction that saves the rows the stages changed (their state
//! lives in the store as rows, see [`parallax_model::rows`]), the new copy
//! links and findings, and the cursors. So one new article costs the rows
//! it touches, whatever the store holds, and a crash loses at most the
//! chunk being written, which the next command redoes.
//!
//! Several processes may catch up one store: the chunk is processed under
//! the store's write lock, from the cursors read under it. A stage keeps
//! the rows it read in memory between chunks only while no other process
//! has moved the cursors.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::time::{Duration, Instant};

use parallax_cluster::{ClusterConfig, Clusterer};
use parallax_dedup::{copy_report, CopyFacts, DedupConfig, Deduper};
use parallax_model::rows::Rows;
use parallax_model::{
    Article, ArticleId, CopyItem, Event, EventSummary, PubDate, Storyline, TitleSource,
};
use parallax_store::ArticleStore;

use crate::{Error, Progress, Result};

/// The dedup stage's cursor.
pub const DEDUP: &str = "dedup";
/// The cluster stage's cursor.
pub const CLUSTER: &str = "cluster";
/// The analyze stage's cursor.
pub const ANALYZE: &str = "analyze";
/// The search index's cursor: the full-text index is fed like a stage, so
/// a store made before it is indexed by the next command, a chunk at a
/// time, as a stage catches up.
pub const SEARCH: &str = "search";
/// Stage rows naming the articles a stage failed on: arrival number ->
/// which stage and why. Such an article is kept, with no findings.
pub const FAILED: &str = "failed";

/// Articles per write transaction while catching up: large enough that a
/// bulk catch-up is not dominated by commits, small enough that the write
/// lock is held for seconds at most and a crash redoes little. Most of a
/// chunk's writes land on pages all over the stage rows' and copy links'
/// indexes (their keys are hashes), and each commit writes every page it
/// dirtied in full, so a page is written once per chunk that touches it:
/// adding the last 10k bench articles to a store of the first 90k wrote
/// 41,050 pages to the log at 1,000 (with 1,024-article batches) and
/// 26,767 at 4,000, for about 50 MiB more memory (`bench scale`: the
/// bulk ingest at 100k went from 1,767-1,832 to 1,940 articles/s, its
/// CPU time the same).
const CHUNK: usize = 4000;
/// Bytes of cached rows above which the stages forget their caches after a
/// commit, so memory stays bounded on a long catch-up. Below it the rows
/// an article touches (a bigram's posting, a term's events) stay in memory
/// from one chunk to the next instead of being read again: at 100,000
/// articles the stages' whole state is about 200 MB of rows, so a bulk
/// ingest reads each hot row about once.
const MAX_CACHED: usize = 256 << 20;

/// Articles this process has just stored, with their arrival numbers,
/// kept for the stages so a catch-up does not read back (and decode) what
/// it was handed a moment ago. At most two chunks' worth: past that the
/// oldest are let go, and the catch-up reads those from the store as it
/// reads any other process's. Only a run of arrival numbers that follows
/// the stages' cursor with no gap is taken from here; anything else (an
/// article another process stored between two of ours, a cursor another
/// process moved) is read from the store, so what the stages see is the
/// store's order either way.
#[derive(Debug, Default)]
pub struct Fresh {
    items: std::collections::VecDeque<(i64, Article)>,
    bytes: usize,
}

impl Fresh {
    /// Articles kept at which an ingest that feeds the stages along
    /// ([`crate::Engine::set_stages_along`]) hands them a chunk.
    pub const FEED_AT: usize = CHUNK;
    /// The most articles kept: two chunks, so a batch stored past
    /// [`Fresh::FEED_AT`] is all kept.
    const MAX: usize = 2 * CHUNK;
    /// The most bytes of text kept.
    const MAX_BYTES: usize = 64 << 20;

    /// Keeps a stored article; the oldest go when the queue is full.
    pub fn push(&mut self, seq: i64, article: Article) {
        if self.items.back().is_some_and(|(last, _)| *last >= seq) {
            // Not in arrival order (cannot happen with one store): start
            // again rather than hand the stages a run out of order.
            self.clear();
        }
        self.bytes += article.body.len();
        self.items.push_back((seq, article));
        while self.items.len() > Self::MAX || self.bytes > Self::MAX_BYTES {
            let Some((_, a)) = self.items.pop_front() else {
                break;
            };
            self.bytes -= a.body.len();
        }
    }

    /// Articles kept.
    pub fn len(&self) -> usize {
        self.items.len()
    }

    /// The arrival number of the `n`th article kept (from 1).
    pub fn nth_seq(&self, n: usize) -> Option<i64> {
        self.items.get(n.checked_sub(1)?).map(|(s, _)| *s)
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    pub fn clear(&mut self) {
        self.items.clear();
        self.bytes = 0;
    }

    /// The articles kept that come right after `after`, up to `limit`,
    /// in order and with no gap; None when the next one to read is not
    /// here. Those at or before `after` are let go: the stages are past
    /// them.
    fn take_after(&mut self, after: i64, limit: usize) -> Option<Vec<(i64, Article)>> {
        while self.items.front().is_some_and(|(s, _)| *s <= after) {
            let (_, a) = self.items.pop_front().expect("looked at");
            self.bytes -= a.body.len();
        }
        if self.items.front().is_none_or(|(s, _)| *s != after + 1) {
            return None;
        }
        let mut out: Vec<(i64, Article)> = Vec::with_capacity(limit.min(self.items.len()));
        while out.len() < limit {
            let next = after + 1 + out.len() as i64;
            if self.items.front().is_none_or(|(s, _)| *s != next) {
                break;
            }
            let item = self.items.pop_front().expect("looked at");
            self.bytes -= item.1.body.len();
            out.push(item);
        }
        Some(out)
    }
}

fn state_error(what: &str, e: impl std::fmt::Display) -> Error {
    Error::State(format!("{what}: {e}"))
}

/// The stateful stages of one engine, with the rows they have cached.
pub struct Stages {
    dedup: Deduper,
    clusterer: Clusterer,
    quotes: parallax_analyze::QuoteClusterer,
    speakers: crate::speakers::SpeakerIndex,
    listing: crate::listing::ListingIndex,
    pub(crate) outlets: crate::outlets::OutletIndex,
    embeddings: bool,
    /// The sentence model, once looked for (None inside: not installed).
    embedder: Option<Option<parallax_embed::Embedder>>,
    /// Articles this process embedded as it stored them: counted then,
    /// not again when the stages take their stored vectors.
    embedded_here: std::collections::HashSet<i64>,
    /// The cursors as this process last left them: when the store's differ,
    /// another process has written stage rows and the caches are stale.
    left: Option<[i64; 7]>,
}

impl std::fmt::Debug for Stages {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Stages")
            .field("embeddings", &self.embeddings)
            .field("cached_bytes", &self.cached_bytes())
            .field("left", &self.left)
            .finish()
    }
}

impl Stages {
    pub fn new(dedup: &DedupConfig, cluster: &ClusterConfig, embeddings: bool) -> Result<Self> {
        Ok(Stages {
            dedup: Deduper::stored(dedup.clone()).map_err(|e| state_error("dedup config", e))?,
            clusterer: Clusterer::stored(cluster.clone())
                .map_err(|e| state_error("cluster config", e))?,
            quotes: parallax_analyze::QuoteClusterer::stored(Default::default()),
            speakers: crate::speakers::SpeakerIndex::stored(),
            listing: crate::listing::ListingIndex::stored(),
            outlets: crate::outlets::OutletIndex::stored(),
            embeddings,
            embedder: None,
            embedded_here: Default::default(),
            left: None,
        })
    }

    /// Forgets the cached rows when the store's cursors are not where this
    /// process last left them. Cost: the cursors' rows.
    pub(crate) fn sync<S: ArticleStore>(&mut self, store: &S) -> Result<()> {
        let now = cursors(store)?;
        if self.left != Some(now) {
            self.clear();
            self.left = Some(now);
        }
        Ok(())
    }

    fn forget(&mut self) {
        self.clear();
        self.left = None;
    }

    fn clear(&mut self) {
        self.dedup.clear();
        self.clusterer.clear();
        self.quotes.clear();
        self.speakers.clear();
        self.listing.clear();
        self.outlets.clear();
    }

    /// Feeds an article's findings to the indexes made from them (the
    /// speakers' and the listing's), each only when its cursor (`now`, as
    /// [`cursors`] orders them) is before the article: new findings and
    /// stored ones being caught up on alike.
    fn index_findings(
        &mut self,
        rows: &mut Rows<'_>,
        now: &[i64; 7],
        seq: i64,
        f: &parallax_model::Facts,
    ) {
        if seq > now[4] {
            self.speakers.add_article(rows, seq, &f.quotes);
        }
        if seq > now[6] {
            self.listing
                .add_article(rows, seq, f.quotes.len(), f.claims.len());
        }
    }

    fn cached_bytes(&self) -> usize {
        self.dedup.cached_bytes()
            + self.clusterer.cached_bytes()
            + self.quotes.cached_bytes()
            + self.speakers.cached_bytes()
            + self.listing.cached_bytes()
            + self.outlets.cached_bytes()
    }

    /// The sentence embedding of a query, by the model the stages embed
    /// articles with; None without the model (or when it fails, which is
    /// logged).
    pub(crate) fn query_vector(&mut self, text: &str) -> Option<Vec<f32>> {
        let model = self.embedder()?;
        match model.embed(&[text]) {
            Ok(mut v) => v.pop(),
            Err(e) => {
                tracing::warn!(error = %e, "embedding the query failed");
                None
            }
        }
    }

    fn embedder(&mut self) -> Option<&parallax_embed::Embedder> {
        if !self.embeddings {
            return None;
        }
        self.embedder
            .get_or_insert_with(crate::embed::load)
            .as_ref()
    }
}

impl StageTimes {
    /// Adds another's times and counts to these.
    pub fn add(&mut self, o: &StageTimes) {
        self.articles += o.articles;
        self.copies += o.copies;
        self.embed += o.embed;
        self.embedded += o.embedded;
        self.embeddings_reused += o.embeddings_reused;
        self.handed_over += o.handed_over;
        self.events += o.events;
        self.facts += o.facts;
        self.store += o.store;
    }
}

/// Where the time of a catch-up went, per stage.
#[derive(Debug, Clone, Default, serde::Serialize, schemars::JsonSchema)]
pub struct StageTimes {
    /// Articles the stages were fed.
    pub articles: usize,
    #[serde(with = "secs")]
    #[schemars(with = "f64")]
    pub copies: Duration,
    #[serde(with = "secs")]
    #[schemars(with = "f64")]
    pub embed: Duration,
    /// Articles given a sentence embedding, and how many of those took a
    /// stored one (the same text embedded before) instead of the model's.
    pub embedded: usize,
    pub embeddings_reused: usize,
    /// Articles the stages took as this process stored them, without
    /// reading them back (see [`Fresh`]).
    pub handed_over: usize,
    #[serde(with = "secs")]
    #[schemars(with = "f64")]
    pub events: Duration,
    #[serde(with = "secs")]
    #[schemars(with = "f64")]
    pub facts: Duration,
    /// Reading articles and stage rows, writing rows, and commits.
    #[serde(with = "secs")]
    #[schemars(with = "f64")]
    pub store: Duration,
}

mod secs {
    pub fn serialize<S: serde::Serializer>(
        d: &std::time::Duration,
        s: S,
    ) -> Result<S::Ok, S::Error> {
        s.serialize_f64((d.as_secs_f64() * 1000.0).round() / 1000.0)
    }
}

/// The stages' cursors, in the order [`feed_chunk`] indexes them.
const STAGES: [&str; 7] = [
    DEDUP,
    CLUSTER,
    ANALYZE,
    SEARCH,
    crate::speakers::SPEAKERS,
    crate::outlets::OUTLETS,
    crate::listing::LISTING,
];

fn cursors<S: ArticleStore>(store: &S) -> Result<[i64; 7]> {
    let mut out = [0; STAGES.len()];
    for (c, name) in out.iter_mut().zip(STAGES) {
        *c = store.cursor(name)?.unwrap_or(0);
    }
    Ok(out)
}

/// Whether any stage has articles it has not seen. Reads three rows and
/// one index entry: reading commands call it and write nothing when the
/// answer is no.
pub fn behind<S: ArticleStore>(store: &S) -> Result<bool> {
    let last = store.last_seq()?;
    Ok(cursors(store)?.iter().any(|&c| c < last))
}

/// Feeds every stage the articles stored after its cursor, a chunk per
/// write transaction, taking them from `fresh` where it has them: all of
/// them, or (with `until`) chunks until every cursor is at or past that
/// arrival number. Writes nothing when no stage is behind.
pub fn catch_up<S: ArticleStore>(
    store: &S,
    stages: &mut Stages,
    fresh: &mut Fresh,
    until: Option<i64>,
    progress: Progress,
) -> Result<StageTimes> {
    let mut times = StageTimes::default();
    let clock = Instant::now();
    let last = store.last_seq()?;
    let mut cur = cursors(store)?;
    times.store += clock.elapsed();
    let from = *cur.iter().min().unwrap_or(&0);
    if from >= last {
        return Ok(times);
    }
    // Only worth drawing for a long catch-up.
    let todo = (last - from) as usize;
    let bar = crate::progress_bar(
        if todo >= 1000 {
            progress
        } else {
            Progress::Hidden
        },
        todo,
        "{spinner} stages   [{bar:30}] {pos}/{len} articles ({per_sec}, eta {eta})",
    );
    loop {
        // Embedding is the dearest step, so it runs before the write lock
        // is taken, on the articles the cursors read now say are new; an
        // article another process places meanwhile is simply not used.
        let clock = Instant::now();
        let from = *cur.iter().min().unwrap_or(&0);
        if until.is_some_and(|u| from >= u) {
            break;
        }
        let (chunk, handed) = match fresh.take_after(from, CHUNK) {
            Some(kept) => (kept, true),
            None => (store.articles_since(from, CHUNK)?, false),
        };
        times.store += clock.elapsed();
        if chunk.is_empty() {
            break;
        }
        let clock = Instant::now();
        let new: Vec<&(i64, Article)> = chunk.iter().filter(|(s, _)| *s > cur[1]).collect();
        let mut vectors = match stages.embedder() {
            Some(model) if !new.is_empty() => embed_new(store, model, &new, &mut times)?,
            _ => Embedded::default(),
        };
        // Vectors this process wrote as it stored their articles were
        // counted then.
        for seq in vectors.by_seq.keys() {
            if stages.embedded_here.remove(seq) {
                times.embedded = times.embedded.saturating_sub(1);
                times.embeddings_reused = times.embeddings_reused.saturating_sub(1);
            }
        }
        times.embed += clock.elapsed();

        let clock = Instant::now();
        store.begin_write()?;
        times.store += clock.elapsed();
        match feed_chunk(store, stages, (chunk, handed), &mut vectors, &mut times) {
            Ok((done, now)) => {
                let clock = Instant::now();
                if let Err(e) = store.commit() {
                    // A commit that failed may leave the transaction open.
                    store.rollback();
                    stages.forget();
                    return Err(e.into());
                }
                times.store += clock.elapsed();
                cur = now;
                stages.left = Some(now);
                bar.inc(done as u64);
                times.articles += done;
                if stages.cached_bytes() > MAX_CACHED {
                    stages.clear();
                }
                if done == 0 {
                    break;
                }
            }
            Err(e) => {
                store.rollback();
                stages.forget();
                return Err(e);
            }
        }
    }
    bar.finish_and_clear();
    // Articles this process embedded that another process fed meanwhile
    // are counted no more: forget them.
    let fed = *cur.iter().min().unwrap_or(&0);
    stages.embedded_here.retain(|&s| s > fed);
    Ok(times)
}

/// Embeds the articles a worker has just stored (arrival number and
/// record) and keeps their vectors, outside the stages' lock: each worker
/// embeds what it stores, in parallel with the others, and the stages
/// later take the stored vectors (by the text's hash) instead of running
/// the model. Does nothing without the model. A worker killed before its
/// vectors are written loses nothing: the stages embed what has none.
pub fn embed_stored<S: ArticleStore>(
    store: &S,
    stages: &mut Stages,
    stored: &[(i64, Article)],
    times: &mut StageTimes,
) -> Result<()> {
    let Some(model) = stages.embedder() else {
        return Ok(());
    };
    if stored.is_empty() {
        return Ok(());
    }
    let clock = Instant::now();
    let refs: Vec<&(i64, Article)> = stored.iter().collect();
    let got = embed_new(store, model, &refs, times)?;
    stages.embedded_here.extend(got.by_seq.keys());
    let rows: Vec<(i64, i64, &[f32])> = got
        .by_seq
        .iter()
        .map(|(seq, (key, v))| (*seq, *key, v.as_slice()))
        .collect();
    if !rows.is_empty() {
        store.keep_vectors(&got.model, &rows)?;
    }
    times.embed += clock.elapsed();
    Ok(())
}

/// The sentence embeddings of a chunk's new articles, by arrival number,
/// each with the hash of its text, and the model's name.
#[derive(Debug, Default)]
struct Embedded {
    model: String,
    by_seq: HashMap<i64, (i64, Vec<f32>)>,
    /// The articles the model was run (or a stored vector looked up) for,
    /// whether or not it gave a vector.
    tried: std::collections::HashSet<i64>,
}

/// Embeds `new` articles: a text embedded before (a copy printed word for
/// word, here or earlier in the store) takes that vector; the rest go to
/// the model in batches (the encoder is faster on several texts at once).
/// Vectors are rounded to the stored precision, so a reused vector and a
/// fresh one are the same.
fn embed_new<S: ArticleStore>(
    store: &S,
    model: &parallax_embed::Embedder,
    new: &[&(i64, Article)],
    times: &mut StageTimes,
) -> Result<Embedded> {
    let mut out = Embedded {
        model: model.name().to_string(),
        by_seq: HashMap::new(),
        tried: new.iter().map(|(seq, _)| *seq).collect(),
    };
    let texts: Vec<(i64, i64, String)> = new
        .iter()
        .map(|(seq, a)| {
            let text = crate::embed::text_of(a);
            let key = parallax_text::hash64(text.as_bytes()) as i64;
            (*seq, key, text)
        })
        .collect();
    let mut known: HashMap<i64, Vec<f32>> = HashMap::new();
    let mut todo: Vec<usize> = Vec::new();
    let mut pending = std::collections::HashSet::new();
    for (i, (_, key, _)) in texts.iter().enumerate() {
        if known.contains_key(key) || !pending.insert(*key) {
            continue;
        }
        match store.vector_by_text(&out.model, *key)? {
            Some(v) => {
                known.insert(*key, v);
            }
            None => todo.push(i),
        }
    }
    let mut fresh = 0;
    for batch in todo.chunks(64) {
        let refs: Vec<&str> = batch.iter().map(|&i| texts[i].2.as_str()).collect();
        match model.embed(&refs) {
            Ok(vs) => {
                fresh += vs.len();
                for (&i, mut v) in batch.iter().zip(vs) {
                    parallax_store::stored_precision(&mut v);
                    known.insert(texts[i].1, v);
                }
            }
            Err(e) => tracing::warn!(
                error = %e,
                "embedding failed; these articles are clustered on words and names only"
            ),
        }
    }
    for (seq, key, _) in &texts {
        if let Some(v) = known.get(key) {
            out.by_seq.insert(*seq, (*key, v.clone()));
        }
    }
    times.embedded += out.by_seq.len();
    times.embeddings_reused += out.by_seq.len().saturating_sub(fresh);
    Ok(out)
}

/// One chunk, inside the write transaction: the cursors are read again
/// under the lock (another process may have moved them since), each stage
/// is fed the articles past its own, and rows, links, findings and
/// cursors are written. Returns the articles fed and the new cursors.
fn feed_chunk<S: ArticleStore>(
    store: &S,
    stages: &mut Stages,
    (chunk, handed): (Vec<(i64, Article)>, bool),
    vectors: &mut Embedded,
    times: &mut StageTimes,
) -> Result<(usize, [i64; 7])> {
    let clock = Instant::now();
    let now = cursors(store)?;
    if stages.left != Some(now) {
        stages.clear();
    }
    let from = *now.iter().min().unwrap_or(&0);
    let (chunk, handed) = if chunk.first().is_some_and(|(s, _)| *s == from + 1) {
        (chunk, handed)
    } else {
        (store.articles_since(from, CHUNK)?, false)
    };
    times.store += clock.elapsed();
    let Some(&(end, _)) = chunk.last() else {
        return Ok((0, now));
    };
    // Another process may have fed the chunk embedded before the lock was
    // taken: the articles past it were not embedded yet. They are now,
    // under the lock, so no article is ever placed without its vector
    // because a neighbour was quicker.
    if let Some(model) = stages.embedder() {
        let missing: Vec<&(i64, Article)> = chunk
            .iter()
            .filter(|(s, _)| *s > now[1] && !vectors.tried.contains(s))
            .collect();
        if !missing.is_empty() {
            let t = Instant::now();
            let more = embed_new(store, model, &missing, times)?;
            vectors.model = more.model;
            vectors.by_seq.extend(more.by_seq);
            vectors.tried.extend(more.tried);
            times.embed += t.elapsed();
        }
    }
    let mut rows = Rows::new(store);
    let (mut links, mut facts, mut placed) = (Vec::new(), Vec::new(), Vec::new());
    let mut failed = Vec::new();
    let mut republished = Vec::new();
    let mut keep_vectors: Vec<(i64, i64, Vec<f32>)> = Vec::new();
    let merges_before = stages.clusterer.merge_count_in(&mut rows);
    // The speaker and listing indexes catching up on articles analyzed
    // before they existed read their stored findings, in one request.
    let backfill: Vec<ArticleId> = chunk
        .iter()
        .filter(|(s, _)| (*s > now[4] || *s > now[6]) && *s <= now[2])
        .map(|(_, a)| a.id.clone())
        .collect();
    let mut stored_facts: HashMap<ArticleId, String> = match backfill.is_empty() {
        true => HashMap::new(),
        false => store.facts_of(&backfill)?.into_iter().collect(),
    };
    // Most of a stage's work on an article reads that article alone: its
    // copy fingerprints, its event features, its findings, its search
    // text. A second thread makes those (fingerprints and features first,
    // in arrival order, then findings from a queue both threads draw on)
    // while this one feeds the stages that keep state (copies, events,
    // outlets, quote clusters, the indexes) in arrival order and writes
    // the rows. The rows are the same as when one thread did everything,
    // article by article: no stage reads another's rows, and each stage
    // still sees the articles in order. On one core the two take turns.
    let to_analyze: Vec<(i64, &Article)> = chunk
        .iter()
        .filter(|(s, _)| *s > now[2])
        .map(|(s, a)| (*s, a))
        .collect();
    let to_index: Vec<(i64, &Article)> = chunk
        .iter()
        .filter(|(s, _)| *s > now[3])
        .map(|(s, a)| (*s, a))
        .collect();
    let max_tokens = stages.clusterer.config().max_tokens;
    let dedup_cfg = stages.dedup.config().clone();
    // What the copy and event stages read of each article, made ahead.
    // The body is tokenized once for both (the story is the body without
    // its dateline: its tokens are the body's after the dateline).
    let ahead_of = |seq: i64, a: &Article| {
        let (copies, events) = (seq > now[0], seq > now[1]);
        let body = (copies || events).then(|| parallax_text::tokens(&a.body));
        let body = body.as_deref().unwrap_or_default();
        Ahead {
            prints: copies.then(|| match story_tokens(a, body) {
                Some(story) => dedup_cfg.prints_of(story),
                None => dedup_cfg.prints(a.story()),
            }),
            features: events.then(|| parallax_cluster::features_with(a, max_tokens, body)),
        }
    };
    let queue = Queue::new(&to_analyze);
    std::thread::scope(|scope| -> Result<()> {
        let (atx, arx) = std::sync::mpsc::channel::<Ahead>();
        let (ttx, trx) = std::sync::mpsc::channel::<Vec<(i64, String, String)>>();
        let to_index = &to_index;
        let queue = &queue;
        // However this thread leaves the chunk (an error included), the
        // helper takes no more articles.
        let _closing = queue.closing();
        let (chunk, ahead_of) = (&chunk, &ahead_of);
        let work = {
            let (atx, ttx) = (atx.clone(), ttx.clone());
            move || {
                // In the order the other thread needs them.
                let _left = queue.leaving();
                for (seq, a) in chunk {
                    if atx.send(ahead_of(*seq, a)).is_err() {
                        return;
                    }
                }
                drop(atx);
                if ttx.send(search_texts(to_index)).is_err() {
                    return;
                }
                while queue.run_one() {}
            }
        };
        let worker = match std::thread::Builder::new()
            .name("analyze".into())
            .spawn_scoped(scope, work)
        {
            Ok(handle) => Some(handle),
            Err(e) => {
                // No second thread to be had: this one does it all.
                tracing::debug!(error = %e, "no analysis thread; analysing in turn");
                for (seq, a) in chunk {
                    let _ = atx.send(ahead_of(*seq, a));
                }
                let _ = ttx.send(search_texts(to_index));
                None
            }
        };
        drop((atx, ttx));
        let stopped = || Error::State("the analysis thread stopped before the chunk's end".into());
        for (seq, a) in chunk {
            let ahead = arx.recv().map_err(|_| stopped())?;
            if let Some(prints) = &ahead.prints {
                let t = Instant::now();
                links.extend(stages.dedup.check_prints_in(&mut rows, &a.id, prints));
                if parallax_dedup::says_republished(a.agency_feed, a.outlet_source) {
                    republished.push(*seq);
                }
                times.copies += t.elapsed();
            }
            if let Some(mut f) = ahead.features {
                let t = Instant::now();
                let v = vectors.by_seq.remove(seq).map(|(key, v)| {
                    keep_vectors.push((*seq, key, v.clone()));
                    v
                });
                f.embedding = v;
                let p = stages.clusterer.add_features_in(&mut rows, &a.id, &f);
                placed.push((*seq, p.event, a));
                times.events += t.elapsed();
            }
            if *seq > now[5] {
                let t = Instant::now();
                stages.outlets.add_article(&mut rows, *seq, a);
                times.store += t.elapsed();
            }
        }
        // What does not wait for the findings is written while the other
        // thread makes them: where the articles went, the copy and event
        // stages' rows, the copy links and the search index.
        let t = Instant::now();
        // Each merge as written: into the event the merged one is part of
        // once the chunk is placed (an event that absorbed another in this
        // chunk may itself have been absorbed since).
        let merges: Vec<(u32, u32)> = stages
            .clusterer
            .merges_in(&mut rows, merges_before)
            .iter()
            .map(|m| (stages.clusterer.event_of_node_in(&mut rows, m.into), m.from))
            .collect();
        let placed: Vec<parallax_store::Placed> = placed
            .into_iter()
            .map(|(seq, event, a)| {
                let event = stages.clusterer.event_of_node_in(&mut rows, event);
                parallax_store::Placed {
                    seq,
                    event,
                    storyline: stages.clusterer.storyline_of_event_in(&mut rows, event),
                    published: a.published.map(|p| p.to_string()),
                    outlet: a.outlet.clone(),
                    title: a.title.clone(),
                    own_title: own_title(a),
                }
            })
            .collect();
        times.events += t.elapsed();
        read_ok(&rows)?;
        let clock = Instant::now();
        // Placed first, so that an event an article made in this chunk has
        // its row when an older one is merged into it: merged first, the
        // older event's count, dates and label went to no row, and the
        // event listed fewer articles than it held.
        store.place_articles(&placed)?;
        for &(into, from) in &merges {
            store.merge_events(into, from)?;
        }
        if !keep_vectors.is_empty() {
            let refs: Vec<(i64, i64, &[f32])> = keep_vectors
                .iter()
                .map(|(s, k, v)| (*s, *k, v.as_slice()))
                .collect();
            store.put_vectors(&vectors.model, &refs)?;
        }
        store.put_rows(&stages.dedup.drain())?;
        store.put_rows(&stages.clusterer.drain())?;
        store.put_rows(&stages.outlets.drain())?;
        store.put_copy_links(&links)?;
        // A link's ends are mostly in this chunk: their numbers are known.
        let in_chunk: HashMap<&ArticleId, i64> = chunk.iter().map(|(s, a)| (&a.id, *s)).collect();
        let seq_of = |id: &ArticleId| -> Result<Option<i64>> {
            match in_chunk.get(id) {
                Some(&s) => Ok(Some(s)),
                None => Ok(store.seq_of(id)?),
            }
        };
        let mut pairs = Vec::with_capacity(links.len());
        for l in &links {
            if let (Some(a), Some(b)) = (seq_of(&l.article)?, seq_of(&l.other)?) {
                pairs.push((a, b));
            }
        }
        store.join_copies_many(&pairs)?;
        for &seq in &republished {
            store.note_republication(seq)?;
        }
        let texts = trx.recv().map_err(|_| stopped())?;
        let docs: Vec<(i64, &str, &str)> = texts
            .iter()
            .map(|(seq, t, b)| (*seq, t.as_str(), b.as_str()))
            .collect();
        store.index_search(&docs)?;
        times.store += clock.elapsed();

        let t = Instant::now();
        for (seq, a) in chunk {
            if *seq > now[2] {
                let got = queue.take(*seq)?;
                if let Some(why) = &got.failed {
                    failed.push(failure(ANALYZE, *seq, why));
                }
                let f = got.facts;
                let texts: Vec<&str> = f.quotes.iter().map(|q| q.text.as_str()).collect();
                stages.quotes.add_article(&mut rows, *seq, &texts);
                stages.index_findings(&mut rows, &now, *seq, &f);
                facts.push((a.id.clone(), got.json.map_err(|e| state_error("facts", e))?));
            } else if *seq > now[4] || *seq > now[6] {
                let f = read_facts(a, stored_facts.remove(&a.id));
                stages.index_findings(&mut rows, &now, *seq, &f);
            }
        }
        times.facts += t.elapsed();
        if let Some(handle) = worker {
            handle
                .join()
                .map_err(|_| Error::State("the analysis thread panicked".into()))?;
        }
        Ok(())
    })?;
    read_ok(&rows)?;
    let clock = Instant::now();
    store.put_rows(&stages.quotes.drain())?;
    store.put_rows(&stages.speakers.drain())?;
    store.put_rows(&stages.listing.drain())?;
    store.put_facts(&facts)?;
    store.put_rows(&failed)?;
    let next = now.map(|c| c.max(end));
    for (name, (was, to)) in STAGES.iter().zip(now.iter().zip(next)) {
        if to != *was {
            store.set_cursor(name, to)?;
        }
    }
    times.store += clock.elapsed();
    let fed = chunk.iter().filter(|(s, _)| *s > from).count();
    if handed {
        times.handed_over += fed;
    }
    Ok((fed, next))
}

/// What the copy and event stages read of an article, made ahead on the
/// analysis thread (None where the stage has seen the article).
struct Ahead {
    prints: Option<parallax_dedup::Prints>,
    features: Option<parallax_cluster::Features>,
}

/// An article's findings, made on the analysis thread: the facts (empty
/// when the analyzer failed on it, with why) and their stored JSON.
struct Analyzed {
    facts: parallax_model::Facts,
    json: serde_json::Result<String>,
    failed: Option<String>,
}

/// The chunk's articles to analyse, drawn by both threads: the one that
/// feeds the stages takes the findings in arrival order and, when the
/// next is not made yet, analyses the next article nobody has taken
/// instead of waiting, so neither thread idles while work is left.
struct Queue<'a> {
    items: &'a [(i64, &'a Article)],
    next: std::sync::atomic::AtomicUsize,
    done: std::sync::Mutex<Vec<Option<Analyzed>>>,
    ready: std::sync::Condvar,
    /// Set when the helper thread stopped before finishing what it took.
    helper_gone: std::sync::atomic::AtomicBool,
}

impl<'a> Queue<'a> {
    fn new(items: &'a [(i64, &'a Article)]) -> Self {
        Queue {
            items,
            next: 0.into(),
            done: std::sync::Mutex::new((0..items.len()).map(|_| None).collect()),
            ready: std::sync::Condvar::new(),
            helper_gone: false.into(),
        }
    }

    /// Analyses the next article nobody has taken; false when none is left.
    fn run_one(&self) -> bool {
        let k = self.next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let Some(&(_, a)) = self.items.get(k) else {
            return false;
        };
        let got = analyzed(a);
        self.done.lock().unwrap_or_else(|e| e.into_inner())[k] = Some(got);
        self.ready.notify_all();
        true
    }

    /// The findings of the article at arrival number `seq`, analysing
    /// others meanwhile. Articles must be taken in the queue's order.
    fn take(&self, seq: i64) -> Result<Analyzed> {
        let k = self.items.partition_point(|(s, _)| *s < seq);
        if self.items.get(k).map(|(s, _)| *s) != Some(seq) {
            return Err(Error::State(format!("article {seq} was not analysed")));
        }
        loop {
            let mut done = self.done.lock().unwrap_or_else(|e| e.into_inner());
            if let Some(got) = done[k].take() {
                return Ok(got);
            }
            drop(done);
            if self.run_one() {
                continue;
            }
            // Everything is taken: the helper is making this one.
            let mut done = self.done.lock().unwrap_or_else(|e| e.into_inner());
            while done[k].is_none() {
                if self.helper_gone.load(std::sync::atomic::Ordering::Acquire) {
                    return Err(Error::State(
                        "the analysis thread stopped before the chunk's end".into(),
                    ));
                }
                done = self.ready.wait(done).unwrap_or_else(|e| e.into_inner());
            }
        }
    }

    /// A guard for the thread that takes the findings: when it drops, no
    /// article is left to draw (the helper finishes the one it has).
    fn closing(&self) -> impl Drop + '_ {
        struct Closing<'q, 'a>(&'q Queue<'a>);
        impl Drop for Closing<'_, '_> {
            fn drop(&mut self) {
                self.0
                    .next
                    .store(self.0.items.len(), std::sync::atomic::Ordering::Relaxed);
            }
        }
        Closing(self)
    }

    /// A guard the helper thread holds while it draws: should it stop by
    /// a panic, the other thread is told instead of waiting for ever.
    fn leaving(&self) -> impl Drop + '_ {
        struct Left<'q, 'a>(&'q Queue<'a>);
        impl Drop for Left<'_, '_> {
            fn drop(&mut self) {
                if std::thread::panicking() {
                    let _done = self.0.done.lock().unwrap_or_else(|e| e.into_inner());
                    self.0
                        .helper_gone
                        .store(true, std::sync::atomic::Ordering::Release);
                    self.0.ready.notify_all();
                }
            }
        }
        Left(self)
    }
}

/// The tokens of `a.story()` among its body's tokens (`body`), or None
/// when a word runs across the story's start (a dateline glued to its
/// first word), where the story must be tokenized on its own. The story
/// is the body's end, so its other tokens are the body's.
fn story_tokens<'t>(
    a: &Article,
    body: &'t [parallax_text::Token],
) -> Option<&'t [parallax_text::Token]> {
    let start = a.body.len() - a.story().len();
    let i = body.partition_point(|t| t.range.start < start);
    if i > 0 && body[i - 1].range.end > start {
        return None;
    }
    Some(&body[i..])
}

/// Analyses one article. The analyzer is pure: a bug it hits on one
/// article is that article's failure, recorded with it, not the batch's.
fn analyzed(a: &Article) -> Analyzed {
    let (facts, failed) = match caught(|| parallax_analyze::analyze(a)) {
        Ok(f) => (f, None),
        Err(why) => {
            tracing::warn!(article = %a.id, "the {ANALYZE} stage failed on this article, which keeps no findings: {why}");
            (parallax_model::Facts::default(), Some(why))
        }
    };
    Analyzed {
        json: serde_json::to_string(&facts),
        facts,
        failed,
    }
}

/// The title and body the search index keeps of each article.
fn search_texts(articles: &[(i64, &Article)]) -> Vec<(i64, String, String)> {
    articles
        .iter()
        .map(|(seq, a)| {
            let title = a.title.as_deref().unwrap_or("");
            (
                *seq,
                crate::search::indexed_text(title),
                crate::search::indexed_text(&a.body),
            )
        })
        .collect()
}

/// Runs a pure step, turning a panic (a bug it hits on this input) into
/// the panic's message.
fn caught<T>(step: impl FnOnce() -> T) -> std::result::Result<T, String> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(step)).map_err(|panic| {
        panic
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| panic.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "a panic".into())
    })
}

/// The [`FAILED`] row recording that `stage` failed on the article at
/// arrival number `seq`.
fn failure(stage: &str, seq: i64, why: &str) -> parallax_model::rows::Row {
    parallax_model::rows::Row {
        table: FAILED,
        key: seq.to_be_bytes().to_vec(),
        value: Some(format!("{stage}: {why}").into_bytes()),
    }
}

/// The stages' results over the whole store, for the commands that report
/// on all of it (`analyze`, `export`, `quotes`, ...): every article, the
/// event each is in, merges, storylines and quote clusters. O(n) to load;
/// the commands about one event or one page use [`EventView`] instead.
#[derive(Debug)]
pub struct Analyses {
    /// Every stored article, in arrival order (index = arrival number).
    pub articles: Vec<Article>,
    /// The event of each article (merges followed), by index.
    event_of: Vec<u32>,
    /// (event the merge went into, merged event).
    merges: Vec<(u32, u32)>,
    /// The storyline of each event.
    storyline_of: HashMap<u32, u32>,
    /// The quote cluster of each article's quotes, by index.
    quote_clusters: Vec<Vec<u32>>,
    /// Clusters sharing a talking point with each cluster.
    related: HashMap<u32, Vec<u32>>,
}

/// Reads the stages' results for every stored article (see [`Analyses`]);
/// the stages must be caught up.
pub fn load<S: ArticleStore>(store: &S, stages: &mut Stages) -> Result<Analyses> {
    let (seqs, articles): (Vec<i64>, Vec<Article>) =
        store.articles_since(0, usize::MAX)?.into_iter().unzip();
    let mut rows = Rows::new(store);
    let c = &mut stages.clusterer;
    let placed = c.len_in(&mut rows).min(articles.len());
    let event_of: Vec<u32> = (0..placed).map(|i| c.event_of_in(&mut rows, i)).collect();
    let merges = c
        .merges_in(&mut rows, 0)
        .into_iter()
        .map(|m| (c.event_of_node_in(&mut rows, m.into), m.from))
        .collect();
    let mut storyline_of = HashMap::new();
    for &e in &event_of {
        if let std::collections::hash_map::Entry::Vacant(v) = storyline_of.entry(e) {
            v.insert(c.storyline_of_event_in(&mut rows, e));
        }
    }
    let q = &mut stages.quotes;
    q.prefetch_articles(&mut rows, &seqs);
    let quote_clusters: Vec<Vec<u32>> = seqs
        .iter()
        .map(|&seq| q.article_clusters(&mut rows, seq))
        .collect();
    let mut related = HashMap::new();
    for &k in quote_clusters.iter().flatten() {
        if let std::collections::hash_map::Entry::Vacant(v) = related.entry(k) {
            v.insert(q.related(&mut rows, k));
        }
    }
    read_ok(&rows)?;
    // What was read for this is not worth keeping.
    stages.clear();
    Ok(Analyses {
        articles,
        event_of,
        merges,
        storyline_of,
        quote_clusters,
        related,
    })
}

/// Builds an event's record from its members (index, article), in any
/// order.
fn make_event(id: u32, storyline: u32, merged: Vec<u32>, members: Vec<(usize, &Article)>) -> Event {
    let ordered = time_order(members);
    let dates: Vec<PubDate> = ordered.iter().filter_map(|(_, a)| a.published).collect();
    let label = ordered
        .iter()
        .find(|(_, a)| a.title_source != Some(TitleSource::Derived) && a.title.is_some())
        .or(ordered.first())
        .and_then(|(_, a)| a.title.clone())
        .unwrap_or_default();
    let mut outlets: Vec<String> = Vec::new();
    let mut seen: std::collections::HashSet<&str> = Default::default();
    for (_, a) in &ordered {
        if let Some(o) = &a.outlet {
            if seen.insert(o) {
                outlets.push(o.clone());
            }
        }
    }
    Event {
        id,
        label,
        start: dates.iter().min().copied(),
        end: dates.iter().max().copied(),
        articles: ordered.iter().map(|(_, a)| a.id.clone()).collect(),
        outlets,
        storyline,
        merged,
    }
}

/// One event read from the store by key: its record and its articles.
/// Cost: the event's members, whatever the store holds.
#[derive(Debug)]
pub struct EventView {
    pub event: Event,
    /// Its articles with their arrival numbers, in arrival order.
    pub articles: Vec<(i64, Article)>,
}

impl EventView {
    /// Event `id`, or None when there is no such event (or it was merged
    /// into another).
    pub fn read<S: ArticleStore>(store: &S, id: u32) -> Result<Option<EventView>> {
        let Some(row) = store.event_row(id)? else {
            return Ok(None);
        };
        let articles = store.articles_at(&store.event_members(id)?)?;
        let event = make_event(
            id,
            row.storyline,
            store.event_merged(id)?,
            articles.iter().map(|(seq, a)| (*seq as usize, a)).collect(),
        );
        Ok(Some(EventView { event, articles }))
    }

    /// Event `id`'s record alone, as [`EventView::read`] makes it, from
    /// its members' indexed columns (id, outlet, date): the only articles
    /// decoded are those read, in time order, until one has a title of its
    /// own (the label), usually the first. Cost: the members' index rows.
    pub fn record<S: ArticleStore>(store: &S, id: u32) -> Result<Option<Event>> {
        let Some(row) = store.event_row(id)? else {
            return Ok(None);
        };
        let mut keys: Vec<(i64, ArticleId, Option<String>, Option<PubDate>)> = store
            .event_member_keys(id)?
            .into_iter()
            .map(|(seq, aid, outlet, published)| {
                let date = published.as_deref().and_then(PubDate::parse_iso);
                (seq, aid, outlet, date)
            })
            .collect();
        keys.sort_by_key(|(seq, _, _, d)| (d.is_none(), *d, *seq));
        let dates = keys.iter().filter_map(|k| k.3);
        let (start, end) = (dates.clone().min(), dates.max());
        let order: Vec<(i64, Option<String>)> = keys
            .iter()
            .map(|(seq, _, _, d)| (*seq, d.map(|d| d.to_string())))
            .collect();
        let label = label_of(store, &order)?.and_then(|(title, _)| title);
        let mut outlets: Vec<String> = Vec::new();
        let mut seen: std::collections::HashSet<&str> = Default::default();
        for (_, _, o, _) in &keys {
            if let Some(o) = o {
                if seen.insert(o) {
                    outlets.push(o.clone());
                }
            }
        }
        let outlets = outlets;
        Ok(Some(Event {
            id,
            label: label.unwrap_or_default(),
            start,
            end,
            articles: keys.iter().map(|k| k.1.clone()).collect(),
            outlets,
            storyline: row.storyline,
            merged: store.event_merged(id)?,
        }))
    }

    /// What a listing shows of event `id`, from its row, its outlets'
    /// rows and its merges: O(outlets + merges), whatever its size. An
    /// event whose summary is not kept yet (made before summaries were,
    /// on a store no writer has caught up since) is summarized from its
    /// record, as before: its members' index rows.
    pub fn summary<S: ArticleStore>(store: &S, id: u32) -> Result<Option<EventSummary>> {
        match store.event_row(id)? {
            Some(row) => Self::summary_of(store, row),
            None => Ok(None),
        }
    }

    fn summary_of<S: ArticleStore>(
        store: &S,
        row: parallax_store::EventRow,
    ) -> Result<Option<EventSummary>> {
        if !row.summarized {
            return Ok(Self::record(store, row.id)?.map(|e| e.summary()));
        }
        let date = |d: &Option<String>| d.as_deref().and_then(PubDate::parse_iso);
        Ok(Some(EventSummary {
            id: row.id,
            label: row.label.clone().unwrap_or_default(),
            start: date(&row.start),
            end: date(&row.end),
            articles: row.articles,
            outlets: store.event_outlets(row.id)?,
            storyline: row.storyline,
            merged: store.event_merged(row.id)?,
        }))
    }

    /// Event `id`'s summary as its members give it, for an event whose
    /// summary is not kept: the label article (the least
    /// [`parallax_store::label_key`]) is found as [`EventView::record`]
    /// finds it, and each outlet's first article. Cost: the members'
    /// index rows, and the articles decoded until the label's.
    pub fn summary_row<S: ArticleStore>(
        store: &S,
        id: u32,
    ) -> Result<Option<parallax_store::EventSummaryRow>> {
        let mut keys: Vec<(String, i64, Option<String>, Option<String>)> = store
            .event_member_keys(id)?
            .into_iter()
            .map(|(seq, _, outlet, published)| {
                let key = parallax_store::time_key(published.as_deref(), seq);
                (key, seq, outlet, published)
            })
            .collect();
        keys.sort();
        let mut outlets: Vec<(String, String)> = Vec::new();
        let mut seen: HashSet<&str> = HashSet::new();
        for (key, _, outlet, _) in &keys {
            if let Some(o) = outlet {
                if seen.insert(o) {
                    outlets.push((o.clone(), key.clone()));
                }
            }
        }
        let order: Vec<(i64, Option<String>)> = keys
            .iter()
            .map(|(_, seq, _, published)| (*seq, published.clone()))
            .collect();
        let Some((label, label_key)) = label_of(store, &order)? else {
            return Ok(None);
        };
        Ok(Some(parallax_store::EventSummaryRow {
            label,
            label_key,
            outlets,
        }))
    }

    /// A page of events in time order, and how many match in all. Cost:
    /// the page's rows and their outlets' (see [`EventView::summary`]).
    pub fn page<S: ArticleStore>(
        store: &S,
        q: &parallax_store::EventQuery,
    ) -> Result<(Vec<EventSummary>, usize)> {
        let (rows, total) = store.events_page(q)?;
        let mut out = Vec::with_capacity(rows.len());
        for r in rows {
            out.extend(Self::summary_of(store, r)?);
        }
        Ok((out, total))
    }
}

/// Whether an article has a title of its own (not one derived from its
/// text): an event's label is the earliest such title.
fn own_title(a: &Article) -> bool {
    a.title_source != Some(TitleSource::Derived) && a.title.is_some()
}

/// The label of an event whose members are `order` (arrival number and
/// date as stored, in time order), with its [`parallax_store::label_key`]:
/// the title of the first member with a title of its own, else the first
/// member's; None for no members. Decodes the members in order until the
/// label's, usually the first.
fn label_of<S: ArticleStore>(
    store: &S,
    order: &[(i64, Option<String>)],
) -> Result<Option<(Option<String>, String)>> {
    for (seq, published) in order {
        let Some((_, a)) = store.articles_at(&[*seq])?.into_iter().next() else {
            continue;
        };
        if own_title(&a) {
            let key = parallax_store::label_key(true, published.as_deref(), *seq);
            return Ok(Some((a.title, key)));
        }
    }
    let Some((seq, published)) = order.first() else {
        return Ok(None);
    };
    let title = store
        .articles_at(&[*seq])?
        .into_iter()
        .next()
        .and_then(|(_, a)| a.title);
    let key = parallax_store::label_key(false, published.as_deref(), *seq);
    Ok(Some((title, key)))
}

/// Fills in the summaries (label, outlets) of the events that have none
/// (made before summaries were kept, or merged with one), in writes of
/// up to [`SUMMARIZE_STEP`] events, each computed under the write lock so
/// that no article joins meanwhile. Returns how many it filled. Cost:
/// those events' members' index rows, once: an event once summarized
/// stays so as articles join and events merge.
pub fn summarize_events<S: ArticleStore>(store: &S) -> Result<usize> {
    let mut done = 0;
    loop {
        if store.events_unsummarized(1)?.is_empty() {
            return Ok(done);
        }
        store.begin_write()?;
        let step = || -> Result<usize> {
            let ids = store.events_unsummarized(SUMMARIZE_STEP)?;
            for &id in &ids {
                // An event with no members (none is left so) gets a key
                // that any article joining it later goes before.
                let row = EventView::summary_row(store, id)?.unwrap_or_else(|| {
                    parallax_store::EventSummaryRow {
                        label: None,
                        label_key: "2".into(),
                        outlets: Vec::new(),
                    }
                });
                store.put_event_summary(id, &row)?;
            }
            Ok(ids.len())
        };
        match step() {
            Ok(n) => {
                store.commit()?;
                done += n;
                if n == 0 {
                    return Ok(done);
                }
            }
            Err(e) => {
                store.rollback();
                return Err(e);
            }
        }
    }
}

/// Events [`summarize_events`] fills in per write.
const SUMMARIZE_STEP: usize = 256;

/// Event `id` and the comparison of its outlets (see [`parallax_compare`]),
/// or None when there is no such event. Every member is listed from its
/// card, its findings' quotes, its quote clusters and the copy links that
/// touch it; only the sources the comparison aligns (the first of each
/// origin, at most `cfg.max_sources`) are read with their text and all
/// their findings. Cost: the event's members' index rows, cards and
/// quotes, plus at most `max_sources` articles in full: a story reprinted
/// thousands of times costs its reprints' cards, not their texts.
pub fn compare_event<S: ArticleStore>(
    store: &S,
    stages: &mut Stages,
    id: u32,
    cfg: &parallax_compare::CompareConfig,
) -> Result<Option<(Event, parallax_compare::Comparison)>> {
    let Some(event) = EventView::record(store, id)? else {
        return Ok(None);
    };
    let seqs = store.event_members(id)?;
    let cards = store.article_cards(&seqs)?;
    let ids: Vec<ArticleId> = cards.iter().map(|(_, c)| c.id.clone()).collect();
    // Copies: the links touching the event's articles, grouped over those
    // articles and the others the links name.
    let links = store.copy_links_of(&ids)?;
    let inside: HashSet<&ArticleId> = ids.iter().collect();
    let mut outside: Vec<&ArticleId> = links
        .iter()
        .flat_map(|l| [&l.article, &l.other])
        .filter(|id| !inside.contains(id))
        .collect();
    outside.sort();
    outside.dedup();
    let mut outside_seqs = Vec::with_capacity(outside.len());
    for id in outside {
        outside_seqs.extend(store.seq_of(id)?);
    }
    let others = store.article_cards(&outside_seqs)?;
    let mut all: Vec<&(i64, parallax_model::ArticleCard)> = cards.iter().chain(&others).collect();
    all.sort_by_key(|(seq, _)| *seq);
    let copy_facts: Vec<CopyFacts<'_>> = all
        .iter()
        .map(|(seq, card)| CopyFacts {
            article: card,
            seq: *seq as usize,
        })
        .collect();
    let copies = copy_report(&copy_facts, &links);
    let origin = origins(&copies);

    // The members in the event's order (by date), each with its origin;
    // which of them are aligned, and so read in full.
    let at: HashMap<&ArticleId, usize> = ids.iter().enumerate().map(|(i, id)| (id, i)).collect();
    let order: Vec<usize> = event
        .articles
        .iter()
        .filter_map(|id| at.get(id).copied())
        .collect();
    let origins: Vec<String> = order.iter().map(|&i| origin(&ids[i])).collect();
    let full = parallax_compare::needs_text(origins.iter().map(String::as_str), cfg);
    let full_seqs: Vec<i64> = order
        .iter()
        .zip(&full)
        .filter(|(_, f)| **f)
        .map(|(&i, _)| cards[i].0)
        .collect();
    let texts: HashMap<i64, Article> = store.articles_at(&full_seqs)?.into_iter().collect();
    // Findings a few hundred members at a time, each parsed as read: a
    // member's stored JSON is far larger than the quotes kept of it.
    let mut facts: Vec<parallax_model::Facts> = Vec::with_capacity(order.len());
    for (chunk, needs) in order.chunks(256).zip(full.chunks(256)) {
        let wanted: Vec<ArticleId> = chunk.iter().map(|&i| ids[i].clone()).collect();
        let stored: HashMap<ArticleId, String> = store.facts_of(&wanted)?.into_iter().collect();
        facts.extend(
            wanted
                .iter()
                .zip(needs)
                .map(|(id, &f)| read_findings(id, stored.get(id).map(String::as_str), f)),
        );
    }
    let mut rows = Rows::new(store);
    stages.quotes.prefetch_articles(&mut rows, &seqs);
    let clusters: Vec<Vec<u32>> = order
        .iter()
        .map(|&i| stages.quotes.article_clusters(&mut rows, cards[i].0))
        .collect();
    read_ok(&rows)?;
    let by_article: HashMap<&ArticleId, &CopyItem> =
        copies.iter().map(|c| (&c.article, c)).collect();
    let sources: Vec<parallax_compare::Source<'_>> = order
        .iter()
        .enumerate()
        .map(|(k, &i)| parallax_compare::Source {
            card: cards[i].1.clone(),
            article: texts.get(&cards[i].0),
            facts: &facts[k],
            origin: origins[k].clone(),
            copy: by_article.get(&ids[i]).map(|c| c.reason.clone()),
            quote_clusters: clusters[k].clone(),
        })
        .collect();
    let c = parallax_compare::compare(event.id, &sources, cfg);
    Ok(Some((event, c)))
}

/// Each article's origin, from the copy report: a copy's origin is its
/// original's; a republication of an agency story whose original is not
/// stored has the agency as origin, so two such copies count once; any
/// other article is its own.
fn origins(copies: &[CopyItem]) -> impl Fn(&ArticleId) -> String + '_ {
    let by_article: HashMap<&ArticleId, &CopyItem> =
        copies.iter().map(|c| (&c.article, c)).collect();
    move |id: &ArticleId| -> String {
        let mut at = id;
        for _ in 0..16 {
            match by_article.get(at) {
                Some(CopyItem {
                    copy_of: Some(o), ..
                }) => at = o,
                Some(CopyItem {
                    copy_of: None,
                    credited_to: Some(agency),
                    ..
                }) => return format!("agency:{}", agency.to_lowercase()),
                _ => break,
            }
        }
        at.0.clone()
    }
}

/// An article's stored findings, all of them or (`full` false) only its
/// quotes, which is all a compared event reads of a source it does not
/// align; none, with a warning, when they do not read.
fn read_findings(id: &ArticleId, json: Option<&str>, full: bool) -> parallax_model::Facts {
    #[derive(serde::Deserialize)]
    struct QuotesOf {
        #[serde(default)]
        quotes: Vec<parallax_model::Quote>,
    }
    let read = match (json, full) {
        (None, _) => return parallax_model::Facts::default(),
        (Some(j), true) => serde_json::from_str(j),
        (Some(j), false) => serde_json::from_str::<QuotesOf>(j).map(|q| parallax_model::Facts {
            quotes: q.quotes,
            ..Default::default()
        }),
    };
    read.unwrap_or_else(|e| {
        tracing::warn!(article = %id, error = %e, "unreadable stored facts");
        parallax_model::Facts::default()
    })
}

/// What a listing of quotes or claims keeps, and which page of it.
#[derive(Debug, Clone, Default)]
pub struct Listing {
    /// Only quotes whose speaker (canonical or as written) has every word
    /// of this, ignoring case ("biden" finds "Joe Biden" and "President
    /// Biden"; "joe biden" only the first).
    pub speaker: Option<String>,
    /// Only articles published on or after / before these days.
    pub since: Option<PubDate>,
    pub until: Option<PubDate>,
    /// Only the quotes of this event's articles (quotes listings).
    pub event: Option<u32>,
    pub offset: usize,
    pub limit: usize,
}

impl Listing {
    fn dated(&self, a: &Article) -> bool {
        let after = self
            .since
            .is_none_or(|s| a.published.is_some_and(|p| p >= s));
        let before = self
            .until
            .is_none_or(|u| a.published.is_some_and(|p| p < u));
        after && before
    }

    /// The listing of `places`, a page already chosen (and dated): all of
    /// it, from its start, whatever the dates.
    fn page_of(&self, places: &[crate::speakers::Place]) -> Listing {
        Listing {
            since: None,
            until: None,
            offset: 0,
            limit: places.len(),
            ..self.clone()
        }
    }

    /// The words of the speaker asked for (empty: any speaker).
    fn speaker_words(&self) -> Vec<String> {
        self.speaker
            .as_deref()
            .map(crate::speakers::query_words)
            .unwrap_or_default()
    }
}

/// Articles read per step of a listing: memory stays one step's articles
/// and the page, whatever the store holds.
const LIST_STEP: usize = 500;

/// Reads the store a step at a time in arrival order: each step's
/// articles and their stored findings (by id). Cost: O(n) time, O(step)
/// memory.
fn each_step<S: ArticleStore>(
    store: &S,
    mut f: impl FnMut(Vec<(i64, Article)>, HashMap<ArticleId, String>) -> Result<()>,
) -> Result<()> {
    let mut after = 0;
    loop {
        let chunk = store.articles_since(after, LIST_STEP)?;
        let Some(&(last, _)) = chunk.last() else {
            return Ok(());
        };
        let ids: Vec<ArticleId> = chunk.iter().map(|(_, a)| a.id.clone()).collect();
        let facts = store.facts_of(&ids)?.into_iter().collect();
        f(chunk, facts)?;
        after = last;
    }
}

/// Walks every stored article with its findings, in arrival order, a step
/// at a time. Cost: O(n) time, O(step) memory.
fn each_article<S: ArticleStore>(
    store: &S,
    mut f: impl FnMut(i64, &Article, parallax_model::Facts) -> Result<()>,
) -> Result<()> {
    each_step(store, |chunk, mut by| {
        for (seq, a) in &chunk {
            f(*seq, a, read_facts(a, by.remove(&a.id)))?;
        }
        Ok(())
    })
}

/// One stored article as [`walk`] meets it.
#[derive(Debug)]
pub struct Walked<'a> {
    pub article: &'a Article,
    pub facts: parallax_model::Facts,
    /// Its event and that event's storyline, once placed.
    pub event: Option<(u32, u32)>,
    /// The quote cluster of each of its quotes (when asked for).
    pub clusters: Vec<u32>,
}

/// Walks every stored article in arrival order with its findings, its
/// event and (with `clusters`) its quotes' clusters, a step at a time:
/// O(n) time, O(step) memory. What `export` streams.
pub fn walk<S: ArticleStore>(
    store: &S,
    stages: &mut Stages,
    clusters: bool,
    mut f: impl FnMut(Walked<'_>) -> Result<()>,
) -> Result<()> {
    each_step(store, |chunk, mut facts| {
        let seqs: Vec<i64> = chunk.iter().map(|(s, _)| *s).collect();
        let events: HashMap<i64, (u32, u32)> = store
            .events_of(&seqs)?
            .into_iter()
            .map(|(seq, e, s)| (seq, (e, s)))
            .collect();
        let mut rows = Rows::new(store);
        if clusters {
            stages.quotes.prefetch_articles(&mut rows, &seqs);
        }
        for (seq, a) in &chunk {
            let cs = match clusters {
                true => stages.quotes.article_clusters(&mut rows, *seq),
                false => Vec::new(),
            };
            read_ok(&rows)?;
            f(Walked {
                article: a,
                facts: read_facts(a, facts.remove(&a.id)),
                event: events.get(seq).copied(),
                clusters: cs,
            })?;
        }
        stages.clear();
        Ok(())
    })
}

/// A page of the store's quotes (arrival order) with their clusters, and
/// how many match in all. One speaker's quotes come from the speaker
/// index: the postings of the speaker's words, then the articles of the
/// page's quotes (of every matching quote with `since`/`until`, to count
/// them): O(matches) time. Without a speaker, the listing index gives
/// the page's places ([`listed_page`]: O(page) without dates, the range's
/// articles' places with them), then the page's articles. While an index
/// is still behind the store (a read-only store made before it), the
/// listing streams the store: O(n) time, O(page) memory.
pub fn quotes_page<S: ArticleStore>(
    store: &S,
    stages: &mut Stages,
    q: &Listing,
) -> Result<(Vec<QuoteItem>, usize)> {
    let words = q.speaker_words();
    // A speaker without a word (".", " ") names nobody; as a query with no
    // word it would match every quote.
    if q.speaker.is_some() && words.is_empty() {
        return Ok((Vec::new(), 0));
    }
    if let Some(event) = q.event {
        return event_quotes_page(store, stages, q, &words, event);
    }
    let last = store.last_seq()?;
    let indexed = store.cursor(crate::speakers::SPEAKERS)?.unwrap_or(0) >= last;
    if !words.is_empty() && indexed {
        return speaker_quotes_page(store, stages, q, &words);
    }
    if words.is_empty() && listed(store, last)? {
        let (places, total) = listed_page(store, stages, q, false)?;
        let (page, _) = quotes_at(store, stages, &q.page_of(&places), &words, &places)?;
        return Ok((page, total));
    }
    let mut page = Vec::new();
    let mut total = 0usize;
    each_article(store, |seq, a, facts| {
        if !q.dated(a) {
            return Ok(());
        }
        let mut clusters: Option<Vec<u32>> = None;
        for (k, quote) in facts.quotes.into_iter().enumerate() {
            if !crate::speakers::speaks(&quote, &words) {
                continue;
            }
            total += 1;
            if total <= q.offset || page.len() >= q.limit {
                continue;
            }
            let cs = clusters.get_or_insert_with(|| {
                let mut rows = Rows::new(store);
                stages.quotes.article_clusters(&mut rows, seq)
            });
            page.push(QuoteItem::of(a, cs.get(k).copied(), quote));
        }
        Ok(())
    })?;
    let mut rows = Rows::new(store);
    with_related(stages, &mut rows, page, total)
}

/// A page of quotes with each one's related clusters filled in, the
/// stages' cached rows then forgotten.
fn with_related(
    stages: &mut Stages,
    rows: &mut Rows<'_>,
    mut page: Vec<QuoteItem>,
    total: usize,
) -> Result<(Vec<QuoteItem>, usize)> {
    for item in &mut page {
        item.related = stages.quotes.related(rows, item.cluster);
    }
    read_ok(rows)?;
    stages.clear();
    Ok((page, total))
}

/// A page of one event's quotes (arrival order), with the speaker and date
/// filters: its members, their findings and quote clusters, read in steps
/// of [`LIST_STEP`] articles: O(e), whatever the store's size.
fn event_quotes_page<S: ArticleStore>(
    store: &S,
    stages: &mut Stages,
    q: &Listing,
    words: &[String],
    event: u32,
) -> Result<(Vec<QuoteItem>, usize)> {
    let members = store.event_members(event)?;
    let mut rows = Rows::new(store);
    let mut page = Vec::new();
    let mut total = 0usize;
    for step in members.chunks(LIST_STEP) {
        let articles = store.articles_at(step)?;
        let ids: Vec<ArticleId> = articles.iter().map(|(_, a)| a.id.clone()).collect();
        let mut by: HashMap<ArticleId, String> = store.facts_of(&ids)?.into_iter().collect();
        for (seq, a) in &articles {
            if !q.dated(a) {
                continue;
            }
            let facts = read_facts(a, by.remove(&a.id));
            let mut clusters: Option<Vec<u32>> = None;
            for (k, quote) in facts.quotes.into_iter().enumerate() {
                if !crate::speakers::speaks(&quote, words) {
                    continue;
                }
                total += 1;
                if total <= q.offset || page.len() >= q.limit {
                    continue;
                }
                let cs =
                    clusters.get_or_insert_with(|| stages.quotes.article_clusters(&mut rows, *seq));
                page.push(QuoteItem::of(a, cs.get(k).copied(), quote));
            }
        }
    }
    with_related(stages, &mut rows, page, total)
}

fn speaker_quotes_page<S: ArticleStore>(
    store: &S,
    stages: &mut Stages,
    q: &Listing,
    words: &[String],
) -> Result<(Vec<QuoteItem>, usize)> {
    let mut rows = Rows::new(store);
    let places = stages.speakers.lookup(&mut rows, words);
    read_ok(&rows)?;
    quotes_at(store, stages, q, words, &places)
}

/// The places of `q`'s page of quotes (or claims, with `claims`) from
/// the listing index, and how many there are in all. Without dates: the
/// list's length and the blocks that hold the page, O(page). With dates:
/// the arrival numbers the store's dates index puts in the range (stored
/// dates are `PubDate`s written out, whose text sorts as the dates do,
/// which a test in `parallax-model` checks, so the index answers exactly
/// what `Listing::dated` would), then those articles' places
/// ([`crate::listing::ListingIndex::places_of`]): O(r log r + min(r log n,
/// f)) for the range's r articles and the list's f places.
fn listed_page<S: ArticleStore>(
    store: &S,
    stages: &mut Stages,
    q: &Listing,
    claims: bool,
) -> Result<(Vec<crate::speakers::Place>, usize)> {
    let mut rows = Rows::new(store);
    let end = q.offset.saturating_add(q.limit);
    let (places, total) = if q.since.is_none() && q.until.is_none() {
        let (quotes, claimed) = stages.listing.counts(&mut rows);
        let total = if claims { claimed } else { quotes };
        (stages.listing.page(&mut rows, claims, q.offset, end), total)
    } else {
        let (since, until) = (
            q.since.map(|d| d.to_string()),
            q.until.map(|d| d.to_string()),
        );
        let seqs = store.published_between(since.as_deref(), until.as_deref())?;
        let mut dated = stages.listing.places_of(&mut rows, claims, &seqs);
        let total = dated.len();
        dated.truncate(end);
        dated.drain(..q.offset.min(total));
        (dated, total)
    };
    read_ok(&rows)?;
    stages.clear();
    Ok((places, total))
}

/// An error if reading the stage rows failed along the way (the rows
/// report a failed read once, when asked, rather than at each read).
fn read_ok(rows: &Rows<'_>) -> Result<()> {
    match rows.error() {
        Some(e) => Err(Error::State(format!("reading stage state: {e}"))),
        None => Ok(()),
    }
}

/// The articles at `seqs` with their stored findings, by arrival number.
fn articles_and_facts<S: ArticleStore>(
    store: &S,
    seqs: &[i64],
) -> Result<(HashMap<i64, Article>, HashMap<i64, parallax_model::Facts>)> {
    let articles: HashMap<i64, Article> = store.articles_at(seqs)?.into_iter().collect();
    let ids: Vec<ArticleId> = articles.values().map(|a| a.id.clone()).collect();
    let mut by: HashMap<ArticleId, String> = store.facts_of(&ids)?.into_iter().collect();
    let facts = articles
        .iter()
        .map(|(seq, a)| (*seq, read_facts(a, by.remove(&a.id))))
        .collect();
    Ok((articles, facts))
}

/// Whether the listing index has every article stored (last: the latest
/// arrival number).
fn listed<S: ArticleStore>(store: &S, last: i64) -> Result<bool> {
    Ok(store.cursor(crate::listing::LISTING)?.unwrap_or(0) >= last)
}

/// A page of the quotes at `places` (arrival order) whose speaker has
/// every word of `words` and whose article is dated as `q` asks, and how
/// many there are: the articles of the page's places (of every place with
/// `since`/`until`, to count them).
fn quotes_at<S: ArticleStore>(
    store: &S,
    stages: &mut Stages,
    q: &Listing,
    words: &[String],
    places: &[crate::speakers::Place],
) -> Result<(Vec<QuoteItem>, usize)> {
    let mut rows = Rows::new(store);
    let filtered = q.since.is_some() || q.until.is_some();
    let mut page = Vec::new();
    let mut total = 0usize;
    // The places in steps of articles: every step when the dates filter
    // (each must be read to be counted), else only until the page is full.
    let mut i = 0;
    while i < places.len() && (filtered || page.len() < q.limit) {
        let mut seqs: Vec<i64> = Vec::new();
        let mut j = i;
        while j < places.len() && (seqs.len() < LIST_STEP || seqs.last() == Some(&places[j].0)) {
            if seqs.last() != Some(&places[j].0) {
                seqs.push(places[j].0);
            }
            j += 1;
        }
        // Without date filters every place counts, and the places before
        // the offset need not be read.
        if !filtered && total + (j - i) <= q.offset {
            total += j - i;
            i = j;
            continue;
        }
        let (articles, facts) = articles_and_facts(store, &seqs)?;
        for &(seq, k) in &places[i..j] {
            let Some(a) = articles.get(&seq) else {
                continue;
            };
            let Some(quote) = facts.get(&seq).and_then(|f| f.quotes.get(k as usize)) else {
                continue;
            };
            if !q.dated(a) || !crate::speakers::speaks(quote, words) {
                continue;
            }
            total += 1;
            if total <= q.offset || page.len() >= q.limit {
                continue;
            }
            let cluster = stages
                .quotes
                .article_clusters(&mut rows, seq)
                .get(k as usize)
                .copied();
            page.push(QuoteItem::of(a, cluster, quote.clone()));
        }
        i = j;
    }
    // Unread places past a full page: counted (without date filters the
    // index is exact, but for a hash two words share, which the quotes
    // read above were checked for).
    if !filtered {
        total += places.len() - i;
    }
    with_related(stages, &mut rows, page, total)
}

/// One quote cluster: its variants (arrival order) and the quotes of the
/// clusters sharing its talking point; None when there is no such cluster.
/// Cost: the cards and stored findings of its quotes' articles and of the
/// related clusters' (their quotes kept, nothing else), never their texts.
pub fn quote_cluster<S: ArticleStore>(
    store: &S,
    stages: &mut Stages,
    cluster: u32,
) -> Result<Option<(Vec<QuoteItem>, Vec<QuoteItem>)>> {
    let mut rows = Rows::new(store);
    let qc = &mut stages.quotes;
    let members = qc.members(&mut rows, cluster);
    if members.is_empty() || qc.root(&mut rows, cluster) != cluster {
        return Ok(None);
    }
    let related = qc.related(&mut rows, cluster);
    let mut groups: Vec<(u32, Vec<u32>)> = vec![(cluster, members)];
    for &r in &related {
        let m = qc.members(&mut rows, r);
        groups.push((r, m));
    }
    // Each quote's article and place.
    let mut wanted: Vec<(u32, i64, u32)> = Vec::new();
    for (c, qs) in &groups {
        for &qn in qs {
            if let Some(row) = qc.quote(&mut rows, qn) {
                wanted.push((*c, row.article, row.index));
            }
        }
    }
    read_ok(&rows)?;
    let mut seqs: Vec<i64> = wanted.iter().map(|w| w.1).collect();
    seqs.sort_unstable();
    seqs.dedup();
    // The printings' cards and the quotes of their findings, never their
    // texts, and only the quotes asked for: a statement reprinted tens of
    // thousands of times held every reprint whole (40 KB each).
    let cards: HashMap<i64, parallax_model::ArticleCard> =
        store.article_cards(&seqs)?.into_iter().collect();
    let mut quotes: HashMap<(i64, u32), parallax_model::Quote> = HashMap::new();
    let mut wanted_of: HashMap<i64, Vec<u32>> = HashMap::new();
    for &(_, seq, index) in &wanted {
        wanted_of.entry(seq).or_default().push(index);
    }
    for chunk in seqs.chunks(256) {
        let ids: Vec<ArticleId> = chunk
            .iter()
            .filter_map(|s| cards.get(s).map(|c| c.id.clone()))
            .collect();
        let stored: HashMap<ArticleId, String> = store.facts_of(&ids)?.into_iter().collect();
        for seq in chunk {
            let Some(card) = cards.get(seq) else {
                continue;
            };
            let found =
                read_findings(&card.id, stored.get(&card.id).map(String::as_str), false).quotes;
            for &index in wanted_of.get(seq).map(Vec::as_slice).unwrap_or_default() {
                if let Some(q) = found.get(index as usize) {
                    quotes.insert((*seq, index), q.clone());
                }
            }
        }
    }
    let (mut variants, mut talking) = (Vec::new(), Vec::new());
    wanted.sort_by_key(|w| (w.1, w.2));
    for (c, seq, index) in wanted {
        let (Some(a), Some(quote)) = (cards.get(&seq), quotes.get(&(seq, index))) else {
            continue;
        };
        let item = QuoteItem {
            article: a.id.clone(),
            outlet: a.outlet.clone(),
            published: a.published,
            cluster: c,
            related: if c == cluster {
                related.clone()
            } else {
                Vec::new()
            },
            quote: quote.clone(),
        };
        if c == cluster {
            variants.push(item);
        } else {
            talking.push(item);
        }
    }
    let mut rows = Rows::new(store);
    for t in &mut talking {
        t.related = stages.quotes.related(&mut rows, t.cluster);
    }
    stages.clear();
    Ok(Some((variants, talking)))
}

/// A page of the store's claims (arrival order), and how many match in
/// all, from the listing index ([`listed_page`]: O(page) without dates,
/// the range's articles' places with them), then the page's articles. While the
/// index is behind the store, streams the store: O(n) time, O(page)
/// memory.
pub fn claims_page<S: ArticleStore>(
    store: &S,
    stages: &mut Stages,
    q: &Listing,
) -> Result<(Vec<ClaimItem>, usize)> {
    if listed(store, store.last_seq()?)? {
        let (want, total) = listed_page(store, stages, q, true)?;
        let mut seqs: Vec<i64> = want.iter().map(|p| p.0).collect();
        seqs.dedup();
        let (articles, facts) = articles_and_facts(store, &seqs)?;
        let mut page = Vec::with_capacity(want.len());
        for &(seq, k) in &want {
            let (Some(a), Some(f)) = (articles.get(&seq), facts.get(&seq)) else {
                continue;
            };
            if let Some(claim) = f.claims.get(k as usize) {
                page.push(ClaimItem {
                    article: a.id.clone(),
                    outlet: a.outlet.clone(),
                    published: a.published,
                    claim: claim.clone(),
                });
            }
        }
        return Ok((page, total));
    }
    let mut page = Vec::new();
    let mut total = 0usize;
    each_article(store, |_, a, facts| {
        if !q.dated(a) {
            return Ok(());
        }
        for claim in facts.claims {
            total += 1;
            if total > q.offset && page.len() < q.limit {
                page.push(ClaimItem {
                    article: a.id.clone(),
                    outlet: a.outlet.clone(),
                    published: a.published,
                    claim,
                });
            }
        }
        Ok(())
    })?;
    Ok((page, total))
}

/// An article's stored findings, or none (with a warning when they do
/// not read).
fn read_facts(a: &Article, json: Option<String>) -> parallax_model::Facts {
    match json.map(|j| serde_json::from_str(&j)) {
        Some(Ok(f)) => f,
        Some(Err(e)) => {
            tracing::warn!(article = %a.id, error = %e, "unreadable stored facts");
            parallax_model::Facts::default()
        }
        None => parallax_model::Facts::default(),
    }
}

/// The comparison of one event from its members (`articles`, with their
/// `facts` and quote `clusters`, index for index, every one with its
/// text) and the copy report that covers them.
fn compare_sources(
    event: &Event,
    articles: &[&Article],
    facts: &[parallax_model::Facts],
    clusters: &[Vec<u32>],
    copies: &[CopyItem],
    cfg: &parallax_compare::CompareConfig,
) -> parallax_compare::Comparison {
    let index: HashMap<&ArticleId, usize> = articles
        .iter()
        .enumerate()
        .map(|(i, a)| (&a.id, i))
        .collect();
    let by_article: HashMap<&ArticleId, &CopyItem> =
        copies.iter().map(|c| (&c.article, c)).collect();
    let origin = origins(copies);
    let sources: Vec<parallax_compare::Source<'_>> = event
        .articles
        .iter()
        .filter_map(|id| index.get(id).copied())
        .map(|i| parallax_compare::Source {
            origin: origin(&articles[i].id),
            copy: by_article.get(&articles[i].id).map(|c| c.reason.clone()),
            quote_clusters: clusters[i].clone(),
            ..parallax_compare::Source::independent(articles[i], &facts[i])
        })
        .collect();
    parallax_compare::compare(event.id, &sources, cfg)
}

/// What an entity's name is merged by across articles: lower case, and
/// the typographic apostrophes and quotation marks as the typewriter's
/// ("Women’s March" and "Women's March", "O’Brien" and "O'Brien" are one,
/// as outlets set the same name either way).
fn entity_key(name: &str) -> String {
    name.chars()
        .map(|c| match c {
            '\u{2018}' | '\u{2019}' | '\u{02BC}' => '\'',
            c => c,
        })
        .collect::<String>()
        .to_lowercase()
}

/// [`entity_key`] of a person's full name without one middle initial:
/// "Donald J. Trump" and "Donald Trump" are one person, as outlets write
/// the name either way. Two initials stay ("George H. W. Bush" is not
/// "George W. Bush"), as does a first or last initial ("J. Smith").
fn person_key(name: &str) -> String {
    let key = entity_key(name);
    let words: Vec<&str> = key.split_whitespace().collect();
    let initial = |w: &str| {
        let mut c = w.chars();
        matches!((c.next(), c.next(), c.next()), (Some(l), Some('.'), None) if l.is_alphabetic())
    };
    let inner: Vec<usize> = (1..words.len().saturating_sub(1))
        .filter(|&i| initial(words[i]))
        .collect();
    match inner[..] {
        [i] => {
            let mut kept = words;
            kept.remove(i);
            kept.join(" ")
        }
        _ => key,
    }
}

/// Entities across the store, built an article at a time in arrival order
/// (see [`Analyses::entities`]): same kind and name (any case; a person's
/// full name without one middle initial) merge, and an item is named as
/// most of its articles write it; a one-word person ("Obama") joins the one full name in the store that
/// contains it, or of several the one in four times as many articles as
/// any other, which is known only at the end, so such mentions wait (their
/// names and counts, not the articles).
#[derive(Debug, Default, Clone)]
pub struct EntityIndex {
    items: Vec<EntityItem>,
    /// Arrival number (in this walk) of each item's articles, parallel to
    /// `articles`: ascending until the one-word names join.
    seen: Vec<Vec<u32>>,
    index: HashMap<(parallax_model::EntityKind, String), usize>,
    /// Each item's roles and countries, with how many of its articles
    /// give each, in the order first seen: the one most give is its own
    /// (the first seen was, and one article's "Filipino Clinton" made a
    /// secretary of state Filipino).
    votes: Vec<(Votes, Votes)>,
    /// Each item's full names as its articles write them ("Donald J.
    /// Trump", "Donald Trump"), with how many articles give each: the
    /// most given names it.
    names: Vec<Votes>,
    /// One-word people: article, its arrival number in the walk, the
    /// entity without its mention spans, and its mention count.
    singles: Vec<(
        parallax_model::ArticleId,
        u32,
        parallax_model::Entity,
        usize,
    )>,
    added: u32,
}

impl EntityIndex {
    fn slot(&mut self, e: &parallax_model::Entity, key: String) -> usize {
        let items = &mut self.items;
        let seen = &mut self.seen;
        let k = *self.index.entry((e.kind, key)).or_insert_with(|| {
            items.push(EntityItem {
                name: e.name.clone(),
                kind: e.kind,
                role: None,
                country: None,
                aliases: Vec::new(),
                articles: Vec::new(),
                mentions: 0,
            });
            seen.push(Vec::new());
            items.len() - 1
        });
        if self.votes.len() < self.items.len() {
            self.votes.resize_with(self.items.len(), Default::default);
            self.names.resize_with(self.items.len(), Default::default);
        }
        k
    }

    /// Adds one article's entities (articles in arrival order).
    pub fn add(&mut self, id: &parallax_model::ArticleId, entities: &[parallax_model::Entity]) {
        let n = self.added;
        self.added += 1;
        for e in entities {
            if e.kind == parallax_model::EntityKind::Person && !e.name.contains(' ') {
                // Only what merging reads is kept of it.
                let kept = parallax_model::Entity {
                    mentions: Vec::new(),
                    ..e.clone()
                };
                self.singles.push((id.clone(), n, kept, e.mentions.len()));
                continue;
            }
            let key = match e.kind {
                parallax_model::EntityKind::Person => person_key(&e.name),
                _ => entity_key(&e.name),
            };
            let k = self.slot(e, key);
            self.names[k].add(Some(&e.name));
            self.merge(k, id, n, e, e.mentions.len());
        }
    }

    fn merge(
        &mut self,
        k: usize,
        id: &parallax_model::ArticleId,
        n: u32,
        e: &parallax_model::Entity,
        mentions: usize,
    ) {
        // Articles come in arrival order, so an item's list is ascending
        // and a repeat is found by binary search, not a scan (an entity
        // named in most articles would make a scan quadratic).
        let seen = &mut self.seen[k];
        if let Err(at) = seen.binary_search(&n) {
            seen.insert(at, n);
            self.items[k].articles.push(id.clone());
        }
        let (roles, countries) = &mut self.votes[k];
        roles.add(e.role.as_deref());
        countries.add(e.country.as_deref());
        merge_entity(&mut self.items[k], e, mentions);
    }

    /// The entities, most articles first, then most mentions.
    pub fn finish(mut self) -> Vec<EntityItem> {
        use parallax_model::EntityKind::Person;
        // Each word of each full personal name -> the people it names.
        let mut by_word: HashMap<String, Vec<usize>> = HashMap::new();
        for (k, it) in self
            .items
            .iter()
            .enumerate()
            .filter(|(_, it)| it.kind == Person)
        {
            for w in entity_key(&it.name).split_whitespace() {
                by_word.entry(w.to_string()).or_default().push(k);
            }
        }
        // Of several ("Obama": Barack and Michelle), the one named in four
        // times as many articles as any other is the one a surname alone
        // means; else the word is an entity of its own.
        let dominant = |people: &[usize], items: &[EntityItem]| -> Option<usize> {
            let most = *people.iter().max_by_key(|&&k| items[k].articles.len())?;
            let n = items[most].articles.len();
            people
                .iter()
                .all(|&k| k == most || items[k].articles.len() * 4 <= n)
                .then_some(most)
        };
        let dominant: HashMap<String, Option<usize>> = by_word
            .iter()
            .map(|(w, people)| (w.clone(), dominant(people, &self.items)))
            .collect();
        for (id, n, e, mentions) in std::mem::take(&mut self.singles) {
            let word = entity_key(&e.name);
            let k = match dominant.get(&word) {
                Some(Some(one)) => *one,
                _ => self.slot(&e, word),
            };
            self.merge(k, &id, n, &e, mentions);
        }
        let mut items = self.items;
        for (it, names) in items.iter_mut().zip(self.names) {
            if let Some((name, _)) = names.most().filter(|(name, _)| *name != it.name) {
                it.aliases.retain(|a| *a != name);
                let was = std::mem::replace(&mut it.name, name);
                it.aliases.insert(0, was);
            }
        }
        for (it, (roles, countries)) in items.iter_mut().zip(self.votes) {
            it.role = roles.most().map(|(v, _)| v);
            // A country few of its articles give is no fact about it.
            it.country = countries
                .most()
                .filter(|(_, n)| *n >= 3 || *n as usize * 5 >= it.articles.len())
                .map(|(v, _)| v);
        }
        items.sort_by(|a, b| {
            b.articles
                .len()
                .cmp(&a.articles.len())
                .then(b.mentions.cmp(&a.mentions))
        });
        items
    }
}

/// Values with how many times each was given, in the order first given:
/// an entity has a handful of roles or countries, so a scan is cheaper than
/// a map.
#[derive(Debug, Default, Clone)]
struct Votes(Vec<(String, u32)>);

impl Votes {
    fn add(&mut self, value: Option<&str>) {
        let Some(v) = value else { return };
        match self.0.iter_mut().find(|(x, _)| x == v) {
            Some((_, n)) => *n += 1,
            None => self.0.push((v.to_string(), 1)),
        }
    }

    /// The value given most often and how often; of those given as often,
    /// the first.
    fn most(self) -> Option<(String, u32)> {
        let mut best: Option<(String, u32)> = None;
        for (v, n) in self.0 {
            if best.as_ref().is_none_or(|(_, b)| n > *b) {
                best = Some((v, n));
            }
        }
        best
    }
}

fn merge_entity(it: &mut EntityItem, e: &parallax_model::Entity, mentions: usize) {
    it.mentions += mentions.max(1);
    // The article's own name for it ("Obama" merged into Barack Obama) is an
    // alias too.
    for a in std::iter::once(&e.name).chain(&e.aliases) {
        if !it.aliases.iter().any(|x| x.eq_ignore_ascii_case(a)) && !it.name.eq_ignore_ascii_case(a)
        {
            it.aliases.push(a.clone());
        }
    }
}

/// Orders articles by date, undated last, ties in arrival order.
fn time_order<'a>(
    items: impl IntoIterator<Item = (usize, &'a Article)>,
) -> Vec<(usize, &'a Article)> {
    let mut v: Vec<_> = items.into_iter().collect();
    v.sort_by_key(|(i, a)| (a.published.is_none(), a.published, *i));
    v
}

/// Which events [`Analyses::compare`] compares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// Every event, with a progress bar when there are many.
    All(Progress),
    /// One event, by id.
    Event(u32),
}

/// One quote in the store, with where it came from and its clusters.
#[derive(Debug, Clone, serde::Serialize, schemars::JsonSchema)]
pub struct QuoteItem {
    pub article: parallax_model::ArticleId,
    pub outlet: Option<String>,
    pub published: Option<PubDate>,
    /// The quote cluster: one statement, every wording of it.
    pub cluster: u32,
    /// Other clusters sharing a long phrase with this one: the same
    /// talking point in different statements.
    pub related: Vec<u32>,
    #[serde(flatten)]
    pub quote: parallax_model::Quote,
}

impl QuoteItem {
    /// Article `a`'s `quote` in `cluster` (`u32::MAX` when it has none),
    /// its related clusters not yet read.
    fn of(a: &Article, cluster: Option<u32>, quote: parallax_model::Quote) -> Self {
        QuoteItem {
            article: a.id.clone(),
            outlet: a.outlet.clone(),
            published: a.published,
            cluster: cluster.unwrap_or(u32::MAX),
            related: Vec::new(),
            quote,
        }
    }
}

/// One claim in the store, with where it came from.
#[derive(Debug, Clone, serde::Serialize, schemars::JsonSchema)]
pub struct ClaimItem {
    pub article: parallax_model::ArticleId,
    pub outlet: Option<String>,
    pub published: Option<PubDate>,
    #[serde(flatten)]
    pub claim: parallax_model::Claim,
}

/// The entity index kept by a long-running process (`serve`): built once
/// from the stored findings, then extended with the articles analyzed
/// since, before each read. The merged list is kept until an article
/// arrives: a read with nothing new costs a filter over the entities; a
/// read after new articles costs their findings and one merge of the
/// index (the entities and their articles' ids, not the articles).
#[derive(Debug, Default)]
pub struct LiveEntities {
    index: EntityIndex,
    /// The last arrival number added.
    last: i64,
    /// The merged list, until an article is added.
    merged: Option<std::sync::Arc<Vec<EntityItem>>>,
}

impl LiveEntities {
    /// Adds the articles the analyze stage has seen since the last call,
    /// a step at a time; returns how many.
    pub fn catch_up<S: ArticleStore>(&mut self, store: &S) -> Result<usize> {
        let analyzed = store.cursor(ANALYZE)?.unwrap_or(0);
        let mut added = 0;
        while self.last < analyzed {
            let chunk: Vec<(i64, Article)> = store
                .articles_since(self.last, LIST_STEP)?
                .into_iter()
                .filter(|(seq, _)| *seq <= analyzed)
                .collect();
            let Some(&(last, _)) = chunk.last() else {
                break;
            };
            let ids: Vec<ArticleId> = chunk.iter().map(|(_, a)| a.id.clone()).collect();
            let mut by: HashMap<ArticleId, String> = store.facts_of(&ids)?.into_iter().collect();
            for (_, a) in &chunk {
                let f = read_facts(a, by.remove(&a.id));
                self.index.add(&a.id, &f.entities);
            }
            added += chunk.len();
            self.last = last;
            self.merged = None;
        }
        Ok(added)
    }

    /// The entities as [`Engine::entities`](crate::Engine::entities) lists
    /// them.
    pub fn entities(&mut self) -> std::sync::Arc<Vec<EntityItem>> {
        self.merged
            .get_or_insert_with(|| std::sync::Arc::new(self.index.clone().finish()))
            .clone()
    }
}

/// An entity across the store: the articles' entities merged by name and
/// alias.
#[derive(Debug, Clone, serde::Serialize, schemars::JsonSchema)]
pub struct EntityItem {
    pub name: String,
    pub kind: parallax_model::EntityKind,
    pub role: Option<String>,
    pub country: Option<String>,
    pub aliases: Vec<String>,
    pub articles: Vec<parallax_model::ArticleId>,
    pub mentions: usize,
}

impl Analyses {
    /// Each stored article's findings, in arrival order (empty for an
    /// article whose stored findings cannot be read, with a warning).
    pub fn facts<S: ArticleStore>(&self, store: &S) -> Result<Vec<parallax_model::Facts>> {
        let mut by: HashMap<parallax_model::ArticleId, String> =
            store.facts()?.into_iter().collect();
        Ok(self
            .articles
            .iter()
            .map(|a| read_facts(a, by.remove(&a.id)))
            .collect())
    }

    /// Every quote with its cluster and talking point, in arrival order.
    pub fn quotes(&self, facts: &[parallax_model::Facts]) -> Vec<QuoteItem> {
        let mut items: Vec<QuoteItem> = Vec::new();
        for (i, (a, f)) in self.articles.iter().zip(facts).enumerate() {
            let clusters = self.quote_clusters.get(i);
            for (k, q) in f.quotes.iter().enumerate() {
                let cluster = clusters.and_then(|c| c.get(k)).copied().unwrap_or(u32::MAX);
                items.push(QuoteItem {
                    article: a.id.clone(),
                    outlet: a.outlet.clone(),
                    published: a.published,
                    cluster,
                    related: self.related.get(&cluster).cloned().unwrap_or_default(),
                    quote: q.clone(),
                });
            }
        }
        items
    }

    /// Every claim, in arrival order.
    pub fn claims(&self, facts: &[parallax_model::Facts]) -> Vec<ClaimItem> {
        let mut out = Vec::new();
        for (a, f) in self.articles.iter().zip(facts) {
            for c in &f.claims {
                out.push(ClaimItem {
                    article: a.id.clone(),
                    outlet: a.outlet.clone(),
                    published: a.published,
                    claim: c.clone(),
                });
            }
        }
        out
    }

    /// Entities across the store, as [`EntityIndex`] merges them.
    pub fn entities(&self, facts: &[parallax_model::Facts]) -> Vec<EntityItem> {
        let mut index = EntityIndex::default();
        for (a, f) in self.articles.iter().zip(facts) {
            index.add(&a.id, &f.entities);
        }
        index.finish()
    }

    /// The copy report: copy groups with their originals, and
    /// republications whose original is not in the store.
    pub fn copies<S: ArticleStore>(&self, store: &S) -> Result<Vec<CopyItem>> {
        let cards = self
            .articles
            .iter()
            .enumerate()
            .map(|(seq, article)| (seq, parallax_model::ArticleCard::of(article)))
            .collect::<Vec<_>>();
        let facts: Vec<CopyFacts<'_>> = cards
            .iter()
            .map(|(seq, card)| CopyFacts {
                article: card,
                seq: *seq,
            })
            .collect();
        Ok(copy_report(&facts, &store.copy_links()?))
    }

    /// The comparison of each of `events` (or only of event `only`): its
    /// articles side by side, copies counted once (see
    /// [`parallax_compare`]). Each event reads only its own articles.
    pub fn compare(
        &self,
        events: &[Event],
        facts: &[parallax_model::Facts],
        copies: &[CopyItem],
        cfg: &parallax_compare::CompareConfig,
        scope: Scope,
    ) -> Vec<parallax_compare::Comparison> {
        let (only, progress) = match scope {
            Scope::All(p) => (None, p),
            Scope::Event(id) => (Some(id), Progress::Hidden),
        };
        let todo = if only.is_some() { 1 } else { events.len() };
        let bar = crate::progress_bar(
            if todo >= 200 {
                progress
            } else {
                Progress::Hidden
            },
            todo,
            "{spinner} compare  [{bar:30}] {pos}/{len} events ({per_sec}, eta {eta})",
        );
        let index: HashMap<&parallax_model::ArticleId, usize> = self
            .articles
            .iter()
            .enumerate()
            .map(|(i, a)| (&a.id, i))
            .collect();
        let out = events
            .iter()
            .filter(|e| only.is_none_or(|o| o == e.id))
            .map(|e| {
                let members: Vec<usize> = e
                    .articles
                    .iter()
                    .filter_map(|id| index.get(id).copied())
                    .collect();
                let arts: Vec<&Article> = members.iter().map(|&i| &self.articles[i]).collect();
                let fs: Vec<parallax_model::Facts> =
                    members.iter().map(|&i| facts[i].clone()).collect();
                let cs: Vec<Vec<u32>> = members
                    .iter()
                    .map(|&i| self.quote_clusters.get(i).cloned().unwrap_or_default())
                    .collect();
                let c = compare_sources(e, &arts, &fs, &cs, copies, cfg);
                bar.inc(1);
                c
            })
            .collect::<Vec<_>>();
        bar.finish_and_clear();
        out
    }

    /// Events, in time order of their first article.
    pub fn events(&self) -> Vec<Event> {
        let mut members: BTreeMap<u32, Vec<usize>> = BTreeMap::new();
        for (i, &e) in self.event_of.iter().enumerate() {
            members.entry(e).or_default().push(i);
        }
        let mut merged: HashMap<u32, Vec<u32>> = HashMap::new();
        for &(into, from) in &self.merges {
            merged.entry(into).or_default().push(from);
        }
        let mut events: Vec<Event> = members
            .into_iter()
            .map(|(id, idx)| {
                make_event(
                    id,
                    self.storyline_of.get(&id).copied().unwrap_or(0),
                    merged.remove(&id).unwrap_or_default(),
                    idx.iter().map(|&i| (i, &self.articles[i])).collect(),
                )
            })
            .collect();
        events.sort_by_key(|e| (e.start.is_none(), e.start, e.id));
        events
    }

    /// Storylines of `events` (as returned by [`Analyses::events`]), with
    /// their events in time order.
    pub fn storylines(&self, events: &[Event]) -> Vec<Storyline> {
        let summaries: Vec<EventSummary> = events.iter().map(Event::summary).collect();
        storylines_of(&summaries)
    }
}

/// A page of the copy report (see [`parallax_dedup::copy_report`]): the
/// copy groups `offset..offset + limit` (groups of two or more articles by
/// their first member, then lone republications by arrival), each read
/// with its own articles and links; with the articles read (for their
/// titles) and the number of groups in all. Cost: the page's groups.
pub fn copies_page<S: ArticleStore>(
    store: &S,
    offset: usize,
    limit: usize,
) -> Result<(Vec<CopyItem>, Vec<Article>, usize)> {
    let (groups, total) = store.copy_groups_page(offset, limit)?;
    let (mut items, mut articles) = (Vec::new(), Vec::new());
    for members in groups {
        let read: Vec<Article> = store
            .articles_at(&members)?
            .into_iter()
            .map(|(_, a)| a)
            .collect();
        let ids: Vec<ArticleId> = read.iter().map(|a| a.id.clone()).collect();
        let links = store.copy_links_of(&ids)?;
        // In arrival order: the report's "first seen" is the first here.
        let cards: Vec<parallax_model::ArticleCard> =
            read.iter().map(parallax_model::ArticleCard::of).collect();
        let facts: Vec<CopyFacts<'_>> = cards
            .iter()
            .enumerate()
            .map(|(seq, article)| CopyFacts { article, seq })
            .collect();
        items.extend(copy_report(&facts, &links));
        articles.extend(read);
    }
    Ok((items, articles, total))
}

/// Storyline `id` and its events' summaries (time order), read by key:
/// the storyline's events index range and each event's row. None when
/// there is no such storyline.
pub fn storyline<S: ArticleStore>(
    store: &S,
    id: u32,
) -> Result<Option<(Storyline, Vec<EventSummary>)>> {
    let mut events = Vec::new();
    for e in store.storyline_events(id)? {
        events.extend(EventView::summary(store, e)?);
    }
    // In time order, undated last, as every listing of events is.
    events.sort_by_key(|e| (e.start.is_none(), e.start, e.id));
    Ok(storylines_of(&events).pop().map(|line| (line, events)))
}

/// Storylines of `events`, with their events in time order.
pub fn storylines_of(events: &[EventSummary]) -> Vec<Storyline> {
    let mut by: BTreeMap<u32, Vec<&EventSummary>> = BTreeMap::new();
    for e in events {
        by.entry(e.storyline).or_default().push(e);
    }
    let mut out: Vec<Storyline> = by
        .into_iter()
        .map(|(id, evs)| {
            let label = evs
                .iter()
                .max_by_key(|e| (e.articles, std::cmp::Reverse(e.id)))
                .map(|e| e.label.clone())
                .unwrap_or_default();
            Storyline {
                id,
                label,
                start: evs.iter().filter_map(|e| e.start).min(),
                end: evs.iter().filter_map(|e| e.end).max(),
                events: evs.iter().map(|e| e.id).collect(),
                articles: evs.iter().map(|e| e.articles).sum(),
            }
        })
        .collect();
    out.sort_by_key(|s| (s.start.is_none(), s.start, s.id));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An entity of `kind` named `name`, nothing else known.
    fn entity(name: &str, kind: parallax_model::EntityKind) -> parallax_model::Entity {
        parallax_model::Entity {
            name: name.into(),
            kind,
            role: None,
            country: None,
            aliases: Vec::new(),
            mentions: Vec::new(),
        }
    }

    fn article(text: &str) -> Article {
        parallax_extract::extract(&crate::bench_raw(0, text), &Default::default())
    }

    fn seqs(got: Option<Vec<(i64, Article)>>) -> Option<Vec<i64>> {
        got.map(|v| v.into_iter().map(|(s, _)| s).collect())
    }

    #[test]
    fn an_entity_across_articles_has_the_role_most_give_and_a_country_only_several_give() {
        let person = |role: Option<&str>, country: Option<&str>| parallax_model::Entity {
            name: "Ana Ruiz".into(),
            kind: parallax_model::EntityKind::Person,
            role: role.map(Into::into),
            country: country.map(Into::into),
            aliases: Vec::new(),
            mentions: Vec::new(),
        };
        let mut index = EntityIndex::default();
        let givens = [
            (Some("Mayor"), Some("Peru")),
            (Some("Senator"), None),
            (None, None),
            (Some("Senator"), None),
            (Some("Mayor"), None),
            (Some("Senator"), None),
            (None, None),
            (None, None),
        ];
        for (k, (role, country)) in givens.into_iter().enumerate() {
            index.add(&ArticleId(format!("{k:016x}")), &[person(role, country)]);
        }
        let items = index.finish();
        assert_eq!(items.len(), 1);
        // The first given was "Mayor"; most give "Senator".
        assert_eq!(items[0].role.as_deref(), Some("Senator"));
        // One article of eight is no fact about her.
        assert_eq!(items[0].country, None);
        let mut index = EntityIndex::default();
        for k in 0..4 {
            let country = (k < 2).then_some("Peru");
            index.add(&ArticleId(format!("{k:016x}")), &[person(None, country)]);
        }
        assert_eq!(index.finish()[0].country.as_deref(), Some("Peru"));
    }

    #[test]
    fn a_name_set_with_either_apostrophe_is_one_entity() {
        let org = |name: &str| entity(name, parallax_model::EntityKind::Organization);
        let mut index = EntityIndex::default();
        for (k, name) in ["Women\u{2019}s March", "Women's March", "women's march"]
            .into_iter()
            .enumerate()
        {
            index.add(&ArticleId(format!("{k:016x}")), &[org(name)]);
        }
        let items = index.finish();
        assert_eq!(items.len(), 1, "{items:?}");
        assert_eq!(items[0].articles.len(), 3);
        // (The name as first written.)
        assert_eq!(items[0].name, "Women\u{2019}s March");
    }

    #[test]
    fn a_full_name_with_one_middle_initial_is_the_name_without_it() {
        let person = |name: &str| entity(name, parallax_model::EntityKind::Person);
        let names = |list: &[&str]| {
            let mut index = EntityIndex::default();
            for (k, name) in list.iter().enumerate() {
                index.add(&ArticleId(format!("{k:016x}")), &[person(name)]);
            }
            let mut names: Vec<String> = index.finish().into_iter().map(|it| it.name).collect();
            names.sort();
            names
        };
        // Named as most of its articles write it.
        assert_eq!(
            names(&["Ana M. Ruiz", "Ana Ruiz", "Ana Ruiz"]),
            ["Ana Ruiz"]
        );
        assert_eq!(
            names(&["Ana Ruiz", "Ana M. Ruiz", "Ana M. Ruiz"]),
            ["Ana M. Ruiz"]
        );
        // Two initials, a first initial, a last one: each its own.
        assert_eq!(
            names(&["Ana M. T. Ruiz", "Ana T. Ruiz", "A. Ruiz", "Ana R."]),
            ["A. Ruiz", "Ana M. T. Ruiz", "Ana R.", "Ana T. Ruiz"]
        );
        // Only people: an organisation's letter is part of its name.
        let mut index = EntityIndex::default();
        for (k, name) in ["Acme B. Holdings", "Acme Holdings"]
            .into_iter()
            .enumerate()
        {
            let org = entity(name, parallax_model::EntityKind::Organization);
            index.add(&ArticleId(format!("{k:016x}")), &[org]);
        }
        assert_eq!(index.finish().len(), 2);
    }

    #[test]
    fn a_surname_alone_joins_the_full_name_named_in_far_more_articles() {
        let person = |name: &str| entity(name, parallax_model::EntityKind::Person);
        let build = |full: &[(&str, usize)]| {
            let mut index = EntityIndex::default();
            let mut k = 0;
            for &(name, articles) in full {
                for _ in 0..articles {
                    index.add(&ArticleId(format!("{k:016x}")), &[person(name)]);
                    k += 1;
                }
            }
            index.add(&ArticleId(format!("{k:016x}")), &[person("Okafor")]);
            index.finish()
        };
        // Eight articles name one, two the other: "Okafor" is the first.
        let items = build(&[("Peter Okafor", 8), ("Mary Okafor", 2)]);
        assert_eq!(items.len(), 2, "{items:?}");
        assert_eq!(items[0].name, "Peter Okafor");
        assert_eq!(items[0].articles.len(), 9);
        // Three and two: no one's.
        let items = build(&[("Peter Okafor", 3), ("Mary Okafor", 2)]);
        assert_eq!(items.len(), 3, "{items:?}");
    }

    #[test]
    fn kept_articles_are_handed_over_only_as_a_run_right_after_the_cursor() {
        let a = article("A short report of a harbour fire on Tuesday.");
        let mut fresh = Fresh::default();
        for seq in [3, 4, 5, 7, 8] {
            fresh.push(seq, a.clone());
        }
        // Article 2 is not kept: the stages read it (and on) from the store.
        assert_eq!(seqs(fresh.take_after(1, 10)), None);
        // From 3 the run stops at the gap (6 is another process's).
        assert_eq!(seqs(fresh.take_after(2, 10)), Some(vec![3, 4, 5]));
        assert_eq!(seqs(fresh.take_after(5, 10)), None);
        // Past the cursor only, and at most the limit.
        assert_eq!(seqs(fresh.take_after(6, 1)), Some(vec![7]));
        assert_eq!(fresh.len(), 1);
        assert_eq!(seqs(fresh.take_after(8, 10)), None);
        assert!(fresh.is_empty() && fresh.bytes == 0);
        // Out of order, the queue starts again; full, the oldest go.
        fresh.push(9, a.clone());
        fresh.push(2, a.clone());
        assert_eq!(fresh.nth_seq(1), Some(2));
        assert_eq!(fresh.len(), 1);
        for seq in 3..(3 + Fresh::MAX as i64) {
            fresh.push(seq, a.clone());
        }
        assert_eq!(fresh.len(), Fresh::MAX);
        assert_eq!(fresh.nth_seq(1), Some(3));
        assert_eq!(fresh.bytes, Fresh::MAX * a.body.len());
    }

    #[test]
    fn the_story_has_the_tokens_of_the_body_after_its_dateline() {
        let cases = [
            ("WASHINGTON (AP) — The senate voted on Tuesday.", true),
            ("BEIJING -- China's talks resumed.", true),
            ("LONDON: 'Quoted' words first.", true),
            ("No dateline here, only words.", true),
            // A dateline glued to the first word: the story is
            // tokenized on its own.
            ("PARISsaid the minister.", false),
        ];
        for (body, shared) in cases {
            let dateline = body
                .split([' ', ':'])
                .next()
                .filter(|d| d.chars().all(|c| c.is_uppercase()) && d.len() > 2);
            let glued = body.starts_with("PARIS").then_some("PARIS");
            let mut a = article("A text to make an article of.");
            a.body = body.into();
            a.dateline = glued.or(dateline).map(String::from);
            let toks = parallax_text::tokens(&a.body);
            let story = story_tokens(&a, &toks);
            assert_eq!(story.is_some(), shared, "{body}");
            if let Some(story) = story {
                let own: Vec<_> = parallax_text::tokens(a.story())
                    .into_iter()
                    .map(|t| t.text)
                    .collect();
                let from_body: Vec<_> = story.iter().map(|t| t.text.clone()).collect();
                assert_eq!(from_body, own, "{body}");
            }
        }
    }

    #[test]
    fn two_threads_drawing_on_the_queue_give_each_article_its_own_findings_in_order() {
        let texts: Vec<String> = (0..40)
            .map(|i| {
                format!(
                    "Minister {} said on Monday that {i} schools would close.\n\
                     \"We have no choice,\" said Mayor Ann Lee {i}.",
                    ["Ortiz", "Brandt", "Okafor", "Suzuki"][i % 4]
                )
            })
            .collect();
        let articles: Vec<Article> = texts.iter().map(|t| article(t)).collect();
        let items: Vec<(i64, &Article)> = articles
            .iter()
            .enumerate()
            .map(|(i, a)| (i as i64 * 3 + 1, a))
            .collect();
        let queue = Queue::new(&items);
        let got: Vec<parallax_model::Facts> = std::thread::scope(|scope| {
            scope.spawn(|| {
                let _left = queue.leaving();
                while queue.run_one() {}
            });
            items
                .iter()
                .map(|(seq, _)| queue.take(*seq).expect("made").facts)
                .collect()
        });
        for (a, f) in articles.iter().zip(&got) {
            assert_eq!(
                serde_json::to_string(f).unwrap(),
                serde_json::to_string(&parallax_analyze::analyze(a)).unwrap()
            );
        }
        // Each article's own figure, in order.
        for (i, f) in got.iter().enumerate() {
            assert!(
                f.claims.iter().any(|c| c.value == i as f64) || i == 0,
                "article {i}: {:?}",
                f.claims
            );
        }
        assert!(queue.take(2).is_err(), "2 was never queued");
    }

    #[test]
    fn a_helper_that_stops_midway_is_an_error_not_a_wait() {
        let a = article("The council met on Monday.");
        let items = [(5, &a)];
        let queue = Queue::new(&items);
        // The helper took the article, then died before making it.
        std::thread::scope(|scope| {
            let _ = scope
                .spawn(|| {
                    let _left = queue.leaving();
                    queue
                        .next
                        .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                    panic!("a bug");
                })
                .join();
        });
        assert!(queue.take(5).is_err());
    }

    #[test]
    fn a_step_that_panics_on_one_article_is_recorded_and_the_rest_goes_on() {
        assert_eq!(caught(|| vec![1, 2]), Ok(vec![1, 2]));
        let why = caught(|| -> Vec<u32> { panic!("index out of bounds in a rule") })
            .expect_err("the panic is caught");
        let row = failure(ANALYZE, 8, &why);
        assert_eq!(row.table, FAILED);
        assert_eq!(row.key, 8i64.to_be_bytes());
        assert_eq!(
            row.value.as_deref(),
            Some(&b"analyze: index out of bounds in a rule"[..])
        );
    }
}

/// One article as its page shows it: the record, the text its spans index
/// (read back from the stored original), its findings and its event.
#[derive(Debug)]
pub struct ArticleView {
    pub article: Article,
    /// The text every span of the article and its findings indexes: the
    /// plain text, the JSON line's `text`, or a page's text as the extract
    /// stage read it. None when the original cannot be read back so that
    /// the spans fit it.
    pub original: Option<String>,
    pub facts: parallax_model::Facts,
    /// The article's event and storyline, once placed.
    pub event: Option<(u32, u32)>,
}

impl ArticleView {
    /// The article `id_or_prefix`, read with its original, findings and
    /// event: a few rows by key, whatever the store's size.
    pub fn read<S: ArticleStore>(
        store: &S,
        id_or_prefix: &str,
        limits: &parallax_ingest::Limits,
    ) -> Result<ArticleView> {
        let article = store.article(id_or_prefix)?;
        let bytes = store.raw_bytes(&article.id)?;
        let original = original_text(&article, &bytes, limits);
        let facts = read_facts(
            &article,
            store
                .facts_of(std::slice::from_ref(&article.id))?
                .into_iter()
                .next()
                .map(|(_, json)| json),
        );
        let event = match store.seq_of(&article.id)? {
            Some(seq) => store
                .events_of(&[seq])?
                .into_iter()
                .next()
                .map(|(_, e, line)| (e, line)),
            None => None,
        };
        Ok(ArticleView {
            article,
            original,
            facts,
            event,
        })
    }
}

/// The text an article's spans index, read again from its original bytes
/// by the reader that first read them and the extract stage's reading of
/// a page (the same bytes give the same text). None when no reader gives
/// a text that every span fits and whose body paragraphs hold the stored
/// main text's first and last words (a feed item's stored bytes, say, are
/// not its page).
fn original_text(a: &Article, bytes: &[u8], limits: &parallax_ingest::Limits) -> Option<String> {
    use parallax_ingest::{read_entries_with, Entry, SourceKind};
    let first = bytes.iter().find(|b| !b.is_ascii_whitespace()).copied();
    let kind = match (bytes.get(..2), first) {
        (Some([0x1f, 0x8b]), _) => SourceKind::Html { gzip: true },
        (_, Some(b'{')) => SourceKind::Jsonl,
        (_, Some(b'<')) => SourceKind::Html { gzip: false },
        _ => SourceKind::Text,
    };
    let raw = read_entries_with(&a.source, bytes, kind, limits).find_map(|e| match e {
        Ok(Entry::Article(raw)) => Some(raw),
        _ => None,
    })?;
    let text = parallax_extract::span_text(&raw);
    let s = &a.spans;
    let fits = |sp: &parallax_model::Span| {
        let r = sp.range();
        r.start <= r.end
            && r.end <= text.len()
            && text.is_char_boundary(r.start)
            && text.is_char_boundary(r.end)
    };
    let all_fit = s
        .title
        .iter()
        .chain(&s.outlet)
        .chain(&s.published)
        .chain(&s.dateline)
        .chain(&s.byline)
        .chain(&s.credits)
        .chain(&s.provenance)
        .chain(&s.body)
        .chain(a.furniture.iter().map(|f| &f.span))
        .all(fits);
    if !all_fit {
        return None;
    }
    // The letters and digits of the body's paragraphs, as the spans cut
    // them, against the stored main text's.
    let letters = |t: &str| -> String { t.chars().filter(|c| c.is_alphanumeric()).collect() };
    let spanned: String = s.body.iter().map(|b| letters(&text[b.range()])).collect();
    let body = letters(&a.body);
    let n = body.chars().count().min(40);
    let head: String = body.chars().take(n).collect();
    let tail: String = body.chars().skip(body.chars().count() - n).collect();
    (spanned.contains(&head) && spanned.contains(&tail)).then_some(text)
}
