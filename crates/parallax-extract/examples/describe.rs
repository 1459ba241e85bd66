//! Prints what the extract stage makes of plain-text files:
//! `cargo run --release -p parallax-extract --example describe -- FILE...`
use parallax_extract::{extract, ExtractConfig};
use parallax_model::{ArticleId, Given, RawArticle, SourceFormat};

fn main() {
    for path in std::env::args().skip(1) {
        let bytes = std::fs::read(&path).expect("readable file");
        let text = String::from_utf8_lossy(&bytes).into_owned();
        let raw = RawArticle {
            id: ArticleId(String::new()),
            source: path.clone(),
            format: SourceFormat::Text,
            bytes,
            text,
            encoding: None,
            given: Given::default(),
        };
        let a = extract(&raw, &ExtractConfig::default());
        let mut v = serde_json::to_value(&a).expect("serialisable");
        v.as_object_mut().map(|o| o.remove("spans"));
        println!("{}", serde_json::to_string_pretty(&v).expect("json"));
    }
}
