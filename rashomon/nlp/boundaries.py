"""``rashomon_boundaries``: paragraphs and section headings always start a sentence.

Runs before the parser, which respects sentence starts that are already set. Headings come
from the cleaner (``doc._.headings``), so a heading never merges with the sentence after it.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc


@Language.component("rashomon_boundaries", assigns=["token.is_sent_start"])
def set_boundaries(doc: Doc) -> Doc:
    """Mark sentence starts after line breaks and around headings."""
    heading_edges = set()
    for start, end in doc._.headings or ():
        heading_edges.add(start)
        heading_edges.add(end)
    for i, token in enumerate(doc):
        if i == 0:
            continue
        prev = doc[i - 1]
        if token.is_space:
            continue
        if "\n" in prev.text or "\n" in prev.whitespace_ or token.idx in heading_edges or (
            prev.is_space and "\n" in prev.text
        ):
            token.is_sent_start = True
        elif any(prev.idx < edge <= token.idx for edge in heading_edges):
            token.is_sent_start = True
    return doc
