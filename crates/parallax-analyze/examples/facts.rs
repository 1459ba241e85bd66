//! Prints the entities, quotes and claims of plain-text files (one article
//! each, analysed as they are, without extraction).
//!
//! `cargo run --release -p parallax-analyze --example facts -- FILE...`

fn main() {
    for path in std::env::args().skip(1) {
        let text = match std::fs::read_to_string(&path) {
            Ok(t) => t,
            Err(e) => {
                eprintln!("{path}: {e}");
                continue;
            }
        };
        let facts = parallax_analyze::analyze_text(&text, None);
        println!("== {path}");
        for e in &facts.entities {
            println!(
                "entity {:?} {} role={:?} country={:?} aliases={:?}",
                e.kind, e.name, e.role, e.country, e.aliases
            );
        }
        for q in &facts.quotes {
            println!(
                "quote [{}] {:?} <- {:?} (as {:?}, cue {:?})",
                q.kind.as_str(),
                q.text.chars().take(70).collect::<String>(),
                q.speaker,
                q.speaker_as_written,
                q.cue
            );
        }
        for c in &facts.claims {
            println!(
                "claim {:?} {:?} = {} {:?} hedge={:?} measures={:?} period={:?}",
                c.kind, c.text, c.value, c.unit, c.hedge, c.measures, c.period
            );
        }
    }
}
