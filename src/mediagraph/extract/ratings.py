"""Rating text read into (value, best, worst) on the source's own scale; never invented.

Scale rules, so every consumer reads a rating the same way:

- ``x/y``, ``x out of y``, ``x of y``: value x, best y, worst 0 (these scales start at 0).
- Star glyphs: filled stars (½ adds 0.5). With empty stars shown the best is their total,
  else 5 is assumed (``scale_assumed``). Worst is 0. ``****`` reads like stars.
- ``4 stars`` / ``4.5 stars``: best 5 assumed unless "out of"/"of" gives it; worst 0.
- Letter grades: twelfths by ``model.vocab.GRADE_STEPS`` (A=A+=12, B+=10, B-=8, F=0), best 12,
  worst 0, so B+ reads 10/12 here and scores 83 in reviews.
- A bare number ("Rating: 8"): best 10 when the number is above 5, else 5; worst 0 for a
  best of 10 or 100, and the schema.org default 1 for a best of 5; ``scale_assumed`` is True.
- Text with no number, grade or glyph ("Rating: Star Rating", a lost image) gives no rating.
"""

from __future__ import annotations

import functools
import re

from mediagraph.extract.memo import line_cache
from mediagraph.model import Rating
from mediagraph.model.vocab import GRADE_BEST, GRADE_STEPS

_NUM = r"(\d{1,3}(?:[.,]\d{1,2})?)"
_FRACTION = re.compile(rf"(?<![\d/.]){_NUM}\s*(?:/|out of|of|sur|von|su|de)\s*(\d{{1,3}})(?![\d/])", re.I)
_STARS = re.compile(r"[★☆✭✮⭐✩✪✫✬✯✰✦✧½⯨][★☆✭✮⭐✩✪✫✬✯✰✦✧½⯨\ufe0f]*|\*{1,5}(?:\s*1/2|½)?")  # (an emoji star may carry U+FE0F)
_FILLED = set("★✭⭐✪✫✬✯✰✦")
_EMPTY = set("☆✩✮✧")
_WORD_STARS = re.compile(rf"{_NUM}\s*(?:1/2\s*|½\s*)?(?:stars?|étoiles?|sterne?n?|estrellas?)(?:\s*(?:out of|of|/)\s*(\d{{1,2}}))?", re.I)
_GRADE = re.compile(r"(?<![\w])([A-DF])([+\-−]?)(?![\w+\-])")
_BARE = re.compile(rf"^{_NUM}(?:\s*(?:points?|pts))?\.?$")


def _num(text: str) -> float:
    return float(text.replace(",", "."))


def _clean(value: float) -> float:
    return float(value)


def parse_rating(text: str, *, allow_grade: bool = True, allow_bare: bool = True) -> Rating | None:
    """Read one rating from short text ("Verdict: 3.5/10", "★★★½", "B+"), or None."""
    t = text.strip()
    if not t or len(t) > 80:
        return None
    return _parse_rating(t, allow_grade, allow_bare)


# Cached (a Rating is immutable): the readers ask about the same lines many times.
@functools.lru_cache(maxsize=8192)
def _parse_rating(t: str, allow_grade: bool, allow_bare: bool) -> Rating | None:
    m = _FRACTION.search(t)
    if m:
        value, best = _num(m.group(1)), float(m.group(2))
        if 0 < best <= 100 and value <= best:
            return Rating(text=_trim(t, m), value=_clean(value), best=best, worst=0.0)
    m = _WORD_STARS.search(t)
    if m:
        stars = _num(m.group(1)) + (0.5 if re.search(r"1/2|½", m.group(0)) else 0.0)
        scale = float(m.group(2)) if m.group(2) else None
        if scale is None and stars > 10:
            return None  # "12 stars" is a count, not a score
        if scale is None or stars <= scale:
            # "9 Stars" with no scale: a site that gives up to ten stars, never nine of five
            best = scale or (5.0 if stars <= 5 else 10.0)
            return Rating(text=m.group(0).strip(), value=stars, best=best, worst=0.0, scale_assumed=scale is None)
    m = _STARS.search(t)
    if m and (m.group(0).strip("*") != "" or len(m.group(0)) <= 5):
        glyphs = m.group(0)
        if glyphs.startswith("*"):
            filled = glyphs.count("*")
            empty = 0
        else:
            filled = sum(1 for c in glyphs if c in _FILLED)
            empty = sum(1 for c in glyphs if c in _EMPTY)
        half = 0.5 if ("½" in glyphs or "1/2" in glyphs or "⯨" in glyphs) else 0.0
        if filled or half:
            total = filled + empty + (1 if half else 0)
            assumed = empty == 0
            best = 5.0 if assumed else float(total)
            if filled + half <= best:
                return Rating(text=glyphs.strip(), value=filled + half, best=best, worst=0.0,
                              scale_assumed=assumed)
    if allow_grade:
        m = _GRADE.search(t)
        if m and (len(t) <= 3 or re.search(r"grade|note|rating|verdict|score", t, re.I)):
            steps = GRADE_STEPS[m.group(1) + m.group(2).replace("−", "-")]
            return Rating(text=m.group(0), value=float(steps), best=float(GRADE_BEST), worst=0.0)
    if allow_bare:
        tail = re.sub(r"^[^:]*:\s*", "", t)
        m = _BARE.match(tail)
        if m:
            value = _num(m.group(1))
            if value <= 5:
                return Rating(text=m.group(1), value=value, best=5.0, worst=1.0, scale_assumed=True)
            if value <= 10:
                return Rating(text=m.group(1), value=value, best=10.0, worst=0.0, scale_assumed=True)
            if value <= 100:
                return Rating(text=m.group(1), value=value, best=100.0, worst=0.0, scale_assumed=True)
    return None


def _trim(text: str, m: re.Match[str]) -> str:
    return m.group(0).strip()


_LABEL = re.compile(
    r"^(?:(?:our|my|final|overall|the|(?!(?:users?|average|avg|audience|community|members?|your|imdb|readers?|critics?|tomatometer|metascore)\b)[A-Z][\w’'.\-]{2,20})\s+)?"
    r"(?:rating|verdict|score|grade|note|wertung|bewertung|overall|valoración|giudizio|"
    r"calificación|puntuación|voto|valutazione|stars?|évaluation)\b\s*[:\-–—]?\s*(.*)$",
    re.IGNORECASE,
)


@line_cache
def rating_line(text: str) -> tuple[Rating | None, int] | None:
    """For a labelled line ("Rating: 8", "Verdict: 5/6"), the rating (or None when the label
    holds no readable rating) and the offset of its text; None when the line has no label."""
    m = _LABEL.match(text.strip())
    if not m:
        return None
    value = m.group(1).strip()
    lead = len(text) - len(text.lstrip())
    offset = lead + m.start(1)
    if not value or len(value) > 40:
        return (None, offset) if not value or len(value) > 40 else None
    r = parse_rating(value)
    if r is not None:
        i = text.find(r.text, offset)
        return r, (i if i >= 0 else offset)
    return None, offset


# Many raters' figure, not one reviewer's: a count of raters beside it ("8.9/10 (298,638 votes)",
# "3.98 | 14 ratings", "by 16,830 users", "★ 0.0 (0 votes)"), or a label that says so.
_RATER_COUNT = re.compile(
    r"(?:\b(?:by|from|of|on|based on)\s+|[(|]\s*)\d[\d,.\s]*[KkM]?\s*"
    r"(?:users?|votes?|ratings?|members?|people|persons|voters?|reviews?|critics?|avis|votos|voti|bewertungen|stimmen|hodnocení)\b",
    re.I,
)
_AGGREGATE_LABEL = re.compile(
    r"^(?:(?:imdb|tmdb|letterboxd|metacritic|allmusic|site|our)\s+)?(?:avg\.?|average|mean|overall|community|users?['’]?|"
    r"members?['’]?|audience|readers?['’]?|fans?['’]?|public|imdb|weighted)\s+(?:rating|score|grade)s?\b|"
    r"^(?:tomatometer|metascore|audience score|average rating|avg\. rating)\b",
    re.I,
)
_BARE_COUNT = re.compile(r"^\(?\d[\d,.]*\s*[KkM]\)?$|^\(?\d[\d,.]*\s*(?:votes?|ratings?|users?|reviews?)\)?$", re.I)


@line_cache
def is_aggregate(text: str) -> bool:
    """A line or field that holds many raters' figure: "User Rating: 8.9/10 (298,638 votes)"."""
    t = text.strip()
    return bool(_RATER_COUNT.search(t) or _AGGREGATE_LABEL.match(t))


def aggregate_neighbour(before: str | None, after: str | None) -> bool:
    """A score standing alone whose neighbours make it an aggregate: "IMDb RATING" above, or
    a count of raters ("422K", "(14 votes)") below."""
    return bool((before and _AGGREGATE_LABEL.match(before.strip())) or (after and _BARE_COUNT.match(after.strip())))


_LEADING_STARS = re.compile(r"^\s*(?P<g>[★☆✭✮⭐✩✪✫✬✯✰✦✧½⯨][★☆✭✮⭐✩✪✫✬✯✰✦✧½⯨\ufe0f ]{0,20}?)\s*[–—:-]\s+\S")


def leading_stars(text: str) -> tuple[Rating, int, int] | None:
    """Stars that open a capsule review's text ("⭐️⭐️⭐️⭐️ – Parfois, la vérité …"): the rating and
    where its glyphs stand in the line."""
    m = _LEADING_STARS.match(text)
    if m is None:
        return None
    r = parse_rating(m.group("g").replace(" ", ""), allow_grade=False, allow_bare=False)
    return (r, m.start("g"), m.end("g")) if r is not None else None


@line_cache
def glyph_line(text: str) -> Rating | None:
    """A line that is only a rating: star glyphs, "4/5", "3.5 out of 5", "B+"."""
    t = text.strip()
    if not t or len(t) > 24:
        return None
    if _STARS.fullmatch(t.replace(" ", "")) or _FRACTION.fullmatch(t) or _WORD_STARS.fullmatch(t):
        return parse_rating(t, allow_bare=False)
    return None


__all__ = ["aggregate_neighbour", "glyph_line", "is_aggregate", "leading_stars", "parse_rating", "rating_line"]
