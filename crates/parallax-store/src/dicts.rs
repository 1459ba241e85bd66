//! Compression dictionaries trained on a store's own rows.
//!
//! A raw article or a findings record is a few KiB, packed one zstd frame
//! each. A frame that small holds few repeats of its own, so much of what
//! it stores is what every other row stores too: the JSON keys, an
//! outlet's boilerplate, the words of news. A dictionary trained on the
//! store's first rows carries those once; each later frame refers to it.
//! On PolNeAR's texts (trained on its train split, measured on its dev
//! split) a raw article packs 20% smaller (2,391 -> 1,929 bytes).
//!
//! A dictionary is trained once per kind of row, by the first writer that
//! finds [`TRAIN_AT`] rows of that kind and no dictionary for it, and kept
//! in the store's `pack_dicts` table, so both backends read the same
//! frames. A frame names its dictionary by the id in its header (zstd's
//! own field), so rows packed without one, before or after, read as
//! before, and a reader that meets an id it has not loaded reads it from
//! the table (another writer may have trained it since this one opened
//! the store). Two writers training at once each store their own; both
//! stay readable. Dictionaries are never changed or dropped.

use std::sync::Arc;

use std::cell::{Cell, RefCell};

use crate::{Error, Result};

/// What a dictionary is for: the rows it was trained on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum DictKind {
    /// Raw articles' original bytes (with their decoded text).
    Raw = 1,
    /// Findings records (JSON).
    Findings = 2,
}

/// A store holds this many rows of a kind before a dictionary is trained
/// for it: fewer make a poor sample, and a store that small gains little.
pub(crate) const TRAIN_AT: usize = 1000;

/// The largest dictionary trained: zstd's own default size. 64 KiB gave
/// 1,929 -> 1,913 bytes on the raw articles above; the difference is a
/// few bytes a row against 46 KiB once a store.
const DICT_SIZE: usize = 112 * 1024;

/// The level dictionary frames are packed at. Level 6 packed rows 5-7%
/// smaller (raw articles 1,435 -> 1,361 bytes, findings 1,097 -> 1,021,
/// with the dictionary of a `bench scale` store of 10k articles), but
/// packing at 6 was a tenth of a bulk ingest's time: a 10k-article ingest
/// takes 13.4 s at 6 and 12.1 s at 3, for a store 2.7% larger (81.5 ->
/// 83.7 MB). Ingest speed is the scarcer of the two (a store is 1.7 times
/// its input against a budget of 2), so 3, zstd's own default. Rows packed
/// at any level read the same.
const LEVEL: i32 = 3;

/// A trained dictionary, prepared for packing and unpacking.
pub(crate) struct Dict {
    id: u32,
    bytes: Vec<u8>,
    /// Made when the first row is packed: a reader never needs it.
    cdict: std::sync::OnceLock<zstd::zstd_safe::CDict<'static>>,
    ddict: zstd::zstd_safe::DDict<'static>,
}

impl std::fmt::Debug for Dict {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Dict").field("id", &self.id).finish()
    }
}

impl Dict {
    /// A dictionary from its bytes; None when they are not a trained
    /// dictionary (one with an id).
    pub(crate) fn new(bytes: &[u8]) -> Option<Dict> {
        let id = zstd::zstd_safe::get_dict_id_from_dict(bytes)?.get();
        Some(Dict {
            id,
            bytes: bytes.to_vec(),
            cdict: std::sync::OnceLock::new(),
            ddict: zstd::zstd_safe::DDict::create(bytes),
        })
    }

    /// A dictionary trained on `samples`; None when zstd cannot make one
    /// from them (too few, or too alike).
    pub(crate) fn train(samples: &[Vec<u8>]) -> Option<Vec<u8>> {
        zstd::dict::from_samples(samples, DICT_SIZE)
            .inspect_err(|e| tracing::debug!("no compression dictionary: {e}"))
            .ok()
    }

    fn cdict(&self) -> &zstd::zstd_safe::CDict<'static> {
        self.cdict
            .get_or_init(|| zstd::zstd_safe::CDict::create(&self.bytes, LEVEL))
    }
}

thread_local! {
    static CCTX: RefCell<Option<zstd::zstd_safe::CCtx<'static>>> = const { RefCell::new(None) };
    static DCTX: RefCell<Option<zstd::zstd_safe::DCtx<'static>>> = const { RefCell::new(None) };
}

/// `b` packed with `dict`, or as a plain frame without one.
pub(crate) fn pack_with(dict: Option<&Dict>, b: &[u8]) -> Vec<u8> {
    let Some(dict) = dict else {
        return crate::pack(b);
    };
    CCTX.with_borrow_mut(|c| {
        let c = c.get_or_insert_with(zstd::zstd_safe::CCtx::create);
        let mut out = Vec::with_capacity(zstd::zstd_safe::compress_bound(b.len()));
        match c.compress_using_cdict(&mut out, b, dict.cdict()) {
            Ok(_) => out,
            // Only when memory fails: a plain frame reads back as well.
            Err(_) => crate::pack(b),
        }
    })
}

/// The id of the dictionary a frame was packed with, if any.
pub(crate) fn frame_dict_id(frame: &[u8]) -> Option<u32> {
    zstd::zstd_safe::get_dict_id_from_frame(frame).map(|id| id.get())
}

/// A frame unpacked with `dict`, the one its header names.
pub(crate) fn unpack_with(dict: &Dict, frame: &[u8]) -> std::io::Result<Vec<u8>> {
    let size = zstd::zstd_safe::get_frame_content_size(frame)
        .ok()
        .flatten()
        .filter(|&n| n <= crate::MAX_UNPACKED)
        .ok_or_else(|| std::io::Error::other("no frame size"))?;
    DCTX.with_borrow_mut(|d| {
        let d = d.get_or_insert_with(zstd::zstd_safe::DCtx::create);
        let mut out = Vec::with_capacity(size as usize);
        d.decompress_using_ddict(&mut out, frame, &dict.ddict)
            .map_err(|code| std::io::Error::other(zstd::zstd_safe::get_error_name(code)))?;
        Ok(out)
    })
}

/// A store's dictionaries, as far as it has read them.
///
/// Which one packs new rows is asked of the store at each batch (one
/// look-up by index), never remembered: a dictionary trained inside a
/// transaction that is then rolled back must not pack a later row.
#[derive(Debug, Default)]
pub(crate) struct Dicts {
    /// The ones read so far: a store has one or two.
    read: RefCell<Vec<Arc<Dict>>>,
    /// Batches to write, per kind, before training again after training
    /// failed (zstd found the rows too few or too alike).
    waiting: Cell<[u32; 2]>,
}

/// Batches written between two tries at training, after one failed.
const RECHECK: u32 = 64;

fn slot(kind: DictKind) -> usize {
    kind as usize - 1
}

/// What a backend gives the dictionaries: its `pack_dicts` table and
/// samples of its rows.
pub(crate) trait DictTable {
    fn dicts(&self) -> &Dicts;
    /// The dictionary stored under `id`.
    fn read_dict(&self, id: u32) -> Result<Option<Vec<u8>>>;
    /// The id of the newest dictionary stored for `kind`.
    fn latest_dict(&self, kind: DictKind) -> Result<Option<u32>>;
    /// How many rows of `kind` are stored, counted up to `up_to` at most
    /// (the count costs no more at any size).
    fn dict_rows(&self, kind: DictKind, up_to: usize) -> Result<usize>;
    /// Up to `n` stored, packed frames of `kind`.
    fn dict_samples(&self, kind: DictKind, n: usize) -> Result<Vec<Vec<u8>>>;
    /// Stores a new dictionary (in the open transaction, if any); one
    /// already stored under its id stays.
    fn save_dict(&self, id: u32, kind: DictKind, dict: &[u8]) -> Result<()>;
    /// Whether this handle may write (a read-only one never trains).
    fn writable(&self) -> bool;
    /// The store's name, for errors.
    fn name(&self) -> &str;
}

/// The dictionary stored under `id`, read from the store the first time;
/// None when the store has none by that id (or what it has is not one).
fn dict(t: &(impl DictTable + ?Sized), id: u32) -> Result<Option<Arc<Dict>>> {
    if let Some(d) = t.dicts().read.borrow().iter().find(|d| d.id == id) {
        return Ok(Some(d.clone()));
    }
    let Some(dict) = t
        .read_dict(id)?
        .and_then(|b| Dict::new(&b))
        .filter(|d| d.id == id)
    else {
        return Ok(None);
    };
    let dict = Arc::new(dict);
    t.dicts().read.borrow_mut().push(dict.clone());
    Ok(Some(dict))
}

/// A frame's content, unpacked with the dictionary its header names, if
/// any. The outer error is the store's (it could not be read); the inner
/// one the frame's (it is corrupt, or names a dictionary the store lacks),
/// for the caller to name the row.
pub(crate) fn unpack_frame(
    t: &(impl DictTable + ?Sized),
    frame: &[u8],
) -> Result<std::result::Result<Vec<u8>, std::io::Error>> {
    let Some(id) = frame_dict_id(frame) else {
        return Ok(crate::unpack_bytes(frame));
    };
    Ok(match dict(t, id)? {
        Some(d) => unpack_with(&d, frame),
        None => Err(std::io::Error::other(format!(
            "packed with compression dictionary {id}, which the store lacks"
        ))),
    })
}

/// The dictionary to pack new rows of `kind` with: the store's newest,
/// or one trained now from the store's rows when there are enough and
/// none yet; None while there are too few.
pub(crate) fn current_dict(
    t: &(impl DictTable + ?Sized),
    kind: DictKind,
) -> Result<Option<Arc<Dict>>> {
    if let Some(id) = t.latest_dict(kind)? {
        return match dict(t, id)? {
            Some(d) => Ok(Some(d)),
            None => Err(Error::Corrupt {
                path: t.name().to_string(),
                id: format!("pack_dicts {id}"),
                what: "not a compression dictionary".into(),
            }),
        };
    }
    if !t.writable() {
        return Ok(None);
    }
    let s = slot(kind);
    let mut waiting = t.dicts().waiting.get();
    if waiting[s] > 0 {
        waiting[s] -= 1;
        t.dicts().waiting.set(waiting);
        return Ok(None);
    }
    if t.dict_rows(kind, TRAIN_AT)? < TRAIN_AT {
        return Ok(None);
    }
    if let Some(d) = train(t, kind)? {
        let d = Arc::new(d);
        t.dicts().read.borrow_mut().push(d.clone());
        return Ok(Some(d));
    }
    waiting[s] = RECHECK;
    t.dicts().waiting.set(waiting);
    Ok(None)
}

/// Trains and stores a dictionary for `kind` from the newest rows, when
/// there are [`TRAIN_AT`] of them.
fn train(t: &(impl DictTable + ?Sized), kind: DictKind) -> Result<Option<Dict>> {
    let frames = t.dict_samples(kind, TRAIN_AT)?;
    if frames.len() < TRAIN_AT {
        return Ok(None);
    }
    let mut samples = Vec::with_capacity(frames.len());
    for frame in frames {
        if let Ok(b) = unpack_frame(t, &frame)? {
            samples.push(b);
        }
    }
    let started = std::time::Instant::now();
    let Some(bytes) = Dict::train(&samples) else {
        return Ok(None);
    };
    let Some(dict) = Dict::new(&bytes) else {
        return Ok(None);
    };
    t.save_dict(dict.id, kind, &bytes)?;
    tracing::debug!(
        "trained compression dictionary {} ({:?}, {} bytes, from {} rows) in {:.2?}",
        dict.id,
        kind,
        bytes.len(),
        samples.len(),
        started.elapsed()
    );
    Ok(Some(dict))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn samples() -> Vec<Vec<u8>> {
        (0..TRAIN_AT)
            .map(|i| {
                format!(
                    r#"{{"title":"Council votes on bridge {i}","outlet":"The Daily {}","text":"The council voted on Tuesday to close the old bridge number {i}, citing cracks, rust and a failed inspection, and said repairs would take {} months."}}"#,
                    i % 7,
                    i % 13
                )
                .into_bytes()
            })
            .collect()
    }

    #[test]
    fn a_trained_dictionary_packs_smaller_and_round_trips() {
        let s = samples();
        let bytes = Dict::train(&s[..TRAIN_AT - 1]).expect("trained");
        let dict = Dict::new(&bytes).expect("a dictionary with an id");
        let row = &s[TRAIN_AT - 1];
        let plain = crate::pack(row);
        let packed = pack_with(Some(&dict), row);
        assert!(
            packed.len() < plain.len(),
            "{} vs {}",
            packed.len(),
            plain.len()
        );
        assert_eq!(frame_dict_id(&packed), Some(dict.id));
        assert_eq!(frame_dict_id(&plain), None);
        assert_eq!(unpack_with(&dict, &packed).unwrap(), *row);
    }

    #[test]
    fn text_is_not_taken_for_a_dictionary() {
        assert!(Dict::new(b"{\"title\":\"not a dictionary\"}").is_none());
        assert!(Dict::new(b"").is_none());
    }
}
