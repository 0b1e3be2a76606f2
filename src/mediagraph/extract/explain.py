"""Facts beside their source spans, for ``mediagraph extract --explain``."""

from __future__ import annotations

import msgspec

from mediagraph.model import Credit, RecordSet, Relation, Track


class Fact(msgspec.Struct, frozen=True, kw_only=True):
    """One extracted value and the span of source text it was read from."""

    path: str  # "works[0].titles[0]", "releases[0].tracks[10].credits[0]"
    value: str
    start: int
    end: int
    snippet: str  # the source text at [start, end)


def _value(record: object, field: str) -> str:
    obj: object = record
    for part in field.replace("]", "").split("."):
        name, _, idx = part.partition("[")
        obj = getattr(obj, name, None)
        if idx and isinstance(obj, tuple):
            obj = obj[int(idx)] if int(idx) < len(obj) else None
    return _show(obj)


def _show(obj: object) -> str:
    if obj is None:
        return ""
    if isinstance(obj, str):
        return obj
    if isinstance(obj, Credit):
        extra = f" as {obj.character}" if obj.character else ""
        return f"{obj.role}: {obj.agent.name}{extra}"
    if isinstance(obj, Track):
        return f"{obj.position}. {obj.title}" + (f" ({obj.duration})" if obj.duration else "")
    if isinstance(obj, Relation):
        return f"{obj.subject}{'#' + obj.subject_track if obj.subject_track else ''} {obj.predicate} {obj.object}{'#' + obj.object_track if obj.object_track else ''}"
    for attr in ("text", "name", "value"):
        v = getattr(obj, attr, None)
        if isinstance(v, str):
            q = getattr(obj, "qualifier", None)
            return f"{v} ({q})" if q else v
    label = getattr(obj, "label", None)
    if label is not None:
        cat = getattr(obj, "catalog_number", None)
        return f"{label.name} – {cat}" if cat else label.name
    return str(obj)


def explain(records: RecordSet) -> list[Fact]:
    """Every fact with a span, in source order."""
    text = records.source.text or ""
    facts: list[Fact] = []

    def add(path: str, value: str, start: int, end: int) -> None:
        facts.append(Fact(path=path, value=value, start=start, end=end, snippet=text[start:end]))

    for group in ("works", "releases", "reviews", "citations"):
        for i, rec in enumerate(getattr(records, group)):
            for fs in rec.spans:
                add(f"{group}[{i}].{fs.field}", _value(rec, fs.field), fs.start, fs.end)
            for j, c in enumerate(getattr(rec, "credits", ())):
                if c.span:
                    add(f"{group}[{i}].credits[{j}]", _show(c), c.span.start, c.span.end)
            for j, c in enumerate(getattr(rec, "companies", ())):
                if c.span:
                    add(f"{group}[{i}].companies[{j}]", _show(c), c.span.start, c.span.end)
            for j, t in enumerate(getattr(rec, "tracks", ())):
                if t.span:
                    add(f"{group}[{i}].tracks[{j}]", _show(t), t.span.start, t.span.end)
                for k, c in enumerate(t.credits):
                    if c.span:
                        add(f"{group}[{i}].tracks[{j}].credits[{k}]", _show(c), c.span.start, c.span.end)
    for i, r in enumerate(records.relations):
        if r.span:
            add(f"relations[{i}]", _show(r), r.span.start, r.span.end)
    facts.sort(key=lambda f: (f.start, f.path))
    return facts


__all__ = ["Fact", "explain"]
