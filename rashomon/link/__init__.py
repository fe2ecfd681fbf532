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
from dataclasses import replace
from urllib.parse import urlparse

from rashomon.link.claims import claim_conflicts
from rashomon.link.clusters import EventGroup, cluster_events, most_common
from rashomon.link.conflicts import field_conflicts
from rashomon.link.corroboration import find_copies, independent_sources
from rashomon.link.digest import build_digest
from rashomon.link.entities import resolve_entities
from rashomon.link.merge import merged_arguments, merged_date, merged_magnitude, merged_place
from rashomon.link.stories import cluster_stories, publication_order
from rashomon.link.text import words
from rashomon.link.timeline import build_timeline
from rashomon.model import Cluster, Conflict, Document, Linking, Story

__all__ = ["link_documents", "source_name"]

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


def link_documents(docs: Sequence[Document]) -> Linking:
    """Link analysed documents across each other: entities, stories, clusters, conflicts, timeline, digest."""
    entities, entity_ids = resolve_entities(docs)
    ordered = publication_order(docs)
    stories = cluster_stories(ordered)
    story_of = {d: s.id for s in stories for d in s.docs}
    source_of = {d.id: source_name(d) for d in ordered}
    copies = find_copies(ordered)
    groups = cluster_events(ordered, story_of, entity_ids)
    by_id = {g.id: g for g in groups}
    clusters = [build_cluster(g, source_of, copies) for g in groups]
    by_doc = {d.id: d for d in ordered}
    for story in stories:
        story_docs = [by_doc[d] for d in story.docs]
        claims = claim_conflicts(story_docs, source_of, entity_ids)
        clusters = _attach_claims(story, clusters, claims, by_id, source_of)
    event_clusters = {m.event.id: g.id for g in groups for m in g.members}
    timeline = build_timeline(stories, clusters)
    by_story: dict[str | None, list[Cluster]] = {}
    for c in clusters:
        by_story.setdefault(c.story, []).append(c)
    digest = tuple(build_digest(s, by_story.get(s.id, []), by_doc, source_of) for s in stories)
    log.info("linked %d documents: %d stories, %d clusters, %d copies", len(docs), len(stories), len(clusters),
             len(copies))
    return Linking(entities=entities, stories=stories, clusters=tuple(clusters), timeline=timeline, digest=digest,
                   event_clusters=event_clusters, entity_ids=entity_ids)
