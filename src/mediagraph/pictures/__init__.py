"""Pictures drawn as SVG: lineage graphs (score histograms live with the reviews)."""

from mediagraph.pictures.lineage import lineage_svg

__all__ = ["lineage_svg"]
