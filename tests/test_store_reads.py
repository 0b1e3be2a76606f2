"""The page reads written as plain SQL (``Tx.fetch``) give what the SQLAlchemy reads give, on both backends."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa

from mediagraph import views
from mediagraph.resolve import curate
from mediagraph.store import Catalog, curation, entities, facts
from mediagraph.store.schema import entities as entities_table
from mediagraph.store.schema import identifiers, overrides
from test_resolve_seeds import ingest_seeds, metropolis_works


def test_curated_entity_reads_the_same_through_plain_sql(catalog: Catalog, seed_texts: dict[str, str]) -> None:
    ingest_seeds(catalog, seed_texts)
    works = metropolis_works(catalog)
    lang, mills = works[("film", 1927)]["id"], works[("album", 2000)]["id"]
    with catalog.transaction() as tx:
        curate.set_value(tx, lang, "date", "1926", author="ana")
        curate.unlink(tx, mills, "inspired_by", lang, author="ana")
    with catalog.transaction(write=False) as tx:
        lang_id = entities.parse_ref(lang)[1]
        mills_id = entities.parse_ref(mills)[1]
        row = entities.get_entity(tx, lang_id)
        expected = tx.execute(sa.select(entities_table.c.created_at, entities_table.c.data).where(entities_table.c.id == lang_id)).one()
        assert isinstance(row.created_at, datetime) and row.created_at == expected[0]
        assert row.data == bytes(expected[1])
        assert entities.get_many(tx, [lang_id, mills_id])[lang_id] == row
        # The curator's value comes back decoded, as the JSON column gives it.
        assert curation.overrides_of(tx, lang_id) == dict(
            tx.execute(sa.select(overrides.c.field, overrides.c.value).where(overrides.c.entity_id == lang_id)).all()
        ) == {"date": "1926"}
        # The unlinked relation is left out, and kept when asked for.
        unlinked = [r for r in facts.relations_of(tx, mills_id, include_suppressed=True) if r.predicate == "inspired_by"]
        assert unlinked and not [r for r in facts.relations_of(tx, mills_id) if r.predicate == "inspired_by"]
        assert facts.relations_of_many(tx, [mills_id], predicates=()) == {mills_id: []}
        assert views.details(tx, lang)["year"] == 1926
    with catalog.transaction(write=False) as tx:
        some = tx.execute(sa.select(identifiers.c.entity_id, identifiers.c.valid).limit(50)).all()
        assert some
        for eid, valid in some:
            assert {i.valid for i in facts.identifiers_of(tx, eid)} >= {valid}
            assert all(i.valid is None or isinstance(i.valid, bool) for i in facts.identifiers_of(tx, eid))
