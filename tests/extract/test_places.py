"""Places: finding and resolving place names, metonymy, demonyms, datelines, event locations."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from rashomon.extract.geo.gazetteer import Gazetteer
from rashomon.extract.places import event_location, find_places, is_metonymic

from .geo_fixtures import tiny_gazetteer

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def gaz(tmp_path_factory: pytest.TempPathFactory) -> Gazetteer:
    return Gazetteer(tiny_gazetteer(tmp_path_factory.mktemp("gaz")))


def _doc(nlp: Language, text: str, gaz: Gazetteer) -> Doc:
    doc = nlp(text)
    doc._.places = find_places(doc, gaz)
    return doc


def _trigger(doc: Doc, lemma: str):  # type: ignore[no-untyped-def]
    tok = next(t for t in doc if t.lemma_ == lemma or t.lower_ == lemma)
    return doc[tok.i:tok.i + 1]


def test_places_resolved_demonyms_skipped(nlp: Language, gaz: Gazetteer) -> None:
    doc = _doc(nlp, "Turkish soldiers were killed in an air strike in Idlib on Thursday, Ankara said.", gaz)
    by_text = {p.text: p for p in doc._.places}
    assert "Turkish" not in by_text
    assert by_text["Idlib"].country == "SYR" and by_text["Idlib"].lat is not None
    assert by_text["Ankara"].country == "TUR"


def test_metonymic_subject_is_not_an_event_location(nlp: Language, gaz: Gazetteer) -> None:
    doc = _doc(nlp, "Turkish soldiers were killed in an air strike in Idlib on Thursday, Ankara said.", gaz)
    ankara = next(p for p in doc._.places if p.text == "Ankara")
    assert is_metonymic(doc, ankara)
    place = event_location(doc, _trigger(doc, "kill"))
    assert place is not None and place.text == "Idlib"
    doc = _doc(nlp, "Moscow hopes the talks will end the fighting.", gaz)
    assert event_location(doc, _trigger(doc, "end")) is None


def test_attached_place_wins_over_nearer_one(nlp: Language, gaz: Gazetteer) -> None:
    doc = _doc(nlp, "Government planes bombed a market in Douentza, 190 km from Mopti, officials in Bamako said.", gaz)
    place = event_location(doc, _trigger(doc, "bombed"))
    assert place is not None and place.name == "Douentza" and place.country == "MLI"


def test_dateline_is_not_where_it_happened(nlp: Language, gaz: Gazetteer) -> None:
    doc = _doc(nlp, "BAMAKO, March 13 - Fighters attacked a convoy near Mopti.", gaz)
    bamako = next(p for p in doc._.places if p.text == "BAMAKO")
    assert bamako.name == "Bamako"  # found by the gazetteer although upper-case
    place = event_location(doc, _trigger(doc, "attacked"))
    assert place is not None and place.text == "Mopti"
    doc = _doc(nlp, "BAMAKO, March 13 - Fighters attacked a convoy.", gaz)
    assert event_location(doc, _trigger(doc, "attacked")) is None


def test_unknown_place_kept_unresolved(nlp: Language, gaz: Gazetteer) -> None:
    doc = _doc(nlp, "Protesters gathered in Springfield on Monday.", gaz)
    places = [p for p in doc._.places if p.text == "Springfield"]
    assert places and places[0].lat is None and places[0].country is None


def test_country_focus_and_nearby_places(nlp: Language, gaz: Gazetteer) -> None:
    doc = _doc(nlp, "Flooding was reported in Montgomery, Huntsville and Birmingham.", gaz)
    town = next(p for p in doc._.places if p.text == "Birmingham")
    assert town.country == "USA" and town.admin1 == "Alabama"  # its neighbours pull it to Alabama
    doc = _doc(nlp, "The storm hit Birmingham on Monday.", gaz)
    assert next(p for p in doc._.places if p.text == "Birmingham").country == "GBR"


def test_component_writes_places(nlp: Language) -> None:
    doc = nlp("Fighting continued in Syria and Turkey, and talks began in the Netherlands.")
    assert {p.country for p in doc._.places} >= {"SYR", "TUR", "NLD"}
    doc = nlp("Farmers said the bush was dry.")
    assert not [p for p in doc._.places if p.text.lower().endswith("bush")]


def test_offsets_point_into_text(nlp: Language, gaz: Gazetteer, tmp_path: Path) -> None:
    doc = _doc(nlp, "Shelling hit Aleppo and Damascus overnight.", gaz)
    for p in doc._.places:
        assert doc.text[p.start:p.end] == p.text


def test_subject_country_is_an_actor_not_the_site(nlp: Language, gaz: Gazetteer) -> None:
    doc = _doc(nlp, "Syria and Turkey condemned the air strike.", gaz)
    assert event_location(doc, _trigger(doc, "strike")) is None
    doc = _doc(nlp, "Turkey condemned the air strike on Idlib.", gaz)
    place = event_location(doc, _trigger(doc, "strike"))
    assert place is not None and place.text == "Idlib"
    doc = _doc(nlp, "Allies condemned the air strikes by Syria and Russia, which hit Idlib overnight.", gaz)
    place = event_location(doc, _trigger(doc, "strikes"))
    assert place is None or place.text == "Idlib"
