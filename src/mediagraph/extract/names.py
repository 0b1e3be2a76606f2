"""Names and titles in running text: list splitting, person-likeness and quoted titles."""

from __future__ import annotations

import re

from mediagraph.extract.memo import line_cache

# Words that make a capitalised phrase a title or an institution rather than a person.
_NOT_NAME = frozenset(
    ["the", "of", "and", "a", "an", "in", "on", "at", "for", "to", "from", "with", "by", "culture", "visual", "japanese", "review", "reviews", "film", "films", "cinema", "anime", "manga", "studies", "journal", "history", "art", "arts", "guide", "magazine", "press", "university", "books", "book", "records", "record", "music", "soundtrack", "original", "edition", "volume", "vol", "chapter", "part", "series", "new", "old", "world", "theory", "introduction", "notes", "blog", "news", "online", "media", "entertainment", "studio", "studios", "pictures", "company", "inc", "ltd", "gmbh", "llc", "corp", "society", "library", "museum", "collection", "archive", "archives", "theme", "song", "album", "version", "metropolis", "recent", "posts", "see", "all", "comments", "share", "menu", "home", "about", "contact"]
)
_NAME_TOKEN = re.compile(r"^(?:[A-ZÀ-ÞŌŪĀ][\w'’.\-]*|(?:de|van|von|der|da|di|le|la|du|del|bin|al)|[A-Z]\.)$")

QUOTE_PAIRS = {'"': '"', "“": "”", "„": "“", "«": "»", "‘": "’", "'": "'", "「": "」", "『": "』", "‹": "›", "»": "«"}
QUOTED = re.compile(r"[\"“„«‘'「『‹»]\s?([^\"“”„«»‘’「」『』‹›\n]{1,120}?)\s?[\"”“»’'」』›«](?!\w)")


@line_cache
def looks_like_person(name: str) -> bool:
    """A personal name: 1-4 capitalised tokens, no title words ("Robin Syversen", "Rintaro")."""
    tokens = name.replace("\u00a0", " ").split()
    if not 1 <= len(tokens) <= 4 or len(name) > 48:
        return False
    if any(t.lower().strip(".,") in _NOT_NAME for t in tokens):
        return False
    if any(c.isdigit() for c in name):
        return False
    return all(_NAME_TOKEN.match(t) for t in tokens) or bool(re.fullmatch(r"[\u3040-\u30ff\u4e00-\u9fff\s]{2,12}", name))


def split_list(value: str, *, conjunctions: bool = True) -> list[tuple[str, int]]:
    """Split "A, B and C" / "A; B" / "A / B" / "A · B" (or one item a line) into items with their
    offsets in ``value``. With ``conjunctions=False`` "and"/"&" do not split ("Sorrel & The
    Lamplighters" is one act)."""
    parts: list[tuple[str, int]] = []
    # Commas inside brackets belong to the item ("Kei Kobayashi (Kenichi, voice)").
    depth = 0
    start = 0
    cuts: list[tuple[int, int]] = []
    i = 0
    while i < len(value):
        c = value[i]
        if c in "([{":
            depth += 1
        elif c in ")]}":
            depth = max(0, depth - 1)
            if depth == 0 and c == ")" and re.match(r" +[A-ZÀ-Þ][\w'’.\-]+ +[A-ZÀ-Þ]", value[i + 1 : i + 40]) and "," not in value:
                # "Fabrizio Bentivoglio (Bruno) Barbora Bobulova (Tina) …": a cast list whose only
                # separators are its characters' brackets
                cuts.append((i + 1, i + 1))
        elif depth == 0:
            if c in ",;·•|、，；\n":
                cuts.append((i, i + 1))
            elif c == " " and conjunctions and (value.startswith(" and ", i) or value.startswith(" & ", i) or value.startswith(" und ", i) or value.startswith(" et ", i)
                                   or ((value.startswith(" e ", i) or value.startswith(" y ", i))
                                       and re.match(r"[A-ZÀ-Þ][\w'’.\-]+\s+[A-ZÀ-Þ]", value[i + 3 : i + 40]) is not None
                                       and re.search(r"[A-ZÀ-Þ][\w'’.\-]*\s+[A-ZÀ-Þ][\w'’.\-]+$", value[max(0, i - 40) : i]) is not None)):
                # (Italian and Portuguese "e", Spanish "y", between two names: "Francesco Bruni e Gianbattista Avellino")
                width = 5 if value.startswith(" and ", i) or value.startswith(" und ", i) else 4 if value.startswith(" et ", i) else 3
                cuts.append((i, i + width))
                i += width - 1
            elif c == " " and value.startswith(" / ", i):
                cuts.append((i, i + 3))
        i += 1
    for lo, hi in [*cuts, (len(value), len(value))]:
        chunk = value[start:lo]
        stripped = chunk.strip().rstrip(".")
        if stripped:
            parts.append((stripped, start + chunk.find(stripped)))
        start = hi
    return parts


_AS_CHARACTER = re.compile(r"^(?P<name>.+?)\s+(?:as|als|como|comme|–|—|-|\.{2,}|…)\s+(?P<char>.+)$")
_PAREN_CHARACTER = re.compile(r"^(?P<name>.+?)\s*[(（](?P<char>[^)）]+)[)）]$")


def person_and_character(item: str) -> tuple[str, str | None]:
    """"Kei Kobayashi as Kenichi" / "Kei Kobayashi (Kenichi)" → name and character."""
    m = _AS_CHARACTER.match(item) or _PAREN_CHARACTER.match(item)
    if m:
        char = m.group("char").strip()
        char = re.sub(r"^(?:voice of|voice)\s+", "", char, flags=re.I)
        if char.lower() in ("voice", "uncredited", "narrator") or not char:
            return m.group("name").strip(), None if char.lower() != "narrator" else "Narrator"
        return m.group("name").strip(), char
    return item.strip(), None


def drop_full_stop(name: str) -> str:
    """A signed name without its sentence's full stop ("By Joe Muldoon." → "Joe Muldoon"); an
    initial's stop stays ("Frank M.")."""
    return name[:-1] if name.endswith(".") and len(name.split()[-1]) > 3 else name


def strip_quotes(text: str) -> str:
    t = text.strip()
    if len(t) >= 2 and t[0] in QUOTE_PAIRS and t[-1] == QUOTE_PAIRS[t[0]]:
        return t[1:-1].strip()
    return t


__all__ = ["QUOTED", "looks_like_person", "person_and_character", "split_list", "strip_quotes"]
