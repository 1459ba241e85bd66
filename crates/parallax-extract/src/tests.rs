//! Rule tests on small inline articles, none from the seeds.

use parallax_model::{
    ArticleId, DateSource, FurnitureKind, Given, OutletSource, RawArticle, SourceFormat,
    TitleSource,
};

use super::*;

fn raw_with(text: &str, given: Given) -> RawArticle {
    RawArticle {
        id: ArticleId("test".into()),
        source: "t.txt".into(),
        format: SourceFormat::Text,
        bytes: text.as_bytes().to_vec(),
        text: text.to_string(),
        encoding: None,
        given,
    }
}

fn run(text: &str) -> Article {
    extract(&raw_with(text, Given::default()), &ExtractConfig::default())
}

const LEAD: &str = "The city council approved the new transport budget after a long debate that ran late into the evening, officials said.";
const SECOND: &str = "The plan adds forty buses and extends two tram lines to the northern suburbs by the end of next year.";

fn date(a: &Article) -> Option<(String, DateSource)> {
    a.published
        .map(|d| (d.to_string(), a.published_source.expect("source with date")))
}

#[test]
fn date_label_at_the_top_is_explicit_and_the_rest_is_body() {
    let a = run(&format!("date 2019-06-03 {LEAD}\n\n{SECOND}"));
    assert_eq!(date(&a), Some(("2019-06-03".into(), DateSource::Explicit)));
    assert!(a.body.starts_with("The city council approved"));
    assert_eq!(
        &format!("date 2019-06-03 {LEAD}")[a.spans.published.unwrap().range()],
        "date 2019-06-03"
    );
}

#[test]
fn date_beside_the_headline_wins_over_page_header_and_update_dates() {
    let text = format!(
        "• Monday, 5 January 2026\n• Last Update February 1, 2025 10:00 AM\n• Lagos\n\nCouncil approves transport budget\n\nCity\n08:15, 12-Mar-2024\nEXN\n\n{LEAD}\n\n{SECOND}"
    );
    let a = run(&text);
    assert_eq!(
        date(&a),
        Some(("2024-03-12T08:15".into(), DateSource::Explicit))
    );
    assert_eq!(a.outlet.as_deref(), Some("EXN"));
    assert_eq!(a.outlet_source, Some(OutletSource::Masthead));
    assert_eq!(
        a.title.as_deref(),
        Some("Council approves transport budget")
    );
    assert!(!a.body.contains("Lagos") && !a.body.contains("City\n") && !a.body.contains("EXN"));
}

#[test]
fn a_date_line_right_above_the_headline_is_the_publication_date() {
    let a = run(&format!(
        "3 Feb 2021 14:05\n\nCouncil approves transport budget\n\n{LEAD}"
    ));
    assert_eq!(
        date(&a),
        Some(("2021-02-03T14:05".into(), DateSource::Explicit))
    );
}

#[test]
fn page_header_date_far_above_the_headline_is_not_taken() {
    let a = run(&format!("Tuesday, 4 June 2024\nHome / Local / Transport\n\nCouncil approves transport budget\n\n{LEAD}"));
    assert_eq!(a.published, None);
    assert!(a.diagnostics.iter().any(|d| d.code == "no_date"));
}

#[test]
fn caption_date_is_not_the_publication_date() {
    let text = format!(
        "Council approves transport budget\n\nThe mayor speaks at a rally in the old town on May 1, 2018. (Photo by Example Agency)\n\n{LEAD}\n\n{SECOND}"
    );
    let a = run(&text);
    assert_eq!(
        a.published, None,
        "caption date taken: {:?}",
        a.published_evidence
    );
    assert!(!a.body.contains("rally"));
    assert!(a.furniture.iter().any(|f| f.kind == FurnitureKind::Caption));
}

#[test]
fn relative_weekday_with_a_date_in_the_text_is_inferred() {
    let text = "Officials said on Thursday that the bridge, closed on Monday, March 3, 2025, would reopen within weeks, unlike in May 1, 1990.";
    let a = run(text);
    assert_eq!(date(&a), Some(("2025-03-06".into(), DateSource::Inferred)));
    assert!(a
        .published_evidence
        .as_deref()
        .unwrap()
        .contains("Thursday"));
}

#[test]
fn relative_weekday_alone_leaves_the_date_unknown_and_says_so() {
    let a = run("The ministry said on Tuesday that talks held on Monday with the delegation went well and would resume.");
    assert_eq!(a.published, None);
    let note = a.diagnostics.iter().find(|d| d.code == "no_date").unwrap();
    assert!(
        note.message.contains("Tuesday") && note.message.contains("Monday"),
        "{}",
        note.message
    );
}

#[test]
fn dateline_names_the_agency_and_stays_in_the_body() {
    let a = run(&format!(
        "Budget approved\n\nLIMA, Oct 2 (Example Wire) - {LEAD}"
    ));
    assert_eq!(a.dateline.as_deref(), Some("LIMA, Oct 2 (Example Wire)"));
    assert_eq!(a.outlet.as_deref(), Some("Example Wire"));
    assert_eq!(a.outlet_source, Some(OutletSource::Dateline));
    // The article prints its dateline: the body keeps it, the span names it.
    assert_eq!(a.body, format!("LIMA, Oct 2 (Example Wire) - {LEAD}"));
    assert_eq!(a.spans.dateline.unwrap(), Span::new(17, 43));
    let a = run(&format!("WASHINGTON — {LEAD}"));
    assert_eq!(a.dateline.as_deref(), Some("WASHINGTON"));
    assert_eq!(a.outlet, None);
    let a = run(&format!("NEW DELHI [India], April 20 (PTI): {LEAD}"));
    assert_eq!(a.outlet.as_deref(), Some("PTI"));
}

#[test]
fn credit_line_names_the_outlet_only_without_a_stronger_signal() {
    let a = run(&format!("{LEAD}\n\n{SECOND}\n\n(With inputs from PTI)\n\nDisclaimer: This story is auto-generated from a syndicated feed."));
    assert_eq!(a.credits, vec!["With inputs from PTI"]);
    assert_eq!(a.outlet.as_deref(), Some("PTI"));
    assert_eq!(a.outlet_source, Some(OutletSource::Credit));
    assert!(a.agency_feed);
    assert_eq!(a.provenance.len(), 1);
    assert!(!a.body.contains("PTI") && !a.body.contains("Disclaimer"));
    let a = run(&format!(
        "Council approves transport budget\n\nEXN\n\n{LEAD}\n\n(With input from Example Wire)"
    ));
    assert_eq!(a.outlet.as_deref(), Some("EXN"));
    assert_eq!(a.agencies, vec!["Example Wire"]);
}

#[test]
fn site_notice_names_the_outlet_and_trailer_is_dropped() {
    let text = format!(
        "News / World / Europe\n\nCouncil approves transport budget\n\n{LEAD}\n\n{SECOND}\n\nExample Daily’s website can also be accessed at the following alternate addresses:\n\nwww.example-daily.net\n\nSHARE THIS ARTICLE\nExample Daily on Smart TV\n"
    );
    let a = run(&text);
    assert_eq!(a.outlet.as_deref(), Some("Example Daily"));
    assert_eq!(a.outlet_source, Some(OutletSource::SiteNotice));
    assert_eq!(a.body, format!("{LEAD}\n\n{SECOND}"));
    let kinds: Vec<FurnitureKind> = a.furniture.iter().map(|f| f.kind).collect();
    assert_eq!(
        kinds,
        [
            FurnitureKind::Breadcrumb,
            FurnitureKind::AlternateAddress,
            FurnitureKind::AlternateAddress,
            FurnitureKind::Share,
            FurnitureKind::Trailer
        ]
    );
}

#[test]
fn comment_form_ends_the_article_even_before_long_comments() {
    let text = format!("{LEAD}\n\nRelated Articles\n\nLeave a Reply\n\nYour email address will not be published. Required fields are marked *\n\n{SECOND}");
    let a = run(&text);
    assert_eq!(a.body, LEAD);
}

#[test]
fn a_widget_inside_a_dump_is_cut_and_the_story_goes_on() {
    let a = run(&format!(
        "{LEAD}\n\nNewsletter Sign Up Continue reading the main story Please verify you're not a \
         robot by clicking the box. Invalid email address.\n\nTrams on the river\n\n{SECOND}"
    ));
    assert!(!a.body.contains("Newsletter"), "{}", a.body);
    assert!(
        a.body.starts_with("The city council approved"),
        "{}",
        a.body
    );
    // The subheading after it is the story's, not a trailer.
    assert!(a.body.contains("Trams on the river"), "{}", a.body);
    assert!(a.body.ends_with("by the end of next year."), "{}", a.body);
    assert!(a.furniture.iter().any(|f| f.kind == FurnitureKind::Share));
}

#[test]
fn soft_trailer_resumes_when_a_paragraph_follows_a_related_link() {
    let a = run(&format!(
        "{LEAD}\n\nAlso read: Buses to get new livery\n\n{SECOND}"
    ));
    assert_eq!(a.body, format!("{LEAD}\n\n{SECOND}"));
}

#[test]
fn repeated_title_is_removed_and_headline_has_its_span() {
    let text =
        format!("Council approves transport budget\n\nCouncil approves transport budget\n\n{LEAD}");
    let a = run(&text);
    assert_eq!(a.title_source, Some(TitleSource::Headline));
    assert_eq!(
        &text[a.spans.title.unwrap().range()],
        "Council approves transport budget"
    );
    assert_eq!(a.body, LEAD);
    assert!(a
        .furniture
        .iter()
        .any(|f| f.kind == FurnitureKind::RepeatedTitle));
}

#[test]
fn a_date_without_its_weekday_may_be_history_and_anchors_nothing() {
    let a = run("The club said on Sunday that the stadium, opened on August 22, 1964, would be rebuilt for the new season.");
    assert_eq!(a.published, None);
}

#[test]
fn headlines_ending_in_quotes_or_questions_are_headlines() {
    for headline in [
        "Suspect named in bank raid: what we know about the 'getaway driver'",
        "Ferry operator to cut winter sailings (with video)",
        "Who will pay for the new stadium after the council vote?",
    ] {
        let a = run(&format!("{headline}\n\n{LEAD}"));
        assert_eq!(a.title.as_deref(), Some(headline));
        assert_eq!(a.body, LEAD);
    }
}

#[test]
fn a_photo_copyright_among_paragraphs_is_not_the_outlet() {
    let a = run(&format!("{LEAD}\n\nBuses wait at the depot on 3 May 2019. Officials said more would come. EPA/JANE ROE\n©EPA\n\n{SECOND}"));
    assert_eq!(a.outlet, None);
    assert_eq!(a.body, format!("{LEAD}\n\n{SECOND}"));
    let a = run(&format!("{LEAD}\n\n© 2020 Example Daily"));
    assert_eq!(a.outlet.as_deref(), Some("Example Daily"));
}

#[test]
fn title_is_derived_from_the_lead_when_there_is_no_headline() {
    let a = run(&format!("{LEAD}\n\n{SECOND}"));
    assert_eq!(a.title_source, Some(TitleSource::Derived));
    assert_eq!(a.title.as_deref(), Some("The city council approved the new transport budget after a long debate that ran late into the evening, officials said"));
    let long = run("Thousands of commuters were stranded across the region on Monday, after a signal failure near the central station halted every train for more than five hours during the morning rush.");
    assert_eq!(
        long.title.as_deref(),
        Some("Thousands of commuters were stranded across the region on Monday…")
    );
    let short =
        run("Rain closed the airport for six hours on Sunday, stranding thousands of passengers.");
    assert_eq!(
        short.title.as_deref(),
        Some("Rain closed the airport for six hours on Sunday, stranding thousands of passengers")
    );
}

#[test]
fn given_fields_win_and_a_given_title_line_is_not_body() {
    let given = Given {
        title: Some("Budget approved".into()),
        published: Some("2020-05-06 10:00:00".into()),
        outlet: Some("Example Post".into()),
        ..Given::default()
    };
    let a = extract(
        &raw_with(&format!("Budget approved\n\n{LEAD}"), given),
        &ExtractConfig::default(),
    );
    assert_eq!(a.title.as_deref(), Some("Budget approved"));
    assert_eq!(a.title_source, Some(TitleSource::Given));
    assert_eq!(
        date(&a),
        Some(("2020-05-06T10:00".into(), DateSource::Explicit))
    );
    assert_eq!(a.published_evidence.as_deref(), Some("given"));
    assert_eq!(a.outlet_source, Some(OutletSource::Given));
    assert_eq!(a.body, LEAD);
}

#[test]
fn byline_is_kept_apart_from_the_body() {
    let a = run(&format!(
        "Council approves transport budget\n\nBy Jane Roe\n\n{LEAD}"
    ));
    assert_eq!(a.byline.as_deref(), Some("Jane Roe"));
    assert_eq!(a.body, LEAD);
}

#[test]
fn every_span_slices_the_original_to_its_value() {
    let text = format!("Budget approved\n\n3 Feb 2021\n\nLIMA, Oct 2 (Example Wire) - {LEAD}\n\n {SECOND}\u{a0}\n\n(With inputs from PTI)");
    let a = run(&text);
    assert_eq!(
        &text[a.spans.dateline.unwrap().range()],
        a.dateline.as_deref().unwrap()
    );
    assert_eq!(&text[a.spans.credits[0].range()], "(With inputs from PTI)");
    assert_eq!(
        &text[a.spans.body[0].range()],
        format!("LIMA, Oct 2 (Example Wire) - {LEAD}")
    );
    assert_eq!(&text[a.spans.body[1].range()], SECOND);
    // Every word of the body maps back to the same word in the original.
    for word in ["forty", "suburbs", "officials"] {
        let at = a.body.find(word).unwrap();
        assert_eq!(&text[a.body_map.to_original(at..at + word.len())], word);
    }
}

#[test]
fn language_is_identified() {
    let a = run("Le conseil municipal a approuvé mardi le nouveau budget des transports après un long débat qui a duré toute la soirée.");
    assert_eq!(a.language.as_deref(), Some("fr"));
    assert_eq!(
        run(&format!("{LEAD} {SECOND}")).language.as_deref(),
        Some("en")
    );
}

#[test]
fn plain_english_skips_the_trigram_scorer_and_its_look_alikes_do_not() {
    // What the fast path passes, whatlang calls English too.
    let english = [
        "The council said on Tuesday that it would not raise fares, but the mayor, who has backed the plan, said its cost had been underestimated.",
        "Storm Ciarán brought winds of 100 mph to the south coast, and the Met Office said that more than 150,000 homes were without power.",
    ];
    for s in english {
        assert!(plainly_english(s), "{s}");
        assert_eq!(whatlang::detect_lang(s), Some(whatlang::Lang::Eng), "{s}");
        assert_eq!(language(s, 200).as_deref(), Some("en"));
    }
    // Languages that write some of the same short words ("of", "for",
    // "to", "was", "as", "he") go to whatlang.
    let others = [
        ("Het is nog niet duidelijk of de regering het plan steunt, want de minister was er niet bij en de partijen zijn verdeeld.", "nl"),
        ("Det er for tidligt at sige, om regeringen vil støtte planen, men ministeren har sagt, at den er for dyr for kommunerne.", "da"),
        ("To jest plan, który rząd chce przyjąć do końca roku, ale minister powiedział, że to zbyt drogie dla gmin.", "pl"),
        ("As autoridades disseram que o plano foi aprovado pelo governo, mas o ministro afirmou que as obras vão atrasar.", "pt"),
        ("Was die Regierung am Dienstag beschlossen hat, war lange umstritten, und der Minister sagte, es sei zu teuer.", "de"),
    ];
    for (s, lang) in others {
        assert!(!plainly_english(s), "{s}");
        assert_eq!(language(s, 200).as_deref(), Some(lang), "{s}");
    }
    // A text that opens with a dateline and a headline's words has too
    // few function words in the sample; more of it passes, and it is
    // English without the trigram scorer, which on the sample alone
    // could call it otherwise.
    let lead = "PORTO ALEGRE, Brazil, Oct. 4 (Reuters) — Governor Marta Quintana \
                Tuesday announced river flood barriers, dredging, new pumps.";
    let rest = " The state said that the work would be paid for with federal money, \
                and the mayor, who has asked for it since the floods, said it was not enough. \
                Residents of the lower districts were told that they would be moved.";
    let text = format!("{lead}{rest}");
    let sample = lead.len();
    assert!(!plainly_english(lead));
    assert_ne!(language(lead, sample).as_deref(), Some("en"));
    assert!(plainly_english(&text[..(sample * 5).min(text.len())]));
    assert_eq!(language(&text, sample).as_deref(), Some("en"));
    // More of a text in another language does not pass either: whatlang
    // decides on the sample.
    let dutch = format!("{} {}", others[0].0, others[0].0);
    assert!(!plainly_english(&dutch));
    assert_eq!(language(&dutch, 60), language(&dutch[..60], 60));
    assert_ne!(language(&dutch, 60).as_deref(), Some("en"));
    // Too short to tell, or with many letters outside ASCII: whatlang decides.
    assert!(!plainly_english("The mayor said that it was not."));
    assert!(!plainly_english(
        "Le président a dit that the réforme était nécessaire, and the Élysée said it would pass."
    ));
}

#[test]
fn text_without_any_paragraph_keeps_its_lines() {
    let a = run("Council approves transport budget\n\nForty buses ordered");
    assert_eq!(
        a.title.as_deref(),
        Some("Council approves transport budget")
    );
    assert_eq!(a.body, "Forty buses ordered");
    assert!(a.diagnostics.iter().any(|d| d.code == "no_paragraph"));
}

fn page(html: &str) -> parallax_model::Article {
    let raw = RawArticle {
        id: ArticleId("p".into()),
        source: "p.html".into(),
        format: SourceFormat::Html,
        bytes: html.as_bytes().to_vec(),
        text: html.to_string(),
        encoding: None,
        given: Given::default(),
    };
    extract(&raw, &ExtractConfig::default())
}

/// A page's publication day and the evidence for it.
fn page_date(a: &Article) -> (Option<String>, Option<&str>) {
    (
        a.published.map(|d| d.date_string()),
        a.published_evidence.as_deref(),
    )
}

const PAGE_BODY: &str = "<article><h1>Harbour budget approved</h1><p>The city council approved a harbour budget of 12 million euros on Tuesday after a debate that lasted most of the night.</p><p>Dredging of the channel will begin in spring, the mayor told reporters outside the town hall.</p></article>";

#[test]
fn a_page_takes_its_date_from_json_ld_before_meta_tags_and_says_so() {
    let a = page(&format!(
        r#"<html><head><title>Budget | Example Post</title>
        <meta property="og:site_name" content="Example Post">
        <meta property="article:modified_time" content="2024-05-09T08:00:00Z">
        <meta property="article:published_time" content="2024-05-07T10:00:00Z">
        <script type="application/ld+json">{{"@graph": [{{"@type": "NewsArticle", "datePublished": "2024-05-07T09:30:00Z", "dateModified": "2024-05-09"}}]}}</script>
        <link rel="canonical" href="https://example.org/news/budget"></head>
        <body><nav>Home | News | Sport</nav>{PAGE_BODY}<footer>Copyright Example Post</footer></body></html>"#
    ));
    assert_eq!(
        page_date(&a),
        (Some("2024-05-07".into()), Some("JSON-LD datePublished"))
    );
    assert_eq!(a.outlet.as_deref(), Some("Example Post"));
    // Both from the page's markup, which the article says; the site's
    // name is cut from the stated title.
    assert_eq!(a.outlet_source, Some(OutletSource::Page));
    assert_eq!(a.title.as_deref(), Some("Budget"));
    assert_eq!(a.title_source, Some(TitleSource::Page));
    assert_eq!(a.url.as_deref(), Some("https://example.org/news/budget"));
    assert!(a.body.contains("harbour budget of 12 million euros"));
    assert!(
        !a.body.contains("Home | News"),
        "navigation in the body: {}",
        a.body
    );
}

#[test]
fn a_page_that_names_no_site_is_named_by_its_address() {
    let a = page(&format!(
        r#"<html><head><title>Budget</title>
        <link rel="canonical" href="https://www.example.org/news/budget"></head>
        <body>{PAGE_BODY}</body></html>"#
    ));
    assert_eq!(a.outlet.as_deref(), Some("example.org"));
    assert_eq!(a.outlet_source, Some(OutletSource::Address));
    // Without an address, no outlet is made up.
    let b = page(&format!(
        "<html><head><title>Budget</title></head><body>{PAGE_BODY}</body></html>"
    ));
    assert_eq!(b.outlet, None);
}

#[test]
fn updated_and_modified_dates_are_not_publication_dates() {
    let a = page(&format!(
        r#"<html><head><title>Budget</title>
        <meta property="article:modified_time" content="2024-05-09T08:00:00Z">
        <meta property="article:published_time" content="2024-05-07T10:00:00Z"></head>
        <body><p class="meta"><time class="updated" datetime="2024-05-09">Updated May 9, 2024</time></p>{PAGE_BODY}</body></html>"#
    ));
    assert_eq!(
        page_date(&a),
        (
            Some("2024-05-07".into()),
            Some("meta article:published_time")
        )
    );
    // With only "modified" and "updated" signals, neither becomes the
    // publication date.
    let b = page(&format!(
        r#"<html><head><title>Budget</title>
        <meta property="article:modified_time" content="2024-05-09T08:00:00Z"></head>
        <body><p class="meta"><time class="updated" datetime="2024-05-09">Updated May 9, 2024</time></p>{PAGE_BODY}</body></html>"#
    ));
    assert_ne!(
        b.published.map(|d| d.date_string()),
        Some("2024-05-09".into()),
        "{:?}",
        b.published_evidence
    );
}

#[test]
fn a_caption_date_in_a_page_is_not_its_publication_date() {
    let a = page(&format!(
        r#"<html><head><title>Budget</title>
        <meta name="date" content="2024-05-07"></head>
        <body><figure><img src="a.jpg"><figcaption>The harbour on December 2, 2021. Photo by A. Photographer</figcaption></figure>{PAGE_BODY}</body></html>"#
    ));
    assert_eq!(
        a.published.map(|d| d.date_string()),
        Some("2024-05-07".into())
    );
    assert!(!a.body.contains("Photo by"), "{}", a.body);
}

fn main_text(text: &str, headlines: &[&str]) -> Article {
    let headlines: Vec<String> = headlines.iter().map(|h| h.to_string()).collect();
    read_text(
        &raw_with(text, Given::default()),
        &ExtractConfig::default(),
        Origin::MainText {
            headlines: &headlines,
        },
    )
}

#[test]
fn a_main_text_keeps_bare_links_among_its_paragraphs() {
    let text = format!("{LEAD}\n\n1) Forty new buses\n\nhttps://example.org/buses\n\n2) Two tram lines\n\nhttps://example.org/trams\n\n{SECOND}");
    assert_eq!(main_text(&text, &[]).body, text);
    // In a dump of a whole page a bare address is furniture.
    assert!(!run(&text).body.contains("example.org"));
}

#[test]
fn a_subheading_after_a_call_to_action_is_body_when_a_paragraph_follows() {
    let text = format!(
        "{LEAD}\n\nClick here to read the full plan.\n\nWhat changes for riders\n\n{SECOND}"
    );
    assert_eq!(
        main_text(&text, &[]).body,
        format!("{LEAD}\n\nWhat changes for riders\n\n{SECOND}")
    );
    // With nothing after it, what follows a call to action is the trailer.
    let text = format!("{LEAD}\n\nClick here to read the full plan.\n\nMore from the city desk");
    assert_eq!(main_text(&text, &[]).body, LEAD);
}

#[test]
fn a_first_line_unlike_the_pages_headline_is_the_start_of_the_body() {
    let text = format!("Remember the great tram debate of last spring?\n\n{LEAD}");
    let a = main_text(&text, &["Council approves budget | Example Post"]);
    assert_eq!(a.body, text);
    // One like a headline the page gives is the headline.
    let text = format!("Council approves transport budget\n\n{LEAD}");
    let a = main_text(&text, &["Council approves budget | Example Post"]);
    assert_eq!(a.body, LEAD);
    assert_eq!(
        a.title.as_deref(),
        Some("Council approves transport budget")
    );
    // Nothing known about the page: a headline-like first line is taken.
    assert_eq!(main_text(&text, &[]).body, LEAD);
    // A title that is only the site's name does not make a lead-in that
    // shares a word with it a headline.
    let text = format!("Budget news from the northern suburbs tonight\n\n{LEAD}");
    assert_eq!(main_text(&text, &["Example News"]).body, text);
}

#[test]
fn calls_to_action_and_contact_lines_closing_the_article_are_dropped() {
    let inside = "Residents can sign up for a trial pass at any library, the council said.";
    let text = format!(
        "{LEAD}\n\n{inside}\n\n{SECOND}\n\nEmail Jane Roe at jroe@example.org or follow her on Twitter @janeroe.\n\nGet the latest news delivered to your inbox. Subscribe to our newsletters.\n\njroe@example.org"
    );
    let a = run(&text);
    assert_eq!(a.body, format!("{LEAD}\n\n{inside}\n\n{SECOND}"));
    assert!(a
        .furniture
        .iter()
        .any(|f| f.kind == FurnitureKind::Trailer
            && text[f.span.range()].starts_with("Email Jane Roe")));
    // An item that is nothing but a call to action keeps it as its text.
    let promo =
        "Sign up for our morning newsletter to get the council's decisions in your inbox first.";
    assert_eq!(run(promo).body, promo);
}

#[test]
fn reporting_credits_and_reading_times_are_not_body() {
    let text = format!(
        "Reading time: 3 minutes\n\n{LEAD}\n\n{SECOND}\n\n(Reporting by Jane Roe, John Doe and Ann Lee in Lima; additional reporting by Max Poe; Editing by Kim Park and Lou Reed)\n\nAssociated Press writers Ann Lee and Max Poe contributed to this report."
    );
    let a = run(&text);
    assert_eq!(a.body, format!("{LEAD}\n\n{SECOND}"));
    assert_eq!(a.credits.len(), 2, "{:?}", a.credits);
    assert!(a.credits[1].ends_with("contributed to this report"));
}

#[test]
fn an_unmarked_time_element_dates_a_page_only_when_nothing_better_does() {
    let with_times = |times: &str| {
        page(&format!(
            "<html><head><title>Harbour budget approved</title></head><body>{times}{PAGE_BODY}</body></html>"
        ))
    };
    let a = with_times(r#"<time datetime="2022-01-25T08:00:00+01:00">25.01.2022</time>"#);
    assert_eq!(
        page_date(&a),
        (
            Some("2022-01-25".into()),
            Some("the first <time> in the page")
        )
    );
    let a = with_times(
        r#"<time datetime="2022-01-20">20.01.2022</time><time class="published" datetime="2022-01-25">25.01.2022</time>"#,
    );
    assert_eq!(
        page_date(&a),
        (
            Some("2022-01-25".into()),
            Some("<time> marked as published")
        )
    );
}

#[test]
fn json_ld_that_is_not_valid_json_still_gives_its_date() {
    // A raw line break inside the pasted article body makes the block
    // invalid JSON; the date in it is intact.
    let a = page(&format!(
        "<html><head><title>Budget</title>
        <script type=\"application/ld+json\">{{\"@type\": \"NewsArticle\", \"articleBody\": \"First line
second line\", \"datePublished\": \"04:25:06 PM IST Apr 08, 2020\"}}</script></head>
        <body>{PAGE_BODY}</body></html>"
    ));
    assert_eq!(
        page_date(&a),
        (Some("2020-04-08".into()), Some("JSON-LD datePublished"))
    );
}

#[test]
fn a_page_without_date_signals_is_dated_by_the_date_it_prints() {
    let a = page(&format!(
        r#"<html><head><title>Presupuesto</title>
        <script>var build = "2019-01-01";</script></head>
        <body><nav>Inicio</nav><div class="fecha">&nbsp;/ martes 17 de marzo de 2020</div>{PAGE_BODY}</body></html>"#
    ));
    assert_eq!(
        page_date(&a),
        (
            Some("2020-03-17".into()),
            Some("a date-marked element in the page")
        )
    );
    // The line that announces an update is passed over.
    let b = page(&format!(
        r#"<html><head><title>Budget</title></head>
        <body><p>Updated March 20, 2020</p><p>Posted on March 17, 2020</p>{PAGE_BODY}</body></html>"#
    ));
    assert_ne!(
        page_date(&b).0,
        Some("2020-03-20".into()),
        "{:?}",
        page_date(&b)
    );
}

#[test]
fn a_page_without_a_site_name_is_credited_to_its_json_ld_publisher() {
    let a = page(&format!(
        r#"<html><head><title>Budget</title>
        <script type="application/ld+json">{{"@type": "NewsArticle", "datePublished": "2024-05-07", "publisher": {{"@type": "Organization", "name": "Harbour Herald"}}}}</script></head>
        <body>{PAGE_BODY}</body></html>"#
    ));
    assert_eq!(a.outlet.as_deref(), Some("Harbour Herald"));
    // The page's own site name comes first.
    let b = page(&format!(
        r#"<html><head><title>Budget</title><meta property="og:site_name" content="The Herald">
        <script type="application/ld+json">{{"publisher": [{{"name": "Herald Media Group"}}]}}</script></head>
        <body>{PAGE_BODY}</body></html>"#
    ));
    assert_eq!(b.outlet.as_deref(), Some("The Herald"));
}

#[test]
fn builder_widgets_and_drupal_hidden_labels_are_not_furniture() {
    // Read from WCXB half A's misses: page builders (Elementor, CSS
    // modules) wrap every block in a "widget", and Drupal marks each body
    // field "field--label-hidden"; both left such pages empty.
    let para = |s: &str| {
        format!("<p>{s} The council said the work would take two more years and cost about 40 million euros in all.</p>")
    };
    let widget = format!(
        "<html><body><nav><a href=/>Home</a></nav><main><div class=\"elementor-widget elementor-widget-text-editor\"><div class=\"elementor-widget-container\">{}{}</div></div>\
         <div class=\"WidgetWrapper_WidgetWrapper__R4uge\">{}</div></main><footer>Contact us</footer></body></html>",
        para("The bridge reopened on Monday."),
        para("Traffic was light."),
        para("Repairs continue below deck.")
    );
    let a = page(&widget);
    assert!(
        a.body.contains("The bridge reopened on Monday."),
        "{}",
        a.body
    );
    assert!(
        a.body.contains("Repairs continue below deck."),
        "{}",
        a.body
    );
    let drupal = format!(
        "<html><body><article><div class=\"clearfix text-formatted field field--name-body field--label-hidden field__item\">{}{}</div></article>\
         <div class=\"sidebar hidden\"><p>Sign up for our newsletter to get the latest stories every morning in your inbox.</p></div></body></html>",
        para("The museum opened a new wing."),
        para("Visitors queued for hours.")
    );
    let a = page(&drupal);
    assert!(
        a.body.contains("The museum opened a new wing."),
        "{}",
        a.body
    );
    assert!(!a.body.contains("newsletter"), "{}", a.body);
}

#[test]
fn an_article_in_sections_of_unequal_length_is_read_whole() {
    // Page builders cut an article into sections; the smaller ones scored
    // under three quarters of the largest and were left out.
    let para = |s: &str, n: usize| {
        (0..n)
            .map(|i| {
                format!(
                    "<p>{s} part {i}, as the report said, with figures, dates, and names. \
                     The council met on Monday and voted on the harbour plan, which will cost \
                     about 40 million euros over four years, officials said.</p>"
                )
            })
            .collect::<String>()
    };
    let section = |s: &str, n: usize| {
        format!(
            "<div class=sec><div class=text>{}</div><div class=side><p>Photo: a view of the site.</p></div></div>",
            para(s, n)
        )
    };
    let html = format!(
        "<html><body><nav><a href=/>Home</a> <a href=/a>About</a></nav><div class=page>{}{}{}{}</div>\
         <footer>Contact</footer></body></html>",
        section("First section", 10),
        section("Second section", 7),
        section("Third section", 7),
        section("Fourth section", 7)
    );
    let a = page(&html);
    for s in [
        "First section",
        "Second section",
        "Third section",
        "Fourth section",
    ] {
        assert!(a.body.contains(s), "{s} missing: {}", a.body);
    }
}

#[test]
fn streamed_parts_of_a_react_page_are_read_where_they_belong() {
    // The article's paragraphs arrive at the end of the page in hidden
    // "S:n" divs; loading placeholders stand where they belong.
    let html = format!(
        "<html><head><title>Council approves transport budget</title></head><body>\
         <nav><a href=\"/\">Home</a> <a href=\"/news\">News</a></nav>\
         <article><h1>Council approves transport budget</h1>\
         <template id=\"B:0\"></template><div>Loading paragraph...</div>\
         <template id=\"B:1\"></template><div>Loading paragraph...</div>\
         </article><footer>Contact us</footer>\
         <div hidden id=\"S:0\"><p>{LEAD}</p></div>\
         <div hidden id=\"S:1\"><p>{SECOND}</p></div>\
         <script>$RC(\"B:0\",\"S:0\");$RC(\"B:1\",\"S:1\")</script></body></html>"
    );
    let a = page(&html);
    assert!(
        a.body.contains(LEAD) && a.body.contains(SECOND),
        "{}",
        a.body
    );
    assert!(a.body.find(LEAD) < a.body.find(SECOND));
    assert!(!a.body.contains("Loading"), "{}", a.body);
}

#[test]
fn an_article_in_sections_of_a_furniture_name_is_kept_when_they_hold_the_page() {
    // Read from WCXB half A's misses: every section of the article is a
    // "content-nav-section" (the targets of an in-page navigation), each
    // under a wrapper of its own, none half of the page alone.
    let para = |s: &str| {
        format!("<p>{s} Savings grow fastest when a fixed share of every pay cheque goes to them before anything else is spent.</p>")
    };
    let section = |h: &str, a: &str, b: &str| {
        format!(
            "<div class=\"wrap\"><div class=\"content-nav-section\"><h2>{h}</h2>{}{}</div></div>",
            para(a),
            para(b)
        )
    };
    let html = format!(
        "<html><body><nav><a href=/>Home</a> <a href=/learn>Learn</a></nav><main>\
         <div class=\"topics\"><p>Category: Personal finance</p></div>{}{}{}\
         <div class=\"l-related-links content-nav-section\"><a href=/a>Budgeting basics</a></div>\
         </main><footer><p>Deposits are insured up to the legal limit.</p></footer></body></html>",
        section(
            "Start early",
            "Time does most of the work.",
            "Small sums add up."
        ),
        section(
            "Automate",
            "Set a transfer for pay day.",
            "Forget it is there."
        ),
        section(
            "Review",
            "Look at the plan once a year.",
            "Raise the share with every rise."
        ),
    );
    let a = page(&html);
    for s in [
        "Time does most of the work.",
        "Forget it is there.",
        "Raise the share with every rise.",
    ] {
        assert!(a.body.contains(s), "{s} missing from {}", a.body);
    }
    assert!(!a.body.contains("Budgeting basics"), "{}", a.body);
}

#[test]
fn a_footers_fine_print_does_not_count_toward_half_of_the_page() {
    // A container whose name reads as furniture ("share" in its class)
    // holds the article; the page's long legal footer made it less than
    // half of all the page's paragraphs, so it was dropped.
    let para = |s: &str| {
        format!("<p>{s} The ferry will run every hour from the old harbour until the new pier opens next spring.</p>")
    };
    let fine = "<p>Terms of use: all content on this site is provided as is, without warranty of any kind, express or implied, including fitness for a particular purpose.</p>".repeat(6);
    let html = format!(
        "<html><body><div class=\"story share-enabled\"><h1>Ferry returns</h1>{}{}{}</div>\
         <footer>{fine}</footer></body></html>",
        para("The ferry is back."),
        para("Tickets cost less than before."),
        para("Cyclists ride free."),
    );
    let a = page(&html);
    assert!(a.body.contains("The ferry is back."), "{}", a.body);
    assert!(a.body.contains("Cyclists ride free."), "{}", a.body);
    assert!(!a.body.contains("Terms of use"), "{}", a.body);
}

#[test]
fn an_article_in_headed_sections_is_read_whole() {
    // Read from WCXB half A's misses: each section is a subheading and a
    // text block; the best text block's only company is its subheading,
    // so its section is the unit, and the sections of its class join,
    // the short ones too.
    let section = |h: &str, paras: &[&str]| {
        let ps: String = paras
            .iter()
            .map(|p| format!("<p>{p} Forms are filed with the state office, and a fee is paid, by mail or online.</p>"))
            .collect();
        format!("<section class=\"chapter\"><h2>{h}</h2><div><div class=\"rich\">{ps}</div></div></section>")
    };
    let html = format!(
        "<html><body><nav><a href=/>Home</a></nav><main><h1>Forming a company</h1><div class=\"chapters\">{}{}{}</div></main>\
         <footer>Contact the office</footer></body></html>",
        section("What it is", &["A company is a legal person.", "Owners are members.", "Members sign an agreement.", "The agreement stays private.", "Taxes depend on the choice made."]),
        section("Choosing a name", &["The name must end with a suffix."]),
        section("Fees", &["Pay by card or cheque."]),
    );
    let a = page(&html);
    for s in [
        "A company is a legal person.",
        "The name must end with a suffix.",
        "Pay by card or cheque.",
    ] {
        assert!(a.body.contains(s), "{s} missing from {}", a.body);
    }
    assert!(a.body.contains("Choosing a name"), "{}", a.body);
}

#[test]
fn collapsed_accordion_panels_are_read_and_hidden_boxes_are_not() {
    // Read from WCXB half A's misses: a guide's steps in accordion panels
    // that start collapsed (`display:none`, a region labelled by its
    // heading's button).
    let step = |i: usize, text: &str| {
        format!(
            "<div class=\"acc\"><a id=\"h{i}\" role=\"button\" aria-controls=\"p{i}\">Step {i}</a>\
             <div id=\"p{i}\" style=\"display:none;\" role=\"region\" aria-labelledby=\"h{i}\"><p>{text} Each step takes about a week, and the installer tells you when the next one starts.</p></div></div>"
        )
    };
    let html = format!(
        "<html><body><main><h1>Installing solar panels</h1><p>{LEAD}</p>{}{}\
         <div style=\"display: none\"><p>Subscribe to our newsletter for weekly tips on saving energy at home and more.</p></div>\
         <div role=\"dialog\" aria-labelledby=\"t\" style=\"display:none\"><p>Get a free quote today from one of our vetted local installers.</p></div>\
         </main></body></html>",
        step(1, "Check that the roof faces the sun."),
        step(2, "Ask the utility for permission to connect."),
    );
    let a = page(&html);
    assert!(
        a.body.contains("Check that the roof faces the sun."),
        "{}",
        a.body
    );
    assert!(
        a.body.contains("Ask the utility for permission"),
        "{}",
        a.body
    );
    assert!(!a.body.contains("Subscribe"), "{}", a.body);
    assert!(!a.body.contains("free quote"), "{}", a.body);
}

#[test]
fn an_accordion_panel_called_hidden_is_collapsed_not_furniture() {
    // Read from WCXB half A's misses: a page builder's accordion marks a
    // closed panel "accordion-panel-hidden"; "hidden" alone still drops.
    let html = format!(
        "<html><body><main><h1>Choosing accounting software</h1><p>{LEAD}</p>\
         <div class=\"kt-accordion-panel kt-accordion-panel-hidden\"><p>To rank the tools, each was scored on invoicing, billing and reports, and the scores were weighted by how much they matter.</p></div>\
         <div class=\"promo hidden\"><p>Sign up for our newsletter and get the buyer's guide as a free download every month.</p></div>\
         </main></body></html>"
    );
    let a = page(&html);
    assert!(a.body.contains("To rank the tools"), "{}", a.body);
    assert!(!a.body.contains("Sign up"), "{}", a.body);
}

#[test]
fn months_in_capitals_and_a_published_date_meta_date_a_page() {
    let a = page(&format!(
        r#"<html><head><title>Budget</title></head>
        <body><div class="date-article">OCTOBER 13, 2025</div>{PAGE_BODY}</body></html>"#
    ));
    assert_eq!(page_date(&a).0, Some("2025-10-13".into()));
    let b = page(&format!(
        r#"<html><head><title>Budget</title>
        <meta name="modified-date" content="2024-07-30">
        <meta name="published-date" content="2021-02-16"></head>
        <body>{PAGE_BODY}</body></html>"#
    ));
    assert_eq!(
        page_date(&b),
        (Some("2021-02-16".into()), Some("meta published-date"))
    );
}

#[test]
fn a_json_ld_modification_day_never_dates_a_page_unless_it_is_the_publication_day() {
    // JSON-LD gives only when the page was changed; the byline carries
    // that day, and a line of its own the publication day.
    let a = page(&format!(
        r#"<html><head><title>Budget</title>
        <script type="application/ld+json">{{"@type": "Article", "dateModified": "2024-05-09T08:00:00Z"}}</script></head>
        <body><div class="byline">By Ann Lee, May 9, 2024</div>{PAGE_BODY}<p>May 7, 2024</p></body></html>"#
    ));
    assert_eq!(page_date(&a).0, Some("2024-05-07".into()));
    // Modified the instant it was published, late in the day in UTC: the
    // "Posted" line still places it, not the masthead's next day.
    let b = page(&format!(
        r#"<html><head><title>Budget</title>
        <script type="application/ld+json">{{"@type": "NewsArticle", "datePublished": "2020-07-18T20:01:31Z", "dateModified": "2020-07-18T20:01:31Z"}}</script></head>
        <body><span class="masthead date">Sunday, July 19, 2020</span>
        <span class="timestamp">Posted: July 18, 2020 - 4:01 PM</span>{PAGE_BODY}</body></html>"#
    ));
    assert_eq!(page_date(&b).0, Some("2020-07-18".into()));
}

#[test]
fn a_page_that_writes_its_dates_day_first_reads_its_numeric_dates_so() {
    let html = |others: &str| {
        format!(
            r#"<html lang="en"><head><title>Budget</title></head>
            <body><div class="blog-date">03/10/2023</div>{PAGE_BODY}{others}</body></html>"#
        )
    };
    // English of no stated country: month first...
    assert_eq!(page_date(&page(&html(""))).0, Some("2023-03-10".into()));
    // ...unless the page's dates in words are written day first.
    let others =
        "<ul><li>Wine styles - 13 October 2023</li><li>Sake careers - 3 October 2023</li></ul>";
    assert_eq!(page_date(&page(&html(others))).0, Some("2023-10-03".into()));
}

#[test]
fn the_text_a_page_states_in_json_ld_widens_a_main_text_that_left_part_out() {
    // The tree alone keeps the long paragraphs and leaves out the short
    // closing ones in a block of their own; the JSON-LD body holds both.
    let long = [
        "The regional water board said on Monday that the reservoir above the valley had fallen to its lowest level in forty years, after a dry winter and a hot spring.",
        "Farmers downstream have been told to cut their use by a third from next week, and the board will review the order at the end of the month, its chairwoman said.",
        "Engineers are also inspecting the old dam wall, which was last strengthened in the nineteen-eighties, for cracks that low water can open up in the masonry.",
        "Residents in the three towns that draw from the reservoir are asked to water gardens only in the evening and to report leaks in the mains to the board.",
    ];
    let short = [
        "Enrolment for the water-saving grants opens next Monday.",
        "Forms are available at every town hall in the valley.",
        "The board answers questions on its telephone line daily.",
    ];
    let paras = |ps: &[&str]| ps.iter().map(|p| format!("<p>{p}</p>")).collect::<String>();
    let html = |json_ld: &str| {
        format!(
            r#"<html><head><title>Reservoir at forty-year low</title>{json_ld}</head>
            <body><nav>Home | News</nav><h1>Reservoir at forty-year low</h1>
            <div class="wrap"><div><div>{}</div></div><div><div>{}</div></div></div>
            <footer>Copyright Example Valley News</footer></body></html>"#,
            paras(&long),
            paras(&short)
        )
    };
    let all = long
        .iter()
        .chain(&short)
        .copied()
        .collect::<Vec<_>>()
        .join(" ");
    let body_source = |a: &parallax_model::Article| {
        a.diagnostics
            .iter()
            .find(|d| d.code == "body_source")
            .map(|d| d.message.clone())
    };

    let plain = page(&html(""));
    assert!(plain.body.contains(long[3]) && !plain.body.contains(short[0]));
    assert_eq!(body_source(&plain), None);

    let stated = page(&html(&format!(
        r#"<script type="application/ld+json">{{"@type": "NewsArticle", "articleBody": "{all}"}}</script>"#
    )));
    assert!(stated.body.contains(long[0]) && stated.body.contains(short[2]));
    assert!(!stated.body.contains("Copyright"));
    let said = body_source(&stated).unwrap();
    assert!(said.contains("widened"), "{said}");

    // A description that is an excerpt agrees with the tree's text, which
    // stays as it was.
    let excerpt = long[..3].join(" ");
    let teased = page(&html(&format!(
        r#"<script type="application/ld+json">{{"@type": "BlogPosting", "description": "{excerpt}"}}</script>"#
    )));
    assert_eq!(teased.body, plain.body);
    assert!(body_source(&teased).unwrap().contains("holds 100%"));
}

/// A date after the article was read is no publication date: the given
/// one gives way to the text's, a text date after the limit to none, and
/// the diagnostic says why. A page's capture time limits it the same way.
#[test]
fn a_date_after_the_article_was_read_is_not_its_publication_date() {
    let today = time::macros::date!(2026 - 12 - 04);
    let cfg = ExtractConfig::default().read_on(today);
    let text = format!("Published March 3, 2021\n\n{LEAD}\n\n{SECOND}");
    let future = Given {
        published: Some("2031-05-01".into()),
        ..Given::default()
    };
    let a = extract(&raw_with(&text, future.clone()), &cfg);
    assert_eq!(date(&a).map(|d| d.0), Some("2021-03-03".into()));
    let why = a
        .diagnostics
        .iter()
        .find(|d| d.code == "future_date")
        .expect("said");
    assert!(
        why.message.contains("2031-05-01") && why.message.contains("2026-12-05"),
        "{}",
        why.message
    );
    // Tomorrow is still believed (time zones), the day after is not.
    for (given, kept) in [("2026-12-05", true), ("2026-12-06", false)] {
        let g = Given {
            published: Some(given.into()),
            ..Given::default()
        };
        let a = extract(&raw_with(&format!("{LEAD}\n\n{SECOND}"), g), &cfg);
        assert_eq!(a.published.is_some(), kept, "{given}");
    }
    // A text date after the limit, and nothing else: no date.
    let a = extract(
        &raw_with(
            &format!("Published March 3, 2031\n\n{LEAD}"),
            Given::default(),
        ),
        &cfg,
    );
    assert_eq!(a.published, None);
    assert!(a.diagnostics.iter().any(|d| d.code == "future_date"));
    // A believable given date: the text's later one is not even looked at.
    let past = Given {
        published: Some("2020-01-02".into()),
        ..Given::default()
    };
    let later_text = format!("Published March 3, 2031\n\n{LEAD}");
    let a = extract(&raw_with(&later_text, past), &cfg);
    assert_eq!(date(&a).map(|d| d.0), Some("2020-01-02".into()));
    assert!(!a.diagnostics.iter().any(|d| d.code == "future_date"));
    // No limit set (evaluations): the given date stands.
    let a = extract(&raw_with(&text, future.clone()), &ExtractConfig::default());
    assert_eq!(date(&a).map(|d| d.0), Some("2031-05-01".into()));
    // Captured in 2020: a 2021 date is after it.
    let captured = Given {
        fetched: Some("2020-06-01T10:00".into()),
        ..Given::default()
    };
    let a = extract(&raw_with(&text, captured), &ExtractConfig::default());
    assert_eq!(a.published, None, "{:?}", a.diagnostics);
}

#[test]
fn a_dateless_text_takes_the_day_its_file_or_address_is_named_by() {
    let body = format!("Budget approved\n\n{LEAD}\n\n{SECOND}");
    let at = |source: &str, format: SourceFormat, url: Option<&str>| {
        let mut raw = raw_with(&body, Given::default());
        raw.source = source.to_string();
        raw.format = format;
        raw.given.url = url.map(str::to_string);
        let a = extract(&raw, &ExtractConfig::default());
        (
            a.published.map(|d| d.to_string()),
            a.published_evidence.clone(),
        )
    };
    let text = SourceFormat::Text;
    for (source, day, evidence) in [
        (
            "dump/outlet_2016-09-12_budget-approved.txt",
            "2016-09-12",
            "date in the file name",
        ),
        ("20160912-budget.txt", "2016-09-12", "date in the file name"),
        (
            "C:\\news\\2016.09.12 budget.txt",
            "2016-09-12",
            "date in the file name",
        ),
        (
            "archive/2016/09/12/budget.txt",
            "2016-09-12",
            "date in the file's folders",
        ),
    ] {
        assert_eq!(
            at(source, text, None),
            (Some(day.to_string()), Some(evidence.to_string())),
            "{source}"
        );
    }
    // Not a day: a hash, day first (ambiguous), a month with no day, no
    // such date, a longer number.
    for source in [
        "0a12df20160912e4.txt",
        "budget_12-09-2016.txt",
        "2016-09_budget.txt",
        "2016-02-30_budget.txt",
        "120160912.txt",
    ] {
        assert_eq!(at(source, text, None), (None, None), "{source}");
    }
    // A JSON Lines record's address names its day; the file's name is not
    // the record's.
    assert_eq!(
        at(
            "feeds/2016-01-01.jsonl:3",
            SourceFormat::Jsonl,
            Some("https://example.org/news/2016/09/12/budget")
        ),
        (
            Some("2016-09-12".to_string()),
            Some("date in the article's address".to_string())
        )
    );
    assert_eq!(
        at("feeds/2016-01-01.jsonl:3", SourceFormat::Jsonl, None),
        (None, None)
    );
    // Nor is a feed's (its items are read as text, from a file named by
    // the day it was saved), nor a page's, whose own signals decide.
    let mut raw = raw_with(&format!("<p>{LEAD}</p><p>{SECOND}</p>"), Given::default());
    raw.source = "feeds/2016-09-12.xml:3".into();
    raw.format = SourceFormat::Feed;
    assert_eq!(extract(&raw, &ExtractConfig::default()).published, None);
    // A date the text states outranks its name's.
    let mut raw = raw_with(
        &format!("date 2019-06-03 {LEAD}\n\n{SECOND}"),
        Given::default(),
    );
    raw.source = "2016-09-12_budget.txt".into();
    let a = extract(&raw, &ExtractConfig::default());
    assert_eq!(date(&a), Some(("2019-06-03".into(), DateSource::Explicit)));
    // Never a day after the text was read.
    let mut raw = raw_with(&body, Given::default());
    raw.source = "2016-09-12_budget.txt".into();
    raw.given.fetched = Some("2016-09-01T00:00:00Z".into());
    assert_eq!(extract(&raw, &ExtractConfig::default()).published, None);
}

#[test]
fn a_dump_naming_no_outlet_is_named_by_its_address_or_its_files_leading_field() {
    let body = format!("Budget approved\n\n{LEAD}\n\n{SECOND}");
    let at = |body: &str, source: &str, format: SourceFormat, url: Option<&str>| {
        let mut raw = raw_with(body, Given::default());
        raw.source = source.to_string();
        raw.format = format;
        raw.given.url = url.map(str::to_string);
        let a = extract(&raw, &ExtractConfig::default());
        (a.outlet, a.outlet_source)
    };
    let text = SourceFormat::Text;
    let file = |name: &str| (Some(name.to_string()), Some(OutletSource::FileName));
    for (source, named) in [
        ("dump/nyt_2016-09-12_budget-approved.txt", file("nyt")),
        ("usa-today_20160912.txt", file("usa-today")),
        (
            "C:\\news\\Example.com_2016.09.12_budget.txt",
            file("Example.com"),
        ),
        // A day with no field before it, a field joined by a space or a
        // hyphen (words of a title, a note), words for what a file holds,
        // a field that is a number, a field not before a day.
        ("2016-09-12_budget.txt", (None, None)),
        ("Budget vote 2016-09-12.txt", (None, None)),
        ("notes-2016-09-12.txt", (None, None)),
        ("article_2016-09-12_budget.txt", (None, None)),
        ("Story_20160912.txt", (None, None)),
        ("x_2016-09-12.txt", (None, None)),
        ("nyt_budget_2016-09-12.txt", (None, None)),
        ("nyt_2016-09-123.txt", (None, None)),
    ] {
        assert_eq!(at(&body, source, text, None), named, "{source}");
    }
    // A JSON Lines record is named by its address's host; the file's name
    // is not the record's.
    assert_eq!(
        at(
            &body,
            "nyt_2016-09-12.jsonl:3",
            SourceFormat::Jsonl,
            Some("https://www.example.org/news/budget")
        ),
        (Some("example.org".to_string()), Some(OutletSource::Address))
    );
    assert_eq!(
        at(&body, "nyt_2016-09-12.jsonl:3", SourceFormat::Jsonl, None),
        (None, None)
    );
    // What the text names wins: an agency's dateline.
    let agency = format!("Budget approved\n\nLIMA, Oct 2 (Reuters) - {LEAD}\n\n{SECOND}");
    assert_eq!(
        at(&agency, "nyt_2016-09-12_budget.txt", text, None),
        (Some("Reuters".to_string()), Some(OutletSource::Dateline))
    );
    // And so does a given outlet.
    let mut raw = raw_with(&body, Given::default());
    raw.source = "nyt_2016-09-12_budget.txt".into();
    raw.given.outlet = Some("The Example Times".into());
    let a = extract(&raw, &ExtractConfig::default());
    assert_eq!(a.outlet.as_deref(), Some("The Example Times"));
}

#[test]
fn a_dumps_headline_closed_by_a_stop_above_decks_and_a_dateline() {
    // Headline, a deck, then a dateline set with a plain hyphen.
    let a = run(&format!(
        "Bridge reopens after two years of repairs.\n\nDrivers welcome shorter trips.\n\n\
         DUNMORE - {LEAD}\n\n{SECOND}"
    ));
    assert_eq!(
        a.title.as_deref(),
        Some("Bridge reopens after two years of repairs")
    );
    assert_eq!(a.title_source, Some(TitleSource::Headline));
    // No dateline after the decks, a label set as one ("BREAKING -"), or
    // a deck too long for one: the lead stays the lead.
    for text in [
        format!("Bridge reopens after two years of repairs.\n\nDrivers welcome it.\n\n{LEAD}"),
        format!(
            "Bridge reopens after two years of repairs.\n\nDrivers welcome it.\n\n\
             BREAKING - {LEAD}"
        ),
        format!(
            "Bridge reopens after two years of repairs.\n\n{LEAD} {LEAD}\n\n\
             DUNMORE - {SECOND}"
        ),
    ] {
        let a = run(&text);
        assert_ne!(a.title_source, Some(TitleSource::Headline), "{text}");
    }
}

#[test]
fn a_dumps_first_line_its_file_is_named_by_is_its_headline() {
    let body = format!("Mayor backs the bridge plan after long delay.\n\n{LEAD}\n\n{SECOND}");
    let at = |source: &str, format: SourceFormat| {
        let mut raw = raw_with(&body, Given::default());
        raw.source = source.to_string();
        raw.format = format;
        let a = extract(&raw, &ExtractConfig::default());
        (a.title, a.title_source)
    };
    let headline = (
        Some("Mayor backs the bridge plan after long delay".to_string()),
        Some(TitleSource::Headline),
    );
    for source in [
        "daily_2016-09-12_mayor-backs-the-bridge-pla.txt",
        "dumps/Mayor_backs_the_bridge_plan_after_long_delay.txt",
        "2016-09-12_mayorbacksthebridge.txt",
    ] {
        assert_eq!(at(source, SourceFormat::Text), headline, "{source}");
    }
    // A name too short to tell, one that spells something else, and a
    // JSON Lines file, whose name is no record's.
    for (source, format) in [
        ("daily_2016-09-12_mayor-backs.txt", SourceFormat::Text),
        (
            "daily_2016-09-12_council-approves-budget.txt",
            SourceFormat::Text,
        ),
        ("mayor-backs-the-bridge-plan.jsonl:1", SourceFormat::Jsonl),
    ] {
        assert_ne!(
            at(source, format).1,
            Some(TitleSource::Headline),
            "{source}"
        );
    }
}

#[test]
fn a_database_exports_headline_closed_by_a_semicolon_or_above_its_labels_and_the_labels() {
    // "Headline; deck.": the headline without its semicolon; the deck
    // opens the body.
    let a = run(&format!(
        "Jobs report gives Democrats a lift;\nSolid upturn could blunt rivals' claims.\n\n{LEAD}\n\n{SECOND}"
    ));
    assert_eq!(
        a.title.as_deref(),
        Some("Jobs report gives Democrats a lift")
    );
    assert_eq!(a.title_source, Some(TitleSource::Headline));
    assert!(a.body.starts_with("Solid upturn"), "{}", a.body);
    // One that ends in an abbreviation keeps it.
    let a = run(&format!(
        "Leader says praise helps the U.S.;\nAfter the debate, a rival spoke.\n\n{LEAD}\n\n{SECOND}"
    ));
    assert_eq!(
        a.title.as_deref(),
        Some("Leader says praise helps the U.S.")
    );
    // A sentence-case line closed by a stop, right above the export's
    // label, and the labels themselves are no part of the body.
    let a = run(&format!(
        "Mayor stays well ahead in latest poll.\n\nABSTRACT.\n\n{LEAD}\n\nFULL TEXT.\n\n{SECOND}"
    ));
    assert_eq!(
        a.title.as_deref(),
        Some("Mayor stays well ahead in latest poll")
    );
    assert!(a.body.starts_with("The city council"), "{}", a.body);
    assert!(
        !a.body.contains("ABSTRACT") && !a.body.contains("FULL TEXT"),
        "{}",
        a.body
    );
    let labels = a
        .furniture
        .iter()
        .filter(|f| f.kind == FurnitureKind::SectionLabel)
        .count();
    assert_eq!(labels, 2, "{:?}", a.furniture);
    // A subheading in capitals stays, and so does a semicolon-closed line
    // that is too long for a headline.
    let a = run(&format!("{LEAD}\n\nTHE BUDGET\n\n{SECOND}"));
    assert!(a.body.contains("THE BUDGET"), "{}", a.body);
    let long = "The council met on Monday and again on Tuesday to weigh the budget, the bridge, \
                the schools and the roads of the county;";
    let a = run(&format!("{long}\n{LEAD}\n\n{SECOND}"));
    assert_ne!(a.title_source, Some(TitleSource::Headline));
}

#[test]
fn a_dumps_first_line_closed_by_a_stop_is_its_headline_in_title_case_or_above_a_dateline() {
    // Title case: the headline, without its stop; the body starts after it.
    let a = run(&format!(
        "Poll: Wealthy Voters Abandon the Party for Its Rival.\n\n{LEAD}\n\n{SECOND}"
    ));
    assert_eq!(
        a.title.as_deref(),
        Some("Poll: Wealthy Voters Abandon the Party for Its Rival")
    );
    assert_eq!(a.title_source, Some(TitleSource::Headline));
    assert!(
        a.body.starts_with("The city council approved"),
        "{}",
        a.body
    );
    // Sentence case above a dateline.
    let a = run(&format!(
        "Senator's husband expecting second child.\n\nNEW YORK, Dec. 22 (UPI) — {LEAD}\n\n{SECOND}"
    ));
    assert_eq!(
        a.title.as_deref(),
        Some("Senator's husband expecting second child")
    );
    assert_eq!(a.title_source, Some(TitleSource::Headline));
    assert!(a.body.starts_with("NEW YORK, Dec. 22 (UPI)"), "{}", a.body);
    // A lead sentence in sentence case with no dateline after it stays the
    // body's first paragraph.
    let lead = "Voters in Ohio and Iowa went to the polls again on Tuesday morning.";
    let a = run(&format!("{lead}\n\n{LEAD}\n\n{SECOND}"));
    assert_eq!(a.title_source, Some(TitleSource::Derived));
    assert!(a.body.starts_with(lead), "{}", a.body);
    // Not when what follows is no paragraph, when the line has too few
    // words to tell its case by, when it is too long for a headline, or
    // when the title came with the text.
    for text in [
        format!("Mayor Opens the New Bridge to Traffic.\n\nRead More.\n\n{LEAD}"),
        format!("Storms in the Hills.\n\n{LEAD}\n\n{SECOND}"),
        format!(
            "Mayor Opens the New Bridge to Traffic After Years of Delays, Lawsuits, \
             Budget Fights and Protests by Residents of Both Banks of the River.\n\n{LEAD}"
        ),
    ] {
        let a = run(&text);
        assert_ne!(a.title_source, Some(TitleSource::Headline), "{text}");
    }
    let given = Given {
        title: Some("Bridge opens".into()),
        ..Given::default()
    };
    let a = extract(
        &raw_with(
            &format!("Mayor Opens the New Bridge to Traffic After Years of Delays.\n\n{LEAD}"),
            given,
        ),
        &ExtractConfig::default(),
    );
    assert_eq!(a.title.as_deref(), Some("Bridge opens"));
    assert!(a.body.starts_with("Mayor Opens"), "{}", a.body);
}
