"""Cross-document linking: canonical entities, stories, event clusters, corroboration, conflicts, timeline, digest.

``link_documents(docs)`` is the one entry point; it works on analysed documents (from the store)
and returns a :class:`rashomon.model.Linking`. Every step is blocked (by story, time window,
event type and shared keys), so its cost grows near-linearly with the corpus:

1. entities — :func:`rashomon.link.entities.resolve_entities` (local → canonical ids);
2. stories — :mod:`rashomon.link.stories`, online in publication order;
3. copies — :mod:`rashomon.link.corroboration` finds syndicated / near-verbatim copies;
4. clusters — :mod:`rashomon.link.clusters` merges same-event reports inside a story; the merged
   view (:mod:`.merge`), independent corroboration and field conflicts (:mod:`.conflicts`);
5. claims — :mod:`rashomon.link.claims`: contradicting quotes, attached to the story's most related
   cluster (a story without clusters gets a pseudo cluster ``<story>-claims`` with no events);
6. timeline and digest — :mod:`.timeline`, :mod:`.digest`.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, replace
from urllib.parse import urlparse

from rashomon.link.claims import claim_conflicts
from rashomon.link.clusters import EventGroup, cluster_events, most_common
from rashomon.link.conflicts import field_conflicts
from rashomon.link.corroboration import find_copies, independent_sources
from rashomon.link.digest import build_digest
from rashomon.link.entities import resolve_entities
from rashomon.link.merge import merged_arguments, merged_date, merged_magnitude, merged_place
from rashomon.link.parallel import Forked, can_fork, split_balanced
from rashomon.link.stories import publication_order, run_stories
from rashomon.link.text import words
from rashomon.link.timeline import build_timeline
from rashomon.model import Cluster, Conflict, Document, Linking, Story

__all__ = ["PARALLEL_MIN_EVENTS", "link_documents", "source_name"]

log = logging.getLogger(__name__)


def source_name(doc: Document) -> str:
    """The outlet of a document: its source, else its URL's host, else the document itself."""
    if doc.source:
        return doc.source
    if doc.url:
        host = urlparse(doc.url).netloc.lower()
        if host:
            return host.removeprefix("www.")
    return doc.id


def build_cluster(group: EventGroup, source_of: dict[str, str], copies: dict[str, str]) -> Cluster:
    """The cluster record of one event group: merged view, corroboration and field conflicts."""
    members = group.members
    events = [m.event for m in members]
    docs = tuple(dict.fromkeys(e.doc for e in events))
    sources = tuple(sorted({source_of.get(d, d) for d in docs}))
    corroboration = independent_sources(events, source_of, copies)
    return Cluster(
        id=group.id, story=group.story or None, type=most_common([e.type for e in events]),
        events=tuple(e.id for e in events), docs=docs, sources=sources,
        corroboration=corroboration, single_source=corroboration <= 1,
        date=merged_date(members), location=merged_place(members),
        actors=merged_arguments(members, "actor"), recipients=merged_arguments(members, "recipient"),
        dead=merged_magnitude([e.dead for e in events]), injured=merged_magnitude([e.injured for e in events]),
        conflicts=field_conflicts(members, source_of),
    )


def _attach_claims(story: Story, clusters: list[Cluster], claims: list[Conflict], groups: dict[str, EventGroup],
                   source_of: dict[str, str]) -> list[Cluster]:
    """Add claim conflicts to the story cluster whose evidence shares most words with the claims."""
    if not claims:
        return clusters
    mine = [i for i, c in enumerate(clusters) if c.story == story.id]
    if not mine:
        docs = tuple(dict.fromkeys(d for c in claims for v in c.values for d in v.docs))
        pseudo = Cluster(id=f"{story.id}-claims", story=story.id, type="CLAIM", docs=docs,
                         sources=tuple(sorted({source_of.get(d, d) for d in docs})), conflicts=tuple(claims))
        return [*clusters, pseudo]
    evidence = {i: {w for m in groups[clusters[i].id].members for w in m.words} for i in mine}
    for conflict in claims:
        claim_words = {w for v in conflict.values for w in words(str(v.value))}
        claim_docs = {d for v in conflict.values for d in v.docs}
        best = max(mine, key=lambda i: (len(evidence[i] & claim_words), len(claim_docs & set(clusters[i].docs)),
                                        clusters[i].corroboration))
        clusters[best] = replace(clusters[best], conflicts=(*clusters[best].conflicts, conflict))
    return clusters


def link_documents(docs: Sequence[Document], previous: Linking | None = None, *, processes: int = 1) -> Linking:
    """Link analysed documents across each other: entities, stories, clusters, conflicts, timeline, digest.

    With the ``previous`` linking of a subset of ``docs``, stories resume from its checkpoint and only the
    stories that changed are clustered again: a story whose documents, canonical entities and copies are
    all as before keeps its clusters and digest. The result equals a run from scratch.

    ``processes=2`` (Linux) runs independent parts in a forked child: entities and copies while this process
    groups stories, then half the stories' clusters. The result is the same.
    """
    parallel = processes >= 2 and sum(len(d.events) for d in docs) >= PARALLEL_MIN_EVENTS and can_fork()
    side = Forked(lambda: (resolve_entities(docs), find_copies(publication_order(docs)))) if parallel else None
    ordered = publication_order(docs)
    stories, checkpoint = run_stories(ordered, resume=previous.story_checkpoint if previous else "")
    (entities, entity_ids), copies = side.result() if side else (resolve_entities(docs), find_copies(ordered))
    source_of = {d.id: source_name(d) for d in ordered}
    by_doc = {d.id: d for d in ordered}
    kept = _unchanged_stories(stories, previous, entity_ids, copies) if previous else set()
    context = _Context(ordered, by_doc, entity_ids, source_of, copies)
    fresh = _clusters_of(context, [s for s in stories if s.id not in kept], parallel)
    old = [c for c in previous.clusters if c.story in kept] if previous else []
    order = {s.id: i for i, s in enumerate(stories)}
    clusters = sorted([*old, *fresh], key=lambda c: order.get(c.story or "", -1))  # story order, as from scratch
    event_clusters = {e: c.id for c in clusters for e in c.events}
    timeline = build_timeline(stories, clusters)
    by_story: dict[str | None, list[Cluster]] = {}
    for c in clusters:
        by_story.setdefault(c.story, []).append(c)
    old_digest = {d.story: d for d in previous.digest if d.story in kept} if previous else {}
    digest = tuple(old_digest.get(s.id) or build_digest(s, by_story.get(s.id, []), by_doc, source_of) for s in stories)
    log.info("linked %d documents: %d stories (%d kept as they were), %d clusters, %d copies", len(docs), len(stories),
             len(kept), len(clusters), len(copies))
    return Linking(entities=entities, stories=stories, clusters=tuple(clusters), timeline=timeline, digest=digest,
                   event_clusters=event_clusters, entity_ids=entity_ids, copies=copies, story_checkpoint=checkpoint)


# below this many events, a forked child costs more than it saves
PARALLEL_MIN_EVENTS = 400


@dataclass(frozen=True)
class _Context:
    """What clustering a story reads besides its own documents."""

    ordered: Sequence[Document]
    by_doc: dict[str, Document]
    entity_ids: dict[str, str]
    source_of: dict[str, str]
    copies: dict[str, str]


def _clusters_of(ctx: _Context, stories: Sequence[Story], parallel: bool) -> list[Cluster]:
    """The clusters (with claim conflicts) of ``stories``, in two forked shares when worth it; same result."""
    size = {s.id: sum(len(ctx.by_doc[d].events) for d in s.docs) for s in stories}
    if not parallel or len(stories) < 2 or sum(size.values()) < PARALLEL_MIN_EVENTS:
        return _chunked_clusters(ctx, stories, size)
    mine, theirs = split_balanced(list(stories), lambda s: size[s.id], 2)
    log.debug("clustering %d stories here and %d in a forked child", len(mine), len(theirs))
    child = Forked(lambda: _chunked_clusters(ctx, theirs, size))
    return [*_chunked_clusters(ctx, mine, size), *child.result()]  # link_documents orders them by story


# clustering holds a prepared record per event until its clusters are built: at most this many at a time
CHUNK_EVENTS = 40_000


def _chunked_clusters(ctx: _Context, stories: Sequence[Story], size: dict[str, int]) -> list[Cluster]:
    """``_story_clusters`` over consecutive runs of stories of at most ``CHUNK_EVENTS`` events: events of
    different stories never meet, so the result is the same, and memory follows the chunk, not the corpus."""
    out: list[Cluster] = []
    chunk: list[Story] = []
    events = 0
    for story in stories:
        if chunk and events + size[story.id] > CHUNK_EVENTS:
            out += _story_clusters(ctx, chunk)
            chunk, events = [], 0
        chunk.append(story)
        events += size[story.id]
    return out + (_story_clusters(ctx, chunk) if chunk else [])


def _story_clusters(ctx: _Context, stories: Sequence[Story]) -> list[Cluster]:
    """Event clusters of ``stories``: groups of same-event reports, their merged records, then claim conflicts."""
    story_of = {d: s.id for s in stories for d in s.docs}
    groups = cluster_events([d for d in ctx.ordered if d.id in story_of], story_of, ctx.entity_ids)
    by_id = {g.id: g for g in groups}
    fresh = [build_cluster(g, ctx.source_of, ctx.copies) for g in groups]
    for story in stories:
        claims = claim_conflicts([ctx.by_doc[d] for d in story.docs], ctx.source_of, ctx.entity_ids)
        fresh = _attach_claims(story, fresh, claims, by_id, ctx.source_of)
    return fresh


def _per_document(entity_ids: dict[str, str]) -> dict[str, dict[str, str]]:
    """The local -> canonical entity map split by document (local ids are ``<doc>#<n>``)."""
    out: dict[str, dict[str, str]] = {}
    for local, canonical in entity_ids.items():
        out.setdefault(local.rsplit("#", 1)[0], {})[local] = canonical
    return out


def _unchanged_stories(stories: Sequence[Story], previous: Linking,
                       entity_ids: dict[str, str], copies: dict[str, str]) -> set[str]:
    """Ids of the stories whose clusters cannot differ from ``previous``: same documents, entities and copies."""
    before = {s.id: s for s in previous.stories}
    now, then = _per_document(entity_ids), _per_document(previous.entity_ids)
    kept = set()
    for story in stories:
        was = before.get(story.id)
        if was is None or was.docs != story.docs:
            continue
        if any(now.get(d) != then.get(d) for d in story.docs):
            continue
        if any(copies.get(d) != previous.copies.get(d) for d in story.docs):
            continue
        kept.add(story.id)
    return kept
