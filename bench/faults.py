"""Faults, many times over: the Reliability table of docs/PERFORMANCE.md.

    python bench/faults.py --seeds 10 --process-runs 20

Runs ``tests/test_faults.py`` once per seed (each run strikes every fault at points drawn from
its seed, on SQLite and PostgreSQL: kill -9 in an import, an ingest and a curator's session, a
file cut short, a disk that fills up, two imports at once; each re-run must reach a clean run's
export byte for byte, so a passing run lost nothing), then strikes ``mediagraph import discogs
--workers 2`` on a generated dump with kill -9 and with Ctrl-C (SIGINT to its process group, as a
terminal sends it) at random moments, counting processes left behind and what Ctrl-C printed,
and runs the same command again to see it finish with a clean import's export; then runs
``tests/test_two_writers.py`` a few times. Prints markdown tables.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT / "tests"))
from import_speed import dump_of, machine  # noqa: E402

from catalog_checks import group_members  # noqa: E402
from test_faults import export  # noqa: E402


def pytest(test_file: str, env: dict[str, str]) -> tuple[int, list[str]]:
    """Run one test file; its exit status and the ids of the tests that failed."""
    done = subprocess.run([sys.executable, "-m", "pytest", "-q", "-rf", "-p", "no:cacheprovider", str(ROOT / "tests" / test_file)],
                          cwd=ROOT, env=env, capture_output=True, text=True)
    failed = [line.split()[1] for line in done.stdout.splitlines() if line.startswith("FAILED ")]
    if done.returncode != 0:
        print(done.stdout[-3000:], file=sys.stderr)
    return done.returncode, failed


def suite(seeds: int, report: Path) -> None:
    """``seeds`` runs of the suite, each fault's record appended to ``report`` as a JSON line, and
    each run's outcome after its faults (``{"seed": n, "failed": [test ids]}``)."""
    for seed in range(1, seeds + 1):
        env = {**os.environ, "MEDIAGRAPH_FAULT_SEED": str(seed), "MEDIAGRAPH_FAULT_REPORT": str(report)}
        code, ids = pytest("test_faults.py", env)
        with report.open("a", encoding="utf-8") as f:
            f.write(json.dumps({"seed": seed, "code": code, "failed": ids}) + "\n")
        print(f"seed {seed}: {'passed' if code == 0 else 'FAILED ' + ' '.join(ids)}", file=sys.stderr, flush=True)


def tabulate(report: Path, seed_log: Path | None = None) -> int:
    """Print the table of a suite's report (``seed_log``: the "seed N: …" lines of a run whose
    report holds no outcome lines); the number of runs that failed."""
    lines = [json.loads(line) for line in report.read_text().splitlines() if line.strip()]
    rows = [r for r in lines if "fault" in r]
    outcomes = {int(r["seed"]): list(r["failed"]) + ([] if r["code"] == 0 or r["failed"] else ["?"]) for r in lines if "fault" not in r and "seed" in r}
    if seed_log is not None:
        for line in seed_log.read_text().splitlines():
            if line.startswith("seed ") and ":" in line:
                n, _, rest = line[5:].partition(": ")
                outcomes[int(n)] = [] if rest.strip() == "passed" else (rest.split()[1:] or ["?"])
    rows = [r for r in rows if "seed" not in r or int(r["seed"]) in outcomes]  # a run stopped half-way counts for nothing
    failed_tests = Counter(t for ids in outcomes.values() for t in ids)
    failed = sum(1 for ids in outcomes.values() if ids)
    table: dict[tuple[str, str], list[dict[str, object]]] = defaultdict(list)
    for r in rows:
        table[(str(r["fault"]), str(r["backend"]))].append(r)
    print(f"\n{len(outcomes)} runs of tests/test_faults.py, {failed} failed (a failed run is a fault that lost something)\n")
    print("| fault | backend | times | struck after (records / pages / edits stored) | lost |")
    print("|---|---|---|---|---|")
    for (fault, backend), rs in sorted(table.items()):
        struck = sorted({f"{r['stored']}/{r['of']}" for r in rs if r.get("killed", True)}, key=lambda s: int(s.split("/")[0]))
        missed = sum(1 for r in rs if r.get("killed") is False)
        where = ", ".join(struck) + (f" ({missed} ended before the kill)" if missed else "")
        bad = sum(failed_tests[t] for t in {str(r.get("test", "")) for r in rs}) + failed_tests["?"]
        print(f"| {fault} | {backend} | {len(rs)} | {where} | {'nothing' if not bad else f'{bad} run(s) failed: see above'} |")
    return failed


def writers(runs: int) -> int:
    """How many of ``runs`` runs of tests/test_two_writers.py failed (it has no seed: the
    interleaving of the writers is what changes from run to run)."""
    bad = 0
    for i in range(runs):
        code, _ = pytest("test_two_writers.py", dict(os.environ))
        bad += int(code != 0)
        print(f"two writers, run {i + 1}: {'passed' if code == 0 else 'FAILED'}", file=sys.stderr)
    return bad


def _terminal_sigint() -> None:
    """Ctrl-C's default action, as a terminal's shell gives a command: a bench started in the
    background (``cmd &``) ignores SIGINT, and its children would inherit that and never stop."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})


def processes(runs: int, dump: Path, scratch: Path, only: str | None = None) -> dict[str, dict[str, int]]:
    """kill -9 and Ctrl-C of an import with two parser processes at random moments; each
    struck catalog is imported into again, and its export compared with a clean import's."""
    rng = random.Random(17)
    out: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    clean = scratch / "clean.sqlite"  # the same command, run to its end untouched
    subprocess.run([sys.executable, "-m", "mediagraph", "--db", str(clean), "import", "discogs", "--workers", "2", "--batch", "200", str(dump)],
                   check=True, capture_output=True)
    expected = export(f"sqlite:///{clean}")
    for i in range(runs):
        how = ("kill -9 of the importing process", "Ctrl-C (SIGINT to the process group)")[{"kill": 0, "ctrl-c": 1}.get(only or "", i % 2)]
        db = scratch / f"p{i}.sqlite"
        cmd = [sys.executable, "-m", "mediagraph", "--db", str(db), "import", "discogs", "--workers", "2", "--batch", "200", str(dump)]
        with open(scratch / "err", "w") as err:
            proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=err, start_new_session=True, preexec_fn=_terminal_sigint)
        time.sleep(0.2 + rng.random() * 6)
        if proc.poll() is None:
            if how.startswith("kill"):
                os.kill(proc.pid, signal.SIGKILL)
            else:
                os.killpg(proc.pid, signal.SIGINT)
        proc.wait(timeout=300)
        end = time.monotonic() + 15
        while group_members(proc.pid) and time.monotonic() < end:
            time.sleep(0.1)
        left = group_members(proc.pid)
        for pid, _ in left:
            os.kill(pid, signal.SIGKILL)
        text = (scratch / "err").read_text()
        row = out[how]
        row["tries"] += 1
        row["left behind"] += len(left)
        if how.startswith("Ctrl"):
            row["not one line"] += int(proc.returncode == 130 and len(text.splitlines()) != 1)
            row["tracebacks"] += int("Traceback" in text)
        row["stopped before the end"] += int(proc.returncode != 0)
        again = subprocess.run(cmd, capture_output=True, text=True)  # what the user does next: the same command
        row["re-run failed"] += int(again.returncode != 0)
        row["export differs"] += int(again.returncode == 0 and export(f"sqlite:///{db}") != expected)
        for suffix in ("", "-wal", "-shm"):
            Path(f"{db}{suffix}").unlink(missing_ok=True)
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seeds", type=int, default=10)
    ap.add_argument("--process-runs", type=int, default=20)
    ap.add_argument("--only", choices=["kill", "ctrl-c"], help="strike the import's processes this way only")
    ap.add_argument("--writer-runs", type=int, default=3)
    ap.add_argument("--releases", type=int, default=6_000, help="size of the dump the process faults strike")
    ap.add_argument("--out", type=Path, default=Path("/tmp/mediagraph-bench"))
    ap.add_argument("--report", type=Path, help="keep the suite's fault records here (JSON lines)")
    ap.add_argument("--tabulate", type=Path, metavar="REPORT", help="only print the table of a kept report")
    ap.add_argument("--seed-log", type=Path, help="with --tabulate: the 'seed N: …' lines of the run, when its report lacks them")
    args = ap.parse_args(argv)
    print(machine())
    if args.tabulate:
        return 1 if tabulate(args.tabulate, args.seed_log) else 0
    report = args.report or Path(tempfile.mkstemp(suffix=".jsonl")[1])
    failed = 0
    if args.seeds:
        suite(args.seeds, report)
        failed = tabulate(report)
    if not args.report:
        report.unlink()
    if args.process_runs:
        dump = dump_of(args.releases, args.out)
        with tempfile.TemporaryDirectory() as scratch:
            got = processes(args.process_runs, dump, Path(scratch), args.only)
        print(f"\n{args.process_runs} strikes at `mediagraph import discogs --workers 2` ({args.releases:,} releases), 0.2–6.2 s in\n")
        print("| fault | times | stopped before the end | processes left behind | Ctrl-C: not one line / tracebacks "
              "| re-run failed / export differs from a clean import |")
        print("|---|---|---|---|---|---|")
        for how, row in got.items():
            ctrl = f"{row['not one line']} / {row['tracebacks']}" if how.startswith("Ctrl") else "—"
            print(f"| {how} | {row['tries']} | {row['stopped before the end']} | {row['left behind']} | {ctrl} "
                  f"| {row['re-run failed']} / {row['export differs']} |")
    if args.writer_runs:
        bad = writers(args.writer_runs)
        print(f"\n{args.writer_runs} runs of tests/test_two_writers.py (SQLite: two loops of single-file ingests at once, then "
              f"ingests during an import in batches of 20; every page and the import's share checked): {bad} failed")
        failed += bad
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
