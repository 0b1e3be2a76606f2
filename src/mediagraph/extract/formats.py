"""Release formats as pages write them ("CD, Album", "2×Vinyl, LP, RE", "Blu-ray")."""

from __future__ import annotations

import re

from mediagraph.model import Format

_NAMES = {
    "cd": "CD", "cds": "CD", "compact disc": "CD", "vinyl": "Vinyl", "lp": "Vinyl", "cassette": "Cassette", "file": "File",
    "digital": "File", "digital download": "File", "download": "File", "dvd": "DVD", "blu-ray": "Blu-ray", "bluray": "Blu-ray",
    "sacd": "SACD", "cdr": "CDr", "cd-r": "CDr", "minidisc": "Minidisc", "box set": "Box Set", "all media": "All Media",
    "12\"": "Vinyl", "7\"": "Vinyl", "10\"": "Vinyl", "mp3": "File", "flac": "File", "streaming": "File", "hybrid": "SACD",
}
_QTY = re.compile(r"^(?P<q>\d{1,2})\s*(?:[x×]\s*|\s(?=[A-Za-z]))(?P<name>.+)$", re.I)
FORMAT_LINE = re.compile(
    r"^(?:\d{1,2}\s*[x×]\s*)?(?:CD|CDr|Vinyl|LP|Cassette|File|DVD|Blu-ray|SACD|Box Set|All Media|Minidisc|\d{1,2}\")(?:\s*,\s*[\w\"' .\-/]+){0,8}\s*$",
    re.I,
)


def format_name(token: str) -> str | None:
    t = token.strip().lower()
    return _NAMES.get(t)


def parse_formats(text: str) -> list[Format]:
    """"CD, Album, Promo" → [Format(CD, descriptions=(Album, Promo))]; a second medium starts
    a new format ("CD, Album, DVD, NTSC")."""
    out: list[Format] = []
    for raw in (p.strip() for p in re.split(r",|\s[+/]\s|;", text)):
        if not raw:
            continue
        m = _QTY.match(raw)
        qty = int(m.group("q")) if m else None
        name = format_name(m.group("name") if m else raw)
        if name and (name != "Vinyl" or raw.lower() in ("vinyl",) or m or not out):
            desc: tuple[str, ...] = ()
            if raw.lower() in ("lp", '12"', '7"', '10"'):
                desc = (raw.upper() if raw.lower() == "lp" else raw,)
            out.append(Format(name=name, qty=qty, descriptions=desc))
        elif out:
            f = out[-1]
            out[-1] = Format(name=f.name, qty=f.qty, descriptions=(*f.descriptions, raw), text=f.text)
    return out


__all__ = ["FORMAT_LINE", "format_name", "parse_formats"]
