"""Classical record reviews head each record with its works, players and disc on one line:
"HOLST: The Planets; R. STRAUSS: Also sprach Zarathustra – National Youth Orch. of Great Britain;
CBSO Youth Chor./ Edward Gardner – Chandos multichannel SACD Chan 5179, 79:53 (2/17/17) ****:".
Each such head gives one record: its first work's title, the composers in capitals, the players,
the label, format, number and length, and the reviewer's stars; the text after it is the review."""

from __future__ import annotations

import re
from dataclasses import dataclass

from mediagraph.extract.doc import Line

# "HOLST: The Planets; R. STRAUSS: Also sprach Zarathustra"
_WORKS = r"(?P<works>(?:[A-Z][A-Z.'’\- ]{2,40}:\s*[^;–—]{2,120}?)(?:;\s*[A-Z][A-Z.'’\- ]{2,40}:\s*[^;–—]{2,120}?)*)"
_HEAD = re.compile(
    rf"^{_WORKS}\s+[–—-]\s+(?P<perf>[^–—]{{3,200}}?)\s+[–—-]\s+(?P<label>[A-Z][\w&.'’ ]{{1,40}}?)\s+"
    r"(?:(?:multichannel|multi-channel|stereo|hybrid|mono)\s+)?(?P<fmt>(?:\d\s*)?(?:SACD|CDs?|Blu-ray|DVD|LPs?|vinyl)\b)?\s*"
    r"(?P<cat>[A-Za-z]{0,8}\s?\d[\w\-/ ]{1,12}?)\s*,\s*(?P<dur>\d{1,3}:\d\d(?::\d\d)?)"
    r"(?:\s*\((?P<date>\d{1,2}/\d{1,2}/\d{2,4})\))?\s*(?P<stars>\*{1,5}(?:½|1/2)?)?")
_WORK = re.compile(r"(?P<c>[A-Z][A-Z.'’\- ]{2,40}):\s*(?P<t>[^;]+)")


@dataclass(frozen=True)
class ClassicalHead:
    line: Line
    title: str
    title_at: int
    composers: tuple[tuple[str, int], ...]
    players: tuple[tuple[str, int], ...]
    label: str
    fmt: str | None
    catno: str
    runtime: str
    stars: str | None
    stars_at: int


def _composer(name: str) -> str:
    """"R. STRAUSS" → "R. Strauss": a composer printed in capitals, in the case a name is written."""
    return " ".join(w if len(w) <= 2 and w.endswith(".") else w[:1] + w[1:].lower() for w in name.split())


def classical_heads(lines: list[Line]) -> list[ClassicalHead]:
    out: list[ClassicalHead] = []
    seen: set[str] = set()
    for ln in lines:
        t = ln.text
        if len(t) < 40 or ":" not in t or "," not in t:
            continue
        m = _HEAD.match(t)
        if m is None or t[: m.end()] in seen:
            continue
        seen.add(t[: m.end()])  # (a head repeated in the post's first line)
        works = list(_WORK.finditer(m.group("works")))
        if not works:
            continue
        base = m.start("works")
        first = works[0]
        title = first.group("t").strip()
        composers = tuple((_composer(w.group("c").strip()), base + w.start("c")) for w in works)
        players = []
        pos = m.start("perf")
        for part in re.split(r"\s*[;/]\s*", m.group("perf")):
            part = part.strip(" ,.")
            if 3 <= len(part) <= 80:
                players.append((part, t.find(part, pos)))
                pos = max(pos, players[-1][1])
        stars = m.group("stars")
        out.append(ClassicalHead(ln, title, base + first.start("t"), composers, tuple(players), m.group("label").strip(),
                                 (m.group("fmt") or "").strip() or None, m.group("cat").strip(), m.group("dur"), stars,
                                 m.start("stars") if stars else -1))
    return out


__all__ = ["ClassicalHead", "classical_heads"]
