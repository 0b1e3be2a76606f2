"""Extraction speed on one core over real pages: text pages/s and HTML pages/s, median of several runs.

Usage: python bench/extract_speed.py [--runs N] [--no-inhouse] [--profile text|html [--top N]]

Each page goes through ``mediagraph.extract.extract``, the function ``mediagraph extract``
calls, from its bytes (decoding included) in this one process pinned to one CPU.

- text pages: ``../shared/pages/pages/*.txt`` and ``bench/realpages/{tune,heldout}/pages/*.txt``
- HTML pages: ``bench/realpages/{tune,heldout}/pages/*.html`` and ``tests/data/realhtml/pages/*.html``

A run reads every page of a set once; the figure is the median run. The machine may be shared,
so the rate per CPU-second of this process (what one free core gives) is printed beside the
wall-clock rate; the first is the measure. Imports and first-use compilation are paid in a
warm-up on the in-house corpora ``bench/corpus/*``, which get their own line, marked as such:
pages written for the project, a regression check and never the measure. ``--profile`` runs
cProfile over one set instead and prints the functions with the most cumulative and own time.
"""

from __future__ import annotations

import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")  # a learned part must not borrow a second core

import argparse  # noqa: E402
import contextlib  # noqa: E402
import datetime as dt  # noqa: E402
import platform  # noqa: E402
import statistics  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
REAL = ROOT / "bench" / "realpages"


def text_pages() -> list[Path]:
    """The real text pages: the shared pages and the project's own, tuned-on and held-out."""
    return sorted((SHARED / "pages" / "pages").glob("*.txt")) + [p for part in ("tune", "heldout") for p in sorted((REAL / part / "pages").glob("*.txt"))]


def html_pages() -> list[Path]:
    """The real HTML pages: the project's own, tuned-on and held-out, and the test fixtures saved from live sites."""
    own = [p for part in ("tune", "heldout") for p in sorted((REAL / part / "pages").glob("*.html"))]
    return own + sorted((ROOT / "tests" / "data" / "realhtml" / "pages").glob("*.html"))


def inhouse_pages() -> tuple[list[Path], list[Path]]:
    """(text, HTML) pages of ``bench/corpus/*`` and ``../shared/seeds``, written for the project."""
    folders = sorted(p for p in (ROOT / "bench" / "corpus").iterdir() if p.is_dir())
    text = [p for f in folders for p in sorted(f.glob("*.txt"))] + sorted((SHARED / "seeds").glob("*.txt"))
    return text, [p for f in folders for p in sorted(f.glob("*.html"))]


def machine() -> str:
    """CPU model, cores, Python and load: what a figure depends on."""
    model = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    load = " ".join(f"{x:.2f}" for x in os.getloadavg()) if hasattr(os, "getloadavg") else "n/a"
    return f"{model}, {os.cpu_count()} cores, Python {platform.python_version()}, load {load}"


def pin_one_core() -> str:
    """Keep this process on the CPU it is on now; the description of what was done."""
    if not hasattr(os, "sched_setaffinity"):
        return "one process (no CPU pinning on this system)"
    cpu = sorted(os.sched_getaffinity(0))[0]
    os.sched_setaffinity(0, {cpu})
    return f"one process pinned to CPU {cpu}"


def one_run(pages: list[bytes]) -> tuple[float, float]:
    """(wall seconds, CPU seconds) to extract every page once."""
    from mediagraph.errors import MediagraphError
    from mediagraph.extract import extract

    w0, c0 = time.perf_counter(), time.process_time()
    for data in pages:
        with contextlib.suppress(MediagraphError):  # a page refused with one clear line still cost its time
            extract(data, uri="bench:page")
    return time.perf_counter() - w0, time.process_time() - c0


def measure(label: str, pages: list[bytes], runs: int) -> None:
    """Print the median rate of ``runs`` passes over ``pages``."""
    if not pages:
        print(f"{label}: no pages found")
        return
    timed = [one_run(pages) for _ in range(runs)]
    wall = statistics.median(w for w, _ in timed)
    cpu = statistics.median(c for _, c in timed)
    size = sum(len(p) for p in pages) / len(pages) / 1024
    print(f"{label}: {len(pages) / cpu:7.1f} pages/CPU-s  ({len(pages) / wall:7.1f} pages/s wall)"
          f"  {len(pages)} pages, mean {size:.0f} KiB, median of {runs} runs, {1000 * cpu / len(pages):.1f} ms/page")


def profile(pages: list[bytes], top: int) -> None:
    """cProfile over a few passes: where the time goes, by cumulative and by own time."""
    import cProfile
    import pstats

    prof = cProfile.Profile()
    prof.enable()
    for _ in range(3):
        one_run(pages)
    prof.disable()
    stats = pstats.Stats(prof)
    stats.sort_stats("cumulative").print_stats(top)
    stats.sort_stats("tottime").print_stats(top)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=5, help="passes over each set; the median is reported (default 5)")
    ap.add_argument("--no-inhouse", action="store_true", help="skip the in-house corpora line")
    ap.add_argument("--profile", choices=("text", "html"), help="profile one set instead of timing")
    ap.add_argument("--top", type=int, default=40, help="rows of the profile to print")
    args = ap.parse_args()

    text = [p.read_bytes() for p in text_pages()]
    html = [p.read_bytes() for p in html_pages()]
    in_text, in_html = ([p.read_bytes() for p in ps] for ps in inhouse_pages())
    how = pin_one_core()
    one_run(in_text + in_html)  # imports and first-use compilation are not throughput
    if args.profile:
        profile(text if args.profile == "text" else html, args.top)
        return

    from mediagraph import compiled

    print(f"extraction speed, {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC; {machine()}; {how}; compiled core: {compiled.summary()}")
    measure("real text pages (target 200/s)", text, args.runs)
    measure("real HTML pages (target 50/s) ", html, args.runs)
    if not args.no_inhouse:
        measure("in-house text (not the measure)", in_text, args.runs)
        measure("in-house HTML (not the measure)", in_html, args.runs)


if __name__ == "__main__":
    main()
