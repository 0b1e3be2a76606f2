"""A cache for the pure readers of one line of text, which the layout and entry readers ask
about the same lines many times (once per entry, once per shape of head)."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Concatenate, ParamSpec, TypeVar

from mediagraph import normalize

P = ParamSpec("P")
R = TypeVar("R")

# A line longer than this is a paragraph: computed each time rather than kept.
LONGEST = 300


def line_cache(fn: Callable[Concatenate[str, P], R]) -> Callable[Concatenate[str, P], R]:
    """``fn`` cached on its text (and other arguments) for texts up to ``LONGEST`` characters.

    Only for functions whose result depends on their arguments alone and is immutable (a str,
    a tuple, a frozen record): every caller gets the same object."""
    cached: Callable[..., R] = functools.lru_cache(maxsize=8192)(fn)

    @functools.wraps(fn)
    def read(text: str, /, *args: P.args, **kwargs: P.kwargs) -> R:
        if len(text) > LONGEST:
            return fn(text, *args, **kwargs)
        return cached(text, *args, **kwargs)

    return read


fold = line_cache(normalize.fold)  # names and titles are folded again at every comparison

__all__ = ["LONGEST", "fold", "line_cache"]
