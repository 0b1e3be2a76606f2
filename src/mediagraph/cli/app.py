"""The command group, its global options and the commands' shared context.

Nothing here imports the database stack, rich or the extractors: `--version`, `--help` and
`extract` start without them, and a command loads what it uses when it runs.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from mediagraph import __version__

if TYPE_CHECKING:
    from rich.console import Console

    from mediagraph.store import Catalog

DB_ENV = "MEDIAGRAPH_DB"
DB_HELP = (
    "Catalog: a file path, sqlite:////ABSOLUTE/PATH or postgresql://HOST/DB (env MEDIAGRAPH_DB; "
    "default: catalog.sqlite in the user data folder)."
)
JSON_HELP = "Print machine-readable JSON instead of tables."


class Context:
    """What every command shares: the catalog (opened on first use), the output mode, the consoles."""

    def __init__(self, db: str | None, as_json: bool) -> None:
        self.db = db
        self.as_json = as_json
        self._catalog: Catalog | None = None
        self._console: Console | None = None
        self._err: Console | None = None

    @property
    def console(self) -> Console:
        if self._console is None:
            self._console = _console(stderr=False)
        return self._console

    @property
    def err(self) -> Console:
        if self._err is None:
            self._err = _console(stderr=True)
        return self._err

    @property
    def catalog(self) -> Catalog:
        if self._catalog is None:
            from mediagraph.store import Catalog

            raw = self.db or os.environ.get(DB_ENV)
            surprising = surprising_path(raw) if raw else None
            created = surprising is not None and not surprising.exists()
            self._catalog = Catalog(self.db)
            if created and raw:
                meant = "/" + raw[10:]
                self.err.print(
                    f"mediagraph: created the catalog at {surprising}, under this folder: {raw} names a "
                    f"relative path (for {meant} write sqlite:///{meant}, with four slashes)",
                    markup=False,
                )
        return self._catalog

    def close(self) -> None:
        if self._catalog is not None:
            self._catalog.close()

    def emit_json(self, data: Any) -> None:
        import orjson

        click.echo(orjson.dumps(data, option=orjson.OPT_INDENT_2 | orjson.OPT_NON_STR_KEYS, default=str).decode())


def _console(*, stderr: bool) -> Console:
    from rich.console import Console

    # Lines are never hard-wrapped: scripts grep the output and a terminal wraps by itself.
    return Console(stderr=stderr, highlight=False, soft_wrap=True)


def surprising_path(raw: str) -> Path | None:
    """The file a ``sqlite:///relative/path`` URL names, which lands under the working folder.

    ``sqlite:///tmp/x`` reads like ``/tmp/x`` but is ``./tmp/x``; a plain path or the
    four-slash form is what it says, so those give None.
    """
    if raw[:10].lower() != "sqlite:///":
        return None
    rest = raw[10:].split("?", 1)[0]
    if not rest or rest == ":memory:" or rest.startswith("/"):
        return None
    return Path(rest).resolve()


pass_ctx = click.make_pass_decorator(Context)


def _shared(ctx: click.Context) -> Context:
    # The group's callback ran before this command's options were parsed, so it is there.
    found = ctx.find_object(Context)
    assert found is not None, "a command ran without the mediagraph group"
    return found


def _late_db(ctx: click.Context, _param: click.Parameter, value: str | None) -> None:
    if value is not None and not ctx.resilient_parsing:
        _shared(ctx).db = value


def _late_json(ctx: click.Context, _param: click.Parameter, value: bool) -> None:
    if value and not ctx.resilient_parsing:
        _shared(ctx).as_json = True


def _late_options() -> list[click.Parameter]:
    """``--db`` and ``--json`` again on every command, so they work after its name as well."""
    return [
        click.Option(["--db"], metavar="URL", expose_value=False, callback=_late_db, help=DB_HELP.split(" (")[0] + " (also before the command)."),
        click.Option(["--json"], is_flag=True, expose_value=False, callback=_late_json, help=JSON_HELP),
    ]


class Command(click.Command):
    """A command that takes the global options after its name too (`mediagraph show w3 --json`)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.params += _late_options()


class Group(click.Group):
    """A group whose commands and subgroups are :class:`Command` and :class:`Group`."""

    command_class = Command

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if kwargs.get("name") != "mediagraph":
            self.params += _late_options()


Group.group_class = Group


@click.group(
    name="mediagraph",
    cls=Group,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
)
@click.option("--db", envvar=DB_ENV, metavar="URL", help=DB_HELP)
@click.option("--json", "as_json", is_flag=True, help=JSON_HELP + " Both options also go after the command.")
@click.version_option(__version__, prog_name="mediagraph")
@click.pass_context
def cli(ctx: click.Context, db: str | None, as_json: bool) -> None:
    """mediagraph: a linked catalog of films, comics and music, their lineage and reviews.

    Shell completion: see "Shell completion" in the README (bash, zsh and fish).
    """
    ctx.obj = Context(db=db, as_json=as_json)
    ctx.call_on_close(ctx.obj.close)


def _register() -> None:
    from mediagraph.cli import (  # noqa: F401 - commands register themselves
        catalog_cmds,
        curate_cmds,
        demo_cmds,
        import_cmds,
        resolve_cmds,
        review_cmds,
        search_cmds,
        web_cmds,
    )


_register()

__all__ = ["Command", "Context", "Group", "cli", "pass_ctx", "surprising_path"]
