"""Real MusicBrainz JSON through import and export: how many of its work relations, ISWCs,
composer and lyricist credits and release-group types come out again.

Usage: python bench/musicbrainz_survival.py [--db URL] [--verbose] [FILE ...]

The inputs are the real web-service JSON files kept in the repository
(``tests/data/musicbrainz``, see SOURCES.md there) and in ``../shared/dumps/musicbrainz``; the
dumps are written by the same serialiser, one document a line, so each file is a one-record dump.
They are imported into one new catalog with ``resolve.importer.import_dump`` (what
``mediagraph import musicbrainz`` runs) and the catalog is exported with ``views.export_graph``
(what ``mediagraph export`` runs). The facts are counted in the input wherever the JSON nests
them, each once, by MusicBrainz ids:

- work relations: a recording's ``performance`` of a work, and work-to-work relations
  (``other version``, ``based on``, ``arrangement``, ``medley`` …), as unordered pairs;
- ISWCs of every work described;
- composer, lyricist, writer and librettist credits of every work described;
- performance attributes: each attribute (cover, instrumental, live, medley, partial …) of a
  recording's performance of a work;
- release-group types: the primary type and each secondary type.

A fact survives when the export states it between the nodes that carry those MusicBrainz ids.
"""

from __future__ import annotations

import argparse
import re
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import orjson

ROOT = Path(__file__).resolve().parents[1]
INPUTS = [ROOT / "tests" / "data" / "musicbrainz", ROOT.parent / "shared" / "dumps" / "musicbrainz"]
CREDIT_ROLES = ("composer", "lyricist", "writer", "librettist")
KINDS = ("work relations", "performance attributes", "ISWCs", "composer/lyricist credits", "release-group types")
_MB_ID = re.compile(r"^mb:[a-z-]+/([0-9a-f-]{36})$")


def _dicts(v: Any) -> Iterator[tuple[str, dict[str, Any]]]:
    """Every object of a document with the key it sits under ('' at the top)."""
    stack: list[tuple[str, Any]] = [("", v)]
    while stack:
        key, x = stack.pop()
        if isinstance(x, dict):
            yield key, x
            stack.extend(x.items())
        elif isinstance(x, list):
            stack.extend((key, y) for y in x)


def _iswc(code: str) -> str:
    return re.sub(r"[^0-9TX]", "", code.upper())


def facts_of(doc: dict[str, Any], entity: str) -> dict[str, set[tuple[str, ...]]]:
    """The facts of one MusicBrainz document (``entity`` is its top type: recording, release …)."""
    out: dict[str, set[tuple[str, ...]]] = {k: set() for k in KINDS}
    for key, obj in _dicts(doc):
        mbid = obj.get("id")
        if not isinstance(mbid, str):
            continue
        own = entity if key == "" else key
        if own == "release-group" or (key == "" and "primary-type" in obj):
            for t in [obj.get("primary-type"), *(obj.get("secondary-types") or ())]:
                if t:
                    out["release-group types"].add((mbid, t))
        if own == "work":
            out["ISWCs"].update((mbid, _iswc(i)) for i in obj.get("iswcs") or ())
        for rel in obj.get("relations") or ():
            other = rel.get(rel.get("target-type") or "") or {}
            if not isinstance(other, dict) or not other.get("id"):
                continue
            if own == "work" and rel.get("target-type") == "artist" and rel.get("type") in CREDIT_ROLES:
                out["composer/lyricist credits"].add((mbid, rel["type"], other["id"]))
            elif rel.get("target-type") == "work" and own in ("work", "recording"):
                out["work relations"].add((rel.get("type") or "", *sorted((mbid, other["id"]))))
                if own == "recording" and rel.get("type") == "performance":
                    out["performance attributes"].update((mbid, other["id"], a) for a in rel.get("attributes") or ())
    return out


def _many(v: Any) -> list[Any]:
    return v if isinstance(v, list) else [] if v is None else [v]


def _mbids(node: dict[str, Any]) -> set[str]:
    found = {str(i.get("value")) for i in _many(node.get("identifier")) if isinstance(i, dict) and i.get("propertyID") == "musicbrainz"}
    m = _MB_ID.match(str(node.get("@id") or ""))
    return found | ({m.group(1)} if m else set())


def _targets(v: Any) -> list[dict[str, Any]]:
    """The nodes a property's values name, a Role's inner node taken for the Role."""
    out = []
    for x in _many(v):
        if isinstance(x, dict) and x.get("@type") == "Role":
            x = next((y for k, y in x.items() if isinstance(y, dict) and k not in ("@reverse",)), x)
        if isinstance(x, dict):
            out.append(x)
    return out


def exported_facts(graph: list[dict[str, Any]]) -> dict[str, set[tuple[str, ...]]]:
    """What the export states, in the terms of ``facts_of``."""
    ids_of: dict[str, set[str]] = {}
    for n in graph:
        ids_of[n["@id"]] = _mbids(n)

    def ids(x: dict[str, Any]) -> set[str]:
        return ids_of.get(str(x.get("@id")), set()) | _mbids(x)

    from mediagraph.jsonld.vocab import PREDICATE_TERMS, ROLE_TERMS

    relation_terms = set(PREDICATE_TERMS.values())
    out: dict[str, set[tuple[str, ...]]] = {k: set() for k in KINDS}
    pairs: set[tuple[str, str]] = set()
    types_of: dict[str, set[str]] = defaultdict(set)
    for n in graph:
        mine = _mbids(n)
        for prop, v in n.items():
            if prop in relation_terms:
                for t in _targets(v):
                    if t.get("@id") == n["@id"]:
                        continue  # a relation of an entity to itself: its two records were joined
                    pairs.update((min(a, b), max(a, b)) for a in mine for b in ids(t))
                    if prop == "recordingOf":
                        said = {a.strip(" ()") for x in _many(v) if isinstance(x, dict) and _targets(x) == [t]
                                for a in re.split(r"[,;(]", str(x.get("roleName") or "")) if a.strip(" ()")}
                        out["performance attributes"].update((m, w, a) for m in mine for w in ids(t) for a in said)
        for i in _many(n.get("identifier")):
            if isinstance(i, dict) and i.get("propertyID") == "iswc":
                out["ISWCs"].update((m, _iswc(str(i.get("value")))) for m in mine)
        for role in CREDIT_ROLES:
            for prop in {ROLE_TERMS.get(role, role), role, "author", "contributor"}:
                for x in _many(n.get(prop)):
                    named = x.get("roleName") if isinstance(x, dict) else None
                    if prop in ("author", "contributor") and named != role and not (prop == "author" and role == "writer"):
                        continue
                    for t in _targets(x):
                        out["composer/lyricist credits"].update((m, role, a) for m in mine for a in ids(t))
        labels = {str(t).removeprefix("https://schema.org/") for p in ("mg:types", "albumReleaseType", "albumProductionType") for t in _many(n.get(p))}
        for m in mine:
            types_of[m] |= labels
    out["work relations"] = {("", a, b) for a, b in pairs}
    out["release-group types"] = {(m, t) for m, labels in types_of.items() for t in labels}
    return out


def survived(kind: str, fact: tuple[str, ...], exported: dict[str, set[tuple[str, ...]]]) -> bool:
    if kind == "work relations":
        return ("", *fact[1:]) in exported[kind]
    if kind == "release-group types":
        mbid, t = fact
        have = {x.lower().replace("-", "").replace(" ", "") for m, x in exported[kind] if m == mbid}
        return t.lower().replace("-", "").replace(" ", "") in have or f"{t}release".lower().replace("-", "").replace(" ", "") in have
    return fact in exported[kind]


def entity_of(doc: dict[str, Any]) -> str:
    from mediagraph.dumps.detect import mb_kind_of

    kind = mb_kind_of(doc)
    return str(kind.value).removeprefix("musicbrainz/").removeprefix("mb_").replace("_", "-") if kind else ""


def run(files: list[Path], db: str | None, verbose: bool) -> dict[str, tuple[int, int]]:
    from mediagraph import views
    from mediagraph.resolve.importer import import_dump
    from mediagraph.store import Catalog

    wanted: dict[str, set[tuple[str, ...]]] = {k: set() for k in KINDS}
    for f in files:
        doc = orjson.loads(f.read_bytes())
        for k, v in facts_of(doc, entity_of(doc)).items():
            wanted[k] |= v
    with tempfile.TemporaryDirectory() as tmp:
        cat = Catalog(db or f"sqlite:///{Path(tmp) / 'mb.sqlite'}")
        try:
            for f in files:
                import_dump(cat, f, expect="musicbrainz")
            with cat.transaction(write=False) as tx:
                graph = views.export_graph(tx)["@graph"]
        finally:
            cat.close()
    exported = exported_facts(graph)
    out = {}
    for k in KINDS:
        kept = [f for f in wanted[k] if survived(k, f, exported)]
        out[k] = (len(kept), len(wanted[k]))
        if verbose:
            for fact in sorted(wanted[k] - set(kept)):
                print(f"  lost {k}: {' '.join(fact)}")
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    ap.add_argument("files", nargs="*", type=Path)
    ap.add_argument("--db", help="catalog URL (a new SQLite file by default; give an empty one)")
    ap.add_argument("--verbose", action="store_true", help="every fact lost")
    args = ap.parse_args()
    files = args.files or sorted(p for d in INPUTS if d.is_dir() for p in d.glob("*.json"))
    cpu = time.process_time()
    got = run(files, args.db, args.verbose)
    cpu = time.process_time() - cpu
    kept = sum(k for k, _ in got.values())
    total = sum(n for _, n in got.values())
    print(f"MusicBrainz JSON ({len(files)} files) through import and export  [{cpu:.1f} CPU-s]")
    for k, (s, n) in got.items():
        print(f"  {k:28} {s:4}/{n:<4} {s / n if n else 1:.1%}")
    print(f"  {'all':28} {kept:4}/{total:<4} {kept / total if total else 1:.1%}")


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT / "src"))
    main()
