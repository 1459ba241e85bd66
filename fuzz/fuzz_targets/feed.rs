//! An RSS, Atom or JSON Feed document, read through the size cap; its
//! items extracted and analysed.
#![no_main]

use libfuzzer_sys::fuzz_target;
use parallax_extract::{extract, ExtractConfig};
use parallax_ingest::{read_entries_with, Entry, Limits, SourceKind};

fuzz_target!(|data: &[u8]| {
    let limits = Limits {
        max_article: 1 << 20,
    };
    for entry in read_entries_with("fuzz.xml", data, SourceKind::Feed, &limits).flatten() {
        if let Entry::Article(raw) = entry {
            let article = extract(&raw, &ExtractConfig::default());
            let _ = parallax_analyze::analyze(&article);
        }
    }
});
