//! Comparisons kept by a long-lived engine (a server's): found while the
//! event is unchanged, answered as kept for a large event that changed
//! until the writer makes it again, made again by the writer.

// Tests panic on failure by design; helpers outside #[test] fns too.
#![allow(clippy::unwrap_used)]

mod common;

use common::seeded;
use parallax_engine::store::{ArticleStore, EventOrder, EventQuery, SqliteStore};
use parallax_engine::{Engine, Progress};

/// The first page of the engine's events, in `order`.
fn events(engine: &mut Engine<SqliteStore>, order: EventOrder) -> Vec<parallax_model::Event> {
    let q = EventQuery {
        limit: 10,
        order,
        ..Default::default()
    };
    let (page, _) = engine.events_page(&q).unwrap();
    page.iter()
        .map(|e| engine.event_record(e.id).unwrap().unwrap())
        .collect()
}

#[test]
fn a_changed_large_events_comparison_is_served_as_kept_until_the_writer_remakes_it() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("s.db");
    let mut engine = seeded(&db);
    let event = events(&mut engine, EventOrder::Largest)[0].clone();
    assert_eq!(event.articles.len(), 3);
    let (first, age) = engine.compare_event_served(event.id).unwrap().unwrap();
    assert_eq!(first.comparison.sources.len(), 3);
    // The JSON a server answers is the comparison's.
    let written: serde_json::Value = serde_json::from_slice(first.json()).unwrap();
    assert_eq!(written, serde_json::to_value(&first.comparison).unwrap());
    assert_eq!(age, std::time::Duration::ZERO);

    // One more article of the event: a member's text with a closing
    // paragraph of its own, from another outlet.
    let member = engine.store().article(event.articles[0].as_str()).unwrap();
    let extra = dir.path().join("extra");
    std::fs::create_dir(&extra).unwrap();
    std::fs::write(
        extra.join("later.txt"),
        format!(
            "{}\n\n{}\n\nThe talks are to resume next month, officials said.\n",
            member.title.clone().unwrap_or_default(),
            member.body
        ),
    )
    .unwrap();
    engine.ingest(&[extra], Progress::Hidden).unwrap();
    engine.catch_up(Progress::Hidden).unwrap();
    let grown = events(&mut engine, EventOrder::Largest);
    let grown = grown.iter().find(|e| e.id == event.id).unwrap();
    // It joined the event (and may have brought another event's members
    // in with it).
    assert!(grown.articles.len() > 3, "{grown:?}");

    // Above the bound, the reader gets the kept comparison, and its age.
    engine.set_remade_max(2);
    let (kept, _) = engine.compare_event_served(event.id).unwrap().unwrap();
    assert_eq!(kept.comparison.sources.len(), 3);
    // The writer makes it again; the reader then gets the new one.
    assert_eq!(engine.refresh_comparisons().unwrap(), 1);
    let (new, age) = engine.compare_event_served(event.id).unwrap().unwrap();
    assert_eq!(new.comparison.sources.len(), grown.articles.len());
    assert!(age < std::time::Duration::from_secs(60));
}

#[test]
fn a_full_comparison_cache_lets_the_least_recently_asked_go() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("s.db");
    let mut engine = seeded(&db);
    let cache = parallax_engine::ComparisonCache::with_capacity(2);
    engine.share_comparisons(cache.clone());
    let ids: Vec<u32> = events(&mut engine, EventOrder::Time)
        .iter()
        .map(|e| e.id)
        .collect();
    assert_eq!(ids.len(), 3);
    let kept = || {
        let mut k: Vec<u32> = cache.kept().into_iter().map(|(e, _)| e).collect();
        k.sort_unstable();
        k
    };
    engine.compare_event_served(ids[0]).unwrap().unwrap();
    engine.compare_event_served(ids[1]).unwrap().unwrap();
    // The first is asked again, so the second is now the least recent.
    std::thread::sleep(std::time::Duration::from_millis(2));
    engine.compare_event_served(ids[0]).unwrap().unwrap();
    std::thread::sleep(std::time::Duration::from_millis(2));
    engine.compare_event_served(ids[2]).unwrap().unwrap();
    let mut want = vec![ids[0], ids[2]];
    want.sort_unstable();
    assert_eq!(kept(), want);
}
