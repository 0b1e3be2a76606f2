"""Caches for the pure readers of one line of text, which the page readers ask about again and again.

The layout and entry readers look at the same lines many times: once for the page and once per
entry, once per shape of head. A reader of one line whose answer depends on the line alone is
asked once per distinct line."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any, TypeVar, cast

from mediagraph import normalize

R = TypeVar("R")

# A line longer than this is a paragraph: computed each time rather than kept.
LONGEST = 300


# Texts kept per reader; a full cache is emptied and fills again (the answers do not change).
KEPT = 8192


class _LineCache(dict[str, Any]):
    """Answers by text. A text asked before is a dictionary lookup in C (the bound ``__getitem__``
    is what callers call): no Python frame, which a wrapper around ``functools.lru_cache`` costs
    on each of the thousands of questions a page's readers ask."""

    __slots__ = ("_fn",)

    def __init__(self, fn: Callable[[str], Any]) -> None:
        super().__init__()
        self._fn = fn

    def __missing__(self, text: str) -> Any:
        value = self._fn(text)
        if len(text) <= LONGEST:
            if len(self) >= KEPT:
                self.clear()
            self[text] = value
        return value


def line_cache(fn: Callable[[str], R]) -> Callable[[str], R]:
    """``fn`` cached on its text, for texts up to ``LONGEST`` characters.

    Only for functions of one text whose result depends on it alone and is immutable (a str,
    a tuple, a frozen record): every caller gets the same object. The text is passed by
    position (the cached reader is a dictionary's ``__getitem__``)."""
    return cast("Callable[[str], R]", _LineCache(fn).__getitem__)


class _LazyPattern:
    """A regular expression compiled when first used, then as fast as the compiled one."""

    def __init__(self, pattern: str, flags: int) -> None:
        self._args = (pattern, flags)

    def __getattr__(self, name: str) -> Any:
        compiled = re.compile(*self._args)
        for method in ("search", "match", "fullmatch", "finditer", "findall", "sub", "subn", "split", "pattern", "groupindex"):
            setattr(self, method, getattr(compiled, method))
        return getattr(compiled, name)


def lazy_re(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """``re.compile`` deferred to first use: a reader's rarer patterns cost nothing at import, which
    keeps ``mediagraph extract`` quick to start."""
    return cast("re.Pattern[str]", _LazyPattern(pattern, flags))


# Letters re's case-blind matching folds apart from str.lower: "İ" (one letter to re, two once
# lower-cased), "ı" and "ſ" (matched by "i" and "s").
_FOLDS_APART = ("\u0130", "\u0131", "\u017f")
_ESCAPE_OR_TEXT = re.compile(r"\\.|[^\\]+", re.S)


def blind_counter(rx: re.Pattern[str]) -> Callable[[str], int]:
    """``len(rx.findall(text))`` for a case-blind ``rx``, about twice as fast on a page's text.

    re tries a case-blind pattern at every position of a text. The same pattern with its letters
    in lower case, run on the lower-cased text, skips to where a match can start, and finds the
    same matches unless the text holds a letter re folds apart from ``str.lower``; then ``rx``
    itself counts."""
    if not rx.flags & re.IGNORECASE:
        raise ValueError(f"not a case-blind pattern: {rx.pattern[:40]}")
    body = rx.pattern.removeprefix("(?i)")
    lowered = re.compile(_ESCAPE_OR_TEXT.sub(lambda m: m.group(0) if m.group(0)[0] == "\\" else m.group(0).lower(), body),
                         rx.flags & ~re.IGNORECASE)

    def count(text: str) -> int:
        if text.isascii() or not any(c in text for c in _FOLDS_APART):
            return len(lowered.findall(text.lower()))
        return len(rx.findall(text))

    return count


fold = line_cache(normalize.fold)  # names and titles are folded again at every comparison

__all__ = ["KEPT", "LONGEST", "blind_counter", "fold", "lazy_re", "line_cache"]
