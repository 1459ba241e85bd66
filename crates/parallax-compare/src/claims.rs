//! Claims side by side: the figures of different articles that state the
//! same thing, with each article's value.
//!
//! Two figures of different articles are candidates when they are of the
//! same kind and unit. Their *context* score is 1 when their sentences were
//! aligned as one fact, else the larger of the overlap of what they
//! measure (stems) and the similarity of their sentences. The same value
//! needs little context (it is already strong evidence); a different value
//! needs a lot, so that two unrelated percentages are not reported as a
//! disagreement; the same small whole number ("two people") needs some
//! context too. Rows form greedily from the strongest links, one figure
//! per article.

use parallax_model::{Claim, ClaimKind};

use parallax_text::clip;

use crate::align::{group_greedily, word_terms, Aligned};
use crate::{ClaimRow, ClaimStatus, ClaimValue, CompareConfig, Source};

struct Figure<'a> {
    src: usize,
    claim: &'a Claim,
    unit: Option<usize>,
    measures: Vec<String>,
}

fn same_value(a: &Claim, b: &Claim) -> bool {
    // "Two-thirds" and "66%" or "67%": a share in words is the percentage
    // to a point either way.
    let share = a.kind == ClaimKind::Percent && b.kind == ClaimKind::Percent;
    if share && (a.is_share() || b.is_share()) && a.value_to.is_none() && b.value_to.is_none() {
        return (a.value - b.value).abs() <= 1.0;
    }
    let close = |x: f64, y: f64| (x - y).abs() <= 0.005 * x.abs().max(y.abs()).max(1e-9);
    close(a.value, b.value)
        && match (a.value_to, b.value_to) {
            (None, None) => true,
            (Some(x), Some(y)) => close(x, y),
            _ => false,
        }
}

/// Overlap coefficient of two stem lists.
fn overlap(a: &[String], b: &[String]) -> f32 {
    if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    let shared = a.iter().filter(|w| b.contains(w)).count();
    shared as f32 / a.len().min(b.len()) as f32
}

pub(crate) fn table(
    sources: &[Source<'_>],
    labels: &[String],
    aligned: &Aligned,
    cfg: &CompareConfig,
) -> Vec<ClaimRow> {
    // Each source's sentences by their range in the original text, in
    // reading order, to place figures in them by binary search.
    let mut by_src: Vec<Vec<(std::ops::Range<usize>, usize)>> = vec![Vec::new(); sources.len()];
    for (i, u) in aligned.units.iter().enumerate() {
        let original = sources[u.src].text().body_map.to_original(u.range.clone());
        by_src[u.src].push((original, i));
    }
    let mut figures: Vec<Figure<'_>> = Vec::new();
    for (s, src) in sources.iter().enumerate() {
        for claim in &src.facts.claims {
            let at = claim.span.start as usize;
            let units = &by_src[s];
            let k = units.partition_point(|(r, _)| r.end <= at);
            let unit = units.get(k).filter(|(r, _)| r.start <= at).map(|&(_, i)| i);
            let mut measures: Vec<String> =
                word_terms(claim.measures.as_deref().unwrap_or("")).collect();
            measures.sort();
            measures.dedup();
            figures.push(Figure {
                src: s,
                claim,
                unit,
                measures,
            });
        }
    }
    let mut links: Vec<(bool, f32, usize, usize)> = Vec::new();
    for i in 0..figures.len() {
        for j in i + 1..figures.len() {
            let (a, b) = (&figures[i], &figures[j]);
            if a.src == b.src || a.claim.kind != b.claim.kind || !same_unit(a.claim, b.claim) {
                continue;
            }
            let same_fact = matches!((a.unit, b.unit), (Some(x), Some(y))
                if aligned.group_of[x].is_some() && aligned.group_of[x] == aligned.group_of[y]);
            let sentence = match (a.unit, b.unit) {
                (Some(x), Some(y)) => {
                    aligned.similarity(&aligned.units[x].terms, &aligned.units[y].terms)
                }
                _ => 0.0,
            };
            let context = if same_fact {
                1.0
            } else {
                overlap(&a.measures, &b.measures).max(sentence)
            };
            let same = same_value(a.claim, b.claim);
            // A different bare number or ordinal is rarely a disagreement.
            let comparable = !matches!(a.claim.kind, ClaimKind::Number | ClaimKind::Ordinal);
            // A distinctive figure (not a small whole number) repeated in
            // one event is its own evidence; "two people" needs context.
            let small = a.claim.value.fract() == 0.0 && a.claim.value.abs() < 20.0;
            let linked = if same {
                !small || context >= cfg.claim_same_value_threshold
            } else {
                comparable && context >= cfg.claim_threshold
            };
            if linked {
                links.push((same, context, i, j));
            }
        }
    }
    links.sort_by(|x, y| y.0.cmp(&x.0).then(y.1.total_cmp(&x.1)));
    let src: Vec<usize> = figures.iter().map(|f| f.src).collect();
    let rows = group_greedily(
        figures.len(),
        links.into_iter().map(|(_, _, i, j)| (i, j)),
        &src,
    );
    let mut out: Vec<(ClaimRow, usize)> = rows
        .into_iter()
        .filter(|r| !r.is_empty())
        .map(|mut r| {
            r.sort_unstable_by_key(|&f| (figures[f].src, f));
            let first = r[0];
            (row(sources, labels, aligned, &figures, &r), first)
        })
        .collect();
    out.sort_by_key(|(row, first)| (std::cmp::Reverse(row.values.len()), *first));
    out.into_iter().map(|(row, _)| row).collect()
}

fn row(
    sources: &[Source<'_>],
    labels: &[String],
    aligned: &Aligned,
    figures: &[Figure<'_>],
    members: &[usize],
) -> ClaimRow {
    // Distinct values, each with how many sources give it (a row holds
    // one figure per source, and the compared sources are one per origin).
    let mut values: Vec<(&Claim, usize)> = Vec::new();
    for &f in members {
        let claim = figures[f].claim;
        match values.iter_mut().find(|(c, _)| same_value(c, claim)) {
            Some((_, n)) => *n += 1,
            None => values.push((claim, 1)),
        }
    }
    let best = values.iter().map(|&(_, n)| n).max().unwrap_or(0);
    let leaders = values.iter().filter(|&&(_, n)| n == best).count();
    let majority = (leaders == 1)
        .then(|| values.iter().find(|&&(_, n)| n == best).map(|&(c, _)| c))
        .flatten();
    let hedges: Vec<Option<&str>> = members
        .iter()
        .map(|&f| figures[f].claim.hedge.as_deref())
        .collect();
    let status = if members.len() == 1 {
        ClaimStatus::Single
    } else if values.len() > 1 {
        ClaimStatus::Differs
    } else if hedges.iter().any(|h| *h != hedges[0]) {
        ClaimStatus::Hedged
    } else {
        ClaimStatus::Agree
    };
    let first = figures[members[0]].claim;
    let what = members
        .iter()
        .find_map(|&f| figures[f].claim.measures.clone())
        .unwrap_or_else(|| {
            figures[members[0]]
                .unit
                .map(|u| clip(&aligned.units[u].text, 90))
                .unwrap_or_else(|| first.text.clone())
        });
    let given: Vec<usize> = members.iter().map(|&f| figures[f].src).collect();
    let missing: Vec<String> = (0..sources.len())
        .filter(|s| !given.contains(s))
        .map(|s| labels[s].clone())
        .collect();
    ClaimRow {
        what,
        kind: first.kind,
        unit: first.unit.clone(),
        period: members
            .iter()
            .find_map(|&f| figures[f].claim.period.clone()),
        status,
        confirmed_by: if majority.is_some() || values.len() == 1 {
            best
        } else {
            1
        },
        values: members
            .iter()
            .map(|&f| {
                let fig = &figures[f];
                ClaimValue {
                    article: sources[fig.src].card.id.clone(),
                    label: labels[fig.src].clone(),
                    text: fig.claim.text.clone(),
                    value: fig.claim.value,
                    value_to: fig.claim.value_to,
                    hedge: fig.claim.hedge.clone(),
                    sentence: fig
                        .unit
                        .map(|u| aligned.units[u].text.clone())
                        .unwrap_or_default(),
                    flagged: status == ClaimStatus::Differs
                        && majority.is_none_or(|m| !same_value(m, fig.claim)),
                }
            })
            .collect(),
        missing,
    }
}

/// Whether two claims of one kind count or measure the same unit. Counted
/// things compare by their noun, the unit's last word: "two American
/// soldiers" and "three soldiers" count soldiers, and one report naming
/// their kind and another not is no reason to keep the two figures apart.
/// The noun is written in lower case by the analyzer (only the words
/// naming its kind keep theirs), and the comparison asks this of pairs of
/// claims, so nothing is allocated.
fn same_unit(a: &Claim, b: &Claim) -> bool {
    a.unit == b.unit
        || a.kind == ClaimKind::Count
            && match (a.unit.as_deref(), b.unit.as_deref()) {
                (Some(x), Some(y)) => x.rsplit(' ').next() == y.rsplit(' ').next(),
                _ => false,
            }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn percent(text: &str, value: f64) -> Claim {
        Claim {
            text: text.into(),
            kind: ClaimKind::Percent,
            value,
            value_to: None,
            unit: Some("%".into()),
            hedge: None,
            measures: None,
            period: None,
            span: parallax_model::Span::from(0..text.len()),
        }
    }

    #[test]
    fn a_share_in_words_is_the_percentage_to_a_point() {
        let two_thirds = percent("two-thirds of the villages", 66.67);
        assert!(same_value(&two_thirds, &percent("66%", 66.0)));
        assert!(same_value(&percent("67 per cent", 67.0), &two_thirds));
        assert!(!same_value(&two_thirds, &percent("64%", 64.0)));
        // Two written percentages keep the strict tolerance.
        assert!(!same_value(&percent("66%", 66.0), &percent("67%", 67.0)));
    }
}
