"""schema.org JSON-LD, the interchange format: reading documents into records and writing them."""

from mediagraph.jsonld.read import parse
from mediagraph.jsonld.vocab import CONTEXT, MG_NS
from mediagraph.jsonld.write import EntityView, Link, document, node, recordset_document

__all__ = ["CONTEXT", "MG_NS", "EntityView", "Link", "document", "node", "parse", "recordset_document"]
