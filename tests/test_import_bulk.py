"""The bulk fast path of a first dump load builds the catalog the per-record path builds."""

from __future__ import annotations

import gzip
import re
import sqlite3
from pathlib import Path

import msgspec
import pytest
import sqlalchemy as sa

from mediagraph import views
from mediagraph.dumps import read_discogs
from mediagraph.dumps.detect import musicbrainz_kind
from mediagraph.dumps.item import DumpItem, DumpKind
from mediagraph.dumps.mbdump import read_lines
from mediagraph.model.identifiers import Identifier, IdScheme
from mediagraph.model.records import Agent, Credit, Release, Track
from mediagraph.normalize import match_key
from mediagraph.resolve import bulk, describe
from mediagraph.resolve.canonical import Said, merge
from mediagraph.resolve.importer import import_dump, to_records
from mediagraph.resolve.ingest import ingest_batch
from mediagraph.store import Catalog, entities, search, sources
from mediagraph.store import bulk as store_bulk
from mediagraph.store.entities import (  # the data a user sees, stored once or not, compressed or not
    DATA_SQL,
    unpack,
)

RELEASES = "discogs_20200806_releases.xml.gz"

# Every column a user can see, in row order (fact ids aside: they only order the rows).
TABLES = {
    "entities": f"SELECT id, etype, kind, label, label_key, year, iri, {DATA_SQL}, merged_into FROM entities ORDER BY id",
    "statements": "SELECT entity_id, source_id, local_key, data FROM statements ORDER BY id",
    "identifiers": "SELECT entity_id, scheme, value, norm, qualifier, valid, source_id FROM identifiers ORDER BY id",
    "credits": "SELECT entity_id, agent_id, role, role_detail, character, credited_as, track, source_id FROM credits ORDER BY id",
    "relations": "SELECT subject_id, subject_track, predicate, object_id, object_track, note, source_id FROM relations ORDER BY id",
    "search_docs": "SELECT * FROM search_docs ORDER BY entity_id",
}


def head_of_dump(src: Path, dest: Path, n: int) -> Path:
    """The first n records of a real sample, as a dump of its own (same root, same bytes)."""
    data = gzip.decompress(src.read_bytes())
    starts = [m.start() for m in re.finditer(rb"<release ", data)][: n + 1]
    root_end = data.rindex(b"</releases>")
    cut = starts[n] if len(starts) > n else root_end
    dest.write_bytes(gzip.compress(data[:cut] + data[root_end:]))
    return dest


def table_rows(path: Path) -> dict[str, list[tuple[object, ...]]]:
    """The rows of ``TABLES``, records' JSON as written (stored compressed or not)."""
    with sqlite3.connect(path) as conn:
        return {
            name: [tuple(unpack(v) if isinstance(v, bytes) else v for v in r) for r in conn.execute(q)]
            for name, q in TABLES.items()
        }


def load_in_batches(
    cat: Catalog, path: Path, *, how: str, batch: int = 100, cache_size: int = bulk.DEFAULT_CACHE, workers: int = 0
) -> None:
    """Store a dump batch by batch, through the bulk loader (with documents prepared by the
    parser when ``how`` is "bulk-prepared") or the per-record resolver."""
    prepare = bulk.prepare_record if how == "bulk-prepared" else None
    items = list(read_discogs(path, prepare=prepare, prepared_type=bulk.PreparedRecord | None, workers=workers))
    assert all(i.prepared for i in items) if prepare else not any(i.prepared for i in items)
    uri = f"dump:{path.name}"
    with cat.transaction() as tx:
        sid = sources.ensure(tx, uri=uri, kind="discogs")
    loader = bulk.BulkLoader(source_id=sid, source_uri=uri, source_kind="discogs", cache_size=cache_size)
    for i in range(0, len(items), batch):
        records = to_records(items[i : i + batch], uri)
        with cat.transaction() as tx:
            if how == "bulk-prepared":
                loader.load(tx, records, prepared=bulk.prepared_docs(items[i : i + batch]))
            elif how == "bulk":
                loader.load(tx, records)
            else:
                ingest_batch(tx, sid, records, fast=True)
    with cat.transaction() as tx:
        store_bulk.publish_docs(tx)


@pytest.fixture(scope="module")
def per_record(tmp_path_factory: pytest.TempPathFactory, dumps_dir: Path) -> dict[str, list[tuple[object, ...]]]:
    """The 1,000 sample releases stored record by record (exact keys only), as table rows."""
    path = tmp_path_factory.mktemp("per_record") / "catalog.sqlite"
    with Catalog(f"sqlite:///{path}") as cat:
        load_in_batches(cat, dumps_dir / "discogs" / RELEASES, how="per-record")
    return table_rows(path)


@pytest.mark.parametrize(
    ("how", "cache_size", "workers"),
    [("bulk", bulk.DEFAULT_CACHE, 0), ("bulk", 50, 0), ("bulk-prepared", bulk.DEFAULT_CACHE, 0), ("bulk-prepared", 50, 1)],
    ids=["lru-large", "lru-tiny", "prepared", "prepared-in-worker-lru-tiny"],
)
def test_bulk_load_stores_exactly_what_the_per_record_path_stores(
    per_record: dict[str, list[tuple[object, ...]]], dumps_dir: Path, tmp_path: Path, how: str, cache_size: int, workers: int
) -> None:
    # A tiny LRU map forces most keys through the database lookup; documents prepared by the
    # parser (in a worker process or not) are the ones the loader would compute: same catalog.
    path = tmp_path / "bulk.sqlite"
    with Catalog(f"sqlite:///{path}") as cat:
        load_in_batches(cat, dumps_dir / "discogs" / RELEASES, how=how, cache_size=cache_size, workers=workers)
        with cat.transaction(write=False) as tx:
            hits = search.query(tx, ["paranoid", "android"], etypes=["release"])
            assert [entities.get_entity(tx, h.entity_id).iri for h in hits][:1] == ["discogs:release/4497862"]
    got = table_rows(path)
    for name, rows in per_record.items():
        assert got[name] == rows, name
    with sqlite3.connect(path) as conn:
        conn.execute("INSERT INTO search_fts(search_fts) VALUES ('integrity-check')")
        assert conn.execute("SELECT count(*) FROM sqlite_master WHERE name = 'bulk_search_docs'").fetchone() == (0,)


def test_fast_and_slow_imports_of_a_sample_agree(dumps_dir: Path, tmp_path: Path) -> None:
    dump = head_of_dump(dumps_dir / "discogs" / RELEASES, tmp_path / "discogs_head_releases.xml.gz", 150)
    exports = {}
    counts = {}
    for how, fast in (("fast", None), ("slow", False)):
        with Catalog(f"sqlite:///{tmp_path / how}.sqlite") as cat:
            summary = import_dump(cat, dump, expect="discogs", batch=40, fast=fast)
            assert summary.fast is (how == "fast") and summary.records == 150
            with cat.transaction(write=False) as tx:
                counts[how] = entities.count_by_type(tx)
                exports[how] = {
                    iri: views.export_graph(tx, ref=entities.find_by_iri(tx, iri).ref)  # type: ignore[union-attr]
                    for iri in ("discogs:release/4497862", "discogs:release/1", "discogs:release/2")
                    if entities.find_by_iri(tx, iri) is not None
                }
        rows = table_rows(tmp_path / f"{how}.sqlite")
        counts[how] |= {t: len(rows[t]) for t in ("identifiers", "credits", "statements", "search_docs")}
    assert counts["fast"] == counts["slow"]
    assert exports["fast"] and exports["fast"] == exports["slow"]


def test_single_statement_shortcuts_equal_the_general_rules(dumps_dir: Path) -> None:
    """``merged_single`` is ``merge`` of one statement; ``fast_key`` is ``match_key``; on every sample."""
    records: list[object] = []
    for f in sorted((dumps_dir / "discogs").glob("*.xml.gz")):
        rs = to_records(list(read_discogs(f)), "dump:x")
        records += [*rs.agents, *rs.works, *rs.releases]
    for f in sorted((dumps_dir / "musicbrainz").glob("*.json")):
        line = msgspec.json.encode(msgspec.json.decode(f.read_bytes())) + b"\n"
        kind = musicbrainz_kind(line, name=f.name)
        assert kind is not None
        rs = to_records(list(read_lines([line], kind)), "dump:y")
        records += [*rs.agents, *rs.works, *rs.releases]
    assert len(records) > 4000
    for r in records:
        said = Said(r, "dump:x", "discogs", 1)  # type: ignore[arg-type]
        assert bulk.merged_single(r, said) == merge([said])[0]  # type: ignore[arg-type]
        assert describe.search_body(r, key=bulk.fast_key) == describe.search_body(r)  # type: ignore[arg-type]
    for text in ("AC/DC", "Guns N' Roses", "Simon & Garfunkel", "a+b", "snake_case", "Kousei", "  ", "", "Björk", "ÆON"):
        assert bulk.fast_key(text) == match_key(text)


def test_key_cache_keeps_recently_used_keys_and_stays_bounded() -> None:
    cache = bulk.KeyCache(4)
    cache.put("a", (1, "agent"))
    cache.put("b", (2, "agent"))  # a generation turns: a, b are old
    assert cache.get("a") == (1, "agent")  # a is young again
    cache.put("c", (3, "agent"))  # turns: a, c old; b dropped
    cache.put("d", (4, "agent"))
    assert cache.get("b") is None and cache.get("a") == (1, "agent")
    for i in range(100):
        cache.put(f"k{i}", (10 + i, "work"))
    assert len(cache) <= 4 and cache.get("k99") == (109, "work")


def test_bulk_load_on_postgresql_uses_copy_and_matches_sqlite(pg_url: str, dumps_dir: Path, tmp_path: Path) -> None:
    dump = head_of_dump(dumps_dir / "discogs" / RELEASES, tmp_path / "discogs_head_releases.xml.gz", 120)
    first = next(iter(read_discogs(dump))).record
    assert isinstance(first, Release) and first.key is not None
    words = match_key(first.title).split()[:2]
    found = {}
    for name, url in (("sqlite", f"sqlite:///{tmp_path / 'c.sqlite'}"), ("postgresql", pg_url)):
        with Catalog(url) as cat:
            summary = import_dump(cat, dump, expect="discogs", batch=50)
            assert summary.fast
            with cat.transaction(write=False) as tx:
                row = entities.find_by_iri(tx, first.key)
                assert row is not None
                hits = search.query(tx, words, etypes=["release"])
                assert row.id in {h.entity_id for h in hits}
                found[name] = (
                    entities.count_by_type(tx),
                    search.doc_count(tx),
                    views.export_graph(tx, ref=row.ref),
                    [entities.get_entity(tx, h.entity_id).iri for h in hits],
                )
            # The id sequence moved past the ids the loader gave, so a later single insert works.
            with cat.transaction() as tx:
                new = entities.insert_entity(tx, "work", kind="film", label="x", label_key="x", year=None, data=b"{}")
                assert new == sum(found[name][0].values()) + 1
    assert found["sqlite"] == found["postgresql"]


def test_postgresql_bulk_load_rebuilds_search_indexes_and_vocabulary(pg_url: str, dumps_dir: Path, tmp_path: Path) -> None:
    """Documents staged during the load reach ``search_docs`` at the end with the same indexes,
    the vocabulary trigger on again, and every new word in ``search_terms`` (typo suggestions)."""
    dump = head_of_dump(dumps_dir / "discogs" / RELEASES, tmp_path / "discogs_head_releases.xml.gz", 60)
    index_sql = "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema() AND tablename = 'search_docs'"
    trigger_sql = "SELECT tgname, tgenabled FROM pg_trigger WHERE tgrelid = 'search_docs'::regclass AND NOT tgisinternal"
    with Catalog(pg_url) as cat:
        with cat.transaction() as tx:
            before = (sorted(tx.conn.exec_driver_sql(index_sql).all()), sorted(tx.conn.exec_driver_sql(trigger_sql).all()))
        summary = import_dump(cat, dump, expect="discogs", batch=25)
        assert summary.fast and summary.records == 60
        with cat.transaction(write=False) as tx:
            after = (sorted(tx.conn.exec_driver_sql(index_sql).all()), sorted(tx.conn.exec_driver_sql(trigger_sql).all()))
            terms = {r[0] for r in tx.conn.exec_driver_sql("SELECT term FROM search_terms")}
            bodies = [r[0] for r in tx.conn.exec_driver_sql("SELECT body FROM search_docs")]
            staged = tx.conn.exec_driver_sql("SELECT to_regclass('bulk_search_docs')").scalar()
            assert search.doc_count(tx) == len(bodies) > 60
    assert after == before and any("gin" in d for _, d in after[0])
    assert staged is None
    words = {w for b in bodies for w in b.split() if w.isalpha()}
    assert words and words <= terms


_FOREIGN_KEYS = (
    "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid), convalidated FROM pg_constraint "
    "WHERE contype = 'f' AND connamespace = current_schema()::regnamespace"
)


def test_postgresql_bulk_load_makes_its_foreign_keys_again_checked(pg_url: str, dumps_dir: Path, tmp_path: Path) -> None:
    """The keys set aside for a load are the schema's again at its end, validated, whether the
    load finishes or stops part-way; a later write that breaks one is still refused."""
    dump = head_of_dump(dumps_dir / "discogs" / RELEASES, tmp_path / "discogs_head_releases.xml.gz", 60)
    with Catalog(pg_url) as cat:
        with cat.transaction(write=False) as tx:
            before = sorted(tx.conn.exec_driver_sql(_FOREIGN_KEYS).all())

        def stop(done: int, _read: int | None, _total: int | None) -> None:
            if done >= 25:
                raise KeyboardInterrupt

        with pytest.raises(KeyboardInterrupt):
            import_dump(cat, dump, expect="discogs", batch=25, progress=stop)
        with cat.transaction(write=False) as tx:
            stopped = sorted(tx.conn.exec_driver_sql(_FOREIGN_KEYS).all())
            aside = tx.conn.exec_driver_sql("SELECT to_regclass('bulk_keys_aside')").scalar()
        assert stopped == before and aside is None
        summary = import_dump(cat, dump, expect="discogs", batch=25)
        assert summary.fast and summary.finished and summary.records == 60
        with cat.transaction(write=False) as tx:
            after = sorted(tx.conn.exec_driver_sql(_FOREIGN_KEYS).all())
            aside = tx.conn.exec_driver_sql("SELECT to_regclass('bulk_keys_aside')").scalar()
        assert after == before and aside is None
        assert {t for t, *_ in after} >= set(store_bulk.KEYED_TABLES) and all(valid for *_, valid in after)
        with pytest.raises(sa.exc.IntegrityError), cat.transaction() as tx:
            tx.conn.exec_driver_sql(
                "INSERT INTO credits (entity_id, agent_id, role, source_id) VALUES (999999999, 999999999, 'performer', 1)"
            )


def test_the_next_files_of_a_dump_take_the_fast_path_and_agree_with_full_resolution(dumps_dir: Path, tmp_path: Path) -> None:
    """Releases, then masters and artists: while the catalog holds only Discogs dumps, each file
    is loaded by exact keys, and gives the catalog full resolution gives; a page makes the next
    file take full resolution."""
    releases = head_of_dump(dumps_dir / "discogs" / RELEASES, tmp_path / "discogs_head_releases.xml.gz", 120)
    rest = [dumps_dir / "discogs" / "discogs_20200806_masters.xml.gz", dumps_dir / "discogs" / "discogs_20200806_artists.xml.gz"]
    key = next(iter(read_discogs(releases))).record.key
    seen: dict[str, object] = {}
    for how in ("fast", "slow"):
        path = tmp_path / f"{how}.sqlite"
        with Catalog(f"sqlite:///{path}") as cat:
            assert import_dump(cat, releases, expect="discogs", batch=50).fast
            for f in rest:
                summary = import_dump(cat, f, expect="discogs", batch=200, fast=None if how == "fast" else False)
                assert summary.fast is (how == "fast") and summary.finished
            with cat.transaction(write=False) as tx:
                first = entities.find_by_iri(tx, key)
                assert first is not None
                work = views.export_graph(tx, ref=first.ref)
                seen[how] = (entities.count_by_type(tx), search.doc_count(tx), work)
        rows = table_rows(path)
        seen[how + "-rows"] = {t: len(rows[t]) for t in ("identifiers", "credits", "statements", "relations", "search_docs")}
    assert seen["fast"] == seen["slow"]
    assert seen["fast-rows"] == seen["slow-rows"]
    with Catalog(f"sqlite:///{tmp_path / 'fast.sqlite'}") as cat:
        with cat.transaction() as tx:
            sources.ensure(tx, uri="https://example.org/page", kind="page")
        labels = dumps_dir / "discogs" / "discogs_20200806_labels.xml.gz"
        assert not import_dump(cat, labels, expect="discogs", batch=200).fast


def test_a_planned_release_whose_two_agents_are_one_entity_is_stored_as_per_record(tmp_path: Path) -> None:
    """Two agent keys can meet on one entity (the second found by the first's Discogs id): the
    credits that become equal then are deduplicated in the shown record exactly as rewriting
    record by record does, though the parser's plan could not know."""
    x1 = Agent(name="X", key="discogs:artist/1", identifiers=(Identifier.make(IdScheme.DISCOGS_ARTIST, "1"),))
    x2 = Agent(name="X", key="discogs:artist/2", identifiers=(Identifier.make(IdScheme.DISCOGS_ARTIST, "1"),))
    first = Release(key="discogs:release/1", title="One", credits=(Credit(agent=x1, role="performer"),))
    second = Release(
        key="discogs:release/2",
        title="Two",
        credits=(Credit(agent=x1, role="performer"), Credit(agent=x2, role="performer")),
        tracks=(Track(position="1", title="A", credits=(Credit(agent=x2, role="Mixed By"),)),),
    )
    batches = [[first], [second]]
    rows = {}
    for how in ("per-record", "bulk-prepared"):
        path = tmp_path / f"{how}.sqlite"
        with Catalog(f"sqlite:///{path}") as cat:
            uri = "dump:constructed"
            with cat.transaction() as tx:
                sid = sources.ensure(tx, uri=uri, kind="discogs")
            loader = bulk.BulkLoader(source_id=sid, source_uri=uri, source_kind="discogs")
            number = 0
            for batch in batches:
                items = []
                for rec in batch:
                    number += 1
                    items.append(DumpItem(number, 0, DumpKind.DISCOGS_RELEASES, rec, (), bulk.prepare_record(rec)))
                assert all(i.prepared and i.prepared[2] is not None for i in items)  # planned
                records = to_records(items, uri)
                with cat.transaction() as tx:
                    if how == "per-record":
                        ingest_batch(tx, sid, records, fast=True)
                    else:
                        loader.load(tx, records, prepared=bulk.prepared_docs(items))
            with cat.transaction() as tx:
                store_bulk.publish_docs(tx)
        rows[how] = table_rows(path)
    assert rows["bulk-prepared"] == rows["per-record"]
    shown = msgspec.json.decode(rows["per-record"]["entities"][-1][7])
    assert shown["title"] == "Two" and len(shown["credits"]) == 1  # the two credits became one


def test_a_bulk_batch_leaves_no_reference_cycles_behind(dumps_dir: Path, tmp_path: Path) -> None:
    # The importer pauses the cyclic collector while it loads (it runs every few batches), so
    # memory stays flat only if a batch's records, plans and rows are freed when it ends.
    import gc

    items = list(read_discogs(dumps_dir / "discogs" / RELEASES, prepare=bulk.prepare_record))[:300]
    uri = "dump:cycles"
    with Catalog(f"sqlite:///{tmp_path / 'c.sqlite'}") as cat:
        with cat.transaction() as tx:
            sid = sources.ensure(tx, uri=uri, kind="discogs")
        loader = bulk.BulkLoader(source_id=sid, source_uri=uri, source_kind="discogs")
        gc.collect()
        gc.disable()
        gc.set_debug(gc.DEBUG_SAVEALL)
        try:
            for i in range(0, len(items), 100):
                batch = items[i : i + 100]
                with cat.transaction() as tx:
                    loader.load(tx, to_records(batch, uri), prepared=bulk.prepared_docs(batch))
            del batch
            gc.collect()
            left = {type(o).__name__ for o in gc.garbage}
        finally:
            gc.set_debug(0)
            gc.garbage.clear()
            gc.enable()
    assert not left & {"Release", "Work", "Agent", "Plan", "Rows", "_BulkResolver"}


def test_records_stored_once_read_the_same_through_merge_undo_and_removal(dumps_dir: Path, tmp_path: Path) -> None:
    """A first load keeps most records' JSON only in their statement (compressed). Merging two
    releases, undoing it and removing the source show a user exactly what the per-record path,
    which stores every copy, shows."""
    from mediagraph.resolve import curate, ingest
    from mediagraph.store import facts
    from mediagraph.store.schema import entities as entity_table

    dump = head_of_dump(dumps_dir / "discogs" / RELEASES, tmp_path / "discogs_head_releases.xml.gz", 60)
    seen: dict[str, list[object]] = {}
    for how, fast in (("fast", None), ("slow", False)):
        with Catalog(f"sqlite:///{tmp_path / how}.sqlite") as cat:
            import_dump(cat, dump, expect="discogs", batch=25, fast=fast)
            with cat.transaction(write=False) as tx:
                empty = tx.execute(sa.select(sa.func.count()).where(sa.func.length(entity_table.c.data) == 0)).scalar_one()
                assert (empty > 0) is (how == "fast")  # stored once on the fast path only
            steps: list[object] = []

            def snapshot(cat: Catalog = cat, steps: list[object] = steps) -> None:
                with cat.transaction(write=False) as tx:
                    steps.append(views.export_graph(tx))
                    steps.append([(r.ref, r.label, r.data) for r in entities.list_entities(tx, limit=1000)])

            snapshot()
            with cat.transaction() as tx:
                a = entities.find_by_iri(tx, "discogs:release/1")
                b = entities.find_by_iri(tx, "discogs:release/2")
                assert a is not None and b is not None
                curate.merge(tx, a.ref, b.ref, author="test")
                steps.append(entities.get_entity(tx, b.id, follow=False).data)  # merged away, its data kept
            snapshot()
            with cat.transaction() as tx:
                curate.undo(tx, author="test")
            snapshot()
            with cat.transaction() as tx:
                src = sources.by_uri(tx, f"dump:{dump.name}")
                assert src is not None
                ingest.refresh(tx, facts.delete_source_facts(tx, src.id) | set(sources.delete(tx, src.id)))  # as `remove` does
            snapshot()
            seen[how] = steps
    assert seen["fast"] == seen["slow"]
