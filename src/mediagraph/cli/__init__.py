"""The ``mediagraph`` command line: every failure is one line on stderr and a non-zero exit."""

from __future__ import annotations

import os
import sys

from mediagraph.cli.app import cli
from mediagraph.errors import MediagraphError


def main(argv: list[str] | None = None) -> None:
    try:
        # Without standalone mode click returns a command's ``Exit(code)`` instead of exiting.
        code = cli.main(args=argv, prog_name="mediagraph", standalone_mode=False)
    except MediagraphError as exc:
        print(f"mediagraph: error: {exc}", file=sys.stderr)
        sys.exit(exc.exit_code)
    except KeyboardInterrupt:
        print("mediagraph: interrupted; nothing half-written was kept", file=sys.stderr)
        sys.exit(130)
    except BrokenPipeError:
        sys.exit(0)
    except Exception as exc:  # the last line of defence: still one line, never a traceback
        if os.environ.get("MEDIAGRAPH_DEBUG"):
            raise
        import click

        if isinstance(exc, click.exceptions.Abort):
            print("mediagraph: aborted", file=sys.stderr)
            sys.exit(130)
        if isinstance(exc, click.ClickException):
            print(f"mediagraph: error: {exc.format_message()}", file=sys.stderr)
            sys.exit(exc.exit_code)
        print(f"mediagraph: internal error: {type(exc).__name__}: {exc} (set MEDIAGRAPH_DEBUG=1 for details)", file=sys.stderr)
        sys.exit(70)
    else:
        sys.exit(code if isinstance(code, int) else 0)


__all__ = ["cli", "main"]
