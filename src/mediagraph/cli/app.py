"""The command group, its global options and the commands' shared context."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import click
import orjson
from rich.console import Console

from mediagraph import __version__
from mediagraph.store import Catalog


@dataclass
class Context:
    db: str | None
    as_json: bool
    # Lines are never hard-wrapped: scripts grep the output and a terminal wraps by itself.
    console: Console = field(default_factory=lambda: Console(highlight=False, soft_wrap=True))
    err: Console = field(default_factory=lambda: Console(stderr=True, highlight=False, soft_wrap=True))
    _catalog: Catalog | None = None

    @property
    def catalog(self) -> Catalog:
        if self._catalog is None:
            self._catalog = Catalog(self.db)
        return self._catalog

    def emit_json(self, data: Any) -> None:
        click.echo(orjson.dumps(data, option=orjson.OPT_INDENT_2 | orjson.OPT_NON_STR_KEYS, default=str).decode())


pass_ctx = click.make_pass_decorator(Context)


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.option(
    "--db",
    envvar="MEDIAGRAPH_DB",
    metavar="URL",
    help="Catalog: a file path, sqlite:///PATH or postgresql://HOST/DB (env MEDIAGRAPH_DB; "
    "default: catalog.sqlite in the user data folder).",
)
@click.option("--json", "as_json", is_flag=True, help="Print machine-readable JSON instead of tables.")
@click.version_option(__version__, prog_name="mediagraph")
@click.pass_context
def cli(ctx: click.Context, db: str | None, as_json: bool) -> None:
    """mediagraph: a linked catalog of films, comics and music, their lineage and reviews."""
    ctx.obj = Context(db=db, as_json=as_json)
    ctx.call_on_close(lambda: ctx.obj._catalog.close() if ctx.obj._catalog else None)


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

__all__ = ["Context", "cli", "pass_ctx"]
