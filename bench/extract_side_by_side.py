#!/usr/bin/env python3
"""parallax and Python trafilatura on the same pages, in the same run.

Usage: python3 bench/extract_side_by_side.py [BENCHMARK_DIR] [--parallax PATH] [--rounds N]

BENCHMARK_DIR defaults to ../shared/data/article-extraction-benchmark. The
script makes a virtual environment under bench/.venv, installs trafilatura
from PyPI into it (once), and re-runs itself there. It then scores
trafilatura (defaults, one process, one thread) with the benchmark's own
metric (the same definition `parallax eval extract` implements), runs
`parallax eval extract --json` on the same pages, and prints both rows with
the speed ratio. Pages per second count extraction only, not reading the
files, for both, after one untimed page each.

Last, whole processes are timed by the wall clock: `parallax eval extract`
from start to exit (reading, gunzip, extraction and scoring) against a
Python process that starts, reads, gunzips and extracts the same pages.

Timings on a shared machine drift from minute to minute, so the two
systems run in alternating rounds (three by default), each round timing
parallax and then trafilatura back to back; the table shows the round with
the median ratio, and every round's figures are printed under it.
"""

import gzip
import json
import os
import re
import subprocess
import sys
import time
import venv
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
VENV = HERE / ".venv"
# lxml_html_clean: justext (a trafilatura dependency) needs it with lxml >= 5.2.
PACKAGES = ["trafilatura==2.0.0", "lxml_html_clean"]


def in_venv() -> bool:
    return Path(sys.prefix).resolve() == VENV.resolve()


def ensure_venv() -> None:
    py = VENV / "bin" / "python"
    if not py.exists():
        print(f"making {VENV} and installing {PACKAGES} ...", file=sys.stderr)
        venv.EnvBuilder(with_pip=True).create(VENV)
        subprocess.run([str(py), "-m", "pip", "install", "-q", *PACKAGES], check=True)
    os.execv(str(py), [str(py), *sys.argv])


TOKEN = re.compile(r"\w+")


def shingles(text: str) -> Counter:
    toks = TOKEN.findall(text or "")
    n = 4
    return Counter(tuple(toks[i : i + n]) for i in range(max(1, len(toks) - n + 1)))


def page_counts(truth: str, predicted: str):
    t, p = shingles(truth), shingles(predicted)
    tp = sum(min(c, t[k]) for k, c in p.items())
    fp = sum(max(0, c - t[k]) for k, c in p.items())
    fn = sum(max(0, c - p[k]) for k, c in t.items())
    total = max(1, tp + fp + fn)
    return tp / total, fp / total, fn / total


def score(counts):
    ps, rs = [], []
    for tp, fp, fn in counts:
        if fp == 0 and fn == 0:
            ps.append(1.0)
            rs.append(1.0)
            continue
        if tp + fp > 0:
            ps.append(tp / (tp + fp))
        if tp + fn > 0:
            rs.append(tp / (tp + fn))
    p = sum(ps) / len(ps) if ps else 0.0
    r = sum(rs) / len(rs) if rs else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u00b4": "'", "`": "'",
                       "\u201c": '"', "\u201d": '"', "\u00ab": '"', "\u00bb": '"',
                       "\u00a0": " "})


def title_key(s) -> str:
    """A title as `parallax eval extract` compares it (case, spaces, curly
    quotes and dashes set aside)."""
    s = re.sub("[\u2010-\u2015]", "-", (s or "").translate(QUOTES))
    return " ".join(s.lower().split())


def run_trafilatura(bench: Path):
    import trafilatura

    truth = json.loads((bench / "ground-truth.json").read_text())
    counts, exact, secs = [], 0, 0.0
    titles = [0, 0]
    # One untimed page first, as parallax's eval does: whatever is built
    # on first use is not counted against either side.
    first = sorted(truth)[0]
    trafilatura.extract(
        gzip.decompress((bench / "html" / f"{first}.html.gz").read_bytes()).decode(
            "utf-8", errors="replace"
        )
    )
    for pid in sorted(truth):
        html = gzip.decompress((bench / "html" / f"{pid}.html.gz").read_bytes())
        html = html.decode("utf-8", errors="replace")
        t0 = time.perf_counter()
        got = trafilatura.extract(html) or ""
        secs += time.perf_counter() - t0
        body = truth[pid]["articleBody"]
        counts.append(page_counts(body, got))
        exact += TOKEN.findall(body) == TOKEN.findall(got)
        # Its title, untimed, where the labels give one (WCXB's do).
        want = truth[pid].get("title")
        if want and want.strip():
            meta = trafilatura.extract_metadata(html, default_url=truth[pid].get("url"))
            titles[0] += title_key(meta.title if meta else None) == title_key(want)
            titles[1] += 1
    p, r, f1 = score(counts)
    return {
        "system": f"trafilatura {trafilatura.__version__} (Python)",
        "f1": f1,
        "precision": p,
        "recall": r,
        "accuracy": exact / len(truth),
        "pages_per_sec": len(truth) / secs,
        "titles": {"accuracy": titles[0] / titles[1], "correct": titles[0], "labeled": titles[1]}
        if titles[1]
        else None,
    }


def run_parallax(bench: Path, exe: str):
    t0 = time.perf_counter()
    out = subprocess.run(
        [exe, "--db", ":memory:", "eval", "extract", str(bench), "--json"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    wall = time.perf_counter() - t0
    r = json.loads(out)
    r["system"] = "parallax (Rust)"
    r["process_secs"] = wall
    return r


# A whole Python process doing what `parallax eval extract` does to the
# pages (start, read, gunzip, extract), for the wall-clock comparison.
PYTHON_PROCESS = """
import gzip, json, sys
from pathlib import Path
import trafilatura
bench = Path(sys.argv[1])
for pid in sorted(json.loads((bench / "ground-truth.json").read_text())):
    html = gzip.decompress((bench / "html" / f"{pid}.html.gz").read_bytes())
    trafilatura.extract(html.decode("utf-8", errors="replace"))
"""


def python_process_secs(bench: Path) -> float:
    t0 = time.perf_counter()
    subprocess.run([sys.executable, "-c", PYTHON_PROCESS, str(bench)], check=True)
    return time.perf_counter() - t0


def main() -> None:
    args = [a for a in sys.argv[1:]]
    exe = str(ROOT / "target" / "release" / "parallax")
    if "--parallax" in args:
        i = args.index("--parallax")
        exe = args[i + 1]
        del args[i : i + 2]
    rounds_wanted = 3
    if "--rounds" in args:
        i = args.index("--rounds")
        rounds_wanted = int(args[i + 1])
        del args[i : i + 2]
    bench = Path(args[0]) if args else ROOT.parent / "shared" / "data" / "article-extraction-benchmark"
    if not in_venv():
        ensure_venv()
    if not Path(exe).exists():
        sys.exit(f"{exe}: not built; run `cargo build --release` first")
    rounds = []
    for _ in range(max(1, rounds_wanted)):
        p, t = run_parallax(bench, exe), run_trafilatura(bench)
        rounds.append((p["pages_per_sec"] / t["pages_per_sec"], p, t))
    rounds.sort(key=lambda r: r[0])
    ratio, *rows = rounds[len(rounds) // 2]
    print(f"{bench}: {len(json.loads((bench / 'ground-truth.json').read_text()))} pages, one thread each")
    print(f"{'system':34} {'F1':>6} {'precision':>9} {'recall':>7} {'accuracy':>8} {'pages/s':>8}")
    for r in rows:
        print(
            f"{r['system']:34} {r['f1']:6.3f} {r['precision']:9.3f} {r['recall']:7.3f}"
            f" {r['accuracy']:8.3f} {r['pages_per_sec']:8.1f}"
        )
    for r in rows:
        if r.get("titles"):
            t = r["titles"]
            print(f"{r['system']:34} titles as labeled {t['accuracy']:.3f} ({t['correct']} of {t['labeled']})")
    print(f"speed ratio parallax / trafilatura: {ratio:.1f}x (median of {len(rounds)} rounds)")
    for r, p, t in rounds:
        print(f"  round: parallax {p['pages_per_sec']:.0f} pages/s, trafilatura {t['pages_per_sec']:.1f} pages/s, ratio {r:.1f}x")
    # Whole processes, wall clock: `parallax eval extract` (start, read,
    # gunzip, extract, score) against a Python process that starts, reads,
    # gunzips and extracts the same pages with trafilatura.
    py = python_process_secs(bench)
    ours = min(p["process_secs"] for _, p, _ in rounds)
    print(
        f"whole process, wall clock: parallax eval extract {ours:.2f} s, "
        f"a Python process (read, gunzip, trafilatura) {py:.2f} s: {py / ours:.1f}x"
    )


if __name__ == "__main__":
    main()
