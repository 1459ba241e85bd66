//! A web page, plain or gzip-compressed, read through the size cap,
//! extracted and analysed. Run with `-malloc_limit_mb=256`: a small gzip
//! bomb must be refused by the cap, not inflated.
#![no_main]

use libfuzzer_sys::fuzz_target;
use parallax_extract::{extract, ExtractConfig};
use parallax_ingest::{read_entries_with, Entry, Limits, SourceKind};

fuzz_target!(|data: &[u8]| {
    let gzip = data.starts_with(&[0x1f, 0x8b]);
    let limits = Limits {
        max_article: 1 << 20,
    };
    for entry in read_entries_with("fuzz.html", data, SourceKind::Html { gzip }, &limits).flatten() {
        if let Entry::Article(raw) = entry {
            assert!(raw.text.len() <= 4 << 20, "the cap bounds what is read");
            let article = extract(&raw, &ExtractConfig::default());
            let _ = parallax_analyze::analyze(&article);
        }
    }
});
