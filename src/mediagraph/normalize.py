"""Text folding shared by search and resolution: accents, case, romanisation and punctuation."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Long vowels in Japanese romanisation: Yûzo / Yuuzo / Yuzo, Kôsei / Kousei / Kosei / Kohsei.
# "oh" is a long o only before a consonant or at the end (Kohsei, Ohtomo), not in Ko-hei.
_LONG_VOWEL_RE = re.compile(r"ou|oo|uu|aa|ii|ee|oh(?![aeiouy])")
_LONG_VOWEL_MAP = {"ou": "o", "oo": "o", "uu": "u", "aa": "a", "ii": "i", "ee": "e", "oh": "o"}
_ROMAN_NUMERAL = re.compile(r"^[ivxlcdm]+$")
_SPECIAL = str.maketrans({"ß": "ss", "æ": "ae", "œ": "oe", "ø": "o", "đ": "d", "ł": "l", "þ": "th", "ı": "i"})
_NON_WORD = re.compile(r"[^\w]+", re.UNICODE)
_AMP = re.compile(r"\s*[&＆+]\s*")


def _strip_marks(char: str) -> str:
    # Only alphabetic scripts lose their diacritics; kana voicing marks change the letter.
    return "".join(c for c in unicodedata.normalize("NFKD", char) if not unicodedata.combining(c))


# Runs of alphabetic-script characters (below U+2000) lose their marks; ASCII is left alone.
_ACCENTED = re.compile("[\u0080-\u1fff]+")


def _strip_run(m: re.Match[str]) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", m.group(0)) if not unicodedata.combining(c))


# Cached: extraction folds the same names and titles again at every comparison (a 50 MB
# page spent 7 s here), and resolution folds each candidate's names once per record.
@lru_cache(maxsize=1 << 16)
def fold(text: str) -> str:
    """Lowercase, strip accents, ``&``→``and``, drop punctuation, collapse spaces."""
    t = unicodedata.normalize("NFKC", text).casefold().translate(_SPECIAL)
    t = _AMP.sub(" and ", t)
    if not t.isascii():
        t = _ACCENTED.sub(_strip_run, t)
    t = t.replace("_", " ")
    return " ".join(_NON_WORD.sub(" ", t).split())


def romanise(folded: str) -> str:
    """Collapse long-vowel spellings of folded text so romanisation variants compare equal."""
    if not folded.isascii():
        return folded
    return " ".join(_settle(w) for w in folded.split(" "))


@lru_cache(maxsize=1 << 16)
def _settle(word: str) -> str:
    # Cached: a catalog's titles and names are made of far fewer words than it has records.
    if _ROMAN_NUMERAL.match(word):  # "II" and "III" are numbers, not long vowels
        return word
    while True:  # "koohei" → "kohei" needs the rules applied until nothing changes
        shorter = _LONG_VOWEL_RE.sub(lambda m: _LONG_VOWEL_MAP[m.group(0)], word)
        if shorter == word:
            return word
        word = shorter


# Cached as ``fold`` is: a page's refresh and resolution fold the same titles and names several
# times (its label, search key, candidates' labels), each a fold and a romanisation.
@lru_cache(maxsize=1 << 16)
def match_key(text: str) -> str:
    """The key two names must share to count as the same spelling: folded and romanised."""
    return romanise(fold(text))


def tokens(text: str) -> list[str]:
    return match_key(text).split()


__all__ = ["fold", "match_key", "romanise", "tokens"]
