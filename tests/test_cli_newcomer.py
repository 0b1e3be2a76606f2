"""What a newcomer meets on the command line: flags after the command, ambiguous names, fast start, completion."""

from __future__ import annotations

import json
import os
import pty
import select
import shlex
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import click
import pytest

from mediagraph.cli import cli

TEST_DATA = Path(__file__).parent / "data"


def run(*args: str, cwd: Path | None = None, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ if env is None else env)
    # Another working folder must still import this checkout's mediagraph.
    env["PYTHONPATH"] = os.pathsep.join(str(Path(p).resolve()) for p in env.get("PYTHONPATH", "").split(os.pathsep) if p)
    return subprocess.run(
        [sys.executable, "-m", "mediagraph", *args], capture_output=True, text=True, timeout=120, cwd=cwd, env=env
    )


@pytest.fixture(scope="module")
def seeds_db(tmp_path_factory: pytest.TempPathFactory, seeds_dir: Path) -> Iterator[str]:
    """A catalog of the three seed pages, which name four works called Metropolis."""
    db = str(tmp_path_factory.mktemp("newcomer") / "seeds.sqlite")
    proc = run("--db", db, "ingest", *sorted(str(p) for p in seeds_dir.glob("0*.txt")))
    assert proc.returncode == 0, proc.stderr
    yield db


def _every_command(group: click.Group, path: tuple[str, ...] = ()) -> Iterator[tuple[tuple[str, ...], click.Command]]:
    for name, command in group.commands.items():
        yield (*path, name), command
        if isinstance(command, click.Group):
            yield from _every_command(command, (*path, name))


def test_json_and_db_are_taken_after_every_command() -> None:
    lacking = [
        " ".join(path)
        for path, command in _every_command(cli)
        if not {"--json", "--db"} <= {opt for p in command.params for opt in p.opts}
    ]
    assert lacking == []


def test_flags_after_the_command_work_as_before_it(seeds_db: str) -> None:
    before = run("--json", "--db", seeds_db, "reviews", "w3")
    after = run("reviews", "w3", "--json", "--db", seeds_db)
    assert before.returncode == after.returncode == 0, after.stderr
    assert json.loads(after.stdout) == json.loads(before.stdout)
    assert json.loads(after.stdout)["subject"]["title"] == "Metropolis"
    mixed = run("--db", seeds_db, "stats", "--json")
    assert json.loads(mixed.stdout)["entities"]["work"] >= 4


def test_an_ambiguous_query_lists_the_candidates_and_fails(seeds_db: str) -> None:
    proc = run("--db", seeds_db, "reviews", "metropolis")
    assert proc.returncode == 2
    lines = proc.stdout.strip().splitlines()
    assert len(lines) == 4
    assert any("film" in ln and "1927" in ln and "Fritz Lang" in ln for ln in lines)
    assert any("album" in ln and "2000" in ln and "Jeff Mills" in ln for ln in lines)
    assert proc.stderr.strip() == (
        "mediagraph: error: 'metropolis' matches 4 entities equally well: give one's id, narrow the query, or add --first"
    )
    for command in (["lineage"], ["show"]):
        other = run("--db", seeds_db, *command, "metropolis")
        assert other.returncode == 2 and "matches" in other.stderr, command
    why = run("--db", seeds_db, "why", "w3", "metropolis")
    assert why.returncode == 2 and "matches" in why.stderr


def test_an_ambiguous_query_in_json_is_the_list(seeds_db: str) -> None:
    proc = run("--db", seeds_db, "lineage", "metropolis", "--json")
    assert proc.returncode == 2
    answer = json.loads(proc.stdout)
    assert answer["error"] == "ambiguous" and answer["query"] == "metropolis"
    found = {(c["kind"], c["year"]) for c in answer["candidates"]}
    assert found == {("album", 2000), ("film", 2001), ("film", 1927), ("comic", None)}
    assert all(c["id"] and c["title"] == "Metropolis" and "creators" in c for c in answer["candidates"])


def test_an_id_a_clear_winner_or_first_goes_straight_through(seeds_db: str) -> None:
    listed = json.loads(run("--db", seeds_db, "--json", "lineage", "metropolis").stdout)["candidates"]
    rintaro = next(c["id"] for c in listed if c["year"] == 2001)
    by_id = run("--db", seeds_db, "--json", "reviews", rintaro)
    assert by_id.returncode == 0 and json.loads(by_id.stdout)["subject"]["year"] == 2001
    narrowed = run("--db", seeds_db, "--json", "reviews", "metropolis", "rintaro")
    assert narrowed.returncode == 0 and json.loads(narrowed.stdout)["subject"]["id"] == rintaro
    first = run("--db", seeds_db, "--json", "reviews", "metropolis", "--first")
    assert first.returncode == 0
    assert json.loads(first.stdout)["subject"]["id"] == listed[0]["id"]


def test_on_a_terminal_the_user_chooses(seeds_db: str) -> None:
    listed = json.loads(run("--db", seeds_db, "--json", "lineage", "metropolis").stdout)["candidates"]
    lang = next(n for n, c in enumerate(listed, 1) if c["year"] == 1927)
    pid, fd = pty.fork()
    if pid == 0:  # the child: mediagraph with the terminal as stdin and stdout
        os.execv(sys.executable, [sys.executable, "-m", "mediagraph", "--db", seeds_db, "lineage", "metropolis"])
    out = b""
    deadline = time.monotonic() + 60
    answered = False
    while time.monotonic() < deadline:
        ready, _, _ = select.select([fd], [], [], 1)
        if not ready:
            continue
        try:
            chunk = os.read(fd, 4096)
        except OSError:
            break
        if not chunk:
            break
        out += chunk
        if not answered and b"Which one" in out:
            os.write(fd, f"{lang}\n".encode())
            answered = True
    _, status = os.waitpid(pid, 0)
    text = out.decode(errors="replace")
    assert answered, text
    assert os.waitstatus_to_exitcode(status) == 0, text
    tree = text.split("Which one", 1)[1]
    assert tree.splitlines()[1].startswith("Metropolis (film; 1927; Fritz Lang)")


def _imported(*args: str) -> set[str]:
    """The modules a real run of the command imports (from Python's -X importtime report)."""
    proc = subprocess.run([sys.executable, "-X", "importtime", "-m", "mediagraph", *args], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr[-2000:]
    return {ln.rsplit("|", 1)[1].strip() for ln in proc.stderr.splitlines() if ln.startswith("import time:")}


@pytest.mark.parametrize("args", [["--version"], ["--help"], ["reviews", "--help"]])
def test_version_and_help_load_no_database_rich_or_extractors(args: list[str]) -> None:
    loaded = _imported(*args)
    assert "click" in loaded
    assert not {"sqlalchemy", "alembic", "rich", "mediagraph.extract", "mediagraph.store", "fastapi"} & loaded


def test_extract_does_not_import_the_database_stack(seeds_dir: Path) -> None:
    loaded = _imported("extract", str(next(iter(sorted(seeds_dir.glob("0*.txt"))))))
    assert "mediagraph.extract" in loaded
    assert not {"sqlalchemy", "alembic", "psycopg", "mediagraph.store", "tantivy", "fastapi"} & loaded


def test_a_relative_sqlite_url_is_named_in_full_when_created(tmp_path: Path) -> None:
    first = run("--db", "sqlite:///tmp/x.sqlite", "init", cwd=tmp_path)
    assert first.returncode == 0, first.stderr
    made = (tmp_path / "tmp" / "x.sqlite").resolve()
    assert made.exists()
    assert str(made) in first.stderr and "sqlite:////tmp/x.sqlite" in first.stderr
    again = run("--db", "sqlite:///tmp/x.sqlite", "init", cwd=tmp_path)
    assert again.returncode == 0 and again.stderr == ""
    absolute = run("--db", f"sqlite:///{tmp_path}/abs.sqlite", "init", cwd=tmp_path)
    assert absolute.returncode == 0 and absolute.stderr == ""


@pytest.mark.parametrize(("shell", "marker"), [("bash", "complete -o"), ("zsh", "#compdef mediagraph"), ("fish", "complete --no-files --command mediagraph")])
def test_shell_completion_scripts(shell: str, marker: str) -> None:
    proc = run(env={**os.environ, "_MEDIAGRAPH_COMPLETE": f"{shell}_source"})
    assert proc.returncode == 0 and marker in proc.stdout


def test_completion_completes_commands_and_options() -> None:
    env = {**os.environ, "_MEDIAGRAPH_COMPLETE": "bash_complete", "COMP_WORDS": "mediagraph rev", "COMP_CWORD": "1"}
    assert run(env=env).stdout.split() == ["plain,reviews"]
    env |= {"COMP_WORDS": "mediagraph lineage metropolis --f", "COMP_CWORD": "3"}
    assert set(run(env=env).stdout.split()) == {"plain,--format", "plain,--first"}
    from mediagraph.resolve.curate import CURATABLE

    env |= {"COMP_WORDS": "mediagraph link w5 ", "COMP_CWORD": "3"}
    assert run(env=env).stdout.split() == [f"plain,{p}" for p in sorted(CURATABLE)]


def _walkthrough() -> list[str]:
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Five minutes with mediagraph", 1)[1].split("\n## ", 1)[0]
    block = section.split("```sh\n", 1)[1].split("```", 1)[0]
    return [ln.split("  #", 1)[0].strip() for ln in block.splitlines() if ln.strip()]


def test_the_five_minute_walkthrough_runs_as_written(tmp_path: Path, seeds_dir: Path) -> None:
    steps = _walkthrough()
    assert steps[0].startswith("export MEDIAGRAPH_DB=$PWD/")
    env = {**os.environ, "MEDIAGRAPH_DB": str(tmp_path / steps[0].rsplit("/", 1)[1])}
    outputs = {}
    for step in steps[1:]:
        words = shlex.split(step)
        assert words[0] == ".venv/bin/mediagraph", step
        args = [str(p) for p in sorted(seeds_dir.glob("0*.txt"))] if words[2:] == ["../shared/seeds/0*.txt"] else words[2:]
        if words[1] == "serve":
            port = _free_port()
            server = subprocess.Popen([sys.executable, "-m", "mediagraph", "serve", "--port", str(port)], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            try:
                assert b"Metropolis" in _get(port, "/search?q=metropolis")
            finally:
                server.terminate()
                server.wait(timeout=20)
            continue
        proc = run(words[1], *args, env=env)
        outputs[" ".join(words[1:])] = proc
    assert "created" in outputs["ingest ../shared/seeds/0*.txt"].stdout
    assert outputs["search metropolis"].stdout.count("Metropolis") >= 4
    assert "Rintaro" in outputs["show metropolis kind:film year:2001"].stdout
    assert outputs["lineage metropolis --first"].stdout.startswith("Metropolis (film; 1927; Fritz Lang)")
    assert "Robin Syversen" in outputs["reviews metropolis rintaro"].stdout
    assert outputs["reviews metropolis"].returncode == 2
    assert all(p.returncode == 0 for k, p in outputs.items() if k != "reviews metropolis")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _get(port: int, path: str) -> bytes:
    import httpx

    deadline = time.monotonic() + 30
    while True:
        try:
            return httpx.get(f"http://127.0.0.1:{port}{path}", timeout=10).content
        except httpx.TransportError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)
