//! `parallax bench serve`: the live service under load. Builds (or reuses)
//! a lexical store of a multiplied real corpus, starts `parallax serve` on
//! a loopback port as its own process, and while one client POSTs new
//! articles in batches, several others send reads (a page of events, an
//! event's comparison, a search, an article) until a fixed number of
//! requests is answered or the time runs out. It prints requests/s and
//! p50/p99 per route, the errors, the ingest rate, and whether every
//! POSTed article was stored once. Figures are printed, never asserted.
//!
//! The client is a few lines of HTTP/1.1 over `std::net` (one connection
//! a request, `Connection: close`): what is measured is the server, and
//! the bench needs no HTTP client crate.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use anyhow::Context;

use crate::bench_scale::{percentile, run, Source};

/// How long the bench waits for the server to make its comparisons ahead.
const WARM_WAIT: Duration = Duration::from_secs(600);

/// What to load the server with.
#[derive(Debug, Clone)]
pub struct Plan {
    pub articles: usize,
    pub requests: usize,
    pub readers: usize,
    pub posts: usize,
    pub batch: usize,
    pub max_secs: u64,
    pub dir: PathBuf,
}

/// One route's figures.
#[derive(Debug, Clone, serde::Serialize)]
pub struct RouteFigures {
    pub route: &'static str,
    pub requests: usize,
    pub errors: usize,
    pub per_sec: f64,
    pub p50_ms: f64,
    pub p99_ms: f64,
}

/// The whole run's figures.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Figures {
    pub store_articles: usize,
    pub secs: f64,
    pub routes: Vec<RouteFigures>,
    pub posted: usize,
    pub stored: usize,
    pub duplicates: usize,
    pub post_errors: usize,
    pub ingest_per_sec: f64,
    pub post_p50_ms: f64,
    pub post_p99_ms: f64,
    /// Articles the store holds after the run, less those before it.
    pub grew_by: usize,
}

/// One HTTP/1.1 request: status and body.
fn request(addr: &str, method: &str, path: &str, body: &[u8]) -> anyhow::Result<(u16, Vec<u8>)> {
    let mut conn = std::net::TcpStream::connect(addr)?;
    conn.set_read_timeout(Some(Duration::from_secs(120)))?;
    write!(
        conn,
        "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\nContent-Type: application/x-ndjson\r\nContent-Length: {}\r\n\r\n",
        body.len()
    )?;
    conn.write_all(body)?;
    let mut answer = Vec::new();
    conn.read_to_end(&mut answer)?;
    let head_end = answer
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .context("an answer without a head")?;
    let head = String::from_utf8_lossy(&answer[..head_end]);
    let status: u16 = head
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .context("an answer without a status")?;
    Ok((status, answer[head_end + 4..].to_vec()))
}

fn get_json(addr: &str, path: &str) -> anyhow::Result<serde_json::Value> {
    let (status, body) = request(addr, "GET", path, b"")?;
    anyhow::ensure!(status == 200, "GET {path}: {status}");
    Ok(serde_json::from_slice(&body)?)
}

/// A server process on a free loopback port, killed when dropped.
struct Server {
    child: std::process::Child,
    addr: String,
}

impl Server {
    fn start(exe: &Path, db: &Path) -> anyhow::Result<Self> {
        use std::io::BufRead;
        let mut child = std::process::Command::new(exe)
            .arg("--db")
            .arg(db)
            .args(["serve", "--addr", "127.0.0.1:0"])
            .env("PARALLAX_MODEL", "")
            .env_remove("PARALLAX_TOKEN")
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .context("cannot start parallax serve")?;
        let mut err = std::io::BufReader::new(child.stderr.take().context("no stderr")?);
        let mut line = String::new();
        while err.read_line(&mut line)? > 0 {
            if let Some(rest) = line.split("http://").nth(1) {
                let addr = rest
                    .split('/')
                    .next()
                    .unwrap_or_default()
                    .trim()
                    .to_string();
                // The rest of its log is read and dropped, so it never
                // blocks on a full pipe.
                std::thread::spawn(move || std::io::copy(&mut err, &mut std::io::sink()));
                return Ok(Server { child, addr });
            }
            line.clear();
        }
        let _ = child.kill();
        let _ = child.wait();
        anyhow::bail!("parallax serve gave no address")
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The reads sent: each route with the paths it cycles through.
struct Reads {
    routes: Vec<(&'static str, Vec<String>)>,
}

/// Picks what the readers ask: events spread over the store, articles
/// from pages across it, and searches by those articles' titles.
fn choose_reads(addr: &str, total: usize) -> anyhow::Result<Reads> {
    const SAMPLE: usize = 50;
    let mut events = Vec::new();
    let pages = get_json(addr, "/api/v1/events?limit=0")?["total"]
        .as_u64()
        .unwrap_or(0) as usize;
    for k in 0..SAMPLE {
        let offset = pages * k / SAMPLE;
        let page = get_json(addr, &format!("/api/v1/events?limit=1&offset={offset}"))?;
        if let Some(id) = page["events"][0]["id"].as_u64() {
            events.push(id);
        }
    }
    let mut articles = Vec::new();
    let mut queries = Vec::new();
    for k in 0..SAMPLE {
        let after = (total * k / SAMPLE) as u64;
        let page = get_json(addr, &format!("/api/v1/articles?limit=1&after={after}"))?;
        let a = &page["articles"][0];
        if let Some(id) = a["id"].as_str() {
            articles.push(format!("/api/v1/articles/{id}"));
        }
        if let Some(t) = a["title"].as_str() {
            let words: Vec<&str> = t.split_whitespace().take(5).collect();
            let q: String = words
                .join("+")
                .bytes()
                .map(|b| {
                    if b.is_ascii_alphanumeric() || b == b'+' {
                        (b as char).to_string()
                    } else {
                        format!("%{b:02X}")
                    }
                })
                .collect();
            queries.push(format!("/api/v1/search?q={q}&limit=10"));
        }
    }
    anyhow::ensure!(
        !events.is_empty() && !articles.is_empty(),
        "the store has no events or articles"
    );
    Ok(Reads {
        routes: vec![
            (
                "GET /api/v1/events",
                vec!["/api/v1/events?limit=50".to_string()],
            ),
            (
                "GET /api/v1/events/{id}/comparison",
                events
                    .iter()
                    .map(|e| format!("/api/v1/events/{e}/comparison"))
                    .collect(),
            ),
            ("GET /api/v1/search", queries),
            ("GET /api/v1/articles/{id}", articles),
        ],
    })
}

/// Runs the load and prints its figures.
pub fn serve(
    exe: &Path,
    source: &Source,
    plan: &Plan,
    out: &mut impl Write,
) -> anyhow::Result<Figures> {
    std::fs::create_dir_all(&plan.dir)
        .with_context(|| format!("cannot create {}", plan.dir.display()))?;
    let db = plan.dir.join("store.db");
    // The store: what is missing of --articles, ingested in bulk.
    let have = if db.exists() {
        run(exe, false, &db, &["articles", "--json", "--limit", "0"])
            .ok()
            .and_then(|(_, s)| serde_json::from_str::<serde_json::Value>(&s).ok())
            .and_then(|v| v["total"].as_u64())
            .unwrap_or(0) as usize
    } else {
        0
    };
    if have < plan.articles {
        let input = plan.dir.join("input.jsonl");
        let mut f = std::io::BufWriter::new(std::fs::File::create(&input)?);
        source.write(have, plan.articles, &mut f)?;
        f.flush()?;
        drop(f);
        writeln!(
            out,
            "building the store: {} articles ({} there already)...",
            plan.articles - have,
            have
        )?;
        out.flush()?;
        let (cost, _) = run(
            exe,
            false,
            &db,
            &["ingest", input.to_str().unwrap_or_default()],
        )?;
        writeln!(
            out,
            "  {:.0} s, {:.0} articles/s",
            cost.secs,
            (plan.articles - have) as f64 / cost.secs
        )?;
        std::fs::remove_file(&input).ok();
    }
    let server = Server::start(exe, &db)?;
    let addr = server.addr.clone();
    // A server makes its largest events' comparisons ahead once it starts:
    // the load is measured on a server that has, as a running one has.
    let started = Instant::now();
    while get_json(&addr, "/healthz")?["warming"].as_bool() == Some(true) {
        if started.elapsed() > WARM_WAIT {
            writeln!(out, "  the server was still making comparisons ahead after {WARM_WAIT:?}: measuring anyway")?;
            break;
        }
        std::thread::sleep(Duration::from_millis(200));
    }
    writeln!(
        out,
        "serve made its largest events' comparisons ahead in {:.1} s",
        started.elapsed().as_secs_f64()
    )?;
    let before = get_json(&addr, "/healthz")?["articles"]
        .as_u64()
        .unwrap_or(0) as usize;
    let reads = choose_reads(&addr, before)?;
    // New articles: the multiplied corpus past the store's end, so each is
    // new content.
    let mut posts = Vec::new();
    source.write(
        before.max(plan.articles),
        before.max(plan.articles) + plan.posts,
        &mut posts,
    )?;
    let lines: Vec<&[u8]> = posts
        .split(|b| *b == b'\n')
        .filter(|l| !l.is_empty())
        .collect();
    let batches: Vec<Vec<u8>> = lines
        .chunks(plan.batch.max(1))
        .map(|c| c.join(&b"\n"[..]))
        .collect();

    writeln!(
        out,
        "load: {} reads by {} clients over {} articles, {} articles POSTed in batches of {} meanwhile (at most {} s)",
        plan.requests, plan.readers, before, plan.posts, plan.batch, plan.max_secs
    )?;
    out.flush()?;
    let deadline = Instant::now() + Duration::from_secs(plan.max_secs);
    let next = std::sync::atomic::AtomicUsize::new(0);
    let started = Instant::now();
    // (route, status, ms, whether this path was asked before)
    type Sample = (usize, u16, f64, bool);
    let (samples, post_samples): (Vec<Sample>, Vec<(u16, f64, serde_json::Value)>) =
        std::thread::scope(|s| {
            let readers: Vec<_> = (0..plan.readers.max(1))
                .map(|_| {
                    s.spawn(|| {
                        let mut got: Vec<Sample> = Vec::new();
                        loop {
                            let k = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                            if k >= plan.requests || Instant::now() > deadline {
                                break;
                            }
                            let r = k % reads.routes.len();
                            let paths = &reads.routes[r].1;
                            let round = k / reads.routes.len();
                            let path = &paths[round % paths.len()];
                            let t = Instant::now();
                            let status = request(&addr, "GET", path, b"").map_or(0, |(st, _)| st);
                            got.push((
                                r,
                                status,
                                t.elapsed().as_secs_f64() * 1000.0,
                                round >= paths.len(),
                            ));
                        }
                        got
                    })
                })
                .collect();
            let writer = s.spawn(|| {
                let mut got = Vec::new();
                for b in &batches {
                    if Instant::now() > deadline {
                        break;
                    }
                    let t = Instant::now();
                    let (status, body) =
                        request(&addr, "POST", "/api/v1/articles", b).unwrap_or((0, Vec::new()));
                    let report = serde_json::from_slice(&body).unwrap_or(serde_json::Value::Null);
                    got.push((status, t.elapsed().as_secs_f64() * 1000.0, report));
                }
                got
            });
            let mut all = Vec::new();
            for r in readers {
                all.extend(r.join().unwrap_or_default());
            }
            (all, writer.join().unwrap_or_default())
        });
    let secs = started.elapsed().as_secs_f64();
    let after = get_json(&addr, "/healthz")?["articles"]
        .as_u64()
        .unwrap_or(0) as usize;
    drop(server);

    let mut routes = Vec::new();
    // Each route, then the comparisons split: an event's first request
    // makes its comparison, the later ones find it kept (unless an
    // article joined the event meanwhile).
    let mut splits: Vec<(&'static str, usize, Option<bool>)> = reads
        .routes
        .iter()
        .enumerate()
        .map(|(r, (name, _))| (*name, r, None))
        .collect();
    splits.push(("  comparison, first request of an event", 1, Some(false)));
    splits.push(("  comparison, asked again", 1, Some(true)));
    for (name, r, again) in splits {
        let mine: Vec<&Sample> = samples
            .iter()
            .filter(|s| s.0 == r && again.is_none_or(|a| s.3 == a))
            .collect();
        let mut ms: Vec<f64> = mine.iter().map(|s| s.2).collect();
        ms.sort_by(f64::total_cmp);
        routes.push(RouteFigures {
            route: name,
            requests: mine.len(),
            errors: mine.iter().filter(|s| s.1 != 200).count(),
            per_sec: mine.len() as f64 / secs,
            p50_ms: percentile(&ms, 0.5),
            p99_ms: percentile(&ms, 0.99),
        });
    }
    let mut post_ms: Vec<f64> = post_samples.iter().map(|p| p.1).collect();
    post_ms.sort_by(f64::total_cmp);
    let stored: usize = post_samples
        .iter()
        .map(|p| p.2["stored"].as_u64().unwrap_or(0) as usize)
        .sum();
    let duplicates: usize = post_samples
        .iter()
        .map(|p| p.2["duplicates"].as_array().map_or(0, Vec::len))
        .sum();
    let post_time: f64 = post_ms.iter().sum::<f64>() / 1000.0;
    // The articles of the batches sent (the load may stop before the last).
    let posted: usize = lines
        .chunks(plan.batch.max(1))
        .take(post_samples.len())
        .map(<[_]>::len)
        .sum();
    let figures = Figures {
        store_articles: before,
        secs,
        routes,
        posted,
        stored,
        duplicates,
        post_errors: post_samples
            .iter()
            .filter(|p| p.0 != 201 && p.0 != 200)
            .count(),
        ingest_per_sec: stored as f64 / post_time.max(1e-9),
        post_p50_ms: percentile(&post_ms, 0.5),
        post_p99_ms: percentile(&post_ms, 0.99),
        grew_by: after.saturating_sub(before),
    };
    writeln!(
        out,
        "{:<36} {:>8} {:>7} {:>9} {:>9} {:>9}",
        "route", "requests", "errors", "req/s", "p50 ms", "p99 ms"
    )?;
    for r in &figures.routes {
        writeln!(
            out,
            "{:<36} {:>8} {:>7} {:>9.1} {:>9.1} {:>9.1}",
            r.route, r.requests, r.errors, r.per_sec, r.p50_ms, r.p99_ms
        )?;
    }
    writeln!(
        out,
        "{:<36} {:>8} {:>7} {:>9} {:>9.1} {:>9.1}",
        format!("POST /api/v1/articles ({} a batch)", plan.batch),
        post_samples.len(),
        figures.post_errors,
        "",
        figures.post_p50_ms,
        figures.post_p99_ms
    )?;
    writeln!(
        out,
        "ingest while reading: {} articles stored in {:.1} s of POSTs, {:.0} articles/s; {} POSTed, {} duplicates, the store grew by {}{}",
        figures.stored,
        post_time,
        figures.ingest_per_sec,
        figures.posted,
        figures.duplicates,
        figures.grew_by,
        if figures.grew_by == figures.posted && figures.stored == figures.posted {
            " (every POSTed article stored once)"
        } else {
            " (NOT every POSTed article stored once)"
        }
    )?;
    writeln!(
        out,
        "{} requests in {:.1} s",
        samples.len() + post_samples.len(),
        secs
    )?;
    Ok(figures)
}
