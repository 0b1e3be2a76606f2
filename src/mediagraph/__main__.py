"""Run the CLI with ``python -m mediagraph``."""

from mediagraph.cli import main

main()
