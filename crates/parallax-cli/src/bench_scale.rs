//! `parallax bench scale`: what one article, one event and one page cost
//! as the store grows. Builds a lexical store in steps (a multiplied real
//! corpus, as `bench corpus` writes it) and, at each step, runs the real
//! binary as a user would, each command a separate process whose wall time
//! and peak memory are measured: bulk ingest, one-article ingests, a page
//! of events, the comparison of the largest event and of the smallest with
//! ten or more articles, the quotes of one speaker, a page of quotes and
//! one of claims from the middle of the unfiltered listing, the paged
//! report of the 50 largest events. Figures are printed, never asserted:
//! it is a measurement, not a timed test.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use anyhow::Context;
use parallax_engine::store::{ArticleStore, EventOrder, EventQuery, Store};

/// The real articles a corpus is made from, with their given metadata.
pub struct Source {
    raws: Vec<parallax_model::RawArticle>,
    texts: Vec<String>,
}

impl Source {
    pub fn read(corpus: &Path) -> anyhow::Result<Self> {
        let set = parallax_ingest::labeled::read_labeled(
            corpus,
            parallax_ingest::labeled::LabelLevel::Event,
            false,
        )
        .map_err(|e| anyhow::anyhow!("{e}"))?;
        let raws: Vec<_> = set.items.into_iter().map(|l| l.raw).collect();
        anyhow::ensure!(!raws.is_empty(), "no articles in {}", corpus.display());
        let texts = raws.iter().map(|r| r.text.clone()).collect();
        Ok(Source { raws, texts })
    }

    pub fn len(&self) -> usize {
        self.raws.len()
    }

    /// Writes articles `from..to` of the multiplied corpus as JSON Lines:
    /// round r of the corpus tags each text (so it is new content) and
    /// varies its outlet, so copies and events grow as in a stream of
    /// reprints.
    pub fn write(&self, from: usize, to: usize, out: &mut impl Write) -> anyhow::Result<()> {
        let n = self.raws.len();
        for i in from..to {
            let raw = &self.raws[i % n];
            let round = i / n;
            let text = parallax_engine::multiply_one(&self.texts, i);
            let outlet = raw.given.outlet.as_deref().map(|o| {
                if round == 0 {
                    o.to_string()
                } else {
                    format!("{o} {}", round % 7)
                }
            });
            let line = serde_json::json!({
                "text": text,
                "title": raw.given.title,
                "outlet": outlet,
                "published": raw.given.published,
                "url": raw.given.url,
            });
            serde_json::to_writer(&mut *out, &line)?;
            out.write_all(b"\n")?;
        }
        Ok(())
    }
}

/// One command's cost.
#[derive(Debug, Clone, Copy, serde::Serialize)]
pub struct Cost {
    pub secs: f64,
    /// Peak resident memory of the process, MiB.
    pub peak_mib: f64,
    /// CPU time the process used, every thread's, seconds (NaN when not
    /// known): with the wall time, how many cores it kept busy.
    pub cpu_secs: f64,
}

/// Runs `parallax --db DB ARGS` (lexical, no sentence model, unless
/// `model`) and measures it; fails when the command fails.
pub(crate) fn run(
    exe: &Path,
    model: bool,
    db: &Path,
    args: &[&str],
) -> anyhow::Result<(Cost, String)> {
    let t = Instant::now();
    let mut cmd = Command::new(exe);
    cmd.arg("--db")
        .arg(db)
        .args(args)
        .env("PARALLAX_REPORT_PEAK", "1");
    if !model {
        cmd.env("PARALLAX_MODEL", "");
    }
    let out = cmd
        .output()
        .with_context(|| format!("cannot run {}", exe.display()))?;
    let secs = t.elapsed().as_secs_f64();
    let stderr = String::from_utf8_lossy(&out.stderr);
    anyhow::ensure!(
        out.status.success(),
        "parallax {} failed: {stderr}",
        args.join(" ")
    );
    let peak_kib: f64 = stderr
        .lines()
        .find_map(|l| l.strip_prefix(crate::PEAK_LINE))
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(f64::NAN);
    let cpu_ms: f64 = stderr
        .lines()
        .find_map(|l| l.strip_prefix(crate::CPU_LINE))
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(f64::NAN);
    Ok((
        Cost {
            secs,
            peak_mib: peak_kib / 1024.0,
            cpu_secs: cpu_ms / 1000.0,
        },
        String::from_utf8_lossy(&out.stdout).into_owned(),
    ))
}

/// Bulk ingests of `chunks`, one process each, all at once: the wall time
/// until the last ends, and the largest peak.
fn run_all(exe: &Path, model: bool, db: &Path, chunks: &[PathBuf]) -> anyhow::Result<Cost> {
    let t = Instant::now();
    let results: Vec<anyhow::Result<(Cost, String)>> = std::thread::scope(|s| {
        let handles: Vec<_> = chunks
            .iter()
            .map(|c| {
                s.spawn(move || {
                    run(
                        exe,
                        model,
                        db,
                        &["ingest", "--json", c.to_str().unwrap_or_default()],
                    )
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| {
                h.join()
                    .unwrap_or_else(|_| Err(anyhow::anyhow!("a worker thread panicked")))
            })
            .collect()
    });
    let (mut peak, mut cpu) = (0f64, 0f64);
    for r in results {
        let c = r?.0;
        peak = peak.max(c.peak_mib);
        cpu += c.cpu_secs;
    }
    Ok(Cost {
        secs: t.elapsed().as_secs_f64(),
        peak_mib: peak,
        cpu_secs: cpu,
    })
}

pub(crate) fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let k = ((sorted.len() - 1) as f64 * p).round() as usize;
    sorted[k.min(sorted.len() - 1)]
}

/// The figures of one step.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Step {
    pub articles: usize,
    pub store_bytes: u64,
    pub bytes_per_article: f64,
    /// Bulk ingest of the step's new articles (all stages), articles/s.
    pub bulk_per_sec: f64,
    pub bulk: Cost,
    /// One-article ingests, each a separate process.
    pub one_p50_secs: f64,
    pub one_p99_secs: f64,
    pub one_peak_mib: f64,
    pub events_page: Cost,
    pub compare_largest: Option<(usize, Cost)>,
    pub compare_ten: Option<(usize, Cost)>,
    pub quotes_speaker: Option<(String, Cost)>,
    /// `quotes --limit 10` and `claims --limit 10` without filters, from
    /// the middle of the listing (`--offset` half the articles).
    pub quotes_page: Cost,
    pub claims_page: Cost,
    /// `report --out DIR --top 50` (HTML pages of the 50 largest events).
    pub report_top: Cost,
}

/// Settings of the run.
#[derive(Debug)]
pub struct Plan {
    pub steps: Vec<usize>,
    pub ones: usize,
    pub dir: PathBuf,
    /// With the sentence-embedding model (as installed), not lexical.
    pub model: bool,
    /// A PostgreSQL server's URL: the store is a new schema there, not an
    /// SQLite file in `dir`.
    pub postgres: Option<String>,
    /// Bulk ingest processes run at once.
    pub workers: usize,
}

/// Where a run's store is, and how big it is.
enum Db {
    Sqlite(PathBuf),
    Postgres { url: String, schema: String },
}

impl Db {
    fn new(plan: &Plan) -> anyhow::Result<Self> {
        match &plan.postgres {
            None => {
                let db = plan.dir.join("scale.db");
                for ext in ["", "-wal", "-shm"] {
                    let _ = std::fs::remove_file(plan.dir.join(format!("scale.db{ext}")));
                }
                Ok(Db::Sqlite(db))
            }
            Some(base) => {
                let schema = format!("parallax_scale_{}", std::process::id());
                let (_, url) = parallax_engine::store::PgStore::open_new_schema(base, &schema)?;
                Ok(Db::Postgres { url, schema })
            }
        }
    }

    /// What `--db` is given.
    fn arg(&self) -> PathBuf {
        match self {
            Db::Sqlite(p) => p.clone(),
            Db::Postgres { url, .. } => PathBuf::from(url),
        }
    }

    /// The store's size on disk: the file and its log, or the schema's
    /// tables with their indexes and out-of-line values.
    fn bytes(&self) -> anyhow::Result<u64> {
        match self {
            Db::Sqlite(p) => {
                let mut wal = p.as_os_str().to_owned();
                wal.push("-wal");
                Ok(file_size(p) + file_size(Path::new(&wal)))
            }
            Db::Postgres { url, schema } => {
                let mut c = postgres::Client::connect(url, postgres::NoTls)?;
                let n: i64 = c
                    .query_one(
                        "SELECT coalesce(sum(pg_total_relation_size(c.oid)), 0)::bigint
                         FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                         WHERE n.nspname = $1 AND c.relkind IN ('r', 'm')",
                        &[schema],
                    )?
                    .get(0);
                Ok(n as u64)
            }
        }
    }
}

fn file_size(p: &Path) -> u64 {
    std::fs::metadata(p).map(|m| m.len()).unwrap_or(0)
}

/// A speaker named in the store (the first named speaker of the largest
/// event's articles), for `quotes --speaker`.
fn some_speaker(db: &Path) -> anyhow::Result<Option<String>> {
    let store = Store::open(db)?;
    let (rows, _) = store.events_page(&EventQuery {
        limit: 1,
        min_articles: 1,
        order: EventOrder::Largest,
        ..Default::default()
    })?;
    let Some(e) = rows.first() else {
        return Ok(None);
    };
    let members = store.event_members(e.id)?;
    for (_, a) in store.articles_at(&members[..members.len().min(20)])? {
        for (_, json) in store.facts_of(std::slice::from_ref(&a.id))? {
            let f: parallax_model::Facts = serde_json::from_str(&json)?;
            if let Some(s) = f.quotes.iter().find_map(|q| q.speaker.clone()) {
                // The surname alone, as a user would type it.
                return Ok(s.split_whitespace().last().map(str::to_string));
            }
        }
    }
    Ok(None)
}

fn event_of_size(db: &Path, order: EventOrder, min: usize) -> anyhow::Result<Option<(u32, usize)>> {
    let store = Store::open(db)?;
    let (rows, _) = store.events_page(&EventQuery {
        limit: 1,
        min_articles: min,
        order,
        ..Default::default()
    })?;
    Ok(rows.first().map(|r| (r.id, r.articles)))
}

/// Runs the plan, printing each step's table as it is measured.
pub fn scale(
    exe: &Path,
    source: &Source,
    plan: &Plan,
    out: &mut impl Write,
) -> anyhow::Result<Vec<Step>> {
    std::fs::create_dir_all(&plan.dir)?;
    let store = Db::new(plan)?;
    let db = store.arg();
    let mut done = 0usize;
    let mut steps = Vec::new();
    // One-article inputs come from far past the last step, so each is new.
    let mut next_one = plan.steps.last().copied().unwrap_or(0) + source.len();
    for &target in &plan.steps {
        // The step's new articles, cut into one input per worker.
        let workers = plan.workers.max(1);
        let per = (target - done).div_ceil(workers);
        let mut chunks = Vec::new();
        for w in 0..workers {
            let (from, to) = (done + w * per, (done + (w + 1) * per).min(target));
            if from >= to {
                break;
            }
            let chunk = plan.dir.join(format!("chunk{w}.jsonl"));
            let mut f = std::io::BufWriter::new(std::fs::File::create(&chunk)?);
            source.write(from, to, &mut f)?;
            f.flush()?;
            chunks.push(chunk);
        }
        let bulk = run_all(exe, plan.model, &db, &chunks)?;
        let added = target - done;
        done = target;
        let mut one_secs = Vec::new();
        let mut one_peak = 0f64;
        for _ in 0..plan.ones {
            let one = plan.dir.join("one.jsonl");
            {
                let mut f = std::fs::File::create(&one)?;
                source.write(next_one, next_one + 1, &mut f)?;
            }
            next_one += 1;
            let (c, _) = run(
                exe,
                plan.model,
                &db,
                &["ingest", one.to_str().unwrap_or_default()],
            )?;
            one_secs.push(c.secs);
            one_peak = one_peak.max(c.peak_mib);
        }
        one_secs.sort_by(f64::total_cmp);
        let (events_page, _) = run(exe, plan.model, &db, &["events", "--limit", "50", "--json"])?;
        let compare = |order, min| -> anyhow::Result<Option<(usize, Cost)>> {
            let Some((id, n)) = event_of_size(&db, order, min)? else {
                return Ok(None);
            };
            let (c, _) = run(
                exe,
                plan.model,
                &db,
                &["compare", &id.to_string(), "--json"],
            )?;
            Ok(Some((n, c)))
        };
        let compare_largest = compare(EventOrder::Largest, 1)?;
        let compare_ten = compare(EventOrder::Smallest, 10)?;
        let quotes_speaker = match some_speaker(&db)? {
            Some(name) => {
                let (c, _) = run(
                    exe,
                    plan.model,
                    &db,
                    &["quotes", "--speaker", &name, "--json"],
                )?;
                Some((name, c))
            }
            None => None,
        };
        let offset = (done / 2).to_string();
        let (quotes_page, _) = run(
            exe,
            plan.model,
            &db,
            &["quotes", "--limit", "10", "--offset", &offset, "--json"],
        )?;
        let (claims_page, _) = run(
            exe,
            plan.model,
            &db,
            &["claims", "--limit", "10", "--offset", &offset, "--json"],
        )?;
        let pages = plan.dir.join("report");
        let (report_top, _) = run(
            exe,
            plan.model,
            &db,
            &[
                "report",
                "--out",
                pages.to_str().unwrap_or_default(),
                "--format",
                "html",
                "--top",
                "50",
            ],
        )?;
        let store_bytes = store.bytes()?;
        let n = done + plan.ones * (steps.len() + 1);
        let step = Step {
            articles: done,
            store_bytes,
            bytes_per_article: store_bytes as f64 / n as f64,
            bulk_per_sec: added as f64 / bulk.secs.max(1e-9),
            bulk,
            one_p50_secs: percentile(&one_secs, 0.5),
            one_p99_secs: percentile(&one_secs, 0.99),
            one_peak_mib: one_peak,
            events_page,
            compare_largest,
            compare_ten,
            quotes_speaker,
            quotes_page,
            claims_page,
            report_top,
        };
        print_step(&step, plan, out)?;
        steps.push(step);
    }
    Ok(steps)
}

fn print_step(s: &Step, plan: &Plan, out: &mut impl Write) -> std::io::Result<()> {
    let ones = plan.ones;
    let ms = |x: f64| format!("{:.0} ms", x * 1000.0);
    let mb = |x: f64| format!("{x:.0} MiB");
    writeln!(
        out,
        "== {} articles{}{}{}: store {:.1} MiB, {:.0} bytes an article",
        s.articles,
        if plan.model {
            " (sentence model on)"
        } else {
            ""
        },
        if plan.postgres.is_some() {
            ", PostgreSQL"
        } else {
            ""
        },
        if plan.workers > 1 {
            format!(", {} ingest workers", plan.workers)
        } else {
            String::new()
        },
        s.store_bytes as f64 / 1048576.0,
        s.bytes_per_article
    )?;
    writeln!(
        out,
        "{:<44} {:>12} {:>12} {:>10}",
        "command", "time", "", "peak"
    )?;
    writeln!(
        out,
        "{:<44} {:>12} {:>12} {:>10}",
        "bulk ingest (all stages)",
        format!("{:.1} s", s.bulk.secs),
        format!("{:.0} art/s", s.bulk_per_sec),
        mb(s.bulk.peak_mib)
    )?;
    // What one core would do: the articles over the CPU time every
    // thread of the ingest used (not known without /proc).
    if s.bulk.cpu_secs > 0.0 {
        writeln!(
            out,
            "{:<44} {:>12} {:>12} {:>10}",
            "  CPU time, every thread",
            format!("{:.1} s", s.bulk.cpu_secs),
            format!(
                "{:.0} art/CPU-s",
                s.bulk_per_sec * s.bulk.secs / s.bulk.cpu_secs
            ),
            ""
        )?;
    }
    writeln!(
        out,
        "{:<44} {:>12} {:>12} {:>10}",
        format!("ingest one article ({ones} runs)"),
        format!("p50 {}", ms(s.one_p50_secs)),
        format!("p99 {}", ms(s.one_p99_secs)),
        mb(s.one_peak_mib)
    )?;
    writeln!(
        out,
        "{:<44} {:>12} {:>12} {:>10}",
        "events --limit 50",
        ms(s.events_page.secs),
        "",
        mb(s.events_page.peak_mib)
    )?;
    for (what, c) in [
        ("compare, the largest event", s.compare_largest),
        ("compare, the smallest event of 10+", s.compare_ten),
    ] {
        if let Some((n, c)) = c {
            writeln!(
                out,
                "{:<44} {:>12} {:>12} {:>10}",
                format!("{what} ({n} articles)"),
                ms(c.secs),
                "",
                mb(c.peak_mib)
            )?;
        }
    }
    if let Some((name, c)) = &s.quotes_speaker {
        writeln!(
            out,
            "{:<44} {:>12} {:>12} {:>10}",
            format!("quotes --speaker {name}"),
            ms(c.secs),
            "",
            mb(c.peak_mib)
        )?;
    }
    for (what, c) in [("quotes", &s.quotes_page), ("claims", &s.claims_page)] {
        writeln!(
            out,
            "{:<44} {:>12} {:>12} {:>10}",
            format!("{what} --limit 10 --offset {}", s.articles / 2),
            ms(c.secs),
            "",
            mb(c.peak_mib)
        )?;
    }
    writeln!(
        out,
        "{:<44} {:>12} {:>12} {:>10}",
        "report --out DIR --top 50 (HTML)",
        format!("{:.1} s", s.report_top.secs),
        "",
        mb(s.report_top.peak_mib)
    )?;
    out.flush()
}
