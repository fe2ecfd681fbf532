"""Towns the NER model tags PERSON become places from the gazetteer, unless a mention shows a person."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from spacy.tokens import Doc

from rashomon.extract.entities import find_entities
from rashomon.extract.geo.gazetteer import Gazetteer

from .geo_fixtures import tiny_gazetteer

if TYPE_CHECKING:
    from spacy.language import Language


@pytest.fixture(scope="module")
def gaz(tmp_path_factory: pytest.TempPathFactory) -> Gazetteer:
    return Gazetteer(tiny_gazetteer(tmp_path_factory.mktemp("gaz")))


def _parsed(nlp: Language, text: str, tags: dict[str, str]) -> Doc:
    """``text`` parsed up to NER, with every occurrence of each ``tags`` word given that label (as a wrong model would)."""
    doc = nlp.make_doc(text)
    doc._.doc_id = "t"
    for name, proc in nlp.pipeline:
        if name == "rashomon_entities":
            break
        doc = proc(doc)
    spans = []
    for word, label in tags.items():
        at = text.find(word)
        while at >= 0:
            span = doc.char_span(at, at + len(word), label=label)
            assert span is not None
            spans.append(span)
            at = text.find(word, at + 1)
    doc.ents = sorted(spans, key=lambda s: s.start)
    return doc


def _types(ents: list, word: str) -> set[str]:
    return {m.type for m in ents if m.text == word}


def test_a_town_tagged_person_becomes_a_place(nlp: Language, gaz: Gazetteer) -> None:
    text = ("Douentza was calm on Sunday, officials in Mali said. Aid agencies could not reach Douentza, "
            "where the market reopened.")
    doc = _parsed(nlp, text, {"Douentza": "PERSON", "Mali": "GPE"})
    ents = find_entities(doc, gaz)
    assert _types(ents, "Douentza") == {"GPE"}
    # without the gazetteer nothing in the text says it is a place: the model's type stays
    assert _types(find_entities(_parsed(nlp, text, {"Douentza": "PERSON", "Mali": "GPE"})), "Douentza") == {"PERSON"}


def test_a_town_of_another_country_stays_a_person(nlp: Language, gaz: Gazetteer) -> None:
    # Dallas is a big town, but in Texas: in a Malian report a "Dallas" is more likely a person
    text = "Dallas was calm on Sunday, officials in Mali said. Aid agencies could not reach Dallas."
    ents = find_entities(_parsed(nlp, text, {"Dallas": "PERSON", "Mali": "GPE"}), gaz)
    assert _types(ents, "Dallas") == {"PERSON"}


@pytest.mark.parametrize("text", [
    "Mr Douentza was calm on Sunday, officials in Mali said. Aid agencies could not reach Douentza.",
    "Douentza said on Sunday that officials in Mali had not called. Aid agencies could not reach Douentza.",
    "Amadou Douentza was calm on Sunday, officials in Mali said. Aid agencies could not reach Douentza.",
])
def test_a_mention_that_shows_a_person_keeps_every_mention_a_person(nlp: Language, gaz: Gazetteer, text: str) -> None:
    tags = {"Douentza": "PERSON", "Mali": "GPE"}
    if text.startswith("Amadou"):
        tags = {"Amadou Douentza": "PERSON", "Mali": "GPE"}
    doc = _parsed(nlp, text, tags)
    if text.startswith("Amadou"):  # the bare surname later: give it its own (wrong-looking) PERSON span
        at = text.rindex("Douentza")
        bare = doc.char_span(at, at + len("Douentza"), label="PERSON")
        assert bare is not None
        doc.ents = [*doc.ents, bare]
    ents = find_entities(doc, gaz)
    assert "GPE" not in _types(ents, "Douentza") and "LOC" not in _types(ents, "Douentza")


def test_the_component_reads_the_places_gazetteer(nlp: Language) -> None:
    from spacy.lang.en import English

    from rashomon.extract.entities import EntitiesComponent

    component = nlp.get_pipe("rashomon_entities")
    assert isinstance(component, EntitiesComponent)
    found = component._gaz()
    assert found is not None and found.path == (getattr(nlp.get_pipe("rashomon_places"), "path", None) or found.path)
    bare = English().add_pipe("rashomon_entities")
    assert isinstance(bare, EntitiesComponent) and bare._gaz() is None  # no places component: no gazetteer opened
