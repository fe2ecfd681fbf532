"""The web app's view of the store: one read-only connection per worker thread, the linking cached.

Every page handler gets a :class:`Site`; it opens the store read-only (one connection per thread,
so concurrent requests never share a SQLite connection), keeps the cross-document linking in memory
until the store says it changed, and offers the small helpers pages share (canonical entity names,
evidence highlighting).
"""

from __future__ import annotations

import logging
import sqlite3
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup

from rashomon.model import Linking
from rashomon.report.cleaning import ViewerEdit, render_text
from rashomon.store import SQLiteStore, Store, open_store
from rashomon.store import queries as q

log = logging.getLogger("rashomon.web")

__all__ = ["Site", "highlight"]


@dataclass
class _LinkingCache:
    stamp: str | None = None
    linking: Linking | None = None
    names: dict[str, str] | None = None


class Site:
    """Read access to one store for the web app (thread-safe)."""

    def __init__(self, target: str, *, upload_token: str | None = None, max_upload_bytes: int = 5 * 1024 * 1024,
                 time_limit_ms: float = 5000, nlp: Any = None) -> None:
        self.target = target
        self.time_limit = time_limit_ms / 1000
        self.upload_token = upload_token or None
        self.max_upload_bytes = max_upload_bytes
        self.nlp = nlp
        self._local = threading.local()
        self._lock = threading.Lock()
        self._cache = _LinkingCache()
        self.upload_lock = threading.Lock()
        self._stores: list[Store] = []
        _ = self.store  # open once now: a bad target fails at start-up, not on the first request

    @property
    def store(self) -> Store:
        """This thread's read-only store connection."""
        store = getattr(self._local, "store", None)
        if store is None:
            store = open_store(self.target, read_only=True)
            self._set_time_limit(store)
            self._local.store = store
            with self._lock:
                self._stores.append(store)
        return store

    def _set_time_limit(self, store: Store) -> None:
        """Interrupt a SQLite query of this thread that runs past the request's deadline (see ``start_request``)."""
        conn = getattr(store, "conn", None)
        if isinstance(store, SQLiteStore) and isinstance(conn, sqlite3.Connection):
            local = self._local

            def over_time() -> int:
                deadline = getattr(local, "deadline", None)
                return 1 if deadline is not None and time.monotonic() > deadline else 0

            conn.set_progress_handler(over_time, 1000)  # checked every 1,000 SQLite VM steps

    def start_request(self) -> None:
        """Start this thread's time limit for the queries of one request."""
        self._local.deadline = time.monotonic() + self.time_limit

    def end_request(self) -> None:
        """Lift this thread's time limit."""
        self._local.deadline = None

    def close(self) -> None:
        """Close every connection opened by any thread."""
        with self._lock:
            for store in self._stores:
                try:
                    store.close()
                except Exception:  # pragma: no cover - closing is best effort
                    log.debug("closing a store failed", exc_info=True)
            self._stores.clear()
        self._local = threading.local()

    # --- linking -----------------------------------------------------------------------------

    def linking(self) -> Linking:
        """The latest cross-document results (reloaded when the store's stamp changes)."""
        stamp = q.linking_stamp(self.store)
        cache = self._cache
        if cache.linking is not None and cache.stamp == stamp:
            return cache.linking
        with self._lock:
            cache = self._cache
            if cache.linking is not None and cache.stamp == stamp:
                return cache.linking  # another request reloaded it while this one waited
            linking = self.store.load_linking() or Linking()
            self._cache = _LinkingCache(stamp=stamp, linking=linking, names={e.id: e.name for e in linking.entities})
            return linking

    def canon(self, entity: str | None) -> str | None:
        """The canonical id of a document-local entity id (or the id itself)."""
        if not entity:
            return entity
        return self.linking().entity_ids.get(entity, entity)

    def entity_name(self, entity: str | None) -> str | None:
        """The canonical name for an entity id, local or canonical."""
        self.linking()
        names = self._cache.names or {}
        return names.get(self.canon(entity) or "")

    def resolve_args(self, record: dict[str, Any]) -> dict[str, Any]:
        """Give an event or cluster record's actors and recipients canonical ids and names."""
        for key in ("actors", "recipients"):
            for arg in record.get(key) or []:
                arg["entity"] = self.canon(arg.get("entity"))
                arg["name"] = self.entity_name(arg.get("entity")) or arg.get("text")
        return record


def highlight(text: str, spans: list[tuple[int, int, str]], edits: Sequence[ViewerEdit] = ()) -> Markup:
    """``text`` escaped, with each ``(start, end, css_class)`` stretch wrapped in ``<mark>``.

    Overlapping spans are cut at every boundary; a stretch covered by several gets all their
    classes. A span with class ``sel`` gets ``id="sel"`` on its first piece so a link can jump to it.
    ``edits`` (from :func:`rashomon.report.cleaning.viewer_edits`) show the text as cleaning left it.
    """
    return render_text(text, spans, edits)
