#!/usr/bin/env python3
"""How far splitting each ECB+ topic in two could go, given what no
clusterer is given: the topics themselves and that each holds exactly two
happenings.

For every topic of the labeled file, the documents are split into two
groups by average-linkage agglomeration over TF-IDF cosines (names alone,
or all words with names weighted twice, as in ecbplus_single_pass.py), and
the whole partition is scored with BCubed against the happenings. A
clusterer that must find the topics and the number of happenings itself
can only do worse, so if this stays under the goal (BCubed F1 0.92 with
precision 0.90), word and name overlap cannot reach it.

    python3 bench/ecbplus_oracle_split.py [../shared/data/ecbplus-dev/ecbplus-topics-1-22.jsonl]

Standard library only; a few seconds.
"""

import collections
import itertools
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import ecbplus_single_pass as sp  # noqa: E402


def split_in_two(idx, vecs):
    """Average-linkage agglomeration of `idx` down to two groups."""
    groups = [[i] for i in idx]

    def link(a, b):
        return sum(sp.cos(vecs[i], vecs[j]) for i in a for j in b) / (len(a) * len(b))

    while len(groups) > 2:
        _, x, y = max(
            (link(groups[x], groups[y]), x, y)
            for x, y in itertools.combinations(range(len(groups)), 2)
        )
        groups[x] += groups[y]
        del groups[y]
    return groups


def main():
    path = sys.argv[1] if len(sys.argv) > 1 else os.path.join(
        os.path.dirname(os.path.abspath(__file__)),
        "../../shared/data/ecbplus-dev/ecbplus-topics-1-22.jsonl",
    )
    with open(path) as f:
        docs = [json.loads(line) for line in f if line.strip()]
    gold = [d["label"] for d in docs]
    by_topic = collections.defaultdict(list)
    for i, d in enumerate(docs):
        by_topic[sp.topic(d["label"])].append(i)
    names = sp.tfidf(docs, "names")
    features = {
        "names": names,
        "all words, names twice": sp.combine(sp.tfidf(docs, "all"), names, 2.0),
    }
    print(f"{path}: {len(docs)} documents, {len(by_topic)} topics, {len(set(gold))} happenings")
    print(f"{'split by':<24} {'BCubed P':>9} {'R':>6} {'F1':>6}")
    p, r, f1 = sp.bcubed([sp.topic(g) for g in gold], gold)
    print(f"{'(topics, not split)':<24} {p:9.3f} {r:6.3f} {f1:6.3f}")
    for name, vecs in features.items():
        pred = [None] * len(docs)
        for t, idx in by_topic.items():
            for k, group in enumerate(split_in_two(idx, vecs)):
                for i in group:
                    pred[i] = f"{t}-{k}"
        p, r, f1 = sp.bcubed(pred, gold)
        print(f"{name:<24} {p:9.3f} {r:6.3f} {f1:6.3f}")


if __name__ == "__main__":
    main()
