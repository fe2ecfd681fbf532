"""The web app (``rashomon serve``): FastAPI + Jinja2 over the store; every page also as JSON.

``make_app(db)`` returns the ASGI app; nothing else in rashomon imports this package.
"""

from __future__ import annotations

from rashomon.web.app import make_app

__all__ = ["make_app"]
