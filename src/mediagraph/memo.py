"""A bounded memo for the hot loops of bulk work (folding names, building field tokens)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

K = TypeVar("K")
V = TypeVar("V")


class Memo(dict[K, V]):
    """``fn`` of each key, remembered up to ``limit`` keys (then forgotten at once, not one by one).

    Read as ``memo[key]`` (or its bound ``__getitem__``): a hit is a dict lookup in C, only a miss
    runs Python (``__missing__``).
    """

    __slots__ = ("_fn", "_limit")

    def __init__(self, fn: Callable[[K], V], limit: int) -> None:
        super().__init__()
        self._fn = fn
        self._limit = limit

    def __missing__(self, key: K) -> V:
        if len(self) >= self._limit:
            self.clear()
        value = self[key] = self._fn(key)
        return value


__all__ = ["Memo"]
