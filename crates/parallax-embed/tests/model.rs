//! The installed model (`scripts/setup-model.sh`). Without it these tests
//! say so and pass, unless `PARALLAX_REQUIRE_MODEL=1` (CI installs the
//! model and sets it), where a missing model fails.

// Tests panic on failure by design.
#![allow(clippy::unwrap_used)]

use parallax_embed::{cosine, locate, Embedder};

fn model() -> Option<Embedder> {
    match locate() {
        Some(dir) => Some(Embedder::load(&dir, 256).unwrap()),
        None => {
            assert!(
                std::env::var_os("PARALLAX_REQUIRE_MODEL").is_none(),
                "PARALLAX_REQUIRE_MODEL is set and no model was found; run scripts/setup-model.sh"
            );
            skipped("no sentence-embedding model installed (bash scripts/setup-model.sh)");
            None
        }
    }
}

/// Says on the stderr handle itself, which the harness does not capture
/// (it captures `eprintln!`), what a test left out: the skip shows in a
/// passing run.
fn skipped(what: &str) {
    use std::io::Write;
    let _ = writeln!(std::io::stderr(), "\nSKIPPED: {what}");
}

#[test]
fn reports_of_one_happening_are_closer_than_reports_of_another() {
    let Some(m) = model() else { return };
    let texts = [
        "A volcano erupted on the Reykjanes peninsula in Iceland, sending lava toward the town of Grindavik.",
        "Lava flowed toward Grindavik after an eruption began overnight near the Icelandic fishing town.",
        "The central bank raised its main interest rate by a quarter point to fight stubborn inflation.",
    ];
    let v = m.embed(&texts).unwrap();
    assert_eq!(v.len(), 3);
    for x in &v {
        assert_eq!(x.len(), m.dim());
        let n: f32 = x.iter().map(|a| a * a).sum::<f32>().sqrt();
        assert!((n - 1.0).abs() < 1e-4, "not unit length: {n}");
    }
    let same = cosine(&v[0], &v[1]);
    let other = cosine(&v[0], &v[2]);
    assert!(
        same > 0.5 && other < 0.3 && same > other + 0.3,
        "same event {same}, other {other}"
    );
}

#[test]
fn a_text_embeds_the_same_alone_and_in_a_batch_of_longer_ones() {
    // Padding to the batch's longest text must not change a vector.
    let Some(m) = model() else { return };
    let short = "Parliament passed the budget on Tuesday.";
    let long = "The opposition walked out before the vote, saying the budget cut hospital funding and raised taxes on small businesses while leaving defence spending untouched for a third year.";
    let alone = m.embed(&[short]).unwrap();
    let batch = m.embed(&[long, short, long]).unwrap();
    assert!(cosine(&alone[0], &batch[1]) > 0.9999);
    assert!(cosine(&batch[0], &batch[2]) > 0.9999);
    if m.form() != parallax_embed::Form::Candle {
        // ONNX Runtime runs one text at a time: the vector is the same to
        // the bit whatever arrives with it (the int8 graph's activation
        // scale is per run, so a batch would shift it).
        assert_eq!(alone[0], batch[1]);
        assert_eq!(batch[0], batch[2]);
    }
}

#[test]
fn a_missing_model_folder_is_a_clear_error() {
    let err = Embedder::load(std::path::Path::new("/nonexistent/model"), 128).unwrap_err();
    let msg = err.to_string();
    assert!(
        msg.contains("/nonexistent/model") && msg.contains("config.json"),
        "{msg}"
    );
}

#[test]
fn the_three_forms_give_the_same_vectors_within_their_bounds() {
    // int8 and exact run on ONNX Runtime, candle in Rust; the exact forms
    // agree to rounding, int8 within the bound docs/speed.md reports.
    let Some(m) = model() else { return };
    let dir = locate().unwrap();
    if std::env::var_os("PARALLAX_REQUIRE_MODEL").is_some() {
        // The setup installs ONNX Runtime and the graphs: the default is
        // the fast form, and a run that fell back to candle fails here.
        assert_eq!(m.form(), parallax_embed::Form::Int8, "{m:?}");
    }
    let texts = [
        "Rescue teams searched collapsed buildings through the night after a magnitude 6.4 earthquake struck the island, killing at least 12 people.",
        "The company said on Monday it would buy its rival for $4.2 billion in cash, its largest acquisition, pending approval by regulators in Brussels.",
        "\"We will not back down,\" the union's leader told reporters outside the ministry, as the strike entered its third week.",
        "Short.",
    ];
    let load = |form| parallax_embed::Embedder::load_form(&dir, 256, form);
    let candle = load(parallax_embed::Form::Candle).unwrap();
    let reference = candle.embed(&texts).unwrap();
    for (form, bound) in [
        (parallax_embed::Form::Exact, 0.9999),
        (parallax_embed::Form::Int8, 0.98),
    ] {
        let e = match load(form) {
            Ok(e) => e,
            Err(err) => {
                assert!(
                    std::env::var_os("PARALLAX_REQUIRE_MODEL").is_none(),
                    "{err}"
                );
                skipped(&format!("the {form:?} form is not installed ({err})"));
                continue;
            }
        };
        assert_eq!(e.form(), form);
        assert_eq!(e.dim(), candle.dim());
        // Stored vectors are reused only under the same name: the exact
        // forms share one, int8 has its own.
        assert_eq!(
            e.name() == candle.name(),
            form == parallax_embed::Form::Exact,
            "{} vs {}",
            e.name(),
            candle.name()
        );
        for (t, (v, r)) in texts
            .iter()
            .zip(e.embed(&texts).unwrap().iter().zip(&reference))
        {
            let c = cosine(v, r);
            assert!(c >= bound, "{form:?} cosine {c} on {t:?}");
        }
    }
}

#[test]
fn an_unknown_form_is_named_in_the_error() {
    // PARALLAX_EMBED is read by `load`; the parser's message is what a
    // user sees.
    let err = parallax_embed::Form::from_env_value("fast").unwrap_err();
    assert!(err.to_string().contains("int8, exact or candle"), "{err}");
}

#[test]
fn a_folder_without_the_graphs_names_the_missing_one_and_runs_on_candle() {
    // A model folder as another setup might leave it: weights and
    // tokenizer, no ONNX graphs, no ONNX Runtime beside it.
    let Some(_) = model() else { return };
    let dir = locate().unwrap();
    let tmp = tempfile::tempdir().unwrap();
    for f in ["config.json", "tokenizer.json", "model.safetensors"] {
        std::os::unix::fs::symlink(dir.join(f), tmp.path().join(f)).unwrap();
    }
    let err = parallax_embed::Embedder::load_form(tmp.path(), 256, parallax_embed::Form::Int8)
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("model.int8.onnx is missing") && err.contains("setup-model.sh"),
        "{err}"
    );
    if std::env::var_os("PARALLAX_EMBED").is_some()
        || std::env::var_os("PARALLAX_ORT_LIB").is_some()
    {
        skipped("the default form's fallback (PARALLAX_EMBED or PARALLAX_ORT_LIB is set)");
        return;
    }
    let m = Embedder::load(tmp.path(), 256).unwrap();
    assert_eq!(m.form(), parallax_embed::Form::Candle);
    assert_eq!(m.embed(&["A short text."]).unwrap()[0].len(), m.dim());
}
