//! The HTML report: one self-contained file (styles inline, no scripts,
//! no fetches) that a person can open from disk. Every string from an
//! article goes through maud's escaping, and a Content-Security-Policy
//! that allows no script at all backs that up: a `<script>` in an
//! article's text shows as text and cannot run.

use std::collections::HashMap;

use maud::{html, Markup, PreEscaped, DOCTYPE};
use parallax_engine::compare::{ClaimStatus, Comparison};
use parallax_model::{
    Article, ArticleCard, ArticleId, Event, EventSummary, OutletSource, QuoteKind, TitleSource,
};

use crate::print::{plural, span};
use crate::report::{status_word, support_word, Report};
use parallax_text::clip;

const STYLE: &str = r#"
:root { --ink:#1d2330; --muted:#5d6677; --line:#dfe3ea; --accent:#2456a6; --warn:#b3261e; --ok:#2e7d32; --bg:#fbfaf7; }
* { box-sizing: border-box; }
body { margin:0; background:var(--bg); color:var(--ink); font:16px/1.55 Georgia, 'Iowan Old Style', 'Times New Roman', serif; }
main { max-width: 68rem; margin: 0 auto; padding: 2.5rem 1.5rem 4rem; }
h1, h2, h3, h4, th, .meta, .chip, nav { font-family: 'Helvetica Neue', Arial, sans-serif; }
h1 { font-size: 2rem; margin: 0 0 .25rem; letter-spacing: -.01em; }
h2 { font-size: 1.45rem; margin: 3rem 0 .75rem; border-top: 3px solid var(--ink); padding-top: .75rem; }
h3 { font-size: 1.2rem; margin: 2.25rem 0 .5rem; }
h4 { font-size: .8rem; text-transform: uppercase; letter-spacing: .08em; color: var(--muted); margin: 1.5rem 0 .5rem; }
.meta { color: var(--muted); font-size: .85rem; }
tr.folded td { color: var(--muted); font-size: .85rem; font-style: italic; }
.timeline { list-style: none; padding: 0; margin: 1rem 0 0; border-left: 3px solid var(--accent); }
.timeline li { position: relative; padding: .2rem 0 .9rem 1.4rem; }
.timeline li::before { content:''; position:absolute; left:-.55rem; top:.55rem; width:.8rem; height:.8rem; border-radius:50%; background:var(--bg); border:3px solid var(--accent); }
.timeline time { display:block; font: 600 .85rem 'Helvetica Neue', Arial, sans-serif; color: var(--accent); }
.event { background:#fff; border:1px solid var(--line); border-radius:10px; padding: .25rem 1.5rem 1.25rem; margin: 1.5rem 0; box-shadow: 0 1px 2px rgba(0,0,0,.04); }
table { border-collapse: collapse; width: 100%; font-size: .92rem; margin: .25rem 0 .75rem; }
th, td { text-align: left; vertical-align: top; padding: .45rem .6rem; border-bottom: 1px solid var(--line); }
th { font-size: .75rem; text-transform: uppercase; letter-spacing: .06em; color: var(--muted); }
td.differs { color: var(--warn); font-weight: 600; }
td.none { color: var(--muted); font-style: italic; }
.status-differs { color: var(--warn); font-weight: 700; }
.status-agree { color: var(--ok); }
.chip { display:inline-block; font-size:.72rem; padding:.05rem .45rem; margin:0 .2rem .15rem 0; border-radius:999px; background:#eef2f8; color:var(--accent); white-space:nowrap; }
.copy { background:#fdf1e6; color:#8a4b08; }
ol.facts li { margin-bottom: .5rem; }
blockquote { margin: .2rem 0; padding-left: .8rem; border-left: 3px solid var(--line); }
details summary { cursor: pointer; font-family: 'Helvetica Neue', Arial, sans-serif; font-size: .9rem; }
.adds li { margin-bottom: .3rem; }
form { margin: 1rem 0 0; }
input[type=search] { font: 1rem 'Helvetica Neue', Arial, sans-serif; padding: .45rem .7rem; width: min(32rem, 72%); border: 1px solid #c9cfda; border-radius: 6px; background: #fff; }
button { font: 600 .95rem 'Helvetica Neue', Arial, sans-serif; padding: .45rem .9rem; border: 0; border-radius: 6px; background: var(--accent); color: #fff; cursor: pointer; }
mark { background: #fff1a8; color: inherit; padding: 0 .1rem; }
.problem { color: var(--warn); font-weight: 600; }
form.search label { font: .9rem 'Helvetica Neue', Arial, sans-serif; margin-right: .4rem; }
form.search input[type=text], form.search input[type=date], form.search select { font: .95rem 'Helvetica Neue', Arial, sans-serif; padding: .35rem .5rem; border: 1px solid #c9cfda; border-radius: 6px; background: #fff; }
ol.hits { padding-left: 1.2rem; }
ol.hits li { margin-bottom: .9rem; }
p.snippet { margin: .15rem 0 0; font-size: .95rem; }
nav { margin-top: 1.5rem; }
nav a { margin-right: 1.2rem; color: var(--accent); }
td.nowrap { white-space: nowrap; }
figure.svg-timeline { margin: 1rem 0; background: #fff; border: 1px solid var(--line); border-radius: 10px; padding: .5rem; }
figure.svg-timeline a:focus circle, figure.svg-timeline a:hover circle { fill-opacity: 1; stroke: var(--ink); }
.original { background:#fff; border:1px solid var(--line); border-radius:10px; padding: 1rem 1.5rem; white-space: pre-wrap; overflow-wrap: anywhere; }
del.furniture { color: var(--muted); text-decoration-color: var(--warn); }
span.field { background: #e8f0fb; border-bottom: 2px solid var(--accent); }
span.quote { background: #eef7ee; border-bottom: 2px solid var(--ok); }
mark.figure { background: #fff1a8; }
.speaker { font-size: .7rem; }
table.fields th[scope=row] { white-space: nowrap; }
code { font-size: .85em; }
@media (max-width: 40rem) { main { padding: 1.25rem .9rem 3rem; } .event { padding: .25rem .8rem 1rem; } table { display: block; overflow-x: auto; font-size: .85rem; } th, td { padding: .35rem .4rem; } td { overflow-wrap: anywhere; min-width: 6rem; } h1 { font-size: 1.6rem; } }
"#;

/// A page's head: a Content-Security-Policy that allows no script, the
/// report's style.
fn head(title: &str) -> Markup {
    html! {
        head {
            meta charset="utf-8";
            meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'";
            meta name="viewport" content="width=device-width, initial-scale=1";
            title { (title) }
            style { (PreEscaped(STYLE)) }
        }
    }
}

/// The report as one HTML document.
/// With `back`, a link (address, text) above the title: the way back to
/// the index an event's page belongs to.
pub fn report(r: &Report<'_>, back: Option<(&str, &str)>) -> String {
    let cards: Vec<ArticleCard> = r.articles.iter().map(ArticleCard::of).collect();
    report_of_cards(r, &cards, back, false)
}

/// One event's page as `parallax serve` shows it (see [`Report::of_event`]),
/// its articles listed from their cards: a page of a story reprinted
/// thousands of times decodes none of their texts.
///
/// `served`: a page of `parallax serve`, which links the server's other
/// pages (outlets, storylines, quotes, articles); a file written by
/// `report --out` links none of them, as they do not exist beside it.
pub fn event_page(
    event: &Event,
    c: &Comparison,
    cards: &[ArticleCard],
    back: Option<(&str, &str)>,
    served: bool,
) -> String {
    Report::of_event(event, c, &[], |view| {
        report_of_cards(view, cards, back, served)
    })
}

/// [`report`], with the articles' `cards` in place of the report's
/// articles.
fn report_of_cards(
    r: &Report<'_>,
    cards: &[ArticleCard],
    back: Option<(&str, &str)>,
    served: bool,
) -> String {
    let by_event: HashMap<u32, &Event> = r.events.iter().map(|e| (e.id, e)).collect();
    let by_cmp: HashMap<u32, &Comparison> = r.comparisons.iter().map(|c| (c.event, c)).collect();
    let by_article: HashMap<&ArticleId, &ArticleCard> = cards.iter().map(|a| (&a.id, a)).collect();
    let page = html! {
        (DOCTYPE)
        html lang="en" {
            (head("parallax coverage report"))
            body {
                main {
                    @if let Some((href, text)) = back {
                        nav.back { a href=(href) { "← " (text) } }
                    }
                    h1 { "Coverage report" }
                    p.meta {
                        (plural(cards.len(), "article")) ", "
                        (plural(r.events.len(), "event")) ", "
                        (plural(r.storylines.len(), "storyline")) ", "
                        (r.quotes) " quotes, " (r.claims) " figures. Made by parallax."
                    }
                    @for s in r.storylines {
                        section.storyline id=(format!("storyline-{}", s.id)) {
                            h2 { "Storyline: " (s.label) }
                            p.meta { (span(s.start, s.end)) " · " (plural(s.events.len(), "event")) " · " (plural(s.articles, "article")) }
                            ol.timeline {
                                @for id in &s.events {
                                    @if let Some(e) = by_event.get(id) {
                                        li {
                                            time { (span(e.start, e.end)) }
                                            a href=(format!("#event-{}", e.id)) { (clip(&e.label, 110)) }
                                            " " span.meta { "(" (plural(e.articles.len(), "article")) ")" }
                                        }
                                    }
                                }
                            }
                            @for id in &s.events {
                                @if let Some(e) = by_event.get(id) {
                                    (event(e, by_cmp.get(&e.id).copied(), &by_article, served))
                                }
                            }
                        }
                    }
                }
            }
        }
    };
    page.into_string()
}

/// One event's section; `served` (a page of `parallax serve`, not a file)
/// links its storyline's page and its quotes' pages.
fn event(
    e: &Event,
    c: Option<&Comparison>,
    articles: &HashMap<&ArticleId, &ArticleCard>,
    served: bool,
) -> Markup {
    // Each member's source row by id, not a scan of the list per member
    // (an event of thousands of reprints).
    let sources: HashMap<&ArticleId, &parallax_engine::compare::SourceSummary> = c
        .map(|c| c.sources.iter().map(|s| (&s.article, s)).collect())
        .unwrap_or_default();
    // Past a dozen sources, a few copies of each origin are listed and the
    // rest counted by outlet (see `crate::fold`).
    let origins = c.map(crate::fold::Origins::of);
    let mut listed = origins.as_ref().map(|o| o.filter());
    let rows: Vec<&ArticleCard> = e
        .articles
        .iter()
        .filter_map(|id| articles.get(id).copied())
        .filter(|a| {
            let outlet = a.outlet.as_deref().unwrap_or("outlet unknown");
            listed.as_mut().is_none_or(|f| f.keep(&a.id, outlet))
        })
        .collect();
    let folded = listed.and_then(|f| f.summary());
    html! {
        section.event id=(format!("event-{}", e.id)) {
            h3 { (e.label) }
            p.meta {
                "Event " (e.id) " · " (span(e.start, e.end))
                @if served { " · " a href=(format!("/storylines/{}", e.storyline)) { "its storyline" } }
            }
            h4 { "Articles" }
            table.sources {
                thead { tr { th { "Outlet" } th { "Published" } th { "Title" } th { "Provenance" } } }
                tbody {
                    @for a in &rows {
                        @let src = sources.get(&a.id);
                        tr {
                            td {
                                @let label = src.map_or_else(|| a.outlet.clone().unwrap_or_default(), |s| s.label.clone());
                                @match (&a.outlet, served) {
                                    (Some(o), true) => a href=(format!("/outlets/{}", url_path(o))) { (label) },
                                    _ => (label),
                                }
                            }
                            td.nowrap { (shown_date_of(a.published, a.published_source)) }
                            td {
                                @if served {
                                    a href=(format!("/articles/{}", a.id)) { (a.title.as_deref().unwrap_or("(untitled)")) }
                                } @else { (a.title.as_deref().unwrap_or("(untitled)")) }
                                br; span.meta { (a.source) }
                            }
                            td {
                                @if let Some(s) = src {
                                    @if let Some(copy) = &s.copy { span.chip.copy { "copy" } " " (copy) }
                                    @if !s.independent { " " span.chip.copy { "not counted again" } }
                                }
                                @for credit in &a.credits { span.chip { (credit) } }
                            }
                        }
                    }
                    @if let Some(folded) = &folded {
                        tr.folded {
                            td colspan="4" {
                                "And " (folded) ", not counted again"
                                @if served {
                                    " · " a href=(format!("/api/v1/articles?event={}", e.id)) { "every article (JSON)" }
                                }
                            }
                        }
                    }
                }
            }
            @if let Some(c) = c { (comparison(c, served)) }
        }
    }
}

/// The chip after a folded list: "+40 copies", "+3 more".
fn more_chip(f: &crate::fold::Folded<'_>) -> String {
    match (f.only_copies, f.more) {
        (true, 1) => "+1 copy".into(),
        (true, n) => format!("+{n} copies"),
        (false, n) => format!("+{n} more"),
    }
}

fn comparison(c: &Comparison, served: bool) -> Markup {
    let origins = crate::fold::Origins::of(c);
    let shared: Vec<_> = c
        .claims
        .iter()
        .filter(|r| r.status != ClaimStatus::Single)
        .collect();
    html! {
        p.meta { (plural(c.sources.len(), "article")) ", " (c.independent) " independent" }
        @if !c.agreed.is_empty() {
            h4 { "Agreed facts" }
            ol.facts {
                @for f in &c.agreed {
                    li {
                        (f.text) " "
                        span.chip { (support_word(f.support, f.independent)) }
                        @let who = origins.carriers(f.carriers.iter().map(|x| (&x.article, x.label.as_str())), f.carried_by, f.independent);
                        @for l in &who.shown { span.chip { (l) } }
                        @if who.more > 0 { span.chip { (more_chip(&who)) } }
                    }
                }
            }
        }
        @if !c.claims.is_empty() {
            h4 { "Claims side by side" }
            table.claims {
                thead { tr { th { "What" } th { "Period" } th { "Outlet" } th { "As written" } th { "Status" } } }
                tbody {
                    @for row in &shared {
                        @for (k, v) in row.values.iter().enumerate() {
                            tr {
                                @if k == 0 {
                                    td rowspan=(row.values.len() + row.missing.len()) { (clip(&row.what, 90)) }
                                    td rowspan=(row.values.len() + row.missing.len()) { (row.period.clone().unwrap_or_default()) }
                                }
                                td { (v.label) }
                                td class=(if v.flagged { "differs" } else { "" }) title=(v.sentence) {
                                    (v.text) @if v.flagged { " ⚠" }
                                }
                                @if k == 0 {
                                    td rowspan=(row.values.len() + row.missing.len())
                                        class=(if row.status == ClaimStatus::Differs { "status-differs" } else { "status-agree" }) {
                                        (status_word(row))
                                    }
                                }
                            }
                        }
                        @for m in &row.missing {
                            tr { td { (m) } td.none { "no figure" } }
                        }
                    }
                    @for row in c.claims.iter().filter(|r| r.status == ClaimStatus::Single) {
                        tr {
                            td { (clip(&row.what, 90)) }
                            td { (row.period.clone().unwrap_or_default()) }
                            td { (row.values[0].label) }
                            td title=(row.values[0].sentence) { (row.values[0].text) }
                            td.meta { "one source" }
                        }
                    }
                }
            }
        }
        @if !c.quotes.is_empty() {
            h4 { "Quotes by speaker" }
            table.quotes {
                thead { tr { th { "Speaker" } th { "Quote" } th { "Carried by" } } }
                tbody {
                    @for q in &c.quotes {
                        @for (k, v) in q.variants.iter().enumerate() {
                            tr {
                                td {
                                    @if k == 0 {
                                        (q.speaker.as_deref().unwrap_or("unknown"))
                                        @if served { br; a.meta href=(format!("/quotes/{}", q.cluster)) { "every wording →" } }
                                    } @else { span.meta { "variant" } }
                                }
                                td {
                                    @if v.kind == QuoteKind::Indirect { span.meta { "reported: " } }
                                    blockquote { (v.text) }
                                    @if let Some(w) = &v.speaker_as_written { span.meta { "as “" (w) "”" } }
                                }
                                td {
                                    @let who = origins.carriers(v.articles.iter().zip(v.labels.iter().map(String::as_str)), v.carried_by, q.independent);
                                    @for l in &who.shown { span.chip { (l) } }
                                    @if who.more > 0 { span.chip { (more_chip(&who)) } }
                                }
                            }
                        }
                    }
                }
            }
        }
        @let views = crate::fold::views(c);
        @if !views.is_empty() {
            h4 { "What each outlet adds and leaves out" }
            @for v in &views {
                @let o = v.view;
                details {
                    summary {
                        strong { (o.label) } " adds " (plural(o.adds.len(), "sentence")) ", leaves out " (plural(o.leaves_out.len(), "agreed fact"))
                        @if let Some(copies) = v.copies_line() { " " span.meta { "(" (copies) ")" } }
                    }
                    ul.adds {
                        @for a in o.adds.iter().take(ADDS_SHOWN) { li { (a) } }
                        @if o.adds.len() > ADDS_SHOWN { li.meta { "and " (plural(o.adds.len() - ADDS_SHOWN, "more sentence")) " (every one in the comparison's JSON)" } }
                        @for &i in &o.leaves_out {
                            @if let Some(f) = c.agreed.get(i) { li.meta { "leaves out: " (f.text) } }
                        }
                    }
                }
            }
        }
        @if !c.wording.is_empty() {
            h4 { "Wording" }
            table.wording {
                thead { tr { th { "Thing" } th { "Outlet" } th { "Its words" } } }
                tbody {
                    @for w in &c.wording {
                        @for (k, v) in w.variants.iter().enumerate() {
                            tr {
                                td { @if k == 0 { (w.anchor) } }
                                td { (v.label) }
                                td { (v.phrases.join(" · ")) }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// Sentences a source adds, listed on its line; the rest are counted.
const ADDS_SHOWN: usize = 20;

/// The outlets a timeline's event names; the rest are counted (and all
/// named in the line's tooltip).
const TIMELINE_OUTLETS: usize = 5;

/// Events as a timeline, each linking to its page.
fn timeline(events: &[EventSummary], link: impl Fn(&EventSummary) -> String) -> Markup {
    html! {
        ol.timeline {
            @for e in events {
                li {
                    time { (span(e.start, e.end)) }
                    a href=(link(e)) { (clip(&e.label, 110)) }
                    " " span.meta title=[(e.outlets.len() > TIMELINE_OUTLETS).then(|| e.outlets.join(", "))] {
                        "(" (crate::print::articles_from(e.articles, &e.outlets, TIMELINE_OUTLETS)) ")"
                    }
                }
            }
        }
    }
}

/// The index page of a paged report: the events chosen, each linking to
/// its own page.
pub fn index(
    title: &str,
    events: &[EventSummary],
    total: usize,
    link: impl Fn(&EventSummary) -> String,
) -> String {
    html! {
        (DOCTYPE)
        html lang="en" {
            (head(title))
            body {
                main {
                    h1 { (title) }
                    p.meta { (plural(events.len(), "event")) " of " (total) " in the store. Made by parallax." }
                    (timeline(events, link))
                }
            }
        }
    }
    .into_string()
}

/// Events on one front page of `parallax serve`.
pub const FRONT_PAGE: usize = 50;

/// The front page of `parallax serve`: a search form, the articles a query
/// found (each linking to its event's page, the query's words marked), and
/// a page of events in time order with links to the pages before and
/// after.
pub fn front(
    events: &[EventSummary],
    total: usize,
    offset: usize,
    largest: bool,
    query: Option<(&str, &[parallax_engine::search::Hit])>,
    mode: parallax_engine::search::Mode,
) -> String {
    let title = "parallax";
    html! {
        (DOCTYPE)
        html lang="en" {
            (head(title))
            body {
                main {
                    h1 { "Coverage" }
                    form method="get" action="/" {
                        input type="search" name="q" placeholder="Search articles" value=(query.map_or("", |q| q.0)) aria-label="Search articles";
                        " " button type="submit" { "Search" }
                        " " a.meta href="/search" { "search with filters (outlet, days, ranking)" }
                        " · " a.meta href="/outlets" { "outlets" }
                    }
                    @if let Some((q, hits)) = query {
                        h2 { "Articles for “" (q) "”" }
                        p.meta { "Ranked " (match mode {
                            parallax_engine::search::Mode::Hybrid => "by their words and their meaning (hybrid search)",
                            parallax_engine::search::Mode::Semantic => "by their meaning",
                            parallax_engine::search::Mode::Lexical => "by their words (no sentence model on this server)",
                        }) "." }
                        @if hits.is_empty() {
                            p.meta { "Nothing found." }
                        }
                        (hit_list(hits))
                    }
                    h2 { "Events" }
                    p.meta {
                        @if events.is_empty() { "No events." } @else {
                            "Events " (offset + 1) "–" (offset + events.len()) " of " (total) ", "
                            @if largest { "largest first" } @else { "in time order" }
                            ". "
                            @if largest { a href="/" { "In time order" } } @else { a href="/?order=largest" { "Largest first" } }
                        }
                    }
                    (timeline(events, |e| format!("/events/{}", e.id)))
                    nav {
                        @let order = if largest { "&order=largest" } else { "" };
                        @if offset > 0 {
                            a href=(format!("/?offset={}{order}", offset.saturating_sub(FRONT_PAGE))) {
                                @if largest { "← larger" } @else { "← earlier page" }
                            }
                            " "
                        }
                        @if offset + events.len() < total {
                            a href=(format!("/?offset={}{order}", offset + FRONT_PAGE)) {
                                @if largest { "smaller →" } @else { "next page →" }
                            }
                        }
                    }
                }
            }
        }
    }
    .into_string()
}

/// A storyline's page in `parallax serve`: its span and its events in
/// time order, each linking to its page.
pub fn storyline_page(line: &parallax_model::Storyline, events: &[EventSummary]) -> String {
    let title = format!("Storyline: {}", line.label);
    served_page(
        &title,
        html! {
            p.meta { (span(line.start, line.end)) " · " (plural(events.len(), "event")) " · " (plural(line.articles, "article")) }
            (svg_timeline(events))
            (timeline(events, |e| format!("/events/{}", e.id)))
        },
    )
}

/// A storyline's events drawn on a time axis (SVG, no script): each event
/// a dot at its first day, its area by its article count, on a row of its
/// own with its label, linking to its page; undated events sit left of the
/// axis.
fn svg_timeline(events: &[EventSummary]) -> Markup {
    const W: f64 = 960.0;
    const LEFT: f64 = 90.0;
    const AXIS: f64 = 470.0;
    const ROW: f64 = 30.0;
    let days: Vec<i32> = events
        .iter()
        .filter_map(|e| e.start.map(|d| d.date.to_julian_day()))
        .collect();
    let (lo, hi) = (
        days.iter().min().copied().unwrap_or(0),
        days.iter().max().copied().unwrap_or(0),
    );
    let x_of = |e: &EventSummary| -> f64 {
        match e.start {
            None => LEFT - 60.0,
            Some(_) if hi == lo => LEFT + (AXIS - LEFT) / 2.0,
            Some(d) => {
                LEFT + (d.date.to_julian_day() - lo) as f64 / (hi - lo) as f64 * (AXIS - LEFT)
            }
        }
    };
    let most = events.iter().map(|e| e.articles).max().unwrap_or(1).max(1) as f64;
    let h = 50.0 + ROW * events.len() as f64;
    let axis_y = h - 22.0;
    let first = events.iter().filter_map(|e| e.start).min();
    let last = events.iter().filter_map(|e| e.start).max();
    html! {
        figure.svg-timeline {
            svg viewBox=(format!("0 0 {W} {h}")) width="100%" role="img"
                aria-label=(format!("Timeline of {}", plural(events.len(), "event"))) {
                line x1=(LEFT) y1=(axis_y) x2=(AXIS) y2=(axis_y) stroke="#2456a6" stroke-width="2" {}
                text x=(LEFT) y=(h - 4.0) font-size="12" fill="#5d6677" { (first.map(|d| d.date_string()).unwrap_or_default()) }
                text x=(AXIS) y=(h - 4.0) font-size="12" fill="#5d6677" text-anchor="end" { (last.map(|d| d.date_string()).unwrap_or_default()) }
                @for (i, e) in events.iter().enumerate() {
                    @let y = 22.0 + ROW * i as f64;
                    @let x = x_of(e);
                    @let r = 4.0 + 8.0 * (e.articles as f64 / most).sqrt();
                    a href=(format!("/events/{}", e.id)) {
                        line x1=(x) y1=(y) x2=(x) y2=(axis_y) stroke="#dfe3ea" stroke-width="1" {}
                        circle.event-dot cx=(x) cy=(y) r=(format!("{r:.1}")) fill="#2456a6" fill-opacity="0.75" {
                            title { (span(e.start, e.end)) ": " (plural(e.articles, "article")) }
                        }
                        text x=(AXIS + 16.0) y=(y + 4.0) font-size="13" fill="#1d2330" {
                            (e.start.map(|d| d.date_string()).unwrap_or_else(|| "undated".into())) " · " (clip(&e.label, 70))
                        }
                    }
                }
            }
        }
    }
}

/// A page of `parallax serve` other than the front page: the way back to
/// it, the title, then `body`.
fn served_page(title: &str, body: Markup) -> String {
    html! {
        (DOCTYPE)
        html lang="en" {
            (head(title))
            body {
                main {
                    nav.back { a href="/" { "← All events, and search" } }
                    h1 { (title) }
                    (body)
                }
            }
        }
    }
    .into_string()
}

/// A quote cluster's page in `parallax serve`: every wording of the
/// statement with the outlet and day that printed it (the words that
/// differ from the first wording marked), then the other statements of
/// its talking point.
pub fn quote_page(
    cluster: u32,
    variants: &[parallax_engine::analyses::QuoteItem],
    related: &[parallax_engine::analyses::QuoteItem],
) -> String {
    let speaker = variants
        .iter()
        .find_map(|v| v.quote.speaker.as_deref())
        .unwrap_or("an unnamed speaker");
    let title = format!("A quote of {speaker}");
    let first: std::collections::HashSet<String> = variants
        .first()
        .map(|v| {
            parallax_text::tokens(&v.quote.text)
                .into_iter()
                .map(|t| t.text.into_string())
                .collect()
        })
        .unwrap_or_default();
    let rows = |items: &[parallax_engine::analyses::QuoteItem], diff: bool| {
        // A statement printed word for word many times: each wording at
        // its first printing, its repeats counted (see `crate::fold`).
        let groups = crate::fold::wordings(items.iter().map(|q| q.quote.text.as_str()));
        html! {
            table.quotes {
                thead { tr { th { "Day" } th { "Outlet" } th { "Speaker, as written" } th { "Wording" } } }
                tbody {
                    @for (head, repeats) in &groups {
                        @let v = &items[*head];
                        tr {
                            td.nowrap { (v.published.map(|d| d.date_string()).unwrap_or_else(|| "(no date)".into())) }
                            td { (v.outlet.as_deref().unwrap_or("-")) }
                            td { (v.quote.speaker_as_written.as_deref().or(v.quote.speaker.as_deref()).unwrap_or("-")) }
                            td {
                                @if v.quote.kind == QuoteKind::Indirect { span.meta { "reported: " } }
                                blockquote {
                                    @if diff { (changed_words(&v.quote.text, &first)) } @else { (v.quote.text) }
                                }
                                @if !diff && v.cluster != cluster {
                                    a.meta href=(format!("/quotes/{}", v.cluster)) { "its statement →" }
                                }
                            }
                        }
                        @if let Some(&last) = repeats.last() {
                            tr.folded {
                                td colspan="4" {
                                    "And " (plural(repeats.len(), "more printing")) " word for word, to "
                                    (items[last].published.map(|d| d.date_string()).unwrap_or_else(|| "(no date)".into()))
                                    ": " (crate::fold::outlets_counted(repeats.iter().map(|&i| items[i].outlet.as_deref().unwrap_or("-"))))
                                }
                            }
                        }
                    }
                }
            }
        }
    };
    served_page(
        &title,
        html! {
            p.meta { "Quote cluster " (cluster) ": " (plural(variants.len(), "printing")) " of one statement, in the order they arrived. Words not in the first wording are marked." }
            (rows(variants, true))
            @if !related.is_empty() {
                h2 { "The same talking point, other statements" }
                p.meta { "Quotes that share a run of five or more words with this one but say something else." }
                (rows(related, false))
            }
        },
    )
}

/// Search hits, best first: each article linking to its page, its outlet,
/// day and event, and its snippet with the query's words marked.
/// A publication date as a page shows it: the day, then the time when
/// one is known ("2017-09-14 17:52"). A time of exactly 00:00 is left
/// out: most sources that know only the day write it so. The JSON keeps
/// the date as stored.
fn shown_date(d: parallax_model::PubDate) -> String {
    let iso = d.to_string();
    match iso.split_once('T') {
        Some((day, "00:00")) => day.to_string(),
        Some((day, time)) => format!("{day} {time}"),
        None => iso,
    }
}

/// [`shown_date`], `~` before an inferred one, "(no date)" for none.
fn shown_date_of(
    published: Option<parallax_model::PubDate>,
    source: Option<parallax_model::DateSource>,
) -> String {
    match (published, source) {
        (Some(d), Some(parallax_model::DateSource::Inferred)) => format!("~{}", shown_date(d)),
        (Some(d), _) => shown_date(d),
        (None, _) => "(no date)".to_string(),
    }
}

fn hit_list(hits: &[parallax_engine::search::Hit]) -> Markup {
    html! {
        ol.hits {
            @for h in hits {
                li {
                    a href=(format!("/articles/{}", h.article)) { (h.title.as_deref().unwrap_or("(no title)")) }
                    " " span.meta {
                        (h.outlet.as_deref().unwrap_or("")) " " (h.published.map(shown_date).unwrap_or_default())
                        @if let Some(e) = h.event { " · " a href=(format!("/events/{e}")) { "its event" } }
                        @if h.copies > 0 { " · " (h.copies) (if h.copies == 1 { " more copy" } else { " more copies" }) " of it found" }
                    }
                    p.snippet { (marked(&h.snippet, &h.highlights)) }
                }
            }
        }
    }
}

/// `text` with the words that `first` lacks in `<mark>`.
fn changed_words(text: &str, first: &std::collections::HashSet<String>) -> Markup {
    let marks: Vec<[usize; 2]> = parallax_text::tokens(text)
        .into_iter()
        .filter(|t| !first.contains(t.text.as_str()))
        .map(|t| [t.range.start, t.range.end])
        .collect();
    marked(text, &marks)
}

/// `text` with the byte ranges `marks` in `<mark>`, escaped.
fn marked(text: &str, marks: &[[usize; 2]]) -> Markup {
    let mut at = 0;
    let mut parts: Vec<(&str, bool)> = Vec::new();
    for &[a, b] in marks {
        if a < at || b > text.len() || !text.is_char_boundary(a) || !text.is_char_boundary(b) {
            continue;
        }
        parts.push((&text[at..a], false));
        parts.push((&text[a..b], true));
        at = b;
    }
    parts.push((&text[at..], false));
    html! {
        @for (t, m) in parts {
            @if m { mark { (t) } } @else { (t) }
        }
    }
}

/// A serde enum's name as a person reads it: `share`, `page header`.
fn word_of<T: serde::Serialize>(v: &T) -> String {
    serde_json::to_value(v)
        .ok()
        .and_then(|v| v.as_str().map(|s| s.replace('_', " ")))
        .unwrap_or_default()
}

/// What a stretch of an article's original text is, on its page.
#[derive(Debug, Clone)]
enum Mark {
    /// Page furniture the extractor removed, of this kind.
    Furniture(String),
    /// A described field: "title", "dateline", "byline", "credit line"...
    Field(&'static str),
    /// A quotation and the speaker it is attributed to.
    Quote(Option<String>),
    /// A figure and what it measures.
    Figure(String),
}

/// An article's page in `parallax serve`: where each field came from, then
/// its original text with the spans shown (furniture struck through,
/// fields labelled, quotes marked with their speaker, figures marked),
/// then its quotes and figures as tables.
pub fn article_page(v: &parallax_engine::analyses::ArticleView) -> String {
    let a = &v.article;
    let title = a.title.clone().unwrap_or_else(|| "(untitled)".into());
    let from = |w: Option<String>| w.unwrap_or_else(|| "-".into());
    // Where a field came from when it has a value, else "-".
    let said = |found: bool, what: &str| from(found.then(|| what.to_string()));
    let agencies_from = if a.agency_feed {
        "an agency's own feed"
    } else {
        "credit lines and datelines"
    };
    let redirected = format!("redirected from {}", a.redirected_from.join(", "));
    let rows: Vec<(&str, String, String)> = vec![
        (
            "Title",
            a.title.clone().unwrap_or_default(),
            from(a.title_source.map(|s| match s {
                TitleSource::Page => "the page's headline or title tags".to_string(),
                s => word_of(&s),
            })),
        ),
        (
            "Outlet",
            a.outlet.clone().unwrap_or_default(),
            from(a.outlet_source.map(|s| match s {
                OutletSource::Page => "the page's site name (og:site_name, JSON-LD)".to_string(),
                OutletSource::Address => "the page's address (it names no site)".to_string(),
                OutletSource::FileName => "the file's name (the text names no outlet)".to_string(),
                s => word_of(&s),
            })),
        ),
        (
            "Published",
            shown_date_of(a.published, a.published_source),
            from(a.published_source.map(|s| match &a.published_evidence {
                Some(e) => format!("{}: “{}”", word_of(&s), clip(e, 120)),
                None => word_of(&s),
            })),
        ),
        (
            "Dateline",
            a.dateline.clone().unwrap_or_default(),
            said(a.spans.dateline.is_some(), "the text"),
        ),
        (
            "Byline",
            a.byline.clone().unwrap_or_default(),
            match (a.spans.byline.is_some(), a.byline.is_some()) {
                (true, _) => "the text".to_string(),
                (false, true) => "the page's author tags or JSON-LD".to_string(),
                (false, false) => "-".to_string(),
            },
        ),
        (
            "Credit lines",
            a.credits.join(" · "),
            said(!a.credits.is_empty(), "the text"),
        ),
        (
            "Agencies",
            a.agencies.join(", "),
            said(a.agency_feed || !a.agencies.is_empty(), agencies_from),
        ),
        (
            "Language",
            a.language.clone().unwrap_or_default(),
            said(a.language.is_some(), "detected from the text"),
        ),
        (
            "Address",
            a.url.clone().unwrap_or_default(),
            said(!a.redirected_from.is_empty(), &redirected),
        ),
        ("Source", a.source.clone(), "where it was read".into()),
    ];
    let facts = &v.facts;
    html! {
        (DOCTYPE)
        html lang="en" {
            (head(&title))
            body {
                main {
                    nav.back { a href="/" { "← All events, and search" } }
                    h1 { (title) }
                    p.meta {
                        (a.outlet.as_deref().unwrap_or("(no outlet)")) " · " (shown_date_of(a.published, a.published_source))
                        @if let Some((e, line)) = v.event {
                            " · " a href=(format!("/events/{e}")) { "its event" }
                            " · " a href=(format!("/storylines/{line}")) { "its storyline" }
                        }
                        @if let Some(o) = &a.outlet {
                            " · " a href=(format!("/outlets/{}", url_path(o))) { "its outlet" }
                        }
                        " · " a href=(format!("/api/v1/articles/{}/raw", a.id)) { "the original bytes" }
                        " · id " code { (a.id) }
                    }
                    h2 { "Where each field came from" }
                    table.fields {
                        thead { tr { th { "Field" } th { "Value" } th { "From" } } }
                        tbody {
                            @for (name, value, source) in &rows {
                                tr {
                                    th scope="row" { (name) }
                                    @if value.is_empty() { td.none { "none found" } } @else { td { (value) } }
                                    td.meta { (source) }
                                }
                            }
                        }
                    }
                    @if !a.provenance.is_empty() {
                        h4 { "Provenance" }
                        ul { @for p in &a.provenance { li { (p) } } }
                    }
                    @if !a.diagnostics.is_empty() {
                        details {
                            summary { "What the extractor noted (" (a.diagnostics.len()) ")" }
                            ul { @for d in &a.diagnostics { li.meta { (format!("{d:?}")) } } }
                        }
                    }
                    h2 { "The text" }
                    p.legend.meta {
                        del.furniture { "page furniture, removed" } " "
                        span.field { "a described field" } " "
                        span.quote { "a quotation" } " "
                        mark.figure { "a figure" }
                    }
                    @match &v.original {
                        Some(text) => (original_with_marks(text, a, facts)),
                        None => {
                            p.meta { "The original cannot be read back here; the main text as extracted:" }
                            div.original { (a.body) }
                        }
                    }
                    @if !facts.quotes.is_empty() {
                        h2 { "Quotes" }
                        table.quotes {
                            thead { tr { th { "Speaker" } th { "Quote" } th { "Kind" } } }
                            tbody {
                                @for q in &facts.quotes {
                                    tr {
                                        td {
                                            (q.speaker.as_deref().unwrap_or("unknown"))
                                            @if let Some(w) = q.speaker_as_written.as_deref().filter(|w| Some(*w) != q.speaker.as_deref()) {
                                                br; span.meta { "as “" (w) "”" }
                                            }
                                        }
                                        td { blockquote { (q.text) } }
                                        td.meta { (q.kind.as_str()) }
                                    }
                                }
                            }
                        }
                    }
                    @if !facts.claims.is_empty() {
                        h2 { "Figures" }
                        table.claims {
                            thead { tr { th { "What" } th { "As written" } th { "Kind" } th { "Period" } } }
                            tbody {
                                @for c in &facts.claims {
                                    tr {
                                        td { (clip(c.measures.as_deref().unwrap_or("-"), 90)) }
                                        td { (c.text) }
                                        td.meta { (c.kind.as_str()) }
                                        td.meta { (c.period.clone().unwrap_or_default()) }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
    .into_string()
}

/// A path segment: `/`, `?`, `#`, `%` and spaces escaped.
pub fn url_path(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~!$&'()*+,;=:@".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// The original text with each marked stretch wrapped: every boundary of
/// a mark cuts the text into pieces, and each piece is wrapped by the
/// marks over it, so marks may nest or overlap.
fn original_with_marks(text: &str, a: &Article, facts: &parallax_model::Facts) -> Markup {
    let s = &a.spans;
    let mut marks: Vec<(std::ops::Range<usize>, Mark)> = Vec::new();
    for f in &a.furniture {
        marks.push((f.span.range(), Mark::Furniture(word_of(&f.kind))));
    }
    let fields: [(Option<&parallax_model::Span>, &'static str); 5] = [
        (s.title.as_ref(), "title"),
        (s.outlet.as_ref(), "outlet"),
        (s.published.as_ref(), "date"),
        (s.dateline.as_ref(), "dateline"),
        (s.byline.as_ref(), "byline"),
    ];
    for (sp, name) in fields {
        if let Some(sp) = sp {
            marks.push((sp.range(), Mark::Field(name)));
        }
    }
    for sp in &s.credits {
        marks.push((sp.range(), Mark::Field("credit line")));
    }
    for sp in &s.provenance {
        marks.push((sp.range(), Mark::Field("provenance")));
    }
    for q in &facts.quotes {
        // Unresolved, the attribution as written says who it was ("a
        // police spokesperson"), which beats no one.
        let who = q.speaker.clone().or_else(|| {
            q.speaker_as_written
                .as_ref()
                .map(|w| format!("{w} (not named)"))
        });
        marks.push((q.span.range(), Mark::Quote(who)));
    }
    for c in &facts.claims {
        marks.push((
            c.span.range(),
            Mark::Figure(c.measures.clone().unwrap_or_else(|| c.kind.as_str().into())),
        ));
    }
    marks.retain(|(r, _)| {
        r.start < r.end
            && r.end <= text.len()
            && text.is_char_boundary(r.start)
            && text.is_char_boundary(r.end)
    });
    let mut cuts: Vec<usize> = vec![0, text.len()];
    for (r, _) in &marks {
        cuts.extend([r.start, r.end]);
    }
    cuts.sort_unstable();
    cuts.dedup();
    // (text, the marks over it, the speakers of the quotes ending there)
    type Piece<'t, 'm> = (&'t str, Vec<&'m Mark>, Vec<Option<String>>);
    let mut pieces: Vec<Piece<'_, '_>> = Vec::new();
    for w in cuts.windows(2) {
        let (from, to) = (w[0], w[1]);
        let over: Vec<&Mark> = marks
            .iter()
            .filter(|(r, _)| r.start <= from && to <= r.end)
            .map(|(_, m)| m)
            .collect();
        // The speakers of the quotes that end here, shown after them.
        let ends: Vec<Option<String>> = marks
            .iter()
            .filter(|(r, _)| r.end == to)
            .filter_map(|(_, m)| match m {
                Mark::Quote(who) => Some(who.clone()),
                _ => None,
            })
            .collect();
        pieces.push((&text[from..to], over, ends));
    }
    html! {
        div.original {
            @for (shown, over, ends) in &pieces {
                (wrap(shown, over))
                @for who in ends {
                    span.chip.speaker { "— " (who.as_deref().unwrap_or("unknown speaker")) }
                }
            }
        }
    }
}

/// `shown` wrapped by each mark over it, furniture outermost.
fn wrap(shown: &str, over: &[&Mark]) -> Markup {
    let mut inner = html! { (shown) };
    let mut ordered: Vec<&&Mark> = over.iter().collect();
    ordered.sort_by_key(|m| match m {
        Mark::Figure(_) => 0,
        Mark::Quote(_) => 1,
        Mark::Field(_) => 2,
        Mark::Furniture(_) => 3,
    });
    for m in ordered {
        inner = match m {
            Mark::Figure(what) => {
                html! { mark.figure title=(format!("figure: {what}")) { (inner) } }
            }
            Mark::Quote(who) => {
                html! { span.quote title=(format!("quote of {}", who.as_deref().unwrap_or("an unknown speaker"))) { (inner) } }
            }
            Mark::Field(name) => html! { span.field title=(name) { (inner) } },
            Mark::Furniture(kind) => {
                html! { del.furniture title=(format!("page furniture: {kind}")) { (inner) } }
            }
        };
    }
    inner
}

/// The search page of `parallax serve`: the form (words, outlet, days,
/// mode), what is wrong with it, and the articles found, each linking to
/// its page and its event's.
pub fn search_page(
    form: &parallax_serve::SearchForm,
    problems: &[String],
    found: Option<(
        parallax_engine::search::Mode,
        &[parallax_engine::search::Hit],
    )>,
) -> String {
    use parallax_engine::search::Mode;
    let modes = [
        ("", "best available"),
        ("hybrid", "hybrid"),
        ("lexical", "words (BM25)"),
        ("semantic", "meaning"),
    ];
    served_page(
        "Search",
        html! {
            form.search method="get" action="/search" role="search" {
                p {
                    label { "Words " input type="search" name="q" value=(form.q) aria-label="Words to search for"; }
                }
                p.filters {
                    label { "Outlet " input type="text" name="outlet" value=(form.outlet) placeholder="any"; } " "
                    label { "From " input type="date" name="since" value=(form.since); } " "
                    label { "Until " input type="date" name="until" value=(form.until); } " "
                    label { "Ranked by "
                        select name="mode" {
                            @for (value, text) in modes {
                                option value=(value) selected[form.mode == value] { (text) }
                            }
                        }
                    }
                    " " button type="submit" { "Search" }
                }
            }
            @for p in problems { p.problem role="alert" { (p) } }
            @if let Some((mode, hits)) = found {
                p.meta {
                    (plural(hits.len(), "article")) ", ranked "
                    (match mode {
                        Mode::Hybrid => "by their words and their meaning (hybrid)",
                        Mode::Semantic => "by their meaning",
                        Mode::Lexical => "by their words",
                    })
                    @if !form.mode.is_empty() && form.mode != mode.to_string() { " (this server has no sentence model)" }
                    "."
                }
                (hit_list(hits))
            }
        },
    )
}

/// The outlets page of `parallax serve`: a page of outlets, most articles
/// first, each linking to its page.
pub fn outlets_page(
    items: &[parallax_engine::outlets::OutletStat],
    total: usize,
    offset: usize,
) -> String {
    served_page(
        "Outlets",
        html! {
            p.meta { "Outlets " ((offset + 1).min(total)) "–" (offset + items.len()) " of " (total) ", most articles first." }
            table.outlets {
                thead { tr { th { "Outlet" } th { "Articles" } th { "Agency copies" } th { "Agencies credited" } th { "Days" } } }
                tbody {
                    @for o in items {
                        tr {
                            td { a href=(format!("/outlets/{}", url_path(&o.name))) { (o.name) } }
                            td { (o.articles) }
                            td { (o.agency_copies) }
                            td { (o.agencies.iter().map(|(n, k)| format!("{n} ({k})")).collect::<Vec<_>>().join(", ")) }
                            td.nowrap { (span(o.first, o.last)) }
                        }
                    }
                }
            }
            nav {
                @if offset > 0 { a href=(format!("/outlets?offset={}", offset.saturating_sub(FRONT_PAGE))) { "← earlier page" } " " }
                @if offset + items.len() < total { a href=(format!("/outlets?offset={}", offset + FRONT_PAGE)) { "next page →" } }
            }
        },
    )
}

/// An outlet's page in `parallax serve`: its counters, how it covered its
/// latest events shared with other outlets (what it adds, what agreed
/// facts it leaves out), and its latest articles.
pub fn outlet_page(v: &parallax_engine::outlets::OutletView) -> String {
    let s = &v.stat;
    served_page(
        &s.name,
        html! {
            p.meta {
                (plural(s.articles as usize, "article")) " · " (span(s.first, s.last))
                " · " (s.agency_copies) " carrying an agency's copy"
                @if !s.agencies.is_empty() { " (" (s.agencies.iter().map(|(n, k)| format!("{n}: {k}")).collect::<Vec<_>>().join(", ")) ")" }
                " · " a href="/outlets" { "all outlets" }
            }
            h2 { "How it covers shared events" }
            @if v.coverage.is_empty() {
                p.meta { "None of its latest events has another outlet." }
            } @else {
                p.meta {
                    "Of its latest " (plural(v.events_compared, "event")) " shared with other outlets, it adds something no other source carries to "
                    (v.events_adding) " and leaves out facts most sources agree on in " (v.events_leaving_out) "."
                }
                table.coverage {
                    thead { tr { th { "Event" } th { "Outlets" } th { "Sentences it adds" } th { "Agreed facts it leaves out" } } }
                    tbody {
                        @for c in &v.coverage {
                            tr {
                                td { a href=(format!("/events/{}", c.event)) { (clip(&c.label, 100)) } }
                                td { (c.outlets) }
                                td { (c.adds) }
                                td { (c.leaves_out) " of " (c.agreed) }
                            }
                        }
                    }
                }
            }
            h2 { "Latest articles" }
            ol.hits {
                @for a in &v.latest {
                    li {
                        a href=(format!("/articles/{}", a.id)) { (a.title.as_deref().unwrap_or("(untitled)")) }
                        " " span.meta { (a.published.map(shown_date).unwrap_or_else(|| "(no date)".into())) }
                    }
                }
            }
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use parallax_model::{DateSource, PubDate};

    #[test]
    fn dates_read_as_a_day_and_a_time_when_one_is_known() {
        let d = |s: &str| PubDate::parse_iso(s).unwrap();
        assert_eq!(shown_date(d("2017-09-14T17:52:03")), "2017-09-14 17:52");
        assert_eq!(shown_date(d("2017-09-14T00:00:00")), "2017-09-14");
        assert_eq!(shown_date(d("2017-09-14")), "2017-09-14");
        assert_eq!(
            shown_date_of(Some(d("2024-04-09T17:32")), Some(DateSource::Inferred)),
            "~2024-04-09 17:32"
        );
        assert_eq!(shown_date_of(None, None), "(no date)");
    }
}
