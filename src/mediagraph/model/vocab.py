"""Controlled vocabularies of the catalog: entity types, work kinds, roles, relation predicates
and the letter-grade scale."""

from __future__ import annotations

from enum import StrEnum


class EntityType(StrEnum):
    WORK = "work"
    RELEASE = "release"
    AGENT = "agent"
    REVIEW = "review"
    CITATION = "citation"


class WorkKind(StrEnum):
    FILM = "film"
    TV_SERIES = "tv_series"
    COMIC = "comic"  # manga, comics, graphic novels
    BOOK = "book"
    ALBUM = "album"  # albums and scores
    SONG = "song"  # songs and compositions
    OTHER = "other"


class AgentKind(StrEnum):
    PERSON = "person"
    ORGANIZATION = "organization"  # labels, companies, publishers, studios
    GROUP = "group"  # bands and ensembles


class Predicate(StrEnum):
    """Relations between works, releases and tracks; read ``subject predicate object``."""

    BASED_ON = "based_on"
    INSPIRED_BY = "inspired_by"
    SOUNDTRACK_OF = "soundtrack_of"
    VERSION_OF = "version_of"
    USES = "uses"  # a film uses a song
    VARIANT_OF = "variant_of"  # a motif or theme is a variant of another
    RELATED_TO = "related_to"
    PART_OF = "part_of"  # a volume of a series, an issue of a comic series
    CITES = "cites"
    RELEASE_OF = "release_of"  # a release is an edition of a work
    IN_GROUP = "in_group"  # a release belongs to a version group (master, release group)
    REVIEW_OF = "review_of"  # a review is about a work or release


# Predicates that draw a lineage: the object came first and the subject descends from it.
LINEAGE_PREDICATES = frozenset(
    {
        Predicate.BASED_ON,
        Predicate.INSPIRED_BY,
        Predicate.SOUNDTRACK_OF,
        Predicate.VERSION_OF,
        Predicate.USES,
        Predicate.VARIANT_OF,
    }
)


class Role(StrEnum):
    """Well-known credit roles; other roles (Discogs' free text) are kept as given."""

    DIRECTOR = "director"
    COMPOSER = "composer"
    AUTHOR = "author"
    PERFORMER = "performer"
    ACTOR = "actor"  # includes voice cast; the character goes in Credit.character
    VOICE = "voice"
    WRITER = "writer"
    ARRANGER = "arranger"
    LYRICIST = "lyricist"
    PRODUCER = "producer"
    LABEL = "label"
    PUBLISHER = "publisher"
    REVIEWER = "reviewer"


# Letter grades in twelfths of the scale (Metacritic's published convention: A = 12, B+ = 10,
# B- = 8, F = 0, evenly spaced). A+ cannot go above the top, so it equals A; F- equals F. The
# page reader stores a grade as ``value/12`` and review scoring maps it to 0–100 with this table.
GRADE_STEPS: dict[str, int] = {
    "A+": 12, "A": 12, "A-": 11,
    "B+": 10, "B": 9, "B-": 8,
    "C+": 7, "C": 6, "C-": 5,
    "D+": 4, "D": 3, "D-": 2,
    "F+": 1, "F": 0, "F-": 0, "E": 0,
}  # fmt: skip
GRADE_BEST = 12

__all__ = [
    "GRADE_BEST",
    "GRADE_STEPS",
    "LINEAGE_PREDICATES",
    "AgentKind",
    "EntityType",
    "Predicate",
    "Role",
    "WorkKind",
]
