//! Stage snapshots are a cache: an unreadable one is rebuilt from the
//! stored articles, with the same result.

// Tests panic on failure by design; helpers outside #[test] fns too.
#![allow(clippy::unwrap_used)]

use std::path::Path;

use parallax_engine::store::{ArticleStore, SqliteStore};
use parallax_engine::{analyses, Engine, EngineConfig, Progress};

#[test]
fn an_unreadable_snapshot_is_rebuilt_with_the_same_events() {
    let dir = tempfile::tempdir().unwrap();
    let seeds = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/seeds");
    let mut engine = Engine::new(
        SqliteStore::open(dir.path().join("s.db")).unwrap(),
        EngineConfig::default(),
    );
    engine.ingest(&[seeds], Progress::Hidden).unwrap();
    let before = engine.analyses().unwrap().events();
    assert_eq!(before.len(), 3);
    drop(engine);

    let mut store = SqliteStore::open(dir.path().join("s.db")).unwrap();
    store
        .save_analyses(
            &[],
            &[
                (analyses::CLUSTER, 5, b"not a snapshot".to_vec()),
                (analyses::DEDUP, 4, vec![0xff; 3]),
            ],
        )
        .unwrap();
    let mut engine = Engine::new(store, EngineConfig::default());
    let after = engine.analyses().unwrap();
    assert_eq!(after.events(), before);
    assert_eq!(after.copies(engine.store()).unwrap().len(), 1);
    // And the rebuilt snapshot is readable again.
    assert_eq!(engine.analyses().unwrap().events(), before);
}
