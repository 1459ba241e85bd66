//! Evaluation of web-page reading: main text against the
//! article-extraction-benchmark (its own metric, reimplemented), and
//! publication dates against htmldate's evaluation sets.

use std::collections::HashMap;
use std::path::Path;
use std::time::Instant;

use parallax_extract::html::site_of;
use parallax_extract::{extract, ExtractConfig};
use parallax_ingest::{read_bytes, SourceKind};
use parallax_model::{Article, PubDate, RawArticle};
use serde::{Deserialize, Serialize};

/// Scores of main-text extraction, with the benchmark's definitions.
#[derive(Debug, Clone, Serialize)]
pub struct ExtractReport {
    pub source: String,
    pub pages: usize,
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
    pub accuracy: f64,
    /// Pages per second through the extract stage, one thread: from the
    /// page's decoded text to the article, which is what trafilatura's
    /// `extract(html)` is timed on in `bench/extract_side_by_side.py`.
    pub pages_per_sec: f64,
    /// Pages per second through reading (gunzip, charset detection and
    /// decoding) and the extract stage together.
    pub read_and_extract_pages_per_sec: f64,
    /// Pages that could not be read, with why.
    pub failed: Vec<String>,
    /// Each page's scores, worst F1 first: where to look next.
    pub per_page: Vec<PageScore>,
    /// The same scores on two halves of the pages split by site (a hash
    /// of the URL's host), when the labels give URLs: rules are written
    /// reading one half's misses and must hold on the other.
    pub halves: Vec<HalfScore>,
    /// Titles, where the labels give them (WCXB's do): the share read
    /// exactly as labeled, on the whole set and on each half.
    pub titles: Option<TitleScore>,
}

/// Title accuracy: a title counts when it equals the label once case,
/// runs of white space, curly quotes and dashes are set aside.
#[derive(Debug, Clone, Default, Serialize)]
pub struct TitleScore {
    pub labeled: usize,
    pub correct: usize,
    pub accuracy: f64,
    /// (half, labeled, correct, accuracy) for halves A and B.
    pub halves: Vec<(&'static str, usize, usize, f64)>,
    /// The titles read otherwise: page id, half, label, what parallax read.
    pub misses: Vec<TitleMiss>,
}

#[derive(Debug, Clone, Serialize)]
pub struct TitleMiss {
    pub id: String,
    pub half: Option<&'static str>,
    pub want: String,
    pub got: Option<String>,
}

/// A title as [`TitleScore`] compares it.
fn title_key(s: &str) -> String {
    let folded: String = s
        .chars()
        .map(|c| match c {
            '\u{2018}' | '\u{2019}' | '\u{00b4}' | '`' => '\'',
            '\u{201c}' | '\u{201d}' | '\u{00ab}' | '\u{00bb}' => '"',
            '\u{2010}'..='\u{2015}' => '-',
            '\u{00a0}' => ' ',
            c => c,
        })
        .flat_map(char::to_lowercase)
        .collect();
    folded.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The scores of one half of a set split by site.
#[derive(Debug, Clone, Serialize)]
pub struct HalfScore {
    /// "A" or "B".
    pub half: &'static str,
    pub pages: usize,
    pub sites: usize,
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
}

/// The half ("A" or "B") of a page by its URL's host (without `www.`):
/// FNV-1a of the host, so the split is fixed, and every page of one site
/// falls in the same half.
pub fn site_half(url: &str) -> Option<&'static str> {
    let host = site_of(url)?;
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in host.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    Some(if h & 1 == 0 { "A" } else { "B" })
}

/// One page's scores with the benchmark's metric.
#[derive(Debug, Clone, Serialize)]
pub struct PageScore {
    pub id: String,
    /// Its half of the set by site ([`site_half`]), when its URL is known.
    pub half: Option<&'static str>,
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
}

#[derive(Deserialize)]
struct Truth {
    #[serde(rename = "articleBody")]
    article_body: String,
    url: Option<String>,
    title: Option<String>,
}

/// The benchmark's tokens: the `\w+` runs (Unicode).
/// Scanned by hand with the regex crate's own `\w` class (a regex search
/// per text was a sixth of the `eval extract` process).
fn tokens(s: &str) -> Vec<&str> {
    let is_word = |c: char| {
        if c.is_ascii() {
            c.is_ascii_alphanumeric() || c == '_'
        } else {
            regex_syntax::is_word_character(c)
        }
    };
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in s.char_indices() {
        match (is_word(c), start) {
            (true, None) => start = Some(i),
            (false, Some(b)) => {
                out.push(&s[b..i]);
                start = None;
            }
            _ => {}
        }
    }
    if let Some(b) = start {
        out.push(&s[b..]);
    }
    out
}

/// Multiset of 4-token shingles; a text of fewer than 4 tokens is one
/// shorter shingle (an empty text the empty one), as the benchmark does.
/// Keyed by slices of the token list (no copy) with a fast hash: with
/// the default SipHash and a `Vec` a shingle, scoring took a quarter of
/// the whole `eval extract` process.
fn shingles<'t, 'a>(toks: &'t [&'a str]) -> rustc_hash::FxHashMap<&'t [&'a str], usize> {
    let n = 4;
    let mut out = rustc_hash::FxHashMap::default();
    for i in 0..toks.len().saturating_sub(n - 1).max(1) {
        let end = (i + n).min(toks.len());
        *out.entry(&toks[i..end]).or_insert(0) += 1;
    }
    out
}

/// A page's (tp, fp, fn), normalised to sum to 1.
type Counts = (f64, f64, f64);

/// (tp, fp, fn) of one page, normalised to sum to 1.
fn page_counts(truth: &str, predicted: &str) -> (f64, f64, f64) {
    let (t, p) = (tokens(truth), tokens(predicted));
    let (st, sp) = (shingles(&t), shingles(&p));
    let (mut tp, mut fp, mut fnn) = (0usize, 0usize, 0usize);
    for (k, &c) in &sp {
        let g = st.get(k).copied().unwrap_or(0);
        tp += c.min(g);
        fp += c.saturating_sub(g);
    }
    for (k, &g) in &st {
        fnn += g.saturating_sub(sp.get(k).copied().unwrap_or(0));
    }
    let total = (tp + fp + fnn).max(1) as f64;
    (tp as f64 / total, fp as f64 / total, fnn as f64 / total)
}

/// Precision and recall over pages and their harmonic mean, as the
/// benchmark defines them.
fn score(counts: &[(f64, f64, f64)]) -> (f64, f64, f64) {
    let (mut ps, mut rs) = (Vec::new(), Vec::new());
    for &(tp, fp, fnn) in counts {
        if fp == 0.0 && fnn == 0.0 {
            ps.push(1.0);
            rs.push(1.0);
            continue;
        }
        if tp + fp > 0.0 {
            ps.push(tp / (tp + fp));
        }
        if tp + fnn > 0.0 {
            rs.push(tp / (tp + fnn));
        }
    }
    let mean = |v: &[f64]| {
        if v.is_empty() {
            0.0
        } else {
            v.iter().sum::<f64>() / v.len() as f64
        }
    };
    let (p, r) = (mean(&ps), mean(&rs));
    let f1 = if p + r > 0.0 {
        2.0 * p * r / (p + r)
    } else {
        0.0
    };
    (p, r, f1)
}

/// Reads one page as `parallax ingest` would.
fn read_page(name: &str, bytes: &[u8], url: Option<&str>) -> Result<RawArticle, String> {
    let gzip = bytes.starts_with(&[0x1f, 0x8b]);
    let mut raw = read_bytes(name, bytes, SourceKind::Html { gzip })
        .next()
        .ok_or_else(|| format!("{name}: nothing read"))?
        .map_err(|e| e.to_string())?;
    raw.given.url = url.map(str::to_string);
    Ok(raw)
}

/// Reads one page as `parallax ingest` would and extracts it.
fn page(name: &str, bytes: &[u8], url: Option<&str>) -> Result<Article, String> {
    Ok(extract(
        &read_page(name, bytes, url)?,
        &ExtractConfig::default(),
    ))
}

/// `dir` holds `ground-truth.json` and `html/<id>.html.gz`.
pub fn eval_extract(dir: &Path) -> Result<ExtractReport, String> {
    let truth_path = dir.join("ground-truth.json");
    let truth: HashMap<String, Truth> = serde_json::from_slice(
        &std::fs::read(&truth_path).map_err(|e| format!("{}: {e}", truth_path.display()))?,
    )
    .map_err(|e| format!("{}: {e}", truth_path.display()))?;
    let mut ids: Vec<&String> = truth.keys().collect();
    ids.sort();
    let mut counts = Vec::new();
    let mut exact = 0usize;
    let mut failed = Vec::new();
    let (mut read_secs, mut extract_secs) = (0.0, 0.0);
    let mut per_page = Vec::new();
    // Per half: each page's (tp, fp, fn) and its host.
    let mut by_half: std::collections::BTreeMap<&'static str, Vec<(Counts, String)>> =
        Default::default();
    let mut titles = TitleScore::default();
    let mut title_halves: std::collections::BTreeMap<&'static str, (usize, usize)> =
        Default::default();
    // One untimed page first: the stage's patterns compile on first use,
    // as Python's do when trafilatura is imported, outside its timing.
    if let Some(first) = ids.first() {
        let path = dir.join("html").join(format!("{first}.html.gz"));
        if let Ok(bytes) = std::fs::read(&path) {
            let _ = page(&path.display().to_string(), &bytes, None);
        }
    }
    for id in ids {
        let path = dir.join("html").join(format!("{id}.html.gz"));
        let bytes = match std::fs::read(&path) {
            Ok(b) => b,
            Err(e) => {
                failed.push(format!("{}: {e}", path.display()));
                continue;
            }
        };
        let t = Instant::now();
        let raw = read_page(
            &path.display().to_string(),
            &bytes,
            truth[id].url.as_deref(),
        );
        read_secs += t.elapsed().as_secs_f64();
        let t = Instant::now();
        let got = raw.map(|raw| extract(&raw, &ExtractConfig::default()));
        extract_secs += t.elapsed().as_secs_f64();
        let (body, title) = match got {
            Ok(a) => (a.body, a.title),
            Err(e) => {
                failed.push(e);
                (String::new(), None)
            }
        };
        let half = truth[id].url.as_deref().and_then(site_half);
        if let Some(want) = truth[id].title.as_deref().filter(|t| !t.trim().is_empty()) {
            let right = title.as_deref().map(title_key) == Some(title_key(want));
            titles.labeled += 1;
            titles.correct += usize::from(right);
            if let Some(h) = half {
                let e = title_halves.entry(h).or_default();
                e.0 += 1;
                e.1 += usize::from(right);
            }
            if !right {
                titles.misses.push(TitleMiss {
                    id: id.clone(),
                    half,
                    want: want.to_string(),
                    got: title,
                });
            }
        }
        let want = &truth[id].article_body;
        let c = page_counts(want, &body);
        // The page's half of the set and its site, when its URL is known.
        let where_from = truth[id]
            .url
            .as_deref()
            .and_then(|u| Some((site_half(u)?, site_of(u)?)));
        counts.push(c);
        let (precision, recall, f1) = score(&[c]);
        per_page.push(PageScore {
            id: id.clone(),
            half: where_from.as_ref().map(|(h, _)| *h),
            precision,
            recall,
            f1,
        });
        if tokens(want) == tokens(&body) {
            exact += 1;
        }
        if let Some((h, host)) = where_from {
            by_half.entry(h).or_default().push((c, host));
        }
    }
    let halves = by_half
        .into_iter()
        .map(|(half, pages)| {
            let counts: Vec<_> = pages.iter().map(|(c, _)| *c).collect();
            let sites: std::collections::HashSet<&String> = pages.iter().map(|(_, h)| h).collect();
            let (precision, recall, f1) = score(&counts);
            HalfScore {
                half,
                pages: counts.len(),
                sites: sites.len(),
                precision,
                recall,
                f1,
            }
        })
        .collect();
    let (precision, recall, f1) = score(&counts);
    let ratio = |right: usize, all: usize| right as f64 / all.max(1) as f64;
    titles.accuracy = ratio(titles.correct, titles.labeled);
    titles.halves = title_halves
        .into_iter()
        .map(|(h, (all, right))| (h, all, right, ratio(right, all)))
        .collect();
    Ok(ExtractReport {
        source: dir.display().to_string(),
        pages: counts.len(),
        precision,
        recall,
        f1,
        accuracy: exact as f64 / counts.len().max(1) as f64,
        pages_per_sec: counts.len() as f64 / extract_secs.max(1e-9),
        read_and_extract_pages_per_sec: counts.len() as f64 / (read_secs + extract_secs).max(1e-9),
        failed,
        per_page: {
            per_page.sort_by(|a, b| a.f1.total_cmp(&b.f1).then_with(|| a.id.cmp(&b.id)));
            per_page
        },
        halves,
        titles: (titles.labeled > 0).then_some(titles),
    })
}

/// Publication-date accuracy on one labeled file of pages.
#[derive(Debug, Clone, Serialize)]
pub struct DatesRow {
    pub name: String,
    pub pages: usize,
    /// Pages whose file was missing (not scored).
    pub missing: usize,
    pub correct: usize,
    pub wrong: usize,
    /// Pages where no date was found.
    pub none: usize,
    pub accuracy: f64,
    /// Correct dates by the signal they came from.
    pub by_signal: Vec<(String, usize, usize)>,
    /// Every page scored wrong or left without a date: where to look next.
    pub misses: Vec<DateMiss>,
}

/// A page whose date was wrong or not found.
#[derive(Debug, Clone, Serialize)]
pub struct DateMiss {
    pub file: String,
    /// The labeled date; none when the page has no publication date.
    pub want: Option<String>,
    pub got: Option<String>,
    pub signal: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct DatesReport {
    pub rows: Vec<DatesRow>,
    pub pages_per_sec: f64,
}

#[derive(Deserialize)]
struct DateTruth {
    file: String,
    /// None: the page has no publication date (written `NaN` in the file).
    date: Option<String>,
}

/// `dir` holds htmldate's `eval_default.json` (pages in `eval/`) and
/// `eval_mediacloud_2020.json` (pages in `test_set/`).
pub fn eval_dates(dir: &Path) -> Result<DatesReport, String> {
    let mut rows = Vec::new();
    let (mut pages, mut secs) = (0usize, 0.0);
    // WCXB's layout: one `dates.json` whose files are relative to `dir`,
    // scored whole and on its two halves by site; else htmldate's two files.
    let sets: Vec<(&str, &str)> = if dir.join("dates.json").exists() {
        vec![("dates.json", "")]
    } else {
        vec![
            ("eval_default.json", "eval"),
            ("eval_mediacloud_2020.json", "test_set"),
        ]
    };
    let halves = sets.len() == 1;
    for (file, sub) in sets {
        let path = dir.join(file);
        // The files write an unknown date as a bare NaN, which JSON lacks.
        let text = std::fs::read_to_string(&path)
            .map_err(|e| format!("{}: {e}", path.display()))?
            .replace(": NaN", ": null");
        let truth: HashMap<String, DateTruth> =
            serde_json::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))?;
        let mut urls: Vec<&String> = truth.keys().collect();
        urls.sort();
        let mut scored = Vec::new();
        for url in urls {
            let t = &truth[url];
            let page_path = dir.join(sub).join(&t.file);
            let Ok(bytes) = std::fs::read(&page_path) else {
                scored.push((url, None));
                continue;
            };
            let start = Instant::now();
            let got = page(&page_path.display().to_string(), &bytes, Some(url));
            secs += start.elapsed().as_secs_f64();
            pages += 1;
            let found = got.ok().and_then(|a| {
                let signal = a.published_evidence.unwrap_or_else(|| "?".into());
                Some((a.published?.date, signal))
            });
            scored.push((url, Some(found)));
        }
        rows.push(date_row(file.to_string(), &truth, scored.iter()));
        if halves {
            for half in ["A", "B"] {
                rows.push(date_row(
                    format!("{file} half {half}"),
                    &truth,
                    scored.iter().filter(|(u, _)| site_half(u) == Some(half)),
                ));
            }
        }
    }
    Ok(DatesReport {
        rows,
        pages_per_sec: pages as f64 / secs.max(1e-9),
    })
}

/// What was found on a page: `None` when its file is missing, else the
/// date and the signal it came from, if any.
type Found = Option<Option<(time::Date, String)>>;

/// One row of the date report over some scored pages.
fn date_row<'a>(
    name: String,
    truth: &HashMap<String, DateTruth>,
    scored: impl Iterator<Item = &'a (&'a String, Found)>,
) -> DatesRow {
    let mut row = DatesRow {
        name,
        pages: 0,
        missing: 0,
        correct: 0,
        wrong: 0,
        none: 0,
        accuracy: 0.0,
        by_signal: Vec::new(),
        misses: Vec::new(),
    };
    let mut by: std::collections::BTreeMap<String, (usize, usize)> = Default::default();
    for (url, found) in scored {
        let t = &truth[*url];
        let Some(found) = found else {
            row.missing += 1;
            continue;
        };
        row.pages += 1;
        let want = t
            .date
            .as_deref()
            .and_then(PubDate::parse_iso)
            .map(|d| d.date);
        // No date found is right when the page has none.
        let right = found.as_ref().map(|f| f.0) == want;
        if let Some((_, signal)) = found {
            let e = by.entry(signal.clone()).or_default();
            if right {
                e.0 += 1;
            } else {
                e.1 += 1;
            }
        }
        if right {
            row.correct += 1;
            continue;
        }
        if found.is_some() {
            row.wrong += 1;
        } else {
            row.none += 1;
        }
        row.misses.push(DateMiss {
            file: t.file.clone(),
            want: want.map(|w| w.to_string()),
            got: found.as_ref().map(|f| f.0.to_string()),
            signal: found.as_ref().map(|f| f.1.clone()),
        });
    }
    row.accuracy = row.correct as f64 / row.pages.max(1) as f64;
    row.by_signal = by.into_iter().map(|(k, (c, w))| (k, c, w)).collect();
    row
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_metric_matches_the_benchmarks_definition() {
        // Identical texts: all shingles shared.
        assert_eq!(page_counts("a b c d e", "a b c d e"), (1.0, 0.0, 0.0));
        // Half the predicted shingles are extra: "a b c d" + "x y z w".
        let (tp, fp, fnn) = page_counts("a b c d", "a b c d x y z w");
        assert!((tp - 1.0 / 5.0).abs() < 1e-9 && (fp - 4.0 / 5.0).abs() < 1e-9 && fnn == 0.0);
        // An empty prediction is one empty shingle: nothing right.
        let (tp, _, _) = page_counts("a b c d", "");
        assert_eq!(tp, 0.0);
        // Scores: a perfect page counts 1/1; a page with only extras
        // counts 0 precision and no recall term.
        let (p, r, _) = score(&[(1.0, 0.0, 0.0), (0.5, 0.5, 0.0)]);
        assert!((p - 0.75).abs() < 1e-9 && (r - 1.0).abs() < 1e-9);
    }

    #[test]
    fn a_dated_url_is_the_last_resort() {
        let html = "<html><head><title>T</title></head><body><article><p>Text of the article that is long enough to be kept by the extractor, with a second sentence here.</p></article></body></html>";
        let a = page(
            "p.html",
            html.as_bytes(),
            Some("https://example.org/2021/03/04/story"),
        )
        .unwrap();
        assert_eq!(
            a.published.map(|d| d.date_string()),
            Some("2021-03-04".to_string())
        );
        assert_eq!(a.published_evidence.as_deref(), Some("date in the URL"));
    }
}
