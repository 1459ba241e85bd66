//! End-to-end tests: the real `parallax` binary on temporary stores.

// Tests panic on failure by design; helpers outside #[test] fns too.
#![allow(clippy::unwrap_used)]

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use serde_json::Value;

fn seeds() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/seeds")
}

/// giveme5w1h's labeled articles, which `bench corpus` multiplies.
fn giveme5w1h() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data/giveme5w1h-news-cluster/data")
}

struct Env {
    dir: tempfile::TempDir,
    /// Whether the binary may use the sentence-embedding model when it is
    /// installed. Off by default: embedding costs ~0.2 s of CPU an article, and
    /// most tests are not about event quality.
    model: bool,
    /// A PostgreSQL database to use instead of the SQLite file.
    postgres: Option<String>,
}

impl Env {
    fn new() -> Self {
        Env {
            dir: tempfile::tempdir().expect("temp dir"),
            model: false,
            postgres: None,
        }
    }
    /// On a fresh schema of the test PostgreSQL server; None without one.
    fn on_postgres() -> Option<Self> {
        Some(Env {
            postgres: Some(parallax_engine::store::testing::fresh_postgres()?),
            ..Env::new()
        })
    }
    /// As the product runs: with the model when it is installed.
    fn with_model() -> Self {
        Env {
            model: true,
            ..Env::new()
        }
    }
    fn db(&self) -> PathBuf {
        self.dir.path().join("store.db")
    }
    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }
    fn cmd(&self, args: &[&str]) -> Command {
        let mut c = Command::new(env!("CARGO_BIN_EXE_parallax"));
        match &self.postgres {
            Some(url) => c.arg("--db").arg(url),
            None => c.arg("--db").arg(self.db()),
        };
        c.args(args).env_remove("PARALLAX_DB");
        if !self.model {
            c.env("PARALLAX_MODEL", "");
        }
        c
    }
    fn run(&self, args: &[&str]) -> Output {
        self.cmd(args).output().expect("parallax runs")
    }
    fn ok(&self, args: &[&str]) -> String {
        let out = self.run(args);
        assert!(
            out.status.success(),
            "parallax {args:?} failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).expect("UTF-8 output")
    }
    /// `bench corpus --articles n` over giveme5w1h, written beside the
    /// store as corpus.jsonl.
    fn bench_corpus(&self, articles: usize) -> PathBuf {
        let out = self.path("corpus.jsonl");
        self.ok(&[
            "bench",
            "corpus",
            "--articles",
            &articles.to_string(),
            "--corpus",
            giveme5w1h().to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
        ]);
        out
    }
    fn articles(&self) -> Vec<Value> {
        serde_json::from_str::<Value>(&self.ok(&["articles", "--json"])).expect("JSON")["articles"]
            .as_array()
            .expect("array")
            .clone()
    }
}

/// Every quote or claim, from `quotes --json` or `claims --json`.
fn listed(env: &Env, what: &str) -> Vec<Value> {
    let v: Value = serde_json::from_str(&env.ok(&[what, "--json"])).unwrap();
    assert_eq!(v["more"], 0);
    v[what].as_array().unwrap().clone()
}

/// Every event, from `events --json`.
/// Every event as `events --json` lists it, with its member ids (time
/// order) in place of its article count, from `export --what events`:
/// the listing gives summaries, the members are read event by event.
fn events_json(env: &Env) -> Vec<Value> {
    let v: Value = serde_json::from_str(&env.ok(&["events", "--json"])).unwrap();
    assert_eq!(v["more"], 0);
    let members: HashMap<u64, Vec<Value>> = env
        .ok(&["export", "--what", "events"])
        .lines()
        .map(|l| {
            let row: Value = serde_json::from_str(l).unwrap();
            let ids = row["article_ids"]
                .as_str()
                .unwrap()
                .split(' ')
                .map(|id| Value::String(id.to_string()))
                .collect::<Vec<_>>();
            (row["id"].as_u64().unwrap(), ids)
        })
        .collect();
    let mut events = v["events"].as_array().unwrap().clone();
    for e in &mut events {
        let ids = members[&e["id"].as_u64().unwrap()].clone();
        assert_eq!(e["articles"].as_u64(), Some(ids.len() as u64), "{e}");
        e["articles"] = Value::Array(ids);
    }
    events
}

fn by_source<'a>(articles: &'a [Value], needle: &str) -> &'a Value {
    articles
        .iter()
        .find(|a| a["source"].as_str().is_some_and(|s| s.contains(needle)))
        .unwrap_or_else(|| panic!("no article from {needle}"))
}

const FURNITURE: &[&str] = &[
    "News  /",
    "Photo by",
    "SHARE THIS ARTICLE",
    "Roku",
    "alternate addresses",
    "www.",
    "Related Articles",
    "Leave a Reply",
    "Your email address",
    "Disclaimer",
    "auto-published",
    "With input",
    "•",
    "November 18, 2024",
    "Last Update",
    "Nairobi",
    "17:32",
    "22 Mar 2023",
];

/// The table of ../shared/seeds/EXPECTED.md, checked on `articles --json`.
fn check_seeds(articles: &[Value], source_tag: &dyn Fn(&str) -> String) {
    assert_eq!(articles.len(), 5);
    let expect = |file: &str,
                  outlet: Option<&str>,
                  published: Option<&str>,
                  source: Option<&str>,
                  title: Option<&str>,
                  credits: &[&str]| {
        let a = by_source(articles, &source_tag(file));
        assert_eq!(a["outlet"].as_str(), outlet, "{file} outlet");
        assert_eq!(a["published"].as_str(), published, "{file} published");
        assert_eq!(
            a["published_source"].as_str(),
            source,
            "{file} published_source"
        );
        match title {
            Some(t) => assert_eq!(a["title"].as_str(), Some(t), "{file} title"),
            None => assert_eq!(
                a["title_source"].as_str(),
                Some("derived"),
                "{file} title derived from the lead"
            ),
        }
        let got: Vec<&str> = a["credits"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c.as_str().unwrap())
            .collect();
        assert_eq!(got, credits, "{file} credits");
        let body = a["body"].as_str().unwrap();
        for f in FURNITURE {
            assert!(!body.contains(f), "{file}: body keeps furniture {f:?}");
        }
        if let Some(t) = title {
            assert!(!body.contains(t), "{file}: title repeated in body");
        }
        assert_eq!(a["language"].as_str(), Some("en"));
        for key in ["id", "source", "dateline", "body"] {
            assert!(a.get(key).is_some(), "{file}: no {key}");
        }
        a.clone()
    };
    let a0 = expect(
        "000",
        Some("ANI"),
        Some("2022-04-20"),
        Some("explicit"),
        None,
        &["With inputs from ANI"],
    );
    assert_eq!(a0["agency_feed"], Value::Bool(true));
    assert!(a0["provenance"][0]
        .as_str()
        .unwrap()
        .starts_with("Disclaimer: This post has been auto-published"));
    assert!(a0["body"]
        .as_str()
        .unwrap()
        .starts_with("Chinese Vice Foreign Minister Le Yucheng on Monday"));
    let a1 = expect("001", None, None, None, None, &[]);
    assert!(a1["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .any(|d| d["code"] == "no_date"));
    let a2 = expect(
        "002",
        Some("Press TV"),
        None,
        None,
        Some("China vows to strengthen strategic coordination with Russia amid Ukraine war"),
        &[],
    );
    assert!(a2["body"].as_str().unwrap().starts_with("China has vowed"));
    assert!(a2["body"]
        .as_str()
        .unwrap()
        .ends_with("a relic of the Cold War."));
    expect(
        "003",
        Some("CGTN"),
        Some("2024-04-09T17:32"),
        Some("explicit"),
        Some("President Xi: China to enhance multilateral coordination with Russia"),
        &["With input from Xinhua"],
    );
    let a4 = expect(
        "004",
        Some("Interfax"),
        Some("2023-03-22T10:29"),
        Some("explicit"),
        Some("China ready to deepen strategic cooperation with Russia regardless of global situation - Xi Jinping"),
        &[],
    );
    assert_eq!(
        a4["dateline"].as_str(),
        Some("BEIJING. March 22 (Interfax)")
    );
    // The body prints the dateline as the article does.
    assert!(a4["body"]
        .as_str()
        .unwrap()
        .starts_with("BEIJING. March 22 (Interfax) - China stands ready to further deepen"));
}

#[test]
fn seeds_are_described_as_expected() {
    let env = Env::new();
    let out = env.ok(&["ingest", seeds().to_str().unwrap()]);
    assert!(out.contains("5 stored"), "{out}");
    check_seeds(&env.articles(), &|f| format!("/{f}_"));
}

#[test]
fn seeds_wrapped_as_jsonl_are_described_the_same() {
    let env = Env::new();
    let mut lines = String::new();
    let mut names: Vec<PathBuf> = std::fs::read_dir(seeds())
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    names.sort();
    for p in names
        .iter()
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
    {
        let text = std::fs::read_to_string(p).unwrap();
        let id = p.file_stem().unwrap().to_str().unwrap();
        lines.push_str(&serde_json::json!({ "id": id, "text": text }).to_string());
        lines.push('\n');
    }
    let file = env.path("seeds.jsonl");
    std::fs::write(&file, lines).unwrap();
    env.ok(&["ingest", file.to_str().unwrap()]);
    let articles = env.articles();
    // JSONL sources are `path:LINE`; seed N is on line N + 1.
    check_seeds(&articles, &|f| {
        format!("seeds.jsonl:{}", f.parse::<usize>().unwrap() + 1)
    });
}

#[test]
fn seeds_as_json_documents_are_described_the_same() {
    let env = Env::new();
    let mut names: Vec<PathBuf> = std::fs::read_dir(seeds())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    names.sort();
    let records: Vec<serde_json::Value> = names
        .iter()
        .map(|p| {
            serde_json::json!({
                "id": p.file_stem().unwrap().to_str().unwrap(),
                "text": std::fs::read_to_string(p).unwrap(),
            })
        })
        .collect();
    // One array: item N of the file is `seeds.json#N`, seed N item N + 1.
    let file = env.path("seeds.json");
    std::fs::write(&file, serde_json::to_string_pretty(&records).unwrap()).unwrap();
    let out = env.ok(&["ingest", file.to_str().unwrap()]);
    assert!(out.contains("5 stored"), "{out}");
    check_seeds(&env.articles(), &|f| {
        format!("seeds.json#{}", f.parse::<usize>().unwrap() + 1)
    });
    // A folder of pretty-printed objects in news-please's layout (its own
    // field names), beside a JSON file that holds no article: the articles
    // are the same ones (duplicates of the array's), the other is reported.
    let env = Env::new();
    let dir = env.path("scraped");
    std::fs::create_dir(&dir).unwrap();
    for (p, r) in names.iter().zip(&records) {
        let page = serde_json::json!({
            "maintext": r["text"],
            "date_publish": null,
            "authors": [],
        });
        let name = format!("{}.json", p.file_stem().unwrap().to_str().unwrap());
        std::fs::write(dir.join(name), serde_json::to_string_pretty(&page).unwrap()).unwrap();
    }
    std::fs::write(dir.join("index.json"), r#"{"pages": 5}"#).unwrap();
    let run = env.run(&["ingest", dir.to_str().unwrap()]);
    let out = format!(
        "{}{}",
        String::from_utf8_lossy(&run.stdout),
        String::from_utf8_lossy(&run.stderr)
    );
    assert!(
        out.contains("5 stored") && out.contains("1 skipped"),
        "{out}"
    );
    assert!(
        out.contains("index.json: not an article: no `text`"),
        "{out}"
    );
    check_seeds(&env.articles(), &|f| format!("/{f}_"));
}

#[test]
fn ingesting_twice_stores_once_and_says_so() {
    let env = Env::new();
    env.ok(&["ingest", seeds().to_str().unwrap()]);
    let again = env.ok(&["ingest", seeds().to_str().unwrap()]);
    assert!(again.contains("0 stored, 5 duplicates"), "{again}");
    // Counted, and listed only on request (regression: a line each).
    assert!(!again.contains("duplicate: "), "{again}");
    let listed = env.ok(&["ingest", "-v", seeds().to_str().unwrap()]);
    assert_eq!(listed.matches("duplicate: ").count(), 5, "{listed}");
    assert_eq!(env.articles().len(), 5);
    // The same content under another name is a duplicate too.
    let copy = env.path("copy.txt");
    std::fs::copy(seeds().join("004_73de68f7b28712c7.txt"), &copy).unwrap();
    let out = env.ok(&["ingest", "--verbose", copy.to_str().unwrap()]);
    assert!(
        out.contains("has the same content as") && out.contains("004_73de68f7b28712c7.txt"),
        "{out}"
    );
    assert_eq!(env.articles().len(), 5);
}

#[test]
fn bad_inputs_are_reported_skipped_and_nothing_stored_is_touched() {
    let env = Env::new();
    env.ok(&["ingest", seeds().to_str().unwrap()]);
    let before = env.articles();
    let dir = env.path("batch");
    std::fs::create_dir(&dir).unwrap();
    std::fs::write(dir.join("a_good.txt"), "Rain closed the airport for six hours on Sunday, stranding thousands of passengers overnight.").unwrap();
    std::fs::write(dir.join("b_empty.txt"), "").unwrap();
    std::fs::write(
        dir.join("c_binary.txt"),
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
    )
    .unwrap();
    let mut mixed = "caf\u{e9} \u{2014} ".as_bytes().to_vec();
    mixed.extend_from_slice(b"\xff\xfe broken");
    std::fs::write(dir.join("d_mixed.txt"), mixed).unwrap();
    std::fs::write(
        dir.join("e_feed.jsonl"),
        "{\"text\": \"Floods cut the coastal road on Friday as rivers burst their banks after a week of rain.\", \"title\": \"Floods cut road\"}\n{\"text\": broken\n{\"title\": \"no text\"}\n",
    )
    .unwrap();
    let out = env.run(&["ingest", dir.to_str().unwrap()]);
    assert_eq!(
        out.status.code(),
        Some(3),
        "exit status says inputs were skipped"
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    for expected in [
        "b_empty.txt: empty file",
        "c_binary.txt: binary data",
        "d_mixed.txt: mixed encodings",
        "e_feed.jsonl:2: invalid JSON",
        "e_feed.jsonl:3: missing required field `text`",
    ] {
        assert!(
            stderr.contains(expected),
            "stderr lacks {expected:?}:\n{stderr}"
        );
    }
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("2 stored") && stdout.contains("5 skipped"),
        "{stdout}"
    );
    let after = env.articles();
    assert_eq!(after.len(), 7);
    assert_eq!(&after[..5], &before[..], "stored articles changed");
    let titled = by_source(&after, "e_feed.jsonl:1");
    assert_eq!(titled["title"].as_str(), Some("Floods cut road"));
    assert_eq!(titled["title_source"].as_str(), Some("given"));
}

#[test]
fn a_legacy_encoding_is_repaired() {
    let env = Env::new();
    let f = env.path("latin.txt");
    std::fs::write(&f, b"Caf\xe9 owners in the old town protested on Monday against the new terrace tax, which doubles from May.").unwrap();
    env.ok(&["ingest", f.to_str().unwrap()]);
    let a = &env.articles()[0];
    assert!(a["body"].as_str().unwrap().starts_with("Café owners"));
}

#[test]
fn stdin_is_read_and_sniffed() {
    let env = Env::new();
    let mut child = env
        .cmd(&["ingest", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write;
    child
        .stdin
        .take()
        .unwrap()
        .write_all(b"{\"text\": \"Markets rallied on Wednesday after the central bank held rates steady for a third month.\", \"published\": \"2024-02-07\"}\n")
        .unwrap();
    assert!(child.wait_with_output().unwrap().status.success());
    let a = &env.articles()[0];
    assert_eq!(a["source"].as_str(), Some("-:1"));
    assert_eq!(a["published"].as_str(), Some("2024-02-07"));
    assert_eq!(a["published_source"].as_str(), Some("explicit"));
}

#[test]
fn show_finds_an_article_by_id_prefix_and_keeps_original_bytes() {
    let env = Env::new();
    env.ok(&["ingest", seeds().to_str().unwrap()]);
    let a4 = by_source(&env.articles(), "004_").clone();
    let id = a4["id"].as_str().unwrap();
    let shown = env.ok(&["show", &id[..8]]);
    assert!(
        shown.contains("China ready to deepen strategic cooperation"),
        "{shown}"
    );
    assert!(shown.contains("2023-03-22T10:29 (explicit"), "{shown}");
    let raw = env.cmd(&["show", id, "--raw"]).output().unwrap().stdout;
    assert_eq!(
        raw,
        std::fs::read(seeds().join("004_73de68f7b28712c7.txt")).unwrap()
    );
    let missing = env.run(&["show", "ffffffff"]);
    assert_eq!(missing.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&missing.stderr).contains("no article matches id"));
}

#[test]
fn a_store_from_a_newer_parallax_is_refused_not_damaged() {
    let env = Env::new();
    env.ok(&["ingest", seeds().to_str().unwrap()]);
    set_user_version(&env.db(), 99);
    let out = env.run(&["articles"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("written by a newer parallax"));
}

#[test]
fn a_read_only_store_is_read_and_left_as_it_was() {
    use std::os::unix::fs::PermissionsExt;
    let env = Env::new();
    env.ok(&["ingest", seeds().to_str().unwrap()]);
    let events = env.ok(&["events", "--json"]);
    let before = std::fs::read(env.db()).unwrap();
    let beside = |env: &Env| {
        ["store.db-wal", "store.db-shm"]
            .iter()
            .any(|f| env.path(f).exists())
    };
    assert!(!beside(&env), "a closed store leaves no log");

    // Opened for reading only: the same answers, nothing written.
    assert_eq!(env.ok(&["--read-only", "events", "--json"]), events);
    assert!(env
        .ok(&["--read-only", "compare", "0", "--json"])
        .contains("\"event\""));
    assert!(!beside(&env), "nothing is written beside a read-only store");
    assert_eq!(std::fs::read(env.db()).unwrap(), before);
    let extra = env.path("extra.txt");
    std::fs::write(&extra, "Title\n\nA line of text that makes an article.").unwrap();
    let out = env.run(&["--read-only", "ingest", extra.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("store.db is open for reading only") && err.contains("`ingest` stores"),
        "{err}"
    );
    assert_eq!(std::fs::read(env.db()).unwrap(), before);

    // A store in a folder and a file one may not write (read-only media
    // look the same) is opened for reading without being asked, unless
    // this runs with the privilege to write anyway.
    let mode = |p: &Path, m: u32| std::fs::set_permissions(p, std::fs::Permissions::from_mode(m));
    mode(&env.db(), 0o444).unwrap();
    mode(env.dir.path(), 0o555).unwrap();
    let privileged = std::fs::write(env.path("probe"), "x").is_ok();
    if !privileged {
        assert_eq!(env.ok(&["events", "--json"]), events);
        assert!(!beside(&env));
    }
    mode(env.dir.path(), 0o755).unwrap();
    mode(&env.db(), 0o644).unwrap();
}

/// Sets `PRAGMA user_version` with the sqlite3 file format's header field
/// (offset 60, big-endian), without linking SQLite into the tests.
fn set_user_version(db: &Path, v: u32) {
    // The WAL may hold the newest pages; checkpointing happens when the last
    // connection closes, which the finished command above did.
    let mut bytes = std::fs::read(db).unwrap();
    bytes[60..64].copy_from_slice(&v.to_be_bytes());
    std::fs::write(db, bytes).unwrap();
}

#[test]
fn sigkill_mid_ingest_then_rerun_stores_every_file_exactly_once() {
    let env = Env::new();
    let corpus = env.path("corpus");
    std::fs::create_dir(&corpus).unwrap();
    let base = std::fs::read_to_string(seeds().join("003_672f5f88a3b817a5.txt")).unwrap();
    let n = 6000;
    for i in 0..n {
        std::fs::write(
            corpus.join(format!("{i:05}.txt")),
            format!("{base}\n\nItem {i}."),
        )
        .unwrap();
    }
    let mut child = env
        .cmd(&["ingest", corpus.to_str().unwrap()])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    // Wait until some batches are committed, then kill without warning.
    let wal = env.path("store.db-wal");
    let started = std::time::Instant::now();
    while !(wal.exists() && std::fs::metadata(&wal).map(|m| m.len()).unwrap_or(0) > 64 * 1024) {
        assert!(
            started.elapsed().as_secs() < 60,
            "ingest never started writing"
        );
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    let still_running = child.try_wait().unwrap().is_none();
    child.kill().unwrap(); // SIGKILL on Unix
    child.wait().unwrap();
    assert!(
        still_running,
        "ingest finished before it could be killed; the test proves nothing"
    );

    let partial = env.articles().len();
    assert!(
        partial < n,
        "a killed ingest cannot have stored everything ({partial})"
    );
    let out = env.ok(&["ingest", corpus.to_str().unwrap()]);
    assert!(
        out.contains(&format!("{} stored, {partial} duplicates", n - partial)),
        "{out}"
    );
    let articles = env.articles();
    assert_eq!(articles.len(), n);
    assert_eq!(distinct(&articles, "source"), n, "every file exactly once");
}

/// How many different values `field` takes among `items`.
fn distinct(items: &[Value], field: &str) -> usize {
    let mut values: Vec<&str> = items.iter().map(|a| a[field].as_str().unwrap()).collect();
    values.sort();
    values.dedup();
    values.len()
}

#[test]
fn seeds_make_three_events_one_storyline_and_one_agency_copy() {
    let env = Env::with_model();
    env.ok(&["ingest", seeds().to_str().unwrap()]);
    let articles = env.articles();
    let id_of = |n: &str| {
        by_source(&articles, &format!("/{n}_"))["id"]
            .as_str()
            .unwrap()
            .to_string()
    };
    let (a0, a1, a2, a3, a4) = (
        id_of("000"),
        id_of("001"),
        id_of("002"),
        id_of("003"),
        id_of("004"),
    );

    let events = events_json(&env);
    let groups = partition(&env);
    let mut want = vec![
        vec![a0.clone(), a1.clone(), a2.clone()],
        vec![a4.clone()],
        vec![a3.clone()],
    ];
    for g in &mut want {
        g.sort();
    }
    want.sort();
    assert_eq!(groups, want);

    let lines: Vec<Value> = serde_json::from_str(&env.ok(&["storylines", "--json"])).unwrap();
    assert_eq!(lines.len(), 1, "{lines:#?}");
    // Events in time order: A (2022), B (2023), C (2024).
    let event_of = |article: &str| {
        events
            .iter()
            .find(|e| {
                e["articles"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .any(|x| x == article)
            })
            .unwrap()["id"]
            .clone()
    };
    let order: Vec<Value> = lines[0]["events"].as_array().unwrap().clone();
    assert_eq!(order, vec![event_of(&a0), event_of(&a4), event_of(&a3)]);

    let page: Value = serde_json::from_str(&env.ok(&["copies", "--json"])).unwrap();
    assert_eq!(
        (page["groups"].as_u64(), page["more"].as_u64()),
        (Some(1), Some(0))
    );
    let copies = page["copies"].as_array().unwrap();
    assert_eq!(copies.len(), 1, "{copies:#?}");
    assert_eq!(copies[0]["article"].as_str(), Some(a0.as_str()));
    assert_eq!(copies[0]["kind"].as_str(), Some("republication"));
    assert_eq!(copies[0]["credited_to"].as_str(), Some("ANI"));
    assert_eq!(copies[0]["copy_of"], Value::Null);
}

/// Three articles: two near-identical reports the gold labels call two
/// clusters, and an unrelated one. parallax puts the first two together:
/// pairwise precision 0/1 = 0, recall 1 (no gold pairs to miss); BCubed
/// precision (1/2 + 1/2 + 1)/3 = 2/3, recall 1.
fn check_hand_computed(report: &Value) {
    let row = &report["rows"][0]["scores"];
    let close =
        |k: &str, v: f64| assert!((row[k].as_f64().unwrap() - v).abs() < 1e-9, "{k}: {row}");
    close("pairwise_precision", 0.0);
    close("pairwise_recall", 1.0);
    close("bcubed_precision", 2.0 / 3.0);
    close("bcubed_recall", 1.0);
    assert_eq!(row["true_clusters"], 3);
    assert_eq!(row["predicted_clusters"], 2);
}

const QUAKE: &str = "A strong earthquake struck the Atlas mountains south of Marrakesh late on Friday, killing hundreds of people and flattening villages, the interior ministry said. Rescue teams dug through rubble in Al Haouz province as aftershocks shook the region.";
const RATES: &str = "The European Central Bank raised its deposit rate by a quarter point on Thursday, its tenth consecutive increase, as inflation in the euro zone stayed well above target and officials signalled a pause.";

#[test]
fn eval_cluster_reads_jsonl_and_miranda_and_scores_a_hand_computed_example() {
    let env = Env::new();
    let docs = [
        ("q1", QUAKE, "A"),
        (
            "q2",
            QUAKE.replace("hundreds", "scores").leak() as &str,
            "B",
        ),
        ("r1", RATES, "C"),
    ];
    let jsonl: String = docs
        .iter()
        .map(|(id, text, label)| {
            serde_json::json!({"id": id, "text": text, "published": "2023-09-09", "label": label})
                .to_string()
                + "\n"
        })
        .collect();
    let f = env.path("labeled.jsonl");
    std::fs::write(&f, jsonl).unwrap();
    let report: Value =
        serde_json::from_str(&env.ok(&["eval", "cluster", f.to_str().unwrap(), "--json"])).unwrap();
    check_hand_computed(&report);

    let miranda: Vec<Value> = docs
        .iter()
        .map(|(id, text, label)| serde_json::json!({"id": id, "date": "2023-09-09 10:00:00", "lang": "eng", "title": "", "text": text, "cluster": label}))
        .collect();
    let m = env.path("miranda.json");
    std::fs::write(&m, serde_json::to_string(&miranda).unwrap()).unwrap();
    let report: Value =
        serde_json::from_str(&env.ok(&["eval", "cluster", m.to_str().unwrap(), "--json"])).unwrap();
    check_hand_computed(&report);
}

/// The quote table of EXPECTED.md: (article prefix, quote beginning,
/// speaker). Speakers compare by a shared name word ("Biden" is Joe
/// Biden).
const SEED_QUOTES: &[(&str, &str, &str)] = &[
    (
        "000",
        "No matter how the international situation evolves",
        "Le Yucheng",
    ),
    (
        "001",
        "No matter how the international situation changes",
        "Chinese Foreign Ministry",
    ),
    (
        "001",
        "In the first quarter of this year, the bilateral trade volume",
        "Chinese Foreign Ministry",
    ),
    (
        "001",
        "Russia always regards developing relations with China",
        "Andrey Denisov",
    ),
    (
        "001",
        "a dangerous misinterpretation of China-Russia relations",
        "Qin Gang",
    ),
    ("001", "are not helpful to resolving the crisis", "Qin Gang"),
    ("001", "consequences", "Joe Biden"),
    ("002", "resilience and endogenous power", "Le Yucheng"),
    ("002", "special military operation", "Vladimir Putin"),
    (
        "003",
        "President Putin and I have agreed to continue",
        "Xi Jinping",
    ),
    (
        "004",
        "No matter how the international landscape may change",
        "Xi Jinping",
    ),
    (
        "004",
        "This state visit to Russia is a journey of friendship",
        "Xi Jinping",
    ),
    (
        "004",
        "The two sides should support each other on issues",
        "Xi Jinping",
    ),
    (
        "004",
        "significant potential and space and is strategic",
        "Xi Jinping",
    ),
    (
        "004",
        "Russia firmly supports China in upholding its legitimate interests",
        "Vladimir Putin",
    ),
];

fn source_prefix(articles: &[Value], id: &str) -> String {
    let a = articles.iter().find(|a| a["id"] == id).unwrap();
    let source = a["source"].as_str().unwrap();
    Path::new(source).file_name().unwrap().to_str().unwrap()[..3].to_string()
}

#[test]
fn quotes_of_one_speaker_and_a_speaker_without_a_word_refused() {
    let env = Env::new();
    env.ok(&["ingest", seeds().to_str().unwrap()]);
    let all = listed(&env, "quotes");
    let v: Value = serde_json::from_str(&env.ok(&["quotes", "--speaker", "xi", "--json"])).unwrap();
    let xi = v["quotes"].as_array().unwrap();
    assert!(!xi.is_empty() && xi.len() < all.len(), "{v}");
    for q in xi {
        let named = [&q["speaker"], &q["speaker_as_written"]].iter().any(|s| {
            s.as_str()
                .is_some_and(|s| s.split(' ').any(|w| w.eq_ignore_ascii_case("xi")))
        });
        assert!(named, "{q}");
    }
    // "." has no word: as a query it would match every quote.
    let out = env.run(&["quotes", "--speaker", "."]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("\".\" has no word to look for"), "{err}");
}

#[test]
fn seeds_quotes_have_the_expected_speakers_and_clusters() {
    let env = Env::new();
    env.ok(&["ingest", seeds().to_str().unwrap()]);
    let articles = env.articles();
    let quotes = listed(&env, "quotes");
    let find = |file: &str, begins: &str| -> &Value {
        quotes
            .iter()
            .find(|q| {
                source_prefix(&articles, q["article"].as_str().unwrap()) == file
                    && q["text"].as_str().unwrap().starts_with(begins)
            })
            .unwrap_or_else(|| panic!("{file}: no quote beginning {begins:?}"))
    };
    for (file, begins, speaker) in SEED_QUOTES {
        let q = find(file, begins);
        let got = q["speaker"].as_str().unwrap_or("(none)");
        let shares_a_name = speaker.split(' ').any(|w| got.split(' ').any(|g| g == w));
        assert!(
            shares_a_name,
            "{file} {begins:?}: speaker {got}, expected {speaker}"
        );
    }
    // One statement in two wordings is one cluster; the 2023 talking point
    // is related to it but is not the same quote.
    let a = find("000", "No matter how the international situation evolves");
    let b = find("001", "No matter how the international situation changes");
    let c = find("004", "No matter how the international landscape");
    assert_eq!(a["cluster"], b["cluster"]);
    assert_ne!(a["cluster"], c["cluster"]);
    assert!(a["related"].as_array().unwrap().contains(&c["cluster"]));
    let shown = env.ok(&["quote", &a["cluster"].to_string()]);
    assert!(
        shown.contains("2 variants") && shown.contains("landscape"),
        "{shown}"
    );
    // Scare quotes with nobody saying them are not quotes.
    assert!(!quotes.iter().any(|q| q["text"] == "Beijing-Moscow Axis,"));
}

#[test]
fn seeds_claims_give_the_shared_figures() {
    let env = Env::new();
    env.ok(&["ingest", seeds().to_str().unwrap()]);
    let articles = env.articles();
    let claims = listed(&env, "claims");
    let of = |file: &str| -> Vec<&Value> {
        claims
            .iter()
            .filter(|c| source_prefix(&articles, c["article"].as_str().unwrap()) == file)
            .collect()
    };
    for file in ["000", "001"] {
        let money = of(file)
            .into_iter()
            .find(|c| c["kind"] == "money")
            .unwrap_or_else(|| panic!("{file}: no money claim"));
        assert_eq!(money["value"].as_f64(), Some(38.2e9), "{file}");
        assert_eq!(money["unit"], "USD");
        assert!(
            money["measures"].as_str().unwrap().contains("trade"),
            "{money}"
        );
        assert!(money["period"]
            .as_str()
            .unwrap()
            .starts_with("first quarter"));
    }
    for file in ["000", "001", "002"] {
        let pct = of(file)
            .into_iter()
            .find(|c| c["kind"] == "percent")
            .unwrap_or_else(|| panic!("{file}: no percent claim"));
        assert_eq!(pct["value"].as_f64(), Some(30.0), "{file}");
        assert_eq!(pct["hedge"], "approximately", "{file}");
    }
    assert!(!of("002").iter().any(|c| c["kind"] == "money"));
    // Years are not amounts.
    assert!(!claims.iter().any(|c| c["value"].as_f64() == Some(2014.0)));
}

/// `parallax eval WHAT tests/data/LABELS --articles seeds --json`, and the
/// report's row of kind `kind`.
fn seed_eval_row(what: &str, labels: &str, kind: &str) -> (Value, Value) {
    eval_row(what, labels, &seeds(), kind)
}

/// `eval WHAT tests/data/LABELS --articles ARTICLES --json`: the row of
/// `kind`, and the whole report.
fn eval_row(what: &str, labels: &str, articles: &Path, kind: &str) -> (Value, Value) {
    let env = Env::new();
    let labels = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(labels);
    let out = env.ok(&[
        "eval",
        what,
        labels.to_str().unwrap(),
        "--articles",
        articles.to_str().unwrap(),
        "--json",
    ]);
    let report: Value = serde_json::from_str(&out).unwrap();
    let row = report["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["kind"] == kind)
        .unwrap()
        .clone();
    (row, report)
}

#[test]
fn eval_quotes_scores_the_seed_quote_table() {
    let (both, _) = seed_eval_row("quotes", "seed-quotes.jsonl", "direct + partial");
    assert_eq!(both["spans"]["gold"], 15);
    assert_eq!(both["spans"]["found"], 15, "{both}");
    assert_eq!(both["speaker_correct"], 15, "{both}");
}

#[test]
fn eval_entities_scores_the_seed_entity_sample() {
    let (all, report) = seed_eval_row("entities", "seed-entities.jsonl", "all");
    let (person, _) = seed_eval_row("entities", "seed-entities.jsonl", "person");
    assert_eq!(all["scores"]["gold"], 53);
    // Every labeled person but one is found under its name or an alias
    // (003 names only "President Putin").
    assert_eq!(person["scores"]["found"], 14, "{report}");
    assert!(all["scores"]["f1"].as_f64().unwrap() > 0.85, "{report}");
}

#[test]
fn eval_claims_scores_newsquant_on_both_halves() {
    // NewsQuant's 904 labeled quantities: values and units, on the half
    // the rules were written from and on the unread one (value F1 0.903
    // and 0.871, value+unit 0.800 and 0.755 when written; value+unit 0.759
    // and 0.718 before currencies and units after the amount).
    let env = Env::new();
    let data =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data/newsquant/NewsQuant.json");
    let out = env.ok(&["eval", "claims", data.to_str().unwrap(), "--json"]);
    let report: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(report["value"]["gold"], 904, "{report}");
    let halves = report["halves"].as_array().unwrap();
    assert_eq!(halves.len(), 2);
    for (h, value, unit) in [(&halves[0], 0.88, 0.77), (&halves[1], 0.83, 0.72)] {
        let f1 = |k: &str| h[k]["f1"].as_f64().unwrap();
        assert!(f1("value") >= value, "{h}");
        assert!(f1("value_unit") >= unit, "{h}");
    }
    // Each sentence not wholly right is listed with its half.
    let misses = report["misses"].as_array().unwrap();
    assert!(misses.iter().all(|m| m["half"] == "A" || m["half"] == "B"));
}

#[test]
fn eval_entities_finds_the_people_and_places_labeled_in_polnear_texts() {
    // Every person, organisation and place of 9 PolNeAR dev texts and 10
    // train texts, labeled by hand: places of two words, datelines in
    // capitals and towns after "in" are places, not people or acronyms
    // (before the gazetteer, place F1 0.667 and 0.727); headlines in
    // capitals, a name before "campaign" and a common noun opening a
    // sentence are no people (person F1 0.819 and 0.740 before).
    for split in ["dev", "train"] {
        let texts = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join(format!("../../../shared/data/polnear-{split}/text"));
        let labels = format!("polnear-{split}-entities.jsonl");
        let (place, _) = eval_row("entities", &labels, &texts, "place");
        let f1 = place["scores"]["f1"].as_f64().unwrap();
        assert!(f1 >= 0.85, "{split}: {place}");
        let (person, report) = eval_row("entities", &labels, &texts, "person");
        let f1 = person["scores"]["f1"].as_f64().unwrap();
        assert!(f1 >= 0.80, "{split}: {person}");
        // Organisations (0.617 and 0.639 before posts and platforms made
        // them; 0.645 and 0.639 after; 0.671 and 0.639 with names compared
        // without a first "The").
        let (org, _) = eval_row("entities", &labels, &texts, "organization");
        let f1 = org["scores"]["f1"].as_f64().unwrap();
        assert!(f1 >= 0.63, "{split}: {org}");
        // The misses are listed for reading, each "name (kind)".
        let misses = report["misses"].as_array().unwrap();
        assert!(!misses.is_empty(), "{report}");
        assert!(misses
            .iter()
            .all(|m| m["doc"].as_str().is_some_and(|d| d.ends_with(".txt"))
                && m["missed"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .chain(m["extra"].as_array().unwrap())
                    .all(|x| x.as_str().is_some_and(|x| x.ends_with(')')))));
    }
}

/// The comparison of the seeds' event A, from `analyze --format json`.
fn seed_event_a(env: &Env) -> (Value, Vec<Value>) {
    let report: Value =
        serde_json::from_str(&env.ok(&["analyze", seeds().to_str().unwrap(), "--format", "json"]))
            .unwrap();
    let articles = report["articles"].as_array().unwrap().clone();
    let a0 = by_source(&articles, "/000_")["id"].clone();
    let event_a = report["comparisons"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| {
            c["sources"]
                .as_array()
                .unwrap()
                .iter()
                .any(|s| s["article"] == a0)
        })
        .unwrap()
        .clone();
    (event_a, articles)
}

#[test]
fn seeds_comparison_finds_what_the_analyst_finds() {
    let env = Env::new();
    let (c, articles) = seed_event_a(&env);
    let id = |n: &str| by_source(&articles, &format!("/{n}_"))["id"].clone();
    let (a0, a1, a2) = (id("000"), id("001"), id("002"));
    let source = |a: &Value| {
        c["sources"]
            .as_array()
            .unwrap()
            .iter()
            .find(|s| &s["article"] == a)
            .unwrap()
            .clone()
    };
    let label = |a: &Value| source(a)["label"].as_str().unwrap().to_string();
    // 000 is an agency copy (credited to ANI); the three are three accounts.
    assert!(source(&a0)["copy"].as_str().unwrap().contains("ANI"));
    assert_eq!(c["sources"].as_array().unwrap().len(), 3);

    // The trade figure: 000 and 001 agree, 002 gives no figure; the growth:
    // all three, "nearly"/"almost" read as the same approximation.
    let claims = c["claims"].as_array().unwrap();
    let row = |value: f64| {
        claims
            .iter()
            .find(|r| {
                r["values"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .any(|v| v["value"].as_f64() == Some(value))
            })
            .unwrap_or_else(|| panic!("no row for {value}: {claims:#?}"))
    };
    let trade = row(38.2e9);
    let givers: Vec<&Value> = trade["values"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| &v["article"])
        .collect();
    assert_eq!(givers, [&a0, &a1]);
    assert_eq!(trade["status"], "agree");
    assert_eq!(trade["missing"], serde_json::json!([label(&a2)]));
    let growth = row(30.0);
    assert_eq!(growth["values"].as_array().unwrap().len(), 3);
    assert_eq!(growth["status"], "agree", "{growth:#?}");
    assert_eq!(growth["confirmed_by"], 3);

    // What 001 and 002 each add.
    let adds = |a: &Value| -> String {
        c["outlets"]
            .as_array()
            .unwrap()
            .iter()
            .find(|o| &o["article"] == a)
            .unwrap()["adds"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s.as_str().unwrap())
            .collect::<Vec<_>>()
            .join("\n")
    };
    let (adds1, adds2) = (adds(&a1), adds(&a2));
    for needle in ["National Interest", "Biden"] {
        assert!(adds1.contains(needle), "001 adds {needle}: {adds1}");
        assert!(!adds2.contains(needle));
    }
    for needle in [
        "Donetsk and Lugansk",
        "unprecedented sanctions",
        "against the expansion of NATO",
    ] {
        assert!(adds2.contains(needle), "002 adds {needle}: {adds2}");
        assert!(!adds1.contains(needle));
    }

    // The war in Ukraine, worded differently by 001 and 002.
    let operation = c["wording"]
        .as_array()
        .unwrap()
        .iter()
        .find(|w| w["anchor"] == "operation")
        .unwrap_or_else(|| panic!("{:#?}", c["wording"]));
    let phrases = |a: &Value| -> String {
        operation["variants"]
            .as_array()
            .unwrap()
            .iter()
            .find(|v| &v["article"] == a)
            .map(|v| v["phrases"].to_string())
            .unwrap_or_default()
    };
    assert!(
        phrases(&a1).contains("special operation aimed at denazifying and demilitarizing Ukraine")
    );
    assert!(phrases(&a2).contains("military operation"));

    // One quote cluster holds both wordings of the "No matter how" statement.
    let statement = c["quotes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|q| {
            q["variants"][0]["text"]
                .as_str()
                .unwrap()
                .starts_with("No matter how the international situation")
        })
        .unwrap();
    let carriers: Vec<&Value> = statement["variants"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|v| v["articles"].as_array().unwrap())
        .collect();
    assert_eq!(carriers, [&a0, &a1]);
    assert_eq!(statement["speaker"], "Le Yucheng");
}

#[test]
fn seeds_report_reads_as_text_and_markdown() {
    let env = Env::new();
    let text = env.ok(&["analyze", seeds().to_str().unwrap()]);
    // Plain text, not Markdown source: headings are underlined.
    assert!(!text.lines().any(|l| l.starts_with('#')), "{text}");
    assert!(text.contains("Coverage: 5 articles"), "{text}");
    assert!(text.contains("\n=================="), "{text}");
    for needle in [
        "Storyline 0:",
        "Timeline:",
        "copy: the text says it was published from an agency feed, credited to ANI",
        "\"USD 38.2 billion\"",
        "Press TV: no figure",
        "\"almost 30%\"",
        "special operation aimed at denazifying and demilitarizing Ukraine",
        "Quotes by speaker\n.................",
        "National Interest",
    ] {
        assert!(text.contains(needle), "text report lacks {needle}:\n{text}");
    }
    let md = env.ok(&["analyze", seeds().to_str().unwrap(), "--format", "markdown"]);
    assert!(md.contains("| what | period | values | status |"));
    assert!(md.contains("Press TV: no figure"));
    // `parallax compare` prints one event's part of it.
    let events = events_json(&env);
    let id = events[0]["id"].to_string();
    let one = env.ok(&["compare", &id]);
    assert!(one.contains("Press TV: no figure"), "{one}");
    let out = env.run(&["compare", "999"]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("no event 999"));
}

#[test]
fn export_writes_flat_tables_as_jsonl_and_csv() {
    let env = Env::new();
    env.ok(&["ingest", seeds().to_str().unwrap()]);
    let jsonl = env.ok(&["export", "--what", "articles"]);
    let rows: Vec<Value> = jsonl
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(rows.len(), 5);
    assert!(rows
        .iter()
        .all(|r| r["event"].is_u64() && r["storyline"] == 0));
    let ani = rows.iter().find(|r| r["outlet"] == "ANI").unwrap();
    assert_eq!(ani["copy_kind"], "republication");
    let out = env.path("claims.csv");
    env.ok(&[
        "export",
        "--what",
        "claims",
        "--format",
        "csv",
        "-o",
        out.to_str().unwrap(),
    ]);
    let csv = std::fs::read_to_string(&out).unwrap();
    let mut lines = csv.lines();
    assert!(lines
        .next()
        .unwrap()
        .starts_with("article,outlet,published,event,kind,value"));
    assert!(csv.contains("USD 38.2 billion"));
    let claims = listed(&env, "claims");
    assert_eq!(lines.count(), claims.len());
    for what in ["events", "quotes"] {
        let n = env
            .ok(&["export", "--what", what, "--format", "csv"])
            .lines()
            .count();
        assert!(n > 1, "{what}: {n} lines");
    }
}

/// `ingest` takes no publication date after tomorrow: a given date years
/// ahead is noted and dropped, and the article is stored without it.
#[test]
fn ingest_drops_a_publication_date_in_the_future() {
    let env = Env::new();
    let input = env.path("future.jsonl");
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs();
    // Five years ahead, give or take a day.
    let year = 1970 + secs / 31_556_952 + 5;
    let line = serde_json::json!({
        "title": "Port closes",
        "text": "The harbour authority closed the port on Monday after a storm, officials said.",
        "published": format!("{year}-01-01"),
    });
    std::fs::write(&input, line.to_string()).unwrap();
    env.ok(&["ingest", input.to_str().unwrap()]);
    let listed: Value = serde_json::from_str(&env.ok(&["articles", "--json"])).unwrap();
    let a = &listed["articles"][0];
    assert!(a["published"].is_null(), "{a}");
    let shown = env.ok(&["show", a["id"].as_str().unwrap()]);
    assert!(
        shown.contains(&format!("the given date {year}-01-01: later than")),
        "{shown}"
    );
}

/// A CSV cell a spreadsheet would run as a formula is written as text (a
/// single quote before it); JSON Lines keep the text as it is, and
/// numbers are never touched.
#[test]
fn csv_exports_do_not_hand_spreadsheets_formulas() {
    let env = Env::new();
    let input = env.path("formula.jsonl");
    let line = serde_json::json!({
        "title": "=HYPERLINK(\"http://example.com/x\",\"Click\")",
        "outlet": "@Daily",
        "text": "Prices fell 5 percent on Monday, the ministry said. \
                 \"-Everything is fine,\" the minister said on Tuesday.",
        "published": "2024-03-04"
    });
    std::fs::write(&input, line.to_string()).unwrap();
    env.ok(&["ingest", input.to_str().unwrap()]);
    let csv = env.ok(&["export", "--what", "articles", "--format", "csv"]);
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    let head = reader.headers().unwrap().clone();
    let row = reader.records().next().unwrap().unwrap();
    let field = |name: &str| {
        row.get(head.iter().position(|h| h == name).unwrap())
            .unwrap()
    };
    assert_eq!(
        field("title"),
        "'=HYPERLINK(\"http://example.com/x\",\"Click\")"
    );
    assert_eq!(field("outlet"), "'@Daily");
    assert_eq!(field("id").len(), 16, "ids untouched");
    let jsonl: Value = serde_json::from_str(
        env.ok(&["export", "--what", "articles"])
            .lines()
            .next()
            .unwrap(),
    )
    .unwrap();
    assert_eq!(jsonl["title"], line["title"]);
    assert_eq!(jsonl["outlet"], "@Daily");
    let quotes = env.ok(&["export", "--what", "quotes", "--format", "csv"]);
    assert!(quotes.contains("'-Everything is fine"), "{quotes}");
    let claims = env.ok(&["export", "--what", "claims", "--format", "csv"]);
    assert!(
        claims.contains(",5,") || claims.contains(",5.0,"),
        "{claims}"
    );
}

/// Chromium, if installed (Debian's `chromium`; `.ci/run` installs it and
/// sets PARALLAX_REQUIRE_BROWSER so a missing browser fails there).
/// `PARALLAX_CHROMIUM` names the browser to use, and only it.
fn chromium() -> Option<PathBuf> {
    chromium_for("html_report_renders_in_a_browser")
}

/// [`chromium`], saying which test it skips.
fn chromium_for(test: &str) -> Option<PathBuf> {
    let found = match std::env::var_os("PARALLAX_CHROMIUM") {
        Some(p) => Some(PathBuf::from(p)).filter(|p| p.exists()),
        None => ["/usr/bin/chromium", "/usr/bin/chromium-browser"]
            .map(PathBuf::from)
            .into_iter()
            .find(|p| p.exists()),
    };
    if found.is_none() {
        assert!(
            std::env::var_os("PARALLAX_REQUIRE_BROWSER").is_none(),
            "PARALLAX_REQUIRE_BROWSER is set but no chromium was found"
        );
        // Written to the standard error handle itself, which the test
        // harness does not capture (it captures `eprintln!`), so the skip
        // shows in the output of a passing run.
        use std::io::Write;
        let _ = writeln!(
            std::io::stderr(),
            "\nSKIPPED {test}: no chromium to open the HTML pages \
             (Debian: apt install chromium; or set PARALLAX_CHROMIUM=/path/to/chromium)"
        );
    }
    found
}

fn headless(chromium: &Path, profile: &Path) -> Command {
    let mut c = Command::new(chromium);
    c.args([
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--hide-scrollbars",
    ])
    .arg(format!("--user-data-dir={}", profile.display()))
    .stdin(Stdio::null());
    c
}

/// A screenshot of `url` at `size` ("W,H") into `shot`, which must then
/// hold more than `min_bytes` (a blank page is smaller).
fn screenshot(chromium: &Path, profile: &Path, url: &str, shot: &Path, size: &str, min_bytes: u64) {
    std::fs::remove_file(shot).ok();
    let out = headless(chromium, profile)
        .arg(format!("--window-size={size}"))
        .arg(format!("--screenshot={}", shot.display()))
        .arg(url)
        .output()
        .unwrap();
    assert!(
        std::fs::metadata(shot).is_ok_and(|m| m.len() > min_bytes),
        "no screenshot of {url}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn a_skipped_browser_test_says_so_in_the_output_of_a_passing_run() {
    // Regression: the skip message went through `eprintln!`, which the
    // harness swallows for a passing test, so a run without Chromium
    // printed a plain "ok". Run that test alone with no browser.
    if std::env::var_os("PARALLAX_CHROMIUM").is_some() {
        return; // the inner run below
    }
    let out = Command::new(std::env::current_exe().unwrap())
        .args([
            "html_report_renders_in_a_browser_and_never_runs_article_scripts",
            "--exact",
        ])
        .env("PARALLAX_CHROMIUM", "/nonexistent/chromium")
        .env_remove("PARALLAX_REQUIRE_BROWSER")
        .output()
        .unwrap();
    let all = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.status.success(), "{all}");
    assert!(all.contains("1 passed"), "{all}");
    assert!(
        all.contains("SKIPPED html_report_renders_in_a_browser: no chromium"),
        "{all}"
    );
}

#[test]
fn html_report_renders_in_a_browser_and_never_runs_article_scripts() {
    let Some(chromium) = chromium() else {
        return;
    };
    let env = Env::new();
    let hostile = env.path("hostile.txt");
    std::fs::write(
        &hostile,
        "Council approves harbour budget <script>document.body.setAttribute('data-pwned','yes')</script>\n\n\
         The city council approved a harbour budget of 12 million euros on Tuesday after a long debate. \
         \"We <img src=x onerror=alert(1)> will dredge the channel by spring,\" Mayor Ana Ruiz said.",
    )
    .unwrap();
    env.ok(&[
        "ingest",
        seeds().to_str().unwrap(),
        hostile.to_str().unwrap(),
    ]);
    let html = env.ok(&["analyze", seeds().to_str().unwrap(), "--format", "html"]);
    assert!(
        !html.contains("<script"),
        "a script element reached the report"
    );
    assert!(html.contains("&lt;script&gt;"));
    let page = Path::new(env!("CARGO_TARGET_TMPDIR")).join("parallax-report.html");
    std::fs::write(&page, &html).unwrap();
    let url = format!("file://{}", page.display());

    // The DOM after the page ran: timeline, claims table, the script as
    // text and its effect absent.
    let dom = headless(&chromium, &env.path("profile-dom"))
        .arg("--dump-dom")
        .arg(&url)
        .output()
        .unwrap();
    let dom = String::from_utf8_lossy(&dom.stdout);
    let timeline = dom
        .split("<ol class=\"timeline\">")
        .nth(1)
        .expect("a timeline");
    let items = timeline
        .split("</ol>")
        .next()
        .unwrap()
        .matches("<li>")
        .count();
    assert!(
        items >= 3,
        "the storyline timeline shows its events: {items}"
    );
    assert!(dom.contains("<table class=\"claims\">"), "a claims table");
    assert!(dom.contains("USD 38.2 billion"));
    assert!(
        dom.contains("document.body.setAttribute"),
        "the script shows as text"
    );
    assert!(
        !dom.contains("data-pwned=\"yes\""),
        "the article's script ran"
    );
    assert!(
        !dom.contains("<img src=\"x\""),
        "an article's tag became an element"
    );

    let shot = Path::new(env!("CARGO_TARGET_TMPDIR")).join("parallax-report.png");
    screenshot(
        &chromium,
        &env.path("profile-shot"),
        &url,
        &shot,
        "1280,2400",
        10_000,
    );
    eprintln!("screenshot of the report: {}", shot.display());
}

#[test]
fn web_pages_are_read_and_scored_on_the_benchmarks() {
    let env = Env::new();
    let data = seeds().join("../data");
    let r: Value = serde_json::from_str(&env.ok(&[
        "eval",
        "extract",
        data.join("article-extraction-benchmark").to_str().unwrap(),
        "--json",
    ]))
    .unwrap();
    assert_eq!(r["pages"], 181);
    assert!(r["failed"].as_array().unwrap().is_empty(), "{r:#?}");
    assert!(
        r["f1"].as_f64().unwrap() >= 0.97,
        "main-text F1 fell: {r:#?}"
    );
    let d: Value = serde_json::from_str(&env.ok(&[
        "eval",
        "dates",
        data.join("htmldate-eval").to_str().unwrap(),
        "--json",
    ]))
    .unwrap();
    let rows = d["rows"].as_array().unwrap();
    assert_eq!(rows.len(), 2);
    for row in rows {
        assert!(
            row["accuracy"].as_f64().unwrap() >= 0.89,
            "date accuracy fell: {row:#?}"
        );
        // Each found date says which signal it came from.
        assert!(row["by_signal"]
            .as_array()
            .unwrap()
            .iter()
            .all(|s| s[0] != "?"));
    }
    // A page ingests like any article, its date and its source recorded.
    let page = env.path("page.html");
    std::fs::write(
        &page,
        r#"<!doctype html><html><head><title>Budget approved</title>
        <meta property="og:site_name" content="Example Post">
        <meta property="article:published_time" content="2024-05-07T10:00:00Z"></head>
        <body><nav>Home | News</nav><article><h1>Budget approved</h1>
        <p>The city council approved a harbour budget of 12 million euros on Tuesday after a long debate in the town hall.</p>
        <p>"We will dredge the channel by spring," Mayor Ana Ruiz said.</p></article></body></html>"#,
    )
    .unwrap();
    env.ok(&["ingest", page.to_str().unwrap()]);
    let a = &env.articles()[0];
    assert_eq!(a["outlet"], "Example Post");
    assert_eq!(a["published_evidence"], "meta article:published_time");
    let quotes = listed(&env, "quotes");
    assert_eq!(quotes[0]["speaker"], "Ana Ruiz");
}

/// One WARC record, written by hand as ISO 28500 lays it out.
fn warc_record(kind: &str, uri: &str, content_type: &str, block: &[u8]) -> Vec<u8> {
    let mut r = format!(
        "WARC/1.0\r\nWARC-Type: {kind}\r\nWARC-Target-URI: {uri}\r\nWARC-Date: 2024-03-05T06:07:08Z\r\nWARC-Record-ID: <urn:uuid:{kind}-{}>\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\n\r\n",
        uri.len(),
        block.len()
    )
    .into_bytes();
    r.extend_from_slice(block);
    r.extend_from_slice(b"\r\n\r\n");
    r
}

fn warc_response(uri: &str, status: &str, content_type: &str, body: &str) -> Vec<u8> {
    let block = format!("HTTP/1.1 {status}\r\nContent-Type: {content_type}\r\n\r\n{body}");
    warc_record(
        "response",
        uri,
        "application/http; msgtype=response",
        block.as_bytes(),
    )
}

fn gzip_member(b: &[u8]) -> Vec<u8> {
    use std::io::Write;
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    gz.write_all(b).unwrap();
    gz.finish().unwrap()
}

#[test]
fn a_warc_archive_ingests_its_pages_counts_the_rest_and_reports_a_truncated_record() {
    let env = Env::new();
    let page = "<!DOCTYPE html><html><head><title>Flood waters recede | River Times</title>\
        <meta property=\"og:site_name\" content=\"River Times\">\
        <meta property=\"article:published_time\" content=\"2024-03-04T18:00:00Z\"></head>\
        <body><nav><a href=\"/\">Home</a></nav><article><h1>Flood waters recede</h1>\
        <p>Flood waters began to recede across the river valley on Monday, allowing thousands of residents to return home.</p>\
        <p>Emergency crews said 1,200 homes had been damaged and that repairs would take months.</p></article></body></html>";
    let records = [
        warc_record(
            "request",
            "https://river.example/flood",
            "application/http; msgtype=request",
            b"GET /flood HTTP/1.1\r\nHost: river.example\r\n\r\n",
        ),
        warc_response(
            "https://river.example/flood",
            "200 OK",
            "text/html; charset=utf-8",
            page,
        ),
        warc_response(
            "https://river.example/report.pdf",
            "200 OK",
            "application/pdf",
            "%PDF-1.4",
        ),
        warc_response(
            "https://river.example/old",
            "301 Moved Permanently",
            "text/html",
            "",
        ),
        warc_response("https://river.example/next", "200 OK", "text/html", page),
    ];
    let mut archive: Vec<u8> = records.iter().flat_map(|r| gzip_member(r)).collect();
    archive.truncate(archive.len() - 40);
    let path = env.path("crawl.warc.gz");
    std::fs::write(&path, &archive).unwrap();

    let out = env.run(&["ingest", path.to_str().unwrap()]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(
        out.status.code(),
        Some(3),
        "a skipped record is reported: {stderr}"
    );
    for line in [
        "passed over: 1 WARC records that are not responses",
        "passed over: 1 responses that are not HTML",
        "passed over: 1 WARC responses with an HTTP status other than 200",
        "ingested: 1 stored, 0 duplicates, 1 skipped, 3 passed over",
    ] {
        assert!(stdout.contains(line), "{line:?} not in {stdout}");
    }
    assert!(
        stderr.contains("crawl.warc.gz: truncated WARC record 5 at byte")
            && stderr.contains("https://river.example/next"),
        "{stderr}"
    );
    let articles = env.articles();
    assert_eq!(articles.len(), 1);
    let a = &articles[0];
    assert_eq!(a["url"], "https://river.example/flood");
    assert_eq!(a["outlet"], "River Times");
    assert_eq!(a["outlet_source"], "page");
    // The headline the page prints, not "... | River Times".
    assert_eq!(a["title"], "Flood waters recede");
    assert_eq!(a["title_source"], "page");
    assert_eq!(a["published"], "2024-03-04T18:00");
    let shown = env.ok(&["show", a["id"].as_str().unwrap()]);
    assert!(shown.contains("1,200 homes had been damaged"), "{shown}");
    assert!(!shown.contains("Home\n"), "navigation left out: {shown}");
    let raw = env
        .cmd(&["show", a["id"].as_str().unwrap(), "--raw"])
        .output()
        .unwrap()
        .stdout;
    assert_eq!(raw, page.as_bytes(), "the page as served is kept");
    // Again: the page is known, nothing is stored twice.
    let out = env.run(&["ingest", path.to_str().unwrap()]);
    assert!(String::from_utf8_lossy(&out.stdout).contains("ingested: 0 stored, 1 duplicates"));
}

/// A request the test server saw: path and lower-cased headers.
type Seen = std::sync::Arc<std::sync::Mutex<Vec<(String, Vec<(String, String)>)>>>;

/// An HTTP/1.1 server on 127.0.0.1 for `parallax watch`: one thread, one
/// response per connection, answers from `route(path, headers, seen so
/// far)` as (status, content type, extra headers, body).
fn serve(
    route: impl Fn(
            &str,
            &[(String, String)],
            &[(String, Vec<(String, String)>)],
        ) -> (u16, &'static str, Vec<(String, String)>, Vec<u8>)
        + Send
        + 'static,
) -> (u16, Seen) {
    use std::io::{BufRead, BufReader, Write};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let seen: Seen = Default::default();
    let log = seen.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            let mut line = String::new();
            if reader.read_line(&mut line).is_err() {
                continue;
            }
            let path = line.split_whitespace().nth(1).unwrap_or("/").to_string();
            let mut headers = Vec::new();
            loop {
                let mut h = String::new();
                if reader.read_line(&mut h).unwrap_or(0) == 0 || h.trim().is_empty() {
                    break;
                }
                if let Some((k, v)) = h.split_once(':') {
                    headers.push((k.trim().to_ascii_lowercase(), v.trim().to_string()));
                }
            }
            let (status, ctype, extra, body) = {
                let seen = log.lock().unwrap();
                route(&path, &headers, &seen)
            };
            // When it came, for the tests of the per-host delay.
            let at = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .unwrap()
                .as_millis();
            headers.push(("x-test-received-ms".into(), at.to_string()));
            log.lock().unwrap().push((path, headers));
            let mut head = format!(
                "HTTP/1.1 {status} X\r\nContent-Type: {ctype}\r\nContent-Length: {}\r\nConnection: close\r\n",
                body.len()
            );
            for (k, v) in extra {
                head.push_str(&format!("{k}: {v}\r\n"));
            }
            head.push_str("\r\n");
            let _ = stream.write_all(head.as_bytes());
            let _ = stream.write_all(&body);
        }
    });
    (port, seen)
}

fn rss(port: u16, items: &[(&str, &str)]) -> Vec<u8> {
    let mut x = String::from(
        r#"<?xml version="1.0"?><rss version="2.0"><channel><title>Metro Wire</title>"#,
    );
    for (path, title) in items {
        x.push_str(&format!(
            "<item><title>{title}</title><link>http://127.0.0.1:{port}{path}</link><guid>{path}</guid>\
             <pubDate>Wed, 06 Mar 2024 10:00:00 GMT</pubDate><description>Teaser.</description></item>"
        ));
    }
    x.push_str("</channel></rss>");
    x.into_bytes()
}

fn news_page(title: &str, text: &str) -> Vec<u8> {
    format!(
        "<!DOCTYPE html><html><head><title>{title}</title></head><body><nav><a href=\"/\">Home</a></nav>\
         <article><h1>{title}</h1><p>{text}</p><p>Officials said more details would follow on Thursday.</p></article></body></html>"
    )
    .into_bytes()
}

#[test]
fn watch_polls_politely_ingests_new_items_once_and_stops_cleanly_on_sigint() {
    let port_cell = std::sync::Arc::new(std::sync::OnceLock::<u16>::new());
    let port_for_route = port_cell.clone();
    let (port, seen) = serve(move |path, headers, seen| {
        let port = *port_for_route.get().unwrap();
        let header = |k: &str| {
            headers
                .iter()
                .find(|(n, _)| n == k)
                .map(|(_, v)| v.as_str())
        };
        let count = |p: &str| seen.iter().filter(|(s, _)| s == p).count();
        let none = Vec::new;
        match path {
            "/robots.txt" => (200, "text/plain", none(), b"User-agent: *\nDisallow: /private/\n".to_vec()),
            "/news.xml" => {
                // v1 until a 304 has been answered, then v2 adds an item.
                let answered_304 = seen.iter().any(|(s, h)| {
                    s == "/news.xml" && h.iter().any(|(k, v)| k == "if-none-match" && v == "\"v1\"")
                });
                let (tag, items): (&str, Vec<(&str, &str)>) = if answered_304 {
                    ("\"v2\"", vec![("/a2.html", "Second"), ("/a1.html", "First"), ("/private/p.html", "Private")])
                } else {
                    ("\"v1\"", vec![("/a1.html", "First"), ("/private/p.html", "Private")])
                };
                if header("if-none-match") == Some(tag) {
                    return (304, "application/rss+xml", vec![("ETag".into(), tag.into())], Vec::new());
                }
                (200, "application/rss+xml", vec![("ETag".into(), tag.into())], rss(port, &items))
            }
            "/down.xml" if count("/down.xml") == 0 => (500, "text/plain", none(), b"oops".to_vec()),
            "/down.xml" => (200, "application/xml", none(), b"<<< not a feed".to_vec()),
            "/a1.html" => (200, "text/html; charset=utf-8", none(), news_page(
                "Tram line opens",
                "The new tram line opened on Wednesday, linking the airport to the centre in 25 minutes.",
            )),
            "/a2.html" => (200, "text/html", none(), news_page(
                "Library reopens",
                "The central library reopened on Wednesday after a two-year renovation costing 40 million euros.",
            )),
            _ => (404, "text/plain", none(), b"not here".to_vec()),
        }
    });
    port_cell.set(port).unwrap();
    let env = Env::new();
    let feeds = env.path("feeds.txt");
    std::fs::write(
        &feeds,
        format!("# test feeds\nhttp://127.0.0.1:{port}/news.xml\nhttp://127.0.0.1:{port}/down.xml\nnot a url\n"),
    )
    .unwrap();
    let child = env
        .cmd(&[
            "watch",
            "--allow-private-addresses",
            feeds.to_str().unwrap(),
            "--every",
            "300ms",
            "--host-delay",
            "20ms",
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let count = |p: &str| seen.lock().unwrap().iter().filter(|(s, _)| s == p).count();
    let t0 = std::time::Instant::now();
    while (count("/news.xml") < 4 || count("/down.xml") < 2) && t0.elapsed().as_secs() < 60 {
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    let status = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    let out = child.wait_with_output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "SIGINT is a clean stop: {stderr}");
    assert!(
        stderr.contains("stopped; everything fetched so far is stored"),
        "{stderr}"
    );
    assert!(
        stderr.contains("feeds.txt:4: not an http(s) URL"),
        "{stderr}"
    );
    assert!(
        stdout.contains("round 1: 1 feeds read, 0 unchanged, 1 failed; 1 stored"),
        "{stdout}"
    );
    // The feed that failed is reported each time and polled again.
    assert!(
        stderr.contains(&format!(
            "feed http://127.0.0.1:{port}/down.xml: failed: HTTP 500"
        )),
        "{stderr}"
    );
    assert!(
        stderr.contains(&format!(
            "feed http://127.0.0.1:{port}/down.xml: failed: not a feed"
        )),
        "{stderr}"
    );
    // Each page fetched once; the disallowed one never; robots.txt read once.
    assert_eq!(
        (
            count("/a1.html"),
            count("/a2.html"),
            count("/private/p.html")
        ),
        (1, 1, 0)
    );
    assert_eq!(count("/robots.txt"), 1);
    assert!(
        stderr.contains("passed over: disallowed by robots.txt"),
        "{stderr}"
    );
    // Unchanged polls were conditional and answered 304.
    assert!(stderr.contains(&format!(
        "feed http://127.0.0.1:{port}/news.xml: unchanged (304)"
    )));
    let requests = seen.lock().unwrap().clone();
    let ua = &requests[0]
        .1
        .iter()
        .find(|(k, _)| k == "user-agent")
        .unwrap()
        .1;
    assert!(ua.starts_with("parallax/"), "{ua}");
    let articles = env.articles();
    assert_eq!(articles.len(), 2, "{articles:#?}");
    let urls: Vec<&str> = articles
        .iter()
        .map(|a| a["url"].as_str().unwrap())
        .collect();
    assert_eq!(
        urls,
        [
            format!("http://127.0.0.1:{port}/a1.html"),
            format!("http://127.0.0.1:{port}/a2.html")
        ]
    );
    assert_eq!(articles[1]["title"], "Second", "the feed's title is given");
    // A restart remembers: the feed is asked conditionally, nothing refetched.
    let again = env.ok(&[
        "watch",
        "--allow-private-addresses",
        feeds.to_str().unwrap(),
        "--once",
        "--host-delay",
        "1ms",
    ]);
    assert!(
        again.contains("round 1: 0 feeds read, 1 unchanged, 1 failed; 0 stored"),
        "{again}"
    );
    assert_eq!((count("/a1.html"), count("/a2.html")), (1, 1));
}

#[test]
fn watch_retries_a_page_that_failed_even_when_its_feed_is_unchanged() {
    let port_cell = std::sync::Arc::new(std::sync::OnceLock::<u16>::new());
    let port_for_route = port_cell.clone();
    let (port, seen) =
        serve(move |path, headers, seen| {
            let port = *port_for_route.get().unwrap();
            let tag = "\"only\"";
            match path {
            "/news.xml" if headers.iter().any(|(k, v)| k == "if-none-match" && v == tag) => {
                (304, "application/rss+xml", vec![("ETag".into(), tag.into())], Vec::new())
            }
            "/news.xml" => (
                200,
                "application/rss+xml",
                vec![("ETag".into(), tag.into())],
                rss(port, &[("/flaky.html", "Flaky")]),
            ),
            "/flaky.html" if !seen.iter().any(|(s, _)| s == "/flaky.html") => {
                (503, "text/plain", Vec::new(), b"busy".to_vec())
            }
            "/flaky.html" => (200, "text/html", Vec::new(), news_page(
                "Bridge reopens",
                "The old bridge reopened to traffic on Friday after three months of repairs.",
            )),
            _ => (404, "text/plain", Vec::new(), Vec::new()),
        }
        });
    port_cell.set(port).unwrap();
    let env = Env::new();
    let feeds = env.path("feeds.txt");
    std::fs::write(&feeds, format!("http://127.0.0.1:{port}/news.xml\n")).unwrap();
    let watch = || {
        env.ok(&[
            "watch",
            "--allow-private-addresses",
            feeds.to_str().unwrap(),
            "--once",
            "--host-delay",
            "1ms",
        ])
    };
    assert!(watch().contains("0 stored"));
    // The page failed, so the feed's validators were not kept: the next
    // round reads the feed in full (no If-None-Match) and retries the page.
    assert!(watch().contains("1 feeds read, 0 unchanged, 0 failed; 1 stored"));
    let feed_requests: Vec<bool> = seen
        .lock()
        .unwrap()
        .iter()
        .filter(|(s, _)| s == "/news.xml")
        .map(|(_, h)| h.iter().any(|(k, _)| k == "if-none-match"))
        .collect();
    assert_eq!(feed_requests, [false, false]);
    assert_eq!(env.articles().len(), 1);
    // Now everything is handled: the third round is a 304.
    assert!(watch().contains("0 feeds read, 1 unchanged"));
}

#[test]
fn a_model_folder_that_is_not_there_is_a_warning_and_events_are_still_built() {
    let env = Env::new();
    let out = env
        .cmd(&["ingest", seeds().to_str().unwrap()])
        .env("PARALLAX_MODEL", env.path("no-model"))
        .output()
        .unwrap();
    assert!(out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("no-model") && err.contains("words and names only"),
        "{err}"
    );
    assert_eq!(events_json(&env).len(), 3);
}

#[test]
fn bench_embed_prints_the_cost_of_an_embedding() {
    let env = Env::with_model();
    let out = env
        .cmd(&[
            "bench",
            "embed",
            "--articles",
            "4",
            "--corpus",
            seeds().to_str().unwrap(),
        ])
        .output()
        .unwrap();
    if !out.status.success() {
        let err = String::from_utf8_lossy(&out.stderr);
        // Without the model the command says what to do, unless CI, which
        // installs it, requires it.
        assert!(
            std::env::var_os("PARALLAX_REQUIRE_MODEL").is_none() && err.contains("setup-model.sh"),
            "{err}"
        );
        use std::io::Write;
        let _ = writeln!(
            std::io::stderr(),
            "\nSKIPPED bench_embed_prints_the_cost_of_an_embedding: no sentence-embedding model installed"
        );
        return;
    }
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("4 real articles") && text.contains("articles/s"),
        "{text}"
    );
}

#[test]
fn embeddings_are_kept_reused_for_a_word_for_word_copy_and_exported() {
    let env = Env::with_model();
    let out = env
        .cmd(&["ingest", seeds().to_str().unwrap(), "--json"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let first: Value = serde_json::from_slice(&out.stdout).unwrap();
    if first["stages"]["embedded"] == 0 {
        assert!(
            std::env::var_os("PARALLAX_REQUIRE_MODEL").is_none(),
            "the model is required here"
        );
        let none = env.ok(&["export", "--what", "embeddings"]);
        assert!(none.is_empty(), "{none}");
        use std::io::Write;
        let _ = writeln!(
            std::io::stderr(),
            "\nSKIPPED embeddings_are_kept_reused_for_a_word_for_word_copy_and_exported: no sentence-embedding model installed"
        );
        return;
    }
    assert_eq!(first["stages"]["embedded"], 5);
    assert_eq!(first["stages"]["embeddings_reused"], 0);
    // The same story from another page: its text is embedded already.
    let seed = std::fs::read_dir(seeds())
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .find(|p| p.extension().is_some_and(|x| x == "txt"))
        .unwrap();
    let copy = env.path("copy.txt");
    std::fs::write(
        &copy,
        format!("{}\n", std::fs::read_to_string(&seed).unwrap()),
    )
    .unwrap();
    let again: Value =
        serde_json::from_str(&env.ok(&["ingest", copy.to_str().unwrap(), "--json"])).unwrap();
    assert_eq!(again["stages"]["embedded"], 1, "{again}");
    assert_eq!(again["stages"]["embeddings_reused"], 1, "{again}");
    // Exported: one unit vector per article, the copy's equal to its original's.
    let rows: Vec<Value> = env
        .ok(&["export", "--what", "embeddings"])
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(rows.len(), 6);
    let vec_of = |r: &Value| -> Vec<f64> {
        r["vector"]
            .as_array()
            .unwrap()
            .iter()
            .map(|x| x.as_f64().unwrap())
            .collect()
    };
    for r in &rows {
        let v = vec_of(r);
        let norm: f64 = v.iter().map(|x| x * x).sum::<f64>().sqrt();
        assert!(v.len() > 100 && (norm - 1.0).abs() < 1e-2, "{norm}");
        assert!(r["model"]
            .as_str()
            .unwrap()
            .ends_with(&format!("/{}", v.len())));
    }
    let same: Vec<&Value> = rows
        .iter()
        .filter(|r| vec_of(r) == vec_of(rows.last().unwrap()))
        .collect();
    assert_eq!(same.len(), 2, "the copy and its original");
    let csv = env.ok(&["export", "--what", "embeddings", "--format", "csv"]);
    assert!(csv.starts_with("id,model,dim,vector\n"), "{csv}");
    assert_eq!(csv.lines().count(), 7);
}

/// Event partition of a store: each event's article ids, sorted.
fn partition(env: &Env) -> Vec<Vec<String>> {
    let mut out: Vec<Vec<String>> = events_json(env)
        .iter()
        .map(|e| {
            let mut ids: Vec<String> = e["articles"]
                .as_array()
                .unwrap()
                .iter()
                .map(|a| a.as_str().unwrap().to_string())
                .collect();
            ids.sort();
            ids
        })
        .collect();
    out.sort();
    out
}

#[test]
fn three_concurrent_ingests_and_a_reader_store_each_article_once_with_sequential_events() {
    // Regression: a second writer died with "database is locked", a reader
    // polling `events` killed an ingest, and two processes on a new store
    // both created its tables ("table raw already exists").
    let env = Env::new();
    let articles =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data/wikiref220/articles");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&articles)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    let parts: Vec<PathBuf> = (0..3).map(|k| env.path(&format!("part{k}"))).collect();
    for p in &parts {
        std::fs::create_dir(p).unwrap();
    }
    for (i, f) in files.iter().enumerate() {
        std::fs::copy(f, parts[i % 3].join(f.file_name().unwrap())).unwrap();
    }
    let writers: Vec<std::process::Child> = parts
        .iter()
        .map(|p| {
            env.cmd(&["ingest", "--json", p.to_str().unwrap()])
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    // A reader polling all along: it must never fail, nor make a writer fail.
    let mut reads = 0;
    let started = std::time::Instant::now();
    let mut writers: Vec<(std::process::Child, bool)> =
        writers.into_iter().map(|c| (c, false)).collect();
    let mut outputs = Vec::new();
    while writers.iter().any(|(_, done)| !done) {
        assert!(started.elapsed().as_secs() < 300, "ingests did not finish");
        let out = env.run(&["events", "--json"]);
        // The store may not exist yet at the very start.
        if env.db().exists() {
            assert!(
                out.status.success(),
                "a reader failed during ingests: {}",
                String::from_utf8_lossy(&out.stderr)
            );
        }
        reads += 1;
        for (child, done) in writers.iter_mut() {
            if !*done && child.try_wait().unwrap().is_some() {
                *done = true;
            }
        }
    }
    for (child, _) in writers {
        let out = child.wait_with_output().unwrap();
        assert!(
            out.status.success(),
            "a concurrent ingest failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        outputs.push(serde_json::from_slice::<Value>(&out.stdout).unwrap());
    }
    assert!(reads > 1);
    let stored: u64 = outputs.iter().map(|o| o["stored"].as_u64().unwrap()).sum();
    let dups: usize = outputs
        .iter()
        .map(|o| o["duplicates"].as_array().unwrap().len())
        .sum();
    let stored_articles = env.articles();
    assert_eq!(stored as usize, stored_articles.len());
    assert_eq!(
        stored as usize + dups,
        files.len(),
        "every file accounted for"
    );
    assert_eq!(
        distinct(&stored_articles, "id"),
        stored_articles.len(),
        "each article exactly once"
    );

    // One sequential ingest of the same files, in the order they arrived.
    let seq_env = Env::new();
    let ordered = seq_env.path("ordered");
    std::fs::create_dir(&ordered).unwrap();
    for (i, a) in stored_articles.iter().enumerate() {
        let source = Path::new(a["source"].as_str().unwrap());
        std::fs::copy(source, ordered.join(format!("{i:04}.txt"))).unwrap();
    }
    seq_env.ok(&["ingest", ordered.to_str().unwrap()]);
    let concurrent = partition(&env);
    assert!(concurrent.len() > 5, "{} events", concurrent.len());
    assert_eq!(concurrent, partition(&seq_env));
}

#[test]
fn sigkill_during_ingest_or_catch_up_then_rerun_gives_the_clean_events() {
    // The stages catch up after storing, a chunk per transaction: a kill
    // at any point must leave each article once and, after a re-run, the
    // events of a run that was never killed.
    let clean = Env::new();
    let corpus = clean.bench_corpus(2500);
    clean.ok(&["ingest", corpus.to_str().unwrap()]);
    let want = partition(&clean);
    assert!(want.len() > 50, "{} events", want.len());
    // Killed while storing (some batches written, not all), and while the
    // stages catch up (every article stored): each moment is found by
    // watching the store, not by timing, so a busy machine moves nothing.
    let stored = |env: &Env| -> u64 {
        let out = env.run(&["articles", "--json", "--limit", "0"]);
        serde_json::from_slice::<Value>(&out.stdout)
            .ok()
            .and_then(|v| v["total"].as_u64())
            .unwrap_or(0)
    };
    for (phase, reached) in [
        ("storing", (|n: u64| n > 0 && n < 2500) as fn(u64) -> bool),
        ("catching up", |n: u64| n == 2500),
    ] {
        let env = Env::new();
        let mut child = env
            .cmd(&["ingest", corpus.to_str().unwrap()])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let started = std::time::Instant::now();
        while !(env.db().exists() && reached(stored(&env))) {
            assert!(
                child.try_wait().unwrap().is_none(),
                "the ingest ended before it was {phase}; the test proves nothing"
            );
            assert!(started.elapsed().as_secs() < 120, "never {phase}");
        }
        let killed = child.try_wait().unwrap().is_none();
        child.kill().unwrap();
        child.wait().unwrap();
        assert!(
            killed,
            "the ingest ended while {phase}; the test proves nothing"
        );
        env.ok(&["ingest", corpus.to_str().unwrap()]);
        assert_eq!(env.articles().len(), 2500, "killed while {phase}");
        assert_eq!(partition(&env), want, "killed while {phase}");
    }
}

#[test]
fn events_and_articles_come_in_pages_that_say_how_many_more() {
    let env = Env::new();
    env.ok(&["ingest", seeds().to_str().unwrap()]);
    let page = |args: &[&str]| -> Value { serde_json::from_str(&env.ok(args)).unwrap() };
    let a = page(&["articles", "--json", "--limit", "2"]);
    assert_eq!(
        (a["total"].as_u64(), a["more"].as_u64()),
        (Some(5), Some(3))
    );
    assert_eq!(a["articles"].as_array().unwrap().len(), 2);
    let last = page(&["articles", "--json", "--offset", "4"]);
    assert_eq!(last["articles"].as_array().unwrap().len(), 1);
    assert_eq!(last["more"], 0);
    // An offset past SQL's integers is past the end, not a negative offset
    // that reads as none (which listed everything).
    for what in ["articles", "events", "quotes", "claims", "copies"] {
        let far = page(&[what, "--json", "--offset", "18446744073709551615"]);
        assert_eq!(far[what].as_array().map(Vec::len), Some(0), "{what}: {far}");
        assert_eq!(far["more"], 0, "{what}: {far}");
    }
    // By outlet, language and event.
    let press = page(&["articles", "--json", "--outlet", "Press TV"]);
    assert_eq!(press["total"], 1, "{press}");
    assert_eq!(press["articles"][0]["outlet"], "Press TV");
    assert_eq!(page(&["articles", "--json", "--lang", "en"])["total"], 5);
    assert_eq!(page(&["articles", "--json", "--lang", "de"])["total"], 0);
    let event = &events_json(&env)[0];
    let members = page(&["articles", "--json", "--event", &event["id"].to_string()]);
    let mut got: Vec<&str> = members["articles"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["id"].as_str().unwrap())
        .collect();
    let mut want: Vec<&str> = event["articles"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a.as_str().unwrap())
        .collect();
    got.sort_unstable();
    want.sort_unstable();
    assert_eq!(got, want);
    // Dated on or after 2023: the Interfax and CGTN seeds.
    let dated = page(&["articles", "--json", "--since", "2023-01-01"]);
    assert_eq!(dated["total"], 2, "{dated}");

    let all = events_json(&env);
    let e = page(&["events", "--json", "--limit", "1", "--offset", "1"]);
    assert_eq!(
        (e["total"].as_u64(), e["more"].as_u64()),
        (Some(3), Some(1))
    );
    let mut second = all[1].clone();
    second["articles"] = Value::from(second["articles"].as_array().unwrap().len());
    assert_eq!(e["events"][0], second);
    let since = page(&[
        "events",
        "--json",
        "--since",
        "2023-01-01",
        "--until",
        "2024-01-01",
    ]);
    assert_eq!(since["total"], 1);
    assert_eq!(since["events"][0]["start"], "2023-03-22T10:29");
    let largest = page(&["events", "--json", "--order", "largest", "--limit", "1"]);
    assert_eq!(largest["events"][0]["articles"], 3, "{largest}");
    let smallest = page(&["events", "--json", "--order", "smallest", "--limit", "1"]);
    assert_eq!(smallest["events"][0]["articles"], 1, "{smallest}");
    let text = env.ok(&["events", "--limit", "2"]);
    assert!(text.contains("2 of 3 shown, 1 more (--offset 2)"), "{text}");
    // A listed event says how many articles it has and where they are.
    assert!(
        text.contains("storyline 0, 3 articles (parallax articles --event 0)"),
        "{text}"
    );
    // Quotes and claims page the same way, over the whole store.
    let quotes = listed(&env, "quotes");
    let first = page(&["quotes", "--json", "--limit", "1", "--offset", "2"]);
    assert_eq!(first["total"].as_u64(), Some(quotes.len() as u64));
    assert_eq!(first["more"].as_u64(), Some(quotes.len() as u64 - 3));
    assert_eq!(first["quotes"][0], quotes[2]);
    let claims = listed(&env, "claims");
    let dated = page(&["claims", "--json", "--until", "2023-01-01"]);
    assert!(
        (1..claims.len()).contains(&(dated["total"].as_u64().unwrap() as usize)),
        "{dated}"
    );
    let bad = env.run(&["events", "--since", "last week"]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("not a date"));
}

#[test]
fn a_version_4_store_upgrades_to_the_same_events_quotes_and_comparison() {
    // Written by the last release before stage state became rows (schema
    // 4, its stages as snapshots): opened now, its stages are rebuilt from
    // the stored articles and give what that release printed.
    let env = Env::new();
    let compat = Path::new(env!("CARGO_MANIFEST_DIR"));
    std::fs::copy(
        compat.join("../parallax-store/tests/compat/v4.db"),
        env.db(),
    )
    .unwrap();
    let want = |f: &str| -> Value {
        serde_json::from_str(&std::fs::read_to_string(compat.join("tests/compat").join(f)).unwrap())
            .unwrap()
    };
    assert_eq!(Value::Array(events_json(&env)), want("v4-events.json"));
    let got: Value = serde_json::from_str(&env.ok(&["compare", "0", "--json"])).unwrap();
    assert_eq!(got, want("v4-compare-0.json"));
    assert_eq!(Value::Array(listed(&env, "quotes")), want("v4-quotes.json"));
}

#[test]
fn a_story_reprinted_many_times_is_read_by_origin_not_by_reprint() {
    // One seed story, printed twenty times with a tag in one paragraph:
    // twenty near copies of one origin, each from its own file.
    let env = Env::new();
    let reprint = |seed: &str, dir: &Path, n: usize| {
        let text = std::fs::read_to_string(seeds().join(seed)).unwrap();
        std::fs::create_dir_all(dir).unwrap();
        for i in 0..n {
            let mut paras: Vec<String> = text.split('\n').map(str::to_string).collect();
            let long = paras
                .iter()
                .position(|p| p.split_whitespace().count() > 20)
                .unwrap();
            if i > 0 {
                paras[long].push_str(&format!(" (ref {i})"));
            }
            std::fs::write(dir.join(format!("print{i:02}.txt")), paras.join("\n")).unwrap();
        }
    };
    let dir = env.path("reprints");
    reprint("000_3ddd750598057a27.txt", &dir, 20);
    env.ok(&["ingest", dir.to_str().unwrap()]);
    let events = events_json(&env);
    assert_eq!(events.len(), 1, "{events:?}");
    let id = events[0]["id"].to_string();
    let json: Value = serde_json::from_str(&env.ok(&["compare", &id, "--json"])).unwrap();
    assert_eq!(
        json["sources"].as_array().unwrap().len(),
        20,
        "JSON lists every source"
    );
    assert_eq!(json["independent"], 1);

    let text = env.ok(&["compare", &id]);
    // The original and three of its copies are listed; the other sixteen
    // are counted, by where they came from.
    // (The story credits its agency, so each reprint is "ANI (short id)".)
    let listed = text.lines().filter(|l| l.starts_with("- ANI (")).count();
    assert_eq!(listed, 4, "{text}");
    assert!(text.contains("- and 16 more copies: ANI (16)"), "{text}");
    // Nothing is agreed (one origin), but each quote names its origin
    // once and counts the reprints, where it listed twenty names.
    let quoted: Vec<&str> = text.lines().filter(|l| l.contains("cluster ")).collect();
    assert!(!quoted.is_empty(), "{text}");
    for line in quoted {
        assert!(line.contains("and 19 copies"), "{line}");
        assert_eq!(line.matches("ANI (").count(), 1, "{line}");
    }

    // One quote's page: its wording once, the reprints counted.
    let cluster = json["quotes"][0]["cluster"].to_string();
    let quote = env.ok(&["quote", &cluster]);
    assert_eq!(
        quote.lines().filter(|l| l.starts_with("- ")).count(),
        1,
        "{quote}"
    );
    assert!(
        quote.contains("and 19 more printings word for word"),
        "{quote}"
    );
    let all: Value = serde_json::from_str(&env.ok(&["quote", &cluster, "--json"])).unwrap();
    assert_eq!(
        all["variants"].as_array().unwrap().len(),
        20,
        "JSON lists every printing"
    );

    // The report's page lists the articles the same way.
    let site = env.path("site");
    env.ok(&[
        "report",
        "--out",
        site.to_str().unwrap(),
        "--format",
        "markdown",
    ]);
    let page = std::fs::read_to_string(site.join(format!("event-{id}.md"))).unwrap();
    assert!(
        page.contains("16 more copies") && page.contains(&format!("articles --event {id}")),
        "{page}"
    );

    // Two other reports of the happening, one of them reprinted ten
    // times: what it adds and leaves out is said once, its copies
    // counted, not ten times over.
    let more = env.path("more");
    reprint("002_0a863f18b38ad087.txt", &more, 10);
    let f = "001_0e2ac0ca1d9226e6.txt";
    std::fs::copy(seeds().join(f), more.join(f)).unwrap();
    env.ok(&["ingest", more.to_str().unwrap()]);
    let text = env.ok(&["compare", &id]);
    let views = text
        .split("What each outlet adds and leaves out")
        .nth(1)
        .unwrap_or_else(|| panic!("{text}"));
    let views = views.split("Wording").next().unwrap();
    let lines: Vec<&str> = views.lines().filter(|l| l.starts_with("- ")).collect();
    assert_eq!(lines.len(), 3, "{views}");
    assert!(
        lines
            .iter()
            .any(|l| l.contains("and 9 copies: Press TV (9)")),
        "{views}"
    );
}

#[test]
fn report_out_writes_an_index_and_one_page_per_event() {
    let env = Env::new();
    env.ok(&["ingest", seeds().to_str().unwrap()]);
    let events = events_json(&env);
    let dir = env.path("site");
    env.ok(&[
        "report",
        "--out",
        dir.to_str().unwrap(),
        "--format",
        "markdown",
    ]);
    let index = std::fs::read_to_string(dir.join("index.md")).unwrap();
    assert!(index.contains("3 of 3 events"), "{index}");
    for e in &events {
        let page = dir.join(format!("event-{}.md", e["id"]));
        let text = std::fs::read_to_string(&page).unwrap();
        assert!(
            index.contains(&format!("(event-{}.md)", e["id"])),
            "{index}"
        );
        assert!(text.contains(&format!("### Event {}", e["id"])), "{text}");
    }
    // The April 2022 meeting's page carries its comparison.
    let first = std::fs::read_to_string(dir.join(format!("event-{}.md", events[0]["id"]))).unwrap();
    assert!(first.contains("38.2"), "{first}");

    // The largest only, as HTML pages that allow no script.
    let top = env.path("top");
    let out = env.run(&[
        "report",
        "--out",
        top.to_str().unwrap(),
        "--format",
        "html",
        "--top",
        "1",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let pages: Vec<_> = std::fs::read_dir(&top).unwrap().collect();
    assert_eq!(pages.len(), 2, "index and one event page");
    let index = std::fs::read_to_string(top.join("index.html")).unwrap();
    assert!(
        index.contains("default-src 'none'") && index.contains("1 event of 3"),
        "{index}"
    );
    let page =
        std::fs::read_to_string(top.join(format!("event-{}.html", events[0]["id"]))).unwrap();
    // A file links nothing that only `parallax serve` answers.
    assert!(
        !page.contains("href=\"/"),
        "a server link in a written page: {page}"
    );

    let bad = env.run(&["report", "--out", top.to_str().unwrap(), "--format", "json"]);
    assert!(!bad.status.success());
    let none = env.run(&["report", "--out", top.to_str().unwrap(), "--event", "99"]);
    assert!(String::from_utf8_lossy(&none.stderr).contains("no event 99"));
}

#[test]
fn bench_scale_measures_each_command_at_each_step() {
    let env = Env::new();
    let out = env.ok(&[
        "bench",
        "scale",
        "--articles",
        "1600",
        "--steps",
        "800,1600",
        "--ones",
        "3",
        "--corpus",
        giveme5w1h().to_str().unwrap(),
        "--dir",
        env.path("scale").to_str().unwrap(),
        "--json",
    ]);
    for line in [
        "== 800 articles",
        "== 1600 articles",
        "bulk ingest (all stages)",
        "CPU time, every thread",
        "ingest one article (3 runs)",
        "events --limit 50",
        "compare, the largest event",
        "quotes --limit 10 --offset 800",
        "claims --limit 10 --offset 800",
        "report --out DIR --top 50 (HTML)",
    ] {
        assert!(out.contains(line), "{line} missing:\n{out}");
    }
    let json: Value = serde_json::from_str(&out[out.find("\n[").unwrap()..]).unwrap();
    let last = &json[1];
    assert_eq!(last["articles"], 1600);
    assert!(last["bytes_per_article"].as_f64().unwrap() > 100.0);
    assert!(
        last["bulk"]["peak_mib"].as_f64().unwrap() > 1.0,
        "peak memory read: {last}"
    );
    // The ingest's CPU time, every thread's, read from the process: some,
    // and no more than three cores' worth of its wall time (it runs at
    // most three threads at once; /proc counts in hundredths of a second).
    let (cpu, wall) = (
        last["bulk"]["cpu_secs"].as_f64().unwrap(),
        last["bulk"]["secs"].as_f64().unwrap(),
    );
    assert!(
        cpu > 0.0 && cpu <= 2.0 * wall + 0.05,
        "cpu {cpu} s, wall {wall} s"
    );
    assert!(last["one_p50_secs"].as_f64().unwrap() > 0.0);
    assert!(
        last["quotes_page"]["secs"].as_f64().unwrap() > 0.0,
        "{last}"
    );
}

#[test]
fn a_closed_pipe_ends_quietly_and_any_unambiguous_id_prefix_shows_its_article() {
    // Regressions: `parallax ... | head -1` printed "Broken pipe" and exited
    // 1 (101, a panic, with standard error closed too); `show e06` said no
    // article matched a four-digit minimum.
    let env = Env::new();
    let wikiref =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data/wikiref220/articles");
    env.ok(&[
        "ingest",
        seeds().to_str().unwrap(),
        wikiref.to_str().unwrap(),
    ]);
    for close_stderr in [false, true] {
        let mut child = env
            .cmd(&["articles", "--json"])
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut head = [0u8; 16];
        use std::io::Read;
        child
            .stdout
            .as_mut()
            .unwrap()
            .read_exact(&mut head)
            .unwrap();
        drop(child.stdout.take());
        if close_stderr {
            drop(child.stderr.take());
        }
        let out = child.wait_with_output().unwrap();
        assert_eq!(out.status.code(), Some(0), "closed stderr: {close_stderr}");
        assert!(
            out.stderr.is_empty(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let articles = env.articles();
    let id = articles[0]["id"].as_str().unwrap();
    // The shortest prefix no other id shares.
    let unique = (1..=id.len())
        .map(|n| &id[..n])
        .find(|p| {
            articles
                .iter()
                .filter(|a| a["id"].as_str().unwrap().starts_with(p))
                .count()
                == 1
        })
        .unwrap();
    assert!(unique.len() < 4, "a short prefix is the point: {unique}");
    let shown: Value = serde_json::from_str(&env.ok(&["show", unique, "--json"])).unwrap();
    assert_eq!(shown["id"], id);
    let first = &id[..1];
    let out = env.run(&["show", first]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1));
    assert!(err.contains("is ambiguous: it begins"), "{err}");
    let sharing = articles
        .iter()
        .filter(|a| a["id"].as_str().unwrap().starts_with(first))
        .count();
    assert!(err.contains(id) || sharing > 8, "{err}");
}

#[test]
fn escape_sequences_in_articles_never_reach_the_terminal() {
    // Regression (issue 18 item 8): titles and outlets were printed raw, so
    // an article could clear the screen or retitle the window.
    let env = Env::new();
    let evil = env.path("evil\u{1b}[31m.jsonl");
    let line = serde_json::json!({
        "title": "Storm\u{1b}[2J closes\u{9b}31m the harbour\u{7}",
        "outlet": "Daily\u{1b}]0;owned\u{7} News",
        "text": "A winter storm closed the harbour of the coastal town on Monday, stranding two ferries and forty fishing boats, the port authority said on Tuesday.",
    });
    std::fs::write(&evil, format!("{line}\n")).unwrap();
    let ingest = env.run(&["ingest", "-v", evil.to_str().unwrap()]);
    let id = env.articles()[0]["id"].as_str().unwrap().to_string();
    let mut printed = vec![ingest.stdout, ingest.stderr];
    for args in [
        vec!["articles"],
        vec!["events"],
        vec!["show", &id],
        vec!["report", "--format", "text"],
    ] {
        let out = env.run(&args);
        assert!(out.status.success(), "{args:?}");
        printed.push(out.stdout);
        printed.push(out.stderr);
    }
    for text in &printed {
        let text = String::from_utf8_lossy(text);
        assert!(
            !text
                .chars()
                .any(|c| c.is_control() && c != '\n' && c != '\t'),
            "a control character was printed: {text:?}"
        );
    }
    let all = printed
        .iter()
        .map(|t| String::from_utf8_lossy(t).into_owned())
        .collect::<String>();
    assert!(all.contains("Storm[2J closes31m the harbour"), "{all}");
    // JSON keeps the title as it is, escaped.
    let json = env.ok(&["articles", "--json"]);
    assert!(json.contains("Storm\\u001b[2J"), "{json}");
}

/// Hardening regressions (issue 18, items 1, 2 and 7): bombs and huge
/// files are skipped by name and the batch goes on, on every run.
#[test]
fn a_decompression_bomb_or_a_huge_file_is_skipped_and_the_batch_goes_on() {
    use std::io::Write;
    let env = Env::new();
    let dir = env.path("in");
    std::fs::create_dir_all(&dir).unwrap();
    for i in 0..5 {
        std::fs::write(
            dir.join(format!("a{i}.txt")),
            format!("Council vote {i}. The council met on Monday and voted {i} to {} on the harbour plan, officials said.", i + 7),
        )
        .unwrap();
    }
    // 40 MiB of markup in 40 KB: over a 2 MiB cap once inflated.
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    for _ in 0..40 {
        gz.write_all(&[b'<'; 1 << 20]).unwrap();
    }
    std::fs::write(dir.join("b-bomb.html.gz"), gz.finish().unwrap()).unwrap();
    std::fs::write(dir.join("c-huge.txt"), vec![b'!'; 3 << 20]).unwrap();
    for round in 0..2 {
        let out = env.run(&["--max-article-mb", "2", "ingest", dir.to_str().unwrap()]);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(3), "{stderr}");
        assert!(
            stderr.contains("b-bomb.html.gz: larger than 2 MiB once decompressed"),
            "{stderr}"
        );
        assert!(stderr.contains("c-huge.txt: larger than 2 MiB"), "{stderr}");
        assert_eq!(env.articles().len(), 5, "round {round}");
    }
    // The cap is the user's: raised, the huge text is stored, and the
    // reading commands work on the store that holds it.
    env.ok(&[
        "--max-article-mb",
        "4",
        "ingest",
        dir.join("c-huge.txt").to_str().unwrap(),
    ]);
    assert_eq!(env.articles().len(), 6);
    env.ok(&["events"]);
    env.ok(&["quotes"]);
    env.ok(&["report", "--format", "markdown"]);
}

#[test]
fn linked_files_and_names_that_are_not_utf8_are_read() {
    use std::os::unix::ffi::OsStrExt;
    let env = Env::new();
    let dir = env.path("in");
    let elsewhere = env.path("elsewhere");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::create_dir_all(&elsewhere).unwrap();
    std::fs::write(
        elsewhere.join("real.txt"),
        "Bridge reopens. The old bridge reopened on Tuesday after two years of repairs, the city said.",
    )
    .unwrap();
    std::os::unix::fs::symlink(elsewhere.join("real.txt"), dir.join("link.txt")).unwrap();
    let odd = dir.join(std::ffi::OsStr::from_bytes(b"caf\xe9.txt"));
    std::fs::write(
        &odd,
        "Port strike ends. Dock workers ended their strike on Wednesday after a pay deal, the union said.",
    )
    .unwrap();
    std::fs::write(
        dir.join(std::ffi::OsStr::from_bytes(b"notes\xff.md")),
        "not an article",
    )
    .unwrap();
    let json: Value = serde_json::from_str(&env.ok(&["ingest", "--json", dir.to_str().unwrap()]))
        .expect("the report is whole JSON");
    assert_eq!(json["stored"], 2, "{json}");
    let ignored = json["ignored"].as_array().unwrap();
    assert_eq!(ignored.len(), 1);
    assert!(ignored[0].as_str().unwrap().ends_with("notes\u{fffd}.md"));
}

#[test]
fn an_impossible_date_is_not_taken_and_errors_say_each_thing_once() {
    let env = Env::new();
    let f = env.path("a.jsonl");
    std::fs::write(
        &f,
        "{\"text\": \"Mayor resigns. The mayor resigned on Thursday, her office said.\", \"published\": \"0000-01-01\"}\n",
    )
    .unwrap();
    env.ok(&["ingest", f.to_str().unwrap()]);
    let a = &env.articles()[0];
    assert!(a["published"].is_null(), "{a}");
    let out = Command::new(env!("CARGO_BIN_EXE_parallax"))
        .args(["--db", "/nonexistent-parallax-dir/x.db", "events"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        stderr.matches("unable to open database file").count(),
        1,
        "{stderr}"
    );
    assert_eq!(
        stderr.matches("/nonexistent-parallax-dir/x.db").count(),
        1,
        "{stderr}"
    );
}

/// Hardening regressions (issue 18, items 4-6): what `watch` fetches.
#[test]
fn watch_refuses_private_addresses_unless_allowed() {
    let (port, seen) =
        serve(|_, _, _| (200, "application/rss+xml", Vec::new(), b"<rss/>".to_vec()));
    let env = Env::new();
    let feeds = env.path("feeds.txt");
    std::fs::write(&feeds, format!("http://127.0.0.1:{port}/news.xml\n")).unwrap();
    let out = env.run(&[
        "watch",
        feeds.to_str().unwrap(),
        "--once",
        "--host-delay",
        "1ms",
    ]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(
        out.status.code(),
        Some(1),
        "nothing could be read: {stderr}"
    );
    assert!(
        stderr.contains("127.0.0.1, not a public address"),
        "{stderr}"
    );
    assert!(stderr.contains("no feed could be read"), "{stderr}");
    assert!(seen.lock().unwrap().is_empty(), "no request was made");
}

#[test]
fn watch_follows_redirects_hop_by_hop_and_passes_over_what_it_cannot_fetch() {
    let port_cell = std::sync::Arc::new(std::sync::OnceLock::<u16>::new());
    let port_for_route = port_cell.clone();
    let (port, seen) = serve(move |path, headers, _| {
        let port = *port_for_route.get().unwrap();
        let to = |p: &str| vec![("Location".to_string(), p.to_string())];
        let tag = "\"one\"";
        match path {
            "/robots.txt" => (200, "text/plain", Vec::new(), b"User-agent: *\nDisallow: /private/\n".to_vec()),
            "/news.xml" if headers.iter().any(|(k, v)| k == "if-none-match" && v == tag) => {
                (304, "application/rss+xml", vec![("ETag".into(), tag.into())], Vec::new())
            }
            "/news.xml" => {
                let mut x = String::from(r#"<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title>"#);
                for (link, id) in [
                    (format!("http://127.0.0.1:{port}/moved.html"), "1"),
                    (format!("http://127.0.0.1:{port}/sneaky.html"), "2"),
                    ("file:///etc/passwd".to_string(), "3"),
                    ("gopher://example.invalid/1".to_string(), "4"),
                    (format!("http://reader:s3cret@127.0.0.1:{port}/locked.html"), "5"),
                ] {
                    x.push_str(&format!("<item><title>T{id}</title><link>{link}</link><guid>{id}</guid></item>"));
                }
                x.push_str("</channel></rss>");
                (200, "application/rss+xml", vec![("ETag".into(), tag.into())], x.into_bytes())
            }
            "/moved.html" => (301, "text/html", to("/final/page.html"), Vec::new()),
            "/sneaky.html" => (302, "text/html", to("/private/secret.html"), Vec::new()),
            "/final/page.html" => (200, "text/html", Vec::new(), news_page(
                "Ferry resumes",
                "The island ferry resumed service on Monday after a week of storms, the operator said.",
            )),
            "/locked.html" => (200, "text/html", Vec::new(), news_page(
                "Museum expands",
                "The city museum opened a new wing on Saturday, doubling its exhibition space.",
            )),
            _ => (404, "text/plain", Vec::new(), Vec::new()),
        }
    });
    port_cell.set(port).unwrap();
    let env = Env::new();
    let feeds = env.path("feeds.txt");
    std::fs::write(&feeds, format!("http://127.0.0.1:{port}/news.xml\n")).unwrap();
    let watch = || {
        env.run(&[
            "watch",
            "--allow-private-addresses",
            feeds.to_str().unwrap(),
            "--once",
            "--host-delay",
            "150ms",
        ])
    };
    let out = watch();
    let (stdout, stderr) = (
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr),
    );
    assert!(out.status.success(), "{stderr}");
    assert!(
        stdout.contains("2 stored, 0 duplicates, 3 passed over"),
        "{stdout}\n{stderr}"
    );
    // A redirect hop is a request of its own: it waits the host's delay.
    let received = |p: &str| -> u128 {
        let seen = seen.lock().unwrap();
        let (_, h) = seen.iter().find(|(s, _)| s == p).unwrap();
        h.iter()
            .find(|(k, _)| k == "x-test-received-ms")
            .unwrap()
            .1
            .parse()
            .unwrap()
    };
    // The delay runs from when the watcher sent the first request; the
    // server stamps when it read each one, which a busy machine delays by
    // a few milliseconds, so the gap it sees may be that much shorter.
    let (first, hop) = (received("/moved.html"), received("/final/page.html"));
    assert!(
        hop + 20 >= first + 150,
        "the hop after a redirect came before the host delay: {first} then {hop}"
    );
    // The redirect into a disallowed path is not followed.
    assert!(
        stderr.contains("/private/secret.html, which robots.txt disallows"),
        "{stderr}"
    );
    let paths: Vec<String> = seen
        .lock()
        .unwrap()
        .iter()
        .map(|(p, _)| p.clone())
        .collect();
    assert!(
        !paths.iter().any(|p| p.starts_with("/private/")),
        "{paths:?}"
    );
    // Other schemes are passed over for good, with the reason.
    assert!(
        stderr.contains("page file:///etc/passwd: passed over: not an http(s) link"),
        "{stderr}"
    );
    assert!(
        stderr.contains("gopher://example.invalid/1: passed over: not an http(s) link"),
        "{stderr}"
    );
    // Credentials are neither sent, stored nor printed.
    assert!(
        !stdout.contains("s3cret") && !stderr.contains("s3cret"),
        "{stderr}"
    );
    let locked = seen
        .lock()
        .unwrap()
        .iter()
        .find(|(p, _)| p == "/locked.html")
        .cloned()
        .unwrap();
    assert!(
        !locked.1.iter().any(|(k, _)| k == "authorization"),
        "{locked:?}"
    );
    let articles = env.articles();
    let urls: Vec<&str> = articles
        .iter()
        .map(|a| a["url"].as_str().unwrap())
        .collect();
    assert!(
        urls.contains(&format!("http://127.0.0.1:{port}/final/page.html").as_str()),
        "{urls:?}"
    );
    assert!(urls.iter().all(|u| !u.contains("s3cret")), "{urls:?}");
    // The redirect chain is kept with the article.
    let moved = articles
        .iter()
        .find(|a| a["url"].as_str().unwrap().ends_with("/final/page.html"))
        .unwrap();
    let shown: Value =
        serde_json::from_str(&env.ok(&["show", "--json", moved["id"].as_str().unwrap()])).unwrap();
    assert!(
        shown
            .to_string()
            .contains(&format!("http://127.0.0.1:{port}/moved.html")),
        "{shown}"
    );
    // Everything was handled, so the feed's ETag was kept: the next
    // round is a 304, and no item is asked for again.
    let again = watch();
    assert!(String::from_utf8_lossy(&again.stdout).contains("0 feeds read, 1 unchanged"));
}

/// Issue 18 item 13: every subcommand and argument says what it is.
#[test]
fn every_argument_of_every_command_has_a_help_line() {
    let env = Env::new();
    let commands: Vec<Vec<&str>> = [
        "ingest",
        "analyze",
        "report",
        "compare",
        "copies",
        "events",
        "storylines",
        "quotes",
        "quote",
        "claims",
        "entities",
        "export",
        "search",
        "serve",
        "watch",
        "articles",
        "show",
    ]
    .iter()
    .map(|c| vec![*c])
    .chain(
        [
            "cluster", "quotes", "claims", "entities", "extract", "dates",
        ]
        .iter()
        .map(|c| vec!["eval", *c]),
    )
    .chain(
        ["ingest", "cluster", "embed", "analyze", "corpus", "scale"]
            .iter()
            .map(|c| vec!["bench", *c]),
    )
    .collect();
    for c in commands {
        let mut args = c.clone();
        args.push("--help");
        let help = env.ok(&args);
        let mut in_list = false;
        for line in help.lines() {
            if line == "Arguments:" || line == "Options:" {
                in_list = true;
                continue;
            }
            if line.is_empty() {
                in_list = false;
                continue;
            }
            // An argument's line: its name, then two spaces and its help.
            if in_list && line.trim_start().starts_with(['-', '<', '[']) {
                let rest = line.trim_start();
                let help_text = rest.split_once("  ").map_or("", |(_, h)| h.trim());
                assert!(
                    !help_text.is_empty(),
                    "`parallax {}`: no help for {rest:?}",
                    c.join(" ")
                );
            }
        }
    }
    let ingest = env.ok(&["ingest", "--help"]);
    assert!(
        ingest.contains(".warc.gz") && ingest.contains(".jsonl"),
        "{ingest}"
    );
}

/// A plain HTTP/1.1 GET to a running `parallax serve`: the whole answer,
/// status line and headers included.
fn http_get(addr: &str, path: &str) -> String {
    use std::io::{Read, Write};
    let mut conn = std::net::TcpStream::connect(addr).unwrap();
    write!(
        conn,
        "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut answer = String::new();
    conn.read_to_string(&mut answer).unwrap();
    answer
}

/// The body of an HTTP/1.1 answer read whole (`Connection: close`, no
/// chunking from axum for a body of known length).
fn body_of(answer: &str) -> String {
    answer
        .split_once("\r\n\r\n")
        .map_or("", |(_, b)| b)
        .to_string()
}

/// An event merged into another still leads to its articles: `compare`,
/// `articles --event` and `quotes --event` follow the merge and say so,
/// and the server answers the event's pages with a permanent redirect
/// (before: "no event", 404, and empty listings).
#[test]
fn a_merged_events_id_leads_to_the_event_it_was_merged_into() {
    let env = Env::new();
    let corpus = env.bench_corpus(200);
    env.ok(&["ingest", corpus.to_str().unwrap()]);
    let (into, from) = events_json(&env)
        .iter()
        .find_map(|e| {
            let first = e["merged"].as_array()?.first()?.as_u64()?;
            Some((e["id"].as_u64()?.to_string(), first.to_string()))
        })
        .expect("a merge among these 200 articles");
    let out = env.run(&["compare", &from, "--json"]);
    assert!(out.status.success());
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(
        said.contains(&format!("event {from} was merged into event {into}")),
        "{said}"
    );
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        env.ok(&["compare", &into, "--json"])
    );
    for what in ["articles", "quotes"] {
        let total = |e: &str| -> Value {
            serde_json::from_str::<Value>(&env.ok(&[what, "--event", e, "--json"])).unwrap()
                ["total"]
                .clone()
        };
        assert_eq!(total(&from), total(&into), "{what}");
        assert!(total(&into).as_u64().unwrap() > 0, "{what}");
    }
    let (_server, addr, _) = start_serve(&env, &[]);
    for (path, to) in [
        (format!("/events/{from}"), format!("/events/{into}")),
        (
            format!("/api/v1/events/{from}"),
            format!("/api/v1/events/{into}"),
        ),
        (
            format!("/api/v1/events/{from}/comparison"),
            format!("/api/v1/events/{into}/comparison"),
        ),
        (
            format!("/api/v1/articles?limit=5&event={from}"),
            format!("/api/v1/articles?limit=5&event={into}"),
        ),
        (
            format!("/api/v1/quotes?event={from}"),
            format!("/api/v1/quotes?event={into}"),
        ),
    ] {
        let answer = http_get(&addr, &path);
        assert!(answer.starts_with("HTTP/1.1 308"), "{path}: {answer}");
        assert!(
            answer
                .to_ascii_lowercase()
                .contains(&format!("location: {to}\r\n")),
            "{path}: {answer}"
        );
    }
    assert!(http_get(&addr, "/api/v1/events/99999").starts_with("HTTP/1.1 404"));
}

/// `parallax serve` as a user starts it: it says where it listens, answers,
/// and stops cleanly on SIGTERM; it refuses to listen beyond loopback
/// without a token.
#[test]
fn serve_answers_and_stops_on_sigterm() {
    let env = Env::new();
    env.ok(&["ingest", seeds().to_str().unwrap()]);
    let out = env.run(&["serve", "--addr", "0.0.0.0:0"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--token"));

    // Its log stays open until the end: the server writes to it.
    let (mut server, addr, _log) = start_serve(&env, &[]);
    let get = |path: &str| http_get(&addr, path);
    let answer = get("/api/v1/events");
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    assert!(answer.contains("\"total\":3"), "{answer}");
    // The pages a person reads: events, search with the words marked, an
    // event's outlets side by side; no script allowed.
    let front = get("/?q=Putin");
    assert!(front.starts_with("HTTP/1.1 200"), "{front}");
    assert!(front.contains("content-security-policy: default-src 'none'"));
    assert!(front.contains("<mark>Putin</mark>"), "{front}");
    assert!(front.contains("href=\"/events/0\""), "{front}");
    let page = get("/events/0");
    assert!(page.starts_with("HTTP/1.1 200"), "{page}");
    assert!(
        page.contains("href=\"/\"") && page.contains("Agreed facts"),
        "{page}"
    );
    assert!(get("/events/999").starts_with("HTTP/1.1 404"));
    // Without the sentence model the front page's search is lexical, and
    // says so.
    assert!(
        front.contains("no sentence model on this server"),
        "{front}"
    );
    // An event's page links its storyline's page and each quote's page,
    // which lists every wording with its outlet.
    let line = page
        .split("href=\"/storylines/")
        .nth(1)
        .and_then(|r| r.split('"').next())
        .unwrap_or_else(|| panic!("no storyline link in {page}"))
        .to_string();
    let story = get(&format!("/storylines/{line}"));
    assert!(story.starts_with("HTTP/1.1 200"), "{story}");
    assert!(
        story.contains("Storyline: ") && story.contains("href=\"/events/0\""),
        "{story}"
    );
    let cluster = page
        .split("href=\"/quotes/")
        .nth(1)
        .and_then(|r| r.split('"').next())
        .unwrap_or_else(|| panic!("no quote link in {page}"))
        .to_string();
    let quote = get(&format!("/quotes/{cluster}"));
    assert!(quote.starts_with("HTTP/1.1 200"), "{quote}");
    assert!(
        quote.contains("printing") && quote.contains("content-security-policy: default-src 'none'"),
        "{quote}"
    );
    assert!(get("/storylines/999").starts_with("HTTP/1.1 404"));
    assert!(get("/quotes/99999").starts_with("HTTP/1.1 404"));
    // The front page lists the events largest first when asked, and
    // links back to time order.
    let largest = get("/?order=largest");
    assert!(
        largest.contains("largest first") && largest.contains("href=\"/\">In time order"),
        "{largest}"
    );
    let first = |page: &str| {
        page.split("<ol class=\"timeline\">")
            .nth(1)
            .and_then(|r| r.split("(").nth(1))
            .map(|r| r.split(' ').next().unwrap_or("").to_string())
    };
    assert_eq!(first(&largest).as_deref(), Some("3"), "{largest}");
    let killed = Command::new("kill")
        .args(["-TERM", &server.0.id().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    let status = server.0.wait().unwrap();
    assert!(status.success(), "{status:?}");
}

/// `parallax search` ranks the seeds by their words, and `eval search`
/// scores the hand-made case: two events of two articles, each title finds
/// its partner first.
#[test]
fn search_finds_articles_by_their_words() {
    let env = Env::new();
    env.ok(&["ingest", seeds().to_str().unwrap()]);
    let hits: Vec<Value> =
        serde_json::from_str(&env.ok(&["search", "Xi Jinping Putin Moscow", "--json"])).unwrap();
    assert!(hits.len() >= 3, "{hits:#?}");
    let scores: Vec<f64> = hits.iter().map(|h| h["score"].as_f64().unwrap()).collect();
    assert!(
        scores.windows(2).all(|w| w[0] >= w[1]),
        "best first: {scores:?}"
    );
    assert!(hits.iter().all(|h| h["event"].is_u64()));
    let none: Vec<Value> = serde_json::from_str(&env.ok(&["search", "zzzyqx", "--json"])).unwrap();
    assert!(none.is_empty());
    // Punctuation is no query syntax.
    env.ok(&["search", "\"unbalanced (quote AND OR"]);

    let labeled = env.path("labeled.jsonl");
    let line = |title: &str, text: &str, label: &str| {
        serde_json::json!({"title": title, "text": text, "label": label}).to_string()
    };
    // A reprint among them: the evaluation scores the ranking itself,
    // where a copy is a hit of its own (a search folds it away).
    let reprint = serde_json::json!({
        "title": "Harbour storm strands ferries",
        "text": "A storm closed the harbour and stranded ferries and fishing boats.",
        "outlet": "Reprints Daily",
        "label": "storm"
    })
    .to_string();
    std::fs::write(
        &labeled,
        [
            reprint,
            line(
                "Harbour storm strands ferries",
                "A storm closed the harbour and stranded ferries and fishing boats.",
                "storm",
            ),
            line(
                "Ferries stranded as storm shuts harbour",
                "Ferries stayed in the harbour after the storm shut it.",
                "storm",
            ),
            line(
                "Budget vote delayed in parliament",
                "Parliament delayed its vote on the budget after a dispute.",
                "budget",
            ),
            line(
                "Parliament puts off budget vote",
                "The budget vote was put off by parliament.",
                "budget",
            ),
        ]
        .join("\n"),
    )
    .unwrap();
    let rows: Vec<Value> =
        serde_json::from_str(&env.ok(&["eval", "search", labeled.to_str().unwrap(), "--json"]))
            .unwrap();
    assert_eq!(rows[0]["mode"].as_str(), Some("lexical"));
    assert_eq!(rows[0]["queries"].as_u64(), Some(5));
    assert_eq!(rows[0]["recall_at_10"].as_f64(), Some(1.0));
    assert_eq!(rows[0]["mrr"].as_f64(), Some(1.0));
}

/// An event made by an article of one ingest that absorbs an event of an
/// earlier ingest lists all its articles, and the same summary (size,
/// label, merges) as when everything arrives at once. Regression: the
/// merge was written before the new event had its row, so the older
/// event's count and label were lost (the listing said 2 of 5 articles).
#[test]
fn an_older_event_merged_into_a_new_one_keeps_its_count_and_label() {
    let volcano = [
        "Lava from the erupting Kora volcano reached the village of Menti on the island, and the army evacuated residents.",
        "The Kora volcano erupted again, sending lava into Menti village; soldiers evacuated residents from the island.",
        "Residents of Menti fled as the Kora volcano's lava flows advanced, the army said, evacuating the island village.",
    ];
    let strike = "Pilots at Port Vell airport went on strike over pay, grounding flights, the airline's union said.";
    let line =
        |title: &str, text: &str| serde_json::json!({"title": title, "text": text}).to_string();
    let first: Vec<String> = volcano
        .iter()
        .enumerate()
        .map(|(i, t)| line(&format!("Volcano {i}"), t))
        .collect();
    let second = [
        line("Airport strike", strike),
        line(
            "Strike and volcano",
            &format!("{strike} Lava from the erupting Kora volcano reached Menti village and the army evacuated residents of the island."),
        ),
    ];
    let summary = |env: &Env| -> Vec<(u64, u64, String, Value)> {
        events_json(env)
            .iter()
            .map(|e| {
                (
                    e["id"].as_u64().unwrap(),
                    e["articles"].as_array().unwrap().len() as u64,
                    e["label"].as_str().unwrap_or_default().to_string(),
                    e["merged"].clone(),
                )
            })
            .collect()
    };
    let once = Env::new();
    let all = once.path("all.jsonl");
    std::fs::write(&all, [first.join("\n"), second.join("\n")].join("\n")).unwrap();
    once.ok(&["ingest", all.to_str().unwrap()]);
    let expected = summary(&once);
    // On each backend: the stages' writes are the engine's, the rows the
    // store's.
    for twice in std::iter::once(Env::new()).chain(Env::on_postgres()) {
        let (a, b) = (twice.path("a.jsonl"), twice.path("b.jsonl"));
        std::fs::write(&a, first.join("\n")).unwrap();
        std::fs::write(&b, second.join("\n")).unwrap();
        twice.ok(&["ingest", a.to_str().unwrap()]);
        twice.ok(&["ingest", b.to_str().unwrap()]);
        // events_json checks each event's listed size against its members.
        let got = summary(&twice);
        assert_eq!(got.len(), 1, "{got:?}");
        assert_eq!(got[0].1, 5, "{got:?}");
        assert_eq!(got, expected);
    }
}

/// A text reprinted by several outlets is one hit, the best ranked copy,
/// with how many more were found; `--all-copies` lists each. The hits
/// folded away make room for other texts, not a shorter list.
#[test]
fn search_folds_the_copies_of_one_text() {
    let env = Env::new();
    let story = "The harbour authority closed the port of Eastmouth on Monday after a storm \
                 stranded two ferries and forty fishing boats, officials said. Repairs to the \
                 breakwater will take weeks, the authority said in a statement.";
    // More copies than the first reading of the ranking holds (four times
    // the hits asked for), all ranked above the other text.
    let mut lines: Vec<String> = (1..=10)
        .map(|o| {
            serde_json::json!({
                "title": "Storm shuts Eastmouth harbour",
                "text": story,
                "outlet": format!("Outlet {o}")
            })
            .to_string()
        })
        .collect();
    lines.push(
        serde_json::json!({
            "title": "Ferries return to Westbay",
            "text": "Ferries returned to Westbay on Friday, a week after the gale, and the \
                     ferry company said all routes would run by the weekend.",
            "outlet": "Bay Herald"
        })
        .to_string(),
    );
    let input = env.path("copies.jsonl");
    std::fs::write(&input, lines.join("\n")).unwrap();
    env.ok(&["ingest", input.to_str().unwrap()]);
    let search = |extra: &[&str]| -> Vec<Value> {
        let mut args = vec!["search", "harbour ferries storm", "--json"];
        args.extend_from_slice(extra);
        serde_json::from_str(&env.ok(&args)).unwrap()
    };
    let folded = search(&["--limit", "2"]);
    let titles: Vec<&str> = folded
        .iter()
        .map(|h| h["title"].as_str().unwrap())
        .collect();
    assert_eq!(titles.len(), 2, "{folded:#?}");
    assert!(
        titles.contains(&"Storm shuts Eastmouth harbour")
            && titles.contains(&"Ferries return to Westbay"),
        "{titles:?}"
    );
    let copies: Vec<u64> = folded
        .iter()
        .map(|h| h["copies"].as_u64().unwrap())
        .collect();
    let storm = titles.iter().position(|t| t.starts_with("Storm")).unwrap();
    assert_eq!(storm, 0, "{folded:#?}");
    assert_eq!(copies[storm], 9, "{folded:#?}");
    assert_eq!(copies[1 - storm], 0, "{folded:#?}");
    // Every copy, one by one.
    let all = search(&["--all-copies", "--limit", "20"]);
    assert_eq!(all.len(), 11, "{all:#?}");
    assert!(all.iter().all(|h| h["copies"].as_u64() == Some(0)));
    // The text form says it too, on one line a hit and its snippet.
    let text = env.ok(&["search", "harbour ferries storm"]);
    assert!(text.contains("and 9 copies of it found"), "{text}");
    assert!(text.contains("2 found, and 9 copies of them"), "{text}");
    assert!(!text.contains("\n\n"), "{text}");
}

#[test]
fn serve_watch_polls_the_feeds_while_it_answers_and_stops_with_it() {
    use std::io::Read;
    let port_cell = std::sync::Arc::new(std::sync::OnceLock::<u16>::new());
    let port_for_route = port_cell.clone();
    let (port, seen) = serve(move |path, _, _| {
        let port = *port_for_route.get().unwrap();
        let none = Vec::new;
        match path {
            "/robots.txt" => (404, "text/plain", none(), Vec::new()),
            "/news.xml" => (
                200,
                "application/rss+xml",
                none(),
                rss(port, &[("/a1.html", "Tram line opens")]),
            ),
            "/a1.html" => (
                200,
                "text/html",
                none(),
                news_page(
                    "Tram line opens",
                    "The new tram line opened on Wednesday, linking the airport to the centre in 25 minutes.",
                ),
            ),
            _ => (404, "text/plain", none(), b"not here".to_vec()),
        }
    });
    port_cell.set(port).unwrap();
    let env = Env::new();
    let feeds = env.path("feeds.txt");
    std::fs::write(&feeds, format!("http://127.0.0.1:{port}/news.xml\n")).unwrap();
    let (mut server, addr, mut err) = start_serve(
        &env,
        &[
            "--watch",
            feeds.to_str().unwrap(),
            "--every",
            "200ms",
            "--allow-private-addresses",
        ],
    );
    let get = |path: &str| http_get(&addr, path);
    // The announced page arrives in the store the server reads.
    let t0 = std::time::Instant::now();
    let mut answer = get("/api/v1/articles");
    while !answer.contains("\"total\":1") && t0.elapsed().as_secs() < 60 {
        std::thread::sleep(std::time::Duration::from_millis(100));
        answer = get("/api/v1/articles");
    }
    assert!(answer.contains("Tram line opens"), "{answer}");
    // Polled again each round, and stored once.
    while seen
        .lock()
        .unwrap()
        .iter()
        .filter(|(p, _)| p == "/news.xml")
        .count()
        < 2
        && t0.elapsed().as_secs() < 60
    {
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    assert!(get("/api/v1/articles").contains("\"total\":1"));
    let killed = Command::new("kill")
        .args(["-TERM", &server.0.id().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    let mut rest = String::new();
    err.read_to_string(&mut rest).unwrap();
    let status = server.0.wait().unwrap();
    assert!(status.success(), "{status:?}: {rest}");
    assert!(rest.contains("stopped watching"), "{rest}");
}

/// A record whose fields hold U+0000 (which PostgreSQL's text refuses) is
/// reported and skipped, and the records beside it are stored, on both
/// backends: before, on PostgreSQL, the whole ingest failed.
#[test]
fn a_record_with_a_nul_character_is_skipped_and_the_rest_stored() {
    let pg = Env::on_postgres();
    let sqlite = Env::new();
    for env in std::iter::once(&sqlite).chain(pg.as_ref()) {
        let file = env.path("nul.jsonl");
        std::fs::write(
            &file,
            concat!(
                r#"{"text": "A storm hit the coast on Monday and 3 people died, officials said.", "title": "Storm\u0000 hits"}"#,
                "\n",
                r#"{"text": "An earthquake in Chile killed 8 people on Tuesday, officials said."}"#,
                "\n",
                r#"{"text": "Floods in Peru killed 4 people on Friday.\u0000"}"#,
                "\n",
            ),
        )
        .unwrap();
        let out = env.run(&["ingest", file.to_str().unwrap()]);
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(
            err.contains("nul.jsonl:1: `title` holds a NUL character"),
            "{err}"
        );
        assert!(
            err.contains("nul.jsonl:3: `text` holds a NUL character"),
            "{err}"
        );
        let said = String::from_utf8_lossy(&out.stdout);
        assert!(said.contains("1 stored, 0 duplicates, 2 skipped"), "{said}");
        let articles = env.articles();
        assert_eq!(articles.len(), 1, "{articles:?}");
        assert!(articles[0]["body"].as_str().unwrap().contains("Chile"));
    }
}

/// Server mode gives what the embedded store gives: the seeds' articles,
/// copies, events, storylines, quotes, claims and every event's comparison
/// read the same, word for word, from PostgreSQL as from SQLite; so does
/// giveme5w1h's event partition.
#[test]
fn postgres_gives_the_same_outputs_as_sqlite() {
    let Some(pg) = Env::on_postgres() else {
        return; // said once by parallax_store::testing
    };
    let sqlite = Env::new();
    for env in [&sqlite, &pg] {
        env.ok(&["ingest", seeds().to_str().unwrap()]);
    }
    let mut reads: Vec<Vec<&str>> = [
        "articles",
        "copies",
        "events",
        "storylines",
        "quotes",
        "claims",
    ]
    .iter()
    .map(|c| vec![*c, "--json"])
    .collect();
    let ids: Vec<String> = events_json(&sqlite)
        .iter()
        .map(|e| e["id"].to_string())
        .collect();
    assert_eq!(ids.len(), 3);
    for id in &ids {
        reads.push(vec!["compare", id, "--json"]);
    }
    reads.push(vec!["report", "--format", "markdown"]);
    for args in &reads {
        assert_eq!(pg.ok(args), sqlite.ok(args), "parallax {args:?}");
    }
    // Stored once on either, and the second time said to be a duplicate.
    let again = pg.ok(&["ingest", "--json", seeds().to_str().unwrap()]);
    let again: Value = serde_json::from_str(&again).unwrap();
    assert_eq!(again["stored"], 0);
    assert_eq!(again["duplicates"].as_array().unwrap().len(), 5);

    // giveme5w1h's articles, streamed with reprints as `bench corpus`
    // makes them.
    let (sqlite, pg) = (Env::new(), Env::on_postgres().unwrap());
    let corpus = sqlite.bench_corpus(1000);
    for env in [&sqlite, &pg] {
        env.ok(&["ingest", corpus.to_str().unwrap()]);
    }
    let want = partition(&sqlite);
    assert!(want.len() > 50, "{} events", want.len());
    assert_eq!(partition(&pg), want);
    // Reprints make copy groups that merge as they grow: the same groups.
    let copies = ["copies", "--json", "--limit", "100000"];
    let groups = sqlite.ok(&copies);
    assert!(
        groups.matches("\"near\"").count() > 20,
        "too few copies to compare"
    );
    assert_eq!(pg.ok(&copies), groups);
}

/// Server mode's many workers: three `parallax ingest` processes on one
/// PostgreSQL database, with overlapping inputs (a third of each worker's
/// articles are also another's), one of them killed with SIGKILL while
/// it stores, then run again. Every article is stored exactly once,
/// nothing is lost, and the events are those of one worker ingesting the
/// same articles in the order they arrived.
#[test]
fn postgres_workers_with_overlapping_inputs_and_one_killed_store_each_article_once() {
    let Some(env) = Env::on_postgres() else {
        return; // said once by parallax_store::testing
    };
    let corpus = env.bench_corpus(1800);
    let lines: Vec<String> = std::fs::read_to_string(&corpus)
        .unwrap()
        .lines()
        .map(str::to_string)
        .collect();
    // Worker k takes lines 600k-200 .. 600k+800: each overlaps its
    // neighbours by 200 lines.
    let inputs: Vec<PathBuf> = (0..3)
        .map(|k| {
            let (from, to) = (
                (600 * k as usize).saturating_sub(200),
                (600 * k as usize + 800).min(1800),
            );
            let p = env.path(&format!("worker{k}.jsonl"));
            std::fs::write(&p, lines[from..to].join("\n") + "\n").unwrap();
            p
        })
        .collect();
    let spawn = |input: &Path| {
        env.cmd(&["ingest", "--json", input.to_str().unwrap()])
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap()
    };
    let mut workers: Vec<std::process::Child> = inputs.iter().map(|p| spawn(p)).collect();
    // Worker 1 is killed once some of its own articles are stored (in the
    // middle of its batches, or of its catch-up if it stored them all
    // between two looks) and it still runs: found by watching the store,
    // not by timing.
    let its_own = || -> usize {
        let out = env.run(&["articles", "--json"]);
        serde_json::from_slice::<Value>(&out.stdout)
            .ok()
            .and_then(|v| {
                v["articles"].as_array().map(|a| {
                    a.iter()
                        .filter(|a| a["source"].as_str().is_some_and(|s| s.contains("worker1.")))
                        .count()
                })
            })
            .unwrap_or(0)
    };
    let started = std::time::Instant::now();
    let mut seen = 0;
    while seen == 0 {
        assert!(started.elapsed().as_secs() < 120, "worker 1 stored nothing");
        assert!(
            workers[1].try_wait().unwrap().is_none(),
            "worker 1 ended before it was killed; the test proves nothing"
        );
        seen = its_own();
    }
    eprintln!("worker 1 killed with {seen} of its 800 articles stored");
    assert!(
        workers[1].try_wait().unwrap().is_none(),
        "worker 1 ended before it was killed; the test proves nothing"
    );
    workers[1].kill().unwrap();
    workers[1].wait().unwrap();
    for (k, w) in workers.into_iter().enumerate() {
        if k == 1 {
            continue;
        }
        let out = w.wait_with_output().unwrap();
        assert!(
            out.status.success(),
            "worker {k} failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let rerun = spawn(&inputs[1]).wait_with_output().unwrap();
    assert!(
        rerun.status.success(),
        "the re-run failed: {}",
        String::from_utf8_lossy(&rerun.stderr)
    );

    // Each article once: as many as one worker storing the whole corpus.
    let stored = env.articles();
    assert_eq!(distinct(&stored, "id"), stored.len(), "an article twice");
    let single = Env::new();
    single.ok(&["ingest", corpus.to_str().unwrap()]);
    let mut want_ids: Vec<String> = single
        .articles()
        .iter()
        .map(|a| a["id"].as_str().unwrap().to_string())
        .collect();
    let mut got_ids: Vec<String> = stored
        .iter()
        .map(|a| a["id"].as_str().unwrap().to_string())
        .collect();
    want_ids.sort();
    got_ids.sort();
    assert_eq!(got_ids, want_ids, "articles lost or added");

    // The events of one worker given the articles in their arrival order.
    let text_of = |source: &str| -> String {
        let (file, line) = source.rsplit_once(':').unwrap();
        let n: usize = line.parse().unwrap();
        std::fs::read_to_string(file)
            .unwrap()
            .lines()
            .nth(n - 1)
            .unwrap()
            .to_string()
    };
    let ordered = single.path("ordered.jsonl");
    let in_order: Vec<String> = stored
        .iter()
        .map(|a| text_of(a["source"].as_str().unwrap()))
        .collect();
    std::fs::write(&ordered, in_order.join("\n") + "\n").unwrap();
    let sequential = Env::new();
    sequential.ok(&["ingest", ordered.to_str().unwrap()]);
    let got = partition(&env);
    assert!(got.len() > 50, "{} events", got.len());
    assert_eq!(got, partition(&sequential));
}

/// `--read-only` on a database: the same answers, and a write is refused
/// (by parallax before any work; the server's read-only transactions
/// would refuse it too), with nothing stored.
#[test]
fn postgres_read_only_reads_and_refuses_writes() {
    let Some(pg) = Env::on_postgres() else {
        return; // said by parallax_store::testing
    };
    pg.ok(&["ingest", seeds().to_str().unwrap()]);
    let events = pg.ok(&["events", "--json"]);
    assert_eq!(pg.ok(&["--read-only", "events", "--json"]), events);
    let extra = pg.path("extra.txt");
    std::fs::write(&extra, "Title\n\nA line of text that makes an article.").unwrap();
    let out = pg.run(&["--read-only", "ingest", extra.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("is open for reading only"), "{err}");
    assert_eq!(pg.articles().len(), 5);
}

/// A `parallax serve` on a free loopback port over `env`'s store: the child,
/// its address (`127.0.0.1:PORT`) and the rest of its stderr.
/// A child process killed when dropped, so a failing test leaves no
/// server behind.
struct Killed(std::process::Child);

impl Drop for Killed {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn start_serve(
    env: &Env,
    extra: &[&str],
) -> (
    Killed,
    String,
    std::io::BufReader<std::process::ChildStderr>,
) {
    use std::io::BufRead;
    let mut args = vec!["serve", "--addr", "127.0.0.1:0"];
    args.extend_from_slice(extra);
    let mut child = env
        .cmd(&args)
        .env_remove("PARALLAX_TOKEN")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut err = std::io::BufReader::new(child.stderr.take().unwrap());
    let mut line = String::new();
    while err.read_line(&mut line).unwrap() > 0 {
        if let Some(rest) = line.split("http://").nth(1) {
            let addr = rest.split('/').next().unwrap().trim().to_string();
            return (Killed(child), addr, err);
        }
        line.clear();
    }
    let _ = child.kill();
    let _ = child.wait();
    panic!("serve said no address: {line}");
}

/// schemathesis (PyPI), if installed: `.ci/run` installs it and sets
/// PARALLAX_REQUIRE_SCHEMATHESIS so that a missing one fails there.
fn schemathesis() -> Option<PathBuf> {
    let found = std::env::var_os("PATH").and_then(|path| {
        std::env::split_paths(&path)
            .map(|d| d.join("schemathesis"))
            .find(|p| p.is_file())
    });
    if found.is_none() {
        assert!(
            std::env::var_os("PARALLAX_REQUIRE_SCHEMATHESIS").is_none(),
            "PARALLAX_REQUIRE_SCHEMATHESIS is set but no schemathesis is on PATH"
        );
        // Written to the standard error handle itself, which the harness
        // does not capture (as `chromium_for` does), so a passing run shows
        // the skip.
        use std::io::Write;
        let _ = writeln!(
            std::io::stderr(),
            "\nSKIPPED schemathesis_finds_nothing_against_the_openapi_document: \
             no schemathesis on PATH (pip install schemathesis)"
        );
    }
    found
}

/// The OpenAPI document, checked against the running server by a
/// property-based tester: schemathesis generates requests from the
/// document (valid ones, and ones that break its parameters' schemas)
/// and checks each answer: no 5xx, a documented status and media type,
/// a body that matches the documented schema, invalid requests refused
/// with 4xx. Its seed is fixed, so a failure reproduces.
#[test]
fn schemathesis_finds_nothing_against_the_openapi_document() {
    let Some(st) = schemathesis() else { return };
    let env = Env::new();
    env.ok(&["ingest", seeds().to_str().unwrap()]);
    let (_server, addr, _err) = start_serve(&env, &[]);
    let config =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../parallax-serve/tests/schemathesis.toml");
    let out = Command::new(st)
        .arg("--no-color")
        .arg("--config-file")
        .arg(&config)
        .args([
            "run",
            &format!("http://{addr}/api/v1/openapi.json"),
            "--max-examples",
            "50",
            "--workers",
            "1",
            "--seed",
            "1",
        ])
        .env("SCHEMATHESIS_HOOKS", "")
        .current_dir(env.path(""))
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "schemathesis found failures:\n{text}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // It did test every documented operation.
    let doc: Value =
        serde_json::from_str(&body_of(&http_get(&addr, "/api/v1/openapi.json"))).unwrap();
    let operations: usize = doc["paths"]
        .as_object()
        .unwrap()
        .values()
        .map(|ops| ops.as_object().unwrap().len())
        .sum();
    assert!(operations >= 18, "{operations}");
    // All but the document's own address, which schemathesis leaves out.
    let n = operations - 1;
    assert!(text.contains(&format!("Selected: {n}/{n}")), "{text}");
    assert!(text.contains(&format!("Tested: {n}")), "{text}");
}

/// Every page type of `parallax serve` over the seeds, opened in headless
/// Chromium as a person would: the DOM after the page ran is checked, and
/// a screenshot of each is kept under target/ (CARGO_TARGET_TMPDIR/serve).
/// An article with a script in its title and in a quote shows both as
/// text and runs neither.
#[test]
fn served_pages_render_in_a_browser_and_never_run_article_scripts() {
    let Some(chromium) = chromium_for("served_pages_render_in_a_browser") else {
        return;
    };
    let env = Env::new();
    let hostile = env.path("hostile.jsonl");
    let line = serde_json::json!({
        "title": "Harbour vote <script>document.body.setAttribute('data-pwned','title')</script>",
        "outlet": "Coast Courier",
        "published": "2024-05-02",
        "text": "The city council approved a harbour budget of 12 million euros on Tuesday after a long debate. \
                 \"We will dredge the channel <script>document.body.setAttribute('data-pwned','quote')</script> by spring,\" \
                 Mayor Ana Ruiz said."
    });
    std::fs::write(&hostile, format!("{line}\n")).unwrap();
    env.ok(&[
        "ingest",
        seeds().to_str().unwrap(),
        hostile.to_str().unwrap(),
    ]);
    let (_server, addr, _err) = start_serve(&env, &[]);
    let api =
        |path: &str| -> Value { serde_json::from_str(&body_of(&http_get(&addr, path))).unwrap() };
    let events = api("/api/v1/events?min_articles=2");
    let seed_event = events["events"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["articles"].as_u64().unwrap() >= 2)
        .expect("a seed event of several articles")
        .clone();
    let line_id = seed_event["storyline"].as_u64().unwrap();
    let quotes = api("/api/v1/quotes?speaker=Xi&limit=1");
    let cluster = quotes["quotes"][0]["cluster"].as_u64().unwrap();
    let hostile_id = api("/api/v1/articles?outlet=Coast%20Courier")["articles"][0]["id"]
        .as_str()
        .unwrap()
        .to_string();
    let shots = Path::new(env!("CARGO_TARGET_TMPDIR")).join("serve");
    std::fs::create_dir_all(&shots).unwrap();
    let open = |name: &str, path: &str| -> String {
        let url = format!("http://{addr}{path}");
        let dom = headless(&chromium, &env.path(&format!("profile-{name}")))
            .arg("--dump-dom")
            .arg(&url)
            .output()
            .unwrap();
        let shot = shots.join(format!("{name}.png"));
        let profile = env.path(&format!("profile-{name}-shot"));
        screenshot(&chromium, &profile, &url, &shot, "1280,2000", 5_000);
        let dom = String::from_utf8_lossy(&dom.stdout).into_owned();
        assert!(dom.contains("<main>"), "{path}: {dom}");
        assert!(
            !dom.contains("data-pwned=\""),
            "{path}: an article's script ran"
        );
        assert!(
            !dom.contains("<script"),
            "{path}: an article's script became an element"
        );
        dom
    };
    let items = |dom: &str, list: &str| -> usize {
        dom.split(list).nth(1).map_or(0, |rest| {
            rest.split("</ol>").next().unwrap().matches("<li>").count()
        })
    };

    // Home: the events and the search form.
    let home = open("home", "/");
    assert!(items(&home, "<ol class=\"timeline\">") >= 4, "{home}");
    assert!(home.contains("name=\"q\""));
    // An event: its outlets side by side; the seeds' figures agree.
    let event = open("event", &format!("/events/{}", seed_event["id"]));
    assert!(event.contains("<table class=\"claims\">"), "{event}");
    assert!(
        !event.contains("class=\"differs\""),
        "the claims table flags a figure"
    );
    // The storyline: a timeline of the seeds' three events.
    let storyline = open("storyline", &format!("/storylines/{line_id}"));
    assert_eq!(
        items(&storyline, "<ol class=\"timeline\">"),
        3,
        "{storyline}"
    );
    // Drawn too: an SVG with a dot an event.
    let drawn = storyline.split("<svg").nth(1).expect("an SVG timeline");
    let dots = drawn
        .split("</svg>")
        .next()
        .unwrap()
        .matches("<circle")
        .count();
    assert_eq!(dots, 3, "{storyline}");
    // A quote: its wordings by outlet.
    let quote = open("quote", &format!("/quotes/{cluster}"));
    assert!(quote.contains("Xi Jinping"), "{quote}");
    // Search, with a filter.
    let search = open(
        "search",
        "/search?q=bilateral+trade+volume&since=2022-01-01",
    );
    let first = search.split("<ol class=\"hits\">").nth(1).expect("hits");
    let first = first.split("</li>").next().unwrap();
    assert!(
        first.contains("/articles/249d0127") || first.contains("/articles/e068451f"),
        "{first}"
    );
    // The outlets, and one outlet's coverage of the event it shares.
    let outlets = open("outlets", "/outlets");
    assert_eq!(outlets.matches("href=\"/outlets/").count(), 5, "{outlets}");
    let ani = open("outlet", "/outlets/ANI");
    let coverage = ani
        .split("<table class=\"coverage\">")
        .nth(1)
        .expect("a coverage table");
    assert_eq!(
        coverage
            .split("</table>")
            .next()
            .unwrap()
            .matches("<tr>")
            .count(),
        2,
        "{ani}"
    );
    // The hostile article: its title and quote as text, marked, not run.
    let article = open("article", &format!("/articles/{hostile_id}"));
    assert!(
        article.contains("&lt;script&gt;document.body.setAttribute('data-pwned','title')"),
        "{article}"
    );
    assert!(
        article.contains("class=\"quote\""),
        "the quote is marked: {article}"
    );
    assert!(
        article.contains("— Ana Ruiz"),
        "its speaker is shown: {article}"
    );
    assert!(article.contains("&lt;script&gt;document.body.setAttribute('data-pwned','quote')"));
    assert!(article.contains("class=\"figure\""), "the figure is marked");
    eprintln!("screenshots of the served pages: {}", shots.display());
}

/// `serve`'s reads never catch the stages up themselves (they would wait
/// for the write lock behind a writer); the server's follower does, so an
/// article another process stores beside the server reaches its events
/// within seconds, without a POST.
#[test]
fn serve_follows_articles_another_process_stores() {
    let env = Env::new();
    env.ok(&["ingest", seeds().to_str().unwrap()]);
    let (_server, addr, _err) = start_serve(&env, &[]);
    let events = || -> u64 {
        let page: Value =
            serde_json::from_str(&body_of(&http_get(&addr, "/api/v1/events?limit=0"))).unwrap();
        page["total"].as_u64().unwrap()
    };
    assert_eq!(events(), 3);
    let other = env.path("other.txt");
    std::fs::write(
        &other,
        "Ferries run again after the storm\n\nThe harbour of the coastal town reopened on Friday, three days after a winter storm closed it, and the first ferry left at noon.",
    )
    .unwrap();
    // Stored only: the stages run later, by whoever reads next.
    env.ok(&["ingest", "--defer-stages", other.to_str().unwrap()]);
    let t0 = std::time::Instant::now();
    while events() < 4 && t0.elapsed().as_secs() < 30 {
        std::thread::sleep(std::time::Duration::from_millis(200));
    }
    assert_eq!(events(), 4, "the server never placed the new article");
}
