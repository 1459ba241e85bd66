//! Stage state lives in the store as rows: a row that cannot be read fails
//! the command with the row's table named, and nothing is saved on top of
//! it; the stages then resume where they stood.

// Tests panic on failure by design; helpers outside #[test] fns too.
#![allow(clippy::unwrap_used)]

use parallax_engine::store::{ArticleStore, SqliteStore};
use parallax_engine::{Engine, EngineConfig, Progress};
use parallax_model::rows::Row;

mod common;

use common::{config, seeds};

#[test]
fn an_unreadable_stage_row_fails_the_catch_up_and_saves_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("s.db");
    let mut engine = Engine::new(SqliteStore::open(&db).unwrap(), config());
    engine.ingest(&[seeds()], Progress::Hidden).unwrap();
    let before = engine.analyses().unwrap().events();
    assert_eq!(before.len(), 3);
    drop(engine);

    // Break the cluster stage's counters, then add an article.
    let store = SqliteStore::open(&db).unwrap();
    let good = {
        use parallax_model::rows::RowSource;
        store
            .row("cluster.meta", &0u32.to_be_bytes())
            .unwrap()
            .unwrap()
    };
    let put = |value: Vec<u8>| {
        store.begin_write().unwrap();
        store
            .put_rows(&[Row {
                table: "cluster.meta",
                key: 0u32.to_be_bytes().to_vec(),
                value: Some(value),
            }])
            .unwrap();
        store.commit().unwrap();
    };
    put(vec![0xff; 2]);
    let extra = dir.path().join("extra.txt");
    std::fs::write(
        &extra,
        "Storm closes harbour\n\nA winter storm closed the harbour of the coastal town on Monday, \
         stranding two ferries and forty fishing boats, the port authority said.",
    )
    .unwrap();
    let mut engine = Engine::new(store, config());
    engine.ingest(&[extra], Progress::Hidden).unwrap();
    let err = engine.catch_up(Progress::Hidden).unwrap_err().to_string();
    assert!(err.contains("cluster.meta"), "{err}");
    // Nothing moved: the cursors still stand before the new article.
    assert_eq!(engine.store().cursor("cluster").unwrap(), Some(5));
    assert_eq!(engine.store().last_seq().unwrap(), 6);

    // Mended, the stages resume where they stood and place the article.
    let store = engine.store();
    store.begin_write().unwrap();
    store
        .put_rows(&[Row {
            table: "cluster.meta",
            key: 0u32.to_be_bytes().to_vec(),
            value: Some(good),
        }])
        .unwrap();
    store.commit().unwrap();
    let after = engine.analyses().unwrap().events();
    assert_eq!(after.len(), 4);
    assert!(before.iter().all(|e| after.contains(e)));
}

/// Whether the sentence model is installed; without it the test says it
/// skipped (on the stderr handle, which the harness does not capture),
/// unless `PARALLAX_REQUIRE_MODEL` makes that a failure (CI installs it).
fn model_installed(test: &str) -> bool {
    if parallax_engine::embed::locate().is_some() {
        return true;
    }
    assert!(
        std::env::var_os("PARALLAX_REQUIRE_MODEL").is_none(),
        "PARALLAX_REQUIRE_MODEL is set and no model was found; run scripts/setup-model.sh"
    );
    use std::io::Write;
    let _ = writeln!(
        std::io::stderr(),
        "\nSKIPPED {test}: no sentence-embedding model installed"
    );
    false
}

/// Every quote of the store in arrival order: (article, text, speaker).
fn quote_rows(items: &[parallax_engine::analyses::QuoteItem]) -> Vec<(String, String, String)> {
    items
        .iter()
        .map(|q| {
            (
                q.article.0.clone(),
                q.quote.text.clone(),
                q.quote.speaker.clone().unwrap_or_default(),
            )
        })
        .collect()
}

#[test]
fn a_speakers_quotes_come_from_the_index_and_an_older_store_is_indexed_by_its_next_command() {
    use parallax_engine::analyses::Listing;
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("s.db");
    let mut engine = Engine::new(SqliteStore::open(&db).unwrap(), config());
    engine.ingest(&[seeds()], Progress::Hidden).unwrap();
    engine.catch_up(Progress::Hidden).unwrap();
    drop(engine);
    // The store as a release before the speaker index left it: findings
    // stored, no postings, no cursor.
    {
        let conn = rusqlite::Connection::open(&db).unwrap();
        let gone = conn
            .execute(
                "DELETE FROM stage_rows WHERE tbl IN
                 (SELECT id FROM stage_tables WHERE name LIKE 'speakers.%')",
                [],
            )
            .unwrap();
        assert!(gone > 0, "the seeds' speakers were indexed");
        conn.execute("DELETE FROM stage_state WHERE name = 'speakers'", [])
            .unwrap();
    }
    let mut engine = Engine::new(SqliteStore::open(&db).unwrap(), config());
    let all = |engine: &mut Engine<SqliteStore>, speaker: Option<&str>, offset, limit| {
        engine
            .quotes_page(&Listing {
                speaker: speaker.map(str::to_string),
                offset,
                limit,
                ..Default::default()
            })
            .unwrap()
    };
    // The first listing catches the index up from the stored findings.
    let (everything, total) = all(&mut engine, None, 0, usize::MAX);
    assert_eq!(everything.len(), total);
    let last = engine.store().last_seq().unwrap();
    assert_eq!(engine.store().cursor("speakers").unwrap(), Some(last));
    let mut names: Vec<String> = everything
        .iter()
        .filter_map(|q| q.quote.speaker.clone())
        .collect();
    names.sort();
    names.dedup();
    assert!(names.len() >= 5, "{names:?}");
    for name in &names {
        // A speaker's quotes: those of the whole listing whose speaker has
        // every word of the name, in the same order, with the same
        // clusters.
        let surname = name.split(' ').next_back().unwrap().to_uppercase();
        let words = parallax_engine::speakers::query_words(&surname);
        let want: Vec<_> = everything
            .iter()
            .filter(|q| parallax_engine::speakers::speaks(&q.quote, &words))
            .collect();
        let (got, total) = all(&mut engine, Some(&surname), 0, usize::MAX);
        assert_eq!(total, want.len(), "{surname}");
        assert_eq!(
            quote_rows(&got),
            quote_rows(&want.iter().map(|q| (*q).clone()).collect::<Vec<_>>()),
            "{surname}"
        );
        let clusters: Vec<u32> = got.iter().map(|q| q.cluster).collect();
        let want_clusters: Vec<u32> = want.iter().map(|q| q.cluster).collect();
        assert_eq!(clusters, want_clusters, "{surname}");
        // A page of it: the same slice, the same total.
        if want.len() >= 2 {
            let (page, total) = all(&mut engine, Some(&surname), 1, 1);
            assert_eq!(total, want.len());
            assert_eq!(quote_rows(&page), quote_rows(&[want[1].clone()]));
        }
    }
    // A name nobody has, and one word of a speaker's with one nobody has.
    assert_eq!(all(&mut engine, Some("Zebulon"), 0, 10).1, 0);
    let one = format!("{} Zebulon", names[0]);
    assert_eq!(all(&mut engine, Some(&one), 0, 10).1, 0);
}

#[test]
fn the_worker_that_stores_an_article_embeds_it_and_the_stages_take_that_vector() {
    if !model_installed(
        "the_worker_that_stores_an_article_embeds_it_and_the_stages_take_that_vector",
    ) {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let with_model = EngineConfig {
        embeddings: true,
        ..Default::default()
    };
    let mut engine = Engine::new(
        SqliteStore::open(dir.path().join("s.db")).unwrap(),
        with_model.clone(),
    );
    let report = engine.ingest(&[seeds()], Progress::Hidden).unwrap();
    assert_eq!(report.stored, 5);
    // Stored and embedded, and no stage has run yet: the vectors were
    // written by the ingest, outside the stages.
    assert_eq!(engine.store().cursor("cluster").unwrap(), None);
    let vectors = engine.store().vectors_since(0, 100).unwrap();
    assert_eq!(vectors.len(), 5);
    assert_eq!(report.stages.embedded, 5);
    // The stages take those vectors: nothing embedded twice, nothing
    // counted twice.
    let times = engine.catch_up(Progress::Hidden).unwrap();
    assert_eq!(times.articles, 5);
    assert_eq!((times.embedded, times.embeddings_reused), (0, 0));
    let events = engine.analyses().unwrap().events();

    // Another process, which did not store them, catches up a copy of the
    // store made before the stages ran: it takes the stored vectors too,
    // and places the articles as the first did.
    let other = tempfile::tempdir().unwrap();
    let mut first = Engine::new(
        SqliteStore::open(other.path().join("s.db")).unwrap(),
        with_model.clone(),
    );
    first.ingest(&[seeds()], Progress::Hidden).unwrap();
    drop(first);
    let mut second = Engine::new(
        SqliteStore::open(other.path().join("s.db")).unwrap(),
        with_model,
    );
    let times = second.catch_up(Progress::Hidden).unwrap();
    assert_eq!((times.embedded, times.embeddings_reused), (5, 5));
    let ids = |evs: &[parallax_model::Event]| -> Vec<Vec<parallax_model::ArticleId>> {
        evs.iter().map(|e| e.articles.clone()).collect()
    };
    assert_eq!(ids(&second.analyses().unwrap().events()), ids(&events));
}

#[test]
fn the_vector_index_finds_what_the_exact_scan_finds_and_takes_new_articles() {
    use parallax_engine::search::{Copies, Mode};
    use parallax_engine::vindex::{scan, VectorIndex};
    if !model_installed("the_vector_index_finds_what_the_exact_scan_finds_and_takes_new_articles") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let with_model = EngineConfig {
        embeddings: true,
        ..Default::default()
    };
    let mut engine = Engine::new(
        SqliteStore::open(dir.path().join("s.db")).unwrap(),
        with_model,
    );
    engine.ingest(&[seeds()], Progress::Hidden).unwrap();
    engine.catch_up(Progress::Hidden).unwrap();
    let index = VectorIndex::new(0);
    assert_eq!(index.catch_up(engine.store()).unwrap(), 5);
    assert_eq!(index.catch_up(engine.store()).unwrap(), 0);
    let stored = engine.store().vectors_since(0, 100).unwrap();
    for v in &stored {
        let near: Vec<i64> = index.search(&v.vector, 3).iter().map(|n| n.0).collect();
        let exact: Vec<i64> = scan(engine.store(), &v.vector, 3)
            .unwrap()
            .iter()
            .map(|n| n.0)
            .collect();
        assert_eq!(near, exact);
        assert_eq!(near[0], v.seq, "a vector is nearest to itself");
    }
    // A new article: the index takes its vector before the next search.
    let extra = dir.path().join("extra.txt");
    std::fs::write(
        &extra,
        "Storm closes harbour\n\nA winter storm closed the harbour of the coastal town on Monday, \
         stranding two ferries and forty fishing boats, the port authority said.",
    )
    .unwrap();
    engine.ingest(&[extra], Progress::Hidden).unwrap();
    let (mode, hits) = engine
        .search_by(
            "ferries stranded by a storm",
            Mode::Semantic,
            Some(&index),
            2,
            Copies::All,
        )
        .unwrap();
    assert_eq!(mode, Mode::Semantic);
    assert_eq!(index.len(), 6);
    assert_eq!(hits[0].title.as_deref(), Some("Storm closes harbour"));
    assert!(hits[0].score > hits[1].score);
    // Hybrid ranks it first too; the scan (no index) agrees.
    let (_, hybrid) = engine
        .search_by(
            "ferries stranded by a storm",
            Mode::Hybrid,
            Some(&index),
            3,
            Copies::All,
        )
        .unwrap();
    assert_eq!(hybrid[0].article, hits[0].article);
    let (_, scanned) = engine
        .search_by(
            "ferries stranded by a storm",
            Mode::Semantic,
            None,
            2,
            Copies::All,
        )
        .unwrap();
    let ids = |h: &[parallax_engine::search::Hit]| -> Vec<String> {
        h.iter().map(|h| h.article.0.clone()).collect()
    };
    assert_eq!(ids(&scanned), ids(&hits));
}

#[test]
fn pages_of_quotes_and_claims_come_from_the_listing_index_as_streamed() {
    use parallax_engine::analyses::Listing;
    use parallax_model::PubDate;
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("s.db");
    let mut engine = Engine::new(SqliteStore::open(&db).unwrap(), config());
    engine.ingest(&[seeds()], Progress::Hidden).unwrap();
    engine.catch_up(Progress::Hidden).unwrap();
    let last = engine.store().last_seq().unwrap();
    assert_eq!(engine.store().cursor("listing").unwrap(), Some(last));
    let windows = [(0, usize::MAX), (0, 3), (2, 4), (5, 100), (1000, 5)];
    // Dates: none, from, before and between, on a day and to the minute
    // (the seeds are dated 2022-04-20, 2023-03-22T10:29 and
    // 2024-04-09T17:32; two have no date).
    let day = |s: &str| PubDate::parse_iso(s);
    let dates = [
        (None, None),
        (day("2023-01-01"), None),
        (None, day("2024-01-01")),
        (day("2022-04-20"), day("2024-04-09T17:32")),
        (day("2023-03-22T10:29"), day("2024-04-09T17:33")),
        (day("2030-01-01"), None),
    ];
    let pages = |engine: &mut Engine<SqliteStore>| -> Vec<serde_json::Value> {
        dates
            .iter()
            .flat_map(|&d| windows.iter().map(move |&w| (d, w)))
            .map(|((since, until), (offset, limit))| {
                let q = Listing {
                    offset,
                    limit,
                    since,
                    until,
                    ..Default::default()
                };
                serde_json::json!([
                    engine.quotes_page(&q).unwrap(),
                    engine.claims_page(&q).unwrap()
                ])
            })
            .collect()
    };
    let indexed = pages(&mut engine);
    let all = &indexed[0];
    assert!(
        all[0][1].as_u64().unwrap() >= 15,
        "the seeds' quotes: {all}"
    );
    assert!(all[1][1].as_u64().unwrap() >= 3, "the seeds' claims: {all}");
    // Each date filter keeps some and leaves some out, but the last.
    let counts = |i: usize| -> Vec<u64> {
        (0..dates.len())
            .map(|d| indexed[d * windows.len()][i][1].as_u64().unwrap())
            .collect()
    };
    for i in [0, 1] {
        let c = counts(i);
        assert!(c[1..5].iter().all(|&n| 0 < n && n < c[0]), "{c:?}");
        assert_eq!(c[5], 0);
    }
    drop(engine);
    // The store as a release before the listing index left it; read
    // without catching up, the pages are streamed from the articles.
    {
        let conn = rusqlite::Connection::open(&db).unwrap();
        let gone = conn
            .execute(
                "DELETE FROM stage_rows WHERE tbl IN
                 (SELECT id FROM stage_tables WHERE name LIKE 'listing.%')",
                [],
            )
            .unwrap();
        assert!(gone > 0, "the seeds' findings were listed");
        conn.execute("DELETE FROM stage_state WHERE name = 'listing'", [])
            .unwrap();
    }
    let mut engine = Engine::new(SqliteStore::open(&db).unwrap(), config());
    engine.set_lazy_reads(true);
    assert_eq!(pages(&mut engine), indexed);
    assert_eq!(engine.store().cursor("listing").unwrap(), None);
    // The next command that catches up indexes them again, the same.
    engine.set_lazy_reads(false);
    assert_eq!(pages(&mut engine), indexed);
    assert_eq!(engine.store().cursor("listing").unwrap(), Some(last));
}

/// Every event's summary, as a page of events lists it, with the summary
/// of its whole record beside it.
fn summaries_and_records(
    engine: &mut Engine<SqliteStore>,
) -> Vec<(parallax_model::EventSummary, parallax_model::EventSummary)> {
    let all = parallax_engine::store::EventQuery {
        limit: usize::MAX,
        ..Default::default()
    };
    let (page, total) = engine.events_page(&all).unwrap();
    assert_eq!(page.len(), total);
    page.into_iter()
        .map(|s| {
            let record = engine.event_record(s.id).unwrap().unwrap();
            (s, record.summary())
        })
        .collect()
}

#[test]
fn an_events_kept_summary_is_its_records_and_an_older_store_is_summarized_by_its_next_writer() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("s.db");
    let data = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/data/giveme5w1h-news-cluster/data");
    let items = parallax_ingest::labeled::read_labeled(
        &data,
        parallax_ingest::labeled::LabelLevel::Event,
        false,
    )
    .unwrap()
    .items;
    // In four writes, so that events grow and merge across them.
    let mut engine = Engine::new(SqliteStore::open(&db).unwrap(), config());
    for part in items.chunks(items.len().div_ceil(4)) {
        let entries = part
            .iter()
            .map(|l| Ok(parallax_ingest::Entry::Article(Box::new(l.raw.clone()))));
        engine.ingest_entries(entries).unwrap();
        engine.catch_up(Progress::Hidden).unwrap();
    }
    let kept = summaries_and_records(&mut engine);
    assert!(kept.len() > 50, "{} events", kept.len());
    assert!(kept.iter().any(|(s, _)| !s.merged.is_empty()), "no merge");
    assert!(kept.iter().any(|(s, _)| s.outlets.len() > 2));
    for (summary, record) in &kept {
        assert_eq!(summary, record);
    }
    drop(engine);
    // The store as a release before summaries left it: none kept.
    {
        let conn = rusqlite::Connection::open(&db).unwrap();
        conn.execute_batch(
            "UPDATE events SET label = NULL, label_key = NULL; DELETE FROM event_outlets;",
        )
        .unwrap();
    }
    // A reader summarizes each event from its record, and writes nothing.
    let store = SqliteStore::open_read_only(&db).unwrap();
    assert_eq!(
        store.events_unsummarized(usize::MAX).unwrap().len(),
        kept.len()
    );
    let mut reader = Engine::new(store, config());
    assert_eq!(summaries_and_records(&mut reader), kept);
    drop(reader);
    // The next writer fills them in, and they are what they were.
    let mut engine = Engine::new(SqliteStore::open(&db).unwrap(), config());
    assert_eq!(summaries_and_records(&mut engine), kept);
    assert!(engine.store().events_unsummarized(1).unwrap().is_empty());
    let conn = rusqlite::Connection::open(&db).unwrap();
    let outlets: i64 = conn
        .query_row("SELECT count(*) FROM event_outlets", [], |r| r.get(0))
        .unwrap();
    let want: usize = kept.iter().map(|(s, _)| s.outlets.len()).sum();
    assert_eq!(outlets as usize, want);
}

/// A stage table found missing inside one write is remembered as missing
/// only until that write ends: another writer may make it in between, and
/// the next write must read its rows.
#[test]
fn a_table_missing_in_one_write_is_read_in_the_next_once_another_writer_made_it() {
    use parallax_model::rows::RowSource;
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("t.db");
    let reader = SqliteStore::open(&db).unwrap();
    let writer = SqliteStore::open(&db).unwrap();
    let key = 7u32.to_be_bytes();

    reader.begin_write().unwrap();
    assert_eq!(reader.row("cluster.story_merged", &key).unwrap(), None);
    // Asked again in the same write: still missing (now from memory).
    assert_eq!(reader.row("cluster.story_merged", &key).unwrap(), None);
    reader.commit().unwrap();

    writer.begin_write().unwrap();
    writer
        .put_rows(&[Row {
            table: "cluster.story_merged",
            key: key.to_vec(),
            value: Some(vec![1, 2, 3]),
        }])
        .unwrap();
    writer.commit().unwrap();

    reader.begin_write().unwrap();
    assert_eq!(
        reader.row("cluster.story_merged", &key).unwrap(),
        Some(vec![1, 2, 3])
    );
    reader.rollback();
    // Outside a write nothing is remembered as missing either.
    assert_eq!(
        reader.row("cluster.story_merged", &key).unwrap(),
        Some(vec![1, 2, 3])
    );

    // A write that rolls back forgets what it found missing, too.
    reader.begin_write().unwrap();
    assert_eq!(reader.row("quotes.merged", &key).unwrap(), None);
    reader.rollback();
    writer.begin_write().unwrap();
    writer
        .put_rows(&[Row {
            table: "quotes.merged",
            key: key.to_vec(),
            value: Some(vec![9]),
        }])
        .unwrap();
    writer.commit().unwrap();
    reader.begin_write().unwrap();
    assert_eq!(reader.row("quotes.merged", &key).unwrap(), Some(vec![9]));
    reader.commit().unwrap();
}

/// Every event's record (members, storyline), by id, and every article's
/// findings and copy links: what the stages made of a store.
fn made_of(engine: &mut Engine<SqliteStore>) -> (Vec<parallax_model::Event>, Vec<String>, String) {
    let q = parallax_engine::store::EventQuery {
        limit: usize::MAX,
        ..Default::default()
    };
    let (page, _) = engine.events_page(&q).unwrap();
    let mut events: Vec<parallax_model::Event> = page
        .iter()
        .map(|e| engine.event_record(e.id).unwrap().unwrap())
        .collect();
    events.sort_by_key(|e| e.id);
    let mut facts: Vec<String> = engine
        .store()
        .facts()
        .unwrap()
        .into_iter()
        .map(|(id, f)| format!("{id}\t{f}"))
        .collect();
    facts.sort();
    let links = format!("{:?}", engine.store().copy_links().unwrap());
    (events, facts, links)
}

#[test]
fn an_ingest_hands_the_stages_what_it_stored_and_they_make_what_reading_back_makes() {
    let set = parallax_ingest::labeled::read_labeled(
        &seeds().join("../data/giveme5w1h-news-cluster/data"),
        parallax_ingest::labeled::LabelLevel::Event,
        false,
    )
    .unwrap();
    let texts: Vec<String> = set.items.into_iter().map(|l| l.raw.text).collect();
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in.jsonl");
    let lines: Vec<String> =
        parallax_engine::multiply_corpus(&texts, parallax_engine::analyses::Fresh::FEED_AT + 300)
            .into_iter()
            .map(|t| serde_json::json!({ "text": t }).to_string())
            .collect();
    std::fs::write(&input, lines.join("\n")).unwrap();

    // Fed along: a chunk's worth while ingesting, the rest after, all of
    // it handed over as stored.
    let along = dir.path().join("along.db");
    let mut engine = Engine::new(SqliteStore::open(&along).unwrap(), config());
    engine.set_stages_along(true);
    let report = engine
        .ingest(std::slice::from_ref(&input), Progress::Hidden)
        .unwrap();
    // (The set holds a few texts twice: those are copies, not stored.)
    let n = report.stored;
    let fed_along = parallax_engine::analyses::Fresh::FEED_AT;
    assert_eq!(report.stages.articles, fed_along);
    assert_eq!(report.stages.handed_over, fed_along);
    let rest = engine.catch_up(Progress::Hidden).unwrap();
    assert_eq!(
        (rest.articles, rest.handed_over),
        (n - fed_along, n - fed_along)
    );
    let handed = made_of(&mut engine);
    drop(engine);

    // Stored by one engine and fed by another: every article read back.
    let apart = dir.path().join("apart.db");
    let mut engine = Engine::new(SqliteStore::open(&apart).unwrap(), config());
    assert_eq!(engine.ingest(&[input], Progress::Hidden).unwrap().stored, n);
    drop(engine);
    let mut engine = Engine::new(SqliteStore::open(&apart).unwrap(), config());
    let times = engine.catch_up(Progress::Hidden).unwrap();
    assert_eq!((times.articles, times.handed_over), (n, 0));
    let read_back = made_of(&mut engine);

    assert!(handed.0.len() > 100, "{} events", handed.0.len());
    assert!(handed.1.len() == n && !handed.2.is_empty());
    assert!(
        handed == read_back,
        "the stages made something else of the handed-over articles"
    );
}
