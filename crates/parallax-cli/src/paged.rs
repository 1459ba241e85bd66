//! The coverage report of a store of any size: an index page and one page
//! per chosen event (`--out DIR`), each built from that event's own
//! articles and findings, so memory is one event's and time the chosen
//! events', whatever the store holds.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::Context;
use parallax_engine::store::{ArticleStore, EventOrder, EventQuery};
use parallax_engine::Engine;
use parallax_model::EventSummary;

use crate::report::{self, Report, Style};

/// Which events a paged report shows.
#[derive(Debug, Clone, Default)]
pub struct Choice {
    /// One event only.
    pub event: Option<u32>,
    /// The largest N (else every event, in time order).
    pub top: Option<usize>,
    pub since: Option<String>,
    pub until: Option<String>,
}

/// Event `id`, or the one it was merged into (said on standard error):
/// an id from an earlier listing still leads to its articles.
pub fn followed<S: ArticleStore>(engine: &mut Engine<S>, id: u32) -> anyhow::Result<u32> {
    Ok(match engine.merged_into(id)? {
        Some(into) => {
            eprintln!("event {id} was merged into event {into}: showing that");
            into
        }
        None => id,
    })
}

/// Writes `index.EXT` and `event-ID.EXT` into `dir` (created), HTML or
/// Markdown; returns the number of event pages. Each file is written
/// beside its name and renamed into place, so a failed run leaves no half
/// page.
pub fn write<S: ArticleStore>(
    engine: &mut Engine<S>,
    choice: &Choice,
    html: bool,
    dir: &Path,
) -> anyhow::Result<usize> {
    std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    // Each event's comparison is written out and not asked for again: the
    // engine keeps only the last, so memory stays one event's (keeping
    // them all took the report of the 50 largest events at 1M articles
    // past 1 GB).
    engine.share_comparisons(parallax_engine::ComparisonCache::with_capacity(1));
    let ext = if html { "html" } else { "md" };
    let (events, total) = match choice.event {
        Some(asked) => {
            let id = followed(engine, asked)?;
            let e = engine
                .event_summary(id)?
                .with_context(|| format!("no event {id} (see `parallax events`)"))?;
            (vec![e], 1)
        }
        None => engine.events_page(&EventQuery {
            since: choice.since.clone(),
            until: choice.until.clone(),
            min_articles: 1,
            offset: 0,
            limit: choice.top.unwrap_or(usize::MAX),
            order: if choice.top.is_some() {
                EventOrder::Largest
            } else {
                EventOrder::Time
            },
        })?,
    };
    let page = |e: &EventSummary| format!("event-{}.{ext}", e.id);
    for e in &events {
        // A page in HTML lists its articles from their cards; in Markdown
        // it gives each one's length, so it reads their texts.
        let body = if html {
            let Some((event, c, cards)) = engine.compare_event_with_cards(e.id)? else {
                continue;
            };
            let page = crate::html::event_page(
                &event,
                &c,
                &cards,
                Some(("index.html", "All events")),
                false,
            );
            page.into_bytes()
        } else {
            let Some((event, c)) = engine.compare_event(e.id)? else {
                continue;
            };
            let members = engine.store().event_members(e.id)?;
            let articles: Vec<_> = engine
                .store()
                .articles_at(&members)?
                .into_iter()
                .map(|(_, a)| a)
                .collect();
            let mut body = Vec::new();
            Report::of_event(&event, &c, &articles, |view| -> anyhow::Result<()> {
                writeln!(body, "[All events](index.md)\n")?;
                report::write(view, Style::Markdown, &mut body)?;
                Ok(())
            })?;
            body
        };
        put(&dir.join(page(e)), &body)?;
    }
    let title = "Coverage report";
    let mut index = Vec::new();
    if html {
        index.extend_from_slice(crate::html::index(title, &events, total, page).as_bytes());
    } else {
        writeln!(index, "# {title}\n")?;
        writeln!(index, "{} of {total} events in the store.\n", events.len())?;
        for e in &events {
            writeln!(
                index,
                "- {}: [{}]({}) ({})",
                crate::print::span(e.start, e.end),
                Style::Markdown.esc(&parallax_text::clip(&e.label, 110)),
                page(e),
                Style::Markdown.esc(&crate::print::articles_from(
                    e.articles,
                    &e.outlets,
                    crate::print::OUTLETS_LISTED
                ))
            )?;
        }
    }
    put(&dir.join(format!("index.{ext}")), &index)?;
    Ok(events.len())
}

fn put(path: &PathBuf, bytes: &[u8]) -> anyhow::Result<()> {
    let tmp = path.with_extension("partial");
    std::fs::write(&tmp, bytes).with_context(|| format!("cannot write {}", tmp.display()))?;
    std::fs::rename(&tmp, path).with_context(|| format!("cannot write {}", path.display()))
}
