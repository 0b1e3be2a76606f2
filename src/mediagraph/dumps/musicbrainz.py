"""MusicBrainz JSON (web service and JSON dumps) to records: translation tables and pure functions."""

from __future__ import annotations

import re
from typing import Any

from mediagraph.model import (
    Agent,
    AgentKind,
    Credit,
    Format,
    Identifier,
    IdScheme,
    PartialDate,
    Predicate,
    Relation,
    Release,
    ReleaseLabel,
    Title,
    Track,
    Work,
    WorkKind,
)

Obj = dict[str, Any]

PERFORMER = "performer"
PERFORMANCE_NOTE = "performance"

ARTIST_KINDS: dict[str | None, AgentKind] = {
    "Person": AgentKind.PERSON,
    "Character": AgentKind.PERSON,
    "Group": AgentKind.GROUP,
    "Orchestra": AgentKind.GROUP,
    "Choir": AgentKind.GROUP,
}

# Work-to-work relationship types that draw lineage. MusicBrainz states each pair once, from
# entity0 to entity1; ``forward`` tells whether this work is entity0. The bool says whether
# entity0 is the derived work (the relation's subject) or the original.
WORK_RELATIONS: dict[str, tuple[Predicate, bool]] = {
    "based on": (Predicate.BASED_ON, True),  # entity0 is based on entity1
    "other version": (Predicate.VERSION_OF, False),  # entity0 has entity1 as another version
    "arrangement": (Predicate.VERSION_OF, False),  # entity1 is an arrangement of entity0
    "revision of": (Predicate.VERSION_OF, True),  # entity0 is a revision of entity1
    "medley": (Predicate.USES, True),  # entity0 is a medley including entity1
    "orchestration": (Predicate.VERSION_OF, False),  # entity1 is an orchestration of entity0
    "translation": (Predicate.VERSION_OF, False),  # entity1 is a translation of entity0 (older name)
    "parts": (Predicate.PART_OF, False),  # entity0 has entity1 as a part (an act of an opera, a movement)
}

# Song-like MusicBrainz work types are SONG; scores for a film or game are albums of music.
WORK_KINDS: dict[str | None, WorkKind] = {"Soundtrack": WorkKind.ALBUM}

_WIKIDATA = re.compile(r"wikidata\.org/wiki/(Q\d+)")
_IMDB = re.compile(r"imdb\.com/(?:title|name|company)/((?:tt|nm|co)\d+)")
_DISCOGS = re.compile(r"discogs\.com/(?:[a-z]{2}/)?(artist|label|master|release)/(\d+)")
_DISCOGS_SCHEMES = {
    "artist": IdScheme.DISCOGS_ARTIST,
    "label": IdScheme.DISCOGS_LABEL,
    "master": IdScheme.DISCOGS_MASTER,
    "release": IdScheme.DISCOGS_RELEASE,
}


def mb_key(entity: str, mbid: str) -> str:
    """``mb:release/<mbid>``, ``mb:release-group/<mbid>``, ``mb:work/<mbid>``…"""
    return f"mb:{entity}/{mbid}"


def _mbid(mbid: str) -> Identifier:
    return Identifier.make(IdScheme.MUSICBRAINZ, mbid)


def _date(text: str | None) -> str | None:
    d = PartialDate.try_parse(text)
    return str(d) if d else None


def length_text(ms: int | None) -> str | None:
    """Milliseconds → ``"m:ss"`` (or ``"h:mm:ss"``), as durations are kept."""
    if not ms or ms < 0:
        return None
    s = round(ms / 1000)
    h, rest = divmod(s, 3600)
    m, sec = divmod(rest, 60)
    return f"{h}:{m:02d}:{sec:02d}" if h else f"{m}:{sec:02d}"


def url_links(relations: list[Obj] | None) -> tuple[tuple[str, ...], tuple[Identifier, ...]]:
    """URL relations → sameAs URLs, plus typed identifiers for IMDb, Wikidata and Discogs."""
    same_as: list[str] = []
    ids: list[Identifier] = []
    for rel in relations or ():
        if rel.get("target-type") != "url":
            continue
        url = (rel.get("url") or {}).get("resource")
        if not url:
            continue
        if m := _WIKIDATA.search(url):
            ids.append(Identifier.make(IdScheme.WIKIDATA, m.group(1)))
        elif m := _IMDB.search(url):
            ids.append(Identifier.make(IdScheme.IMDB, m.group(1)))
        elif m := _DISCOGS.search(url):
            ids.append(Identifier.make(_DISCOGS_SCHEMES[m.group(1)], m.group(2)))
        else:
            continue  # homepages, streaming links, lyrics sites: not the same entity
        same_as.append(url)
    return tuple(same_as), tuple(ids)


def _agent(obj: Obj, *, kind: AgentKind | None = None) -> Agent:
    mbid = obj.get("id")
    return Agent(
        name=obj.get("name") or "",
        kind=kind or ARTIST_KINDS.get(obj.get("type"), AgentKind.PERSON),
        key=mb_key("artist" if kind is not AgentKind.ORGANIZATION else "label", mbid)
        if mbid
        else None,
        identifiers=(_mbid(mbid),) if mbid else (),
    )


def artist_credit(credits: list[Obj] | None) -> list[Credit]:
    """An ``artist-credit`` list → performer credits, keeping credited names and join phrases."""
    out: list[Credit] = []
    for c in credits or ():
        artist = c.get("artist") or {}
        agent = _agent(artist)
        name = c.get("name")
        out.append(
            Credit(
                agent=agent,
                role=PERFORMER,
                credited_as=name if name and name != agent.name else None,
                join=c.get("joinphrase") or None,
            )
        )
    return out


def relation_credits(relations: list[Obj] | None) -> list[Credit]:
    """Artist and label relations → credits ("producer", "instrument" with "bass" as detail)."""
    out: list[Credit] = []
    for rel in relations or ():
        target = rel.get("target-type")
        if target == "artist":
            agent = _agent(rel.get("artist") or {})
        elif target == "label":
            agent = _agent(rel.get("label") or {}, kind=AgentKind.ORGANIZATION)
        else:
            continue
        attrs = rel.get("attributes") or []
        credited = rel.get("target-credit") or None
        out.append(
            Credit(
                agent=agent,
                role=rel.get("type") or "",
                role_detail=", ".join(attrs) if attrs else None,
                credited_as=credited,
            )
        )
    return out


def _genres(obj: Obj) -> tuple[str, ...]:
    return tuple(g["name"] for g in obj.get("genres") or () if g.get("name"))


def _position(disc: int, number: str, *, discs: int) -> str:
    """Track numbers on multi-disc releases become ``"2-05"``; single discs keep MB's number."""
    if discs <= 1:
        return number
    return f"{disc}-{int(number):02d}" if number.isdigit() else f"{disc}-{number}"


def _track(t: Obj, *, disc: int, discs: int) -> Track:
    rec = t.get("recording") or {}
    number = str(t.get("number") or t.get("position") or "")
    ids = [_mbid(t["id"])] if t.get("id") else []
    ids += [Identifier.make(IdScheme.ISRC, i) for i in rec.get("isrcs") or ()]
    return Track(
        position=_position(disc, number, discs=discs),
        title=t.get("title") or rec.get("title") or "",
        duration=length_text(t.get("length") or rec.get("length")),
        credits=tuple(artist_credit(t.get("artist-credit"))),
        identifiers=tuple(ids),
        key=mb_key("recording", rec["id"]) if rec.get("id") else None,
    )


def _formats(media: list[Obj]) -> tuple[Format, ...]:
    """Media → formats, equal neighbours counted: two CDs are ``Format("CD", qty=2)``."""
    out: list[Format] = []
    for m in media:
        name = m.get("format") or "(unknown)"
        if out and out[-1].name == name:
            out[-1] = Format(name=name, qty=(out[-1].qty or 1) + 1)
        else:
            out.append(Format(name=name, qty=1))
    return tuple(out)


def mb_release(obj: Obj) -> Release:
    """A release → ``Release(key="mb:release/<mbid>")``; its release group is group and work."""
    mbid = obj["id"]
    media = obj.get("media") or []
    tracks = tuple(
        _track(t, disc=m.get("position") or i + 1, discs=len(media))
        for i, m in enumerate(media)
        for t in (m.get("pregap"), *(m.get("tracks") or ()), *(m.get("data-tracks") or ()))
        if t
    )
    labels = tuple(
        ReleaseLabel(
            label=_agent(li["label"], kind=AgentKind.ORGANIZATION)
            if li.get("label")
            else Agent(name="", kind=AgentKind.ORGANIZATION),
            catalog_number=li.get("catalog-number") or None,
        )
        for li in obj.get("label-info") or ()
    )
    same_as, linked = url_links(obj.get("relations"))
    ids = [_mbid(mbid)]
    if obj.get("barcode"):
        ids.append(Identifier.make(IdScheme.BARCODE, obj["barcode"]))
    if obj.get("asin"):
        ids.append(Identifier.make(IdScheme.OTHER, obj["asin"], "ASIN"))
    rg = (obj.get("release-group") or {}).get("id")
    group = mb_key("release-group", rg) if rg else None
    return Release(
        key=mb_key("release", mbid),
        title=obj.get("title") or "",
        work=group,
        credits=(*artist_credit(obj.get("artist-credit")), *relation_credits(obj.get("relations"))),
        formats=_formats(media),
        labels=labels,
        country=obj.get("country") or None,
        date=_date(obj.get("date")),
        notes=obj.get("annotation") or None,
        tracks=tracks,
        identifiers=(*ids, *linked),
        group=group,
        genres=_genres(obj),
        status=obj.get("status") or None,
        data_quality=obj.get("quality") or None,
        same_as=same_as,
    )


def mb_release_group(obj: Obj) -> Work:
    """A release group → ``Work(kind=ALBUM)`` with its primary and secondary types kept."""
    mbid = obj["id"]
    same_as, linked = url_links(obj.get("relations"))
    types = [obj["primary-type"]] if obj.get("primary-type") else []
    types += [t for t in obj.get("secondary-types") or () if t]
    return Work(
        key=mb_key("release-group", mbid),
        kind=WorkKind.ALBUM,
        titles=(Title(text=obj.get("title") or ""),),
        date=_date(obj.get("first-release-date")),
        credits=tuple(artist_credit(obj.get("artist-credit"))),
        genres=_genres(obj),
        description=obj.get("disambiguation") or None,
        identifiers=(_mbid(mbid), *linked),
        same_as=same_as,
        types=tuple(types),
    )


def mb_release_own_group(obj: Obj) -> tuple[Work, ...]:
    """The release group a release nests (with its types), when it is described, not only named."""
    rg = obj.get("release-group") or {}
    if not rg.get("id") or not rg.get("title") or not ("primary-type" in rg or "secondary-types" in rg):
        return ()
    return (mb_release_group(rg),)


def mb_artist(obj: Obj) -> Agent:
    """An artist → Agent; aliases kept, IPI and ISNI as OTHER identifiers with their names."""
    mbid = obj["id"]
    same_as, linked = url_links(obj.get("relations"))
    ids = [_mbid(mbid)]
    ids += [Identifier.make(IdScheme.OTHER, v, "IPI") for v in obj.get("ipis") or ()]
    ids += [Identifier.make(IdScheme.OTHER, v, "ISNI") for v in obj.get("isnis") or ()]
    name = obj.get("name") or ""
    sort_name = obj.get("sort-name")
    return Agent(
        name=name,
        kind=ARTIST_KINDS.get(obj.get("type"), AgentKind.PERSON),
        key=mb_key("artist", mbid),
        variants=(sort_name,) if sort_name and sort_name != name else (),
        aliases=_aliases(obj, name),
        identifiers=(*ids, *linked),
        same_as=same_as,
        **_span(obj),
    )


def _span(obj: Obj) -> dict[str, Any]:
    """An artist's or label's life span ("begin": "1957", "end": "1970") and disambiguation."""
    life = obj.get("life-span") or {}
    return {"begin": _date(life.get("begin")), "end": _date(life.get("end")), "disambiguation": obj.get("disambiguation") or None}


def _aliases(obj: Obj, name: str) -> tuple[str, ...]:
    seen: dict[str, None] = {}
    for a in obj.get("aliases") or ():
        if (n := a.get("name")) and n != name:
            seen[n] = None
    return tuple(seen)


def mb_label(obj: Obj) -> Agent:
    """A label → ``Agent(kind=ORGANIZATION)``, with its label code ("LC 01305")."""
    mbid = obj["id"]
    same_as, linked = url_links(obj.get("relations"))
    ids = [_mbid(mbid)]
    if (code := label_code(obj.get("label-code"))) is not None:
        ids.append(code)
    name = obj.get("name") or ""
    return Agent(
        name=name,
        kind=AgentKind.ORGANIZATION,
        key=mb_key("label", mbid),
        aliases=_aliases(obj, name),
        identifiers=(*ids, *linked),
        same_as=same_as,
        **_span(obj),
    )


def label_code(value: Any) -> Identifier | None:
    """MusicBrainz's ``label-code`` (a number, or a string in some clients' data) → ``LC 01305``;
    a value that is no label code is kept and flagged invalid, never a reason to drop the label."""
    if value is None or value == "" or isinstance(value, bool):
        return None
    text = str(value).strip()
    digits = text.upper().removeprefix("LC").strip(" -")
    if digits.isdigit():
        return Identifier.make(IdScheme.LABEL_CODE, f"LC {int(digits):05d}")
    return Identifier.make(IdScheme.LABEL_CODE, text)


def mb_series(obj: Obj) -> Work:
    """A series → ``Work(kind=OTHER)`` typed by the series type ("Release group series")."""
    mbid = obj["id"]
    same_as, linked = url_links(obj.get("relations"))
    kind = obj.get("type")
    return Work(
        key=mb_key("series", mbid),
        kind=WorkKind.OTHER,
        titles=(Title(text=obj.get("name") or obj.get("title") or ""),),
        description=obj.get("disambiguation") or None,
        identifiers=(_mbid(mbid), *linked),
        same_as=same_as,
        types=("Series", kind) if kind else ("Series",),
    )


def mb_series_relations(obj: Obj) -> tuple[Relation, ...]:
    """Series membership, ``member RELATED_TO series`` noted "part of" with its number."""
    me = mb_key("series", obj["id"])
    out: list[Relation] = []
    for rel in obj.get("relations") or ():
        target = rel.get("target-type")
        if target not in ("work", "release_group", "release-group"):
            continue
        entity = "work" if target == "work" else "release-group"
        other = (rel.get(target) or rel.get("release_group") or rel.get("release-group") or {}).get("id")
        if not other:
            continue
        number = (rel.get("attribute-values") or {}).get("number") or rel.get("ordering-key")
        note = "part of series" + (f" (number {number})" if number else "")
        out.append(Relation(subject=mb_key(entity, other), predicate=Predicate.RELATED_TO, object=me, note=note))
    return tuple(out)


def mb_recording(obj: Obj) -> Track:
    """A recording → ``Track(key="mb:recording/<mbid>", position="")`` with ISRCs and credits."""
    mbid = obj["id"]
    ids = [_mbid(mbid)]
    ids += [Identifier.make(IdScheme.ISRC, i) for i in obj.get("isrcs") or ()]
    return Track(
        position="",
        title=obj.get("title") or "",
        duration=length_text(obj.get("length")),
        credits=(*artist_credit(obj.get("artist-credit")), *relation_credits(obj.get("relations"))),
        identifiers=tuple(ids),
        key=mb_key("recording", mbid),
    )


def mb_work(obj: Obj) -> Work:
    """A work → ``Work(kind=SONG)`` (ALBUM for soundtracks) with ISWCs checked and credits."""
    mbid = obj["id"]
    same_as, linked = url_links(obj.get("relations"))
    ids = [_mbid(mbid)]
    ids += [Identifier.make(IdScheme.ISWC, i) for i in obj.get("iswcs") or ()]
    languages = [lang for lang in obj.get("languages") or () if lang not in ("zxx", "mul")]
    lang = languages[0] if len(languages) == 1 else None
    titles = [Title(text=obj.get("title") or "", lang=lang)]
    titles += [Title(text=a, kind="alternate") for a in _aliases(obj, titles[0].text)]
    kind = obj.get("type")
    return Work(
        key=mb_key("work", mbid),
        kind=WORK_KINDS.get(kind, WorkKind.SONG),
        titles=tuple(titles),
        credits=tuple(relation_credits(obj.get("relations"))),
        genres=_genres(obj),
        description=obj.get("disambiguation") or None,
        identifiers=(*ids, *linked),
        same_as=same_as,
        types=(kind,) if kind else (),
    )


def mb_work_relations(obj: Obj) -> tuple[Relation, ...]:
    """Work-to-work relations ("based on", "other version", "arrangement", "parts" …) as Relations."""
    me = mb_key("work", obj["id"])
    out: list[Relation] = []
    for rel in obj.get("relations") or ():
        if rel.get("target-type") != "work" or not (other := (rel.get("work") or {}).get("id")):
            continue
        mapped = WORK_RELATIONS.get(rel.get("type") or "")
        if mapped is None:
            continue
        predicate, entity0_derived = mapped
        forward = rel.get("direction", "forward") == "forward"
        # This work is entity0 when forward; the subject is whichever side is derived.
        derived_is_me = forward == entity0_derived
        subject, obj_key = (
            (me, mb_key("work", other))
            if derived_is_me
            else (
                mb_key("work", other),
                me,
            )
        )
        attrs = rel.get("attributes") or []
        note = rel["type"] + (f" ({', '.join(attrs)})" if attrs else "")
        out.append(Relation(subject=subject, predicate=predicate, object=obj_key, note=note))
    return tuple(out)


def mb_recording_relations(obj: Obj) -> tuple[Relation, ...]:
    """``recording RELEASE_OF work`` for each work it performs, noted "performance" with its
    attributes (cover, instrumental, live); then the relations of those works themselves. A work
    performed twice (a medley quoting a song in full and in part) is one relation with both notes:
    the catalog holds a fact once per source."""
    me = mb_key("recording", obj["id"])
    notes: dict[str, list[str]] = {}
    out: list[Relation] = []
    for rel in obj.get("relations") or ():
        if rel.get("target-type") == "work" and rel.get("type") == "performance":
            work = rel.get("work") or {}
            if work.get("id"):
                attrs = rel.get("attributes") or []
                note = PERFORMANCE_NOTE + (f" ({', '.join(attrs)})" if attrs else "")
                key = mb_key("work", work["id"])
                if key not in notes:
                    notes[key] = []
                    out.extend(mb_work_relations(work))
                if note not in notes[key]:
                    notes[key].append(note)
    performed = [Relation(subject=me, predicate=Predicate.RELEASE_OF, object=key, note="; ".join(n)) for key, n in notes.items()]
    return (*performed, *out)


def mb_recording_works(obj: Obj) -> tuple[Work, ...]:
    """The works a recording performs, as the web service nests them (ISWCs, composer and
    lyricist credits), and the works those relate to, as far as the nesting describes them."""
    out: dict[str, Work] = {}
    for rel in obj.get("relations") or ():
        work = rel.get("work") or {}
        if rel.get("target-type") != "work" or rel.get("type") != "performance" or not work.get("id"):
            continue
        full = mb_work(work)
        out[full.key] = full
        for inner in work.get("relations") or ():
            other = inner.get("work") or {}
            if inner.get("target-type") == "work" and other.get("id") and inner.get("type") in WORK_RELATIONS:
                key = mb_key("work", other["id"])
                out.setdefault(key, mb_work(other))
    return tuple(out.values())


__all__ = [
    "WORK_RELATIONS",
    "artist_credit",
    "label_code",
    "length_text",
    "mb_artist",
    "mb_key",
    "mb_label",
    "mb_recording",
    "mb_recording_relations",
    "mb_recording_works",
    "mb_release",
    "mb_release_group",
    "mb_release_own_group",
    "mb_series",
    "mb_series_relations",
    "mb_work",
    "mb_work_relations",
    "relation_credits",
    "url_links",
]
