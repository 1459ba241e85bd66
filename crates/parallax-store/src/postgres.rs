//! The server-mode store: PostgreSQL, shared by any number of processes on
//! any number of machines.
//!
//! Same tables and the same packed frames as [`crate::SqliteStore`], so
//! both backends give the same articles, copies, events and findings. What
//! differs is how writers take turns:
//!
//! - Storing articles takes a transaction-scoped advisory lock (one per
//!   schema) for the batch: arrival numbers are handed out under it, so
//!   they commit in the order they were given and a stage that has read up
//!   to number n has seen every article below it. Reading, extracting and
//!   embedding happen before, in parallel on every worker.
//! - The online stages write under a second advisory lock
//!   ([`ArticleStore::begin_write`]): one worker at a time brings them up
//!   to date; the others wait (and say so), then find nothing left to do.
//! - A worker killed mid-batch holds its locks no longer than its
//!   connection lives; its transaction rolls back whole, and whatever it
//!   had not stored is stored by the next run (content ids are unique).
//!
//! The driver is `postgres` (sfackler's synchronous client over
//! tokio-postgres): the engine and its stages are synchronous, and each
//! process (or each of `serve`'s worker threads) holds one connection, so
//! an async pool would add a runtime without adding throughput. Prepared
//! statements are cached per connection.

use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::time::{Duration, Instant};

use parallax_model::rows::{Row, RowSource};
use parallax_model::{Article, ArticleCard, ArticleId, CopyLink, RawArticle};
use postgres::types::ToSql;
use postgres::{Client, NoTls, Statement};

use crate::dicts::{current_dict, pack_with, DictKind, DictTable, Dicts};
use crate::{
    cards_of, copy_link, decode_vector, encode_vector, id_prefix, original_bytes, pack_items,
    row_to_article, sql_count, the_one_id, unpack_column, ArticleQuery, ArticleRow, ArticleStore,
    CardRow, Error, EventOrder, EventQuery, EventRow, EventSummaryRow, FeedState, MemberKey,
    Placed, PutOutcome, Result, StoredVector, ID_SHOWN, LOCK_WAIT, PACKED_AGAINST_RAW,
    RECOUNT_EVENTS, TITLE_WEIGHT,
};

/// Matches `ts_rank` chooses for BM25 to rank: BM25 reads each one's
/// vector in SQL, which costs per match what `ts_rank` costs per thousand.
const RERANK: usize = 1000;

/// The newest PostgreSQL schema this build writes.
pub const PG_SCHEMA_VERSION: i64 = 6;

/// Migrations, in order; entry `i` takes the schema from version `i` to
/// `i + 1`. Never edit a released one: add the next. Version 1 holds what
/// SQLite's schema 7 holds, in PostgreSQL's types: text compared byte by
/// byte (`COLLATE "C"`, as SQLite compares), every number a `bigint`,
/// originals and bodies always packed.
const MIGRATIONS: &[&str] = &[
    r#"
CREATE TABLE raw (
    seq         bigint PRIMARY KEY,
    id          text COLLATE "C" NOT NULL UNIQUE,
    source      text NOT NULL,
    format      text NOT NULL,
    encoding    text,
    bytes       bytea NOT NULL,
    packed      bigint NOT NULL,
    given       bytea NOT NULL,
    ingested_at text NOT NULL
);
CREATE TABLE articles (
    seq               bigint PRIMARY KEY REFERENCES raw(seq),
    id                text COLLATE "C" NOT NULL UNIQUE,
    extractor_version bigint NOT NULL,
    title             text,
    outlet            text COLLATE "C",
    published         text COLLATE "C",
    published_source  text,
    language          text COLLATE "C",
    body              bytea NOT NULL,
    body_map          bytea NOT NULL,
    packed            bigint NOT NULL
);
CREATE INDEX articles_published ON articles(published);
CREATE INDEX articles_outlet ON articles(outlet, seq);
CREATE INDEX articles_language ON articles(language, seq);
CREATE TABLE sightings (
    id      text COLLATE "C" NOT NULL REFERENCES raw(id),
    source  text NOT NULL,
    seen_at text NOT NULL,
    PRIMARY KEY (id, source)
);
-- `n` keeps the order links were found in (SQLite's rowid).
CREATE TABLE copy_links (
    n          bigserial,
    article    text COLLATE "C" NOT NULL REFERENCES raw(id),
    other      text COLLATE "C" NOT NULL REFERENCES raw(id),
    kind       text NOT NULL,
    similarity double precision NOT NULL,
    PRIMARY KEY (article, other)
);
CREATE INDEX copy_links_other ON copy_links(other);
CREATE INDEX copy_links_n ON copy_links(n);
CREATE TABLE stage_state (
    name      text PRIMARY KEY,
    processed bigint NOT NULL
);
CREATE TABLE facts (
    article text COLLATE "C" PRIMARY KEY REFERENCES raw(id),
    data    bytea NOT NULL
);
CREATE TABLE watch_feeds (
    url           text PRIMARY KEY,
    etag          text,
    last_modified text,
    polled_at     text,
    failures      bigint NOT NULL DEFAULT 0,
    last_error    text
);
CREATE TABLE watch_links (
    link    text PRIMARY KEY,
    feed    text NOT NULL,
    outcome text NOT NULL,
    seen_at text NOT NULL
);
CREATE TABLE stage_tables (
    id   bigserial PRIMARY KEY,
    name text NOT NULL UNIQUE
);
CREATE TABLE stage_rows (
    tbl bigint NOT NULL,
    key bytea NOT NULL,
    val bytea NOT NULL,
    PRIMARY KEY (tbl, key)
);
CREATE TABLE event_articles (
    seq   bigint PRIMARY KEY REFERENCES articles(seq),
    event bigint NOT NULL
);
CREATE INDEX event_articles_event ON event_articles(event, seq);
CREATE TABLE events (
    id        bigint PRIMARY KEY,
    storyline bigint NOT NULL,
    articles  bigint NOT NULL,
    start     text COLLATE "C",
    "end"     text COLLATE "C"
);
CREATE INDEX events_time ON events((start IS NULL), start, id);
CREATE INDEX events_size ON events(articles, id);
CREATE INDEX events_storyline ON events(storyline, id);
CREATE TABLE event_merges (
    n      bigserial,
    event  bigint NOT NULL,
    merged bigint NOT NULL PRIMARY KEY
);
CREATE INDEX event_merges_event ON event_merges(event, n);
CREATE TABLE copy_groups (
    seq bigint PRIMARY KEY REFERENCES articles(seq),
    grp bigint NOT NULL
);
CREATE INDEX copy_groups_grp ON copy_groups(grp, seq);
-- Full-text search: PostgreSQL's own text search, title words weighted
-- A, body words D, over a GIN index.
CREATE TABLE search (
    seq bigint PRIMARY KEY REFERENCES articles(seq),
    doc tsvector NOT NULL
);
CREATE INDEX search_doc ON search USING gin(doc);
CREATE TABLE vectors (
    seq      bigint PRIMARY KEY REFERENCES articles(seq),
    text_key bigint NOT NULL,
    model    text NOT NULL,
    vec      bytea NOT NULL
);
CREATE INDEX vectors_text_key ON vectors(text_key);
"#,
    // 2: BM25 on the server (`ts_rank` weighs no word by its rarity):
    // each document's length in words, a title word counting
    // TITLE_WEIGHT (2), and the index's totals, kept as documents are
    // added. The lengths have a table of their own, filled as documents
    // are indexed: a column added to `search` would rewrite every row and
    // its GIN entries (an UPDATE of 1.2M rows ran past 12 minutes), and
    // even measuring every stored document (an INSERT ... SELECT) ran past
    // 14 minutes at 1.2M. So the upgrade measures no document: one
    // indexed before it counts as the average length, and the average is
    // taken from the first 10,000 documents: one count and a sample (not
    // timed on its own at scale).
    r#"
CREATE TABLE search_len (
    seq bigint PRIMARY KEY REFERENCES articles(seq),
    len double precision NOT NULL
);
CREATE TABLE search_stats (
    id    integer PRIMARY KEY,
    docs  bigint NOT NULL,
    words double precision NOT NULL
);
INSERT INTO search_stats
SELECT 0, n, n * coalesce((
    SELECT avg((SELECT coalesce(sum(CASE WHEN w = 'A' THEN 2 ELSE 1 END), 0)
                FROM unnest(doc) u, unnest(u.weights) w))
    FROM (SELECT doc FROM search LIMIT 10000) sample
), 0)
FROM (SELECT count(*) AS n FROM search) c;
"#,
    // 3: each article's card, as SQLite's schema 8 keeps it.
    r#"
ALTER TABLE articles ADD COLUMN card bytea;
"#,
    // 4: compression dictionaries, as SQLite's schema 9 keeps them.
    r#"
CREATE TABLE pack_dicts (
    n    bigserial PRIMARY KEY,
    id   bigint NOT NULL UNIQUE,
    kind bigint NOT NULL,
    dict bytea NOT NULL
);
"#,
    // 5: each event's summary (label, outlets), as SQLite's schema 10
    // keeps it.
    r#"
ALTER TABLE events ADD COLUMN label text;
ALTER TABLE events ADD COLUMN label_key text COLLATE "C";
CREATE INDEX events_unsummarized ON events(id) WHERE label_key IS NULL;
CREATE TABLE event_outlets (
    event  bigint NOT NULL,
    outlet text COLLATE "C" NOT NULL,
    first  text COLLATE "C" NOT NULL,
    PRIMARY KEY (event, outlet)
);
"#,
    // 6: the repair of SQLite's schema 11 (see [`RECOUNT_EVENTS`]).
    RECOUNT_EVENTS,
];

/// Advisory lock classes (the second key of the two-key form; the first
/// is the schema's hash, so stores in different schemas of one database
/// never wait for each other).
const LOCK_SCHEMA: i32 = 0;
const LOCK_ARTICLES: i32 = 1;
const LOCK_STAGES: i32 = 2;

/// A URL's password replaced by `***` (`postgres://user:secret@host/db`).
pub fn redact(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_string();
    };
    let Some((auth, host)) = rest.split_once('@') else {
        return url.to_string();
    };
    match auth.split_once(':') {
        Some((user, _)) => format!("{scheme}://{user}:***@{host}"),
        None => url.to_string(),
    }
}

/// Whether `spec` names a PostgreSQL database rather than a file.
pub fn is_postgres_url(spec: &str) -> bool {
    spec.starts_with("postgres://") || spec.starts_with("postgresql://")
}

/// The PostgreSQL store. One connection; not shared between threads.
pub struct PgStore {
    client: RefCell<Client>,
    url: String,
    statements: RefCell<HashMap<&'static str, Statement>>,
    tables: RefCell<HashMap<String, i64>>,
    /// Stage tables found not to exist, inside the open write transaction
    /// only (no other writer can make one then: it would need the lock).
    absent: RefCell<std::collections::HashSet<String>>,
    /// Whether a write transaction ([`ArticleStore::begin_write`]) is open.
    writing: Cell<bool>,
    /// Opened with [`PgStore::open_read_only`].
    read_only: bool,
    /// Whether the articles have a `card` column (schema 3 on).
    cards: Cell<bool>,
    /// The compression dictionaries read so far (`crate::dicts`).
    dicts: Dicts,
}

impl std::fmt::Debug for PgStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PgStore").field("url", &self.url).finish()
    }
}

type Params<'a> = &'a [&'a (dyn ToSql + Sync)];

/// The ranking of [`PgStore::search_leaving_out`], with a condition on
/// each match (empty, or one leaving out copy groups: `$9`).
macro_rules! pg_search_sql {
    ($leave_out:literal) => {
        concat!(
            "WITH idf AS (
                 SELECT * FROM unnest($4::text[], $5::float8[]) AS i(t, idf)
             ), m AS (
                 SELECT seq, doc FROM search WHERE doc @@ to_tsquery('simple', $1) ",
            $leave_out,
            "
                 ORDER BY ts_rank($6::real[], doc, to_tsquery('simple', $1)) DESC, seq
                 LIMIT $7
             ), tf AS (
                 SELECT m.seq, l.len, u.lexeme AS t,
                     (SELECT sum(CASE WHEN w = 'A' THEN $3::float8 ELSE 1 END) FROM unnest(u.weights) w)::float8 AS tf
                 FROM m LEFT JOIN search_len l ON l.seq = m.seq, unnest(m.doc) u
                 WHERE u.lexeme = ANY($4::text[])
             )
             SELECT tf.seq, sum(idf.idf * tf.tf * 2.2
                 / (tf.tf + 1.2 * (0.25 + 0.75 * coalesce(tf.len, $8::float8) / $8::float8))) AS score
             FROM tf JOIN idf USING (t)
             GROUP BY tf.seq ORDER BY score DESC, tf.seq LIMIT $2"
        )
    };
}
const SEARCH_SQL: &str = pg_search_sql!("");
const SEARCH_LEAVING_OUT_SQL: &str = pg_search_sql!(
    "AND seq <> ALL($9::bigint[])
     AND NOT EXISTS (SELECT 1 FROM copy_groups g
                     WHERE g.seq = search.seq AND g.grp = ANY($9::bigint[]))"
);

impl PgStore {
    /// Full-text search (see [`ArticleStore::search`]) leaving out the
    /// articles of `groups` (see [`ArticleStore::search_excluding`]); none
    /// for a plain search.
    fn search_leaving_out(
        &self,
        query: &str,
        n_hits: usize,
        groups: &[i64],
    ) -> Result<Vec<(i64, f64)>> {
        let q = ts_query(query);
        if q.is_empty() {
            return Ok(Vec::new());
        }
        // Okapi BM25 (k1 = 1.2, b = 0.75, as FTS5's `bm25()`), computed
        // from the index: each query word's document frequency (one GIN
        // look-up a word, asked with the word as a constant so the index
        // serves it: inside one statement the planner scanned the table),
        // the totals of `search_stats`, and, for each of the best RERANK
        // matches by `ts_rank` (PostgreSQL's own ranking, in C), the word's
        // count in it (a title word counting TITLE_WEIGHT) and its length
        // (the average for a document indexed before lengths were kept).
        // Reading every match's vector in SQL took minutes for common
        // words at 1.2M documents.
        let terms: Vec<String> = self
            .query(
                "SELECT DISTINCT lexeme FROM unnest(to_tsvector('simple', $1))",
                &[&query],
            )?
            .iter()
            .map(|r| r.get(0))
            .collect();
        let (docs, words): (i64, f64) = self
            .query_opt("SELECT docs, words FROM search_stats WHERE id = 0", &[])?
            .map(|r| (r.get(0), r.get(1)))
            .unwrap_or((0, 0.0));
        let n = docs.max(1) as f64;
        let avgdl = words.max(1.0) / n;
        let mut idf = Vec::with_capacity(terms.len());
        for t in &terms {
            let df: i64 = self
                .query_opt(
                    "SELECT count(*) FROM search WHERE doc @@ to_tsquery('simple', quote_literal($1))",
                    &[t],
                )?
                .map(|r| r.get(0))
                .unwrap_or(0);
            let df = df as f64;
            idf.push((1.0 + (n - df + 0.5) / (df + 0.5)).ln());
        }
        // ts_rank's weights are {D, C, B, A}, each at most 1: a title word
        // (A) counts TITLE_WEIGHT body words (D).
        let body = (1.0 / TITLE_WEIGHT) as f32;
        let weights = vec![body, body, body, 1.0];
        // Groups to leave out add a condition on each match; a plain
        // search is asked without it.
        let sql = match groups.is_empty() {
            true => SEARCH_SQL,
            false => SEARCH_LEAVING_OUT_SQL,
        };
        let (hits, rerank) = (sql_count(n_hits), sql_count(RERANK.max(n_hits)));
        let mut params: Vec<&(dyn ToSql + Sync)> = vec![
            &q,
            &hits,
            &TITLE_WEIGHT,
            &terms,
            &idf,
            &weights,
            &rerank,
            &avgdl,
        ];
        if !groups.is_empty() {
            params.push(&groups);
        }
        Ok(self
            .query(sql, &params)?
            .iter()
            .map(|r| (r.get(0), r.get(1)))
            .collect())
    }

    /// [`ArticleStore::put_facts`] for one part: packed with the
    /// dictionary there is when it begins.
    fn put_facts_part(&self, facts: &[(ArticleId, String)]) -> Result<()> {
        if facts.is_empty() {
            return Ok(());
        }
        let ids: Vec<&str> = facts.iter().map(|(id, _)| id.as_str()).collect();
        let dict = current_dict(self, DictKind::Findings)?;
        let data: Vec<Vec<u8>> = facts
            .iter()
            .map(|(_, j)| pack_with(dict.as_deref(), j.as_bytes()))
            .collect();
        // One statement; an id given twice keeps its last findings.
        let mut seen = HashMap::new();
        for (i, id) in ids.iter().enumerate() {
            seen.insert(*id, i);
        }
        let mut keep: Vec<usize> = seen.into_values().collect();
        keep.sort_unstable();
        let ids: Vec<&str> = keep.iter().map(|&i| ids[i]).collect();
        let data: Vec<&[u8]> = keep.iter().map(|&i| data[i].as_slice()).collect();
        self.execute(
            "INSERT INTO facts (article, data) SELECT * FROM unnest($1::text[], $2::bytea[])
             ON CONFLICT (article) DO UPDATE SET data = EXCLUDED.data",
            &[&ids, &data],
        )
        .map(|_| ())
    }

    /// Connects to the database at `url` (`postgres://user@host:port/db`;
    /// `?options=-csearch_path%3DNAME` chooses a schema) and brings its
    /// schema up to date, under a lock, so that two processes opening a
    /// new database at once create its tables once.
    pub fn open(url: &str) -> Result<Self> {
        let store = Self::connect(url, false)?;
        store.migrate()?;
        Ok(store)
    }

    /// Connects for reading only: every transaction of the connection is
    /// read-only (the server refuses a write), and the stages show what
    /// they last held. The schema must be this build's: an older one needs
    /// one writable open to be brought up to date.
    pub fn open_read_only(url: &str) -> Result<Self> {
        let store = Self::connect(url, true)?;
        store.batch("SET default_transaction_read_only = on")?;
        let found = store.schema_version()?;
        if found > PG_SCHEMA_VERSION {
            return Err(Error::TooNew {
                path: store.url.clone(),
                found,
                known: PG_SCHEMA_VERSION,
            });
        }
        // Schema 2 lacks only the articles' cards, which are then decoded
        // from the articles.
        if found < 2 {
            return Err(Error::ReadOnlyOld {
                path: store.url.clone(),
                found,
                known: 2,
            });
        }
        store.cards.set(found >= 3);
        Ok(store)
    }

    fn connect(url: &str, read_only: bool) -> Result<Self> {
        let shown_url = redact(url);
        let client = Client::connect(url, NoTls).map_err(|cause| Error::Postgres {
            url: shown_url.clone(),
            cause,
        })?;
        let store = PgStore {
            client: RefCell::new(client),
            url: shown_url,
            statements: Default::default(),
            tables: Default::default(),
            absent: Default::default(),
            writing: Cell::new(false),
            read_only,
            cards: Cell::new(true),
            dicts: Dicts::default(),
        };
        // Plans made for the values given: the filters are written
        // `($1 IS NULL OR column >= $1)`, and a generic plan (which
        // PostgreSQL may switch a prepared statement to after five runs,
        // when it judges it no dearer) cannot use an index for them; a
        // long-lived connection (`serve`) must never drift into scanning a
        // table for a page. Planning each run costs a fraction of a ms.
        store.batch("SET plan_cache_mode = force_custom_plan")?;
        Ok(store)
    }

    /// A store in a new, empty schema `schema` of the database at `base`
    /// (dropped first if it exists): for a benchmark or an evaluation that
    /// must not touch what the database holds. Returns the store and the
    /// URL that opens it again.
    pub fn open_new_schema(base: &str, schema: &str) -> Result<(Self, String)> {
        let failed = |cause| Error::Postgres {
            url: redact(base),
            cause,
        };
        let mut admin = Client::connect(base, NoTls).map_err(failed)?;
        admin
            .batch_execute(&format!(
                "DROP SCHEMA IF EXISTS \"{schema}\" CASCADE; CREATE SCHEMA \"{schema}\""
            ))
            .map_err(failed)?;
        let sep = if base.contains('?') { '&' } else { '?' };
        let url = format!("{base}{sep}options=-csearch_path%3D{schema}");
        Ok((PgStore::open(&url)?, url))
    }

    /// Drops schema `schema` of the database at `base`, with everything in
    /// it.
    pub fn drop_schema(base: &str, schema: &str) -> Result<()> {
        let failed = |cause| Error::Postgres {
            url: redact(base),
            cause,
        };
        Client::connect(base, NoTls)
            .and_then(|mut c| {
                c.batch_execute(&format!("DROP SCHEMA IF EXISTS \"{schema}\" CASCADE"))
            })
            .map_err(failed)
    }

    fn err(&self, cause: postgres::Error) -> Error {
        Error::Postgres {
            url: self.url.clone(),
            cause,
        }
    }

    /// The schema version of the database (0: none yet).
    pub fn schema_version(&self) -> Result<i64> {
        let exists: bool = self
            .client
            .borrow_mut()
            .query_one("SELECT to_regclass('parallax_schema') IS NOT NULL", &[])
            .map_err(|e| self.err(e))?
            .get(0);
        if !exists {
            return Ok(0);
        }
        self.client
            .borrow_mut()
            .query_one("SELECT version FROM parallax_schema", &[])
            .map(|r| r.get(0))
            .map_err(|e| self.err(e))
    }

    fn migrate(&self) -> Result<()> {
        let found = self.schema_version()?;
        if found > PG_SCHEMA_VERSION {
            return Err(Error::TooNew {
                path: self.url.clone(),
                found,
                known: PG_SCHEMA_VERSION,
            });
        }
        if found == PG_SCHEMA_VERSION {
            return Ok(());
        }
        let mut client = self.client.borrow_mut();
        let mut run = || -> std::result::Result<(), postgres::Error> {
            let mut tx = client.transaction()?;
            tx.execute(
                "SELECT pg_advisory_xact_lock(hashtext(current_schema()), $1)",
                &[&LOCK_SCHEMA],
            )?;
            tx.batch_execute(
                "CREATE TABLE IF NOT EXISTS parallax_schema (version bigint NOT NULL)",
            )?;
            let found: Option<i64> = tx
                .query_opt("SELECT version FROM parallax_schema", &[])?
                .map(|r| r.get(0));
            if found.is_none() {
                tx.execute("INSERT INTO parallax_schema (version) VALUES (0)", &[])?;
            }
            for (i, sql) in MIGRATIONS
                .iter()
                .enumerate()
                .skip(found.unwrap_or(0).max(0) as usize)
            {
                tx.batch_execute(sql)?;
                tx.execute(
                    "UPDATE parallax_schema SET version = $1",
                    &[&((i + 1) as i64)],
                )?;
            }
            tx.commit()
        };
        run().map_err(|cause| Error::Postgres {
            url: self.url.clone(),
            cause,
        })
    }

    /// A prepared statement for `sql`, prepared once per connection.
    fn statement(&self, sql: &'static str) -> Result<Statement> {
        if let Some(st) = self.statements.borrow().get(sql) {
            return Ok(st.clone());
        }
        let st = self
            .client
            .borrow_mut()
            .prepare(sql)
            .map_err(|e| self.err(e))?;
        self.statements.borrow_mut().insert(sql, st.clone());
        Ok(st)
    }

    fn query(&self, sql: &'static str, params: Params<'_>) -> Result<Vec<postgres::Row>> {
        let st = self.statement(sql)?;
        self.client
            .borrow_mut()
            .query(&st, params)
            .map_err(|e| self.err(e))
    }

    fn query_opt(&self, sql: &'static str, params: Params<'_>) -> Result<Option<postgres::Row>> {
        let st = self.statement(sql)?;
        self.client
            .borrow_mut()
            .query_opt(&st, params)
            .map_err(|e| self.err(e))
    }

    fn execute(&self, sql: &'static str, params: Params<'_>) -> Result<u64> {
        let st = self.statement(sql)?;
        self.client
            .borrow_mut()
            .execute(&st, params)
            .map_err(|e| self.err(e))
    }

    fn batch(&self, sql: &str) -> Result<()> {
        self.client
            .borrow_mut()
            .batch_execute(sql)
            .map_err(|e| self.err(e))
    }

    /// Takes an advisory lock for the open transaction, saying once that it
    /// waits when another worker holds it for more than a second, and
    /// giving up after [`LOCK_WAIT`].
    fn lock(&self, class: i32) -> Result<()> {
        let start = Instant::now();
        let mut said = false;
        loop {
            let got: bool = self
                .query_opt(
                    "SELECT pg_try_advisory_xact_lock(hashtext(current_schema()), $1)",
                    &[&class],
                )?
                .map(|r| r.get(0))
                .unwrap_or(false);
            if got {
                return Ok(());
            }
            let waited = start.elapsed();
            if waited > LOCK_WAIT {
                return Err(Error::Locked {
                    path: self.url.clone(),
                    waited,
                });
            }
            if !said && waited > Duration::from_secs(1) {
                tracing::warn!(
                    "another worker is writing to the store; waiting for its write lock"
                );
                said = true;
            }
            std::thread::sleep(Duration::from_millis(
                (1 + waited.as_millis() as u64 / 10).min(100),
            ));
        }
    }

    /// The number of a stage table in `stage_rows`; with `create`, one is
    /// given out if it has none (inside the caller's write transaction).
    fn table_number(&self, name: &str, create: bool) -> Result<Option<i64>> {
        if let Some(&n) = self.tables.borrow().get(name) {
            return Ok(Some(n));
        }
        if !create && self.absent.borrow().contains(name) {
            return Ok(None);
        }
        let mut n: Option<i64> = self
            .query_opt("SELECT id FROM stage_tables WHERE name = $1", &[&name])?
            .map(|r| r.get(0));
        if n.is_none() && create {
            n = Some(
                self.query_opt(
                    "INSERT INTO stage_tables (name) VALUES ($1) RETURNING id",
                    &[&name],
                )?
                .map(|r| r.get(0))
                .unwrap_or_default(),
            );
        }
        match n {
            Some(n) => {
                self.tables.borrow_mut().insert(name.to_string(), n);
                self.absent.borrow_mut().remove(name);
            }
            None if self.writing.get() => {
                self.absent.borrow_mut().insert(name.to_string());
            }
            None => {}
        }
        Ok(n)
    }

    /// Articles by the rows of an [`ARTICLE_SELECT`] query.
    fn articles_of(&self, rows: Vec<postgres::Row>) -> Result<Vec<(i64, Article)>> {
        rows.into_iter()
            .map(|r| {
                let row = ArticleRow {
                    seq: r.get(0),
                    id: r.get(1),
                    body: r.get(2),
                    doc: Vec::new(),
                    map: r.get(3),
                    packed: r.get(4),
                    raw: Some((r.get(5), r.get(6))),
                };
                Ok((row.seq, row_to_article(&self.url, row, self)?))
            })
            .collect()
    }
}

/// The columns [`PgStore::articles_of`] decodes (every article row is
/// packed against its raw row).
macro_rules! article_select {
    ($($rest:literal),*) => {
        concat!(
            "SELECT a.seq, a.id, a.body, a.body_map, a.packed, r.bytes, r.packed \
             FROM articles a JOIN raw r ON r.seq = a.seq ",
            $($rest),*
        )
    };
}

fn event_row(r: &postgres::Row) -> EventRow {
    EventRow {
        id: r.get::<_, i64>(0) as u32,
        storyline: r.get::<_, i64>(1) as u32,
        articles: r.get::<_, i64>(2) as usize,
        start: r.get(3),
        end: r.get(4),
        label: r.get(5),
        summarized: r.get(6),
    }
}

/// A query as a tsquery: its words (letters and digits), joined by OR, so
/// any text is a valid query.
fn ts_query(q: &str) -> String {
    q.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| w.to_lowercase())
        .collect::<Vec<_>>()
        .join(" | ")
}

impl DictTable for PgStore {
    fn dicts(&self) -> &Dicts {
        &self.dicts
    }

    fn read_dict(&self, id: u32) -> Result<Option<Vec<u8>>> {
        Ok(self
            .query_opt(
                "SELECT dict FROM pack_dicts WHERE id = $1",
                &[&i64::from(id)],
            )?
            .map(|r| r.get(0)))
    }

    fn latest_dict(&self, kind: DictKind) -> Result<Option<u32>> {
        Ok(self
            .query_opt(
                "SELECT id FROM pack_dicts WHERE kind = $1 ORDER BY n DESC LIMIT 1",
                &[&(kind as i64)],
            )?
            .map(|r| r.get::<_, i64>(0) as u32))
    }

    fn dict_rows(&self, kind: DictKind, up_to: usize) -> Result<usize> {
        let up_to = up_to as i64;
        let r = match kind {
            DictKind::Raw => self.query_opt(
                "SELECT count(*) FROM (SELECT 1 FROM raw WHERE packed <> 0 LIMIT $1) s",
                &[&up_to],
            )?,
            DictKind::Findings => self.query_opt(
                "SELECT count(*) FROM (SELECT 1 FROM facts LIMIT $1) s",
                &[&up_to],
            )?,
        };
        Ok(r.map_or(0, |r| r.get::<_, i64>(0) as usize))
    }

    fn dict_samples(&self, kind: DictKind, n: usize) -> Result<Vec<Vec<u8>>> {
        let n = n as i64;
        let rows = match kind {
            DictKind::Raw => self.query(
                "SELECT bytes FROM raw WHERE packed <> 0 ORDER BY seq DESC LIMIT $1",
                &[&n],
            )?,
            // Findings are always packed here.
            DictKind::Findings => self.query("SELECT data FROM facts LIMIT $1", &[&n])?,
        };
        Ok(rows.iter().map(|r| r.get(0)).collect())
    }

    fn save_dict(&self, id: u32, kind: DictKind, dict: &[u8]) -> Result<()> {
        self.execute(
            "INSERT INTO pack_dicts (id, kind, dict) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING",
            &[&i64::from(id), &(kind as i64), &dict],
        )
        .map(|_| ())
    }

    fn writable(&self) -> bool {
        !self.read_only
    }

    fn name(&self) -> &str {
        &self.url
    }
}

impl RowSource for PgStore {
    fn row(&self, table: &str, key: &[u8]) -> std::result::Result<Option<Vec<u8>>, String> {
        let run = || -> Result<Option<Vec<u8>>> {
            let Some(tbl) = self.table_number(table, false)? else {
                return Ok(None);
            };
            Ok(self
                .query_opt(
                    "SELECT val FROM stage_rows WHERE tbl = $1 AND key = $2",
                    &[&tbl, &key],
                )?
                .map(|r| r.get(0)))
        };
        run().map_err(|e| e.to_string())
    }

    /// One round trip for all the keys (a stage prefetching an article's
    /// fingerprints or terms).
    fn rows(
        &self,
        table: &str,
        keys: &[Vec<u8>],
    ) -> std::result::Result<Vec<Option<Vec<u8>>>, String> {
        let run = || -> Result<Vec<Option<Vec<u8>>>> {
            let Some(tbl) = self.table_number(table, false)? else {
                return Ok(keys.iter().map(|_| None).collect());
            };
            let mut found: HashMap<Vec<u8>, Vec<u8>> = self
                .query(
                    "SELECT key, val FROM stage_rows WHERE tbl = $1 AND key = ANY($2)",
                    &[&tbl, &keys],
                )?
                .into_iter()
                .map(|r| (r.get(0), r.get(1)))
                .collect();
            Ok(keys.iter().map(|k| found.remove(k)).collect())
        };
        run().map_err(|e| e.to_string())
    }
}

impl ArticleStore for PgStore {
    fn contains(&self, id: &ArticleId) -> Result<bool> {
        Ok(self
            .query_opt("SELECT 1 FROM raw WHERE id = $1", &[&id.as_str()])?
            .is_some())
    }

    fn put_batch(
        &mut self,
        items: &[(RawArticle, Article)],
        extractor_version: u32,
    ) -> Result<Vec<PutOutcome>> {
        // Packed before the lock: the costly part runs in parallel on every
        // worker.
        let dict = current_dict(&*self, DictKind::Raw)?;
        let packed = pack_items(&self.url, items, dict.as_deref())
            .into_iter()
            .collect::<Result<Vec<_>>>()?;
        self.batch("BEGIN")?;
        let run = || -> Result<Vec<PutOutcome>> {
            self.lock(LOCK_ARTICLES)?;
            let mut next: i64 = self
                .query_opt("SELECT coalesce(max(seq), 0) FROM raw", &[])?
                .map(|r| r.get(0))
                .unwrap_or(0);
            let at = crate::now();
            let mut outcomes = Vec::with_capacity(items.len());
            for ((raw, article), item) in items.iter().zip(&packed) {
                if let Some(r) =
                    self.query_opt("SELECT source FROM raw WHERE id = $1", &[&raw.id.as_str()])?
                {
                    let first_source: String = r.get(0);
                    if first_source != raw.source {
                        self.execute(
                            "INSERT INTO sightings (id, source, seen_at) VALUES ($1, $2, $3)
                             ON CONFLICT DO NOTHING",
                            &[&raw.id.as_str(), &raw.source, &at],
                        )?;
                    }
                    outcomes.push(PutOutcome::Duplicate { first_source });
                    continue;
                }
                next += 1;
                self.execute(
                    "INSERT INTO raw (seq, id, source, format, encoding, bytes, packed, given, ingested_at)
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
                    &[
                        &next,
                        &raw.id.as_str(),
                        &raw.source,
                        &raw.format.as_str(),
                        &raw.encoding,
                        &item.bytes,
                        &item.bytes_packed,
                        &item.given,
                        &at,
                    ],
                )?;
                self.execute(
                    "INSERT INTO articles (seq, id, extractor_version, title, outlet, published,
                         published_source, language, body, body_map, packed, card)
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
                    &[
                        &next,
                        &article.id.as_str(),
                        &i64::from(extractor_version),
                        &article.title,
                        &article.outlet,
                        &item.published,
                        &item.published_source,
                        &article.language,
                        &item.body,
                        &item.body_map,
                        &PACKED_AGAINST_RAW,
                        &item.card,
                    ],
                )?;
                outcomes.push(PutOutcome::Stored { seq: next });
            }
            Ok(outcomes)
        };
        match run() {
            Ok(outcomes) => {
                self.batch("COMMIT")?;
                Ok(outcomes)
            }
            Err(e) => {
                let _ = self.batch("ROLLBACK");
                Err(e)
            }
        }
    }

    fn note_sighting(&mut self, id: &ArticleId, source: &str) -> Result<String> {
        let first: String = self
            .query_opt("SELECT source FROM raw WHERE id = $1", &[&id.as_str()])?
            .map(|r| r.get(0))
            .ok_or_else(|| Error::NotFound(id.to_string()))?;
        if first != source {
            self.execute(
                "INSERT INTO sightings (id, source, seen_at) VALUES ($1, $2, $3)
                 ON CONFLICT DO NOTHING",
                &[&id.as_str(), &source, &crate::now()],
            )?;
        }
        Ok(first)
    }

    fn count(&self) -> Result<usize> {
        Ok(self
            .query_opt("SELECT count(*) FROM articles", &[])?
            .map(|r| r.get::<_, i64>(0) as usize)
            .unwrap_or(0))
    }

    fn articles(&self) -> Result<Vec<Article>> {
        let rows = self.query(article_select!("ORDER BY a.seq"), &[])?;
        Ok(self
            .articles_of(rows)?
            .into_iter()
            .map(|(_, a)| a)
            .collect())
    }

    fn article(&self, id_or_prefix: &str) -> Result<Article> {
        let prefix = id_prefix(id_or_prefix)?;
        let ids: Vec<String> = self
            .query(
                "SELECT id FROM articles WHERE id >= $1 AND id < $1 || 'g' ORDER BY id LIMIT $2",
                &[&prefix, &(ID_SHOWN as i64 + 1)],
            )?
            .iter()
            .map(|r| r.get(0))
            .collect();
        let id = the_one_id(id_or_prefix, prefix, ids)?;
        let rows = self.query(article_select!("WHERE a.id = $1"), &[&id])?;
        self.articles_of(rows)?
            .pop()
            .map(|(_, a)| a)
            .ok_or_else(|| Error::NotFound(id_or_prefix.to_string()))
    }

    fn raw_bytes(&self, id: &ArticleId) -> Result<Vec<u8>> {
        let r = self
            .query_opt(
                "SELECT bytes, packed FROM raw WHERE id = $1",
                &[&id.as_str()],
            )?
            .ok_or_else(|| Error::NotFound(id.to_string()))?;
        original_bytes(&self.url, id, r.get(0), r.get(1), self)
    }

    fn copy_links(&self) -> Result<Vec<CopyLink>> {
        self.query(
            "SELECT article, other, kind, similarity FROM copy_links ORDER BY n",
            &[],
        )?
        .into_iter()
        .map(|r| copy_link(&self.url, r.get(0), r.get(1), r.get(2), r.get(3)))
        .collect()
    }

    fn facts(&self) -> Result<Vec<(ArticleId, String)>> {
        self.query("SELECT article, data FROM facts ORDER BY article", &[])?
            .into_iter()
            .map(|r| {
                let id: String = r.get(0);
                let data = unpack_column(&self.url, &id, "findings", r.get(1), true, self)?;
                Ok((ArticleId(id), data))
            })
            .collect()
    }

    fn articles_page(&self, q: &ArticleQuery) -> Result<(Vec<Article>, usize)> {
        let event = q.event.map(i64::from);
        let total: i64 = self
            .query_opt(
                "SELECT count(*) FROM articles a WHERE
                     ($1::text IS NULL OR a.published >= $1) AND ($2::text IS NULL OR a.published < $2)
                     AND ($3::text IS NULL OR a.outlet = $3) AND ($4::text IS NULL OR a.language = $4)
                     AND ($5::bigint IS NULL OR a.seq IN (SELECT seq FROM event_articles WHERE event = $5))
                     AND ($6::bigint IS NULL OR a.seq > $6)",
                &[&q.since, &q.until, &q.outlet, &q.language, &event, &q.after],
            )?
            .map(|r| r.get(0))
            .unwrap_or(0);
        let rows = self.query(
            article_select!(
                "WHERE ($1::text IS NULL OR a.published >= $1) AND ($2::text IS NULL OR a.published < $2)
                     AND ($3::text IS NULL OR a.outlet = $3) AND ($4::text IS NULL OR a.language = $4)
                     AND ($5::bigint IS NULL OR a.seq IN (SELECT seq FROM event_articles WHERE event = $5))
                     AND ($8::bigint IS NULL OR a.seq > $8)
                 ORDER BY a.seq LIMIT $6 OFFSET $7"
            ),
            &[
                &q.since,
                &q.until,
                &q.outlet,
                &q.language,
                &event,
                &sql_count(q.limit),
                &sql_count(q.offset),
                &q.after,
            ],
        )?;
        Ok((
            self.articles_of(rows)?
                .into_iter()
                .map(|(_, a)| a)
                .collect(),
            total as usize,
        ))
    }

    fn last_seq(&self) -> Result<i64> {
        Ok(self
            .query_opt("SELECT coalesce(max(seq), 0) FROM articles", &[])?
            .map(|r| r.get(0))
            .unwrap_or(0))
    }

    fn articles_since(&self, after: i64, n: usize) -> Result<Vec<(i64, Article)>> {
        let rows = self.query(
            article_select!("WHERE a.seq > $1 ORDER BY a.seq LIMIT $2"),
            &[&after, &sql_count(n)],
        )?;
        self.articles_of(rows)
    }

    fn read_only(&self) -> bool {
        self.read_only
    }

    fn begin_write(&self) -> Result<()> {
        self.batch("BEGIN")?;
        self.writing.set(true);
        if let Err(e) = self.lock(LOCK_STAGES) {
            self.rollback();
            return Err(e);
        }
        Ok(())
    }

    fn commit(&self) -> Result<()> {
        self.writing.set(false);
        self.absent.borrow_mut().clear();
        self.batch("COMMIT")
    }

    fn rollback(&self) {
        self.writing.set(false);
        self.absent.borrow_mut().clear();
        let _ = self.batch("ROLLBACK");
        self.tables.borrow_mut().clear();
    }

    fn cursor(&self, stage: &str) -> Result<Option<i64>> {
        Ok(self
            .query_opt(
                "SELECT processed FROM stage_state WHERE name = $1",
                &[&stage],
            )?
            .map(|r| r.get(0)))
    }

    fn set_cursor(&self, stage: &str, seq: i64) -> Result<()> {
        self.execute(
            "INSERT INTO stage_state (name, processed) VALUES ($1, $2)
             ON CONFLICT (name) DO UPDATE SET processed = EXCLUDED.processed",
            &[&stage, &seq],
        )
        .map(|_| ())
    }

    fn put_rows(&self, rows: &[Row]) -> Result<()> {
        // The last write of each key wins, as one statement per row would
        // leave it; then one statement for the deletes and one for the
        // rest, so a chunk's rows cost two round trips, not one each.
        let mut last: HashMap<(i64, &[u8]), Option<&[u8]>> = HashMap::with_capacity(rows.len());
        let mut order: Vec<(i64, &[u8])> = Vec::with_capacity(rows.len());
        for r in rows {
            let Some(tbl) = self.table_number(r.table, r.value.is_some())? else {
                continue;
            };
            let key = (tbl, r.key.as_slice());
            if last.insert(key, r.value.as_deref()).is_none() {
                order.push(key);
            }
        }
        let (mut put_t, mut put_k, mut put_v) = (Vec::new(), Vec::new(), Vec::new());
        let (mut del_t, mut del_k) = (Vec::new(), Vec::new());
        for key in order {
            match last[&key] {
                Some(v) => {
                    put_t.push(key.0);
                    put_k.push(key.1);
                    put_v.push(v);
                }
                None => {
                    del_t.push(key.0);
                    del_k.push(key.1);
                }
            }
        }
        if !del_t.is_empty() {
            self.execute(
                "DELETE FROM stage_rows s USING unnest($1::bigint[], $2::bytea[]) AS d(tbl, key)
                 WHERE s.tbl = d.tbl AND s.key = d.key",
                &[&del_t, &del_k],
            )?;
        }
        if !put_t.is_empty() {
            self.execute(
                "INSERT INTO stage_rows (tbl, key, val)
                 SELECT * FROM unnest($1::bigint[], $2::bytea[], $3::bytea[])
                 ON CONFLICT (tbl, key) DO UPDATE SET val = EXCLUDED.val",
                &[&put_t, &put_k, &put_v],
            )?;
        }
        Ok(())
    }

    fn put_copy_links(&self, links: &[CopyLink]) -> Result<()> {
        if links.is_empty() {
            return Ok(());
        }
        // Replaced, not updated: a link found again is ordered as found
        // last, as SQLite's INSERT OR REPLACE orders it. Within the batch
        // the last of a pair wins, in the order given.
        let mut last: HashMap<(&str, &str), usize> = HashMap::with_capacity(links.len());
        for (i, l) in links.iter().enumerate() {
            last.insert((l.article.as_str(), l.other.as_str()), i);
        }
        let mut keep: Vec<usize> = last.into_values().collect();
        keep.sort_unstable();
        let article: Vec<&str> = keep.iter().map(|&i| links[i].article.as_str()).collect();
        let other: Vec<&str> = keep.iter().map(|&i| links[i].other.as_str()).collect();
        let kind: Vec<&str> = keep.iter().map(|&i| links[i].kind.as_str()).collect();
        let sim: Vec<f64> = keep
            .iter()
            .map(|&i| f64::from(links[i].similarity))
            .collect();
        self.execute(
            "DELETE FROM copy_links c USING unnest($1::text[], $2::text[]) AS d(a, o)
             WHERE c.article = d.a AND c.other = d.o",
            &[&article, &other],
        )?;
        self.execute(
            "INSERT INTO copy_links (article, other, kind, similarity)
             SELECT a, o, k, s FROM unnest($1::text[], $2::text[], $3::text[], $4::float8[])
                 WITH ORDINALITY AS d(a, o, k, s, i)
             ORDER BY i",
            &[&article, &other, &kind, &sim],
        )
        .map(|_| ())
    }

    fn put_facts(&self, facts: &[(ArticleId, String)]) -> Result<()> {
        // In parts of the number a findings dictionary is trained at, so
        // that a catch-up chunk larger than that packs its later findings
        // with the dictionary its first ones made possible.
        facts
            .chunks(crate::dicts::TRAIN_AT)
            .try_for_each(|part| self.put_facts_part(part))
    }

    fn place_articles(&self, placed: &[Placed]) -> Result<()> {
        if placed.is_empty() {
            return Ok(());
        }
        // Each article's event (the last placement of an article wins, as
        // one statement per placement would leave it)...
        let mut last: HashMap<i64, i64> = HashMap::with_capacity(placed.len());
        for p in placed {
            last.insert(p.seq, i64::from(p.event));
        }
        let (seqs, events): (Vec<i64>, Vec<i64>) = last.into_iter().unzip();
        self.execute(
            "INSERT INTO event_articles (seq, event) SELECT * FROM unnest($1::bigint[], $2::bigint[])
             ON CONFLICT (seq) DO UPDATE SET event = EXCLUDED.event",
            &[&seqs, &events],
        )?;
        // ...and each event's growth, summed per event first: a new event
        // takes the storyline of its first placement, its dates span the
        // dated ones, its label is the title of the least label key.
        struct Growth<'a> {
            id: i64,
            storyline: i64,
            articles: i64,
            start: Option<&'a str>,
            end: Option<&'a str>,
            label: Option<&'a str>,
            label_key: String,
        }
        let mut grow: Vec<Growth<'_>> = Vec::new();
        let mut at: HashMap<u32, usize> = HashMap::new();
        // Each (event, outlet)'s first article, as a time key.
        let mut outlets: HashMap<(i64, &str), String> = HashMap::new();
        for p in placed {
            let date = p.published.as_deref();
            let key = crate::label_key(p.own_title, date, p.seq);
            if let Some(o) = p.outlet.as_deref() {
                let first = crate::time_key(date, p.seq);
                let slot = outlets
                    .entry((i64::from(p.event), o))
                    .or_insert(first.clone());
                if first < *slot {
                    *slot = first;
                }
            }
            match at.get(&p.event) {
                Some(&i) => {
                    let g = &mut grow[i];
                    g.articles += 1;
                    if let Some(d) = date {
                        g.start = Some(g.start.map_or(d, |s| s.min(d)));
                        g.end = Some(g.end.map_or(d, |e| e.max(d)));
                    }
                    if key < g.label_key {
                        g.label = p.title.as_deref();
                        g.label_key = key;
                    }
                }
                None => {
                    at.insert(p.event, grow.len());
                    grow.push(Growth {
                        id: i64::from(p.event),
                        storyline: i64::from(p.storyline),
                        articles: 1,
                        start: date,
                        end: date,
                        label: p.title.as_deref(),
                        label_key: key,
                    });
                }
            }
        }
        let ids: Vec<i64> = grow.iter().map(|g| g.id).collect();
        let lines: Vec<i64> = grow.iter().map(|g| g.storyline).collect();
        let counts: Vec<i64> = grow.iter().map(|g| g.articles).collect();
        let starts: Vec<Option<&str>> = grow.iter().map(|g| g.start).collect();
        let ends: Vec<Option<&str>> = grow.iter().map(|g| g.end).collect();
        let labels: Vec<Option<&str>> = grow.iter().map(|g| g.label).collect();
        let keys: Vec<&str> = grow.iter().map(|g| g.label_key.as_str()).collect();
        // A row without a key (an event not yet summarized) keeps none
        // until it is filled in.
        self.execute(
            "INSERT INTO events AS e (id, storyline, articles, start, \"end\", label, label_key)
             SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::bigint[], $4::text[], $5::text[],
                                  $6::text[], $7::text[])
             ON CONFLICT (id) DO UPDATE SET
                 articles = e.articles + EXCLUDED.articles,
                 start = CASE WHEN EXCLUDED.start IS NOT NULL AND (e.start IS NULL OR EXCLUDED.start < e.start)
                     THEN EXCLUDED.start ELSE e.start END,
                 \"end\" = CASE WHEN EXCLUDED.\"end\" IS NOT NULL AND (e.\"end\" IS NULL OR EXCLUDED.\"end\" > e.\"end\")
                     THEN EXCLUDED.\"end\" ELSE e.\"end\" END,
                 label = CASE WHEN EXCLUDED.label_key < e.label_key THEN EXCLUDED.label ELSE e.label END,
                 label_key = CASE WHEN EXCLUDED.label_key < e.label_key
                     THEN EXCLUDED.label_key ELSE e.label_key END",
            &[&ids, &lines, &counts, &starts, &ends, &labels, &keys],
        )?;
        if outlets.is_empty() {
            return Ok(());
        }
        let (mut events, mut names, mut firsts) = (Vec::new(), Vec::new(), Vec::new());
        for ((event, outlet), first) in &outlets {
            events.push(*event);
            names.push(*outlet);
            firsts.push(first.as_str());
        }
        self.execute(
            "INSERT INTO event_outlets AS o (event, outlet, first)
             SELECT * FROM unnest($1::bigint[], $2::text[], $3::text[])
             ON CONFLICT (event, outlet) DO UPDATE SET first = LEAST(o.first, EXCLUDED.first)",
            &[&events, &names, &firsts],
        )
        .map(|_| ())
    }

    fn merge_events(&self, into: u32, from: u32) -> Result<()> {
        if into == from {
            return Ok(());
        }
        let (into, from) = (i64::from(into), i64::from(from));
        self.execute(
            "UPDATE event_articles SET event = $1 WHERE event = $2",
            &[&into, &from],
        )?;
        self.execute(
            "UPDATE event_merges SET event = $1 WHERE event = $2",
            &[&into, &from],
        )?;
        self.execute("DELETE FROM event_merges WHERE merged = $1", &[&from])?;
        self.execute(
            "INSERT INTO event_merges (event, merged) VALUES ($1, $2)",
            &[&into, &from],
        )?;
        self.execute(
            "INSERT INTO event_outlets AS o (event, outlet, first)
             SELECT $1, outlet, first FROM event_outlets WHERE event = $2
             ON CONFLICT (event, outlet) DO UPDATE SET first = LEAST(o.first, EXCLUDED.first)",
            &[&into, &from],
        )?;
        self.execute("DELETE FROM event_outlets WHERE event = $1", &[&from])?;
        let gone = self.query_opt(
            "DELETE FROM events WHERE id = $1 RETURNING articles, start, \"end\", label, label_key",
            &[&from],
        )?;
        // Either side without a summary leaves the merged event without
        // one, to be filled in.
        if let Some(r) = gone {
            let (n, start, end): (i64, Option<String>, Option<String>) =
                (r.get(0), r.get(1), r.get(2));
            let (label, key): (Option<String>, Option<String>) = (r.get(3), r.get(4));
            self.execute(
                "UPDATE events SET articles = articles + $2,
                     start = CASE WHEN $3::text IS NOT NULL AND (start IS NULL OR $3 < start) THEN $3 ELSE start END,
                     \"end\" = CASE WHEN $4::text IS NOT NULL AND (\"end\" IS NULL OR $4 > \"end\") THEN $4 ELSE \"end\" END,
                     label = CASE WHEN $6::text COLLATE \"C\" < label_key THEN $5 ELSE label END,
                     label_key = CASE WHEN $6::text IS NULL THEN NULL
                         WHEN $6::text COLLATE \"C\" < label_key THEN $6 ELSE label_key END
                 WHERE id = $1",
                &[&into, &n, &start, &end, &label, &key],
            )?;
        }
        Ok(())
    }

    fn events_page(&self, q: &EventQuery) -> Result<(Vec<EventRow>, usize)> {
        let min = q.min_articles as i64;
        let total: i64 = self
            .query_opt(
                "SELECT count(*) FROM events WHERE articles >= $1
                     AND ($2::text IS NULL OR start >= $2) AND ($3::text IS NULL OR start < $3)",
                &[&min, &q.since, &q.until],
            )?
            .map(|r| r.get(0))
            .unwrap_or(0);
        let args: Params<'_> = &[
            &min,
            &q.since,
            &q.until,
            &sql_count(q.limit),
            &sql_count(q.offset),
        ];
        let rows = match q.order {
            EventOrder::Time => self.query(
                "SELECT id, storyline, articles, start, \"end\", label, label_key IS NOT NULL FROM events WHERE articles >= $1
                     AND ($2::text IS NULL OR start >= $2) AND ($3::text IS NULL OR start < $3)
                 ORDER BY start IS NULL, start, id LIMIT $4 OFFSET $5",
                args,
            )?,
            EventOrder::Largest => self.query(
                "SELECT id, storyline, articles, start, \"end\", label, label_key IS NOT NULL FROM events WHERE articles >= $1
                     AND ($2::text IS NULL OR start >= $2) AND ($3::text IS NULL OR start < $3)
                 ORDER BY articles DESC, id LIMIT $4 OFFSET $5",
                args,
            )?,
            EventOrder::Smallest => self.query(
                "SELECT id, storyline, articles, start, \"end\", label, label_key IS NOT NULL FROM events WHERE articles >= $1
                     AND ($2::text IS NULL OR start >= $2) AND ($3::text IS NULL OR start < $3)
                 ORDER BY articles, id LIMIT $4 OFFSET $5",
                args,
            )?,
        };
        Ok((rows.iter().map(event_row).collect(), total as usize))
    }

    fn event_row(&self, id: u32) -> Result<Option<EventRow>> {
        Ok(self
            .query_opt(
                "SELECT id, storyline, articles, start, \"end\", label, label_key IS NOT NULL FROM events WHERE id = $1",
                &[&i64::from(id)],
            )?
            .as_ref()
            .map(event_row))
    }

    fn event_outlets(&self, id: u32) -> Result<Vec<String>> {
        Ok(self
            .query(
                "SELECT outlet FROM event_outlets WHERE event = $1 ORDER BY first, outlet",
                &[&i64::from(id)],
            )?
            .iter()
            .map(|r| r.get(0))
            .collect())
    }

    fn events_unsummarized(&self, limit: usize) -> Result<Vec<u32>> {
        Ok(self
            .query(
                "SELECT id FROM events WHERE label_key IS NULL ORDER BY id LIMIT $1",
                &[&sql_count(limit)],
            )?
            .iter()
            .map(|r| r.get::<_, i64>(0) as u32)
            .collect())
    }

    fn put_event_summary(&self, id: u32, summary: &EventSummaryRow) -> Result<()> {
        let id = i64::from(id);
        self.execute(
            "UPDATE events SET label = $2, label_key = $3 WHERE id = $1",
            &[&id, &summary.label, &summary.label_key],
        )?;
        self.execute("DELETE FROM event_outlets WHERE event = $1", &[&id])?;
        let names: Vec<&str> = summary.outlets.iter().map(|(o, _)| o.as_str()).collect();
        let firsts: Vec<&str> = summary.outlets.iter().map(|(_, f)| f.as_str()).collect();
        self.execute(
            "INSERT INTO event_outlets (event, outlet, first)
             SELECT $1, * FROM unnest($2::text[], $3::text[])",
            &[&id, &names, &firsts],
        )
        .map(|_| ())
    }

    fn event_merged(&self, id: u32) -> Result<Vec<u32>> {
        Ok(self
            .query(
                "SELECT merged FROM event_merges WHERE event = $1 ORDER BY n",
                &[&i64::from(id)],
            )?
            .iter()
            .map(|r| r.get::<_, i64>(0) as u32)
            .collect())
    }

    fn event_merged_into(&self, id: u32) -> Result<Option<u32>> {
        Ok(self
            .query(
                "SELECT event FROM event_merges WHERE merged = $1",
                &[&i64::from(id)],
            )?
            .first()
            .map(|r| r.get::<_, i64>(0) as u32))
    }

    fn storyline_events(&self, id: u32) -> Result<Vec<u32>> {
        Ok(self
            .query(
                "SELECT id FROM events WHERE storyline = $1 ORDER BY id",
                &[&i64::from(id)],
            )?
            .iter()
            .map(|r| r.get::<_, i64>(0) as u32)
            .collect())
    }

    fn storylines_page(&self, offset: usize, n: usize) -> Result<(Vec<u32>, usize)> {
        let total: i64 = self
            .query_opt("SELECT count(DISTINCT storyline) FROM events", &[])?
            .map(|r| r.get(0))
            .unwrap_or(0);
        let ids = self
            .query(
                "SELECT storyline FROM events GROUP BY storyline
                 ORDER BY min(start) IS NULL, min(start), storyline LIMIT $1 OFFSET $2",
                &[&sql_count(n), &sql_count(offset)],
            )?
            .iter()
            .map(|r| r.get::<_, i64>(0) as u32)
            .collect();
        Ok((ids, total as usize))
    }

    fn event_latest(&self, id: u32) -> Result<Option<i64>> {
        Ok(self
            .query_opt(
                "SELECT max(seq) FROM event_articles WHERE event = $1",
                &[&i64::from(id)],
            )?
            .and_then(|r| r.get(0)))
    }

    fn event_members(&self, id: u32) -> Result<Vec<i64>> {
        Ok(self
            .query(
                "SELECT seq FROM event_articles WHERE event = $1 ORDER BY seq",
                &[&i64::from(id)],
            )?
            .iter()
            .map(|r| r.get(0))
            .collect())
    }

    fn event_member_keys(&self, id: u32) -> Result<Vec<MemberKey>> {
        Ok(self
            .query(
                "SELECT a.seq, a.id, a.outlet, a.published FROM event_articles ea
                 JOIN articles a ON a.seq = ea.seq WHERE ea.event = $1 ORDER BY ea.seq",
                &[&i64::from(id)],
            )?
            .iter()
            .map(|r| (r.get(0), ArticleId(r.get(1)), r.get(2), r.get(3)))
            .collect())
    }

    fn articles_at(&self, seqs: &[i64]) -> Result<Vec<(i64, Article)>> {
        let rows = self.query(article_select!("WHERE a.seq = ANY($1)"), &[&seqs])?;
        let mut found: HashMap<i64, Article> = self.articles_of(rows)?.into_iter().collect();
        // In the order asked (a number asked twice comes back once, as the
        // rows were found).
        Ok(seqs
            .iter()
            .filter_map(|s| found.remove(s).map(|a| (*s, a)))
            .collect())
    }

    fn article_cards(&self, seqs: &[i64]) -> Result<Vec<(i64, ArticleCard)>> {
        if !self.cards.get() {
            // A row with no card: every article decoded.
            return cards_of(self, &self.url, seqs, |_| Ok(Some(Default::default())));
        }
        let mut found: HashMap<i64, CardRow> = self
            .query(
                "SELECT a.seq, a.id, a.title, a.outlet, r.source, a.card FROM articles a
                 JOIN raw r ON r.seq = a.seq WHERE a.seq = ANY($1)",
                &[&seqs],
            )?
            .iter()
            .map(|r| (r.get(0), (r.get(1), r.get(2), r.get(3), r.get(4), r.get(5))))
            .collect();
        cards_of(self, &self.url, seqs, |seq| Ok(found.remove(&seq)))
    }

    fn articles_by_id(&self, ids: &[ArticleId]) -> Result<Vec<(i64, Article)>> {
        let wanted: Vec<&str> = ids.iter().map(|i| i.as_str()).collect();
        let found: HashMap<String, i64> = self
            .query(
                "SELECT id, seq FROM articles WHERE id = ANY($1)",
                &[&wanted],
            )?
            .iter()
            .map(|r| (r.get(0), r.get(1)))
            .collect();
        let seqs: Vec<i64> = wanted
            .iter()
            .filter_map(|i| found.get(*i).copied())
            .collect();
        self.articles_at(&seqs)
    }

    fn facts_of(&self, ids: &[ArticleId]) -> Result<Vec<(ArticleId, String)>> {
        let wanted: Vec<&str> = ids.iter().map(|i| i.as_str()).collect();
        let mut found: HashMap<String, Vec<u8>> = self
            .query(
                "SELECT article, data FROM facts WHERE article = ANY($1)",
                &[&wanted],
            )?
            .iter()
            .map(|r| (r.get(0), r.get(1)))
            .collect();
        ids.iter()
            .filter_map(|id| found.remove(id.as_str()).map(|d| (id, d)))
            .map(|(id, d)| {
                Ok((
                    id.clone(),
                    unpack_column(&self.url, id.as_str(), "findings", d, true, self)?,
                ))
            })
            .collect()
    }

    fn copy_links_of(&self, ids: &[ArticleId]) -> Result<Vec<CopyLink>> {
        let wanted: Vec<&str> = ids.iter().map(|i| i.as_str()).collect();
        self.query(
            "SELECT article, other, kind, similarity FROM copy_links
             WHERE article = ANY($1) OR other = ANY($1) ORDER BY n",
            &[&wanted],
        )?
        .into_iter()
        .map(|r| copy_link(&self.url, r.get(0), r.get(1), r.get(2), r.get(3)))
        .collect()
    }

    fn join_copies(&self, a: i64, b: i64) -> Result<()> {
        let group = |s: i64| -> Result<i64> {
            Ok(self
                .query_opt("SELECT grp FROM copy_groups WHERE seq = $1", &[&s])?
                .map(|r| r.get(0))
                .unwrap_or(s))
        };
        let (ga, gb) = (group(a)?, group(b)?);
        for (s, g) in [(a, ga), (b, gb)] {
            self.execute(
                "INSERT INTO copy_groups (seq, grp) VALUES ($1, $2) ON CONFLICT DO NOTHING",
                &[&s, &g],
            )?;
        }
        if ga != gb {
            let (keep, gone) = (ga.min(gb), ga.max(gb));
            self.execute(
                "UPDATE copy_groups SET grp = $1 WHERE grp = $2",
                &[&keep, &gone],
            )?;
        }
        Ok(())
    }

    /// The pairs joined in memory, as the statements one pair at a time
    /// would join them (a group is numbered by its first member, so the
    /// groups merged end under the least number), then written in three
    /// statements: the groups of the pairs' articles read, their new rows
    /// inserted, the earlier rows of renamed groups moved.
    fn join_copies_many(&self, pairs: &[(i64, i64)]) -> Result<()> {
        if pairs.is_empty() {
            return Ok(());
        }
        let mut seqs: Vec<i64> = pairs.iter().flat_map(|&(a, b)| [a, b]).collect();
        seqs.sort_unstable();
        seqs.dedup();
        let stored: HashMap<i64, i64> = self
            .query(
                "SELECT seq, grp FROM copy_groups WHERE seq = ANY($1)",
                &[&seqs],
            )?
            .iter()
            .map(|r| (r.get(0), r.get(1)))
            .collect();
        // Union-find over group numbers, the least number the root.
        let mut parent: HashMap<i64, i64> = HashMap::new();
        fn find(parent: &mut HashMap<i64, i64>, g: i64) -> i64 {
            let mut root = g;
            while let Some(&p) = parent.get(&root) {
                if p == root {
                    break;
                }
                root = p;
            }
            let mut x = g;
            while let Some(&p) = parent.get(&x) {
                if p == root {
                    break;
                }
                parent.insert(x, root);
                x = p;
            }
            root
        }
        // An article's group as first met: stored, or its own number.
        let mut first: HashMap<i64, i64> = HashMap::new();
        for &(a, b) in pairs {
            let ga = *first
                .entry(a)
                .or_insert_with(|| stored.get(&a).copied().unwrap_or(a));
            let gb = *first
                .entry(b)
                .or_insert_with(|| stored.get(&b).copied().unwrap_or(b));
            let (ra, rb) = (find(&mut parent, ga), find(&mut parent, gb));
            if ra != rb {
                let (keep, gone) = (ra.min(rb), ra.max(rb));
                parent.insert(gone, keep);
                parent.entry(keep).or_insert(keep);
            }
        }
        let (mut new_seq, mut new_grp) = (Vec::new(), Vec::new());
        for (&s, &g) in &first {
            if !stored.contains_key(&s) {
                new_seq.push(s);
                new_grp.push(find(&mut parent, g));
            }
        }
        let groups: Vec<i64> = parent.keys().copied().collect();
        let (mut gone, mut keep) = (Vec::new(), Vec::new());
        for g in groups {
            let r = find(&mut parent, g);
            if r != g {
                gone.push(g);
                keep.push(r);
            }
        }
        if !new_seq.is_empty() {
            self.execute(
                "INSERT INTO copy_groups (seq, grp) SELECT * FROM unnest($1::bigint[], $2::bigint[])
                 ON CONFLICT DO NOTHING",
                &[&new_seq, &new_grp],
            )?;
        }
        if !gone.is_empty() {
            self.execute(
                "UPDATE copy_groups c SET grp = m.keep FROM unnest($1::bigint[], $2::bigint[]) AS m(gone, keep)
                 WHERE c.grp = m.gone",
                &[&gone, &keep],
            )?;
        }
        Ok(())
    }

    fn note_republication(&self, seq: i64) -> Result<()> {
        self.execute(
            "INSERT INTO copy_groups (seq, grp) VALUES ($1, $1) ON CONFLICT DO NOTHING",
            &[&seq],
        )
        .map(|_| ())
    }

    fn copy_groups_page(&self, offset: usize, n: usize) -> Result<(Vec<Vec<i64>>, usize)> {
        let total: i64 = self
            .query_opt("SELECT count(DISTINCT grp) FROM copy_groups", &[])?
            .map(|r| r.get(0))
            .unwrap_or(0);
        let groups: Vec<i64> = self
            .query(
                "SELECT grp FROM copy_groups GROUP BY grp
                 ORDER BY count(*) < 2, grp LIMIT $1 OFFSET $2",
                &[&sql_count(n), &sql_count(offset)],
            )?
            .iter()
            .map(|r| r.get(0))
            .collect();
        let mut out = Vec::with_capacity(groups.len());
        for g in groups {
            out.push(
                self.query(
                    "SELECT seq FROM copy_groups WHERE grp = $1 ORDER BY seq",
                    &[&g],
                )?
                .iter()
                .map(|r| r.get(0))
                .collect(),
            );
        }
        Ok((out, total as usize))
    }

    fn seq_of(&self, id: &ArticleId) -> Result<Option<i64>> {
        Ok(self
            .query_opt("SELECT seq FROM articles WHERE id = $1", &[&id.as_str()])?
            .map(|r| r.get(0)))
    }

    fn published_between(&self, since: Option<&str>, until: Option<&str>) -> Result<Vec<i64>> {
        let mut seqs: Vec<i64> = self
            .query(
                "SELECT seq FROM articles
                 WHERE published >= coalesce($1, '') AND ($2::text IS NULL OR published < $2)",
                &[&since, &until],
            )?
            .iter()
            .map(|r| r.get(0))
            .collect();
        seqs.sort_unstable();
        Ok(seqs)
    }

    fn index_search(&self, docs: &[(i64, &str, &str)]) -> Result<()> {
        if docs.is_empty() {
            return Ok(());
        }
        let seqs: Vec<i64> = docs.iter().map(|d| d.0).collect();
        let titles: Vec<&str> = docs.iter().map(|d| d.1).collect();
        let bodies: Vec<&str> = docs.iter().map(|d| d.2).collect();
        // Each document with its length (a title word counting
        // TITLE_WEIGHT), and the totals BM25 reads, in one statement.
        self.execute(
            "WITH d AS (
                 SELECT s, setweight(to_tsvector('simple', t), 'A') || setweight(to_tsvector('simple', b), 'D') AS v
                 FROM unnest($1::bigint[], $2::text[], $3::text[]) AS d(s, t, b)
             ), docs AS (
                 INSERT INTO search (seq, doc) SELECT s, v FROM d
                 ON CONFLICT (seq) DO NOTHING
                 RETURNING seq, doc
             ), added AS (
                 INSERT INTO search_len (seq, len)
                 SELECT seq, (
                     SELECT coalesce(sum(CASE WHEN w = 'A' THEN $4::float8 ELSE 1 END), 0)
                     FROM unnest(doc) u, unnest(u.weights) w
                 ) FROM docs
                 RETURNING len
             )
             UPDATE search_stats SET docs = docs + (SELECT count(*) FROM added),
                 words = words + (SELECT coalesce(sum(len), 0) FROM added)
             WHERE id = 0",
            &[&seqs, &titles, &bodies, &TITLE_WEIGHT],
        )
        .map(|_| ())
    }

    fn search(&self, query: &str, n_hits: usize) -> Result<Vec<(i64, f64)>> {
        self.search_leaving_out(query, n_hits, &[])
    }

    fn search_excluding(
        &self,
        query: &str,
        n_hits: usize,
        groups: &[i64],
    ) -> Result<Vec<(i64, f64)>> {
        self.search_leaving_out(query, n_hits, groups)
    }

    fn events_of(&self, seqs: &[i64]) -> Result<Vec<(i64, u32, u32)>> {
        let found: HashMap<i64, (u32, u32)> = self
            .query(
                "SELECT ea.seq, ea.event, e.storyline FROM event_articles ea
                 JOIN events e ON e.id = ea.event WHERE ea.seq = ANY($1)",
                &[&seqs],
            )?
            .iter()
            .map(|r| {
                (
                    r.get::<_, i64>(0),
                    (r.get::<_, i64>(1) as u32, r.get::<_, i64>(2) as u32),
                )
            })
            .collect();
        Ok(seqs
            .iter()
            .filter_map(|s| found.get(s).map(|&(e, l)| (*s, e, l)))
            .collect())
    }

    fn copy_groups_of(&self, seqs: &[i64]) -> Result<Vec<(i64, i64)>> {
        let found: HashMap<i64, i64> = self
            .query(
                "SELECT seq, grp FROM copy_groups WHERE seq = ANY($1)",
                &[&seqs],
            )?
            .iter()
            .map(|r| (r.get::<_, i64>(0), r.get::<_, i64>(1)))
            .collect();
        Ok(seqs
            .iter()
            .filter_map(|s| found.get(s).map(|&g| (*s, g)))
            .collect())
    }

    fn put_vectors(&self, model: &str, vectors: &[(i64, i64, &[f32])]) -> Result<()> {
        for (seq, key, v) in vectors {
            self.execute(
                "INSERT INTO vectors (seq, text_key, model, vec) VALUES ($1, $2, $3, $4)
                 ON CONFLICT (seq) DO UPDATE SET text_key = EXCLUDED.text_key,
                     model = EXCLUDED.model, vec = EXCLUDED.vec",
                &[seq, key, &model, &encode_vector(v)],
            )?;
        }
        Ok(())
    }

    fn keep_vectors(&self, model: &str, vectors: &[(i64, i64, &[f32])]) -> Result<()> {
        // The vectors' rows are the article's own: no other writer touches
        // them, so no advisory lock is taken.
        self.batch("BEGIN")?;
        self.writing.set(true);
        if let Err(e) = self.put_vectors(model, vectors) {
            self.rollback();
            return Err(e);
        }
        self.commit()
    }

    fn vector_by_text(&self, model: &str, text_key: i64) -> Result<Option<Vec<f32>>> {
        Ok(self
            .query_opt(
                "SELECT vec FROM vectors WHERE text_key = $1 AND model = $2 LIMIT 1",
                &[&text_key, &model],
            )?
            .map(|r| decode_vector(r.get(0))))
    }

    fn vectors_since(&self, after: i64, n: usize) -> Result<Vec<StoredVector>> {
        Ok(self
            .query(
                "SELECT v.seq, a.id, v.model, v.vec FROM vectors v JOIN articles a ON a.seq = v.seq
                 WHERE v.seq > $1 ORDER BY v.seq LIMIT $2",
                &[&after, &sql_count(n)],
            )?
            .iter()
            .map(|r| StoredVector {
                seq: r.get(0),
                id: ArticleId(r.get(1)),
                model: r.get(2),
                vector: decode_vector(r.get(3)),
            })
            .collect())
    }

    fn watch_feed(&self, url: &str) -> Result<Option<FeedState>> {
        Ok(self
            .query_opt(
                "SELECT etag, last_modified, failures, last_error FROM watch_feeds WHERE url = $1",
                &[&url],
            )?
            .map(|r| FeedState {
                url: url.to_string(),
                etag: r.get(0),
                last_modified: r.get(1),
                failures: r.get::<_, i64>(2) as u32,
                last_error: r.get(3),
            }))
    }

    fn save_watch_feed(&mut self, s: &FeedState) -> Result<()> {
        self.execute(
            "INSERT INTO watch_feeds (url, etag, last_modified, polled_at, failures, last_error)
             VALUES ($1, $2, $3, $4, $5, $6)
             ON CONFLICT (url) DO UPDATE SET etag = $2, last_modified = $3, polled_at = $4,
                 failures = $5, last_error = $6",
            &[
                &s.url,
                &s.etag,
                &s.last_modified,
                &crate::now(),
                &i64::from(s.failures),
                &s.last_error,
            ],
        )
        .map(|_| ())
    }

    fn watch_link_seen(&self, link: &str) -> Result<bool> {
        Ok(self
            .query_opt("SELECT 1 FROM watch_links WHERE link = $1", &[&link])?
            .is_some())
    }

    fn save_watch_link(&mut self, link: &str, feed: &str, outcome: &str) -> Result<()> {
        self.execute(
            "INSERT INTO watch_links (link, feed, outcome, seen_at) VALUES ($1, $2, $3, $4)
             ON CONFLICT (link) DO UPDATE SET feed = $2, outcome = $3, seen_at = $4",
            &[&link, &feed, &outcome, &crate::now()],
        )
        .map(|_| ())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_password_is_never_shown() {
        assert_eq!(
            redact("postgres://me:secret@db.example:5432/news"),
            "postgres://me:***@db.example:5432/news"
        );
        assert_eq!(redact("postgres://me@host/db"), "postgres://me@host/db");
    }

    #[test]
    fn any_text_is_a_valid_query() {
        assert_eq!(ts_query("Xi's visit: 3 days!"), "xi | s | visit | 3 | days");
        assert_eq!(ts_query("&|!()"), "");
    }
}
