"""Browsing reads for the web pages: facet counts over a set of entities and recent additions."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

import msgspec
import sqlalchemy as sa

from mediagraph.store.catalog import Tx
from mediagraph.store.entities import shown_data, unpack
from mediagraph.store.schema import credits, entities

_CHUNK = 500


class _Format(msgspec.Struct):
    name: str = ""


class _ReleaseFacts(msgspec.Struct):
    # Only the fields a facet needs; msgspec skips the rest of the stored record unread.
    formats: list[_Format] = []
    country: str | None = None


@dataclass(frozen=True, slots=True)
class Facets:
    """Facet name → (value, count) pairs, most frequent first."""

    kind: list[tuple[str, int]]
    year: list[tuple[str, int]]
    label: list[tuple[str, int]]
    format: list[tuple[str, int]]
    country: list[tuple[str, int]]

    def as_dict(self) -> dict[str, list[tuple[str, int]]]:
        return {"kind": self.kind, "year": self.year, "label": self.label, "format": self.format, "country": self.country}


def _top(counter: Counter[str], limit: int) -> list[tuple[str, int]]:
    return sorted(counter.items(), key=lambda kv: (-kv[1], kv[0]))[:limit]


def facets(tx: Tx, entity_ids: Sequence[int], *, limit: int = 12) -> Facets:
    """Counts of kind, year, label, format and country over the given entities.

    Kind counts a work's kind and any other entity's type; label, format and country are read
    from releases (labels from the label credits, so one label counts once per release).
    """
    ids = sorted(set(entity_ids))
    kind: Counter[str] = Counter()
    year: Counter[str] = Counter()
    label: Counter[str] = Counter()
    fmt: Counter[str] = Counter()
    country: Counter[str] = Counter()
    agent = entities.alias("agent")
    decoder = msgspec.json.Decoder(_ReleaseFacts)
    for i in range(0, len(ids), _CHUNK):
        chunk = ids[i : i + _CHUNK]
        rows = tx.execute(
            sa.select(entities.c.etype, entities.c.kind, entities.c.year, shown_data).where(entities.c.id.in_(chunk))
        )
        for etype, k, y, data in rows:
            kind[k or etype] += 1
            if y is not None:
                year[str(y)] += 1
            if etype == "release":
                facts = decoder.decode(unpack(data))
                for name in dict.fromkeys(f.name for f in facts.formats if f.name):
                    fmt[name] += 1
                if facts.country:
                    country[facts.country] += 1
        q = (
            sa.select(credits.c.entity_id, agent.c.label)
            .join(agent, agent.c.id == credits.c.agent_id)
            .where(credits.c.entity_id.in_(chunk), credits.c.role == "label")
            .distinct()
        )
        for _, name in tx.execute(q):
            label[name] += 1
    years = sorted(year.items(), key=lambda kv: kv[0], reverse=True)[:limit]
    return Facets(_top(kind, limit), years, _top(label, limit), _top(fmt, limit), _top(country, limit))


def recent(tx: Tx, *, etypes: Sequence[str] = ("work", "release"), limit: int = 12) -> list[tuple[int, str, str | None, str, int | None]]:
    """The newest live entities of the given types: (id, etype, kind, label, year), newest first."""
    q = (
        sa.select(entities.c.id, entities.c.etype, entities.c.kind, entities.c.label, entities.c.year)
        .where(entities.c.merged_into.is_(None), entities.c.etype.in_(list(etypes)))
        .order_by(entities.c.id.desc())
        .limit(limit)
    )
    return [(r[0], r[1], r[2], r[3], r[4]) for r in tx.execute(q)]

__all__ = ["Facets", "facets", "recent"]
