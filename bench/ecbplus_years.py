#!/usr/bin/env python3
"""Whether the years and dates a report names would keep ECB+'s same-kind
happenings apart where its words do not.

ECB+ has no publication dates, and its two happenings of a topic are often
years apart (two elections in one country, two earthquakes on one island),
so the years and the month-day dates named inside the text are the "when"
a clusterer could use instead. For the pairs of documents of one topic this
prints how often both name a year (and a month-day date) and how often they
share one, for pairs telling one happening and pairs telling the topic's
two; then the within-topic pair AUC of the all-words TF-IDF cosine alone
and scaled by a year factor: times `damp` when both name years and share
none, times `lift` when they share one.

    python3 bench/ecbplus_years.py [../shared/data/ecbplus-dev/ecbplus-topics-1-22.jsonl]

Standard library only (the TF-IDF and the AUC are ecbplus_single_pass.py's);
under a minute on one core.
"""

import bisect
import collections
import itertools
import json
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import ecbplus_single_pass as sp  # noqa: E402

MONTHS = (
    "jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec|january|february|"
    "march|april|june|july|august|september|october|november|december"
)
MONTH_DAY = re.compile(r"\b(" + MONTHS + r")\s*\.?\s*(\d{1,2})\b", re.I)
YEAR = re.compile(r"\b(19[5-9]\d|20[0-2]\d)\b")


def when(doc):
    text = (doc.get("title") or "") + " " + doc["text"]
    years = set(YEAR.findall(text))
    days = {(m.group(1)[:3].lower(), int(m.group(2))) for m in MONTH_DAY.finditer(text)}
    return years, days


def main():
    path = sys.argv[1] if len(sys.argv) > 1 else "../shared/data/ecbplus-dev/ecbplus-topics-1-22.jsonl"
    with open(path) as f:
        docs = [json.loads(line) for line in f if line.strip()]
    words = sp.tfidf(docs, "all")
    marks = [when(d) for d in docs]
    pairs = []
    counts = collections.Counter()
    for i, j in itertools.combinations(range(len(docs)), 2):
        if sp.topic(docs[i]["label"]) != sp.topic(docs[j]["label"]):
            continue
        same = docs[i]["label"] == docs[j]["label"]
        for k, name in enumerate(("years", "month-day dates")):
            a, b = marks[i][k], marks[j][k]
            state = "one lacks them" if not (a and b) else ("share one" if a & b else "share none")
            counts[(name, same, state)] += 1
        pairs.append((i, j, same))
    print(f"{len(docs)} documents, {len(pairs)} within-topic pairs")
    print("| marks | pairs | one lacks them | both, share none | both, share one |")
    print("|---|---|---|---|---|")
    for name in ("years", "month-day dates"):
        for same, label in ((True, "one happening"), (False, "the topic's two")):
            row = [counts[(name, same, s)] for s in ("one lacks them", "share none", "share one")]
            print(f"| {name} | {label} | {row[0]} | {row[1]} | {row[2]} |")

    print()
    print("| year factor (damp when none shared, lift when one is) | within-topic pair AUC |")
    print("|---|---|")
    for damp, lift in ((1.0, 1.0), (0.8, 1.0), (0.8, 1.2), (0.6, 1.0), (0.5, 1.0), (0.5, 1.5), (0.3, 1.0)):
        scores = {}
        for i, j, _ in pairs:
            a, b = marks[i][0], marks[j][0]
            factor = 1.0
            if a and b:
                factor = lift if a & b else damp
            scores[(i, j)] = sp.cos(words[i], words[j]) * factor
        auc = pair_auc(pairs, scores)
        print(f"| damp {damp}, lift {lift} | {auc:.3f} |")


def pair_auc(pairs, scores):
    """How often a pair of one happening scores above a pair of the topic's
    two; ties count half."""
    pos = sorted(scores[(i, j)] for i, j, same in pairs if same)
    neg = sorted(scores[(i, j)] for i, j, same in pairs if not same)
    total = 0.0
    for p in pos:
        lo = bisect.bisect_left(neg, p)
        hi = bisect.bisect_right(neg, p)
        total += lo + 0.5 * (hi - lo)
    return total / (len(pos) * len(neg))


if __name__ == "__main__":
    main()
