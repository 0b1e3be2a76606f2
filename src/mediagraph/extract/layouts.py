"""Layout detection and the reading of one page's text into drafts.

A page is read by every section parser (tracklists, identifier blocks, key/value headers,
"Other Versions", dated user reviews, bylines, bibliographies); the fields found decide the
layout (album/release page, film review, capsule reviews of several films, or generic) and
the layout decides which records the fields become. Boilerplate (related posts, comments,
sidebars, "you may also like") is masked out before any parser sees the page."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from mediagraph.extract.album import (
    prose_credits,
    read_companies,
    read_credits,
    read_notes,
    read_release,
    read_release_events,
    read_versions,
)
from mediagraph.extract.citations import find_citations
from mediagraph.extract.dates import find_dates, is_date_line, parse_date
from mediagraph.extract.doc import Doc, Line, paragraphs
from mediagraph.extract.draft import Builder, WorkDraft
from mediagraph.extract.film import (
    FILM_CUE,
    MANGA_CUE,
    capsules,
    credit_sentences,
    film_fields,
    read_capsules,
)
from mediagraph.extract.headers import (
    HeaderField,
    bare_pairs,
    block_fields,
    canonical,
    first,
    inline_fields,
    people,
    value_span,
)
from mediagraph.extract.identifiers import identifier_lines
from mediagraph.extract.memo import fold
from mediagraph.extract.names import split_list
from mediagraph.extract.ratings import (
    aggregate_neighbour,
    glyph_line,
    is_aggregate,
    parse_rating,
    rating_line,
)
from mediagraph.extract.relations import (
    SOUNDTRACK_SUFFIX,
    Context,
    prose_relations,
    role_evidence,
    soundtrack_from_field,
    soundtrack_from_title,
)
from mediagraph.extract.reviews import (
    REVIEWS_HEADING,
    encyclopedic,
    find_bylines,
    find_critic_cards,
    find_headed_reviews,
    find_labelled_date,
    find_user_reviews,
)
from mediagraph.extract.titles import DASH_HEAD, REVIEW_PREFIX, head, is_nav, main_title
from mediagraph.extract.tracklist import find_tracklists
from mediagraph.model import (
    Agent,
    AgentKind,
    Credit,
    FieldSpan,
    Rating,
    Role,
    Span,
    Title,
    WorkKind,
)

_SECTION_HEADS = re.compile(r"^(?:companies, etc\.|companies|credits|notes|tracklist|barcode and other identifiers|other versions.*|reviews.*|add review|recent posts|see all|bottom of page|top of page|lists|videos)$", re.I)
# The lookahead on the first letters lets the engine skip most positions without trying each word.
_MUSIC_CUE = re.compile(r"\b(?=[astcvl])(?:album|soundtrack|track|tracks|cd|vinyl|lp|score|composer|song)\b", re.I)
# Headings after which a page stops talking about its own subject.
_BOILERPLATE = re.compile(
    r"^(?:related(?: posts| articles| reviews| stories)?|you (?:may|might) also like.*|more like this|more from .{1,40}|recent posts|popular posts|"
    r"latest (?:posts|reviews|news)|trending|blog archive|archives|categories|tags|share this:?.*|leave a (?:reply|comment)|"
    r"\d+ (?:thoughts|responses|replies) (?:on|to) .*|\d+ comments?:?|comments \(\d+\)|comments|\d+ comentarios|\d+ commentaires|\d+ kommentare|"
    r"customers (?:also|who) (?:bought|viewed).*|recommended|supported by|related reviews:.*|similar (?:items|releases)|"
    r"what (?:people|others) are (?:saying|buying))$", re.I)
_RESUME = re.compile(
    r"^(?:tracklist(?:ing)?|track ?list(?:ing)?|credits|notes|barcode and other identifiers|other versions.*|reviews?|user reviews.*|"
    r"popular reviews.*|cast|crew|cast & crew|details|genres?|release information|release details|album info(?:rmation)?|"
    r"film details|product details|information|specifications|about this (?:film|album|release|record)|personnel)$",
    re.I,
)


@dataclass
class Page:
    """The text side of a page: its doc plus hints from HTML (title, headings, published date)."""

    doc: Doc
    title: str | None = None
    site: str | None = None
    headings: list[str] = field(default_factory=list)
    published: str | None = None  # the page's own publication date from markup
    author: str | None = None  # the page's author from markup
    subject: str | None = None  # an HTML page's own title with the site's name removed
    artist_hint: str | None = None  # "Artist – 'Title'" in the heading
    used: set[int] = field(default_factory=set)


def _mask_boilerplate(doc: Doc) -> Doc:
    """The doc with related-post, comment and sidebar sections blanked (offsets unchanged)."""
    noise: set[int] = set()
    on = False
    for ln in doc.lines:
        if not ln.text:
            continue
        if _BOILERPLATE.match(ln.text.rstrip(":")):
            on = True
        elif on and _RESUME.match(ln.text):
            on = False
        if on:
            noise.add(ln.index)
    return doc.masked(noise) if noise else doc


def _fields(page: Page) -> list[HeaderField]:
    blocks, used = block_fields(page.doc.lines)
    page.used |= used
    pairs, used = bare_pairs(page.doc.lines, page.used)
    page.used |= used
    blocks += pairs
    inline = [f for f in inline_fields(page.doc.lines) if f.line not in page.used]
    return blocks + inline


def read_page(page: Page, b: Builder) -> None:
    page.doc = _mask_boilerplate(page.doc)
    doc = page.doc
    lines = doc.lines
    tracklists = find_tracklists(lines)
    for tl in tracklists:
        page.used |= tl.used
    ids = [x for x in identifier_lines(lines) if x[2] not in page.used]
    page.used |= {x[2] for x in ids}
    fields = _fields(page)
    page.used |= {f.line for f in fields if f.key not in ("author_byline", "review_date")}
    hd = head(lines)
    if not hd.get("artist") and page.headings:
        # An HTML page's <h1> may sit below its menus: read the "Artist – Title" head from there.
        h1 = next((ln for ln in lines if ln.text and ln.text == page.headings[0]), None)
        if h1 is not None and DASH_HEAD.match(h1.text):
            hd = head(lines[h1.index :]) or hd
    headed = find_headed_reviews(lines, page.used)
    for hr in headed:
        page.used |= hr.lines
    critics = find_critic_cards(lines, page.used)
    for cr in critics:
        page.used |= cr.lines
    rev_at = next((ln.index for ln in lines if ln.text and REVIEWS_HEADING.match(ln.text) and len(ln.text) < 60), None)
    user_reviews = find_user_reviews(lines[rev_at:], skip=page.used) if rev_at is not None else []
    if rev_at is None:
        cand = find_user_reviews(lines, skip=page.used)
        user_reviews = cand if len(cand) >= 3 else []
    for ur in user_reviews:
        page.used |= ur.lines
    user_reviews = headed + critics + user_reviews
    citations = find_citations(lines)
    for c in citations:
        page.used |= c.lines
    bylines = [bl for bl in find_bylines(lines) if bl.line not in page.used]
    page.used |= {bl.line for bl in bylines}
    labelled = find_labelled_date(lines)
    if labelled and lines[labelled[2]].text[:1].isalpha() and parse_date(lines[labelled[2]].text.split(":")[-1]):
        page.used.add(labelled[2])
    date = labelled[:2] if labelled else next(((bl.date, bl.date_span) for bl in bylines if bl.date), None)
    if date is None and bylines:
        # Wix and Medium put the date on its own line right under the byline.
        after = [ln for ln in lines[bylines[0].line + 1 : bylines[0].line + 4] if ln.text][:1]
        if after and (iso := is_date_line(after[0].text)):
            date = (iso, after[0].span())
            page.used.add(after[0].index)
    if date is None and page.published:
        date = (page.published, None)
    keys = {f.key for f in fields}
    # A film page names its composer too: "Music:" beside "Director:" and a cast is not an album.
    music_format = any(f.key == "format" and _MUSIC_MEDIA.search(f.value) for f in fields)
    film_keys = bool(keys & {"director", "cast"}) and not keys & {"label", "catno", "barcode", "artist"} and not music_format
    # A composer alone ("Score by X" under "Directed by Y") does not make an album page: the
    # page must also talk more about records than about films.
    weak_music = bool(keys & {"composer", "arranger"}) and not film_keys and (
        _cue_counts(doc.text)[1] >= _cue_counts(doc.text)[0] or bool(keys & {"label", "catno", "artist", "barcode"}))
    music = bool(tracklists or ids or hd.get("discogs") or (keys & {"label", "catno", "artist", "barcode"} and not film_keys)
                 or weak_music or music_format
                 or (hd.get("media") and hd["media"][0].lower() in ("cd", "lp", "vinyl", "soundtrack", "ost", "album", "score")))
    caps = [] if music else capsules(lines, page.used)
    head_fields = [f.line for f in fields if f.key in ("director", "cast")]
    if caps and head_fields and min(head_fields) < caps[0][0].index:
        caps = []  # one film's header comes first; later "Title (Year)" lines are a sidebar's
    ctx = Context(builder=b, main=None, directors=role_evidence(doc.text))
    if len(caps) >= 2:
        read_capsules(page, b, ctx, caps, bylines, date, page_rating)
        return
    kind = _main_kind(music, keys, hd, doc.text)
    if kind == WorkKind.FILM and any(f.key == "format" and _SERIES_FORMAT.search(f.value) for f in fields):
        kind = WorkKind.TV_SERIES  # "Format: TV series, 12 episodes"
    names = {fold(c.agent.name) for f in fields if f.key in ("director", "cast", "composer", "artist", "author", "writer")
             for c in people(f, "x", cast=f.key == "cast")} | {fold(bl.name) for bl in bylines}
    titled = main_title(page, fields, hd, kind, people=names)
    if kind in (WorkKind.FILM, WorkKind.OTHER) and SOUNDTRACK_SUFFIX.search(titled[0] or ""):
        kind = WorkKind.ALBUM  # "Lady Bird (Original Motion Picture Soundtrack)": a film's words, but the page is the record's
        titled = main_title(page, fields, hd, kind, people=names)
    main = _main_work(page, b, kind, fields, hd, names, titled)
    ctx.main = main
    release = None
    if kind == WorkKind.ALBUM:
        release = read_release(b, main, fields, hd, tracklists, ids)
        ctx.release = release
        page.used |= read_versions(b, main, lines)
        page.used |= read_credits(main, release, lines, page.used)
        page.used |= read_companies(release, lines, page.used)
        page.used |= read_release_events(release, lines, page.used)
        if release.date and not main.date:
            main.date = release.date
        film_fields(b, main, [f for f in fields if f.key == "related"])
    else:
        film_fields(b, main, fields)
        in_reviews = set().union(*(hr.lines for hr in headed)) if headed else set()  # a review's prose names the cast too
        page.used |= credit_sentences(main, [ln for ln in lines if ln.index not in page.used or ln.index in in_reviews], short_only=False) - in_reviews
    in_user = set().union(*(ur.lines for ur in user_reviews)) if user_reviews else set()
    rating_fields = [f for f in fields if f.key == "rating" and f.line not in in_user]
    # Prose: every paragraph not consumed by a structured parser.
    tracks_by_title = {fold(t.title): t.position for t in release.tracks} if release else {}
    prose: list[list[Line]] = []
    for para in paragraphs([ln for ln in lines if ln.index not in page.used and not _SECTION_HEADS.match(ln.text)]):
        prose.append(para)
        span_text = doc.text[para[0].start : para[-1].end]
        prose_relations(ctx, span_text, para[0].start, tracks_by_title=tracks_by_title)
        if release is not None:
            prose_credits(main, release, span_text, para[0].start)
    for f in fields:
        if f.key == "film":
            soundtrack_from_field(ctx, f.value, f.start)
    soundtrack_from_title(ctx, doc.text)
    for ur in user_reviews:
        if ur.text_span:
            prose_relations(Context(builder=b, main=None, directors=ctx.directors), doc.text[ur.text_span.start : ur.text_span.end], ur.text_span.start)
    rating, rspan, rating_seen = page_rating(lines, rating_fields, page.used)
    body = [_from_prose(p) for p in prose if _is_prose(p)]
    if release is not None and hd.get("discogs"):
        read_notes(release, main, doc, page.used)
    subject = release.key if (release is not None and hd.get("discogs")) else main.key
    byline = next((bl for bl in bylines if not hd.get("discogs") and fold(bl.name) not in _performers(main)), None)
    author = (Agent(name=byline.name), byline.span) if byline else (Agent(name=page.author), doc.find(page.author)) if page.author else None
    body_chars = sum(len(ln.text) for p in body for ln in p)
    # A rating label whose value was lost ("Rating: Star Rating") still marks a review, if it has one.
    # With "Review by X" blocks the page's reviews are those blocks; left-over prose is not one more.
    prose_review = body_chars > 400 and not hd.get("discogs") and kind != WorkKind.ALBUM and not headed \
        and not any(encyclopedic(ln.text) for p in body[:3] for ln in p[:20])
    if author or rating or (rating_seen and body_chars > 200 and not headed) or prose_review:
        v = b.new_review(main.key)
        v.author = author
        if date:
            v.date = date
        elif (rd := first(fields, "review_date")) and (iso := parse_date(rd.value)):
            v.date = (iso, value_span(rd))
        if rating:
            v.rating = (rating, rspan)
        if body:
            v.text = ("\n\n".join("\n".join(ln.text for ln in p) for p in body), Span(body[0][0].start, body[-1][-1].end))
        for c in citations:
            cit = b.new_citation(text=c.text, title=c.title, authors=c.authors, container=c.container, date=c.date,
                                 publisher=c.publisher, place=c.place, spans=_cit_spans(c))
            v.citations.append(cit.key)
        v.site = page.site
    else:
        for c in citations:
            b.new_citation(text=c.text, title=c.title, authors=c.authors, container=c.container, date=c.date,
                           publisher=c.publisher, place=c.place, spans=_cit_spans(c))
    for ur in user_reviews:
        uv = b.new_review(subject)
        if ur.date:
            uv.date = (ur.date, ur.date_span)
        if ur.text:
            uv.text = (ur.text, ur.text_span)
        if ur.rating:
            uv.rating = (ur.rating, ur.rating_span)
        if ur.author:
            uv.author = (Agent(name=ur.author), ur.author_span)
        if ur.title:
            uv.title = (ur.title, ur.title_span)
        uv.site = ur.outlet or page.site


def _performers(w: WorkDraft) -> set[str]:
    return {fold(c.agent.name) for c in w.credits if c.role == Role.PERFORMER}


def _cit_spans(c: object) -> tuple:
    out = [FieldSpan("text", c.span.start, c.span.end)]  # type: ignore[attr-defined]
    if c.title_span is not None:  # type: ignore[attr-defined]
        out.append(FieldSpan("title", c.title_span.start, c.title_span.end))  # type: ignore[attr-defined]
    return tuple(out)


@lru_cache(maxsize=4)
def _cue_counts(text: str) -> tuple[int, int, int]:
    """How many film, music and manga words a page's text holds. Cached: each entry of a page is
    read with the rest masked, and the masked doc keeps the page's whole text."""
    return len(FILM_CUE.findall(text)), len(_MUSIC_CUE.findall(text)), len(MANGA_CUE.findall(text))


def _main_kind(music: bool, keys: set[str], hd: dict, text: str) -> WorkKind:
    if music:
        return WorkKind.ALBUM
    media = hd.get("media")
    if media:
        m = media[0].lower()
        if m in ("manga", "comic"):
            return WorkKind.COMIC
        if m == "book":
            return WorkKind.BOOK
        return WorkKind.FILM
    if keys & {"director", "cast", "related"}:
        return WorkKind.FILM
    if keys & {"author", "publisher"}:
        return WorkKind.COMIC if MANGA_CUE.search(text) else WorkKind.BOOK
    counts = _cue_counts(text)
    if counts[1] > counts[0] and counts[1] >= counts[2]:
        return WorkKind.ALBUM
    if counts[2] > counts[0]:
        return WorkKind.COMIC
    return WorkKind.FILM if counts[0] else WorkKind.OTHER


_SERIES_FORMAT = re.compile(r"(?i)\b(?:tv series|tv anime|series|episodes?|ova|web series|miniseries)\b")
_MUSIC_MEDIA = re.compile(r"(?i)\b(?:cd|lp|ep|vinyl|cassette|tape|sacd|mp3|flac|digital album|album|single|7\"|12\"|box set|download)\b")
_ROLES = {"composer": Role.COMPOSER, "artist": Role.PERFORMER, "director": Role.DIRECTOR, "writer": Role.WRITER,
          "author": Role.AUTHOR, "producer": Role.PRODUCER, "arranger": Role.ARRANGER}


_EDITION_NOTE = re.compile(
    r"\s*\[(?:[^\]]*\b)?(?:reissue|re-issue|limited|edition|remaster(?:ed)?|reprint|blu-spec|shm-cd|uhqcd|"
    r"regular|first press|deluxe|cd|lp|vinyl|cassette|digital)(?:\b[^\]]*)?\]\s*$",
    re.I,
)
_TITLE_SLASH_ARTIST = re.compile(rf"^(?P<t>.+?)\s+/\s+(?P<n>[^/\[\]]{{2,60}}?)(?:{_EDITION_NOTE.pattern})?$", re.I)
_TITLE_AND_NAME = re.compile(r"^(?P<t>.+?)\s+\((?P<n>[^()]{3,48})\)$")


def _main_work(page: Page, b: Builder, kind: WorkKind, fields: list[HeaderField], hd: dict, names: set[str],
               titled: tuple[str, Span | None]) -> WorkDraft:
    title, span = titled
    if kind == WorkKind.ALBUM and title and (tn := _TITLE_AND_NAME.match(title)) and fold(tn.group("n")) in names:
        # Score review sites head a page "Ghost in the Shell (Kenji Kawai)": title, then composer.
        title = tn.group("t").strip()
        span = Span(span.start, span.start + len(title)) if span is not None else None
    series = first(fields, "series")
    if kind in (WorkKind.COMIC, WorkKind.BOOK) and series and title and fold(title).startswith(fold(series.value)) and fold(title) != fold(series.value):
        # "Tidewater Saint, Volume 1" under "Series: Tidewater Saint": the work is the series.
        title, span = series.value, value_span(series)
    shop_artist: tuple[str, Span | None] | None = None
    if kind == WorkKind.ALBUM and title and (ta := _TITLE_SLASH_ARTIST.match(title)):
        # Shops write "Title / Artist [Reissue]"; the artist also stands alone on the page.
        who = ta.group("n").strip()
        if fold(who) in names or any(ln.text == who for ln in page.doc.lines):
            title = ta.group("t").strip()
            shop_artist = (who, Span(span.start + ta.start("n"), span.start + ta.start("n") + len(who)) if span else None)
            span = Span(span.start, span.start + len(title)) if span is not None else None
    elif kind == WorkKind.ALBUM and title and (ed := _EDITION_NOTE.search(title)):
        title = title[: ed.start()].strip()
        span = Span(span.start, span.start + len(title)) if span is not None else None
    w = b.new_work(kind, title or "untitled", span)
    if hd.get("media"):
        w.kind_span = hd["media"][1]
    for f in fields:
        if f.key == "alt_title":
            w.titles.append((Title(text=f.value, kind="alternate"), value_span(f)))
        elif f.key == "genre":
            for g, off in split_list(f.value):
                w.genres.append((g, value_span(f, off, off + len(g))))
    if hd.get("artist") and kind == WorkKind.ALBUM and fold(hd["artist"][0]) not in ("various",) and not any(f.key == "artist" for f in fields):
        w.add_credit(Credit(agent=Agent(name=hd["artist"][0]), role=str(Role.PERFORMER), span=hd["artist"][1]))
    for f in fields:
        if f.key in _ROLES and not (kind == WorkKind.ALBUM and f.key in ("director",)):
            # a comic's or a book's "Artist:" drew it; a record's played on it
            role = "illustrator" if f.key == "artist" and kind in (WorkKind.COMIC, WorkKind.BOOK) else str(_ROLES[f.key])
            for c in people(f, role):
                w.add_credit(c)
        if f.key == "studio":
            for c in people(f, "studio", kind=AgentKind.ORGANIZATION):
                w.add_credit(c)
        if f.key == "publisher" and kind in (WorkKind.COMIC, WorkKind.BOOK):
            for c in people(f, str(Role.PUBLISHER), kind=AgentKind.ORGANIZATION):
                w.add_credit(c)
    if kind == WorkKind.ALBUM and not _performers(w) and shop_artist is not None:
        w.add_credit(Credit(agent=Agent(name=shop_artist[0]), role=str(Role.PERFORMER), span=shop_artist[1]))
    if kind == WorkKind.ALBUM and not _performers(w):
        _artist_line(page, w, span)
    if kind == WorkKind.ALBUM and not _performers(w) and span is not None:
        _artist_above(page, w, span)
    year = first(fields, "year")
    if year and (iso := parse_date(year.value)):
        w.date = (iso, value_span(year))
    elif kind != WorkKind.ALBUM and span is not None:
        after = page.doc.text[span.end : span.end + 14]
        ym = re.match(r"\s*[»”\"’']?\s*[(\[]?\s?((?:19|20)\d\d)\s?[)\]]?(?!\d)", after)
        if ym:
            w.date = (ym.group(1), Span(span.end + ym.start(1), span.end + ym.end(1)))
    if w.date is None and kind != WorkKind.ALBUM and (rd := first(fields, "release_date")) and (iso := parse_date(rd.value)):
        w.date = (iso, value_span(rd))
    if w.date is None and kind != WorkKind.ALBUM and title:
        # "Kinetic Hearts (1987) was directed by…": the year the page gives the title anywhere.
        pat = re.escape(title).replace("\\ ", r"\s+") + r"\s*[»”\"’']?\s*\(((?:19|20)\d\d)\)"
        ym = re.search(pat, page.doc.text, re.I) if _has_paren_year(page.doc.text) else None
        if ym:
            w.date = (ym.group(1), Span(ym.start(1), ym.end(1)))
    return w


_PAREN_YEAR = re.compile(r"\((?:19|20)\d\d\)")


@lru_cache(maxsize=4)
def _has_paren_year(text: str) -> bool:
    """Whether a "(1987)" stands anywhere in the text: without one, the pattern made for the
    title (compiled anew for each page) cannot match."""
    return _PAREN_YEAR.search(text) is not None


def _artist_above(page: Page, w: WorkDraft, span: Span) -> None:
    """AllMusic prints the artists on the line above the title ("Yoko Kanno / The Seatbelts");
    taken when one of them is named again elsewhere on the page."""
    above = [ln for ln in page.doc.lines if ln.text and ln.end <= span.start][-1:]
    if not above or len(above[0].text) > 80 or is_nav(above[0].text) or ":" in above[0].text or canonical(above[0].text):
        return
    ln = above[0]
    lower = [x for x in ln.text.split() if x[:1].islower() and x not in ("and", "&", "feat.", "feat", "ft.", "of", "the", "y", "de", "von", "van", "et", "und")]
    if len(lower) >= 3:
        return  # "Dedicated to reviews and news of music for film, TV and games": the site's motto, no artists
    items = split_list(ln.text)
    rest = page.doc.text[: ln.start] + page.doc.text[ln.end :]
    if not items or len(items) > 4 or not any(n[:1].isupper() and len(n.split()) <= 5 and n in rest for n, _ in items):
        return
    for name, off in items:
        w.add_credit(Credit(agent=Agent(name=name), role=str(Role.PERFORMER), span=ln.span(off, off + len(name))))
    page.used.add(ln.index)


_BY_ARTIST = re.compile(r"^(?:by|von|par|por|di)\s+(?P<n>\S.{0,60})$")  # lower case: "By X" is a reviewer


def _artist_line(page: Page, w: WorkDraft, span: Span | None) -> None:
    """Shop and Bandcamp pages name the artist on a "by X" line under the title, or in <title>."""
    if page.artist_hint:
        w.add_credit(Credit(agent=Agent(name=page.artist_hint), role=str(Role.PERFORMER), span=page.doc.find(page.artist_hint)))
        return
    if span is not None:
        after = [ln for ln in page.doc.lines if ln.text and ln.start >= span.end][:2]
        for ln in after:
            m = _BY_ARTIST.match(ln.text)
            if m and not find_dates(ln.text) and fold(m.group("n")) != fold(page.author or ""):
                w.add_credit(Credit(agent=Agent(name=m.group("n").strip()), role=str(Role.PERFORMER), span=ln.sub(m.group("n").strip())))
                page.used.add(ln.index)
                return
    if page.title:
        t = fold(w.title)
        m = re.match(r"^(?P<a>[^–—|]{1,60}?)\s+[–—-]\s+(?P<t>[^|]+?)(?:\s*\([^)]*\))?\s*(?:\|.*)?$", page.title)
        # "Encyclopaedia Metallum - Trollfest - Willkommen …": when what follows the first dash is
        # itself "Artist - Title", the part before it is the site, not the artist.
        if m and fold(m.group("t")) == t and not re.search(r"\s[–—-]\s", m.group("t")) and fold(m.group("a")) != fold(page.site or ""):
            name = REVIEW_PREFIX.sub("", m.group("a").strip())
            w.add_credit(Credit(agent=Agent(name=name), role=str(Role.PERFORMER), span=page.doc.find(name)))
            return
        m = re.match(r"^(?P<t>.+?),\s+by\s+(?P<a>.+)$", page.title)
        if m and fold(m.group("t")) == t:
            name = m.group("a").strip()
            w.add_credit(Credit(agent=Agent(name=name), role=str(Role.PERFORMER), span=page.doc.find(name)))


_LABELLED_GLYPHS = re.compile(r"^[^:：]{1,24}[:：]\s*(?P<g>[★☆½]{3,6})\s*$")
_LEADING_GLYPHS = re.compile(r"^(?P<g>[★☆]{1,5}½?)(?=\s|$)")


def page_rating(lines: list[Line], fields: list[HeaderField], used: set[int]) -> tuple[Rating | None, Span | None, bool]:
    """The page's own rating; ``seen`` is True when a rating label was present but unreadable.

    Many raters' figure is never the page's verdict: "Rating: 4.35 by 20 users", "User Rating:
    8.9/10 (298,638 votes)", or a bare "6.6 /10" under "IMDb RATING" with "422K" below it."""
    seen = False
    for f in fields:
        if is_aggregate(f.label) or is_aggregate(f.value):
            continue
        r = parse_rating(f.value)
        if r is not None:
            at = f.value.find(r.text)
            return r, value_span(f, max(at, 0), max(at, 0) + len(r.text)), True
        seen = True
    texts = [ln for ln in lines if ln.text]
    for k, ln in enumerate(texts):
        if ln.index in used or is_aggregate(ln.text):
            continue
        got = rating_line(ln.text)
        if got is not None:
            seen = True
            if got[0] is not None:
                return got[0], ln.span(got[1], got[1] + len(got[0].text)), True
        g = glyph_line(ln.text)
        if g is None and (m := _LABELLED_GLYPHS.match(ln.text) or _LEADING_GLYPHS.match(ln.text)):
            g = parse_rating(m.group("g"), allow_bare=False)
        if g is not None:
            if aggregate_neighbour(texts[k - 1].text if k else None, texts[k + 1].text if k + 1 < len(texts) else None):
                continue
            at = ln.text.find(g.text)
            return g, ln.span(max(at, 0), max(at, 0) + len(g.text)), True
    return None, None, seen


def _from_prose(para: list[Line]) -> list[Line]:
    """A paragraph without the short lines of site text run onto its head ("Haz click aquí para
    copiar la URL", "<< 1 3 4 5 6 7 >>", "10", a date): it starts at its first line of running words."""
    for k, ln in enumerate(para):
        t = ln.text.strip()
        nxt = para[k + 1].text.strip() if k + 1 < len(para) else ""
        if len(t) >= 60 or (len(t.split()) >= 5 and re.search(r"[.!?…»”\"]$", t)) or nxt[:1].islower():
            return para[k:] if k else para  # (a line the next one runs on from, "Like" / "the fine wine …", is text)
    return para


def _is_prose(para: list[Line]) -> bool:
    text = " ".join(ln.text for ln in para)
    return len(text) >= 80 and bool(re.search(r"[.!?…»”\"]$|[.!?] ", text))


__all__ = ["Page", "page_rating", "read_page"]
