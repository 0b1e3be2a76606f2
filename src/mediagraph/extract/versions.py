""""Other Versions" tables of release pages: one row per edition (cat#, title, formats, label,
country, year), whether the cells were kept apart (tabs) or run together in saved text."""

from __future__ import annotations

import re
from dataclasses import dataclass

from mediagraph.extract.doc import Line
from mediagraph.extract.formats import parse_formats
from mediagraph.model import Format

HEADING = re.compile(r"^(?:other versions|versions|other editions|all versions|other releases)\b.*$", re.I)
_TAIL_NOISE = re.compile(r"\s*(?:sell this version|buy|add to cart|in stock|view all)\s*$", re.I)
_YEAR_END = re.compile(r"\s+(?P<year>(?:19|20)\d\d|Unknown|\?)$")
COUNTRIES = (
    "US & Canada|UK & Europe|UK, Europe & US|Europe & US|Germany|UK|US|USA|Japan|France|Europe|EU|Netherlands|Italy|Canada|"
    "Australia|Spain|Sweden|Belgium|Worldwide|Unknown|Russia|Brazil|Mexico|Poland|Austria|Switzerland|Denmark|Norway|"
    "Finland|Greece|Portugal|Ireland|South Korea|Korea|Taiwan|Hong Kong|China|Argentina|Israel|New Zealand|Czech Republic|"
    "Hungary|Turkey|India|South Africa|Scandinavia|Benelux|Germany, Austria, & Switzerland|UK & Ireland|Australia & New Zealand"
)
_COUNTRY_END = re.compile(rf"\s+(?P<country>{COUNTRIES})$")


@dataclass
class VersionRow:
    catno: str | None
    artist: str | None
    title: str
    formats: list[Format]
    label: str | None
    country: str | None
    year: str | None
    line: Line
    barcode: str | None = None
    tracks: int | None = None


_COLUMN_NAMES = {
    "cat#": "catno", "cat #": "catno", "catalog #": "catno", "catalog number": "catno", "catalogue number": "catno", "catno": "catno",
    "label": "label", "country": "country", "year": "year", "released": "year", "date": "year", "artist": "artist",
    "title (format)": "title_format", "title": "title", "format": "format",
    # a catalog's table of a release group's releases: "Release | Format | Tracks | Date | Country | Label | Catalog# | Barcode"
    "release": "title", "tracks": "tracks", "barcode": "barcode", "catalog#": "catno", "catalog no.": "catno", "cat. no.": "catno",
    "release date": "year", "formats": "format", "labels": "label",
}
_SUBHEAD = re.compile(r"^(?:official|promotion|promotional|bootleg|pseudo-release|other|withdrawn|cancelled)$", re.I)


def columns_of(text: str) -> list[str] | None:
    """A table header row's column names ("Title (Format)  Label  Cat#  Country  Year"), or None."""
    cells = [c.strip().lower() for c in re.split(r"\t|\s{3,}", text) if c.strip()]
    names = [_COLUMN_NAMES.get(c) for c in cells]
    return names if len(cells) >= 3 and all(names) else None  # type: ignore[return-value]


def _by_columns(cells: list[str], columns: list[str], ln: Line, artist_hint: str | None) -> VersionRow | None:
    row = dict(zip(columns, cells, strict=True))
    title, fmt = row.get("title", ""), row.get("format", "")
    if "title_format" in row:
        title, _, fmt = row["title_format"].partition("(")
        fmt = fmt.rstrip(")")
    catno = _value(row.get("catno"))
    year = row.get("year")
    if year and (ym := re.search(r"(?:19|20)\d\d(?:-\d\d(?:-\d\d)?)?", year)):
        year = ym.group(0)
    barcode = _value(row.get("barcode"))
    if barcode and not re.fullmatch(r"\d[\d ]{6,16}\d", barcode):
        barcode = None
    tracks = row.get("tracks", "")
    count = sum(int(n) for n in re.findall(r"\d+", tracks)) if re.fullmatch(r"\d+(?:\s*\+\s*\d+)*", tracks.strip()) else None
    return VersionRow(catno, _value(row.get("artist")) or artist_hint, title.strip(), parse_formats(fmt), _value(row.get("label")),
                      _value(row.get("country")), year, ln, barcode.replace(" ", "") if barcode else None, count or None)


def _value(cell: str | None) -> str | None:
    """A cell's value; an empty cell or a placeholder ("[none]", "-") is none."""
    if cell is None or not cell.strip() or cell.strip().strip("[]").lower() in ("none", "n/a", "-", "—", "?", "unknown"):
        return None
    return cell.strip()


def parse_row(ln: Line, *, artist_hint: str | None = None, columns: list[str] | None = None) -> VersionRow | None:
    text = _TAIL_NOISE.sub("", ln.text)
    cells = [c.strip() for c in re.split(r"\t|\s{3,}| \| ", text) if c.strip()]
    if columns and len(cells) == len(columns):
        return _by_columns(cells, columns, ln, artist_hint)
    if columns and "\t" in text and len(text.split("\t")) <= len(columns) and len(cells) >= 3:
        # empty cells kept in place, trailing ones lost with the line's end: "… Daymare Recordings\tDYMC-196"
        raw = [c.strip() for c in text.split("\t")]
        return _by_columns(raw + [""] * (len(columns) - len(raw)), columns, ln, artist_hint)
    if len(cells) >= 5:
        return _from_cells(cells, ln, artist_hint)
    m = re.search(r"\((?P<fmt>[^()]*(?:CD|LP|Vinyl|Cassette|File|DVD|Blu-ray|SACD|\d+xCD|\d+\")[^()]*)\)", text)
    if not m:
        return None
    head, tail = text[: m.start()].rstrip(), text[m.end() :].strip()
    year = country = None
    ym = _YEAR_END.search(" " + tail)
    if ym:
        year = ym.group("year") if ym.group("year")[0].isdigit() else None
        tail = (" " + tail)[: ym.start()].strip()
    cm = _COUNTRY_END.search(" " + tail)
    if cm:
        country = cm.group("country")
        tail = (" " + tail)[: cm.start()].strip()
    # The row starts with the cat# and the tail ends with "Label Cat#": the longest shared piece.
    catno = label = None
    words = head.split()
    for k in range(len(words), 0, -1):
        cand = " ".join(words[:k])
        if tail == cand or tail.endswith(" " + cand):
            catno, label = cand, tail[: len(tail) - len(cand)].strip() or None
            head = " ".join(words[k:])
            break
    if catno is None and tail:
        parts = tail.split()
        label, catno = " ".join(parts[:-1]) or None, parts[-1]
    artist = None
    if artist_hint and head.lower().startswith(artist_hint.lower() + " "):
        artist, head = head[: len(artist_hint)], head[len(artist_hint) :].strip()
    return VersionRow(catno, artist, head.strip(), parse_formats(m.group("fmt")), label, country, year, ln)


def _from_cells(cells: list[str], ln: Line, artist_hint: str | None) -> VersionRow | None:
    year = next((c for c in reversed(cells) if re.fullmatch(r"(?:19|20)\d\d", c)), None)
    country = next((c for c in cells if _COUNTRY_END.search(" " + c) and _COUNTRY_END.search(" " + c).start() == 0), None)  # type: ignore[union-attr]
    fmt_cell = next((i for i, c in enumerate(cells) if "(" in c and ")" in c), None)
    if fmt_cell is None:
        return None
    title_cell = cells[fmt_cell]
    title, _, fmt = title_cell.partition("(")
    rest = [c for i, c in enumerate(cells) if i != fmt_cell and c not in (year, country)]
    catno = rest[0] if rest else None
    artist = rest[1] if len(rest) > 2 else artist_hint
    label = rest[2] if len(rest) > 3 else (rest[-1] if len(rest) > 1 and rest[-1] != catno else None)
    if label == catno:
        label = None
    return VersionRow(catno, artist, title.strip(), parse_formats(fmt.rstrip(")")), label, country, year, ln)


def find_versions(lines: list[Line], *, artist_hint: str | None = None) -> tuple[list[VersionRow], set[int]]:
    """Rows of every "Other Versions" table, and the line indices used."""
    rows: list[VersionRow] = []
    used: set[int] = set()
    i = 0
    while i < len(lines):
        header = lines[i].text and "\t" in lines[i].text and (cols := columns_of(lines[i].text)) is not None \
            and len(cols) >= 4 and "title" in cols
        if lines[i].text and ((HEADING.match(lines[i].text) and len(lines[i].text) < 60) or header):
            used.add(lines[i].index)
            j = i + 1
            misses = 0
            columns: list[str] | None = cols if header else None
            while j < len(lines) and misses < 3:
                ln = lines[j]
                if ln.text:
                    if re.search(r"\bcat\s*#|\bcountry\b.*\byear\b", ln.text, re.I) and "(" not in ln.text.replace("(Format)", ""):
                        used.add(ln.index)
                        columns = columns_of(ln.text)
                    elif columns and _SUBHEAD.match(ln.text.strip()):
                        used.add(ln.index)  # "Official": a group of the table's rows
                    elif (row := parse_row(ln, artist_hint=artist_hint, columns=columns)) is not None:
                        rows.append(row)
                        used.add(ln.index)
                        misses = 0
                    else:
                        break
                else:
                    misses += 1 if rows else 0
                j += 1
            i = j
        else:
            i += 1
    return rows, used


__all__ = ["COUNTRIES", "HEADING", "VersionRow", "columns_of", "find_versions", "parse_row"]
