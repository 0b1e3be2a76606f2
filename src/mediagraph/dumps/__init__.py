"""Pure dump parsing: Discogs XML and MusicBrainz JSON dumps streamed into catalog records."""

from mediagraph.dumps.detect import detect_kind, open_dump
from mediagraph.dumps.discogs import (
    artist_to_agent,
    label_to_agent,
    master_relations,
    master_to_work,
    release_relations,
    release_to_record,
    split_roles,
)
from mediagraph.dumps.item import DumpItem, DumpKind, DumpRecord
from mediagraph.dumps.mbdump import read_musicbrainz
from mediagraph.dumps.musicbrainz import (
    mb_artist,
    mb_label,
    mb_recording,
    mb_recording_relations,
    mb_recording_works,
    mb_release,
    mb_release_group,
    mb_series,
    mb_work,
    mb_work_relations,
)
from mediagraph.dumps.reader import discogs_kind, read_discogs, read_dump

__all__ = [
    "DumpItem",
    "DumpKind",
    "DumpRecord",
    "artist_to_agent",
    "detect_kind",
    "discogs_kind",
    "label_to_agent",
    "master_relations",
    "master_to_work",
    "mb_artist",
    "mb_label",
    "mb_recording",
    "mb_recording_relations",
    "mb_recording_works",
    "mb_release",
    "mb_release_group",
    "mb_series",
    "mb_work",
    "mb_work_relations",
    "open_dump",
    "read_discogs",
    "read_dump",
    "read_musicbrainz",
    "release_relations",
    "release_to_record",
    "split_roles",
]
