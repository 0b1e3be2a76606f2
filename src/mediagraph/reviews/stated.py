"""A rating a review's text states about itself ("8/10", "3 out of 5", "four stars"), on 0–100.

Users often end a review with their verdict as a number. Such a number is a strong clue, not the
reviewer's rating: it may be another's ("the critics gave it 2 stars"), a part's ("10/10 for the
score, the rest is dull") or a scale the text does not name. The estimator weighs it with what
the words say, by a weight and a band measured on reviews whose real rating is known.
"""

from __future__ import annotations

import re

from mediagraph.reviews.scale import score_text

_NUMBER_WORDS = {
    "zero": "0",
    "one": "1",
    "two": "2",
    "three": "3",
    "four": "4",
    "five": "5",
    "six": "6",
    "seven": "7",
    "eight": "8",
    "nine": "9",
    "ten": "10",
}
_NUMBER = r"\d{1,2}(?:[.,]\d)?|" + "|".join(_NUMBER_WORDS)
# "8/10", "7 out of 10", "4.5/5 stars"; not a date ("5/10/2004"), a ratio ("24/7") or a share
# ("1/10 of the budget"). "9 out of 10 doctors" still passes: the weight learned on real
# reviews covers such slips.
_OVER = re.compile(
    rf"(?<![\w/.,])({_NUMBER})\s*(?:/|out\s+of)\s*(5|10|100)(?![\w/]|[.,]\d|\s+of\b)(?:\s*stars?)?",
    re.IGNORECASE,
)
# "4 stars", "three and a half stars", "3½ stars", "5-star"
_STARS = re.compile(
    rf"(?<![\w/.,])({_NUMBER})(\s*(?:½|1/2|and\s+a\s+half))?\s*-?\s*stars?\b",
    re.IGNORECASE,
)


def _number(word: str) -> str:
    return _NUMBER_WORDS.get(word.lower(), word)


def stated_score(text: str) -> tuple[float, str] | None:
    """The last rating ``text`` states, on 0–100, and the words that state it; None if none.

    The last, because a verdict closes a review; a number on a scale of its own that
    ``scale.score_text`` cannot read (7/5) is passed over.
    """
    found: list[tuple[int, float, str]] = []
    taken: list[tuple[int, int]] = []
    for m in _OVER.finditer(text):
        got = score_text(f"{_number(m[1])}/{m[2]}")
        taken.append(m.span())
        if got is not None and got.score is not None:
            found.append((m.start(), got.score, m[0]))
    for m in _STARS.finditer(text):
        if any(a <= m.start() < b for a, b in taken):  # the "5 stars" of "4 out of 5 stars"
            continue
        half = "½" if m[2] else ""
        got = score_text(f"{_number(m[1])}{half} stars")
        if got is not None and got.score is not None:
            found.append((m.start(), got.score, m[0]))
    if not found:
        return None
    _, score, words = max(found)
    return score, " ".join(words.split())
