"""The page's own title, chosen from ``<title>``, ``og:title`` and the first heading, without site chrome.

Sites wrap the subject's name in their own: "Film X (2001) - IMDb", "Album | Artist |
Bandcamp", "X - Album by Y | Spotify", "X by Y on Apple Music". The site's part is found by
comparing each segment with the site's name and host; a byline ("…, by Y", "- Album by Y")
is split off and kept as the credited artist. A heading is chosen only when a title agrees
with it, so a menu entry or a news link set as ``<h1>`` never becomes the subject."""

from __future__ import annotations

import re
from dataclasses import dataclass

from mediagraph.extract.memo import fold

_SEP = re.compile(r"\s+[|\-–—:·•»~/]\s+|\s*[|·•»]\s*")
_RATING = re.compile(r"\s*[⭐★☆]\s*\d+(?:[.,]\d+)?(?:\s*/\s*\d+)?")
_BYLINES = (
    re.compile(r"^(?P<t>.+?)\s+[-–—]\s+(?:Album|Single|EP|Song|Compilation|Soundtrack)\s+(?:by|de|von|di|par)\s+(?P<a>.+)$", re.I),
    re.compile(r"^(?P<t>.+?),\s+(?:by|de|von|di|par)\s+(?P<a>.+)$", re.I),
)
_PLAIN_BY = re.compile(r"^(?P<t>.+)\s+by\s+(?P<a>.+)$")
_ON_SITE = re.compile(r"^(?P<t>.+?)\s+(?:on|sur|auf|en|su)\s+(?P<s>[^,]{2,40})$", re.I)
# A site's sub-page named beside the subject: "X (1993) - Release Info - IMDb", "X - Full Cast & Crew".
_SUBPAGE = re.compile(
    r"(?i)^(?:release info|full cast (?:&|and) crew|cast (?:&|and) crew|plot(?: summary)?|synopsis|trivia|goofs|quotes|"
    r"(?:user |critic |critics |external |movie |film |album )?reviews?|ratings?|awards|photos|pictures|images|videos|trailers?|"
    r"soundtracks?|filming (?:&|and) production|technical specs|company credits|parents guide|episode list|news|"
    r"tracklist|credits|lyrics|details|overview|summary|discography|biography|streaming|where to watch)$")
_SECTION_WORDS = frozenset((
    "movie reviews", "reviews", "photos", "pictures", "videos", "trailers", "layouts", "wallpapers", "fan club", "news", "cast",
    "showtimes", "tickets", "trivia", "quotes", "ratings", "synopsis", "clips", "images", "interviews", "soundtrack", "lyrics",
    "tabs", "chords", "tour dates", "discography", "biography", "streaming", "where to watch", "box office"))


def _sections(segment: str) -> bool:
    """"Movie Reviews, Photos & Videos, Layouts & Wallpapers, Fan Club": a list of the site's sections."""
    pieces = [p.strip().casefold() for p in re.split(r",|&|\band\b", segment) if p.strip()]
    return len(pieces) >= 2 and all(p in _SECTION_WORDS for p in pieces)


# "Pulp Fiction Movie Reviews, Pictures": the site's words after the subject's name
_SUBPAGE_TAIL = re.compile(
    r"(?i)\s+(?:(?:movie|film|tv show|tv series|series|album|book|game)\s+)?(?:reviews?|critiques?|kritiken|rezensionen)"
    r"(?:\s*(?:,|&|and)\s*(?:pictures|photos|trailers?|videos|ratings?|cast|news))*$")
# "X (1993)", "X (TV Episode 2002)", "X (TV Series 2005–2009)", "X (Video Game 2001)"
_YEAR_TAIL = re.compile(
    r"\s*\((?P<k>(?:(?:tv|mini|video|short|podcast)[ -]?)*(?:series|episode|movie|special|game|short|video|film)\s+)?"
    r"(?P<y>(?:18|19|20)\d\d)(?:\s*[–—-]\s*(?:(?:18|19|20)\d\d)?\s*)?\)$", re.I)
# an episode's title names its series first, in quotes: '"DR-Friland" Nybyggerne: Part 1', '"Lost" Pilot: Part 1'
_EPISODE_OF = re.compile(r"^[\"“](?P<s>[^\"“”]{1,80})[\"”]\s+(?P<e>\S.*)$")
_GENERIC = {"home", "homepage", "login", "log in", "sign in", "sign up", "menu", "search", "404", "page not found", "error"}


@dataclass(frozen=True, slots=True)
class PageTitle:
    """A cleaned title and, when the title carried a byline, the credited name."""

    text: str | None
    byline: str | None = None
    year: str | None = None  # "X (1993)": the year the title gave
    kind: str | None = None  # "X (TV Series 2005–2009)": the kind of work the title gave, in lower case
    series: str | None = None  # '"DR-Friland" Nybyggerne: Part 1 (TV Episode 2002)': the series an episode is of


def _site_keys(site: str | None, host: str | None) -> set[str]:
    keys: set[str] = set()
    if site:
        keys.add(fold(site))
        keys.add(fold(re.sub(r"(?i)^(?:music|movies|films?)\s+on\s+", "", site)))
    if host:
        parts = [p for p in host.lower().split(".") if p not in ("www", "m", "com", "org", "net", "co", "uk", "de", "fr", "it", "es")]
        keys.update(fold(p) for p in parts if len(p) > 2)
    return {k for k in keys if k}


def _is_site(segment: str, keys: set[str]) -> bool:
    f = fold(segment)
    if not f:
        return True
    return any(f == k or (len(k) > 3 and (f.replace(" ", "") == k.replace(" ", "") or (k in f and len(f) <= len(k) + 12))) for k in keys)


def clean(title: str | None, *, site: str | None = None, host: str | None = None) -> PageTitle:
    """``title`` without the site's name, a rating or a byline; other segments stay."""
    if not title:
        return PageTitle(None)
    t = re.sub(r"\s+", " ", title.replace("\u200e", "")).strip()
    keys = _site_keys(site, host)
    on_site = False
    m = _ON_SITE.match(t)
    if m and keys and _is_site(m.group("s"), keys):
        t, on_site = m.group("t"), True
    parts = [p.strip() for p in _SEP.split(t) if p and p.strip()]
    if len(parts) > 1 and keys:
        kept = [p for p in parts if not _is_site(p, keys)]
        if kept and len(kept) < len(parts):
            t = " - ".join(kept)
            parts = kept
    if len(parts) > 1:
        kept = [p for p in parts if not _SUBPAGE.match(p) and not _sections(p)]
        if kept and len(kept) < len(parts):
            t = " - ".join(kept)
    t = _RATING.sub("", t).strip()
    tail = _SUBPAGE_TAIL.search(t)
    if tail and tail.start() >= 2:
        t = t[: tail.start()].strip()
    year = kind = None
    m = _YEAR_TAIL.search(t)
    if m and m.start() >= 1:
        t, year = t[: m.start()].strip(), m.group("y")
        kind = m.group("k").strip().casefold() if m.group("k") else None
    series = None
    if kind and "episode" in kind and (m := _EPISODE_OF.match(t)):
        t, series = m.group("e").strip(), m.group("s").strip()
    byline = None
    for rx in (*_BYLINES, _PLAIN_BY) if on_site else _BYLINES:
        m = rx.match(t)
        if m:
            t, byline = m.group("t").strip(), m.group("a").strip()
            break
    if fold(t) in _GENERIC:
        return PageTitle(None, byline)
    return PageTitle(t or None, byline, year, kind, series)


def in_text(chosen: PageTitle, text: str, *, site: str | None = None, host: str | None = None) -> PageTitle:
    """``chosen``, or a shorter reading of it that the page's text does name.

    Without the site's name to go by, "Pulp Fiction Movie Reviews, Pictures - Rotten Tomatoes"
    keeps its site part; the text names "Pulp Fiction", so the trailing segments go."""
    if not chosen.text:
        return chosen
    low = text.casefold()
    if chosen.text.casefold() in low:
        return chosen
    parts = [p.strip() for p in _SEP.split(chosen.text) if p and p.strip()]
    for n in range(len(parts) - 1, 0, -1):
        raw = " - ".join(parts[:n])
        cand = clean(raw, site=site, host=host)
        # only where the site's own words came off too ("… Movie Reviews, Pictures"): "Artist - Album"
        # keeps its album, whichever part the text repeats
        if cand.text and cand.text != raw and len(cand.text) >= 2 and cand.text.casefold() in low:
            return PageTitle(cand.text, chosen.byline or cand.byline, chosen.year or cand.year, chosen.kind or cand.kind,
                             chosen.series or cand.series)
    return chosen


def choose(*, title: str | None, og_title: str | None, h1: str | None, site: str | None = None,
           host: str | None = None) -> PageTitle:
    """The best page title: the heading when a title agrees with it, else og:title, else <title>."""
    cands = [c for c in (clean(og_title, site=site, host=host), clean(title, site=site, host=host)) if c.text]
    if h1:
        head = re.sub(r"\s+", " ", h1).strip()
        hy = _YEAR_TAIL.search(head)
        head_year = hy.group("y") if hy and hy.start() >= 1 else None
        if hy and hy.start() >= 1:
            head = head[: hy.start()].strip()
        fh = fold(head)
        if fh and fh not in _GENERIC:
            for c in cands:
                fc = fold(c.text or "")
                if fh == fc or (fc.startswith(fh) and len(fh) * 2 >= len(fc)) or (fh.startswith(fc) and len(fc) >= 3):
                    return PageTitle(head if len(fh) <= len(fc) + 2 else c.text, c.byline or next((x.byline for x in cands if x.byline), None),
                                     c.year or head_year or next((x.year for x in cands if x.year), None), c.kind, c.series)
    if cands:
        best = cands[0]
        for c in cands[1:]:
            fb, fc = fold(best.text or ""), fold(c.text or "")
            if fc and fc != fb and fb.startswith(fc):
                best = c  # "X (1986) | Comedy" and "X (1986)": the shorter is the subject
        return PageTitle(best.text, best.byline or next((x.byline for x in cands if x.byline), None),
                         best.year or next((x.year for x in cands if x.year), None), best.kind, best.series)
    return PageTitle(None)


__all__ = ["PageTitle", "choose", "clean", "in_text"]
