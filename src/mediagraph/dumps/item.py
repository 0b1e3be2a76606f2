"""What dump readers yield: one translated record with its place in the dump."""

from __future__ import annotations

from enum import StrEnum
from typing import Any

import msgspec

from mediagraph.model import Agent, Relation, Release, Track, Work


class DumpKind(StrEnum):
    """What one dump file (or one member of a MusicBrainz archive) holds."""

    DISCOGS_RELEASES = "discogs/releases"
    DISCOGS_MASTERS = "discogs/masters"
    DISCOGS_ARTISTS = "discogs/artists"
    DISCOGS_LABELS = "discogs/labels"
    MB_RELEASE = "musicbrainz/release"
    MB_RELEASE_GROUP = "musicbrainz/release-group"
    MB_ARTIST = "musicbrainz/artist"
    MB_LABEL = "musicbrainz/label"
    MB_RECORDING = "musicbrainz/recording"
    MB_WORK = "musicbrainz/work"
    MB_SERIES = "musicbrainz/series"

    @property
    def is_discogs(self) -> bool:
        return self.value.startswith("discogs/")


DumpRecord = Release | Agent | Work | Track


class DumpItem(msgspec.Struct, frozen=True):
    """One record of a dump.

    ``number`` counts records from 1 in the file (or archive member): after storing item n,
    resume with ``skip=n``. ``offset`` is the byte offset of the record's first byte in the
    *decompressed* stream (the file offset for a plain ``.xml``/``.json`` file). ``prepared``
    is what the reader's ``prepare`` function (if one was given) returned for the record, computed
    in the parser process beside the translation. ``extra`` holds records the entity carries
    inline: the works a MusicBrainz recording performs, with their credits and ISWCs.
    """

    number: int
    offset: int | None
    kind: DumpKind
    record: DumpRecord
    relations: tuple[Relation, ...] = ()
    prepared: Any = None
    extra: tuple[DumpRecord, ...] = ()


__all__ = ["DumpItem", "DumpKind", "DumpRecord"]
