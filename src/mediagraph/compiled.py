"""The modules ``scripts/compile`` builds to C with mypyc, and whether the built ones are current.

The resolution core (``normalize``, ``match``, ``blocking``, ``engine``: about a fifth faster
compiled, docs/PERFORMANCE.md, Resolution) and the dump import's hot path: the Discogs release
walker (``dumps/discogs``), the statement planner and search documents the parser processes
prepare (``resolve/plan``, ``resolve/describe``), and the storing side's bookkeeping
(``resolve/bulk``, ``store/bulk``). Without a C compiler, or with ``MEDIAGRAPH_PURE=1`` at setup,
they run interpreted with the same results; ``MEDIAGRAPH_PURE=1`` at run time imports the sources
even where builds exist (so one checkout runs both ways). A compiled module sits beside its
source and Python loads it first, so one older than its source would hide an edit:
``mediagraph`` warns at import when that is so.

What a compiled module gives up: its docstrings and annotations at run time (so a msgspec struct,
whose field types msgspec reads from them, lives in an interpreted module, ``resolve/planned``),
and an attribute narrowed by an assignment stays narrowed across calls in the same function."""

from __future__ import annotations

import importlib.abc
import importlib.machinery
import importlib.util
import os
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent
SOURCES = (
    "normalize.py",
    "resolve/match.py",
    "resolve/blocking.py",
    "resolve/engine.py",
    "dumps/discogs.py",
    "resolve/plan.py",
    "resolve/describe.py",
    "resolve/bulk.py",
    "store/bulk.py",
)


def pure() -> bool:
    """Whether ``MEDIAGRAPH_PURE`` asks for the interpreted core at run time."""
    return os.environ.get("MEDIAGRAPH_PURE", "0") not in ("", "0")


_MODULES = {"mediagraph." + s[: -len(".py")].replace("/", "."): PACKAGE / s for s in SOURCES}


class _SourcesFirst(importlib.abc.MetaPathFinder):
    """With ``MEDIAGRAPH_PURE=1`` the compiled modules' sources are imported, though their builds sit beside them."""

    def find_spec(self, fullname: str, path: object = None, target: object = None) -> importlib.machinery.ModuleSpec | None:
        source = _MODULES.get(fullname)
        return importlib.util.spec_from_file_location(fullname, source) if source is not None else None


def use_sources_if_pure() -> None:
    """Called once when the package loads: the run-time switch of ``MEDIAGRAPH_PURE=1``."""
    if pure() and not any(isinstance(f, _SourcesFirst) for f in sys.meta_path):
        sys.meta_path.insert(0, _SourcesFirst())


def built(source: str) -> Path | None:
    """The extension module built from ``source`` (relative to the package), if any."""
    py = PACKAGE / source
    found = sorted(py.parent.glob(py.stem + ".*.so")) + sorted(py.parent.glob(py.stem + ".*.pyd"))
    return found[0] if found else None


def leftovers() -> list[Path]:
    """Builds of modules no longer in ``SOURCES`` (Python would still load them first)."""
    wanted = {built(s) for s in SOURCES}
    found = [*PACKAGE.rglob("*.so"), *PACKAGE.rglob("*.pyd")]
    return sorted(p for p in found if p not in wanted)


def state() -> dict[str, str]:
    """Each source's state: "compiled", "interpreted", or "stale" (compiled before its last edit)."""
    out: dict[str, str] = {}
    for source in SOURCES:
        ext = built(source)
        if ext is None or pure():
            out[source] = "interpreted"
        elif ext.stat().st_mtime < (PACKAGE / source).stat().st_mtime:
            out[source] = "stale"
        else:
            out[source] = "compiled"
    return out


def summary() -> str:
    """One line for benchmark output: which build ran."""
    now = state()
    kinds = set(now.values())
    return "compiled (mypyc)" if kinds == {"compiled"} else "interpreted" if kinds == {"interpreted"} else "mixed: " + ", ".join(f"{s} {k}" for s, k in now.items())


__all__ = ["SOURCES", "built", "leftovers", "pure", "state", "summary", "use_sources_if_pure"]
