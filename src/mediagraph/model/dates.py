"""Partial dates as sources give them: a year, a year and month, or a full day."""

from __future__ import annotations

import re
from dataclasses import dataclass

from mediagraph.errors import InputError

_ISO = re.compile(r"^\s*(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?\s*$")


@dataclass(frozen=True, order=True, slots=True)
class PartialDate:
    """A date known to year, month or day precision; ``00`` parts mean unknown."""

    year: int
    month: int | None = None
    day: int | None = None

    def __post_init__(self) -> None:
        if not 1 <= self.year <= 9999:
            raise InputError(f"year out of range: {self.year}")
        if self.month is not None and not 1 <= self.month <= 12:
            raise InputError(f"month out of range: {self.month}")
        if self.day is not None and (self.month is None or not 1 <= self.day <= 31):
            raise InputError(f"day out of range: {self.day}")

    @classmethod
    def parse(cls, text: str) -> PartialDate:
        """Read ``1927``, ``2002-02``, ``1999-03-00`` or ``2021-09-27`` (zero parts = unknown)."""
        m = _ISO.match(text)
        if not m:
            raise InputError(f"not a date: {text!r}")
        year = int(m.group(1))
        month = int(m.group(2)) if m.group(2) and int(m.group(2)) else None
        day = int(m.group(3)) if m.group(3) and int(m.group(3)) and month else None
        return cls(year, month, day)

    @classmethod
    def try_parse(cls, text: str | None) -> PartialDate | None:
        if not text:
            return None
        try:
            return cls.parse(text)
        except InputError:
            return None

    def __str__(self) -> str:
        out = f"{self.year:04d}"
        if self.month:
            out += f"-{self.month:02d}"
            if self.day:
                out += f"-{self.day:02d}"
        return out


__all__ = ["PartialDate"]
