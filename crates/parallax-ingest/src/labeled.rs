//! Readers for labeled evaluation sets: articles with a gold cluster label.
//!
//! Formats (see ../shared/data/README.md):
//! - a directory of text files whose *name* carries the label
//!   (`michelle.obama.100.txt`, `ParisAttacks2015 (3).txt`);
//! - JSON Lines: `{"id", "text", "title"?, "published"?, "outlet"?, "label"}`;
//! - the Miranda et al. 2018 layout: a JSON array of documents with `id`,
//!   `date` (`YYYY-MM-DD HH:MM:SS`), `lang`, `title`, `text`, `cluster`;
//! - a directory of news-please JSON files with a `newsCluster` object
//!   (`EventId` for events, `TopicId` for storylines), as in Giveme5W1H.

use std::path::Path;

use parallax_model::{Given, RawArticle, SourceFormat};
use serde_json::Value;

use crate::{content_id, decode, IngestError, Problem};

/// Which gold label to read where a set has two levels.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LabelLevel {
    Event,
    Storyline,
}

/// One labeled article.
#[derive(Debug, Clone)]
pub struct Labeled {
    pub raw: RawArticle,
    pub label: String,
}

/// A labeled set, and the records that could not be read.
#[derive(Debug, Default)]
pub struct LabeledSet {
    pub items: Vec<Labeled>,
    pub skipped: Vec<IngestError>,
    /// The format that was recognised, for the report.
    pub format: &'static str,
}

/// The label in a file name: the stem without a trailing number and its
/// separator (`name.12`, `name_12`, `name (12)`).
pub fn label_from_filename(path: &Path) -> String {
    let stem = path.file_stem().and_then(|s| s.to_str()).unwrap_or("");
    let trimmed = stem.trim_end();
    if let Some(open) = trimmed
        .strip_suffix(')')
        .and_then(|s| s.rfind(" (").map(|i| (i, s)))
    {
        let (i, s) = open;
        if s[i + 2..].chars().all(|c| c.is_ascii_digit()) && i > 0 {
            return s[..i].to_string();
        }
    }
    let digits = trimmed.len() - trimmed.trim_end_matches(|c: char| c.is_ascii_digit()).len();
    if digits > 0 && digits < trimmed.len() {
        let head = &trimmed[..trimmed.len() - digits];
        if let Some(h) = head.strip_suffix(['.', '_', '-', ' ']) {
            return h.to_string();
        }
    }
    trimmed.to_string()
}

fn err(path: &str, line: Option<usize>, problem: Problem) -> IngestError {
    IngestError {
        path: path.to_string(),
        line,
        problem,
    }
}

fn text_field(v: &Value, key: &str) -> Option<String> {
    match v.get(key)? {
        Value::String(s) if s != "None" => Some(s.clone()),
        Value::Null => None,
        Value::String(_) => None,
        other => Some(other.to_string()),
    }
}

fn raw_from_json(
    source: String,
    bytes: Vec<u8>,
    text: String,
    v: &Value,
    date_key: &str,
) -> RawArticle {
    RawArticle {
        id: content_id(&bytes),
        source,
        format: SourceFormat::Jsonl,
        bytes,
        text,
        encoding: None,
        given: Given {
            id: text_field(v, "id"),
            title: text_field(v, "title"),
            url: text_field(v, "url"),
            outlet: text_field(v, "outlet").or_else(|| text_field(v, "source_domain")),
            published: text_field(v, date_key),
            published_evidence: None,
            fetched: None,
            redirected_from: Vec::new(),
        },
    }
}

/// Reads a labeled set at `path`. `label_from_filename` selects the
/// file-name rule for a directory of text files.
pub fn read_labeled(
    path: &Path,
    level: LabelLevel,
    label_from_filename_rule: bool,
) -> Result<LabeledSet, IngestError> {
    let name = path.display().to_string();
    if path.is_dir() {
        let mut files: Vec<_> = walkdir::WalkDir::new(path)
            .sort_by_file_name()
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_file())
            .map(|e| e.into_path())
            .collect();
        files.retain(|p| {
            !p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with('.'))
        });
        let json: Vec<_> = files
            .iter()
            .filter(|p| p.extension().is_some_and(|e| e == "json"))
            .cloned()
            .collect();
        if !label_from_filename_rule && !json.is_empty() {
            return read_news_please(&json, level);
        }
        if !label_from_filename_rule {
            return Err(err(
                &name,
                None,
                Problem::Io("a directory of text files needs --label-from filename".into()),
            ));
        }
        let mut set = LabeledSet {
            format: "text files, label from file name",
            ..LabeledSet::default()
        };
        for p in files.iter().filter(|p| {
            matches!(
                p.extension().and_then(|e| e.to_str()),
                Some("txt" | "text") | None
            )
        }) {
            let source = p.display().to_string();
            let bytes = match std::fs::read(p) {
                Ok(b) => b,
                Err(e) => {
                    set.skipped
                        .push(err(&source, None, Problem::Io(e.to_string())));
                    continue;
                }
            };
            match decode(&bytes) {
                Ok((text, enc)) => set.items.push(Labeled {
                    label: label_from_filename(p),
                    raw: RawArticle {
                        id: content_id(&bytes),
                        source,
                        format: SourceFormat::Text,
                        bytes,
                        text,
                        encoding: enc.map(str::to_string),
                        given: Given::default(),
                    },
                }),
                Err(problem) => set.skipped.push(err(&source, None, problem)),
            }
        }
        return Ok(set);
    }
    let bytes = std::fs::read(path).map_err(|e| err(&name, None, Problem::Io(e.to_string())))?;
    let first = bytes.iter().find(|b| !b.is_ascii_whitespace());
    if first == Some(&b'[') {
        return read_miranda(&name, &bytes);
    }
    read_labeled_jsonl(&name, &bytes)
}

fn read_labeled_jsonl(name: &str, bytes: &[u8]) -> Result<LabeledSet, IngestError> {
    let mut set = LabeledSet {
        format: "JSON Lines",
        ..LabeledSet::default()
    };
    for (i, line) in bytes.split(|&b| b == b'\n').enumerate() {
        if line.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        let v: Value = match serde_json::from_slice(line) {
            Ok(v) => v,
            Err(e) => {
                set.skipped
                    .push(err(name, Some(i + 1), Problem::Json(e.to_string())));
                continue;
            }
        };
        let (Some(text), Some(label)) = (text_field(&v, "text"), text_field(&v, "label")) else {
            set.skipped.push(err(
                name,
                Some(i + 1),
                Problem::Json("needs `text` and `label`".into()),
            ));
            continue;
        };
        let raw = raw_from_json(
            format!("{name}:{}", i + 1),
            line.to_vec(),
            text,
            &v,
            "published",
        );
        set.items.push(Labeled { raw, label });
    }
    Ok(set)
}

fn read_miranda(name: &str, bytes: &[u8]) -> Result<LabeledSet, IngestError> {
    let docs: Vec<Value> =
        serde_json::from_slice(bytes).map_err(|e| err(name, None, Problem::Json(e.to_string())))?;
    let mut set = LabeledSet {
        format: "Miranda et al. 2018 JSON",
        ..LabeledSet::default()
    };
    for (i, d) in docs.iter().enumerate() {
        let (Some(text), Some(label)) = (text_field(d, "text"), text_field(d, "cluster")) else {
            set.skipped.push(err(
                name,
                None,
                Problem::Json(format!("document {i} needs `text` and `cluster`")),
            ));
            continue;
        };
        let raw = raw_from_json(
            format!("{name}#{i}"),
            d.to_string().into_bytes(),
            text,
            d,
            "date",
        );
        set.items.push(Labeled { raw, label });
    }
    Ok(set)
}

fn read_news_please(
    files: &[std::path::PathBuf],
    level: LabelLevel,
) -> Result<LabeledSet, IngestError> {
    let mut set = LabeledSet {
        format: "news-please JSON with newsCluster",
        ..LabeledSet::default()
    };
    for p in files {
        let source = p.display().to_string();
        let parsed = std::fs::read(p)
            .map_err(|e| Problem::Io(e.to_string()))
            .and_then(|b| {
                serde_json::from_slice::<Value>(&b)
                    .map(|v| (b, v))
                    .map_err(|e| Problem::Json(e.to_string()))
            });
        let (bytes, v) = match parsed {
            Ok(x) => x,
            Err(problem) => {
                set.skipped.push(err(&source, None, problem));
                continue;
            }
        };
        let cluster = v.get("newsCluster");
        let key = match level {
            LabelLevel::Event => "EventId",
            LabelLevel::Storyline => "TopicId",
        };
        let (Some(text), Some(label)) = (
            text_field(&v, "text"),
            cluster.and_then(|c| text_field(c, key)),
        ) else {
            set.skipped.push(err(
                &source,
                None,
                Problem::Json(format!("needs `text` and `newsCluster.{key}`")),
            ));
            continue;
        };
        // The page text of news-please starts with the title line; keep it
        // as the article text, as a scraper would hand it over.
        let raw = raw_from_json(source, bytes, text, &v, "date_publish");
        set.items.push(Labeled { raw, label });
    }
    Ok(set)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_from_file_names() {
        for (name, label) in [
            ("michelle.obama.100.txt", "michelle.obama"),
            ("ParisAttacks2015 (3).txt", "ParisAttacks2015"),
            ("U2.149.txt", "U2"),
            ("ParisAttacks2015.txt", "ParisAttacks2015"),
            ("storm_7.txt", "storm"),
            ("2019.txt", "2019"),
        ] {
            assert_eq!(label_from_filename(Path::new(name)), label, "{name}");
        }
    }
}
