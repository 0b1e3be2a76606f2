"""Embedded structured data (JSON-LD blocks, microdata, OpenGraph) merged into the drafts.

Each ``<script type="application/ld+json">`` block is parsed on its own and repaired when
broken (comments, trailing commas, raw newlines in strings), since extruct drops every block
when one is malformed. Structured values win over text-derived ones; spans are found by
locating the value in the page text."""

from __future__ import annotations

import json
import re
from typing import Any

from mediagraph.extract.dates import parse_date
from mediagraph.extract.doc import Doc
from mediagraph.extract.draft import Builder, WorkDraft
from mediagraph.extract.formats import parse_formats
from mediagraph.extract.relations import Context, find_or_add
from mediagraph.model import (
    Agent,
    AgentKind,
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
}


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
    text = re.sub(r"^\s*(?:<!\[CDATA\[|<!--)|(?:\]\]>|-->)\s*$", "", text).strip().rstrip(";")
    if not text:
        return []
    try:
        data = json.loads(text)
    except ValueError:
        fixed = _strip_comments(text)
        fixed = re.sub(r",\s*([}\]])", r"\1", fixed)
        try:
            data = json.loads(fixed, strict=False)
            warnings.append("repaired a malformed JSON-LD block")
        except ValueError:
            warnings.append("skipped a JSON-LD block that could not be repaired")
            return []
    items = data if isinstance(data, list) else [data]
    out: list[dict[str, Any]] = []
    for it in items:
        if isinstance(it, dict) and isinstance(it.get("@graph"), list):
            out.extend(x for x in it["@graph"] if isinstance(x, dict))
        elif isinstance(it, dict):
            out.append(it)
    return out


def _types(obj: dict[str, Any]) -> list[str]:
    t = obj.get("@type", [])
    return [str(x).lower().rsplit("/", 1)[-1] for x in (t if isinstance(t, list) else [t])]


def _names(v: Any) -> list[str]:
    if v is None:
        return []
    if isinstance(v, list):
        return [n for x in v for n in _names(x)]
    if isinstance(v, dict):
        n = v.get("name")
        return [str(n).strip()] if n else []
    return [str(v).strip()] if str(v).strip() else []


def _str(v: Any) -> str | None:
    if isinstance(v, list):
        v = v[0] if v else None
    if isinstance(v, dict):
        v = v.get("name") or v.get("@value")
    return str(v).strip() if v not in (None, "") else None


def _iso_duration(v: str | None) -> str | None:
    if not v:
        return None
    m = re.fullmatch(r"P?T?(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?", v.strip().upper())
    if not m or not any(m.groups()):
        return v if re.fullmatch(r"\d{1,2}:\d{2}(?::\d{2})?", v.strip()) else None
    h, mi, s = (int(x or 0) for x in m.groups())
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
        b = float(best) if best is not None else None
        w = float(worst) if worst is not None else None
    except (TypeError, ValueError):
        b = w = None
    return Rating(text=str(val) + (f"/{best}" if best is not None else ""), value=value, best=b if b is not None else 5.0,
                  worst=w if w is not None else 1.0, scale_assumed=b is None)


def apply_structured(objs: list[dict[str, Any]], b: Builder, doc: Doc, *, site: str | None) -> None:
    """Merge schema.org objects into the drafts: structured values win, text fills the rest."""
    ctx = Context(builder=b, main=b.works[0] if b.works else None)
    for obj in objs:
        types = _types(obj)
        kind = next((_KINDS[t] for t in types if t in _KINDS), None)
        if "review" in types:
            reviewed = obj.get("itemReviewed")
            w = _work(ctx, reviewed, doc) if isinstance(reviewed, dict) else ctx.main
            _review(b, obj, w, doc, site)
            continue
        if kind is None:
            continue
        w = _work(ctx, obj, doc)
        if w is None:
            continue
        for rv in obj.get("review", []) if isinstance(obj.get("review"), list) else [obj.get("review")] if isinstance(obj.get("review"), dict) else []:
            _review(b, rv, w, doc, site)


def _work(ctx: Context, obj: dict[str, Any], doc: Doc) -> WorkDraft | None:
    name = _str(obj.get("name"))
    if not name:
        return None
    types = _types(obj)
    kind = next((_KINDS[t] for t in types if t in _KINDS), WorkKind.OTHER)
    if kind == WorkKind.OTHER and ctx.main is not None and ctx.main.kind != WorkKind.OTHER:
        kind = ctx.main.kind
    date = parse_date(_str(obj.get("datePublished") or obj.get("dateCreated") or obj.get("releaseDate") or obj.get("copyrightYear")) or "")
    main = ctx.main
    same = main is not None and (main.title.lower() in name.lower() or name.lower() in main.title.lower())
    first = main is not None and not ctx.claimed and main.kind in (kind, WorkKind.OTHER)
    if main is not None and (same or first) and main.kind in (kind, WorkKind.OTHER):
        # The first structured work is the page's subject: its name wins over a guessed title.
        ctx.claimed = True
        w = main
        if main.title != name:
            w.titles = [(w.titles[0][0].__class__(text=name), doc.find(name))]
        if kind != WorkKind.OTHER:
            w.kind = kind
        if date and not (w.date and w.date[0].startswith(date) and len(w.date[0]) > len(date)):
            w.date = (date, doc.find(str(_str(obj.get("datePublished") or obj.get("dateCreated")) or date)))
    else:
        w = find_or_add(ctx, kind, name, doc.find(name), date=date, date_span=doc.find(date) if date else None)
        if ctx.main is None:
            ctx.main = w
    roles = [("director", Role.DIRECTOR), ("actor", Role.ACTOR), ("actors", Role.ACTOR), ("author", Role.AUTHOR),
             ("byArtist", Role.PERFORMER), ("composer", Role.COMPOSER), ("creator", Role.AUTHOR), ("illustrator", "illustrator")]
    if kind in (WorkKind.FILM, WorkKind.TV_SERIES):
        roles = [(k, Role.WRITER if k == "creator" else r) for k, r in roles]
    for key, role in roles:
        for n in _names(obj.get(key)):
            w.add_credit(Credit(agent=Agent(name=n), role=str(role), span=doc.find(n)))
    for g in _names(obj.get("genre")):
        if g not in [x for x, _ in w.genres]:
            w.genres.append((g, doc.find(g)))
    for link in _names(obj.get("sameAs")):
        if link.startswith("http") and link not in w.same_as:
            w.same_as.append(link)
    if kind == WorkKind.ALBUM:
        _album_release(ctx.builder, w, obj, doc)
    return w


def _album_release(b: Builder, w: WorkDraft, obj: dict[str, Any], doc: Doc) -> None:
    r = next((x for x in b.releases if x.work == w.key), None)
    if r is None:
        r = b.new_release(w.title, w.titles[0][1], work=w.key)
    elif r.title[0] != w.title:
        r.title = (w.title, w.titles[0][1])
    for lab in _names(obj.get("recordLabel")):
        if not any(x.label.name == lab for x, _ in r.labels):
            cat = _str(obj.get("catalogNumber"))
            r.labels.append((ReleaseLabel(label=Agent(name=lab, kind=AgentKind.ORGANIZATION), catalog_number=cat), doc.find(lab)))
    for key in ("gtin", "gtin13", "gtin12", "upc", "ean"):
        v = _str(obj.get(key))
        if v:
            r.add_identifier(Identifier.make(IdScheme.BARCODE, v), doc.find(v))
    cat = _str(obj.get("catalogNumber"))
    if cat:
        r.add_identifier(Identifier.make(IdScheme.CATALOG_NUMBER, cat), doc.find(cat))
    date = parse_date(_str(obj.get("datePublished") or obj.get("releaseDate")) or "")
    if date and not (r.date and r.date[0].startswith(date) and len(r.date[0]) > len(date)):
        r.date = (date, doc.find(date) or (r.date[1] if r.date else None))
    fmt = _str(obj.get("musicReleaseFormat"))
    if fmt and not r.formats:
        fm = parse_formats(re.sub(r"(?i)^.*/|format$", "", fmt).replace("CDFormat", "CD"))
        r.formats.extend((f, None) for f in fm)
    tracks = obj.get("track")
    if isinstance(tracks, dict):
        tracks = tracks.get("itemListElement", [])
    if isinstance(tracks, list) and tracks and not r.tracks:
        for i, t in enumerate(tracks, 1):
            if isinstance(t, dict) and "item" in t and isinstance(t["item"], dict):
                pos, t = str(t.get("position", i)), t["item"]
            else:
                pos = str(t.get("position", i)) if isinstance(t, dict) else str(i)
            name = _str(t.get("name")) if isinstance(t, dict) else _str(t)
            if not name:
                continue
            dur = _iso_duration(_str(t.get("duration"))) if isinstance(t, dict) else None
            sp = doc.find(name)
            r.tracks.append(Track(position=pos, title=name, duration=dur, span=sp))


def _review(b: Builder, obj: Any, w: WorkDraft | None, doc: Doc, site: str | None) -> None:
    if not isinstance(obj, dict) or w is None:
        return
    author = _names(obj.get("author"))
    date = parse_date(_str(obj.get("datePublished") or obj.get("dateCreated")) or "")
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
    body = _str(obj.get("reviewBody"))
    if body and v.text is None:
        v.text = (body, doc.find(body[:60]))
    title = _str(obj.get("name"))
    if title and v.title is None:
        v.title = (title, doc.find(title))
    v.site = v.site or site


__all__ = ["apply_structured", "parse_jsonld_block"]
