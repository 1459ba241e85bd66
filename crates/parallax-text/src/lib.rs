//! Text primitives shared by every parallax stage: lines with their byte
//! ranges, whitespace normalisation that never loses track of where a byte
//! came from, and the [`OffsetMap`] from cleaned text back to the original.
//!
//! Every stage after ingest works on *cleaned* text (non-breaking spaces made
//! plain, runs of blanks collapsed, paragraphs joined by blank lines) but must
//! report ranges into the *original* bytes a user can open. [`CleanText`]
//! keeps both in step.
//!
//! ```
//! use parallax_text::{CleanText, lines};
//!
//! let original = "Title\n\n  A\u{a0}first   paragraph.  \nSecond.";
//! let mut clean = CleanText::default();
//! for line in lines(original).skip(1) {
//!     clean.push_paragraph(original, line.range.clone());
//! }
//! assert_eq!(clean.text(), "A first paragraph.\n\nSecond.");
//! // "first" in the cleaned text maps back to "first" in the original.
//! let at = clean.text().find("first").unwrap();
//! let orig = clean.map().to_original(at..at + 5);
//! assert_eq!(&original[orig], "first");
//! ```

use std::ops::Range;

/// One line of a text with the byte range of its trimmed content.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line<'a> {
    /// Index of the line in the text, counting from 0 (blank lines count).
    pub number: usize,
    /// Byte range of the trimmed content in the text.
    pub range: Range<usize>,
    /// The trimmed content.
    pub text: &'a str,
}

/// Whitespace as news pages use it: Unicode white space, including
/// non-breaking and zero-width spaces and the byte-order mark.
pub fn is_space(c: char) -> bool {
    c.is_whitespace() || matches!(c, '\u{200b}' | '\u{200c}' | '\u{2060}' | '\u{feff}')
}

/// [`is_space`], answered without Unicode's tables for ASCII (a space or
/// tab to carriage return: the other spaces are not ASCII): the loops
/// over every character of every text (word counts, cleaning) ask it
/// of each.
#[inline]
fn is_space_char(c: char) -> bool {
    if c.is_ascii() {
        return c == ' ' || ('\t'..='\r').contains(&c);
    }
    is_space(c)
}

/// Splits `text` into non-blank lines (`\n`, `\r\n` or `\r` ends), trimmed
/// of white space, with their byte ranges.
pub fn lines(text: &str) -> impl Iterator<Item = Line<'_>> {
    let mut pos = 0usize;
    let mut number = 0usize;
    std::iter::from_fn(move || loop {
        if pos >= text.len() {
            return None;
        }
        let rest = &text[pos..];
        let (len, skip) = match rest.find(['\n', '\r']) {
            Some(i) => {
                let crlf = rest[i..].starts_with("\r\n");
                (i, if crlf { 2 } else { 1 })
            }
            None => (rest.len(), 0),
        };
        let start = pos;
        pos += len + skip;
        let this = number;
        number += 1;
        let raw = &text[start..start + len];
        let trimmed_start = raw.len() - raw.trim_start_matches(is_space).len();
        let trimmed = raw.trim_matches(is_space);
        if trimmed.is_empty() {
            continue;
        }
        let s = start + trimmed_start;
        return Some(Line {
            number: this,
            range: s..s + trimmed.len(),
            text: trimmed,
        });
    })
}

/// Maps byte offsets in a cleaned text back to byte offsets in the original.
///
/// Stored as runs: within one run the cleaned and original offsets advance
/// together; a new run starts wherever cleaning dropped or replaced bytes.
/// Lookups are a binary search, so the map costs one pair of integers per
/// edit rather than one per byte.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OffsetMap {
    /// `(clean_start, original_start)` of each run, sorted by `clean_start`.
    runs: Vec<(u32, u32)>,
}

impl OffsetMap {
    /// Builds a map from its runs, as returned by [`OffsetMap::runs`].
    pub fn from_runs(runs: Vec<(u32, u32)>) -> Self {
        OffsetMap { runs }
    }

    /// The runs: `(clean_start, original_start)` pairs.
    pub fn runs(&self) -> &[(u32, u32)] {
        &self.runs
    }

    /// The original offset of the cleaned offset `clean`.
    pub fn to_original_offset(&self, clean: usize) -> usize {
        let clean = clean as u32;
        let i = match self.runs.binary_search_by_key(&clean, |r| r.0) {
            Ok(i) => i,
            Err(0) => return clean as usize,
            Err(i) => i - 1,
        };
        let (c, o) = self.runs[i];
        (o + (clean - c)) as usize
    }

    /// The original byte range of the cleaned range `clean`. The end maps
    /// from the last byte inside the range, so a range that ends where a
    /// paragraph ends never spills into the furniture that followed it.
    pub fn to_original(&self, clean: Range<usize>) -> Range<usize> {
        let start = self.to_original_offset(clean.start);
        if clean.end <= clean.start {
            return start..start;
        }
        let end = self.to_original_offset(clean.end - 1) + 1;
        start..end.max(start)
    }

    fn push(&mut self, clean: usize, original: usize) {
        let (c, o) = (clean as u32, original as u32);
        if let Some(&(lc, lo)) = self.runs.last() {
            if c - lc == o.wrapping_sub(lo) && o >= lo {
                return; // still in step with the current run
            }
            if lc == c {
                self.runs.pop();
            }
        }
        self.runs.push((c, o));
    }
}

/// A cleaned text under construction, with its [`OffsetMap`].
#[derive(Debug, Clone, Default)]
pub struct CleanText {
    text: String,
    map: OffsetMap,
}

impl CleanText {
    /// Appends `original[range]` as a new paragraph: separated from the
    /// previous one by a blank line, white space runs collapsed to one space,
    /// invisible characters dropped.
    pub fn push_paragraph(&mut self, original: &str, range: Range<usize>) {
        let slice = &original[range.clone()];
        let slice_trimmed = slice.trim_matches(is_space);
        if slice_trimmed.is_empty() {
            return;
        }
        let lead = slice.len() - slice.trim_start_matches(is_space).len();
        if !self.text.is_empty() {
            self.text.push_str("\n\n");
        }
        let base = range.start + lead;
        if spaced_plainly(slice_trimmed) {
            // Nothing to collapse or drop: one run, copied whole.
            self.push_run(slice_trimmed, base);
        } else {
            self.push_words(slice_trimmed, base);
        }
    }

    /// Appends `slice_trimmed`, found at `base` in the original, with its
    /// white space runs collapsed to one space and invisible characters
    /// dropped.
    fn push_words(&mut self, slice_trimmed: &str, base: usize) {
        let mut pending_space: Option<usize> = None;
        // Runs of characters that are not space are copied whole, with one
        // entry in the map each; character by character, this function was
        // a third of the news reading of a page, over a quarter more than now.
        let mut run: Option<usize> = None;
        let mut i = 0;
        while i < slice_trimmed.len() {
            let (c, len) = char_at(slice_trimmed, i);
            let at = i;
            i += len;
            if is_space_char(c) {
                if let Some(start) = run.take() {
                    self.push_run(&slice_trimmed[start..at], base + start);
                }
                if pending_space.is_none() && !is_invisible(c) {
                    pending_space = Some(base + at);
                }
                continue;
            }
            if run.is_none() {
                if let Some(at) = pending_space.take() {
                    self.map.push(self.text.len(), at);
                    self.text.push(' ');
                }
                run = Some(at);
            }
        }
        if let Some(start) = run {
            self.push_run(&slice_trimmed[start..], base + start);
        }
    }

    /// Appends `run`, found at `original` in the original text.
    fn push_run(&mut self, run: &str, original: usize) {
        self.map.push(self.text.len(), original);
        self.text.push_str(run);
    }

    /// The cleaned text so far.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// The offset map so far.
    pub fn map(&self) -> &OffsetMap {
        &self.map
    }

    /// Consumes the builder.
    pub fn into_parts(self) -> (String, OffsetMap) {
        (self.text, self.map)
    }
}

/// Whether cleaning leaves `s` as it is: its words are parted by single
/// ASCII spaces, and it holds no other white space and no invisible
/// character. Most paragraphs of news are so; a byte scan tells it, where
/// the general loop maps every word. A character outside ASCII (a curly
/// quote, a dash, a letter) is decoded and asked [`is_space`], so the
/// scan and the loop never disagree on what a space is.
fn spaced_plainly(s: &str) -> bool {
    let b = s.as_bytes();
    let mut after_space = false;
    let mut i = 0;
    while i < b.len() {
        let x = b[i];
        if x == b' ' {
            if after_space {
                return false;
            }
            after_space = true;
            i += 1;
            continue;
        }
        after_space = false;
        let (c, len) = char_at(s, i);
        if is_space_char(c) {
            return false;
        }
        i += len;
    }
    true
}

fn is_invisible(c: char) -> bool {
    matches!(c, '\u{200b}' | '\u{200c}' | '\u{2060}' | '\u{feff}')
}

/// Collapses white space runs to single spaces and trims, for short fields
/// (titles, bylines) that need no offset map.
pub fn squash_space(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    push_squashed(&mut out, s);
    out
}

/// The ASCII white space of `char::is_whitespace` (and so of
/// [`is_space`]): unlike `u8::is_ascii_whitespace`, with the vertical tab.
pub fn is_ascii_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\x0b' | b'\x0c' | b'\r')
}

/// Appends the words of `s` to `out`, one space apart: `squash_space`
/// without a `String` of its own, for a writer that builds one text from
/// many (a page's text nodes). Over bytes, decoding only what is not
/// ASCII: splitting by characters cost some 50 thousand more instructions
/// a page of the benchmark (callgrind).
pub fn push_squashed(out: &mut String, s: &str) {
    let b = s.as_bytes();
    let (mut i, mut word, mut any) = (0, None, false);
    let end_word = |out: &mut String, start: usize, end: usize, any: &mut bool| {
        if *any {
            out.push(' ');
        }
        out.push_str(&s[start..end]);
        *any = true;
    };
    while i < b.len() {
        let (space, len) = if b[i] < 0x80 {
            (is_ascii_space(b[i]), 1)
        } else {
            let c = s[i..].chars().next().expect("a character starts here");
            (is_space(c), c.len_utf8())
        };
        if space {
            if let Some(start) = word.take() {
                end_word(out, start, i, &mut any);
            }
        } else if word.is_none() {
            word = Some(i);
        }
        i += len;
    }
    if let Some(start) = word {
        end_word(out, start, b.len(), &mut any);
    }
}

/// Whether `hay` contains `needle`, ignoring ASCII case; `needle` is
/// written in lower case. For prefilters that spare a regex most lines.
pub fn contains_ci(hay: &str, needle: &str) -> bool {
    let (h, n) = (hay.as_bytes(), needle.as_bytes());
    if n.is_empty() {
        return true;
    }
    if h.len() < n.len() {
        return false;
    }
    // Searched by the needle's rarest byte in English text (as memchr's
    // own `memmem` picks a rare byte), in either case: "alternate" and
    // "mirror" begin with letters found every few bytes, each a
    // comparison; their "l" or "i" much less so.
    let (k, &anchor) = n
        .iter()
        .enumerate()
        .max_by_key(|&(i, &b)| (rarity(b), std::cmp::Reverse(i)))
        .unwrap_or((0, &n[0]));
    let (lower, upper) = (anchor.to_ascii_lowercase(), anchor.to_ascii_uppercase());
    let mut at = k;
    let last = h.len() - n.len() + k;
    while at <= last {
        let Some(p) = memchr::memchr2(lower, upper, &h[at..=last]) else {
            return false;
        };
        let start = at + p - k;
        if h[start..start + n.len()].eq_ignore_ascii_case(n) {
            return true;
        }
        at += p + 1;
    }
    false
}

/// How rare a byte is in English text: letters by their frequency
/// (`e` commonest), the space commoner still, anything else rarer than
/// any letter.
fn rarity(b: u8) -> u8 {
    const BY_FREQUENCY: &[u8] = b"etaoinshrdlcumwfgypbvkjxqz";
    if b == b' ' {
        return 0;
    }
    match BY_FREQUENCY
        .iter()
        .position(|&x| x == b.to_ascii_lowercase())
    {
        Some(i) => 1 + i as u8,
        None => 1 + BY_FREQUENCY.len() as u8,
    }
}

/// Counts the words (runs of non-space characters) of `s`.
pub fn word_count(s: &str) -> usize {
    // Extraction counts the words of every line of every page. Eight
    // bytes at a time where all eight are ASCII (nearly all of a line,
    // though most lines hold a curly quote or a dash somewhere), a
    // character at a time elsewhere: the same count as the character
    // loop (a test holds them together).
    let b = s.as_bytes();
    let (mut n, mut in_word, mut i) = (0, false, 0);
    while i < b.len() {
        if let Some(chunk) = b.get(i..i + 8) {
            let w = u64::from_le_bytes(chunk.try_into().unwrap_or_default());
            if w & HIGH_BITS == 0 {
                let word = !ascii_space_bytes(w) & HIGH_BITS;
                // A word starts at a word byte after a space byte (or
                // after the last chunk's end, when that was a space).
                let before = (word << 8) | (u64::from(in_word) << 7);
                n += (word & !before).count_ones() as usize;
                in_word = word >> 63 != 0;
                i += 8;
                continue;
            }
        }
        let (c, len) = char_at(s, i);
        let space = is_space_char(c);
        n += usize::from(!space && !in_word);
        in_word = !space;
        i += len;
    }
    n
}

const HIGH_BITS: u64 = 0x8080_8080_8080_8080;

/// The high bit of each byte of `w` (eight ASCII bytes) that is an ASCII
/// space (`is_space_char`'s: a space, or a tab to carriage return).
#[inline]
fn ascii_space_bytes(w: u64) -> u64 {
    const ONES: u64 = 0x0101_0101_0101_0101;
    // For bytes below 0x80: the high bit of (x | 0x80) - lo is set when
    // x >= lo, that of (hi | 0x80) - x when x <= hi, and no byte
    // borrows from the next.
    let between = |lo: u64, hi: u64| {
        ((w | HIGH_BITS) - lo * ONES) & (((hi * ONES) | HIGH_BITS) - w) & HIGH_BITS
    };
    between(0x09, 0x0d) | between(0x20, 0x20)
}

/// Abbreviations after which a period does not end a sentence.
const ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "prof", "gen", "lt", "col", "capt", "sgt", "sen", "rep", "gov",
    "pres", "st", "jr", "sr", "inc", "ltd", "co", "corp", "no", "vs", "etc", "jan", "feb", "mar",
    "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "mt", "ft", "approx", "dept",
    "est", "fig", "rev", "hon", "amb", "adm", "maj", "messrs",
];

fn ends_with_abbreviation(before: &str) -> bool {
    let word = before
        .rsplit(|c: char| is_space(c) || matches!(c, '(' | '"' | '“' | '‘'))
        .next()
        .unwrap_or("");
    // "U.S." and "a.m.": dotted initials; "A." alone: an initial. A
    // decimal ("rose 4.5%.", "was 2.5.") is no abbreviation: its full
    // stop ends the sentence.
    let dotted = word.contains('.') && !word.bytes().any(|b| b.is_ascii_digit());
    if dotted || word.chars().count() == 1 && word.chars().all(char::is_uppercase) {
        return true;
    }
    ABBREVIATIONS.iter().any(|a| a.eq_ignore_ascii_case(word))
}

/// At most `n` characters of `s`, cut at a word boundary with an
/// ellipsis when it is longer.
pub fn clip(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        return s.to_string();
    }
    let cut: String = s.chars().take(n).collect();
    let cut = cut.rsplit_once(' ').map_or(cut.as_str(), |(a, _)| a);
    format!("{cut}…")
}

/// Byte ranges of the sentences of `s`. A sentence ends at `.`, `!`, `?` or
/// `…` (with any closing quotes or brackets after it) followed by white
/// space and a capital, digit or opening quote; a period after a known
/// abbreviation or an initial does not end one.
pub fn sentences(s: &str) -> Vec<Range<usize>> {
    let b = s.as_bytes();
    let mut out = Vec::new();
    let mut start = 0usize;
    let mut i = 0usize;
    // Without an ellipsis (nearly every paragraph) the next full stop,
    // "!" or "?" is found by memchr's vector search, not byte by byte.
    let ellipsis = memchr::memmem::find(b, "…".as_bytes()).is_some();
    while i < b.len() {
        if !ellipsis {
            match memchr::memchr3(b'.', b'!', b'?', &b[i..]) {
                Some(p) => i += p,
                None => break,
            }
        }
        // A byte scan: only `.`, `!`, `?` and the first byte of `…` (E2
        // 80 A6) can start a sentence's end, and no other character's
        // bytes equal them, so the rest is skipped without decoding it.
        let len = match b[i] {
            b'.' | b'!' | b'?' => 1,
            0xE2 if b.get(i + 1..i + 3) == Some(&[0x80u8, 0xA6][..]) => 3,
            _ => {
                i += 1;
                continue;
            }
        };
        if b[i] == b'.' && ends_with_abbreviation(&s[start..i]) {
            i += 1;
            continue;
        }
        let mut end = i + len;
        while let Some(d) = s[end..].chars().next() {
            if matches!(d, '"' | '”' | '’' | '\'' | ')' | ']' | '.' | '!' | '?') {
                end += d.len_utf8();
            } else {
                break;
            }
        }
        i = end;
        if ends_sentence(&s[end..]) {
            push_trimmed(s, start..end, &mut out);
            start = end;
        }
    }
    push_trimmed(s, start..s.len(), &mut out);
    out
}

/// Whether a terminator (with its closing quotes or brackets) followed by
/// `rest` ends a sentence: white space, then a capital, a digit or an
/// opening quote, or nothing.
fn ends_sentence(rest: &str) -> bool {
    let after = rest.trim_start_matches(is_space);
    if after.len() == rest.len() && !after.is_empty() {
        return false; // "3.5", "U.S.-led": no space, no boundary
    }
    after.chars().next().is_none_or(|n| {
        n.is_uppercase() || n.is_numeric() || matches!(n, '"' | '“' | '‘' | '\'' | '(')
    })
}

/// Pushes `s[r]` without its surrounding white space, unless nothing is
/// left.
fn push_trimmed(s: &str, r: Range<usize>, out: &mut Vec<Range<usize>>) {
    let part = &s[r.clone()];
    let trimmed = part.trim_matches(is_space);
    if !trimmed.is_empty() {
        let lead = part.len() - part.trim_start_matches(is_space).len();
        out.push(r.start + lead..r.start + lead + trimmed.len());
    }
}

/// A word token: a run of letters and digits (apostrophes inside words
/// kept: "don't"), lowercased, with its byte range in the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    /// Inline up to 24 bytes (nearly every word): tokenizing a text makes
    /// no allocation per token.
    pub text: compact_str::CompactString,
    pub range: Range<usize>,
}

/// Word tokens of `s`, lowercased.
pub fn tokens(s: &str) -> Vec<Token> {
    // A word and what follows it average about six bytes of news, so a
    // sixth was just short for half the texts and the vector grew (and
    // was copied) once near the end; a fifth leaves room.
    let mut out = Vec::with_capacity(s.len() / 5 + 1);
    token_ranges(s, |range| {
        out.push(Token {
            text: lowercase(&s[range.clone()]),
            range,
        })
    });
    out
}

/// The texts of [`tokens`] of `s` joined by single spaces, appended to
/// `out`, without a token made: a key for a text's words where only the
/// key is wanted.
pub fn push_joined_tokens(s: &str, out: &mut String) {
    let mut first = true;
    token_ranges(s, |range| {
        if !first {
            out.push(' ');
        }
        first = false;
        let word = &s[range];
        if word.is_ascii() {
            let from = out.len();
            out.push_str(word);
            out[from..].make_ascii_lowercase();
        } else {
            out.push_str(&lowercase(word));
        }
    });
}

/// The byte range of each word of `s`, in order: runs of alphanumeric
/// characters, an apostrophe between two of them inside the run.
#[inline]
fn token_ranges(s: &str, mut f: impl FnMut(Range<usize>)) {
    // Every stage tokenizes every article, so the loop reads a run of
    // ASCII letters and digits a byte at a time, tested without the
    // Unicode tables, and decodes a character only elsewhere. The ranges
    // are those of the plain character loop (a test holds the two
    // together).
    let b = s.as_bytes();
    let mut start: Option<usize> = None;
    let mut i = 0;
    while i < b.len() {
        if b[i].is_ascii_alphanumeric() {
            start.get_or_insert(i);
            i += 1;
            while i < b.len() && b[i].is_ascii_alphanumeric() {
                i += 1;
            }
            continue;
        }
        let (c, len) = char_at(s, i);
        let inner_apostrophe = matches!(c, '\'' | '’')
            && start.is_some()
            && i + len < s.len()
            && char_at(s, i + len).0.is_alphanumeric();
        if c.is_alphanumeric() || inner_apostrophe {
            start.get_or_insert(i);
        } else if let Some(st) = start.take() {
            f(st..i);
        }
        i += len;
    }
    if let Some(st) = start {
        f(st..s.len());
    }
}

/// The character at byte `i` of `s` (a character boundary) and its
/// length: a loop over a text calling it reads ASCII a byte at a time,
/// without decoding.
#[inline]
pub fn char_at(s: &str, i: usize) -> (char, usize) {
    let b = s.as_bytes()[i];
    if b.is_ascii() {
        return (b as char, 1);
    }
    let c = s[i..].chars().next().unwrap_or('\u{fffd}');
    (c, c.len_utf8())
}

/// `f` of `s` lowercased: on the stack when `s` is ASCII and at most 64
/// bytes (nearly every word, and a short window of text), by
/// `str::to_lowercase` otherwise. For look-ups asked of every word, which
/// need the lower-case form only for the moment.
pub fn with_lowercase<R>(s: &str, f: impl FnOnce(&str) -> R) -> R {
    let mut buf = [0u8; 64];
    if s.is_ascii() && s.len() <= buf.len() {
        let b = &mut buf[..s.len()];
        b.copy_from_slice(s.as_bytes());
        b.make_ascii_lowercase();
        if let Ok(lower) = std::str::from_utf8(b) {
            return f(lower);
        }
    }
    f(&s.to_lowercase())
}

/// `word` lowercased: as `str::to_lowercase`, quicker for ASCII.
fn lowercase(word: &str) -> compact_str::CompactString {
    if word.is_ascii() {
        let mut lower = compact_str::CompactString::new(word);
        lower.make_ascii_lowercase();
        lower
    } else {
        compact_str::CompactString::from_str_to_lowercase(word)
    }
}

/// 64-bit FNV-1a: fast, stable across runs and platforms, good enough to
/// key shingles (collisions only blur similarity estimates slightly).
pub fn hash64(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in bytes {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

/// A final mix so that hashes of similar inputs spread over all bits
/// (the splitmix64 finaliser).
pub fn mix64(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// Hashes of the runs of `k` consecutive tokens (one hash for a text of
/// fewer than `k` tokens, none for an empty one).
pub fn shingle_hashes(tokens: &[Token], k: usize) -> Vec<u64> {
    let words: Vec<u64> = tokens.iter().map(|t| hash64(t.text.as_bytes())).collect();
    if words.is_empty() {
        return Vec::new();
    }
    let k = k.max(1).min(words.len());
    words
        .windows(k)
        .map(|w| mix64(w.iter().fold(0u64, |acc, &h| acc.rotate_left(7) ^ h)))
        .collect()
}

/// The byte a character stands for when UTF-8 was read as Windows-1252
/// or Latin-1: U+0080 to U+00FF stand for themselves (Latin-1, and the
/// C1 controls WHATWG's Windows-1252 gives its five unassigned bytes),
/// and Windows-1252's 27 printable characters in 0x80-0x9F for theirs.
fn latin_byte(c: char) -> Option<u8> {
    let b = match c {
        '\u{80}'..='\u{ff}' => c as u32 as u8,
        '€' => 0x80,
        '‚' => 0x82,
        'ƒ' => 0x83,
        '„' => 0x84,
        '…' => 0x85,
        '†' => 0x86,
        '‡' => 0x87,
        'ˆ' => 0x88,
        '‰' => 0x89,
        'Š' => 0x8a,
        '‹' => 0x8b,
        'Œ' => 0x8c,
        'Ž' => 0x8e,
        '‘' => 0x91,
        '’' => 0x92,
        '“' => 0x93,
        '”' => 0x94,
        '•' => 0x95,
        '–' => 0x96,
        '—' => 0x97,
        '˜' => 0x98,
        '™' => 0x99,
        'š' => 0x9a,
        '›' => 0x9b,
        'œ' => 0x9c,
        'ž' => 0x9e,
        'Ÿ' => 0x9f,
        _ => return None,
    };
    Some(b)
}

/// The fewest misdecoded characters a text must show before any is
/// repaired: one "Ã©" can be meant (a name, a code), a page of them
/// cannot. One inside a word is enough: "FranÃ§ois", "itâ€™s" (a letter
/// on each side) is never meant.
const MIN_MISDECODED: usize = 2;

/// Text whose UTF-8 was decoded as Windows-1252 or Latin-1 and encoded
/// again, repaired: "cafÃ©" is "café", "Itâ€™s" is "It’s", "Â " is a
/// no-break space. Such pages are common (a template or a database that
/// re-encodes what it was given), and are valid UTF-8, so no charset
/// detection sees them. Each run of characters that, read back as bytes
/// ([`latin_byte`]), is one complete UTF-8 character of two to four bytes
/// is replaced by it, when the text has at least [`MIN_MISDECODED`] such
/// runs; everything else is left as it was. Text in a legacy charset
/// never has them: its accented letters are not followed by the
/// continuation bytes a UTF-8 sequence needs. Hand-written, as the one
/// rule (the `ftfy` library's core idea) needs no tables beyond
/// Windows-1252's.
pub fn repair_double_encoding(text: &str) -> std::borrow::Cow<'_, str> {
    // Text in decomposed form ("A" and a combining tilde for "Ã", as some
    // tools write files) hides the misdecoded lead from the scan below:
    // such text is composed first, and kept composed only if repaired.
    // Combining marks U+0300..U+036F start with byte 0xCC or 0xCD.
    let bytes = text.as_bytes();
    if memchr::memchr2(0xcc, 0xcd, bytes).is_some()
        && text.chars().any(|c| ('\u{300}'..='\u{36f}').contains(&c))
    {
        use unicode_normalization::UnicodeNormalization;
        let composed: String = text.nfc().collect();
        return match repair_composed(&composed) {
            std::borrow::Cow::Owned(fixed) => fixed.into(),
            std::borrow::Cow::Borrowed(_) => text.into(),
        };
    }
    repair_composed(text)
}

/// [`repair_double_encoding`] of text in composed form.
fn repair_composed(text: &str) -> std::borrow::Cow<'_, str> {
    // A lead byte read as a character is one of Â..ô, U+00C2 to U+00F4,
    // which UTF-8 writes as 0xC3 and a second byte: only there can a
    // misdecoded sequence begin.
    let bytes = text.as_bytes();
    // (start, end) byte ranges in `text`, with the character each stands for.
    let mut found: Vec<(usize, usize, char)> = Vec::new();
    let mut at = 0;
    while let Some(off) = bytes[at..].iter().position(|&b| b == 0xc3) {
        let start = at + off;
        let mut chars = text[start..].chars();
        let lead = chars.next().and_then(latin_byte);
        let need = match lead {
            Some(0xc2..=0xdf) => 1,
            Some(0xe0..=0xef) => 2,
            Some(0xf0..=0xf4) => 3,
            _ => {
                at = start + 1;
                continue;
            }
        };
        let mut seq = [0u8; 4];
        seq[0] = lead.unwrap_or_default();
        let mut end = start + 2;
        let mut fits = true;
        for slot in seq.iter_mut().take(need + 1).skip(1) {
            match chars.next() {
                Some(c) if matches!(latin_byte(c), Some(0x80..=0xbf)) => {
                    *slot = latin_byte(c).unwrap_or_default();
                    end += c.len_utf8();
                }
                _ => {
                    fits = false;
                    break;
                }
            }
        }
        let decoded = fits
            .then(|| std::str::from_utf8(&seq[..=need]).ok()?.chars().next())
            .flatten();
        match decoded {
            Some(d) => {
                found.push((start, end, d));
                at = end;
            }
            None => at = start + 1,
        }
    }
    let inside_word = |&(start, end, _): &(usize, usize, char)| {
        text[..start]
            .chars()
            .next_back()
            .is_some_and(char::is_alphabetic)
            && text[end..].chars().next().is_some_and(char::is_alphabetic)
    };
    if found.len() < MIN_MISDECODED && !found.iter().any(inside_word) {
        return text.into();
    }
    let mut out = String::with_capacity(text.len());
    let mut from = 0;
    for (s, e, d) in found {
        out.push_str(&text[from..s]);
        out.push(d);
        from = e;
    }
    out.push_str(&text[from..]);
    out.into()
}

/// Words that say nothing about what a text is about or which happening
/// it reports: the cluster stage leaves them out of an article's terms,
/// quote clusters do not join quotes on them alone.
const STOPWORDS: &[&str] = &[
    "a",
    "about",
    "above",
    "after",
    "again",
    "against",
    "all",
    "also",
    "am",
    "among",
    "an",
    "and",
    "any",
    "are",
    "as",
    "at",
    "be",
    "because",
    "been",
    "before",
    "being",
    "below",
    "between",
    "both",
    "but",
    "by",
    "can",
    "could",
    "did",
    "do",
    "does",
    "doing",
    "down",
    "during",
    "each",
    "even",
    "few",
    "for",
    "from",
    "further",
    "had",
    "has",
    "have",
    "having",
    "he",
    "her",
    "here",
    "hers",
    "herself",
    "him",
    "himself",
    "his",
    "how",
    "however",
    "i",
    "if",
    "in",
    "into",
    "is",
    "it",
    "its",
    "itself",
    "just",
    "last",
    "like",
    "made",
    "make",
    "many",
    "may",
    "me",
    "might",
    "more",
    "most",
    "much",
    "must",
    "my",
    "new",
    "no",
    "nor",
    "not",
    "now",
    "of",
    "off",
    "on",
    "once",
    "one",
    "only",
    "or",
    "other",
    "our",
    "ours",
    "out",
    "over",
    "own",
    "per",
    "said",
    "same",
    "say",
    "says",
    "see",
    "she",
    "should",
    "since",
    "so",
    "some",
    "still",
    "such",
    "than",
    "that",
    "the",
    "their",
    "theirs",
    "them",
    "then",
    "there",
    "these",
    "they",
    "this",
    "those",
    "through",
    "to",
    "too",
    "two",
    "under",
    "until",
    "up",
    "us",
    "very",
    "was",
    "we",
    "week",
    "well",
    "were",
    "what",
    "when",
    "where",
    "which",
    "while",
    "who",
    "whom",
    "why",
    "will",
    "with",
    "would",
    "year",
    "years",
    "yet",
    "you",
    "your",
    "told",
    "according",
    "added",
    "including",
    "three",
    "first",
    "second",
    "time",
    "day",
    "days",
    "people",
    "news",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "today",
    "yesterday",
    "tomorrow",
    "mr",
    "mrs",
    "ms",
    "dr",
    "within",
    "without",
    "around",
    "across",
    "another",
    "back",
    "get",
    "got",
    "go",
    "going",
    "know",
    "want",
    "way",
    "next",
    "month",
    "months",
    "ago",
    "set",
    "take",
    "taken",
    "part",
    "use",
    "used",
    "whether",
    "though",
    "although",
    "already",
    "every",
    "s",
    "t",
    "don't",
    "it's",
];

/// Whether a lowercase word is one of the stopwords above.
pub fn is_stopword(word: &str) -> bool {
    // A fixed set: whatever a text holds, a look-up probes the same
    // table, so a fast unseeded hash is safe here.
    static SET: std::sync::LazyLock<rustc_hash::FxHashSet<&'static str>> =
        std::sync::LazyLock::new(|| STOPWORDS.iter().copied().collect());
    SET.contains(word)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The character loop [`sentences`] replaced, as it was: the scan for
    /// terminators is what changed; where a sentence ends is decided by
    /// the same functions.
    fn sentences_by_chars(s: &str) -> Vec<Range<usize>> {
        let mut out = Vec::new();
        let mut start = 0usize;
        let mut iter = s.char_indices().peekable();
        while let Some((i, c)) = iter.next() {
            if !matches!(c, '.' | '!' | '?' | '…') {
                continue;
            }
            if c == '.' && ends_with_abbreviation(&s[start..i]) {
                continue;
            }
            let mut end = i + c.len_utf8();
            while let Some(&(j, d)) = iter.peek() {
                if matches!(d, '"' | '”' | '’' | '\'' | ')' | ']' | '.' | '!' | '?') {
                    end = j + d.len_utf8();
                    iter.next();
                } else {
                    break;
                }
            }
            if ends_sentence(&s[end..]) {
                push_trimmed(s, start..end, &mut out);
                start = end;
            }
        }
        push_trimmed(s, start..s.len(), &mut out);
        out
    }

    #[test]
    fn sentences_split_as_the_character_loop_did() {
        let mut texts: Vec<String> = [
            "Mr. Smith went to Washington. He said \"No.\" Then (he left.) 3.5 percent rose!",
            "The U.S.-led talks… Officials said so? “Yes,” she said. ‘Fine.’ A. Lincoln spoke.",
            "Prices rose 3.5% in Jan. and Feb. in the U.S. Sales fell… 40 stores shut.",
            "Ünïcode … ends here… Ça va. Это предложение. 句子。 Done!?! \"Quoted.\" (Aside.)",
            "",
            "...",
            "No end",
            "Ends with an ellipsis char…",
        ]
        .map(String::from)
        .to_vec();
        // The seed articles, which the tests of the other crates read too
        // (`../shared` beside the repository).
        let seeds = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/seeds");
        let dir = std::fs::read_dir(&seeds)
            .unwrap_or_else(|e| panic!("{}: {e} (../shared/seeds)", seeds.display()));
        for e in dir.flatten() {
            if e.path().extension().is_some_and(|x| x == "txt") {
                texts.push(std::fs::read_to_string(e.path()).unwrap());
            }
        }
        assert!(texts.len() >= 13, "no seed articles read");
        // Drawn texts, with and without an ellipsis (the scan differs).
        let pieces = [
            ".", "!", "?", "…", " ", "  ", "Mr.", "U.S.", "3.5", "\"", "”", "’", ")", "A", "b",
            "Word", "\n", "é", "(", "“",
        ];
        let mut draw = drawer(0x5851_f42d_4c95_7f2du64);
        for _ in 0..600 {
            let len = 1 + draw(30);
            texts.push((0..len).map(|_| pieces[draw(pieces.len())]).collect());
        }
        for t in &texts {
            assert_eq!(sentences(t), sentences_by_chars(t), "{t}");
            // Every cut of the text, so that no boundary case is missed.
            for (k, _) in t.char_indices().step_by(7) {
                assert_eq!(sentences(&t[k..]), sentences_by_chars(&t[k..]), "{t}");
            }
        }
    }

    #[test]
    fn the_ascii_space_test_is_is_space() {
        for c in (0..0x3100u32)
            .filter_map(char::from_u32)
            .chain(['\u{feff}', '\u{10ffff}'])
        {
            assert_eq!(is_space_char(c), is_space(c), "{:?}", c);
        }
    }

    #[test]
    fn words_are_counted_as_runs_between_spaces() {
        for text in [
            "",
            " ",
            "one",
            " two  words ",
            "tab\tand\u{0b}vertical\u{0c}feed\r\nend",
            "nbsp\u{00a0}thin\u{2009}zero\u{200b}width\u{feff}bom",
            "東京 café\u{3000}ideographic",
        ] {
            let plain = text.split(is_space).filter(|w| !w.is_empty()).count();
            assert_eq!(word_count(text), plain, "{text:?}");
        }
    }

    /// Numbers below `n` drawn from `seed` by splitmix64 (the crate's
    /// [`mix64`] over a counter): the same texts every run.
    fn drawer(mut state: u64) -> impl FnMut(usize) -> usize {
        move |n: usize| {
            state = state.wrapping_add(0x9e37_79b9_7f4a_7c15);
            (mix64(state) % n as u64) as usize
        }
    }

    #[test]
    fn words_counted_eight_bytes_at_a_time_are_those_of_the_character_loop() {
        // Drawn texts of words, every ASCII space, spaces and letters
        // outside ASCII, counted whole and from every cut, so that every
        // place of a word's start in a chunk of eight and every chunk cut
        // by a character outside ASCII is met.
        let pieces = [
            "a",
            "word",
            "x",
            "longerword",
            " ",
            "  ",
            "\t",
            "\n",
            "\r\n",
            "\u{0b}",
            "\u{0c}",
            "\u{a0}",
            "\u{2009}",
            "\u{200b}",
            "\u{feff}",
            "\u{3000}",
            "é",
            "—",
            "東京",
            "“",
            "!",
            "\u{1f}",
            "\u{7f}",
            "\u{08}",
            "\u{0e}",
            "\u{21}",
        ];
        let mut draw = drawer(0x9e37_79b9_7f4a_7c15u64);
        let plain = |t: &str| t.split(is_space).filter(|w| !w.is_empty()).count();
        let mut with_a_chunk = 0;
        for _ in 0..3000 {
            let len = 1 + draw(40);
            let text: String = (0..len).map(|_| pieces[draw(pieces.len())]).collect();
            for (k, _) in text.char_indices() {
                assert_eq!(
                    word_count(&text[k..]),
                    plain(&text[k..]),
                    "{:?}",
                    &text[k..]
                );
            }
            with_a_chunk += usize::from(text.len() >= 8);
        }
        assert!(with_a_chunk > 2000);
    }

    #[test]
    fn tokens_are_those_of_the_plain_character_loop() {
        fn reference(s: &str) -> Vec<Token> {
            let mut out = Vec::new();
            let mut start: Option<usize> = None;
            let mut chars = s.char_indices().peekable();
            while let Some((i, c)) = chars.next() {
                let inner_apostrophe = matches!(c, '\'' | '’')
                    && start.is_some()
                    && chars.peek().is_some_and(|&(_, n)| n.is_alphanumeric());
                if c.is_alphanumeric() || inner_apostrophe {
                    start.get_or_insert(i);
                } else if let Some(st) = start.take() {
                    out.push(Token {
                        text: s[st..i].to_lowercase().into(),
                        range: st..i,
                    });
                }
            }
            if let Some(st) = start {
                out.push(Token {
                    text: s[st..].to_lowercase().into(),
                    range: st..s.len(),
                });
            }
            out
        }
        for text in [
            "",
            "'",
            "don't stop’n’go 'quoted' it's’",
            "ΣΟΦΟΣ İstanbul'da ŞEHİR naïve CAFÉ",
            "東京で2024年、x’Ü y'é",
            "U.S. $4.5bn—\u{00a0}tail'",
            "a'",
            "Ångström’",
        ] {
            assert_eq!(tokens(text), reference(text), "{text:?}");
        }
        // Drawn texts, and every cut of each: the ranges, the tokens and
        // the joined key (`push_joined_tokens`) as the plain loop's.
        let pieces = [
            "a", "Word", "X9", "don", "'", "’", "t", " ", ".", "-", "é", "Σ", "ΟΣ", "İ", "東京",
            "2024", "\u{a0}", "\n", "\u{301}", "—", "s",
        ];
        let mut draw = drawer(0x2545_f491_4f6c_dd1du64);
        let mut key = String::new();
        for _ in 0..1500 {
            let len = 1 + draw(24);
            let text: String = (0..len).map(|_| pieces[draw(pieces.len())]).collect();
            for (k, _) in text.char_indices() {
                let cut = &text[k..];
                let expected = reference(cut);
                assert_eq!(tokens(cut), expected, "{cut:?}");
                key.clear();
                key.push_str("kept ");
                push_joined_tokens(cut, &mut key);
                let words: Vec<&str> = expected.iter().map(|t| t.text.as_str()).collect();
                assert_eq!(key, format!("kept {}", words.join(" ")), "{cut:?}");
            }
        }
    }

    #[test]
    fn text_decoded_twice_is_repaired_and_other_text_is_not() {
        // UTF-8 read as Windows-1252 ("â€™"), and as Latin-1 (C1 controls).
        assert_eq!(
            repair_double_encoding("Itâ€™s a cafÃ© â€” SÃ£o Paulo"),
            "It’s a café — São Paulo"
        );
        assert_eq!(
            repair_double_encoding("in debt\u{e2}\u{80}\u{94}nearly, seÃ±or"),
            "in debt—nearly, señor"
        );
        // Four-byte characters, and a no-break space.
        assert_eq!(
            repair_double_encoding("ðŸ˜€Â\u{a0}fine, Ã¼ber"),
            "😀\u{a0}fine, über"
        );
        // One lone sequence may be meant; text without any is untouched.
        assert_eq!(repair_double_encoding("Ã© alone"), "Ã© alone");
        // One is enough inside a word, never meant there.
        assert_eq!(
            repair_double_encoding("President FranÃ§ois Hollande spoke."),
            "President François Hollande spoke."
        );
        assert_eq!(repair_double_encoding("itâ€™s late"), "it’s late");
        assert_eq!(repair_double_encoding("a Ã© b"), "a Ã© b");
        // Decomposed ("A" and a combining tilde for "Ã"), as a file may be
        // written: composed and repaired; decomposed text with nothing to
        // repair is left as it came.
        assert_eq!(
            repair_double_encoding("President FranA\u{303}\u{a7}ois Hollande"),
            "President François Hollande"
        );
        assert_eq!(repair_double_encoding("cafe\u{301}"), "cafe\u{301}");
        for fine in [
            "São Paulo, Zürich, Ærøskøbing, ÀÉ «Ô» ±½",
            "plain ASCII",
            "Ça — “quoted” naïve",
        ] {
            assert_eq!(repair_double_encoding(fine), fine);
        }
    }

    fn line_texts(s: &str) -> Vec<(usize, &str)> {
        lines(s).map(|l| (l.number, l.text)).collect()
    }

    #[test]
    fn contains_ci_ignores_ascii_case_only() {
        assert!(contains_ci("Jane Roe CONTRIBUTED reporting", "contributed"));
        assert!(contains_ci("ends with Mirror", "mirror"));
        assert!(!contains_ci("mirro", "mirror"));
        assert!(!contains_ci("the contribution", "contributed"));
        assert!(contains_ci("anything", ""));
        assert!(contains_ci("Éé accessed", "accessed"));
    }

    #[test]
    fn with_lowercase_gives_the_standard_lower_case() {
        let long = "A".repeat(65);
        for s in [
            "",
            "Said",
            "U.S. DOLLARS",
            "Café",
            "ΟΔΥΣΣΕΥΣ",
            "İstanbul",
            long.as_str(),
        ] {
            assert_eq!(with_lowercase(s, str::to_string), s.to_lowercase(), "{s}");
        }
    }

    #[test]
    fn contains_ci_finds_what_a_lowercased_search_finds() {
        // Every needle at every place of haystacks built from its own
        // pieces, in both cases, near misses included.
        const PIECES: &[&str] = &[
            "a", "A", "l", "ALT", "altern", "ate", "mirr", "or", "Mirror", " ", "é", "contrib",
            "UTED", "uted", "x", "accesse", "d", "ss", "zq",
        ];
        let needles = [
            "contributed",
            "accessed",
            "alternate",
            "mirror",
            "a",
            "zq",
            "d a",
            "é",
        ];
        let draw = |key: String, n: usize| hash64(key.as_bytes()) as usize % n;
        for i in 0..5000 {
            let hay: String = (0..draw(format!("{i}"), 12))
                .map(|k| PIECES[draw(format!("{i}.{k}"), PIECES.len())])
                .collect();
            for n in needles {
                let plain = hay
                    .to_ascii_lowercase()
                    .contains(n.to_ascii_lowercase().as_str());
                assert_eq!(contains_ci(&hay, n), plain, "{hay:?} {n:?}");
            }
        }
    }

    #[test]
    fn lines_handle_all_line_ends_and_blank_lines() {
        assert_eq!(
            line_texts("a\r\n\r\n  b \rc\n\n"),
            vec![(0, "a"), (2, "b"), (3, "c")]
        );
        let t = "x\n \u{a0}y\u{a0}\n";
        let l: Vec<_> = lines(t).collect();
        assert_eq!(&t[l[1].range.clone()], "y");
    }

    /// Cleaning a paragraph gives what the character loop alone gives,
    /// text and map, whether or not the byte scan lets it copy the
    /// paragraph whole: drawn paragraphs of words, single and double
    /// spaces, every white space and invisible character of `is_space`
    /// and characters that share their lead bytes (curly quotes, dashes,
    /// the ellipsis, kana).
    #[test]
    fn a_paragraph_copied_whole_is_what_the_character_loop_makes() {
        let pieces = [
            "word", "Ab", " ", "  ", "\t", "\n", "\r", "\u{b}", "\u{c}", "\u{85}", "\u{a0}",
            "\u{1680}", "\u{2000}", "\u{2009}", "\u{200a}", "\u{200b}", "\u{200c}", "\u{2028}",
            "\u{2029}", "\u{202f}", "\u{205f}", "\u{2060}", "\u{3000}", "\u{feff}", "\u{201c}",
            "\u{201d}", "\u{2014}", "\u{2026}", "\u{2061}", "\u{3042}", "\u{ff01}", "é", "¢",
        ];
        // And every character `is_space` holds a space, whatever the list
        // above names.
        let spaces: Vec<String> = (0..0x3100u32)
            .chain([0xfeff])
            .filter_map(char::from_u32)
            .filter(|&c| is_space(c))
            .map(String::from)
            .collect();
        let pieces: Vec<&str> = pieces
            .into_iter()
            .chain(spaces.iter().map(String::as_str))
            .collect();
        let mut draw = drawer(11);
        let mut copied = 0;
        for n in 0..6000 {
            let mut text = String::from("x ");
            for _ in 0..n % 12 {
                text.push_str(pieces[draw(pieces.len())]);
            }
            text.push_str(" y");
            let mut fast = CleanText::default();
            fast.push_paragraph("intro", 0..5);
            fast.push_paragraph(&text, 0..text.len());
            // The character loop alone, after the same trimming.
            let mut slow = CleanText::default();
            slow.push_paragraph("intro", 0..5);
            let trimmed = text.trim_matches(is_space);
            if !trimmed.is_empty() {
                slow.text.push_str("\n\n");
                let lead = text.len() - text.trim_start_matches(is_space).len();
                slow.push_words(trimmed, lead);
            }
            assert_eq!(fast.text(), slow.text(), "{text:?}");
            assert_eq!(fast.map(), slow.map(), "{text:?}");
            copied += usize::from(spaced_plainly(text.trim_matches(is_space)));
        }
        assert!(copied > 100, "{copied}");
    }

    #[test]
    fn clean_text_maps_every_word_back() {
        let original = "  Hello\u{a0}\u{a0}wide   world.\n\nNext\u{200b}line here, café\u{2009}é.";
        let mut clean = CleanText::default();
        for l in lines(original) {
            clean.push_paragraph(original, l.range);
        }
        assert_eq!(clean.text(), "Hello wide world.\n\nNextline here, café é.");
        for word in ["Hello", "wide", "world.", "line", "here,", "café"] {
            let at = clean.text().find(word).unwrap();
            let orig = clean.map().to_original(at..at + word.len());
            assert_eq!(&original[orig], word, "{word}");
        }
        // Every character that is not white space maps to itself.
        for (i, c) in clean
            .text()
            .char_indices()
            .filter(|(_, c)| !c.is_whitespace())
        {
            let at = clean.map().to_original_offset(i);
            assert!(original[at..].starts_with(c), "{c} at {i}");
        }
    }

    #[test]
    fn map_of_a_range_spanning_a_collapsed_gap_keeps_both_ends() {
        let original = "one    two";
        let mut clean = CleanText::default();
        clean.push_paragraph(original, 0..original.len());
        assert_eq!(clean.text(), "one two");
        assert_eq!(clean.map().to_original(0..7), 0..10);
    }

    #[test]
    fn sentences_respect_abbreviations_and_quotes() {
        let s = "Mr. Smith met U.S. officials on Jan. 5. \"It went well,\" he said. Prices rose 3.5 percent! Next?";
        let got: Vec<&str> = sentences(s).into_iter().map(|r| &s[r]).collect();
        assert_eq!(
            got,
            vec![
                "Mr. Smith met U.S. officials on Jan. 5.",
                "\"It went well,\" he said.",
                "Prices rose 3.5 percent!",
                "Next?"
            ]
        );
        // A decimal before the full stop ends its sentence as any word
        // does: it is no dotted abbreviation.
        let s = "The rate was cut to 4.25%. Unemployment rose to 6.3. Output fell.";
        let got: Vec<&str> = sentences(s).into_iter().map(|r| &s[r]).collect();
        assert_eq!(
            got,
            vec![
                "The rate was cut to 4.25%.",
                "Unemployment rose to 6.3.",
                "Output fell."
            ]
        );
    }

    #[test]
    fn tokens_lowercase_and_keep_inner_apostrophes() {
        let t: Vec<compact_str::CompactString> = tokens("Don't stop: U.S.-led 38.2 Café’s")
            .into_iter()
            .map(|t| t.text)
            .collect();
        assert_eq!(t, ["don't", "stop", "u", "s", "led", "38", "2", "café’s"]);
    }

    #[test]
    fn shingles_are_order_sensitive_and_stable() {
        let a = shingle_hashes(&tokens("one two three four"), 3);
        let b = shingle_hashes(&tokens("four three two one"), 3);
        assert_eq!(a.len(), 2);
        assert!(a.iter().all(|h| !b.contains(h)));
        assert_eq!(a, shingle_hashes(&tokens("One two, three FOUR"), 3));
        assert_eq!(shingle_hashes(&tokens("short"), 5).len(), 1);
    }

    #[test]
    fn squashing_over_bytes_matches_splitting_by_characters() {
        let by_chars = |s: &str| {
            s.split(is_space)
                .filter(|w| !w.is_empty())
                .collect::<Vec<_>>()
                .join(" ")
        };
        for s in [
            "",
            "   ",
            "one",
            "  one  two\t\nthree ",
            "a\u{a0}b\u{2009}c\u{200b}d\u{feff}e\x0bf\u{3000}g",
            "café  naïve\u{a0}\u{a0}résumé",
            "\u{200b}",
            "日本語 テキスト",
        ] {
            let mut out = String::from("x");
            push_squashed(&mut out, s);
            assert_eq!(out, format!("x{}", by_chars(s)), "{s:?}");
            assert_eq!(squash_space(s), by_chars(s), "{s:?}");
        }
    }

    #[test]
    fn squash_and_count() {
        assert_eq!(squash_space(" a \u{a0} b\n"), "a b");
        assert_eq!(word_count(" a \u{a0} b\n"), 2);
    }
}
