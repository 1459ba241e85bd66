//! The engine: runs the stages in order over inputs and keeps the store.
//!
//! `ingest` = discover -> read (parallax-ingest) -> extract (parallax-extract)
//! -> store (parallax-store), in batches of [`EngineConfig::batch_size`]
//! articles, each batch one transaction. Content already stored is
//! recognised by its id before extraction, so re-running an interrupted
//! ingest skips straight to where it stopped.
//!
//! ```
//! use parallax_engine::{Engine, EngineConfig, Progress};
//! use parallax_store::SqliteStore;
//!
//! let dir = std::env::temp_dir().join(format!("parallax-doc-{}", std::process::id()));
//! std::fs::create_dir_all(&dir).unwrap();
//! std::fs::write(dir.join("a.txt"), "Ministers met in Rome on Friday to agree on a budget for the new year.").unwrap();
//! let mut engine = Engine::new(SqliteStore::open_in_memory().unwrap(), EngineConfig::default());
//! let report = engine.ingest(&[dir.clone()], Progress::Hidden).unwrap();
//! assert_eq!(report.stored, 1);
//! let again = engine.ingest(&[dir.clone()], Progress::Hidden).unwrap();
//! assert_eq!((again.stored, again.duplicates.len()), (0, 1));
//! # std::fs::remove_dir_all(dir).unwrap();
//! ```

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use parallax_extract::{extract, ExtractConfig, EXTRACTOR_VERSION};
use parallax_ingest::{discover, read_source, Entry, IngestError};
use parallax_model::{Article, ArticleId, RawArticle};
use parallax_store::{ArticleStore, PutOutcome};
use serde::{Deserialize, Serialize};

pub mod analyses;
pub mod embed;
pub mod eval;
pub mod eval_facts;
pub mod eval_web;
pub mod listing;
pub mod outlets;
pub mod search;
pub mod speakers;
pub mod vindex;

pub use parallax_analyze as analyze;
pub use parallax_cluster as cluster;
pub use parallax_compare as compare;
pub use parallax_ingest as ingest;
pub use parallax_store as store;

/// Engine errors: the store failing. Bad inputs are not errors; they are
/// reported in [`IngestReport::skipped`].
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error(transparent)]
    Store(#[from] parallax_store::Error),
    #[error("stage state: {0}")]
    State(String),
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

/// The JSON of a page of a listing, as the command line's `--json` and the
/// HTTP API write it: `{"total", "offset", "more", KEY: [...]}`, the items
/// written as they are (their fields in order).
#[derive(Debug)]
pub struct PageJson<'a, T> {
    pub key: &'static str,
    pub items: &'a [T],
    /// Items matching in all.
    pub total: usize,
    /// Items skipped before the page.
    pub offset: usize,
}

impl<T: Serialize> Serialize for PageJson<'_, T> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut m = s.serialize_map(Some(4))?;
        m.serialize_entry("total", &self.total)?;
        m.serialize_entry("offset", &self.offset)?;
        m.serialize_entry(
            "more",
            &self
                .total
                .saturating_sub(self.offset.saturating_add(self.items.len())),
        )?;
        m.serialize_entry(self.key, self.items)?;
        m.end()
    }
}

/// The JSON of a page of copy groups (`copies --json`, `GET
/// /api/v1/copies`): `{"groups", "offset", "more", "copies": [...]}`.
#[derive(Debug, Serialize, schemars::JsonSchema)]
pub struct CopiesPage<'a> {
    /// Copy groups in the store.
    pub groups: usize,
    /// Groups skipped before the page.
    pub offset: usize,
    /// Groups after the page.
    pub more: usize,
    pub copies: &'a [parallax_model::CopyItem],
}

impl<'a> CopiesPage<'a> {
    /// The page of `copies` read from `offset` with `limit`, out of
    /// `groups`.
    pub fn new(
        copies: &'a [parallax_model::CopyItem],
        groups: usize,
        offset: usize,
        limit: usize,
    ) -> Self {
        let shown = groups.saturating_sub(offset).min(limit);
        CopiesPage {
            groups,
            offset,
            more: groups.saturating_sub(offset.saturating_add(shown)),
            copies,
        }
    }

    /// Groups on the page.
    pub fn shown(&self) -> usize {
        self.groups - self.offset.min(self.groups) - self.more
    }
}

/// Engine settings.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct EngineConfig {
    /// Articles written per transaction. Larger is faster; a crash loses at
    /// most one batch of work (never stored data). The raw and article
    /// rows' id indexes (hashes) and the date index take a write at a
    /// random page per article, and a commit writes each page it dirtied
    /// in full: adding 10k bench articles to a 90k store wrote 53,922
    /// pages to the log with batches of 256 and 41,050 with 1,024.
    pub batch_size: usize,
    /// Settings of the extract stage.
    pub extract: ExtractConfig,
    /// Settings of the dedup stage.
    pub dedup: parallax_dedup::DedupConfig,
    /// Settings of the cluster stage.
    pub cluster: parallax_cluster::ClusterConfig,
    /// Whether the cluster stage uses sentence embeddings when the model
    /// is installed (see [`embed`]).
    pub embeddings: bool,
    /// The most bytes one article may have once decompressed (page, text,
    /// JSON Lines line, WARC body, feed item); a larger one is skipped and
    /// reported. See [`parallax_ingest::Limits`].
    pub max_article: u64,
}

impl Default for EngineConfig {
    fn default() -> Self {
        EngineConfig {
            batch_size: 1024,
            extract: ExtractConfig::default(),
            dedup: Default::default(),
            cluster: Default::default(),
            embeddings: true,
            max_article: parallax_ingest::DEFAULT_MAX_ARTICLE,
        }
    }
}

impl EngineConfig {
    /// The readers' caps.
    pub fn limits(&self) -> parallax_ingest::Limits {
        parallax_ingest::Limits {
            max_article: self.max_article,
        }
    }
}

/// Whether to draw a progress bar (on standard error, and only when it is a
/// terminal).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Progress {
    Auto,
    Hidden,
}

/// A progress bar on standard error drawn with `template`, or a hidden
/// one.
pub fn progress_bar(progress: Progress, len: usize, template: &str) -> ProgressBar {
    let bar = match progress {
        Progress::Auto => {
            ProgressBar::with_draw_target(Some(len as u64), ProgressDrawTarget::stderr())
        }
        Progress::Hidden => ProgressBar::hidden(),
    };
    bar.set_style(
        ProgressStyle::with_template(template)
            .unwrap_or_else(|_| ProgressStyle::default_bar())
            .progress_chars("=> "),
    );
    bar
}

/// Content that was already stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct Duplicate {
    pub source: String,
    pub id: ArticleId,
    pub first_source: String,
}

/// What an ingest did.
#[derive(Debug, Default, Serialize, schemars::JsonSchema)]
pub struct IngestReport {
    /// Articles newly stored.
    pub stored: usize,
    pub duplicates: Vec<Duplicate>,
    /// Bad inputs, each with its path (and line) and what is wrong.
    #[serde(serialize_with = "errors_as_strings")]
    #[schemars(with = "Vec<String>")]
    pub skipped: Vec<IngestError>,
    /// Files in directories that are no article format.
    #[serde(serialize_with = "paths_lossy")]
    #[schemars(with = "Vec<String>")]
    pub ignored: Vec<PathBuf>,
    /// Records passed over on purpose, by reason (WARC request records,
    /// non-HTML responses, feed items without text).
    pub passed_over: std::collections::BTreeMap<&'static str, usize>,
    /// Ids of the articles stored, in arrival order.
    pub stored_ids: Vec<ArticleId>,
    /// The stages run after storing (copies, events, findings), with
    /// their times, when the command ran them.
    pub stages: analyses::StageTimes,
    /// The whole command's time when the caller sets it (the CLI does),
    /// else reading, extracting and storing.
    #[serde(serialize_with = "duration_secs")]
    #[schemars(with = "f64")]
    pub elapsed: Duration,
    /// Reading, extracting and storing.
    #[serde(skip)]
    pub read_elapsed: Duration,
    /// The time the stages took while the ingest ran (see
    /// [`Engine::set_stages_along`]), counted in `stages`, not in
    /// `read_elapsed`.
    #[serde(skip)]
    pub stages_along: Duration,
}

/// Paths as text, a name that is not UTF-8 with replacement characters
/// (serde refuses such a `PathBuf`, which cut the JSON short).
fn paths_lossy<S: serde::Serializer>(
    paths: &[PathBuf],
    s: S,
) -> std::result::Result<S::Ok, S::Error> {
    s.collect_seq(paths.iter().map(|p| p.to_string_lossy()))
}

fn duration_secs<S: serde::Serializer>(d: &Duration, s: S) -> std::result::Result<S::Ok, S::Error> {
    s.serialize_f64((d.as_secs_f64() * 1000.0).round() / 1000.0)
}

impl IngestReport {
    /// Seconds spent reading, extracting and storing.
    pub fn read_secs(&self) -> f64 {
        self.read_elapsed.as_secs_f64()
    }
}

fn errors_as_strings<S: serde::Serializer>(
    errs: &[IngestError],
    s: S,
) -> std::result::Result<S::Ok, S::Error> {
    s.collect_seq(errs.iter().map(ToString::to_string))
}

/// The engine over one store.
#[derive(Debug)]
pub struct Engine<S> {
    store: S,
    cfg: EngineConfig,
    /// The stateful stages, made on first use and kept (with the rows
    /// they cached) for the engine's life.
    stages: Option<analyses::Stages>,
    /// Whether the warning that a read-only store's stages are behind was
    /// given.
    said_read_only: bool,
    /// Whether reads leave the catching up to a writer (see
    /// [`Engine::set_lazy_reads`]).
    lazy_reads: bool,
    /// Comparisons made, shared with other engines when the caller says
    /// so (see [`ComparisonCache`]).
    compared: ComparisonCache,
    /// See [`Engine::set_remade_max`].
    remade_max: usize,
    /// The articles this engine stored last, handed to the stages as they
    /// are instead of read back (see [`analyses::Fresh`]).
    fresh: analyses::Fresh,
    /// See [`Engine::set_stages_along`].
    stages_along: bool,
}

/// Comparisons made, by event, each with the membership it was made of
/// (member count, latest arrival number, storyline): asked again while the event
/// has not changed, a comparison is not made again. Engines given the
/// same cache (a server's threads) share what each made. At most
/// [`ComparisonCache::CAPACITY`] are kept; past that, the one asked for
/// least recently makes room.
#[derive(Debug, Clone)]
pub struct ComparisonCache {
    inner: std::sync::Arc<std::sync::Mutex<HashMap<u32, Slot>>>,
    capacity: usize,
}

impl Default for ComparisonCache {
    fn default() -> Self {
        Self::with_capacity(Self::CAPACITY)
    }
}

/// A kept comparison with what it was made of, when it was made and when
/// it was last asked for.
#[derive(Debug)]
struct Slot {
    made_of: MadeOf,
    kept: Kept,
    made: std::time::Instant,
    used: std::time::Instant,
}

/// A kept comparison with what it was made of and when.
type CacheEntry = (MadeOf, Kept, std::time::Instant);

/// What an event is made of, as [`ComparisonCache`] keys it: member count,
/// latest arrival number, storyline.
type MadeOf = (usize, i64, u32);

/// An event's record and its comparison, as made.
pub type Kept = std::sync::Arc<KeptComparison>;

/// A kept comparison: the event's record, its comparison, and the
/// comparison's JSON once written (a server writes a large comparison
/// once, not on every request).
#[derive(Debug)]
pub struct KeptComparison {
    pub event: parallax_model::Event,
    pub comparison: parallax_compare::Comparison,
    json: std::sync::OnceLock<Vec<u8>>,
}

impl KeptComparison {
    fn new(event: parallax_model::Event, comparison: parallax_compare::Comparison) -> Self {
        KeptComparison {
            event,
            comparison,
            json: Default::default(),
        }
    }

    /// The comparison as compact JSON, written on first use.
    pub fn json(&self) -> &[u8] {
        self.json
            .get_or_init(|| serde_json::to_vec(&self.comparison).unwrap_or_default())
    }
}

impl ComparisonCache {
    pub const CAPACITY: usize = 1024;

    /// A cache keeping at most `capacity` comparisons (at least one).
    pub fn with_capacity(capacity: usize) -> Self {
        ComparisonCache {
            inner: Default::default(),
            capacity: capacity.max(1),
        }
    }

    fn get(&self, event: u32, made_of: (usize, i64, u32)) -> Option<Kept> {
        self.get_any(event)
            .and_then(|(was, c, _)| (was == made_of).then_some(c))
    }

    /// Event `event`'s kept comparison whatever it was made of, with what
    /// that was and when it was made.
    fn get_any(&self, event: u32) -> Option<CacheEntry> {
        let mut map = self.inner.lock().ok()?;
        let slot = map.get_mut(&event)?;
        slot.used = std::time::Instant::now();
        Some((slot.made_of, slot.kept.clone(), slot.made))
    }

    fn put(&self, event: u32, made_of: (usize, i64, u32), kept: Kept) {
        if let Ok(mut map) = self.inner.lock() {
            if map.len() >= self.capacity && !map.contains_key(&event) {
                // A scan of at most CAPACITY entries, once per comparison
                // made: far less than making one.
                let stalest = map.iter().min_by_key(|(_, s)| s.used).map(|(e, _)| *e);
                if let Some(e) = stalest {
                    map.remove(&e);
                }
            }
            let now = std::time::Instant::now();
            map.insert(
                event,
                Slot {
                    made_of,
                    kept,
                    made: now,
                    used: now,
                },
            );
        }
    }

    /// The events whose comparison is kept, with the membership it was
    /// made of.
    pub fn kept(&self) -> Vec<(u32, (usize, i64, u32))> {
        self.inner
            .lock()
            .map(|m| m.iter().map(|(e, s)| (*e, s.made_of)).collect())
            .unwrap_or_default()
    }
}

/// The largest event whose comparison a reader of a long-lived engine
/// makes again when the event has changed since it was kept (see
/// [`Engine::compare_event_served`]); a larger one is answered as kept
/// while the writer makes it again.
pub const REMADE_MAX: usize = 200;

/// Events an outlet's page compares: its latest this many with another
/// outlet.
pub const OUTLET_EVENTS: usize = 10;
/// The latest articles an outlet's page lists.
pub const OUTLET_LATEST: usize = 20;
/// Events larger than this are left out of an outlet's page: comparing
/// one costs time in its size.
pub const OUTLET_EVENT_MAX: usize = 200;

impl<S: ArticleStore> Engine<S> {
    pub fn new(store: S, cfg: EngineConfig) -> Self {
        Engine {
            store,
            cfg,
            stages: None,
            said_read_only: false,
            lazy_reads: false,
            compared: ComparisonCache::default(),
            remade_max: REMADE_MAX,
            fresh: analyses::Fresh::default(),
            stages_along: false,
        }
    }

    /// With `along`, [`Engine::ingest`] feeds the stages each time it has
    /// stored a chunk's worth of articles ([`analyses::Fresh::FEED_AT`]),
    /// handing them over as extracted instead of reading them back: for a
    /// caller that catches up after ingesting anyway (`parallax ingest`),
    /// the same stages and rows, without decoding every article it just
    /// encoded. Off, an ingest only stores, and the articles it stored
    /// last (up to two chunks) wait in memory for the next catch-up.
    pub fn set_stages_along(&mut self, along: bool) {
        self.stages_along = along;
    }

    /// The largest event whose changed comparison
    /// [`Engine::compare_event_served`] makes again on the reader's path
    /// ([`REMADE_MAX`] unless set).
    pub fn set_remade_max(&mut self, n: usize) {
        self.remade_max = n;
    }

    /// The stages, their cached rows forgotten when another engine (a
    /// thread of `serve`, another process) has moved the cursors since
    /// this one last read or wrote: a long-lived reader never answers from
    /// rows another writer has changed.
    fn stages(&mut self) -> Result<&mut analyses::Stages> {
        if self.stages.is_none() {
            self.stages = Some(analyses::Stages::new(
                &self.cfg.dedup,
                &self.cfg.cluster,
                self.cfg.embeddings,
            )?);
        }
        let stages = self.stages.as_mut().expect("made above");
        stages.sync(&self.store)?;
        Ok(stages)
    }

    /// Feeds the stateful stages (copies, events, findings) the articles
    /// stored since they last ran, and says where the time went; then,
    /// once in a store's life, fills in the summaries of events made
    /// before summaries were kept ([`analyses::summarize_events`]).
    /// Writes nothing when both are up to date (one look at the cursors
    /// and one index entry), so a reading command never waits for a
    /// writer's lock without need.
    pub fn catch_up(&mut self, progress: Progress) -> Result<analyses::StageTimes> {
        self.catch_up_until(None, progress)
    }

    /// [`Engine::catch_up`], stopping once the stages are at or past
    /// arrival number `until` when given.
    fn catch_up_until(
        &mut self,
        until: Option<i64>,
        progress: Progress,
    ) -> Result<analyses::StageTimes> {
        let behind = analyses::behind(&self.store)?;
        // Events made before their summaries were kept are summarized
        // once, by the first writer (a reader summarizes them as it reads).
        let unsummarized =
            !self.store.read_only() && !self.store.events_unsummarized(1)?.is_empty();
        if !behind && !unsummarized {
            return Ok(Default::default());
        }
        if self.store.read_only() {
            if !self.said_read_only {
                self.said_read_only = true;
                tracing::warn!(
                    "the store is read-only and its stages have not seen its newest articles: events, copies and findings are as they last stood"
                );
            }
            return Ok(Default::default());
        }
        let times = if behind {
            self.stages()?;
            let stages = self.stages.as_mut().expect("made above");
            analyses::catch_up(&self.store, stages, &mut self.fresh, until, progress)?
        } else {
            Default::default()
        };
        let summarized = analyses::summarize_events(&self.store)?;
        if summarized > 0 {
            tracing::info!("kept the summaries of {summarized} events made before summaries were");
        }
        Ok(times)
    }

    /// With `lazy`, the reading methods answer from the stages as they
    /// stand instead of catching them up first: a long-lived server whose
    /// writer catches up after each batch keeps its readers from ever
    /// waiting for the write lock (an answer may then lack the articles of
    /// a batch being stored). [`Engine::catch_up`] still catches up.
    pub fn set_lazy_reads(&mut self, lazy: bool) {
        self.lazy_reads = lazy;
    }

    /// Shares `cache` with this engine: what either makes, both find.
    pub fn share_comparisons(&mut self, cache: ComparisonCache) {
        self.compared = cache;
    }

    /// Makes again the kept comparisons of events that have changed since
    /// (an article joined them), so the next reader finds them made: a
    /// writer calls it after catching up, off the readers' path. Returns
    /// how many it made.
    pub fn refresh_comparisons(&mut self) -> Result<usize> {
        let mut made = 0;
        for (event, was) in self.compared.kept() {
            let Some(now) = self.made_of(event)?.filter(|now| *now != was) else {
                continue;
            };
            if let Some(k) = self.make_comparison(event, now)? {
                k.json();
                made += 1;
            }
        }
        Ok(made)
    }

    /// What each reading method does first: [`Engine::catch_up`], unless
    /// reads are lazy.
    pub fn refresh(&mut self) -> Result<()> {
        if !self.lazy_reads {
            self.catch_up(Progress::Hidden)?;
        }
        Ok(())
    }

    pub fn store(&self) -> &S {
        &self.store
    }

    pub fn store_mut(&mut self) -> &mut S {
        &mut self.store
    }

    /// Brings copies, events and storylines up to date with the store and
    /// returns them.
    pub fn analyses(&mut self) -> Result<analyses::Analyses> {
        self.analyses_with(Progress::Hidden)
    }

    /// [`Engine::analyses`], with a progress bar per stage when there is
    /// much to catch up.
    pub fn analyses_with(&mut self, progress: Progress) -> Result<analyses::Analyses> {
        self.catch_up(progress)?;
        self.stages()?;
        let stages = self.stages.as_mut().expect("made above");
        analyses::load(&self.store, stages)
    }

    /// Event `id` with its articles, read by key (after catching the
    /// stages up); None when there is no such event.
    pub fn event(&mut self, id: u32) -> Result<Option<analyses::EventView>> {
        self.refresh()?;
        analyses::EventView::read(&self.store, id)
    }

    /// The event that event `id` was merged into, when it was: an id from
    /// an earlier listing or a kept link still leads to its articles. One
    /// look-up by key.
    pub fn merged_into(&mut self, id: u32) -> Result<Option<u32>> {
        self.refresh()?;
        Ok(self.store.event_merged_into(id)?)
    }

    /// The extraction settings for articles read now: no publication date
    /// after tomorrow (UTC), unless the configuration sets its own limit.
    fn extract_config(&self) -> ExtractConfig {
        match self.cfg.extract.latest {
            Some(_) => self.cfg.extract.clone(),
            None => self
                .cfg
                .extract
                .clone()
                .read_on(time::OffsetDateTime::now_utc().date()),
        }
    }

    /// Search by `mode` (see [`search::search_by`]), and the mode used:
    /// semantic and hybrid need the sentence-embedding model, and without
    /// it (or with embeddings off) the ranking is lexical, which the mode
    /// returned says.
    pub fn search_by(
        &mut self,
        query: &str,
        mode: search::Mode,
        index: Option<&vindex::VectorIndex>,
        limit: usize,
        copies: search::Copies,
    ) -> Result<(search::Mode, Vec<search::Hit>)> {
        self.refresh()?;
        let vector = match mode {
            search::Mode::Lexical => None,
            _ if !self.cfg.embeddings => None,
            _ => self.stages()?.query_vector(query),
        };
        let used = match vector {
            Some(_) => mode,
            None => search::Mode::Lexical,
        };
        let hits = search::search_by(
            &self.store,
            query,
            vector.as_deref(),
            used,
            index,
            limit,
            copies,
        )?;
        Ok((used, hits))
    }

    /// `hits` (best first, as [`Engine::search_by`] gives them with
    /// [`search::Copies::All`], then filtered by the caller) with the
    /// copies of one text folded under the best ranked of them. Reads a row
    /// per hit.
    pub fn fold_copies(&mut self, hits: Vec<search::Hit>) -> Result<Vec<search::Hit>> {
        Ok(search::fold_copies(&self.store, hits, |h| h.seq)?
            .into_iter()
            .map(|(mut h, n)| {
                h.copies += n;
                h
            })
            .collect())
    }

    /// Entities across the store (see [`analyses::EntityIndex`]), built by
    /// walking it: O(n) time, memory for the entities and their articles'
    /// ids, not the articles.
    pub fn entities(&mut self) -> Result<Vec<analyses::EntityItem>> {
        let mut index = analyses::EntityIndex::default();
        self.walk(false, |w| {
            index.add(&w.article.id, &w.facts.entities);
            Ok(())
        })?;
        Ok(index.finish())
    }

    /// Walks every stored article (see [`analyses::walk`]).
    pub fn walk(
        &mut self,
        clusters: bool,
        f: impl FnMut(analyses::Walked<'_>) -> Result<()>,
    ) -> Result<()> {
        self.refresh()?;
        self.stages()?;
        let stages = self.stages.as_mut().expect("made above");
        analyses::walk(&self.store, stages, clusters, f)
    }

    /// A page of the copy report (see [`analyses::copies_page`]).
    pub fn copies_page(
        &mut self,
        offset: usize,
        limit: usize,
    ) -> Result<(
        Vec<parallax_model::CopyItem>,
        Vec<parallax_model::Article>,
        usize,
    )> {
        self.refresh()?;
        analyses::copies_page(&self.store, offset, limit)
    }

    /// Every event's summary, in time order, and the storylines they form.
    /// Reads the events index and each event's row and outlets: O(events)
    /// time and memory, no article.
    pub fn storylines(
        &mut self,
    ) -> Result<(
        Vec<parallax_model::EventSummary>,
        Vec<parallax_model::Storyline>,
    )> {
        self.refresh()?;
        let all = parallax_store::EventQuery {
            limit: usize::MAX,
            ..Default::default()
        };
        let (events, _) = analyses::EventView::page(&self.store, &all)?;
        let storylines = analyses::storylines_of(&events);
        Ok((events, storylines))
    }

    /// Storyline `id` and its events' summaries (time order), read by key:
    /// the storyline's events index range and each event's row. None when
    /// there is no such storyline.
    pub fn storyline(
        &mut self,
        id: u32,
    ) -> Result<Option<(parallax_model::Storyline, Vec<parallax_model::EventSummary>)>> {
        self.refresh()?;
        analyses::storyline(&self.store, id)
    }

    /// A page of storylines in time order (by their first event's start,
    /// undated last) and how many there are: the events index grouped by
    /// storyline, then each storyline of the page read by key.
    pub fn storylines_page(
        &mut self,
        offset: usize,
        limit: usize,
    ) -> Result<(Vec<parallax_model::Storyline>, usize)> {
        self.refresh()?;
        let (ids, total) = self.store.storylines_page(offset, limit)?;
        let mut out = Vec::with_capacity(ids.len());
        for id in ids {
            out.extend(analyses::storyline(&self.store, id)?.map(|(line, _)| line));
        }
        Ok((out, total))
    }

    /// A page of events' summaries in time order and how many match in
    /// all (after catching the stages up). Cost: the page's rows and their
    /// outlets' (see [`analyses::EventView::summary`]), whatever the
    /// store's size or the events'.
    pub fn events_page(
        &mut self,
        q: &parallax_store::EventQuery,
    ) -> Result<(Vec<parallax_model::EventSummary>, usize)> {
        self.refresh()?;
        analyses::EventView::page(&self.store, q)
    }

    /// What a listing shows of event `id` (see
    /// [`analyses::EventView::summary`]); None when there is no such event.
    pub fn event_summary(&mut self, id: u32) -> Result<Option<parallax_model::EventSummary>> {
        self.refresh()?;
        analyses::EventView::summary(&self.store, id)
    }

    /// Event `id`'s whole record (its member list with it), read by key;
    /// None when there is no such event. Cost: its members' index rows.
    pub fn event_record(&mut self, id: u32) -> Result<Option<parallax_model::Event>> {
        self.refresh()?;
        analyses::EventView::record(&self.store, id)
    }

    /// Event `id` and the comparison of its outlets, from its own articles
    /// and findings (see [`analyses::compare_event`]); None when there is
    /// no such event. A comparison kept since the event last changed is
    /// found by its member list (index rows), without reading its articles.
    pub fn compare_event(
        &mut self,
        id: u32,
    ) -> Result<Option<(parallax_model::Event, parallax_compare::Comparison)>> {
        self.refresh()?;
        let Some(made_of) = self.made_of(id)? else {
            return Ok(None);
        };
        let kept = match self.compared.get(id, made_of) {
            Some(kept) => Some(kept),
            None => self.make_comparison(id, made_of)?,
        };
        Ok(kept.map(|k| (k.event.clone(), k.comparison.clone())))
    }

    /// Event `id`'s comparison for a server's reader, with how long ago it
    /// was made: the kept one while the event has not changed; for an
    /// event of more than [`REMADE_MAX`] articles (see
    /// [`Engine::set_remade_max`]) that has, the kept one
    /// still (the writer makes it again after each batch, see
    /// [`Engine::refresh_comparisons`], and a reader must not spend a
    /// second of CPU on it meanwhile); otherwise made now. None when there
    /// is no such event.
    pub fn compare_event_served(&mut self, id: u32) -> Result<Option<(Kept, std::time::Duration)>> {
        self.refresh()?;
        let Some(made_of) = self.made_of(id)? else {
            return Ok(None);
        };
        if let Some((was, kept, at)) = self.compared.get_any(id) {
            if was == made_of || made_of.0 > self.remade_max {
                return Ok(Some((kept, at.elapsed())));
            }
        }
        Ok(self
            .make_comparison(id, made_of)?
            .map(|k| (k, std::time::Duration::ZERO)))
    }

    /// Makes ahead the comparisons of the `most` largest events that are
    /// not kept (at most half of [`ComparisonCache::CAPACITY`]), largest
    /// first, so that a server's readers find them made: the dearest ones
    /// first. Returns how many it made.
    pub fn warm_comparisons(&mut self, most: usize) -> Result<usize> {
        let q = parallax_store::EventQuery {
            limit: most.min(ComparisonCache::CAPACITY / 2),
            order: parallax_store::EventOrder::Largest,
            ..Default::default()
        };
        let (rows, _) = self.store.events_page(&q)?;
        let mut made = 0;
        for r in rows {
            let Some(made_of) = self.made_of(r.id)? else {
                continue;
            };
            if self.compared.get(r.id, made_of).is_some() {
                continue;
            }
            if let Some(k) = self.make_comparison(r.id, made_of)? {
                // Written now, off the readers' path.
                k.json();
                made += 1;
            }
        }
        Ok(made)
    }

    /// Makes event `id`'s comparison and keeps it by `made_of`, what the
    /// event was made of when the caller looked (an article joining
    /// meanwhile makes the key stale, never the comparison found by it).
    fn make_comparison(&mut self, id: u32, made_of: MadeOf) -> Result<Option<Kept>> {
        self.stages()?;
        let stages = self.stages.as_mut().expect("made above");
        let Some((event, c)) =
            analyses::compare_event(&self.store, stages, id, &Default::default())?
        else {
            return Ok(None);
        };
        let kept = std::sync::Arc::new(KeptComparison::new(event, c));
        self.compared.put(id, made_of, kept.clone());
        Ok(Some(kept))
    }

    /// What event `id` is made of, as the comparison cache keys it: its
    /// member count, latest arrival number and storyline; None when there
    /// is no such event. Members only join (an article placed, an event
    /// merged in), and each join adds to the count the event's row keeps,
    /// so the key changes whenever the membership does. Cost: its row and
    /// one index look-up, O(log n), whatever the event's size (it read
    /// every member's index entry, 3,657 for the largest at 100k).
    fn made_of(&self, id: u32) -> Result<Option<(usize, i64, u32)>> {
        let Some(row) = self.store.event_row(id)? else {
            return Ok(None);
        };
        Ok(self
            .store
            .event_latest(id)?
            .map(|last| (row.articles, last, row.storyline)))
    }

    /// [`Engine::compare_event`], with the cards of the event's articles
    /// (arrival order), for a page that lists them. Cost: the members'
    /// cards, not their texts.
    #[allow(clippy::type_complexity)]
    pub fn compare_event_with_cards(
        &mut self,
        id: u32,
    ) -> Result<
        Option<(
            parallax_model::Event,
            parallax_compare::Comparison,
            Vec<parallax_model::ArticleCard>,
        )>,
    > {
        let Some((event, c)) = self.compare_event(id)? else {
            return Ok(None);
        };
        let members = self.store.event_members(id)?;
        let cards = self
            .store
            .article_cards(&members)?
            .into_iter()
            .map(|(_, c)| c)
            .collect();
        Ok(Some((event, c, cards)))
    }

    /// A page of quotes (see [`analyses::quotes_page`]).
    pub fn quotes_page(
        &mut self,
        q: &analyses::Listing,
    ) -> Result<(Vec<analyses::QuoteItem>, usize)> {
        self.refresh()?;
        self.stages()?;
        let stages = self.stages.as_mut().expect("made above");
        analyses::quotes_page(&self.store, stages, q)
    }

    /// A page of the outlets, most articles first, and how many there are.
    /// Cost: one row per outlet (their counters are kept by the outlets
    /// stage), not the articles.
    pub fn outlets_page(
        &mut self,
        offset: usize,
        limit: usize,
    ) -> Result<(Vec<outlets::OutletStat>, usize)> {
        self.refresh()?;
        self.stages()?;
        let stages = self.stages.as_mut().expect("made above");
        let mut rows = parallax_model::rows::Rows::new(&self.store);
        let mut all = stages.outlets.all(&mut rows);
        if let Some(e) = rows.error() {
            return Err(Error::State(format!("reading the outlets: {e}")));
        }
        all.sort_by(|a, b| {
            b.articles
                .cmp(&a.articles)
                .then_with(|| a.name.cmp(&b.name))
        });
        let total = all.len();
        Ok((all.into_iter().skip(offset).take(limit).collect(), total))
    }

    /// One outlet: its counters, its latest articles, and how it covers
    /// the events it shares with other outlets: over its latest
    /// [`OUTLET_EVENTS`] such events (of at most [`OUTLET_EVENT_MAX`]
    /// articles), what it adds that no other origin carries and which
    /// agreed facts it leaves out. None when no article names it. Cost:
    /// those events' comparisons, whatever the store's size.
    pub fn outlet(&mut self, name: &str) -> Result<Option<outlets::OutletView>> {
        self.refresh()?;
        let Some(stat) = self.outlet_stat(name)? else {
            return Ok(None);
        };
        // Its latest articles, newest first, then their events.
        let q = parallax_store::ArticleQuery {
            outlet: Some(stat.name.clone()),
            limit: 0,
            ..Default::default()
        };
        let (_, total) = self.store.articles_page(&q)?;
        let mut latest = Vec::new();
        let mut events: Vec<u32> = Vec::new();
        let mut covered = Vec::new();
        let mut end = total;
        // Pages from the newest back, until enough events are compared or
        // PAGES pages were read.
        const PAGE: usize = 50;
        const PAGES: usize = 20;
        for _ in 0..PAGES {
            if end == 0 || covered.len() >= OUTLET_EVENTS {
                break;
            }
            let start = end.saturating_sub(PAGE);
            let (page, _) = self.store.articles_page(&parallax_store::ArticleQuery {
                outlet: Some(stat.name.clone()),
                offset: start,
                limit: end - start,
                ..Default::default()
            })?;
            end = start;
            let mut seqs = Vec::with_capacity(page.len());
            for a in page.iter().rev() {
                if let Some(seq) = self.store.seq_of(&a.id)? {
                    seqs.push(seq);
                }
            }
            let placed: HashMap<i64, u32> = self
                .store
                .events_of(&seqs)?
                .into_iter()
                .map(|(seq, e, _)| (seq, e))
                .collect();
            for a in page.into_iter().rev() {
                if latest.len() < OUTLET_LATEST {
                    latest.push(outlets::ArticleBrief::from(a));
                }
            }
            for seq in seqs {
                let Some(&e) = placed.get(&seq) else { continue };
                if events.contains(&e) || covered.len() >= OUTLET_EVENTS {
                    continue;
                }
                events.push(e);
                covered.extend(self.coverage(&stat.name, e)?);
            }
        }
        Ok(Some(outlets::OutletView::new(stat, latest, covered)))
    }

    /// The outlet index's row for `name`, if the store has such an outlet.
    fn outlet_stat(&mut self, name: &str) -> Result<Option<outlets::OutletStat>> {
        self.stages()?;
        let stages = self.stages.as_mut().expect("made above");
        let mut rows = parallax_model::rows::Rows::new(&self.store);
        let stat = stages.outlets.get(&mut rows, name);
        if let Some(e) = rows.error() {
            return Err(Error::State(format!("reading the outlets: {e}")));
        }
        Ok(stat)
    }

    /// How outlet `outlet` covered event `e` against the others: what its
    /// articles add and leave out. None for an event there is nothing to
    /// compare in (one article, one outlet) or too large to compare on a
    /// page's request ([`OUTLET_EVENT_MAX`]).
    fn coverage(&mut self, outlet: &str, e: u32) -> Result<Option<outlets::EventCoverage>> {
        let Some(row) = self.store.event_row(e)? else {
            return Ok(None);
        };
        if row.articles < 2 || row.articles > OUTLET_EVENT_MAX {
            return Ok(None);
        }
        // The comparison alone: the members' texts are not listed.
        let Some((event, c)) = self.compare_event(e)? else {
            return Ok(None);
        };
        if event.outlets.len() < 2 {
            return Ok(None);
        }
        let key = outlets::outlet_key(outlet);
        let views: Vec<&parallax_compare::OutletView> = c
            .outlets
            .iter()
            .filter(|o| {
                c.sources.iter().any(|s| {
                    s.article == o.article
                        && s.outlet.as_deref().map(outlets::outlet_key) == Some(key)
                })
            })
            .collect();
        Ok(Some(outlets::EventCoverage {
            event: e,
            label: event.label.clone(),
            articles: event.articles.len(),
            outlets: event.outlets.len(),
            adds: views.iter().map(|v| v.adds.len()).sum(),
            leaves_out: views.iter().map(|v| v.leaves_out.len()).max().unwrap_or(0),
            agreed: c.agreed.len(),
        }))
    }

    /// One article with the text its spans index, its findings and its
    /// event (see [`analyses::ArticleView`]).
    pub fn article_view(&mut self, id_or_prefix: &str) -> Result<analyses::ArticleView> {
        self.refresh()?;
        analyses::ArticleView::read(&self.store, id_or_prefix, &self.cfg.limits())
    }

    /// One quote cluster's variants and talking point (see
    /// [`analyses::quote_cluster`]).
    #[allow(clippy::type_complexity)]
    pub fn quote_cluster(
        &mut self,
        cluster: u32,
    ) -> Result<Option<(Vec<analyses::QuoteItem>, Vec<analyses::QuoteItem>)>> {
        self.refresh()?;
        self.stages()?;
        let stages = self.stages.as_mut().expect("made above");
        let found = analyses::quote_cluster(&self.store, stages, cluster)?;
        // The variants by date, undated last, as every reader shows them.
        Ok(found.map(|(mut variants, related)| {
            variants.sort_by_key(|q| (q.published.is_none(), q.published));
            (variants, related)
        }))
    }

    /// A page of claims (see [`analyses::claims_page`]).
    pub fn claims_page(
        &mut self,
        q: &analyses::Listing,
    ) -> Result<(Vec<analyses::ClaimItem>, usize)> {
        self.refresh()?;
        self.stages()?;
        let stages = self.stages.as_mut().expect("made above");
        analyses::claims_page(&self.store, stages, q)
    }

    /// Ingests files, directories (recursively) and `-` (standard input).
    pub fn ingest(&mut self, paths: &[PathBuf], progress: Progress) -> Result<IngestReport> {
        let started = Instant::now();
        let found = discover(paths);
        let mut report = IngestReport {
            ignored: found.ignored,
            skipped: found.errors,
            ..Default::default()
        };
        let bar = progress_bar(
            progress,
            found.sources.len(),
            "{spinner} ingest [{bar:30}] {pos}/{len} files, {msg} ({per_sec}, eta {eta})",
        );
        let mut pending = Pending::new(self.cfg.batch_size, self.extract_config());
        let limits = self.cfg.limits();
        let extract_cfg = pending.extract.clone();
        // Extraction reads one article and nothing stored: a second thread
        // extracts the articles this one has read and found new, up to a
        // batch ahead, while this one reads, checks and stores. Every entry
        // is taken in the order read, as without the thread (the same
        // checks, the same report); a copy already stored is never
        // extracted. Without a second thread, this one extracts.
        std::thread::scope(|scope| -> Result<()> {
            let (jobs, todo) = std::sync::mpsc::channel::<Box<RawArticle>>();
            let (made, done) = std::sync::mpsc::channel::<(Box<RawArticle>, Article)>();
            let extractor = std::thread::Builder::new()
                .name("extract".into())
                .spawn_scoped(scope, move || {
                    for raw in todo {
                        let article = extract(&raw, &extract_cfg);
                        if made.send((raw, article)).is_err() {
                            return;
                        }
                    }
                });
            let jobs = match extractor {
                Ok(_) => Some(jobs),
                Err(e) => {
                    tracing::debug!(error = %e, "no extraction thread; extracting in turn");
                    None
                }
            };
            // As before batches grew to 1,024: the line's depth is for
            // overlap, not throughput.
            let mut line = Line::new(done, self.cfg.batch_size.clamp(64, 256));
            for source in &found.sources {
                for entry in read_source(source, &limits) {
                    match (&jobs, entry) {
                        (Some(jobs), Ok(Entry::Article(raw)))
                            if self.worth_extracting(&raw, &pending)? =>
                        {
                            let bytes = raw.bytes.len();
                            jobs.send(raw).map_err(|_| line.stopped())?;
                            line.push_extracting(bytes);
                        }
                        (_, entry) => line.push_now(entry),
                    }
                    self.settle(&mut line, false, &mut pending, &mut report, &bar)?;
                }
                line.slots.push_back(Turn::SourceDone);
            }
            drop(jobs);
            self.settle(&mut line, true, &mut pending, &mut report, &bar)
        })?;
        self.flush(&mut pending, &mut report)?;
        bar.finish_and_clear();
        report.elapsed = started.elapsed();
        report.read_elapsed = report.elapsed.saturating_sub(report.stages_along);
        Ok(report)
    }

    /// Ingests entries read elsewhere (the pages `parallax watch` fetched):
    /// the same checks, extraction and batching as [`Engine::ingest`].
    pub fn ingest_entries(
        &mut self,
        entries: impl IntoIterator<Item = std::result::Result<Entry, IngestError>>,
    ) -> Result<IngestReport> {
        let started = Instant::now();
        let mut report = IngestReport::default();
        let mut pending = Pending::new(self.cfg.batch_size, self.extract_config());
        for entry in entries {
            self.take(entry, None, &mut pending, &mut report)?;
        }
        self.flush(&mut pending, &mut report)?;
        report.elapsed = started.elapsed();
        report.read_elapsed = report.elapsed.saturating_sub(report.stages_along);
        Ok(report)
    }

    /// Whether [`Engine::take`] would extract this article as things
    /// stand: within the cap, and its content neither in the batch nor
    /// stored. A copy of an article still being extracted is extracted
    /// too, and then taken for the copy it is.
    fn worth_extracting(&self, raw: &RawArticle, pending: &Pending) -> Result<bool> {
        let cap = self.cfg.max_article;
        Ok(raw.bytes.len() as u64 <= cap
            && raw.text.len() as u64 <= cap
            && !pending.first_seen.contains_key(&raw.id)
            && !self.store.contains(&raw.id)?)
    }

    /// Takes the entries at the front of `line` whose turn has come, in
    /// the order read: all of them when `last`, else those ready, waiting
    /// only while the line is full.
    fn settle(
        &mut self,
        line: &mut Line,
        last: bool,
        pending: &mut Pending,
        report: &mut IngestReport,
        bar: &indicatif::ProgressBar,
    ) -> Result<()> {
        while let Some(front) = line.slots.front() {
            let (entry, article) = match front {
                Turn::SourceDone => {
                    line.slots.pop_front();
                    bar.inc(1);
                    continue;
                }
                Turn::Now(_) => match line.pop_now() {
                    Some(entry) => (entry, None),
                    None => unreachable!("the front was looked at"),
                },
                Turn::Extracting => {
                    let got = if last || line.full() {
                        line.done.recv().map_err(|_| line.stopped())?
                    } else {
                        match line.done.try_recv() {
                            Ok(got) => got,
                            Err(std::sync::mpsc::TryRecvError::Empty) => return Ok(()),
                            Err(_) => return Err(line.stopped()),
                        }
                    };
                    line.pop_extracted(got.0.bytes.len());
                    (Ok(Entry::Article(got.0)), Some(got.1))
                }
            };
            if self.take(entry, article, pending, report)? {
                bar.set_message(format!("{} stored", report.stored));
            }
        }
        Ok(())
    }

    /// Takes one entry into the batch (or the report); true when the batch
    /// was written. `extracted` is its article when extracted already.
    fn take(
        &mut self,
        entry: std::result::Result<Entry, IngestError>,
        extracted: Option<Article>,
        pending: &mut Pending,
        report: &mut IngestReport,
    ) -> Result<bool> {
        let raw = match entry {
            Err(e) => {
                tracing::debug!(error = %e, "skipped bad input");
                report.skipped.push(e);
                return Ok(false);
            }
            Ok(Entry::PassedOver { reason, .. }) => {
                *report.passed_over.entry(reason).or_default() += 1;
                return Ok(false);
            }
            Ok(Entry::Article(raw)) => *raw,
        };
        // Whatever read it (a file, a feed item, a fetched page), an
        // article over the cap is not stored: the stages' memory grows
        // with an article's text.
        let cap = self.cfg.max_article;
        if raw.bytes.len() as u64 > cap || raw.text.len() as u64 > cap {
            report.skipped.push(IngestError {
                path: raw.source,
                line: None,
                problem: parallax_ingest::Problem::TooLarge { limit: cap },
            });
            return Ok(false);
        }
        let first_source = match pending.first_seen.get(&raw.id) {
            Some(first) => Some(first.clone()),
            None if self.store.contains(&raw.id)? => {
                Some(self.store.note_sighting(&raw.id, &raw.source)?)
            }
            None => None,
        };
        if let Some(first_source) = first_source {
            report.duplicates.push(Duplicate {
                source: raw.source,
                id: raw.id,
                first_source,
            });
            return Ok(false);
        }
        let article = match extracted {
            Some(a) => a,
            None => extract(&raw, &pending.extract),
        };
        // A web page of furniture only (or an empty one) is no article:
        // stored, it would be an event of its own with nothing to compare.
        // A text or JSON line is the caller's article, kept whatever the
        // extractor makes of it.
        if raw.format == parallax_model::SourceFormat::Html && article.body.trim().is_empty() {
            report.skipped.push(IngestError {
                path: raw.source,
                line: None,
                problem: parallax_ingest::Problem::NoArticleText,
            });
            return Ok(false);
        }
        pending
            .first_seen
            .insert(raw.id.clone(), raw.source.clone());
        pending.bytes += raw.bytes.len();
        pending.batch.push((raw, article));
        if pending.batch.len() >= self.cfg.batch_size || pending.bytes >= BATCH_BYTES {
            self.flush(pending, report)?;
            return Ok(true);
        }
        Ok(false)
    }

    fn flush(&mut self, pending: &mut Pending, report: &mut IngestReport) -> Result<()> {
        let batch = &mut pending.batch;
        if batch.is_empty() {
            return Ok(());
        }
        let outcomes = self.store.put_batch(batch, EXTRACTOR_VERSION)?;
        let mut stored: Vec<(i64, Article)> = Vec::new();
        for ((raw, article), outcome) in batch.drain(..).zip(outcomes) {
            match outcome {
                PutOutcome::Stored { seq } => {
                    report.stored += 1;
                    report.stored_ids.push(raw.id);
                    stored.push((seq, article));
                }
                PutOutcome::Duplicate { first_source } => {
                    report.duplicates.push(Duplicate {
                        source: raw.source,
                        id: raw.id,
                        first_source,
                    });
                }
            }
        }
        pending.first_seen.clear();
        pending.bytes = 0;
        // The worker that stored the articles embeds them, outside the
        // stages' lock (see `analyses::embed_stored`).
        if self.cfg.embeddings && !stored.is_empty() {
            self.stages()?;
            let stages = self.stages.as_mut().expect("made above");
            analyses::embed_stored(&self.store, stages, &stored, &mut report.stages)?;
        }
        for (seq, article) in stored {
            self.fresh.push(seq, article);
        }
        if self.stages_along {
            if let Some(until) = self.fresh.nth_seq(analyses::Fresh::FEED_AT) {
                // One chunk, the first kept: the rest wait for the next.
                let clock = Instant::now();
                let times = self.catch_up_until(Some(until), Progress::Hidden)?;
                report.stages.add(&times);
                report.stages_along += clock.elapsed();
            }
        }
        Ok(())
    }
}

/// `ingest`'s entries in the order read, waiting for their turn: those
/// sent to the extraction thread come back in the order sent.
struct Line {
    slots: std::collections::VecDeque<Turn>,
    done: std::sync::mpsc::Receiver<(Box<RawArticle>, Article)>,
    /// Articles sent to be extracted and not taken back yet.
    in_flight: usize,
    /// The original bytes of the articles in line: those sent to be
    /// extracted and those to be taken as they are (copies of stored
    /// content, articles over the cap).
    bytes: usize,
    /// At most this many in flight, and four times as many entries in
    /// line.
    ahead: usize,
}

impl Line {
    fn new(done: std::sync::mpsc::Receiver<(Box<RawArticle>, Article)>, ahead: usize) -> Self {
        Line {
            slots: std::collections::VecDeque::new(),
            done,
            in_flight: 0,
            bytes: 0,
            ahead,
        }
    }

    /// Queues an article of `bytes` original bytes just sent to be
    /// extracted.
    fn push_extracting(&mut self, bytes: usize) {
        self.in_flight += 1;
        self.bytes += bytes;
        self.slots.push_back(Turn::Extracting);
    }

    /// Takes the article at the front back from extraction.
    fn pop_extracted(&mut self, bytes: usize) {
        self.slots.pop_front();
        self.in_flight -= 1;
        self.bytes -= bytes;
    }

    /// Queues an entry to be taken as it is, when its turn comes.
    fn push_now(&mut self, entry: std::result::Result<Entry, IngestError>) {
        self.bytes += entry_bytes(&entry);
        self.slots.push_back(Turn::Now(entry));
    }

    /// The entry at the front when it is one to take as it is.
    fn pop_now(&mut self) -> Option<std::result::Result<Entry, IngestError>> {
        match self.slots.pop_front()? {
            Turn::Now(entry) => {
                self.bytes -= entry_bytes(&entry);
                Some(entry)
            }
            other => {
                self.slots.push_front(other);
                None
            }
        }
    }

    /// Whether the line must wait for the article at its front before it
    /// reads on. Entries read past the one awaited wait with their bytes:
    /// a slow page must not let the pages sent after it, or a run of
    /// copies of stored content behind it, fill memory, whether counted
    /// in entries or in bytes.
    fn full(&self) -> bool {
        self.in_flight >= self.ahead
            || self.bytes >= BATCH_BYTES
            || self.slots.len() >= 4 * self.ahead
    }

    fn stopped(&self) -> Error {
        Error::State("the extraction thread stopped".into())
    }
}

/// The original bytes an entry holds while it waits in a [`Line`].
fn entry_bytes(entry: &std::result::Result<Entry, IngestError>) -> usize {
    match entry {
        Ok(Entry::Article(raw)) => raw.bytes.len(),
        _ => 0,
    }
}

/// One entry of a [`Line`].
enum Turn {
    /// Taken as it is (a bad input, a record passed over, a copy of
    /// stored content).
    Now(std::result::Result<Entry, IngestError>),
    /// Sent to be extracted.
    Extracting,
    /// The end of a source (the progress bar counts sources).
    SourceDone,
}

/// Articles extracted but not yet written.
struct Pending {
    batch: Vec<(RawArticle, Article)>,
    /// The batch's original bytes: it is written once they pass
    /// [`BATCH_BYTES`], whatever its length.
    bytes: usize,
    /// Content in the batch: id -> where it was first met.
    first_seen: HashMap<ArticleId, String>,
    /// The extraction settings of this ingest, its clock read once.
    extract: ExtractConfig,
}

/// The most original bytes a batch holds before it is written (and the
/// most `ingest` keeps waiting for extraction): batches are counted in
/// articles for speed, and this keeps a run of large pages from holding
/// [`EngineConfig::batch_size`] times the article cap in memory.
const BATCH_BYTES: usize = 64 << 20;

impl Pending {
    fn new(n: usize, extract: ExtractConfig) -> Self {
        Pending {
            batch: Vec::with_capacity(n),
            bytes: 0,
            first_seen: HashMap::new(),
            extract,
        }
    }
}

/// Benchmark helpers: a corpus of `n` distinct articles made from real
/// texts by varying them (a number tag in each paragraph), so content ids
/// differ while the text stays realistic.
pub fn multiply_corpus(texts: &[String], n: usize) -> Vec<String> {
    if texts.is_empty() {
        return Vec::new();
    }
    (0..n).map(|i| multiply_one(texts, i)).collect()
}

/// Article `i` of [`multiply_corpus`], alone: text `i mod len`, tagged
/// with its round after the first.
pub fn multiply_one(texts: &[String], i: usize) -> String {
    let Some(base) = texts.get(i % texts.len().max(1)) else {
        return String::new();
    };
    let round = i / texts.len();
    if round == 0 {
        return base.clone();
    }
    // Tag the second paragraph (the first when there is one): the lead
    // stays intact and the text stays distinct.
    let paras: Vec<&str> = base.split('\n').collect();
    let target = paras
        .iter()
        .enumerate()
        .filter(|(_, p)| p.split_whitespace().count() > 8)
        .map(|(k, _)| k)
        .nth(1)
        .unwrap_or(0);
    let mut out = String::with_capacity(base.len() + 16);
    for (k, para) in paras.iter().enumerate() {
        if k > 0 {
            out.push('\n');
        }
        out.push_str(para);
        if k == target {
            out.push_str(&format!(" (ref {round})"));
        }
    }
    out
}

/// Benchmark article `i`, read from a plain-text file.
fn bench_raw(i: usize, text: &str) -> RawArticle {
    RawArticle {
        id: parallax_ingest::content_id(text.as_bytes()),
        source: format!("bench/{i}.txt"),
        format: parallax_model::SourceFormat::Text,
        bytes: text.as_bytes().to_vec(),
        text: text.to_string(),
        encoding: None,
        given: Default::default(),
    }
}

/// Throughput figures from [`bench_ingest`].
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct BenchFigures {
    pub articles: usize,
    pub bytes: usize,
    pub extract_secs: f64,
    pub extract_per_sec: f64,
    pub ingest_secs: f64,
    pub ingest_per_sec: f64,
    pub stored: usize,
}

/// Measures extract alone and read + extract + store, on one thread, over
/// `corpus` written as files into `dir` and ingested into `store`.
pub fn bench_ingest<S: ArticleStore>(
    store: S,
    corpus: &[String],
    dir: &std::path::Path,
) -> Result<BenchFigures> {
    let cfg = EngineConfig::default();
    let raws: Vec<RawArticle> = corpus
        .iter()
        .enumerate()
        .map(|(i, t)| bench_raw(i, t))
        .collect();
    let t = Instant::now();
    let mut body_bytes = 0usize;
    for raw in &raws {
        body_bytes += extract(raw, &cfg.extract).body.len();
    }
    let extract_secs = t.elapsed().as_secs_f64();
    assert!(body_bytes > 0, "extraction produced no text");

    for (i, text) in corpus.iter().enumerate() {
        let sub = dir.join(format!("{:03}", i / 1000));
        if i % 1000 == 0 {
            std::fs::create_dir_all(&sub).ok();
        }
        std::fs::write(sub.join(format!("{i}.txt")), text).ok();
    }
    let mut engine = Engine::new(store, cfg);
    let t = Instant::now();
    let report = engine.ingest(&[dir.to_path_buf()], Progress::Auto)?;
    let ingest_secs = t.elapsed().as_secs_f64();
    let n = corpus.len();
    Ok(BenchFigures {
        articles: n,
        bytes: corpus.iter().map(String::len).sum(),
        extract_secs,
        extract_per_sec: n as f64 / extract_secs,
        ingest_secs,
        ingest_per_sec: report.stored as f64 / ingest_secs,
        stored: report.stored,
    })
}

/// Figures from [`bench_embed`].
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct EmbedBenchFigures {
    pub articles: usize,
    /// Articles per second, wall clock, on all the threads candle uses.
    pub per_sec: f64,
    /// CPU time of the process per article, in ms (Linux; 0 elsewhere).
    pub cpu_ms_per_article: f64,
    pub threads: usize,
    /// How the encoder ran: int8, exact (ONNX Runtime) or candle.
    pub form: String,
    /// The model's name as stored beside its vectors.
    pub model: String,
    /// Each text's vector, in the order embedded.
    #[serde(skip)]
    pub vectors: Vec<Vec<f32>>,
}

/// Embeds `n` texts (the corpus cycled) with `model` as the cluster stage
/// does, in batches of 64.
pub fn bench_embed(
    model: &parallax_embed::Embedder,
    texts: &[String],
    n: usize,
) -> std::result::Result<EmbedBenchFigures, parallax_embed::Error> {
    let texts: Vec<&str> = texts.iter().map(String::as_str).cycle().take(n).collect();
    let cpu = || {
        // utime + stime of this process, in clock ticks (100 per second).
        let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
        let after = stat.rsplit(')').next().unwrap_or("");
        let f: Vec<&str> = after.split_whitespace().collect();
        let ticks = |i: usize| f.get(i).and_then(|v| v.parse::<f64>().ok()).unwrap_or(0.0);
        (ticks(11) + ticks(12)) * 10.0
    };
    let (t, c) = (Instant::now(), cpu());
    let mut vectors = Vec::with_capacity(texts.len());
    for batch in texts.chunks(64) {
        vectors.extend(model.embed(batch)?);
    }
    let secs = t.elapsed().as_secs_f64();
    Ok(EmbedBenchFigures {
        articles: texts.len(),
        per_sec: texts.len() as f64 / secs.max(1e-9),
        cpu_ms_per_article: (cpu() - c) / texts.len().max(1) as f64,
        threads: std::thread::available_parallelism().map_or(1, |n| n.get()),
        form: model.form().as_str().to_string(),
        model: model.name().to_string(),
        vectors,
    })
}

/// Throughput of copies + events from [`bench_cluster`].
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct ClusterBenchFigures {
    pub articles: usize,
    /// Articles per second through copies + events (+ storylines), one
    /// thread, over the whole stream.
    pub per_sec: f64,
    /// Mean microseconds per article over the 1,000 articles before each
    /// checkpoint: (checkpoint, µs).
    pub per_article_us: Vec<(usize, f64)>,
    pub events: usize,
    pub copy_links: usize,
    /// Peak resident memory of the process, in MiB (VmHWM), if the OS says.
    pub peak_rss_mib: Option<f64>,
}

fn peak_rss_mib() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}

/// Streams `n` articles through the copy and cluster stages and times them.
///
/// The stream imitates a news desk's: *stories* are new texts generated by
/// a word-bigram model trained on `texts` (real words in real local
/// order, but no two stories alike), each story told by 1 to 8 articles
/// that vary its words by 15% and arrive within a few days, with dates
/// advancing one day per 150 articles. So the copy stage meets a bounded
/// number of copies per story, as in real news, and the event index grows
/// to tens of thousands of events. Generation and extraction are not
/// timed.
pub fn bench_cluster(texts: &[String], n: usize, checkpoints: &[usize]) -> ClusterBenchFigures {
    let cfg = EngineConfig::default();
    let words: Vec<&str> = texts.iter().flat_map(|t| t.split_whitespace()).collect();
    let mut successors: std::collections::HashMap<&str, Vec<&str>> =
        std::collections::HashMap::new();
    for w in words.windows(2) {
        successors.entry(w[0]).or_default().push(w[1]);
    }
    let mut dedup = parallax_dedup::Deduper::new(cfg.dedup.clone()).expect("default dedup config");
    let mut clusterer =
        parallax_cluster::Clusterer::new(cfg.cluster.clone()).expect("default cluster config");
    let start_day =
        time::Date::from_calendar_date(2024, time::Month::January, 1).expect("valid date");
    let mut state = 0x2545_f491_4f6c_dd1du64;
    let mut next = move || {
        state = state.wrapping_add(0x9e37_79b9_7f4a_7c15);
        parallax_text::mix64(state)
    };
    let mut timed = Duration::ZERO;
    let mut window = Duration::ZERO;
    let mut per_article_us = Vec::new();
    let mut links = 0usize;
    let mut story: Vec<&str> = Vec::new();
    let mut story_left = 0u64;
    for k in 0..n {
        if story_left == 0 || words.is_empty() {
            story.clear();
            let mut w = words
                .get((next() % words.len().max(1) as u64) as usize)
                .copied()
                .unwrap_or("news");
            for _ in 0..320 {
                story.push(w);
                w = match successors.get(w) {
                    Some(v) => v[(next() % v.len() as u64) as usize],
                    None => words[(next() % words.len() as u64) as usize],
                };
            }
            story_left = 1 + next() % 8;
        }
        story_left -= 1;
        let mut text = String::with_capacity(2400);
        for (i, w) in story.iter().enumerate() {
            if i > 0 {
                text.push_str(if i % 80 == 0 {
                    ".\n\n"
                } else if i % 20 == 0 {
                    ". "
                } else {
                    " "
                });
            }
            if next() % 100 < 15 {
                text.push_str(words[(next() % words.len() as u64) as usize]);
            } else {
                text.push_str(w);
            }
        }
        text.push('.');
        let day = start_day + time::Duration::days((k / 150) as i64);
        let raw = RawArticle {
            id: parallax_ingest::content_id(text.as_bytes()),
            source: format!("bench:{k}"),
            format: parallax_model::SourceFormat::Jsonl,
            bytes: Vec::new(),
            text,
            encoding: None,
            given: parallax_model::Given {
                published: Some(parallax_model::PubDate::day(day).to_string()),
                ..Default::default()
            },
        };
        let article = extract(&raw, &cfg.extract);
        let t = Instant::now();
        links += dedup.check(&article.id, article.story()).len();
        clusterer.add(&article);
        let dt = t.elapsed();
        timed += dt;
        window += dt;
        if (k + 1) % 1000 == 0 {
            if checkpoints.contains(&(k + 1)) || k + 1 == n {
                per_article_us.push((k + 1, window.as_secs_f64() * 1e6 / 1000.0));
            }
            window = Duration::ZERO;
        }
    }
    let events = (0..clusterer.len())
        .map(|i| clusterer.event_of(i))
        .collect::<HashSet<_>>()
        .len();
    ClusterBenchFigures {
        articles: n,
        per_sec: n as f64 / timed.as_secs_f64().max(1e-9),
        per_article_us,
        events,
        copy_links: links,
        peak_rss_mib: peak_rss_mib(),
    }
}

/// Throughput of the analyze stage from [`bench_analyze`].
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct AnalyzeBenchFigures {
    pub articles: usize,
    pub distinct: usize,
    pub secs: f64,
    pub per_sec: f64,
    pub entities: usize,
    pub quotes: usize,
    pub claims: usize,
    pub body_bytes: usize,
}

/// Runs the analyze stage on `n` articles (the extracted `texts`, cycled),
/// on this thread; extraction is done before the clock starts.
pub fn bench_analyze(texts: &[String], n: usize) -> AnalyzeBenchFigures {
    let cfg = ExtractConfig::default();
    let articles: Vec<Article> = texts
        .iter()
        .enumerate()
        .map(|(i, t)| extract(&bench_raw(i, t), &cfg))
        .collect();
    let (mut entities, mut quotes, mut claims, mut body_bytes) = (0, 0, 0, 0);
    let start = Instant::now();
    for i in 0..n {
        let a = &articles[i % articles.len()];
        let f = parallax_analyze::analyze(a);
        entities += f.entities.len();
        quotes += f.quotes.len();
        claims += f.claims.len();
        body_bytes += a.body.len();
    }
    let secs = start.elapsed().as_secs_f64();
    AnalyzeBenchFigures {
        articles: n,
        distinct: articles.len(),
        secs,
        per_sec: n as f64 / secs.max(1e-9),
        entities,
        quotes,
        claims,
        body_bytes,
    }
}

#[cfg(test)]
mod line_tests {
    use super::*;

    fn copy_of(i: usize, size: usize) -> std::result::Result<Entry, IngestError> {
        let text = "x".repeat(size);
        Ok(Entry::Article(Box::new(RawArticle {
            id: parallax_ingest::content_id(format!("{i}").as_bytes()),
            source: format!("copies/{i}.txt"),
            format: parallax_model::SourceFormat::Text,
            bytes: text.clone().into_bytes(),
            text,
            encoding: None,
            given: Default::default(),
        })))
    }

    /// Copies of stored content behind a slow page wait in memory: a few
    /// large ones fill the line as surely as many small ones do.
    #[test]
    fn copies_waiting_behind_a_slow_page_are_bounded_by_their_bytes() {
        let (_made, done) = std::sync::mpsc::channel();
        let mut line = Line::new(done, 256);
        line.push_extracting(1000);
        let big = 4 << 20;
        let mut pushed = 0;
        while !line.full() {
            line.push_now(copy_of(pushed, big));
            pushed += 1;
            assert!(pushed < 100, "never full");
        }
        // 16 copies of 4 MiB reach 64 MiB: far fewer than the 1,024
        // entries the count alone allows.
        assert_eq!(pushed, 16);
        assert_eq!(line.bytes, 16 * big + 1000);
        // Taking the entries gives their bytes back; the page in flight
        // counts until it is taken back.
        assert!(line.pop_now().is_none(), "the page is at the front");
        assert_eq!(line.bytes, 16 * big + 1000);
        line.pop_extracted(1000);
        for _ in 0..pushed {
            assert!(line.pop_now().is_some());
        }
        assert_eq!(line.bytes, 0);
        assert!(!line.full());
        // Small copies are still bounded by their count.
        let mut small = 0;
        while !line.full() {
            line.push_now(copy_of(small, 10));
            small += 1;
        }
        assert_eq!(small, 4 * 256);
    }
}
