"""The public surface of mediagraph.dumps: sorted, importable, documented."""

from __future__ import annotations

import ast
import pkgutil
from pathlib import Path

import mediagraph.dumps as dumps


def test_all_is_sorted_and_importable() -> None:
    assert dumps.__all__ == sorted(dumps.__all__)
    for name in dumps.__all__:
        assert getattr(dumps, name) is not None


def test_every_module_opens_with_a_one_line_docstring() -> None:
    # Read from the sources: a module built with mypyc (``mediagraph.compiled``) keeps no ``__doc__``.
    for info in pkgutil.iter_modules(dumps.__path__):
        source = Path(dumps.__path__[0]) / f"{info.name}.py"
        doc = (ast.get_docstring(ast.parse(source.read_text(encoding="utf-8"))) or "").strip()
        assert doc and "\n" not in doc.split("\n\n")[0], info.name
