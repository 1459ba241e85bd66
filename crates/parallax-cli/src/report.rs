//! The coverage report of `parallax analyze` and the comparison of
//! `parallax compare`, as text or Markdown (the HTML report is in
//! `html.rs`). Text and Markdown share one writer: headings and lists are
//! the same; Markdown escapes what it would read as markup and draws the
//! claims as a table.

use std::collections::HashMap;
use std::io::{self, Write};

use parallax_engine::compare::{ClaimRow, ClaimStatus, Comparison, Support};
use parallax_model::{Article, ArticleId, Event, Storyline};

use crate::print::{date, plural, short, span};
use parallax_text::clip;

/// How the report is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    Text,
    Markdown,
}

/// Everything the report shows, borrowed.
#[derive(Debug)]
pub struct Report<'a> {
    pub articles: &'a [Article],
    pub storylines: &'a [Storyline],
    pub events: &'a [Event],
    pub comparisons: &'a [Comparison],
    pub quotes: usize,
    pub claims: usize,
}

impl Report<'_> {
    /// The report of one event alone (its storyline reduced to it), as an
    /// event's page shows it, handed to `render`.
    pub fn of_event<R>(
        event: &Event,
        c: &Comparison,
        articles: &[Article],
        render: impl FnOnce(&Report<'_>) -> R,
    ) -> R {
        let storyline = Storyline {
            id: event.storyline,
            label: event.label.clone(),
            start: event.start,
            end: event.end,
            events: vec![event.id],
            articles: event.articles.len(),
        };
        render(&Report {
            articles,
            storylines: std::slice::from_ref(&storyline),
            events: std::slice::from_ref(event),
            comparisons: std::slice::from_ref(c),
            quotes: c.quotes.iter().map(|q| q.variants.len()).sum(),
            claims: c.claims.len(),
        })
    }
}

impl Style {
    /// A heading of `level` (1 to 4): Markdown's `#` marks, or in plain
    /// text the heading underlined (`=`, `-`, `~`, `.` by level), so a
    /// text report reads as text, not as Markdown source.
    pub fn heading(self, level: usize, text: &str) -> String {
        match self {
            Style::Markdown => format!("{} {text}", "#".repeat(level.clamp(1, 6))),
            Style::Text => {
                let mark = match level {
                    1 => '=',
                    2 => '-',
                    3 => '~',
                    _ => '.',
                };
                let width = text.chars().count().min(100);
                format!("{text}\n{}", mark.to_string().repeat(width))
            }
        }
    }

    /// `s` as the style writes running text: Markdown escapes markup
    /// characters (and `<`, so no HTML in an article reaches a renderer).
    pub fn esc(self, s: &str) -> String {
        match self {
            Style::Text => s.to_string(),
            Style::Markdown => {
                let mut out = String::with_capacity(s.len());
                for c in s.chars() {
                    match c {
                        '<' => out.push_str("&lt;"),
                        '>' => out.push_str("&gt;"),
                        '\\' | '*' | '_' | '`' | '[' | ']' | '|' | '#' => {
                            out.push('\\');
                            out.push(c);
                        }
                        _ => out.push(c),
                    }
                }
                out
            }
        }
    }
}

pub fn status_word(row: &ClaimRow) -> String {
    match row.status {
        ClaimStatus::Agree => format!("agree ({} independent)", row.confirmed_by),
        ClaimStatus::Hedged => format!(
            "same figure, qualified differently ({} independent)",
            row.confirmed_by
        ),
        ClaimStatus::Differs => "DIFFERS".to_string(),
        ClaimStatus::Single => "one source".to_string(),
    }
}

pub fn support_word(s: Support, k: usize) -> String {
    match s {
        Support::All => format!("all {k}"),
        Support::Most => format!("{k}, most"),
        Support::Some => format!("{k}"),
    }
}

/// The whole report: storylines, their events in time order, and per
/// event its articles, copies and comparison.
pub fn write(r: &Report<'_>, style: Style, out: &mut impl Write) -> io::Result<()> {
    writeln!(
        out,
        "{}",
        style.heading(
            1,
            &format!(
                "Coverage: {}, {}, {}",
                plural(r.articles.len(), "article"),
                plural(r.events.len(), "event"),
                plural(r.storylines.len(), "storyline")
            )
        )
    )?;
    writeln!(out)?;
    writeln!(
        out,
        "{} quotes and {} figures found; {} give the details.",
        r.quotes,
        r.claims,
        match style {
            Style::Markdown => "`parallax quotes`, `parallax claims` and `parallax compare EVENT`",
            Style::Text => "parallax quotes, parallax claims and parallax compare EVENT",
        }
    )?;
    let by_event: HashMap<u32, &Event> = r.events.iter().map(|e| (e.id, e)).collect();
    let by_cmp: HashMap<u32, &Comparison> = r.comparisons.iter().map(|c| (c.event, c)).collect();
    let by_article: HashMap<&ArticleId, &Article> = r.articles.iter().map(|a| (&a.id, a)).collect();
    for s in r.storylines {
        writeln!(out)?;
        writeln!(
            out,
            "{}",
            style.heading(
                2,
                &format!(
                    "Storyline {}: {} ({}, {})",
                    s.id,
                    style.esc(&s.label),
                    span(s.start, s.end),
                    plural(s.events.len(), "event")
                )
            )
        )?;
        if s.events.len() > 1 {
            writeln!(out)?;
            writeln!(out, "Timeline:")?;
            for id in &s.events {
                if let Some(e) = by_event.get(id) {
                    writeln!(
                        out,
                        "- {}: event {}, {} ({})",
                        span(e.start, e.end),
                        e.id,
                        style.esc(&clip(&e.label, 90)),
                        plural(e.articles.len(), "article")
                    )?;
                }
            }
        }
        for id in &s.events {
            let Some(e) = by_event.get(id) else {
                continue;
            };
            writeln!(out)?;
            writeln!(
                out,
                "{}",
                style.heading(
                    3,
                    &format!(
                        "Event {} ({}): {}",
                        e.id,
                        span(e.start, e.end),
                        style.esc(&e.label)
                    )
                )
            )?;
            writeln!(out)?;
            let cmp = by_cmp.get(&e.id);
            let origins = cmp.map(|c| crate::fold::Origins::of(c));
            let mut listed = origins.as_ref().map(|o| o.filter());
            for aid in &e.articles {
                let Some(a) = by_article.get(aid) else {
                    continue;
                };
                let outlet = a.outlet.as_deref().unwrap_or("outlet unknown");
                if listed.as_mut().is_none_or(|f| f.keep(aid, outlet)) {
                    article_line(a, style, out)?;
                }
            }
            if let Some(folded) = listed.and_then(|f| f.summary()) {
                writeln!(
                    out,
                    "- and {} (`parallax articles --event {}` lists every article)",
                    style.esc(&folded),
                    e.id
                )?;
            }
            if let Some(c) = cmp {
                comparison(c, style, out)?;
            }
        }
    }
    Ok(())
}

fn article_line(a: &Article, style: Style, out: &mut impl Write) -> io::Result<()> {
    let mut facts = vec![
        date(a),
        a.outlet.clone().unwrap_or_else(|| "outlet unknown".into()),
        format!("{} words", a.body.split_whitespace().count()),
        format!("id {}", short(&a.id)),
    ];
    if let Some(d) = &a.dateline {
        facts.push(format!("dateline \"{d}\""));
    }
    if !a.credits.is_empty() {
        facts.push(format!("credit \"{}\"", a.credits.join("; ")));
    }
    writeln!(
        out,
        "- {} ({})",
        style.esc(a.title.as_deref().unwrap_or("(untitled)")),
        style.esc(&facts.join(", "))
    )?;
    writeln!(out, "  source: {}", style.esc(&a.source))?;
    for d in a.diagnostics.iter().filter(|d| d.code != "derived_title") {
        writeln!(out, "  note: {}", style.esc(&d.message))?;
    }
    Ok(())
}

/// One event's comparison.
pub fn comparison(c: &Comparison, style: Style, out: &mut impl Write) -> io::Result<()> {
    let e = |s: &str| style.esc(s);
    writeln!(out)?;
    writeln!(
        out,
        "{}",
        style.heading(
            4,
            &format!(
                "Sources: {}, {} independent",
                plural(c.sources.len(), "article"),
                c.independent
            )
        )
    )?;
    writeln!(out)?;
    let origins = crate::fold::Origins::of(c);
    let mut listed = origins.filter();
    for s in c
        .sources
        .iter()
        .filter(|s| listed.keep(&s.article, s.outlet.as_deref().unwrap_or(&s.label)))
    {
        let when = s
            .published
            .map_or_else(|| "no date".to_string(), |d| d.to_string());
        let copy = match &s.copy {
            Some(why) => format!("; copy: {why}"),
            None => String::new(),
        };
        let counted = if s.independent {
            ""
        } else {
            " (same origin as an earlier source: not counted again)"
        };
        writeln!(out, "- {} ({when}){}{counted}", e(&s.label), e(&copy))?;
    }
    if let Some(folded) = listed.summary() {
        writeln!(
            out,
            "- and {}, not counted again (`--json` lists every source)",
            e(&folded)
        )?;
    }
    if !c.agreed.is_empty() {
        writeln!(out)?;
        writeln!(
            out,
            "{}",
            style.heading(4, "Agreed: facts two or more independent sources report")
        )?;
        writeln!(out)?;
        for (i, f) in c.agreed.iter().enumerate() {
            let who = origins.carriers(
                f.carriers.iter().map(|x| (&x.article, x.label.as_str())),
                f.carried_by,
                f.independent,
            );
            writeln!(
                out,
                "{}. [{}] {} ({})",
                i + 1,
                support_word(f.support, f.independent),
                e(&f.text),
                e(&who.words())
            )?;
        }
    }
    let shared: Vec<&ClaimRow> = c
        .claims
        .iter()
        .filter(|r| r.status != ClaimStatus::Single)
        .collect();
    let single = c
        .claims
        .iter()
        .filter(|r| r.status == ClaimStatus::Single && r.kind != parallax_model::ClaimKind::Number)
        .count();
    if !shared.is_empty() || single > 0 {
        writeln!(out)?;
        writeln!(out, "{}", style.heading(4, "Claims side by side"))?;
        writeln!(out)?;
        if style == Style::Markdown && !shared.is_empty() {
            writeln!(out, "| what | period | values | status |")?;
            writeln!(out, "|---|---|---|---|")?;
        }
        for row in &shared {
            let mut cells: Vec<String> = row
                .values
                .iter()
                .map(|v| {
                    let flag = if v.flagged { " ⚠ differs" } else { "" };
                    format!("{}: \"{}\"{flag}", e(&v.label), e(&v.text))
                })
                .collect();
            cells.extend(row.missing.iter().map(|m| format!("{}: no figure", e(m))));
            let period = row.period.clone().unwrap_or_default();
            match style {
                Style::Markdown => writeln!(
                    out,
                    "| {} | {} | {} | {} |",
                    e(&clip(&row.what, 80)),
                    e(&period),
                    cells.join("; "),
                    status_word(row)
                )?,
                Style::Text => {
                    let period = if period.is_empty() {
                        String::new()
                    } else {
                        format!(" ({period})")
                    };
                    writeln!(
                        out,
                        "- {}{period}: {}",
                        clip(&row.what, 80),
                        status_word(row)
                    )?;
                    for cell in &cells {
                        writeln!(out, "    {cell}")?;
                    }
                }
            }
            if row.status == ClaimStatus::Differs {
                for v in row.values.iter().filter(|v| v.flagged) {
                    writeln!(
                        out,
                        "{}  {} says: {}",
                        if style == Style::Markdown { "\n" } else { "" },
                        e(&v.label),
                        e(&v.sentence)
                    )?;
                }
            }
        }
        if single > 0 {
            if style == Style::Markdown && !shared.is_empty() {
                writeln!(out)?;
            }
            let mut by: Vec<(String, Vec<String>)> = Vec::new();
            // Bare numbers alone say little without a comparison.
            for row in c.claims.iter().filter(|r| {
                r.status == ClaimStatus::Single && r.kind != parallax_model::ClaimKind::Number
            }) {
                let v = &row.values[0];
                let item = format!("\"{}\" ({})", v.text, clip(&row.what, 50));
                match by.iter_mut().find(|(l, _)| *l == v.label) {
                    Some((_, items)) => items.push(item),
                    None => by.push((v.label.clone(), vec![item])),
                }
            }
            for (label, items) in by {
                let more = items.len().saturating_sub(6);
                let mut shown: Vec<String> = items.into_iter().take(6).collect();
                if more > 0 {
                    shown.push(format!("{more} more"));
                }
                writeln!(out, "- only {}: {}", e(&label), e(&shown.join("; ")))?;
            }
        }
    }
    if !c.quotes.is_empty() {
        writeln!(out)?;
        writeln!(out, "{}", style.heading(4, "Quotes by speaker"))?;
        writeln!(out)?;
        let mut speakers: Vec<(String, Vec<usize>)> = Vec::new();
        for (i, q) in c.quotes.iter().enumerate() {
            let name = q
                .speaker
                .clone()
                .unwrap_or_else(|| "(speaker unknown)".into());
            match speakers.iter_mut().find(|(n, _)| *n == name) {
                Some((_, v)) => v.push(i),
                None => speakers.push((name, vec![i])),
            }
        }
        for (name, rows) in speakers {
            writeln!(out, "- {}", e(&name))?;
            for &i in &rows {
                let q = &c.quotes[i];
                for (k, v) in q.variants.iter().enumerate() {
                    let who = v.speaker.as_deref().filter(|s| *s != name);
                    let written = match (who, v.speaker_as_written.as_deref()) {
                        (Some(s), Some(w)) if w != s => format!(", {s} as \"{w}\""),
                        (Some(s), _) => format!(", {s}"),
                        (None, Some(w)) if !w.eq_ignore_ascii_case(&name) => {
                            format!(", as \"{w}\"")
                        }
                        _ => String::new(),
                    };
                    let reported = if v.kind == parallax_model::QuoteKind::Indirect {
                        "reported: "
                    } else {
                        ""
                    };
                    let lead = if k == 0 {
                        format!("cluster {}: ", q.cluster)
                    } else {
                        "variant: ".to_string()
                    };
                    writeln!(
                        out,
                        "    {lead}{reported}\"{}\" ({}{written})",
                        e(&clip(&v.text, 110)),
                        e(&origins
                            .carriers(
                                v.articles.iter().zip(v.labels.iter().map(String::as_str)),
                                v.carried_by,
                                q.independent,
                            )
                            .words())
                    )?;
                }
            }
        }
    }
    let views = crate::fold::views(c);
    if !views.is_empty() {
        writeln!(out)?;
        writeln!(
            out,
            "{}",
            style.heading(4, "What each outlet adds and leaves out")
        )?;
        for v in &views {
            let o = v.view;
            writeln!(out)?;
            match v.copies_line() {
                Some(copies) => writeln!(out, "- {}, {}", e(&o.label), e(&copies))?,
                None => writeln!(out, "- {}", e(&o.label))?,
            }
            let more = o.adds.len().saturating_sub(8);
            for a in o.adds.iter().take(8) {
                writeln!(out, "    adds: {}", e(a))?;
            }
            if more > 0 {
                writeln!(
                    out,
                    "    adds {}",
                    crate::print::plural(more, "more sentence")
                )?;
            }
            for &i in &o.leaves_out {
                if let Some(f) = c.agreed.get(i) {
                    writeln!(
                        out,
                        "    leaves out fact {}: {}",
                        i + 1,
                        e(&clip(&f.text, 120))
                    )?;
                }
            }
        }
    }
    if !c.wording.is_empty() {
        writeln!(out)?;
        writeln!(
            out,
            "{}",
            style.heading(4, "Wording: the same thing in different words")
        )?;
        writeln!(out)?;
        // A few outlets and phrases each: the JSON has them all.
        for w in &c.wording {
            let mut parts: Vec<String> = w
                .variants
                .iter()
                .take(4)
                .map(|v| {
                    let ps: Vec<String> = v
                        .phrases
                        .iter()
                        .take(2)
                        .map(|p| format!("\"{p}\""))
                        .collect();
                    format!("{}: {}", v.label, ps.join(", "))
                })
                .collect();
            if w.variants.len() > 4 {
                parts.push(format!("{} more outlets", w.variants.len() - 4));
            }
            writeln!(out, "- {}: {}", e(&w.anchor), e(&parts.join("; ")))?;
        }
    }
    Ok(())
}
