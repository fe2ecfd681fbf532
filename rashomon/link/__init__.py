"""Cross-document linking: canonical entities, stories, event clusters, conflicts, timeline, digest.

``link_documents(docs)`` is the one entry point; it works on analysed documents (from the store)
and returns a :class:`rashomon.model.Linking`.
"""

from __future__ import annotations

from collections.abc import Sequence

from rashomon.link.entities import resolve_entities
from rashomon.model import Cluster, Document, Linking, Story

__all__ = ["link_documents"]


def link_documents(docs: Sequence[Document]) -> Linking:
    """Link analysed documents across each other (baseline: entities only, one story per document)."""
    entities, entity_ids = resolve_entities(docs)
    stories = tuple(Story(id=f"s{i + 1}", title=d.title or d.id, docs=(d.id,)) for i, d in enumerate(docs))
    story_of = {d.id: s.id for d, s in zip(docs, stories)}
    clusters = []
    event_clusters = {}
    for d in docs:
        for e in d.events:
            cid = f"c{len(clusters) + 1}"
            clusters.append(Cluster(id=cid, story=story_of[d.id], type=e.type, events=(e.id,), docs=(d.id,),
                                    sources=(d.source or d.id,), date=e.date, location=e.location,
                                    actors=e.actors, recipients=e.recipients, dead=e.dead, injured=e.injured))
            event_clusters[e.id] = cid
    return Linking(entities=entities, stories=stories, clusters=tuple(clusters),
                   timeline=tuple(c.id for c in sorted(clusters, key=lambda c: c.date.value if c.date else "")),
                   event_clusters=event_clusters, entity_ids=entity_ids)
