"""Pages: each handler builds one dict; it is served as HTML at ``/x`` and as JSON at ``/x.json``.

The JSON routes are the documented API (OpenAPI at ``/openapi.json``, readable at ``/docs``);
HTML routes reuse the same handlers and link their JSON twin with ``rel="alternate"``.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse

from rashomon.report.cleaning import edits_within, viewer_edits
from rashomon.store import queries
from rashomon.web.site import Site, highlight

__all__ = ["build_router"]

Handler = Callable[..., dict[str, Any]]
CONTEXT_CHARS = 90
MAX_MENTION_DOCS = 40
MAX_EVIDENCE = 6  # evidence sentences shown per side of a conflict


def get_filters(
    date_from: str | None = Query(None, description="Earliest date, YYYY[-MM[-DD]]", max_length=32),
    date_to: str | None = Query(None, description="Latest date, YYYY[-MM[-DD]]", max_length=32),
    type: str | None = Query(None, description="PLOVER event type (clusters, events) or entity type", max_length=32),
    country: str | None = Query(None, description="ISO 3166-1 alpha-3 country of the location", max_length=8),
    actor: str | None = Query(None, description="Actor or recipient: entity id or part of its name", max_length=200),
    source: str | None = Query(None, description="Outlet name, exactly as listed under /sources", max_length=300),
    q: str | None = Query(None, description="Full-text search (documents) or name search", max_length=300),
    conflicts: bool = Query(False, description="Only clusters whose accounts conflict"),
) -> queries.Filters:
    """The shared list filters, read from the query string."""
    return queries.Filters(date_from=date_from or None, date_to=date_to or None, type=type or None,
                     country=(country or "").upper() or None, actor=actor or None, source=source or None,
                     q=q or None, conflicts=conflicts)


@dataclass(frozen=True)
class Paging:
    """The window of a list page: at most ``limit`` rows after the first ``offset``."""

    limit: int
    offset: int


def get_paging(offset: int = Query(0, ge=0), limit: int = Query(50, ge=1, le=queries.MAX_LIMIT)) -> Paging:
    """The page window shared by every list, read from the query string."""
    return Paging(limit=limit, offset=offset)


def _json_url(request: Request) -> str:
    path = request.url.path.rstrip("/") or "/index"
    query = request.url.query
    return path + ".json" + ("?" + query if query else "")


def _page_info(request: Request, page: queries.Page) -> dict[str, Any]:
    """Totals and links to the neighbouring pages (same filters)."""
    def link(offset: int) -> str:
        params = dict(request.query_params)
        params["offset"] = str(offset)
        return request.url.path + "?" + urlencode(params)

    nxt = link(page.offset + page.limit) if page.offset + page.limit < page.total else None
    prev = link(max(0, page.offset - page.limit)) if page.offset > 0 else None
    return {"total": page.total, "offset": page.offset, "limit": page.limit, "next": nxt, "prev": prev}


def _conflict_evidence(site: Site, cluster: dict[str, Any], events: dict[str, dict[str, Any]]) -> None:
    """Give every side of every conflict its evidence sentences with the disputed words marked.

    Sides name event ids, or quote ids for contradicting claims; each becomes ``{id, doc, source,
    start, end, text, marks}`` (``marks`` relative to ``text``, the ingested words at those offsets).
    """
    from rashomon.report.evidence import evidence_span, value_spans

    conflicts = cluster.get("conflicts") or []
    if not conflicts:
        return
    records: dict[str, tuple[str, dict[str, Any], str | None]] = {
        e["id"]: (e["doc"], e, e.get("source")) for e in events.values()}
    missing = {i for f in conflicts for v in f["values"] for i in v.get("events") or [] if i not in records}
    if missing:
        docs = queries.get_document_records(site.store, [d for f in conflicts for v in f["values"]
                                                         for d in v.get("docs") or []])
        for doc_id, doc in docs.items():
            for quote in doc.get("quotes") or []:
                if quote.get("id") in missing:
                    records[quote["id"]] = (doc_id, quote, doc.get("source"))
    wanted = [records[i][0] for f in conflicts for v in f["values"] for i in (v.get("events") or [])[:MAX_EVIDENCE]
              if i in records]
    texts = queries.get_document_texts(site.store, wanted)
    for f in conflicts:
        for v in f["values"]:
            v["evidence"] = []
            for i in (v.get("events") or [])[:MAX_EVIDENCE]:
                if i not in records or records[i][0] not in texts:
                    continue
                doc_id, record, source = records[i]
                span = evidence_span(record)
                if span is None:
                    continue
                start, end = span
                marks = [[s - start, e - start] for s, e in value_spans(f["field"], record, texts[doc_id])]
                v["evidence"].append({"id": i, "doc": doc_id, "source": source, "start": start, "end": end,
                                      "text": texts[doc_id][start:end], "marks": marks})


def _cluster_map(site: Site, f: queries.Filters) -> dict[str, Any]:
    """The map of every located cluster matching the filters (the first 500 in date order)."""
    from rashomon.report.geo import map_view

    rows = queries.list_clusters(site.store, f, queries.MAX_LIMIT).rows
    located = [c for c in rows if (c.get("location") or {}).get("lat") is not None
               and (c.get("location") or {}).get("lon") is not None]
    view = map_view([(c["location"]["lat"], c["location"]["lon"]) for c in located])
    unit = view.width / 250
    points = [{"id": c["id"], "x": c["location"]["lon"], "y": -c["location"]["lat"],
               "r": round(unit * (1 + (c.get("corroboration") or 1) ** 0.5), 3), "conflicted": bool(c.get("conflicts")),
               "label": f"{(c.get('date') or {}).get('value') or 'undated'} {c.get('type')} · "
                        f"{c['location'].get('name') or c['location'].get('text') or ''}"} for c in located]
    return {"view": view, "points": points, "total": len(rows), "timeline": _timeline(rows)}


def _timeline(rows: list[dict[str, Any]], width: int = 1000, left: int = 110, right: int = 20,
              row_h: int = 24) -> dict[str, Any] | None:
    """Dots for dated clusters on a time axis, one row per event type (the axis spans the busiest 80%)."""
    import datetime as dt

    dated = []
    for c in rows:
        value = ((c.get("date") or {}).get("value") or "")[:10]
        try:
            day = dt.date.fromisoformat(value).toordinal()
        except ValueError:
            continue
        dated.append((day, c))
    if not dated:
        return None
    days = sorted(d for d, _ in dated)
    k = max(1, -(-len(days) * 8 // 10))
    lo, hi = days[0], days[-1]
    best = hi - lo
    for i in range(len(days) - k + 1):
        if days[i + k - 1] - days[i] < best:
            lo, hi, best = days[i], days[i + k - 1], days[i + k - 1] - days[i]
    clipped = days[-1] - days[0] > 4 * (hi - lo) + 30
    t0, t1 = (lo - 1, hi + 1) if clipped else (days[0], days[-1])
    if t1 == t0:
        t0, t1 = t0 - 1, t1 + 1
    types = sorted({c["type"] for _, c in dated})
    span = width - left - right
    dots = []
    for day, c in dated:
        x = left + (min(max(day, t0), t1) - t0) / (t1 - t0) * span
        y = 10 + types.index(c["type"]) * row_h + row_h / 2
        radius = 4 + min(8.0, 2 * (c.get("corroboration") or 1) ** 0.5)
        dots.append({"id": c["id"], "x": round(x, 1), "y": y, "r": round(radius, 1),
                     "conflicted": bool(c.get("conflicts")), "outside": not t0 <= day <= t1,
                     "label": f"{c['date']['value']} {c['type']} · {(c.get('location') or {}).get('name') or ''}"})
    ticks = [{"x": left + f * span, "label": dt.date.fromordinal(int(t0 + f * (t1 - t0))).isoformat(),
              "anchor": a} for f, a in ((0, "start"), (0.5, "middle"), (1, "end"))]
    rows_out = [{"type": t, "y": 10 + n * row_h + row_h / 2} for n, t in enumerate(types)]
    return {"width": width, "height": 10 + len(types) * row_h + 30, "left": left, "right": width - right,
            "rows": rows_out, "dots": dots, "ticks": ticks, "clipped": clipped}


def build_router(site: Site, render: Callable[[str, Request, dict[str, Any]], str]) -> APIRouter:
    """All page routes over ``site``; ``render(template, request, data)`` makes the HTML."""
    router = APIRouter()

    def page(path: str, template: str, summary: str, json_path: str | None = None) -> Callable[[Handler], Handler]:
        def register(fn: Handler) -> Handler:
            @functools.wraps(fn)
            def as_json(*args: Any, **kwargs: Any) -> JSONResponse:
                site.start_request()
                try:
                    data = fn(*args, **kwargs)
                    return JSONResponse({"ok": True, **{k: v for k, v in data.items() if not k.startswith("_")}})
                finally:
                    site.end_request()

            @functools.wraps(fn)
            def as_html(*args: Any, **kwargs: Any) -> HTMLResponse:
                request = kwargs["request"]
                site.start_request()
                try:
                    data = fn(*args, **kwargs)
                    data["json_url"] = _json_url(request)
                    return HTMLResponse(render(template, request, data))
                finally:
                    site.end_request()

            router.add_api_route(json_path or path + ".json", as_json, methods=["GET"], summary=summary,
                                 name=fn.__name__ + "_json", response_class=JSONResponse)
            router.add_api_route(path, as_html, methods=["GET"], include_in_schema=False, name=fn.__name__,
                                 response_class=HTMLResponse)
            return fn

        return register

    def not_found(kind: str, ident: str) -> HTTPException:
        return HTTPException(status_code=404, detail=f"no {kind} {ident!r}")

    # --- home, sources ----------------------------------------------------------------------

    @page("/", "index.html", "Counts and the largest stories", json_path="/index.json")
    def index(request: Request) -> dict[str, Any]:
        """Counts, the clusters with conflicting accounts, the largest stories."""
        store = site.store
        stories = queries.list_stories(store, queries.Filters(), limit=20)
        conflicted = queries.list_clusters(store, queries.Filters(conflicts=True), limit=20)
        return {"counts": queries.count_all(store), "stories": stories.rows,
                "conflicted": [site.resolve_args(c) for c in conflicted.rows]}

    @page("/sources", "sources.html", "Every outlet with its documents, events and clusters (q: name, dates)")
    def sources(request: Request, f: queries.Filters = Depends(get_filters)) -> dict[str, Any]:
        """Each outlet: documents, events, clusters it reports and values it backs in conflicts."""
        rows = queries.list_sources(site.store, f)
        linking = site.linking()
        clusters: dict[str, int] = {}
        disputed: dict[str, int] = {}
        for c in linking.clusters:
            for s in c.sources:
                clusters[s] = clusters.get(s, 0) + 1
            for conflict in c.conflicts:
                for v in conflict.values:
                    for s in v.sources:
                        disputed[s] = disputed.get(s, 0) + 1
        for row in rows:
            row["clusters"] = clusters.get(row["source"], 0)
            row["conflicting_values"] = disputed.get(row["source"], 0)
        return {"sources": rows, "filters": f.active()}

    # --- stories ------------------------------------------------------------------------------

    @page("/stories", "stories.html", "Stories (groups of documents about one story)")
    def stories(request: Request, f: queries.Filters = Depends(get_filters),
                paging: Paging = Depends(get_paging)) -> dict[str, Any]:
        """Stories, largest first, optionally searched by title."""
        result = queries.list_stories(site.store, f, paging.limit, paging.offset)
        return {"stories": result.rows, "filters": f.active(), "page": _page_info(request, result)}

    @page("/stories/{story_id}", "story.html", "One story: digest, clusters and documents")
    def story(request: Request, story_id: str) -> dict[str, Any]:
        """A story with its digest, its clusters in date order and its documents."""
        record = queries.get_story(site.store, story_id)
        if record is None:
            raise not_found("story", story_id)
        digest = next((d.to_dict() for d in site.linking().digest if d.story == story_id), None)
        clusters = queries.list_clusters(site.store, queries.Filters(story=story_id), limit=queries.MAX_LIMIT)
        docs = queries.get_document_metas(site.store, list(record["docs"][: queries.MAX_LIMIT]))
        return {"story": record, "digest": digest, "clusters": [site.resolve_args(c) for c in clusters.rows],
                "documents": docs}

    # --- clusters -------------------------------------------------------------------------------

    @page("/clusters", "clusters.html", "Event clusters (one real-world event each), filtered")
    def clusters(request: Request, f: queries.Filters = Depends(get_filters),
                 paging: Paging = Depends(get_paging)) -> dict[str, Any]:
        """Event clusters matching the filters, in date order."""
        result = queries.list_clusters(site.store, f, paging.limit, paging.offset)
        return {"clusters": [site.resolve_args(c) for c in result.rows], "filters": f.active(),
                "page": _page_info(request, result), "_map": lambda: _cluster_map(site, f)}

    @page("/clusters/{cluster_id}", "cluster.html", "One cluster: its reports, evidence and conflicts")
    def cluster(request: Request, cluster_id: str) -> dict[str, Any]:
        """A cluster with every report of it and each side of each conflict with marked evidence."""
        record = queries.get_cluster(site.store, cluster_id)
        if record is None:
            raise not_found("cluster", cluster_id)
        events = {e["id"]: site.resolve_args(e) for e in queries.list_events(site.store, queries.Filters(), queries.MAX_LIMIT,
                                                                         cluster=cluster_id).rows}
        for e in queries.events_of_documents(site.store, record.get("docs") or []):
            if e["id"] in (record.get("events") or []) and e["id"] not in events:
                events[e["id"]] = site.resolve_args(e)
        _conflict_evidence(site, record, events)
        return {"cluster": site.resolve_args(record), "events": list(events.values()), "_highlight": highlight}

    # --- events -----------------------------------------------------------------------------------

    @page("/events", "events.html", "Events as reported, one per statement, filtered")
    def events(request: Request, f: queries.Filters = Depends(get_filters),
               paging: Paging = Depends(get_paging)) -> dict[str, Any]:
        """Events as reported (one per statement), matching the filters."""
        result = queries.list_events(site.store, f, paging.limit, paging.offset)
        return {"events": [site.resolve_args(e) for e in result.rows], "filters": f.active(),
                "page": _page_info(request, result)}

    @page("/events/{event_id}", "event.html", "One event with its evidence")
    def event(request: Request, event_id: str) -> dict[str, Any]:
        """One reported event with its arguments and evidence."""
        record = queries.get_event(site.store, event_id)
        if record is None:
            raise not_found("event", event_id)
        return {"event": site.resolve_args(record)}

    # --- entities ---------------------------------------------------------------------------------

    @page("/entities", "entities.html", "Canonical entities with their aliases, filtered")
    def entities(request: Request, f: queries.Filters = Depends(get_filters),
                 paging: Paging = Depends(get_paging)) -> dict[str, Any]:
        """Canonical entities matching the filters, with their aliases."""
        result = queries.list_entities(site.store, f, paging.limit, paging.offset)
        return {"entities": result.rows, "filters": f.active(), "page": _page_info(request, result)}

    @page("/entities/{entity_id}", "entity.html", "One entity: aliases and every mention in context")
    def entity(request: Request, entity_id: str) -> dict[str, Any]:
        """An entity with its aliases, the clusters it acts in and every mention in context."""
        record = queries.get_entity(site.store, entity_id)
        if record is None:
            raise not_found("entity", entity_id)
        mentions = []
        context_edits = []  # per mention: how cleaning changed its context (see rashomon.report.cleaning)
        wanted = list((record.get("docs") or [])[:MAX_MENTION_DOCS])
        docs = queries.get_document_records(site.store, wanted)
        for doc_id in wanted:
            doc = docs.get(doc_id)
            if doc is None:
                continue
            text = doc.get("text") or ""
            edits = viewer_edits(doc.get("cleaning"), len(text))
            for m in doc.get("entities") or []:
                if site.canon(m.get("entity")) != entity_id:
                    continue
                a, b = max(0, m["start"] - CONTEXT_CHARS), min(len(text), m["end"] + CONTEXT_CHARS)
                mentions.append({"doc": doc_id, "title": doc.get("title"), "source": doc.get("source"),
                                 "text": m.get("text"), "start": m["start"], "end": m["end"], "context": text[a:b],
                                 "context_start": a})
                context_edits.append(edits_within(edits, a, b))
        clusters = queries.list_clusters(site.store, queries.Filters(actor=entity_id), limit=100)
        return {"entity": record, "mentions": mentions, "clusters": [site.resolve_args(c) for c in clusters.rows],
                "_highlight": highlight, "_edits": context_edits}

    # --- documents ---------------------------------------------------------------------------------

    @page("/documents", "documents.html", "Documents, filtered; q= runs a full-text search")
    def documents(request: Request, f: queries.Filters = Depends(get_filters),
                  paging: Paging = Depends(get_paging)) -> dict[str, Any]:
        """Documents matching the filters; with q, ranked by full-text search with snippets."""
        result = queries.list_documents(site.store, f, paging.limit, paging.offset)
        return {"documents": result.rows, "filters": f.active(), "page": _page_info(request, result)}

    @page("/documents/{doc_id}", "document.html", "One document: its text, extraction and highlighted evidence")
    def document(request: Request, doc_id: str, start: int | None = Query(None, ge=0, description="Highlight from"),
                 end: int | None = Query(None, ge=0, description="Highlight to")) -> dict[str, Any]:
        """A document with its extraction, its text highlighted (start/end select a stretch)."""
        data = queries.get_document_records(site.store, [doc_id]).get(doc_id)
        if data is None:
            raise not_found("document", doc_id)
        linking = site.linking()
        text = data.get("text") or ""
        for m in data.get("entities") or []:
            m["entity"] = site.canon(m.get("entity"))
        for e in data.get("events") or []:
            e["cluster"] = linking.event_clusters.get(e["id"], e.get("cluster"))
            e["attributed_to"] = site.canon(e.get("attributed_to"))
            site.resolve_args(e)
        for x in data.get("quotes") or []:
            if x.get("speaker"):
                x["speaker"]["entity"] = site.canon(x["speaker"].get("entity"))
        spans = [(e["evidence"]["start"], e["evidence"]["end"], "ev") for e in data.get("events") or []]
        spans += [(m["start"], m["end"], "ent") for m in data.get("entities") or []]
        spans += [(x["content"]["start"], x["content"]["end"], "qt") for x in data.get("quotes") or []]
        selected = None
        if start is not None and end is not None and start < end <= len(text):
            spans.append((start, end, "sel"))
            selected = {"start": start, "end": end, "text": text[start:end]}
        data.pop("clean_text", None)
        meta = queries.get_document_meta(site.store, doc_id) or {}
        edits = viewer_edits(data.get("cleaning"), len(text))  # show the text as cleaning left it
        return {"document": data, "selected": selected, "added_at": meta.get("added_at"),
                "_text": highlight(text, spans, edits), "_names": {e.id: e.name for e in linking.entities}}

    return router
