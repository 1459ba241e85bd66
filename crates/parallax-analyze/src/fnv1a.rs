/// FNV-1a, 64 bits: the hash of the gazetteer's Bloom filter, which
/// `build.rs` fills and `lexicon::place_population` reads (both include
/// this file, so the two cannot drift apart).
fn fnv1a(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}
