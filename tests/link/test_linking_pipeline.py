"""Two invented reports through the whole pipeline and linking: one strike told with two attackers, the
retaliation, and a regional body's meeting — the pattern of real multi-outlet crisis coverage."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from rashomon.link import link_documents
from rashomon.model import Cluster, Document, Linking, RawDocument
from rashomon.pipeline import analyze_document

if TYPE_CHECKING:
    from spacy.language import Language

WIRE = (
    "Twelve Ethiopian soldiers killed near Kassala\n\n"
    "Twelve Ethiopian soldiers were killed on Thursday in an air strike by Sudanese government forces near Kassala, "
    "Ethiopian officials said. The African Union held an emergency meeting in Addis Ababa on Friday to discuss the "
    "fighting around Kassala. The Ethiopian army responded by shelling several positions of the Sudanese army, a "
    "military spokesman said."
)
DAILY = (
    "Plane hit Ethiopian convoy, witnesses say\n\n"
    "Witnesses said an Eritrean plane hit an Ethiopian convoy near Kassala on Thursday, killing twelve soldiers. "
    '"We have been targeting all positions of the Sudanese army from land and air," the Ethiopian defence minister '
    "said on Twitter. The African Union met on Friday in Addis Ababa at Ethiopia's request."
)


@pytest.fixture(scope="module")
def linked(nlp: Language) -> tuple[list[Document], Linking]:
    docs = [analyze_document(RawDocument(id="wire000000000001", text=WIRE, source="North Wire",
                                         published="2021-06-12"), nlp),
            analyze_document(RawDocument(id="daily00000000001", text=DAILY, source="Horn Daily",
                                         published="2021-06-12"), nlp)]
    return docs, link_documents(docs)


def _cluster_with(docs: list[Document], lk: Linking, kind: str, trigger: str) -> Cluster:
    event = next(e for d in docs for e in d.events if e.type == kind and e.trigger.text == trigger)
    return next(c for c in lk.clusters if c.id == lk.event_clusters[event.id])


def test_one_story(linked: tuple[list[Document], Linking]) -> None:
    _docs, lk = linked
    assert len(lk.stories) == 1


def test_the_strike_is_one_cluster_with_the_attacker_in_conflict(linked: tuple[list[Document], Linking]) -> None:
    docs, lk = linked
    strike = _cluster_with(docs, lk, "ASSAULT", "air strike")
    assert strike.corroboration == 2 and set(strike.docs) == {d.id for d in docs}
    assert strike.id == _cluster_with(docs, lk, "ASSAULT", "hit").id
    fields = {c.field: c for c in strike.conflicts}
    assert set(fields) == {"actor"}
    sides = {v.value: set(v.sources) for v in fields["actor"].values}
    assert sides["Sudanese government forces (SDN/MIL)"] == {"North Wire"}
    assert sides["an Eritrean plane (ERI/MIL)"] == {"Horn Daily"}  # named by its most specific value


def test_the_retaliation_is_its_own_cluster_from_both(linked: tuple[list[Document], Linking]) -> None:
    docs, lk = linked
    retaliation = _cluster_with(docs, lk, "ASSAULT", "shelling")
    assert retaliation.id == _cluster_with(docs, lk, "ASSAULT", "targeting").id
    assert retaliation.id != _cluster_with(docs, lk, "ASSAULT", "air strike").id
    assert retaliation.corroboration == 2 and not retaliation.conflicts


def test_the_meeting_is_corroborated_without_a_place_conflict(linked: tuple[list[Document], Linking]) -> None:
    docs, lk = linked
    meeting = _cluster_with(docs, lk, "CONSULT", "met")
    assert meeting.corroboration == 2 and not meeting.conflicts
    assert meeting.location is not None and meeting.location.name == "Addis Ababa"
