"""Dates as pages write them, read into partial ISO strings ("1927", "2002-02", "2021-09-27")."""

from __future__ import annotations

import re
from functools import lru_cache

from mediagraph.extract.memo import line_cache

_MONTHS: dict[str, int] = {}
for _i, _names in enumerate(
    [
        "january jan janvier janv januar enero ene gennaio gen januari janeiro",
        "february feb fevrier février fevr févr februar febrero febbraio februari fevereiro",
        "march mar mars märz maerz marzo maart março marco",
        "april apr avril abril aprile",
        "may mai mayo maggio mei maio",
        "june jun juin juni junio giugno junho",
        "july jul juillet juli julio luglio julho",
        "august aug aout août agosto augustus",
        "september sep sept septembre septiembre settembre setembro",
        "october oct octobre oktober octubre ottobre okt outubro",
        "november nov novembre noviembre novembro",
        "december dec décembre decembre dezember diciembre dicembre dez dezembro",
    ],
    start=1,
):
    for _n in _names.split():
        _MONTHS[_n] = _i

_MON = r"(?P<mon>[A-Za-zÀ-ÿ]{3,10})\.?"
_PATTERNS = [
    re.compile(r"(?P<y>\d{4})-(?P<m>\d{1,2})(?:-(?P<d>\d{1,2}))?(?![\d])"),
    re.compile(r"(?<![\d/])(?P<y>\d{4})[/.](?P<m>\d{1,2})[/.](?P<d>\d{1,2})(?![\d/])"),
    re.compile(r"(?P<y>\d{4})年(?:\s*(?P<m>\d{1,2})月(?:\s*(?P<d>\d{1,2})日)?)?"),
    re.compile(_MON + r"\s+(?P<d>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<y>\d{4})"),
    re.compile(r"(?P<d>\d{1,2})(?:st|nd|rd|th|er|º|\.)?(?:\s+|-)(?:de\s+)?" + _MON + r"(?:\s+|-)(?:de\s+|del\s+)?(?P<y>\d{4})"),  # "6 Nov 2006", "6-Nov-2006"
    re.compile(_MON + r",?\s+(?:de\s+|del\s+)?(?P<y>\d{4})"),  # "October 2019", "octubre de 2019"
    re.compile(r"(?P<d>\d{1,2})[./](?P<m>\d{1,2})[./](?P<y>\d{4})"),
]


def _iso(y: int, m: int | None, d: int | None) -> str | None:
    if not 1000 <= y <= 2100:
        return None
    if m is None or not 1 <= m <= 12:
        return f"{y:04d}"
    if d is None or not 1 <= d <= 31:
        return f"{y:04d}-{m:02d}"
    return f"{y:04d}-{m:02d}-{d:02d}"


def _month(name: str | None) -> int | None:
    if not name:
        return None
    return _MONTHS.get(name.lower().rstrip("."))


_DIGITS = re.compile(r"\d{4}")


def find_dates(text: str) -> list[tuple[str, int, int]]:
    """Every date in ``text`` as ``(iso, start, end)``, longest readings first, no overlaps."""
    if not _DIGITS.search(text):
        return []  # every pattern needs a four-digit year
    return list(_dates_in(text))


@line_cache
def _dates_in(text: str) -> tuple[tuple[str, int, int], ...]:
    found: list[tuple[str, int, int]] = []
    taken: list[tuple[int, int]] = []
    for pat in _PATTERNS:
        for m in pat.finditer(text):
            if any(m.start() < b and a < m.end() for a, b in taken):
                continue
            gd = m.groupdict()
            mon = int(gd["m"]) if gd.get("m") else _month(gd.get("mon"))
            if gd.get("mon") and mon is None:
                continue
            d = int(gd["d"]) if gd.get("d") else None
            iso = _iso(int(gd["y"]), mon, d)
            if iso:
                found.append((iso, m.start(), m.end()))
                taken.append((m.start(), m.end()))
    found.sort(key=lambda t: t[1])
    return tuple(found)


_YEAR_ONLY = re.compile(r"^\(?(?P<y>1[89]\d\d|20\d\d)\)?\.?$")


@lru_cache(maxsize=4096)
def parse_date(text: str) -> str | None:
    """The date a short field value states ("February 2002", "Sep 27, 2021", "2000"), or None."""
    t = text.strip()
    if not t or len(t) > 60:
        return None
    m = _YEAR_ONLY.match(t)
    if m:
        return m.group("y")
    found = find_dates(t)
    if found:
        return found[0][0]
    years = re.findall(r"(?<!\d)(1[89]\d\d|20\d\d)(?!\d)", t)
    if len(years) == 1:
        return years[0]
    return None


@line_cache
def is_date_line(text: str) -> str | None:
    """The date when a whole line is just a date ("May 21, 2018"), else None."""
    t = text.strip().rstrip(".").rstrip(" -–—|·•").strip()  # ("6-Nov-2006 -": a dateline's trailing dash)
    if not t or len(t) > 40:
        return None
    found = find_dates(t)
    if len(found) == 1 and found[0][1] == 0 and found[0][2] >= len(t) - 1 and "-" in found[0][0]:
        return found[0][0]
    return None


@line_cache
def dated_line(text: str) -> str | None:
    """The date of a line that is only a date, a weekday's name allowed before it ("mercoledì 22
    settembre 2021", "Tuesday, May 21, 2018")."""
    iso = is_date_line(text)
    if iso is not None:
        return iso
    t = text.strip().rstrip(".")
    day = _WEEKDAY.match(t)
    if day is None or len(t) > 52:
        return None
    found = find_dates(t)
    if len(found) == 1 and found[0][1] == day.end() and found[0][2] >= len(t) - 1 and "-" in found[0][0]:
        return found[0][0]
    return None


# A weekday's name before a date, in the languages the month names are read in
_WEEKDAY = re.compile(
    r"(?i)^(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|mon|tue|tues|wed|thu|thurs|fri|sat|sun|"
    r"lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|montag|dienstag|mittwoch|donnerstag|freitag|samstag|sonntag|"
    r"lunedì|lunedi|martedì|martedi|mercoledì|mercoledi|giovedì|giovedi|venerdì|venerdi|sabato|domenica|"
    r"lunes|martes|miércoles|miercoles|jueves|viernes|sábado|domingo|segunda-feira|terça-feira|quarta-feira|quinta-feira|"
    r"sexta-feira|maandag|dinsdag|woensdag|donderdag|vrijdag|zaterdag|zondag)\.?,?\s+")


__all__ = ["dated_line", "find_dates", "is_date_line", "parse_date"]
