//! A web page, plain or gzip-compressed, read, extracted and analysed.
#![no_main]

use libfuzzer_sys::fuzz_target;
use parallax_extract::{extract, ExtractConfig};
use parallax_ingest::{read_bytes, SourceKind};

fuzz_target!(|data: &[u8]| {
    let gzip = data.starts_with(&[0x1f, 0x8b]);
    for raw in read_bytes("fuzz.html", data, SourceKind::Html { gzip }).flatten() {
        let article = extract(&raw, &ExtractConfig::default());
        let _ = parallax_analyze::analyze(&article);
    }
});
