"""Identifier blocks ("Barcode (Printed): 7 18755 61552 2", "Matrix / Runout (Var. 1): …").

Bracketed annotations inside a value ("[Sony DADC logo]") describe the pressing, not the code:
they are moved into the qualifier after the variant ("Var. 1; Sony DADC logo")."""

from __future__ import annotations

import re

from mediagraph.extract.doc import Line
from mediagraph.model import Identifier, IdScheme, Span

_SCHEMES: list[tuple[re.Pattern[str], IdScheme]] = [
    (re.compile(r"^(?:barcode|upc(?:-a)?|ean(?:-13)?|upc/ean|ean/upc|gtin)$", re.I), IdScheme.BARCODE),
    (re.compile(r"^isrc$", re.I), IdScheme.ISRC),
    (re.compile(r"^iswc$", re.I), IdScheme.ISWC),
    (re.compile(r"^isbn(?:-1[03])?$", re.I), IdScheme.ISBN),
    (re.compile(r"^(?:matrix\s*/\s*runout|matrix|runout|matrix number)$", re.I), IdScheme.MATRIX),
    (re.compile(r"^mastering\s+sid(?:\s+code)?$", re.I), IdScheme.MASTERING_SID),
    (re.compile(r"^(?:mould|mold)\s+sid(?:\s+code)?$", re.I), IdScheme.MOULD_SID),
    (re.compile(r"^label\s+code$", re.I), IdScheme.LABEL_CODE),
    (re.compile(r"^rights\s+society$", re.I), IdScheme.RIGHTS_SOCIETY),
    (re.compile(r"^price\s+code$", re.I), IdScheme.PRICE_CODE),
    (re.compile(r"^spars(?:\s+code)?$", re.I), IdScheme.SPARS),
    (re.compile(r"^(?:cat(?:alog(?:ue)?)?\.?\s*(?:no\.?|number|#)|cat#)$", re.I), IdScheme.CATALOG_NUMBER),
    (re.compile(r"^imdb(?:\s+id)?$", re.I), IdScheme.IMDB),
    (re.compile(r"^(?:musicbrainz|mbid)(?:\s+id)?$", re.I), IdScheme.MUSICBRAINZ),
]
_LINE = re.compile(
    r"^(?:[•·*▪\-–]\s*)?(?P<key>[A-Za-z][A-Za-z0-9 /\-.#]{1,30}?)\s*(?:\((?P<q>[^)]{1,40})\))?\s*[:：]\s*(?P<value>\S.{0,120})$"
)
_BRACKET = re.compile(r"\s*\[([^\]]{1,60})\]\s*")


def scheme_for(label: str) -> IdScheme | None:
    t = label.strip()
    return next((s for pat, s in _SCHEMES if pat.match(t)), None)


def identifier_lines(lines: list[Line]) -> list[tuple[Identifier, Span, int]]:
    """Every identifier line as ``(identifier, span of its value, line index)``."""
    out = []
    for ln in lines:
        if not ln.text or len(ln.text) > 200:
            continue
        m = _LINE.match(ln.text)
        if not m:
            continue
        scheme = scheme_for(m.group("key"))
        if scheme is None:
            continue
        raw = m.group("value").strip()
        notes = [n.strip() for n in _BRACKET.findall(raw)]
        value = _BRACKET.sub(" ", raw).strip()
        if not value or (scheme == IdScheme.CATALOG_NUMBER and len(value) > 30):
            continue
        qual = "; ".join([q for q in [m.group("q")] if q] + notes) or None
        at = ln.text.find(value, m.start("value"))
        span = ln.span(at, at + len(value)) if at >= 0 else ln.span(m.start("value"))
        out.append((Identifier.make(scheme, value, qual), span, ln.index))
    return out


__all__ = ["identifier_lines", "scheme_for"]
