"""Bylines, review dates and lists of dated user reviews."""

from __future__ import annotations

import re
from dataclasses import dataclass

from mediagraph.extract.dates import find_dates, is_date_line
from mediagraph.extract.doc import Line
from mediagraph.extract.names import drop_full_stop, looks_like_person
from mediagraph.extract.ratings import glyph_line, parse_rating, rating_line
from mediagraph.model import Rating, Span

_MONTH = r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\b"
# A name: 1-4 capitalised words; a month starts the date after it, not a surname ("By Lucas Brennan March 15").
_NAME = rf"(?P<name>[A-ZÀ-ÞŌ][\w'’.\-]*(?:\s+(?!{_MONTH})(?:[A-ZÀ-ÞŌ][\w'’.\-]*|de|van|von|der|da|di|le|la|du)){{0,3}})"
_BYLINES = [
    re.compile(r"^(?:•\s*)?(?:Writer['’]?s picture|Photo du rédacteur|Foto del escritor|Foto des Autors|Foto dell['’]autore):?\s*" + _NAME + r"\s*$"),
    re.compile(r"^(?:Reviewed by|Review by|Posted by|Written by|Words by|Text by|Critique par|Rezension von|Kritik von|Reseña de|Crítica de|"
               r"Recensione di|Recensito da|Scritto da|Escrito por|Publicado por|Author|Autor|Auteur|Autore)\s*[:\-–]?\s*" + _NAME, re.I),
    re.compile(r"^(?:By|Par|Von|Por)\s*[:\-–]?\s+" + _NAME),
    re.compile(r"^(?:—|–|-)\s*" + _NAME + r"\s*$"),
    # "Priya Raman  ·  October 2, 2023  ·  6 min read": a name, a separator, then the date.
    re.compile(r"^" + _NAME + r"\s+[·|•]\s+(?=[^·|•]*\d)"),
    # "July 7, 2019 — Theo Marchand — Reviews": the date, then the name between dashes.
    re.compile(r"^[^—–|·]{6,30}?\d{4}\s+[—–|·]\s+" + _NAME + r"\s*(?:[—–|·].*)?$"),
]
_DATE_LABEL = re.compile(
    r"(?:^|(?<=[\s·|•]))(?:updated|posted(?: on)?|published(?: on)?|added|reviewed(?: on)?|written on|publié le|mis à jour le|veröffentlicht(?: am)?|aktualisiert(?: am)?|publicado(?: el)?)\s*[:\-]?\s*(?P<rest>.+)$|^date\s*[:\-]\s*(?P<rest2>.+)$",
    re.I,
)
_BY_LABELS = r"(?:reviewed by|review by|posted by|written by|words by|text by|critique par|rezension von|kritik von|reseña de|crítica de|by|par|von|por)"
_BYLINE_ANY = re.compile(
    rf"(?:^|(?<=[\s·|•,]))(?i:{_BY_LABELS})\s*[:\-–]?\s+{_NAME}(?=\s*(?:$|[·|•,]|\s(?:on|at|le|am|el|em|[-–—])\s|\s\d))")
# Lower-case parts of every label above, without the letters i and s, which a case-blind pattern
# also matches as "ı", "İ" and "ſ": a line holding none of them cannot match.
_BY_CUES = ("by", "par", "von", "por", "de")
_DATE_CUES = ("ted", "publ", "added", "ewed", "tten", "jour", "ffentl", "tual", "date")
_HANDLE = re.compile(r"^(?i:reviewed by|review by|posted by|written by)\s*[:\-–]?\s+(?P<name>[a-z0-9][a-z0-9_.\-]{1,29})$")
REVIEWS_HEADING = re.compile(r"^(?:(?:user |customer |member |reader )?reviews?|comments|kritiken|critiques|avis|rezensionen|reseñas)\b.{0,40}$", re.I)
# a member's handle: one token with a digit, an underscore or a dash inside ("cynfest456", "Shadow654", "-Zester-")
_HANDLE_BELOW = re.compile(r"^(?=\S*[\d_])[\w.\-]{3,30}$")
_ONE_TOKEN = re.compile(r"^[\w.\-]{3,30}$")
_STOP = re.compile(r"^(?:add review|write a review|show all \d+ reviews|reviews show all.*|load more.*|see all.*|edited .* ago|report|reply|helpful.*|\d+ (?:people|users) found this helpful.*)$", re.I)


# Short lines a review card puts between its author and its date: a field label, "No rating."
_BETWEEN = re.compile(r"^(?:[\w .]{1,12}:|no rating\.?|not rated|\s*)$", re.I)


@dataclass
class Byline:
    name: str
    span: Span
    line: int
    date: str | None = None  # a date on the same line ("By Ana Ruiz · 3 May 2019")
    date_span: Span | None = None


def _byline(ln: Line, m: re.Match[str], out: list[Byline]) -> None:
    name = m.group("name").strip()
    at = m.start("name")
    if (title := _HONORIFIC.match(name)) is not None:  # "Dr. Miriam Castellane" is Miriam Castellane
        name, at = name[title.end() :], at + title.end()
    name = drop_full_stop(name)  # "By Joe Muldoon.": the sentence's full stop, not an initial's
    bl = Byline(name, ln.span(at, at + len(name)), ln.index)
    found = find_dates(ln.text)
    if found:
        iso, a, z = found[0]
        bl.date, bl.date_span = iso, ln.span(a, z)
    out.append(bl)


_LIST_COUNTS = re.compile(r"(?i)^\d[\d,.]*\s+(?:entries|items|films|movies|titles|albums|records|books|lists?|restacks?|followers|likes)\b")


def find_bylines(lines: list[Line]) -> list[Byline]:
    """Reviewer lines: "Writer's picture X", "Reviewed by X", "By X · date", "Posted on date by X"."""
    out: list[Byline] = []
    texts = [ln for ln in lines if ln.text]
    for k, ln in enumerate(texts):
        if len(ln.text) > 120:
            continue
        if k + 1 < len(texts) and _LIST_COUNTS.match(texts[k + 1].text):
            continue  # "by Keiken" / "41 Entries · 182 Restacks": a member's list of works, no review
        for i, pat in enumerate(_BYLINES):
            m = pat.match(ln.text)
            if (m and looks_like_person(m.group("name")) and (i != 3 or (len(ln.text) < 40 and not _in_dash_list(texts, k)))
                    and len(ln.text) <= 90 and (i not in (4, 5) or find_dates(ln.text))):
                _byline(ln, m, out)
                break
        else:
            low = ln.text.lower()
            if not any(c in low for c in _BY_CUES):
                continue  # no "by", "par", "von", "por" or "de": neither pattern below can match
            m = _BYLINE_ANY.search(ln.text)
            if ((m and looks_like_person(m.group("name")) and (m.start() == 0 or find_dates(ln.text) or _REVIEW_BEFORE.search(ln.text[: m.start()])
                                                                  or m.group(0).lower().startswith(("review by", "reviewed by"))))
                    or (m := _HANDLE.match(ln.text)) is not None):
                _byline(ln, m, out)
    return out


def _in_dash_list(texts: list[Line], k: int) -> bool:
    """"- Status Released" above "- Release Date …": one item of a dashed list, not a signed "— Name"."""
    return any(0 <= j < len(texts) and texts[j].text[:1] in "-–—" for j in (k - 1, k + 1))


def find_labelled_date(lines: list[Line]) -> tuple[str, Span, int] | None:
    """"Updated: Sep 27, 2021" / "Posted on 3 May 2019": the page's own date."""
    for ln in lines:
        if not ln.text or len(ln.text) > 80:
            continue
        low = ln.text.lower()
        m = _DATE_LABEL.search(ln.text) if any(c in low for c in _DATE_CUES) else None
        if m:
            g = "rest" if m.group("rest") else "rest2"
            # "Published 6:00 a.m. ET Feb. 17, 2023": a time of day may come first.
            clock = _CLOCK.match(m.group(g))
            skip = clock.end() if clock else 0
            found = find_dates(m.group(g)[skip:])
            if found and found[0][1] <= 2:
                iso, a, b = found[0]
                off = m.start(g) + skip
                return iso, ln.span(off + a, off + b), ln.index
    return None


@dataclass
class UserReview:
    date: str
    date_span: Span
    text: str
    text_span: Span | None
    rating: Rating | None
    rating_span: Span | None
    author: str | None
    author_span: Span | None
    lines: set[int]
    title: str | None = None
    title_span: Span | None = None
    outlet: str | None = None  # the publication a critic wrote for ("Variety"), when the card names it


_CLOCK = re.compile(
    r"(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+)?(?:\d{1,2}[:.]\d{2}\s*(?:[ap]\.?m\.?)?\s*(?:[A-Z]{2,4}\b)?\s*[,·|]?\s*)?", re.I
)
_HONORIFIC = re.compile(r"^(?:Dr|Prof|Mr|Mrs|Ms|Mx|Sir|Dame)\.?\s+(?=[A-ZÀ-Þ])")
_REVIEW_BEFORE = re.compile(r"(?i)\b(?:review|critique|rezension|reseña)\s*$")  # "AllTunes Review by X"
_USERNAME = re.compile(r"^(?![\d_.\-]+$)[a-z0-9][a-z0-9_.\-]{2,29}$"  # a handle, never a bare number ("339")
                       r"|^(?=[^\s]*[a-z])(?=[^\s]*\d)[A-Z][A-Za-z0-9_.\-]{2,29}$")  # or a capitalised one with digits ("Karez2much")
# "cinephile_lx 12 March 2015": a username (or a short name) and the date on one line.
_DATE_WORDS = frozenset({"reviewed", "watched", "rewatched", "posted", "published", "updated", "added", "released", "written", "on", "date", "edited"})
_HANDLE_DATE = re.compile(r"^(?P<who>[\w.\-]{2,30}(?: [\w.\-]{2,30}){0,2}?)\s+(?:[·•|\-–]\s*)?(?P<date>\S.{5,30})$")


def _handle_date(text: str) -> tuple[str, str, int] | None:
    """(username, ISO date, offset of the date) for a "handle date" line, else None."""
    m = _HANDLE_DATE.match(text) if len(text) <= 64 else None
    if m is None or is_date_line(text) or m.group("who").lower() in _DATE_WORDS:
        return None
    iso = is_date_line(m.group("date"))
    return (m.group("who"), iso, m.start("date")) if iso else None


def _head_lines(lines: list[Line], k: int, floor: int) -> tuple[Rating | None, Line | None, Line | None, list[Line]]:
    """IMDb-style heads above a review's date line: a score ("9 /10") and a headline, on the
    non-blank lines right above it. Returns the rating, its line, the headline and every line used."""
    above: list[Line] = []
    j = k - 1
    while j > floor and lines[j].text and len(above) < 2:
        above.insert(0, lines[j])
        j -= 1
    rating = rating_ln = headline = None
    used: list[Line] = []
    for ln in above:
        score = parse_rating(ln.text, allow_grade=False, allow_bare=False) if len(ln.text) <= 12 else None
        if score is not None and rating is None and headline is None:
            rating, rating_ln = score, ln
            used.append(ln)
        elif rating is not None and headline is None and len(ln.text) <= 90 and not ln.text.endswith((".", "!", "?")):
            headline = ln
            used.append(ln)
    return rating, rating_ln, headline, used if rating is not None else []


def _signed_above(lines: list[Line], k: int, floor: int) -> tuple[int, Rating | None, Span | None] | None:
    """A username line above a review's date line, with a label, a "No rating." or the reviewer's
    stars between them ("Karez2much" / "3.5 Stars" / "MCT:" / "August 4, 2008"): its position,
    and the stars when they are there."""
    j, between = k - 1, 0
    stars: Rating | None = None
    stars_span: Span | None = None
    while j > 0 and between <= 2:
        text = lines[j].text
        if _BETWEEN.match(text):
            between += bool(text.strip())
        elif stars is None and len(text) <= 16 and (r := parse_rating(text, allow_grade=False, allow_bare=False)) is not None:
            stars, stars_span = r, lines[j].span()
            between += 1
        else:
            break
        j -= 1
    if (j >= 0 and lines[j].text and (looks_like_person(lines[j].text) or _USERNAME.match(lines[j].text))
            and len(lines[j].text) < 30 and (floor < 0 or j - 1 > floor)):
        return j, stars, stars_span
    return None


_REVIEW_HEAD = re.compile(
    r"^(?:Review|Reviewed|Critique|Kritik|Reseña|Recensione) (?:by|par|von|de|di) (?P<who>[^\s★☆½*][^★☆½*]{0,40}?)"
    r"(?:\s+(?P<r>[★☆½]{1,6}|\*{1,5}|\d+(?:[.,]\d)?\s*/\s*\d+))?(?:\s+(?P<tail>[\"“].{2,300}))?\s*$"
)
_DATED = re.compile(
    r"(?i)^(?:reviewed|watched|rewatched|posted|added|written)?\s*(?:on\s+)?(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day,?\s+)?(?P<d>.{6,30})$"
)
_BLOCK_STOP = re.compile(r"(?i)^(?:like review|♥|\d+ likes?|comments? \(\d+\)|show all|see all|report|share)\b")


_LOWER_NAME = re.compile(r"[a-z][a-z'’\-]+(?: [a-z][a-z'’\-]+){1,2}")


def find_headed_reviews(lines: list[Line], skip: set[int]) -> list[UserReview]:
    """Reviews that each open with "Review by Name ★★★½" (Letterboxd and the like): the rating
    on the head line, a date among the short lines under it, then the prose up to a short
    non-prose line, a "Like review" line or the next head."""
    heads = [k for k, ln in enumerate(lines) if ln.text and ln.index not in skip and _REVIEW_HEAD.match(ln.text)]
    if len(heads) < 2:
        return []  # one "Reviewed by X" is the page's own byline, read with the page's review
    out: list[UserReview] = []
    for n, k in enumerate(heads):
        end = heads[n + 1] if n + 1 < len(heads) else len(lines)
        m = _REVIEW_HEAD.match(lines[k].text)
        assert m is not None
        who = m.group("who").strip()
        if not (looks_like_person(who) or _USERNAME.match(who) or _LOWER_NAME.fullmatch(who)):
            continue  # ("Review by josh lewis": a member's own name, written in lower case)
        rating = rating_span = None
        if m.group("r"):
            r = parse_rating(m.group("r"), allow_grade=False, allow_bare=False)
            if r is not None:
                rating, rating_span = r, lines[k].span(m.start("r"), m.end("r"))
        iso, date_span = "", None
        used = {lines[k].index}
        kept: list[Line] = []
        if m.group("tail"):
            # Letterboxd's list of other reviews: the head line carries the short review itself.
            tail = m.group("tail").strip().strip("\"“”")
            if tail:
                out.append(UserReview("", lines[k].span(), tail, lines[k].span(m.start("tail"), m.end("tail")), rating, rating_span, who,
                                      lines[k].span(m.start("who"), m.start("who") + len(who)), used))
            continue
        for ln in lines[k + 1 : end]:
            if not ln.text:
                continue
            if _BLOCK_STOP.match(ln.text) or _STOP.match(ln.text):
                break
            short = len(ln.text) < 60 and not re.search(r"[.!?…]$", ln.text)
            if short and kept:
                break
            if short:
                dm = _DATED.match(ln.text)
                if not iso and dm and (d := is_date_line(dm.group("d"))):
                    iso, date_span = d, ln.span(dm.start("d"), dm.end("d"))
                used.add(ln.index)
                continue
            kept.append(ln)
            used.add(ln.index)
        if not kept:
            continue
        out.append(UserReview(iso, date_span or lines[k].span(), "\n\n".join(x.text for x in kept), Span(kept[0].start, kept[-1].end),
                              rating, rating_span, who, lines[k].span(m.start("who"), m.start("who") + len(who)), used))
    return out


_CARD_NOISE = re.compile(r"(?i)^(?:full review|comment|comments|\d+ comments?|read more|top critic|fresh|rotten|n/r|"
                         r"click to read the article|[|\s]+)(?:\s*\|\s*(?:full review|\d*\s*comments?|comment))*\s*$")


_SHORT_DATE = re.compile(r"^(?P<a>\d{1,2})/(?P<b>\d{1,2})/(?P<y>\d{2})$")


def _short_date(text: str) -> str | None:
    """"08/02/08" as aggregators print a critic's date: month first unless the first number cannot be a
    month; a two-digit year in this century unless that would be in the future."""
    m = _SHORT_DATE.match(text.strip())
    if m is None:
        return None
    a, b, y = int(m.group("a")), int(m.group("b")), int(m.group("y"))
    month, day = (b, a) if a > 12 else (a, b)
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return None
    year = 2000 + y if y <= 30 else 1900 + y
    return f"{year:04d}-{month:02d}-{day:02d}"


def find_critic_cards(lines: list[Line], skip: set[int] | None = None) -> list[UserReview]:
    """Critics' quotes as an aggregator lists them: the quote, the date, the critic, the outlet
    ("A spectacularly entertaining piece of pop culture." / "03/13/07" / "Todd McCarthy" / "Variety").
    Only a run of at least three such cards is read as one."""
    skip = skip or set()
    rows = [ln for ln in lines if ln.text.strip() and ln.index not in skip]
    out: list[UserReview] = []
    for k, ln in enumerate(rows):
        iso = is_date_line(ln.text) or _short_date(ln.text)
        if not iso or k == 0 or k + 1 >= len(rows):
            continue
        j = k - 1
        while j >= 0 and _CARD_NOISE.match(rows[j].text.strip()):
            j -= 1
        if j < 0 or len(rows[j].text) < 15 or is_date_line(rows[j].text) or (out and rows[j].index in out[-1].lines):
            continue
        quote = rows[j]
        name = rows[k + 1].text.strip()
        if not looks_like_person(name) or len(name) > 40:
            continue
        outlet_ln = rows[k + 2] if k + 2 < len(rows) else None
        outlet = None
        if outlet_ln is not None:
            t = outlet_ln.text.strip()
            if 2 <= len(t) <= 60 and not is_date_line(t) and not _CARD_NOISE.match(t) and len(t.split()) <= 6 \
                    and not t.endswith((".", "!", "?")):
                outlet = t
        used = {quote.index, ln.index, rows[k + 1].index} | ({outlet_ln.index} if outlet and outlet_ln is not None else set())
        out.append(UserReview(iso, ln.span(), quote.text.strip(), quote.span(), None, None, name, rows[k + 1].span(), used,
                              outlet=outlet))
    return out if len(out) >= 3 else []


def find_user_reviews(lines: list[Line], *, require_heading: bool = False, skip: set[int] | None = None) -> list[UserReview]:
    """Reviews that each start with a date line ("May 21, 2018", or "username 12 March 2015")
    and run to the next one; a score and headline right above the date line are the review's.
    Lines in ``skip`` (a header's "Released:" date) start no review."""
    skip = skip or set()
    starts = [k for k, ln in enumerate(lines)
              if ln.text and ln.index not in skip and (is_date_line(ln.text) or _handle_date(ln.text))]
    if len(starts) < 2 and require_heading:
        return []
    heads = [_head_lines(lines, k, starts[n - 1] if n else -1) for n, k in enumerate(starts)]
    signed = [_signed_above(lines, k, starts[n - 1] if n else -1) for n, k in enumerate(starts)]
    # a list whose members sign under the date: where most handles are plainly handles, a one-word line
    # there is the member's too ("Hichikarah")
    firsts = [next((ln.text for ln in lines[k + 1 : k + 3] if ln.text), "") for k in starts]
    below_mode = len(starts) >= 3 and 2 * sum(1 for f in firsts if _HANDLE_BELOW.match(f)) >= len(starts)
    out: list[UserReview] = []
    for n, k in enumerate(starts):
        end = starts[n + 1] if n + 1 < len(starts) else len(lines)
        if n + 1 < len(starts) and heads[n + 1][3]:
            # The next review's score and headline are not this body (positions in ``lines``).
            end = next(p for p in range(k, end) if lines[p] is heads[n + 1][3][0])
        elif n + 1 < len(starts) and (nxt := signed[n + 1]) is not None:
            end = min(end, nxt[0])  # the next reviewer's name and stars ("Karez2much" / "3.5 Stars" / "MCT:")
        body = [ln for ln in lines[k + 1 : end] if ln.text]
        if sum(1 for ln in body if ln.index in skip) >= 2:
            continue  # the page's own date above its header fields, not a user's review
        author = author_span = None
        handle = _handle_date(lines[k].text)
        if handle is not None:
            author, author_span = handle[0], lines[k].span(0, len(handle[0]))
        # A username line right above the date belongs to this review ("dublinedub" / "Nov 18, 2016"),
        # also with a label or a "No rating." between them ("Karez2much" / "MCT:" / "August 4, 2008").
        elif (mine := signed[n]) is not None:
            author, author_span = lines[mine[0]].text, lines[mine[0]].span()
        if handle is None and body and (_HANDLE_BELOW.match(body[0].text) or (below_mode and _ONE_TOKEN.match(body[0].text))):
            # "Oct 17, 2024" / "cynfest456" / "Preliminary (3/25 eps)" / text: the member's handle under the date
            # (a word above the date is then a button of the review before: "Open", "Gift")
            author, author_span = body[0].text, body[0].span()
            body = body[1:]
        rating = rating_span = None
        head_rating, head_ln, headline, head_used = heads[n]
        if head_rating is not None and head_ln is not None:
            rating, rating_span = head_rating, head_ln.span()
        elif handle is None and (mine := signed[n]) is not None and mine[1] is not None:
            rating, rating_span = mine[1], mine[2]
        kept: list[Line] = []
        for ln in body:
            if _STOP.match(ln.text):
                continue
            if rating is None and (r := rating_line(ln.text)) and r[0] is not None:
                rating, rating_span = r[0], ln.span(r[1], r[1] + len(r[0].text))
                continue
            if rating is None and (g := glyph_line(ln.text)):
                rating, rating_span = g, ln.span()
                continue
            if REVIEWS_HEADING.match(ln.text) and len(ln.text) < 40:
                break
            kept.append(ln)
        # A next review's username sits on the last line before its date.
        if (n + 1 < len(starts) and kept and kept[-1].index == lines[end - 1].index
                and (looks_like_person(kept[-1].text) or _USERNAME.match(kept[-1].text)) and len(kept[-1].text) < 30):
            kept = kept[:-1]
        if not kept:
            continue
        text = "\n\n".join(ln.text for ln in kept)
        ln0 = lines[k]
        if handle is not None:
            iso, date_span = handle[1], ln0.span(handle[2], len(ln0.text))
        else:
            iso, date_span = is_date_line(ln0.text) or "", ln0.span()
        out.append(
            UserReview(iso, date_span, text, Span(kept[0].start, kept[-1].end), rating, rating_span, author, author_span,
                       {ln0.index, *(ln.index for ln in body), *(ln.index for ln in head_used)},
                       title=headline.text if headline else None, title_span=headline.span() if headline else None)
        )
    return out


__all__ = ["REVIEWS_HEADING", "Byline", "UserReview", "encyclopedic", "find_bylines", "find_headed_reviews", "find_labelled_date", "find_user_reviews"]


# "Museum (Spanish: Museo) is a 2018 Mexican drama heist film directed by …": an encyclopedia's lead, no critic's voice
_ENCYCLOPEDIC = re.compile(r"^[^\n]{1,120}?\b(?:is|was|are|were) (?:an?|the) (?:(?:19|20)\d\d |upcoming |\d+(?:st|nd|rd|th) )?"
                           r"(?:[\w\-]+ ){0,6}?(?:film|movie|album|EP|single|soundtrack|documentary|television series|TV series|"
                           r"miniseries|series|novel|manga|comic|anime|video game|musical)\b[^\n]{0,300}?(?:\[\d+\]|\b(?:directed|written|"
                           r"produced|released|recorded|starring|by)\b)")


def encyclopedic(text: str) -> bool:
    """Whether prose opens as an encyclopedia's article does, which no review is."""
    return bool(_ENCYCLOPEDIC.match(text))
