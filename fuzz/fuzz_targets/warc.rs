//! A WARC archive, plain or gzip-compressed, streamed through the size
//! cap (records, and HTTP bodies once their content coding is undone);
//! its pages extracted and analysed.
#![no_main]

use libfuzzer_sys::fuzz_target;
use parallax_extract::{extract, ExtractConfig};
use parallax_ingest::{read_entries_with, Entry, Limits, SourceKind};

fuzz_target!(|data: &[u8]| {
    let gzip = data.starts_with(&[0x1f, 0x8b]);
    let limits = Limits {
        max_article: 1 << 20,
    };
    for entry in read_entries_with("fuzz.warc", data, SourceKind::Warc { gzip }, &limits).flatten() {
        if let Entry::Article(raw) = entry {
            assert!(raw.bytes.len() <= 1 << 20, "the cap bounds a body");
            let article = extract(&raw, &ExtractConfig::default());
            let _ = parallax_analyze::analyze(&article);
        }
    }
});
