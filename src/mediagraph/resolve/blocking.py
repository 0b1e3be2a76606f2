"""Blocking keys: which catalog entities a record is compared with at all.

One function, ``blocking_keys``, names the keys of a record; the in-catalog resolver
(``resolve/ingest.py``) and the in-memory engine (``resolve/engine.py``) both block with it, so
a benchmark of the engine measures the blocking the product uses. Keys are typed strings:

  ``t:``  a folded title (``match_key``): accents, case, romanisation and ``&``/and agree
  ``c:``  the compact title: no leading article, no spaces or hyphens ("spiderman")
  ``o:``  the words sorted, articles dropped: reordered titles
  ``w:``  the words with one of them blanked out but for its first (or its last) letter: a
          typo (a wrong, missing, extra or swapped letter) spoils one word, so a misspelt
          title shares a key with the right spelling
  ``d:``  a one-word title with one letter deleted, for the same reason
  ``y:``  a creator with the year: alternate and translated titles by the same person
  ``a:``  a creator with the kind and the title's first letter: a title with two typos by the
          same person

Creators enter ``y:`` and ``a:`` keys as surname-and-initial forms ("toth j" for both "J. Tóth"
and "Joseph Toth"), so initials and word order do not hide a shared creator.
  ``n:``  a catalog number, ``b:`` a barcode: releases

The catalog's store indexes the folded label only, so ``label_keys`` picks the ``t:`` keys for
it; the in-memory engine indexes every family.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache

from rapidfuzz import fuzz

from mediagraph.model.codec import EntityRecord
from mediagraph.model.identifiers import IdScheme
from mediagraph.model.records import Agent, Citation, Release, Review, Work
from mediagraph.model.vocab import WorkKind
from mediagraph.normalize import romanise
from mediagraph.resolve.describe import label_key_of
from mediagraph.resolve.match import (
    ARTICLES,
    DEFINING_ROLES,
    catalog_number,
    compact,
    folded,
    key,
    role_of,
)

# Single words shorter than this get no one-deletion keys: they would share keys with too many.
_MIN_DELETE = 4


@lru_cache(maxsize=1 << 18)
def _exact_family(folded: str) -> frozenset[str]:
    """The ``t:`` and ``c:`` keys of one folded title: what releases block with."""
    if not folded:
        return frozenset()
    out = {"t:" + folded, "c:" + compact(folded)}
    first, *rest = folded.split()
    if rest and first not in ARTICLES and len(first) <= 4 and fuzz.ratio(first, "the") >= 66:
        out.add("c:" + "".join(rest))  # a misspelt article: "Teh Child", "Ths Child"
    return frozenset(out)


@lru_cache(maxsize=1 << 18)
def _title_family(folded: str) -> frozenset[str]:
    """The title key families of one folded title (cached: titles repeat across sources)."""
    if not folded:
        return frozenset()
    out = set(_exact_family(folded))
    c = compact(folded)
    words = folded.split()
    if len(words) > 1 and words[0] in ARTICLES:
        words = words[1:]
    content = [w for w in words if w not in ARTICLES]
    if len(content) > 1:
        out.add("o:" + " ".join(sorted(content)))
    if len(words) > 2:
        # One typo spoils one word: blank each word in turn. A blank that leaves only an
        # article ("the *") would name a block of thousands, so it is not made. The blank
        # keeps the word's first letter in one key and its last in another: one typo leaves
        # at least one of them standing, and "* of the fox" alone would name every such title.
        sizes = [0 if w in ARTICLES else len(w) for w in words]
        total, last = sum(sizes), len(words) - 1
        for i, word in enumerate(words):
            if total - sizes[i] >= 4:
                head = "w:" + " ".join(words[:i]) + " " if i else "w:"
                tail = " " + " ".join(words[i + 1 :]) if i < last else ""
                out.add(head + word[0] + "*" + tail)
                out.add(head + "*" + word[-1] + tail)
    if len(words) <= 2 and len(c) >= _MIN_DELETE:
        # A typo may also join or split words ("th efox"); short titles afford letter keys.
        out.update("d:" + c[:i] + c[i + 1 :] for i in range(len(c)))
        out.add("d:" + c)
    return frozenset(out)


@lru_cache(maxsize=1 << 18)
def person_key(name: str) -> str:
    """A folded name with its words sorted: "Tezuka Osamu" and "Osamu Tezuka" agree."""
    return " ".join(sorted(key(name).split()))


@lru_cache(maxsize=1 << 18)
def person_keys(name: str) -> tuple[str, ...]:
    """Surname-and-initial forms of a name: "J. Tóth", "Joseph Toth" and "Toth Joseph" agree.

    Which word is the surname is unknown (word order varies), so every word of three letters
    or more is tried as one, with the initials of the others.
    """
    words = key(name).split()
    if len(words) < 2:
        return tuple(words)
    out = {w + " " + "".join(sorted(o[0] for k, o in enumerate(words) if k != i)) for i, w in enumerate(words) if len(w) >= 3}
    return tuple(sorted(out)) or (" ".join(sorted(words)),)


@lru_cache(maxsize=1 << 18)
def _label_key(text: str) -> str:
    return romanise(folded(text))  # == match_key(text), by the cached fold


def title_keys(titles: Iterable[str]) -> set[str]:
    out: set[str] = set()
    for t in titles:
        # The store keeps labels folded by ``match_key`` alone; the other families settle
        # romanisation fully (see ``match.settle``).
        out.add("t:" + _label_key(t))
        out |= _title_family(key(t))
    return out


_KINDS = tuple(str(k) for k in WorkKind)


@lru_cache(maxsize=1 << 18)
def _initials(k: str, kind: str) -> tuple[str, ...]:
    """The ``a:`` key tails of a folded title on a work of ``kind``.

    The first letter after an article, and of the whole title: a typo may hit either. A work
    of unspecified kind may be any kind, and any kind may be it.
    """
    kinds = _KINDS if kind == WorkKind.OTHER else (kind,)
    return tuple(sorted({f"{kd}:{i}" for kd in kinds for i in (compact(k)[:1], k[:1]) if i}))


@lru_cache(maxsize=1 << 18)
def _work_title(text: str, kind: str) -> tuple[frozenset[str], tuple[str, ...]]:
    """A work title's keys (``t:`` as the store folds it, and the settled families) and the
    ``a:`` key tails of its initials: one cache look-up for what every record of it needs.

    The store keeps labels folded by ``match_key`` alone; the other families settle
    romanisation fully (see ``match.settle``).
    """
    k = key(text)
    family = _title_family(k)
    if k and k == folded(text):  # nothing to romanise: the store's label is the settled key
        return family, _initials(k, kind)
    return frozenset(("t:" + _label_key(text), *family)), _initials(k, kind)


def blocking_keys(record: EntityRecord) -> set[str]:
    """Every blocking key of a record; see the module docstring for the families."""
    if isinstance(record, Work):
        kind = str(record.kind)
        titles = record.titles
        if len(titles) == 1:  # the label is one of them
            title_set, initials = _work_title(titles[0].text, kind)
            out = set(title_set)
        else:
            out = set()
            more: set[str] = set()
            for t in titles:
                title_set, tails = _work_title(t.text, kind)
                out |= title_set
                more.update(tails)
            initials = tuple(more)
            if not titles:
                out.add("t:" + label_key_of(record))
        people = [p for c in record.credits if role_of(c.role) in DEFINING_ROLES for p in person_keys(c.agent.name)]
        if people:
            year = record.date[:4] if record.date and record.date[:4].isdigit() else None
            if year:
                out.update([f"y:{p}:{year}" for p in people])
            out.update([f"a:{p}:{i}" for p in people for i in initials])
        return out
    if isinstance(record, Release):
        # Releases are found by catalog number, barcode and work; of the title keys, the
        # exact ones suffice (a misspelt edition title is found through its work).
        out = {"t:" + _label_key(record.title), *_exact_family(key(record.title))}
        out.update(id_keys(
            (catalog_number(lab.catalog_number) for lab in record.labels if lab.catalog_number),
            (i.normalized for i in record.identifiers if i.scheme == IdScheme.BARCODE),
        ))
        return out
    if isinstance(record, Agent):
        names = (record.name, *record.variants, *record.aliases)
        return {"t:" + k for n in names for k in (_label_key(n), key(n)) if k}
    if isinstance(record, (Review, Citation)):
        return {"t:" + label_key_of(record)}
    raise TypeError(type(record))


def id_keys(catnos: Iterable[str], barcodes: Iterable[str]) -> list[str]:
    """A release's ``n:`` and ``b:`` keys from its normalised catalog numbers and barcodes."""
    return ["n:" + c for c in catnos] + ["b:" + b for b in barcodes]


def label_keys(keys: Iterable[str]) -> list[str]:
    """The folded-title keys, which the store's label index can answer."""
    return sorted(k[2:] for k in keys if k.startswith("t:") and len(k) > 2)


__all__ = ["blocking_keys", "id_keys", "label_keys", "person_key", "person_keys", "title_keys"]
