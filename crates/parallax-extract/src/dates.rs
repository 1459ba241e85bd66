//! Finding calendar dates in news text.
//!
//! Hand-written rather than taken from a date-parsing crate: the question is
//! not "parse this string as a date" but "which stretches of this line are
//! dates, and is the line nothing but a date", with the exact byte range of
//! each, across the formats news pages print ("22 Mar 2023 10:29",
//! "17:32, 09-Apr-2024", "Tuesday, April 9, 2024", "2022-04-20"), and
//! day-first dates with month names in German, French, Spanish, Italian,
//! Portuguese and Dutch ("25. Januar 2022", "3 de marzo de 2021").

use std::ops::Range;
use std::sync::LazyLock;

use parallax_model::PubDate;
use regex::{Captures, Regex};
use time::{Date, Month, Weekday};

/// A date found in text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Found {
    pub range: (usize, usize),
    pub date: PubDate,
}

impl Found {
    pub fn range(&self) -> Range<usize> {
        self.range.0..self.range.1
    }
}

/// Month names in the other languages news is often read in (German,
/// French, Spanish, Italian, Portuguese, Dutch), written day first: "25.
/// Januar 2022", "3 de marzo de 2021", "12 août 2020".
const FOREIGN_MONTHS: &[(&str, u8)] = &[
    ("januar", 1),
    ("jänner", 1),
    ("janvier", 1),
    ("enero", 1),
    ("gennaio", 1),
    ("janeiro", 1),
    ("januari", 1),
    ("februar", 2),
    ("février", 2),
    ("fevrier", 2),
    ("febrero", 2),
    ("febbraio", 2),
    ("fevereiro", 2),
    ("februari", 2),
    ("märz", 3),
    ("mars", 3),
    ("marzo", 3),
    ("março", 3),
    ("maart", 3),
    ("april", 4),
    ("avril", 4),
    ("abril", 4),
    ("aprile", 4),
    ("mai", 5),
    ("mayo", 5),
    ("maggio", 5),
    ("maio", 5),
    ("mei", 5),
    ("juni", 6),
    ("juin", 6),
    ("junio", 6),
    ("giugno", 6),
    ("junho", 6),
    ("juli", 7),
    ("juillet", 7),
    ("julio", 7),
    ("luglio", 7),
    ("julho", 7),
    ("august", 8),
    ("août", 8),
    ("aout", 8),
    ("agosto", 8),
    ("augustus", 8),
    ("september", 9),
    ("septembre", 9),
    ("septiembre", 9),
    ("setiembre", 9),
    ("settembre", 9),
    ("setembro", 9),
    ("oktober", 10),
    ("octobre", 10),
    ("octubre", 10),
    ("ottobre", 10),
    ("outubro", 10),
    ("november", 11),
    ("novembre", 11),
    ("noviembre", 11),
    ("novembro", 11),
    ("dezember", 12),
    ("décembre", 12),
    ("decembre", 12),
    ("diciembre", 12),
    ("dicembre", 12),
    ("dezembro", 12),
    ("december", 12),
];

fn foreign_month(name: &str) -> Option<Month> {
    let name = name.to_lowercase();
    let (_, m) = FOREIGN_MONTHS.iter().find(|(n, _)| *n == name)?;
    Month::try_from(*m).ok()
}

/// English month names, in any case: mastheads and date lines print them
/// in capitals ("OCTOBER 13, 2025") as often as not.
const MONTH: &str = r"(?i:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)";
const TIME: &str =
    r"(?:(?P<h>[01]?\d|2[0-3])[:.](?P<mi>[0-5]\d)(?::[0-5]\d)?(?:\s*(?P<ampm>[AaPp]\.?[Mm]\.?))?)";

static DATE_RE: LazyLock<Regex> = LazyLock::new(|| {
    let weekday = r"(?i:(?:Mon|Tues?|Wed(?:nes)?|Thu(?:rs)?|Fri|Sat(?:ur)?|Sun)(?:day)?\.?,?\s+)?";
    let t = |n: &str| {
        TIME.replace("?P<h>", &format!("?P<h{n}>"))
            .replace("?P<mi>", &format!("?P<mi{n}>"))
            .replace("?P<ampm>", &format!("?P<ampm{n}>"))
    };
    let pattern = format!(
        r"(?x)
        (?: {pre}[,\s]\s* )?
        (?:
            (?-u:\b)(?P<iy>\d{{4}})-(?P<im>\d{{2}})-(?P<id>\d{{2}})(?:[T\s](?P<ih>[01]\d|2[0-3]):(?P<imi>[0-5]\d)(?::[0-5]\d(?:\.\d+)?)?(?:Z|[+-]\d{{2}}:?\d{{2}})?)?
          | (?-u:\b)(?P<sy>\d{{4}})/(?P<sm>\d{{1,2}})/(?P<sd>\d{{1,2}})(?-u:\b)
          | (?-u:\b){weekday}(?P<dd>\d{{1,2}})(?:st|nd|rd|th|\.)?[\s-](?P<dm>{month})\.?,?[\s-](?P<dy>\d{{4}})(?-u:\b)
          | (?-u:\b){weekday}(?P<mm>{month})\.?\s+(?P<md>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<my>\d{{4}})(?-u:\b)
          | (?-u:\b)(?P<ed>\d{{1,2}})\.(?P<em>\d{{1,2}})\.(?P<ey>\d{{4}})(?-u:\b)
          | (?-u:\b)(?P<fd>\d{{1,2}})(?:\.|º|er)?\s+(?:de\s+)?(?P<fm>(?i:{foreign}))\.?,?\s+(?:de\s+)?(?P<fy>\d{{4}})(?-u:\b)
        )
        (?: (?:,|\s+at|\s*\|)?\s+ {post} )?",
        pre = t("1"),
        post = t("2"),
        weekday = weekday,
        month = MONTH,
        foreign = {
            let mut names: Vec<&str> = FOREIGN_MONTHS.iter().map(|(n, _)| *n).collect();
            names.sort_by_key(|n| std::cmp::Reverse(n.len()));
            names.join("|")
        },
    );
    Regex::new(&pattern).expect("date regex")
});

/// The date of a year, month and day written in digits.
pub(crate) fn ymd(year: &str, month: &str, day: &str) -> Option<Date> {
    Date::from_calendar_date(
        year.parse().ok()?,
        Month::try_from(month.parse::<u8>().ok()?).ok()?,
        day.parse().ok()?,
    )
    .ok()
}

/// An English month name or its three-letter abbreviation.
pub(crate) fn month_of(name: &str) -> Option<Month> {
    let n = name.get(..3)?.to_ascii_lowercase();
    Some(match n.as_str() {
        "jan" => Month::January,
        "feb" => Month::February,
        "mar" => Month::March,
        "apr" => Month::April,
        "may" => Month::May,
        "jun" => Month::June,
        "jul" => Month::July,
        "aug" => Month::August,
        "sep" => Month::September,
        "oct" => Month::October,
        "nov" => Month::November,
        "dec" => Month::December,
        _ => return None,
    })
}

fn num<T: std::str::FromStr>(c: &Captures<'_>, name: &str) -> Option<T> {
    c.name(name)?.as_str().parse().ok()
}

fn time_of(c: &Captures<'_>, n: &str) -> Option<(u8, u8)> {
    let mut h: u8 = num(c, &format!("h{n}"))?;
    let m: u8 = num(c, &format!("mi{n}"))?;
    if let Some(ap) = c.name(&format!("ampm{n}")) {
        let pm = ap.as_str().to_ascii_lowercase().starts_with('p');
        if h == 0 || h > 12 {
            return None;
        }
        h = match (pm, h) {
            (true, 12) => 12,
            (true, h) => h + 12,
            (false, 12) => 0,
            (false, h) => h,
        };
    }
    Some((h, m))
}

fn date_of(c: &Captures<'_>) -> Option<(Date, Option<(u8, u8)>)> {
    let named =
        |y: &str, m: Month, d: &str| Date::from_calendar_date(num(c, y)?, m, num(c, d)?).ok();
    if c.name("iy").is_some() {
        let date = ymd(&c["iy"], &c["im"], &c["id"])?;
        let t = match (num::<u8>(c, "ih"), num::<u8>(c, "imi")) {
            (Some(h), Some(m)) => Some((h, m)),
            _ => None,
        };
        return Some((date, t));
    }
    let date = if c.name("sy").is_some() {
        ymd(&c["sy"], &c["sm"], &c["sd"])?
    } else if c.name("dd").is_some() {
        named("dy", month_of(&c["dm"])?, "dd")?
    } else if c.name("fd").is_some() {
        named("fy", foreign_month(&c["fm"])?, "fd")?
    } else if c.name("mm").is_some() {
        named("my", month_of(&c["mm"])?, "md")?
    } else if c.name("ed").is_some() {
        // Dotted dates are day-first wherever they are printed.
        ymd(&c["ey"], &c["em"], &c["ed"])?
    } else {
        return None;
    };
    Some((date, None))
}

/// Every full date (with a year) in `s`, in order, with any time of day
/// printed right before or after it.
pub fn find_dates(s: &str) -> Vec<Found> {
    let mut out = Vec::new();
    for c in DATE_RE.captures_iter(s) {
        let Some((date, t)) = date_of(&c) else {
            continue;
        };
        if !(1900..=2100).contains(&date.year()) {
            continue;
        }
        let time = t.or_else(|| time_of(&c, "2")).or_else(|| time_of(&c, "1"));
        let m = c.get(0).expect("whole match");
        out.push(Found {
            range: (m.start(), m.end()),
            date: PubDate { date, time },
        });
    }
    out
}

static DATE_ONLY_REST: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?ix)^[\s,|/·•\-–—:()\[\]]*
        (?:(?:published|posted|date[d]?|first\ published|on|at|
            mon|tue|wed|thu|fri|sat|sun|
            monday|tuesday|wednesday|thursday|friday|saturday|sunday|
            lunes|martes|miércoles|miercoles|jueves|viernes|sábado|sabado|domingo|
            lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|le|
            montag|dienstag|mittwoch|donnerstag|freitag|samstag|sonntag|am|
            lunedì|martedì|mercoledì|giovedì|venerdì|sabato|
            segunda-feira|terça-feira|quarta-feira|quinta-feira|sexta-feira|
            maandag|dinsdag|woensdag|donderdag|vrijdag|zaterdag|zondag|
            el|de|del|il|du|
            ist|gmt|utc|bst|cet|cest|est|edt|pst|pdt|msk|et|pt|hkt|cst|jst|
            \+\d{2}:?\d{2}|[+-]\d{4}|updated?|last\ updated?|modified)
        [\s,|/·•\-–—:()\[\]]*)*$",
    )
    .expect("date-only regex")
});

/// If `line` is nothing but a date (with time, zone, weekday or a
/// "Published" label around it), that date.
pub fn date_only(line: &str) -> Option<Found> {
    let found = find_dates(line);
    let first = *found.first()?;
    let mut rest = String::with_capacity(line.len());
    let mut pos = 0;
    for f in &found {
        rest.push_str(&line[pos..f.range.0]);
        rest.push(' ');
        pos = f.range.1;
    }
    rest.push_str(&line[pos..]);
    DATE_ONLY_REST.is_match(&rest).then_some(first)
}

static UPDATED_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^[\s•·\-–|]*(?:last\s+)?(?:updated?|modified|edited|last\s+changed)(?-u:\b)")
        .expect("updated regex")
});

/// Whether a line announces an update or modification time, which is never
/// the publication date.
pub fn is_updated_line(line: &str) -> bool {
    UPDATED_RE.is_match(line) && !find_dates(line).is_empty()
}

static LABELLED_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:date[d]?|published(?:\s+on)?|posted(?:\s+on)?|first\s+published(?:\s+on)?|publication\s+date)\s*[:\-–]?\s*")
        .expect("labelled date regex")
});

/// A line that starts with a date label ("date 2022-04-20 ...",
/// "Published: April 9, 2024 ..."): the date, and the byte offset where the
/// text after the date begins.
pub fn labelled_date(line: &str) -> Option<(Found, usize)> {
    let label = LABELLED_RE.find(line)?;
    let found = *find_dates(&line[label.end()..]).first()?;
    if found.range.0 != 0 {
        return None;
    }
    let end = label.end() + found.range.1;
    let start = label.start();
    let rest = line[end..].trim_start_matches(|c: char| {
        c.is_whitespace() || matches!(c, '|' | '-' | '–' | '—' | ',')
    });
    let rest_at = line.len() - rest.len();
    Some((
        Found {
            range: (start, end),
            date: found.date,
        },
        rest_at,
    ))
}

static WEEKDAY_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?-u:\b)(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)(?-u:\b)")
        .expect("weekday regex")
});

/// Weekday names mentioned in `s`, with their ranges.
pub fn weekdays(s: &str) -> Vec<(Weekday, (usize, usize))> {
    WEEKDAY_RE
        .find_iter(s)
        .filter_map(|m| {
            let w = match m.as_str() {
                "Monday" => Weekday::Monday,
                "Tuesday" => Weekday::Tuesday,
                "Wednesday" => Weekday::Wednesday,
                "Thursday" => Weekday::Thursday,
                "Friday" => Weekday::Friday,
                "Saturday" => Weekday::Saturday,
                "Sunday" => Weekday::Sunday,
                _ => return None,
            };
            Some((w, (m.start(), m.end())))
        })
        .collect()
}

/// The first day on or after `anchor` that falls on `weekday`.
pub fn next_weekday(anchor: Date, weekday: Weekday) -> Date {
    let mut d = anchor;
    while d.weekday() != weekday {
        d = d.next_day().unwrap_or(d);
    }
    d
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(s: &str, expected: &[&str]) {
        let got: Vec<String> = find_dates(s).iter().map(|f| f.date.to_string()).collect();
        assert_eq!(got, expected, "in {s:?}");
    }

    #[test]
    fn day_first_dates_in_other_languages() {
        check(
            "Veröffentlicht am 25. Januar 2022, 14:45",
            &["2022-01-25T14:45"],
        );
        check("Mis à jour le 12 août 2020", &["2020-08-12"]);
        check("1er mars 2021", &["2021-03-01"]);
        check("Publicado el 3 de marzo de 2021", &["2021-03-03"]);
        check("Pubblicato il 7 ottobre 2020", &["2020-10-07"]);
        check("Atualizado em 9 de Dezembro de 2019", &["2019-12-09"]);
        check("Gepubliceerd op 2 maart 2023", &["2023-03-02"]);
        check("3. Märzen 2021", &[]);
        check("31 febrero 2021", &[]);
    }

    #[test]
    fn formats_news_pages_print() {
        check("22 Mar 2023 10:29", &["2023-03-22T10:29"]);
        check("17:32, 09-Apr-2024", &["2024-04-09T17:32"]);
        check("Last Update July 1, 2024 6:17 PM", &["2024-07-01T18:17"]);
        check("on December 2, 2021. (Photo)", &["2021-12-02"]);
        check("date 2022-04-20 text", &["2022-04-20"]);
        check("2023-03-22T10:29:00+03:00", &["2023-03-22T10:29"]);
        check(
            "Tuesday, April 9th, 2024 | 12:05 IST",
            &["2024-04-09T12:05"],
        );
        check("Sept. 4, 2019 and 5.11.2020", &["2019-09-04", "2020-11-05"]);
        check("2019/12/31", &["2019-12-31"]);
    }

    #[test]
    fn not_dates() {
        check(
            "in 2014 and 30 per cent, March 22 without year, 38.2 billion",
            &[],
        );
        check("Feb 30, 2023", &[]);
    }

    #[test]
    fn date_only_lines() {
        assert!(date_only("22 Mar 2023 10:29").is_some());
        assert!(date_only("Published: Tuesday, April 9, 2024 12:05 IST").is_some());
        assert!(date_only("• November 18, 2024").is_some());
        assert!(date_only("The minister spoke on December 2, 2021.").is_none());
        // Weekdays and the little words around a date in other languages.
        assert!(date_only("/ martes 17 de marzo de 2020").is_some());
        assert!(date_only("Le mardi 3 mars 2020").is_some());
        assert!(date_only("Montag, 25. Januar 2022").is_some());
        assert!(date_only("El presidente habló el 17 de marzo de 2020").is_none());
    }

    #[test]
    fn labelled_date_splits_header_from_text() {
        let line = "date 2022-04-20 Officials said on Monday that";
        let (f, rest) = labelled_date(line).unwrap();
        assert_eq!(f.date.to_string(), "2022-04-20");
        assert_eq!(&line[rest..], "Officials said on Monday that");
        assert!(labelled_date("Dated talk about 2022-04-20").is_none());
    }

    #[test]
    fn updated_lines() {
        assert!(is_updated_line("Last Update July 1, 2024"));
        assert!(is_updated_line("Updated: 3 May 2020"));
        assert!(!is_updated_line("Update on the talks in Geneva"));
    }
}
