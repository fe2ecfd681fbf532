"""Modality, negation and attribution of events."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rashomon.model import Event

if TYPE_CHECKING:
    from spacy.language import Language


def first(nlp: Language, text: str, type_: str, published: str | None = "2024-05-02") -> Event:
    doc = nlp.make_doc(text)
    doc._.doc_id = "m"
    doc._.published = published
    for _name, proc in nlp.pipeline:
        doc = proc(doc)
    found = [e for e in doc._.events if e.type == type_]
    assert found, [(e.type, e.trigger.text) for e in doc._.events]
    return found[0]


def test_asserted(nlp: Language) -> None:
    e = first(nlp, "Rebels attacked the police station on Monday.", "ASSAULT")
    assert e.modality == "asserted" and not e.negated


def test_reported_under_said_and_according_to(nlp: Language) -> None:
    assert first(nlp, "Rebels attacked the police station, the governor said.", "ASSAULT").modality == "reported"
    assert first(nlp, "According to witnesses, soldiers shot two farmers.", "ASSAULT").modality == "reported"


def test_an_ended_meeting_happened(nlp: Language) -> None:
    e = first(nlp, "NATO has ended an emergency meeting in Brussels, which Turkey had called for.", "CONSULT")
    assert e.modality == "asserted"


def test_future(nlp: Language) -> None:
    assert first(nlp, "The minister will visit Paris next week.", "CONSULT").modality == "future"
    assert first(nlp, "The army plans to deploy more troops.", "MOBILIZE").modality == "future"


def test_hypothetical(nlp: Language) -> None:
    assert first(nlp, "If talks fail, the rebels could attack the town.", "ASSAULT").modality == "hypothetical"
    assert first(nlp, "The union urged members to boycott the election.", "SANCTION").modality == "hypothetical"
    assert first(nlp, "Any member of the alliance can request consultations with the allies.",
                 "REQUEST").modality == "hypothetical"  # what a member may do, not what one did
    # a treaty clause that refers to an attack names a kind of event, not one that happened
    assert first(nlp, "The clause refers to an attack on the territory of any member state.",
                 "ASSAULT").modality == "hypothetical"


def test_historical(nlp: Language) -> None:
    assert first(nlp, "In 2015 Turkey had requested a meeting of the alliance.", "REQUEST").modality == "historical"
    assert first(nlp, "Two years ago, a drone hit a wedding near the town.", "ASSAULT").modality == "historical"
    assert first(nlp, "In 2019 the army shelled the valley.", "ASSAULT").modality == "historical"


def test_negated(nlp: Language) -> None:
    assert first(nlp, "The army did not attack the village.", "ASSAULT").negated
    assert first(nlp, "No attacks were reported in the city.", "ASSAULT").negated
    assert not first(nlp, "The army attacked the village.", "ASSAULT").negated


def test_attribution_inside_quote(nlp: Language) -> None:
    from rashomon.model import Quote, Speaker, TextSpan

    text = 'The commander said: "Our forces destroyed three rebel bases yesterday."'
    doc = nlp.make_doc(text)
    doc._.doc_id = "q"
    doc._.published = "2024-05-02"
    for name, proc in nlp.pipeline:
        if name == "rashomon_events":
            start = text.index("Our")
            doc._.quotes = [Quote("q1", TextSpan(text[start:-2], start, len(text) - 2), Speaker("The commander", 0, 13, "q#e9"))]
        doc = proc(doc)
    e = next(e for e in doc._.events if e.type == "COERCE")
    assert e.modality == "reported"
    assert e.attributed_to == "q#e9"
