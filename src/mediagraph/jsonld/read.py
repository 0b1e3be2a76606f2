"""schema.org JSON-LD to records: the one mapping of schema.org, for files and for the
structured data embedded in pages (``extract/structured.py`` reads through ``PageNodes``).

Terms are matched in compact form (``name``, ``schema:name``, full ``http``/``https`` schema.org
IRIs, and any prefix a document's own ``@context`` binds to schema.org); nested nodes become
records of their own, and a reference (``"author": "#author"``, ``{"@id": …}``) reads the node
the document describes under that ``@id``. Relative ``@id``s are made absolute against the
document's address. Values marked as alternatives from other sources come back as small
RecordSets of those sources, so a catalog exported and re-imported keeps them.

Nothing is dropped silently: every property, node or identifier scheme the catalog cannot hold
becomes a warning naming its path (``@graph[0].track[2].lyrics: not kept``), and a node that
cannot be read at all (no name, a number where a node belongs) is skipped with a warning rather
than rejecting the file. A node of a type the catalog does not hold (a WebPage, an action, an
event, an invoice) is searched for the nodes it does hold. A ``@context`` given as a URL is
never fetched.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from typing import Any

import msgspec
import orjson

from mediagraph.errors import JsonLdError
from mediagraph.jsonld.read_base import MAX_DEPTH, NOT_KEPT, Node, Skip, id_scheme
from mediagraph.jsonld.read_music import Releases
from mediagraph.jsonld.read_reviews import Reviews
from mediagraph.jsonld.read_works import Works
from mediagraph.jsonld.values import DateReader, many, term, text, types_of
from mediagraph.jsonld.vocab import PART_TYPES, READ_AGENT_TYPES, READ_WORK_TYPES
from mediagraph.model.records import (
    Agent,
    Credit,
    Property,
    RecordSet,
    Release,
    Source,
    Title,
    Work,
)
from mediagraph.model.vocab import AgentKind, WorkKind

_REVIEW_TYPES = frozenset({"Review", "CriticReview", "UserReview", "EmployerReview", "ClaimReview"})
# Where a page, an action, an event or a list names the people or groups it is about (a list of
# artists, what a ListenAction listens to, a concert's performers); elsewhere (an action's agent,
# an order's customer, a page's author) a person is no catalog's.
_RECORD_TYPES = frozenset(READ_WORK_TYPES) | frozenset(PART_TYPES) | _REVIEW_TYPES | {"MusicRelease"}
_GONE = object()  # a record left out of the copy of the wrapper around it
# what the reader says of a wrapper's properties when it does not keep them
_WRAPPER_LOSSES = ("is not a catalog record", "a list's items are kept, not the list")
_SUBJECT_TERMS = frozenset({"object", "item", "itemListElement", "mainEntity", "about", "performer", "performers", "result"})


def parse(data: bytes | str, *, uri: str) -> list[RecordSet]:
    """Parse a JSON-LD document; the first RecordSet is the file's own, then alternatives'."""
    raw = data.encode() if isinstance(data, str) else data
    try:
        doc = orjson.loads(raw)
    except orjson.JSONDecodeError as exc:
        if "depth limit" in str(exc):
            raise JsonLdError("nested deeper than 1024 levels; no catalog record nests so deep", where=uri) from None
        raise JsonLdError(f"not valid JSON: {exc}", where=uri) from None
    reader = Reader(uri)
    reader.document(doc)
    if not reader.found():
        if reader.skipped:
            why = f": {reader.skipped[0]}"
        elif reader.roots:
            why = f": it holds {' and '.join(dict.fromkeys(reader.roots))}, none of them a catalog record"
        else:
            why = f" ({reader.warnings[0]})" if reader.warnings else ""
        raise JsonLdError(
            f"no schema.org node mediagraph can read (Movie, Book, MusicAlbum, MusicRelease, Review, Person…){why}", where=uri
        )
    source = Source(uri=uri, kind="jsonld", media_type="application/ld+json", content_hash=hashlib.sha256(raw).hexdigest())
    return [reader.recordset(source), *reader.alternative_sets()]


class PageNodes:
    """The schema.org nodes embedded in one page (JSON-LD blocks, microdata, OpenGraph), read by the
    same mapping as files, one node at a time: a reference in one node reads the node it names
    in any of them. ``dates`` reads the dates a page writes in words; a date that cannot be read
    is a warning here, never an error."""

    def __init__(self, nodes: list[dict[str, Any]], *, uri: str, dates: DateReader | None = None) -> None:
        self.uri = uri
        self.dates = dates
        self.shared = Reader(uri, dates=dates, strict=False)
        self.shared.build_index([(n, f"[{i}]") for i, n in enumerate(nodes)])

    def read(self, node: dict[str, Any], *, path: str = "[0]", about: str | None = None) -> tuple[str | None, RecordSet]:
        """The key of the node's own record and every record read from it; a review that names
        no item it is about is about ``about``."""
        reader = Reader(self.uri, dates=self.dates, strict=False)
        reader.index, reader.paths, reader.urls = self.shared.index, self.shared.paths, self.shared.urls
        reader.about = about
        key = reader.top(node, path)
        reader.finish()
        return key, reader.recordset(Source(uri=self.uri, kind="page"))


class Reader(Works, Releases, Reviews):
    """Reads one document into records."""

    def __init__(self, uri: str, *, dates: DateReader | None = None, strict: bool = True) -> None:
        super().__init__(uri, dates=dates, strict=strict)
        self.alternatives: dict[str, list[tuple[str, str, Any, bool]]] = {}  # source -> (key, property, value, chosen)
        self.covered: dict[str, set[str]] = {}  # key -> properties whose value comes from alternatives
        self.seen_as: dict[str, str] = {}  # key -> "work" where a work was read under it
        self.roots: list[str] = []  # what the document's top nodes are ("a Restaurant")
        self.skipped: list[str] = []  # why top nodes could not be read ("a Movie has no name")

    def document(self, doc: Any) -> None:
        nodes: list[Any]
        if isinstance(doc, dict):
            self.context(doc.get("@context"), "@context")
            nodes = doc.get("@graph", [doc])
            if isinstance(nodes, dict):
                nodes = [nodes]
        elif isinstance(doc, list):
            nodes = doc
        else:
            raise JsonLdError("a JSON-LD document must be an object or a list of nodes", where=self.uri)
        if not isinstance(nodes, list):
            raise JsonLdError("@graph must be a list of nodes", where=self.uri)
        paths = [f"@graph[{i}]" if isinstance(doc, dict) and "@graph" in doc else (f"[{i}]" if isinstance(doc, list) else "@graph[0]")
                 for i in range(len(nodes))]
        self.build_index(list(zip(nodes, paths, strict=True)))
        for n, path in zip(nodes, paths, strict=True):
            if not isinstance(n, dict):
                self.lost(path, f"a {type(n).__name__} where a node belongs; not read")
                continue
            if isinstance(doc, list):
                self.context(n.get("@context"), f"{path}.@context")
            self.top(n, path)
        # a node no record but kept whole where a record names it (an address, a weight) is no loss
        whole = [path for n, path in zip(nodes, paths, strict=True) if id(n) in self.inlined and id(n) not in self.read_nodes]
        if whole:
            self.warnings = [w for w in self.warnings if not any(w.startswith((f"{p}:", f"{p}.")) for p in whole)]
        self.finish()

    def found(self) -> bool:
        return bool(self.works or self.releases or self.reviews or self.agents or self.citations)

    def recordset(self, source: Source) -> RecordSet:
        return RecordSet(
            source=source,
            works=tuple(self.works),
            releases=tuple(self.releases),
            agents=tuple(self.agents),
            reviews=tuple(self.reviews),
            citations=tuple(self.citations),
            relations=tuple(dict.fromkeys(self.relations)),
            warnings=tuple(dict.fromkeys(self.warnings)),
        )

    # -- nodes -----------------------------------------------------------------------------------

    def top(self, n: dict[str, Any], path: str) -> str | None:
        self.roots.append(_a(types_of(n, self.prefixes)))
        return self.node(n, path=path, top=True)

    def node(self, raw: dict[str, Any], *, path: str, top: bool = False) -> str | None:
        if self.depth >= MAX_DEPTH:
            self.lost(path, f"nested deeper than {MAX_DEPTH} nodes; not read")
            return None
        self.depth += 1
        try:
            return self._node(raw, path=path, top=top)
        finally:
            self.depth -= 1

    def _node(self, raw: dict[str, Any], *, path: str, top: bool) -> str | None:
        n = self.norm(raw, self.paths.get(id(raw), path))
        path = n.path
        types = types_of(n)
        key = self.key(n)
        works = [t for t in types if t in READ_WORK_TYPES or t in PART_TYPES]
        if key in self.seen and "MusicRelease" in types and self.seen_as.get(key) == "work":
            key = f"{key}#release"  # a release under its album's own @id (Bandcamp writes them so)
        if key in self.seen:
            return key
        if not types and set(n) <= {"@id"}:
            return key  # a reference to a node described elsewhere
        agent_at: int | None = None
        try:
            if set(types) & _REVIEW_TYPES:
                self.seen.add(key)
                self.review(n, key)
            elif "MusicRelease" in types:
                self.seen.add(key)
                self.release(n, key)
            elif any(t in READ_AGENT_TYPES for t in types) and not works:
                self.seen.add(key)
                agent = self.agent(n, path)
                if agent is None:
                    self.seen.discard(key)
                    return None
                agent_at = len(self.agents)
                self.agents.append(agent)
                self.discography(n, agent)
                key = agent.key or key
            elif "mg:referenceText" in n or "mg:Citation" in types:
                self.seen.add(key)
                self.citation(n, key)
            elif works:
                self.seen.add(key)
                self.seen_as[key] = "work"
                self.work(n, key, types)
            else:
                if top:
                    return self.wrapper(n, types, path)
                self.lost(path, f"node of type {', '.join(types) or '(none)'} is not read")
                n.used.update(n.keys())
                return None
        except Skip as skip:
            self.seen.discard(key)
            self.lost(path, str(skip))
            if top:
                if "." not in path:
                    self.skipped.append(f"{path}: {skip}")
                if set(types) & _REVIEW_TYPES:
                    return None  # a review of nothing the catalog holds: its author is no one's
                return self.wrapper(n, types, path, reported=True)
            return None
        self.read_alternatives(n, key)
        self.read_nodes[id(raw)] = (key, agent_at)
        extra = self.keep(n)
        if extra and not self.add_extra(key, agent_at, extra):
            for k in (p.name for p in extra):
                self.lost(f"{n.path}.{k}", NOT_KEPT)
        return key

    def wrapper(self, n: Node, types: list[str], path: str, *, reported: bool = False) -> str | None:
        """A page, action, event or order around the nodes the catalog holds: read those, and
        report the wrapper's own properties."""
        what = _a(types)
        warned = len(self.warnings)
        found = self.dig(n, what, reported=reported)
        if found is None and not reported and not n.unread():
            self.lost(path, f"{what} is not a catalog record; not read")
        if found is not None and self.keep_around(n):
            # the wrapper is kept on what it holds: its losses are none
            self.warnings[warned:] = [w for w in self.warnings[warned:] if not any(x in w for x in _WRAPPER_LOSSES)]
        return found

    def keep_around(self, n: Node) -> bool:
        """The page, action, event or list around records, kept on each record it holds as
        written, in JSON-LD's reverse form: a Movie a WatchAction is about keeps
        ``"@reverse": {"object": {"@type": "WatchAction", "agent": …}}``. The records it holds
        are left out of the copy (each is a record of its own)."""
        hits: list[tuple[tuple[str, int | None], list[tuple[str, dict[str, Any]]]]] = []
        top = self._strip(dict(n), [], hits, 0)
        if not hits or not isinstance(top, dict):
            return False
        done = set()
        for (key, agent_at), chain in hits:
            if (key, agent_at) in done:
                continue
            done.add((key, agent_at))
            prop, acc = chain[0]
            for next_prop, node in chain[1:]:
                acc, prop = {**node, "@reverse": {prop: acc}}, next_prop
            value = orjson.dumps({prop: acc}, option=orjson.OPT_SORT_KEYS).decode()
            self.add_extra(key, agent_at, (Property(name="@reverse", value=value),))
        return True

    def _strip(self, v: Any, chain: list[tuple[str, dict[str, Any]]], hits: list[Any], depth: int) -> Any:
        """A compact copy of ``v`` without the records read from it; each record's place is
        added to ``hits`` with the chain of (property, copy of the node) that leads to it."""
        if depth > 16:
            return self.compact(v)
        node = self.deref(v) if isinstance(v, (str, dict)) else v
        if isinstance(node, dict) and id(node) in self.read_nodes:
            hits.append((self.read_nodes[id(node)], chain))
            return _GONE
        if not isinstance(v, dict):
            return self.compact(v)
        out: dict[str, Any] = {}
        for k, x in v.items():
            key = term(k, self.prefixes)
            if key in ("@type", "@id", "@context") or not isinstance(x, (dict, list)):
                got = self.compact({k: x}).get(key)
                if key != "@context":
                    out[key] = got
                continue
            vals = []
            for y in many(x):
                got = self._strip(y, [*chain, (key, out)], hits, depth + 1) if isinstance(y, (dict, str)) else self.compact(y)
                if got is not _GONE:
                    vals.append(got)
            if vals:
                out[key] = vals if isinstance(x, list) else vals[0]
        return out

    def dig(self, n: Node, what: str, *, reported: bool = False, depth: int = 0) -> str | None:
        found: str | None = None
        for prop in list(n):
            if prop in ("@id", "@type", "@context") or (reported and prop in n.used):
                continue
            vals = n.peek(prop)
            n.used.add(prop)
            hit = False
            for i, v in enumerate(many(vals)):
                sub = f"{n.path}.{prop}" + (f"[{i}]" if isinstance(vals, list) else "")
                v = self.deref(v) if isinstance(v, dict) else v
                if not isinstance(v, dict):
                    continue
                vt = types_of(v, self.prefixes)
                inner = self.deref(v.get("item")) if "ListItem" in vt or ("item" in v and not vt) else None
                if isinstance(inner, dict):
                    for k in v:
                        if k not in ("@type", "@id", "item"):
                            self.lost(f"{sub}.{term(k, self.prefixes)}", "not kept (a list's items are kept, not the list)")
                    v, vt, sub = inner, types_of(inner, self.prefixes), f"{sub}.item"
                readable = set(vt) & _RECORD_TYPES or (set(vt) & set(READ_AGENT_TYPES) and prop in _SUBJECT_TERMS)
                if readable:
                    got = self.node(v, path=sub, top=True)
                    found = found or got
                    hit = hit or got is not None
                elif set(vt) & set(READ_AGENT_TYPES):
                    # the viewer of a WatchAction, an order's customer: no catalog's people
                    self.lost(sub, f"not kept ({what} is not a catalog record, nor is the person it names as its {prop})")
                    hit = True
                elif depth < 8 and self.depth < MAX_DEPTH:
                    got = self.dig(self.norm(v, sub), _a(vt), depth=depth + 1)
                    found = found or got
                    hit = hit or got is not None
            if not hit:
                self.lost(f"{n.path}.{prop}", f"not kept ({what} is not a catalog record)")
        return found

    def discography(self, n: Node, agent: Agent) -> None:
        """A group's or artist's albums and tracks: works of their own, performed by them."""
        for prop, kind in (("album", WorkKind.ALBUM), ("track", WorkKind.SONG)):
            vals = n.get(prop)
            for i, v in enumerate(many(vals)):
                sub = f"{n.path}.{prop}" + (f"[{i}]" if isinstance(vals, list) else "")
                v = self.deref(v)
                if isinstance(v, str):
                    self.lost(sub, f"an {prop} given only as a link ({v}); not kept" if prop == "album" else f"a track given only as a link ({v}); not kept")
                    continue
                if not isinstance(v, dict):
                    continue
                if not types_of(v, self.prefixes):
                    v = {**v, "@type": "MusicAlbum" if kind == WorkKind.ALBUM else "MusicRecording"}
                key = self.node(v, path=sub)
                if key is None:
                    continue
                performer = Credit(agent=Agent(name=agent.name, kind=agent.kind, key=agent.key), role="performer")
                for j, w in enumerate(self.works):
                    if w.key == key and not any(c.role == "performer" for c in w.credits):
                        self.works[j] = msgspec.structs.replace(w, credits=(performer, *w.credits))

    # -- alternatives from other sources ----------------------------------------------------------

    def read_alternatives(self, n: Node, key: str) -> None:
        """Values other sources gave: each goes back to its source, and where every value of a
        field can be given back so, the file's own record leaves that field to them."""
        by_prop: dict[str, list[tuple[Any, bool, list[str]]]] = {}
        for alt in many(n.get("mg:alternatives")):
            if not isinstance(alt, dict):
                continue
            alt = {term(k): x for k, x in alt.items()}
            prop = text(alt.get("mg:property"))
            srcs = [s for s in (text(x) for x in many(alt.get("mg:source"))) if s]
            if prop:
                by_prop.setdefault(prop, []).append((alt.get("mg:value"), alt.get("mg:chosen") is True, srcs))
        for prop, values in by_prop.items():
            field = _ALT_FIELDS.get(prop, prop.removeprefix("mg:"))
            if field == "description" and any(r.key == key for r in self.releases):
                field = "notes"
            counts: dict[str, int] = {}
            for _, _, srcs in values:
                for src in srcs:
                    counts[src] = counts.get(src, 0) + 1
            twice = [src for src, c in counts.items() if c > 1]
            whole = not twice and "curator" not in counts and all(srcs for _, _, srcs in values) and self._can_give_back(key, field)
            for value, chosen, srcs in values:
                for src in srcs:
                    if src != "curator" and (whole or not chosen) and not (src in twice and chosen):
                        self.alternatives.setdefault(src, []).append((key, field, value, chosen))
            if whole:
                self.covered.setdefault(key, set()).add(field)
            for src in twice:
                # one source, two values of one field: a source holds one record per entity here
                self.lost(f"{n.path}.mg:alternatives", f"{src} gave {counts[src]} values of {prop}; its chosen one is credited to this file")
        if key in self.covered:
            self._leave_to_sources(key, self.covered[key])

    def _can_give_back(self, key: str, field: str) -> bool:
        if any(w.key == key for w in self.works):
            return field in _WORK_ALT_FIELDS
        if any(a.key == key for a in self.agents):
            return field in _AGENT_ALT_FIELDS
        return any(r.key == key for r in self.releases) and field in _RELEASE_ALT_FIELDS

    def _leave_to_sources(self, key: str, fields: set[str]) -> None:
        """The file's own record without the fields its alternatives give back to their sources."""
        changes: dict[str, Any] = {f: None for f in fields if f not in ("title", "kind")}
        for i, w in enumerate(self.works):
            if w.key == key:
                titles = tuple(Title(text=t.text, lang=t.lang, kind="alternate") if t.kind == "main" else t for t in w.titles)
                self.works[i] = msgspec.structs.replace(w, **changes, **({"titles": titles} if "title" in fields else {}))
        for i, r in enumerate(self.releases):
            if r.key == key:
                self.releases[i] = msgspec.structs.replace(r, **changes, **({"title": ""} if "title" in fields else {}))
        for i, a in enumerate(self.agents):
            if a.key == key:
                self.agents[i] = msgspec.structs.replace(a, **changes)

    def finish(self) -> None:
        for rkey, wkey in self.pending_releases.items():
            self.lost(rkey, f"albumRelease of {wkey} names a release not described in the file; not kept")
        self.pending_releases.clear()

    def alternative_sets(self) -> Iterator[RecordSet]:
        works = {w.key: w for w in self.works}
        releases = {r.key: r for r in self.releases}
        agents = {a.key: a for a in self.agents if a.key}
        # Sources of chosen values first: among equals the source stored first wins again.
        order = sorted(self.alternatives, key=lambda src: not any(chosen for *_, chosen in self.alternatives[src]))
        for src in order:
            out_works: dict[str, Work] = {}
            out_releases: dict[str, Release] = {}
            out_agents: dict[str, Agent] = {}
            for key, field, value, _ in self.alternatives[src]:
                given = _field_value(field, value)
                if key in agents:
                    a = out_agents.get(key) or Agent(name=agents[key].name, kind=agents[key].kind, key=key)
                    if field == "kind" and given in {k.value for k in AgentKind}:
                        a = msgspec.structs.replace(a, kind=AgentKind(str(given)))
                    elif field in _AGENT_ALT_FIELDS and given is not None:
                        a = msgspec.structs.replace(a, **{field: given})
                    out_agents[key] = a
                elif key in works:
                    w = works[key]
                    main = next((t for t in w.titles if t.kind == "main"), w.titles[0])
                    base = out_works.get(key) or Work(key=key, kind=w.kind, titles=(Title(text=main.text),))
                    if field == "title" and given:
                        base = msgspec.structs.replace(base, titles=(Title(text=str(given)),))
                    elif field == "kind" and given in {k.value for k in WorkKind}:
                        base = msgspec.structs.replace(base, kind=WorkKind(str(given)))
                    elif field in _WORK_ALT_FIELDS and given is not None:
                        base = msgspec.structs.replace(base, **{field: given})
                    out_works[key] = base
                elif key in releases:
                    base_r = out_releases.get(key) or Release(key=key, title=releases[key].title)
                    if field in _RELEASE_ALT_FIELDS and given is not None:
                        base_r = msgspec.structs.replace(base_r, **{field: given})
                    out_releases[key] = base_r
            if out_works or out_releases or out_agents:
                yield RecordSet(
                    source=Source(uri=src, kind="reference"),
                    works=tuple(out_works.values()),
                    releases=tuple(out_releases.values()),
                    agents=tuple(out_agents.values()),
                )


def _a(types: list[str]) -> str:
    """"an Invoice", "a WebPage / Product", "an untyped node"."""
    if not types:
        return "an untyped node"
    name = " / ".join(types)
    return f"{'an' if name[0] in 'AEIOU' else 'a'} {name}"


def _field_value(field: str, value: Any) -> Any:
    """An alternative's value as the record's field holds it (a count as a number, the rest as text)."""
    if value is None:
        return None
    if field in _INT_FIELDS:
        return int(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else None
    return value if isinstance(value, str) and value else (str(value) if not isinstance(value, (str, dict, list)) else None)


# Properties an alternative names, as catalog fields; the fields an alternative can give back.
_ALT_FIELDS = {"datePublished": "date", "name": "title", "countryOfOrigin": "country", "@type": "kind"}
_INT_FIELDS = frozenset({"page_count", "season_count", "episode_count", "track_count"})
_WORK_ALT_FIELDS = frozenset({"title", "kind", "date", "description", "country", "runtime", "content_rating", "language",
                              "number", "page_count", "season_count", "episode_count"})
_AGENT_ALT_FIELDS = frozenset({"kind", "description", "disambiguation", "begin", "end", "real_name"})
_RELEASE_ALT_FIELDS = frozenset({"title", "date", "country", "notes", "runtime", "status", "work", "group", "data_quality",
                                 "track_count"})

__all__ = ["Node", "PageNodes", "Reader", "id_scheme", "parse"]
