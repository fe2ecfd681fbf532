"""The one conversion point: a processed spaCy Doc → a :class:`rashomon.model.Document`.

Component outputs hold offsets into the cleaned text; here every ``start``/``end`` pair in every
record (however nested) is mapped back to the ingested text. A record's ``text`` stays the clean
surface form (so debris never reaches the output), while its offsets point at what the user gave.
"""

from __future__ import annotations

import dataclasses
from typing import Any, TypeVar, cast

from spacy.tokens import Doc

from rashomon.clean import Cleaned
from rashomon.model import Document, RawDocument, Sentence, TextSpan, field_names

T = TypeVar("T")


def remap(record: T, cleaned: Cleaned) -> T:
    """Return ``record`` with every nested ``start``/``end`` mapped to ingested-text offsets."""
    if isinstance(record, (tuple, list)):
        # a list becomes a tuple: records are frozen and hashable all the way down
        return cast(T, tuple(remap(v, cleaned) for v in record))
    kind: Any = type(record)  # a class is hashable; the cache's typing does not say so
    names = field_names(kind)
    if names is None:
        return record
    changes: dict[str, Any] = {}
    for name in names:
        value: Any = getattr(record, name)
        if isinstance(value, (tuple, list)) or field_names(value.__class__) is not None:
            new = remap(value, cleaned)
            if new is not value:
                changes[name] = new
    instance: Any = record
    if "start" in names and "end" in names:
        changes["start"], changes["end"] = cleaned.offsets.to_original(instance.start, instance.end)
    return cast(T, dataclasses.replace(instance, **changes)) if changes else record


def _sentences(doc: Doc) -> list[Sentence]:
    headings = {tuple(h) for h in (doc._.headings or ())}
    out = []
    for sent in doc.sents:
        text = sent.text.strip()
        if not text:
            continue
        start = sent.start_char + (len(sent.text) - len(sent.text.lstrip()))
        end = start + len(text)
        if (start, end) in headings:
            continue
        out.append(Sentence(start=start, end=end, text=text))
    return out


def to_document(raw: RawDocument, cleaned: Cleaned, doc: Doc) -> Document:
    """Build the analysed ``Document`` from the ingested document, its cleaning and the processed Doc."""
    headings = [TextSpan(doc.text[s:e], s, e) for s, e in (doc._.headings or ())]
    return Document(
        id=raw.id,
        text=raw.text,
        title=raw.title,
        source=raw.source,
        url=raw.url,
        published=raw.published,
        path=raw.path,
        author=raw.author,
        language=raw.language,
        clean_text=cleaned.text,
        cleaning=cleaned.actions,
        headings=remap(tuple(headings), cleaned),
        sentences=remap(tuple(_sentences(doc)), cleaned),
        entities=remap(tuple(doc._.entities or ()), cleaned),
        places=remap(tuple(doc._.places or ()), cleaned),
        times=remap(tuple(doc._.times or ()), cleaned),
        quotes=remap(tuple(doc._.quotes or ()), cleaned),
        events=remap(tuple(doc._.events or ()), cleaned),
    )
