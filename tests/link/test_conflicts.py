"""Conflicts: incompatible values field by field; compatible refinements are not conflicts; contradicting claims."""

from __future__ import annotations

from rashomon.link.claims import claim_conflicts, polarity_negative
from rashomon.link.clusters import prepare
from rashomon.link.conflicts import field_conflicts
from rashomon.model import Conflict, Event, Place

from .link_builders import DOUENTZA, MOPTI_REGION, arg, document, event, mag, quote
from .link_scenario import IDS, linked


def _conflicts(*events: Event) -> dict[str, Conflict]:
    doc = document("d", "", title="t", source="s", published="2025-03-14")
    members = [prepare(e, doc, "s1", {}) for e in events]
    source_of = {e.doc: f"source of {e.doc}" for e in events}
    return {c.field: c for c in field_conflicts(members, source_of)}


def test_market_strike_conflicts_on_actor_dead_injured_and_claim() -> None:
    lk = linked()
    cluster = next(c for c in lk.clusters if c.id == lk.event_clusters[f"{IDS['cw']}-ev1"])
    fields = {c.field: c for c in cluster.conflicts}
    assert {"actor", "dead", "injured", "claim"} <= set(fields)
    actor_sides = {v.value: set(v.sources) for v in fields["actor"].values}
    assert actor_sides["an army drone (MLI/MIL)"] == {"Douentza Voices", "Radio Delta Centre"}
    gsf = next(s for v, s in actor_sides.items() if "Gourma" in v)
    assert gsf == {"Continental Wire", "Bamako Tribune"}
    nine = next(v for v in fields["dead"].values if v.value == "9")
    assert nine.docs == (IDS["bt"],)
    assert "place" not in fields and "date" not in fields


def test_compatible_refinements_are_not_conflicts() -> None:
    dozens = event("a", 1, "ASSAULT", "strike", "x", dead=mag(24, None, "dozens"), place=MOPTI_REGION)
    exact = event("b", 1, "ASSAULT", "strike", "x", dead=mag(33, 33, "33"), place=DOUENTZA)
    at_least = event("c", 1, "ASSAULT", "strike", "x", dead=mag(30, None, "at least 30"), place=DOUENTZA)
    assert _conflicts(dozens, exact, at_least) == {}


def test_incompatible_values_are_conflicts_with_their_evidence() -> None:
    a = event("a", 1, "ASSAULT", "strike", "x", actors=(arg("Syrian government forces", "SYR", "GOV"),),
              dead=mag(33, 33, "33"), date="2020-02-27")
    b = event("b", 1, "ASSAULT", "strike", "x", actors=(arg("a Russian plane", "RUS", "MIL"),),
              dead=mag(9, 9, "nine"), date="2020-02-26")
    found = _conflicts(a, b)
    assert set(found) == {"actor", "dead", "date"}
    sides = {v.value: (v.events, v.docs, v.sources) for v in found["actor"].values}
    assert sides["a Russian plane (RUS/MIL)"] == (("b-ev1",), ("b",), ("source of b",))
    assert {v.value for v in found["dead"].values} == {"33", "nine"}


def test_same_country_different_sector_is_a_conflict_but_refinement_is_not() -> None:
    army = event("a", 1, "ASSAULT", "strike", "x", actors=(arg("the army", "MLI", "MIL"),))
    malian = event("b", 1, "ASSAULT", "strike", "x", actors=(arg("Malian forces", "MLI", None),))
    rebels = event("c", 1, "ASSAULT", "strike", "x", actors=(arg("rebels", "MLI", "REB"),))
    assert "actor" not in _conflicts(army, malian)
    assert "actor" in _conflicts(army, malian, rebels)


def test_claims_that_contradict() -> None:
    assert polarity_negative("the incident does not fall under the treaty")
    assert polarity_negative("the army carried out the strike", cue="denied")
    assert not polarity_negative("the incident falls under Article 5 of the treaty")
    d1 = document("d1", "", title="t", source="A", published="2020-02-28", quotes=(
        quote("d1", 1, "The incident falls under Article 5 of the treaty", "Stoltenberg"),
        quote("d1", 2, "We will meet again next week", "Stoltenberg"),
    ))
    d2 = document("d2", "", title="t", source="B", published="2020-02-28", quotes=(
        quote("d2", 1, "The incident does not fall under Article 5 of the treaty", "Lavrov"),
    ))
    found = claim_conflicts([d1, d2], {"d1": "A", "d2": "B"}, {})
    assert len(found) == 1 and found[0].field == "claim"
    assert [v.sources for v in found[0].values] == [("A",), ("B",)]
    assert found[0].values[1].events == ("d2-q1",)


def test_claims_on_different_points_do_not_conflict() -> None:
    d1 = document("d1", "", title="t", source="A", published="2020-02-28",
                  quotes=(quote("d1", 1, "The talks in Moscow were useful", "Lavrov"),))
    d2 = document("d2", "", title="t", source="B", published="2020-02-28",
                  quotes=(quote("d2", 1, "No soldier was wounded near the border", "a spokesman"),))
    assert claim_conflicts([d1, d2], {}, {}) == []


def test_negation_off_the_shared_point_is_no_contradiction() -> None:
    d1 = document("d1", "", title="t", source="A", published="2025-03-16",
                  quotes=(quote("d1", 1, "The passengers were traders returning from the weekly market", "relatives"),))
    d2 = document("d2", "", title="t", source="B", published="2025-03-16", quotes=(
        quote("d2", 1, "The dead were traders returning from the weekly market, and no weapon was found", "them"),))
    assert claim_conflicts([d1, d2], {}, {}) == []


def test_denial_verb_contradicts_an_assertion() -> None:
    d1 = document("d1", "", title="t", source="A", published="2025-03-16",
                  quotes=(quote("d1", 1, "The army carried out the air strike on the market", "witnesses"),))
    d2 = document("d2", "", title="t", source="B", published="2025-03-16", quotes=(
        quote("d2", 1, "the army carried out an air strike on the market", "the minister", cue="denied"),))
    found = claim_conflicts([d1, d2], {}, {})
    assert len(found) == 1 and found[0].values[1].docs == ("d2",)


def test_other_victims_and_country_level_places_are_not_conflicts() -> None:
    from .link_builders import BANDIAGARA

    soldiers = event("a", 1, "ASSAULT", "strike", "x", recipients=(arg("Turkish soldiers", "TUR", "MIL"),),
                     place=DOUENTZA)
    rescuers = event("b", 1, "ASSAULT", "strike", "x", recipients=(arg("rescuers", None, "NGO"),),
                     place=MOPTI_REGION)
    country = event("c", 1, "ASSAULT", "strike", "x",
                    place=Place("Mali", 0, 4, name="Mali", country="MLI", feature="country"))
    assert _conflicts(soldiers, rescuers, country) == {}
    civilians = event("d", 1, "ASSAULT", "strike", "x", recipients=(arg("traders", "MLI", "CVL"),))
    fighters = event("e", 1, "ASSAULT", "strike", "x", recipients=(arg("armed terrorists", "MLI", "REB"),),
                     place=BANDIAGARA)
    found = _conflicts(civilians, fighters, soldiers)
    assert {v.value for v in found["recipient"].values} >= {"traders (MLI/CVL)", "armed terrorists (MLI/REB)"}
    assert "place" in found  # Douentza vs Bandiagara


def test_one_states_government_and_army_are_one_side() -> None:
    army = event("a", 1, "ASSAULT", "strike", "x", actors=(arg("the Syrian army", "SYR", "MIL"),))
    regime = event("b", 1, "ASSAULT", "strike", "x", actors=(arg("the Syrian government", "SYR", "GOV"),))
    russia = event("c", 1, "ASSAULT", "strike", "x", actors=(arg("a Russian plane", "RUS", "MIL"),))
    assert _conflicts(army, regime) == {}
    assert len(_conflicts(army, regime, russia)["actor"].values) == 2


def test_other_victims_are_not_rival_accounts_of_the_target() -> None:
    soldiers = event("a", 1, "ASSAULT", "strike", "x", recipients=(arg("33 Turkish soldiers", "TUR", "MIL"),))
    rescuers = event("b", 1, "ASSAULT", "attacks", "x", recipients=(arg("rescuers", "SYR", "NGO"),))
    assert "recipient" not in _conflicts(soldiers, rescuers)
    syrians = event("c", 1, "ASSAULT", "strike", "x", recipients=(arg("Syrian soldiers", "SYR", "MIL"),))
    assert "recipient" in _conflicts(soldiers, syrians)  # the same kind of target, two countries: who was hit?
    civilians = event("d", 1, "ASSAULT", "strike", "x", recipients=(arg("traders", "MLI", "CVL"),))
    fighters = event("e", 1, "ASSAULT", "strike", "x", recipients=(arg("armed terrorists", "MLI", "REB"),))
    assert "recipient" in _conflicts(civilians, fighters)


def test_a_meetings_topic_is_not_a_rival_place() -> None:
    brussels = Place(text="Brussels", start=0, end=8, name="Brussels", country="BEL", feature="city", geonameid=2)
    idlib = Place(text="Idlib", start=0, end=5, name="Idlib", country="SYR", feature="city", geonameid=1)
    met = event("a", 1, "CONSULT", "meeting", "x", actors=(arg("NATO", "NATO", "IGO"),), place=brussels)
    about = event("b", 1, "CONSULT", "discuss", "x", actors=(arg("NATO", "NATO", "IGO"),),
                  recipients=(arg("the situation in Idlib"),), place=idlib)
    assert "place" not in _conflicts(met, about)
