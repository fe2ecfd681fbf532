"""Read queries behind the web app and the exporters: filtered, paged lists and single records.

Functions take any :class:`~rashomon.store.base.Store` and use only portable SQL (both SQLite and
PostgreSQL): indexed columns filter in SQL; filters on values inside the stored JSON (sources,
actors) narrow in SQL with a ``LIKE`` on the JSON text, then check exactly in Python. Values are
always bound as parameters. Records come back decoded (``dict``), exactly as stored.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from rashomon.store.base import Store

__all__ = [
    "Filters", "Page", "count_all", "events_of_documents", "get_cluster", "get_document_meta",
    "get_document_metas", "get_document_records", "get_document_texts", "get_entity", "get_event",
    "get_story", "linking_stamp", "list_clusters", "list_documents", "list_entities", "list_events",
    "list_sources", "list_stories",
]

MAX_LIMIT = 500


@dataclass(frozen=True)
class Filters:
    """The filters every list understands (each ignored where it does not apply)."""

    date_from: str | None = None
    date_to: str | None = None
    type: str | None = None
    country: str | None = None
    actor: str | None = None
    source: str | None = None
    story: str | None = None
    q: str | None = None
    conflicts: bool = False

    def active(self) -> dict[str, Any]:
        """The filters that are set, for display and for links to the next page."""
        return {k: v for k, v in self.__dict__.items() if v not in (None, "", False)}


@dataclass
class Page:
    """One page of a list: ``rows`` plus the ``total`` matching and where the page starts."""

    rows: list[dict[str, Any]]
    total: int
    offset: int
    limit: int
    extra: dict[str, Any] = field(default_factory=dict)


def _like(value: str) -> str:
    """A ``LIKE`` pattern finding ``value`` as it is written inside compact JSON (lower-cased)."""
    inner = json.dumps(value.lower(), ensure_ascii=False)[1:-1]
    return "%" + inner.replace("!", "!!").replace("%", "!%").replace("_", "!_") + "%"


def _clamp(limit: int, offset: int) -> tuple[int, int]:
    return max(1, min(int(limit), MAX_LIMIT)), max(0, int(offset))


def _paged(store: Store, select: str, frm: str, where: list[str], params: list[Any], order: str, limit: int,
           offset: int, check: Callable[[dict[str, Any]], bool] | None = None) -> Page:
    """Run a filtered list query; with a Python ``check`` the paging happens after it."""
    limit, offset = _clamp(limit, offset)
    clause = (" WHERE " + " AND ".join(where)) if where else ""
    if check is None:
        total = store.execute(f"SELECT COUNT(*) AS n FROM {frm}{clause}", tuple(params))[0]["n"]
        rows = store.execute(f"SELECT {select} FROM {frm}{clause} ORDER BY {order} LIMIT ? OFFSET ?",
                             (*params, limit, offset))
        return Page(rows=rows, total=int(total), offset=offset, limit=limit)
    rows = [r for r in store.execute(f"SELECT {select} FROM {frm}{clause} ORDER BY {order}", tuple(params)) if check(r)]
    return Page(rows=rows[offset:offset + limit], total=len(rows), offset=offset, limit=limit)


def _date_where(column: str, f: Filters, where: list[str], params: list[Any]) -> None:
    if f.date_from:
        where.append(f"{column} >= ?")
        params.append(f.date_from)
    if f.date_to:
        where.append(f"{column} <= ?")
        params.append(f.date_to + "~")  # "2024-03" and "2024-03-15T10:00" both sort before "2024-03-15~"


def _has_matching_arg(record: dict[str, Any], needle: str) -> bool:
    needle = needle.lower()
    for arg in (record.get("actors") or []) + (record.get("recipients") or []):
        if needle == (arg.get("entity") or "").lower() or needle in (arg.get("text") or "").lower():
            return True
    return False


def _decode(rows: list[dict[str, Any]], key: str = "data") -> list[dict[str, Any]]:
    return [json.loads(r[key]) for r in rows]


def _get_record(store: Store, table: str, record_id: str) -> dict[str, Any] | None:
    """The JSON record stored under ``record_id`` in ``table`` (one of ours, never user input), or ``None``."""
    rows = store.execute(f"SELECT data FROM {table} WHERE id = ?", (record_id,))
    return _decode(rows)[0] if rows else None


# --- counts and freshness -------------------------------------------------------------------


def count_all(store: Store) -> dict[str, int]:
    """How many documents, events, entities, stories, clusters and conflicted clusters are stored."""
    out = {}
    for table in ("documents", "events", "entities", "stories", "clusters"):
        out[table] = int(store.execute(f"SELECT COUNT(*) AS n FROM {table}")[0]["n"])
    out["conflicted"] = int(store.execute("SELECT COUNT(*) AS n FROM clusters WHERE conflicts > 0")[0]["n"])
    return out


def linking_stamp(store: Store) -> str | None:
    """When the cross-document results were last saved (changes whenever they do)."""
    rows = store.execute("SELECT updated_at FROM linking WHERE id = 1")
    return str(rows[0]["updated_at"]) if rows else None


# --- documents and sources -------------------------------------------------------------------

_DOC_COLUMNS = "id, title, source, url, published, path, language, LENGTH(text) AS chars"


def list_documents(store: Store, f: Filters, limit: int = 50, offset: int = 0) -> Page:
    """Documents matching the filters; with ``f.q`` ranked by full-text search, with snippets."""
    where: list[str] = []
    params: list[Any] = []
    if f.source:
        where.append("source = ?")
        params.append(f.source)
    _date_where("published", f, where, params)
    if not f.q:
        return _paged(store, _DOC_COLUMNS, "documents", where, params, "published DESC, seq", limit, offset)
    hits = store.search(f.q, limit=MAX_LIMIT * 4)
    if not hits:
        return Page(rows=[], total=0, offset=offset, limit=limit)
    rank = {h["id"]: (n, h.get("snippet") or "") for n, h in enumerate(hits)}
    marks = ",".join("?" for _ in rank)
    where.append(f"id IN ({marks})")
    rows = store.execute(f"SELECT {_DOC_COLUMNS} FROM documents WHERE " + " AND ".join(where),
                         (*params, *rank))
    for row in rows:
        row["snippet"] = rank[row["id"]][1]
    rows.sort(key=lambda r: rank[r["id"]][0])
    limit, offset = _clamp(limit, offset)
    return Page(rows=rows[offset:offset + limit], total=len(rows), offset=offset, limit=limit)


def get_document_meta(store: Store, doc_id: str) -> dict[str, Any] | None:
    """One document's metadata (no text), or ``None``."""
    rows = store.execute(f"SELECT {_DOC_COLUMNS}, added_at, pipeline_version FROM documents WHERE id = ?", (doc_id,))
    return rows[0] if rows else None


def get_document_metas(store: Store, doc_ids: list[str]) -> list[dict[str, Any]]:
    """Metadata (no text) of these documents, in the order given; unknown ids are skipped."""
    found: dict[str, dict[str, Any]] = {}
    for n in range(0, len(doc_ids), 500):
        chunk = doc_ids[n:n + 500]
        marks = ",".join("?" for _ in chunk)
        for row in store.execute(f"SELECT {_DOC_COLUMNS} FROM documents WHERE id IN ({marks})", tuple(chunk)):
            found[row["id"]] = row
    return [found[d] for d in doc_ids if d in found]


def get_document_records(store: Store, doc_ids: list[str]) -> dict[str, dict[str, Any]]:
    """Each document's stored analysis as plain decoded JSON (much faster than building ``Document`` records)."""
    out: dict[str, dict[str, Any]] = {}
    unique = list(dict.fromkeys(doc_ids))
    for n in range(0, len(unique), 200):
        chunk = unique[n:n + 200]
        marks = ",".join("?" for _ in chunk)
        for row in store.execute(f"SELECT id, analysis FROM documents WHERE id IN ({marks})", tuple(chunk)):
            out[row["id"]] = json.loads(row["analysis"])
    return out


def get_document_texts(store: Store, doc_ids: list[str]) -> dict[str, str]:
    """The ingested text of each of these documents (unknown ids are skipped)."""
    out: dict[str, str] = {}
    unique = list(dict.fromkeys(doc_ids))
    for n in range(0, len(unique), 200):
        chunk = unique[n:n + 200]
        marks = ",".join("?" for _ in chunk)
        for row in store.execute(f"SELECT id, text FROM documents WHERE id IN ({marks})", tuple(chunk)):
            out[row["id"]] = row["text"]
    return out


def list_sources(store: Store, f: Filters | None = None) -> list[dict[str, Any]]:
    """Every source (name containing ``f.q``) with its documents and events published in the date range."""
    f = f or Filters()
    where: list[str] = []
    params: list[Any] = []
    _date_where("d.published", f, where, params)
    if f.q or f.source:
        where.append("LOWER(d.source) LIKE ? ESCAPE '!'")
        params.append("%" + (f.q or f.source or "").lower().replace("!", "!!").replace("%", "!%").replace("_", "!_") + "%")
    clause = (" WHERE " + " AND ".join(where)) if where else ""
    return store.execute(
        "SELECT d.source AS source, COUNT(DISTINCT d.id) AS documents, COUNT(e.id) AS events,"
        " MIN(d.published) AS first, MAX(d.published) AS last"
        f" FROM documents d LEFT JOIN events e ON e.doc = d.id{clause} GROUP BY d.source"
        " ORDER BY COUNT(DISTINCT d.id) DESC, d.source",
        tuple(params),
    )


# --- events --------------------------------------------------------------------------------


def list_events(store: Store, f: Filters, limit: int = 50, offset: int = 0, *, doc: str | None = None,
                cluster: str | None = None) -> Page:
    """Events matching the filters (decoded records plus their document's source, title and date)."""
    where: list[str] = []
    params: list[Any] = []
    for column, value in (("e.type", f.type), ("e.country", f.country), ("d.source", f.source), ("e.doc", doc),
                          ("e.cluster", cluster)):
        if value:
            where.append(f"{column} = ?")
            params.append(value)
    _date_where("e.date", f, where, params)
    check = None
    if f.actor:
        where.append("LOWER(e.data) LIKE ? ESCAPE '!'")
        params.append(_like(f.actor))
        actor = f.actor

        def check(row: dict[str, Any]) -> bool:
            return _has_matching_arg(json.loads(row["data"]), actor)

    page = _paged(store, "e.data AS data, e.cluster AS cluster, d.source AS source, d.title AS title,"
                  " d.published AS published", "events e JOIN documents d ON d.id = e.doc", where, params,
                  "e.date, e.id", limit, offset, check)
    page.rows = [_event_row(r) for r in page.rows]
    return page


def _event_row(row: dict[str, Any]) -> dict[str, Any]:
    record = json.loads(row["data"])
    record["cluster"] = row["cluster"]
    record["source"] = row["source"]
    record["doc_title"] = row["title"]
    record["published"] = row["published"]
    return record


def get_event(store: Store, event_id: str) -> dict[str, Any] | None:
    """One event record (with its cluster and document metadata), or ``None``."""
    rows = store.execute("SELECT e.data AS data, e.cluster AS cluster, d.source AS source, d.title AS title,"
                         " d.published AS published FROM events e JOIN documents d ON d.id = e.doc WHERE e.id = ?",
                         (event_id,))
    return _event_row(rows[0]) if rows else None


def events_of_documents(store: Store, doc_ids: list[str]) -> list[dict[str, Any]]:
    """Every event of these documents (for highlighting evidence and building clusters' pages)."""
    if not doc_ids:
        return []
    marks = ",".join("?" for _ in doc_ids)
    rows = store.execute("SELECT e.data AS data, e.cluster AS cluster, d.source AS source, d.title AS title,"
                         " d.published AS published FROM events e JOIN documents d ON d.id = e.doc"
                         f" WHERE e.doc IN ({marks})"
                         " ORDER BY e.doc, e.id", tuple(doc_ids))
    return [_event_row(r) for r in rows]


# --- clusters, stories, entities --------------------------------------------------------------


def list_clusters(store: Store, f: Filters, limit: int = 50, offset: int = 0) -> Page:
    """Event clusters matching the filters, in date order (decoded records)."""
    where: list[str] = []
    params: list[Any] = []
    for column, value in (("type", f.type), ("country", f.country), ("story", f.story)):
        if value:
            where.append(f"{column} = ?")
            params.append(value)
    if f.conflicts:
        where.append("conflicts > 0")
    _date_where("date", f, where, params)
    checks: list[Callable[[dict[str, Any]], bool]] = []
    if f.source:
        where.append("LOWER(data) LIKE ? ESCAPE '!'")
        params.append(_like(f.source))
        source = f.source
        checks.append(lambda r: source in (r.get("sources") or []))
    if f.actor:
        where.append("LOWER(data) LIKE ? ESCAPE '!'")
        params.append(_like(f.actor))
        actor = f.actor
        checks.append(lambda r: _has_matching_arg(r, actor))
    check = None
    if checks:
        def check(row: dict[str, Any]) -> bool:
            record = json.loads(row["data"])
            return all(c(record) for c in checks)

    page = _paged(store, "data", "clusters", where, params, "date, id", limit, offset, check)
    page.rows = _decode(page.rows)
    return page


def get_cluster(store: Store, cluster_id: str) -> dict[str, Any] | None:
    """One cluster record, or ``None``."""
    return _get_record(store, "clusters", cluster_id)


def list_stories(store: Store, f: Filters, limit: int = 50, offset: int = 0) -> Page:
    """Stories (title search with ``f.q``), roughly largest first (longest record)."""
    where: list[str] = []
    params: list[Any] = []
    if f.q:
        where.append("LOWER(title) LIKE ? ESCAPE '!'")
        params.append(_like(f.q))
    page = _paged(store, "data", "stories", where, params, "LENGTH(data) DESC, id", limit, offset)
    page.rows = _decode(page.rows)
    return page


def get_story(store: Store, story_id: str) -> dict[str, Any] | None:
    """One story record, or ``None``."""
    return _get_record(store, "stories", story_id)


def list_entities(store: Store, f: Filters, limit: int = 50, offset: int = 0) -> Page:
    """Canonical entities matching type, country, name/alias (``f.q`` or ``f.actor``) and source documents."""
    where: list[str] = []
    params: list[Any] = []
    for column, value in (("type", f.type), ("country", f.country)):
        if value:
            where.append(f"{column} = ?")
            params.append(value)
    needle = f.q or f.actor
    if needle:
        where.append("LOWER(data) LIKE ? ESCAPE '!'")
        params.append(_like(needle))
    check = None
    if needle:
        low = needle.lower()

        def check(row: dict[str, Any]) -> bool:
            record = json.loads(row["data"])
            return any(low in n.lower() for n in [record.get("name") or "", *(record.get("aliases") or [])])

    page = _paged(store, "data", "entities", where, params, "name, id", limit, offset, check)
    page.rows = _decode(page.rows)
    return page


def get_entity(store: Store, entity_id: str) -> dict[str, Any] | None:
    """One canonical entity record, or ``None``."""
    return _get_record(store, "entities", entity_id)
