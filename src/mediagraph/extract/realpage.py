"""A real page's text read as entries: each entry's subject chosen by evidence, then its facts."""

from __future__ import annotations

import re

from mediagraph.extract.doc import Doc
from mediagraph.extract.draft import Builder
from mediagraph.extract.entries import Entry, Head, chrome_lines, split_entries
from mediagraph.extract.entry_fields import (
    facts_to_drafts,
    labelled_fields,
    music_or_film,
    read_entry,
)
from mediagraph.extract.names import QUOTED
from mediagraph.model import Span, WorkKind

_SHAPE_WEIGHT = {"prefix": 5.0, "suffix": 5.0, "title_year": 4.0, "card": 4.5, "caps": 3.0, "dash": 3.0, "bullet": 1.0,
                 "plain": 2.0, "top": 1.0}
_SITE_SUFFIX = re.compile(r"\s+(?:[|·•»]|[-–—:]\s)\s*[^|·•»]{2,60}$")


def _count(text: str, title: str) -> int:
    if len(title) < 2:
        return 0
    return len(re.findall(r"(?<!\w)" + re.escape(title) + r"(?!\w)", text, flags=re.I))


def choose_subject(doc: Doc, heads: list[Head], *, title_hint: str | None) -> tuple[str, Span | None, Head | None] | None:
    """The page's one subject: the candidate with the most evidence (its shape, where it
    stands, how often the body repeats it, whether the HTML title agrees)."""
    cands: list[tuple[float, str, Span | None, Head | None]] = []
    text = doc.text
    for h in heads:
        if h.line > 60 and h.shape in ("plain", "bullet", "top"):
            continue
        score = _SHAPE_WEIGHT.get(h.shape, 1.0)
        score += min(4, _count(text, h.title) - 1) * 0.75
        score -= h.line * 0.02
        if title_hint and h.title.casefold() in title_hint.casefold():
            score += 3
        if len(h.title) > 60:
            score -= 2
        cands.append((score, h.title, h.span, h))
    # a title quoted in one of the first lines: "X präsentiert neues Album 'Strictly A One - Eyed Jack'"
    for ln in [x for x in doc.lines[:40] if x.text][:6]:
        for m in QUOTED.finditer(ln.text):
            q = m.group(1).strip()
            if 2 <= len(q) <= 80 and q[0].isupper() and _count(text, q) + _count(text, q.replace(" - ", "-")) >= 1:
                cands.append((2.5 + min(3, _count(text, q) - 1) * 0.75, q, ln.sub(q), None))
    for f in labelled_fields([ln for ln in doc.lines[:80] if ln.text]):
        if f.key == "title" and 1 <= len(f.value) <= 120:
            cands.append((6.0 + min(3, _count(text, f.value) - 1) * 0.5, f.value, f.span, None))
    if title_hint:
        hint = _SITE_SUFFIX.sub("", title_hint).strip()
        if hint and 1 <= len(hint) <= 120:
            sp = doc.find(hint)
            cands.append((3.5 + min(3, _count(text, hint)) * 0.5, hint, sp, None))
    if not cands:
        return None
    cands.sort(key=lambda c: -c[0])
    _, title, span, head = cands[0]
    return title, span, head


def page_kind(text: str, *, default: WorkKind | None = None) -> WorkKind:
    music, film = music_or_film(text)
    if music > film:
        return WorkKind.ALBUM
    if film > music:
        return WorkKind.FILM
    return default or WorkKind.FILM


def read_real_page(doc: Doc, b: Builder, *, title_hint: str | None = None, site: str | None = None,
                   author: str | None = None, published: str | None = None) -> int:
    """Read the page's entries into ``b``; returns how many works it made."""
    entries, heads = split_entries(doc)
    kind_all = page_kind(doc.text)
    made = 0
    if len(entries) == 1 and entries[0].head is None:
        chosen = choose_subject(doc, heads, title_hint=title_hint)
        if chosen is None:
            return 0
        title, span, head = chosen
        entry = Entry(head, entries[0].lines)
        facts = read_entry(entry, title=title, title_span=span, kind=kind_all, page_author=author)
        if facts.review_date is None and published:
            facts.review_date = (published, None)  # type: ignore[assignment]
        facts_to_drafts(b, facts, site=site)
        return 1
    for e in entries:
        assert e.head is not None
        music, film = music_or_film(e.text)
        kind = WorkKind.ALBUM if music > film + 1 else WorkKind.FILM if film > music + 1 else kind_all
        facts = read_entry(e, title=e.head.title, title_span=e.head.span, kind=kind)
        facts_to_drafts(b, facts, site=site)
        made += 1
    return made


__all__ = ["choose_subject", "chrome_lines", "page_kind", "read_real_page"]
