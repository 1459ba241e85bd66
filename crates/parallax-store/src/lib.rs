//! The system of record: raw articles (original bytes) and what the stages
//! made of them.
//!
//! [`ArticleStore`] is what the engine needs of a store; [`SqliteStore`] is
//! the embedded default, one file. A PostgreSQL backend for server mode
//! implements the same trait; the stages never see either.
//!
//! Atomicity is per batch: [`ArticleStore::put_batch`] writes a whole batch
//! in one transaction or nothing, so a crash mid-ingest leaves a store that
//! opens with no half-written article, and a re-run resumes by content id.
//!
//! ```
//! use parallax_store::{ArticleStore, SqliteStore};
//!
//! let store = SqliteStore::open_in_memory().unwrap();
//! assert_eq!(store.count().unwrap(), 0);
//! assert_eq!(store.schema_version().unwrap(), parallax_store::SCHEMA_VERSION);
//! ```

mod any;
mod dicts;
mod postgres;
pub mod testing;

pub use crate::any::Store;

pub use crate::postgres::{is_postgres_url, redact, PgStore, PG_SCHEMA_VERSION};

use std::path::{Path, PathBuf};

use std::cell::Cell;
use std::time::{Duration, Instant};

use crate::dicts::{current_dict, pack_with, unpack_frame, Dict, DictKind, DictTable, Dicts};
use parallax_model::rows::{Row, RowSource};
use parallax_model::{Article, ArticleCard, ArticleId, CopyKind, CopyLink, OffsetMap, RawArticle};
use rusqlite::{params, Connection, OptionalExtension, TransactionBehavior};
use std::collections::HashMap;

/// Store errors.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("database {path}: {}", sqlite_message(source, path))]
    Sqlite {
        path: String,
        source: rusqlite::Error,
    },
    #[error("database {path} was written by a newer parallax (schema {found}, this build knows up to {known})")]
    TooNew {
        path: String,
        found: i64,
        known: i64,
    },
    #[error("database {path} is read-only and was written by an older parallax (schema {found}, this build reads {known} or newer): open it once where it can be written, to bring it up to date")]
    ReadOnlyOld {
        path: String,
        found: i64,
        known: i64,
    },
    #[error("database {path}: corrupt record {id}: {what}")]
    Corrupt {
        path: String,
        id: String,
        what: String,
    },
    /// (The driver's error is not given as the source: its message is
    /// in this one's already, and its own text is only "db error".)
    #[error("database {url}: {}", postgres_message(cause))]
    Postgres {
        url: String,
        cause: ::postgres::Error,
    },
    #[error("database {path}: another writer held the write lock for {}s; giving up", waited.as_secs())]
    Locked { path: String, waited: Duration },
    #[error("no article matches id {0:?}")]
    NotFound(String),
    #[error("id prefix {prefix:?} is ambiguous: it begins {}{}", candidates.join(", "), if *more { ", and more" } else { "" })]
    Ambiguous {
        prefix: String,
        /// The first ids it begins, in id order.
        candidates: Vec<String>,
        /// Whether more ids than those begin with it.
        more: bool,
    },
}

/// PostgreSQL's own message (with its detail and hint) where the server
/// sent one; the driver's otherwise.
fn postgres_message(e: &::postgres::Error) -> String {
    match e.as_db_error() {
        Some(db) => {
            let mut m = db.message().to_string();
            if let Some(d) = db.detail() {
                m.push_str(&format!(" ({d})"));
            }
            if let Some(h) = db.hint() {
                m.push_str(&format!("; hint: {h}"));
            }
            m
        }
        // A connection error's cause ("Connection refused") is its source.
        None => match std::error::Error::source(e) {
            Some(cause) => format!("{e}: {cause}"),
            None => e.to_string(),
        },
    }
}

/// Whether SQLite's error says the file (or the folder its log and shared
/// memory go in) cannot be written.
fn cannot_write(e: &rusqlite::Error) -> bool {
    use rusqlite::ErrorCode::{CannotOpen, PermissionDenied, ReadOnly};
    matches!(
        e.sqlite_error_code(),
        Some(ReadOnly | CannotOpen | PermissionDenied)
    )
}

/// Whether SQLite's error says another connection holds a lock.
fn is_busy(e: &rusqlite::Error) -> bool {
    use rusqlite::ErrorCode::{DatabaseBusy, DatabaseLocked};
    matches!(e.sqlite_error_code(), Some(DatabaseBusy | DatabaseLocked))
}

/// A path as the path part of an SQLite `file:` URI: `%`, `?` and `#` are
/// escaped, the rest is kept (on Unix a path is bytes; a name that is not
/// UTF-8 is escaped byte by byte).
fn uri_path(path: &Path) -> String {
    let bytes = path.as_os_str().as_encoded_bytes();
    let mut out = String::with_capacity(bytes.len());
    for &b in bytes {
        match b {
            b'%' | b'?' | b'#' | 0x80..=0xff | 0..=0x1f => out.push_str(&format!("%{b:02X}")),
            _ => out.push(b as char),
        }
    }
    out
}

/// SQLite's message without the file name it sometimes ends with (the
/// error names the file already).
fn sqlite_message(e: &rusqlite::Error, path: &str) -> String {
    let m = e.to_string();
    match m.strip_suffix(path).and_then(|m| m.strip_suffix(": ")) {
        Some(short) => short.to_string(),
        None => m,
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

/// How much more a word of the title counts than a word of the body in
/// full-text search's BM25.
pub const TITLE_WEIGHT: f64 = 2.0;

/// A query as FTS5 syntax: its words (letters and digits, as the index's
/// tokenizer splits them), each quoted, joined by OR, so any text is a
/// valid query and ranking is plain BM25 over the words.
fn fts_query(q: &str) -> String {
    let words: Vec<String> = q
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| format!("\"{w}\""))
        .collect();
    words.join(" OR ")
}

/// The full-text ranking (BM25, a title word worth `?3` body words),
/// with a condition on each match: none for a plain search, or one
/// leaving out copy groups (`?4`, a JSON array). A plain search is asked
/// without it, so it pays nothing for it.
macro_rules! search_sql {
    ($leave_out:literal) => {
        concat!(
            "SELECT rowid, -bm25(search, ?3, 1.0) FROM search WHERE search MATCH ?1 ",
            $leave_out,
            " ORDER BY bm25(search, ?3, 1.0) LIMIT ?2"
        )
    };
}
const SEARCH_SQL: &str = search_sql!("");
const SEARCH_LEAVING_OUT_SQL: &str = search_sql!(
    "AND rowid NOT IN (SELECT value FROM json_each(?4))
     AND rowid NOT IN (SELECT seq FROM copy_groups
                       WHERE grp IN (SELECT value FROM json_each(?4)))"
);

/// The newest schema this build writes.
pub const SCHEMA_VERSION: i64 = 14;

// A migration added without the version (or the reverse) would make every
// new store "too new" for the build that made it.
const _: () = assert!(SCHEMA_VERSION as usize == MIGRATIONS.len());

/// The oldest schema a read-only open reads: 7 lacks only the articles'
/// cards, which are then decoded from the articles.
const READ_ONLY_OLDEST: i64 = 7;

/// What happened to one article offered to the store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PutOutcome {
    /// Stored, with its arrival number (the order the stages read it in).
    Stored { seq: i64 },
    /// The same content is already stored (perhaps from another source).
    Duplicate { first_source: String },
}

/// One event as the store keeps it (see [`ArticleStore::events_page`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventRow {
    pub id: u32,
    pub storyline: u32,
    pub articles: usize,
    /// Earliest and latest publication dates (`PubDate` as text).
    pub start: Option<String>,
    pub end: Option<String>,
    /// The title of its earliest headlined article (see [`label_key`]),
    /// when [`EventRow::summarized`].
    pub label: Option<String>,
    /// Whether the row keeps the event's label and its outlets are kept
    /// (see [`ArticleStore::event_outlets`]): false for an event made
    /// before they were, or merged with one, until a writer fills them
    /// in ([`ArticleStore::put_event_summary`]).
    pub summarized: bool,
}

/// Where an article stands in its event's time order (by publication
/// date, undated last, then by arrival), as text that sorts the same: an
/// event's outlets are listed in the order of their first such article.
/// `published` is the date as [`PubDate`](parallax_model::PubDate) writes
/// it (`YYYY-MM-DD`, then `THH:MM` when known: padded, a day sorts before
/// any time of it).
pub fn time_key(published: Option<&str>, seq: i64) -> String {
    match published {
        Some(d) => format!("0{d:<16}{seq:019}"),
        None => format!("1{seq:019}"),
    }
}

/// An article's claim to be its event's label, as text that sorts the
/// least for the label: a title of its own (not one derived from its
/// text) first, then the time order ([`time_key`]). The event's label is
/// the title of its member with the least key.
pub fn label_key(own_title: bool, published: Option<&str>, seq: i64) -> String {
    format!(
        "{}{}",
        if own_title { '0' } else { '1' },
        time_key(published, seq)
    )
}

/// Which events to list, in time order (undated last).
#[derive(Debug, Clone, Default)]
pub struct EventQuery {
    /// Events starting on or after this date (text, as `PubDate` writes it).
    pub since: Option<String>,
    /// Events starting before this date.
    pub until: Option<String>,
    /// Events with at least this many articles.
    pub min_articles: usize,
    pub offset: usize,
    pub limit: usize,
    pub order: EventOrder,
}

/// The order of [`EventQuery`]'s events.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum EventOrder {
    /// By start date, undated last, then id.
    #[default]
    Time,
    /// Most articles first, then id.
    Largest,
    /// Fewest articles first, then id.
    Smallest,
}

/// Which articles to list, in arrival order.
#[derive(Debug, Clone, Default)]
pub struct ArticleQuery {
    /// Published on or after this date (text, as `PubDate` writes it).
    pub since: Option<String>,
    /// Published before this date.
    pub until: Option<String>,
    /// From this outlet (its name as extracted, exactly).
    pub outlet: Option<String>,
    /// In this language (ISO 639-1, as detected).
    pub language: Option<String>,
    /// In this event (as placed: the event the article is in now).
    pub event: Option<u32>,
    /// Only articles that arrived after this arrival number: a cursor,
    /// which pages at the cost of its page however deep it goes (an
    /// offset skips its rows one by one). The count is then of the
    /// matches after it.
    pub after: Option<i64>,
    pub offset: usize,
    pub limit: usize,
}

/// An event member's indexed columns: (arrival number, id, outlet,
/// publication date as stored).
pub type MemberKey = (i64, ArticleId, Option<String>, Option<String>);

/// An article placed in an event by the cluster stage.
#[derive(Debug, Clone)]
pub struct Placed {
    pub seq: i64,
    pub event: u32,
    pub storyline: u32,
    /// Its publication date, as `PubDate` writes it.
    pub published: Option<String>,
    /// Its outlet and title, and whether the title is its own (not one
    /// derived from its text), for the event's outlets and label.
    pub outlet: Option<String>,
    pub title: Option<String>,
    pub own_title: bool,
}

/// An event's summary as a writer fills it in for an event made before
/// summaries were kept (see [`ArticleStore::put_event_summary`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventSummaryRow {
    pub label: Option<String>,
    /// The label article's [`label_key`].
    pub label_key: String,
    /// Each outlet with the [`time_key`] of its first article.
    pub outlets: Vec<(String, String)>,
}

/// What `parallax watch` remembers of one feed between polls.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FeedState {
    pub url: String,
    /// The validators of the last good response, for a conditional GET.
    pub etag: Option<String>,
    pub last_modified: Option<String>,
    /// Failed polls in a row, and the last failure.
    pub failures: u32,
    pub last_error: Option<String>,
}

/// What the engine needs of a store. Stage state rows are read through
/// [`RowSource`]; writes of stage state happen between
/// [`ArticleStore::begin_write`] and [`ArticleStore::commit`].
pub trait ArticleStore: RowSource {
    /// Whether content with this id is stored.
    fn contains(&self, id: &ArticleId) -> Result<bool>;
    /// Writes a batch atomically, in order; one outcome per item.
    /// `extractor_version` is recorded so an upgrade can find the articles
    /// older rules described.
    fn put_batch(
        &mut self,
        items: &[(RawArticle, Article)],
        extractor_version: u32,
    ) -> Result<Vec<PutOutcome>>;
    /// Records that already-stored content was seen again at `source`.
    fn note_sighting(&mut self, id: &ArticleId, source: &str) -> Result<String>;
    /// Number of stored articles.
    fn count(&self) -> Result<usize>;
    /// All articles in arrival order.
    fn articles(&self) -> Result<Vec<Article>>;
    /// One article by id or any unambiguous id prefix; an ambiguous one is
    /// an error listing the ids it begins.
    fn article(&self, id_or_prefix: &str) -> Result<Article>;
    /// The original bytes of an article.
    fn raw_bytes(&self, id: &ArticleId) -> Result<Vec<u8>>;
    /// All copy links, in the order they were found.
    fn copy_links(&self) -> Result<Vec<CopyLink>>;
    /// Every article's findings, as stored.
    fn facts(&self) -> Result<Vec<(ArticleId, String)>>;
    /// A page of articles in arrival order, and how many match in all.
    /// With a date filter, reads the publication-date index; the count
    /// scans the matching index range (or the table's, without a filter).
    fn articles_page(&self, q: &ArticleQuery) -> Result<(Vec<Article>, usize)>;
    /// The arrival number (`seq`) of the newest stored article, 0 when
    /// none. Reads one index entry. Articles are numbered 1, 2, ... as they
    /// are stored and never deleted, so this is also how many there are.
    fn last_seq(&self) -> Result<i64>;
    /// Whether the store can only be read (read-only media or file, or
    /// opened so): the stages then show what they last held.
    fn read_only(&self) -> bool {
        false
    }
    /// Up to `limit` articles stored after arrival number `after`, in
    /// arrival order, with their numbers. Reads by range of the primary
    /// key: the cost is the articles returned, not the store.
    fn articles_since(&self, after: i64, limit: usize) -> Result<Vec<(i64, Article)>>;
    /// Takes the store's write lock and starts a transaction (waiting for
    /// another writer to finish, bounded). Reads inside it see the state
    /// every later write builds on.
    fn begin_write(&self) -> Result<()>;
    fn commit(&self) -> Result<()>;
    /// Undoes everything since [`ArticleStore::begin_write`].
    fn rollback(&self);
    /// Where stage `stage` stands: the arrival number of the last article
    /// it has seen (None: never run). One row.
    fn cursor(&self, stage: &str) -> Result<Option<i64>>;
    /// Inside a write: moves a stage's cursor.
    fn set_cursor(&self, stage: &str, seq: i64) -> Result<()>;
    /// Inside a write: saves changed stage state rows.
    fn put_rows(&self, rows: &[Row]) -> Result<()>;
    /// Inside a write: saves new copy links.
    fn put_copy_links(&self, links: &[CopyLink]) -> Result<()>;
    /// Inside a write: saves the analyze stage's findings (JSON per article).
    fn put_facts(&self, facts: &[(ArticleId, String)]) -> Result<()>;
    /// Inside a write: records where the cluster stage placed articles,
    /// updating each event's size and dates. Cost: a few index writes per
    /// article.
    fn place_articles(&self, placed: &[Placed]) -> Result<()>;
    /// Inside a write: event `from` became part of `into`. Cost: the
    /// members of `from`.
    fn merge_events(&self, into: u32, from: u32) -> Result<()>;
    /// A page of events in time order, and how many match in all. Reads
    /// the events table by its time index (and counts the matches).
    fn events_page(&self, q: &EventQuery) -> Result<(Vec<EventRow>, usize)>;
    /// One event, by id.
    fn event_row(&self, id: u32) -> Result<Option<EventRow>>;
    /// The events merged into `id`.
    fn event_merged(&self, id: u32) -> Result<Vec<u32>>;
    /// The event that `id` was merged into, when it was (merges are kept
    /// flattened: the one that holds its articles now). One look-up by
    /// key.
    fn event_merged_into(&self, id: u32) -> Result<Option<u32>>;
    /// An event's distinct outlets in the order of their first article
    /// ([`time_key`]), as kept for a [`EventRow::summarized`] event.
    /// Reads its outlets' rows: O(outlets), whatever its size.
    fn event_outlets(&self, id: u32) -> Result<Vec<String>>;
    /// Up to `limit` events whose summary is not kept (see
    /// [`EventRow::summarized`]), by id. Reads an index of those alone.
    fn events_unsummarized(&self, limit: usize) -> Result<Vec<u32>>;
    /// Inside a write: keeps event `id`'s label and outlets.
    fn put_event_summary(&self, id: u32, summary: &EventSummaryRow) -> Result<()>;
    /// The events of storyline `id`, by id. Reads its index range.
    fn storyline_events(&self, id: u32) -> Result<Vec<u32>>;
    /// A page of storyline ids ordered by their earliest event start
    /// (undated last, then id), and how many storylines there are. Groups
    /// the events' storyline index: O(events) index entries, no article.
    fn storylines_page(&self, offset: usize, limit: usize) -> Result<(Vec<u32>, usize)>;
    /// The arrival numbers of an event's articles. Reads its index range.
    fn event_members(&self, id: u32) -> Result<Vec<i64>>;
    /// The latest arrival number among an event's articles (None when it
    /// has none): one look-up at the end of its index range, O(log n).
    fn event_latest(&self, id: u32) -> Result<Option<i64>>;
    /// An event's articles as (arrival number, id, outlet, publication
    /// date as stored), from their indexed columns: no article is decoded.
    fn event_member_keys(&self, id: u32) -> Result<Vec<MemberKey>>;
    /// Articles by arrival number, in the order asked.
    fn articles_at(&self, seqs: &[i64]) -> Result<Vec<(i64, Article)>>;
    /// The cards of the articles numbered `seqs` (see [`ArticleCard`]), in
    /// that order, without decoding their text where the store keeps
    /// cards (articles stored before it did are decoded).
    fn article_cards(&self, seqs: &[i64]) -> Result<Vec<(i64, ArticleCard)>>;
    /// Articles by id (those stored), with their arrival numbers.
    fn articles_by_id(&self, ids: &[ArticleId]) -> Result<Vec<(i64, Article)>>;
    /// The findings of these articles (those analysed).
    fn facts_of(&self, ids: &[ArticleId]) -> Result<Vec<(ArticleId, String)>>;
    /// The copy links from or to these articles.
    fn copy_links_of(&self, ids: &[ArticleId]) -> Result<Vec<CopyLink>>;
    /// Inside a write: puts the articles at arrival numbers `a` and `b` in
    /// one copy group (the groups are the connected parts of the copy
    /// links). Cost: the members of the group that is renumbered (the one
    /// whose first member came later), usually the new article alone.
    fn join_copies(&self, a: i64, b: i64) -> Result<()>;
    /// Inside a write: [`ArticleStore::join_copies`] for each pair, in
    /// order. A server backend does it in a few statements.
    fn join_copies_many(&self, pairs: &[(i64, i64)]) -> Result<()> {
        pairs.iter().try_for_each(|&(a, b)| self.join_copies(a, b))
    }
    /// Inside a write: lists the article at `seq` among the copy groups
    /// even alone (a republication whose original is not in the store).
    fn note_republication(&self, seq: i64) -> Result<()>;
    /// A page of copy groups, each its members' arrival numbers in order:
    /// the groups of two or more articles by their first member, then the
    /// lone republications by arrival; and how many groups there are.
    /// Reads the groups index.
    fn copy_groups_page(&self, offset: usize, limit: usize) -> Result<(Vec<Vec<i64>>, usize)>;
    /// The arrival number of an article, by id.
    fn seq_of(&self, id: &ArticleId) -> Result<Option<i64>>;
    /// The arrival numbers of the articles published on or after `since`
    /// and before `until` (dates as stored, compared as text, as
    /// [`ArticleQuery`] compares them), in arrival order. Cost: the dates
    /// index over the range, then sorting what it holds.
    fn published_between(&self, since: Option<&str>, until: Option<&str>) -> Result<Vec<i64>>;
    /// Inside a write: adds articles' titles and bodies, as (arrival
    /// number, title, body), to the full-text index. Cost: their own words.
    fn index_search(&self, docs: &[(i64, &str, &str)]) -> Result<()>;
    /// Full-text search: the best `limit` articles for `query` (any of its
    /// words; BM25 over title and body, a title word worth
    /// [`TITLE_WEIGHT`] body words), best first, as (arrival number,
    /// score: higher is better). Cost: the postings of the query's words.
    fn search(&self, query: &str, limit: usize) -> Result<Vec<(i64, f64)>>;
    /// [`ArticleStore::search`] leaving out the articles of these copy
    /// groups (a group is numbered by its first member; an article in no
    /// group is one of its own, numbered by itself): the stories that
    /// come next in a ranking whose best are reprinted more often than a
    /// reading of it holds. Cost: as `search`, plus the left-out groups'
    /// members.
    fn search_excluding(
        &self,
        query: &str,
        limit: usize,
        groups: &[i64],
    ) -> Result<Vec<(i64, f64)>>;
    /// The event and storyline of each of these articles (those placed),
    /// by arrival number. Reads a row per article.
    fn events_of(&self, seqs: &[i64]) -> Result<Vec<(i64, u32, u32)>>;
    /// The copy group of each of these articles that is in one (a group
    /// is numbered by its first member's arrival number), as (arrival
    /// number, group). Reads a row per article.
    fn copy_groups_of(&self, seqs: &[i64]) -> Result<Vec<(i64, i64)>>;
    /// Inside a write: keeps articles' sentence embeddings, each with the
    /// hash of the text embedded, under the model's name.
    fn put_vectors(&self, model: &str, vectors: &[(i64, i64, &[f32])]) -> Result<()>;
    /// Outside a write: keeps embeddings as [`ArticleStore::put_vectors`]
    /// does, in a transaction of their own that takes no stage lock, so
    /// a worker writes the vectors of the articles it stored while another
    /// feeds the stages. By default a write of its own.
    fn keep_vectors(&self, model: &str, vectors: &[(i64, i64, &[f32])]) -> Result<()> {
        self.begin_write()?;
        if let Err(e) = self.put_vectors(model, vectors) {
            self.rollback();
            return Err(e);
        }
        self.commit()
    }
    /// A stored embedding of a text with this hash by this model, if any
    /// article's was. Reads one index entry.
    fn vector_by_text(&self, model: &str, text_key: i64) -> Result<Option<Vec<f32>>>;
    /// Stored embeddings after arrival number `after`, in arrival order, at
    /// most `limit`.
    fn vectors_since(&self, after: i64, limit: usize) -> Result<Vec<StoredVector>>;
    /// A watched feed's state, if it was polled before.
    fn watch_feed(&self, url: &str) -> Result<Option<FeedState>>;
    fn save_watch_feed(&mut self, state: &FeedState) -> Result<()>;
    /// Whether a feed item's link was handled before (stored, or found to
    /// be no article).
    fn watch_link_seen(&self, link: &str) -> Result<bool>;
    fn save_watch_link(&mut self, link: &str, feed: &str, outcome: &str) -> Result<()>;
}

/// Migrations, in order; entry `i` takes the schema from version `i` to
/// `i + 1`. Never edit a released one: add the next.
const MIGRATIONS: &[&str] = &[
    r#"
CREATE TABLE raw (
    seq         INTEGER PRIMARY KEY,
    id          TEXT NOT NULL UNIQUE,
    source      TEXT NOT NULL,
    format      TEXT NOT NULL,
    encoding    TEXT,
    bytes       BLOB NOT NULL,
    -- the decoded text, only where it differs from `bytes`
    text        TEXT,
    given       TEXT NOT NULL,
    ingested_at TEXT NOT NULL
);
CREATE TABLE articles (
    seq               INTEGER PRIMARY KEY REFERENCES raw(seq),
    id                TEXT NOT NULL UNIQUE,
    extractor_version INTEGER NOT NULL,
    title             TEXT,
    outlet            TEXT,
    published         TEXT,
    published_source  TEXT,
    language          TEXT,
    body              TEXT NOT NULL,
    -- the rest of the Article, as JSON
    doc               TEXT NOT NULL,
    body_map          BLOB NOT NULL
);
CREATE INDEX articles_published ON articles(published);
CREATE TABLE sightings (
    id      TEXT NOT NULL REFERENCES raw(id),
    source  TEXT NOT NULL,
    seen_at TEXT NOT NULL,
    PRIMARY KEY (id, source)
);
"#,
    r#"
CREATE TABLE copy_links (
    article    TEXT NOT NULL REFERENCES raw(id),
    other      TEXT NOT NULL REFERENCES raw(id),
    kind       TEXT NOT NULL,
    similarity REAL NOT NULL,
    PRIMARY KEY (article, other)
);
-- Snapshots of the stateful stages (dedup index, clusters), serialised by
-- the engine, with how many stored articles (in arrival order) they have
-- seen.
CREATE TABLE stage_state (
    name      TEXT PRIMARY KEY,
    processed INTEGER NOT NULL,
    data      TEXT NOT NULL
);
"#,
    // 3: what the analyze stage found in each article (entities, quotes,
    // claims), as JSON.
    r#"
CREATE TABLE facts (
    article TEXT PRIMARY KEY REFERENCES raw(id),
    data    TEXT NOT NULL
);
"#,
    // 4: `parallax watch`: each feed's validators and health, and every
    // item link already handled.
    r#"
CREATE TABLE watch_feeds (
    url           TEXT PRIMARY KEY,
    etag          TEXT,
    last_modified TEXT,
    polled_at     TEXT,
    failures      INTEGER NOT NULL DEFAULT 0,
    last_error    TEXT
);
CREATE TABLE watch_links (
    link    TEXT PRIMARY KEY,
    feed    TEXT NOT NULL,
    outcome TEXT NOT NULL,
    seen_at TEXT NOT NULL
);
"#,
    // 5: the stateful stages keep their state as rows, one per key
    // (fingerprint, term, event, ...), so one article reads and writes
    // only its own keys. The whole-state snapshots of schema 2 are
    // dropped, and so is the analyze stage's count (its quote clusters
    // are now state of their own): every stage rebuilds from the stored
    // articles on the next command. `stage_state.processed` is from now
    // on a cursor, the arrival number (`seq`) of the last article a stage
    // has seen.
    r#"
CREATE TABLE stage_rows (
    tbl TEXT NOT NULL,
    key BLOB NOT NULL,
    val BLOB NOT NULL,
    PRIMARY KEY (tbl, key)
) WITHOUT ROWID;
DELETE FROM stage_state WHERE name IN ('dedup', 'cluster.v2', 'analyze');
UPDATE stage_state SET data = '';
-- Events as the cluster stage leaves them (merges followed), so that one
-- event, or a page of events, is read by key: each article's event, and
-- each event's size and dates.
CREATE TABLE event_articles (
    seq   INTEGER PRIMARY KEY REFERENCES articles(seq),
    event INTEGER NOT NULL
);
CREATE INDEX event_articles_event ON event_articles(event, seq);
CREATE TABLE events (
    id        INTEGER PRIMARY KEY,
    storyline INTEGER NOT NULL,
    articles  INTEGER NOT NULL,
    start     TEXT,
    end       TEXT
);
CREATE INDEX events_time ON events(start IS NULL, start, id);
CREATE INDEX events_size ON events(articles, id);
CREATE TABLE event_merges (
    event  INTEGER NOT NULL,
    merged INTEGER NOT NULL PRIMARY KEY
);
CREATE INDEX event_merges_event ON event_merges(event);
-- Copy links by either end: an event's copies are read by its articles.
CREATE INDEX copy_links_other ON copy_links(other);
-- Text compressed (zstd) where `packed` is not 0: an article's body and
-- record, a findings record, a raw article's bytes (with, where `packed`
-- is 2, its decoded text in the same frame, `text` left empty). Rows
-- written before stay as they were.
ALTER TABLE raw ADD COLUMN packed INTEGER NOT NULL DEFAULT 0;
ALTER TABLE articles ADD COLUMN packed INTEGER NOT NULL DEFAULT 0;
ALTER TABLE facts ADD COLUMN packed INTEGER NOT NULL DEFAULT 0;
"#,
    // 6: an article's body and record are packed in one frame against its
    // raw row's text (`packed` 3), which an older build cannot read; so is
    // a raw row's `given` (a blob from now on, JSON text before). The
    // quote clusters keep their posting lists and members in blocks
    // (`RowList`), so their old rows are dropped and the analyze stage
    // runs again over the stored articles on the next command.
    r#"
DELETE FROM stage_rows WHERE tbl LIKE 'quotes.%';
DELETE FROM stage_state WHERE name = 'analyze';
-- Copy groups (the connected parts of the copy links, and lone
-- republications), kept by the dedup stage, so a page of copies reads its
-- own groups. The dedup stage runs again once to fill them.
CREATE TABLE copy_groups (
    seq INTEGER PRIMARY KEY REFERENCES articles(seq),
    grp INTEGER NOT NULL
);
CREATE INDEX copy_groups_grp ON copy_groups(grp, seq);
DELETE FROM stage_rows WHERE tbl LIKE 'dedup.%';
DELETE FROM stage_state WHERE name = 'dedup';
-- A storyline's events, by key.
CREATE INDEX events_storyline ON events(storyline, id);
-- Full-text search over titles and bodies (SQLite's FTS5, contentless:
-- the text is in the articles already, the index holds only postings),
-- fed like a stage by its own cursor ('search'), so a store made before
-- it is indexed on the next command.
CREATE VIRTUAL TABLE search USING fts5(
    title, body, content = '', tokenize = 'unicode61 remove_diacritics 2'
);
-- Stage rows name their table by number.
CREATE TABLE stage_tables (
    id   INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE
);
INSERT INTO stage_tables (name) SELECT DISTINCT tbl FROM stage_rows ORDER BY tbl;
CREATE TABLE stage_rows_6 (
    tbl INTEGER NOT NULL,
    key BLOB NOT NULL,
    val BLOB NOT NULL,
    PRIMARY KEY (tbl, key)
) WITHOUT ROWID;
INSERT INTO stage_rows_6 (tbl, key, val)
    SELECT t.id, r.key, r.val FROM stage_rows r JOIN stage_tables t ON t.name = r.tbl;
DROP TABLE stage_rows;
ALTER TABLE stage_rows_6 RENAME TO stage_rows;
"#,
    r#"
-- Sentence embeddings of the articles the cluster stage embedded (when a
-- model is installed), so that they can be exported and reused: half
-- floats, little-endian. `text_key` is a hash of the text embedded: a copy
-- printed word for word takes its original's vector instead of running
-- the model again. Articles placed before this table existed have none.
CREATE TABLE vectors (
    seq      INTEGER PRIMARY KEY REFERENCES articles(seq),
    text_key INTEGER NOT NULL,
    model    TEXT NOT NULL,
    vec      BLOB NOT NULL
);
CREATE INDEX vectors_text_key ON vectors(text_key);
-- Articles listed by outlet or by language, in arrival order.
CREATE INDEX articles_outlet ON articles(outlet, seq);
CREATE INDEX articles_language ON articles(language, seq);
"#,
    // 8: each article's card (`ArticleCard`, JSON): what listing it and
    // judging its copies read, so a large event is listed and compared
    // without decoding every member's text. Rows stored before have none
    // and are decoded as before.
    r#"
ALTER TABLE articles ADD COLUMN card BLOB;
"#,
    // 9: compression dictionaries trained on the store's own rows
    // ([`dicts`]); a frame names its own by `id` (zstd's dictionary id), so
    // rows packed before read as they were. `n` orders them: the newest of
    // a kind packs new rows.
    r#"
CREATE TABLE pack_dicts (
    n    INTEGER PRIMARY KEY,
    id   INTEGER NOT NULL UNIQUE,
    kind INTEGER NOT NULL,
    dict BLOB NOT NULL
);
"#,
    // 10: each event's summary (its label and its outlets), kept as its
    // articles are placed, so a page of events reads the page's rows and
    // not its events' members. Events made before have none (`label_key`
    // NULL, listed by the partial index) until a writer fills them in.
    r#"
ALTER TABLE events ADD COLUMN label TEXT;
ALTER TABLE events ADD COLUMN label_key TEXT;
CREATE INDEX events_unsummarized ON events(id) WHERE label_key IS NULL;
CREATE TABLE event_outlets (
    event  INTEGER NOT NULL,
    outlet TEXT NOT NULL,
    first  TEXT NOT NULL,
    PRIMARY KEY (event, outlet)
) WITHOUT ROWID;
"#,
    // 11: repairs the summaries earlier builds wrote short (see
    // [`RECOUNT_EVENTS`]).
    RECOUNT_EVENTS,
    // 12: the full-text index gathers 8 MiB of new postings in memory
    // before writing them out as a segment, not FTS5's 1 MiB. A chunk of
    // 4,000 articles made some thirty small segments, and merging them
    // (FTS5's automerge) was over a third of the index's cost: on the next
    // 10k of `bench corpus` into a 10k store, one core, the index's own
    // functions fell from 5.7% to 4.2% of the samples and the ingest ran
    // 943 -> 974 articles per CPU second (three runs each, in turns). The
    // setting is kept in the index's own config table; a larger one (32
    // MiB) measured the same.
    r#"
INSERT INTO search (search, rank) VALUES ('hashsize', 8388608);
"#,
    // 13: back to FTS5's own 1 MiB. FTS5 merges its lowest level whole
    // when it holds 16 segments (its `crisismerge`), inside whatever write
    // adds the sixteenth. At 8 MiB a bulk ingest left its last few
    // segments, each up to 8 MiB of postings, on that level until the
    // fifteenth one-article ingest after it, and the next one merged them
    // all: 0.13 of its 0.16 s on a 10k store, one-article p99 216-227 ms
    // where p50 is 38. At 1 MiB the level holds a few small segments and
    // that merge is small: `bench scale --articles 10000 --steps 10000
    // --ones 40`, p99 45-56 ms in five runs of six (112 in one), bulk
    // 1,157 articles per CPU second against 1,161 at 8 MiB (three runs
    // each, in turns). Merging a bulk's own segments before it returns
    // was tried as well: 3 ms less p99 for 2% more bulk time.
    r#"
INSERT INTO search (search, rank) VALUES ('hashsize', 1048576);
"#,
    // 14: the full-text index merges a level's segments when it holds 8,
    // not FTS5's 4: each posting is rewritten about a third less often
    // over the index's life (log8 against log4 of its segments), for a
    // query that reads up to twice as many segments a level. See
    // docs/speed.md, "The full-text index merges less often".
    r#"
INSERT INTO search (search, rank) VALUES ('automerge', 8);
"#,
];

/// SQLite's schema 11 and PostgreSQL's 6, one text in the SQL both read
/// (`"end"` quoted, a keyword to PostgreSQL). An older event merged into
/// one that an article made in the same write lost its count, dates and
/// label to no row (the merge was written before the new event's row):
/// such events listed fewer articles than they held. Each event whose
/// count disagrees with its members is counted and dated again from them,
/// and left without a label for a writer to fill in (its outlets were
/// kept). Cost: every event once, with an index read of its members, at
/// the upgrade.
pub(crate) const RECOUNT_EVENTS: &str = r#"
UPDATE events SET
    articles = (SELECT count(*) FROM event_articles ea WHERE ea.event = events.id),
    start = (SELECT min(a.published) FROM event_articles ea JOIN articles a ON a.seq = ea.seq
             WHERE ea.event = events.id),
    "end" = (SELECT max(a.published) FROM event_articles ea JOIN articles a ON a.seq = ea.seq
             WHERE ea.event = events.id),
    label = NULL,
    label_key = NULL
WHERE articles <> (SELECT count(*) FROM event_articles ea WHERE ea.event = events.id);
"#;

/// An article's sentence embedding, as stored.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredVector {
    /// The article's arrival number.
    pub seq: i64,
    pub id: ArticleId,
    /// The model that made it (`Embedder::name`).
    pub model: String,
    pub vector: Vec<f32>,
}

/// A vector as stored: half floats, little-endian.
fn encode_vector(v: &[f32]) -> Vec<u8> {
    v.iter()
        .flat_map(|x| half::f16::from_f32(*x).to_le_bytes())
        .collect()
}

fn decode_vector(b: &[u8]) -> Vec<f32> {
    b.chunks_exact(2)
        .map(|c| half::f16::from_le_bytes([c[0], c[1]]).to_f32())
        .collect()
}

/// `v` as it reads back from the store (half precision): what the stages
/// use, so that a vector embedded now and one reused later are the same.
pub fn stored_precision(v: &mut [f32]) {
    for x in v {
        *x = half::f16::from_f32(*x).to_f32();
    }
}

/// How much of an SQLite file a long-running reader maps (see
/// [`SqliteStore::map_file`]).
pub const MAPPED: u64 = 4 << 30;

/// The embedded SQLite store.
#[derive(Debug)]
pub struct SqliteStore {
    conn: Connection,
    path: String,
    /// Stage table names -> their number in `stage_rows`, as read or
    /// given out (a number once given never changes); None: found to have
    /// none inside the current write transaction. No other writer can
    /// give one out until it ends, so a stage that reads a table it has
    /// never written (a storyline stage with no merges yet) asks SQLite
    /// once a transaction, not once a row (54 look-ups an article, 2.4% of
    /// a bulk ingest's instructions). As the PostgreSQL store does.
    tables: std::cell::RefCell<std::collections::HashMap<String, Option<i64>>>,
    /// Inside [`ArticleStore::begin_write`]'s transaction.
    writing: std::cell::Cell<bool>,
    read_only: bool,
    /// Whether the articles have a `card` column (schema 8 on).
    cards: bool,
    /// Whether the events have summaries (schema 10 on).
    summaries: bool,
    /// The compression dictionaries read so far ([`dicts`]); boxed, as
    /// only a store that has grown uses them.
    dicts: Box<Dicts>,
}

fn now() -> String {
    let t = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap_or_default();
    time::OffsetDateTime::from_unix_timestamp(t.as_secs() as i64)
        .ok()
        .and_then(|d| {
            d.format(&time::format_description::well_known::Rfc3339)
                .ok()
        })
        .unwrap_or_default()
}

fn encode_map(map: &OffsetMap) -> Vec<u8> {
    let mut out = Vec::with_capacity(map.runs().len() * 8);
    for (c, o) in map.runs() {
        out.extend_from_slice(&c.to_le_bytes());
        out.extend_from_slice(&o.to_le_bytes());
    }
    out
}

fn decode_map(b: &[u8]) -> Option<OffsetMap> {
    if b.len() % 8 != 0 {
        return None;
    }
    let runs = b
        .chunks_exact(8)
        .map(|c| {
            let n = |s: &[u8]| u32::from_le_bytes([s[0], s[1], s[2], s[3]]);
            (n(&c[..4]), n(&c[4..]))
        })
        .collect();
    Some(OffsetMap::from_runs(runs))
}

/// How long a writer waits for another writer's lock before giving up.
pub const LOCK_WAIT: Duration = Duration::from_secs(600);

thread_local! {
    /// When this thread began waiting for the current lock, and whether it
    /// said so.
    static WAITING: Cell<Option<(Instant, bool)>> = const { Cell::new(None) };
}

/// SQLite's busy handler: called while another connection holds the lock
/// this one needs, with the number of calls so far for this wait. Sleeps
/// a little longer each time (up to 100 ms), says once that it is waiting
/// after a second, and gives up after [`LOCK_WAIT`] (the statement then
/// fails with "database is locked").
fn wait_for_lock(calls: i32) -> bool {
    let now = Instant::now();
    let (since, said) = match WAITING.get() {
        Some(w) if calls > 0 => w,
        _ => (now, false),
    };
    let waited = now.duration_since(since);
    if waited > LOCK_WAIT {
        WAITING.set(None);
        return false;
    }
    let said = if !said && waited > Duration::from_secs(1) {
        tracing::warn!("another process is writing to the store; waiting for its write lock");
        true
    } else {
        said
    };
    WAITING.set(Some((since, said)));
    std::thread::sleep(Duration::from_millis((1 + calls as u64 * 2).min(100)));
    true
}

/// zstd level for stored text: level 3 packs news text about 3 to 4
/// times at several hundred MB/s, so storing stays far cheaper than
/// extracting.
const PACK_LEVEL: i32 = 3;

/// `packed` of a row whose columns are compressed.
const PACKED: i64 = 1;
/// `packed` of a raw row whose `bytes` frame holds the bytes' length (u64
/// LE), the bytes, then the decoded text.
const PACKED_WITH_TEXT: i64 = 2;
/// `packed` of an article row whose `body` is one frame holding the body's
/// length (u64 LE), the body, then the record (`doc` left empty),
/// compressed with its raw row's decoded text as the dictionary: the body
/// is mostly a copy of that text (a JSON line's text field, a page's
/// paragraphs), so it is not stored twice, only as references into it.
const PACKED_AGAINST_RAW: i64 = 3;

thread_local! {
    // zstd's contexts, made once per thread: making one costs more than
    // packing or unpacking a whole article (it was half the time of
    // listing a page of events).
    static PACKER: std::cell::RefCell<Option<zstd::bulk::Compressor<'static>>> =
        const { std::cell::RefCell::new(None) };
    static UNPACKER: std::cell::RefCell<Option<zstd::bulk::Decompressor<'static>>> =
        const { std::cell::RefCell::new(None) };
    static DICT_UNPACKER: std::cell::RefCell<Option<zstd::bulk::Decompressor<'static>>> =
        const { std::cell::RefCell::new(None) };
}

/// Packs frames against a text that only they use: each article's given
/// fields and body are packed with its raw text as a prefix.
///
/// A prefix, not a loaded dictionary: zstd turns a loaded dictionary into
/// a compression dictionary, tables sized for any input and zeroed (768
/// KiB at level 3), before the first frame; it was a quarter of packing's
/// instructions, to be thrown away with the article. A prefix is read
/// into the context's own tables, sized for the frame it serves. Both
/// are raw content to zstd, so a frame reads back with the text loaded
/// as a dictionary ([`unpack_against`]) either way.
struct PrefixPacker<'a> {
    cctx: zstd::zstd_safe::CCtx<'a>,
}

impl<'a> PrefixPacker<'a> {
    /// One for a run of articles: making a context costs more than
    /// packing one.
    fn new() -> std::io::Result<Self> {
        let mut cctx = zstd::zstd_safe::CCtx::try_create()
            .ok_or_else(|| std::io::Error::from(std::io::ErrorKind::OutOfMemory))?;
        cctx.set_parameter(zstd::zstd_safe::CParameter::CompressionLevel(PACK_LEVEL))
            .map_err(zstd_error)?;
        Ok(PrefixPacker { cctx })
    }

    /// Each of `all` compressed with `prefix` (raw content: text never
    /// begins with zstd's dictionary magic, whose second byte is not
    /// valid UTF-8 after an ASCII byte) before it, one frame each; zstd
    /// forgets a prefix after one frame, so it is set for each.
    fn pack<const N: usize>(
        &mut self,
        prefix: &'a [u8],
        all: [&[u8]; N],
    ) -> std::io::Result<[Vec<u8>; N]> {
        let mut out: [Vec<u8>; N] = std::array::from_fn(|_| Vec::new());
        for (o, b) in out.iter_mut().zip(all) {
            self.cctx.ref_prefix(prefix).map_err(zstd_error)?;
            o.reserve_exact(zstd::zstd_safe::compress_bound(b.len()));
            if let Err(code) = self.cctx.compress2(o, b) {
                // A frame cut short: the next one starts afresh.
                let _ = self
                    .cctx
                    .reset(zstd::zstd_safe::ResetDirective::SessionOnly);
                return Err(zstd_error(code));
            }
        }
        Ok(out)
    }
}

fn zstd_error(code: zstd::zstd_safe::ErrorCode) -> std::io::Error {
    std::io::Error::other(zstd::zstd_safe::get_error_name(code))
}

fn unpack_against(dict: &[u8], b: &[u8]) -> std::io::Result<Vec<u8>> {
    let size = zstd::zstd_safe::get_frame_content_size(b)
        .ok()
        .flatten()
        .filter(|&n| n <= MAX_UNPACKED)
        .ok_or_else(|| std::io::Error::other("no frame size"))?;
    DICT_UNPACKER.with_borrow_mut(|d| {
        if d.is_none() {
            *d = Some(zstd::bulk::Decompressor::new()?);
        }
        let d = d.as_mut().ok_or(std::io::ErrorKind::OutOfMemory)?;
        d.set_dictionary(dict)?;
        d.decompress(b, size as usize)
    })
}

/// Splits a frame of [`PACKED_WITH_TEXT`] or [`PACKED_AGAINST_RAW`]: a
/// length (u64 LE), that many bytes, then the rest. None when the length
/// does not fit.
fn split_frame(all: &[u8]) -> Option<(&[u8], &[u8])> {
    let n = u64::from_le_bytes(all.get(..8)?.try_into().ok()?);
    let rest = &all[8..];
    let n = usize::try_from(n).ok().filter(|&n| n <= rest.len())?;
    Some(rest.split_at(n))
}

fn pack(b: &[u8]) -> Vec<u8> {
    PACKER
        .with_borrow_mut(|p| {
            if p.is_none() {
                *p = zstd::bulk::Compressor::new(PACK_LEVEL).ok();
            }
            p.as_mut().and_then(|p| p.compress(b).ok())
        })
        // Compressing into memory fails only when memory does.
        .unwrap_or_else(|| zstd::bulk::compress(b, PACK_LEVEL).unwrap_or_default())
}

/// The largest frame [`unpack_bytes`] accepts: stored text is never this
/// large (the ingest caps bound it far lower), and a corrupt header must
/// not make it allocate without bound.
const MAX_UNPACKED: u64 = 1 << 31;

fn unpack_bytes(b: &[u8]) -> std::io::Result<Vec<u8>> {
    let size = zstd::zstd_safe::get_frame_content_size(b)
        .ok()
        .flatten()
        .filter(|&n| n <= MAX_UNPACKED);
    let Some(size) = size else {
        return zstd::stream::decode_all(b);
    };
    UNPACKER.with_borrow_mut(|d| {
        if d.is_none() {
            *d = Some(zstd::bulk::Decompressor::new()?);
        }
        match d.as_mut() {
            Some(d) => d.decompress(b, size as usize),
            None => zstd::stream::decode_all(b),
        }
    })
}

/// What an article's `card` column holds: the fields of its
/// [`ArticleCard`] that no other column does (id, title and outlet are
/// columns of their own, the source its raw row's), under short names: it
/// is stored for every article.
#[derive(Debug, Default, serde::Serialize, serde::Deserialize)]
struct CardRest {
    #[serde(rename = "o", default, skip_serializing_if = "Option::is_none")]
    outlet_source: Option<parallax_model::OutletSource>,
    #[serde(rename = "p", default, skip_serializing_if = "Option::is_none")]
    published: Option<parallax_model::PubDate>,
    #[serde(rename = "d", default, skip_serializing_if = "Option::is_none")]
    published_source: Option<parallax_model::DateSource>,
    #[serde(rename = "c", default, skip_serializing_if = "Vec::is_empty")]
    credits: Vec<String>,
    #[serde(rename = "a", default, skip_serializing_if = "Vec::is_empty")]
    agencies: Vec<String>,
    #[serde(rename = "f", default, skip_serializing_if = "std::ops::Not::not")]
    agency_feed: bool,
}

impl CardRest {
    fn of(a: &Article) -> Self {
        CardRest {
            outlet_source: a.outlet_source,
            published: a.published,
            published_source: a.published_source,
            credits: a.credits.clone(),
            agencies: a.agencies.clone(),
            agency_feed: a.agency_feed,
        }
    }

    fn to_json(&self) -> Vec<u8> {
        serde_json::to_vec(self).unwrap_or_default()
    }

    /// The whole card, from this and the other columns; an error names
    /// what does not read.
    fn card(
        json: &[u8],
        id: String,
        title: Option<String>,
        outlet: Option<String>,
        source: String,
    ) -> std::result::Result<ArticleCard, String> {
        let rest: CardRest = serde_json::from_slice(json).map_err(|e| format!("its card: {e}"))?;
        Ok(ArticleCard {
            id: ArticleId(id),
            source,
            title,
            outlet,
            outlet_source: rest.outlet_source,
            published: rest.published,
            published_source: rest.published_source,
            credits: rest.credits,
            agencies: rest.agencies,
            agency_feed: rest.agency_feed,
        })
    }
}

/// An article's card columns as read: its id, title and outlet, its raw
/// row's source, and the card's JSON (none for a row stored before cards).
pub(crate) type CardRow = (
    String,
    Option<String>,
    Option<String>,
    String,
    Option<Vec<u8>>,
);

/// The cards of `seqs` in their order, each from its [`CardRow`] (`row`;
/// None: no such article, left out); those stored before cards are made
/// from their decoded articles. `path` names the store in errors.
pub(crate) fn cards_of<S: ArticleStore + ?Sized>(
    store: &S,
    path: &str,
    seqs: &[i64],
    mut row: impl FnMut(i64) -> Result<Option<CardRow>>,
) -> Result<Vec<(i64, ArticleCard)>> {
    let mut found = Vec::with_capacity(seqs.len());
    let mut old = Vec::new();
    for &seq in seqs {
        match row(seq)? {
            Some((id, title, outlet, source, Some(json))) => {
                let card = CardRest::card(&json, id, title, outlet, source).map_err(|what| {
                    Error::Corrupt {
                        path: path.to_string(),
                        id: format!("article number {seq}"),
                        what,
                    }
                })?;
                found.push((seq, card));
            }
            Some((.., None)) => old.push(seq),
            None => {}
        }
    }
    if old.is_empty() {
        return Ok(found);
    }
    let mut by: HashMap<i64, ArticleCard> = found.into_iter().collect();
    for (seq, a) in store.articles_at(&old)? {
        by.insert(seq, ArticleCard::of(&a));
    }
    Ok(seqs
        .iter()
        .filter_map(|s| by.remove(s).map(|c| (*s, c)))
        .collect())
}

/// A column's bytes, whether SQLite holds it as text or blob.
fn column_bytes(r: &rusqlite::Row<'_>, i: usize) -> rusqlite::Result<Vec<u8>> {
    use rusqlite::types::ValueRef;
    Ok(match r.get_ref(i)? {
        ValueRef::Text(b) | ValueRef::Blob(b) => b.to_vec(),
        ValueRef::Null => Vec::new(),
        other => {
            return Err(rusqlite::Error::InvalidColumnType(
                i,
                "text".into(),
                other.data_type(),
            ))
        }
    })
}

/// An article row as read, before decoding.
struct ArticleRow {
    seq: i64,
    id: String,
    body: Vec<u8>,
    doc: Vec<u8>,
    map: Vec<u8>,
    packed: i64,
    /// For a row packed against its raw row: that row's bytes and packing.
    raw: Option<(Vec<u8>, i64)>,
}

/// The columns [`read_article_row`] reads, in order, from `articles`: the
/// raw row's frame only where the body was packed against it.
const ARTICLE_COLUMNS: &str = "seq, id, body, doc, body_map, packed,
    CASE WHEN packed = 3 THEN (SELECT bytes FROM raw WHERE raw.seq = articles.seq) END,
    CASE WHEN packed = 3 THEN (SELECT packed FROM raw WHERE raw.seq = articles.seq) END";

fn read_article_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<ArticleRow> {
    let raw = match r.get::<_, Option<Vec<u8>>>(6)? {
        Some(b) => Some((b, r.get::<_, Option<i64>>(7)?.unwrap_or(0))),
        None => None,
    };
    Ok(ArticleRow {
        seq: r.get(0)?,
        id: r.get(1)?,
        body: column_bytes(r, 2)?,
        doc: column_bytes(r, 3)?,
        map: r.get(4)?,
        packed: r.get(5)?,
        raw,
    })
}

fn event_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<EventRow> {
    Ok(EventRow {
        id: r.get(0)?,
        storyline: r.get(1)?,
        articles: r.get::<_, i64>(2)? as usize,
        start: r.get(3)?,
        end: r.get(4)?,
        label: r.get(5)?,
        summarized: r.get(6)?,
    })
}

/// The decoded text of a raw row, from its stored frame.
fn raw_text(
    path: &str,
    id: &str,
    bytes: Vec<u8>,
    packed: i64,
    dicts: &dyn DictTable,
) -> Result<Vec<u8>> {
    let corrupt = |what: String| Error::Corrupt {
        path: path.to_string(),
        id: id.to_string(),
        what: format!("original bytes: {what}"),
    };
    let all = match packed {
        0 => return Ok(bytes),
        _ => unpack_frame(dicts, &bytes)?.map_err(|e| corrupt(e.to_string()))?,
    };
    if packed == PACKED_WITH_TEXT {
        let (_, text) = split_frame(&all).ok_or_else(|| corrupt("bad length".into()))?;
        return Ok(text.to_vec());
    }
    Ok(all)
}

/// Text of a column, unpacked when the row is packed.
fn unpack_column(
    path: &str,
    id: &str,
    what: &str,
    b: Vec<u8>,
    packed: bool,
    dicts: &dyn DictTable,
) -> Result<String> {
    let corrupt = |e: String| Error::Corrupt {
        path: path.to_string(),
        id: id.to_string(),
        what: format!("{what}: {e}"),
    };
    let b = if packed {
        unpack_frame(dicts, &b)?.map_err(|e| corrupt(e.to_string()))?
    } else {
        b
    };
    String::from_utf8(b).map_err(|e| corrupt(e.to_string()))
}

fn copy_link(path: &str, a: String, o: String, k: String, sim: f64) -> Result<CopyLink> {
    let kind = CopyKind::parse(&k).ok_or_else(|| Error::Corrupt {
        path: path.to_string(),
        id: a.clone(),
        what: format!("copy kind {k:?}"),
    })?;
    Ok(CopyLink {
        article: ArticleId(a),
        other: ArticleId(o),
        kind,
        similarity: sim as f32,
    })
}

fn row_to_article(path: &str, row: ArticleRow, dicts: &dyn DictTable) -> Result<Article> {
    let id = row.id;
    let corrupt = |what: String| Error::Corrupt {
        path: path.to_string(),
        id: id.clone(),
        what,
    };
    let (body, doc) = match row.raw {
        Some((raw, raw_packed)) => {
            let dict = raw_text(path, &id, raw, raw_packed, dicts)?;
            let all =
                unpack_against(&dict, &row.body).map_err(|e| corrupt(format!("body: {e}")))?;
            let (body, doc) =
                split_frame(&all).ok_or_else(|| corrupt("body: bad length".into()))?;
            let text = |b: &[u8], what: &str| {
                String::from_utf8(b.to_vec()).map_err(|e| corrupt(format!("{what}: {e}")))
            };
            (text(body, "body")?, text(doc, "record")?)
        }
        None => (
            unpack_column(path, &id, "body", row.body, row.packed != 0, dicts)?,
            unpack_column(path, &id, "record", row.doc, row.packed != 0, dicts)?,
        ),
    };
    let mut value: serde_json::Value =
        serde_json::from_str(&doc).map_err(|e| corrupt(e.to_string()))?;
    if let Some(o) = value.as_object_mut() {
        o.insert("body".into(), serde_json::Value::String(body));
    }
    let mut article: Article = serde_json::from_value(value).map_err(|e| corrupt(e.to_string()))?;
    article.body_map = decode_map(&row.map).ok_or_else(|| corrupt("offset map length".into()))?;
    Ok(article)
}

/// Ids an ambiguous prefix's error lists.
const ID_SHOWN: usize = 8;

/// An id prefix as typed: trimmed, lowercased, and hex (ids are hex, so
/// any unambiguous prefix names one, as git takes one; the prefix is then
/// the range [prefix, prefix + 'g')).
fn id_prefix(id_or_prefix: &str) -> Result<String> {
    let prefix = id_or_prefix.trim().to_ascii_lowercase();
    if prefix.is_empty() || !prefix.chars().all(|c| c.is_ascii_hexdigit()) {
        return Err(Error::NotFound(id_or_prefix.to_string()));
    }
    Ok(prefix)
}

/// The one id a prefix begins, from the first [`ID_SHOWN`] + 1 ids it
/// begins in id order; none is not found, several are ambiguous.
fn the_one_id(id_or_prefix: &str, prefix: String, mut ids: Vec<String>) -> Result<String> {
    match ids.len() {
        0 => Err(Error::NotFound(id_or_prefix.to_string())),
        1 => Ok(ids.remove(0)),
        n => {
            ids.truncate(ID_SHOWN);
            Err(Error::Ambiguous {
                prefix,
                candidates: ids,
                more: n > ID_SHOWN,
            })
        }
    }
}

/// An article and its original as stored: the columns [`pack_item`] makes.
struct PackedItem {
    /// The original bytes (with the decoded text, where it differs, in
    /// the same frame), compressed.
    bytes: Vec<u8>,
    bytes_packed: i64,
    /// What the input said of the article, packed against its text.
    given: Vec<u8>,
    /// The body and the rest of the record in one frame, packed against
    /// the raw text ([`PACKED_AGAINST_RAW`]).
    body: Vec<u8>,
    body_map: Vec<u8>,
    published: Option<String>,
    published_source: Option<String>,
    /// The article's card, as JSON.
    card: Vec<u8>,
}

/// [`pack_item`] for each of `items`, in order. Compressing is most of
/// storing a batch and needs no connection, so a second thread packs half
/// of a large batch (on one core the halves take turns).
fn pack_items(
    path: &str,
    items: &[(RawArticle, Article)],
    dict: Option<&Dict>,
) -> Vec<Result<PackedItem>> {
    let pack = |part: &[(RawArticle, Article)]| -> Vec<Result<PackedItem>> {
        let mut packer = PrefixPacker::new();
        part.iter()
            .map(|(raw, article)| match &mut packer {
                Ok(packer) => pack_item(path, raw, article, dict, packer),
                Err(e) => Err(Error::Corrupt {
                    path: path.to_string(),
                    id: raw.id.to_string(),
                    what: format!("packing: no compression context: {e}"),
                }),
            })
            .collect()
    };
    if items.len() < 32 {
        return pack(items);
    }
    let (first, second) = items.split_at(items.len() / 2);
    std::thread::scope(|scope| {
        let other = std::thread::Builder::new()
            .name("pack".into())
            .spawn_scoped(scope, || pack(second));
        let mut out = pack(first);
        match other.map(|h| h.join()) {
            Ok(Ok(rest)) => out.extend(rest),
            Ok(Err(panic)) => std::panic::resume_unwind(panic),
            Err(e) => {
                tracing::debug!(error = %e, "no packing thread; packing in turn");
                out.extend(pack(second));
            }
        }
        out
    })
}

/// A count or an offset as SQL's integer: one past its range (a page
/// asked for at offset 2^63) is the largest, not a negative number that
/// SQLite reads as no offset at all.
pub(crate) fn sql_count(n: usize) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

/// Packs one article for storing; both backends store the same frames.
fn pack_item<'a>(
    path: &str,
    raw: &'a RawArticle,
    article: &Article,
    dict: Option<&Dict>,
    packer: &mut PrefixPacker<'a>,
) -> Result<PackedItem> {
    let failed = |what: &str, e: std::io::Error| Error::Corrupt {
        path: path.to_string(),
        id: raw.id.to_string(),
        what: format!("packing {what}: {e}"),
    };
    // The decoded text, where it differs from the bytes, goes in the same
    // compressed frame: most of it repeats them (a JSON line's text field,
    // a legacy page's characters), and in one frame the repeat costs next
    // to nothing.
    let (bytes, bytes_packed) = if raw.text.as_bytes() != raw.bytes.as_slice() {
        let mut both = Vec::with_capacity(8 + raw.bytes.len() + raw.text.len());
        both.extend_from_slice(&(raw.bytes.len() as u64).to_le_bytes());
        both.extend_from_slice(&raw.bytes);
        both.extend_from_slice(raw.text.as_bytes());
        (pack_with(dict, &both), PACKED_WITH_TEXT)
    } else {
        (pack_with(dict, &raw.bytes), PACKED)
    };
    // What the input said of the article (title, date, URL), mostly words
    // of the text itself.
    let given = serde_json::to_string(&raw.given).unwrap_or_else(|_| "{}".into());
    let mut doc = serde_json::to_value(article).unwrap_or_default();
    if let Some(o) = doc.as_object_mut() {
        o.remove("body");
    }
    let doc = doc.to_string();
    let mut both = Vec::with_capacity(8 + article.body.len() + doc.len());
    both.extend_from_slice(&(article.body.len() as u64).to_le_bytes());
    both.extend_from_slice(article.body.as_bytes());
    both.extend_from_slice(doc.as_bytes());
    let [given, body] = packer
        .pack(raw.text.as_bytes(), [given.as_bytes(), &both])
        .map_err(|e| failed("the given fields and the body", e))?;
    Ok(PackedItem {
        bytes,
        bytes_packed,
        given,
        body,
        body_map: encode_map(&article.body_map),
        card: CardRest::of(article).to_json(),
        published: article.published.map(|p| p.to_string()),
        published_source: article
            .published_source
            .map(|s| format!("{s:?}").to_lowercase()),
    })
}

/// An article's original bytes, from its raw row's stored frame.
fn original_bytes(
    path: &str,
    id: &ArticleId,
    b: Vec<u8>,
    packed: i64,
    dicts: &dyn DictTable,
) -> Result<Vec<u8>> {
    if packed == 0 {
        return Ok(b);
    }
    let corrupt = |what: String| Error::Corrupt {
        path: path.to_string(),
        id: id.to_string(),
        what: format!("original bytes: {what}"),
    };
    let all = unpack_frame(dicts, &b)?.map_err(|e| corrupt(e.to_string()))?;
    if packed == PACKED_WITH_TEXT {
        let (bytes, _) = split_frame(&all).ok_or_else(|| corrupt("bad length".into()))?;
        return Ok(bytes.to_vec());
    }
    Ok(all)
}

impl DictTable for SqliteStore {
    fn dicts(&self) -> &Dicts {
        &self.dicts
    }

    fn read_dict(&self, id: u32) -> Result<Option<Vec<u8>>> {
        self.conn
            .query_row(
                "SELECT dict FROM pack_dicts WHERE id = ?1",
                [i64::from(id)],
                |r| r.get(0),
            )
            .optional()
            .map_err(|e| self.err(e))
    }

    fn latest_dict(&self, kind: DictKind) -> Result<Option<u32>> {
        self.conn
            .prepare_cached("SELECT id FROM pack_dicts WHERE kind = ?1 ORDER BY n DESC LIMIT 1")
            .and_then(|mut st| {
                st.query_row([kind as i64], |r| r.get::<_, i64>(0))
                    .optional()
            })
            .map(|id| id.map(|id| id as u32))
            .map_err(|e| self.err(e))
    }

    fn dict_rows(&self, kind: DictKind, up_to: usize) -> Result<usize> {
        let sql = match kind {
            DictKind::Raw => "SELECT count(*) FROM (SELECT 1 FROM raw WHERE packed != 0 LIMIT ?1)",
            DictKind::Findings => {
                "SELECT count(*) FROM (SELECT 1 FROM facts WHERE packed != 0 LIMIT ?1)"
            }
        };
        self.conn
            .prepare_cached(sql)
            .and_then(|mut st| st.query_row([up_to as i64], |r| r.get::<_, i64>(0)))
            .map(|n| n as usize)
            .map_err(|e| self.err(e))
    }

    fn dict_samples(&self, kind: DictKind, n: usize) -> Result<Vec<Vec<u8>>> {
        let sql = match kind {
            DictKind::Raw => "SELECT bytes FROM raw WHERE packed != 0 ORDER BY seq DESC LIMIT ?1",
            DictKind::Findings => {
                "SELECT data FROM facts WHERE packed != 0 ORDER BY rowid DESC LIMIT ?1"
            }
        };
        let run = || -> rusqlite::Result<Vec<Vec<u8>>> {
            let mut st = self.conn.prepare(sql)?;
            let rows = st.query_map([n as i64], |r| r.get(0))?;
            rows.collect()
        };
        run().map_err(|e| self.err(e))
    }

    fn save_dict(&self, id: u32, kind: DictKind, dict: &[u8]) -> Result<()> {
        self.conn
            .execute(
                "INSERT OR IGNORE INTO pack_dicts (id, kind, dict) VALUES (?1, ?2, ?3)",
                params![i64::from(id), kind as i64, dict],
            )
            .map(|_| ())
            .map_err(|e| self.err(e))
    }

    fn writable(&self) -> bool {
        !self.read_only
    }

    fn name(&self) -> &str {
        &self.path
    }
}

/// One stored row of a stage's table, by the table's number and the key.
const STAGE_ROW: &str = "SELECT val FROM stage_rows WHERE tbl = ?1 AND key = ?2";

impl RowSource for SqliteStore {
    fn row(&self, table: &str, key: &[u8]) -> std::result::Result<Option<Vec<u8>>, String> {
        let run = || -> rusqlite::Result<Option<Vec<u8>>> {
            let Some(tbl) = self.table_number(table, false)? else {
                return Ok(None);
            };
            let mut st = self.conn.prepare_cached(STAGE_ROW)?;
            st.query_row(params![tbl, key], |r| r.get(0)).optional()
        };
        run().map_err(|e| self.err(e).to_string())
    }

    /// One statement for all the keys: the table's number is looked up
    /// and the statement taken from the cache once, not once a key (a
    /// bulk ingest reads some fifty rows an article).
    fn rows(
        &self,
        table: &str,
        keys: &[Vec<u8>],
    ) -> std::result::Result<Vec<Option<Vec<u8>>>, String> {
        let run = || -> rusqlite::Result<Vec<Option<Vec<u8>>>> {
            let Some(tbl) = self.table_number(table, false)? else {
                return Ok(keys.iter().map(|_| None).collect());
            };
            let mut st = self.conn.prepare_cached(STAGE_ROW)?;
            keys.iter()
                .map(|key| st.query_row(params![tbl, key], |r| r.get(0)).optional())
                .collect()
        };
        run().map_err(|e| self.err(e).to_string())
    }
}

impl SqliteStore {
    /// [`ArticleStore::put_facts`] for one part: packed with the
    /// dictionary there is when it begins.
    fn put_facts_part(&self, facts: &[(ArticleId, String)]) -> Result<()> {
        let dict = current_dict(self, DictKind::Findings)?;
        let run = || -> rusqlite::Result<()> {
            // Deleted, then inserted, for the reason `put_copy_links` gives.
            let mut drop = self
                .conn
                .prepare_cached("DELETE FROM facts WHERE article = ?1")?;
            let mut put = self
                .conn
                .prepare_cached("INSERT INTO facts (article, data, packed) VALUES (?1, ?2, 1)")?;
            for (id, json) in facts {
                drop.execute([id.as_str()])?;
                put.execute(params![
                    id.as_str(),
                    pack_with(dict.as_deref(), json.as_bytes())
                ])?;
            }
            Ok(())
        };
        run().map_err(|e| self.err(e))
    }

    /// Reads the file through a memory map of up to `bytes` from now on:
    /// a page comes from the OS's cache, shared by every connection of the
    /// process, without a copy into each connection's own cache (a page
    /// of 50 large events at 100k: 0.5 s, 0.1 s mapped). For a server,
    /// whose threads each hold a connection; a one-shot command keeps
    /// plain reads, so its resident memory stays its own (mapped pages it
    /// touched would count in it).
    pub fn map_file(&self, bytes: u64) -> Result<()> {
        self.conn
            .pragma_update(None, "mmap_size", bytes as i64)
            .map_err(|e| self.err(e))
    }

    /// Opens (creating if needed) the store at `path` and brings its schema
    /// up to date. A store that exists but cannot be written (read-only
    /// media, a file or folder without write permission) is opened for
    /// reading only ([`SqliteStore::open_read_only`]).
    pub fn open(path: impl AsRef<Path>) -> Result<Self> {
        let path_buf: PathBuf = path.as_ref().to_path_buf();
        let name = path_buf.display().to_string();
        let opened = Connection::open(&path_buf)
            .map_err(|source| Error::Sqlite {
                path: name.clone(),
                source,
            })
            .and_then(|conn| Self::init(conn, name));
        match opened {
            Err(Error::Sqlite { source, .. }) if path_buf.is_file() && cannot_write(&source) => {
                tracing::info!(
                    "{} cannot be written ({source}): opened for reading only",
                    path_buf.display()
                );
                Self::open_read_only(&path_buf)
            }
            other => other,
        }
    }

    /// Opens an existing store for reading only, as an immutable file: no
    /// lock, no log, nothing written beside it, so a store on read-only
    /// media or in a folder one may not write reads as it is. Its schema
    /// must be this build's (an older one needs one writable open to be
    /// brought up to date). A write log left beside it by a writer that
    /// did not close is not read: the warning says so.
    pub fn open_read_only(path: impl AsRef<Path>) -> Result<Self> {
        let path = path.as_ref();
        let name = path.display().to_string();
        let sq = |source| Error::Sqlite {
            path: name.clone(),
            source,
        };
        if !path.is_file() {
            return Err(sq(rusqlite::Error::SqliteFailure(
                rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_CANTOPEN),
                Some("no such file".into()),
            )));
        }
        let mut wal = path.as_os_str().to_owned();
        wal.push("-wal");
        if std::fs::metadata(&wal).is_ok_and(|m| m.len() > 0) {
            tracing::warn!(
                "{name}: a write log is beside the store (a writer did not close); reading the store without it"
            );
        }
        let uri = format!("file:{}?immutable=1", uri_path(path));
        let conn = Connection::open_with_flags(
            uri,
            rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY
                | rusqlite::OpenFlags::SQLITE_OPEN_URI
                | rusqlite::OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(sq)?;
        let store = SqliteStore {
            conn,
            path: name.clone(),
            tables: Default::default(),
            writing: Default::default(),
            read_only: true,
            cards: false,
            summaries: false,
            dicts: Box::default(),
        };
        store
            .conn
            .execute_batch("PRAGMA cache_size=-65536; PRAGMA query_only=ON;")
            .map_err(|e| store.err(e))?;
        let found = store.schema_version()?;
        if found > SCHEMA_VERSION {
            return Err(Error::TooNew {
                path: name,
                found,
                known: SCHEMA_VERSION,
            });
        }
        if found < READ_ONLY_OLDEST {
            return Err(Error::ReadOnlyOld {
                path: name,
                found,
                known: READ_ONLY_OLDEST,
            });
        }
        let (cards, summaries) = (found >= 8, found >= 10);
        Ok(SqliteStore {
            cards,
            summaries,
            ..store
        })
    }

    /// Whether the store was opened for reading only.
    pub fn is_read_only(&self) -> bool {
        self.read_only
    }

    /// A private in-memory store, for tests and benchmarks.
    pub fn open_in_memory() -> Result<Self> {
        let conn = Connection::open_in_memory().map_err(|source| Error::Sqlite {
            path: ":memory:".into(),
            source,
        })?;
        Self::init(conn, ":memory:".into())
    }

    fn init(conn: Connection, path: String) -> Result<Self> {
        let mut store = SqliteStore {
            conn,
            path,
            tables: Default::default(),
            writing: Default::default(),
            read_only: false,
            cards: true,
            summaries: true,
            dicts: Box::default(),
        };
        // WAL: readers never block the writer, and a commit is one append,
        // atomic across crashes.
        store
            .conn
            .busy_handler(Some(wait_for_lock))
            .map_err(|e| store.err(e))?;
        // SQLite answers "locked" at once, without calling the busy
        // handler, when a new file's journal mode is being switched to WAL
        // or its log recovered by another process opening it at the same
        // moment: opening retries that, within the same bound as a write.
        let start = Instant::now();
        let mut tries = 0u64;
        loop {
            let opened = store
                .conn
                .execute_batch(
                    // A 64 MiB page cache: the stages' rows are read by key
                    // all over the file, and SQLite's default 2 MiB made
                    // most of those reads system calls.
                    //
                    // 16 KiB pages (for a new file; an existing one keeps
                    // its own): a raw row (the packed original) is about 2
                    // KiB, so SQLite's default 4 KiB pages held one each,
                    // half empty, and 8 KiB pages left a sixth of each
                    // table's pages empty; at 16 KiB a store of 10k
                    // articles is 4% smaller (9,702 -> 9,328 bytes an
                    // article, `bench scale`) and its timings the same.
                    // Larger pages would save less and write more to the
                    // log for each small change.
                    //
                    // The log is copied into the file once it holds 8,192
                    // pages (128 MiB at 16 KiB), not SQLite's 1,000: one
                    // chunk of a bulk catch-up writes more than 1,000, so
                    // every commit copied the log, and the hot pages (the
                    // stages' rows, the indexes' upper levels) were written
                    // once per chunk instead of once per several. Ingesting
                    // 10k bench articles into a 90k store: 15.3 s -> 14.3 s,
                    // from empty 9.9 s -> 9.7 s, memory the same.
                    "PRAGMA page_size=16384; PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON; PRAGMA cache_size=-65536; PRAGMA wal_autocheckpoint=8192;",
                )
                .map_err(|e| store.err(e))
                .and_then(|()| store.migrate());
            match opened {
                Err(Error::Sqlite { source, .. })
                    if is_busy(&source) && start.elapsed() < LOCK_WAIT =>
                {
                    tries += 1;
                    std::thread::sleep(Duration::from_millis((2 * tries).min(100)));
                }
                other => return other.map(|()| store),
            }
        }
    }

    /// Runs `f` in one transaction, committed when it succeeds; an error
    /// names the store.
    fn in_transaction(
        &mut self,
        f: impl FnOnce(&rusqlite::Transaction<'_>) -> rusqlite::Result<()>,
    ) -> Result<()> {
        let run = |conn: &mut Connection| {
            let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
            f(&tx)?;
            tx.commit()
        };
        run(&mut self.conn).map_err(|e| self.err(e))
    }

    fn err(&self, source: rusqlite::Error) -> Error {
        Error::Sqlite {
            path: self.path.clone(),
            source,
        }
    }

    /// The columns [`event_row`] reads: a store opened read-only before
    /// summaries were kept has none.
    fn event_columns(&self) -> &'static str {
        if self.summaries {
            "id, storyline, articles, start, end, label, label_key IS NOT NULL"
        } else {
            "id, storyline, articles, start, end, NULL, 0"
        }
    }

    /// The schema version of the open database.
    pub fn schema_version(&self) -> Result<i64> {
        self.conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .map_err(|e| self.err(e))
    }

    fn migrate(&mut self) -> Result<()> {
        let found = self.schema_version()?;
        if found > SCHEMA_VERSION {
            return Err(Error::TooNew {
                path: self.path.clone(),
                found,
                known: SCHEMA_VERSION,
            });
        }
        if found == SCHEMA_VERSION {
            return Ok(());
        }
        // Under the write lock, and from the version read under it: two
        // processes opening a new store at once would otherwise both
        // create its tables.
        self.in_transaction(|tx| {
            let found: i64 = tx.query_row("PRAGMA user_version", [], |r| r.get(0))?;
            for (i, sql) in MIGRATIONS.iter().enumerate().skip(found.max(0) as usize) {
                tx.execute_batch(sql)?;
                tx.pragma_update(None, "user_version", (i + 1) as i64)?;
            }
            Ok(())
        })
    }

    /// Runs a query selecting [`ARTICLE_COLUMNS`] and decodes each row.
    fn query_articles(
        &self,
        sql: &str,
        params: impl rusqlite::Params,
    ) -> Result<Vec<(i64, Article)>> {
        let mut stmt = self.conn.prepare_cached(sql).map_err(|e| self.err(e))?;
        let rows = stmt
            .query_map(params, read_article_row)
            .map_err(|e| self.err(e))?
            .collect::<Result<Vec<ArticleRow>, _>>()
            .map_err(|e| self.err(e))?;
        rows.into_iter()
            .map(|row| Ok((row.seq, self.row_to_article(row)?)))
            .collect()
    }

    /// The number of a stage table in `stage_rows`; with `create`, one is
    /// given out if it has none (inside the caller's write transaction).
    /// Rows carry the number, not the name: a name repeated in each of
    /// millions of rows was a fifth of their bytes.
    fn table_number(&self, name: &str, create: bool) -> rusqlite::Result<Option<i64>> {
        match self.tables.borrow().get(name) {
            Some(Some(n)) => return Ok(Some(*n)),
            Some(None) if !create => return Ok(None),
            _ => {}
        }
        let mut find = self
            .conn
            .prepare_cached("SELECT id FROM stage_tables WHERE name = ?1")?;
        let mut n: Option<i64> = find.query_row([name], |r| r.get(0)).optional()?;
        if n.is_none() && create {
            self.conn
                .prepare_cached("INSERT INTO stage_tables (name) VALUES (?1)")?
                .execute([name])?;
            n = Some(self.conn.last_insert_rowid());
        }
        if n.is_some() || self.writing.get() {
            self.tables.borrow_mut().insert(name.to_string(), n);
        }
        Ok(n)
    }

    fn unpack(&self, id: &str, what: &str, b: Vec<u8>, packed: bool) -> Result<String> {
        unpack_column(&self.path, id, what, b, packed, self)
    }

    fn copy_link(&self, a: String, o: String, k: String, sim: f64) -> Result<CopyLink> {
        copy_link(&self.path, a, o, k, sim)
    }

    fn row_to_article(&self, row: ArticleRow) -> Result<Article> {
        row_to_article(&self.path, row, self)
    }
}

impl ArticleStore for SqliteStore {
    fn place_articles(&self, placed: &[Placed]) -> Result<()> {
        let run = || -> rusqlite::Result<()> {
            let mut member = self.conn.prepare_cached(
                // An upsert, not INSERT OR REPLACE: a replace on a table
                // with foreign keys makes SQLite keep a statement journal
                // of every page the statement touches, which spilled to a
                // temporary file on most inserts (see `put_copy_links`).
                "INSERT INTO event_articles (seq, event) VALUES (?1, ?2)
                 ON CONFLICT(seq) DO UPDATE SET event = excluded.event",
            )?;
            // The label is the least key's title; a row without a key (an
            // event not yet summarized) keeps none until it is filled in.
            let mut event = self.conn.prepare_cached(
                "INSERT INTO events (id, storyline, articles, start, end, label, label_key)
                 VALUES (?1, ?2, 1, ?3, ?3, ?4, ?5)
                 ON CONFLICT(id) DO UPDATE SET
                     articles = articles + 1,
                     start = CASE WHEN ?3 IS NOT NULL AND (start IS NULL OR ?3 < start) THEN ?3 ELSE start END,
                     end = CASE WHEN ?3 IS NOT NULL AND (end IS NULL OR ?3 > end) THEN ?3 ELSE end END,
                     label = CASE WHEN ?5 < label_key THEN ?4 ELSE label END,
                     label_key = CASE WHEN ?5 < label_key THEN ?5 ELSE label_key END",
            )?;
            let mut outlet = self.conn.prepare_cached(
                "INSERT INTO event_outlets (event, outlet, first) VALUES (?1, ?2, ?3)
                 ON CONFLICT(event, outlet) DO UPDATE SET first = min(first, excluded.first)",
            )?;
            for p in placed {
                let published = p.published.as_deref();
                member.execute(params![p.seq, p.event])?;
                let key = label_key(p.own_title, published, p.seq);
                event.execute(params![p.event, p.storyline, p.published, p.title, key])?;
                if let Some(o) = &p.outlet {
                    outlet.execute(params![p.event, o, time_key(published, p.seq)])?;
                }
            }
            Ok(())
        };
        run().map_err(|e| self.err(e))
    }

    fn merge_events(&self, into: u32, from: u32) -> Result<()> {
        let run = || -> rusqlite::Result<()> {
            if into == from {
                return Ok(());
            }
            self.conn
                .prepare_cached("UPDATE event_articles SET event = ?1 WHERE event = ?2")?
                .execute(params![into, from])?;
            self.conn
                .prepare_cached("UPDATE event_merges SET event = ?1 WHERE event = ?2")?
                .execute(params![into, from])?;
            self.conn
                .prepare_cached(
                    "INSERT OR REPLACE INTO event_merges (event, merged) VALUES (?1, ?2)",
                )?
                .execute(params![into, from])?;
            self.conn
                .prepare_cached(
                    "INSERT INTO event_outlets (event, outlet, first)
                     SELECT ?1, outlet, first FROM event_outlets WHERE event = ?2
                     ON CONFLICT(event, outlet) DO UPDATE SET first = min(first, excluded.first)",
                )?
                .execute(params![into, from])?;
            self.conn
                .prepare_cached("DELETE FROM event_outlets WHERE event = ?1")?
                .execute(params![from])?;
            type Gone = (
                i64,
                Option<String>,
                Option<String>,
                Option<String>,
                Option<String>,
            );
            let gone: Option<Gone> = self
                .conn
                .prepare_cached(
                    "DELETE FROM events WHERE id = ?1
                     RETURNING articles, start, end, label, label_key",
                )?
                .query_row(params![from], |r| {
                    Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
                })
                .optional()?;
            // Either side without a summary leaves the merged event
            // without one, to be filled in.
            if let Some((n, start, end, label, key)) = gone {
                self.conn
                    .prepare_cached(
                        "UPDATE events SET articles = articles + ?2,
                         start = CASE WHEN ?3 IS NOT NULL AND (start IS NULL OR ?3 < start) THEN ?3 ELSE start END,
                         end = CASE WHEN ?4 IS NOT NULL AND (end IS NULL OR ?4 > end) THEN ?4 ELSE end END,
                         label = CASE WHEN ?6 < label_key THEN ?5 ELSE label END,
                         label_key = CASE WHEN ?6 IS NULL THEN NULL
                             WHEN ?6 < label_key THEN ?6 ELSE label_key END
                         WHERE id = ?1",
                    )?
                    .execute(params![into, n, start, end, label, key])?;
            }
            Ok(())
        };
        run().map_err(|e| self.err(e))
    }

    fn events_page(&self, q: &EventQuery) -> Result<(Vec<EventRow>, usize)> {
        let filter =
            "WHERE articles >= ?1 AND (?2 IS NULL OR start >= ?2) AND (?3 IS NULL OR start < ?3)";
        let args = params![q.min_articles as i64, q.since, q.until];
        let run = || -> rusqlite::Result<(Vec<EventRow>, usize)> {
            let total: i64 = self
                .conn
                .prepare_cached(&format!("SELECT count(*) FROM events {filter}"))?
                .query_row(args, |r| r.get(0))?;
            let order = match q.order {
                EventOrder::Time => "start IS NULL, start, id",
                EventOrder::Largest => "articles DESC, id",
                EventOrder::Smallest => "articles, id",
            };
            let mut st = self.conn.prepare_cached(&format!(
                "SELECT {} FROM events {filter}
                 ORDER BY {order} LIMIT ?4 OFFSET ?5",
                self.event_columns()
            ))?;
            let rows = st
                .query_map(
                    params![
                        q.min_articles as i64,
                        q.since,
                        q.until,
                        sql_count(q.limit),
                        sql_count(q.offset)
                    ],
                    event_row,
                )?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            Ok((rows, total as usize))
        };
        run().map_err(|e| self.err(e))
    }

    fn event_row(&self, id: u32) -> Result<Option<EventRow>> {
        self.conn
            .prepare_cached(&format!(
                "SELECT {} FROM events WHERE id = ?1",
                self.event_columns()
            ))
            .and_then(|mut st| st.query_row([id], event_row).optional())
            .map_err(|e| self.err(e))
    }

    fn event_outlets(&self, id: u32) -> Result<Vec<String>> {
        if !self.summaries {
            return Ok(Vec::new());
        }
        self.conn
            .prepare_cached(
                "SELECT outlet FROM event_outlets WHERE event = ?1 ORDER BY first, outlet",
            )
            .and_then(|mut st| st.query_map([id], |r| r.get(0))?.collect())
            .map_err(|e| self.err(e))
    }

    fn events_unsummarized(&self, limit: usize) -> Result<Vec<u32>> {
        if !self.summaries {
            return Ok(Vec::new());
        }
        self.conn
            .prepare_cached("SELECT id FROM events WHERE label_key IS NULL ORDER BY id LIMIT ?1")
            .and_then(|mut st| st.query_map([sql_count(limit)], |r| r.get(0))?.collect())
            .map_err(|e| self.err(e))
    }

    fn put_event_summary(&self, id: u32, summary: &EventSummaryRow) -> Result<()> {
        let run = || -> rusqlite::Result<()> {
            self.conn
                .prepare_cached("UPDATE events SET label = ?2, label_key = ?3 WHERE id = ?1")?
                .execute(params![id, summary.label, summary.label_key])?;
            self.conn
                .prepare_cached("DELETE FROM event_outlets WHERE event = ?1")?
                .execute([id])?;
            let mut put = self.conn.prepare_cached(
                "INSERT INTO event_outlets (event, outlet, first) VALUES (?1, ?2, ?3)",
            )?;
            for (outlet, first) in &summary.outlets {
                put.execute(params![id, outlet, first])?;
            }
            Ok(())
        };
        run().map_err(|e| self.err(e))
    }

    fn event_merged(&self, id: u32) -> Result<Vec<u32>> {
        self.conn
            .prepare_cached("SELECT merged FROM event_merges WHERE event = ?1 ORDER BY rowid")
            .and_then(|mut st| st.query_map([id], |r| r.get(0))?.collect())
            .map_err(|e| self.err(e))
    }

    fn event_merged_into(&self, id: u32) -> Result<Option<u32>> {
        self.conn
            .prepare_cached("SELECT event FROM event_merges WHERE merged = ?1")
            .and_then(|mut st| st.query_row([id], |r| r.get(0)).optional())
            .map_err(|e| self.err(e))
    }

    fn event_latest(&self, id: u32) -> Result<Option<i64>> {
        self.conn
            .prepare_cached("SELECT max(seq) FROM event_articles WHERE event = ?1")
            .and_then(|mut st| st.query_row([id], |r| r.get(0)))
            .map_err(|e| self.err(e))
    }

    fn event_members(&self, id: u32) -> Result<Vec<i64>> {
        self.conn
            .prepare_cached("SELECT seq FROM event_articles WHERE event = ?1 ORDER BY seq")
            .and_then(|mut st| st.query_map([id], |r| r.get(0))?.collect())
            .map_err(|e| self.err(e))
    }

    fn storylines_page(&self, offset: usize, limit: usize) -> Result<(Vec<u32>, usize)> {
        let run = || -> rusqlite::Result<(Vec<u32>, usize)> {
            let total: i64 =
                self.conn
                    .query_row("SELECT count(DISTINCT storyline) FROM events", [], |r| {
                        r.get(0)
                    })?;
            let ids = self
                .conn
                .prepare_cached(
                    "SELECT storyline FROM events GROUP BY storyline
                     ORDER BY min(start) IS NULL, min(start), storyline LIMIT ?1 OFFSET ?2",
                )?
                .query_map(params![sql_count(limit), sql_count(offset)], |r| r.get(0))?
                .collect::<rusqlite::Result<Vec<u32>>>()?;
            Ok((ids, total as usize))
        };
        run().map_err(|e| self.err(e))
    }

    fn storyline_events(&self, id: u32) -> Result<Vec<u32>> {
        self.conn
            .prepare_cached("SELECT id FROM events WHERE storyline = ?1 ORDER BY id")
            .and_then(|mut st| st.query_map([id], |r| r.get(0))?.collect())
            .map_err(|e| self.err(e))
    }

    fn event_member_keys(&self, id: u32) -> Result<Vec<MemberKey>> {
        self.conn
            .prepare_cached(
                "SELECT a.seq, a.id, a.outlet, a.published FROM event_articles ea
                 JOIN articles a ON a.seq = ea.seq WHERE ea.event = ?1 ORDER BY ea.seq",
            )
            .and_then(|mut st| {
                st.query_map([id], |r| {
                    Ok((r.get(0)?, ArticleId(r.get(1)?), r.get(2)?, r.get(3)?))
                })?
                .collect()
            })
            .map_err(|e| self.err(e))
    }

    fn articles_at(&self, seqs: &[i64]) -> Result<Vec<(i64, Article)>> {
        let sql = format!("SELECT {ARTICLE_COLUMNS} FROM articles WHERE seq = ?1");
        let mut out = Vec::with_capacity(seqs.len());
        for &seq in seqs {
            out.extend(self.query_articles(&sql, [seq])?);
        }
        Ok(out)
    }

    fn article_cards(&self, seqs: &[i64]) -> Result<Vec<(i64, ArticleCard)>> {
        if !self.cards {
            // A row with no card: every article decoded.
            return cards_of(self, &self.path, seqs, |_| Ok(Some(Default::default())));
        }
        cards_of(self, &self.path, seqs, |seq| {
            self.conn
                .prepare_cached(
                    "SELECT a.id, a.title, a.outlet, r.source, a.card FROM articles a
                     JOIN raw r ON r.seq = a.seq WHERE a.seq = ?1",
                )
                .and_then(|mut st| {
                    st.query_row([seq], |r| {
                        Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
                    })
                    .optional()
                })
                .map_err(|e| self.err(e))
        })
    }

    fn articles_by_id(&self, ids: &[ArticleId]) -> Result<Vec<(i64, Article)>> {
        let mut seqs = Vec::with_capacity(ids.len());
        for id in ids {
            let seq: Option<i64> = self
                .conn
                .prepare_cached("SELECT seq FROM articles WHERE id = ?1")
                .and_then(|mut st| st.query_row([id.as_str()], |r| r.get(0)).optional())
                .map_err(|e| self.err(e))?;
            seqs.extend(seq);
        }
        self.articles_at(&seqs)
    }

    fn facts_of(&self, ids: &[ArticleId]) -> Result<Vec<(ArticleId, String)>> {
        let mut out = Vec::with_capacity(ids.len());
        for id in ids {
            let data: Option<(Vec<u8>, i64)> = self
                .conn
                .prepare_cached("SELECT data, packed FROM facts WHERE article = ?1")
                .and_then(|mut st| {
                    st.query_row([id.as_str()], |r| Ok((column_bytes(r, 0)?, r.get(1)?)))
                        .optional()
                })
                .map_err(|e| self.err(e))?;
            if let Some((d, packed)) = data {
                out.push((
                    id.clone(),
                    self.unpack(id.as_str(), "findings", d, packed != 0)?,
                ));
            }
        }
        Ok(out)
    }

    fn join_copies(&self, a: i64, b: i64) -> Result<()> {
        let run = || -> rusqlite::Result<()> {
            let mut find = self
                .conn
                .prepare_cached("SELECT grp FROM copy_groups WHERE seq = ?1")?;
            let mut group = |s: i64| -> rusqlite::Result<i64> {
                Ok(find.query_row([s], |r| r.get(0)).optional()?.unwrap_or(s))
            };
            let (ga, gb) = (group(a)?, group(b)?);
            let mut put = self
                .conn
                .prepare_cached("INSERT OR IGNORE INTO copy_groups (seq, grp) VALUES (?1, ?2)")?;
            put.execute([a, ga])?;
            put.execute([b, gb])?;
            if ga != gb {
                // A group is numbered by its first member. OR IGNORE (the
                // number is never null) so that SQLite need not keep a
                // statement journal for a statement that cannot fail
                // halfway (see `put_copy_links`).
                let (keep, gone) = (ga.min(gb), ga.max(gb));
                self.conn
                    .prepare_cached("UPDATE OR IGNORE copy_groups SET grp = ?1 WHERE grp = ?2")?
                    .execute([keep, gone])?;
            }
            Ok(())
        };
        run().map_err(|e| self.err(e))
    }

    fn note_republication(&self, seq: i64) -> Result<()> {
        self.conn
            .prepare_cached("INSERT OR IGNORE INTO copy_groups (seq, grp) VALUES (?1, ?1)")
            .and_then(|mut st| st.execute([seq]))
            .map(|_| ())
            .map_err(|e| self.err(e))
    }

    fn copy_groups_page(&self, offset: usize, limit: usize) -> Result<(Vec<Vec<i64>>, usize)> {
        let run = || -> rusqlite::Result<(Vec<Vec<i64>>, usize)> {
            let total: i64 = self.conn.query_row(
                "SELECT count(*) FROM (SELECT DISTINCT grp FROM copy_groups)",
                [],
                |r| r.get(0),
            )?;
            let mut st = self.conn.prepare_cached(
                "SELECT grp, count(*) AS n FROM copy_groups GROUP BY grp
                 ORDER BY n < 2, grp LIMIT ?1 OFFSET ?2",
            )?;
            let groups: Vec<i64> = st
                .query_map(params![sql_count(limit), sql_count(offset)], |r| r.get(0))?
                .collect::<rusqlite::Result<_>>()?;
            let mut members = self
                .conn
                .prepare_cached("SELECT seq FROM copy_groups WHERE grp = ?1 ORDER BY seq")?;
            let mut out = Vec::with_capacity(groups.len());
            for g in groups {
                out.push(
                    members
                        .query_map([g], |r| r.get(0))?
                        .collect::<rusqlite::Result<Vec<i64>>>()?,
                );
            }
            Ok((out, total as usize))
        };
        run().map_err(|e| self.err(e))
    }

    fn index_search(&self, docs: &[(i64, &str, &str)]) -> Result<()> {
        let run = || -> rusqlite::Result<()> {
            let mut st = self
                .conn
                .prepare_cached("INSERT INTO search (rowid, title, body) VALUES (?1, ?2, ?3)")?;
            for (seq, title, body) in docs {
                st.execute(params![seq, title, body])?;
            }
            Ok(())
        };
        run().map_err(|e| self.err(e))
    }

    fn search(&self, query: &str, limit: usize) -> Result<Vec<(i64, f64)>> {
        let q = fts_query(query);
        if q.is_empty() {
            return Ok(Vec::new());
        }
        self.conn
            .prepare_cached(SEARCH_SQL)
            .and_then(|mut st| {
                st.query_map(params![q, sql_count(limit), TITLE_WEIGHT], |r| {
                    Ok((r.get(0)?, r.get(1)?))
                })?
                .collect()
            })
            .map_err(|e| self.err(e))
    }

    fn search_excluding(
        &self,
        query: &str,
        limit: usize,
        groups: &[i64],
    ) -> Result<Vec<(i64, f64)>> {
        let q = fts_query(query);
        if q.is_empty() {
            return Ok(Vec::new());
        }
        // The groups as a JSON array, read by `json_each` (built into
        // SQLite): one statement whatever their number.
        let groups = format!(
            "[{}]",
            groups
                .iter()
                .map(i64::to_string)
                .collect::<Vec<_>>()
                .join(",")
        );
        self.conn
            .prepare_cached(SEARCH_LEAVING_OUT_SQL)
            .and_then(|mut st| {
                st.query_map(params![q, sql_count(limit), TITLE_WEIGHT, groups], |r| {
                    Ok((r.get(0)?, r.get(1)?))
                })?
                .collect()
            })
            .map_err(|e| self.err(e))
    }

    fn events_of(&self, seqs: &[i64]) -> Result<Vec<(i64, u32, u32)>> {
        let run = || -> rusqlite::Result<Vec<(i64, u32, u32)>> {
            let mut st = self.conn.prepare_cached(
                "SELECT ea.event, e.storyline FROM event_articles ea JOIN events e ON e.id = ea.event
                 WHERE ea.seq = ?1",
            )?;
            let mut out = Vec::with_capacity(seqs.len());
            for &seq in seqs {
                if let Some((e, s)) = st
                    .query_row([seq], |r| Ok((r.get(0)?, r.get(1)?)))
                    .optional()?
                {
                    out.push((seq, e, s));
                }
            }
            Ok(out)
        };
        run().map_err(|e| self.err(e))
    }

    fn copy_groups_of(&self, seqs: &[i64]) -> Result<Vec<(i64, i64)>> {
        let run = || -> rusqlite::Result<Vec<(i64, i64)>> {
            let mut st = self
                .conn
                .prepare_cached("SELECT grp FROM copy_groups WHERE seq = ?1")?;
            let mut out = Vec::with_capacity(seqs.len());
            for &seq in seqs {
                if let Some(g) = st.query_row([seq], |r| r.get(0)).optional()? {
                    out.push((seq, g));
                }
            }
            Ok(out)
        };
        run().map_err(|e| self.err(e))
    }

    fn seq_of(&self, id: &ArticleId) -> Result<Option<i64>> {
        self.conn
            .prepare_cached("SELECT seq FROM articles WHERE id = ?1")
            .and_then(|mut st| st.query_row([id.as_str()], |r| r.get(0)).optional())
            .map_err(|e| self.err(e))
    }

    fn published_between(&self, since: Option<&str>, until: Option<&str>) -> Result<Vec<i64>> {
        // The dates index holds the arrival number (the rowid): the range
        // is read from the index alone.
        let run = || -> rusqlite::Result<Vec<i64>> {
            let mut st = self.conn.prepare_cached(
                "SELECT seq FROM articles INDEXED BY articles_published
                 WHERE published >= coalesce(?1, '') AND (?2 IS NULL OR published < ?2)",
            )?;
            let rows = st.query_map(params![since, until], |r| r.get::<_, i64>(0))?;
            rows.collect()
        };
        let mut seqs = run().map_err(|e| self.err(e))?;
        seqs.sort_unstable();
        Ok(seqs)
    }

    fn copy_links_of(&self, ids: &[ArticleId]) -> Result<Vec<CopyLink>> {
        let mut raw: Vec<(i64, String, String, String, f64)> = Vec::new();
        for id in ids {
            for sql in [
                "SELECT rowid, article, other, kind, similarity FROM copy_links WHERE article = ?1",
                "SELECT rowid, article, other, kind, similarity FROM copy_links WHERE other = ?1",
            ] {
                let rows = self
                    .conn
                    .prepare_cached(sql)
                    .and_then(|mut st| {
                        st.query_map([id.as_str()], |r| {
                            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
                        })?
                        .collect::<rusqlite::Result<Vec<_>>>()
                    })
                    .map_err(|e| self.err(e))?;
                raw.extend(rows);
            }
        }
        // In the order they were found, each once.
        raw.sort_by_key(|r| r.0);
        raw.dedup_by_key(|r| r.0);
        raw.into_iter()
            .map(|(_, a, o, k, sim)| self.copy_link(a, o, k, sim))
            .collect()
    }

    fn articles_page(&self, q: &ArticleQuery) -> Result<(Vec<Article>, usize)> {
        // Each filter has its index (published; outlet, language and an
        // event's members by arrival number), which SQLite picks by the
        // values given.
        let filter = "(?1 IS NULL OR published >= ?1) AND (?2 IS NULL OR published < ?2) \
             AND (?5 IS NULL OR outlet = ?5) AND (?6 IS NULL OR language = ?6) \
             AND (?7 IS NULL OR seq IN (SELECT seq FROM event_articles WHERE event = ?7)) \
             AND (?8 IS NULL OR seq > ?8)";
        let total: i64 = self
            .conn
            // ?3 and ?4 (the page) are not used here, but bound all the
            // same: SQLite counts parameters by the highest number.
            .prepare_cached(&format!("SELECT count(*) FROM articles WHERE {filter}"))
            .and_then(|mut st| {
                st.query_row(
                    params![
                        q.since,
                        q.until,
                        None::<i64>,
                        None::<i64>,
                        q.outlet,
                        q.language,
                        q.event,
                        q.after
                    ],
                    |r| r.get(0),
                )
            })
            .map_err(|e| self.err(e))?;
        let rows = self.query_articles(
            &format!(
                "SELECT {ARTICLE_COLUMNS} FROM articles WHERE {filter} ORDER BY seq LIMIT ?3 OFFSET ?4"
            ),
            params![
                q.since,
                q.until,
                sql_count(q.limit),
                sql_count(q.offset),
                q.outlet,
                q.language,
                q.event,
                q.after
            ],
        )?;
        Ok((rows.into_iter().map(|(_, a)| a).collect(), total as usize))
    }

    fn last_seq(&self) -> Result<i64> {
        self.conn
            .query_row("SELECT coalesce(max(seq), 0) FROM articles", [], |r| {
                r.get(0)
            })
            .map_err(|e| self.err(e))
    }

    fn articles_since(&self, after: i64, limit: usize) -> Result<Vec<(i64, Article)>> {
        self.query_articles(
            &format!("SELECT {ARTICLE_COLUMNS} FROM articles WHERE seq > ?1 ORDER BY seq LIMIT ?2"),
            params![after, sql_count(limit)],
        )
    }

    fn begin_write(&self) -> Result<()> {
        self.conn
            .execute_batch("BEGIN IMMEDIATE")
            .map_err(|e| self.err(e))?;
        self.writing.set(true);
        Ok(())
    }

    fn commit(&self) -> Result<()> {
        // What the write found missing may exist once it ends.
        self.writing.set(false);
        self.tables.borrow_mut().retain(|_, n| n.is_some());
        self.conn.execute_batch("COMMIT").map_err(|e| self.err(e))
    }

    fn read_only(&self) -> bool {
        self.read_only
    }

    fn rollback(&self) {
        // Fails only when no transaction is open, which is what we want.
        let _ = self.conn.execute_batch("ROLLBACK");
        // A table number given out in the transaction is gone with it.
        self.tables.borrow_mut().clear();
        self.writing.set(false);
    }

    fn cursor(&self, stage: &str) -> Result<Option<i64>> {
        self.conn
            .query_row(
                "SELECT processed FROM stage_state WHERE name = ?1",
                [stage],
                |r| r.get(0),
            )
            .optional()
            .map_err(|e| self.err(e))
    }

    fn set_cursor(&self, stage: &str, seq: i64) -> Result<()> {
        self.conn
            .prepare_cached(
                "INSERT INTO stage_state (name, processed, data) VALUES (?1, ?2, '')
                 ON CONFLICT(name) DO UPDATE SET processed = ?2",
            )
            .and_then(|mut st| st.execute(params![stage, seq]))
            .map(|_| ())
            .map_err(|e| self.err(e))
    }

    fn put_rows(&self, rows: &[Row]) -> Result<()> {
        let run = || -> rusqlite::Result<()> {
            let mut put = self.conn.prepare_cached(
                "INSERT OR REPLACE INTO stage_rows (tbl, key, val) VALUES (?1, ?2, ?3)",
            )?;
            let mut delete = self
                .conn
                .prepare_cached("DELETE FROM stage_rows WHERE tbl = ?1 AND key = ?2")?;
            for r in rows {
                let Some(tbl) = self.table_number(r.table, r.value.is_some())? else {
                    continue;
                };
                match &r.value {
                    Some(v) => put.execute(params![tbl, r.key, v])?,
                    None => delete.execute(params![tbl, r.key])?,
                };
            }
            Ok(())
        };
        run().map_err(|e| self.err(e))
    }

    fn put_copy_links(&self, links: &[CopyLink]) -> Result<()> {
        let run = || -> rusqlite::Result<()> {
            // Deleted, then inserted: a link found again is ordered as found
            // last, as INSERT OR REPLACE would order it, but without its
            // cost. A replace on a table with foreign keys may delete rows
            // that others reference, so SQLite kept a statement journal of
            // every page the statement touched, and an insert that splits
            // pages of this randomly keyed table spilled it to a temporary
            // file: 2.8 GB of writes to add 10k bench articles to a 90k
            // store, nearly all from here. Neither statement alone needs
            // one.
            let mut drop = self
                .conn
                .prepare_cached("DELETE FROM copy_links WHERE article = ?1 AND other = ?2")?;
            let mut put = self.conn.prepare_cached(
                "INSERT INTO copy_links (article, other, kind, similarity) VALUES (?1, ?2, ?3, ?4)",
            )?;
            for l in links {
                drop.execute(params![l.article.as_str(), l.other.as_str()])?;
                put.execute(params![
                    l.article.as_str(),
                    l.other.as_str(),
                    l.kind.as_str(),
                    f64::from(l.similarity)
                ])?;
            }
            Ok(())
        };
        run().map_err(|e| self.err(e))
    }

    fn put_facts(&self, facts: &[(ArticleId, String)]) -> Result<()> {
        // In parts of the number a findings dictionary is trained at, so
        // that a catch-up chunk larger than that packs its later findings
        // with the dictionary its first ones made possible.
        facts
            .chunks(crate::dicts::TRAIN_AT)
            .try_for_each(|part| self.put_facts_part(part))
    }

    fn put_vectors(&self, model: &str, vectors: &[(i64, i64, &[f32])]) -> Result<()> {
        let mut st = self
            .conn
            .prepare_cached(
                // An upsert (the row is its arrival number): see
                // `put_copy_links` for why not INSERT OR REPLACE.
                "INSERT INTO vectors (seq, text_key, model, vec) VALUES (?1, ?2, ?3, ?4)
                 ON CONFLICT(seq) DO UPDATE SET text_key = excluded.text_key,
                     model = excluded.model, vec = excluded.vec",
            )
            .map_err(|e| self.err(e))?;
        for (seq, key, v) in vectors {
            st.execute(rusqlite::params![seq, key, model, encode_vector(v)])
                .map_err(|e| self.err(e))?;
        }
        Ok(())
    }

    fn vector_by_text(&self, model: &str, text_key: i64) -> Result<Option<Vec<f32>>> {
        self.conn
            .prepare_cached("SELECT vec FROM vectors WHERE text_key = ?1 AND model = ?2 LIMIT 1")
            .and_then(|mut st| {
                st.query_row(rusqlite::params![text_key, model], |r| {
                    r.get::<_, Vec<u8>>(0)
                })
                .optional()
            })
            .map(|b| b.map(|b| decode_vector(&b)))
            .map_err(|e| self.err(e))
    }

    fn vectors_since(&self, after: i64, limit: usize) -> Result<Vec<StoredVector>> {
        let mut st = self
            .conn
            .prepare_cached(
                "SELECT v.seq, a.id, v.model, v.vec FROM vectors v JOIN articles a ON a.seq = v.seq \
                 WHERE v.seq > ?1 ORDER BY v.seq LIMIT ?2",
            )
            .map_err(|e| self.err(e))?;
        let rows = st
            .query_map(rusqlite::params![after, sql_count(limit)], |r| {
                Ok(StoredVector {
                    seq: r.get(0)?,
                    id: ArticleId(r.get(1)?),
                    model: r.get(2)?,
                    vector: decode_vector(&r.get::<_, Vec<u8>>(3)?),
                })
            })
            .and_then(|rows| rows.collect::<rusqlite::Result<Vec<_>>>())
            .map_err(|e| self.err(e))?;
        Ok(rows)
    }

    fn watch_feed(&self, url: &str) -> Result<Option<FeedState>> {
        self.conn
            .query_row(
                "SELECT etag, last_modified, failures, last_error FROM watch_feeds WHERE url = ?1",
                [url],
                |r| {
                    Ok(FeedState {
                        url: url.to_string(),
                        etag: r.get(0)?,
                        last_modified: r.get(1)?,
                        failures: r.get(2)?,
                        last_error: r.get(3)?,
                    })
                },
            )
            .optional()
            .map_err(|e| self.err(e))
    }

    fn save_watch_feed(&mut self, s: &FeedState) -> Result<()> {
        self.conn
            .execute(
                "INSERT INTO watch_feeds (url, etag, last_modified, polled_at, failures, last_error)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)
                 ON CONFLICT(url) DO UPDATE SET etag = ?2, last_modified = ?3, polled_at = ?4,
                     failures = ?5, last_error = ?6",
                rusqlite::params![s.url, s.etag, s.last_modified, now(), s.failures, s.last_error],
            )
            .map(|_| ())
            .map_err(|e| self.err(e))
    }

    fn watch_link_seen(&self, link: &str) -> Result<bool> {
        self.conn
            .query_row("SELECT 1 FROM watch_links WHERE link = ?1", [link], |_| {
                Ok(())
            })
            .optional()
            .map(|o| o.is_some())
            .map_err(|e| self.err(e))
    }

    fn save_watch_link(&mut self, link: &str, feed: &str, outcome: &str) -> Result<()> {
        self.conn
            .execute(
                "INSERT OR REPLACE INTO watch_links (link, feed, outcome, seen_at) VALUES (?1, ?2, ?3, ?4)",
                rusqlite::params![link, feed, outcome, now()],
            )
            .map(|_| ())
            .map_err(|e| self.err(e))
    }

    fn contains(&self, id: &ArticleId) -> Result<bool> {
        self.conn
            .query_row("SELECT 1 FROM raw WHERE id = ?1", [id.as_str()], |_| Ok(()))
            .optional()
            .map(|o| o.is_some())
            .map_err(|e| self.err(e))
    }

    fn put_batch(
        &mut self,
        items: &[(RawArticle, Article)],
        extractor_version: u32,
    ) -> Result<Vec<PutOutcome>> {
        let dict = current_dict(&*self, DictKind::Raw)?;
        let path = self.path.clone();
        let sq = |source| Error::Sqlite {
            path: path.clone(),
            source,
        };
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(sq)?;
        let mut outcomes = Vec::with_capacity(items.len());
        {
            let mut find = tx
                .prepare_cached("SELECT source FROM raw WHERE id = ?1")
                .map_err(sq)?;
            let mut put_raw = tx
                .prepare_cached(
                    "INSERT INTO raw (id, source, format, encoding, bytes, packed, given, ingested_at) VALUES (?1,?2,?3,?4,?5,?6,?7,?8)",
                )
                .map_err(sq)?;
            let mut put_article = tx
                .prepare_cached(
                    "INSERT INTO articles (seq, id, extractor_version, title, outlet, published, published_source, language, body, doc, body_map, packed, card)
                     VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,'',?10,?11,?12)",
                )
                .map_err(sq)?;
            let mut sight = tx
                .prepare_cached(
                    "INSERT OR IGNORE INTO sightings (id, source, seen_at) VALUES (?1, ?2, ?3)",
                )
                .map_err(sq)?;
            let at = now();
            let mut packed = pack_items(&path, items, dict.as_deref()).into_iter();
            for (raw, article) in items {
                let item = packed.next().expect("one packed item per item");
                if let Some(first_source) = find
                    .query_row([raw.id.as_str()], |r| r.get::<_, String>(0))
                    .optional()
                    .map_err(sq)?
                {
                    if first_source != raw.source {
                        sight
                            .execute(params![raw.id.as_str(), raw.source, at])
                            .map_err(sq)?;
                    }
                    outcomes.push(PutOutcome::Duplicate { first_source });
                    continue;
                }
                let item = item?;
                put_raw
                    .execute(params![
                        raw.id.as_str(),
                        raw.source,
                        raw.format.as_str(),
                        raw.encoding,
                        item.bytes,
                        item.bytes_packed,
                        item.given,
                        at
                    ])
                    .map_err(sq)?;
                let seq = tx.last_insert_rowid();
                put_article
                    .execute(params![
                        seq,
                        article.id.as_str(),
                        extractor_version,
                        article.title,
                        article.outlet,
                        item.published,
                        item.published_source,
                        article.language,
                        item.body,
                        item.body_map,
                        PACKED_AGAINST_RAW,
                        item.card,
                    ])
                    .map_err(sq)?;
                outcomes.push(PutOutcome::Stored { seq });
            }
        }
        tx.commit().map_err(sq)?;
        Ok(outcomes)
    }

    fn note_sighting(&mut self, id: &ArticleId, source: &str) -> Result<String> {
        let first: String = self
            .conn
            .query_row("SELECT source FROM raw WHERE id = ?1", [id.as_str()], |r| {
                r.get(0)
            })
            .map_err(|e| self.err(e))?;
        if first != source {
            self.conn
                .execute(
                    "INSERT OR IGNORE INTO sightings (id, source, seen_at) VALUES (?1, ?2, ?3)",
                    params![id.as_str(), source, now()],
                )
                .map_err(|e| self.err(e))?;
        }
        Ok(first)
    }

    fn count(&self) -> Result<usize> {
        self.conn
            .query_row("SELECT count(*) FROM articles", [], |r| r.get::<_, i64>(0))
            .map(|n| n as usize)
            .map_err(|e| self.err(e))
    }

    fn articles(&self) -> Result<Vec<Article>> {
        Ok(self
            .query_articles(
                &format!("SELECT {ARTICLE_COLUMNS} FROM articles ORDER BY seq"),
                [],
            )?
            .into_iter()
            .map(|(_, a)| a)
            .collect())
    }

    fn article(&self, id_or_prefix: &str) -> Result<Article> {
        let prefix = id_prefix(id_or_prefix)?;
        let ids: Vec<String> = self
            .conn
            .prepare_cached(
                "SELECT id FROM articles WHERE id >= ?1 AND id < ?1 || 'g' ORDER BY id LIMIT ?2",
            )
            .and_then(|mut st| {
                st.query_map(params![prefix, ID_SHOWN as i64 + 1], |r| r.get(0))?
                    .collect::<rusqlite::Result<Vec<String>>>()
            })
            .map_err(|e| self.err(e))?;
        let id = the_one_id(id_or_prefix, prefix, ids)?;
        self.query_articles(
            &format!("SELECT {ARTICLE_COLUMNS} FROM articles WHERE id = ?1"),
            [&id],
        )?
        .pop()
        .map(|(_, a)| a)
        .ok_or_else(|| Error::NotFound(id_or_prefix.to_string()))
    }

    fn copy_links(&self) -> Result<Vec<CopyLink>> {
        let mut stmt = self
            .conn
            .prepare("SELECT article, other, kind, similarity FROM copy_links ORDER BY rowid")
            .map_err(|e| self.err(e))?;
        let rows = stmt
            .query_map([], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, f64>(3)?,
                ))
            })
            .map_err(|e| self.err(e))?
            .collect::<Result<Vec<_>, _>>()
            .map_err(|e| self.err(e))?;
        rows.into_iter()
            .map(|(a, o, k, sim)| self.copy_link(a, o, k, sim))
            .collect()
    }

    fn facts(&self) -> Result<Vec<(ArticleId, String)>> {
        let mut st = self
            .conn
            .prepare("SELECT article, data, packed FROM facts")
            .map_err(|e| self.err(e))?;
        let rows = st
            .query_map([], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    column_bytes(r, 1)?,
                    r.get::<_, i64>(2)?,
                ))
            })
            .map_err(|e| self.err(e))?
            .collect::<std::result::Result<Vec<_>, _>>()
            .map_err(|e| self.err(e))?;
        rows.into_iter()
            .map(|(id, d, packed)| {
                let data = self.unpack(&id, "findings", d, packed != 0)?;
                Ok((ArticleId(id), data))
            })
            .collect()
    }

    fn raw_bytes(&self, id: &ArticleId) -> Result<Vec<u8>> {
        let (b, packed): (Vec<u8>, i64) = self
            .conn
            .query_row(
                "SELECT bytes, packed FROM raw WHERE id = ?1",
                [id.as_str()],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()
            .map_err(|e| self.err(e))?
            .ok_or_else(|| Error::NotFound(id.to_string()))?;
        original_bytes(&self.path, id, b, packed, self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Frames packed against a prefix read back with the text loaded as a
    /// dictionary, as do the frames stores hold from before, which were
    /// packed with it loaded as one: the body of every stored article
    /// depends on the two agreeing.
    #[test]
    fn frames_packed_against_a_prefix_or_a_loaded_text_read_back_alike() {
        let lead = "Rescuers searched the rubble on Tuesday after the quake, \
                    officials said. \u{201c}We are still counting,\u{201d} the mayor said. ";
        let texts = [
            String::new(),
            "Short.".to_string(),
            lead.repeat(40),
            format!(
                "{}Жители Тбилиси вышли на улицы. 東京の天気",
                lead.repeat(3)
            ),
            // Past level 3's window (2 MiB for an input of this size): the
            // body reaches back into the far end of its text.
            (0..400_000u64)
                .map(|i| format!("w{} ", parallax_text::mix64(i) % 5000))
                .collect(),
        ];
        let mut packer = PrefixPacker::new().expect("a context");
        for text in &texts {
            let mut body = Vec::new();
            body.extend_from_slice(&(text.len() as u64).to_le_bytes());
            body.extend_from_slice(text.as_bytes());
            body.extend_from_slice(br#"{"title":"Quake","outlet":"example.org"}"#);
            let given = br#"{"title":"Quake toll rises"}"#.as_slice();
            let [g, b] = packer
                .pack(text.as_bytes(), [given, &body])
                .expect("packed");
            assert_eq!(unpack_against(text.as_bytes(), &g).unwrap(), given);
            assert_eq!(unpack_against(text.as_bytes(), &b).unwrap(), body);
            if text.len() > 1000 {
                // The prefix is used, not only carried: a body that repeats
                // its text packs to a fraction of it (a text past the
                // window is reached only in part).
                let part = if text.len() < 1 << 20 { 10 } else { 2 };
                assert!(b.len() * part < body.len(), "{} of {}", b.len(), body.len());
                // And it is needed: without it the frame does not read back
                // as the body.
                assert_ne!(unpack_against(b"", &b).ok(), Some(body.clone()));
            }
            // The way stores packed bodies before: the text loaded as a
            // dictionary into a compressor.
            let mut old = zstd::bulk::Compressor::new(PACK_LEVEL).unwrap();
            old.set_dictionary(PACK_LEVEL, text.as_bytes()).unwrap();
            let frame = old.compress(&body).unwrap();
            assert_eq!(unpack_against(text.as_bytes(), &frame).unwrap(), body);
        }
    }
}
