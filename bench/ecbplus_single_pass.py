#!/usr/bin/env python3
"""How far a classic clusterer gets on ECB+'s same-kind happenings, given
every advantage: TF-IDF weights from the whole set (an online clusterer
sees only what came before) and a threshold picked on the set itself (the
best of a grid, scored against the labels). It is a ceiling for that kind of
method, not a system: `parallax eval cluster` is the system's figure.

For each feature set it prints

  - the within-topic pair AUC: over pairs of documents of one topic, how
    often a pair telling the same happening scores above a pair telling the
    topic's other happening (the two are what the clusterer must keep
    apart; pairs across topics are easy);
  - the best BCubed precision, recall and F1 of a single-pass clusterer in
    arrival order (file order), each document joining the most similar
    cluster at or above the threshold, else starting one; clusters compared
    by their centroid, or by their closest member ("single").

Feature sets: all words; capitalised words inside a sentence ("names");
figures; the other words; and words and names together, names weighted 1
or 2. Stopwords are dropped, weights are (1 + ln tf) * ln(N / df), vectors
unit length.

    python3 bench/ecbplus_single_pass.py [../shared/data/ecbplus-dev/ecbplus-topics-1-22.jsonl]

Standard library only; about two minutes on one core.
"""

import collections
import itertools
import json
import math
import re
import sys

STOP = set(
    """the a an of to in and or for on at by with from as is are was were be
    been has have had it its this that these those he she they his her their
    we our you i not but said says will would could should may might can also
    than then there here who whom which what when where why how after before
    over under into out up down about more most some any all no one two three
    new""".split()
)

TOKEN = re.compile(r"[A-Za-z][A-Za-z'\-]*|\d[\d,.]*|[.!?]")


def features(doc, kind):
    """Counts of the document's features of one kind."""
    out = collections.Counter()
    sentence_start = True
    for t in TOKEN.findall(doc["title"] + " . " + doc["text"]):
        if t in ".!?":
            sentence_start = True
            continue
        low = t.lower()
        name = t[0].isupper() and not sentence_start
        figure = t[0].isdigit()
        sentence_start = False
        if low in STOP:
            continue
        if (
            kind == "all"
            or (kind == "names" and name)
            or (kind == "figures" and figure)
            or (kind == "other words" and not name and not figure)
        ):
            out[low.rstrip(".,") if figure else low] += 1
    return out


def tfidf(docs, kind):
    counts = [features(d, kind) for d in docs]
    df = collections.Counter()
    for c in counts:
        df.update(c.keys())
    n = len(docs)
    out = []
    for c in counts:
        v = {k: (1 + math.log(x)) * math.log(n / df[k]) for k, x in c.items()}
        norm = math.sqrt(sum(x * x for x in v.values())) or 1.0
        out.append({k: x / norm for k, x in v.items()})
    return out


def combine(words, names, w):
    out = []
    for a, b in zip(words, names):
        d = {"w:" + k: x for k, x in a.items()}
        d.update({"n:" + k: w * x for k, x in b.items()})
        norm = math.sqrt(sum(x * x for x in d.values())) or 1.0
        out.append({k: x / norm for k, x in d.items()})
    return out


def cos(a, b):
    if len(a) > len(b):
        a, b = b, a
    return sum(x * b.get(k, 0.0) for k, x in a.items())


def topic(label):
    return label.split("-")[0]


def within_topic_auc(docs, vecs):
    pos, neg = [], []
    for i, j in itertools.combinations(range(len(docs)), 2):
        if topic(docs[i]["label"]) != topic(docs[j]["label"]):
            continue
        s = cos(vecs[i], vecs[j])
        (pos if docs[i]["label"] == docs[j]["label"] else neg).append(s)
    # Mann-Whitney with tied scores given their average rank (a tie counts
    # half): many pairs share no figure at all and score 0 alike.
    ranked = sorted([(s, 1) for s in pos] + [(s, 0) for s in neg])
    rank_sum, k = 0.0, 0
    while k < len(ranked):
        end = k
        while end < len(ranked) and ranked[end][0] == ranked[k][0]:
            end += 1
        average = (k + 1 + end) / 2
        rank_sum += average * sum(is_pos for _, is_pos in ranked[k:end])
        k = end
    return (rank_sum - len(pos) * (len(pos) + 1) / 2) / (len(pos) * len(neg))


def bcubed(pred, gold):
    by_pred, by_gold = collections.defaultdict(set), collections.defaultdict(set)
    for i, (p, g) in enumerate(zip(pred, gold)):
        by_pred[p].add(i)
        by_gold[g].add(i)
    p = r = 0.0
    for i in range(len(pred)):
        c, g = by_pred[pred[i]], by_gold[gold[i]]
        both = len(c & g)
        p += both / len(c)
        r += both / len(g)
    p, r = p / len(pred), r / len(pred)
    return p, r, 2 * p * r / (p + r)


def single_pass(vecs, threshold, link):
    centroids, members, pred = [], [], []
    for i, v in enumerate(vecs):
        best, best_sim = -1, 0.0
        for c, centroid in enumerate(centroids):
            if link == "centroid":
                s = cos(v, centroid)
            else:
                s = max(cos(v, vecs[j]) for j in members[c])
            if s > best_sim:
                best, best_sim = c, s
        if best >= 0 and best_sim >= threshold:
            members[best].append(i)
            pred.append(best)
            total = collections.defaultdict(float)
            for j in members[best]:
                for k, x in vecs[j].items():
                    total[k] += x
            norm = math.sqrt(sum(x * x for x in total.values()))
            centroids[best] = {k: x / norm for k, x in total.items()}
        else:
            centroids.append(dict(v))
            members.append([i])
            pred.append(len(centroids) - 1)
    return pred


def main():
    path = sys.argv[1] if len(sys.argv) > 1 else "../shared/data/ecbplus-dev/ecbplus-topics-1-22.jsonl"
    with open(path) as f:
        docs = [json.loads(line) for line in f if line.strip()]
    gold = [d["label"] for d in docs]
    words = tfidf(docs, "other words")
    names = tfidf(docs, "names")
    sets = {
        "all words": tfidf(docs, "all"),
        "names": names,
        "figures": tfidf(docs, "figures"),
        "other words": words,
        "words + names": combine(words, names, 1.0),
        "words + 2 x names": combine(words, names, 2.0),
    }
    grid = [x / 100 for x in range(6, 70, 2)]
    print(f"{len(docs)} documents, {len(set(gold))} happenings")
    print("| features | within-topic pair AUC | link | best threshold | BCubed P | BCubed R | BCubed F1 |")
    print("|---|---|---|---|---|---|---|")
    for name, vecs in sets.items():
        auc = within_topic_auc(docs, vecs)
        links = ["centroid", "single"] if name != "figures" else []
        if not links:
            print(f"| {name} | {auc:.3f} | | | | | |")
        for link in links:
            (p, r, f), th = max(
                ((bcubed(single_pass(vecs, th, link), gold), th) for th in grid),
                key=lambda t: t[0][2],
            )
            print(f"| {name} | {auc:.3f} | {link} | {th:.2f} | {p:.3f} | {r:.3f} | {f:.3f} |")


if __name__ == "__main__":
    main()
