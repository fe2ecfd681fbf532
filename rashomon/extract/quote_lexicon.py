"""The knowledge behind quote finding, read from ``rashomon/data/en/quotes/`` (cue verbs, prepositional cues, nominals)."""

from __future__ import annotations

import functools
from dataclasses import dataclass

from rashomon.data import load_tsv

FRAMES = ("clause", "quote", "object", "predicate", "infinitive", "prep")


@dataclass(frozen=True)
class Cue:
    """A cue verb: its lemma, optional particle ("point out"), type and the content frames it takes."""

    lemma: str
    particle: str
    type: str
    frames: frozenset[str]


@dataclass(frozen=True)
class Lexicon:
    """Cue verbs by lemma, prepositional cues (lower-case word tuples), nominal speaker heads by kind, given names by gender."""

    cues: dict[str, tuple[Cue, ...]]
    prepositions: tuple[tuple[str, ...], ...]
    preposition_objects: dict[tuple[str, ...], frozenset[str]]  # phrase -> object lemmas it needs (empty: any)
    nominals: dict[str, str]
    given_names: dict[str, str]  # lower-case given name -> "m" | "f"
    nouns: dict[str, frozenset[str]]  # cue noun -> prepositions introducing its content ("his support for …")

    def cue(self, lemma: str, particle: str = "") -> Cue | None:
        """The cue for ``lemma`` (with ``particle`` when the verb has one), or ``None``."""
        options = self.cues.get(lemma.lower())
        if not options:
            return None
        for c in options:
            if c.particle and c.particle == particle:
                return c
        plain = [c for c in options if not c.particle]
        return plain[0] if plain else None


@functools.cache
def lexicon() -> Lexicon:
    """Load the quote lexicon once."""
    cues: dict[str, list[Cue]] = {}
    for row in load_tsv("en/quotes/cues.tsv"):
        frames = frozenset(f for f in (row.get("frames") or "").split(",") if f in FRAMES)
        cue = Cue(row["lemma"].strip().lower(), (row.get("particle") or "").strip().lower(), row["type"].strip(), frames)
        cues.setdefault(cue.lemma, []).append(cue)
    prep_rows = load_tsv("en/quotes/prepositions.tsv")
    preps = tuple(tuple(r["phrase"].lower().split()) for r in prep_rows)
    prep_objects = {tuple(r["phrase"].lower().split()): frozenset(o for o in (r.get("objects") or "").split(",") if o)
                    for r in prep_rows}
    nominals = {r["noun"].strip().lower(): r["kind"].strip() for r in load_tsv("en/quotes/nominals.tsv")}
    names = {r["name"].strip().lower(): r["gender"].strip() for r in load_tsv("en/quotes/given_names.tsv")}
    nouns = {r["noun"].strip().lower(): frozenset(p for p in (r.get("prepositions") or "").split(",") if p)
             for r in load_tsv("en/quotes/cue_nouns.tsv")}
    return Lexicon({k: tuple(v) for k, v in cues.items()}, preps, prep_objects, nominals, names, nouns)
