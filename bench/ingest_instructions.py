#!/usr/bin/env python3
"""The instructions a bulk ingest executes, counted by callgrind, and where
they go by stage.

A shared machine's timings of one core spread by 10% from run to run, more
than most single changes to the ingest are worth; the instructions it
executes move by at most a few tenths of a percent (the stages' threads
hand batches over at varying points). This script builds the same case
each time: `parallax bench corpus --articles 20000` (made from
giveme5w1h, in ../shared/data), a
store of its first 10,000 articles (ingested natively, not counted), then
counts `parallax ingest` of the next N (default 2,000) into a copy of that
store under `valgrind --tool=callgrind` (no sentence model). It prints the
total and the inclusive count of each stage's entry function, so that two
binaries can be compared:

    apt-get install valgrind               # Debian's package
    cargo build --release
    python3 bench/ingest_instructions.py [--bin target/release/parallax]
                                         [--articles 2000] [--work DIR]

The corpus and the 10k store are kept in --work (default
target/ingest-instructions) and reused when the binary's store schema
still opens them; pass a fresh --work after a schema change. Under
callgrind the run takes about 40 times as long as natively (80 s for
2,000 articles here).
"""

import argparse
import os
import re
import shutil
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)

# Entry functions of the stages, as callgrind names them (inclusive: nested
# parts count in their stage and in themselves).
STAGES = [
    ("analyze (entities, quotes, claims)", r"parallax_analyze::analyze( \[|$)"),
    ("  entity mentions", r"entities::find_mentions( \[|$)"),
    ("  claims", r"claims::find_claims_in( \[|$)"),
    ("  resolving names", r"entities::resolve( \[|$)"),
    ("event clusterer", r"Clusterer::add_features_in( \[|$)"),
    ("event features", r"features::features_with( \[|$)"),
    ("extraction", r"parallax_extract::extract( \[|$)"),
    ("full-text index", r"ArticleStore>::index_search( \[|$)"),
    ("packing (zstd)", r"parallax_store::pack_item( \[|$)"),
    ("copies", r"Deduper::check_prints_in( \[|$)"),
    ("quote clusters", r"QuoteClusterer::add_article( \[|$)"),
    ("stage rows read", r"RowSource>::rows( \[|$)"),
    ("stage rows written", r"ArticleStore>::put_rows( \[|$)"),
    ("findings written", r"ArticleStore>::put_facts( \[|$)"),
]


def run(cmd, **kw):
    return subprocess.run(cmd, check=True, **kw)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--bin", default=os.path.join(ROOT, "target/release/parallax"))
    ap.add_argument("--articles", type=int, default=2000)
    ap.add_argument("--work", default=os.path.join(ROOT, "target/ingest-instructions"))
    a = ap.parse_args()
    if shutil.which("valgrind") is None:
        sys.exit("valgrind is not installed (Debian: apt-get install valgrind)")
    if shutil.which("callgrind_annotate") is None:
        sys.exit("callgrind_annotate is not installed (it comes with valgrind)")
    os.makedirs(a.work, exist_ok=True)
    env = dict(os.environ, PARALLAX_MODEL="")
    corpus = os.path.join(a.work, "c20k.jsonl")
    first = os.path.join(a.work, "first10k.jsonl")
    rest = os.path.join(a.work, f"next{a.articles}.jsonl")
    store = os.path.join(a.work, "s10k.db")
    if not os.path.exists(corpus):
        run([a.bin, "bench", "corpus", "--articles", "20000", "--out", corpus], cwd=ROOT)
    with open(corpus, encoding="utf-8") as f:
        lines = f.readlines()
    if len(lines) < 10000 + a.articles:
        sys.exit(f"{corpus} holds {len(lines)} articles; remove it to make it again")
    for path, part in ((first, lines[:10000]), (rest, lines[10000 : 10000 + a.articles])):
        with open(path, "w", encoding="utf-8") as f:
            f.writelines(part)
    if not os.path.exists(store):
        run([a.bin, "--db", store, "-q", "ingest", first], env=env, stdout=subprocess.DEVNULL)
    copy = os.path.join(a.work, "counted.db")
    for suffix in ("", "-wal", "-shm"):
        if os.path.exists(copy + suffix):
            os.remove(copy + suffix)
    shutil.copyfile(store, copy)
    out = os.path.join(a.work, "callgrind.out")
    run(
        ["valgrind", "--tool=callgrind", f"--callgrind-out-file={out}",
         a.bin, "--db", copy, "-q", "ingest", rest],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    text = run(
        ["callgrind_annotate", "--inclusive=yes", out], capture_output=True, text=True
    ).stdout
    total = None
    counts = {}
    for line in text.splitlines():
        m = re.match(r"\s*([\d,]+) \([\s\d.]+%\)\s+(.*)", line)
        if not m:
            continue
        n = int(m.group(1).replace(",", ""))
        if "PROGRAM TOTALS" in m.group(2):
            total = n
        for name, pat in STAGES:
            # The largest entry of a name: callgrind lists a function
            # once by its file and once more where it was inlined.
            if re.search(pat, m.group(2)) and n > counts.get(name, 0):
                counts[name] = n
    if not total:
        sys.exit("callgrind_annotate printed no total")
    print(f"{a.articles} articles into a store of 10,000: {total / 1e9:.3f} G instructions "
          f"({total / a.articles / 1e6:.2f} M an article)")
    print(f"{'part (inclusive)':40} {'G instr.':>9} {'share':>7}")
    for name, _ in STAGES:
        n = counts.get(name)
        if n is None:
            print(f"{name:40} {'-':>9}")
        else:
            print(f"{name:40} {n / 1e9:9.3f} {100 * n / total:6.1f}%")
    print(f"callgrind's file: {out} (callgrind_annotate --inclusive=yes --tree=calling)")


if __name__ == "__main__":
    main()
