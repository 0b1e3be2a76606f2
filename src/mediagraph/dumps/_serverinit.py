"""Imported only inside multiprocessing's fork server, as it starts (``lifeline``): it ends with the importing process."""

from mediagraph.dumps.lifeline import die_with_parent, quiet_orphan_starts

die_with_parent()
quiet_orphan_starts()
