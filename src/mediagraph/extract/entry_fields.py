"""The facts of one entry of a page: labelled fields in any language, credits in prose, ratings,
bylines, years, running times; read from that entry's lines only, and turned into drafts."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

import msgspec

from mediagraph.extract.dates import dated_line, find_dates, parse_date
from mediagraph.extract.doc import Line
from mediagraph.extract.draft import Builder, WorkDraft
from mediagraph.extract.entries import Entry, Head, is_chrome
from mediagraph.extract.formats import parse_formats
from mediagraph.extract.headers import VOCAB, canonical, column_fields
from mediagraph.extract.memo import fold, line_cache
from mediagraph.extract.names import (
    drop_full_stop,
    looks_like_person,
    person_and_character,
    split_list,
)
from mediagraph.extract.placeholders import is_placeholder
from mediagraph.extract.ratings import (
    aggregate_neighbour,
    glyph_line,
    is_aggregate,
    leading_stars,
    parse_rating,
    rating_line,
)
from mediagraph.extract.reviews import encyclopedic
from mediagraph.extract.tracklist import find_tracklists
from mediagraph.extract.versions import COUNTRIES
from mediagraph.model import (
    Agent,
    AgentKind,
    AggregateRating,
    Credit,
    Rating,
    ReleaseLabel,
    Role,
    Span,
    Track,
    WorkKind,
    duration_seconds,
)

# The canonical fields an entry reads from "Label: value" text, wherever it sits in a line.
_KEYS = ("director", "cast", "writer", "composer", "producer", "label", "catno", "release_date", "year", "runtime",
         "genre", "rating", "country", "artist", "format", "alt_title", "based_on", "author", "title", "singles")
# Labels too common as words to be trusted after a colon inside running text.
_WEAK = {"with", "mit", "con", "avec", "by", "von", "par", "por", "di", "stars", "land", "origin", "style", "media",
         "support", "art", "story", "release", "released", "title", "titre", "titel", "album", "cat", "note", "score",
         "music", "musique", "musik", "musica", "música", "film", "movie", "series", "date", "published"}
_NO_COLON = {
    "director": r"directed by|a film by|un film de|réalisé par|regia di|diretto da|dirigida por|regie:?\s*|režie:?\s*",
    "cast": r"starring|stars|con|avec|mit|hrají",
    "writer": r"written by|screenplay by|written and directed by|sceneggiatura di|scénario de",
    "composer": r"music by|score by|composed by|original music by|musiche di|musique de|musik von|music composed by",
    "producer": r"produced by|prodotto da",
}


@lru_cache(maxsize=1)
def _strong_labels() -> tuple[dict[str, str], tuple[int, ...]]:
    """The labels trusted before a colon anywhere in a line, and their lengths, longest first."""
    labels = {lb.casefold(): key for key in _KEYS for lb in VOCAB.get(key, ()) if lb not in _WEAK and len(lb) >= 2}
    return labels, tuple(sorted({len(lb) for lb in labels}, reverse=True))


_CJK_START = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")


@line_cache
def _colon_labels(t: str) -> tuple[tuple[int, int, str], ...]:
    """(start, end past the colon, key) for each known label right before a colon in ``t``."""
    if ":" not in t and "：" not in t:
        return ()
    labels, lengths = _strong_labels()
    out: list[tuple[int, int, str]] = []
    for i, c in enumerate(t):
        if c not in ":：":
            continue
        end = len(t[:i].rstrip())
        low = t[max(0, end - lengths[0]) : end].casefold()
        for n in lengths:
            if n > len(low):
                continue
            key = labels.get(low[len(low) - n :])
            start = end - n
            # (Japanese and Chinese run words together: "TFCC-86735発売日:2020年…" holds the label 発売日)
            if key and (start == 0 or not (t[start - 1].isalnum() or t[start - 1] == "_") or _CJK_START.match(t[start])):
                if not out or out[-1][1] <= start:
                    out.append((start, i + 1, key))
                break
    return tuple(out)


_BY_RE = re.compile(r"(?<![\w])(?P<label>" + "|".join(f"(?P<{k}>{v})" for k, v in _NO_COLON.items()) + r")\s+(?=[A-ZÀ-Þ])")


@line_cache
def _by_labels(t: str) -> tuple[tuple[int, int, str, str], ...]:
    """(start, end, key, label as written) of each "directed by"-style label in ``t``."""
    return tuple((m.start(), m.end(), next(name for name in _NO_COLON if m.group(name)), m.group("label")) for m in _BY_RE.finditer(t))


@dataclass
class Field:
    key: str
    value: str
    span: Span
    line: int
    colon: bool = True  # "Director: X"; False for "directed by X" in running text


_BARE_KEYS = frozenset(("director", "cast", "writer", "composer", "producer", "label", "catno", "release_date", "runtime",
                        "genre", "country", "format"))


@line_cache
def _bare_label(t: str) -> str | None:
    """The canonical field a line names when the line is nothing but a label ("Runtime", "Directors")."""
    t = t.strip()
    if not 2 <= len(t) <= 30 or t.casefold() in _WEAK:
        return None
    if re.search(r"(?i)\bcrew\b", t):
        return None  # "Cast & crew": a link to the page of credits, not a label
    key = canonical(t)
    return key if key in _BARE_KEYS else None


@line_cache
def _spaced_label(t: str) -> tuple[int, str] | None:
    """(end of the label, key) for a line that opens with a known label of two words or more and
    goes on with its value after a space, no colon ("Date de parution 21 Mai 2009"): a table's
    row rendered as text."""
    if ":" in t or "：" in t or len(t) > 100:
        return None
    labels, lengths = _strong_labels()
    low = t.casefold()
    for n in lengths:
        if n < len(low) and low[n] in " \t" and (key := labels.get(low[:n])) is not None and " " in low[:n].strip():
            return n, key
    return None


def _piped_label(t: str) -> tuple[int, int, str] | None:
    """(start, end, key) of the value in a table row rendered with bars, "Released | April 21,
    2017 | |||": a known label in the first cell, its value in the second."""
    if "|" not in t:
        return None
    cells = t.split("|")
    label = cells[0].strip().casefold()
    key = _strong_labels()[0].get(label) or _strong_labels()[0].get(label.rstrip(":"))
    value = cells[1].strip()
    if key is None or not value or len(value) > (400 if key in _PEOPLE_KEYS else 120):
        return None  # (an album's producers may fill a long cell)
    start = t.index("|") + 1
    start += len(cells[1]) - len(cells[1].lstrip())
    return start, start + len(value), key


_COMIC_IMPRINT = re.compile(
    r"\s(?P<pub>DC Comics|Marvel(?: Comics)?|Image Comics|Dark Horse(?: Comics)?|IDW(?: Publishing)?|BOOM! Studios|Dynamite(?: Entertainment)?|"
    r"Valiant(?: Entertainment)?|Oni Press|Titan Comics|AfterShock(?: Comics)?|Vault Comics|Archie Comics|AHOY Comics|Mad Cave Studios|"
    r"Scout Comics|Fantagraphics(?: Books)?|Drawn & Quarterly|Top Shelf(?: Productions)?|Viz Media|Kodansha(?: Comics)?|Yen Press|"
    r"Seven Seas(?: Entertainment)?|Abrams ComicArts|First Second|Humanoids|Rebellion|"
    r"[A-Z][\w!&.'’\-]*\s(?:Comics|Publishing|Press|Studios|Entertainment|Books|Productions)|"
    r"Independently published|Self[- ]published)\s*,\s*(?P<when>(?:(?:January|February|March|April|May|June|July|August|September|"
    r"October|November|December)\s+)?(?:19|20)\d\d)\b")
_PEOPLE_KEYS = frozenset({"director", "cast", "writer", "composer", "producer", "arranger"})
_LEAD_YEAR = re.compile(r"\b(?:is|was) an? (?P<y>(?:19|20)\d\d) ")
_PARTICLES = frozenset({"de", "van", "von", "der", "da", "di", "del", "la", "le", "du", "dos", "das", "y"})


def _run_together(value: str, text: str) -> list[str] | None:
    """The names a table cell ran together when its line breaks were lost ("Manuel Alcalá Alonso
    Ruizpalacios"), cut where each part is a name the page gives elsewhere too. One name of up
    to three words, or a list with its own separators, stands as written; None when no cut is sure."""
    words = value.split()
    if len(words) <= 3 or any(sep in value for sep in (",", "/", "&", ";", " and ", "·", "、")):
        return [value]
    elsewhere = text.replace(value, " ")
    best: dict[int, list[str]] = {0: []}
    for i in range(len(words)):
        if i not in best:
            continue
        for n in (2, 3, 4):
            part = words[i : i + n]
            if len(part) == n and part[-1].casefold() not in _PARTICLES and (name := " ".join(part)) in elsewhere and i + n not in best:
                best[i + n] = [*best[i], name]
    return best.get(len(words))


def labelled_fields(lines: list[Line]) -> list[Field]:
    """Every "Label: value" (and "Directed by X") in the lines; the value runs to the next label
    on the line, or, when the line ends at the label, on to the following lines."""
    out: list[Field] = []
    page_text: str | None = None
    spaced = [_spaced_label(ln.text) for ln in lines]
    for k, ln in enumerate(lines):
        t = ln.text
        hits = []
        for a, b, key in _colon_labels(t):
            hits.append((a, b, key, True))
        if not hits and (pipe := _piped_label(t)) is not None:
            value = t[pipe[0] : pipe[1]]
            if pipe[2] in _PEOPLE_KEYS:
                if page_text is None:
                    page_text = "\n".join(x.text for x in lines)
                names = _run_together(value, page_text)
                if names is None:
                    continue  # "Gael García Bernal Leonardo Ortizgris": names run together where the cell's breaks were lost
                value = ", ".join(names)
            out.append(Field(pipe[2], value, ln.span(pipe[0], pipe[1]), ln.index, True))
            continue
        if not hits and (sp := spaced[k]) is not None and (any(spaced[max(0, k - 2) : k]) or any(spaced[k + 1 : k + 3])):
            hits.append((0, sp[0], sp[1], True))  # (two such rows close together: a table, not a sentence)
        if not hits and (bare_key := _bare_label(t)) is not None and k + 1 < len(lines) and len(lines[k + 1].text) <= 80 \
                and _bare_label(lines[k + 1].text) is None and not _colon_labels(lines[k + 1].text) \
                and (bare_key != "cast" or looks_like_person(lines[k + 1].text)):
            # "Runtime" / "28 minutes", "Directors" / "Anton Gammelgaard" / "Berit Wheler": a definition
            # list or a table rendered as text, the label on a line of its own and its value below it
            hits.append((0, len(t), bare_key, True))
            bare = True
        else:
            bare = False
        for start, end, key, label in _by_labels(t):
            # "con"/"avec"/"mit" only open a line or follow a bar, never mid-sentence
            if key == "cast" and label.lower() in ("con", "avec", "mit", "stars") and start > 0:
                continue
            if not any(a <= start < b for a, b, _, _ in hits):
                hits.append((start, end, key, False))
        hits.sort()
        for i, (_a, b, key, colon) in enumerate(hits):
            end = hits[i + 1][0] if i + 1 < len(hits) else len(t)
            value = t[b:end].strip().strip("|,;").strip()
            span = ln.span(b + (len(t[b:end]) - len(t[b:end].lstrip())), end)
            if not value and i + 1 == len(hits):
                # "Réalisateur:" with its value on the next lines
                follow: list[Line] = []
                gap = False
                for nxt in lines[k + 1 : k + 12]:
                    if not nxt.text and not follow and not gap and colon:
                        gap = True  # "Director:" / (a blank line) / "Quentin Tarantino": blocks rendered apart
                        continue
                    if not nxt.text or _colon_labels(nxt.text) or len(nxt.text) > 80 or _bare_label(nxt.text) is not None:
                        break
                    if bare and follow and not (looks_like_person(nxt.text) if key == "cast" else
                                                key == "genre" and nxt.text.strip().casefold() in _ANY_GENRE):
                        break  # (under a bare label, only more names or more genres continue its value)
                    follow.append(nxt)
                    if key not in ("cast", "genre"):
                        break
                if follow:
                    value = ", ".join(x.text for x in follow)
                    span = Span(follow[0].start, follow[-1].end)
            elif i + 1 == len(hits) and (key == "cast" or (key in _PEOPLE_KEYS and _a == 0)):
                # "Darsteller: Steve Martin" then one more name a line; an infobox's "Written by Peter Barnes" / "Fabio Carpi"
                more = []
                for nxt in lines[k + 1 : k + 20]:
                    if not nxt.text or not looks_like_person(nxt.text):
                        break
                    more.append(nxt)
                if more:
                    value = ", ".join([value, *(x.text for x in more)])
                    span = Span(span.start, more[-1].end)
            if value:
                out.append(Field(key, value, span, ln.index, colon))
    out.extend(Field(f.key, f.value, Span(f.start, f.end), f.line) for f in column_fields(lines))
    return out


_VARIOUS = re.compile(r"(?i)^(?:various(?: artists)?|v\.?\s?a\.?)$")
_PAREN = re.compile(r"\s*[(\[（][^)\]）]*[)\]）]")
_CUT_SENTENCE = re.compile(r"(?<=[a-zà-ÿ\)])[.!?]\s+(?=[A-ZÀ-Þ])|\s+[-–—]\s+|\s{3,}")


_WRITING_SYSTEMS = frozenset(
    ["latin", "cyrillic", "greek", "japanese", "kana", "katakana", "hiragana", "han", "hangul", "arabic", "hebrew", "thai",
     "devanagari", "multiple scripts", "armenian", "georgian"])


def _no_one(value: str) -> bool:
    """A value that names nobody: a placeholder ("N/A", "TBA") or "Various (Artists)", which is
    no person's name (the page's compilation, not an artist to credit)."""
    return is_placeholder(value) or bool(_VARIOUS.match(value.strip()))


_LOWER_WORD = re.compile(r"\s+(?!(?:de|van|von|der|da|di|del|la|le|du|bin|al|y)\b)[a-zà-ÿ]")


def _people(value: str, *, characters: bool = False, prose: bool = False) -> list[tuple[str, str | None, int]]:
    """Person names in a field value, with the character when given, and their offsets. In
    prose ("directed by Academy Award nominee Damien Chazelle, critically acclaimed film …") the
    names run from the start, past an honour, to the first words that are no name."""
    value = _CUT_SENTENCE.split(value, maxsplit=1)[0]
    skip = 0
    if prose and (h := _HONOUR_ONLY.match(value)):
        skip = h.end()
        value = value[skip:]
    out: list[tuple[str, str | None, int]] = []
    if "," not in value and len(re.findall(r"\)\s+[A-ZÀ-Þ]", value)) >= 1:
        # "Fabrizio Bentivoglio (Bruno) Barbora Bobulova (Tina)": one name and part after another
        items, pos = [], 0
        for m in re.finditer(r"[^()]+?\s*\([^()]*\)", value):
            items.append((m.group(0).strip(), m.start() + (len(m.group(0)) - len(m.group(0).lstrip()))))
    elif "/" in value and "," not in value:
        items, pos = [], 0
        for part in value.split("/"):
            items.append((part.strip(), value.find(part.strip(), pos)))
            pos += len(part) + 1
    else:
        items = split_list(value)
    for item, off in items:
        if prose and (cut := _LOWER_WORD.search(item)) is not None:
            item = item[: cut.start()]  # "Julius Avery with a screenplay by …": the name ends where the sentence goes on
        name, char = person_and_character(item) if characters else (item, None)
        name = _PAREN.sub("", name).strip(" .:;\"'")
        name = re.sub(r"^(?:and|und|et|y|e|&)\s+", "", name)
        if not name or _no_one(name) or len(name) > 50:
            continue
        if looks_like_person(name) or (re.fullmatch(r"[\w\u3040-\u30ff\u4e00-\u9fff・·\-. ']{2,30}", name) and not name.islower()
                                        and len(name.split()) <= 4 and not any(c.isdigit() for c in name)):
            out.append((name, char, off + skip))
        elif prose:
            break
    return out


# "directed by Academy Award nominee Damien Chazelle", "starring Oscar winner Emma Stone": the honour is no name
_HONOUR = (r"(?:(?:(?:the\s+)?(?:Academy Award|Oscar|Golden Globe|Emmy|BAFTA|Grammy|Cannes|Palme d’Or|Palme d'Or)[- ]"
           r"(?:winning|winner|nominated|nominee)|award[- ]winning|acclaimed|critically acclaimed|legendary|veteran|"
           r"celebrated|renowned)\s+(?:(?:director|filmmaker|actor|actress|composer|writer|screenwriter)\s+)?)")
_HONOUR_ONLY = re.compile(_HONOUR)
_NAME = _HONOUR + r"?(?P<n>[A-ZÀ-Þ][\w'’.\-]+(?:\s+(?:de|van|von|der|da|di|del|la|le|du)?\s*[A-ZÀ-Þ][\w'’.\-]+){1,3})"
_PROSE = [
    (Role.WRITER, re.compile(rf"(?i:\bwritten and directed by|\bwriter[-/ ]director|\bwritten by|\bscreenplay by|\bscreenwriters?|\bwriting by|"
                             rf"\bguionistas?|\bsceneggiatori?|\bdrehbuchautor(?:in)?|\bscénaristes?)\s+{_NAME}")),
    (Role.WRITER, re.compile(rf"(?i:\bscreenwriters?|\bguionistas|\bsceneggiatori|\bscénaristes)\s+[A-ZÀ-Þ][\w'’.\-]+(?:\s+[A-ZÀ-Þ][\w'’.\-]+){{1,2}}\s+(?:and|y|e|et|und)\s+{_NAME}")),
    (Role.DIRECTOR, re.compile(rf"(?i:\bdirected by|\bdirector|\bwriter[-/ ]director|\bfilmmaker|\bdir\.|\bregia di|\bréalisé par|\bun film de|\bréalisateur)\s+{_NAME}")),
    (Role.ACTOR, re.compile(rf"(?:\bstarring|\bstars|\bplayed by|\bplayed in the film by|\bactors such as|\bwith|\bcast includes|"
                            rf"\bperformances (?:by|from)|\bturns (?:by|from))\s+{_NAME}")),
    (Role.DIRECTOR, re.compile(rf"\b(?i:documentary|film|movie|feature|picture|thriller|drama|comedy|western|biopic) (?:from|by) (?:directors? )?{_NAME}")),
    # "Drone est le premier film de Simon Bouisson", "il nuovo film di X", "Pour son premier film, Minh Quý Trương nous raconte"
    (Role.DIRECTOR, re.compile(rf"(?i:(?:\b(?:premier|deuxième|second|nouveau|dernier|troisième|primo|secondo|nuovo|ultimo|primera|"
                               rf"segunda|nueva|última|primeira|nova)\s+(?:long[- ]métrage|film|película|largometraje|lungometraggio|filme)\s+"
                               rf"(?:de|di|del|da|do|d['’])\s*|\b(?:pour|dans|avec|con|en|per|nel|nella)\s+(?:son|sa|il suo|su|seu)\s+"
                               rf"(?:premier|nouveau|dernier|primo|nuovo|ultimo|primera|nueva|última|primeiro|novo)\s+(?:long[- ]métrage|film|"
                               rf"película|lungometraggio|filme),\s+)|\b(?:lungometraggio|film|opera|long[- ]métrage|película|largometraje|filme)\s+"
                               rf"(?:d['’]\s?esordio|di esordio|de début|prima|de estreia|debut)\s+(?:di|de|del|da|do)\s+){_NAME}")),
    (Role.COMPOSER, re.compile(rf"(?i:\bmusic by|\bscore by|\bcomposed by|\bcomposer|\bmusic from|\bthe (?:film )?music of|\bscores? of)\s+{_NAME}")),
    # "its conductor Gustavo Dudamel", "flautist Sara Andon": a record's player named by what they play
    (Role.PERFORMER, re.compile(rf"(?i:\b(?:conductor|flautist|flutist|pianist|violinist|cellist|guitarist|saxophonist|trumpeter|"
                                rf"organist|harpist|soprano|mezzo-soprano|tenor|baritone|singer|vocalist|percussionist))\s+{_NAME}")),
    (Role.AUTHOR, re.compile(rf"based (?:up)?on {_NAME}['’]s? (?:novel|book|play|memoir|manga|comic|short story)")),
    (Role.AUTHOR, re.compile(rf"(?:based (?:up)?on (?:the |his |her |a )?(?:book|novel|manga|comic|play|story|short story|memoir)(?: of the same name)? by|\bfrom the (?:book|novel) by)\s+{_NAME}")),
]
# words one of _PROSE's patterns needs in a line (lower case), to spare the patterns the lines that cannot match
_PROSE_CUES = [
    ("writ", "screen", "guion", "sceneggiat", "drehbuch", "scénarist"),
    ("screenwriter", "guionistas", "sceneggiatori", "scénaristes"),
    ("direct", "filmmaker", "dir.", "regia", "réalis", "un film de"),
    ("starring", "stars", "played", "actors such", "with", "cast includes", "performances", "turns"),
    (" from ", " by "),
    ("film", "métrage", "película", "largometraje", "lungometraggio", "filme", "opera"),
    ("music", "score", "compos"),
    ("conductor", "flautist", "flutist", "pianist", "violinist", "cellist", "guitarist", "saxophonist", "trumpeter", "organist",
     "harpist", "soprano", "tenor", "baritone", "singer", "vocalist", "percussionist"),
    ("based",),
    ("based", "from the"),
]
# "Idris Elba als Molly Blooms Anwalt", "Tom Hanks as Robert Langdon", "Rowan Atkinson jako Johnny English",
# "Jessica Chastain in der Hauptrolle", "Marion Cotillard dans le rôle de …": an actor, then the part
_ROLE_NOUNS = ("autor", "autorin", "regisseur", "regisseurin", "produzent", "produzentin", "drehbuchautor", "komponist", "kameramann",
               "erzähler", "director", "producer", "writer", "host", "narrator", "režisér", "scenárista", "producent", "skladatel")
_ACTOR_AS = re.compile(
    r"(?P<n>[A-ZÀ-Þ][\w'’.\-]+(?:\s+(?:de|van|von|der|da|di|del|la|le|du)?\s*[A-ZÀ-Þ][\w'’.\-]+){1,3})\s+"
    r"(?:(?:as|als|jako|come)\s+(?:(?:the|a|his|her|der|die|das|den|ihr|ihre|sein|seine|seinen|ihren|einen|eine|ein|il|la|lo)\s+)?"
    r"(?P<c>[A-ZÀ-Þ][\w'’.\-]+(?:\s+[A-ZÀ-Þ][\w'’.\-]+){0,2})"
    r"|in\s+der\s+(?:Hauptrolle|Titelrolle|Rolle)|dans\s+le\s+rôle\s+(?:de|d['’])|nel\s+ruolo\s+(?:di|del|della)|en\s+el\s+papel\s+de|"
    r"v\s+roli|v\s+hlavní\s+roli)")
_ACTOR_AS_CUES = (" as ", " als ", " jako ", " come ", "rolle", "rôle", "ruolo", "papel", " roli")
_INSTRUMENT = (r"(?:(?:lead|rhythm|backing|additional|acoustic|electric|alto|tenor|soprano|baritone|bass|double|slide|steel|pedal steel)\s+)?"
               r"(?:guitars?|bass|drums|vocals?|keyboards?|keys|piano|saxophones?|sax|trumpets?|percussion|violins?|viola|cello|synths?|"
               r"synthesizers?|organ|flutes?|clarinets?|oboe|bassoon|harp|horns?|french horn|trombones?|tuba|accordion|harmonica|banjo|"
               r"mandolin|strings|programming|turntables|soprano|mezzo-soprano|alto|tenor|baritone|"
               r"gitarre|schlagzeug|gesang|chitarra|batteria|voce|basso|guitare|batterie|chant|guitarra|batería|voz)")
# "Steve Vai (Lead Guitar)", "Phil Todd(soprano saxophone, alto saxophone)": a player, then the parts played
_PLAYER_PAREN = re.compile(
    r"(?P<n>[A-ZÀ-Þ][\w'’.\-]+(?:\s+[A-ZÀ-Þ][\w'’.\-]+){1,2})\s*\((?P<i>(?i:" + _INSTRUMENT + r"(?:\s*(?:,|&|/|and)\s*" + _INSTRUMENT + r"){0,3}))\)")
_MORE_NAMES = re.compile(rf"(?:,\s*(?:and\s+)?|\s+(?:and|&|y|et|und|e)\s+)(?:[A-ZÀ-Þ][\w'’.\-]+,\s*(?:and\s+)?)?{_NAME}")
_ACTOR_PAREN = re.compile(rf"(?:(?P<c>[A-ZÀ-Þ][\w'’.\-]+(?:\s+[A-ZÀ-Þ][\w'’.\-]+){{0,2}})|(?<=[\w,]))\s\({_NAME}\)")
_PAREN_LIST = re.compile(r"\((?P<l>[A-ZÀ-Þ][^()]{5,200}?)\)")
_SHOP = re.compile(r"(?i)\b(?:add to (?:cart|basket)|in stock|out of stock|our price|free shipping|checkout|sku)\b|[£$€]\s?\d")
_FIRST_PERSON = re.compile(r"\b(?:I|I'm|I’m|I've|I’ve|my|me|we|our|je|j'ai|j’ai|ich|mich|mir|yo|io|mi|我)\b")
_REVIEW_CUE = re.compile(r"\b(?:review|reviewed|reviewing|critique|kritik|rezension|recensione|reseña|crítica|recenze|verdict|grade|rating)\b|レビュー|感想|影评", re.I)
_RUNTIME = [
    re.compile(r"(?P<h>\d)\s*(?:hours?|hrs?\.?|h|std\.?|heures?|ore)\s*,?\s*(?:and\s+)?(?P<m>\d{1,2})\s*(?:minutes?|mins?\.?|m|min)?\b", re.I),
    re.compile(r"(?<![\d:])(?P<m>\d{2,3})\s*(?:minutes|mins?\.?|min|分|minuti|minutos|Min\.?)(?![\w])", re.I),
]
_CONTENT_RATING = re.compile(r"(?:\bRated\s+(?P<a>G|PG|PG-13|R|NC-17|NR|TV-MA|TV-14|TV-PG|Not Rated|Unrated)\b|(?:^|\|)\s*(?P<b>G|PG|PG-13|R|NC-17|NR|TV-MA|TV-14)\s*(?:\||$))")
_BYLINE = re.compile(
    r"^(?:(?:review(?:ed)?|written|posted|words|text)\s+by|by|von|par|por|di|de|recensione di|autor|autore|author|reviewer|"
    r"critique de|critique par|chronique\s*[@:]?|chronique de|críticas? de|rezension von|kritik von|recenze)\s*[:：@]?\s*(?P<n>.{2,50})$", re.I)
# "– John Kehe", "-Laura Scheiter-", "~ Ann Lee"
_DASH_BYLINE = re.compile(r"^[–—~-]\s*(?P<n>[A-ZÀ-Þ][\w'’.\- ]{2,40}?)\s*[–—~-]?$")
# "(dmm)": a reviewer's initials closing the text
_INITIALS = re.compile(r"^\((?P<n>[a-zà-ÿ]{2,4}|[A-ZÀ-Þ]{2,4})\)$")
_INLINE_BY = re.compile(
    r"(?:^|[.!?)]\s+)(?:(?:[Rr]eview(?:ed)?\s+)?[Bb]y|[—–]|par|von|por|di)\s+(?P<n>[A-ZÀ-Þ][\w'’.\-]+(?:\s+[A-ZÀ-Þ][\w'’.\-]+){1,2})\s*[.!]?\s*$")
_GLYPH_NUMBER = re.compile(r"(?P<g>[★☆✭✩]{3,10})\+?\s*[(（](?P<v>\d{1,2}(?:[.,]\d{1,2})?)[)）]")
_JP_RATING = re.compile(r"[☆★]\s*(?P<v>\d(?:\.\d)?)\s*点")
_GRADE_WORD = re.compile(r"(?:^|\b)(?:grade|note|rating|verdict|score|voto|wertung|bewertung|hodnocení|評価)\s*[:：]\s*(?P<r>[A-F][+\-–−]?(?![\w])|\d{1,3}(?:[.,]\d)?\s*/\s*\d{1,3}|\d(?:[.,]\d)?\s*(?:out of|of)\s*\d{1,2}(?:\s*stars?)?|[★☆*½]{1,6})", re.I)
_STAR_WORDS = re.compile(r"(?<![\w.])\d(?:[.,]\d)?\s*(?:out of\s*\d{1,2}\s*)?(?:stars?|étoiles?|sterne?|estrellas?|stelle)\b", re.I)
_SERIES = re.compile(r"\b(?:tv series|season \d|episode|episodes|series premiere|netflix series|miniseries)\b", re.I)


_MUSIC_WORDS = frozenset((
    "album", "albums", "soundtrack", "ost", "cd", "cds", "lp", "lps", "ep", "eps", "vinyl", "recording", "recordings", "jazz",
    "quartet", "quintet", "trio", "track", "tracks", "tracklist", "label", "record", "records", "song", "songs", "single", "band",
    "composer", "score", "orchestra", "disc", "singer", "guitar", "remaster", "remastered", "reissue", "pressing", "sleeve"))
_MUSIC_CJK = ("サントラ", "サウンドトラック", "アルバム", "収録", "盤", "楽曲", "专辑", "專輯", "原声")
_FILM_WORDS = frozenset((
    "film", "films", "movie", "movies", "director", "directed", "directorial", "filmmaking", "cinematography", "starring", "cast",
    "screenplay", "actor", "actress", "cinema", "sequel", "filmmaker", "premiere", "plot", "character", "characters", "regie",
    "réalisateur", "regia", "película", "dirigida", "filme", "hrají", "režie", "režisér", "režiséra", "snímek", "snímku", "filmu",
    "herec", "herečka", "scénář", "reżyseria", "reżyser", "obsada", "kino"))
_FILM_CJK = ("映画", "監督", "出演", "导演", "主演")
_FILM_ONLY_WORDS = _FILM_WORDS - _MUSIC_WORDS
_WORDS = re.compile(r"\w+")


_CJK_CHARS = re.compile(r"[\u2e80-\u9fff\uac00-\ud7af]")


def text_weight(text: str) -> int:
    """How much a text says, in Latin letters: a Chinese or Japanese character says about as much
    as two or three ("☆2点 … 監督はニコラ・ブナム" is a paragraph at 150 characters)."""
    if text.isascii():
        return len(text)
    return len(text) + 2 * len(_CJK_CHARS.findall(text))


@lru_cache(maxsize=64)
def music_or_film(text: str) -> tuple[int, int]:
    """How many music words and film words the text holds (whole words, any case)."""
    low = text.lower()
    words = _WORDS.findall(low)
    # (counted in C; a word of both lists would count as music)
    music = sum(map(_MUSIC_WORDS.__contains__, words))
    film = sum(map(_FILM_ONLY_WORDS.__contains__, words))
    if not text.isascii():
        music += sum(text.count(c) for c in _MUSIC_CJK)
        film += sum(text.count(c) for c in _FILM_CJK)
    return music, film + low.count("box office")


@dataclass
class EntryFacts:
    """What one entry states, before it becomes drafts."""

    title: str
    title_span: Span | None
    kind: WorkKind
    year: tuple[str, Span | None] | None = None
    credits: list[Credit] = field(default_factory=list)
    prose_credits: list[Credit] = field(default_factory=list)  # "directed by X" in running text: weaker than fields
    genres: list[tuple[str, Span]] = field(default_factory=list)
    runtime: tuple[str, Span] | None = None
    content_rating: tuple[str, Span] | None = None
    country: tuple[str, Span] | None = None
    labels: list[tuple[str, str | None, Span]] = field(default_factory=list)
    formats: list[tuple[str, Span]] = field(default_factory=list)
    release_date: tuple[str, Span] | None = None
    rating: tuple[Rating, Span | None] | None = None
    author: tuple[str, Span | None] | None = None
    review_date: tuple[str, Span | None] | None = None
    body: tuple[str, Span] | None = None
    tracks: list[Track] = field(default_factory=list)
    field_tracks: list[Track] = field(default_factory=list)  # songs a field or the prose names, with no tracklist position
    alt_titles: list[tuple[str, Span]] = field(default_factory=list)
    date_line: tuple[str, Span] | None = None  # a line that is only a date (often the post's)
    named_artist: bool = False  # the head names the artist apart from the title ("X – Y (by Z)")
    aggregate: tuple[AggregateRating, Span] | None = None
    track_count: int | None = None  # "12 tracks"
    total_time: str | None = None  # an album's stated total running time, "64:16"
    field_keys: set[str] = field(default_factory=set)  # keys given as "Label: value"
    announced_by: str | None = None  # the act whose news this is ("John Mellencamp präsentiert neues Album …")
    reviewish: bool = False  # the entry reads as a review (a rating, a byline, a critic's voice)
    headline: str | None = None


def _credit(role: str, name: str, span: Span | None, *, character: str | None = None, kind: AgentKind = AgentKind.PERSON) -> Credit:
    return Credit(agent=Agent(name=name, kind=kind), role=role, character=character, span=span)


def _clock(h: int, m: int) -> str:
    return f"{h}:{m:02d}:00"


def _runtime(text: str) -> tuple[str, int, int] | None:
    m = _RUNTIME[0].search(text)
    if m and int(m.group("m")) < 60:
        return _clock(int(m.group("h")), int(m.group("m"))), m.start(), m.end()
    m = _RUNTIME[1].search(text)
    if m and 40 <= int(m.group("m")) <= 400:
        v = int(m.group("m"))
        return _clock(v // 60, v % 60), m.start(), m.end()
    m = _PRIME_MINUTES.search(text)
    if m and 40 <= int(m.group("m")) <= 400:
        # "(Scialla! (Stai sereno); ITALIA 2011; Commedia; 95'; Produz.: …)": minutes with a prime, as Italian film sheets write them
        v = int(m.group("m"))
        return _clock(v // 60, v % 60), m.start(), m.end()
    return None


_PRIME_MINUTES = re.compile(r"(?:^|[;|(]\s*|:\s+)(?P<m>\d{2,3})\s?['’′](?=\s*(?:[;|)]|$))")


def read_entry(entry: Entry, *, title: str, title_span: Span | None, kind: WorkKind, page_author: str | None = None) -> EntryFacts:
    """Read one entry's facts from its own lines."""
    facts = EntryFacts(title=title, title_span=title_span, kind=kind)
    lines = [ln for ln in entry.lines if ln.text]
    head: Head | None = entry.head
    if head is not None:
        if head.year:
            facts.year = (head.year, None)
        if head.rating:
            facts.rating = (head.rating, head.rating_span)
        if head.creator:
            _creator(facts, head)
            facts.named_artist = head.shape == "by_artist"
        if head.label:
            facts.labels.append((head.label, head.catno, head.span))
        if head.fmt:
            facts.formats.append((head.fmt, head.span))
    fields = labelled_fields(lines)
    taken: set[int] = set()
    for f in fields:
        _apply_field(facts, f)
        if f.colon:
            facts.field_keys.add(f.key)
        taken.add(f.line)
    _prose_credits(facts, lines)
    _possessive_maker(facts, lines)
    _bracketed_other_title(facts, lines)
    _find_aggregate(facts, lines)
    if facts.kind in (WorkKind.FILM, WorkKind.TV_SERIES, WorkKind.OTHER):
        _info_strip(facts, lines)
        _year_country_maker(facts, lines)
    if facts.kind == WorkKind.ALBUM:
        _label_year(facts, lines)
    if facts.rating is None or set(facts.rating[0].text.strip()) <= {"*"}:
        # "… Overall: 8 Recommendation: Buy": the score the review's own words give, inside its
        # paragraph; it beats a head's bare asterisks, which are as often the site's bold markup
        inline = _inline_score(lines)
        if inline is not None:
            facts.rating = inline
    _find_rating(facts, lines)
    _find_byline(facts, lines, head)
    _find_misc(facts, lines)
    if facts.kind == WorkKind.ALBUM:
        tls = find_tracklists(entry.lines)
        for tl in tls:
            facts.tracks.extend(tl.tracks)
        if not facts.tracks:
            facts.tracks = stacked_tracks(lines)
        facts.tracks = split_track_artists(facts.tracks)
        if not facts.tracks:
            _quoted_songs(facts, lines)
            facts.tracks = facts.field_tracks
        _label_lines(facts, lines)
        _release_line(facts, lines)
        _prose_release(facts, lines)
    body = [ln for ln in lines if text_weight(ln.text) >= 80 and (ln.index not in taken or _prose(ln.text)) and not is_chrome(ln.text)]
    if body:
        facts.body = ("\n\n".join(ln.text for ln in body), Span(body[0].start, body[-1].end))
    if page_author and facts.author is None and (facts.rating or facts.body):
        facts.author = (page_author, None)
    text = entry.text
    facts.reviewish = bool(facts.rating or facts.author or (facts.body and (
        len(_FIRST_PERSON.findall(text)) >= 2 or (head is not None and _REVIEW_CUE.search(head_text(entry)))
        or (facts.kind in (WorkKind.FILM, WorkKind.ALBUM) and text_weight(facts.body[0]) >= 200 and not _SHOP.search(text)
            and not encyclopedic(facts.body[0])))))
    if head is not None and head.shape in ("prefix", "suffix"):
        facts.headline = head_text(entry)
    if facts.year is None and facts.body and encyclopedic(facts.body[0]) and (y := _LEAD_YEAR.search(facts.body[0][:300])) is not None:
        facts.year = (y.group("y"), None)  # "Museum … is a 2018 Mexican drama heist film": the article's own year
    full = {(c.role, c.agent.name.rsplit(" ", 1)[-1]) for c in facts.credits if " " in c.agent.name}
    facts.credits = [c for c in facts.credits if " " in c.agent.name or (c.role, c.agent.name) not in full]  # "written by Ruizpalacios" beside "Alonso Ruizpalacios"
    return facts


def _prose(text: str) -> bool:
    """A long line of running words, though it opens with fields ("2023 | PG-13 | 2h 15m | Action,
    Drama As an admitted cinephile …"): the review's text, whatever a field reader took from it."""
    return text_weight(text) >= 200 and len(re.findall(r"\b[a-zà-ÿ]{2,}\b", text)) >= 25


_STRIP_SEP = re.compile(r"\s+[|·•]\s+")
_STRIP_RATING = re.compile(r"(?:G|PG|PG-13|R|NC-17|NR|Not Rated|Unrated|Approved|TV-(?:Y7?|G|PG|14|MA)|U|12A|15|18)")
_STRIP_GENRES = frozenset(("action", "adventure", "animation", "animated", "biography", "biopic", "comedy", "crime", "documentary",
                           "drama", "family", "fantasy", "film-noir", "history", "horror", "music", "musical", "mystery", "romance",
                           "sci-fi", "science fiction", "sport", "sports", "thriller", "war", "western", "short", "superhero"))


_ANY_GENRE = _STRIP_GENRES | frozenset(("rock", "pop", "jazz", "rap", "hip-hop", "electronic", "folk", "metal", "classical",
                                         "soundtrack", "blues", "soul", "r&b", "reggae", "punk", "ambient", "dance", "indie",
                                         "black metal", "death metal", "heavy metal", "anime", "slice of life", "suspense",
                                         "psychological", "supernatural", "school", "sports", "mecha", "shounen", "shoujo", "seinen"))


# "Nonesuch • 2002", "Lakeshore / Fire • 2017", or "• 2002" under the label lines it closes
_LABEL_YEAR = re.compile(r"^(?:(?P<lab>[^•·|\d][^•·|]{1,60}?)\s*)?[•·|]\s*(?P<y>(?:19|20)\d\d)$")


def _label_year(facts: EntryFacts, lines: list[Line]) -> None:
    """An album review's head strip: the record's label(s) and year joined by a bullet, as review
    sites print them under the title. Labels come only from the strip's own line, or from the short
    lines just above a bare "• 2002" (never the title's or the artist's line)."""
    taken = {fold(facts.title)} | {fold(c.agent.name) for c in facts.credits}
    for k, ln in enumerate(lines[:15]):
        m = _LABEL_YEAR.match(ln.text.strip())
        if m is None:
            continue
        if facts.year is None:
            facts.year = (m.group("y"), ln.span(m.start("y"), m.end("y")))
        if facts.labels:
            return
        if m.group("lab"):
            found = [(m.group("lab").strip(), ln.span(m.start("lab"), m.start("lab") + len(m.group("lab").strip())))]
        else:
            found = []
            for up in reversed(lines[max(0, k - 3) : k]):
                t = up.text.strip()
                if fold(t) in taken or len(t) > 40 or not t[:1].isupper() or any(c in t for c in ".:!?"):
                    break
                found.insert(0, (t, up.span()))
        for name, sp in found:
            for part in re.split(r"\s*/\s*", name):
                if part and canonical(part) is None:
                    facts.labels.append((part, None, sp))
        return


# "(2007) España" over "Nacho Vigalondo": a film database's strip, its year and country, its director below
_YEAR_COUNTRY = re.compile(r"^\((?P<y>(?:18|19|20)\d\d)\)\s+(?P<c>[A-ZÀ-Þ][\w.\-]+(?:[ /,]+[A-ZÀ-Þ][\w.\-]+){0,3})$")


def _year_country_maker(facts: EntryFacts, lines: list[Line]) -> None:
    for k, ln in enumerate(lines[:8]):
        m = _YEAR_COUNTRY.match(ln.text.strip())
        if m is None:
            continue
        if facts.year is None:
            facts.year = (m.group("y"), ln.span(m.start("y"), m.end("y")))
        if facts.country is None:
            facts.country = (m.group("c"), ln.span(m.start("c"), m.end("c")))
        below = lines[k + 1].text.strip() if k + 1 < len(lines) else ""
        if below and len(below) <= 40 and looks_like_person(below) and not any(c.role == Role.DIRECTOR for c in facts.credits):
            facts.credits.append(_credit(Role.DIRECTOR, below, lines[k + 1].span()))
        return


def _info_strip(facts: EntryFacts, lines: list[Line]) -> None:
    """A film's strip of facts between bars, as review sites copy it from a database:
    "2023 | PG-13 | 2h 15m | Action, Biography, Drama", "NR | 1h 9min | Documentary, Music | 09 June 2023 (USA)".
    Each part must be a year, a content rating, a running time, genres or a date; the last part
    may run on into the review's first sentence."""
    for ln in lines[:12]:
        parts = _STRIP_SEP.split(ln.text.strip())
        if len(parts) < 3:
            continue
        found: dict[str, tuple[str, int, int]] = {}
        genres: list[tuple[str, int]] = []
        at = 0
        ok = True
        for k, part in enumerate(parts):
            start = ln.text.find(part, at)
            at = start + len(part)
            last = k == len(parts) - 1
            p = part.strip()
            if re.fullmatch(r"(?:18|19|20)\d\d", p):
                found.setdefault("year", (p, start, start + len(p)))
            elif _STRIP_RATING.fullmatch(p):
                found.setdefault("rating", (p, start, start + len(p)))
            elif (rt := _runtime(p)) is not None and rt[2] - rt[1] >= len(p) - 1:
                found.setdefault("runtime", (rt[0], start + rt[1], start + rt[2]))
            elif (dates := find_dates(p)) and dates[0][1] == 0 and (last or re.fullmatch(r"[\s(),A-Za-z.]*", p[dates[0][2]:])):
                found.setdefault("date", (dates[0][0], start, start + dates[0][2]))
            else:
                words = [w.strip() for w in re.split(r",\s*", p)]
                if last and words:
                    # "Drama As an admitted cinephile …": the genres end where the prose begins
                    k = next((i for i, w in enumerate(words) if w.casefold() not in _STRIP_GENRES), len(words))
                    if k < len(words):
                        tail = words[k].split()
                        while tail and " ".join(tail).casefold() not in _STRIP_GENRES:
                            tail.pop()
                        words = words[:k] + ([" ".join(tail)] if tail else [])
                if words and all(w.casefold() in _STRIP_GENRES for w in words):
                    off = start
                    for w in words:
                        j = ln.text.find(w, off)
                        genres.append((w, j))
                        off = j + len(w)
                elif not last:
                    ok = False
                    break
        if not ok or len(found) + bool(genres) < 2:
            continue
        if facts.year is None or ("date" in found and len(facts.year[0]) == 4 and found["date"][0].startswith(facts.year[0])):
            v = found.get("date") or found.get("year")
            if v is not None:
                facts.year = (v[0], ln.span(v[1], v[2]))
        if facts.runtime is None and "runtime" in found:
            v = found["runtime"]
            facts.runtime = (v[0], ln.span(v[1], v[2]))
        if facts.content_rating is None and "rating" in found:
            v = found["rating"]
            facts.content_rating = (v[0], ln.span(v[1], v[2]))
        if not facts.genres:
            facts.genres.extend((g, ln.span(j, j + len(g))) for g, j in genres)
        return


def head_text(entry: Entry) -> str:
    if entry.head is None:
        return ""
    ln = next((x for x in entry.lines if x.index == entry.head.line), None)
    return ln.text if ln is not None else ""


_POS_ALONE = re.compile(r"^(?:[A-H]?\d{1,3}|[A-H])[.)]?$")
_DUR_ALONE = re.compile(r"^(?P<t>.*?)\s*\(?(?P<d>\d{1,2}:\d{2}(?::\d{2})?)\)?$")


def stacked_tracks(lines: list[Line]) -> list[Track]:
    """A tracklist printed one cell a line: the position, then the title, then (often) the time."""
    out: list[Track] = []
    k = 0
    while k < len(lines) - 1:
        ln = lines[k]
        if _POS_ALONE.match(ln.text) and not _POS_ALONE.match(lines[k + 1].text) and len(lines[k + 1].text) <= 120:
            title_ln = lines[k + 1]
            title, dur, step = title_ln.text, None, 2
            m = _DUR_ALONE.match(title)
            if m and m.group("t"):
                title, dur = m.group("t"), m.group("d")
            elif k + 2 < len(lines):
                m = _DUR_ALONE.match(lines[k + 2].text)
                if m and len(lines[k + 2].text) <= 60:
                    dur, step = m.group("d"), 3
                    extra = m.group("t").strip()
                    if extra:
                        title = f"{title} {extra}"
            out.append(Track(position=ln.text.rstrip(".)"), title=title.strip(), duration=dur, span=title_ln.span()))
            k += step
            continue
        k += 1
    return out if len(out) >= 3 else []


_TRACK_ARTIST = re.compile(r"^(?P<a>[^–—\-]{1,60}?)\s*[–—]\s*(?P<t>\S.*)$|^(?P<a2>[^–—\-]{1,60}?)\s+-\s+(?P<t2>\S.*)$")
_FEAT = re.compile(r"^(?P<t>.+?)\s*(?:&|feat\.?|featuring|ft\.)\s+(?P<a>[A-ZÀ-Þ][\w'’.\- ]{1,40})$")


def _artist_side(pairs: list[tuple[str, str]]) -> int:
    """Which side of "A - B" names the artists (0 or 1): the side whose names recur across the
    tracks, that read as names of people or bands ("The Tornados"), and that are shorter."""
    score = [0.0, 0.0]
    for side in (0, 1):
        values = [p[side].casefold() for p in pairs]
        score[side] += 2.0 * (len(values) - len(set(values))) / len(values)
        score[side] += sum(1 for p in pairs if looks_like_person(p[side]) or re.match(r"(?i)the\s+\w+s$", p[side])) / len(pairs)
    if abs(score[0] - score[1]) < 0.15:
        return 0  # no evidence either way: "Artist - Title", the way most listings write it
    return 0 if score[0] > score[1] else 1


def split_track_artists(tracks: list[Track]) -> list[Track]:
    """"Boney M.– El Lute": when most tracks of a list read "Artist – Title", split them."""
    if not tracks:
        return tracks
    hits = [_TRACK_ARTIST.match(t.title) for t in tracks]
    out = []
    if sum(1 for h in hits if h) >= max(2, 0.6 * len(tracks)):
        pairs = [((h.group("a") or h.group("a2")).strip(), (h.group("t") or h.group("t2")).strip()) if h else None for h in hits]
        swap = _artist_side([p for p in pairs if p]) == 1  # "Fortune Teller - The Rolling Stones": title first
        for t, pair in zip(tracks, pairs, strict=True):
            if pair:
                artist, title = (pair[1], pair[0]) if swap else pair
                credit = _credit(Role.PERFORMER, artist, None, kind=AgentKind.PERSON if looks_like_person(artist) else AgentKind.GROUP)
                t = msgspec.structs.replace(t, title=title, credits=(*t.credits, credit))
            out.append(t)
        return out
    for t in tracks:
        m = _FEAT.match(t.title)
        if m:
            t = msgspec.structs.replace(t, title=m.group("t").strip(), credits=(*t.credits, _credit(Role.PERFORMER, m.group("a").strip(), None)))
        out.append(t)
    return out


_LABEL_LINE = re.compile(r"^(?P<l>[A-Z][\w&.'’ ]{1,40}?)\s*[–—-]\s*(?P<c>(?=.*\d)[A-Z]{0,8}[\s\-.]?\d[\dA-Z\s\-./]{0,16})$")


def _label_lines(facts: EntryFacts, lines: list[Line]) -> None:
    """"Club Top 13 – 38 093 1": a label and its catalogue number on one line; "Varese Sarabande"
    over "VSD-6225   [Disc One: 71:10 / …]": the label on the line above its number."""
    for k, ln in enumerate(lines[:40]):
        m = _LABEL_LINE.match(ln.text)
        if m and not _POS_ALONE.match(m.group("l")):
            name, cat = m.group("l").strip(), m.group("c").strip()
            if not any(c == cat for _, c, _ in facts.labels):
                facts.labels.append((name, cat, ln.span(m.start("l"), m.end("c"))))
        elif k < 15 and len(ln.text) <= 50 and (m2 := _LABEL_CATNO.match(ln.text.strip())) is not None \
                and not re.fullmatch(r"(?:19|20)\d\d", m2.group("c")) and fold(m2.group("l")) != fold(facts.title) \
                and not is_placeholder(m2.group("l")) and not find_dates(ln.text) and not any(c == m2.group("c") for _, c, _ in facts.labels):
            # "Orchard Music OMUK200700" under a record's title: the label, then its number
            facts.labels.append((m2.group("l"), m2.group("c"), ln.span(0, len(ln.text.rstrip()))))
        elif k and (c := _CATNO_TOKEN.match(ln.text.strip())) is not None and not any(cat == c.group("c") for _, cat, _ in facts.labels):
            above = lines[k - 1].text.strip()
            if _LABEL_ABOVE.fullmatch(above) and fold(above) != fold(facts.title) and not is_placeholder(above) and not _colon_labels(above):
                facts.labels.append((above, c.group("c"), lines[k - 1].sub(above)))


_LABEL_CATNO = re.compile(r"(?P<l>[A-Z][\w&.'’\-]*(?:\s+[A-Z&][\w&.'’\-]*){0,3})\s+(?P<c>[A-Z]{1,8}[- ]?\d{3,10}[A-Z]?|\d{5,14})")
_LABEL_ABOVE = re.compile(r"[A-Z][\w&.'’\-]*(?:\s[A-Z&][\w&.'’\-]*){0,3}")


# "KRONOS RECORDS presents", "La-La Land Records has announced": a label named in the prose
_PROSE_LABEL = re.compile(r"\b(?P<l>(?:[A-Z][\w&'’.\-]*\s+){1,3}(?:Records|RECORDS|Recordings|RECORDINGS))\b"
                          r"|\b(?:on|for|via|through|from)\s+(?:the\s+)?(?P<l2>[A-Z][\w&'’.\-]*(?:\s+[A-Z][\w&'’.\-]*){0,2})\s+(?:label|imprint)\b")
def _prose_label(text: str) -> tuple[str, int, int] | None:
    """A label named in prose ("KRONOS RECORDS presents", "the artists on the Kitty-Yo label"), with its offsets."""
    m = _PROSE_LABEL.search(text)
    if m is None:
        return None
    g = "l" if m.group("l") else "l2"
    name = m.group(g).strip()
    return None if is_chrome(name) else (name, m.start(g), m.start(g) + len(name))


# "release this soundtrack on CD format", "a double CD", "Doppel-CD", "the vinyl LP"
_PROSE_FORMAT = re.compile(
    r"(?i)\b(?:on|a|the|this|double|triple|2|two|limited|new|doppel|2-)[\s-](?P<f>CD|CDs|LP|vinyl|SACD|cassette|blu-ray|DVD)\b"
    r"|\b(?P<g>CD|LP|SACD)(?:\s+(?:release|edition|set|album|format|reissue|box)\b|(?=発売|盤|アルバム|2枚組|２枚組))")


_RL_LABEL_CAT = re.compile(r"^(?P<l>[A-Z][\w&.'’ -]{1,40}?)\s+(?P<c>[A-Z]{0,6}[- ]?\d[\w\-./]{1,14})$")
_RL_COUNTRY = re.compile(rf"^(?:{COUNTRIES})$")


def _release_line(facts: EntryFacts, lines: list[Line]) -> None:
    """"LP, Reissue, Reprise Records RS6261, 1979, US.": a release described in one line, the
    way collectors copy it from Discogs: formats first, then the label and its number, the year
    and the country."""
    for ln in lines[-40:]:
        t = ln.text.strip().rstrip(".")
        if len(t) > 120 or "," not in t:
            continue
        parts = [p.strip() for p in t.split(",")]
        if not parse_formats(parts[0]) or len(parts) < 3:
            continue
        label = year = country = None
        for p in parts[1:]:
            m = _RL_LABEL_CAT.match(p)
            if m and label is None and not parse_formats(p):
                label = m
                off = t.find(p)
                facts.labels.append((m.group("l").strip(), m.group("c"), ln.span(off, off + len(p))))
            elif re.fullmatch(r"(?:19|20)\d\d", p) and year is None:
                year = p
            elif _RL_COUNTRY.match(p) and country is None:
                country = p
        if label is None and year is None:
            continue
        if not facts.formats:
            facts.formats.append((", ".join(x for x in parts if parse_formats(x) or not (_RL_LABEL_CAT.match(x) or x in (year, country))),
                                  ln.span(0, len(parts[0]))))
        if year and facts.release_date is None:
            facts.release_date = (year, ln.sub(year))
        if country and facts.country is None:
            facts.country = (country, ln.sub(country))
        return


_CATNO_TOKEN = re.compile(r"(?<![\w-])(?P<c>[A-Z]{2,5}-\d{3,6}(?:[~〜]\d{1,2})?)(?![\w-])")  # "VPCD-81103", "DFCL-2101~2"


_RELEASED_THROUGH = re.compile(r"\b(?:released|out|issued|reissued)\b[^.;]{0,60}?\b(?:through|via)\s+"
                               r"(?P<l>[A-Z][\w'’\-]*(?:\s+(?:&|and|[A-Z][\w'’\-]*)){0,4}?)(?=\s+(?:on|in|as|with|and|this|next|for)\b|[.,;!]|$)")
_PLATFORMS = frozenset(("bandcamp", "spotify", "itunes", "apple", "amazon", "youtube", "soundcloud", "tidal", "deezer", "netflix", "hulu",
                        "prime", "disney+", "the", "his", "her", "their", "its", "our"))


def _prose_release(facts: EntryFacts, lines: list[Line]) -> None:
    """A label and a format the prose names, where no field gives them."""
    lines = [ln for ln in lines if "\t" not in ln.text]  # (a table's rows are no prose: their cells are read as a table)
    if not facts.labels:
        # "1995年8月2日 CD発売 VPCD-81103": a catalog number among the first lines, in the shape Japanese labels use
        for ln in lines[:10]:
            m = _CATNO_TOKEN.search(ln.text)
            if m and len(ln.text) <= 120:
                facts.labels.append(("", m.group("c"), ln.span(m.start("c"), m.end("c"))))
                if facts.release_date is None:
                    found = find_dates(ln.text)
                    if found and len(found[0][0]) == 10:
                        facts.release_date = (found[0][0], ln.span(found[0][1], found[0][2]))
                break
    if facts.labels and all(not name for name, _, _ in facts.labels):
        # "CD No: MBR-197" gave the number alone; "Music Box Records … present" gives whose it is
        for ln in lines:
            if (pl := _prose_label(ln.text)) is not None:
                _, cat, sp = facts.labels[0]
                facts.labels[0] = (pl[0], cat, sp)
                break
    if not facts.labels:
        for ln in lines[:30]:
            m = _RELEASED_THROUGH.search(ln.text)
            if m and m.group("l").split()[0].casefold() not in _PLATFORMS and not is_chrome(m.group("l")):
                # "will be released on April 10, 2012 through Arts & Crafts on vinyl / CD"
                facts.labels.append((m.group("l").strip(), None, ln.span(m.start("l"), m.end("l"))))
                break
    if not facts.labels:
        for ln in lines:
            if (pl := _prose_label(ln.text)) is not None and pl[0].split()[0].casefold() not in ("the", "our", "their", "his", "her"):
                facts.labels.append((pl[0], None, ln.span(pl[1], pl[2])))
                break
    if not facts.formats:
        for ln in lines:
            m = _PROSE_FORMAT.search(ln.text)
            if m:
                g = "f" if m.group("f") else "g"
                facts.formats.append((m.group(g), ln.span(m.start(g), m.end(g))))
                break


def _creator(facts: EntryFacts, head: Head) -> None:
    c = head.creator or ""
    if head.shape == "listing" and "," in c and facts.kind == WorkKind.ALBUM:
        # "Armstrong, Louis" and "Beirach, Richie/Gregor Huebner": surname first, co-leaders by a slash
        names = []
        for part in c.split("/"):
            sur, _, first = part.partition(",")
            names.append(f"{first.strip()} {sur.strip()}".strip() if first else part.strip())
        for name in names:
            facts.credits.append(_credit(Role.PERFORMER, name, None))
        return
    if head.shape == "title_year":
        for name, _, _off in _people(c):
            role = Role.DIRECTOR if facts.kind == WorkKind.FILM else Role.PERFORMER if facts.kind == WorkKind.ALBUM else Role.AUTHOR
            facts.credits.append(_credit(role, name, None))
    elif head.shape == "by_artist" and not _no_one(c):
        # "Title by Artist": the record's artist, the book's author, the film's maker when the page says no more
        by_role = Role.PERFORMER if facts.kind == WorkKind.ALBUM else Role.AUTHOR if facts.kind in (WorkKind.BOOK, WorkKind.COMIC) else None
        if by_role is not None:
            kind = AgentKind.PERSON if looks_like_person(c) else AgentKind.GROUP
            facts.credits.append(_credit(by_role, c, None, kind=kind))
    elif head.shape in ("dash", "caps_artist", "listing", "capsule") and facts.kind == WorkKind.ALBUM and not _no_one(c):
        kind = AgentKind.PERSON if looks_like_person(c) else AgentKind.GROUP
        facts.credits.append(_credit(Role.PERFORMER, c, None, kind=kind))


def _apply_field(facts: EntryFacts, f: Field) -> None:
    v = f.value.strip()
    if is_placeholder(v):
        return
    key = f.key
    if key == "writer" and v.casefold() in _WRITING_SYSTEMS:
        return  # MusicBrainz's "Script: Latin" is the writing system, not a screenwriter
    roles = {"director": Role.DIRECTOR, "writer": Role.WRITER, "composer": Role.COMPOSER, "producer": Role.PRODUCER,
             "author": Role.AUTHOR, "based_on": Role.AUTHOR}
    if key in roles or key == "cast":
        if key == "based_on":
            m = re.search(rf"\bby\s+{_NAME}", v)
            if not m:
                return
            v = m.group("n")
        for name, char, off in _people(v, characters=key == "cast", prose=not f.colon):
            role = Role.ACTOR if key == "cast" else roles[key]
            sp = Span(f.span.start + off, f.span.start + off + len(name))
            if not any(c.role == role and c.agent.name == name for c in facts.credits):
                facts.credits.append(_credit(role, name, sp, character=char))
    elif key == "artist" and facts.kind in (WorkKind.COMIC, WorkKind.BOOK):
        # "Artists: Marcio Takara, Arif Prianto DC Comics, June 2022 AN ALIEN GARDENER …": a comic's artists,
        # then its publisher and month, then the review
        m = _COMIC_IMPRINT.search(v)
        names = v[: m.start()] if m is not None else v
        for name, _, off in _people(names, prose=m is None):
            sp = Span(f.span.start + off, f.span.start + off + len(name))
            if not any(c.role == "illustrator" and c.agent.name == name for c in facts.credits):
                facts.credits.append(Credit(agent=Agent(name=name), role="illustrator", span=sp))
        if m is not None:
            pub = m.group("pub").strip()
            if not re.match(r"(?i)(?:independently|self)[- ]published", pub):
                facts.labels.append((pub, None, Span(f.span.start + m.start("pub"), f.span.start + m.start("pub") + len(pub))))
            if (iso := parse_date(m.group("when"))) is not None:
                facts.year = facts.year or (iso, Span(f.span.start + m.start("when"), f.span.start + m.end("when")))
    elif key == "artist":
        name = _PAREN.sub("", v).strip()
        if name and len(name) <= 80:
            facts.credits.append(_credit(Role.PERFORMER, name, f.span, kind=AgentKind.PERSON if looks_like_person(name) else AgentKind.GROUP))
    elif key in ("year", "release_date"):
        iso = parse_date(v[:60]) or (parse_date(m.group(0)) if (m := re.search(r"(?<!\d)(?:18|19|20)\d\d(?!\d)", v)) else None)
        if iso:
            if key == "release_date" and facts.kind == WorkKind.ALBUM:
                facts.release_date = facts.release_date or (iso, f.span)
            if facts.year and key == "release_date" and len(iso) > len(facts.year[0]) and iso.startswith(facts.year[0]):
                facts.year = (iso, f.span)  # the head's "(2006)", then "Release Date: Jun 23, 2006"
            facts.year = facts.year or (iso, f.span)
    elif key == "runtime":
        rt = _runtime(v)
        m = re.match(r"^(?P<h>\d)h\s*(?P<m>\d{1,2})", v)
        if ":" not in v and (secs := duration_seconds(v)) is not None:
            # "Duration: 79 mins 43 secs.": a record's length to the second (the model's one reader)
            rt = (f"{secs // 60}:{secs % 60:02d}", 0, len(v))
        elif m:
            rt = (_clock(int(m.group("h")), int(m.group("m"))), 0, len(v))
        elif rt is None and (m := re.match(r"^(?P<m>\d{1,3})\s*(?:minutes|mins?\.?|min|minuten|minuti|minutos|分)(?!\w)", v, re.I)):
            # "Runtime: 28 minutes": a labelled running time may be short (an episode, a short film)
            rt = (_clock(int(m.group("m")) // 60, int(m.group("m")) % 60), 0, m.end())
        elif rt is None and (m := re.fullmatch(r"(?P<m>\d{2,3})\.?", v)) and 40 <= int(m.group("m")) <= 400:
            # "Durata: 92": a bare number under a running-time label counts minutes
            rt = (_clock(int(m.group("m")) // 60, int(m.group("m")) % 60), 0, len(m.group("m")))
        if rt and facts.runtime is None:
            facts.runtime = (rt[0], f.span)
    elif key == "singles" and facts.kind == WorkKind.ALBUM:
        # "SINGLES: Come On, Let’s Go (#21 US, #18 UK), La Bamba (#1 US, #1 UK), Donna (#83 UK)": songs of the record
        if v.count("),") >= 1 and all(p.rstrip().endswith(")") for p in re.split(r"(?<=\))\s*,\s*", v.strip().rstrip("."))):
            # each single closes on its chart places: a comma inside a title ("Come On, Let’s Go (#21 US)") stays
            items = [(_PAREN.sub("", p).strip(), 0) for p in re.split(r"(?<=\))\s*,\s*", v.strip().rstrip("."))]
        else:
            items = split_list(_PAREN.sub("", v)[:400])
        for item, _off in items:
            if 1 <= len(item) <= 80 and not is_placeholder(item) and not any(t.title == item for t in facts.tracks):
                facts.field_tracks.append(Track(position="", title=item, span=f.span))
    elif key == "genre":
        for g, off in split_list(v[:120]):
            if 2 <= len(g) <= 30 and not is_placeholder(g):
                facts.genres.append((g, Span(f.span.start + off, f.span.start + off + len(g))))
    elif key == "rating":
        if is_aggregate(v):
            return  # "User Rating: 8.9/10 (298,638 votes)": many raters' figure, not a reviewer's
        r = parse_rating(v.replace("–", "-")[:40])
        if r is not None and facts.rating is None:
            facts.rating = (r, f.span)
    elif key == "country":
        c = split_list(v)[0][0] if split_list(v) else v
        if 2 <= len(c) <= 40:
            facts.country = (c, f.span)
    elif key == "label":
        name = re.split(r"\s+[–—-]\s+|\s*/\s*", v)[0].strip()
        # "トイズファクトリー通常盤": the label, then the edition (a Japanese shop runs them together)
        name = re.sub(r"(?:通常盤|初回(?:生産)?限定盤|初回盤|限定盤|完全生産限定盤)$", "", name).strip() or name
        cat = None
        m = re.match(r"^(?P<l>.+?)\s+[–—-]\s+(?P<c>[\w][\w .\-/]{1,20})$", v)
        if m:
            name, cat = m.group("l").strip(), m.group("c").strip()
        if name and len(name) <= 60 and not is_placeholder(name):
            facts.labels.append((name, cat, f.span))
    elif key == "catno":
        cat = v.split(",")[0].strip()
        if cat and len(cat) <= 30 and not is_placeholder(cat) and re.search(r"\d", cat):
            if facts.labels and facts.labels[-1][1] is None:
                n, _, sp = facts.labels[-1]
                facts.labels[-1] = (n, cat, sp)
            else:
                facts.labels.append(("", cat, f.span))
    elif key == "format":
        facts.formats.append((v[:60], f.span))
    elif key == "alt_title" and len(v) <= 120:
        facts.alt_titles.append((v, f.span))


_CJK = r"[\u4e00-\u9fff\u3040-\u30ff・·]"
# "由日本導演北村龍平執導", "監督は佐藤東弥", "主演露比蘿絲": names run on without spaces, so they end
# where a known word or a punctuation mark does
_PROSE_CJK = [
    # "監督はニコラ・ブナム、主演はジョゼ・ガルシア": katakana names run longer, joined by "・" and "="
    (Role.DIRECTOR, re.compile(rf"(?:導演|导演|監督)(?:は|:|：)?(?P<n>{_CJK}{{2,6}}?|[\u30a0-\u30ff・=＝]{{3,16}})(?=執導|执导|監督|が|の|、|,|，|。|\s|\(|$)")),
    (Role.ACTOR, re.compile(rf"(?:主演|出演)(?:は|に|:|：)?(?P<n>{_CJK}{{2,6}}?|[\u30a0-\u30ff・=＝]{{3,16}})(?=挑大梁|主演|が|の|と|、|,|，|。|\s|\(|$)")),
    # "露比蘿絲挑大梁" (takes the lead), "尚雷諾則在劇中飾演反派" (plays the villain in it)
    (Role.ACTOR, re.compile(rf"(?:^|[，,、。\s])(?P<n>{_CJK}{{2,6}}?)(?:挑大梁|(?:則|则)?在(?:劇|剧|片)中飾演|(?:則|则)?在(?:劇|剧|片)中饰演)")),
    # "劇中嚴正化飾演麻花捲店老闆娘", "還有裴正南飾演的空服員": the player just before "plays"
    (Role.ACTOR, re.compile(rf"(?:劇中|剧中|片中|還有|还有|以及|和|與|与|由|、|，|,|。)(?P<n>{_CJK}{{2,4}}?)(?:飾演|饰演|扮演)")),
]
# "演員楊祐寧、張榕容、李銘忠主演", "主演：原田美枝子、村上淳": a list of players after the word for cast
_CJK_CAST_LIST = re.compile(rf"(?:演員|演员|主演|出演|キャスト)(?:は|に|:|：|\s)?\s*(?P<l>{_CJK}{{2,4}}?(?:[、,，]\s?{_CJK}{{2,4}}?)+)"
                            r"(?=[、，,]?(?:等|主演|執導|执导|出演|領銜|领衔|飾|饰|が|の|。|\s|$|[^\u4e00-\u9fff\u3040-\u30ff・·]))")


_POSSESSOR = r"(?P<n>[A-ZÀ-Þ][\w.\-]+(?:\s+[A-ZÀ-Þ][\w.\-]+){1,2})['’]s?\s+(?:(?:[\w\-]+|\d{4})\s+){0,4}"


# “Every Time”, "Sleep" in a record's review: songs, when a song word or a "by/von" performer stands beside them
_QUOTED_SONG = re.compile(r"[\"“„«‘]\s?(?P<t>[A-Z0-9À-Þ][^\"“”„«»‘’\n]{0,60}?)\s?[\"”“»’](?!\w)|「(?P<j>[^「」『』\n]{1,40})」")
_SONG_CUE = re.compile(r"(?i)\b(?:songs?|tracks?|singles?|ballads?|numbers?|nummer\w*|tunes?|cuts?|opener|closer|anthems?|hits?|covers?|"
                       r"versions?|titel|titelsong|stücke?|chansons?|canci[oó]n(?:es)?|brani?|pezzi|pezzo|skladb[ay]|písn[ěí]|"
                       r"von (?:den |der |dem )?[A-Z]|by [A-Z]|de [A-Z])|曲|主題歌|テーマ|シングル|ソング|ナンバー|収録")


def _quoted_songs(facts: EntryFacts, lines: list[Line]) -> None:
    for ln in lines:
        t = ln.text
        if len(t) < 40 or ("\"" not in t and "“" not in t and "„" not in t and "«" not in t and "‘" not in t and "「" not in t):
            continue
        for m in _QUOTED_SONG.finditer(t):
            group = "t" if m.group("t") is not None else "j"
            title = m.group(group).strip()
            near = t[max(0, m.start() - 40) : m.end() + 25]
            if not (1 <= len(title.split()) <= 8) or not _SONG_CUE.search(near) or title.casefold() == facts.title.casefold():
                continue
            if not any(x.title.casefold() == title.casefold() for x in facts.field_tracks):
                facts.field_tracks.append(Track(position="", title=title, span=ln.span(m.start(group), m.start(group) + len(title))))


def _after_open_quote(text: str, title: str) -> bool:
    """Whether ``title`` stands in ``text`` right after an opening quote, or a quote and one space."""
    at = text.find(title)
    while at >= 0:
        if (at >= 1 and text[at - 1] in "《「『«“\"") or (at >= 2 and text[at - 1].isspace() and text[at - 2] in "《「『«“\""):
            return True
        at = text.find(title, at + 1)
    return False


def _bracketed_other_title(facts: EntryFacts, lines: list[Line]) -> None:
    """"《奪命守門人》(The Doorman)", "« Les Nouveaux Sauvages » (Relatos salvajes)": the title in the text's
    quotes, then its other title in brackets."""
    if not facts.title or facts.alt_titles:
        return
    rx = None  # compiled for the first line that could hold it: most entries have none
    for ln in lines[:30]:
        if ("(" not in ln.text and "（" not in ln.text) or not _after_open_quote(ln.text, facts.title):
            continue
        if rx is None:
            rx = re.compile(r"[《「『«“\"]\s?" + re.escape(facts.title) + r"\s?[》」』»”\"]\s*[（(](?P<a>[A-Z0-9À-Þ][^()（）]{1,60})[)）]")
        m = rx.search(ln.text)
        if m and not re.fullmatch(r"(?:18|19|20)\d\d", m.group("a").strip()) and len(m.group("a").split()) <= 10:
            facts.alt_titles.append((m.group("a").strip(), ln.span(m.start("a"), m.end("a"))))
            return


def _possessive_maker(facts: EntryFacts, lines: list[Line]) -> None:
    """"Olivia Wilde’s Twilight Zone-esque thriller Don’t Worry Darling", "Tony Maylam’s Split Second":
    a film named after a person's possessive is that person's film, its director."""
    if facts.kind != WorkKind.FILM or len(facts.title) < 2 or any(c.role == Role.DIRECTOR for c in (*facts.credits, *facts.prose_credits)):
        return
    rx = None  # compiled for the first line that names the title after an apostrophe
    for ln in lines:
        if facts.title not in ln.text or ("'" not in ln.text and "’" not in ln.text):
            continue
        if rx is None:
            rx = re.compile(_POSSESSOR + re.escape(facts.title) + r"(?![\w’'])")
        m = rx.search(ln.text)
        if m and looks_like_person(m.group("n")) and not _same_name(m.group("n"), facts.title):
            facts.prose_credits.append(_credit(Role.DIRECTOR, m.group("n"), ln.span(m.start("n"), m.end("n"))))
            return


def _same_name(a: str, b: str) -> bool:
    return a.casefold() in b.casefold() or b.casefold() in a.casefold()


_SENTENCE_END = re.compile(r"(?<=[a-zà-ÿ]{2})\.\s")
_POSSESSIVE_S = re.compile(r"['’]s?$")


def _role_fits(role: str, kind: WorkKind) -> bool:
    """Whether prose may credit ``role`` on a work of ``kind``."""
    if role == Role.ACTOR and kind != WorkKind.FILM:
        return False
    if role == Role.DIRECTOR and kind == WorkKind.ALBUM:
        return False
    return not (role == Role.PERFORMER and kind != WorkKind.ALBUM)  # ("the singer X" in a film's review need not be in the film)


def _prose_credits(facts: EntryFacts, lines: list[Line]) -> None:
    have = {(c.role, c.agent.name) for c in facts.credits}
    lows = [ln.text.lower() for ln in lines]
    # A pattern whose cue words the whole entry lacks is tried on none of its lines.
    whole = "\n".join(lows)
    prose = [(role, rx, cues) for (role, rx), cues in zip(_PROSE, _PROSE_CUES, strict=True)
             if _role_fits(role, facts.kind) and any(c in whole for c in cues)]
    for ln, low in zip(lines, lows, strict=True):
        t = ln.text
        if facts.kind == WorkKind.FILM and not t.isascii():
            for m in _CJK_CAST_LIST.finditer(t):
                pos = m.start("l")
                for name in re.split(r"[、,，]\s?", m.group("l")):
                    at = t.find(name, pos)
                    pos = at + len(name)
                    if (Role.ACTOR, name) not in have:
                        have.add((Role.ACTOR, name))
                        facts.prose_credits.append(_credit(Role.ACTOR, name, ln.span(at, at + len(name))))
            for role, rx in _PROSE_CJK:
                for m in rx.finditer(t):
                    name = m.group("n")
                    if (role, name) not in have:
                        have.add((role, name))
                        facts.prose_credits.append(_credit(role, name, ln.span(m.start("n"), m.end("n"))))
        for role, rx, cues in prose:
            if not any(c in low for c in cues):
                continue
            for m in rx.finditer(t):
                name = _SENTENCE_END.split(m.group("n"), maxsplit=1)[0].rstrip(".’'")  # "Betsy West. Fiercely …": the sentence ends
                name = _POSSESSIVE_S.sub("", name)  # "filmmaker Kihachi Okamoto’s 1966 …": the maker, not the possessive
                if not looks_like_person(name):
                    continue
                if (role, name) not in have:
                    have.add((role, name))
                    facts.prose_credits.append(_credit(role, name, ln.span(m.start("n"), m.start("n") + len(name))))
                if role in (Role.ACTOR, Role.DIRECTOR, Role.WRITER):
                    # "performances by Matt Damon, Affleck, Jason Bateman, Viola Davis, and Chris Messina":
                    # the names listed after the first, while they read as names
                    pos = m.start("n") + len(name)
                    while (more := _MORE_NAMES.match(t, pos)) is not None:
                        other = _SENTENCE_END.split(more.group("n"), maxsplit=1)[0].rstrip(".’'")
                        if not looks_like_person(other) or " " not in other:
                            break
                        if (role, other) not in have:
                            have.add((role, other))
                            facts.prose_credits.append(_credit(role, other, ln.span(more.start("n"), more.start("n") + len(other))))
                        pos = more.start("n") + len(other)
        if facts.kind == WorkKind.ALBUM and "(" in t:
            for m in _PLAYER_PAREN.finditer(t):
                # "musicians like Steve Vai (Lead Guitar) … Billy Sheehan (Bass)": a player and the instrument
                name, instrument = m.group("n"), m.group("i").strip()
                if looks_like_person(name) and (instrument, name) not in have:
                    have.add((instrument, name))  # (the player's part as the page words it: a role of its own, no artist's)
                    facts.prose_credits.append(Credit(agent=Agent(name=name), role=instrument, span=ln.span(m.start("n"), m.end("n"))))
        if facts.kind == WorkKind.FILM:
            if any(c in low for c in _ACTOR_AS_CUES):
                for m in _ACTOR_AS.finditer(t):
                    name, char = m.group("n"), m.group("c")
                    if char and (char.split()[0].casefold() in _ROLE_NOUNS or char == facts.title or char.casefold() == name.casefold()):
                        continue  # "Aaron Sorkin … als Autor und Regisseur": a maker, no part; "Robert Langdon as Robert Langdon": a part
                    if looks_like_person(name) and (Role.ACTOR, name) not in have and (Role.DIRECTOR, name) not in have \
                            and not _same_name(name, facts.title):
                        have.add((Role.ACTOR, name))
                        facts.prose_credits.append(_credit(Role.ACTOR, name, ln.span(m.start("n"), m.end("n")), character=char))
            for m in _ACTOR_PAREN.finditer(t) if "(" in t else ():  # (both bracket patterns need one)
                name = m.group("n")
                char = m.group("c")
                if char and (char.split()[0].lower() in ("the", "a", "in", "and", "with") or char == facts.title):
                    char = None
                if facts.title and t[: m.start("n")].rstrip(" (").endswith(facts.title):
                    continue  # "Ao no Hako (Blue Box)": the title and its other title, no part and player
                before = t[: m.start("n") - 1].rstrip(" (").rsplit(None, 1)[-1:] if not char else []
                if before and (":" in before[0] or any(ch.isdigit() for ch in before[0])):
                    continue  # "Canada:18 (Nova Scotia)": a certificate's region, no actor
                if looks_like_person(name) and (Role.ACTOR, name) not in have and (Role.DIRECTOR, name) not in have:
                    have.add((Role.ACTOR, name))
                    facts.prose_credits.append(_credit(Role.ACTOR, name, ln.span(m.start("n"), m.end("n")), character=char))
            for m in _PAREN_LIST.finditer(t) if "(" in t else ():
                items = _people(m.group("l"))
                if len(items) >= 2 and len(items) == len(split_list(m.group("l"))):
                    for name, _, off in items:
                        if (Role.ACTOR, name) not in have and (Role.DIRECTOR, name) not in have:
                            have.add((Role.ACTOR, name))
                            st = m.start("l") + off
                            facts.prose_credits.append(_credit(Role.ACTOR, name, ln.span(st, st + len(name))))


_COUNT = r"(?P<n>\d{1,3}(?:[,.\u00a0 ]\d{3})+|\d+)"
_AGG_CUE = re.compile(
    r"(?i)\b(?:average|avg\.?|mean|moyenne|promedio|(?-i:media|MEDIA)|(?<![A-Za-z] )(?-i:Media)|durchschnitt|průměr|users?'? (?:rating|score)|user score|"
    r"audience score|community rating|imdb rating|metascore|tomatometer)\b|平均|"
    rf"\b{_COUNT}\s+(?:ratings?|votes?|users?|reviews?|people|persons|members|voters|avis|votos|voti|bewertungen|stimmen|hodnocení|notes|评分|件)\b")
# (never a date's parts: "version of the 3/11/2016" holds no 3 of 11)
_AGG_VALUE = re.compile(r"(?<![\d.,/])(?P<v>\d{1,2}(?:[.,]\d{1,3})?)(?:\s*(?:/|out of|sur|von|su|de)\s*(?P<b>\d{1,3}))?(?![\d]|/\d|[.,]\d)")
_AGG_COUNT = re.compile(rf"{_COUNT}\s+(?P<w>ratings?|votes?|users?|reviews?|people|persons|members|voters|avis|votos|voti|bewertungen|stimmen|hodnocení|notes)\b", re.I)


@line_cache
def _agg_cued(t: str) -> bool:
    """Whether a line holds a word of many raters' figures ("average", "14 ratings"): the rating and
    aggregate readers both ask, of the same lines."""
    return _AGG_CUE.search(t) is not None


def _find_aggregate(facts: EntryFacts, lines: list[Line]) -> None:
    """"Average 3.98 from 14 ratings": many raters' mean goes on the work, never into a review."""
    for ln in lines[:40]:
        t = ln.text
        if len(t) > 200 or not _agg_cued(t):
            continue
        count = _AGG_COUNT.search(t)
        rest = t[: count.start()] + " " * (count.end() - count.start()) + t[count.end() :] if count else t
        m = _AGG_VALUE.search(rest)
        if not m:
            continue
        value = float(m.group("v").replace(",", "."))
        best = float(m.group("b")) if m.group("b") else (5.0 if value <= 5 else 10.0 if value <= 10 else None)
        if best is None or value > best or (value == int(value) and not m.group("b") and not count):
            continue
        n = int(re.sub(r"\D", "", count.group("n"))) if count else None
        is_reviews = bool(count and count.group("w").lower().startswith(("review", "avis")))
        facts.aggregate = (AggregateRating(value=value, best=best, rating_count=None if is_reviews else n,
                                           review_count=n if is_reviews else None, text=t.strip()[:80]), ln.span())
        return


# "7.3" alone on its line, with the critic's byline ("by Sasha Geffen") just below: a review head's score
_BARE_SCORE = re.compile(r"^(?:10(?:\.0)?|\d(?:[.,]\d)?)$")


def _score_above_byline(window: list[Line], k: int) -> Rating | None:
    """A bare score out of ten heading a review: on its own line among the head's first lines, the
    critic's byline right below it (one line may sit between, a date or a label)."""
    t = window[k].text.strip()
    if k >= 15 or not _BARE_SCORE.match(t):
        return None
    if not any((bl := _BYLINE.match(x.text.strip())) and looks_like_person(bl.group("n")) for x in window[k + 1 : k + 3]):
        return None
    return Rating(text=t, value=float(t.replace(",", ".")), best=10.0, worst=0.0, scale_assumed=True)


_INLINE_SCORE = re.compile(
    r"(?i)(?:\b(?:overall|final|my|our|confused overall)\s+(?:score|rating|grade|verdict)(?:\s+for\s+(?:this|the)\s+(?:one|book|issue|film|movie|album|record))?|"
    r"\boverall|\bfinal\s+(?:score|verdict|grade)|\bwertung|\bnote\s+finale|\bvoto\s+finale)\s*[:：]\s*"
    r"(?P<r>\d{1,3}(?:[.,]\d{1,2})?(?:\s*(?:/|out of|von|sur|su)\s*\d{1,3})?)(?![\d/]|[.,]\d)")


def _inline_score(lines: list[Line]) -> tuple[Rating, Span] | None:
    """The one score an entry's prose states under a score's own words ("Overall: 8"), or None."""
    found: list[tuple[Rating, Span]] = []
    for ln in lines:
        t = ln.text
        if len(t) < 60 or (":" not in t and "：" not in t):
            continue
        for m in _INLINE_SCORE.finditer(t):
            r = parse_rating(m.group("r"))
            if r is not None:
                found.append((r, ln.span(m.start("r"), m.end("r"))))
    return found[0] if len(found) == 1 else None


_DIGIT_OR_COLON = re.compile(r"[\d:：]")


def _find_rating(facts: EntryFacts, lines: list[Line]) -> None:
    if facts.rating is not None:
        return
    window = lines[:40]
    for k, ln in enumerate(window):
        t = ln.text
        if (bare := _score_above_byline(window, k)) is not None:
            facts.rating = (bare, ln.span())
            return
        if len(t) > 60 and len(t.strip()) > 24 and not _DIGIT_OR_COLON.search(t) and t.lstrip()[:1] not in _STAR_OPENINGS:
            continue  # a line of prose with no number and no label: none of the readers below finds a rating in it
        if _agg_cued(t) or is_aggregate(t) or aggregate_neighbour(window[k - 1].text if k else None,
                                                                         window[k + 1].text if k + 1 < len(window) else None):
            continue  # an average under "Average Rating", beside "# of Votes 59" or "422K"
        said = _line_rating(t)
        if said is not None:
            facts.rating = (said[0], ln.span(said[1], said[2]))
            return


_STAR_OPENINGS = frozenset("★☆✭✮⭐✩✪✫✬✯✰✦✧")


@line_cache
def _line_rating(t: str) -> tuple[Rating, int, int | None] | None:
    """The rating a line states and where, as (rating, start, end) in the line (end None: to its
    end); asked again of the same lines for each entry and reading."""
    found = rating_line(t) if len(t) <= 60 else None
    if found and found[0] is not None:
        return found[0], found[1], found[1] + len(found[0].text)
    g = glyph_line(t.replace("–", "-"))
    if g is not None:
        return g, 0, None
    if t.lstrip()[:1] in _STAR_OPENINGS and (lead := leading_stars(t)) is not None:
        return lead  # "⭐️⭐️⭐️⭐️ – Parfois, la vérité …": the stars that open a capsule's text
    m = _GRADE_WORD.search(t)
    if m:
        r = parse_rating(m.group("r").replace("–", "-").replace("−", "-"))
        if r is not None:
            return r, m.start("r"), m.end("r")
    m = _GLYPH_NUMBER.search(t)
    if m:
        # "★★★★☆(3.9)": the number is the rating, the glyphs its scale
        v, best = float(m.group("v").replace(",", ".")), float(len(m.group("g")))
        if v <= best:
            return Rating(text=m.group(0), value=v, best=best, worst=0.0), m.start(), m.end()
    m = _JP_RATING.search(t)
    if m:
        v = float(m.group("v"))
        return Rating(text=m.group(0), value=v, best=5.0 if v <= 5 else 10.0, worst=0.0, scale_assumed=True), m.start(), m.end()
    m = _STAR_WORDS.search(t)
    if m and len(t) <= 200:
        r = parse_rating(m.group(0))
        if r is not None:
            return r, m.start(), m.end()
    return None


_BARE_BY = re.compile(r"^(?:by|von|par|por|di|de)\b", re.I)
_NOT_HANDLES = frozenset(["admin", "administrator", "staff", "editor", "redaktion", "rédaction", "redacción", "redazione", "guest", "anonymous", "unknown"])


# "10 Agosto 2023 6 Commenti Giorgio Barbieri": a post's meta line, its date, its comment count and its author
_COMMENTS = re.compile(r"(?i)\b(?:\d+|no|keine|aucun|nessun|sin)\s+(?:comments?|commenti|commento|commentaires?|kommentare?|comentarios?|"
                       r"coment[aá]rios?|reacties|reactie|komentářů|komentáře)\b|\bleave a (?:comment|reply)\b")


def _meta_author(t: str) -> tuple[str, str] | None:
    """(author, date) of a post's meta line that holds a date, perhaps a comment count, and a name."""
    if len(t) > 90:
        return None
    dates = find_dates(t)
    if len(dates) != 1 or len(dates[0][0]) != 10:
        return None
    rest = (t[: dates[0][1]] + " | " + t[dates[0][2] :])
    rest = _COMMENTS.sub(" | ", rest)
    parts = [p.strip(" .,:·•|-–—/") for p in re.split(r"\s*[|·•/]\s*", rest)]
    parts = [p for p in parts if p and not re.fullmatch(r"(?i)(?:by|von|par|por|di|de|posted|in|on|am|le|il|el)", p)]
    if len(parts) != 1:
        return None
    name = re.sub(r"(?i)^(?:posted\s+)?(?:by|von|par|por|di)\s+", "", parts[0])
    return (name, dates[0][0]) if looks_like_person(name) and 2 <= len(name.split()) <= 4 else None


def _find_byline(facts: EntryFacts, lines: list[Line], head: Head | None) -> None:
    handle: tuple[str, Span] | None = None  # a one-word name ("Author: BRWC"), kept unless a person signs below
    for k, ln in enumerate(lines):
        t = ln.text.strip()
        if k < 20 and (meta := _meta_author(t)) is not None:
            off = t.find(meta[0])
            facts.author = (meta[0], ln.span(off, off + len(meta[0])))
            if facts.review_date is None:
                facts.review_date = (meta[1], ln.span())
            return
        if k < 20 and len(t) <= 80 and (sa := _INLINE_BY.search(t)) is not None and sa.start() > 0 and t[sa.start()] in ".!?)" \
                and looks_like_person(sa.group("n")):
            # "Swimming Home: Review. By Joe Muldoon.": a short head line signed after its full stop
            name = drop_full_stop(sa.group("n"))
            facts.author = (name, ln.span(sa.start("n"), sa.start("n") + len(name)))
            return
        if handle is not None and k >= 20:
            break
        if t[:1] in "-–—" and any(0 <= j < len(lines) and lines[j].text[:1] in "-–—" for j in (k - 1, k + 1)):
            continue  # "- Status Released" in a dashed list is an item, not a signature
        if len(t) > 80:
            m = _INLINE_BY.search(t[-80:]) if head is not None else None
            if m is None:
                continue
            name = m.group("n")
            off = len(t) - 80 + m.start("n")
        else:
            m = _BYLINE.match(t) or _DASH_BYLINE.match(t)
            if m is not None and m.re is _BYLINE and facts.kind == WorkKind.ALBUM and _BARE_BY.match(t):
                m = None  # "by Kestrel Avenue" under an album's title names its artist, not a reviewer
            if m is None and (mi := _INITIALS.match(t)) is not None and ln is lines[-1]:
                facts.author = (mi.group("n"), ln.span(1, 1 + len(mi.group("n"))))
                return
            if m is None:
                continue
            name = re.split(r"\s*[|,·•]\s*|\s+(?:on|le|am|il|el)\s+\d|\s+\d", m.group("n"))[0].strip(" .:")
            off = t.find(name)
        one_word = m.re is _BYLINE and bool(re.fullmatch(r"[\w.\-]{3,24}", name)) and not name.islower() and name.casefold() not in _NOT_HANDLES
        if (looks_like_person(name) and len(name.split()) >= 2) or one_word:
            rest = t[off + len(name):]
            dates = find_dates(rest)
            if dates:
                facts.review_date = (dates[0][0], ln.span())
            if not (looks_like_person(name) and len(name.split()) >= 2):
                handle = handle or (name, ln.span(off, off + len(name)))
                continue
            facts.author = (name, ln.span(off, off + len(name)))
            return
    if handle is not None:
        facts.author = handle


_TRACK_COUNT = re.compile(r"(?i)(?<![\d:.])(?P<n>\d{1,3})\s*(?:tracks|titres|titel|tracce|canciones|temas|skladeb|songs|曲)\b|"
                          r"(?<![\d:.])(?P<n3>\d{1,3})[ -]track\b(?=[^.]{0,40}\b(?:album|record|disc|cd|lp|ep)\b)|"
                          r"(?:tracks|titres|number of tracks)\s*[:：]\s*(?P<n2>\d{1,3})\b")
_TOTAL_TIME = re.compile(
    r"(?i)^(?:total(?: running| playing)? (?:time|length|duration)|disc length|running time|playing time|length|"
    r"durée totale|gesamtlaufzeit|gesamtspielzeit|durata totale|duración total|総収録時間|収録時間|celková stopáž)\s*[:：]?\s*"
    r"(?P<d>\d{1,3}:\d{2}(?::\d{2})?)\s*(?:min(?:utes)?\.?)?$")


_RELEASED_ON = re.compile(r"(?i)\b(?:released|releasing|issued|came out|was released)\s+(?:(?:through|via|by|on)\s+[A-Z][\w'’&\- ]{1,40}?\s+|"
                          r"(?:the\s+)?[\"“][^\"”]{1,80}[\"”]\s+(?:album|record|soundtrack|cd|lp|ep)?\s*)?(?:on|in)\s+|\berschienen\s+am\s+|\bsorti(?:e)?\s+le\s+|"
                          r"\buscito\s+il\s+|\bpublicado\s+el\s+|发行于|發行於|发售于|に発売")
_ALBUM_BY = re.compile(r"^(?i:(?:studio|live|compilation|soundtrack|tribute|remix|video|debut|cover|greatest hits|box set|split)\s+)?"
                       r"(?i:album|EP|single|LP|mixtape)\s+by\s+(?P<a>[^|\n]{1,60}?)\s*[|\s]*$")
_ANNOUNCER = re.compile(
    r"^(?P<a>[A-ZÀ-Þ][\w.&'’\-]*(?:\s+(?:[A-ZÀ-Þ&][\w.&'’\-]*|of|the|and|y|und)){0,4})\s+"
    r"(?:präsentiert|veröffentlicht|kündigt|presents|releases|announces|unveils|shares|drops|premieres|pubblica|presenta|annuncia|"
    r"présente|dévoile|publica|lanza|vydává|vydali|představuje|představují)\b.{0,60}?"
    r"\b(?i:album|LP|EP|record|studioalbum|doppelalbum|single|disco|disque|albu\w*)\b")
_CJK_RELEASED = re.compile(r"[于於]\s*(?P<d>(?:19|20)\d\d\s*年\s*\d{1,2}\s*月(?:\s*\d{1,2}\s*日)?)\s*(?:正式)?(?:发行|發行|发售|發售|推出)")
_JA_NTH_RECORD = re.compile(r"(?P<a>[A-Za-z][\w.&'’\- ]{0,40}?[\w.])の(?:(?:19|20)\d\d年(?:発表|リリース)?の?)?(?:\d+|[一二三四五六七八九十]+)?(?:作目|枚目|thアルバム|ndアルバム|rdアルバム|stアルバム)")
# "the 9 track, 34:07 minutes long album": a length stated in prose, to the second
_SPOKEN_LENGTH = re.compile(r"(?i)(?<![\d:])(?P<d>\d{1,3}:\d{2})\s+(?:minutes?|mins?\.?)\s+(?:long|of music)\b")
_MINUTES_OF_MUSIC = re.compile(r"(?i)\b(?P<m>\d{2,3})\s+minutes of (?:music|score|new music)\b|"
                               r"\btotal (?:running |playing )?time\s*[:：]?\s*(?P<m2>\d{2,3})\s*min")


def _find_misc(facts: EntryFacts, lines: list[Line]) -> None:
    for ln in lines[:40] if facts.kind == WorkKind.ALBUM and facts.track_count is None else ():
        m = _TRACK_COUNT.search(ln.text)
        if m:
            facts.track_count = int(m.group("n") or m.group("n2") or m.group("n3"))
            break
    totals = [m for ln in lines if (m := _TOTAL_TIME.match(ln.text.strip()))] if facts.kind == WorkKind.ALBUM else []
    if len(totals) == 1:
        facts.total_time = totals[0].group("d")
    if facts.release_date is None and facts.kind == WorkKind.ALBUM:
        # "发行于1980年10月8日", "released on September 17, 1991", "erschienen am 11. November 2005"
        for ln in lines[:40]:
            m = _RELEASED_ON.search(ln.text)
            if m is None:
                continue
            found = find_dates(ln.text[m.end() : m.end() + 40])
            if found and found[0][1] <= 2 and len(found[0][0]) >= 7:
                a, z = m.end() + found[0][1], m.end() + found[0][2]
                facts.release_date = (found[0][0], ln.span(a, z))
                break
        for ln in lines[:40] if facts.release_date is None else ():
            # "于 1970 年 10 月 5 日发行": the date between "on" and "released"
            m = _CJK_RELEASED.search(ln.text)
            if m is not None and (iso := parse_date(re.sub(r"\s+", "", m.group("d")))):
                facts.release_date = (iso, ln.span(m.start("d"), m.end("d")))
                break
    if facts.kind == WorkKind.ALBUM and not any(c.role == Role.PERFORMER for c in facts.credits):
        for ln in lines[:15]:
            # an infobox's "Studio album by Aerosmith |": the record's artist
            m = _ALBUM_BY.match(ln.text)
            if m is not None and not is_placeholder(m.group("a")):
                name = m.group("a").strip()
                facts.credits.append(_credit(Role.PERFORMER, name, ln.span(m.start("a"), m.start("a") + len(name)),
                                             kind=AgentKind.PERSON if looks_like_person(name) else AgentKind.GROUP))
                break
    if facts.kind == WorkKind.ALBUM and not any(c.role == Role.PERFORMER for c in facts.credits):
        for ln in lines[:3]:
            # "John Mellencamp präsentiert neues Album 'Strictly A One - Eyed Jack'": the act that announces its record
            m = _ANNOUNCER.match(ln.text)
            if m is not None and fold(m.group("a")) != fold(facts.title) and not is_chrome(m.group("a")):
                name = m.group("a")
                facts.credits.append(_credit(Role.PERFORMER, name, ln.span(m.start("a"), m.end("a")),
                                             kind=AgentKind.PERSON if looks_like_person(name) else AgentKind.GROUP))
                facts.announced_by = name
                break
    if facts.kind == WorkKind.ALBUM and not any(c.role == Role.PERFORMER for c in facts.credits):
        for ln in lines[:40]:
            # "…バンドLambchopの2000年5作目": a Japanese shop's note names the act whose Nth record this is
            if "の" in ln.text and (ja := _JA_NTH_RECORD.search(ln.text)) is not None:
                name = ja.group("a").strip()
                facts.credits.append(_credit(Role.PERFORMER, name, ln.span(ja.start("a"), ja.start("a") + len(name)), kind=AgentKind.GROUP))
                break
    for ln in lines[:15]:
        # "Album · 1995 · Death Metal": a card's line of facts, its year and its genre among them
        if not any(c in ln.text for c in "·•|"):
            continue
        parts = [p.strip() for p in re.split(r"\s+[·•|]\s+", ln.text)]
        if 2 <= len(parts) <= 4 and len(ln.text) <= 80 and any(re.fullmatch(r"(?:19|20)\d\d", p) for p in parts):
            year = next(p for p in parts if re.fullmatch(r"(?:19|20)\d\d", p))
            if facts.year is None:
                facts.year = (year, ln.sub(year))
            for p in parts:
                if p.casefold() in _ANY_GENRE and not facts.genres:
                    facts.genres.append((p, ln.sub(p)))
            break
    if facts.total_time is None and facts.kind == WorkKind.ALBUM:
        lengths = {m.group("d") for ln in lines[:60] if ":" in ln.text for m in _SPOKEN_LENGTH.finditer(ln.text)}
        if len(lengths) == 1:
            facts.total_time = lengths.pop()
    if facts.total_time is None and facts.kind == WorkKind.ALBUM:
        # "64 minutes of music.", "Total running time: 79 minutes"
        spoken = [m for ln in lines[:40] if (m := _MINUTES_OF_MUSIC.search(ln.text))]
        if len(spoken) == 1:
            facts.total_time = f"{int(spoken[0].group('m') or spoken[0].group('m2'))}:00"
    for ln in lines[:30]:
        t = ln.text
        if facts.runtime is None and facts.kind == WorkKind.FILM:
            rt = _runtime(t)
            if rt:
                facts.runtime = (rt[0], ln.span(rt[1], rt[2]))
        if facts.content_rating is None and facts.kind == WorkKind.FILM:
            m = _CONTENT_RATING.search(t)
            if m:
                v = m.group("a") or m.group("b")
                facts.content_rating = (v, ln.span(m.start(), m.end()))
        if facts.date_line is None and (iso := dated_line(t) or _dated_section(t)):
            facts.date_line = (iso, ln.span())
        if facts.year is None and re.fullmatch(r"(?:18|19|20)\d\d", t.strip()):
            facts.year = (t.strip(), ln.span())


_DATE_THEN_SECTION = re.compile(r"^(?P<d>.{6,40}?)\s+[-–—|]\s+[^\W\d][\w ]{2,24}$")


def _dated_section(t: str) -> str | None:
    """The date of "mercoledì 22 settembre 2021 - Recensioni": a post's date, then its section."""
    m = _DATE_THEN_SECTION.match(t) if "-" in t or "–" in t or "—" in t or "|" in t else None  # (the pattern needs one)
    return dated_line(m.group("d")) if m else None


def facts_to_drafts(b: Builder, facts: EntryFacts, *, site: str | None) -> WorkDraft:
    """Drafts for one entry: the work, its release (albums), its review."""
    w = b.new_work(facts.kind, facts.title, facts.title_span)
    if facts.year:
        w.date = facts.year
    for c in (*facts.credits, *facts.prose_credits):
        w.add_credit(c)
    from mediagraph.model import Title

    for t, sp in facts.alt_titles:
        w.titles.append((Title(text=t, kind="alternate"), sp))
    w.genres.extend(facts.genres)
    w.runtime = facts.runtime
    w.content_rating = facts.content_rating
    w.country = facts.country
    w.aggregate = facts.aggregate
    if facts.kind == WorkKind.ALBUM and (facts.labels or facts.tracks or facts.formats or facts.release_date):
        r = b.new_release(facts.title, facts.title_span, work=w.key)
        for name, cat, sp in facts.labels:
            r.labels.append((ReleaseLabel(label=Agent(name=name or "", kind=AgentKind.ORGANIZATION), catalog_number=cat), sp))
        for text, sp in facts.formats:
            for fm in parse_formats(text):
                r.formats.append((fm, sp))
        r.tracks.extend(facts.tracks)
        if facts.release_date:
            r.date = facts.release_date
        for c in facts.credits:
            if c.role == Role.PERFORMER:
                r.credits.append(c)
    if facts.reviewish:
        v = b.new_review(w.key)
        if facts.headline:
            v.title = (facts.headline, None)
        if facts.author:
            v.author = (Agent(name=facts.author[0]), facts.author[1])
        if facts.rating:
            v.rating = facts.rating
        if facts.review_date or facts.date_line:
            v.date = facts.review_date or facts.date_line
        if facts.body:
            v.text = facts.body
        v.site = site
    return w


__all__ = ["EntryFacts", "facts_to_drafts", "labelled_fields", "music_or_film", "read_entry"]
