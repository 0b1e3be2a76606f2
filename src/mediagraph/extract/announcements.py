"""Home-video release news: "Kino Lorber will soon release Harley Cokeliss’ Malone (1987) on Blu-ray",
"Warner Home Video’s Arrow: Season Three, Gotham: Season One, and Supernatural: Season Ten are all
set for release on Blu-ray and DVD on 9/8", "Scream Factory has revealed the extras on their Howling
II Blu-ray". Each sentence of such news names the works a distributor puts out on disc; each becomes
a work with a release of that disc format from that distributor (and the director and year the
sentence gives), never one record for the whole post."""

from __future__ import annotations

import re
from dataclasses import dataclass

from mediagraph.extract.doc import Line
from mediagraph.extract.entries import generic_only, is_chrome, plausible_title
from mediagraph.extract.mentions import title_run
from mediagraph.extract.names import looks_like_person
from mediagraph.model import Span, WorkKind

_FORMAT = r"(?:4K\s+Ultra\s+HD(?:\s+Blu-ray)?|Ultra\s+HD\s+Blu-ray|4K\s+UHD(?:\s+Blu-ray)?|UHD\s+Blu-ray|Blu-ray|Blu-Ray|DVD)"
_RUN = title_run(6)
_TITLE = rf"{_RUN}(?::[ \t]+{_RUN})?(?:[ \t]+[–-][ \t]+{_RUN}(?::[ \t]+{_RUN})?)?"
_MAKER = r"(?P<mk>[A-ZÀ-Þ][\w.\-]+(?:[ \t]+[A-ZÀ-Þ][\w.\-]+){1,2})['’]s?[ \t]+"
# a title, its year, then its disc ("Malone (1987) on Blu-ray", "their Howling II Blu-ray")
_ONE = re.compile(rf"(?:{_MAKER})?(?P<t>{_TITLE})(?:[ \t]+\((?P<y>(?:19|20)\d\d)\))?[ \t]+(?:(?:on|auf|en|su)[ \t]+)?(?P<f>{_FORMAT})\b")
# a list of titles set for release together: "A, B, and C are all now officially set for release on Blu-ray"
_LIST = re.compile(rf"(?P<l>{_TITLE}(?:,[ \t]+{_TITLE})*,?[ \t]+(?:and|&)[ \t]+{_TITLE})[ \t]+(?:are|will be)[ \t]+"
                   rf"(?:[a-z]+[ \t]+){{0,4}}?(?:set[ \t]+for[ \t]+release|coming|due|headed|arriving|released)[ \t]+(?:[a-z]+[ \t]+){{0,2}}?(?P<f>{_FORMAT})\b")
_CUE = re.compile(r"(?i)\b(?:releas\w*|street date|set for|due (?:on|out)|coming to|arriv\w+|announc\w+|reveal\w+|bring\w*|issu\w+|"
                  r"veröffentlich\w*|erschein\w*|sortie|lanzamiento|uscita)\b")
# "Kino Lorber will soon release", "Scream Factory has revealed": the sentence's distributor
_PUBLISHER = re.compile(r"^(?:(?:Meanwhile|Also|Finally|Today|And|Plus)[^,]{0,30},[ \t]+)?(?:(?:For|Also for)[^,]{1,40},[ \t]+)?"
                        r"(?P<p>[A-Z][\w&.\-]*(?:[ \t]+[A-Z][\w&.\-]*){0,3})[ \t]+(?:will|has|have|is|are|releases|announced|announces|"
                        r"brings|revealed|reveals|unveils|unveiled|plans|set)\b")
_POSSESSIVE_PUB = re.compile(r"(?P<p>[A-Z][\w&.\-]*(?:[ \t]+[A-Z][\w&.\-]*){1,3})['’]s?[ \t]+$")
_NOT_TITLE = re.compile(r"(?i)^(?:the|a|an|their|its|his|her|our|new|all|both|this|that|these|those|ultra|hd|4k|uhd|blu-ray|dvd|"
                        r"on|and|also|today|finally|meanwhile|edition|special edition|steelbook|collector'?s edition)$")
_GEAR = re.compile(r"(?i)(?:ultra|hd|4k|uhd|hdr|hdr10\+?|dolby|vision|atmos|dts|player|players|\s)+")  # "Ultra HD Blu-ray players"
_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z])")


@dataclass(frozen=True)
class DiscRelease:
    title: str
    span: Span
    kind: WorkKind
    fmt: str
    publisher: str | None = None
    year: str | None = None
    maker: str | None = None  # the director a possessive names ("Harley Cokeliss’ Malone")


def _clean(title: str) -> str:
    title = re.sub(r"^(?:the|their|its|his|her)[ \t]+(?=[A-Z])", lambda m: m.group(0) if m.group(0)[0] == "T" else "", title)
    return title.strip(" ,.;:")


def disc_releases(lines: list[Line]) -> list[DiscRelease]:
    """The works each sentence of home-video news puts out on disc, when at least two sentences do."""
    out: list[DiscRelease] = []
    seen: set[str] = set()
    for ln in lines:
        t = ln.text
        if len(t) < 40 or is_chrome(t) or ("Blu" not in t and "DVD" not in t and "UHD" not in t):
            continue
        pos = 0
        for sentence in _SENTENCE.split(t):
            start = t.find(sentence, pos)
            pos = start + len(sentence)
            if not _CUE.search(sentence):
                continue
            pm = _PUBLISHER.match(sentence)
            publisher = pm.group("p") if pm is not None else None  # ("Kino Lorber will release": a firm, though it reads like a name)
            found: list[tuple[str, int, str, str | None, str | None]] = []
            lm = _LIST.search(sentence)
            if lm is not None:
                at = lm.start("l")
                for part in re.split(r",[ \t]+(?:and[ \t]+)?|[ \t]+(?:and|&)[ \t]+", lm.group("l")):
                    k = sentence.find(part, at)
                    found.append((part, k, lm.group("f"), None, None))
                    at = k + len(part)
            for m in _ONE.finditer(sentence):
                if lm is not None and lm.start() <= m.start() < lm.end():
                    continue
                found.append((m.group("t"), m.start("t"), m.group("f"), m.group("y"), m.group("mk")))
            for raw, k, fmt, year, maker in found:
                title = _clean(raw)
                owner = re.match(r"^(?P<o>[A-Z][\w&.\-]*(?:[ \t]+[A-Z][\w&.\-]*){0,3})['’]s?[ \t]+(?P<t>[A-Z0-9].*)$", title)
                if owner is not None:
                    # "Warner Home Video’s Arrow: Season Three": the firm's (or the director's) title
                    k += title.find(owner.group("t"))
                    title = owner.group("t")
                    if looks_like_person(owner.group("o")) and maker is None and not publisher:
                        maker = owner.group("o")
                    else:
                        raw_pub = owner.group("o")
                        publisher = publisher or raw_pub
                if publisher and title.startswith(publisher):
                    continue  # the sentence's distributor, read as the head of a title
                before = sentence[:k]
                pub = publisher
                if (pp := _POSSESSIVE_PUB.search(before)) is not None and not looks_like_person(pp.group("p")):
                    pub = pp.group("p")  # "Warner Home Video’s Arrow: Season Three"
                if maker and not looks_like_person(maker):
                    pub, maker = pub or maker, None
                if not title or _NOT_TITLE.match(title) or _GEAR.fullmatch(title) or not plausible_title(title) or generic_only(title) \
                        or title.casefold() in seen:  # ("Howling II Blu-ray": a title, though it reads like a name)
                    continue
                seen.add(title.casefold())
                at = start + t[start:].find(title)
                kind = WorkKind.TV_SERIES if re.search(r"(?i)\bseason\b|\bseries\b", title) else WorkKind.FILM
                out.append(DiscRelease(title, ln.span(at, at + len(title)), kind, fmt, pub, year, maker))
    return out if len(out) >= 2 else []


__all__ = ["DiscRelease", "disc_releases"]
