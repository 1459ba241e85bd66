//! Scenario tests written as data: each `tests/scenarios/*.json` file is a
//! stream of articles and what the copies and events stages must make of
//! it. The runner streams each through the real engine and an on-disk store.

// Tests panic on failure by design; helpers outside #[test] fns too.
#![allow(clippy::unwrap_used)]

use std::collections::{BTreeSet, HashMap};
use std::path::Path;

use parallax_engine::store::{SqliteStore, Store};
use parallax_engine::{Engine, EngineConfig, Progress};
use serde_json::Value;

/// Runs the scenario on every store the tests are given (SQLite, and
/// PostgreSQL with a test server): both must make the same of it.
fn run(path: &Path) {
    let sqlite = |dir: &Path| Store::Sqlite(SqliteStore::open(dir.join("s.db")).unwrap());
    run_on(path, "sqlite", &sqlite);
    if parallax_engine::store::testing::postgres_server().is_some() {
        let pg = |_: &Path| {
            Store::Postgres(Box::new(
                parallax_engine::store::testing::fresh_pg_store()
                    .unwrap()
                    .unwrap(),
            ))
        };
        run_on(path, "postgres", &pg);
    }
}

fn run_on(path: &Path, backend: &str, open: &dyn Fn(&Path) -> Store) {
    let s: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let name = &format!("{} ({backend})", s["name"].as_str().unwrap());
    let dir = std::env::temp_dir().join(format!(
        "parallax-scenario-{backend}-{}-{}",
        std::process::id(),
        path.file_stem().unwrap().to_str().unwrap()
    ));
    std::fs::create_dir_all(&dir).unwrap();
    // Each article on its own JSONL line; line numbers map back to ids.
    let mut lines = String::new();
    let mut by_line: HashMap<String, String> = HashMap::new();
    for (i, a) in s["articles"].as_array().unwrap().iter().enumerate() {
        lines.push_str(&a.to_string());
        lines.push('\n');
        by_line.insert(
            format!("{}:{}", dir.join("stream.jsonl").display(), i + 1),
            a["id"].as_str().unwrap().to_string(),
        );
    }
    std::fs::write(dir.join("stream.jsonl"), lines).unwrap();
    let mut engine = Engine::new(open(&dir), EngineConfig::default());
    engine
        .ingest(&[dir.join("stream.jsonl")], Progress::Hidden)
        .unwrap();
    let analyses = engine.analyses().unwrap();
    let name_of: HashMap<String, String> = analyses
        .articles
        .iter()
        .map(|a| (a.id.to_string(), by_line[&a.source].clone()))
        .collect();

    if let Some(expected) = s["expect"].get("events") {
        let want: BTreeSet<BTreeSet<String>> = expected
            .as_array()
            .unwrap()
            .iter()
            .map(|g| {
                g.as_array()
                    .unwrap()
                    .iter()
                    .map(|x| x.as_str().unwrap().to_string())
                    .collect()
            })
            .collect();
        let got: BTreeSet<BTreeSet<String>> = analyses
            .events()
            .iter()
            .map(|e| {
                e.articles
                    .iter()
                    .map(|a| name_of[a.as_str()].clone())
                    .collect()
            })
            .collect();
        assert_eq!(got, want, "{name}: events");
    }
    if let Some(expected) = s["expect"].get("copies") {
        let copies = analyses.copies(engine.store()).unwrap();
        // Read a group at a time from the groups the dedup stage keeps,
        // the report is the same.
        let (paged, _, _) = engine.copies_page(0, usize::MAX).unwrap();
        let key = |c: &parallax_model::CopyItem| serde_json::to_string(c).unwrap();
        let mut a: Vec<String> = copies.iter().map(key).collect();
        let mut b: Vec<String> = paged.iter().map(key).collect();
        a.sort();
        b.sort();
        assert_eq!(a, b, "{name}: copies read by group");
        let got: BTreeSet<(String, String, String)> = copies
            .iter()
            .map(|c| {
                let of = c
                    .copy_of
                    .as_ref()
                    .map_or("-".to_string(), |o| name_of[o.as_str()].clone());
                (
                    name_of[c.article.as_str()].clone(),
                    of,
                    c.kind.as_str().to_string(),
                )
            })
            .collect();
        let want: BTreeSet<(String, String, String)> = expected
            .as_array()
            .unwrap()
            .iter()
            .map(|c| {
                (
                    c["article"].as_str().unwrap().into(),
                    c["copy_of"].as_str().unwrap().into(),
                    c["kind"].as_str().unwrap().into(),
                )
            })
            .collect();
        // Republications of an original outside the store may come on top.
        let got_in_store: BTreeSet<_> =
            got.iter().filter(|(_, of, _)| of != "-").cloned().collect();
        assert_eq!(got_in_store, want, "{name}: copies {copies:#?}");
    }
    if let Some(expected) = s["expect"].get("compare") {
        check_compare(name, &mut engine, &analyses, &name_of, expected);
    }
    std::fs::remove_dir_all(dir).ok();
}

/// The comparison of the scenario's event (the one holding its first
/// article) against `expected`: independent sources, agreed facts, and
/// claims by value with who confirms and who is flagged.
fn check_compare(
    name: &str,
    engine: &mut Engine<Store>,
    analyses: &parallax_engine::analyses::Analyses,
    name_of: &HashMap<String, String>,
    expected: &Value,
) {
    let events = analyses.events();
    let first = analyses.articles[0].id.clone();
    let event = events.iter().find(|e| e.articles.contains(&first)).unwrap();
    let (_, c) = engine.compare_event(event.id).unwrap().unwrap();
    // Read by key from the event's own articles, it is the comparison the
    // whole-store report makes.
    let facts = analyses.facts(engine.store()).unwrap();
    let whole = analyses
        .compare(
            &events,
            &facts,
            &analyses.copies(engine.store()).unwrap(),
            &Default::default(),
            parallax_engine::analyses::Scope::Event(event.id),
        )
        .pop()
        .unwrap();
    assert_eq!(
        serde_json::to_value(&c).unwrap(),
        serde_json::to_value(&whole).unwrap(),
        "{name}: the event's own comparison differs from the report's"
    );
    let want = |k: &str| expected.get(k).and_then(Value::as_u64).map(|v| v as usize);
    if let Some(n) = want("independent") {
        assert_eq!(c.independent, n, "{name}: independent sources {c:#?}");
    }
    if let Some(n) = want("agreed_at_least") {
        assert!(c.agreed.len() >= n, "{name}: agreed facts {:#?}", c.agreed);
    }
    if let Some(n) = want("most_independent_per_fact") {
        for f in &c.agreed {
            assert!(f.independent <= n, "{name}: {f:#?} counts copies");
        }
    }
    for claim in expected["claims"].as_array().into_iter().flatten() {
        let value = claim["value"].as_f64().unwrap();
        let row = c
            .claims
            .iter()
            .find(|r| r.values.iter().any(|v| v.value == value))
            .unwrap_or_else(|| panic!("{name}: no claim of {value}: {:#?}", c.claims));
        assert_eq!(
            row.confirmed_by as u64,
            claim["confirmed_by"].as_u64().unwrap(),
            "{name}: {row:#?}"
        );
        let flagged: Vec<&str> = row
            .values
            .iter()
            .filter(|v| v.flagged)
            .map(|v| name_of[v.article.as_str()].as_str())
            .collect();
        let want: Vec<&str> = claim["flagged"]
            .as_array()
            .unwrap()
            .iter()
            .map(|x| x.as_str().unwrap())
            .collect();
        assert_eq!(flagged, want, "{name}: flagged values {row:#?}");
        if let Some(status) = claim["status"].as_str() {
            assert_eq!(
                serde_json::to_value(row.status).unwrap(),
                status,
                "{name}: {row:#?}"
            );
        }
    }
}

#[test]
fn every_scenario_holds() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/scenarios");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    assert!(files.len() >= 3);
    // PARALLAX_SCENARIO=name runs only the scenarios whose file name has it.
    let only = std::env::var("PARALLAX_SCENARIO").ok();
    for f in files.into_iter().filter(|f| {
        only.as_deref()
            .is_none_or(|o| f.to_string_lossy().contains(o))
    }) {
        run(&f);
    }
}
