"""mediagraph: a linked catalog of films, comics and music, their lineage and their reviews."""

from mediagraph.errors import MediagraphError

__version__ = "0.1.0"

__all__ = ["MediagraphError", "__version__"]
