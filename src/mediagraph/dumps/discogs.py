"""Discogs dump elements to records: a translation table and small pure functions, no I/O."""

from __future__ import annotations

from functools import lru_cache
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

# lxml elements are not typed; an alias keeps the signatures readable.
Element = Any

PERFORMER = "performer"
UNSPECIFIED_ROLE = "unspecified"
MAIN_RELEASE_NOTE = "main release"

# Discogs identifier types → our schemes; unknown types fall back to OTHER with the type kept.
IDENTIFIER_SCHEMES: dict[str, IdScheme] = {
    "Barcode": IdScheme.BARCODE,
    "Matrix / Runout": IdScheme.MATRIX,
    "Rights Society": IdScheme.RIGHTS_SOCIETY,
    "Label Code": IdScheme.LABEL_CODE,
    "Mastering SID Code": IdScheme.MASTERING_SID,
    "Mould SID Code": IdScheme.MOULD_SID,
    "Price Code": IdScheme.PRICE_CODE,
    "SPARS Code": IdScheme.SPARS,
    "ISRC": IdScheme.ISRC,
    "Other": IdScheme.OTHER,
}


def release_key(release_id: str) -> str:
    return f"discogs:release/{release_id}"


def master_key(master_id: str) -> str:
    return f"discogs:master/{master_id}"


def artist_key(artist_id: str) -> str:
    return f"discogs:artist/{artist_id}"


def label_key(label_id: str) -> str:
    return f"discogs:label/{label_id}"


def _text(elem: Element) -> str | None:
    """Stripped text, or None for empty elements (later dumps drop them, earlier ones write ``<anv/>``)."""
    t = elem.text
    if t is None:
        return None
    t = t.strip()
    return t or None


def _long_text(elem: Element) -> str | None:
    # Notes and profiles carry "&#13;" line ends; one newline convention keeps text comparable.
    t = _text(elem)
    if t and "\r" in t:
        t = t.replace("\r\n", "\n").replace("\r", "\n")
    return t


def partial_date(text: str | None) -> str | None:
    """``1999-03-00`` → ``1999-03``, ``2000`` → ``2000``; None when absent or unreadable."""
    d = PartialDate.try_parse(text)
    return str(d) if d else None


@lru_cache(maxsize=65536)
def split_roles(text: str | None) -> tuple[tuple[str, str | None], ...]:
    """``"Written-By, Producer [Additional]"`` → ``(("Written-By", None), ("Producer", "Additional"))``.

    Commas inside brackets belong to the detail ("Recorded By [Brass, Choir]"). Cached because
    a few thousand role strings make up almost every credit in a dump.
    """
    if not text or not text.strip():
        return ((UNSPECIFIED_ROLE, None),)
    parts: list[str] = []
    depth = 0
    start = 0
    for i, ch in enumerate(text):
        if ch == "[":
            depth += 1
        elif ch == "]":
            depth = max(depth - 1, 0)
        elif ch == "," and depth == 0:
            parts.append(text[start:i])
            start = i + 1
    parts.append(text[start:])
    out: list[tuple[str, str | None]] = []
    for part in parts:
        part = part.strip()
        if not part:
            continue
        open_at = part.find("[")
        if open_at > 0 and part.endswith("]"):
            out.append((part[:open_at].strip(), part[open_at + 1 : -1].strip() or None))
        else:
            out.append((part, None))
    return tuple(out) or ((UNSPECIFIED_ROLE, None),)


# Agents repeat across a dump ("Various", big labels); frozen records can be shared, and the
# cache is bounded so memory stays flat over 18 million releases.
_AGENTS: dict[tuple[str | None, str, AgentKind], Agent] = {}
_AGENTS_MAX = 200_000


def _agent(agent_id: str | None, name: str, kind: AgentKind) -> Agent:
    k = (agent_id, name, kind)
    agent = _AGENTS.get(k)
    if agent is None:
        if len(_AGENTS) >= _AGENTS_MAX:
            _AGENTS.clear()
        if agent_id and agent_id != "0":
            if kind is AgentKind.ORGANIZATION:
                key, scheme = label_key(agent_id), IdScheme.DISCOGS_LABEL
            else:
                key, scheme = artist_key(agent_id), IdScheme.DISCOGS_ARTIST
            agent = Agent(
                name=name,
                kind=kind,
                key=key,
                identifiers=(Identifier(scheme=scheme, value=agent_id),),
            )
        else:
            agent = Agent(name=name, kind=kind)
        _AGENTS[k] = agent
    return agent


def artist_credits(container: Element, *, extra: bool) -> list[Credit]:
    """Credits from an ``<artists>`` (role "performer") or ``<extraartists>`` element."""
    out: list[Credit] = []
    for a in container:
        aid = name = anv = join = role = tracks = None
        for f in a:
            # Most sub-elements are empty (<anv/>, <join/>): read the tag only when there is text.
            t = f.text
            if t is None:
                continue
            tag = f.tag
            if tag == "name":
                name = t.strip()
            elif tag == "id":
                aid = t.strip()
            elif tag == "anv":
                anv = t.strip() or None
            elif tag == "join":
                join = t.strip() or None
            elif tag == "role":
                role = t.strip() or None
            elif tag == "tracks":
                tracks = t.strip() or None
        if not name:
            continue
        agent = _agent(aid, name, AgentKind.PERSON)
        if extra:
            for r, detail in split_roles(role):
                out.append(
                    Credit(agent=agent, role=r, role_detail=detail, credited_as=anv, tracks=tracks)
                )
        else:
            # Main artists rarely carry a role; when they do it qualifies the credit ("Featuring").
            out.append(
                Credit(
                    agent=agent,
                    role=PERFORMER,
                    role_detail=role,
                    credited_as=anv,
                    tracks=tracks,
                    join=join,
                )
            )
    return out


def _identifier(elem: Element) -> Identifier | None:
    value = elem.get("value")
    if not value or not value.strip():
        return None
    kind = elem.get("type") or "Other"
    description = elem.get("description") or None
    scheme = IDENTIFIER_SCHEMES.get(kind)
    if scheme is None:
        # "ASIN", "Depósito Legal", "Distributor Code"…: keep the type in the qualifier.
        scheme = IdScheme.OTHER
        description = f"{kind}: {description}" if description else kind
    return Identifier.make(scheme, value, description)


def _format(elem: Element) -> Format:
    qty = elem.get("qty")
    descriptions: tuple[str, ...] = ()
    for d in elem:
        if d.tag == "descriptions":
            descriptions = tuple(t for x in d if (t := _text(x)))
    return Format(
        name=elem.get("name") or "",
        qty=int(qty) if qty and qty.isdigit() else None,
        descriptions=descriptions,
        text=(elem.get("text") or "").strip() or None,
    )


def _release_label(elem: Element) -> ReleaseLabel:
    catno = (elem.get("catno") or "").strip()
    # Discogs writes "none" where a release has no catalog number.
    return ReleaseLabel(
        label=_agent(elem.get("id"), elem.get("name") or "", AgentKind.ORGANIZATION),
        catalog_number=catno if catno and catno.lower() != "none" else None,
    )


def _company(elem: Element) -> Credit | None:
    """A company credit ("Pressed By – MPO"); its own catalog number (a pressing plant's job
    number) is the credit's detail, as Discogs shows it beside the name."""
    cid = name = role = catno = None
    for f in elem:
        tag = f.tag
        if tag == "name":
            name = _text(f)
        elif tag == "id":
            cid = _text(f)
        elif tag == "entity_type_name":
            role = _text(f)
        elif tag == "catno":
            catno = _text(f)
    if not name:
        return None
    return Credit(agent=_agent(cid, name, AgentKind.ORGANIZATION), role=role or UNSPECIFIED_ROLE,
                  role_detail=catno if catno and catno.lower() != "none" else None)


def track_to_record(elem: Element) -> Track:
    """One ``<track>``, with its credits and index sub-tracks."""
    position = title = duration = None
    credits: list[Credit] = []
    subs: tuple[Track, ...] = ()
    for f in elem:
        tag = f.tag
        if tag == "position":
            t = f.text
            position = t.strip() if t else None
        elif tag == "title":
            t = f.text
            title = t.strip() if t else None
        elif tag == "duration":
            t = f.text
            duration = (t.strip() or None) if t else None
        elif tag == "artists":
            credits[:0] = artist_credits(f, extra=False)
        elif tag == "extraartists":
            credits.extend(artist_credits(f, extra=True))
        elif tag == "sub_tracks":
            subs = tuple(track_to_record(t) for t in f if t.tag == "track")
    return Track(
        position=position or "",
        title=title or "",
        duration=duration,
        credits=tuple(credits),
        sub_tracks=subs,
    )


def _texts(elem: Element) -> tuple[str, ...]:
    return tuple(t for x in elem if (t := _text(x)))


def release_to_record(elem: Element) -> Release:
    """A ``<release>`` element → ``Release(key="discogs:release/<id>")``."""
    rid = elem.get("id") or ""
    title = ""
    artists: list[Credit] = []
    extra: list[Credit] = []
    formats: tuple[Format, ...] = ()
    labels: tuple[ReleaseLabel, ...] = ()
    companies: list[Credit] = []
    tracks: tuple[Track, ...] = ()
    identifiers: list[Identifier] = [Identifier(scheme=IdScheme.DISCOGS_RELEASE, value=rid)]
    genres: tuple[str, ...] = ()
    styles: tuple[str, ...] = ()
    country = date = notes = quality = group = None
    for f in elem:
        tag = f.tag
        if tag == "title":
            title = _text(f) or ""
        elif tag == "artists":
            artists = artist_credits(f, extra=False)
        elif tag == "extraartists":
            extra = artist_credits(f, extra=True)
        elif tag == "tracklist":
            tracks = tuple(track_to_record(t) for t in f if t.tag == "track")
        elif tag == "labels":
            labels = tuple(_release_label(x) for x in f if x.tag == "label")
        elif tag == "formats":
            formats = tuple(_format(x) for x in f if x.tag == "format")
        elif tag == "identifiers":
            for x in f:
                if x.tag == "identifier" and (ident := _identifier(x)) is not None:
                    identifiers.append(ident)
        elif tag == "companies":
            for x in f:
                if x.tag == "company" and (c := _company(x)) is not None:
                    companies.append(c)
        elif tag == "genres":
            genres = _texts(f)
        elif tag == "styles":
            styles = _texts(f)
        elif tag == "country":
            country = _text(f)
        elif tag == "released":
            date = partial_date(_text(f))
        elif tag == "notes":
            notes = _long_text(f)
        elif tag == "data_quality":
            quality = _text(f)
        elif tag == "master_id":
            mid = _text(f)
            group = master_key(mid) if mid and mid != "0" else None
    return Release(
        key=release_key(rid),
        title=title,
        work=group,
        credits=(*artists, *extra),
        formats=formats,
        labels=labels,
        country=country,
        date=date,
        companies=tuple(companies),
        notes=notes,
        tracks=tracks,
        identifiers=tuple(identifiers),
        group=group,
        genres=genres,
        styles=styles,
        status=elem.get("status") or None,
        data_quality=quality,
    )


def release_relations(elem: Element) -> tuple[Relation, ...]:
    """The main release of a master says so: ``release RELEASE_OF master``, note "main release"."""
    # iterchildren filters by tag in C; find() goes through lxml's Python ElementPath.
    m = next(elem.iterchildren("master_id"), None)
    if m is None or (m.get("is_main_release") or "").lower() != "true":
        return ()
    mid = _text(m)
    if not mid or mid == "0":
        return ()
    return (
        Relation(
            subject=release_key(elem.get("id") or ""),
            predicate=Predicate.RELEASE_OF,
            object=master_key(mid),
            note=MAIN_RELEASE_NOTE,
        ),
    )


def master_to_work(elem: Element) -> Work:
    """A ``<master>`` element → ``Work(kind=ALBUM, key="discogs:master/<id>")``."""
    mid = elem.get("id") or ""
    title = ""
    credits: list[Credit] = []
    genres: tuple[str, ...] = ()
    styles: tuple[str, ...] = ()
    year = notes = None
    for f in elem:
        tag = f.tag
        if tag == "title":
            title = _text(f) or ""
        elif tag == "artists":
            credits = artist_credits(f, extra=False)
        elif tag == "genres":
            genres = _texts(f)
        elif tag == "styles":
            styles = _texts(f)
        elif tag == "year":
            year = partial_date(_text(f))  # "0" means unknown and reads as None
        elif tag == "notes":
            notes = _long_text(f)
    return Work(
        key=master_key(mid),
        kind=WorkKind.ALBUM,
        titles=(Title(text=title),),
        date=year,
        credits=tuple(credits),
        # Work has one list: genres first, then Discogs' finer styles.
        genres=genres + tuple(s for s in styles if s not in genres),
        description=notes,
        identifiers=(Identifier(scheme=IdScheme.DISCOGS_MASTER, value=mid),),
    )


def master_relations(elem: Element) -> tuple[Relation, ...]:
    """``main_release RELEASE_OF master`` with note "main release", as releases state it too."""
    main = next(elem.iterchildren("main_release"), None)
    rid = _text(main) if main is not None else None
    if not rid:
        return ()
    return (
        Relation(
            subject=release_key(rid),
            predicate=Predicate.RELEASE_OF,
            object=master_key(elem.get("id") or ""),
            note=MAIN_RELEASE_NOTE,
        ),
    )


def _names(elem: Element) -> tuple[str, ...]:
    seen: dict[str, None] = {}
    for x in elem:
        if x.tag == "name" and (t := _text(x)):
            seen[t] = None
    return tuple(seen)


def artist_to_agent(elem: Element) -> Agent:
    """An ``<artist>`` of the artists dump → Agent, GROUP when it lists members."""
    aid = name = real = profile = None
    variants: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()
    urls: tuple[str, ...] = ()
    members: list[Agent] = []
    groups: list[Agent] = []
    for f in elem:
        tag = f.tag
        if tag == "id":
            aid = _text(f)
        elif tag == "name":
            name = _text(f)
        elif tag == "realname":
            real = _text(f)
        elif tag == "namevariations":
            variants = _names(f)
        elif tag == "aliases":
            aliases = _names(f)
        elif tag == "urls":
            urls = _texts(f)
        elif tag == "members":
            # Members come as <id>n</id><name id="n">…</name> pairs; the name carries the id.
            for m in f:
                if m.tag == "name" and (t := _text(m)):
                    members.append(_agent(m.get("id"), t, AgentKind.PERSON))
        elif tag == "groups":
            groups.extend(_agent(g.get("id"), t, AgentKind.GROUP) for g in f if g.tag == "name" and (t := _text(g)))
        elif tag == "profile":
            profile = _long_text(f)
    return Agent(
        name=name or "",
        kind=AgentKind.GROUP if members else AgentKind.PERSON,
        key=artist_key(aid) if aid else None,
        variants=variants,
        aliases=aliases,
        identifiers=(Identifier(scheme=IdScheme.DISCOGS_ARTIST, value=aid),) if aid else (),
        same_as=urls,
        real_name=real,
        members=tuple(members),
        groups=tuple(groups),
        description=profile,
    )


def label_to_agent(elem: Element) -> Agent:
    """A ``<label>`` of the labels dump → ``Agent(kind=ORGANIZATION)``."""
    lid = name = profile = None
    urls: tuple[str, ...] = ()
    sublabels: list[Agent] = []
    parent: list[Agent] = []
    for f in elem:
        tag = f.tag
        if tag == "id":
            lid = _text(f)
        elif tag == "name":
            name = _text(f)
        elif tag == "urls":
            urls = _texts(f)
        elif tag == "profile":
            profile = _long_text(f)
        elif tag == "sublabels":
            sublabels.extend(_agent(x.get("id"), t, AgentKind.ORGANIZATION) for x in f if x.tag == "label" and (t := _text(x)))
        elif tag == "parentLabel" and (t := _text(f)):
            parent.append(_agent(f.get("id"), t, AgentKind.ORGANIZATION))
    return Agent(
        name=name or "",
        kind=AgentKind.ORGANIZATION,
        key=label_key(lid) if lid else None,
        identifiers=(Identifier(scheme=IdScheme.DISCOGS_LABEL, value=lid),) if lid else (),
        same_as=urls,
        members=tuple(sublabels),
        groups=tuple(parent),
        description=profile,
    )


__all__ = [
    "IDENTIFIER_SCHEMES",
    "artist_credits",
    "artist_key",
    "artist_to_agent",
    "label_key",
    "label_to_agent",
    "master_key",
    "master_relations",
    "master_to_work",
    "partial_date",
    "release_key",
    "release_relations",
    "release_to_record",
    "split_roles",
    "track_to_record",
]
