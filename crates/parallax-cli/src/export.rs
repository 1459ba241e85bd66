//! `parallax export`: flat rows for analysts who go on in pandas, R or a
//! spreadsheet. One row type per table, written as JSON Lines or CSV from
//! the same serde struct (lists are joined with "; " so a CSV cell holds
//! them). Rows are written as the store is walked, a step at a time, so an
//! export's memory does not grow with the store (but for the articles
//! table's copy column: the copy groups' members, a few ids each).

use std::collections::HashMap;
use std::io::Write;

use parallax_engine::store::ArticleStore;
use parallax_engine::Engine;
use parallax_model::{ArticleId, CopyItem};
use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ExportFormat {
    Jsonl,
    Csv,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum What {
    Articles,
    Events,
    Quotes,
    Claims,
    // The articles' sentence embeddings, as the cluster stage kept them
    // (a doc comment here would turn clap's help into its long form).
    Embeddings,
}

#[derive(Serialize)]
struct ArticleRow<'a> {
    id: &'a str,
    source: &'a str,
    url: Option<&'a str>,
    outlet: Option<&'a str>,
    published: Option<String>,
    published_source: Option<String>,
    title: Option<&'a str>,
    language: Option<&'a str>,
    words: usize,
    event: Option<u32>,
    storyline: Option<u32>,
    copy_kind: Option<&'static str>,
    copy_of: Option<&'a str>,
    credited_to: Option<&'a str>,
    credits: String,
}

#[derive(Serialize)]
struct EventRow<'a> {
    id: u32,
    storyline: u32,
    start: Option<String>,
    end: Option<String>,
    label: &'a str,
    articles: usize,
    outlets: String,
    article_ids: String,
}

#[derive(Serialize)]
struct QuoteRow<'a> {
    article: &'a str,
    outlet: Option<&'a str>,
    published: Option<String>,
    event: Option<u32>,
    cluster: u32,
    kind: &'static str,
    speaker: Option<&'a str>,
    speaker_as_written: Option<&'a str>,
    cue: Option<&'a str>,
    text: &'a str,
}

#[derive(Serialize)]
struct ClaimRow<'a> {
    article: &'a str,
    outlet: Option<&'a str>,
    published: Option<String>,
    event: Option<u32>,
    kind: &'static str,
    value: f64,
    value_to: Option<f64>,
    unit: Option<&'a str>,
    hedge: Option<&'a str>,
    measures: Option<&'a str>,
    period: Option<&'a str>,
    text: &'a str,
}

#[derive(Serialize)]
struct EmbeddingRow<'a> {
    id: &'a str,
    model: &'a str,
    vector: &'a [f32],
}

/// CSV cells hold no lists: the vector is its numbers, space-separated.
#[derive(Serialize)]
struct EmbeddingCsvRow<'a> {
    id: &'a str,
    model: &'a str,
    dim: usize,
    vector: String,
}

/// Embeddings read at a time.
const VECTORS_STEP: usize = 1024;

/// Writes rows one at a time in `format`.
struct Rows<'w> {
    format: ExportFormat,
    csv: Option<csv::Writer<&'w mut dyn Write>>,
    json: Option<&'w mut dyn Write>,
    n: usize,
}

impl<'w> Rows<'w> {
    fn new(format: ExportFormat, out: &'w mut dyn Write) -> Self {
        match format {
            ExportFormat::Jsonl => Rows {
                format,
                csv: None,
                json: Some(out),
                n: 0,
            },
            ExportFormat::Csv => Rows {
                format,
                csv: Some(csv::Writer::from_writer(out)),
                json: None,
                n: 0,
            },
        }
    }

    fn write<T: Serialize>(&mut self, row: T) -> anyhow::Result<()> {
        match (self.format, &mut self.json, &mut self.csv) {
            (ExportFormat::Jsonl, Some(out), _) => {
                serde_json::to_writer(&mut **out, &row)?;
                out.write_all(b"\n")?;
            }
            (ExportFormat::Csv, _, Some(w)) => w.serialize(row)?,
            _ => unreachable!("made with a writer for its format"),
        }
        self.n += 1;
        Ok(())
    }

    fn finish(mut self) -> anyhow::Result<usize> {
        if let Some(w) = &mut self.csv {
            w.flush()?;
        }
        Ok(self.n)
    }
}

/// Copy groups read at a time for the articles table's copy column.
const GROUPS_STEP: usize = 256;

/// Writes one table, walking the store; returns the number of rows.
pub fn export<S: ArticleStore>(
    engine: &mut Engine<S>,
    what: What,
    format: ExportFormat,
    out: &mut dyn Write,
) -> anyhow::Result<usize> {
    let mut rows = Rows::new(format, out);
    let date = |d: Option<parallax_model::PubDate>| d.map(|d| d.to_string());
    match what {
        What::Articles => {
            // Each copy's item, read a page of copy groups at a time.
            let mut copy_of: HashMap<ArticleId, CopyItem> = HashMap::new();
            let mut offset = 0;
            loop {
                let (items, _, groups) = engine.copies_page(offset, GROUPS_STEP)?;
                copy_of.extend(items.into_iter().map(|c| (c.article.clone(), c)));
                offset += GROUPS_STEP;
                if offset >= groups {
                    break;
                }
            }
            engine.walk(false, |w| {
                let a = w.article;
                let c = copy_of.get(&a.id);
                rows.write(ArticleRow {
                    id: a.id.as_str(),
                    source: &a.source,
                    url: a.url.as_deref(),
                    outlet: a.outlet.as_deref(),
                    published: date(a.published),
                    published_source: a.published_source.map(|s| format!("{s:?}").to_lowercase()),
                    title: a.title.as_deref(),
                    language: a.language.as_deref(),
                    words: a.body.split_whitespace().count(),
                    event: w.event.map(|e| e.0),
                    storyline: w.event.map(|e| e.1),
                    copy_kind: c.map(|c| c.kind.as_str()),
                    copy_of: c.and_then(|c| c.copy_of.as_ref()).map(ArticleId::as_str),
                    credited_to: c.and_then(|c| c.credited_to.as_deref()),
                    credits: a.credits.join("; "),
                })
                .map_err(|e| parallax_engine::Error::State(e.to_string()))
            })?;
        }
        What::Events => {
            let all = parallax_engine::store::EventQuery {
                limit: usize::MAX,
                ..Default::default()
            };
            // The listing's summaries (the stages caught up once), then
            // each event's record for its member list, one at a time.
            let (summaries, _) = engine.events_page(&all)?;
            for s in &summaries {
                let Some(e) = parallax_engine::analyses::EventView::record(engine.store(), s.id)?
                else {
                    continue;
                };
                rows.write(EventRow {
                    id: e.id,
                    storyline: e.storyline,
                    start: date(e.start),
                    end: date(e.end),
                    label: &e.label,
                    articles: e.articles.len(),
                    outlets: e.outlets.join("; "),
                    article_ids: e
                        .articles
                        .iter()
                        .map(ArticleId::as_str)
                        .collect::<Vec<_>>()
                        .join(" "),
                })?;
            }
        }
        What::Quotes => engine.walk(true, |w| {
            let a = w.article;
            for (k, q) in w.facts.quotes.iter().enumerate() {
                rows.write(QuoteRow {
                    article: a.id.as_str(),
                    outlet: a.outlet.as_deref(),
                    published: date(a.published),
                    event: w.event.map(|e| e.0),
                    cluster: w.clusters.get(k).copied().unwrap_or(u32::MAX),
                    kind: q.kind.as_str(),
                    speaker: q.speaker.as_deref(),
                    speaker_as_written: q.speaker_as_written.as_deref(),
                    cue: q.cue.as_deref(),
                    text: &q.text,
                })
                .map_err(|e| parallax_engine::Error::State(e.to_string()))?;
            }
            Ok(())
        })?,
        What::Claims => engine.walk(false, |w| {
            let a = w.article;
            for c in &w.facts.claims {
                rows.write(ClaimRow {
                    article: a.id.as_str(),
                    outlet: a.outlet.as_deref(),
                    published: date(a.published),
                    event: w.event.map(|e| e.0),
                    kind: c.kind.as_str(),
                    value: c.value,
                    value_to: c.value_to,
                    unit: c.unit.as_deref(),
                    hedge: c.hedge.as_deref(),
                    measures: c.measures.as_deref(),
                    period: c.period.as_deref(),
                    text: &c.text,
                })
                .map_err(|e| parallax_engine::Error::State(e.to_string()))?;
            }
            Ok(())
        })?,
        What::Embeddings => {
            // Embeddings are made as the stages place articles.
            engine.catch_up(parallax_engine::Progress::Hidden)?;
            let mut after = 0;
            loop {
                let page = engine.store().vectors_since(after, VECTORS_STEP)?;
                let Some(last) = page.last() else { break };
                after = last.seq;
                for parallax_engine::store::StoredVector {
                    id,
                    model,
                    vector: v,
                    ..
                } in &page
                {
                    match format {
                        ExportFormat::Jsonl => rows.write(EmbeddingRow {
                            id: id.as_str(),
                            model,
                            vector: v,
                        })?,
                        ExportFormat::Csv => rows.write(EmbeddingCsvRow {
                            id: id.as_str(),
                            model,
                            dim: v.len(),
                            vector: v.iter().map(f32::to_string).collect::<Vec<_>>().join(" "),
                        })?,
                    }
                }
            }
        }
    }
    if what == What::Embeddings && rows.n == 0 {
        tracing::warn!(
            "no embeddings stored: articles get one when they are placed with the sentence-embedding model installed (bash scripts/setup-model.sh)"
        );
    }
    rows.finish()
}
