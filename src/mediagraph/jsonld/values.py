"""Values as schema.org JSON-LD writes them: terms, texts, numbers, dates, durations and IRIs."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any
from urllib.parse import urljoin

from mediagraph.model.dates import PartialDate

SCHEMA_NS = ("http://schema.org/", "https://schema.org/", "http://www.schema.org/", "https://www.schema.org/")
_PREFIXES = (*SCHEMA_NS, "schema:")
_MG_PREFIXES = ("https://mediagraph.dev/ns#",)

DateReader = Callable[[str], "str | None"]


def term(key: str, extra: tuple[str, ...] = ()) -> str:
    """A property or type in compact form: ``schema:name``, ``http://schema.org/name`` → ``name``."""
    for p in (*_PREFIXES, *extra):
        if key.startswith(p):
            return key[len(p) :]
    for p in _MG_PREFIXES:
        if key.startswith(p):
            return "mg:" + key[len(p) :]
    return key


def types_of(n: dict[str, Any], extra: tuple[str, ...] = ()) -> list[str]:
    t = n.get("@type", [])
    return [term(x, extra) for x in (t if isinstance(t, list) else [t]) if isinstance(x, str)]


def many(v: Any) -> list[Any]:
    if v is None:
        return []
    return v if isinstance(v, list) else [v]


def text(v: Any) -> str | None:
    """A value's text: the first of a list, a value object's ``@value``, a node's ``name``."""
    if isinstance(v, list):
        v = v[0] if v else None
    if isinstance(v, dict):
        v = v.get("@value", v.get("name"))
        if isinstance(v, (list, dict)):
            return text(v)
    if v is None or isinstance(v, bool):
        return None
    if isinstance(v, (int, float)):
        return str(int(v)) if isinstance(v, float) and v.is_integer() else str(v)
    return v.strip() if isinstance(v, str) and v.strip() else None


def number(v: Any) -> float | None:
    """A number, also from text ("4.5", "4,5", "1,234", "180 000"); None for anything else."""
    v = v.get("@value") if isinstance(v, dict) else v
    if isinstance(v, bool) or v is None:
        return None
    if isinstance(v, (int, float)):
        return float(v)
    if not isinstance(v, str):
        return None
    t = v.strip().replace("\u00a0", "").replace(" ", "")
    t = t.replace(",", "") if re.fullmatch(r"\d{1,3}(?:,\d{3})+", t) else t.replace(",", ".")
    try:
        return float(t)
    except ValueError:
        return None


def count(v: Any) -> int | None:
    """A count: a whole number not below zero."""
    n = number(v)
    return int(n) if n is not None and n >= 0 and n.is_integer() else None


_COMPACT_DATE = re.compile(r"((?:1[89]|20)\d\d)(\d\d)(\d\d)")  # Bandcamp's "20111107"


def date(v: Any, *, fallback: DateReader | None = None) -> str | None:
    """A partial ISO date ("1927", "2002-02", "2021-09-27") from ISO text, a datetime, a year
    number or Bandcamp's ``20111107``; ``fallback`` reads what else a page writes ("May 1, 2019").
    None when there is no date; ``ValueError`` when there is text but no date in it."""
    t = text(v)
    if not t:
        return None
    m = _COMPACT_DATE.fullmatch(t)
    if m:
        t = f"{m.group(1)}-{m.group(2)}-{m.group(3)}"
    parsed = PartialDate.try_parse(t[:10]) if re.match(r"\d{4}(?:-\d{1,2}(?:-\d{1,2})?)?(?:$|[T ])", t) else None
    if parsed is not None:
        return str(parsed)
    found = fallback(t) if fallback is not None else None
    if found:
        return found
    raise ValueError(t)


_ISO_DURATION = re.compile(r"P(?:(\d+)D)?T?(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:[.,]\d+)?)S)?")
_CLOCK = re.compile(r"\d{1,3}:\d{2}(?::\d{2})?")


def clock(iso: str | None) -> str | None:
    """An ISO 8601 duration as a clock: ``PT3M45S`` → ``3:45``, ``PT64M16S`` → ``64:16``, ``PT135M`` → ``2:15:00``; a
    clock ("3:45") as it is; None for anything else."""
    if not iso:
        return None
    t = iso.strip().upper()
    if _CLOCK.fullmatch(t):
        return t
    m = _ISO_DURATION.fullmatch(t)
    if not m or not any(m.groups()) or not t.startswith("P"):
        return None
    d, h, mi = (int(g) if g else 0 for g in m.groups()[:3])
    s = int(float((m.group(4) or "0").replace(",", ".")))
    if not (d or h) and m.group(4):
        mi, s = mi + s // 60, s % 60
        return f"{mi}:{s:02d}"  # "PT64M16S": the minutes as written, "64:16"
    h, mi = h + 24 * d + mi // 60, mi % 60
    mi, s = mi + s // 60, s % 60
    h, mi = h + mi // 60, mi % 60
    return f"{h}:{mi:02d}:{s:02d}" if h else f"{mi}:{s:02d}"


def is_link(v: str) -> bool:
    """Whether a text is a link or a path rather than a name ("/author/jd_salinger.html")."""
    s = v.strip().lower()
    return s.startswith(("http://", "https://", "//", "/", "#", "www.", "urn:", "file:")) or bool(re.fullmatch(r"[\w./-]+\.html?", s))


def absolute(iri: str, base: str) -> str:
    """A node's ``@id`` made absolute against the document's address (``#author`` in
    ``file:///a.jsonld`` is ``file:///a.jsonld#author``); blank nodes and IRIs with a scheme stay."""
    iri = iri.strip()
    if iri.startswith("_:") or re.match(r"[A-Za-z][A-Za-z0-9+.-]*:", iri) or not base:
        return iri
    return urljoin(base, iri)


__all__ = ["SCHEMA_NS", "DateReader", "absolute", "clock", "count", "date", "is_link", "many", "number", "term", "text", "types_of"]
