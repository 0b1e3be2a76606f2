"""The ceiling of a Discogs release import in pure Python on this machine: CPU-µs a release per stage.

    python bench/import_ceiling.py                       # 20,000 releases, every stage
    python bench/import_ceiling.py --releases 50000 --only parse,pipeline

Not the importer: the cheapest ways this Python and these libraries offer to do each thing an
import must do, measured on releases made by ``bench/gen_dumps.py`` from the real sample.

  a. parse: get every field of each release out of the XML (id, title, status, country, date,
     notes, quality, master, genres, styles, formats, labels, artists and extra artists with
     roles, companies, identifiers, tracks with their credits and sub-tracks) into plain tuples,
     by lxml iterparse(tag=, clear()), lxml fromstring of a pre-cut chunk, xml.etree (expat's
     C tree builder), pyexpat with Python handlers, selectolax (lexbor); plus gunzip, and the
     importer's own translation (``parse_chunk``) with and without ``prepare_record``.
  b. store: one row per release in the real schema (migrations' tables and indexes) with the
     record encoded once (orjson / msgspec), then its credit and identifier rows and one row per
     new agent, by executemany in batches of 1,000, WAL, ``synchronous=NORMAL``, the bulk cache.
  c. search: each release's document into FTS5 (external content, ``rebuild`` at the end, with
     and without ``prefix='2 3 4'``) and tantivy (the importer's schema, 400 MB heap).
  d. pipeline: one worker process gunzips, parses and builds the rows; the main process stores
     them; then the index. Wall-clock releases/s and CPU-µs a release of both processes.

CPU is ``time.process_time`` (every thread of the process: tantivy's too) divided by releases;
each figure is the best of ``--repeat`` runs. The machine is shared: run it under the bench lock.
"""

from __future__ import annotations

import argparse
import functools
import gc
import gzip
import io
import multiprocessing
import os
import shutil
import sqlite3
import sys
import tempfile
import time
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path
from typing import Any

import msgspec
import orjson
from lxml import etree

ROOT = Path(__file__).resolve().parent.parent
MARKER = b"<release "
CHUNK = 1 << 20
BATCH = 1000

# id, status, title, country, released, notes, quality, master, genres, styles, formats, labels,
# artists, extra artists, companies, identifiers, tracks
Rec = tuple[Any, ...]


# --- the data --------------------------------------------------------------------------------


def dump_bytes(n: int, scratch: Path) -> tuple[Path, bytes]:
    """The gzipped dump of n generated releases (made on first use) and its XML."""
    folder = scratch / f"releases-{n}"
    path = folder / "discogs_gen_releases.xml.gz"
    if not path.exists():
        folder.mkdir(parents=True, exist_ok=True)
        sys.path.insert(0, str(ROOT / "bench"))
        import gen_dumps

        gen_dumps.write("releases", n, folder, plain=False, seed=5)
    with gzip.open(path) as f:
        return path, f.read()


def cut(xml: bytes, size: int = CHUNK) -> list[bytes]:
    """Whole-record chunks of about ``size`` bytes (what ``dumps.chunks`` gives the parsers)."""
    start = xml.index(MARKER)
    end = xml.rindex(b"</releases>")
    out = []
    while start < end:
        stop = xml.find(MARKER, start + size)
        if stop < 0 or stop > end:
            stop = end
        out.append(xml[start:stop])
        start = stop
    return out


# --- (a) field extraction: one walk for lxml and xml.etree elements ----------------------------


def _t(e: Any) -> str | None:
    t = e.text
    if t is None:
        return None
    return t.strip() or None


def _artists(container: Any) -> list[tuple[Any, ...]]:
    out = []
    for a in container:
        aid = name = anv = join = role = tracks = None
        for f in a:
            t = f.text
            if t is None:
                continue
            tag = f.tag
            if tag == "name":
                name = t.strip()
            elif tag == "id":
                aid = t.strip()
            elif tag == "anv":
                anv = t.strip() or None
            elif tag == "join":
                join = t.strip() or None
            elif tag == "role":
                role = t.strip() or None
            elif tag == "tracks":
                tracks = t.strip() or None
        if name:
            out.append((aid, name, anv, join, role, tracks))
    return out


def _track(e: Any) -> tuple[Any, ...]:
    pos = title = dur = None
    artists: list[Any] = []
    extra: list[Any] = []
    subs: list[Any] = []
    for f in e:
        tag = f.tag
        if tag == "position":
            pos = _t(f)
        elif tag == "title":
            title = _t(f)
        elif tag == "duration":
            dur = _t(f)
        elif tag == "artists":
            artists = _artists(f)
        elif tag == "extraartists":
            extra = _artists(f)
        elif tag == "sub_tracks":
            subs = [_track(x) for x in f]
    return (pos, title, dur, artists, extra, subs)


def walk(e: Any) -> Rec:
    """Every field of a ``<release>`` element (lxml or xml.etree) as plain tuples and lists."""
    title = country = date = notes = quality = master = None
    genres: list[str] = []
    styles: list[str] = []
    formats: list[Any] = []
    labels: list[Any] = []
    artists: list[Any] = []
    extra: list[Any] = []
    companies: list[Any] = []
    idents: list[Any] = []
    tracks: list[Any] = []
    for f in e:
        tag = f.tag
        if tag == "title":
            title = _t(f)
        elif tag == "artists":
            artists = _artists(f)
        elif tag == "extraartists":
            extra = _artists(f)
        elif tag == "tracklist":
            tracks = [_track(x) for x in f]
        elif tag == "labels":
            labels = [(x.get("id"), x.get("name"), x.get("catno")) for x in f]
        elif tag == "formats":
            for x in f:
                descs = [d.text for d in x.iter("description")]
                formats.append((x.get("name"), x.get("qty"), x.get("text"), descs))
        elif tag == "identifiers":
            idents = [(x.get("type"), x.get("value"), x.get("description")) for x in f]
        elif tag == "companies":
            for x in f:
                cid = name = role = None
                for g in x:
                    gt = g.tag
                    if gt == "id":
                        cid = g.text
                    elif gt == "name":
                        name = g.text
                    elif gt == "entity_type_name":
                        role = g.text
                companies.append((cid, name, role))
        elif tag == "genres":
            genres = [x.text for x in f]
        elif tag == "styles":
            styles = [x.text for x in f]
        elif tag == "country":
            country = _t(f)
        elif tag == "released":
            date = _t(f)
        elif tag == "notes":
            notes = _t(f)
        elif tag == "data_quality":
            quality = _t(f)
        elif tag == "master_id":
            master = _t(f)
    return (
        int(e.get("id")), e.get("status"), title, country, date, notes, quality, master, genres, styles,
        formats, labels, artists, extra, companies, idents, tracks,
    )


def _parser() -> etree.XMLParser:
    return etree.XMLParser(huge_tree=True, resolve_entities=False, no_network=True)


def lxml_iterparse(xml: bytes, chunks: list[bytes]) -> list[Rec]:
    out = []
    for _, e in etree.iterparse(io.BytesIO(xml), tag="release", huge_tree=True, resolve_entities=False):
        out.append(walk(e))
        e.clear()
        while e.getprevious() is not None:  # the root keeps cleared siblings otherwise
            del e.getparent()[0]
    return out


def lxml_iterparse_bare(xml: bytes, chunks: list[bytes]) -> list[Rec]:
    """The issue's baseline shape: iterparse reading only a few fields of each release."""
    out: list[Rec] = []
    for _, e in etree.iterparse(io.BytesIO(xml), tag="release", huge_tree=True, resolve_entities=False):
        out.append((e.get("id"), e.findtext("title"), e.findtext("country")))
        e.clear()
        while e.getprevious() is not None:
            del e.getparent()[0]
    return out


def lxml_chunk_parse_only(xml: bytes, chunks: list[bytes]) -> list[Rec]:
    n = 0
    for c in chunks:
        n += len(etree.fromstring(b"<r>" + c + b"</r>", _parser()))
    return [()] * n


def lxml_chunk(xml: bytes, chunks: list[bytes]) -> list[Rec]:
    out: list[Rec] = []
    for c in chunks:
        out.extend(walk(e) for e in etree.fromstring(b"<r>" + c + b"</r>", _parser()))
    return out


def etree_chunk_parse_only(xml: bytes, chunks: list[bytes]) -> list[Rec]:
    n = 0
    for c in chunks:
        n += len(ET.fromstring(b"<r>" + c + b"</r>"))
    return [()] * n


def etree_chunk(xml: bytes, chunks: list[bytes]) -> list[Rec]:
    out: list[Rec] = []
    for c in chunks:
        out.extend(walk(e) for e in ET.fromstring(b"<r>" + c + b"</r>"))
    return out


def expat_handlers(xml: bytes, chunks: list[bytes]) -> list[Rec]:
    """pyexpat with Python callbacks building a nested list tree (no field walk): the event cost."""
    from xml.parsers import expat

    out: list[Any] = []
    for c in chunks:
        stack: list[list[Any]] = [[None, {}, []]]
        p = expat.ParserCreate()
        p.buffer_text = True

        def start(tag: str, attrs: dict[str, str], stack: list[list[Any]] = stack) -> None:
            node = [tag, attrs, []]
            stack[-1][2].append(node)
            stack.append(node)

        def end(tag: str, stack: list[list[Any]] = stack) -> None:
            stack.pop()

        def data(text: str, stack: list[list[Any]] = stack) -> None:
            stack[-1][2].append(text)

        p.StartElementHandler = start
        p.EndElementHandler = end
        p.CharacterDataHandler = data
        p.Parse(b"<r>" + c + b"</r>", True)
        out.extend(stack[0][2][0][2])
    return [tuple(x) for x in out if isinstance(x, list)]


def selectolax_chunk(xml: bytes, chunks: list[bytes]) -> list[Rec]:
    """lexbor's HTML parser (selectolax) with CSS selectors: no XML parser (HTML rules apply:
    ``<title>`` is raw text, tags are lower-cased), so only a few fields, as a bound."""
    from selectolax.lexbor import LexborHTMLParser

    def text(node: Any, sel: str) -> str | None:
        found = node.css_first(sel)
        return found.text() if found is not None else None

    out = []
    for c in chunks:
        tree = LexborHTMLParser(c.decode())
        for r in tree.css("release"):
            artists = [(text(a, "id"), text(a, "name")) for a in r.css("release > artists > artist")]
            labels = [(x.attributes.get("id"), x.attributes.get("name"), x.attributes.get("catno")) for x in r.css("labels > label")]
            tracks = [(text(t, "position"), text(t, "duration")) for t in r.css("tracklist > track")]
            idents = [(x.attributes.get("type"), x.attributes.get("value")) for x in r.css("identifiers > identifier")]
            out.append((r.attributes.get("id"), text(r, "country"), artists, labels, tracks, idents))
    return out


def importer_translate(xml: bytes, chunks: list[bytes], *, prepare: bool = False) -> list[Rec]:
    from mediagraph.dumps.chunks import Chunk
    from mediagraph.dumps.item import DumpKind
    from mediagraph.dumps.reader import parse_chunk
    from mediagraph.resolve.bulk import prepare_record

    out: list[Any] = []
    first, offset = 1, 0
    for c in chunks:
        n = c.count(MARKER)
        rows, _ = parse_chunk(
            DumpKind.DISCOGS_RELEASES, Chunk(c, first, offset, n), marker=MARKER, prepare=prepare_record if prepare else None
        )
        out.extend(rows)
        first += n
        offset += len(c)
    return out


def importer_prepare(xml: bytes, chunks: list[bytes]) -> list[Rec]:
    return importer_translate(xml, chunks, prepare=True)


PARSERS: dict[str, Callable[[bytes, list[bytes]], list[Rec]]] = {
    "lxml iterparse, 3 fields (issue's baseline)": lxml_iterparse_bare,
    "lxml iterparse(tag=, clear()) + walk": lxml_iterparse,
    "lxml fromstring(chunk), parse only": lxml_chunk_parse_only,
    "lxml fromstring(chunk) + walk": lxml_chunk,
    "xml.etree fromstring(chunk), parse only": etree_chunk_parse_only,
    "xml.etree fromstring(chunk) + walk": etree_chunk,
    "pyexpat, Python handlers, tree only": expat_handlers,
    "selectolax (lexbor) + CSS, some fields": selectolax_chunk,
    "importer: parse_chunk (Records)": importer_translate,
    "importer: parse_chunk + prepare_record": importer_prepare,
}


# --- (b) the minimal store ---------------------------------------------------------------------


def new_catalog(path: Path) -> None:
    """An empty catalog with the migrations' schema (tables, indexes, triggers)."""
    from mediagraph.store import Catalog

    Catalog(f"sqlite:///{path}").close()


def connect(path: Path) -> sqlite3.Connection:
    """A connection set as the importer's: WAL, synchronous=NORMAL, foreign keys, the bulk cache."""
    conn = sqlite3.connect(path, isolation_level=None)
    for p in ("journal_mode=WAL", "synchronous=NORMAL", "foreign_keys=ON", "cache_size=-262144", "wal_autocheckpoint=16384"):
        conn.execute(f"PRAGMA {p}")
    conn.execute("INSERT INTO sources (id, uri, kind, ingested_at) VALUES (1, 'dump:bench', 'discogs', '2026-01-01')")
    return conn


def body_of(r: Rec) -> str:
    """A search document: title, names, catalog numbers, tracks, formats, genres (folded by FTS5/tantivy)."""
    words = [r[2] or ""]
    words += [a[1] for a in r[12]]
    words += [a[1] for a in r[13]]
    words += [f"{x[1]} {x[2]}" for x in r[11]]
    words += [t[1] or "" for t in r[16]]
    words += [f[0] or "" for f in r[10]]
    words += r[8]
    return " ".join(words).lower()


class Rows(msgspec.Struct, array_like=True):
    """One batch's rows as the main process inserts them; agents by Discogs key, ids filled there."""

    releases: list[tuple[int, str, str, int | None, bytes]]  # discogs id, label, label_key, year, data
    credits: list[tuple[int, str, str, str, str | None]]  # release, agent key, agent name, role, detail
    idents: list[tuple[int, str, str, str, str | None]]  # release, scheme, value, norm, qualifier
    docs: list[tuple[int, str, str]]  # release, title_key, body


_ENC = msgspec.json.Encoder()


def rows_of(recs: list[Rec], *, encode: Callable[[Any], bytes] = orjson.dumps) -> Rows:
    """Parser-side: every row a batch needs, but the entity ids."""
    rel, cr, ids, docs = [], [], [], []
    for r in recs:
        rid = r[0]
        year = int(r[4][:4]) if r[4] and r[4][:4].isdigit() else None
        title = r[2] or ""
        rel.append((rid, title, title.lower(), year, encode(r)))
        for aid, name, _anv, _join, role, _tr in r[12]:
            cr.append((rid, f"discogs:artist/{aid}", name, "performer", role))
        for aid, name, _anv, _join, role, _tr in r[13]:
            for one in (role or "unspecified").split(","):
                cr.append((rid, f"discogs:artist/{aid}", name, one.strip(), None))
        for lid, name, catno in r[11]:
            cr.append((rid, f"discogs:label/{lid}", name or "", "label", catno))
            if catno:
                ids.append((rid, "catalog_number", catno, catno.lower().replace(" ", ""), name))
        for cid, name, role in r[14]:
            cr.append((rid, f"discogs:label/{cid}", name or "", role or "unspecified", None))
        for t in r[16]:
            for aid, name, _anv, _join, role, _tr in t[4]:
                cr.append((rid, f"discogs:artist/{aid}", name, role or "unspecified", None))
        ids.append((rid, "discogs_release", str(rid), str(rid), None))
        for kind, value, desc in r[15]:
            if value:
                ids.append((rid, kind or "other", value, value.lower().replace(" ", ""), desc))
        docs.append((rid, title.lower(), body_of(r)))
    return Rows(rel, cr, ids, docs)


class Store:
    """Main-process side: entity ids for releases and agents, executemany per table, a commit a batch."""

    def __init__(self, conn: sqlite3.Connection, *, statements: bool = False, facts: bool = True, docs: bool = True) -> None:
        self.conn = conn
        self.agents: dict[str, int] = {}
        self.next_id = 1
        self.statements = statements
        self.facts = facts
        self.docs = docs

    def write(self, rows: Rows) -> None:
        c = self.conn
        c.execute("BEGIN IMMEDIATE")
        base = self.next_id
        ids = {rid: base + i for i, (rid, *_rest) in enumerate(rows.releases)}
        self.next_id += len(ids)
        stamp = "2026-12-06 00:00:00.000000+00:00"
        ents = [(ids[r[0]], "release", "album", r[1], r[2], r[3], f"discogs:release/{r[0]}", r[4], stamp, stamp) for r in rows.releases]
        credits = []
        new_agents = []
        agents = self.agents
        if self.facts:
            for rid, key, name, role, detail in rows.credits:
                aid = agents.get(key)
                if aid is None:
                    aid = agents[key] = self.next_id
                    self.next_id += 1
                    data = orjson.dumps({"name": name, "key": key})
                    new_agents.append((aid, "agent", "person", name, name.lower(), None, key, data, stamp, stamp))
                credits.append((ids[rid], aid, role, detail, 1))
        ins = "INSERT INTO entities (id, etype, kind, label, label_key, year, iri, data, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?)"
        c.executemany(ins, ents)
        if new_agents:
            c.executemany(ins, new_agents)
        if self.statements:
            c.executemany(
                "INSERT INTO statements (entity_id, source_id, local_key, data) VALUES (?, 1, ?, ?)",
                [(ids[r[0]], f"discogs:release/{r[0]}", r[4]) for r in rows.releases],
            )
        if self.facts:
            c.executemany("INSERT INTO credits (entity_id, agent_id, role, role_detail, source_id) VALUES (?,?,?,?,?)", credits)
            c.executemany(
                "INSERT INTO identifiers (entity_id, scheme, value, norm, qualifier, source_id) VALUES (?,?,?,?,?,1)",
                [(ids[i[0]], *i[1:]) for i in rows.idents],
            )
        if self.docs:
            c.executemany(
                "INSERT INTO bench_docs (entity_id, etype, title_key, body, weight) VALUES (?, 'release', ?, ?, 1)",
                [(ids[d[0]], d[1], d[2]) for d in rows.docs],
            )
        c.execute("COMMIT")


def staging(conn: sqlite3.Connection) -> None:
    conn.execute(
        "CREATE TABLE IF NOT EXISTS bench_docs (entity_id INTEGER PRIMARY KEY, etype TEXT NOT NULL, "
        "title_key TEXT NOT NULL, body TEXT NOT NULL, weight INTEGER NOT NULL)"
    )


# --- (c) the search index --------------------------------------------------------------------


def fts5_build(conn: sqlite3.Connection, *, prefix: str | None) -> None:
    """An external-content FTS5 table over the staged documents, built by one ``rebuild``."""
    opt = f", prefix='{prefix}'" if prefix else ""
    conn.execute("DROP TABLE IF EXISTS bench_fts")
    conn.execute(
        "CREATE VIRTUAL TABLE bench_fts USING fts5(body, content='bench_docs', content_rowid='entity_id', "
        f"tokenize='unicode61 remove_diacritics 2'{opt})"
    )
    conn.execute("BEGIN")
    conn.execute("INSERT INTO bench_fts(bench_fts) VALUES ('rebuild')")
    conn.execute("COMMIT")


def tantivy_build(conn: sqlite3.Connection, folder: Path) -> None:
    """The importer's tantivy schema, every staged document added, one commit."""
    import tantivy

    from mediagraph.store.search_tantivy import SCHEMA

    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    idx = tantivy.Index(SCHEMA, path=str(folder))
    w = idx.writer(heap_size=400_000_000)
    for eid, title, body in conn.execute("SELECT entity_id, title_key, body FROM bench_docs"):
        w.add_document(tantivy.Document(entity_id=eid, etype="release", kind="album", year=0, title=title, body=body, weight=1))
    w.commit()
    w.wait_merging_threads()


def prefix_queries(conn: sqlite3.Connection, *, docs: int, queries: int = 300) -> None:
    """What FTS5's prefix indexes buy at query time: ``"ab"*`` queries (the shape ``search_sql``
    sends for a query's last word) with and without ``prefix='2 3 4'``, over ``docs`` documents
    (the staged ones repeated under new ids), ``LIMIT 120`` as ``search.query`` asks."""
    import random
    import statistics

    have = conn.execute("SELECT count(*) FROM bench_docs").fetchone()[0]
    conn.execute("DROP TABLE IF EXISTS big_docs")
    conn.execute("CREATE TABLE big_docs (entity_id INTEGER PRIMARY KEY, body TEXT NOT NULL)")
    conn.execute("BEGIN")
    for k in range(-(-docs // have)):
        conn.execute("INSERT INTO big_docs SELECT entity_id + ? * 10000000, body FROM bench_docs", (k,))
    conn.execute("COMMIT")
    words = [w for (b,) in conn.execute("SELECT body FROM bench_docs LIMIT 5000") for w in b.split() if w.isalpha()]
    rng = random.Random(5)
    for label, prefix in (("prefix='2 3 4'", "2 3 4"), ("prefix='2 3'", "2 3"), ("prefix='2'", "2"), ("no prefix", None)):
        opt = f", prefix='{prefix}'" if prefix else ""
        conn.execute("DROP TABLE IF EXISTS big_fts")
        conn.execute(
            f"CREATE VIRTUAL TABLE big_fts USING fts5(body, content='big_docs', content_rowid='entity_id', "
            f"tokenize='unicode61 remove_diacritics 2'{opt})"
        )
        c = time.process_time()
        conn.execute("INSERT INTO big_fts(big_fts) VALUES ('rebuild')")
        build = time.process_time() - c
        cells = []
        for length in (2, 3, 4, 5):
            cands = [w[:length] for w in words if len(w) >= length]
            rng.seed(length)
            lat = []
            for _ in range(queries):
                expr = f'"{rng.choice(cands)}"*'
                t = time.perf_counter()
                conn.execute(
                    "SELECT d.entity_id FROM big_fts JOIN big_docs d ON d.entity_id = big_fts.rowid WHERE big_fts MATCH ? LIMIT 120",
                    (expr,),
                ).fetchall()
                lat.append((time.perf_counter() - t) * 1e3)
            q = statistics.quantiles(lat, n=100)
            cells.append(f"{q[49]:.2f} / {q[94]:.2f} / {q[98]:.2f}")
        rng.seed(9)
        lat = []
        for _ in range(queries):
            expr = f'"{rng.choice(words)}" AND "{rng.choice(words)[:3]}"*'
            t = time.perf_counter()
            conn.execute("SELECT rowid FROM big_fts WHERE big_fts MATCH ? LIMIT 120", (expr,)).fetchall()
            lat.append((time.perf_counter() - t) * 1e3)
        q = statistics.quantiles(lat, n=100)
        cells.append(f"{q[49]:.2f} / {q[94]:.2f} / {q[98]:.2f}")
        print(f"| {label} | {docs:,} | {build:.1f} s | {' | '.join(cells)} |", flush=True)
    conn.execute("DROP TABLE big_fts")
    conn.execute("DROP TABLE big_docs")


# --- (d) the 2-process pipeline -----------------------------------------------------------------


def _worker(path: str, out: Any, encode: str) -> None:
    """Gunzip, cut, parse, walk, build rows; send each batch's rows msgpack-encoded."""
    gc.disable()
    enc = msgspec.msgpack.Encoder()
    encoder = orjson.dumps if encode == "orjson" else _ENC.encode
    pending: list[Rec] = []
    buf = b""
    with gzip.open(path) as f:
        while True:
            block = f.read(CHUNK)
            data = buf + block
            if not block:
                start = data.find(MARKER)
                body = data[start : data.rindex(b"</releases>")] if start >= 0 else b""
                buf = b""
            else:
                last = data.rfind(MARKER)
                first = data.find(MARKER)
                if last <= first:
                    buf = data
                    continue
                body, buf = data[max(first, 0) : last], data[last:]
            if body:
                for e in etree.fromstring(b"<r>" + body + b"</r>", _parser()):
                    pending.append(walk(e))
                    if len(pending) >= BATCH:
                        out.send_bytes(enc.encode(rows_of(pending, encode=encoder)))
                        pending = []
            if not block:
                break
    if pending:
        out.send_bytes(enc.encode(rows_of(pending, encode=encoder)))
    out.send_bytes(b"")
    out.close()


def pipeline(path: Path, db: Path, *, index: str, encode: str = "orjson") -> tuple[float, float, float, float, int]:
    """(wall of the load, wall of the index, CPU of main, CPU of the worker, releases)."""
    new_catalog(db)
    conn = connect(db)
    staging(conn)
    store = Store(conn)
    dec = msgspec.msgpack.Decoder(Rows)
    ctx = multiprocessing.get_context("fork")  # a child of ours, so RUSAGE_CHILDREN counts its CPU
    recv, send = ctx.Pipe(duplex=False)
    t0, c0 = time.perf_counter(), time.process_time()
    proc = ctx.Process(target=_worker, args=(str(path), send, encode))
    proc.start()
    send.close()
    n = 0
    gc.disable()
    while True:
        data = recv.recv_bytes()
        if not data:
            break
        rows = dec.decode(data)
        store.write(rows)
        n += len(rows.releases)
    gc.enable()
    proc.join()
    t1 = time.perf_counter()
    if index == "fts5":
        fts5_build(conn, prefix=None)
    elif index == "fts5-prefix":
        fts5_build(conn, prefix="2 3 4")
    elif index == "tantivy":
        tantivy_build(conn, db.parent / "tantivy")
    elif index == "tantivy+fts5":
        tantivy_build(conn, db.parent / "tantivy")
        fts5_build(conn, prefix=None)
    t2 = time.perf_counter()
    main_cpu = time.process_time() - c0
    conn.close()
    worker_cpu = _children_cpu()
    return t1 - t0, t2 - t1, main_cpu, worker_cpu, n


_SEEN_CHILD_CPU = 0.0


def _children_cpu() -> float:
    """CPU seconds of the children reaped since the last call (the worker just joined)."""
    import resource

    global _SEEN_CHILD_CPU
    ru = resource.getrusage(resource.RUSAGE_CHILDREN)
    total = ru.ru_utime + ru.ru_stime
    out, _SEEN_CHILD_CPU = total - _SEEN_CHILD_CPU, total
    return out


# --- running --------------------------------------------------------------------------------


def best(fn: Callable[[], Any], repeat: int) -> tuple[float, Any]:
    """Least CPU seconds of ``repeat`` runs, and the last result."""
    low = float("inf")
    result = None
    for _ in range(repeat):
        gc.collect()
        c = time.process_time()
        result = fn()
        low = min(low, time.process_time() - c)
    return low, result


def row(label: str, cpu: float, n: int, note: str = "") -> None:
    us = cpu / n * 1e6
    print(f"| {label} | {us:,.0f} | {1e6 / us:,.0f} | {note} |", flush=True)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--releases", type=int, default=20_000)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--only", default="parse,store,search,pipeline", help="stages: parse,store,search,prefix,pipeline")
    ap.add_argument("--prefix-docs", type=int, default=400_000, help="documents for the FTS5 prefix-query stage")
    ap.add_argument("--scratch", type=Path, default=Path("/tmp/mg-dumps"))
    args = ap.parse_args(argv)
    only = set(args.only.split(","))
    print(f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())} · load {', '.join(f'{x:.2f}' for x in os.getloadavg())} · "
          f"{os.cpu_count()} cores · Python {sys.version.split()[0]} · SQLite {sqlite3.sqlite_version}")
    path, xml = dump_bytes(args.releases, args.scratch)
    chunks = cut(xml)
    n = sum(c.count(MARKER) for c in chunks)
    print(f"{n:,} releases, {len(xml) / n:,.0f} B of XML a release ({path.stat().st_size / n:,.0f} gzipped), {len(chunks)} chunks\n")
    print("| stage | CPU-µs a release | releases per CPU-second | note |\n|---|---|---|---|")
    recs: list[Rec] = []
    if "parse" in only or "store" in only or "search" in only:
        gz = path.read_bytes()
        cpu, _ = best(lambda: gzip.decompress(gz), args.repeat)
        row("a. gunzip (zlib)", cpu, n)
        cpu, _ = best(lambda: cut(xml), args.repeat)
        row("a. cut into 1 MiB chunks at `<release `", cpu, n)
        for label, fn in PARSERS.items():
            if "parse" not in only and "walk" not in label:
                continue
            gc.disable()
            try:
                cpu, out = best(lambda fn=fn: fn(xml, chunks), args.repeat)  # type: ignore[misc]
            finally:
                gc.enable()
            if label == "lxml fromstring(chunk) + walk":
                recs = out
            row(f"a. {label}", cpu, n, f"{len(out):,} records")
        cpu, _ = best(lambda: [orjson.dumps(r) for r in recs], args.repeat)
        row("a. encode each record: orjson", cpu, n, f"{sum(len(orjson.dumps(r)) for r in recs) / n:,.0f} B")
        cpu, _ = best(lambda: [_ENC.encode(r) for r in recs], args.repeat)
        row("a. encode each record: msgspec.json", cpu, n)
        batches = [recs[i : i + BATCH] for i in range(0, n, BATCH)]
        cpu, all_rows = best(lambda: [rows_of(b) for b in batches], args.repeat)
        row("a. rows of a release (record JSON, credits, identifiers, document)", cpu, n,
            f"{sum(len(r.credits) for r in all_rows) / n:.1f} credits, {sum(len(r.idents) for r in all_rows) / n:.1f} identifiers")
        enc = msgspec.msgpack.Encoder()
        blobs = [enc.encode(r) for r in all_rows]
        cpu, _ = best(lambda: [enc.encode(r) for r in all_rows], args.repeat)
        row("a→b. msgpack encode a batch's rows (worker)", cpu, n, f"{sum(map(len, blobs)) / n:,.0f} B")
        dec = msgspec.msgpack.Decoder(Rows)
        gc.disable()
        cpu, _ = best(lambda: [dec.decode(b) for b in blobs], args.repeat)
        gc.enable()
        row("a→b. msgpack decode (main)", cpu, n)
    if "store" in only or "search" in only:
        tmp = Path(tempfile.mkdtemp(dir=args.scratch))
        try:
            variants: list[tuple[str, dict[str, bool]]] = [
                ("b. store: release rows only (record JSON once)", {"facts": False, "docs": False}),
                ("b. store: + credits, identifiers, new agents", {"docs": False}),
                ("b. store: + staged search documents", {}),
                ("b. store: + the record again as a statement (today's layout)", {"statements": True}),
            ]
            for label, kw in variants:
                lows = []
                for _ in range(args.repeat):
                    db = tmp / "store.sqlite"
                    for s in ("", "-wal", "-shm"):
                        Path(f"{db}{s}").unlink(missing_ok=True)
                    new_catalog(db)
                    conn = connect(db)
                    staging(conn)
                    st = Store(conn, **kw)
                    gc.disable()
                    c = time.process_time()
                    for r in all_rows:
                        st.write(r)
                    lows.append(time.process_time() - c)
                    gc.enable()
                    conn.close()
                size = sum(Path(f"{db}{s}").stat().st_size for s in ("", "-wal") if Path(f"{db}{s}").exists())
                row(label, min(lows), n, f"{size / n:,.0f} B/release on disk")
            if "search" in only:
                conn = sqlite3.connect(db, isolation_level=None)
                docs = conn.execute("SELECT count(*) FROM bench_docs").fetchone()[0]
                for label, prefix in (("c. FTS5 rebuild, prefix='2 3 4'", "2 3 4"), ("c. FTS5 rebuild, no prefix", None)):
                    cpu, _ = best(functools.partial(fts5_build, conn, prefix=prefix), args.repeat)
                    row(label, cpu, n, f"{docs:,} documents")
                conn.execute("DROP TABLE IF EXISTS bench_fts")
                cpu, _ = best(lambda: tantivy_build(conn, tmp / "tantivy"), args.repeat)
                row("c. tantivy, add + commit (all its threads)", cpu, n)
                if "prefix" in only:
                    print("\n| c. FTS5 prefix queries, ms p50 / p95 / p99 | documents | rebuild CPU | `\"ab\"*` | `\"abc\"*` | "
                          "`\"abcd\"*` | `\"abcde\"*` | word AND `\"abc\"*` |\n|---|---|---|---|---|---|---|---|")
                    prefix_queries(conn, docs=args.prefix_docs)
                conn.close()
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
    if "pipeline" in only:
        print("\n| d. 2 processes: worker gunzip+parse+rows, main stores; index after | load s | index s | "
              "releases/s wall | CPU-µs a release (main + worker) |\n|---|---|---|---|---|")
        for index in ("none", "tantivy", "fts5", "fts5-prefix", "tantivy+fts5"):
            tmp = Path(tempfile.mkdtemp(dir=args.scratch))
            try:
                load, idx, main_cpu, worker_cpu, m = pipeline(path, tmp / "p.sqlite", index=index)
            finally:
                shutil.rmtree(tmp, ignore_errors=True)
            print(f"| index: {index} | {load:.2f} | {idx:.2f} | {m / (load + idx):,.0f} | "
                  f"{(main_cpu + worker_cpu) / m * 1e6:,.0f} ({main_cpu / m * 1e6:,.0f} + {worker_cpu / m * 1e6:,.0f}) |", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
