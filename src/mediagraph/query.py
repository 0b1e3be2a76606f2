"""The search query language, shared by the CLI and the API (pure parsing, no I/O).

    metropolis                      words, all must match (the last one also as a prefix)
    metropolsi                      a typo: one edit allowed from 5 letters, two from 8
    "ghost in the shell"            a quoted phrase counts as its words
    kind:film  kind:album,comic     work kind (film, tv_series, comic, book, album, song, other)
    -kind:album                     exclude a kind
    type:release                    entity type (work, release, agent, review, citation)
    year:2001  year:1990..2001      a year or a range (either end may be open: year:..1950)
    by:"jeff mills"  label:tresor   creator or label name (every word must be in that field)
    format:cd  country:germany      release format and country (every word in that field)
    -label:tresor                   exclude a label (also -by:, -format:, -country:)
    7 18755 61552 2                 digits typed in groups are read as one barcode
"""

from __future__ import annotations

import re
import shlex
from collections.abc import Callable
from dataclasses import dataclass, field

from mediagraph.errors import UsageError
from mediagraph.normalize import match_key

MAX_QUERY = 1000
MAX_WORDS = 32
KINDS = ("film", "tv_series", "comic", "book", "album", "song", "other")
TYPES = ("work", "release", "agent", "review", "citation")
FIELDS = ("by", "label", "format", "country")
_KIND_ALIASES = {"movie": "film", "manga": "comic", "tv": "tv_series", "series": "tv_series", "score": "album", "soundtrack": "album", "composition": "song", "person": "agent", "artist": "agent", "label": "agent"}
_FIELD_ALIASES = {"artist": "by", "director": "by", "author": "by", "creator": "by", "fmt": "format", "media": "format"}
# Barcodes are 8, 12, 13 or 14 digits; shorter digit runs stay words ("2001 a space odyssey").
_BARCODE_DIGITS = 8


def field_token(name: str, word: str) -> str:
    """The index token saying ``word`` is in field ``name``: ``label0tresor``.

    The separator is a digit so both FTS5 and PostgreSQL's parser keep the token whole.
    """
    return f"{name}0{word}"


def field_tokens(name: str, value: str, *, key: Callable[[str], str] = match_key) -> list[str]:
    """The field tokens of ``value``; ``key`` folds it (any function equal to ``match_key``)."""
    return [field_token(name, w) for w in key(value).split()]


@dataclass(slots=True)
class Query:
    words: list[str] = field(default_factory=list)
    fields: list[str] = field(default_factory=list)  # field tokens that must match
    not_fields: list[str] = field(default_factory=list)  # field tokens that must not
    kinds: list[str] = field(default_factory=list)
    not_kinds: list[str] = field(default_factory=list)
    types: list[str] = field(default_factory=list)
    years: tuple[int | None, int | None] = (None, None)

    @property
    def empty(self) -> bool:
        return not self.words and not self.fields


def parse(text: str) -> Query:
    """Read a query; unknown ``field:`` prefixes are searched as plain words.

    Never fails on odd characters: quotes may be unbalanced, FTS operators are plain words,
    text past ``MAX_QUERY`` characters and words past ``MAX_WORDS`` are ignored.
    """
    text = text.strip()[:MAX_QUERY]
    parts = _split(text)
    q = Query()
    for part in parts:
        neg = part.startswith("-") and ":" in part
        body = part[1:] if neg else part
        name, sep, value = body.partition(":")
        name = name.lower()
        name = _FIELD_ALIASES.get(name, name)
        if sep and value and name == "kind":
            kinds = [_KIND_ALIASES.get(v, v) for v in value.lower().split(",") if v]
            bad = [k for k in kinds if k not in KINDS]
            if bad:
                raise UsageError(f"unknown kind {bad[0]!r}: use one of {', '.join(KINDS)}")
            (q.not_kinds if neg else q.kinds).extend(kinds)
        elif sep and value and name == "type":
            types = [_KIND_ALIASES.get(v, v) for v in value.lower().split(",") if v]
            bad = [t for t in types if t not in TYPES]
            if bad:
                raise UsageError(f"unknown type {bad[0]!r}: use one of {', '.join(TYPES)}")
            q.types.extend(types)
        elif sep and value and name == "year":
            q.years = _years(value)
        elif sep and value and name in FIELDS:
            (q.not_fields if neg else q.fields).extend(field_tokens(name, value))
        else:
            q.words.extend(match_key(part).split())
    q.words = join_barcodes(q.words)[:MAX_WORDS]
    q.fields = list(dict.fromkeys(q.fields))[:MAX_WORDS]
    q.not_fields = list(dict.fromkeys(q.not_fields))[:MAX_WORDS]
    return q


def _split(text: str) -> list[str]:
    """Split on spaces, keeping "double-quoted phrases" whole; apostrophes are part of words."""
    lex = shlex.shlex(text, posix=True)
    lex.whitespace_split = True
    lex.quotes = '"'
    lex.escape = ""
    lex.commenters = ""
    try:
        return list(lex)
    except ValueError:  # an unbalanced quote: read it as a plain character
        return text.replace('"', " ").split()


def join_barcodes(words: list[str]) -> list[str]:
    """``7 18755 61552 2`` → ``718755615522``: a run of digit groups long enough for a barcode."""
    out: list[str] = []
    run: list[str] = []
    for w in [*words, ""]:
        if w.isdigit() and w.isascii():
            run.append(w)
            continue
        if len(run) > 1 and len("".join(run)) >= _BARCODE_DIGITS:
            out.append("".join(run))
        else:
            out.extend(run)
        run = []
        if w:
            out.append(w)
    return out


def _years(value: str) -> tuple[int | None, int | None]:
    m = re.fullmatch(r"(\d{4})?(?:\.\.(\d{4})?)?", value)
    if not m or not (m.group(1) or m.group(2)):
        raise UsageError(f"bad year filter {value!r}: write year:2001 or year:1990..2001")
    lo = int(m.group(1)) if m.group(1) else None
    hi = int(m.group(2)) if m.group(2) else (lo if ".." not in value else None)
    return lo, hi


__all__ = ["FIELDS", "KINDS", "MAX_QUERY", "MAX_WORDS", "TYPES", "Query", "field_token", "field_tokens", "join_barcodes", "parse"]
