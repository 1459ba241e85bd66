//! Search over the stored articles, three ways ([`Mode`]): lexical (the
//! store's full-text index, BM25 over titles and bodies, fed like a
//! stage), semantic (the query's sentence embedding against the stored
//! articles', through [`crate::vindex`]) and hybrid (reciprocal rank fusion
//! of the two). This module reads the hits' articles and events and cuts a
//! snippet around the first words of the query found in each body.

use parallax_model::{ArticleId, PubDate};
use serde::Serialize;

use crate::store::ArticleStore;
use crate::Result;

/// One article found.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct Hit {
    pub article: ArticleId,
    pub title: Option<String>,
    pub outlet: Option<String>,
    pub published: Option<PubDate>,
    /// Its event, once placed.
    pub event: Option<u32>,
    /// Higher is better, comparable within one query only: BM25
    /// (lexical), cosine (semantic), the fused reciprocal ranks (hybrid).
    pub score: f64,
    /// Words of the body around the first query word found in it, on one
    /// line.
    pub snippet: String,
    /// Byte ranges `[start, end)` of the query's words in `snippet`.
    pub highlights: Vec<[usize; 2]>,
    /// Other articles of its copy group (reprints of one text) that the
    /// search also found, folded under this one, the best ranked of them:
    /// 0 when it has none, or when copies are listed one by one.
    pub copies: usize,
    /// Its arrival number, to fold copies after a caller's own filter.
    #[serde(skip)]
    pub seq: i64,
}

/// Whether a search lists each copy of a text or folds them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Copies {
    /// One hit per copy group, the best ranked, with how many of the
    /// group were found ([`Hit::copies`]): an agency story reprinted by a
    /// hundred outlets is one hit, not a page of the same text.
    #[default]
    Fold,
    /// Every article found, copies one by one.
    All,
}

impl std::str::FromStr for Copies {
    type Err = String;
    fn from_str(s: &str) -> std::result::Result<Self, String> {
        match s {
            "fold" => Ok(Copies::Fold),
            "all" => Ok(Copies::All),
            c => Err(format!("no copies {c:?}: fold or all")),
        }
    }
}

/// How much deeper than the hits asked for a folded search ranks at
/// first, and at most: a ranking that folds below the hits asked for is
/// read again deeper while it has more (at least fourfold, more when
/// folding left far fewer hits than asked), so a text reprinted hundreds
/// of times costs a few reads of its postings, never the store. Past the
/// deepest reading, a lexical ranking is read on leaving out the stories
/// found ([`read_past_found`]); a semantic or hybrid one lists the stories
/// its deepest reading holds.
const FOLD_DEPTH: usize = 4;
const MAX_FOLD_DEPTH: usize = 4096;

/// Folds copies in a ranking, best first: of the items in one copy group
/// only the first stays, with how many of its group came after it. Reads
/// a row per item.
pub fn fold_copies<S: ArticleStore, T>(
    store: &S,
    items: Vec<T>,
    seq: impl Fn(&T) -> i64,
) -> Result<Vec<(T, usize)>> {
    let seqs: Vec<i64> = items.iter().map(&seq).collect();
    let groups: std::collections::HashMap<i64, i64> =
        store.copy_groups_of(&seqs)?.into_iter().collect();
    // An article in no group is a group of its own, numbered by itself: a
    // group is numbered by its first member, which is in it, so the two
    // kinds of number never meet.
    let mut first: std::collections::HashMap<i64, usize> = Default::default();
    let mut out: Vec<(T, usize)> = Vec::with_capacity(items.len());
    for item in items {
        let s = seq(&item);
        let g = groups.get(&s).copied().unwrap_or(s);
        match first.entry(g) {
            std::collections::hash_map::Entry::Occupied(e) => out[*e.get()].1 += 1,
            std::collections::hash_map::Entry::Vacant(e) => {
                e.insert(out.len());
                out.push((item, 0));
            }
        }
    }
    Ok(out)
}

/// The words of a text, lowercase, with their byte ranges: letters and
/// digits, split as the index's tokenizer splits them.
fn words(text: &str) -> impl Iterator<Item = (usize, usize)> + '_ {
    let mut i = 0;
    std::iter::from_fn(move || {
        // A byte at a time where the text is ASCII (most of it), a
        // character at a time elsewhere: the full-text stage runs this
        // over every article's body.
        while i < text.len() {
            let (c, len) = parallax_text::char_at(text, i);
            if c.is_alphanumeric() {
                break;
            }
            i += len;
        }
        if i >= text.len() {
            return None;
        }
        let start = i;
        while i < text.len() {
            let (c, len) = parallax_text::char_at(text, i);
            if !c.is_alphanumeric() {
                break;
            }
            i += len;
        }
        Some((start, i))
    })
}

/// Words before the first hit a snippet keeps, and words in all.
const BEFORE: usize = 12;
const WORDS: usize = 40;

/// A window of `body` around the first of `query`'s words in it (the
/// body's start when none is), on one line (each run of white space, a
/// paragraph break among them, one space), with the query's words marked.
pub fn snippet(body: &str, query: &str) -> (String, Vec<[usize; 2]>) {
    let mut wanted: std::collections::HashSet<String> = words(query)
        .map(|(s, e)| query[s..e].to_lowercase())
        .collect();
    // Function words ("to", "the") are marked only when the query has
    // nothing else: every line has them.
    if wanted
        .iter()
        .any(|w| !parallax_cluster::features::is_stop(w))
    {
        wanted.retain(|w| !parallax_cluster::features::is_stop(w));
    }
    let all: Vec<(usize, usize)> = words(body).collect();
    let hit = |&(s, e): &(usize, usize)| wanted.contains(&body[s..e].to_lowercase());
    let first = all.iter().position(hit).unwrap_or(0);
    let from = first.saturating_sub(BEFORE);
    let to = (from + WORDS).min(all.len());
    let Some(&(start, _)) = all.get(from) else {
        return (String::new(), Vec::new());
    };
    let mut out = String::with_capacity(WORDS * 8);
    let mut marks = Vec::new();
    let mut at = start;
    for w in &all[from..to] {
        // What lies between two words, its white space folded.
        let mut space = false;
        for c in body[at..w.0].chars() {
            if c.is_whitespace() {
                space = true;
            } else {
                if space && !out.is_empty() {
                    out.push(' ');
                }
                space = false;
                out.push(c);
            }
        }
        if space && !out.is_empty() {
            out.push(' ');
        }
        let s = out.len();
        out.push_str(&body[w.0..w.1]);
        if hit(w) {
            marks.push([s, out.len()]);
        }
        at = w.1;
    }
    (out, marks)
}

/// How a search ranks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Mode {
    Lexical,
    Semantic,
    Hybrid,
}

impl Mode {
    pub fn as_str(self) -> &'static str {
        match self {
            Mode::Lexical => "lexical",
            Mode::Semantic => "semantic",
            Mode::Hybrid => "hybrid",
        }
    }
}

impl std::fmt::Display for Mode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::str::FromStr for Mode {
    type Err = String;
    fn from_str(s: &str) -> std::result::Result<Self, String> {
        match s {
            "lexical" => Ok(Mode::Lexical),
            "semantic" => Ok(Mode::Semantic),
            "hybrid" => Ok(Mode::Hybrid),
            m => Err(format!("no search mode {m:?}: lexical, semantic or hybrid")),
        }
    }
}

/// The words of `query` the full-text index is asked for: its content
/// words, without the words the cluster stage finds say nothing of a
/// happening ("said", "new", "people", weekdays:
/// [`parallax_cluster::features::is_stop`]) when any other is left, and
/// never the [`FUNCTION_WORDS`], which the index leaves out
/// ([`indexed_text`]); a query made only of those finds nothing. A common
/// word matches most documents, each of which is then scored, for
/// almost no weight in BM25: asking for "said" or "the" made a five-word
/// title cost 46 ms at 100k articles, and with "said", "new" and "more"
/// asked the search p99 under load rose from 70 to 105 ms.
pub fn lexical_query(query: &str) -> String {
    let indexed: Vec<&str> = words(query)
        .map(|(s, e)| &query[s..e])
        .filter(|w| !is_function_word(w))
        .collect();
    let content: Vec<&str> = indexed
        .iter()
        .copied()
        .filter(|w| !parallax_cluster::features::is_stop(&w.to_lowercase()))
        .collect();
    if content.is_empty() { indexed } else { content }.join(" ")
}

/// English function words, which the full-text index leaves out: the
/// commonest words of any text, which say nothing of what it is about.
/// Narrower than the cluster stage's list on purpose: a word that can
/// be a name or a subject on its own ("New", "Wednesday", "WHO", "US",
/// "May", "Will") stays searchable. With them, the pieces contractions
/// and possessives split into ("Korea's" is "Korea" and "s", "don't" is
/// "don" and "t"): "s" is in nearly every article, so a title asking for
/// it scored them all (63 ms a query at 100k articles, against 17).
/// Sorted, for the binary search.
const FUNCTION_WORDS: &[&str] = &[
    "a", "an", "and", "are", "as", "at", "be", "been", "but", "by", "d", "for", "from", "had",
    "has", "have", "he", "her", "his", "i", "if", "in", "into", "is", "it", "its", "ll", "m", "of",
    "on", "or", "re", "s", "she", "t", "than", "that", "the", "their", "them", "then", "there",
    "these", "they", "this", "those", "to", "ve", "was", "we", "were", "which", "with", "would",
    "you",
];

/// [`FUNCTION_WORDS`] as numbers (see [`pack_word`]), so a look-up
/// compares integers. Packing keeps the order, so they are sorted as the
/// words are.
const PACKED_FUNCTION_WORDS: [u64; FUNCTION_WORDS.len()] = {
    let mut out = [0u64; FUNCTION_WORDS.len()];
    let mut i = 0;
    while i < out.len() {
        out[i] = pack_word(FUNCTION_WORDS[i].as_bytes());
        i += 1;
    }
    out
};

/// A word of at most eight ASCII bytes as one number, lowercased: its
/// bytes from the top down, zeros after, so numbers sort as words do.
const fn pack_word(word: &[u8]) -> u64 {
    let mut k = 0u64;
    let mut i = 0;
    while i < word.len() {
        k |= (word[i].to_ascii_lowercase() as u64) << (56 - 8 * i);
        i += 1;
    }
    k
}

/// Whether `word` (any case) is one of [`FUNCTION_WORDS`].
fn is_function_word(word: &str) -> bool {
    // The longest is five letters; longer and non-ASCII words skip the test.
    if word.len() > 5 || !word.is_ascii() {
        return false;
    }
    PACKED_FUNCTION_WORDS
        .binary_search(&pack_word(word.as_bytes()))
        .is_ok()
}

/// What the full-text index is given for a title or body: the text
/// without its [`FUNCTION_WORDS`] (each left as a space, everything else
/// as it was, so the index's own tokenizer splits the rest as before).
/// Their postings, with positions, were about a fifth of the index (2,095 -> 1,692 bytes an article), and
/// [`lexical_query`] never asks for them.
pub fn indexed_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut from = 0;
    for (s, e) in words(text) {
        if is_function_word(&text[s..e]) {
            out.push_str(&text[from..s]);
            out.push(' ');
            from = e;
        }
    }
    out.push_str(&text[from..]);
    out
}

/// The best `limit` articles for `query` by BM25, best first, each copy
/// a hit of its own: the ranking as the index makes it, which `eval
/// search` scores.
pub fn search<S: ArticleStore>(store: &S, query: &str, limit: usize) -> Result<Vec<Hit>> {
    search_by(store, query, None, Mode::Lexical, None, limit, Copies::All)
}

/// The best `limit` articles for `query` by `mode`, best first, with
/// their copies folded or not (`copies`); `vector` is the query's
/// sentence embedding (semantic and hybrid), `index` the process's vector
/// index (else every stored vector is read: see
/// [`crate::vindex::scan`]).
pub fn search_by<S: ArticleStore>(
    store: &S,
    query: &str,
    vector: Option<&[f32]>,
    mode: Mode,
    index: Option<&crate::vindex::VectorIndex>,
    limit: usize,
    copies: Copies,
) -> Result<Vec<Hit>> {
    let nearest = |k: usize| -> Result<Vec<(i64, f64)>> {
        let Some(v) = vector else {
            return Ok(Vec::new());
        };
        let found = match index {
            Some(ix) => {
                ix.catch_up(store)?;
                ix.search(v, k)
            }
            None => crate::vindex::scan(store, v, k)?,
        };
        Ok(found.into_iter().map(|(s, c)| (s, f64::from(c))).collect())
    };
    let rank = |limit: usize| -> Result<Vec<(i64, f64)>> {
        Ok(match mode {
            Mode::Lexical => store.search(&lexical_query(query), limit)?,
            Mode::Semantic => nearest(limit)?,
            Mode::Hybrid => {
                let depth = FUSED_DEPTH.max(limit);
                let lexical: Vec<i64> = store
                    .search(&lexical_query(query), depth)?
                    .into_iter()
                    .map(|(s, _)| s)
                    .collect();
                let semantic: Vec<i64> = nearest(depth)?.into_iter().map(|(s, _)| s).collect();
                fuse_scored(&[&lexical, &semantic])
                    .into_iter()
                    .take(limit)
                    .collect()
            }
        })
    };
    if limit == 0 {
        return Ok(Vec::new());
    }
    let ranked: Vec<((i64, f64), usize)> = match copies {
        Copies::All => rank(limit)?.into_iter().map(|r| (r, 0)).collect(),
        Copies::Fold => {
            let deepest = MAX_FOLD_DEPTH.max(limit);
            let mut depth = limit.saturating_mul(FOLD_DEPTH).min(deepest);
            let (mut folded, more) = loop {
                let ranked = rank(depth)?;
                let full = ranked.len() >= depth;
                let folded = fold_copies(store, ranked, |r| r.0)?;
                if folded.len() >= limit || !full || depth >= deepest {
                    break (folded, full);
                }
                // Deeper by what this reading's folding suggests it takes
                // (twice over), and at least fourfold.
                let wanted = depth.saturating_mul(limit.saturating_mul(2)) / folded.len().max(1);
                depth = wanted.max(depth.saturating_mul(FOLD_DEPTH)).min(deepest);
            };
            if folded.len() < limit && more && mode == Mode::Lexical {
                read_past_found(store, query, limit, deepest, &mut folded)?;
            }
            folded.truncate(limit);
            folded
        }
    };
    hits(store, ranked, query)
}

/// The deepest a further reading of a ranking goes ([`read_past_found`]).
const MAX_READ_ON_DEPTH: usize = 16 * MAX_FOLD_DEPTH;

/// Reads a lexical ranking on past the stories `folded` holds, when its
/// deepest reading (`depth` hits) still folded into fewer than `limit`:
/// a text reprinted more times than a reading holds filled it. Each
/// further reading leaves out the copy groups found so far, so it starts
/// at the next story, ranked below all of them, and adds at least one;
/// it reads deeper by what the last one's folding suggests it takes
/// (twice over, at most [`MAX_READ_ON_DEPTH`]), and it stops at `limit`
/// stories or at the ranking's end. Each costs what a search costs, plus
/// the left-out groups' members: on the 100k bench store, "said" (every
/// story reprinted some 260 times) takes 0.3-0.45 s for 20 stories, 0.4 s
/// for 200 and 0.5 s for all 256 (1.3 s for 200 when every further
/// reading was 4,096 deep).
fn read_past_found<S: ArticleStore>(
    store: &S,
    query: &str,
    limit: usize,
    depth: usize,
    folded: &mut Vec<((i64, f64), usize)>,
) -> Result<()> {
    let q = lexical_query(query);
    let mut depth = depth;
    while folded.len() < limit {
        let seqs: Vec<i64> = folded.iter().map(|((s, _), _)| *s).collect();
        let grouped: std::collections::HashMap<i64, i64> =
            store.copy_groups_of(&seqs)?.into_iter().collect();
        let found: Vec<i64> = seqs
            .iter()
            .map(|s| grouped.get(s).copied().unwrap_or(*s))
            .collect();
        let ranked = store.search_excluding(&q, depth, &found)?;
        let full = ranked.len() >= depth;
        let new = fold_copies(store, ranked, |r| r.0)?;
        let got = new.len();
        folded.extend(new);
        if !full || got == 0 {
            break;
        }
        let short = limit.saturating_sub(folded.len());
        depth = (depth.saturating_mul(short.saturating_mul(2)) / got)
            .clamp(depth, MAX_READ_ON_DEPTH.max(depth));
    }
    Ok(())
}

/// The hits of ranked articles (arrival number and score): their records,
/// events and snippets.
fn hits<S: ArticleStore>(
    store: &S,
    ranked: Vec<((i64, f64), usize)>,
    query: &str,
) -> Result<Vec<Hit>> {
    let seqs: Vec<i64> = ranked.iter().map(|((s, _), _)| *s).collect();
    let mut articles: std::collections::HashMap<i64, parallax_model::Article> =
        store.articles_at(&seqs)?.into_iter().collect();
    let events: std::collections::HashMap<i64, u32> = store
        .events_of(&seqs)?
        .into_iter()
        .map(|(seq, e, _)| (seq, e))
        .collect();
    Ok(ranked
        .into_iter()
        .filter_map(|((seq, score), copies)| {
            let a = articles.remove(&seq)?;
            let (snippet, highlights) = snippet(&a.body, query);
            Some(Hit {
                article: a.id,
                title: a.title,
                outlet: a.outlet,
                published: a.published,
                event: events.get(&seq).copied(),
                score,
                snippet,
                highlights,
                copies,
                seq,
            })
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A story reprinted more often than a reading of the ranking holds
    /// does not shorten the list: the next readings leave its copies out
    /// and find the stories below it, in rank order, on each backend's
    /// own query (here SQLite's).
    #[test]
    fn a_ranking_full_of_one_story_is_read_on_past_it() {
        let dir = tempfile::tempdir().unwrap();
        let story = "The harbour authority closed the port of Eastmouth on Monday after a storm \
                     stranded two ferries and forty fishing boats in the harbour, officials said.";
        let mut lines: Vec<String> = (1..=12)
            .map(|o| {
                serde_json::json!({"title": "Storm shuts harbour", "text": story,
                                   "outlet": format!("Outlet {o}")})
                .to_string()
            })
            .collect();
        for (title, text) in [
            (
                "Ferries return",
                "Ferries returned to the harbour of Westbay on Friday, a week after the gale.",
            ),
            (
                "Fishing fleet idle",
                "The fishing fleet stayed idle in the northern harbour as storm warnings held.",
            ),
            (
                "Bridge reopens",
                "The bridge over the river reopened to traffic on Sunday after repairs.",
            ),
        ] {
            lines.push(
                serde_json::json!({"title": title, "text": text, "outlet": "Bay Herald"})
                    .to_string(),
            );
        }
        let input = dir.path().join("in.jsonl");
        std::fs::write(&input, lines.join("\n")).unwrap();
        let config = crate::EngineConfig {
            embeddings: false,
            ..Default::default()
        };
        let store = parallax_store::SqliteStore::open(dir.path().join("s.db")).unwrap();
        let mut engine = crate::Engine::new(store, config);
        engine.ingest(&[input], crate::Progress::Hidden).unwrap();
        engine.catch_up(crate::Progress::Hidden).unwrap();
        let store = engine.store();
        let q = "harbour storm";
        // A reading four deep holds copies of the one story only.
        let mut folded =
            fold_copies(store, store.search(&lexical_query(q), 4).unwrap(), |r| r.0).unwrap();
        assert_eq!(folded.len(), 1, "{folded:?}");
        read_past_found(store, q, 3, 4, &mut folded).unwrap();
        let titles: Vec<String> = folded
            .iter()
            .map(|((s, _), _)| {
                store.articles_at(&[*s]).unwrap()[0]
                    .1
                    .title
                    .clone()
                    .unwrap()
            })
            .collect();
        assert_eq!(
            titles,
            [
                "Storm shuts harbour",
                "Fishing fleet idle",
                "Ferries return"
            ]
        );
        // Scores fall down the list, and the story's copies in its first
        // reading are counted.
        assert!(
            folded.windows(2).all(|w| w[0].0 .1 >= w[1].0 .1),
            "{folded:?}"
        );
        assert_eq!(folded[0].1, 3);
        // Asked for more than match: every matching story, then the end.
        read_past_found(store, q, 10, 4, &mut folded).unwrap();
        assert_eq!(folded.len(), 3, "{folded:?}");
    }

    #[test]
    fn the_index_and_the_query_leave_out_the_same_function_words() {
        assert!(FUNCTION_WORDS.windows(2).all(|w| w[0] < w[1]), "sorted");
        assert!(
            PACKED_FUNCTION_WORDS.windows(2).all(|w| w[0] < w[1]),
            "packed sorted"
        );
        let text = "The mayor of São Paulo said THE vote, in May, was \"fair\".";
        let kept = indexed_text(text);
        assert_eq!(kept, "  mayor   São Paulo said   vote,   May,   \"fair\".");
        // Names that are also common words stay searchable.
        for name in ["New", "Wednesday", "WHO", "US", "May", "Will"] {
            assert_eq!(lexical_query(name), name);
        }
        // Contractions and possessives leave no one-letter word to ask for.
        assert_eq!(
            lexical_query("North Korea's Kim says it's"),
            "North Korea Kim"
        );
        // Words common in news are asked for only when nothing else is left.
        assert_eq!(lexical_query("Trump said new tariffs"), "Trump tariffs");
        assert_eq!(lexical_query("The New Day"), "New Day");
        assert_eq!(lexical_query("we don't, they’re"), "don");
        assert_eq!(lexical_query("the Mayor of São Paulo"), "Mayor São Paulo");
        assert_eq!(lexical_query("To be or not to be"), "not");
        assert_eq!(lexical_query("to be or to be"), "");
    }

    #[test]
    fn words_split_as_letters_and_digits_do_in_any_script() {
        // The plain definition: maximal runs of alphanumeric characters.
        fn reference(text: &str) -> Vec<(usize, usize)> {
            let mut out = Vec::new();
            let mut start = None;
            for (i, c) in text.char_indices() {
                match (c.is_alphanumeric(), start) {
                    (true, None) => start = Some(i),
                    (false, Some(s)) => {
                        out.push((s, i));
                        start = None;
                    }
                    _ => {}
                }
            }
            if let Some(s) = start {
                out.push((s, text.len()));
            }
            out
        }
        for text in [
            "",
            "   ",
            "The mayor of São Paulo—said: \"İstanbul's 3.5%\" ΣΟΦΟΣ",
            "東京で2024年 — naïve café…end",
            "a",
            "ü",
            "x\u{00a0}y\u{2009}z",
        ] {
            assert_eq!(words(text).collect::<Vec<_>>(), reference(text), "{text:?}");
        }
        for w in FUNCTION_WORDS {
            assert!(is_function_word(w), "{w}");
            assert!(is_function_word(&w.to_uppercase()), "{w}");
        }
        for w in [
            "",
            "ab",
            "tha",
            "thee",
            "these1",
            "theses",
            "İt",
            "s\u{0301}",
        ] {
            assert!(!is_function_word(w), "{w}");
        }
    }

    #[test]
    fn a_snippet_starts_near_the_first_query_word_and_marks_each() {
        let body = (0..100)
            .map(|i| format!("w{i}"))
            .collect::<Vec<_>>()
            .join(" ")
            + " The Harbour closed; harbour masters met.";
        let (s, marks) = snippet(&body, "HARBOUR ferries");
        assert!(s.starts_with("w89 "), "{s}");
        let marked: Vec<&str> = marks.iter().map(|[a, b]| &s[*a..*b]).collect();
        assert_eq!(marked, ["Harbour", "harbour"]);
        // A function word of the query is not marked, unless the query is
        // nothing else.
        let (s, marks) = snippet("The harbour closed to the ferries.", "the harbour");
        let marked: Vec<&str> = marks.iter().map(|[a, b]| &s[*a..*b]).collect();
        assert_eq!(marked, ["harbour"]);
        let (_, marks) = snippet("The harbour closed to the ferries.", "the");
        assert_eq!(marks.len(), 2);
        // No query word in it: the body's start.
        let (s, marks) = snippet("Ümlaut first, then more words.", "absent");
        assert!(s.starts_with("Ümlaut") && marks.is_empty());
        assert_eq!(snippet("", "x"), (String::new(), Vec::new()));
        // Paragraph breaks and runs of spaces are one space: a snippet is
        // a line, and its marks still fall on the words.
        let (s, marks) = snippet(
            "Storm.\n\n  The  harbour\tclosed.\r\nFerries",
            "harbour ferries",
        );
        assert_eq!(s, "Storm. The harbour closed. Ferries");
        let marked: Vec<&str> = marks.iter().map(|[a, b]| &s[*a..*b]).collect();
        assert_eq!(marked, ["harbour", "Ferries"]);
    }

    #[test]
    fn fusion_ranks_what_both_lists_rank_well_first() {
        // "c" is second in both lists: 2/62 beats "a" (1/61 + 1/64) and "x"
        // (first in one list only).
        let lexical = ["a", "c", "b", "d"];
        let semantic = ["x", "c", "e", "a"];
        let fused = fuse(&[&lexical[..], &semantic[..]]);
        assert_eq!(fused[..3], ["c", "a", "x"]);
        assert_eq!(fused.len(), 6);
        // One list alone keeps its order.
        assert_eq!(fuse(&[&lexical[..]]), lexical);
    }
}

/// One row of `eval search`: a mode's figures.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct EvalRow {
    pub mode: &'static str,
    /// Queries asked: articles with a title and at least one other article
    /// in their event.
    pub queries: usize,
    /// Mean over queries of the share of the other articles of the query's
    /// event found in the first 10 (the query's own article left out).
    pub recall_at_10: f64,
    /// Mean reciprocal rank of the first other article of the event.
    pub mrr: f64,
}

/// Candidates each ranking gives reciprocal rank fusion.
const FUSED_DEPTH: usize = 100;

/// Reciprocal rank fusion (Cormack et al. 2009, k = 60): each list gives
/// an item 1/(k + rank); the sums rank the union. Needs no score scale in
/// common, which BM25 and a cosine do not have.
pub fn fuse<T: Clone + Eq + std::hash::Hash>(lists: &[&[T]]) -> Vec<T> {
    fuse_scored(lists).into_iter().map(|(t, _)| t).collect()
}

/// [`fuse`], with each item's fused score.
pub fn fuse_scored<T: Clone + Eq + std::hash::Hash>(lists: &[&[T]]) -> Vec<(T, f64)> {
    const K: f64 = 60.0;
    let mut score: std::collections::HashMap<&T, (f64, usize)> = Default::default();
    let mut order = 0;
    for list in lists {
        for (rank, item) in list.iter().enumerate() {
            let e = score.entry(item).or_insert_with(|| {
                order += 1;
                (0.0, order)
            });
            e.0 += 1.0 / (K + rank as f64 + 1.0);
        }
    }
    let mut all: Vec<(&T, (f64, usize))> = score.into_iter().collect();
    all.sort_by(|a, b| b.1 .0.total_cmp(&a.1 .0).then(a.1 .1.cmp(&b.1 .1)));
    all.into_iter().map(|(t, (f, _))| (t.clone(), f)).collect()
}

/// Scores search on a labeled set: each article's title is the query,
/// the other articles of its event are the relevant ones. The articles
/// are stored in `store` (an empty store) and the index built as the
/// stages build it. With a sentence-embedding model, also semantic (the
/// title's embedding against every article's stored one, by cosine: an
/// evaluation may read every vector) and hybrid (reciprocal rank fusion of
/// the two rankings' first 100), and both again through the approximate
/// HNSW index the service searches ([`crate::vindex::VectorIndex`]).
pub fn evaluate<S: ArticleStore>(
    store: S,
    items: Vec<parallax_ingest::labeled::Labeled>,
    model: Option<&parallax_embed::Embedder>,
) -> Result<Vec<EvalRow>> {
    let mut label_of: std::collections::HashMap<ArticleId, String> = Default::default();
    let mut titles: Vec<(ArticleId, String)> = Vec::new();
    let mut entries = Vec::new();
    for it in items {
        label_of.insert(it.raw.id.clone(), it.label.clone());
        entries.push(Ok(parallax_ingest::Entry::Article(Box::new(it.raw))));
    }
    let cfg = crate::EngineConfig {
        embeddings: model.is_some(),
        ..Default::default()
    };
    let mut engine = crate::Engine::new(store, cfg);
    engine.ingest_entries(entries)?;
    engine.catch_up(crate::Progress::Hidden)?;
    let mut after = 0;
    loop {
        let chunk = engine.store().articles_since(after, 500)?;
        let Some(&(last, _)) = chunk.last() else {
            break;
        };
        for (_, a) in chunk {
            if let Some(t) = a.title.filter(|t| !t.trim().is_empty()) {
                titles.push((a.id, t));
            }
        }
        after = last;
    }
    let mut vectors: Vec<(ArticleId, Vec<f32>)> = Vec::new();
    let mut id_of: std::collections::HashMap<i64, ArticleId> = Default::default();
    let mut queries: Vec<Vec<f32>> = Vec::new();
    let index = crate::vindex::VectorIndex::new(label_of.len());
    if let Some(m) = model {
        let mut after = 0;
        loop {
            let page = engine.store().vectors_since(after, 1000)?;
            let Some(last) = page.last() else { break };
            after = last.seq;
            id_of.extend(page.iter().map(|v| (v.seq, v.id.clone())));
            vectors.extend(page.into_iter().map(|v| (v.id, v.vector)));
        }
        index.catch_up(engine.store())?;
        let refs: Vec<&str> = titles.iter().map(|(_, t)| t.as_str()).collect();
        queries = m
            .embed(&refs)
            .map_err(|e| crate::Error::State(format!("embedding the queries: {e}")))?;
    }
    let mut size: std::collections::HashMap<&str, usize> = Default::default();
    for l in label_of.values() {
        *size.entry(l.as_str()).or_default() += 1;
    }
    let modes: &[&'static str] = if vectors.is_empty() {
        &["lexical"]
    } else {
        &[
            "lexical",
            "semantic",
            "hybrid",
            "semantic, HNSW index (as served)",
            "hybrid, HNSW index (as served)",
        ]
    };
    let mut sums = vec![(0usize, 0f64, 0f64); modes.len()];
    for (qi, (id, title)) in titles.iter().enumerate() {
        let Some(label) = label_of.get(id) else {
            continue;
        };
        let relevant = size[label.as_str()] - 1;
        if relevant == 0 {
            continue;
        }
        let lexical: Vec<ArticleId> = search(engine.store(), title, FUSED_DEPTH + 1)?
            .into_iter()
            .map(|h| h.article)
            .filter(|a| a != id)
            .collect();
        let mut rankings = vec![lexical];
        if let Some(q) = queries.get(qi).filter(|_| !vectors.is_empty()) {
            let mut by_cos: Vec<(f32, &ArticleId)> = vectors
                .iter()
                .filter(|(a, _)| a != id)
                .map(|(a, v)| (parallax_embed::cosine(q, v), a))
                .collect();
            by_cos.sort_by(|a, b| b.0.total_cmp(&a.0));
            let semantic: Vec<ArticleId> = by_cos
                .into_iter()
                .take(FUSED_DEPTH)
                .map(|(_, a)| a.clone())
                .collect();
            let hybrid = fuse(&[&rankings[0], &semantic]);
            rankings.push(semantic);
            rankings.push(hybrid);
            // The same through the service's approximate index.
            let near: Vec<ArticleId> = index
                .search(q, FUSED_DEPTH + 1)
                .into_iter()
                .filter_map(|(seq, _)| id_of.get(&seq).cloned())
                .filter(|a| a != id)
                .take(FUSED_DEPTH)
                .collect();
            let hybrid = fuse(&[&rankings[0], &near]);
            rankings.push(near);
            rankings.push(hybrid);
        }
        let is_relevant = |a: &ArticleId| label_of.get(a) == Some(label);
        for (sum, ranked) in sums.iter_mut().zip(&rankings) {
            let found = ranked.iter().take(10).filter(|a| is_relevant(a)).count();
            sum.0 += 1;
            sum.1 += found as f64 / relevant as f64;
            if let Some(r) = ranked.iter().position(is_relevant) {
                sum.2 += 1.0 / (r + 1) as f64;
            }
        }
    }
    Ok(modes
        .iter()
        .zip(sums)
        .map(|(mode, (n, recall, rr))| {
            let mean = |x: f64| if n == 0 { 0.0 } else { x / n as f64 };
            EvalRow {
                mode,
                queries: n,
                recall_at_10: mean(recall),
                mrr: mean(rr),
            }
        })
        .collect())
}
