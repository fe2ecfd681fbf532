"""Contradicting claims: quotes in one story that say opposite things about the same point.

Two quotes contradict when they share most of their content words (the same point: "falls under
the treaty") and one of them is negated or introduced by a denial verb while the other is not
("does not fall under the treaty"; "denied that the army..."). Candidate pairs come from an index
over content words inside a story, so quotes are never compared all against all.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass

from rashomon.link.compare import knowledge
from rashomon.link.text import fold, stem, words
from rashomon.model import Conflict, ConflictValue, Document, Quote

MIN_SHARED = 3  # content words two claims must share to be about the same point
MIN_JACCARD = 0.34
MAX_POSTINGS = 200
NEGATION_SCOPE = 4  # words after a negation that it bears on


@dataclass(frozen=True)
class Claim:
    """A quote reduced to what contradiction needs: its words, polarity, speaker, document and source."""

    quote: Quote
    doc: str
    source: str
    speaker: str
    words: frozenset[str]
    negative: bool  # denied as a whole (a denial verb) or containing a negation somewhere
    denied: bool = False
    tokens: tuple[str, ...] = ()  # folded tokens, negation words kept, content words stemmed


@functools.lru_cache(maxsize=1)
def _cues() -> tuple[frozenset[str], frozenset[str]]:
    k = knowledge()
    return frozenset(k["negation"]), frozenset(k["denial_cues"])


def polarity_negative(content: str, cue: str = "") -> bool:
    """Whether a claim denies (a negation word in it, or a denial verb introducing it)."""
    negation, denial = _cues()
    toks = re.findall(r"[a-z']+", fold(content).replace("n't", " n't"))
    cue_toks = set(re.findall(r"[a-z]+", fold(cue)))
    return any(t in negation for t in toks) or bool(cue_toks & denial)


def make_claim(quote: Quote, doc: Document, source: str, canon: dict[str, str]) -> Claim:
    """Prepare one quote of ``doc`` for comparison."""
    negation, denial = _cues()
    ws = frozenset(w for w in words(quote.content.text) if w not in negation and w not in denial)
    speaker = ""
    if quote.speaker:
        speaker = canon.get(quote.speaker.entity or "", "") or fold(quote.speaker.text)
    cue = quote.cue.text if quote.cue else ""
    denied = bool(set(re.findall(r"[a-z]+", fold(cue))) & denial)
    raw = re.findall(r"[a-z']+", fold(quote.content.text).replace("n't", " n't"))
    tokens = tuple(t if t in negation else stem(t) for t in raw)
    return Claim(quote, doc.id, source, speaker, ws, polarity_negative(quote.content.text, cue), denied, tokens)


def _negated_on(claim: Claim, point: frozenset[str]) -> bool:
    """Whether the claim is denied, or negates one of the words of the shared ``point`` (within a few words)."""
    if claim.denied:
        return True
    negation, _ = _cues()
    for i, t in enumerate(claim.tokens):
        if t in negation and any(w in point for w in claim.tokens[i + 1 : i + 1 + NEGATION_SCOPE]):
            return True
    return False


def contradict(a: Claim, b: Claim) -> bool:
    """Opposite polarity on the same point, from different speakers or reports."""
    if a.negative == b.negative or (a.doc == b.doc and a.speaker == b.speaker):
        return False
    point = a.words & b.words
    if len(point) < MIN_SHARED or len(point) / len(a.words | b.words) < MIN_JACCARD:
        return False
    return _negated_on(a, point) != _negated_on(b, point)


def _value(c: Claim) -> str:
    who = c.quote.speaker.text if c.quote.speaker else "unattributed"
    return f"{who}: {c.quote.content.text}"


def claim_conflicts(docs: Sequence[Document], source_of: dict[str, str], canon: dict[str, str]) -> list[Conflict]:
    """Contradicting claims among the quotes of one story's documents, one conflict per contradicting pair."""
    claims = [make_claim(q, d, source_of.get(d.id, d.id), canon) for d in docs for q in d.quotes]
    index: dict[str, list[int]] = {}
    out: list[Conflict] = []
    seen: set[tuple[int, int]] = set()
    for i, c in enumerate(claims):
        shared: dict[int, int] = {}
        for w in c.words:
            for j in index.get(w, ())[-MAX_POSTINGS:]:
                shared[j] = shared.get(j, 0) + 1
        for j, n in sorted(shared.items()):
            if n >= MIN_SHARED and (j, i) not in seen and contradict(claims[j], c):
                seen.add((j, i))
                point = claims[j].words & c.words
                pos, neg = (claims[j], c) if _negated_on(c, point) else (c, claims[j])
                out.append(Conflict(field="claim", values=tuple(
                    ConflictValue(value=_value(x), events=(x.quote.id,), docs=(x.doc,), sources=(x.source,))
                    for x in (pos, neg)
                )))
        for w in c.words:
            index.setdefault(w, []).append(i)
    return out
