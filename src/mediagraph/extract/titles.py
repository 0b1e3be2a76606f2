"""The page's main title: head lines, headings, <title>, and the title the prose keeps naming.

A title is never a byline, a date, an "Updated:" line, navigation or the site's name; those
lines are ruled out before any candidate is scored."""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from mediagraph.extract.dates import is_date_line, parse_date
from mediagraph.extract.doc import Line
from mediagraph.extract.entries import SECTION_HEADING, decorated
from mediagraph.extract.formats import FORMAT_LINE
from mediagraph.extract.headers import HeaderField, canonical
from mediagraph.extract.memo import fold, line_cache
from mediagraph.extract.names import strip_quotes
from mediagraph.extract.relations import SOUNDTRACK_SUFFIX
from mediagraph.model import Span, WorkKind

if TYPE_CHECKING:
    from mediagraph.extract.layouts import Page

MEDIA_PREFIX = re.compile(r"^(?P<media>CD|ＣＤ|LP|Vinyl|Soundtrack|OST|Album|Score|Blu-ray|DVD|Manga|Comic|Film|Movie|Anime|Book)\s*[:：]\s*(?P<title>\S.{0,150})$", re.I)
DASH_HEAD = re.compile(r"^(?P<a>[^–—]{1,80}?)\s+[–—]\s+(?P<b>\S.{0,150})$")
TITLE_YEAR = re.compile(r"(?P<t>[A-Z0-9À-Þ][\w'’:!?&.\-]*(?:[ \t]+(?:[A-Z0-9À-Þ][\w'’:!?&.\-]*|of|the|in|a|an|and|to|on|de|des|du|la|le|les|del|der|die|das|no|for|from|with|et|y|e)){0,8})[ \t]+\((?:[^(),\n]{2,60},\s*)?(?P<y>(?:19|20)\d\d)\)")  # "X (2020)", "X (Tenki o Egaku Shōjo, 2020)"
REVIEW_PREFIX = re.compile(
    r"^(?:re:\s*)?(?:\[(?:review|critique|kritik|rezension|reseña|recensione|resenha|recensie)\]\s*|"
    r"(?:(?:album|film|movie|cd|soundtrack|manga|book|ep|record)\s+)?(?:review|critique|kritik|rezension|reseña|crítica|critica|recensione|resenha|recensie|bespreking|análise|analise)"
    r"(?:\s+(?:of|de|du|von|di|del))?\s*[:：\-–]?\s+(?=\S))", re.I)
# "Title (2023)", "Title (Romania, 2023, dir. Sorin Vlădescu)", "3. Title [1999] – B+".
HEADING_TITLE_YEAR = re.compile(
    r"^(?:\d+[.)]\s+)?(?P<t>[^()\n]{1,80}?)\s*[(\[]\s?(?:[^()\[\]\d,]{2,40},\s*)?(?P<y>(?:19|20)\d\d)"
    r"(?:,\s*(?:dir\.|directed by|d\.|réal\.|regie:?|r:)\s*(?P<d>[^()\[\],]{2,60}?))?\s?[)\]]\s*(?:[–—:|\-]\s*(?P<r>.{1,30}))?$"
)
_TAGLINE = re.compile(r"^(?P<t>.{1,100}?)\s*[(\[]\s?(?P<y>(?:19|20)\d\d)\s?[)\]]\s*(?:[–—:|\-]\s*.{1,120})?$")
_NAV = re.compile(r"\s[›»>]\s|\s\|\s.*\s\|\s|^(?:home|menu|start|inicio|accueil|startseite)\b", re.I)
_SITE_WORDS = re.compile(r"(?i)\b(?:reviews|critiques|kritiken|plattenkritik|rezensionen|reseñas|críticas|blog|diary|magazine|zine|dispatch|reviewed)\b|~")
_SHOP = re.compile(r"(?i)\b(?:basket|cart|add to|in stock|checkout|sign in|log in|wishlist|free (?:uk )?(?:delivery|shipping))\b|[£$€]\s?\d")
_NOT_TITLE = re.compile(
    r"(?i)^(?:writer['’]?s picture|updated|posted|published|by\b|reviewed by|review by|written by|share|tags?|labels?|"
    r"comments?|related|recent posts|\d+ comments?|leave a|see all|tracklist|credits|notes|categories|category|filed under|tagged)\b|"
    r"^(?:reviews?|festivals?|news|features?|columns?|entertainment|movies|music|film|anime|manga|critiques?|kritiken?)$")
_QUOTED = re.compile(r"^[\"“„«‘'‚]\s?(?P<q>[^\"“”„«»‘’‚']{1,120}?)\s?[\"”“»’'‘]$")
_LEAD_WORDS = {"the", "in", "of", "and", "a", "an", "from", "with", "both", "as", "review", "film", "movie", "anime"}
_PROSE_CUE = re.compile(r"(?:\bmade|\bdirected|\bfilmed|\bshot|\breleased|\bwrote|\bscored)\s+$|(?:\bfilm|\bmovie|\balbum|\bmanga)\s+$")
_CAP_RUN = re.compile(r"(?<![\w'’])(?:[A-ZÀ-Þ][\w'’\-]*)(?:\s+(?:(?:of|the|in|a|an|and|to|on|de|la|le|no)\s+)?[A-ZÀ-Þ][\w'’\-]*)*")
_SENTENCE_START = re.compile(r"(?:^|[.!?]\s+|\n)$")


_REVIEW_WORD = re.compile(r"^(?:film|movie|album|manga)?\s*(?:review|rezension|kritik|filmkritik|critique|reseña|crítica|recensione|recension|resenha|recensie|bespreking)$", re.I)
_BACK_TO = re.compile(r"^[‹«<←]?\s*(?:back to|return to|zurück zu|retour à|volver a)\s+", re.I)
_RELEASE_BY = re.compile(
    r"^~?\s*(?:Release|Release group|Album|Single|EP|Soundtrack|Compilation)\s+by\s+(?P<a>[^()~]{1,80}?)\s*(?:\(see all .*\))?\s*$"
)


@line_cache
def is_nav(text: str) -> bool:
    """Breadcrumbs, menus and shop chrome ("Home » Reviews", "Basket (2) | £ 23.98")."""
    m = _NAV.search(text)
    if m and "«" in text and "»" in m.group(0):
        m = None  # French quotes, not a breadcrumb
    return bool(m or _SHOP.search(text))


def _pushed_head(nonblank: list[Line]) -> int:
    """Where Discogs' head ("Artist – Title", then "Label – Cat#" or "Vinyl, LP, Album") starts
    when a menu of one item a line ("Explore", "Marketplace", …) pushed it down; 0 otherwise."""
    if not nonblank or DASH_HEAD.match(nonblank[0].text):
        return 0
    for k, ln in enumerate(nonblank[:12]):
        if re.match(r"(?i)^(?:tracklist|credits|notes|companies)", ln.text) or (k and DASH_HEAD.match(nonblank[k - 1].text)):
            return 0
        if not k or not DASH_HEAD.match(ln.text) or len(ln.text) >= 160 or ":" in ln.text:
            continue
        nxt = nonblank[k + 1 : k + 3]
        label_line = any((lm := DASH_HEAD.match(x.text)) is not None and ":" not in x.text and re.search(r"\d", lm.group("b")) for x in nxt)
        if (label_line or any(FORMAT_LINE.match(x.text) for x in nxt)) and all(_is_chrome(x.text) or len(x.text) < 25 for x in nonblank[:k]):
            return k
    return 0


def head(lines: list[Line]) -> dict[str, Any]:
    """The first lines: a media prefix ("CD: Title") or a Discogs head (Artist – Title / Label – Cat#)."""
    out: dict = {}
    nonblank = [ln for ln in lines[:24] if ln.text]
    for k, ln in enumerate(nonblank[1:], start=1):
        rb = _RELEASE_BY.match(ln.text)
        if rb:
            # MusicBrainz: the title on its own line, then "~ Release by Artist (see all versions…)".
            title_ln, a = nonblank[k - 1], rb.group("a").strip()
            out["title"] = (title_ln.text, title_ln.span())
            out["artist"] = (a, ln.span(rb.start("a"), rb.start("a") + len(a)))
            out["release_by"] = True
            return out
    if len(nonblank) > 1 and len(nonblank[0].text) <= 60 and _is_chrome(nonblank[1].text):
        nonblank = nonblank[1:]  # the site's name above its menu
    nonblank = nonblank[_pushed_head(nonblank) :]
    top = [ln for ln in nonblank if not _is_chrome(ln.text)][:5]
    if len(top) > 2 and len(top[0].text) <= 30 and not DASH_HEAD.match(top[0].text) and DASH_HEAD.match(top[1].text):
        top = top[1:]  # a site's name above the "Artist – Title" line
    for k, ln in enumerate(top):
        m = MEDIA_PREFIX.match(ln.text)
        if m and k < 2:
            out["media"] = (m.group("media"), ln.span(m.start("media"), m.end("media")))
            out["title"] = (m.group("title").strip(), ln.span(m.start("title"), m.end("title")))
            break
        m = DASH_HEAD.match(ln.text)
        if m and k <= 1 and len(ln.text) < 160 and ":" not in m.group("a"):
            if k == 1 and not _SITE_WORDS.search(top[0].text) and not DASH_HEAD.match(top[0].text):
                break
            a, b = m.group("a").strip().rstrip("*"), m.group("b").strip()
            if SOUNDTRACK_SUFFIX.fullmatch(" – " + b) or _REVIEW_WORD.match(b):
                # "The Ninth Harbor – Original Score" is one title; "„Akira“ – Rezension" a title and a word.
                quoted = _QUOTED.match(a)
                t = (quoted.group("q") if quoted else a) if _REVIEW_WORD.match(b) else ln.text
                out["title"] = (t, ln.sub(t))
                break
            rest = top[k + 1 : k + 4]
            if _SITE_WORDS.search(ln.text) and k == 0:
                continue
            qa, qb = _QUOTED.match(a), _QUOTED.match(b)
            if _REVIEW_WORD.match(b):  # „Akira“ – Rezension: a title and the word "review"
                t = qa.group("q") if qa else a
                out["title"] = (t, ln.sub(t))
                break
            if qa and not qb:  # „Nebelstadt“ – Die Grauen Tauben: the quoted side is the title
                out["artist"] = (b, ln.sub(b))
                out["title"] = (qa.group("q"), ln.sub(qa.group("q")))
                break
            out["artist"] = (a, ln.span(m.start("a"), m.start("a") + len(a)))
            t = qb.group("q") if qb else b
            out["title"] = (t, ln.sub(t, after=m.start("b")))
            for r in rest:
                lm = DASH_HEAD.match(r.text)
                if lm and "label" not in out and not FORMAT_LINE.match(r.text) and ":" not in lm.group("a"):
                    la = lm.group("a").strip().rstrip("*")
                    out["label"] = (la, r.span(lm.start("a"), lm.start("a") + len(la)), lm.group("b").strip(), r.span(lm.start("b"), lm.end("b")))
                elif FORMAT_LINE.match(r.text) and "format" not in out:
                    out["format"] = (r.text, r.span())
            if "label" in out or "format" in out:
                out["discogs"] = True
            break
    return out


# "Soundtrack News: ‘Samaritan’ … Soundtrack Available Now": a news rubric and its call to buy frame the title
_NEWS_PREFIX = re.compile(r"^(?:(?:soundtrack|film|movie|music|album|score|vinyl|release|cd|record)\s+)?(?:news|announcement)\s*[:：|\-–—]\s+(?=\S)", re.I)
_NEWS_SUFFIX = re.compile(
    r"\s*[-–—:,]?\s+(?:(?:is\s+|are\s+)?(?:now\s+)?available(?:\s+(?:now|today))?|out now|out today|now out|coming soon|"
    r"now streaming|released today|pre-?orders?(?:\s+now)?(?:\s+open)?)\s*[!.]?$", re.I)


@line_cache
def clean_heading(text: str) -> tuple[str, str | None, str | None]:
    """A heading as (title, year, artist): review prefixes, quotes, "(2016) – tagline" removed."""
    t = re.sub(r"\s{2,}", " ", text).strip()
    t = _NEWS_SUFFIX.sub("", _NEWS_PREFIX.sub("", t))
    if (bare := re.sub(r"\s*\|(?:\s*\|)+\s*$", "", t)) != t and not SECTION_HEADING.match(bare):
        t = bare  # "8 | ||||": an infobox's first row, its title cell then empty cells (never "SCHEDA | ||||")
    t = _BACK_TO.sub("", t)  # "‹ Back to The Tidewater Accord": the page is about that work
    t = re.sub(r"^[»›→•]\s+", "", t)
    t = re.sub(r"^[A-Z][\w ]{2,30}\s+[·•|]\s+(?=\S)(?!(?i:saison|season|staffel|temporada|stagione|série|series|vol|volume|part|partie|tome)\b)", "",
               t)  # "Series premiere · The Cartographer's Wife", never "MODERN LOVE | SAISON 1"
    t = REVIEW_PREFIX.sub("", t)
    year = None
    m = _TAGLINE.match(t)
    if m:
        t, year = m.group("t").strip(), m.group("y")
    t = re.sub(r"\s+review$", "", t, flags=re.I)
    t = re.sub(r",?\s+(?:vol(?:ume)?s?\.?|tome|band|tomo)\s*\d+(?:\s*[–-]\s*\d+)?$", "", t, flags=re.I)  # "Iron Lotus, Volumes 1–3"
    artist = None
    d = DASH_HEAD.match(t)
    if d:
        qa, qb = _QUOTED.match(d.group("a").strip()), _QUOTED.match(d.group("b").strip())
        if qb and not qa:
            artist, t = d.group("a").strip(), qb.group("q")
        elif qa and not qb:
            artist, t = d.group("b").strip(), qa.group("q")
    return strip_quotes(t).strip(), year, artist


def clean_page_title(t: str, site: str | None = None) -> str:
    t = t.strip()
    if site and fold(t).startswith(fold(site) + ":"):
        t = t[len(site) + 1 :].strip()
    t = re.split(r"\s+[|·•]\s+", t)[0].strip()
    q = clean_heading(t)
    if q[2]:  # "Artist – 'Title'": the quoted side
        return q[0]
    t = re.split(r"\s+[–—-]\s+(?=[^–—-]*$)", t)[0].strip()
    t = re.sub(r"\s+[⭐★]\s*[\d.,]*$", "", t)
    t = REVIEW_PREFIX.sub("", t)
    t = re.sub(r"^(?:a\s+)?(?:[★☆½]+\s+)?review of\s+", "", t, flags=re.I)
    t = re.sub(r"\s+review(?:\s+by\s+\S+)?$", "", t, flags=re.I)
    t = re.sub(r"\s*[(\[](?:19|20)\d\d[)\]]\s*$", "", t)
    t = re.sub(r",\s+by\s+.+$", "", t)
    return strip_quotes(t.lstrip("\u200e\u200f").strip())


def trim_title(t: str) -> str:
    words = t.split()
    if words and words[0][:1].isupper():
        return t
    # "Taken from the anime film Metropolis (2001)": drop sentence words glued before the title.
    for k in range(len(words)):
        rest = words[k:]
        if (rest and rest[0].lower() not in _LEAD_WORDS and rest[0][0].isupper()
                and (k == 0 or words[k - 1].lower() in _LEAD_WORDS or words[k - 1][0].islower())):
            return " ".join(rest)
    return " ".join(words)


def _plausible(ln: Line, k: int, page: Page) -> bool:
    t = ln.text
    if len(t) > 120 or is_nav(t) or _NOT_TITLE.match(t) or is_date_line(t) or parse_date(t) == t.strip():
        return False
    if decorated(t) or not any(c.isalnum() for c in t) or t.rstrip().endswith(("。", "、", "，")):
        return False  # a rule of dashes, a section marker between dots, a Japanese sentence
    if re.search(r"[.!?]$", t) and len(t) > 60:
        return False
    if page.site and fold(t) == fold(page.site):
        return False
    return not (k == 0 and _SITE_WORDS.search(t) and not HEADING_TITLE_YEAR.match(t))


_MENU = re.compile(r"^(?!.*\(\s?(?:19|20)\d\d\s?\))(?:\S[^|·•]{0,30}(?:\s+[|·•]\s+[^|·•]{1,30}){2,}|(?:\S+(?: \S+){0,3}\s{2,}){3,}\S+(?: \S+){0,3})$")
_CHROME = re.compile(
    r"(?i)^(?:skip to (?:main )?content|we value your privacy|we use cookies|this (?:site|website) uses cookies|accept(?: all)?(?: cookies)?$|"
    r"diese (?:website|seite) verwendet cookies|wir verwenden cookies|ce site utilise des cookies|nous utilisons des cookies|"
    r"utilizamos cookies|este sitio (?:web )?utiliza cookies|questo sito utilizza|deze (?:website|site) gebruikt cookies|"
    r"you have \d+ free articles?|subscribe\b|sign in\b|log in\b|advertisement$|menu$|search$|search\b.{0,40}(?:\.\.\.|…)$)"
)


@line_cache
def _is_chrome(text: str) -> bool:
    return bool(is_nav(text) or _MENU.match(text) or _CHROME.match(text) or decorated(text))


def _masthead(page: Page) -> set[int]:
    """The indices of a site's name line and tagline: the first lines, with a menu right under
    them."""
    lines = [ln for ln in page.doc.lines[:16] if ln.text]
    k = next((i for i, ln in enumerate(lines) if not _CHROME.match(ln.text)), None)
    if k is None or k + 1 >= len(lines):
        return set()
    first_ = lines[k]
    if len(first_.text) > 50 or _TITLE_CUE.search(first_.text):
        return set()
    for j in (k + 1, k + 2):
        if j < len(lines) and (_NAV.search(lines[j].text) or _MENU.match(lines[j].text) or _CHROME.match(lines[j].text)):
            return {ln.index for ln in lines[k:j]}
    return set()


# A first line that says what the page reviews is a headline, not a site's name.
_TITLE_CUE = re.compile(r"(?i)\breview\b.*\S|\(\s?(?:19|20)\d\d\s?\)|[–—]\s")


_QUOTED_IN = re.compile(r"[\"“„«‘'‚]\s?(?P<q>[A-Z0-9À-Þ][^\"“”„«»‘’‚\n]{0,80}?)\s?[\"”“»’'‘](?!\w)")
_REVIEW_CUE = re.compile(r"(?i)\b(?:review|reviewed|critique|rezension|kritik|reseña|crítica|recensione|verdict)\b")


def _quoted_headline(page: Page, tops: list[tuple[int, Line]]) -> tuple[str, Span] | None:
    """ "‘Beneath the Salt Orchard’ Review: …", "Review: 'Night Crossing' is …": a headline that
    quotes the title and says it is a review, the quoted title named again in the body."""
    for _, ln in tops[:6]:
        if not _REVIEW_CUE.search(ln.text):
            continue
        for m in _QUOTED_IN.finditer(ln.text):
            q = m.group("q").strip()
            if len(q) >= 2 and _in_body(page, q, ln.end):
                return q, ln.span(m.start("q"), m.start("q") + len(q))
    return None


def _title_above_fields(page: Page, fields: list[HeaderField], tops: list[tuple[int, Line]]) -> tuple[str, Span] | None:
    """A short line right above the key/value header ("Iron Lotus" over "Story & Art: …"), named
    again in the body."""
    header = [f.line for f in fields if f.key not in ("author_byline", "review_date", "rating")]
    if not header:
        return None
    first_field = min(header)
    above = [ln for _, ln in tops if ln.index < first_field]
    between = [x for x in page.doc.lines[above[-1].index + 1 : first_field] if x.text and x.index not in page.used] if above else []
    if not above or between or len(above[-1].text) > 60:
        return None
    ln = above[-1]
    if canonical(ln.text) or SECTION_HEADING.match(ln.text):
        return None  # a section heading ("Cast", "Crew"), not a title
    t, _, _ = clean_heading(ln.text)
    if t and _folded_has(page.doc.text, page.doc.lines[first_field].start, fold(t)):
        return t, ln.sub(t)
    return None


def _colon_headline(page: Page, tops: list[tuple[int, Line]]) -> tuple[str, Span] | None:
    """ "Lanterns Over Kurogane Bay: a slow-burn series that earns every tear": a headline whose
    part before the colon is named at least twice more in the body."""
    for _, ln in tops[:4]:
        m = re.match(r"^(?P<t>[A-Z0-9À-Þ][^:]{1,70}?)\s*:\s+(?P<rest>[a-zà-ÿ].{5,})$", ln.text)
        if m and _folded_has(page.doc.text, ln.end, fold(m.group("t")).split(" ", 1)[-1]):
            return m.group("t"), ln.span(0, len(m.group("t")))
    return None


def _top_lines(page: Page) -> list[tuple[int, Line]]:
    out = []
    k = 0
    masthead = _masthead(page)
    for ln in page.doc.lines[:40]:
        if not ln.text:
            continue
        if ln.index in masthead or _CHROME.match(ln.text) or _MENU.match(ln.text):
            k += 1
            continue
        if ln.index not in page.used and _plausible(ln, k, page):
            out.append((k, ln))
        k += 1
        if len(out) >= 8:
            break
    return out


def _cased(page: Page, title: str) -> str:
    """An all-caps heading ("THE BRASS GARDEN") in the casing the prose writes it."""
    if not title.isupper() or len(title) < 4:
        return title
    m = re.search(re.escape(title), page.doc.text, re.I)
    while m is not None:
        if not m.group(0).isupper():
            return m.group(0)
        m = re.compile(re.escape(title), re.I).search(page.doc.text, m.end())
    return title


def _in_body(page: Page, title: str, after: int) -> bool:
    text = page.doc.text
    if title.isascii() and text.find(title, after) >= 0:
        return True  # written as is: an ASCII title folds the same inside the text, so no folding
    return _folded_has(text, after, fold(title))


def _folded_has(text: str, start: int, needle: str) -> bool:
    """``needle in fold(text[start:])``, without folding the tail again."""
    folded, _ = _folded_page(text)
    return folded.find(needle, _folded_offset(text, start)) >= 0


def _folded_from(text: str, start: int) -> str:
    """``fold(text[start:])`` for a ``start`` at a line's edge (whitespace on one side of it).

    Folding works within runs of non-space characters, so the folded tail is the folded page
    without the words folded from ``text[:start]``; the page is folded once, and the head lines a
    tail starts after are short."""
    folded, _ = _folded_page(text)
    return folded[_folded_offset(text, start) :]


def _folded_offset(text: str, start: int) -> int:
    """Where ``fold(text[start:])`` begins inside ``fold(text)`` (see ``_folded_from``)."""
    folded, words = _folded_page(text)
    k = len(fold(text[:start]).split())
    return len(folded) if k >= len(words) else sum(len(w) + 1 for w in words[:k])


@lru_cache(maxsize=4)
def _folded_page(text: str) -> tuple[str, list[str]]:
    folded = fold(text)
    return folded, folded.split(" ") if folded else []


_POSSESSIVE_END = re.compile(r"['’]s$")
_IS_A = re.compile(r"\s+(?:is|was)\s+(?:a|an|the)\b")


def _prose_title(page: Page, exclude: set[str], after: int) -> tuple[str, Span] | None:
    """The capitalised name the prose keeps returning to, at least once after a cue ("made X")."""
    text = page.doc.text
    counts: Counter[str] = Counter()
    cued: set[str] = set()
    first: dict[str, Span] = {}
    for ln in page.doc.lines:
        if ln.start < after or len(ln.text) < 60 or ln.index in page.used:
            continue
        for m in _CAP_RUN.finditer(ln.text):
            name = _POSSESSIVE_END.sub("", m.group(0))
            before = ln.text[max(0, m.start() - 24) : m.start()]
            if _SENTENCE_START.search(before) and " " not in name:
                continue
            key = fold(name)
            if not key or key in exclude or any(key in e or e in key for e in exclude if len(e) > 3):
                continue
            counts[key] += 1
            first.setdefault(key, Span(ln.start + m.start(), ln.start + m.start() + len(name)))
            if _PROSE_CUE.search(before) or _IS_A.match(ln.text, m.end()):
                cued.add(key)
    best = [(n, k) for k, n in counts.items() if n >= 2 and k in cued]
    if not best:
        return None
    _, key = max(best)
    sp = first[key]
    return text[sp.start : sp.end], sp


def main_title(page: Page, fields: list[HeaderField], hd: dict, kind: WorkKind, *, people: set[str]) -> tuple[str, Span | None]:
    """The page's main title and its span (the title field, a heading, <title>, or the prose)."""
    f = next((f for f in fields if f.key == "title"), None)
    if hd.get("title") and (hd.get("media") or hd.get("discogs") or kind == WorkKind.ALBUM) and (f is None or hd.get("release_by")):
        return hd["title"]
    if f is not None:
        return f.value, Span(f.start, f.end)
    tops = _top_lines(page)
    page_t = clean_page_title(page.title, page.site) if page.title else None
    headings = {fold(h) for h in page.headings}
    # An HTML page's <h1> comes first; a text page's first plausible lines in order.
    h1 = fold(page.headings[0]) if page.headings else None  # headings list the <h1> first
    tops.sort(key=lambda kl: (fold(kl[1].text) != h1, fold(kl[1].text) not in headings, kl[0]))
    original = next((f for f in fields if f.key == "alt_title"), None)
    if original is not None and (same := next((ln for _, ln in tops if fold(ln.text) == fold(original.value)), None)) is not None:
        return same.text, same.span()  # "Der stille Hafen" over "Originaltitel: Der stille Hafen"
    for _, ln in tops:
        t, year, _artist = clean_heading(ln.text)
        if year and t and len(t.split()) <= 12:
            return _cased(page, t), ln.sub(t)
    for _, ln in tops[:4]:
        # Letterboxd: "Paper Moons Over Lagos 2021" over "Directed by Funmi Adeyemi".
        nxt = next((x for x in page.doc.lines[ln.index + 1 : ln.index + 3] if x.text), None)
        if (ty := re.match(r"^(?P<t>.+?)\s+(?:19|20)\d\d$", ln.text)) and nxt is not None and re.match(r"(?i)^(?:directed by|dir\.)\s", nxt.text):
            return ty.group("t"), ln.sub(ty.group("t"))
    for _, ln in tops[:4]:
        # "Fog as Method: Harbour of Shadows (1948) and its afterlives": the one "Title (Year)" in a headline.
        inner = [m for m in TITLE_YEAR.finditer(ln.text) if len(m.group("t").split()) <= 10]
        if len(inner) == 1 and (t := trim_title(inner[0].group("t").split(": ")[-1])) and _in_body(page, t, ln.end):
            return t, ln.sub(t)
    if (quoted := _quoted_headline(page, tops)) is not None:
        return quoted
    if kind != WorkKind.ALBUM and (above := _title_above_fields(page, fields, tops)) is not None:
        return above  # (an album page's line above its header is usually the artist)
    if (lead := _colon_headline(page, tops)) is not None:
        return lead
    if kind == WorkKind.ALBUM:
        for _, ln in tops:
            if SOUNDTRACK_SUFFIX.search(ln.text):
                return ln.text, ln.span()
    if page_t:
        for _, ln in tops:
            if fold(ln.text).startswith(fold(page_t)) and fold(page_t):
                return page_t, ln.sub(page_t)
    y = next((f for f in fields if f.key in ("year", "release_date")), None)
    iso = parse_date(y.value) if y else None
    yr = iso[:4] if iso else None
    counts: Counter[str] = Counter()
    first_at: dict[str, Span] = {}
    for ln in page.doc.lines:
        if not ln.text or "(" not in ln.text or ln.index in page.used:
            continue
        for m in TITLE_YEAR.finditer(ln.text):
            t = trim_title(m.group("t"))
            if not t:
                continue
            counts[t] += 3 if yr and m.group("y") == yr else 1
            first_at.setdefault(t, Span(ln.start + m.end("t") - len(t), ln.start + m.end("t")))
    if counts:
        t, n = counts.most_common(1)[0]
        if n >= 2 or not page.title:
            return t, first_at[t]
    if tops:
        _, ln = tops[0]
        t, _, _artist = clean_heading(ln.text)
        t = t[:150]
        if not _in_body(page, t, ln.end) and (pt := _prose_title(page, people | {fold(t)}, ln.end)):
            return pt
        page.artist_hint = page.artist_hint or _artist
        return _cased(page, t), ln.sub(t)
    if page_t:
        return page_t, page.doc.find(page_t)
    return "", None


__all__ = ["DASH_HEAD", "HEADING_TITLE_YEAR", "MEDIA_PREFIX", "REVIEW_PREFIX", "TITLE_YEAR", "clean_heading", "clean_page_title",
           "head", "is_nav", "main_title", "trim_title"]
