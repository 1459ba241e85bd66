//! The web pages of `parallax serve`: the front page (search and a page of
//! events), one page per event (rendered by the report's HTML writer), per
//! storyline and per quote cluster.

use parallax_engine::store::{EventQuery, Store};
use parallax_engine::Engine;

use crate::html;

/// Articles a search on the front page lists.
const HITS: usize = 20;

/// Articles the search page ranks before its filters choose.
const SEARCH_POOL: usize = 500;

#[derive(Debug)]
pub struct WebPages;

impl parallax_serve::Pages for WebPages {
    fn front(
        &self,
        engine: &mut Engine<Store>,
        offset: usize,
        largest: bool,
        query: Option<&str>,
        vectors: &parallax_engine::vindex::VectorIndex,
    ) -> parallax_engine::Result<String> {
        use parallax_engine::search::{Copies, Mode};
        use parallax_engine::store::EventOrder;
        let (events, total) = engine.events_page(&EventQuery {
            offset,
            limit: html::FRONT_PAGE,
            min_articles: 1,
            order: if largest {
                EventOrder::Largest
            } else {
                EventOrder::Time
            },
            ..Default::default()
        })?;
        // Hybrid where the server has the sentence model (the best ranking
        // `eval search` measures), else lexical.
        let (mode, hits) = match query {
            Some(q) => {
                let (mode, hits) =
                    engine.search_by(q, Mode::Hybrid, Some(vectors), HITS, Copies::Fold)?;
                (mode, Some((q, hits)))
            }
            None => (Mode::Lexical, None),
        };
        Ok(html::front(
            &events,
            total,
            offset,
            largest,
            hits.as_ref().map(|(q, h)| (*q, h.as_slice())),
            mode,
        ))
    }

    fn article(&self, engine: &mut Engine<Store>, id: &str) -> parallax_engine::Result<String> {
        Ok(html::article_page(&engine.article_view(id)?))
    }

    fn search(
        &self,
        engine: &mut Engine<Store>,
        form: &parallax_serve::SearchForm,
        vectors: &parallax_engine::vindex::VectorIndex,
    ) -> parallax_engine::Result<String> {
        use parallax_engine::search::{Copies, Mode};
        let mut problems = Vec::new();
        let day = |s: &str, name: &str, problems: &mut Vec<String>| {
            if s.trim().is_empty() {
                return None;
            }
            let d = parallax_model::PubDate::parse_iso(s.trim());
            if d.is_none() {
                problems.push(format!("{name}: {s:?} is not a day (YYYY-MM-DD)"));
            }
            d
        };
        let since = day(&form.since, "from", &mut problems);
        let until = day(&form.until, "until", &mut problems);
        let mode = match form.mode.trim() {
            "" => Mode::Hybrid,
            m => m.parse().unwrap_or_else(|e: String| {
                problems.push(e);
                Mode::Hybrid
            }),
        };
        let q = form.q.trim();
        let outlet = form.outlet.trim().to_lowercase();
        let found = if q.is_empty() || !problems.is_empty() {
            None
        } else if outlet.is_empty() && since.is_none() && until.is_none() {
            // No filter: the search folds copies itself, reading the
            // ranking as deep as a story's reprints take.
            Some(engine.search_by(q, mode, Some(vectors), HITS, Copies::Fold)?)
        } else {
            // The filters apply to the best SEARCH_POOL by rank: a filter
            // narrows the ranking, it does not reach past it. Copies are
            // folded after it, so that an outlet's reprint of a text stays
            // when the outlet is asked for.
            let (used, hits) =
                engine.search_by(q, mode, Some(vectors), SEARCH_POOL, Copies::All)?;
            let kept: Vec<_> = hits
                .into_iter()
                .filter(|h| {
                    (outlet.is_empty()
                        || h.outlet
                            .as_deref()
                            .is_some_and(|o| o.to_lowercase() == outlet))
                        && since.is_none_or(|d| h.published.is_some_and(|p| p.date >= d.date))
                        && until.is_none_or(|d| h.published.is_some_and(|p| p.date < d.date))
                })
                .collect();
            let mut kept = engine.fold_copies(kept)?;
            kept.truncate(HITS);
            Some((used, kept))
        };
        Ok(html::search_page(
            form,
            &problems,
            found.as_ref().map(|(m, h)| (*m, h.as_slice())),
        ))
    }

    fn outlets(
        &self,
        engine: &mut Engine<Store>,
        offset: usize,
    ) -> parallax_engine::Result<String> {
        let (items, total) = engine.outlets_page(offset, html::FRONT_PAGE)?;
        Ok(html::outlets_page(&items, total, offset))
    }

    fn outlet(
        &self,
        engine: &mut Engine<Store>,
        name: &str,
    ) -> parallax_engine::Result<Option<String>> {
        Ok(engine.outlet(name)?.map(|v| html::outlet_page(&v)))
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
        let Some((event, c, cards)) = engine.compare_event_with_cards(id)? else {
            return Ok(None);
        };
        Ok(Some(html::event_page(
            &event,
            &c,
            &cards,
            Some(("/", "All events, and search")),
            true,
        )))
    }
}
