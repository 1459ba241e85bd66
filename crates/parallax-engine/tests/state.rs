//! Stage state lives in the store as rows: a row that cannot be read fails
//! the command with the row's table named, and nothing is saved on top of
//! it; the stages then resume where they stood.

// Tests panic on failure by design; helpers outside #[test] fns too.
#![allow(clippy::unwrap_used)]

use std::path::Path;

use parallax_engine::store::{ArticleStore, SqliteStore};
use parallax_engine::{Engine, EngineConfig, Progress};
use parallax_model::rows::Row;

fn seeds() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/seeds")
}

fn config() -> EngineConfig {
    EngineConfig {
        embeddings: false,
        ..Default::default()
    }
}

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
