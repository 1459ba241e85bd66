//! Runs extract over the seeds many times, for profilers:
//! `cargo run --release -p parallax-extract --example profile -- DIR N`
use parallax_extract::{extract, ExtractConfig};
use parallax_model::{ArticleId, Given, RawArticle, SourceFormat};

fn main() {
    let mut args = std::env::args().skip(1);
    let dir = args.next().unwrap_or_else(|| "../shared/seeds".into());
    let n: usize = args.next().and_then(|s| s.parse().ok()).unwrap_or(2000);
    let mut raws = Vec::new();
    for e in std::fs::read_dir(&dir).expect("dir").flatten() {
        let p = e.path();
        if p.extension().is_some_and(|x| x == "txt") {
            let text = std::fs::read_to_string(&p).expect("text");
            raws.push(RawArticle {
                id: ArticleId(String::new()),
                source: p.display().to_string(),
                format: SourceFormat::Text,
                bytes: text.clone().into_bytes(),
                text,
                encoding: None,
                given: Given::default(),
            });
        }
    }
    let t = std::time::Instant::now();
    let mut total = 0;
    for i in 0..n {
        total += extract(&raws[i % raws.len()], &ExtractConfig::default())
            .body
            .len();
    }
    let s = t.elapsed().as_secs_f64();
    println!("{n} extractions, {total} body bytes, {:.0}/s", n as f64 / s);
}
