"""A box of critics' scores, as encyclopedias print one beside an album or a film:

    Professional ratings
    Review scores
    Source: Rating
    AllMusic: 3.5/5 stars [6]
    Exclaim!: Favourable [10]

Each row is one publication's review of the page's work: the publication and the score it gave
(or its verdict in words), never a text. An "Aggregate scores" part (Metacritic's mean) is many
critics' mean and is passed over. Rows whose score was drawn as pictures the page's text lost
("Allmusic | [1] |") still say that the publication reviewed the work: a review without a score."""

from __future__ import annotations

import re

from mediagraph.extract.doc import Doc, Line
from mediagraph.extract.draft import Builder
from mediagraph.extract.memo import fold
from mediagraph.extract.ratings import parse_rating
from mediagraph.model import Rating

_BOX = re.compile(r"(?i)^\W*(?:professional ratings|review scores|critical ratings|critic scores)\W*$")
_BOX_CUE = re.compile(r"(?i)professional ratings|review scores|critical ratings|critic scores")
_AGGREGATE = re.compile(r"(?i)^\W*(?:aggregate scores?|aggregate ratings?)\W*$")
_COLUMNS = re.compile(r"(?i)^\W*(?:source|publication)\s*[:|\t]?\s*(?:rating|score)\s*\|?\W*$")
# a row flattened with nothing between its cells: "Entertainment WeeklyB+[4]", "Billboard(favorable)[3]", "About.com[1]"
_GLUED_ROW = re.compile(r"^(?P<src>.{2,40}?[a-z.!)])(?P<val>\([a-z][a-z ]+\)|[A-F][+\-−]?|\d{1,3}(?:\.\d)?\s*/\s*\d{1,3}.*)?(?P<note>(?:\[\d{1,3}\])*)$")
_NOTE = re.compile(r"\s*\[(?:\d{1,3}|[a-z]|note \d+)\]")
_VERDICT = re.compile(r"^\(?(?P<v>[A-Za-z][a-z]+(?:[ -][a-z]+)?)\)?$")  # "Favourable", "(unfavorable)", "mixed"
_SOURCE = re.compile(r"^[\w“\"'’.!&+ \-]{2,40}$")
_WORDS_NOT_SCORES = frozenset({"link", "review", "positive review", "see", "here"})


def _cells(text: str) -> tuple[str, str] | None:
    t = text.strip().strip("|").strip()
    for sep in ("\t", "|", ": "):
        if sep in t:
            src, _, val = t.partition(sep)
            return src.strip(), val.strip(" |")
    m = _GLUED_ROW.match(t)
    if m is not None and (m.group("val") or m.group("note")):
        return m.group("src").strip(), (m.group("val") or "") + m.group("note")
    return None


def add_score_box_reviews(b: Builder, doc: Doc) -> None:
    """A review for each row of each score box the page prints, of the page's main work."""
    if not b.works or not _BOX_CUE.search(doc.text):
        return
    main = b.works[0]
    lines = [ln for ln in doc.lines if ln.text.strip()]
    have = {fold(v.site) for v in b.reviews if v.site}
    k = 0
    while k < len(lines):
        if not _BOX.match(lines[k].text):
            k += 1
            continue
        k += 1
        aggregate = False
        while k < len(lines):
            ln = lines[k]
            if _BOX.match(ln.text) or _COLUMNS.match(ln.text):
                aggregate = False if _BOX.match(ln.text) else aggregate
                k += 1
                continue
            if _AGGREGATE.match(ln.text):
                aggregate = True
                k += 1
                continue
            row = _cells(ln.text)
            if row is None or not _SOURCE.match(row[0]) or len(row[1]) > 40:
                break
            k += 1
            if not aggregate:
                _add_row(b, main.key, ln, row, have)


def _add_row(b: Builder, subject: str, ln: Line, row: tuple[str, str], have: set[str]) -> None:
    src, val = row
    key = fold(src)
    if not key or key in have:
        return
    value = _NOTE.sub("", val).strip()
    if value.startswith("(") and value.endswith(")"):
        value = value[1:-1].strip()  # "(C-)", "(6/10)": the score in the brackets a flattened table kept
    rating: Rating | None = None
    if value and value.casefold() not in _WORDS_NOT_SCORES:
        rating = parse_rating(value, allow_grade=True, allow_bare=False)
        if rating is None and (m := _VERDICT.match(value)) is not None:
            rating = Rating(text=m.group("v"))
    have.add(key)
    v = b.new_review(subject)
    v.site = src
    if rating is not None:
        at = ln.text.find(val) if val else -1
        v.rating = (rating, ln.span(at, at + len(value)) if at >= 0 else ln.span())
