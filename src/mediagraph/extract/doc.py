"""The text a page's facts point into, split into lines that remember their offsets."""

from __future__ import annotations

import re
from dataclasses import dataclass

from mediagraph.model import Span

_WS = re.compile(r"\S")


@dataclass(frozen=True, slots=True)
class Line:
    """One line with surrounding blanks stripped; ``start``/``end`` are offsets in the doc."""

    index: int
    text: str
    start: int
    end: int
    indent: int

    @property
    def blank(self) -> bool:
        return not self.text

    def span(self, lo: int = 0, hi: int | None = None) -> Span:
        """A span over ``text[lo:hi]`` of this line, in doc offsets."""
        hi = len(self.text) if hi is None else hi
        return Span(self.start + lo, self.start + hi)

    def sub(self, value: str, *, after: int = 0) -> Span:
        """The span of ``value`` inside this line (the whole line when not found)."""
        i = self.text.find(value, after)
        if i < 0:
            i = self.text.lower().find(value.lower(), after)
        if i < 0:
            return self.span()
        return self.span(i, i + len(value))


class Doc:
    """Text plus its lines; the unit every parser reads."""

    def __init__(self, text: str) -> None:
        self.text = text
        lines: list[Line] = []
        pos = 0
        for i, raw in enumerate(text.split("\n")):
            m = _WS.search(raw)
            if m is None:
                lines.append(Line(i, "", pos, pos, 0))
            else:
                stripped = raw.strip()
                lo = pos + m.start()
                lines.append(Line(i, stripped, lo, lo + len(stripped), _indent(raw[: m.start()])))
            pos += len(raw) + 1
        self.lines = lines
        self._blank: dict[int, Line] = {}  # the lines blanked so far, shared with the docs masked from this one

    def find(self, value: str, *, start: int = 0, end: int | None = None) -> Span | None:
        """The first span of ``value`` (case-insensitive fallback) at or after ``start``."""
        if not value:
            return None
        i = self.text.find(value, start, end)
        if i < 0:
            i = self.text.lower().find(value.lower(), start, end)
        return Span(i, i + len(value)) if i >= 0 else None

    def masked(self, indices: set[int]) -> Doc:
        """The same text with the given lines blanked for the parsers (offsets unchanged)."""
        out = Doc.__new__(Doc)
        out.text = self.text
        # A blanked line is made once for a doc and the docs masked from it: a page of many
        # entries is masked once an entry, and a frozen record costs about 1 µs to make.
        blank = self._blank
        lines = self.lines.copy()
        n = len(lines)
        for i in indices:
            if 0 <= i < n:  # (a line's index is its place in the list)
                made = blank.get(i)
                if made is None:
                    ln = lines[i]
                    made = blank[i] = Line(i, "", ln.start, ln.start, 0)
                lines[i] = made
        out.lines = lines
        out._blank = blank
        return out

    def nonblank(self, lo: int = 0, hi: int | None = None) -> list[Line]:
        return [ln for ln in self.lines[lo:hi] if ln.text]


def _indent(prefix: str) -> int:
    return len(prefix.replace("\t", "    "))


def paragraphs(lines: list[Line]) -> list[list[Line]]:
    """Group consecutive non-blank lines into paragraphs."""
    out: list[list[Line]] = []
    cur: list[Line] = []
    for ln in lines:
        if ln.text:
            cur.append(ln)
        elif cur:
            out.append(cur)
            cur = []
    if cur:
        out.append(cur)
    return out


__all__ = ["Doc", "Line", "paragraphs"]
