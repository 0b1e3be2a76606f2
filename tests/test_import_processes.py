"""An import's processes end with it, whatever ends it; Ctrl-C prints one line; PostgreSQL resumes by index."""

from __future__ import annotations

import os
import select
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from catalog_checks import group_members, renumbered_releases
from mediagraph.dumps.lifeline import interrupts_held
from mediagraph.resolve.importer import import_dump
from mediagraph.store import Catalog

RELEASES = "discogs_20200806_releases.xml.gz"


@pytest.fixture(scope="module")
def big_dump(tmp_path_factory: pytest.TempPathFactory, dumps_dir: Path) -> Path:
    """4,000 releases: seconds of import with parser processes, to be stopped half-way."""
    return renumbered_releases(dumps_dir / "discogs" / RELEASES, tmp_path_factory.mktemp("dump") / "discogs_big_releases.xml.gz", 4000)


def start_import(dump: Path, db: Path) -> subprocess.Popen[str]:
    """``mediagraph import discogs`` with two parser processes, in a process group of its own
    (as a terminal runs a command: Ctrl-C reaches the whole group). Its output goes to files
    beside the catalog (``.out``, ``.err``): a process left behind would hold a pipe open."""
    cmd = [sys.executable, "-m", "mediagraph", "--db", str(db), "import", "discogs", "--workers", "2", "--batch", "100", str(dump)]
    with db.with_suffix(".out").open("w") as out, db.with_suffix(".err").open("w") as err:
        # (Ctrl-C's default action, as a shell gives a command, whatever this test process has done with it)
        return subprocess.Popen(cmd, stdout=out, stderr=err, text=True, start_new_session=True,
                                preexec_fn=_terminal_sigint)


def _terminal_sigint() -> None:
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})


def wait_for_parsers(proc: subprocess.Popen[str], *, timeout: float = 60) -> None:
    """Until the import has its fork server and two parsers (four processes in its group)."""
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if len(group_members(proc.pid)) >= 4 or proc.poll() is not None:
            break
        time.sleep(0.02)
    assert proc.poll() is None, "the import ended before its parsers were seen"


def gone(pgid: int, *, timeout: float = 15) -> list[tuple[int, str]]:
    """The processes of the group still alive after ``timeout`` seconds (none, hopefully)."""
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        left = group_members(pgid)
        if not left:
            return []
        time.sleep(0.1)
    left = group_members(pgid)
    for pid, _ in left:  # never leave them to the next test
        os.kill(pid, signal.SIGKILL)
    return left


@pytest.mark.parametrize("how", [signal.SIGKILL, signal.SIGTERM])
def test_the_parsers_end_with_the_import_whatever_kills_it(big_dump: Path, tmp_path: Path, how: signal.Signals) -> None:
    proc = start_import(big_dump, tmp_path / "c.sqlite")
    wait_for_parsers(proc)
    os.kill(proc.pid, how)  # the importing process alone, as `kill -9 PID` does
    proc.wait(timeout=30)
    assert gone(proc.pid) == []


@pytest.mark.parametrize("after", ["parsers-starting", "importing"])
def test_ctrl_c_prints_one_line_and_leaves_no_process(big_dump: Path, tmp_path: Path, after: str) -> None:
    db = tmp_path / "c.sqlite"
    proc = start_import(big_dump, db)
    if after == "parsers-starting":
        end = time.monotonic() + 60
        while len(group_members(proc.pid)) < 2 and time.monotonic() < end:  # the fork server is up
            time.sleep(0.005)
    else:
        wait_for_parsers(proc)
        time.sleep(1.0)
    os.killpg(proc.pid, signal.SIGINT)  # what Ctrl-C in a terminal does
    proc.wait(timeout=60)
    assert gone(proc.pid) == []
    err = db.with_suffix(".err").read_text()
    assert proc.returncode == 130, err
    assert "Traceback" not in err and "KeyboardInterrupt" not in err
    assert len(err.splitlines()) == 1 and "interrupted" in err, err  # not even a blank line before it


def test_ctrl_c_waits_for_a_held_block_to_end_whichever_thread_the_kernel_gives_it_to() -> None:
    """Why Ctrl-C while the parsers start failed now and then: the importing process blocked
    SIGINT in its main thread while it started a parser, but its dump-reading thread was running,
    so the kernel gave the signal to that thread, and Python ran the handler in the main thread
    all the same, half-way through the start. Here the signal surely goes to the other thread
    (the main thread blocks it), and the wakeup fd says when its C handler has run."""

    def interrupted(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    idle = threading.Event()
    other = threading.Thread(target=idle.wait, daemon=True)
    other.start()
    r, w = os.pipe()
    os.set_blocking(w, False)
    handler = signal.signal(signal.SIGINT, interrupted)
    wakeup = signal.set_wakeup_fd(w)
    ended = False
    try:
        with pytest.raises(KeyboardInterrupt), interrupts_held():
            os.kill(os.getpid(), signal.SIGINT)
            assert select.select([r], [], [], 10)[0], "the signal never came"
            for _ in range(1000):  # bytecodes, where Python runs a handler that is due
                pass
            ended = True
    finally:
        signal.set_wakeup_fd(wakeup)
        signal.signal(signal.SIGINT, handler)
        idle.set()
        other.join()
        os.close(r)
        os.close(w)
    assert ended  # Ctrl-C came after the block, not inside it


class Interrupted(KeyboardInterrupt):
    pass


def test_a_resumed_postgresql_import_plans_with_what_the_first_batches_wrote(pg_url: str, dumps_dir: Path) -> None:
    """Resuming took 3× a fresh import's time: with statistics from before the first batches, the
    planner took the statements table for empty and answered each batch's key lookup by reading
    every statement of the source (0.34 s a lookup at 10,000 releases)."""
    calls = 0

    def stop(records: int, read: int | None, total: int | None) -> None:
        nonlocal calls
        calls += 1
        if calls == 6:
            raise Interrupted

    def planned_rows(cat: Catalog) -> float:
        with cat.engine.connect() as conn:
            return float(conn.exec_driver_sql("SELECT reltuples FROM pg_class WHERE oid = 'statements'::regclass").scalar_one())

    seen: list[tuple[float, int]] = []
    dump = dumps_dir / "discogs" / RELEASES
    with Catalog(pg_url) as cat:
        with pytest.raises(Interrupted):
            import_dump(cat, dump, expect="discogs", batch=100, progress=stop)
        with cat.engine.connect() as conn:
            stored = int(conn.exec_driver_sql("SELECT count(*) FROM statements").scalar_one())

        def look(records: int, read: int | None, total: int | None) -> None:
            if not seen:  # after the first resumed batch: what the planner believes of the table
                seen.append((planned_rows(cat), stored))

        summary = import_dump(cat, dump, expect="discogs", batch=100, progress=look)
    assert summary.finished and summary.resumed_from == 600
    believed, actual = seen[0]
    assert believed >= actual > 1000, seen
