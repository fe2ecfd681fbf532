"""Digest: a few sourced sentences per story, built by templates from extracted fields only.

Sentences come from the most corroborated clusters (who did what to whom, where, when, the toll,
how many independent sources), then the open conflicts, then one key quote; each sentence lists
the clusters, documents and sources it rests on. Text is assembled from extracted values and is
not escaped here: the report escapes.
"""

from __future__ import annotations

from collections.abc import Sequence

from rashomon.link.compare import knowledge
from rashomon.link.conflicts import place_label
from rashomon.model import Cluster, Conflict, Digest, DigestSentence, Document, Quote, Story

MAX_EVENTS = 3
MAX_CONFLICTS = 2
QUOTE_CHARS = (30, 260)


def _date_phrase(cluster: Cluster) -> str:
    d = cluster.date
    if d is None or not d.value:
        return ""
    if d.precision == "document":
        return f" (reported {d.value})"
    return f" on {d.value}" if len(d.value) >= 10 else f" in {d.value}"


def _sources_phrase(cluster: Cluster) -> str:
    names = ", ".join(cluster.sources)
    if cluster.single_source:
        return f"single source: {names}"
    return f"{cluster.corroboration} independent sources: {names}"


def event_sentence(cluster: Cluster) -> str:
    """One sentence telling a cluster: actor, verb for its type, recipients, place, date, toll, sources."""
    verbs: dict[str, str] = knowledge()["digest_verbs"]
    disputed = any(c.field == "actor" for c in cluster.conflicts)
    actor = "Disputed actors" if disputed else cluster.actors[0].text if cluster.actors else "Unidentified actors"
    verb = verbs.get(cluster.type, cluster.type.lower())
    if cluster.recipients:
        verb += " " + " and ".join(a.text for a in cluster.recipients[:2])
    else:
        head, _, last = verb.rpartition(" ")
        verb = head if head and last in knowledge()["digest_prepositions"] else verb
    text = f"{actor[:1].upper()}{actor[1:]} {verb}"
    if cluster.location:
        text += f" in {place_label(cluster.location)}"
    text += _date_phrase(cluster)
    tolls = [f"{m.text} dead" for m in (cluster.dead,) if m] + [f"{m.text} injured" for m in (cluster.injured,) if m]
    if tolls:
        text += " (" + ", ".join(tolls) + ")"
    return f"{text}; {_sources_phrase(cluster)}."


def conflict_sentence(cluster: Cluster, conflict: Conflict) -> str:
    """One sentence stating a conflict: the field and each value with its sources."""
    sides = "; ".join(f"{v.value} ({', '.join(v.sources)})" for v in conflict.values[:4])
    what = "claims" if conflict.field == "claim" else f"the {conflict.field}"
    return f"Accounts of the {cluster.type.lower()} event differ on {what}: {sides}."


def _key_quote(story: Story, docs: dict[str, Document], clusters: Sequence[Cluster]) -> tuple[Document, Quote] | None:
    weight: dict[str, int] = {}
    for c in clusters:
        for d in c.docs:
            weight[d] = weight.get(d, 0) + c.corroboration
    best = None
    for doc_id in story.docs:
        doc = docs.get(doc_id)
        if doc is None:
            continue
        for q in doc.quotes:
            n = len(q.content.text)
            if q.direct and q.speaker and QUOTE_CHARS[0] <= n <= QUOTE_CHARS[1]:
                key = (weight.get(doc_id, 0), -n)
                if best is None or key > best[0]:
                    best = (key, doc, q)
    return (best[1], best[2]) if best else None


def build_digest(story: Story, clusters: Sequence[Cluster], docs: dict[str, Document],
                 source_of: dict[str, str]) -> Digest:
    """The digest of one story from its clusters and documents."""
    ranked = sorted((c for c in clusters if c.events), key=lambda c: (-c.corroboration, -len(c.docs), c.id))
    sentences = [DigestSentence(text=event_sentence(c), clusters=(c.id,), docs=c.docs, sources=c.sources)
                 for c in ranked[:MAX_EVENTS]]
    conflicted = [(c, f) for c in sorted(clusters, key=lambda c: (-c.corroboration, c.id)) for f in c.conflicts]
    for c, f in conflicted[:MAX_CONFLICTS]:
        docs_ = tuple(dict.fromkeys(d for v in f.values for d in v.docs))
        sources = tuple(sorted({s for v in f.values for s in v.sources}))
        sentences.append(DigestSentence(text=conflict_sentence(c, f), clusters=(c.id,), docs=docs_, sources=sources))
    quote = _key_quote(story, docs, clusters)
    if quote:
        doc, q = quote
        speaker = q.speaker.text if q.speaker else ""
        content = q.content.text.strip().strip("\"“”'‘’").strip()
        sentences.append(DigestSentence(text=f"{speaker} said: “{content}”", docs=(doc.id,),
                                        sources=(source_of.get(doc.id, doc.id),)))
    return Digest(story=story.id, sentences=tuple(sentences))
