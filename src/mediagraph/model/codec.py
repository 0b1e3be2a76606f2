"""Encoding records to and from JSON bytes, by entity type."""

from __future__ import annotations

from typing import Any

import msgspec

from mediagraph.model.records import Agent, Citation, RecordSet, Release, Review, Work
from mediagraph.model.vocab import EntityType

EntityRecord = Work | Release | Agent | Review | Citation

TYPE_OF: dict[str, type[Any]] = {
    EntityType.WORK: Work,
    EntityType.RELEASE: Release,
    EntityType.AGENT: Agent,
    EntityType.REVIEW: Review,
    EntityType.CITATION: Citation,
}
ETYPE_OF: dict[type[Any], str] = {v: str(k) for k, v in TYPE_OF.items()}

_encoder = msgspec.json.Encoder(order="deterministic")
_decoders = {k: msgspec.json.Decoder(v) for k, v in TYPE_OF.items()}
_recordset = msgspec.json.Decoder(RecordSet)


def encode(record: Any) -> bytes:
    return _encoder.encode(record)


def decode(etype: str, data: bytes) -> EntityRecord:
    return _decoders[etype].decode(data)  # type: ignore[no-any-return,unused-ignore]


def decode_recordset(data: bytes) -> RecordSet:
    return _recordset.decode(data)


def etype_of(record: object) -> str:
    return ETYPE_OF[type(record)]


__all__ = ["ETYPE_OF", "TYPE_OF", "EntityRecord", "decode", "decode_recordset", "encode", "etype_of"]
