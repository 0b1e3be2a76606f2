"""The public surface of mediagraph.dumps: sorted, importable, documented."""

from __future__ import annotations

import importlib
import pkgutil

import mediagraph.dumps as dumps


def test_all_is_sorted_and_importable() -> None:
    assert dumps.__all__ == sorted(dumps.__all__)
    for name in dumps.__all__:
        assert getattr(dumps, name) is not None


def test_every_module_opens_with_a_one_line_docstring() -> None:
    for info in pkgutil.iter_modules(dumps.__path__):
        module = importlib.import_module(f"mediagraph.dumps.{info.name}")
        doc = (module.__doc__ or "").strip()
        assert doc and "\n" not in doc.split("\n\n")[0], info.name
