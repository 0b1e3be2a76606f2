"""Credit roles as pages write them ("Music By", "Written-By", "Vocals") mapped to catalog roles."""

from __future__ import annotations

import re

from mediagraph.model import Role

_ROLES: dict[str, str] = {}
for _role, _labels in {
    Role.COMPOSER: "music by|music|composer|composed by|composed-by|score|score by|composition|musique|musik|compositeur|musica di|música de|musique de|composition|composizione|composición",
    Role.PERFORMER: "by|artist|performer|performed by|performed-by|vocals|vocal|voice|featuring|feat.|lead vocals|sung by|singer|interprète|voce|voz|chant|gesang|interpretada por|interpretata da",
    Role.WRITER: "written by|written-by|writer|words by|songwriter|screenplay|screenplay by|script",
    Role.LYRICIST: "lyrics by|lyrics|lyrics-by|lyricist|words|testo di|parole di|letra de|paroles de|text von|testo|letra|paroles",
    Role.ARRANGER: "arranged by|arranged-by|arranger|arrangement|arrangements|orchestrated by|orchestration|arrangiamento|arreglos|arrangements de",
    Role.PRODUCER: "producer|produced by|produced-by|co-producer",
    Role.DIRECTOR: "director|directed by|dir.|réalisateur|regie",
    Role.AUTHOR: "author|story|story by|original story|created by|creator|manga by|mangaka|story & art|story and art",
    Role.PUBLISHER: "publisher|published by|published-by",
}.items():
    for _label in _labels.split("|"):
        _ROLES[_label] = str(_role)

# Discogs-style roles kept as written ("Mastered By", "Design") are credits too.
_FREE_ROLE = re.compile(
    r"^(?:[A-Z][\w\-]*(?:[ \-](?:[A-Z&][\w\-]*|by|and|of))*(?:[ \-]By)|Vocals|Guitar|Bass|Drums|Piano|Keyboards|"
    r"Synthesizer|Saxophone|Trumpet|Violin|Cello|Strings|Orchestra|Conductor|Engineer|Design|Artwork|Photography|"
    r"Mastered By|Mixed By|Remix|Liner Notes|Choir|Percussion|Programmed By|Featuring)(?:\s*\[[^\]]*\])?$"
)


def role_for(label: str) -> str | None:
    """The catalog role for a credit label, the label itself for free Discogs roles, or None."""
    t = label.strip().rstrip(":").strip()
    low = t.lower()
    if low in _ROLES:
        return _ROLES[low]
    detail = re.sub(r"\s*\[[^\]]*\]$", "", low)
    if detail in _ROLES:
        return _ROLES[detail]
    if _FREE_ROLE.match(t):
        return t
    return None


__all__ = ["role_for"]
