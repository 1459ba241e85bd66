//! `parallax`: the command-line entry point. Parses arguments, opens the
//! store, calls the engine and prints; nothing here is product logic.
//!
//! Exit status: 0 success, 1 error, 2 usage error, 3 finished but some
//! inputs were skipped (each reported on standard error).

/// A line on standard error that never fails the command: a closed
/// standard error (`2>&-`, a pager that quit) must not turn into a panic.
macro_rules! say {
    ($($t:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(crate::Plain::new(std::io::stderr()), $($t)*);
    }};
}

mod bench_scale;
mod bench_serve;
mod export;
mod fold;
mod html;
mod paged;
mod print;
mod report;
mod web;

use std::io::{self, IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use clap::{Parser, Subcommand, ValueEnum};
use parallax_engine::store::{ArticleStore, SqliteStore, Store};
use parallax_engine::{Engine, EngineConfig, IngestReport, Progress};

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// parallax: turn a pile of news articles into understanding.
#[derive(Debug, Parser)]
#[command(name = "parallax", version, about, propagate_version = true)]
struct Cli {
    /// The store: a SQLite file, created if missing.
    #[arg(
        long,
        global = true,
        env = "PARALLAX_DB",
        default_value = "parallax.db"
    )]
    db: PathBuf,
    /// Open the store for reading only, as an immutable file: nothing is
    /// written to it or beside it, and the stages show what they last held
    /// (a store that cannot be written is opened so anyway).
    #[arg(long, global = true, env = "PARALLAX_READ_ONLY")]
    read_only: bool,
    /// No progress bar.
    #[arg(short, long, global = true)]
    quiet: bool,
    /// List every duplicate input, not only their count.
    #[arg(short, long, global = true)]
    verbose: bool,
    /// The largest article read, in MiB once decompressed (a page, a text
    /// file, a JSON Lines line, a WARC body, a feed item); larger inputs
    /// are skipped and reported.
    #[arg(
        long,
        global = true,
        env = "PARALLAX_MAX_ARTICLE_MB",
        default_value_t = 4.0,
        value_name = "MIB"
    )]
    max_article_mb: f64,
    #[command(subcommand)]
    cmd: Cmd,
}

#[derive(Debug, Subcommand)]
enum Cmd {
    /// Store articles from files, directories (recursively) or `-` (stdin).
    Ingest {
        /// Files, folders (read recursively) or `-` for standard input:
        /// text (.txt, .text, no extension), JSON Lines (.jsonl, .ndjson),
        /// JSON (.json: an article object, an array of them, a JSON Feed),
        /// web pages (.html, .htm, .html.gz), WARC (.warc, .warc.gz), feeds
        /// (.rss, .atom, .xml, JSON Feed).
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// Print the report as JSON.
        #[arg(long)]
        json: bool,
        /// Store the articles only: the stages (copies, events, findings)
        /// run on the next command that reads the store, or at once in a
        /// `parallax serve` over it, which follows the store.
        #[arg(long)]
        defer_stages: bool,
    },
    /// Ingest, then report on everything in the store.
    Analyze {
        /// Files, folders (read recursively) or `-` for standard input:
        /// text (.txt, .text, no extension), JSON Lines (.jsonl, .ndjson),
        /// JSON (.json: an article object, an array of them, a JSON Feed),
        /// web pages (.html, .htm, .html.gz), WARC (.warc, .warc.gz), feeds
        /// (.rss, .atom, .xml, JSON Feed).
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        #[command(flatten)]
        report: ReportArgs,
    },
    /// The coverage report of the store as it is, without ingesting: an
    /// index and one page per event (`--out DIR`), or one report on
    /// standard output (`--format`) for a small store.
    Report {
        #[command(flatten)]
        report: ReportArgs,
    },
    /// One event's outlets side by side: agreed facts, claims, quotes,
    /// what each adds and leaves out, wording.
    Compare {
        /// The event id (see `parallax events`).
        event: u32,
        /// Print JSON instead of text.
        #[arg(long)]
        json: bool,
    },
    /// Copies: exact, near and partial copies and republications, with
    /// the original of each copy group.
    Copies {
        /// A JSON object: the page's copies, how many copy groups there
        /// are in all, and how many follow the page (schema: docs/json.md).
        #[arg(long)]
        json: bool,
        /// At most this many copy groups (a group: an original and its
        /// copies, or a lone republication).
        #[arg(long)]
        limit: Option<usize>,
        /// Skip this many copy groups.
        #[arg(long, default_value_t = 0)]
        offset: usize,
    },
    /// Events: one per real-world happening, in time order (undated
    /// last). Reads only the page it prints.
    Events {
        /// A JSON object: the page of events, how many match in all, and
        /// how many more follow the page (schema: docs/json.md).
        #[arg(long)]
        json: bool,
        /// The page; dates are the events' start dates.
        #[command(flatten)]
        page: Page,
        /// Only events with at least this many articles.
        #[arg(long, default_value_t = 1)]
        min_articles: usize,
        /// time: by start date, undated last; largest: most articles
        /// first; smallest: fewest first.
        #[arg(long, value_enum, default_value_t = Order::Time)]
        order: Order,
    },
    /// Storylines: threads of events over months and years.
    Storylines {
        /// Print JSON instead of text.
        #[arg(long)]
        json: bool,
    },
    /// Quotes with their speakers and quote clusters (one statement in
    /// all its wordings).
    Quotes {
        /// Print JSON instead of text.
        #[arg(long)]
        json: bool,
        /// Only quotes whose speaker (canonical or as written) has every
        /// word of this, ignoring case ("biden" finds "Joe Biden" and
        /// "President Biden"). Read from the speaker index: the cost is
        /// the speaker's quotes, not the store.
        #[arg(long, value_parser = parse_speaker)]
        speaker: Option<String>,
        /// Only this event's quotes, read from its articles alone.
        #[arg(long)]
        event: Option<u32>,
        /// The page; dates are the articles' publication dates.
        #[command(flatten)]
        page: Page,
    },
    /// One quote cluster: its variants by outlet and date, and the other
    /// clusters of the same talking point.
    Quote {
        /// The quote cluster's number (as `parallax quotes` prints it).
        cluster: u32,
        /// Print JSON instead of text.
        #[arg(long)]
        json: bool,
    },
    /// Numeric claims: amounts, percentages, counts, with what they
    /// measure.
    Claims {
        /// Print JSON instead of text.
        #[arg(long)]
        json: bool,
        /// The page; dates are the articles' publication dates.
        #[command(flatten)]
        page: Page,
    },
    /// People, organisations and places, merged across articles.
    Entities {
        /// Print JSON instead of text.
        #[arg(long)]
        json: bool,
    },
    /// Write a table for other tools: articles, events, quotes, claims or
    /// the articles' sentence embeddings, as JSON Lines or CSV.
    Export {
        #[arg(long, value_enum)]
        what: export::What,
        #[arg(long, value_enum, default_value_t = export::ExportFormat::Jsonl)]
        format: export::ExportFormat,
        /// Write here instead of standard output.
        #[arg(short, long)]
        output: Option<PathBuf>,
    },
    /// Search titles and bodies: lexical (BM25; any of the query's words),
    /// semantic or hybrid (`--mode`); best first, each article with its
    /// event and a snippet.
    Search {
        /// The words to look for.
        query: String,
        /// At most this many articles.
        #[arg(long, default_value_t = 10)]
        limit: usize,
        /// lexical (BM25 over titles and bodies), semantic (the query's
        /// sentence embedding against the articles'; here every stored
        /// vector is read, while `serve` keeps an index) or hybrid (the
        /// two fused by reciprocal rank). Without the sentence model,
        /// semantic and hybrid fall back to lexical, with a warning.
        #[arg(long, default_value = "lexical")]
        mode: parallax_engine::search::Mode,
        /// List every copy of a text found (reprints, agency copies) as a
        /// hit of its own, instead of the best ranked with how many more
        /// were found.
        #[arg(long)]
        all_copies: bool,
        /// Print JSON instead of text.
        #[arg(long)]
        json: bool,
    },
    /// Serve the store over HTTP: a JSON API under /api/v1 (events, their
    /// comparisons, storylines, articles and their originals, quotes,
    /// quote clusters, claims, copies) and POST /api/v1/articles to add
    /// articles. Stops cleanly on SIGTERM or Ctrl-C.
    Serve {
        /// Where to listen. Anywhere but loopback needs --token.
        #[arg(long, default_value = "127.0.0.1:7878")]
        addr: std::net::SocketAddr,
        /// The token every write must carry (Authorization: Bearer TOKEN).
        #[arg(long, env = "PARALLAX_TOKEN", hide_env_values = true)]
        token: Option<String>,
        /// The largest request body accepted, in MiB.
        #[arg(long, default_value_t = 64)]
        max_body_mb: usize,
        /// Also poll the feeds listed in this file (one URL per line), as
        /// `parallax watch` does, while serving.
        #[arg(long, value_name = "FEEDS")]
        watch: Option<PathBuf>,
        /// With --watch: time between rounds (30s, 10m, 1h).
        #[arg(long, default_value = "10m", value_parser = humantime::parse_duration)]
        every: std::time::Duration,
        /// With --watch: fetch loopback and private addresses too.
        #[arg(long)]
        allow_private_addresses: bool,
    },
    /// Poll the feeds listed in a file (one URL per line) and ingest the
    /// articles they announce: conditional GET, robots.txt respected, one
    /// request per host per --host-delay. Stops cleanly on Ctrl-C.
    Watch {
        /// The feeds list: one http(s) URL per line, `#` comments.
        feeds: PathBuf,
        /// Time between rounds: 30s, 10m, 1h.
        #[arg(long, default_value = "10m", value_parser = humantime::parse_duration)]
        every: std::time::Duration,
        /// The least time between two requests to one host.
        #[arg(long, default_value = "2s", value_parser = humantime::parse_duration)]
        host_delay: std::time::Duration,
        /// Poll once and exit: status 0 when at least one feed could be
        /// read (or was unchanged), 1 when none could.
        #[arg(long)]
        once: bool,
        /// Fetch loopback, private, link-local and other non-public
        /// addresses too (refused by default, on every redirect hop, so
        /// that a feed cannot point parallax at the local network).
        #[arg(long)]
        allow_private_addresses: bool,
    },
    /// List the stored articles.
    Articles {
        /// A JSON object: the page of articles, how many match in all, and
        /// how many more follow the page (schema: docs/json.md).
        #[arg(long)]
        json: bool,
        #[command(flatten)]
        page: Page,
        /// Only those of this outlet (its name as `articles` prints it).
        #[arg(long)]
        outlet: Option<String>,
        /// Only those in this language (ISO 639-1 code: en, fr, ...).
        #[arg(long)]
        lang: Option<String>,
        /// Only the articles of this event.
        #[arg(long)]
        event: Option<u32>,
    },
    /// Show one article, by id or unique id prefix.
    Show {
        /// The article's id, or any prefix of it that only one id begins.
        id: String,
        /// Print JSON instead of text.
        #[arg(long)]
        json: bool,
        /// Print the original bytes instead.
        #[arg(long, conflicts_with = "json")]
        raw: bool,
    },
    /// Measure quality against labeled data.
    Eval {
        #[command(subcommand)]
        what: EvalCmd,
    },
    /// Measure throughput.
    Bench {
        #[command(subcommand)]
        what: BenchCmd,
    },
}

#[derive(Debug, Subcommand)]
enum BenchCmd {
    /// Write a corpus of real articles multiplied to any size, as JSON
    /// Lines (titles, outlets and dates kept), to time `parallax analyze`
    /// on.
    Corpus {
        /// How many articles to write.
        #[arg(long, default_value_t = 10_000)]
        articles: usize,
        /// A labeled folder of news-please JSON.
        #[arg(long, default_value = "../shared/data/giveme5w1h-news-cluster/data")]
        corpus: PathBuf,
        /// The JSON Lines file to write.
        #[arg(long)]
        out: PathBuf,
    },
    /// The analyze stage (entities, quotes, claims) on real articles.
    Analyze {
        /// Number of articles analysed (the corpus is cycled).
        #[arg(long, default_value_t = 10_000)]
        articles: usize,
        /// Real articles: a labeled folder (news-please JSON) or a folder
        /// of plain-text articles.
        #[arg(long, default_value = "../shared/data/giveme5w1h-news-cluster/data")]
        corpus: PathBuf,
    },
    /// Sentence embeddings (the installed model) of real articles: the
    /// cost the cluster stage adds per article when the model is there.
    Embed {
        /// Number of articles embedded (the corpus is cycled).
        #[arg(long, default_value_t = 200)]
        articles: usize,
        /// Real articles: a labeled folder (news-please JSON) or a folder
        /// of plain-text articles.
        #[arg(long, default_value = "../shared/data/giveme5w1h-news-cluster/data")]
        corpus: PathBuf,
        /// Embed these texts instead (JSON Lines, one `{"text": ...}` a
        /// line), as another tool is given them: `bench/embed_side_by_side.py`.
        #[arg(long, value_name = "FILE")]
        texts: Option<PathBuf>,
        /// Write each text's vector here (JSON Lines, one array a line, in
        /// the order embedded).
        #[arg(long, value_name = "FILE")]
        vectors_out: Option<PathBuf>,
        /// Print the figures as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Copies + events over a long stream made from real articles.
    Cluster {
        /// Number of articles in the stream.
        #[arg(long, default_value_t = 100_000)]
        articles: usize,
        /// Real articles to vary: a labeled folder (news-please JSON) or a
        /// folder of plain-text articles.
        #[arg(long, default_value = "../shared/data/giveme5w1h-news-cluster/data")]
        corpus: PathBuf,
    },
    /// What one article, one event and one page cost as the store grows:
    /// builds a lexical store in steps (10k, 100k, 1M, ... up to
    /// --articles) and at each runs the binary as a user would (bulk
    /// ingest, one-article ingests, a page of events, two comparisons,
    /// one speaker's quotes), printing time and peak memory of each.
    Scale {
        /// Articles in the last step.
        #[arg(long, default_value_t = 1_000_000)]
        articles: usize,
        /// Steps, comma-separated (default: each power of ten from 10,000
        /// below --articles, then --articles).
        #[arg(long, value_delimiter = ',')]
        steps: Vec<usize>,
        /// One-article ingests measured per step.
        #[arg(long, default_value_t = 20)]
        ones: usize,
        /// A labeled folder (news-please JSON) to multiply.
        #[arg(long, default_value = "../shared/data/giveme5w1h-news-cluster/data")]
        corpus: PathBuf,
        /// Where the store and inputs are written (kept afterwards).
        #[arg(long, default_value = "target/bench-scale")]
        dir: PathBuf,
        /// The figures as JSON after the tables.
        #[arg(long)]
        json: bool,
        /// With the sentence-embedding model, as installed (embedding is
        /// the dearest step of an ingest); without it the store is lexical.
        #[arg(long)]
        model: bool,
        /// Bulk ingests as this many processes at once, each given its
        /// share of the step's articles.
        #[arg(long, default_value_t = 1)]
        workers: usize,
    },
    /// The live service under load: a store of --articles (built from the
    /// corpus, or the one in --dir), `parallax serve` on a loopback port,
    /// and while one client POSTs new articles, --readers clients send
    /// --requests reads (events page, event comparison, search, article);
    /// prints requests/s and p50/p99 per route, errors and the ingest rate.
    Serve {
        /// Articles in the store before the load.
        #[arg(long, default_value_t = 100_000)]
        articles: usize,
        /// Read requests in all.
        #[arg(long, default_value_t = 2000)]
        requests: usize,
        /// Clients reading at once.
        #[arg(long, default_value_t = 4)]
        readers: usize,
        /// Articles POSTed while they read.
        #[arg(long, default_value_t = 1000)]
        posts: usize,
        /// Articles a POST.
        #[arg(long, default_value_t = 50)]
        batch: usize,
        /// The load stops after this many seconds, whatever is left.
        #[arg(long, default_value_t = 600)]
        max_secs: u64,
        /// A labeled folder (news-please JSON) to multiply.
        #[arg(long, default_value = "../shared/data/giveme5w1h-news-cluster/data")]
        corpus: PathBuf,
        /// Where the store is kept (and reused by the next run).
        #[arg(long, default_value = "target/bench-serve")]
        dir: PathBuf,
        /// The figures as JSON after the table.
        #[arg(long)]
        json: bool,
    },
    /// Ingest + extract on a corpus made by multiplying real articles.
    Ingest {
        /// Number of articles.
        #[arg(long, default_value_t = 10_000)]
        articles: usize,
        /// Folder of plain-text articles to multiply.
        #[arg(long, default_value = "../shared/seeds")]
        corpus: PathBuf,
    },
}

#[derive(Debug, Subcommand)]
enum EvalCmd {
    /// Search on a labeled set (giveme5w1h's layout, or any `eval
    /// cluster` reads): each article's title is the query, the other
    /// articles of its event are the relevant ones; recall@10 and MRR,
    /// lexical (BM25), and with the sentence-embedding model semantic and
    /// hybrid (reciprocal rank fusion of the two).
    Search {
        /// The labeled data, in the layout the command's description names.
        path: PathBuf,
        /// Lexical only, as when the model is not installed.
        #[arg(long)]
        lexical: bool,
        /// Print JSON instead of text.
        #[arg(long)]
        json: bool,
    },
    /// Quotes and speakers: a PolNeAR-style folder (text/ + attributions/
    /// brat files) or labeled quotes as JSON Lines.
    Quotes {
        /// The labeled data, in the layout the command's description names.
        path: PathBuf,
        /// Where the JSON Lines `doc`s are (default: the labels' folder).
        #[arg(long)]
        articles: Option<PathBuf>,
        /// Print JSON instead of text.
        #[arg(long)]
        json: bool,
    },
    /// Entities per article against labeled entities (JSON Lines:
    /// doc, name, kind).
    Entities {
        /// The labeled data, in the layout the command's description names.
        path: PathBuf,
        /// Where the `doc`s are (default: the labels' folder).
        #[arg(long)]
        articles: Option<PathBuf>,
        /// Print JSON instead of text.
        #[arg(long)]
        json: bool,
    },
    /// Main text of web pages against the article-extraction-benchmark
    /// (ground-truth.json + html/), with its own metric.
    Extract {
        /// The labeled data, in the layout the command's description names.
        path: PathBuf,
        /// Print JSON instead of text.
        #[arg(long)]
        json: bool,
    },
    /// Publication dates of web pages against htmldate's evaluation sets.
    Dates {
        /// The labeled data, in the layout the command's description names.
        path: PathBuf,
        /// Print JSON instead of text.
        #[arg(long)]
        json: bool,
    },
    /// Numeric claims: values and units against NewsQuant's JSON.
    Claims {
        /// The labeled data, in the layout the command's description names.
        path: PathBuf,
        /// Print JSON instead of text.
        #[arg(long)]
        json: bool,
    },
    /// Event or storyline clustering: pairwise and BCubed scores.
    Cluster {
        /// A labeled set: a folder (news-please JSON, or text files with
        /// --label-from filename), a JSON Lines file, or a Miranda et al.
        /// 2018 JSON file.
        path: PathBuf,
        #[arg(long, value_enum, default_value_t = Level::Event)]
        level: Level,
        /// Take the gold label from each file's name (without its number).
        #[arg(long, value_enum)]
        label_from: Option<LabelFrom>,
        /// Folds for cross-validating the threshold.
        #[arg(long, default_value_t = 5)]
        folds: usize,
        /// Keep labels that share their text before the last CHAR in one
        /// fold: cross-validation by topic when each topic holds several
        /// gold clusters (ECB+'s `12-ecb` and `12-plus`: `--fold-group-sep -`).
        #[arg(long, value_name = "CHAR")]
        fold_group_sep: Option<char>,
        /// Gold clusters with fewer articles than this are noise: streamed,
        /// not scored.
        #[arg(long, default_value_t = 0)]
        noise_below: usize,
        /// Words, names, figures and dates only: no sentence embeddings,
        /// as when the model is not installed.
        #[arg(long)]
        lexical: bool,
        /// Print JSON instead of text.
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Level {
    Event,
    Storyline,
}

/// The order a page of events is listed in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Order {
    Time,
    Largest,
    Smallest,
}

impl From<Order> for parallax_engine::store::EventOrder {
    fn from(o: Order) -> Self {
        match o {
            Order::Time => Self::Time,
            Order::Largest => Self::Largest,
            Order::Smallest => Self::Smallest,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum LabelFrom {
    Filename,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Format {
    Text,
    Markdown,
    Json,
    Html,
}

fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("PARALLAX_LOG")
                // Other crates' warnings (an HTML parser's "foster parenting
                // not implemented", a page's broken JSON-LD) are about pages,
                // not about anything a user can act on.
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("error,parallax=warn")),
        )
        .with_writer(std::io::stderr)
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .without_time()
        .with_target(false)
        .init();
    let cli = Cli::parse();
    let code = match run(cli) {
        Ok(code) => code,
        // The reader went away (`parallax articles | head`): that ends the
        // command quietly, as it ends ripgrep.
        Err(e) if broken_pipe(&e) => ExitCode::SUCCESS,
        Err(e) => {
            say!("error: {}", error_chain(&e));
            ExitCode::from(1)
        }
    };
    if std::env::var_os("PARALLAX_REPORT_PEAK").is_some() {
        report_peak();
    }
    code
}

/// A writer for people's terminals: drops control characters (C0 but tab
/// and newline, DEL, and C1 as UTF-8 writes it), so a title or a file name
/// holding an escape sequence prints as text instead of clearing the
/// screen or retitling the window. JSON is written without it: its
/// escapes already keep controls out.
pub(crate) struct Plain<W: Write> {
    inner: W,
    /// A 0xC2 byte held back: it starts a C1 control or a printable
    /// character, and the next byte says which.
    lead: bool,
}

impl<W: Write> Plain<W> {
    pub(crate) fn new(inner: W) -> Self {
        Plain { inner, lead: false }
    }
}

impl<W: Write> Write for Plain<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let mut out = Vec::with_capacity(buf.len());
        for &b in buf {
            if std::mem::take(&mut self.lead) {
                if (0x80..=0x9f).contains(&b) {
                    continue;
                }
                out.push(0xc2);
            }
            match b {
                b'\n' | b'\t' => out.push(b),
                0x00..=0x1f | 0x7f => {}
                0xc2 => self.lead = true,
                _ => out.push(b),
            }
        }
        self.inner.write_all(&out)?;
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

/// Whether an error is a write to a pipe whose reader has gone.
fn broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        c.downcast_ref::<io::Error>()
            .is_some_and(|e| e.kind() == io::ErrorKind::BrokenPipe)
            || c.downcast_ref::<serde_json::Error>()
                .and_then(|e| e.io_error_kind())
                == Some(io::ErrorKind::BrokenPipe)
    })
}

/// The line `parallax bench scale` reads a child's peak memory from.
const PEAK_LINE: &str = "parallax-peak-rss-kib:";
const CPU_LINE: &str = "parallax-cpu-ms:";

/// Prints the process's peak resident memory (Linux's VmHWM) and the CPU
/// time it used, every thread's (user and system, from /proc/self/stat,
/// whose clock ticks are 1/100 s), on standard error, for `bench scale`.
fn report_peak() {
    let ticks = std::fs::read_to_string("/proc/self/stat")
        .ok()
        .and_then(|s| {
            // Fields after the command's name, which is in parentheses and
            // may hold spaces: utime and stime are the 12th and 13th.
            let rest = &s[s.rfind(')')? + 1..];
            let f: Vec<&str> = rest.split_whitespace().collect();
            Some(f.get(11)?.parse::<u64>().ok()? + f.get(12)?.parse::<u64>().ok()?)
        });
    if let Some(t) = ticks {
        say!("{CPU_LINE} {}", t * 10);
    }
    let kib = std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find_map(|l| l.strip_prefix("VmHWM:"))
                .and_then(|v| v.split_whitespace().next().map(str::to_string))
        });
    if let Some(kib) = kib {
        say!("{PEAK_LINE} {kib}");
    }
}

/// `parallax watch`: rounds until Ctrl-C (or once), a line per event on
/// standard error, a summary per round on standard output.
fn watch(
    cli: &Cli,
    feeds: &std::path::Path,
    every: std::time::Duration,
    host_delay: std::time::Duration,
    once: bool,
    allow_private: bool,
) -> anyhow::Result<ExitCode> {
    let urls = feed_list(feeds)?;
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let flag = stop.clone();
    ctrlc::set_handler(move || flag.store(true, std::sync::atomic::Ordering::SeqCst))
        .context("cannot install the Ctrl-C handler")?;
    let mut engine = Engine::new(open_to_write(cli, "watch")?, engine_config(cli));
    let cfg = watch_config(cli, every, host_delay, allow_private);
    say!(
        "watching {} feeds every {}; Ctrl-C stops",
        urls.len(),
        humantime::format_duration(every)
    );
    let last = poll_feeds(&mut engine, cfg, &urls, once, stop, true)?;
    if last.stopped || !once {
        say!("stopped; everything fetched so far is stored");
    }
    if once && !last.stopped && last.polled + last.unchanged == 0 {
        say!("error: no feed could be read");
        return Ok(ExitCode::from(1));
    }
    Ok(ExitCode::SUCCESS)
}

/// The feed URLs of a feeds list; its bad lines are reported and skipped.
fn feed_list(feeds: &std::path::Path) -> anyhow::Result<Vec<String>> {
    let text = std::fs::read_to_string(feeds)
        .with_context(|| format!("cannot read the feeds list {}", feeds.display()))?;
    let (urls, bad) = parallax_watch::read_feed_list(&text);
    for (line, why) in &bad {
        say!("skipped: {}:{line}: {why}", feeds.display());
    }
    if urls.is_empty() {
        anyhow::bail!("{}: no feed URLs", feeds.display());
    }
    Ok(urls)
}

fn watch_config(
    cli: &Cli,
    every: std::time::Duration,
    host_delay: std::time::Duration,
    allow_private: bool,
) -> parallax_watch::WatchConfig {
    parallax_watch::WatchConfig {
        every,
        host_delay,
        allow_private,
        // A response is a feed (read whole) or a page: the feed's cap.
        max_bytes: engine_config(cli).limits().max_feed(),
        ..parallax_watch::WatchConfig::default()
    }
}

/// Polls the feeds every round until `stop` is set (or once), saying what
/// happens: `watch`, and `serve --watch` on a thread of its own. Each
/// round's summary goes to standard output for `watch`; the server's
/// thread says it on standard error (the command holds standard output).
fn poll_feeds(
    engine: &mut Engine<Store>,
    cfg: parallax_watch::WatchConfig,
    urls: &[String],
    once: bool,
    stop: std::sync::Arc<std::sync::atomic::AtomicBool>,
    rounds_on_stdout: bool,
) -> anyhow::Result<parallax_watch::Round> {
    use parallax_watch::{Event, Watcher};
    let mut watcher = Watcher::new(engine, cfg, stop);
    let mut n = 0;
    // A feed's password is never printed.
    let shown = parallax_watch::redact;
    let mut on = |e: &Event| match e {
        Event::Unchanged { feed } => say!("feed {}: unchanged (304)", shown(feed)),
        Event::Polled { feed, new } => say!("feed {}: {new} new items", shown(feed)),
        Event::FeedFailed {
            feed,
            error,
            failures,
        } => say!(
            "feed {}: failed: {error} ({failures} in a row; retried next round)",
            shown(feed)
        ),
        Event::Stored { url, duplicate } => say!(
            "page {url}: {}",
            if *duplicate {
                "already stored"
            } else {
                "stored"
            }
        ),
        Event::Passed { url, why } => say!("page {url}: passed over: {why}"),
        Event::PageFailed { url, error } => {
            say!("page {url}: failed: {error}; retried next round")
        }
        Event::RoundDone(r) => {
            n += 1;
            let line = format!(
                "round {n}: {} feeds read, {} unchanged, {} failed; {} stored, {} duplicates, {} passed over{}",
                r.polled,
                r.unchanged,
                r.failed,
                r.stored,
                r.duplicates,
                r.passed,
                if r.stopped { " (stopped)" } else { "" }
            );
            if rounds_on_stdout {
                let mut out = std::io::stdout().lock();
                let _ = writeln!(out, "{line}");
                let _ = out.flush();
            } else {
                say!("{line}");
            }
        }
    };
    Ok(watcher.run(urls, once, &mut on)?)
}

/// How the coverage report is written.
#[derive(Debug, clap::Args)]
struct ReportArgs {
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
    /// Write an index and one page per event into this folder (HTML or
    /// Markdown) instead of one report on standard output: the form for a
    /// store of any size.
    #[arg(long)]
    out: Option<PathBuf>,
    #[command(flatten)]
    choice: ChoiceArgs,
}

/// Which events a paged report (`--out DIR`) shows.
#[derive(Debug, clap::Args)]
struct ChoiceArgs {
    /// With --out: only this event.
    #[arg(long, requires = "out")]
    event: Option<u32>,
    /// With --out: the N largest events (default: every event).
    #[arg(long, requires = "out")]
    top: Option<usize>,
    /// With --out: events that start on or after this day (YYYY-MM-DD).
    #[arg(long, value_parser = parse_day, requires = "out")]
    since: Option<String>,
    /// With --out: events that start before this day (YYYY-MM-DD).
    #[arg(long, value_parser = parse_day, requires = "out")]
    until: Option<String>,
}

impl ChoiceArgs {
    fn choice(&self) -> paged::Choice {
        paged::Choice {
            event: self.event,
            top: self.top,
            since: self.since.clone(),
            until: self.until.clone(),
        }
    }
}

/// Writes a paged report and says where.
fn write_paged<S: ArticleStore>(
    engine: &mut Engine<S>,
    choice: &ChoiceArgs,
    format: Format,
    dir: &std::path::Path,
) -> anyhow::Result<()> {
    anyhow::ensure!(
        matches!(format, Format::Html | Format::Markdown | Format::Text),
        "--out writes HTML or Markdown pages; --format json is one document (drop --out)"
    );
    let html = format == Format::Html;
    let n = paged::write(engine, &choice.choice(), html, dir)?;
    say!(
        "wrote {} and {} event pages to {}",
        if html { "index.html" } else { "index.md" },
        n,
        dir.display()
    );
    Ok(())
}

/// Which part of a long listing to print.
#[derive(Debug, clap::Args)]
struct Page {
    /// At most this many.
    #[arg(long)]
    limit: Option<usize>,
    /// Skip this many first (the next page of 50: --offset 50).
    #[arg(long, default_value_t = 0)]
    offset: usize,
    /// Only those dated on or after this day (YYYY-MM-DD).
    #[arg(long, value_parser = parse_day)]
    since: Option<String>,
    /// Only those dated before this day (YYYY-MM-DD).
    #[arg(long, value_parser = parse_day)]
    until: Option<String>,
}

fn page_json<'a, T>(
    key: &'static str,
    items: &'a [T],
    total: usize,
    offset: usize,
) -> parallax_engine::PageJson<'a, T> {
    parallax_engine::PageJson {
        key,
        items,
        total,
        offset,
    }
}

fn page_line(o: &mut impl Write, shown: usize, total: usize, offset: usize) -> io::Result<()> {
    let next = offset.saturating_add(shown);
    let more = total.saturating_sub(next);
    if more > 0 || offset > 0 {
        writeln!(o, "{shown} of {total} shown, {more} more (--offset {next})")?;
    }
    Ok(())
}

/// A listing of quotes or claims for the engine.
fn listing(
    page: &Page,
    speaker: Option<String>,
) -> anyhow::Result<parallax_engine::analyses::Listing> {
    let day = |d: &Option<String>| d.as_deref().and_then(parallax_model::PubDate::parse_iso);
    Ok(parallax_engine::analyses::Listing {
        speaker,
        since: day(&page.since),
        until: day(&page.until),
        event: None,
        offset: page.offset,
        limit: page.limit.unwrap_or(usize::MAX),
    })
}

/// A speaker to look for: a name with a word in it. One without ("."),
/// whose query would have no word, would list every quote.
fn parse_speaker(s: &str) -> Result<String, String> {
    if parallax_engine::speakers::query_words(s).is_empty() {
        return Err(format!("{s:?} has no word to look for"));
    }
    Ok(s.to_string())
}

/// A day given on the command line, as the store writes dates.
fn parse_day(s: &str) -> Result<String, String> {
    parallax_model::PubDate::parse_iso(s)
        .map(|d| d.to_string())
        .ok_or_else(|| format!("{s:?} is not a date (YYYY-MM-DD)"))
}

/// A labeled set for an evaluation: the records that could not be read
/// are said and skipped; a set with nothing readable is an error.
fn labeled_set(
    path: &std::path::Path,
    level: parallax_ingest::labeled::LabelLevel,
    label_from_filename: bool,
) -> anyhow::Result<parallax_ingest::labeled::LabeledSet> {
    let set = parallax_ingest::labeled::read_labeled(path, level, label_from_filename)
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    for e in &set.skipped {
        say!("skipped: {e}");
    }
    anyhow::ensure!(
        !set.items.is_empty(),
        "no labeled articles in {}",
        path.display()
    );
    Ok(set)
}

fn open(cli: &Cli) -> anyhow::Result<Store> {
    // The store's own error names the file.
    match cli.read_only {
        true => Store::open_read_only(&cli.db),
        false => Store::open(&cli.db),
    }
    .context("cannot open the store")
}

/// The store, for a command that stores articles: one open for reading
/// only is refused by name before any work, rather than failing at its
/// first write.
fn open_to_write(cli: &Cli, command: &str) -> anyhow::Result<Store> {
    let store = open(cli)?;
    anyhow::ensure!(
        !store.read_only(),
        "{} is open for reading only (--read-only, or a file or folder that cannot be written): `{command}` stores articles",
        parallax_engine::store::redact(&cli.db.display().to_string())
    );
    Ok(store)
}

/// An error and its causes, each said once: a layer whose message already
/// carries its cause's text (as rusqlite's and the store's do) is not
/// followed by that cause again.
fn error_chain(e: &anyhow::Error) -> String {
    let mut msg = String::new();
    for cause in e.chain() {
        let c = cause.to_string();
        if msg.is_empty() {
            msg = c;
        } else if !c.rsplit(": ").next().is_some_and(|last| msg.contains(last)) {
            msg.push_str(": ");
            msg.push_str(&c);
        }
    }
    msg
}

/// The engine's settings from the command line.
fn engine_config(cli: &Cli) -> EngineConfig {
    EngineConfig {
        max_article: (cli.max_article_mb.max(0.0) * f64::from(1u32 << 20)) as u64,
        ..EngineConfig::default()
    }
}

fn progress(cli: &Cli) -> Progress {
    if cli.quiet || !std::io::stderr().is_terminal() {
        Progress::Hidden
    } else {
        Progress::Auto
    }
}

/// Prints what an ingest did, for people.
fn report_ingest(report: &IngestReport, verbose: bool, out: &mut impl Write) -> io::Result<()> {
    // A re-run over a big folder meets thousands of them: counted below,
    // listed on request.
    for d in report.duplicates.iter().filter(|_| verbose) {
        if d.source == d.first_source {
            writeln!(
                out,
                "duplicate: {} is already stored (article {})",
                d.source, d.id
            )?;
        } else {
            writeln!(
                out,
                "duplicate: {} has the same content as {} (article {})",
                d.source, d.first_source, d.id
            )?;
        }
    }
    for (reason, n) in &report.passed_over {
        writeln!(out, "passed over: {n} {reason}")?;
    }
    let ignored = match report.ignored.len() {
        0 => String::new(),
        1 => ", 1 file of another type ignored".to_string(),
        n => format!(", {n} files of other types ignored"),
    };
    let passed: usize = report.passed_over.values().sum();
    let passed = match passed {
        0 => String::new(),
        n => format!(", {n} passed over"),
    };
    let st = &report.stages;
    let stages = if st.articles > 0 {
        let mut parts = vec![format!(
            "read, extract and store {:.2}s",
            report.read_secs()
        )];
        for (name, d) in [
            ("copies", st.copies),
            ("embeddings", st.embed),
            ("events", st.events),
            ("findings", st.facts),
            ("stage state", st.store),
        ] {
            if !d.is_zero() {
                parts.push(format!("{name} {:.2}s", d.as_secs_f64()));
            }
        }
        format!(" ({})", parts.join(", "))
    } else {
        String::new()
    };
    writeln!(
        out,
        "ingested: {} stored, {} duplicates, {} skipped{passed}{} in {:.2}s{stages}",
        report.stored,
        report.duplicates.len(),
        report.skipped.len(),
        ignored,
        report.elapsed.as_secs_f64()
    )
}

/// The JSON of `parallax analyze --format json` (docs/json.md), borrowed:
/// nothing is copied to write it.
#[derive(serde::Serialize)]
struct AnalyzeReport<'a> {
    ingest: &'a IngestReport,
    storylines: &'a [parallax_model::Storyline],
    events: &'a [parallax_model::Event],
    comparisons: &'a [parallax_engine::compare::Comparison],
    copies: &'a [parallax_model::CopyItem],
    articles: &'a [parallax_model::Article],
    quotes: &'a [parallax_engine::analyses::QuoteItem],
    claims: &'a [parallax_engine::analyses::ClaimItem],
}

/// Reports skipped inputs on standard error; the exit code says whether
/// there were any.
fn skipped(report: &IngestReport) -> ExitCode {
    for e in &report.skipped {
        say!("skipped: {e}");
    }
    if report.skipped.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(3)
    }
}

/// Writes `value` as pretty JSON, or lets `human` print it for people.
fn emit<W: Write, T: serde::Serialize>(
    out: &mut W,
    json: bool,
    value: &T,
    human: impl FnOnce(&mut Plain<&mut W>) -> io::Result<()>,
) -> anyhow::Result<()> {
    if json {
        serde_json::to_writer_pretty(&mut *out, value)?;
        writeln!(out)?;
    } else {
        human(&mut Plain::new(out))?;
    }
    Ok(())
}

fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    match &cli.cmd {
        Cmd::Ingest {
            paths,
            json,
            defer_stages,
        } => {
            let started = std::time::Instant::now();
            let mut engine = Engine::new(open_to_write(&cli, "ingest")?, engine_config(&cli));
            engine.set_stages_along(!defer_stages);
            let mut report = engine.ingest(paths, progress(&cli))?;
            if !defer_stages {
                let times = engine.catch_up(progress(&cli))?;
                report.stages.add(&times);
            }
            report.elapsed = started.elapsed();
            emit(&mut out, *json, &report, |o| {
                report_ingest(&report, cli.verbose, o)
            })?;
            Ok(skipped(&report))
        }
        Cmd::Analyze { .. } | Cmd::Report { .. } => {
            let (paths, args): (&[PathBuf], &ReportArgs) = match &cli.cmd {
                Cmd::Analyze { paths, report } => (paths, report),
                Cmd::Report { report } => (&[], report),
                _ => unreachable!("matched above"),
            };
            let format = args.format;
            let started = std::time::Instant::now();
            let store = match paths.is_empty() {
                true => open(&cli)?,
                false => open_to_write(&cli, "analyze with inputs")?,
            };
            let mut engine = Engine::new(store, engine_config(&cli));
            engine.set_stages_along(true);
            let mut report = if paths.is_empty() {
                IngestReport::default()
            } else {
                engine.ingest(paths, progress(&cli))?
            };
            let times = engine.catch_up(progress(&cli))?;
            report.stages.add(&times);
            // What was ingested, on standard error (the report is on
            // standard output); nothing when there were no inputs.
            let ingest_line = |report: &IngestReport| -> io::Result<()> {
                if paths.is_empty() {
                    return Ok(());
                }
                report_ingest(report, cli.verbose, &mut Plain::new(io::stderr().lock()))
            };
            if let Some(dir) = &args.out {
                write_paged(&mut engine, &args.choice, format, dir)?;
                report.elapsed = started.elapsed();
                ingest_line(&report)?;
                return Ok(skipped(&report));
            }
            let analyses = engine.analyses_with(progress(&cli))?;
            let copies = analyses.copies(engine.store())?;
            let events = analyses.events();
            let storylines = analyses.storylines(&events);
            let facts = analyses.facts(engine.store())?;
            let quotes = analyses.quotes(&facts);
            let claims = analyses.claims(&facts);
            let comparisons = analyses.compare(
                &events,
                &facts,
                &copies,
                &Default::default(),
                parallax_engine::analyses::Scope::All(progress(&cli)),
            );
            report.elapsed = started.elapsed();
            let doc = AnalyzeReport {
                ingest: &report,
                storylines: &storylines,
                events: &events,
                comparisons: &comparisons,
                copies: &copies,
                articles: &analyses.articles,
                quotes: &quotes,
                claims: &claims,
            };
            let view = report::Report {
                articles: &analyses.articles,
                storylines: &storylines,
                events: &events,
                comparisons: &comparisons,
                quotes: quotes.len(),
                claims: claims.len(),
            };
            if format != Format::Json {
                ingest_line(&report)?;
            }
            match format {
                Format::Json => emit(&mut out, true, &doc, |_| Ok(()))?,
                Format::Text | Format::Markdown => {
                    let style = if format == Format::Text {
                        report::Style::Text
                    } else {
                        report::Style::Markdown
                    };
                    report::write(&view, style, &mut Plain::new(&mut out))?;
                }
                Format::Html => {
                    out.write_all(html::report(&view, None).as_bytes())?;
                }
            }
            Ok(skipped(&report))
        }
        Cmd::Compare { event, json } => {
            let mut engine = Engine::new(open(&cli)?, engine_config(&cli));
            let event = &paged::followed(&mut engine, *event)?;
            let Some((e, c)) = engine.compare_event(*event)? else {
                anyhow::bail!("no event {event} (see `parallax events`)");
            };
            emit(&mut out, *json, &c, |o| {
                let title = format!("Event {}: {}", e.id, e.label);
                writeln!(o, "{}", report::Style::Text.heading(1, &title))?;
                report::comparison(&c, report::Style::Text, o)
            })?;
            Ok(ExitCode::SUCCESS)
        }
        Cmd::Copies {
            json,
            limit,
            offset,
        } => {
            let mut engine = Engine::new(open(&cli)?, engine_config(&cli));
            let (copies, articles, groups) =
                engine.copies_page(*offset, limit.unwrap_or(usize::MAX))?;
            let value = parallax_engine::CopiesPage::new(
                &copies,
                groups,
                *offset,
                limit.unwrap_or(usize::MAX),
            );
            let (shown, more) = (value.shown(), value.more);
            emit(&mut out, *json, &value, |o| {
                print::copies(&copies, &articles, o)?;
                if more > 0 || *offset > 0 {
                    writeln!(
                        o,
                        "{shown} of {groups} copy groups shown, {more} more (--offset {})",
                        offset.saturating_add(shown)
                    )?;
                }
                Ok(())
            })?;
            Ok(ExitCode::SUCCESS)
        }
        Cmd::Events {
            json,
            page,
            min_articles,
            order,
        } => {
            let mut engine = Engine::new(open(&cli)?, engine_config(&cli));
            let q = parallax_engine::store::EventQuery {
                since: page.since.clone(),
                until: page.until.clone(),
                min_articles: *min_articles,
                offset: page.offset,
                limit: page.limit.unwrap_or(usize::MAX),
                order: (*order).into(),
            };
            let (events, total) = engine.events_page(&q)?;
            let value = page_json("events", &events, total, page.offset);
            emit(&mut out, *json, &value, |o| {
                print::events(&events, o)?;
                page_line(o, events.len(), total, page.offset)
            })?;
            Ok(ExitCode::SUCCESS)
        }
        Cmd::Storylines { json } => {
            let mut engine = Engine::new(open(&cli)?, engine_config(&cli));
            let (events, storylines) = engine.storylines()?;
            emit(&mut out, *json, &storylines, |o| {
                print::storylines(&storylines, &events, o)
            })?;
            Ok(ExitCode::SUCCESS)
        }
        Cmd::Quotes {
            json,
            speaker,
            event,
            page,
        } => {
            let mut engine = Engine::new(open(&cli)?, engine_config(&cli));
            let event = &event.map(|e| paged::followed(&mut engine, e)).transpose()?;
            let q = parallax_engine::analyses::Listing {
                event: *event,
                ..listing(page, speaker.clone())?
            };
            let (quotes, total) = engine.quotes_page(&q)?;
            let value = page_json("quotes", &quotes, total, page.offset);
            emit(&mut out, *json, &value, |o| {
                print::quotes(&quotes, o)?;
                page_line(o, quotes.len(), total, page.offset)
            })?;
            Ok(ExitCode::SUCCESS)
        }
        Cmd::Quote { cluster, json } => {
            let mut engine = Engine::new(open(&cli)?, engine_config(&cli));
            let Some((variants, related)) = engine.quote_cluster(*cluster)? else {
                anyhow::bail!("no quote cluster {cluster} (see `parallax quotes`)");
            };
            let value = serde_json::json!({ "cluster": cluster, "variants": variants, "talking_point": related });
            emit(&mut out, *json, &value, |o| {
                print::quote_cluster(*cluster, &variants, &related, o)
            })?;
            Ok(ExitCode::SUCCESS)
        }
        Cmd::Claims { json, page } => {
            let mut engine = Engine::new(open(&cli)?, engine_config(&cli));
            let (claims, total) = engine.claims_page(&listing(page, None)?)?;
            let value = page_json("claims", &claims, total, page.offset);
            emit(&mut out, *json, &value, |o| {
                print::claims(&claims, o)?;
                page_line(o, claims.len(), total, page.offset)
            })?;
            Ok(ExitCode::SUCCESS)
        }
        Cmd::Entities { json } => {
            let mut engine = Engine::new(open(&cli)?, engine_config(&cli));
            let entities = engine.entities()?;
            emit(&mut out, *json, &entities, |o| {
                print::entities(&entities, o)
            })?;
            Ok(ExitCode::SUCCESS)
        }
        Cmd::Search {
            query,
            limit,
            mode,
            all_copies,
            json,
        } => {
            use parallax_engine::search::Copies;
            let mut engine = Engine::new(open(&cli)?, engine_config(&cli));
            let copies = if *all_copies {
                Copies::All
            } else {
                Copies::Fold
            };
            let (used, hits) = engine.search_by(query, *mode, None, *limit, copies)?;
            if used != *mode {
                eprintln!(
                    "warning: {mode} search needs the sentence-embedding model (scripts/setup-model.sh); these are the lexical hits"
                );
            }
            emit(&mut out, *json, &hits, |o| {
                for h in &hits {
                    writeln!(
                        o,
                        "{}  {:<10}  event {:<5}  {:<16}  {}",
                        &h.article.as_str()[..h.article.as_str().len().min(8)],
                        h.published
                            .map(|d| d.to_string())
                            .unwrap_or_else(|| "(no date)".into()),
                        h.event.map(|e| e.to_string()).unwrap_or_else(|| "-".into()),
                        h.outlet.as_deref().unwrap_or("-"),
                        h.title.as_deref().unwrap_or("(no title)")
                    )?;
                    if h.copies > 0 {
                        let s = if h.copies == 1 { "copy" } else { "copies" };
                        writeln!(o, "    and {} {s} of it found", h.copies)?;
                    }
                    writeln!(o, "    {}", h.snippet)?;
                }
                let folded: usize = hits.iter().map(|h| h.copies).sum();
                match folded {
                    0 => writeln!(o, "{} found", hits.len()),
                    n => writeln!(o, "{} found, and {n} copies of them", hits.len()),
                }
            })?;
            Ok(ExitCode::SUCCESS)
        }
        Cmd::Serve {
            addr,
            token,
            max_body_mb,
            watch,
            every,
            allow_private_addresses,
        } => {
            parallax_serve::check_bind(addr, token.as_deref()).map_err(|e| anyhow::anyhow!(e))?;
            // Opened once here so that a bad store fails now, by name, and
            // its schema is brought up to date before any request. One that
            // cannot be written is served for reading only, as asked or not.
            let read_only = open(&cli)?.read_only();
            // The watcher polls on a thread of its own, with its own
            // connection: the store takes many writers, and readers are
            // never blocked by one. It stops when the server does, after
            // the page in hand (each page is stored whole or not at all).
            let stop_watch = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
            let watcher = match watch {
                Some(feeds) => {
                    let urls = feed_list(feeds)?;
                    let mut engine =
                        Engine::new(open_to_write(&cli, "serve --watch")?, engine_config(&cli));
                    let cfg = watch_config(
                        &cli,
                        *every,
                        std::time::Duration::from_secs(2),
                        *allow_private_addresses,
                    );
                    say!(
                        "watching {} feeds every {}",
                        urls.len(),
                        humantime::format_duration(*every)
                    );
                    let stop = stop_watch.clone();
                    Some(std::thread::spawn(move || {
                        poll_feeds(&mut engine, cfg, &urls, false, stop, false)
                    }))
                }
                None => None,
            };
            // Each blocking thread holds an engine and its store connection
            // (the server's pool): bounded, so a burst of requests never
            // opens more than this many connections to a database server.
            let engines = std::thread::available_parallelism()
                .map_or(4, |n| n.get() * 2)
                .max(4);
            let cfg = parallax_serve::Config {
                pages: Some(std::sync::Arc::new(web::WebPages)),
                db: cli.db.clone(),
                engine: engine_config(&cli),
                token: token.clone(),
                max_body: max_body_mb.saturating_mul(1 << 20),
                read_only,
                engines,
            };
            let runtime = tokio::runtime::Builder::new_multi_thread()
                .max_blocking_threads(engines)
                // An idle blocking thread is kept with its engine for an
                // hour, not tokio's 10 s: opening an engine again costs a
                // request tens of ms (the store, the stages' cursors).
                .thread_keep_alive(std::time::Duration::from_secs(3600))
                .enable_all()
                .build()
                .context("cannot start the server's runtime")?;
            runtime.block_on(async {
                let listener = tokio::net::TcpListener::bind(addr)
                    .await
                    .with_context(|| format!("cannot listen on {addr}"))?;
                let local = listener.local_addr()?;
                // A database URL is shown without its password.
                say!(
                    "serving {} on http://{local}/api/v1/",
                    parallax_engine::store::redact(&cli.db.display().to_string())
                );
                parallax_serve::serve(listener, cfg, parallax_serve::shutdown_signal())
                    .await
                    .context("the server failed")
            })?;
            if let Some(w) = watcher {
                stop_watch.store(true, std::sync::atomic::Ordering::SeqCst);
                match w.join() {
                    Ok(Ok(_)) => say!("stopped watching; everything fetched so far is stored"),
                    Ok(Err(e)) => say!("error: the watcher failed: {}", error_chain(&e)),
                    Err(_) => say!("error: the watcher stopped on a bug"),
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        Cmd::Watch {
            feeds,
            every,
            host_delay,
            once,
            allow_private_addresses,
        } => watch(
            &cli,
            feeds,
            *every,
            *host_delay,
            *once,
            *allow_private_addresses,
        ),
        Cmd::Export {
            what,
            format,
            output,
        } => {
            let mut engine = Engine::new(open(&cli)?, engine_config(&cli));
            let rows = match output {
                Some(path) => {
                    // Written beside the target and renamed into place, so
                    // a failed export never leaves half a file.
                    let tmp = path.with_extension("partial");
                    let mut file = io::BufWriter::new(
                        std::fs::File::create(&tmp)
                            .with_context(|| format!("cannot create {}", tmp.display()))?,
                    );
                    let n = export::export(&mut engine, *what, *format, &mut file)?;
                    file.flush()?;
                    drop(file);
                    std::fs::rename(&tmp, path)
                        .with_context(|| format!("cannot write {}", path.display()))?;
                    n
                }
                None => export::export(&mut engine, *what, *format, &mut out)?,
            };
            if output.is_some() {
                say!("exported {rows} rows");
            }
            Ok(ExitCode::SUCCESS)
        }
        Cmd::Articles {
            json,
            page,
            outlet,
            lang,
            event,
        } => {
            let mut engine = Engine::new(open(&cli)?, engine_config(&cli));
            if event.is_some() {
                // Events are placed by the stages.
                engine.catch_up(progress(&cli))?;
            }
            let event = &event.map(|e| paged::followed(&mut engine, e)).transpose()?;
            let (articles, total) =
                engine
                    .store()
                    .articles_page(&parallax_engine::store::ArticleQuery {
                        since: page.since.clone(),
                        until: page.until.clone(),
                        outlet: outlet.clone(),
                        language: lang.clone(),
                        event: *event,
                        after: None,
                        offset: page.offset,
                        limit: page.limit.unwrap_or(usize::MAX),
                    })?;
            let value = page_json("articles", &articles, total, page.offset);
            emit(&mut out, *json, &value, |o| {
                print::table(&articles, o)?;
                page_line(o, articles.len(), total, page.offset)
            })?;
            Ok(ExitCode::SUCCESS)
        }
        Cmd::Show { id, json, raw } => {
            let store = open(&cli)?;
            let article = store.article(id)?;
            if *raw {
                out.write_all(&store.raw_bytes(&article.id)?)?;
            } else if *json {
                serde_json::to_writer_pretty(&mut out, &article)?;
                writeln!(out)?;
            } else {
                print::article(&article, &mut Plain::new(&mut out))?;
            }
            Ok(ExitCode::SUCCESS)
        }
        Cmd::Eval {
            what:
                EvalCmd::Quotes {
                    path,
                    articles,
                    json,
                },
        } => {
            let report = parallax_engine::eval_facts::eval_quotes(path, articles.as_deref())
                .map_err(|e| anyhow::anyhow!("{e}"))?;
            if *json {
                serde_json::to_writer_pretty(&mut out, &report)?;
                writeln!(out)?;
            } else {
                print::quote_eval(&report, &mut out)?;
            }
            Ok(ExitCode::SUCCESS)
        }
        Cmd::Eval {
            what:
                EvalCmd::Entities {
                    path,
                    articles,
                    json,
                },
        } => {
            let report = parallax_engine::eval_facts::eval_entities(path, articles.as_deref())
                .map_err(|e| anyhow::anyhow!("{e}"))?;
            emit(&mut out, *json, &report, |o| print::entity_eval(&report, o))?;
            Ok(ExitCode::SUCCESS)
        }
        Cmd::Eval {
            what: EvalCmd::Extract { path, json },
        } => {
            let r = parallax_engine::eval_web::eval_extract(path)
                .map_err(|e| anyhow::anyhow!("{e}"))?;
            emit(&mut out, *json, &r, |o| {
                for f in &r.failed {
                    writeln!(o, "failed: {f}")?;
                }
                writeln!(o, "{}: {} pages", r.source, r.pages)?;
                writeln!(
                    o,
                    "{:<28} {:>9} {:>9} {:>9} {:>9} {:>9}",
                    "system", "F1", "precision", "recall", "accuracy", "pages/s"
                )?;
                writeln!(
                    o,
                    "{:<28} {:>9.3} {:>9.3} {:>9.3} {:>9.3} {:>9.0}",
                    "parallax (one thread)",
                    r.f1,
                    r.precision,
                    r.recall,
                    r.accuracy,
                    r.pages_per_sec
                )?;
                for h in &r.halves {
                    writeln!(
                        o,
                        "{:<28} {:>9.3} {:>9.3} {:>9.3}",
                        format!("  half {} ({} pages, {} sites)", h.half, h.pages, h.sites),
                        h.f1,
                        h.precision,
                        h.recall
                    )?;
                }
                writeln!(
                    o,
                    "pages/s: the extract stage on decoded text, as trafilatura is timed; {:.0} with reading (gunzip, charset) too",
                    r.read_and_extract_pages_per_sec
                )?;
                if !r.halves.is_empty() {
                    writeln!(
                        o,
                        "halves: the pages split by site (a hash of the URL's host); rules are written on A's misses, B checks them"
                    )?;
                }
                if let Some(t) = &r.titles {
                    let halves: Vec<String> = t
                        .halves
                        .iter()
                        .map(|(h, all, right, acc)| format!("half {h} {acc:.3} ({right} of {all})"))
                        .collect();
                    writeln!(
                        o,
                        "titles as labeled: {:.3} ({} of {}); {}",
                        t.accuracy,
                        t.correct,
                        t.labeled,
                        halves.join(", ")
                    )?;
                }
                Ok(())
            })?;
            Ok(ExitCode::SUCCESS)
        }
        Cmd::Eval {
            what: EvalCmd::Dates { path, json },
        } => {
            let r =
                parallax_engine::eval_web::eval_dates(path).map_err(|e| anyhow::anyhow!("{e}"))?;
            emit(&mut out, *json, &r, |o| {
                writeln!(
                    o,
                    "{:<28} {:>6} {:>8} {:>7} {:>6} {:>6} {:>9}",
                    "file", "pages", "missing", "correct", "wrong", "none", "accuracy"
                )?;
                for row in &r.rows {
                    writeln!(
                        o,
                        "{:<28} {:>6} {:>8} {:>7} {:>6} {:>6} {:>9.3}",
                        row.name,
                        row.pages,
                        row.missing,
                        row.correct,
                        row.wrong,
                        row.none,
                        row.accuracy
                    )?;
                    for (signal, c, w) in &row.by_signal {
                        writeln!(o, "    {signal:<40} {c:>5} right {w:>5} wrong")?;
                    }
                }
                writeln!(o, "{:.0} pages/s (one thread); htmldate's published accuracy: extensive 0.903, fast 0.861", r.pages_per_sec)
            })?;
            Ok(ExitCode::SUCCESS)
        }
        Cmd::Eval {
            what: EvalCmd::Claims { path, json },
        } => {
            let report = parallax_engine::eval_facts::eval_claims(path)
                .map_err(|e| anyhow::anyhow!("{e}"))?;
            if *json {
                serde_json::to_writer_pretty(&mut out, &report)?;
                writeln!(out)?;
            } else {
                print::claim_eval(&report, &mut out)?;
            }
            Ok(ExitCode::SUCCESS)
        }
        Cmd::Eval {
            what:
                EvalCmd::Search {
                    path,
                    lexical,
                    json,
                },
        } => {
            let set = labeled_set(path, parallax_ingest::labeled::LabelLevel::Event, false)?;
            let model = if *lexical {
                None
            } else {
                parallax_engine::embed::load()
            };
            // In memory; or, with `--db postgres://...`, in a schema of
            // that database made for the run and dropped after it, so the
            // server's own full-text search is what is measured.
            let server = cli
                .db
                .to_str()
                .filter(|d| parallax_engine::store::is_postgres_url(d));
            let rows = match server {
                Some(base) => {
                    let schema = format!("parallax_eval_{}", std::process::id());
                    let (store, _) =
                        parallax_engine::store::PgStore::open_new_schema(base, &schema)?;
                    let rows = parallax_engine::search::evaluate(store, set.items, model.as_ref());
                    parallax_engine::store::PgStore::drop_schema(base, &schema)?;
                    rows?
                }
                None => parallax_engine::search::evaluate(
                    SqliteStore::open_in_memory()?,
                    set.items,
                    model.as_ref(),
                )?,
            };
            if *json {
                serde_json::to_writer_pretty(&mut out, &rows)?;
                writeln!(out)?;
            } else {
                writeln!(
                    out,
                    "search on {}: each title a query, its event's other articles relevant",
                    path.display()
                )?;
                writeln!(
                    out,
                    "{:<34} {:>8} {:>10} {:>7}",
                    "mode", "queries", "recall@10", "MRR"
                )?;
                for r in &rows {
                    writeln!(
                        out,
                        "{:<34} {:>8} {:>10.3} {:>7.3}",
                        r.mode, r.queries, r.recall_at_10, r.mrr
                    )?;
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        Cmd::Eval {
            what:
                EvalCmd::Cluster {
                    path,
                    level,
                    label_from,
                    folds,
                    fold_group_sep,
                    noise_below,
                    lexical,
                    json,
                },
        } => {
            use parallax_engine::eval;
            use parallax_ingest::labeled::LabelLevel;
            let lvl = match level {
                Level::Event => LabelLevel::Event,
                Level::Storyline => LabelLevel::Storyline,
            };
            let set = labeled_set(path, lvl, label_from.is_some())?;
            let format = set.format;
            let embedder = if *lexical {
                None
            } else {
                parallax_engine::embed::load()
            };
            let base = parallax_engine::cluster::ClusterConfig::default();
            let stream = eval::prepare(set.items, embedder.as_ref());
            let protocol = eval::Protocol {
                level: lvl,
                folds: *folds,
                noise_below: *noise_below,
                fold_group_sep: *fold_group_sep,
            };
            let report = eval::evaluate(&stream, protocol, &base);
            if *json {
                serde_json::to_writer_pretty(&mut out, &report)?;
                writeln!(out)?;
            } else {
                print::eval_table(&report, &path.display().to_string(), format, &mut out)?;
            }
            Ok(ExitCode::SUCCESS)
        }
        Cmd::Bench {
            what:
                BenchCmd::Corpus {
                    articles,
                    corpus,
                    out: path,
                },
        } => {
            let source = bench_scale::Source::read(corpus)?;
            let mut file = io::BufWriter::new(
                std::fs::File::create(path)
                    .with_context(|| format!("cannot create {}", path.display()))?,
            );
            source.write(0, *articles, &mut file)?;
            file.flush()?;
            writeln!(
                out,
                "wrote {articles} articles made from {} real ones to {}",
                source.len(),
                path.display()
            )?;
            Ok(ExitCode::SUCCESS)
        }
        Cmd::Bench {
            what:
                BenchCmd::Scale {
                    articles,
                    steps,
                    ones,
                    corpus,
                    dir,
                    json,
                    model,
                    workers,
                },
        } => {
            let source = bench_scale::Source::read(corpus)?;
            let steps = if steps.is_empty() {
                let mut v: Vec<usize> =
                    std::iter::successors(Some(10_000usize), |s| s.checked_mul(10))
                        .take_while(|s| s < articles)
                        .collect();
                v.push(*articles);
                v
            } else {
                steps.clone()
            };
            anyhow::ensure!(
                steps.windows(2).all(|w| w[0] < w[1]) && steps.first().is_some_and(|s| *s > 0),
                "--steps must grow"
            );
            anyhow::ensure!(*workers > 0, "--workers must be at least 1");
            // `--db postgres://...` measures server mode (in a new schema
            // of that database); otherwise an SQLite file in --dir.
            let postgres = cli
                .db
                .to_str()
                .filter(|d| parallax_engine::store::is_postgres_url(d))
                .map(str::to_string);
            let plan = bench_scale::Plan {
                steps,
                ones: *ones,
                dir: dir.clone(),
                model: *model,
                postgres,
                workers: *workers,
            };
            let exe = std::env::current_exe().context("cannot find the parallax binary")?;
            let figures = bench_scale::scale(&exe, &source, &plan, &mut out)?;
            if *json {
                serde_json::to_writer_pretty(&mut out, &figures)?;
                writeln!(out)?;
            }
            Ok(ExitCode::SUCCESS)
        }
        Cmd::Bench {
            what:
                BenchCmd::Serve {
                    articles,
                    requests,
                    readers,
                    posts,
                    batch,
                    max_secs,
                    corpus,
                    dir,
                    json,
                },
        } => {
            let source = bench_scale::Source::read(corpus)?;
            let plan = bench_serve::Plan {
                articles: *articles,
                requests: *requests,
                readers: *readers,
                posts: *posts,
                batch: *batch,
                max_secs: *max_secs,
                dir: dir.clone(),
            };
            let exe = std::env::current_exe().context("cannot find the parallax binary")?;
            let figures = bench_serve::serve(&exe, &source, &plan, &mut out)?;
            if *json {
                serde_json::to_writer_pretty(&mut out, &figures)?;
                writeln!(out)?;
            }
            Ok(ExitCode::SUCCESS)
        }
        Cmd::Bench {
            what: BenchCmd::Analyze { articles, corpus },
        } => {
            let texts = bench_texts(corpus)?;
            let f = parallax_engine::bench_analyze(&texts, *articles);
            anyhow::ensure!(
                f.quotes > 0 && f.claims > 0,
                "the analyze stage found nothing"
            );
            writeln!(
                out,
                "analyze stage, one thread: {} articles ({} distinct from {}) in {:.2} s: {:.0} articles/s, {:.1} MB/s of body text",
                f.articles,
                f.distinct,
                corpus.display(),
                f.secs,
                f.per_sec,
                f.body_bytes as f64 / 1e6 / f.secs.max(1e-9)
            )?;
            writeln!(
                out,
                "found per article: {:.1} entities, {:.1} quotes, {:.1} claims",
                f.entities as f64 / f.articles as f64,
                f.quotes as f64 / f.articles as f64,
                f.claims as f64 / f.articles as f64
            )?;
            Ok(ExitCode::SUCCESS)
        }
        Cmd::Bench {
            what: BenchCmd::Cluster { articles, corpus },
        } => {
            let texts = bench_texts(corpus)?;
            let checkpoints = [10_000, 100_000];
            let f = parallax_engine::bench_cluster(&texts, *articles, &checkpoints);
            anyhow::ensure!(
                f.events > 0 && f.events <= f.articles,
                "the stream made no events"
            );
            writeln!(
                out,
                "stream: {} articles telling stories generated from {} real texts in {}",
                f.articles,
                texts.len(),
                corpus.display()
            )?;
            writeln!(
                out,
                "copies + events + storylines, one thread: {:.0} articles/s",
                f.per_sec
            )?;
            for (at, us) in &f.per_article_us {
                writeln!(
                    out,
                    "  time to add one article at {at:>7}: {us:>8.1} µs (mean of the 1,000 before)"
                )?;
            }
            writeln!(out, "events: {}, copy links: {}", f.events, f.copy_links)?;
            if let Some(m) = f.peak_rss_mib {
                writeln!(out, "peak memory (VmHWM): {m:.0} MiB")?;
            }
            Ok(ExitCode::SUCCESS)
        }
        Cmd::Bench {
            what:
                BenchCmd::Embed {
                    articles,
                    corpus,
                    texts,
                    vectors_out,
                    json,
                },
        } => {
            let texts = match texts {
                Some(file) => jsonl_texts(file)?,
                None => bench_texts(corpus)?,
            };
            let dir = parallax_engine::embed::locate()
                .ok_or_else(|| anyhow::anyhow!("no sentence-embedding model installed (bash scripts/setup-model.sh, or PARALLAX_MODEL)"))?;
            let model =
                parallax_engine::embed::Embedder::load(&dir, parallax_engine::embed::MAX_TOKENS)
                    .map_err(|e| match e {
                        parallax_engine::embed::Error::Config(_) => anyhow::anyhow!("{e}"),
                        _ => anyhow::anyhow!(
                            "{e} (install the model with bash scripts/setup-model.sh)"
                        ),
                    })?;
            let f = parallax_engine::bench_embed(&model, &texts, *articles)?;
            if let Some(path) = vectors_out {
                let mut w = io::BufWriter::new(
                    std::fs::File::create(path)
                        .with_context(|| format!("cannot create {}", path.display()))?,
                );
                for v in &f.vectors {
                    serde_json::to_writer(&mut w, v)?;
                    writeln!(w)?;
                }
                w.flush()?;
            }
            if *json {
                serde_json::to_writer_pretty(&mut out, &f)?;
                writeln!(out)?;
                return Ok(ExitCode::SUCCESS);
            }
            writeln!(
                out,
                "sentence embeddings ({}, {} form), {} real articles cut at {} word pieces: {:.1} articles/s, {:.0} ms of CPU per article ({} threads)",
                dir.display(),
                f.form,
                f.articles,
                parallax_engine::embed::MAX_TOKENS,
                f.per_sec,
                f.cpu_ms_per_article,
                f.threads
            )?;
            Ok(ExitCode::SUCCESS)
        }
        Cmd::Bench {
            what: BenchCmd::Ingest { articles, corpus },
        } => {
            let mut texts = Vec::new();
            let found = parallax_ingest_texts(corpus)?;
            texts.extend(found);
            anyhow::ensure!(
                !texts.is_empty(),
                "no plain-text articles in {}",
                corpus.display()
            );
            let corpus_texts = parallax_engine::multiply_corpus(&texts, *articles);
            let dir = std::env::temp_dir().join(format!("parallax-bench-{}", std::process::id()));
            let db = dir.join("bench.db");
            std::fs::create_dir_all(&dir)?;
            let result = parallax_engine::bench_ingest(
                SqliteStore::open(&db)?,
                &corpus_texts,
                &dir.join("corpus"),
            );
            std::fs::remove_dir_all(&dir).ok();
            let f = result?;
            anyhow::ensure!(
                f.stored == f.articles,
                "stored {} of {} articles",
                f.stored,
                f.articles
            );
            writeln!(
                out,
                "corpus: {} articles, {:.1} MB, from {} texts in {}",
                f.articles,
                f.bytes as f64 / 1e6,
                texts.len(),
                corpus.display()
            )?;
            writeln!(
                out,
                "{:<34} {:>10} {:>14}",
                "stage (one thread)", "seconds", "articles/s"
            )?;
            writeln!(
                out,
                "{:<34} {:>10.2} {:>14.0}",
                "extract", f.extract_secs, f.extract_per_sec
            )?;
            writeln!(
                out,
                "{:<34} {:>10.2} {:>14.0}",
                "ingest (read + extract + store)", f.ingest_secs, f.ingest_per_sec
            )?;
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// Texts of a labeled news-please folder, or of a folder of text files:
/// the benchmark corpus.
/// The `text` of each line of a JSON Lines file.
fn jsonl_texts(file: &std::path::Path) -> anyhow::Result<Vec<String>> {
    #[derive(serde::Deserialize)]
    struct Line {
        text: String,
    }
    let data =
        std::fs::read_to_string(file).with_context(|| format!("cannot read {}", file.display()))?;
    let mut texts = Vec::new();
    for (i, line) in data
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
    {
        let l: Line = serde_json::from_str(line).with_context(|| {
            format!(
                "{} line {}: not a {{\"text\": ...}} object",
                file.display(),
                i + 1
            )
        })?;
        texts.push(l.text);
    }
    anyhow::ensure!(!texts.is_empty(), "no texts in {}", file.display());
    Ok(texts)
}

fn bench_texts(corpus: &std::path::Path) -> anyhow::Result<Vec<String>> {
    let texts: Vec<String> = if std::fs::read_dir(corpus)?
        .flatten()
        .any(|e| e.path().extension().is_some_and(|x| x == "json"))
    {
        let set = parallax_ingest::labeled::read_labeled(
            corpus,
            parallax_ingest::labeled::LabelLevel::Event,
            false,
        )
        .map_err(|e| anyhow::anyhow!("{e}"))?;
        set.items.into_iter().map(|l| l.raw.text).collect()
    } else {
        parallax_ingest_texts(corpus)?
    };
    anyhow::ensure!(!texts.is_empty(), "no articles in {}", corpus.display());
    Ok(texts)
}

/// The plain-text articles of a folder.
fn parallax_ingest_texts(dir: &std::path::Path) -> anyhow::Result<Vec<String>> {
    let mut texts = Vec::new();
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .with_context(|| format!("cannot read {}", dir.display()))?
        .flatten()
        .collect();
    entries.sort_by_key(|e| e.file_name());
    for e in entries {
        let p = e.path();
        if p.extension().and_then(|x| x.to_str()) == Some("txt") {
            if let Ok(t) = std::fs::read_to_string(&p) {
                texts.push(t);
            }
        }
    }
    Ok(texts)
}
