"""Literal prefilters for regular expressions: the substrings a text must hold for a pattern to match it.

Scanning a text with a regex costs time at every position even where it never matches. From a
pattern's parse tree, :func:`required_substrings` derives a set of lower-case strings one of which
every match contains, so a caller can skip the scan when none is in the :func:`fold_case`-d text. The
derivation only ever widens (a branch it cannot read gives no filter), so skipping is exact.
"""

from __future__ import annotations

import re
import re._constants as sre  # type: ignore[import-not-found,unused-ignore]
import re._parser as sre_parse  # type: ignore[import-not-found,unused-ignore]
from dataclasses import dataclass
from typing import Any

MAX_EXACT = 256  # most alternatives an exact set keeps before it is given up as a filter
MAX_CLASS = 16  # most characters a [...] class may hold to count as exact

# characters Python's case-insensitive matching equates with ASCII letters that str.lower() does not map so
_FOLD = str.maketrans({"\u0130": "i", "\u0131": "i", "\u017f": "s"})


def fold_case(text: str) -> str:
    """``text`` lower-cased the way :func:`required_substrings` expects (also for ``re.IGNORECASE`` patterns)."""
    return text.translate(_FOLD).lower()


@dataclass(frozen=True)
class _Info:
    exact: frozenset[str] | None  # every string the node can match, when few
    must: frozenset[str] | None  # each match contains one of these


_UNKNOWN = _Info(None, None)
_EMPTY = _Info(frozenset({""}), None)


def required_substrings(regex: re.Pattern[str] | str) -> frozenset[str] | None:
    """Lower-case strings one of which is in every text ``regex`` matches, or ``None`` when none can be named."""
    if isinstance(regex, str):
        regex = re.compile(regex)
    return _as_must(_sequence(sre_parse.parse(regex.pattern, regex.flags)))


def _as_must(info: _Info) -> frozenset[str] | None:
    candidates = [s for s in (info.must, info.exact) if s and "" not in s]
    return max(candidates, key=_strength) if candidates else None


def _strength(options: frozenset[str]) -> tuple[int, int]:
    """A filter is better the longer its shortest string and the fewer its strings."""
    return min(len(s) for s in options), -len(options)


def _sequence(items: Any) -> _Info:
    candidates: list[frozenset[str]] = []
    current: frozenset[str] | None = frozenset({""})
    whole = True
    for op, av in items:
        info = _node(op, av)
        if info.must:
            candidates.append(info.must)
        if info.exact is not None and current is not None and len(current) * len(info.exact) <= MAX_EXACT:
            current = frozenset(a + b for a in current for b in info.exact)
            continue
        whole = False
        if current is not None and "" not in current:
            candidates.append(current)
        current = info.exact
    if current is not None and "" not in current:
        candidates.append(current)
    must = max(candidates, key=_strength) if candidates else None
    return _Info(current if whole else None, must)


def _node(op: Any, av: Any) -> _Info:
    if op is sre.LITERAL:
        return _Info(frozenset({chr(av).lower()}), None) if av < 128 else _UNKNOWN
    if op is sre.IN:
        return _char_class(av)
    if op in (sre.AT, sre.ASSERT, sre.ASSERT_NOT):
        return _EMPTY  # zero width
    if op is sre.SUBPATTERN:
        return _sequence(av[3])
    if op is sre.ATOMIC_GROUP:
        return _sequence(av)
    if op is sre.BRANCH:
        return _branch([_sequence(alt) for alt in av[1]])
    if op in (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT):
        return _repeat(av[0], av[1], _sequence(av[2]))
    return _UNKNOWN  # any character, negated literal, back reference, conditional...


def _char_class(items: Any) -> _Info:
    chars: set[str] = set()
    for op, av in items:
        if op is sre.LITERAL and av < 128:
            chars.add(chr(av).lower())
        elif op is sre.RANGE and av[1] < 128 and av[1] - av[0] < MAX_CLASS:
            chars.update(chr(c).lower() for c in range(av[0], av[1] + 1))
        else:
            return _UNKNOWN  # a category, a negation, a wide or non-ASCII range
    return _Info(frozenset(chars), None) if len(chars) <= MAX_CLASS else _UNKNOWN


def _branch(alternatives: list[_Info]) -> _Info:
    exacts = [a.exact for a in alternatives]
    exact = frozenset().union(*exacts) if all(e is not None for e in exacts) else None  # type: ignore[arg-type]
    if exact is not None and len(exact) > MAX_EXACT:
        exact = None
    musts = [_as_must(a) for a in alternatives]
    must = frozenset().union(*musts) if all(m is not None for m in musts) else None  # type: ignore[arg-type]
    return _Info(exact, must)


def _repeat(low: int, high: int, inner: _Info) -> _Info:
    if high == 0:
        return _EMPTY
    if low == 0:
        exact = inner.exact | {""} if high == 1 and inner.exact is not None else None
        return _Info(exact, None)
    return _Info(inner.exact if low == high == 1 else None, _as_must(inner))
