//! Every quote and every claim, indexed in arrival order, so that a page
//! of `parallax quotes` or `parallax claims` without filters reads its own
//! articles, not the store: the listing streamed every article to count
//! them and find the page (4.4 s at 100k articles for ten quotes).
//!
//! Two posting lists of places (an article's arrival number and the
//! finding's index among its quotes or claims), appended as articles are
//! analyzed, fed like a stage with its own cursor ([`LISTING`]): a store
//! made before it is indexed by the next command that catches up, from the
//! findings already stored. A page reads the places (12 bytes a finding,
//! in blocks), then the page's articles and findings: O(findings) bytes of
//! places and O(page) articles, whatever the store's size.

use parallax_model::rows::{Row, RowList, Rows};

use crate::speakers::Place;

/// The listing index's cursor.
pub const LISTING: &str = "listing";

/// Its tables: each list's length row and blocks (see [`RowList`]).
pub const TABLES: [&str; 2] = ["listing.len", "listing.block"];

/// The list of every quote's place.
const QUOTES: u64 = 1;
/// The list of every claim's place.
const CLAIMS: u64 = 2;

/// The listing index, its rows read and written through [`Rows`].
#[derive(Debug, Clone)]
pub struct ListingIndex {
    places: RowList<u64, Place>,
}

impl ListingIndex {
    /// With its rows in the store.
    pub fn stored() -> Self {
        ListingIndex {
            places: RowList::new(TABLES[0], TABLES[1], true),
        }
    }

    /// Indexes an article's `quotes` and `claims` (how many it has). Cost:
    /// one append a finding, whatever the store holds.
    pub fn add_article(&mut self, rows: &mut Rows<'_>, seq: i64, quotes: usize, claims: usize) {
        for (list, n) in [(QUOTES, quotes), (CLAIMS, claims)] {
            for k in 0..n {
                self.places.push(rows, list, (seq, k as u32));
            }
        }
    }

    /// Every quote's place, in arrival order.
    pub fn quotes(&mut self, rows: &mut Rows<'_>) -> Vec<Place> {
        self.places.items(rows, QUOTES)
    }

    /// Every claim's place, in arrival order.
    pub fn claims(&mut self, rows: &mut Rows<'_>) -> Vec<Place> {
        self.places.items(rows, CLAIMS)
    }

    /// The changed rows since the last drain.
    pub fn drain(&mut self) -> Vec<Row> {
        let mut out = Vec::new();
        self.places.drain_dirty(&mut out);
        out
    }

    /// Forgets the cached rows (after a drain).
    pub fn clear(&mut self) {
        self.places.clear();
    }

    /// About the bytes of the rows held in memory.
    pub fn cached_bytes(&self) -> usize {
        self.places.cached_bytes()
    }
}
