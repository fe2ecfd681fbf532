"""The entities component: titles split from names, types fixed, mentions resolved within a document."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rashomon.extract.entities_names import strip_titles

if TYPE_CHECKING:
    from spacy.language import Language

    from rashomon.model import EntityMention


def _entities(nlp: Language, text: str) -> list[EntityMention]:
    doc = nlp.make_doc(text)
    doc._.doc_id = "t"
    for name, proc in nlp.pipeline:
        doc = proc(doc)
        if name == "rashomon_entities":
            break
    return list(doc._.entities)


def _groups(ents: list[EntityMention]) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for m in ents:
        assert m.entity is not None
        out.setdefault(m.entity, set()).add(m.text)
    return out


def _group_of(ents: list[EntityMention], text: str) -> set[str]:
    groups = _groups(ents)
    found = [g for g in groups.values() if text in g]
    assert found, f"{text!r} not found in {groups}"
    return found[0]


TEXT = (
    "Russian Foreign Minister Sergey Lavrov met NATO Secretary General Jens Stoltenberg in Brussels on Monday. "
    "The North Atlantic Treaty Organization (NATO) said the alliance would meet again. "
    "Lavrov told reporters that Moscow wanted talks. Stoltenberg said the alliance stood with Turkey. "
    "The Russian minister left the city in the evening."
)


def test_titles_split_from_names(nlp: Language) -> None:
    ents = _entities(nlp, TEXT)
    lavrov = next(m for m in ents if m.name == "Sergey Lavrov")
    assert lavrov.text == "Sergey Lavrov"
    assert (lavrov.type, lavrov.role, lavrov.country, lavrov.sector) == ("PERSON", "foreign minister", "RUS", "GOV")
    jens = next(m for m in ents if m.name == "Jens Stoltenberg")
    assert (jens.country, jens.sector) == ("NATO", "IGO")


def test_within_document_resolution(nlp: Language) -> None:
    ents = _entities(nlp, TEXT)
    assert {"Sergey Lavrov", "Lavrov", "The Russian minister"} <= _group_of(ents, "Sergey Lavrov")
    assert {"Jens Stoltenberg", "Stoltenberg"} <= _group_of(ents, "Jens Stoltenberg")
    nato = _group_of(ents, "NATO")
    assert {"North Atlantic Treaty Organization", "the alliance"} <= nato
    assert "Moscow" not in nato and "Turkey" not in _group_of(ents, "Sergey Lavrov")
    # every mention of one actor shares one document-local id, in order of first mention
    assert next(m for m in ents if m.text == "Russian").entity == "t#e1"
    assert next(m for m in ents if m.text == "Sergey Lavrov").entity == "t#e2"


def test_different_people_with_one_surname_stay_apart(nlp: Language) -> None:
    text = ("Hillary Clinton spoke in Ohio on Tuesday. Bill Clinton spoke in Iowa on the same day. "
            "Hillary Clinton later returned to New York.")
    ents = _entities(nlp, text)
    groups = [g for g in _groups(ents).values() if any("Clinton" in t for t in g)]
    assert len(groups) == 2


def test_types_fixed_from_knowledge_and_document(nlp: Language) -> None:
    text = ("President Recep Tayyip Erdogan spoke to reporters in Ankara. Erdogan said Turkey would respond. "
            "Residents of Koutiala said the market in Koutiala was closed.")
    ents = _entities(nlp, text)
    assert all(m.type == "PERSON" for m in ents if m.text == "Erdogan")
    assert all(m.type != "PERSON" for m in ents if m.text in ("Turkey", "Ankara", "Koutiala"))
    erdogan = next(m for m in ents if m.name == "Recep Tayyip Erdogan")
    assert (erdogan.role, erdogan.sector) == ("president", "GOV")


def test_acronym_definition_and_institution(nlp: Language) -> None:
    text = ("The Malian Armed Forces (FAMa) said on Friday that they had retaken the town. "
            "The FAMa lost two soldiers, the army said. Fighters of the Gourma Salvation Front fled, "
            "and the Front later denied it.")
    ents = _entities(nlp, text)
    fama = _group_of(ents, "FAMa")
    assert any("Armed Forces" in t for t in fama)
    assert "the army" in fama
    assert {"Front", "the Front"} & _group_of(ents, "Gourma Salvation Front")


def test_debris_is_dropped(nlp: Language) -> None:
    text = "6136850181001 66b5e458-ce3c-4374 video\n\nThe United Nations called for calm in Mali."
    ents = _entities(nlp, text)
    assert ents and all(any(ch.isalpha() for ch in m.text) and "66b5e458" not in m.text for m in ents)


def test_strip_titles() -> None:
    assert strip_titles("Colonel Kalifa Sissoko") == "Kalifa Sissoko"
    assert strip_titles("Mr Guindo") == "Guindo"
    assert strip_titles("Russian Foreign Minister Sergey Lavrov") == "Sergey Lavrov"
    assert strip_titles("Sahel Rights Watch") == "Sahel Rights Watch"


def test_bare_surname_goes_to_the_latest_full_name(nlp: Language) -> None:
    text = ("Hillary Clinton arrived in Ohio on Tuesday. Later Bill Clinton arrived in Iowa. "
            "Clinton told reporters in Iowa that he was pleased.")
    ents = _entities(nlp, text)
    bare = next(m for m in ents if m.text == "Clinton")
    bill = next(m for m in ents if m.text == "Bill Clinton")
    assert bare.entity == bill.entity


def test_offsets_hold_on_odd_inputs(nlp: Language) -> None:
    texts = [
        "",
        "...!!! ---",
        "\u0627\u0644\u0631\u0626\u064a\u0633 said Erdoğan met Çavuşoğlu (MÇ) in Ankara's old town.",
        "The Union of Cotton Producers of Mali (UCPM) (UCPM) said (). The UCPM and the union agreed.",
        "NATO NATO NATO. The alliance, the Alliance and THE ALLIANCE met. Mr. Mr. Dr. Smith spoke.",
        "Colonel\n\nKalifa Sissoko said. Sissoko Sissoko.",
    ]
    for text in texts:
        doc = nlp(text)
        for m in doc._.entities:
            assert doc.text[m.start:m.end] == m.text
            assert m.entity and m.entity.startswith("doc#e")


def test_a_name_that_contains_a_country_is_not_coded_by_it(nlp: Language) -> None:
    ents = _entities(nlp, "Jordan Henderson scored twice on Saturday, and Jordan Henderson thanked the fans.")
    person = [m for m in ents if m.type == "PERSON"]
    assert person and all(m.country is None for m in person)


def test_names_the_model_misses_and_title_debris(nlp: Language) -> None:
    text = ("ECOWAS, which Mali left in January, said it was saddened. Former Secretary of State John Kerry "
            "spoke in Paris. \u201cWe know the drones,\u201d said Hama Ongo\u00efba, a trader. "
            "\u201cNobody fired,\u201d Ongo\u00efba said.")
    ents = _entities(nlp, text)
    texts = {m.text for m in ents}
    assert "ECOWAS" in texts and "State" not in texts
    kerry = next(m for m in ents if m.name == "John Kerry")
    assert kerry.role == "secretary of state"
    assert {"Hama Ongo\u00efba", "Ongo\u00efba"} <= _group_of(ents, "Hama Ongo\u00efba")


def test_the_alliance_is_the_one_in_play(nlp: Language) -> None:
    text = ("Mali, Niger and Burkina Faso formed the Alliance of Sahel States in 2023. "
            "On Monday the alliance said it would hold a summit in Niamey.")
    ents = _entities(nlp, text)
    assert "the alliance" in _group_of(ents, "Alliance of Sahel States")
    assert not any(m.name == "NATO" for m in ents)


def test_the_head_word_of_a_title_is_no_entity(nlp: Language) -> None:
    ents = _entities(nlp, "Interior Minister Ahmed Bello said the police had arrested twelve protesters.")
    assert "Interior" not in {m.text for m in ents}
    bello = next(m for m in ents if m.name == "Ahmed Bello")
    assert (bello.role, bello.sector) == ("interior minister", "GOV")


def test_a_title_after_a_comma_in_a_list_belongs_to_the_next_name(nlp: Language) -> None:
    ents = _entities(nlp, "The meeting was attended by Mevlut Cavusoglu, Chief of Staff General Yasar Guler and Hakan Fidan.")
    first = next(m for m in ents if m.name == "Mevlut Cavusoglu")
    assert (first.role, first.sector) == (None, None)
    guler = next(m for m in ents if m.name == "Yasar Guler")
    assert guler.sector == "MIL"


def test_a_body_of_an_organisation_joins_it(nlp: Language) -> None:
    ents = _entities(nlp, "The United Nations Security Council met on Monday. The Peace and Security Council of the "
                          "African Union met on Tuesday, and the African Union's Peace and Security Council spoke again.")
    un = _group_of(ents, "United Nations Security Council")
    au = _group_of(ents, "African Union")
    assert "Peace and Security Council" in au and not un & au
    names = {m.name for m in ents if m.text == "Peace and Security Council"}
    assert names == {"Peace and Security Council of the African Union", "African Union's Peace and Security Council"}


def test_a_nominal_with_its_owner_is_one_mention_and_may_point_ahead(nlp: Language) -> None:
    ents = _entities(nlp, "Shells hit the town, according to a statement from the general staff of the armed forces. "
                          "The Malian Armed Forces said a unit was sent.")
    group = _group_of(ents, "Malian Armed Forces")
    assert "the general staff of the armed forces" in group
    assert not any(m.text == "the armed forces" for m in ents)  # inside the longer mention, not one of its own
