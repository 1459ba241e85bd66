//! Wording: how the sources name the same thing differently, found two
//! ways.
//!
//! **Within aligned sentences.** Two sentences of different sources that
//! report the same fact are aligned word by word (longest common
//! subsequence of stems); where both leave a short gap between the same
//! matched words, the gaps are two wordings of one thing: "broke up the
//! *peaceful demonstration* against" / "broke up the *violent riot*
//! against".
//!
//! **Across the articles.** Phrases are aligned on a shared head word.
//! Around each common noun-like word (lowercase, not a function word) the source's phrase is read: up
//! to three modifiers before it, and a post-modifier after it when one
//! starts with a preposition or a participle and a preposition ("aimed
//! at ...", "backed by ..."). Two independent sources that both use the
//! head word but with modifiers the other never uses around it name the
//! thing differently: "student protest movement" against "foreign-funded
//! protest movement aimed at the government". Words
//! inside quotation marks are the speaker's, not the outlet's, and are
//! left out. Differences are ranked by how many modifier words are
//! each source's own (capitalised ones, names, count less than
//! descriptive words), so loaded words rise above spelling variants of
//! names.

use std::collections::BTreeMap;

use parallax_model::{QuoteKind, TitleSource};

use crate::align::{is_function_word, stem, Aligned};
use crate::{Source, Wording, WordingVariant};

/// Number words end a phrase: "protest in the capital two days ago".
const NUMBER_WORDS: &[&str] = &[
    "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "dozen",
    "hundred", "thousand", "million", "billion", "trillion", "half",
];

/// A phrase worth reporting differs by at least this much (a descriptive
/// word weighs 1, a capitalised one 0.3).
const MIN_SCORE: f32 = 2.0;

/// Words after which a word is a verb.
const VERB_MARKERS: &[&str] = &[
    "to", "has", "have", "had", "will", "would", "can", "could", "should", "may", "might", "must",
    "is", "are", "was", "were", "be", "been", "do", "does", "did",
];

/// Words that may join a post-modifier to its head: "protest in the
/// capital", "talks on trade", "aimed at".
const LINKERS: &[&str] = &[
    "in", "of", "at", "against", "on", "over", "by", "with", "to", "for", "and",
];

/// Head stem -> (the head as written, its phrases).
type Phrases = BTreeMap<String, (String, Vec<Phrase>)>;

struct Phrase {
    text: String,
    /// Stems of the words other than the head, with their weight.
    modifiers: Vec<(String, f32)>,
}

/// The phrases of `text` around each head word: head stem -> phrases.
/// `quoted` says whether a byte range of `text` is inside a quotation.
fn phrases(text: &str, quoted: &dyn Fn(std::ops::Range<usize>) -> bool, out: &mut Phrases) {
    let toks = parallax_text::tokens(text);
    let joined = |a: usize, b: usize| -> bool {
        // Tokens a and b = a + 1 are in one phrase when only spaces or a
        // hyphen lie between them.
        text[toks[a].range.end..toks[b].range.start]
            .chars()
            .all(|c| c == ' ' || c == '-')
    };
    let plain = |i: usize| -> bool {
        let t = &toks[i].text;
        !is_function_word(t)
            && !NUMBER_WORDS.contains(&t.as_str())
            && !parallax_analyze::is_calendar_word(t)
            && t.chars().all(char::is_alphabetic)
            && t.chars().count() >= 2
    };
    for i in 0..toks.len() {
        let head = &toks[i];
        let lower_in_text = text[head.range.clone()]
            .chars()
            .next()
            .is_some_and(char::is_lowercase);
        // Heads are noun-like: no participles or adverbs.
        if !lower_in_text || !plain(i) || head.text.chars().count() < 4 || is_verbal(&head.text) {
            continue;
        }
        // A word after "to" or an auxiliary is a verb ("to strengthen
        // ties", "has developed close ties"), not a modifier.
        let verb_at = |k: usize| k > 0 && VERB_MARKERS.contains(&toks[k - 1].text.as_str());
        let mut start = i;
        while start > 0
            && i - start < 3
            && joined(start - 1, start)
            && plain(start - 1)
            && !verb_at(start - 1)
        {
            start -= 1;
        }
        let mut end = i;
        let opens = |k: usize| LINKERS.contains(&toks[k].text.as_str()) && toks[k].text != "and";
        let post = i + 1 < toks.len()
            && joined(i, i + 1)
            && (opens(i + 1)
                || (toks[i + 1].text.ends_with("ed")
                    && i + 2 < toks.len()
                    && joined(i + 1, i + 2)
                    && opens(i + 2)
                    // "failed to enter" is a verb, "aimed at" a modifier.
                    && toks[i + 2].text != "to"));
        if post {
            // One prepositional link: "ties with Canada", not "ties with
            // Canada in recent years".
            let mut k = i + 1;
            let mut links = 0;
            while k < toks.len() && k - i <= 6 && joined(k - 1, k) {
                let t = toks[k].text.as_str();
                if opens(k) {
                    links += 1;
                    if links > 1 {
                        break;
                    }
                } else if !(plain(k) || t == "and") {
                    break;
                }
                // "unrest on agitators and closed ...": a verb follows.
                if t == "and" && toks.get(k + 1).is_some_and(|n| n.text.ends_with("ed")) {
                    break;
                }
                end = k;
                k += 1;
            }
            while end > i && LINKERS.contains(&toks[end].text.as_str()) {
                end -= 1;
            }
        }
        if start == i && end == i {
            continue;
        }
        let range = toks[start].range.start..toks[end].range.end;
        if quoted(range.clone()) {
            continue;
        }
        let modifiers = (start..=end)
            .filter(|&k| k != i && plain(k))
            .map(|k| {
                let capital = text[toks[k].range.clone()]
                    .chars()
                    .next()
                    .is_some_and(char::is_uppercase);
                (stem(&toks[k].text), if capital { 0.3 } else { 1.0 })
            })
            .collect::<Vec<_>>();
        if modifiers.is_empty() {
            continue;
        }
        let entry = out
            .entry(stem(&head.text))
            .or_insert_with(|| (head.text.to_string(), Vec::new()));
        let phrase = parallax_text::squash_space(&text[range]);
        if !entry.1.iter().any(|p| p.text.eq_ignore_ascii_case(&phrase)) {
            entry.1.push(Phrase {
                text: phrase,
                modifiers,
            });
        }
    }
}

/// Participles and adverbs by their ending: "issued", "following",
/// "swiftly".
fn is_verbal(lower: &str) -> bool {
    ["ed", "ing", "ly"].iter().any(|x| lower.ends_with(x))
}

/// A word of an aligned sentence: its stem, byte range in the body, and
/// whether it is a content word.
struct Word {
    stem: String,
    range: std::ops::Range<usize>,
    content: bool,
    capital: bool,
    verbal: bool,
}

fn words(body: &str, range: std::ops::Range<usize>) -> Vec<Word> {
    parallax_text::tokens(&body[range.clone()])
        .into_iter()
        .map(|t| {
            let r = range.start + t.range.start..range.start + t.range.end;
            Word {
                content: !is_function_word(&t.text) && t.text.chars().all(char::is_alphabetic),
                capital: body[r.clone()]
                    .chars()
                    .next()
                    .is_some_and(char::is_uppercase),
                verbal: is_verbal(&t.text),
                stem: stem(&t.text),
                range: r,
            }
        })
        .collect()
}

/// Matched index pairs of the longest common subsequence of stems.
fn lcs(a: &[Word], b: &[Word]) -> Vec<(usize, usize)> {
    let (n, m) = (a.len(), b.len());
    let mut t = vec![0u16; (n + 1) * (m + 1)];
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            t[i * (m + 1) + j] = if a[i].stem == b[j].stem {
                t[(i + 1) * (m + 1) + j + 1] + 1
            } else {
                t[(i + 1) * (m + 1) + j].max(t[i * (m + 1) + j + 1])
            };
        }
    }
    let (mut i, mut j, mut out) = (0, 0, Vec::new());
    while i < n && j < m {
        if a[i].stem == b[j].stem {
            out.push((i, j));
            i += 1;
            j += 1;
        } else if t[(i + 1) * (m + 1) + j] >= t[i * (m + 1) + j + 1] {
            i += 1;
        } else {
            j += 1;
        }
    }
    out
}

/// Substitutions inside the sentences aligned as one fact.
fn substitutions(
    sources: &[Source<'_>],
    labels: &[String],
    aligned: &Aligned,
    quoted: &[Box<dyn Fn(std::ops::Range<usize>) -> bool + '_>],
    found: &mut Vec<(f32, Wording)>,
) {
    const MAX_GAP: usize = 4;
    // Each fact's central sentence against the others: linear in the
    // fact's size (a fact holds one sentence per source).
    for members in &aligned.groups {
        let u = aligned.centre(members);
        for &v in members.iter().filter(|&&v| v != u) {
            let (su, sv) = (aligned.units[u].src, aligned.units[v].src);
            let body_u = &sources[su].text().body;
            let body_v = &sources[sv].text().body;
            let a = words(body_u, aligned.units[u].range.clone());
            let b = words(body_v, aligned.units[v].range.clone());
            if a.len() > 120 || b.len() > 120 {
                continue;
            }
            let matched = lcs(&a, &b);
            for w in matched.windows(2) {
                let ((i1, j1), (i2, j2)) = (w[0], w[1]);
                let (ga, gb) = (i1 + 1..i2, j1 + 1..j2);
                if ga.is_empty() || gb.is_empty() || ga.len() > MAX_GAP || gb.len() > MAX_GAP {
                    continue;
                }
                // Naming words: a verb ("issued", "said") or an adverb
                // alone is phrasing, not a name for something.
                let content = |ws: &[Word]| -> f32 {
                    ws.iter()
                        .filter(|w| w.content && !w.verbal)
                        .map(|w| if w.capital { 0.3 } else { 1.0 })
                        .sum()
                };
                let (ca, cb) = (content(&a[ga.clone()]), content(&b[gb.clone()]));
                if ca == 0.0 || cb == 0.0 {
                    continue;
                }
                let ra = a[ga.start].range.start..a[ga.end - 1].range.end;
                let rb = b[gb.start].range.start..b[gb.end - 1].range.end;
                if quoted[su](ra.clone()) || quoted[sv](rb.clone()) {
                    continue;
                }
                let before = i1.saturating_sub(1);
                let after = (i2 + 1).min(a.len() - 1);
                let context = format!(
                    "{} … {}",
                    &body_u[a[before].range.start..a[i1].range.end],
                    &body_u[a[i2].range.start..a[after].range.end]
                );
                let pa = parallax_text::squash_space(&body_u[ra]);
                let pb = parallax_text::squash_space(&body_v[rb]);
                if pa.eq_ignore_ascii_case(&pb)
                    || found.iter().any(|(_, f)| {
                        f.variants.iter().any(|x| x.phrases.contains(&pa))
                            && f.variants.iter().any(|x| x.phrases.contains(&pb))
                    })
                {
                    continue;
                }
                found.push((
                    ca.min(5.0) + cb.min(5.0) + 1.0,
                    Wording {
                        anchor: parallax_text::squash_space(&context),
                        variants: [(su, pa), (sv, pb)]
                            .into_iter()
                            .map(|(s, p)| WordingVariant {
                                article: sources[s].card.id.clone(),
                                label: labels[s].clone(),
                                phrases: vec![p],
                            })
                            .collect(),
                    },
                ));
            }
        }
    }
}

pub(crate) fn differences(
    sources: &[Source<'_>],
    labels: &[String],
    aligned: &Aligned,
    max: usize,
) -> Vec<Wording> {
    let quoted: Vec<Box<dyn Fn(std::ops::Range<usize>) -> bool + '_>> = sources
        .iter()
        .map(|src| {
            let article = src.text();
            let quotes: Vec<std::ops::Range<usize>> = src
                .facts
                .quotes
                .iter()
                .filter(|q| q.kind != QuoteKind::Indirect)
                .map(|q| q.span.range())
                .collect();
            Box::new(move |r: std::ops::Range<usize>| {
                let o = article.body_map.to_original(r);
                quotes.iter().any(|q| q.start < o.end && o.start < q.end)
            }) as Box<dyn Fn(std::ops::Range<usize>) -> bool + '_>
        })
        .collect();
    let mut found: Vec<(f32, Wording)> = Vec::new();
    substitutions(sources, labels, aligned, &quoted, &mut found);
    // One phrase table per source (one per origin).
    let mut tables: Vec<(usize, Phrases)> = Vec::new();
    for (s, src) in sources.iter().enumerate() {
        let article = src.text();
        let mut table = BTreeMap::new();
        if article.title_source != Some(TitleSource::Derived) {
            if let Some(t) = &article.title {
                phrases(t, &|_| false, &mut table);
            }
        }
        phrases(&article.body, &*quoted[s], &mut table);
        tables.push((s, table));
    }
    let heads: std::collections::BTreeSet<&String> =
        tables.iter().flat_map(|(_, t)| t.keys()).collect();
    for head in heads {
        let users: Vec<(usize, &(String, Vec<Phrase>))> = tables
            .iter()
            .filter_map(|(s, t)| t.get(head).map(|p| (*s, p)))
            .collect();
        if users.len() < 2 {
            continue;
        }
        // Each user's modifiers that no other user puts around the head.
        let mut score = 0.0f32;
        let mut differing = 0;
        for (k, (_, (_, mine))) in users.iter().enumerate() {
            let theirs: Vec<&str> = users
                .iter()
                .enumerate()
                .filter(|(j, _)| *j != k)
                .flat_map(|(_, (_, (_, ps)))| ps.iter().flat_map(|p| &p.modifiers))
                .map(|(m, _)| m.as_str())
                .collect();
            let mut own: Vec<(&str, f32)> = Vec::new();
            for (m, w) in mine.iter().flat_map(|p| &p.modifiers) {
                if !theirs.contains(&m.as_str()) && !own.iter().any(|(o, _)| o == m) {
                    own.push((m, *w));
                }
            }
            let s: f32 = own.iter().map(|(_, w)| w).sum();
            if s > 0.0 {
                differing += 1;
            }
            score += s.min(5.0);
        }
        if differing < 2 || score < MIN_SCORE {
            continue;
        }
        let anchor = users[0].1 .0.clone();
        found.push((
            score,
            Wording {
                anchor,
                variants: users
                    .iter()
                    .map(|(s, (_, ps))| WordingVariant {
                        article: sources[*s].card.id.clone(),
                        label: labels[*s].clone(),
                        phrases: ps.iter().take(4).map(|p| p.text.clone()).collect(),
                    })
                    .collect(),
            },
        ));
    }
    found.sort_by(|a, b| {
        b.0.total_cmp(&a.0)
            .then_with(|| a.1.anchor.cmp(&b.1.anchor))
    });
    found.into_iter().take(max).map(|(_, w)| w).collect()
}
