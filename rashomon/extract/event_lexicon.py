"""The PLOVER coding knowledge (``rashomon/data/en/plover/``) loaded once into lookup tables."""

from __future__ import annotations

import functools
from dataclasses import dataclass, field

from rashomon.data import load_json, load_tsv

BASE = "en/plover/"
HOSTILE = frozenset({"ASSAULT", "COERCE", "SANCTION", "THREATEN", "MOBILIZE", "PROTEST", "ACCUSE", "REJECT"})


@dataclass(frozen=True)
class Entry:
    """One trigger pattern: lemmas, part of speech (V/N/A), PLOVER type, mode and flags."""

    words: tuple[str, ...]
    pos: str
    type: str
    mode: str | None
    flags: frozenset[str]


@dataclass(frozen=True)
class Lexicon:
    """Trigger entries indexed for matching, plus cue, mode, role and mapping tables."""

    verbs: dict[str, list[Entry]] = field(default_factory=dict)  # first lemma -> entries (longest first)
    nouns: dict[str, list[Entry]] = field(default_factory=dict)  # last lemma -> entries (longest first)
    adjectives: dict[str, Entry] = field(default_factory=dict)
    light: frozenset[str] = frozenset()
    cues: dict[str, frozenset[str]] = field(default_factory=dict)  # kind -> cue lemmas
    modes: dict[str, dict[str, str]] = field(default_factory=dict)  # type -> lemma -> mode
    roles: dict[str, tuple[str, frozenset[str]]] = field(default_factory=dict)
    cameo: tuple[tuple[str, str, str], ...] = ()
    classes: dict[str, frozenset[str]] = field(default_factory=dict)  # "@CLASS" -> lemmas
    contexts: dict[str, str] = field(default_factory=dict)  # cue lemma -> PLOVER context
    acled: tuple[dict[str, str], ...] = ()


def _entry(row: dict[str, str]) -> Entry:
    return Entry(
        words=tuple(row["pattern"].lower().split()),
        pos=row["pos"],
        type=row["type"] or "",
        mode=row.get("mode") or None,
        flags=frozenset(f for f in (row.get("flags") or "").split(",") if f),
    )


@functools.lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    """Load every PLOVER knowledge file once."""
    verbs: dict[str, list[Entry]] = {}
    nouns: dict[str, list[Entry]] = {}
    adjectives: dict[str, Entry] = {}
    light: set[str] = set()
    for row in load_tsv(BASE + "triggers.tsv"):
        e = _entry(row)
        if "light" in e.flags:
            light.add(" ".join(e.words))
            continue
        if e.pos == "V":
            verbs.setdefault(e.words[0], []).append(e)
        elif e.pos == "N":
            nouns.setdefault(e.words[-1], []).append(e)
        elif e.pos == "A":
            adjectives[e.words[0]] = e
    for table in (verbs, nouns):
        for entries in table.values():
            entries.sort(key=lambda e: -len(e.words))
    cues: dict[str, set[str]] = {}
    for row in load_tsv(BASE + "cues.tsv"):
        cues.setdefault(row["kind"], set()).add(row["cue"].lower())
    modes: dict[str, dict[str, str]] = {}
    for row in load_tsv(BASE + "modes.tsv"):
        modes.setdefault(row["type"], {})[row["lemma"].lower()] = row["mode"]
    roles = {r["type"]: (r["object"], frozenset(p for p in r["preps"].split(",") if p)) for r in load_tsv(BASE + "roles.tsv")}
    cameo = tuple((r["type"], r["mode"], r["cameo"]) for r in load_tsv(BASE + "cameo.tsv"))
    classes: dict[str, set[str]] = {}
    for row in load_tsv(BASE + "classes.tsv"):
        classes.setdefault(row["class"], set()).add(row["lemma"].lower())
    return Lexicon(
        verbs=verbs, nouns=nouns, adjectives=adjectives, light=frozenset(light),
        cues={k: frozenset(v) for k, v in cues.items()}, modes=modes, roles=roles,
        cameo=cameo, acled=load_tsv(BASE + "acled.tsv"), classes={k: frozenset(v) for k, v in classes.items()},
        contexts={r["lemma"].lower(): r["context"] for r in load_tsv(BASE + "contexts.tsv")},
    )


def in_class(tok_lemma: str, name: str) -> bool:
    """Whether a lemma belongs to word class ``name`` of ``classes.tsv``."""
    return tok_lemma in lexicon().classes.get(name.upper(), frozenset())


def glossary() -> dict[str, dict[str, str]]:
    """Descriptions of PLOVER types, modes and modalities (for report tooltips)."""
    data = load_json(BASE + "glossary.json")
    return {k: v for k, v in data.items() if not k.startswith("_")}


def cameo_code(type_: str, mode: str | None) -> str | None:
    """CAMEO root code for a PLOVER type and mode."""
    for t, m, code in lexicon().cameo:
        if t == type_ and m in ("*", mode or ""):
            return code
    return None


def acled_type(type_: str, mode: str | None, actor: str, recipient: str) -> tuple[str, str] | None:
    """ACLED (event_type, sub_event_type) for a PLOVER type, mode, actor kind and recipient kind."""
    for row in lexicon().acled:
        if row["type"] != type_:
            continue
        if row["mode"] not in ("*", mode or "") or row["actor"] not in ("*", actor) or row["recipient"] not in ("*", recipient):
            continue
        return row["event_type"], row["sub_event_type"]
    return None
