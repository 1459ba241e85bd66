//! `parallax export`: flat rows for analysts who go on in pandas, R or a
//! spreadsheet. One row type per table, written as JSON Lines or CSV from
//! the same serde struct (lists are joined with "; " so a CSV cell holds
//! them). Rows are written as the store is walked, a step at a time, so an
//! export's memory does not grow with the store (but for the articles
//! table's copy column: the copy groups' members, a few ids each).

use std::borrow::Cow;
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
    source: Cow<'a, str>,
    url: Option<Cow<'a, str>>,
    outlet: Option<Cow<'a, str>>,
    published: Option<String>,
    published_source: Option<String>,
    title: Option<Cow<'a, str>>,
    language: Option<&'a str>,
    words: usize,
    event: Option<u32>,
    storyline: Option<u32>,
    copy_kind: Option<&'static str>,
    copy_of: Option<&'a str>,
    credited_to: Option<Cow<'a, str>>,
    credits: Cow<'a, str>,
}

#[derive(Serialize)]
struct EventRow<'a> {
    id: u32,
    storyline: u32,
    start: Option<String>,
    end: Option<String>,
    label: Cow<'a, str>,
    articles: usize,
    outlets: Cow<'a, str>,
    article_ids: String,
}

#[derive(Serialize)]
struct QuoteRow<'a> {
    article: &'a str,
    outlet: Option<Cow<'a, str>>,
    published: Option<String>,
    event: Option<u32>,
    cluster: u32,
    kind: &'static str,
    speaker: Option<Cow<'a, str>>,
    speaker_as_written: Option<Cow<'a, str>>,
    cue: Option<Cow<'a, str>>,
    text: Cow<'a, str>,
}

#[derive(Serialize)]
struct ClaimRow<'a> {
    article: &'a str,
    outlet: Option<Cow<'a, str>>,
    published: Option<String>,
    event: Option<u32>,
    kind: &'static str,
    value: f64,
    value_to: Option<f64>,
    unit: Option<Cow<'a, str>>,
    hedge: Option<Cow<'a, str>>,
    measures: Option<Cow<'a, str>>,
    period: Option<Cow<'a, str>>,
    text: Cow<'a, str>,
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

/// A text cell as a CSV export writes it: a cell a spreadsheet would run
/// as a formula (one beginning `=`, `+`, `-`, `@`, a tab or a carriage
/// return: a title or a quote comes from pages anyone can write) gets a
/// single quote before it, as OWASP's advice on CSV injection has it, so
/// that it is shown as text. JSON Lines are written as they are.
fn cell<'a>(csv: bool, s: impl Into<Cow<'a, str>>) -> Cow<'a, str> {
    let s = s.into();
    if csv && s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        Cow::Owned(format!("'{s}"))
    } else {
        s
    }
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
    let csv = format == ExportFormat::Csv;
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
                    source: cell(csv, &a.source),
                    url: a.url.as_deref().map(|s| cell(csv, s)),
                    outlet: a.outlet.as_deref().map(|s| cell(csv, s)),
                    published: date(a.published),
                    published_source: a.published_source.map(|s| format!("{s:?}").to_lowercase()),
                    title: a.title.as_deref().map(|s| cell(csv, s)),
                    language: a.language.as_deref(),
                    words: a.body.split_whitespace().count(),
                    event: w.event.map(|e| e.0),
                    storyline: w.event.map(|e| e.1),
                    copy_kind: c.map(|c| c.kind.as_str()),
                    copy_of: c.and_then(|c| c.copy_of.as_ref()).map(ArticleId::as_str),
                    credited_to: c
                        .and_then(|c| c.credited_to.as_deref())
                        .map(|s| cell(csv, s)),
                    credits: cell(csv, a.credits.join("; ")),
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
                    label: cell(csv, &e.label),
                    articles: e.articles.len(),
                    outlets: cell(csv, e.outlets.join("; ")),
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
                    outlet: a.outlet.as_deref().map(|s| cell(csv, s)),
                    published: date(a.published),
                    event: w.event.map(|e| e.0),
                    cluster: w.clusters.get(k).copied().unwrap_or(u32::MAX),
                    kind: q.kind.as_str(),
                    speaker: q.speaker.as_deref().map(|s| cell(csv, s)),
                    speaker_as_written: q.speaker_as_written.as_deref().map(|s| cell(csv, s)),
                    cue: q.cue.as_deref().map(|s| cell(csv, s)),
                    text: cell(csv, &q.text),
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
                    outlet: a.outlet.as_deref().map(|s| cell(csv, s)),
                    published: date(a.published),
                    event: w.event.map(|e| e.0),
                    kind: c.kind.as_str(),
                    value: c.value,
                    value_to: c.value_to,
                    unit: c.unit.as_deref().map(|s| cell(csv, s)),
                    hedge: c.hedge.as_deref().map(|s| cell(csv, s)),
                    measures: c.measures.as_deref().map(|s| cell(csv, s)),
                    period: c.period.as_deref().map(|s| cell(csv, s)),
                    text: cell(csv, &c.text),
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
