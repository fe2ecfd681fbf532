"""``rashomon_times``: temporal expressions (baseline: spaCy DATE/TIME, unnormalised)."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from spacy.tokens import Span

from rashomon.model import EventDate, TimeExpr


def find_times(doc: Doc) -> list[TimeExpr]:
    """Time expressions in ``doc``."""
    return [TimeExpr(e.text, e.start_char, e.end_char, "TIME" if e.label_ == "TIME" else "DATE")
            for e in doc.ents if e.label_ in ("DATE", "TIME")]


@Language.factory("rashomon_times", assigns=["doc._.times"], requires=["doc.ents"])
def make_times(nlp: Language, name: str) -> TimesComponent:
    """Build the times component."""
    return TimesComponent()


class TimesComponent:
    """Writes ``doc._.times``."""

    def __call__(self, doc: Doc) -> Doc:
        doc._.times = find_times(doc)
        return doc


def event_date(doc: Doc, trigger: Span) -> EventDate | None:
    """The date of the event whose trigger is ``trigger``: attached time, else governing one, else document date."""
    if doc._.published:
        return EventDate(value=doc._.published, precision="document", text=None)
    return None
