"""``rashomon_quotes``: direct quotes and reported speech (baseline: none found yet)."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from rashomon.model import Quote


def find_quotes(doc: Doc) -> list[Quote]:
    """Quotes and claims in ``doc``."""
    return []


@Language.factory("rashomon_quotes", assigns=["doc._.quotes"], requires=["doc._.entities"])
def make_quotes(nlp: Language, name: str) -> QuotesComponent:
    """Build the quotes component."""
    return QuotesComponent()


class QuotesComponent:
    """Writes ``doc._.quotes``."""

    def __call__(self, doc: Doc) -> Doc:
        doc._.quotes = find_quotes(doc)
        return doc
