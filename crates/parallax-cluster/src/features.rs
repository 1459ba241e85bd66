//! What an article is about, as sparse weighted terms: salient words and
//! names (capitalised sequences: people, places, organisations), and its
//! date. Pure functions of the article.

use rustc_hash::FxHashMap as HashMap;

use parallax_model::Article;
use parallax_text::Token;

/// Whether a lowercase word is a function word ("the", "to", "of"), which
/// says nothing of what a text is about (see [`parallax_text::is_stopword`]).
pub use parallax_text::is_stopword as is_stop;

/// Sparse features of one article.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Features {
    /// Salient words with raw weights (counts, with the title and lead
    /// weighing more).
    pub terms: HashMap<String, f32>,
    /// Names with raw weights.
    pub names: HashMap<String, f32>,
    /// Days since 1970-01-01 of the publication date, if known.
    pub day: Option<i32>,
    /// A sentence embedding of the article (unit length), when a model is
    /// at hand; see `parallax-embed`.
    pub embedding: Option<Vec<f32>>,
}

fn stem(w: &str) -> String {
    // As `trim_end_matches("'s").trim_end_matches("’s")`, without making
    // its two searchers for each of a body's tokens (1% of an ingest's
    // instructions): only a word ending in "s" has anything to strip.
    let w = if w.ends_with('s') {
        strip_all(strip_all(w, "'s"), "’s")
    } else {
        w
    };
    // Plural folding only: "talks"/"talk", "sanctions"/"sanction". Heavier
    // stemming merges words that tell events apart.
    if w.len() > 4
        && w.ends_with('s')
        && !w.ends_with("ss")
        && !w.ends_with("us")
        && !w.ends_with("is")
    {
        w[..w.len() - 1].to_string()
    } else {
        w.to_string()
    }
}

/// Terms from the title (weight 2), the first paragraphs (1.5) and the rest
/// of the body (1), up to `max_tokens` body tokens.
pub fn features(a: &Article, max_tokens: usize) -> Features {
    features_with(a, max_tokens, &parallax_text::tokens(&a.body))
}

/// [`features`] of an article whose body is already tokenized
/// (`body_tokens`: [`parallax_text::tokens`] of `a.body`): the engine
/// tokenizes a body once for the copy and event stages. A paragraph's
/// tokens are those of the body inside it, as a paragraph break is never
/// part of a word.
pub fn features_with(a: &Article, max_tokens: usize, body_tokens: &[Token]) -> Features {
    let mut f = Features {
        day: a.published.map(|p| p.date.to_julian_day() - 2_440_588),
        ..Features::default()
    };
    let title = a.title.as_deref().unwrap_or("");
    let title_is_lead = a.title_source == Some(parallax_model::TitleSource::Derived);
    if !title_is_lead {
        add_terms(&mut f, title, 2.0, usize::MAX);
        add_names(&mut f, title, 2.0);
    }
    let mut budget = max_tokens;
    let mut rest = body_tokens;
    let mut start = 0;
    for (i, para) in a.body.split("\n\n").enumerate() {
        if budget == 0 {
            break;
        }
        let end = start + para.len();
        let (mine, after) = rest.split_at(rest.partition_point(|t| t.range.start < end));
        let w = if i < 2 { 1.5 } else { 1.0 };
        add_figures(&mut f, para, w);
        budget = budget.saturating_sub(add_token_terms(&mut f, mine, w, budget));
        add_names(&mut f, para, w);
        rest = after;
        start = end + 2;
    }
    f
}

/// Figures as printed ("2,000", "38.2", "30%"): a specific number shared
/// by two reports is strong evidence they tell the same happening. Years
/// and one-digit numbers say little and are left out.
fn add_figures(f: &mut Features, text: &str, weight: f32) {
    let b = text.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if b[i].is_ascii_digit() && (i == 0 || !b[i - 1].is_ascii_alphanumeric()) {
            let start = i;
            while i < b.len()
                && (b[i].is_ascii_digit()
                    || (matches!(b[i], b',' | b'.')
                        && i + 1 < b.len()
                        && b[i + 1].is_ascii_digit()))
            {
                i += 1;
            }
            let digits: String = text[start..i].chars().filter(|c| *c != ',').collect();
            let is_year = digits.len() == 4
                && (digits.starts_with("19") || digits.starts_with("20"))
                && !digits.contains('.');
            if digits.chars().filter(char::is_ascii_digit).count() >= 2 && !is_year {
                *f.terms.entry(format!("#{digits}")).or_default() += weight;
            }
        }
        i += 1;
    }
}

fn add_terms(f: &mut Features, text: &str, weight: f32, budget: usize) -> usize {
    add_figures(f, text, weight);
    add_token_terms(f, &parallax_text::tokens(text), weight, budget)
}

/// The terms of up to `budget` tokens; how many were read.
fn add_token_terms(f: &mut Features, tokens: &[Token], weight: f32, budget: usize) -> usize {
    let mut used = 0;
    for t in tokens.iter().take(budget) {
        used += 1;
        if t.text.chars().count() < 3 || t.text.chars().all(|c| c.is_numeric()) || is_stop(&t.text)
        {
            continue;
        }
        *f.terms.entry(stem(&t.text)).or_default() += weight;
    }
    used
}

/// Names: runs of capitalised words (with "of", "de", "al" inside), not
/// counting a stopword that merely opens a sentence. The whole name and its
/// last word both count, so "Ana Kovac" and "Kovac" meet halfway.
fn add_names(f: &mut Features, text: &str, weight: f32) {
    let mut run: Vec<&str> = Vec::new();
    let flush = |run: &mut Vec<&str>, f: &mut Features| {
        while run
            .last()
            .is_some_and(|w| matches!(*w, "of" | "de" | "al" | "the"))
        {
            run.pop();
        }
        if !run.is_empty() {
            let mut key = String::with_capacity(run.iter().map(|w| w.len() + 1).sum());
            for (i, w) in run.iter().enumerate() {
                if i > 0 {
                    key.push(' ');
                }
                push_lower(&mut key, w);
            }
            *f.names.entry(key).or_default() += weight;
            if run.len() > 1 {
                let mut last = String::new();
                push_lower(&mut last, run[run.len() - 1]);
                *f.names.entry(last).or_default() += weight * 0.5;
            }
        }
        run.clear();
    };
    for raw in text.split_whitespace() {
        // Outside a name, a word that opens with a small ASCII letter is
        // no part of one and ends nothing: most words of a text, passed
        // over before they are trimmed and tested.
        if run.is_empty() && raw.as_bytes()[0].is_ascii_lowercase() {
            continue;
        }
        let word = raw.trim_matches(|c: char| !c.is_alphanumeric());
        // Every trailing "'s", then every "’s" (as `trim_end_matches`
        // would, without its searcher: this runs on every word).
        let word = if word.ends_with('s') {
            strip_all(strip_all(word, "'s"), "’s")
        } else {
            word
        };
        let capital =
            word.chars().next().is_some_and(char::is_uppercase) && word.chars().count() > 1;
        // A capitalised stopword ("The", "In") opens a sentence or a title;
        // it names nothing. "of", "de", "al" may join the words of a name.
        let joins = !run.is_empty() && matches!(word, "of" | "de" | "al");
        if capital && !parallax_text::with_lowercase(word, is_stop) || joins {
            run.push(word);
        } else {
            flush(&mut run, f);
        }
        // Punctuation after a word ends the name: "Beijing, China" is two.
        if raw.ends_with([',', ';', '.', '!', '?', ':', '"', '”', ')']) {
            flush(&mut run, f);
        }
    }
    flush(&mut run, f);
}

/// `word` lowercased onto `out`: ASCII in place, the rest by the Unicode
/// tables (as `str::to_lowercase`). Names are read from every paragraph
/// of every article, so the common case makes no string of its own.
fn push_lower(out: &mut String, word: &str) {
    if word.is_ascii() {
        let start = out.len();
        out.push_str(word);
        out[start..].make_ascii_lowercase();
    } else {
        out.push_str(&word.to_lowercase());
    }
}

/// `word` without any number of `suffix` at its end.
fn strip_all<'a>(mut word: &'a str, suffix: &str) -> &'a str {
    while let Some(w) = word.strip_suffix(suffix) {
        word = w;
    }
    word
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `features` reads the body's tokens paragraph by paragraph; these
    /// are the features of each paragraph tokenized on its own, as they
    /// were made before the body was tokenized once for two stages.
    fn by_paragraph(a: &Article, max_tokens: usize) -> Features {
        let mut f = Features::default();
        add_terms(&mut f, a.title.as_deref().unwrap_or(""), 2.0, usize::MAX);
        add_names(&mut f, a.title.as_deref().unwrap_or(""), 2.0);
        let mut budget = max_tokens;
        for (i, para) in a.body.split("\n\n").enumerate() {
            if budget == 0 {
                break;
            }
            let w = if i < 2 { 1.5 } else { 1.0 };
            budget = budget.saturating_sub(add_terms(&mut f, para, w, budget));
            add_names(&mut f, para, w);
        }
        f
    }

    #[test]
    fn a_body_tokenized_once_gives_each_paragraph_its_own_terms() {
        let bodies = [
            "One paragraph, no break.",
            "Ana Kovac's talks\n\nresumed in Geneva'\n\n'Quoted' words, 2,000 people.",
            "\n\nOpens with a break\n\n\n\nand two empty ones\n\n",
            "Mid-word break: exam\n\nple, Zürich’s mayor said.\n\nThird part of it",
            // Words of a letter or two at each paragraph's end: a paragraph
            // that took its neighbour's tokens would weigh them wrongly.
            "Plan B\n\nThe bid of UN\n\nsaid xy\n\nzz words of the fourth",
            "A\n\nB\n\nC\n\nD\n\nwords at the end",
            "",
        ];
        for body in bodies {
            let a = crate::tests::article("a", "A title of it", body, None);
            // Budgets that end inside the first, second and last paragraph.
            for max_tokens in [1, 4, 7, 1000] {
                assert_eq!(
                    features(&a, max_tokens),
                    by_paragraph(&a, max_tokens),
                    "{body:?}, {max_tokens} tokens"
                );
            }
        }
    }

    #[test]
    fn possessives_come_off_as_trim_end_matches_takes_them() {
        for w in [
            "Korea's",
            "Korea’s",
            "s's",
            "a’s's",
            "a's’s",
            "'s",
            "Jones",
            "x's's",
            "is",
        ] {
            let trimmed = w.trim_end_matches("'s").trim_end_matches("’s");
            assert_eq!(strip_all(strip_all(w, "'s"), "’s"), trimmed, "{w}");
            // The terms take them off the same way, before plurals fold.
            assert!(
                stem(w) == trimmed || stem(w) == trimmed[..trimmed.len() - 1],
                "{w}: {}",
                stem(w)
            );
        }
    }

    #[test]
    fn names_are_capitalised_runs_not_sentence_openers() {
        let mut f = Features::default();
        add_names(
            &mut f,
            "The Prime Minister of Spain met Ana Lopez in Madrid. They talked.",
            1.0,
        );
        let mut names: Vec<&str> = f.names.keys().map(String::as_str).collect();
        names.sort_unstable();
        assert_eq!(
            names,
            [
                "ana lopez",
                "lopez",
                "madrid",
                "prime minister of spain",
                "spain"
            ]
        );
    }

    #[test]
    fn terms_fold_plurals_and_drop_stopwords() {
        let mut f = Features::default();
        add_terms(
            &mut f,
            "The talks on sanctions: talk, sanction, and 2024.",
            1.0,
            usize::MAX,
        );
        assert_eq!(f.terms.get("talk"), Some(&2.0));
        assert_eq!(f.terms.get("sanction"), Some(&2.0));
        assert!(!f.terms.contains_key("the") && !f.terms.contains_key("2024"));
    }
}
