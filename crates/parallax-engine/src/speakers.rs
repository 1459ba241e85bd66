//! Who said what, indexed: every word of a quote's speaker (its canonical
//! name and the name as written) points to the quote, so `quotes
//! --speaker NAME` reads the postings of NAME's words and then only the
//! articles of the quotes it prints, not the store.
//!
//! The index is fed like a stage, with its own cursor ([`SPEAKERS`]): a
//! store made before it existed is indexed by the next command that
//! catches up, from the findings already stored. A posting is a quote's
//! place (its article's arrival number and its index among the article's
//! quotes), so the postings are in arrival order as they are appended.

use parallax_model::rows::{Row, RowList, Rows};
use parallax_model::Quote;

/// The speaker index's cursor.
pub const SPEAKERS: &str = "speakers";

/// The tables of the stored index: a word's posting list (length row and
/// blocks, see [`RowList`]).
pub const TABLES: [&str; 2] = ["speakers.len", "speakers.block"];

/// A quote's place: its article's arrival number and its index among that
/// article's quotes.
pub type Place = (i64, u32);

/// The words a speaker is found by: the lowercased word tokens of its
/// canonical name and of the name as written, each once.
pub fn speaker_words(q: &Quote) -> Vec<String> {
    let mut words: Vec<String> = [&q.speaker, &q.speaker_as_written]
        .into_iter()
        .flatten()
        .flat_map(|n| parallax_text::tokens(n))
        .map(|t| t.text.into_string())
        .collect();
    words.sort_unstable();
    words.dedup();
    words
}

/// The words of a `--speaker` query, each once.
pub fn query_words(name: &str) -> Vec<String> {
    let mut words: Vec<String> = parallax_text::tokens(name)
        .into_iter()
        .map(|t| t.text.into_string())
        .collect();
    words.sort_unstable();
    words.dedup();
    words
}

/// Whether a quote's speaker has every word of the query (`words`, from
/// [`query_words`]); an empty query matches every quote.
pub fn speaks(q: &Quote, words: &[String]) -> bool {
    if words.is_empty() {
        return true;
    }
    let have = speaker_words(q);
    words.iter().all(|w| have.binary_search(w).is_ok())
}

fn key(word: &str) -> u64 {
    parallax_text::hash64(word.as_bytes())
}

/// The speaker index, its rows read and written through [`Rows`].
#[derive(Debug, Clone)]
pub struct SpeakerIndex {
    postings: RowList<u64, Place>,
}

impl SpeakerIndex {
    /// With its rows in the store.
    pub fn stored() -> Self {
        SpeakerIndex {
            postings: RowList::new(TABLES[0], TABLES[1], true),
        }
    }

    /// Indexes an article's quotes. Cost: one posting append per word of
    /// each speaker, whatever the store holds.
    pub fn add_article(&mut self, rows: &mut Rows<'_>, seq: i64, quotes: &[Quote]) {
        for (k, q) in quotes.iter().enumerate() {
            for w in speaker_words(q) {
                self.postings.push(rows, key(&w), (seq, k as u32));
            }
        }
    }

    /// The places of the quotes whose speaker has every word of `words`
    /// (from [`query_words`], not empty), in arrival order. Cost: the
    /// postings of those words. A hash shared by two words can only add
    /// places; the caller checks each quote it prints with [`speaks`].
    pub fn lookup(&mut self, rows: &mut Rows<'_>, words: &[String]) -> Vec<Place> {
        let mut lists: Vec<Vec<Place>> = words
            .iter()
            .map(|w| self.postings.items(rows, key(w)))
            .collect();
        lists.sort_by_key(Vec::len);
        let mut out = lists.first().cloned().unwrap_or_default();
        out.sort_unstable();
        out.dedup();
        for l in &mut lists[1..] {
            l.sort_unstable();
            out.retain(|p| l.binary_search(p).is_ok());
        }
        out
    }

    /// The changed rows since the last drain.
    pub fn drain(&mut self) -> Vec<Row> {
        let mut out = Vec::new();
        self.postings.drain_dirty(&mut out);
        out
    }

    /// Forgets the cached rows (after a drain).
    pub fn clear(&mut self) {
        self.postings.clear();
    }

    /// About the bytes of the rows held in memory.
    pub fn cached_bytes(&self) -> usize {
        self.postings.cached_bytes()
    }
}
