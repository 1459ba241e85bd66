//! The API as a program calls it: a server on a loopback port over a store
//! holding the seeds, asked over HTTP.

// Tests panic on failure by design; helpers outside #[test] fns too.
#![allow(clippy::unwrap_used)]

use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use parallax_engine::store::Store;
use parallax_engine::{Engine, EngineConfig, Progress};
use serde_json::Value;

fn seeds() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/seeds")
}

fn lexical() -> EngineConfig {
    EngineConfig {
        embeddings: false,
        ..EngineConfig::default()
    }
}

/// A server on a free port, over a store of the seeds; stopped when the
/// returned sender is dropped.
struct Server {
    addr: SocketAddr,
    _dir: tempfile::TempDir,
    _stop: tokio::sync::oneshot::Sender<()>,
    agent: ureq::Agent,
}

impl Server {
    fn start(token: Option<&str>, max_body: usize) -> Server {
        Server::start_on(token, max_body, None)
    }

    /// On a PostgreSQL database when `postgres` gives its URL.
    fn start_on(token: Option<&str>, max_body: usize, postgres: Option<String>) -> Server {
        Server::start_with(token, max_body, postgres, false)
    }

    /// `read_only`: as `serve --read-only` serves it.
    fn start_with(
        token: Option<&str>,
        max_body: usize,
        postgres: Option<String>,
        read_only: bool,
    ) -> Server {
        let dir = tempfile::tempdir().unwrap();
        let db = match postgres {
            Some(url) => PathBuf::from(url),
            None => dir.path().join("s.db"),
        };
        let mut engine = Engine::new(Store::open(&db).unwrap(), lexical());
        engine.ingest(&[seeds()], Progress::Hidden).unwrap();
        engine.catch_up(Progress::Hidden).unwrap();
        drop(engine);
        let cfg = parallax_serve::Config {
            pages: None,
            db,
            engine: lexical(),
            token: token.map(str::to_string),
            max_body,
            read_only,
            engines: 2,
        };
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let rt = tokio::runtime::Builder::new_multi_thread()
                .worker_threads(2)
                .enable_all()
                .build()
                .unwrap();
            rt.block_on(async move {
                let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
                tx.send(listener.local_addr().unwrap()).unwrap();
                parallax_serve::serve(listener, cfg, async {
                    let _ = stopped.await;
                })
                .await
                .unwrap();
            });
        });
        let addr = rx.recv().unwrap();
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .build()
            .into();
        Server {
            addr,
            _dir: dir,
            _stop: stop,
            agent,
        }
    }

    fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    /// Status, content type and body of a GET.
    fn get(&self, path: &str) -> (u16, String, Vec<u8>) {
        let mut r = self.agent.get(&self.url(path)).call().unwrap();
        let kind = r
            .headers()
            .get("content-type")
            .map(|v| v.to_str().unwrap().to_string())
            .unwrap_or_default();
        (
            r.status().as_u16(),
            kind,
            r.body_mut().read_to_vec().unwrap(),
        )
    }

    fn get_json(&self, path: &str) -> (u16, Value) {
        let (status, kind, body) = self.get(path);
        assert!(kind.contains("json"), "{path}: {kind}");
        (status, serde_json::from_slice(&body).unwrap())
    }

    fn post(&self, path: &str, token: Option<&str>, body: &[u8]) -> (u16, Value) {
        self.post_as(path, token, None, body)
    }

    fn post_as(
        &self,
        path: &str,
        token: Option<&str>,
        content_type: Option<&str>,
        body: &[u8],
    ) -> (u16, Value) {
        let mut req = self.agent.post(&self.url(path));
        if let Some(c) = content_type {
            req = req.header("Content-Type", c);
        }
        if let Some(t) = token {
            req = req.header("Authorization", &format!("Bearer {t}"));
        }
        let mut r = req.send(body).unwrap();
        let status = r.status().as_u16();
        let body = r.body_mut().read_to_vec().unwrap();
        (status, serde_json::from_slice(&body).unwrap_or(Value::Null))
    }
}

/// The stores a test runs on: SQLite, and a fresh PostgreSQL schema when
/// a test server is given.
fn backends() -> Vec<Option<String>> {
    let mut out = vec![None];
    if let Some(url) = parallax_engine::store::testing::fresh_postgres() {
        out.push(Some(url));
    }
    out
}

fn problem(v: &Value, status: u16) {
    assert_eq!(v["status"].as_u64(), Some(status as u64), "{v}");
    assert!(v["title"].is_string() && v["type"].is_string(), "{v}");
}

#[test]
fn reads_answer_as_the_command_line_does() {
    for pg in backends() {
        let s = Server::start_on(None, 1 << 20, pg);
        let (status, health) = s.get_json("/healthz");
        assert_eq!((status, health["articles"].as_u64()), (200, Some(5)));

        let (status, page) = s.get_json("/api/v1/events?limit=2");
        assert_eq!(status, 200);
        assert_eq!(page["total"].as_u64(), Some(3), "{page}");
        assert_eq!(page["events"].as_array().unwrap().len(), 2);
        assert_eq!(page["more"].as_u64(), Some(1));
        // A page lists summaries (an article count); one event, its
        // members, and the rest as the summary says.
        let first = &page["events"][0];
        assert_eq!(first["articles"].as_u64(), Some(3), "{first}");

        let id = first["id"].as_u64().unwrap();
        let (status, event) = s.get_json(&format!("/api/v1/events/{id}"));
        assert_eq!(status, 200);
        assert_eq!(event["articles"].as_array().unwrap().len(), 3);
        for field in [
            "id",
            "label",
            "start",
            "end",
            "outlets",
            "storyline",
            "merged",
        ] {
            assert_eq!(event[field], first[field], "{field}");
        }
        let (status, cmp) = s.get_json(&format!("/api/v1/events/{id}/comparison"));
        assert_eq!(status, 200);
        assert_eq!(cmp["sources"].as_array().unwrap().len(), 3, "{cmp}");

        let (_, lines) = s.get_json("/api/v1/storylines");
        assert_eq!(lines["total"].as_u64(), Some(1));
        assert_eq!(lines["storylines"][0]["articles"].as_u64(), Some(5));
        let sid = lines["storylines"][0]["id"].as_u64().unwrap();
        let (status, line) = s.get_json(&format!("/api/v1/storylines/{sid}"));
        assert_eq!(status, 200);
        assert_eq!(line["events"], lines["storylines"][0]["events"]);
        let ids: Vec<&Value> = line["timeline"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| &e["id"])
            .collect();
        assert_eq!(
            ids,
            line["events"]
                .as_array()
                .unwrap()
                .iter()
                .collect::<Vec<_>>()
        );
        let (status, _) = s.get_json("/api/v1/storylines/999");
        assert_eq!(status, 404);
        let (_, copies) = s.get_json("/api/v1/copies");
        assert_eq!(copies["copies"][0]["kind"].as_str(), Some("republication"));
        let (_, quotes) = s.get_json("/api/v1/quotes?speaker=Xi&limit=5");
        assert!(quotes["total"].as_u64().unwrap() >= 1, "{quotes}");
        // A speaker without a word names nobody (it listed every quote).
        for nobody in [".", "%20"] {
            let (status, none) = s.get_json(&format!("/api/v1/quotes?speaker={nobody}"));
            assert_eq!((status, none["total"].as_u64()), (200, Some(0)), "{none}");
        }
        let q = &quotes["quotes"][0];
        let (status, cluster) = s.get_json(&format!("/api/v1/quote-clusters/{}", q["cluster"]));
        assert_eq!(status, 200);
        assert!(!cluster["variants"].as_array().unwrap().is_empty());
        let (_, claims) = s.get_json("/api/v1/claims?since=2020-01-01&limit=3");
        assert_eq!(claims["claims"].as_array().unwrap().len(), 3);

        let (status, found) = s.get_json("/api/v1/search?q=Xi%20Jinping%20Putin&limit=3");
        assert_eq!(status, 200);
        let hits = found["hits"].as_array().unwrap();
        assert_eq!(hits.len(), 3, "{found}");
        let top = &hits[0];
        assert!(
            top["event"].is_u64() && top["score"].as_f64().unwrap() > 0.0,
            "{top}"
        );
        let snippet = top["snippet"].as_str().unwrap();
        for h in top["highlights"].as_array().unwrap() {
            let (a, b) = (
                h[0].as_u64().unwrap() as usize,
                h[1].as_u64().unwrap() as usize,
            );
            let word = snippet[a..b].to_lowercase();
            assert!(
                ["xi", "jinping", "putin"].contains(&word.as_str()),
                "{word}"
            );
        }
        // Without the sentence model (this server runs without it) a
        // semantic search answers lexically, and says so.
        let (status, found) = s.get_json("/api/v1/search?q=Xi%20Jinping&mode=semantic&limit=2");
        assert_eq!(status, 200);
        assert_eq!(found["mode"], "lexical", "{found}");
        assert!(
            found["warning"].as_str().unwrap().contains("model"),
            "{found}"
        );
        assert_eq!(found["hits"].as_array().unwrap().len(), 2, "{found}");
        let (status, plain) = s.get_json("/api/v1/search?q=Xi%20Jinping&limit=2");
        assert_eq!((status, plain.get("warning")), (200, None), "{plain}");
        let (status, bad) = s.get_json("/api/v1/search?q=x&mode=fuzzy");
        assert_eq!(status, 400);
        assert!(bad["detail"].as_str().unwrap().contains("hybrid"), "{bad}");
        // Copies folded by default, listed one by one on asking; anything
        // else is refused.
        let (status, all) = s.get_json("/api/v1/search?q=Xi%20Jinping&limit=50&copies=all");
        assert_eq!(status, 200);
        let (_, folded) = s.get_json("/api/v1/search?q=Xi%20Jinping&limit=50");
        let count = |v: &Value| v["hits"].as_array().unwrap().len() as u64;
        let folded_copies: u64 = folded["hits"]
            .as_array()
            .unwrap()
            .iter()
            .map(|h| h["copies"].as_u64().unwrap())
            .sum();
        assert_eq!(
            count(&folded) + folded_copies,
            count(&all),
            "{folded} {all}"
        );
        let (status, bad) = s.get_json("/api/v1/search?q=x&copies=some");
        assert_eq!(status, 400);
        assert!(bad["detail"].as_str().unwrap().contains("fold"), "{bad}");

        let (_, articles) = s.get_json("/api/v1/articles");
        assert_eq!(articles["total"].as_u64(), Some(5));
        let aid = articles["articles"][0]["id"].as_str().unwrap().to_string();
        let (status, article) = s.get_json(&format!("/api/v1/articles/{}", &aid[..6]));
        assert_eq!((status, article["id"].as_str()), (200, Some(aid.as_str())));
        let (status, kind, raw) = s.get(&format!("/api/v1/articles/{aid}/raw"));
        assert_eq!(status, 200);
        assert!(kind.starts_with("text/plain"), "{kind}");
        let original = std::fs::read_dir(seeds())
            .unwrap()
            .map(|e| std::fs::read(e.unwrap().path()).unwrap())
            .find(|b| *b == raw);
        assert!(original.is_some(), "the raw bytes are a seed file's bytes");

        // Filters: an event's articles are its members; an outlet's and a
        // language's are those that carry it.
        let (_, members) = s.get_json(&format!("/api/v1/articles?event={id}"));
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
        let outlet = articles["articles"]
            .as_array()
            .unwrap()
            .iter()
            .find_map(|a| a["outlet"].as_str())
            .unwrap()
            .to_string();
        let (_, of_outlet) = s.get_json(&format!(
            "/api/v1/articles?outlet={}",
            outlet.replace(' ', "%20")
        ));
        let listed = of_outlet["articles"].as_array().unwrap();
        assert!(
            !listed.is_empty() && (listed.len() as u64) < 5,
            "{of_outlet}"
        );
        assert!(listed
            .iter()
            .all(|a| a["outlet"].as_str() == Some(outlet.as_str())));
        let (_, english) = s.get_json("/api/v1/articles?lang=en");
        assert_eq!(english["total"].as_u64(), Some(5));
        let (_, none) = s.get_json("/api/v1/articles?lang=xx&outlet=Nobody");
        assert_eq!(none["total"].as_u64(), Some(0));
        let (status, _) = s.get_json("/api/v1/articles?event=first");
        assert_eq!(status, 400);
        // A cursor pages through the same articles in the same order.
        let mut paged: Vec<Value> = Vec::new();
        let mut path = "/api/v1/articles?limit=2".to_string();
        loop {
            let (status, pg) = s.get_json(&path);
            assert_eq!(status, 200, "{pg}");
            paged.extend(
                pg["articles"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|a| a["id"].clone()),
            );
            match pg["next"].as_i64() {
                Some(next) => path = format!("/api/v1/articles?limit=2&after={next}"),
                None => {
                    assert_eq!(pg["more"].as_u64(), Some(0), "{pg}");
                    break;
                }
            }
        }
        let all: Vec<Value> = articles["articles"]
            .as_array()
            .unwrap()
            .iter()
            .map(|a| a["id"].clone())
            .collect();
        assert_eq!(paged, all);
        let (status, _) = s.get_json("/api/v1/quotes?after=3");
        assert_eq!(status, 400);

        // Entities, most widely reported first, as `parallax entities`
        // merges them; filtered by name words and kind.
        let (status, ents) = s.get_json("/api/v1/entities?limit=3");
        assert_eq!(status, 200, "{ents}");
        let items = ents["entities"].as_array().unwrap();
        assert_eq!(items.len(), 3);
        let counts: Vec<u64> = items
            .iter()
            .map(|e| e["articles"].as_u64().unwrap())
            .collect();
        assert!(counts.windows(2).all(|w| w[0] >= w[1]), "{ents}");
        assert!(ents["total"].as_u64().unwrap() > 3, "{ents}");
        let (_, xi) = s.get_json("/api/v1/entities?q=jinping&kind=person");
        assert_eq!(xi["total"].as_u64(), Some(1), "{xi}");
        assert_eq!(xi["entities"][0]["name"], "Xi Jinping", "{xi}");
        let (status, bad) = s.get_json("/api/v1/entities?kind=animal");
        assert_eq!(status, 400, "{bad}");
        // An article stored after the index was built is in the next answer.
        let body = serde_json::to_vec(&vec![serde_json::json!({
            "title": "Harbour reopens",
            "text": "Mayor Marta Oyelaran reopened the harbour of Port Ellis on Friday after a week of storms, the city said in a statement.",
            "outlet": "Coast Daily",
        })])
        .unwrap();
        let (status, report) = s.post("/api/v1/articles", None, &body);
        assert_eq!(status, 201, "{report}");
        let (_, mayor) = s.get_json("/api/v1/entities?q=oyelaran");
        assert_eq!(mayor["total"].as_u64(), Some(1), "{mayor}");
        assert_eq!(
            mayor["entities"][0]["articles"].as_u64(),
            Some(1),
            "{mayor}"
        );
    }
}

/// One event's quotes: exactly the quotes of its articles, with the
/// speaker filter on top, on both backends.
#[test]
fn an_events_quotes_are_its_articles_quotes() {
    for pg in backends() {
        let s = Server::start_on(None, 1 << 20, pg);
        let (_, all) = s.get_json("/api/v1/quotes?limit=1000");
        let (_, events) = s.get_json("/api/v1/events");
        for e in events["events"].as_array().unwrap() {
            let (_, record) = s.get_json(&format!("/api/v1/events/{}", e["id"]));
            let members: Vec<&Value> = record["articles"].as_array().unwrap().iter().collect();
            let want: Vec<&Value> = all["quotes"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|q| members.contains(&&q["article"]))
                .collect();
            let (status, got) = s.get_json(&format!("/api/v1/quotes?event={}&limit=1000", e["id"]));
            assert_eq!(status, 200, "{got}");
            assert_eq!(got["total"].as_u64(), Some(want.len() as u64), "{got}");
            let got_texts: Vec<&Value> = got["quotes"]
                .as_array()
                .unwrap()
                .iter()
                .map(|q| &q["text"])
                .collect();
            let want_texts: Vec<&Value> = want.iter().map(|q| &q["text"]).collect();
            assert_eq!(got_texts, want_texts);
        }
        // Event 0 holds three of the seeds; Le Yucheng is quoted there.
        let (_, le) = s.get_json("/api/v1/quotes?event=0&speaker=yucheng");
        assert!(le["total"].as_u64().unwrap() >= 2, "{le}");
        assert!(le["quotes"]
            .as_array()
            .unwrap()
            .iter()
            .all(|q| q["speaker"].as_str().is_some_and(|n| n.contains("Yucheng"))));
        let (_, none) = s.get_json("/api/v1/quotes?event=999");
        assert_eq!(none["total"].as_u64(), Some(0), "{none}");
    }
}

/// The outlets: counted as articles arrive (the seeds' four outlets, and
/// CGTN's article carrying Xinhua's copy), and one outlet's coverage of
/// the event it shares with another outlet, from that event's comparison.
#[test]
fn outlets_are_counted_and_their_coverage_compared() {
    for pg in backends() {
        let s = Server::start_on(None, 1 << 20, pg);
        let (status, page) = s.get_json("/api/v1/outlets");
        assert_eq!(status, 200, "{page}");
        assert_eq!(page["total"].as_u64(), Some(4), "{page}");
        let outlets = page["outlets"].as_array().unwrap();
        let names: Vec<&str> = outlets
            .iter()
            .map(|o| o["name"].as_str().unwrap())
            .collect();
        for name in ["ANI", "CGTN", "Interfax", "Press TV"] {
            assert!(names.contains(&name), "{names:?}");
        }
        let cgtn = outlets.iter().find(|o| o["name"] == "CGTN").unwrap();
        assert_eq!(cgtn["articles"].as_u64(), Some(1));
        assert_eq!(cgtn["agency_copies"].as_u64(), Some(1), "{cgtn}");
        assert_eq!(cgtn["agencies"][0][0].as_str(), Some("Xinhua"), "{cgtn}");
        let ani = outlets.iter().find(|o| o["name"] == "ANI").unwrap();
        assert_eq!(ani["agency_copies"].as_u64(), Some(0), "{ani}");

        // ANI shares the first event with Press TV: compared, ANI's
        // article adds sentences Press TV does not carry.
        let (status, ani) = s.get_json("/api/v1/outlets/ani");
        assert_eq!(status, 200, "{ani}");
        assert_eq!(ani["name"].as_str(), Some("ANI"));
        assert_eq!(ani["events_compared"].as_u64(), Some(1), "{ani}");
        let covered = &ani["coverage"][0];
        assert_eq!(covered["outlets"].as_u64(), Some(2), "{covered}");
        let (_, cmp) = s.get_json(&format!("/api/v1/events/{}/comparison", covered["event"]));
        let ani_adds: usize = cmp["outlets"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|o| o["label"].as_str().is_some_and(|l| l.starts_with("ANI")))
            .map(|o| o["adds"].as_array().unwrap().len())
            .sum();
        assert!(ani_adds > 0, "{cmp}");
        assert_eq!(covered["adds"].as_u64(), Some(ani_adds as u64), "{covered}");
        assert_eq!(ani["latest"].as_array().unwrap().len(), 1);
        // Interfax has no event with another outlet.
        let (_, interfax) = s.get_json("/api/v1/outlets/Interfax");
        assert_eq!(interfax["events_compared"].as_u64(), Some(0), "{interfax}");
        let (status, none) = s.get_json("/api/v1/outlets/Nobody%20Daily");
        assert_eq!(status, 404, "{none}");
        problem(&none, 404);

        // A new article of a new outlet is counted in the next answer.
        let body = serde_json::to_vec(&vec![serde_json::json!({
            "title": "Harbour reopens",
            "text": "The harbour of Port Ellis reopened on Friday after a week of storms, the city said. (With inputs from Reuters)",
            "outlet": "Coast Daily",
        })])
        .unwrap();
        let (status, report) = s.post("/api/v1/articles", None, &body);
        assert_eq!(status, 201, "{report}");
        let (_, coast) = s.get_json("/api/v1/outlets/coast%20daily");
        assert_eq!(coast["articles"].as_u64(), Some(1), "{coast}");
        let (_, page) = s.get_json("/api/v1/outlets");
        assert_eq!(page["total"].as_u64(), Some(5), "{page}");

        // Largest first, and the reverse.
        let sizes = |order: &str| -> Vec<u64> {
            let (status, page) = s.get_json(&format!("/api/v1/events?order={order}"));
            assert_eq!(status, 200, "{page}");
            page["events"]
                .as_array()
                .unwrap()
                .iter()
                .map(|e| e["articles"].as_u64().unwrap())
                .collect()
        };
        let mut by_time = sizes("time");
        // (Time order is not size order here, so the order is heeded.)
        assert_ne!(sizes("smallest"), by_time);
        by_time.sort_unstable_by(|a, b| b.cmp(a));
        assert_eq!(sizes("largest"), by_time);
        by_time.reverse();
        assert_eq!(sizes("smallest"), by_time);
    }
}

#[test]
fn bad_requests_are_problems_with_the_right_status() {
    let s = Server::start(None, 1 << 20);
    for (path, status) in [
        ("/api/v1/events/999", 404),
        ("/api/v1/events/abc", 400),
        ("/api/v1/events?limit=abc", 400),
        ("/api/v1/events?limit=100000", 400),
        ("/api/v1/events?since=yesterday", 400),
        ("/api/v1/events?bogus=1", 400),
        ("/api/v1/events?order=loudest", 400),
        ("/api/v1/quotes?order=largest", 400),
        ("/api/v1/copies?speaker=x", 400),
        ("/api/v1/articles/ffffffffff", 404),
        ("/api/v1/quote-clusters/999999", 404),
        ("/no/such/path", 404),
    ] {
        let (got, kind, body) = s.get(path);
        assert_eq!(got, status, "{path}");
        assert_eq!(kind, "application/problem+json", "{path}");
        problem(&serde_json::from_slice(&body).unwrap(), status);
    }
}

#[test]
fn a_post_stores_what_is_good_and_reports_the_rest_and_readers_go_on() {
    for pg in backends() {
        let s = Server::start_on(Some("sesame"), 64 << 10, pg);
        let article = |title: &str, i: usize| {
            serde_json::json!({
                "title": title,
                "text": format!("A winter storm closed the harbour of a coastal town on day {i}, stranding two ferries and forty fishing boats, the port authority said."),
                "outlet": "Coast Daily",
            })
        };
        let body = serde_json::to_vec(&vec![
            article("Storm closes harbour", 1),
            serde_json::json!({"text": ""}),
        ])
        .unwrap();

        // Writes need the token.
        let (status, p) = s.post("/api/v1/articles", None, &body);
        assert_eq!(status, 401);
        problem(&p, 401);
        let (status, p) = s.post("/api/v1/articles", Some("wrong"), &body);
        assert_eq!(status, 401, "{p}");

        // Readers poll while articles are posted; none fails.
        let polling = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(true));
        let readers: Vec<_> = (0..3)
            .map(|_| {
                let (url, agent, polling) =
                    (s.url("/api/v1/events"), s.agent.clone(), polling.clone());
                std::thread::spawn(move || {
                    let mut n = 0;
                    while polling.load(std::sync::atomic::Ordering::SeqCst) {
                        let r = agent.get(&url).call().unwrap();
                        assert_eq!(r.status().as_u16(), 200);
                        n += 1;
                    }
                    n
                })
            })
            .collect();
        let (status, report) = s.post("/api/v1/articles", Some("sesame"), &body);
        assert_eq!(status, 201, "{report}");
        assert_eq!(report["stored"].as_u64(), Some(1));
        assert_eq!(report["skipped"].as_array().unwrap().len(), 1, "{report}");
        assert!(report["skipped"][0]
            .as_str()
            .unwrap()
            .contains(":2: empty text"));
        // JSON Lines too; a repeat is a duplicate.
        let lines = format!(
            "{}\n{}\n",
            article("Storm closes harbour", 1),
            article("Harbour reopens", 2)
        );
        let (status, report) = s.post("/api/v1/articles", Some("sesame"), lines.as_bytes());
        assert_eq!(status, 201);
        assert_eq!(report["stored"].as_u64(), Some(1));
        assert_eq!(report["duplicates"].as_array().unwrap().len(), 1);
        polling.store(false, std::sync::atomic::Ordering::SeqCst);
        for r in readers {
            assert!(r.join().unwrap() > 0);
        }
        let (_, health) = s.get_json("/healthz");
        assert_eq!(health["articles"].as_u64(), Some(7));

        // One web page, with its address.
        let page = "<html><head><title>Ferries run again after the storm</title></head><body><article>\
            <h1>Ferries run again after the storm</h1>\
            <p>The harbour of the coastal town reopened on Friday, three days after a winter storm closed it, and the first ferry left at noon.</p>\
            <p>Forty fishing boats went back to sea, the port authority said, and the two stranded ferries sailed empty to the mainland.</p>\
            </article></body></html>";
        let url = "https://coast.example/news/ferries-run-again";
        let (status, report) = s.post_as(
            &format!("/api/v1/articles?url={url}"),
            Some("sesame"),
            Some("text/html; charset=utf-8"),
            page.as_bytes(),
        );
        assert_eq!(status, 201, "{report}");
        assert_eq!(report["stored"].as_u64(), Some(1));
        let (_, listed) = s.get_json("/api/v1/articles?offset=7");
        let stored = &listed["articles"][0];
        assert_eq!(stored["url"].as_str(), Some(url), "{stored}");
        assert_eq!(
            stored["title"].as_str(),
            Some("Ferries run again after the storm")
        );
        // A page needs its address, and an address goes only with a page.
        let (status, p) = s.post_as(
            "/api/v1/articles",
            Some("sesame"),
            Some("text/html"),
            page.as_bytes(),
        );
        assert_eq!(status, 400, "{p}");
        let (status, p) = s.post_as(
            &format!("/api/v1/articles?url={url}"),
            Some("sesame"),
            None,
            &body,
        );
        assert_eq!(status, 400, "{p}");
        let (status, p) = s.post_as(
            "/api/v1/articles?url=ftp://x",
            Some("sesame"),
            Some("text/html"),
            page.as_bytes(),
        );
        assert_eq!(status, 400, "{p}");
        // The new articles are placed: an event holds them.
        let (_, page) = s.get_json("/api/v1/events?limit=50");
        let placed: u64 = page["events"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["articles"].as_u64().unwrap())
            .sum();
        assert_eq!(placed, 8);

        // Bodies that are not articles, or too large, store nothing.
        for (body, status) in [
            (b"hello".to_vec(), 400),
            (b"[1, 2]".to_vec(), 400),
            (b"   ".to_vec(), 400),
            (vec![b' '; 100 << 10], 413),
        ] {
            let (got, p) = s.post("/api/v1/articles", Some("sesame"), &body);
            assert_eq!(got, status);
            problem(&p, status);
        }
        // Bodies of the right syntax that hold no article store nothing
        // either: text sent as a page, a page with no text, lines of the
        // wrong types.
        for (kind, body) in [
            ("text/html", &b"hello, not a page"[..]),
            ("text/html", b"{}"),
            (
                "text/html",
                b"<html><body><nav><a href=/>Home</a></nav></body></html>",
            ),
            (
                "application/json",
                br#"[{"text": 5}, {"title": "no text"}]"#,
            ),
        ] {
            let url = format!("/api/v1/articles?url={url}/not-a-page");
            let path = if kind == "text/html" {
                &url
            } else {
                "/api/v1/articles"
            };
            let (got, p) = s.post_as(path, Some("sesame"), Some(kind), body);
            assert_eq!(got, 400, "{kind} {:?}: {p}", String::from_utf8_lossy(body));
            problem(&p, 400);
        }
        let (_, health) = s.get_json("/healthz");
        assert_eq!(health["articles"].as_u64(), Some(8));

        // What happened is counted.
        let (status, kind, metrics) = s.get("/metrics");
        assert_eq!(status, 200);
        assert!(kind.starts_with("text/plain"), "{kind}");
        let metrics = String::from_utf8(metrics).unwrap();
        for line in [
            "parallax_articles 8",
            "parallax_posted_articles_total 3",
            "parallax_requests_total{method=\"POST\",route=\"/api/v1/articles\",status=\"401\"} 2",
            "parallax_requests_total{method=\"POST\",route=\"/api/v1/articles\",status=\"413\"} 1",
        ] {
            assert!(
                metrics.lines().any(|l| l == line),
                "{line} not in\n{metrics}"
            );
        }
    }
}

#[test]
fn only_loopback_may_listen_without_a_token() {
    let any: SocketAddr = "0.0.0.0:7878".parse().unwrap();
    let local: SocketAddr = "127.0.0.1:7878".parse().unwrap();
    assert!(parallax_serve::check_bind(&any, None).is_err());
    assert!(parallax_serve::check_bind(&any, Some("")).is_err());
    assert!(parallax_serve::check_bind(&any, Some("t")).is_ok());
    assert!(parallax_serve::check_bind(&local, None).is_ok());
    // A token no Authorization header can carry as written.
    assert!(parallax_serve::check_bind(&any, Some("   ")).is_err());
    assert!(parallax_serve::check_bind(&local, Some("two words")).is_err());
}

/// The OpenAPI document is true to the router: each documented operation
/// answers (never the fallback's "no such path") with a status it lists.
#[test]
fn the_openapi_document_describes_what_answers() {
    let s = Server::start(None, 1 << 20);
    let (status, doc) = s.get_json("/api/v1/openapi.json");
    assert_eq!(status, 200);
    assert_eq!(doc["openapi"].as_str(), Some("3.1.0"));
    let paths = doc["paths"].as_object().unwrap();
    assert!(paths.len() >= 15, "{}", paths.len());
    // Answers have schemas made from the records' types: a page of events
    // is an array of EventSummary (an article count), one event an Event
    // (its members), whose fields are listed.
    let events = &paths["/api/v1/events"]["get"]["responses"]["200"]["content"]["application/json"]
        ["schema"];
    assert_eq!(
        events["properties"]["events"]["items"]["$ref"].as_str(),
        Some("#/components/schemas/EventSummary"),
        "{events}"
    );
    let schemas = &doc["components"]["schemas"];
    for (name, articles) in [("EventSummary", "integer"), ("Event", "array")] {
        let event = &schemas[name];
        for field in ["id", "articles", "outlets"] {
            assert!(event["properties"][field].is_object(), "{field}: {event}");
        }
        assert_eq!(event["properties"]["articles"]["type"], articles, "{event}");
    }
    for (path, ops) in paths {
        for (method, op) in ops.as_object().unwrap() {
            let url = path.replace("{id}", "0");
            let url = if url.ends_with("/search") {
                url + "?q=Xi"
            } else {
                url
            };
            let (got, body) = match method.as_str() {
                "get" => {
                    let (st, _, body) = s.get(&url);
                    (st, body)
                }
                "post" => {
                    let mut r = s.agent.post(&s.url(&url)).send(&b"[]"[..]).unwrap();
                    (r.status().as_u16(), r.body_mut().read_to_vec().unwrap())
                }
                m => panic!("{m}"),
            };
            let listed: Vec<&String> = op["responses"].as_object().unwrap().keys().collect();
            assert!(
                listed.iter().any(|k| **k == got.to_string()),
                "{method} {url}: {got} not among {listed:?}: {}",
                String::from_utf8_lossy(&body)
            );
            assert!(
                !String::from_utf8_lossy(&body).contains("no such path"),
                "{url}"
            );
        }
    }
}

#[test]
fn comparisons_are_made_ahead_and_say_their_age() {
    let s = Server::start(None, 1 << 20);
    // The server makes its largest events' comparisons ahead once it
    // starts, and says so until it has.
    let started = std::time::Instant::now();
    loop {
        let (status, health) = s.get_json("/healthz");
        assert_eq!(status, 200);
        match health["warming"].as_bool() {
            Some(false) => break,
            Some(true) => assert!(
                started.elapsed() < std::time::Duration::from_secs(60),
                "still warming after a minute: {health}"
            ),
            None => panic!("no warming flag: {health}"),
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    let (_, page) = s.get_json("/api/v1/events");
    for e in page["events"].as_array().unwrap() {
        let id = e["id"].as_u64().unwrap();
        let r = s
            .agent
            .get(&s.url(&format!("/api/v1/events/{id}/comparison")))
            .call()
            .unwrap();
        assert_eq!(r.status().as_u16(), 200);
        let age: u64 = r
            .headers()
            .get("age")
            .expect("an Age header")
            .to_str()
            .unwrap()
            .parse()
            .unwrap();
        assert!(age < 60, "{age}");
    }
}

/// `serve --read-only`: reads answer, a write is refused with 403, and the
/// store file is left byte for byte as it was, with nothing beside it
/// (before, the server's engines opened the store for writing and the
/// POST stored its article).
#[test]
fn a_read_only_server_refuses_writes_and_leaves_the_store_as_it_was() {
    let s = Server::start_with(None, 1 << 20, None, true);
    let db = s._dir.path().join("s.db");
    let before = std::fs::read(&db).unwrap();
    let (status, page) = s.get_json("/api/v1/articles?limit=1");
    assert_eq!(status, 200, "{page}");
    let total = page["total"].as_u64().unwrap();
    assert!(total > 0, "{page}");
    let (status, body) = s.post(
        "/api/v1/articles",
        None,
        br#"[{"text": "A storm hit the coast on Monday and 3 people died, officials said."}]"#,
    );
    assert_eq!(status, 403, "{body}");
    problem(&body, 403);
    let (_, page) = s.get_json("/api/v1/articles?limit=1");
    assert_eq!(page["total"].as_u64(), Some(total), "{page}");
    assert_eq!(std::fs::read(&db).unwrap(), before);
    let beside: Vec<_> = std::fs::read_dir(s._dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(beside, ["s.db"]);
}
