"""Cheap text features for cross-document linking: words, light names, TF-IDF vectors, shingles.

Everything here is plain Python over strings (no parse), so linking stays fast on large corpora:
vectors are sparse ``dict[str, float]`` and all comparisons are between a handful of candidates
found through an inverted index, never all pairs.
"""

from __future__ import annotations

import functools
import math
import re
import zlib
from collections import Counter
from collections.abc import Iterable, Mapping

from anyascii import anyascii
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

Vector = dict[str, float]

_WORD = re.compile(r"[A-Za-z][A-Za-z'\-]*[A-Za-z]|[A-Za-z]")
_CAP = r"(?:[A-Z][\w'\-]*[a-z][\w'\-]*|[A-Z]{2,})"
_NAME = re.compile(_CAP + r"(?:\s+(?:(?:of|de|al|the|du|la)\s+)?" + _CAP + ")*")
_SENT_START = re.compile(r"(?:^|[.!?:\"“”]\s+|\n\s*)$")
STOP = frozenset(ENGLISH_STOP_WORDS) | frozenset(
    "said says say told according reported reports report news mr mrs ms dr new year years day days week weeks "
    "monday tuesday wednesday thursday friday saturday sunday time people just like".split()
)
# capitalised words that start sentences or headlines but name nothing
_NAME_STOP = frozenset(w.capitalize() for w in STOP) | frozenset(w.upper() for w in STOP)


def fold(text: str) -> str:
    """Lower-case ASCII form of ``text`` (accents and odd letters transliterated)."""
    return anyascii(text).lower()


@functools.lru_cache(maxsize=1 << 17)
def stem(word: str) -> str:
    """A very light stemmer: fold case, drop possessives and plural/verb endings (memoised: a corpus repeats words)."""
    w = word.lower().strip("'-")
    if w.endswith("'s"):
        w = w[:-2]
    for suffix, keep in (("ies", "y"), ("ing", ""), ("ed", ""), ("es", ""), ("s", "")):
        if w.endswith(suffix) and len(w) - len(suffix) >= 4 and not w.endswith("ss"):
            return w[: -len(suffix)] + keep
    return w


def words(text: str) -> list[str]:
    """Content words of ``text``: folded, stemmed, stop words and very short words dropped."""
    return [c for m in _WORD.finditer(anyascii(text)) if (c := _content(m.group()))]


@functools.lru_cache(maxsize=1 << 17)
def _content(word: str) -> str:
    """The stem of a content word, or ``""`` for a stop word or a very short one."""
    w = word.lower()
    return "" if len(w) < 3 or w in STOP else stem(w)


def light_names(text: str) -> list[str]:
    """Capitalised word sequences not merely starting a sentence: a parse-free stand-in for NER."""
    text = anyascii(text)
    out = []
    for m in _NAME.finditer(text):
        parts = m.group().split()
        # only the few characters before the match can tell a sentence start (searching the whole prefix was quadratic)
        if len(parts) == 1 and _SENT_START.search(text[max(0, m.start() - 40) : m.start()]):
            continue
        parts = [p for p in parts if p not in _NAME_STOP]
        if parts:
            out.append(" ".join(parts).lower())
    return out


@functools.lru_cache(maxsize=1 << 17)
def name_key(name: str) -> str:
    """Comparison key of a name: folded words joined by ``_`` (memoised: names repeat across reports)."""
    return "_".join(w for w in re.findall(r"[a-z0-9]+", fold(name)) if w not in STOP)


class Idf:
    """Inverse document frequencies over one collection; unseen terms get the largest weight."""

    def __init__(self, docs: Iterable[Iterable[str]], min_size: int = 0) -> None:
        df: Counter[str] = Counter()
        n = 0
        for terms in docs:
            n += 1
            df.update(set(terms))
        self.n = n
        self.df = df
        # a small collection is read as a sample of a larger one in which its shared words are rare
        self.size = max(n, min_size)

    def __call__(self, term: str) -> float:
        """Smoothed idf of ``term``."""
        return math.log((self.size + 1) / (self.df.get(term, 0) + 1)) + 1

    def frequency(self, term: str) -> int:
        """How many documents of the collection contain ``term``."""
        return self.df.get(term, 0)

    def add(self, terms: Iterable[str]) -> None:
        """Count one more document: the collection grows as a stream reads it (online idf)."""
        self.n += 1
        self.df.update(set(terms))
        self.size = max(self.n, self.size)


def tfidf(counts: Mapping[str, float], idf: Idf) -> Vector:
    """Unit-length sublinear TF-IDF vector of term ``counts``."""
    vec = {t: (1 + math.log(c)) * idf(t) for t, c in counts.items() if c > 0}
    return normalise(vec)


def normalise(vec: Mapping[str, float]) -> Vector:
    """``vec`` scaled to unit length (empty stays empty)."""
    norm = math.sqrt(sum(v * v for v in vec.values()))
    return {t: v / norm for t, v in vec.items()} if norm else {}


def cosine(a: Mapping[str, float], b: Mapping[str, float]) -> float:
    """Dot product of two sparse vectors (their cosine when both are unit length)."""
    if len(a) > len(b):
        a, b = b, a
    return sum([v * b[t] for t, v in a.items() if t in b])  # in ``a``'s order: the same sum in every process


def top_terms(vec: Mapping[str, float], k: int) -> list[str]:
    """The ``k`` heaviest terms of ``vec`` (ties broken by the term, so the choice is deterministic)."""
    return [t for t, _ in sorted(vec.items(), key=lambda kv: (-kv[1], kv[0]))[:k]]


def shingles(text: str, n: int = 5) -> set[int]:
    """Hashed word ``n``-grams of ``text`` (all words, folded): the unit of near-duplicate detection."""
    toks = re.findall(r"[a-z0-9]+", fold(text))
    if len(toks) < n:
        return {zlib.crc32(" ".join(toks).encode())} if toks else set()
    return {zlib.crc32(" ".join(toks[i : i + n]).encode()) for i in range(len(toks) - n + 1)}
