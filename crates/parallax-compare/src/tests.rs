//! The compare stage on scenario texts written for these tests (none from
//! the seeds): agreement, a wrong figure, copies, additions, wording.

use parallax_model::{Article, ArticleId, Facts, Given, RawArticle, SourceFormat};

use crate::{compare, ClaimStatus, CompareConfig, Comparison, Source, Support};

fn article(outlet: &str, text: &str) -> (Article, Facts) {
    let raw = RawArticle {
        id: ArticleId(outlet.to_lowercase().replace(' ', "-")),
        source: format!("{outlet}.txt"),
        format: SourceFormat::Text,
        bytes: text.as_bytes().to_vec(),
        text: text.to_string(),
        encoding: None,
        given: Given {
            outlet: Some(outlet.to_string()),
            published: Some("2025-03-14".to_string()),
            ..Default::default()
        },
    };
    let a = parallax_extract::extract(&raw, &Default::default());
    let f = parallax_analyze::analyze(&a);
    (a, f)
}

/// Compares the articles; `origins[i]` is article i's origin (same string:
/// copies of one story).
fn run(items: &[(Article, Facts)], origins: &[&str]) -> Comparison {
    let sources: Vec<Source<'_>> = items
        .iter()
        .zip(origins)
        .map(|((a, f), o)| Source {
            origin: (*o).to_string(),
            ..Source::independent(a, f)
        })
        .collect();
    compare(1, &sources, &CompareConfig::default())
}

const QUAKE_A: &str = "A magnitude 6.8 earthquake struck the coastal province of Almera on Thursday, killing 120 people and destroying hundreds of homes.\n\nRescue teams from three neighbouring regions were searching the rubble of the old town through the night, the civil protection agency said.\n\nThe regional governor declared three days of mourning.";
const QUAKE_B: &str = "At least 120 people were killed when a magnitude 6.8 earthquake struck the coastal province of Almera on Thursday, destroying hundreds of homes.\n\nRescue teams were searching the rubble of the old town through the night, according to the civil protection agency.\n\nThe country's football league postponed all weekend matches as a mark of respect.";
const QUAKE_C: &str = "A magnitude 6.8 earthquake struck Almera province on Thursday, killing 210 people and destroying hundreds of homes across the coast.\n\nRescue teams from neighbouring regions searched the rubble of the old town through the night, the civil protection agency said.\n\nAid agencies warned that the water supply of the port city had been cut.";

#[test]
fn facts_most_outlets_report_are_agreed_with_their_carriers() {
    let items = [
        article("Coast Herald", QUAKE_A),
        article("Daily Ledger", QUAKE_B),
        article("Port Gazette", QUAKE_C),
    ];
    let c = run(&items, &["a", "b", "c"]);
    assert_eq!(c.independent, 3);
    let rescue = c
        .agreed
        .iter()
        .find(|f| f.text.contains("rubble"))
        .expect("the rescue sentence is agreed");
    assert_eq!(rescue.support, Support::All);
    assert_eq!(rescue.carriers.len(), 3);
    // What only one outlet says is its addition, and nobody else's.
    let ledger = c
        .outlets
        .iter()
        .find(|o| o.label == "Daily Ledger")
        .unwrap();
    assert!(ledger.adds.iter().any(|s| s.contains("football league")));
    assert!(!ledger.adds.iter().any(|s| s.contains("rubble")));
    let gazette = c
        .outlets
        .iter()
        .find(|o| o.label == "Port Gazette")
        .unwrap();
    assert!(gazette.adds.iter().any(|s| s.contains("water supply")));
}

#[test]
fn a_figure_one_outlet_gets_wrong_is_flagged() {
    let items = [
        article("Coast Herald", QUAKE_A),
        article("Daily Ledger", QUAKE_B),
        article("Port Gazette", QUAKE_C),
    ];
    let c = run(&items, &["a", "b", "c"]);
    let deaths = c
        .claims
        .iter()
        .find(|r| r.values.iter().any(|v| v.value == 210.0))
        .expect("the death toll is a claim row");
    assert_eq!(deaths.status, ClaimStatus::Differs, "{deaths:?}");
    assert_eq!(deaths.values.len(), 3);
    assert_eq!(deaths.confirmed_by, 2);
    let flagged: Vec<&str> = deaths
        .values
        .iter()
        .filter(|v| v.flagged)
        .map(|v| v.label.as_str())
        .collect();
    assert_eq!(flagged, ["Port Gazette"]);
    // The magnitude all three give agrees.
    let magnitude = c
        .claims
        .iter()
        .find(|r| r.values.iter().any(|v| v.value == 6.8))
        .expect("the magnitude is a claim row");
    assert_eq!(magnitude.values.len(), 3);
    assert_ne!(magnitude.status, ClaimStatus::Differs);
}

#[test]
fn an_agency_copy_is_not_a_second_confirmation() {
    // The Ledger prints the Herald's agency story: one origin.
    let items = [
        article("Coast Herald", QUAKE_A),
        article("Daily Ledger", QUAKE_A),
        article("Port Gazette", QUAKE_C),
    ];
    let c = run(&items, &["agency:wire", "agency:wire", "gazette"]);
    assert_eq!(c.independent, 2);
    assert!(!c.sources[1].independent);
    let rescue = c.agreed.iter().find(|f| f.text.contains("rubble")).unwrap();
    assert_eq!(rescue.carriers.len(), 3);
    assert_eq!(rescue.independent, 2);
    let deaths = c
        .claims
        .iter()
        .find(|r| r.values.iter().any(|v| v.value == 210.0))
        .unwrap();
    // 120 from two copies of one story against 210 from another origin:
    // no majority, so both sides are flagged.
    assert_eq!(deaths.status, ClaimStatus::Differs);
    assert!(deaths.values.iter().all(|v| v.flagged), "{deaths:?}");
    // The copy adds nothing of its own.
    assert_eq!(c.outlets[1].same_origin_as.as_deref(), Some("Coast Herald"));
    assert!(c.outlets[1].adds.is_empty());
}

#[test]
fn hedged_figures_are_the_same_claim_and_missing_ones_are_named() {
    let items = [
        article("North Star", "Exports of copper rose by nearly 12% in the second quarter, the trade ministry said on Monday.\n\nThe ministry put the value of copper exports at 4.1 billion dollars."),
        article("South Wind", "Copper exports grew almost 12% in the second quarter, according to figures the trade ministry released on Monday.\n\nMining unions plan a strike next month."),
    ];
    let c = run(&items, &["n", "s"]);
    let growth = c
        .claims
        .iter()
        .find(|r| r.values.len() == 2)
        .unwrap_or_else(|| panic!("{:#?}", c.claims));
    assert_eq!(growth.status, ClaimStatus::Agree, "{growth:?}");
    assert_eq!(growth.confirmed_by, 2);
    let value = c
        .claims
        .iter()
        .find(|r| r.values.iter().any(|v| (v.value - 4.1e9).abs() < 1.0))
        .expect("the export value");
    assert_eq!(value.status, ClaimStatus::Single);
    assert_eq!(value.missing, ["South Wind"]);
}

#[test]
fn wording_is_found_in_aligned_sentences() {
    let items = [
        article("Morning Post", "Police broke up the peaceful demonstration against the new fuel tax in the capital on Saturday.\n\nOrganisers said thousands had marched from the station to parliament."),
        article("Evening Star", "Police broke up the violent riot against the new fuel tax in the capital on Saturday.\n\nShops near the station were looted, officials said."),
    ];
    let c = run(&items, &["m", "e"]);
    assert!(c.agreed.iter().any(|f| f.text.contains("fuel tax")));
    // The aligned sentences name the protest differently.
    let protest = c
        .wording
        .iter()
        .find(|w| {
            w.variants
                .iter()
                .any(|v| v.phrases.contains(&"peaceful demonstration".to_string()))
        })
        .unwrap_or_else(|| panic!("{:#?}", c.wording));
    assert_eq!(protest.variants[1].phrases, ["violent riot"]);
    assert_eq!(protest.variants[1].label, "Evening Star");
    // Both name the fuel tax the same way: no wording difference there.
    assert!(
        c.wording.iter().all(|w| w.anchor != "tax"),
        "{:?}",
        c.wording
    );
}

#[test]
fn quoted_words_are_not_an_outlets_wording() {
    let items = [
        article("Morning Post", "The minister called the strike \"a reckless act of sabotage\" on Tuesday.\n\nTrains were cancelled across the north."),
        article("Evening Star", "The minister called the strike a lawful protest on Tuesday.\n\nTrains were cancelled across the north."),
    ];
    let c = run(&items, &["m", "e"]);
    assert!(c
        .agreed
        .iter()
        .any(|f| f.text.contains("called the strike")));
    assert!(
        c.wording
            .iter()
            .flat_map(|w| &w.variants)
            .flat_map(|v| &v.phrases)
            .all(|p| !p.contains("sabotage")),
        "{:#?}",
        c.wording
    );
}

#[test]
fn quotes_are_grouped_by_cluster_with_the_outlets_printing_each_wording() {
    let items = [
        article(
            "Coast Herald",
            "\"We will rebuild every school before winter,\" Governor Lena Ortiz said on Friday.",
        ),
        article(
            "Daily Ledger",
            "\"We will rebuild every single school before the winter,\" Governor Lena Ortiz said.",
        ),
    ];
    let mut sources: Vec<Source<'_>> = items
        .iter()
        .map(|(a, f)| Source::independent(a, f))
        .collect();
    sources[0].quote_clusters = vec![4];
    sources[1].quote_clusters = vec![4];
    let c = compare(1, &sources, &CompareConfig::default());
    assert_eq!(c.quotes.len(), 1);
    let q = &c.quotes[0];
    assert_eq!(q.speaker.as_deref(), Some("Lena Ortiz"));
    assert_eq!(q.independent, 2);
    assert_eq!(q.variants.len(), 2);
    assert_eq!(q.variants[1].labels, ["Daily Ledger"]);
}

#[test]
fn wording_is_found_around_a_shared_head_word() {
    let items = [
        article("Morning Post", "Universities closed after protests\n\nThousands joined the student protest movement in the capital.\n\nThe government blamed the unrest on foreign agitators and closed the universities."),
        article("Evening Star", "Government blames protests\n\nOfficials described a foreign-funded protest movement as the cause of the closures.\n\nSeveral universities will stay shut until May, the education ministry said."),
    ];
    let c = run(&items, &["m", "e"]);
    let movement = c
        .wording
        .iter()
        .find(|w| w.anchor == "movement")
        .unwrap_or_else(|| panic!("{:#?}", c.wording));
    assert_eq!(movement.variants[0].phrases, ["student protest movement"]);
    assert_eq!(
        movement.variants[1].phrases,
        ["foreign-funded protest movement"]
    );
}

#[test]
fn sources_given_without_their_text_are_listed_and_the_comparison_is_the_same() {
    // Two copies of one story, and more independent accounts than the
    // comparison aligns: only the sources `needs_text` names need their
    // text, and leaving out the others' texts (and their findings but the
    // quotes) changes nothing.
    let items = [
        article("Coast Herald", QUAKE_A),
        article("Daily Ledger", QUAKE_A),
        article("Port Gazette", QUAKE_C),
        article("Evening Post", QUAKE_B),
    ];
    let origins = ["wire", "wire", "gazette", "post"];
    let cfg = CompareConfig {
        max_sources: 2,
        ..Default::default()
    };
    let full: Vec<Source<'_>> = items
        .iter()
        .zip(origins)
        .map(|((a, f), o)| Source {
            origin: o.to_string(),
            ..Source::independent(a, f)
        })
        .collect();
    let needs = crate::needs_text(origins, &cfg);
    assert_eq!(needs, [true, false, true, false]);
    let quotes_only: Vec<Facts> = items
        .iter()
        .map(|(_, f)| Facts {
            quotes: f.quotes.clone(),
            ..Default::default()
        })
        .collect();
    let lean: Vec<Source<'_>> = full
        .iter()
        .zip(&needs)
        .zip(&quotes_only)
        .map(|((s, &need), q)| match need {
            true => s.clone(),
            false => Source {
                article: None,
                facts: q,
                ..s.clone()
            },
        })
        .collect();
    let (a, b) = (compare(1, &full, &cfg), compare(1, &lean, &cfg));
    assert_eq!(a.compared, 2);
    assert_eq!(a.sources.len(), 4);
    assert_eq!(
        serde_json::to_value(&a).unwrap(),
        serde_json::to_value(&b).unwrap()
    );
    // A source lacking its text is never aligned, even when it is the
    // first of its origin.
    let mut first_lacks = full.clone();
    first_lacks[0].article = None;
    let c = compare(1, &first_lacks, &cfg);
    assert!(c.outlets[0].adds.is_empty() && c.compared == 2);
    assert!(c.agreed.iter().all(|f| f
        .carriers
        .iter()
        .all(|x| x.article.as_str() != "coast-herald")));
}

#[test]
fn an_event_of_many_reprints_counts_each_copy_once() {
    // One agency story printed by its first outlet and 300 reprints (all
    // under one outlet name), and an independent account: the counts the
    // comparison gives per fact, per outlet and per quote wording must
    // follow every copy, as the lookups by origin, label and wording do.
    let quote = "\n\n\"We will rebuild every school before winter,\" Governor Lena Ortiz said.";
    let first = article("Coast Herald", &format!("{QUAKE_A}{quote}"));
    let mut items = vec![first.clone()];
    for i in 0..300 {
        let mut copy = first.clone();
        copy.0.id = ArticleId(format!("reprint-{i:03}"));
        copy.0.outlet = Some("Daily Ledger".into());
        items.push(copy);
    }
    items.push(article("Port Gazette", QUAKE_C));
    let mut sources: Vec<Source<'_>> = items
        .iter()
        .map(|(a, f)| Source {
            origin: "agency:wire".into(),
            quote_clusters: (7..).take(f.quotes.len()).collect(),
            ..Source::independent(a, f)
        })
        .collect();
    let last = sources.len() - 1;
    sources[last].origin = "gazette".into();
    sources[last].quote_clusters.clear();
    let c = compare(1, &sources, &CompareConfig::default());
    assert_eq!(c.independent, 2);
    assert_eq!(c.sources.iter().filter(|s| s.independent).count(), 2);
    let rescue = c.agreed.iter().find(|f| f.text.contains("rubble")).unwrap();
    assert_eq!(rescue.carried_by, 302, "the two accounts and every reprint");
    assert_eq!(rescue.independent, 2);
    assert_eq!(rescue.carriers.len(), crate::LISTED.min(302));
    // A name shared by many outlets is told apart by the article id; a
    // name of its own stays plain.
    assert_eq!(c.sources[1].label, "Daily Ledger (reprint-)");
    assert_eq!(c.sources[last].label, "Port Gazette");
    assert_eq!(c.outlets.len(), 302);
    assert!(c.outlets[1..=300]
        .iter()
        .all(|o| o.same_origin_as.as_deref() == Some("Coast Herald") && o.adds.is_empty()));
    assert!(c.outlets[last].same_origin_as.is_none());
    // The quote: one row, one wording, printed by the first outlet and
    // every reprint, one origin.
    let q = c
        .quotes
        .iter()
        .find(|q| q.variants[0].text.contains("rebuild"))
        .unwrap();
    assert!(q.cluster >= 7, "{q:?}");
    assert_eq!(q.variants.len(), 1);
    assert_eq!(q.variants[0].carried_by, 301);
    assert_eq!(q.independent, 1);
}

#[test]
fn counts_of_one_noun_are_compared_whether_or_not_its_kind_is_named() {
    let items = [
        article("North Star", "Two American soldiers were wounded in the attack on the base near Kirkuk on Sunday, the coalition said."),
        article("South Wind", "Three soldiers were wounded in the attack on the base near Kirkuk on Sunday, the coalition said."),
    ];
    let c = run(&items, &["n", "s"]);
    let wounded = c
        .claims
        .iter()
        .find(|r| r.values.len() == 2)
        .unwrap_or_else(|| panic!("{:#?}", c.claims));
    assert_eq!(wounded.status, ClaimStatus::Differs, "{wounded:?}");
}
