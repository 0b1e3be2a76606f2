"""Pages that list works: "Films starring Nicolas Cage", "Top 250 narrative films", "New releases".

Such a page names its works as a run of short lines (a poster grid's alt texts, a numbered
list, cards). Each becomes a work of the list's kind; a person the list's title names ("starring
X", "directed by X") is credited on every one of them, since the title says so of all."""

from __future__ import annotations

import re
from dataclasses import dataclass

from mediagraph.extract.dates import is_date_line
from mediagraph.extract.doc import Doc, Line
from mediagraph.extract.entries import generic_only, is_chrome, plausible_title
from mediagraph.extract.mentions import title_run
from mediagraph.extract.names import looks_like_person
from mediagraph.model import WorkKind

# What a list's title says it lists, and in which words.
_LIST = re.compile(
    r"(?i)(?:^|\b)(?P<pre>(?:the\s+)?(?:official\s+)?(?:top\s+\d+|best|greatest|essential|new|latest|recent|upcoming|all|"
    r"próximos|proximos|nuevos|próximas|neue|nouveaux|nouvelles|prossimi|prossime|\d+\s+(?:best|greatest))\s+(?:[\w-]+\s+){0,2})?"
    r"(?P<k>films|movies|features|albums|records|soundtracks|scores|books|novels|comics|shows|releases|lançamentos|lancamentos|"
    r"estrenos|sorties|neuerscheinungen|uscite|filmes|películas|filme|filmy|(?<=latest )reviews|(?<=recent )reviews|(?<=new )reviews)\b"
    r"(?:\s+(?P<how>starring|with|featuring|directed by|by|composed by|scored by|von|de|di|com|con|avec|mit)\s+(?P<who>[^|•\-–—(]{3,48}))?")
_KIND_WORDS = {
    WorkKind.FILM: ("film", "movie", "feature", "filmes", "películas", "filme", "filmy", "映画", "lançamentos", "estrenos",
                    "sorties", "uscite"),
    WorkKind.ALBUM: ("album", "record", "soundtrack", "score", "アルバム", "neuerscheinungen"),
    WorkKind.BOOK: ("book", "novel"),
    WorkKind.COMIC: ("comic", "manga"),
    WorkKind.TV_SERIES: ("series", "show"),
}
_ROLE = {"starring": "actor", "with": "actor", "featuring": "actor", "com": "actor", "con": "actor", "avec": "actor",
         "mit": "actor", "directed by": "director", "by": None, "von": None, "de": None, "di": None,
         "composed by": "composer", "scored by": "composer"}
_SENTENCE = re.compile(r"[.!?]\s+[a-z]|[,;]\s+\w+\s+\w+\s+\w+|^\W|https?://|\d{1,2}:\d\d")
_RANK = re.compile(r"^\s*(?:#\s*)?\d{1,3}\s*[.)]\s+")
MIN_RUN = 5
MIN_CARDS = 4
_BY = re.compile(r"^(?i:by|par|von|por)\s*:?\s+(?P<n>[A-ZÀ-Þ][\w'’.\-]*(?:\s+[A-ZÀ-Þ][\w'’.\-]*){0,3})$")
_AGO = re.compile(r"^\d{1,2}\s+(?:mins?|minutes?|hrs?|hours?|days?|weeks?)\s+ago$", re.I)
# A card's genre line: one or two words from the common genre names
_GENRES = frozenset(("rock", "pop", "jazz", "rap", "hip-hop", "electronic", "experimental", "folk", "country", "metal",
                     "classical", "soundtrack", "blues", "soul", "r&b", "reggae", "punk", "ambient", "dance", "world",
                     "global", "funk", "gospel", "latin", "indie", "alternative", "drama", "comedy", "horror", "thriller",
                     "action", "documentary", "animation", "romance", "western", "sci-fi", "fantasy", "crime", "family", "biopic",
                     "musical", "war", "history", "mystery", "adventure", "sport", "music", "krimi", "komödie", "dokumentarfilm",
                     "comédie", "drame", "documentaire", "commedia", "dramma", "comedia", "drama", "terror", "suspense"))


def _anchor(text: str) -> str | None:
    t = text.strip()
    if is_date_line(t) or _AGO.match(t):
        return "date"
    m = _BY.match(t)
    if m and looks_like_person(m.group("n")):
        return "by"
    return None


def is_genre(text: str) -> bool:
    words = [w for w in re.split(r"\s*[/,&]\s*|\s+", text.strip().casefold()) if w]
    return 0 < len(words) <= 3 and all(w in _GENRES for w in words)


def _cards(doc: Doc) -> list[ListedWork]:
    """Works of a run of cards: a few short lines each, closed by a date or a byline."""
    lines = [ln for ln in doc.lines if ln.text.strip()]
    cards: list[ListedWork] = []
    pending: list[Line] = []
    by: tuple[str, Line] | None = None
    date: str | None = None
    closed = False

    def close() -> None:
        nonlocal pending, by, date, closed
        body = [ln for ln in pending if not is_genre(ln.text)][-3:]
        genre = next((ln.text.strip() for ln in pending if is_genre(ln.text)), None)
        if 1 <= len(body) <= 4 and all(_item(ln) is not None for ln in body[-1:]):
            cards.append(ListedWork(_item(body[-1]) or body[-1].text.strip(), body[-1], tuple(body[:-1]), by, date, genre))
        pending, by, date, closed = [], None, None, False

    for ln in lines:
        kind = _anchor(ln.text)
        if kind is None:
            if closed:
                close()
            pending.append(ln)
            if len(pending) > 6:
                pending = pending[-6:]
            continue
        if kind == "by":
            m = _BY.match(ln.text.strip())
            assert m is not None
            by = (m.group("n"), ln)
        else:
            date = is_date_line(ln.text) or date
        closed = True
    if closed:
        close()
    return cards if len(cards) >= MIN_CARDS else []


@dataclass(frozen=True)
class ListedWork:
    title: str
    line: Line
    makers: tuple[Line, ...] = ()  # lines of a card before its title: the artists
    byline: tuple[str, Line] | None = None  # "by: Sam Sodomsky": who wrote the card's review
    date: str | None = None  # the card's date line
    genre: str | None = None


@dataclass(frozen=True)
class WorkList:
    kind: WorkKind
    works: list[ListedWork]
    person: str | None = None  # the person the list's title names
    role: str | None = None  # what that person did on every listed work ("actor", "director")


def list_title(title: str | None) -> tuple[WorkKind, str | None, str | None] | None:
    """The kind a list title names, with the person it credits and their role, or None."""
    if not title:
        return None
    m = _LIST.search(title)
    if m is None or not (m.group("pre") or m.group("how") or m.start("k") == 0):
        return None  # "Spindle & Groove Records" is a shop's name, not a list of records
    word = m.group("k").casefold()
    kind = next((k for k, words in _KIND_WORDS.items() if any(word.startswith(w) for w in words)), WorkKind.OTHER)
    who = m.group("who").strip() if m.group("who") else None
    how = (m.group("how") or "").casefold()
    if who and not re.match(r"[A-ZÀ-Þ]", who):
        who = None
    role = _ROLE.get(how) if who else None
    if role is None and who and how in ("by", "von", "de", "di"):
        role = "director" if kind == WorkKind.FILM else "performer" if kind == WorkKind.ALBUM else "author"
    return kind, who, role


def _item(ln: Line) -> str | None:
    t = _RANK.sub("", ln.text).strip()
    if not (1 <= len(t) <= 90) or _SENTENCE.search(t) or is_chrome(t) or generic_only(t):
        return None
    if not plausible_title(t) and not (len(t) <= 4 and t[:1].isalnum()):
        return None
    return t


_CAPSULE_QUOTE = re.compile(r"[»«„“\"]\s?(?P<t>[A-Z0-9À-Þ][^»«„“”\"\n]{0,70}?)\s?[«»“”\"]")


@dataclass(frozen=True)
class Capsule:
    title: str
    title_line: Line
    date: str | None
    rating_line: Line | None
    body: Line


def read_capsules(doc: Doc) -> list[Capsule]:
    """Dated, rated capsules that name their film only in quotes ("21.09.2018" / "Bewertung: 5" /
    "… Warwick Thornton … »Sweet Country«"): one per date line, when at least three say so."""
    lines = [ln for ln in doc.lines if ln.text.strip()]
    out: list[Capsule] = []
    for k, ln in enumerate(lines):
        iso = is_date_line(ln.text)
        if not iso:
            continue
        rest = lines[k + 1 : k + 3]
        rating = next((x for x in rest if _RATING_LINE.match(x.text.strip())), None)
        body = next((x for x in rest if len(x.text) >= 100), None)
        if rating is None or body is None:
            continue
        quoted = [m.group("t").strip() for m in _CAPSULE_QUOTE.finditer(body.text)]
        quoted = [q for q in quoted if 1 <= len(q.split()) <= 10 and plausible_title(q)]
        if len(set(quoted)) != 1:
            continue  # the film must be the one title the capsule quotes
        out.append(Capsule(quoted[0], body, iso, rating, body))
    return out if len(out) >= 3 else []


_RATING_LINE = re.compile(r"(?i)^(?:bewertung|wertung|note|rating|score|voto|valoración|hodnocení|評価)\s*[:：]\s*\S{1,12}$")


def read_list(doc: Doc, *titles: str | None, default: WorkKind = WorkKind.FILM) -> WorkList | None:
    """The page's longest run of title lines, when the page's title says it lists works."""
    title = next((t for t in titles if list_title(t) is not None), None)
    found = list_title(title)
    if found is None:
        return None
    kind, who, role = found
    best: list[ListedWork] = []
    run: list[ListedWork] = []
    gap = 0
    for ln in doc.lines:
        if not ln.text.strip():
            continue
        t = _item(ln)
        if t is not None and (title is None or t.casefold() != title.casefold()):
            run.append(ListedWork(t, ln))
            gap = 0
            continue
        gap += 1
        if gap == 1 and len(run) >= MIN_RUN:
            continue  # one line the rules doubt ("Next") inside a long run does not end it
        if len(run) > len(best):
            best = run
        run, gap = [], 0
    if len(run) > len(best):
        best = run
    cards = _cards(doc)
    if cards:  # cards, each closed by its date or byline, say more than a bare run of short lines
        best = cards
    elif len(best) < MIN_RUN:
        return None
    ranked = [w for w in best if _RANK.match(w.line.text)]
    if len(ranked) >= 0.6 * len(best) and len(ranked) >= MIN_RUN:
        best = ranked  # a numbered list: the lines without a number ("Block or Report") are the site's
    seen: set[str] = set()
    works = []
    for w in best:
        if w.title.casefold() not in seen:
            seen.add(w.title.casefold())
            works.append(w)
    return WorkList(kind if kind != WorkKind.OTHER else default, works, who, role)


__all__ = ["Capsule", "ListedWork", "WorkList", "is_genre", "list_title", "read_capsules", "read_list"]


# A magazine's round-up: each paragraph reviews one record and closes on its label, number and stars,
# "… a winning selection. (DG 483 6647 ★★★★★)"
_TRAILER = re.compile(r"\((?P<l>[A-Z][\w&.'’ \-]{0,30}?)\s+(?P<c>[A-Z]{0,6}\s?\d[\d \-]{2,14}\d)\s*(?P<s>[★☆½]{1,6})\s*\)?\s*$")
_T_RUN = title_run(7)
_T_CAND = re.compile(rf"(?P<t>{_T_RUN}(?:[ \t]+[–—-][ \t]+{_T_RUN})?)")
_T_VERB = re.compile(r"^,?\s+(?:is|was|marks|reframes|celebrates|offers|features|presents|brings|showcases|collects|gathers|includes|"
                     r"finds|pairs|sees|takes|returns|continues|explores|opens|has|shows|proves|makes)\b")
_T_PLACE = re.compile(r"\b(?:Phil|Philharmonic|Orchestra|Orch|Symphony|Hall|Quartet|Choir|Chorus|Ensemble|Opera|Centre|Center|"
                      r"Theatre|Theater|University|Festival|Records|Magazine)\b")
_T_WORK = re.compile(r"\b(?:Album|Music|Songs|Works|Collection|Anthology|Portrait|Suite|Soundtrack|Score|Concerto|Symphony No)\b")


@dataclass(frozen=True)
class TrailedCapsule:
    title: str
    line: Line
    at: int  # the title's offset in the line
    label: str
    catno: str
    stars: str
    stars_at: int


def _capsule_title(text: str) -> tuple[str, int] | None:
    """The record a capsule reviews: the capitalised name it makes the subject of a sentence, or gives a subtitle."""
    best: tuple[float, str, int] | None = None
    for k, m in enumerate(_T_CAND.finditer(text)):
        t = m.group("t").strip(" -–—")
        words = t.split()
        if len(words) < 2 or _T_PLACE.search(t) or (looks_like_person(t) and len(words) <= 2) or not plausible_title(t):
            continue
        score = (3.0 if re.search(r"\s[–—-]\s", t) else 0.0) + (2.0 if _T_VERB.match(text[m.end() :]) else 0.0) \
            + (1.0 if _T_WORK.search(t) else 0.0) - 0.05 * k
        if score >= 1.5 and (best is None or score > best[0]):
            best = (score, t, m.start("t") + m.group("t").find(t))
    return (best[1], best[2]) if best is not None else None


def read_trailed_capsules(doc: Doc) -> list[TrailedCapsule]:
    """Paragraphs that each close on "(Label Number ★★★★)": one record each, when at least two do."""
    out: list[TrailedCapsule] = []
    for ln in doc.lines:
        if len(ln.text) < 150 or not any(g in ln.text[-12:] for g in "★☆½"):
            continue
        m = _TRAILER.search(ln.text)
        if m is None:
            continue
        found = _capsule_title(ln.text[: m.start()])
        if found is None:
            continue
        out.append(TrailedCapsule(found[0], ln, found[1], m.group("l").strip(), m.group("c").strip(), m.group("s"), m.start("s")))
    return out if len(out) >= 2 else []


# A soundtrack column's index: "FANTASTIC BEASTS: THE CRIMES OF GRINDELWALD (Howard/Water Tower) & THE NUTCRACKER AND
# THE FOUR REALMS (Howard/Walt Disney), IN LOVE AND WAR (Hoffmann/MovieScore Media), …": each record with its
# composer and label
_INDEXED = re.compile(r"(?P<t>[A-Z0-9À-Þ][A-Z0-9À-Þ :’'&!?.,\-]{1,80}?(?:\s+(?:Season|S)\s*\d{1,2})?)\s+"
                      r"\((?P<c>[A-ZÀ-Þ][\w.’'\- ]{1,40}?(?:\s*&\s*[A-ZÀ-Þ][\w.’'\- ]{1,40}?)?)/(?P<l>[A-ZÀ-Þ][\w.’'&\- ]{1,40}?)\)")


@dataclass(frozen=True)
class IndexedRecord:
    title: str
    line: Line
    at: int
    composers: tuple[str, ...]
    label: str


def read_indexed_records(doc: Doc) -> list[IndexedRecord]:
    """Records a line lists as "TITLE (Composer/Label)", when it lists three or more."""
    out: list[IndexedRecord] = []
    for ln in doc.lines:
        t = ln.text
        if len(t) < 60 or t.count("/") < 3 or t.count("(") < 3:
            continue
        found = []
        for m in _INDEXED.finditer(t):
            title = re.sub(r"^(?:[,&]\s*|and\s+)+", "", m.group("t").strip(" ,&")).strip()
            at = m.start("t") + m.group("t").find(title)
            if len(title) < 2 or not plausible_title(title):
                continue
            composers = tuple(c.strip() for c in m.group("c").split("&"))
            found.append(IndexedRecord(title, ln, at, composers, m.group("l").strip()))
        if len(found) >= 3:
            out.extend(found)
    return out
