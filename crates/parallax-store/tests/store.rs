//! Store behaviour: round trips, duplicates, id prefixes, and compatibility
//! with stores written by earlier versions.

// Tests panic on failure by design; helpers outside #[test] fns too.
#![allow(clippy::unwrap_used)]

use parallax_model::{
    Article, ArticleId, Given, OffsetMap, PubDate, RawArticle, SourceFormat, Spans,
};
use parallax_store::{ArticleStore, Error, PutOutcome, SqliteStore, Store, SCHEMA_VERSION};

/// The stores every backend-independent test runs against: SQLite, and
/// PostgreSQL when a test server is given (see `parallax_store::testing`).
fn stores() -> Vec<Store> {
    let mut out = vec![Store::Sqlite(SqliteStore::open_in_memory().unwrap())];
    if let Some(pg) = parallax_store::testing::fresh_pg_store() {
        out.push(Store::Postgres(Box::new(pg.unwrap())));
    }
    out
}

fn item(id: &str, source: &str, text: &str) -> (RawArticle, Article) {
    let raw = RawArticle {
        id: ArticleId(id.into()),
        source: source.into(),
        format: SourceFormat::Text,
        bytes: text.as_bytes().to_vec(),
        text: text.into(),
        encoding: None,
        given: Given::default(),
    };
    let article = Article {
        id: ArticleId(id.into()),
        source: source.into(),
        url: None,
        redirected_from: Vec::new(),
        title: Some(format!("Title {id}")),
        title_source: None,
        outlet: Some("Example Daily".into()),
        outlet_source: None,
        published: PubDate::parse_iso("2021-02-03T04:05"),
        published_source: Some(parallax_model::DateSource::Explicit),
        published_evidence: Some("test".into()),
        dateline: None,
        byline: None,
        credits: vec!["With inputs from agencies".into()],
        agencies: vec![],
        agency_feed: false,
        provenance: vec![],
        language: Some("en".into()),
        body: text.into(),
        spans: Spans::default(),
        furniture: vec![],
        diagnostics: vec![],
        body_map: OffsetMap::from_runs(vec![(0, 0), (5, 9)]),
    };
    (raw, article)
}

#[test]
fn an_article_comes_back_as_it_went_in() {
    for mut s in stores() {
        let (raw, article) = item("aaaa000000000001", "a.txt", "Some text of an article.");
        assert_eq!(
            s.put_batch(&[(raw.clone(), article.clone())], 1).unwrap(),
            vec![PutOutcome::Stored { seq: 1 }]
        );
        assert_eq!(s.article("aaaa").unwrap(), article);
        assert_eq!(s.articles().unwrap(), vec![article]);
        assert_eq!(s.raw_bytes(&raw.id).unwrap(), raw.bytes);
        assert!(s.contains(&raw.id).unwrap());
    }
}

#[test]
fn original_bytes_come_back_exactly_when_the_decoded_text_differs() {
    // The decoded text is packed in the bytes' frame: the bytes must still
    // come back to the byte, whatever the lengths.
    for mut s in stores() {
        let (mut raw, article) = item("bbbb000000000001", "a.jsonl:1", r"Caf\u00e9 text");
        raw.text = "Café text, decoded, longer than the bytes it came from".into();
        raw.format = SourceFormat::Jsonl;
        let (mut empty, other) = item("bbbb000000000002", "b.txt", "");
        empty.text = "x".into();
        s.put_batch(&[(raw.clone(), article), (empty.clone(), other)], 1)
            .unwrap();
        assert_eq!(s.raw_bytes(&raw.id).unwrap(), raw.bytes);
        assert_eq!(s.raw_bytes(&empty.id).unwrap(), Vec::<u8>::new());
        assert_eq!(
            s.article("bbbb000000000001").unwrap().body,
            r"Caf\u00e9 text"
        );
    }
}

#[test]
fn the_same_content_is_stored_once_even_within_one_batch() {
    for mut s in stores() {
        let a = item("aaaa000000000001", "a.txt", "One.");
        let b = item("aaaa000000000001", "b.txt", "One.");
        let out = s.put_batch(&[a, b], 1).unwrap();
        assert_eq!(out[0], PutOutcome::Stored { seq: 1 });
        assert_eq!(
            out[1],
            PutOutcome::Duplicate {
                first_source: "a.txt".into()
            }
        );
        assert_eq!(s.count().unwrap(), 1);
        // The next new article is told the next arrival number, whatever
        // copies came before it.
        let c = item("aaaa000000000002", "c.txt", "Two.");
        let out = s
            .put_batch(&[item("aaaa000000000001", "d.txt", "One."), c], 1)
            .unwrap();
        assert_eq!(out[1], PutOutcome::Stored { seq: 2 });
        assert_eq!(
            s.seq_of(&ArticleId("aaaa000000000002".into())).unwrap(),
            Some(2)
        );
    }
}

#[test]
fn id_prefixes_must_be_unambiguous_and_hex() {
    for mut s in stores() {
        s.put_batch(
            &[
                item("abcd000000000001", "a", "A."),
                item("abcd000000000002", "b", "B."),
            ],
            1,
        )
        .unwrap();
        match s.article("abcd") {
            Err(Error::Ambiguous {
                candidates, more, ..
            }) => {
                assert_eq!(candidates, ["abcd000000000001", "abcd000000000002"]);
                assert!(!more);
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(s.article("abcd000000000002").unwrap().source, "b");
        // Any length of prefix, as long as one id begins with it.
        assert!(matches!(s.article("a"), Err(Error::Ambiguous { .. })));
        assert_eq!(s.article(" ABCD000000000001 ").unwrap().source, "a");
        assert!(matches!(s.article("zzzz"), Err(Error::NotFound(_))));
        assert!(matches!(s.article("ffff"), Err(Error::NotFound(_))));
    }
}

#[test]
fn a_reopened_file_keeps_its_articles() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("s.db");
    let mut s = SqliteStore::open(&path).unwrap();
    s.put_batch(&[item("abcd000000000001", "a", "A.")], 1)
        .unwrap();
    drop(s);
    let s = SqliteStore::open(&path).unwrap();
    assert_eq!(s.count().unwrap(), 1);
    assert_eq!(s.schema_version().unwrap(), SCHEMA_VERSION);
}

/// A store written by schema version 1 (the seeds, ingested by the first
/// release) must open in every later version with its articles intact.
/// When the schema changes, keep this file and add the next one.
#[test]
fn an_articles_card_is_its_articles_listing_fields_on_every_backend() {
    for mut s in stores() {
        let (raw, mut article) = item("cccc000000000001", "feeds/c.txt", "Some text.");
        article.agencies = vec!["Example Wire".into()];
        article.agency_feed = true;
        article.outlet_source = Some(parallax_model::OutletSource::Credit);
        let (raw2, mut other) = item("cccc000000000002", "d.txt", "Other text.");
        other.title = None;
        other.published = None;
        s.put_batch(&[(raw, article.clone()), (raw2, other.clone())], 1)
            .unwrap();
        // In the order asked; a number not stored is left out.
        let cards = s.article_cards(&[2, 99, 1]).unwrap();
        assert_eq!(
            cards,
            vec![
                (2, parallax_model::ArticleCard::of(&other)),
                (1, parallax_model::ArticleCard::of(&article)),
            ]
        );
    }
}

#[test]
fn a_version_1_store_opens_and_reads() {
    let dir = tempfile::tempdir().unwrap();
    let copy = dir.path().join("v1.db");
    std::fs::copy(
        concat!(env!("CARGO_MANIFEST_DIR"), "/tests/compat/v1.db"),
        &copy,
    )
    .unwrap();
    let s = SqliteStore::open(&copy).unwrap();
    assert_eq!(s.schema_version().unwrap(), SCHEMA_VERSION);
    let articles = s.articles().unwrap();
    assert_eq!(articles.len(), 5);
    let titles: Vec<&str> = articles.iter().filter_map(|a| a.title.as_deref()).collect();
    assert!(
        titles.contains(&"President Xi: China to enhance multilateral coordination with Russia")
    );
    for a in &articles {
        let original = String::from_utf8(s.raw_bytes(&a.id).unwrap()).unwrap();
        // Body spans still slice the stored original.
        for span in &a.spans.body {
            assert!(original.get(span.range()).is_some());
        }
        // The offset map still maps the body's first word back.
        let first = a.body.split(' ').next().unwrap();
        assert_eq!(&original[a.body_map.to_original(0..first.len())], first);
    }
    // Articles stored before cards were kept have their cards made from
    // the articles themselves.
    let cards = s.article_cards(&[1, 2, 3, 4, 5]).unwrap();
    assert_eq!(cards.len(), 5);
    for ((_, card), a) in cards.iter().zip(&articles) {
        assert_eq!(*card, parallax_model::ArticleCard::of(a));
    }
}

#[test]
fn vectors_are_kept_in_half_precision_and_found_by_their_texts_hash() {
    for mut s in stores() {
        let items: Vec<_> = (1..=3)
            .map(|i| {
                item(
                    &format!("bbbb00000000000{i}"),
                    "v.txt",
                    &format!("Text {i}."),
                )
            })
            .collect();
        s.put_batch(&items, 1).unwrap();
        let v1 = vec![0.25_f32, -0.5, 0.123_456_79, 1.0];
        let v3 = vec![0.0_f32, 0.5, -0.25, 0.75];
        s.begin_write().unwrap();
        s.put_vectors("mini", &[(1, 77, &v1), (3, 99, &v3)])
            .unwrap();
        s.commit().unwrap();
        // Found by the text's hash and model only.
        let back = s.vector_by_text("mini", 77).unwrap().unwrap();
        assert_eq!(back.len(), 4);
        let mut expect = v1.clone();
        parallax_store::stored_precision(&mut expect);
        assert_eq!(back, expect);
        assert!((back[2] - v1[2]).abs() < 1e-3 && back[2] != v1[2]);
        assert!(s.vector_by_text("other-model", 77).unwrap().is_none());
        assert!(s.vector_by_text("mini", 78).unwrap().is_none());
        // Listed in arrival order with their articles' ids, a page at a time.
        let page = s.vectors_since(0, 1).unwrap();
        assert_eq!(page.len(), 1);
        assert_eq!((page[0].seq, page[0].id.as_str()), (1, "bbbb000000000001"));
        let rest = s.vectors_since(page[0].seq, 10).unwrap();
        assert_eq!(rest.len(), 1);
        assert_eq!(
            (rest[0].seq, rest[0].model.as_str(), &rest[0].vector),
            (3, "mini", &v3)
        );
    }
}

#[test]
fn an_events_size_and_latest_member_follow_joins_and_merges_on_every_backend() {
    for mut s in stores() {
        let items: Vec<_> = (1..=5)
            .map(|i| {
                item(
                    &format!("cccc00000000000{i}"),
                    "e.txt",
                    &format!("Story {i}."),
                )
            })
            .collect();
        s.put_batch(&items, 1).unwrap();
        let placed = |seq: i64, event: u32| parallax_store::Placed {
            seq,
            event,
            storyline: 0,
            published: None,
            outlet: None,
            title: None,
            own_title: false,
        };
        s.begin_write().unwrap();
        s.place_articles(&[placed(1, 7), placed(4, 7), placed(2, 8)])
            .unwrap();
        s.commit().unwrap();
        let size = |s: &Store, e: u32| s.event_row(e).unwrap().map(|r| r.articles);
        assert_eq!(
            (size(&s, 7), s.event_latest(7).unwrap()),
            (Some(2), Some(4))
        );
        assert_eq!((size(&s, 9), s.event_latest(9).unwrap()), (None, None));
        // A later article joins event 8, then 8 is merged into 7.
        s.begin_write().unwrap();
        s.place_articles(&[placed(5, 8)]).unwrap();
        s.merge_events(7, 8).unwrap();
        s.commit().unwrap();
        assert_eq!(
            (size(&s, 7), s.event_latest(7).unwrap()),
            (Some(4), Some(5))
        );
        assert_eq!(s.event_members(7).unwrap(), vec![1, 2, 4, 5]);
        assert_eq!(s.event_latest(8).unwrap(), None);
        // 8 leads to 7; a merge of 7 into 6 then leads both to 6.
        assert_eq!(s.event_merged_into(8).unwrap(), Some(7));
        assert_eq!(s.event_merged_into(7).unwrap(), None);
        s.begin_write().unwrap();
        s.place_articles(&[placed(3, 6)]).unwrap();
        s.merge_events(6, 7).unwrap();
        s.commit().unwrap();
        assert_eq!(
            (
                s.event_merged_into(7).unwrap(),
                s.event_merged_into(8).unwrap()
            ),
            (Some(6), Some(6))
        );
        assert_eq!(s.event_merged_into(6).unwrap(), None);
    }
}

#[test]
fn an_events_label_and_outlets_follow_joins_and_merges_on_every_backend() {
    for mut s in stores() {
        let items: Vec<_> = (1..=6)
            .map(|i| {
                item(
                    &format!("dddd00000000000{i}"),
                    "e.txt",
                    &format!("Story {i}."),
                )
            })
            .collect();
        s.put_batch(&items, 1).unwrap();
        let placed = |seq: i64, event: u32, date: Option<&str>, outlet: &str, own: bool| {
            parallax_store::Placed {
                seq,
                event,
                storyline: 0,
                published: date.map(str::to_string),
                outlet: Some(outlet.to_string()),
                title: Some(format!("title {seq}")),
                own_title: own,
            }
        };
        let summary = |s: &Store, e: u32| {
            let row = s.event_row(e).unwrap().unwrap();
            assert!(row.summarized);
            (row.label.unwrap(), s.event_outlets(e).unwrap())
        };
        s.begin_write().unwrap();
        // Event 1: a derived title dated first, then two own titles; the
        // earlier own title is the label, a day before any time of it.
        s.place_articles(&[
            placed(1, 1, Some("2024-05-02"), "B", false),
            placed(2, 1, Some("2024-05-03T09:00"), "A", true),
            placed(3, 1, Some("2024-05-03"), "C", true),
        ])
        .unwrap();
        s.commit().unwrap();
        assert_eq!(
            summary(&s, 1),
            (
                "title 3".to_string(),
                vec!["B".into(), "C".into(), "A".into()]
            )
        );
        // Event 2: undated, with no own title: its first arrival labels it.
        s.begin_write().unwrap();
        s.place_articles(&[
            placed(5, 2, None, "A", false),
            placed(4, 2, None, "D", false),
        ])
        .unwrap();
        s.commit().unwrap();
        assert_eq!(
            summary(&s, 2),
            ("title 4".to_string(), vec!["D".into(), "A".into()])
        );
        // An own title dated earliest joins event 2, then 2 is merged into
        // 1: the label and outlets are the union's, first article first.
        s.begin_write().unwrap();
        s.place_articles(&[placed(6, 2, Some("2024-05-01"), "A", true)])
            .unwrap();
        s.merge_events(1, 2).unwrap();
        s.commit().unwrap();
        assert_eq!(
            summary(&s, 1),
            (
                "title 6".to_string(),
                vec!["A".into(), "B".into(), "C".into(), "D".into()]
            )
        );
        assert!(s.event_outlets(2).unwrap().is_empty());
        assert!(s.events_unsummarized(10).unwrap().is_empty());
        // A summary filled in by a writer is read back as put.
        let filled = parallax_store::EventSummaryRow {
            label: Some("filled".into()),
            label_key: parallax_store::label_key(true, None, 9),
            outlets: vec![("Z".into(), parallax_store::time_key(None, 9))],
        };
        s.begin_write().unwrap();
        s.put_event_summary(1, &filled).unwrap();
        s.commit().unwrap();
        assert_eq!(summary(&s, 1), ("filled".to_string(), vec!["Z".into()]));
    }
}

/// PostgreSQL: a database written by a newer parallax is refused, not
/// touched; two workers storing overlapping batches at once store each
/// article once, and the later one is told it is a duplicate.
#[test]
fn postgres_refuses_a_newer_schema_and_stores_a_raced_article_once() {
    let Some(url) = parallax_store::testing::fresh_postgres() else {
        return; // said once by parallax_store::testing
    };
    let first = parallax_store::PgStore::open(&url).unwrap();
    assert_eq!(
        first.schema_version().unwrap(),
        parallax_store::PG_SCHEMA_VERSION
    );
    drop(first);

    let items: Vec<_> = (0..40)
        .map(|i| {
            item(
                &format!("cccc{i:012}"),
                &format!("{i}.txt"),
                &format!("Text {i}."),
            )
        })
        .collect();
    let workers: Vec<_> = (0..3)
        .map(|w| {
            let url = url.clone();
            // Overlapping: worker w stores items w*10 .. w*10+20.
            let mine = items[w * 10..w * 10 + 20].to_vec();
            std::thread::spawn(move || {
                let mut s = parallax_store::PgStore::open(&url).unwrap();
                let mut out = Vec::new();
                for chunk in mine.chunks(5) {
                    out.extend(s.put_batch(chunk, 1).unwrap());
                }
                out
            })
        })
        .collect();
    let outcomes: Vec<PutOutcome> = workers
        .into_iter()
        .flat_map(|w| w.join().unwrap())
        .collect();
    let stored = outcomes
        .iter()
        .filter(|o| matches!(o, PutOutcome::Stored { .. }))
        .count();
    let s = parallax_store::PgStore::open(&url).unwrap();
    // The workers offered 0-20, 10-30 and 20-40: 40 articles, 20 of them
    // twice.
    assert_eq!(s.count().unwrap(), 40);
    assert_eq!(stored, 40);
    assert_eq!(outcomes.len() - stored, 20);
    // Arrival numbers are 1..=40 with no gap, each article once.
    assert_eq!(s.last_seq().unwrap(), 40);
    let seqs: Vec<i64> = s
        .articles_since(0, 100)
        .unwrap()
        .iter()
        .map(|(q, _)| *q)
        .collect();
    assert_eq!(seqs, (1..=40).collect::<Vec<i64>>());
    // Each worker was told the arrival number its article got.
    let mut told: Vec<i64> = outcomes
        .iter()
        .filter_map(|o| match o {
            PutOutcome::Stored { seq } => Some(*seq),
            PutOutcome::Duplicate { .. } => None,
        })
        .collect();
    told.sort_unstable();
    assert_eq!(told, seqs);

    let mut admin = postgres::Client::connect(&url, postgres::NoTls).unwrap();
    admin
        .batch_execute("UPDATE parallax_schema SET version = 99")
        .unwrap();
    match parallax_store::PgStore::open(&url) {
        Err(Error::TooNew { found: 99, .. }) => {}
        other => panic!("{other:?}"),
    }
    assert_eq!(s.count().unwrap(), 40);
}

/// Regression: two `parallax ingest` processes starting at once on a new
/// store: one died with "database is locked" while opening it (SQLite
/// does not wait for a lock while another connection switches a new file
/// to WAL). Eight connections open one new file at the same moment and
/// each stores its article.
#[test]
fn many_connections_opening_a_new_file_at_once_all_store() {
    for round in 0..20 {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("new.db");
        let gate = std::sync::Arc::new(std::sync::Barrier::new(8));
        let workers: Vec<_> = (0..8)
            .map(|i| {
                let (path, gate) = (path.clone(), gate.clone());
                std::thread::spawn(move || {
                    gate.wait();
                    let mut s = SqliteStore::open(&path)
                        .unwrap_or_else(|e| panic!("round {round}, connection {i}: {e}"));
                    s.put_batch(
                        &[item(
                            &format!("dddd{i:012}"),
                            &format!("{i}.txt"),
                            &format!("Text {i}."),
                        )],
                        1,
                    )
                    .unwrap();
                })
            })
            .collect();
        for w in workers {
            w.join().unwrap();
        }
        assert_eq!(SqliteStore::open(&path).unwrap().count().unwrap(), 8);
    }
}

/// Without a server the PostgreSQL half is skipped, and a passing run's
/// output says so (the harness swallows `eprintln!` of a passing test).
/// Runs one two-backend test alone, in a child, with no server named.
#[test]
fn a_skipped_postgres_half_says_so_in_the_output_of_a_passing_run() {
    if std::env::var_os("PARALLAX_SKIP_PROBE").is_some() {
        return; // the inner run below
    }
    let out = std::process::Command::new(std::env::current_exe().unwrap())
        .args(["an_article_comes_back_as_it_went_in", "--exact"])
        .env("PARALLAX_SKIP_PROBE", "1")
        .env_remove("PARALLAX_TEST_POSTGRES")
        .env_remove("PARALLAX_REQUIRE_POSTGRES")
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
        all.contains("SKIPPED: the PostgreSQL half of the store tests"),
        "{all}"
    );
}

#[test]
fn an_articles_copy_group_is_numbered_by_its_first_member_on_every_backend() {
    for mut store in stores() {
        let batch: Vec<(RawArticle, Article)> = (0..5)
            .map(|i| item(&format!("c{i}"), &format!("c{i}.txt"), &format!("text {i}")))
            .collect();
        store.put_batch(&batch, 1).unwrap();
        let seq = |i: usize| store.seq_of(&batch[i].1.id).unwrap().unwrap();
        let (a, b, c, d, e) = (seq(0), seq(1), seq(2), seq(3), seq(4));
        store.begin_write().unwrap();
        // Two groups, then joined: the later group takes the earlier's number.
        store.join_copies_many(&[(c, d), (a, b), (d, b)]).unwrap();
        store.note_republication(e).unwrap();
        store.commit().unwrap();
        let mut got = store.copy_groups_of(&[e, d, c, b, a, 999]).unwrap();
        got.sort();
        assert_eq!(got, [(a, a), (b, a), (c, a), (d, a), (e, e)]);
        assert!(store.copy_groups_of(&[]).unwrap().is_empty());
    }
}

#[test]
fn search_ranks_by_bm25_a_rare_word_and_a_title_word_first_on_every_backend() {
    for mut store in stores() {
        // Eleven reports of a harbour, one of dredging alone.
        let mut batch: Vec<(RawArticle, Article)> = (0..11)
            .map(|i| {
                let text = format!(
                    "The harbour was busy. Harbour pilots and harbour crews worked the harbour all week, report {i}."
                );
                item(&format!("h{i:02}"), &format!("h{i}.txt"), &text)
            })
            .collect();
        batch.push(item(
            "d00",
            "d.txt",
            "Dredging of the channel will begin in spring, the engineers said in a long statement.",
        ));
        let out = store.put_batch(&batch, 1).unwrap();
        assert!(out.iter().all(|o| matches!(o, PutOutcome::Stored { .. })));
        let mut docs = Vec::new();
        for (_, a) in &batch {
            let seq = store.seq_of(&a.id).unwrap().unwrap();
            let title = if a.id.0 == "h03" { "Ferries" } else { "" };
            docs.push((seq, title, a.body.as_str()));
        }
        store.begin_write().unwrap();
        store.index_search(&docs).unwrap();
        store.commit().unwrap();
        let dredging = store.seq_of(&ArticleId("d00".into())).unwrap().unwrap();
        // The rare word outweighs a common one however often it is said.
        let hits = store.search("harbour dredging", 3).unwrap();
        assert_eq!(hits[0].0, dredging, "{hits:?}");
        assert!(hits.windows(2).all(|w| w[0].1 >= w[1].1), "{hits:?}");
        // A query word in a title counts for more than in a body: only
        // h03 has "ferries", in its title.
        let h03 = store.seq_of(&ArticleId("h03".into())).unwrap().unwrap();
        let hits = store.search("ferries harbour", 2).unwrap();
        assert_eq!(hits[0].0, h03, "{hits:?}");
        assert!(store.search("zebulon", 5).unwrap().is_empty());
        // Leaving out copy groups: h00-h05 are one group (numbered by
        // h00), the dredging report one of its own (numbered by itself).
        let seq = |id: &str| store.seq_of(&ArticleId(id.into())).unwrap().unwrap();
        store.begin_write().unwrap();
        for i in 1..6 {
            store
                .join_copies(seq("h00"), seq(&format!("h{i:02}")))
                .unwrap();
        }
        store.commit().unwrap();
        let all = store.search("harbour dredging", 20).unwrap();
        assert_eq!(all.len(), 12, "{all:?}");
        let rest = store
            .search_excluding("harbour dredging", 20, &[seq("h00"), dredging])
            .unwrap();
        let mut got: Vec<i64> = rest.iter().map(|h| h.0).collect();
        got.sort();
        let want: Vec<i64> = (6..11).map(|i| seq(&format!("h{i:02}"))).collect();
        assert_eq!(got, want, "{rest:?}");
        // What is left keeps its scores.
        let mut kept: Vec<(i64, f64)> = all
            .iter()
            .filter(|h| want.contains(&h.0))
            .copied()
            .collect();
        let mut rest = rest;
        kept.sort_by_key(|h| h.0);
        rest.sort_by_key(|h| h.0);
        for (r, k) in rest.iter().zip(&kept) {
            assert!((r.1 - k.1).abs() < 1e-6, "{rest:?} {kept:?}");
        }
        assert_eq!(
            store.search_excluding("harbour dredging", 3, &[]).unwrap(),
            store.search("harbour dredging", 3).unwrap()
        );
    }
}

#[test]
fn a_read_only_store_of_the_schema_before_cards_still_reads() {
    // A store last written by the build before cards (schema 7), on
    // read-only media: it cannot be brought up to date, and it still
    // lists cards, made from its articles.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v7.db");
    {
        let mut s = SqliteStore::open(&path).unwrap();
        let (raw, article) = item("dddd000000000001", "d.txt", "Some text.");
        s.put_batch(&[(raw, article)], 1).unwrap();
    }
    {
        let c = rusqlite::Connection::open(&path).unwrap();
        c.execute_batch(
            "ALTER TABLE articles DROP COLUMN card; PRAGMA user_version = 7; PRAGMA journal_mode = DELETE;",
        )
        .unwrap();
    }
    let s = SqliteStore::open_read_only(&path).unwrap();
    let a = s.article("dddd").unwrap();
    assert_eq!(
        s.article_cards(&[1]).unwrap(),
        vec![(1, parallax_model::ArticleCard::of(&a))]
    );
}

/// Upgrading to schema 11 repairs the events an earlier build left short
/// (an older event merged into a new one lost its count and dates): their
/// count and dates are read again from their members and their label is
/// left for a writer to fill in; sound events are not touched.
#[test]
fn the_upgrade_recounts_events_whose_count_disagrees_with_their_members() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v10.db");
    {
        let mut s = SqliteStore::open(&path).unwrap();
        let batch: Vec<(RawArticle, Article)> = (0..4)
            .map(|i| item(&format!("e{i}"), &format!("e{i}.txt"), &format!("text {i}")))
            .collect();
        s.put_batch(&batch, 1).unwrap();
        // Each article's date, as `item` makes it.
        let placed = |seq: i64, event: u32| parallax_store::Placed {
            seq,
            event,
            storyline: 0,
            published: Some("2021-02-03T04:05".into()),
            outlet: None,
            title: Some(format!("Title {seq}")),
            own_title: true,
        };
        s.begin_write().unwrap();
        s.place_articles(&[placed(1, 5), placed(2, 5), placed(3, 5), placed(4, 6)])
            .unwrap();
        s.commit().unwrap();
    }
    {
        // As the old build left it: event 5 says it has one undated
        // article.
        let c = rusqlite::Connection::open(&path).unwrap();
        c.execute_batch(
            "UPDATE events SET articles = 1, start = NULL, end = NULL WHERE id = 5;
             PRAGMA user_version = 10;",
        )
        .unwrap();
    }
    let s = SqliteStore::open(&path).unwrap();
    assert_eq!(s.schema_version().unwrap(), SCHEMA_VERSION);
    let five = s.event_row(5).unwrap().unwrap();
    assert_eq!(five.articles, 3);
    assert_eq!(
        (five.start.as_deref(), five.end.as_deref()),
        (Some("2021-02-03T04:05"), Some("2021-02-03T04:05"))
    );
    assert!(!five.summarized, "its label is filled in again");
    let six = s.event_row(6).unwrap().unwrap();
    assert_eq!(six.articles, 1);
    assert!(six.summarized, "a sound event keeps its summary");
}

/// Rows of a store that has grown past a thousand articles are packed
/// with a dictionary trained on its own rows, on both backends: later raw
/// rows are much smaller than the first ones, and every handle reads them
/// back as they went in, a reader opened before the dictionary existed
/// included.
#[test]
fn rows_packed_with_the_stores_own_dictionary_read_back_on_every_backend() {
    let dir = tempfile::tempdir().unwrap();
    let mut specs = vec![dir.path().join("dict.db").to_string_lossy().into_owned()];
    specs.extend(parallax_store::testing::fresh_postgres());
    let text = |i: usize| {
        format!(
            "The city council of Springfield voted {} to {} on Tuesday to close bridge \
             number {i} over the river, citing cracks, rust and a failed inspection. The \
             mayor said repairs would take {} months and cost {} million dollars, and that \
             ferries would run every {} minutes until the bridge reopens to traffic.",
            i % 9,
            i % 5,
            i % 13,
            i % 31,
            i % 17
        )
    };
    let findings = |i: usize| {
        format!(
            r#"{{"quotes":[{{"text":"Repairs will take {i} months","speaker":"the mayor"}}],"claims":[{{"value":{i},"unit":"months"}}]}}"#
        )
    };
    for spec in specs {
        let path = std::path::Path::new(&spec);
        let mut writer = Store::open(path).unwrap();
        let early_reader = Store::open(path).unwrap();
        let items: Vec<_> = (0..1200)
            .map(|i| item(&format!("{i:016x}"), "d.jsonl", &text(i)))
            .collect();
        for batch in items.chunks(100) {
            writer.put_batch(batch, 1).unwrap();
            let facts: Vec<_> = batch
                .iter()
                .enumerate()
                .map(|(k, (raw, _))| (raw.id.clone(), findings(k)))
                .collect();
            writer.begin_write().unwrap();
            writer.put_facts(&facts).unwrap();
            writer.commit().unwrap();
        }
        // The raw rows' stored sizes, before and after the dictionary.
        let sizes: Vec<(i64, i64)> = match &writer {
            Store::Sqlite(_) => {
                let c = rusqlite::Connection::open(path).unwrap();
                let kinds: i64 = c
                    .query_row("SELECT count(DISTINCT kind) FROM pack_dicts", [], |r| {
                        r.get(0)
                    })
                    .unwrap();
                assert_eq!(kinds, 2, "a dictionary for raw rows and one for findings");
                let mut st = c.prepare("SELECT seq, length(bytes) FROM raw").unwrap();
                let rows = st.query_map([], |r| Ok((r.get(0)?, r.get(1)?))).unwrap();
                rows.map(|r| r.unwrap()).collect()
            }
            Store::Postgres(_) => {
                let mut c = postgres::Client::connect(&spec, postgres::NoTls).unwrap();
                let kinds: i64 = c
                    .query_one("SELECT count(DISTINCT kind) FROM pack_dicts", &[])
                    .unwrap()
                    .get(0);
                assert_eq!(kinds, 2, "a dictionary for raw rows and one for findings");
                c.query("SELECT seq, length(bytes)::bigint FROM raw", &[])
                    .unwrap()
                    .iter()
                    .map(|r| (r.get(0), r.get(1)))
                    .collect()
            }
        };
        let mean = |keep: &dyn Fn(i64) -> bool| {
            let v: Vec<i64> = sizes.iter().filter(|r| keep(r.0)).map(|r| r.1).collect();
            v.iter().sum::<i64>() as f64 / v.len() as f64
        };
        let (before, after) = (mean(&|s| s <= 1000), mean(&|s| s > 1000));
        assert!(
            after < before * 0.7,
            "{spec}: {before:.0} -> {after:.0} bytes"
        );
        let late_reader = Store::open(path).unwrap();
        for reader in [&writer, &early_reader, &late_reader] {
            for i in [0usize, 999, 1000, 1199] {
                let (raw, article) = &items[i];
                assert_eq!(reader.article(raw.id.as_str()).unwrap(), *article);
                assert_eq!(reader.raw_bytes(&raw.id).unwrap(), raw.bytes);
                assert_eq!(
                    reader.facts_of(std::slice::from_ref(&raw.id)).unwrap(),
                    vec![(raw.id.clone(), findings(i % 100))]
                );
            }
        }
        if let Store::Sqlite(_) = writer {
            drop((writer, early_reader, late_reader));
            // Read-only media read the same.
            let ro = SqliteStore::open_read_only(path).unwrap();
            let (raw, article) = &items[1199];
            assert_eq!(ro.article(raw.id.as_str()).unwrap(), *article);
            // A store that has lost its dictionaries says which row it
            // cannot read, and why; rows packed before still read.
            let c = rusqlite::Connection::open(path).unwrap();
            c.execute("DELETE FROM pack_dicts", []).unwrap();
            drop(c);
            let s = SqliteStore::open(path).unwrap();
            assert_eq!(s.article(items[0].0.id.as_str()).unwrap(), items[0].1);
            let err = s.article(raw.id.as_str()).unwrap_err().to_string();
            assert!(
                err.contains(raw.id.as_str()) && err.contains("dictionary"),
                "{err}"
            );
        }
    }
}
