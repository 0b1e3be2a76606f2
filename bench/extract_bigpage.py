"""Time and peak memory of `extract` on 50 MB pages built from real pages, one fresh process each.

Usage: python bench/extract_bigpage.py

Cases: a text page (../shared/pages film_01, three capsule reviews) repeated to 50 MB; an HTML
page whose body (bench/realpages/tune release_ha11, MusicBrainz) is repeated to 50 MB, the worst
case (half a million DOM nodes); the Letterboxd page with one 36 MB inline image (what a
"save complete" page looks like); and 100,000 nested <div>s around a real page's text.
"""

from __future__ import annotations

import base64
import random
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "pages" / "pages"
TUNE = ROOT / "bench" / "realpages" / "tune" / "pages"
SIZE = 50_000_000


def _page(case: str) -> bytes:
    if case == "text":
        unit = (SHARED / "film_01.txt").read_bytes()
        return (unit * (SIZE // len(unit) + 1))[:SIZE]
    if case == "html":
        page = (TUNE / "release_ha11.html").read_bytes()
        start = page.index(b">", page.index(b"<body")) + 1
        end = page.rindex(b"</body>")
        inner = page[start:end]
        return page[:start] + inner * ((SIZE - len(page)) // len(inner)) + page[end:]
    if case == "html-image":
        page = (TUNE / "film_hb07.html").read_bytes()
        end = page.rindex(b"</body>")
        image = base64.b64encode(random.Random(14).randbytes(36 * 1024 * 1024))
        return page[:end] + b'<img alt="poster" src="data:image/png;base64,' + image + b'">' + page[end:]
    if case == "nested":
        text = (SHARED / "film_20.txt").read_text(encoding="utf-8")
        body = "".join(f"<p>{ln}</p>" for ln in text.splitlines() if ln.strip())
        return ("<html><body>" + "<div>" * 100_000 + body + "</div>" * 100_000 + "</body></html>").encode()
    raise SystemExit(f"unknown case {case}")


def _one(case: str) -> None:
    from mediagraph.extract import extract

    data = _page(case)
    start = time.perf_counter()
    rs = extract(data, uri=f"bench:{case}")
    took = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    titles = ", ".join(w.title for w in rs.works[:2])
    print(f"{case:11s} {len(data) / 1e6:5.1f} MB  {took:6.1f} s  peak {peak:6.0f} MB  works: {titles}  warnings: {len(rs.warnings)}")


def main() -> None:
    if len(sys.argv) == 3 and sys.argv[1] == "--one":
        _one(sys.argv[2])
        return
    for case in ("text", "html", "html-image", "nested"):
        subprocess.run([sys.executable, __file__, "--one", case], check=True)


if __name__ == "__main__":
    main()
