"""Merging what several sources say about one entity into the values shown, keeping the rest.

The rule, for each single-valued field:
  1. a curator's choice (``mediagraph set``) wins;
  2. otherwise the value stated by the most sources;
  3. ties go to the source kind ranked higher: curator, jsonld, musicbrainz, discogs, page;
  4. then to the source ingested first.
List fields (credits, identifiers, genres, other titles…) are the union of every source's items.
A release's tracklist and formats are taken whole from one source by the same rule, never mixed.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import msgspec

from mediagraph.model.codec import EntityRecord, encode
from mediagraph.model.records import Credit, Title, Work

KIND_RANK = {"curator": 0, "jsonld": 1, "musicbrainz": 2, "discogs": 3, "page": 4}

# Taken whole from one source; merging two tracklists item by item would interleave them.
_WHOLE = frozenset({"tracks", "formats", "parts"})
_SKIP = frozenset({"spans", "key"})


@dataclass(frozen=True, slots=True)
class Said:
    """One source's record of the entity, with what ranks it."""

    record: EntityRecord
    source_uri: str
    source_kind: str
    order: int  # ingest order of the source (its id)


@dataclass(frozen=True, slots=True)
class Alternative:
    field: str
    value: Any
    sources: tuple[str, ...]
    chosen: bool


@functools.cache
def struct_fields(cls: type) -> tuple[Any, ...]:
    """The fields of a record type (msgspec recomputes them on every call, which is slow)."""
    return tuple(msgspec.structs.fields(cls))


@functools.cache
def _field_names(cls: type) -> frozenset[str]:
    return frozenset(f.name for f in struct_fields(cls))


def _plain(value: Any) -> Any:
    return msgspec.to_builtins(value)


def _choose(candidates: list[tuple[Any, Said]], *, explain: bool = True) -> tuple[Any, list[Alternative], str]:
    """Group equal values, rank the groups by the rule above; returns (value, groups, field)
    (``explain`` False: no groups, the value alone)."""
    if len(candidates) == 1:
        value, said = candidates[0]
        if not explain:
            return value, [], ""
        return value, [Alternative(field="", value=_plain(value), sources=(said.source_uri,), chosen=True)], ""
    groups: dict[bytes, list[tuple[Any, Said]]] = {}
    for value, said in candidates:
        groups.setdefault(encode(value), []).append((value, said))

    def rank(item: tuple[bytes, list[tuple[Any, Said]]]) -> tuple[int, int, int]:
        members = item[1]
        n_sources = len({s.source_uri for _, s in members})
        best_kind = min(KIND_RANK.get(s.source_kind, 9) for _, s in members)
        first = min(s.order for _, s in members)
        return (-n_sources, best_kind, first)

    ordered = sorted(groups.items(), key=rank) if len(groups) > 1 else list(groups.items())
    winner = ordered[0][1][0][0]
    if not explain:
        return winner, [], ""
    alts = [
        Alternative(
            field="",
            value=_plain(members[0][0]),
            sources=tuple(dict.fromkeys(s.source_uri for _, s in members)),
            chosen=i == 0,
        )
        for i, (_, members) in enumerate(ordered)
    ]
    return winner, alts, ""


def merge(
    saids: Sequence[Said], *, overrides: dict[str, Any] | None = None, explain: bool = True
) -> tuple[EntityRecord, dict[str, list[Alternative]]]:
    """The record to show, and for each field with disagreement every value with its sources
    (``explain`` False: the record alone, with no disagreements gathered, for ``refresh``)."""
    if not saids:
        raise ValueError("merge needs at least one statement")
    ordered = sorted(saids, key=lambda s: (KIND_RANK.get(s.source_kind, 9), s.order))
    base = ordered[0].record
    cls = type(base)
    overrides = overrides or {}
    changes: dict[str, Any] = {}
    conflicts: dict[str, list[Alternative]] = {}
    for field, is_list in _plan(cls):
        name = field.name
        if name == "titles":
            changes[name] = _merge_titles(ordered, overrides.get("title"))
            titles_alts = _title_conflicts(ordered) if explain else []
            if titles_alts:
                conflicts["title"] = titles_alts
            continue
        present = [(v, s) for s in ordered if (v := getattr(s.record, name)) not in (None, (), "")]
        if is_list and name not in _WHOLE:
            seen: dict[bytes, Any] = {}
            for v, _ in present:
                for item in v:
                    bare = _strip_spans(item)
                    seen.setdefault(encode(bare), bare)
            changes[name] = tuple(seen.values())
            continue
        if not present:
            continue
        value, alts, _ = _choose(present, explain=explain)
        if name in _WHOLE:
            value = max((v for v, _ in present), key=len) if len({encode(v) for v, _ in present}) > 1 else value
        if len(alts) > 1 and name not in _WHOLE:
            conflicts[name] = [Alternative(name, a.value, a.sources, a.chosen) for a in alts]
        if name in overrides:
            value = _coerce(field.type, overrides[name], value)
            if not explain:
                changes[name] = value
                continue
            conflicts.setdefault(name, [Alternative(name, _plain(value), ("curator",), True)])
            conflicts[name] = [
                Alternative(name, a.value, a.sources, a.value == _plain(value)) for a in conflicts[name]
            ]
            if not any(a.chosen for a in conflicts[name]):
                conflicts[name].insert(0, Alternative(name, _plain(value), ("curator",), True))
        changes[name] = value
    merged = msgspec.structs.replace(base, **changes)
    return merged, conflicts


@functools.cache
def _plan(cls: type) -> tuple[tuple[Any, bool], ...]:
    """The fields ``merge`` goes through, each with whether it is a list field."""
    return tuple(
        (f, isinstance(f.default, tuple) or str(f.type).startswith("tuple")) for f in struct_fields(cls) if f.name not in _SKIP
    )


def _strip_spans(item: Any) -> Any:
    if isinstance(item, msgspec.Struct):
        fields = _field_names(type(item))
        if "span" in fields and getattr(item, "span", None) is not None:
            item = msgspec.structs.replace(item, span=None)
        if "spans" in fields and getattr(item, "spans", None):
            item = msgspec.structs.replace(item, spans=())
        if "agent" in fields:
            item = msgspec.structs.replace(item, agent=_strip_spans(item.agent))
    return item


def _coerce(_type: Any, value: Any, current: Any) -> Any:
    if isinstance(current, (int, float)) and isinstance(value, str):
        try:
            return type(current)(value)
        except ValueError:
            return value
    return value


def _merge_titles(ordered: Sequence[Said], override: Any) -> tuple[Title, ...]:
    mains = [(t.text, s) for s in ordered for t in getattr(s.record, "titles", ()) if t.kind == "main"]
    main = override if isinstance(override, str) else (_choose(mains, explain=False)[0] if mains else None)
    out: dict[str, Title] = {}
    if main:
        lang = next((t.lang for s in ordered for t in getattr(s.record, "titles", ()) if t.text == main), None)
        out[main] = Title(text=main, lang=lang)
    for s in ordered:
        for t in getattr(s.record, "titles", ()):
            if t.text in out:
                continue
            kind = "alternate" if t.kind == "main" else t.kind
            out[t.text] = Title(text=t.text, lang=t.lang, kind=kind)
    return tuple(out.values())


def _title_conflicts(ordered: Sequence[Said]) -> list[Alternative]:
    mains = [(t.text, s) for s in ordered for t in getattr(s.record, "titles", ()) if t.kind == "main"]
    if len({m for m, _ in mains}) < 2:
        return []
    _, alts, _ = _choose(mains)
    return [Alternative("title", a.value, a.sources, a.chosen) for a in alts]


# --- one statement ---------------------------------------------------------------------------



@functools.cache
def _list_fields(cls: type) -> tuple[str, ...]:
    """The list fields ``merge`` unions item by item (all but titles, tracks, formats, spans)."""
    out = []
    for f in struct_fields(cls):
        if f.name in ("titles", "tracks", "formats", "spans", "key"):
            continue
        if isinstance(f.default, tuple) or str(f.type).startswith("tuple"):
            out.append(f.name)
    return tuple(out)


def _spanned(item: Any) -> bool:
    t = type(item)
    if t is str:
        return False
    if t is Credit:  # the common case, without the three lookups by name
        return item.span is not None or bool(item.agent.spans)
    if getattr(item, "span", None) is not None or getattr(item, "spans", None):
        return True
    agent = getattr(item, "agent", None)
    return agent is not None and bool(agent.spans)


def merged_single(record: EntityRecord, said: Said) -> EntityRecord:
    """What ``merge([said])`` returns for a record stated by one source, without its general cost.

    One statement has nothing to disagree with: list fields lose repeated items, and a work's
    titles are put in merge's order. Records with spans take the general path.
    """
    shown = single_shown(record)
    return merge([said])[0] if shown is None else shown


def single_shown(record: EntityRecord) -> EntityRecord | None:
    """``merged_single`` of a record without spans; None for one with spans."""
    changes: dict[str, Any] = {}
    for name in _list_fields(type(record)):
        items = getattr(record, name)
        if not items:
            continue
        for it in items:
            if _spanned(it):
                return None
        unique = tuple(dict.fromkeys(items))
        if len(unique) != len(items):
            changes[name] = unique
    if isinstance(record, Work):
        titles = _titles(record.titles)
        if titles != record.titles:
            changes["titles"] = titles
    return msgspec.structs.replace(record, **changes) if changes else record


def _titles(titles: tuple[Title, ...]) -> tuple[Title, ...]:
    main = next((t.text for t in titles if t.kind == "main"), None)
    out: dict[str, Title] = {}
    if main:
        lang = next(t.lang for t in titles if t.text == main)
        out[main] = Title(text=main, lang=lang)
    for t in titles:
        if t.text not in out:
            out[t.text] = Title(text=t.text, lang=t.lang, kind="alternate" if t.kind == "main" else t.kind)
    return tuple(out.values())


__all__ = ["KIND_RANK", "Alternative", "Said", "merge", "merged_single", "single_shown", "struct_fields"]
