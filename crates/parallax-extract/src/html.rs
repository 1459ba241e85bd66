//! Web pages: the main text comes from the `trafilatura` crate (a Rust
//! port of trafilatura); the page's own metadata is read here, and the text
//! then goes through the same news reading as a text file (credit lines,
//! datelines, captions, dates in the text).
//!
//! What is ours: the publication date from the page's signals ranked by
//! reliability, with the signal recorded as the date's evidence (JSON-LD
//! `datePublished`, then publication meta tags, then a `<time>` marked as
//! the publication time, then a date in the URL; "modified" and "updated"
//! signals are never publication dates), the outlet from `og:site_name`,
//! the canonical URL, the authors; and the news reading of the extracted
//! text. What is the crate's: finding the main text among navigation, ads,
//! related links and comments.
//!
//! Offsets: for a page, spans refer to the extracted text (the article's
//! `text` as the extract stage saw it), not to the HTML; the original bytes
//! are kept as read.

use parallax_model::{Article, Given, RawArticle, SourceFormat};
use parallax_text::squash_space;
use scraper::{Html, Selector};
use std::sync::LazyLock;

use crate::ExtractConfig;

/// What the page says about itself.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct PageMeta {
    pub title: Option<String>,
    pub site_name: Option<String>,
    /// The publication date as the page writes it, and the signal it came
    /// from.
    pub published: Option<(String, &'static str)>,
    pub url: Option<String>,
    pub authors: Vec<String>,
    /// Days the page says it was modified or updated (`YYYY-MM-DD`): never
    /// a publication date, whoever proposes them.
    pub modified: Vec<String>,
    /// What the page calls its headline: `og:title`, `<title>` and the
    /// `<h1>` elements' text, each at most once.
    pub headlines: Vec<String>,
}

fn selector(s: &str) -> Selector {
    Selector::parse(s).expect("valid selector")
}

fn clean(s: &str) -> Option<String> {
    let s = parallax_text::squash_space(s);
    (!s.is_empty()).then_some(s)
}

/// Publication meta tags, most reliable first: (attribute value, the
/// evidence recorded). Matched case-insensitively on `property`, `name` or
/// `itemprop`.
const DATE_METAS: &[(&str, &str)] = &[
    ("article:published_time", "meta article:published_time"),
    ("og:published_time", "meta og:published_time"),
    ("datepublished", "meta itemprop datePublished"),
    ("article.published", "meta article.published"),
    ("publication_date", "meta publication_date"),
    ("pubdate", "meta pubdate"),
    ("publishdate", "meta publishdate"),
    ("publish-date", "meta publish-date"),
    ("parsely-pub-date", "meta parsely-pub-date"),
    ("sailthru.date", "meta sailthru.date"),
    ("dc.date.issued", "meta DC.date.issued"),
    ("dcterms.issued", "meta dcterms.issued"),
    ("dcterms.created", "meta dcterms.created"),
    ("dc.date", "meta DC.date"),
    ("date", "meta date"),
];

/// `datePublished` anywhere in a JSON-LD value (objects, arrays, @graph).
fn json_ld_date(v: &serde_json::Value) -> Option<String> {
    match v {
        serde_json::Value::Object(m) => m
            .get("datePublished")
            .and_then(|d| d.as_str().map(str::to_string))
            .or_else(|| m.values().find_map(json_ld_date)),
        serde_json::Value::Array(a) => a.iter().find_map(json_ld_date),
        _ => None,
    }
}

/// A date in a URL path: `/2020/06/07/`, `/2020-06-07/`, `/20200607`.
fn url_date(url: &str) -> Option<String> {
    static RE: LazyLock<regex::Regex> = LazyLock::new(|| {
        regex::Regex::new(
            r"/((?:19|20)\d\d)[/-]?(0[1-9]|1[0-2])[/-]?(0[1-9]|[12]\d|3[01])(?:[/_.-]|$)",
        )
        .expect("valid regex")
    });
    let c = RE.captures(url)?;
    Some(format!("{}-{}-{}", &c[1], &c[2], &c[3]))
}

/// The page's metadata. `url` is where the page was fetched from, when
/// known (a WARC record's target, a feed item's link).
pub fn page_meta(doc: &Html, url: Option<&str>) -> PageMeta {
    let mut meta = PageMeta::default();
    let metas = selector("meta");
    let mut found: Vec<(usize, String)> = Vec::new();
    for m in doc.select(&metas) {
        let el = m.value();
        let key = el
            .attr("property")
            .or_else(|| el.attr("name"))
            .or_else(|| el.attr("itemprop"))
            .map(str::to_ascii_lowercase);
        let Some(key) = key else { continue };
        let Some(content) = el.attr("content").and_then(clean) else {
            continue;
        };
        match key.as_str() {
            "og:title" if meta.title.is_none() => meta.title = Some(content),
            "og:site_name" | "application-name" if meta.site_name.is_none() => {
                meta.site_name = Some(content)
            }
            "og:url" if meta.url.is_none() => meta.url = Some(content),
            "author" | "article:author" | "parsely-author" | "sailthru.author" => {
                if !content.starts_with("http") && !meta.authors.contains(&content) {
                    meta.authors.push(content);
                }
            }
            "article:modified_time"
            | "og:updated_time"
            | "datemodified"
            | "last-modified"
            | "dcterms.modified" => {
                meta.modified.extend(content.get(..10).map(str::to_string));
            }
            _ => {
                if let Some(rank) = DATE_METAS
                    .iter()
                    .position(|(k, e)| *k == key && !e.is_empty())
                {
                    found.push((rank, content));
                }
            }
        }
    }
    if let Some(href) = doc
        .select(&selector("link[rel=canonical]"))
        .find_map(|l| l.value().attr("href").and_then(clean))
    {
        meta.url = Some(href);
    }
    let page_title = doc
        .select(&selector("title"))
        .find_map(|t| clean(&t.text().collect::<String>()));
    let h1s: Vec<String> = doc
        .select(&selector("h1"))
        .filter_map(|h| clean(&h.text().collect::<String>()))
        .take(3)
        .collect();
    for h in meta
        .title
        .clone()
        .into_iter()
        .chain(page_title.clone())
        .chain(h1s)
    {
        if !meta.headlines.contains(&h) {
            meta.headlines.push(h);
        }
    }
    if meta.title.is_none() {
        meta.title = page_title;
    }
    // Ranked date signals.
    let json_ld = doc
        .select(&selector(r#"script[type="application/ld+json"]"#))
        .filter_map(|s| {
            serde_json::from_str::<serde_json::Value>(&s.text().collect::<String>()).ok()
        })
        .find_map(|v| json_ld_date(&v));
    meta.published = json_ld.map(|d| (d, "JSON-LD datePublished"));
    // One pass over the `<time>` elements: the first marked as published
    // (and not as updated), and every one marked as modified or updated.
    let mut time_published = None;
    for t in doc.select(&selector("time[datetime]")) {
        let el = t.value();
        let marks = [
            el.attr("itemprop"),
            el.attr("class"),
            el.attr("pubdate").map(|_| "pubdate"),
        ]
        .into_iter()
        .flatten()
        .map(str::to_ascii_lowercase)
        .collect::<Vec<_>>()
        .join(" ");
        let updated = marks.contains("modif")
            || marks.contains("updat")
            || t.text()
                .collect::<String>()
                .to_ascii_lowercase()
                .contains("updated");
        let Some(datetime) = el.attr("datetime").and_then(clean) else {
            continue;
        };
        if updated {
            meta.modified.extend(datetime.get(..10).map(str::to_string));
        } else if time_published.is_none()
            && (marks.contains("publish") || marks.contains("pubdate"))
        {
            time_published = Some(datetime);
        }
    }
    if meta.published.is_none() {
        found.sort_by_key(|(rank, _)| *rank);
        meta.published = found
            .into_iter()
            .next()
            .map(|(rank, d)| (d, DATE_METAS[rank].1));
    }
    if meta.published.is_none() {
        meta.published = time_published.map(|d| (d, "<time> marked as published"));
    }
    if meta.published.is_none() {
        meta.published = meta
            .url
            .as_deref()
            .or(url)
            .and_then(url_date)
            .map(|d| (d, "date in the URL"));
    }
    if meta.url.is_none() {
        meta.url = url.map(str::to_string);
    }
    meta
}

/// What an element does to the text around it.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Tag {
    /// Its content is no text (scripts, styles).
    Hidden,
    /// A paragraph, heading, list item, `<br>`...: a paragraph break.
    Block,
    /// A table cell: its words stand apart from the next cell's.
    Cell,
    /// Anything else (links, emphasis): words may run on across it.
    Inline,
}

fn tag(name: &str) -> Tag {
    match name {
        "script" | "style" | "noscript" => Tag::Hidden,
        "td" | "th" => Tag::Cell,
        "p" | "div" | "br" | "li" | "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "blockquote"
        | "pre" | "figure" | "figcaption" | "table" | "tr" | "section" | "article" | "ul"
        | "ol" | "dl" | "dt" | "dd" | "header" | "footer" => Tag::Block,
        _ => Tag::Inline,
    }
}

/// The text of an HTML fragment (the main text the trafilatura crate
/// returns as HTML, a feed item's content): blocks become paragraphs,
/// table cells words apart, scripts and styles dropped.
pub fn fragment_text(html: &str) -> String {
    use ego_tree::iter::Edge;
    use scraper::node::Node;
    let doc = Html::parse_fragment(html);
    let mut out = String::new();
    // What the element edges since the last text ask of the next text.
    let (mut pending_break, mut pending_space, mut inline_edge) = (false, false, false);
    let mut hidden = 0usize;
    for edge in doc.root_element().traverse() {
        let (node, open) = match edge {
            Edge::Open(n) => (n, true),
            Edge::Close(n) => (n, false),
        };
        match node.value() {
            Node::Element(el) => match tag(el.name()) {
                Tag::Hidden if open => hidden += 1,
                Tag::Hidden => hidden = hidden.saturating_sub(1),
                Tag::Block => pending_break = true,
                Tag::Cell => pending_space = true,
                Tag::Inline => inline_edge = true,
            },
            Node::Text(t) if open && hidden == 0 => {
                let words = squash_space(t);
                if words.is_empty() {
                    if !out.is_empty() && !out.ends_with([' ', '\n']) {
                        out.push(' ');
                    }
                    continue;
                }
                // The crate's serialized HTML drops the white space around
                // inline elements ("include:<em>Title</em>,"): words meeting
                // at an element's edge are taken as separate unless
                // punctuation binds them.
                let edge_space = inline_edge
                    && !out.ends_with([
                        '(', '[', '{', '"', '\u{201c}', '\u{2018}', '/', '-', '$', '#', '@',
                    ])
                    && !words.starts_with([
                        ',', '.', ';', ':', '!', '?', ')', ']', '}', '"', '\'', '\u{201d}',
                        '\u{2019}', '%', '/', '-',
                    ]);
                if pending_break && !out.is_empty() {
                    out.truncate(out.trim_end_matches(' ').len());
                    out.push_str("\n\n");
                } else if !out.is_empty()
                    && !out.ends_with([' ', '\n'])
                    && (pending_space || edge_space || t.starts_with(char::is_whitespace))
                {
                    out.push(' ');
                }
                (pending_break, pending_space, inline_edge) = (false, false, false);
                out.push_str(&words);
                if t.ends_with(char::is_whitespace) {
                    out.push(' ');
                }
            }
            _ => {}
        }
    }
    out.trim().to_string()
}

/// Puts back the paragraph breaks the crate loses when it falls back to
/// reading a whole container as one text (small pages, unusual markup):
/// wherever the text of one of the page's own blocks (a paragraph, a
/// heading, a list item) meets other text without white space, a break
/// goes in.
fn restore_breaks(text: &str, doc: &Html) -> String {
    static BLOCK: LazyLock<Selector> = LazyLock::new(|| {
        selector("p, h1, h2, h3, h4, h5, h6, li, blockquote, pre, figcaption, dt, dd")
    });
    let mut cuts = std::collections::BTreeSet::new();
    for el in doc.select(&BLOCK) {
        let block = squash_space(&el.text().collect::<String>());
        if block.len() < 8 {
            continue;
        }
        let mut from = 0;
        while let Some(i) = text[from..].find(&block) {
            let at = from + i;
            let end = at + block.len();
            if at > 0 && !text[..at].ends_with(char::is_whitespace) {
                cuts.insert(at);
            }
            if end < text.len() && !text[end..].starts_with(char::is_whitespace) {
                cuts.insert(end);
            }
            from = end;
        }
    }
    if cuts.is_empty() {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len() + 2 * cuts.len());
    let mut last = 0;
    for c in cuts {
        out.push_str(&text[last..c]);
        out.push_str("\n\n");
        last = c;
    }
    out.push_str(&text[last..]);
    out
}

/// The extract stage for a feed item: its markup read as an HTML fragment,
/// then the news reading of the text with what the feed gave.
pub fn extract_feed_item(raw: &RawArticle, cfg: &ExtractConfig) -> Article {
    let inner = RawArticle {
        id: raw.id.clone(),
        source: raw.source.clone(),
        format: SourceFormat::Text,
        bytes: Vec::new(),
        text: fragment_text(&raw.text),
        encoding: raw.encoding.clone(),
        given: raw.given.clone(),
    };
    let headlines: Vec<String> = raw.given.title.iter().cloned().collect();
    crate::read_text(
        &inner,
        cfg,
        crate::Origin::MainText {
            headlines: &headlines,
        },
    )
}

/// The extract stage for a web page: main text by trafilatura, metadata
/// from the page, then the news reading of the text.
pub fn extract_page(raw: &RawArticle, cfg: &ExtractConfig) -> Article {
    let doc = Html::parse_document(&raw.text);
    let meta = page_meta(&doc, raw.given.url.as_deref());
    let main = trafilatura::extract(&raw.text, &trafilatura::Options::default()).ok();
    let (text, crate_title, crate_site, crate_date) = match &main {
        // The crate's `content_text` runs paragraphs together when the
        // page has no white space between its blocks; its HTML does not.
        Some(r) => (
            restore_breaks(&fragment_text(&r.content_html), &doc),
            clean(&r.metadata.title),
            clean(&r.metadata.sitename),
            r.metadata.date.map(|d| d.format("%Y-%m-%d").to_string()),
        ),
        None => (String::new(), None, None, None),
    };
    // The page's own signals first, then a date given with the page (a
    // feed item's), then the crate's date heuristics (its port of
    // htmldate). A capture time (`given.fetched`) is never a publication
    // date.
    let (published, published_evidence) = match (&meta.published, &raw.given.published) {
        (Some((d, e)), _) => (Some(d.clone()), Some((*e).to_string())),
        (None, Some(g)) => (Some(g.clone()), raw.given.published_evidence.clone()),
        (None, None) => match crate_date.filter(|d| !meta.modified.contains(d)) {
            Some(d) => (Some(d), Some("trafilatura's date heuristics".to_string())),
            None => (None, None),
        },
    };
    let inner = RawArticle {
        id: raw.id.clone(),
        source: raw.source.clone(),
        format: SourceFormat::Text,
        bytes: Vec::new(),
        text,
        encoding: raw.encoding.clone(),
        given: Given {
            id: raw.given.id.clone(),
            title: raw
                .given
                .title
                .clone()
                .or(meta.title.clone())
                .or(crate_title),
            url: raw.given.url.clone().or(meta.url.clone()),
            outlet: raw
                .given
                .outlet
                .clone()
                .or(meta.site_name.clone())
                .or(crate_site),
            published,
            published_evidence,
            fetched: raw.given.fetched.clone(),
        },
    };
    let mut headlines = meta.headlines;
    headlines.extend(raw.given.title.clone());
    let mut article = crate::read_text(
        &inner,
        cfg,
        crate::Origin::MainText {
            headlines: &headlines,
        },
    );
    if article.byline.is_none() && !meta.authors.is_empty() {
        article.byline = Some(meta.authors.join(", "));
    }
    article
}

#[cfg(test)]
mod tests {
    use super::fragment_text;

    #[test]
    fn fragments_become_paragraphs() {
        assert_eq!(
            fragment_text(
                "<h1>Head</h1><p>One <b>bold</b> line.</p><script>x()</script><p>Two<br>three</p>"
            ),
            "Head\n\nOne bold line.\n\nTwo\n\nthree"
        );
        assert_eq!(fragment_text("plain &amp; simple"), "plain & simple");
    }
}
