"""What an entity shows in lists and what the search index holds for it."""

from __future__ import annotations

import re
from collections.abc import Callable

from mediagraph.memo import Memo
from mediagraph.model.codec import EntityRecord
from mediagraph.model.identifiers import Identifier
from mediagraph.model.records import Agent, Citation, Release, Review, Work
from mediagraph.normalize import match_key


def year_of(date: str | None) -> int | None:
    return int(date[:4]) if date and date[:4].isdigit() else None


def label_of(record: EntityRecord) -> tuple[str, str | None, int | None]:
    """(label, kind, year) of a record."""
    if isinstance(record, Work):
        return record.title or "(untitled)", str(record.kind), year_of(record.date)
    if isinstance(record, Release):
        return record.title or "(untitled)", None, year_of(record.date)
    if isinstance(record, Agent):
        return record.name, str(record.kind), None
    if isinstance(record, Review):
        who = record.author.name if record.author else (record.site or "anonymous")
        return f"Review by {who}" + (f", {record.date}" if record.date else ""), None, year_of(record.date)
    if isinstance(record, Citation):
        return record.title or record.text[:120], None, year_of(record.date)
    raise TypeError(type(record))


def label_key_of(record: EntityRecord) -> str:
    """The blocking key resolution looks candidates up by."""
    if isinstance(record, Review):
        who = record.author.name if record.author else (record.site or "")
        return match_key(f"{who} {record.date or ''}")
    if isinstance(record, Citation):
        return match_key(record.title or record.text)
    return match_key(label_of(record)[0])


def search_body(record: EntityRecord, *, key: Callable[[str], str] = match_key) -> str:
    """Every name a searcher may type for this entity, folded, then its field tokens.

    ``key`` folds each name and field value (the bulk loader passes its faster, equal ``fast_key``). Field tokens (``label0tresor``, ``by0mills``, ``format0cd``, ``country0germany``) let the
    query language's ``label:``/``by:``/``format:``/``country:`` filter on that field alone.
    """
    from mediagraph.query import field_tokens, join_barcodes

    parts: list[str] = []
    fields: list[str] = []
    if isinstance(record, Work):
        parts += [t.text for t in record.titles]
        parts += [c.agent.name for c in record.credits]
        parts += [c.character for c in record.credits if c.character]
        parts += list(record.genres)
        parts += _identifier_texts(record.identifiers)
        for c in record.credits:
            fields += _by_tokens[c.agent.name]
    elif isinstance(record, Release):
        parts.append(record.title)
        parts += [c.agent.name for c in record.credits]
        for lab in record.labels:
            parts.append(lab.label.name)
            fields += field_tokens("label", lab.label.name, key=key)
            if lab.catalog_number:
                # "TRESOR 155", "tresor155" and "Tresor-155" are all typed for one number.
                # Digit groups typed apart are read as one number ("2C 062 04002" → 2c 06204002).
                cat_key = key(lab.catalog_number)
                parts += [cat_key, "".join(cat_key.split()), " ".join(join_barcodes(cat_key.split()))]
        parts += _identifier_texts(record.identifiers)
        for t in record.tracks:
            parts.append(t.title)
            parts += [s.title for s in t.sub_tracks]
        for f in record.formats:
            parts.append(f.name)
            fields += field_tokens("format", f.name, key=key)
            fields += [tok for d in f.descriptions for tok in field_tokens("format", d, key=key)]
        if record.country:
            parts.append(record.country)
            fields += field_tokens("country", record.country, key=key)
        for c in record.credits:
            fields += _by_tokens[c.agent.name]
    elif isinstance(record, Agent):
        parts += [record.name, *record.variants, *record.aliases]
    elif isinstance(record, Review):
        if record.author:
            parts.append(record.author.name)
        if record.title:
            parts.append(record.title)
        if record.site:
            parts.append(record.site)
    elif isinstance(record, Citation):
        parts += [record.text, *record.authors]
    words = [k for k in (key(p) for p in parts if p) if k]
    return " ".join(dict.fromkeys([*words, *fields]))


def _by_field_tokens(name: str) -> list[str]:
    from mediagraph.query import field_tokens

    return field_tokens("by", name, key=match_key)


# "by" field tokens of agent names, which recur in most documents. Folded with ``match_key``
# whatever ``key`` a caller passes: every ``key`` used (``fast_key`` and its memos) equals it.
_by_tokens: Memo[str, list[str]] = Memo(_by_field_tokens, 100_000)


_NON_ASCII_DIGIT = re.compile(r"[^0-9]+")


def _identifier_texts(identifiers: tuple[Identifier, ...]) -> list[str]:
    """As printed and normalised, plus digits run together: "7 18755 61552 2" → 718755615522."""
    out: list[str] = []
    for i in identifiers:
        value = i.value
        out += [value, i.normalized]
        # For ASCII text str.isdigit is exactly 0-9; other text keeps the general test.
        digits = _NON_ASCII_DIGIT.sub("", value) if value.isascii() else "".join(ch for ch in value if ch.isdigit())
        if len(digits) >= 8:
            out.append(digits)
    return out


__all__ = ["label_key_of", "label_of", "search_body", "year_of"]
