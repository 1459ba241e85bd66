//! Copies folded for a reader. A story an agency sends out, or a page
//! reprinted hundreds of times, would otherwise fill an event's pages
//! with the same outlet names: every reprint's line among the sources and
//! the articles, every reprint under every fact and every quote. The
//! comparison counts such copies once already (one origin, one vote);
//! these rules make the printed and HTML reports read the same way. Small
//! lists are printed whole, as before: folding starts only where a list
//! grows long. The JSON is never folded: it lists what the comparison
//! holds.

use std::collections::HashMap;

use parallax_engine::compare::{Comparison, OutletView};
use parallax_model::ArticleId;

/// A list of carriers (a fact's, a quote wording's) longer than this is
/// folded to one name per origin.
pub const LIST_AT: usize = 6;

/// An event with more sources than this lists at most [`COPIES_SHOWN`]
/// copies of each origin among its sources and articles.
pub const SOURCES_AT: usize = 12;

/// Copies of one origin listed, in an event past [`SOURCES_AT`].
pub const COPIES_SHOWN: usize = 3;

/// Each source's origin and whether it is the first of its origin, by
/// article, from one comparison.
pub struct Origins<'a> {
    by_article: HashMap<&'a ArticleId, (&'a str, bool)>,
    sources: usize,
}

/// What a folded list prints: the names kept, and how many articles
/// carry it besides.
#[derive(Debug, PartialEq, Eq)]
pub struct Folded<'b> {
    pub shown: Vec<&'b str>,
    pub more: usize,
    /// Whether every one of `more` is a copy of a source shown.
    pub only_copies: bool,
}

impl Folded<'_> {
    /// The list as a sentence part: "A, B, 3 more" or "A, B and 40
    /// copies".
    pub fn words(&self) -> String {
        let mut out = self.shown.join(", ");
        if self.more > 0 {
            let more = match self.only_copies {
                true => format!("{} {}", self.more, plural(self.more, "copy", "copies")),
                false => format!("{} more", self.more),
            };
            if out.is_empty() {
                out = more;
            } else if self.only_copies {
                out = format!("{out} and {more}");
            } else {
                out = format!("{out}, {more}");
            }
        }
        out
    }
}

/// "1 more copy", "3 more copies".
pub fn more_copies(n: usize) -> String {
    format!("{n} more {}", plural(n, "copy", "copies"))
}

fn plural<'s>(n: usize, one: &'s str, many: &'s str) -> &'s str {
    if n == 1 {
        one
    } else {
        many
    }
}

impl<'a> Origins<'a> {
    pub fn of(c: &'a Comparison) -> Self {
        Origins {
            by_article: c
                .sources
                .iter()
                .map(|s| (&s.article, (s.origin.as_str(), s.independent)))
                .collect(),
            sources: c.sources.len(),
        }
    }

    /// A list of `(article, name)` carried by `total` articles in all, of
    /// which `independent` are distinct origins: whole when it is short;
    /// else the first name of each origin, the rest counted.
    pub fn carriers<'b>(
        &self,
        items: impl IntoIterator<Item = (&'b ArticleId, &'b str)>,
        total: usize,
        independent: usize,
    ) -> Folded<'b> {
        let items: Vec<(&ArticleId, &str)> = items.into_iter().collect();
        let listed = items.len() + usize::from(total > items.len());
        if listed <= LIST_AT {
            return Folded {
                more: total.saturating_sub(items.len()),
                shown: items.into_iter().map(|(_, l)| l).collect(),
                only_copies: false,
            };
        }
        let mut seen: Vec<&str> = Vec::new();
        let mut shown = Vec::new();
        for (a, label) in items {
            match self.by_article.get(a) {
                Some((origin, _)) if seen.contains(origin) => {}
                Some((origin, _)) => {
                    seen.push(origin);
                    shown.push(label);
                }
                None => shown.push(label),
            }
        }
        Folded {
            more: total.saturating_sub(shown.len()),
            only_copies: shown.len() >= independent,
            shown,
        }
    }

    /// A filter over an event's sources or articles, in their order:
    /// whether to list `article`. In an event past [`SOURCES_AT`] sources,
    /// copies past the first [`COPIES_SHOWN`] of their origin are not
    /// listed; [`SourceFilter::folded`] counts them.
    pub fn filter(&self) -> SourceFilter<'_, 'a> {
        SourceFilter {
            origins: self,
            shown: HashMap::new(),
            folded: Vec::new(),
        }
    }
}

pub struct SourceFilter<'o, 'a> {
    origins: &'o Origins<'a>,
    shown: HashMap<&'a str, usize>,
    /// The outlet of each copy left out, in order met.
    folded: Vec<String>,
}

/// Outlets named in the line that counts the copies left out.
const OUTLETS_NAMED: usize = 12;

impl SourceFilter<'_, '_> {
    /// Whether to list `article`, published by `outlet`.
    pub fn keep(&mut self, article: &ArticleId, outlet: &str) -> bool {
        if self.origins.sources <= SOURCES_AT {
            return true;
        }
        let Some(&(origin, false)) = self.origins.by_article.get(article) else {
            return true;
        };
        let n = self.shown.entry(origin).or_default();
        *n += 1;
        if *n <= COPIES_SHOWN {
            return true;
        }
        self.folded.push(outlet.to_string());
        false
    }

    /// Copies left out so far.
    pub fn folded(&self) -> usize {
        self.folded.len()
    }

    /// The copies left out, by outlet: "40 more copies: a (30), b (10)";
    /// None when none was.
    pub fn summary(&self) -> Option<String> {
        let n = self.folded();
        if n == 0 {
            return None;
        }
        let named = outlets_counted(self.folded.iter().map(String::as_str));
        Some(format!("{}: {named}", more_copies(n)))
    }
}

/// A source's additions and omissions as the reports list them, with the
/// copies whose view is its own word for word.
#[derive(Debug)]
pub struct View<'c> {
    pub view: &'c OutletView,
    /// The outlet of each copy folded into this view, in order met.
    pub copies: Vec<&'c str>,
}

impl View<'_> {
    /// "and 240 copies: a (239), b (1)"; None when no copy was folded.
    pub fn copies_line(&self) -> Option<String> {
        let n = self.copies.len();
        (n > 0).then(|| {
            format!(
                "and {n} {}: {}",
                plural(n, "copy", "copies"),
                outlets_counted(self.copies.iter().copied())
            )
        })
    }
}

/// What each source adds and leaves out, in the comparison's order:
/// sources with nothing to say are left out. A copy adds nothing and
/// leaves out what its origin leaves out, so in an event past
/// [`SOURCES_AT`] sources it is not listed again: it is counted under the
/// first source of its origin (a story reprinted 3,000 times printed the
/// same three omissions 3,000 times, a megabyte of one page). Smaller
/// events list every source, as before.
pub fn views(c: &Comparison) -> Vec<View<'_>> {
    let fold = c.sources.len() > SOURCES_AT;
    let source: HashMap<&ArticleId, (&str, &str)> = c
        .sources
        .iter()
        .map(|s| {
            let outlet = s.outlet.as_deref().unwrap_or(&s.label);
            (&s.article, (s.origin.as_str(), outlet))
        })
        .collect();
    let mut out: Vec<View<'_>> = Vec::new();
    let mut of_origin: HashMap<&str, usize> = HashMap::new();
    for o in &c.outlets {
        if o.adds.is_empty() && o.leaves_out.is_empty() {
            continue;
        }
        let (origin, outlet) = source.get(&o.article).copied().unwrap_or(("", ""));
        if fold && o.same_origin_as.is_some() && o.adds.is_empty() {
            if let Some(&i) = of_origin.get(origin) {
                out[i].copies.push(outlet);
                continue;
            }
        }
        if !origin.is_empty() {
            of_origin.entry(origin).or_insert(out.len());
        }
        out.push(View {
            view: o,
            copies: Vec::new(),
        });
    }
    out
}

/// A statement's printings as a page lists them: past [`SOURCES_AT`]
/// printings, each wording at its first printing (in the order given)
/// with the printings that repeat it word for word; a smaller cluster is
/// listed whole, each printing on its own with no repeats.
pub fn wordings<'q>(texts: impl IntoIterator<Item = &'q str>) -> Vec<(usize, Vec<usize>)> {
    let texts: Vec<&str> = texts.into_iter().collect();
    if texts.len() <= SOURCES_AT {
        return (0..texts.len()).map(|i| (i, Vec::new())).collect();
    }
    let mut at: HashMap<&str, usize> = HashMap::new();
    let mut out: Vec<(usize, Vec<usize>)> = Vec::new();
    for (i, t) in texts.into_iter().enumerate() {
        match at.get(t) {
            Some(&g) => out[g].1.push(i),
            None => {
                at.insert(t, out.len());
                out.push((i, Vec::new()));
            }
        }
    }
    out
}

/// Outlets with how many times each appears, most first (ties in the
/// order met), at most [`OUTLETS_NAMED`] named: "a (30), b (10), 2 other
/// outlets".
pub fn outlets_counted<'o>(outlets: impl IntoIterator<Item = &'o str>) -> String {
    let mut counts: Vec<(&str, usize)> = Vec::new();
    let mut at: HashMap<&str, usize> = HashMap::new();
    for o in outlets {
        match at.get(o) {
            Some(&i) => counts[i].1 += 1,
            None => {
                at.insert(o, counts.len());
                counts.push((o, 1));
            }
        }
    }
    counts.sort_by_key(|(_, k)| std::cmp::Reverse(*k));
    let mut named: Vec<String> = counts
        .iter()
        .take(OUTLETS_NAMED)
        .map(|(o, k)| format!("{o} ({k})"))
        .collect();
    if counts.len() > OUTLETS_NAMED {
        named.push(format!("{} other outlets", counts.len() - OUTLETS_NAMED));
    }
    named.join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use parallax_engine::compare::SourceSummary;

    fn source(id: &str, origin: &str, independent: bool) -> SourceSummary {
        SourceSummary {
            article: ArticleId(id.into()),
            label: id.into(),
            outlet: None,
            published: None,
            origin: origin.into(),
            copy: (!independent).then(|| "a copy".into()),
            independent,
        }
    }

    fn comparison(sources: Vec<SourceSummary>) -> Comparison {
        Comparison {
            event: 0,
            independent: sources.iter().filter(|s| s.independent).count(),
            compared: 0,
            sources,
            agreed: Vec::new(),
            claims: Vec::new(),
            outlets: Vec::new(),
            wording: Vec::new(),
            quotes: Vec::new(),
        }
    }

    #[test]
    fn a_short_list_is_printed_whole_and_a_long_one_by_origin() {
        // Two originals, "a" and "b", each reprinted.
        let mut sources = vec![source("a", "A", true), source("b", "B", true)];
        for i in 0..30 {
            let (origin, name) = if i % 2 == 0 { ("A", "a") } else { ("B", "b") };
            sources.push(source(&format!("{name}{i}"), origin, false));
        }
        let c = comparison(sources);
        let o = Origins::of(&c);
        let ids: Vec<ArticleId> = c.sources.iter().map(|s| s.article.clone()).collect();
        let items = |n: usize| {
            ids.iter()
                .take(n)
                .zip(c.sources.iter())
                .map(|(a, s)| (a, s.label.as_str()))
                .collect::<Vec<_>>()
        };
        // Short: every name, as before, even copies.
        let f = o.carriers(items(4), 4, 2);
        assert_eq!(f.shown, ["a", "b", "a0", "b1"]);
        assert_eq!(f.words(), "a, b, a0, b1");
        // Short but longer than listed: the rest counted, not called copies.
        let f = o.carriers(items(5), 9, 2);
        assert_eq!(f.words(), "a, b, a0, b1, a2, 4 more");
        // Long: one name per origin; the rest are copies of those.
        let f = o.carriers(items(25), 32, 2);
        assert_eq!(f.shown, ["a", "b"]);
        assert_eq!(f.words(), "a, b and 30 copies");
        // Long, with origins not listed (more independent than shown).
        let f = o.carriers(items(25), 32, 3);
        assert_eq!(f.words(), "a, b, 30 more");
    }

    #[test]
    fn a_long_cluster_is_read_by_wording() {
        let few = ["a", "a", "b"];
        assert_eq!(wordings(few), [(0, vec![]), (1, vec![]), (2, vec![])]);
        let many: Vec<&str> = (0..20)
            .map(|i| if i % 5 == 3 { "b" } else { "a" })
            .collect();
        let w = wordings(many);
        assert_eq!(w.len(), 2);
        assert_eq!(w[0].0, 0);
        assert_eq!(w[0].1.len(), 15);
        assert_eq!(w[1], (3, vec![8, 13, 18]));
        assert_eq!(outlets_counted(["x", "y", "y"]), "y (2), x (1)");
    }

    #[test]
    fn a_large_event_lists_a_few_copies_of_each_origin() {
        let mut sources = vec![source("a", "A", true), source("b", "B", true)];
        for i in 0..20 {
            sources.push(source(&format!("a{i}"), "A", false));
        }
        let c = comparison(sources);
        let o = Origins::of(&c);
        let mut f = o.filter();
        let outlet = |i: usize| if i % 3 == 0 { "x.example" } else { "y.example" };
        let kept: Vec<&str> = c
            .sources
            .iter()
            .enumerate()
            .filter(|(i, s)| f.keep(&s.article, outlet(*i)))
            .map(|(_, s)| s.label.as_str())
            .collect();
        assert_eq!(kept, ["a", "b", "a0", "a1", "a2"]);
        assert_eq!(f.folded(), 17);
        assert_eq!(
            f.summary().as_deref(),
            Some("17 more copies: y.example (11), x.example (6)")
        );
        // A small event lists every source.
        let c = comparison(c.sources[..SOURCES_AT].to_vec());
        let o = Origins::of(&c);
        let mut f = o.filter();
        assert!(c.sources.iter().all(|s| f.keep(&s.article, "x.example")));
        assert_eq!(f.summary(), None);
    }

    #[test]
    fn a_copy_says_what_its_origin_leaves_out_once() {
        // "a" adds a sentence and leaves out fact 0; its twenty copies
        // add nothing and leave out the same; "b" has nothing to say.
        let mut sources = vec![source("a", "A", true), source("b", "B", true)];
        for i in 0..20 {
            let mut s = source(&format!("a{i}"), "A", false);
            s.outlet = Some(if i < 15 { "x.example" } else { "y.example" }.into());
            sources.push(s);
        }
        let view = |s: &SourceSummary| OutletView {
            article: s.article.clone(),
            label: s.label.clone(),
            adds: match s.label.as_str() {
                "a" => vec!["Only a says so.".into()],
                _ => Vec::new(),
            },
            leaves_out: if s.origin == "A" { vec![0] } else { Vec::new() },
            same_origin_as: (!s.independent).then(|| "a".into()),
        };
        let mut c = comparison(sources);
        c.outlets = c.sources.iter().map(view).collect();
        let v = views(&c);
        assert_eq!(v.len(), 1, "{v:?}");
        assert_eq!(v[0].view.label, "a");
        assert_eq!(
            v[0].copies_line().as_deref(),
            Some("and 20 copies: x.example (15), y.example (5)")
        );
        // A small event lists every source that has something to say.
        let mut c = comparison(c.sources[..SOURCES_AT].to_vec());
        c.outlets = c.sources.iter().map(view).collect();
        let v = views(&c);
        assert_eq!(v.len(), SOURCES_AT - 1);
        assert!(v.iter().all(|v| v.copies_line().is_none()));
    }
}
