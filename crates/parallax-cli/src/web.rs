//! The web pages of `parallax serve`: the front page (search and a page of
//! events), one page per event (rendered by the report's HTML writer), per
//! storyline and per quote cluster.

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
        vectors: &parallax_engine::vindex::VectorIndex,
    ) -> parallax_engine::Result<String> {
        use parallax_engine::search::Mode;
        let (events, total) = engine.events_page(&EventQuery {
            offset,
            limit: html::FRONT_PAGE,
            min_articles: 1,
            ..Default::default()
        })?;
        // Hybrid where the server has the sentence model (the best ranking
        // `eval search` measures), else lexical.
        let (mode, hits) = match query {
            Some(q) => {
                let (mode, hits) = engine.search_by(q, Mode::Hybrid, Some(vectors), HITS)?;
                (mode, Some((q, hits)))
            }
            None => (Mode::Lexical, None),
        };
        Ok(html::front(
            &events,
            total,
            offset,
            hits.as_ref().map(|(q, h)| (*q, h.as_slice())),
            mode,
        ))
    }

    fn storyline(
        &self,
        engine: &mut Engine<Store>,
        id: u32,
    ) -> parallax_engine::Result<Option<String>> {
        Ok(engine
            .storyline(id)?
            .map(|(line, events)| html::storyline_page(&line, &events)))
    }

    fn quote(
        &self,
        engine: &mut Engine<Store>,
        cluster: u32,
    ) -> parallax_engine::Result<Option<String>> {
        Ok(engine
            .quote_cluster(cluster)?
            .map(|(variants, related)| html::quote_page(cluster, &variants, &related)))
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
