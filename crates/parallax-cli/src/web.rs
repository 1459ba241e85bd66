//! The web pages of `parallax serve`: the front page (search and a page of
//! events) and one page per event, rendered by the report's HTML writer.

use parallax_engine::store::{EventQuery, Store};
use parallax_engine::Engine;

use crate::html;
use crate::report::Report;

/// Articles a search on the front page lists.
const HITS: usize = 20;

#[derive(Debug)]
pub struct WebPages;

impl parallax_serve::Pages for WebPages {
    fn front(
        &self,
        engine: &mut Engine<Store>,
        offset: usize,
        query: Option<&str>,
    ) -> parallax_engine::Result<String> {
        let (events, total) = engine.events_page(&EventQuery {
            offset,
            limit: html::FRONT_PAGE,
            min_articles: 1,
            ..Default::default()
        })?;
        let hits = match query {
            Some(q) => Some((q, engine.search(q, HITS)?)),
            None => None,
        };
        Ok(html::front(
            &events,
            total,
            offset,
            hits.as_ref().map(|(q, h)| (*q, h.as_slice())),
        ))
    }

    fn event(
        &self,
        engine: &mut Engine<Store>,
        id: u32,
    ) -> parallax_engine::Result<Option<String>> {
        let Some((event, c, articles)) = engine.compare_event_with_articles(id)? else {
            return Ok(None);
        };
        let page = Report::of_event(&event, &c, &articles, |view| {
            html::report(view, Some(("/", "All events, and search")))
        });
        Ok(Some(page))
    }
}
