//! Clustering behaviour on small hand-written streams.

use parallax_model::*;

use super::*;

pub(crate) fn article(id: &str, title: &str, body: &str, published: Option<&str>) -> Article {
    Article {
        id: ArticleId(id.into()),
        source: id.into(),
        url: None,
        redirected_from: Vec::new(),
        title: Some(title.into()),
        title_source: Some(TitleSource::Headline),
        outlet: None,
        outlet_source: None,
        published: published.and_then(PubDate::parse_iso),
        published_source: published.map(|_| DateSource::Explicit),
        published_evidence: None,
        dateline: None,
        byline: None,
        credits: vec![],
        agencies: vec![],
        agency_feed: false,
        provenance: vec![],
        language: None,
        body: body.into(),
        spans: Spans::default(),
        furniture: vec![],
        diagnostics: vec![],
        body_map: OffsetMap::default(),
    }
}

const QUAKE1: &str = "A magnitude 6.8 earthquake struck the Atlas mountains south of Marrakesh late on Friday, killing hundreds of people and flattening villages, the interior ministry said. Rescue teams dug through rubble in Al Haouz province.";
const QUAKE2: &str = "Rescuers in Morocco searched collapsed homes in Al Haouz province on Saturday after the earthquake near Marrakesh killed more than a thousand people, the interior ministry said.";
const RATES: &str = "The European Central Bank raised its deposit rate by a quarter point to four percent on Thursday, its tenth consecutive increase, as inflation in the euro zone stayed well above target.";

#[test]
fn reports_of_one_happening_share_an_event_and_others_do_not() {
    let mut c = Clusterer::new(ClusterConfig::default()).unwrap();
    let a = c.add(&article(
        "a",
        "Earthquake near Marrakesh kills hundreds",
        QUAKE1,
        Some("2023-09-09"),
    ));
    let b = c.add(&article(
        "b",
        "Morocco earthquake death toll passes 1,000",
        QUAKE2,
        Some("2023-09-10"),
    ));
    let r = c.add(&article(
        "r",
        "ECB raises rates for tenth time",
        RATES,
        Some("2023-09-14"),
    ));
    assert!(a.opened && !b.opened && r.opened, "{a:?} {b:?} {r:?}");
    assert_eq!(c.event_of(0), c.event_of(1));
    assert_ne!(c.event_of(0), c.event_of(2));
}

#[test]
fn the_same_story_months_apart_is_another_event_in_the_same_storyline() {
    let mut c = Clusterer::new(ClusterConfig::default()).unwrap();
    c.add(&article(
        "a",
        "Earthquake near Marrakesh kills hundreds",
        QUAKE1,
        Some("2023-09-09"),
    ));
    c.add(&article(
        "b",
        "Morocco earthquake: rebuilding Al Haouz villages",
        QUAKE2,
        Some("2024-03-02"),
    ));
    assert_ne!(c.event_of(0), c.event_of(1));
    assert_eq!(
        c.storyline_of_event(c.event_of(0)),
        c.storyline_of_event(c.event_of(1))
    );
}

#[test]
fn bad_configuration_is_refused() {
    let cfg = ClusterConfig {
        event_threshold: -1.0,
        ..ClusterConfig::default()
    };
    assert!(Clusterer::new(cfg)
        .unwrap_err()
        .to_string()
        .contains("event_threshold"));
}

/// A unit vector pointing mostly along axis `axis` (of 8), tilted by `tilt`
/// toward axis 7: what an embedding of a text about one subject looks like
/// to the cosine.
fn toward(axis: usize, tilt: f32) -> Vec<f32> {
    let mut v = [0.0; 8];
    v[axis] = 1.0;
    v[7] += tilt;
    let n = v.iter().map(|x| x * x).sum::<f32>().sqrt();
    v.iter().map(|x| x / n).collect()
}

fn with_embedding(c: &mut Clusterer, a: &Article, e: Option<Vec<f32>>) -> Placement {
    c.add_embedded(a, e)
}

#[test]
fn embeddings_join_reports_that_share_the_happening_but_few_words() {
    // Two reports of one rescue told in different words: too few shared
    // salient words for the lexical similarity alone, but some.
    let a = article(
        "a",
        "Miners freed after three days underground",
        "All twelve miners trapped by a tunnel collapse were brought to the surface alive on Sunday.",
        Some("2023-10-01"),
    );
    let b = article(
        "b",
        "Rescue crews reach trapped miners",
        "Emergency teams pulled the last of the workers out of the collapsed shaft, ending a 72-hour ordeal.",
        Some("2023-10-01"),
    );
    let mut lexical = Clusterer::new(ClusterConfig::default()).unwrap();
    let pa = with_embedding(&mut lexical, &a, None);
    let pb = with_embedding(&mut lexical, &b, None);
    assert_ne!(pa.event, pb.event, "the words alone should not join these");

    let mut c = Clusterer::new(ClusterConfig::default()).unwrap();
    let pa = with_embedding(&mut c, &a, Some(toward(0, 0.1)));
    let pb = with_embedding(&mut c, &b, Some(toward(0, 0.2)));
    assert_eq!(pa.event, pb.event, "similarity {}", pb.similarity);
    // An embedding pointing elsewhere damps: a third report on another
    // subject with a few of the same words stays apart.
    let d = article(
        "d",
        "Workers strike over pay",
        "Factory workers walked out on Sunday over pay, the union said.",
        Some("2023-10-01"),
    );
    let pd = with_embedding(&mut c, &d, Some(toward(3, 0.1)));
    assert_ne!(pd.event, pa.event);
}

#[test]
fn an_article_without_an_embedding_is_compared_on_words_with_the_same_threshold() {
    // A store built before the model was installed, then one more report
    // with an embedding, and one without: both join the event the words
    // say they belong to.
    let mut c = Clusterer::new(ClusterConfig::default()).unwrap();
    let a = c.add(&article(
        "a",
        "Earthquake near Marrakesh kills hundreds",
        QUAKE1,
        Some("2023-09-09"),
    ));
    let b = article(
        "b",
        "Morocco earthquake death toll passes 1,000",
        QUAKE2,
        Some("2023-09-10"),
    );
    let pb = with_embedding(&mut c, &b, Some(toward(1, 0.0)));
    assert_eq!(pb.event, a.event);
    let r = c.add(&article(
        "r",
        "ECB raises rates again",
        RATES,
        Some("2023-09-14"),
    ));
    assert_ne!(r.event, a.event);
}

/// Term ids and weights drawn with the project's hash: `n` of them below
/// `range`, sorted by id, no id twice.
fn drawn(seed: u64, n: usize, range: u64) -> Vec<(u32, f32)> {
    let mut v: Vec<(u32, f32)> = (0..n as u64)
        .map(|i| {
            let h = parallax_text::hash64(&[seed.to_le_bytes(), i.to_le_bytes()].concat());
            (
                (h % range) as u32,
                ((h >> 40) % 1000) as f32 / 997.0 + 0.001,
            )
        })
        .collect();
    v.sort_unstable_by_key(|(t, _)| *t);
    v.dedup_by_key(|(t, _)| *t);
    v
}

#[test]
fn centroid_weights_read_and_write_the_hash_maps_rows_and_sum_as_it_did() {
    for case in 0..300u64 {
        let map: HashMap<u32, f32> = drawn(case, 1 + (case as usize * 7) % 400, 900)
            .into_iter()
            .collect();
        // A row written when a centroid's weights were a hash map reads
        // back as the same weights, sorted by id, and is written back as
        // the same map.
        let row = postcard::to_stdvec(&map).unwrap();
        let w: Weights = postcard::from_bytes(&row).unwrap();
        assert!(w.0.windows(2).all(|p| p[0].0 < p[1].0), "case {case}");
        assert_eq!(w.len(), map.len());
        assert!(w.0.iter().all(|(t, x)| map.get(t) == Some(x)));
        let again: HashMap<u32, f32> =
            postcard::from_bytes(&postcard::to_stdvec(&w).unwrap()).unwrap();
        assert_eq!(again, map);

        // The walk of two sorted lists gives the look-up's dot product,
        // to the bit.
        let a = drawn(case + 10_000, 1 + (case as usize * 13) % 250, 900);
        let looked: f32 = a
            .iter()
            .map(|(t, x)| x * map.get(t).copied().unwrap_or(0.0))
            .sum();
        assert_eq!(dot(&a, &w.0), looked, "case {case}");

        // Adding a vector adds term by term, as the map's entries did.
        let mut summed = w.clone();
        summed.add(&a);
        let mut by_map = map.clone();
        for (t, x) in &a {
            *by_map.entry(*t).or_default() += x;
        }
        assert!(summed.0.windows(2).all(|p| p[0].0 < p[1].0));
        assert_eq!(
            summed.0.iter().copied().collect::<HashMap<u32, f32>>(),
            by_map
        );

        // The strongest k, ties to the lower id, sorted by id.
        let k = 1 + case as usize % 50;
        let top = summed.top(k);
        let mut want: Vec<(u32, f32)> = summed.0.clone();
        want.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        want.truncate(k);
        want.sort_by_key(|(t, _)| *t);
        assert_eq!(top.0, want);
    }
}
