//! Quality of the analyze stage against labeled data: quotes and speakers
//! (labeled quotes as JSON Lines, or PolNeAR's brat attributions) and
//! numeric claims (NewsQuant).
//!
//! The readers live here rather than in `parallax-ingest` because they
//! read gold annotations, not articles to store.

use std::collections::BTreeMap;
use std::ops::Range;
use std::path::{Path, PathBuf};

use parallax_analyze::analyze_text;
use parallax_model::{Article, Claim, ClaimKind, Quote, QuoteKind};
use serde::{Deserialize, Serialize};

/// Precision, recall and F1 with the counts they come from.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Prf {
    pub gold: usize,
    pub predicted: usize,
    /// Gold items found.
    pub found: usize,
    /// Predicted items that match gold.
    pub correct: usize,
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
}

impl Prf {
    fn new(gold: usize, predicted: usize, found: usize, correct: usize) -> Self {
        let precision = if predicted == 0 {
            0.0
        } else {
            correct as f64 / predicted as f64
        };
        let recall = if gold == 0 {
            0.0
        } else {
            found as f64 / gold as f64
        };
        let f1 = if precision + recall == 0.0 {
            0.0
        } else {
            2.0 * precision * recall / (precision + recall)
        };
        Prf {
            gold,
            predicted,
            found,
            correct,
            precision,
            recall,
            f1,
        }
    }
}

/// One row of the quote report: a kind of quote, how many were found, and
/// how many of the found ones have the right speaker.
#[derive(Debug, Clone, Serialize)]
pub struct QuoteRow {
    pub kind: String,
    pub spans: Prf,
    /// Found gold quotes with a speaker in the gold.
    pub with_speaker: usize,
    pub speaker_correct: usize,
    /// Lenient: the attribution overlaps the labeled source, or shares a
    /// name word with it.
    pub speaker_accuracy: f64,
    /// Found gold quotes whose source has a strict head ([`strict_head`]).
    pub with_strict: usize,
    pub strict_correct: usize,
    /// Strict: the source's head word is a word of the predicted speaker.
    pub strict_accuracy: f64,
}

#[derive(Debug, Clone, Serialize)]
pub struct QuoteReport {
    pub source: String,
    pub format: &'static str,
    pub documents: usize,
    pub rows: Vec<QuoteRow>,
}

/// A gold quote: its text range in the document (or its text), kind and
/// speaker.
#[derive(Debug, Clone)]
struct GoldQuote {
    range: Option<Range<usize>>,
    text: String,
    kind: QuoteKind,
    speaker: Option<String>,
    speaker_range: Option<Range<usize>>,
}

fn overlap(a: &Range<usize>, b: &Range<usize>) -> usize {
    a.end.min(b.end).saturating_sub(a.start.max(b.start))
}

fn norm_words(s: &str) -> Vec<String> {
    parallax_text::tokens(s)
        .into_iter()
        .map(|t| t.text.into_string())
        .collect()
}

/// Whether a predicted quote is the gold one: by range (half of each
/// covered) when the gold has ranges, else by words (the shorter's words
/// mostly in the longer).
fn same_quote(g: &GoldQuote, p: &Quote) -> bool {
    if let Some(r) = &g.range {
        let pr = p.span.range();
        let o = overlap(r, &pr) as f64;
        return o >= 0.5 * r.len().max(1) as f64 && o >= 0.5 * pr.len().max(1) as f64;
    }
    let gw = norm_words(&g.text);
    let pw = norm_words(&p.text);
    if gw.is_empty() || pw.is_empty() {
        return false;
    }
    let (short, long) = if gw.len() <= pw.len() {
        (&gw, &pw)
    } else {
        (&pw, &gw)
    };
    let inside = short.iter().filter(|w| long.contains(w)).count();
    inside as f64 >= 0.8 * short.len() as f64 && short.len() as f64 >= 0.5 * long.len() as f64
}

/// Whether the predicted speaker is the gold one: the attribution spans
/// overlap (PolNeAR marks the source as written, "he" included), or the
/// names share a word that is not a title.
fn same_speaker(g: &GoldQuote, p: &Quote) -> bool {
    if let (Some(gr), Some(ps)) = (&g.speaker_range, p.speaker_span) {
        if overlap(gr, &ps.range()) > 0 {
            return true;
        }
    }
    let Some(gold) = &g.speaker else { return false };
    let gw = norm_words(gold);
    let names = [p.speaker.as_deref(), p.speaker_as_written.as_deref()];
    names.iter().flatten().any(|n| {
        let pw = norm_words(n);
        pw.iter()
            .any(|w| w.len() > 1 && !is_common(w) && gw.contains(w))
    })
}

/// The word a strict reading of a labeled source needs from a predicted
/// speaker: the source's head (its text before the first comma, without
/// a parenthesis or a trailing "of/at/from/for ..." phrase), then its last
/// capitalised word, usually the surname ("Hillary Clinton campaign
/// spokesman Glen Caplin" -> "caplin"). `None` for a source that is a
/// pronoun or has no capitalised word: such sources are left out of the
/// strict figure.
pub fn strict_head(source: &str) -> Option<String> {
    let mut head = source.split(',').next().unwrap_or("");
    if let Some(i) = head.find('(') {
        head = &head[..i];
    }
    let words: Vec<&str> = head.split_whitespace().collect();
    let cut = words
        .iter()
        .enumerate()
        .skip(1)
        .find(|(_, w)| matches!(**w, "of" | "at" | "from" | "for"))
        .map_or(words.len(), |(i, _)| i);
    let words = &words[..cut];
    let pronoun = |w: &str| {
        matches!(
            w.to_lowercase().trim_matches(|c: char| !c.is_alphabetic()),
            "he" | "she" | "they" | "it" | "we" | "i" | "you" | "his" | "her" | "their"
        )
    };
    if words.len() == 1 && pronoun(words[0]) {
        return None;
    }
    words
        .iter()
        .rev()
        .map(|w| {
            let w = w.strip_suffix("'s").or(w.strip_suffix("’s")).unwrap_or(w);
            w.trim_matches(|c: char| !c.is_alphanumeric())
        })
        .find(|w| w.chars().next().is_some_and(char::is_uppercase))
        .map(str::to_lowercase)
}

/// The surname of the name a source gives after a description and a
/// comma ("Bloomberg's pollster, Douglas Schoen," -> "schoen"; "One of his
/// advisers, Tad Devine" -> "devine"): one to four capitalised words.
/// The head of such a source is the description ("One", "Bloomberg"),
/// which the person who spoke does not carry.
pub fn strict_apposition(source: &str) -> Option<String> {
    let after = source.split(',').nth(1)?.trim();
    let words: Vec<&str> = after.split_whitespace().collect();
    let named = (1..=4).contains(&words.len())
        && words
            .iter()
            .all(|w| w.chars().next().is_some_and(char::is_uppercase));
    named.then(|| {
        words[words.len() - 1]
            .trim_matches(|c: char| !c.is_alphanumeric())
            .to_lowercase()
    })
}

/// Whether the predicted quote's speaker carries the gold source's strict
/// head word (or, for "description, Name", the name's surname); `None`
/// when the source has no strict head.
fn strict_speaker(g: &GoldQuote, p: &Quote) -> Option<bool> {
    let source = g.speaker.as_deref()?;
    let head = strict_head(source)?;
    let apposed = strict_apposition(source);
    let names = [p.speaker.as_deref(), p.speaker_as_written.as_deref()];
    // A word of the name: every piece a hyphenated surname splits into
    // ("Lopez-Cantera" is a word of "Carlos Lopez-Cantera").
    let carries = |words: &[String], w: &str| {
        let pieces = norm_words(w);
        !pieces.is_empty() && pieces.iter().all(|p| words.contains(p))
    };
    Some(names.iter().flatten().any(|n| {
        let words = norm_words(n);
        carries(&words, &head) || apposed.as_ref().is_some_and(|a| carries(&words, a))
    }))
}

/// A wrong speaker, at debug level (`PARALLAX_LOG=parallax_engine=debug`),
/// for reading the misses.
fn log_wrong_speaker(g: &GoldQuote, p: &Quote, rule: &str) {
    tracing::debug!(
        quote = %g.text.chars().take(60).collect::<String>(),
        gold = ?g.speaker,
        speaker = ?p.speaker,
        written = ?p.speaker_as_written,
        cue = ?p.cue,
        "wrong speaker ({rule})"
    );
}

fn is_common(w: &str) -> bool {
    matches!(
        w,
        "the"
            | "a"
            | "an"
            | "of"
            | "he"
            | "she"
            | "they"
            | "it"
            | "president"
            | "minister"
            | "mr"
            | "ms"
            | "mrs"
            | "dr"
            | "said"
    )
}

fn score_docs(docs: &[(Vec<GoldQuote>, Vec<Quote>)], kinds: &[QuoteKind], label: &str) -> QuoteRow {
    let (mut gold, mut predicted, mut found, mut correct, mut with_speaker, mut speaker_ok) =
        (0, 0, 0, 0, 0, 0);
    let (mut with_strict, mut strict_ok) = (0, 0);
    for (golds, preds) in docs {
        let preds_k: Vec<&Quote> = preds.iter().filter(|p| kinds.contains(&p.kind)).collect();
        let gold_k: Vec<&GoldQuote> = golds.iter().filter(|g| kinds.contains(&g.kind)).collect();
        gold += gold_k.len();
        predicted += preds_k.len();
        for g in &gold_k {
            let hit = preds_k.iter().find(|p| same_quote(g, p));
            if hit.is_none() {
                tracing::debug!(quote = %g.text.chars().take(80).collect::<String>(), kind = ?g.kind, "missed quote");
            }
            if let Some(p) = hit {
                found += 1;
                if let Some(ok) = strict_speaker(g, p) {
                    with_strict += 1;
                    strict_ok += usize::from(ok);
                    if !ok {
                        log_wrong_speaker(g, p, "strict");
                    }
                }
                if g.speaker.is_some() || g.speaker_range.is_some() {
                    with_speaker += 1;
                    if same_speaker(g, p) {
                        speaker_ok += 1;
                    } else {
                        log_wrong_speaker(g, p, "lenient");
                    }
                }
            }
        }
        // A prediction is right when it is any gold quote (a partial quote
        // labeled as part of a longer attribution counts).
        correct += preds_k
            .iter()
            .filter(|p| golds.iter().any(|g| same_quote(g, p) || contained(g, p)))
            .count();
    }
    QuoteRow {
        kind: label.to_string(),
        spans: Prf::new(gold, predicted, found, correct),
        with_speaker,
        speaker_correct: speaker_ok,
        speaker_accuracy: if with_speaker == 0 {
            0.0
        } else {
            speaker_ok as f64 / with_speaker as f64
        },
        with_strict,
        strict_correct: strict_ok,
        strict_accuracy: if with_strict == 0 {
            0.0
        } else {
            strict_ok as f64 / with_strict as f64
        },
    }
}

/// A predicted quote lying mostly inside a gold one.
fn contained(g: &GoldQuote, p: &Quote) -> bool {
    match &g.range {
        Some(r) => overlap(r, &p.span.range()) as f64 >= 0.8 * p.span.len().max(1) as f64,
        None => false,
    }
}

fn rows(docs: &[(Vec<GoldQuote>, Vec<Quote>)]) -> Vec<QuoteRow> {
    vec![
        score_docs(docs, &[QuoteKind::Direct], "direct"),
        score_docs(
            docs,
            &[QuoteKind::Direct, QuoteKind::Partial],
            "direct + partial",
        ),
        score_docs(docs, &[QuoteKind::Indirect], "indirect"),
    ]
}

/// Char offsets (brat's) to byte offsets.
fn char_to_byte(text: &str) -> Vec<usize> {
    let mut v: Vec<usize> = text.char_indices().map(|(i, _)| i).collect();
    v.push(text.len());
    v
}

fn is_quote_mark(c: char) -> bool {
    matches!(c, '"' | '“' | '”' | '«' | '»')
}

/// Reads a PolNeAR-style folder (`text/*.txt`, `attributions/*.ann`): the
/// first annotation file of each text, in name order. A Content inside
/// quotation marks is direct; one holding quotation marks elsewhere is
/// partial; one without is indirect.
fn read_brat(dir: &Path) -> Result<Vec<(String, String, Vec<GoldQuote>)>, String> {
    let text_dir = dir.join("text");
    let ann_dir = dir.join("attributions");
    let mut anns: Vec<PathBuf> = std::fs::read_dir(&ann_dir)
        .map_err(|e| format!("{}: {e}", ann_dir.display()))?
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "ann"))
        .collect();
    anns.sort();
    let mut texts: Vec<PathBuf> = std::fs::read_dir(&text_dir)
        .map_err(|e| format!("{}: {e}", text_dir.display()))?
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    texts.sort();
    let mut out = Vec::new();
    for tp in texts {
        let stem = tp
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or("")
            .to_string();
        let Some(ap) = anns.iter().find(|a| {
            a.file_stem().and_then(|s| s.to_str()).is_some_and(|s| {
                s.starts_with(&stem) && s.len() > stem.len() && s.as_bytes()[stem.len()] == b'_'
            })
        }) else {
            continue;
        };
        let text = std::fs::read_to_string(&tp).map_err(|e| format!("{}: {e}", tp.display()))?;
        let ann = std::fs::read_to_string(ap).map_err(|e| format!("{}: {e}", ap.display()))?;
        let c2b = char_to_byte(&text);
        let mut spans: BTreeMap<String, (String, Range<usize>)> = BTreeMap::new();
        let mut golds = Vec::new();
        for (ln, line) in ann.lines().enumerate() {
            let parts: Vec<&str> = line.split('\t').collect();
            if line.starts_with('T') && parts.len() >= 2 {
                let mut f = parts[1].split([' ', ';']);
                let label = f.next().unwrap_or("").to_string();
                let nums: Vec<usize> = f.filter_map(|x| x.parse().ok()).collect();
                let (Some(&s), Some(&e)) = (nums.iter().min(), nums.iter().max()) else {
                    return Err(format!("{}:{}: span without offsets", ap.display(), ln + 1));
                };
                let (Some(&bs), Some(&be)) = (c2b.get(s), c2b.get(e)) else {
                    return Err(format!(
                        "{}:{}: offsets {s}-{e} beyond the text",
                        ap.display(),
                        ln + 1
                    ));
                };
                spans.insert(parts[0].to_string(), (label, bs..be));
            } else if line.starts_with('E') && parts.len() >= 2 {
                let mut content = None;
                let mut source = None;
                for role in parts[1].split_whitespace() {
                    let Some((r, t)) = role.split_once(':') else {
                        continue;
                    };
                    let r = r.trim_end_matches(|c: char| c.is_ascii_digit());
                    match r {
                        "Content" => content = spans.get(t).map(|(_, s)| s.clone()),
                        "Source" => source = spans.get(t).map(|(_, s)| s.clone()),
                        _ => {}
                    }
                }
                let Some(c) = content else { continue };
                let body = &text[c.clone()];
                let trimmed = body.trim();
                let before = text[..c.start].trim_end().chars().next_back();
                let after = text[c.end..].trim_start().chars().next();
                let opens = trimmed.starts_with(is_quote_mark) || before.is_some_and(is_quote_mark);
                let closes = trimmed.ends_with(|c: char| is_quote_mark(c) || c == '.' || c == ',')
                    && trimmed
                        .trim_end_matches(['.', ','])
                        .ends_with(is_quote_mark)
                    || after.is_some_and(is_quote_mark)
                    || trimmed.ends_with(is_quote_mark);
                let marks = trimmed.chars().filter(|&c| is_quote_mark(c)).count();
                let kind = if opens && closes && marks <= 2 {
                    QuoteKind::Direct
                } else if marks > 0 {
                    QuoteKind::Partial
                } else {
                    QuoteKind::Indirect
                };
                golds.push(GoldQuote {
                    range: Some(c.clone()),
                    text: body.to_string(),
                    kind,
                    speaker: source.clone().map(|s| text[s].to_string()),
                    speaker_range: source,
                });
            }
        }
        out.push((stem, text, golds));
    }
    Ok(out)
}

#[derive(Debug, Deserialize)]
struct LabeledQuote {
    doc: String,
    quote: String,
    speaker: Option<String>,
    kind: QuoteKind,
}

/// Labeled records of a JSON Lines file, grouped by their `doc`; an error
/// names the file and line.
fn read_labels<T: serde::de::DeserializeOwned>(
    path: &Path,
    doc: impl Fn(&T) -> String,
) -> Result<BTreeMap<String, Vec<T>>, String> {
    let raw = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let mut by_doc: BTreeMap<String, Vec<T>> = BTreeMap::new();
    for (i, line) in raw.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let rec: T =
            serde_json::from_str(line).map_err(|e| format!("{}:{}: {e}", path.display(), i + 1))?;
        by_doc.entry(doc(&rec)).or_default().push(rec);
    }
    Ok(by_doc)
}

/// The article a label names: file `doc` in `articles` (default: the
/// labels' folder), read and extracted as ingest does.
fn labeled_article(labels: &Path, articles: Option<&Path>, doc: &str) -> Result<Article, String> {
    let dir = articles
        .map(Path::to_path_buf)
        .unwrap_or_else(|| labels.parent().map(Path::to_path_buf).unwrap_or_default());
    let path = dir.join(doc);
    let bytes = std::fs::read(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    let name = path.display().to_string();
    let raw = parallax_ingest::read_bytes(&name, &bytes, parallax_ingest::SourceKind::Text)
        .next()
        .ok_or_else(|| format!("{name}: no article"))?
        .map_err(|e| e.to_string())?;
    Ok(parallax_extract::extract(&raw, &Default::default()))
}

/// Scores quotes against a PolNeAR-style folder or a labeled-quotes JSON
/// Lines file whose `doc`s are files in `articles` (default: the labels'
/// folder). JSONL documents go through extraction first, as ingest does.
pub fn eval_quotes(labels: &Path, articles: Option<&Path>) -> Result<QuoteReport, String> {
    if labels.is_dir() {
        let docs = read_brat(labels)?;
        let n = docs.len();
        let scored: Vec<(Vec<GoldQuote>, Vec<Quote>)> = docs
            .into_iter()
            .map(|(_, text, golds)| (golds, analyze_text(&text, None).quotes))
            .collect();
        return Ok(QuoteReport {
            source: labels.display().to_string(),
            format: "brat attributions (PolNeAR)",
            documents: n,
            rows: rows(&scored),
        });
    }
    let mut scored = Vec::new();
    for (doc, labeled) in read_labels(labels, |q: &LabeledQuote| q.doc.clone())? {
        let golds = labeled
            .into_iter()
            .map(|q| GoldQuote {
                range: None,
                text: q.quote,
                kind: q.kind,
                speaker: q.speaker,
                speaker_range: None,
            })
            .collect();
        let article = labeled_article(labels, articles, &doc)?;
        scored.push((golds, parallax_analyze::analyze(&article).quotes));
    }
    Ok(QuoteReport {
        source: labels.display().to_string(),
        format: "labeled quotes (JSON Lines)",
        documents: scored.len(),
        rows: rows(&scored),
    })
}

#[derive(Debug, Deserialize)]
struct NqSentence {
    text: String,
    quantities: Vec<NqQuantity>,
}

#[derive(Debug, Deserialize)]
struct NqQuantity {
    value: String,
    unit: String,
    normalized_unit: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct ClaimReport {
    pub source: String,
    pub sentences: usize,
    pub value: Prf,
    pub value_unit: Prf,
    /// The same scores on each half of the sentences ([`sentence_half`]):
    /// rules are written reading half A's misses only.
    pub halves: Vec<ClaimHalf>,
    /// The sentences whose values were not all found or not all right,
    /// with their half (`--json` only: what a rule writer reads).
    pub misses: Vec<ClaimMiss>,
    /// Published figures on the same data (NewsQuant paper): name, value
    /// F1, value+unit F1.
    pub published: Vec<(String, f64, f64)>,
}

fn parse_gold_value(v: &str) -> Option<(f64, Option<f64>)> {
    let v = v.trim();
    if let Some((a, b)) = v.split_once('-').filter(|(a, _)| !a.is_empty()) {
        return Some((a.trim().parse().ok()?, Some(b.trim().parse().ok()?)));
    }
    Some((v.parse().ok()?, None))
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-6 * a.abs().max(b.abs()).max(1.0)
}

/// Our unit in NewsQuant's vocabulary of normalised units.
fn nq_unit(c: &Claim) -> String {
    let Some(u) = c.unit.as_deref() else {
        return "-".into();
    };
    // A rate ("USD per barrel"): the unit, then what it is per.
    let (u, per) = match u.split_once(" per ") {
        Some((u, per)) => (u, Some(per)),
        None => (u, None),
    };
    let unit: String = match (c.kind, u) {
        (ClaimKind::Percent, "%") => "percentage".into(),
        (ClaimKind::Money, code) => match code {
            "USD" => "dollar",
            "EUR" => "euro",
            "GBP" => "pound sterling",
            "JPY" => "japanese yen",
            "CNY" => "chinese yuan",
            "AUD" => "australian dollar",
            "MYR" => "malaysian ringgit",
            "HKD" => "hong kong dollar",
            "ILS" => "shekel",
            "INR" => "indian rupee",
            "CAD" => "canadian dollar",
            "NZD" => "new zealand dollar",
            "SGD" => "singaporean dollar",
            "TWD" => "new taiwan dollar",
            "DKK" => "danish krone",
            "SEK" => "swedish krona",
            "NOK" => "norwegian krone",
            "CHF" => "swiss franc",
            "ZAR" => "south african rand",
            "KRW" => "south korean won",
            "BRL" => "brazilian real",
            "MXN" => "mexican peso",
            "RUB" => "russian ruble",
            "TRY" => "turkish lira",
            "PHP" => "philippine peso",
            "cent" => "cent",
            // NewsQuant normalises a share price's "p" (pence) so.
            "pence" => "point",
            other => other,
        }
        .into(),
        (ClaimKind::Duration, age) if age.ends_with(" of age") => age.into(),
        _ => u.replace(" of ", " "),
    };
    match per {
        Some(per) => format!("{unit} per {per}"),
        None => unit,
    }
}

fn unit_matches(ours: &str, gold: &NqQuantity) -> bool {
    // NewsQuant writes its units in lower case; parallax keeps a counted
    // thing's name as written ("FA Cup final").
    let ours = ours.to_lowercase();
    let ours = ours.as_str();
    let g = gold.normalized_unit.to_lowercase();
    if ours == g {
        return true;
    }
    // Counted nouns: NewsQuant keeps the noun phrase ("category product").
    let singular = |s: &str| s.trim_end_matches('s').to_string();
    singular(ours) == singular(&g) || singular(ours) == singular(&gold.unit.to_lowercase())
}

/// A sentence of a [`ClaimReport`] with a value missed or a claim not
/// labeled: the labeled values not found, and the claims (their text)
/// that match no labeled value.
#[derive(Debug, Clone, Serialize)]
pub struct ClaimMiss {
    pub half: &'static str,
    pub text: String,
    pub missed: Vec<String>,
    pub extra: Vec<String>,
    /// Labeled values found with another unit: "value [its unit] read as
    /// [ours]".
    pub unit_missed: Vec<String>,
}

/// One half's scores in a [`ClaimReport`].
#[derive(Debug, Clone, Serialize)]
pub struct ClaimHalf {
    pub half: &'static str,
    pub sentences: usize,
    pub value: Prf,
    pub value_unit: Prf,
}

/// The half ("A" or "B") of a labeled sentence: the parity of the first
/// byte of its text's MD5, a split fixed for good and unrelated to what
/// the sentence says.
pub fn sentence_half(text: &str) -> &'static str {
    use md5::Digest;
    if md5::Md5::digest(text.as_bytes())[0] % 2 == 0 {
        "A"
    } else {
        "B"
    }
}

/// Scores claim values and units against NewsQuant's JSON, on the whole
/// set and on each half. Each sentence is analysed once; the whole set's
/// counts are the halves' summed.
pub fn eval_claims(path: &Path) -> Result<ClaimReport, String> {
    let raw = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let sents: Vec<NqSentence> =
        serde_json::from_str(&raw).map_err(|e| format!("{}: {e}", path.display()))?;
    let mut tally = [Tally::default(); 2];
    let mut misses = Vec::new();
    for s in &sents {
        let half = sentence_half(&s.text);
        let t = &mut tally[usize::from(half == "B")];
        t.sentences += 1;
        misses.extend(score_sentence(s, half, t));
    }
    let whole = tally[0].plus(&tally[1]);
    let halves = ["A", "B"]
        .iter()
        .zip(&tally)
        .map(|(&half, t)| ClaimHalf {
            half,
            sentences: t.sentences,
            value: t.value(),
            value_unit: t.value_unit(),
        })
        .collect();
    Ok(ClaimReport {
        source: path.display().to_string(),
        sentences: sents.len(),
        value: whole.value(),
        value_unit: whole.value_unit(),
        halves,
        misses,
        published: vec![
            ("CQE".into(), 0.920, 0.856),
            ("quantulum3".into(), 0.730, 0.472),
        ],
    })
}

/// Counts of [`eval_claims`]: labeled values, claims, values found, values
/// found with their unit.
#[derive(Debug, Default, Clone, Copy)]
struct Tally {
    sentences: usize,
    gold: usize,
    pred: usize,
    ok_v: usize,
    ok_vu: usize,
}

impl Tally {
    fn plus(&self, o: &Tally) -> Tally {
        Tally {
            sentences: self.sentences + o.sentences,
            gold: self.gold + o.gold,
            pred: self.pred + o.pred,
            ok_v: self.ok_v + o.ok_v,
            ok_vu: self.ok_vu + o.ok_vu,
        }
    }

    fn value(&self) -> Prf {
        Prf::new(self.gold, self.pred, self.ok_v, self.ok_v)
    }

    fn value_unit(&self) -> Prf {
        Prf::new(self.gold, self.pred, self.ok_vu, self.ok_vu)
    }
}

/// Scores one sentence (of `half`) into `t`; its miss when it is not
/// wholly right.
fn score_sentence(s: &NqSentence, half: &'static str, t: &mut Tally) -> Option<ClaimMiss> {
    let claims: Vec<Claim> = analyze_text(&s.text, None)
        .claims
        .into_iter()
        .filter(|c| c.kind != ClaimKind::Ordinal)
        .collect();
    t.gold += s.quantities.len();
    t.pred += claims.len();
    let mut used = vec![false; claims.len()];
    let mut used_u = vec![false; claims.len()];
    let mut missed = Vec::new();
    let mut unit_missed = Vec::new();
    for q in &s.quantities {
        let Some((v, to)) = parse_gold_value(&q.value) else {
            missed.push(format!("{} [{}]", q.value, q.unit));
            continue;
        };
        // NewsQuant writes a share as a ratio ("a third of those
        // screened": 0.333); parallax writes it as the percentage it is
        // (33.33%): a share's ratio is compared too.
        let share = |c: &Claim| c.is_share().then(|| c.value / 100.0);
        let value_ok = |c: &Claim| match to {
            Some(t) => close(c.value, v) && c.value_to.is_some_and(|x| close(x, t)),
            None => close(c.value, v) || share(c).is_some_and(|r| (r - v).abs() < 0.005),
        };
        if let Some(k) = (0..claims.len()).find(|&k| !used[k] && value_ok(&claims[k])) {
            used[k] = true;
            t.ok_v += 1;
        } else {
            missed.push(format!("{} [{}]", q.value, q.unit));
        }
        if let Some(k) = (0..claims.len())
            .find(|&k| !used_u[k] && value_ok(&claims[k]) && unit_matches(&nq_unit(&claims[k]), q))
        {
            used_u[k] = true;
            t.ok_vu += 1;
        } else if let Some(c) = claims.iter().find(|c| value_ok(c)) {
            unit_missed.push(format!(
                "{} [{}] read as [{}]",
                q.value,
                q.normalized_unit,
                nq_unit(c)
            ));
        }
    }
    let extra: Vec<String> = claims
        .iter()
        .zip(&used)
        .filter(|(_, u)| !**u)
        .map(|(c, _)| c.text.clone())
        .collect();
    (!missed.is_empty() || !extra.is_empty() || !unit_missed.is_empty()).then(|| ClaimMiss {
        half,
        text: s.text.clone(),
        missed,
        extra,
        unit_missed,
    })
}

#[derive(Debug, Deserialize)]
struct LabeledEntity {
    doc: String,
    name: String,
    kind: parallax_model::EntityKind,
}

/// One row of the entity report.
#[derive(Debug, Clone, Serialize)]
pub struct EntityRow {
    pub kind: String,
    pub scores: Prf,
}

#[derive(Debug, Clone, Serialize)]
pub struct EntityReport {
    pub source: String,
    pub documents: usize,
    pub rows: Vec<EntityRow>,
    /// Each document with a labeled entity found by no prediction or a
    /// prediction matching no label, for reading the misses (JSON only).
    pub misses: Vec<EntityMiss>,
}

/// One document's misses in [`EntityReport`]: "name (kind)" each.
#[derive(Debug, Clone, Serialize)]
pub struct EntityMiss {
    pub doc: String,
    pub missed: Vec<String>,
    pub extra: Vec<String>,
}

/// Whether a predicted entity is the labeled one: the same kind, and the
/// labeled name is its name or one of its aliases (any case, a last full
/// stop aside: names are kept without the one a sentence's end may have
/// taken, "Martin Luther King Jr"; and a first "The" aside: parallax names
/// "The Huffington Post" and "the Huffington Post" alike, without it).
fn same_entity(gold: &LabeledEntity, p: &parallax_model::Entity) -> bool {
    fn bare(n: &str) -> &str {
        let n = n.trim_end_matches('.');
        match n.get(..4) {
            Some(the) if the.eq_ignore_ascii_case("the ") => &n[4..],
            _ => n,
        }
    }
    let gold_name = bare(&gold.name);
    let same = |n: &str| bare(n).eq_ignore_ascii_case(gold_name);
    p.kind == gold.kind && (same(&p.name) || p.aliases.iter().any(|a| same(a)))
}

/// Scores entities (per article, by kind) against labeled entities as JSON
/// Lines, `{"doc", "name", "kind"}`, whose `doc`s are files in `articles`
/// (default: the labels' folder).
pub fn eval_entities(labels: &Path, articles: Option<&Path>) -> Result<EntityReport, String> {
    let by_doc = read_labels(labels, |e: &LabeledEntity| e.doc.clone())?;
    use parallax_model::EntityKind::{Organization, Person, Place};
    let kinds = [Some(Person), Some(Organization), Some(Place), None];
    let mut counts = [(0usize, 0usize, 0usize, 0usize); 4];
    let mut misses = Vec::new();
    for (doc, golds) in &by_doc {
        let article = labeled_article(labels, articles, doc)?;
        let preds = parallax_analyze::analyze(&article).entities;
        let missed: Vec<String> = golds
            .iter()
            .filter(|g| !preds.iter().any(|p| same_entity(g, p)))
            .map(|g| format!("{} ({})", g.name, g.kind.as_str()))
            .collect();
        let extra: Vec<String> = preds
            .iter()
            .filter(|p| !golds.iter().any(|g| same_entity(g, p)))
            .map(|p| format!("{} ({})", p.name, p.kind.as_str()))
            .collect();
        if !missed.is_empty() || !extra.is_empty() {
            misses.push(EntityMiss {
                doc: doc.clone(),
                missed,
                extra,
            });
        }
        for (k, kind) in kinds.iter().enumerate() {
            let g: Vec<&LabeledEntity> = golds
                .iter()
                .filter(|e| kind.is_none_or(|x| e.kind == x))
                .collect();
            let p: Vec<&parallax_model::Entity> = preds
                .iter()
                .filter(|e| kind.is_none_or(|x| e.kind == x))
                .collect();
            counts[k].0 += g.len();
            counts[k].1 += p.len();
            counts[k].2 += g
                .iter()
                .filter(|ge| p.iter().any(|pe| same_entity(ge, pe)))
                .count();
            counts[k].3 += p
                .iter()
                .filter(|pe| g.iter().any(|ge| same_entity(ge, pe)))
                .count();
        }
    }
    let names = ["person", "organization", "place", "all"];
    Ok(EntityReport {
        source: labels.display().to_string(),
        documents: by_doc.len(),
        rows: names
            .iter()
            .zip(counts)
            .map(|(n, (g, p, f, c))| EntityRow {
                kind: n.to_string(),
                scores: Prf::new(g, p, f, c),
            })
            .collect(),
        misses,
    })
}

#[cfg(test)]
mod tests {
    use super::strict_head;

    #[test]
    fn claims_are_scored_on_both_halves_with_the_misses_listed() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("nq.json");
        let q = |v: &str, u: &str| serde_json::json!({"value": v, "unit": u, "normalized_unit": u});
        let sents: Vec<serde_json::Value> = (0..12)
            .map(|i| {
                serde_json::json!({
                    "text": format!("Rescuers freed {} miners, officials said.", 10 + i),
                    "quantities": [q(&(10 + i).to_string(), "miners"), q("7", "trucks")],
                })
            })
            .collect();
        std::fs::write(&path, serde_json::to_string(&sents).unwrap()).unwrap();
        let r = super::eval_claims(&path).unwrap();
        assert_eq!((r.value.gold, r.value.predicted), (24, 12));
        assert_eq!(r.halves.iter().map(|h| h.sentences).sum::<usize>(), 12);
        assert_eq!(
            r.halves.iter().map(|h| h.value.gold).sum::<usize>(),
            r.value.gold
        );
        assert!(r.halves.iter().all(|h| h.sentences > 0), "{:?}", r.halves);
        // Every sentence misses its "7 trucks" and nothing else.
        assert_eq!(r.misses.len(), 12);
        assert!(r
            .misses
            .iter()
            .all(|m| m.missed == ["7 [trucks]"] && m.extra.is_empty()));
    }

    #[test]
    fn entity_names_are_compared_without_a_first_the_or_a_last_full_stop() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("a.txt"),
            "Ana Ruiz wrote for The Daily Ledger on Monday. Ruiz said it was late.",
        )
        .unwrap();
        let labels = dir.path().join("labels.jsonl");
        std::fs::write(
            &labels,
            "{\"doc\": \"a.txt\", \"name\": \"The Daily Ledger\", \"kind\": \"organization\"}\n\
             {\"doc\": \"a.txt\", \"name\": \"Ana Ruiz.\", \"kind\": \"person\"}\n",
        )
        .unwrap();
        let r = super::eval_entities(&labels, None).unwrap();
        assert!(r.misses.is_empty(), "{:?}", r.misses);
    }

    #[test]
    fn the_strict_head_is_the_last_capitalised_word_before_comma_phrase_or_parenthesis() {
        let h = |s: &str| strict_head(s);
        assert_eq!(
            h("Hillary Clinton campaign spokesman Glen Caplin").as_deref(),
            Some("caplin")
        );
        assert_eq!(h("Sen. Richard Burr (R-N.C.)").as_deref(), Some("burr"));
        assert_eq!(
            h("Donna Brazile, the interim chair of the DNC").as_deref(),
            Some("brazile")
        );
        assert_eq!(
            h("a spokesman for the Trump campaign").as_deref(),
            None,
            "no capitalised word before the `for` phrase"
        );
        assert_eq!(h("Trump's campaign manager").as_deref(), Some("trump"));
        assert_eq!(h("He"), None);
        assert_eq!(h("officials"), None);
        assert_eq!(h("The White House").as_deref(), Some("house"));
        // A description, then the name: the name's surname counts too.
        let a = |s: &str| super::strict_apposition(s);
        assert_eq!(
            h("Bloomberg's pollster, Douglas Schoen,").as_deref(),
            Some("bloomberg")
        );
        assert_eq!(
            a("Bloomberg's pollster, Douglas Schoen,").as_deref(),
            Some("schoen")
        );
        assert_eq!(a("Another user, Roland Z,").as_deref(), Some("z"));
        assert_eq!(a("Donna Brazile, the interim chair of the DNC"), None);
        assert_eq!(a("Rep. Jim Jordan"), None);
    }

    #[test]
    fn a_hyphenated_surname_is_one_word_of_the_speakers_name() {
        let gold = |source: &str| super::GoldQuote {
            range: None,
            text: "x".into(),
            kind: parallax_model::QuoteKind::Direct,
            speaker: Some(source.into()),
            speaker_range: None,
        };
        let said = |speaker: &str| parallax_model::Quote {
            text: "x".into(),
            kind: parallax_model::QuoteKind::Direct,
            speaker: Some(speaker.into()),
            speaker_as_written: None,
            cue: None,
            span: parallax_model::Span::new(0, 1),
            speaker_span: None,
        };
        let strict =
            |source: &str, speaker: &str| super::strict_speaker(&gold(source), &said(speaker));
        assert_eq!(strict("Lopez-Cantera", "Carlos Lopez-Cantera"), Some(true));
        assert_eq!(
            strict("Lt. Gov. Carlos Lopez-Cantera", "Carlos Lopez-Cantera"),
            Some(true)
        );
        // Every piece, not one: "Lopez" alone is someone else.
        assert_eq!(strict("Lopez-Cantera", "Maria Lopez"), Some(false));
        assert_eq!(
            strict("Bloomberg's pollster, Douglas Schoen,", "Douglas Schoen"),
            Some(true)
        );
        assert_eq!(strict("Rubio", "Ted Cruz"), Some(false));
    }
}
