"""Story clustering: online, blocked, deterministic ids; story evaluation helpers."""

from __future__ import annotations

from collections.abc import Hashable

import numpy as np
import pytest

from rashomon.evaluate.stories import pairwise
from rashomon.link import semantic
from rashomon.link.stories import StoryClusterer, StoryOptions, cluster_stories, doc_terms, numbers, use_semantic
from rashomon.link.text import Idf, light_names, tfidf
from rashomon.model import Document

from .link_builders import document
from .link_scenario import IDS, corpus


def _story_of(stories):  # type: ignore[no-untyped-def]
    return {d: s.id for s in stories for d in s.docs}


def test_crisis_and_cotton_are_two_stories() -> None:
    stats: dict[str, int] = {}
    story_of = _story_of(cluster_stories(corpus(), stats=stats))
    assert 0 < stats["comparisons"] < len(corpus()) ** 2 / 2
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


# --- sentence embeddings (the optional [semantic] extra) -------------------------------------------

def _unit(*xs: float) -> np.ndarray:
    v = np.array(xs, dtype=np.float32)
    return v / np.linalg.norm(v)


def _para_docs() -> list[Document]:
    return [
        document("para000001", "Officials castigated the envoy over talks.", title="Envoy rebuked", source="A",
                 published=None),
        document("para000002", "Leaders slammed diplomat for secret negotiation.", title="Diplomat attacked", source="B",
                 published=None),
        document("para000003", "Rainfall totals broke records in the valley.", title="Record rain", source="C",
                 published=None),
    ]


def test_embeddings_join_paraphrases_that_share_no_heavy_word() -> None:
    options = StoryOptions(semantic=True)
    docs = _para_docs()
    counts = [doc_terms(d, options) for d in docs]
    idf = Idf((c.keys() for c in counts), options.min_collection)
    embs = [_unit(1, 0.1, 0, 0), _unit(1, 0.15, 0.05, 0), _unit(0, 0, 1, 0.2)]
    lexical = StoryClusterer(idf, StoryOptions(semantic=False))
    blended = StoryClusterer(idf, options)
    for d, c, e in zip(docs, counts, embs, strict=True):
        lexical.add(d.id, tfidf(c, idf), d.published)
        blended.add(d.id, tfidf(c, idf), d.published, embedding=e)
    assert lexical.story_of["para000001"] != lexical.story_of["para000002"]
    assert blended.story_of["para000001"] == blended.story_of["para000002"]
    assert blended.story_of["para000003"] != blended.story_of["para000001"]


def test_only_the_closest_candidates_in_embedding_space_are_scored() -> None:
    options = StoryOptions(semantic=True, semantic_top=1)
    docs = _para_docs()
    counts = [doc_terms(d, options) for d in docs]
    idf = Idf((c.keys() for c in counts), options.min_collection)
    clusterer = StoryClusterer(idf, options)
    for d, c, e in zip(docs, counts, [_unit(1, 0, 0), _unit(0, 1, 0), _unit(0, 0, 1)], strict=True):
        clusterer.add(d.id, tfidf(c, idf), d.published, embedding=e)
    ranked = clusterer._closest(list(clusterer.stories.values()), _unit(0.1, 1, 0))
    assert [s.docs for s in ranked] == [["para000002"]]


def test_lsh_keys_are_deterministic_and_close_vectors_share_them() -> None:
    clusterer = StoryClusterer(Idf([]), StoryOptions())
    rng = np.random.default_rng(1)
    a = rng.standard_normal(384).astype(np.float32)
    near = a + 0.05 * rng.standard_normal(384).astype(np.float32)
    far = rng.standard_normal(384).astype(np.float32)
    keys = clusterer._lsh_keys(a / np.linalg.norm(a))
    assert keys == StoryClusterer(Idf([]), StoryOptions())._lsh_keys(a / np.linalg.norm(a))
    assert len(keys) == StoryOptions().lsh_bands
    assert set(keys) & set(clusterer._lsh_keys(near / np.linalg.norm(near)))
    assert len(set(keys) & set(clusterer._lsh_keys(far / np.linalg.norm(far)))) < len(keys) // 2


def test_semantic_is_opt_in(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("RASHOMON_SEMANTIC", raising=False)
    assert not use_semantic(StoryOptions())
    monkeypatch.setenv("RASHOMON_SEMANTIC", "off")
    assert not semantic.requested() and not use_semantic(StoryOptions())
    monkeypatch.setenv("RASHOMON_SEMANTIC", "on")
    assert semantic.requested()
    assert not use_semantic(StoryOptions(semantic=False))
    monkeypatch.setattr(semantic, "available", lambda: False)
    with pytest.raises(RuntimeError, match="rashomon\\[semantic\\]"):
        use_semantic(StoryOptions())
    with pytest.raises(RuntimeError):
        use_semantic(StoryOptions(semantic=True))


def test_story_text_is_headline_and_lead() -> None:
    assert semantic.story_text("Rain in Bamako", "Rain in Bamako\nHeavy rain fell.") == "Rain in Bamako. Heavy rain fell."
    assert semantic.story_text(None, "x" * 1000) == "x" * semantic.LEAD_CHARS
    assert semantic.story_text("Rain.", "") == "Rain."


needs_extra = pytest.mark.skipif(not semantic.available(), reason="the [semantic] extra is not installed")


@pytest.mark.slow
@needs_extra
def test_minilm_embeds_paraphrases_close() -> None:
    e = semantic.embed(["Trump slams Kerry over Iran deal talks.",
                        "President castigates former secretary of state for shadow diplomacy with Tehran.",
                        "Heavy rain floods farms along the river valley."])
    assert e.shape == (3, 384)
    assert abs(float(np.linalg.norm(e[0])) - 1) < 1e-3
    assert float(e[0] @ e[1]) > float(e[0] @ e[2]) + 0.2


@pytest.mark.slow
@needs_extra
def test_semantic_cluster_stories_end_to_end() -> None:
    docs = [
        document("kerry00001", "The president on Monday rebuked former secretary of state John Kerry for quietly "
                 "lobbying to save the Iran nuclear deal.", title="President rebukes Kerry over Iran nuclear deal",
                 source="A", published=None),
        document("kerry00002", "The White House lashed out at John Kerry, the former top diplomat, after reports that "
                 "he met Iranian officials to save the nuclear deal.",
                 title="Kerry's secret talks to save Iran deal draw White House fury", source="B", published=None),
        document("flood00001", "Heavy rain flooded farms along the river valley and closed two roads.",
                 title="Floods close valley roads", source="C", published=None),
    ]
    story_of = _story_of(cluster_stories(docs, StoryOptions(semantic=True)))
    assert story_of["kerry00001"] == story_of["kerry00002"] != story_of["flood00001"]


def test_numbers_are_comparable_terms() -> None:
    assert numbers("881K claims") == numbers("881,000 claims") == numbers("881 thousand claims") == ["8.81e+05"]
    assert numbers("in 2020 and 2024, 12% or 12 percent") == ["2020", "2024", "12%", "12%"]
    assert numbers("three or 5 people") == []
    assert "#2.7e+05" in doc_terms(document("claims0001", "Some 270,000 filed claims.", title="Claims", source="A",
                                            published=None), StoryOptions())


def test_crowded_candidates_raise_the_bar() -> None:
    """A document close to several stories alike joins none of them; one close to a single story joins it."""
    idf = Idf([])
    options = StoryOptions(threshold=0.35, background=0.5, min_collection=0)
    crowded = StoryClusterer(idf, options)
    for i, vec in enumerate([{"a": 1.0}, {"b": 1.0}, {"c": 1.0}, {"d": 1.0}]):
        crowded.add(f"seed{i:06d}", vec)
    crowded.add("newdoc0001", {"a": 0.55, "b": 0.5, "c": 0.5, "d": 0.45})  # 0.55 - 0.5 * 0.48 < 0.35
    assert len(crowded.stories) == 5
    alone = StoryClusterer(idf, options)
    for i, vec in enumerate([{"a": 1.0}, {"b": 1.0}]):
        alone.add(f"seed{i:06d}", vec)
    alone.add("newdoc0001", {"a": 0.55, "z": 0.83})
    assert alone.story_of["newdoc0001"] == alone.story_of["seed000000"]
    plain = StoryClusterer(idf, StoryOptions(threshold=0.35, background=0.0, min_collection=0))
    for i, vec in enumerate([{"a": 1.0}, {"b": 1.0}, {"c": 1.0}, {"d": 1.0}]):
        plain.add(f"seed{i:06d}", vec)
    plain.add("newdoc0001", {"a": 0.55, "b": 0.5, "c": 0.5, "d": 0.45})
    assert plain.story_of["newdoc0001"] == plain.story_of["seed000000"]


def _clusterer_over(docs: list[Document], options: StoryOptions) -> StoryClusterer:
    counts = [doc_terms(d, options) for d in docs]
    idf = Idf((c.keys() for c in counts), options.min_collection)
    clusterer = StoryClusterer(idf, options)
    for d, c in zip(docs, counts, strict=True):
        clusterer.add(d.id, tfidf(c, idf), d.published)
    return clusterer


def test_stories_out_of_the_window_are_closed_and_keep_only_their_documents() -> None:
    text = "Floods in Koutiala destroyed cotton fields and the harvest, farmers in Koutiala said."
    docs = [document(f"flood{m:02d}aaaaaaa", text, title="Koutiala floods", source="A", published=f"2024-{m:02d}-01")
            for m in range(1, 7)]
    clusterer = _clusterer_over(docs, StoryOptions())
    stories = list(clusterer.stories.values())
    assert len(stories) == 6  # a month apart: a new story each time
    assert all(s.closed and not s.vectors and not s.recent for s in stories[:-1])
    assert not stories[-1].closed and stories[-1].vectors
    assert [s.docs for s in stories] == [[d.id] for d in docs]


def test_a_story_keeps_only_its_latest_reports_vectors() -> None:
    text = "The relief convoy reached Baidoa with food and medicine, officials in Baidoa said."
    docs = [document(f"conv{i:03d}aaaaaaa", text, title="Relief convoy reaches Baidoa", source=f"S{i}",
                     published="2024-03-01") for i in range(12)]
    clusterer = _clusterer_over(docs, StoryOptions(members=5))
    (story,) = clusterer.stories.values()
    assert len(story.docs) == 12 and len(story.vectors) == 5


def test_candidates_are_capped_to_the_stories_sharing_most_keys() -> None:
    # 40 one-document stories share one rare word each with the last document; one shares many
    def tag(i: int) -> str:
        return chr(97 + i % 26) + chr(97 + i // 26)

    docs = [document(f"cap{i:03d}aaaaaaa", f"Zorb{tag(i)} quax{tag(i)} wibble{tag(i)} and the glorp{tag(i)} marker.",
                     title=f"Zorb{tag(i)}", source=f"S{i}", published="2025-01-01") for i in range(40)]
    shared = " ".join(f"glorp{tag(i)}" for i in range(40))  # one word in common with every earlier story
    docs.append(document("capzzzaaaaaaa", f"Zorb{tag(7)} quax{tag(7)} wibble{tag(7)} {shared}.", title=f"Zorb{tag(7)}",
                         source="T", published="2025-01-01"))
    wide = _clusterer_over(docs, StoryOptions(candidates=0))
    capped = _clusterer_over(docs, StoryOptions(candidates=3))
    assert capped.compared < wide.compared
    assert capped.story_of["capzzzaaaaaaa"] == capped.story_of["cap007aaaaaaa"]
