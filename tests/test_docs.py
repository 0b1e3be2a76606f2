"""Documentation keeps up with the code: every CLI command is in the README's table."""

from __future__ import annotations

from pathlib import Path

import click

from mediagraph.cli import cli

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")


def _commands(group: click.Group, prefix: str = "") -> list[str]:
    out = []
    for name, cmd in group.commands.items():
        out.append(f"{prefix}{name}")
        if isinstance(cmd, click.Group):
            out += _commands(cmd, f"{prefix}{name} ")
    return out


def test_every_command_is_documented_in_the_readme() -> None:
    missing = [c for c in _commands(cli) if f"`{c.split()[0]}" not in README or c.split()[-1] not in README]
    assert missing == []


def test_the_readme_opens_with_the_two_commands() -> None:
    first_block = README.split("```", 2)[1]
    assert "make demo" in first_block and "make test" in first_block


DOCS = Path(__file__).resolve().parent.parent / "docs"


def test_the_readme_shows_a_work_page_and_the_lineage_picture() -> None:
    for name in ("screenshot-work.png", "screenshot-lineage.png"):
        assert f"](docs/{name})" in README
        assert (DOCS / name).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_shell_completion_is_documented_for_bash_zsh_and_fish() -> None:
    section = README.split("## Shell completion", 1)[1].split("\n## ", 1)[0]
    for shell in ("bash", "zsh", "fish"):
        assert f"_MEDIAGRAPH_COMPLETE={shell}_source mediagraph" in section


def test_the_readme_gives_the_absolute_sqlite_form_and_flags_after_the_command() -> None:
    assert "sqlite:////" in README and "`sqlite:///tmp/x`" in README
    assert "`mediagraph show w5 --json`" in README


def test_performance_opens_with_one_table_of_todays_figures() -> None:
    import re

    text = (DOCS / "PERFORMANCE.md").read_text(encoding="utf-8")
    head = text.split("\n## ", 1)[0]
    rows = [ln for ln in head.splitlines() if ln.startswith("|")]
    assert rows[0] == "| benchmark | command | today's figure | target | machine | date |"
    bench = DOCS.parent / "bench"
    for row in rows[2:]:
        cells = [c.strip() for c in row.strip("|").split(" | ")]
        assert len(cells) == 6, row
        assert re.match(r"\d{4}-\d{2}-\d{2}", cells[5]), row
        script = re.search(r"bench/(\w+\.py)", cells[1]) or re.search(r"`(\w+\.py)", cells[1])
        assert script and (bench / script.group(1)).exists(), row
    assert "performance-history.md" in head
    assert (DOCS / "performance-history.md").read_text(encoding="utf-8").count("\n### ") >= 8
