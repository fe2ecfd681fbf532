"""PostgreSQL store (psycopg 3): the same interface and tables as the SQLite store, for shared or big projects.

Records are stored as the same compact JSON text as in SQLite, so both back ends hold byte-identical
analyses. Full-text search uses a stored ``tsvector`` column with a GIN index (English configuration);
snippets come from ``ts_headline``. Migrations run under an advisory lock, so several processes may
open the same database at once.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator, Mapping
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, TypeVar

from rashomon.errors import StoreError
from rashomon.model import Document, Linking
from rashomon.store.base import STORE_APP, Store, stored_document, stored_linking

if TYPE_CHECKING:
    import psycopg

R = TypeVar("R")

_LOCK_KEY = 0x7261_7368  # advisory lock held while migrating ("rash")
_PAGE = 500  # documents fetched per query by iter_documents

# (name, SQL): applied once each, in order, recorded in the `migrations` table
MIGRATIONS: tuple[tuple[str, str], ...] = (
    (
        "001_initial",
        """
        CREATE TABLE documents (
            seq BIGSERIAL PRIMARY KEY,
            id TEXT NOT NULL UNIQUE,
            path TEXT, source TEXT, title TEXT, url TEXT, published TEXT, author TEXT, language TEXT,
            text TEXT NOT NULL,
            pipeline_version TEXT NOT NULL,
            added_at TEXT NOT NULL,
            analysis TEXT NOT NULL,
            body TEXT NOT NULL,
            search TSVECTOR NOT NULL
        );
        CREATE INDEX documents_published ON documents (published);
        CREATE INDEX documents_source ON documents (source);
        CREATE INDEX documents_search ON documents USING GIN (search);
        CREATE TABLE events (
            id TEXT PRIMARY KEY, doc TEXT NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
            type TEXT NOT NULL, date TEXT, modality TEXT, negated INTEGER,
            actor_countries TEXT, recipient_countries TEXT, place TEXT, country TEXT,
            dead_min INTEGER, cluster TEXT, data TEXT NOT NULL
        );
        CREATE INDEX events_doc ON events (doc);
        CREATE INDEX events_type ON events (type);
        CREATE TABLE linking (id INTEGER PRIMARY KEY CHECK (id = 1), updated_at TEXT NOT NULL, data TEXT NOT NULL);
        CREATE TABLE entities (
            id TEXT PRIMARY KEY, name TEXT, type TEXT, country TEXT, sector TEXT, data TEXT NOT NULL
        );
        CREATE TABLE stories (id TEXT PRIMARY KEY, title TEXT, data TEXT NOT NULL);
        CREATE TABLE clusters (
            id TEXT PRIMARY KEY, story TEXT, type TEXT, date TEXT, country TEXT,
            corroboration INTEGER, conflicts INTEGER, data TEXT NOT NULL
        )
        """,
    ),
)

_SEARCH_VECTOR = (
    "setweight(to_tsvector('english', %(title)s), 'A') || setweight(to_tsvector('english', %(body)s), 'B')"
)
_NAMED = re.compile(r"(?<![:\w]):([A-Za-z_]\w*)")


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _redact(url: str) -> str:
    """The URL without its password, for messages."""
    return re.sub(r"(://[^:/@]+):[^@]*@", r"\1:***@", url)


def to_pyformat(sql: str, params: tuple[Any, ...] | dict[str, Any]) -> str:
    """Translate SQLite-style placeholders (``?`` or ``:name``) to psycopg's (``%s`` / ``%(name)s``)."""
    if not params:
        return sql
    if "%s" in sql or "%(" in sql:
        return sql  # already psycopg style
    sql = sql.replace("%", "%%")
    if isinstance(params, dict):
        return _NAMED.sub(r"%(\1)s", sql)
    return sql.replace("?", "%s")


class PostgresStore(Store):
    """A store in a PostgreSQL database, addressed by a ``postgresql://`` URL."""

    def __init__(self, url: str, *, read_only: bool = False) -> None:
        try:
            import psycopg
            from psycopg.rows import dict_row
        except ImportError as err:  # pragma: no cover - depends on the install
            raise StoreError("PostgreSQL support needs psycopg: pip install 'rashomon[postgres]'") from err
        self.url = url
        self.read_only = read_only
        self._psycopg = psycopg
        try:
            self.conn: psycopg.Connection[dict[str, Any]] = psycopg.connect(url, autocommit=True, row_factory=dict_row)
        except psycopg.Error as err:
            raise StoreError(f"{_redact(url)}: cannot connect to PostgreSQL ({str(err).strip()})") from err
        try:
            if read_only:
                self.conn.execute("SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY")
                self._check_app()
            else:
                self._migrate()
        except psycopg.Error as err:
            self.conn.close()
            raise StoreError(f"{_redact(url)}: cannot open database ({str(err).strip()})") from err
        except StoreError:
            self.conn.close()
            raise

    # --- schema -----------------------------------------------------------------------------

    def _tables(self) -> set[str]:
        rows = self.conn.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()"
        ).fetchall()
        return {r["table_name"] for r in rows}

    def _check_app(self) -> None:
        tables = self._tables()
        if not tables:
            return
        if "meta" not in tables or "migrations" not in tables:
            raise StoreError(f"{_redact(self.url)}: a database that rashomon did not create; refusing to use it")
        row = self.conn.execute("SELECT value FROM meta WHERE key = 'app'").fetchone()
        if row is None or row["value"] != STORE_APP:
            raise StoreError(f"{_redact(self.url)}: not a rashomon database; refusing to use it")

    def _migrate(self) -> None:
        with self.conn.transaction():
            self.conn.execute("SELECT pg_advisory_xact_lock(%s)", (_LOCK_KEY,))
            self._check_app()
            self.conn.execute("CREATE TABLE IF NOT EXISTS migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)")
            self.conn.execute("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
            self.conn.execute("INSERT INTO meta (key, value) VALUES ('app', %s) ON CONFLICT (key) DO NOTHING",
                              (STORE_APP,))
            done = {r["name"] for r in self.conn.execute("SELECT name FROM migrations").fetchall()}
            for name, sql in MIGRATIONS:
                if name in done:
                    continue
                for statement in (s.strip() for s in sql.split(";")):
                    if statement:
                        self.conn.execute(statement)  # type: ignore[call-overload]
                self.conn.execute("INSERT INTO migrations (name, applied_at) VALUES (%s, %s)", (name, _now()))
            self.conn.execute(
                "INSERT INTO meta (key, value) VALUES ('schema', %s)"
                " ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value",
                (MIGRATIONS[-1][0],),
            )

    @property
    def schema_version(self) -> str:
        """Name of the last migration applied."""
        row = self.conn.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone()
        return str(row["value"]) if row else ""

    # --- writes -----------------------------------------------------------------------------

    def _write(self, fn: Callable[[psycopg.Connection[dict[str, Any]]], R]) -> R:
        if self.read_only:
            raise StoreError(f"{_redact(self.url)}: opened read-only")
        try:
            with self.conn.transaction():
                return fn(self.conn)
        except self._psycopg.OperationalError as err:
            raise StoreError(f"{_redact(self.url)}: write failed ({str(err).strip()})") from err

    def add_document(self, doc: Document, pipeline_version: str) -> bool:
        analysis, events = stored_document(doc)

        def write(conn: psycopg.Connection[dict[str, Any]]) -> bool:
            row = conn.execute("SELECT analysis, pipeline_version FROM documents WHERE id = %s FOR UPDATE",
                               (doc.id,)).fetchone()
            if row is not None and row["analysis"] == analysis and row["pipeline_version"] == pipeline_version:
                return False
            search = {"title": doc.title or "", "body": doc.clean_text or doc.text}
            if row is not None:
                conn.execute("DELETE FROM events WHERE doc = %(id)s", {"id": doc.id})
                conn.execute(
                    "UPDATE documents SET analysis = %(analysis)s, pipeline_version = %(version)s,"
                    f" body = %(body)s, search = {_SEARCH_VECTOR} WHERE id = %(id)s",
                    {"analysis": analysis, "version": pipeline_version, "id": doc.id, **search},
                )
            else:
                conn.execute(
                    "INSERT INTO documents (id, path, source, title, url, published, author, language, text,"
                    " pipeline_version, added_at, analysis, body, search) VALUES (%(id)s, %(path)s, %(source)s,"
                    " %(doc_title)s, %(url)s, %(published)s, %(author)s, %(language)s, %(text)s, %(version)s,"
                    f" %(added)s, %(analysis)s, %(body)s, {_SEARCH_VECTOR})",
                    {"id": doc.id, "path": doc.path, "source": doc.source, "doc_title": doc.title, "url": doc.url,
                     "published": doc.published, "author": doc.author, "language": doc.language, "text": doc.text,
                     "version": pipeline_version, "added": _now(), "analysis": analysis, **search},
                )
            with conn.cursor() as cur:
                cur.executemany(
                    "INSERT INTO events (id, doc, type, date, modality, negated, actor_countries,"
                    " recipient_countries, place, country, dead_min, cluster, data)"
                    " VALUES (%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s)"
                    " ON CONFLICT (id) DO UPDATE SET doc = EXCLUDED.doc, type = EXCLUDED.type, date = EXCLUDED.date,"
                    " modality = EXCLUDED.modality, negated = EXCLUDED.negated,"
                    " actor_countries = EXCLUDED.actor_countries, recipient_countries = EXCLUDED.recipient_countries,"
                    " place = EXCLUDED.place, country = EXCLUDED.country, dead_min = EXCLUDED.dead_min,"
                    " cluster = EXCLUDED.cluster, data = EXCLUDED.data",
                    events,
                )
            return True

        return self._write(write)

    def save_linking(self, linking: Linking) -> None:
        data, entities, stories, clusters = stored_linking(linking)

        def write(conn: psycopg.Connection[dict[str, Any]]) -> None:
            conn.execute(
                "INSERT INTO linking (id, updated_at, data) VALUES (1, %s, %s)"
                " ON CONFLICT (id) DO UPDATE SET updated_at = EXCLUDED.updated_at, data = EXCLUDED.data",
                (_now(), data),
            )
            conn.execute("DELETE FROM entities")
            conn.execute("DELETE FROM stories")
            conn.execute("DELETE FROM clusters")
            with conn.cursor() as cur:
                cur.executemany(
                    "INSERT INTO entities (id, name, type, country, sector, data) VALUES (%s,%s,%s,%s,%s,%s)",
                    entities,
                )
                cur.executemany(
                    "INSERT INTO stories (id, title, data) VALUES (%s,%s,%s)",
                    stories,
                )
                cur.executemany(
                    "INSERT INTO clusters (id, story, type, date, country, corroboration, conflicts, data)"
                    " VALUES (%s,%s,%s,%s,%s,%s,%s,%s)",
                    clusters,
                )
                conn.execute("UPDATE events SET cluster = NULL WHERE cluster IS NOT NULL")
                if linking.event_clusters:
                    cur.executemany("UPDATE events SET cluster = %s WHERE id = %s",
                                    [(c, e) for e, c in linking.event_clusters.items()])

        self._write(write)

    # --- reads ------------------------------------------------------------------------------

    def known_ids(self) -> set[str]:
        return {r["id"] for r in self.conn.execute("SELECT id FROM documents").fetchall()}

    def stored_versions(self) -> dict[str, str]:
        rows = self.conn.execute("SELECT id, pipeline_version FROM documents").fetchall()
        return {r["id"]: r["pipeline_version"] for r in rows}

    def count_documents(self) -> int:
        row = self.conn.execute("SELECT count(*) AS n FROM documents").fetchone()
        return int(row["n"]) if row else 0

    def get_document(self, doc_id: str) -> Document | None:
        row = self.conn.execute("SELECT analysis FROM documents WHERE id = %s", (doc_id,)).fetchone()
        return Document.from_dict(json.loads(row["analysis"])) if row else None

    def iter_documents(self, known: Mapping[str, Document] | None = None) -> Iterator[Document]:
        # keyset pages: the connection stays free between pages, so callers may query while iterating
        known = known or {}
        last = 0
        while True:
            rows = self.conn.execute(
                "SELECT seq, id, analysis FROM documents WHERE seq > %s ORDER BY seq LIMIT %s", (last, _PAGE)
            ).fetchall()
            for row in rows:
                doc = known.get(row["id"])
                yield doc if doc is not None else Document.from_dict(json.loads(row["analysis"]))
            if len(rows) < _PAGE:
                return
            last = rows[-1]["seq"]

    def load_linking(self) -> Linking | None:
        row = self.conn.execute("SELECT data FROM linking WHERE id = 1").fetchone()
        return Linking.from_dict(json.loads(row["data"])) if row else None

    def execute(self, sql: str, params: tuple[Any, ...] | dict[str, Any] = ()) -> list[dict[str, Any]]:
        """Run a read query (``?``/``:name`` placeholders are accepted as in SQLite) and return rows as dicts."""
        try:
            with self.conn.transaction():
                cur = self.conn.execute(to_pyformat(sql, params), params or None)  # type: ignore[call-overload]
                return [dict(r) for r in cur.fetchall()] if cur.description else []
        except self._psycopg.Error as err:
            raise StoreError(f"{_redact(self.url)}: query failed ({str(err).strip()})") from err

    def search(self, query: str, limit: int = 20) -> list[dict[str, Any]]:
        if not query.split():
            return []
        return self.execute(
            "SELECT id, title, ts_headline('english', body, q,"
            " 'StartSel=[, StopSel=], MaxWords=24, MinWords=8, MaxFragments=1, FragmentDelimiter=\" … \"')"
            " AS snippet FROM documents, plainto_tsquery('english', %(q)s) AS q"
            " WHERE search @@ q ORDER BY ts_rank(search, q) DESC, seq LIMIT %(limit)s",
            {"q": query, "limit": limit},
        )

    def close(self) -> None:
        if not self.conn.closed:
            self.conn.close()
