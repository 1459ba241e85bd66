#!/usr/bin/env python3
"""Writes a large WARC archive for checking that `parallax ingest` streams it.

Usage: python3 bench/big_warc.py OUT.warc [--gib 2] [--pages DIR]

Real pages (the article-extraction benchmark's, by default) as HTML
responses with status 200, between them 1 MiB non-HTML responses (as a crawl
holds images and PDFs), request records and 404s, until the file is --gib
GiB. Then:

    /usr/bin/time -v target/release/parallax --db big.db ingest OUT.warc

and read "Maximum resident set size": it should not grow with --gib.
"""

import gzip
import sys
from pathlib import Path


def record(kind: str, uri: str, ctype: str, block: bytes) -> bytes:
    head = (
        f"WARC/1.0\r\nWARC-Type: {kind}\r\nWARC-Target-URI: {uri}\r\n"
        f"WARC-Date: 2024-01-01T00:00:00Z\r\nContent-Type: {ctype}\r\n"
        f"Content-Length: {len(block)}\r\n\r\n"
    ).encode()
    return head + block + b"\r\n\r\n"


def response(uri: str, status: str, ctype: str, body: bytes) -> bytes:
    http = f"HTTP/1.1 {status}\r\nContent-Type: {ctype}\r\n\r\n".encode() + body
    return record("response", uri, "application/http; msgtype=response", http)


def main() -> None:
    args = sys.argv[1:]
    out = Path(args[0])
    gib = float(args[args.index("--gib") + 1]) if "--gib" in args else 2.0
    here = Path(__file__).resolve().parent
    pages_dir = (
        Path(args[args.index("--pages") + 1])
        if "--pages" in args
        else here.parent.parent / "shared" / "data" / "article-extraction-benchmark" / "html"
    )
    pages = [gzip.decompress(p.read_bytes()) for p in sorted(pages_dir.glob("*.html.gz"))]
    blob = bytes(range(256)) * 4096  # 1 MiB, not HTML
    limit = int(gib * (1 << 30))
    written = n = 0
    with out.open("wb") as f:
        while written < limit:
            for i, page in enumerate(pages):
                uri = f"https://site{i % 17}.example/{n}/{i}"
                chunk = (
                    record("request", uri, "application/http; msgtype=request", b"GET / HTTP/1.1\r\n\r\n")
                    + response(uri, "200 OK", "text/html; charset=utf-8", page)
                    + response(uri + ".jpg", "200 OK", "image/jpeg", blob)
                    + response(uri + "/gone", "404 Not Found", "text/html", b"<html>gone</html>")
                )
                f.write(chunk)
                written += len(chunk)
                if written >= limit:
                    break
            n += 1
    print(f"{out}: {written / (1 << 30):.2f} GiB")


if __name__ == "__main__":
    main()
