"""``rashomon_places``: place names (baseline: spaCy GPE/LOC/FAC, unresolved)."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc, Span

from rashomon.model import Place


def find_places(doc: Doc) -> list[Place]:
    """Place mentions in ``doc``."""
    return [Place(e.text, e.start_char, e.end_char, name=e.text) for e in doc.ents if e.label_ in ("GPE", "LOC", "FAC")]


@Language.factory("rashomon_places", assigns=["doc._.places"], requires=["doc.ents"])
def make_places(nlp: Language, name: str) -> PlacesComponent:
    """Build the places component."""
    return PlacesComponent()


class PlacesComponent:
    """Writes ``doc._.places``."""

    def __call__(self, doc: Doc) -> Doc:
        doc._.places = find_places(doc)
        return doc


def event_location(doc: Doc, trigger: Span) -> Place | None:
    """The place of the event whose trigger is ``trigger`` (attached in the parse, else nearest relevant)."""
    return None
