//! Order of arrival must not change the clustering much: the same labeled
//! stream fed in another order moves pairwise F1 by less than 2 points.

// Tests panic on failure by design; helpers outside #[test] fns too.
#![allow(clippy::unwrap_used)]

use std::path::Path;
use std::sync::LazyLock;

use parallax_engine::cluster::ClusterConfig;
use parallax_engine::eval::{prepare, run, score, Stream};
use parallax_ingest::labeled::{read_labeled, LabelLevel};
use proptest::prelude::*;

static STREAM: LazyLock<Stream> = LazyLock::new(|| {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/data/giveme5w1h-news-cluster/data");
    // With sentence embeddings when the model is installed, as the
    // product clusters.
    let model = parallax_engine::embed::load();
    prepare(
        read_labeled(&path, LabelLevel::Event, false).unwrap().items,
        model.as_ref(),
    )
});

fn pairwise_f1(order: &[usize]) -> f64 {
    let s = &*STREAM;
    let articles: Vec<_> = order.iter().map(|&i| s.articles[i].clone()).collect();
    let labels: Vec<&str> = order.iter().map(|&i| s.labels[i].as_str()).collect();
    let embeddings: Option<Vec<Vec<f32>>> = s
        .embeddings
        .as_ref()
        .map(|e| order.iter().map(|&i| e[i].clone()).collect());
    let (events, _) = run(&articles, embeddings.as_deref(), &ClusterConfig::default());
    score(&labels, &events, None).pairwise_f1
}

static BASELINE: LazyLock<f64> =
    LazyLock::new(|| pairwise_f1(&(0..STREAM.articles.len()).collect::<Vec<_>>()));

proptest! {
    // A fixed seed: the same 24 permutations on every run, so CI is
    // reproducible. With the model installed the worst change seen is 1.8
    // points (at an embedding weight of 1 it was 2.1: the default is 0.5);
    // lexical only, 1.9 over 60 random orders (set PARALLAX_ORDER_LOG=1 to
    // print each change).
    #![proptest_config(ProptestConfig {
        cases: 24,
        rng_seed: proptest::test_runner::RngSeed::Fixed(20_261_123),
        ..ProptestConfig::default()
    })]

    #[test]
    fn shuffled_arrival_changes_pairwise_f1_by_less_than_two_points(seed in any::<u64>()) {
        let n = STREAM.articles.len();
        let mut order: Vec<usize> = (0..n).collect();
        // Fisher-Yates with a splitmix64 stream from the seed.
        let mut state = seed;
        for i in (1..n).rev() {
            state = state.wrapping_add(0x9e37_79b9_7f4a_7c15);
            let j = (parallax_text::mix64(state) % (i as u64 + 1)) as usize;
            order.swap(i, j);
        }
        let f1 = pairwise_f1(&order);
        if std::env::var_os("PARALLAX_ORDER_LOG").is_some() {
            eprintln!("pairwise F1 change {:+.4}", f1 - *BASELINE);
        }
        prop_assert!((f1 - *BASELINE).abs() < 0.02, "time order {:.4}, shuffled {:.4}", *BASELINE, f1);
    }
}
