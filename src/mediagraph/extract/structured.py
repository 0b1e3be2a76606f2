"""Embedded structured data (JSON-LD blocks, microdata, OpenGraph) merged into the drafts.

Each ``<script type="application/ld+json">`` block is parsed on its own and repaired when
broken (comments, trailing commas, raw newlines in strings, CDATA and comment wrappers), since
extruct drops every block when one is malformed. Nodes are gathered from ``@graph``, lists,
``mainEntity`` and ItemLists of works. Structured values win over text-derived ones; spans
are found by locating the value in the page text. Placeholders ("N/A", "unknown", "TBA") are
not values, and a rating with no reviewer (an AggregateRating) is never made a review."""

from __future__ import annotations

import html as htmllib
import json
import re
from typing import Any

import msgspec

from mediagraph.extract.dates import parse_date
from mediagraph.extract.doc import Doc
from mediagraph.extract.draft import Builder, ReleaseDraft, WorkDraft
from mediagraph.extract.formats import parse_formats
from mediagraph.extract.memo import fold
from mediagraph.extract.placeholders import is_placeholder
from mediagraph.extract.relations import Context, find_or_add
from mediagraph.model import (
    Agent,
    AgentKind,
    AggregateRating,
    Credit,
    Identifier,
    IdScheme,
    Rating,
    ReleaseLabel,
    Role,
    Track,
    WorkKind,
)

_KINDS = {
    "musicalbum": WorkKind.ALBUM, "musicrelease": WorkKind.ALBUM, "movie": WorkKind.FILM, "film": WorkKind.FILM,
    "tvseries": WorkKind.TV_SERIES, "book": WorkKind.BOOK, "comicseries": WorkKind.COMIC, "comicstory": WorkKind.COMIC,
    "comicissue": WorkKind.COMIC, "musicrecording": WorkKind.SONG, "musiccomposition": WorkKind.SONG,
    "creativework": WorkKind.OTHER, "product": WorkKind.OTHER, "videoobject": WorkKind.FILM,
    "musicvideoobject": WorkKind.SONG, "tvseason": WorkKind.TV_SERIES, "book series": WorkKind.BOOK,
}
_FILM_ROLES = {Role.DIRECTOR, Role.ACTOR, Role.VOICE, Role.WRITER}
_MUSIC_ROLES = {Role.PERFORMER, Role.COMPOSER, Role.LYRICIST, Role.ARRANGER}


def _strip_comments(s: str) -> str:
    out, i, n, in_str, esc = [], 0, len(s), False, False
    while i < n:
        c = s[i]
        if in_str:
            if esc:
                esc = False
            elif c == "\\":
                esc = True
            elif c == '"':
                in_str = False
            elif c in "\n\r\t":
                c = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}[c]
            out.append(c)
        elif c == '"':
            in_str = True
            out.append(c)
        elif s.startswith("//", i):
            j = s.find("\n", i)
            i = n if j < 0 else j
            continue
        elif s.startswith("/*", i):
            j = s.find("*/", i + 2)
            i = n if j < 0 else j + 2
            continue
        else:
            out.append(c)
        i += 1
    return "".join(out)


def parse_jsonld_block(raw: str, warnings: list[str]) -> list[dict[str, Any]]:
    """One block's objects, repaired when needed; [] with a warning when beyond repair."""
    text = raw.strip()
    text = re.sub(r"^\s*(?:/\*\s*)?(?:<!\[CDATA\[|<!--)(?:\s*\*/)?|(?:/\*\s*)?(?:\]\]>|-->)(?:\s*\*/)?\s*$", "", text).strip().rstrip(";")
    if not text:
        return []
    try:
        data = _load(text, warnings)
    except RecursionError:
        warnings.append("skipped a JSON-LD block nested too deeply to read")
        return []
    if data is None:
        warnings.append("skipped a JSON-LD block that could not be repaired")
        return []
    return flatten(_unescape(data, 0))


def _load(text: str, warnings: list[str]) -> Any:
    """The block's JSON, else the JSON with comments and trailing commas taken out, else its whole part."""
    try:
        return json.loads(text)
    except ValueError:
        pass
    fixed = _strip_comments(text)
    fixed = re.sub(r",\s*([}\]])", r"\1", fixed)
    try:
        data = json.loads(fixed, strict=False)
    except ValueError:
        pass
    else:
        warnings.append("repaired a malformed JSON-LD block")
        return data
    whole = _whole_part(fixed)
    try:
        data = json.loads(whole, strict=False) if whole else None
    except ValueError:
        return None
    if data is not None:
        warnings.append("a JSON-LD block is cut off; read its members up to the cut")
    return data


def _whole_part(s: str) -> str | None:
    """A JSON text cut off mid-way (a truncated page), closed after its last whole member.

    Whatever precedes a comma outside strings is whole at every open level, so the text is
    cut at the last such comma and the objects and arrays open there are closed. None when
    the text is not cut off (its brackets balance) or no member is whole.
    """
    stack: list[str] = []
    in_str = esc = False
    cut: tuple[int, list[str]] | None = None
    for i, c in enumerate(s):
        if in_str:
            if esc:
                esc = False
            elif c == "\\":
                esc = True
            elif c == '"':
                in_str = False
        elif c == '"':
            in_str = True
        elif c in "{[":
            stack.append(c)
        elif c in "}]":
            if not stack:
                return None
            stack.pop()
        elif c == "," and stack:
            cut = (i, stack.copy())
    if not stack or cut is None:
        return None
    return s[: cut[0]] + "".join("}" if b == "{" else "]" for b in reversed(cut[1]))


def _unescape(v: Any, depth: int) -> Any:
    """Entities written into JSON strings ("Ferris Bueller&apos;s") read as their characters."""
    if depth > 60:
        return None
    if isinstance(v, str):
        return htmllib.unescape(v).strip() if "&" in v else v.strip()
    if isinstance(v, list):
        return [_unescape(x, depth + 1) for x in v]
    if isinstance(v, dict):
        return {k: _unescape(x, depth + 1) for k, x in v.items()}
    return v


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
                if isinstance(inner, dict) and any(t in _KINDS or t == "review" for t in _types(inner)):
                    stack.append(inner)
            continue
        for key in ("mainEntity", "mainEntityOfPage", "about", "object"):
            inner = it.get(key)
            if isinstance(inner, dict) and any(t in _KINDS or t == "review" for t in _types(inner)):
                stack.append(inner)
        out.append(it)
    return out


def _types(obj: dict[str, Any]) -> list[str]:
    t = obj.get("@type", [])
    return [str(x).lower().rsplit("/", 1)[-1].rsplit(":", 1)[-1] for x in (t if isinstance(t, list) else [t])]


def _value_ok(v: str) -> bool:
    return bool(v) and not is_placeholder(v)


def _agents(v: Any, key: str | None = None) -> list[Agent]:
    """People and groups a property names; Role wrappers ({"@type": "Role", "byArtist": …}) unwrapped."""
    if v is None:
        return []
    if isinstance(v, list):
        return [a for x in v for a in _agents(x, key)]
    if isinstance(v, dict):
        types = _types(v)
        if key and key in v and ({"role", "performancerole", "organizationrole"} & set(types)):
            return _agents(v[key], key)
        n = _str(v.get("name"))
        if not n:
            return []
        if "musicgroup" in types or "performinggroup" in types:
            kind = AgentKind.GROUP
        elif "organization" in types or "corporation" in types:
            kind = AgentKind.ORGANIZATION
        else:
            kind = AgentKind.PERSON
        return [Agent(name=n, kind=kind)]
    s = str(v).strip()
    if not _value_ok(s) or s.lower().startswith(("http://", "https://", "/")):
        return []
    return [Agent(name=s)]


def _names(v: Any) -> list[str]:
    if v is None:
        return []
    if isinstance(v, list):
        return [n for x in v for n in _names(x)]
    if isinstance(v, dict):
        n = _str(v.get("name"))
        return [n] if n else []
    s = str(v).strip()
    return [s] if _value_ok(s) else []


def _str(v: Any) -> str | None:
    if isinstance(v, list):
        v = next((x for x in v if x not in (None, "")), None)
    if isinstance(v, dict):
        v = v.get("name") or v.get("@value") or v.get("value")
    s = str(v).strip() if v not in (None, "") else None
    return s if s and _value_ok(s) else None


def _date(v: Any) -> str | None:
    s = _str(v)
    if not s:
        return None
    m = re.fullmatch(r"((?:1[89]|20)\d\d)(\d\d)(\d\d)", s)  # Bandcamp's "20111107"
    if m:
        s = f"{m.group(1)}-{m.group(2)}-{m.group(3)}"
    return parse_date(s)


def _iso_duration(v: str | None) -> str | None:
    if not v:
        return None
    m = re.fullmatch(r"P?T?(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?", v.strip().upper())
    if not m or not any(m.groups()):
        return v if re.fullmatch(r"\d{1,2}:\d{2}(?::\d{2})?", v.strip()) else None
    h, mi, s = int(m.group(1) or 0), int(m.group(2) or 0), int(float(m.group(3) or 0))
    h, mi = h + mi // 60, mi % 60
    return f"{h}:{mi:02d}:{s:02d}" if h else f"{mi}:{s:02d}"


def _rating(v: Any) -> Rating | None:
    if not isinstance(v, dict):
        return None
    val = v.get("ratingValue")
    try:
        value = float(str(val).replace(",", "."))
    except (TypeError, ValueError):
        return None
    best = v.get("bestRating")
    worst = v.get("worstRating")
    try:
        b = float(str(best).replace(",", ".")) if best not in (None, "") else None
        w = float(str(worst).replace(",", ".")) if worst not in (None, "") else None
    except (TypeError, ValueError):
        b = w = None
    return Rating(text=str(val) + (f"/{best}" if best is not None else ""), value=value, best=b if b is not None else 5.0,
                  worst=w if w is not None else 1.0, scale_assumed=b is None)


def apply_structured(objs: list[dict[str, Any]], b: Builder, doc: Doc, *, site: str | None) -> None:
    """Merge schema.org objects into the drafts: structured values win, text fills the rest.

    Nodes from OpenGraph (``mg:from``) come last and only add to the page's subject. When the
    page's own data names its works, other works the text readers found stay only if a review
    or a relation ties them to the page (a store's "Record/Vinyl" box or a "more by" list is
    no work of its own)."""
    ctx = Context(builder=b, main=b.works[0] if b.works else None)
    ordered = [o for o in objs if o.get("mg:from") != "opengraph"] + [o for o in objs if o.get("mg:from") == "opengraph"]
    named: set[str] = set()
    for obj in ordered:
        types = _types(obj)
        kind = next((_KINDS[t] for t in types if t in _KINDS), None)
        if "review" in types or "criticreview" in types or "userreview" in types:
            reviewed = obj.get("itemReviewed")
            w = _work(ctx, reviewed, doc) if isinstance(reviewed, dict) else ctx.main
            _review(b, obj, w, doc, site)
            if w is not None:
                named.add(w.key)
            continue
        if kind is None:
            continue
        if obj.get("mg:from") == "opengraph" and ctx.claimed and ctx.main is not None:
            obj = {**obj, "name": ctx.main.title}  # the tags describe the subject embedded data named
        w = _work(ctx, obj, doc)
        if w is None:
            continue
        if obj.get("mg:from") != "opengraph":
            named.add(w.key)
        reviews = obj.get("review")
        for rv in reviews if isinstance(reviews, list) else [reviews]:
            _review(b, rv, w, doc, site)
    if named:
        _keep_named(b, named)


def _keep_named(b: Builder, named: set[str]) -> None:
    # A review with neither reviewer nor rating ("Redeem code" in a store's sidebar) ties nothing.
    tied = {v.subject for v in b.reviews if v.author or v.rating} | {r.subject for r in b.relations} | {r.object for r in b.relations}
    gone = {w.key for w in b.works if w.key not in named and w.key not in tied}
    if not gone:
        return
    b.works[:] = [w for w in b.works if w.key not in gone]
    b.releases[:] = [r for r in b.releases if r.work not in gone]
    b.reviews[:] = [v for v in b.reviews if v.subject not in gone]


def _number(v: Any) -> float | None:
    if isinstance(v, (int, float)) and not isinstance(v, bool):
        return float(v)
    t = _str(v)
    if not t:
        return None
    t = t.replace("\u00a0", "").replace(" ", "")
    t = t.replace(",", "") if re.fullmatch(r"\d{1,3}(?:,\d{3})+", t) else t.replace(",", ".")
    try:
        return float(t)
    except ValueError:
        return None


def _aggregate(v: Any) -> AggregateRating | None:
    """schema.org AggregateRating: many raters' mean, kept on the work (never a review)."""
    v = v[0] if isinstance(v, list) and v else v
    if not isinstance(v, dict):
        return None
    value = _number(v.get("ratingValue"))
    if value is None:
        return None
    best, worst = _number(v.get("bestRating")), _number(v.get("worstRating"))
    count, reviews = _number(v.get("ratingCount")), _number(v.get("reviewCount"))
    if best is not None and value > best:
        return None
    return AggregateRating(value=value, best=best, worst=worst, rating_count=int(count) if count is not None else None,
                           review_count=int(reviews) if reviews is not None else None)


def _work(ctx: Context, obj: dict[str, Any], doc: Doc) -> WorkDraft | None:
    name = _str(obj.get("name") or obj.get("headline"))
    if not name:
        return None
    types = _types(obj)
    kind = next((_KINDS[t] for t in types if t in _KINDS), WorkKind.OTHER)
    if kind == WorkKind.OTHER and ctx.main is not None and ctx.main.kind != WorkKind.OTHER:
        kind = ctx.main.kind
    # A site's "dateCreated" is often when its own record was made (Letterboxd), so it comes last.
    raw_date = (obj.get("datePublished") or obj.get("releaseDate") or _event_date(obj.get("releasedEvent"))
                or obj.get("startDate") or obj.get("copyrightYear") or obj.get("dateCreated"))
    date = _date(raw_date)
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
            w.titles = [(w.titles[0][0].__class__(text=name), doc.find(name))]
        if kind != WorkKind.OTHER and w.kind != kind:
            _rekind(ctx, w, kind)
        if date and not (w.date and w.date[0].startswith(date) and len(w.date[0]) > len(date)):
            w.date = (date, doc.find(str(_str(raw_date)) or date))
    else:
        w = find_or_add(ctx, kind, name, doc.find(name), date=date, date_span=doc.find(date) if date else None)
        if ctx.main is None:
            ctx.main = w
            ctx.claimed = True
    _absorb_twins(ctx, w)
    roles = [("director", Role.DIRECTOR), ("actor", Role.ACTOR), ("actors", Role.ACTOR), ("author", Role.AUTHOR),
             ("byArtist", Role.PERFORMER), ("composer", Role.COMPOSER), ("lyricist", Role.LYRICIST), ("creator", Role.AUTHOR),
             ("illustrator", "illustrator"), ("musicBy", Role.COMPOSER), ("producer", Role.PRODUCER)]
    if kind in (WorkKind.FILM, WorkKind.TV_SERIES):
        roles = [(k, Role.WRITER if k in ("creator", "author") else r) for k, r in roles]
    for key, role in roles:
        for agent in _agents(obj.get(key), key):
            if key in ("creator", "producer") and kind in (WorkKind.FILM, WorkKind.TV_SERIES) and agent.kind != AgentKind.PERSON:
                continue  # a studio named as creator is not a writer
            character = _character(obj.get(key), agent.name) if key in ("actor", "actors") else None
            w.add_credit(Credit(agent=agent, role=str(role), span=doc.find(agent.name), character=character))
    for g in _names(obj.get("genre")):
        if g not in [x for x, _ in w.genres] and not g.lower().startswith("http"):
            w.genres.append((g, doc.find(g)))
    for link in _names(obj.get("sameAs")):
        if link.startswith("http") and link not in w.same_as:
            w.same_as.append(link)
    for key, scheme in (("isbn", IdScheme.ISBN), ("iswcCode", IdScheme.ISWC)):
        v = _str(obj.get(key))
        if v and not any(i.value == v for i, _ in w.identifiers):
            w.identifiers.append((Identifier.make(scheme, v), doc.find(v)))
    if kind != WorkKind.ALBUM:  # an album's running time belongs to its release
        dur = _iso_duration(_str(obj.get("duration") or obj.get("timeRequired")))
        if dur and (w.runtime is None or obj.get("mg:from") != "opengraph"):
            w.runtime = (dur, w.runtime[1] if w.runtime and w.runtime[0] == dur else None)
    agg = _aggregate(obj.get("aggregateRating"))
    if agg is not None and w.aggregate is None:
        w.aggregate = (agg, None)
    rated = _str(obj.get("contentRating"))
    if rated and len(rated) <= 24:
        w.content_rating = (rated, doc.find(rated))
    country = _names(obj.get("countryOfOrigin"))
    if country and w.country is None:
        w.country = (country[0], doc.find(country[0]))
    if w.description is None:
        desc = _str(obj.get("description"))
        if desc and len(desc) > 40 and obj.get("mg:from") != "opengraph":
            w.description = (desc, doc.find(desc[:60]))
    if kind == WorkKind.ALBUM:
        _album_release(ctx.builder, w, obj, doc)
    return w


def _event_date(v: Any) -> str | None:
    """The earliest start date of a ``releasedEvent`` (a PublicationEvent or a list of them)."""
    dates = [_str(e.get("startDate")) for e in (v if isinstance(v, list) else [v]) if isinstance(e, dict)]
    return min((d for d in dates if d), default=None)


def _character(v: Any, name: str) -> str | None:
    for x in v if isinstance(v, list) else [v]:
        if isinstance(x, dict) and "characterName" in x and name in _names(x.get("actor") or x.get("name")):
            return _str(x.get("characterName"))
    return None


def _rekind(ctx: Context, w: WorkDraft, kind: WorkKind) -> None:
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
        for r in b.releases:
            if r.work == t.key:
                r.work = w.key
        for v in b.reviews:
            if v.subject == t.key:
                v.subject = w.key
        b.relations[:] = [msgspec.structs.replace(rel, subject=w.key if rel.subject == t.key else rel.subject,
                                                  object=w.key if rel.object == t.key else rel.object)
                          for rel in b.relations]
        b.relations[:] = [rel for rel in b.relations if rel.subject != rel.object]


def _album_release(b: Builder, w: WorkDraft, obj: dict[str, Any], doc: Doc) -> None:
    r = next((x for x in b.releases if x.work == w.key), None)
    if r is None:
        r = b.new_release(w.title, w.titles[0][1], work=w.key)
    elif r.title[0] != w.title:
        r.title = (w.title, w.titles[0][1])
    editions = obj.get("albumRelease")
    editions = [e for e in (editions if isinstance(editions, list) else [editions]) if isinstance(e, dict)]
    artists = {fold(a.name) for a in _agents(obj.get("byArtist"), "byArtist")}
    _release_facts(r, obj, doc, artists)
    for e in editions:
        _release_facts(r, e, doc, artists)
    tracks = _tracks(obj.get("track") or obj.get("tracks"), doc, artists)
    for e in editions:
        tracks = tracks or _tracks(e.get("track") or e.get("tracks"), doc, artists)
    if tracks and len(tracks) >= len(r.tracks):
        r.tracks = tracks


def _release_facts(r: ReleaseDraft, obj: dict[str, Any], doc: Doc, artists: set[str]) -> None:
    cat = _str(obj.get("catalogNumber"))
    labels = _agents(obj.get("recordLabel"), "recordLabel")
    if not labels and not r.labels:
        labels = [a for a in _agents(obj.get("publisher"), "publisher") if fold(a.name) not in artists]
    for lab in labels:
        if not any(fold(x.label.name) == fold(lab.name) for x, _ in r.labels):
            r.labels.append((ReleaseLabel(label=Agent(name=lab.name, kind=AgentKind.ORGANIZATION), catalog_number=cat), doc.find(lab.name)))
        elif cat:
            r.labels = [(ReleaseLabel(label=x.label, catalog_number=x.catalog_number or cat), sp) for x, sp in r.labels]
    for key in ("gtin", "gtin13", "gtin12", "gtin14", "gtin8", "upc", "ean"):
        v = _str(obj.get(key))
        if v:
            r.add_identifier(Identifier.make(IdScheme.BARCODE, v), doc.find(v))
    if cat:
        r.add_identifier(Identifier.make(IdScheme.CATALOG_NUMBER, cat), doc.find(cat))
    idents = obj.get("identifier")
    for ident in idents if isinstance(idents, list) else [idents]:
        if isinstance(ident, dict):
            pid, val = (str(ident.get("propertyID") or ident.get("name") or "").lower(), _str(ident.get("value")))
            scheme = {"upc": IdScheme.BARCODE, "ean": IdScheme.BARCODE, "gtin": IdScheme.BARCODE, "barcode": IdScheme.BARCODE,
                      "catalog number": IdScheme.CATALOG_NUMBER, "catalognumber": IdScheme.CATALOG_NUMBER,
                      "isrc": IdScheme.ISRC, "label code": IdScheme.LABEL_CODE, "lc": IdScheme.LABEL_CODE}.get(pid)
            if val and scheme:
                r.add_identifier(Identifier.make(scheme, val), doc.find(val))
    date = _date(obj.get("datePublished") or obj.get("releaseDate"))
    if date and not (r.date and r.date[0].startswith(date) and len(r.date[0]) > len(date)):
        r.date = (date, doc.find(date) or (r.date[1] if r.date else None))
    for fmt in _names(obj.get("musicReleaseFormat")):
        name = re.sub(r"(?i)^.*/|format$", "", fmt).strip()
        name = {"cd": "CD", "digital": "File", "vinyl": "Vinyl", "cassette": "Cassette", "dvd": "DVD", "dvdaudio": "DVD",
                "laserdisc": "Laserdisc", "minidisc": "Minidisc"}.get(name.lower(), name)
        if name and not any(f.name.lower() == name.lower() for f, _ in r.formats):
            r.formats.extend((f, None) for f in parse_formats(name))
    if not r.runtime:
        dur = _iso_duration(_str(obj.get("duration")))
        if dur:
            r.runtime = (dur, doc.find(dur))


def _tracks(v: Any, doc: Doc, artists: set[str]) -> list[Track]:
    """A track list given as a list, an ItemList of ListItems, or one MusicRecording."""
    if isinstance(v, dict):
        v = v.get("itemListElement", [v]) if "itemListElement" in v or "itemlist" in _types(v) else [v]
    if not isinstance(v, list):
        return []
    out: list[Track] = []
    for i, t in enumerate(v, 1):
        if isinstance(t, dict) and isinstance(t.get("item"), dict):
            pos, t = str(t.get("position") or t["item"].get("position") or i), t["item"]
        else:
            pos = str(t.get("position") or t.get("trackNumber") or i) if isinstance(t, dict) else str(i)
        name = _str(t.get("name")) if isinstance(t, dict) else _str(t)
        if not name:
            continue
        credits: tuple[Credit, ...] = ()
        idents: tuple[Identifier, ...] = ()
        dur = None
        if isinstance(t, dict):
            dur = _iso_duration(_str(t.get("duration")))
            credits = tuple(Credit(agent=a, role=str(Role.PERFORMER), span=doc.find(a.name))
                            for a in _agents(t.get("byArtist"), "byArtist") if fold(a.name) not in artists)
            isrc = _str(t.get("isrcCode"))
            idents = (Identifier.make(IdScheme.ISRC, isrc),) if isrc else ()
        out.append(Track(position=pos, title=name, duration=dur, credits=credits, identifiers=idents, span=doc.find(name)))
    return out


def _review(b: Builder, obj: Any, w: WorkDraft | None, doc: Doc, site: str | None) -> None:
    if not isinstance(obj, dict) or w is None:
        return
    if "aggregaterating" in _types(obj):
        return  # many raters' mean, not a review
    author = _names(obj.get("author"))
    body = _str(obj.get("reviewBody") or obj.get("text"))
    title = _str(obj.get("name") or obj.get("headline"))
    if not author and not body:
        return  # a bare rating with no reviewer and no words is no one's review
    date = _date(obj.get("datePublished") or obj.get("dateCreated"))
    v = next((x for x in b.reviews if x.subject == w.key and (not author or x.author is None or x.author[0].name == author[0])), None)
    if v is None:
        v = b.new_review(w.key)
    if author:
        v.author = (Agent(name=author[0]), doc.find(author[0]))
    if date:
        v.date = (date, v.date[1] if v.date and v.date[0] == date else None)
    r = _rating(obj.get("reviewRating"))
    if r is not None and (v.rating is None or v.rating[0].value != r.value):
        v.rating = (r, doc.find(str(obj["reviewRating"].get("ratingValue"))))
    if body and v.text is None:
        v.text = (body, doc.find(body[:60]))
    if title and v.title is None:
        v.title = (title, doc.find(title))
    publisher = _str(obj.get("publisher"))
    v.site = v.site or publisher or site


__all__ = ["apply_structured", "flatten", "parse_jsonld_block"]
