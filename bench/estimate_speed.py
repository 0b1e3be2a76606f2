"""Whole reviews a second through the shipped estimator, on one core, with the default install.

    python bench/estimate_speed.py [--n 4000]

Reads the same number of reviews from each source in ../shared/reviews/whole/ (real whole
reviews, 1,500 characters on average across the four) and times ``Estimator.estimate_many``, the
call ingest makes. Needs nothing beyond the default dependencies. On a shared machine the CPU
figure is the one to read: wall time there includes other people's work.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import platform
import time
from pathlib import Path

from mediagraph.reviews import Estimator

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA = ROOT.parent / "shared" / "reviews" / "whole"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--n", type=int, default=4000)
    args = ap.parse_args(argv)
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # one core
    files = sorted(args.data.glob("*.jsonl.gz"))
    texts: list[str] = []
    for f in files:
        with gzip.open(f, "rt", encoding="utf-8") as fh:
            lines = fh.readlines()
        step = max(1, len(lines) // (args.n // len(files)))
        texts.extend(json.loads(x)["text"] for x in lines[::step][: args.n // len(files)])
    t0 = time.perf_counter()
    est = Estimator()
    load = time.perf_counter() - t0
    t0, c0 = time.perf_counter(), time.process_time()
    out = est.estimate_many(texts)
    dt, cpu = time.perf_counter() - t0, time.process_time() - c0
    chars = sum(map(len, texts)) / len(texts)
    print(
        f"model loaded in {load:.2f} s; {len(texts)} whole reviews (mean {chars:.0f} characters, "
        f"{sum(e is not None for e in out)} estimated) in {dt:.2f} s wall, {cpu:.2f} s CPU: "
        f"{len(texts) / dt:.0f} reviews/s wall, {len(texts) / cpu:.0f} a CPU-second, on one core ({platform.machine()}, Python {platform.python_version()}, {time.strftime('%Y-%m-%d')})"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
