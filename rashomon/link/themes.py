"""What an event is about: the theme words after its trigger ("rejected any idea of an international inquiry").

Two reports of one rejection, demand or agreement name the same thing rejected, demanded or agreed, often
in other words ("an international inquiry", "the calls for an international investigation"). The theme
is read without a parse: the content words that follow the trigger in the evidence sentence, up to the
end of its clause, names (capitalised words, scored as actors and places) left out, each mapped to
its synonym group from ``data/en/themes.json``.
"""

from __future__ import annotations

import functools
import re
from typing import Any

from rashomon.data import load_json
from rashomon.link.text import STOP, stem
from rashomon.model import Event

_TOKEN = re.compile(r"[A-Za-z][A-Za-z'\-]*[A-Za-z]|[,;:()\"“”—]")


@functools.lru_cache(maxsize=1)
def knowledge() -> dict[str, Any]:
    """The theme knowledge file."""
    return load_json("en/themes.json")  # type: ignore[no-any-return]


@functools.lru_cache(maxsize=1)
def _synonyms() -> dict[str, str]:
    """Stemmed word → the key of its synonym group."""
    out: dict[str, str] = {}
    for group in knowledge()["synonyms"]:
        key = stem(group[0])
        for w in group:
            out.setdefault(stem(w), key)
    return out


@functools.lru_cache(maxsize=1)
def _breaks() -> frozenset[str]:
    return frozenset(knowledge()["clause_breaks"])


@functools.lru_cache(maxsize=1)
def theme_types() -> frozenset[str]:
    """PLOVER types whose theme tells two events apart."""
    return frozenset(knowledge()["theme_types"])


def _after_trigger(event: Event) -> str:
    """The evidence text after the trigger (located by offsets, else by its first occurrence)."""
    text, trig = event.evidence.text, event.trigger.text
    rel = event.trigger.start - event.evidence.start
    if not (0 <= rel and text[rel : rel + len(trig)] == trig):
        rel = text.find(trig)
    return text[rel + len(trig) :] if rel >= 0 and trig else ""


def theme(event: Event) -> frozenset[str]:
    """Synonym keys of the content words after the event's trigger, up to the end of the clause."""
    synonyms, breaks = _synonyms(), _breaks()
    limit = int(knowledge()["max_words"])
    out: list[str] = []
    for m in _TOKEN.finditer(_after_trigger(event)):
        tok = m.group()
        low = tok.lower()
        if not tok[0].isalpha() or low in breaks:
            break
        if tok[0].isupper() or len(low) < 3 or low in STOP:
            continue
        w = stem(low)
        out.append(synonyms.get(w, w))
        if len(out) >= limit:
            break
    return frozenset(out)


def theme_agreement(a: frozenset[str], b: frozenset[str], kind_a: str, kind_b: str) -> float:
    """Score for what two events are about: up to 1 for shared theme words (synonyms count), -0.5 when both
    are of a type whose theme tells events apart and their themes share nothing."""
    if not a or not b:
        return 0.0
    shared = len(a & b)
    if shared:
        return min(1.0, 0.5 * shared)
    types = theme_types()
    return -0.5 if kind_a in types and kind_b in types else 0.0
