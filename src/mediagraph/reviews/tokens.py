"""Splitting review text into sentences and sentences into the n-gram terms the lexicon scores."""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections.abc import Iterator

# A sentence ends at . ! ? … followed by space and a capital, digit, quote or bracket; the
# lookbehinds keep common abbreviations ("e.g.", "Mr.", "vs.") and initials inside one sentence.
_SENTENCE_END = re.compile(
    r"(?<!\b[A-Z])(?<!\be\.g)(?<!\bi\.e)(?<!\bMr)(?<!\bMrs)(?<!\bDr)(?<!\bvs)(?<!\bSt)"
    r"(?:[.!?…]+[\"'”’)\]]*)\s+(?=[\"'“‘(\[A-Z0-9¡¿])"
)
_BREAK = re.compile(r"\n\s*\n|\r\n\s*\r\n")
_WORD = re.compile(r"[a-z0-9]+(?:['’][a-z]+)?|[!?]")
_NEGATORS = frozenset(
    [
        "not",
        "no",
        "never",
        "nothing",
        "nobody",
        "none",
        "neither",
        "nor",
        "cannot",
        "can't",
        "don't",
        "doesn't",
        "didn't",
        "isn't",
        "aren't",
        "wasn't",
        "weren't",
        "won't",
        "wouldn't",
        "shouldn't",
        "couldn't",
        "hardly",
        "barely",
        "without",
        "lacks",
        "lacking",
    ]
)
_CLAUSE_END = frozenset(["!", "?", "but", "however", "although", "though", "yet"])


def split_sentences(text: str) -> list[str]:
    """The sentences of ``text``; paragraphs always break, short fragments are kept."""
    out: list[str] = []
    for para in _BREAK.split(text.strip()):
        para = " ".join(para.split())
        if not para:
            continue
        out.extend(s.strip() for s in _SENTENCE_END.split(para) if s.strip())
    return out


def words(text: str) -> list[str]:
    """Lower-cased word tokens; curly apostrophes are folded so "don’t" matches "don't"."""
    folded = unicodedata.normalize("NFKC", text).lower().replace("’", "'")
    # The ground-truth sentences write "''" for quotes and "--" for dashes; neither carries
    # sentiment, and dropping them keeps training text and user text alike.
    return _WORD.findall(folded)


def terms(text: str) -> Iterator[str]:
    """Unigrams and bigrams, with words after a negator prefixed ``NOT_`` until the clause ends.

    The negation prefix lets the lexicon learn that "not funny" is not "funny"; bigrams catch
    fixed phrases ("fall flat", "must see").
    """
    yield from terms_of(words(text))


def terms_of(tokens: list[str]) -> Iterator[str]:
    """``terms`` of a text already split by ``words``."""
    toks: list[str] = []
    negated = False
    for w in tokens:
        if w in _CLAUSE_END:
            negated = False
            toks.append(w)
            continue
        toks.append("NOT_" + w if negated else w)
        if w in _NEGATORS or w.endswith("n't"):
            negated = True
    yield from toks
    for a, b in itertools.pairwise(toks):
        yield f"{a} {b}"


def term_sets(tokens: list[str], *, tail: int) -> tuple[set[str], set[str]]:
    """The distinct ``terms_of`` a text and those of its last ``tail`` words.

    A review's verdict is often at its end ("in the end, a mess"); the lexicon weighs the
    terms found there more. The tail's terms are read on their own, so negation does not
    carry into it from the words before.
    """
    return set(terms_of(tokens)), set(terms_of(tokens[-tail:])) if tail else set()


CHAR_SIZES = (3, 4, 5)


def char_grams(text: str) -> list[str]:
    """Character 3-, 4- and 5-grams of the lower-cased words joined by single spaces.

    They catch what whole-word terms miss: inflections and rare forms of a known word
    ("charmless", "overlong", "masterfully"), misspellings, and words seen once in training.
    """
    joined = " " + " ".join(words(text)) + " "
    return [joined[i : i + n] for n in CHAR_SIZES for i in range(len(joined) - n + 1)]
