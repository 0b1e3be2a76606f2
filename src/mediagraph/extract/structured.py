"""Embedded structured data (JSON-LD blocks, microdata, OpenGraph) merged into the drafts.

schema.org is read by the one mapping JSON-LD files are ingested with (``jsonld.read``): this
module gathers a page's nodes (``@graph`` members, lists, a page's ``mainEntity``, the works of
an ItemList), reads each through ``jsonld.read.PageNodes`` and merges the records into the
drafts the text readers made. Structured values win over text-derived ones; spans are found by
locating the value in the page text. What is a page's judgement stays here: which work is the
page's subject, placeholders ("N/A", "unknown", "TBA") are no values, a page has one release of
its album, a short description is a teaser, and a rating with no reviewer and no words (an
AggregateRating) is never made a review."""

from __future__ import annotations

from typing import Any

import msgspec

from mediagraph.extract.dates import parse_date
from mediagraph.extract.doc import Doc
from mediagraph.extract.draft import Builder, ReleaseDraft, WorkDraft
from mediagraph.extract.formats import parse_formats
from mediagraph.extract.jsonldblock import parse_block
from mediagraph.extract.memo import fold
from mediagraph.extract.placeholders import is_placeholder
from mediagraph.extract.relations import Context, find_or_add
from mediagraph.jsonld.read import PageNodes
from mediagraph.jsonld.vocab import READ_WORK_TYPES
from mediagraph.model import (
    Agent,
    AgentKind,
    Credit,
    Identifier,
    IdScheme,
    RecordSet,
    Release,
    ReleaseLabel,
    Review,
    Role,
    Title,
    Work,
    WorkKind,
)

_FILM_ROLES = {Role.DIRECTOR, Role.ACTOR, Role.VOICE, Role.WRITER}
_MUSIC_ROLES = {Role.PERFORMER, Role.COMPOSER, Role.LYRICIST, Role.ARRANGER}
_READ = frozenset(t.lower() for t in READ_WORK_TYPES) | {"musicrelease"}
_REVIEWS = frozenset({"review", "criticreview", "userreview"})
# Fields of a work only embedded data gives: taken as the mapping reads them.
_EMBEDDED = ("parts", "language", "number", "page_count", "season_count", "episode_count", "disambiguation", "types", "extra")
_RELEASE_SCHEMES = frozenset({IdScheme.BARCODE, IdScheme.CATALOG_NUMBER})
_PAGE = "_:page"  # what a review that names no item is about: the page's subject


def parse_jsonld_block(raw: str, warnings: list[str]) -> list[dict[str, Any]]:
    """One block's nodes worth reading, repaired when needed; [] with a warning when beyond repair."""
    data = parse_block(raw, warnings)
    return flatten(data) if data is not None else []


def flatten(data: Any) -> list[dict[str, Any]]:
    """The nodes worth reading: ``@graph`` members, list items, a page's ``mainEntity`` and the
    works of an ItemList ("the year's best albums" gives one node per album)."""
    out: list[dict[str, Any]] = []
    stack = list(reversed(data)) if isinstance(data, list) else [data]
    seen = 0
    while stack and seen < 5000:
        it = stack.pop()
        seen += 1
        if isinstance(it, list):
            stack.extend(reversed(it))
            continue
        if not isinstance(it, dict):
            continue
        if isinstance(it.get("@graph"), list):
            stack.extend(reversed(it["@graph"]))
            continue
        types = _types(it)
        if "itemlist" in types and isinstance(it.get("itemListElement"), list):
            for el in it["itemListElement"]:
                inner = el.get("item") if isinstance(el, dict) and isinstance(el.get("item"), dict) else el
                if isinstance(inner, dict) and any(t in _READ or t in _REVIEWS for t in _types(inner)):
                    stack.append(inner)
            continue
        for key in ("mainEntity", "mainEntityOfPage", "about", "object"):
            inner = it.get(key)
            if isinstance(inner, dict) and any(t in _READ or t in _REVIEWS for t in _types(inner)):
                stack.append(inner)
        out.append(it)
    return out


def _types(obj: dict[str, Any]) -> list[str]:
    t = obj.get("@type", [])
    return [str(x).lower().rsplit("/", 1)[-1].rsplit(":", 1)[-1] for x in (t if isinstance(t, list) else [t])]


def _ok(v: str | None) -> bool:
    return bool(v) and not is_placeholder(v or "")


def apply_structured(objs: list[dict[str, Any]], b: Builder, doc: Doc, *, site: str | None) -> None:
    """Merge schema.org objects into the drafts: structured values win, text fills the rest.

    Nodes from OpenGraph (``mg:from``) come last and only add to the page's subject. When the
    page's own data names its works, other works the text readers found stay only if a review
    or a relation ties them to the page (a store's "Record/Vinyl" box or a "more by" list is
    no work of its own)."""
    ctx = Context(builder=b, main=b.works[0] if b.works else None)
    ordered = [o for o in objs if o.get("mg:from") != "opengraph"] + [o for o in objs if o.get("mg:from") == "opengraph"]
    nodes = PageNodes([{k: v for k, v in o.items() if k != "mg:from"} for o in ordered], uri="", dates=parse_date)
    named: set[str] = set()
    for i, obj in enumerate(ordered):
        types = _types(obj)
        og = obj.get("mg:from") == "opengraph"
        if not (set(types) & (_READ | _REVIEWS)):
            continue
        node = {k: v for k, v in obj.items() if k != "mg:from"}
        if og and ctx.claimed and ctx.main is not None:
            node["name"] = ctx.main.title  # the tags describe the subject embedded data named
        key, rs = nodes.read(node, path=f"[{i}]", about=_PAGE)
        # what the mapping could not hold is reported as a file's ingest reports it, and so is
        # what a page keeps of a release or review only as the drafts hold it
        b.warnings.extend(f"embedded data {w}" for w in rs.warnings if f"embedded data {w}" not in b.warnings)
        held: list[tuple[str, Release | Review]] = [*(("release", r) for r in rs.releases), *(("review", v) for v in rs.reviews)]
        for what, rec in held:
            for prop in rec.extra:
                b.warnings.append(f"embedded data [{i}]: the {what} {getattr(rec, 'title', None) or rec.key!r}'s {prop.name}: not kept")
        merged: dict[str, WorkDraft] = {}
        if set(types) & _REVIEWS:
            for v in rs.reviews:
                subject = next((w for w in rs.works if w.key == v.subject), None)
                w = _work(ctx, subject, doc, og=og, releases=rs.releases) if subject is not None else ctx.main
                _review(b, v, w, doc, site)
                if w is not None:
                    named.add(w.key)
            continue
        own = _own_work(rs, key, types)
        if own is None:
            continue
        w = _work(ctx, own, doc, og=og, releases=rs.releases)
        if w is None:
            continue
        merged[own.key] = w
        if not og:
            named.add(w.key)
        for v in rs.reviews:
            if v.subject == own.key:
                _review(b, v, w, doc, site)
    if named:
        _keep_named(b, named)


def _own_work(rs: RecordSet, key: str | None, types: list[str]) -> Work | None:
    """The work a node describes: its own work, or for a MusicRelease the album it is a release
    of (named after the release where the node names none)."""
    own = next((w for w in rs.works if w.key == key), None)
    if own is not None or "musicrelease" not in types:
        return own
    release = next((r for r in rs.releases if r.key == key), None)
    if release is None or not release.title:
        return None
    of = next((w for w in rs.works if w.key == release.work), None)
    return of or Work(key=release.key, kind=WorkKind.ALBUM, titles=(Title(text=release.title),), credits=release.credits,
                      genres=release.genres, same_as=release.same_as, date=release.date)


def _work(ctx: Context, rec: Work, doc: Doc, *, og: bool, releases: tuple[Release, ...]) -> WorkDraft | None:
    name = rec.title
    if not _ok(name):
        return None
    kind = rec.kind
    if kind == WorkKind.OTHER and ctx.main is not None and ctx.main.kind != WorkKind.OTHER:
        kind = ctx.main.kind
    date = rec.date
    if not ctx.claimed:
        # The text reading that carries the embedded name is the subject, wherever it stands.
        ctx.main = next((x for x in ctx.builder.works if fold(x.title) == fold(name)), ctx.main)
    main = ctx.main
    same = main is not None and (fold(main.title) == fold(name) or main.title.lower() in name.lower() or name.lower() in main.title.lower())
    first = main is not None and not ctx.claimed
    if main is not None and (same or first) and (main.kind in (kind, WorkKind.OTHER) or (same and not ctx.claimed)):
        # The first structured work is the page's subject: its name and kind win over what the
        # text readers guessed ("Blonde" read as a film from a producer credit).
        ctx.claimed = True
        w = main
        if main.title != name:
            w.titles = [(Title(text=name), doc.find(name))]
        if kind != WorkKind.OTHER and w.kind != kind:
            _rekind(w, kind)
        if date and not (w.date and w.date[0].startswith(date) and len(w.date[0]) > len(date)):
            w.date = (date, doc.find(date))
    else:
        w = find_or_add(ctx, kind, name, doc.find(name), date=date, date_span=doc.find(date) if date else None)
        if ctx.main is None:
            ctx.main = w
            ctx.claimed = True
    _absorb_twins(ctx, w)
    for c in rec.credits:
        if c.role == "production company":
            continue  # a studio named as a film's creator is no credit the page gives a person
        w.add_credit(_credit(c, doc))
    for g in rec.genres:
        if _ok(g) and g not in [x for x, _ in w.genres]:
            w.genres.append((g, doc.find(g)))
    for link in rec.same_as:
        if link.startswith("http") and link not in w.same_as:
            w.same_as.append(link)
    for ident in rec.identifiers:
        if kind == WorkKind.ALBUM and ident.scheme in _RELEASE_SCHEMES:
            continue  # an album's barcode is its release's (read with the release)
        if ident.scheme == IdScheme.OTHER:
            ctx.builder.warnings.append(f"embedded data: identifier {ident.value!r} ({ident.qualifier or 'no scheme'}) of {name!r} not kept")
        elif not any(i.value == ident.value for i, _ in w.identifiers):
            w.identifiers.append((ident, doc.find(ident.value)))
    if kind != WorkKind.ALBUM and rec.runtime and (w.runtime is None or not og):
        # an album's running time belongs to its release
        w.runtime = (rec.runtime, w.runtime[1] if w.runtime and w.runtime[0] == rec.runtime else None)
    if rec.aggregate is not None and (w.aggregate is None or not og):
        w.aggregate = (rec.aggregate, None)  # the embedded figure over one read from the page's text ("Score: 8.401")
    for t in rec.titles[1:]:
        if t.text and t.text != w.title and not any(x.text.casefold() == t.text.casefold() for x, _ in w.titles):
            w.titles.append((t if t.kind != "main" else msgspec.structs.replace(t, kind="alternate"), doc.find(t.text)))
    if _ok(rec.content_rating) and len(rec.content_rating or "") <= 24:
        w.content_rating = (rec.content_rating or "", doc.find(rec.content_rating or ""))
    if _ok(rec.country) and w.country is None:
        w.country = (rec.country or "", doc.find(rec.country or ""))
    if w.description is None and rec.description and len(rec.description) > 40 and not og:
        w.description = (rec.description, doc.find(rec.description[:60]))
    for f in _EMBEDDED:
        value = getattr(rec, f)
        if value not in (None, ()) and f not in w.embedded:
            w.embedded[f] = value
    if kind == WorkKind.ALBUM:
        _album_release(ctx.builder, w, rec, [r for r in releases if r.work == rec.key or r.key == rec.key], doc)
    return w


def _credit(c: Credit, doc: Doc) -> Credit:
    """A credit with its span; a person keeps an ``@id`` or a ``sameAs`` only when it is a full
    IRI (a page's relative ``/name/nm0000`` names nobody outside the page)."""
    agent = c.agent
    if agent.key and "://" not in agent.key and not agent.key.startswith("urn:"):
        agent = msgspec.structs.replace(agent, key=None)
    if any("://" not in x for x in agent.same_as):
        agent = msgspec.structs.replace(agent, same_as=tuple(x for x in agent.same_as if "://" in x))
    return msgspec.structs.replace(c, agent=agent, span=doc.find(agent.name))


def _rekind(w: WorkDraft, kind: WorkKind) -> None:
    """Structured data says what the work is: credits that only fit the old kind go."""
    film = kind in (WorkKind.FILM, WorkKind.TV_SERIES)
    wrong = _MUSIC_ROLES if film else _FILM_ROLES if kind in (WorkKind.ALBUM, WorkKind.SONG) else set()
    w.credits = [c for c in w.credits if c.role not in {str(r) for r in wrong}]
    w.kind = kind


def _absorb_twins(ctx: Context, w: WorkDraft) -> None:
    """Text-read works with the subject's title but another kind are misreadings of it."""
    b = ctx.builder
    twins = [x for x in b.works if x is not w and fold(x.title) == fold(w.title) and x.kind != w.kind and w.kind != WorkKind.OTHER]
    for t in twins:
        b.works.remove(t)
        b.repoint(t.key, w.key)


def _keep_named(b: Builder, named: set[str]) -> None:
    # A review with neither reviewer nor rating ("Redeem code" in a store's sidebar) ties nothing.
    tied = {v.subject for v in b.reviews if v.author or v.rating} | {r.subject for r in b.relations} | {r.object for r in b.relations}
    gone = {w.key for w in b.works if w.key not in named and w.key not in tied}
    if not gone:
        return
    b.works[:] = [w for w in b.works if w.key not in gone]
    b.releases[:] = [r for r in b.releases if r.work not in gone]
    b.reviews[:] = [v for v in b.reviews if v.subject not in gone]


# -- the album's release -----------------------------------------------------------------------


def _album_release(b: Builder, w: WorkDraft, album: Work, releases: list[Release], doc: Doc) -> None:
    """A page about an album describes one release of it: the album's release properties and
    those of every edition it lists (``albumRelease``) fill that one release."""
    r = next((x for x in b.releases if x.work == w.key), None)
    if r is None:
        r = b.new_release(w.title, w.titles[0][1], work=w.key)
    elif r.title[0] != w.title:
        r.title = (w.title, w.titles[0][1])
    artists = {fold(c.agent.name) for c in album.credits if c.role == "performer"}
    releases = sorted(releases, key=lambda x: x.key != f"{album.key}#release")  # the album's own first
    if album.date and not releases:
        _release_date(r, album.date, doc)
    if album.runtime and not r.runtime:
        r.runtime = (album.runtime, doc.find(album.runtime))
    for ident in album.identifiers:
        if ident.scheme in _RELEASE_SCHEMES:
            r.add_identifier(ident, doc.find(ident.value))
    for rel in releases:
        _release_facts(r, rel, doc, artists)
    for rel in releases:
        # a page's track list numbers its tracks by their order where it gives no positions
        tracks = [msgspec.structs.replace(t, span=doc.find(t.title), position=t.position or str(i),
                                          credits=tuple(_credit(c, doc) for c in t.credits if c.role == "performer" and fold(c.agent.name) not in artists))
                  for i, t in enumerate(rel.tracks, 1)]
        if tracks and len(tracks) >= len(r.tracks):
            r.tracks = tracks
            break
    if r.track_count is None:
        r.track_count = next((x.track_count for x in releases if x.track_count), None)


def _release_date(r: ReleaseDraft, date: str, doc: Doc) -> None:
    if not (r.date and r.date[0].startswith(date) and len(r.date[0]) > len(date)):
        r.date = (date, doc.find(date) or (r.date[1] if r.date else None))


def _release_facts(r: ReleaseDraft, rel: Release, doc: Doc, artists: set[str]) -> None:
    for lab in rel.labels:
        name, cat = lab.label.name, lab.catalog_number
        if name and fold(name) in artists and not cat:
            continue  # the artist's own name given as its publisher is no label
        if name and not any(fold(x.label.name) == fold(name) for x, _ in r.labels):
            label = ReleaseLabel(label=Agent(name=name, kind=AgentKind.ORGANIZATION), catalog_number=cat)
            r.labels.append((label, doc.find(name)))
        elif cat and name:
            r.labels = [(ReleaseLabel(label=x.label, catalog_number=x.catalog_number or cat), sp) for x, sp in r.labels]
        if cat:
            r.add_identifier(Identifier.make(IdScheme.CATALOG_NUMBER, cat), doc.find(cat))
    for ident in rel.identifiers:
        if ident.scheme != IdScheme.OTHER:
            r.add_identifier(ident, doc.find(ident.value))
    if rel.date:
        _release_date(r, rel.date, doc)
    for given in rel.formats:
        for f in parse_formats(given.name) if given.name else []:
            if not any(x.name.lower() == f.name.lower() for x, _ in r.formats):
                r.formats.append((f, None))
    if rel.runtime and not r.runtime:
        r.runtime = (rel.runtime, doc.find(rel.runtime))


# -- reviews ----------------------------------------------------------------------------------


def _review(b: Builder, rec: Review, w: WorkDraft | None, doc: Doc, site: str | None) -> None:
    if w is None:
        return
    author = rec.author.name if rec.author is not None and _ok(rec.author.name) else None
    body = rec.text if _ok(rec.text) else None
    if not author and not body:
        return  # a bare rating with no reviewer and no words is no one's review
    v = next((x for x in b.reviews if x.subject == w.key and (not author or x.author is None or x.author[0].name == author)), None)
    if v is None:
        v = b.new_review(w.key)
    if author:
        v.author = (Agent(name=author), doc.find(author))
    if rec.date:
        v.date = (rec.date, v.date[1] if v.date and v.date[0] == rec.date else None)
    r = rec.rating
    if r is not None and r.value is not None and (v.rating is None or v.rating[0].value != r.value):
        v.rating = (r, doc.find(r.text.split("/", 1)[0]))
    if body and v.text is None:
        v.text = (body, doc.find(body[:60]))
    if _ok(rec.title) and v.title is None:
        v.title = (rec.title or "", doc.find(rec.title or ""))
    v.site = v.site or (rec.site if _ok(rec.site) else None) or site


__all__ = ["apply_structured", "flatten", "parse_jsonld_block"]
