"""Web commands: ``serve`` the catalog over HTTP, and ``token create|list|revoke`` for API writes."""

from __future__ import annotations

import click

from mediagraph.cli.app import Context, cli, pass_ctx


@cli.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on (0.0.0.0 for every interface).")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535))
@click.option("--workers", default=1, show_default=True, type=click.IntRange(1, 64), help="Worker processes; they share the catalog.")
@pass_ctx
def serve(ctx: Context, host: str, port: int, workers: int) -> None:
    """Serve the catalog: web pages at /, the REST API at /api/v1, its docs at /docs."""
    from mediagraph.web import serve as run_server

    url = ctx.catalog.url  # opens and migrates here, so a bad --db fails before uvicorn starts
    ctx.err.print(f"serving {url} on http://{host}:{port}/ with {workers} worker(s) (Ctrl-C stops)", markup=False)
    run_server(url, host=host, port=port, workers=workers)


@cli.group()
def token() -> None:
    """API tokens: every write to the REST API needs one (`Authorization: Bearer <token>`)."""


@token.command("create")
@click.option("--name", default="default", show_default=True, help="What the token is for; edits made with it name it.")
@pass_ctx
def token_create(ctx: Context, name: str) -> None:
    """Create a token and print it once; only its hash is stored."""
    from mediagraph.store import tokens

    with ctx.catalog.transaction() as tx:
        row, secret = tokens.create(tx, name=name)
    if ctx.as_json:
        ctx.emit_json({"id": row.id, "name": row.name, "token": secret, "created_at": row.created_at.isoformat()})
        return
    click.echo(secret)
    ctx.err.print(f"token {row.id} ({row.name}) created; it is shown only now, so keep it somewhere safe", markup=False)


@token.command("list")
@pass_ctx
def token_list(ctx: Context) -> None:
    """List tokens (ids, names, dates; never the tokens themselves)."""
    from rich.table import Table

    from mediagraph.store import tokens

    with ctx.catalog.transaction(write=False) as tx:
        rows = tokens.list_tokens(tx)
    if ctx.as_json:
        ctx.emit_json(
            [{"id": r.id, "name": r.name, "created_at": r.created_at.isoformat(),
              "revoked_at": r.revoked_at.isoformat() if r.revoked_at else None} for r in rows]
        )
        return
    table = Table("id", "name", "created", "status", box=None)
    for r in rows:
        table.add_row(str(r.id), r.name, r.created_at.strftime("%Y-%m-%d %H:%M"), "active" if r.active else f"revoked {r.revoked_at:%Y-%m-%d}")
    ctx.console.print(table)


@token.command("revoke")
@click.argument("token_id", type=int)
@pass_ctx
def token_revoke(ctx: Context, token_id: int) -> None:
    """Revoke the token with this id; writes with it fail from now on."""
    from mediagraph.store import tokens

    with ctx.catalog.transaction() as tx:
        row = tokens.revoke(tx, token_id)
    if ctx.as_json:
        ctx.emit_json({"id": row.id, "name": row.name, "revoked": True})
    else:
        ctx.console.print(f"token {row.id} ({row.name}) revoked", markup=False)
