"""TIMEX3 rules as data: word tables and patterns from ``rashomon/data/en/timex/``, compiled once.

A pattern holds placeholders (``{MONTH}``, ``{NUM}``, ``{UNIT}``...) filled from ``words.json``
with named groups, so the normalisers in :mod:`rashomon.extract.timex_norm` can read what matched.
:func:`match_rules` finds every rule match in a text and keeps the longest of overlapping ones.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Any

from rashomon.data import load_json, load_jsonl
from rashomon.extract.prefilter import fold_case, required_substrings


@dataclass(frozen=True)
class Rule:
    """One compiled TIMEX rule."""

    id: str
    regex: re.Pattern[str]
    type: str
    norm: str
    args: dict[str, Any]
    order: int
    needles: frozenset[str] | None = None  # one of these is in every text the rule matches (``None``: no filter)


@dataclass(frozen=True)
class RuleMatch:
    """A rule's match in a text; ``start``/``end`` is the expression (the ``core`` group when the rule has one)."""

    rule: Rule
    match: re.Match[str]
    start: int
    end: int


@functools.lru_cache(maxsize=1)
def words() -> dict[str, Any]:
    """The word tables (``words.json``)."""
    data: dict[str, Any] = load_json("en/timex/words.json")
    return data


def _alt(items: Any, *, dot: bool = False) -> str:
    """A regex alternation of words, longest first (so "september" wins over "sep")."""
    parts = sorted({str(i) for i in items}, key=len, reverse=True)
    body = "|".join(re.escape(p).replace(r"\ ", r"\s+") for p in parts)
    return f"(?:{body})" + (r"\.?" if dot else "")


def _placeholders() -> dict[str, str]:
    w = words()
    full_months = [m for m in w["months"] if len(m) > 3 or m == "may"]
    full_days = [d for d in w["weekdays"] if d.endswith("day")]
    units = w["units"]
    singular = [u for u in units if not u.endswith("s") or u == "centuries"]
    singular = [u for u in singular if u != "centuries"]
    plural = [u for u in units if u.endswith("s") or u == "centuries"]
    small = [n for n in w["numbers"] if w["numbers"][n] < 10 and " " not in n and n not in ("a", "an")]
    tens = [n for n in w["numbers"] if n.endswith("ty")]
    num_words = _alt(w["numbers"])
    compound = f"(?:{_alt(tens)}-{_alt(small)})"
    mods = sorted(w["modifiers"], key=len, reverse=True)
    mod_alt = "|".join(re.escape(m).replace(r"\ ", r"\s+") + ("" if m.endswith("-") else r"\s+") for m in mods)
    return {
        "MONTH": rf"(?P<month>{_alt(w['months'], dot=True)})(?![a-z])",
        "MONTHFULL": rf"(?P<month>{_alt(full_months)})",
        "WEEKDAY": rf"(?P<weekday>{_alt(w['weekdays'], dot=True)})(?![a-z])",
        "WEEKDAYFULL": rf"(?P<weekday>{_alt(full_days)})",
        "DAY": r"(?P<day>3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th)?(?![\d:])",
        "YEAR": r"(?P<year>(?:1[6-9]|20)\d\d)",
        "MOD": rf"(?:(?P<mod>{mod_alt})(?:in\s+|on\s+)?)",
        "NUM": rf"(?P<num>\d+(?:[.,]\d+)?|{compound}|{num_words})",
        "VAGUE": rf"(?P<vague>{_alt(w['vague_numbers'])})",
        "UNIT": rf"(?P<unit>{_alt(units)})",
        "UNIT1": rf"(?P<unit>{_alt(singular)})",
        "UNITPL": rf"(?P<unit>{_alt(plural)})",
        "PART": rf"(?P<part>{_alt(w['parts_of_day'])})",
        "SEASON": rf"(?P<season>{_alt(w['seasons'])})",
        "ORD": rf"(?P<ord>{_alt(w['ordinals'])}|\d+(?:st|nd|rd|th))",
        "REF": rf"(?P<ref>{_alt(w['refs'])})",
        "HOLIDAY": rf"(?P<holiday>{_alt(w['holidays'])})",
        "SETWORD": rf"(?P<setword>{_alt(w['sets'])})",
    }


@functools.lru_cache(maxsize=1)
def rules() -> tuple[Rule, ...]:
    """Every rule of ``patterns.jsonl``, compiled (case-insensitive, whole words)."""
    fill = _placeholders()
    out = []
    for n, row in enumerate(load_jsonl("en/timex/patterns.jsonl")):
        pattern = re.sub(r"\{([A-Z0-9]+)\}", lambda m: fill[m.group(1)], row["pattern"])
        regex = re.compile(rf"(?<![\w'-]){pattern}(?![\w])", re.IGNORECASE)
        out.append(Rule(row["id"], regex, row["type"], row["norm"], dict(row.get("args", {})), n,
                        required_substrings(regex)))
    return tuple(out)


def match_rules(text: str, *, prefilter: bool = True) -> list[RuleMatch]:
    """Every rule match in ``text``, overlaps resolved: the longest wins, then the earlier rule.

    ``prefilter`` skips a rule whose required substrings are all absent (same result, fewer scans).
    """
    found: list[RuleMatch] = []
    folded = fold_case(text) if prefilter else ""
    for rule in rules():
        if prefilter and rule.needles is not None and not any(n in folded for n in rule.needles):
            continue
        for m in rule.regex.finditer(text):
            if "core" in rule.regex.groupindex and m.group("core") is not None:
                start, end = m.span("core")
            else:
                start, end = m.span()
            if end > start:
                found.append(RuleMatch(rule, m, start, end))
    found.sort(key=lambda r: (-(r.end - r.start), r.rule.order, r.start))
    kept: list[RuleMatch] = []
    taken: list[tuple[int, int]] = []
    for r in found:
        if all(r.end <= s or r.start >= e for s, e in taken):
            kept.append(r)
            taken.append((r.start, r.end))
    return sorted(kept, key=lambda r: r.start)
