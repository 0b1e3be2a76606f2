"""What tests check a catalog for after faults: every row a user can see, copies of facts, and consistency."""

from __future__ import annotations

from typing import Any

from mediagraph.store import Catalog
from mediagraph.store.entities import DATA_SQL, unpack

# What makes two rows the same fact: the entity, what is said of it and the source saying it.
FACT_KEYS = {
    "identifiers": ("entity_id", "scheme", "value", "source_id", "coalesce(qualifier, '')"),
    "credits": ("entity_id", "agent_id", "role", "source_id", "coalesce(role_detail, '')", "coalesce(track, '')",
                "coalesce(character, '')", "coalesce(credited_as, '')"),
    "relations": ("subject_id", "predicate", "object_id", "source_id", "coalesce(subject_track, '')",
                  "coalesce(object_track, '')"),
}

# Every column a user can see, in an order that does not depend on row ids (which only order rows).
ROWS = {
    "entities": f"SELECT id, etype, kind, label, label_key, year, iri, {DATA_SQL}, merged_into FROM entities ORDER BY id",
    "statements": "SELECT entity_id, source_id, local_key, data FROM statements ORDER BY source_id, local_key",
    "identifiers": "SELECT entity_id, scheme, value, norm, qualifier, valid, source_id FROM identifiers "
    "ORDER BY entity_id, scheme, value, source_id, qualifier",
    "credits": "SELECT entity_id, agent_id, role, role_detail, character, credited_as, track, source_id FROM credits "
    "ORDER BY entity_id, agent_id, role, source_id, role_detail, track, character, credited_as",
    "relations": "SELECT subject_id, subject_track, predicate, object_id, object_track, note, source_id FROM relations "
    "ORDER BY subject_id, predicate, object_id, source_id, subject_track, object_track",
    "search_docs": "SELECT entity_id, etype, kind, year, title_key, body, weight FROM search_docs ORDER BY entity_id",
    "sources": "SELECT id, uri, kind FROM sources ORDER BY id",
}


def _rows(cat: Catalog, sql: str) -> list[tuple[Any, ...]]:
    with cat.transaction(write=False) as tx:
        return [tuple(unpack(v) if isinstance(v, (bytes, memoryview)) else v for v in r) for r in tx.conn.exec_driver_sql(sql)]


def table_rows(url: str) -> dict[str, list[tuple[Any, ...]]]:
    """Every user-visible row of the catalog at ``url``, table by table."""
    with Catalog(url) as cat:
        return {name: _rows(cat, sql) for name, sql in ROWS.items()}


def counts(url: str) -> dict[str, int]:
    """Rows per table, imports and decisions included."""
    with Catalog(url) as cat:
        return {
            t: int(_rows(cat, f"SELECT count(*) FROM {t}")[0][0])
            for t in (*ROWS, "decisions", "imports")
        }


def copies(url: str) -> dict[str, int]:
    """Facts stored more than once by one source (the unique indexes forbid any), per table."""
    out = {}
    with Catalog(url) as cat:
        for table, key in FACT_KEYS.items():
            sql = f"SELECT count(*) FROM (SELECT 1 FROM {table} GROUP BY {', '.join(key)} HAVING count(*) > 1) d"
            out[table] = int(_rows(cat, sql)[0][0])
        sql = "SELECT count(*) FROM (SELECT 1 FROM statements GROUP BY source_id, local_key HAVING count(*) > 1) d"
        out["statements"] = int(_rows(cat, sql)[0][0])
    return out


def problems(url: str) -> list[str]:
    """What is inconsistent in a catalog: dangling rows, live entities search cannot find, a
    broken full-text index, imports without their source. Empty when all is well."""
    found: list[str] = []
    checks = {
        "statements on no entity": "SELECT count(*) FROM statements s LEFT JOIN entities e ON e.id = s.entity_id WHERE e.id IS NULL",
        "live entities no source states": "SELECT count(*) FROM entities e WHERE e.merged_into IS NULL AND e.etype <> 'agent' "
        "AND NOT EXISTS (SELECT 1 FROM statements s WHERE s.entity_id = e.id)",
        "facts on no entity": "SELECT (SELECT count(*) FROM credits c LEFT JOIN entities e ON e.id = c.agent_id WHERE e.id IS NULL) "
        "+ (SELECT count(*) FROM relations r LEFT JOIN entities e ON e.id = r.object_id WHERE e.id IS NULL)",
        "imports with no source": "SELECT count(*) FROM imports i WHERE NOT EXISTS (SELECT 1 FROM sources s WHERE s.uri = i.path_key)",
        "search documents of no live entity": "SELECT count(*) FROM search_docs d LEFT JOIN entities e ON e.id = d.entity_id "
        "WHERE e.id IS NULL OR e.merged_into IS NOT NULL",
    }
    with Catalog(url) as cat:
        for what, sql in checks.items():
            n = int(_rows(cat, sql)[0][0])
            if n:
                found.append(f"{n} {what}")
        staged = _rows(cat, _STAGING_SQL[cat.dialect])[0][0]
        if not staged:  # no unfinished bulk load whose documents wait: every live entity is searchable
            sql = "SELECT count(*) FROM entities e WHERE e.merged_into IS NULL AND NOT EXISTS (SELECT 1 FROM search_docs d WHERE d.entity_id = e.id)"
            n = int(_rows(cat, sql)[0][0])
            if n:
                found.append(f"{n} live entities without a search document")
        if cat.dialect == "sqlite":
            with cat.transaction() as tx:
                tx.conn.exec_driver_sql("INSERT INTO search_fts(search_fts) VALUES ('integrity-check')")
                indexed = tx.conn.exec_driver_sql("SELECT count(*) FROM search_fts").scalar()
                docs = tx.conn.exec_driver_sql("SELECT count(*) FROM search_docs").scalar()
                if indexed != docs:
                    found.append(f"the full-text index holds {indexed} documents, search_docs {docs}")
    return found


_STAGING_SQL = {
    "sqlite": "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'bulk_search_docs'",
    "postgresql": "SELECT count(*) FROM pg_tables WHERE tablename = 'bulk_search_docs' AND schemaname = current_schema()",
}


def renumbered_releases(sample: Any, dest: Any, n: int) -> Any:
    """A Discogs releases dump of ``n`` records: the sample's records again and again, renumbered
    (ids from 1), gzip-compressed (level 1). Big enough for an import to be caught half-way."""
    import gzip
    import re

    data = gzip.decompress(sample.read_bytes())
    starts = [m.start() for m in re.finditer(rb"<release ", data)]
    end = data.rindex(b"</releases>")
    records = [data[a:b] for a, b in zip(starts, [*starts[1:], end], strict=True)]
    out = [data[: starts[0]]]
    for i in range(n):
        out.append(re.sub(rb'^<release id="\d+"', b'<release id="%d"' % (i + 1), records[i % len(records)], count=1))
    out.append(data[end:])
    dest.write_bytes(gzip.compress(b"".join(out), compresslevel=1))
    return dest


def group_members(pgid: int) -> list[tuple[int, str]]:
    """(pid, command line) of the live processes of a process group (Linux /proc)."""
    import os

    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as f:
                stat = f.read()
            with open(f"/proc/{entry}/cmdline", "rb") as f:
                cmd = f.read().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        fields = stat[stat.rindex(b")") + 2 :].split()
        if fields[0] != b"Z" and int(fields[2]) == pgid:
            found.append((int(entry), cmd))
    return found
