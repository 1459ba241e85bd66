//! An RSS, Atom or JSON Feed document; its items extracted and analysed.
#![no_main]

use libfuzzer_sys::fuzz_target;
use parallax_extract::{extract, ExtractConfig};
use parallax_ingest::{read_entries, Entry, SourceKind};

fuzz_target!(|data: &[u8]| {
    for entry in read_entries("fuzz.xml", data, SourceKind::Feed).flatten() {
        if let Entry::Article(raw) = entry {
            let article = extract(&raw, &ExtractConfig::default());
            let _ = parallax_analyze::analyze(&article);
        }
    }
});
