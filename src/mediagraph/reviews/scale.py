"""Rating scales: reading a rating as given ("5/6", "★★★½", "B+") and putting it on 0–100.

``parse_rating`` turns text into a :class:`~mediagraph.model.Rating` (value, best, worst, the
original text kept); ``normalise`` maps a Rating to a 0–100 score, or flags it with a reason
when it cannot honestly be used (out of scale, negative, unreadable). The conventions are
documented in docs/RATINGS.md.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Mapping
from decimal import ROUND_HALF_UP, Decimal

import msgspec

from mediagraph.model import Rating
from mediagraph.model.vocab import GRADE_BEST, GRADE_STEPS

# schema.org Rating: "If bestRating is not specified, 5 is assumed"; worstRating defaults to 1.
SCHEMA_BEST = 5.0
SCHEMA_WORST = 1.0
# A star count with no "of N" is read against five stars; a star scale starts at zero stars.
STAR_BEST = 5.0

# A = 100, B+ = 83, B- = 67, F = 0 (steps of 8⅓; the table lives in model.vocab).
LETTER_GRADES: Mapping[str, float] = {g: s * 100 / GRADE_BEST for g, s in GRADE_STEPS.items()}

# Flags: why a rating was kept as text and left out of aggregates.
UNPARSEABLE = "unparseable"
OUT_OF_SCALE = "out_of_scale"
NEGATIVE = "negative"
BAD_SCALE = "bad_scale"


class Normalised(msgspec.Struct, frozen=True, kw_only=True):
    """A rating on 0–100, or ``score=None`` with a ``flag`` and a one-line ``reason``."""

    score: float | None
    flag: str | None = None
    reason: str | None = None
    scale_assumed: bool = False

    @property
    def usable(self) -> bool:
        return self.score is not None


_NUM = r"[+-]?(?:\d+(?:[.,]\d+)?|[.,]\d+)"
_FRACTION_CHARS = {"½": 0.5, "¼": 0.25, "¾": 0.75, "⅓": 1 / 3, "⅔": 2 / 3}
_LABEL = re.compile(
    r"^\s*(?:rating|rated|score|verdict|grade|note|our\s+rating)\s*[:=\-–]?\s*", re.I
)
_OVER = re.compile(
    rf"^({_NUM})\s*(?:/|out\s+of|of|on|\bin\b)\s*({_NUM})(?:\s*(?:stars?|points?|pts))?$", re.I
)
_OVER_BOUNDS = re.compile(rf"^({_NUM})\s*\(\s*({_NUM})\s*(?:-|–|to)\s*({_NUM})\s*\)$", re.I)
_PERCENT = re.compile(rf"^({_NUM})\s*(?:%|percent|per\s*cent)$", re.I)
_STARS_WORD = re.compile(rf"^({_NUM})?\s*([½¼¾⅓⅔]|\s1/2)?\s*(?:stars?|★+)$", re.I)
_GLYPHS = re.compile(r"^([★*✭✮✯⭐]*)\s*([½]?)\s*([☆✩]*)$")
_BARE = re.compile(rf"^({_NUM})$")
_THUMBS_UP = frozenset({"👍", "thumbs up", "thumb up", "thumbs-up", "up"})
_THUMBS_DOWN = frozenset({"👎", "thumbs down", "thumb down", "thumbs-down", "down"})


def _num(s: str) -> float:
    return float(s.replace(",", "."))


def _fold(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", text).split()).strip().rstrip(".!")


def parse_rating(text: str, *, verdicts: Mapping[str, float] | None = None) -> Rating | None:
    """Read a rating as written; ``None`` only for empty text.

    An unreadable rating still comes back, with ``value=None`` and the text kept, so that
    ``normalise`` can flag it. ``verdicts`` maps a source's own words ("Must see") to 0–100;
    words are never guessed without one.
    """
    if not text or not text.strip():
        return None
    original = text.strip()
    # NFKC would turn "½" into "1⁄2" and "★" is untouched, so fold spaces only for glyphs.
    body = _LABEL.sub("", " ".join(original.split()))
    if verdicts:
        by_word = {_fold(k).casefold(): v for k, v in verdicts.items()}
        hit = by_word.get(_fold(body).casefold())
        if hit is not None:
            return Rating(text=original, value=float(hit), best=100.0, worst=0.0)
    return _parse_form(original, body.strip().rstrip("."))


def _parse_form(original: str, body: str) -> Rating:
    def rating(value: float, best: float, worst: float, *, assumed: bool = False) -> Rating:
        return Rating(text=original, value=value, best=best, worst=worst, scale_assumed=assumed)

    if m := _OVER.match(body):
        return rating(_num(m[1]), _num(m[2]), 0.0)
    if m := _OVER_BOUNDS.match(body):  # "7 (1-10)": value with an explicit range
        return rating(_num(m[1]), _num(m[3]), _num(m[2]))
    if m := _PERCENT.match(body):
        return rating(_num(m[1]), 100.0, 0.0)
    if (m := _GLYPHS.match(body)) and (m[1] or m[2]):
        filled = len(m[1]) + (0.5 if m[2] else 0.0)
        empty = len(m[3])
        if empty:  # "★★★★☆" shows its own scale
            return rating(filled, filled + empty + (0.5 if m[2] else 0.0), 0.0)
        return rating(filled, STAR_BEST, 0.0, assumed=True)
    if m := _STARS_WORD.match(body.replace("1/2", "½") if " 1/2" in body else body):
        value = _num(m[1]) if m[1] else 0.0
        if m[2]:
            value += _FRACTION_CHARS.get(m[2].strip(), 0.5)
        if m[1] or m[2]:
            return rating(value, STAR_BEST, 0.0, assumed=True)
    if (grade := _grade_of(body)) is not None:
        return rating(LETTER_GRADES[grade], 100.0, 0.0)
    low = body.casefold()
    if low in _THUMBS_UP:
        return rating(1.0, 1.0, 0.0)
    if low in _THUMBS_DOWN:
        return rating(0.0, 1.0, 0.0)
    if m := _BARE.match(body):
        return rating(_num(m[1]), SCHEMA_BEST, SCHEMA_WORST, assumed=True)
    return Rating(text=original)


def _grade_of(text: str) -> str | None:
    """ "B+" (also "Grade: B +", "b−") → "B+"; None when the text is not a letter grade."""
    body = _LABEL.sub("", text.strip()).strip().rstrip(".")
    grade = body.upper().replace(" ", "").replace("−", "-").replace("–", "-")
    return grade if grade in LETTER_GRADES else None


def rating_from_values(
    value: float | str | None,
    *,
    best: float | str | None = None,
    worst: float | str | None = None,
    text: str | None = None,
) -> Rating:
    """A Rating from structured fields (schema.org ``ratingValue``/``bestRating``/``worstRating``).

    Missing bounds take schema.org's defaults (best 5, worst 1) and mark the scale assumed.
    """

    def as_float(x: float | str | None) -> float | None:
        if x is None or (isinstance(x, str) and not x.strip()):
            return None
        try:
            return _num(x) if isinstance(x, str) else float(x)
        except ValueError:
            return math.nan

    v, b, w = as_float(value), as_float(best), as_float(worst)
    shown = text if text is not None else ("" if value is None else str(value))
    if v is None or math.isnan(v):
        return Rating(text=shown)
    assumed = b is None or w is None
    return Rating(
        text=shown,
        value=v,
        best=SCHEMA_BEST if b is None else b,
        worst=SCHEMA_WORST if w is None else w,
        scale_assumed=assumed,
    )


def round_score(x: float) -> float:
    """Round half up to a whole point: 83.33 → 83, 12.5 → 13 (not banker's 12)."""
    return float(Decimal(repr(x)).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def normalise(rating: Rating) -> Normalised:
    """Put a rating on 0–100 (worst → 0, best → 100), or flag why it cannot be used."""
    v, best, worst = rating.value, rating.best, rating.worst
    assumed = rating.scale_assumed
    grade = _grade_of(rating.text)
    if grade is not None:
        # A letter grade's text is the fact; whatever numbers a reader attached to it, the
        # documented table decides, so "B+" is 83 wherever it came from.
        v, best, worst, assumed = LETTER_GRADES[grade], 100.0, 0.0, False

    def flagged(flag: str, reason: str) -> Normalised:
        return Normalised(score=None, flag=flag, reason=reason, scale_assumed=assumed)

    if v is None:
        return flagged(UNPARSEABLE, f"rating {rating.text!r} could not be read as a score")
    if best is None or worst is None:
        best = SCHEMA_BEST if best is None else best
        worst = SCHEMA_WORST if worst is None else worst
        assumed = True
    if not all(math.isfinite(x) for x in (v, best, worst)):
        return flagged(UNPARSEABLE, f"rating {rating.text!r} is not a finite number")
    if best <= worst:
        return flagged(
            BAD_SCALE, f"rating {rating.text!r} has an empty scale ({worst:g} to {best:g})"
        )
    if v < 0 and worst >= 0:
        return flagged(NEGATIVE, f"rating {rating.text!r} is negative")
    if v > best:
        return flagged(OUT_OF_SCALE, f"rating {rating.text!r} is above its best ({best:g})")
    if v < worst:
        return flagged(OUT_OF_SCALE, f"rating {rating.text!r} is below its worst ({worst:g})")
    return Normalised(score=round_score((v - worst) / (best - worst) * 100), scale_assumed=assumed)


def score_text(text: str, *, verdicts: Mapping[str, float] | None = None) -> Normalised | None:
    """``normalise(parse_rating(text))``; ``None`` for empty text."""
    rating = parse_rating(text, verdicts=verdicts)
    return None if rating is None else normalise(rating)
