"""Persistence: every document's analysis and the cross-document linking, behind one interface.

``open_store(target)`` returns a :class:`Store`: SQLite for a file path (the default
``rashomon.db``), PostgreSQL for a ``postgresql://`` URL. All SQL lives in this package.
"""

from __future__ import annotations

from rashomon.store.base import Store
from rashomon.store.sqlite import SQLiteStore

__all__ = ["Store", "SQLiteStore", "open_store"]


def open_store(target: str = "rashomon.db", *, read_only: bool = False) -> Store:
    """Open (creating if needed) the store at ``target``: a SQLite path or a PostgreSQL URL."""
    if target.startswith(("postgresql://", "postgres://")):
        from rashomon.store.postgres import PostgresStore

        return PostgresStore(target, read_only=read_only)
    return SQLiteStore(target, read_only=read_only)
