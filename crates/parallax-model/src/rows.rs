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

use std::collections::hash_map::Entry;
use std::collections::HashMap;
use std::hash::Hash;

use serde::{de::DeserializeOwned, Serialize};

/// Where rows live when they are not in memory (the store). A read that
/// fails returns the error as text; the stage carries on as if the key
/// were absent and [`Rows::error`] keeps the first failure, so the engine
/// rolls the batch back instead of saving state built on a missing row.
pub trait RowSource {
    fn row(&self, table: &str, key: &[u8]) -> Result<Option<Vec<u8>>, String>;

    /// Several rows of one table, in the order of `keys`. A source that
    /// pays a round trip per read (a database server) answers in one; the
    /// default reads each.
    fn rows(&self, table: &str, keys: &[Vec<u8>]) -> Result<Vec<Option<Vec<u8>>>, String> {
        keys.iter().map(|k| self.row(table, k)).collect()
    }
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

    /// The row's value and its encoded size.
    fn read<V: DeserializeOwned>(&mut self, table: &str, key: &[u8]) -> Option<(V, usize)> {
        match self.source.row(table, key) {
            Ok(Some(bytes)) => match postcard::from_bytes(&bytes) {
                Ok(v) => Some((v, bytes.len())),
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

    /// Several rows' values and encoded sizes, in the order of `keys`.
    fn read_many<V: DeserializeOwned>(
        &mut self,
        table: &str,
        keys: &[Vec<u8>],
    ) -> Vec<Option<(V, usize)>> {
        match self.source.rows(table, keys) {
            Ok(found) => found
                .into_iter()
                .map(|b| {
                    let bytes = b?;
                    match postcard::from_bytes(&bytes) {
                        Ok(v) => Some((v, bytes.len())),
                        Err(e) => {
                            self.fail(format!("row of {table}: {e}"));
                            None
                        }
                    }
                })
                .collect(),
            Err(e) => {
                self.fail(e);
                keys.iter().map(|_| None).collect()
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

/// A key and a block number: the rows of a [`RowList`].
impl RowKey for (u64, u32) {
    fn key_bytes(&self) -> Vec<u8> {
        let mut b = self.0.to_be_bytes().to_vec();
        b.extend_from_slice(&self.1.to_be_bytes());
        b
    }
}

impl RowKey for (u32, u32) {
    fn key_bytes(&self) -> Vec<u8> {
        let mut b = self.0.to_be_bytes().to_vec();
        b.extend_from_slice(&self.1.to_be_bytes());
        b
    }
}

impl RowKey for String {
    fn key_bytes(&self) -> Vec<u8> {
        self.as_bytes().to_vec()
    }
}

/// One changed row, ready for the store: `value` is the postcard
/// encoding, `None` when the row is to be deleted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    pub table: &'static str,
    pub key: Vec<u8>,
    pub value: Option<Vec<u8>>,
}

/// What a cached row is counted as beyond its encoded key and value: the
/// hash table's slot and the value's own allocation, roughly.
const ROW_OVERHEAD: usize = 48;

/// A cached row: its value (`None`: known to be absent), the encoded size
/// it was last read or written with, and whether it changed since the last
/// drain.
#[derive(Debug, Clone)]
struct Slot<V> {
    value: Option<V>,
    size: u32,
    dirty: bool,
}

impl<V> Slot<V> {
    fn new(value: Option<V>, size: usize) -> Self {
        Slot {
            value,
            size: size as u32,
            dirty: false,
        }
    }
}

/// Marks a cached slot changed and lists its key, once per drain; nothing
/// is listed for a map held wholly in memory.
fn mark_slot<K: Clone, V>(persist: bool, slot: &mut Slot<V>, dirty: &mut Vec<K>, k: &K) {
    if persist && !slot.dirty {
        slot.dirty = true;
        dirty.push(k.clone());
    }
}

/// `k`'s cached slot, made empty (not read from the source) when it is
/// not in memory: for a write that replaces the value. One look-up.
fn slot_for_write<'a, K: Clone + Hash + Eq, V>(
    cache: &'a mut HashMap<K, Slot<V>, foldhash::fast::RandomState>,
    bytes: &mut usize,
    k: &K,
) -> &'a mut Slot<V> {
    match cache.entry(k.clone()) {
        Entry::Occupied(o) => o.into_mut(),
        Entry::Vacant(v) => {
            *bytes += ROW_OVERHEAD;
            v.insert(Slot::new(None, 0))
        }
    }
}

/// One map of a stage's state, cached in front of the store.
///
/// The cache hashes with foldhash, seeded per process: an article touches
/// hundreds of keys, and SipHash's cost showed in the ingest profile; an
/// unseeded hash (FxHash) is as fast, but the keys come from the articles'
/// text (terms, fingerprints), which a server takes from anyone, and text
/// made to collide would make every look-up a scan. Nothing depends on the
/// cache's order (changed keys are sorted when drained), so the seed
/// changes no output. A change marks its slot and
/// lists the key once; the list is sorted when drained, so writes come in
/// key order (deterministic) without an ordered set kept on every touch.
#[derive(Debug, Clone)]
pub struct RowMap<K, V> {
    table: &'static str,
    cache: HashMap<K, Slot<V>, foldhash::fast::RandomState>,
    /// The cached rows' size as counted by [`RowMap::cached_bytes`].
    bytes: usize,
    /// Keys changed since the last drain, each once. Not kept when
    /// nothing is persisted.
    dirty: Vec<K>,
    persist: bool,
}

impl<K: RowKey, V: Serialize + DeserializeOwned> RowMap<K, V> {
    /// A map stored in `table`; `persist` false keeps no dirty set (a stage
    /// held wholly in memory).
    pub fn new(table: &'static str, persist: bool) -> Self {
        RowMap {
            table,
            cache: HashMap::default(),
            bytes: 0,
            dirty: Vec::new(),
            persist,
        }
    }

    fn load(&mut self, rows: &mut Rows<'_>, k: &K) {
        if !self.cache.contains_key(k) {
            let (v, size) = match self.persist {
                true => match rows.read(self.table, &k.key_bytes()) {
                    Some((v, size)) => (Some(v), size),
                    None => (None, 0),
                },
                false => (None, 0),
            };
            self.bytes += size + ROW_OVERHEAD;
            self.cache.insert(k.clone(), Slot::new(v, size));
        }
    }

    /// Reads the rows of `keys` not in memory yet, in one request to the
    /// source: a stage that knows an article's keys before it walks them
    /// (its fingerprints, its terms) pays one round trip, not one a key.
    /// What later reads return is unchanged.
    pub fn prefetch<'k>(&mut self, rows: &mut Rows<'_>, keys: impl IntoIterator<Item = &'k K>)
    where
        K: 'k,
    {
        if !self.persist {
            return;
        }
        let mut missing: Vec<K> = keys
            .into_iter()
            .filter(|k| !self.cache.contains_key(*k))
            .cloned()
            .collect();
        missing.sort_unstable();
        missing.dedup();
        if missing.len() < 2 {
            return;
        }
        let bytes: Vec<Vec<u8>> = missing.iter().map(RowKey::key_bytes).collect();
        let found = rows.read_many::<V>(self.table, &bytes);
        for (k, v) in missing.into_iter().zip(found) {
            let (v, size) = match v {
                Some((v, size)) => (Some(v), size),
                None => (None, 0),
            };
            self.bytes += size + ROW_OVERHEAD;
            self.cache.insert(k, Slot::new(v, size));
        }
    }

    /// The value if it is in memory, without asking the source.
    pub fn peek(&self, k: &K) -> Option<&V> {
        self.cache.get(k).and_then(|s| s.value.as_ref())
    }

    pub fn get(&mut self, rows: &mut Rows<'_>, k: &K) -> Option<&V> {
        self.load(rows, k);
        self.cache.get(k).and_then(|s| s.value.as_ref())
    }

    /// The value, to change in place; marks the row changed.
    pub fn get_mut(&mut self, rows: &mut Rows<'_>, k: &K) -> Option<&mut V> {
        self.load(rows, k);
        let slot = self.cache.get_mut(k)?;
        slot.value.as_ref()?;
        mark_slot(self.persist, slot, &mut self.dirty, k);
        slot.value.as_mut()
    }

    pub fn insert(&mut self, k: K, v: V) {
        let slot = slot_for_write(&mut self.cache, &mut self.bytes, &k);
        slot.value = Some(v);
        mark_slot(self.persist, slot, &mut self.dirty, &k);
    }

    /// The value, or a default one inserted; marks the row changed.
    pub fn entry(&mut self, rows: &mut Rows<'_>, k: K) -> &mut V
    where
        V: Default,
    {
        self.load(rows, &k);
        let slot = self.cache.get_mut(&k).expect("load cached the key");
        mark_slot(self.persist, slot, &mut self.dirty, &k);
        slot.value.get_or_insert_with(V::default)
    }

    /// Deletes the row.
    pub fn remove(&mut self, k: K) {
        let slot = slot_for_write(&mut self.cache, &mut self.bytes, &k);
        slot.value = None;
        mark_slot(self.persist, slot, &mut self.dirty, &k);
    }

    /// Moves the changed rows to `out`, encoded.
    pub fn drain_dirty(&mut self, out: &mut Vec<Row>) {
        let mut keys = std::mem::take(&mut self.dirty);
        keys.sort_unstable();
        for k in keys {
            let Some(slot) = self.cache.get_mut(&k) else {
                continue;
            };
            slot.dirty = false;
            // Encoding plain data into a Vec cannot fail.
            let value = slot
                .value
                .as_ref()
                .map(|v| postcard::to_allocvec(v).unwrap_or_default());
            let len = value.as_ref().map_or(0, Vec::len);
            self.bytes = self.bytes + len - (slot.size as usize).min(self.bytes);
            slot.size = len as u32;
            out.push(Row {
                table: self.table,
                key: k.key_bytes(),
                value,
            });
        }
    }

    /// Forgets cached rows (after they were saved, or when another writer
    /// may have changed the store). Changed rows not yet drained are lost,
    /// so call [`RowMap::drain_dirty`] first.
    pub fn clear(&mut self) {
        self.cache.clear();
        self.dirty.clear();
        self.bytes = 0;
    }

    /// About how much memory the cached rows take, in bytes: their encoded
    /// size as last read or written, plus a fixed overhead per row (a row
    /// changed since the last drain counts as it was).
    pub fn cached_bytes(&self) -> usize {
        self.bytes
    }
}

/// Items in a [`RowList`] block: an append rewrites at most this many.
pub const BLOCK: u32 = 64;
/// The length row of a sealed list.
const SEALED: u32 = u32::MAX;

/// A key of a [`RowList`]: its blocks are keyed by it and a block number.
pub trait ListKey: RowKey + Copy {
    type Block: RowKey;
    fn block(self, n: u32) -> Self::Block;
}

impl ListKey for u64 {
    type Block = (u64, u32);
    fn block(self, n: u32) -> (u64, u32) {
        (self, n)
    }
}

impl ListKey for u32 {
    type Block = (u32, u32);
    fn block(self, n: u32) -> (u32, u32) {
        (self, n)
    }
}

/// What [`RowList::push_below`] did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pushed {
    Yes,
    /// The list holds `cap` items or more: nothing was added.
    Full,
    /// The list was sealed ([`RowList::seal`]): nothing was added.
    Sealed,
}

/// A growing list per key (a posting list, a cluster's members), stored in
/// blocks of [`BLOCK`] items plus a length row: appending to a long list
/// rewrites its length and its last block, not the whole list, so a
/// list's cost per append stays bounded however long it grows. Reading a
/// list reads its blocks.
#[derive(Debug, Clone)]
pub struct RowList<K: ListKey, V> {
    lens: RowMap<K, u32>,
    blocks: RowMap<K::Block, Vec<V>>,
}

impl<K: ListKey, V: Clone + Serialize + DeserializeOwned> RowList<K, V> {
    /// A list stored in `lens` (key -> length) and `blocks` ((key, block
    /// number) -> items).
    pub fn new(lens: &'static str, blocks: &'static str, persist: bool) -> Self {
        RowList {
            lens: RowMap::new(lens, persist),
            blocks: RowMap::new(blocks, persist),
        }
    }

    /// Items in `k`'s list (0 once it is sealed).
    pub fn len(&mut self, rows: &mut Rows<'_>, k: K) -> u32 {
        match self.lens.get(rows, &k).copied().unwrap_or(0) {
            SEALED => 0,
            n => n,
        }
    }

    /// Reads the lengths of `keys`' lists, then all their blocks, in two
    /// requests (see [`RowMap::prefetch`]).
    pub fn prefetch(&mut self, rows: &mut Rows<'_>, keys: &[K]) {
        self.lens.prefetch(rows, keys);
        let mut blocks = Vec::new();
        for &k in keys {
            let n = self.len(rows, k);
            blocks.extend((0..n.div_ceil(BLOCK)).map(|b| k.block(b)));
        }
        self.blocks.prefetch(rows, &blocks);
    }

    /// Whether `k`'s list was sealed ([`RowList::seal`]).
    pub fn is_sealed(&mut self, rows: &mut Rows<'_>, k: K) -> bool {
        self.lens.get(rows, &k) == Some(&SEALED)
    }

    /// Empties `k`'s list for good: it keeps nothing and takes nothing
    /// more (a posting list grown too common to be of use), and costs one
    /// small row.
    pub fn seal(&mut self, rows: &mut Rows<'_>, k: K) {
        self.take(rows, k);
        self.lens.insert(k, SEALED);
    }

    /// Calls `f` on each item of `k`'s list, in order.
    pub fn for_each(&mut self, rows: &mut Rows<'_>, k: K, mut f: impl FnMut(&V)) {
        let n = self.len(rows, k);
        for b in 0..n.div_ceil(BLOCK) {
            if let Some(items) = self.blocks.get(rows, &k.block(b)) {
                items.iter().for_each(&mut f);
            }
        }
    }

    /// Items `start..end` of `k`'s list (as many as it has): only the
    /// blocks that hold them are read, so a page of a long list costs the
    /// page, not the list.
    pub fn range(&mut self, rows: &mut Rows<'_>, k: K, start: usize, end: usize) -> Vec<V> {
        let end = end.min(self.len(rows, k) as usize);
        let mut out = Vec::with_capacity(end.saturating_sub(start));
        let mut i = start;
        while i < end {
            let b = (i / BLOCK as usize) as u32;
            let first = b as usize * BLOCK as usize;
            let Some(items) = self.blocks.get(rows, &k.block(b)) else {
                break;
            };
            let upto = (end - first).min(items.len());
            out.extend_from_slice(items.get(i - first..upto).unwrap_or_default());
            i = first + BLOCK as usize;
        }
        out
    }

    /// `k`'s list.
    pub fn items(&mut self, rows: &mut Rows<'_>, k: K) -> Vec<V> {
        let mut out = Vec::new();
        self.for_each(rows, k, |v| out.push(v.clone()));
        out
    }

    /// Appends `v` to `k`'s list (unless the list is sealed).
    pub fn push(&mut self, rows: &mut Rows<'_>, k: K, v: V) {
        self.push_below(rows, k, v, u32::MAX);
    }

    /// Appends `v` to `k`'s list when it is not sealed and holds fewer
    /// than `cap` items. One read of the length, where a `len` then a
    /// `push` would take two.
    pub fn push_below(&mut self, rows: &mut Rows<'_>, k: K, v: V, cap: u32) -> Pushed {
        let n = self.lens.get(rows, &k).copied().unwrap_or(0);
        if n == SEALED {
            return Pushed::Sealed;
        }
        if n >= cap {
            return Pushed::Full;
        }
        self.blocks.entry(rows, k.block(n / BLOCK)).push(v);
        self.lens.insert(k, n + 1);
        Pushed::Yes
    }

    /// Empties `k`'s list (its rows are deleted) and returns what it held.
    pub fn take(&mut self, rows: &mut Rows<'_>, k: K) -> Vec<V> {
        let out = self.items(rows, k);
        let n = self.len(rows, k);
        for b in 0..n.div_ceil(BLOCK) {
            self.blocks.remove(k.block(b));
        }
        if n > 0 {
            self.lens.remove(k);
        }
        out
    }

    pub fn drain_dirty(&mut self, out: &mut Vec<Row>) {
        self.lens.drain_dirty(out);
        self.blocks.drain_dirty(out);
    }

    pub fn clear(&mut self) {
        self.lens.clear();
        self.blocks.clear();
    }

    pub fn cached_bytes(&self) -> usize {
        self.lens.cached_bytes() + self.blocks.cached_bytes()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cell::RefCell;
    use std::collections::BTreeMap;

    /// (table, key) -> value.
    type Table = BTreeMap<(String, Vec<u8>), Vec<u8>>;

    /// A store of rows in memory, written from drained rows.
    #[derive(Default)]
    struct Mem(RefCell<Table>);

    impl RowSource for Mem {
        fn row(&self, table: &str, key: &[u8]) -> Result<Option<Vec<u8>>, String> {
            Ok(self
                .0
                .borrow()
                .get(&(table.to_string(), key.to_vec()))
                .cloned())
        }
    }

    impl Mem {
        fn write(&self, rows: Vec<Row>) -> usize {
            let n = rows.len();
            for r in rows {
                let k = (r.table.to_string(), r.key);
                match r.value {
                    Some(v) => self.0.borrow_mut().insert(k, v),
                    None => self.0.borrow_mut().remove(&k),
                };
            }
            n
        }
    }

    #[test]
    fn a_list_append_rewrites_its_length_and_last_block_only() {
        let mem = Mem::default();
        let mut list: RowList<u64, u32> = RowList::new("len", "block", true);
        let mut rows = Rows::new(&mem);
        for i in 0..1000 {
            list.push(&mut rows, 9, i);
        }
        let mut out = Vec::new();
        list.drain_dirty(&mut out);
        // 1000 items: 16 blocks and a length.
        assert_eq!(mem.write(out), 17);
        list.clear();
        // Read back from the store alone.
        let mut rows = Rows::new(&mem);
        assert_eq!(list.items(&mut rows, 9), (0..1000).collect::<Vec<u32>>());
        // A page of it reads only the blocks that hold it.
        list.clear();
        let mut rows = Rows::new(&mem);
        assert_eq!(
            list.range(&mut rows, 9, 130, 140),
            (130..140).collect::<Vec<u32>>()
        );
        assert_eq!(list.blocks.cache.len(), 1, "one block of 64 read");
        assert_eq!(
            list.range(&mut rows, 9, 60, 70),
            (60..70).collect::<Vec<u32>>()
        );
        assert_eq!(
            list.range(&mut rows, 9, 990, 2000),
            (990..1000).collect::<Vec<u32>>()
        );
        assert!(list.range(&mut rows, 9, 1000, 1010).is_empty());
        list.push(&mut rows, 9, 1000);
        let mut out = Vec::new();
        list.drain_dirty(&mut out);
        assert_eq!(out.len(), 2, "the length and the last block");
        let last = out.iter().find(|r| r.table == "block").unwrap();
        let items: Vec<u32> = postcard::from_bytes(last.value.as_ref().unwrap()).unwrap();
        assert_eq!(items, (960..=1000).collect::<Vec<u32>>());
        mem.write(out);
        list.clear();
        // Taken, the list is gone from the store too.
        let mut rows = Rows::new(&mem);
        assert_eq!(list.take(&mut rows, 9).len(), 1001);
        let mut out = Vec::new();
        list.drain_dirty(&mut out);
        mem.write(out);
        assert!(mem.0.borrow().is_empty());
        // Sealed, it keeps one row and takes nothing.
        list.push(&mut rows, 9, 1);
        list.seal(&mut rows, 9);
        list.push(&mut rows, 9, 2);
        assert_eq!(list.items(&mut rows, 9), Vec::<u32>::new());
        let mut out = Vec::new();
        list.drain_dirty(&mut out);
        mem.write(out);
        assert_eq!(mem.0.borrow().len(), 1);
        assert!(rows.error().is_none());
    }

    #[test]
    fn changed_rows_drain_once_each_in_key_order() {
        let mem = Mem::default();
        let mut m: RowMap<u64, Vec<u32>> = RowMap::new("t", true);
        let mut rows = Rows::new(&mem);
        for k in [9u64, 3, 7, 3, 9, 1] {
            m.entry(&mut rows, k).push(k as u32);
        }
        m.insert(5, vec![5]);
        m.remove(7);
        assert!(
            m.get_mut(&mut rows, &42).is_none(),
            "absent: nothing to change"
        );
        let mut out = Vec::new();
        m.drain_dirty(&mut out);
        let keys: Vec<Vec<u8>> = out.iter().map(|r| r.key.clone()).collect();
        let want: Vec<Vec<u8>> = [1u64, 3, 5, 7, 9].iter().map(|k| k.key_bytes()).collect();
        assert_eq!(keys, want);
        assert!(out[3].value.is_none(), "7 was removed");
        let three: Vec<u32> = postcard::from_bytes(out[1].value.as_ref().unwrap()).unwrap();
        assert_eq!(three, vec![3, 3]);
        mem.write(out);
        // Drained rows are clean until changed again.
        let mut out = Vec::new();
        m.drain_dirty(&mut out);
        assert!(out.is_empty());
        m.get_mut(&mut rows, &1).unwrap().push(2);
        m.drain_dirty(&mut out);
        assert_eq!(out.len(), 1);
        // A map held wholly in memory keeps no changes to drain.
        let mut mem_only: RowMap<u64, u32> = RowMap::new("t", false);
        mem_only.insert(1, 1);
        let mut out = Vec::new();
        mem_only.drain_dirty(&mut out);
        assert!(out.is_empty());
    }

    #[test]
    fn cached_bytes_follow_what_is_read_and_written() {
        let mem = Mem::default();
        let mut m: RowMap<u64, Vec<u32>> = RowMap::new("t", true);
        let mut rows = Rows::new(&mem);
        m.entry(&mut rows, 1).extend(0..100u32);
        let mut out = Vec::new();
        m.drain_dirty(&mut out);
        let written = out[0].value.as_ref().unwrap().len();
        assert!(m.cached_bytes() >= written);
        mem.write(out);
        let before = m.cached_bytes();
        m.entry(&mut rows, 1).clear();
        let mut out = Vec::new();
        m.drain_dirty(&mut out);
        assert!(m.cached_bytes() < before, "a row that shrank counts less");
        m.clear();
        assert_eq!(m.cached_bytes(), 0);
    }
}
