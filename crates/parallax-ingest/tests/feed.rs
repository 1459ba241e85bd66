//! RSS 2.0, Atom and JSON Feed files read as articles.
#![allow(clippy::unwrap_used)]

use parallax_ingest::{feed, read_entries, Entry, SourceKind};
use parallax_model::{RawArticle, SourceFormat};

fn articles(name: &str, bytes: &[u8]) -> (Vec<RawArticle>, Vec<&'static str>) {
    let mut a = Vec::new();
    let mut passed = Vec::new();
    for e in read_entries(name, bytes, SourceKind::Sniff) {
        match e.unwrap() {
            Entry::Article(r) => a.push(*r),
            Entry::PassedOver { reason, .. } => passed.push(reason),
        }
    }
    (a, passed)
}

const RSS: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel><title>Valley Gazette</title><link>https://gazette.example/</link>
<item>
  <title>Council approves &lt;b&gt;new&lt;/b&gt; bridge</title>
  <link>https://gazette.example/bridge</link>
  <guid>bridge-1</guid>
  <pubDate>Tue, 03 Mar 2020 09:30:00 +0100</pubDate>
  <description>Short teaser.</description>
  <content:encoded><![CDATA[<p>The council approved the bridge on Monday.</p><p>Work starts in May, the mayor said.</p>]]></content:encoded>
</item>
<item>
  <title>Teaser only</title>
  <link>https://gazette.example/teaser</link>
  <description>Read more on our site.</description>
</item>
</channel></rss>"#;

#[test]
fn rss_items_with_text_become_articles_and_teasers_are_counted() {
    let (a, passed) = articles("g.rss", RSS.as_bytes());
    assert_eq!(passed, [feed::NO_TEXT]);
    assert_eq!(a.len(), 1);
    let a = &a[0];
    assert_eq!(a.format, SourceFormat::Feed);
    assert_eq!(a.source, "g.rss#1");
    assert_eq!(
        a.text,
        "<p>The council approved the bridge on Monday.</p><p>Work starts in May, the mayor said.</p>",
        "the item's markup, read by the extract stage"
    );
    assert_eq!(
        a.given.title.as_deref(),
        Some("Council approves new bridge")
    );
    assert_eq!(
        a.given.url.as_deref(),
        Some("https://gazette.example/bridge")
    );
    assert_eq!(a.given.outlet.as_deref(), Some("Valley Gazette"));
    assert_eq!(
        a.given.published.as_deref(),
        Some("2020-03-03T08:30:00+00:00")
    );
    assert_eq!(
        a.given.published_evidence.as_deref(),
        Some("feed item date")
    );
    assert!(
        String::from_utf8_lossy(&a.bytes).contains("<p>The council"),
        "original markup kept"
    );
}

#[test]
fn atom_and_json_feed() {
    let atom = r#"<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Harbour News</title><id>urn:h</id><updated>2021-05-02T10:00:00Z</updated>
<entry><title>Port strike ends</title><id>urn:h:1</id>
<link rel="alternate" href="https://harbour.example/strike"/>
<published>2021-05-01T08:00:00Z</published><updated>2021-05-02T10:00:00Z</updated>
<content type="html">&lt;p&gt;Dock workers returned on Saturday.&lt;/p&gt;</content></entry>
<entry><title>Only updated</title><id>urn:h:2</id><updated>2021-05-02T10:00:00Z</updated>
<content type="text">Ferries resumed their routes on Sunday morning.</content></entry>
</feed>"#;
    let (a, passed) = articles("h.atom", atom.as_bytes());
    assert!(passed.is_empty());
    assert_eq!(a.len(), 2);
    assert_eq!(a[0].text, "<p>Dock workers returned on Saturday.</p>");
    assert_eq!(
        a[0].given.published.as_deref(),
        Some("2021-05-01T08:00:00+00:00")
    );
    assert_eq!(
        a[1].given.published, None,
        "an updated time is no publication date"
    );
    assert_eq!(
        a[1].text, "<p>Ferries resumed their routes on Sunday morning.</p>",
        "plain text escaped into a paragraph"
    );

    let json = r#"{"version": "https://jsonfeed.org/version/1.1", "title": "Plains Post",
      "items": [{"id": "1", "url": "https://plains.example/rain", "title": "Rain returns",
                 "content_html": "<p>Rain fell for the first time in months.</p>",
                 "date_published": "2022-07-04T12:00:00Z"}]}"#;
    let (a, _) = articles("feed.json", json.as_bytes());
    assert_eq!(a.len(), 1);
    assert_eq!(a[0].text, "<p>Rain fell for the first time in months.</p>");
    assert_eq!(
        a[0].given.url.as_deref(),
        Some("https://plains.example/rain")
    );
}

#[test]
fn a_broken_feed_is_a_clear_error() {
    let got: Vec<_> = read_entries("bad.rss", b"<rss><channel><item>", SourceKind::Feed).collect();
    assert_eq!(got.len(), 1);
    let msg = got[0].as_ref().unwrap_err().to_string();
    assert!(msg.starts_with("bad.rss: not a feed: "), "{msg}");
}
