"""Stories: documents about the same story, grouped online in publication order.

Each document, taken in publication order, joins the most similar existing story or starts a new
one. Similarity is the mean cosine between the document's TF-IDF vector (words of the headline
and lead, names of people, groups and places) and the story's latest reports (average linkage,
which resists the drift of a centroid towards generic words). Candidate stories come from an
inverted index over each document's heaviest terms and must have been active within a time
window, so each document is compared with a few stories, never with every other document.

The best story must clear the threshold *on top of* a share of the runners-up' mean score: where
many stories share a document's generic words (one domain, no dates to separate them), the bar
rises; where the best story stands alone, the plain threshold applies. Numbers count as terms
(``881K`` and ``881,000`` alike), which tells apart recurring stories (weekly figures, tolls).

With the optional ``[semantic]`` extra installed (see ``rashomon.link.semantic``), each document
also carries a sentence embedding of its headline and lead; the score to a story is then a blend
of the lexical and the embedding average linkage, and locality-sensitive hashes of the embedding
(random hyperplanes, fixed seed) are extra blocking keys, so paraphrases that share no heavy
term still meet.

Story ids derive from the first document (``s-<docid[:10]>``): adding later documents never
renumbers earlier stories.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
import logging
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from rashomon.link.text import Idf, Vector, cosine, light_names, name_key, normalise, tfidf, top_terms, words
from rashomon.model import Document, Story

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class StoryOptions:
    """Settings of the story clusterer (defaults tuned on two story sets, AllSides and ECB+; see docs/EVALUATION.md)."""

    threshold: float = 0.12  # minimum mean cosine to the story's latest reports to join it (after ``background``)
    window_days: int = 10  # a story is a candidate while its last document is at most this old
    lead_chars: int = 3000  # how much of the body counts (headline + lead carry the story)
    title_weight: float = 2.0
    name_weight: float = 0.5
    number_weight: float = 2.0  # numbers (``#881000``: counts, tolls, sums) as terms
    keys: int = 12  # heaviest terms of a document used as blocking keys
    max_df: float = 0.05  # terms in more documents than this share are never blocking keys
    postings: int = 300  # only the most recent stories of a key are candidates
    candidates: int = 25  # at most this many candidates (most shared keys first; 0: no cap) keep cost flat as density grows
    centroid_terms: int = 400  # a story centroid keeps its heaviest terms only
    min_collection: int = 3000  # idf of a smaller collection is computed as if it had this many documents
    online_idf: bool = True  # idf of each document from the documents before it: later ones never change it (resumable)
    linkage: str = "average"  # centroid | average | max | hybrid
    members: int = 20  # linkage is computed against a story's latest reports only
    background: float = 0.8  # share of the runners-up' mean score the best story must clear on top of the threshold
    background_k: int = 3  # how many runners-up make that background
    semantic: bool | None = None  # blend sentence embeddings in (None: if RASHOMON_SEMANTIC=on)
    semantic_weight: float = 0.5  # share of the embedding cosine in the blended score
    semantic_threshold: float = 0.37  # minimum blended score to join a story (after ``semantic_background``)
    semantic_linkage: str = "mix"  # average | max | mix (mean of the two)
    semantic_background: float = 0.3  # as ``background``, for the blended score
    semantic_top: int = 8  # only the candidates closest in embedding space get the (slower) lexical score
    lsh_bands: int = 8  # embedding blocking keys: bands of random-hyperplane sign bits
    lsh_bits: int = 8


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
    if options.number_weight:
        for value in numbers(title + " " + lead):
            counts["#" + value] = counts.get("#" + value, 0.0) + options.number_weight
    return counts


_NUMBER = re.compile(r"(?<![\w.])(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)\s*(k\b|thousand|million|billion|trillion|%|percent)?",
                     re.IGNORECASE)
_SCALE = {"k": 1e3, "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}


def numbers(text: str) -> list[str]:
    """Numbers of ``text`` as comparable keys: ``881K``, ``881,000`` and ``881 thousand`` all give ``881000``."""
    out = []
    for m in _NUMBER.finditer(text):
        value = float(m.group(1).replace(",", ""))
        unit = (m.group(2) or "").lower()
        if unit in _SCALE:
            value *= _SCALE[unit]
        elif value < 10:  # one, two, three of something: too common to tell stories apart
            continue
        key = f"{value:.3g}" if value >= 10000 else f"{value:g}"
        out.append(key + ("%" if unit in {"%", "percent"} else ""))
    return out


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
    embeddings: np.ndarray | None = None  # unit embeddings of the latest reports, one row each
    recent: dict[str, float] = field(default_factory=dict)  # sum of the latest reports' vectors (average linkage)
    closed: bool = False  # out of the time window for good: its vectors are dropped, only ``docs`` remain
    central: str = ""  # set on closing: the report most like the story's latest ones (its title)

    def close(self) -> None:
        """Drop what only candidates need (vectors, sums, keys): memory then follows the window, not the corpus."""
        self.central = self.most_central()
        self.closed = True
        self.centroid, self.vectors, self.recent, self.keys, self.embeddings = {}, [], {}, set(), None

    def most_central(self) -> str:
        """Of the latest reports, the one closest to their sum (vectors as they were on arrival: stable)."""
        if self.closed:
            return self.central
        first = len(self.docs) - len(self.vectors)
        best = max(range(len(self.vectors)), key=lambda i: (cosine(self.vectors[i], self.recent), -i), default=None)
        return self.docs[first + best] if best is not None else self.docs[0]

    def state(self) -> dict[str, Any]:
        """This story as JSON-able data (exact floats and key order: a restored story scores identically)."""
        return {"id": self.id, "docs": self.docs, "last": self.last.isoformat() if self.last else None,
                "closed": self.closed, "central": self.central, "centroid": self.centroid, "vectors": self.vectors,
                "recent": self.recent, "keys": sorted(self.keys)}

    @classmethod
    def from_state(cls, d: dict[str, Any]) -> _Story:
        """The story ``state`` wrote."""
        return cls(id=d["id"], docs=d["docs"], last=dt.date.fromisoformat(d["last"]) if d["last"] else None,
                   closed=d["closed"], central=d["central"], centroid=d["centroid"], vectors=d["vectors"],
                   recent=d["recent"], keys=set(d["keys"]))


class StoryClusterer:
    """Online story clustering: ``add`` one document at a time; earlier assignments never change."""

    def __init__(self, idf: Idf, options: StoryOptions | None = None) -> None:
        self.idf = idf
        self.options = options or StoryOptions()
        self.stories: dict[str, _Story] = {}
        self.index: dict[str, list[str]] = {}
        self.story_of: dict[str, str] = {}
        self.compared = 0  # candidate comparisons made (for cost checks)
        self._planes: np.ndarray | None = None
        self._active: dict[str, _Story] = {}  # stories not yet closed
        self._today: dt.date | None = None  # latest publication day seen

    def state(self) -> dict[str, Any]:
        """The clusterer's whole state (idf included) as JSON-able data; ``from_state`` resumes from it."""
        return {"idf": {"n": self.idf.n, "size": self.idf.size, "df": dict(sorted(self.idf.df.items()))},
                "stories": [s.state() for s in self.stories.values()], "index": self.index,
                "today": self._today.isoformat() if self._today else None, "compared": self.compared}

    @classmethod
    def from_state(cls, state: dict[str, Any], options: StoryOptions) -> StoryClusterer:
        """A clusterer in the state ``state`` describes (lexical only: embeddings are not kept)."""
        idf = Idf([], options.min_collection)
        idf.n, idf.size, idf.df = state["idf"]["n"], state["idf"]["size"], Counter(state["idf"]["df"])
        clusterer = cls(idf, options)
        for d in state["stories"]:
            s = clusterer.stories[d["id"]] = _Story.from_state(d)
            if not s.closed:
                clusterer._active[s.id] = s
        clusterer.story_of = {d: s.id for s in clusterer.stories.values() for d in s.docs}
        clusterer.index = state["index"]
        clusterer._today = dt.date.fromisoformat(state["today"]) if state["today"] else None
        clusterer.compared = state["compared"]
        return clusterer

    def _lsh_keys(self, emb: np.ndarray) -> list[str]:
        """Blocking keys of an embedding: one sign pattern per band of random hyperplanes."""
        o = self.options
        if self._planes is None or self._planes.shape[1] != emb.shape[0]:
            rng = np.random.default_rng(20180101)
            self._planes = rng.standard_normal((o.lsh_bands * o.lsh_bits, emb.shape[0])).astype(np.float32)
        bits = (self._planes @ emb) > 0
        return [f"e{b}:" + "".join("1" if x else "0" for x in bits[b * o.lsh_bits : (b + 1) * o.lsh_bits])
                for b in range(o.lsh_bands)]

    def _candidates(self, keys: list[str], day: dt.date | None, weight: Vector | None = None) -> list[_Story]:
        """Stories in the window sharing a key; capped to those sharing the heaviest keys (``weight`` of each)."""
        seen: dict[str, float] = {}
        postings = self.options.postings
        for k in keys:
            sids = self.index.get(k)
            if not sids:
                continue
            if len(sids) > postings and self.stories[sids[0]].closed:  # drop closed stories from long lists
                sids[:] = [sid for sid in sids if not self.stories[sid].closed]
            w = weight.get(k, 1.0) if weight else 1.0
            for sid in sids[-postings:]:
                seen[sid] = seen.get(sid, 0.0) + w
        out = []
        for sid, shared in seen.items():
            s = self.stories[sid]
            if s.closed or (day and s.last and abs((day - s.last).days) > self.options.window_days):
                continue
            out.append((shared, s))
        cap = self.options.candidates
        if cap and len(out) > cap:  # stable: among equals, the order of first sight stays
            out = sorted(out, key=lambda x: -x[0])[:cap]
        return [s for _, s in out]

    def add(self, doc_id: str, vec: Vector, published: str | None = None, embedding: np.ndarray | None = None) -> str:
        """Assign one document (unit TF-IDF vector, optional unit embedding) to a story; return its id."""
        opts = self.options
        day = _day(published)
        self._close_before(day)
        limit = max(2, opts.max_df * self.idf.size)
        keys = [t for t in top_terms(vec, opts.keys * 2) if self.idf.frequency(t) <= limit][: opts.keys]
        if embedding is not None:
            keys += self._lsh_keys(embedding)
        threshold, share = (opts.threshold, opts.background) if embedding is None else \
            (opts.semantic_threshold, opts.semantic_background)
        candidates = self._candidates(keys, day, vec)
        if embedding is not None:
            candidates = self._closest(candidates, embedding)
        scored: list[tuple[float, int]] = []
        for i, s in enumerate(candidates):
            self.compared += 1
            if embedding is not None and s.embeddings is not None:
                scored.append((self._blended(vec, embedding, s), -i))
            else:
                scored.append((self._similarity(vec, s), -i))
        scored.sort(reverse=True)
        best = None
        if scored:
            others = [sim for sim, _ in scored[1 : 1 + opts.background_k]]
            background = sum(others) / len(others) if others else 0.0
            if scored[0][0] - share * background >= threshold:
                best = candidates[-scored[0][1]]
        if best is None:
            sid = f"s-{doc_id[:10]}"
            if sid in self.stories:
                sid = f"s-{doc_id}"
            best = self.stories[sid] = self._active[sid] = _Story(id=sid)
        self._join(best, doc_id, vec, day, keys)
        if embedding is not None:
            rows = embedding[None, :] if best.embeddings is None else np.vstack([best.embeddings, embedding])
            best.embeddings = rows[-opts.members :]
        self.story_of[doc_id] = best.id
        return best.id

    def _close_before(self, day: dt.date | None) -> None:
        """Close the stories whose last report is older than the window before ``day`` (input in publication order)."""
        if day is None or (self._today is not None and day <= self._today):
            return
        self._today = day
        window = self.options.window_days
        for sid, s in list(self._active.items()):
            if s.last is not None and (day - s.last).days > window:
                s.close()
                del self._active[sid]

    def _closest(self, candidates: list[_Story], embedding: np.ndarray) -> list[_Story]:
        """The candidates nearest in embedding space (mean cosine to their latest reports), best first."""
        dense = [(float((s.embeddings @ embedding).mean()), i) for i, s in enumerate(candidates) if s.embeddings is not None]
        dense.sort(reverse=True)
        return [candidates[i] for _, i in dense[: self.options.semantic_top]]

    def _blended(self, vec: Vector, embedding: np.ndarray, s: _Story) -> float:
        """Linkage over the story's latest reports of the blended (lexical + embedding) cosine."""
        o = self.options
        assert s.embeddings is not None
        recent = s.vectors[-o.members :]
        lexical = np.array([cosine(vec, v) for v in recent])
        dense = s.embeddings @ embedding
        sims = (1 - o.semantic_weight) * lexical + o.semantic_weight * dense
        if o.semantic_linkage == "average":
            return float(sims.mean())
        if o.semantic_linkage == "max":
            return float(sims.max())
        return float(0.5 * sims.mean() + 0.5 * sims.max())  # mix: the story as a whole and its closest report

    def _similarity(self, vec: Vector, s: _Story) -> float:
        link, recent = self.options.linkage, s.vectors[-self.options.members :]
        if link == "average":  # mean of the cosines = one dot product with the sum of the latest vectors
            return cosine(vec, s.recent) / len(recent)
        if link == "max":
            return max(cosine(vec, v) for v in recent)
        if link == "hybrid":  # close to the story as a whole and to at least one of its reports
            return min(cosine(vec, s.centroid), max(cosine(vec, v) for v in recent))
        return cosine(vec, s.centroid)

    def _join(self, s: _Story, doc_id: str, vec: Vector, day: dt.date | None, keys: list[str]) -> None:
        if self.options.linkage in ("centroid", "hybrid"):  # a running centroid only where the linkage reads it
            n = len(s.docs)
            merged = {t: v * n for t, v in s.centroid.items()}
            for t, v in vec.items():
                merged[t] = merged.get(t, 0.0) + v
            if len(merged) > self.options.centroid_terms:
                merged = {t: merged[t] for t in top_terms(merged, self.options.centroid_terms)}
            s.centroid = normalise(merged)
        s.docs.append(doc_id)
        s.vectors.append(vec)
        members = self.options.members
        for t, v in vec.items():
            s.recent[t] = s.recent.get(t, 0.0) + v
        if len(s.vectors) > members:  # the oldest report leaves the window: subtract it, drop what it alone held
            for t, v in s.vectors[0].items():
                left = s.recent[t] - v
                if abs(left) < 1e-9:
                    del s.recent[t]
                else:
                    s.recent[t] = left
            del s.vectors[0]
        if day and (s.last is None or day > s.last):
            s.last = day
        for k in keys:
            if k not in s.keys:
                s.keys.add(k)
                self.index.setdefault(k, []).append(s.id)


def publication_order(docs: Sequence[Document]) -> list[Document]:
    """Documents in publication order, ties (and undated documents, first) by id: independent of input order."""
    return sorted(docs, key=lambda d: ((d.published or "")[:10], d.id))


def use_semantic(options: StoryOptions) -> bool:
    """Whether sentence embeddings take part: as the options say, else as ``RASHOMON_SEMANTIC`` says (default off).

    Opt-in rather than "on when installed", so that installing the extra never silently changes which
    stories an existing corpus gets; asking for it without the extra installed is an error, not a fallback.
    """
    from rashomon.link import semantic

    wanted = semantic.requested() if options.semantic is None else options.semantic
    if wanted and not semantic.available():
        raise RuntimeError("semantic story linking needs the extra: pip install 'rashomon[semantic]'")
    return wanted


def _embeddings(docs: Sequence[Document], options: StoryOptions) -> np.ndarray | None:
    if not docs or not use_semantic(options):
        return None
    from rashomon.link import semantic

    return semantic.embed([semantic.story_text(d.title, d.clean_text or d.text or "") for d in docs])


def cluster_stories(docs: Sequence[Document], options: StoryOptions | None = None,
                    stats: dict[str, int] | None = None) -> tuple[Story, ...]:
    """Group documents into stories (online, blocked); story title from its most central document.

    ``stats``, when given, receives the number of document-to-story comparisons made (the cost to check
    for near-linear growth, independent of the machine's load) and of documents read (``read``).
    """
    return run_stories(docs, options, stats=stats)[0]


def run_stories(docs: Sequence[Document], options: StoryOptions | None = None, *, resume: str = "",
                stats: dict[str, int] | None = None) -> tuple[tuple[Story, ...], str]:
    """Stories of ``docs`` and a checkpoint: the clusterer's state before the last publication day.

    Given the checkpoint of an earlier run (``resume``) whose documents before that day are still exactly
    the documents before it, only the documents from that day on are read again: the stories equal those
    of a run from scratch, since with the online idf a document's story depends only on those before it.
    The checkpoint is ``""`` where it cannot serve (semantic blending, idf over the whole set).
    """
    options = options or StoryOptions()
    ordered = publication_order(docs)
    embeddings = _embeddings(ordered, options)
    resumable = options.online_idf and embeddings is None
    days = [(d.published or "")[:10] for d in ordered]
    settings = json.dumps(dataclasses.asdict(options), sort_keys=True)
    clusterer, start = _resumed(resume, settings, ordered, days, options) if resumable else (None, 0)
    online = options.online_idf
    if clusterer is None:
        clusterer, start = StoryClusterer(Idf([] if online else (doc_terms(d, options) for d in ordered),
                                              options.min_collection), options), 0
    idf = clusterer.idf
    checkpoint = ""
    for i in range(start, len(ordered)):
        d = ordered[i]
        if resumable and not checkpoint and days[i] == days[-1]:
            checkpoint = _checkpoint(clusterer, settings, ordered[:i], days[i])
        counts = doc_terms(d, options)
        if online:
            idf.add(counts)
        clusterer.add(d.id, tfidf(counts, idf), d.published, None if embeddings is None else embeddings[i])
    if resumable and not checkpoint:  # nothing from the last day was read again: the resumed state is the checkpoint
        checkpoint = resume
    log.debug("stories: %d documents (%d read), %d stories, %d comparisons", len(docs), len(ordered) - start,
              len(clusterer.stories), clusterer.compared)
    if stats is not None:
        stats["comparisons"] = clusterer.compared
        stats["read"] = len(ordered) - start
    by_id = {d.id: d for d in ordered}
    stories = []
    for s in clusterer.stories.values():
        central = by_id[s.most_central()]
        stories.append(Story(id=s.id, title=central.title or central.id, docs=tuple(s.docs)))
    return tuple(stories), checkpoint


def _ids_digest(docs: Sequence[Document]) -> str:
    return hashlib.sha256("\n".join(d.id for d in docs).encode()).hexdigest()


def _checkpoint(clusterer: StoryClusterer, settings: str, before: Sequence[Document], day: str) -> str:
    """The clusterer's state with what it covers: the documents before ``day``, and the settings."""
    return json.dumps({"day": day, "settings": settings, "count": len(before), "ids": _ids_digest(before),
                       "state": clusterer.state()}, ensure_ascii=False, separators=(",", ":"))


def _resumed(resume: str, settings: str, ordered: Sequence[Document], days: Sequence[str],
             options: StoryOptions) -> tuple[StoryClusterer | None, int]:
    """The clusterer restored from ``resume`` and where to go on, or ``(None, 0)`` if it does not fit ``ordered``."""
    if not resume:
        return None, 0
    try:
        point = json.loads(resume)
        day, count = point["day"], point["count"]
        if point["settings"] != settings or count > len(ordered) or (count < len(ordered) and days[count] < day) \
                or (count and days[count - 1] >= day) or _ids_digest(ordered[:count]) != point["ids"]:
            return None, 0
        return StoryClusterer.from_state(point["state"], options), count
    except (ValueError, KeyError, TypeError) as exc:
        log.warning("stories: checkpoint unusable (%s); clustering from scratch", exc)
        return None, 0
