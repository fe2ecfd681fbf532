"""The data the report's script draws from: a compact, index-based view of an :class:`Analysis`.

Documents, events and clusters are referred to by their position in these lists, which keeps the
embedded JSON small for 1,000 documents. Every link into an article is ``[doc, start, end]`` with
offsets into ``documents[].text``, so the report can highlight the exact words; each document's
``edits`` (see :mod:`rashomon.report.cleaning`) let the script show that text as cleaning left it.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from rashomon.model import Analysis, Argument, Cluster, Magnitude, Place
from rashomon.report.cleaning import viewer_edits
from rashomon.report.evidence import evidence_span, value_spans
from rashomon.report.safety import safe_url

__all__ = ["MAX_MENTIONS", "agreement", "build_payload"]

MAX_MENTIONS = 200  # per entity: enough to read, small enough for big corpora
MAX_EVIDENCE = 6  # per side of a conflict


def _magnitude(m: Magnitude | None) -> list[int | None] | None:
    return [m.min, m.max] if m else None


def _place(p: Place | None) -> dict[str, Any] | None:
    if p is None:
        return None
    return {"name": p.name or p.text, "country": p.country, "lat": p.lat, "lon": p.lon}


def agreement(cluster: Cluster) -> dict[str, str]:
    """For each source of ``cluster``: ``"agree"``, or ``"dissent"`` when it backs a minority value of a conflict.

    The majority value of a conflict is the one backed by most sources (ties: the first listed).
    """
    state = {s: "agree" for s in cluster.sources}
    for conflict in cluster.conflicts:
        if not conflict.values:
            continue
        top = max(conflict.values, key=lambda v: len(set(v.sources)))
        for value in conflict.values:
            if value is top:
                continue
            for s in value.sources:
                if s not in set(top.sources):
                    state[s] = "dissent"
    return state


def build_payload(analysis: Analysis) -> dict[str, Any]:
    """Everything the report shows, as plain JSON-ready data."""
    doc_ix = {d.id: n for n, d in enumerate(analysis.documents)}
    names = {e.id: e.name for e in analysis.entities}

    def name(a: Argument) -> str:
        return names.get(a.entity or "", a.text)

    docs = []
    events: list[dict[str, Any]] = []
    event_ix: dict[str, int] = {}
    mentions: dict[str, list[list[int]]] = {}
    for n, d in enumerate(analysis.documents):
        quotes = [[q.content.start, q.content.end,
                   (names.get(q.speaker.entity or "", q.speaker.text) if q.speaker else "")] for q in d.quotes]
        docs.append({"id": d.id, "title": d.title or d.id, "source": d.source or "", "url": safe_url(d.url),
                     "rawUrl": d.url or "", "published": d.published or "", "text": d.text, "quotes": quotes,
                     "edits": [list(x) for x in viewer_edits(d.cleaning, len(d.text))]})
        for e in d.events:
            event_ix[e.id] = len(events)
            events.append({
                "id": e.id, "doc": n, "type": e.type, "ev": [e.evidence.start, e.evidence.end],
                "actors": [name(a) for a in e.actors], "recipients": [name(a) for a in e.recipients],
                "date": e.date.value if e.date else "", "place": _place(e.location), "dead": _magnitude(e.dead),
                "modality": e.modality, "negated": e.negated, "cluster": e.cluster,
            })
        for m in d.entities:
            if m.entity:
                found = mentions.setdefault(m.entity, [])
                if len(found) < MAX_MENTIONS:
                    found.append([n, m.start, m.end])

    wanted = {i for c in analysis.clusters for f in c.conflicts for v in f.values for i in v.events}
    records: dict[str, tuple[int, dict[str, Any]]] = {}
    for n, d in enumerate(analysis.documents):
        for event in d.events:
            if event.id in wanted:
                records[event.id] = (n, event.to_dict())
        for quote in d.quotes:
            if quote.id in wanted:
                records[quote.id] = (n, quote.to_dict())

    def evidence(field: str, ids: tuple[str, ...]) -> list[dict[str, Any]]:
        out = []
        for i in ids[:MAX_EVIDENCE]:
            if i not in records:
                continue
            n, record = records[i]
            span = evidence_span(record)
            if span is not None:
                out.append({"doc": n, "span": list(span),
                            "marks": [list(m) for m in value_spans(field, record, analysis.documents[n].text)]})
        return out

    clusters = []
    cluster_ix = {c.id: n for n, c in enumerate(analysis.clusters)}
    for c in analysis.clusters:
        clusters.append({
            "id": c.id, "story": c.story, "type": c.type, "date": c.date.value if c.date else "",
            "place": _place(c.location), "actors": [name(a) for a in c.actors],
            "recipients": [name(a) for a in c.recipients], "dead": _magnitude(c.dead), "injured": _magnitude(c.injured),
            "sources": list(c.sources), "corroboration": c.corroboration, "single": c.single_source,
            "events": [event_ix[e] for e in c.events if e in event_ix],
            "docs": [doc_ix[d] for d in c.docs if d in doc_ix],
            "conflicts": [{"field": f.field, "values": [
                {"value": v.value if isinstance(v.value, (str, int, float)) or v.value is None else str(v.value),
                 "sources": list(v.sources), "events": [event_ix[e] for e in v.events if e in event_ix],
                 "evidence": evidence(f.field, v.events)}
                for v in f.values]} for f in c.conflicts],
        })
    timeline = [cluster_ix[c] for c in analysis.timeline if c in cluster_ix]
    timeline += [n for n in range(len(clusters)) if n not in set(timeline)]

    stories = _stories(analysis, doc_ix, cluster_ix)
    entities = [{"id": e.id, "name": e.name, "type": e.type, "country": e.country or "", "sector": e.sector or "",
                 "aliases": list(e.aliases), "ndocs": len(e.docs), "mentions": mentions.get(e.id, [])}
                for e in analysis.entities]

    return {
        "schema": analysis.schema,
        "counts": {"documents": len(docs), "events": len(events), "clusters": len(clusters),
                   "conflicted": sum(1 for c in analysis.clusters if c.conflicts), "entities": len(entities),
                   "stories": len(stories), "sources": len({d.source for d in analysis.documents if d.source})},
        "docs": docs, "events": events, "clusters": clusters, "timeline": timeline, "stories": stories,
        "entities": entities, "matrix": _source_matrix(analysis),
    }


def _stories(analysis: Analysis, doc_ix: dict[str, int], cluster_ix: dict[str, int]) -> list[dict[str, Any]]:
    """Each story with its documents, clusters and digest sentences, by position in the payload lists."""
    digests = {d.story: d for d in analysis.digest}
    stories = []
    for s in analysis.stories:
        digest = digests.get(s.id)
        stories.append({
            "id": s.id, "title": s.title, "docs": [doc_ix[d] for d in s.docs if d in doc_ix],
            "clusters": [n for n, c in enumerate(analysis.clusters) if c.story == s.id],
            "digest": [{"text": x.text, "sources": list(x.sources),
                        "clusters": [cluster_ix[c] for c in x.clusters if c in cluster_ix],
                        "docs": [doc_ix[d] for d in x.docs if d in doc_ix]} for x in (digest.sentences if digest else ())],
        })
    return stories


def _source_matrix(analysis: Analysis) -> dict[str, Any]:
    """Sources (busiest first) × clusters: whether each source agrees with or dissents from a cluster's majority."""
    per_source: Counter[str] = Counter(s for c in analysis.clusters for s in c.sources)
    source_names = [src for src, _ in per_source.most_common()]
    cells: dict[str, dict[int, str]] = {src: {} for src in source_names}
    for n, c in enumerate(analysis.clusters):
        for src, state in agreement(c).items():
            cells.setdefault(src, {})[n] = state
    return {"sources": source_names,
            "cells": [[[n, st] for n, st in sorted(cells[src].items())] for src in source_names]}
