"""Catalog records to schema.org JSON-LD nodes (pure: the caller supplies IRIs and relations)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import msgspec
import orjson

from mediagraph.jsonld.vocab import (
    AGENT_TYPES,
    ALBUM_TYPE_TERMS,
    CONTEXT,
    FORMAT_TERMS,
    MEMBERSHIP,
    PART_TYPES,
    PREDICATE_TERMS,
    READ_WORK_TYPES,
    ROLE_TERMS,
    WORK_TYPES,
    iso_duration,
    read_role,
)
from mediagraph.model.codec import EntityRecord
from mediagraph.model.records import (
    Agent,
    Citation,
    Credit,
    Identifier,
    Part,
    Property,
    Rating,
    Release,
    Review,
    Track,
    Work,
)
from mediagraph.resolve.canonical import Alternative

Resolver = Callable[[str], str | None]  # entity ref ("w12") -> IRI


@dataclass(frozen=True, slots=True)
class Link:
    predicate: str
    target: str  # IRI of the object
    subject_track: str | None = None
    object_track: str | None = None
    note: str | None = None  # what the source says of the relation ("performance (live)")


@dataclass(frozen=True, slots=True)
class EntityView:
    """One entity ready to write: its chosen record, IRI, outgoing relations and disagreements."""

    ref: str
    etype: str
    record: EntityRecord
    iri: str
    links: tuple[Link, ...] = ()
    alternatives: dict[str, list[Alternative]] = field(default_factory=dict)


# Catalog field -> JSON-LD property, for naming the property an alternative belongs to.
FIELD_TERMS = {"date": "datePublished", "title": "name", "kind": "@type", "country": "countryOfOrigin", "notes": "description", "description": "description"}


def document(nodes: Sequence[dict[str, Any]]) -> dict[str, Any]:
    return {"@context": CONTEXT, "@graph": list(nodes)}


def node(view: EntityView, *, iri_of: Resolver) -> dict[str, Any]:
    r = view.record
    if isinstance(r, Work):
        out = _work(r, iri_of)
    elif isinstance(r, Release):
        out = _release(r, iri_of)
    elif isinstance(r, Review):
        out = _review(r, iri_of)
    elif isinstance(r, Citation):
        out = _citation(r)
    elif isinstance(r, Agent):
        out = _agent(r, iri_of)
    else:  # pragma: no cover - the codec knows only these
        raise TypeError(type(r))
    out = {"@id": view.iri, **out}
    track_links = []
    for link in view.links:
        if link.subject_track or link.object_track:
            track_links.append(
                _drop_empty(
                    {
                        "@type": "mg:TrackRelation",
                        "mg:predicate": link.predicate,
                        "mg:subjectTrack": link.subject_track,
                        "mg:object": {"@id": link.target},
                        "mg:objectTrack": link.object_track,
                        "mg:note": link.note,
                    }
                )
            )
            continue
        term = PREDICATE_TERMS.get(link.predicate)
        if term == "isPartOf" and isinstance(r, Work) and {"TVEpisode", "Episode", "TVSeason", "CreativeWorkSeason"} & set(_as_types(out)):
            term = "partOfSeries"  # an episode's or a season's whole is its series
        if term:
            targets = out.setdefault(term, [])
            _add_target(targets, term, link)
    if track_links:
        out["mg:trackRelations"] = track_links
    alts = []
    for fname, values in sorted(view.alternatives.items()):
        for a in values:
            alts.append(
                {
                    "@type": "mg:Alternative",
                    "mg:property": FIELD_TERMS.get(fname, f"mg:{fname}"),
                    # a record's reference to another entity is written as that entity's IRI
                    "mg:value": (iri_of(a.value) or a.value) if fname in ("work", "group") and isinstance(a.value, str) else a.value,
                    "mg:chosen": a.chosen,
                    "mg:source": list(a.sources),
                }
            )
    if alts:
        out["mg:alternatives"] = alts
    return _drop_empty(out)


def _add_target(targets: list[dict[str, Any]], term: str, link: Link) -> None:
    """A relation's object; one the source says more of ("performance (live)") is written in
    schema.org's Role form, the note as its ``roleName`` (notes of one object joined)."""
    for i, t in enumerate(targets):
        inner = t.get(term, t)
        if inner.get("@id") != link.target:
            continue
        if link.note and link.note not in str(t.get("roleName") or "").split("; "):
            note = "; ".join(x for x in (t.get("roleName"), link.note) if x)
            targets[i] = {"@type": "Role", term: {"@id": link.target}, "roleName": note}
        return
    targets.append({"@type": "Role", term: {"@id": link.target}, "roleName": link.note} if link.note else {"@id": link.target})


def _kept(out: dict[str, Any], extra: Sequence[Property]) -> dict[str, Any]:
    """The properties a source gave that the catalog has no field for, written back as given;
    two values of one property (from two sources) are written as a list."""
    for p in extra:
        value = orjson.loads(p.value)
        if p.name not in out or out[p.name] in (None, [], (), "", {}):
            out[p.name] = value
            continue
        have = out[p.name] if isinstance(out[p.name], list) else [out[p.name]]
        for v in value if isinstance(value, list) else [value]:
            if isinstance(v, dict) and v.get("name") in have:
                have = [v if h == v["name"] else h for h in have]  # a genre's term in full, for its name
            elif v not in have:
                have = [*have, v]
        out[p.name] = have
    return out


def _drop_empty(d: dict[str, Any]) -> dict[str, Any]:
    # A one-element list is written as its element: the same JSON-LD, and what people write.
    return {k: (v[0] if isinstance(v, list) and len(v) == 1 else v) for k, v in d.items() if v not in (None, [], (), "", {})}


def _agent(a: Agent, iri_of: Resolver, *, embedded: bool = False) -> dict[str, Any]:
    iri = iri_of(a.key) if a.key else None
    out: dict[str, Any] = {"@type": AGENT_TYPES.get(str(a.kind), "Person"), "name": a.name}
    if embedded and iri:
        out = {"@id": iri, **out}
    alt = list(dict.fromkeys([*a.variants, *a.aliases]))
    if not embedded:
        out["alternateName"] = alt
        out["disambiguatingDescription"] = a.disambiguation
        out["description"] = a.description
        person, org = a.kind == "person", a.kind == "organization"
        out["birthDate" if person else "foundingDate"] = a.begin
        out["deathDate" if person else "dissolutionDate"] = a.end
        out["subOrganization" if org else "member"] = [_member(m, "subOrganization" if org else "member", iri_of) for m in a.members if m.name.strip()]
        out["parentOrganization" if org else "memberOf"] = [_member(g, "parentOrganization" if org else "memberOf", iri_of) for g in a.groups if g.name.strip()]
        out["mg:realName"] = a.real_name
        out["identifier"] = [_identifier(i) for i in a.identifiers]
        out["sameAs"] = list(a.same_as)
        _kept(out, a.extra)
    elif alt:
        out["alternateName"] = alt
    return _drop_empty(out)


def _member(a: Agent, prop: str, iri_of: Resolver) -> dict[str, Any]:
    """A member of a group (or a group of a member); with the Role a source gave the membership
    (its name and years), that Role around it."""
    role = next((orjson.loads(p.value) for p in a.extra if p.name == MEMBERSHIP), None)
    if not isinstance(role, dict):
        return _agent(a, iri_of)
    inner = _agent(msgspec.structs.replace(a, extra=tuple(p for p in a.extra if p.name != MEMBERSHIP)), iri_of)
    return {**role, prop: inner}


def holds_more(a: Agent) -> bool:
    """Whether an agent holds more than its credits say where it is credited (its name and
    other names): such an agent is written as a node of its own."""
    return bool(a.identifiers or a.same_as or a.members or a.groups or a.real_name or a.begin or a.end or a.disambiguation
                or a.description
                or a.extra)


def _identifier(i: Identifier) -> dict[str, Any]:
    return _drop_empty(
        {
            "@type": "PropertyValue",
            "propertyID": str(i.scheme),
            "value": i.value,
            "description": i.qualifier,
            "mg:valid": False if i.valid is False else None,
        }
    )


def _credit_value(c: Credit, term: str, iri_of: Resolver, kind: str | None = None) -> dict[str, Any]:
    person = _agent(c.agent, iri_of, embedded=True)
    # a plain person under a term only where that term reads back as this very role
    plain_role = read_role(term, kind, str(c.agent.kind)) == c.role
    if plain_role and not (c.character or c.role_detail or c.credited_as or c.tracks or c.join):
        return person
    role_type = "PerformanceRole" if term == "actor" else "Role"
    return _drop_empty(
        {
            "@type": role_type,
            term: person,
            "roleName": None if plain_role else c.role,
            "characterName": c.character,
            "mg:roleDetail": c.role_detail,
            "mg:creditedAs": c.credited_as,
            "mg:tracks": c.tracks,
            "mg:join": c.join,
        }
    )


def _credits(credits: Sequence[Credit], iri_of: Resolver, *, kind: str | None = None) -> dict[str, list[dict[str, Any]]]:
    out: dict[str, list[dict[str, Any]]] = {}
    for c in credits:
        if not c.agent.name.strip():
            continue  # a node without its name says nothing anyone could read back
        term = ROLE_TERMS.get(c.role, "contributor")
        if term == "composer" and kind == "film":
            term = "musicBy"
        if term == "publisher" and kind == "release":
            term = "contributor"  # a release's publisher is read as its label
        value = _credit_value(c, "composer" if term == "musicBy" else term, iri_of, kind)
        if term == "musicBy" and value.get("@type") == "Role":
            value["musicBy"] = value.pop("composer")
        out.setdefault(term, []).append(value)
    return out


def _as_types(node: dict[str, Any]) -> list[str]:
    t = node.get("@type")
    return [t] if isinstance(t, str) else list(t or [])


def _work_type(w: Work) -> tuple[list[str], list[str]]:
    """The work's ``@type``s (its kind's, or the more precise schema.org type a source gave, such
    as ``TVEpisode`` or ``ComicIssue``) and its other type labels (``mg:types``)."""
    schema = [t.removeprefix("schema:") for t in w.types if t.startswith("schema:")]
    labels = [t for t in w.types if not t.startswith("schema:")]
    precise = [t for t in schema if READ_WORK_TYPES.get(t) == str(w.kind) or (t in PART_TYPES and w.kind in ("other", "tv_series", "comic"))]
    main = precise[:1] or [WORK_TYPES.get(str(w.kind), "CreativeWork")]
    return [*main, *(t for t in schema if t not in main)], labels


def _work(w: Work, iri_of: Resolver) -> dict[str, Any]:
    types, labels = _work_type(w)
    out: dict[str, Any] = {"@type": types if len(types) > 1 else types[0]}
    if w.kind == "comic" and READ_WORK_TYPES.get(types[0]) != "comic":
        out["mg:kind"] = "comic"
    elif READ_WORK_TYPES.get(types[0], "other") != str(w.kind):
        out["mg:kind"] = str(w.kind)
    main = next((t for t in w.titles if t.kind == "main"), w.titles[0] if w.titles else None)
    if main is not None:
        out["name"] = {"@value": main.text, "@language": main.lang} if main.lang else main.text
    out["alternateName"] = [
        {"@value": t.text, "@language": t.lang} if t.lang else t.text for t in w.titles if t.kind in ("alternate", "translated") and t is not main
    ]
    out["mg:originalTitle"] = [
        {"@value": t.text, "@language": t.lang} if t.lang else t.text for t in w.titles if t.kind == "original" and t is not main
    ]
    out["datePublished"] = w.date
    out.update(_credits(w.credits, iri_of, kind=str(w.kind)))
    out["genre"] = list(w.genres)
    # schema.org's CreativeWork.character: the fictional people, beside the actors' roles
    out["character"] = [{"@type": "Person", "name": c.character} for c in w.credits if c.character and c.role in ("actor", "voice")]
    out["duration"] = iso_duration(w.runtime)
    out["contentRating"] = w.content_rating
    out["countryOfOrigin"] = w.country
    if w.aggregate is not None:
        a = w.aggregate
        out["aggregateRating"] = _drop_empty({"@type": "AggregateRating", "ratingValue": a.value, "bestRating": a.best,
                                              "worstRating": a.worst, "ratingCount": a.rating_count,
                                              "reviewCount": a.review_count, "mg:ratingText": a.text})
    out["description"] = w.description
    out["disambiguatingDescription"] = w.disambiguation
    out["inLanguage"] = w.language
    if w.number is not None:
        out[_number_term(types)] = w.number
    out["numberOfPages"] = w.page_count
    out["numberOfSeasons"] = w.season_count
    out["numberOfEpisodes"] = w.episode_count
    for prop, names in ALBUM_TYPE_TERMS.items():
        out[prop] = [f"https://schema.org/{t}" for t, label in names.items() if label in labels]
    out["mg:types"] = labels
    _parts(out, w.parts, iri_of)
    out["identifier"] = [_identifier(i) for i in w.identifiers]
    out["sameAs"] = list(w.same_as)
    return _kept(out, w.extra)


def _number_term(types: Sequence[str]) -> str:
    for t in types:
        if t in PART_TYPES:
            return PART_TYPES[t]
        if t in ("PublicationVolume", "BookSeries"):
            return "volumeNumber"
    return "position"


# A part's property on the node that holds it: seasons are contained, episodes are episodes.
_PART_PROPERTY = {"TVSeason": "containsSeason", "CreativeWorkSeason": "containsSeason", "RadioSeason": "containsSeason",
                  "PodcastSeason": "containsSeason", "TVEpisode": "episode", "Episode": "episode",
                  "RadioEpisode": "episode", "PodcastEpisode": "episode"}


def _parts(out: dict[str, Any], parts: Sequence[Part], iri_of: Resolver) -> None:
    for p in parts:
        out.setdefault(_PART_PROPERTY.get(p.type, "hasPart"), []).append(_part(p, iri_of))


def _part(p: Part, iri_of: Resolver) -> dict[str, Any]:
    out: dict[str, Any] = {"@type": p.type, "name": p.title}
    if p.number is not None:
        out[PART_TYPES.get(p.type, "position")] = p.number
    out["datePublished"] = p.date
    out.update(_credits(p.credits, iri_of, kind="tv_series" if p.type in ("TVSeason", "TVEpisode", "Episode") else None))
    out["duration"] = iso_duration(p.runtime)
    out["description"] = p.description
    out["numberOfEpisodes"] = p.episode_count
    _parts(out, p.parts, iri_of)
    out["identifier"] = [_identifier(i) for i in p.identifiers]
    out["sameAs"] = list(p.same_as)
    return _drop_empty(_kept(out, p.extra))


def _track(t: Track, iri_of: Resolver) -> dict[str, Any]:
    out: dict[str, Any] = {"@type": "MusicRecording", "position": t.position, "name": t.title}
    iso = iso_duration(t.duration)
    out["duration"] = iso
    if t.duration and not iso:
        out["mg:duration"] = t.duration
    out.update(_credits(t.credits, iri_of))
    isrcs = [i.value for i in t.identifiers if i.scheme == "isrc"]
    out["isrcCode"] = isrcs[0] if len(isrcs) == 1 else isrcs
    out["identifier"] = [_identifier(i) for i in t.identifiers if i.scheme != "isrc" or len(isrcs) > 1]
    out["mg:subTracks"] = [_track(s, iri_of) for s in t.sub_tracks]
    return _drop_empty(_kept(out, t.extra))


def _release(r: Release, iri_of: Resolver) -> dict[str, Any]:
    out: dict[str, Any] = {"@type": "MusicRelease", "name": r.title}
    if r.work:
        out["releaseOf"] = {"@id": iri_of(r.work) or r.work}
    if r.group and r.group != r.work:
        out["mg:versionGroup"] = {"@id": iri_of(r.group) or r.group}
    out.update(_credits(r.credits, iri_of, kind="release"))
    # A label the source left unnamed is not written as a node; its catalog number still is.
    out["recordLabel"] = [_agent(lab.label, iri_of, embedded=True) for lab in r.labels if lab.label.name.strip()]
    catnos = [lab.catalog_number for lab in r.labels if lab.catalog_number]
    if len(r.labels) == 1 and catnos:
        out["catalogNumber"] = catnos[0]
    elif catnos:
        out["catalogNumber"] = catnos
        out["mg:labels"] = [
            _drop_empty({"recordLabel": _agent(lab.label, iri_of, embedded=True) if lab.label.name.strip() else None,
                         "catalogNumber": lab.catalog_number})
            for lab in r.labels
        ]
    formats = [FORMAT_TERMS.get(f.name.strip().lower()) for f in r.formats]
    out["musicReleaseFormat"] = [f for f in formats if f]
    if any(f.qty or f.descriptions or f.text or f.name.strip().lower() not in FORMAT_TERMS for f in r.formats):
        out["mg:formats"] = [
            _drop_empty({"name": f.name, "mg:quantity": f.qty, "mg:descriptions": list(f.descriptions), "mg:text": f.text})
            for f in r.formats
        ]
    if any(p.name == "releasedEvent" for p in r.extra) and (r.date or r.country):
        # a release of several release events: the one its fields hold first, the later ones
        # (kept as written) after it
        where = {"@type": "Country", "name": r.country} if r.country else None
        out["releasedEvent"] = [_drop_empty({"@type": "PublicationEvent", "startDate": r.date, "location": where})]
    else:
        out["countryOfOrigin"] = r.country
        out["datePublished"] = r.date
    out["numTracks"] = r.track_count
    out["duration"] = iso_duration(r.runtime)
    out["mg:runtime"] = r.runtime
    for c in (c for c in r.companies if c.agent.name.strip()):
        out.setdefault("mg:company", []).append(_credit_value(c, "contributor", iri_of))
    out["description"] = r.notes
    as_gtin = set()
    for i in r.identifiers:
        if i.scheme == "barcode" and i.valid and len(i.normalized) in (8, 12, 13, 14):
            if f"gtin{len(i.normalized)}" not in out:
                out[f"gtin{len(i.normalized)}"] = i.normalized
            if not i.qualifier and i.value == i.normalized:
                as_gtin.add(i.normalized)
    out["identifier"] = [_identifier(i) for i in r.identifiers if not (i.scheme == "barcode" and i.normalized in as_gtin and not i.qualifier)]
    out["track"] = [_track(t, iri_of) for t in r.tracks]
    out["genre"] = list(r.genres)
    out["mg:styles"] = list(r.styles)
    out["mg:status"] = r.status
    out["mg:dataQuality"] = r.data_quality
    out["sameAs"] = list(r.same_as)
    return _kept(out, r.extra)


def _rating(rating: Rating) -> dict[str, Any]:
    return _drop_empty(
        {
            "@type": "Rating",
            "ratingValue": rating.value,
            "bestRating": rating.best,
            "worstRating": rating.worst,
            "mg:ratingText": rating.text,
            "mg:scaleAssumed": rating.scale_assumed or None,
        }
    )


def _review(v: Review, iri_of: Resolver) -> dict[str, Any]:
    out: dict[str, Any] = {
        "@type": "Review",
        "itemReviewed": {"@id": iri_of(v.subject) or v.subject},
        "author": _agent(v.author, iri_of, embedded=True) if v.author and v.author.name.strip() else None,
        "publisher": {"@type": "Organization", "name": v.site} if v.site else None,
        "datePublished": v.date,
        "name": v.title,
        "reviewBody": v.text,
        "reviewRating": _rating(v.rating) if v.rating else None,
        "url": v.url,
        "citation": [{"@id": iri_of(c) or c} for c in v.citations],
    }
    if v.score is not None:
        out["mg:score"] = v.score
        out["mg:estimated"] = v.estimated
        out["mg:scoreLow"] = v.score_low
        out["mg:scoreHigh"] = v.score_high
    return _kept(out, v.extra)


def _citation(c: Citation) -> dict[str, Any]:
    return {
        "@type": "CreativeWork",
        "mg:referenceText": c.text,
        "name": c.title,
        "author": [{"@type": "Person", "name": a} for a in c.authors],
        "isPartOf": {"@type": "CreativeWork", "name": c.container} if c.container else None,
        "datePublished": c.date,
        "publisher": {"@type": "Organization", "name": c.publisher} if c.publisher else None,
        "mg:place": c.place,
        "url": c.url,
    }


__all__ = ["EntityView", "Link", "document", "holds_more", "node", "recordset_document"]


def recordset_document(records: Any) -> dict[str, Any]:
    """One source's records as a JSON-LD document, before any catalog has seen them.

    Records keep their own keys as ``@id`` (``_:w1`` blank nodes for pages), so the document
    shows the extraction exactly; ``mg:source`` names where it came from.
    """
    from mediagraph.model.records import RecordSet

    assert isinstance(records, RecordSet)
    keys = {r.key for group in (records.works, records.releases, records.reviews, records.citations) for r in group}

    def iri_of(key: str) -> str | None:
        return key if key in keys or not key.startswith("_:") else None

    links: dict[str, list[Link]] = {}
    for rel in records.relations:
        links.setdefault(rel.subject, []).append(Link(str(rel.predicate), rel.object, rel.subject_track, rel.object_track, rel.note))
    nodes = []
    for group in (records.works, records.releases, records.reviews, records.citations):
        for rec in group:
            view = EntityView(ref=rec.key, etype="", record=rec, iri=rec.key, links=tuple(links.get(rec.key, ())))
            nodes.append(node(view, iri_of=iri_of))
    for agent in records.agents:
        nodes.append({"@id": agent.key or "_:agent", **_agent(agent, iri_of)})
    src = records.source
    doc = document(nodes)
    doc["mg:source"] = _drop_empty(
        {"@id": src.uri, "name": src.title, "publisher": src.site, "mg:retrievedAt": src.retrieved_at,
         "mg:contentHash": src.content_hash, "mg:warnings": list(records.warnings)}
    )
    return doc
