//! Every quote and every claim, indexed in arrival order, so that a page
//! of `parallax quotes` or `parallax claims` without filters reads its own
//! articles, not the store: the listing streamed every article to count
//! them and find the page (4.4 s at 100k articles for ten quotes).
//!
//! Two posting lists of places (an article's arrival number and the
//! finding's index among its quotes or claims), appended as articles are
//! analyzed, fed like a stage with its own cursor ([`LISTING`]): a store
//! made before it is indexed by the next command that catches up, from the
//! findings already stored. A page without dates reads the list's length
//! and the blocks (of 64 places) that hold the page, then the page's
//! articles and findings: O(page), whatever the store's size. A page with
//! dates reads every place (12 bytes a finding) to keep those of the
//! dates' articles.

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

    /// How many quotes and claims are listed.
    pub fn counts(&mut self, rows: &mut Rows<'_>) -> (usize, usize) {
        (
            self.places.len(rows, QUOTES) as usize,
            self.places.len(rows, CLAIMS) as usize,
        )
    }

    /// The places of quotes `start..end` (claims with `claims`), in
    /// arrival order: the blocks that hold them, O(page) however long the
    /// list.
    pub fn page(
        &mut self,
        rows: &mut Rows<'_>,
        claims: bool,
        start: usize,
        end: usize,
    ) -> Vec<Place> {
        let list = if claims { CLAIMS } else { QUOTES };
        self.places.range(rows, list, start, end)
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
