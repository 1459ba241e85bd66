//! Readers: turn paths (files, directories, standard input) into
//! [`RawArticle`]s, keeping the original bytes.
//!
//! Formats: plain-text articles, one per file (`.txt`, `.text`, no
//! extension); JSON Lines (`.jsonl`, `.ndjson`), one article per line with
//! `text` required and `title`, `url`, `outlet`, `published`, `id` optional;
//! JSON documents (`.json`): one such article object, an array of them, or
//! a JSON Feed, where a scraper's own names for the fields are read too
//! (news-please's `maintext`, `date_publish`, `source_domain`; schema.org's
//! `articleBody`, `headline`, `datePublished`);
//! web pages (`.html`, `.htm`, `.html.gz`); WARC archives (`.warc`,
//! `.warc.gz`), streamed record by record ([`warc`]); feeds (`.rss`,
//! `.atom`, `.xml` that starts like a feed, and JSON Feed), one article per item with text
//! ([`feed`]). A file named explicitly with another extension is sniffed;
//! inside a directory such files are ignored and counted, so `README.md`
//! beside the articles is not mistaken for one.
//!
//! Readers yield [`Entry`]s: an article, or a record passed over on purpose
//! (a WARC request record, a feed item with no text) with the reason, which
//! the ingest report counts.
//!
//! A bad input is an [`IngestError`] naming the file (and line) and what is
//! wrong; readers yield it and go on, so one bad article never stops a batch.
//!
//! ```
//! use parallax_ingest::{read_bytes, SourceKind};
//!
//! let jsonl = b"{\"text\": \"One.\"}\nnot json\n{\"title\": \"no text\"}\n";
//! let got: Vec<_> = read_bytes("feed.jsonl", jsonl, SourceKind::Jsonl).collect();
//! assert!(got[0].is_ok());
//! assert_eq!(got[1].as_ref().unwrap_err().to_string(), "feed.jsonl:2: invalid JSON: expected ident at line 1 column 2");
//! assert!(got[2].as_ref().unwrap_err().to_string().contains("missing required field `text`"));
//! ```

pub mod feed;
pub mod labeled;
pub mod warc;

use std::fmt;
use std::io::Read;
use std::path::{Path, PathBuf};

use parallax_model::{ArticleId, Given, RawArticle, SourceFormat};
use serde::Deserialize;

/// What went wrong with one input.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Problem {
    #[error("cannot read: {0}")]
    Io(String),
    #[error("empty file")]
    Empty,
    #[error("empty text")]
    EmptyText,
    #[error("`{0}` holds a NUL character (\\u0000): binary data, not text")]
    NulInField(&'static str),
    #[error("no article text: nothing of the page is main text")]
    NoArticleText,
    #[error("binary data (NUL bytes), not text")]
    Binary,
    #[error("binary data (control characters), not text")]
    ControlCharacters,
    #[error("binary data (NUL bytes or control characters), not a web page")]
    NotText,
    #[error("not valid UTF-8 and no legacy encoding decodes it cleanly ({bad} bad bytes, the first at byte {first})")]
    BadEncoding { bad: usize, first: usize },
    #[error("not valid UTF-16 although it starts with its byte-order mark ({bad} bad code units, the first at byte {first})")]
    BadUtf16 { bad: usize, first: usize },
    #[error("mixed encodings: valid UTF-8 with {bad} invalid bytes, the first at byte {first}; cannot be repaired")]
    MixedEncoding { bad: usize, first: usize },
    #[error("invalid JSON: {0}")]
    Json(String),
    #[error("missing required field `text`")]
    MissingText,
    /// Valid JSON that holds no article.
    #[error("not an article: {0}")]
    NotAnArticle(&'static str),
    #[error("bad gzip data: {0}")]
    Gzip(String),
    #[error("bad WARC data: {0}")]
    Warc(String),
    #[error("truncated WARC record {record} at byte {start}: {what}")]
    Truncated {
        record: usize,
        start: u64,
        what: String,
    },
    #[error("not a feed: {0}")]
    Feed(String),
    /// Over the size cap ([`Limits`]) once its compression is undone.
    #[error("larger than {} once decompressed", mib(*limit))]
    TooLargeDecompressed { limit: u64 },
    /// Over the size cap as it is.
    #[error("larger than {}", mib(*limit))]
    TooLarge { limit: u64 },
    #[error("compressed with `{0}`, which parallax does not decode")]
    UnknownEncoding(String),
}

/// A size in MiB, as the limits are given (KiB under one MiB).
fn mib(bytes: u64) -> String {
    let (v, unit) = if bytes < 1 << 20 {
        (bytes as f64 / 1024.0, "KiB")
    } else {
        (bytes as f64 / f64::from(1u32 << 20), "MiB")
    };
    if v.fract() == 0.0 {
        format!("{v:.0} {unit}")
    } else {
        format!("{v:.1} {unit}")
    }
}

/// Caps on what one input may cost, so that a decompression bomb or a
/// huge file is skipped (and reported) rather than read into memory.
///
/// Every decoder reads through a cap: a file's bytes, a gzip file's
/// inflated bytes, a WARC record's HTTP body after its content coding, a
/// JSON Lines line, a feed document. Memory while reading is therefore at
/// most about `max_article` (`4 * max_article` for a feed document, read
/// whole) per input, whatever the input claims.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// The most bytes one article may have once decompressed: a page, a
    /// text file, a JSON Lines line, a WARC response body, a feed item.
    pub max_article: u64,
}

/// 4 MiB: the largest page in the project's evaluation sets is 1.8 MB of
/// HTML, a news article's text is rarely over 100 KB.
pub const DEFAULT_MAX_ARTICLE: u64 = 4 << 20;

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_article: DEFAULT_MAX_ARTICLE,
        }
    }
}

impl Limits {
    /// The cap on a feed document, which is read whole and holds many items.
    pub fn max_feed(&self) -> u64 {
        self.max_article.saturating_mul(4)
    }
}

/// Reads at most `cap` bytes from `r`; `Ok(None)` when there are more.
pub fn read_capped<R: Read>(r: R, cap: u64) -> std::io::Result<Option<Vec<u8>>> {
    let mut out = Vec::new();
    r.take(cap.saturating_add(1)).read_to_end(&mut out)?;
    Ok((out.len() as u64 <= cap).then_some(out))
}

/// What a reader yields for one record of its input.
#[derive(Debug)]
pub enum Entry {
    Article(Box<RawArticle>),
    /// A record that is no article, passed over on purpose (a WARC request
    /// record, a non-HTML response, a feed item without text).
    PassedOver {
        source: String,
        reason: &'static str,
    },
}

/// A bad input, with where it was.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct IngestError {
    pub path: String,
    /// The 1-based line, for JSON Lines.
    pub line: Option<usize>,
    pub problem: Problem,
}

impl fmt::Display for IngestError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(l) => write!(f, "{}:{}: {}", self.path, l, self.problem),
            None => write!(f, "{}: {}", self.path, self.problem),
        }
    }
}

pub type Result<T, E = IngestError> = std::result::Result<T, E>;

/// How a source's bytes are to be read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SourceKind {
    Text,
    Jsonl,
    /// A JSON document: one article object, an array of them, or a JSON
    /// Feed.
    Json,
    /// A web page; `gzip` when the file is compressed (`.html.gz`).
    Html {
        gzip: bool,
    },
    /// A WARC archive; `gzip` for `.warc.gz`.
    Warc {
        gzip: bool,
    },
    /// An RSS, Atom or JSON Feed document.
    Feed,
    /// Decide from the content: JSON Lines if it starts with `{`.
    Sniff,
}

/// One input to read: a file or standard input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    File { path: PathBuf, kind: SourceKind },
    Stdin,
}

/// The sources under some paths, and the files passed over.
#[derive(Debug, Default)]
pub struct Discovery {
    pub sources: Vec<Source>,
    /// Files inside directories whose extension is no article format.
    pub ignored: Vec<PathBuf>,
    /// Paths that could not be walked.
    pub errors: Vec<IngestError>,
}

fn kind_of(path: &Path) -> Option<SourceKind> {
    // A name that is not UTF-8 is judged by its readable part: its
    // extension is ASCII whatever the rest is.
    let name = path.file_name()?.to_string_lossy();
    if name.starts_with('.') {
        return None;
    }
    match path
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .as_deref()
    {
        None => Some(SourceKind::Text),
        Some("txt" | "text") => Some(SourceKind::Text),
        Some("jsonl" | "ndjson") => Some(SourceKind::Jsonl),
        Some("json") => Some(SourceKind::Json),
        Some("html" | "htm") => Some(SourceKind::Html { gzip: false }),
        Some("warc") => Some(SourceKind::Warc { gzip: false }),
        Some("rss" | "atom") => Some(SourceKind::Feed),
        // XML is a feed only when it starts like one: a sitemap or other
        // XML beside the articles is ignored, not reported as a bad feed.
        Some("xml") => {
            let mut head = [0u8; 1024];
            let n = std::fs::File::open(path)
                .and_then(|mut f| f.read(&mut head))
                .unwrap_or(0);
            looks_like_feed(&head[..n]).then_some(SourceKind::Feed)
        }
        Some("gz") => {
            let lower = name.to_ascii_lowercase();
            if lower.ends_with(".html.gz") || lower.ends_with(".htm.gz") {
                Some(SourceKind::Html { gzip: true })
            } else if lower.ends_with(".warc.gz") {
                Some(SourceKind::Warc { gzip: true })
            } else {
                None
            }
        }
        _ => None,
    }
}

/// Expands paths into sources: directories recursively in name order,
/// `-` as standard input.
pub fn discover(paths: &[PathBuf]) -> Discovery {
    let mut d = Discovery::default();
    for p in paths {
        if p.as_os_str() == "-" {
            d.sources.push(Source::Stdin);
            continue;
        }
        if p.is_dir() {
            // Links are followed (a folder of links to articles is common);
            // a link loop is reported by the walk as an error.
            for entry in walkdir::WalkDir::new(p)
                .follow_links(true)
                .sort_by_file_name()
            {
                match entry {
                    Ok(e) if e.file_type().is_file() => match kind_of(e.path()) {
                        Some(kind) => d.sources.push(Source::File {
                            path: e.into_path(),
                            kind,
                        }),
                        None => d.ignored.push(e.into_path()),
                    },
                    Ok(_) => {}
                    Err(e) => d.errors.push(IngestError {
                        path: e.path().unwrap_or(p).display().to_string(),
                        line: None,
                        problem: Problem::Io(e.to_string()),
                    }),
                }
            }
        } else {
            let kind = kind_of(p).unwrap_or(SourceKind::Sniff);
            d.sources.push(Source::File {
                path: p.clone(),
                kind,
            });
        }
    }
    d
}

/// Reads one source and yields its entries and bad inputs. A WARC archive
/// and a JSON Lines file are streamed record by record; other files are
/// read whole, through the cap of `limits`.
pub fn read_source(source: &Source, limits: &Limits) -> Box<dyn Iterator<Item = Result<Entry>>> {
    let limits = *limits;
    let (name, bytes, kind) = match source {
        Source::Stdin => return read_sniffed("-".to_string(), std::io::stdin(), limits),
        Source::File {
            path,
            kind: SourceKind::Sniff,
        } => {
            let name = path.display().to_string();
            return match std::fs::File::open(path) {
                Ok(f) => read_sniffed(name, f, limits),
                Err(e) => err_once(&name, Problem::Io(e.to_string())),
            };
        }
        Source::File {
            path,
            kind: SourceKind::Warc { gzip },
        } => {
            let name = path.display().to_string();
            return match std::fs::File::open(path) {
                Ok(f) => warc_stream(name, f, *gzip, limits),
                Err(e) => err_once(&name, Problem::Io(e.to_string())),
            };
        }
        Source::File {
            path,
            kind: SourceKind::Jsonl,
        } => {
            // Line by line: a JSON Lines corpus can be larger than memory.
            let name = path.display().to_string();
            return match std::fs::File::open(path) {
                Ok(f) => jsonl_stream(name, f, limits),
                Err(e) => err_once(&name, Problem::Io(e.to_string())),
            };
        }
        Source::File { path, kind } => {
            let name = path.display().to_string();
            // A feed or a JSON array holds many items; a page or a text
            // is one article.
            let cap = match kind {
                SourceKind::Feed | SourceKind::Json => limits.max_feed(),
                _ => limits.max_article,
            };
            match std::fs::File::open(path).and_then(|f| read_capped(f, cap)) {
                Ok(Some(b)) => (name, b, *kind),
                Ok(None) => return err_once(&name, Problem::TooLarge { limit: cap }),
                Err(e) => return err_once(&name, Problem::Io(e.to_string())),
            }
        }
    };
    let entries: Vec<_> = read_entries_with(&name, &bytes, kind, &limits).collect();
    Box::new(entries.into_iter())
}

/// A source whose format its first bytes tell (standard input, a file
/// named without a telling extension): JSON Lines and WARC are streamed as
/// they come, so they may be of any size; anything else is read whole
/// through the cap (a feed's, the larger) and read as its bytes say.
fn read_sniffed<R: Read + 'static>(
    name: String,
    mut input: R,
    limits: Limits,
) -> Box<dyn Iterator<Item = Result<Entry>>> {
    // The head the sniffing reads (a pipe may deliver it in pieces).
    let mut head = Vec::with_capacity(SNIFF_HEAD);
    if let Err(e) = (&mut input).take(SNIFF_HEAD as u64).read_to_end(&mut head) {
        return err_once(&name, Problem::Io(e.to_string()));
    }
    let kind = sniff(&head);
    let input = std::io::Cursor::new(head).chain(input);
    match kind {
        SourceKind::Jsonl => jsonl_stream(name, input, limits),
        SourceKind::Warc { gzip } => warc_stream(name, input, gzip, limits),
        _ => match read_capped(input, limits.max_feed()) {
            Ok(Some(bytes)) => {
                let entries: Vec<_> =
                    read_entries_with(&name, &bytes, SourceKind::Sniff, &limits).collect();
                Box::new(entries.into_iter())
            }
            Ok(None) => err_once(
                &name,
                Problem::TooLarge {
                    limit: limits.max_feed(),
                },
            ),
            Err(e) => err_once(&name, Problem::Io(e.to_string())),
        },
    }
}

/// Bytes [`sniff`] needs to decide (it reads at most the first 1 KiB).
const SNIFF_HEAD: usize = 4096;

/// A WARC stream over any reader, gunzipped (every member) if `gzip`.
pub fn warc_stream<R: Read + 'static>(
    name: String,
    reader: R,
    gzip: bool,
    limits: Limits,
) -> Box<dyn Iterator<Item = Result<Entry>>> {
    const BUF: usize = 1 << 20;
    if gzip {
        let gz = flate2::read::MultiGzDecoder::new(std::io::BufReader::with_capacity(BUF, reader));
        Box::new(warc::WarcRecords::new(
            name,
            std::io::BufReader::with_capacity(BUF, gz),
            limits,
        ))
    } else {
        Box::new(warc::WarcRecords::new(
            name,
            std::io::BufReader::with_capacity(BUF, reader),
            limits,
        ))
    }
}

fn err_once(path: &str, problem: Problem) -> Box<dyn Iterator<Item = Result<Entry>>> {
    Box::new(std::iter::once(Err(IngestError {
        path: path.to_string(),
        line: None,
        problem,
    })))
}

/// Whether a JSON document is a JSON Feed (its version URL near the top).
fn is_json_feed(bytes: &[u8]) -> bool {
    String::from_utf8_lossy(&bytes[..bytes.len().min(512)]).contains("jsonfeed.org/version")
}

/// Whether the first line of `bytes` is a whole JSON value, as each line
/// of JSON Lines is. A first line longer than `bytes` (the sniffed head of
/// a stream) counts as one: a pretty-printed document breaks its first
/// line early.
fn first_line_is_json(bytes: &[u8]) -> bool {
    match bytes.iter().position(|&b| b == b'\n') {
        None => true,
        Some(end) => serde_json::from_slice::<serde::de::IgnoredAny>(&bytes[..end]).is_ok(),
    }
}

/// What the bytes of a source named without a telling extension hold.
fn sniff(bytes: &[u8]) -> SourceKind {
    let first = bytes.iter().find(|b| !b.is_ascii_whitespace());
    if bytes.starts_with(b"WARC/") {
        SourceKind::Warc { gzip: false }
    } else if bytes.starts_with(&[0x1f, 0x8b]) {
        // Compressed: a WARC archive or a web page.
        let mut head = [0u8; 5];
        let n = flate2::read::GzDecoder::new(bytes)
            .read(&mut head)
            .unwrap_or(0);
        if head[..n] == *b"WARC/" {
            SourceKind::Warc { gzip: true }
        } else {
            SourceKind::Html { gzip: true }
        }
    } else if first == Some(&b'{') {
        if is_json_feed(bytes) {
            SourceKind::Feed
        } else if first_line_is_json(bytes) {
            SourceKind::Jsonl
        } else {
            // Spread over lines ("{" alone on the first): one document.
            SourceKind::Json
        }
    } else if first == Some(&b'[') {
        SourceKind::Json
    } else if looks_like_feed(bytes) {
        SourceKind::Feed
    } else if looks_like_html(bytes) {
        SourceKind::Html { gzip: false }
    } else {
        SourceKind::Text
    }
}

/// Whether bytes start like an XML feed: `<rss`, `<feed` or `<rdf:RDF`
/// after an optional XML declaration and comments.
fn looks_like_feed(bytes: &[u8]) -> bool {
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(1024)]).to_ascii_lowercase();
    let t = head.trim_start_matches(['\u{feff}', ' ', '\t', '\r', '\n']);
    if !t.starts_with('<') {
        return false;
    }
    ["<rss", "<feed", "<rdf:rdf"].iter().any(|r| {
        head.find(r)
            .is_some_and(|i| !head[..i].contains("<html") && !head[..i].contains("<body"))
    })
}

/// Reads the bytes of one source named `name`: every entry, in order,
/// under the default [`Limits`].
pub fn read_entries<'a>(
    name: &'a str,
    bytes: &'a [u8],
    kind: SourceKind,
) -> Box<dyn Iterator<Item = Result<Entry>> + 'a> {
    read_entries_with(name, bytes, kind, &Limits::default())
}

/// [`read_entries`] under the given limits.
pub fn read_entries_with<'a>(
    name: &'a str,
    bytes: &'a [u8],
    kind: SourceKind,
    limits: &Limits,
) -> Box<dyn Iterator<Item = Result<Entry>> + 'a> {
    let limits = *limits;
    let fail = |problem| IngestError {
        path: name.to_string(),
        line: None,
        problem,
    };
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Box::new(std::iter::once(Err(fail(Problem::Empty))));
    }
    let kind = match kind {
        SourceKind::Sniff => sniff(bytes),
        // A `.json` file may be a JSON Feed: read as any feed.
        SourceKind::Json if is_json_feed(bytes) => SourceKind::Feed,
        k => k,
    };
    let article = |r: Result<RawArticle>| r.map(|a| Entry::Article(Box::new(a)));
    match kind {
        SourceKind::Jsonl => Box::new(jsonl_stream(
            name.to_string(),
            std::io::Cursor::new(bytes.to_vec()),
            limits,
        )),
        SourceKind::Html { gzip } => Box::new(std::iter::once(article(read_html(
            name, bytes, gzip, &limits,
        )))),
        SourceKind::Warc { gzip } => warc_stream(
            name.to_string(),
            std::io::Cursor::new(bytes.to_vec()),
            gzip,
            limits,
        ),
        // Documents of many items, read whole through the feed's cap.
        SourceKind::Feed | SourceKind::Json if bytes.len() as u64 > limits.max_feed() => {
            Box::new(std::iter::once(Err(fail(Problem::TooLarge {
                limit: limits.max_feed(),
            }))))
        }
        SourceKind::Feed => match feed::parse(bytes) {
            Ok(f) => Box::new(f.entries(name).into_iter().map(Ok)),
            Err(p) => Box::new(std::iter::once(Err(fail(p)))),
        },
        SourceKind::Json => Box::new(read_json(name, bytes).into_iter()),
        SourceKind::Text | SourceKind::Sniff if bytes.len() as u64 > limits.max_article => {
            Box::new(std::iter::once(Err(fail(Problem::TooLarge {
                limit: limits.max_article,
            }))))
        }
        SourceKind::Text | SourceKind::Sniff => {
            Box::new(std::iter::once(article(read_text(name, bytes))))
        }
    }
}

/// Reads the bytes of one source named `name`: its articles and bad inputs
/// (entries passed over on purpose are left out).
pub fn read_bytes<'a>(
    name: &'a str,
    bytes: &'a [u8],
    kind: SourceKind,
) -> Box<dyn Iterator<Item = Result<RawArticle>> + 'a> {
    Box::new(read_entries(name, bytes, kind).filter_map(|e| match e {
        Ok(Entry::Article(a)) => Some(Ok(*a)),
        Ok(Entry::PassedOver { .. }) => None,
        Err(e) => Some(Err(e)),
    }))
}

/// Whether bytes start like an HTML document (after white space and a
/// byte-order mark): a doctype, `<html`, or a comment then one of those.
fn looks_like_html(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(1024)];
    let head = String::from_utf8_lossy(head).to_ascii_lowercase();
    let t = head.trim_start_matches(['\u{feff}', ' ', '\t', '\r', '\n']);
    t.starts_with("<!doctype html")
        || t.starts_with("<html")
        || t.starts_with("<!--") && head.contains("<html")
}

/// A web page: gunzipped if needed, decoded by its declared charset (a BOM,
/// `<meta charset>` or `http-equiv` in the first 4 KB), else as UTF-8,
/// else by detection. The original bytes are kept as read.
fn read_html(name: &str, bytes: &[u8], gzip: bool, limits: &Limits) -> Result<RawArticle> {
    let fail = |problem| IngestError {
        path: name.to_string(),
        line: None,
        problem,
    };
    let cap = limits.max_article;
    let html: std::borrow::Cow<'_, [u8]> = if gzip {
        match read_capped(flate2::read::GzDecoder::new(bytes), cap) {
            Ok(Some(out)) => out.into(),
            Ok(None) => return Err(fail(Problem::TooLargeDecompressed { limit: cap })),
            Err(e) => return Err(fail(Problem::Gzip(e.to_string()))),
        }
    } else if bytes.len() as u64 > cap {
        return Err(fail(Problem::TooLarge { limit: cap }));
    } else {
        bytes.into()
    };
    if looks_binary(&html) {
        return Err(fail(Problem::NotText));
    }
    let (text, encoding) = decode_html(&html);
    Ok(RawArticle {
        id: content_id(bytes),
        source: name.to_string(),
        format: SourceFormat::Html,
        bytes: bytes.to_vec(),
        text,
        encoding,
        given: Given::default(),
    })
}

/// The charset an HTML page declares in its first 4 KB.
fn declared_charset(html: &[u8]) -> Option<&'static encoding_rs::Encoding> {
    static RE: std::sync::LazyLock<regex::bytes::Regex> = std::sync::LazyLock::new(|| {
        regex::bytes::Regex::new(r#"(?i)<meta[^>]*charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)"#)
            .expect("valid regex")
    });
    let head = &html[..html.len().min(4096)];
    let label = RE.captures(head)?.get(1)?.as_bytes();
    encoding_rs::Encoding::for_label(label)
}

/// The encoding recorded for UTF-8 whose maker had decoded it as
/// Windows-1252 or Latin-1 and encoded it again ("cafÃ©"), repaired by
/// [`parallax_text::repair_double_encoding`]; the original bytes are kept
/// as they came.
pub const REPAIRED_UTF8: &str = "UTF-8, decoded twice by its maker (repaired)";

/// Decodes a page ([`decode_html_as_marked`]), then repairs UTF-8 that
/// its maker decoded twice.
fn decode_html(html: &[u8]) -> (String, Option<String>) {
    let (text, encoding) = decode_html_as_marked(html);
    match parallax_text::repair_double_encoding(&text) {
        std::borrow::Cow::Borrowed(_) => (text, encoding),
        std::borrow::Cow::Owned(fixed) => (
            fixed,
            Some(encoding.map_or(REPAIRED_UTF8.to_string(), |e| {
                format!("{e}, {REPAIRED_UTF8}")
            })),
        ),
    }
}

/// Decodes a page: a BOM wins, then the declared charset, then UTF-8 if
/// valid, then detection ([`decode`]). Returns the text and the encoding's
/// name when it is not UTF-8.
fn decode_html_as_marked(html: &[u8]) -> (String, Option<String>) {
    if let Some((enc, _)) = encoding_rs::Encoding::for_bom(html) {
        let (text, _, _) = enc.decode(html);
        return (
            text.into_owned(),
            (enc != encoding_rs::UTF_8).then(|| enc.name().to_string()),
        );
    }
    if let Some(enc) = declared_charset(html) {
        // A page declaring UTF-8 that is not valid UTF-8 is read by
        // detection instead; a legacy declaration is honoured.
        if enc != encoding_rs::UTF_8 || std::str::from_utf8(html).is_ok() {
            let (text, _) = enc.decode_without_bom_handling(html);
            return (
                text.into_owned(),
                (enc != encoding_rs::UTF_8).then(|| enc.name().to_string()),
            );
        }
    }
    if let Ok(s) = std::str::from_utf8(html) {
        return (s.to_string(), None);
    }
    let mut det = chardetng::EncodingDetector::new();
    det.feed(html, true);
    let enc = det.guess(None, true);
    let (text, _) = enc.decode_without_bom_handling(html);
    (text.into_owned(), Some(enc.name().to_string()))
}

fn read_text(name: &str, bytes: &[u8]) -> Result<RawArticle> {
    let (text, encoding) = decode(bytes).map_err(|problem| IngestError {
        path: name.to_string(),
        line: None,
        problem,
    })?;
    Ok(RawArticle {
        id: content_id(bytes),
        source: name.to_string(),
        format: SourceFormat::Text,
        bytes: bytes.to_vec(),
        text,
        encoding: encoding.map(str::to_string),
        given: Given::default(),
    })
}

#[derive(Deserialize)]
struct JsonlRecord {
    text: Option<String>,
    title: Option<String>,
    url: Option<String>,
    outlet: Option<String>,
    published: Option<serde_json::Value>,
    id: Option<serde_json::Value>,
}

fn scalar(v: Option<serde_json::Value>) -> Option<String> {
    match v? {
        serde_json::Value::String(s) => Some(s),
        serde_json::Value::Null => None,
        other => Some(other.to_string()),
    }
}

/// A JSON Lines file read a line at a time: memory is one line, whatever
/// the file's size. A line over the article cap is passed over unread
/// (to its end) and reported.
fn jsonl_stream<R: Read + 'static>(
    name: String,
    input: R,
    limits: Limits,
) -> Box<dyn Iterator<Item = Result<Entry>>> {
    let mut reader = std::io::BufReader::with_capacity(1 << 20, input);
    let mut number = 0usize;
    let mut line = Vec::new();
    let mut failed = false;
    let mut seen = false;
    let cap = limits.max_article;
    Box::new(std::iter::from_fn(move || loop {
        if failed {
            return None;
        }
        line.clear();
        match read_line_capped(&mut reader, &mut line, cap) {
            Ok(Line::End) => {
                // A file with no line at all is reported, as any empty input.
                failed = true;
                return (!seen).then(|| {
                    Err(IngestError {
                        path: name.clone(),
                        line: None,
                        problem: Problem::Empty,
                    })
                });
            }
            Ok(Line::TooLong) => {
                number += 1;
                seen = true;
                return Some(Err(IngestError {
                    path: name.clone(),
                    line: Some(number),
                    problem: Problem::TooLarge { limit: cap },
                }));
            }
            Ok(Line::Read) => {
                number += 1;
                let mut l = line.strip_suffix(b"\n").unwrap_or(&line);
                if number == 1 {
                    l = l.strip_prefix(b"\xef\xbb\xbf").unwrap_or(l);
                }
                if let Some(r) = jsonl_line(&name, number, l) {
                    seen = true;
                    return Some(r.map(|a| Entry::Article(Box::new(a))));
                }
            }
            Err(e) => {
                failed = true;
                return Some(Err(IngestError {
                    path: name.clone(),
                    line: Some(number + 1),
                    problem: Problem::Io(e.to_string()),
                }));
            }
        }
    }))
}

/// What [`read_line_capped`] found.
enum Line {
    Read,
    /// Longer than the cap: read to its end and dropped.
    TooLong,
    End,
}

/// Reads one line (with its `\n`) into `buf`, keeping at most `cap` bytes.
fn read_line_capped<R: std::io::BufRead>(
    r: &mut R,
    buf: &mut Vec<u8>,
    cap: u64,
) -> std::io::Result<Line> {
    let mut any = false;
    let mut over = false;
    loop {
        let chunk = match r.fill_buf() {
            Ok(c) => c,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if chunk.is_empty() {
            break;
        }
        any = true;
        let (take, done) = match chunk.iter().position(|&b| b == b'\n') {
            Some(i) => (i + 1, true),
            None => (chunk.len(), false),
        };
        if !over {
            if (buf.len() + take) as u64 > cap.saturating_add(1) {
                over = true;
                buf.clear();
            } else {
                buf.extend_from_slice(&chunk[..take]);
            }
        }
        r.consume(take);
        if done {
            break;
        }
    }
    Ok(match (any, over) {
        (false, _) => Line::End,
        (true, true) => Line::TooLong,
        (true, false) => Line::Read,
    })
}

/// One line (numbered from 1) of a JSON Lines source; None when blank.
fn jsonl_line(name: &str, number: usize, line: &[u8]) -> Option<Result<RawArticle>> {
    let line = line.strip_suffix(b"\r").unwrap_or(line);
    if line.iter().all(u8::is_ascii_whitespace) {
        return None;
    }
    let fail = |problem| IngestError {
        path: name.to_string(),
        line: Some(number),
        problem,
    };
    let rec: JsonlRecord = match serde_json::from_slice(line) {
        Ok(r) => r,
        Err(e) => return Some(Err(fail(Problem::Json(e.to_string())))),
    };
    Some(record_article(rec, line, format!("{name}:{number}"), fail))
}

/// A JSON document's articles: the object, or each object of the array,
/// read as a JSON Lines record is, with a scraper's own field names too.
/// An item is named `FILE#N` (from 1), in its article's source and in its
/// error.
fn read_json(name: &str, bytes: &[u8]) -> Vec<Result<Entry>> {
    let body = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    let fail = |path: String, problem| IngestError {
        path,
        line: None,
        problem,
    };
    let item = |source: String, raw: &[u8]| -> Result<Entry> {
        let v: serde_json::Map<String, serde_json::Value> = serde_json::from_slice(raw)
            .map_err(|e| fail(source.clone(), Problem::Json(e.to_string())))?;
        let field = |keys: &[&str]| {
            keys.iter()
                .find_map(|k| v.get(*k).filter(|x| !x.is_null()).cloned())
        };
        let string = |keys: &[&str]| scalar(field(keys));
        let rec = JsonlRecord {
            text: string(&["text", "maintext", "articleBody", "body"]),
            title: string(&["title", "headline"]),
            url: string(&["url"]),
            outlet: string(&["outlet", "source_domain"]),
            published: field(&["published", "date_publish", "datePublished"]),
            id: field(&["id"]),
        };
        if rec.text.is_none() {
            return Err(fail(
                source,
                Problem::NotAnArticle("no `text`, `maintext`, `articleBody` or `body` field"),
            ));
        }
        let err_path = source.clone();
        record_article(rec, raw, source, |p| fail(err_path.clone(), p))
            .map(|a| Entry::Article(Box::new(a)))
    };
    match body.iter().find(|b| !b.is_ascii_whitespace()) {
        Some(b'[') => match serde_json::from_slice::<Vec<&serde_json::value::RawValue>>(body) {
            Ok(items) if items.is_empty() => vec![Err(fail(name.to_string(), Problem::Empty))],
            Ok(items) => items
                .iter()
                .enumerate()
                .map(|(i, raw)| item(format!("{name}#{}", i + 1), raw.get().as_bytes()))
                .collect(),
            Err(e) => vec![Err(fail(
                name.to_string(),
                Problem::Json(format!("{e} (an array of article objects expected)")),
            ))],
        },
        Some(b'{') => vec![item(name.to_string(), body.trim_ascii())],
        _ => vec![Err(fail(
            name.to_string(),
            Problem::NotAnArticle("neither an article object nor an array of them"),
        ))],
    }
}

/// The article of one JSON record, after the checks every record gets.
fn record_article(
    rec: JsonlRecord,
    bytes: &[u8],
    source: String,
    fail: impl Fn(Problem) -> IngestError,
) -> Result<RawArticle> {
    let Some(text) = rec.text else {
        return Err(fail(Problem::MissingText));
    };
    if text.trim().is_empty() {
        return Err(fail(Problem::EmptyText));
    }
    // No article needs U+0000, PostgreSQL's text cannot hold it, and one
    // such record must not fail the batch it came in.
    let nul = |s: Option<&str>| s.is_some_and(|s| s.contains('\0'));
    let nul_in = [
        ("text", nul(Some(&text))),
        ("title", nul(rec.title.as_deref())),
        ("url", nul(rec.url.as_deref())),
        ("outlet", nul(rec.outlet.as_deref())),
        (
            "published",
            nul(rec.published.as_ref().and_then(|v| v.as_str())),
        ),
        ("id", nul(rec.id.as_ref().and_then(|v| v.as_str()))),
    ]
    .into_iter()
    .find_map(|(field, nul)| nul.then_some(field));
    if let Some(field) = nul_in {
        return Err(fail(Problem::NulInField(field)));
    }
    Ok(RawArticle {
        id: content_id(bytes),
        source,
        format: SourceFormat::Jsonl,
        bytes: bytes.to_vec(),
        text,
        encoding: None,
        given: Given {
            id: scalar(rec.id),
            title: rec.title,
            url: rec.url,
            outlet: rec.outlet,
            published: scalar(rec.published),
            published_evidence: None,
            fetched: None,
            redirected_from: Vec::new(),
        },
    })
}

/// Whether a page's bytes are binary data rather than markup: a NUL byte
/// outside UTF-16 (which declares itself with a byte-order mark), or many
/// control characters in its first 64 KB. Random bytes named `.html` would
/// otherwise be decoded by detection into nonsense "text".
fn looks_binary(bytes: &[u8]) -> bool {
    if encoding_rs::Encoding::for_bom(bytes).is_some_and(|(e, _)| e != encoding_rs::UTF_8) {
        return false;
    }
    let head = &bytes[..bytes.len().min(64 << 10)];
    if head.contains(&0) {
        return true;
    }
    let controls = head
        .iter()
        .filter(|&&b| b < 0x20 && !matches!(b, b'\n' | b'\r' | b'\t' | 0x0c))
        .count();
    controls * 100 > head.len()
}

/// The content id of some bytes.
pub fn content_id(bytes: &[u8]) -> ArticleId {
    ArticleId::from_hash(blake3::hash(bytes).as_bytes())
}

/// Decodes article bytes: UTF-8 (a byte-order mark dropped), else the
/// legacy encoding chardetng finds, provided it decodes every byte to a
/// printable character. Returns the text and the legacy encoding's name.
pub fn decode(bytes: &[u8]) -> Result<(String, Option<&'static str>), Problem> {
    if bytes.is_empty() {
        return Err(Problem::Empty);
    }
    // UTF-16 announces itself with a byte-order mark (Windows' "Unicode"
    // text files): half its bytes are NUL where the text is ASCII, so it
    // is read before the NUL test that tells binary data apart.
    if let Some((enc, bom)) =
        encoding_rs::Encoding::for_bom(bytes).filter(|(e, _)| *e != encoding_rs::UTF_8)
    {
        let text =
            decode_utf16(&bytes[bom..], enc == encoding_rs::UTF_16BE).map_err(|(bad, first)| {
                Problem::BadUtf16 {
                    bad,
                    first: bom + first,
                }
            })?;
        if controls(&text) > 0 {
            return Err(Problem::ControlCharacters);
        }
        return Ok((text, Some(enc.name())));
    }
    if bytes.contains(&0) {
        return Err(Problem::Binary);
    }
    let body = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    let (bad, first) = match std::str::from_utf8(body) {
        Ok(s) => {
            return Ok(match parallax_text::repair_double_encoding(s) {
                std::borrow::Cow::Borrowed(s) => (s.to_string(), None),
                std::borrow::Cow::Owned(s) => (s, Some(REPAIRED_UTF8)),
            })
        }
        Err(e) => (
            count_invalid(body),
            e.valid_up_to() + (bytes.len() - body.len()),
        ),
    };
    // Valid multi-byte UTF-8 beside invalid bytes is a mix of encodings: any
    // single legacy decoding would garble the part that was right.
    if has_utf8_multibyte(body) {
        return Err(Problem::MixedEncoding { bad, first });
    }
    let mut det = chardetng::EncodingDetector::new();
    det.feed(body, true);
    let enc = det.guess(None, false);
    if let Some(text) = enc.decode_without_bom_handling_and_without_replacement(body) {
        if controls(&text) == 0 {
            return Ok((text.into_owned(), Some(enc.name())));
        }
    }
    Err(Problem::BadEncoding { bad, first })
}

/// UTF-16 without its byte-order mark, or how many of its code units are
/// bad (a lone surrogate, an odd last byte) and the byte offset of the
/// first. Hand-written over `char::decode_utf16` because encoding_rs
/// replaces a bad unit without saying where it was.
fn decode_utf16(body: &[u8], big_endian: bool) -> Result<String, (usize, usize)> {
    let units = body.chunks_exact(2).map(|b| {
        let pair = [b[0], b[1]];
        if big_endian {
            u16::from_be_bytes(pair)
        } else {
            u16::from_le_bytes(pair)
        }
    });
    let mut text = String::with_capacity(body.len() / 2);
    let (mut bad, mut first, mut at) = (0usize, None, 0usize);
    for c in char::decode_utf16(units) {
        match c {
            Ok(c) => {
                text.push(c);
                at += 2 * c.len_utf16();
            }
            Err(_) => {
                bad += 1;
                first.get_or_insert(at);
                at += 2;
            }
        }
    }
    if body.len() % 2 == 1 {
        bad += 1;
        first.get_or_insert(body.len() - 1);
    }
    match first {
        None => Ok(text),
        Some(first) => Err((bad, first)),
    }
}

/// How many control characters `text` holds, other than line breaks,
/// tabs and form feeds: decoded text with any is binary data.
fn controls(text: &str) -> usize {
    text.chars()
        .filter(|&c| c.is_control() && !matches!(c, '\n' | '\r' | '\t' | '\u{c}'))
        .count()
}

fn has_utf8_multibyte(b: &[u8]) -> bool {
    b.utf8_chunks()
        .any(|c| c.valid().bytes().any(|x| x >= 0x80))
}

fn count_invalid(mut b: &[u8]) -> usize {
    let mut n = 0;
    loop {
        match std::str::from_utf8(b) {
            Ok(_) => return n,
            Err(e) => {
                n += 1;
                let skip =
                    e.valid_up_to() + e.error_len().unwrap_or(b.len() - e.valid_up_to()).max(1);
                b = &b[skip.min(b.len())..];
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problem(name: &str, bytes: &[u8], kind: SourceKind) -> String {
        read_bytes(name, bytes, kind)
            .next()
            .unwrap()
            .unwrap_err()
            .to_string()
    }

    #[test]
    fn rejects_with_the_path_and_what_is_wrong() {
        assert_eq!(problem("a.txt", b"", SourceKind::Text), "a.txt: empty file");
        assert_eq!(
            problem("a.txt", b" \n\t", SourceKind::Text),
            "a.txt: empty file"
        );
        assert_eq!(
            problem("b.txt", b"PK\x03\x04\x00\x00", SourceKind::Text),
            "b.txt: binary data (NUL bytes), not text"
        );
        assert_eq!(
            problem("c.txt", "caf\u{e9} ok \u{2014} ".as_bytes().iter().chain(b"\xff\xfe broken").copied().collect::<Vec<_>>().as_slice(), SourceKind::Text),
            "c.txt: mixed encodings: valid UTF-8 with 2 invalid bytes, the first at byte 13; cannot be repaired"
        );
        assert_eq!(
            problem("e.txt", b"abc \x01\x02\x03 \xff\xfe", SourceKind::Text),
            "e.txt: not valid UTF-8 and no legacy encoding decodes it cleanly (2 bad bytes, the first at byte 8)"
        );
        assert_eq!(
            problem("d.jsonl", b"{\"text\": \"  \"}", SourceKind::Jsonl),
            "d.jsonl:1: empty text"
        );
        assert_eq!(
            problem(
                "n.jsonl",
                b"{\"text\": \"Words.\", \"title\": \"A\\u0000B\"}",
                SourceKind::Jsonl
            ),
            "n.jsonl:1: `title` holds a NUL character (\\u0000): binary data, not text"
        );
    }

    #[test]
    fn repairs_a_legacy_encoding() {
        // "Café – naïve" in Windows-1252.
        let bytes = b"Caf\xe9 \x96 na\xefve people met the press on Monday in the capital.";
        let (text, enc) = decode(bytes).unwrap();
        assert_eq!(enc, Some("windows-1252"));
        assert!(text.starts_with("Café – naïve"));
    }

    #[test]
    fn utf16_text_with_its_byte_order_mark_is_read() {
        let text = "Storm in Valencia \u{201c}we will rebuild\u{201d} \u{1F30A}";
        let mut le = vec![0xff, 0xfe];
        let mut be = vec![0xfe, 0xff];
        for u in text.encode_utf16() {
            le.extend(u.to_le_bytes());
            be.extend(u.to_be_bytes());
        }
        assert_eq!(decode(&le).unwrap(), (text.to_string(), Some("UTF-16LE")));
        assert_eq!(decode(&be).unwrap(), (text.to_string(), Some("UTF-16BE")));
        // A control character decoded: binary data.
        assert_eq!(
            problem("c.txt", &[0xff, 0xfe, b'H', 0, 1, 0], SourceKind::Text),
            "c.txt: binary data (control characters), not text"
        );
        // A lone surrogate (bytes 4-5) and an odd last byte: an error that
        // says where, not text with replacement characters.
        let broken = [0xff, 0xfe, b'H', 0, 0x00, 0xd8, b'i', 0, b'!'];
        assert_eq!(
            problem("u.txt", &broken, SourceKind::Text),
            "u.txt: not valid UTF-16 although it starts with its byte-order mark (2 bad code units, the first at byte 4)"
        );
    }

    #[test]
    fn utf8_bom_is_dropped_and_text_kept() {
        let (text, enc) = decode("\u{feff}Hello".as_bytes()).unwrap();
        assert_eq!((text.as_str(), enc), ("Hello", None));
    }

    #[test]
    fn jsonl_reads_given_fields_and_numbers_lines() {
        let data = b"{\"id\": 7, \"text\": \"Body.\", \"title\": \"T\", \"published\": \"2020-01-02\"}\r\n\n{\"text\": \"B2\"}";
        let got: Vec<RawArticle> = read_bytes("f.jsonl", data, SourceKind::Jsonl)
            .map(Result::unwrap)
            .collect();
        assert_eq!(got.len(), 2);
        assert_eq!(got[0].given.id.as_deref(), Some("7"));
        assert_eq!(got[0].given.title.as_deref(), Some("T"));
        assert_eq!(got[1].source, "f.jsonl:3");
        assert_ne!(got[0].id, got[1].id);
    }

    #[test]
    fn a_jsonl_file_streams_line_by_line_like_its_bytes() {
        // Regression: a byte-order mark cost the first line; the file is
        // read a line at a time, so its lines and numbers must be those of
        // the whole-bytes reader.
        let dir = std::env::temp_dir().join(format!("parallax-jsonl-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let data = b"\xef\xbb\xbf{\"text\": \"First.\"}\r\n\n{\"text\": \"B2\"}\nnot json\n{\"text\": \"Last, no newline.\"}";
        let path = dir.join("f.jsonl");
        std::fs::write(&path, data).unwrap();
        let got: Vec<_> = read_source(
            &Source::File {
                path: path.clone(),
                kind: SourceKind::Jsonl,
            },
            &Limits::default(),
        )
        .collect();
        assert_eq!(got.len(), 4);
        let article = |e: &Result<Entry>| match e {
            Ok(Entry::Article(a)) => (a.source.clone(), a.text.clone()),
            other => panic!("{other:?}"),
        };
        let name = path.display().to_string();
        assert_eq!(
            article(&got[0]),
            (format!("{name}:1"), "First.".to_string())
        );
        assert_eq!(article(&got[1]).0, format!("{name}:3"));
        assert_eq!(got[2].as_ref().unwrap_err().line, Some(4));
        assert_eq!(article(&got[3]).1, "Last, no newline.");
        std::fs::write(&path, b"\n \n").unwrap();
        let empty: Vec<_> = read_source(
            &Source::File {
                path: path.clone(),
                kind: SourceKind::Jsonl,
            },
            &Limits::default(),
        )
        .collect();
        assert!(
            matches!(&empty[..], [Err(e)] if e.problem == Problem::Empty),
            "{empty:?}"
        );
        std::fs::remove_dir_all(dir).ok();
    }

    #[test]
    fn a_json_document_is_one_article_or_an_array_of_them() {
        // news-please's layout, pretty-printed: its own field names.
        let one = br#"{
  "authors": [],
  "date_publish": "2017-09-15T00:00:00",
  "source_domain": "example.com",
  "title": "Talks resume",
  "maintext": "Talks resumed on Friday.",
  "url": "http://example.com/a"
}
"#;
        for kind in [SourceKind::Json, SourceKind::Sniff] {
            let got: Vec<_> = read_bytes("a.json", one, kind).collect();
            assert_eq!(got.len(), 1, "{kind:?}: {got:?}");
            let a = got[0].as_ref().unwrap();
            assert_eq!(a.text, "Talks resumed on Friday.");
            assert_eq!(a.given.title.as_deref(), Some("Talks resume"));
            assert_eq!(a.given.outlet.as_deref(), Some("example.com"));
            assert_eq!(a.given.published.as_deref(), Some("2017-09-15T00:00:00"));
            assert_eq!(a.given.url.as_deref(), Some("http://example.com/a"));
            assert_eq!(a.source, "a.json");
            assert_eq!(a.bytes, one.trim_ascii(), "the original bytes are kept");
        }
        // An array: each object an article, named by its place; a bad one
        // is reported and the others kept.
        let many = br#"[{"text": "One.", "headline": "First"},
            {"articleBody": "Two.", "datePublished": "2024-04-09"},
            {"title": "no text"}, 7]"#;
        let got: Vec<_> = read_bytes("b.json", many, SourceKind::Json).collect();
        assert_eq!(got.len(), 4, "{got:?}");
        let first = got[0].as_ref().unwrap();
        assert_eq!(
            (first.text.as_str(), first.source.as_str()),
            ("One.", "b.json#1")
        );
        assert_eq!(first.given.title.as_deref(), Some("First"));
        assert_eq!(first.bytes, br#"{"text": "One.", "headline": "First"}"#);
        let second = got[1].as_ref().unwrap();
        assert_eq!(second.given.published.as_deref(), Some("2024-04-09"));
        assert_ne!(first.id, second.id);
        let e = got[2].as_ref().unwrap_err().to_string();
        assert!(e.starts_with("b.json#3: not an article: no `text`"), "{e}");
        assert!(got[3]
            .as_ref()
            .unwrap_err()
            .to_string()
            .starts_with("b.json#4: "));
        // What is not a document of articles is one clear error.
        for (bytes, says) in [
            (&b"[{\"text\": 1"[..], "array of article objects"),
            (b"[]", "empty"),
            (b"{\"entries\": {}}", "not an article: no `text`"),
            (b"[7]", "#1: invalid JSON"),
        ] {
            let got: Vec<_> = read_bytes("c.json", bytes, SourceKind::Json).collect();
            assert_eq!(got.len(), 1);
            let e = got[0].as_ref().unwrap_err().to_string();
            assert!(e.starts_with("c.json") && e.contains(says), "{e}");
        }
        // JSON Lines stays JSON Lines when sniffed, and a JSON Feed a feed.
        let lines = b"{\"text\": \"One.\"}\n{\"text\": \"Two.\"}\n";
        let got: Vec<_> = read_bytes("-", lines, SourceKind::Sniff).collect();
        assert_eq!(got.len(), 2);
        assert_eq!(got[1].as_ref().unwrap().source, "-:2");
        let feed = br#"{"version": "https://jsonfeed.org/version/1.1", "title": "F",
            "items": [{"id": "1", "content_text": "Item text.", "url": "http://e.com/1"}]}"#;
        let got: Vec<_> = read_bytes("f.json", feed, SourceKind::Json).collect();
        assert_eq!(got.len(), 1, "{got:?}");
        assert_eq!(got[0].as_ref().unwrap().format, SourceFormat::Feed);
    }

    #[test]
    fn sniffing_tells_jsonl_from_text() {
        let got: Vec<_> = read_bytes("-", b"  {\"text\": \"x\"}", SourceKind::Sniff).collect();
        assert_eq!(got[0].as_ref().unwrap().format, SourceFormat::Jsonl);
        let got: Vec<_> = read_bytes("-", b"Plain words.", SourceKind::Sniff).collect();
        assert_eq!(got[0].as_ref().unwrap().format, SourceFormat::Text);
    }

    #[test]
    fn pages_and_texts_encoded_twice_are_repaired_and_say_so() {
        // "It’s a café": UTF-8 read as Windows-1252, then written as UTF-8.
        let twice = "It\u{e2}\u{20ac}\u{2122}s a caf\u{c3}\u{a9}";
        let page =
            format!("<html><head><meta charset=utf-8></head><body><p>{twice}</p></body></html>");
        let got = read_bytes("p.html", page.as_bytes(), SourceKind::Sniff)
            .next()
            .unwrap()
            .unwrap();
        assert!(got.text.contains("It’s a café"), "{}", got.text);
        assert_eq!(got.encoding.as_deref(), Some(REPAIRED_UTF8));
        assert_eq!(got.bytes, page.as_bytes(), "the original bytes are kept");
        let got = read_bytes("t.txt", twice.as_bytes(), SourceKind::Text)
            .next()
            .unwrap()
            .unwrap();
        assert_eq!(got.text, "It’s a café");
        // Text that merely has accents is left alone.
        let got = read_bytes("t.txt", "São Paulo, Zürich".as_bytes(), SourceKind::Text)
            .next()
            .unwrap()
            .unwrap();
        assert_eq!(
            (got.text.as_str(), got.encoding),
            ("São Paulo, Zürich", None)
        );
    }

    #[test]
    fn web_pages_are_sniffed_gunzipped_and_decoded_by_their_declared_charset() {
        let page = b"<!DOCTYPE html><html><head><meta charset=\"windows-1252\"></head><body><p>Caf\xe9 \x93quoted\x94</p></body></html>";
        let got = read_bytes("-", page, SourceKind::Sniff)
            .next()
            .unwrap()
            .unwrap();
        assert_eq!(got.format, SourceFormat::Html);
        assert!(
            got.text.contains("Caf\u{e9} \u{201c}quoted\u{201d}"),
            "{}",
            got.text
        );
        assert_eq!(got.encoding.as_deref(), Some("windows-1252"));
        // The same page gzip-compressed: read through, original bytes kept.
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        std::io::Write::write_all(&mut gz, page).unwrap();
        let gz = gz.finish().unwrap();
        let got = read_bytes("p.html.gz", &gz, SourceKind::Html { gzip: true })
            .next()
            .unwrap()
            .unwrap();
        assert!(got.text.contains("Caf\u{e9}"));
        assert_eq!(got.bytes, gz);
        // A truncated gzip file is a clear error naming the file.
        let err = read_bytes(
            "p.html.gz",
            &gz[..gz.len() / 2],
            SourceKind::Html { gzip: true },
        )
        .next()
        .unwrap()
        .unwrap_err();
        assert!(
            err.to_string().starts_with("p.html.gz: bad gzip data"),
            "{err}"
        );
        assert_eq!(
            kind_of(Path::new("a/b.html.gz")),
            Some(SourceKind::Html { gzip: true })
        );
        assert_eq!(
            kind_of(Path::new("a/b.HTM")),
            Some(SourceKind::Html { gzip: false })
        );
        assert_eq!(kind_of(Path::new("a/b.tar.gz")), None);
    }

    #[test]
    fn discovery_walks_directories_and_ignores_other_files() {
        let dir = std::env::temp_dir().join(format!("parallax-discover-{}", std::process::id()));
        std::fs::create_dir_all(dir.join("sub")).unwrap();
        for f in ["b.txt", "a.txt", "sub/c.jsonl", "README.md", ".hidden"] {
            std::fs::write(dir.join(f), "x").unwrap();
        }
        std::fs::write(
            dir.join("news.xml"),
            "<?xml version=\"1.0\"?><rss><channel/></rss>",
        )
        .unwrap();
        std::fs::write(dir.join("sitemap.xml"), "<?xml version=\"1.0\"?><urlset/>").unwrap();
        let d = discover(std::slice::from_ref(&dir));
        let names: Vec<String> = d
            .sources
            .iter()
            .map(|s| match s {
                Source::File { path, .. } => path.strip_prefix(&dir).unwrap().display().to_string(),
                Source::Stdin => "-".into(),
            })
            .collect();
        assert_eq!(names, ["a.txt", "b.txt", "news.xml", "sub/c.jsonl"]);
        assert_eq!(d.ignored.len(), 3, "README.md, .hidden and the sitemap");
        std::fs::remove_dir_all(dir).unwrap();
    }

    fn small() -> Limits {
        Limits {
            max_article: 1 << 20,
        }
    }

    fn gzip(b: &[u8]) -> Vec<u8> {
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        std::io::Write::write_all(&mut gz, b).unwrap();
        gz.finish().unwrap()
    }

    #[test]
    fn a_gzip_bomb_is_skipped_by_its_name_without_inflating_it() {
        // Regression: a small .html.gz inflating past what SQLite takes
        // ended the batch ("string or blob too big") on every run.
        let bomb = gzip(&vec![b'<'; 64 << 20]);
        assert!(bomb.len() < 1 << 20);
        let got: Vec<_> = read_entries_with(
            "b.html.gz",
            &bomb,
            SourceKind::Html { gzip: true },
            &small(),
        )
        .collect();
        let err = got[0].as_ref().unwrap_err();
        assert_eq!(
            err.to_string(),
            "b.html.gz: larger than 1 MiB once decompressed"
        );
        // Sniffed (no telling extension), the same.
        let got: Vec<_> = read_entries_with("b", &bomb, SourceKind::Sniff, &small()).collect();
        assert_eq!(
            got[0].as_ref().unwrap_err().problem,
            Problem::TooLargeDecompressed { limit: 1 << 20 }
        );
        // Under the cap, read as before.
        let page = gzip(b"<html><body><p>A page.</p></body></html>");
        let got: Vec<_> = read_entries_with(
            "p.html.gz",
            &page,
            SourceKind::Html { gzip: true },
            &small(),
        )
        .collect();
        assert!(matches!(&got[0], Ok(Entry::Article(_))), "{got:?}");
    }

    #[test]
    fn a_file_over_the_cap_is_skipped_unread() {
        let dir = std::env::temp_dir().join(format!("parallax-cap-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("huge.txt");
        std::fs::write(&path, vec![b'!'; (1 << 20) + 1]).unwrap();
        let got: Vec<_> = read_source(
            &Source::File {
                path: path.clone(),
                kind: SourceKind::Text,
            },
            &small(),
        )
        .collect();
        assert_eq!(
            got[0].as_ref().unwrap_err().to_string(),
            format!("{}: larger than 1 MiB", path.display())
        );
        // A JSON Lines line over the cap is reported by its number; the
        // lines after it are read.
        let jsonl = dir.join("f.jsonl");
        let mut data = format!("{{\"text\": \"{}\"}}\n", "x".repeat(3 << 20)).into_bytes();
        data.extend_from_slice(b"{\"text\": \"After.\"}\n");
        std::fs::write(&jsonl, data).unwrap();
        let got: Vec<_> = read_source(
            &Source::File {
                path: jsonl.clone(),
                kind: SourceKind::Jsonl,
            },
            &small(),
        )
        .collect();
        assert_eq!(got.len(), 2, "{got:?}");
        assert_eq!(
            got[0].as_ref().unwrap_err().to_string(),
            format!("{}:1: larger than 1 MiB", jsonl.display())
        );
        assert!(matches!(&got[1], Ok(Entry::Article(a)) if a.text == "After."));
        std::fs::remove_dir_all(dir).ok();
    }

    #[test]
    fn a_sniffed_stream_is_streamed_whatever_its_size() {
        // A file named without a telling extension (or standard input)
        // holding JSON Lines is read a line at a time, so only a line, not
        // the whole input, is held to the cap.
        let dir = std::env::temp_dir().join(format!("parallax-sniff-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("dump.dat");
        let line = format!("{{\"text\": \"{}\"}}\n", "word ".repeat(100));
        std::fs::write(&path, line.repeat(50)).unwrap();
        let limits = Limits { max_article: 1024 };
        let got: Vec<_> = read_source(
            &Source::File {
                path,
                kind: SourceKind::Sniff,
            },
            &limits,
        )
        .collect();
        assert_eq!(got.len(), 50);
        assert!(
            got.iter().all(|e| matches!(e, Ok(Entry::Article(_)))),
            "{:?}",
            got[0]
        );
        std::fs::remove_dir_all(dir).ok();
    }

    #[test]
    fn a_feed_document_over_its_cap_is_refused_before_parsing() {
        let limits = Limits { max_article: 1024 };
        let mut feed = String::from("<rss><channel>");
        while feed.len() <= 4096 {
            feed.push_str(
                "<item><title>T</title><description>Some words here.</description></item>",
            );
        }
        feed.push_str("</channel></rss>");
        let got: Vec<_> =
            read_entries_with("f.rss", feed.as_bytes(), SourceKind::Feed, &limits).collect();
        assert_eq!(got.len(), 1);
        assert_eq!(
            got[0].as_ref().unwrap_err().to_string(),
            "f.rss: larger than 4 KiB"
        );
    }

    #[test]
    fn binary_bytes_named_html_are_not_a_page() {
        // Regression: 100 KB of random bytes named .html was stored as an
        // Italian article.
        let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
        let noise: Vec<u8> = (0..100_000)
            .map(|_| {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                (x >> 24) as u8
            })
            .collect();
        assert_eq!(
            problem("r.html", &noise, SourceKind::Html { gzip: false }),
            "r.html: binary data (NUL bytes or control characters), not a web page"
        );
        // UTF-16 with its byte-order mark is a page, NUL bytes and all.
        let utf16: Vec<u8> = [0xff, 0xfe]
            .into_iter()
            .chain(
                "<html><body><p>Hello.</p></body></html>"
                    .encode_utf16()
                    .flat_map(u16::to_le_bytes),
            )
            .collect();
        assert!(
            read_bytes("u.html", &utf16, SourceKind::Html { gzip: false })
                .next()
                .unwrap()
                .is_ok()
        );
    }
}
