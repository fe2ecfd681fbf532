"""Actor coding from the knowledge files: countries, metonyms, organisations, sectors, titles."""

from __future__ import annotations

import pytest

from rashomon.extract.actors import ActorCode, code_actor, generic_orgs, scan


@pytest.mark.parametrize(
    ("text", "context", "country", "sector"),
    [
        ("Turkish soldiers", None, "TUR", "MIL"),
        ("Syrian government forces", None, "SYR", "MIL"),
        ("the regime", "SYR", "SYR", "GOV"),
        ("the Kremlin", None, "RUS", "GOV"),
        ("the White House", None, "USA", "GOV"),
        ("Downing Street", None, "GBR", "GOV"),
        ("the Elysee", None, "FRA", "GOV"),
        ("Ankara", None, "TUR", "GOV"),
        ("NATO", None, "NATO", "IGO"),
        ("the alliance", None, "NATO", "IGO"),
        ("civilians", None, None, "CVL"),
        ("village elders", None, None, "CVL"),
        ("nomadic herders", None, None, "CVL"),
        ("journalists", "SYR", None, "MED"),
        ("a Russian plane", None, "RUS", "MIL"),
        ("the army of the junta", "MLI", "MLI", "MIL"),
        ("Mali's military government", None, "MLI", "GOV"),
        ("the Malian police", None, "MLI", "COP"),
        ("rebels", None, None, "REB"),
        ("the UN Security Council", None, "UNO", "IGO"),
    ],
)
def test_code_actor(text: str, context: str | None, country: str | None, sector: str | None) -> None:
    code = code_actor(text, context_country=context)
    assert (code.country, code.sector) == (country, sector)


def test_person_with_title_role_and_country() -> None:
    code = code_actor("Russian Foreign Minister Sergey Lavrov")
    assert code == ActorCode("RUS", "GOV", "Sergey Lavrov", "PERSON")
    nato = code_actor("NATO Secretary General Jens Stoltenberg")
    assert (nato.country, nato.sector, nato.name, nato.kind) == ("NATO", "IGO", "Jens Stoltenberg", "PERSON")


def test_context_does_not_override_a_named_country() -> None:
    assert code_actor("Turkish troops", context_country="SYR").country == "TUR"
    assert code_actor("the government", context_country=None).country is None


def test_acronyms_need_capitals() -> None:
    assert code_actor("US officials").country == "USA"
    assert code_actor("us").country is None
    assert code_actor("who").country is None


def test_kinds() -> None:
    assert code_actor("Syrians").kind == "NORP"
    assert code_actor("Mali").kind == "GPE"
    assert code_actor("African Union").kind == "IGO"
    assert code_actor("Turkish soldiers").kind == "GROUP"


def test_scan_and_generics() -> None:
    terms = scan("the Turkish Foreign Minister")
    assert [t.has("title") for t in terms] == [False, True]
    assert generic_orgs("the alliance")[0] == "NATO"
    assert generic_orgs("the weather") == []


def test_unicode_and_possessive() -> None:
    assert code_actor("Türkiye's army").country == "TUR"
    assert code_actor("Côte d'Ivoire").country == "CIV"


def test_national_body_with_an_international_name() -> None:
    code = code_actor("the Russian Security Council")
    assert (code.country, code.sector) == ("RUS", "GOV")
    assert code_actor("the UN Security Council").country == "UNO"


def test_long_names_and_names_ending_in_a_shorter_one() -> None:
    assert code_actor("The Peace and Security Council of the African Union").country == "AUPSC"  # 8 words
    assert code_actor("the Peace and Security Council").country == "AUPSC"  # not the UN's "Security Council"
    assert code_actor("the UN Security Council").country == "UNO"


def test_abbreviated_titles_match_with_or_without_their_dot() -> None:
    for text in ("Dr. Awa Keita", "Dr Awa Keita", "Mr. Oumar Diarra"):
        first = scan(text)[0]
        assert first.has("honorific") and text[first.start_char:first.end_char].rstrip(".") in ("Dr", "Mr")
    assert not any(t.has("honorific", "title") for t in scan("Drs. and nurses"))
