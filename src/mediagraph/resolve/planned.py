"""The plan of one statement as the parser processes send it (``resolve/plan.py`` makes it).

Apart from the planner because msgspec reads a struct's field types from its annotations at run
time, and a module built with mypyc (``compiled.py``) keeps only erased ones (``list | None``
becomes ``type``): this module always runs interpreted, so the plans decode the same either way.
"""

from __future__ import annotations

import msgspec

from mediagraph.model.records import Agent

# (scheme, value, norm, qualifier, valid): an identifier row without entity and source.
IdentRow = tuple[str, str, str, str | None, bool | None]
# (agent slot, role, role_detail, character, credited_as, track, catalog number row or None).
Op = tuple[int, str, str | None, str | None, str | None, str | None, IdentRow | None]


class Plan(msgspec.Struct, frozen=True, array_like=True):
    """One record's rewriting, but for the entity ids (see ``resolve/plan.py``).

    ``parts`` alternates JSON text and slot numbers (as ASCII digits), starting and ending with
    text; ``shown`` is the same for the shown record when deduplication changes it, else None.
    """

    parts: list[bytes]
    shown: list[bytes] | None
    agents: tuple[Agent, ...]
    ops: tuple[Op, ...]
    idents: tuple[IdentRow, ...]


__all__ = ["IdentRow", "Op", "Plan"]
