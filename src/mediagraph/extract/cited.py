"""Works an HTML page's prose names with a typographic mark: a title set in italics, as editors
set titles ("1999's dolorous <em>Summerteeth</em>"), or a link to a page whose address names the
work's kind ("/album/sheer-heart-attack-…", "…_(Devin_Townsend_Project_album)"). ``html.py``
finds the marks; this module decides which of them are works and adds each as a work of its own,
tied to nothing the page does not say (no maker, no relation)."""

from __future__ import annotations

import re

from mediagraph.extract.doc import Doc
from mediagraph.extract.draft import Builder
from mediagraph.extract.entries import generic_only, plausible_title
from mediagraph.extract.memo import fold
from mediagraph.model import WorkKind

_HINT_KIND = {"album": WorkKind.ALBUM, "ep": WorkKind.ALBUM, "soundtrack": WorkKind.ALBUM, "film": WorkKind.FILM,
              "movie": WorkKind.FILM, "tv_serie": WorkKind.TV_SERIES, "tv_series": WorkKind.TV_SERIES, "miniserie": WorkKind.TV_SERIES,
              "miniseries": WorkKind.TV_SERIES, "anime": WorkKind.TV_SERIES, "manga": WorkKind.COMIC, "comic": WorkKind.COMIC,
              "novel": WorkKind.BOOK}
# The word before the title that says its kind: "the film <i>Psycho</i>", "his 2011 debut <em>Solar Flare</em>"
_KIND_BEFORE = re.compile(r"(?i)\b(?:(?P<film>film|movie|picture)|(?P<album>album|lp|ep|record|debut|follow-up|sophomore)|"
                          r"(?P<tv>series|show|sitcom|anime)|(?P<book>novel|book|memoir)|(?P<comic>manga|comic|graphic novel))\s*,?\s*$")
_SMALL = frozenset(["a", "an", "and", "at", "by", "de", "del", "der", "des", "di", "du", "for", "from", "in", "la", "le", "les", "of", "on", "or", "the", "to", "with", "y"])
_DATE_ONLY = re.compile(r"(?i)^(?:\w+\s+)?\d{1,2}(?:[-–]\d{1,2})?,?\s+\d{4}$|^\d{4}(?:[-–]\d{2,4})?$")
_SENTENCE_END = re.compile(r"[.!?]$")


def _title_cased(text: str) -> bool:
    """Most words capitalised, as a title is written ("Growing Seeds"), not a phrase ("inviting textures")."""
    words = [w for w in re.findall(r"[^\W_][\w'’\-]*", text) if w.casefold() not in _SMALL]
    return bool(words) and 2 * sum(1 for w in words if w[:1].isupper() or w[:1].isdigit()) > len(words)


def add_cited_works(b: Builder, doc: Doc, cited: list[tuple[str, str]]) -> None:
    """Each cited title the page's works do not already hold becomes a work, of the kind its link
    names, else of the kind the words before it name, else of the page's own kind. Marks that
    are not titles are passed over: dates, phrases in lower case and a sentence set in italics
    for emphasis (``html.py`` has already left out italic links whose address names no kind)."""
    if not b.works:
        return
    main = b.works[0]
    if main.kind not in (WorkKind.ALBUM, WorkKind.FILM, WorkKind.TV_SERIES, WorkKind.BOOK, WorkKind.COMIC):
        return
    known = {fold(t.text) for w in b.works for t, _ in w.titles}
    known |= {fold(r.title[0]) for r in b.releases if r.title}
    for title, hint in cited:
        title = title.strip(" \"'“”‘’,;:")
        key = fold(title)
        if not title or not (title[:1].isupper() or title[:1].isdigit()) or any(key in k for k in known):
            continue  # (a part of a title the page has: "Yankee Hotel" of "Yankee Hotel Foxtrot")
        if _DATE_ONLY.match(title) or not plausible_title(title) or generic_only(title) or not _title_cased(title):
            continue
        if _SENTENCE_END.search(title) and len(title.split()) > 3:
            continue  # a sentence set in italics for emphasis
        kind = _HINT_KIND.get(hint)
        span = doc.find(title)
        if span is None:
            continue  # never named in the text the page's facts are read from
        if kind is None:
            before = doc.text[max(0, span.start - 40) : span.start]
            m = _KIND_BEFORE.search(before)
            if m is not None:
                kind = (WorkKind.FILM if m.group("film") else WorkKind.ALBUM if m.group("album") else
                        WorkKind.TV_SERIES if m.group("tv") else WorkKind.BOOK if m.group("book") else WorkKind.COMIC)
            else:
                kind = main.kind
        known.add(key)
        b.new_work(kind, title, span)
