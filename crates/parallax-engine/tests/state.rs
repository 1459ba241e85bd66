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
