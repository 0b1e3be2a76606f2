"""mediagraph: a linked catalog of films, comics and music, their lineage and their reviews."""

import warnings

from mediagraph import compiled as _compiled
from mediagraph.errors import MediagraphError

__version__ = "0.1.0"

_compiled.use_sources_if_pure()  # MEDIAGRAPH_PURE=1: the interpreted core, whatever is built

_stale = [s for s, st in _compiled.state().items() if st == "stale"]
if _stale:
    warnings.warn(
        f"mediagraph: the compiled {', '.join(_stale)} is older than its source, so Python would run "
        "the old code: run scripts/compile (or MEDIAGRAPH_PURE=1 scripts/compile to remove the builds)",
        RuntimeWarning,
        stacklevel=2,
    )

__all__ = ["MediagraphError", "__version__"]
