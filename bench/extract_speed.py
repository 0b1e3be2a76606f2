"""Extraction throughput on one core: text pages/s and HTML pages/s over the eval corpus and seeds."""

from __future__ import annotations

import time
from pathlib import Path

from mediagraph.extract import extract

ROOT = Path(__file__).parent
CORPORA = [ROOT / "corpus" / "extract", ROOT / "corpus" / "heldout"]
SEEDS = ROOT.parent.parent / "shared" / "seeds"


def _rate(pages: list[bytes], seconds: float = 3.0) -> float:
    done, start = 0, time.perf_counter()
    while time.perf_counter() - start < seconds:
        for p in pages:
            extract(p, uri="bench:page")
            done += 1
    return done / (time.perf_counter() - start)


def main() -> None:
    text = [p.read_bytes() for c in CORPORA for p in sorted(c.glob("*.txt"))] + [p.read_bytes() for p in sorted(SEEDS.glob("0*.txt"))]
    html = [p.read_bytes() for c in CORPORA for p in sorted(c.glob("*.html"))]
    for p in text[:2] + html[:2]:
        extract(p, uri="warm")  # imports and regex compilation are not throughput
    print(f"text: {_rate(text):8.1f} pages/s over {len(text)} pages (target 300)")
    print(f"html: {_rate(html):8.1f} pages/s over {len(html)} pages (target 50)")


if __name__ == "__main__":
    main()
