//! `parallax watch`: polls a list of feeds and ingests the articles they
//! announce, politely.
//!
//! Each round polls every feed with a conditional GET (`If-None-Match`,
//! `If-Modified-Since` from the last good response), so an unchanged feed
//! costs a `304` and nothing else. For each item whose link was never
//! handled, the article page is fetched, provided the site's `robots.txt`
//! allows it, at most one request per host per `host_delay` (or the site's
//! `Crawl-delay`, if longer), with a User-Agent that names parallax; the page
//! goes through the same extraction and store as `parallax ingest`, with the
//! item's title and date as given values. An item without a link is
//! ingested from its own content.
//!
//! A feed that is down or malformed is reported and polled again next
//! round; a page that fails with a server error is retried next round (its
//! feed keeps its old validators until then, so it is read in full); one
//! that is gone (4xx), disallowed or not HTML is remembered and not asked
//! for again. Feed validators and handled links live in the store, so a
//! restart neither refetches nor misses anything. Stopping (the `stop`
//! flag, set by SIGINT in the CLI) is checked between requests and while
//! waiting; every write is one store transaction, so nothing is left half
//! written.
//!
//! Robots rules apply to article pages, the crawling part; the feeds are
//! the ones the user listed, and are fetched as a feed reader would.
//!
//! Redirects are followed by hand, each hop a request of its own: its
//! host's delay is kept and, for a page, its host's robots.txt asked; the
//! article keeps the final address, and the chain in `redirected_from`.
//! Every connection is checked on the address DNS gave: loopback, private,
//! link-local and other non-public addresses are refused unless
//! [`WatchConfig::allow_private`] is set, so a feed cannot point parallax
//! at the local network or a cloud metadata service. An item's link is
//! fetched without any `user:password@` it carries, and one that is not
//! http(s) (`file:`, `ftp:`) is passed over for good, with the reason.

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use parallax_engine::Engine;
use parallax_ingest::{feed, warc::web_page, Entry};
use parallax_store::{ArticleStore, FeedState};

/// How to watch.
#[derive(Debug, Clone)]
pub struct WatchConfig {
    /// Time between the starts of two rounds.
    pub every: Duration,
    /// The least time between two requests to one host.
    pub host_delay: Duration,
    pub user_agent: String,
    /// The limit on one request, connection to last byte.
    pub timeout: Duration,
    /// The largest page or feed read, in bytes.
    pub max_bytes: u64,
    /// Whether loopback, private, link-local and other non-public
    /// addresses may be fetched (off: a feed item pointing at
    /// `http://169.254.169.254/` is refused, on every redirect hop, on the
    /// address DNS gave).
    pub allow_private: bool,
}

impl Default for WatchConfig {
    fn default() -> Self {
        WatchConfig {
            every: Duration::from_secs(600),
            host_delay: Duration::from_secs(2),
            user_agent: format!(
                "parallax/{} (news coverage engine; +https://example.invalid/parallax)",
                env!("CARGO_PKG_VERSION")
            ),
            timeout: Duration::from_secs(30),
            max_bytes: 16 << 20,
            allow_private: false,
        }
    }
}

/// The robots token parallax answers to.
const ROBOTS_AGENT: &str = "parallax";

/// A fatal error: the store failed. Network and feed failures are not
/// errors; they are reported and retried.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error(transparent)]
    Engine(#[from] parallax_engine::Error),
    #[error(transparent)]
    Store(#[from] parallax_store::Error),
}

/// Something that happened, for the person watching.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Event {
    /// A feed answered `304 Not Modified`.
    Unchanged { feed: String },
    /// A feed was read; `new` items were never seen before.
    Polled { feed: String, new: usize },
    /// A feed could not be read; it is polled again next round.
    FeedFailed {
        feed: String,
        error: String,
        failures: u32,
    },
    /// An article page stored (or found already stored).
    Stored { url: String, duplicate: bool },
    /// A page not taken, and why (robots.txt, HTTP status, not HTML).
    Passed { url: String, why: String },
    /// A page that failed in a way worth retrying next round.
    PageFailed { url: String, error: String },
    /// A round is over.
    RoundDone(Round),
}

/// What one round did.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Round {
    pub polled: usize,
    pub unchanged: usize,
    pub failed: usize,
    pub stored: usize,
    pub duplicates: usize,
    pub passed: usize,
    /// Whether the round ended early because of a stop request.
    pub stopped: bool,
}

/// A response, read.
struct Fetched {
    status: u16,
    header: HashMap<String, String>,
    body: Vec<u8>,
}

/// A host's robots rules, as far as they were read.
enum Robots {
    /// Rules read (a missing file, 4xx, allows all: `None`).
    Rules(Option<texting_robots::Robot>),
    /// The file could not be read (5xx, network): no page of the host is
    /// fetched this round.
    Unknown(String),
}

/// Polls feeds and ingests their new articles into an engine's store.
pub struct Watcher<'e, S> {
    engine: &'e mut Engine<S>,
    cfg: WatchConfig,
    agent: ureq::Agent,
    /// When each host was last asked for something.
    last_request: HashMap<String, Instant>,
    robots: HashMap<String, Robots>,
    stop: Arc<AtomicBool>,
}

impl<S> std::fmt::Debug for Watcher<'_, S> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Watcher").field("cfg", &self.cfg).finish()
    }
}

impl<'e, S: ArticleStore> Watcher<'e, S> {
    pub fn new(engine: &'e mut Engine<S>, cfg: WatchConfig, stop: Arc<AtomicBool>) -> Self {
        // Redirects are followed here, not by ureq, so that each hop is
        // a request of its own: robots.txt and the host's delay are
        // checked for it, and the final address is what is stored.
        let config = ureq::Agent::config_builder()
            .user_agent(cfg.user_agent.as_str())
            .http_status_as_error(false)
            .timeout_global(Some(cfg.timeout))
            .max_redirects(0)
            .build();
        let agent = ureq::Agent::with_parts(
            config,
            ureq::unversioned::transport::DefaultConnector::default(),
            address::Guarded {
                allow_private: cfg.allow_private,
            },
        );
        Watcher {
            engine,
            cfg,
            agent,
            last_request: HashMap::new(),
            robots: HashMap::new(),
            stop,
        }
    }

    fn stopped(&self) -> bool {
        self.stop.load(Ordering::SeqCst)
    }

    /// Waits `d`, waking early on a stop request; false when stopped.
    fn pause(&self, d: Duration) -> bool {
        let until = Instant::now() + d;
        while !self.stopped() {
            let now = Instant::now();
            if now >= until {
                return true;
            }
            std::thread::sleep((until - now).min(Duration::from_millis(50)));
        }
        false
    }

    /// Rounds every `cfg.every` until stopped (or once); returns the last
    /// round.
    pub fn run(
        &mut self,
        feeds: &[String],
        once: bool,
        on: &mut dyn FnMut(&Event),
    ) -> Result<Round, Error> {
        loop {
            let started = Instant::now();
            let round = self.round(feeds, on)?;
            on(&Event::RoundDone(round.clone()));
            if once
                || round.stopped
                || !self.pause(self.cfg.every.saturating_sub(started.elapsed()))
            {
                return Ok(round);
            }
        }
    }

    /// Polls each feed once and ingests what is new.
    pub fn round(&mut self, feeds: &[String], on: &mut dyn FnMut(&Event)) -> Result<Round, Error> {
        let mut round = Round::default();
        // Robots rules that could not be read are asked for again.
        self.robots.retain(|_, r| matches!(r, Robots::Rules(_)));
        for url in feeds {
            if self.stopped() {
                round.stopped = true;
                break;
            }
            self.poll(url, &mut round, on)?;
        }
        if round.stored > 0 {
            // Copies, events and storylines catch up with the new articles
            // (incrementally: only they are processed).
            self.engine.analyses()?;
        }
        round.stopped |= self.stopped();
        Ok(round)
    }

    fn poll(
        &mut self,
        url: &str,
        round: &mut Round,
        on: &mut dyn FnMut(&Event),
    ) -> Result<(), Error> {
        let mut state = self
            .engine
            .store()
            .watch_feed(url)?
            .unwrap_or_else(|| FeedState {
                url: url.to_string(),
                ..FeedState::default()
            });
        let mut headers = Vec::new();
        if let Some(e) = &state.etag {
            headers.push(("If-None-Match", e.clone()));
        }
        if let Some(m) = &state.last_modified {
            headers.push(("If-Modified-Since", m.clone()));
        }
        let parsed = match self.fetch_as_reader(url, &headers) {
            Ok(f) if f.status == 304 => {
                state.failures = 0;
                state.last_error = None;
                self.engine.store_mut().save_watch_feed(&state)?;
                round.unchanged += 1;
                on(&Event::Unchanged { feed: url.into() });
                return Ok(());
            }
            Ok(f) if f.status == 200 => match feed::parse(&f.body) {
                Ok(parsed) => Ok((parsed, f)),
                Err(e) => Err(e.to_string()),
            },
            Ok(f) => Err(format!("HTTP {}", f.status)),
            Err(e) => Err(e),
        };
        let (parsed, response) = match parsed {
            Ok(p) => p,
            Err(error) => {
                state.failures += 1;
                state.last_error = Some(error.clone());
                self.engine.store_mut().save_watch_feed(&state)?;
                round.failed += 1;
                on(&Event::FeedFailed {
                    feed: url.into(),
                    error,
                    failures: state.failures,
                });
                return Ok(());
            }
        };
        round.polled += 1;
        // Feeds list the newest first: take the oldest first, so arrival
        // order follows publication.
        let mut new = Vec::new();
        for (index, item) in parsed.items().into_iter().enumerate().rev() {
            let key = item
                .link
                .clone()
                .unwrap_or_else(|| format!("{url}#{}", item.id));
            if !self.engine.store().watch_link_seen(&key)? {
                new.push((index, key, item));
            }
        }
        on(&Event::Polled {
            feed: url.into(),
            new: new.len(),
        });
        // Whether an item is left for next round (stopped, or a page to
        // retry): then the feed must be read in full again, not answered
        // with a 304.
        let mut unfinished = false;
        for (index, key, item) in new {
            if self.stopped() {
                round.stopped = true;
                unfinished = true;
                break;
            }
            let outcome = match &item.link {
                Some(link) => self.page(link, &item, on)?,
                None => match parsed.entry(url, index) {
                    Some(entry) => Some(self.ingest(&key, entry, on)?),
                    None => None,
                },
            };
            let Some(outcome) = outcome else {
                unfinished = true;
                continue;
            };
            match outcome {
                Outcome::Stored => round.stored += 1,
                Outcome::Duplicate => round.duplicates += 1,
                Outcome::Passed(_) => round.passed += 1,
            }
            self.engine
                .store_mut()
                .save_watch_link(&key, url, &outcome.to_string())?;
        }
        if !unfinished {
            state.etag = response.header.get("etag").cloned();
            state.last_modified = response.header.get("last-modified").cloned();
        }
        state.failures = 0;
        state.last_error = None;
        self.engine.store_mut().save_watch_feed(&state)?;
        Ok(())
    }

    /// Fetches and ingests one article page; `None` when it should be
    /// tried again next round.
    fn page(
        &mut self,
        link: &str,
        item: &feed::FeedItem,
        on: &mut dyn FnMut(&Event),
    ) -> Result<Option<Outcome>, Error> {
        // An item's link is fetched without the credentials it may carry,
        // and only over http(s): another scheme is passed over for good.
        let link = without_credentials(link);
        let link = link.as_str();
        if origin(link).is_none() {
            let why = "not an http(s) link".to_string();
            on(&Event::Passed {
                url: redact(link),
                why: why.clone(),
            });
            return Ok(Some(Outcome::Passed(why)));
        }
        let (fetched, final_url, from) = match self.fetch(link, &[], true) {
            Ok(h) => (h.fetched, h.url, h.from),
            Err(Failed::Pass(why)) => {
                on(&Event::Passed {
                    url: link.into(),
                    why: why.clone(),
                });
                return Ok(Some(Outcome::Passed(why)));
            }
            Err(Failed::Retry(error)) => {
                on(&Event::PageFailed {
                    url: link.into(),
                    error,
                });
                return Ok(None);
            }
        };
        if fetched.status >= 500 || fetched.status == 429 {
            on(&Event::PageFailed {
                url: link.into(),
                error: format!("HTTP {}", fetched.status),
            });
            return Ok(None);
        }
        if fetched.status != 200 {
            let why = format!("HTTP {}", fetched.status);
            on(&Event::Passed {
                url: link.into(),
                why: why.clone(),
            });
            return Ok(Some(Outcome::Passed(why)));
        }
        let now = now_rfc3339();
        let mut entry = web_page(
            final_url.clone(),
            fetched.body,
            fetched.header.get("content-type").map(String::as_str),
            Some(final_url),
            Some(now),
        );
        if let Entry::Article(raw) = &mut entry {
            raw.given.redirected_from = from;
            raw.given.title = item.title.clone().filter(|t| !t.is_empty());
            raw.given.published = item.published.clone();
            raw.given.published_evidence = item.published.as_ref().map(|_| "feed item date".into());
        }
        self.ingest(link, entry, on).map(Some)
    }

    fn ingest(
        &mut self,
        url: &str,
        entry: Entry,
        on: &mut dyn FnMut(&Event),
    ) -> Result<Outcome, Error> {
        if let Entry::PassedOver { reason, .. } = &entry {
            on(&Event::Passed {
                url: url.into(),
                why: (*reason).to_string(),
            });
            return Ok(Outcome::Passed((*reason).to_string()));
        }
        let report = self.engine.ingest_entries([Ok(entry)])?;
        let duplicate = report.stored == 0;
        on(&Event::Stored {
            url: url.into(),
            duplicate,
        });
        Ok(if duplicate {
            Outcome::Duplicate
        } else {
            Outcome::Stored
        })
    }

    /// Whether robots.txt lets parallax fetch `url`; reads the host's
    /// rules on first need.
    fn allowed(&mut self, url: &str) -> Result<(), Refusal> {
        let Some(origin) = origin(url) else {
            return Ok(());
        };
        if !self.robots.contains_key(&origin) {
            let robots_url = format!("{origin}/robots.txt");
            let rules = match self.fetch_as_reader(&robots_url, &[]) {
                Ok(f) if f.status == 200 => {
                    Robots::Rules(texting_robots::Robot::new(ROBOTS_AGENT, &f.body).ok())
                }
                Ok(f) if (400..500).contains(&f.status) => Robots::Rules(None),
                Ok(f) => Robots::Unknown(format!("HTTP {}", f.status)),
                Err(e) => Robots::Unknown(e),
            };
            self.robots.insert(origin.clone(), rules);
        }
        match self.robots.get(&origin) {
            Some(Robots::Rules(Some(r))) if !r.allowed(url) => Err(Refusal::Disallowed),
            Some(Robots::Unknown(e)) => Err(Refusal::Unknown(e.clone())),
            _ => Ok(()),
        }
    }

    /// The delay owed to a host: ours, or its robots `Crawl-delay` if
    /// longer.
    fn delay_for(&self, origin: &str) -> Duration {
        let crawl = match self.robots.get(origin) {
            Some(Robots::Rules(Some(r))) => r
                .delay
                .filter(|d| d.is_finite() && *d > 0.0)
                .map(|d| Duration::from_secs_f32(d.min(60.0))),
            _ => None,
        };
        crawl.map_or(self.cfg.host_delay, |c| c.max(self.cfg.host_delay))
    }

    /// One GET, after the host's delay, redirects not followed; network
    /// failures as text.
    fn get_once(&mut self, url: &str, headers: &[(&str, String)]) -> Result<Fetched, String> {
        let host = origin(url).ok_or_else(|| format!("not an http(s) URL: {}", redact(url)))?;
        if let Some(last) = self.last_request.get(&host) {
            let wait = self.delay_for(&host).saturating_sub(last.elapsed());
            if !self.pause(wait) {
                return Err("stopped".into());
            }
        }
        self.last_request.insert(host, Instant::now());
        let mut req = self.agent.get(url);
        for (k, v) in headers {
            req = req.header(*k, v.as_str());
        }
        let mut resp = req.call().map_err(|e| e.to_string())?;
        let status = resp.status().as_u16();
        let header = resp
            .headers()
            .iter()
            .filter_map(|(k, v)| {
                Some((
                    k.as_str().to_ascii_lowercase(),
                    v.to_str().ok()?.to_string(),
                ))
            })
            .collect();
        let body = if status == 304 || (300..400).contains(&status) {
            Vec::new()
        } else {
            resp.body_mut()
                .with_config()
                .limit(self.cfg.max_bytes)
                .read_to_vec()
                .map_err(|e| e.to_string())?
        };
        Ok(Fetched {
            status,
            header,
            body,
        })
    }

    /// A feed or a robots.txt, fetched as a reader would (no robots rules
    /// of its own), redirects followed; any failure as text.
    fn fetch_as_reader(
        &mut self,
        url: &str,
        headers: &[(&str, String)],
    ) -> Result<Fetched, String> {
        match self.fetch(url, headers, false) {
            Ok(h) => Ok(h.fetched),
            Err(Failed::Retry(e) | Failed::Pass(e)) => Err(e),
        }
    }

    /// A GET that follows redirects, each hop a request of its own: to an
    /// http(s) address only, public unless allowed, after its host's
    /// delay, and, for article pages (`robots`), allowed by its host's
    /// robots.txt.
    fn fetch(
        &mut self,
        url: &str,
        headers: &[(&str, String)],
        robots: bool,
    ) -> Result<Hops, Failed> {
        let mut url = url.to_string();
        let mut from = Vec::new();
        loop {
            if robots {
                match self.allowed(&url) {
                    Ok(()) => {}
                    Err(Refusal::Disallowed) if from.is_empty() => {
                        return Err(Failed::Pass("disallowed by robots.txt".into()))
                    }
                    Err(Refusal::Disallowed) => {
                        return Err(Failed::Pass(format!(
                            "redirected to {}, which robots.txt disallows",
                            redact(&url)
                        )))
                    }
                    Err(Refusal::Unknown(error)) => {
                        return Err(Failed::Retry(format!(
                            "robots.txt unreadable ({error}); retried next round"
                        )))
                    }
                }
            }
            let fetched = self.get_once(&url, headers).map_err(|e| {
                if e.contains(address::REFUSED) {
                    Failed::Pass(e)
                } else {
                    Failed::Retry(e)
                }
            })?;
            if !(300..400).contains(&fetched.status) || fetched.status == 304 {
                return Ok(Hops { fetched, url, from });
            }
            let Some(location) = fetched.header.get("location") else {
                return Ok(Hops { fetched, url, from });
            };
            if from.len() >= MAX_REDIRECTS {
                return Err(Failed::Pass(format!("more than {MAX_REDIRECTS} redirects")));
            }
            let next = join(&url, location);
            if origin(&next).is_none() {
                return Err(Failed::Pass(format!(
                    "redirected to {}, not an http(s) address",
                    redact(&next)
                )));
            }
            from.push(std::mem::replace(&mut url, without_credentials(&next)));
        }
    }
}

/// The most redirects followed for one fetch.
const MAX_REDIRECTS: usize = 5;

/// A fetch that followed its redirects.
struct Hops {
    fetched: Fetched,
    /// Where the answer came from in the end.
    url: String,
    /// The addresses redirected from, in order.
    from: Vec<String>,
}

/// Why a fetch gave nothing.
enum Failed {
    /// Worth trying again next round (network, 5xx robots.txt).
    Retry(String),
    /// Never worth trying again (not http, refused address, robots).
    Pass(String),
}

/// `location` read against `base`: absolute, scheme-relative, or a path.
fn join(base: &str, location: &str) -> String {
    let location = location.trim();
    let scheme_end = base.find("://").map_or(0, |i| i + 3);
    // With a scheme of its own ("https:", "file:"): absolute.
    let has_scheme = location.split_once(':').is_some_and(|(scheme, _)| {
        scheme.starts_with(|c: char| c.is_ascii_alphabetic())
            && scheme
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '.' | '-'))
    });
    if has_scheme {
        return location.to_string();
    }
    if let Some(rest) = location.strip_prefix("//") {
        return format!("{}{rest}", &base[..scheme_end]);
    }
    let path_at = base[scheme_end..]
        .find(['/', '?', '#'])
        .map_or(base.len(), |i| scheme_end + i);
    if location.starts_with('/') {
        return format!("{}{location}", &base[..path_at]);
    }
    let path = &base[path_at..];
    let path = &path[..path.find(['?', '#']).unwrap_or(path.len())];
    let dir = &path[..path.rfind('/').map_or(0, |i| i + 1)];
    let dir = if dir.is_empty() { "/" } else { dir };
    format!("{}{dir}{location}", &base[..path_at])
}

/// Where a URL's `user[:password]@` lies: (start of the authority, the
/// `@`'s offset in it), when it has one.
fn userinfo(url: &str) -> Option<(usize, usize)> {
    let at = url.find("://")? + 3;
    let end = url[at..]
        .find(['/', '?', '#'])
        .map_or(url.len(), |i| at + i);
    Some((at, url[at..end].rfind('@')?))
}

/// A URL without the `user:password@` of its authority.
pub fn without_credentials(url: &str) -> String {
    match userinfo(url) {
        Some((at, i)) => format!("{}{}", &url[..at], &url[at + i + 1..]),
        None => url.to_string(),
    }
}

/// A URL as printed: its password, if any, replaced.
pub fn redact(url: &str) -> String {
    match userinfo(url) {
        Some((at, i)) => {
            let user = url[at..at + i].split(':').next().unwrap_or("");
            format!("{}{user}:***@{}", &url[..at], &url[at + i + 1..])
        }
        None => url.to_string(),
    }
}

/// Which addresses a fetch may connect to: a resolver that drops the
/// non-public addresses a name resolves to, so the check is on the very
/// addresses the connection is made to (no second lookup to race).
mod address {
    use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

    use ureq::unversioned::resolver::{DefaultResolver, ResolvedSocketAddrs, Resolver};

    /// Part of the refusal's message, to tell it from network failures.
    pub const REFUSED: &str = "not a public address";

    #[derive(Debug)]
    pub struct Guarded {
        pub allow_private: bool,
    }

    impl Resolver for Guarded {
        fn resolve(
            &self,
            uri: &ureq::http::Uri,
            config: &ureq::config::Config,
            timeout: ureq::unversioned::transport::NextTimeout,
        ) -> Result<ResolvedSocketAddrs, ureq::Error> {
            let all = DefaultResolver::default().resolve(uri, config, timeout)?;
            if self.allow_private {
                return Ok(all);
            }
            let mut out = self.empty();
            let mut refused = None;
            for a in all.iter() {
                if is_public(a.ip()) {
                    out.push(*a);
                } else {
                    refused = Some(a.ip());
                }
            }
            match refused {
                Some(ip) if out.is_empty() => Err(ureq::Error::Io(std::io::Error::new(
                    std::io::ErrorKind::PermissionDenied,
                    format!(
                        "refused: {} is {ip}, {REFUSED} (--allow-private-addresses fetches it)",
                        uri.host().unwrap_or("the host")
                    ),
                ))),
                _ => Ok(out),
            }
        }
    }

    /// Whether an address is on the public internet: not loopback,
    /// private, link-local, shared (CGNAT), multicast, broadcast,
    /// documentation, benchmarking, reserved or unspecified.
    pub fn is_public(ip: IpAddr) -> bool {
        match ip {
            IpAddr::V4(v4) => is_public_v4(v4),
            IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
                Some(v4) => is_public_v4(v4),
                None => is_public_v6(v6),
            },
        }
    }

    fn is_public_v4(ip: Ipv4Addr) -> bool {
        let [a, b, c, _] = ip.octets();
        !(ip.is_unspecified()
            || ip.is_loopback()
            || ip.is_private()
            || ip.is_link_local()
            || ip.is_multicast()
            || ip.is_broadcast()
            || ip.is_documentation()
            || a == 0
            || a >= 240
            || (a == 100 && (64..128).contains(&b))
            || (a == 192 && b == 0 && c == 0)
            || (a == 198 && (b == 18 || b == 19)))
    }

    fn is_public_v6(ip: Ipv6Addr) -> bool {
        let s = ip.segments();
        !(ip.is_unspecified()
            || ip.is_loopback()
            || ip.is_multicast()
            || (s[0] & 0xfe00) == 0xfc00
            || (s[0] & 0xffc0) == 0xfe80
            || (s[0] == 0x2001 && s[1] == 0x0db8)
            || (s[0] == 0x64 && s[1] == 0xff9b))
    }
}

enum Refusal {
    Disallowed,
    Unknown(String),
}

/// What became of one item's link.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Outcome {
    Stored,
    Duplicate,
    Passed(String),
}

impl std::fmt::Display for Outcome {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Outcome::Stored => f.write_str("stored"),
            Outcome::Duplicate => f.write_str("duplicate"),
            Outcome::Passed(why) => write!(f, "passed over: {why}"),
        }
    }
}

/// `scheme://host[:port]` of an http(s) URL.
pub fn origin(url: &str) -> Option<String> {
    let uri: ureq::http::Uri = url.parse().ok()?;
    let scheme = uri.scheme_str()?;
    if scheme != "http" && scheme != "https" {
        return None;
    }
    let authority = uri.authority()?;
    Some(format!(
        "{scheme}://{}",
        authority.as_str().rsplit('@').next()?
    ))
}

fn now_rfc3339() -> String {
    time::OffsetDateTime::now_utc()
        .format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_default()
}

/// Reads a feeds list: one URL per line; blank lines and `#` comments
/// skipped. Returns the URLs and, for each bad line, `(line, why)`.
pub fn read_feed_list(text: &str) -> (Vec<String>, Vec<(usize, String)>) {
    let mut urls = Vec::new();
    let mut bad = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let line = line.trim();
        // A comment: a line starting with `#`, or ` #` to the line's end
        // (a `#` inside a URL is a fragment).
        let line = if line.starts_with('#') {
            ""
        } else {
            line.split(" #").next().unwrap_or("").trim()
        };
        if line.is_empty() {
            continue;
        }
        if origin(line).is_some() {
            if !urls.iter().any(|u| u == line) {
                urls.push(line.to_string());
            }
        } else {
            bad.push((i + 1, format!("not an http(s) URL: {line}")));
        }
    }
    (urls, bad)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn feed_lists_skip_comments_and_name_bad_lines() {
        let (urls, bad) = read_feed_list(
            "# news\nhttps://a.example/feed.xml\n\nftp://b.example/x\nhttp://c.example:8080/rss # local\nhttps://a.example/feed.xml\n",
        );
        assert_eq!(
            urls,
            ["https://a.example/feed.xml", "http://c.example:8080/rss"]
        );
        assert_eq!(
            bad,
            [(4, "not an http(s) URL: ftp://b.example/x".to_string())]
        );
        assert_eq!(
            origin("http://c.example:8080/rss?x=1").as_deref(),
            Some("http://c.example:8080")
        );
    }

    #[test]
    fn redirects_join_and_credentials_are_dropped_or_hidden() {
        let base = "http://a.example/news/today/x.html?q=1";
        assert_eq!(join(base, "https://b.example/y"), "https://b.example/y");
        assert_eq!(join(base, "//c.example/z"), "http://c.example/z");
        assert_eq!(join(base, "/top"), "http://a.example/top");
        assert_eq!(
            join(base, "next.html"),
            "http://a.example/news/today/next.html"
        );
        assert_eq!(join("http://a.example", "p"), "http://a.example/p");
        assert_eq!(join(base, "file:///etc/passwd"), "file:///etc/passwd");
        assert_eq!(
            without_credentials("http://u:pw@h.example:8080/a@b"),
            "http://h.example:8080/a@b"
        );
        assert_eq!(
            redact("https://u:pw@h.example/f"),
            "https://u:***@h.example/f"
        );
        assert_eq!(
            redact("https://h.example/f?a=b@c"),
            "https://h.example/f?a=b@c"
        );
    }

    #[test]
    fn only_public_addresses_pass() {
        use std::net::IpAddr;
        let public = |s: &str| address::is_public(s.parse::<IpAddr>().unwrap());
        for private in [
            "127.0.0.1",
            "10.1.2.3",
            "172.16.0.1",
            "192.168.1.1",
            "169.254.169.254",
            "100.64.0.1",
            "0.0.0.0",
            "224.0.0.1",
            "255.255.255.255",
            "::1",
            "::",
            "fe80::1",
            "fd00::1",
            "::ffff:127.0.0.1",
            "ff02::1",
        ] {
            assert!(!public(private), "{private}");
        }
        for ok in [
            "93.184.216.34",
            "8.8.8.8",
            "2606:4700::1111",
            "::ffff:1.1.1.1",
        ] {
            assert!(public(ok), "{ok}");
        }
    }
}
