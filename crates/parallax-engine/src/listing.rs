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
//! dates finds the places of the dates' articles by binary search over the
//! blocks (places are appended in arrival order, so each list is sorted by
//! article): O(k log n) block reads for k articles in the range, or one
//! pass over the list when the range holds so many articles that the pass
//! is cheaper.

use parallax_model::rows::{Row, RowList, Rows};

use crate::speakers::Place;

/// The listing index's cursor.
pub const LISTING: &str = "listing";

/// Its tables: each list's length row and blocks (see [`RowList`]).
pub const TABLES: [&str; 2] = ["listing.len", "listing.block"];

/// Places a block holds (RowList's block size).
const BLOCK: usize = parallax_model::rows::BLOCK as usize;

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

    /// The places of the quotes (claims with `claims`) of the articles
    /// `seqs` (ascending arrival numbers), in arrival order. Each article's
    /// places are found by binary search over the blocks from where the
    /// previous article's ended: O(k log n) block reads for k articles, and
    /// never more than one pass over the list, which is taken instead when
    /// k is large enough for it to be cheaper.
    pub fn places_of(&mut self, rows: &mut Rows<'_>, claims: bool, seqs: &[i64]) -> Vec<Place> {
        let list = if claims { CLAIMS } else { QUOTES };
        let n = self.places.len(rows, list) as usize;
        let blocks = n.div_ceil(BLOCK);
        let probes = (usize::BITS - blocks.leading_zeros()) as usize + 1;
        if seqs.len().saturating_mul(probes) >= blocks {
            let mut all = self.places.items(rows, list);
            all.retain(|p| seqs.binary_search(&p.0).is_ok());
            return all;
        }
        let mut block = |places: &mut RowList<u64, Place>, b: usize| {
            places.range(rows, list, b * BLOCK, (b + 1) * BLOCK)
        };
        let mut out = Vec::new();
        let mut from = 0;
        for &seq in seqs {
            // The first block whose last place is at or after `seq`.
            let (mut lo, mut hi) = (from, blocks);
            while lo < hi {
                let mid = lo + (hi - lo) / 2;
                if block(&mut self.places, mid)
                    .last()
                    .is_some_and(|p| p.0 < seq)
                {
                    lo = mid + 1;
                } else {
                    hi = mid;
                }
            }
            from = lo;
            let mut b = lo;
            while b < blocks {
                let items = block(&mut self.places, b);
                out.extend(items.iter().filter(|p| p.0 == seq));
                if items.last().is_none_or(|p| p.0 > seq) {
                    break;
                }
                b += 1;
            }
        }
        out
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

#[cfg(test)]
mod tests {
    use super::*;
    use parallax_model::rows::NoRows;

    #[test]
    fn the_places_of_some_articles_are_found_by_seeking_as_by_filtering_all() {
        let mut index = ListingIndex::stored();
        let mut rows = Rows::new(&NoRows);
        // 3,000 articles: most with a few quotes, some with none, one with
        // 150 (three blocks), so articles straddle block boundaries.
        let quotes = |seq: i64| match seq {
            1234 => 150,
            s if s % 7 == 0 => 0,
            s => (s * 31 % 5) as usize,
        };
        for seq in 1..=3000 {
            index.add_article(&mut rows, seq, quotes(seq), 1);
        }
        let all = index.places.items(&mut rows, QUOTES);
        let filtered = |seqs: &[i64]| -> Vec<Place> {
            all.iter()
                .filter(|p| seqs.binary_search(&p.0).is_ok())
                .copied()
                .collect()
        };
        for seqs in [
            vec![1234],
            vec![1, 2, 3],
            vec![7, 14, 21],
            vec![1233, 1234, 1235, 2999, 3000, 3001],
            vec![5, 640, 641, 1234, 2000],
            vec![0, 4000],
            (1000..1010).collect(),
            (1..=3000).step_by(3).collect(),
        ] {
            let found = index.places_of(&mut rows, false, &seqs);
            assert_eq!(found, filtered(&seqs), "{seqs:?}");
            let expected: usize = seqs
                .iter()
                .filter(|s| (1..=3000).contains(*s))
                .map(|&s| quotes(s))
                .sum();
            assert_eq!(found.len(), expected, "{seqs:?}");
        }
        assert_eq!(
            index.places_of(&mut rows, true, &[10, 20]),
            vec![(10, 0), (20, 0)]
        );
    }
}
