//! Builds the gazetteer's look-up tables at compile time, so that no
//! process pays for them at run time (a one-article ingest would spend
//! about 2.5 ms building them): a one-hash Bloom filter of the names
//! (512 Kbit, about 7% false positives) that turns away most questions
//! with one read, and an open-addressing hash table of where each line of
//! `data/places.tsv` starts (`u32`, little-endian, plus one: 0 is an empty
//! slot; linear probing from the hash's high bits, at most a third full),
//! so that a name the filter lets through costs a read or two, not a
//! binary search's sixteen far-apart ones. The hash, `src/fnv1a.rs`, is
//! included here and by `lexicon.rs`; a test checks every name is found
//! with its population.

use std::path::PathBuf;

const BLOOM_BITS: u64 = 1 << 19;
/// Slots of the hash table: a power of two, at least three a name.
const SLOTS: usize = 1 << 17;

include!("src/fnv1a.rs");

fn main() {
    println!("cargo:rerun-if-changed=data/places.tsv");
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-changed=src/fnv1a.rs");
    let tsv = std::fs::read("data/places.tsv").expect("data/places.tsv");
    let mut slots = vec![0u32; SLOTS];
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
        let start = u32::try_from(at + 1).expect("gazetteer under 4 GiB");
        let mut slot = (fnv1a(name) >> 32) as usize & (SLOTS - 1);
        while slots[slot] != 0 {
            slot = (slot + 1) & (SLOTS - 1);
        }
        slots[slot] = start;
        at += line.len() + 1;
    }
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("OUT_DIR"));
    let names = slots.iter().filter(|&&s| s != 0).count();
    assert!(
        names * 3 <= SLOTS,
        "{names} gazetteer names: make SLOTS larger"
    );
    let table: Vec<u8> = slots.iter().flat_map(|s| s.to_le_bytes()).collect();
    std::fs::write(out.join("places_slots.bin"), table).expect("write places_slots.bin");
    std::fs::write(out.join("places_bloom.bin"), bloom).expect("write places_bloom.bin");
}
