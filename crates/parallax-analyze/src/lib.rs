//! The analyze stage: article -> entities, quotes, numeric claims.
//!
//! Pure and per article, so it runs on each article once, as it arrives;
//! only quote clusters ([`cluster_quotes`]) look across articles.
//!
//! ```
//! let facts = parallax_analyze::analyze_text(
//!     "\"Prices will fall by nearly 10% this year,\" Finance Minister Ana Ruiz said.",
//!     Some(2024),
//! );
//! assert_eq!(facts.quotes[0].speaker.as_deref(), Some("Ana Ruiz"));
//! assert_eq!(facts.claims[0].value, 10.0);
//! ```
//!
//! Spans from [`analyze_text`] are byte ranges into the text given; from
//! [`analyze`] they are ranges into the article's original text.

mod claims;
mod doc;
mod entities;
mod lexicon;
mod qcluster;
mod quotes;

#[cfg(test)]
mod tests;

use parallax_model::{Article, Claim, Entity, Facts, Quote, Span};

pub use qcluster::{cluster_quotes, QuoteClusterConfig, QuoteClusterer, QuoteClusters, QuoteRow};

/// Whether a lowercased word names a month or a weekday ("march" only
/// as a month name: the caller knows whether it was capitalised).
pub fn is_calendar_word(lower: &str) -> bool {
    lexicon::is_month(lower) || lexicon::is_weekday(lower)
}

/// Sentences of `text` as byte ranges, with quotations masked so that a
/// period inside a quote does not end the reporter's sentence.
pub fn sentences(text: &str) -> Vec<std::ops::Range<usize>> {
    // No tokens needed: a long text costs its sentences only.
    doc::sentence_ranges(text, &doc::quote_regions(text))
}

/// Entities, quotes and claims of `text`, spans relative to `text`. `year`
/// is the publication year, used to date "this year" in claim periods.
pub fn analyze_text(text: &str, year: Option<i32>) -> Facts {
    analyze_mapped(text, year, &|r| Span::from(r))
}

/// Entities, quotes and claims of an article's body, spans into the
/// original text.
pub fn analyze(article: &Article) -> Facts {
    let year = article.published.map(|d| d.date.year());
    analyze_mapped(&article.body, year, &|r| {
        Span::from(article.body_map.to_original(r))
    })
}

/// The most tokens of one text the analyzer reads: 2^20, about 6 MB of
/// prose, more than the largest article ingest accepts by default. Only
/// a text denser in tokens than prose ("a!a!a!...", a token per byte)
/// reaches it; past it the text is not analysed, so the analyzer's memory
/// (some 64 bytes a token) stays under about 100 MB whatever it is given.
pub const MAX_TOKENS: usize = 1 << 20;

/// How many bytes of `text` the analyzer reads: all of it, or up to where
/// it would hold [`MAX_TOKENS`] tokens, counted from above (a run of
/// letters or digits counts one, any other visible character one, a
/// run of one mark at most four).
fn analyzed_len(text: &str) -> usize {
    // A token is at least a byte: a text no longer than the cap is read
    // whole without counting (news articles are far under 1 MiB).
    if text.len() <= MAX_TOKENS {
        return text.len();
    }
    let mut tokens = 0usize;
    let mut in_word = false;
    // The current run of one character, which the tokenizer makes one
    // token from its fourth mark on.
    let (mut last, mut run) = (' ', 0usize);
    for (i, c) in text.char_indices() {
        if c == last {
            run += 1;
        } else {
            (last, run) = (c, 1);
        }
        if c.is_alphanumeric() {
            if !in_word {
                tokens += 1;
            }
            in_word = true;
        } else {
            in_word = false;
            if !c.is_whitespace() && run <= 4 {
                tokens += 1;
            }
        }
        if tokens > MAX_TOKENS {
            return i;
        }
    }
    text.len()
}

fn analyze_mapped(
    text: &str,
    year: Option<i32>,
    map: &dyn Fn(std::ops::Range<usize>) -> Span,
) -> Facts {
    let text = &text[..analyzed_len(text)];
    let doc = doc::Doc::new(text);
    // How the text writes its words, made once for both steps that ask.
    let mut cases = entities::Casing::default();
    let mentions = entities::find_mentions(&doc, &mut cases);
    let mut ents = entities::resolve(&doc, mentions, &mut cases);
    let mut found = quotes::find_quotes(&doc, &mut ents);
    found.extend(quotes::find_indirect(&doc, &mut ents));
    found.sort_by_key(|q| q.text.start);
    let quotes = found
        .into_iter()
        .map(|q| Quote {
            text: text[q.text.clone()].to_string(),
            kind: q.kind,
            speaker: q.speaker,
            speaker_as_written: q.as_written.clone().map(|r| text[r].to_string()),
            cue: q.cue,
            span: map(q.text),
            speaker_span: q.as_written.map(map),
        })
        .collect();
    let entities = ents
        .list
        .into_iter()
        .filter(|e| !e.mentions.is_empty())
        .map(|e| {
            let mut mentions: Vec<Span> = e.mentions.into_iter().map(map).collect();
            mentions.sort();
            Entity {
                name: e.name,
                kind: e.kind,
                role: e.role,
                country: e.country.map(str::to_string),
                aliases: e.aliases,
                mentions,
            }
        })
        .collect();
    let claims = claims::find_claims_in(text, &doc.sentences, year)
        .into_iter()
        .map(|c| Claim {
            text: text[c.range.clone()].to_string(),
            kind: c.kind,
            value: c.value,
            value_to: c.value_to,
            unit: c.unit,
            hedge: c.hedge.map(str::to_string),
            measures: c.measures,
            period: c.period,
            span: map(c.range),
        })
        .collect();
    Facts {
        entities,
        quotes,
        claims,
    }
}
