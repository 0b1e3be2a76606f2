"""Parse-only speed of the Discogs reader against a bare lxml iterparse, in releases/s.

    python bench/gen_dumps.py --releases 100000          # makes /tmp/mediagraph-dumps/...
    python bench/parse_speed.py /tmp/mediagraph-dumps/discogs_gen_releases.xml.gz

Each mode runs in its own process so peak memory (max RSS, workers included) is its own:
  iterparse   bare lxml iterparse reading every field of each release, clearing as it goes
  serial      read_discogs(path): records built, one core
  workers=K   read_discogs(path, workers=K): K parsing processes, the caller decodes records
  prefilter   serial, but every chunk is cleaned of control characters before parsing
  recover     serial parse with lxml's recover=True parser instead of strict-then-clean
Nothing is stored; figures are printed, never asserted.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from lxml import etree

from mediagraph.dumps import DumpKind, read_discogs
from mediagraph.dumps.chunks import clean_xml, iter_chunks, record_offsets
from mediagraph.dumps.detect import discogs_header, open_dump
from mediagraph.dumps.reader import TRANSLATORS


def bare_iterparse(path: Path) -> int:
    """The issue's baseline: iterparse each <release>, read all its fields, store nothing."""
    stream, _ = open_dump(path)
    n = 0
    for _, elem in etree.iterparse(stream, tag="release", huge_tree=True):
        elem.get("id")
        elem.get("status")
        fields = []
        for e in elem.iter():
            fields.append((e.tag, e.text, dict(e.attrib) if e.attrib else None))
        n += 1
        elem.clear()
        # Drop the already-read siblings too, or the root keeps every cleared release.
        while elem.getprevious() is not None:
            del elem.getparent()[0]
    return n


def chunked(path: Path, how: str) -> int:
    """Serial parse through the chunker with a given cleaning policy."""
    stream, _ = open_dump(path)
    head = stream.read(1 << 16)
    found = discogs_header(head)
    assert found is not None
    kind, body, marker = found
    tag, to_record, _ = TRANSLATORS[kind]
    parser = etree.XMLParser(huge_tree=True, recover=how == "recover", resolve_entities=False)
    n = 0
    for chunk in iter_chunks(
        stream, marker=marker, root_end=b"</releases>", head=head[body:], offset=body
    ):
        data = clean_xml(chunk.data) if how == "prefilter" else chunk.data
        record_offsets(chunk.data, marker, chunk.offset)
        root = etree.fromstring(b"<r>" + data + b"</r>", parser)
        for elem in root:
            if elem.tag == tag:
                to_record(elem)
                n += 1
                elem.clear()
    return n


def run_mode(path: Path, mode: str) -> dict[str, Any]:
    t = time.perf_counter()
    if mode == "iterparse":
        n = bare_iterparse(path)
    elif mode == "serial":
        n = sum(1 for _ in read_discogs(path))
    elif mode.startswith("workers="):
        n = sum(1 for _ in read_discogs(path, workers=int(mode.split("=")[1])))
    else:
        n = chunked(path, mode)
    dt = time.perf_counter() - t
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    # CPU seconds too: on a shared machine wall time also counts other people's work.
    main_cpu = own.ru_utime + own.ru_stime
    return {
        "mode": mode,
        "records": n,
        "seconds": dt,
        "rate": n / dt,
        "cpu": main_cpu + kids.ru_utime + kids.ru_stime,
        "main_cpu": main_cpu,
        "rss_mib": own.ru_maxrss / 1024,
        "worker_rss_mib": kids.ru_maxrss / 1024,
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("path", type=Path)
    ap.add_argument(
        "--modes",
        default="iterparse,serial,prefilter,recover,workers=1,workers=2",
        help="comma-separated modes to run",
    )
    ap.add_argument("--one", help=argparse.SUPPRESS)  # run one mode in this process
    args = ap.parse_args(argv)
    if args.one:
        print(json.dumps(run_mode(args.path, args.one)))
        return 0
    assert DumpKind.DISCOGS_RELEASES  # the reader's public names are importable
    print(f"{args.path} ({args.path.stat().st_size:,} bytes)")
    for mode in args.modes.split(","):
        out = subprocess.run(
            [sys.executable, __file__, str(args.path), "--one", mode],
            check=True,
            capture_output=True,
            text=True,
        )
        r = json.loads(out.stdout.strip().splitlines()[-1])
        print(
            f"{r['mode']:>10}: {r['records']:>9,} records in {r['seconds']:7.1f} s = "
            f"{r['rate']:>7,.0f}/s wall; CPU {r['cpu']:6.1f} s = {r['records'] / r['cpu']:>7,.0f}/CPU-s"
            f" (caller {r['records'] / r['main_cpu']:>7,.0f}/CPU-s); peak RSS {r['rss_mib']:4.0f} MiB"
            + (f" (+ worker {r['worker_rss_mib']:.0f} MiB)" if r["worker_rss_mib"] > 1 else "")
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
