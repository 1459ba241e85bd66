//! A WARC archive, plain or gzip-compressed, streamed; its pages extracted
//! and analysed.
#![no_main]

use libfuzzer_sys::fuzz_target;
use parallax_extract::{extract, ExtractConfig};
use parallax_ingest::{read_entries, Entry, SourceKind};

fuzz_target!(|data: &[u8]| {
    let gzip = data.starts_with(&[0x1f, 0x8b]);
    for entry in read_entries("fuzz.warc", data, SourceKind::Warc { gzip }).flatten() {
        if let Entry::Article(raw) = entry {
            let article = extract(&raw, &ExtractConfig::default());
            let _ = parallax_analyze::analyze(&article);
        }
    }
});
