"""A text page read as entries: each entry's subject chosen by evidence, its fields read by the
layout reader on that entry alone, and the gaps filled from the entry's own facts.

The layout reader (``layouts.read_page``) knows structured layouts well (metadata headers,
Discogs pages, tracklists, user reviews) but reads a page as one subject. The entry reader
(``entries.py``) knows where one work's text ends and the next begins, and which line names the
subject. Together: the page is cut into entries, the layout reader reads each entry with the rest
of the page masked (offsets unchanged, so every span still points into the page), the entry's
head replaces a subject the layout reader took from site chrome, and facts the layout reader has
no rule for (running times, content ratings, labels in other languages, prose credits, ratings
in a capsule's head) fill what it left empty."""

from __future__ import annotations

import dataclasses
import re
from functools import lru_cache
from itertools import pairwise

from mediagraph.extract.announcements import disc_releases
from mediagraph.extract.classical import ClassicalHead, RecordCard, classical_heads, record_cards
from mediagraph.extract.dates import dated_line
from mediagraph.extract.doc import Doc, Line
from mediagraph.extract.draft import Builder, ReleaseDraft, ReviewDraft, WorkDraft
from mediagraph.extract.entries import (
    REVIEW_WORDS,
    Entry,
    Head,
    generic_only,
    is_chrome,
    plausible_title,
    quoted_tail,
    split_entries,
    strip_title,
)
from mediagraph.extract.entry_fields import (
    EntryFacts,
    facts_to_drafts,
    labelled_fields,
    music_or_film,
    read_entry,
    split_track_artists,
    text_weight,
)
from mediagraph.extract.formats import parse_formats
from mediagraph.extract.layouts import Page, read_page
from mediagraph.extract.lists import (
    is_genre,
    read_capsules,
    read_indexed_records,
    read_list,
    read_trailed_capsules,
)
from mediagraph.extract.memo import blind_counter, fold
from mediagraph.extract.mentions import RECORD_NAMED, find_mentions
from mediagraph.extract.names import QUOTED, looks_like_person, strip_quotes
from mediagraph.extract.ratings import parse_rating
from mediagraph.extract.relations import SOUNDTRACK_SUFFIX
from mediagraph.extract.tracklist import commented_title, find_tracklists
from mediagraph.model import (
    Agent,
    AgentKind,
    Credit,
    Predicate,
    Relation,
    ReleaseLabel,
    Role,
    Span,
    Title,
    WorkKind,
)

_SHAPE_WEIGHT = {"prefix": 5.0, "suffix": 5.0, "title_year": 4.0, "card": 4.5, "caps": 3.0, "dash": 3.0, "by_artist": 3.0, "caps_artist": 3.0, "bullet": 1.0,
                 "plain": 2.0, "top": 1.0}
_SITE_SUFFIX = re.compile(r"\s+(?:[|·•»]|[-–—:]\s)\s*[^|·•»]{2,60}$")


def _count(text: str, title: str, *, folded: str | None = None) -> int:
    """How often ``title`` stands in ``text`` as words of their own (case-insensitive), up to 5."""
    if len(title) < 2:
        return 0
    low, needle = folded if folded is not None else _casefold(text), title.casefold()
    n, i = 0, low.find(needle)
    while i >= 0 and n < 5:
        j = i + len(needle)
        if (i == 0 or not low[i - 1].isalnum()) and (j >= len(low) or not low[j].isalnum()):
            n += 1
        i = low.find(needle, i + 1)
    return n


@lru_cache(maxsize=8)
def _casefold(text: str) -> str:
    return text.casefold()


def choose_subject(doc: Doc, heads: list[Head], *, title_hint: str | None) -> tuple[str, Span | None, Head | None] | None:
    """The page's one subject: the candidate with the most evidence (its shape, where it
    stands, how often the body repeats it, whether the HTML title agrees)."""
    cands: list[tuple[float, str, Span | None, Head | None]] = []
    text = doc.text
    for h in heads:
        if h.line > 60 and h.shape in ("plain", "bullet", "top"):
            continue
        score = _SHAPE_WEIGHT.get(h.shape, 1.0)
        score += min(4, _count(text, h.title) - 1) * 0.75
        score -= h.line * 0.02
        if title_hint and h.title.casefold() in title_hint.casefold():
            score += 3
        if len(h.title) > 60:
            score -= 2
        cands.append((score, h.title, h.span, h))
    # a title quoted in one of the first lines: "X präsentiert neues Album 'Strictly A One - Eyed Jack'"
    for ln in [x for x in doc.lines[:40] if x.text][:6]:
        for m in QUOTED.finditer(ln.text):
            q = m.group(1).strip()
            if 2 <= len(q) <= 80 and q[0].isupper() and plausible_title(q):
                cands.append((2.5 + min(3, _count(text, q) - 1) * 0.75, q, ln.sub(q), None))
    # a short line near the top that the body names again: "Die fetten Jahre sind vorbei" above
    # a review that quotes it, where the label line beside it ("Mute/EMI") is never repeated
    body_at = next((ln.index for ln in doc.lines if len(ln.text) >= 200), None)
    if body_at is not None:
        for ln in doc.lines[max(0, body_at - 12) : body_at]:
            t = ln.text.strip()
            if 2 <= len(t) <= 80 and plausible_title(t) and not is_chrome(t) and not looks_like_person(t):
                n = _count(text, t)
                if n >= 2:
                    cands.append((2.0 + min(3, n - 1) * 1.0 + (ln.index - body_at) * 0.05, t, ln.sub(t), None))
    # a record the opening prose names with its kind: "… resulted in the album Eat ‘Em and Smile which was released …"
    for ln in [x for x in doc.lines[:60] if len(x.text) >= 150][:4]:
        for m in RECORD_NAMED.finditer(ln.text):
            t = m.group("t").strip().rstrip(".,;:")
            if len(t.split()) >= 2 and plausible_title(t) and not looks_like_person(t):
                cands.append((3.0 + (1.0 if m.group("noun").casefold() == "album" else 0.0) + min(3, _count(text, t) - 1) * 0.75,
                              t, ln.sub(t), None))
    for f in labelled_fields([ln for ln in doc.lines[:80] if ln.text]):
        if f.key == "title" and 1 <= len(f.value) <= 120:
            cands.append((6.0 + min(3, _count(text, f.value) - 1) * 0.5, f.value, f.span, None))
    if title_hint:
        hint = _SITE_SUFFIX.sub("", title_hint).strip()
        if hint and 1 <= len(hint) <= 120 and plausible_title(hint):
            cands.append((3.5 + min(3, _count(text, hint)) * 0.5, hint, doc.find(hint), None))
    cands = [c for c in cands if plausible_title(c[1])]
    if not cands:
        return None
    cands.sort(key=lambda c: -c[0])
    _, title, span, head = cands[0]
    return title, span, head


def _named_more(text: str, chosen: str, layout: str) -> bool:
    """Whether the body names the chosen title and never the layout reader's, or three times as often."""
    n, m = _count(text, chosen), _count(text, layout)
    return n >= 2 > m or n >= max(4, 3 * m)


def _cleaner(chosen: tuple[str, Span | None, Head | None], title: str) -> bool:
    head = chosen[2]
    if head is not None and head.shape in ("listing", "by_artist") and head.creator and head.creator.casefold() == title.casefold():
        return True  # "Neos: Three Teens Hellbent on Speed (Supreme Echo) LP" read as "Neos": the artist, not the title
    return (head is not None and head.shape in ("prefix", "suffix", "title_year", "caps_artist", "listing", "by_artist")
            and chosen[0].casefold() in title.casefold() and len(chosen[0]) < len(title))


def _buried(doc: Doc, title: str, chosen: tuple[str, Span | None, Head | None] | None) -> bool:
    """Whether the layout reader's subject first appears deep in the body while a head near the
    top names another work ("VADER De Profundis" above prose that quotes an earlier album)."""
    if chosen is None or chosen[2] is None or chosen[0].casefold() in title.casefold() or title.casefold() in chosen[0].casefold():
        return False
    head = chosen[2]
    if head.shape not in ("prefix", "suffix", "title_year", "caps_artist") or head.line > 12:
        return False
    if head.shape == "caps_artist" and _count(doc.text, head.title) < 2:
        return False
    first = next((ln.index for ln in doc.lines if ln.text and title.casefold() in ln.text.casefold()), None)
    return first is None or first > head.line + 3


_BOOK_CUE = re.compile(r"(?i)\b(?:novel|novels|book|books|manga|comic|comics|graphic novel|volume|chapter|chapters|issue|publisher|"
                       r"paperback|hardcover|illustrat\w*|writer|artist|inks?|colou?rs?)\b")


def _book_or_film(kind: WorkKind, text: str) -> WorkKind:
    """A review that mentions a film's novel is still a film review: the layout reader's book or
    comic gives way when film words far outnumber book words."""
    if kind not in (WorkKind.BOOK, WorkKind.COMIC):
        return kind
    _, film = music_or_film(text)
    return WorkKind.FILM if film >= 4 and film >= 3 * len(_BOOK_CUE.findall(text)) else kind


# A comics page: issues, their writers, artists, inkers and letterers, the publishers' names
_COMIC_CUE = re.compile(r"(?i)\b(?:comics?|graphic novels?|manga|issues?|one-shot|inks?|inker|letter(?:s|er|ing)|colou?rists?|"
                        r"penciller|variant cover|trade paperback|tpb)\b|\b(?:DC|Marvel|Image|Dark Horse|IDW|Boom!)\s+Comics\b|"
                        r"\b(?:writer|artist)s?\s*:|\s#\d{1,4}\b")


_count_comic_cues = blind_counter(_COMIC_CUE)


@lru_cache(maxsize=16)
def _comic_cues(text: str) -> int:
    return _count_comic_cues(text)


# A television page: seasons, episodes and the people who run a show, in the languages read
_TV_CUE = re.compile(r"(?i)\b(?:seasons?|episodes?|showrunners?|sitcom|miniseries|mini-series|tv series|television series|"
                     r"tv show|web series|staffel|folgen?|temporadas?|episodios?|stagione|stagioni|saisons?|épisodes?|seizoen|"
                     r"afleveringen?|série télévisée|serie tv|řada|epizod[ay]?|díl)\b|シーズン|話目|第\d+話|连续剧|電視劇|电视剧|剧集")


_count_tv_cues = blind_counter(_TV_CUE)


@lru_cache(maxsize=16)
def _tv_cues(text: str) -> int:
    return _count_tv_cues(text)


def screen_kind(text: str) -> WorkKind:
    """Film or television, by the text's words: a show's page speaks of seasons and episodes."""
    tv = _tv_cues(text)
    _, film = music_or_film(text)
    return WorkKind.TV_SERIES if tv >= 3 and tv >= 0.6 * film else WorkKind.FILM


def page_kind(text: str, *, default: WorkKind | None = None) -> WorkKind:
    music, film = music_or_film(text)
    comic = _comic_cues(text)
    if comic >= 4 and comic > 1.5 * max(music, film):
        return WorkKind.COMIC  # "Black Mariah #2 (review) … Writer: … Artist: … DC Comics"
    if music > film:
        return WorkKind.ALBUM
    if film > music:
        return screen_kind(text)
    return default or WorkKind.FILM


# "Cinéglobe - Critiques des films à l'affiche par Aline": a blog's tagline names its critic
_TAGLINE_CRITIC = re.compile(
    r"(?i:\b(?:critiques?|reviews?|kritiken|rezensionen|críticas|reseñas|recensioni|chroniques?)\b)[^.!?\n]{0,60}?"
    r"\b(?i:par|by|von|de|di|por)\s+(?P<n>[A-ZÀ-Þ][\w'’\-]+(?:\s+[A-ZÀ-Þ][\w'’\-]+){0,2})\s*$")


def _tagline_critic(doc: Doc) -> str | None:
    for ln in [x for x in doc.lines if x.text][:8]:
        m = _TAGLINE_CRITIC.search(ln.text) if len(ln.text) <= 100 else None  # (a longer line is no tagline: not searched)
        if m is not None and looks_like_person(m.group("n")):
            return m.group("n")
    return None


def _dates_to_their_posts(entries: list[Entry], doc: Doc) -> None:
    """A blog prints each post's date above its title ("lundi, août 16, 2010" / "Phosphorescent - …"):
    the date line that closes one entry opens the next, whose post it dates; the first post's date
    line, left above every entry, opens the first."""
    if len(entries) >= 2 and entries[0].head is not None and entries[0].lines:
        taken = {ln.index for e in entries for ln in e.lines}
        above = [ln for ln in doc.lines[max(0, entries[0].lines[0].index - 4) : entries[0].lines[0].index] if ln.text]
        if above and above[-1].index not in taken and len(above[-1].text) <= 40 and dated_line(above[-1].text):
            entries[0].lines.insert(0, above[-1])
    for e, nxt in pairwise(entries):
        if nxt.head is None:
            continue
        filled = [k for k, ln in enumerate(e.lines) if ln.text]
        if not filled or (len(filled) < 3 and e.head is not None):
            continue  # (a headed entry of two lines may be a date and its title; the page's preamble gives its date up)
        last = e.lines[filled[-1]]
        if len(last.text) <= 40 and dated_line(last.text):
            nxt.lines.insert(0, last)
            del e.lines[filled[-1]]


def read_text_page(page: Page, b: Builder) -> None:
    """Read a page's text into ``b``: one work (with its release and review) per entry."""
    doc = page.doc
    if page.author is None:
        page.author = _tagline_critic(doc)
    listed = read_list(doc, page.subject, page.title, *page.headings[:1], default=page_kind(doc.text))
    if listed is not None:
        for item in listed.works:
            w = b.new_work(listed.kind, item.title, item.line.sub(item.title))
            if listed.person and listed.role:
                w.add_credit(Credit(agent=Agent(name=listed.person), role=listed.role, span=None))
            if listed.kind == WorkKind.ALBUM:
                for ln in item.makers:
                    name = ln.text.strip()
                    if 2 <= len(name) <= 60 and not generic_only(name) and not is_chrome(name):
                        w.add_credit(Credit(agent=Agent(name=name, kind=AgentKind.GROUP if not looks_like_person(name) else AgentKind.PERSON),
                                            role=str(Role.PERFORMER), span=ln.span()))
            if item.genre:
                w.genres.append((item.genre, None))
            if item.date and item.byline is None:
                w.date = (item.date, None)  # a dated card with no critic: the work's own date ("upcoming releases")
            if item.byline is not None:
                # a card signed by a critic on a page of reviews: the card stands for that review
                review = b.new_review(w.key)
                review.site = page.site
                review.author = (Agent(name=item.byline[0]), item.byline[1].sub(item.byline[0]))
                if item.date:
                    review.date = (item.date, None)
        return
    trailed = read_trailed_capsules(doc)
    if trailed:
        # "… a winning selection. (DG 483 6647 ★★★★★)": a round-up, one record a paragraph
        for tc in trailed:
            w, _, review = _reviewed_record(b, page, tc.title, tc.line.sub(tc.title), label=tc.label, catno=tc.catno,
                                            label_span=tc.line.sub(tc.catno),
                                            stars=(tc.stars, tc.line.span(tc.stars_at, tc.stars_at + len(tc.stars))))
            facts = read_entry(Entry(None, [tc.line]), title=tc.title, title_span=tc.line.sub(tc.title), kind=WorkKind.ALBUM,
                               page_author=page.author)
            for cr in facts.prose_credits:
                if cr.role in (Role.COMPOSER, Role.PERFORMER) or cr.role not in set(Role):
                    w.add_credit(cr)
            review.text = (tc.line.text, tc.line.span())
        return
    cards = record_cards(doc.lines)
    if cards and not any(card.composers for card in cards) and page_kind(doc.text) != WorkKind.ALBUM:
        cards = []  # "Title (Studio) ***" cards on a page about films are no records
    if cards:
        # "Schumann: Songs Vol 6 / McGreevy/Doufexis/… / (Hyperion) ****" above each review: a critics' round-up
        drop: set[int] = set()
        for card in cards:
            drop |= {ln.index for ln in doc.lines if card.title_line.index <= ln.index <= card.tail_line.index}
            drop |= {ln.index for ln in card.review}
        _read_rest(b, page, drop, longest=150)
        _add_cards(b, cards, page, doc)
        return
    classical = classical_heads([ln for ln in doc.lines if ln.text])
    if classical:
        # "HOLST: The Planets; … – Edward Gardner – Chandos multichannel SACD Chan 5179, 79:53 ****: …": a classical
        # record's head line; the rest of the page is read as any page, without it
        drop = {h.line.index for h in classical}
        drop |= {ln.index for ln in doc.lines if ln.text and any(ln.text in h.line.text for h in classical)}
        _read_rest(b, page, drop, longest=40)
        _add_classical(b, classical, page)
        return
    entries, heads = split_entries(doc)
    _dates_to_their_posts(entries, doc)
    capsules = read_capsules(doc) if len(entries) == 1 and entries[0].head is None else []
    if capsules:
        # "21.09.2018 / Bewertung: 5 / … »Sweet Country«": each dated, rated capsule reviews the film it quotes
        kind = page_kind(doc.text)
        for c in capsules:
            w = b.new_work(kind, c.title, c.title_line.sub(c.title))
            review = b.new_review(w.key)
            review.site = page.site
            review.text = (c.body.text, c.body.span())
            review.date = (c.date, None) if c.date else None
            if c.rating_line is not None:
                value = c.rating_line.text.split(":", 1)[-1].split("：", 1)[-1].strip()
                r = parse_rating(value)
                if r is not None:
                    review.rating = (r, c.rating_line.span())
            if page.author:
                review.author = (Agent(name=page.author), None)
        return
    kind_all = page_kind(doc.text)
    subject = page.subject if page.subject and plausible_title(page.subject) and _count(doc.text, page.subject) >= 1 else None
    if subject and len(entries) > 1 and not any(e.head and _same_title(e.head.title, subject) for e in entries) \
            and _count(doc.text, subject) >= 2:
        # the page's own title names one work the entries never head: they are parts of its page
        entries = [Entry(None, [ln for e in entries for ln in e.lines])]
    if len(entries) == 1 and entries[0].head is None:
        read_page(page, b)
        chosen = choose_subject(doc, heads, title_hint=page.title)
        head = chosen[2] if chosen else None
        entry = Entry(head, entries[0].lines)
        main = b.works[0] if b.works else None
        if chosen is None and main is None:
            _add_mentions(b, entry.lines, kind=kind_all)
            return
        retitle = False
        if subject and main is not None and not _same_title(main.title, subject):
            # an HTML page's own title beats a subject read from its text
            title, span, retitle = subject, doc.find(subject), True
            kind = main.kind if main.kind != WorkKind.OTHER else kind_all
        elif main is not None and chosen is not None and not _same_title(main.title, chosen[0]) \
                and _named_more(doc.text, chosen[0], main.title) \
                and not is_genre(chosen[0]) and not any(_same_title(c.agent.name, chosen[0]) for c in main.credits) \
                and not (page.title and page.title.casefold().startswith(chosen[0].casefold() + ":")):
            # (a genre heading, "Biopic", or the artist the page credits or its title puts first, "Jon Brion: Lady
            # Bird", is repeated but is no title)
            # the body repeats the chosen title and never the layout reader's: the evidence wins
            title, span, retitle = chosen[0], chosen[1], True
            kind = main.kind if main.kind != WorkKind.OTHER else kind_all
        elif main is not None and plausible_title(main.title) and not _buried(doc, main.title, chosen):
            title, span = main.title, main.titles[0][1]
            kind = main.kind if main.kind != WorkKind.OTHER else kind_all
            if chosen is not None and _cleaner(chosen, main.title):
                # "Oculus – Film Review" read as "Oculus – Film": the head's title is the clean one
                title, span, retitle = chosen[0], chosen[1], True
        elif chosen is not None:
            title, span, retitle = chosen[0], chosen[1], True
            kind = main.kind if main is not None and main.kind != WorkKind.OTHER else kind_all
        else:
            if main is not None:
                # no title to trust yet (a mention may give one), but the page's fields still count
                kind = main.kind if main.kind != WorkKind.OTHER else kind_all
                if not plausible_title(main.title) and main.title != "untitled":
                    old = main.title
                    main.titles[0] = (Title(text="untitled"), None)  # "ITALIA 1998": the film's country and year, no title
                    _retitle_releases(b, main, old)
                facts = read_entry(entry, title=main.title, title_span=main.titles[0][1], kind=kind, page_author=page.author)
                if facts.review_date is None and page.published:
                    facts.review_date = (page.published, None)
                _merge(b, 0, facts, page.site, doc_text=doc.text)
            _add_mentions(b, entry.lines, kind=main.kind if main is not None else kind_all)
            return
        kind = _book_or_film(kind, doc.text)  # (a film review that names the novel it adapts reads as a film's)
        if kind in (WorkKind.FILM, WorkKind.OTHER) and SOUNDTRACK_SUFFIX.search(title):
            kind = WorkKind.ALBUM  # "Lady Bird (Original Motion Picture Soundtrack)": the page reviews the record
            if main is not None and main.kind in (WorkKind.FILM, WorkKind.OTHER):
                main.kind = WorkKind.ALBUM
        opening = _headline_lead(doc, title)
        if opening is not None:
            # "Il giudizio, un road movie dell'anima …" above "Il giudizio, lungometraggio di esordio di …"
            at = title.find(opening)
            span = Span(span.start + at, span.start + at + len(opening)) if span is not None and at >= 0 else doc.find(opening)
            title, retitle = opening, True
        announced = _announced_album(doc, title) if kind == WorkKind.ALBUM else None
        facts_band = None
        if announced is not None:
            # "Cirkus: data di release / … uscirà “Let the Madness Begin”, nuovo studio album della rock band svedese Cirkus"
            band_named = title.casefold() in doc.text[max(0, announced[1].start - 200) : announced[1].end + 200].casefold() \
                if announced[1] is not None else False
            facts_band = title if band_named and len(title) <= 40 and not re.search(r"\d", title) else None
            (title, span), retitle = announced, True
        facts = read_entry(entry, title=title, title_span=span, kind=kind, page_author=page.author)
        if facts.review_date is None and page.published:
            facts.review_date = (page.published, None)
        if facts_band and not any(c.role == Role.PERFORMER for c in facts.credits):
            facts.credits.append(Credit(agent=Agent(name=facts_band, kind=AgentKind.GROUP), role=str(Role.PERFORMER), span=None))
        _merge(b, 0, facts, page.site, retitle=retitle, doc_text=doc.text)
        _track_reviews(b, entry.lines, page)
        _add_mentions(b, entry.lines, kind=b.works[0].kind if b.works else kind)
        return
    first = entries[0].head.line if entries[0].head else 0
    lead = read_entry(Entry(None, [ln for ln in doc.lines[:first] if ln.text]), title="", title_span=None, kind=kind_all)
    page_author = page.author or (lead.author[0] if lead.author else None)
    # "Category: 2 Stars" above the entries: an archive of one rating, which each entry's review bears
    lead_text = " ".join(ln.text for ln in doc.lines[:first] if ln.text)
    page_rating = lead.rating if lead.rating is not None and _RATED_ARCHIVE.search(lead_text) else None
    if page_rating is None:
        m = _RATED_ARCHIVE_GLYPHS.search(lead_text)
        if m is not None and (r := parse_rating(m.group("r"))) is not None:
            page_rating = (r, None)
    whole = Builder()
    read_page(Page(doc=doc, title=page.title, site=page.site, headings=page.headings, published=page.published,
                   author=page.author), whole)
    found = {w.title.casefold() for w in whole.works if plausible_title(w.title)}
    if len(found) >= 2 and len(found) >= len(entries) - 1:
        # the layout reader already told the works apart (capsules, a film and its soundtrack)
        _adopt(b, whole)
        for e in entries:
            assert e.head is not None
            k = next((i for i, w in enumerate(b.works) if _same_title(w.title, e.head.title)), None)
            if k is not None:
                facts = read_entry(e, title=e.head.title, title_span=e.head.span, kind=b.works[k].kind)
                if facts.rating is None and page_rating is not None:
                    facts.rating, facts.reviewish = page_rating, True
                _merge(b, k, facts, page.site)
                _add_mentions(b, e.lines, kind=b.works[k].kind)
        return
    for e in entries:
        assert e.head is not None
        music, film = music_or_film(e.text)
        kind = WorkKind.ALBUM if music > film + 1 else WorkKind.FILM if film > music + 1 else kind_all
        if kind_all in (WorkKind.COMIC, WorkKind.BOOK) and max(music, film) < 3:
            kind = kind_all  # "The Immortal Hulk #19 (Marvel) ** – …" on a comics page: the brackets name its publisher
        elif e.head.label or e.head.catno:
            kind = WorkKind.ALBUM  # a record label in the head: "Title – Artist (Label)"
        title, title_span, headline = e.head.title, e.head.span, None
        inner = None if e.head.shape not in ("bullet", "plain") else \
            title_in_headline(e.head.title, "\n".join(ln.text for ln in e.lines if ln.text.strip() != e.head.title))
        if inner is not None:
            # "The hot mess Don’t Worry Darling is too much and not enough": a headline about the film its text names
            at = e.head.title.find(inner)
            title, headline = inner, e.head.title
            title_span = Span(e.head.span.start + at, e.head.span.start + at + len(inner)) if e.head.span is not None else None
        facts = read_entry(e, title=title, title_span=title_span, kind=kind, page_author=page_author)
        if headline is not None:
            facts.headline = headline
        if facts.rating is None and page_rating is not None:
            facts.rating = page_rating
            facts.reviewish = True
        keep = {ln.index for ln in e.lines}
        sub = doc.masked({ln.index for ln in doc.lines if ln.text and ln.index not in keep})
        start = len(b.works)
        read_page(Page(doc=sub, site=page.site), b)
        if len(b.works) > start and e.head.shape in ("prefix", "suffix"):
            # "X (Y) – Recenze – 50%": a review's head, which the layout reader took for "Artist – Title"
            made = b.works[start]
            made.credits = [c for c in made.credits if not (c.role == Role.PERFORMER and _same_title(c.agent.name, e.head.title))]
            b.releases = [r for r in b.releases if r.work != made.key or r.labels or r.tracks or r.identifiers]
            if facts.kind != WorkKind.OTHER:
                made.kind = facts.kind
        elif len(b.works) > start and e.head.shape == "by_artist":
            # "X – Y (by Z)": the head names its artist; a name the layout reader cut from the title is none
            made = b.works[start]
            inside = e.head.title.casefold()
            made.credits = [c for c in made.credits if not (c.role == Role.PERFORMER and c.agent.name.casefold() in inside)]
            for rel in b.releases:
                if rel.work == made.key:
                    rel.credits = [c for c in rel.credits if not (c.role == Role.PERFORMER and c.agent.name.casefold() in inside)]
        elif len(b.works) > start:
            made_kind = b.works[start].kind
            if facts.kind in (WorkKind.COMIC, WorkKind.BOOK) and facts.kind == kind_all:
                b.works[start].kind = facts.kind  # a comics page's capsule stays a comic, whatever its brackets look like
                b.releases = [r for r in b.releases if r.work != b.works[start].key or r.tracks or r.identifiers]
            elif (len(e.text) < 400 or e.head.label or e.head.catno) and made_kind != facts.kind:
                # a one-line entry says too little, the page's kind holds; a head that names its record
                # label ("Film Works 1995-2005 – Craig Armstrong (Family Recordings)") heads a record
                b.works[start].kind = facts.kind
            elif made_kind != WorkKind.OTHER:
                facts.kind = made_kind
        _merge(b, start, facts, page.site, doc_text=e.text, retitle=e.head.shape in ("capsule", "prefix", "suffix", "title_year", "by_artist", "listing"),
               entry=True)
        _add_mentions(b, e.lines, kind=b.works[start].kind if len(b.works) > start else kind)


# "1. Yankee Rose– I always loved the call and response … 5/5": a track-by-track review's mark for one song
_TRACK_REVIEW = re.compile(r"^.{0,60}?\d\.\s+(?P<rest>\S.{30,}?)\s*\(?(?P<r>\d{1,2}(?:[.,]\d)?\s*/\s*\d{1,2})\)?\s*$")


def _track_reviews(b: Builder, lines: list[Line], page: Page) -> None:
    """Songs of the page's record that its review marks one by one: each song, with its own review."""
    album = b.works[0] if b.works and b.works[0].kind == WorkKind.ALBUM else None
    release = next((r for r in b.releases if album is not None and r.work == album.key), None)
    if album is None or release is None or len(release.tracks) < 3:
        return
    titles = {t.title.casefold(): t.title for t in release.tracks}
    found = []
    for ln in lines:
        m = _TRACK_REVIEW.match(ln.text) if len(ln.text) > 40 and "/" in ln.text[-8:] else None
        said = commented_title(m.group("rest")) if m is not None else None
        if m is not None and said is not None and said.strip().casefold() in titles and (r := parse_rating(m.group("r"))) is not None \
                and not r.scale_assumed:
            found.append((m, ln, r, said.strip()))
    if len(found) < 2:
        return  # (one mark is no track-by-track review)
    for m, ln, r, said in found:
        title = titles[said.casefold()]
        at = ln.text.find(said, m.start("rest"))
        song = b.new_work(WorkKind.SONG, title, ln.span(at, at + len(said)))
        review = b.new_review(song.key)
        review.site = page.site
        review.text = (m.group("rest"), ln.span(m.start("rest"), m.end("rest")))
        review.rating = (r, ln.span(m.start("r"), m.end("r")))
        if page.author:
            review.author = (Agent(name=page.author), None)


_RATED_ARCHIVE = re.compile(r"(?i)\b(?:category|categories|tag|tagged|archive|archives|rating|rated)\s*:\s*\S")
_RATED_ARCHIVE_GLYPHS = re.compile(r"(?i)\b(?:category|tag|archive|rating)\s*:\s*(?P<r>[★☆½]{1,6})")
def _headline_lead(doc: Doc, title: str) -> str | None:
    """The words before a long headline's first comma, when the text's first paragraph opens with
    them too: the headline names its film first, then says something about it."""
    if len(title) < 40 or ", " not in title:
        return None
    lead = title.split(", ", 1)[0].strip()
    if not (2 <= len(lead) <= 60) or not plausible_title(lead) or lead[:1].islower() or (looks_like_person(lead) and " " in lead):
        return None
    for ln in doc.lines:
        if len(ln.text) >= 100 and ln.text.strip() != title and ln.text.lstrip().startswith(lead):
            rest = ln.text.lstrip()[len(lead) :]
            if rest[:1] in (",", " ", ":", "(", "—", "–"):
                return lead
    return None


_CJK_ALBUM = re.compile(r"(?:アルバム|ミニアルバム|シングル|サウンドトラック|サントラ|作品集|专辑|專輯)\s?[「『](?P<q>[^」』]{1,60})[」』]|"
                        r"[「『](?P<q2>[^」』]{1,40}(?:サウンドトラック|サントラ|オリジナル・サウンドトラック)[^」』]{0,20})[」』]")
_ALBUM_WORD = re.compile(r"(?i)\b(?:album|albums|ep|lp|disco|disque|platte|cd|record|single|debut|release|studioalbum|full-length)\b")


def _announced_album(doc: Doc, title: str) -> tuple[str, Span | None] | None:
    """The quoted title an album's news gives beside the word "album", in a sentence that names
    the page's other candidate (the band) too: that candidate is the performer, not the record."""
    if not title:
        return None
    first = [x for x in doc.lines if x.text][:6]
    if any(m.group(1).strip().casefold() == title.casefold() for ln in first for m in QUOTED.finditer(ln.text)):
        return None  # ("De profundis" is the 2nd album …, after "The Ultimate Incantation"): the page quotes its own title
    for ln in first:
        for m in QUOTED.finditer(ln.text):
            q = m.group(1).strip()
            near = ln.text[max(0, m.start() - 60) : m.end() + 60]
            if (2 <= len(q) <= 80 and q[:1].isupper() and q.casefold() != title.casefold() and plausible_title(q)
                    and _ALBUM_WORD.search(near) and title.casefold() in ln.text.casefold()):
                return q, ln.sub(q)
    for ln in [x for x in doc.lines if x.text][:12]:
        for m in _CJK_ALBUM.finditer(ln.text):
            # "20枚目のオリジナル・アルバム「SOUNDTRACKS」", "「アイドル・ザ・ムービー サウンドトラックコレクション」"
            q = (m.group("q") or m.group("q2")).strip()
            if q.casefold() != title.casefold() and plausible_title(q) and not _count(doc.text, title) > _count(doc.text, q) + 2:
                return q, ln.sub(q)
    return None


_SMALL_WORDS = frozenset(("of", "the", "a", "an", "and", "in", "on", "to", "for", "with", "at", "by", "or", "from", "de", "la", "le",
                          "du", "des", "der", "die", "das", "und", "y", "e", "el", "il", "vs", "vs."))
_TITLE_RUN = re.compile(r"(?:[A-Z0-9À-Þ][\w’'.:!?&\-]*)(?:\s+(?:(?:of|the|a|an|and|in|on|to|for|with|at|by|or|from)\s+)*[A-Z0-9À-Þ][\w’'.:!?&\-]*)*")


def title_in_headline(head: str, body: str) -> str | None:
    """The title a sentence-like headline is about: the longest run of capitalised words in it
    that the entry's text names again ("Rutger Hauer lives on anxiety, coffee, and chocolate, in
    Split Second" → "Split Second", named again as "Tony Maylam’s Split Second")."""
    words = head.split()
    lower = [w for w in words if w[:1].islower() and w.strip(",.:;!?").casefold() not in _SMALL_WORDS]
    if len(words) < 5 or len(lower) < 2 or not body:
        return None
    best, best_score = None, 0.0
    for m in _TITLE_RUN.finditer(head):
        cand = m.group(0).strip(" :.,!?")
        if len(cand) < 2 or cand.casefold() in _SMALL_WORDS or not plausible_title(cand) or cand not in body:
            continue
        score = len(cand.split()) + (2.0 if re.search(rf"['’]s\s+(?:[\w\-]+\s+){{0,4}}{re.escape(cand)}", body) else 0.0) \
            + (0.5 if m.end() >= len(head.rstrip(" .!?")) else 0.0) - (1.5 if m.start() == 0 and len(cand.split()) == 1 else 0.0)
        if score > best_score:
            best, best_score = cand, score
    return best


def _add_mentions(b: Builder, lines: list[Line], *, kind: WorkKind) -> None:
    """Works the entry names in passing, each a work of its own unless the page already has it."""
    main = b.works[0] if b.works else None
    for m in find_mentions([ln for ln in lines if ln.text], kind=kind):
        same = [w for w in b.works if _same_title(w.title, m.title)]
        if m.year:
            for w in same:
                if w.date is None and w is not main and fold(w.title) == fold(m.title) and w.kind == m.kind:
                    w.date = (m.year, None)  # a work named again with its year ("2013’s Side Effects")
        if same and not (m.kind == WorkKind.FILM and main is not None and main.kind == WorkKind.ALBUM and same == [main]
                         and m.title.casefold() == main.title.casefold()):
            continue
        if same and main is not None:
            # a soundtrack album named after its film, and the film the text names: two works
            w = b.new_work(m.kind, m.title, m.span, date=m.year)
            if m.maker and m.maker_role == "director":
                w.add_credit(Credit(agent=Agent(name=m.maker), role=str(Role.DIRECTOR), span=None))
            if not any(r.subject == main.key and r.predicate == Predicate.SOUNDTRACK_OF for r in b.relations):
                b.relate(Relation(subject=main.key, predicate=Predicate.SOUNDTRACK_OF, object=w.key, span=m.span))
            continue
        w = b.new_work(m.kind, m.title, m.span, date=m.year)
        if m.maker and m.maker_role == "director":
            w.add_credit(Credit(agent=Agent(name=m.maker), role=str(Role.DIRECTOR), span=None))
            if main is not None and main is not w and sum(1 for c in main.credits if c.role == Role.DIRECTOR) >= 2:
                # "Okamoto’s 1966 … gem, The Sword of Doom" and "Fassbinder’s 1972 …, Petra von Kant": each maker is his
                # film's, not the news item's
                main.credits = [c for c in main.credits if not (c.role == Role.DIRECTOR and fold(c.agent.name) == fold(m.maker))]
        for name in m.cast:
            w.add_credit(Credit(agent=Agent(name=name), role=str(Role.ACTOR), span=None))
        if m.scored and main is not None and main.kind == WorkKind.ALBUM and not plausible_title(main.title):
            # a soundtrack page that never titles its album: the album bears its film's name
            main.titles[0] = (Title(text=m.title), m.span)
            for r in b.releases:
                if r.work == main.key:
                    r.title = (m.title, m.span)
            if not any(r.subject == main.key and r.predicate == Predicate.SOUNDTRACK_OF for r in b.relations):
                b.relate(Relation(subject=main.key, predicate=Predicate.SOUNDTRACK_OF, object=w.key, span=m.span))
        elif m.scored and main is not None and main.kind == WorkKind.ALBUM and m.kind == WorkKind.FILM:
            ln = next((x for x in lines if x.start <= m.span.start < x.end), None)
            at = m.span.start - ln.start if ln is not None else 0
            text = ln.text if ln is not None else ""
            lo = max(text.rfind(". ", 0, at), text.rfind("! ", 0, at - 1) if at else -1) + 1
            hi = text.find(". ", at + len(m.title))
            sentence = text[lo : hi if hi >= 0 else len(text)]
            if _ANNOUNCED.search(sentence):
                # "a new edition of the soundtrack for … Tora! Tora! Tora!. The album includes …": a label's
                # news names each album it releases by its film
                album = b.new_work(WorkKind.ALBUM, m.title, m.span)
                b.relate(Relation(subject=album.key, predicate=Predicate.SOUNDTRACK_OF, object=w.key, span=m.span))


_ANNOUNCED = re.compile(r"(?i)\b(?:the album|album includes|limited to \d|\d[\d,]* (?:copies|units)|new edition|reissue|"
                        r"remastered|world premiere release|expanded edition|release[sd]? (?:of|on)|on cd|\bcd\b)")


def _same_title(a: str, b: str) -> bool:
    a, b = a.casefold(), b.casefold()
    return a == b or (len(b) >= 3 and b in a) or (len(a) >= 3 and a in b)


def _adopt(b: Builder, other: Builder) -> None:
    b.works, b.releases, b.reviews = other.works, other.releases, other.reviews
    b.citations, b.relations = other.citations, other.relations
    b.warnings.extend(other.warnings)


def _drop_tagline(w: WorkDraft, text: str) -> None:
    """"SCIALLA! (STAI SERENO): ESORDIO ALLA REGIA DI …": a headline whose part before the colon
    comes back on the page while the rest does not is that part plus a tagline."""
    title, span = w.titles[0]
    m = re.match(r"^(?P<t>[^:]{2,80}?)\s*:\s+(?P<rest>\S.{8,})$", title.text)
    if not m or not text:
        return
    head = m.group("t").strip()
    if _count(text, head) >= 2 and _count(text, title.text) <= 1 and plausible_title(head):
        w.titles[0] = (Title(text=head, kind=title.kind, lang=title.lang), span)


def _merge(b: Builder, start: int, facts: EntryFacts, site: str | None, *, retitle: bool = False, doc_text: str = "",
           entry: bool = False) -> None:
    """The entry's facts into what the layout reader made of it: the entry's title where the
    layout reader's is no title, and every field it left empty."""
    if len(b.works) <= start:
        facts_to_drafts(b, facts, site=site)
        return
    w = b.works[start]
    if w.kind == WorkKind.OTHER and facts.kind != WorkKind.OTHER:
        w.kind = facts.kind
    w.kind = _book_or_film(w.kind, doc_text)
    if w.kind == WorkKind.FILM and doc_text and screen_kind(doc_text) == WorkKind.TV_SERIES:
        w.kind = WorkKind.TV_SERIES  # "the second season … eight episodes": a show, not a film
    if w.kind == WorkKind.ALBUM and {"director", "cast"} <= facts.field_keys and not facts.labels:
        # "監督: … / 出演: …": a director and a cast in the page's fields make it a film, whatever
        # list the layout reader took for a tracklist
        w.kind = WorkKind.FILM
        b.releases = [r for r in b.releases if r.work != w.key or r.labels or r.identifiers]
    cleaned = strip_title(w.title)
    if (cleaned != w.title and cleaned.casefold() in w.title.casefold() and plausible_title(cleaned) and not retitle
            and (re.search(r"[「《『]", w.title) or w.title[:1] in "\"'“‘„«" or REVIEW_WORDS.search(w.title)
                 or quoted_tail(w.title))):
        # '映画「決戦は日曜日」見どころ…', '‘Sound of Freedom’: A Must-See': the title inside the headline,
        # and the headline the review's own
        facts.headline = facts.headline or w.title
        w.titles[0] = (Title(text=cleaned), w.titles[0][1])
    if retitle or not plausible_title(w.title) or (facts.title != w.title and facts.title.casefold() in w.title.casefold()
                                         and plausible_title(facts.title)):
        old = w.title
        w.titles[0] = (Title(text=facts.title), facts.title_span)
        _retitle_releases(b, w, old)  # the release bore the work's old, wrong title
    elif facts.title.casefold() != w.title.casefold() and not any(t.text.casefold() == facts.title.casefold() for t, _ in w.titles):
        # the layout reader found another title for this entry; the entry's own head stays as an alternate
        pass
    if w.kind == WorkKind.ALBUM:
        before = w.title
        _split_album_title(w, keep_dash=facts.named_artist,
                           artists={fold(facts.announced_by)} if facts.announced_by else frozenset())
        if (swapped := _possessed_title(w, doc_text)) is not None:
            _retitle_releases(b, w, swapped)
            for r in b.releases:
                if r.work == w.key:
                    r.credits = [c for c in r.credits if c.role != Role.PERFORMER] + [c for c in w.credits if c.role == Role.PERFORMER]
        if w.title != before and re.fullmatch(rf"{re.escape(w.title)}\s+[-–—]\s+{re.escape(w.title)}", before, re.I):
            _retitle_releases(b, w, before)  # a self-titled record, "Eight And A Half – Eight And A Half"
    _split_alt_title(w)
    if w.kind in (WorkKind.FILM, WorkKind.TV_SERIES):
        _split_dash_titles(w, doc_text)
    _drop_tagline(w, doc_text)
    source = next((o for r in b.relations if r.subject == w.key and r.predicate == Predicate.BASED_ON
                   for o in b.works if o.key == r.object), None)
    if source is not None:
        # "based on Hanabusa's novel": the novelist wrote the source the page names, not the film
        for c in [c for c in facts.prose_credits if c.role == Role.AUTHOR]:
            facts.prose_credits.remove(c)
            source.add_credit(c)
    _fill_work(w, facts)
    if w.kind in (WorkKind.FILM, WorkKind.TV_SERIES) and any(
            c.role == Role.DIRECTOR and c.agent.name.casefold() == w.title.casefold() for c in w.credits):
        # "(2007) España" / "Nacho Vigalondo": the line read as the title is the director's name; the
        # page never names the film, so it stays untitled rather than called after its maker
        w.titles[0] = (Title(text="untitled"), None)
    release = next((r for r in b.releases[:] if r.work == w.key), None)
    if w.kind == WorkKind.ALBUM and (facts.labels or facts.tracks or facts.formats or facts.release_date or facts.total_time
                                     or facts.track_count):
        if release is None:
            release = b.new_release(w.title, w.titles[0][1], work=w.key)
        if not release.labels:
            for name, cat, sp in facts.labels:
                release.labels.append((ReleaseLabel(label=Agent(name=name or "", kind=AgentKind.ORGANIZATION), catalog_number=cat), sp))
        elif all(not rl.label.name for rl, _ in release.labels) and (named := next((x for x in facts.labels if x[0]), None)):
            # "CD No: MBR-197" gave a number with no label; the page names the label elsewhere
            first, at = release.labels[0]
            release.labels[0] = (ReleaseLabel(label=Agent(name=named[0], kind=AgentKind.ORGANIZATION),
                                              catalog_number=first.catalog_number or named[1]), at)
        if not release.tracks:
            release.tracks.extend(facts.tracks)
        elif not any(t.credits for t in release.tracks) and not any(_VERSION.search(t.title) for t in release.tracks):
            # ("Genesis - Live / AAA" stays whole: what follows the dash is a version, not a song)
            # the layout reader's tracklist, read as "Boney M.– El Lute": artist and title apart
            release.tracks[:] = split_track_artists(release.tracks)
        if not release.formats:
            for text, sp in facts.formats:
                for fm in parse_formats(text):
                    release.formats.append((fm, sp))
        if release.date is None and facts.release_date:
            release.date = facts.release_date
        if release.country is None and facts.country:
            release.country = facts.country  # "Country: US" on a record's page is where that pressing came out
        if release.runtime is None and facts.total_time:
            release.runtime = (facts.total_time, None)
        if release.track_count is None and facts.track_count and facts.track_count > 1:
            release.track_count = facts.track_count
        if not release.credits:
            release.credits.extend(c for c in facts.credits if c.role == Role.PERFORMER)
    review = next((v for v in b.reviews if v.subject == w.key), None)
    if review is None and facts.reviewish and facts.body and text_weight(facts.body[0]) >= (80 if facts.rating else 200) \
            and not (b.reviews and not facts.rating and not facts.author and not entry):
        # (where the page's own reviews are already read, an unsigned, unrated body is its notes; an
        # entry of a page of reviews is a review of its own work, as the entries before it were)
        review = b.new_review(w.key)
        review.site = site
        if facts.body:
            review.text = facts.body
        if facts.headline:
            review.title = (facts.headline, None)
    if review is not None:
        if review.title is None and facts.headline:
            review.title = (facts.headline, None)
        if review.rating is None and facts.rating:
            review.rating = facts.rating
        if review.author is None and facts.author:
            review.author = (Agent(name=facts.author[0]), facts.author[1])
        if review.date is None and facts.review_date:
            review.date = facts.review_date
        elif review.date is None and facts.date_line and len(facts.date_line[0]) == 10 \
                and not (w.date and w.date[0] == facts.date_line[0]):
            # a line that is only a full date among the review's first lines ("24 mars 2014", "2020-07-20"):
            # the post's date, unless it was read as the work's own
            review.date = facts.date_line


_ARTIST_TITLE = re.compile(r"^(?P<a>[^–—]{1,60}?)\s+[–—-]\s+(?P<t>[^–—]{1,120})$")
_TITLE_ARTIST = re.compile(r"^(?P<t>.{1,120}?)\s*--\s*(?P<a>[^-].{0,60})$")
_YEAR_TAIL = re.compile(r"^(?P<t>.+?)\s*[(\[](?P<y>(?:18|19|20)\d\d)[)\]]$")


_ALT_TITLE = re.compile(r"^(?P<a>\S.*?)\s+\((?P<b>[A-Z0-9À-Þ][^()]{2,80})\)$")


def name_untitled_by_a_side(b: Builder, text: str) -> None:
    """A record the page never titles ("untitled"), whose first track the text names in quotes
    ("…からのカット「START CHOPPIN」10"" over "A1 Start Choppin"): a single bears its A-side's title."""
    head = text[:20000]
    quoted = {fold(q) for q in [*QUOTED.findall(head), *re.findall(r"[「『]([^」』\n]{1,80})[」』]", head)]}
    for w in b.works:
        if w.title != "untitled" or w.kind != WorkKind.ALBUM:
            continue
        release = next((r for r in b.releases if r.work == w.key and r.tracks), None)
        if release is None or fold(release.tracks[0].title) not in quoted:
            continue
        old = w.title
        w.titles[0] = (Title(text=release.tracks[0].title), release.tracks[0].span)
        _retitle_releases(b, w, old)


def _retitle_releases(b: Builder, w: WorkDraft, old: str) -> None:
    """A work's releases that bore its old title bear its new one."""
    for rel in b.releases:
        if rel.work == w.key and rel.title[0] == old:
            rel.title = (w.title, w.titles[0][1])


def _with_alternate(w: WorkDraft, name: str, alt: str, span: Span | None) -> None:
    """The work named ``name``, ``alt`` kept as an alternate title."""
    title = w.titles[0][0]
    w.titles[0] = (Title(text=name, kind=title.kind, lang=title.lang), span)
    if not any(t.text.casefold() == alt.casefold() for t, _ in w.titles):
        w.titles.append((Title(text=alt, kind="alternate"), span))


def _split_alt_title(w: WorkDraft) -> None:
    """"Louskáček a čtyři říše (The Nutcracker and the Four Realms)": the title in brackets is
    the work's other title, not part of its name."""
    title, span = w.titles[0]
    m = _ALT_TITLE.match(title.text)
    if m is None:
        return
    a, alt = m.group("a").strip(), m.group("b").strip()
    if len(alt.split()) < 2 or generic_only(alt) or not plausible_title(a) or not plausible_title(alt) \
            or re.search(r"(?i)\b(?:soundtrack|score|edition|version|remaster|mix|live|vol\.?|volume|part|disc|cd|lp|ep|"
                         r"original|music|season|episode|series|tv|aka|a\.k\.a)\b|\d{4}", alt):
        return
    _with_alternate(w, a, alt, span)


_TWO_TITLES = re.compile(r"^(?P<a>[^–—\-:]{2,80}?)\s+[–—-]\s+(?P<b>[^–—]{2,80})$")


def _split_dash_titles(w: WorkDraft, doc_text: str | None) -> None:
    """"Dirty Rotten Scoundrels - Zwei hinreißend verdorbene Schurken": a film's original title and
    its local one; the page names the first alone too, so it is the name and the other an alternate."""
    title, span = w.titles[0]
    m = _TWO_TITLES.match(title.text)
    if m is None or not doc_text:
        return
    a, b = m.group("a").strip(), m.group("b").strip()
    if not plausible_title(a) or not plausible_title(b) or generic_only(b) or looks_like_person(b) \
            or REVIEW_WORDS.search(b) or len(b.split()) < 2:
        return
    text = doc_text.casefold()
    alone = text.count(a.casefold()) - text.count(title.text.casefold())
    quoted = re.search(r"[„“\"«‘]\s?" + re.escape(a.casefold()) + r"\s?[“”\"»’]", text) is not None
    if alone < 1 or (looks_like_person(a) and not quoted):
        return  # (a name-like first part must be quoted as a title somewhere: "Steve Martin - …" is a credit)
    _with_alternate(w, a, b, span)


def _possessed_title(w: WorkDraft, text: str) -> str | None:
    """"EVERSHINE (7th Mini Album) – CRAVITY" read as artist EVERSHINE, title CRAVITY, while the text says
    "CRAVITY’s EVERSHINE": the possessive tells who made what, so the two trade places."""
    artist = next((c for c in w.credits if c.role == Role.PERFORMER), None)
    if artist is None or not text:
        return None
    name = re.sub(r"\s*\([^()]*\)$", "", re.sub(r"^\[[^\]]{1,30}\]\s*", "", artist.agent.name)).strip()  # "[Album Review] EVERSHINE (7th Mini Album)"
    if not name or fold(name) == fold(w.title):
        return None
    if re.search(re.escape(w.title) + r"['’]s?\s+" + re.escape(name) + r"\b", text) and not re.search(re.escape(name) + r"['’]s?\s+" + re.escape(w.title), text):
        old = w.title
        w.credits = [c for c in w.credits if c is not artist] + [Credit(agent=Agent(name=old, kind=AgentKind.GROUP), role=str(Role.PERFORMER), span=None)]
        w.titles[0] = (Title(text=name), w.titles[0][1])
        return old
    return None


def _split_album_title(w: WorkDraft, *, keep_dash: bool = False, artists: set[str] | frozenset[str] = frozenset()) -> None:
    """"Sabaton – The Great War", "Dirty Mind--Prince", "Momo Sampler (2000)": an album's title
    carries its artist or year; they move to their own fields."""
    title, span = w.titles[0]
    text = title.text
    m = _YEAR_TAIL.match(text)
    if m:
        text = m.group("t").strip()
        if w.date is None:
            w.date = (m.group("y"), span)
    artist = None
    m = _TITLE_ARTIST.match(text) or _ARTIST_TITLE.match(text)
    if m and artists and fold(m.group("a").strip()) not in artists:
        m = None  # "Strictly A One - Eyed Jack" by John Mellencamp: the page names another artist, the dash is the title's
    if m and not generic_only(m.group("t")) and not generic_only(m.group("a")) and not keep_dash:
        # (where the entry names its artist elsewhere, "X – Y (by Z)", a dash of another name stays in the title)
        artist, text = m.group("a").strip(), m.group("t").strip()
    if artist and not any(c.role == Role.PERFORMER for c in w.credits):
        kind = AgentKind.PERSON if looks_like_person(artist) else AgentKind.GROUP
        w.add_credit(Credit(agent=Agent(name=artist, kind=kind), role=str(Role.PERFORMER), span=None))
    if text != title.text and plausible_title(text):
        w.titles[0] = (Title(text=text, kind=title.kind, lang=title.lang), span)


_VERSION = re.compile(r"(?i)\s[-–—]\s.*\b(?:live|remix|mix|edit|version|remaster(?:ed)?|demo|acoustic|instrumental|mono|stereo|radio|"
                      r"extended|reprise|take|session)\b")


def _fill_work(w: WorkDraft, facts: EntryFacts) -> None:
    if w.date is None and facts.year:
        w.date = facts.year
    if w.kind in (WorkKind.FILM, WorkKind.TV_SERIES) and facts.year and w.date and len(facts.year[0]) > len(w.date[0]) \
            and facts.year[0].startswith(w.date[0]):
        w.date = facts.year  # "Waist Deep (2006)" / "Theatrical Release: Jun 23, 2006": the film's own day, more than its year
    for text, sp in facts.alt_titles:
        if not any(t.text.casefold() == text.casefold() for t, _ in w.titles):
            w.titles.append((Title(text=text, kind="alternate"), sp))
    if w.kind in (WorkKind.COMIC, WorkKind.BOOK) and facts.labels and not any(c.role == Role.PUBLISHER for c in w.credits):
        name, _, sp = facts.labels[0]  # "The Immortal Hulk #19 (Marvel)": a comic's brackets name its publisher
        if name:
            w.add_credit(Credit(agent=Agent(name=name, kind=AgentKind.ORGANIZATION), role=str(Role.PUBLISHER), span=sp))
    roles = {c.role for c in w.credits}
    for c in facts.credits:
        if c.role not in roles:
            w.add_credit(c)
    for role in roles & {str(Role.ACTOR)}:
        # the layout reader took the first of a cast field's names ("Darsteller: Steve Martin" over one
        # name a line); the entry read them all: the rest join, when the first ones agree
        had = {fold(c.agent.name) for c in w.credits if c.role == role}
        more = [c for c in facts.credits if c.role == role]
        if had < {fold(c.agent.name) for c in more}:
            for c in more:
                if fold(c.agent.name) not in had and fold(c.agent.name) != fold(w.title) and looks_like_person(c.agent.name):
                    w.add_credit(c)
    if w.kind in (WorkKind.FILM, WorkKind.TV_SERIES):
        for c in facts.prose_credits:
            if c.role not in roles:  # a field's credits outrank the prose's ("Cast: A (Role)" reads the other way round)
                w.add_credit(c)
    elif w.kind == WorkKind.ALBUM and not roles & {Role.COMPOSER, Role.PERFORMER}:
        # "the German composer Christoph Blaser": a score's composer named in the prose
        for c in facts.prose_credits:
            if c.role == Role.COMPOSER:
                w.add_credit(c)
                break
    if w.kind == WorkKind.ALBUM:
        known = set(Role)
        for c in facts.prose_credits:
            if c.role not in known and not any(fold(x.agent.name) == fold(c.agent.name) for x in w.credits):
                w.add_credit(c)  # "Steve Vai (Lead Guitar)": a player named in the prose, with the part played
    if not w.genres:
        w.genres.extend(facts.genres)
    w.runtime = w.runtime or facts.runtime
    w.content_rating = w.content_rating or facts.content_rating
    w.country = w.country or facts.country
    w.aggregate = w.aggregate or facts.aggregate


__all__ = ["choose_subject", "page_kind", "read_text_page"]


def add_disc_releases(b: Builder, doc: Doc) -> None:
    """Home-video news ("Kino Lorber will soon release Harley Cokeliss’ Malone (1987) on Blu-ray"):
    each work it puts out on disc, with that disc's release from that distributor."""
    for d in disc_releases([ln for ln in doc.lines if ln.text]):
        w = next((x for x in b.works if _same_title(x.title, d.title)), None)
        if w is not None and w.title != d.title and w.title.endswith(" " + d.title):
            old = w.title  # "Harley Cokeliss’ Malone" read whole by the page reader: the director's film "Malone"
            w.titles[0] = (Title(text=d.title), d.span)
            _retitle_releases(b, w, old)
        if w is not None and w.kind in (WorkKind.ALBUM, WorkKind.OTHER) and not any(r.tracks for r in b.releases if r.work == w.key):
            w.kind = d.kind  # a film on Blu-ray, which the page reader took for a record
        if w is None:
            w = b.new_work(d.kind, d.title, d.span, date=d.year)
        elif w.date is None and d.year:
            w.date = (d.year, None)
        if d.maker and not any(c.role == Role.DIRECTOR for c in w.credits):
            w.add_credit(Credit(agent=Agent(name=d.maker), role=str(Role.DIRECTOR), span=None))
        release = next((r for r in b.releases if r.work == w.key), None) or b.new_release(w.title, d.span, work=w.key)
        if not release.formats:
            for fm in parse_formats(d.fmt):
                release.formats.append((fm, d.span))
        if d.publisher and not release.labels:
            release.labels.append((ReleaseLabel(label=Agent(name=d.publisher, kind=AgentKind.ORGANIZATION)), None))


def _read_rest(b: Builder, page: Page, drop: set[int], *, longest: int) -> None:
    """The page without the round-up's own lines, read as any page, when a line of ``longest``
    characters or more is left (the post's other items: a Blu-ray beside the records)."""
    rest = page.doc.masked(drop)
    if any(len(ln.text) >= longest for ln in rest.lines):
        read_text_page(dataclasses.replace(page, doc=rest), b)


def _reviewed_record(b: Builder, page: Page, title: str, span: Span | None, *, label: str, catno: str | None,
                     label_span: Span | None = None, composers: tuple[tuple[str, Span | None], ...] = (), players: tuple[tuple[str, Span | None], ...] = (),
                     stars: tuple[str, Span] | None = None) -> tuple[WorkDraft, ReleaseDraft, ReviewDraft]:
    """A round-up's record: the work with its composers, its release with the players and the label, and the
    critic's review of it with the stars it was given (the page's critic signs it unless the caller knows better)."""
    w = b.new_work(WorkKind.ALBUM, title, span)
    for name, sp in composers:
        w.add_credit(Credit(agent=Agent(name=name), role=str(Role.COMPOSER), span=sp))
    release = b.new_release(title, span, work=w.key)
    for name, sp in players:
        kind = AgentKind.PERSON if looks_like_person(name) else AgentKind.GROUP
        release.credits.append(Credit(agent=Agent(name=name, kind=kind), role=str(Role.PERFORMER), span=sp))
    release.labels.append((ReleaseLabel(label=Agent(name=label, kind=AgentKind.ORGANIZATION), catalog_number=catno), label_span))
    review = b.new_review(w.key)
    review.site = page.site
    if stars is not None and (r := parse_rating(stars[0])) is not None:
        review.rating = (r, stars[1])
    if page.author:
        review.author = (Agent(name=page.author), None)
    return w, release, review


def _sub_span(ln: Line, name: str, offset: int) -> Span | None:
    return ln.span(offset, offset + len(name)) if offset >= 0 else None


def _add_classical(b: Builder, heads: list[ClassicalHead], page: Page) -> None:
    for h in heads:
        ln = h.line
        body = ln.text[h.stars_at + len(h.stars) :].lstrip(": ") if h.stars else ""
        _, release, review = _reviewed_record(
            b, page, h.title, ln.span(h.title_at, h.title_at + len(h.title)), label=h.label, catno=h.catno,
            composers=tuple((n, _sub_span(ln, n, o)) for n, o in h.composers),
            players=tuple((n, _sub_span(ln, n, o)) for n, o in h.players),
            stars=(h.stars, ln.span(h.stars_at, h.stars_at + len(h.stars))) if h.stars else None)
        for fm in parse_formats(h.fmt) if h.fmt else ():
            release.formats.append((fm, None))
        release.runtime = (h.runtime, None)
        if not h.stars and len(body) < 200:
            b.reviews.remove(review)  # a head with neither stars nor a review after it reviews nothing
        elif body:
            start = ln.text.find(body)
            review.text = (body, ln.span(start, start + len(body)))


def add_indexed_records(b: Builder, doc: Doc) -> None:
    """A soundtrack column's index, "A PRIVATE WAR (Salinas/Varese Sarabande), …": each record the
    column reviews, with its composer and label (a record the page already has gains them)."""
    found = read_indexed_records(doc)
    if found and not re.search(r"(?i)\b(?:soundtracks?|scores?|albums?|records|cds?|labels?)\b", doc.text[:20000]):
        return  # "JAWS (Spielberg/Universal)" on a page about films: a director and a studio, no record
    for r in found:
        span = r.line.span(r.at, r.at + len(r.title))
        w = next((x for x in b.works if _same_title(x.title, r.title) and x.kind == WorkKind.ALBUM), None)
        if w is None:
            w = b.new_work(WorkKind.ALBUM, r.title, span)
        for name in r.composers:
            if not any(c.role == Role.COMPOSER and fold(c.agent.name) == fold(name) for c in w.credits):
                w.add_credit(Credit(agent=Agent(name=name), role=str(Role.COMPOSER), span=None))
        release = next((x for x in b.releases if x.work == w.key), None) or b.new_release(r.title, span, work=w.key)
        if not release.labels:
            release.labels.append((ReleaseLabel(label=Agent(name=r.label, kind=AgentKind.ORGANIZATION)), None))


def _add_cards(b: Builder, cards: list[RecordCard], page: Page, doc: Doc) -> None:
    for card in cards:
        _, _, review = _reviewed_record(
            b, page, card.title, card.title_line.span(card.title_at, card.title_at + len(card.title)), label=card.label,
            catno=card.catno, composers=tuple((n, None) for n in card.composers), players=tuple((n, None) for n in card.players),
            stars=(card.stars, card.tail_line.span(card.stars_at, card.stars_at + len(card.stars))))
        if card.review:
            review.text = ("\n\n".join(ln.text for ln in card.review), Span(card.review[0].start, card.review[-1].end))
            after = next((ln for ln in doc.lines[card.review[-1].index + 1 :] if ln.text.strip()), None)
            if after is not None and len(after.text.strip()) <= 40 and looks_like_person(after.text.strip()):
                review.author = (Agent(name=after.text.strip()), after.span())  # the critic's name under the review


# "La La Land: The Complete Musical Experience full tracklist.", "Tracklist for Nine Lives:": the record a tracklist is of
_NAMED_TRACKLIST = re.compile(r"(?i)^(?:(?P<t>\S.{1,100}?)\s+(?:full\s+|complete\s+|official\s+)?track\s?-?list(?:ing)?|"
                              r"(?:full\s+|complete\s+)?track\s?-?list(?:ing)?\s+(?:for|of|from)\s+(?P<t2>\S.{1,100}?))\s*[.:]?$")


def add_named_tracklists(b: Builder, doc: Doc) -> None:
    """A tracklist under a heading that names its record belongs to that record, which the page may
    not head: the record is made (or found) and given the tracks, taken from a record they were read into."""
    lists = None
    for ln in doc.lines:
        if not ln.text or len(ln.text) > 140 or "track" not in ln.text.lower():
            continue
        m = _NAMED_TRACKLIST.match(ln.text.strip())
        if m is None:
            continue
        title = strip_quotes((m.group("t") or m.group("t2") or "").strip())
        if not plausible_title(title) or re.fullmatch(r"(?i)(?:the\s+)?(?:album|record|cd|lp|disc|ep)", title):
            continue
        if lists is None:
            lists = find_tracklists(doc.lines)
        tl = next((x for x in lists if 0 < x.start - ln.index <= 3), None)
        if tl is None or len(tl.tracks) < 3:
            continue
        w = next((x for x in b.works if _same_title(x.title, title)), None)
        if w is None:
            w = b.new_work(WorkKind.ALBUM, title, ln.sub(title))
        release = next((r for r in b.releases if r.work == w.key), None) or b.new_release(w.title, ln.sub(title), work=w.key)
        if release.tracks:
            continue
        tracks = split_track_artists(tl.tracks)
        first = fold(strip_quotes(tracks[0].title))
        for other in b.releases:
            if other is not release and other.tracks and fold(strip_quotes(other.tracks[0].title)) == first:
                tracks, other.tracks = other.tracks, []  # read into the page's headline record first: they move
        release.tracks.extend(tracks)
