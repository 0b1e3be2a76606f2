"""Facts are stored once per source, in the schema itself; relations keep across the order dumps come in."""

from __future__ import annotations

import gzip
import re
from importlib import resources
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic import command
from alembic.config import Config

from catalog_checks import copies, problems
from mediagraph.errors import StoreError
from mediagraph.resolve import curate
from mediagraph.resolve.importer import import_dump
from mediagraph.store import Catalog, entities, facts
from test_import_bulk import head_of_dump

RELEASES = "discogs_20200806_releases.xml.gz"
NOW = "2026-12-07 00:00:00"


def _at_revision(url: str, revision: str) -> None:
    cfg = Config()
    cfg.set_main_option("script_location", str(resources.files("mediagraph.store") / "migrations"))
    cat = Catalog(url, migrate=False)
    with cat.engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, revision)
    cat.close()


def _sql(url: str, *statements: str) -> None:
    cat = Catalog(url, migrate=False)
    with cat.engine.begin() as conn:
        for s in statements:
            conn.exec_driver_sql(s)
    cat.close()


def test_the_migration_removes_copies_stored_before_and_keeps_the_note(db_url: str) -> None:
    _at_revision(db_url, "0006")
    _sql(
        db_url,
        f"INSERT INTO sources (id, uri, kind, ingested_at) VALUES (1, 'dump:discogs_x_releases.xml', 'discogs', '{NOW}')",
        *(
            f"INSERT INTO entities (id, etype, label, label_key, data, created_at, updated_at) "
            f"VALUES ({i}, '{t}', 'x', 'x', '{{}}', '{NOW}', '{NOW}')"
            for i, t in ((1, "work"), (2, "release"), (3, "agent"))
        ),
        # The sample: release_of stated by the release and again, with its note, by its master link.
        "INSERT INTO relations (subject_id, predicate, object_id, note, source_id) VALUES (2, 'release_of', 1, NULL, 1)",
        "INSERT INTO relations (subject_id, predicate, object_id, note, source_id) VALUES (2, 'release_of', 1, 'main release', 1)",
        "INSERT INTO relations (subject_id, predicate, object_id, note, source_id) VALUES (2, 'release_of', 1, NULL, 1)",
        *("INSERT INTO credits (entity_id, agent_id, role, source_id) VALUES (2, 3, 'performer', 1)",) * 3,
        "INSERT INTO credits (entity_id, agent_id, role, track, source_id) VALUES (2, 3, 'performer', 'A1', 1)",
        *("INSERT INTO identifiers (entity_id, scheme, value, norm, source_id) VALUES (2, 'barcode', '123', '123', 1)",) * 2,
        "INSERT INTO imports (path_key, kind, records_done, finished) VALUES ('discogs_x_releases.xml:100', 'discogs', 5, false)",
    )
    Catalog(db_url).close()  # migrates to the newest revision
    with Catalog(db_url) as cat, cat.transaction(write=False) as tx:
        rels = facts.relations_of(tx, 2)
        assert [(r.predicate, r.object_id, r.note) for r in rels] == [("release_of", 1, "main release")]
        assert sorted(c.track or "" for c in facts.credits_of(tx, 2)) == ["", "A1"]
        assert len(facts.identifiers_of(tx, 2)) == 1
        # The import is known by its source now; it has no digest yet, so its file is read again.
        assert [tuple(r) for r in tx.conn.exec_driver_sql("SELECT path_key, content_digest FROM imports")] == [
            ("dump:discogs_x_releases.xml", None)
        ]
    assert copies(db_url) == dict.fromkeys(copies(db_url), 0)


def test_the_schema_itself_refuses_a_second_copy_of_a_fact(catalog: Catalog) -> None:
    with catalog.transaction() as tx:
        tx.conn.exec_driver_sql(f"INSERT INTO sources (id, uri, kind, ingested_at) VALUES (1, 'u', 'page', '{NOW}')")
        for i in (1, 2):
            tx.conn.exec_driver_sql(
                f"INSERT INTO entities (id, etype, label, label_key, data, created_at, updated_at) VALUES ({i}, 'work', 'x', 'x', '{{}}', '{NOW}', '{NOW}')"
            )
        tx.conn.exec_driver_sql("INSERT INTO relations (subject_id, predicate, object_id, source_id) VALUES (1, 'sequel_of', 2, 1)")
    for statement in (
        "INSERT INTO relations (subject_id, predicate, object_id, source_id) VALUES (1, 'sequel_of', 2, 1)",
        "INSERT INTO relations (subject_id, predicate, object_id, note, source_id) VALUES (1, 'sequel_of', 2, 'again', 1)",
    ):
        with pytest.raises((StoreError, sa.exc.IntegrityError)), catalog.transaction() as tx:
            tx.conn.exec_driver_sql(statement)
    with catalog.transaction() as tx:  # another source may say it too
        tx.conn.exec_driver_sql(f"INSERT INTO sources (id, uri, kind, ingested_at) VALUES (2, 'v', 'page', '{NOW}')")
        tx.conn.exec_driver_sql("INSERT INTO relations (subject_id, predicate, object_id, source_id) VALUES (1, 'sequel_of', 2, 2)")


def test_a_clean_import_lists_each_release_of_a_work_once(dumps_dir: Path, tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'c.sqlite'}"
    with Catalog(db) as cat:
        import_dump(cat, head_of_dump(dumps_dir / "discogs" / RELEASES, tmp_path / "discogs_head_releases.xml.gz", 200), expect="discogs")
        with cat.transaction(write=False) as tx:
            release = entities.find_by_iri(tx, "discogs:release/1")
            assert release is not None
            work = facts.relations_of(tx, release.id)[0].object_id
            listed = [r.subject_id for r in facts.relations_of(tx, work) if r.predicate == "release_of"]
    assert listed.count(release.id) == 1  # `mg show w1` listed r1216 twice
    assert copies(db) == dict.fromkeys(copies(db), 0)


def test_merging_two_entities_that_share_a_fact_keeps_one_and_undo_restores_both(tmp_path: Path, dumps_dir: Path) -> None:
    db = f"sqlite:///{tmp_path / 'c.sqlite'}"
    with Catalog(db) as cat:
        import_dump(cat, head_of_dump(dumps_dir / "discogs" / RELEASES, tmp_path / "discogs_head_releases.xml.gz", 200), expect="discogs")
        with cat.transaction(write=False) as tx:
            # Two releases of one source crediting the same agent in the same role.
            pairs = tx.conn.exec_driver_sql(
                "SELECT a.entity_id, b.entity_id FROM credits a JOIN credits b ON a.agent_id = b.agent_id AND a.role = b.role "
                "AND a.source_id = b.source_id AND a.entity_id < b.entity_id AND a.track IS NULL AND b.track IS NULL "
                "AND a.role_detail IS NULL AND b.role_detail IS NULL JOIN entities e ON e.id = a.entity_id AND e.etype = 'release' LIMIT 1"
            ).first()
        assert pairs is not None
        keep, other = (entities.ref("release", i) for i in pairs)
        with cat.transaction() as tx:
            before = {i: len(facts.credits_of(tx, i)) for i in pairs}
            edit = curate.merge(tx, keep, other, author="t")
        assert copies(db) == dict.fromkeys(copies(db), 0)
        with cat.transaction() as tx:
            merged = facts.credits_of(tx, pairs[0])
            key = {(c.agent_id, c.role, c.track, c.role_detail, c.character, c.credited_as, c.source_uri) for c in merged}
            assert len(key) == len(merged) < sum(before.values())  # the shared credit is there once
            curate.undo(tx, edit, author="t")
            assert {i: len(facts.credits_of(tx, i)) for i in pairs} == before
    assert problems(db) == []


def _dump(root: bytes, records: list[bytes]) -> bytes:
    return b"<" + root + b">\n" + b"\n".join(records) + b"\n</" + root + b">\n"


def _release(rid: int, master: int, title: str, *, main: bool) -> bytes:
    flag = b"true" if main else b"false"
    return (
        b'<release id="%d" status="Accepted"><artists><artist><id>9%d</id><name>Band %d</name></artist></artists>'
        b"<title>%s</title><master_id is_main_release=\"%s\">%d</master_id></release>"
        % (rid, master, master, title.encode(), flag, master)
    )


def _master(mid: int, main: int, title: str) -> bytes:
    return b'<master id="%d"><main_release>%d</main_release><title>%s</title><year>2001</year></master>' % (mid, main, title.encode())


@pytest.mark.parametrize("order", ["masters-first", "releases-first", "masters-between"])
def test_master_main_release_links_are_kept_whatever_the_order(order: str, tmp_path: Path) -> None:
    # Ten masters, two releases each; this month's releases file does not flag the main release
    # (the masters file names it), as happens when the two files were exported apart.
    masters = [_master(100 + i, 1000 + 2 * i, f"Album {i}") for i in range(10)]
    releases = [_release(1000 + 2 * i + k, 100 + i, f"Album {i}", main=False) for i in range(10) for k in (0, 1)]
    folder = tmp_path / "dumps"
    folder.mkdir()
    (folder / "discogs_t_masters.xml.gz").write_bytes(gzip.compress(_dump(b"masters", masters)))
    (folder / "discogs_t_releases.xml.gz").write_bytes(gzip.compress(_dump(b"releases", releases)))
    (folder / "discogs_t1_releases.xml.gz").write_bytes(gzip.compress(_dump(b"releases", releases[:9])))
    (folder / "discogs_t2_releases.xml.gz").write_bytes(gzip.compress(_dump(b"releases", releases[9:])))
    files = {
        "masters-first": ["discogs_t_masters", "discogs_t_releases"],
        "releases-first": ["discogs_t_releases", "discogs_t_masters"],
        "masters-between": ["discogs_t1_releases", "discogs_t_masters", "discogs_t2_releases"],
    }[order]
    db = f"sqlite:///{tmp_path / 'c.sqlite'}"
    with Catalog(db) as cat:
        for name in files:
            import_dump(cat, folder / f"{name}.xml.gz", expect="discogs", batch=3)
        with cat.transaction(write=False) as tx:
            for i in range(10):
                work = entities.find_by_iri(tx, f"discogs:master/{100 + i}")
                main = entities.find_by_iri(tx, f"discogs:release/{1000 + 2 * i}")
                assert work is not None and main is not None
                notes = [r.note for r in facts.relations_of(tx, work.id) if r.subject_id == main.id and r.predicate == "release_of"]
                assert "main release" in notes, (order, i)
            waiting = tx.conn.exec_driver_sql("SELECT count(*) FROM pending_relations").scalar()
    assert waiting == 0  # every link found both its ends
    assert copies(db) == dict.fromkeys(copies(db), 0) and problems(db) == []


def test_a_release_read_with_its_master_flag_names_it_once(tmp_path: Path) -> None:
    # The same link stated by both files: once per file (the source differs), never more.
    masters = [_master(100, 1000, "Album")]
    releases = [_release(1000, 100, "Album", main=True), _release(1001, 100, "Album", main=False)]
    m = tmp_path / "discogs_u_masters.xml"
    r = tmp_path / "discogs_u_releases.xml"
    m.write_bytes(_dump(b"masters", masters))
    r.write_bytes(_dump(b"releases", releases))
    db = f"sqlite:///{tmp_path / 'c.sqlite'}"
    with Catalog(db) as cat:
        import_dump(cat, m, expect="discogs")
        import_dump(cat, r, expect="discogs")
        r.write_bytes(re.sub(rb"<title>Album</title>", b"<title>Album </title>", r.read_bytes(), count=1))
        import_dump(cat, r, expect="discogs")  # read again: the release changed, its link did not
        with cat.transaction(write=False) as tx:
            work = entities.find_by_iri(tx, "discogs:master/100")
            main = entities.find_by_iri(tx, "discogs:release/1000")
            assert work is not None and main is not None
            links = [(r.note, r.source_uri) for r in facts.relations_of(tx, work.id) if r.subject_id == main.id]
    assert sorted(links, key=str) == sorted(
        [("main release", "dump:discogs_u_masters.xml"), ("main release", "dump:discogs_u_releases.xml")], key=str
    )
    assert copies(db) == dict.fromkeys(copies(db), 0)


def test_many_facts_written_twice_are_stored_once(catalog: Catalog) -> None:
    with catalog.transaction() as tx:
        tx.conn.exec_driver_sql(f"INSERT INTO sources (id, uri, kind, ingested_at) VALUES (1, 'u', 'page', '{NOW}')")
        for i in range(1, 202):
            tx.conn.exec_driver_sql(
                f"INSERT INTO entities (id, etype, label, label_key, data, created_at, updated_at) VALUES ({i}, 'agent', 'x', 'x', '{{}}', '{NOW}', '{NOW}')"
            )
    credit = {"entity_id": 201, "role": "performer", "role_detail": None, "character": None, "credited_as": None, "track": None, "source_id": 1}
    rows = [{**credit, "agent_id": a} for a in range(1, 151)]
    with catalog.transaction() as tx:
        facts.add_credits(tx, rows[:50] + rows[:50])  # copies within one write
    with catalog.transaction() as tx:
        facts.add_credits(tx, rows)  # 100 new, 50 held already (PostgreSQL: COPY refused, then merged)
        facts.add_relations(
            tx, [{"subject_id": a, "subject_track": None, "predicate": "member_of", "object_id": 201, "object_track": None,
                  "note": None, "source_id": 1, "span_start": None, "span_end": None} for a in range(1, 151)] * 2,
        )
    with catalog.transaction(write=False) as tx:
        assert len(facts.credits_of(tx, 201)) == 150
        assert len(facts.relations_of(tx, 201)) == 150
