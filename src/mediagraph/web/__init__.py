"""The web face of mediagraph: server-rendered pages and the REST API (FastAPI), and ``serve``."""

from mediagraph.web.app import create_app
from mediagraph.web.server import serve

__all__ = ["create_app", "serve"]
