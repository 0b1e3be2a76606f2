"""Album and release pages: the main release, its labels and formats, "Other Versions" rows,
Discogs credits sections, notes and the companies named in them."""

from __future__ import annotations

import re

from mediagraph.extract.dates import parse_date
from mediagraph.extract.doc import Doc, Line
from mediagraph.extract.draft import Builder, ReleaseDraft, WorkDraft
from mediagraph.extract.formats import parse_formats
from mediagraph.extract.headers import HeaderField, first, value_span
from mediagraph.extract.memo import fold
from mediagraph.extract.names import looks_like_person, split_list
from mediagraph.extract.roles import role_for
from mediagraph.extract.versions import find_versions
from mediagraph.model import (
    Agent,
    AgentKind,
    Credit,
    Identifier,
    IdScheme,
    ReleaseLabel,
    Role,
    Span,
)

COMPANY_LINE = re.compile(r"^(?:[•*\-]\s*)?(?P<role>[A-Z][\w ,()&./-]{2,60}?)\s+[–—]\s+(?P<name>\S.{0,80})$")
_COMPANY_ROLE_LINE = re.compile(r"^(?:[•*\-]\s*)?(?P<role>[A-Z][\w ,()&./℗©-]{2,60}?)\s+[–—]\s+(?P<name>\S.{0,80})$")
_PUBLISHED = re.compile(r"\bPublished by:?\s+(?P<n>[A-Z][\w&.' -]{1,60}?)(?=/|\.|,|$)")
_PC = re.compile(r"(?:℗|\(P\))\s*(?:&|and)?\s*(?:©|\(C\))?\s*(?P<n>[A-Z][\w&.' -]{1,60}?)\s+(?P<y>(?:19|20)\d\d)")
_RELEASED_BY = re.compile(r"\bReleased by\s+(?P<n>[A-Z][\w&.'-]*(?:\s+[A-Z][\w&.'-]*){0,4})")
_LABEL_CAT = re.compile(r"^(?P<label>.+?)\s+[–—]\s+(?P<cat>\S.{0,30})$")
_CREDITS_HEAD = re.compile(r"^(?:credits|personnel|credits & personnel|album credits)\s*:?$", re.I)
_SECTION_END = re.compile(r"^(?:notes|tracklist|barcode and other identifiers|other versions.*|reviews.*|companies, etc\.|series)$", re.I)
_PROSE_CREDIT = re.compile(r"\b(?P<role>[Pp]roduced|[Mm]astered|[Mm]ixed|[Aa]rranged|[Rr]ecorded)(?: and (?:mixed|mastered|engineered))? by (?P<n>[A-ZÀ-Þ][\w'’\-]+(?: [A-ZÀ-Þ][\w'’\-]+){0,2})")
_PROSE_LABEL = re.compile(r"\b(?:via|on|through|from)\s+(?P<n>[A-Z][\w&'’\-]*(?:\s+[A-Z][\w&'’\-]*){0,3}\s+(?:Records|Recordings|Music|Discos|Disques|Schallplatten|Tapes))\b")
_WORK_ROLES = {str(Role.PRODUCER), str(Role.WRITER), str(Role.COMPOSER), str(Role.ARRANGER), str(Role.LYRICIST)}


_REGION = re.compile(
    r"\s*\((United States|USA|US|UK|United Kingdom|Japan|Germany|France|Europe|EU|Canada|Australia|Italy|Spain|"
    r"Netherlands|Sweden|Korea|South Korea|Hong Kong|Taiwan|Brazil|Mexico|International|Worldwide)\)$"
)
_PIECE = re.compile(r"(?P<label>[^,–—]+?)\s+[–—]\s+(?P<cat>[^,–—]+?)\s*(?:,\s*|$)")
_ANV_MARK = re.compile(r"\*$|\s+\(\d{1,3}\)$")


def label_catalog_pairs(text: str) -> list[tuple[str, int, str, int]]:
    """ "Warp Records – WARPLP55, Skam – WARPLP55" → (label, offset, catalog number, offset)
    pairs; [] unless the whole text is such pairs."""
    out: list[tuple[str, int, str, int]] = []
    at = 0
    while at < len(text):
        m = _PIECE.match(text, at)
        if m is None:
            single = _LABEL_CAT.match(text[at:]) if not out else None
            if single is None:
                return []
            # One pair whose catalog number has a comma of its own ("Tresor – TR 1, 2").
            lab, cat = single.group("label").strip(), single.group("cat").strip()
            return [(lab, at + single.start("label"), cat, at + single.start("cat"))]
        out.append((m.group("label").strip(), m.start("label"), m.group("cat").strip(), m.start("cat")))
        at = m.end()
    return out


def discogs_name(name: str) -> str:
    """A Discogs name without its display marks: "BOC*" (a name variation) and "Kenji (2)" (a
    disambiguation number) → "BOC", "Kenji"."""
    return _ANV_MARK.sub("", name.strip()).strip() or name.strip()


def artist_of(w: WorkDraft) -> str | None:
    return next((c.agent.name for c in w.credits if c.role == Role.PERFORMER), None)


def read_release(b: Builder, main: WorkDraft, fields: list[HeaderField], hd: dict, tracklists, ids) -> ReleaseDraft:
    """The page's main release of ``main`` from its head, fields, identifiers and tracklists."""
    r = b.new_release(main.title, main.titles[0][1], work=main.key)
    artist = artist_of(main)
    if artist:
        r.credits.append(next(c for c in main.credits if c.role == Role.PERFORMER))
    if hd.get("label") and len(pairs := label_catalog_pairs(f"{hd['label'][0]} – {hd['label'][2]}")) > 1:
        # The head line names several labels ("Warp Records – WARPLP55, Skam – WARPLP55").
        name, nspan, cat, cspan = hd["label"]

        def at(offset: int) -> int:
            return nspan.start + offset if offset < len(name) else cspan.start + offset - len(name) - 3

        for lab, loff, cno, coff in pairs:
            lab = discogs_name(lab)
            r.labels.append((ReleaseLabel(label=Agent(name=lab, kind=AgentKind.ORGANIZATION), catalog_number=cno),
                             Span(at(loff), at(loff) + len(lab))))
            r.add_identifier(Identifier.make(IdScheme.CATALOG_NUMBER, cno), Span(at(coff), at(coff) + len(cno)))
    elif hd.get("label"):
        name, nspan, cat, cspan = hd["label"]
        for (lab, loff), (cno, _coff) in zip(split_list(name), split_list(cat), strict=False):
            r.labels.append((ReleaseLabel(label=Agent(name=lab, kind=AgentKind.ORGANIZATION), catalog_number=cno), Span(nspan.start + loff, nspan.start + loff + len(lab))))
            r.add_identifier(Identifier.make(IdScheme.CATALOG_NUMBER, cno), Span(cspan.start + cat.find(cno), cspan.start + cat.find(cno) + len(cno)))
    labels = [f for f in fields if f.key == "label"]
    catnos = [f for f in fields if f.key == "catno"]
    for i, f in enumerate(labels):
        if r.labels:
            break
        pairs = label_catalog_pairs(f.value)
        if pairs:  # Discogs' "Label: Tresor – Tresor 155" (several: "Warp – WARP55, Skam – SKA1")
            for lab, loff, cat_, coff in pairs:
                lab = discogs_name(lab)
                r.labels.append((ReleaseLabel(label=Agent(name=lab, kind=AgentKind.ORGANIZATION), catalog_number=cat_),
                                 value_span(f, loff, loff + len(lab))))
                r.add_identifier(Identifier.make(IdScheme.CATALOG_NUMBER, cat_), value_span(f, coff, coff + len(cat_)))
            continue
        cat = catnos[i].value if i < len(catnos) else None
        for item, off in split_list(f.value):
            lab = item
            if (rm := _REGION.search(item)) is not None:
                # "Island (United States)": the label, and where this edition was released.
                lab = item[: rm.start()].strip()
                if not r.country:
                    r.country = (rm.group(1), value_span(f, off + rm.start(1), off + rm.end(1)))
            r.labels.append((ReleaseLabel(label=Agent(name=lab, kind=AgentKind.ORGANIZATION), catalog_number=cat), value_span(f, off, off + len(lab))))
    if not labels and catnos and not r.labels:
        r.labels.append((ReleaseLabel(label=Agent(name="", kind=AgentKind.ORGANIZATION), catalog_number=catnos[0].value), value_span(catnos[0])))
    for f in catnos:
        r.add_identifier(Identifier.make(IdScheme.CATALOG_NUMBER, f.value), value_span(f))
    if hd.get("format"):
        text, span = hd["format"]
        for fmt in parse_formats(text):
            r.formats.append((fmt, span))
    for f in fields:
        if f.key == "format":
            for fmt in parse_formats(f.value):
                r.formats.append((fmt, value_span(f)))
        elif f.key == "country" and not r.country:
            r.country = (f.value, value_span(f))
        elif f.key == "runtime" and not r.runtime:
            r.runtime = (f.value, value_span(f))
        elif f.key == "barcode":
            r.add_identifier(Identifier.make(IdScheme.BARCODE, f.value), value_span(f))
    if not r.formats:
        media = hd.get("media")
        if media and media[0].upper() in ("CD", "LP", "VINYL"):
            r.formats.append((parse_formats(media[0])[0], media[1]))
        elif any(f.label.upper().startswith(("CD ", "LP ")) for f in fields):
            f = next(f for f in fields if f.label.upper().startswith(("CD ", "LP ")))
            r.formats.append((parse_formats(f.label.split()[0])[0], None))
    rd = first(fields, "release_date") or first(fields, "year")
    if rd and (iso := parse_date(rd.value)):
        r.date = (iso, value_span(rd))
    for ident, span, _line in ids:
        r.add_identifier(ident, span)
        if ident.scheme == IdScheme.CATALOG_NUMBER and r.labels and r.labels[0][0].catalog_number is None:
            lb, lsp = r.labels[0]
            r.labels[0] = (ReleaseLabel(label=lb.label, catalog_number=ident.value), lsp)
    for tl in tracklists:
        r.tracks.extend(tl.tracks)
    if r.date and not main.date:
        main.date = r.date
    return r


def read_versions(b: Builder, main: WorkDraft, lines: list[Line]) -> set[int]:
    """Releases for each "Other Versions" row; returns the lines used."""
    versions, vused = find_versions(lines, artist_hint=artist_of(main))
    for row in versions:
        r = b.new_release(row.title or main.title, row.line.sub(row.title) if row.title else None, work=main.key)
        if row.artist:
            r.credits.append(Credit(agent=Agent(name=row.artist), role=str(Role.PERFORMER), span=row.line.sub(row.artist)))
        if row.label or row.catno:
            r.labels.append((ReleaseLabel(label=Agent(name=row.label or "", kind=AgentKind.ORGANIZATION), catalog_number=row.catno),
                             row.line.sub(row.catno or row.label or "")))
        for fmt in row.formats:
            r.formats.append((fmt, row.line.sub(fmt.name)))
        if row.country:
            r.country = (row.country, row.line.sub(row.country, after=len(row.line.text) // 2))
        if row.year:
            r.date = (row.year, row.line.sub(row.year, after=len(row.line.text) // 2))
        if row.barcode:
            r.add_identifier(Identifier.make(IdScheme.BARCODE, row.barcode), row.line.sub(row.barcode))
        if row.tracks:
            r.track_count = row.tracks
    return vused


def read_credits(main: WorkDraft, release: ReleaseDraft, lines: list[Line], used: set[int]) -> set[int]:
    """A "Credits" section of "Role – Name" lines: writing and production roles credit the
    work, the rest (mastering, design, instruments) the release."""
    out: set[int] = set()
    start = next((ln.index for ln in lines if ln.text and _CREDITS_HEAD.match(ln.text)), None)
    if start is None:
        return out
    out.add(start)
    for ln in lines[start + 1 :]:
        if not ln.text or ln.index in used:
            continue
        if _SECTION_END.match(ln.text):
            break
        m = COMPANY_LINE.match(ln.text) or _NAME_TAB_ROLES.match(ln.text)
        roles = credit_roles(m.group("role")) if m else []
        if m is None or not roles:
            break
        out.add(ln.index)
        base = ln.start + m.start("name")
        for name, off in split_list(m.group("name")):
            name = discogs_name(re.sub(r"\s*\((?:tracks?|pistes?)\b[^)]*\)$", "", name))
            for role in roles:
                c = Credit(agent=Agent(name=name), role=role, span=Span(base + off, base + off + len(name)))
                if role in _WORK_ROLES:
                    main.add_credit(c)
                else:
                    release.credits.append(c)
    return out


def credit_roles(text: str) -> list[str]:
    """ "Written-By, Producer" → both roles; [] when any part is not a role (then the line is
    not a credit line at all)."""
    parts = [p for p in re.split(r",\s*(?![^\[]*\])", text) if p.strip()]
    roles = [role_for(p) for p in parts]
    return [r for r in roles if r] if roles and all(roles) else []


# AllMusic's credits: the name, a tab, then its roles ("Yoko Kanno\tComposer, Producer").
_NAME_TAB_ROLES = re.compile(r"^(?P<name>[^\t]{2,60}?)\t+(?P<role>[^\t]{2,80})$")
_EVENTS_HEAD = re.compile(r"^release events?:?$|^release dates?:?$", re.I)
_EVENT = re.compile(r"^(?P<d>\d{4}(?:-\d\d){0,2})\s+(?P<c>[A-Z][\w .'’()\-]{1,40})$|^(?P<c2>[A-Z][\w .'’()\-]{1,40}?):\s+(?P<d2>\d{4}(?:-\d\d){0,2})$")


def read_release_events(release: ReleaseDraft, lines: list[Line], used: set[int]) -> set[int]:
    """MusicBrainz' "Release events" list ("1988-07-25 Japan"): the first event's date and country."""
    out: set[int] = set()
    start = next((ln.index for ln in lines if ln.text and ln.index not in used and _EVENTS_HEAD.match(ln.text)), None)
    if start is None:
        return out
    for ln in lines[start + 1 : start + 12]:
        if not ln.text:
            continue
        m = _EVENT.match(ln.text)
        if m is None:
            break
        out.update((start, ln.index))
        dg, cg = ("d", "c") if m.group("d") else ("d2", "c2")
        if release.date is None:
            release.date = (m.group(dg), ln.span(m.start(dg), m.end(dg)))
        if not release.country:
            release.country = (m.group(cg).strip(), ln.span(m.start(cg), m.start(cg) + len(m.group(cg).strip())))
    return out


def read_companies(release: ReleaseDraft, lines: list[Line], used: set[int]) -> set[int]:
    """A "Companies, etc." section of "Role – Name" lines ("Pressed By – MPO"): the release's
    companies, each with its role."""
    out: set[int] = set()
    start = next((ln.index for ln in lines if ln.text and re.match(r"^companies,? etc\.?$", ln.text, re.I)), None)
    if start is None:
        return out
    for ln in lines[start + 1 :]:
        if not ln.text or ln.index in used:
            continue
        m = _COMPANY_ROLE_LINE.match(ln.text)
        if m is None or _SECTION_END.match(ln.text):
            break
        out.add(ln.index)
        # Discogs' dumps spell the marks out: "Phonographic Copyright (p)", "Copyright (c)".
        role = re.sub(r"\s+", " ", m.group("role").replace("℗", "(p)").replace("©", "(c)")).strip()
        base = ln.start + m.start("name")
        for name, off in split_list(m.group("name")):
            name = discogs_name(name)
            release.companies.append(Credit(agent=Agent(name=name, kind=AgentKind.ORGANIZATION), role=role,
                                            span=Span(base + off, base + off + len(name))))
    return out


def prose_credits(main: WorkDraft, release: ReleaseDraft, text: str, base: int) -> None:
    """"Produced by X" and "arrives via Y Records" in an album page's own text."""
    for m in _PROSE_CREDIT.finditer(text):
        name = m.group("n")
        if not looks_like_person(name):
            continue
        role = role_for(m.group("role").lower() + " by") or m.group("role").title() + " By"
        c = Credit(agent=Agent(name=name), role=role, span=Span(base + m.start("n"), base + m.end("n")))
        if role in _WORK_ROLES:
            main.add_credit(c)
        else:
            release.credits.append(c)
    if not release.labels:
        lm = _PROSE_LABEL.search(text)
        words = lm.group("n").split() if lm else []
        if lm and (words[0].lower() in ("buy", "get", "order", "download", "stream", "listen", "shop", "preorder", "pre-order")
                   or fold(" ".join(words[1:])) in fold(main.title) or fold(" ".join(words[:-1])) in fold(main.title)):
            lm = None  # "from Buy The Essential Games Music Collection …": a shop's link naming the album, no label
        if lm and fold(lm.group("n")) != fold(main.title):
            release.labels.append((ReleaseLabel(label=Agent(name=lm.group("n"), kind=AgentKind.ORGANIZATION)),
                                   Span(base + lm.start("n"), base + lm.end("n"))))


def read_notes(release: ReleaseDraft, main: WorkDraft, doc: Doc, used: set[int]) -> None:
    """A Discogs "Notes" section: the notes, the companies in them, and the ℗ year as a date."""
    notes = _notes(doc.lines, used)
    if not notes:
        return
    release.notes = notes
    _companies(release, doc, notes[1])
    if release.date is None:
        # No release date survived; the ℗ line's year is the page's own word for it.
        pm = _PC.search(notes[0])
        if pm:
            ys = notes[1].start + pm.start("y")
            release.date = (pm.group("y"), Span(ys, ys + 4))
            if main.date is None:
                main.date = release.date


def _notes(lines: list[Line], used: set[int]) -> tuple[str, Span] | None:
    # A "Notes" heading when the page has one; else the notes follow "Companies, etc." (seed 001).
    start = next((ln.index for ln in lines if re.match(r"^notes:?$", ln.text, re.I)), None)
    if start is None:
        start = next((ln.index for ln in lines if re.match(r"^companies, etc\.$", ln.text, re.I)), None)
    if start is None:
        return None
    chosen: list[Line] = []
    for ln in lines[start + 1 :]:
        if ln.text and (re.match(r"^(?:barcode and other identifiers|other versions.*|reviews.*|credits|tracklist)$", ln.text, re.I) or ln.index in used):
            if ln.index in used and not chosen:
                continue
            break
        if ln.text and not re.match(r"^(?:notes|companies, etc\.)$", ln.text, re.I) and not COMPANY_LINE.match(ln.text):
            chosen.append(ln)
    if not chosen:
        return None
    text = "\n".join(ln.text for ln in lines[chosen[0].index : chosen[-1].index + 1]).strip()
    return text, Span(chosen[0].start, chosen[-1].end)


def _companies(r: ReleaseDraft, doc: Doc, notes_span: Span) -> None:
    text = doc.text[notes_span.start : notes_span.end]
    base = notes_span.start
    found: list[tuple[str, str, int, int]] = []
    for m in _PUBLISHED.finditer(text):
        found.append(("Published By", m.group("n").strip(), m.start("n"), m.end("n")))
    for m in _PC.finditer(text):
        n = m.group("n").strip()
        found.append(("Phonographic Copyright (p)", n, m.start("n"), m.start("n") + len(n)))
        if "©" in m.group(0) or "(C)" in m.group(0):
            found.append(("Copyright (c)", n, m.start("n"), m.start("n") + len(n)))
    for m in _RELEASED_BY.finditer(text):
        found.append(("Released By", m.group("n").strip(), m.start("n"), m.end("n")))
    seen: set[tuple[str, str]] = set()
    for role, name, a, z in found:
        key = (role, fold(name))
        if key in seen:
            continue
        seen.add(key)
        r.companies.append(Credit(agent=Agent(name=name, kind=AgentKind.ORGANIZATION), role=role, span=Span(base + a, base + z)))


__all__ = [
    "COMPANY_LINE",
    "artist_of",
    "credit_roles",
    "discogs_name",
    "label_catalog_pairs",
    "prose_credits",
    "read_companies",
    "read_credits",
    "read_notes",
    "read_release",
    "read_release_events",
    "read_versions",
]
