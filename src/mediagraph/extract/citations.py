"""Bibliographies: "Author: «Title»" entries with an optional "(Container, year, publisher, place.)"."""

from __future__ import annotations

import re
from dataclasses import dataclass

from mediagraph.extract.doc import Line
from mediagraph.extract.names import looks_like_person, strip_quotes
from mediagraph.model import Span

HEADING = re.compile(r"^(?:bibliography|references|sources|works cited|literature|further reading|bibliographie|quellen|literatur|kilder|fuentes)\s*:?$", re.I)
_ENTRY = re.compile(r"^(?:[•*\-–]\s*|\d+\.\s+|\[\d+\]\s*)?(?P<head>[^:«\"“(]{2,60}?):\s+(?P<title>\S.{0,200})$")
_PAREN = re.compile(r"^\((?P<inner>.+)\)\.?$")
_TAIL_JUNK = re.compile(r"^(?:[\d,.]+\s*views?.*|\d+\s*comments?|recent posts|see all|bottom of page|share|tags?:.*|related posts|comments|leave a comment|log in.*)$", re.I)
_YEAR = re.compile(r"(?<!\d)(1[5-9]\d\d|20\d\d)(?!\d)")


@dataclass
class CitationDraft:
    text: str
    title: str | None
    authors: tuple[str, ...]
    container: str | None
    date: str | None
    publisher: str | None
    place: str | None
    span: Span
    title_span: Span | None
    lines: set[int]


def _parse_paren(inner: str) -> dict[str, str | None]:
    parts = [p.strip() for p in inner.rstrip(".").split(",") if p.strip()]
    out: dict[str, str | None] = {"container": None, "date": None, "publisher": None, "place": None}
    yi = next((i for i, p in enumerate(parts) if _YEAR.search(p)), None)
    if yi is None:
        out["container"] = parts[0] if parts else None
        return out
    out["date"] = _YEAR.search(parts[yi]).group(1)  # type: ignore[union-attr]
    if yi > 0 and not re.match(r"^(?:ed(?:it(?:ed)?)?\.? by|eds?\.)", parts[0], re.I):
        out["container"] = parts[0]
    rest = parts[yi + 1 :]
    if rest:
        out["publisher"] = rest[0]
        out["place"] = ", ".join(rest[1:]) or None
    return out


def _entry(ln: Line) -> tuple[str, str, int] | None:
    m = _ENTRY.match(ln.text)
    if not m:
        return None
    head = m.group("head").strip()
    if len(head.split()) > 8:
        return None
    title, at = m.group("title").strip(), m.start("title")
    q = _LEADING_QUOTE.match(title)
    if q:  # "«Lamps and Ledges» (Silent Screen Studies, 2011)": the quoted part is the title
        return head, q.group("q").strip(), at + q.start("q")
    return head, title, at


# Author-date (Chicago, APA) and MLA entries:
#   Harlow, Paul. 1996. “Women Who Wait: …” In Shadows on the Thames, …
#   Sykes, Ronald. 1981. Light Through Fog: A Cameraman's Memoir. London: Faber & Faber.
#   Ebert, Roger. “Metropolis.” Chicago Sun-Times, 2001.
_AUTHOR_DATE = re.compile(
    r"^(?:[•*\-–]\s*|\d+\.\s+|\[\d+\]\s*)?(?P<authors>[A-ZÀ-Þ][\w'’\-]+,\s+[A-ZÀ-Þ][^.]{0,40}?(?:\s+(?:and|&)\s+[^.]{2,40}?)?)\.\s+"
    r"(?:\(?(?P<y>(?:1[5-9]|20)\d\d)[a-z]?\)?\.\s+)?"
    r"(?:[“\"«](?P<qt>[^”\"»]{2,200}?)[.,]?[”\"»]|(?P<t>[A-Z0-9À-Þ][^.]{1,200}?(?:\.[^\s.][^.]{0,100}?)?)\.)"
)
_LEADING_QUOTE = re.compile(r"^[«“\"]\s?(?P<q>[^»”\"]{2,200}?)\s?[»”\"]")


def _styled(ln: Line) -> tuple[tuple[str, ...], str, str | None, int] | None:
    """An author-date or MLA entry: (authors, title, year, title offset), or None."""
    m = _AUTHOR_DATE.match(ln.text)
    if m is None:
        return None
    g = "qt" if m.group("qt") else "t"
    surname, _, given = m.group("authors").partition(",")
    name = f"{given.strip()} {surname.strip()}".strip()
    return (name,), m.group(g).strip(), m.group("y") or _first_year(ln.text[m.end() :]), m.start(g)


def find_citations(lines: list[Line]) -> list[CitationDraft]:
    """Entries under a bibliography heading, or the trailing run of entry-shaped lines."""
    body = [ln for ln in lines if ln.text]
    start = next((k for k, ln in enumerate(body) if HEADING.match(ln.text)), None)
    if start is not None:
        block = body[start + 1 :]
    else:
        # Walk back from the end over junk, entries and their bracketed details.
        end = len(body)
        while end > 0 and _TAIL_JUNK.match(body[end - 1].text):
            end -= 1
        k = end
        while k > 0 and (_entry(body[k - 1]) or _PAREN.match(body[k - 1].text)):
            k -= 1
        block = body[k:end]
        entries = [ln for ln in block if _entry(ln)]
        quoted = [ln for ln in entries if re.search(r"[«“\"]", ln.text)]
        if len(entries) < 2 or (not quoted and not any(_PAREN.match(ln.text) for ln in block)):
            return []
    out: list[CitationDraft] = []
    for ln in block:
        if _TAIL_JUNK.match(ln.text):
            break
        pm = _PAREN.match(ln.text)
        if pm and out:
            c = out[-1]
            details = _parse_paren(pm.group("inner"))
            out[-1] = CitationDraft(f"{c.text} {ln.text}", c.title, c.authors, details["container"], details["date"],
                                    details["publisher"], details["place"], Span(c.span.start, ln.end), c.title_span,
                                    c.lines | {ln.index})
            continue
        e = _entry(ln) if not _AUTHOR_DATE.match(ln.text) else None
        if e is None and (st := _styled(ln)) is not None:
            authors_, title_, year_, tat_ = st
            out.append(CitationDraft(ln.text, title_, authors_, None, year_, None, None, ln.span(), ln.span(tat_, tat_ + len(title_)), {ln.index}))
            continue
        if e is None:
            if start is not None and len(ln.text) < 300:
                out.append(CitationDraft(ln.text, None, (), None, _first_year(ln.text), None, None, ln.span(), None, {ln.index}))
            continue
        head, title, at = e
        clean = strip_quotes(title)
        tat = ln.text.find(clean, at)
        authors: tuple[str, ...] = ()
        container = None
        if looks_like_person(head):
            authors = (head,)
        else:
            container = head
        out.append(CitationDraft(ln.text, clean, authors, container, None, None, None, ln.span(),
                                 ln.span(tat, tat + len(clean)) if tat >= 0 else None, {ln.index}))
    return out


def _first_year(text: str) -> str | None:
    m = _YEAR.search(text)
    return m.group(1) if m else None


__all__ = ["HEADING", "CitationDraft", "find_citations"]
