//! The date a page prints, read from its tree when no structured signal
//! (JSON-LD, a publication meta tag, a marked `<time>`, the URL) gives one.
//!
//! Our own heuristics, in the spirit of htmldate (Barbaresi 2020), whose
//! evaluation sets we score against: where people and templates put a
//! date, most telling first.
//!
//! 1. An element the template marks as holding a date: `class`, `id` or
//!    `itemprop` words such as "date", "time", "published", "posted",
//!    "byline", "meta", "info", or a `<footer>` or `<small>`. The first
//!    whose opening words hold a date that is not announced as an update,
//!    unless a later one prints its date under a publication label
//!    ("Posted:"), which beats an unlabelled one (a masthead's today).
//! 2. The newest date in the text of `<time>` and `<abbr>` elements.
//! 3. The page's `<title>` or headline.
//! 4. An ISO timestamp with a time of day anywhere in the source, which is
//!    what scripts and data attributes write.
//! 5. The newest date printed on a short line of its own or opening a
//!    paragraph.
//! 6. The date written most often in the source.
//!
//! A day the page gives as a modification, or prints on an "Updated" line,
//! is never taken; then, or when no stage finds a date, the first line the
//! page prints that is nothing but a date (or starts with a "Published"
//! label) dates it.
//!
//! Each stage is likelier to be wrong than the one before, and later
//! stages run only when earlier ones find nothing. Everything here reads
//! the one parse of the page ([`Dom`]) and the page's text, with one text
//! buffer reused across elements.

use std::sync::LazyLock;

use regex::Regex;
use time::{Date, Month};

use crate::dates::{find_dates, ymd};
use crate::dom::{Data, Dom, Edge, NodeId};
use crate::maintext::{any_class_word, flow, Flow};
use parallax_model::PubDate;
use parallax_text::{contains_ci, squash_space};

/// A date found by the heuristics and the stage that found it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Guess {
    pub date: PubDate,
    pub evidence: &'static str,
}

/// Elements whose subtrees hold no printed text a reader sees as the
/// page's date: what prints nothing at all (scripts, styles, the head),
/// embedded media, and form controls.
fn is_embedded(name: &str) -> bool {
    flow(name) == Flow::Hidden
        || matches!(
            name,
            "object"
                | "embed"
                | "applet"
                | "iframe"
                | "frame"
                | "frameset"
                | "map"
                | "math"
                | "svg"
                | "canvas"
                | "audio"
                | "video"
                | "picture"
                | "select"
                | "option"
                | "textarea"
                | "label"
        )
}

/// How words in a `class`, `id` or `itemprop` begin when they mark an
/// element as holding the page's date, or the line (byline, meta line,
/// info line) that holds it.
const DATE_MARKS: &[&str] = &[
    "date",
    "datum",
    "fecha",
    "time",
    "publish",
    "posted",
    "submitted",
    "byline",
    "subline",
    "meta",
    "info",
    "footer",
    "parution",
    "publication",
    "author",
    "autor",
    "clock",
    "calendar",
    "created",
];

/// How words begin that mark a date as an update's, never the
/// publication.
const UPDATE_MARKS: &[&str] = &["updat", "modif", "edited", "lastmod"];

/// A stem, and whether it marks an update.
type Stem = (&'static [u8], bool);

/// The stems of both lists by their first letter, each with whether it
/// marks an update: a word is compared with the few that begin like it.
/// This runs for every word of every element while the page's marks are
/// read, and comparing each word with every stem was a tenth of the
/// heuristics' instructions.
static STEMS_BY_LETTER: LazyLock<[Vec<Stem>; 26]> = LazyLock::new(|| {
    let mut table: [Vec<Stem>; 26] = Default::default();
    for (stems, update) in [(DATE_MARKS, false), (UPDATE_MARKS, true)] {
        for stem in stems {
            table[usize::from(stem.as_bytes()[0] - b'a')].push((stem.as_bytes(), update));
        }
    }
    table
});

/// What one class word marks: a date, an update, or neither.
fn word_marks(word: &str) -> Marks {
    let w = word.as_bytes();
    let mut m = Marks::default();
    let Some(letter) = w
        .first()
        .map(|c| usize::from(c.to_ascii_lowercase().wrapping_sub(b'a')))
        .filter(|&i| i < 26)
    else {
        return m;
    };
    for &(stem, update) in &STEMS_BY_LETTER[letter] {
        if w.len() >= stem.len() && w[1..stem.len()].eq_ignore_ascii_case(&stem[1..]) {
            if update {
                m.update = true;
            } else {
                m.date = true;
            }
        }
    }
    m
}

/// What the template says of an element's date: whether its marks name
/// a date (or a line holding one), and whether they name an update.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct Marks {
    date: bool,
    update: bool,
}

/// The marks of `id`: `<footer>` and `<small>` hold dates by their name;
/// a link is never marked itself (a dated link is another article's, while
/// a page's own date link sits inside a marked line); else the words of its
/// `class`, `id` and `itemprop`, each read once.
fn marks_of(dom: &Dom<'_>, id: NodeId) -> Marks {
    let Some(e) = dom.element(id) else {
        return Marks::default();
    };
    let mut m = Marks {
        date: matches!(e.name, "footer" | "small"),
        update: false,
    };
    for (k, v) in e.attrs {
        if !matches!(&**k, "class" | "id" | "itemprop") {
            continue;
        }
        // An update mark settles it: the element is skipped.
        let update = any_class_word(v, |w| {
            let wm = word_marks(w);
            m.date |= wm.date;
            wm.update
        });
        if update {
            m.update = true;
            break;
        }
    }
    m.date &= e.name != "a";
    m
}

/// The opening words of `id`'s printed text: at most `limit` characters,
/// white space squashed, embedded subtrees skipped.
fn opening_text(dom: &Dom<'_>, id: NodeId, limit: usize, out: &mut String) {
    out.clear();
    let mut chars = 0;
    let mut space = false;
    dom.walk(id, |edge| {
        if chars >= limit {
            return false;
        }
        let Edge::Open(n) = edge else { return true };
        match &dom.nodes[n as usize].data {
            Data::Element(e) => {
                if is_embedded(&e.name) {
                    return false;
                }
                // Blocks and line breaks part words.
                space |= flow(&e.name) != Flow::Inline || &*e.name == "br";
                true
            }
            Data::Text(t) => {
                for c in t.chars() {
                    if chars >= limit {
                        break;
                    }
                    if c.is_whitespace() {
                        space = true;
                        continue;
                    }
                    if space && !out.is_empty() {
                        out.push(' ');
                        chars += 1;
                    }
                    space = false;
                    out.push(c);
                    chars += 1;
                }
                true
            }
            Data::Document => true,
        }
    });
}

/// Numeric dates ("03/24/2020", "24-03-2020", "31.10.23", "26 | 01 |
/// 2022"): dotted ones day first, as they are written wherever they are
/// written; slashed and dashed ones in the order the values allow, month
/// first where both do if `month_first`. A two-digit year is this
/// century's.
fn numeric_dates(s: &str, month_first: bool, out: &mut Vec<(usize, Date)>) {
    static RE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?-u:\b)(\d{1,2}) ?([/.|-]) ?(\d{1,2}) ?([/.|-]) ?(\d{4}|\d{2})(?-u:\b)")
            .expect("valid regex")
    });
    for c in RE.captures_iter(s) {
        if c[2] != c[4] {
            continue;
        }
        let (a, b): (u8, u8) = match (c[1].parse(), c[3].parse()) {
            (Ok(a), Ok(b)) => (a, b),
            _ => continue,
        };
        let year: i32 = match c[5].parse::<i32>() {
            Ok(y) if c[5].len() == 2 => 2000 + y,
            Ok(y) => y,
            Err(_) => continue,
        };
        let month_first = month_first && &c[2] != ".";
        let (month, day) = match (a <= 12, b <= 12) {
            (true, true) if month_first => (a, b),
            (true, true) => (b, a),
            (true, false) => (a, b),
            (false, true) => (b, a),
            (false, false) => continue,
        };
        let Ok(month) = Month::try_from(month) else {
            continue;
        };
        if let Ok(d) = Date::from_calendar_date(year, month, day) {
            out.push((c.get(0).map_or(0, |m| m.start()), d));
        }
    }
}

/// Whether the 24 bytes before `at` hold one of `labels` (lower case),
/// ignoring ASCII case: the label a date is printed under.
fn label_before(s: &str, at: usize, labels: &[&str]) -> bool {
    let mut from = at.saturating_sub(24);
    while !s.is_char_boundary(from) {
        from -= 1;
    }
    labels.iter().any(|w| contains_ci(&s[from..at], w))
}

/// Labels that announce an update, never the publication.
const UPDATE_LABELS: &[&str] = &[
    "updat",
    "modif",
    "edited",
    "aktualisiert",
    "actualiz",
    "mis à jour",
];

/// Labels that say a date is the publication's ("Posted:", "Published on",
/// "Veröffentlicht am").
const PUBLICATION_LABELS: &[&str] = &[
    "posted",
    "publi",
    "veröffentlicht",
    "erschienen",
    "geschrieben",
];

/// Dates in a short text, in order, that are not announced as updates.
fn dates_in(s: &str, month_first: bool, out: &mut Vec<(usize, Date)>) {
    out.clear();
    if !s.bytes().any(|b| b.is_ascii_digit()) {
        return;
    }
    out.extend(find_dates(s).iter().map(|f| (f.range.0, f.date.date)));
    numeric_dates(s, month_first, out);
    out.retain(|&(at, d)| plausible(d) && !label_before(s, at, UPDATE_LABELS));
    out.sort_by_key(|&(at, _)| at);
}

/// Years news pages are dated in.
fn plausible(d: Date) -> bool {
    (1995..=2035).contains(&d.year())
}

/// The opening characters of a date element read for a date: enough for a
/// byline and a date ("By Jane Doe and John Roe | March 3, 2020 10:00 AM").
const OPENING: usize = 80;

/// Stage 1: the first date-marked element whose opening words date it.
fn marked_element(dom: &Dom<'_>, month_first: bool) -> Option<Date> {
    let mut text = String::new();
    let mut found = Vec::new();
    let mut first = None;
    let mut labelled = None;
    dom.walk(0, |edge| {
        if labelled.is_some() {
            return false;
        }
        let Edge::Open(n) = edge else { return true };
        let Some(e) = dom.element(n) else {
            return true;
        };
        if is_embedded(e.name) {
            return false;
        }
        let m = marks_of(dom, n);
        if m.update {
            return false;
        }
        if !m.date {
            return true;
        }
        opening_text(dom, n, OPENING, &mut text);
        dates_in(&text, month_first, &mut found);
        if let Some(&(at, d)) = found.first() {
            if label_before(&text, at, PUBLICATION_LABELS) {
                labelled = Some(d);
            }
            first = first.or(Some(d));
            return true;
        }
        for attr in ["title", "datetime", "content"] {
            if let Some(v) = e.attr(attr).filter(|v| v.len() <= OPENING) {
                dates_in(v, month_first, &mut found);
                if let Some(&(_, d)) = found.first() {
                    first = first.or(Some(d));
                    break;
                }
            }
        }
        true
    });
    labelled.or(first)
}

/// Stage 2: the newest date in the text of `<time>` and `<abbr>` elements
/// that are not marked as an update.
fn time_text(dom: &Dom<'_>, month_first: bool) -> Option<Date> {
    let mut text = String::new();
    let mut found = Vec::new();
    let mut newest: Option<Date> = None;
    for id in 0..dom.nodes.len() as NodeId {
        let Some(e) = dom.element(id) else {
            continue;
        };
        if !matches!(e.name, "time" | "abbr") || marks_of(dom, id).update {
            continue;
        }
        opening_text(dom, id, OPENING, &mut text);
        dates_in(&text, month_first, &mut found);
        if found.is_empty() {
            if let Some(v) = e.attr("title") {
                dates_in(v, month_first, &mut found);
            }
        }
        if let Some(&(_, d)) = found.first() {
            newest = newest.max(Some(d));
        }
    }
    newest
}

/// Stage 3: a date in the `<title>` or an `<h1>`.
fn title_date(dom: &Dom<'_>, month_first: bool) -> Option<Date> {
    let mut text = String::new();
    let mut found = Vec::new();
    for id in 0..dom.nodes.len() as NodeId {
        if matches!(dom.name(id), "title" | "h1") {
            opening_text(dom, id, 200, &mut text);
            dates_in(&text, month_first, &mut found);
            if let Some(&(_, d)) = found.first() {
                return Some(d);
            }
        }
    }
    None
}

/// Stage 4: the first ISO timestamp with a time of day in the source.
fn source_timestamp(html: &str) -> Option<Date> {
    static RE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"((?:19|20)\d\d)-(\d\d)-(\d\d)[T ]\d\d:\d\d:\d\d").expect("valid regex")
    });
    RE.captures_iter(html)
        .find_map(|c| ymd(&c[1], &c[2], &c[3]).filter(|&d| plausible(d)))
}

/// Stage 5: the newest date printed as a short line of its own (a text of
/// 7 to 52 characters) or opening a paragraph ("27.1.2022 - Bei der
/// ..."), outside links.
fn newest_line(dom: &Dom<'_>, month_first: bool) -> Option<Date> {
    let mut found = Vec::new();
    let mut newest: Option<Date> = None;
    let mut line = String::new();
    dom.walk(0, |edge| {
        let Edge::Open(n) = edge else { return true };
        match &dom.nodes[n as usize].data {
            Data::Element(e) => !is_embedded(&e.name) && &*e.name != "a",
            Data::Text(t) => {
                if !t.bytes().any(|b| b.is_ascii_digit()) {
                    return true;
                }
                // The opening words, enough to tell a short line.
                line.clear();
                let mut words = t.split_whitespace();
                for w in words.by_ref().take(12) {
                    if !line.is_empty() {
                        line.push(' ');
                    }
                    line.push_str(w);
                }
                let short = words.next().is_none() && (7..52).contains(&line.chars().count());
                dates_in(&line, month_first, &mut found);
                if let Some(&(at, d)) = found.first() {
                    if short || at == 0 {
                        newest = newest.max(Some(d));
                    }
                }
                true
            }
            Data::Document => true,
        }
    });
    newest
}

/// Stage 6: the date written most often in the source, year first with
/// dashes, slashes or dots, the newer of two as frequent.
fn frequent_date(html: &str) -> Option<Date> {
    static RE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?-u:\b)((?:19|20)\d\d)[/.-](\d\d)[/.-](\d\d)(?-u:\b)").expect("valid regex")
    });
    let mut counts: Vec<(Date, usize)> = Vec::new();
    for c in RE.captures_iter(html) {
        let Some(d) = ymd(&c[1], &c[2], &c[3]).filter(|&d| plausible(d)) else {
            continue;
        };
        match counts.iter_mut().find(|(x, _)| *x == d) {
            Some((_, n)) => *n += 1,
            None => counts.push((d, 1)),
        }
    }
    counts
        .into_iter()
        .max_by_key(|&(d, n)| (n, d))
        .map(|(d, _)| d)
}

/// Whether ambiguous numeric dates ("03/04/2020") are read month first:
/// on pages in American English, or in English of no stated country,
/// unless the page writes its dates in words day first ("3 October
/// 2023") more often than month first ("October 3, 2023"), as British,
/// Irish, Indian and Australian pages do whatever their `lang` says.
fn month_first(dom: &Dom<'_>, html: &str) -> bool {
    static DAY_FIRST: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(&format!(
            r"(?-u:\b)\d{{1,2}}(?:st|nd|rd|th)? {WORD_MONTH},? (?:19|20)\d\d(?-u:\b)"
        ))
        .expect("valid regex")
    });
    static MONTH_FIRST: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(&format!(
            r"(?-u:\b){WORD_MONTH}\.? \d{{1,2}}(?:st|nd|rd|th)?, (?:19|20)\d\d(?-u:\b)"
        ))
        .expect("valid regex")
    });
    let lang = dom
        .elements("html")
        .next()
        .and_then(|h| dom.attr(h, "lang").or_else(|| dom.attr(h, "xml:lang")));
    lang.is_none_or(|l| l.eq_ignore_ascii_case("en-us") || l.eq_ignore_ascii_case("en"))
        && DAY_FIRST.find_iter(html).count() <= MONTH_FIRST.find_iter(html).count()
}

/// English month names as pages write them in words.
const WORD_MONTH: &str = "(?:January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)";

/// The dates the page prints on lines of their own: the first line that
/// is nothing but a date (with a weekday, time or "Published" label around
/// it) or starts with such a label, which is how a reader finds the date
/// under a headline, and the days of the lines that announce an update
/// ("Updated March 20, 2020"), which are never the publication date.
#[derive(Debug, Default)]
struct Printed {
    first: Option<PubDate>,
    updated: Vec<Date>,
}

fn printed_dates(dom: &Dom<'_>) -> Printed {
    let mut printed = Printed::default();
    dom.walk(0, |edge| {
        let Edge::Open(id) = edge else { return true };
        let text: &str = match &dom.nodes[id as usize].data {
            // Scripts, styles and the head print nothing.
            Data::Element(e) => return flow(&e.name) != Flow::Hidden,
            Data::Text(t) => t,
            Data::Document => return true,
        };
        if text.len() > 160 || !text.bytes().any(|b| b.is_ascii_digit()) {
            return true;
        }
        let line = squash_space(text);
        if crate::dates::is_updated_line(&line) {
            printed
                .updated
                .extend(find_dates(&line).first().map(|f| f.date.date));
        } else if printed.first.is_none() {
            printed.first = crate::dates::date_only(&line)
                .or_else(|| crate::dates::labelled_date(&line).map(|(f, _)| f))
                .map(|f| f.date);
        }
        true
    });
    printed
}

/// The page's date by the heuristics above: the first stage that finds
/// one, unless that day is one the page gives as a modification
/// (`modified`, from its metadata) or prints as an update; else the first
/// date line the page prints.
pub fn page_date(dom: &Dom<'_>, html: &str, modified: &[Date]) -> Option<Guess> {
    let mf = month_first(dom, html);
    let stages: [(&'static str, &dyn Fn() -> Option<Date>); 6] = [
        ("a date-marked element in the page", &|| {
            marked_element(dom, mf)
        }),
        ("a <time> element's text", &|| time_text(dom, mf)),
        ("the page's title", &|| title_date(dom, mf)),
        ("a timestamp in the page source", &|| source_timestamp(html)),
        ("the newest date line in the page", &|| newest_line(dom, mf)),
        ("the most frequent date in the page source", &|| {
            frequent_date(html)
        }),
    ];
    let printed = printed_dates(dom);
    stages
        .iter()
        .find_map(|(evidence, stage)| stage().map(|date| (date, *evidence)))
        .filter(|(date, _)| !modified.contains(date) && !printed.updated.contains(date))
        .map(|(date, evidence)| Guess {
            date: PubDate::day(date),
            evidence,
        })
        .or_else(|| {
            printed.first.map(|date| Guess {
                date,
                evidence: "a date line in the page",
            })
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn guess(html: &str) -> Option<(String, &'static str)> {
        page_date(&Dom::parse(html), html, &[]).map(|g| (g.date.to_string(), g.evidence))
    }

    #[test]
    fn class_words_mark_dates_and_updates_by_how_they_begin() {
        let date = Marks {
            date: true,
            update: false,
        };
        let update = Marks {
            date: false,
            update: true,
        };
        for w in [
            "Published",
            "dateline",
            "postedOn",
            "Fecha",
            "metadata",
            "clock",
        ] {
            assert_eq!(word_marks(w), date, "{w}");
        }
        for w in ["Updated", "modified", "lastmod", "EDITED"] {
            assert_eq!(word_marks(w), update, "{w}");
        }
        for w in ["", "xyz", "d", "dat", "9date", "über"] {
            assert_eq!(word_marks(w), Marks::default(), "{w}");
        }
        // Every stem is in the table under its first letter.
        for stem in DATE_MARKS.iter().chain(UPDATE_MARKS) {
            assert_ne!(word_marks(stem), Marks::default(), "{stem}");
        }
    }

    fn day(html: &str) -> Option<String> {
        guess(html).map(|(d, _)| d)
    }

    #[test]
    fn the_first_date_marked_element_dates_the_page() {
        let html = r#"<html><body><div class="nav">Home 2019</div>
            <div class="post-meta">By Ana Ruiz | March 3, 2020</div>
            <p>Text.</p><span class="entry-date">April 9, 2021</span></body></html>"#;
        assert_eq!(
            guess(html),
            Some((
                "2020-03-03".to_string(),
                "a date-marked element in the page"
            ))
        );
        // Marks are words, split at humps: `postDate`, `t-ma-info`.
        assert_eq!(
            day(r#"<p class="postDate">Jan. 21, 2015</p>"#).as_deref(),
            Some("2015-01-21")
        );
        assert_eq!(
            day(r#"<div class="t-ma-info">24.01.2022 11:38<br>Kategorie</div>"#).as_deref(),
            Some("2022-01-24")
        );
    }

    #[test]
    fn a_labelled_publication_date_beats_a_masthead_date() {
        // Today's date in the page header comes first, but the byline says
        // when the article was posted.
        let html = r#"<html><body>
            <div class="timestamp">Sunday, July 19, 2020 | Today's Paper</div>
            <h1>Story</h1><div class="byline">by A. Writer, Posted: July 18, 2020 4:01 PM</div>
            </body></html>"#;
        assert_eq!(day(html).as_deref(), Some("2020-07-18"));
    }

    #[test]
    fn updates_and_links_to_other_articles_do_not_date_the_page() {
        let html = r#"<html><body>
            <div class="last-updated">June 2, 2021</div>
            <div class="meta"><span>Updated May 30, 2021</span> Published May 28, 2021</div>
            </body></html>"#;
        assert_eq!(day(html).as_deref(), Some("2021-05-28"));
        // A dated link is another article's: the related list is passed
        // over, the date line under the headline is not.
        let html = r#"<html><body><ul><li><a class="Publication" href="/a">Report of 08. November 2021</a></li></ul>
            <div class="docData"><span>Datum:</span> <span>18.10.2021</span></div></body></html>"#;
        assert_eq!(day(html).as_deref(), Some("2021-10-18"));
    }

    #[test]
    fn numeric_dates_follow_the_pages_language() {
        let us = r#"<html lang="en-US"><body><span class="date">03/04/2020</span></body></html>"#;
        let gb =
            r#"<html xml:lang="en-GB"><body><span class="date">03/04/2020</span></body></html>"#;
        let de = r#"<html lang="de"><body><span class="date">31.10.23</span></body></html>"#;
        assert_eq!(day(us).as_deref(), Some("2020-03-04"));
        assert_eq!(day(gb).as_deref(), Some("2020-04-03"));
        assert_eq!(day(de).as_deref(), Some("2023-10-31"));
        // Values decide where they can: there is no 24th month.
        let any = r#"<html lang="en-US"><body><span class="date">24/03/2020</span></body></html>"#;
        assert_eq!(day(any).as_deref(), Some("2020-03-24"));
    }

    #[test]
    fn later_stages_answer_only_when_earlier_ones_find_nothing() {
        let title = "<html><head><title>Council vote, 12 May 2022</title></head><body><p>No date here.</p></body></html>";
        assert_eq!(
            guess(title),
            Some(("2022-05-12".to_string(), "the page's title"))
        );
        let stamp = r#"<html><body><p>Text.</p><script>var t = "2021-06-07T08:09:10";</script></body></html>"#;
        assert_eq!(
            guess(stamp),
            Some(("2021-06-07".to_string(), "a timestamp in the page source"))
        );
        // The newest short line; a paragraph that opens with a date counts,
        // one that mentions a date in passing does not.
        let lines = r#"<html><body><div>12 March 2021</div><p>27.1.2022 - At the memorial, speakers said</p>
            <p>The law of 5 May 2023 was passed after a long and bitter debate in the chamber.</p></body></html>"#;
        assert_eq!(
            guess(lines),
            Some(("2022-01-27".to_string(), "the newest date line in the page"))
        );
        let source = r#"<html><body><p>Text.</p><img src="/img/2020/05/01/a.jpg"><img src="/img/2020/05/01/b.jpg"><img src="/img/2019/01/02/c.jpg"></body></html>"#;
        assert_eq!(
            guess(source),
            Some((
                "2020-05-01".to_string(),
                "the most frequent date in the page source"
            ))
        );
        assert_eq!(guess("<html><body><p>Nothing.</p></body></html>"), None);
    }
}
