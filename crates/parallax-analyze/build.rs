//! Builds the gazetteer's look-up tables at compile time, so that no
//! process pays for them at run time (a one-article ingest would spend
//! about 2.5 ms building them): where each line of `data/places.tsv`
//! starts (`u32`, little-endian), for a binary search over its names, and
//! a one-hash Bloom filter of the names (512 Kbit, about 7% false
//! positives) that turns away most questions with one read. The hash,
//! `src/fnv1a.rs`, is included here and by `lexicon.rs`; a test checks
//! every name passes the filter.

use std::path::PathBuf;

const BLOOM_BITS: u64 = 1 << 19;

include!("src/fnv1a.rs");

fn main() {
    println!("cargo:rerun-if-changed=data/places.tsv");
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-changed=src/fnv1a.rs");
    let tsv = std::fs::read("data/places.tsv").expect("data/places.tsv");
    let mut lines = Vec::new();
    let mut bloom = vec![0u8; (BLOOM_BITS / 8) as usize];
    let mut at = 0usize;
    for line in tsv.split(|&b| b == b'\n') {
        if line.is_empty() {
            at += 1;
            continue;
        }
        let name = line.split(|&b| b == b'\t').next().unwrap_or(line);
        let bit = fnv1a(name) % BLOOM_BITS;
        bloom[(bit / 8) as usize] |= 1 << (bit % 8);
        let start = u32::try_from(at).expect("gazetteer under 4 GiB");
        lines.extend_from_slice(&start.to_le_bytes());
        at += line.len() + 1;
    }
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("OUT_DIR"));
    std::fs::write(out.join("places_lines.bin"), lines).expect("write places_lines.bin");
    std::fs::write(out.join("places_bloom.bin"), bloom).expect("write places_bloom.bin");
}
