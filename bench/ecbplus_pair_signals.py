#!/usr/bin/env python3
"""Whether combining the overlap signals would separate ECB+'s same-kind
happenings where each alone does not.

ECB+ puts two happenings of one kind in each topic (two earthquakes on
one island, two offers to one player). For every pair of documents of one
topic, this computes several TF-IDF cosines (all words, names, figures,
the lead, the title, names of the lead) and a "name conflict" (the share
of each document's three weightiest names missing from the other). It
prints each signal's within-topic pair AUC (how often a pair telling one
happening scores above a pair telling the topic's two), then the AUC of a
logistic regression over all of them, trained on the other topics and
scored on each topic in turn (leave one topic out), so no topic is scored
by a model that saw it.

    python3 bench/ecbplus_pair_signals.py [../shared/data/ecbplus-dev/ecbplus-topics-1-22.jsonl]
        [--embeddings EMB.jsonl --articles ART.jsonl]

With `--embeddings` it adds the cosine of parallax's sentence embeddings
as one more signal: EMB.jsonl from `parallax export --what embeddings`
and ART.jsonl from `parallax export --what articles` of a store that
ingested the same file (the articles' `source` gives each id's line):

    parallax --db ecb.db ingest ../shared/data/ecbplus-dev/ecbplus-topics-1-22.jsonl
    parallax --db ecb.db export --what embeddings > emb.jsonl
    parallax --db ecb.db export --what articles > art.jsonl

Needs numpy and scikit-learn (`pip install scikit-learn`); the features
come from ecbplus_single_pass.py beside it. Under a minute on one core.
"""

import argparse
import itertools
import json
import os
import re
import sys

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import ecbplus_single_pass as sp  # noqa: E402


def lead(doc, sentences):
    parts = re.split(r"(?<=[.!?])\s+", doc["text"])
    return {"title": "", "text": " ".join(parts[:sentences]), "label": doc["label"]}


def title(doc):
    return {"title": doc["title"], "text": "", "label": doc["label"]}


def top_names(vec, k=3):
    return set(sorted(vec, key=lambda n: -vec[n])[:k])


def embeddings(docs, emb_path, art_path):
    """Unit embedding of each document, by its line in the labeled file."""
    line_of = {}
    with open(art_path) as f:
        for line in f:
            a = json.loads(line)
            line_of[a["id"]] = int(a["source"].rsplit(":", 1)[1]) - 1
    out = [None] * len(docs)
    with open(emb_path) as f:
        for line in f:
            e = json.loads(line)
            v = np.array(e["vector"], dtype=float)
            out[line_of[e["id"]]] = v / np.linalg.norm(v)
    missing = sum(v is None for v in out)
    if missing:
        sys.exit(f"error: {missing} documents have no embedding in {emb_path}")
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("path", nargs="?", default="../shared/data/ecbplus-dev/ecbplus-topics-1-22.jsonl")
    ap.add_argument("--embeddings", help="parallax export --what embeddings of the same file")
    ap.add_argument("--articles", help="parallax export --what articles of the same store")
    args = ap.parse_args()
    if bool(args.embeddings) != bool(args.articles):
        ap.error("--embeddings and --articles go together")
    with open(args.path) as f:
        docs = [json.loads(line) for line in f if line.strip()]
    emb = embeddings(docs, args.embeddings, args.articles) if args.embeddings else None
    signals = {
        "all words": sp.tfidf(docs, "all"),
        "names": sp.tfidf(docs, "names"),
        "figures": sp.tfidf(docs, "figures"),
        "lead (2 sentences)": sp.tfidf([lead(d, 2) for d in docs], "all"),
        "title": sp.tfidf([title(d) for d in docs], "all"),
        "names of the lead (3 sentences)": sp.tfidf([lead(d, 3) for d in docs], "names"),
    }
    names = signals["names"]
    rows, same, topics = [], [], []
    for i, j in itertools.combinations(range(len(docs)), 2):
        t = sp.topic(docs[i]["label"])
        if t != sp.topic(docs[j]["label"]):
            continue
        row = [sp.cos(v[i], v[j]) for v in signals.values()]
        a, b = top_names(names[i]), top_names(names[j])
        conflict = len(a - set(names[j])) / max(1, len(a)) + len(b - set(names[i])) / max(1, len(b))
        row.append(-conflict)
        if emb is not None:
            row.append(float(emb[i] @ emb[j]))
        rows.append(row)
        same.append(docs[i]["label"] == docs[j]["label"])
        topics.append(t)
    x, y, g = np.array(rows), np.array(same), np.array(topics)
    print(f"{len(docs)} documents, {len(y)} within-topic pairs ({int(y.sum())} of one happening)")
    print("| signal | within-topic pair AUC |")
    print("|---|---|")
    extra = ["name conflict (fewer is better)"] + (["sentence embeddings"] if emb is not None else [])
    for k, name in enumerate(list(signals) + extra):
        print(f"| {name} | {roc_auc_score(y, x[:, k]):.3f} |")
    scores = np.zeros(len(y))
    for t in sorted(set(topics)):
        held = g == t
        model = LogisticRegression(max_iter=1000).fit(x[~held], y[~held])
        scores[held] = model.decision_function(x[held])
    print(f"| all of them, logistic regression, leave one topic out | {roc_auc_score(y, scores):.3f} |")


if __name__ == "__main__":
    main()
