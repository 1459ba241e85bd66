//! Store behaviour: round trips, duplicates, id prefixes, and compatibility
//! with stores written by earlier versions.

// Tests panic on failure by design; helpers outside #[test] fns too.
#![allow(clippy::unwrap_used)]

use parallax_model::{
    Article, ArticleId, Given, OffsetMap, PubDate, RawArticle, SourceFormat, Spans,
};
use parallax_store::{ArticleStore, Error, PutOutcome, SqliteStore, SCHEMA_VERSION};

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
    let mut s = SqliteStore::open_in_memory().unwrap();
    let (raw, article) = item("aaaa000000000001", "a.txt", "Some text of an article.");
    assert_eq!(
        s.put_batch(&[(raw.clone(), article.clone())], 1).unwrap(),
        vec![PutOutcome::Stored]
    );
    assert_eq!(s.article("aaaa").unwrap(), article);
    assert_eq!(s.articles().unwrap(), vec![article]);
    assert_eq!(s.raw_bytes(&raw.id).unwrap(), raw.bytes);
    assert!(s.contains(&raw.id).unwrap());
}

#[test]
fn original_bytes_come_back_exactly_when_the_decoded_text_differs() {
    // The decoded text is packed in the bytes' frame: the bytes must still
    // come back to the byte, whatever the lengths.
    let mut s = SqliteStore::open_in_memory().unwrap();
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

#[test]
fn the_same_content_is_stored_once_even_within_one_batch() {
    let mut s = SqliteStore::open_in_memory().unwrap();
    let a = item("aaaa000000000001", "a.txt", "One.");
    let b = item("aaaa000000000001", "b.txt", "One.");
    let out = s.put_batch(&[a, b], 1).unwrap();
    assert_eq!(out[0], PutOutcome::Stored);
    assert_eq!(
        out[1],
        PutOutcome::Duplicate {
            first_source: "a.txt".into()
        }
    );
    assert_eq!(s.count().unwrap(), 1);
}

#[test]
fn id_prefixes_must_be_unambiguous_and_hex() {
    let mut s = SqliteStore::open_in_memory().unwrap();
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
}

#[test]
fn vectors_are_kept_in_half_precision_and_found_by_their_texts_hash() {
    let mut s = SqliteStore::open_in_memory().unwrap();
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
