"""Doc extension attributes rashomon's components read and write (registered once, guarded).

All offsets held here are into the *cleaned* text (``doc.text``).
"""

from __future__ import annotations

from spacy.tokens import Doc

# name -> default; every default is None, so no two Docs ever share a mutable list
DOC_EXTENSIONS: dict[str, object] = {
    "doc_id": None,  # str: the document id
    "published": None,  # str | None: document date YYYY-MM-DD
    "title": None,  # str | None
    "source": None,  # str | None
    "headings": None,  # tuple[(start, end)]: section headings (cleaned offsets)
    "entities": None,  # list[EntityMention]
    "times": None,  # list[TimeExpr]
    "places": None,  # list[Place]
    "quotes": None,  # list[Quote]
    "events": None,  # list[Event]
}


def register_extensions() -> None:
    """Register every ``Doc._`` attribute of ``DOC_EXTENSIONS`` that is not registered yet."""
    for name, default in DOC_EXTENSIONS.items():
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=default)
