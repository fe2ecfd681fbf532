"""SQLite store: one file, WAL mode, versioned schema applied as named migrations."""

from __future__ import annotations

import json
import sqlite3
import time
from collections.abc import Iterator, Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from rashomon.errors import StoreError
from rashomon.model import Document, Linking
from rashomon.store.base import STORE_APP, Store, stored_document, stored_linking

# (name, SQL): applied once each, in order, recorded in the `migrations` table
MIGRATIONS: tuple[tuple[str, str], ...] = (
    (
        "001_initial",
        """
        CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
        CREATE TABLE documents (
            seq INTEGER PRIMARY KEY AUTOINCREMENT,
            id TEXT NOT NULL UNIQUE,
            path TEXT, source TEXT, title TEXT, url TEXT, published TEXT, author TEXT, language TEXT,
            text TEXT NOT NULL,
            pipeline_version TEXT NOT NULL,
            added_at TEXT NOT NULL,
            analysis TEXT NOT NULL
        );
        CREATE INDEX documents_published ON documents (published);
        CREATE INDEX documents_source ON documents (source);
        CREATE TABLE events (
            id TEXT PRIMARY KEY, doc TEXT NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
            type TEXT NOT NULL, date TEXT, modality TEXT, negated INTEGER,
            actor_countries TEXT, recipient_countries TEXT, place TEXT, country TEXT,
            dead_min INTEGER, cluster TEXT, data TEXT NOT NULL
        );
        CREATE INDEX events_doc ON events (doc);
        CREATE INDEX events_type ON events (type);
        CREATE TABLE linking (id INTEGER PRIMARY KEY CHECK (id = 1), updated_at TEXT NOT NULL, data TEXT NOT NULL);
        CREATE TABLE entities (id TEXT PRIMARY KEY, name TEXT, type TEXT, country TEXT, sector TEXT, data TEXT NOT NULL);
        CREATE TABLE stories (id TEXT PRIMARY KEY, title TEXT, data TEXT NOT NULL);
        CREATE TABLE clusters (
            id TEXT PRIMARY KEY, story TEXT, type TEXT, date TEXT, country TEXT,
            corroboration INTEGER, conflicts INTEGER, data TEXT NOT NULL
        );
        CREATE VIRTUAL TABLE documents_fts USING fts5 (id UNINDEXED, title, text);
        """,
    ),
)


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class SQLiteStore(Store):
    """The default store, a single SQLite file."""

    def __init__(self, path: str | Path = "rashomon.db", *, read_only: bool = False, timeout: float = 30.0) -> None:
        self.path = Path(path)
        self.read_only = read_only
        if read_only and not self.path.exists():
            raise StoreError(f"{self.path}: no such database (run 'rashomon analyze' first)")
        if self.path.exists() and self.path.is_file() and self.path.stat().st_size > 0:
            with open(self.path, "rb") as fh:
                if fh.read(16) != b"SQLite format 3\x00":
                    raise StoreError(f"{self.path}: not a SQLite database; refusing to touch it")
        if not read_only:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        deadline = time.monotonic() + timeout
        while True:
            try:
                self._connect(timeout)
                break
            except sqlite3.OperationalError as err:
                self._close_quietly()
                # some lock errors while opening skip the busy handler (seen once in CI with two analyze runs on a
                # new store; the exact lock was not pinned down): retry until the timeout
                if "locked" not in str(err) and "busy" not in str(err):
                    raise StoreError(f"{self.path}: cannot open database ({err})") from err
                if time.monotonic() >= deadline:
                    raise StoreError(f"{self.path}: database is busy ({err}); another rashomon process may be "
                                     "writing") from err
                time.sleep(0.05)
            except sqlite3.DatabaseError as err:
                self._close_quietly()
                raise StoreError(f"{self.path}: cannot open database ({err})") from err
            except StoreError:
                self._close_quietly()
                raise

    def _close_quietly(self) -> None:
        conn = getattr(self, "conn", None)
        if conn is not None:
            conn.close()

    def _connect(self, timeout: float) -> None:
        """Open the connection, check the file is ours, and (for writing) set WAL and migrate."""
        uri = f"file:{self.path}?mode=ro" if self.read_only else str(self.path)
        self.conn = sqlite3.connect(uri, uri=self.read_only, timeout=timeout, check_same_thread=False,
                                    isolation_level=None)
        self.conn.row_factory = sqlite3.Row
        self.conn.execute("PRAGMA foreign_keys = ON")
        self._check_app()  # before anything that could write to a file that is not ours
        if not self.read_only:
            self.conn.execute("PRAGMA journal_mode = WAL")
            self.conn.execute("PRAGMA synchronous = NORMAL")
            self._migrate()

    # --- schema -----------------------------------------------------------------------------

    def _check_app(self) -> None:
        tables = {r[0] for r in self.conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        if not tables:
            return
        if "meta" not in tables or "migrations" not in tables:
            raise StoreError(f"{self.path}: a SQLite database that rashomon did not create; refusing to use it")
        row = self.conn.execute("SELECT value FROM meta WHERE key='app'").fetchone()
        if row is None or row[0] != STORE_APP:
            raise StoreError(f"{self.path}: not a rashomon database; refusing to use it")

    def _migrate(self) -> None:
        conn = self.conn
        conn.execute("BEGIN IMMEDIATE")
        try:
            conn.execute("CREATE TABLE IF NOT EXISTS migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)")
            conn.execute("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
            conn.execute("INSERT OR IGNORE INTO meta (key, value) VALUES ('app', ?)", (STORE_APP,))
            done = {r[0] for r in conn.execute("SELECT name FROM migrations")}
            for name, sql in MIGRATIONS:
                if name in done:
                    continue
                for statement in (s.strip() for s in sql.split(";")):
                    if statement:
                        conn.execute(statement)
                conn.execute("INSERT INTO migrations (name, applied_at) VALUES (?, ?)", (name, _now()))
            conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('schema', ?)", (MIGRATIONS[-1][0],))
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise

    @property
    def schema_version(self) -> str:
        """Name of the last migration applied."""
        row = self.conn.execute("SELECT value FROM meta WHERE key='schema'").fetchone()
        return str(row[0]) if row else ""

    # --- writes -----------------------------------------------------------------------------

    def _write(self, fn: Any) -> Any:
        if self.read_only:
            raise StoreError(f"{self.path}: opened read-only")
        try:
            self.conn.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as err:
            raise StoreError(f"{self.path}: database is busy ({err}); another rashomon process may be writing") from err
        try:
            result = fn(self.conn)
            self.conn.execute("COMMIT")
            return result
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise

    def add_document(self, doc: Document, pipeline_version: str) -> bool:
        analysis, events = stored_document(doc)

        def write(conn: sqlite3.Connection) -> bool:
            row = conn.execute("SELECT analysis, pipeline_version FROM documents WHERE id = ?", (doc.id,)).fetchone()
            if row is not None and row[0] == analysis and row[1] == pipeline_version:
                return False
            if row is not None:
                conn.execute("DELETE FROM events WHERE doc = ?", (doc.id,))
                conn.execute("DELETE FROM documents_fts WHERE id = ?", (doc.id,))
                conn.execute(
                    "UPDATE documents SET analysis = ?, pipeline_version = ? WHERE id = ?",
                    (analysis, pipeline_version, doc.id),
                )
            else:
                conn.execute(
                    "INSERT INTO documents (id, path, source, title, url, published, author, language, text,"
                    " pipeline_version, added_at, analysis) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
                    (doc.id, doc.path, doc.source, doc.title, doc.url, doc.published, doc.author, doc.language,
                     doc.text, pipeline_version, _now(), analysis),
                )
            conn.execute("INSERT INTO documents_fts (id, title, text) VALUES (?, ?, ?)",
                         (doc.id, doc.title or "", doc.clean_text or doc.text))
            conn.executemany(
                "INSERT OR REPLACE INTO events (id, doc, type, date, modality, negated, actor_countries,"
                " recipient_countries, place, country, dead_min, cluster, data) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
                events,
            )
            return True

        return bool(self._write(write))

    def save_linking(self, linking: Linking) -> None:
        data, entities, stories, clusters = stored_linking(linking)

        def write(conn: sqlite3.Connection) -> None:
            conn.execute("INSERT OR REPLACE INTO linking (id, updated_at, data) VALUES (1, ?, ?)", (_now(), data))
            conn.execute("DELETE FROM entities")
            conn.execute("DELETE FROM stories")
            conn.execute("DELETE FROM clusters")
            conn.executemany(
                "INSERT INTO entities (id, name, type, country, sector, data) VALUES (?,?,?,?,?,?)",
                entities,
            )
            conn.executemany("INSERT INTO stories (id, title, data) VALUES (?,?,?)", stories)
            conn.executemany(
                "INSERT INTO clusters (id, story, type, date, country, corroboration, conflicts, data)"
                " VALUES (?,?,?,?,?,?,?,?)",
                clusters,
            )
            conn.execute("UPDATE events SET cluster = NULL")
            conn.executemany("UPDATE events SET cluster = ? WHERE id = ?",
                             [(c, e) for e, c in linking.event_clusters.items()])

        self._write(write)

    # --- reads ------------------------------------------------------------------------------

    def known_ids(self) -> set[str]:
        return {r[0] for r in self.conn.execute("SELECT id FROM documents")}

    def stored_versions(self) -> dict[str, str]:
        return {r[0]: r[1] for r in self.conn.execute("SELECT id, pipeline_version FROM documents")}

    def get_document(self, doc_id: str) -> Document | None:
        row = self.conn.execute("SELECT analysis FROM documents WHERE id = ?", (doc_id,)).fetchone()
        return Document.from_dict(json.loads(row[0])) if row else None

    def iter_documents(self, known: Mapping[str, Document] | None = None) -> Iterator[Document]:
        known = known or {}
        for row in self.conn.execute("SELECT id, analysis FROM documents ORDER BY seq"):
            doc = known.get(row[0])
            yield doc if doc is not None else Document.from_dict(json.loads(row[1]))

    def load_linking(self) -> Linking | None:
        row = self.conn.execute("SELECT data FROM linking WHERE id = 1").fetchone()
        return Linking.from_dict(json.loads(row[0])) if row else None

    def execute(self, sql: str, params: tuple[Any, ...] | dict[str, Any] = ()) -> list[dict[str, Any]]:
        try:
            return [dict(r) for r in self.conn.execute(sql, params)]
        except sqlite3.Error as err:
            raise StoreError(f"{self.path}: query failed ({err})") from err

    def search(self, query: str, limit: int = 20) -> list[dict[str, Any]]:
        terms = " ".join('"' + t.replace('"', '""') + '"' for t in query.split() if t)
        if not terms:
            return []
        return self.execute(
            "SELECT id, title, snippet(documents_fts, 2, '[', ']', ' … ', 12) AS snippet FROM documents_fts"
            " WHERE documents_fts MATCH ? ORDER BY rank LIMIT ?",
            (terms, limit),
        )

    def close(self) -> None:
        self.conn.close()
