"""schema.org JSON-LD to records: the inverse of ``jsonld.write``, tolerant of other writers.

Terms are matched in compact form (``name``, ``schema:name``, full ``http``/``https`` schema.org
IRIs, and any prefix a document's own ``@context`` binds to schema.org); nested nodes become
records of their own. Values marked as alternatives from other sources come back as small
RecordSets of those sources, so a catalog exported and re-imported keeps them.

Nothing is dropped silently: every property, node or identifier scheme the catalog cannot hold
becomes a warning naming its path (``@graph[0].track[2].lyrics: not kept``), and a node that
cannot be read at all (no name, a number where a node belongs) is skipped with a warning rather
than rejecting the file. A ``@context`` given as a URL is never fetched.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from typing import Any

import msgspec
import orjson

from mediagraph.errors import JsonLdError
from mediagraph.jsonld.vocab import (
    READ_AGENT_TYPES,
    READ_FORMAT_TERMS,
    READ_ID_NAMES,
    READ_PREDICATES,
    READ_ROLE_TERMS,
    READ_WORK_TYPES,
    RELEASE_TERMS_ON_ALBUM,
    clock_duration,
)
from mediagraph.model.dates import PartialDate
from mediagraph.model.identifiers import Identifier, IdScheme
from mediagraph.model.records import (
    Agent,
    AggregateRating,
    Citation,
    Credit,
    Format,
    Rating,
    RecordSet,
    Relation,
    Release,
    ReleaseLabel,
    Review,
    Source,
    Title,
    Track,
    Work,
)
from mediagraph.model.vocab import AgentKind, Predicate, WorkKind

_SCHEMA_NS = ("http://schema.org/", "https://schema.org/", "http://www.schema.org/", "https://www.schema.org/")
_PREFIXES = (*_SCHEMA_NS, "schema:")
_MG_PREFIXES = ("https://mediagraph.dev/ns#",)
MAX_DEPTH = 64  # nodes nested deeper than this are reported, not read (no real page nests so)
MAX_WARNINGS = 500

# Properties read as part of another (or deliberately derived from others) on every node.
_ALWAYS = frozenset({"@id", "@type", "@context", "mg:alternatives", "character"})
# Wrapper nodes whose readable content sits under one of these properties.
_WRAPPED = ("mainEntity", "mainEntityOfPage", "object", "about", "itemListElement", "item", "subjectOf", "hasPart", "workExample")


def parse(data: bytes | str, *, uri: str) -> list[RecordSet]:
    """Parse a JSON-LD document; the first RecordSet is the file's own, then alternatives'."""
    raw = data.encode() if isinstance(data, str) else data
    try:
        doc = orjson.loads(raw)
    except orjson.JSONDecodeError as exc:
        if "depth limit" in str(exc):
            raise JsonLdError("nested deeper than 1024 levels; no catalog record nests so deep", where=uri) from None
        raise JsonLdError(f"not valid JSON: {exc}", where=uri) from None
    reader = _Reader(uri)
    nodes: list[Any]
    if isinstance(doc, dict):
        reader.context(doc.get("@context"), "@context")
        nodes = doc.get("@graph", [doc])
        if isinstance(nodes, dict):
            nodes = [nodes]
    elif isinstance(doc, list):
        nodes = doc
    else:
        raise JsonLdError("a JSON-LD document must be an object or a list of nodes", where=uri)
    if not isinstance(nodes, list):
        raise JsonLdError("@graph must be a list of nodes", where=uri)
    for i, n in enumerate(nodes):
        path = f"@graph[{i}]" if isinstance(doc, dict) and "@graph" in doc else (f"[{i}]" if isinstance(doc, list) else "@graph[0]")
        if not isinstance(n, dict):
            reader.lost(path, f"a {type(n).__name__} where a node belongs; not read")
            continue
        if isinstance(doc, list):
            reader.context(n.get("@context"), f"{path}.@context")
        reader.top(n, path)
    reader.finish()
    if not (reader.works or reader.releases or reader.reviews or reader.agents or reader.citations):
        why = f" ({reader.warnings[0]})" if reader.warnings else ""
        raise JsonLdError(
            f"no schema.org node mediagraph can read (Movie, Book, MusicAlbum, MusicRelease, Review, Person…){why}", where=uri
        )
    main = RecordSet(
        source=Source(
            uri=uri,
            kind="jsonld",
            media_type="application/ld+json",
            content_hash=hashlib.sha256(raw).hexdigest(),
        ),
        works=tuple(reader.works),
        releases=tuple(reader.releases),
        agents=tuple(reader.agents),
        reviews=tuple(reader.reviews),
        citations=tuple(reader.citations),
        relations=tuple(reader.relations),
        warnings=tuple(reader.warnings),
    )
    return [main, *reader.alternative_sets()]


class _Node(dict[str, Any]):
    """A node with its terms in compact form, remembering which properties were read."""

    def __init__(self, items: dict[str, Any], path: str) -> None:
        super().__init__(items)
        self.used: set[str] = set()
        self.path = path

    def get(self, key: str, default: Any = None) -> Any:
        self.used.add(key)
        return super().get(key, default)

    def __getitem__(self, key: str) -> Any:
        self.used.add(key)
        return super().__getitem__(key)

    def unread(self) -> list[str]:
        return sorted(k for k in self if k not in self.used and k not in _ALWAYS)


def _term(key: str, extra: tuple[str, ...] = ()) -> str:
    for p in (*_PREFIXES, *extra):
        if key.startswith(p):
            return key[len(p) :]
    for p in _MG_PREFIXES:
        if key.startswith(p):
            return "mg:" + key[len(p) :]
    return key


def _types(n: dict[str, Any], extra: tuple[str, ...] = ()) -> list[str]:
    t = n.get("@type", [])
    return [_term(x, extra) for x in (t if isinstance(t, list) else [t]) if isinstance(x, str)]


def _many(v: Any) -> list[Any]:
    if v is None:
        return []
    return v if isinstance(v, list) else [v]


def _text(v: Any) -> str | None:
    if isinstance(v, list):
        v = v[0] if v else None
    if isinstance(v, dict):
        v = v.get("@value", v.get("name"))
    if v is None:
        return None
    if isinstance(v, (int, float)) and not isinstance(v, bool):
        return str(v)
    return v.strip() if isinstance(v, str) and v.strip() else None


def _num(v: Any) -> float | None:
    v = v.get("@value") if isinstance(v, dict) else v
    if isinstance(v, bool) or v is None:
        return None
    try:
        return float(v)
    except (TypeError, ValueError):
        return None


def _date(v: Any, where: str) -> str | None:
    t = _text(v)
    if not t:
        return None
    parsed = PartialDate.try_parse(t[:10])
    if parsed is None:
        raise JsonLdError(f"unreadable date {t!r}", where=where)
    return str(parsed)


_FOLD = re.compile(r"[^a-z0-9]")


def id_scheme(name: str) -> IdScheme | None:
    """The scheme an identifier's name means ("Label Code", "LC", "Matrix / Runout"), or None."""
    folded = _FOLD.sub("", name.lower())
    s = READ_ID_NAMES.get(folded)
    return IdScheme(s) if s else None


class _Reader:
    def __init__(self, uri: str) -> None:
        self.uri = uri
        self.works: list[Work] = []
        self.releases: list[Release] = []
        self.agents: list[Agent] = []
        self.reviews: list[Review] = []
        self.citations: list[Citation] = []
        self.relations: list[Relation] = []
        self.warnings: list[str] = []
        self.seen: set[str] = set()
        self.blank = 0
        self.alternatives: dict[str, list[tuple[str, str, Any, bool]]] = {}  # source -> (key, property, value, chosen)
        self.covered: dict[str, set[str]] = {}  # key -> properties whose value comes from alternatives
        self.prefixes: tuple[str, ...] = ()
        self.depth = 0
        self.pending_releases: dict[str, str] = {}  # release key -> work key (albumRelease)

    # -- the loss report -------------------------------------------------------------------------

    def lost(self, path: str, what: str) -> None:
        if len(self.warnings) < MAX_WARNINGS:
            self.warnings.append(f"{path}: {what}")
        elif len(self.warnings) == MAX_WARNINGS:
            self.warnings.append("… more warnings not listed")

    def _report_unread(self, n: _Node) -> None:
        for k in n.unread():
            self.lost(f"{n.path}.{k}", "not kept (the catalog has no field for it)")

    def context(self, ctx: Any, path: str) -> None:
        """Learn the prefixes a context binds to schema.org; URLs are named, never fetched."""
        for c in _many(ctx):
            if isinstance(c, str):
                if not c.rstrip("/").endswith("schema.org") and not c.startswith(_SCHEMA_NS):
                    self.lost(path, f"context {c!r} is not fetched; its terms are read as schema.org terms")
            elif isinstance(c, dict):
                for k, v in c.items():
                    if isinstance(v, str) and v in _SCHEMA_NS and not k.startswith("@"):
                        self.prefixes = (*self.prefixes, f"{k}:")
            elif c is not None:
                self.lost(path, f"a {type(c).__name__} is not a context; ignored")

    def norm(self, n: dict[str, Any], path: str) -> _Node:
        out = _Node({_term(k, self.prefixes): v for k, v in n.items()}, path)
        if self.prefixes and "@type" in out:
            t = dict.get(out, "@type")
            out["@type"] = [_term(x, self.prefixes) if isinstance(x, str) else x for x in t] if isinstance(t, list) else (
                _term(t, self.prefixes) if isinstance(t, str) else t)
        return out

    def _key(self, n: dict[str, Any]) -> str:
        iri = n.get("@id")
        if isinstance(iri, str) and iri.strip():
            return iri.strip()
        self.blank += 1
        return f"_:n{self.blank}"

    def top(self, n: dict[str, Any], path: str) -> str | None:
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
        n = self.norm(raw, path)
        types = _types(n)
        key = self._key(n)
        if key in self.seen:
            return key
        if not types and set(n) <= {"@id"}:
            return key  # a reference to a node described elsewhere
        try:
            if "Review" in types or "CriticReview" in types or "UserReview" in types:
                self.seen.add(key)
                self._review(n, key)
            elif "MusicRelease" in types:
                self.seen.add(key)
                self._release(n, key)
            elif any(t in READ_AGENT_TYPES for t in types) and not any(t in READ_WORK_TYPES for t in types):
                self.seen.add(key)
                agent = self._agent(n, path, top=True)
                if agent is None:
                    return None
                self.agents.append(agent)
            elif "mg:referenceText" in n or "mg:Citation" in types:
                self.seen.add(key)
                self._citation(n, key)
            elif any(t in READ_WORK_TYPES for t in types):
                self.seen.add(key)
                self._work(n, key, types)
            else:
                if top:
                    return self._wrapper(n, types, path)
                self.lost(path, f"node of type {', '.join(types) or '(none)'} is not read")
                return None
        except _Skip as skip:
            self.seen.discard(key)
            self.lost(path, str(skip))
            return None
        self._alternatives(n, key)
        self._report_unread(n)
        return key

    def _wrapper(self, n: _Node, types: list[str], path: str) -> str | None:
        """A page, action or list around the nodes that matter: read what it holds."""
        found = None
        for prop in _WRAPPED:
            for i, v in enumerate(_many(n.get(prop))):
                sub = f"{path}.{prop}" + (f"[{i}]" if isinstance(n.get(prop), list) else "")
                if isinstance(v, dict) and ("@type" in v or "item" in v):
                    inner: dict[str, Any] = v["item"] if isinstance(v.get("item"), dict) and "@type" not in v else v
                    if "ListItem" in _types(self.norm(inner, sub)) and isinstance(inner.get("item"), dict):
                        inner = inner["item"]
                    got = self.node(inner, path=sub, top=True)
                    found = found or got
        if found is None:
            self.lost(path, f"node of type {', '.join(types) or '(none)'} is not read")
        else:
            self.lost(path, f"the {', '.join(types) or 'untyped'} node around it is not kept")
        return found

    def _ref(self, v: Any, *, path: str) -> str | None:
        if isinstance(v, str):
            return v
        if isinstance(v, dict):
            if set(v) == {"@id"}:
                return str(v["@id"])
            return self.node(v, path=path)
        if v is not None:
            self.lost(path, f"a {type(v).__name__} where a node belongs; not read")
        return None

    # -- agents and credits ------------------------------------------------------------------

    def _agent(self, v: Any, path: str, *, top: bool = False) -> Agent | None:
        """A person or organisation; None (with a warning) when it has no name to keep."""
        if isinstance(v, str):
            return Agent(name=v) if v.strip() else None
        if not isinstance(v, dict):
            self.lost(path, f"a {type(v).__name__} where a person or organisation belongs; not read")
            return None
        n = v if isinstance(v, _Node) else self.norm(v, path)
        name = _text(n.get("name"))
        if not name:
            given = _text(n.get("@id")) or _text(n.get("sameAs"))
            self.lost(path, f"a person or organisation with no name ({given}); not kept" if given else "a person or organisation with no name; not kept")
            return None
        kind = next((READ_AGENT_TYPES[t] for t in _types(n) if t in READ_AGENT_TYPES), "person")
        iri = n.get("@id") if isinstance(n.get("@id"), str) else None
        alt = [a for a in (_text(x) for x in _many(n.get("alternateName"))) if a]
        agent = Agent(
            name=name,
            kind=AgentKind(kind),
            key=iri,
            variants=tuple(alt),
            identifiers=tuple(self._identifiers(n.get("identifier"), path)),
            same_as=tuple(s for s in (_text(x) for x in _many(n.get("sameAs"))) if s),
        )
        if not top and v is not n:
            self._report_unread(n)
        return agent

    def _credits(self, n: _Node) -> list[Credit]:
        out: list[Credit] = []
        for term, role in READ_ROLE_TERMS.items():
            vals = n.get(term)
            for i, v in enumerate(_many(vals)):
                c = self._credit(v, term, role, f"{n.path}.{term}" + (f"[{i}]" if isinstance(vals, list) else ""))
                if c is not None:
                    out.append(c)
        return out

    def _credit(self, v: Any, term: str, role: str, path: str) -> Credit | None:
        if isinstance(v, dict):
            n = self.norm(v, path)
            if _types(n)[:1] in (["Role"], ["PerformanceRole"], ["OrganizationRole"], ["LinkRole"]):
                inner = next((n.get(t) for t in (term, "actor", "contributor", "byArtist", "musicBy", "author", "performer") if n.get(t)), None)
                for t in (term, "actor", "contributor", "byArtist", "musicBy", "author", "performer"):
                    n.used.add(t)
                agent = self._agent(inner, f"{path}.{term}")
                if agent is None:
                    return None
                role_name = _text(n.get("roleName"))
                credit = Credit(
                    agent=agent,
                    role=role_name or role,
                    character=_text(n.get("characterName")),
                    role_detail=_text(n.get("mg:roleDetail")),
                    credited_as=_text(n.get("mg:creditedAs")),
                    tracks=_text(n.get("mg:tracks")),
                    join=j if isinstance(j := n.get("mg:join"), str) and j else None,
                )
                for k in n.unread():
                    if k not in ("startDate", "endDate"):
                        self.lost(f"{path}.{k}", "not kept (the catalog has no field for it)")
                return credit
            agent = self._agent(n, path)
        else:
            agent = self._agent(v, path)
        return Credit(agent=agent, role=role) if agent is not None else None

    def _identifiers(self, v: Any, path: str) -> list[Identifier]:
        out = []
        for i, item in enumerate(_many(v)):
            sub = f"{path}.identifier" + (f"[{i}]" if isinstance(v, list) else "")
            if isinstance(item, dict):
                item = self.norm(item, sub)
                name = _text(item.get("propertyID")) or _text(item.get("name")) or "other"
                value = _text(item.get("value"))
                if not value:
                    self.lost(sub, "an identifier with no value; not kept")
                    continue
                scheme = id_scheme(name)
                note = _text(item.get("description"))
                if scheme is None:
                    self.lost(sub, f"identifier scheme {name!r} is not one the catalog knows; kept as 'other'")
                    out.append(Identifier.make(IdScheme.OTHER, value, f"{name}: {note}" if note else name))
                    continue
                out.append(Identifier.make(scheme, value, note))
            elif isinstance(item, str) and item.strip():
                out.append(Identifier.make(IdScheme.OTHER, item))
        return out

    # -- works -------------------------------------------------------------------------------

    def _titles(self, n: _Node) -> list[Title]:
        titles: list[Title] = []
        name = n.get("name")
        if isinstance(name, list):
            name = name[0] if name else None
        if isinstance(name, dict):
            titles.append(Title(text=str(name.get("@value", "")).strip(), lang=name.get("@language")))
        elif _text(name):
            titles.append(Title(text=_text(name) or ""))
        if not titles and _text(n.get("headline")):
            titles.append(Title(text=_text(n.get("headline")) or ""))
        for term, kind in (("alternateName", "alternate"), ("alternativeHeadline", "alternate"), ("mg:originalTitle", "original")):
            for v in _many(n.get(term)):
                if isinstance(v, dict) and _text(v):
                    titles.append(Title(text=_text(v) or "", lang=v.get("@language"), kind=kind))
                elif _text(v):
                    titles.append(Title(text=_text(v) or "", kind=kind))
        return [t for t in titles if t.text]

    def _work(self, n: _Node, key: str, types: list[str]) -> None:
        path = n.path
        kind = next((READ_WORK_TYPES[t] for t in types if t in READ_WORK_TYPES), "other")
        if _text(n.get("mg:kind")):
            try:
                kind = WorkKind(_text(n.get("mg:kind")) or "")
            except ValueError:
                raise JsonLdError(f"unknown mg:kind {n.get('mg:kind')!r}", where=f"{self.uri} {path}") from None
        titles = self._titles(n)
        if not titles:
            raise _Skip(f"a {types[0]} has no name; not read")
        idents = self._identifiers(n.get("identifier"), path)
        for term, scheme in (("iswcCode", IdScheme.ISWC), ("isbn", IdScheme.ISBN), ("isrcCode", IdScheme.ISRC)):
            for x in _many(n.get(term)):
                code = _text(x)
                if code and not any(i.scheme == scheme and i.normalized == Identifier.make(scheme, code).normalized for i in idents):
                    idents.append(Identifier.make(scheme, code))
        credits = self._credits(n)
        date = _date(n.get("datePublished") or n.get("dateCreated") or n.get("copyrightYear") or n.get("startDate"), f"{self.uri} {path}")
        n.used.update({"dateCreated", "copyrightYear", "startDate"})
        # A MusicAlbum that carries its release's properties: split into the work and its release.
        release_terms = [t for t in RELEASE_TERMS_ON_ALBUM if t in n] if kind == "album" and "MusicRelease" not in types else []
        work = Work(
            key=key,
            kind=WorkKind(kind),
            titles=tuple(titles),
            date=date,
            credits=tuple(credits),
            genres=tuple(g for g in (_text(x) for x in _many(n.get("genre"))) if g),
            description=_text(n.get("description")),
            identifiers=tuple(idents),
            same_as=tuple(s for s in (_text(x) for x in _many(n.get("sameAs"))) if s),
            runtime=clock_duration(_text(n.get("duration"))) if not release_terms else None,
            content_rating=_text(n.get("contentRating")),
            country=_text(n.get("countryOfOrigin")),
            aggregate=self._aggregate(n.get("aggregateRating"), f"{path}.aggregateRating"),
            types=tuple(t for t in (_text(x) for x in _many(n.get("mg:types"))) if t),
        )
        self.works.append(work)
        self._relations(n, key)
        for i, rel in enumerate(_many(n.get("albumRelease"))):
            rkey = self._ref(rel, path=f"{path}.albumRelease[{i}]")
            if rkey:
                self._attach_release(rkey, key)
        if release_terms:
            self._release(n, f"{key}#release", work=key, name=titles[0].text)
        for term in ("numberOfSeasons", "numberOfEpisodes", "numberOfPages", "bookFormat", "inLanguage", "bookEdition"):
            if term in n and term not in n.used:
                n.used.add(term)
                self.lost(f"{path}.{term}", "not kept (the catalog has no field for it)")

    def _aggregate(self, v: Any, path: str) -> AggregateRating | None:
        """An AggregateRating node: the mean of many raters, kept on the work."""
        v = v[0] if isinstance(v, list) and v else v
        if v is None:
            return None
        if not isinstance(v, dict):
            self.lost(path, f"a {type(v).__name__} where an AggregateRating belongs; not read")
            return None
        n = self.norm(v, path)
        value = _num(n.get("ratingValue"))
        if value is None:
            self.lost(path, "an AggregateRating with no ratingValue; not kept")
            return None
        count, reviews = _num(n.get("ratingCount")), _num(n.get("reviewCount"))
        out = AggregateRating(
            value=value, best=_num(n.get("bestRating")), worst=_num(n.get("worstRating")),
            rating_count=int(count) if count is not None else None,
            review_count=int(reviews) if reviews is not None else None, text=_text(n.get("mg:ratingText")),
        )
        self._report_unread(n)
        return out

    def _attach_release(self, release_key: str, work_key: str) -> None:
        for i, r in enumerate(self.releases):
            if r.key == release_key:
                if r.work is None:
                    self.releases[i] = msgspec.structs.replace(r, work=work_key)
                return
        self.pending_releases[release_key] = work_key

    def _relations(self, n: _Node, key: str) -> None:
        for term, pred in READ_PREDICATES.items():
            for i, v in enumerate(_many(n.get(term))):
                target = self._ref(v, path=f"{n.path}.{term}[{i}]")
                if target:
                    self.relations.append(Relation(subject=key, predicate=Predicate(pred), object=target))
        for i, v in enumerate(_many(n.get("citation"))):
            if isinstance(v, dict) and "@type" not in v and "@id" not in v:
                self.lost(f"{n.path}.citation[{i}]", "an untyped citation; not kept")
                continue
            target = self._ref(v, path=f"{n.path}.citation[{i}]") if not isinstance(v, str) else None
            if isinstance(v, str):
                self.lost(f"{n.path}.citation[{i}]", "a citation given as text; not kept")
            if target and "Review" not in _types(n):
                self.relations.append(Relation(subject=key, predicate=Predicate.CITES, object=target))
        for i, tr in enumerate(_many(n.get("mg:trackRelations"))):
            if not isinstance(tr, dict):
                continue
            tr = self.norm(tr, f"{n.path}.mg:trackRelations[{i}]")
            obj = self._ref(tr.get("mg:object"), path=tr.path)
            pred = _text(tr.get("mg:predicate")) or ""
            if obj and pred in {p.value for p in Predicate}:
                self.relations.append(
                    Relation(
                        subject=key,
                        predicate=Predicate(pred),
                        object=obj,
                        subject_track=_text(tr.get("mg:subjectTrack")),
                        object_track=_text(tr.get("mg:objectTrack")),
                    )
                )
            else:
                self.lost(tr.path, f"relation {pred!r} has no predicate in the catalog; not kept")

    # -- releases ----------------------------------------------------------------------------

    def _track_list(self, v: Any, path: str) -> list[Track]:
        """A track list as a list, an ItemList of ListItems, or one MusicRecording."""
        if isinstance(v, dict):
            t = self.norm(v, path)
            if "ItemList" in _types(t) or "itemListElement" in t:
                v = t.get("itemListElement")
                path = f"{path}.itemListElement"
                for k in t.unread():
                    if k not in ("numberOfItems", "name", "itemListOrder"):
                        self.lost(f"{t.path}.{k}", "not kept (the catalog has no field for it)")
        out = []
        items = _many(v)
        for i, item in enumerate(items):
            tr = self._track(item, f"{path}[{i}]" if isinstance(v, list) else path, i + 1)
            if tr is not None:
                out.append(tr)
        return out

    def _track(self, v: Any, path: str, number: int = 0) -> Track | None:
        if isinstance(v, str) and v.strip():
            return Track(position=str(number) if number else "", title=v.strip())
        if not isinstance(v, dict):
            self.lost(path, f"a {type(v).__name__} where a track belongs; not read")
            return None
        n = self.norm(v, path)
        if ("ListItem" in _types(n) or "item" in n) and isinstance(n.get("item"), dict):
            outer = n
            n = self.norm(n["item"], f"{path}.item")
            if "position" not in n and outer.get("position") is not None:
                n["position"] = outer.get("position")
        idents = self._identifiers(n.get("identifier"), path)
        idents += [Identifier.make(IdScheme.ISRC, x) for x in (_text(i) for i in _many(n.get("isrcCode"))) if x]
        title = _text(n.get("name"))
        if title is None:
            self.lost(path, "a track with no name; not kept")
            return None
        works = [w for w in _many(n.get("recordingOf")) if isinstance(w, dict)]
        for i, w in enumerate(works):
            self.node(w, path=f"{path}.recordingOf[{i}]")
        track = Track(
            position=_text(n.get("position")) or _text(n.get("trackNumber")) or "",
            title=title,
            duration=_text(n.get("mg:duration")) or clock_duration(_text(n.get("duration"))),
            credits=tuple(self._credits(n)),
            identifiers=tuple(idents),
            sub_tracks=tuple(t for t in (self._track(s, f"{path}.mg:subTracks[{i}]") for i, s in enumerate(_many(n.get("mg:subTracks")))) if t),
        )
        n.used.update({"trackNumber", "inAlbum", "@id", "duration"})
        self._report_unread(n)
        return track

    def _labels(self, n: _Node) -> list[ReleaseLabel]:
        labels: list[ReleaseLabel] = []
        if n.get("mg:labels"):
            for i, item in enumerate(_many(n.get("mg:labels"))):
                if not isinstance(item, dict):
                    continue
                item = self.norm(item, f"{n.path}.mg:labels[{i}]")
                lab = self._org(item.get("recordLabel"), f"{item.path}.recordLabel") if item.get("recordLabel") else _UNNAMED
                if lab is not None:
                    labels.append(ReleaseLabel(label=lab, catalog_number=_text(item.get("catalogNumber"))))
            n.used.update({"recordLabel", "catalogNumber"})
            return labels
        catnos = [_text(c) for c in _many(n.get("catalogNumber"))]
        raw = _many(n.get("recordLabel"))
        for i, lab in enumerate(raw):
            agent = self._org(lab, f"{n.path}.recordLabel" + (f"[{i}]" if len(raw) > 1 else ""))
            if agent is not None:
                labels.append(ReleaseLabel(label=agent, catalog_number=catnos[i] if i < len(catnos) else None))
        if not raw:
            # a catalog number whose label the source does not name
            labels += [ReleaseLabel(label=_UNNAMED, catalog_number=c) for c in catnos if c]
        return labels

    def _release(self, n: _Node, key: str, *, work: str | None = None, name: str | None = None) -> None:
        path = n.path
        if not (name or _text(n.get("name"))):
            raise _Skip("a MusicRelease has no name; not read")
        labels = self._labels(n)
        formats = []
        for f in _many(n.get("mg:formats")):
            if not isinstance(f, dict):
                continue
            f = self.norm(f, f"{path}.mg:formats")
            formats.append(
                Format(
                    name=_text(f.get("name")) or "",
                    qty=int(q) if (q := _num(f.get("mg:quantity"))) is not None else None,
                    descriptions=tuple(d for d in (_text(x) for x in _many(f.get("mg:descriptions"))) if d),
                    text=_text(f.get("mg:text")),
                )
            )
        fmt_terms = _many(n.get("musicReleaseFormat"))
        if not formats:
            for f in fmt_terms:
                t = _term(_text(f) or "", self.prefixes)
                formats.append(Format(name=READ_FORMAT_TERMS.get(t, t.replace("Format", "")) or "Other"))
        idents = self._identifiers(n.get("identifier"), path)
        known = {i.normalized for i in idents if i.scheme == "barcode"}
        for g in ("gtin8", "gtin12", "gtin13", "gtin14", "gtin", "upc", "ean"):
            for x in _many(n.get(g)):
                code = _text(x)
                if code and code not in known:
                    idents.append(Identifier.make(IdScheme.BARCODE, code))
                    known.add(code)
        if work is None:
            work = self._ref(n.get("releaseOf"), path=f"{path}.releaseOf") if n.get("releaseOf") else None
            work = work or self.pending_releases.pop(key, None)
        group = self._ref(n.get("mg:versionGroup"), path=f"{path}.mg:versionGroup") if n.get("mg:versionGroup") else None
        companies = [c for c in (self._credit(c, "contributor", "contributor", f"{path}.mg:company") for c in _many(n.get("mg:company"))) if c]
        tracks = self._track_list(n.get("track") if n.get("track") is not None else n.get("tracks"), f"{path}.track")
        count = _num(n.get("numTracks"))
        release = Release(
            key=key,
            title=name or _text(n.get("name")) or "",
            work=work,
            credits=tuple(self._credits(n)) if name is None else tuple(c for c in self._credits(n) if c.role == "performer"),
            formats=tuple(formats),
            labels=tuple(labels),
            country=_text(n.get("countryOfOrigin")) if name is None else None,
            date=_date(n.get("datePublished") or n.get("releaseDate"), f"{self.uri} {path}"),
            track_count=int(count) if count is not None and not tracks else None,
            runtime=_text(n.get("mg:runtime")) or clock_duration(_text(n.get("duration"))),
            companies=tuple(companies),
            notes=_text(n.get("description")) if name is None else None,
            tracks=tuple(tracks),
            identifiers=tuple(idents),
            group=group,
            genres=tuple(g for g in (_text(x) for x in _many(n.get("genre"))) if g) if name is None else (),
            styles=tuple(s for s in (_text(x) for x in _many(n.get("mg:styles"))) if s),
            status=_text(n.get("mg:status")),
            data_quality=_text(n.get("mg:dataQuality")),
            same_as=tuple(s for s in (_text(x) for x in _many(n.get("sameAs"))) if s) if name is None else (),
        )
        n.used.update({"releaseDate", "duration", "tracks"})
        self.releases.append(release)
        if name is None:
            self._relations(n, key)

    def _org(self, v: Any, path: str) -> Agent | None:
        a = self._agent(v, path)
        if a is None:
            return None
        return a if isinstance(v, dict) and v.get("@type") else Agent(name=a.name, kind=AgentKind.ORGANIZATION, key=a.key)

    # -- reviews and citations -----------------------------------------------------------------

    def _review(self, n: _Node, key: str) -> None:
        path = n.path
        subject = self._ref(n.get("itemReviewed"), path=f"{path}.itemReviewed")
        if not subject:
            raise _Skip("a Review with no itemReviewed mediagraph can read; not read")
        rating = None
        rr = n.get("reviewRating")
        if isinstance(rr, dict):
            rr = self.norm(rr, f"{path}.reviewRating")
            value = _num(rr.get("ratingValue"))
            text = _text(rr.get("mg:ratingText")) or (_text(rr.get("ratingValue")) or "")
            rating = Rating(
                text=text,
                value=value,
                best=_num(rr.get("bestRating")),
                worst=_num(rr.get("worstRating")),
                scale_assumed=bool(rr.get("mg:scaleAssumed", False)),
            )
            self._report_unread(rr)
        cites = [c for c in (self._ref(c, path=f"{path}.citation") for c in _many(n.get("citation"))) if c]
        publisher = n.get("publisher")
        score = _num(n.get("mg:score"))
        authors = _many(n.get("author"))
        author = self._agent(authors[0], f"{path}.author") if authors else None
        for i in range(1, len(authors)):
            self.lost(f"{path}.author[{i}]", "a review keeps one author; not kept")
        self.reviews.append(
            Review(
                key=key,
                subject=subject,
                author=author,
                site=_text(publisher) if publisher else None,
                date=_date(n.get("datePublished") or n.get("dateCreated"), f"{self.uri} {path}"),
                title=_text(n.get("name")) or _text(n.get("headline")),
                text=_text(n.get("reviewBody")),
                rating=rating,
                score=score,
                score_low=_num(n.get("mg:scoreLow")),
                score_high=_num(n.get("mg:scoreHigh")),
                estimated=bool(n.get("mg:estimated", False)),
                url=_text(n.get("url")),
                citations=tuple(cites),
            )
        )
        n.used.update({"dateCreated", "headline"})

    def _citation(self, n: _Node, key: str) -> None:
        text = _text(n.get("mg:referenceText")) or _text(n.get("name")) or ""
        part = n.get("isPartOf")
        self.citations.append(
            Citation(
                key=key,
                text=text,
                title=_text(n.get("name")),
                authors=tuple(a for a in (_text(x) for x in _many(n.get("author"))) if a),
                container=_text(part),
                date=_text(n.get("datePublished")),
                publisher=_text(n.get("publisher")),
                place=_text(n.get("mg:place")),
                url=_text(n.get("url")),
            )
        )

    # -- alternatives from other sources ----------------------------------------------------------

    def _alternatives(self, n: _Node, key: str) -> None:
        """Values other sources gave: each goes back to its source, and where every value of a
        field can be given back so, the file's own record leaves that field to them."""
        by_prop: dict[str, list[tuple[Any, bool, list[str]]]] = {}
        for alt in _many(n.get("mg:alternatives")):
            if not isinstance(alt, dict):
                continue
            alt = {_term(k): x for k, x in alt.items()}
            prop = _text(alt.get("mg:property"))
            srcs = [s for s in (_text(x) for x in _many(alt.get("mg:source"))) if s]
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

    def finish(self) -> None:
        for rkey, wkey in self.pending_releases.items():
            self.lost(rkey, f"albumRelease of {wkey} names a release not described in the file; not kept")

    def alternative_sets(self) -> Iterator[RecordSet]:
        works = {w.key: w for w in self.works}
        releases = {r.key: r for r in self.releases}
        # Sources of chosen values first: among equals the source stored first wins again.
        order = sorted(self.alternatives, key=lambda src: not any(chosen for *_, chosen in self.alternatives[src]))
        for src in order:
            out_works: dict[str, Work] = {}
            out_releases: dict[str, Release] = {}
            for key, field, value, _ in self.alternatives[src]:
                text = value if isinstance(value, str) else (str(value) if value is not None else None)
                if key in works:
                    w = works[key]
                    main = next((t for t in w.titles if t.kind == "main"), w.titles[0])
                    base = out_works.get(key) or Work(key=key, kind=w.kind, titles=(Title(text=main.text),))
                    if field == "title" and text:
                        base = msgspec.structs.replace(base, titles=(Title(text=text),))
                    elif field == "kind" and text in {k.value for k in WorkKind}:
                        base = msgspec.structs.replace(base, kind=WorkKind(text))
                    elif field in _WORK_ALT_FIELDS and text:
                        base = msgspec.structs.replace(base, **{field: text})
                    out_works[key] = base
                elif key in releases:
                    base_r = out_releases.get(key) or Release(key=key, title=releases[key].title)
                    if field in _RELEASE_ALT_FIELDS and text:
                        base_r = msgspec.structs.replace(base_r, **{field: text})
                    out_releases[key] = base_r
            if out_works or out_releases:
                yield RecordSet(
                    source=Source(uri=src, kind="reference"),
                    works=tuple(out_works.values()),
                    releases=tuple(out_releases.values()),
                )


# Properties an alternative names, as catalog fields; the fields an alternative can give back.
_ALT_FIELDS = {"datePublished": "date", "name": "title", "countryOfOrigin": "country", "@type": "kind"}
_WORK_ALT_FIELDS = frozenset({"title", "kind", "date", "description", "country", "runtime", "content_rating"})
_RELEASE_ALT_FIELDS = frozenset({"title", "date", "country", "notes", "runtime", "status", "work", "group", "data_quality"})


class _Skip(Exception):
    """A node that cannot be read; it is reported and the rest of the document is read."""


_UNNAMED = Agent(name="", kind=AgentKind.ORGANIZATION)


__all__ = ["id_scheme", "parse"]
