//! Sentence embeddings as a clustering signal: which text of an article is
//! embedded, and the model, loaded once, when the project's setup has put
//! it in place. Without a model the cluster stage is lexical, and says so.

use parallax_model::Article;

pub use parallax_embed::{locate, Embedder, Error, Form};

/// Word pieces embedded per article: the headline and the lead, where a
/// news story says what happened.
pub const MAX_TOKENS: usize = 256;

/// The text embedded for an article: its title, then its story (the body
/// without the dateline).
pub fn text_of(a: &Article) -> String {
    let story = a.story();
    // The tokenizer cuts at MAX_TOKENS; no need to hand it the whole body.
    let cut = story
        .char_indices()
        .nth(MAX_TOKENS * 8)
        .map_or(story.len(), |(i, _)| i);
    match a.title.as_deref() {
        Some(t) if !t.is_empty() => format!("{t}.\n{}", &story[..cut]),
        _ => story[..cut].to_string(),
    }
}

/// The articles' embeddings, in order; None, with a warning, when the model
/// fails on them (they are then clustered on words and names only).
pub fn embed_articles(model: &Embedder, articles: &[Article]) -> Option<Vec<Vec<f32>>> {
    let texts: Vec<String> = articles.iter().map(text_of).collect();
    let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
    model
        .embed(&refs)
        .inspect_err(|e| {
            tracing::warn!(error = %e, "embedding failed; these articles are clustered on words and names only")
        })
        .ok()
}

/// The model the setup installed, or None with a warning saying why and
/// what is lost (silently when `PARALLAX_MODEL` is set empty, which asks
/// for no embeddings).
pub fn load() -> Option<Embedder> {
    if std::env::var_os("PARALLAX_MODEL").is_some_and(|v| v.is_empty()) {
        tracing::debug!("PARALLAX_MODEL is empty: no sentence embeddings");
        return None;
    }
    let Some(dir) = parallax_embed::locate() else {
        tracing::warn!(
            "no sentence-embedding model found (run scripts/setup-model.sh, or set PARALLAX_MODEL); events are clustered on words and names only"
        );
        return None;
    };
    match Embedder::load(&dir, MAX_TOKENS) {
        Ok(e) => Some(e),
        Err(e) => {
            tracing::warn!(error = %e, "sentence-embedding model not loaded; events are clustered on words and names only");
            None
        }
    }
}
