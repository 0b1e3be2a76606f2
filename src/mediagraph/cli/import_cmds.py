"""`mediagraph import discogs|musicbrainz FILE…`: bulk loads with a progress bar, resume and a report."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import click

from mediagraph.cli.app import Context, cli, pass_ctx

if TYPE_CHECKING:
    from mediagraph.resolve.importer import ImportSummary


@cli.group("import")
def import_group() -> None:
    """Bulk-load open data dumps (resumable: run the same command again after a crash or Ctrl-C;
    a file changed in place is read again, and nothing is stored twice)."""


def _run(ctx: Context, files: tuple[str, ...], *, family: str, workers: int | None, batch: int) -> None:
    from rich.progress import (
        BarColumn,
        Progress,
        TaskID,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )

    from mediagraph.resolve.importer import check_dump, default_workers, import_dump

    results: list[ImportSummary] = []
    for name in files:
        check_dump(name, expect=family)  # a wrong file fails in one line, before any progress bar
        columns = [
            TextColumn("[bold]{task.description}"),
            BarColumn(),
            TextColumn("{task.percentage:>5.1f}%"),
            TextColumn("{task.fields[records]:,} records · {task.fields[rate]:,.0f}/s"),
            TimeElapsedColumn(),
            TextColumn("ETA"),
            TimeRemainingColumn(),
        ]
        quiet = ctx.as_json or not ctx.err.is_terminal  # no bar frames in logs and pipes
        with Progress(*columns, console=ctx.err, transient=False, disable=quiet) as bar:
            task = bar.add_task(name, total=None, records=0, rate=0.0)

            def tick(records: int, read: int | None, total: int | None, task: TaskID = task) -> None:
                elapsed = bar.tasks[task].elapsed or 1e-9
                bar.update(task, completed=read if read is not None else 0, total=total if read is not None else None, records=records, rate=records / elapsed)

            summary = import_dump(
                ctx.catalog,
                name,
                expect=family,
                workers=default_workers() if workers is None else workers,
                batch=batch,
                progress=tick,
            )
        results.append(summary)
        if not ctx.as_json:
            c = ctx.console
            state = "already imported" if summary.finished and summary.records == summary.resumed_from else "done"
            made = ", ".join(f"{n:,} {k}" for k, n in sorted(summary.counts.items()))
            how = " (read again from the start: the file changed since it was imported)" if summary.reread else ""
            if summary.resumed_from and not summary.reread:
                how = f" (resumed after {summary.resumed_from:,})"
            c.print(f"{name}: {state}; {summary.kind or ''} — {summary.records:,} records{how}" + (f"; {made}" if made else ""), markup=False)
            if summary.skipped:
                c.print(f"  {len(summary.skipped)} records skipped; reasons in {summary.report_file}", markup=False)
    if ctx.as_json:
        ctx.emit_json([r.as_dict() for r in results])


_options = [
    click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False)),
    click.option(
        "--workers",
        default=None,
        type=click.IntRange(0, 32),
        help="Parse Discogs XML in this many extra processes (default: one per spare core, at most 2).",
    ),
    click.option("--batch", default=1000, show_default=True, type=click.IntRange(1, 100_000), help="Records per transaction."),
]


def _with_options(f: Callable[..., Any]) -> Callable[..., Any]:
    for option in reversed(_options):
        f = option(f)
    return f


@import_group.command("discogs")
@_with_options
@pass_ctx
def import_discogs(ctx: Context, files: tuple[str, ...], workers: int | None, batch: int) -> None:
    """Discogs monthly dumps (releases, artists, labels, masters; .xml or .xml.gz, kind read from the content)."""
    _run(ctx, files, family="discogs", workers=workers, batch=batch)


@import_group.command("musicbrainz")
@_with_options
@pass_ctx
def import_musicbrainz(ctx: Context, files: tuple[str, ...], workers: int | None, batch: int) -> None:
    """MusicBrainz JSON dumps: JSON Lines files or the published .tar.xz archives."""
    _run(ctx, files, family="musicbrainz", workers=0, batch=batch)
