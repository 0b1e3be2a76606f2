"""Classical record reviews head each record with its works, players and disc on one line:
"HOLST: The Planets; R. STRAUSS: Also sprach Zarathustra – National Youth Orch. of Great Britain;
CBSO Youth Chor./ Edward Gardner – Chandos multichannel SACD Chan 5179, 79:53 (2/17/17) ****:".
Each such head gives one record: its first work's title, the composers in capitals, the players,
the label, format, number and length, and the reviewer's stars; the text after it is the review."""

from __future__ import annotations

import re
from dataclasses import dataclass

from mediagraph.extract.doc import Line
from mediagraph.extract.names import looks_like_person

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


# A record's card in a critics' round-up: a few short lines (the works, the players), then the label (with its
# number) and the critic's stars, then the review: "Schumann: Songs Vol 6 / McGreevy/Doufexis/ Thompson /
# (Hyperion) ****", "MOZART: PIANO TRIOS … Anne-Sophie Mutter (violin), … Deutsche Grammophon 477 6114 ***"
_CARD_TAIL = re.compile(
    r"(?:^|\s)(?:\((?P<pl>[A-Z][\w&.'’ \-]{1,40}?)(?:\s+(?P<pc>[A-Z]{0,8}\s?\d[\d \-/]{2,14}\d))?\)"
    r"|(?P<l>[A-Z][\w&.'’\-]*(?:\s[A-Z][\w&.'’\-]*){0,3})\s+(?P<c>[A-Z]{0,8}\s?\d[\d \-/]{2,14}\d))"
    r"(?:\s*\((?P<f>[^()]{1,20})\))?\s*(?P<s>\*{1,5}|[★☆]{1,5}(?:½)?)\s*$")
_COMPOSER_HEAD = re.compile(r"^(?P<c>[A-ZÀ-Þ][A-Za-zÀ-ÿ.'’\- ]{1,30}?|[A-ZÀ-Þ .'’\-]{3,40}):\s+(?P<w>\S.*)$")
_PARTS = re.compile(r"\s*/\s*|\s*;\s*")


@dataclass(frozen=True)
class RecordCard:
    title: str
    title_line: Line
    title_at: int
    composers: tuple[str, ...]
    players: tuple[str, ...]
    label: str
    catno: str | None
    stars: str
    tail_line: Line
    stars_at: int
    review: tuple[Line, ...]


def _is_head_line(t: str) -> bool:
    return 2 <= len(t) <= 220 and not re.search(r"[a-z]{3}\.\s+[A-Z]", t)


def record_cards(lines: list[Line]) -> list[RecordCard]:
    """Each record card of a round-up: short head lines closed by "(Label) ***" or "Label 477 6114 ***",
    the review paragraph after them; when the page holds two or more such cards."""
    nonblank = [ln for ln in lines if ln.text.strip()]
    found: dict[int, re.Match[str]] = {}
    for k, ln in enumerate(nonblank):
        t = ln.text
        if len(t) <= 260 and ("*" in t or "★" in t or "☆" in t) and (m := _CARD_TAIL.search(t)) is not None \
                and not re.fullmatch(r"(?:19|20)\d\d", (m.group("pc") or m.group("c") or "").strip()):  # ("17 Nov 2016 ★★★★½": a dated user rating)
            found[k] = m
    tails = list(found)
    if len(tails) < 2:
        return []
    out: list[RecordCard] = []
    for n, k in enumerate(tails):
        tail = nonblank[k]
        m = found[k]
        label = (m.group("pl") or m.group("l") or "").strip()
        catno = (m.group("pc") or m.group("c") or "").strip() or None
        head_text = tail.text[: m.start()].strip()
        block = [ln for ln in nonblank[max(0, k - 2) : k] if _is_head_line(ln.text)]
        if head_text and (_COMPOSER_HEAD.match(head_text) or len(head_text) >= 40):
            block = []  # the card's head is on its tail's line; the lines above are the page's or the last review's
        heads = [(ln, ln.text.strip()) for ln in block if not looks_like_person(ln.text.strip())]
        if head_text:
            heads.append((tail, head_text))
        if not heads:
            continue
        first_ln, first = heads[0]
        composers: list[str] = []
        title, at = first, first_ln.text.find(first)
        cm = _COMPOSER_HEAD.match(first)
        if cm is not None:
            composers.append(_composer(cm.group("c").strip()) if cm.group("c").isupper() else cm.group("c").strip())
            title = cm.group("w").strip()
            at = first_ln.text.find(title)
        players: list[str] = []
        pm = _PLAYER_IN_HEAD.search(title)
        if pm is not None:
            # "PIANO TRIOS IN C K548 … Anne-Sophie Mutter (violin), Daniel Müller-Schott (cello)": the players follow the works
            players.extend(p.group("n") for p in _PLAYER_IN_HEAD.finditer(title))
            title = title[: pm.start()].strip(" ,;")
        title = re.split(r";\s*[A-Z][A-Z.'’\- ]{2,40}:", title)[0].strip(" ,;")  # "Violin Concerto; SCHUBERT: …": the first work's
        for _, text in heads[1:]:
            for part in _PARTS.split(text):
                part = part.strip(" ,.")
                if 2 <= len(part) <= 60 and part not in players:
                    players.append(part)
        if not title or len(title) > 150:
            continue
        end = tails[n + 1] - 2 if n + 1 < len(tails) else len(nonblank)
        review = tuple(ln for ln in nonblank[k + 1 : max(k + 1, end)] if len(ln.text) >= 150)
        out.append(RecordCard(title, first_ln, max(at, 0), tuple(composers), tuple(players), label, catno, m.group("s"), tail,
                              m.start("s"), review))
    return out if len(out) >= 2 else []


_PLAYER_IN_HEAD = re.compile(r"(?P<n>[A-ZÀ-Þ][a-zà-ÿ'’.\-][\w'’.\-]*(?:\s+(?:de\s+|van\s+|von\s+)?[A-ZÀ-Þ][a-zà-ÿ'’.\-][\w'’.\-]*){1,3})"
                             r"\s*\((?P<i>[a-z][\w ,/]{2,30})\)")
