"""schema.org JSON-LD to records: the inverse of ``jsonld.write``, tolerant of other writers.

Terms are matched in compact form (``name``, ``schema:name`` and full schema.org IRIs alike);
nested nodes become records of their own. Values marked as alternatives from other sources come
back as small RecordSets of those sources, so a catalog exported and re-imported keeps them.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from typing import Any

import orjson

from mediagraph.errors import JsonLdError
from mediagraph.jsonld.vocab import (
    READ_AGENT_TYPES,
    READ_FORMAT_TERMS,
    READ_PREDICATES,
    READ_ROLE_TERMS,
    READ_WORK_TYPES,
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

_PREFIXES = ("http://schema.org/", "https://schema.org/", "schema:")
_MG_PREFIXES = ("https://mediagraph.dev/ns#",)


def parse(data: bytes | str, *, uri: str) -> list[RecordSet]:
    """Parse a JSON-LD document; the first RecordSet is the file's own, then alternatives'."""
    raw = data.encode() if isinstance(data, str) else data
    try:
        doc = orjson.loads(raw)
    except orjson.JSONDecodeError as exc:
        raise JsonLdError(f"not valid JSON: {exc}", where=uri) from None
    reader = _Reader(uri)
    nodes: list[Any]
    if isinstance(doc, dict):
        nodes = doc.get("@graph", [doc])
    elif isinstance(doc, list):
        nodes = doc
    else:
        raise JsonLdError("a JSON-LD document must be an object or a list of nodes", where=uri)
    if not isinstance(nodes, list):
        raise JsonLdError("@graph must be a list of nodes", where=uri)
    for i, n in enumerate(nodes):
        if not isinstance(n, dict):
            raise JsonLdError(f"node {i} of @graph is not an object", where=uri)
        reader.top(n, i)
    if not (reader.works or reader.releases or reader.reviews or reader.agents or reader.citations):
        raise JsonLdError("no schema.org node mediagraph can read (Movie, Book, MusicAlbum, MusicRelease, Review, Person…)", where=uri)
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


def _term(key: str) -> str:
    for p in _PREFIXES:
        if key.startswith(p):
            return key[len(p) :]
    for p in _MG_PREFIXES:
        if key.startswith(p):
            return "mg:" + key[len(p) :]
    return key


def _types(n: dict[str, Any]) -> list[str]:
    t = n.get("@type", [])
    return [_term(x) for x in (t if isinstance(t, list) else [t]) if isinstance(x, str)]


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


def _aggregate(v: Any) -> AggregateRating | None:
    """An AggregateRating node: the mean of many raters, kept on the work."""
    v = v[0] if isinstance(v, list) and v else v
    if not isinstance(v, dict):
        return None
    value = _num(v.get("ratingValue"))
    if value is None:
        return None
    count, reviews = _num(v.get("ratingCount")), _num(v.get("reviewCount"))
    return AggregateRating(value=value, best=_num(v.get("bestRating")), worst=_num(v.get("worstRating")),
                           rating_count=int(count) if count is not None else None,
                           review_count=int(reviews) if reviews is not None else None, text=_text(v.get("mg:ratingText")))


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
        self.alternatives: dict[str, list[tuple[str, str, str, Any]]] = {}  # source -> (key, etype, field, value)
        self.kinds: dict[str, Work] = {}

    def _key(self, n: dict[str, Any]) -> str:
        iri = n.get("@id")
        if isinstance(iri, str) and iri.strip():
            return iri.strip()
        self.blank += 1
        return f"_:n{self.blank}"

    def top(self, n: dict[str, Any], index: int) -> str | None:
        return self.node(n, where=f"{self.uri} @graph[{index}]")

    def node(self, n: dict[str, Any], *, where: str) -> str | None:
        n = {_term(k): v for k, v in n.items()}
        types = _types(n)
        key = self._key(n)
        if key in self.seen:
            return key
        if not types and set(n) <= {"@id"}:
            return key  # a reference to a node described elsewhere
        if "Review" in types:
            self.seen.add(key)
            self._review(n, key, where)
        elif "MusicRelease" in types:
            self.seen.add(key)
            self._release(n, key, where)
        elif any(t in READ_AGENT_TYPES for t in types) and not any(t in READ_WORK_TYPES for t in types):
            self.seen.add(key)
            self.agents.append(self._agent(n, where))
        elif "mg:referenceText" in n or "mg:Citation" in types:
            self.seen.add(key)
            self._citation(n, key)
        elif any(t in READ_WORK_TYPES for t in types):
            self.seen.add(key)
            self._work(n, key, types, where)
        else:
            self.warnings.append(f"{where}: node of type {types or '(none)'} is not read")
            return None
        self._alternatives(n, key)
        return key

    def _ref(self, v: Any, *, where: str) -> str | None:
        if isinstance(v, str):
            return v
        if isinstance(v, dict):
            if set(v) == {"@id"}:
                return str(v["@id"])
            return self.node(v, where=where)
        return None

    # -- agents and credits ------------------------------------------------------------------

    def _agent(self, v: Any, where: str) -> Agent:
        if isinstance(v, str):
            return Agent(name=v)
        if not isinstance(v, dict):
            raise JsonLdError("a person or organisation must be a name or an object", where=where)
        v = {_term(k): x for k, x in v.items()}
        name = _text(v.get("name"))
        if not name:
            raise JsonLdError("a person or organisation has no name", where=where)
        kind = next((READ_AGENT_TYPES[t] for t in _types(v) if t in READ_AGENT_TYPES), "person")
        iri = v.get("@id") if isinstance(v.get("@id"), str) else None
        alt = [a for a in (_text(x) for x in _many(v.get("alternateName"))) if a]
        return Agent(
            name=name,
            kind=AgentKind(kind),
            key=iri,
            variants=tuple(alt),
            identifiers=tuple(self._identifiers(v.get("identifier"), where)),
            same_as=tuple(s for s in (_text(x) for x in _many(v.get("sameAs"))) if s),
        )

    def _credits(self, n: dict[str, Any], where: str, *, kind: str | None = None) -> list[Credit]:
        out: list[Credit] = []
        for term, role in READ_ROLE_TERMS.items():
            for v in _many(n.get(term)):
                out.append(self._credit(v, term, role, where))
        return out

    def _credit(self, v: Any, term: str, role: str, where: str) -> Credit:
        if isinstance(v, dict) and _types({_term(k): x for k, x in v.items()})[:1] in (["Role"], ["PerformanceRole"], ["OrganizationRole"]):
            v = {_term(k): x for k, x in v.items()}
            inner = v.get(term) or v.get("actor") or v.get("contributor") or v.get("byArtist") or v.get("musicBy")
            return Credit(
                agent=self._agent(inner, where),
                role=_text(v.get("roleName")) or role,
                character=_text(v.get("characterName")),
                role_detail=_text(v.get("mg:roleDetail")),
                credited_as=_text(v.get("mg:creditedAs")),
                tracks=_text(v.get("mg:tracks")),
            )
        return Credit(agent=self._agent(v, where), role=role)

    def _identifiers(self, v: Any, where: str) -> list[Identifier]:
        out = []
        for item in _many(v):
            if isinstance(item, dict):
                item = {_term(k): x for k, x in item.items()}
                scheme = _text(item.get("propertyID")) or "other"
                value = _text(item.get("value"))
                if not value:
                    continue
                try:
                    s = IdScheme(scheme.lower())
                except ValueError:
                    s = IdScheme.OTHER
                    qualifier = _text(item.get("description"))
                    out.append(Identifier.make(s, value, f"{scheme}: {qualifier}" if qualifier else scheme))
                    continue
                out.append(Identifier.make(s, value, _text(item.get("description"))))
            elif isinstance(item, str) and item.strip():
                out.append(Identifier.make(IdScheme.OTHER, item))
        return out

    # -- works -------------------------------------------------------------------------------

    def _titles(self, n: dict[str, Any]) -> list[Title]:
        titles: list[Title] = []
        name = n.get("name")
        if isinstance(name, list):
            name = name[0] if name else None
        if isinstance(name, dict):
            titles.append(Title(text=str(name.get("@value", "")).strip(), lang=name.get("@language")))
        elif _text(name):
            titles.append(Title(text=_text(name) or ""))
        for term, kind in (("alternateName", "alternate"), ("mg:originalTitle", "original")):
            for v in _many(n.get(term)):
                if isinstance(v, dict) and _text(v):
                    titles.append(Title(text=_text(v) or "", lang=v.get("@language"), kind=kind))
                elif _text(v):
                    titles.append(Title(text=_text(v) or "", kind=kind))
        return [t for t in titles if t.text]

    def _work(self, n: dict[str, Any], key: str, types: list[str], where: str) -> None:
        kind = next((READ_WORK_TYPES[t] for t in types if t in READ_WORK_TYPES), "other")
        if _text(n.get("mg:kind")):
            try:
                kind = WorkKind(_text(n.get("mg:kind")) or "")
            except ValueError:
                raise JsonLdError(f"unknown mg:kind {n.get('mg:kind')!r}", where=where) from None
        titles = self._titles(n)
        if not titles:
            raise JsonLdError(f"a {types[0]} has no name", where=where)
        date = _date(n.get("datePublished") or n.get("dateCreated") or n.get("copyrightYear"), where)
        work = Work(
            key=key,
            kind=WorkKind(kind),
            titles=tuple(titles),
            date=date,
            credits=tuple(self._credits(n, where, kind=kind)),
            genres=tuple(g for g in (_text(x) for x in _many(n.get("genre"))) if g),
            description=_text(n.get("description")),
            identifiers=tuple(self._identifiers(n.get("identifier"), where)),
            same_as=tuple(s for s in (_text(x) for x in _many(n.get("sameAs"))) if s),
            runtime=clock_duration(_text(n.get("duration"))),
            content_rating=_text(n.get("contentRating")),
            country=_text(n.get("countryOfOrigin")),
            aggregate=_aggregate(n.get("aggregateRating")),
        )
        self.works.append(work)
        self._relations(n, key, where)
        for rel in _many(n.get("albumRelease")):
            rkey = self._ref(rel, where=where)
            if rkey:
                self._attach_release(rkey, key)

    def _attach_release(self, release_key: str, work_key: str) -> None:
        for i, r in enumerate(self.releases):
            if r.key == release_key and r.work is None:
                import msgspec

                self.releases[i] = msgspec.structs.replace(r, work=work_key)

    def _relations(self, n: dict[str, Any], key: str, where: str) -> None:
        for term, pred in READ_PREDICATES.items():
            for v in _many(n.get(term)):
                target = self._ref(v, where=f"{where} {term}")
                if target:
                    self.relations.append(Relation(subject=key, predicate=Predicate(pred), object=target))
        for v in _many(n.get("citation")):
            if isinstance(v, dict) and "@type" not in v and "@id" not in v:
                continue
            target = self._ref(v, where=f"{where} citation") if not isinstance(v, str) else None
            if target and "Review" not in _types(n):
                self.relations.append(Relation(subject=key, predicate=Predicate.CITES, object=target))
        for tr in _many(n.get("mg:trackRelations")):
            if not isinstance(tr, dict):
                continue
            tr = {_term(k): x for k, x in tr.items()}
            obj = self._ref(tr.get("mg:object"), where=where)
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

    # -- releases ----------------------------------------------------------------------------

    def _track(self, v: Any, where: str) -> Track:
        if not isinstance(v, dict):
            raise JsonLdError("a track must be an object", where=where)
        v = {_term(k): x for k, x in v.items()}
        if "ListItem" in _types(v) and isinstance(v.get("item"), dict):
            inner = {_term(k): x for k, x in v["item"].items()}
            inner.setdefault("position", v.get("position"))
            v = inner
        idents = self._identifiers(v.get("identifier"), where)
        idents += [Identifier.make(IdScheme.ISRC, x) for x in (_text(i) for i in _many(v.get("isrcCode"))) if x]
        return Track(
            position=_text(v.get("position")) or "",
            title=_text(v.get("name")) or "",
            duration=_text(v.get("mg:duration")) or clock_duration(_text(v.get("duration"))),
            credits=tuple(self._credits(v, where)),
            identifiers=tuple(idents),
            sub_tracks=tuple(self._track(s, where) for s in _many(v.get("mg:subTracks"))),
        )

    def _release(self, n: dict[str, Any], key: str, where: str) -> None:
        labels: list[ReleaseLabel] = []
        if n.get("mg:labels"):
            for item in _many(n.get("mg:labels")):
                item = {_term(k): x for k, x in item.items()}
                labels.append(ReleaseLabel(label=self._org(item.get("recordLabel"), where), catalog_number=_text(item.get("catalogNumber"))))
        else:
            catnos = [_text(c) for c in _many(n.get("catalogNumber"))]
            for i, lab in enumerate(_many(n.get("recordLabel"))):
                labels.append(ReleaseLabel(label=self._org(lab, where), catalog_number=catnos[i] if i < len(catnos) else None))
            if not labels and catnos:
                self.warnings.append(f"{where}: catalogNumber without recordLabel")
        formats = []
        for f in _many(n.get("mg:formats")):
            f = {_term(k): x for k, x in f.items()}
            formats.append(
                Format(
                    name=_text(f.get("name")) or "",
                    qty=int(q) if (q := _num(f.get("mg:quantity"))) is not None else None,
                    descriptions=tuple(d for d in (_text(x) for x in _many(f.get("mg:descriptions"))) if d),
                    text=_text(f.get("mg:text")),
                )
            )
        if not formats:
            for f in _many(n.get("musicReleaseFormat")):
                t = _term(_text(f) or "")
                formats.append(Format(name=READ_FORMAT_TERMS.get(t, t.replace("Format", "")) or "Other"))
        idents = self._identifiers(n.get("identifier"), where)
        known = {i.normalized for i in idents if i.scheme == "barcode"}
        for g in ("gtin8", "gtin12", "gtin13", "gtin14", "gtin"):
            for x in _many(n.get(g)):
                code = _text(x)
                if code and code not in known:
                    idents.append(Identifier.make(IdScheme.BARCODE, code))
                    known.add(code)
        work = self._ref(n.get("releaseOf"), where=f"{where} releaseOf") if n.get("releaseOf") else None
        group = self._ref(n.get("mg:versionGroup"), where=where) if n.get("mg:versionGroup") else None
        companies = [self._credit(c, "contributor", "contributor", where) for c in _many(n.get("mg:company"))]
        release = Release(
            key=key,
            title=_text(n.get("name")) or "",
            work=work,
            credits=tuple(self._credits(n, where)),
            formats=tuple(formats),
            labels=tuple(labels),
            country=_text(n.get("countryOfOrigin")),
            date=_date(n.get("datePublished") or n.get("releaseDate"), where),
            track_count=int(n["numTracks"]) if isinstance(n.get("numTracks"), int) and not n.get("track") else None,
            runtime=_text(n.get("mg:runtime")) or clock_duration(_text(n.get("duration"))),
            companies=tuple(companies),
            notes=_text(n.get("description")),
            tracks=tuple(self._track(t, where) for t in _many(n.get("track"))),
            identifiers=tuple(idents),
            group=group,
            genres=tuple(g for g in (_text(x) for x in _many(n.get("genre"))) if g),
            styles=tuple(s for s in (_text(x) for x in _many(n.get("mg:styles"))) if s),
            status=_text(n.get("mg:status")),
            data_quality=_text(n.get("mg:dataQuality")),
            same_as=tuple(s for s in (_text(x) for x in _many(n.get("sameAs"))) if s),
        )
        if not release.title:
            raise JsonLdError("a MusicRelease has no name", where=where)
        self.releases.append(release)
        self._relations(n, key, where)

    def _org(self, v: Any, where: str) -> Agent:
        a = self._agent(v, where)
        return a if isinstance(v, dict) and v.get("@type") else Agent(name=a.name, kind=AgentKind.ORGANIZATION, key=a.key)

    # -- reviews and citations -----------------------------------------------------------------

    def _review(self, n: dict[str, Any], key: str, where: str) -> None:
        subject = self._ref(n.get("itemReviewed"), where=f"{where} itemReviewed")
        if not subject:
            raise JsonLdError("a Review has no itemReviewed", where=where)
        rating = None
        rr = n.get("reviewRating")
        if isinstance(rr, dict):
            rr = {_term(k): x for k, x in rr.items()}
            value = _num(rr.get("ratingValue"))
            text = _text(rr.get("mg:ratingText")) or (_text(rr.get("ratingValue")) or "")
            rating = Rating(
                text=text,
                value=value,
                best=_num(rr.get("bestRating")),
                worst=_num(rr.get("worstRating")),
                scale_assumed=bool(rr.get("mg:scaleAssumed", False)),
            )
        cites = [c for c in (self._ref(c, where=f"{where} citation") for c in _many(n.get("citation"))) if c]
        publisher = n.get("publisher")
        score = _num(n.get("mg:score"))
        self.reviews.append(
            Review(
                key=key,
                subject=subject,
                author=self._agent(n["author"], where) if n.get("author") else None,
                site=_text(publisher) if publisher else None,
                date=_date(n.get("datePublished") or n.get("dateCreated"), where),
                title=_text(n.get("name")),
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

    def _citation(self, n: dict[str, Any], key: str) -> None:
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

    def _alternatives(self, n: dict[str, Any], key: str) -> None:
        for alt in _many(n.get("mg:alternatives")):
            if not isinstance(alt, dict):
                continue
            alt = {_term(k): x for k, x in alt.items()}
            if alt.get("mg:chosen") is True:
                continue
            prop = _text(alt.get("mg:property"))
            for src in _many(alt.get("mg:source")):
                s = _text(src)
                if s and prop:
                    self.alternatives.setdefault(s, []).append((key, "", prop, alt.get("mg:value")))

    def alternative_sets(self) -> Iterator[RecordSet]:
        works = {w.key: w for w in self.works}
        releases = {r.key: r for r in self.releases}
        import msgspec

        for src, items in self.alternatives.items():
            if src == "curator":
                continue
            out_works: dict[str, Work] = {}
            out_releases: dict[str, Release] = {}
            for key, _, prop, value in items:
                field = {"datePublished": "date", "name": "title", "countryOfOrigin": "country", "description": "notes"}.get(prop, prop.removeprefix("mg:"))
                if key in works:
                    base = out_works.get(key) or Work(key=key, kind=works[key].kind, titles=(Title(text=works[key].title),))
                    if field == "title":
                        base = msgspec.structs.replace(base, titles=(Title(text=str(value)),))
                    elif field in ("date", "description"):
                        base = msgspec.structs.replace(base, **{field: str(value)})
                    out_works[key] = base
                elif key in releases:
                    base_r = out_releases.get(key) or Release(key=key, title=releases[key].title)
                    if field in ("title", "date", "country", "notes", "runtime", "status"):
                        base_r = msgspec.structs.replace(base_r, **{field: str(value)})
                    out_releases[key] = base_r
            yield RecordSet(
                source=Source(uri=src, kind="reference"),
                works=tuple(out_works.values()),
                releases=tuple(out_releases.values()),
            )


__all__ = ["parse"]
