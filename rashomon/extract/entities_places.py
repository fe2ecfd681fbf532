"""Towns and regions the NER model tagged PERSON ("Douentza", "Sikasso"), retyped from the gazetteer.

A one-word PERSON name is retyped as a place when it names a place elsewhere in the document, or is
the main name of a sizeable town or a subdivision of a country the document is about, and no
mention of it shows a person: no title or role ("Mr Gao", "Diallo, the mayor"), not a word of a
full personal name in the document ("Alton" after "Fakhreddin Alton"), not the subject of a speech
or cognition verb ("Sikasso said"). Many surnames are also town names, hence the country focus and
the size floor: a surname alone in a report about another country stays a person.
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING

from spacy.tokens import Doc

from rashomon.data import load_tsv
from rashomon.extract.actors import scan
from rashomon.extract.entities_coref import Candidate

if TYPE_CHECKING:
    from rashomon.extract.geo.gazetteer import Entry, Gazetteer

__all__ = ["MIN_TOWN_POPULATION", "has_person_evidence", "place_label", "places_tagged_as_people"]

MIN_TOWN_POPULATION = 10_000  # a smaller namesake village is no evidence against a person
SUBDIVISIONS = {"admin1": "GPE", "admin2": "GPE", "region": "LOC"}
PLACE_TYPES = ("GPE", "LOC")


@functools.lru_cache(maxsize=1)
def _speech_verbs() -> frozenset[str]:
    """Verbs of speech, cognition and stance (their subject is an actor, not a place)."""
    return frozenset(r["lemma"] for r in load_tsv("en/geo/metonymy_verbs.tsv"))


def _title_before(doc: Doc, start: int) -> bool:
    """Whether a title or honorific ends right before the token at ``start`` ("Mr", "President")."""
    if start == 0:
        return False
    window = doc[max(0, start - 3):start].text
    terms = scan(window)
    return bool(terms) and terms[-1].has("title", "honorific") and terms[-1].end_char >= len(window.rstrip(" ,.")) - 1


def has_person_evidence(doc: Doc, c: Candidate) -> bool:
    """Whether this mention shows a person: a role, a title before it, or the subject of a speech verb."""
    if c.role:
        return True
    span = doc.char_span(c.start, c.end, alignment_mode="expand")
    if span is None:
        return True  # cannot tell: keep the model's type
    if _title_before(doc, span.start):
        return True
    root = span.root
    return root.dep_ in ("nsubj", "nsubjpass") and root.head.lemma_.lower() in _speech_verbs()


def place_label(gaz: Gazetteer, name: str, countries: set[str]) -> str | None:
    """``GPE``/``LOC`` when ``name`` is the main name of a town of some size or a subdivision in ``countries``."""
    found: list[Entry] = [e for e in gaz.candidates(name) if e.main and e.country in countries]
    if any(e.feature == "city" and e.population >= MIN_TOWN_POPULATION for e in found):
        return "GPE"
    return next((SUBDIVISIONS[e.feature] for e in found if e.feature in SUBDIVISIONS), None)


def places_tagged_as_people(doc: Doc, cands: list[Candidate], gaz: Gazetteer | None) -> None:
    """Retype every mention of a one-word PERSON name that is a place and never shows a person."""
    groups: dict[str, list[Candidate]] = {}
    for c in cands:
        if c.type == "PERSON" and not c.code and not c.nominal and len(c.name.split()) == 1 and c.name[:1].isupper():
            groups.setdefault(c.name, []).append(c)
    if not groups:
        return
    person_words = {w for c in cands if c.type == "PERSON" and len(c.name.split()) > 1 for w in c.name.split()}
    named_places = {c.name: c.type for c in cands if c.type in PLACE_TYPES}
    countries = {c.country for c in cands if c.country} | {c.code for c in cands if c.code and c.type == "GPE"}
    for name, group in groups.items():
        if name in person_words or any(has_person_evidence(doc, c) for c in group):
            continue
        label = named_places.get(name) or (place_label(gaz, name, countries) if gaz is not None else None)
        if label is None:
            continue
        for c in group:
            c.type = label
            c.country = c.sector = None
