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
