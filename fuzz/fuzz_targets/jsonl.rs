//! JSON Lines, or anything sniffed (standard input's path): lines read
//! through the size cap, articles extracted and analysed.
#![no_main]

use libfuzzer_sys::fuzz_target;
use parallax_extract::{extract, ExtractConfig};
use parallax_ingest::{read_entries_with, Entry, Limits, SourceKind};

fuzz_target!(|data: &[u8]| {
    let limits = Limits {
        max_article: 64 << 10,
    };
    for entry in read_entries_with("fuzz", data, SourceKind::Sniff, &limits).flatten() {
        if let Entry::Article(raw) = entry {
            assert!(raw.bytes.len() <= 64 << 10, "the cap bounds an article");
            let article = extract(&raw, &ExtractConfig::default());
            let _ = parallax_analyze::analyze(&article);
        }
    }
});
