"""Hand curation: merge, split, link, unlink and set, each recorded in the edit history and undoable.

Curators' decisions survive later ingests: moved statements stay where they were put (ingest keeps
a source's records on the entity they were on), chosen values win over every source, and removed
relations stay removed even when a source asserts them again.
"""

from __future__ import annotations

import getpass
from typing import Any

import msgspec

from mediagraph.errors import ConflictError, NotFoundError, UsageError
from mediagraph.model.codec import TYPE_OF, decode
from mediagraph.model.vocab import LINEAGE_PREDICATES, Predicate
from mediagraph.normalize import match_key
from mediagraph.resolve import match
from mediagraph.resolve.ingest import refresh
from mediagraph.store import Tx, curation, entities, facts, search, sources
from mediagraph.store.entities import EntityRow

CURATABLE = frozenset(p.value for p in Predicate) - {"release_of", "in_group", "review_of"}


def default_author() -> str:
    try:
        return getpass.getuser()
    except Exception:
        return "curator"


def _live(tx: Tx, ref: str) -> EntityRow:
    return entities.get_by_ref(tx, ref)


def merge(tx: Tx, keep: str, other: str, *, author: str) -> int:
    """Merge ``other`` into ``keep``; returns the edit id."""
    a, b = _live(tx, keep), _live(tx, other)
    if a.id == b.id:
        raise ConflictError(f"{keep} and {other} are already one entity ({a.ref})")
    if a.etype != b.etype:
        raise ConflictError(f"cannot merge a {a.etype} ({a.ref}) with a {b.etype} ({b.ref})")
    if a.etype == "work" and a.kind != b.kind and "other" not in (a.kind, b.kind):
        raise ConflictError(f"cannot merge a {a.kind} ({a.ref}) with a {b.kind} ({b.ref}); set the kind first if one is wrong")
    stmts = [s.id for s in entities.statements_for(tx, b.id)]
    edit = curation.add_edit(tx, author=author, action="merge", summary=f"merge {b.ref} into {a.ref}", payload={})
    entities.move_statements(tx, stmts, to=a.id)
    moved = facts.retarget(tx, old=b.id, new=a.id)
    carried = curation.move_overrides(tx, old=b.id, new=a.id)
    entities.set_merged_into(tx, b.id, a.id)
    search.delete_doc(tx, b.id)
    curation.set_payload(tx, edit, {"keep": a.id, "other": b.id, "statements": stmts, "moved": moved, "overrides": carried})
    refresh(tx, [a.id])
    return edit


def split(tx: Tx, ref: str, *, source: str, author: str) -> tuple[int, str]:
    """Move what one source says about an entity onto a new entity; returns (edit id, new ref)."""
    row = _live(tx, ref)
    src = sources.get_by_ref(tx, source)
    stmts = [s for s in entities.statements_for(tx, row.id) if s.source_id == src.id]
    if not stmts:
        raise NotFoundError(f"{src.uri} says nothing about {row.ref}")
    if len(stmts) == len(entities.statements_for(tx, row.id)):
        raise ConflictError(f"{src.uri} is the only source of {row.ref}; there is nothing to split it from")
    record = decode(row.etype, stmts[0].data)
    new_id = entities.insert_entity(
        tx, row.etype, kind=row.kind, label=row.label, label_key=match_key(row.label), year=row.year, data=msgspec.json.encode(record)
    )
    rows = facts.rows_for_source(tx, row.id, src.id)
    entities.move_statements(tx, [s.id for s in stmts], to=new_id)
    facts.move_rows(tx, rows, to=new_id)
    new_ref = entities.ref(row.etype, new_id)
    edit = curation.add_edit(
        tx,
        author=author,
        action="split",
        summary=f"split {src.uri} off {row.ref} into {new_ref}",
        payload={"from": row.id, "new": new_id, "statements": [s.id for s in stmts], "moved": rows},
    )
    refresh(tx, [row.id, new_id])
    return edit, new_ref


def _curator_source(tx: Tx, author: str) -> int:
    return sources.ensure(tx, uri=f"curator:{author}", kind="curator")


def _reaches(tx: Tx, start: int, goal: int) -> bool:
    """Whether ``start`` descends (through lineage relations) from ``goal``."""
    seen, stack = {start}, [start]
    while stack:
        cur = stack.pop()
        for rel in facts.relations_of(tx, cur):
            if rel.subject_id == cur and rel.predicate in LINEAGE_PREDICATES:
                if rel.object_id == goal:
                    return True
                if rel.object_id not in seen:
                    seen.add(rel.object_id)
                    stack.append(rel.object_id)
    return False


def link(tx: Tx, subject: str, predicate: str, obj: str, *, author: str) -> int:
    if predicate not in CURATABLE:
        raise UsageError(f"unknown relation {predicate!r}: use one of {', '.join(sorted(CURATABLE))}")
    a, b = _live(tx, subject), _live(tx, obj)
    if a.id == b.id:
        raise ConflictError(f"{a.ref} cannot be {predicate.replace('_', ' ')} itself")
    if predicate in LINEAGE_PREDICATES and _reaches(tx, b.id, a.id):
        raise ConflictError(
            f"linking {a.ref} {predicate.replace('_', ' ')} {b.ref} would make a cycle: {b.ref} already descends from {a.ref}"
        )
    edit = curation.add_edit(tx, author=author, action="link", summary=f"{a.ref} {predicate} {b.ref}", payload={})
    was_suppressed = (a.id, predicate, b.id) in facts.suppressed_set(tx, [a.id])
    curation.unsuppress(tx, a.id, predicate, b.id)
    facts.add_relations(
        tx,
        [{"subject_id": a.id, "subject_track": None, "predicate": predicate, "object_id": b.id, "object_track": None,
          "note": f"linked by {author}", "source_id": _curator_source(tx, author), "span_start": None, "span_end": None}],
    )
    curation.set_payload(tx, edit, {"subject": a.id, "predicate": predicate, "object": b.id, "was_suppressed": was_suppressed})
    return edit


def unlink(tx: Tx, subject: str, predicate: str, obj: str, *, author: str) -> int:
    a, b = _live(tx, subject), _live(tx, obj)
    present = [r for r in facts.relations_of(tx, a.id) if r.subject_id == a.id and r.object_id == b.id and r.predicate == predicate]
    if not present:
        raise NotFoundError(f"no relation {a.ref} {predicate} {b.ref} to remove")
    edit = curation.add_edit(tx, author=author, action="unlink", summary=f"remove {a.ref} {predicate} {b.ref}", payload={"subject": a.id, "predicate": predicate, "object": b.id})
    curation.suppress(tx, a.id, predicate, b.id, edit_id=edit)
    return edit


_SCALARS = {"title", "kind", "date", "description", "country", "runtime", "notes", "status", "name", "site", "text"}


def set_value(tx: Tx, ref: str, field: str, value: str, *, author: str) -> int:
    """Choose the displayed value of a field, whatever the sources say."""
    row = _live(tx, ref)
    names = {f.name for f in msgspec.structs.fields(TYPE_OF[row.etype])} | ({"title"} if row.etype == "work" else set())
    if field not in names or field not in _SCALARS:
        allowed = sorted(names & _SCALARS)
        raise UsageError(f"cannot set {field!r} on a {row.etype}; settable: {', '.join(allowed)}")
    if field == "kind" and row.etype == "work":
        from mediagraph.model.vocab import WorkKind

        try:
            WorkKind(value)
        except ValueError:
            raise UsageError(f"unknown kind {value!r}: use one of {', '.join(k.value for k in WorkKind)}") from None
    if field == "date":
        from mediagraph.model.dates import PartialDate

        value = str(PartialDate.parse(value))
    previous = curation.get_override(tx, row.id, field)
    edit = curation.add_edit(
        tx, author=author, action="set", summary=f"set {field} of {row.ref} to {value!r}",
        payload={"entity": row.id, "field": field, "value": value, "previous": previous[0] if previous else None, "had_previous": previous is not None},
    )
    curation.set_override(tx, row.id, field, value, edit_id=edit)
    refresh(tx, [row.id])
    return edit


def undo(tx: Tx, edit_id: int | None = None, *, author: str) -> curation.EditRow:
    """Undo one edit (the latest live one by default); returns it."""
    edit = curation.get_edit(tx, edit_id) if edit_id is not None else curation.last_live_edit(tx)
    if edit is None:
        raise NotFoundError("the edit history is empty: nothing to undo")
    if edit.undone_at is not None:
        raise ConflictError(f"edit #{edit.id} was already undone")
    p: dict[str, Any] = edit.payload
    if edit.action == "merge":
        entities.set_merged_into(tx, p["other"], None)
        entities.move_statements(tx, p["statements"], to=p["other"])
        facts.move_rows(tx, p["moved"], to=p["other"])
        for f in p.get("overrides", []):
            value = curation.get_override(tx, p["keep"], f)
            if value is not None:
                curation.delete_override(tx, p["keep"], f)
                curation.set_override(tx, p["other"], f, value[0], edit_id=value[1])
        refresh(tx, [p["keep"], p["other"]])
    elif edit.action == "split":
        entities.move_statements(tx, p["statements"], to=p["from"])
        facts.move_rows(tx, p["moved"], to=p["from"])
        refresh(tx, [p["from"], p["new"]])
    elif edit.action == "link":
        facts.delete_curator_relation(tx, p["subject"], p["predicate"], p["object"])
        if p.get("was_suppressed"):
            curation.suppress(tx, p["subject"], p["predicate"], p["object"], edit_id=edit.id)
    elif edit.action == "unlink":
        curation.unsuppress(tx, p["subject"], p["predicate"], p["object"])
    elif edit.action == "set":
        if p["had_previous"]:
            curation.set_override(tx, p["entity"], p["field"], p["previous"], edit_id=edit.id)
        else:
            curation.delete_override(tx, p["entity"], p["field"])
        refresh(tx, [p["entity"]])
    else:
        raise ConflictError(f"edit #{edit.id} ({edit.action}) cannot be undone")
    curation.mark_undone(tx, edit.id)
    curation.add_edit(tx, author=author, action="undo", summary=f"undo #{edit.id}: {edit.summary}", payload={"undid": edit.id})
    return edit


def why(tx: Tx, a_ref: str, b_ref: str) -> dict[str, Any]:
    """Why two records are (or are not) one entity: recorded decisions, edits and a fresh score."""
    a0 = entities.get_entity(tx, entities.parse_ref(a_ref)[1], follow=False)
    b0 = entities.get_entity(tx, entities.parse_ref(b_ref)[1], follow=False)
    a, b = entities.get_entity(tx, a0.id), entities.get_entity(tx, b0.id)
    out: dict[str, Any] = {"a": a0.ref, "b": b0.ref, "same_entity": a.id == b.id, "now": a.ref if a.id == b.id else None}
    edits = [
        {"edit": e.id, "action": e.action, "summary": e.summary, "author": e.author, "at": e.at.isoformat(), "undone": e.undone_at is not None}
        for e in curation.list_edits(tx, limit=1000)
        if e.action in ("merge", "split") and {a0.id, b0.id} & {e.payload.get("keep"), e.payload.get("other"), e.payload.get("from"), e.payload.get("new")}
    ]
    out["edits"] = edits
    decisions = []
    for d in curation.decisions_for(tx, sorted({a0.id, b0.id, a.id, b.id})):
        mentioned = [c for c in d.reasons.get("candidates", []) if c.get("entity") in (a0.ref, b0.ref, a.ref, b.ref)]
        decisions.append(
            {"source": d.source_uri, "record": d.local_key, "entity": entities.ref(a.etype, d.entity_id), "outcome": d.outcome,
             "rule": d.reasons.get("rule"), "candidates": mentioned}
        )
    out["decisions"] = decisions
    if a.etype == b.etype and a.id != b.id:
        ra, rb = decode(a.etype, a.data), decode(b.etype, b.data)
        if a.etype == "work":
            verdict = match.score_work(ra, rb, rec_agents=match.agents_by_role(ra.credits), cand_agents=match.agents_by_role(rb.credits))  # type: ignore[union-attr,arg-type]
        elif a.etype == "release":
            verdict = match.score_release(ra, rb)  # type: ignore[arg-type]
        elif a.etype == "agent":
            verdict = match.score_agent(ra, rb)  # type: ignore[arg-type]
        else:
            verdict = match.Verdict(0.0, veto=f"{a.etype}s are matched by text, author and date only")
        out["score_now"] = verdict.as_dict()
    elif a.etype != b.etype:
        out["score_now"] = {"same": False, "veto": f"a {a.etype} and a {b.etype} are never merged", "reasons": []}
    return out


__all__ = ["CURATABLE", "default_author", "link", "merge", "set_value", "split", "undo", "unlink", "why"]
