"""Start-up of the `mediagraph` command: median wall time of --version, --help and extract of one page.

Runs the installed console script (or ``python -m mediagraph`` when there is none) as a user
would, each case ``--runs`` times after one warm-up run, and prints the median wall time (the
target of issue 20: --version and --help 0.25 s, extract of one page 0.5 s) and the median CPU
time, which other work on a busy machine does not inflate.

    PYTHONPATH=src .venv/bin/python bench/cli_start.py [--runs 21]
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
import statistics
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent
SHARED = ROOT.parent.parent / "shared"
TEXT_PAGE = SHARED / "seeds" / "002_b12b99ef11b7f39d.txt"
HTML_PAGE = ROOT / "realpages" / "tune" / "pages" / "album_ha02.html"  # a median-sized real HTML page


def command() -> list[str]:
    script = Path(sys.executable).with_name("mediagraph")
    return [str(script)] if script.exists() else [sys.executable, "-m", "mediagraph"]


# As installed: Python keeps compiled bytecode beside the sources (a venv's PYTHONDONTWRITEBYTECODE
# would make every run compile mediagraph anew, which no user's install does).
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def medians(args: list[str], runs: int) -> tuple[float, float]:
    """Median wall time and median CPU time (user + system) of one run, in seconds."""
    subprocess.run(args, capture_output=True, check=True, env=ENV)  # bytecode and file cache warm
    walls, cpus = [], []
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        subprocess.run(args, capture_output=True, check=True, env=ENV)
        walls.append(time.perf_counter() - start)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return statistics.median(walls), statistics.median(cpus)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=21)
    runs = parser.parse_args().runs
    base = command()
    cases = [
        ("--version", [*base, "--version"], 0.25),
        ("--help", [*base, "--help"], 0.25),
        (f"extract {TEXT_PAGE.name}", [*base, "extract", str(TEXT_PAGE)], 0.5),
    ]
    if HTML_PAGE.exists():
        cases.append((f"extract {HTML_PAGE.name}", [*base, "extract", str(HTML_PAGE)], 0.5))
    floor, floor_cpu = medians([sys.executable, "-c", "pass"], runs)
    pure = os.environ.get("MEDIAGRAPH_PURE") == "1"
    print(f"{platform.processor() or platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, {date.today()}, "
          f"{'interpreted (MEDIAGRAPH_PURE=1)' if pure else 'as installed'}; median of {runs} runs")
    print(f"  {'':<44} {'wall':>7} {'CPU':>7}")
    print(f"  {'python -c pass':<44} {floor:6.3f}s {floor_cpu:6.3f}s  (the interpreter alone)")
    for name, args, target in cases:
        wall, cpu = medians(args, runs)
        verdict = "met" if wall <= target else "NOT met"
        print(f"  {'mediagraph ' + name:<44} {wall:6.3f}s {cpu:6.3f}s  target {target:.2f} s wall: {verdict}")


if __name__ == "__main__":
    main()
