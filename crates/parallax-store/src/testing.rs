//! For tests of any crate: the stores one set of tests runs against.
//!
//! The SQLite store always; a PostgreSQL one when `PARALLAX_TEST_POSTGRES`
//! holds a server's URL (`scripts/dev-postgres.sh` starts one and prints
//! it). Each PostgreSQL store is a fresh schema of that database, so tests
//! running at once never see each other's rows. Without a server the tests
//! say once that they skipped PostgreSQL and why; with
//! `PARALLAX_REQUIRE_POSTGRES=1` (CI) a missing server fails them.

use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::Once;

use crate::{PgStore, Result};

/// The server's URL from the environment, if any (see the module).
///
/// # Panics
/// When `PARALLAX_REQUIRE_POSTGRES=1` and no URL is set.
pub fn postgres_server() -> Option<String> {
    static SAID: Once = Once::new();
    match std::env::var("PARALLAX_TEST_POSTGRES") {
        Ok(url) if !url.is_empty() => Some(url),
        _ => {
            assert!(
                std::env::var("PARALLAX_REQUIRE_POSTGRES").as_deref() != Ok("1"),
                "PARALLAX_REQUIRE_POSTGRES=1 but PARALLAX_TEST_POSTGRES is not set: start a server with scripts/dev-postgres.sh"
            );
            // Written to the standard error handle itself: the test harness
            // captures `eprintln!` of a passing test, which would hide the
            // skip behind a plain "ok".
            SAID.call_once(|| {
                use std::io::Write;
                let _ = writeln!(
                    std::io::stderr(),
                    "\nSKIPPED: the PostgreSQL half of the store tests (PARALLAX_TEST_POSTGRES is not set; `eval \"$(bash scripts/dev-postgres.sh)\"` starts a server)"
                );
            });
            None
        }
    }
}

/// A URL for a new, empty schema of the test server, or None without one.
/// The schema is named after the process and a counter, so no two tests
/// share one.
///
/// # Panics
/// When the server cannot be reached or the schema made: a test that was
/// given a server must not pass without it.
pub fn fresh_postgres() -> Option<String> {
    static N: AtomicU32 = AtomicU32::new(0);
    let base = postgres_server()?;
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.subsec_nanos())
        .unwrap_or(0);
    let schema = format!(
        "t{}_{}_{nanos}",
        std::process::id(),
        N.fetch_add(1, Ordering::Relaxed)
    );
    let mut client = postgres::Client::connect(&base, postgres::NoTls)
        .unwrap_or_else(|e| panic!("test server {base}: {e}"));
    client
        .batch_execute(&format!("CREATE SCHEMA {schema}"))
        .unwrap_or_else(|e| panic!("test server {base}: {e}"));
    let sep = if base.contains('?') { '&' } else { '?' };
    Some(format!("{base}{sep}options=-csearch_path%3D{schema}"))
}

/// A new PostgreSQL store in a fresh schema, or None without a server.
pub fn fresh_pg_store() -> Option<Result<PgStore>> {
    fresh_postgres().map(|url| PgStore::open(&url))
}
