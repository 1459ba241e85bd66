//! Clustering behaviour on small hand-written streams.

use parallax_model::*;

use super::*;

pub(crate) fn article(id: &str, title: &str, body: &str, published: Option<&str>) -> Article {
    Article {
        id: ArticleId(id.into()),
        source: id.into(),
        url: None,
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
