//! The records that flow between parallax's stages.
//!
//! `RawArticle` (what ingest read, original bytes kept) -> `Article` (what
//! the extract stage made of it). Later stages add their own records here.
//! This crate knows nothing of I/O, SQL or HTTP: it is data and its rules.
//!
//! ```
//! use parallax_model::{PubDate, Span};
//!
//! let d = PubDate::parse_iso("2023-03-22T10:29").unwrap();
//! assert_eq!(d.to_string(), "2023-03-22T10:29");
//! assert_eq!(Span::new(3, 9).len(), 6);
//! ```

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

pub use parallax_text::OffsetMap;

mod facts;
pub mod rows;
pub use facts::{Claim, ClaimKind, Entity, EntityKind, Facts, Quote, QuoteKind};

/// A byte range `[start, end)` into an article's original text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Span {
    pub start: u32,
    pub end: u32,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Self {
        Span {
            start: start as u32,
            end: end as u32,
        }
    }
    pub fn len(&self) -> usize {
        (self.end - self.start) as usize
    }
    pub fn is_empty(&self) -> bool {
        self.end <= self.start
    }
    pub fn range(&self) -> std::ops::Range<usize> {
        self.start as usize..self.end as usize
    }
}

impl From<std::ops::Range<usize>> for Span {
    fn from(r: std::ops::Range<usize>) -> Self {
        Span::new(r.start, r.end)
    }
}

// A span is written `[start, end]`: compact, and what a reader slicing the
// original text in Python or JavaScript expects.
impl Serialize for Span {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        [self.start, self.end].serialize(s)
    }
}

impl schemars::JsonSchema for Span {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Span".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "description": "A byte range [start, end) of the article's original text",
            "type": "array",
            "items": {"type": "integer", "minimum": 0},
            "minItems": 2,
            "maxItems": 2
        })
    }
}

impl<'de> Deserialize<'de> for Span {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let [start, end] = <[u32; 2]>::deserialize(d)?;
        Ok(Span { start, end })
    }
}

/// A stable article id: the first 16 hex digits of the BLAKE3 hash of the
/// article's original bytes. The same content always gets the same id, in
/// any store.
#[derive(
    Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, schemars::JsonSchema,
)]
#[serde(transparent)]
pub struct ArticleId(pub String);

impl ArticleId {
    /// The id of content whose full hash is `hash`.
    pub fn from_hash(hash: &[u8; 32]) -> Self {
        let mut s = String::with_capacity(16);
        for b in &hash[..8] {
            s.push_str(&format!("{b:02x}"));
        }
        ArticleId(s)
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for ArticleId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// How the article reached parallax.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum SourceFormat {
    /// One article per plain-text file.
    Text,
    /// One JSON record: a line of a JSON Lines file, or an article object
    /// of a JSON file (`"jsonl"`, the name stores have always written).
    Jsonl,
    /// One web page (HTML, possibly gzip-compressed), read from a file, a
    /// WARC response record or the web.
    Html,
    /// One item of an RSS, Atom or JSON Feed file, its content as text.
    Feed,
}

impl SourceFormat {
    pub fn as_str(&self) -> &'static str {
        match self {
            SourceFormat::Text => "text",
            SourceFormat::Jsonl => "jsonl",
            SourceFormat::Html => "html",
            SourceFormat::Feed => "feed",
        }
    }
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "text" => Some(SourceFormat::Text),
            "jsonl" => Some(SourceFormat::Jsonl),
            "html" => Some(SourceFormat::Html),
            "feed" => Some(SourceFormat::Feed),
            _ => None,
        }
    }
}

/// Metadata a source gave alongside the text: JSONL fields, a WARC
/// record's URI and capture time, a feed item's title, link and date. Given
/// values win over what extraction finds in a text; for a web page its own
/// date signals outrank a given date (a feed item's), which outranks the
/// extractor's heuristics.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Given {
    pub id: Option<String>,
    pub title: Option<String>,
    pub url: Option<String>,
    pub outlet: Option<String>,
    pub published: Option<String>,
    /// Where `published` came from, when a reader found it (a web page's
    /// `article:published_time` meta tag, its JSON-LD, ...).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub published_evidence: Option<String>,
    /// When the page was captured or fetched (a WARC record's `WARC-Date`,
    /// the time `parallax watch` fetched it): a crawl time, never taken as
    /// the publication date.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fetched: Option<String>,
    /// The addresses a fetched page was redirected from, first to last;
    /// `url` is where it was found in the end.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub redirected_from: Vec<String>,
}

/// An article as read, before any interpretation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawArticle {
    /// The content id, from the hash of `bytes`.
    pub id: ArticleId,
    /// Where it came from: a path, `path:LINE` for JSONL, `-` or `-:LINE`
    /// for standard input.
    pub source: String,
    pub format: SourceFormat,
    /// The original bytes: the whole file, or the JSONL line.
    pub bytes: Vec<u8>,
    /// The article text as Unicode. Every [`Span`] of the article indexes
    /// this string.
    pub text: String,
    /// The legacy encoding the text was decoded from, when it was not UTF-8.
    pub encoding: Option<String>,
    pub given: Given,
}

/// Where a title came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum TitleSource {
    /// Supplied with the article (a JSONL `title`).
    Given,
    /// A headline line in the text.
    Headline,
    /// Built from the lead because the text has no headline.
    Derived,
    /// A web page's own markup: the headline it prints (`<h1>`) or the
    /// title it states (`og:title`, `<title>`) without the site's name.
    Page,
}

/// The text signal an outlet was read from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum OutletSource {
    /// Supplied with the article.
    Given,
    /// The agency in a dateline: "LIMA, Oct 2 (Example Wire) -".
    Dateline,
    /// A brand line in the block under the headline.
    Masthead,
    /// The site naming itself: "X's website can also be accessed at ...".
    SiteNotice,
    /// The credited agency of an article republished from its feed.
    Credit,
    /// A web page naming its site: `og:site_name`, else the JSON-LD
    /// publisher.
    Page,
    /// A web page, or a dump's record, that names no site, by its
    /// address's host ("nytimes.com").
    Address,
    /// A text file that names no outlet, by the outlet its file's name
    /// leads with (`nyt_2016-09-12_slug.txt`), as archives name what
    /// they save.
    FileName,
}

/// How a publication date was established.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum DateSource {
    /// Stated: a date header, a date beside the headline, a given field.
    Explicit,
    /// Reasoned from relative words ("on Tuesday") and another date.
    Inferred,
}

/// A publication date, with the time of day when the source gives one.
/// No time zone: news pages rarely state one, and inventing one would be a
/// silent guess.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct PubDate {
    pub date: time::Date,
    pub time: Option<(u8, u8)>,
}

impl PubDate {
    pub fn day(date: time::Date) -> Self {
        PubDate { date, time: None }
    }

    /// The date alone, `YYYY-MM-DD`.
    pub fn date_string(&self) -> String {
        PubDate::day(self.date).to_string()
    }

    /// The years a publication date may have: from the first printed
    /// newspapers to well past now. `0000-01-01` and `9999-12-31` are
    /// placeholders, not dates.
    pub const PLAUSIBLE_YEARS: std::ops::RangeInclusive<i32> = 1600..=2200;

    /// Parses `YYYY-MM-DD`, optionally followed by `THH:MM[:SS]` and an
    /// ignored zone suffix; `None` for a date that does not exist or a year
    /// outside [`Self::PLAUSIBLE_YEARS`].
    pub fn parse_iso(s: &str) -> Option<Self> {
        Self::read_iso(s, true)
    }

    fn read_iso(s: &str, check: bool) -> Option<Self> {
        let s = s.trim();
        // `get`, not `split_at`: the tenth byte of an odd string may fall
        // inside a character.
        let (d, rest) = (s.get(..10)?, s.get(10..)?);
        let mut parts = d.split('-');
        let y: i32 = parts.next()?.parse().ok()?;
        let m: u8 = parts.next()?.parse().ok()?;
        let dd: u8 = parts.next()?.parse().ok()?;
        if check && !Self::PLAUSIBLE_YEARS.contains(&y) {
            return None;
        }
        let date = time::Date::from_calendar_date(y, time::Month::try_from(m).ok()?, dd).ok()?;
        let time = match rest.strip_prefix(['T', ' ']) {
            Some(t) if t.len() >= 5 => {
                let h: u8 = t.get(..2)?.parse().ok()?;
                let mi: u8 = t.get(3..5)?.parse().ok()?;
                (h < 24 && mi < 60).then_some((h, mi))
            }
            _ => None,
        };
        Some(PubDate { date, time })
    }
}

impl fmt::Display for PubDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let d = self.date;
        write!(f, "{:04}-{:02}-{:02}", d.year(), d.month() as u8, d.day())?;
        if let Some((h, m)) = self.time {
            write!(f, "T{h:02}:{m:02}")?;
        }
        Ok(())
    }
}

impl Serialize for PubDate {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl schemars::JsonSchema for PubDate {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "PubDate".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "description": "A day, YYYY-MM-DD, with the time of day (THH:MM) when known; no time zone",
            "type": "string",
            "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}(T[0-9]{2}:[0-9]{2})?$"
        })
    }
}

impl<'de> Deserialize<'de> for PubDate {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        // What was stored is read back as it is, plausible or not.
        PubDate::read_iso(&s, false)
            .ok_or_else(|| serde::de::Error::custom(format!("bad date {s:?}")))
    }
}

/// What kind of page furniture a removed stretch of text was.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum FurnitureKind {
    Breadcrumb,
    PageHeader,
    SectionLabel,
    Caption,
    Share,
    Related,
    CommentForm,
    AlternateAddress,
    RepeatedTitle,
    DateLine,
    Masthead,
    Byline,
    Credit,
    Disclaimer,
    Trailer,
}

/// A stretch of the original that extraction kept out of the body.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Furniture {
    pub kind: FurnitureKind,
    pub span: Span,
}

/// A soft failure or a note from a stage: data, not an error.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Diagnostic {
    /// A stable code: `no_date`, `no_title`, `short_body`, ...
    pub code: String,
    pub message: String,
}

impl Diagnostic {
    pub fn new(code: &str, message: impl Into<String>) -> Self {
        Diagnostic {
            code: code.to_string(),
            message: message.into(),
        }
    }
}

/// Where each extracted field came from in the original text.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Spans {
    pub title: Option<Span>,
    pub outlet: Option<Span>,
    pub published: Option<Span>,
    pub dateline: Option<Span>,
    pub byline: Option<Span>,
    pub credits: Vec<Span>,
    pub provenance: Vec<Span>,
    /// One span per body paragraph.
    pub body: Vec<Span>,
}

/// An article as the extract stage describes it. Serialises to the JSON of
/// `parallax articles --json` (see docs/json.md).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Article {
    pub id: ArticleId,
    pub source: String,
    pub url: Option<String>,
    /// The addresses the page was redirected from on its way to `url`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub redirected_from: Vec<String>,
    pub title: Option<String>,
    pub title_source: Option<TitleSource>,
    pub outlet: Option<String>,
    pub outlet_source: Option<OutletSource>,
    pub published: Option<PubDate>,
    pub published_source: Option<DateSource>,
    /// How the date was found: "date header", "line beside the headline",
    /// "given", "weekday 'Tuesday' after 2023-03-20", ...
    pub published_evidence: Option<String>,
    /// The dateline the body opens with, as printed ("LIMA, Oct 2 (Example
    /// Wire)"); the body keeps it, `spans.dateline` locates it.
    pub dateline: Option<String>,
    pub byline: Option<String>,
    /// Credit lines as printed, without brackets: "With inputs from PTI".
    pub credits: Vec<String>,
    /// Agencies named by credit lines, datelines or syndication notices.
    pub agencies: Vec<String>,
    /// True when the text says it was republished from an agency feed.
    pub agency_feed: bool,
    /// Disclaimers and syndication notices, kept as provenance.
    pub provenance: Vec<String>,
    /// ISO 639-1 code where one exists, else ISO 639-3.
    pub language: Option<String>,
    /// The main text: paragraphs separated by blank lines.
    pub body: String,
    pub spans: Spans,
    pub furniture: Vec<Furniture>,
    pub diagnostics: Vec<Diagnostic>,
    /// Maps byte offsets in `body` to offsets in the original text.
    #[serde(skip)]
    pub body_map: OffsetMap,
}

impl Article {
    /// The story's own words: the body without the dateline it opens with.
    /// A republication that drops or rewrites the dateline is still the
    /// same text, so copy detection reads this.
    pub fn story(&self) -> &str {
        let Some(rest) = self
            .dateline
            .as_deref()
            .and_then(|d| self.body.strip_prefix(d))
        else {
            return &self.body;
        };
        rest.trim_start_matches(|c: char| c.is_whitespace() || matches!(c, '-' | '–' | '—' | ':'))
    }
}

/// What listing an article and judging its copies read of it: its
/// names, outlet, date and credits, without its text. The store keeps it
/// beside each article, so a large event's members are listed (and their
/// copies' originals chosen) without decoding their text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ArticleCard {
    pub id: ArticleId,
    pub source: String,
    pub title: Option<String>,
    pub outlet: Option<String>,
    pub outlet_source: Option<OutletSource>,
    pub published: Option<PubDate>,
    pub published_source: Option<DateSource>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub credits: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub agencies: Vec<String>,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub agency_feed: bool,
}

impl ArticleCard {
    pub fn of(a: &Article) -> Self {
        ArticleCard {
            id: a.id.clone(),
            source: a.source.clone(),
            title: a.title.clone(),
            outlet: a.outlet.clone(),
            outlet_source: a.outlet_source,
            published: a.published,
            published_source: a.published_source,
            credits: a.credits.clone(),
            agencies: a.agencies.clone(),
            agency_feed: a.agency_feed,
        }
    }
}

/// How one article copies another.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    Serialize,
    Deserialize,
    schemars::JsonSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum CopyKind {
    /// The same words (after normalising case, punctuation and spacing).
    Exact,
    /// Nearly the same words: high shingle resemblance (Jaccard).
    Near,
    /// Contains most of the other (high containment, lower resemblance).
    Partial,
    /// Says it is carried from an agency or another outlet (credits,
    /// agency-feed notices), whether or not the original is in the store.
    Republication,
}

impl CopyKind {
    pub fn as_str(&self) -> &'static str {
        match self {
            CopyKind::Exact => "exact",
            CopyKind::Near => "near",
            CopyKind::Partial => "partial",
            CopyKind::Republication => "republication",
        }
    }
    pub fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "exact" => CopyKind::Exact,
            "near" => CopyKind::Near,
            "partial" => CopyKind::Partial,
            "republication" => CopyKind::Republication,
            _ => return None,
        })
    }
}

/// A copy relation found when `article` arrived: it copies `other`, or
/// `other` copies it (for partial copies, `article` is the one that
/// contains the other).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct CopyLink {
    pub article: ArticleId,
    pub other: ArticleId,
    pub kind: CopyKind,
    /// Jaccard resemblance for `near`, containment of the smaller text in
    /// the larger for `partial`, 1 for `exact`.
    pub similarity: f32,
}

/// One line of `parallax copies`: an article, what it copies and why.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct CopyItem {
    pub article: ArticleId,
    /// The original in the store, or null when it is not there (an agency
    /// story carried from a feed the store never saw).
    pub copy_of: Option<ArticleId>,
    pub kind: CopyKind,
    pub similarity: Option<f32>,
    /// The agency or outlet the copy is credited to, when the text says.
    pub credited_to: Option<String>,
    /// Why this is a copy, and why the original is the original.
    pub reason: String,
}

/// One real-world happening, as reported by one or more articles.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Event {
    /// Stable within a store: events are numbered as they open.
    pub id: u32,
    /// A short headline: the title of its earliest headlined article.
    pub label: String,
    /// Earliest and latest publication dates among its articles.
    pub start: Option<PubDate>,
    pub end: Option<PubDate>,
    /// Articles in time order (undated last, in arrival order).
    pub articles: Vec<ArticleId>,
    /// Distinct outlets, in order of first appearance.
    pub outlets: Vec<String>,
    /// The storyline it belongs to.
    pub storyline: u32,
    /// Events merged into this one when later articles showed they were one.
    pub merged: Vec<u32>,
}

/// An event as a listing shows it: its record without the member list,
/// so that a page of events costs the page, not its events' sizes. The
/// whole record ([`Event`]) is read one event at a time.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct EventSummary {
    pub id: u32,
    /// A short headline: the title of its earliest headlined article.
    pub label: String,
    /// Earliest and latest publication dates among its articles.
    pub start: Option<PubDate>,
    pub end: Option<PubDate>,
    /// How many articles it holds.
    pub articles: usize,
    /// Distinct outlets, in order of first appearance.
    pub outlets: Vec<String>,
    /// The storyline it belongs to.
    pub storyline: u32,
    /// Events merged into this one when later articles showed they were one.
    pub merged: Vec<u32>,
}

impl Event {
    /// What a listing shows of it.
    pub fn summary(&self) -> EventSummary {
        EventSummary {
            id: self.id,
            label: self.label.clone(),
            start: self.start,
            end: self.end,
            articles: self.articles.len(),
            outlets: self.outlets.clone(),
            storyline: self.storyline,
            merged: self.merged.clone(),
        }
    }
}

/// A thread of events over a long span.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Storyline {
    pub id: u32,
    /// The label of its largest event.
    pub label: String,
    pub start: Option<PubDate>,
    pub end: Option<PubDate>,
    /// Events in time order.
    pub events: Vec<u32>,
    pub articles: usize,
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// Stores keep dates as this text and page their date filters
        /// with text comparisons (`published >= since`): the text must
        /// sort as the dates do, a day before its own times.
        #[test]
        fn a_dates_text_sorts_as_the_date_does(
            a in (1600i32..=2200, 1u8..=12, 1u8..=28, proptest::option::of((0u8..24, 0u8..60))),
            b in (1600i32..=2200, 1u8..=12, 1u8..=28, proptest::option::of((0u8..24, 0u8..60))),
        ) {
            let date = |(y, m, d, t): (i32, u8, u8, Option<(u8, u8)>)| PubDate {
                date: time::Date::from_calendar_date(y, time::Month::try_from(m).unwrap(), d).unwrap(),
                time: t,
            };
            let (a, b) = (date(a), date(b));
            proptest::prop_assert_eq!(a.cmp(&b), a.to_string().cmp(&b.to_string()));
            proptest::prop_assert_eq!(PubDate::parse_iso(&a.to_string()), Some(a));
        }
    }

    #[test]
    fn a_date_with_characters_of_several_bytes_is_refused_not_a_panic() {
        // The tenth byte, or the hour's second, inside a character.
        for s in [
            "0\u{80}\u{80}\u{80}\u{10000}",
            "2024-04-09T\u{e9}5:00",
            "2024-04-09T1\u{e9}:00",
            "2024-04-0\u{e9}",
        ] {
            assert_eq!(PubDate::parse_iso(s), None, "{s:?}");
        }
    }

    #[test]
    fn pubdate_round_trips_through_json() {
        for s in ["2022-04-20", "2024-04-09T17:32"] {
            let d = PubDate::parse_iso(s).unwrap();
            let j = serde_json::to_string(&d).unwrap();
            assert_eq!(j, format!("\"{s}\""));
            assert_eq!(serde_json::from_str::<PubDate>(&j).unwrap(), d);
        }
        assert_eq!(PubDate::parse_iso("2024-02-30"), None);
        assert_eq!(PubDate::parse_iso("0000-01-01"), None);
        assert_eq!(PubDate::parse_iso("9999-12-31T00:00"), None);
        assert_eq!(
            PubDate::parse_iso("2024-04-09T17:32:10Z")
                .unwrap()
                .to_string(),
            "2024-04-09T17:32"
        );
    }

    #[test]
    fn span_is_a_pair() {
        assert_eq!(serde_json::to_string(&Span::new(1, 4)).unwrap(), "[1,4]");
    }

    #[test]
    fn id_is_16_hex_digits_of_the_hash() {
        let mut h = [0u8; 32];
        h[0] = 0xab;
        h[7] = 0x01;
        assert_eq!(ArticleId::from_hash(&h).as_str(), "ab00000000000001");
    }
}
