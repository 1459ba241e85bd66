//! Full-text search over the stored articles: the store's FTS5 index
//! (BM25 over titles and bodies, fed like a stage) ranks; this module
//! reads the hits' articles and events and cuts a snippet around the first
//! words of the query found in each body.

use parallax_model::{ArticleId, PubDate};
use serde::Serialize;

use crate::store::ArticleStore;
use crate::Result;

/// One article found.
#[derive(Debug, Clone, Serialize)]
pub struct Hit {
    pub article: ArticleId,
    pub title: Option<String>,
    pub outlet: Option<String>,
    pub published: Option<PubDate>,
    /// Its event, once placed.
    pub event: Option<u32>,
    /// BM25: higher is better; comparable within one query only.
    pub score: f64,
    /// Words of the body around the first query word found in it.
    pub snippet: String,
    /// Byte ranges `[start, end)` of the query's words in `snippet`.
    pub highlights: Vec<[usize; 2]>,
}

/// The words of a text, lowercase, with their byte ranges: letters and
/// digits, split as the index's tokenizer splits them.
fn words(text: &str) -> impl Iterator<Item = (usize, usize)> + '_ {
    let mut i = 0;
    std::iter::from_fn(move || {
        let rest = &text[i..];
        let start = i + rest.find(|c: char| c.is_alphanumeric())?;
        let len = text[start..]
            .find(|c: char| !c.is_alphanumeric())
            .unwrap_or(text.len() - start);
        i = start + len;
        Some((start, start + len))
    })
}

/// Words before the first hit a snippet keeps, and words in all.
const BEFORE: usize = 12;
const WORDS: usize = 40;

/// A window of `body` around the first of `query`'s words in it (the
/// body's start when none is), with the query's words marked.
pub fn snippet(body: &str, query: &str) -> (String, Vec<[usize; 2]>) {
    let wanted: std::collections::HashSet<String> = words(query)
        .map(|(s, e)| query[s..e].to_lowercase())
        .collect();
    let all: Vec<(usize, usize)> = words(body).collect();
    let hit = |&(s, e): &(usize, usize)| wanted.contains(&body[s..e].to_lowercase());
    let first = all.iter().position(hit).unwrap_or(0);
    let from = first.saturating_sub(BEFORE);
    let to = (from + WORDS).min(all.len());
    let Some((start, end)) = all
        .get(from)
        .map(|w| w.0)
        .zip(all.get(to.max(1) - 1).map(|w| w.1))
    else {
        return (String::new(), Vec::new());
    };
    let marks = all[from..to]
        .iter()
        .filter(|w| hit(w))
        .map(|&(s, e)| [s - start, e - start])
        .collect();
    (body[start..end].to_string(), marks)
}

/// The best `limit` articles for `query`, best first.
pub fn search<S: ArticleStore>(store: &S, query: &str, limit: usize) -> Result<Vec<Hit>> {
    let ranked = store.search(query, limit)?;
    let seqs: Vec<i64> = ranked.iter().map(|(s, _)| *s).collect();
    let mut articles: std::collections::HashMap<i64, parallax_model::Article> =
        store.articles_at(&seqs)?.into_iter().collect();
    let events: std::collections::HashMap<i64, u32> = store
        .events_of(&seqs)?
        .into_iter()
        .map(|(seq, e, _)| (seq, e))
        .collect();
    Ok(ranked
        .into_iter()
        .filter_map(|(seq, score)| {
            let a = articles.remove(&seq)?;
            let (snippet, highlights) = snippet(&a.body, query);
            Some(Hit {
                article: a.id,
                title: a.title,
                outlet: a.outlet,
                published: a.published,
                event: events.get(&seq).copied(),
                score,
                snippet,
                highlights,
            })
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_snippet_starts_near_the_first_query_word_and_marks_each() {
        let body = (0..100)
            .map(|i| format!("w{i}"))
            .collect::<Vec<_>>()
            .join(" ")
            + " The Harbour closed; harbour masters met.";
        let (s, marks) = snippet(&body, "HARBOUR ferries");
        assert!(s.starts_with("w89 "), "{s}");
        let marked: Vec<&str> = marks.iter().map(|[a, b]| &s[*a..*b]).collect();
        assert_eq!(marked, ["Harbour", "harbour"]);
        // No query word in it: the body's start.
        let (s, marks) = snippet("Ümlaut first, then more words.", "absent");
        assert!(s.starts_with("Ümlaut") && marks.is_empty());
        assert_eq!(snippet("", "x"), (String::new(), Vec::new()));
    }
}

/// One row of `eval search`: a mode's figures.
#[derive(Debug, Clone, Serialize)]
pub struct EvalRow {
    pub mode: &'static str,
    /// Queries asked: articles with a title and at least one other article
    /// in their event.
    pub queries: usize,
    /// Mean over queries of the share of the other articles of the query's
    /// event found in the first 10 (the query's own article left out).
    pub recall_at_10: f64,
    /// Mean reciprocal rank of the first other article of the event.
    pub mrr: f64,
}

/// Scores search on a labeled set: each article's title is the query,
/// the other articles of its event are the relevant ones. The articles
/// are stored in `store` (an empty store) and the index built as the
/// stages build it.
pub fn evaluate<S: ArticleStore>(
    store: S,
    items: Vec<parallax_ingest::labeled::Labeled>,
) -> Result<Vec<EvalRow>> {
    let mut label_of: std::collections::HashMap<ArticleId, String> = Default::default();
    let mut titles: Vec<(ArticleId, String)> = Vec::new();
    let mut entries = Vec::new();
    for it in items {
        label_of.insert(it.raw.id.clone(), it.label.clone());
        entries.push(Ok(parallax_ingest::Entry::Article(Box::new(it.raw))));
    }
    let cfg = crate::EngineConfig {
        embeddings: false,
        ..Default::default()
    };
    let mut engine = crate::Engine::new(store, cfg);
    engine.ingest_entries(entries)?;
    engine.catch_up(crate::Progress::Hidden)?;
    let mut after = 0;
    loop {
        let chunk = engine.store().articles_since(after, 500)?;
        let Some(&(last, _)) = chunk.last() else {
            break;
        };
        for (_, a) in chunk {
            if let Some(t) = a.title.filter(|t| !t.trim().is_empty()) {
                titles.push((a.id, t));
            }
        }
        after = last;
    }
    let mut size: std::collections::HashMap<&str, usize> = Default::default();
    for l in label_of.values() {
        *size.entry(l.as_str()).or_default() += 1;
    }
    let (mut n, mut recall, mut rr) = (0usize, 0f64, 0f64);
    for (id, title) in &titles {
        let Some(label) = label_of.get(id) else {
            continue;
        };
        let relevant = size[label.as_str()] - 1;
        if relevant == 0 {
            continue;
        }
        let hits = search(engine.store(), title, 11)?;
        let ranked: Vec<&ArticleId> = hits
            .iter()
            .map(|h| &h.article)
            .filter(|a| *a != id)
            .collect();
        let is_relevant = |a: &ArticleId| label_of.get(a) == Some(label);
        let found = ranked.iter().take(10).filter(|a| is_relevant(a)).count();
        n += 1;
        recall += found as f64 / relevant as f64;
        if let Some(r) = ranked.iter().position(|a| is_relevant(a)) {
            rr += 1.0 / (r + 1) as f64;
        }
    }
    let mean = |x: f64| if n == 0 { 0.0 } else { x / n as f64 };
    Ok(vec![EvalRow {
        mode: "lexical",
        queries: n,
        recall_at_10: mean(recall),
        mrr: mean(rr),
    }])
}
