//! Feeds (RSS 0.9x/1.0/2.0, Atom, JSON Feed), parsed by `feed-rs`: each
//! item with article text becomes an article; an item that only links to
//! its page is passed over here and fetched by `parallax watch`.

use parallax_model::{Given, RawArticle, SourceFormat};

use crate::{content_id, Entry, Problem};

/// Why a feed item was passed over; counted in the ingest report.
pub const NO_TEXT: &str =
    "feed items with no article text (a link and a summary only; `parallax watch` fetches their pages)";

/// A summary shorter than this is a teaser, not the article.
const MIN_SUMMARY_WORDS: usize = 60;

/// One item of a feed, as `parallax watch` needs it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FeedItem {
    pub id: String,
    pub title: Option<String>,
    /// The item's page.
    pub link: Option<String>,
    /// RFC 3339, when the item says when it was published.
    pub published: Option<String>,
}

/// A parsed feed: its title and items, in feed order.
#[derive(Debug)]
pub struct Feed {
    pub title: Option<String>,
    items: Vec<feed_rs::model::Entry>,
}

/// Parses a feed document.
pub fn parse(bytes: &[u8]) -> Result<Feed, Problem> {
    let feed = feed_rs::parser::parse(bytes).map_err(|e| Problem::Feed(e.to_string()))?;
    Ok(Feed {
        title: feed
            .title
            .map(|t| t.content)
            .filter(|t| !t.trim().is_empty()),
        items: feed.entries,
    })
}

impl Feed {
    /// The items' ids, links, titles (as text) and dates.
    pub fn items(&self) -> Vec<FeedItem> {
        self.items
            .iter()
            .map(|e| FeedItem {
                id: e.id.clone(),
                title: title(e),
                link: link(e),
                published: e.published.map(|d| d.to_rfc3339()),
            })
            .collect()
    }

    /// Item `index` (from 0) as an article, or passed over when it has no
    /// text; its source is `name#N`, N counted from 1.
    pub fn entry(&self, name: &str, index: usize) -> Option<Entry> {
        let e = self.items.get(index)?;
        Some(item_entry(
            format!("{name}#{}", index + 1),
            self.title.as_deref(),
            e,
        ))
    }

    /// Every item as an article or passed over, in feed order.
    pub fn entries(&self, name: &str) -> Vec<Entry> {
        (0..self.items.len())
            .filter_map(|i| self.entry(name, i))
            .collect()
    }
}

/// The item's title as text: feeds put markup and entities in titles.
fn title(e: &feed_rs::model::Entry) -> Option<String> {
    let t = e.title.as_ref()?;
    let doc = scraper::Html::parse_fragment(&t.content);
    let text: String = doc.root_element().text().collect();
    Some(text.split_whitespace().collect::<Vec<_>>().join(" ")).filter(|t| !t.is_empty())
}

/// The item's page: its `alternate` link, else its first.
fn link(e: &feed_rs::model::Entry) -> Option<String> {
    e.links
        .iter()
        .find(|l| l.rel.as_deref().is_none_or(|r| r == "alternate"))
        .or(e.links.first())
        .map(|l| l.href.trim().to_string())
        .filter(|h| !h.is_empty())
}

fn item_entry(source: String, feed_title: Option<&str>, e: &feed_rs::model::Entry) -> Entry {
    let content = e
        .content
        .as_ref()
        .and_then(|c| Some((c.body.as_deref()?, c.content_type.to_string())));
    let summary = e
        .summary
        .as_ref()
        .map(|t| (t.content.as_str(), t.content_type.to_string()));
    // The item's markup is kept as the article's text (the extract stage
    // reads it as an HTML fragment); plain text is escaped into paragraphs.
    let pick = |(body, ty): (&str, String)| {
        if ty.contains("html") || body.contains('<') {
            body.to_string()
        } else {
            let escaped = body
                .replace('&', "&amp;")
                .replace('<', "&lt;")
                .replace('>', "&gt;");
            format!("<p>{}</p>", escaped.trim().replace("\n\n", "</p><p>"))
        }
    };
    let words = |html: &str| {
        // Tags are not words: a rough count is enough for a threshold.
        let mut n = 0;
        let mut in_tag = false;
        let mut in_word = false;
        for c in html.chars() {
            match c {
                '<' => in_tag = true,
                '>' => in_tag = false,
                c if !in_tag && c.is_alphanumeric() => {
                    if !in_word {
                        n += 1;
                    }
                    in_word = true;
                    continue;
                }
                _ => {}
            }
            in_word = false;
        }
        n
    };
    let chosen = content
        .map(pick)
        .filter(|t| words(t) > 0)
        .or_else(|| summary.map(pick).filter(|t| words(t) >= MIN_SUMMARY_WORDS));
    let Some(text) = chosen else {
        return Entry::PassedOver {
            source,
            reason: NO_TEXT,
        };
    };
    Entry::Article(Box::new(RawArticle {
        id: content_id(text.as_bytes()),
        source,
        format: SourceFormat::Feed,
        bytes: text.clone().into_bytes(),
        text,
        encoding: None,
        given: Given {
            id: Some(e.id.clone()).filter(|i| !i.is_empty()),
            title: title(e),
            url: link(e),
            outlet: feed_title.map(str::to_string),
            published: e.published.map(|d| d.to_rfc3339()),
            published_evidence: e.published.map(|_| "feed item date".to_string()),
            fetched: None,
            redirected_from: Vec::new(),
        },
    }))
}
