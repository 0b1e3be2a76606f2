"""The record model: what one source says about works, releases, agents, reviews and citations.

Records are immutable msgspec structs with no I/O. Extractors and dump importers yield them
inside a ``RecordSet`` (one per source); the store resolves each record to a catalog entity and
keeps it as that source's statement, so every fact keeps where it came from.

Inside a RecordSet, records point at one another by ``key``: a local blank-node key such as
``_:w1`` or an IRI. Agents are embedded where they are credited.
"""

from __future__ import annotations

import re

import msgspec

from mediagraph.model.identifiers import Identifier
from mediagraph.model.vocab import AgentKind, Predicate, WorkKind


class Span(msgspec.Struct, frozen=True, array_like=True):
    """Character offsets ``[start, end)`` of a fact in its source's text."""

    start: int
    end: int


class FieldSpan(msgspec.Struct, frozen=True, array_like=True):
    """Where in the source text one field of a record was read."""

    field: str
    start: int
    end: int


class _Record(msgspec.Struct, frozen=True, kw_only=True, omit_defaults=True):
    pass


class Property(_Record, frozen=True, kw_only=True, omit_defaults=True):
    """A schema.org property the catalog has no field of its own for (``offers``, ``image``,
    ``address``), kept as the source wrote it so an export writes it back: ``value`` is its
    JSON text, terms in compact form."""

    name: str
    value: str


class Title(_Record, frozen=True, kw_only=True, omit_defaults=True):
    text: str
    lang: str | None = None
    kind: str = "main"  # main | alternate | original | translated


class Agent(_Record, frozen=True, kw_only=True, omit_defaults=True):
    """A person, group or organisation as a source names it."""

    name: str
    kind: AgentKind = AgentKind.PERSON
    key: str | None = None
    variants: tuple[str, ...] = ()  # name variations, "credited as" forms
    aliases: tuple[str, ...] = ()  # other names the agent used
    identifiers: tuple[Identifier, ...] = ()
    same_as: tuple[str, ...] = ()
    spans: tuple[FieldSpan, ...] = ()
    real_name: str | None = None  # Discogs "realname"
    members: tuple[Agent, ...] = ()  # a group's members; a label's sublabels
    groups: tuple[Agent, ...] = ()  # the groups a musician is in; a sublabel's parent label
    begin: str | None = None  # a partial ISO date: born, or founded
    end: str | None = None  # died, or dissolved
    disambiguation: str | None = None  # what tells two of the same name apart ("the Seattle band")
    description: str | None = None  # a profile as the source writes it (Discogs' artist and label profiles)
    extra: tuple[Property, ...] = ()  # properties kept as written, with no field of their own


class Credit(_Record, frozen=True, kw_only=True, omit_defaults=True):
    """An agent's part in a work, release or track ("composer", "Music By [All Tracks By]")."""

    agent: Agent
    role: str
    role_detail: str | None = None  # the bracketed part of a Discogs role
    character: str | None = None  # for actors and voice cast
    credited_as: str | None = None
    tracks: str | None = None  # which tracks, as the source says ("1 to 5")
    span: Span | None = None
    join: str | None = None  # the joiner to the next credited name ("&", " feat. ")


class Track(_Record, frozen=True, kw_only=True, omit_defaults=True):
    position: str  # "7", "A1", "2-05", "" for headings
    title: str
    duration: str | None = None  # as given, "3:45"
    credits: tuple[Credit, ...] = ()
    identifiers: tuple[Identifier, ...] = ()
    sub_tracks: tuple[Track, ...] = ()
    key: str | None = None  # a recording key when the source names one
    span: Span | None = None
    extra: tuple[Property, ...] = ()  # properties kept as written, with no field of their own

    @property
    def seconds(self) -> int | None:
        return duration_seconds(self.duration)


class Format(_Record, frozen=True, kw_only=True, omit_defaults=True):
    name: str  # CD, Vinyl, Blu-ray, File
    qty: int | None = None
    descriptions: tuple[str, ...] = ()  # Album, LP, Promo, RE
    text: str | None = None


class ReleaseLabel(_Record, frozen=True, kw_only=True, omit_defaults=True):
    label: Agent
    catalog_number: str | None = None


class Part(_Record, frozen=True, kw_only=True, omit_defaults=True):
    """A piece of a work that is no work of its own in the catalog: a season or an episode of a
    series, an issue, story or cover of a comic. ``type`` is its schema.org type ("TVSeason")."""

    type: str
    number: str | None = None  # its number as given: season, episode or issue number
    title: str | None = None
    date: str | None = None
    description: str | None = None
    runtime: str | None = None  # as a clock, "0:44:00"
    credits: tuple[Credit, ...] = ()
    identifiers: tuple[Identifier, ...] = ()
    same_as: tuple[str, ...] = ()
    episode_count: int | None = None  # a season's stated number of episodes
    parts: tuple[Part, ...] = ()  # a season's episodes, an issue's stories
    extra: tuple[Property, ...] = ()  # properties kept as written, with no field of their own


class Work(_Record, frozen=True, kw_only=True, omit_defaults=True):
    """A film, series, comic, book, album or song, apart from any edition of it."""

    key: str
    kind: WorkKind
    titles: tuple[Title, ...]
    date: str | None = None  # a partial ISO date: "1927", "2002-02"
    credits: tuple[Credit, ...] = ()
    genres: tuple[str, ...] = ()
    description: str | None = None
    identifiers: tuple[Identifier, ...] = ()
    same_as: tuple[str, ...] = ()
    spans: tuple[FieldSpan, ...] = ()
    types: tuple[str, ...] = ()  # the source's own type labels: "Album", "Soundtrack", "Song"
    runtime: str | None = None  # a film's running time as a clock, "2:17:00"
    content_rating: str | None = None  # "PG-13", "R", "FSK 12"
    country: str | None = None  # country of origin as the source names it
    aggregate: AggregateRating | None = None  # the site's users' or critics' mean, if stated
    language: str | None = None  # the language of the work as the source names it ("en", "English")
    disambiguation: str | None = None  # what tells it from others of the same title ("1927 film")
    number: str | None = None  # its number in what it is part of: volume, issue, episode
    page_count: int | None = None
    season_count: int | None = None
    episode_count: int | None = None
    parts: tuple[Part, ...] = ()  # seasons and episodes, issues and stories
    extra: tuple[Property, ...] = ()  # properties kept as written, with no field of their own

    @property
    def title(self) -> str:
        return main_title(self.titles)


class Release(_Record, frozen=True, kw_only=True, omit_defaults=True):
    """An edition of a work: a CD, an LP, a Blu-ray, a file release."""

    key: str
    title: str
    work: str | None = None  # key of the Work this is an edition of
    credits: tuple[Credit, ...] = ()  # main artists first, then extra artists
    formats: tuple[Format, ...] = ()
    labels: tuple[ReleaseLabel, ...] = ()
    country: str | None = None
    date: str | None = None
    runtime: str | None = None
    companies: tuple[Credit, ...] = ()  # organisations with roles: Pressed By, (p), (c)
    notes: str | None = None
    tracks: tuple[Track, ...] = ()
    identifiers: tuple[Identifier, ...] = ()
    group: str | None = None  # key of the version group (Discogs master, MB release group)
    genres: tuple[str, ...] = ()
    styles: tuple[str, ...] = ()
    status: str | None = None  # Official, Promotion, Bootleg
    data_quality: str | None = None
    same_as: tuple[str, ...] = ()
    spans: tuple[FieldSpan, ...] = ()
    track_count: int | None = None  # "12 tracks" where the page gives no list
    extra: tuple[Property, ...] = ()  # properties kept as written, with no field of their own


class Rating(_Record, frozen=True, kw_only=True, omit_defaults=True):
    """A rating as given: the value on its own scale and the original text ("★★★½", "B+")."""

    text: str
    value: float | None = None
    best: float | None = None
    worst: float | None = None
    scale_assumed: bool = False  # the source gave no scale; schema.org defaults were used


class AggregateRating(_Record, frozen=True, kw_only=True, omit_defaults=True):
    """Many raters' mean as a site states it ("3.98 from 14 ratings", "7.8/10 from 422,473 users"):
    a fact about the work, never one reviewer's score."""

    value: float
    best: float | None = None
    worst: float | None = None
    rating_count: int | None = None
    review_count: int | None = None
    text: str | None = None


class Review(_Record, frozen=True, kw_only=True, omit_defaults=True):
    key: str
    subject: str  # key of the reviewed work or release
    author: Agent | None = None
    site: str | None = None
    date: str | None = None
    title: str | None = None
    text: str | None = None
    rating: Rating | None = None
    score: float | None = None  # normalised 0-100
    score_low: float | None = None
    score_high: float | None = None
    estimated: bool = False  # True: the score was estimated from the text, not given
    url: str | None = None
    citations: tuple[str, ...] = ()  # keys of Citation records
    spans: tuple[FieldSpan, ...] = ()
    extra: tuple[Property, ...] = ()  # properties kept as written, with no field of their own


class Citation(_Record, frozen=True, kw_only=True, omit_defaults=True):
    """A bibliographic reference a review or work cites."""

    key: str
    text: str  # the reference as written
    title: str | None = None
    authors: tuple[str, ...] = ()
    container: str | None = None  # the book, journal or site it appears in
    date: str | None = None
    publisher: str | None = None
    place: str | None = None
    url: str | None = None
    spans: tuple[FieldSpan, ...] = ()


class Relation(_Record, frozen=True, kw_only=True, omit_defaults=True):
    """``subject predicate object`` between records, optionally anchored at track positions."""

    subject: str
    predicate: Predicate
    object: str
    subject_track: str | None = None
    object_track: str | None = None
    note: str | None = None
    span: Span | None = None


class Source(_Record, frozen=True, kw_only=True, omit_defaults=True):
    """Where records came from: a page, a JSON-LD file, a dump, or a curator."""

    uri: str
    kind: str = "page"  # page | jsonld | discogs | musicbrainz | curator
    site: str | None = None
    title: str | None = None
    media_type: str | None = None
    content_hash: str | None = None
    retrieved_at: str | None = None  # ISO 8601
    text: str | None = None  # the text facts' spans point into


class RecordSet(_Record, frozen=True, kw_only=True, omit_defaults=True):
    """Everything one source says: the unit of ingest, idempotent by content hash."""

    source: Source
    works: tuple[Work, ...] = ()
    releases: tuple[Release, ...] = ()
    agents: tuple[Agent, ...] = ()
    reviews: tuple[Review, ...] = ()
    citations: tuple[Citation, ...] = ()
    relations: tuple[Relation, ...] = ()
    warnings: tuple[str, ...] = ()


def main_title(titles: tuple[Title, ...]) -> str:
    for t in titles:
        if t.kind == "main":
            return t.text
    return titles[0].text if titles else ""


_MIN_SEC_WORDS = re.compile(r"(?i)^(?P<m>\d{1,3})\s*(?:minutes|mins?\.?|min|minuten|minuti|minutos)\s*,?\s*(?:and\s+|et\s+|und\s+|e\s+|y\s+)?"
                            r"(?P<s>\d{1,2})\s*(?:seconds|secs?\.?|s|sekunden|secondes|secondi|segundos)\.?$")


def duration_seconds(text: str | None) -> int | None:
    """``"3:45"`` → 225, ``"1:02:03"`` → 3723, ``"79 mins 43 secs."`` → 4783; None when absent or
    unreadable."""
    if not text:
        return None
    if (words := _MIN_SEC_WORDS.match(text.strip())) is not None:
        return int(words.group("m")) * 60 + int(words.group("s"))
    parts = text.strip().split(":")
    if not all(p.isdigit() for p in parts) or not 1 < len(parts) <= 3:
        return None
    total = 0
    for p in parts:
        total = total * 60 + int(p)
    return total


__all__ = [
    "Agent",
    "Citation",
    "Credit",
    "FieldSpan",
    "Format",
    "Part",
    "Property",
    "Rating",
    "RecordSet",
    "Relation",
    "Release",
    "ReleaseLabel",
    "Review",
    "Source",
    "Span",
    "Title",
    "Track",
    "Work",
    "duration_seconds",
    "main_title",
]
