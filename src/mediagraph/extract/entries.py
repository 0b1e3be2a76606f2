"""A text page cut into entries: site chrome set aside, one entry for each work the page is about.

Real pages are rarely one clean record: a blog's category page holds five capsule reviews, a
shop page opens with its menu, a magazine round-up names three albums. The page is read in
three steps:

1. **Chrome.** Lines that belong to the site, not the content (menus, logins, "0 Comments",
   "Advertisement", cookie notes, share buttons) are set aside by the phrases in
   ``data/chrome.json`` and by shape (a row of short items split by ``|`` or wide gaps).
2. **Heads.** Every line that could open an entry is a candidate, found by its shape: "Film
   Review: Title", "Title – Film Review", "Title (2019, Director)", "BEIRUT. 3 stars. …",
   "Artist – Title", a bullet, a short title line above a paragraph. Candidates of one shape that
   repeat down the page are the page's entries; when none repeats, the page has one subject and
   the best-supported candidate names it.
3. **Fields.** ``extract/entry_fields.py`` reads each entry's text on its own, so one film's
   director never lands on its neighbour.
"""

from __future__ import annotations

import dataclasses
import itertools
import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

from mediagraph.extract.dates import find_dates, is_date_line
from mediagraph.extract.doc import Doc, Line
from mediagraph.extract.headers import canonical
from mediagraph.extract.memo import line_cache
from mediagraph.extract.names import looks_like_person
from mediagraph.extract.placeholders import is_placeholder
from mediagraph.extract.ratings import parse_rating
from mediagraph.extract.tracklist import find_tracklists
from mediagraph.model import Rating, Span


@lru_cache(maxsize=1)
def _chrome() -> tuple[re.Pattern[str], re.Pattern[str]]:
    raw = json.loads(resources.files("mediagraph.extract").joinpath("data/chrome.json").read_text(encoding="utf-8"))
    whole = [re.escape(p) for lang in raw["lines"].values() for p in lang]
    starts = [re.escape(p) for lang in raw["starts"].values() for p in lang]
    line_re = re.compile(r"^(?:" + "|".join(sorted(whole, key=len, reverse=True)) + r")[\s:.!»›>]*$", re.I)
    start_re = re.compile(r"^(?:" + "|".join(sorted(starts, key=len, reverse=True)) + r")", re.I)
    return line_re, start_re


@lru_cache(maxsize=1)
def _related() -> re.Pattern[str]:
    raw = json.loads(resources.files("mediagraph.extract").joinpath("data/chrome.json").read_text(encoding="utf-8"))
    heads = [re.escape(p) for lang in raw.get("related", {}).values() for p in lang]
    return re.compile(r"^(?:" + "|".join(sorted(heads, key=len, reverse=True)) + r")\b[\s:.!…»›>]*$", re.I)


_SECTION_END = re.compile(r"(?i)^(?:comments?|kommentare|commentaires|comentarios|submitted by|posted by|products represented|"
                          r"\d+ comments?)\b|\s·\s")


def related_lines(doc: Doc) -> set[int]:
    """The lines of the site's recommendations: a "More Like This" heading, the sentences that
    introduce its list, and the short lines that name other works, up to the next prose."""
    rx = _related()
    out: set[int] = set()
    lines = doc.lines
    k = 0
    while k < len(lines):
        ln = lines[k]
        if not ln.text or len(ln.text) > 80 or not rx.match(ln.text.strip()):
            k += 1
            continue
        out.add(ln.index)
        seen_items = False
        j = k + 1
        while j < len(lines) and j - k <= 80:
            t = lines[j].text.strip()
            if t and seen_items and (is_chrome(t) or canonical(t) is not None or TRACKLIST_WORD.match(t) or _SECTION_END.search(t)
                                     or find_dates(t)):
                break  # the next section ("Release Date", "Comments (1)", a user's dated post)
            if t:
                if len(t) < 70 and not t.endswith((".", "!", "?", "…", ":")):
                    seen_items = True  # an item: a short line that is no sentence
                elif seen_items:
                    break  # prose again: the page's own content resumes
                out.add(lines[j].index)
            j += 1
        k = j
    return out


_SEPARATED = re.compile(r"^(?:[^|·•]{1,40}\s*[|·•]\s*){2,}[^|·•]{0,40}$")
_WIDE_GAPS = re.compile(r"^(?:\S+(?: \S+){0,2}\s{2,}){3,}\S+(?: \S+){0,2}$")
_COUNTS = re.compile(r"^\(?\d+\)?\s*(?:comments?|kommentare?|commentaires?|comentarios?|commenti|likes?|shares?|responses?|replies)\b", re.I)
_ONLY_PUNCT = re.compile(r"^[\W_]+$")
_IMAGE_NAME = re.compile(r"^\S+\.(?:jpe?g|png|gif|webp)$|^\d{6,}[_\w]*$", re.I)


@line_cache
def is_chrome(text: str) -> bool:
    """A line of site furniture: menus, logins, counters, share and cookie notes."""
    t = text.strip()
    if not t:
        return False
    line_re, start_re = _chrome()
    if line_re.match(t) or (len(t) < 120 and start_re.match(t)):
        return True
    if _COUNTS.match(t) or _ONLY_PUNCT.match(t) or _IMAGE_NAME.match(t):
        return True
    if "|" in t and (row := _TABLE_ROW.match(t)) is not None and canonical(row.group("k")) is not None:
        return False  # "Directed by | Woody Allen |": an infobox's row as text, not a menu
    return bool(len(t) < 160 and (_SEPARATED.match(t) or _WIDE_GAPS.match(t)) and not re.search(r"\d{1,2}:\d\d|(?<!\d)(?:18|19|20)\d\d(?!\d)", t))


_TABLE_ROW = re.compile(r"^(?P<k>[^|]{2,40}?)\s*\|\s*[^|]+\|[\s|]*$")


# --- heads -------------------------------------------------------------------------------

_REVIEW = r"(?:review|reviews|recensione|recensioni|critique|kritik|filmkritik|rezension|reseña|crítica|recenze|recension|bespreking|レビュー|評価と感想|感想|影评|影評|映画評)"
_MEDIA = r"(?:film|movie|album|cd|dvd|blu-?ray|tv|series|show|book|manga|comic|anime|soundtrack|score|concert|game|record|ep)"
_BULLET = r"(?:[•·▪►●◦▸‣■□➤]\s*)?"
_QUOTES = "\"'“”‘’„«»「」『』"
# "Black Mariah #2 (review)", "POISON IVY (review)—”Seduced by life and death”"
H_PAREN_REVIEW = re.compile(rf"^{_BULLET}(?P<t>\S.{{0,150}}?)\s*\(\s*(?:{_MEDIA}\s+)?{_REVIEW}\s*\)(?:\s*[–—-]\s*[“”\"«„‘].{{0,120}})?$", re.I)
_HEAD_PERCENT = re.compile(r"\s[–—-]\s*(?P<v>\d{1,3})\s*%$")  # "X – Recenze – 50%": the critic's score out of 100
H_PREFIX = re.compile(rf"^{_BULLET}(?:{_MEDIA}\s+)?{_REVIEW}(?:\s+roundup)?\s*(?:[:\-–—|]|(?=[「『]))\s*(?P<t>\S.{{0,150}})$", re.I)
H_SUFFIX = re.compile(rf"^{_BULLET}(?P<t>\S.{{0,150}}?)\s*(?:[:\-–—|]\s*|\s+)(?:{_MEDIA}\s+)?{_REVIEW}"
                      rf"(?:\.|\s*/\s*\S.{{0,40}}|\s*[–—-]?\s*\d{{1,3}}\s*%?)?$", re.I)  # ("X – Recenze – 50%", "X – Recenze0")
H_TITLE_YEAR = re.compile(
    rf"^{_BULLET}(?P<t>[^()\n]{{1,110}}?)\s*[(\[](?:[^()\[\]\d]{{2,40}},\s*)?(?P<y>(?:18|19|20)\d\d)(?:\s*[,;/|]\s*(?P<c>[^)\]]{{2,80}}))?[)\]]"
    r"\s*(?P<r>(?:[★☆✭⭐*½]{1,6}(?:\s*1/2)?|\d(?:[.,]\d)?\s*/\s*\d{1,3}|[A-F][+\-–−]?)?)\s*$"
)
# "BEIRUT. 3 stars. Well-acted …": an upper-case title opening a paragraph, then its rating.
H_CAPS = re.compile(
    r"^(?P<t>[A-Z0-9À-Þ][A-Z0-9À-Þ '’&:,!?\-]{0,70}[A-Z0-9À-Þ!?)])\s*[.:]\s+"
    r"(?P<r>\d(?:\.\d)?\s+stars?|[★☆*½]{1,6}|[A-F][+\-–−]?|\d{1,3}\s*/\s*\d{1,3})[.:]?\s"
)
H_CAPSULE = re.compile(r"^(?P<h>[^:()\n]{2,120}?)\s*\((?P<lab>[^()\d][^()]{1,40})\)\s*:\s+\S")
# "Silver Surfer: Black #1 (Marvel) **– There’s no sadder statement …": title, publisher, stars, then the capsule
H_CAPSULE_DASH = re.compile(r"^(?P<h>[^()\n]{2,120}?)\s*\((?P<lab>[^()\d][^()]{1,40})\)\s*(?P<r>[*★☆½]{1,5})?\s*[–—]\s+\S")
H_DASH = re.compile(r"^(?P<a>[^–—:|]{2,70}?)\s+[–—]\s+(?P<t>[^–—|]{2,120}?)\s*(?:\((?P<lab>[^()]{2,60})\))?$")
H_CAPS_ARTIST = re.compile(r"^(?P<a>[A-Z0-9À-Þ][A-Z0-9À-Þ&'’.\-]+(?:\s+[A-Z0-9À-Þ&'’.\-]+){0,3})\s+(?P<t>[A-ZÀ-Þ0-9][a-zà-ÿ'’].*)$")
# "Armstrong, Louis: The Great 1956 Chicago Concert (Essential Jazz Classics 55714)": a listing line
H_LISTING = re.compile(
    r"^(?:(?P<a>[^:()\n]{2,60}):\s+)?(?P<t>[^()\n]{2,120}?)\s*\((?P<lab>[^()\d][^()]{1,50}?)\s+(?P<cat>[A-Z]{0,6}[\s\-.]?\d[\w\-./]{1,16}(?:\s\d[\w\-./]{1,12})?)\)\.?$")
# A shop's or newsletter's listing: "Neos: Three Teens Hellbent on Speed (Supreme Echo) LP", "X – Title (Label) 2xCD"
H_SHOP = re.compile(
    r"^(?P<a>[^:()\n–—]{2,60}?)\s*(?::|\s[–—-])\s+(?P<t>[^()\n]{2,120}?)\s*\((?P<lab>[^()\d][^()]{1,50})\)\s*"
    r"(?P<fmt>(?:\d\s*x\s*)?(?:\d?LP|CD|EP|\d?CD|7\"|10\"|12\"|Cassette|Tape|CS|DVD|Blu-ray|Box(?:\s?set)?|Vinyl|SACD|Digital)"
    r"(?:\s*(?:[/+,&]|and)\s*(?:\d\s*x\s*)?(?:\d?LP|CD|EP|7\"|10\"|12\"|Cassette|Tape|CS|DVD|Blu-ray|Vinyl|Digital))*)\.?$", re.I)
# "The Essential Games Music Collection Vol. 1 (Soundtrack) by London Music Works", "Hats by The Blue Nile"
H_BY_ARTIST = re.compile(
    r"^(?P<t>[^()\n]{2,90}?)(?:\s*\((?i:original\s+)?(?i:motion picture\s+)?(?i:soundtrack|score|ost|album|ep|single)\))?\s+by\s+"
    r"(?P<a>[A-Z0-9À-Þ][\w'’.&\-]*(?:\s+(?:[A-Z0-9À-Þ&][\w'’.&\-]*|of|the|and|de|la|von|van|der)){0,5})$")
# "ZATANNA (by Louis Zebre: Smallville – Score from the Complete Series TV soundtrack)", "X {Cover Album} (by The Y Orchestra)"
H_SLASH_QUOTED = re.compile(r"^(?P<a>[^/『』「」\n]{1,40}?)\s*[/／]\s*[『「](?P<t>[^』」\n]{1,80})[』」]\s*$")
H_PAREN_BY = re.compile(r"^(?P<t>[^(){}\n]{2,100}?)\s*(?:\{[^{}]{1,30}\})?\s*\(by\s+(?P<a>[A-Z0-9À-Þ][^():]{1,80}?)(?::\s*(?P<ctx>[^()]{2,120}))?\)$")
H_BULLET = re.compile(r"^[•·▪►●◦▸‣■□➤]\s*(?P<t>\S.{1,150})$")
# "Producer – M. Sandison", "Written-By – X": a credit line, not an entry's head.
_CREDIT_ROLE = re.compile(r"(?i)(?:\bby\b|-by$|\b(?:producer|engineer|mastered|mixed|vocals?|guitar|bass|drums|piano|keyboards|"
                          r"composer|arranged|arranger|lyrics|design|photography|artwork|liner notes|performer|featuring|conductor|"
                          r"orchestra|recorded|written|music|words|saxophone|trumpet|violin|cello|percussion|programming|remix|fiddle|flute|"
                          r"clarinet|harp|organ|synthesizer|accordion|banjo|mandolin|viola|horn|trombone|tuba|oboe|bassoon|"
                          r"choir|chorus|soprano|alto|tenor|baritone|narrator|wishlist|lacquer|pressed|mastering|cut|voice|scratches|turntables|"
                          r"edited|editor|photo|photos|layout|executive|co-producer|a&r|management|copyright|phonographic|licensed|"
                          r"distributed|manufactured|marketed|printed|remastered|glass mastered|made)\b|\[)")
_SITE_WORDS = re.compile(r"(?i)\b(?:magazin|magazine|webzine|fanzine|blog|journal|online|radio|podcast|das magazin|the home of)\b")
# "Rights Society: STIM", "Volume: 1 (of 9)": a short label and its value, not a title.
_FIELD_LINE = re.compile(r"^(?!(?:film |movie |album )?(?:review|critique|kritik|recensione|reseña|crítica)\b)[^\W\d][\w .()/'’\-]{1,28}:\s+\S")
# The same, narrowed to labels of fields, for a title that may hold a colon ("Tatort: Es lebe der König")
_FIELD_TITLE = re.compile(
    r"(?i)^(?!(?:film |movie |album )?(?:review|critique|kritik|recensione|reseña|crítica)\b)[^\W\d][\w .()/'’\-]{0,28}"
    r"\b(?:no|nr|number|code|society|date|type|volume|vol|format|label|price|status|country|genre|year|runtime|length|pages|"
    r"rating|score|author|artist|isbn|upc|ean|barcode|catalog|catalogue|cat|disc|edition|publisher|release|released|duration|"
    r"language|subtitles|region|studio|distributor|condition|grade|sku|id|page|posted|updated|by|source|via|tags?|category)"
    r"(?:\s*\([^)]*\))?\s*[:：]\s+\S")
_CREDIT_DASH = re.compile(r"^(?P<a>[^–—]{2,40}?)\s+[–—]\s+\S")
_DURATION = re.compile(r"(?<!\d)\d{1,2}:\d{2}(?::\d{2})?(?!\d)")
CATNO = re.compile(r"^(?=.*\d)(?:[A-Z]{1,8}[\s\-.]?){0,3}\d[\dA-Z\s\-./]{0,16}(?:,.*)?$")
_END_SENTENCE = re.compile(r"[.,;…]$|[a-z]{2}[.!?]$")
_YEAR_LINE = re.compile(r"^(?:18|19|20)\d\d$")


@dataclass
class Head:
    """A line that could open an entry, read by its shape."""

    line: int
    shape: str
    title: str
    span: Span
    year: str | None = None
    creator: str | None = None  # "(2021, Jo Sung-hee)" or the artist of "Artist – Title"
    label: str | None = None  # "Title – Artist (Label)"
    catno: str | None = None  # "Title (Label 55714)"
    fmt: str | None = None  # "Artist: Title (Label) LP": the format a shop's listing ends with
    rating: Rating | None = None
    rating_span: Span | None = None
    inline: bool = False  # the entry's text goes on after the head on the same line


@dataclass
class Entry:
    head: Head | None
    lines: list[Line] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "\n".join(ln.text for ln in self.lines)


_CJK_QUOTED = re.compile(r"[《「『【]?[《「『](?P<q>[^》」』]{1,60})[》」』]")
_RANK = re.compile(r"^(?:no\.?\s*\d{1,4}|#\d{1,4}|\d{1,3}[.)])\s+", re.I)


_COUNTRY_YEAR = re.compile(
    r"(?i)(?:usa|us|uk|gb|italia|italy|france|germany|deutschland|españa|spain|japan|japon|giappone|canada|australia|"
    r"brasil|brazil|méxico|mexico|argentina|sverige|sweden|danmark|denmark|norge|norway|россия|russia|china|korea|"
    r"hong kong|india|belgique|belgium|nederland|netherlands|österreich|austria|schweiz|suisse|polska|poland|"
    r"česko|czech republic|eua|estados unidos|états-unis|stati uniti|regno unito|royaume-uni|frankreich|francia)"
    r"(?:\s*[/,·|-]\s*[\w ]{2,20})?[\s,/·|-]+(?:18|19|20)\d\d")


def drop_rank(t: str) -> str:
    """A list item's title without its rank: "No.46 The Dark Knight Rises", "#3 Heat", "12. Alien"."""
    m = _RANK.match(t)
    return t[m.end() :] if m is not None and len(t) > m.end() else t
_TRAILING_GLYPHS = re.compile(r"\s*(?:[★☆✭⭐*½]{2,}|[★☆]+\s*\+?\s*\(\d(?:[.,]\d)?\))\s*$")
_TRAILING_RATING = re.compile(r"\s+[-–—|]\s+(?:\d{1,2}(?:[.,]\d)?\s*/\s*\d{1,3}|\d{1,3}\s*%)\s*$|[\s|]+$")


_QUOTED_TAIL = re.compile(r"[„»«“\"]\s?(?P<q>[A-Z0-9À-Þ][^„“”»«\"]{1,80}?)\s?[“”«»\"]\s*$")


def quoted_tail(t: str) -> str | None:
    """The quoted title a long headline ends on: "Neu im Kino/…: die Ferdinand-von-Schirach-Verfilmung
    „Der Fall Collini“" is about "Der Fall Collini" (a short title that ends on a quote keeps it whole)."""
    m = _QUOTED_TAIL.search(t)
    if m is None or m.start() < 20 or t[: m.start()].rstrip().endswith(("–", "—", "-", ":", "|")):
        return None  # ("X – “One of the most fun comics …”": a tagline after a dash, not the title)
    return m.group("q").strip()
_REVIEW_WORD = (r"(?:review|reviews|recenze|critique|kritik|filmkritik|rezension|recensione|reseña|crítica|recensie|recension|"
                r"anmeldelse|arvostelu)")
# "Review: X", "Classic Film Review: X", "X – Recenze", "X (Review)": the site's word for what the page is
REVIEW_WORDS = re.compile(
    rf"(?i)^(?:(?:classic|new|film|movie|album|cd|dvd|blu-ray|book|comic|tv|series|game|music)\s+){{0,2}}{_REVIEW_WORD}\s*[:\-–—|]\s+"
    rf"|\s*(?:[:\-–—|]\s*(?:(?:film|movie|album|cd|dvd|book|our|my)\s+)?{_REVIEW_WORD}|\((?:film |movie |album )?{_REVIEW_WORD}\))"
    rf"(?:\s*[–—-]?\s*\d{{1,3}}\s*%?)?\s*$")  # ("X – Recenze0", "X – Recenze – 50%": a comment count, a score)


# "Popcorn and Inspiration: ‘Miracle at Manchester’", "Rewind, Review, and Re-Rate: ‘The Heiress’: Romantic Drama
# Avoids the Sentimental": a column's name, then the title it quotes (and perhaps a tagline)
_COLUMN_QUOTED = re.compile(r"^(?P<c>[^\W\d][^:：\"“”‘’«»]{1,48}):\s+[\"“‘«](?P<q>[^\"“”«»]{1,100}?)[\"”’»](?=\s*$|\s*[:\-–—]\s)")


@line_cache
def strip_title(t: str) -> str:
    """A head's title without its decorations: quotes, "A Must-See" taglines, ranks, glyphs."""
    t = re.sub(r"\s{2,}", " ", t.strip().strip(" *").strip())
    t = re.sub(rf"^\[(?:(?:{_MEDIA})\s+)?{_REVIEW}\]\s*", "", t, flags=re.I)  # "[Album Review] EVERSHINE …": the post's tag
    m = _CJK_QUOTED.search(t)
    if m:
        return m.group("q").strip()
    # "'Sound of Freedom': A Must-See" → the quoted part is the title
    m = re.match(rf"^[{_QUOTES}](?P<q>[^{_QUOTES}]{{1,120}})[{_QUOTES}]", t)
    if m:
        return m.group("q").strip()
    m = _COLUMN_QUOTED.match(t)
    if m:
        return m.group("q").strip()
    t = re.sub(r"\s*[:\-–—|]\s*(?:a |an )?(?:must[- ]see|full review|spoiler[- ]free|recap|\(full review\)).*$", "", t, flags=re.I)
    q = quoted_tail(t)
    if q is not None:
        return q
    t = REVIEW_WORDS.sub("", t)  # "REVIEW: Silver Surfer #5", "Bohemian Rhapsody – Recenze"
    t = re.sub(r"(?<=\w)\s+[–—-]\s+[“\"«„‘].{4,}$", "", t)  # "Silver Surfer #5 – “One of the most fun comics …”"
    t = _RANK.sub("", t)
    t = _TRAILING_GLYPHS.sub("", t)
    t = _TRAILING_RATING.sub("", t)
    return t.strip(_QUOTES + " ").strip()


def _rating_of(text: str | None) -> Rating | None:
    if not text:
        return None
    t = text.strip().replace("–", "-").replace("−", "-")
    return parse_rating(t, allow_bare=False) if t else None


# Section headings of one page: a tracklist, credits, "Release information", "Relationships".
TRACKLIST_WORD = re.compile(
    r"^(?:track ?list(?:ing)?|tracks|songs|titelliste|liste des titres|tracce|収録曲|曲目|seznam skladeb|credits|notes|synopsis|plot|"
    r"cast|crew|cast & crew|details|description|product details|product description|specifications|relationships|release information|"
    r"release details|information|informations|info|personnel|line-?up|overview|summary|about|reviews?|user reviews|comments|"
    r"disc \d+|cd \d+|side [a-d]|bonus tracks?|extras|features|technical specs|specs|ratings?|verdict|conclusion|"
    r"inhalt|handlung|besetzung|résumé|synopsis|fiche technique|trama|sinossi|sinopsis|ficha técnica|obsah|děj|あらすじ|作品情報|剧情简介)\b", re.I)
_NOT_HEAD = re.compile(r"^(?:by|review by|reviewed by|written by|posted by|buy|order|availability|price|von|par|por|di)\b|^[–—\-~※(\[@#]|[:：]$|@|。(?!$)|^(?![\u30a0-\u30ffー]{1,10}。$).*。$|https?://", re.I)  # ("ミックス。": a short katakana title may end on 。)


# Headings that name a page of the site, not a work: "Posts Tagged ‘Album Of The Week’",
# "August round-up", "Complete list of CDs reviewed in …", "Soundtrack Review", "Cover Image".
_SITE_HEADING = re.compile(
    r"(?i)^(?:posts? tagged|tag|category|archives?(?: for)?|monthly archives|browsing|showing posts|latest|recent|new releases|"
    r"complete list|list of|index of|search results?|showing posts|affichage des articles|mostrando (?:las )?entradas|"
    r"beiträge mit (?:dem )?label|post con etichetta|articles? (?:tagged|filed)|entries tagged|tagged with)\b|"
    r"^(?:(?:all\s+|user\s+)?reviews|críticas|criticas|critiques|kritiken|rezensionen|recensioni|recenze|reseñas)\s+(?:by|de|von|par|di|od|from)\s+\S+(?:\s\S+)?$|^(?:review|reviews|recenze|critique|critiques|kritik|kritiken|crítica|críticas|reseñas|recensione|recensioni|rezensionen)\W*\d*$|\bround-?ups?\b|\b(?:reviews|critiques|kritiken|rezensionen|recensioni)$|"
    r"\.(?:com|net|org|de|fr|it|es|cz|jp|co\.uk|ru|ua|info)\b|\berror processing\b|\bzur startseite\b|"
    r"\b(?:sorted by|sort by|ordered by|ordenad[ao]s? por|ordenar por|triée?s? par|trier par|sortiert nach|ordinat[ei] per)\b|"
    r"^(?:singles from|studio album by|live album by|compilation album by|soundtrack album by|ep by|single by)\b|\bchronology$|"
    r"^(?:aggregate scores|review scores|professional ratings)$|"  # (an encyclopedia's infobox rows)
    r"^(?:(?:latest|the latest|soundtrack|film|music)\s+)?news\s+(?:at|from|on)\s")  # "News at SoundtrackCollector"
_GENERIC_WORDS = frozenset(
    ["original", "motion", "picture", "soundtrack", "score", "music", "album", "cd", "lp", "vinyl", "dvd", "blu-ray", "review", "reviews", "promotional", "release", "cover", "image", "photo", "picture", "front", "back", "official", "video", "trailer", "film", "movie", "tv", "series", "the", "a", "an", "of", "from", "and", "&", "soundtrack-review", "expanded", "edition", "deluxe", "limited", "new",
     "box", "set", "reissue", "remastered", "remaster", "compilation", "single", "stereo", "mono", "promo", "unofficial",
     "numbered", "special", "anniversary", "collector's", "collectors", "gatefold", "180g", "coloured", "colored", "repress",
     "cassette", "ep", "ost", "bso", "colonna", "sonora", "trilha", "banda", "bande", "originale", "original", "musique",
     "du", "de", "la", "le", "del", "der", "zum", "film", "filmmusik", "soundtrack", "score", "scores", "suite", "themes", "7\"", "12\"", "mp3", "flac", "digital", "download", "streaming", "sacd", "hybrid", "multichannel"])


@line_cache
def generic_only(t: str) -> bool:
    """A phrase of media words only ("Original Motion Picture Soundtrack", "Promotional Release")."""
    words = re.findall(r"[\w\-]+", t.casefold())
    named = [w for w in words if not w.isdigit()]
    return bool(named) and all(w in _GENERIC_WORDS for w in named)


@line_cache
def _title_like(text: str) -> bool:
    t = text.strip()
    if not 1 <= len(t) <= 90 or _END_SENTENCE.search(t) or is_chrome(t) or _NOT_HEAD.search(t):
        return False
    if _rating_of(t) is not None and len(re.sub(r"[\W\d]", "", t)) < len(t) / 2:
        return False
    if re.search(r"\b\d{1,2}\.?\s+\w+\s+(?:18|19|20)\d\d$", t) and len(t.split()) <= 5:
        return False  # "mercoledì 22 settembre 2021"
    if re.search(r"[:：]\s*\d+$", t) or _DURATION.search(t) or re.search(r"[£$€¥]\s?\d", t):
        return False  # "鑑賞No:02988", "8:40", "£11.00"
    if re.search(r"\(\d+\s+(?:items|titles|albums|films|movies|reviews|comments|releases|tracks)\)$", t, re.I):
        return False  # "Ambient jazz essentials (78 items)": a list in a sidebar
    if re.fullmatch(r"\d{1,3}\s*(?:min|mins|minutes|minuten|minuti|minutos|分)\.?|\d\s*h(?:ours?)?\s*\d{0,2}\s*(?:m|min)?", t, re.I):
        return False
    if t[0].isdigit() and find_dates(t):
        return False  # "5 décembre 2019 à 09 h 12"
    if _SITE_HEADING.search(t) or generic_only(t) or is_date_line(t) or (find_dates(t) and len(t) < 40 and find_dates(t)[0][2] - find_dates(t)[0][1] > len(t) / 2):
        return False
    if not (t[0].isupper() or t[0].isdigit() or t[0] in _QUOTES or not t[0].isascii()):
        return False
    if _YEAR_LINE.match(t) or re.match(r"^[^\w]*$", t):
        return False
    if (":" in t and canonical(t.split(":", 1)[0]) is not None) or canonical(t) is not None or TRACKLIST_WORD.match(t):
        return False
    if (_FIELD_LINE.match(t) and not _COLUMN_QUOTED.match(t)) or ((m := _CREDIT_DASH.match(t)) and _CREDIT_ROLE.search(m.group("a"))):
        return False  # ("Popcorn and Inspiration: ‘Miracle at Manchester’" is a column's headline, not a field)
    return len(t.split()) <= 12 or bool(_COLUMN_QUOTED.match(t) and len(t.split()) <= 18)


_DASH_SPLIT = re.compile(r"\s+[-–—]\s+")
_DASH_RATING = re.compile(r"^\d{1,2}(?:[.,]\d)?\s*/\s*\d{1,3}$|^\d{1,3}\s*%$|^[★☆*½]{1,6}$")


_VARIOUS_SIDE = re.compile(r"(?i)various(?: artists)?|v\.?\s?a\.?|verschiedene(?: interpreten)?|artistes divers|varios(?: artistas)?")
_SOUNDTRACK_SIDE = re.compile(r"(?i)\b(?:soundtrack|original (?:motion picture|score|cast)|o\.?s\.?t\.?|bande originale|colonna sonora)\b")
_SOUNDTRACK_ONLY = re.compile(r"(?i)(?:the\s+)?(?:original\s+)?(?:motion\s+picture\s+|movie\s+|film\s+|television\s+|tv\s+|series\s+)?"
                             r"(?:soundtrack|score|sound\s*track)(?:\s+album)?|o\.?s\.?t\.?|bande originale(?: du film)?|"
                             r"colonna sonora(?: originale)?|banda sonora(?: original)?")
_FORMAT_PAREN = re.compile(r"(?i)(?:\d\s*x\s*)?(?:\d?\s*(?:cd|lp|ep|vinyl|cassette|dvd|blu-ray|sacd|mc|12\"|7\"|10\"))(?:[\s,/]+(?:vinyl|lp|cd|album|edition|reissue|remaster(?:ed)?|180g|coloured|colored|limited|deluxe))*")


def _dash_head(t: str) -> tuple[str | None, str, str | None, str | None] | None:
    """"Artist – Title", "Artist - Title - 6,5/10", "BAND – Title – Recensione", "Title – Artist (Label)":
    (artist, title, label, rating text), or None for a credit, a label line or a sentence."""
    if "-" not in t and "–" not in t and "—" not in t:
        return None  # (no dash to split at: the shortcut of the split below)
    label = None
    t = re.sub(r"(?:\s+[*★☆]){2,}\s*$", "", t)  # "… (Vinyl LP) * * *": a shop's rating glyphs
    m = re.search(r"\s*\((?P<lab>[^()]{2,60})\)$", t)
    core = t
    if m and _FORMAT_PAREN.fullmatch(m.group("lab")):
        core = t = t[: m.start()]  # "(Vinyl LP)", "(2CD)": the format, not a label
        m = None
    if m and not re.fullmatch(r"(?:18|19|20)\d\d", m.group("lab")):
        label, core = m.group("lab"), t[: m.start()]
    parts = [p.strip(_QUOTES + " ") for p in _DASH_SPLIT.split(core)]
    if not 2 <= len(parts) <= 4:
        return None
    rating = None
    if _DASH_RATING.match(parts[-1]):
        rating = parts.pop()
    if len(parts) == 2 and _SOUNDTRACK_ONLY.fullmatch(parts[1]) and _title_like(parts[0]):
        # "La Bamba – Original Motion Picture Soundtrack": a title and the kind of record it is, no artist
        return None, core.strip(), label, rating
    while parts and (re.fullmatch(rf"(?:{_MEDIA}\s+)?{_REVIEW}", parts[-1], re.I) or generic_only(parts[-1])):
        parts.pop()
    if len(parts) < 2:
        return None
    artist, title = parts[-2], parts[-1]
    if ((looks_like_person(title) and not looks_like_person(artist) and not _VARIOUS_SIDE.fullmatch(artist))
            or _VARIOUS_SIDE.fullmatch(title) or (_SOUNDTRACK_SIDE.search(artist) and not _SOUNDTRACK_SIDE.search(title))):
        # "Film Works 1995-2005 – Craig Armstrong": the person is the artist; "La La Land: Original Motion Picture
        # Soundtrack - Various Artists": the soundtrack is the title, the various artists its artist
        artist, title = title, artist
    if (CATNO.match(title) or TRACKLIST_WORD.match(artist) or _SITE_WORDS.search(title) or _CREDIT_ROLE.search(artist)
            or re.search(r"(?i)(?:^|\s)(?:at|by|in|for|with)$", artist)
            or _CREDIT_ROLE.search(title) or canonical(artist) is not None or _DURATION.search(title)
            or not (title[:1].isupper() or title[:1].isdigit() or not title[:1].isascii())
            or not (artist[:1].isupper() or artist[:1].isdigit() or not artist[:1].isascii())
            or len(artist) > 70 or len(title) > 120):
        return None
    return artist, title, label, rating


# "64 minutes of music.": a short sentence, lower-case words closed by a full stop
_SENTENCE_LINE = re.compile(r"^[\w'’\-]+(?:\s+[a-zà-ÿ][\w'’\-]*){2,}\.$")
_STRAY_QUOTE = re.compile(r"^[^'‘’\"“”]*\w['’\"”]$")


# "…..picks of the week…..", "=== New arrivals ===": a section marker between runs of dots or rules
_DECORATED = re.compile(r"^\s*(?:[.…·•=~*_]{3,}|[.…]\.{2,}|-{3,}).*?(?:[.…·•=~*_]{3,}|-{3,})\s*$|^\s*[.…]{3,}|[.…]{4,}\s*$")


def decorated(text: str) -> bool:
    """Whether a line is a section marker decorated with runs of dots or rules, never a title."""
    return ("…" in text or "...." in text or "===" in text or "---" in text or "***" in text
            or "~~~" in text or "___" in text or "•••" in text or "···" in text) and bool(_DECORATED.search(text))


# a page's section heading in the languages read: "Cast & Crew", "Scheda film", "Fiche technique", "Stab und
# Besetzung", "Trama", "Synopsis", "Critica": it heads a part of the page, never names the work
SECTION_HEADING = re.compile(
    r"(?i)^(?:crew|credits|details|info|information|cast (?:&|and) crew|(?:film|movie|technical) details|"
    r"scheda(?: del)?(?: film| tecnica)?|cast tecnico|fiche (?:technique|du film)|ficha (?:técnica|artística)(?: y artística)?|"
    r"technische daten|stab(?: und besetzung)?|besetzung|obsazení|tvůrci|スタッフ|キャスト|演职员表|"
    r"critica|critiche|note|trama|sinossi|synopsis|sinopsis|synopse|handlung|inhalt|plot(?: summary)?|obsah|あらすじ|剧情简介|"
    # an encyclopedia article's sections
    r"(?:critical )?reception|critical response|references|external links|further reading|release history|certifications|accolades|"
    r"commercial performance|box office|track ?listing|personnel)\s*:?$")


@line_cache
def plausible_title(title: str) -> bool:
    """Whether a work's title could be a title at all (not chrome, a date, a site heading)."""
    t = title.strip()
    if not t or t.lower() == "untitled" or len(t) > 150 or is_chrome(t) or decorated(t) or is_placeholder(t) or _SITE_HEADING.search(t) or generic_only(t):
        return False
    if not any(c.isalnum() for c in t) or t.endswith(("、", "，")):
        return False  # "-----------------------------------------": a rule, no title; "本作について、": half a sentence
    if SECTION_HEADING.match(t):
        return False  # "SCHEDA FILM" over a film's credits
    if re.match(r"[A-H][1-9]\d?\s+\S", t) and not re.match(r"[A-H][1-9]\d?\s+[a-z]", t):
        return False  # "A3 You Masculine You": a record side's track, not the record
    if len(t) <= 24 and t.endswith(("について", "に関して", "のご案内")):
        return False  # "コンディション表記について": a shop's link to its notes ("About …")
    if re.match(r"[a-z][a-z ()/]{1,24}\s[:：]\s", t):
        return False  # "disc : EX", "sleeve : NM": a shop's lower-case field, never a title ("300 : la naissance …" is)
    if re.search(r"\|\s*\|", t) or t.count("|") >= 3 or t.endswith("|"):
        return False  # "Recorded | 2016–2017 | |||": a table's row rendered with bars
    if _COUNTRY_YEAR.fullmatch(t):
        return False  # "ITALIA 1998": a film's country and year, above its synopsis
    if "(" in t and t.count("(") != t.count(")"):
        return False  # "ZATANNA (by Louis Zebre: Smallville – …": a bracket left open is a line cut short, no title
    dates = find_dates(t)
    if dates and sum(b - a for _, a, b in dates) >= 0.5 * len(t):
        return False  # "Monday, April 30, 2007"
    if _FIELD_TITLE.match(t) or "\t" in t or re.search(r"[|]\s*$", t) or re.match(r"^(?:brand|sku|price)\s*:", t, re.I):
        return False
    if re.match(r"^(?:CD|LP|EP|DVD|Blu-ray|Vinyl|Cassette|MC|SACD)\s*[,.;]\s", t, re.I):
        return False  # "LP, Reissue, Reprise Records RS6261, 1979, US."
    if " · " in t or re.match(r"^\d{5,}", t) or _STRAY_QUOTE.search(t) or _SENTENCE_LINE.match(t):
        return False  # "España España · Hobbiton" (a menu), "67564366Film américain" (an image's name), "Eyed Jack'" (half a quote)
    return not (is_date_line(t) or canonical(t) is not None or TRACKLIST_WORD.match(t) or _NOT_HEAD.search(t))


# A piece of each word of _REVIEW, lower-cased and without "i" or "s" (which a case-blind pattern
# also matches as "ı", "İ" and "ſ"): a line holding none of them names no review.
_REVIEW_PIECES = ("rev", "recen", "cr", "kr", "rezen", "eña", "prek", "レビュー", "感想", "影评", "影評", "映画評")


def _may_name_review(text: str) -> bool:
    low = text.lower()
    return any(p in low for p in _REVIEW_PIECES)


def find_heads(doc: Doc, skip: set[int]) -> list[Head]:
    """Every candidate head on the page, in page order."""
    out: list[Head] = []
    lines = doc.lines
    nonblank = [ln for ln in lines if ln.text and ln.index not in skip]
    for k, ln in enumerate(nonblank):
        t = ln.text
        nxt = nonblank[k + 1].text if k + 1 < len(nonblank) else ""
        if decorated(t):
            continue
        m = H_SLASH_QUOTED.match(t) if ("『" in t or "「" in t) and "/" in t else None
        if m and plausible_title(m.group("t")):
            # "KANA-BOON / 『NAMiDA』": a Japanese release list's head, the act, then the record in its brackets
            out.append(Head(ln.index, "by_artist", m.group("t"), ln.sub(m.group("t")), creator=m.group("a").strip()))
            continue
        m = H_PAREN_BY.match(t) if "(by " in t else None
        if m and _title_like(m.group("t")) and plausible_title(strip_title(m.group("t"))):
            title = strip_title(m.group("t"))
            out.append(Head(ln.index, "by_artist", title, ln.sub(title), creator=m.group("a").strip()))
            continue
        m = H_BY_ARTIST.match(t) if " by " in t else None
        if m and _title_like(m.group("t")) and plausible_title(strip_title(m.group("t"))) and canonical(m.group("t")) is None \
                and not m.group("t").split()[-1][:1].islower() \
                and not re.search(r"(?i)\b(?:review(?:ed)?|posted|written|directed|produced|composed|photo(?:graph)?s?|words|images?|"
                                  r"filter(?:ed)?|sort(?:ed)?|search|browse|shop|order(?:ed)?|powered|designed|hosted|made|built|"
                                  r"theme|site|website|edited|translated|published|presented|curated|selected|recommended|"
                                  r"sponsored|followed|liked|shared|created|provided|supported|distributed|released)$", m.group("t")):
            title = strip_title(m.group("t"))
            out.append(Head(ln.index, "by_artist", title, ln.sub(title), creator=m.group("a").strip()))
            continue
        m = H_CAPS.match(t) if len(t) > 60 else None
        if m and len(t) > 60 and m.group("t").upper() == m.group("t") and sum(c.isalpha() for c in m.group("t")) >= 2:
            title = m.group("t").strip()
            out.append(Head(ln.index, "caps", title, ln.span(m.start("t"), m.end("t")), rating=_rating_of(m.group("r")),
                            rating_span=ln.span(m.start("r"), m.end("r")), inline=True))
            continue
        m = (H_CAPSULE.match(t) or H_CAPSULE_DASH.match(t)) if len(t) > 100 and "(" in t else None
        if m and len(t) > 100:
            # "Cars – Motion Picture Soundtrack (Disney): Some movie soundtracks…": a capsule's head
            dash = _dash_head(m.group("h").strip())
            title = dash[1] if dash else strip_title(m.group("h"))
            if plausible_title(title):
                stars = m.groupdict().get("r")
                out.append(Head(ln.index, "capsule", title, ln.sub(title), creator=dash[0] if dash else None,
                                label=m.group("lab").strip(), inline=True,
                                rating=_rating_of(stars) if stars else None,
                                rating_span=ln.span(m.start("r"), m.end("r")) if stars else None))
                continue
        if len(t) > 170:
            continue
        m = H_PREFIX.match(t)
        if m and not re.match(r"^\s*(?:by|di|par|von|por)\b", m.group("t"), re.I):
            title = strip_title(m.group("t"))
            ty = H_TITLE_YEAR.match(title)
            year = None
            if ty:
                title, year = strip_title(ty.group("t")), ty.group("y")
            if title:
                out.append(Head(ln.index, "prefix", title, ln.sub(title), year=year))
                continue
        m = (H_SUFFIX.match(t) or H_PAREN_REVIEW.match(t)) if _may_name_review(t) else None
        if m and re.search(r"(?i)(?:reviews|critiques|kritiken|rezensionen|recensioni|reseñas|críticas|recenze)\W*$", t) \
                and not re.search(r"\s[–—-]\s+\w+\W*$", t):
            m = None  # "Metal Music Reviews": the site's name, not a review of "Metal Music"
        if m and len(m.group("t")) >= 1:
            title = strip_title(m.group("t"))
            ty = H_TITLE_YEAR.match(title)
            year = None
            if ty:
                title, year = strip_title(ty.group("t")), ty.group("y")
            if title and not re.fullmatch(rf"(?:{_MEDIA}|latest|recent|new|more|all|our|my)s?", title, re.I):
                pct = _HEAD_PERCENT.search(t)
                score = Rating(text=pct.group(0).strip(" –—-"), value=float(pct.group("v")), best=100.0, worst=0.0) if pct else None
                out.append(Head(ln.index, "suffix", title, ln.sub(title), year=year, rating=score,
                                rating_span=ln.span(pct.start("v"), pct.end()) if pct else None))
                continue
        m = H_TITLE_YEAR.match(t) if "(" in t or "[" in t else None
        if m and _title_like(strip_title(m.group("t")) or "x"):
            title = strip_title(m.group("t"))
            creator = re.sub(r"^(?:dir\.|directed by|director|réal\.|regie|regia|de|by)\s*:?\s*", "", (m.group("c") or "").strip(), flags=re.I)
            h = Head(ln.index, "title_year", title, ln.sub(title), year=m.group("y"), creator=creator or None)
            if m.group("r"):
                h.rating, h.rating_span = _rating_of(m.group("r")), ln.span(m.start("r"), m.end("r"))
            out.append(h)
            continue
        dash = _dash_head(t)
        if dash is not None and len(t) <= 130 and not _END_SENTENCE.search(t) and not is_chrome(t):
            artist, title, label, rating = dash
            h = Head(ln.index, "dash", title, ln.sub(title), creator=artist, label=label)
            if rating:
                h.rating, h.rating_span = _rating_of(rating), ln.sub(rating)
            out.append(h)
            continue
        m = H_LISTING.match(t) if "(" in t else None  # (the listing and shop shapes need a bracket)
        if m and canonical(m.group("a") or "") is None:
            title = strip_title(m.group("t"))
            if plausible_title(title):
                out.append(Head(ln.index, "listing", title, ln.sub(title), creator=(m.group("a") or "").strip() or None,
                                label=m.group("lab").strip(), catno=m.group("cat").strip(), inline=True))
                continue
        m = H_SHOP.match(t) if "(" in t else None
        if m and canonical(m.group("a")) is None and not _CREDIT_ROLE.search(m.group("a")):
            title = strip_title(m.group("t"))
            if plausible_title(title):
                out.append(Head(ln.index, "listing", title, ln.sub(title), creator=m.group("a").strip(), label=m.group("lab").strip(),
                                fmt=m.group("fmt")))
                continue
        m = H_CAPS_ARTIST.match(t)
        if m and re.fullmatch(r"[A-H]\d{1,2}", m.group("a")):
            m = None  # "A3 You Masculine You": a vinyl side's track, no artist
        if m and len(t) <= 90 and k < 15 and _title_like(m.group("t")):
            # (a year or a number before the title, "2015 Cue Awards Show", "1008 Dirty Mind", is no artist)
            maker = m.group("a").strip() if any(c.isalpha() for c in m.group("a")) else None
            out.append(Head(ln.index, "caps_artist", m.group("t").strip(), ln.sub(m.group("t").strip()), creator=maker))
            continue
        m = H_BULLET.match(t)
        if m:
            title = strip_title(m.group("t"))
            credit = _CREDIT_DASH.match(title)
            # (a bullet that reads "Title: what the review says" heads an entry; "Genre: Drama" is a field)
            field = _FIELD_TITLE.match(title) if re.search(r":\s+[a-z]", title) else _FIELD_LINE.match(title)
            if plausible_title(title) and not field and not (credit and _CREDIT_ROLE.search(credit.group("a"))):
                out.append(Head(ln.index, "bullet", title, ln.sub(title)))
            continue
        if _title_like(t) and len(nxt) >= 120:
            title = strip_title(t)
            out.append(Head(ln.index, "plain", title, ln.sub(title)))
        elif (_title_like(t) and len(t) >= 3 and not CATNO.match(t) and _card_follows(nonblank[k + 1 : k + 5])
              and plausible_title(t) and not _value_of_label(nonblank[k - 1].text if k > 0 else "") and not _genre_word(t)):
            # (never the value of the label above it, "Réalisateur:" / "Noam Murro", nor a genre line, "Action")
            title = strip_title(t)
            year = next((x.text for x in nonblank[k + 1 : k + 4] if _YEAR_LINE.match(x.text)), None)
            out.append(Head(ln.index, "card", title, ln.sub(title), year=year))
        elif k < 12 and _title_like(t):
            title = strip_title(t)
            out.append(Head(ln.index, "top", title, ln.sub(title)))
    return out


_GENRE_LINE = re.compile(r"(?i)^(?:action|comedy|drama|horror|thriller|documentary|animation|romance|western|sci-fi|fantasy|crime|"
                         r"family|biopic|musical|war|history|mystery|adventure|com[ée]die|drame|documentaire|krimi|komödie|dramma|"
                         r"commedia|comedia|terror|rock|pop|jazz|metal|electronic|classical|soundtrack|hip-hop|rap|folk|blues)$")


def _value_of_label(above: str) -> bool:
    """Whether the line above is a label waiting for its value ("Réalisateur:"), other than a title's."""
    a = above.rstrip()
    if not a.endswith((":", "：")):
        return False
    return canonical(a.rstrip(":： ")) not in ("title", "alt_title")


def _genre_word(t: str) -> bool:
    return bool(_GENRE_LINE.match(t.strip()))


def _card_follows(nxt: list[Line]) -> bool:
    """A title line heading a card: a year, a rating or labelled fields right under it."""
    hits = 0
    for x in nxt:
        t = x.text
        if _YEAR_LINE.match(t) or (len(t) <= 12 and parse_rating(t.replace("–", "-"), allow_bare=False)) or (":" in t[:40] and canonical(t.split(":", 1)[0]) is not None):
            hits += 1
    return hits >= 2


# Shapes that make entries when they repeat, strongest first; "plain" only with support.
_SHAPES = ("prefix", "suffix", "caps", "capsule", "listing", "title_year", "card", "dash", "by_artist", "caps_artist", "bullet", "plain")


def chrome_lines(doc: Doc) -> set[int]:
    return {ln.index for ln in doc.lines if ln.text and is_chrome(ln.text)}


def split_entries(doc: Doc, *, skip: set[int] | None = None) -> tuple[list[Entry], list[Head]]:
    """The page's entries (one per repeated head; a single entry when none repeats) and all heads."""
    skip = set(skip or ()) | chrome_lines(doc)
    in_lists: set[int] = set()
    for tl in find_tracklists(doc.lines):
        before = [ln.index for ln in doc.lines[max(0, tl.start - 6) : tl.start] if ln.text][-1:]
        in_lists |= set(range(before[0] if before else tl.start, tl.end + 1))
    top = masthead(doc, skip)
    from mediagraph.extract.reviews import find_headed_reviews

    # the members' reviews under "Review by X ★★★★" heads are one work's reviews: no line in them heads a work
    in_reviews = {i for r in find_headed_reviews(doc.lines, skip) for i in r.lines}
    if in_reviews:
        in_reviews |= set(range(min(in_reviews), max(in_reviews) + 1))
    heads = [h for h in find_heads(doc, skip) if h.line not in in_lists and h.line not in top and h.line not in in_reviews]
    by_shape: dict[str, list[Head]] = {}
    for h in heads:
        by_shape.setdefault(h.shape, []).append(h)
    groups: list[list[Head]] = []
    for shape in _SHAPES:
        group = _dedupe(by_shape.get(shape, []))
        if len(group) >= 2 and (shape != "plain" or _supported(doc, group)):
            groups.append(group)
    body = [ln for ln in doc.lines if ln.text and ln.index not in skip]
    # the most repeated shape whose heads each open content of their own; a menu's sixteen bullets
    # repeat more than two capsules' titles, and open nothing
    groups.sort(key=len, reverse=True)  # (stable: of equal groups, the shape listed first)
    for group in groups:
        chosen = group + _parallel_heads(doc, group, heads)
        chosen.sort(key=lambda h: h.line)
        chosen = _nearest_content(doc, chosen, skip)
        if len(chosen) >= 2 and _have_content(doc, chosen, skip):
            break
        if group[0].shape not in ("bullet", "top"):
            return [Entry(None, body)], heads  # (only a menu's items give way to the next shape)
    else:
        return [Entry(None, body)], heads
    entries = []
    for k, h in enumerate(chosen):
        end = chosen[k + 1].line if k + 1 < len(chosen) else len(doc.lines)
        entries.append(Entry(h, [ln for ln in body if h.line <= ln.index < end]))
    return entries, heads


def _layout(doc: Doc, h: Head) -> tuple[bool, bool, bool] | None:
    """Where a head stands: a blank line above it, a blank line below it, and a paragraph (not a
    field or a short line) as the next text; None for a head inside its own line of prose."""
    if h.inline:
        return None
    lines = doc.lines
    above = h.line == 0 or not lines[h.line - 1].text
    below = h.line + 1 < len(lines) and not lines[h.line + 1].text
    nxt = next((ln.text for ln in lines[h.line + 1 : h.line + 4] if ln.text), "")
    return above, below, len(nxt) >= 100


def _parallel_heads(doc: Doc, chosen: list[Head], heads: list[Head]) -> list[Head]:
    """Heads of another shape laid out exactly as the chosen ones: "Popcorn and Inspiration:
    ‘Miracle at Manchester’" between "Film Review: ‘Playing with Fire’" and "Film Review: ‘The Pay
    Day’", each over its paragraph. A site's columns title their entries in more than one way."""
    shapes = {_layout(doc, h) for h in chosen}
    if len(shapes) != 1:
        return []
    shape = shapes.pop()
    if shape is None or shape != (True, True, True):
        return []
    taken = {h.line for h in chosen}
    first, last = min(taken), max(taken)
    out: list[Head] = []
    for h in heads:
        if h.line in taken or h.shape in ("top", "card") or not first < h.line < last + 40:
            continue
        if _layout(doc, h) == shape and plausible_title(h.title) and not generic_only(h.title) \
                and h.title.casefold() not in {c.title.casefold() for c in chosen}:
            out.append(h)
            taken.add(h.line)
    return out


def masthead(doc: Doc, chrome: set[int]) -> set[int]:
    """The site's name and tagline above its menu: the lines before the first menu line, when
    that menu comes within the page's first five lines."""
    top = [ln for ln in doc.lines if ln.text][:5]
    k = next((i for i, ln in enumerate(top) if ln.index in chrome), None)
    if k is None or k == 0 or k > 3:
        return set()
    return {ln.index for ln in top[:k]}


def _have_content(doc: Doc, heads: list[Head], skip: set[int]) -> bool:
    """Entries are worth the name when most of them carry prose or fields of their own; heads
    over nothing but short lines are a list (credits, tracks, a menu), not entries."""
    if all(h.inline for h in heads):
        return True
    full = 0
    for k, h in enumerate(heads):
        end = heads[k + 1].line if k + 1 < len(heads) else len(doc.lines)
        lines = [ln for ln in doc.lines[h.line : end] if ln.text and ln.index not in skip]
        if any(len(ln.text) >= 100 for ln in lines) or sum(1 for ln in lines if _FIELD_LINE.match(ln.text)) >= 2:
            full += 1
    return full >= max(2, 0.6 * len(heads))


def _nearest_content(doc: Doc, heads: list[Head], skip: set[int]) -> list[Head]:
    """Of heads with no content between them ("Soundtrack Review" / "Cover Image" / the title
    above its fields), keep the last one."""
    out: list[Head] = []
    for k, h in enumerate(heads):
        if k + 1 < len(heads) and not h.inline:
            between = [ln for ln in doc.lines[h.line + 1 : heads[k + 1].line] if ln.text and ln.index not in skip]
            if not between:
                continue
        out.append(h)
    return out


def _dedupe(group: list[Head]) -> list[Head]:
    """A title given again ("Swimming Home: Review" twice, a title above and inside a box) is one head."""
    out: list[Head] = []
    seen: dict[str, int] = {}
    for h in group:
        key = h.title.casefold()
        if key in seen:
            k = seen[key]
            if out[k].rating is None and h.rating is not None:
                # "X – Recenze0" then "X – Recenze – 50%": the repeat carries the score
                out[k] = dataclasses.replace(out[k], rating=h.rating, rating_span=h.rating_span)
            continue
        seen[key] = len(out)
        out.append(h)
    return out


def _supported(doc: Doc, group: list[Head]) -> bool:
    """Plain title lines make entries only when each is followed by a long paragraph and they
    are spread down the page (not a block of short lines, which is a list or a menu)."""
    gaps = [b.line - a.line for a, b in itertools.pairwise(group)]
    if len(group) < 2 or min(gaps) < 2:
        return False
    # section headings inside one review ("Where it comes from") are not works: an entry's
    # title comes back in its text, or the entry gives a year, a rating or its makers
    backed = 0
    for k, h in enumerate(group):
        end = group[k + 1].line if k + 1 < len(group) else len(doc.lines)
        body = "\n".join(ln.text for ln in doc.lines[h.line + 1 : end])
        # ("MODERN LOVE | SAISON 1" is named "Modern Love" in its text)
        names = {h.title.casefold(), re.split(r"\s+[|:–—]\s+", h.title)[0].casefold()}
        if (any(n in body.casefold() for n in names) or re.search(r"\((?:18|19|20)\d\d\)|\b(?:directed|director|starring|rated|grade|stars?)\b|[★☆⭐]", body, re.I)):
            backed += 1
    return backed >= 0.6 * len(group)


__all__ = ["Entry", "Head", "chrome_lines", "find_heads", "generic_only", "is_chrome", "plausible_title", "related_lines", "split_entries", "strip_title"]
