//! WARC archives written by the `warc` crate (an independent writer) and
//! read by parallax's streaming reader.
#![allow(clippy::unwrap_used)]

use std::io::Write;

use parallax_ingest::{read_entries, warc as w, Entry, Problem, SourceKind};
use warc::{RecordBuilder, RecordType, WarcHeader, WarcWriter};

const PAGE: &str = "<!DOCTYPE html><html><head><title>Dam opens</title></head><body><article><p>The dam opened on Monday after ten years of work, officials said.</p></article></body></html>";

fn record(kind: RecordType, uri: &str, content_type: &str, block: Vec<u8>) -> Vec<u8> {
    let rec = RecordBuilder::default()
        .warc_type(kind)
        .header(WarcHeader::TargetURI, uri)
        .header(WarcHeader::ContentType, content_type)
        .body(block)
        .build()
        .unwrap();
    let mut out = Vec::new();
    WarcWriter::new(&mut out).write(&rec).unwrap();
    out
}

fn response(uri: &str, status: &str, headers: &str, body: &[u8]) -> Vec<u8> {
    let mut block = format!("HTTP/1.1 {status}\r\n{headers}\r\n").into_bytes();
    block.extend_from_slice(body);
    record(
        RecordType::Response,
        uri,
        "application/http; msgtype=response",
        block,
    )
}

fn gzip(b: &[u8]) -> Vec<u8> {
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    gz.write_all(b).unwrap();
    gz.finish().unwrap()
}

/// An archive mixing an HTML page, a request, an image, a 404, a chunked
/// gzip-encoded page in Windows-1252, and a truncated last record; each
/// record as it would be written, and where the last one starts.
fn archive() -> (Vec<Vec<u8>>, usize) {
    let mut chunked = Vec::new();
    let gz = gzip(
        b"<html><body><article><p>Caf\xe9 owners protested on Tuesday in the old town.</p></article></body></html>",
    );
    for part in gz.chunks(40) {
        chunked.extend_from_slice(format!("{:x}\r\n", part.len()).as_bytes());
        chunked.extend_from_slice(part);
        chunked.extend_from_slice(b"\r\n");
    }
    chunked.extend_from_slice(b"0\r\n\r\n");
    let records = vec![
        record(
            RecordType::WarcInfo,
            "",
            "application/warc-fields",
            b"software: test\r\n".to_vec(),
        ),
        record(
            RecordType::Request,
            "https://news.example/dam",
            "application/http; msgtype=request",
            b"GET /dam HTTP/1.1\r\nHost: news.example\r\n\r\n".to_vec(),
        ),
        response(
            "https://news.example/dam",
            "200 OK",
            "Content-Type: text/html; charset=utf-8\r\n",
            PAGE.as_bytes(),
        ),
        response(
            "https://news.example/logo.png",
            "200 OK",
            "Content-Type: image/png\r\n",
            b"\x89PNG\r\n\x1a\n\0\0",
        ),
        response(
            "https://news.example/gone",
            "404 Not Found",
            "Content-Type: text/html\r\n",
            b"<html><body>Not found</body></html>",
        ),
        response(
            "https://news.example/cafe",
            "200 OK",
            "Content-Type: text/html; charset=windows-1252\r\nTransfer-Encoding: chunked\r\nContent-Encoding: gzip\r\n",
            &chunked,
        ),
        response(
            "https://news.example/last",
            "200 OK",
            "Content-Type: text/html\r\n",
            PAGE.replace("dam", "bridge").as_bytes(),
        ),
    ];
    let start = records[..records.len() - 1].iter().map(Vec::len).sum();
    (records, start)
}

fn read(name: &str, bytes: &[u8], gzip: bool) -> Vec<Result<Entry, parallax_ingest::IngestError>> {
    read_entries(name, bytes, SourceKind::Warc { gzip }).collect()
}

#[test]
fn reads_html_responses_and_counts_what_it_passes_over() {
    let (records, _) = archive();
    let whole = records.concat();
    let got = read("a.warc", &whole, false);
    assert_eq!(got.len(), 7, "one entry per record");
    let mut articles = Vec::new();
    let mut passed = Vec::new();
    for e in got {
        match e.unwrap() {
            Entry::Article(a) => articles.push(a),
            Entry::PassedOver { source, reason } => passed.push((source, reason)),
        }
    }
    assert_eq!(
        passed,
        [
            ("a.warc#1".to_string(), w::NOT_RESPONSE),
            ("a.warc#2".to_string(), w::NOT_RESPONSE),
            ("a.warc#4".to_string(), w::NOT_HTML),
            ("a.warc#5".to_string(), w::NOT_200),
        ]
    );
    assert_eq!(articles.len(), 3);
    let dam = &articles[0];
    assert_eq!(dam.source, "a.warc#3");
    assert_eq!(dam.given.url.as_deref(), Some("https://news.example/dam"));
    assert!(dam.given.fetched.is_some(), "the WARC-Date is kept");
    assert_eq!(
        dam.given.published, None,
        "a capture time is no publication date"
    );
    assert_eq!(
        dam.bytes,
        PAGE.as_bytes(),
        "the page's bytes, not the HTTP message"
    );
    let cafe = &articles[1];
    assert!(cafe.text.contains("Caf\u{e9} owners"), "{}", cafe.text);
    assert_eq!(cafe.encoding.as_deref(), Some("windows-1252"));
    // The same archive as a .warc.gz, one gzip member per record (as
    // Common Crawl writes them), sniffed from its bytes.
    let gz: Vec<u8> = records.iter().flat_map(|r| gzip(r)).collect();
    let got: Vec<_> = read_entries("a.warc.gz", &gz, SourceKind::Sniff).collect();
    let n = got
        .iter()
        .filter(|e| matches!(e, Ok(Entry::Article(_))))
        .count();
    assert_eq!((got.len(), n), (7, 3));
}

#[test]
fn a_truncated_last_record_is_reported_with_where_it_starts() {
    let (records, start) = archive();
    let mut whole = records.concat();
    whole.truncate(whole.len() - 60);
    let got = read("t.warc", &whole, false);
    assert_eq!(got.len(), 7);
    let articles = got
        .iter()
        .filter(|e| matches!(e, Ok(Entry::Article(_))))
        .count();
    assert_eq!(articles, 2, "the records before it are read");
    let err = got.last().unwrap().as_ref().unwrap_err();
    match &err.problem {
        Problem::Truncated {
            record, start: s, ..
        } => {
            assert_eq!((*record, *s), (7, start as u64));
        }
        p => panic!("not a truncation: {p:?}"),
    }
    let msg = err.to_string();
    assert!(
        msg.starts_with(&format!("t.warc: truncated WARC record 7 at byte {start}: https://news.example/last: the file ends")),
        "{msg}"
    );
    // Compressed, cut inside the last gzip member: the same record is
    // reported, the others read.
    let mut gz: Vec<u8> = records.iter().flat_map(|r| gzip(r)).collect();
    gz.truncate(gz.len() - 30);
    let got = read("t.warc.gz", &gz, true);
    let articles = got
        .iter()
        .filter(|e| matches!(e, Ok(Entry::Article(_))))
        .count();
    assert_eq!(articles, 2);
    let msg = got.last().unwrap().as_ref().unwrap_err().to_string();
    assert!(
        msg.starts_with(&format!(
            "t.warc.gz: truncated WARC record 7 at byte {start}: https://news.example/last:"
        )),
        "{msg}"
    );
}

#[test]
fn garbage_is_a_clear_error_not_a_panic() {
    let got = read("g.warc", b"<html>not an archive</html>", false);
    assert_eq!(got.len(), 1);
    assert_eq!(
        got[0].as_ref().unwrap_err().to_string(),
        "g.warc: bad WARC data: no WARC record at byte 0: the line starts \"<html>not an archive\""
    );
    let got = read(
        "h.warc",
        b"WARC/1.0\r\nWARC-Type: response\r\n\r\nbody",
        false,
    );
    assert!(got[0]
        .as_ref()
        .unwrap_err()
        .to_string()
        .contains("no valid Content-Length"));
}

fn limited(bytes: &[u8], max_article: u64) -> Vec<Result<Entry, parallax_ingest::IngestError>> {
    let limits = parallax_ingest::Limits { max_article };
    parallax_ingest::read_entries_with(
        "bomb.warc",
        bytes,
        SourceKind::Warc { gzip: false },
        &limits,
    )
    .collect()
}

#[test]
fn a_gzip_bomb_in_an_http_body_is_reported_and_the_archive_goes_on() {
    // 8 MiB of zeros compress to a few KB: over a 1 MiB cap once inflated.
    let bomb = gzip(&vec![b' '; 8 << 20]);
    assert!(bomb.len() < 64 << 10);
    let mut bytes = response(
        "http://a.example/bomb",
        "200 OK",
        "Content-Type: text/html\r\nContent-Encoding: gzip\r\n",
        &bomb,
    );
    bytes.extend(response(
        "http://a.example/ok",
        "200 OK",
        "Content-Type: text/html\r\n",
        PAGE.as_bytes(),
    ));
    let got = limited(&bytes, 1 << 20);
    assert_eq!(got.len(), 2, "{got:?}");
    let err = got[0].as_ref().unwrap_err();
    assert_eq!(
        err.to_string(),
        "bomb.warc#1: larger than 1 MiB once decompressed"
    );
    assert!(
        matches!(&got[1], Ok(Entry::Article(a)) if a.given.url.as_deref() == Some("http://a.example/ok"))
    );
    // A record whose block alone is over the cap is skipped unread.
    let big = response(
        "http://a.example/big",
        "200 OK",
        "Content-Type: text/html\r\n",
        &vec![b'x'; 3 << 20],
    );
    let got = limited(&big, 1 << 20);
    assert_eq!(
        got[0].as_ref().unwrap_err().to_string(),
        "bomb.warc#1: larger than 1 MiB"
    );
}

#[test]
fn a_cut_or_badly_chunked_http_body_is_reported_not_stored() {
    let cut = response(
        "http://a.example/cut",
        "200 OK",
        "Content-Type: text/html\r\nContent-Length: 5000\r\n",
        b"<html><bod",
    );
    let got = limited(&cut, 1 << 20);
    assert!(
        got[0]
            .as_ref()
            .unwrap_err()
            .to_string()
            .contains("its Content-Length says 5000: the record is cut short"),
        "{got:?}"
    );
    let chunked = response(
        "http://a.example/chunks",
        "200 OK",
        "Content-Type: text/html\r\nTransfer-Encoding: chunked\r\n",
        b"zz\r\n\x01\x02junk",
    );
    let got = limited(&chunked, 1 << 20);
    assert!(
        got[0]
            .as_ref()
            .unwrap_err()
            .to_string()
            .contains("chunks are broken"),
        "{got:?}"
    );
    let brotli = response(
        "http://a.example/br",
        "200 OK",
        "Content-Type: text/html\r\nContent-Encoding: br\r\n",
        b"\x8b\x02\x80\xff\x01junk",
    );
    let got = limited(&brotli, 1 << 20);
    assert_eq!(
        got[0].as_ref().unwrap_err().problem,
        Problem::UnknownEncoding("br".into())
    );
}
