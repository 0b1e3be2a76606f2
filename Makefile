# One command checks everything: `make check` (tests, then ruff and mypy).
.PHONY: setup demo test lint check bench

setup:
	./scripts/setup

demo: setup
	.venv/bin/mediagraph --db demo.sqlite demo

test:
	./scripts/setup --test
	.venv/bin/python -m pytest -q

lint: setup
	.venv/bin/ruff check src tests bench
	.venv/bin/mypy

check: test lint
