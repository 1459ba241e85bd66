//! What the engine's integration tests share: the seed articles, a
//! lexical configuration and an engine over a store holding the seeds.

// Each test file takes what it needs of these.
#![allow(dead_code, clippy::unwrap_used)]

use std::path::{Path, PathBuf};

use parallax_engine::store::SqliteStore;
use parallax_engine::{Engine, EngineConfig, Progress};

pub fn seeds() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/seeds")
}

/// The engine's defaults without the sentence model.
pub fn config() -> EngineConfig {
    EngineConfig {
        embeddings: false,
        ..Default::default()
    }
}

/// An engine over a new store at `db` holding the seeds, its stages caught
/// up.
pub fn seeded(db: &Path) -> Engine<SqliteStore> {
    let mut engine = Engine::new(SqliteStore::open(db).unwrap(), config());
    engine.ingest(&[seeds()], Progress::Hidden).unwrap();
    engine.catch_up(Progress::Hidden).unwrap();
    engine
}
