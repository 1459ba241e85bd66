//! Evaluation of clustering against gold labels.
//!
//! Metrics: pairwise precision/recall/F1 over article pairs (as in Miranda
//! et al. 2018, "Multilingual Clustering of Streaming News") and BCubed
//! precision/recall/F1 (Bagga & Baldwin 1998; Amigó et al. 2009).
//!
//! Protocol: the labeled articles are extracted, ordered by publication
//! date (file order where there are none, undated after dated) and streamed
//! through the same dedup and cluster stages as `parallax ingest`. Two rows
//! are reported: the defaults, and *grouped k-fold cross-validation*: gold
//! clusters are split into k folds; for each fold the threshold is picked on
//! the other folds' articles and the fold is scored with it. Every run
//! clusters the whole stream, so held-out articles meet all the distractors;
//! no article is scored under a threshold chosen on it.

use std::collections::HashMap;
use std::time::Instant;

use parallax_cluster::{ClusterConfig, Clusterer};
use parallax_dedup::{DedupConfig, Deduper};
use parallax_extract::{extract, ExtractConfig};
use parallax_ingest::labeled::{LabelLevel, Labeled};
use parallax_model::Article;
use serde::Serialize;

/// Clustering quality figures.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct Scores {
    pub pairwise_precision: f64,
    pub pairwise_recall: f64,
    pub pairwise_f1: f64,
    pub bcubed_precision: f64,
    pub bcubed_recall: f64,
    pub bcubed_f1: f64,
    pub true_clusters: usize,
    pub predicted_clusters: usize,
    pub articles: usize,
}

fn f1(p: f64, r: f64) -> f64 {
    if p + r == 0.0 {
        0.0
    } else {
        2.0 * p * r / (p + r)
    }
}

fn pairs(n: usize) -> f64 {
    (n * n.saturating_sub(1) / 2) as f64
}

/// Scores predicted cluster ids against gold labels, over the items where
/// `keep` is true (all when `keep` is None).
pub fn score<G: std::hash::Hash + Eq, P: std::hash::Hash + Eq>(
    gold: &[G],
    pred: &[P],
    keep: Option<&[bool]>,
) -> Scores {
    let items: Vec<usize> = (0..gold.len())
        .filter(|&i| keep.is_none_or(|k| k[i]))
        .collect();
    if items.is_empty() {
        return Scores::default();
    }
    let mut g_size: HashMap<&G, usize> = HashMap::new();
    let mut p_size: HashMap<&P, usize> = HashMap::new();
    let mut both: HashMap<(&G, &P), usize> = HashMap::new();
    for &i in &items {
        *g_size.entry(&gold[i]).or_default() += 1;
        *p_size.entry(&pred[i]).or_default() += 1;
        *both.entry((&gold[i], &pred[i])).or_default() += 1;
    }
    let tp: f64 = both.values().map(|&n| pairs(n)).sum();
    let pred_pairs: f64 = p_size.values().map(|&n| pairs(n)).sum();
    let gold_pairs: f64 = g_size.values().map(|&n| pairs(n)).sum();
    // With no pairs at all, nothing was wrongly put together (or apart).
    let pp = if pred_pairs > 0.0 {
        tp / pred_pairs
    } else {
        1.0
    };
    let pr = if gold_pairs > 0.0 {
        tp / gold_pairs
    } else {
        1.0
    };
    let (mut bp, mut br) = (0.0, 0.0);
    for &i in &items {
        let n = both[&(&gold[i], &pred[i])] as f64;
        bp += n / p_size[&pred[i]] as f64;
        br += n / g_size[&gold[i]] as f64;
    }
    let m = items.len() as f64;
    let (bp, br) = (bp / m, br / m);
    Scores {
        pairwise_precision: pp,
        pairwise_recall: pr,
        pairwise_f1: f1(pp, pr),
        bcubed_precision: bp,
        bcubed_recall: br,
        bcubed_f1: f1(bp, br),
        true_clusters: g_size.len(),
        predicted_clusters: p_size.len(),
        articles: items.len(),
    }
}

/// Articles extracted from a labeled set, in stream order, with labels.
#[derive(Debug)]
pub struct Stream {
    pub articles: Vec<Article>,
    pub labels: Vec<String>,
    /// One sentence embedding per article, when a model was given.
    pub embeddings: Option<Vec<Vec<f32>>>,
}

/// Extracts and orders a labeled set for streaming.
pub fn prepare(items: Vec<Labeled>, embedder: Option<&parallax_embed::Embedder>) -> Stream {
    let cfg = ExtractConfig::default();
    let mut all: Vec<(Article, String)> = items
        .into_iter()
        .map(|l| (extract(&l.raw, &cfg), l.label))
        .collect();
    // Stable: equal or missing dates keep file order; undated go last.
    all.sort_by_key(|(a, _)| (a.published.is_none(), a.published));
    let (articles, labels): (Vec<Article>, Vec<String>) = all.into_iter().unzip();
    let embeddings = embedder.and_then(|m| crate::embed::embed_articles(m, &articles));
    Stream {
        articles,
        labels,
        embeddings,
    }
}

/// Runs the copy and cluster stages over a stream; returns each article's
/// event and storyline.
pub fn run(
    articles: &[Article],
    embeddings: Option<&[Vec<f32>]>,
    cfg: &ClusterConfig,
) -> (Vec<u32>, Vec<u32>) {
    let mut dedup = Deduper::new(DedupConfig::default()).expect("default dedup config is valid");
    let mut clusterer =
        Clusterer::new(cfg.clone()).expect("cluster config was validated by the caller");
    for (i, a) in articles.iter().enumerate() {
        dedup.check(&a.id, a.story());
        clusterer.add_embedded(a, embeddings.and_then(|e| e.get(i).cloned()));
    }
    let events: Vec<u32> = (0..articles.len()).map(|i| clusterer.event_of(i)).collect();
    let storylines = events
        .iter()
        .map(|&e| clusterer.storyline_of_event(e))
        .collect();
    (events, storylines)
}

/// One row of the report.
#[derive(Debug, Clone, Serialize)]
pub struct Row {
    pub name: String,
    pub scores: Scores,
}

/// The evaluation report.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub level: &'static str,
    pub rows: Vec<Row>,
    /// Parameters picked for each fold, in fold order, as `tuned` names
    /// them.
    pub fold_picks: Vec<Vec<f32>>,
    /// The parameters the folds tune, '/'-separated.
    pub tuned: &'static str,
    /// Whether sentence embeddings were a signal (a model was found).
    pub embeddings: bool,
    /// Articles per second through copies + events (+ storylines), one
    /// thread, extraction excluded.
    pub articles_per_sec: f64,
    /// Articles scored (gold clusters smaller than `noise_below` are left
    /// in the stream but not scored).
    pub scored: usize,
    pub streamed: usize,
}

/// How a labeled stream is scored.
#[derive(Debug, Clone, Copy)]
pub struct Protocol {
    pub level: LabelLevel,
    /// Folds of the cross-validation (at least 2).
    pub folds: usize,
    /// Gold clusters smaller than this are streamed but not scored.
    pub noise_below: usize,
    /// Labels that share their text before the last occurrence of this
    /// character fall in one fold: a set whose topics each hold several
    /// gold clusters (ECB+'s `12-ecb` and `12-plus`) is cross-validated by
    /// topic, so the clusters a threshold must tell apart are never split
    /// between the folds it was tuned on and the fold it is scored on.
    pub fold_group_sep: Option<char>,
}

/// The fold-grouping key of a label (see [`Protocol::fold_group_sep`]).
fn fold_group(label: &str, sep: Option<char>) -> &str {
    match sep.and_then(|c| label.rfind(c)) {
        Some(i) => &label[..i],
        None => label,
    }
}

/// Each label's fold: a hash of its fold-grouping key, so a gold cluster
/// (or a topic's clusters) falls in one fold whatever the stream's order.
fn fold_of(labels: &[String], folds: usize, sep: Option<char>) -> Vec<usize> {
    labels
        .iter()
        .map(|l| {
            let key = fold_group(l, sep);
            (parallax_text::mix64(parallax_text::hash64(key.as_bytes())) % folds as u64) as usize
        })
        .collect()
}

/// Evaluates clustering on a prepared stream.
pub fn evaluate(stream: &Stream, protocol: Protocol, base: &ClusterConfig) -> Report {
    let Protocol {
        level,
        folds,
        noise_below,
        fold_group_sep,
    } = protocol;
    let n = stream.articles.len();
    let mut counts: HashMap<&str, usize> = HashMap::new();
    for l in &stream.labels {
        *counts.entry(l).or_default() += 1;
    }
    let scored: Vec<bool> = stream
        .labels
        .iter()
        .map(|l| counts[l.as_str()] >= noise_below)
        .collect();
    let pick = |ev: &[u32], st: &[u32]| -> Vec<u32> {
        match level {
            LabelLevel::Event => ev.to_vec(),
            LabelLevel::Storyline => st.to_vec(),
        }
    };

    let t = Instant::now();
    let (ev, st) = run(&stream.articles, stream.embeddings.as_deref(), base);
    let secs = t.elapsed().as_secs_f64();
    let default_pred = pick(&ev, &st);
    let mut rows = vec![Row {
        name: "defaults".into(),
        scores: score(&stream.labels, &default_pred, Some(&scored)),
    }];

    // The grid: thresholds; for events also the time scale, since what a
    // labeled set calls one event can last a day or a season, and, when
    // there are embeddings, their weight against words and names.
    let thresholds: Vec<f32> = (1..=20).map(|i| i as f32 * 0.02).collect();
    let emb_weights: &[f32] = if stream.embeddings.is_some() {
        &[0.0, 0.5, 1.0, 2.0]
    } else {
        &[0.0]
    };
    let with_weight = stream.embeddings.is_some();
    let (tuned, grid): (&'static str, Vec<Vec<f32>>) = match level {
        LabelLevel::Event => (
            if with_weight {
                "event_threshold/event_days/embedding_weight"
            } else {
                "event_threshold/event_days"
            },
            thresholds
                .iter()
                .flat_map(|&t| {
                    [3.0, 30.0, 365.0].into_iter().flat_map(move |d| {
                        emb_weights.iter().map(move |&w| {
                            if with_weight {
                                vec![t, d, w]
                            } else {
                                vec![t, d]
                            }
                        })
                    })
                })
                .collect(),
        ),
        LabelLevel::Storyline => (
            "storyline_threshold",
            thresholds.iter().map(|&t| vec![t]).collect(),
        ),
    };
    let runs: Vec<Vec<u32>> = grid
        .iter()
        .map(|point| {
            let mut cfg = base.clone();
            match level {
                LabelLevel::Event => {
                    cfg.event_threshold = point[0];
                    cfg.event_days = point[1];
                    cfg.embedding_weight = point.get(2).copied().unwrap_or(cfg.embedding_weight);
                    cfg.merge_threshold = cfg.merge_threshold.max(point[0] + 0.2).min(1.0);
                }
                LabelLevel::Storyline => cfg.storyline_threshold = point[0],
            }
            let (ev, st) = run(&stream.articles, stream.embeddings.as_deref(), &cfg);
            pick(&ev, &st)
        })
        .collect();
    let folds = folds.max(2);
    let fold_of = fold_of(&stream.labels, folds, fold_group_sep);
    let mut fold_picks = Vec::new();
    let mut cv_pred: Vec<(usize, u32)> = vec![(0, 0); n];
    for f in 0..folds {
        let train: Vec<bool> = (0..n).map(|i| fold_of[i] != f && scored[i]).collect();
        let test: Vec<bool> = (0..n).map(|i| fold_of[i] == f && scored[i]).collect();
        if !test.iter().any(|&b| b) {
            continue;
        }
        let best = (0..grid.len())
            .max_by(|&a, &b| {
                let sa = score(&stream.labels, &runs[a], Some(&train)).bcubed_f1;
                let sb = score(&stream.labels, &runs[b], Some(&train)).bcubed_f1;
                sa.total_cmp(&sb).then(b.cmp(&a))
            })
            .unwrap_or(0);
        fold_picks.push(grid[best].clone());
        for i in (0..n).filter(|&i| test[i]) {
            // Clusters of different folds' runs never mix in scoring.
            cv_pred[i] = (f, runs[best][i]);
        }
    }
    rows.push(Row {
        name: match fold_group_sep {
            None => format!("{folds}-fold cross-validated"),
            Some(_) => format!("{folds}-fold CV by topic"),
        },
        scores: score(&stream.labels, &cv_pred, Some(&scored)),
    });
    Report {
        level: match level {
            LabelLevel::Event => "event",
            LabelLevel::Storyline => "storyline",
        },
        rows,
        fold_picks,
        tuned,
        embeddings: stream.embeddings.is_some(),
        articles_per_sec: n as f64 / secs.max(1e-9),
        scored: scored.iter().filter(|&&b| b).count(),
        streamed: n,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hand_computed_example() {
        // Gold: {0,1,2} {3,4}; predicted: {0,1} {2,3,4}.
        let gold = ["a", "a", "a", "b", "b"];
        let pred = [1, 1, 2, 2, 2];
        let s = score(&gold, &pred, None);
        // Pairs: predicted {01} {23 24 34} = 4; gold {01 02 12} {34} = 4;
        // true positives 01, 34 = 2.
        assert!((s.pairwise_precision - 0.5).abs() < 1e-9);
        assert!((s.pairwise_recall - 0.5).abs() < 1e-9);
        // BCubed precision: 0,1: 2/2; 2: 1/3; 3,4: 2/3 -> (1+1+1/3+2/3+2/3)/5.
        assert!((s.bcubed_precision - (11.0 / 3.0) / 5.0).abs() < 1e-9);
        // BCubed recall: 0,1: 2/3; 2: 1/3; 3,4: 1 -> (2/3+2/3+1/3+1+1)/5.
        assert!((s.bcubed_recall - (11.0 / 3.0) / 5.0).abs() < 1e-9);
        assert_eq!((s.true_clusters, s.predicted_clusters), (2, 2));
    }

    #[test]
    fn perfect_and_singleton_clusterings() {
        let gold = ["a", "a", "b"];
        assert_eq!(score(&gold, &[7, 7, 9], None).bcubed_f1, 1.0);
        let s = score(&gold, &[1, 2, 3], None);
        assert_eq!(s.bcubed_precision, 1.0);
        assert_eq!(s.pairwise_recall, 0.0);
    }

    #[test]
    fn grouped_folds_keep_a_topics_clusters_together() {
        let labels: Vec<String> = (1..=30)
            .flat_map(|t| [format!("{t}-ecb"), format!("{t}-plus")])
            .collect();
        let same_fold = |f: &[usize]| (0..30).all(|t| f[2 * t] == f[2 * t + 1]);
        // By label, some topic's two happenings land in different folds
        // (and would never be scored against each other)...
        assert!(!same_fold(&fold_of(&labels, 5, None)));
        // ...by topic, never; and a label without the separator is its own
        // group.
        assert!(same_fold(&fold_of(&labels, 5, Some('-'))));
        assert_eq!(fold_group("wildfire", Some('-')), "wildfire");
        assert_eq!(fold_group("a-b-c", Some('-')), "a-b");
    }

    #[test]
    fn scores_can_be_restricted_to_a_subset() {
        let gold = ["a", "a", "b", "b"];
        let pred = [1, 1, 1, 2];
        let s = score(&gold, &pred, Some(&[true, true, false, false]));
        assert_eq!((s.articles, s.bcubed_f1), (2, 1.0));
    }
}
