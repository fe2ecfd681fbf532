"""rashomon_attributes must set exactly what the model's attribute_ruler sets."""

from __future__ import annotations

import pytest
from spacy.attrs import DEP, HEAD, LEMMA, MORPH, POS, TAG

from rashomon.bench.generate import generate_articles
from rashomon.nlp import load_model
from rashomon.nlp.attributes import UnsupportedRule, _token_test, use_fast_attributes

FIELDS = [TAG, POS, MORPH, LEMMA, DEP, HEAD]
HARD = ("I ain't gonna do it, y'all. Let's go! C'mon, there's nothin' we gotta fix.  \n\n  "
        "Whether he gets it or got it, there are two of them; is it not?")


def test_fast_attributes_equal_the_ruler() -> None:
    reference, fast = load_model(), load_model()
    assert use_fast_attributes(fast)
    assert "attribute_ruler" not in fast.pipe_names and "rashomon_attributes" in fast.pipe_names
    texts = [a.to_raw().text for a in generate_articles(25, seed=11)] + [HARD]
    for ref_doc, fast_doc in zip(reference.pipe(texts), fast.pipe(texts), strict=True):
        assert (ref_doc.to_array(FIELDS) == fast_doc.to_array(FIELDS)).all(), ref_doc.text[:80]
    component = fast.get_pipe("rashomon_attributes")
    component.max_outcomes = 5  # a cache emptied every few signatures gives the same attributes
    more = [a.to_raw().text for a in generate_articles(4, seed=12)]  # signatures not cached yet
    for ref_doc, fast_doc in zip(reference.pipe(more), fast.pipe(more), strict=True):
        assert (ref_doc.to_array(FIELDS) == fast_doc.to_array(FIELDS)).all(), ref_doc.text[:80]
    assert len(component._outcomes) <= 5


def test_unknown_rule_shapes_are_refused() -> None:
    with pytest.raises(UnsupportedRule):
        _token_test({"SHAPE": "Xxxx"})
    with pytest.raises(UnsupportedRule):
        _token_test({"LOWER": {"FUZZY": "war"}})
