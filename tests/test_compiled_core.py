"""The compiled modules and their interpreted sources decide and store alike.

``MEDIAGRAPH_PURE=1`` at run time imports the sources of the mypyc-built modules even where the
builds sit beside them, so one checkout runs both ways: the benchmark's engine run over the same
generated mentions must then place every record on the same entity either way, and the sample
Discogs dump imported both ways (the fast path with a parser process, then the masters on top,
and the record-by-record path) must export the same catalog.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from mediagraph import compiled

ROOT = Path(__file__).resolve().parents[1]
_RUN = r"""
import json, sys
sys.path.insert(0, "bench")
import resolve_eval as ev
from mediagraph import compiled
works, releases, _ = ev.place(ev.Generator(2500, seed=11).generate())
print(json.dumps({"build": compiled.summary(), "works": works, "releases": releases}))
"""


_IMPORT = r"""
import json, sys
from mediagraph import compiled, views
from mediagraph.resolve.importer import import_dump
from mediagraph.store import Catalog
folder, out = sys.argv[1], sys.argv[2]
graphs = {}
for name, files in (("fast", (("releases", 1, None), ("masters", 0, None))), ("slow", (("releases", 0, False),))):
    with Catalog(f"sqlite:///{out}/{name}.sqlite") as cat:
        for kind, workers, fast in files:
            import_dump(cat, f"{folder}/discogs_20200806_{kind}.xml.gz", expect="discogs", workers=workers, fast=fast)
        with cat.transaction(write=False) as tx:
            graphs[name] = views.export_graph(tx)
print(json.dumps({"build": compiled.summary(), "graphs": graphs}, sort_keys=True))
"""


def _run(pure: bool, script: str = _RUN, *args: str) -> dict[str, object]:
    env = {**os.environ, "MEDIAGRAPH_PURE": "1" if pure else "0"}
    cmd = [sys.executable, "-c", script, *args]
    out = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, timeout=600, check=True)
    return json.loads(out.stdout.splitlines()[-1])


def _built() -> bool:
    return all(compiled.built(s) is not None for s in compiled.SOURCES)


def test_the_interpreted_and_the_compiled_core_place_every_record_alike() -> None:
    if not _built():
        pytest.skip("the compiled modules are not built here (scripts/compile builds them; a machine without a C compiler runs them interpreted)")
    built, source = _run(pure=False), _run(pure=True)
    assert built["build"] == "compiled (mypyc)" and source["build"] == "interpreted"
    assert built["works"] == source["works"] and built["releases"] == source["releases"]


def test_a_dump_imported_by_the_compiled_and_the_interpreted_modules_exports_the_same_catalog(
    dumps_dir: Path, tmp_path: Path
) -> None:
    if not _built():
        pytest.skip("the compiled modules are not built here (scripts/compile builds them)")
    (tmp_path / "built").mkdir()
    (tmp_path / "source").mkdir()
    built = _run(False, _IMPORT, str(dumps_dir / "discogs"), str(tmp_path / "built"))
    source = _run(True, _IMPORT, str(dumps_dir / "discogs"), str(tmp_path / "source"))
    assert built["build"] == "compiled (mypyc)" and source["build"] == "interpreted"
    graphs = built["graphs"]
    assert isinstance(graphs, dict) and len(graphs["fast"]["@graph"]) > 1000
    assert graphs == source["graphs"]
