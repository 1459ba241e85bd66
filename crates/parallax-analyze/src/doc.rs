//! The analysed document: word tokens with case and sentence flags, and the
//! regions inside quotation marks. Everything else in the crate reads this.

use std::ops::Range;

use parallax_text::sentences;

/// One token of the body: a word, a number or one punctuation character.
#[derive(Debug, Clone)]
pub(crate) struct Tok {
    pub range: Range<usize>,
    /// Inline up to 24 bytes: a long text of short tokens costs no
    /// allocation per token (the token list is the analyzer's largest
    /// structure, a few times the text).
    pub lower: compact_str::CompactString,
    /// Starts with an uppercase letter.
    pub cap: bool,
    /// A word or number (not punctuation, not the possessive "'s").
    pub word: bool,
    /// First word of a sentence.
    pub sent_start: bool,
    /// Index of the quote region it lies in, if any.
    pub quote: Option<usize>,
}

/// Text between quotation marks, outermost pair only: nested quotes belong
/// to the quote around them.
#[derive(Debug, Clone)]
pub(crate) struct QuoteRegion {
    /// From the opening mark to the closing mark, both included (to the
    /// paragraph end when the quote is left open, as multi-paragraph quotes
    /// are).
    pub outer: Range<usize>,
    /// The words inside.
    pub inner: Range<usize>,
}

#[derive(Debug)]
pub(crate) struct Doc<'a> {
    pub text: &'a str,
    pub toks: Vec<Tok>,
    pub quotes: Vec<QuoteRegion>,
    /// Sentence ranges of the text outside quotation marks (quotes are
    /// masked, so a period inside a quote does not end the reporter's
    /// sentence).
    pub sentences: Vec<Range<usize>>,
}

/// Invisible format characters (direction marks, zero-width spaces, a byte
/// order mark) that pasted text carries between words.
pub(crate) fn is_format_char(c: char) -> bool {
    matches!(c, '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}' | '\u{FEFF}')
}

fn is_open_context(prev: Option<char>) -> bool {
    prev.is_none_or(|p| p.is_whitespace() || matches!(p, '(' | '[' | '—' | '–' | '-' | ':' | '/'))
}

/// Quote regions of `text`. Curly quotes nest by a stack; a straight quote
/// opens after white space or an opening bracket and closes otherwise. An
/// open quote closes at the end of its paragraph.
pub(crate) fn quote_regions(text: &str) -> Vec<QuoteRegion> {
    let mut out = Vec::new();
    let mut depth = 0usize;
    let mut open_at = 0usize;
    // Only quotation marks and line breaks matter: the scan jumps from
    // one to the next (the curly marks all begin with byte 0xE2) and
    // decodes the characters around it, instead of decoding every
    // character of the text.
    let b = text.as_bytes();
    let mut from = 0;
    while let Some(k) = memchr::memchr3(b'"', b'\n', 0xE2, &b[from..]) {
        let i = from + k;
        let (c, cl) = parallax_text::char_at(text, i);
        from = i + cl;
        let prev = text[..i].chars().next_back();
        let next = text[i + cl..].chars().next();
        match c {
            // An opening mark set where the closing one belongs, after the
            // quote's last word and before a space (`“It's unusual,“ said
            // X`): an opening mark is followed by what it quotes.
            '“' if depth == 1 && is_misset_close(prev, next) => {
                depth = 0;
                push_region(text, &mut out, open_at, i + c.len_utf8());
            }
            '“' | '„' => {
                if depth == 0 {
                    open_at = i;
                }
                depth += 1;
            }
            '”' if depth > 0 => {
                depth -= 1;
                if depth == 0 {
                    push_region(text, &mut out, open_at, i + c.len_utf8());
                }
            }
            // A closing mark with nothing open, set where an opening one
            // belongs (a paragraph's start, after a space or "says,"), as
            // some sites' editors do: it opens when another closing mark
            // follows in its paragraph before any opening one.
            '”' if (is_open_context(prev)
                || prev.is_some_and(|p| p == ',' || is_format_char(p)))
                && closes_later(&text[i + c.len_utf8()..]) =>
            {
                open_at = i;
                depth = 1;
            }
            '"' => {
                let opens = is_open_context(prev) && next.is_some_and(|n| !n.is_whitespace());
                if opens {
                    if depth == 0 {
                        open_at = i;
                    }
                    depth += 1;
                } else if depth > 0 {
                    depth -= 1;
                    if depth == 0 {
                        push_region(text, &mut out, open_at, i + 1);
                    }
                }
            }
            // A paragraph ends an open quote.
            '\n' if depth > 0
                && (next == Some('\n')
                    || text[i + 1..].starts_with("\r\n")
                    || prev == Some('\n')) =>
            {
                push_region(text, &mut out, open_at, i);
                depth = 0;
            }
            _ => {}
        }
    }
    if depth > 0 {
        push_region(text, &mut out, open_at, text.len());
    }
    out
}

/// Whether an opening curly mark stands where a closing one belongs: right
/// after a sentence's or clause's end and before a space or the text's end.
fn is_misset_close(prev: Option<char>, next: Option<char>) -> bool {
    prev.is_some_and(|p| matches!(p, ',' | '.' | '?' | '!' | '…'))
        && next.is_none_or(char::is_whitespace)
}

/// Whether `rest` holds a closing curly quote before any opening one and
/// before its paragraph ends.
fn closes_later(rest: &str) -> bool {
    let para_end = rest.find("\n\n").unwrap_or(rest.len());
    match rest[..para_end].find(['“', '”']) {
        Some(j) => rest[j..].starts_with('”'),
        None => false,
    }
}

fn push_region(text: &str, out: &mut Vec<QuoteRegion>, open: usize, end: usize) {
    let open_len = text[open..].chars().next().map_or(1, char::len_utf8);
    let mut inner_end = end;
    if let Some(c) = text[..end].chars().next_back() {
        if matches!(c, '”' | '"' | '“') {
            inner_end = end - c.len_utf8();
        }
    }
    let inner_start = (open + open_len).min(inner_end);
    let inner = &text[inner_start..inner_end];
    let lead = inner.len() - inner.trim_start().len();
    let trail = inner.len() - inner.trim_end().len();
    let inner = inner_start + lead..(inner_end - trail).max(inner_start + lead);
    if inner.is_empty() {
        return;
    }
    out.push(QuoteRegion {
        outer: open..end,
        inner,
    });
}

/// Titles and initials written with a period.
fn is_abbreviation(w: &str) -> bool {
    let mut c = w.chars();
    if let (Some(f), None) = (c.next(), c.next()) {
        return f.is_uppercase();
    }
    matches!(
        w,
        "Mr" | "Mrs"
            | "Ms"
            | "Dr"
            | "Sen"
            | "Rep"
            | "Gov"
            | "Gen"
            | "Lt"
            | "Col"
            | "Capt"
            | "Sgt"
            | "Prof"
            | "Jr"
            | "Sr"
            | "St"
            | "Del"
            | "Adm"
            | "Maj"
            | "Rev"
            | "Hon"
            | "Amb"
            | "Pres"
            | "Supt"
            | "Cmdr"
            | "Messrs"
    )
}

/// Splits `text` into tokens. "U.S." and "a.m." keep their dots, "win-win"
/// and "4.5" stay whole, "Lee's" gives "Lee" and "'s".
pub(crate) fn tokenize(text: &str) -> Vec<Tok> {
    let b = text.as_bytes();
    // About one token per five bytes of news text, punctuation included:
    // reserved once rather than grown a doubling at a time.
    let mut out = Vec::with_capacity(text.len() / 5);
    let mut i = 0;
    while i < text.len() {
        // A byte at a time where the text is ASCII (most of news), a
        // character at a time elsewhere: the analyzer's document is made
        // for every article, and decoding each character was a fifth of
        // its cost. ASCII letters and digits are exactly the ASCII
        // characters `char::is_alphanumeric` takes, so the tokens are the
        // same.
        let (c, cl) = parallax_text::char_at(text, i);
        if c.is_whitespace() {
            i += cl;
            continue;
        }
        if c.is_alphanumeric() {
            let start = i;
            let mut j = i + cl;
            while j < text.len() {
                if b[j].is_ascii_alphanumeric() {
                    j += 1;
                    continue;
                }
                let (d, dl) = parallax_text::char_at(text, j);
                if d.is_alphanumeric() {
                    j += dl;
                    continue;
                }
                let after = text[j + dl..].chars().next();
                let joins = match d {
                    // Dotted initials and decimals: "U.S.", "4.5".
                    '.' => {
                        after.is_some_and(char::is_alphanumeric) && {
                            let prev = text[..j].chars().next_back().unwrap_or(' ');
                            prev.is_ascii_digit() && after.is_some_and(|a| a.is_ascii_digit())
                                || j - start <= 2 && after.is_some_and(char::is_uppercase)
                                || text[start..j].contains('.')
                        }
                    }
                    ',' => {
                        text[..j]
                            .chars()
                            .next_back()
                            .is_some_and(|p| p.is_ascii_digit())
                            && text[j + 1..].len() >= 3
                            && b[j + 1..j + 4].iter().all(u8::is_ascii_digit)
                            && b.get(j + 4).is_none_or(|x| !x.is_ascii_digit())
                    }
                    '-' | '‑' => after.is_some_and(char::is_alphanumeric),
                    '\'' | '’' => {
                        // "don't" joins; the possessive "'s" stands alone.
                        after.is_some_and(char::is_alphanumeric)
                            && !(after == Some('s')
                                && text[j + d.len_utf8() + 1..]
                                    .chars()
                                    .next()
                                    .is_none_or(|x| !x.is_alphanumeric()))
                    }
                    '&' => after.is_some_and(char::is_uppercase),
                    _ => false,
                };
                if !joins {
                    break;
                }
                j += d.len_utf8();
            }
            // "Mr." and the initial in "Julie A. Diaz" keep their dot.
            if j < text.len() && b[j] == b'.' && is_abbreviation(&text[start..j]) {
                j += 1;
            }
            // "U.S." keeps its final dot.
            else if j < text.len() && b[j] == b'.' && text[start..j].contains('.') {
                let word = &text[start..j];
                if word.chars().filter(|&c| c == '.').count() >= 1
                    && word.split('.').all(|p| p.chars().count() <= 2)
                {
                    j += 1;
                }
            }
            let s = &text[start..j];
            out.push(Tok {
                range: start..j,
                lower: lowercase(s),
                cap: s.chars().next().is_some_and(char::is_uppercase),
                word: true,
                sent_start: false,
                quote: None,
            });
            i = j;
        } else if matches!(c, '\'' | '’') && text[i + cl..].starts_with('s') {
            out.push(Tok {
                range: i..i + cl + 1,
                lower: "'s".into(),
                cap: false,
                word: false,
                sent_start: false,
                quote: None,
            });
            i += cl + 1;
        } else {
            // A run of one punctuation mark ("!!!!", "-----", "****") is
            // one token: it carries no more meaning than four of it, and a
            // page of them would otherwise cost a token per byte.
            let mut end = i + cl;
            if c.is_ascii_punctuation() && !matches!(c, '"' | '\'') {
                let run = b[i..].iter().take_while(|&&x| x == b[i]).count();
                if run >= 4 {
                    end = i + run;
                }
            }
            if end > i + cl {
                out.push(Tok {
                    range: i..end,
                    lower: text[i..end].into(),
                    cap: false,
                    word: false,
                    sent_start: false,
                    quote: None,
                });
                i = end;
                continue;
            }
            out.push(Tok {
                range: i..i + cl,
                lower: compact_str::CompactString::from(&*c.encode_utf8(&mut [0; 4])),
                cap: false,
                word: false,
                sent_start: false,
                quote: None,
            });
            i += cl;
        }
    }
    out
}

/// `s` lowercased. Most tokens are short ASCII words, which are lowercased
/// on the stack and stored inline; the general conversion (a few times
/// slower: it builds its output in pieces) takes the rest.
fn lowercase(s: &str) -> compact_str::CompactString {
    const INLINE: usize = 24;
    if s.len() <= INLINE && s.is_ascii() {
        // Lowercased in place: ASCII stays valid UTF-8, so nothing is
        // checked again.
        let mut lower = compact_str::CompactString::new(s);
        lower.make_ascii_lowercase();
        return lower;
    }
    compact_str::CompactString::from_str_to_lowercase(s)
}

impl<'a> Doc<'a> {
    pub fn new(text: &'a str) -> Self {
        let quotes = quote_regions(text);
        let mut toks = tokenize(text);
        let sents = sentence_ranges(text, &quotes);
        let mut qi = 0;
        let mut si = 0;
        for t in &mut toks {
            while qi < quotes.len() && quotes[qi].outer.end <= t.range.start {
                qi += 1;
            }
            if qi < quotes.len() && quotes[qi].outer.start <= t.range.start {
                t.quote = Some(qi);
            }
            while si < sents.len() && sents[si].end <= t.range.start {
                si += 1;
            }
            if si < sents.len() && sents[si].start == t.range.start {
                t.sent_start = true;
            }
        }
        // A quote opening a sentence: its first word is capitalised by rule.
        // (Tokens are in text order: a binary search, so that a text of
        // many quotes costs n log n, not quotes times tokens.)
        for q in &quotes {
            let i = toks.partition_point(|t| t.range.start < q.inner.start);
            if let Some(t) = toks.get_mut(i) {
                t.sent_start = true;
            }
        }
        Doc {
            text,
            toks,
            quotes,
            sentences: sents,
        }
    }

    /// The sentence (quotes masked) holding byte `at`.
    pub fn sentence_of(&self, at: usize) -> Range<usize> {
        let i = self.sentences.partition_point(|s| s.end <= at);
        self.sentences.get(i).cloned().unwrap_or(at..at)
    }

    /// Index of the first token starting at or after byte `at`.
    pub fn tok_at(&self, at: usize) -> usize {
        self.toks.partition_point(|t| t.range.start < at)
    }
}

/// The sentences of `text` with its quotes masked: each quote's inside
/// becomes letters, so its periods do not split the sentence around it.
pub(crate) fn sentence_ranges(text: &str, quotes: &[QuoteRegion]) -> Vec<Range<usize>> {
    let mut masked: Vec<u8> = text.as_bytes().to_vec();
    for q in quotes {
        let inner_ends_sentence = text[q.inner.clone()].trim_end().ends_with(['.', '…']);
        for b in &mut masked[q.inner.clone()] {
            if *b != b'\n' {
                *b = b'x';
            }
        }
        if inner_ends_sentence && q.inner.end > q.inner.start {
            masked[q.inner.end - 1] = b'.';
        }
    }
    // Only ASCII bytes were written over whole characters' bytes, so
    // the result is valid UTF-8 of the same length.
    match String::from_utf8(masked) {
        Ok(masked) => split_paragraph_sentences(&masked),
        Err(_) => split_paragraph_sentences(text),
    }
}

/// Sentences within paragraphs: a line break that ends a paragraph also
/// ends a sentence.
fn split_paragraph_sentences(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    for line in text.split_inclusive('\n') {
        let end = start + line.len();
        for s in sentences(&text[start..end]) {
            out.push(start + s.start..start + s.end);
        }
        start = end;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lowercase_agrees_with_the_standard_conversion() {
        for s in [
            "",
            "Xi",
            "U.S.",
            "McDONALD'S",
            "abcdefghijklmnopqrstuvwx",
            "ABCDEFGHIJKLMNOPQRSTUVWXYZ-long-compound",
            "Café",
            "ΟΔΥΣΣΕΥΣ",
            "İstanbul",
            "ÅNGSTRÖM",
        ] {
            assert_eq!(lowercase(s).as_str(), s.to_lowercase(), "{s}");
        }
    }

    // The scans as they were before they read ASCII a byte at a time and
    // jumped between quotation marks: the fast ones must find the same.
    fn quote_regions_by_chars(text: &str) -> Vec<QuoteRegion> {
        let mut out = Vec::new();
        let mut depth = 0usize;
        let mut open_at = 0usize;
        let mut prev: Option<char> = None;
        let mut iter = text.char_indices().peekable();
        while let Some((i, c)) = iter.next() {
            let next = iter.peek().map(|&(_, n)| n);
            match c {
                '“' if depth == 1 && is_misset_close(prev, next) => {
                    depth = 0;
                    push_region(text, &mut out, open_at, i + c.len_utf8());
                }
                '“' | '„' => {
                    if depth == 0 {
                        open_at = i;
                    }
                    depth += 1;
                }
                '”' if depth > 0 => {
                    depth -= 1;
                    if depth == 0 {
                        push_region(text, &mut out, open_at, i + c.len_utf8());
                    }
                }
                // A closing mark with nothing open, set where an opening one
                // belongs (a paragraph's start, after a space or "says,"), as
                // some sites' editors do: it opens when another closing mark
                // follows in its paragraph before any opening one.
                '”' if (is_open_context(prev)
                    || prev.is_some_and(|p| p == ',' || is_format_char(p)))
                    && closes_later(&text[i + c.len_utf8()..]) =>
                {
                    open_at = i;
                    depth = 1;
                }
                '"' => {
                    let opens = is_open_context(prev) && next.is_some_and(|n| !n.is_whitespace());
                    if opens {
                        if depth == 0 {
                            open_at = i;
                        }
                        depth += 1;
                    } else if depth > 0 {
                        depth -= 1;
                        if depth == 0 {
                            push_region(text, &mut out, open_at, i + 1);
                        }
                    }
                }
                // A paragraph ends an open quote.
                '\n' if depth > 0
                    && (next == Some('\n')
                        || text[i + 1..].starts_with("\r\n")
                        || prev == Some('\n')) =>
                {
                    push_region(text, &mut out, open_at, i);
                    depth = 0;
                }
                _ => {}
            }
            prev = Some(c);
        }
        if depth > 0 {
            push_region(text, &mut out, open_at, text.len());
        }
        out
    }

    fn tokenize_by_chars(text: &str) -> Vec<Tok> {
        let b = text.as_bytes();
        // About one token per five bytes of news text, punctuation included:
        // reserved once rather than grown a doubling at a time.
        let mut out = Vec::with_capacity(text.len() / 5);
        let mut i = 0;
        while i < text.len() {
            let c = text[i..].chars().next().unwrap_or(' ');
            let cl = c.len_utf8();
            if c.is_whitespace() {
                i += cl;
                continue;
            }
            if c.is_alphanumeric() {
                let start = i;
                let mut j = i + cl;
                while j < text.len() {
                    let d = text[j..].chars().next().unwrap_or(' ');
                    if d.is_alphanumeric() {
                        j += d.len_utf8();
                        continue;
                    }
                    let after = text[j + d.len_utf8()..].chars().next();
                    let joins = match d {
                        // Dotted initials and decimals: "U.S.", "4.5".
                        '.' => {
                            after.is_some_and(char::is_alphanumeric) && {
                                let prev = text[..j].chars().next_back().unwrap_or(' ');
                                prev.is_ascii_digit() && after.is_some_and(|a| a.is_ascii_digit())
                                    || j - start <= 2 && after.is_some_and(char::is_uppercase)
                                    || text[start..j].contains('.')
                            }
                        }
                        ',' => {
                            text[..j]
                                .chars()
                                .next_back()
                                .is_some_and(|p| p.is_ascii_digit())
                                && text[j + 1..].len() >= 3
                                && b[j + 1..j + 4].iter().all(u8::is_ascii_digit)
                                && b.get(j + 4).is_none_or(|x| !x.is_ascii_digit())
                        }
                        '-' | '‑' => after.is_some_and(char::is_alphanumeric),
                        '\'' | '’' => {
                            // "don't" joins; the possessive "'s" stands alone.
                            after.is_some_and(char::is_alphanumeric)
                                && !(after == Some('s')
                                    && text[j + d.len_utf8() + 1..]
                                        .chars()
                                        .next()
                                        .is_none_or(|x| !x.is_alphanumeric()))
                        }
                        '&' => after.is_some_and(char::is_uppercase),
                        _ => false,
                    };
                    if !joins {
                        break;
                    }
                    j += d.len_utf8();
                }
                // "Mr." and the initial in "Julie A. Diaz" keep their dot.
                if j < text.len() && b[j] == b'.' && is_abbreviation(&text[start..j]) {
                    j += 1;
                }
                // "U.S." keeps its final dot.
                else if j < text.len() && b[j] == b'.' && text[start..j].contains('.') {
                    let word = &text[start..j];
                    if word.chars().filter(|&c| c == '.').count() >= 1
                        && word.split('.').all(|p| p.chars().count() <= 2)
                    {
                        j += 1;
                    }
                }
                let s = &text[start..j];
                out.push(Tok {
                    range: start..j,
                    lower: lowercase(s),
                    cap: s.chars().next().is_some_and(char::is_uppercase),
                    word: true,
                    sent_start: false,
                    quote: None,
                });
                i = j;
            } else if matches!(c, '\'' | '’') && text[i + cl..].starts_with('s') {
                out.push(Tok {
                    range: i..i + cl + 1,
                    lower: "'s".into(),
                    cap: false,
                    word: false,
                    sent_start: false,
                    quote: None,
                });
                i += cl + 1;
            } else {
                // A run of one punctuation mark ("!!!!", "-----", "****") is
                // one token: it carries no more meaning than four of it, and a
                // page of them would otherwise cost a token per byte.
                let mut end = i + cl;
                if c.is_ascii_punctuation() && !matches!(c, '"' | '\'') {
                    let run = b[i..].iter().take_while(|&&x| x == b[i]).count();
                    if run >= 4 {
                        end = i + run;
                    }
                }
                if end > i + cl {
                    out.push(Tok {
                        range: i..end,
                        lower: text[i..end].into(),
                        cap: false,
                        word: false,
                        sent_start: false,
                        quote: None,
                    });
                    i = end;
                    continue;
                }
                out.push(Tok {
                    range: i..i + cl,
                    lower: compact_str::CompactString::from(&*c.encode_utf8(&mut [0; 4])),
                    cap: false,
                    word: false,
                    sent_start: false,
                    quote: None,
                });
                i += cl;
            }
        }
        out
    }

    /// Texts of every kind the scans branch on: quotation marks of each
    /// style, apostrophes, dotted initials, decimals, thousands, hyphens,
    /// runs of punctuation, letters outside ASCII, line and paragraph
    /// breaks, drawn from pieces by a hash, and the seeds' texts.
    fn texts() -> Vec<String> {
        const PIECES: &[&str] = &[
            "Mr.",
            " ",
            " ",
            "said",
            "U.S.",
            "4.5",
            "1,000",
            "12,34",
            "win-win",
            "non\u{2011}stop",
            "Lee's",
            "don't",
            "’s",
            "'",
            "’",
            "\"",
            "“",
            "”",
            "„",
            "\n",
            "\n\n",
            "\r\n",
            ",",
            ".",
            "!!!!",
            "----",
            "&",
            "AT&T",
            "Café",
            "ΟΔΥΣΣΕΥΣ",
            "東京",
            "İstanbul",
            "a.m.",
            "J.",
            "x",
            "Said",
            "(",
            ")",
            "…",
            "\u{a0}",
            "e.g.",
            "3.",
            "..",
            "'s",
            "O'Neill",
            "—",
        ];
        let mut out: Vec<String> = [
            "",
            "\"",
            "“Open",
            "He said: \"It is.\" Then ”quoted” text.”\n\nNext",
            "“Nested “inner” outer” and „low” marks",
            "Café’s owner’s U.S.-led 1,000,000 and 3.14.",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        // Piece k of text i, and each text's length, drawn by the
        // project's own hash: the same texts on every run.
        let draw = |key: String, n: usize| parallax_text::hash64(key.as_bytes()) as usize % n;
        for i in 0..2000 {
            let s: String = (0..draw(format!("{i}"), 40))
                .map(|k| PIECES[draw(format!("{i}.{k}"), PIECES.len())])
                .collect();
            out.push(s);
        }
        // The seeds beside the clone, which `.ci/run` requires too.
        let seeds = concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/seeds");
        let dir = std::fs::read_dir(seeds).expect("../shared/seeds beside the clone");
        for e in dir.flatten() {
            if let Ok(t) = std::fs::read_to_string(e.path()) {
                out.push(t);
            }
        }
        out
    }

    #[test]
    fn an_opening_mark_set_after_the_last_word_closes_the_quote() {
        let text = "“It's unusual,“ said Larry Noble, a lawyer. “It's a hard thing,” he added.";
        let inner: Vec<&str> = quote_regions(text)
            .iter()
            .map(|q| &text[q.inner.clone()])
            .collect();
        assert_eq!(inner, ["It's unusual,", "It's a hard thing,"]);
        // Nested quotes still nest: their opening marks precede words.
        let text = "“He called it “a farce,” then left,” she said.";
        let inner: Vec<&str> = quote_regions(text)
            .iter()
            .map(|q| &text[q.inner.clone()])
            .collect();
        assert_eq!(inner, ["He called it “a farce,” then left,"]);
    }

    #[test]
    fn tokens_and_quotes_are_those_of_the_character_scans() {
        for text in texts() {
            assert_eq!(
                format!("{:?}", tokenize(&text)),
                format!("{:?}", tokenize_by_chars(&text)),
                "{text:?}"
            );
            assert_eq!(
                format!("{:?}", quote_regions(&text)),
                format!("{:?}", quote_regions_by_chars(&text)),
                "{text:?}"
            );
        }
    }
}
