"""Key/value metadata headers: inline "Key: value" lines and blocks of keys whose values follow."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from importlib import resources

from mediagraph.extract.dates import parse_date
from mediagraph.extract.doc import Line
from mediagraph.extract.memo import line_cache
from mediagraph.extract.names import looks_like_person, person_and_character, split_list
from mediagraph.model import Agent, AgentKind, Credit, Span


def _load_vocab() -> dict[str, tuple[str, ...]]:
    """Canonical field → the labels pages use for it, from ``data/labels.json`` (all languages)."""
    raw = json.loads(resources.files("mediagraph.extract").joinpath("data/labels.json").read_text(encoding="utf-8"))
    return {key: tuple(dict.fromkeys(lb for labels in by_lang.values() for lb in labels))
            for key, by_lang in raw.items() if not key.startswith("_")}


# Canonical field → the labels pages use for it (lowercase, compared after light folding).
VOCAB: dict[str, tuple[str, ...]] = _load_vocab()
_LOOKUP = {label: key for key, labels in VOCAB.items() for label in labels}
_KEY_CHARS = r"[^\W\d_][\w .'’/&()#・\-]{0,34}?"
_BULLET = r"(?:[•·*▪►●◦▸‣○■□➤→\-–]\s*)?"
_INLINE = re.compile(rf"^{_BULLET}(?P<key>{_KEY_CHARS})\s*[:：]\s*(?P<value>\S.*)$")
_TABBED = re.compile(r"^(?P<key>[A-Za-zÀ-ÿ][\w .'’/&()#\-]{0,34}?)\t+(?P<value>[^\t]*\S)$")
# "Director  Hollis Vantongeren": a label and its value two or more spaces apart (copied tables).
# A header line with no colon: "Directed by Victor Hale", "Starring A as B, C as D", "Score by X".
_BY_LINE = re.compile(
    r"^(?P<key>Directed by|Written by|Screenplay by|Starring|Score by|Music by|Produced by|Réalisé par|Regie|Diretto da|Dirigida por)"
    r"\s+(?P<value>[A-ZÀ-Þ][^!?]*[^.!?\s])$"
)
_SPACED = re.compile(r"^(?P<key>[A-Za-zÀ-ÿ][\w'’/&#\-]*(?: [\w'’/&#\-]+){0,3}) {2,}(?P<value>\S.*)$")
_RELEASED = re.compile(r"^(?P<key>released|release date|erschienen|sortie|publicado)\s+(?P<value>\S.{3,40})$", re.I)
# "Length | 55:28 | |||": an infobox row flattened with bars between its cells
_BARRED = re.compile(r"^(?P<key>[^|\t]{1,35}?)\s*\|\s*(?P<value>[^|\t]*[^|\s])\s*(?:\|[\s|]*)?$")
_PEOPLE_FIELDS = ("director", "cast", "writer", "composer", "producer", "arranger")
# "GenreR&B, pop, soul", "LabelShanachie Records": an infobox's label and value flattened with nothing between them
_GLUED = re.compile(r"^(?P<key>[A-ZÀ-Þ][a-zà-ÿ]+(?: [a-zà-ÿ]+){0,2})(?P<value>[A-ZÀ-Þ0-9\"“(][^\t]{0,200})$")
_DIR_DOT = re.compile(r"^(?P<key>Dir\.|Réal\.|Reg\.)\s+(?P<value>[A-ZÀ-Þ].{1,80})$")
_DIR_DOT_OPENINGS = ("Dir.", "Réal.", "Reg.")
_BY_LINE_OPENINGS = frozenset("DWSMPR")  # the first letters of _BY_LINE's keys
_KEY_ONLY = re.compile(rf"^{_BULLET}(?P<key>{_KEY_CHARS})\s*[:：]$")
_DURATION = re.compile(r"^(?:\d{1,3}:)?\d{1,3}:\d{2}$|^\d{1,3}\s*(?:min|mins|minutes|m)\.?$|^\d+h\s*\d+m(?:in)?$", re.I)
_CATNO = re.compile(r"^[A-Z]{1,8}[\s\-.]?\d[\w\-./ ]{0,14}$|^\d{3,}[\-\s]?[A-Z]{0,4}$")


@dataclass(frozen=True, slots=True)
class HeaderField:
    """One metadata field: canonical key, the page's label and where the value sits."""

    key: str
    label: str
    value: str
    start: int  # doc offset of the value
    end: int
    line: int  # line index of the value


_SPACES = re.compile(r"\s+")
_PLURAL = re.compile(r"\(s\)$")


@line_cache
def canonical(label: str) -> str | None:
    """The canonical field for a page's label ("Music By" → "composer"), or None."""
    t = _SPACES.sub(" ", label.strip().lower().rstrip(":：").strip())
    t = t.replace("’", "'")
    if t in _LOOKUP:
        return _LOOKUP[t]
    # "Director(s)", "Cast / Voices": drop bracketed plurals and spacing around slashes.
    t2 = _PLURAL.sub("", t).replace(" / ", "/").strip()
    if t2 in _LOOKUP:
        return _LOOKUP[t2]
    # "Composed and Produced by", "Music Composed, Conducted and Orchestrated by".
    if _COMPOSED_BY.match(t2):
        return "composer"
    return None


_COMPOSED_BY = re.compile(r"^(?:music |score |original music )?(?:composed|scored)(?:(?:,| and| &) (?:conducted|produced|orchestrated|arranged|performed))* by$")


def column_fields(lines: list[Line]) -> list[HeaderField]:
    """A table laid out in columns, its labels in one row and its values in the next:
    "País⇥Gênero⇥Duração⇥Lançamento⇥Distribuição" over "EUA⇥Ação, Aventura⇥124 min.⇥07/03/2019⇥Walt Disney".
    Three head cells or more, most of them, must be known labels (the rest are skipped), and the row
    below must have as many cells."""
    out: list[HeaderField] = []
    if not any("\t" in ln.text for ln in lines):
        return out
    texts = [ln for ln in lines if ln.text]
    for k, ln in enumerate(texts[:-1]):
        t = ln.text
        if t.count("\t") < 2 or len(t) > 200:
            continue
        heads = t.split("\t")
        keys = [canonical(h.strip().rstrip(":：")) for h in heads]
        known = [x for x in keys if x]
        if len(known) < 3 or len(known) * 3 < len(keys) * 2 or len(set(known)) < len(known):
            continue
        row = texts[k + 1]
        cells = row.text.split("\t")
        if len(cells) != len(heads) or "\t" not in row.text:
            continue
        at = 0
        for key, head, cell in zip(keys, heads, cells, strict=True):
            v = cell.strip()
            lo = row.text.find(cell, at) + (len(cell) - len(cell.lstrip()))
            at = lo + len(v)
            if v and key is not None:
                out.append(HeaderField(key, head.strip(), v, row.start + lo, row.start + lo + len(v), row.index))
    return out


def _glued_block(lines: list[Line], pos: int) -> bool:
    """A glued label ("GenreR&B") counts only among others like it, as an infobox flattened
    without separators prints them: one alone is a word ("MusicBrainz"), not a label and a value."""
    ln = lines[pos]
    return any(other is not ln and abs(other.index - ln.index) <= 4 and (g := _GLUED.match(other.text)) is not None and canonical(g.group("key"))
               for other in lines[max(0, pos - 4) : pos + 5])


# the first words of an infobox row with no colon, which end a list of names one a line
_ROW_WORDS = frozenset({"cinematography", "edited", "editing", "distributed", "country", "countries", "language", "languages", "running",
                        "release", "budget", "box", "production", "story", "narrated", "based", "screenplay", "music", "starring"})


def inline_fields(lines: list[Line]) -> list[HeaderField]:
    """Every "Key: value" line whose key is a known metadata label."""
    out: list[HeaderField] = []
    for pos, ln in enumerate(lines):
        t = ln.text
        if not t or len(t) > 400:
            continue
        # Each shape needs its separator (a colon, a tab, two spaces) or its opening words.
        m = ((_INLINE.match(t) if ":" in t or "：" in t else None) or (_TABBED.match(t) if "\t" in t else None)
             or (_DIR_DOT.match(t) if t.startswith(_DIR_DOT_OPENINGS) else None) or (_SPACED.match(t) if "  " in t else None)
             or (_BY_LINE.match(t) if len(t) <= 200 and t[0] in _BY_LINE_OPENINGS else None))
        if m is None and (m := _RELEASED.match(t)) is not None and not parse_date(m.group("value")):
            m = None
        if m is None and "|" in t and (m := _BARRED.match(t)) is not None and canonical(m.group("key")) in (None, *_PEOPLE_FIELDS):
            m = None  # (a row of names goes to entry_fields' bar reader, which cuts names a lost line break ran together)
        if m is None and (m := _GLUED.match(t)) is not None and (canonical(m.group("key")) is None or not _glued_block(lines, pos)):
            m = None
        if not m:
            continue
        key = canonical(m.group("key"))
        if key is None:
            continue
        value = m.group("value").strip()
        if m.re is _INLINE:
            value = re.split(r"\s{3,}", value)[0]  # "ARTIST: Various    220px-cover" (an image name after a wide gap)
            value = _before_cjk_label(value)
        if key == "writer" and value.lower() in _WRITING_SYSTEMS:
            continue
        lo = ln.text.find(value, m.start("value"))
        end = ln.start + lo + len(value)
        if m.re is _BY_LINE and key in _PEOPLE_FIELDS:
            # an infobox's "Written by Peter Barnes" / "Fabio Carpi": one more name a line under the first
            more = []
            for nxt in lines[pos + 1 : pos + 16]:
                if (not nxt.text or ":" in nxt.text or _BY_LINE.match(nxt.text) or not looks_like_person(nxt.text) or canonical(nxt.text)
                        or canonical(nxt.text.split(" ", 1)[0]) or nxt.text.split(" ", 1)[0].casefold() in _ROW_WORDS):
                    break  # ("Music by A" / "Cinematography B": the next row's label, not one more composer)
                more.append(nxt)
            if more:
                value = ", ".join([value, *(x.text for x in more)])
                end = more[-1].end
        out.append(HeaderField(key, m.group("key").strip(), value, ln.start + lo, end, ln.index))
    out.extend(_heading_fields(lines))
    out.extend(column_fields(lines))
    return out


_CJK_LABEL_COLON = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff][\u3040-\u30ff\u4e00-\u9fff ]{1,7}[:：]")


def _before_cjk_label(value: str) -> str:
    """"TFCC-86735発売日:2020年12月02日…": a Japanese shop runs its fields together; the value ends
    where the next known label (here 発売日) begins."""
    for m in _CJK_LABEL_COLON.finditer(value):
        label = m.group(0)[:-1]
        for k in range(len(label)):
            if canonical(label[k:]) is not None and m.start() + k > 0:
                return value[: m.start() + k].strip()
    return value


_MORE = re.compile(r"(?i)^(?:show all|see all|more|full cast|view all)\b")
_CAST_ROW = re.compile(r"\S\s*(?:\.\.\.|…)\s*\S")  # "Tim Roth ... Pumpkin": an actor, then the part
_NOTE = re.compile(r"^\([^()]{3,80}\)$")
_HEADING_KEYS = frozenset({"director", "cast", "composer", "writer", "author", "producer", "arranger", "label"})


def _heading_fields(lines: list[Line]) -> list[HeaderField]:
    """A bare heading ("Director", "Cast") with its value on the next non-blank line."""
    out: list[HeaderField] = []
    for k, ln in enumerate(lines):
        if not ln.text or len(ln.text) > 24 or ":" in ln.text:
            continue
        key = canonical(ln.text)
        if key not in _HEADING_KEYS or (k and lines[k - 1].text and len(lines[k - 1].text) > 40):
            continue
        at = next((j for j in range(k + 1, min(k + 3, len(lines))) if lines[j].text), None)
        if key == "cast" and at is not None and _NOTE.match(lines[at].text):
            # "Cast" / "(Cast overview, first billed only)" / the actors: the note is no actor
            at = next((j for j in range(at + 1, min(at + 3, len(lines))) if lines[j].text), None)
        nxt = lines[at] if at is not None else None
        if at is None or nxt is None or len(nxt.text) > 160 or canonical(nxt.text) or re.search(r"[.!?]$", nxt.text):
            continue
        if key == "cast":
            # "Cast" above one actor a line ("Ingrid Solheim as Maren Askeland"), up to a blank line.
            # (the lines are an entry's: their positions in the list, not their indices in the page)
            end = at
            for j in range(at + 1, min(at + 120, len(lines))):
                x = lines[j]
                if not x.text and _CAST_ROW.search(lines[end].text) and j + 1 < len(lines) and _CAST_ROW.search(lines[j + 1].text):
                    continue  # "John Travolta ... Vincent Vega", a blank line, the next actor and part
                if not x.text or _MORE.match(x.text) or canonical(x.text) or len(x.text) > 80:
                    break
                end = j
            value = "\n".join(x.text for x in lines[at : end + 1])
            out.append(HeaderField(key, ln.text, value, nxt.start, lines[end].end, nxt.index))
            continue
        out.append(HeaderField(key, ln.text, nxt.text, nxt.start, nxt.end, nxt.index))
        after = lines[at + 1] if at + 1 < len(lines) else None
        if key == "label" and after is not None and after.text and _CATNO.match(after.text) and not parse_date(after.text):
            # MusicBrainz' label box: the label, its catalog number on the next line.
            out.append(HeaderField("catno", ln.text, after.text, after.start, after.end, after.index))
    return out


_WRITING_SYSTEMS = frozenset({"latin", "cyrillic", "greek", "japanese", "han", "han (simplified variant)", "han (traditional variant)",
                              "hiragana", "katakana", "arabic", "hebrew", "korean", "hangul", "thai", "multiple scripts", "devanagari"})


def _compat(key: str | None, value: str) -> int:
    """How well a value fits a field: +2 when its shape matches, -2 when it clearly does not."""
    if key in ("release_date", "year", "review_date"):
        return 2 if parse_date(value) else -2
    if key == "runtime":
        return 2 if _DURATION.match(value) else -2
    if key == "writer" and value.strip().lower() in _WRITING_SYSTEMS:
        return -2  # MusicBrainz' "Script: Latin" is a writing system, not a screenwriter
    if key in ("catno", "barcode"):
        return 2 if _CATNO.match(value) or value.replace(" ", "").isdigit() else -1
    if parse_date(value) and not re.search(r"[A-Za-z]{4,}\s+[A-Za-z]{4,}", value):
        return -2  # a date in a non-date field is almost always misaligned
    if _DURATION.match(value):
        return -2
    return 0


def align(keys: list[str | None], values: list[str]) -> list[int]:
    """Assign values to keys in order (values may be fewer): the best monotone alignment."""
    n, k = len(values), len(keys)
    neg = -10**9
    # best[i][j]: best score placing the first i values among the first j keys.
    best = [[neg] * (k + 1) for _ in range(n + 1)]
    back = [[False] * (k + 1) for _ in range(n + 1)]
    for j in range(k + 1):
        best[0][j] = 0
    for i in range(1, n + 1):
        for j in range(i, k + 1):
            skip = best[i][j - 1]
            # Prefer earlier keys on ties: a small penalty for each key skipped before a value.
            take = best[i - 1][j - 1] + _compat(keys[j - 1], values[i - 1]) * 10 - j
            if take >= skip:
                best[i][j], back[i][j] = take, True
            else:
                best[i][j] = skip
    out = [0] * n
    i, j = n, k
    while i > 0:
        if back[i][j]:
            out[i - 1] = j - 1
            i -= 1
        j -= 1
    return out


def bare_pairs(lines: list[Line], used: set[int]) -> tuple[list[HeaderField], set[int]]:
    """Runs of ≥2 bare labels each above its value, with no colon ("Release Date" / "April 21,
    1998" / "Duration" / "55:35"), as AllMusic-like pages print them."""
    out: list[HeaderField] = []
    taken: set[int] = set()
    nonblank = [ln for ln in lines if ln.text and ln.index not in used]
    k = 0
    while k < len(nonblank) - 1:
        run: list[HeaderField] = []
        j = k
        while j < len(nonblank) - 1:
            key_ln, val_ln = nonblank[j], nonblank[j + 1]
            key = canonical(key_ln.text) if len(key_ln.text) <= 30 and ":" not in key_ln.text else None
            if (key is None or key in ("rating", "author_byline", "review_date") or val_ln.index - key_ln.index > 2
                    or canonical(val_ln.text) or not _is_value(key, val_ln.text)):
                break
            run.append(HeaderField(key, key_ln.text, val_ln.text, val_ln.start, val_ln.end, val_ln.index))
            taken.update((key_ln.index, val_ln.index))
            j += 2
        if len(run) >= 2:
            out.extend(run)
            k = j
        else:
            for f in run:
                taken.discard(f.line)
                taken.discard(nonblank[k].index)
            k += 1
    return out, taken


def block_fields(lines: list[Line]) -> tuple[list[HeaderField], set[int]]:
    """Blocks of ≥2 bare "Key:" lines whose values follow in order after them (seed 000's form).

    Returns the fields and the indices of every line the blocks used."""
    out: list[HeaderField] = []
    used: set[int] = set()
    i = 0
    n = len(lines)
    while i < n:
        if not lines[i].text or not _KEY_ONLY.match(lines[i].text):
            i += 1  # (no block starts here)
            continue
        run: list[Line] = []
        j = i
        while j < n and lines[j].text and _KEY_ONLY.match(lines[j].text):
            run.append(lines[j])
            j += 1
        known = [canonical(_KEY_ONLY.match(ln.text).group("key")) for ln in run]  # type: ignore[union-attr]
        if len(run) == 1 and (taken := _alternating(lines, j, known[0])):
            # Discogs' copied form: "Label:" on one line, its value on the next, then the next key;
            # a list ("Also See:") takes every line up to the next blank one.
            label = _KEY_ONLY.match(run[0].text).group("key").strip()  # type: ignore[union-attr]
            first_, last = taken[0], taken[-1]
            value = "\n".join(ln.text for ln in lines[first_.index : last.index + 1])
            out.append(HeaderField(known[0], label, value, first_.start, last.end, first_.index))  # type: ignore[arg-type]
            used.add(run[0].index)
            used.update(ln.index for ln in taken)
            if known[0] == "label" and (dl := _date_after(lines, last.index + 1)) is not None:
                # "Labels and Dates:" — the labels, then the date on the next line.
                out.append(HeaderField("release_date", label, dl.text, dl.start, dl.end, dl.index))
                used.add(dl.index)
                last = dl
            i = last.index + 1
            continue
        if len(run) < 2 or sum(1 for k in known if k) * 2 < len(run):
            i = max(j, i + 1)
            continue
        # The values are the next run of non-blank lines that are not keys themselves.
        v = j
        while v < n and not lines[v].text:
            v += 1
        vals: list[Line] = []
        while v < n and lines[v].text and not _KEY_ONLY.match(lines[v].text) and len(vals) < len(run):
            vals.append(lines[v])
            v += 1
        if vals and len(vals) <= len(run) and all(len(x.text) <= 120 for x in vals):
            for val, ki in zip(vals, align(known, [x.text for x in vals]), strict=True):
                key = known[ki]
                if key:
                    label = _KEY_ONLY.match(run[ki].text).group("key").strip()  # type: ignore[union-attr]
                    out.append(HeaderField(key, label, val.text, val.start, val.end, val.index))
            used.update(ln.index for ln in vals)
        used.update(ln.index for ln in run)
        i = v if vals else j
    return out, used


# Keys whose value is a list written one item a line ("Also See:" then one title a line).
_LIST_KEYS = frozenset({"cast", "related"})
_LIST_MAX = 40


def _is_value(key: str, text: str) -> bool:
    # "Patlabor 2: The Movie" is a value; "Country: UK" is the next field.
    inline = _INLINE.match(text)
    return (len(text) <= 120 and not _KEY_ONLY.match(text) and not (inline and canonical(inline.group("key")))
            and _compat(key, text) >= 0)


def _alternating(lines: list[Line], after: int, key: str | None) -> list[Line]:
    """The value lines of a lone "Key:" line: the next non-blank line when it is short, not a
    key itself, and fits the field (for list fields, every line up to a blank one); [] when
    there is none."""
    if key is None or key == "rating":
        return []
    v = after
    while v < len(lines) and not lines[v].text and v - after < 2:
        v += 1
    if v >= len(lines) or not lines[v].text or not _is_value(key, lines[v].text):
        return []
    taken = [lines[v]]
    if key in _LIST_KEYS:
        while (len(taken) < _LIST_MAX and v + len(taken) < len(lines)
               and (nxt := lines[v + len(taken)]).text and _is_value(key, nxt.text) and len(nxt.text) <= 80):
            taken.append(nxt)
    return taken


def _date_after(lines: list[Line], at: int) -> Line | None:
    if at < len(lines) and lines[at].text and len(lines[at].text) <= 40 and parse_date(lines[at].text):
        return lines[at]
    return None


def key_only_lines(lines: list[Line]) -> list[tuple[str, Line]]:
    """Lone "Key:" lines with a known key (an empty field such as "Based On:")."""
    out = []
    for ln in lines:
        m = _KEY_ONLY.match(ln.text) if ln.text else None
        if m and (key := canonical(m.group("key"))):
            out.append((key, ln))
    return out


def first(fields: list[HeaderField], key: str) -> HeaderField | None:
    return next((f for f in fields if f.key == key), None)


def value_span(f: HeaderField, lo: int = 0, hi: int | None = None) -> Span:
    """The span of ``f.value[lo:hi]`` in doc offsets."""
    hi = len(f.value) if hi is None else hi
    return Span(f.start + lo, f.start + hi)


_COLON = re.compile(r"\s?:\s")


def _next_label(item: str) -> int | None:
    """Where a known field label ("Artists:", "Cover artist:") starts inside a list item, if one does."""
    for m in _COLON.finditer(item):
        words = item[: m.start()].split()
        for n in (2, 1):
            if len(words) > n and canonical(" ".join(words[-n:])) is not None:
                return len(" ".join(words[:-n])) + (len(item) - len(item.lstrip()))
    return None
# a lower-case word that is no particle of a name ("de", "van", "von" …): the item is prose
_PROSE_WORDS = re.compile(r"(?:^|\s)(?!(?:de|da|do|dos|das|del|della|di|du|des|van|von|der|den|ten|ter|la|le|los|las|y|e|i|bin|ibn|al|el|"
                          r"and|und|et|&|feat\.?|ft\.?|with|vs\.?)\s)[a-zà-ÿ][a-zà-ÿ'’\-]{1,}(?=\s|$)")


_ROLE_NOTE = re.compile(r"\s*\((?:[a-zà-ÿ][\w\-]*)(?:\s+[a-zà-ÿ][\w\-]*){0,2}\)$")


def people(f: HeaderField, role: str, *, kind: AgentKind = AgentKind.PERSON, cast: bool = False) -> list[Credit]:
    """The credits a list-valued field names ("Cast: A (Kenta), B and C"); an artist field's "&"
    joins one act ("Sorrel & The Lamplighters")."""
    out = []
    value = f.value
    cut = _next_label(value)
    if cut is not None:
        value = value[:cut]  # "Writer: G. Willow Wilson Artists: Marcio Takara, …": the writer's part ends at "Artists:"
    for item, off in split_list(value, conjunctions=f.key != "artist"):
        name, char = person_and_character(item) if cast else (item, None)
        name = re.sub(r"\s*\((?:tracks?|pistes?)\b[^)]*\)$", "", name).strip()
        name = re.sub(r"\s*[(（][\u3040-\u30ff\u4e00-\u9fff\uac00-\ud7af ・]{1,20}[)）]$", "", name).strip()  # "Haruka Tsujimoto (辻本遥)"
        name = _ROLE_NOTE.sub("", name)  # "Ian McEwan (romanzo)", "Steve O'Rourke (co-produttore)": what they did, in lower case
        cut = _next_label(name)
        if cut is not None:
            name = name[:cut].strip()  # "G. Willow Wilson Artists: Marcio Takara": the next field's label ends the name
        if not name or len(name) > 80 or _PROSE_WORDS.search(name):
            continue  # "supposedly rational", "in a mass look like a flourishing plant species": prose, not a name
        at = f.value.find(name, off)
        out.append(Credit(agent=Agent(name=name, kind=kind), role=role, character=char,
                          span=value_span(f, at, at + len(name)) if at >= 0 else value_span(f)))
    return out


__all__ = ["VOCAB", "HeaderField", "align", "bare_pairs", "block_fields", "canonical", "first", "inline_fields", "key_only_lines", "people",
           "value_span"]
