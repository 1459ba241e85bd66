//! Web pages: parsed once by [`crate::dom`]; the main text by
//! [`crate::maintext`]; the page's own metadata read here; then the text
//! goes through the same news reading as a text file (credit lines,
//! datelines, captions, dates in the text).
//!
//! All of it is parallax's own: the publication date from the page's
//! signals ranked by reliability, with the signal recorded as the date's
//! evidence (JSON-LD `datePublished`, then publication meta tags, then a
//! `<time>` marked as the publication time, then a date in the URL, then
//! the first unmarked `<time>`; a UTC stamp near midnight on the day the
//! page prints; then the date heuristics of [`crate::pagedate`], whose
//! last resort is the first date line the page prints; "modified" and
//! "updated" signals and lines are never publication dates; JSON-LD that
//! is not valid JSON still gives its date), the page's headlines (to tell
//! its headline from a lead-in), the outlet from `og:site_name` or the
//! JSON-LD publisher, the canonical URL, the authors.
//!
//! Offsets: for a page, spans refer to the extracted text (the article's
//! `text` as the extract stage saw it), not to the HTML; the original bytes
//! are kept as read.

use parallax_model::{
    Article, Given, OutletSource, PubDate, RawArticle, SourceFormat, TitleSource,
};
use parallax_text::contains_ci;
use std::sync::LazyLock;

use crate::dom::Dom;
use crate::ExtractConfig;
use crate::{folded, word_list, word_overlap};

/// What the page says about itself.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct PageMeta {
    pub title: Option<String>,
    pub site_name: Option<String>,
    /// The publication date from the page's structured signals, the first
    /// that reads as a date.
    pub published: Option<Stamp>,
    pub url: Option<String>,
    pub authors: Vec<String>,
    /// Days the page says it was modified or updated: never a publication
    /// date, whoever proposes them.
    pub modified: Vec<time::Date>,
    /// What the page calls its headline: `og:title`, `<title>` and the
    /// `<h1>` elements' text, each at most once.
    pub headlines: Vec<String>,
    /// The date in the page's URL (canonical, else where it was fetched),
    /// a day without a time.
    pub url_day: Option<PubDate>,
    /// The article's text as the page states it in JSON-LD (the longest
    /// `articleBody`, else an article's longest `description`), which the
    /// main text is checked against.
    pub structured_body: Option<String>,
}

/// A date from a page's structured signal (JSON-LD, a meta tag, a
/// `<time>` element, the URL).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stamp {
    pub date: PubDate,
    /// Written as UTC (`Z`, `+00:00`): its day may not be the day the
    /// outlet printed, which is local.
    pub utc: bool,
    pub evidence: &'static str,
}

/// Reads a machine-written date: ISO 8601 extended or basic
/// (`2020-09-24T15:04:34Z`, `20200924T150434Z`, `2022-1-26`, `20231102`),
/// else the first full date a person would write (`Tue Jul 30 09:35:14
/// CEST 2019`). With whether it is written as UTC.
pub fn structured_date(s: &str) -> Option<(PubDate, bool)> {
    static ISO: LazyLock<regex::Regex> = LazyLock::new(|| {
        regex::Regex::new(
            r"^\s*(\d{4})(?:-(\d{1,2})-(\d{1,2})|(\d{2})(\d{2}))(?:[T ](\d{1,2}):?(\d{2})(?::?(\d{1,2})(?:[.,]\d+)?)?\s*(Z|[+-]\d{2}:?\d{2}|UTC|GMT)?)?\s*$",
        )
        .expect("valid regex")
    });
    if let Some(c) = ISO.captures(s) {
        let num = |i: usize| c.get(i).and_then(|m| m.as_str().parse::<u8>().ok());
        let year: i32 = c[1].parse().ok()?;
        let (month, day) = match (num(2), num(3)) {
            (Some(m), Some(d)) => (m, d),
            _ => (num(4)?, num(5)?),
        };
        let date =
            time::Date::from_calendar_date(year, time::Month::try_from(month).ok()?, day).ok()?;
        let time = match (num(6), num(7)) {
            (Some(h), Some(m)) if h < 24 && m < 60 => Some((h, m)),
            _ => None,
        };
        let utc = c.get(9).is_some_and(|z| {
            matches!(
                z.as_str(),
                "Z" | "UTC" | "GMT" | "+00:00" | "+0000" | "-00:00"
            )
        });
        return Some((PubDate { date, time }, utc && time.is_some()));
    }
    // "Tue Jul 30 09:35:14 CEST 2019" (Unix `date`): the year comes last,
    // after the time and the zone.
    static UNIX: LazyLock<regex::Regex> = LazyLock::new(|| {
        regex::Regex::new(r"^(?:\w{3}\s+)?(\w{3})\s+(\d{1,2})\s+[\d:]+\s+\w+\s+(\d{4})$")
            .expect("valid regex")
    });
    let unix = |c: regex::Captures<'_>| {
        let date = time::Date::from_calendar_date(
            c[3].parse().ok()?,
            crate::dates::month_of(&c[1])?,
            c[2].parse().ok()?,
        )
        .ok()?;
        Some(PubDate { date, time: None })
    };
    crate::dates::find_dates(s)
        .first()
        .map(|f| f.date)
        .or_else(|| UNIX.captures(s.trim()).and_then(unix))
        .map(|d| (d, false))
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
    ("published-date", "meta published-date"),
    ("published_date", "meta published_date"),
    ("publication-date", "meta publication-date"),
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

/// What a JSON-LD value states of an article's text: the longest
/// `articleBody` anywhere in it, and the longest `description` of an
/// article (`@type` `NewsArticle`, `BlogPosting`, ...), which some pages
/// fill with the whole text instead.
#[derive(Default)]
struct StatedBody {
    body: Option<String>,
    description: Option<String>,
}

fn keep_longest(out: &mut Option<String>, b: &str) {
    if out.as_ref().is_none_or(|o| o.len() < b.len()) {
        *out = Some(b.to_string());
    }
}

fn json_ld_body(v: &serde_json::Value, out: &mut StatedBody) {
    match v {
        serde_json::Value::Object(m) => {
            let is_article = |t: &serde_json::Value| {
                let named = |s: &str| s.contains("Article") || s.contains("Posting");
                match t {
                    serde_json::Value::String(s) => named(s),
                    serde_json::Value::Array(a) => a.iter().any(|t| t.as_str().is_some_and(named)),
                    _ => false,
                }
            };
            if let Some(b) = m.get("articleBody").and_then(|b| b.as_str()) {
                keep_longest(&mut out.body, b);
            }
            if m.get("@type").is_some_and(is_article) {
                if let Some(d) = m.get("description").and_then(|d| d.as_str()) {
                    keep_longest(&mut out.description, d);
                }
            }
            m.values().for_each(|v| json_ld_body(v, out));
        }
        serde_json::Value::Array(a) => a.iter().for_each(|v| json_ld_body(v, out)),
        _ => {}
    }
}

/// Every `dateModified` in a JSON-LD value: days the page was changed,
/// which are never its publication date.
fn json_ld_modified(v: &serde_json::Value, out: &mut Vec<time::Date>) {
    match v {
        serde_json::Value::Object(m) => {
            for (k, v) in m {
                match v.as_str() {
                    Some(d) if k == "dateModified" => {
                        out.extend(structured_date(d).map(|(d, _)| d.date))
                    }
                    _ => json_ld_modified(v, out),
                }
            }
        }
        serde_json::Value::Array(a) => a.iter().for_each(|v| json_ld_modified(v, out)),
        _ => {}
    }
}

/// The `author`s of a JSON-LD value, in order, as written: a string, an
/// object's `name`, or a list of either.
fn json_ld_authors(v: &serde_json::Value, out: &mut Vec<String>) {
    fn names(a: &serde_json::Value, out: &mut Vec<String>) {
        match a {
            serde_json::Value::String(s) => out.push(s.clone()),
            serde_json::Value::Object(m) => {
                out.extend(m.get("name").and_then(|n| n.as_str()).map(str::to_string))
            }
            serde_json::Value::Array(a) => a.iter().for_each(|v| names(v, out)),
            _ => {}
        }
    }
    match v {
        serde_json::Value::Object(m) => {
            for (k, v) in m {
                if k == "author" {
                    names(v, out);
                } else {
                    json_ld_authors(v, out);
                }
            }
        }
        serde_json::Value::Array(a) => a.iter().for_each(|v| json_ld_authors(v, out)),
        _ => {}
    }
}

/// The authors a page's JSON-LD names, as a byline would: "By " dropped,
/// each once, without the site itself ("CBS News" on CBS News, an
/// organisation author standing for the outlet), addresses and account
/// names such as "admin".
fn stated_authors(names: Vec<String>, site: Option<&str>, host: Option<&str>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for name in names {
        let Some(name) = clean(&name) else { continue };
        let name = match name.get(..3) {
            Some(by) if by.eq_ignore_ascii_case("by ") => name[3..].trim().to_string(),
            _ => name,
        };
        let junk = name.is_empty()
            || name.starts_with("http")
            || ["admin", "administrator", "editor", "webmaster"]
                .iter()
                .any(|j| name.eq_ignore_ascii_case(j))
            || names_site(&name, site, host);
        if !junk && !out.contains(&name) {
            out.push(name);
        }
    }
    out
}

/// The `name` of the first `publisher` in a JSON-LD value: the outlet,
/// for pages that do not name themselves in `og:site_name`.
fn json_ld_publisher(v: &serde_json::Value) -> Option<String> {
    match v {
        serde_json::Value::Object(m) => m
            .get("publisher")
            .and_then(|p| match p {
                serde_json::Value::Array(a) => a.first(),
                p => Some(p),
            })
            .and_then(|p| p.get("name"))
            .and_then(|n| n.as_str().map(str::to_string))
            .or_else(|| m.values().find_map(json_ld_publisher)),
        serde_json::Value::Array(a) => a.iter().find_map(json_ld_publisher),
        _ => None,
    }
}

/// `datePublished` in JSON-LD that does not parse as JSON: pages often
/// paste the article body into it with raw line breaks or stray quotes,
/// which a strict parser rejects while the date itself is intact.
fn loose_json_ld_date(text: &str) -> Option<String> {
    static RE: LazyLock<regex::Regex> = LazyLock::new(|| {
        regex::Regex::new(r#""datePublished"\s*:\s*"([^"\n]{6,60})""#).expect("valid regex")
    });
    Some(RE.captures(text)?[1].to_string())
}

/// A date in a URL path: `/2020/06/07/`, `/2020-06-07/`, `/20200607`,
/// or day first with dashes, `/07-06-2020`.
pub(crate) fn url_date(url: &str) -> Option<time::Date> {
    static RE: LazyLock<regex::Regex> = LazyLock::new(|| {
        regex::Regex::new(
            r"/(?:((?:19|20)\d\d)[/-]?(0[1-9]|1[0-2])[/-]?(0[1-9]|[12]\d|3[01])|(0[1-9]|[12]\d|3[01])-(0[1-9]|1[0-2])-((?:19|20)\d\d))(?:[/_.-]|$)",
        )
        .expect("valid regex")
    });
    let c = RE.captures(url)?;
    let part = |a: usize, b: usize| c.get(a).or(c.get(b)).map_or("", |m| m.as_str());
    crate::dates::ymd(part(1, 6), part(2, 5), part(3, 4))
}

/// The site of an address: its host, lower case, without `www.` (the
/// scheme may be left out). The evaluations split labeled pages by it.
pub fn site_of(url: &str) -> Option<String> {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let host = rest
        .split(['/', '?', '#', ':'])
        .next()?
        .to_ascii_lowercase();
    let host = host.strip_prefix("www.").unwrap_or(&host).to_string();
    (!host.is_empty()).then_some(host)
}

/// The host a page's address names, when it is a domain (a relative
/// canonical link such as "/agency" names none).
pub(crate) fn host_of(url: &str) -> Option<String> {
    site_of(url).filter(|h| h.contains('.'))
}

/// The outlet as a reader would name it, from what the page calls its
/// site: an address is named by its host; a name with a tagline or a
/// menu after a separator ("Example | Nigeria's popular news platform",
/// "Autoracing | F1 | Indy") by its first part; a bare lower-case label
/// of the host ("nj" on `nj.com`) by the host.
fn outlet_name(name: String, host: Option<&str>) -> String {
    if name.starts_with("http://") || name.starts_with("https://") {
        return host_of(&name)
            .or_else(|| host.map(str::to_string))
            .unwrap_or(name);
    }
    let parts = title_parts(&name);
    let first = name[parts[0].0..parts[0].1].trim();
    let name = if parts.len() > 1 && first.chars().filter(|c| c.is_alphanumeric()).count() >= 2 {
        first.to_string()
    } else {
        name
    };
    let bare = name
        .chars()
        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit());
    match host {
        Some(h) if bare && h.split('.').next() == Some(name.as_str()) => h.to_string(),
        _ => name,
    }
}

/// What joins a page title's parts, with white space on both sides:
/// "Headline | Site", "Site - Headline", "Headline — Section — Site".
const TITLE_SEPARATORS: [char; 9] = [
    '|', '-', '\u{2013}', '\u{2014}', '\u{2022}', '\u{b7}', '\u{bb}', '~', ':',
];

/// The byte ranges of a title's parts, cut at each separator that stands
/// between white space (a no-break space too): "Self-host | Example"
/// has two parts, "Self-host" one. A colon cuts only doubled ("::").
fn title_parts(title: &str) -> Vec<(usize, usize)> {
    // A title is a line; a page stating megabytes as one is cut at nothing.
    if title.len() > 2_000 {
        return vec![(0, title.len())];
    }
    let chars: Vec<(usize, char)> = title.char_indices().collect();
    let mut parts = Vec::new();
    let mut start = 0;
    let mut i = 1;
    while i + 1 < chars.len() {
        let (at, c) = chars[i];
        let doubled = c == ':' && chars.get(i + 1).is_some_and(|&(_, n)| n == ':');
        let width = if doubled { 2 } else { 1 };
        let separator = TITLE_SEPARATORS.contains(&c) && (c != ':' || doubled);
        let spaced = chars[i - 1].1.is_whitespace()
            && chars
                .get(i + width)
                .is_some_and(|&(_, n)| n.is_whitespace());
        if separator && spaced && at > start {
            parts.push((start, chars[i - 1].0));
            start = chars[i + width].0;
            i += width + 1;
            continue;
        }
        i += 1;
    }
    parts.push((start, title.len()));
    parts
}

/// Whether a part of a title names the site rather than the article: it
/// is the site's stated name, a run of its words or its words with more
/// ("Soliant" for "Soliant Health", "Intuit TurboTax Blog" for "Blog"),
/// or the site's address or one of its host's names ("Tastewise" on
/// `tastewise.io`). Only short parts: a headline that names its own site
/// ("Example buys a rival") stays a headline.
fn names_site(part: &str, site: Option<&str>, host: Option<&str>) -> bool {
    let words = parallax_text::word_count(part);
    let a: String = folded(part).collect();
    if a.is_empty() || words > 5 {
        return false;
    }
    if let Some(site) = site {
        let (p, s) = (word_list(part), word_list(site));
        let run = |long: &[String], short: &[String]| {
            !short.is_empty() && long.windows(short.len()).any(|w| w == short)
        };
        // The site's words with two more at most: "Intuit TurboTax Blog"
        // names "Blog", "Reuters poll shows gains" does not name Reuters.
        if a.chars().eq(folded(site)) || run(&s, &p) || (p.len() <= s.len() + 2 && run(&p, &s)) {
            return true;
        }
    }
    let Some(host) = host else { return false };
    if a.chars().eq(folded(host)) {
        return true;
    }
    let labels: Vec<&str> = host.split('.').collect();
    labels[..labels.len().saturating_sub(1)]
        .iter()
        .map(|l| folded(l).collect::<String>())
        .filter(|l| l.len() >= 4)
        .any(|l| a == l || (words <= 2 && a.starts_with(&l)))
}

/// A page title without the site's name at either end: "Jam Recipe |
/// The Kitchen" -> "Jam Recipe"; the middle parts stay ("Movers in NYC |
/// Top 19 Companies | Example" keeps two). A title that is all site
/// names stays whole.
fn strip_site<'t>(title: &'t str, site: Option<&str>, host: Option<&str>) -> &'t str {
    // A site name with a separator of its own ("Example Meals | Fresh
    // Meal Plans") goes whole first.
    let title = match site.filter(|s| title_parts(s).len() > 1) {
        Some(s) if title.len() > s.len() && title.ends_with(s) => {
            let rest = &title[..title.len() - s.len()];
            let cut =
                rest.trim_end_matches(|c: char| c.is_whitespace() || TITLE_SEPARATORS.contains(&c));
            if cut.len() < rest.len() && !cut.is_empty() {
                cut
            } else {
                title
            }
        }
        _ => title,
    };
    let parts = title_parts(title);
    if parts.len() < 2 {
        return title;
    }
    let site_part = |&(a, b): &(usize, usize)| names_site(&title[a..b], site, host);
    let first = parts.iter().position(|p| !site_part(p));
    let last = parts.iter().rposition(|p| !site_part(p));
    match (first, last) {
        (Some(f), Some(l)) => title[parts[f].0..parts[l].1].trim(),
        _ => title,
    }
}

/// Whether a printed headline and a stated title tell one story: half
/// the headline's words are the title's, and they are a quarter of the
/// title's words, so that a masthead in an `<h1>` ("The Example-Review
/// Newspaper") is no version of "Story ... | The Example-Review".
fn versions(headline: &str, title: &str) -> bool {
    let (shared, h, t) = word_overlap(headline, title);
    h > 0 && shared * 2 >= h && shared * 4 >= t
}

/// The article's headline as the page prints it: the first of its first
/// three `<h1>`s that reads as a version of the title the page states
/// (`og:title` or `<title>`, see [`versions`]) and is not the site's
/// name; else the stated title without the site's name. Pages state a title for sharing and
/// search ("Nutritionists Explain the Biggest Diet Trends of 2025 |
/// Example") and print the headline a reader sees ("The 7 Biggest Diet
/// and Nutrition Trends in 2025, According to Nutritionists"). A page
/// that states no title gets none here: the text's headline line is
/// found later, as in a text file.
fn page_headline(
    og_title: Option<&str>,
    page_title: Option<&str>,
    h1s: &[String],
    site: Option<&str>,
    host: Option<&str>,
) -> Option<String> {
    let stated: Vec<&str> = [og_title, page_title]
        .into_iter()
        .flatten()
        .map(|t| strip_site(t, site, host))
        .collect();
    let first = *stated.first()?;
    let printed = h1s.iter().find(|h| {
        parallax_text::word_count(h) <= 40
            && !names_site(h, site, host)
            && stated.iter().any(|t| versions(h, t))
    });
    Some(printed.map_or_else(|| first.to_string(), String::clone))
}

/// The page's metadata. `url` is where the page was fetched from, when
/// known (a WARC record's target, a feed item's link).
pub fn page_meta(doc: &Dom<'_>, url: Option<&str>) -> PageMeta {
    let mut meta = PageMeta::default();
    let mut og_title = None;
    let mut found: Vec<(usize, String)> = Vec::new();
    for m in doc.elements("meta") {
        let Some(el) = doc.element(m) else { continue };
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
            "og:title" if og_title.is_none() => og_title = Some(content),
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
                meta.modified
                    .extend(structured_date(&content).map(|(d, _)| d.date));
            }
            _ => {
                if let Some(rank) = DATE_METAS.iter().position(|(k, _)| *k == key) {
                    found.push((rank, content));
                }
            }
        }
    }
    if let Some(href) = doc
        .elements("link")
        .filter(|&l| {
            doc.attr(l, "rel")
                .is_some_and(|r| r.eq_ignore_ascii_case("canonical"))
        })
        .find_map(|l| doc.attr(l, "href").and_then(clean))
    {
        meta.url = Some(href);
    }
    let page_title = doc.elements("title").find_map(|t| clean(&doc.text(t)));
    let h1s: Vec<String> = doc
        .elements("h1")
        .filter_map(|h| clean(&doc.text(h)))
        .take(3)
        .collect();
    for h in og_title.iter().chain(&page_title).chain(&h1s) {
        if !meta.headlines.contains(h) {
            meta.headlines.push(h.clone());
        }
    }
    // Ranked date signals.
    let mut json_ld = None;
    let mut publisher = None;
    let mut ld_authors = Vec::new();
    let mut stated = StatedBody::default();
    for s in doc
        .elements("script")
        .filter(|&s| doc.attr(s, "type") == Some("application/ld+json"))
    {
        let text = doc.text(s);
        match serde_json::from_str::<serde_json::Value>(&text) {
            Ok(v) => {
                json_ld = json_ld.or_else(|| json_ld_date(&v));
                publisher = publisher.or_else(|| json_ld_publisher(&v));
                json_ld_authors(&v, &mut ld_authors);
                json_ld_modified(&v, &mut meta.modified);
                json_ld_body(&v, &mut stated);
            }
            Err(_) => json_ld = json_ld.or_else(|| loose_json_ld_date(&text)),
        }
    }
    if meta.site_name.is_none() {
        meta.site_name = publisher.as_deref().and_then(clean);
    }
    let host = meta.url.as_deref().or(url).and_then(host_of);
    meta.site_name = meta
        .site_name
        .take()
        .map(|name| outlet_name(name, host.as_deref()));
    // Authors from JSON-LD where the meta tags name none.
    if meta.authors.is_empty() {
        meta.authors = stated_authors(ld_authors, meta.site_name.as_deref(), host.as_deref());
    }
    meta.title = page_headline(
        og_title.as_deref(),
        page_title.as_deref(),
        &h1s,
        meta.site_name.as_deref(),
        host.as_deref(),
    );
    meta.structured_body = stated.body.or(stated.description);
    let stamp = |s: &str, evidence: &'static str| {
        structured_date(s).map(|(date, utc)| Stamp {
            date,
            utc,
            evidence,
        })
    };
    meta.published = json_ld.and_then(|d| stamp(&d, "JSON-LD datePublished"));
    // One pass over the `<time>` elements: the first marked as published
    // (and not as updated), and every one marked as modified or updated.
    let mut time_published = None;
    let mut time_first: Option<String> = None;
    for t in doc.elements("time") {
        let Some(el) = doc.element(t) else { continue };
        if el.attr("datetime").is_none() {
            continue;
        }
        let marks = [
            el.attr("itemprop"),
            el.attr("class"),
            el.attr("pubdate").map(|_| "pubdate"),
        ];
        let marked = |w: &str| marks.iter().flatten().any(|m| contains_ci(m, w));
        let updated = marked("modif") || marked("updat") || contains_ci(&doc.text(t), "updated");
        let Some(datetime) = el.attr("datetime").and_then(clean) else {
            continue;
        };
        if updated {
            meta.modified
                .extend(structured_date(&datetime).map(|(d, _)| d.date));
        } else if time_published.is_none() && (marked("publish") || marked("pubdate")) {
            time_published = Some(datetime);
        } else if time_first.is_none() {
            time_first = Some(datetime);
        }
    }
    // The first signal, by rank, that reads as a date.
    found.sort_by_key(|(rank, _)| *rank);
    meta.url_day = meta
        .url
        .as_deref()
        .or(url)
        .and_then(url_date)
        .map(PubDate::day);
    meta.published = meta
        .published
        .or_else(|| {
            found
                .iter()
                .find_map(|(rank, d)| stamp(d, DATE_METAS[*rank].1))
        })
        .or_else(|| {
            time_published
                .as_deref()
                .and_then(|d| stamp(d, "<time> marked as published"))
        })
        .or_else(|| {
            meta.url_day.map(|date| Stamp {
                date,
                utc: false,
                evidence: "date in the URL",
            })
        })
        .or_else(|| {
            // A page that marks none of its `<time>` elements: the first,
            // which is the article's own more often than a sidebar's.
            time_first
                .as_deref()
                .and_then(|d| stamp(d, "the first <time> in the page"))
        });
    // A page changed on the day it was published was still published that
    // day: its modification stamp (often the same instant) does not rule
    // the day out for the heuristics that place it.
    if let Some(published) = meta.published {
        meta.modified.retain(|&d| d != published.date.date);
    }
    if meta.url.is_none() {
        meta.url = url.map(str::to_string);
    }
    meta
}

/// The text of an HTML fragment (a feed item's content): blocks become
/// paragraphs, table cells words apart, scripts and styles dropped. The
/// same writer as a page's main text, over the whole fragment.
pub fn fragment_text(html: &str) -> String {
    crate::maintext::write_text(&Dom::parse(html), &[0], |_| false)
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

/// Whether a stamp is written in UTC at an hour when the day its outlet
/// printed may be another: before 08:00 or from 15:00.
fn near_midnight(stamp: Stamp) -> bool {
    stamp.utc
        && stamp
            .date
            .time
            .is_some_and(|(hour, _)| !(8..15).contains(&hour))
}

/// Whether `printed` may be the local day of a UTC stamp: west of UTC
/// (the Americas, to UTC-8) the local day is the previous one before
/// 08:00 UTC; east of it (to UTC+9) the next one from 15:00.
fn neighbour_day(stamp: Stamp, printed: PubDate) -> bool {
    let (Some((hour, _)), true) = (stamp.date.time, stamp.utc) else {
        return false;
    };
    let day = stamp.date.date;
    (printed.date == day.previous_day().unwrap_or(day) && hour < 8)
        || (printed.date == day.next_day().unwrap_or(day) && hour >= 15)
}

/// The day the outlet printed for a structured date. A UTC timestamp near
/// midnight falls on the next or previous day for the outlet's readers
/// ("2023-11-09T03:28Z" for a New York evening story of November 8): when
/// the date the page prints (its URL's, else the page-date heuristics') is
/// that neighbouring day, and the hour allows it, the printed day is taken, and
/// the evidence says so.
fn local_day(stamp: Stamp, printed: Option<PubDate>) -> (PubDate, String) {
    let evidence = stamp.evidence.to_string();
    let Some(printed) = printed.filter(|&p| neighbour_day(stamp, p)) else {
        return (stamp.date, evidence);
    };
    (
        PubDate {
            date: printed.date,
            time: None,
        },
        format!("{evidence} (UTC), on the day the page prints"),
    )
}

/// The extract stage for a web page: one parse, the main text, metadata
/// from the page, then the news reading of the text.
pub fn extract_page(raw: &RawArticle, cfg: &ExtractConfig) -> Article {
    let doc = Dom::parse(&raw.text);
    let meta = page_meta(&doc, raw.given.url.as_deref());
    let (text, body_source) =
        crate::maintext::main_text_checked(&doc, meta.structured_body.as_deref());
    // The page's date heuristics run only where parallax has no date from
    // a signal (no structured one, nothing given with the page), or where
    // a UTC stamp near midnight needs the day the page prints and the URL
    // does not give it.
    let needs_heuristics = match (meta.published, &raw.given.published) {
        (Some(stamp), _) => near_midnight(stamp) && meta.url_day.is_none(),
        (None, Some(_)) => false,
        (None, None) => true,
    };
    let guess = needs_heuristics
        .then(|| crate::pagedate::page_date(&doc, &raw.text, &meta.modified))
        .flatten();
    // The page's own signals first, then a date given with the page (a
    // feed item's), then the heuristics. A capture time (`given.fetched`)
    // is never a publication date.
    let (published, published_evidence) = match (meta.published, &raw.given.published) {
        (Some(stamp), _) => {
            let (date, evidence) = local_day(stamp, meta.url_day.or(guess.map(|g| g.date)));
            (Some(date.to_string()), Some(evidence))
        }
        (None, Some(g)) => (Some(g.clone()), raw.given.published_evidence.clone()),
        (None, None) => match guess {
            Some(g) => (Some(g.date.to_string()), Some(g.evidence.to_string())),
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
            title: raw.given.title.clone().or(meta.title.clone()),
            url: raw.given.url.clone().or(meta.url.clone()),
            outlet: raw.given.outlet.clone().or(meta.site_name.clone()),
            published,
            published_evidence,
            fetched: raw.given.fetched.clone(),
            redirected_from: raw.given.redirected_from.clone(),
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
    // What the page's markup gave says so, where nothing came with the
    // page (a feed item's title stays given) and no other signal won.
    if raw.given.title.is_none() && article.title_source == Some(TitleSource::Given) {
        article.title_source = Some(TitleSource::Page);
    }
    if raw.given.outlet.is_none() && article.outlet_source == Some(OutletSource::Given) {
        article.outlet_source = Some(OutletSource::Page);
    }
    // A page that names no site, nor any other signal an outlet, is named
    // by its address: outlets are what comparisons are made between.
    if article.outlet.is_none() {
        if let Some(host) = article.url.as_deref().and_then(host_of) {
            article.outlet = Some(host);
            article.outlet_source = Some(OutletSource::Address);
        }
    }
    if article.byline.is_none() && !meta.authors.is_empty() {
        article.byline = Some(meta.authors.join(", "));
    }
    if let Some(source) = body_source {
        article.diagnostics.push(parallax_model::Diagnostic::new(
            "body_source",
            format!("main text: {source}"),
        ));
    }
    article
}

#[cfg(test)]
mod tests {
    use super::{
        fragment_text, local_day, page_headline, page_meta, strip_site, structured_date, url_date,
        Stamp,
    };
    use parallax_model::PubDate;

    fn day(s: &str) -> PubDate {
        PubDate::parse_iso(s).unwrap()
    }

    #[test]
    fn machine_dates_are_read_in_their_many_forms() {
        let read = |s: &str| structured_date(s).map(|(d, utc)| (d.to_string(), utc));
        let some = |d: &str, utc: bool| Some((d.to_string(), utc));
        assert_eq!(read("2023-11-09T03:28:35Z"), some("2023-11-09T03:28", true));
        assert_eq!(
            read("2023-11-09T06:35:29+00:00"),
            some("2023-11-09T06:35", true)
        );
        assert_eq!(
            read("2020-01-20T09:49:32+0000"),
            some("2020-01-20T09:49", true)
        );
        assert_eq!(
            read("2019-12-09T19:00:49+01:00"),
            some("2019-12-09T19:00", false)
        );
        assert_eq!(read("20200924T15:04:34Z"), some("2020-09-24T15:04", true));
        assert_eq!(read("20231102"), some("2023-11-02", false));
        assert_eq!(
            read("2022-1-26T14:32:06+02:00"),
            some("2022-01-26T14:32", false)
        );
        assert_eq!(read("2020-12-05T23:15:0Z"), some("2020-12-05T23:15", true));
        assert_eq!(
            read("2020-04-03T10:35:41.085Z"),
            some("2020-04-03T10:35", true)
        );
        assert_eq!(
            read("Tue Jul 30 09:35:14 CEST 2019"),
            some("2019-07-30", false)
        );
        assert_eq!(read("1988"), None);
        assert_eq!(read("2023-02-30"), None);
    }

    #[test]
    fn urls_give_their_dates_year_first_or_day_first() {
        assert_eq!(
            url_date("https://x.org/news/2020/06/07/story").map(|d| d.to_string()),
            Some("2020-06-07".to_string())
        );
        assert_eq!(
            url_date("https://x.org/20200607-story").map(|d| d.to_string()),
            Some("2020-06-07".to_string())
        );
        assert_eq!(
            url_date("https://x.org/meldungen/29-10-2021").map(|d| d.to_string()),
            Some("2021-10-29".to_string())
        );
        assert_eq!(url_date("https://x.org/item/123456789"), None);
    }

    #[test]
    fn a_utc_stamp_near_midnight_takes_the_day_the_page_prints() {
        let stamp = |s: &str| {
            let (date, utc) = structured_date(s).unwrap();
            Stamp {
                date,
                utc,
                evidence: "JSON-LD datePublished",
            }
        };
        // An evening story in the Americas, stamped after midnight UTC.
        let (d, why) = local_day(stamp("2023-11-09T03:28:35Z"), Some(day("2023-11-08")));
        assert_eq!(d.to_string(), "2023-11-08");
        assert!(why.contains("UTC"), "{why}");
        // A story east of UTC, stamped late in the UTC evening.
        let (d, _) = local_day(stamp("2019-10-18T22:04:00Z"), Some(day("2019-10-19")));
        assert_eq!(d.to_string(), "2019-10-19");
        // Mid-morning UTC is the same day nearly everywhere people read news.
        let (d, why) = local_day(stamp("2020-07-09T10:04:00Z"), Some(day("2020-07-08")));
        assert_eq!(
            (d.to_string().as_str(), why.as_str()),
            ("2020-07-09T10:04", "JSON-LD datePublished")
        );
        // A stamp with its own offset is already local; a printed date days
        // away is another date, not another time zone.
        let (d, _) = local_day(stamp("2023-11-08T21:28:35-05:00"), Some(day("2023-11-09")));
        assert_eq!(d.to_string(), "2023-11-08T21:28");
        let (d, _) = local_day(stamp("2023-11-09T03:28:35Z"), Some(day("2023-11-05")));
        assert_eq!(d.to_string(), "2023-11-09T03:28");
    }

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

    #[test]
    fn a_title_loses_the_site_name_at_either_end() {
        let strip = |t, site, host| strip_site(t, site, host);
        assert_eq!(
            strip("Jam Recipe | The Kitchen", Some("The Kitchen"), None),
            "Jam Recipe"
        );
        assert_eq!(
            strip(
                "Example News \u{2014} Storm hits the coast",
                None,
                Some("examplenews.com")
            ),
            "Storm hits the coast"
        );
        // No-break spaces around the bar; the site as its address.
        assert_eq!(
            strip(
                "Learn web development \u{a0}|\u{a0} web.dev",
                Some("web.dev"),
                None
            ),
            "Learn web development"
        );
        // A part of the site's name, and a site name holding a bar.
        assert_eq!(
            strip("Health Report - Soliant", Some("Soliant Health"), None),
            "Health Report"
        );
        assert_eq!(
            strip(
                "Myths Debunked \u{2014} Example Meals | Fresh Meal Plans",
                Some("Example Meals | Fresh Meal Plans"),
                None
            ),
            "Myths Debunked"
        );
        // Middle parts stay; a hyphen inside a word cuts nothing; a
        // headline naming its own site is no site name; a title that is
        // all site stays whole.
        assert_eq!(
            strip(
                "Movers in NYC | Top 19 Companies | Movely",
                None,
                Some("movely.com")
            ),
            "Movers in NYC | Top 19 Companies"
        );
        assert_eq!(
            strip("Go ahead, self-host Postgres", None, Some("self.dev")),
            "Go ahead, self-host Postgres"
        );
        assert_eq!(
            strip(
                "Acme buys a rival for $2 billion | Acme",
                Some("Acme"),
                None
            ),
            "Acme buys a rival for $2 billion"
        );
        assert_eq!(strip("Acme | Acme", Some("Acme"), None), "Acme | Acme");
        // A headline holding the site's name and more is no site name,
        // even beside a section.
        assert_eq!(
            strip(
                "Acme poll shows gains - Business | Acme",
                Some("Acme"),
                None
            ),
            "Acme poll shows gains - Business"
        );
    }

    #[test]
    fn the_printed_headline_wins_over_the_title_for_sharing() {
        let h1s = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        // The `<h1>` a reader sees, a version of the stated title.
        assert_eq!(
            page_headline(
                Some("Nutritionists Explain the Biggest Diet Trends of 2025"),
                Some("Nutritionists Explain the Biggest Diet Trends of 2025 | Example"),
                &h1s(&[
                    "The 7 Biggest Diet and Nutrition Trends in 2025, According to Nutritionists"
                ]),
                Some("Example"),
                None,
            )
            .as_deref(),
            Some("The 7 Biggest Diet and Nutrition Trends in 2025, According to Nutritionists")
        );
        // A masthead or the site's name in an `<h1>` is no headline.
        let masthead = page_headline(
            None,
            Some("Spokane ad agencies divided on South Dakota's viral anti-drug campaign | The Daily Review"),
            &h1s(&["The Daily Review Newspaper The Daily Review", "Example"]),
            Some("Example"),
            Some("example.com"),
        );
        assert_eq!(
            masthead.as_deref(),
            Some("Spokane ad agencies divided on South Dakota's viral anti-drug campaign | The Daily Review")
        );
        // An `<h1>` about something else: the stated title, stripped.
        assert_eq!(
            page_headline(
                Some("Storm hits the coast - Example News"),
                None,
                &h1s(&["Weather"]),
                Some("Example News"),
                None
            )
            .as_deref(),
            Some("Storm hits the coast")
        );
        assert_eq!(
            page_headline(None, None, &h1s(&["Only a heading"]), None, None),
            None
        );
    }

    #[test]
    fn an_outlet_is_named_as_a_reader_would() {
        let html = r#"<html><head><title>Storm hits the coast - Example</title>
            <meta property="og:site_name" content="https://www.example.in">
            </head><body><h1>Storm hits the coast</h1><p>Text.</p></body></html>"#;
        let doc = crate::dom::Dom::parse(html);
        let meta = page_meta(&doc, Some("https://www.example.in/news/1"));
        assert_eq!(meta.site_name.as_deref(), Some("example.in"));
        assert_eq!(meta.title.as_deref(), Some("Storm hits the coast"));
        let outlet = |name: &str, host| super::outlet_name(name.to_string(), host);
        assert_eq!(
            outlet("Example | Nigeria's popular news platform", None),
            "Example"
        );
        assert_eq!(
            outlet("The Example Post | EPost.com", None),
            "The Example Post"
        );
        assert_eq!(outlet("nj", Some("nj.com")), "nj.com");
        assert_eq!(outlet("Example News", Some("example.com")), "Example News");
        assert_eq!(outlet("news", Some("example.com")), "news");
    }

    #[test]
    fn json_ld_names_the_authors_but_not_the_outlet() {
        let html = r#"<html><head><title>Storm hits the coast | Example News</title>
            <meta property="og:site_name" content="Example News">
            <script type="application/ld+json">{"@type": "NewsArticle",
              "author": [{"@type": "Person", "name": "By Jane Roe"}, "admin",
                         {"@type": "Organization", "name": "Example News"},
                         {"@type": "Person", "name": "Jane Roe"}, "Richard Miles"]}</script>
            </head><body><h1>Storm hits the coast</h1><p>Text.</p></body></html>"#;
        let doc = crate::dom::Dom::parse(html);
        let meta = page_meta(&doc, Some("https://example.com/news/1"));
        assert_eq!(meta.authors, ["Jane Roe", "Richard Miles"]);
        // The meta tags' authors, where there are some, stand.
        let tagged = html.replace(
            "<title>",
            r#"<meta name="author" content="Ann Other"><title>"#,
        );
        let doc = crate::dom::Dom::parse(&tagged);
        assert_eq!(page_meta(&doc, None).authors, ["Ann Other"]);
    }

    #[test]
    fn any_title_is_cut_only_at_its_own_bytes() {
        // Titles built from separators, spaces of both kinds, multi-byte
        // letters and site words, in every order a small generator gives.
        let pieces = [
            " ", "\u{a0}", "|", "-", "\u{2014}", ":", "::", "Site", "é", "News", "a", "·",
        ];
        let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
        for _ in 0..20_000 {
            let mut title = String::new();
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            let len = (seed % 12) as usize;
            let mut x = seed;
            for _ in 0..len {
                title.push_str(pieces[(x % pieces.len() as u64) as usize]);
                x /= pieces.len() as u64;
                if x == 0 {
                    x = seed.rotate_left(29);
                }
            }
            let cut = strip_site(&title, Some("Site News"), Some("site.com"));
            assert!(title.contains(cut), "{title:?} -> {cut:?}");
            for (a, b) in super::title_parts(&title) {
                assert!(a <= b && title.is_char_boundary(a) && title.is_char_boundary(b));
            }
        }
    }
}
