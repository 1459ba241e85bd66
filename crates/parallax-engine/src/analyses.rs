//! The stateful stages after ingest: copies (dedup) and events and
//! storylines (cluster), kept up to date incrementally.
//!
//! Each stage's state is a snapshot in the store with the number of stored
//! articles it has seen. [`catch_up`] feeds it the articles stored since,
//! in arrival order, and saves the new copy links and snapshots in one
//! transaction. Per article the cost is flat (index lookups); per run the
//! snapshot is loaded and saved once, which grows with the store (see
//! ARCHITECTURE.md).

use std::collections::{BTreeMap, HashMap};

use parallax_cluster::{ClusterConfig, Clusterer};
use parallax_dedup::{copy_report, CopyFacts, DedupConfig, Deduper};
use parallax_model::{Article, CopyItem, Event, PubDate, Storyline, TitleSource};
use parallax_store::ArticleStore;

use crate::{Error, Progress, Result};

/// The dedup snapshot's key.
pub const DEDUP: &str = "dedup";
/// The cluster snapshot's key; the version changes with its layout, so an
/// older snapshot is rebuilt rather than misread.
pub const CLUSTER: &str = "cluster.v2";
const ANALYZE: &str = "analyze";

/// The stages' states, caught up with the store.
#[derive(Debug)]
pub struct Analyses {
    pub clusterer: Clusterer,
    /// Every stored article, in arrival order (index = arrival number).
    pub articles: Vec<Article>,
}

fn state_error(what: &str, e: impl std::fmt::Display) -> Error {
    Error::State(format!("{what}: {e}"))
}

/// Decodes a stage snapshot; `None` (with a warning) when it cannot be
/// read, so the stage is rebuilt from the stored articles instead of the
/// command failing. Snapshots are a cache of what the articles determine.
fn decode<T: serde::de::DeserializeOwned>(
    name: &str,
    saved: Option<(usize, Vec<u8>)>,
) -> Option<(T, usize)> {
    let (n, bytes) = saved?;
    match postcard::from_bytes::<T>(&bytes) {
        Ok(state) => Some((state, n)),
        Err(e) => {
            tracing::warn!(stage = name, error = %e, "unreadable stage snapshot; rebuilding it from the stored articles");
            None
        }
    }
}

/// Loads the stage states, feeds them the articles stored since they were
/// saved, and saves them if anything was new. The dedup snapshot is only
/// read when there is something new for it.
pub fn catch_up<S: ArticleStore>(
    store: &mut S,
    dedup_cfg: &DedupConfig,
    cluster_cfg: &ClusterConfig,
    embeddings: bool,
    progress: Progress,
) -> Result<Analyses> {
    let articles = store.articles()?;
    let n = articles.len();
    let stage_bar = |name: &str, todo: usize| {
        // Only worth drawing for a long catch-up.
        let p = if todo >= 1000 {
            progress
        } else {
            Progress::Hidden
        };
        crate::progress_bar(
            p,
            todo,
            &format!("{{spinner}} {name:<8} [{{bar:30}}] {{pos}}/{{len}} articles ({{per_sec}}, eta {{eta}})"),
        )
    };
    let mut links = Vec::new();
    let mut states: Vec<(&str, usize, Vec<u8>)> = Vec::new();
    // The dedup snapshot is only needed when there are articles it has not
    // seen; reading commands skip it.
    if store.state_processed(DEDUP)? != Some(n) {
        let (mut dedup, seen) = match decode::<Deduper>(DEDUP, store.load_state(DEDUP)?) {
            Some(loaded) => loaded,
            None => (
                Deduper::new(dedup_cfg.clone()).map_err(|e| state_error("dedup config", e))?,
                0,
            ),
        };
        let bar = stage_bar("copies", n - seen.min(n));
        for a in articles.iter().skip(seen) {
            links.extend(dedup.check(&a.id, a.story()));
            bar.inc(1);
        }
        bar.finish_and_clear();
        states.push((
            DEDUP,
            n,
            postcard::to_allocvec(&dedup).map_err(|e| state_error("dedup state", e))?,
        ));
    }
    let (mut clusterer, seen) = match decode::<Clusterer>(CLUSTER, store.load_state(CLUSTER)?) {
        Some(loaded) => loaded,
        None => (
            Clusterer::new(cluster_cfg.clone()).map_err(|e| state_error("cluster config", e))?,
            0,
        ),
    };
    if seen < n {
        let bar = stage_bar("events", n - seen);
        // The model is loaded only when there are articles to place.
        let embedder = if embeddings {
            crate::embed::load()
        } else {
            None
        };
        // In batches: the encoder is faster on several texts at once.
        for batch in articles[seen..].chunks(64) {
            let vectors = embedder
                .as_ref()
                .and_then(|m| crate::embed::embed_articles(m, batch));
            for (i, a) in batch.iter().enumerate() {
                clusterer.add_embedded(a, vectors.as_ref().and_then(|v| v.get(i).cloned()));
                bar.inc(1);
            }
        }
        bar.finish_and_clear();
        states.push((
            CLUSTER,
            n,
            postcard::to_allocvec(&clusterer).map_err(|e| state_error("cluster state", e))?,
        ));
    }
    if !states.is_empty() {
        store.save_analyses(&links, &states)?;
    }
    // The analyze stage is per article: only new articles are analysed.
    let analysed = store.state_processed(ANALYZE)?.unwrap_or(0).min(n);
    if analysed < n {
        let mut facts = Vec::with_capacity(n - analysed);
        let bar = stage_bar("analyze", n - analysed);
        for a in articles.iter().skip(analysed) {
            let f = parallax_analyze::analyze(a);
            let json = serde_json::to_string(&f).map_err(|e| state_error("facts", e))?;
            facts.push((a.id.clone(), json));
            bar.inc(1);
        }
        bar.finish_and_clear();
        store.save_facts(&facts, ANALYZE, n)?;
    }
    Ok(Analyses {
        clusterer,
        articles,
    })
}

fn merge_entity(it: &mut EntityItem, id: &parallax_model::ArticleId, e: &parallax_model::Entity) {
    if !it.articles.contains(id) {
        it.articles.push(id.clone());
    }
    it.mentions += e.mentions.len().max(1);
    if it.role.is_none() {
        it.role.clone_from(&e.role);
    }
    if it.country.is_none() {
        it.country.clone_from(&e.country);
    }
    // The article's own name for it ("Obama" merged into Barack Obama) is an
    // alias too.
    for a in std::iter::once(&e.name).chain(&e.aliases) {
        if !it.aliases.iter().any(|x| x.eq_ignore_ascii_case(a)) && !it.name.eq_ignore_ascii_case(a)
        {
            it.aliases.push(a.clone());
        }
    }
}

/// Orders articles by date, undated last, ties in arrival order.
fn time_order<'a>(
    items: impl IntoIterator<Item = (usize, &'a Article)>,
) -> Vec<(usize, &'a Article)> {
    let mut v: Vec<_> = items.into_iter().collect();
    v.sort_by_key(|(i, a)| (a.published.is_none(), a.published, *i));
    v
}

/// Which events [`Analyses::compare`] compares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// Every event, with a progress bar when there are many.
    All(Progress),
    /// One event, by id.
    Event(u32),
}

/// One quote in the store, with where it came from and its clusters.
#[derive(Debug, Clone, serde::Serialize)]
pub struct QuoteItem {
    pub article: parallax_model::ArticleId,
    pub outlet: Option<String>,
    pub published: Option<PubDate>,
    /// The quote cluster: one statement, every wording of it.
    pub cluster: u32,
    /// Other clusters sharing a long phrase with this one: the same
    /// talking point in different statements.
    pub related: Vec<u32>,
    #[serde(flatten)]
    pub quote: parallax_model::Quote,
}

/// One claim in the store, with where it came from.
#[derive(Debug, Clone, serde::Serialize)]
pub struct ClaimItem {
    pub article: parallax_model::ArticleId,
    pub outlet: Option<String>,
    pub published: Option<PubDate>,
    #[serde(flatten)]
    pub claim: parallax_model::Claim,
}

/// An entity across the store: the articles' entities merged by name and
/// alias.
#[derive(Debug, Clone, serde::Serialize)]
pub struct EntityItem {
    pub name: String,
    pub kind: parallax_model::EntityKind,
    pub role: Option<String>,
    pub country: Option<String>,
    pub aliases: Vec<String>,
    pub articles: Vec<parallax_model::ArticleId>,
    pub mentions: usize,
}

impl Analyses {
    /// Each stored article's findings, in arrival order (empty for an
    /// article whose stored findings cannot be read, with a warning).
    pub fn facts<S: ArticleStore>(&self, store: &S) -> Result<Vec<parallax_model::Facts>> {
        let mut by: HashMap<parallax_model::ArticleId, String> =
            store.facts()?.into_iter().collect();
        Ok(self
            .articles
            .iter()
            .map(
                |a| match by.remove(&a.id).map(|j| serde_json::from_str(&j)) {
                    Some(Ok(f)) => f,
                    Some(Err(e)) => {
                        tracing::warn!(article = %a.id, error = %e, "unreadable stored facts");
                        parallax_model::Facts::default()
                    }
                    None => parallax_model::Facts::default(),
                },
            )
            .collect())
    }

    /// Every quote with its cluster and talking point, in arrival order.
    pub fn quotes(&self, facts: &[parallax_model::Facts]) -> Vec<QuoteItem> {
        let mut items: Vec<QuoteItem> = Vec::new();
        for (a, f) in self.articles.iter().zip(facts) {
            for q in &f.quotes {
                items.push(QuoteItem {
                    article: a.id.clone(),
                    outlet: a.outlet.clone(),
                    published: a.published,
                    cluster: 0,
                    related: Vec::new(),
                    quote: q.clone(),
                });
            }
        }
        let texts: Vec<&str> = items.iter().map(|q| q.quote.text.as_str()).collect();
        let c = parallax_analyze::cluster_quotes(
            &texts,
            &parallax_analyze::QuoteClusterConfig::default(),
        );
        for (i, q) in items.iter_mut().enumerate() {
            q.cluster = c.cluster[i];
            q.related.clone_from(&c.related[c.cluster[i] as usize]);
        }
        items
    }

    /// Every claim, in arrival order.
    pub fn claims(&self, facts: &[parallax_model::Facts]) -> Vec<ClaimItem> {
        let mut out = Vec::new();
        for (a, f) in self.articles.iter().zip(facts) {
            for c in &f.claims {
                out.push(ClaimItem {
                    article: a.id.clone(),
                    outlet: a.outlet.clone(),
                    published: a.published,
                    claim: c.clone(),
                });
            }
        }
        out
    }

    /// Entities across the store. Same kind and name (any case) merge; a
    /// one-word person ("Obama") joins the one full name in the store that
    /// contains it, when exactly one does.
    pub fn entities(&self, facts: &[parallax_model::Facts]) -> Vec<EntityItem> {
        use parallax_model::EntityKind::Person;
        let mut items: Vec<EntityItem> = Vec::new();
        let mut index: HashMap<(parallax_model::EntityKind, String), usize> = HashMap::new();
        let mut slot = |items: &mut Vec<EntityItem>, e: &parallax_model::Entity, key: String| {
            *index.entry((e.kind, key)).or_insert_with(|| {
                items.push(EntityItem {
                    name: e.name.clone(),
                    kind: e.kind,
                    role: None,
                    country: None,
                    aliases: Vec::new(),
                    articles: Vec::new(),
                    mentions: 0,
                });
                items.len() - 1
            })
        };
        let mut singles = Vec::new();
        for (a, f) in self.articles.iter().zip(facts) {
            for e in &f.entities {
                if e.kind == Person && !e.name.contains(' ') {
                    singles.push((&a.id, e));
                    continue;
                }
                let k = slot(&mut items, e, e.name.to_lowercase());
                merge_entity(&mut items[k], &a.id, e);
            }
        }
        // Each word of each full personal name -> the people it names.
        let mut by_word: HashMap<String, Vec<usize>> = HashMap::new();
        for (k, it) in items.iter().enumerate().filter(|(_, it)| it.kind == Person) {
            for w in it.name.to_lowercase().split_whitespace() {
                by_word.entry(w.to_string()).or_default().push(k);
            }
        }
        for (id, e) in singles {
            let word = e.name.to_lowercase();
            let k = match by_word.get(&word).map(Vec::as_slice) {
                Some([one]) => *one,
                _ => slot(&mut items, e, word),
            };
            merge_entity(&mut items[k], id, e);
        }
        items.sort_by(|a, b| {
            b.articles
                .len()
                .cmp(&a.articles.len())
                .then(b.mentions.cmp(&a.mentions))
        });
        items
    }

    /// The copy report: copy groups with their originals, and
    /// republications whose original is not in the store.
    pub fn copies<S: ArticleStore>(&self, store: &S) -> Result<Vec<CopyItem>> {
        let facts: Vec<CopyFacts<'_>> = self
            .articles
            .iter()
            .enumerate()
            .map(|(seq, article)| CopyFacts { article, seq })
            .collect();
        Ok(copy_report(&facts, &store.copy_links()?))
    }

    /// The comparison of each of `events` (or only of event `only`): its
    /// articles side by side, copies counted once (see
    /// [`parallax_compare`]). Each event reads only its own articles.
    pub fn compare(
        &self,
        events: &[Event],
        facts: &[parallax_model::Facts],
        quotes: &[QuoteItem],
        copies: &[CopyItem],
        cfg: &parallax_compare::CompareConfig,
        scope: Scope,
    ) -> Vec<parallax_compare::Comparison> {
        let (only, progress) = match scope {
            Scope::All(p) => (None, p),
            Scope::Event(id) => (Some(id), Progress::Hidden),
        };
        let todo = if only.is_some() { 1 } else { events.len() };
        let bar = crate::progress_bar(
            if todo >= 200 {
                progress
            } else {
                Progress::Hidden
            },
            todo,
            "{spinner} compare  [{bar:30}] {pos}/{len} events ({per_sec}, eta {eta})",
        );
        let index: HashMap<&parallax_model::ArticleId, usize> = self
            .articles
            .iter()
            .enumerate()
            .map(|(i, a)| (&a.id, i))
            .collect();
        // Quote clusters per article, in the order of its quotes.
        let mut clusters: Vec<Vec<u32>> = vec![Vec::new(); self.articles.len()];
        for q in quotes {
            if let Some(&i) = index.get(&q.article) {
                clusters[i].push(q.cluster);
            }
        }
        // Provenance: a copy's origin is its original's; a republication of
        // an agency story whose original is not stored has the agency as
        // origin, so two such copies count once.
        let by_article: HashMap<&parallax_model::ArticleId, &CopyItem> =
            copies.iter().map(|c| (&c.article, c)).collect();
        let origin = |id: &parallax_model::ArticleId| -> String {
            let mut at = id;
            for _ in 0..16 {
                match by_article.get(at) {
                    Some(CopyItem {
                        copy_of: Some(o), ..
                    }) => at = o,
                    Some(CopyItem {
                        copy_of: None,
                        credited_to: Some(agency),
                        ..
                    }) => return format!("agency:{}", agency.to_lowercase()),
                    _ => break,
                }
            }
            at.0.clone()
        };
        let out = events
            .iter()
            .filter(|e| only.is_none_or(|o| o == e.id))
            .map(|e| {
                let sources: Vec<parallax_compare::Source<'_>> = e
                    .articles
                    .iter()
                    .filter_map(|id| index.get(id).copied())
                    .map(|i| parallax_compare::Source {
                        article: &self.articles[i],
                        facts: &facts[i],
                        origin: origin(&self.articles[i].id),
                        copy: by_article
                            .get(&self.articles[i].id)
                            .map(|c| c.reason.clone()),
                        quote_clusters: clusters[i].clone(),
                    })
                    .collect();
                let c = parallax_compare::compare(e.id, &sources, cfg);
                bar.inc(1);
                c
            })
            .collect::<Vec<_>>();
        bar.finish_and_clear();
        out
    }

    /// The comparison of event `id` (one of `events`), reading the
    /// findings and copies it needs from the store; `None` when there is
    /// no such event.
    pub fn compare_event<S: ArticleStore>(
        &self,
        store: &S,
        events: &[Event],
        id: u32,
    ) -> Result<Option<parallax_compare::Comparison>> {
        let facts = self.facts(store)?;
        let quotes = self.quotes(&facts);
        let copies = self.copies(store)?;
        Ok(self
            .compare(
                events,
                &facts,
                &quotes,
                &copies,
                &Default::default(),
                Scope::Event(id),
            )
            .pop())
    }

    /// Events, in time order of their first article.
    pub fn events(&self) -> Vec<Event> {
        let mut members: BTreeMap<u32, Vec<usize>> = BTreeMap::new();
        for i in 0..self.articles.len().min(self.clusterer.len()) {
            members
                .entry(self.clusterer.event_of(i))
                .or_default()
                .push(i);
        }
        let mut merged: HashMap<u32, Vec<u32>> = HashMap::new();
        for m in self.clusterer.merges() {
            merged
                .entry(self.clusterer.event_of_node(m.into))
                .or_default()
                .push(m.from);
        }
        let mut events: Vec<Event> = members
            .into_iter()
            .map(|(id, idx)| {
                let ordered = time_order(idx.iter().map(|&i| (i, &self.articles[i])));
                let dates: Vec<PubDate> = ordered.iter().filter_map(|(_, a)| a.published).collect();
                let label = ordered
                    .iter()
                    .find(|(_, a)| {
                        a.title_source != Some(TitleSource::Derived) && a.title.is_some()
                    })
                    .or(ordered.first())
                    .and_then(|(_, a)| a.title.clone())
                    .unwrap_or_default();
                let mut outlets: Vec<String> = Vec::new();
                for (_, a) in &ordered {
                    if let Some(o) = &a.outlet {
                        if !outlets.contains(o) {
                            outlets.push(o.clone());
                        }
                    }
                }
                Event {
                    id,
                    label,
                    start: dates.iter().min().copied(),
                    end: dates.iter().max().copied(),
                    articles: ordered.iter().map(|(_, a)| a.id.clone()).collect(),
                    outlets,
                    storyline: self.clusterer.storyline_of_event(id),
                    merged: merged.remove(&id).unwrap_or_default(),
                }
            })
            .collect();
        events.sort_by_key(|e| (e.start.is_none(), e.start, e.id));
        events
    }

    /// Storylines of `events` (as returned by [`Analyses::events`]), with
    /// their events in time order.
    pub fn storylines(&self, events: &[Event]) -> Vec<Storyline> {
        let mut by: BTreeMap<u32, Vec<&Event>> = BTreeMap::new();
        for e in events {
            by.entry(e.storyline).or_default().push(e);
        }
        let mut out: Vec<Storyline> = by
            .into_iter()
            .map(|(id, evs)| {
                let label = evs
                    .iter()
                    .max_by_key(|e| (e.articles.len(), std::cmp::Reverse(e.id)))
                    .map(|e| e.label.clone())
                    .unwrap_or_default();
                Storyline {
                    id,
                    label,
                    start: evs.iter().filter_map(|e| e.start).min(),
                    end: evs.iter().filter_map(|e| e.end).max(),
                    events: evs.iter().map(|e| e.id).collect(),
                    articles: evs.iter().map(|e| e.articles.len()).sum(),
                }
            })
            .collect();
        out.sort_by_key(|s| (s.start.is_none(), s.start, s.id));
        out
    }
}
