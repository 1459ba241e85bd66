//! Output for people: tables and article sheets.

use std::collections::HashMap;
use std::io::{self, Write};

use parallax_model::{Article, ArticleId, CopyItem, DateSource, EventSummary, PubDate, Storyline};

fn cut(s: &str, width: usize) -> String {
    if s.chars().count() <= width {
        return s.to_string();
    }
    let mut out: String = s.chars().take(width.saturating_sub(1)).collect();
    out.push('…');
    out
}

/// The publication date as shown to people: `~` marks an inferred one.
pub fn date(a: &Article) -> String {
    date_of(a.published, a.published_source)
}

/// A publication date as the listings print it: inferred ones with `~`.
pub fn date_of(published: Option<PubDate>, source: Option<DateSource>) -> String {
    match (published, source) {
        (Some(d), Some(DateSource::Inferred)) => format!("~{d}"),
        (Some(d), _) => d.to_string(),
        (None, _) => "(no date)".to_string(),
    }
}

/// One line per article.
pub fn table(articles: &[Article], out: &mut impl Write) -> io::Result<()> {
    writeln!(
        out,
        "{:<16}  {:<17}  {:<14}  {:<4}  TITLE",
        "ID", "PUBLISHED", "OUTLET", "LANG"
    )?;
    for a in articles {
        writeln!(
            out,
            "{:<16}  {:<17}  {:<14}  {:<4}  {}",
            a.id,
            date(a),
            cut(a.outlet.as_deref().unwrap_or("-"), 14),
            a.language.as_deref().unwrap_or("-"),
            cut(a.title.as_deref().unwrap_or("(untitled)"), 80),
        )?;
    }
    writeln!(out, "{} articles", articles.len())
}

/// One article with its metadata and body.
pub fn article(a: &Article, out: &mut impl Write) -> io::Result<()> {
    writeln!(out, "{}", a.title.as_deref().unwrap_or("(untitled)"))?;
    if let Some(s) = a.title_source {
        writeln!(out, "  title from:  {}", format!("{s:?}").to_lowercase())?;
    }
    writeln!(out, "  id:          {}", a.id)?;
    writeln!(out, "  source:      {}", a.source)?;
    if let Some(u) = &a.url {
        writeln!(out, "  url:         {u}")?;
    }
    let outlet = match (&a.outlet, a.outlet_source) {
        (Some(o), Some(s)) => format!("{o} (from {})", format!("{s:?}").to_lowercase()),
        _ => "unknown".to_string(),
    };
    writeln!(out, "  outlet:      {outlet}")?;
    let published = match (&a.published, a.published_source, &a.published_evidence) {
        (Some(d), Some(s), Some(e)) => format!("{d} ({}: {e})", format!("{s:?}").to_lowercase()),
        _ => "unknown: no date in the text".to_string(),
    };
    writeln!(out, "  published:   {published}")?;
    if let Some(d) = &a.dateline {
        writeln!(out, "  dateline:    {d}")?;
    }
    if let Some(b) = &a.byline {
        writeln!(out, "  byline:      {b}")?;
    }
    for c in &a.credits {
        writeln!(out, "  credit:      {c}")?;
    }
    if a.agency_feed {
        writeln!(out, "  syndication: republished from an agency feed")?;
    }
    for p in &a.provenance {
        writeln!(out, "  provenance:  {}", cut(p, 100))?;
    }
    writeln!(
        out,
        "  language:    {}",
        a.language.as_deref().unwrap_or("unknown")
    )?;
    for d in &a.diagnostics {
        writeln!(out, "  note:        {}", d.message)?;
    }
    writeln!(out)?;
    for para in a.body.split("\n\n") {
        writeln!(out, "{}", wrap(para, 90))?;
        writeln!(out)?;
    }
    Ok(())
}

fn wrap(s: &str, width: usize) -> String {
    let mut out = String::new();
    let mut col = 0;
    for w in s.split(' ') {
        let len = w.chars().count();
        if col > 0 && col + 1 + len > width {
            out.push('\n');
            col = 0;
        } else if col > 0 {
            out.push(' ');
            col += 1;
        }
        out.push_str(w);
        col += len;
    }
    out
}

pub fn span(start: Option<PubDate>, end: Option<PubDate>) -> String {
    match (start, end) {
        (Some(s), Some(e)) if s.date == e.date => s.date_string(),
        (Some(s), Some(e)) => format!("{} to {}", s.date_string(), e.date_string()),
        _ => "undated".to_string(),
    }
}

/// Events, one block each.
pub fn events(events: &[EventSummary], out: &mut impl Write) -> io::Result<()> {
    for e in events {
        writeln!(
            out,
            "event {:<5} {:<24} {}",
            e.id,
            span(e.start, e.end),
            e.label
        )?;
        writeln!(
            out,
            "            storyline {}, {} (parallax articles --event {})",
            e.storyline,
            plural(e.articles, "article"),
            e.id
        )?;
        if !e.outlets.is_empty() {
            let (n, shown) = (e.outlets.len(), OUTLETS_LISTED);
            match n > shown {
                true => writeln!(
                    out,
                    "            outlets: {} and {} more (parallax articles --event {})",
                    e.outlets[..shown].join(", "),
                    n - shown,
                    e.id
                )?,
                false => writeln!(out, "            outlets: {}", e.outlets.join(", "))?,
            }
        }
        if !e.merged.is_empty() {
            let m: Vec<String> = e.merged.iter().map(u32::to_string).collect();
            writeln!(out, "            merged from events {}", m.join(", "))?;
        }
    }
    writeln!(out, "{}", plural(events.len(), "event"))
}

/// The outlets an event's line in a listing names; `--json` has them all.
pub const OUTLETS_LISTED: usize = 8;

/// An event's articles and the first `shown` of its outlets, the rest
/// counted: a listing line of a 300-article event stays one line ("261
/// articles from 34 outlets: a, b, c, d, e and 29 more").
pub fn articles_from(articles: usize, outlets: &[String], shown: usize) -> String {
    let head = plural(articles, "article");
    match outlets {
        [] => head,
        [one] => format!("{head} from {one}"),
        _ if outlets.len() <= shown => {
            format!(
                "{head} from {} outlets: {}",
                outlets.len(),
                outlets.join(", ")
            )
        }
        _ => format!(
            "{head} from {} outlets: {} and {} more",
            outlets.len(),
            outlets[..shown].join(", "),
            outlets.len() - shown
        ),
    }
}

pub fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}

/// Storylines with their events in time order.
pub fn storylines(
    lines: &[Storyline],
    events: &[EventSummary],
    out: &mut impl Write,
) -> io::Result<()> {
    let events: HashMap<u32, &EventSummary> = events.iter().map(|e| (e.id, e)).collect();
    for s in lines {
        writeln!(
            out,
            "storyline {:<5} {:<24} {} ({} events, {} articles)",
            s.id,
            span(s.start, s.end),
            s.label,
            s.events.len(),
            s.articles
        )?;
        for id in &s.events {
            if let Some(e) = events.get(id) {
                writeln!(
                    out,
                    "    {:<24} event {:<5} {}",
                    span(e.start, e.end),
                    e.id,
                    e.label
                )?;
            }
        }
    }
    writeln!(out, "{}", plural(lines.len(), "storyline"))
}

/// Articles by id, for printers that follow ids (a scan per id would be
/// quadratic on a large store).
fn by_id(articles: &[Article]) -> HashMap<&ArticleId, &Article> {
    articles.iter().map(|a| (&a.id, a)).collect()
}

/// The copy report.
pub fn copies(items: &[CopyItem], articles: &[Article], out: &mut impl Write) -> io::Result<()> {
    let articles = by_id(articles);
    for c in items {
        let of = c
            .copy_of
            .as_ref()
            .map_or("(original not in the store)".to_string(), |o| o.to_string());
        let sim = c.similarity.map(|s| format!(" {s:.2}")).unwrap_or_default();
        writeln!(
            out,
            "{}  {:<13}{}  copy of {}",
            c.article,
            c.kind.as_str(),
            sim,
            of
        )?;
        let title = articles
            .get(&c.article)
            .and_then(|a| a.title.as_deref())
            .unwrap_or("");
        writeln!(out, "    {}", cut(title, 60))?;
        writeln!(out, "    why: {}", c.reason)?;
    }
    writeln!(
        out,
        "{}",
        if items.len() == 1 {
            "1 copy".to_string()
        } else {
            format!("{} copies", items.len())
        }
    )
}

/// The table of `parallax eval cluster`.
pub fn eval_table(
    r: &parallax_engine::eval::Report,
    path: &str,
    format: &str,
    out: &mut impl Write,
) -> io::Result<()> {
    writeln!(
        out,
        "{path} ({format}): {} articles streamed, {} scored, level {}",
        r.streamed, r.scored, r.level
    )?;
    writeln!(
        out,
        "{:<26} {:>7} {:>7} {:>7}  {:>7} {:>7} {:>7}  {:>6} {:>6}",
        "", "pair P", "pair R", "pair F1", "B3 P", "B3 R", "B3 F1", "true", "pred"
    )?;
    for row in &r.rows {
        let s = &row.scores;
        writeln!(
            out,
            "{:<26} {:>7.3} {:>7.3} {:>7.3}  {:>7.3} {:>7.3} {:>7.3}  {:>6} {:>6}",
            row.name,
            s.pairwise_precision,
            s.pairwise_recall,
            s.pairwise_f1,
            s.bcubed_precision,
            s.bcubed_recall,
            s.bcubed_f1,
            s.true_clusters,
            s.predicted_clusters
        )?;
    }
    let picked: Vec<String> = r
        .fold_picks
        .iter()
        .map(|p| {
            p.iter()
                .enumerate()
                .map(|(i, v)| {
                    if i == 0 {
                        format!("{v:.2}")
                    } else {
                        v.to_string()
                    }
                })
                .collect::<Vec<_>>()
                .join("/")
        })
        .collect();
    writeln!(
        out,
        "{} picked per fold on the other folds: {}",
        r.tuned,
        picked.join(" ")
    )?;
    if r.level == "event" {
        writeln!(
            out,
            "signals: words, names, figures, dates{}",
            if r.embeddings {
                ", sentence embeddings"
            } else {
                " (lexical only: --lexical, or no sentence-embedding model installed)"
            }
        )?;
    }
    writeln!(out, "speed: {:.0} articles/s through copies + events + storylines (one thread, extraction excluded)", r.articles_per_sec)
}

/// The quote evaluation table.
pub fn quote_eval(
    r: &parallax_engine::eval_facts::QuoteReport,
    out: &mut impl Write,
) -> io::Result<()> {
    writeln!(
        out,
        "{} ({}): {} documents",
        r.source, r.format, r.documents
    )?;
    writeln!(
        out,
        "{:<18} {:>6} {:>6} {:>7} {:>7} {:>7}  {:>8} {:>6}  {:>8} {:>6}",
        "quotes", "gold", "found", "P", "R", "F1", "lenient", "of", "strict", "of"
    )?;
    for row in &r.rows {
        let s = &row.spans;
        writeln!(
            out,
            "{:<18} {:>6} {:>6} {:>7.3} {:>7.3} {:>7.3}  {:>8.3} {:>6}  {:>8.3} {:>6}",
            row.kind,
            s.gold,
            s.predicted,
            s.precision,
            s.recall,
            s.f1,
            row.speaker_accuracy,
            row.with_speaker,
            row.strict_accuracy,
            row.with_strict
        )?;
    }
    writeln!(
        out,
        "P: found quotes that are labeled; R: labeled quotes found; speaker accuracy over the found labeled quotes that have a source:\n\
         lenient: the attribution overlaps the source or shares a name word with it; strict: the last capitalised word of the\n\
         source's head (before its first comma, without an of/at/from/for phrase or a parenthesis) is a word of the speaker,\n\
         or for \"description, Name,\" the name's last word (pronoun sources and sources with no capitalised word are left out)"
    )
}

/// The claim evaluation table, beside published figures.
pub fn claim_eval(
    r: &parallax_engine::eval_facts::ClaimReport,
    out: &mut impl Write,
) -> io::Result<()> {
    writeln!(
        out,
        "{}: {} sentences, {} quantities",
        r.source, r.sentences, r.value.gold
    )?;
    writeln!(
        out,
        "{:<14} {:>7} {:>7} {:>7}   {:>7} {:>7} {:>7}",
        "", "value P", "R", "F1", "+unit P", "R", "F1"
    )?;
    writeln!(
        out,
        "{:<14} {:>7.3} {:>7.3} {:>7.3}   {:>7.3} {:>7.3} {:>7.3}",
        "parallax",
        r.value.precision,
        r.value.recall,
        r.value.f1,
        r.value_unit.precision,
        r.value_unit.recall,
        r.value_unit.f1
    )?;
    for h in &r.halves {
        writeln!(
            out,
            "{:<14} {:>7.3} {:>7.3} {:>7.3}   {:>7.3} {:>7.3} {:>7.3}",
            format!("  half {} ({})", h.half, h.sentences),
            h.value.precision,
            h.value.recall,
            h.value.f1,
            h.value_unit.precision,
            h.value_unit.recall,
            h.value_unit.f1
        )?;
    }
    for (name, v, vu) in &r.published {
        writeln!(
            out,
            "{:<14} {:>7} {:>7} {:>7.3}   {:>7} {:>7} {:>7.3}",
            name, "", "", v, "", "", vu
        )?;
    }
    writeln!(
        out,
        "(published figures from the NewsQuant paper, EMNLP 2023)"
    )
}

pub fn short(id: &ArticleId) -> &str {
    &id.as_str()[..8.min(id.as_str().len())]
}

fn opt_date(d: Option<PubDate>) -> String {
    d.map_or_else(|| "(no date)".to_string(), |d| d.to_string())
}

/// One line per quote: cluster, article, speaker, kind, words.
pub fn quotes(
    items: &[parallax_engine::analyses::QuoteItem],
    out: &mut impl Write,
) -> io::Result<()> {
    writeln!(
        out,
        "{:>5}  {:<8}  {:<22}  {:<8}  quote",
        "clust", "article", "speaker", "kind"
    )?;
    for q in items {
        let speaker = q
            .quote
            .speaker
            .clone()
            .or_else(|| {
                q.quote
                    .speaker_as_written
                    .as_ref()
                    .map(|s| format!("({s})"))
            })
            .unwrap_or_else(|| "?".into());
        writeln!(
            out,
            "{:>5}  {:<8}  {:<22}  {:<8}  {}",
            q.cluster,
            short(&q.article),
            cut(&speaker, 22),
            q.quote.kind.as_str(),
            cut(&q.quote.text, 90)
        )?;
    }
    let clusters: std::collections::HashSet<u32> = items.iter().map(|q| q.cluster).collect();
    writeln!(out, "{} quotes in {} clusters", items.len(), clusters.len())
}

/// A quote cluster: variants by outlet and date, then the related ones.
pub fn quote_cluster(
    cluster: u32,
    variants: &[parallax_engine::analyses::QuoteItem],
    related: &[parallax_engine::analyses::QuoteItem],
    out: &mut impl Write,
) -> io::Result<()> {
    writeln!(out, "quote cluster {cluster}: {} variants", variants.len())?;
    let line = |q: &parallax_engine::analyses::QuoteItem, out: &mut dyn Write| {
        writeln!(
            out,
            "- {} {} ({}), {}: \"{}\"",
            opt_date(q.published),
            q.outlet.as_deref().unwrap_or("unknown outlet"),
            short(&q.article),
            q.quote.speaker.as_deref().unwrap_or("?"),
            q.quote.text
        )
    };
    // A statement printed word for word many times: each wording once,
    // its repeats counted by outlet (see `crate::fold`).
    for (first, repeats) in crate::fold::wordings(variants.iter().map(|q| q.quote.text.as_str())) {
        line(&variants[first], out)?;
        if let Some(&last) = repeats.last() {
            writeln!(
                out,
                "    and {} word for word, to {}: {}",
                plural(repeats.len(), "more printing"),
                opt_date(variants[last].published),
                crate::fold::outlets_counted(
                    repeats
                        .iter()
                        .map(|&i| variants[i].outlet.as_deref().unwrap_or("unknown outlet"))
                )
            )?;
        }
    }
    if !related.is_empty() {
        writeln!(out, "same talking point, different statements:")?;
        for (head, repeats) in crate::fold::wordings(related.iter().map(|q| q.quote.text.as_str()))
        {
            let q = &related[head];
            let more = match repeats.len() {
                0 => String::new(),
                n => format!(" (and {} word for word)", plural(n, "more printing")),
            };
            writeln!(
                out,
                "- cluster {} {} {}: \"{}\"{more}",
                q.cluster,
                opt_date(q.published),
                q.outlet.as_deref().unwrap_or("unknown outlet"),
                cut(&q.quote.text, 100)
            )?;
        }
    }
    Ok(())
}

/// One line per claim.
pub fn claims(
    items: &[parallax_engine::analyses::ClaimItem],
    out: &mut impl Write,
) -> io::Result<()> {
    writeln!(
        out,
        "{:<8}  {:<8}  {:>14}  {:<10}  {:<30}  as written",
        "article", "kind", "value", "unit", "measures"
    )?;
    for c in items {
        let v = &c.claim;
        let value = match v.value_to {
            Some(t) => format!("{}-{}", v.value, t),
            None => format!("{}", v.value),
        };
        let value = match v.hedge.as_deref() {
            Some("approximately") => format!("~{value}"),
            Some("more than") => format!(">{value}"),
            Some("less than") => format!("<{value}"),
            Some("at least") => format!(">={value}"),
            Some("up to") => format!("<={value}"),
            _ => value,
        };
        let measures = match (&v.measures, &v.period) {
            (Some(m), Some(p)) => format!("{m}, {p}"),
            (Some(m), None) => m.clone(),
            (None, Some(p)) => p.clone(),
            (None, None) => String::new(),
        };
        writeln!(
            out,
            "{:<8}  {:<8}  {:>14}  {:<10}  {:<30}  {}",
            short(&c.article),
            v.kind.as_str(),
            cut(&value, 14),
            cut(v.unit.as_deref().unwrap_or(""), 10),
            cut(&measures, 30),
            v.text
        )?;
    }
    writeln!(out, "{} claims", items.len())
}

/// One line per entity, most widely reported first.
pub fn entities(
    items: &[parallax_engine::analyses::EntityItem],
    out: &mut impl Write,
) -> io::Result<()> {
    writeln!(
        out,
        "{:<28}  {:<12}  {:>8}  {:>8}  role / aliases",
        "entity", "kind", "articles", "mentions"
    )?;
    for e in items {
        let mut extra = Vec::new();
        if let Some(r) = &e.role {
            extra.push(r.clone());
        }
        if let Some(c) = &e.country {
            extra.push(c.clone());
        }
        if !e.aliases.is_empty() {
            extra.push(format!("aka {}", e.aliases.join(", ")));
        }
        writeln!(
            out,
            "{:<28}  {:<12}  {:>8}  {:>8}  {}",
            cut(&e.name, 28),
            e.kind.as_str(),
            e.articles.len(),
            e.mentions,
            extra.join("; ")
        )?;
    }
    Ok(())
}

/// The entity evaluation table.
pub fn entity_eval(
    r: &parallax_engine::eval_facts::EntityReport,
    out: &mut impl Write,
) -> io::Result<()> {
    writeln!(out, "{}: {} documents", r.source, r.documents)?;
    writeln!(
        out,
        "{:<14} {:>6} {:>9} {:>7} {:>7} {:>7}",
        "entities", "gold", "predicted", "P", "R", "F1"
    )?;
    for row in &r.rows {
        let s = &row.scores;
        writeln!(
            out,
            "{:<14} {:>6} {:>9} {:>7.3} {:>7.3} {:>7.3}",
            row.kind, s.gold, s.predicted, s.precision, s.recall, s.f1
        )?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_listing_names_a_few_outlets_and_counts_the_rest() {
        let outlets: Vec<String> = (1..=7).map(|i| format!("o{i}.com")).collect();
        assert_eq!(articles_from(3, &[], 5), "3 articles");
        assert_eq!(articles_from(1, &outlets[..1], 5), "1 article from o1.com");
        assert_eq!(
            articles_from(4, &outlets[..5], 5),
            "4 articles from 5 outlets: o1.com, o2.com, o3.com, o4.com, o5.com"
        );
        assert_eq!(
            articles_from(12, &outlets, 5),
            "12 articles from 7 outlets: o1.com, o2.com, o3.com, o4.com, o5.com and 2 more"
        );
    }
}
