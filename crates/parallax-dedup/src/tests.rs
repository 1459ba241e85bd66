//! Copy detection on inline texts.

use parallax_model::{ArticleId, CopyKind};

use super::*;

const STORY: &str = "The river burst its banks on Friday after a week of heavy rain, flooding two villages and cutting the coastal road, officials said. Rescue teams evacuated more than four hundred people overnight and opened shelters in the school and the town hall. The regional governor said damage to farms would take months to assess and asked the national government for emergency funds. Forecasters expect more rain over the weekend, with rivers in the north already close to their record levels.";
const OTHER: &str = "Parliament passed the budget on Tuesday by a narrow margin after the opposition walked out in protest over cuts to regional transport. The finance minister said the plan would reduce the deficit within two years while protecting pensions. Unions called a one-day strike for next week, and several mayors warned that bus routes would close.";

fn id(s: &str) -> ArticleId {
    ArticleId(s.into())
}

#[test]
fn exact_copies_ignore_case_punctuation_and_spacing() {
    let mut d = Deduper::new(DedupConfig::default()).unwrap();
    assert!(d.check(&id("a"), STORY).is_empty());
    let links = d.check(&id("b"), &STORY.to_uppercase().replace(", ", " ,  "));
    assert_eq!(links.len(), 1);
    assert_eq!(
        (links[0].kind, links[0].other.as_str()),
        (CopyKind::Exact, "a")
    );
}

#[test]
fn a_lightly_edited_copy_is_near() {
    let mut d = Deduper::new(DedupConfig::default()).unwrap();
    d.check(&id("a"), STORY);
    let edited = STORY
        .replace("four hundred", "400")
        .replace("officials said", "police said")
        + " Roads reopened later.";
    let links = d.check(&id("b"), &edited);
    assert_eq!(links[0].kind, CopyKind::Near, "{links:?}");
    assert!(links[0].similarity >= 0.7);
}

#[test]
fn an_article_quoting_two_thirds_of_another_is_a_partial_copy() {
    let mut d = Deduper::new(DedupConfig::default()).unwrap();
    d.check(&id("a"), STORY);
    let cut = &STORY[..STORY.len() * 2 / 3];
    let quoting =
        format!("{OTHER} Meanwhile, a wire report said: {cut} The ministry did not comment.");
    let links = d.check(&id("b"), &quoting);
    assert_eq!(links.len(), 1, "{links:?}");
    assert_eq!(links[0].kind, CopyKind::Partial);
    assert!(links[0].similarity >= 0.5);
}

#[test]
fn different_stories_are_not_copies() {
    let mut d = Deduper::new(DedupConfig::default()).unwrap();
    d.check(&id("a"), STORY);
    assert!(d.check(&id("b"), OTHER).is_empty());
}

#[test]
fn bad_configuration_is_refused() {
    let cfg = DedupConfig {
        near_threshold: 1.5,
        ..DedupConfig::default()
    };
    assert!(Deduper::new(cfg)
        .unwrap_err()
        .to_string()
        .contains("near_threshold"));
}

#[test]
fn a_story_carried_hundreds_of_times_links_every_copy_with_few_links() {
    let cfg = DedupConfig {
        max_posting: 50,
        ..DedupConfig::default()
    };
    let mut d = Deduper::new(cfg).unwrap();
    let words: Vec<&str> = STORY.split(' ').collect();
    let mut total = 0;
    for i in 0..300usize {
        // Each copy changes a word or two of its own, so none is an exact
        // duplicate of another.
        let mark = format!("w{i}");
        let text: Vec<&str> = words
            .iter()
            .enumerate()
            .map(|(k, w)| if k % 37 == i % 37 { mark.as_str() } else { *w })
            .collect();
        let links = d.check(&id(&format!("c{i}")), &text.join(" "));
        if i > 0 {
            assert!(
                links.iter().any(|l| l.other.as_str() == "c0"),
                "copy {i} lost the original: {links:?}"
            );
        }
        assert!(links.len() <= 3);
        total += links.len();
    }
    assert!(total <= 3 * 300);
}
