//! `parallax export`: flat rows for analysts who go on in pandas, R or a
//! spreadsheet. One row type per table, written as JSON Lines or CSV from
//! the same serde struct (lists are joined with "; " so a CSV cell holds
//! them).

use std::collections::HashMap;
use std::io::Write;

use parallax_engine::analyses::{ClaimItem, QuoteItem};
use parallax_model::{Article, ArticleId, CopyItem, Event};
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

/// Writes rows in `format`.
fn write_rows<T: Serialize>(
    rows: impl Iterator<Item = T>,
    format: ExportFormat,
    out: &mut dyn Write,
) -> anyhow::Result<usize> {
    let mut n = 0;
    match format {
        ExportFormat::Jsonl => {
            for r in rows {
                serde_json::to_writer(&mut *out, &r)?;
                out.write_all(b"\n")?;
                n += 1;
            }
        }
        ExportFormat::Csv => {
            let mut w = csv::Writer::from_writer(&mut *out);
            for r in rows {
                w.serialize(r)?;
                n += 1;
            }
            w.flush()?;
        }
    }
    Ok(n)
}

/// Everything an export may need, borrowed.
#[derive(Debug)]
pub struct Tables<'a> {
    pub articles: &'a [Article],
    pub events: &'a [Event],
    pub copies: &'a [CopyItem],
    pub quotes: &'a [QuoteItem],
    pub claims: &'a [ClaimItem],
}

/// Writes one table; returns the number of rows.
pub fn export(
    t: &Tables<'_>,
    what: What,
    format: ExportFormat,
    out: &mut dyn Write,
) -> anyhow::Result<usize> {
    let event_of: HashMap<&ArticleId, &Event> = t
        .events
        .iter()
        .flat_map(|e| e.articles.iter().map(move |a| (a, e)))
        .collect();
    let date = |d: Option<parallax_model::PubDate>| d.map(|d| d.to_string());
    match what {
        What::Articles => {
            let copy_of: HashMap<&ArticleId, &CopyItem> =
                t.copies.iter().map(|c| (&c.article, c)).collect();
            write_rows(
                t.articles.iter().map(|a| {
                    let c = copy_of.get(&a.id);
                    let e = event_of.get(&a.id);
                    ArticleRow {
                        id: a.id.as_str(),
                        source: &a.source,
                        url: a.url.as_deref(),
                        outlet: a.outlet.as_deref(),
                        published: date(a.published),
                        published_source: a
                            .published_source
                            .map(|s| format!("{s:?}").to_lowercase()),
                        title: a.title.as_deref(),
                        language: a.language.as_deref(),
                        words: a.body.split_whitespace().count(),
                        event: e.map(|e| e.id),
                        storyline: e.map(|e| e.storyline),
                        copy_kind: c.map(|c| c.kind.as_str()),
                        copy_of: c.and_then(|c| c.copy_of.as_ref()).map(ArticleId::as_str),
                        credited_to: c.and_then(|c| c.credited_to.as_deref()),
                        credits: a.credits.join("; "),
                    }
                }),
                format,
                out,
            )
        }
        What::Events => write_rows(
            t.events.iter().map(|e| EventRow {
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
            }),
            format,
            out,
        ),
        What::Quotes => write_rows(
            t.quotes.iter().map(|q| QuoteRow {
                article: q.article.as_str(),
                outlet: q.outlet.as_deref(),
                published: date(q.published),
                event: event_of.get(&q.article).map(|e| e.id),
                cluster: q.cluster,
                kind: q.quote.kind.as_str(),
                speaker: q.quote.speaker.as_deref(),
                speaker_as_written: q.quote.speaker_as_written.as_deref(),
                cue: q.quote.cue.as_deref(),
                text: &q.quote.text,
            }),
            format,
            out,
        ),
        What::Claims => write_rows(
            t.claims.iter().map(|c| ClaimRow {
                article: c.article.as_str(),
                outlet: c.outlet.as_deref(),
                published: date(c.published),
                event: event_of.get(&c.article).map(|e| e.id),
                kind: c.claim.kind.as_str(),
                value: c.claim.value,
                value_to: c.claim.value_to,
                unit: c.claim.unit.as_deref(),
                hedge: c.claim.hedge.as_deref(),
                measures: c.claim.measures.as_deref(),
                period: c.claim.period.as_deref(),
                text: &c.claim.text,
            }),
            format,
            out,
        ),
    }
}
