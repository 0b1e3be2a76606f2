"""The package's public surface and habits a reader relies on."""

from __future__ import annotations

import ast
from pathlib import Path

import mediagraph
from mediagraph import errors, model

SRC = Path(mediagraph.__file__).parent


def _isort_key(name: str) -> tuple[int, str]:
    # Constants, then classes, then functions: the order ruff keeps __all__ in.
    return (0 if name.isupper() else 1 if name[:1].isupper() else 2, name)


def test_public_all_lists_are_sorted() -> None:
    for module in (mediagraph, errors, model):
        assert list(module.__all__) == sorted(module.__all__, key=_isort_key), module.__name__


def test_every_module_opens_with_a_docstring() -> None:
    missing = [
        str(p.relative_to(SRC))
        for p in SRC.rglob("*.py")
        if "versions" not in p.parts and ast.get_docstring(ast.parse(p.read_text(encoding="utf-8"))) is None
    ]
    assert missing == []


def test_every_error_a_user_sees_derives_from_the_one_base() -> None:
    for name in errors.__all__:
        assert issubclass(getattr(errors, name), errors.MediagraphError)
