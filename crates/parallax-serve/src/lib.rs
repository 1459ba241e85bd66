//! `parallax serve`: the HTTP JSON API over a store (issue 19's first
//! part). One process answers reads concurrently and takes writes (POST
//! of articles) one at a time, bringing the stages up to date after each.
//!
//! Shape. axum on a tokio runtime for the network side; every handler's
//! work is a blocking closure on tokio's blocking pool, because the store
//! is SQLite (rusqlite is synchronous) and the stages are plain functions.
//! Each blocking thread keeps its own [`Engine`] (its own connection and
//! stage caches) for the store it serves: WAL lets readers run beside a
//! writer, the engine notices another writer's work by the stages'
//! cursors, and a reading engine writes nothing unless the stages are
//! behind. Writes go through one mutex, so two POSTs never wait on each
//! other inside SQLite.
//!
//! Errors are RFC 9457 problem details (`application/problem+json`) with
//! the status that fits: 400 for a bad parameter or body, 401 for a write
//! without the token, 404 for an unknown id or path, 413 for a body over
//! the limit, 500 for a store failure. A bad article in a POST is reported
//! in the answer and skipped, as `ingest` does.

use std::cell::RefCell;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::rejection::{PathRejection, QueryRejection};
use axum::extract::{DefaultBodyLimit, Path, Query, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use parallax_engine::analyses::Listing;
use parallax_engine::store::{ArticleQuery, ArticleStore, EventOrder, EventQuery, Store};
use parallax_engine::{Engine, EngineConfig, Progress};
use parallax_model::PubDate;
use serde::{Deserialize, Serialize};

/// The web pages a person browses (the front page: events and search;
/// one page per event), made by whoever renders HTML (the CLI's report
/// writer), so this crate stays the API's.
pub trait Pages: Send + Sync + std::fmt::Debug + 'static {
    /// The front page: a page of events from `offset` (in time order, or
    /// largest first with `largest`), and with a query the articles it
    /// finds. `vectors` is the server's vector index, for a hybrid search.
    fn front(
        &self,
        engine: &mut Engine<Store>,
        offset: usize,
        largest: bool,
        query: Option<&str>,
        vectors: &parallax_engine::vindex::VectorIndex,
    ) -> parallax_engine::Result<String>;
    /// An event's page: its outlets side by side; None when there is no
    /// such event.
    fn event(&self, engine: &mut Engine<Store>, id: u32)
        -> parallax_engine::Result<Option<String>>;
    /// A storyline's page: its events in time order; None when there is
    /// no such storyline.
    fn storyline(
        &self,
        engine: &mut Engine<Store>,
        id: u32,
    ) -> parallax_engine::Result<Option<String>>;
    /// An article's page: its fields and where each came from, its
    /// original text with the spans shown; an error (not found, an
    /// ambiguous prefix) as the API gives it.
    fn article(&self, engine: &mut Engine<Store>, id: &str) -> parallax_engine::Result<String>;
    /// The search page: the articles `form` finds, filtered by outlet and
    /// day, ranked by its mode (hybrid by default where the server has
    /// the model).
    fn search(
        &self,
        engine: &mut Engine<Store>,
        form: &SearchForm,
        vectors: &parallax_engine::vindex::VectorIndex,
    ) -> parallax_engine::Result<String>;
    /// The outlets page: a page of outlets, most articles first.
    fn outlets(&self, engine: &mut Engine<Store>, offset: usize)
        -> parallax_engine::Result<String>;
    /// An outlet's page: its counters, its coverage of its latest shared
    /// events, its latest articles; None when no article names it.
    fn outlet(
        &self,
        engine: &mut Engine<Store>,
        name: &str,
    ) -> parallax_engine::Result<Option<String>>;
    /// A quote cluster's page: every wording by outlet and day, and the
    /// other statements of its talking point; None when there is no such
    /// cluster.
    fn quote(
        &self,
        engine: &mut Engine<Store>,
        cluster: u32,
    ) -> parallax_engine::Result<Option<String>>;
}

/// The search page's form, as its query string gives it.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct SearchForm {
    /// The words; empty shows the form alone.
    #[serde(default)]
    pub q: String,
    /// Only this outlet's articles (its name, any case); empty for all.
    #[serde(default)]
    pub outlet: String,
    /// Published on or after this day (YYYY-MM-DD); empty for any.
    #[serde(default)]
    pub since: String,
    /// Published before this day; empty for any.
    #[serde(default)]
    pub until: String,
    /// lexical, semantic or hybrid; empty for the best the server has.
    #[serde(default)]
    pub mode: String,
}

/// What a server needs to know.
#[derive(Debug, Clone)]
pub struct Config {
    /// The web pages, when served (else only the API).
    pub pages: Option<Arc<dyn Pages>>,
    /// The store (SQLite file).
    pub db: PathBuf,
    pub engine: EngineConfig,
    /// When set, every write must carry `Authorization: Bearer TOKEN`.
    pub token: Option<String>,
    /// The largest request body accepted, in bytes.
    pub max_body: usize,
    /// Serve the store for reading only (`serve --read-only`): every
    /// engine opens it so, nothing is written to it or beside it, and a
    /// write is refused (403).
    pub read_only: bool,
    /// Engines `serve` opens when it starts, one a blocking thread (the
    /// runtime's `max_blocking_threads` at most), so that the first
    /// requests do not wait for a store to be opened; 0: opened on demand.
    pub engines: usize,
}

/// How often `serve` looks for articles another process stored.
const FOLLOW_EVERY: std::time::Duration = std::time::Duration::from_secs(1);

/// Items on a page when the request does not say.
const DEFAULT_LIMIT: usize = 50;
/// The most items one page may ask for.
const MAX_LIMIT: usize = 1000;

/// Whether a server may listen on `addr` as configured: anywhere but
/// loopback, writes need a token (anyone who can reach the port could
/// otherwise write to the store).
pub fn check_bind(addr: &SocketAddr, token: Option<&str>) -> Result<(), String> {
    // A space or a control character cannot travel in an Authorization
    // header as written (HTTP trims the ends): no caller could write.
    if token.is_some_and(|t| !t.is_empty() && !t.chars().all(|c| c.is_ascii_graphic())) {
        return Err(
            "the token must be printable ASCII without spaces (it travels in an Authorization header)"
                .to_string(),
        );
    }
    if !addr.ip().is_loopback() && token.is_none_or(str::is_empty) {
        return Err(format!(
            "{addr} is not a loopback address: set --token (or PARALLAX_TOKEN) so that only callers with it can write"
        ));
    }
    Ok(())
}

/// The API's routes over `cfg`'s store.
pub fn router(cfg: Config) -> Router {
    router_with_state(shared(cfg))
}

fn shared(cfg: Config) -> Arc<Shared> {
    Arc::new(Shared {
        cfg,
        writer: tokio::sync::Mutex::new(()),
        metrics: Default::default(),
        vectors: parallax_engine::vindex::VectorIndex::new(0),
        entities: Default::default(),
        comparisons: Default::default(),
        warming: Default::default(),
        maker: Default::default(),
        write_jobs: Default::default(),
    })
}

fn router_with_state(state: Arc<Shared>) -> Router {
    let max_body = state.cfg.max_body;
    let pages = state.cfg.pages.is_some();
    let mut router = Router::new();
    if pages {
        router = router
            .route("/", get(front))
            .route("/events/{id}", get(event_page))
            .route("/articles/{id}", get(article_page))
            .route("/search", get(search_page))
            .route("/outlets", get(outlets_page))
            .route("/outlets/{name}", get(outlet_page))
            .route("/storylines/{id}", get(storyline_page))
            .route("/quotes/{id}", get(quote_page));
    }
    router
        .route("/healthz", get(healthz))
        .route("/metrics", get(metrics))
        .route("/api/v1/openapi.json", get(openapi_json))
        .route("/api/v1/events", get(events))
        .route("/api/v1/events/{id}", get(event))
        .route("/api/v1/events/{id}/comparison", get(comparison))
        .route("/api/v1/storylines", get(storylines))
        .route("/api/v1/storylines/{id}", get(storyline))
        .route("/api/v1/articles", get(articles).post(post_articles))
        .route("/api/v1/articles/{id}", get(article))
        .route("/api/v1/articles/{id}/raw", get(article_raw))
        .route("/api/v1/quotes", get(quotes))
        .route("/api/v1/quote-clusters/{id}", get(quote_cluster))
        .route("/api/v1/claims", get(claims))
        .route("/api/v1/entities", get(entities))
        .route("/api/v1/copies", get(copies))
        .route("/api/v1/outlets", get(outlets))
        .route("/api/v1/outlets/{name}", get(outlet))
        .route("/api/v1/search", get(search))
        .fallback(|| async {
            Problem::new(StatusCode::NOT_FOUND, "no such path").detail("see /api/v1/")
        })
        .layer(DefaultBodyLimit::max(max_body))
        // A bug that panics in a handler answers 500, a problem like any
        // other, instead of dropping the connection (found by
        // schemathesis); the panic is logged.
        .layer(tower_http::catch_panic::CatchPanicLayer::custom(
            |panic: Box<dyn std::any::Any + Send>| {
                let what = panic
                    .downcast_ref::<String>()
                    .cloned()
                    .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
                    .unwrap_or_default();
                tracing::error!(panic = %what, "a request handler panicked");
                Problem::new(StatusCode::INTERNAL_SERVER_ERROR, "the server failed")
                    .detail("an internal error; it is logged")
                    .into_response()
            },
        ))
        .layer(axum::middleware::from_fn_with_state(state.clone(), measure))
        .with_state(state)
}

/// Counts each request and its time, by route, for `/metrics`.
async fn measure(
    State(s): AppState,
    req: axum::extract::Request,
    next: axum::middleware::Next,
) -> Response {
    let route = req
        .extensions()
        .get::<axum::extract::MatchedPath>()
        .map_or("unmatched", |m| m.as_str())
        .to_string();
    let method = req.method().as_str().to_string();
    let started = std::time::Instant::now();
    let response = next.run(req).await;
    let secs = started.elapsed().as_secs_f64();
    let status = response.status().as_u16();
    if let Ok(mut m) = s.metrics.lock() {
        let e = m.requests.entry((method, route, status)).or_default();
        e.0 += 1;
        e.1 += secs;
    }
    response
}

/// What `/metrics` reports beside the store's counts.
#[derive(Debug, Default)]
struct Metrics {
    /// (method, route, status) -> (requests, seconds spent).
    requests: std::collections::BTreeMap<(String, String, u16), (u64, f64)>,
    /// Articles stored through POST, and seconds spent storing them.
    posted: (u64, f64),
}

/// One documented operation of the API: what the OpenAPI document says of
/// it. A test asks every documented operation and checks it answers with
/// a status the document lists, and CI runs schemathesis over the
/// document against a live server (a new route must be added here too:
/// the router cannot be listed).
struct Operation {
    method: &'static str,
    path: &'static str,
    summary: &'static str,
    /// (name, where: "query" or "path", its values, required, what).
    params: &'static [(&'static str, &'static str, Param, bool, &'static str)],
    /// (status, description, media type).
    responses: &'static [(u16, &'static str, &'static str)],
    /// The schema of the JSON of its 2xx answers, made from the Rust types
    /// the handler writes (schemars), so the document follows the code.
    body: Option<SchemaFn>,
}

type SchemaFn = fn(&mut schemars::SchemaGenerator) -> schemars::Schema;

/// What values a parameter takes.
#[derive(Debug, Clone, Copy)]
enum Param {
    /// A count or offset: 0 or more.
    Count,
    /// A page's size: 0 to [`MAX_LIMIT`].
    Limit,
    /// An event, storyline or quote cluster id (u32).
    Id,
    /// An arrival number, as a page's `next` gives it.
    Cursor,
    /// A day, YYYY-MM-DD.
    Day,
    /// Free text.
    Text,
    /// An article id or a prefix of one.
    ArticleId,
    /// A search mode.
    Mode,
    /// Whether a search folds copies.
    Copies,
    /// An entity kind.
    Kind,
    /// The order of a page of events.
    Order,
    /// An http(s) address.
    Url,
}

impl Param {
    fn schema(self) -> serde_json::Value {
        use serde_json::json;
        match self {
            Param::Count => json!({"type": "integer", "minimum": 0, "maximum": u32::MAX}),
            Param::Cursor => json!({"type": "integer", "minimum": 0, "maximum": i64::MAX}),
            Param::Limit => json!({"type": "integer", "minimum": 0, "maximum": MAX_LIMIT}),
            Param::Id => json!({"type": "integer", "minimum": 0, "maximum": u32::MAX}),
            Param::Day => {
                json!({"type": "string", "format": "date", "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"})
            }
            Param::Text => json!({"type": "string"}),
            Param::ArticleId => json!({"type": "string", "minLength": MIN_PREFIX}),
            Param::Mode => json!({"type": "string", "enum": ["lexical", "semantic", "hybrid"]}),
            Param::Copies => json!({"type": "string", "enum": ["fold", "all"]}),
            Param::Kind => json!({"type": "string", "enum": ["person", "organization", "place"]}),
            Param::Order => json!({"type": "string", "enum": ["time", "largest", "smallest"]}),
            Param::Url => json!({"type": "string", "pattern": "^https?://[^\\s]+$"}),
        }
    }
}

const LIMIT: (&str, &str, Param, bool, &str) = (
    "limit",
    "query",
    Param::Limit,
    false,
    "at most this many (50 by default, 1000 at most)",
);
const OFFSET: (&str, &str, Param, bool, &str) =
    ("offset", "query", Param::Count, false, "skip this many");
const SINCE: (&str, &str, Param, bool, &str) = (
    "since",
    "query",
    Param::Day,
    false,
    "published on or after this day, YYYY-MM-DD",
);
const UNTIL: (&str, &str, Param, bool, &str) = (
    "until",
    "query",
    Param::Day,
    false,
    "published before this day, YYYY-MM-DD",
);
const ID: (&str, &str, Param, bool, &str) = ("id", "path", Param::Id, true, "its id");
const ARTICLE_ID: (&str, &str, Param, bool, &str) = (
    "id",
    "path",
    Param::ArticleId,
    true,
    "an article id or a prefix only it begins, of 4 characters or more",
);
const JSON: &str = "application/json";
const PROBLEM: &str = "application/problem+json";
const BAD: (u16, &str, &str) = (400, "a bad parameter", PROBLEM);

/// The API, as documented at /api/v1/openapi.json.
const OPERATIONS: &[Operation] = &[
    Operation { method: "get", path: "/healthz", summary: "Whether the server can read its store", params: &[], responses: &[(200, "{status, articles}", JSON)], body: Some(|g| g.subschema_for::<Health>()) },
    Operation { method: "get", path: "/metrics", summary: "Prometheus text: articles, events, posted articles, requests by route and status", params: &[], responses: &[(200, "Prometheus text format 0.0.4", "text/plain")], body: None },
    Operation { method: "get", path: "/api/v1/openapi.json", summary: "This document", params: &[], responses: &[(200, "OpenAPI 3.1", JSON)], body: None },
    Operation { method: "get", path: "/api/v1/events", summary: "A page of event summaries, in time order unless asked otherwise, each with its article count (docs/json.md: events --json); /api/v1/events/{id} lists its articles", params: &[LIMIT, OFFSET, ("since", "query", Param::Day, false, "events starting on or after this day, YYYY-MM-DD"), ("until", "query", Param::Day, false, "events starting before this day"), ("min_articles", "query", Param::Count, false, "events with at least this many articles"), ("order", "query", Param::Order, false, "time (by start date, undated last: the default), largest (most articles first) or smallest")], responses: &[(200, "{total, offset, more, events}", JSON), BAD], body: Some(|g| page_schema::<parallax_model::EventSummary>(g, "events")) },
    Operation { method: "get", path: "/api/v1/events/{id}", summary: "One event, with its article ids", params: &[ID], responses: &[(200, "an event and its article ids", JSON), (308, "the event was merged into the one `Location` names", JSON), BAD, (404, "no such event", PROBLEM)], body: Some(|g| g.subschema_for::<parallax_model::Event>()) },
    Operation { method: "get", path: "/api/v1/events/{id}/comparison", summary: "An event's outlets side by side (docs/json.md: compare --json)", params: &[ID], responses: &[(200, "a comparison", JSON), (308, "the event was merged into the one `Location` names", JSON), BAD, (404, "no such event", PROBLEM)], body: Some(|g| g.subschema_for::<parallax_engine::compare::Comparison>()) },
    Operation { method: "get", path: "/api/v1/storylines", summary: "A page of storylines", params: &[LIMIT, OFFSET], responses: &[(200, "{total, offset, more, storylines}", JSON), BAD], body: Some(|g| page_schema::<parallax_model::Storyline>(g, "storylines")) },
    Operation { method: "get", path: "/api/v1/storylines/{id}", summary: "One storyline with its events in time order", params: &[ID], responses: &[(200, "a storyline, and its events' summaries as `timeline`", JSON), BAD, (404, "no such storyline", PROBLEM)], body: Some(|g| g.subschema_for::<StorylineJson<'static>>()) },
    Operation { method: "get", path: "/api/v1/articles", summary: "A page of articles in arrival order", params: &[LIMIT, OFFSET, SINCE, UNTIL, ("outlet", "query", Param::Text, false, "of this outlet, its name exactly"), ("lang", "query", Param::Text, false, "in this language, ISO 639-1"), ("event", "query", Param::Id, false, "in this event"), ("after", "query", Param::Cursor, false, "a cursor: the articles after this one, as the last page's `next` gives it (a deep page then costs no more than the first)")], responses: &[(200, "{total, offset, more, articles, next?}: with `after`, total counts the articles after it", JSON), (308, "`event` was merged into the event `Location`'s listing names", JSON), BAD], body: Some(articles_page_schema) },
    Operation { method: "post", path: "/api/v1/articles", summary: "Store articles: a JSON array or JSON Lines in the JSON Lines input schema, or one web page (Content-Type: text/html) with its address; the stages are brought up to date before the answer", params: &[("url", "query", Param::Url, false, "the web page's address, with a text/html body")], responses: &[(201, "the ingest report (something stored)", JSON), (200, "the ingest report (nothing new)", JSON), (400, "not articles", PROBLEM), (401, "the token is missing or wrong", PROBLEM), (403, "the store is served read-only", PROBLEM), (413, "the body is too large", PROBLEM)], body: Some(|g| g.subschema_for::<parallax_engine::IngestReport>()) },
    Operation { method: "get", path: "/api/v1/articles/{id}", summary: "One article, by any unique id prefix", params: &[ARTICLE_ID], responses: &[(200, "an article", JSON), (400, "an ambiguous prefix", PROBLEM), (404, "no such article", PROBLEM)], body: Some(|g| g.subschema_for::<parallax_model::Article>()) },
    Operation { method: "get", path: "/api/v1/articles/{id}/raw", summary: "An article's original bytes, with the media type read off them", params: &[ARTICLE_ID], responses: &[(200, "the bytes as they came", RAW), (400, "an ambiguous prefix", PROBLEM), (404, "no such article", PROBLEM)], body: None },
    Operation { method: "get", path: "/api/v1/quotes", summary: "A page of quotes in arrival order", params: &[LIMIT, OFFSET, ("speaker", "query", Param::Text, false, "speakers whose name has every word of this, any case (a name without a letter or digit names nobody)"), ("event", "query", Param::Id, false, "only this event's quotes (read from its articles alone)"), SINCE, UNTIL], responses: &[(200, "{total, offset, more, quotes}", JSON), (308, "`event` was merged into the event `Location`'s listing names", JSON), BAD], body: Some(|g| page_schema::<parallax_engine::analyses::QuoteItem>(g, "quotes")) },
    Operation { method: "get", path: "/api/v1/quote-clusters/{id}", summary: "A quote cluster: its variants and the quotes of its talking point", params: &[ID], responses: &[(200, "{cluster, variants, talking_point}", JSON), BAD, (404, "no such cluster", PROBLEM)], body: Some(|g| g.subschema_for::<QuoteClusterJson>()) },
    Operation { method: "get", path: "/api/v1/entities", summary: "A page of the people, organisations and places named across the store, merged by name and alias, most widely reported first", params: &[LIMIT, OFFSET, ("q", "query", Param::Text, false, "only entities whose name or an alias has every word of this, any case"), ("kind", "query", Param::Kind, false, "person, organization or place")], responses: &[(200, "{total, offset, more, entities}: each with its name, kind, role, country, aliases, mentions, article count and its latest 20 articles", JSON), BAD], body: Some(|g| page_schema::<EntityJson<'static>>(g, "entities")) },
    Operation { method: "get", path: "/api/v1/claims", summary: "A page of numeric claims in arrival order", params: &[LIMIT, OFFSET, SINCE, UNTIL], responses: &[(200, "{total, offset, more, claims}", JSON), BAD], body: Some(|g| page_schema::<parallax_engine::analyses::ClaimItem>(g, "claims")) },
    Operation { method: "get", path: "/api/v1/outlets", summary: "A page of the outlets, most articles first: each with its articles, the copies it carries from news agencies (articles crediting one) and which agencies, its first and latest days", params: &[LIMIT, OFFSET], responses: &[(200, "{total, offset, more, outlets}", JSON), BAD], body: Some(|g| page_schema::<parallax_engine::outlets::OutletStat>(g, "outlets")) },
    Operation { method: "get", path: "/api/v1/outlets/{name}", summary: "One outlet: its counters, and over its latest 10 events shared with other outlets (of at most 200 articles) what it adds that no other origin carries and how many agreed facts it leaves out; its latest articles", params: &[("name", "path", Param::Text, true, "the outlet's name, any case")], responses: &[(200, "an outlet", JSON), BAD, (404, "no article names this outlet", PROBLEM)], body: Some(|g| g.subschema_for::<parallax_engine::outlets::OutletView>()) },
    Operation { method: "get", path: "/api/v1/copies", summary: "A page of copy groups", params: &[LIMIT, OFFSET], responses: &[(200, "{groups, offset, more, copies}", JSON), BAD], body: Some(|g| g.subschema_for::<parallax_engine::CopiesPage<'static>>()) },
    Operation { method: "get", path: "/api/v1/search", summary: "Search titles and bodies, lexical, semantic or hybrid, best first", params: &[("q", "query", Param::Text, true, "the words to look for"), LIMIT, ("mode", "query", Param::Mode, false, "lexical (BM25, the default), semantic (sentence embeddings, through the server's HNSW index) or hybrid (both, fused by reciprocal rank); without the model, lexical with a warning"), ("copies", "query", Param::Copies, false, "fold (the default: one hit per copy group, the best ranked, its `copies` counting the others found) or all (every copy a hit of its own)")], responses: &[(200, "{mode, warning?, hits}", JSON), BAD], body: Some(|g| g.subschema_for::<SearchJson<'static>>()) },
];

/// The media types of `/raw`: whatever the original was.
const RAW: &str = "text/html; charset=utf-8|application/json|text/plain; charset=utf-8|application/gzip|application/octet-stream";

/// The schema of a page of `T` under `key`, as [`parallax_engine::PageJson`]
/// writes it.
fn page_schema<T: schemars::JsonSchema>(
    g: &mut schemars::SchemaGenerator,
    key: &str,
) -> schemars::Schema {
    page_value(g.subschema_for::<T>(), key)
        .try_into()
        .expect("an object is a schema")
}

fn page_value(items: schemars::Schema, key: &str) -> serde_json::Value {
    let count = serde_json::json!({"type": "integer", "minimum": 0});
    serde_json::json!({
        "type": "object",
        "required": ["total", "offset", "more", key],
        "properties": {
            "total": count,
            "offset": count,
            "more": count,
            key: {"type": "array", "items": items}
        }
    })
}

fn articles_page_schema(g: &mut schemars::SchemaGenerator) -> schemars::Schema {
    let mut v = page_value(g.subschema_for::<parallax_model::Article>(), "articles");
    v["properties"]["next"] = serde_json::json!({
        "type": "integer",
        "description": "give as `after` for the next page; absent on the last"
    });
    v.try_into().expect("an object is a schema")
}

/// The body `POST /api/v1/articles` takes as JSON: the JSON Lines input
/// schema (docs/json.md), one object or an array of them.
fn posted_articles_schema() -> serde_json::Value {
    let article = serde_json::json!({
        "type": "object",
        "required": ["text"],
        "properties": {
            "text": {"type": "string", "description": "the article's text"},
            "title": {"type": ["string", "null"]},
            "url": {"type": ["string", "null"]},
            "outlet": {"type": ["string", "null"]},
            "published": {"description": "a date or date and time, ISO 8601 or as a page writes it"},
            "id": {"description": "the caller's id for it, kept with the article"}
        }
    });
    serde_json::json!({"oneOf": [article.clone(), {"type": "array", "items": article}]})
}

/// The OpenAPI 3.1 document of [`OPERATIONS`].
fn openapi() -> serde_json::Value {
    use serde_json::{json, Map, Value};
    let mut g = schemars::generate::SchemaSettings::draft2020_12()
        .with(|s| {
            s.definitions_path = "/components/schemas".into();
            s.contract = schemars::generate::Contract::Serialize;
            s.meta_schema = None;
        })
        .into_generator();
    let mut paths = Map::new();
    for op in OPERATIONS {
        let params: Vec<Value> = op
            .params
            .iter()
            .map(|(name, place, kind, required, what)| {
                json!({"name": name, "in": place, "required": required, "description": what, "schema": kind.schema()})
            })
            .collect();
        let body = op.body.map(|f| f(&mut g));
        let mut responses = Map::new();
        for (status, what, media) in op.responses {
            let mut content = Map::new();
            for media in media.split('|') {
                let schema = match media {
                    PROBLEM => json!({"$ref": "#/components/schemas/Problem"}),
                    JSON => match &body {
                        Some(b) if *status < 300 => b.clone().to_value(),
                        _ => json!({"type": "object"}),
                    },
                    _ => json!({"type": "string"}),
                };
                content.insert(media.to_string(), json!({ "schema": schema }));
            }
            responses.insert(
                status.to_string(),
                json!({"description": what, "content": content}),
            );
        }
        let mut operation =
            json!({"summary": op.summary, "parameters": params, "responses": responses});
        if op.method == "post" {
            operation["requestBody"] = json!({
                "required": true,
                "content": {
                    "application/json": {"schema": posted_articles_schema()},
                    "application/x-ndjson": {"schema": {"type": "string", "description": "JSON Lines: one article object a line"}},
                    "text/html": {"schema": {"type": "string", "description": "one web page; give its address as `url`"}}
                }
            });
        }
        let entry = paths
            .entry(op.path.to_string())
            .or_insert_with(|| Value::Object(Map::new()));
        if let Value::Object(m) = entry {
            m.insert(op.method.to_string(), operation);
        }
    }
    let mut schemas = g.take_definitions(true);
    schemas.insert(
        "Problem".into(),
        json!({
            "type": "object",
            "description": "RFC 9457 problem details",
            "required": ["type", "title", "status"],
            "properties": {
                "type": {"type": "string"},
                "title": {"type": "string"},
                "status": {"type": "integer"},
                "detail": {"type": "string"}
            }
        }),
    );
    json!({
        "openapi": "3.1.0",
        "info": {
            "title": "parallax",
            "version": env!("CARGO_PKG_VERSION"),
            "description": "The news coverage engine's API. Record fields are those of docs/json.md."
        },
        "paths": paths,
        "components": {"schemas": schemas}
    })
}

/// `GET /healthz`.
#[derive(Serialize, schemars::JsonSchema)]
struct Health {
    status: &'static str,
    articles: i64,
    /// True while the server is still making the comparisons of the
    /// largest events ahead, after it started: until then the first
    /// request of such an event's comparison makes it.
    warming: bool,
}

/// `GET /api/v1/storylines/{id}`.
#[derive(Serialize, schemars::JsonSchema)]
struct StorylineJson<'a> {
    #[serde(flatten)]
    line: &'a parallax_model::Storyline,
    /// Its events in time order.
    timeline: &'a [parallax_model::EventSummary],
}

/// `GET /api/v1/quote-clusters/{id}`.
#[derive(Serialize, schemars::JsonSchema)]
struct QuoteClusterJson {
    cluster: u32,
    /// Every quote of the cluster: one statement, each wording.
    variants: Vec<parallax_engine::analyses::QuoteItem>,
    /// Quotes of the other clusters sharing a long phrase with it.
    talking_point: Vec<parallax_engine::analyses::QuoteItem>,
}

/// One entity of `GET /api/v1/entities`.
#[derive(Serialize, schemars::JsonSchema)]
struct EntityJson<'a> {
    name: &'a str,
    kind: parallax_model::EntityKind,
    role: Option<&'a str>,
    country: Option<&'a str>,
    aliases: &'a [String],
    mentions: usize,
    articles: usize,
    /// Its latest articles, newest first.
    latest: Vec<&'a parallax_model::ArticleId>,
}

/// `GET /api/v1/search`.
#[derive(Serialize, schemars::JsonSchema)]
struct SearchJson<'a> {
    mode: parallax_engine::search::Mode,
    #[serde(skip_serializing_if = "Option::is_none")]
    warning: Option<&'static str>,
    hits: &'a [parallax_engine::search::Hit],
}

async fn openapi_json() -> Answer {
    json(&openapi())
}

/// Serves `router(cfg)` on `listener` until `shutdown` completes; requests
/// in flight finish first (a POST's batch is committed whole or not at
/// all either way).
pub async fn serve(
    listener: tokio::net::TcpListener,
    cfg: Config,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let state = shared(cfg);
    start_maker(&state);
    start_writer(&state);
    // Each of the pool's threads opens its engine now: tasks that hold
    // their thread a moment after opening, so that each lands on a thread
    // of its own (more tasks than threads would only wait their turn).
    for _ in 0..state.cfg.engines {
        let s = state.clone();
        tokio::spawn(async move {
            let opened = with_engine(&s, |_| {
                std::thread::sleep(std::time::Duration::from_millis(200));
                Ok(())
            })
            .await;
            if let Err(p) = opened {
                tracing::warn!(problem = ?p.detail, "an engine was not opened ahead");
            }
        });
    }
    {
        // The entity index too, so the first request does not wait for
        // the walk over the store's findings.
        let s = state.clone();
        tokio::spawn(async move {
            let built = with_engine(&s.clone(), move |e| {
                let mut live = s.entities.lock().map_err(|_| {
                    Problem::new(
                        StatusCode::INTERNAL_SERVER_ERROR,
                        "the entity index's lock is poisoned",
                    )
                })?;
                Ok(live.catch_up(e.store())?)
            })
            .await;
            if let Err(p) = built {
                tracing::warn!(problem = ?p.detail, "entity index not built");
            }
        });
    }
    if state.cfg.engine.embeddings {
        // The vector index is built in the background: a semantic search
        // asked meanwhile waits for it.
        let s = state.clone();
        tokio::spawn(async move {
            let built = with_engine(&s.clone(), move |e| Ok(s.vectors.catch_up(e.store())?)).await;
            match built {
                Ok(n) => tracing::info!(vectors = n, "vector index built"),
                Err(p) => tracing::warn!(problem = ?p.detail, "vector index not built"),
            }
        });
    }
    {
        // The follower: reads are lazy (they never wait for the write
        // lock), so this task brings the stages up to date when another
        // process has stored articles (a `parallax ingest` beside the
        // server), as a POST does after its own batch.
        let s = state.clone();
        tokio::spawn(async move {
            let mut tick = tokio::time::interval(FOLLOW_EVERY);
            tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
            loop {
                tick.tick().await;
                let behind = with_engine(&s, |e| {
                    Ok(parallax_engine::analyses::behind(e.store())? && !e.store().read_only())
                })
                .await;
                if !matches!(behind, Ok(true)) {
                    continue;
                }
                let _one_writer = s.writer.lock().await;
                let caught = with_writer(&s, |e| Ok(e.catch_up(Progress::Hidden)?)).await;
                match caught {
                    Ok(t) if t.articles > 0 => {
                        tracing::info!(
                            articles = t.articles,
                            "caught up with articles another process stored"
                        );
                        remake_comparisons(&s);
                    }
                    Ok(_) => {}
                    Err(p) => tracing::warn!(problem = ?p.detail, "catching up failed"),
                }
            }
        });
    }
    let served = axum::serve(listener, router_with_state(state.clone()))
        .with_graceful_shutdown(shutdown)
        .await;
    // The writer and the comparison maker stop once their queues close
    // (each holds the shared state, so dropping it would not close them).
    if let Ok(mut w) = state.write_jobs.lock() {
        *w = None;
    }
    if let Ok(mut m) = state.maker.lock() {
        *m = None;
    }
    served
}

/// Starts the comparison maker: a thread of its own, at a lower CPU
/// priority than the readers where the system allows it, with its own
/// engine sharing the server's comparisons. It first makes ahead the
/// comparisons of the largest events (the dearest to make on a reader's
/// request), then, each time a write wakes it, makes again the kept ones
/// that new articles changed. A reader never waits for it: a large changed
/// event is answered as kept meanwhile (see
/// `Engine::compare_event_served`).
fn start_maker(state: &Arc<Shared>) {
    use std::sync::atomic::Ordering;
    let (wake, woken) = std::sync::mpsc::sync_channel::<()>(1);
    if let Ok(mut m) = state.maker.lock() {
        *m = Some(wake);
    }
    state.warming.store(true, Ordering::Relaxed);
    let s = state.clone();
    let spawned = std::thread::Builder::new()
        .name("comparisons".into())
        .spawn(move || {
            lower_priority();
            let mut engine = match open_engine(&s) {
                Ok(e) => e,
                Err(p) => {
                    s.warming.store(false, Ordering::Relaxed);
                    tracing::warn!(problem = ?p.detail, "no comparisons made ahead: cannot open the store");
                    return;
                }
            };
            let started = std::time::Instant::now();
            let made = engine.warm_comparisons(parallax_engine::ComparisonCache::CAPACITY / 2);
            s.warming.store(false, Ordering::Relaxed);
            match made {
                Ok(n) => tracing::info!(
                    comparisons = n,
                    seconds = started.elapsed().as_secs_f64(),
                    "comparisons of the largest events made ahead"
                ),
                Err(e) => tracing::warn!(error = %e, "making comparisons ahead failed"),
            }
            // Until the server drops its end.
            while woken.recv().is_ok() {
                match engine.refresh_comparisons() {
                    Ok(n) if n > 0 => tracing::debug!(comparisons = n, "comparisons made again"),
                    Ok(_) => {}
                    Err(e) => tracing::warn!(error = %e, "making comparisons again failed"),
                }
            }
        });
    if let Err(e) = spawned {
        state.warming.store(false, Ordering::Relaxed);
        tracing::warn!(error = %e, "no comparison maker");
    }
}

/// Lowers this thread's CPU priority (Linux: a thread's nice value is its
/// own), so work done ahead yields the cores to requests.
fn lower_priority() {
    #[cfg(target_os = "linux")]
    if let Err(e) = rustix::process::setpriority_process(Some(rustix::thread::gettid()), 10) {
        tracing::debug!(error = %e, "this thread keeps the readers' priority");
    }
}

/// Wakes the comparison maker after a write: the kept comparisons of the
/// events new articles joined are made again in the background. A wake
/// already pending covers this one.
fn remake_comparisons(s: &Arc<Shared>) {
    if let Ok(m) = s.maker.lock() {
        if let Some(wake) = m.as_ref() {
            let _ = wake.try_send(());
        }
    }
}

/// Resolves on SIGTERM or Ctrl-C.
pub async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = term => {},
    }
    tracing::info!("shutting down: finishing the requests in flight");
}

#[derive(Debug)]
struct Shared {
    cfg: Config,
    writer: tokio::sync::Mutex<()>,
    metrics: std::sync::Mutex<Metrics>,
    /// The HNSW index of the stored sentence embeddings, shared by every
    /// engine: built from the store when `serve` starts (or at the first
    /// semantic search), then brought up to date before each search.
    vectors: parallax_engine::vindex::VectorIndex,
    /// The entities across the store, kept up to date the same way.
    entities: std::sync::Mutex<parallax_engine::analyses::LiveEntities>,
    /// The comparisons every thread's engine has made, by event membership.
    comparisons: parallax_engine::ComparisonCache,
    /// Whether the comparisons of the largest events are still being made
    /// ahead (`serve` does it once it starts).
    warming: std::sync::atomic::AtomicBool,
    /// Wakes the comparison maker (see [`start_maker`]) after a write; none
    /// where the router runs without `serve`.
    maker: std::sync::Mutex<Option<std::sync::mpsc::SyncSender<()>>>,
    /// The writer thread's queue (see [`start_writer`]); none where the
    /// router runs without `serve`.
    write_jobs: std::sync::Mutex<Option<std::sync::mpsc::Sender<WriteJob>>>,
}

type AppState = State<Arc<Shared>>;

/// An RFC 9457 problem.
#[derive(Debug, Serialize)]
struct Problem {
    #[serde(rename = "type")]
    kind: &'static str,
    title: String,
    status: u16,
    #[serde(skip_serializing_if = "Option::is_none")]
    detail: Option<String>,
}

impl Problem {
    fn new(status: StatusCode, title: impl Into<String>) -> Self {
        Problem {
            kind: "about:blank",
            title: title.into(),
            status: status.as_u16(),
            detail: None,
        }
    }

    fn detail(mut self, d: impl Into<String>) -> Self {
        self.detail = Some(d.into());
        self
    }

    fn not_found(what: impl std::fmt::Display) -> Self {
        Problem::new(StatusCode::NOT_FOUND, "not found").detail(what.to_string())
    }

    fn bad_request(what: impl std::fmt::Display) -> Self {
        Problem::new(StatusCode::BAD_REQUEST, "bad request").detail(what.to_string())
    }
}

impl IntoResponse for Problem {
    fn into_response(self) -> Response {
        let status = StatusCode::from_u16(self.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let body = serde_json::to_vec(&self).unwrap_or_default();
        (
            status,
            [(
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/problem+json"),
            )],
            body,
        )
            .into_response()
    }
}

impl From<parallax_engine::Error> for Problem {
    fn from(e: parallax_engine::Error) -> Self {
        use parallax_engine::store::Error as S;
        match &e {
            parallax_engine::Error::Store(S::NotFound(_)) => Problem::not_found(e),
            parallax_engine::Error::Store(S::Ambiguous { .. }) => Problem::bad_request(e),
            _ => {
                tracing::error!("request failed: {e}");
                Problem::new(StatusCode::INTERNAL_SERVER_ERROR, "the store failed")
                    .detail(e.to_string())
            }
        }
    }
}

impl From<parallax_engine::store::Error> for Problem {
    fn from(e: parallax_engine::store::Error) -> Self {
        parallax_engine::Error::Store(e).into()
    }
}

impl From<QueryRejection> for Problem {
    fn from(e: QueryRejection) -> Self {
        Problem::bad_request(e.body_text())
    }
}

impl From<PathRejection> for Problem {
    fn from(e: PathRejection) -> Self {
        Problem::bad_request(e.body_text())
    }
}

type Answer = Result<Response, Problem>;

fn json<T: Serialize>(value: &T) -> Answer {
    let body = serde_json::to_vec(value).map_err(|e| {
        Problem::new(StatusCode::INTERNAL_SERVER_ERROR, "cannot write JSON").detail(e.to_string())
    })?;
    Ok((
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        )],
        body,
    )
        .into_response())
}

thread_local! {
    /// This blocking thread's engine, with the store it was opened on.
    static ENGINE: RefCell<Option<(PathBuf, Engine<Store>)>> = const { RefCell::new(None) };
}

/// An engine over the server's store, as every thread of the server keeps
/// one: the file read through a memory map, reads lazy (they answer from
/// the stages as they stand: the writer catches up), comparisons shared.
fn open_engine(shared: &Shared) -> Result<Engine<Store>, Problem> {
    let cannot = |e: parallax_engine::store::Error| {
        Problem::new(StatusCode::INTERNAL_SERVER_ERROR, "cannot open the store")
            .detail(e.to_string())
    };
    let store = match shared.cfg.read_only {
        true => Store::open_read_only(&shared.cfg.db),
        false => Store::open(&shared.cfg.db),
    }
    .map_err(cannot)?;
    // A server's threads share the OS's cache of the file.
    store.map_file().map_err(cannot)?;
    let mut engine = Engine::new(store, shared.cfg.engine.clone());
    engine.set_lazy_reads(true);
    engine.share_comparisons(shared.comparisons.clone());
    Ok(engine)
}

/// Runs `f` on this thread's engine for the store, on tokio's blocking
/// pool.
async fn with_engine<T: Send + 'static>(
    shared: &Arc<Shared>,
    f: impl FnOnce(&mut Engine<Store>) -> Result<T, Problem> + Send + 'static,
) -> Result<T, Problem> {
    let shared = shared.clone();
    tokio::task::spawn_blocking(move || {
        ENGINE.with_borrow_mut(|slot| {
            if slot.as_ref().is_none_or(|(db, _)| *db != shared.cfg.db) {
                *slot = Some((shared.cfg.db.clone(), open_engine(&shared)?));
            }
            let (_, engine) = slot.as_mut().expect("opened above");
            f(engine)
        })
    })
    .await
    .map_err(|e| {
        Problem::new(StatusCode::INTERNAL_SERVER_ERROR, "the request failed").detail(e.to_string())
    })?
}

/// A write for the writer thread: it is given the writer's engine, or why
/// there is none.
type WriteJob = Box<dyn FnOnce(Result<&mut Engine<Store>, Problem>) + Send>;

/// Starts the writer: a thread of its own, at a lower CPU priority than
/// the readers where the system allows it, that runs the server's writes
/// (a POST's batch and the stages after it, the follower's catching up)
/// one at a time on its own engine. A batch's stages cost about a second
/// of CPU; at the readers' priority they made every read on a two-core
/// machine wait for a core. A write takes longer when the readers are
/// busy; a read never waits for one.
fn start_writer(state: &Arc<Shared>) {
    let (tx, rx) = std::sync::mpsc::channel::<WriteJob>();
    if let Ok(mut w) = state.write_jobs.lock() {
        *w = Some(tx);
    }
    let s = state.clone();
    let spawned = std::thread::Builder::new()
        .name("writer".into())
        .spawn(move || {
            lower_priority();
            let mut engine: Option<Engine<Store>> = None;
            while let Ok(job) = rx.recv() {
                if engine.is_none() {
                    match open_engine(&s) {
                        Ok(e) => engine = Some(e),
                        Err(p) => {
                            job(Err(p));
                            continue;
                        }
                    }
                }
                let Some(e) = engine.as_mut() else { continue };
                let ran = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| job(Ok(e))));
                if ran.is_err() {
                    // The job's answer was dropped (a 500 for its caller);
                    // the next write starts on a new engine.
                    engine = None;
                }
            }
        });
    if let Err(e) = spawned {
        if let Ok(mut w) = state.write_jobs.lock() {
            *w = None;
        }
        tracing::warn!(error = %e, "no writer thread: writes run on the readers' threads");
    }
}

/// Runs the write `f` on the writer thread (see [`start_writer`]), or, where
/// the router runs without `serve`, as a read runs.
async fn with_writer<T: Send + 'static>(
    shared: &Arc<Shared>,
    f: impl FnOnce(&mut Engine<Store>) -> Result<T, Problem> + Send + 'static,
) -> Result<T, Problem> {
    let sender = shared.write_jobs.lock().ok().and_then(|w| w.clone());
    let Some(jobs) = sender else {
        return with_engine(shared, f).await;
    };
    let (done, answer) = tokio::sync::oneshot::channel();
    let job: WriteJob = Box::new(move |engine| {
        let _ = done.send(engine.and_then(f));
    });
    let failed = || Problem::new(StatusCode::INTERNAL_SERVER_ERROR, "the write failed");
    jobs.send(job)
        .map_err(|_| failed().detail("the writer thread has stopped"))?;
    answer
        .await
        .map_err(|_| failed().detail("the write panicked; it was rolled back"))?
}

/// A page of a listing, as the command line's `--json` writes it.
fn page<T: Serialize>(key: &'static str, items: &[T], total: usize, offset: usize) -> Answer {
    json(&parallax_engine::PageJson {
        key,
        items,
        total,
        offset,
    })
}

/// The paging parameters every listing takes.
#[derive(Debug, Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct Paging {
    limit: Option<usize>,
    #[serde(default, deserialize_with = "small_count")]
    offset: usize,
    since: Option<String>,
    until: Option<String>,
    min_articles: Option<u32>,
    speaker: Option<String>,
    outlet: Option<String>,
    lang: Option<String>,
    #[serde(default, deserialize_with = "cursor")]
    after: Option<i64>,
    event: Option<u32>,
    order: Option<String>,
}

/// A count or offset given as a parameter: at most `u32::MAX`, as the
/// OpenAPI document says (a store offset past it means nothing, and a
/// larger one would not survive the store's signed integers).
fn small_count<'de, D: serde::Deserializer<'de>>(d: D) -> Result<usize, D::Error> {
    Ok(u32::deserialize(d)? as usize)
}

/// An arrival number given as a cursor: 0 or more.
fn cursor<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<i64>, D::Error> {
    match Option::<u64>::deserialize(d)? {
        None => Ok(None),
        Some(n) => i64::try_from(n)
            .map(Some)
            .map_err(|_| serde::de::Error::custom("a cursor is at most 2^63 - 1")),
    }
}

/// `YYYY-MM-DD`.
const DAY: &[time::format_description::FormatItem<'static>] =
    time::macros::format_description!("[year]-[month]-[day]");

impl Paging {
    fn limit(&self) -> Result<usize, Problem> {
        match self.limit.unwrap_or(DEFAULT_LIMIT) {
            n if n > MAX_LIMIT => Err(Problem::bad_request(format!(
                "limit {n} is over {MAX_LIMIT}: page with offset"
            ))),
            n => Ok(n),
        }
    }

    fn day(v: &Option<String>, name: &str) -> Result<Option<PubDate>, Problem> {
        match v {
            None => Ok(None),
            // Any calendar day (a filter, not a publication date: no
            // plausible-years check).
            Some(s) => time::Date::parse(s, DAY)
                .map(|d| Some(PubDate::day(d)))
                .map_err(|_| {
                    Problem::bad_request(format!("{name}: {s:?} is not a date (YYYY-MM-DD)"))
                }),
        }
    }

    fn days(&self) -> Result<(Option<PubDate>, Option<PubDate>), Problem> {
        Ok((
            Self::day(&self.since, "since")?,
            Self::day(&self.until, "until")?,
        ))
    }

    /// The listing of quotes or claims these parameters ask for.
    fn listing(&self) -> Result<Listing, Problem> {
        let (since, until) = self.days()?;
        Ok(Listing {
            speaker: self.speaker.clone(),
            since,
            until,
            event: self.event,
            offset: self.offset,
            limit: self.limit()?,
        })
    }

    /// Only the parameters `allowed` may be given.
    fn only(&self, allowed: &[&str]) -> Result<(), Problem> {
        let given = [
            ("since", self.since.is_some()),
            ("until", self.until.is_some()),
            ("min_articles", self.min_articles.is_some()),
            ("speaker", self.speaker.is_some()),
            ("outlet", self.outlet.is_some()),
            ("lang", self.lang.is_some()),
            ("event", self.event.is_some()),
            ("after", self.after.is_some()),
            ("order", self.order.is_some()),
        ];
        match given.iter().find(|(n, on)| *on && !allowed.contains(n)) {
            Some((n, _)) => Err(Problem::bad_request(format!(
                "this listing does not take {n}"
            ))),
            None => Ok(()),
        }
    }
}

/// The parameters of the front page.
#[derive(Debug, Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct FrontParams {
    #[serde(default, deserialize_with = "small_count")]
    offset: usize,
    q: Option<String>,
    /// "largest" for the largest events first; else time order.
    order: Option<String>,
}

/// An HTML page, under a policy that allows no script.
fn html_page(body: String) -> Response {
    (
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/html; charset=utf-8"),
            ),
            (
                header::CONTENT_SECURITY_POLICY,
                HeaderValue::from_static(
                    "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'",
                ),
            ),
        ],
        body,
    )
        .into_response()
}

async fn front(State(s): AppState, q: Result<Query<FrontParams>, QueryRejection>) -> Answer {
    let Query(p) = q?;
    let Some(pages) = s.cfg.pages.clone() else {
        return Err(Problem::not_found("no web pages here"));
    };
    let shared = s.clone();
    let body = with_engine(&s, move |e| {
        let query = p.q.as_deref().map(str::trim).filter(|q| !q.is_empty());
        let largest = p.order.as_deref() == Some("largest");
        Ok(pages.front(e, p.offset, largest, query, &shared.vectors)?)
    })
    .await?;
    Ok(html_page(body))
}

async fn storyline_page(State(s): AppState, id: Result<Path<u32>, PathRejection>) -> Answer {
    let Path(id) = id?;
    let Some(pages) = s.cfg.pages.clone() else {
        return Err(Problem::not_found("no web pages here"));
    };
    match with_engine(&s, move |e| Ok(pages.storyline(e, id)?)).await? {
        Some(body) => Ok(html_page(body)),
        None => Err(Problem::not_found(format!("no storyline {id}"))),
    }
}

async fn quote_page(State(s): AppState, id: Result<Path<u32>, PathRejection>) -> Answer {
    let Path(id) = id?;
    let Some(pages) = s.cfg.pages.clone() else {
        return Err(Problem::not_found("no web pages here"));
    };
    match with_engine(&s, move |e| Ok(pages.quote(e, id)?)).await? {
        Some(body) => Ok(html_page(body)),
        None => Err(Problem::not_found(format!("no quote cluster {id}"))),
    }
}

async fn article_page(State(s): AppState, id: Result<Path<String>, PathRejection>) -> Answer {
    let Path(id) = id?;
    let Some(pages) = s.cfg.pages.clone() else {
        return Err(Problem::not_found("no web pages here"));
    };
    let body = with_engine(&s, move |e| Ok(pages.article(e, &id)?)).await?;
    Ok(html_page(body))
}

async fn search_page(State(s): AppState, q: Result<Query<SearchForm>, QueryRejection>) -> Answer {
    let Query(form) = q?;
    let Some(pages) = s.cfg.pages.clone() else {
        return Err(Problem::not_found("no web pages here"));
    };
    let shared = s.clone();
    let body = with_engine(&s, move |e| Ok(pages.search(e, &form, &shared.vectors)?)).await?;
    Ok(html_page(body))
}

async fn event_page(State(s): AppState, id: Result<Path<u32>, PathRejection>) -> Answer {
    let Path(id) = id?;
    let Some(pages) = s.cfg.pages.clone() else {
        return Err(Problem::not_found("no web pages here"));
    };
    match with_engine(&s, move |e| Ok(pages.event(e, id)?)).await? {
        Some(body) => Ok(html_page(body)),
        None => merged_or_missing(&s, id, |into| format!("/events/{into}")).await,
    }
}

/// For a listing of one event's items (`?event=ID`) whose event was merged
/// into another: the redirect (308) to the same listing of that event.
/// None when no event is asked for or it was not merged. One look-up by
/// key.
async fn merged_listing(
    s: &Arc<Shared>,
    event: Option<u32>,
    uri: &axum::http::Uri,
) -> Result<Option<Response>, Problem> {
    let Some(id) = event else {
        return Ok(None);
    };
    let Some(into) = with_engine(s, move |e| Ok(e.merged_into(id)?)).await? else {
        return Ok(None);
    };
    let query: Vec<String> = uri
        .query()
        .unwrap_or("")
        .split('&')
        .map(|pair| match pair.split_once('=') {
            Some(("event", _)) => format!("event={into}"),
            _ => pair.to_string(),
        })
        .collect();
    let location = format!("{}?{}", uri.path(), query.join("&"));
    Ok(Some(redirect_to_merged(id, into, &location)?))
}

/// A permanent redirect (308) from event `id` to `into`, the event it was
/// merged into, at `location`, with a short JSON body saying so.
fn redirect_to_merged(id: u32, into: u32, location: &str) -> Answer {
    let location = HeaderValue::from_str(location).map_err(|e| {
        Problem::new(StatusCode::INTERNAL_SERVER_ERROR, "bad redirect").detail(e.to_string())
    })?;
    let body = serde_json::json!({ "event": id, "merged_into": into });
    Ok((
        StatusCode::PERMANENT_REDIRECT,
        [
            (header::LOCATION, location),
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/json"),
            ),
        ],
        body.to_string(),
    )
        .into_response())
}

/// The answer for an event id that names no event now: a permanent
/// redirect (308) to the event it was merged into, whose articles it
/// holds (merges are never undone; a kept link or an id from an earlier
/// listing still leads somewhere), else 404.
async fn merged_or_missing(s: &Arc<Shared>, id: u32, path: impl FnOnce(u32) -> String) -> Answer {
    match with_engine(s, move |e| Ok(e.merged_into(id)?)).await? {
        Some(into) => redirect_to_merged(id, into, &path(into)),
        None => Err(Problem::not_found(format!("no event {id}"))),
    }
}

async fn healthz(State(s): AppState) -> Answer {
    // One index entry, not a count of the table: a monitor asks often.
    let articles = with_engine(&s, |e| Ok(e.store().last_seq()?)).await?;
    json(&Health {
        status: "ok",
        articles,
        warming: s.warming.load(std::sync::atomic::Ordering::Relaxed),
    })
}

/// Prometheus text: the store's articles and events, articles stored
/// through the API and the time spent storing them, and requests with
/// their total time by route and status.
async fn metrics(State(s): AppState) -> Answer {
    let (articles, events) = with_engine(&s, |e| {
        let store = e.store();
        let all = EventQuery {
            limit: 0,
            ..Default::default()
        };
        Ok((store.last_seq()?, store.events_page(&all)?.1))
    })
    .await?;
    use std::fmt::Write as _;
    let mut out = String::new();
    let m = s
        .metrics
        .lock()
        .map_err(|_| Problem::new(StatusCode::INTERNAL_SERVER_ERROR, "metrics unavailable"))?;
    let _ = writeln!(out, "# HELP parallax_articles Articles in the store.");
    let _ = writeln!(out, "# TYPE parallax_articles gauge");
    let _ = writeln!(out, "parallax_articles {articles}");
    let _ = writeln!(out, "# HELP parallax_events Events in the store.");
    let _ = writeln!(out, "# TYPE parallax_events gauge");
    let _ = writeln!(out, "parallax_events {events}");
    let _ = writeln!(
        out,
        "# HELP parallax_posted_articles_total Articles stored through POST /api/v1/articles."
    );
    let _ = writeln!(out, "# TYPE parallax_posted_articles_total counter");
    let _ = writeln!(out, "parallax_posted_articles_total {}", m.posted.0);
    let _ = writeln!(out, "# HELP parallax_posted_seconds_total Seconds spent storing posted articles, stages included.");
    let _ = writeln!(out, "# TYPE parallax_posted_seconds_total counter");
    let _ = writeln!(out, "parallax_posted_seconds_total {:.6}", m.posted.1);
    let _ = writeln!(
        out,
        "# HELP parallax_requests_total Requests answered, by method, route and status."
    );
    let _ = writeln!(out, "# TYPE parallax_requests_total counter");
    for ((method, route, status), (n, _)) in &m.requests {
        let _ = writeln!(
            out,
            "parallax_requests_total{{method=\"{method}\",route=\"{route}\",status=\"{status}\"}} {n}"
        );
    }
    let _ = writeln!(out, "# HELP parallax_request_seconds_total Seconds spent answering, by method, route and status.");
    let _ = writeln!(out, "# TYPE parallax_request_seconds_total counter");
    for ((method, route, status), (_, secs)) in &m.requests {
        let _ = writeln!(
            out,
            "parallax_request_seconds_total{{method=\"{method}\",route=\"{route}\",status=\"{status}\"}} {secs:.6}"
        );
    }
    Ok((
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("text/plain; version=0.0.4; charset=utf-8"),
        )],
        out,
    )
        .into_response())
}

async fn events(State(s): AppState, q: Result<Query<Paging>, QueryRejection>) -> Answer {
    let Query(p) = q?;
    p.only(&["since", "until", "min_articles", "order"])?;
    let (since, until) = p.days()?;
    let order = match p.order.as_deref() {
        None | Some("time") => EventOrder::Time,
        Some("largest") => EventOrder::Largest,
        Some("smallest") => EventOrder::Smallest,
        Some(o) => {
            return Err(Problem::bad_request(format!(
                "no order {o:?}: time, largest or smallest"
            )))
        }
    };
    let q = EventQuery {
        since: since.map(|d| d.to_string()),
        until: until.map(|d| d.to_string()),
        min_articles: p.min_articles.map_or(1, |n| n as usize),
        offset: p.offset,
        limit: p.limit()?,
        order,
    };
    let offset = q.offset;
    let (events, total) = with_engine(&s, move |e| Ok(e.events_page(&q)?)).await?;
    page("events", &events, total, offset)
}

async fn event(State(s): AppState, id: Result<Path<u32>, PathRejection>) -> Answer {
    let Path(id) = id?;
    let view = with_engine(&s, move |e| Ok(e.event(id)?)).await?;
    match view {
        Some(v) => json(&v.event),
        None => merged_or_missing(&s, id, |into| format!("/api/v1/events/{into}")).await,
    }
}

async fn comparison(State(s): AppState, id: Result<Path<u32>, PathRejection>) -> Answer {
    let Path(id) = id?;
    match with_engine(&s, move |e| Ok(e.compare_event_served(id)?)).await? {
        Some((kept, age)) => Ok((
            [
                (
                    header::CONTENT_TYPE,
                    HeaderValue::from_static("application/json"),
                ),
                // How long ago the comparison was made (RFC 9111): one of
                // a large event that changed since is answered as kept
                // while the server makes it again.
                (header::AGE, HeaderValue::from(age.as_secs())),
            ],
            kept.json().to_vec(),
        )
            .into_response()),
        None => merged_or_missing(&s, id, |into| format!("/api/v1/events/{into}/comparison")).await,
    }
}

async fn storylines(State(s): AppState, q: Result<Query<Paging>, QueryRejection>) -> Answer {
    let Query(p) = q?;
    p.only(&[])?;
    let limit = p.limit()?;
    let offset = p.offset;
    let (lines, total) = with_engine(&s, move |e| Ok(e.storylines_page(offset, limit)?)).await?;
    page("storylines", &lines, total, offset)
}

async fn storyline(State(s): AppState, id: Result<Path<u32>, PathRejection>) -> Answer {
    let Path(id) = id?;
    match with_engine(&s, move |e| Ok(e.storyline(id)?)).await? {
        Some((line, events)) => json(&StorylineJson {
            line: &line,
            timeline: &events,
        }),
        None => Err(Problem::not_found(format!("no storyline {id}"))),
    }
}

async fn articles(
    State(s): AppState,
    uri: axum::http::Uri,
    q: Result<Query<Paging>, QueryRejection>,
) -> Answer {
    let Query(p) = q?;
    p.only(&["since", "until", "outlet", "lang", "event", "after"])?;
    if let Some(moved) = merged_listing(&s, p.event, &uri).await? {
        return Ok(moved);
    }
    let (since, until) = p.days()?;
    let q = ArticleQuery {
        since: since.map(|d| d.to_string()),
        until: until.map(|d| d.to_string()),
        outlet: p.outlet.clone(),
        language: p.lang.clone(),
        event: p.event,
        after: p.after,
        offset: p.offset,
        limit: p.limit()?,
    };
    let (offset, limit) = (q.offset, q.limit);
    let (articles, total, next) = with_engine(&s, move |e| {
        e.refresh()?;
        let (articles, total) = e.store().articles_page(&q)?;
        // The cursor of the next page: the last article's arrival number,
        // when more follow.
        let next = match articles.last() {
            Some(a) if offset.saturating_add(articles.len()) < total && articles.len() == limit => {
                e.store().seq_of(&a.id)?
            }
            _ => None,
        };
        Ok((articles, total, next))
    })
    .await?;
    #[derive(Serialize)]
    struct Articles<'a> {
        #[serde(flatten)]
        page: parallax_engine::PageJson<'a, parallax_model::Article>,
        /// Give as `after` for the next page.
        #[serde(skip_serializing_if = "Option::is_none")]
        next: Option<i64>,
    }
    json(&Articles {
        page: parallax_engine::PageJson {
            key: "articles",
            items: &articles,
            total,
            offset,
        },
        next,
    })
}

/// The shortest article id prefix the API takes: shorter ones would name
/// many articles of any store (the command line's `show` takes any).
const MIN_PREFIX: usize = 4;

fn article_prefix(id: Result<Path<String>, PathRejection>) -> Result<String, Problem> {
    let Path(id) = id?;
    if id.chars().count() < MIN_PREFIX {
        return Err(Problem::bad_request(format!(
            "an article id prefix has at least {MIN_PREFIX} characters: {id:?}"
        )));
    }
    Ok(id)
}

async fn article(State(s): AppState, id: Result<Path<String>, PathRejection>) -> Answer {
    let id = article_prefix(id)?;
    let a = with_engine(&s, move |e| Ok(e.store().article(&id)?)).await?;
    json(&a)
}

async fn article_raw(State(s): AppState, id: Result<Path<String>, PathRejection>) -> Answer {
    let id = article_prefix(id)?;
    let bytes = with_engine(&s, move |e| {
        let a = e.store().article(&id)?;
        Ok(e.store().raw_bytes(&a.id)?)
    })
    .await?;
    // The original as it came: a page, a JSON line, a text, compressed or
    // not; its kind is read off its first bytes.
    let first = bytes.iter().find(|b| !b.is_ascii_whitespace()).copied();
    let kind = match (bytes.get(..2), first) {
        (Some([0x1f, 0x8b]), _) => "application/gzip",
        (_, Some(b'<')) => "text/html; charset=utf-8",
        (_, Some(b'{')) => "application/json",
        _ if std::str::from_utf8(&bytes).is_ok() => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    };
    Ok((
        [(header::CONTENT_TYPE, HeaderValue::from_static(kind))],
        bytes,
    )
        .into_response())
}

async fn quotes(
    State(s): AppState,
    uri: axum::http::Uri,
    q: Result<Query<Paging>, QueryRejection>,
) -> Answer {
    let Query(p) = q?;
    p.only(&["since", "until", "speaker", "event"])?;
    if let Some(moved) = merged_listing(&s, p.event, &uri).await? {
        return Ok(moved);
    }
    let listing = p.listing()?;
    let (items, total) = with_engine(&s, move |e| Ok(e.quotes_page(&listing)?)).await?;
    page("quotes", &items, total, p.offset)
}

async fn quote_cluster(State(s): AppState, id: Result<Path<u32>, PathRejection>) -> Answer {
    let Path(id) = id?;
    match with_engine(&s, move |e| Ok(e.quote_cluster(id)?)).await? {
        Some((variants, talking_point)) => json(&QuoteClusterJson {
            cluster: id,
            variants,
            talking_point,
        }),
        None => Err(Problem::not_found(format!("no quote cluster {id}"))),
    }
}

/// The entity parameters.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct EntityParams {
    limit: Option<usize>,
    #[serde(default, deserialize_with = "small_count")]
    offset: usize,
    q: Option<String>,
    kind: Option<String>,
}

/// Articles of an entity a page lists (its latest).
const ENTITY_ARTICLES: usize = 20;

/// GET /api/v1/entities: from the server's entity index, which takes the
/// articles analyzed since the last request first (see `LiveEntities`).
async fn entities(State(s): AppState, q: Result<Query<EntityParams>, QueryRejection>) -> Answer {
    use parallax_model::EntityKind;
    let Query(p) = q?;
    let limit = Paging {
        limit: p.limit,
        ..Default::default()
    }
    .limit()?;
    let kind = match p.kind.as_deref() {
        None => None,
        Some("person") => Some(EntityKind::Person),
        Some("organization") => Some(EntityKind::Organization),
        Some("place") => Some(EntityKind::Place),
        Some(k) => {
            return Err(Problem::bad_request(format!(
                "no entity kind {k:?}: person, organization or place"
            )))
        }
    };
    let words =
        p.q.as_deref()
            .map(parallax_engine::speakers::query_words)
            .unwrap_or_default();
    let shared = s.clone();
    let all = with_engine(&s, move |e| {
        e.refresh()?;
        let mut live = shared.entities.lock().map_err(|_| {
            Problem::new(
                StatusCode::INTERNAL_SERVER_ERROR,
                "the entity index's lock is poisoned",
            )
        })?;
        live.catch_up(e.store())?;
        Ok(live.entities())
    })
    .await?;
    let has_words = |it: &parallax_engine::analyses::EntityItem| {
        let mut have: Vec<String> = std::iter::once(&it.name)
            .chain(&it.aliases)
            .flat_map(|n| parallax_engine::speakers::query_words(n))
            .collect();
        have.sort_unstable();
        words.iter().all(|w| have.binary_search(w).is_ok())
    };
    let chosen: Vec<&parallax_engine::analyses::EntityItem> = all
        .iter()
        .filter(|it| kind.is_none_or(|k| it.kind == k) && has_words(it))
        .collect();
    let items: Vec<EntityJson<'_>> = chosen
        .iter()
        .skip(p.offset)
        .take(limit)
        .map(|it| EntityJson {
            name: &it.name,
            kind: it.kind,
            role: it.role.as_deref(),
            country: it.country.as_deref(),
            aliases: &it.aliases,
            mentions: it.mentions,
            articles: it.articles.len(),
            latest: it.articles.iter().rev().take(ENTITY_ARTICLES).collect(),
        })
        .collect();
    page("entities", &items, chosen.len(), p.offset)
}

async fn claims(State(s): AppState, q: Result<Query<Paging>, QueryRejection>) -> Answer {
    let Query(p) = q?;
    p.only(&["since", "until"])?;
    let listing = p.listing()?;
    let (items, total) = with_engine(&s, move |e| Ok(e.claims_page(&listing)?)).await?;
    page("claims", &items, total, p.offset)
}

async fn copies(State(s): AppState, q: Result<Query<Paging>, QueryRejection>) -> Answer {
    let Query(p) = q?;
    p.only(&[])?;
    let (limit, offset) = (p.limit()?, p.offset);
    let (items, _, groups) = with_engine(&s, move |e| Ok(e.copies_page(offset, limit)?)).await?;
    json(&parallax_engine::CopiesPage::new(
        &items, groups, offset, limit,
    ))
}

async fn outlets(State(s): AppState, q: Result<Query<Paging>, QueryRejection>) -> Answer {
    let Query(p) = q?;
    p.only(&[])?;
    let (limit, offset) = (p.limit()?, p.offset);
    let (items, total) = with_engine(&s, move |e| Ok(e.outlets_page(offset, limit)?)).await?;
    page("outlets", &items, total, offset)
}

async fn outlet(State(s): AppState, name: Result<Path<String>, PathRejection>) -> Answer {
    let Path(name) = name?;
    let shown = name.clone();
    match with_engine(&s, move |e| Ok(e.outlet(&name)?)).await? {
        Some(v) => json(&v),
        None => Err(Problem::not_found(format!(
            "no article names the outlet {shown:?}"
        ))),
    }
}

async fn outlets_page(State(s): AppState, q: Result<Query<FrontParams>, QueryRejection>) -> Answer {
    let Query(p) = q?;
    let Some(pages) = s.cfg.pages.clone() else {
        return Err(Problem::not_found("no web pages here"));
    };
    let body = with_engine(&s, move |e| Ok(pages.outlets(e, p.offset)?)).await?;
    Ok(html_page(body))
}

async fn outlet_page(State(s): AppState, name: Result<Path<String>, PathRejection>) -> Answer {
    let Path(name) = name?;
    let Some(pages) = s.cfg.pages.clone() else {
        return Err(Problem::not_found("no web pages here"));
    };
    let shown = name.clone();
    match with_engine(&s, move |e| Ok(pages.outlet(e, &name)?)).await? {
        Some(body) => Ok(html_page(body)),
        None => Err(Problem::not_found(format!(
            "no article names the outlet {shown:?}"
        ))),
    }
}

/// The search parameters.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct SearchParams {
    q: String,
    limit: Option<usize>,
    mode: Option<String>,
    copies: Option<String>,
}

async fn search(State(s): AppState, q: Result<Query<SearchParams>, QueryRejection>) -> Answer {
    use parallax_engine::search::Mode;
    let Query(p) = q?;
    let mode: Mode = p
        .mode
        .as_deref()
        .unwrap_or("lexical")
        .parse()
        .map_err(Problem::bad_request)?;
    let copies: parallax_engine::search::Copies = p
        .copies
        .as_deref()
        .unwrap_or("fold")
        .parse()
        .map_err(Problem::bad_request)?;
    let limit = Paging {
        limit: p.limit,
        ..Default::default()
    }
    .limit()?;
    let query = p.q;
    let shared = s.clone();
    let (used, hits) = with_engine(&s, move |e| {
        Ok(e.search_by(&query, mode, Some(&shared.vectors), limit, copies)?)
    })
    .await?;
    json(&SearchJson {
        mode: used,
        warning: (used != mode)
            .then_some("this server has no sentence-embedding model: the hits are lexical"),
        hits: &hits,
    })
}

/// POST /api/v1/articles: a JSON array of articles or JSON Lines, in the
/// JSON Lines input schema (docs/json.md); answers what `ingest --json`
/// prints. Each article is checked as `ingest` checks it: a bad one is
/// listed under `skipped` and the others are stored.
/// The parameters of a POST: a web page's address, when the body is one.
#[derive(Debug, Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct PostParams {
    url: Option<String>,
}

/// What a POST body holds.
enum Posted {
    /// JSON Lines in the input schema.
    Lines(Vec<u8>),
    /// One web page and its address.
    Page(Vec<u8>, String, String),
}

async fn post_articles(
    State(s): AppState,
    headers: HeaderMap,
    q: Result<Query<PostParams>, QueryRejection>,
    body: Result<Bytes, axum::extract::rejection::BytesRejection>,
) -> Answer {
    let Query(params) = q?;
    if s.cfg.read_only {
        return Err(
            Problem::new(StatusCode::FORBIDDEN, "the store is served read-only")
                .detail("the store is open for reading only (serve --read-only, or a file that cannot be written): nothing is written to it"),
        );
    }
    if let Some(token) = s.cfg.token.as_deref().filter(|t| !t.is_empty()) {
        let given = headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "));
        // Compared in constant time: how long a wrong guess takes says
        // nothing of how much of it was right.
        let right = given.is_some_and(|g| {
            bool::from(subtle::ConstantTimeEq::ct_eq(
                g.as_bytes(),
                token.as_bytes(),
            ))
        });
        if !right {
            return Err(
                Problem::new(StatusCode::UNAUTHORIZED, "a write needs the token")
                    .detail("send Authorization: Bearer TOKEN"),
            );
        }
    }
    let body = body.map_err(|e| {
        let status = e.status();
        let title = match status {
            StatusCode::PAYLOAD_TOO_LARGE => "the body is too large",
            _ => "cannot read the body",
        };
        Problem::new(status, title).detail(e.body_text())
    })?;
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_ascii_lowercase();
    let posted = if content_type.contains("text/html") || content_type.contains("xhtml") {
        let url = params.url.ok_or_else(|| {
            Problem::bad_request("a web page needs its address: POST /api/v1/articles?url=...")
        })?;
        if !(url.starts_with("http://") || url.starts_with("https://")) {
            return Err(Problem::bad_request(format!(
                "url: {url:?} is not an http(s) address"
            )));
        }
        if !is_markup(&body) {
            return Err(Problem::bad_request(
                "the body is not a web page: HTML begins with a tag (<!doctype html>, <html>...)",
            ));
        }
        Posted::Page(body.to_vec(), url, content_type)
    } else {
        if params.url.is_some() {
            return Err(Problem::bad_request(
                "url goes with a web page (Content-Type: text/html), not with JSON",
            ));
        }
        Posted::Lines(jsonl_body(&body)?)
    };
    let page = matches!(posted, Posted::Page(..));
    let _one_writer = s.writer.lock().await;
    let limits = s.cfg.engine.limits();
    let started = std::time::Instant::now();
    let report = with_writer(&s, move |e| {
        let entries = match &posted {
            Posted::Lines(lines) => parallax_engine::ingest::read_entries_with(
                "POST /api/v1/articles",
                lines,
                parallax_engine::ingest::SourceKind::Jsonl,
                &limits,
            )
            .collect::<Vec<_>>(),
            Posted::Page(page, url, content_type) => {
                vec![Ok(parallax_engine::ingest::warc::web_page(
                    format!("POST {url}"),
                    page.clone(),
                    Some(content_type),
                    Some(url.clone()),
                    None,
                ))]
            }
        };
        let mut report = e.ingest_entries(entries)?;
        let times = e.catch_up(Progress::Hidden)?;
        report.stages.add(&times);
        Ok(report)
    })
    .await?;
    // Nothing stored nor known, and something refused: the body held no
    // article (a page of no text, a line of the wrong types), a 4xx like
    // any other bad body. A batch with some good articles stores those and
    // lists the rest, as `ingest` does.
    if report.stored == 0 && report.duplicates.is_empty() && !report.skipped.is_empty() {
        let too_large = report
            .skipped
            .iter()
            .all(|e| matches!(e.problem, parallax_engine::ingest::Problem::TooLarge { .. }));
        let what = if page {
            "the page"
        } else {
            "every article of the body"
        };
        let detail: Vec<String> = report
            .skipped
            .iter()
            .take(5)
            .map(|e| e.to_string())
            .collect();
        return Err(if too_large {
            Problem::new(
                StatusCode::PAYLOAD_TOO_LARGE,
                format!("{what} is too large"),
            )
        } else if page {
            Problem::bad_request("the page is not an article")
        } else {
            Problem::bad_request("no article of the body can be stored")
        }
        .detail(detail.join("; ")));
    }
    if report.stored > 0 {
        remake_comparisons(&s);
    }
    if let Ok(mut m) = s.metrics.lock() {
        m.posted.0 += report.stored as u64;
        m.posted.1 += started.elapsed().as_secs_f64();
    }
    let status = if report.stored > 0 {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    };
    let mut r = json(&report)?;
    *r.status_mut() = status;
    Ok(r)
}

/// Whether a body posted as HTML is markup: after a byte order mark and
/// white space, a tag, a comment or a doctype. Plain text sent as
/// `text/html` would otherwise be stored as an article of that text.
fn is_markup(body: &[u8]) -> bool {
    let body = body.strip_prefix(b"\xef\xbb\xbf").unwrap_or(body);
    let start = body.iter().position(|b| !b.is_ascii_whitespace());
    match start.and_then(|i| body.get(i..i + 2)) {
        Some([b'<', next]) => next.is_ascii_alphabetic() || *next == b'!',
        _ => false,
    }
}

/// A POST body as JSON Lines: a JSON array becomes one line per element;
/// JSON Lines (or one object) pass as they are.
fn jsonl_body(body: &[u8]) -> Result<Vec<u8>, Problem> {
    let start = body.iter().position(|b| !b.is_ascii_whitespace());
    match start.map(|i| body[i]) {
        None => Err(Problem::bad_request(
            "the body is empty: send a JSON array of articles or JSON Lines",
        )),
        Some(b'[') => {
            let items: Vec<serde_json::Value> = serde_json::from_slice(body)
                .map_err(|e| Problem::bad_request(format!("the body is not a JSON array: {e}")))?;
            let mut out = Vec::with_capacity(body.len());
            for item in items {
                if !item.is_object() {
                    return Err(Problem::bad_request(
                        "each element of the array must be an article object",
                    ));
                }
                serde_json::to_writer(&mut out, &item)
                    .map_err(|e| Problem::bad_request(format!("cannot read the array: {e}")))?;
                out.push(b'\n');
            }
            Ok(out)
        }
        Some(b'{') => Ok(body.to_vec()),
        Some(_) => Err(Problem::bad_request(
            "the body must be a JSON array of articles or JSON Lines (objects, one a line)",
        )),
    }
}
