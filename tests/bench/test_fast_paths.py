"""The speed-ups in ``rashomon.pipeline`` change nothing but speed."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from rashomon.bench.generate import generate_articles
from rashomon.clean import clean_text
from rashomon.model import Document, RawDocument
from rashomon.pipeline import analyze_document, make_doc

if TYPE_CHECKING:
    from spacy.language import Language

TRICKY = "I don't wanna go, y'all.\n\nMr. Smith's car cost $5 in St. Louis on Jan. 3 — “yes,” he said."


def _plain_analysis(raw: RawDocument, nlp: Language) -> Document:
    """The analysis with spaCy's own Doc (no cached text): the reference."""
    from rashomon.nlp.convert import to_document

    cleaned = clean_text(raw.text)
    doc = nlp.make_doc(cleaned.text)
    doc._.doc_id, doc._.published, doc._.title = raw.id, raw.published, raw.title
    doc._.source, doc._.headings = raw.source, cleaned.headings
    return to_document(raw, cleaned, nlp(doc))


def test_make_doc_has_spacys_tokens_spaces_and_norms(nlp: Language) -> None:
    for text in (TRICKY, "", "  ", "one"):
        ours, theirs = make_doc(nlp, text), nlp.make_doc(text)
        assert ours.text == theirs.text == text
        assert [(t.text, t.whitespace_, t.norm_, t.idx) for t in ours] == \
            [(t.text, t.whitespace_, t.norm_, t.idx) for t in theirs]


@pytest.mark.slow
def test_cached_text_doc_gives_the_same_analysis(nlp: Language) -> None:
    raws = [a.to_raw() for a in generate_articles(4, seed=31)]
    raws.append(RawDocument(id="tricky", text=TRICKY, published="2024-01-04"))
    for raw in raws:
        assert analyze_document(raw, nlp) == _plain_analysis(raw, nlp)


@pytest.mark.slow
def test_pool_workers_inherit_the_parents_pipeline(nlp: Language, monkeypatch: pytest.MonkeyPatch) -> None:
    """Forked workers use the pipeline built (once) in the parent: a worker building its own would fail here."""
    import sys

    import rashomon.nlp
    from rashomon.pipeline import _parent_pipeline, iter_analyze

    if not sys.platform.startswith("linux"):
        pytest.skip("workers fork from the parent on Linux only")
    _parent_pipeline()

    def refuse(*args: object, **kwargs: object) -> Language:
        raise AssertionError("a worker built its own pipeline")

    monkeypatch.setattr(rashomon.nlp, "build_pipeline", refuse)
    raws = [a.to_raw() for a in generate_articles(6, seed=41)]
    assert list(iter_analyze(raws, processes=2, batch_size=2)) == [analyze_document(r, nlp) for r in raws]
