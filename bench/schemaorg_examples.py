"""schema.org's own examples through ingest and export: how many are accepted, what survives.

Usage: python bench/schemaorg_examples.py [--verbose] [--only ID ...]

The corpus is ``tests/data/schemaorg/examples.txt`` (schema.org's examples of the music, film,
TV, book, comic, review and person types; SOURCES.md there). Each example's JSON-LD is ingested
alone into a new SQLite catalog with ``mediagraph.pipeline.ingest_bytes`` (what ``mediagraph
ingest`` runs) and the catalog is exported with ``views.export_graph`` (what ``mediagraph export``
runs). Figures printed:

- accepted: examples ingested without being rejected;
- values surviving: the example's values (every leaf of the document but ``@context``, ``@id``
  and ``@type``) found again in the export, each export value used once;
- reported: values not surviving whose path (or an ancestor's) the ingest report names;
- silent: values neither surviving nor reported (the issue asks for none).

The same figures are printed for the examples of the issue's types: ``NOT_MEDIA`` (a restaurant,
a dentist, an invoice…) are refused and left out there.
"""

from __future__ import annotations

import argparse
import re
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import orjson

ROOT = Path(__file__).resolve().parents[1]
# Examples with nothing a media catalog holds, refused with their reason: they are of none of the
# issue's types (music, film, TV, book, comic, and reviews and people of those), so their
# refusal is no loss; the figures are printed with and without them.
NOT_MEDIA = {
    "eg-0004": "a restaurant and its rating",
    "eg-0248": "a review of a restaurant",
    "eg-0347": "a dentist and its reviews",
    "eg-0374": "an invoice",
    "eg-0206": "a sports team",
    "eg-0468": "a review of a phone, never named",
}
CORPUS = ROOT / "tests" / "data" / "schemaorg" / "examples.txt"
_SCHEMA = re.compile(r"^(?:https?://(?:www\.)?schema\.org/|schema:)")


@dataclass(frozen=True)
class Example:
    """One example of schema.org's file: its id, the names its TYPES line gives, and its markup."""

    id: str
    types: tuple[str, ...]
    jsonld: str
    microdata: str = ""
    rdfa: str = ""


@dataclass
class Outcome:
    example: Example
    accepted: bool = False
    error: str = ""
    values: int = 0
    survived: int = 0
    reported: int = 0
    rejected: int = 0  # values of a rejected example (the error names the file)
    silent: list[str] = field(default_factory=list)
    lost: list[tuple[str, str, bool]] = field(default_factory=list)  # (path, value, reported)
    exported: dict[str, Any] = field(default_factory=dict)  # the catalog's export
    warnings: list[str] = field(default_factory=list)


def examples(path: Path = CORPUS) -> list[Example]:
    """The examples of a schema.org examples file that have JSON-LD."""
    out = []
    text = path.read_text(encoding="utf-8")
    for block in re.split(r"(?m)^(?=TYPES:)", text):
        if not block.startswith("TYPES:"):
            continue
        head, _, body = block.partition("\n")
        m = re.match(r"TYPES:\s*(#\S+)?\s*(.*)", head)
        assert m is not None
        sections = dict(_sections(body))
        if not sections.get("JSON", "").strip():
            continue
        out.append(
            Example(
                id=(m.group(1) or "").lstrip("#"),
                types=tuple(t.strip() for t in m.group(2).split(",") if t.strip()),
                jsonld=_script_body(sections["JSON"]),
                microdata=sections.get("MICRODATA", ""),
                rdfa=sections.get("RDFA", ""),
            )
        )
    return out


def _sections(body: str) -> list[tuple[str, str]]:
    parts = re.split(r"(?m)^(PRE-MARKUP|MICRODATA|RDFA|JSON):\s*$", body)
    return [(parts[i], parts[i + 1].strip()) for i in range(1, len(parts) - 1, 2)]


def _script_body(text: str) -> str:
    """The JSON inside the example's ``<script type="application/ld+json">``."""
    m = re.search(r"<script[^>]*>(.*?)</script>", text, re.S)
    return (m.group(1) if m else text).strip()


def _ids(doc: Any) -> set[str]:
    found: set[str] = set()
    stack = [doc]
    while stack:
        v = stack.pop()
        if isinstance(v, dict):
            if isinstance(v.get("@id"), str) and len(v) > 1:
                found.add(v["@id"])
            stack.extend(v.values())
        elif isinstance(v, list):
            stack.extend(v)
    return found


def leaves(doc: Any) -> list[tuple[str, str]]:
    """(path, value) of every value of a JSON-LD document, paths written as the reader writes
    them; a text naming another node of the document by its ``@id`` is a reference, not a value."""
    out: list[tuple[str, str]] = []
    refs = _ids(doc)

    def walk(v: Any, path: str) -> None:
        if isinstance(v, dict):
            for k, x in v.items():
                if k in ("@context", "@id", "@type"):
                    continue
                key = _SCHEMA.sub("", k)
                if isinstance(x, list):
                    for i, y in enumerate(x):
                        walk(y, f"{path}.{key}[{i}]")
                else:
                    walk(x, f"{path}.{key}" if key != "@value" else path)
        elif isinstance(v, list):
            for i, y in enumerate(v):
                walk(y, f"{path}[{i}]")
        elif v is not None and not (isinstance(v, str) and (not v.strip() or v in refs)):
            out.append((path, norm(v)))

    if isinstance(doc, list):
        for i, n in enumerate(doc):
            walk(n, f"[{i}]")
    elif isinstance(doc, dict) and isinstance(doc.get("@graph"), list):
        for i, n in enumerate(doc["@graph"]):
            walk(n, f"@graph[{i}]")
    else:
        walk(doc, "@graph[0]")
    return out


def norm(v: Any) -> str:
    """A value as compared: numbers by their number ("4" is 4.0), text stripped, schema.org's
    own terms by their name (``https://schema.org/VinylFormat`` is ``VinylFormat``)."""
    if isinstance(v, bool):
        return str(v).lower()
    if isinstance(v, (int, float)):
        return repr(float(v))
    s = _SCHEMA.sub("", str(v).strip())
    seconds = _seconds(s)
    if seconds is not None:
        return f"{seconds} s"
    try:
        return repr(float(s)) if re.fullmatch(r"-?\d+(?:\.\d+)?", s) else s
    except ValueError:
        return s


_DURATION = re.compile(r"P(?:(\d+)D)?T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?")


def _seconds(s: str) -> int | None:
    """An ISO 8601 duration in seconds (``PT178M`` and ``PT2H58M`` are one value)."""
    m = _DURATION.fullmatch(s)
    if not m or not any(m.groups()):
        return None
    d, h, mi, sec = (int(g) if g else 0 for g in m.groups())
    return ((d * 24 + h) * 60 + mi) * 60 + sec


def _export_values(doc: Any) -> Counter[str]:
    return Counter(v for _, v in leaves(doc))


def _texts(doc: Any) -> list[str]:
    """The export's longer texts, where a value may be kept inside another ("edition: HarperCollins, 1974")."""
    return [v for _, v in leaves(doc) if len(v) > 8]


def _warning_path(w: str) -> str:
    return w.split(": ", 1)[0]


def _covers(prefix: str, path: str) -> bool:
    return path == prefix or path.startswith((prefix + ".", prefix + "["))


def measure(example: Example, workdir: Path) -> Outcome:
    """Ingest one example into a new catalog, export it, and count what survived."""
    from mediagraph import views
    from mediagraph.errors import MediagraphError
    from mediagraph.pipeline import ingest_bytes
    from mediagraph.store import Catalog

    out = Outcome(example)
    try:
        doc = orjson.loads(example.jsonld)
    except orjson.JSONDecodeError as exc:
        out.error = f"the example is not JSON: {exc}"
        return out
    values = leaves(doc)
    out.values = len(values)
    cat = Catalog(f"sqlite:///{workdir / (example.id + '.sqlite')}")
    try:
        try:
            report = ingest_bytes(cat, example.jsonld.encode(), uri=f"https://schema.org/examples#{example.id}")
        except MediagraphError as exc:
            out.error = str(exc)
            out.rejected = len(values)
            out.lost = [(p, v, True) for p, v in values]
            return out
        out.accepted = True
        out.warnings = list(report.warnings)
        with cat.transaction(write=False) as tx:
            graph = views.export_graph(tx)
        out.exported = graph
        exported = _export_values(graph)
        texts = _texts(graph)
    finally:
        cat.close()
    lost_paths = [_warning_path(w) for w in out.warnings]
    covered = [any(_covers(p, path) for p in lost_paths) for path, _ in values]
    # values the report does not name take the export's values first: a name given twice, once
    # on a node that is kept and once on one reported lost, survives where it was kept
    for first in (False, True):
        for (path, value), reported in zip(values, covered, strict=True):
            if reported != first:
                continue
            raw = value.removesuffix(".0") if re.fullmatch(r"-?\d+\.0", value) else value
            if exported[value] > 0:
                exported[value] -= 1
                out.survived += 1
            elif len(raw) >= 4 and any(raw in t and t != raw for t in texts):
                out.survived += 1
            elif reported:
                out.reported += 1
                out.lost.append((path, value, True))
            else:
                out.silent.append(f"{path} = {value[:60]}")
                out.lost.append((path, value, False))
    return out


def run(selected: list[Example]) -> list[Outcome]:
    with tempfile.TemporaryDirectory() as tmp:
        return [measure(e, Path(tmp)) for e in selected]


def summary(outcomes: list[Outcome]) -> dict[str, Any]:
    values = sum(o.values for o in outcomes)
    survived = sum(o.survived for o in outcomes)
    reported = sum(o.reported for o in outcomes)
    rejected = sum(o.rejected for o in outcomes)
    accepted_values = values - rejected
    return {
        "examples": len(outcomes),
        "accepted": sum(o.accepted for o in outcomes),
        "values": values,
        "survived": survived,
        "reported": reported,
        "rejected": rejected,
        "silent": values - survived - reported - rejected,
        "surviving": survived / values if values else 1.0,
        "surviving_accepted": survived / accepted_values if accepted_values else 1.0,
    }


def media_summary(outcomes: list[Outcome]) -> dict[str, Any]:
    """The same figures for the examples of the issue's types (``NOT_MEDIA`` left out)."""
    return summary([o for o in outcomes if o.example.id not in NOT_MEDIA])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    ap.add_argument("--verbose", action="store_true", help="every example, with its silent losses and warnings")
    ap.add_argument("--only", nargs="*", default=[], help="example ids (eg-0027)")
    args = ap.parse_args()
    selected = [e for e in examples() if not args.only or e.id in args.only]
    cpu = time.process_time()
    outcomes = run(selected)
    cpu = time.process_time() - cpu
    for o in outcomes:
        if args.verbose or not o.accepted or o.silent:
            mark = "ok " if o.accepted else "REJ"
            print(f"{mark} {o.example.id:9} {o.survived:3}/{o.values:<3} kept, {o.reported + o.rejected:3} reported, {len(o.silent):3} silent  {', '.join(o.example.types[:4])}")
            if o.error:
                print(f"      rejected: {o.error}")
            for s in o.silent[: 40 if args.verbose else 8]:
                print(f"      silent: {s}")
            if args.verbose:
                for w in o.warnings:
                    print(f"      warning: {w}")
    s = summary(outcomes)
    print(
        f"schema.org examples: {s['accepted']} of {s['examples']} accepted; values {s['survived']}/{s['values']} survive "
        f"({s['surviving']:.1%}; {s['surviving_accepted']:.1%} of the accepted examples'), {s['reported']} reported lost, "
        f"{s['rejected']} in rejected examples, {s['silent']} lost silently  [{cpu:.1f} CPU-s]"
    )
    m = media_summary(outcomes)
    print(
        f"examples of the issue's types ({m['examples']}, "
        f"the non-media ones refused left out): {m['accepted']} accepted; values {m['survived']}/{m['values']} survive "
        f"({m['surviving']:.1%}), {m['reported']} reported lost, {m['rejected']} in rejected examples, {m['silent']} lost silently"
    )


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT / "src"))
    main()
