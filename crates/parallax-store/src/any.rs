//! The store a command was pointed at: the embedded SQLite file or a
//! PostgreSQL database, chosen by `--db` (or `PARALLAX_DB`). The engine is
//! generic over [`ArticleStore`]; this is the one type the binary uses, so
//! every command, `watch` and `serve` work on either unchanged.

/// Runs the same expression on whichever backend `self` holds.
macro_rules! each {
    ($self:ident, $s:ident => $e:expr) => {
        match $self {
            Store::Sqlite($s) => $e,
            Store::Postgres($s) => $e,
        }
    };
}

use std::path::Path;

use parallax_model::rows::{Row, RowSource};
use parallax_model::{Article, ArticleId, CopyLink, RawArticle};

use crate::{
    is_postgres_url, ArticleQuery, ArticleStore, EventQuery, EventRow, FeedState, MemberKey,
    PgStore, Placed, PutOutcome, Result, SqliteStore, StoredVector,
};

/// Either backend.
#[derive(Debug)]
pub enum Store {
    Sqlite(SqliteStore),
    Postgres(Box<PgStore>),
}

impl Store {
    /// Opens the store `spec` names: a `postgres://` or `postgresql://` URL
    /// is a PostgreSQL database; anything else is an SQLite file (created
    /// when missing; read-only when it cannot be written).
    pub fn open(spec: &Path) -> Result<Self> {
        match spec.to_str().filter(|s| is_postgres_url(s)) {
            Some(url) => PgStore::open(url).map(|s| Store::Postgres(Box::new(s))),
            None => SqliteStore::open(spec).map(Store::Sqlite),
        }
    }

    /// A long-running reader's setting: an SQLite file is read through a
    /// memory map (see [`SqliteStore::map_file`]); PostgreSQL has nothing
    /// to map.
    pub fn map_file(&self) -> Result<()> {
        match self {
            Store::Sqlite(s) => s.map_file(crate::MAPPED),
            Store::Postgres(_) => Ok(()),
        }
    }

    /// Opens the store for reading only: an SQLite file as an immutable
    /// file, a database with read-only transactions.
    pub fn open_read_only(spec: &Path) -> Result<Self> {
        match spec.to_str().filter(|s| is_postgres_url(s)) {
            Some(url) => PgStore::open_read_only(url).map(|s| Store::Postgres(Box::new(s))),
            None => SqliteStore::open_read_only(spec).map(Store::Sqlite),
        }
    }

    /// The schema version of the open store (each backend numbers its own).
    pub fn schema_version(&self) -> Result<i64> {
        each!(self, s => s.schema_version())
    }

    /// Which backend, in words: `sqlite` or `postgres`.
    pub fn backend(&self) -> &'static str {
        match self {
            Store::Sqlite(_) => "sqlite",
            Store::Postgres(_) => "postgres",
        }
    }
}

impl From<SqliteStore> for Store {
    fn from(s: SqliteStore) -> Self {
        Store::Sqlite(s)
    }
}

impl From<PgStore> for Store {
    fn from(s: PgStore) -> Self {
        Store::Postgres(Box::new(s))
    }
}

impl RowSource for Store {
    fn row(&self, table: &str, key: &[u8]) -> std::result::Result<Option<Vec<u8>>, String> {
        each!(self, s => s.row(table, key))
    }

    fn rows(
        &self,
        table: &str,
        keys: &[Vec<u8>],
    ) -> std::result::Result<Vec<Option<Vec<u8>>>, String> {
        each!(self, s => s.rows(table, keys))
    }
}

impl ArticleStore for Store {
    fn contains(&self, id: &ArticleId) -> Result<bool> {
        each!(self, s => s.contains(id))
    }

    fn put_batch(
        &mut self,
        items: &[(RawArticle, Article)],
        extractor_version: u32,
    ) -> Result<Vec<PutOutcome>> {
        each!(self, s => s.put_batch(items, extractor_version))
    }

    fn note_sighting(&mut self, id: &ArticleId, source: &str) -> Result<String> {
        each!(self, s => s.note_sighting(id, source))
    }

    fn count(&self) -> Result<usize> {
        each!(self, s => s.count())
    }

    fn articles(&self) -> Result<Vec<Article>> {
        each!(self, s => s.articles())
    }

    fn article(&self, id_or_prefix: &str) -> Result<Article> {
        each!(self, s => s.article(id_or_prefix))
    }

    fn raw_bytes(&self, id: &ArticleId) -> Result<Vec<u8>> {
        each!(self, s => s.raw_bytes(id))
    }

    fn copy_links(&self) -> Result<Vec<CopyLink>> {
        each!(self, s => s.copy_links())
    }

    fn facts(&self) -> Result<Vec<(ArticleId, String)>> {
        each!(self, s => s.facts())
    }

    fn articles_page(&self, q: &ArticleQuery) -> Result<(Vec<Article>, usize)> {
        each!(self, s => s.articles_page(q))
    }

    fn last_seq(&self) -> Result<i64> {
        each!(self, s => s.last_seq())
    }

    fn read_only(&self) -> bool {
        each!(self, s => s.read_only())
    }

    fn articles_since(&self, after: i64, limit: usize) -> Result<Vec<(i64, Article)>> {
        each!(self, s => s.articles_since(after, limit))
    }

    fn begin_write(&self) -> Result<()> {
        each!(self, s => s.begin_write())
    }

    fn commit(&self) -> Result<()> {
        each!(self, s => s.commit())
    }

    fn rollback(&self) {
        each!(self, s => s.rollback())
    }

    fn cursor(&self, stage: &str) -> Result<Option<i64>> {
        each!(self, s => s.cursor(stage))
    }

    fn set_cursor(&self, stage: &str, seq: i64) -> Result<()> {
        each!(self, s => s.set_cursor(stage, seq))
    }

    fn put_rows(&self, rows: &[Row]) -> Result<()> {
        each!(self, s => s.put_rows(rows))
    }

    fn put_copy_links(&self, links: &[CopyLink]) -> Result<()> {
        each!(self, s => s.put_copy_links(links))
    }

    fn put_facts(&self, facts: &[(ArticleId, String)]) -> Result<()> {
        each!(self, s => s.put_facts(facts))
    }

    fn place_articles(&self, placed: &[Placed]) -> Result<()> {
        each!(self, s => s.place_articles(placed))
    }

    fn merge_events(&self, into: u32, from: u32) -> Result<()> {
        each!(self, s => s.merge_events(into, from))
    }

    fn events_page(&self, q: &EventQuery) -> Result<(Vec<EventRow>, usize)> {
        each!(self, s => s.events_page(q))
    }

    fn event_row(&self, id: u32) -> Result<Option<EventRow>> {
        each!(self, s => s.event_row(id))
    }

    fn event_merged(&self, id: u32) -> Result<Vec<u32>> {
        each!(self, s => s.event_merged(id))
    }

    fn event_merged_into(&self, id: u32) -> Result<Option<u32>> {
        each!(self, s => s.event_merged_into(id))
    }

    fn event_outlets(&self, id: u32) -> Result<Vec<String>> {
        each!(self, s => s.event_outlets(id))
    }

    fn events_unsummarized(&self, limit: usize) -> Result<Vec<u32>> {
        each!(self, s => s.events_unsummarized(limit))
    }

    fn put_event_summary(&self, id: u32, summary: &crate::EventSummaryRow) -> Result<()> {
        each!(self, s => s.put_event_summary(id, summary))
    }

    fn storyline_events(&self, id: u32) -> Result<Vec<u32>> {
        each!(self, s => s.storyline_events(id))
    }

    fn storylines_page(&self, offset: usize, limit: usize) -> Result<(Vec<u32>, usize)> {
        each!(self, s => s.storylines_page(offset, limit))
    }

    fn event_latest(&self, id: u32) -> Result<Option<i64>> {
        each!(self, s => s.event_latest(id))
    }

    fn event_members(&self, id: u32) -> Result<Vec<i64>> {
        each!(self, s => s.event_members(id))
    }

    fn event_member_keys(&self, id: u32) -> Result<Vec<MemberKey>> {
        each!(self, s => s.event_member_keys(id))
    }

    fn articles_at(&self, seqs: &[i64]) -> Result<Vec<(i64, Article)>> {
        each!(self, s => s.articles_at(seqs))
    }

    fn article_cards(&self, seqs: &[i64]) -> Result<Vec<(i64, parallax_model::ArticleCard)>> {
        each!(self, s => s.article_cards(seqs))
    }

    fn articles_by_id(&self, ids: &[ArticleId]) -> Result<Vec<(i64, Article)>> {
        each!(self, s => s.articles_by_id(ids))
    }

    fn facts_of(&self, ids: &[ArticleId]) -> Result<Vec<(ArticleId, String)>> {
        each!(self, s => s.facts_of(ids))
    }

    fn copy_links_of(&self, ids: &[ArticleId]) -> Result<Vec<CopyLink>> {
        each!(self, s => s.copy_links_of(ids))
    }

    fn join_copies(&self, a: i64, b: i64) -> Result<()> {
        each!(self, s => s.join_copies(a, b))
    }

    fn join_copies_many(&self, pairs: &[(i64, i64)]) -> Result<()> {
        each!(self, s => s.join_copies_many(pairs))
    }

    fn note_republication(&self, seq: i64) -> Result<()> {
        each!(self, s => s.note_republication(seq))
    }

    fn copy_groups_page(&self, offset: usize, limit: usize) -> Result<(Vec<Vec<i64>>, usize)> {
        each!(self, s => s.copy_groups_page(offset, limit))
    }

    fn seq_of(&self, id: &ArticleId) -> Result<Option<i64>> {
        each!(self, s => s.seq_of(id))
    }

    fn published_between(&self, since: Option<&str>, until: Option<&str>) -> Result<Vec<i64>> {
        each!(self, s => s.published_between(since, until))
    }

    fn index_search(&self, docs: &[(i64, &str, &str)]) -> Result<()> {
        each!(self, s => s.index_search(docs))
    }

    fn search(&self, query: &str, limit: usize) -> Result<Vec<(i64, f64)>> {
        each!(self, s => s.search(query, limit))
    }

    fn search_excluding(
        &self,
        query: &str,
        limit: usize,
        groups: &[i64],
    ) -> Result<Vec<(i64, f64)>> {
        each!(self, s => s.search_excluding(query, limit, groups))
    }

    fn events_of(&self, seqs: &[i64]) -> Result<Vec<(i64, u32, u32)>> {
        each!(self, s => s.events_of(seqs))
    }

    fn copy_groups_of(&self, seqs: &[i64]) -> Result<Vec<(i64, i64)>> {
        each!(self, s => s.copy_groups_of(seqs))
    }

    fn put_vectors(&self, model: &str, vectors: &[(i64, i64, &[f32])]) -> Result<()> {
        each!(self, s => s.put_vectors(model, vectors))
    }

    fn keep_vectors(&self, model: &str, vectors: &[(i64, i64, &[f32])]) -> Result<()> {
        each!(self, s => s.keep_vectors(model, vectors))
    }

    fn vector_by_text(&self, model: &str, text_key: i64) -> Result<Option<Vec<f32>>> {
        each!(self, s => s.vector_by_text(model, text_key))
    }

    fn vectors_since(&self, after: i64, limit: usize) -> Result<Vec<StoredVector>> {
        each!(self, s => s.vectors_since(after, limit))
    }

    fn watch_feed(&self, url: &str) -> Result<Option<FeedState>> {
        each!(self, s => s.watch_feed(url))
    }

    fn save_watch_feed(&mut self, state: &FeedState) -> Result<()> {
        each!(self, s => s.save_watch_feed(state))
    }

    fn watch_link_seen(&self, link: &str) -> Result<bool> {
        each!(self, s => s.watch_link_seen(link))
    }

    fn save_watch_link(&mut self, link: &str, feed: &str, outcome: &str) -> Result<()> {
        each!(self, s => s.save_watch_link(link, feed, outcome))
    }
}
