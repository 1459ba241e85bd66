//! WARC archives (`.warc`, `.warc.gz`): a streaming reader of response
//! records that yields the HTML pages in them.
//!
//! Hand-written rather than taken from the `warc` crate, for three reasons
//! that matter here: the reader must own its input and stream record by
//! record through a `Box<dyn Iterator>` (the crate's streaming iterator
//! borrows its reader), a truncated record must be reported with where it
//! starts and how much is missing (the crate reads bodies line by line and
//! says only "unexpected end of body"), and skipped records must not be
//! buffered (CC-NEWS files are gigabytes). The format itself is small: a
//! version line, `Name: value` headers, a blank line, `Content-Length` bytes
//! of block, then CRLF CRLF (ISO 28500). The tests write their archives with
//! the `warc` crate, so the two implementations check each other.
//!
//! Memory is one record's block at a time, whatever the file's size: a
//! response record over [`Limits::max_article`] (plus room for its HTTP
//! header) is skipped unread and reported, and an HTTP body's content
//! coding is undone through the same cap, so a small gzip bomb inside a
//! record is reported, not inflated.

use std::io::{self, BufRead, Read};

use parallax_model::{Given, RawArticle, SourceFormat};

use crate::{
    content_id, decode_html, looks_like_html, read_capped, Entry, IngestError, Limits, Problem,
    Result,
};

/// A header block longer than this is not a WARC header (nor an HTTP one).
const MAX_HEADER: usize = 1 << 20;

/// Why a WARC record was passed over; counted in the ingest report.
pub const NOT_RESPONSE: &str =
    "WARC records that are not responses (request, metadata, warcinfo, revisit)";
pub const NOT_HTML: &str = "responses that are not HTML";
pub const NOT_200: &str = "WARC responses with an HTTP status other than 200";
pub const BAD_HTTP: &str = "WARC responses whose HTTP message cannot be parsed";

/// Streams the records of one WARC file (already gunzipped if it was
/// compressed) named `name`.
#[derive(Debug)]
pub struct WarcRecords<R> {
    reader: R,
    name: String,
    /// Bytes consumed so far: where the next record starts.
    offset: u64,
    /// Records read so far.
    index: usize,
    done: bool,
    limits: Limits,
}

impl<R: BufRead> WarcRecords<R> {
    pub fn new(name: impl Into<String>, reader: R, limits: Limits) -> Self {
        WarcRecords {
            reader,
            name: name.into(),
            offset: 0,
            index: 0,
            done: false,
            limits,
        }
    }

    fn fail(&mut self, problem: Problem) -> Option<Result<Entry>> {
        self.done = true;
        Some(Err(IngestError {
            path: self.name.clone(),
            line: None,
            problem,
        }))
    }

    /// Reads one header line, counting its bytes; `None` at the end.
    fn line(&mut self, buf: &mut Vec<u8>) -> io::Result<usize> {
        buf.clear();
        let n = (&mut self.reader)
            .take(MAX_HEADER as u64)
            .read_until(b'\n', buf)?;
        self.offset += n as u64;
        Ok(n)
    }

    fn next_record(&mut self) -> Option<Result<Entry>> {
        let start = self.offset;
        let mut line = Vec::new();
        // Blank lines between records (the CRLF CRLF after each block, or
        // stray ones) are skipped.
        loop {
            match self.line(&mut line) {
                Ok(0) => return None,
                Ok(_) if line.iter().all(u8::is_ascii_whitespace) => continue,
                Ok(_) => break,
                Err(e) => return self.fail(read_problem(start, &e)),
            }
        }
        let start = self.offset - line.len() as u64;
        if !line.starts_with(b"WARC/") {
            return self.fail(Problem::Warc(format!(
                "no WARC record at byte {start}: the line starts {:?}",
                String::from_utf8_lossy(&line[..line.len().min(20)])
            )));
        }
        self.index += 1;
        let record = self.index;
        let mut headers: Vec<(String, String)> = Vec::new();
        let mut size = 0;
        loop {
            match self.line(&mut line) {
                Ok(0) => {
                    return self.fail(Problem::Truncated {
                        record,
                        start,
                        what: "the file ends inside its header".into(),
                    })
                }
                Ok(n) => size += n,
                Err(e) => return self.fail(read_problem(start, &e)),
            }
            if size > MAX_HEADER {
                return self.fail(Problem::Warc(format!(
                    "record {record} at byte {start}: header over 1 MiB"
                )));
            }
            let text = String::from_utf8_lossy(&line);
            let text = text.trim_end_matches(['\r', '\n']);
            if text.is_empty() {
                break;
            }
            if let Some((name, value)) = text.split_once(':') {
                headers.push((name.trim().to_ascii_lowercase(), value.trim().to_string()));
            }
        }
        let header = |name: &str| {
            headers
                .iter()
                .find(|(n, _)| n == name)
                .map(|(_, v)| v.as_str())
        };
        let Some(length) = header("content-length").and_then(|v| v.parse::<u64>().ok()) else {
            return self.fail(Problem::Warc(format!(
                "record {record} at byte {start}: no valid Content-Length"
            )));
        };
        let uri = header("warc-target-uri")
            .map(|u| u.trim_matches(['<', '>']).to_string())
            .filter(|u| !u.is_empty());
        let date = header("warc-date").map(str::to_string);
        let is_response = header("warc-type").is_some_and(|t| t.eq_ignore_ascii_case("response"))
            && header("content-type")
                .is_none_or(|t| t.to_ascii_lowercase().starts_with("application/http"));
        let source = format!("{}#{record}", self.name);
        let too_large = length > self.limits.max_article + MAX_HEADER as u64;
        if !is_response || too_large {
            match io::copy(&mut (&mut self.reader).take(length), &mut io::sink()) {
                Ok(got) => {
                    self.offset += got;
                    if got < length {
                        return self.truncated(record, start, &uri, length, Cut::Ended(got));
                    }
                }
                Err(e) => return self.truncated(record, start, &uri, length, Cut::Broken(&e)),
            }
            if too_large {
                return Some(Err(IngestError {
                    path: source,
                    line: None,
                    problem: Problem::TooLarge {
                        limit: self.limits.max_article,
                    },
                }));
            }
            return Some(Ok(Entry::PassedOver {
                source,
                reason: NOT_RESPONSE,
            }));
        }
        let mut block = Vec::with_capacity(length.min(1 << 20) as usize);
        match (&mut self.reader).take(length).read_to_end(&mut block) {
            Ok(got) => {
                self.offset += got as u64;
                if (got as u64) < length {
                    return self.truncated(record, start, &uri, length, Cut::Ended(got as u64));
                }
            }
            Err(e) => return self.truncated(record, start, &uri, length, Cut::Broken(&e)),
        }
        Some(http_page(source, &block, uri, date, &self.limits))
    }

    /// The record's block ends early: the file ends (`got` bytes read) or
    /// the data breaks off (a compressed archive cut short fails this way).
    fn truncated(
        &mut self,
        record: usize,
        start: u64,
        uri: &Option<String>,
        length: u64,
        cut: Cut<'_>,
    ) -> Option<Result<Entry>> {
        let of = uri.as_deref().map(|u| format!("{u}: ")).unwrap_or_default();
        let what = match cut {
            Cut::Ended(got) => {
                format!("{of}the file ends {got} bytes into its {length}-byte block")
            }
            Cut::Broken(e) => {
                format!("{of}the data breaks off inside its {length}-byte block ({e})")
            }
        };
        self.fail(Problem::Truncated {
            record,
            start,
            what,
        })
    }
}

/// How a block ended early.
enum Cut<'a> {
    Ended(u64),
    Broken(&'a io::Error),
}

fn read_problem(start: u64, e: &io::Error) -> Problem {
    Problem::Warc(format!("cannot read the record at byte {start}: {e}"))
}

impl<R: BufRead> Iterator for WarcRecords<R> {
    type Item = Result<Entry>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.done {
            return None;
        }
        let next = self.next_record();
        if next.is_none() {
            self.done = true;
        }
        next
    }
}

/// An HTTP response block: the page in it, or why it is passed over; an
/// error when its body is cut short, badly chunked, or over the cap once
/// its content coding is undone.
fn http_page(
    source: String,
    block: &[u8],
    uri: Option<String>,
    date: Option<String>,
    limits: &Limits,
) -> Result<Entry> {
    let mut headers = [httparse::EMPTY_HEADER; 128];
    let mut response = httparse::Response::new(&mut headers);
    let body_at = match response.parse(block) {
        Ok(httparse::Status::Complete(n)) => n,
        _ => {
            return Ok(Entry::PassedOver {
                source,
                reason: BAD_HTTP,
            })
        }
    };
    if response.code != Some(200) {
        return Ok(Entry::PassedOver {
            source,
            reason: NOT_200,
        });
    }
    let header = |name: &str| {
        response
            .headers
            .iter()
            .find(|h| h.name.eq_ignore_ascii_case(name))
            .map(|h| String::from_utf8_lossy(h.value).to_ascii_lowercase())
    };
    let fail = |what: String| {
        Err(IngestError {
            path: source.clone(),
            line: None,
            problem: Problem::Warc(what),
        })
    };
    let content_type = header("content-type");
    let mut body = block[body_at..].to_vec();
    if header("transfer-encoding").is_some_and(|t| t.contains("chunked")) {
        match dechunk(&body) {
            Some(plain) => body = plain,
            // Crawlers often store the body already decoded: only markup
            // passes as such.
            None if !looks_like_html(&body) => {
                return fail("the HTTP body is said to be chunked but its chunks are broken".into())
            }
            None => {}
        }
    } else if let Some(n) = header("content-length").and_then(|v| v.trim().parse::<u64>().ok()) {
        // Crawlers rewrite the length when they decode a body, so a longer
        // body is fine; a shorter one means the record was cut.
        if (body.len() as u64) < n && header("content-encoding").is_none() {
            return fail(format!(
                "the HTTP body is {} bytes, its Content-Length says {n}: the record is cut short",
                body.len()
            ));
        }
    }
    let cap = limits.max_article;
    let inflated = |r: &mut dyn Read| match read_capped(r, cap) {
        Ok(Some(out)) => Ok(Some(out)),
        Ok(None) => Err(IngestError {
            path: source.clone(),
            line: None,
            problem: Problem::TooLargeDecompressed { limit: cap },
        }),
        // Not compressed after all (crawlers often store bodies decoded).
        Err(_) => Ok(None),
    };
    match header("content-encoding").as_deref().map(str::trim) {
        None | Some("" | "identity") => {}
        Some("gzip" | "x-gzip") => {
            if let Some(out) = inflated(&mut flate2::read::MultiGzDecoder::new(&body[..]))? {
                body = out;
            }
        }
        Some("deflate") => {
            if let Some(out) = inflated(&mut flate2::read::ZlibDecoder::new(&body[..]))? {
                body = out;
            }
        }
        Some(other) => {
            if !looks_like_html(&body) {
                return Err(IngestError {
                    path: source,
                    line: None,
                    problem: Problem::UnknownEncoding(other.to_string()),
                });
            }
        }
    }
    if body.len() as u64 > cap {
        return Err(IngestError {
            path: source,
            line: None,
            problem: Problem::TooLarge { limit: cap },
        });
    }
    Ok(web_page(source, body, content_type.as_deref(), uri, date))
}

/// A web page as served over HTTP (from a WARC record, or fetched by
/// `parallax watch`): passed over unless its `Content-Type` (or, without
/// one, its bytes) says HTML; decoded by the HTTP charset, which outranks
/// the page's own declaration (as in browsers), else as [`read_html`]
/// would.
///
/// [`read_html`]: crate::read_bytes
pub fn web_page(
    source: String,
    body: Vec<u8>,
    content_type: Option<&str>,
    url: Option<String>,
    fetched: Option<String>,
) -> Entry {
    let content_type = content_type.map(str::to_ascii_lowercase);
    let html = match content_type.as_deref() {
        Some(t) => t.contains("text/html") || t.contains("application/xhtml"),
        None => looks_like_html(&body),
    };
    if !html {
        return Entry::PassedOver {
            source,
            reason: NOT_HTML,
        };
    }
    let http_charset = content_type.as_deref().and_then(|t| {
        let (_, cs) = t.split_once("charset=")?;
        encoding_rs::Encoding::for_label(cs.trim_matches(['"', '\'', ' ', ';']).as_bytes())
    });
    let (text, encoding) = match http_charset {
        Some(enc) if enc != encoding_rs::UTF_8 || std::str::from_utf8(&body).is_ok() => {
            let (t, _) = enc.decode_without_bom_handling(&body);
            (
                t.into_owned(),
                (enc != encoding_rs::UTF_8).then(|| enc.name().to_string()),
            )
        }
        _ => decode_html(&body),
    };
    Entry::Article(Box::new(RawArticle {
        id: content_id(&body),
        source,
        format: SourceFormat::Html,
        bytes: body,
        text,
        encoding,
        given: Given {
            url,
            fetched,
            ..Given::default()
        },
    }))
}

/// Undoes HTTP chunked transfer coding; `None` when the body is not
/// chunked after all (crawlers often store it already decoded).
fn dechunk(mut b: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(b.len());
    loop {
        let eol = b.windows(2).position(|w| w == b"\r\n")?;
        let size_text = std::str::from_utf8(&b[..eol]).ok()?;
        let size_text = size_text.split(';').next()?.trim();
        let size = usize::from_str_radix(size_text, 16).ok()?;
        b = &b[eol + 2..];
        if size == 0 {
            return Some(out);
        }
        out.extend_from_slice(b.get(..size)?);
        b = b.get(size..)?;
        b = b.strip_prefix(b"\r\n").unwrap_or(b);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dechunks_and_leaves_plain_bodies_alone() {
        assert_eq!(
            dechunk(b"4\r\nWiki\r\n5;x=1\r\npedia\r\n0\r\n\r\n").as_deref(),
            Some(&b"Wikipedia"[..])
        );
        assert_eq!(dechunk(b"<html>not chunked</html>"), None);
    }
}
