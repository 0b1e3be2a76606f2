"""The store: every SQL statement of mediagraph lives in this package.

Open a ``Catalog`` and work inside ``with catalog.transaction() as tx:``; the modules here
(``entities``, ``facts``, ``sources``, ``curation``, ``search``) are functions of ``tx``.
"""

from mediagraph.store.catalog import ENV_VAR, Catalog, Tx, default_url, resolve_url

__all__ = ["ENV_VAR", "Catalog", "Tx", "default_url", "resolve_url"]
