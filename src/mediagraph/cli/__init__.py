"""The ``mediagraph`` command line: every failure is one line on stderr and a non-zero exit."""

from __future__ import annotations

import os
import signal
import sys

from mediagraph.cli.app import cli
from mediagraph.errors import MediagraphError


class _Interrupted(BaseException):
    """Ctrl-C, raised past click (which would print a blank line and turn it into ``Abort``)."""


def _interrupt(signum: int, frame: object) -> None:
    raise _Interrupted


def main(argv: list[str] | None = None) -> None:
    previous = signal.getsignal(signal.SIGINT)
    if previous is signal.default_int_handler:
        signal.signal(signal.SIGINT, _interrupt)
    try:
        _main(argv)
    finally:
        if argv is not None:
            # called in-process (tests, scripts): the caller's Ctrl-C handling comes back, and processes it
            # starts later do not inherit an ignored SIGINT
            signal.signal(signal.SIGINT, previous)


def _main(argv: list[str] | None) -> None:
    try:
        # Without standalone mode click returns a command's ``Exit(code)`` instead of exiting.
        code = cli.main(args=argv, prog_name="mediagraph", standalone_mode=False)
    except MediagraphError as exc:
        print(f"mediagraph: error: {exc}", file=sys.stderr)
        sys.exit(exc.exit_code)
    except (_Interrupted, KeyboardInterrupt):
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # a second Ctrl-C while exiting prints nothing more
        lead = "\n" if sys.stderr.isatty() else ""  # after the terminal's "^C"
        print(f"{lead}mediagraph: interrupted; nothing half-written was kept", file=sys.stderr)
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
