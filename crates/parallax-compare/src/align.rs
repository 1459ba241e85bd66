//! Sentence alignment across the articles of one event.
//!
//! Each sentence becomes a set of *terms*: content words reduced to their
//! Snowball stem ("increased", "increase" -> "increas"), the figures it
//! states by kind, unit and value (so "USD 4.5 billion" and "4.5 billion
//! US dollars" are one term), and the entities it mentions by canonical
//! name (so "Ruiz", "Ms. Ruiz" and "Ana Ruiz" are one term). Terms weigh
//! their rarity in the event (`ln(1 + sentences / sentences with it)`):
//! words every article repeats say little about which fact a sentence
//! reports. Two sentences of different articles are the same fact when
//! the mean of their weighted Dice coefficient and weighted overlap
//! coefficient reaches the threshold; the overlap half lets a short
//! sentence match the longer one that contains it. This is paraphrase
//! within reach of a lexical method: reordered clauses, inflections,
//! aliases and restated figures align; synonyms that share no stem
//! ("evolves" / "changes") only through the rest of the sentence.
//!
//! Facts are formed greedily from the best pairs down, never putting two
//! sentences of one article in a fact.

use std::ops::Range;

use parallax_model::{Article, Facts};
use rustc_hash::FxHashMap as HashMap;

use crate::Source;

/// Words that carry no fact: articles, pronouns, auxiliaries,
/// prepositions, conjunctions. (Unlike the cluster stage's stop words,
/// these keep "first", "year", "said": they tell facts apart.)
#[rustfmt::skip]
const FUNCTION_WORDS: &[&str] = &[
    "a", "an", "the", "this", "that", "these", "those", "it", "its", "it's", "he", "him", "his",
    "she", "her", "hers", "they", "them", "their", "we", "us", "our", "you", "your", "i", "me",
    "my", "who", "whom", "whose", "which", "what", "is", "are", "was", "were", "be", "been",
    "being", "am", "has", "have", "had", "having", "do", "does", "did", "will", "would", "shall",
    "should", "can", "could", "may", "might", "must", "of", "in", "on", "at", "to", "for", "from",
    "by", "with", "about", "as", "into", "onto", "over", "under", "between", "through", "during",
    "and", "or", "but", "nor", "so", "if", "than", "then", "also", "not", "no", "there", "here",
    "s", "t", "all", "both", "each", "such", "very", "just", "up", "out", "off", "while", "when",
    "where", "how", "why", "own", "same", "other", "another", "some", "any", "more", "most",
    "mr", "mrs", "ms", "dr", "amid", "despite", "since", "after", "before", "because", "although",
    "though", "until", "within", "without", "across", "around", "along", "toward", "towards",
    "upon", "via", "per", "ago", "following", "against", "among", "than", "too", "said", "says",
    "told", "near",
];

pub(crate) fn is_function_word(w: &str) -> bool {
    static SET: std::sync::LazyLock<std::collections::HashSet<&'static str>> =
        std::sync::LazyLock::new(|| FUNCTION_WORDS.iter().copied().collect());
    SET.contains(w)
}

/// The Snowball English stem of a lowercased word.
pub(crate) fn stem(w: &str) -> String {
    static STEMMER: std::sync::LazyLock<rust_stemmers::Stemmer> = std::sync::LazyLock::new(|| {
        rust_stemmers::Stemmer::create(rust_stemmers::Algorithm::English)
    });
    let w = w.trim_end_matches("'s").trim_end_matches("’s");
    STEMMER.stem(w).into_owned()
}

/// Content-word stems of `text`.
pub(crate) fn word_terms(text: &str) -> impl Iterator<Item = String> + '_ {
    parallax_text::tokens(text).into_iter().filter_map(|t| {
        let digits = t.text.chars().all(|c| c.is_numeric());
        (t.text.chars().count() >= 2 && !digits && !is_function_word(&t.text))
            .then(|| stem(&t.text))
    })
}

/// Sentences this similar share part of a fact: a sentence with such a
/// neighbour in another source is not news that only its source carries.
pub(crate) const NEAR: f32 = 0.3;

/// One sentence of one article.
#[derive(Debug, Clone)]
pub(crate) struct Unit {
    pub src: usize,
    /// Byte range in the article's body.
    pub range: Range<usize>,
    /// The sentence on one line.
    pub text: String,
    /// Sorted, distinct term ids.
    pub terms: Vec<u32>,
}

/// The event's sentences and the facts they group into.
#[derive(Debug, Default)]
pub(crate) struct Aligned {
    pub units: Vec<Unit>,
    /// Weight of each term id.
    pub weight: Vec<f32>,
    /// The group of each unit, if it was aligned with another.
    pub group_of: Vec<Option<usize>>,
    /// Units of each group, in reading order.
    pub groups: Vec<Vec<usize>>,
    /// Per unit: the units of other articles at least [`NEAR`] similar.
    pub near: Vec<Vec<(usize, f32)>>,
    pub vocab: HashMap<String, u32>,
}

impl Aligned {
    pub fn intern(&mut self, term: String) -> u32 {
        let n = self.vocab.len() as u32;
        *self.vocab.entry(term).or_insert(n)
    }

    /// Similarity of two sorted term lists (0..1).
    pub fn similarity(&self, a: &[u32], b: &[u32]) -> f32 {
        let w = |t: u32| self.weight.get(t as usize).copied().unwrap_or(1.0);
        let (sa, sb): (f32, f32) = (a.iter().map(|&t| w(t)).sum(), b.iter().map(|&t| w(t)).sum());
        if sa == 0.0 || sb == 0.0 {
            return 0.0;
        }
        let (mut i, mut j, mut shared) = (0, 0, 0.0f32);
        while i < a.len() && j < b.len() {
            match a[i].cmp(&b[j]) {
                std::cmp::Ordering::Less => i += 1,
                std::cmp::Ordering::Greater => j += 1,
                std::cmp::Ordering::Equal => {
                    shared += w(a[i]);
                    i += 1;
                    j += 1;
                }
            }
        }
        let dice = 2.0 * shared / (sa + sb);
        let overlap = shared / sa.min(sb);
        (dice + overlap) / 2.0
    }

    /// The member most similar to the others: the fact's central wording.
    pub fn centre(&self, members: &[usize]) -> usize {
        members
            .iter()
            .copied()
            .max_by(|&a, &b| {
                let score = |u: usize| -> f32 {
                    members
                        .iter()
                        .filter(|&&v| v != u)
                        .map(|&v| self.similarity(&self.units[u].terms, &self.units[v].terms))
                        .sum()
                };
                score(a).total_cmp(&score(b)).then(b.cmp(&a))
            })
            .unwrap_or(0)
    }
}

/// Terms of a sentence: content stems, the figures and the entities in
/// its original range.
fn sentence_terms(
    aligned: &mut Aligned,
    article: &Article,
    facts: &Facts,
    range: &Range<usize>,
) -> Vec<u32> {
    let text = &article.body[range.clone()];
    let original = article.body_map.to_original(range.clone());
    let inside = |s: &parallax_model::Span| {
        (s.start as usize) >= original.start && (s.end as usize) <= original.end
    };
    let mut terms: Vec<u32> = Vec::new();
    for w in word_terms(text) {
        terms.push(aligned.intern(w));
    }
    for c in facts.claims.iter().filter(|c| inside(&c.span)) {
        terms.push(aligned.intern(figure_term(c)));
    }
    for e in &facts.entities {
        if e.mentions.iter().any(&inside) {
            terms.push(aligned.intern(format!("@{}", e.name.to_lowercase())));
        }
    }
    terms.sort_unstable();
    terms.dedup();
    terms
}

/// A figure as a term: kind, unit and value to three significant digits.
pub(crate) fn figure_term(c: &parallax_model::Claim) -> String {
    format!(
        "#{}:{}:{:.3e}",
        c.kind.as_str(),
        c.unit.as_deref().unwrap_or(""),
        c.value
    )
}

/// Splits the sources into sentences, weighs the terms and groups the
/// sentences that report the same fact.
pub(crate) fn align(sources: &[Source<'_>], threshold: f32) -> Aligned {
    let mut aligned = Aligned::default();
    for (s, src) in sources.iter().enumerate() {
        let body = &src.text().body;
        for range in parallax_analyze::sentences(body) {
            let terms = sentence_terms(&mut aligned, src.text(), src.facts, &range);
            if terms.len() < 3 {
                continue;
            }
            aligned.units.push(Unit {
                src: s,
                text: parallax_text::squash_space(&body[range.clone()]),
                range,
                terms,
            });
        }
    }
    let n = aligned.units.len();
    let mut df = vec![0u32; aligned.vocab.len()];
    let mut postings: Vec<Vec<u32>> = vec![Vec::new(); aligned.vocab.len()];
    for (u, unit) in aligned.units.iter().enumerate() {
        for &t in &unit.terms {
            df[t as usize] += 1;
            postings[t as usize].push(u as u32);
        }
    }
    aligned.weight = df
        .iter()
        .map(|&d| (1.0 + n as f32 / d.max(1) as f32).ln())
        .collect();
    // Candidate pairs share a term that is not everywhere: a term in more
    // than a fifth of the sentences (and more than a few) only adds to
    // pairs found through rarer ones.
    let common = (n / 5).max(8);
    let mut candidates: rustc_hash::FxHashSet<(u32, u32)> = Default::default();
    for list in postings.iter().filter(|l| l.len() <= common) {
        for (i, &a) in list.iter().enumerate() {
            for &b in &list[i + 1..] {
                if aligned.units[a as usize].src != aligned.units[b as usize].src {
                    candidates.insert((a, b));
                }
            }
        }
    }
    let mut near: Vec<Vec<(usize, f32)>> = vec![Vec::new(); n];
    let mut pairs: Vec<(f32, u32, u32)> = Vec::new();
    for (a, b) in candidates {
        let sim = aligned.similarity(
            &aligned.units[a as usize].terms,
            &aligned.units[b as usize].terms,
        );
        if sim >= NEAR.min(threshold) {
            near[a as usize].push((b as usize, sim));
            near[b as usize].push((a as usize, sim));
        }
        if sim >= threshold {
            pairs.push((sim, a, b));
        }
    }
    aligned.near = near;
    pairs.sort_by(|x, y| y.0.total_cmp(&x.0).then(x.1.cmp(&y.1)).then(x.2.cmp(&y.2)));
    // Greedy grouping, best pairs first, one sentence per article a group.
    let src: Vec<usize> = aligned.units.iter().map(|u| u.src).collect();
    let groups = group_greedily(
        n,
        pairs.into_iter().map(|(_, a, b)| (a as usize, b as usize)),
        &src,
    );
    // The groups of two or more, in reading order.
    let mut kept: Vec<Vec<usize>> = groups
        .into_iter()
        .filter(|m| m.len() > 1)
        .map(|mut m| {
            m.sort_unstable();
            m
        })
        .collect();
    kept.sort_by_key(|m| m[0]);
    let mut group_of = vec![None; n];
    for (g, members) in kept.iter().enumerate() {
        for &u in members {
            group_of[u] = Some(g);
        }
    }
    aligned.group_of = group_of;
    aligned.groups = kept;
    aligned
}

/// Groups items linked by `links` (strongest first), never two items of
/// one source (`src[item]`) in a group: each link joins the two items'
/// groups unless they would then share a source. Returns every group,
/// unlinked items as groups of one.
pub(crate) fn group_greedily(
    n: usize,
    links: impl IntoIterator<Item = (usize, usize)>,
    src: &[usize],
) -> Vec<Vec<usize>> {
    let mut group_of: Vec<usize> = (0..n).collect();
    let mut groups: Vec<Vec<usize>> = (0..n).map(|i| vec![i]).collect();
    // Sources of each group, kept beside it.
    let mut sources: Vec<Vec<usize>> = (0..n).map(|i| vec![src[i]]).collect();
    for (a, b) in links {
        let (g, h) = (group_of[a], group_of[b]);
        if g == h || sources[g].iter().any(|s| sources[h].contains(s)) {
            continue;
        }
        let moved = std::mem::take(&mut groups[h]);
        for &i in &moved {
            group_of[i] = g;
        }
        groups[g].extend(moved);
        let moved = std::mem::take(&mut sources[h]);
        sources[g].extend(moved);
    }
    groups.into_iter().filter(|g| !g.is_empty()).collect()
}
