"""``rashomon_events``: PLOVER events (baseline: none found yet)."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from rashomon.model import Event


def find_events(doc: Doc) -> list[Event]:
    """Events in ``doc``."""
    return []


@Language.factory(
    "rashomon_events", assigns=["doc._.events"],
    requires=["doc._.entities", "doc._.times", "doc._.places", "doc._.quotes"],
)
def make_events(nlp: Language, name: str) -> EventsComponent:
    """Build the events component."""
    return EventsComponent()


class EventsComponent:
    """Writes ``doc._.events``."""

    def __call__(self, doc: Doc) -> Doc:
        doc._.events = find_events(doc)
        return doc
