"""Story clustering: online, blocked, deterministic ids; story evaluation helpers."""

from __future__ import annotations

from collections.abc import Hashable

from rashomon.evaluate.stories import pairwise
from rashomon.link.stories import StoryClusterer, StoryOptions, cluster_stories, doc_terms
from rashomon.link.text import Idf, light_names, tfidf

from .link_builders import document
from .link_scenario import IDS, corpus


def _story_of(stories):  # type: ignore[no-untyped-def]
    return {d: s.id for s in stories for d in s.docs}


def test_crisis_and_cotton_are_two_stories() -> None:
    story_of = _story_of(cluster_stories(corpus()))
    crisis = {story_of[IDS[k]] for k in ("cw", "sd", "bt", "dv", "rdc", "cw2", "hws")}
    cotton = {story_of[IDS[k]] for k in ("cot1", "cot2")}
    assert len(crisis) == 1 and len(cotton) == 1
    assert crisis != cotton


def test_story_ids_come_from_first_document_and_survive_later_additions() -> None:
    docs = corpus()
    early = [d for d in docs if (d.published or "") <= "2025-03-14"]
    first = cluster_stories(early)
    later = cluster_stories(docs)
    assert {s.id for s in first} <= {s.id for s in later}
    crisis = next(s for s in later if IDS["cw"] in s.docs)
    assert crisis.id == "s-" + IDS["bt"][:10]  # earliest crisis report, same-day ties broken by id


def test_story_title_is_from_a_member_document() -> None:
    for s in cluster_stories(corpus()):
        titles = {d.title for d in corpus() if d.id in s.docs}
        assert s.title in titles


def test_time_window_keeps_same_words_months_apart_in_two_stories() -> None:
    text = "Floods in Koutiala destroyed cotton fields and the harvest, farmers in Koutiala said."
    a = document("flood2024aaaa", text, title="Koutiala floods", source="A", published="2024-08-01")
    b = document("flood2025bbbb", text + " Again.", title="Koutiala floods", source="B", published="2025-08-01")
    c = document("flood2025cccc", text + " Once more.", title="Koutiala floods", source="C", published="2025-08-03")
    story_of = _story_of(cluster_stories([a, b, c]))
    assert story_of[a.id] != story_of[b.id]
    assert story_of[b.id] == story_of[c.id]


def test_blocking_compares_few_candidates() -> None:
    # 300 unrelated one-document stories: each new document meets only stories sharing its rare words
    docs = [document(f"doc{i:05d}xxxxx", f"Zorb{i} quax{i} event report number {i} about wibble{i}.",
                     title=f"Zorb{i} report", source=f"S{i}", published="2025-01-01") for i in range(300)]
    options = StoryOptions()
    counts = [doc_terms(d, options) for d in docs]
    idf = Idf((c.keys() for c in counts), options.min_collection)
    clusterer = StoryClusterer(idf, options)
    for d, c in zip(docs, counts, strict=True):
        clusterer.add(d.id, tfidf(c, idf), d.published)
    assert len(clusterer.stories) == 300
    assert clusterer.compared < 300  # not all pairs (that would be ~45,000)


def test_light_names_skip_sentence_starts() -> None:
    names = light_names("The army said. Moussa Tembely met the United Nations envoy in Bamako.")
    assert "moussa tembely" in names and "bamako" in names
    assert "the" not in names


def test_pairwise_scores() -> None:
    gold: dict[Hashable, Hashable] = {"a": 1, "b": 1, "c": 2}
    assert pairwise({"a": "x", "b": "x", "c": "y"}, gold)["f1"] == 1.0
    assert pairwise({"a": "x", "b": "x", "c": "x"}, gold)["precision"] < 0.5
