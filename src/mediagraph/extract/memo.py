"""Caches for the pure readers of one line of text, which the page readers ask about again and again.

The layout and entry readers look at the same lines many times: once for the page and once per
entry, once per shape of head. A reader of one line whose answer depends on the line alone is
asked once per distinct line."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import TypeVar

from mediagraph import normalize

R = TypeVar("R")

# A line longer than this is a paragraph: computed each time rather than kept.
LONGEST = 300


def line_cache(fn: Callable[[str], R]) -> Callable[[str], R]:
    """``fn`` cached on its text, for texts up to ``LONGEST`` characters.

    Only for functions of one text whose result depends on it alone and is immutable (a str,
    a tuple, a frozen record): every caller gets the same object."""
    cached = functools.lru_cache(maxsize=8192)(fn)

    @functools.wraps(fn)
    def read(text: str) -> R:
        return fn(text) if len(text) > LONGEST else cached(text)

    return read


fold = line_cache(normalize.fold)  # names and titles are folded again at every comparison

__all__ = ["LONGEST", "fold", "line_cache"]
