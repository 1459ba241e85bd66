//! Stage state as rows: what lets a stateful stage (copies, events) keep
//! its indexes in the store and touch only the keys one article needs.
//!
//! A stage keeps each of its maps (fingerprint → articles, term → events,
//! event → centroid, ...) as a [`RowMap`]: a cache of the rows it has read
//! or written, in front of a [`RowSource`] that holds the rest. A miss asks
//! the source for that one key. What the stage changes stays in the cache,
//! marked dirty, until the engine drains the dirty rows
//! ([`RowMap::drain_dirty`]) and writes them to the store in the same
//! transaction as the stage's cursor. So the cost of one article is the
//! keys it touches, whatever the store holds, and no whole-state blob is
//! ever read or written.
//!
//! A stage made for one run (an evaluation, a test) has no source
//! ([`NoRows`]) and keeps no dirty set: every miss is an absent key.
//!
//! The source is passed to each call rather than kept by the stage, so the
//! stage never holds a borrow of the store between calls.
//!
//! ```
//! use parallax_model::rows::{NoRows, RowMap, Rows};
//!
//! let mut m: RowMap<u64, Vec<u32>> = RowMap::new("posting", true);
//! let mut rows = Rows::new(&NoRows);
//! assert!(m.get(&mut rows, &7).is_none());
//! m.entry(&mut rows, 7).push(3);
//! let mut out = Vec::new();
//! m.drain_dirty(&mut out);
//! assert_eq!(out.len(), 1);
//! assert_eq!(out[0].table, "posting");
//! ```

use std::collections::{BTreeSet, HashMap};
use std::hash::Hash;

use serde::{de::DeserializeOwned, Serialize};

/// Where rows live when they are not in memory (the store). A read that
/// fails returns the error as text; the stage carries on as if the key
/// were absent and [`Rows::error`] keeps the first failure, so the engine
/// rolls the batch back instead of saving state built on a missing row.
pub trait RowSource {
    fn row(&self, table: &str, key: &[u8]) -> Result<Option<Vec<u8>>, String>;
}

/// No stored rows: a stage wholly in memory.
#[derive(Debug, Clone, Copy, Default)]
pub struct NoRows;

impl RowSource for NoRows {
    fn row(&self, _: &str, _: &[u8]) -> Result<Option<Vec<u8>>, String> {
        Ok(None)
    }
}

/// A source with the first failure met through it.
pub struct Rows<'a> {
    source: &'a dyn RowSource,
    error: Option<String>,
}

impl std::fmt::Debug for Rows<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Rows").field("error", &self.error).finish()
    }
}

impl<'a> Rows<'a> {
    pub fn new(source: &'a dyn RowSource) -> Self {
        Rows {
            source,
            error: None,
        }
    }

    /// The first read that failed, if any: state built after it is not to
    /// be saved.
    pub fn error(&self) -> Option<&str> {
        self.error.as_deref()
    }

    fn read<V: DeserializeOwned>(&mut self, table: &str, key: &[u8]) -> Option<V> {
        match self.source.row(table, key) {
            Ok(Some(bytes)) => match postcard::from_bytes(&bytes) {
                Ok(v) => Some(v),
                Err(e) => {
                    self.fail(format!("row of {table}: {e}"));
                    None
                }
            },
            Ok(None) => None,
            Err(e) => {
                self.fail(e);
                None
            }
        }
    }

    fn fail(&mut self, e: String) {
        if self.error.is_none() {
            self.error = Some(e);
        }
    }
}

/// A key of a row map, as bytes that sort as the key does.
pub trait RowKey: Clone + Eq + Hash + Ord {
    fn key_bytes(&self) -> Vec<u8>;
}

impl RowKey for u32 {
    fn key_bytes(&self) -> Vec<u8> {
        self.to_be_bytes().to_vec()
    }
}

impl RowKey for u64 {
    fn key_bytes(&self) -> Vec<u8> {
        self.to_be_bytes().to_vec()
    }
}

impl RowKey for String {
    fn key_bytes(&self) -> Vec<u8> {
        self.as_bytes().to_vec()
    }
}

/// One changed row, ready for the store: `value` is the postcard encoding.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    pub table: &'static str,
    pub key: Vec<u8>,
    pub value: Vec<u8>,
}

/// One map of a stage's state, cached in front of the store.
#[derive(Debug, Clone)]
pub struct RowMap<K, V> {
    table: &'static str,
    /// Rows read or written; `None` is a key known to be absent.
    cache: HashMap<K, Option<V>>,
    /// Keys changed since the last drain, in key order so writes are
    /// deterministic. Not kept when nothing is persisted.
    dirty: BTreeSet<K>,
    persist: bool,
}

impl<K: RowKey, V: Serialize + DeserializeOwned> RowMap<K, V> {
    /// A map stored in `table`; `persist` false keeps no dirty set (a stage
    /// held wholly in memory).
    pub fn new(table: &'static str, persist: bool) -> Self {
        RowMap {
            table,
            cache: HashMap::new(),
            dirty: BTreeSet::new(),
            persist,
        }
    }

    fn load(&mut self, rows: &mut Rows<'_>, k: &K) {
        if !self.cache.contains_key(k) {
            let v = if self.persist {
                rows.read(self.table, &k.key_bytes())
            } else {
                None
            };
            self.cache.insert(k.clone(), v);
        }
    }

    /// The value if it is in memory, without asking the source.
    pub fn peek(&self, k: &K) -> Option<&V> {
        self.cache.get(k).and_then(Option::as_ref)
    }

    pub fn get(&mut self, rows: &mut Rows<'_>, k: &K) -> Option<&V> {
        self.load(rows, k);
        self.cache.get(k).and_then(Option::as_ref)
    }

    /// The value, to change in place; marks the row changed.
    pub fn get_mut(&mut self, rows: &mut Rows<'_>, k: &K) -> Option<&mut V> {
        self.load(rows, k);
        let v = self.cache.get_mut(k).and_then(Option::as_mut);
        if v.is_some() && self.persist {
            self.dirty.insert(k.clone());
        }
        v
    }

    pub fn insert(&mut self, k: K, v: V) {
        if self.persist {
            self.dirty.insert(k.clone());
        }
        self.cache.insert(k, Some(v));
    }

    /// The value, or a default one inserted; marks the row changed.
    pub fn entry(&mut self, rows: &mut Rows<'_>, k: K) -> &mut V
    where
        V: Default,
    {
        self.load(rows, &k);
        if self.persist {
            self.dirty.insert(k.clone());
        }
        self.cache
            .entry(k)
            .or_insert(None)
            .get_or_insert_with(V::default)
    }

    /// Moves the changed rows to `out`, encoded.
    pub fn drain_dirty(&mut self, out: &mut Vec<Row>) {
        for k in std::mem::take(&mut self.dirty) {
            if let Some(Some(v)) = self.cache.get(&k) {
                out.push(Row {
                    table: self.table,
                    key: k.key_bytes(),
                    // Encoding plain data into a Vec cannot fail.
                    value: postcard::to_allocvec(v).unwrap_or_default(),
                });
            }
        }
    }

    /// Forgets cached rows (after they were saved, or when another writer
    /// may have changed the store). Changed rows not yet drained are lost,
    /// so call [`RowMap::drain_dirty`] first.
    pub fn clear(&mut self) {
        self.cache.clear();
        self.dirty.clear();
    }

    /// Rows held in memory.
    pub fn cached(&self) -> usize {
        self.cache.len()
    }
}
