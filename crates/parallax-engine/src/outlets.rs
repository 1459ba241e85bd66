//! Who publishes what, counted: per outlet, its articles, the ones that
//! carry an agency's copy, and its first and latest days. Fed like a
//! stage, with its own cursor ([`OUTLETS`]): an article adds to its
//! outlet's counters, O(1) whatever the store holds, and a store made
//! before the index existed is counted by the next command that catches
//! up. The outlets' list is a row list of their keys, so listing them
//! reads one row per outlet, never the articles.

use parallax_model::rows::{Row, RowList, RowMap, Rows};
use parallax_model::{Article, PubDate};
use serde::{Deserialize, Serialize};

/// The outlet index's cursor.
pub const OUTLETS: &str = "outlets";

/// Its tables: each outlet's counters by key, and the list of keys (a row
/// list under one key, [`ALL`]).
pub const TABLES: [&str; 3] = ["outlets.stat", "outlets.keys.len", "outlets.keys.block"];

/// The one key of the list of outlets.
const ALL: u64 = 0;

/// An outlet's counters.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct OutletStat {
    /// The outlet's name, as its first article gave it.
    pub name: String,
    /// Its articles in the store.
    pub articles: u64,
    /// Those crediting a news agency other than the outlet itself ("With
    /// inputs from ANI", an agency's dateline): copies it carries.
    pub agency_copies: u64,
    /// The agencies credited, each with how many of its articles credit it.
    pub agencies: Vec<(String, u64)>,
    /// Its earliest and latest publication days.
    pub first: Option<PubDate>,
    pub last: Option<PubDate>,
    /// Its latest article's arrival number.
    pub last_seq: i64,
}

/// The key an outlet's name is found by: any case, spaces trimmed.
pub fn outlet_key(name: &str) -> u64 {
    // 0 is the list's key; a name hashing to it (one in 2^64) moves by one.
    parallax_text::hash64(name.trim().to_lowercase().as_bytes()).max(1)
}

/// The outlet index, its rows read and written through [`Rows`].
#[derive(Debug, Clone)]
pub struct OutletIndex {
    stats: RowMap<u64, OutletStat>,
    keys: RowList<u64, u64>,
}

impl OutletIndex {
    /// With its rows in the store.
    pub fn stored() -> Self {
        OutletIndex {
            stats: RowMap::new(TABLES[0], true),
            keys: RowList::new(TABLES[1], TABLES[2], true),
        }
    }

    /// Counts an article. Cost: its outlet's row (and the list's last
    /// block for a new outlet).
    pub fn add_article(&mut self, rows: &mut Rows<'_>, seq: i64, a: &Article) {
        let Some(name) = a.outlet.as_deref().filter(|o| !o.trim().is_empty()) else {
            return;
        };
        let key = outlet_key(name);
        let fresh = self.stats.get(rows, &key).is_none();
        if fresh {
            self.keys.push(rows, ALL, key);
        }
        let s = self.stats.entry(rows, key);
        if fresh {
            s.name = name.trim().to_string();
        }
        s.articles += 1;
        let own = s.name.to_lowercase();
        let credited: Vec<&String> = a
            .agencies
            .iter()
            .filter(|g| !own.contains(&g.to_lowercase()))
            .collect();
        if !credited.is_empty() && !a.agency_feed {
            s.agency_copies += 1;
            for g in credited {
                match s
                    .agencies
                    .iter_mut()
                    .find(|(n, _)| n.eq_ignore_ascii_case(g))
                {
                    Some((_, n)) => *n += 1,
                    None => s.agencies.push((g.clone(), 1)),
                }
            }
            s.agencies
                .sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        }
        if let Some(d) = a.published {
            s.first = Some(s.first.map_or(d, |f| f.min(d)));
            s.last = Some(s.last.map_or(d, |l| l.max(d)));
        }
        s.last_seq = s.last_seq.max(seq);
    }

    /// Every outlet's counters, in the order they first appeared. Cost:
    /// one row per outlet.
    pub fn all(&mut self, rows: &mut Rows<'_>) -> Vec<OutletStat> {
        let keys = self.keys.items(rows, ALL);
        self.stats.prefetch(rows, keys.iter());
        keys.iter()
            .filter_map(|k| self.stats.get(rows, k).cloned())
            .collect()
    }

    /// One outlet's counters, by its name in any case.
    pub fn get(&mut self, rows: &mut Rows<'_>, name: &str) -> Option<OutletStat> {
        self.stats.get(rows, &outlet_key(name)).cloned()
    }

    /// The changed rows since the last drain.
    pub fn drain(&mut self) -> Vec<Row> {
        let mut out = Vec::new();
        self.stats.drain_dirty(&mut out);
        self.keys.drain_dirty(&mut out);
        out
    }

    /// Forgets the cached rows (after a drain).
    pub fn clear(&mut self) {
        self.stats.clear();
        self.keys.clear();
    }

    /// About the bytes of the rows held in memory.
    pub fn cached_bytes(&self) -> usize {
        self.stats.cached_bytes() + self.keys.cached_bytes()
    }
}

/// How an outlet covered one event it shares with other outlets.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct EventCoverage {
    pub event: u32,
    pub label: String,
    /// The event's articles and outlets.
    pub articles: usize,
    pub outlets: usize,
    /// Sentences of the outlet's articles that no other origin carries.
    pub adds: usize,
    /// Agreed facts (carried by most independent sources) its article
    /// leaves out, and how many facts were agreed.
    pub leaves_out: usize,
    pub agreed: usize,
}

/// One outlet's page: its counters, its latest articles and its coverage
/// of its latest shared events.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct OutletView {
    #[serde(flatten)]
    pub stat: OutletStat,
    /// Of the events compared: how many it added to, and left agreed facts
    /// out of.
    pub events_compared: usize,
    pub events_adding: usize,
    pub events_leaving_out: usize,
    pub coverage: Vec<EventCoverage>,
    /// Its latest articles, newest first.
    pub latest: Vec<ArticleBrief>,
}

/// An article in a list: its id, title, day and address.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct ArticleBrief {
    pub id: parallax_model::ArticleId,
    pub title: Option<String>,
    pub published: Option<PubDate>,
    pub url: Option<String>,
}

impl From<Article> for ArticleBrief {
    fn from(a: Article) -> Self {
        ArticleBrief {
            id: a.id,
            title: a.title,
            published: a.published,
            url: a.url,
        }
    }
}

impl OutletView {
    pub fn new(stat: OutletStat, latest: Vec<ArticleBrief>, coverage: Vec<EventCoverage>) -> Self {
        OutletView {
            stat,
            events_compared: coverage.len(),
            events_adding: coverage.iter().filter(|c| c.adds > 0).count(),
            events_leaving_out: coverage.iter().filter(|c| c.leaves_out > 0).count(),
            coverage,
            latest,
        }
    }
}
