"""Figures such as "at least 30", "nine", "dozens", "more than 1,000" → :class:`Magnitude` ``{min, max, text}``.

Knowledge lives in ``data/en/plover/quantities.tsv`` (number words, vague quantities) and
``bounds.tsv`` (bound words). A vague plural is a range with an open top ("dozens" = 24..None),
a lower bound has no max ("at least 30" = 30..None), an upper bound no min ("up to 16" = None..16).
"""

from __future__ import annotations

import functools
import re

from rashomon.data import load_tsv
from rashomon.model import Magnitude

_DIGITS = re.compile(r"^\d{1,3}(?:[,.]\d{3})+$|^\d+$")


@functools.lru_cache(maxsize=1)
def _tables() -> tuple[dict[str, tuple[str, int | None, int | None]], dict[str, str]]:
    words = {}
    for row in load_tsv("en/plover/quantities.tsv"):
        lo = int(row["min"]) if row["min"] else None
        words[row["word"].lower()] = (row["kind"], lo, int(row["max"]) if row["max"] else None)
    bounds = {row["phrase"].lower(): row["effect"] for row in load_tsv("en/plover/bounds.tsv")}
    return words, bounds


def _number(word: str) -> int | None:
    w = word.lower()
    if _DIGITS.match(w):
        return int(re.sub(r"[,.]", "", w))
    if "-" in w:  # twenty-five
        parts = [_number(p) for p in w.split("-")]
        if all(p is not None for p in parts):
            return sum(p for p in parts if p is not None)
    words, _ = _tables()
    kind, lo, _hi = words.get(w, ("", None, None))
    return lo if kind == "number" else None


def parse_quantity(text: str) -> Magnitude | None:
    """The figure stated at the start of ``text`` ("at least 30 people" → 30..None), or None if there is none."""
    words, bounds = _tables()
    tokens = re.findall(r"[A-Za-z]+(?:-[A-Za-z]+)*|\d[\d,.]*\d|\d", text)
    lowered = [t.lower() for t in tokens]
    effect = "exact"
    i = 0
    for n in (3, 2, 1):  # bound phrase at the start
        phrase = " ".join(lowered[:n])
        if len(lowered) >= n and phrase in bounds:
            effect, i = bounds[phrase], n
            break
    if i < len(lowered) and lowered[i] in ("the", "some") and effect == "exact":
        i += 1
    for n in (3, 2, 1):  # vague quantity
        phrase = " ".join(lowered[i:i + n])
        if len(lowered) >= i + n and words.get(phrase, ("",))[0] == "vague":
            _kind, lo, hi = words[phrase]
            return Magnitude(lo, hi, _surface(text, tokens, i + n))
    value = None
    j = i
    while j < len(lowered):
        num = _number(lowered[j])
        kind = words.get(lowered[j], ("",))[0]
        if num is not None and value is None:
            value = num
        elif kind == "scale" and value is not None:
            value *= words[lowered[j]][1] or 1
        elif kind == "scale" and value is None:
            value = words[lowered[j]][1]
        elif lowered[j] == "and" and value is not None and j + 1 < len(lowered) and _number(lowered[j + 1]) is not None:
            value += _number(lowered[j + 1]) or 0
            j += 1
        else:
            break
        j += 1
    if value is None:
        return None
    surface = _surface(text, tokens, j)
    if effect == "min":
        return Magnitude(value, None, surface)
    if effect == "above":
        return Magnitude(value + 1, None, surface)
    if effect == "max":
        return Magnitude(None, value, surface)
    if effect == "below":
        return Magnitude(None, max(value - 1, 0), surface)
    return Magnitude(value, value, surface)


def _surface(text: str, tokens: list[str], n: int) -> str:
    """The stretch of ``text`` covering its first ``n`` word tokens."""
    pos = 0
    end = 0
    for tok in tokens[:n]:
        k = text.find(tok, pos)
        if k < 0:
            break
        pos = end = k + len(tok)
    start = len(text) - len(text.lstrip())
    return text[start:end]


def combine(a: Magnitude | None, b: Magnitude | None) -> Magnitude | None:
    """Keep the better-specified of two figures for one field (exact beats a range, higher min wins)."""
    if a is None or b is None:
        return a or b
    if (a.min is not None) != (b.min is not None):
        return a if a.min is not None else b
    return a if (a.min or 0) >= (b.min or 0) else b
