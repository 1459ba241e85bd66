//! Numeric claims: money, percentages, durations, measures and counts, with
//! their hedges ("nearly", "more than"), what they measure and the period.
//!
//! Numbers are found by one regular expression for the figure and a
//! hand-written reader for what follows it (scale, currency, unit, counted
//! noun), because the reading depends on neighbours a regex cannot weigh:
//! a four-digit number is a year unless a unit follows, "m" is million
//! after a currency and metres otherwise.

use std::ops::Range;
use std::sync::LazyLock;

use parallax_model::ClaimKind;
use regex::Regex;

/// A claim before its span is mapped to the original text.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Found {
    pub range: Range<usize>,
    pub kind: ClaimKind,
    pub value: f64,
    pub value_to: Option<f64>,
    pub unit: Option<String>,
    pub hedge: Option<&'static str>,
    pub measures: Option<String>,
    pub period: Option<String>,
}

static FIGURE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?x)
        (?P<cur>(?-u:\b)(?:US|HK|NZ|A)\x20\$|(?-u:\b)Y=|\$US|US\$|U\.S\.\$|HK\$|A\$|\$A|C\$|S\$|NZ\$|R\$|\$|€|£|¥|₹|₽|(?-u:\b)(?:USD|EUR|GBP|CNY|RMB|JPY|INR|RUB|AUD|CAD|CHF|HKD|Rs\.?|RM|Rp)[\t\n\x20]?)?
        (?P<num>[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?|[0-9]+(?:\.[0-9]+)?|\.[0-9]+)
        (?:[eE][+-]?[0-9]{1,3})?
        (?:(?P<att>bn|mn|tn|m|b|k|K|M|B|p|C|F|st|nd|rd|th)(?-u:\b)|(?P<glued>[A-Za-z]{2,5})(?-u:\b)|(?-u:\b))
        (?P<pct>[\t\n\x20]?%)?",
    )
    .expect("figure regex")
});

/// How far before its first digit a [`FIGURE`] can start: the longest
/// currency written before a number ("U.S.$", "USD "), and a point
/// (".5"), with room to spare.
const FIGURE_LEAD: usize = 8;

/// The matches of [`FIGURE`] in `text`, the ones `captures_iter` gives,
/// found sooner. A figure holds a digit and starts at most
/// [`FIGURE_LEAD`] bytes before its first one, so the search starts near
/// the next digit and never reads the digit-free text between figures
/// (most of a text). On `parallax bench analyze` (one core) the regex
/// engine's forward scan fell from 9.8% to 7.5% of the samples; the
/// stage as a whole gained 1%, as each figure's captures still cost
/// what they did.
fn figures(text: &str) -> impl Iterator<Item = regex::Captures<'_>> {
    let mut at = 0;
    std::iter::from_fn(move || {
        let digit = at
            + text
                .as_bytes()
                .get(at..)?
                .iter()
                .position(u8::is_ascii_digit)?;
        let mut from = digit.saturating_sub(FIGURE_LEAD).max(at);
        while !text.is_char_boundary(from) {
            from += 1;
        }
        let m = FIGURE.captures_at(text, from)?;
        at = m.get(0).map_or(text.len(), |g| g.end());
        Some(m)
    })
}

static WORD_NUMBER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)(?-u:\b)(?P<w>one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|a hundred|a thousand|a dozen|half a dozen|a million|a billion)(?-u:\b)(?:[[\t\n\x20]-](?P<w2>one|two|three|four|five|six|seven|eight|nine)(?-u:\b))?",
    )
    .expect("word number regex")
});

/// Shares of a whole: "two-thirds of the villages", "half the condos",
/// "a quarter of", "one in five households", "one out of three Germans",
/// "3/4 of the members", and a digit fraction with its unit ("1/2 inch"),
/// its slash a solidus or the fraction slash (U+2044: "3⁄4 cup").
static FRACTION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?ix)(?-u:\b)(?:
          (?P<n>a|one|two|three|four|five|six|seven|nine)[\t\x20-]+(?P<d>half|thirds?|quarters?|fifths?|sixths?|eighths?|tenths?)
         |(?P<half>half)
         |(?P<on>one|[0-9]{1,2})[\t\x20]+(?:in|out[\t\x20]+of)[\t\x20]+(?P<od>two|three|four|five|six|seven|eight|nine|ten|[0-9]{1,3})
         |(?P<dn>[0-9]{1,2})[/\u{2044}](?P<dd>[0-9]{1,2})
        )(?-u:\b)",
    )
    .expect("fraction regex")
});

static PERIOD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?ix)(?-u:\b)(?:in|during|for|over|of|since)[\t\n\x20]+(?:the[\t\n\x20]+)?
        (?P<p>(?:first|second|third|fourth|last|past|final|latest)[\t\n\x20]+(?:quarter|half|three[\t\n\x20]+months|six[\t\n\x20]+months|nine[\t\n\x20]+months|month|week|year)(?:[\t\n\x20]+of[\t\n\x20]+(?:this[\t\n\x20]+year|last[\t\n\x20]+year|(?:fiscal[\t\n\x20]+)?[0-9]{4}))?
          |(?:fiscal[\t\n\x20]+)?(?:19|20)[0-9]{2}
          |this[\t\n\x20]+year|last[\t\n\x20]+year
          |(?:january|february|march|april|may|june|july|august|september|october|november|december)(?:[\t\n\x20]+(?:19|20)[0-9]{2})?)(?-u:\b)",
    )
    .expect("period regex")
});

/// The hedge written just before the figure at `at` ("nearly", "more
/// than"), normalised, and where the claim then starts.
fn hedge_before(text: &str, at: usize) -> (usize, Option<&'static str>) {
    let window = tail(&text[..at], 40);
    let window_start = at - window.len();
    // ASCII lowercasing keeps byte offsets.
    let lower = window.to_ascii_lowercase();
    let lb = lower.trim_end();
    for (h, norm) in HEDGES {
        if let Some(rest) = lb.strip_suffix(h) {
            if rest
                .chars()
                .next_back()
                .is_none_or(|c| !c.is_alphanumeric())
            {
                return (window_start + rest.len(), Some(*norm));
            }
        }
    }
    (at, None)
}

/// The first `n` bytes of `s` (fewer, to end on a character boundary).
fn window(s: &str, n: usize) -> &str {
    let mut e = n.min(s.len());
    while !s.is_char_boundary(e) {
        e -= 1;
    }
    &s[..e]
}

/// The last `n` bytes of `s` (fewer, to start on a character boundary).
fn tail(s: &str, n: usize) -> &str {
    let mut b = s.len().saturating_sub(n);
    while !s.is_char_boundary(b) {
        b += 1;
    }
    &s[b..]
}

/// A number written in words ("seven", "a dozen"), its value; also
/// what ends no one's name (`entities`: "Formula One").
pub(crate) fn word_value(w: &str) -> Option<f64> {
    Some(match w.to_lowercase().as_str() {
        "one" => 1.0,
        "two" => 2.0,
        "three" => 3.0,
        "four" => 4.0,
        "five" => 5.0,
        "six" | "half a dozen" => 6.0,
        "seven" => 7.0,
        "eight" => 8.0,
        "nine" => 9.0,
        "ten" => 10.0,
        "eleven" => 11.0,
        "twelve" | "a dozen" => 12.0,
        "thirteen" => 13.0,
        "fourteen" => 14.0,
        "fifteen" => 15.0,
        "sixteen" => 16.0,
        "seventeen" => 17.0,
        "eighteen" => 18.0,
        "nineteen" => 19.0,
        "twenty" => 20.0,
        "thirty" => 30.0,
        "forty" => 40.0,
        "fifty" => 50.0,
        "sixty" => 60.0,
        "seventy" => 70.0,
        "eighty" => 80.0,
        "ninety" => 90.0,
        "a hundred" => 100.0,
        "a thousand" => 1e3,
        "a million" => 1e6,
        "a billion" => 1e9,
        _ => return None,
    })
}

fn scale_word(w: &str) -> Option<f64> {
    Some(match w {
        "hundred" => 1e2,
        "thousand" | "k" => 1e3,
        "lakh" | "lakhs" => 1e5,
        "million" | "millions" | "mn" | "mln" | "m" => 1e6,
        "crore" | "crores" => 1e7,
        "billion" | "billions" | "bn" | "bln" | "b" => 1e9,
        "trillion" | "tn" | "trn" => 1e12,
        _ => return None,
    })
}

/// The scale words that start `rest` ("billion", "hundred million",
/// "hundred thousand"): the first word, the factor and the bytes read.
fn scale_words(rest: &str) -> Option<(&str, f64, usize)> {
    let (w, n) = next_word(rest)?;
    let s = scale_word(&w.to_lowercase())?;
    // A hundred or a thousand of a larger scale: "4 hundred million".
    let larger = (s < 1e6)
        .then(|| next_word(&rest[n..]))
        .flatten()
        .and_then(|(w2, n2)| {
            scale_word(&w2.to_lowercase())
                .filter(|&s2| s2 > s && w2.len() > 1)
                .map(|s2| (s2, n2))
        });
    Some(match larger {
        Some((s2, n2)) => (w, s * s2, n + n2),
        None => (w, s, n),
    })
}

/// Whether the bare number at `at` is part of a name: written right after
/// a capitalised word inside its sentence ("Game 2", "iPhone 11", "S&P
/// 500", "Section 427"), not a figure about anything. A sentence's first
/// word is capitalised whatever it is ("About 20 ..."), unless it is
/// written like a name inside too ("S&P", "iPhone"); and a weekday or a
/// month before a number is a date's or a time's business.
fn is_name_number(text: &str, at: usize, sentence_start: usize) -> bool {
    let Some(before) = text[..at].strip_suffix(' ') else {
        return false;
    };
    // An apostrophe inside a name ("Chang’e 4", "O'Hare 2") is part of it;
    // a possessive ("Britain's 2 ...") is no name of the number.
    let word_start = before
        .rfind(|c: char| !(c.is_alphanumeric() || matches!(c, '&' | '\'' | '’')))
        .map_or(0, |i| {
            i + before[i..].chars().next().map_or(1, char::len_utf8)
        });
    let word = before[word_start..].trim_start_matches(['\'', '’']);
    if word.ends_with("'s") || word.ends_with("’s") {
        return false;
    }
    // "S&P 500 rose", "iPhone 11 sales" begin sentences too.
    let named = word.contains('&') || word.chars().skip(1).any(char::is_uppercase);
    (word_start > sentence_start || named)
        && word.chars().any(char::is_uppercase)
        && word.chars().any(char::is_alphabetic)
        && !crate::lexicon::is_month(&word.to_lowercase())
        && !crate::lexicon::is_weekday(&word.to_ascii_lowercase())
}

/// A unit written onto its number ("256GB", "5.5kWh", "2.4GHz"), by its
/// lowercased letters (two or more: [`FIGURE`] leaves one letter, "5G",
/// "4x", "3D", too ambiguous to read).
fn glued_unit(lower: &str) -> Option<(&'static str, ClaimKind)> {
    use ClaimKind::{Duration, Measure};
    if let Some((_, u)) = MEASURES.iter().find(|(w, _)| *w == lower) {
        return Some((u, Measure));
    }
    Some(match lower {
        "bhp" => ("brake horsepower", Measure),
        // "61.4MPa": only ever a pressure when written onto the number.
        "gpa" => ("gigapascal", Measure),
        "mpa" => ("megapascal", Measure),
        "kpa" => ("kilopascal", Measure),
        "khz" => ("kilohertz", Measure),
        "kb" => ("kilobyte", Measure),
        "mah" => ("milliampere hour", Measure),
        "mg" => ("milligram", Measure),
        "ml" => ("millilitre", Measure),
        "oz" => ("ounce", Measure),
        "cc" => ("cubic centimetre", Measure),
        "kmh" => ("kilometre per hour", Measure),
        "hrs" | "hr" => ("hour", Duration),
        "mins" => ("minute", Duration),
        "secs" => ("second", Duration),
        "yrs" => ("year", Duration),
        _ => return None,
    })
}

fn currency_code(prefix: &str) -> Option<&'static str> {
    // "US $473 million", "HK $3.7 billion": the same with a space.
    let prefix = prefix.trim().trim_end_matches('.').replace(' ', "");
    Some(match prefix.as_str() {
        "$" | "US$" | "$US" | "U.S.$" | "USD" => "USD",
        "HK$" | "HKD" => "HKD",
        "A$" | "$A" | "AUD" => "AUD",
        "C$" | "CAD" => "CAD",
        "S$" => "SGD",
        "NZ$" => "NZD",
        "R$" => "BRL",
        "€" | "EUR" => "EUR",
        "£" | "GBP" => "GBP",
        "¥" | "JPY" => "JPY",
        "CNY" | "RMB" => "CNY",
        "₹" | "INR" | "Rs" => "INR",
        "₽" | "RUB" => "RUB",
        "CHF" => "CHF",
        "RM" => "MYR",
        "Rp" => "IDR",
        // Wire copy's plain-text yen: "Y=28,030", "Y=100 million".
        "Y=" => "JPY",
        _ => return None,
    })
}

/// Whether a bare number is a year of an era, whatever its size: after
/// "A.D." or "AD" ("A.D. 1000", "AD 79"), or before "B.C.", "BC", "BCE",
/// "CE" or "A.D." ("500 BC", "1260 A.D."). `before` and `after` are the
/// text either side of it.
fn era_year(before: &str, after: &str) -> bool {
    let prev = before.trim_end();
    let prev = prev.rsplit(char::is_whitespace).next().unwrap_or("");
    let next = after
        .trim_start()
        .split(|c: char| c.is_whitespace() || c == ',' || c == ')')
        .next()
        .unwrap_or("");
    let next = next
        .strip_suffix('.')
        .filter(|n| !n.contains('.'))
        .unwrap_or(next);
    matches!(prev, "A.D." | "AD")
        || matches!(
            next,
            "B.C." | "B.C" | "BC" | "BCE" | "CE" | "A.D." | "A.D" | "AD"
        )
}

/// An age written after its number in digits ("34-year-old", "18
/// month-old", "6 weeks old"): its unit and the bytes it takes of `lower`
/// (the text after the number, lower-cased, its white space and hyphens
/// skipped).
fn age_after(lower: &str) -> Option<(&'static str, usize)> {
    [
        ("year", "year of age"),
        ("month", "month of age"),
        ("week", "week of age"),
        ("day", "day of age"),
    ]
    .into_iter()
    .find_map(|(span, unit)| {
        let rest = lower.strip_prefix(span)?;
        // "17-year-olds" are people of that age too; "years older" is a
        // difference of ages, no age.
        let n = ["-olds", "-old", "s old", "s-old"]
            .into_iter()
            .find(|end| {
                rest.starts_with(end) && !rest[end.len()..].starts_with(char::is_alphanumeric)
            })?
            .len();
        Some((unit, span.len() + n))
    })
}

/// ISO codes written after an amount ("110 JPY to 1 USD", "50 EUR"), in
/// capitals only: "won", "try" and "php" in lower case are words.
#[rustfmt::skip]
const CODES_AFTER: &[&str] = &[
    "AED", "ARS", "AUD", "BRL", "CAD", "CHF", "CNY", "CZK", "DKK", "EGP", "EUR", "GBP", "HKD",
    "HUF", "IDR", "ILS", "INR", "JPY", "KRW", "MXN", "MYR", "NGN", "NOK", "NZD", "PHP", "PKR",
    "PLN", "RMB", "RUB", "SAR", "SEK", "SGD", "THB", "TRY", "TWD", "UAH", "USD", "ZAR",
];

/// A currency written after its amount, by symbol or code ("1,200€",
/// "1.2 £", "110 JPY", "108.79 JPY="): its code and the bytes it takes
/// (`rest` is the text after the amount, white space included).
fn currency_after(rest: &str) -> Option<(&'static str, usize)> {
    let lead = rest.len() - rest.trim_start_matches([' ', '\u{a0}']).len();
    let r = &rest[lead..];
    for (sign, code) in [('€', "EUR"), ('£', "GBP")] {
        if r.starts_with(sign) {
            return Some((code, lead + sign.len_utf8()));
        }
    }
    // A space, then a whole word of capitals.
    if lead == 0 {
        return None;
    }
    let n = r
        .find(|c: char| !c.is_ascii_alphabetic())
        .unwrap_or(r.len());
    let word = &r[..n];
    let code = CODES_AFTER.iter().find(|c| **c == word)?;
    Some((if *code == "RMB" { "CNY" } else { code }, lead + n))
}

/// Units of pressure written with a capital ("61.4 MPa", "113 GPa"): in
/// lower case "gpa" is a grade point average.
const PRESSURES: &[(&str, &str)] = &[
    ("GPa", "gigapascal"),
    ("MPa", "megapascal"),
    ("kPa", "kilopascal"),
];

/// A unit written with its exact case after an amount, past one space
/// ("61.4 MPa"), or the prime marks of feet and inches right on it
/// ("25.5″", "30′"): the unit and the bytes it takes.
/// (`after_feet`: the number follows a foot mark, "6'7″", and its mark is
/// the inches of one length, not a length of its own.)
fn cased_unit_after(rest: &str, after_feet: bool) -> Option<(&'static str, usize)> {
    for (mark, unit) in [('″', "inch"), ('′', "foot")] {
        // ("2022′s": a prime typed for an apostrophe.)
        if let Some(after) = rest.strip_prefix(mark) {
            if !after_feet && !after.starts_with(char::is_alphanumeric) {
                return Some((unit, mark.len_utf8()));
            }
        }
    }
    let r = rest.strip_prefix(' ').unwrap_or(rest);
    let lead = rest.len() - r.len();
    PRESSURES.iter().find_map(|(w, u)| {
        let ok = r.starts_with(w) && !r[w.len()..].starts_with(|c: char| c.is_alphanumeric());
        ok.then_some((*u, lead + w.len()))
    })
}

/// Currency words after a number: "4.5 billion US dollars".
const CURRENCY_WORDS: &[(&str, &str)] = &[
    // A country's currency named with its adjective, before the bare
    // names below ("8.99 Australian dollars", "7.5 million Danish
    // crowns").
    ("australian dollars", "AUD"),
    ("australian dollar", "AUD"),
    ("new zealand dollars", "NZD"),
    ("new zealand dollar", "NZD"),
    ("canadian dollars", "CAD"),
    ("canadian dollar", "CAD"),
    ("hong kong dollars", "HKD"),
    ("hong kong dollar", "HKD"),
    ("singapore dollars", "SGD"),
    ("singaporean dollars", "SGD"),
    ("new taiwan dollars", "TWD"),
    ("taiwan dollars", "TWD"),
    ("danish crowns", "DKK"),
    ("danish kroner", "DKK"),
    ("danish krone", "DKK"),
    ("swedish crowns", "SEK"),
    ("swedish kronor", "SEK"),
    ("swedish krona", "SEK"),
    ("norwegian crowns", "NOK"),
    ("norwegian kroner", "NOK"),
    ("norwegian krone", "NOK"),
    ("czech crowns", "CZK"),
    ("czech korunas", "CZK"),
    ("swiss francs", "CHF"),
    ("south african rand", "ZAR"),
    ("japanese yen", "JPY"),
    ("chinese yuan", "CNY"),
    ("indian rupees", "INR"),
    ("pakistani rupees", "PKR"),
    ("mexican pesos", "MXN"),
    ("philippine pesos", "PHP"),
    ("argentine pesos", "ARS"),
    ("brazilian reais", "BRL"),
    ("reais", "BRL"),
    ("turkish lira", "TRY"),
    ("russian roubles", "RUB"),
    ("russian rubles", "RUB"),
    ("british pounds", "GBP"),
    ("egyptian pounds", "EGP"),
    ("israeli shekels", "ILS"),
    ("saudi riyals", "SAR"),
    ("malaysian ringgit", "MYR"),
    ("indonesian rupiah", "IDR"),
    ("rupiah", "IDR"),
    ("thai baht", "THB"),
    ("baht", "THB"),
    ("polish zlotys", "PLN"),
    ("polish zloty", "PLN"),
    ("zlotys", "PLN"),
    ("zloty", "PLN"),
    ("hungarian forints", "HUF"),
    ("forints", "HUF"),
    ("ukrainian hryvnias", "UAH"),
    ("hryvnias", "UAH"),
    ("hryvnia", "UAH"),
    ("u.s. dollars", "USD"),
    ("us dollars", "USD"),
    ("american dollars", "USD"),
    ("dollars", "USD"),
    ("dollar", "USD"),
    ("euros", "EUR"),
    ("euro", "EUR"),
    ("pounds sterling", "GBP"),
    ("pounds", "GBP"),
    ("yuan", "CNY"),
    ("renminbi", "CNY"),
    ("rupees", "INR"),
    ("rupee", "INR"),
    ("yen", "JPY"),
    ("roubles", "RUB"),
    ("rubles", "RUB"),
    ("won", "KRW"),
    ("shekels", "ILS"),
    ("ringgit", "MYR"),
    ("pesos", "MXN"),
    ("francs", "CHF"),
    ("lira", "TRY"),
    ("rand", "ZAR"),
    ("naira", "NGN"),
    ("dirhams", "AED"),
    ("riyals", "SAR"),
    ("cents", "cent"),
];

const DURATIONS: &[(&str, &str)] = &[
    ("years", "year"),
    ("year", "year"),
    ("yrs", "year"),
    ("months", "month"),
    ("month", "month"),
    ("weeks", "week"),
    ("week", "week"),
    ("days", "day"),
    ("day", "day"),
    ("hours", "hour"),
    ("hour", "hour"),
    ("hrs", "hour"),
    ("minutes", "minute"),
    ("minute", "minute"),
    ("mins", "minute"),
    ("min", "minute"),
    ("seconds", "second"),
    ("second", "second"),
    ("decades", "decade"),
    ("decade", "decade"),
    ("centuries", "century"),
    ("century", "century"),
];

const MEASURES: &[(&str, &str)] = &[
    ("percentage points", "percentage point"),
    ("percentage point", "percentage point"),
    ("cubic metres", "cubic metre"),
    ("cubic meters", "cubic metre"),
    ("cubic feet", "cubic foot"),
    ("square feet", "square foot"),
    ("square foot", "square foot"),
    ("sq ft", "square foot"),
    ("square metres", "square metre"),
    ("square meters", "square metre"),
    ("sq m", "square metre"),
    ("square miles", "square mile"),
    ("square kilometres", "square kilometre"),
    ("square kilometers", "square kilometre"),
    ("miles per hour", "mile per hour"),
    ("kilometres per hour", "kilometre per hour"),
    ("km/h", "kilometre per hour"),
    ("kph", "kilometre per hour"),
    ("mph", "mile per hour"),
    ("mpg", "mile per gallon"),
    ("barrels per day", "barrel per day"),
    ("kilometres", "kilometre"),
    ("kilometers", "kilometre"),
    ("kilometre", "kilometre"),
    ("kilometer", "kilometre"),
    ("km", "kilometre"),
    ("miles", "mile"),
    ("mile", "mile"),
    ("metres", "metre"),
    ("meters", "metre"),
    ("metre", "metre"),
    ("meter", "metre"),
    ("centimetres", "centimetre"),
    ("centimeters", "centimetre"),
    ("cm", "centimetre"),
    ("nanometres", "nanometre"),
    ("nanometers", "nanometre"),
    ("nanometre", "nanometre"),
    ("nanometer", "nanometre"),
    ("millimetres", "millimetre"),
    ("millimeters", "millimetre"),
    ("mm", "millimetre"),
    ("feet", "foot"),
    ("foot", "foot"),
    ("ft", "foot"),
    ("inches", "inch"),
    ("inch", "inch"),
    ("yards", "yard"),
    ("yard", "yard"),
    ("acres", "acre"),
    ("acre", "acre"),
    ("hectares", "hectare"),
    ("hectare", "hectare"),
    ("kilograms", "kilogram"),
    ("kilogram", "kilogram"),
    ("kg", "kilogram"),
    ("grams", "gram"),
    ("gram", "gram"),
    ("tonnes", "tonne"),
    ("tonne", "tonne"),
    ("tons", "ton"),
    ("ton", "ton"),
    ("lbs", "pound-mass"),
    ("lb", "pound-mass"),
    ("litres", "litre"),
    ("liters", "litre"),
    ("litre", "litre"),
    ("liter", "litre"),
    ("gallons", "gallon"),
    ("gallon", "gallon"),
    ("barrels", "barrel"),
    ("barrel", "barrel"),
    ("megawatt hours", "megawatt hour"),
    ("megawatts", "megawatt"),
    ("megawatt", "megawatt"),
    ("mw", "megawatt"),
    ("mwh", "megawatt hour"),
    ("gigawatt hours", "gigawatt hour"),
    ("gigawatts", "gigawatt"),
    ("gigawatt", "gigawatt"),
    ("gw", "gigawatt"),
    ("gwh", "gigawatt hour"),
    ("kilowatt hours", "kilowatt hour"),
    ("kilowatts", "kilowatt"),
    ("kilowatt", "kilowatt"),
    ("kw", "kilowatt"),
    ("kwh", "kilowatt hour"),
    ("watts", "watt"),
    ("w", "watt"),
    ("volts", "volt"),
    ("volt", "volt"),
    ("horsepower", "horsepower"),
    ("hp", "horsepower"),
    ("rpm", "revolutions per minute"),
    ("gigabytes", "gigabyte"),
    ("gb", "gigabyte"),
    ("terabytes", "terabyte"),
    ("tb", "terabyte"),
    ("megabytes", "megabyte"),
    ("mb", "megabyte"),
    ("ghz", "gigahertz"),
    ("mhz", "megahertz"),
    ("hz", "hertz"),
    ("degrees celsius", "celsius"),
    ("degrees centigrade", "celsius"),
    ("degrees fahrenheit", "fahrenheit"),
    ("degrees c", "celsius"),
    ("degrees f", "fahrenheit"),
    ("°c", "celsius"),
    ("°f", "fahrenheit"),
    ("degrees", "degree"),
    ("degree", "degree"),
    ("basis points", "basis point"),
    ("basis point", "basis point"),
    ("°c", "celsius"),
    ("°f", "fahrenheit"),
    ("celsius", "celsius"),
    ("fahrenheit", "fahrenheit"),
    ("points", "point"),
    ("point", "point"),
    ("pts", "point"),
    ("parts per million", "parts-per-million"),
    ("ppm", "parts-per-million"),
    ("ppb", "parts-per-billion"),
    ("psi", "pound per square inch"),
    ("ksi", "kilopound per square inch"),
];

/// Whether a sentence speaks of temperature: one of its words is a
/// weather or heat word ("temperatures", "heatwave", "degrees", "minus",
/// "freezing").
fn speaks_of_temperature(sentence: &str) -> bool {
    #[rustfmt::skip]
    const WORDS: &[&str] = &[
        "celsius", "cold", "degrees", "fahrenheit", "freezing", "heat", "heatwave", "hot",
        "minus", "temperature", "temperatures", "thermometer", "warm", "weather",
    ];
    sentence
        .split(|c: char| !c.is_alphabetic())
        .any(|w| WORDS.iter().any(|t| w.eq_ignore_ascii_case(t)))
}

/// The analyzer's sentence holding byte `at` of a text `len` bytes long
/// (the whole text when none does).
fn sentence_of(sents: &[std::ops::Range<usize>], at: usize, len: usize) -> std::ops::Range<usize> {
    sents
        .get(sents.partition_point(|s| s.end <= at))
        .filter(|s| s.start <= at)
        .cloned()
        .unwrap_or(0..len)
}

/// Things counted in millions that are never measured in metres: after
/// "3m" they make it 3 million ("3m people", "2m barrels"), where "a 5m
/// wall", "the 100m final" and "5m waves" stay lengths.
#[rustfmt::skip]
const MILLIONS_OF: &[&str] = &[
    "barrels", "children", "copies", "customers", "devices", "doses", "homes", "households",
    "jobs", "passengers", "people", "residents", "shares", "subscribers", "tonnes", "tons",
    "users", "vehicles", "viewers", "visitors", "voters", "workers",
];

/// Adjectives that may stand between a number written out and the thing
/// it counts: "eight other employees", "three straight wins".
const COUNT_ADJECTIVES: &[&str] = &[
    "other",
    "more",
    "different",
    "separate",
    "straight",
    "consecutive",
    "new",
    "additional",
    "further",
    "extra",
    "former",
    "senior",
    "young",
];

/// Words after a number that are not the thing counted.
const NOT_COUNTED: &[&str] = &[
    "a", "after", "against", "ahead", "ago", "all", "also", "an", "and", "are", "as", "at", "be",
    "before", "between", "billion", "but", "by", "during", "each", "even", "for", "from", "had",
    "has", "have", "in", "into", "is", "it", "its", "just", "last", "less", "more", "next", "of",
    "on", "only", "or", "other", "over", "per", "since", "still", "than", "that", "the", "their",
    "this", "to", "under", "until", "up", "was", "were", "which", "while", "who", "will", "with",
    "would",
];

const HEDGES: &[(&str, &str)] = &[
    ("close to", "approximately"),
    ("nearly", "approximately"),
    ("almost", "approximately"),
    ("about", "approximately"),
    ("around", "approximately"),
    ("approximately", "approximately"),
    ("roughly", "approximately"),
    ("some", "approximately"),
    ("an estimated", "approximately"),
    ("estimated", "approximately"),
    ("approx.", "approximately"),
    ("more than", "more than"),
    ("over", "more than"),
    ("above", "more than"),
    ("upwards of", "more than"),
    ("in excess of", "more than"),
    ("at least", "at least"),
    ("no fewer than", "at least"),
    ("no less than", "at least"),
    ("less than", "less than"),
    ("fewer than", "less than"),
    ("under", "less than"),
    ("below", "less than"),
    ("up to", "up to"),
    ("as many as", "up to"),
    ("as much as", "up to"),
];

const CHANGE_NOUNS: &[&str] = &[
    "boost",
    "climb",
    "cut",
    "decline",
    "decrease",
    "drop",
    "fall",
    "gain",
    "growth",
    "hike",
    "increase",
    "jump",
    "loss",
    "reduction",
    "rise",
    "share",
    "slump",
    "stake",
    "surge",
];

/// Verbs that move a figure of what follows them: "cut its key rate from
/// 4.5%", "raised the forecast to 3%".
const MOVE_VERBS: &[&str] = &[
    "cut",
    "cuts",
    "raised",
    "raises",
    "lowered",
    "lowers",
    "reduced",
    "reduces",
    "increased",
    "increases",
    "boosted",
    "trimmed",
    "slashed",
    "lifted",
    "hiked",
    "revised",
    "kept",
    "held",
    "pushed",
    "brought",
];

const LINK_VERBS: &[&str] = &[
    "amounted",
    "climbed",
    "cost",
    "costs",
    "dropped",
    "fell",
    "grew",
    "hit",
    "increased",
    "is",
    "jumped",
    "reached",
    "rose",
    "stands",
    "stood",
    "surged",
    "totaled",
    "totalled",
    "was",
    "were",
    "worth",
    "valued",
    "declined",
    "decreased",
    "are",
];

fn lookup<'a>(table: &'a [(&'a str, &'a str)], rest: &str) -> Option<(&'a str, usize)> {
    // Asked at every figure of every text: the window is lowercased on
    // the stack, and an entry is compared only when its first byte is
    // the window's.
    parallax_text::with_lowercase(window(rest, 40), |lower| {
        let first = lower.as_bytes().first();
        table.iter().find_map(|(w, v)| {
            let ok = w.as_bytes().first() == first
                && lower.starts_with(w)
                && lower[w.len()..]
                    .chars()
                    .next()
                    .is_none_or(|c| !c.is_alphanumeric());
            ok.then_some((*v, w.len()))
        })
    })
}

/// The next word of `rest` after white space: (word, offset past it).
fn next_word(rest: &str) -> Option<(&str, usize)> {
    let lead = rest.len() - rest.trim_start().len();
    let r = &rest[lead..];
    let n = r
        .char_indices()
        .find(|(_, c)| !(c.is_alphanumeric() || *c == '\'' || *c == '-'))
        .map_or(r.len(), |(i, _)| i);
    (n > 0).then(|| (&r[..n], lead + n))
}

fn singular(w: &str) -> String {
    let l = w.to_lowercase();
    if l.ends_with("ies") && l.len() > 4 {
        format!("{}y", &l[..l.len() - 3])
    } else if l.ends_with("sses")
        || l.ends_with("ches")
        || l.ends_with("shes")
        || l.ends_with("xes")
    {
        l[..l.len() - 2].to_string()
    } else if l.ends_with('s') && !l.ends_with("ss") && !l.ends_with("us") && l.len() > 3 {
        l[..l.len() - 1].to_string()
    } else {
        l
    }
}

/// The figures of `text`. `year` (the article's) turns "this year" in a
/// period into a year.
#[cfg(test)]
pub(crate) fn find_claims(text: &str, year: Option<i32>) -> Vec<Found> {
    find_claims_in(text, &crate::sentences(text), year)
}

/// The claims of `text`, whose sentences (paragraph by paragraph, as the
/// analyzer's [`crate::doc::Doc`] has them) are `sents`: a figure's
/// period and what it measures are read within its own sentence.
pub(crate) fn find_claims_in(
    text: &str,
    sents: &[std::ops::Range<usize>],
    year: Option<i32>,
) -> Vec<Found> {
    let mut out: Vec<Found> = fractions(text);
    let shares = out.len();
    let mut last_period: Option<(std::ops::Range<usize>, Option<String>)> = None;
    for m in figures(text) {
        let all = m.get(0).map_or(0..0, |g| g.range());
        // Read already: a share ("1 in 4", "3/4 of"), or the exponent of
        // a figure in scientific notation ("3×10^8").
        if out[..shares]
            .iter()
            .chain(out.last())
            .any(|f| f.range.start < all.end && all.start < f.range.end)
        {
            continue;
        }
        let num = m.name("num").map_or(0..0, |g| g.range());
        let before = &text[..all.start];
        let prev_char = before.chars().next_back();
        // "minus 387", "minus-5 yards": a negative figure, where it starts.
        let minus_at = before
            .strip_suffix(['-', ' '])
            .filter(|b| {
                b.len() >= 5
                    && b.is_char_boundary(b.len() - 5)
                    && b[b.len() - 5..].eq_ignore_ascii_case("minus")
                    && !b[..b.len() - 5]
                        .chars()
                        .next_back()
                        .is_some_and(char::is_alphanumeric)
            })
            .map(|b| b.len() - 5);
        // A sign before the figure (or before its currency): "-0.3%",
        // "−1.2%", "-$50.8bn", "$-50.8bn", "-20 degrees". Not after a
        // letter, digit or another dash ("F-16", "7-9", "--"): those are
        // codes, ranges and punctuation; nor in "+/-3" or "+-3", a margin
        // either way.
        let signed = before.strip_suffix(['-', '\u{2212}']).filter(|rest| {
            !rest.chars().next_back().is_some_and(|c| {
                c.is_alphanumeric() || matches!(c, '-' | '\u{2212}' | '.' | ',' | '/' | '+')
            })
        });
        let (sign_at, cur_before_sign) = match signed {
            Some(rest) => match rest.strip_suffix(['$', '€', '£', '¥']) {
                // "$-50.8bn": the sign is the figure's, the currency before it.
                Some(r) if m.name("cur").is_none() => {
                    (Some(r.len()), currency_code(&rest[r.len()..]))
                }
                _ => (Some(rest.len()), None),
            },
            None => (None, None),
        };
        // "sub-7 nanometer", "the sub-500 sq m market": under the figure.
        let sub_at = before
            .strip_suffix('-')
            .and_then(|b| b.len().checked_sub(3).map(|k| (b, k)))
            .filter(|(b, k)| {
                b.is_char_boundary(*k)
                    && b[*k..].eq_ignore_ascii_case("sub")
                    && !b[..*k]
                        .chars()
                        .next_back()
                        .is_some_and(char::is_alphanumeric)
            })
            .map(|(_, k)| k);
        // Part of a word or code: "G20", "COVID-19", "MH370", "F-16".
        if minus_at.is_none()
            && sub_at.is_none()
            && (prev_char.is_some_and(|c| c.is_alphabetic() || c == '_')
                || matches!(prev_char, Some('-' | '\u{2013}'))
                    && before[..before.len() - prev_char.map_or(0, char::len_utf8)]
                        .chars()
                        .next_back()
                        .is_some_and(char::is_alphanumeric)
                || prev_char == Some(':')
                || matches!(prev_char, Some('/' | '\u{2044}')) && m.name("cur").is_none())
        {
            continue;
        }
        let after_all = &text[all.end..];
        if after_all.starts_with(':') && after_all[1..].starts_with(|c: char| c.is_ascii_digit()) {
            continue; // a time: 10:29
        }
        // "9/11", "24/7", "3/4/2021": a number before a slash and digits
        // is a date's, a name's or a share's (read above), no figure.
        if after_all
            .strip_prefix(['/', '\u{2044}'])
            .is_some_and(|a| a.starts_with(|c: char| c.is_ascii_digit()))
        {
            continue;
        }
        let Ok(mut value) = text[num.clone()].replace(',', "").parse::<f64>() else {
            continue;
        };
        let raw_num = &text[num.clone()];
        let mut end = all.end;
        // Scientific notation: "1.5e6", "2.998×10^8", "3 x 10−8".
        if let Some((exp, n)) = exponent(&text[num.end..]) {
            value *= 10f64.powi(exp);
            end = num.end + n;
        }
        let mut unit: Option<String> = None;
        let mut kind = ClaimKind::Number;
        let currency = m
            .name("cur")
            .and_then(|c| currency_code(c.as_str()))
            .or(cur_before_sign);
        if let Some(c) = currency {
            unit = Some(c.to_string());
            kind = ClaimKind::Money;
        }
        if let Some(att) = m.name("att") {
            match att.as_str() {
                "st" | "nd" | "rd" | "th" => {
                    // "75th anniversary": an ordinal with its noun.
                    let Some((w, n)) = next_word(&text[end..]) else {
                        continue;
                    };
                    let l = w.to_lowercase();
                    if matches!(
                        l.as_str(),
                        "anniversary"
                            | "birthday"
                            | "edition"
                            | "session"
                            | "congress"
                            | "summit"
                            | "round"
                            | "term"
                    ) {
                        out.push(Found {
                            range: all.start..end + n,
                            kind: ClaimKind::Ordinal,
                            value,
                            value_to: None,
                            unit: Some(l),
                            hedge: None,
                            measures: None,
                            period: None,
                        });
                    }
                    continue;
                }
                // "40C", "minus 40F": a temperature where its sentence
                // speaks of one; elsewhere one letter says too little
                // ("5F" a floor, "3C" a grade), no figure.
                letter @ ("C" | "F") => {
                    let sent = sentence_of(sents, all.start, text.len());
                    if currency.is_some() || !speaks_of_temperature(&text[sent]) {
                        continue;
                    }
                    unit = Some(
                        if letter == "C" {
                            "celsius"
                        } else {
                            "fahrenheit"
                        }
                        .into(),
                    );
                    kind = ClaimKind::Measure;
                }
                // "164p", "118.5p": a share price in pence; "1080p",
                // "720p" are a screen's lines, no figure.
                "p" => {
                    if currency.is_some()
                        || [480.0, 576.0, 720.0, 1080.0, 1440.0, 2160.0, 4320.0].contains(&value)
                    {
                        continue;
                    }
                    unit = Some("pence".into());
                    kind = ClaimKind::Money;
                }
                a => {
                    let l = a.to_lowercase();
                    // "100m" is a distance; "4.3M" is 4.3 million.
                    // "35m pesos", "35m of its devices", "3m people":
                    // millions, as before a currency or of a thing
                    // counted.
                    let rest = &text[end..];
                    let millions = next_word(rest).is_some_and(|(w, _)| {
                        w == "of" || MILLIONS_OF.contains(&w.to_lowercase().as_str())
                    }) || lookup(CURRENCY_WORDS, rest.trim_start()).is_some();
                    if a == "m" && currency.is_none() && !millions {
                        unit = Some("metre".into());
                        kind = ClaimKind::Measure;
                    } else if let Some(s) = scale_word(&l) {
                        value *= s;
                    }
                }
            }
        }
        // Letters written onto the number: a unit ("256GB", "10kW",
        // "60mph"), a scale ("1.5trn"), or else part of a code or a time
        // ("5G" never matches; "1.05am", "737MAX"): no figure.
        if let Some(g) = m.name("glued") {
            let l = g.as_str().to_ascii_lowercase();
            if let Some(s) = scale_word(&l) {
                value *= s;
            } else if l == "pc" || l == "pct" {
                unit = Some("%".into());
                kind = ClaimKind::Percent;
            } else if let Some((u, k)) = glued_unit(&l) {
                unit = Some(u.to_string());
                kind = k;
            } else {
                continue;
            }
        }
        if m.name("pct").is_some() {
            unit = Some("%".into());
            kind = ClaimKind::Percent;
        }
        // Scale words: "4.5 billion".
        if kind != ClaimKind::Percent {
            if let Some((w, s, n)) = scale_words(&text[end..]) {
                if !(w.len() == 1 && currency.is_none()) {
                    value *= s;
                    end += n;
                }
            }
        }
        // A code after a sign says which currency the sign is: "$55 CAD",
        // "$300 USD", "€50 EUR".
        if currency.is_some() {
            if let Some((code, n)) = currency_after(&text[end..]) {
                let sign = m.name("cur").map_or("", |c| c.as_str().trim());
                if sign == "$" || Some(code) == currency {
                    unit = Some(code.to_string());
                    end += n;
                }
            }
        }
        // Dates: "March 22", "22 Mar 2023", "December 2, 2021".
        let prev_word = before
            .trim_end()
            .rsplit(|c: char| !c.is_alphanumeric())
            .next()
            .unwrap_or("");
        // "Aug. 14": an abbreviated month keeps its full stop ("May." ends
        // a sentence).
        let prev_word = match prev_word {
            "" => before
                .trim_end()
                .strip_suffix('.')
                .and_then(|b| b.rsplit(|c: char| !c.is_alphanumeric()).next())
                .filter(|w| w.len() >= 3 && w.len() <= 4 && !w.eq_ignore_ascii_case("may"))
                .unwrap_or(""),
            w => w,
        };
        let next = next_word(text[end..].trim_start_matches('-'))
            .map(|(w, _)| w.split('-').next().unwrap_or("").to_lowercase());
        let is_month = |w: &str| crate::lexicon::is_month(&w.to_lowercase());
        if kind == ClaimKind::Number
            && (is_month(prev_word) || next.as_deref().is_some_and(is_month))
        {
            continue;
        }
        // A range: "7-9", "$750,000 to $1 million" handled below as two
        // figures; "2-2" scores are not claims.
        let mut value_to = None;
        if let Some(rest) = text[end..].strip_prefix(['-', '–']) {
            // The dash's own width: an en dash is three bytes.
            let dash = text[end..].len() - rest.len();
            let digits: String = rest
                .chars()
                .take_while(|c| c.is_ascii_digit() || *c == '.' || *c == ',')
                .collect();
            if !digits.is_empty() {
                if kind == ClaimKind::Number {
                    // A score or a code, unless a unit follows.
                    let tail = &rest[digits.len()..];
                    if next_word(tail)
                        .is_none_or(|(w, _)| NOT_COUNTED.contains(&w.to_lowercase().as_str()))
                    {
                        continue;
                    }
                }
                if let Ok(v) = digits
                    .trim_end_matches(['.', ','])
                    .replace(',', "")
                    .parse::<f64>()
                {
                    value_to = Some(v);
                    end += dash + digits.trim_end_matches(['.', ',']).len();
                }
            }
        }
        // What follows: percent words, currencies, durations, measures, the
        // thing counted.
        if kind == ClaimKind::Number || kind == ClaimKind::Money && unit.is_none() {
            let rest = &text[end..];
            let lead = rest.len() - rest.trim_start_matches([' ', '-']).len();
            let r = &rest[lead..];
            let lower = window(r, 40).to_lowercase();
            if let Some(n) = ["per cent", "percent", "pc", "pct"].iter().find_map(|w| {
                (lower.starts_with(w)
                    && lower[w.len()..]
                        .chars()
                        .next()
                        .is_none_or(|c| !c.is_alphanumeric()))
                .then_some(w.len())
            }) {
                unit = Some("%".into());
                kind = ClaimKind::Percent;
                end += lead + n;
            } else if let Some((code, n)) = lookup(CURRENCY_WORDS, r) {
                unit = Some(code.to_string());
                kind = ClaimKind::Money;
                end += lead + n;
            } else if let Some((code, n)) = currency_after(rest) {
                unit = Some(code.to_string());
                kind = ClaimKind::Money;
                end += n;
            } else if let Some((u, n)) = cased_unit_after(rest, before.ends_with(['\'', '′', '’']))
            {
                unit = Some(u.to_string());
                kind = ClaimKind::Measure;
                end += n;
            } else if let Some((age, n)) = age_after(&lower) {
                unit = Some(age.into());
                kind = ClaimKind::Duration;
                end += lead + n;
            } else if let Some((u, n)) = lookup(DURATIONS, r) {
                unit = Some(u.to_string());
                kind = ClaimKind::Duration;
                end += lead + n;
            } else if let Some((u, n)) = lookup(MEASURES, r) {
                unit = Some(u.to_string());
                kind = if u == "percentage point" {
                    ClaimKind::Percent
                } else {
                    ClaimKind::Measure
                };
                end += lead + n;
            } else if let Some((w, n)) = next_word(&text[end..]).map(|(w, n)| {
                // "5,000-word": the hyphen joins number and noun.
                let t = w.trim_start_matches('-');
                (t, n)
            }) {
                let l = w.to_lowercase();
                let counted = w.chars().next().is_some_and(char::is_lowercase)
                    && w.chars().all(|c| c.is_alphabetic() || c == '-')
                    && !NOT_COUNTED.contains(&l.as_str())
                    && !l.ends_with("ly")
                    && l.len() > 1;
                if counted && kind == ClaimKind::Number {
                    let mut noun = singular(&l);
                    let mut e = end + n;
                    // "700 heart transplants", "1,100 public housing
                    // properties": the words before the plural noun name
                    // the kind of thing counted and are part of it.
                    if let Some((words, n2)) = compound_count(&l, &text[e..]) {
                        noun = words;
                        e += n2;
                    }
                    // "5,700 categories of products".
                    if let Some((of, n2)) = next_word(&text[e..]) {
                        if of == "of" {
                            if let Some((w2, n3)) = next_word(&text[e + n2..]) {
                                if w2.chars().all(char::is_alphabetic)
                                    && w2.chars().next().is_some_and(char::is_lowercase)
                                    && !NOT_COUNTED.contains(&w2)
                                {
                                    noun = format!("{noun} of {}", w2.to_lowercase());
                                    e += n2 + n3;
                                }
                            }
                        }
                    }
                    unit = Some(noun);
                    kind = ClaimKind::Count;
                    end = e;
                }
            }
        }
        // A rate: "$58.24 per barrel", "$3,500 a month", "5% a year",
        // "20 people a day".
        if matches!(
            kind,
            ClaimKind::Money | ClaimKind::Measure | ClaimKind::Count | ClaimKind::Percent
        ) {
            if let (Some(u), Some((per, n))) = (&unit, rate_after(&text[end..])) {
                unit = Some(format!("{u} per {per}"));
                end += n;
            }
        }
        // A year is not an amount: four digits from 1800 to 2100, bare or
        // before a word ("in 2014 declared"); a currency, a unit of measure,
        // a percent sign or decimals make it one.
        let year_like = !raw_num.contains([',', '.'])
            && raw_num.len() == 4
            && (1800.0..=2100.0).contains(&value)
            && m.name("att").is_none();
        if (year_like || era_year(before, &text[end..]))
            && matches!(kind, ClaimKind::Number | ClaimKind::Count)
        {
            continue;
        }
        let (mut start, mut hedge) = hedge_before(text, all.start);
        if let Some(at) = minus_at {
            value = -value;
            start = start.min(at);
        }
        if let Some(at) = sub_at {
            hedge = Some("less than");
            start = at;
        }
        if let Some(at) = sign_at.filter(|_| minus_at.is_none()) {
            value = -value;
            start = start.min(at);
        }
        let sent = sentence_of(sents, all.start, text.len());
        // Where a capital says nothing of a name: a sentence's start after
        // a full stop (or the text's). A line that ends without one (a
        // heading, a caption: "Lap 14 ...") runs into the next for this.
        let opening = {
            let before = text[..sent.start].trim_end();
            let stopped = before.is_empty()
                || before.ends_with(['.', '!', '?', '…', '"', '”', '’', '\'', ')', ':']);
            if stopped {
                sent.start
            } else {
                0
            }
        };
        let plain = currency.is_none() && m.name("att").is_none() && m.name("glued").is_none();
        let bare = plain && value_to.is_none() && hedge.is_none();
        if plain && matches!(kind, ClaimKind::Number | ClaimKind::Count) {
            // A time of day: "11 a.m.", "at 7 pm".
            let after = window(text[all.end..].trim_start_matches(' '), 8).to_ascii_lowercase();
            let clock = ["a.m", "p.m", "am", "pm"].iter().any(|w| {
                after.starts_with(w)
                    && after[w.len()..]
                        .chars()
                        .next()
                        .is_none_or(|c| !c.is_alphanumeric())
            });
            // "(0030 GMT)", "at 1400 UTC": a time of day by its zone,
            // written as the zone is, in capitals.
            let raw = window(text[all.end..].trim_start_matches(' '), 8);
            let zoned = TIME_ZONES.iter().any(|z| {
                raw.starts_with(z)
                    && raw[z.len()..]
                        .chars()
                        .next()
                        .is_none_or(|c| !c.is_alphanumeric())
            });
            if clock || zoned {
                continue;
            }
        }
        // "S&P 500 fell", "Game 2 was": the number names something.
        if bare
            && matches!(kind, ClaimKind::Number | ClaimKind::Count)
            && is_name_number(text, all.start, opening)
        {
            continue;
        }
        let measures = measures_of(text, &sent, start, end, kind, &out);
        // Figures of one sentence come one after another and share its
        // period: it is read once a sentence.
        let period = match &last_period {
            Some((r, p)) if *r == sent => p.clone(),
            _ => {
                let p = period_of(&text[sent.clone()], year);
                last_period = Some((sent.clone(), p.clone()));
                p
            }
        };
        out.push(Found {
            range: start..end,
            kind,
            value,
            value_to,
            unit,
            hedge,
            measures,
            period,
        });
    }
    // Numbers in words: "two months", "nearly two hours", "three people".
    for m in WORD_NUMBER.captures_iter(text) {
        let all = m.get(0).map_or(0..0, |g| g.range());
        if out
            .iter()
            .any(|f| f.range.start < all.end && all.start < f.range.end)
        {
            continue;
        }
        let Some(mut value) = m.name("w").and_then(|w| word_value(w.as_str())) else {
            continue;
        };
        if let Some(w2) = m.name("w2").and_then(|w| word_value(w.as_str())) {
            value += w2;
        }
        // "the two sides": a definite reference, not a claim.
        let prev = text[..all.start]
            .trim_end()
            .rsplit(char::is_whitespace)
            .next()
            .unwrap_or("");
        if matches!(
            prev.to_lowercase().as_str(),
            "the" | "these" | "those" | "both" | "its" | "their" | "our"
        ) {
            continue;
        }
        let mut end = all.end;
        if let Some((_, s, n)) = scale_words(&text[end..]) {
            value *= s;
            end += n;
        }
        let Some((w, mut n)) = next_word(&text[end..]) else {
            continue;
        };
        let l = w.to_lowercase();
        // A plural noun after "one" is none: it is a verb or some other
        // word ("the same one across accounts", "one says").
        let counted = |w: &str| {
            let l = w.to_lowercase();
            value != 1.0
                && (w.chars().next().is_some_and(char::is_lowercase)
                    && w.chars().all(char::is_alphabetic)
                    && !NOT_COUNTED.contains(&l.as_str())
                    && l.ends_with('s')
                    || IRREGULAR_PLURALS.contains(&l.as_str()))
        };
        let (kind, unit) = if let Some((u, _)) = lookup(DURATIONS, w) {
            (ClaimKind::Duration, u.to_string())
        } else if let Some((code, _)) = lookup(CURRENCY_WORDS, w) {
            (ClaimKind::Money, code.to_string())
        } else if l == "percent" {
            (ClaimKind::Percent, "%".to_string())
        } else if l == "per" {
            // "five per cent"; "five per day" is no claim.
            let Some((_, n2)) =
                next_word(&text[end + n..]).filter(|(c, _)| c.eq_ignore_ascii_case("cent"))
            else {
                continue;
            };
            n += n2;
            (ClaimKind::Percent, "%".to_string())
        } else if counted(w) {
            (ClaimKind::Count, singular(&l))
        } else if let Some((noun, n2)) = COUNT_ADJECTIVES
            .contains(&l.as_str())
            .then(|| next_word(&text[end + n..]))
            .flatten()
            .filter(|(noun, _)| counted(noun))
        {
            // "eight other employees", "four different bosses": the thing
            // counted past one adjective.
            n += n2;
            (ClaimKind::Count, singular(noun))
        } else if let Some((kind_words, noun, n2)) = modified_noun(&text[end..], counted) {
            // "five profile slots", "four FA Cup finals": the thing
            // counted past the words naming its kind, which are part of
            // the unit ("FA Cup final": not any final).
            n = n2;
            (ClaimKind::Count, format!("{kind_words} {}", singular(noun)))
        } else {
            continue;
        };
        end += n;
        out.push(hedged(text, all.start, end, kind, value, unit));
    }
    vague_counts(text, &mut out);
    out.sort_by_key(|f| f.range.start);
    let mut out = join_ranges(text, out);
    carry_units(text, &mut out);
    out
}

/// A bare figure set against the one before it in the same sentence
/// takes that one's unit, which the writer did not repeat: "3.9 million
/// headsets, up from 2.4 million", "6 million homes, including 1.5
/// million in the region", "460 vehicles compared with 63", "5.1
/// percent, down from 5.3". Only after words that compare (not "to" or
/// "and", which [`join_ranges`] reads, nor a verb's object), and only
/// from a figure with a unit, closer than a sentence's end.
fn carry_units(text: &str, found: &mut [Found]) {
    for k in 1..found.len() {
        let b = &found[k];
        if b.kind != ClaimKind::Number || b.unit.is_some() || b.value_to.is_some() {
            continue;
        }
        let (w1, at) = last_word(&text[..b.range.start]);
        let (w2, _) = last_word(&text[..at]);
        let compares = match w1.as_str() {
            "from" => matches!(w2.as_str(), "up" | "down"),
            "with" | "to" => matches!(w2.as_str(), "compared" | "compares" | "comparing"),
            "including" | "versus" | "vs" => true,
            _ => false,
        };
        // Nothing named after it: "including 10 US citizens" counts what
        // follows, which the words do not say are people.
        let after = &text[b.range.end..];
        let named_after = !after.starts_with(|c: char| c.is_ascii_punctuation())
            && next_word(after)
                .is_some_and(|(w, _)| !NOT_COUNTED.contains(&w.to_lowercase().as_str()));
        if !compares || named_after {
            continue;
        }
        let a = &found[k - 1];
        let gap = text.get(a.range.end..b.range.start).unwrap_or("");
        let sentence_ends =
            gap.contains(['!', '?', ';', '\n']) || gap.contains(". ") || gap.contains(".\u{a0}");
        if a.unit.is_none()
            || !matches!(
                a.kind,
                ClaimKind::Count | ClaimKind::Measure | ClaimKind::Money | ClaimKind::Percent
            )
            || gap.len() > 120
            || sentence_ends
        {
            continue;
        }
        let (kind, unit) = (a.kind, a.unit.clone());
        let b = &mut found[k];
        b.kind = kind;
        b.unit = unit;
    }
}

/// The plural noun a number in words counts past the words naming its
/// kind: those words (one space between), the noun, and the bytes to its
/// end. The kind is one lowercase word ("five profile slots") or a name of
/// up to three capitalised words ("four FA Cup finals", "two Williams
/// sisters"); never a word of [`NOT_COUNTED`] ("two of the days"), a
/// plural ("three days"), or a figure.
fn modified_noun(after: &str, counted: impl Fn(&str) -> bool) -> Option<(String, &str, usize)> {
    let (first, mut at) = next_word(after)?;
    let mut kind_words = first.to_string();
    let name = |w: &str| {
        w.chars().next().is_some_and(char::is_uppercase) && w.chars().all(char::is_alphabetic)
    };
    let modifier_ok = if name(first) {
        // The rest of the name, then the noun.
        for _ in 0..2 {
            match next_word(&after[at..]) {
                Some((w, n)) if name(w) => {
                    kind_words.push(' ');
                    kind_words.push_str(w);
                    at += n;
                }
                _ => break,
            }
        }
        true
    } else {
        let l = first.to_lowercase();
        first.chars().all(|c| c.is_alphabetic() && c.is_lowercase())
            && !l.ends_with('s')
            && !NOT_COUNTED.contains(&l.as_str())
    };
    if !modifier_ok {
        return None;
    }
    let (noun, n) = next_word(&after[at..])?;
    counted(noun).then_some((kind_words, noun, at + n))
}

/// Whether a lower-case word reads as a plural noun: an "s" that
/// [`singular`] takes off ("transplants", not "class" or "bonus"), or a
/// plural without one ("people").
fn is_plural(l: &str) -> bool {
    l.ends_with('s') && !l.ends_with("ss") && !l.ends_with("us") || IRREGULAR_PLURALS.contains(&l)
}

/// A counted noun with the words before it: after a number's first word
/// `first` (lower case, no plural), up to two more lower-case words of
/// which the last is a plural noun, as ("heart transplant", bytes read
/// past `first`). None when no plural comes within them ("25 said she"),
/// or a word between is no part of a noun phrase.
fn compound_count(first: &str, rest: &str) -> Option<(String, usize)> {
    if is_plural(first) {
        return None;
    }
    let mut words = vec![first.to_string()];
    let mut at = 0;
    for _ in 0..2 {
        // Punctuation between ends the phrase: `next_word` finds no word
        // after it.
        let (w, n) = next_word(&rest[at..])?;
        let l = w.to_lowercase();
        let word = w.chars().next().is_some_and(char::is_lowercase)
            && w.chars().all(|c| c.is_alphabetic() || c == '-')
            && !NOT_COUNTED.contains(&l.as_str())
            && !l.ends_with("ly");
        if !word {
            return None;
        }
        at += n;
        if is_plural(&l) {
            words.push(singular(&l));
            return Some((words.join(" "), at));
        }
        words.push(l);
    }
    None
}

/// Plural nouns without an "s", counted all the same.
/// Time zones after a number make it a time of day ("0030 GMT"). Only
/// those no unit or abbreviation of news shares: "MT" (metric tons) and
/// "CT" are left out, and "ET" and "PT" follow clock times with "a.m."
/// or "p.m." already.
const TIME_ZONES: &[&str] = &[
    "GMT", "UTC", "EST", "EDT", "CST", "CDT", "MST", "MDT", "PST", "PDT", "BST", "CEST", "CET",
    "EET", "IST", "JST", "KST", "HKT", "SGT", "AEST", "AEDT",
];

const IRREGULAR_PLURALS: &[&str] = &["people", "children", "men", "women", "police"];

/// Counts written as orders of size: "dozens of people", "thousands of
/// jobs", "tens of thousands of dollars", "hundreds of millions of users".
/// Each is a range from the size to ten times it (dozens: 12 to 120), of
/// the noun after "of", as NewsQuant and readers take them.
static VAGUE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)(?-u:\b)(?P<a>dozens|tens|hundreds|thousands|millions|billions)(?:[\t\n\x20]+of[\t\n\x20]+(?P<b>thousands|millions|billions))?[\t\n\x20]+of[\t\n\x20]+",
    )
    .expect("vague count regex")
});

fn vague_counts(text: &str, out: &mut Vec<Found>) {
    let size = |w: &str| match w.to_ascii_lowercase().as_str() {
        "dozens" => 12.0,
        "tens" => 10.0,
        "hundreds" => 1e2,
        "thousands" => 1e3,
        "millions" => 1e6,
        "billions" => 1e9,
        _ => 1.0,
    };
    for m in VAGUE.captures_iter(text) {
        let all = m.get(0).map_or(0..0, |g| g.range());
        let value = size(&m["a"]) * m.name("b").map_or(1.0, |b| size(b.as_str()));
        let rest = &text[all.end..];
        let (kind, unit, n) = if let Some((code, n)) = lookup(CURRENCY_WORDS, rest) {
            (ClaimKind::Money, code.to_string(), n)
        } else {
            // Past "the", "other", an adjective or two: "thousands of
            // other workers", "dozens of small businesses".
            let mut at = 0;
            let mut noun = None;
            for _ in 0..3 {
                let Some((w, n)) = next_word(&rest[at..]) else {
                    break;
                };
                at += n;
                let l = w.to_lowercase();
                let plural = w.chars().all(|c| c.is_alphabetic() || c == '-')
                    && (l.ends_with('s')
                        && !l.ends_with("ss")
                        && !NOT_COUNTED.contains(&l.as_str())
                        || IRREGULAR_PLURALS.contains(&l.as_str()));
                if plural {
                    noun = Some(singular(&l));
                    break;
                }
                // Only an adjective or a determiner is passed over: "them",
                // "were" end the search.
                if !w.chars().all(char::is_alphabetic)
                    || matches!(l.as_str(), "them" | "those" | "these" | "us" | "you")
                    || w.starts_with(char::is_uppercase)
                {
                    break;
                }
            }
            match noun {
                Some(noun) => (ClaimKind::Count, noun, at),
                None => continue,
            }
        };
        let (start, hedge) = hedge_before(text, all.start);
        let range = start..all.end + n;
        if out
            .iter()
            .any(|f| f.range.start < range.end && range.start < f.range.end)
        {
            continue;
        }
        out.push(Found {
            range,
            kind,
            value,
            value_to: Some(value * 10.0),
            unit: Some(unit),
            hedge,
            measures: None,
            period: None,
        });
    }
}

/// Two figures joined as one range: "between $62 and $68", "15 to 22
/// miles per hour", "from $750,000 to $1 million". The first takes the
/// second's unit and scale when it is written bare ("between 5 and 6
/// million"). A change stays two figures, the first with the unit it
/// shares: a verb moves the figure ("fell from 6.1 to 5.8 percent", "grew
/// by $2 billion to $9 billion"), or the second is the smaller ("from 4.8
/// to 4.7 percent", and a score: "won 3 to 1").
fn join_ranges(text: &str, found: Vec<Found>) -> Vec<Found> {
    let mut out: Vec<Found> = Vec::with_capacity(found.len());
    for b in found {
        let Some(a) = out.last_mut() else {
            out.push(b);
            continue;
        };
        let gap = text.get(a.range.end..b.range.start).unwrap_or("");
        let (word_before, word_at) = last_word(&text[..a.range.start]);
        let joined_by = match gap.trim().to_ascii_lowercase().as_str() {
            "and" if word_before == "between" => "and",
            "to" => "to",
            _ => "",
        };
        let bare = a.kind == ClaimKind::Number && a.unit.is_none();
        // "$62 and $68 per share": the rate written once, after the second.
        let rated = |a: &Option<String>, b: &Option<String>| match (a, b) {
            (Some(a), Some(b)) => b
                .strip_prefix(a.as_str())
                .is_some_and(|r| r.starts_with(" per ")),
            _ => false,
        };
        let alike = a.kind == b.kind && (a.unit == b.unit || rated(&a.unit, &b.unit)) || bare;
        if joined_by.is_empty()
            || !gap.starts_with(' ')
            || !gap.ends_with(' ')
            || a.value_to.is_some()
            || b.value_to.is_some()
            || b.hedge.is_some()
            || a.hedge.is_some_and(|h| h != "approximately")
            || !alike
        {
            out.push(b);
            continue;
        }
        let mut first = a.value;
        if bare {
            // The second's scale word ("6 million") reaches back.
            let scale = leading_number(&text[b.range.clone()]).map_or(1.0, |n| b.value / n);
            if scale > 1.0 && leading_number(&text[a.range.clone()]) == Some(a.value) {
                first *= scale;
            }
        }
        // "from X to Y" is a range ("homes from $750,000 to $1 million")
        // unless a verb moves the figure ("fell from ... to ...").
        let verb_before_from =
            word_before == "from" && is_change_verb(&last_word(&text[..word_at]).0);
        let change = word_before == "by" || verb_before_from || is_change_verb(&word_before);
        if change || joined_by == "to" && first > b.value {
            if bare && (change || word_before == "from") {
                a.value = first;
                a.kind = b.kind;
                a.unit = b.unit.clone();
            }
            out.push(b);
            continue;
        }
        a.value = first;
        a.value_to = Some(b.value);
        a.kind = b.kind;
        a.unit = b.unit;
        a.range.end = b.range.end;
        // The claim reads "between 5 and 15 men", "from $2 to $9".
        if matches!(word_before.as_str(), "between" | "from") {
            a.range.start = word_at;
        }
        if a.measures.is_none() {
            a.measures = b.measures;
        }
        if a.period.is_none() {
            a.period = b.period;
        }
    }
    out
}

/// The last word of `head` (letters only, lower case) and where it starts:
/// "... prices fell from " -> ("from", its offset).
fn last_word(head: &str) -> (String, usize) {
    let head = head.trim_end();
    let start = head.rfind(|c: char| !c.is_alphabetic()).map_or(0, |i| {
        i + head[i..].chars().next().map_or(1, char::len_utf8)
    });
    (head[start..].to_lowercase(), start)
}

/// A verb that moves a figure: "dropped $11 billion to $106 billion" is a
/// change by one amount to another, not a range.
fn is_change_verb(w: &str) -> bool {
    // Irregular forms, then regular stems with their endings.
    if matches!(
        w,
        "rose"
            | "risen"
            | "rising"
            | "fell"
            | "fallen"
            | "falling"
            | "grew"
            | "grown"
            | "slid"
            | "sliding"
            | "lost"
            | "losing"
            | "cut"
            | "cutting"
            | "sank"
            | "sunk"
            | "shrank"
            | "shrunk"
            | "shed"
            | "shedding"
            | "dropped"
            | "dropping"
            | "slipped"
            | "slipping"
            | "rise"
            | "rises"
            | "fall"
            | "falls"
    ) {
        return true;
    }
    const STEMS: &[&str] = &[
        "climb", "jump", "grow", "increase", "decrease", "decline", "gain", "raise", "lower",
        "surge", "plunge", "soar", "tumble", "sink", "shrink", "widen", "narrow", "ease", "add",
        "drop", "slip", "reduce", "boost", "trim",
    ];
    STEMS.iter().any(|stem| {
        let base = stem.strip_suffix('e').unwrap_or(stem);
        w == *stem
            || w.strip_prefix(stem)
                .is_some_and(|e| matches!(e, "s" | "ed" | "d"))
            || w.strip_prefix(base)
                .is_some_and(|e| matches!(e, "ing" | "ed" | "es"))
    })
}

/// The first number written in `s` ("$2,415" -> 2415).
fn leading_number(s: &str) -> Option<f64> {
    let start = s.find(|c: char| c.is_ascii_digit())?;
    let digits: String = s[start..]
        .chars()
        .take_while(|c| c.is_ascii_digit() || *c == ',' || *c == '.')
        .filter(|c| *c != ',')
        .collect();
    digits.trim_end_matches('.').parse().ok()
}

/// What a money or percent figure measures, from the words around it:
/// "an almost 12% rise in online sales", "the trade volume
/// ... reached USD 4.5 billion, an increase of nearly 8%".
fn measures_of(
    text: &str,
    sent: &Range<usize>,
    start: usize,
    end: usize,
    kind: ClaimKind,
    earlier: &[Found],
) -> Option<String> {
    if !matches!(
        kind,
        ClaimKind::Money | ClaimKind::Percent | ClaimKind::Number
    ) {
        return None;
    }
    // A figure may run past its sentence ("4.25\n%"): nothing is right of
    // it then, as nothing is left of one that starts before it.
    let right = text.get(end..sent.end).unwrap_or("");
    let words: Vec<&str> = right.split_whitespace().collect();
    // "30% rise in X": the change noun and its complement.
    if let Some(first) = words.first() {
        let f = first
            .trim_matches(|c: char| !c.is_alphanumeric())
            .to_lowercase();
        if CHANGE_NOUNS.contains(&f.as_str())
            && words.get(1).is_some_and(|w| matches!(*w, "in" | "of"))
        {
            let phrase = noun_phrase(&words[1..]);
            return Some(format!("{f} {phrase}").trim().to_string());
        }
    }
    let left = text.get(sent.start..start).unwrap_or("").trim_end();
    let lw: Vec<&str> = left.split_whitespace().collect();
    // "an increase of nearly 30%": a change of the figure before it.
    if lw.len() >= 2 && lw[lw.len() - 1] == "of" {
        let noun = lw[lw.len() - 2]
            .trim_matches(|c: char| !c.is_alphanumeric())
            .to_lowercase();
        if CHANGE_NOUNS.contains(&noun.as_str()) {
            let base = earlier
                .iter()
                .rev()
                .find(|f| f.range.start >= sent.start && f.measures.is_some())
                .and_then(|f| f.measures.clone());
            return Some(match base {
                Some(b) => format!("{noun} in {b}"),
                None => noun,
            });
        }
    }
    // "X reached USD 4.5 billion": the clause's subject.
    let lw_clean: Vec<String> = lw
        .iter()
        .map(|w| {
            w.trim_matches(|c: char| !c.is_alphanumeric())
                .to_lowercase()
        })
        .collect();
    let mut v = lw_clean.len();
    while v > 0
        && matches!(
            lw_clean[v - 1].as_str(),
            "to" | "at" | "by" | "of" | "from" | ""
        )
    {
        v -= 1;
    }
    // "from 5.1 percent to 6.3 percent": the second figure measures what
    // the first does.
    if lw_clean.last().is_some_and(|w| w == "to") {
        let between = |f: &Found| text.get(f.range.end..sent.start + left.len());
        if let Some(f) = earlier.iter().rev().find(|f| f.range.start >= sent.start) {
            if between(f).is_some_and(|g| g.trim().eq_ignore_ascii_case("to")) {
                if let Some(m) = &f.measures {
                    return Some(m.clone());
                }
            }
        }
    }
    // "cut its key rate from 4.5%", "raised the forecast to 3%": what the
    // verb moved, between it and the preposition.
    if v < lw_clean.len() {
        let from = v.saturating_sub(6);
        if let Some(j) = (from..v)
            .rev()
            .find(|&j| MOVE_VERBS.contains(&lw_clean[j].as_str()))
        {
            let object: Vec<&str> = lw[j + 1..v]
                .iter()
                .copied()
                .skip_while(|w| {
                    matches!(
                        w.to_lowercase().as_str(),
                        "the" | "a" | "an" | "its" | "their" | "his" | "her" | "our" | "this"
                    )
                })
                .collect();
            let clause = lw[j..v].iter().any(|w| w.ends_with([',', ';', ':']));
            if !object.is_empty() && !clause {
                return Some(object.join(" "));
            }
        }
    }
    if v > 0 && LINK_VERBS.contains(&lw_clean[v - 1].as_str()) {
        let verb = v - 1;
        // Back to the clause start: a comma or the sentence start.
        let mut s = verb;
        while s > 0 && !lw[s - 1].ends_with([',', ';', ':']) && verb - s < 12 {
            s -= 1;
        }
        let subject: Vec<&str> = lw[s..verb]
            .iter()
            .copied()
            .skip_while(|w| {
                matches!(
                    w.to_lowercase().as_str(),
                    "the" | "a" | "an" | "its" | "their" | "that" | "which"
                )
            })
            .collect();
        if !subject.is_empty() {
            return Some(subject.join(" ").trim_end_matches(',').to_string());
        }
    }
    None
}

/// A noun phrase: words up to a comma, a verb-like word or eight words.
fn noun_phrase(words: &[&str]) -> String {
    let mut out: Vec<&str> = Vec::new();
    for w in words.iter().take(8) {
        let bare = w.trim_end_matches([',', '.', ';', ':']);
        if out.len() > 1 && matches!(bare, "as" | "and" | "which" | "that" | "to" | "was" | "is") {
            break;
        }
        out.push(bare);
        if bare.len() != w.len() {
            break;
        }
    }
    // "in the first quarter of 2022" is the period, not the measure.
    if let Some(p) = out
        .iter()
        .skip(1)
        .position(|w| *w == "in" || *w == "during")
    {
        out.truncate(p + 1);
    }
    out.join(" ")
}

/// The power of ten written right after a number, and the bytes it
/// takes: "e6", "E-3", "×10^8", " x 10−8", "×10⁸". None when there is
/// none (a lone "x 10" is a product, not a power).
fn exponent(rest: &str) -> Option<(i32, usize)> {
    let digits_of = |r: &str, sup: bool| -> Option<(i32, usize)> {
        let (neg, sign) = match r.chars().next()? {
            '-' | '\u{2212}' | '⁻' if !sup || r.starts_with('⁻') => {
                (true, r.chars().next()?.len_utf8())
            }
            '+' => (false, 1),
            _ => (false, 0),
        };
        let mut value = 0i32;
        let mut n = sign;
        for c in r[sign..].chars() {
            let d = match (sup, c) {
                (false, '0'..='9') => c as i32 - '0' as i32,
                (true, '⁰') => 0,
                (true, '¹') => 1,
                (true, '²') => 2,
                (true, '³') => 3,
                (true, '⁴'..='⁹') => c as i32 - '⁴' as i32 + 4,
                _ => break,
            };
            value = value.checked_mul(10)?.checked_add(d)?;
            n += c.len_utf8();
        }
        (n > sign && value <= 300).then_some((if neg { -value } else { value }, n))
    };
    // "1.5e6": the letter on the number itself, then the power's digits.
    if let Some(r) = rest.strip_prefix(['e', 'E']) {
        let (exp, n) = digits_of(r, false)?;
        let after = &r[n..];
        return after
            .chars()
            .next()
            .is_none_or(|c| !c.is_alphanumeric())
            .then_some((exp, 1 + n));
    }
    let lead = rest.len() - rest.trim_start_matches(' ').len();
    let r = &rest[lead..];
    let times = r.strip_prefix(['×', 'x', 'X', '*'])?;
    let gap = times.len() - times.trim_start_matches(' ').len();
    let ten = times[gap..].strip_prefix("10")?;
    let used = rest.len() - ten.len();
    if let Some(r) = ten.strip_prefix('^') {
        let (exp, n) = digits_of(r, false)?;
        return Some((exp, used + 1 + n));
    }
    if ten.starts_with(['⁰', '¹', '²', '³', '⁴', '⁵', '⁶', '⁷', '⁸', '⁹', '⁻']) {
        let (exp, n) = digits_of(ten, true)?;
        return Some((exp, used + n));
    }
    // "10−8", "10-8": a minus sign straight after the ten.
    if ten.starts_with(['\u{2212}', '-']) {
        let (exp, n) = digits_of(ten, false)?;
        return (exp < 0).then_some((exp, used + n));
    }
    None
}

/// Shares of a whole, as percentages of what follows: "two-thirds of
/// the villages" 66.7%, "half the condos" 50%, "one in five households"
/// 20%, "3/4 of the members" 75%; a digit fraction before a unit is that
/// much of the unit ("1/2 inch": 0.5 inch), and a bare one nothing (a
/// date as often as a share).
/// A half that names a time ("the first half of 2023", "half an hour")
/// or a part of something ("half of a mile") is left to the other rules.
/// Units read only after a digit fraction: money is not written in parts
/// so ("1/2 pound" is a weight), and a cup elsewhere is a trophy.
const FRACTION_UNITS: &[(&str, &str)] = &[
    ("pounds", "pound-mass"),
    ("pound", "pound-mass"),
    ("cups", "cup"),
    ("cup", "cup"),
];

fn fractions(text: &str) -> Vec<Found> {
    let mut out = Vec::new();
    for m in FRACTION.captures_iter(text) {
        let all = m.get(0).map_or(0..0, |g| g.range());
        let prev = text[..all.start]
            .trim_end()
            .rsplit(|c: char| !c.is_alphanumeric())
            .next()
            .unwrap_or("")
            .to_lowercase();
        let rest = &text[all.end..];
        let share = if let (Some(n), Some(d)) = (m.name("n"), m.name("d")) {
            let n = match n.as_str().to_lowercase().as_str() {
                "a" | "one" => 1.0,
                w => word_value(w).unwrap_or(0.0),
            };
            let d = d.as_str().to_lowercase();
            let plural = d.ends_with('s') && d != "halves";
            if n > 1.0 && !plural || n == 1.0 && plural {
                continue; // "two third", "a thirds"
            }
            let d = match d.trim_end_matches('s') {
                "half" | "halve" => 2.0,
                "third" => 3.0,
                "quarter" => 4.0,
                "fifth" => 5.0,
                "sixth" => 6.0,
                "eighth" => 8.0,
                _ => 10.0,
            };
            Some(n / d)
        } else if m.name("half").is_some() {
            Some(0.5)
        } else {
            None
        };
        if let Some(share) = share {
            // Of a whole that follows: "of" or a determiner, then no "a"
            // or "an" (a part of one thing: "a quarter of a mile").
            let Some((w, n)) = next_word(rest) else {
                continue;
            };
            let w = w.to_lowercase();
            let (of, mut at) = match w.as_str() {
                "of" => (true, n),
                "the" | "their" | "its" | "his" | "her" | "our" | "all" | "those" | "these" => {
                    (false, 0)
                }
                _ => continue,
            };
            if of {
                if let Some((w2, _)) = next_word(&rest[at..]) {
                    if matches!(
                        w2.to_lowercase().as_str(),
                        "a" | "an" | "it" | "them" | "us" | "you"
                    ) || w2.starts_with(|c: char| c.is_ascii_digit())
                    {
                        continue;
                    }
                }
            }
            // "the first half of", "the other half", "and a half".
            if matches!(
                prev.as_str(),
                "first"
                    | "second"
                    | "third"
                    | "fourth"
                    | "last"
                    | "next"
                    | "the"
                    | "this"
                    | "that"
                    | "other"
                    | "latter"
                    | "former"
                    | "top"
                    | "bottom"
                    | "back"
                    | "front"
                    | "upper"
                    | "lower"
                    | "and"
                    | "an"
                    | "one"
                    | "by"
            ) {
                continue;
            }
            let measured = whole_after(&rest[at..]);
            let Some((what, n)) = measured else {
                continue;
            };
            at += n;
            out.push(share_found(text, all.start, all.end + at, share, what));
            continue;
        }
        let number = |g: &str| -> Option<f64> {
            g.parse::<f64>()
                .ok()
                .or_else(|| word_value(g))
                .filter(|v| *v > 0.0)
        };
        if let (Some(on), Some(od)) = (m.name("on"), m.name("od")) {
            // "one in five households", "1 in 4 adults": a share of what
            // follows, when there is a thing counted.
            let (Some(a), Some(b)) = (number(on.as_str()), number(od.as_str())) else {
                continue;
            };
            // "8-7 in 10 innings": a score's second number.
            let scored = text[..all.start].ends_with(['-', '\u{2013}']);
            if a >= b || prev == "the" || scored {
                continue;
            }
            let Some((what, n)) = whole_after(rest) else {
                continue;
            };
            // "7 in 10 innings", "two in three games": so many in so many
            // occasions is a rate, not a share of a whole.
            let over = m.get(0).is_some_and(|g| {
                let l = g.as_str().to_lowercase();
                !l.contains(" out ") && !l.contains("\tout")
            });
            let head = what.rsplit(' ').next().unwrap_or("");
            if over && OCCASIONS.contains(&head) {
                continue;
            }
            out.push(share_found(text, all.start, all.end + n, a / b, what));
            continue;
        }
        let (Some(dn), Some(dd)) = (m.name("dn"), m.name("dd")) else {
            continue;
        };
        let (Some(a), Some(b)) = (number(dn.as_str()), number(dd.as_str())) else {
            continue;
        };
        // "9/11", "24/7", "3/4/2021": a date, a name or a day's round;
        // only a proper fraction of a usual denominator is a share.
        let before = text[..all.start].chars().next_back();
        if a >= b
            || ![2.0, 3.0, 4.0, 5.0, 8.0, 10.0, 16.0].contains(&b)
            || before
                .is_some_and(|c| c.is_alphanumeric() || matches!(c, '/' | '\u{2044}' | '.' | '-'))
            || rest.starts_with(['/', '\u{2044}', '-'])
            || rest.starts_with('.') && rest[1..].starts_with(|c: char| c.is_ascii_digit())
        {
            continue;
        }
        let value = a / b;
        let lead = rest.len() - rest.trim_start_matches([' ', '-']).len();
        let (kind, unit, n) = if let Some((u, n)) = lookup(MEASURES, &rest[lead..]) {
            (ClaimKind::Measure, u.to_string(), lead + n)
        } else if let Some((u, n)) = lookup(FRACTION_UNITS, &rest[lead..]) {
            (ClaimKind::Measure, u.to_string(), lead + n)
        } else if let Some((u, n)) = lookup(DURATIONS, &rest[lead..]) {
            (ClaimKind::Duration, u.to_string(), lead + n)
        } else if let Some((what, n)) = next_word(rest)
            .filter(|(w, _)| *w == "of")
            .and_then(|(_, n)| whole_after(&rest[n..]).map(|(w, n2)| (w, n + n2)))
        {
            out.push(share_found(text, all.start, all.end + n, value, what));
            continue;
        } else {
            // Bare, "3/4" is as often a date (March 4) as a share.
            continue;
        };
        out.push(hedged(text, all.start, all.end + n, kind, value, unit));
    }
    out
}

/// What a figure is counted per, when "per", "a" or "an" and a unit of
/// it follow ("per barrel", "a month", "an ounce"), and the bytes that
/// takes.
fn rate_after(rest: &str) -> Option<(&'static str, usize)> {
    let (w, n) = next_word(rest)?;
    if !matches!(w.to_ascii_lowercase().as_str(), "per" | "a" | "an") {
        return None;
    }
    let after = &rest[n..];
    let lead = after.len() - after.trim_start_matches(' ').len();
    let (per, m) = lookup(RATES, &after[lead..])?;
    Some((per, n + lead + m))
}

/// Units a figure is given per: (as written, lowercase; the unit).
const RATES: &[(&str, &str)] = &[
    ("barrel", "barrel"),
    ("share", "share"),
    ("month", "month"),
    ("year", "year"),
    ("annum", "year"),
    ("day", "day"),
    ("week", "week"),
    ("hour", "hour"),
    ("minute", "minute"),
    ("second", "second"),
    ("ounce", "ounce"),
    ("tonne", "tonne"),
    ("ton", "ton"),
    ("gallon", "gallon"),
    ("litre", "litre"),
    ("liter", "litre"),
    ("kilogram", "kilogram"),
    ("kg", "kilogram"),
    ("square foot", "square foot"),
    ("sq ft", "square foot"),
    ("square metre", "square metre"),
    ("square meter", "square metre"),
    ("person", "person"),
    ("capita", "person"),
    ("head", "person"),
    ("night", "night"),
    ("game", "game"),
    ("kilowatt hour", "kilowatt hour"),
    ("kwh", "kilowatt hour"),
    ("megawatt hour", "megawatt hour"),
    ("mwh", "megawatt hour"),
];

/// A share of `what` written at `at..end`, as a percentage: its hedge
/// ("nearly two-thirds") read before it.
fn share_found(text: &str, at: usize, end: usize, ratio: f64, what: String) -> Found {
    Found {
        measures: Some(what),
        ..hedged(
            text,
            at,
            end,
            ClaimKind::Percent,
            round2(ratio * 100.0),
            "%".into(),
        )
    }
}

/// A figure read at `at..end` with its unit, starting at the hedge
/// written before it ("nearly two hours"), if any; what it measures and
/// its period unknown.
fn hedged(text: &str, at: usize, end: usize, kind: ClaimKind, value: f64, unit: String) -> Found {
    let (start, hedge) = hedge_before(text, at);
    Found {
        range: start..end,
        kind,
        value,
        value_to: None,
        unit: Some(unit),
        hedge,
        measures: None,
        period: None,
    }
}

/// The whole a share is of: past a determiner or two and an adjective or
/// two, up to and with the first plural noun ("the villages", "the
/// American population"; a figure, a preposition or a verb ends it),
/// as (its words, bytes up to its end). None when it is no such thing:
/// a pronoun, a name, a figure, the end of the sentence.
fn whole_after(rest: &str) -> Option<(String, usize)> {
    let mut at = 0;
    let mut words: Vec<String> = Vec::new();
    for _ in 0..5 {
        let (w, n) = next_word(&rest[at..])?;
        // A word of the next sentence or clause is no part of it.
        if rest[at..at + n].contains(['.', ',', ';', ':', '\n']) {
            break;
        }
        let l = w.to_lowercase();
        if !w
            .chars()
            .all(|c| c.is_alphabetic() || c == '-' || c == '\'')
        {
            break;
        }
        if matches!(
            l.as_str(),
            "them"
                | "it"
                | "us"
                | "you"
                | "which"
                | "who"
                | "that"
                | "was"
                | "were"
                | "is"
                | "are"
                | "have"
                | "has"
                | "had"
                | "will"
                | "would"
                | "said"
                | "say"
                | "says"
                | "in"
                | "on"
                | "at"
                | "for"
                | "with"
                | "from"
                | "by"
                | "to"
                | "as"
                | "than"
                | "into"
                | "over"
                | "under"
                | "after"
                | "before"
                | "during"
                | "per"
                | "since"
                | "against"
                | "about"
                | "across"
                | "and"
                | "or"
                | "but"
        ) {
            break;
        }
        at += n;
        if matches!(
            l.as_str(),
            "the" | "their" | "its" | "his" | "her" | "our" | "all" | "those" | "these" | "of"
        ) {
            continue;
        }
        words.push(l.clone());
        if is_plural(&l) && !NOT_COUNTED.contains(&l.as_str()) {
            return Some((words.join(" "), at));
        }
    }
    // A mass noun or a singular whole ("half the population", "a third of
    // the budget"): the words read, when there are some.
    (!words.is_empty()).then(|| (words.join(" "), at))
}

/// Things counted as occasions, not members of a whole: "7 in 10
/// innings" is a rate.
const OCCASIONS: &[&str] = &[
    "innings",
    "games",
    "matches",
    "starts",
    "attempts",
    "tries",
    "shots",
    "races",
    "seasons",
    "minutes",
    "hours",
    "days",
    "weeks",
    "months",
    "years",
    "times",
    "rounds",
    "appearances",
    "laps",
    "outings",
    "holes",
    "frames",
    "sets",
    "overs",
    "balls",
    "pitches",
    "yards",
    "goals",
    "points",
    "runs",
    "miles",
    "kilometres",
    "kilometers",
];

fn round2(v: f64) -> f64 {
    (v * 100.0).round() / 100.0
}

fn period_of(sentence: &str, year: Option<i32>) -> Option<String> {
    let lower = sentence.to_lowercase();
    let bare = ["this year", "last year"]
        .into_iter()
        .find(|p| lower.contains(p));
    let p = match PERIOD.captures(sentence).and_then(|m| m.name("p")) {
        Some(m) => m.as_str(),
        None => bare?,
    };
    let p = p.split_whitespace().collect::<Vec<_>>().join(" ");
    Some(match year {
        Some(y) => p
            .replace("this year", &y.to_string())
            .replace("last year", &(y - 1).to_string()),
        None => p,
    })
}

#[cfg(test)]
mod figure_search {
    use super::{figures, FIGURE};

    /// The search that starts near digits finds what the regex alone
    /// finds, on texts made of currencies, spaces, points, letters and
    /// multi-byte marks around digits, where the start it picks could
    /// fall inside a character or cut a currency off its number.
    #[test]
    fn starting_near_digits_finds_what_the_regex_finds() {
        let pieces = [
            "3",
            "4.25",
            ".5",
            "1,200",
            "U.S.$",
            "US $",
            "USD ",
            "USD\t",
            "Rs. ",
            "HK$",
            "€",
            "£",
            "₹",
            " ",
            "\n",
            ".",
            "a",
            "word ",
            "G",
            "-",
            "%",
            " bn",
            "m ",
            "é",
            "“",
            "—",
            "minus ",
            "e6",
            "×10",
            "The budget of the ministry rose sharply this year and ",
        ];
        for text in crate::tests::pieced_texts(&pieces, 16, 0x2545_f491_4f6c_dd1d) {
            let ranges = |it: &mut dyn Iterator<Item = regex::Captures<'_>>| -> Vec<_> {
                it.map(|m| {
                    let g = |n: &str| m.name(n).map(|g| g.range());
                    (
                        m.get(0).map(|g| g.range()),
                        g("cur"),
                        g("num"),
                        g("att"),
                        g("pct"),
                    )
                })
                .collect()
            };
            assert_eq!(
                ranges(&mut figures(&text)),
                ranges(&mut FIGURE.captures_iter(&text)),
                "{text:?}"
            );
        }
    }
}
