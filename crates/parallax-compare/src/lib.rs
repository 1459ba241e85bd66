//! The compare stage: one event's articles side by side.
//!
//! [`compare`] is pure. It takes the articles of one event with what the
//! analyze stage found in each (entities, quotes, claims) and where each
//! came from (the copy stage's originals and credited agencies), and
//! returns a [`Comparison`]:
//!
//! - **agreed facts**: sentences aligned across articles (`align`), each
//!   fact with the outlets that carry it and how many of them are
//!   independent: a copy and its original, or two copies of one agency
//!   story, share one *origin* and confirm a fact once;
//! - **claims side by side** (`claims`): each figure with the value every
//!   outlet gives, agreeing, qualified differently, or differing (the
//!   odd one out flagged with its sentence), and the outlets that give no
//!   figure;
//! - **what each outlet adds** that no other origin carries, and what most
//!   carry that it leaves out;
//! - **wording** (`wording`): the same thing named differently, found by
//!   aligning the phrases built on a shared head word;
//! - **quotes**: which outlets carry which wording of each quote cluster.
//!
//! Cost: sentence pairs are found through an inverted index of their rarer
//! terms, so an event of `n` sentences costs about `n` times the number of
//! sentences sharing a rare term with each, not `n²`; only the event's own
//! articles are read, so comparing one event does not grow with the store.
//!
//! ```
//! use parallax_compare::{compare, CompareConfig, Source};
//! # fn article(text: &str, outlet: &str) -> parallax_model::Article {
//! #     let raw = parallax_model::RawArticle {
//! #         id: parallax_model::ArticleId(outlet.to_lowercase()),
//! #         source: format!("{outlet}.txt"),
//! #         format: parallax_model::SourceFormat::Text,
//! #         bytes: text.as_bytes().to_vec(),
//! #         text: text.to_string(),
//! #         encoding: None,
//! #         given: parallax_model::Given { outlet: Some(outlet.to_string()), ..Default::default() },
//! #     };
//! #     parallax_extract::extract(&raw, &Default::default())
//! # }
//! let a = article("Floods closed 40 schools in the northern province on Monday.", "Daily Star");
//! let b = article("Flooding closed 45 schools across the northern province on Monday.", "Evening Post");
//! let (fa, fb) = (parallax_analyze::analyze(&a), parallax_analyze::analyze(&b));
//! let sources = [Source::independent(&a, &fa), Source::independent(&b, &fb)];
//! let c = compare(7, &sources, &CompareConfig::default());
//! assert_eq!(c.agreed.len(), 1);
//! assert_eq!(c.claims[0].status, parallax_compare::ClaimStatus::Differs);
//! ```

mod align;
mod claims;
mod wording;

#[cfg(test)]
mod tests;

use std::collections::HashMap;

use parallax_model::{Article, ArticleCard, ArticleId, ClaimKind, Facts, PubDate, QuoteKind};
use serde::Serialize;

/// One article of the event, with its findings and provenance.
///
/// Only the sources [`compare`] aligns need their text (`article`): the
/// first of each origin, up to [`CompareConfig::max_sources`] (see
/// [`needs_text`]). The others are listed by their `card` and counted as
/// carriers of what their origin's source carries; for them `facts` need
/// hold only the quotes. A source without its text is never aligned.
#[derive(Debug, Clone)]
pub struct Source<'a> {
    pub card: ArticleCard,
    pub article: Option<&'a Article>,
    pub facts: &'a Facts,
    /// Where the text comes from. Articles with the same origin (a copy and
    /// its original; copies of one agency story) count once as
    /// confirmation.
    pub origin: String,
    /// How the article copies another or an agency, for people.
    pub copy: Option<String>,
    /// The quote cluster of each of `facts.quotes`, in order (empty: each
    /// quote its own cluster).
    pub quote_clusters: Vec<u32>,
}

impl<'a> Source<'a> {
    /// An article that copies nothing: its own origin, quotes unclustered.
    pub fn independent(article: &'a Article, facts: &'a Facts) -> Self {
        Source {
            card: ArticleCard::of(article),
            article: Some(article),
            facts,
            origin: article.id.0.clone(),
            copy: None,
            quote_clusters: Vec::new(),
        }
    }

    /// The article's text and fields: only for a source that carries them,
    /// which every compared one does.
    fn text(&self) -> &'a Article {
        self.article
            .expect("only a source given with its text is compared")
    }
}

/// Which of an event's sources, given their origins in order, [`compare`]
/// aligns and so needs with their text: the first of each origin, at most
/// [`CompareConfig::max_sources`] of them.
pub fn needs_text<'o>(
    origins: impl IntoIterator<Item = &'o str>,
    cfg: &CompareConfig,
) -> Vec<bool> {
    let most = cfg.most_compared();
    let mut taken = 0;
    first_of_origin(origins)
        .into_iter()
        .map(|first| {
            let take = first && taken < most;
            taken += usize::from(take);
            take
        })
        .collect()
}

/// Whether each source, given their origins in order, is the first of its
/// origin: the independent accounts. A set, not a scan of the origins seen,
/// so an event of tens of thousands of reprints costs linear time.
fn first_of_origin<'o>(origins: impl IntoIterator<Item = &'o str>) -> Vec<bool> {
    let mut seen: std::collections::HashSet<&str> = Default::default();
    origins.into_iter().map(|o| seen.insert(o)).collect()
}

/// Settings of the compare stage.
#[derive(Debug, Clone, Serialize, serde::Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct CompareConfig {
    /// Two sentences of different articles report the same fact when their
    /// similarity (mean of weighted Dice and overlap of their terms, 0..1)
    /// reaches this.
    pub fact_threshold: f32,
    /// Figures with different values are the same claim, differing, when
    /// their contexts are at least this similar (the same value needs
    /// only `claim_same_value_threshold`).
    pub claim_threshold: f32,
    pub claim_same_value_threshold: f32,
    /// At most this many wording differences per event.
    pub max_wording: usize,
    /// At most this many independent sources are compared per event (the
    /// first in time order); the rest are listed, not aligned.
    pub max_sources: usize,
}

impl CompareConfig {
    /// How many independent sources an event's comparison aligns: at
    /// least two, whatever `max_sources` says.
    fn most_compared(&self) -> usize {
        self.max_sources.max(2)
    }
}

impl Default for CompareConfig {
    fn default() -> Self {
        CompareConfig {
            fact_threshold: 0.4,
            claim_threshold: 0.45,
            claim_same_value_threshold: 0.15,
            max_wording: 5,
            max_sources: 40,
        }
    }
}

/// One event's articles compared.
#[derive(Debug, Clone, Default, Serialize, schemars::JsonSchema)]
pub struct Comparison {
    pub event: u32,
    pub sources: Vec<SourceSummary>,
    /// Distinct origins among the sources: the independent accounts.
    pub independent: usize,
    /// How many of them were compared (see [`CompareConfig::max_sources`]).
    pub compared: usize,
    /// Facts carried by two or more independent sources, most widely
    /// carried first.
    pub agreed: Vec<Fact>,
    pub claims: Vec<ClaimRow>,
    /// Per source: what it adds and what it leaves out.
    pub outlets: Vec<OutletView>,
    pub wording: Vec<Wording>,
    pub quotes: Vec<QuoteRow>,
}

/// A source as the comparison names it.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct SourceSummary {
    pub article: ArticleId,
    /// The outlet, or the file it came from when the outlet is unknown.
    pub label: String,
    pub outlet: Option<String>,
    pub published: Option<PubDate>,
    pub origin: String,
    pub copy: Option<String>,
    /// False for a source whose origin an earlier source already has.
    pub independent: bool,
}

/// How widely a fact is carried among the independent sources.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Support {
    All,
    Most,
    Some,
}

/// At most this many carriers of a fact, or printings of one wording of a
/// quote, are listed (the independent sources first); the rest are
/// counted. An event of a story reprinted thousands of times would
/// otherwise list every reprint under every fact: 20 MB of JSON for one
/// comparison.
pub const LISTED: usize = 25;

/// One fact, as each source words it.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct Fact {
    /// The most central wording.
    pub text: String,
    /// Its carriers, the compared (independent) sources first, at most
    /// [`LISTED`].
    pub carriers: Vec<Carrier>,
    /// Every article carrying it, listed or not.
    pub carried_by: usize,
    /// Distinct origins among the carriers.
    pub independent: usize,
    pub support: Support,
}

#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct Carrier {
    pub article: ArticleId,
    pub label: String,
    pub sentence: String,
}

/// Whether the sources giving a figure agree.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum ClaimStatus {
    /// Same value, same qualification.
    Agree,
    /// Same value, qualified differently ("more than 30%" vs "30%").
    Hedged,
    /// Different values: the ones off the majority are flagged.
    Differs,
    /// Only one source gives it.
    Single,
}

/// One claim across the sources.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct ClaimRow {
    /// What the figure measures, as a source says it.
    pub what: String,
    pub kind: ClaimKind,
    pub unit: Option<String>,
    pub period: Option<String>,
    pub status: ClaimStatus,
    pub values: Vec<ClaimValue>,
    /// Independent sources giving the majority value.
    pub confirmed_by: usize,
    /// Sources of the event that give no figure for it.
    pub missing: Vec<String>,
}

#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct ClaimValue {
    pub article: ArticleId,
    pub label: String,
    /// As printed: "nearly 30 per cent".
    pub text: String,
    pub value: f64,
    pub value_to: Option<f64>,
    pub hedge: Option<String>,
    pub sentence: String,
    /// True when this value is not the majority's.
    pub flagged: bool,
}

/// What one source adds and leaves out.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct OutletView {
    pub article: ArticleId,
    pub label: String,
    /// Its sentences no other origin carries.
    pub adds: Vec<String>,
    /// Indexes into [`Comparison::agreed`] of facts most independent
    /// sources carry and this one does not.
    pub leaves_out: Vec<usize>,
    /// Set when an earlier source has the same origin: the additions are
    /// that source's.
    pub same_origin_as: Option<String>,
}

/// One thing named differently by the sources.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct Wording {
    /// The head word the phrases share.
    pub anchor: String,
    pub variants: Vec<WordingVariant>,
}

#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct WordingVariant {
    pub article: ArticleId,
    pub label: String,
    /// The source's own phrases for it (quotations excluded).
    pub phrases: Vec<String>,
}

/// A quote cluster in this event.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct QuoteRow {
    pub cluster: u32,
    pub speaker: Option<String>,
    pub kind: QuoteKind,
    /// Each distinct wording with the sources that print it.
    pub variants: Vec<QuoteVariant>,
    /// Distinct origins carrying the quote.
    pub independent: usize,
}

#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct QuoteVariant {
    pub text: String,
    /// The speaker this source attributes it to.
    pub speaker: Option<String>,
    pub kind: QuoteKind,
    pub speaker_as_written: Option<String>,
    /// The sources printing it, at most [`LISTED`], and their articles.
    pub labels: Vec<String>,
    pub articles: Vec<ArticleId>,
    /// Every article printing it, listed or not.
    pub carried_by: usize,
}

/// Names for the sources: the outlet, else the file name; repeated names
/// get the article's short id.
fn labels(sources: &[Source<'_>]) -> Vec<String> {
    let base: Vec<String> = sources
        .iter()
        .map(|s| match &s.card.outlet {
            Some(o) => o.clone(),
            None => {
                let src = &s.card.source;
                let name = src.rsplit(['/', '\\']).next().unwrap_or(src);
                if name.is_empty() {
                    s.card.id.0.chars().take(8).collect()
                } else {
                    name.to_string()
                }
            }
        })
        .collect();
    // Counted once, not per source: an event can hold tens of thousands.
    let mut uses: HashMap<&str, usize> = HashMap::new();
    for b in &base {
        *uses.entry(b.as_str()).or_default() += 1;
    }
    base.iter()
        .zip(sources)
        .map(|(b, s)| {
            if uses.get(b.as_str()).is_some_and(|&n| n > 1) {
                format!("{b} ({})", s.card.id.0.chars().take(8).collect::<String>())
            } else {
                b.clone()
            }
        })
        .collect()
}

/// Compares the sources of event `event`.
///
/// Copies add carriers, not evidence: the alignment, claims and wording
/// read one source per origin (the first), at most
/// [`CompareConfig::max_sources`] of them, and each copy then carries what
/// its origin's source carries. So the cost follows the number of
/// independent accounts, not of reprints.
pub fn compare(event: u32, sources: &[Source<'_>], cfg: &CompareConfig) -> Comparison {
    let labels = labels(sources);
    let summaries = summaries(sources, &labels);
    let independent = summaries.iter().filter(|s| s.independent).count();
    let compared: Vec<usize> = (0..sources.len())
        .filter(|&i| summaries[i].independent && sources[i].article.is_some())
        .take(cfg.most_compared())
        .collect();
    let rs: Vec<Source<'_>> = compared.iter().map(|&i| sources[i].clone()).collect();
    let rl: Vec<String> = compared.iter().map(|&i| labels[i].clone()).collect();
    let Compared {
        mut agreed,
        outlets,
        claims,
        wording,
    } = compare_distinct(&rs, &rl, cfg);
    // The compared source standing for each source's origin, and each
    // source's place among the compared (worked out once: an event of
    // tens of thousands of reprints would otherwise pay sources times
    // compared for each fact).
    let rep_by_origin: HashMap<&str, usize> = compared
        .iter()
        .enumerate()
        .map(|(k, &r)| (sources[r].origin.as_str(), k))
        .collect();
    let rep: Vec<Option<usize>> = sources
        .iter()
        .map(|s| rep_by_origin.get(s.origin.as_str()).copied())
        .collect();
    let mut place: Vec<Option<usize>> = vec![None; sources.len()];
    for (k, &r) in compared.iter().enumerate() {
        place[r] = Some(k);
    }
    // Copies carry what their origin's source carries: counted, and
    // listed up to LISTED.
    for f in &mut agreed {
        let by_rep: Vec<Option<&Carrier>> = rs
            .iter()
            .map(|r| f.carriers.iter().find(|x| x.article == r.card.id))
            .collect();
        let mut extra = Vec::new();
        let mut more = 0;
        for i in (0..sources.len()).filter(|&i| place[i].is_none()) {
            let Some(x) = rep[i].and_then(|r| by_rep[r]) else {
                continue;
            };
            more += 1;
            if f.carriers.len() + extra.len() < LISTED {
                extra.push(Carrier {
                    article: sources[i].card.id.clone(),
                    label: labels[i].clone(),
                    sentence: x.sentence.clone(),
                });
            }
        }
        f.carried_by = f.carriers.len() + more;
        f.carriers.extend(extra);
        f.carriers.truncate(LISTED);
    }
    let outlets = (0..sources.len())
        .map(|i| match place[i] {
            Some(k) => outlets[k].clone(),
            None => OutletView {
                article: sources[i].card.id.clone(),
                label: labels[i].clone(),
                adds: Vec::new(),
                leaves_out: rep[i]
                    .map(|r| outlets[r].leaves_out.clone())
                    .unwrap_or_default(),
                same_origin_as: rep[i].map(|r| rl[r].clone()),
            },
        })
        .collect();
    Comparison {
        event,
        independent,
        compared: compared.len(),
        quotes: quote_rows(sources, &labels),
        sources: summaries,
        agreed,
        claims,
        outlets,
        wording,
    }
}

fn summaries(sources: &[Source<'_>], labels: &[String]) -> Vec<SourceSummary> {
    let firsts = first_of_origin(sources.iter().map(|s| s.origin.as_str()));
    sources
        .iter()
        .zip(labels)
        .zip(firsts)
        .map(|((s, label), independent)| SourceSummary {
            article: s.card.id.clone(),
            label: label.clone(),
            outlet: s.card.outlet.clone(),
            published: s.card.published,
            origin: s.origin.clone(),
            copy: s.copy.clone(),
            independent,
        })
        .collect()
}

/// What comparing one source per origin gives.
struct Compared {
    agreed: Vec<Fact>,
    outlets: Vec<OutletView>,
    claims: Vec<ClaimRow>,
    wording: Vec<Wording>,
}

/// Compares sources of distinct origins, so a source stands for its
/// origin: a fact's sentences (one per source) count its origins.
fn compare_distinct(sources: &[Source<'_>], labels: &[String], cfg: &CompareConfig) -> Compared {
    let n = sources.len();
    let aligned = align::align(sources, cfg.fact_threshold);
    let support = |k: usize| {
        if k >= n {
            Support::All
        } else if 2 * k > n {
            Support::Most
        } else {
            Support::Some
        }
    };

    // Agreed facts: every group of aligned sentences, most widely carried
    // first, then in reading order (the groups' own order). Members are in
    // reading order, so carriers come in source order.
    let mut order: Vec<usize> = (0..aligned.groups.len()).collect();
    order.sort_by_key(|&g| std::cmp::Reverse(aligned.groups[g].len()));
    let mut fact_of_group: Vec<Option<usize>> = vec![None; aligned.groups.len()];
    let agreed: Vec<Fact> = order
        .iter()
        .enumerate()
        .map(|(i, &g)| {
            fact_of_group[g] = Some(i);
            let members = &aligned.groups[g];
            Fact {
                text: aligned.units[aligned.centre(members)].text.clone(),
                carriers: members
                    .iter()
                    .map(|&u| {
                        let unit = &aligned.units[u];
                        Carrier {
                            article: sources[unit.src].card.id.clone(),
                            label: labels[unit.src].clone(),
                            sentence: unit.text.clone(),
                        }
                    })
                    .collect(),
                carried_by: members.len(),
                independent: members.len(),
                support: support(members.len()),
            }
        })
        .collect();

    // What each source adds and leaves out.
    let outlets = sources
        .iter()
        .enumerate()
        .map(|(s, src)| {
            let own = || {
                aligned
                    .units
                    .iter()
                    .enumerate()
                    .filter(move |(_, u)| u.src == s)
            };
            let mut adds: Vec<String> = Vec::new();
            if n > 1 {
                // Aligned or nearly aligned with another source's sentence:
                // not this source's alone.
                for (u, unit) in own().filter(|(_, unit)| unit.terms.len() >= 5) {
                    if aligned.near[u].is_empty() && !adds.contains(&unit.text) {
                        adds.push(unit.text.clone());
                    }
                }
            }
            let carried: Vec<usize> = own()
                .filter_map(|(u, _)| aligned.group_of[u].and_then(|g| fact_of_group[g]))
                .collect();
            OutletView {
                article: src.card.id.clone(),
                label: labels[s].clone(),
                adds,
                leaves_out: (0..agreed.len())
                    .filter(|i| agreed[*i].support != Support::Some && !carried.contains(i))
                    .collect(),
                same_origin_as: None,
            }
        })
        .collect();

    Compared {
        claims: claims::table(sources, labels, &aligned, cfg),
        wording: if n > 1 {
            wording::differences(sources, labels, &aligned, cfg.max_wording)
        } else {
            Vec::new()
        },
        agreed,
        outlets,
    }
}

/// Quote clusters of the event: each wording with the sources printing it;
/// clusters carried by more origins first.
fn quote_rows(sources: &[Source<'_>], labels: &[String]) -> Vec<QuoteRow> {
    /// A row being built: the origins printing it and the place of each
    /// wording among its variants (by its words).
    struct Building<'a> {
        row: QuoteRow,
        origins: std::collections::HashSet<&'a str>,
        wordings: HashMap<String, usize>,
    }
    // Rows, cluster -> row, and the (row, variant, source) triples already
    // counted: all looked up by key, so an event of many reprints costs its
    // quotes, not its quotes times its rows or variants.
    let mut rows: Vec<Building<'_>> = Vec::new();
    let mut row_of: HashMap<u32, usize> = HashMap::new();
    let mut printed: std::collections::HashSet<(usize, usize, usize)> = Default::default();
    let mut next_own = u32::MAX;
    for (s, src) in sources.iter().enumerate() {
        for (i, q) in src.facts.quotes.iter().enumerate() {
            let cluster = src.quote_clusters.get(i).copied().unwrap_or_else(|| {
                next_own -= 1;
                next_own
            });
            let at = *row_of.entry(cluster).or_insert_with(|| {
                rows.push(Building {
                    row: QuoteRow {
                        cluster,
                        speaker: None,
                        kind: q.kind,
                        variants: Vec::new(),
                        independent: 0,
                    },
                    origins: Default::default(),
                    wordings: HashMap::new(),
                });
                rows.len() - 1
            });
            let b = &mut rows[at];
            let row = &mut b.row;
            if row.speaker.is_none() {
                row.speaker.clone_from(&q.speaker);
            }
            if q.kind == QuoteKind::Direct || row.kind == QuoteKind::Indirect {
                row.kind = q.kind;
            }
            b.origins.insert(src.origin.as_str());
            let key = norm_quote(&q.text);
            match b.wordings.get(&key).copied() {
                Some(k) => {
                    let v = &mut row.variants[k];
                    if printed.insert((at, k, s)) {
                        v.carried_by += 1;
                        if v.labels.len() < LISTED {
                            v.labels.push(labels[s].clone());
                            v.articles.push(src.card.id.clone());
                        }
                    }
                }
                None => {
                    let k = row.variants.len();
                    b.wordings.insert(key, k);
                    printed.insert((at, k, s));
                    row.variants.push(QuoteVariant {
                        text: q.text.clone(),
                        speaker: q.speaker.clone(),
                        kind: q.kind,
                        speaker_as_written: q.speaker_as_written.clone(),
                        labels: vec![labels[s].clone()],
                        articles: vec![src.card.id.clone()],
                        carried_by: 1,
                    })
                }
            }
        }
    }
    for b in &mut rows {
        b.row.independent = b.origins.len();
    }
    // A stable sort: rows carried by as many origins stay in the order
    // they were first met.
    rows.sort_by_key(|b| std::cmp::Reverse(b.row.independent));
    rows.into_iter().map(|b| b.row).collect()
}

/// A quote's words for comparing wordings: letters and digits, lowercased.
fn norm_quote(s: &str) -> String {
    parallax_text::tokens(s)
        .into_iter()
        .map(|t| t.text)
        .collect::<Vec<_>>()
        .join(" ")
}
