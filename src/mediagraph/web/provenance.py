"""Provenance: a source's text cut into segments, each marked with the extracted facts covering it."""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import Any

from mediagraph.extract import explain
from mediagraph.model.codec import decode_recordset
from mediagraph.store.sources import SourceRow

# Spans longer than this (a whole review text, say) are shaded lightly so the short facts
# inside them still stand out.
LONG_SPAN = 300


@dataclass(frozen=True, slots=True)
class Segment:
    text: str
    facts: tuple[int, ...]  # numbers of the facts covering it (1-based, as in the facts table)
    short: bool  # covered by at least one short fact
    starts: tuple[int, ...]  # facts starting here (anchors)


def facts_of(src: SourceRow) -> tuple[str, list[dict[str, Any]]]:
    """The text the spans point into and the facts, numbered from 1, in source order."""
    if not src.records:
        return src.text or "", []
    recordset = decode_recordset(src.records)
    text = recordset.source.text or src.text or ""
    out = []
    for n, f in enumerate(explain(recordset), start=1):
        start, end = max(0, f.start), min(len(text), f.end)
        if start >= end:
            continue
        out.append({"n": n, "path": f.path, "value": f.value, "start": start, "end": end, "snippet": text[start:end], "long": end - start > LONG_SPAN})
    return text, out


def segments(text: str, facts: list[dict[str, Any]]) -> list[Segment]:
    """Cut ``text`` at every fact boundary so overlapping and nested facts can all be marked."""
    cuts = {0, len(text)}
    for f in facts:
        cuts.update((f["start"], f["end"]))
    bounds = sorted(cuts)
    by_start: dict[int, list[int]] = {}
    for f in facts:
        by_start.setdefault(f["start"], []).append(f["n"])
    out = []
    active: list[dict[str, Any]] = []
    pending = sorted(facts, key=lambda f: f["start"])
    i = 0
    for a, b in itertools.pairwise(bounds):
        while i < len(pending) and pending[i]["start"] <= a:
            active.append(pending[i])
            i += 1
        active = [f for f in active if f["end"] > a]
        covering = tuple(f["n"] for f in active if f["start"] <= a and f["end"] >= b)
        short = any(not f["long"] for f in active if f["n"] in covering)
        out.append(Segment(text[a:b], covering, short, tuple(by_start.get(a, ()))))
    return out


__all__ = ["LONG_SPAN", "Segment", "facts_of", "segments"]
