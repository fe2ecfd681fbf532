"""Stories: documents about the same story, grouped online in publication order.

Each document, taken in publication order, joins the most similar existing story or starts a new
one. Similarity is the mean cosine between the document's TF-IDF vector (words of the headline
and lead, names of people, groups and places) and the story's latest reports (average linkage,
which resists the drift of a centroid towards generic words). Candidate stories come from an
inverted index over each document's heaviest terms and must have been active within a time
window, so each document is compared with a few stories, never with every other document.

Story ids derive from the first document (``s-<docid[:10]>``): adding later documents never
renumbers earlier stories.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Sequence
from dataclasses import dataclass, field

from rashomon.link.text import Idf, Vector, cosine, light_names, name_key, normalise, tfidf, top_terms, words
from rashomon.model import Document, Story

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class StoryOptions:
    """Settings of the story clusterer (defaults tuned on the development halves of two story sets)."""

    threshold: float = 0.2  # minimum mean cosine to the story's latest reports to join it
    window_days: int = 10  # a story is a candidate while its last document is at most this old
    lead_chars: int = 3000  # how much of the body counts (headline + lead carry the story)
    title_weight: float = 2.0
    name_weight: float = 0.5
    keys: int = 12  # heaviest terms of a document used as blocking keys
    max_df: float = 0.05  # terms in more documents than this share are never blocking keys
    postings: int = 300  # only the most recent stories of a key are candidates
    centroid_terms: int = 400  # a story centroid keeps its heaviest terms only
    min_collection: int = 300  # idf of a smaller collection is computed as if it had this many documents
    linkage: str = "average"  # centroid | average | max | hybrid


def doc_terms(doc: Document, options: StoryOptions) -> dict[str, float]:
    """Weighted term counts of one document: headline and lead words, and names (``n:``)."""
    counts: dict[str, float] = {}
    title = doc.title or ""
    lead = (doc.clean_text or doc.text or "")[: options.lead_chars]
    if title and lead.startswith(title):
        lead = lead[len(title) :]
    for w in words(title):
        counts[w] = counts.get(w, 0.0) + options.title_weight
    for w in words(lead):
        counts[w] = counts.get(w, 0.0) + 1
    names = [m.name or m.text for m in doc.entities if m.start < options.lead_chars]
    names += [p.name or p.text for p in doc.places if p.start < options.lead_chars]
    names += light_names(title) + light_names(lead)
    for n in names:
        key = name_key(n)
        if key:
            counts["n:" + key] = counts.get("n:" + key, 0.0) + options.name_weight
    return counts


def _day(published: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(published[:10]) if published else None
    except ValueError:
        return None


@dataclass
class _Story:
    id: str
    centroid: dict[str, float] = field(default_factory=dict)
    docs: list[str] = field(default_factory=list)
    vectors: list[Vector] = field(default_factory=list)
    last: dt.date | None = None
    keys: set[str] = field(default_factory=set)


class StoryClusterer:
    """Online story clustering: ``add`` one document at a time; earlier assignments never change."""

    def __init__(self, idf: Idf, options: StoryOptions | None = None) -> None:
        self.idf = idf
        self.options = options or StoryOptions()
        self.stories: dict[str, _Story] = {}
        self.index: dict[str, list[str]] = {}
        self.story_of: dict[str, str] = {}
        self.compared = 0  # candidate comparisons made (for cost checks)

    def _candidates(self, keys: list[str], day: dt.date | None) -> list[_Story]:
        seen: dict[str, int] = {}
        for k in keys:
            for sid in self.index.get(k, ())[-self.options.postings :]:
                seen[sid] = seen.get(sid, 0) + 1
        out = []
        for sid in seen:
            s = self.stories[sid]
            if day and s.last and abs((day - s.last).days) > self.options.window_days:
                continue
            out.append(s)
        return out

    def add(self, doc_id: str, vec: Vector, published: str | None = None) -> str:
        """Assign one document (its unit TF-IDF vector) to a story and return the story id."""
        opts = self.options
        day = _day(published)
        limit = max(2, opts.max_df * self.idf.size)
        keys = [t for t in top_terms(vec, opts.keys * 2) if self.idf.frequency(t) <= limit][: opts.keys]
        best, best_sim = None, opts.threshold
        for s in self._candidates(keys, day):
            self.compared += 1
            sim = self._similarity(vec, s)
            if sim >= best_sim:
                best, best_sim = s, sim
        if best is None:
            sid = f"s-{doc_id[:10]}"
            if sid in self.stories:
                sid = f"s-{doc_id}"
            best = self.stories[sid] = _Story(id=sid)
        self._join(best, doc_id, vec, day, keys)
        self.story_of[doc_id] = best.id
        return best.id

    def _similarity(self, vec: Vector, s: _Story) -> float:
        link = self.options.linkage
        if link == "average":
            return sum(cosine(vec, v) for v in s.vectors[-20:]) / len(s.vectors[-20:])
        if link == "max":
            return max(cosine(vec, v) for v in s.vectors[-20:])
        if link == "hybrid":  # close to the story as a whole and to at least one of its reports
            return min(cosine(vec, s.centroid), max(cosine(vec, v) for v in s.vectors[-20:]))
        return cosine(vec, s.centroid)

    def _join(self, s: _Story, doc_id: str, vec: Vector, day: dt.date | None, keys: list[str]) -> None:
        n = len(s.docs)
        merged = {t: v * n for t, v in s.centroid.items()}
        for t, v in vec.items():
            merged[t] = merged.get(t, 0.0) + v
        if len(merged) > self.options.centroid_terms:
            merged = {t: merged[t] for t in top_terms(merged, self.options.centroid_terms)}
        s.centroid = normalise(merged)
        s.docs.append(doc_id)
        s.vectors.append(vec)
        if day and (s.last is None or day > s.last):
            s.last = day
        for k in keys:
            if k not in s.keys:
                s.keys.add(k)
                self.index.setdefault(k, []).append(s.id)


def publication_order(docs: Sequence[Document]) -> list[Document]:
    """Documents in publication order, ties (and undated documents, first) by id: independent of input order."""
    return sorted(docs, key=lambda d: ((d.published or "")[:10], d.id))


def cluster_stories(docs: Sequence[Document], options: StoryOptions | None = None) -> tuple[Story, ...]:
    """Group documents into stories (online, blocked); story title from its most central document."""
    options = options or StoryOptions()
    ordered = publication_order(docs)
    counts = [doc_terms(d, options) for d in ordered]
    idf = Idf((c.keys() for c in counts), options.min_collection)
    clusterer = StoryClusterer(idf, options)
    for d, c in zip(ordered, counts, strict=False):
        clusterer.add(d.id, tfidf(c, idf), d.published)
    log.debug("stories: %d documents, %d stories, %d comparisons", len(docs), len(clusterer.stories),
              clusterer.compared)
    titles = {d.id: d.title or d.id for d in ordered}
    stories = []
    for s in clusterer.stories.values():
        central = max(range(len(s.docs)), key=lambda i: (cosine(s.vectors[i], s.centroid), -i))
        stories.append(Story(id=s.id, title=titles[s.docs[central]], docs=tuple(s.docs)))
    return tuple(stories)
