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

import datetime as dt
import logging
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field

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
    min_collection: int = 300  # idf of a smaller collection is computed as if it had this many documents
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

    def close(self) -> None:
        """Drop what only candidates need (vectors, sums, keys): memory then follows the window, not the corpus."""
        self.closed = True
        self.centroid, self.vectors, self.recent, self.keys, self.embeddings = {}, [], {}, set(), None


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
    for near-linear growth, independent of the machine's load).
    """
    options = options or StoryOptions()
    ordered = publication_order(docs)
    terms = _TermCounts(doc_terms(d, options) for d in ordered)  # compact: ids and weights, no dicts kept
    idf = Idf(terms.documents(), options.min_collection)
    clusterer = StoryClusterer(idf, options)
    embeddings = _embeddings(ordered, options)
    for i, d in enumerate(ordered):
        clusterer.add(d.id, tfidf(terms.counts(i), idf), d.published, None if embeddings is None else embeddings[i])
    log.debug("stories: %d documents, %d stories, %d comparisons", len(docs), len(clusterer.stories),
              clusterer.compared)
    if stats is not None:
        stats["comparisons"] = clusterer.compared
    position = {d.id: i for i, d in enumerate(ordered)}
    stories = []
    for s in clusterer.stories.values():
        vectors = [tfidf(terms.counts(position[d]), idf) for d in s.docs]
        centroid = _sum(vectors)
        central = max(range(len(s.docs)), key=lambda i: (cosine(vectors[i], centroid), -i))
        doc = ordered[position[s.docs[central]]]
        stories.append(Story(id=s.id, title=doc.title or doc.id, docs=tuple(s.docs)))
    return tuple(stories)


def _sum(vectors: Sequence[Vector]) -> Vector:
    total: Vector = {}
    for vec in vectors:
        for t, v in vec.items():
            total[t] = total.get(t, 0.0) + v
    return total


class _TermCounts:
    """Weighted term counts of many documents, held as arrays of term ids (a dict each would cost ~20x more)."""

    def __init__(self, counts: Iterable[dict[str, float]]) -> None:
        vocab: dict[str, int] = {}  # term -> id, only while reading: ``terms`` maps back
        self._ids: list[np.ndarray] = []
        self._weights: list[np.ndarray] = []
        for c in counts:
            ids = [vocab.setdefault(t, len(vocab)) for t in c]
            self._ids.append(np.array(ids, dtype=np.int32))
            self._weights.append(np.array(list(c.values()), dtype=np.float64))
        self.terms = list(vocab)

    def documents(self) -> Iterator[list[str]]:
        """The terms of each document, in order."""
        for ids in self._ids:
            yield [self.terms[i] for i in ids.tolist()]

    def counts(self, i: int) -> dict[str, float]:
        """The term counts of document ``i``, in their original order."""
        terms = self.terms
        return dict(zip([terms[t] for t in self._ids[i].tolist()], self._weights[i].tolist(), strict=True))
