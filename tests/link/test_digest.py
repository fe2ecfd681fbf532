"""Digest and timeline: sourced template sentences per story; every story has a digest."""

from __future__ import annotations

from rashomon.link import source_name
from rashomon.link.digest import event_sentence
from rashomon.model import Cluster, Document, EventDate

from .link_builders import DOUENTZA, arg, mag
from .link_scenario import IDS, corpus, linked


def test_every_story_has_a_sourced_digest() -> None:
    lk = linked()
    assert {d.story for d in lk.digest} == {s.id for s in lk.stories}
    for digest in lk.digest:
        assert digest.sentences
        for s in digest.sentences:
            assert s.text and s.docs and s.sources


def test_crisis_digest_leads_with_the_most_corroborated_event_and_states_conflicts() -> None:
    lk = linked()
    story = next(s.id for s in lk.stories if IDS["cw"] in s.docs)
    digest = next(d for d in lk.digest if d.story == story)
    first = digest.sentences[0]
    assert first.clusters == (lk.event_clusters[f"{IDS['cw']}-ev1"],)
    assert "Douentza" in first.text and "4 independent sources" in first.text and "2025-03-12" in first.text
    assert "Disputed actors" in first.text
    assert any("differ on the actor" in s.text for s in digest.sentences)


def test_event_sentence_is_built_from_fields_without_escaping() -> None:
    cluster = Cluster(id="c1", story="s", type="ASSAULT", docs=("d1",), sources=("<b>Outlet</b>",),
                      corroboration=1, single_source=True, date=EventDate("2025-03-12", "day"),
                      location=DOUENTZA, actors=(arg("gunmen", "MLI", "REB"),), recipients=(arg("a bus", None, "CVL"),),
                      dead=mag(5, 5, "five"))
    text = event_sentence(cluster)
    assert text == ("Gunmen attacked a bus in Douentza, Mopti, MLI on 2025-03-12 (five dead); "
                    "single source: <b>Outlet</b>.")


def test_source_name_falls_back_to_url_host() -> None:
    assert source_name(Document(id="x", text="", url="https://www.example.org/a")) == "example.org"
    assert source_name(Document(id="x", text="")) == "x"


def test_linking_fills_entity_and_event_maps() -> None:
    lk = linked()
    events = [e.id for d in corpus() for e in d.events]
    assert set(lk.event_clusters) == set(events)
    assert set(lk.event_clusters.values()) <= {c.id for c in lk.clusters}
    assert isinstance(lk.entity_ids, dict)
