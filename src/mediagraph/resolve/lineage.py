"""Lineage: how works descend from one another across media, walked both ways from one work.

``build`` reads the relations around a start entity (store reads only); the renderers are pure.
Edges point from the earlier work to the one that descends from it, except ``uses`` (a film uses
a song), which is drawn from the film to the song it uses.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from mediagraph.errors import NotFoundError
from mediagraph.model.codec import decode
from mediagraph.model.vocab import LINEAGE_PREDICATES
from mediagraph.store import Tx, entities, facts
from mediagraph.store.entities import EntityRow
from mediagraph.store.facts import RelationRow

# How an edge reads from parent to child.
EDGE_LABELS = {
    "based_on": "based on",
    "inspired_by": "inspired",
    "soundtrack_of": "soundtrack",
    "version_of": "version",
    "variant_of": "variant",
    "uses": "uses",
}
_PARENT_IS_SUBJECT = frozenset({"uses"})


@dataclass(frozen=True, slots=True)
class Node:
    id: str
    title: str
    kind: str | None
    year: int | None
    creators: tuple[str, ...]
    etype: str


@dataclass(frozen=True, slots=True)
class Edge:
    parent: str
    child: str
    predicate: str
    track: str | None = None  # "19 → 1" for motif variants between tracks

    @property
    def label(self) -> str:
        return EDGE_LABELS.get(self.predicate, self.predicate.replace("_", " "))


@dataclass(slots=True)
class Lineage:
    start: str
    nodes: dict[str, Node] = field(default_factory=dict)
    edges: list[Edge] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def roots(self) -> list[str]:
        children = {e.child for e in self.edges}
        roots = [n for n in self.nodes if n not in children]
        return sorted(roots, key=lambda n: (self.nodes[n].year or 9999, n)) or [self.start]

    def children(self, node: str) -> list[Edge]:
        out = [e for e in self.edges if e.parent == node]
        return sorted(out, key=lambda e: (self.nodes[e.child].year or 9999, e.child))

    def as_dict(self) -> dict[str, Any]:
        return {
            "start": self.start,
            "roots": self.roots(),
            "nodes": [
                {"id": n.id, "title": n.title, "kind": n.kind, "year": n.year, "creators": list(n.creators), "type": n.etype}
                for n in self.nodes.values()
            ],
            "edges": [
                {"from": e.parent, "to": e.child, "predicate": e.predicate, "label": e.label, "tracks": e.track}
                for e in self.edges
            ],
            "warnings": self.warnings,
        }


class _Reader:
    """The walk's reads, batched: each BFS frontier's relations in one query, their ends in one more."""

    def __init__(self, tx: Tx, *, relations: Mapping[int, list[RelationRow]] | None, rows: Mapping[int, EntityRow] | None) -> None:
        self.tx = tx
        self.relations: dict[int, list[RelationRow]] = dict(relations or {})
        self.rows: dict[int, EntityRow] = dict(rows or {})  # id → entity, merges followed
        self.nodes: dict[int, Node] = {}

    def row(self, entity_id: int) -> EntityRow:
        if entity_id not in self.rows:
            self.rows.update(entities.get_many_followed(self.tx, [entity_id]))
        found = self.rows.get(entity_id)
        if found is None:
            raise NotFoundError(f"no entity with id {entity_id}")
        return found

    def node(self, entity_id: int) -> Node:
        if entity_id not in self.nodes:
            from mediagraph.views import creators_of

            row = self.row(entity_id)
            record = decode(row.etype, row.data)
            self.nodes[entity_id] = Node(row.ref, row.label, row.kind, row.year, tuple(creators_of(record)), row.etype)
        return self.nodes[entity_id]

    def relations_of(self, entity_id: int, upcoming: Callable[[], Iterable[int]]) -> list[RelationRow]:
        """The lineage relations of ``entity_id``, reading those of the ``upcoming()`` ids in the same query."""
        if entity_id not in self.relations:
            batch = [entity_id, *(i for i in upcoming() if i not in self.relations)]
            found = facts.relations_of_many(self.tx, batch, predicates=LINEAGE_PREDICATES)
            self.relations.update(found)
            ends = {i for rels in found.values() for r in rels for i in (r.subject_id, r.object_id)}
            self.rows.update(entities.get_many_followed(self.tx, ends - self.rows.keys()))
        return [r for r in self.relations[entity_id] if r.predicate in LINEAGE_PREDICATES]


def build(
    tx: Tx,
    start: str,
    *,
    max_nodes: int = 500,
    relations: Mapping[int, list[RelationRow]] | None = None,
    rows: Mapping[int, EntityRow] | None = None,
) -> Lineage:
    """Walk lineage relations in both directions from ``start`` (an entity id like ``w5``).

    ``relations`` (id → all its relations, as ``facts.relations_of`` gives) and ``rows`` (id →
    entity, merges followed) are reads the caller has made already; the walk reuses them.
    Reads take two queries per BFS level, however many nodes a level has.
    """
    etype, start_id = entities.parse_ref(start)
    seeded = rows.get(start_id) if rows else None
    if seeded is not None and seeded.id == start_id and etype in (None, seeded.etype):
        row = seeded  # what get_by_ref gives: the entity itself, not merged away
    else:
        row = entities.get_by_ref(tx, start)
    if row.etype == "release":
        own = relations[row.id] if relations and row.id in relations else facts.relations_of(tx, row.id)
        works = [r.object_id for r in own if r.predicate == "release_of" and r.subject_id == row.id]
        if works:
            row = entities.get_entity(tx, works[0])
    if row.etype not in ("work", "release"):
        raise NotFoundError(f"{start} is a {row.etype}; lineage is drawn for works")
    reader = _Reader(tx, relations=relations, rows=rows)
    reader.rows.setdefault(row.id, row)
    lineage = Lineage(start=row.ref)
    queue = deque([row.id])
    seen_edges: set[tuple[str, str, str, str | None]] = set()
    while queue and len(lineage.nodes) < max_nodes:
        eid = queue.popleft()
        node = reader.node(eid)
        if node.id in lineage.nodes:
            continue
        lineage.nodes[node.id] = node

        def upcoming() -> list[int]:
            # The ids this walk can still visit (the rest of the frontier), read with eid's.
            fresh = dict.fromkeys(i for i in queue if reader.node(i).id not in lineage.nodes)
            return list(fresh)[: max_nodes - len(lineage.nodes)]

        for rel in reader.relations_of(eid, upcoming):
            subj = reader.node(rel.subject_id)
            obj = reader.node(rel.object_id)
            if subj.id == obj.id:
                if rel.subject_track and rel.object_track:
                    continue  # a motif variant inside one album: shown on the release page
                lineage.warnings.append(f"{subj.id} is said to be {rel.predicate.replace('_', ' ')} itself; ignored")
                continue
            parent, child = (subj, obj) if rel.predicate in _PARENT_IS_SUBJECT else (obj, subj)
            track = f"{rel.subject_track} → {rel.object_track}" if rel.subject_track or rel.object_track else None
            key = (parent.id, child.id, rel.predicate, track)
            if key in seen_edges:
                continue
            seen_edges.add(key)
            lineage.edges.append(Edge(parent.id, child.id, rel.predicate, track))
            for other in (rel.subject_id, rel.object_id):
                if reader.row(other).ref not in lineage.nodes:
                    queue.append(other)
    cycle = find_cycle(lineage)
    if cycle:
        lineage.warnings.append("sources disagree into a cycle: " + " → ".join(cycle))
    return lineage


def find_cycle(lineage: Lineage) -> list[str] | None:
    graph: dict[str, list[str]] = {}
    for e in lineage.edges:
        graph.setdefault(e.parent, []).append(e.child)
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(n: str) -> list[str] | None:
        state[n] = 1
        stack.append(n)
        for m in graph.get(n, []):
            if state.get(m) == 1:
                return [*stack[stack.index(m):], m]
            if m not in state:
                found = visit(m)
                if found:
                    return found
        stack.pop()
        state[n] = 2
        return None

    for n in list(graph):
        if n not in state:
            found = visit(n)
            if found:
                return found
    return None


def describe(node: Node) -> str:
    bits = [b for b in (node.kind, str(node.year) if node.year else None, ", ".join(node.creators[:2]) or None) if b]
    return f"{node.title} ({'; '.join(bits)}) {node.id}" if bits else f"{node.title} {node.id}"


def render_text(lineage: Lineage) -> str:
    lines: list[str] = []
    printed: set[str] = set()

    def walk(node_id: str, prefix: str, path: tuple[str, ...]) -> None:
        kids = lineage.children(node_id)
        for i, e in enumerate(kids):
            last = i == len(kids) - 1
            node = lineage.nodes[e.child]
            tracks = f" [tracks {e.track}]" if e.track else ""
            again = e.child in printed or e.child in path
            lines.append(f"{prefix}{'└── ' if last else '├── '}{e.label}{tracks} → {describe(node)}" + (" (see above)" if again else ""))
            if not again:
                printed.add(e.child)
                walk(e.child, prefix + ("    " if last else "│   "), (*path, e.child))

    for root in lineage.roots():
        if root in printed:
            continue
        printed.add(root)
        lines.append(describe(lineage.nodes[root]))
        walk(root, "", (root,))
    lines += [f"warning: {w}" for w in lineage.warnings]
    return "\n".join(lines)


_DOT_SHAPES = {"film": "box", "tv_series": "box", "comic": "note", "book": "note", "album": "ellipse", "song": "ellipse"}


def render_dot(lineage: Lineage) -> str:
    def q(s: str) -> str:
        return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'

    out = ["digraph lineage {", "  rankdir=LR;", '  node [fontname="Helvetica"];']
    for n in lineage.nodes.values():
        label = f"{n.title}\\n{n.kind or n.etype}{' · ' + str(n.year) if n.year else ''}"
        out.append(f"  {q(n.id)} [label={q(label).replace(chr(92) * 2 + 'n', chr(92) + 'n')}, shape={_DOT_SHAPES.get(n.kind or '', 'box')}];")
    for e in lineage.edges:
        out.append(f"  {q(e.parent)} -> {q(e.child)} [label={q(e.label)}];")
    out.append("}")
    return "\n".join(out) + "\n"


__all__ = ["EDGE_LABELS", "Edge", "Lineage", "Node", "build", "describe", "find_cycle", "render_dot", "render_text"]
