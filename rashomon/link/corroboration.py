"""Independent corroboration: one outlet's several articles and syndicated copies count once.

Near-verbatim copies are found with hashed word 5-gram shingles: a sample of each document's
shingles (those whose hash falls in one residue class, so the same shingle is always sampled) goes
into an inverted index; a document sharing at least ``containment`` of its sampled shingles with an
earlier document is a copy of it. Shingles seen in many documents (boilerplate) are ignored, so the
cost stays near-linear. Evidence passages are compared too, so a wire paragraph pasted into an
otherwise original article also counts once for the event it reports.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from rashomon.link.text import shingles
from rashomon.model import Document, Event

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class CopyOptions:
    """Settings of near-duplicate detection."""

    sample: int = 4  # keep shingles whose hash % sample == 0
    containment: float = 0.5  # share of the smaller document's sampled shingles found in the other
    min_shingles: int = 8  # documents with fewer sampled shingles are too short to call copies
    max_postings: int = 50  # shingles in more documents than this are boilerplate
    passage_jaccard: float = 0.6  # evidence passages this similar come from one text
    passage_min_words: int = 12


def document_text(doc: Document) -> str:
    """The text compared for copies: cleaned text when there is one."""
    return doc.clean_text or doc.text or ""


def find_copies(docs: Sequence[Document], options: CopyOptions | None = None) -> dict[str, str]:
    """Map each document that is a near-verbatim copy to the earlier document it copies."""
    opts = options or CopyOptions()
    index: dict[int, list[int]] = {}
    sampled: list[int] = []  # how many shingles each document had sampled (the sets themselves are not kept)
    copies: dict[str, str] = {}
    ordered = sorted(range(len(docs)), key=lambda i: ((docs[i].published or "")[:10], docs[i].id))
    for pos, i in enumerate(ordered):
        sh = {h for h in shingles(document_text(docs[i])) if h % opts.sample == 0}
        sampled.append(len(sh))
        if len(sh) >= opts.min_shingles:
            shared: dict[int, int] = {}
            for h in sh:
                post = index.get(h)
                if post and len(post) <= opts.max_postings:
                    for j in post:
                        shared[j] = shared.get(j, 0) + 1
            best = None
            best_score = opts.containment
            for j, n in shared.items():
                score = n / min(len(sh), sampled[j])
                if score >= best_score and sampled[j] >= opts.min_shingles:
                    best, best_score = j, score
            if best is not None:
                original = docs[ordered[best]].id
                copies[docs[i].id] = copies.get(original, original)
        for h in sh:
            post = index.setdefault(h, [])
            if len(post) <= opts.max_postings:  # past that it is boilerplate, never read again: stop growing it
                post.append(pos)
    log.debug("corroboration: %d near-verbatim copies among %d documents", len(copies), len(docs))
    return copies


class _Groups:
    """Union-find over document ids."""

    def __init__(self, items: Iterable[str]) -> None:
        self.parent = {i: i for i in items}

    def find(self, x: str) -> str:
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def union(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def _passage_copies(events: Sequence[Event], opts: CopyOptions) -> list[tuple[str, str]]:
    """Pairs of documents whose evidence passages for these events are near-verbatim the same."""
    sets = []
    for e in events:
        text = e.evidence.text
        if len(text.split()) >= opts.passage_min_words:
            sets.append((e.doc, shingles(text, 3)))
    pairs = []
    for n, (da, sa) in enumerate(sets):
        for db, sb in sets[n + 1 :]:
            if da != db and sa and sb and len(sa & sb) / len(sa | sb) >= opts.passage_jaccard:
                pairs.append((da, db))
    return pairs


def independent_sources(events: Sequence[Event], source_of: dict[str, str], copies: dict[str, str],
                        options: CopyOptions | None = None) -> int:
    """How many independent sources report these events: one per outlet, a copy counts as its original's outlet."""
    opts = options or CopyOptions()

    def origin_source(doc: str) -> str:
        original = copies.get(doc, doc)
        return source_of.get(original, original)

    keys = {d: origin_source(d) for d in {e.doc for e in events}}
    groups = _Groups(keys.values())
    for a, b in _passage_copies(events[:200], opts):
        groups.union(keys[a], keys[b])
    return len({groups.find(k) for k in keys.values()})
