"""Pure extraction: page bytes or text in, a RecordSet with a source span for every fact out."""

from mediagraph.extract.api import extract
from mediagraph.extract.explain import Fact, explain

__all__ = ["Fact", "explain", "extract"]
