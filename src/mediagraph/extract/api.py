"""The ``extract`` entry point: decode, render HTML, choose the title, read the layout, merge structured data."""

from __future__ import annotations

import json
import re
from functools import lru_cache
from importlib import resources
from urllib.parse import urlparse

from mediagraph.errors import ExtractionError, MediagraphError
from mediagraph.extract.cited import add_cited_works
from mediagraph.extract.doc import Doc
from mediagraph.extract.draft import Builder, WorkDraft
from mediagraph.extract.entries import related_lines
from mediagraph.extract.film import players_in_brackets
from mediagraph.extract.layouts import Page
from mediagraph.extract.lead import encyclopedic_subject
from mediagraph.extract.memo import fold
from mediagraph.extract.realpage import (
    add_disc_releases,
    add_indexed_records,
    add_named_tracklists,
    name_untitled_by_a_side,
    read_text_page,
)
from mediagraph.extract.relations import (
    Context,
    films_cast_in_prose,
    role_evidence,
    soundtrack_from_title,
    soundtracks_by_title,
)
from mediagraph.extract.scorebox import add_score_box_reviews
from mediagraph.extract.text import MAX_TEXT, decode
from mediagraph.model import Identifier, IdScheme, Predicate, RecordSet, Relation, Source, WorkKind


def extract(data: bytes | str, *, uri: str, media_type: str | None = None, retrieved_at: str | None = None) -> RecordSet:
    """Read one page into records; raises only ``ExtractionError`` (one line) on unusable input."""
    try:
        return _extract(data, uri=uri, media_type=media_type, retrieved_at=retrieved_at)
    except MediagraphError:
        raise
    except RecursionError as exc:
        raise ExtractionError("the page is nested too deeply to read", where=uri) from exc
    except Exception as exc:  # a parser bug must reach the user as one line, never a traceback
        raise ExtractionError(f"could not read the page ({type(exc).__name__}: {exc})"[:300], where=uri) from exc


def _extract(data: bytes | str, *, uri: str, media_type: str | None, retrieved_at: str | None) -> RecordSet:
    decoded = decode(data, media_type=media_type)
    warnings = list(decoded.warnings)
    title = site = published = author = clean_title = title_year = title_kind = title_series = None
    page_url = ""
    headings: list[str] = []
    objs: list[dict] = []
    if decoded.is_html:
        from mediagraph.extract.html import parse_html
        from mediagraph.extract.opengraph import node as og_node
        from mediagraph.extract.pagetitle import choose, in_text
        from mediagraph.extract.structured import flatten, parse_jsonld_block

        html = parse_html(decoded.text, warnings)
        text = _capped(html.text, warnings)
        site = html.site
        for raw in html.jsonld:
            objs.extend(parse_jsonld_block(raw, warnings))
        for item in (*html.microdata, *html.rdfa):
            objs.extend(flatten(item))
        page_url = uri if uri.startswith(("http://", "https://")) else html.og.get("og:url") or html.canonical or ""
        host = urlparse(page_url).hostname if "://" in page_url else None
        chosen = choose(title=html.title, og_title=html.og.get("og:title"), h1=html.h1, site=site, host=host)
        # The text readers parse the raw title themselves ("Artist - Title | Site", bylines):
        # they get og:title or <title> as written; the cleaned one names the source and the
        # OpenGraph node, and structured names win over both.
        title = html.og.get("og:title") or html.title
        chosen = in_text(chosen, html.text, site=site, host=host)
        clean_title, title_year, title_kind, title_series = chosen.text, chosen.year, chosen.kind, chosen.series
        og = og_node(html.og_pairs, chosen)
        if og is not None:
            objs.append(og)
        if not html.text.strip() and not objs and not clean_title:
            raise ExtractionError("the HTML page has no text or structured data to extract", where=uri)
        headings = html.headings
        published, author = _article_hints(objs, html.published)
        mt = _bare(media_type) or "text/html"
    else:
        text = _capped(decoded.text, warnings)
        mt = _bare(media_type) or "text/plain"
    if "</html" not in decoded.text[-4096:].lower() and decoded.is_html:
        warnings.append("the HTML looks truncated (no closing </html>)")
    doc = Doc(text)
    related = related_lines(doc)
    if related:
        doc = doc.masked(related)  # "More Like This": other works, named by the site, not by the page
    b = Builder()
    page = Page(doc=doc, title=title, site=site, headings=headings, published=published, author=author, subject=clean_title)
    read_text_page(page, b)
    add_disc_releases(b, doc)
    add_indexed_records(b, doc)
    add_named_tracklists(b, doc)
    article = encyclopedic_subject(b, doc)
    if (title_year or title_kind) and clean_title:
        # "X (1993) - IMDb": the year the page's own title gives its subject; "X (TV Series 2005–2009)": its kind
        for w in b.works:
            if fold(w.title) == fold(clean_title):
                if w.date is None and title_year:
                    w.date = (title_year, None)
                if title_kind and "series" in title_kind and w.kind in (WorkKind.FILM, WorkKind.OTHER):
                    w.kind = WorkKind.TV_SERIES
    if objs:
        from mediagraph.extract.structured import apply_structured

        apply_structured(objs, b, doc, site=site)
    add_score_box_reviews(b, doc)
    if article or (decoded.is_html and html.wiki):
        # a wiki's article is an encyclopedia's text: no one's review of its subject (a publication a score
        # box names is a reviewer; the page's own site is not)
        b.reviews = [v for v in b.reviews if v.rating or v.author or (v.site and v.site != site)]
    if decoded.is_html and html.cited:
        add_cited_works(b, doc, html.cited)
    soundtracks_by_title(b, doc.text)
    if b.works and b.works[0].kind == WorkKind.ALBUM:
        # again, now that the page's subject has its final title ("OST" / "Die fetten Jahre sind vorbei")
        soundtrack_from_title(Context(builder=b, main=b.works[0], directors=role_evidence(doc.text)), doc.text)
    films_cast_in_prose(b, doc.text)
    players_in_brackets(b, doc)
    name_untitled_by_a_side(b, doc.text)
    if title_series and clean_title:
        _episode_of(b, clean_title, title_series, doc)
    for w in b.works:
        if "number" not in w.embedded and any(t in ("schema:TVEpisode", "schema:Episode") for t in w.embedded.get("types", ())):
            m = _EPISODE_CODE.search(doc.text[:20000])
            if m is not None:
                w.embedded["number"] = str(int(m.group("e")))  # "S1.E5": the fifth episode
    b.merge_twins()
    if decoded.is_html and b.works:
        _years_from_description(b, html.og.get("description") or html.og.get("og:description") or "")
        _database_ids(b.works[0], [uri, page_url])
    if not b.works and not b.releases:
        warnings.append("no work or release could be identified on the page")
    b.warnings[:0] = warnings
    host = urlparse(uri).hostname if "://" in uri else None
    shown = f"{clean_title} ({title_year})" if clean_title and title_year else clean_title or title
    source = Source(uri=uri, kind="page", site=site or host, title=shown or (b.works[0].title if b.works else None),
                    media_type=mt, content_hash=decoded.content_hash, retrieved_at=retrieved_at, text=text)
    return b.freeze(source)


_TITLE_YEAR = re.compile(r"(?P<t>[^,;:()]{1,80}?)\s+\((?P<y>(?:18|19|20)\d\d)\)")


def _years_from_description(b: Builder, description: str) -> None:
    """A page's summary for search engines that names works with their years ("A list of 250 films
    …, including Everything Everywhere All at Once (2022), Parasite (2019)"): each work of the
    page so named, with no year of its own, takes that year."""
    if "(" not in description:
        return
    years: dict[str, str] = {}
    for m in _TITLE_YEAR.finditer(description):
        title = re.sub(r"^(?:(?:and|including|with|like|such as|as well as)\s+)+", "", m.group("t").strip(), flags=re.I)
        years.setdefault(fold(title), m.group("y"))
    for w in b.works:
        if w.date is None and (y := years.get(fold(w.title))):
            w.date = (y, None)


_EPISODE_CODE = re.compile(r"(?<![\w.])S(?P<s>\d{1,2})\s?[.:·]?\s?E(?P<e>\d{1,3})(?![\w.])")


def _episode_of(b: Builder, episode: str, series: str, doc: Doc) -> None:
    """An episode page: the episode is a TVEpisode, part of the series its page's title names."""
    ep = next((w for w in b.works if fold(w.title) == fold(episode)), None)
    if ep is None or fold(series) == fold(episode):
        return
    if ep.kind in (WorkKind.FILM, WorkKind.OTHER):
        ep.kind = WorkKind.TV_SERIES
    types = list(ep.embedded.get("types", ()))
    if not any(t in ("schema:TVEpisode", "schema:Episode") for t in types):
        ep.embedded["types"] = ("schema:TVEpisode", *types)
    show = next((w for w in b.works if w is not ep and fold(w.title) == fold(series)), None)
    if show is None:
        show = b.new_work(WorkKind.TV_SERIES, series, doc.find(series))
    b.relate(Relation(subject=ep.key, predicate=Predicate.PART_OF, object=show.key, span=None))


def _capped(text: str, warnings: list[str]) -> str:
    """The page's text up to ``MAX_TEXT`` characters, cut at a line end, and no line longer than ``_LONG_LINE``.

    Real lines, prose paragraphs included, stay far shorter; a longer one is a page flattened
    to one line, and the readers' cost grows with the square of a line's length.
    """
    if len(text) > MAX_TEXT:
        cut = text.rfind("\n", 0, MAX_TEXT)
        cut = cut if cut > MAX_TEXT // 2 else MAX_TEXT
        warnings.append(f"the page's text is longer than {MAX_TEXT:,} characters; only the first {cut:,} were read")
        text = text[:cut]
    lines = text.split("\n")
    if max(map(len, lines)) <= _LONG_LINE:
        return text
    broken = 0
    for i, ln in enumerate(lines):
        if len(ln) > _LONG_LINE:
            lines[i] = _break_line(ln)
            broken += 1
    warnings.append(f"{broken} line{'s' if broken > 1 else ''} longer than {_LONG_LINE:,} characters {'were' if broken > 1 else 'was'} broken at spaces")
    return "\n".join(lines)


_LONG_LINE = 20_000


def _break_line(line: str) -> str:
    """The line with a line break at the last space before every ``_LONG_LINE`` characters."""
    parts: list[str] = []
    start = 0
    while len(line) - start > _LONG_LINE:
        cut = line.rfind(" ", start + _LONG_LINE // 2, start + _LONG_LINE)
        if cut < 0:
            parts.append(line[start : start + _LONG_LINE])
            start += _LONG_LINE
        else:
            parts.append(line[start:cut])
            start = cut + 1
    parts.append(line[start:])
    return "\n".join(parts)


@lru_cache(maxsize=1)
def _databases() -> list[tuple[re.Pattern[str], str]]:
    raw = json.loads(resources.files("mediagraph.extract").joinpath("data/databases.json").read_text(encoding="utf-8"))
    return [(re.compile(p["re"], re.I), p["scheme"]) for p in raw["patterns"]]


def _database_ids(w: WorkDraft, urls: list[str]) -> None:
    """A database's page about a work (IMDb, Discogs, Letterboxd …): its address is the work's
    sameAs, and its id an identifier where the scheme is known."""
    for url in urls:
        if not url or not url.startswith(("http://", "https://")):
            continue
        for rx, scheme in _databases():
            m = rx.search(url)
            if not m:
                continue
            if url not in w.same_as:
                w.same_as.append(url)
            if "id" in rx.groupindex and scheme != "url":
                ident = Identifier.make(IdScheme(scheme), m.group("id"))
                if not any(i.value == ident.value for i, _ in w.identifiers):
                    w.identifiers.append((ident, None))
            return


def _bare(media_type: str | None) -> str | None:
    """The media type without its parameters: the charset served its purpose once decoded."""
    return media_type.split(";", 1)[0].strip().lower() or None if media_type else None


_ARTICLES = {"article", "blogposting", "newsarticle", "reportagenewsarticle", "webpage", "posting"}


def _article_hints(objs: list[dict], published: str | None) -> tuple[str | None, str | None]:
    """The page's own date and author from an Article object or <time> markup."""
    from mediagraph.extract.dates import parse_date

    author = None
    for obj in objs:
        types = obj.get("@type", [])
        types = [str(t).lower() for t in (types if isinstance(types, list) else [types])]
        if _ARTICLES & set(types):
            published = published or str(obj.get("datePublished") or "") or None
            a = obj.get("author")
            a = a[0] if isinstance(a, list) and a else a
            name = a.get("name") if isinstance(a, dict) else a if isinstance(a, str) else None
            author = author or (str(name).strip() if name else None)
    iso = parse_date(published[:10]) if published else None
    return iso, author


__all__ = ["extract"]
