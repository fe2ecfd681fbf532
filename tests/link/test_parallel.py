"""Linking on two cores: a forked child computes part of the linking, and the result is the same as in one process."""

from __future__ import annotations

import logging
import os
import sys

import pytest

from rashomon.bench.generate import generate_documents
from rashomon.link import PARALLEL_MIN_EVENTS, link_documents
from rashomon.link.parallel import Forked, can_fork, split_balanced
from rashomon.link.stories import publication_order

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="needs the fork start method (Linux)")


def test_two_processes_give_the_same_linking_as_one(caplog: pytest.LogCaptureFixture) -> None:
    docs = list(generate_documents(220, seed=3))
    assert sum(len(d.events) for d in docs) >= PARALLEL_MIN_EVENTS
    one = link_documents(docs, processes=1)
    assert can_fork()
    with caplog.at_level(logging.DEBUG, logger="rashomon.link"):
        two = link_documents(docs, processes=2)
    assert any("forked child" in r.getMessage() for r in caplog.records)  # the parallel path ran
    assert len(one.stories) > 10 and len(one.clusters) > 100
    assert two.to_dict() == one.to_dict()


def test_resumed_linking_on_two_processes_equals_a_run_from_scratch() -> None:
    docs = publication_order(list(generate_documents(240, seed=5)))
    first = link_documents(docs[:-20], processes=2)
    assert link_documents(docs, first, processes=2).to_dict() == link_documents(docs).to_dict()


def test_a_small_corpus_stays_in_one_process(caplog: pytest.LogCaptureFixture) -> None:
    docs = list(generate_documents(20, seed=1))
    assert sum(len(d.events) for d in docs) < PARALLEL_MIN_EVENTS
    with caplog.at_level(logging.DEBUG, logger="rashomon.link"):
        link_documents(docs, processes=2)
    assert not any("forked child" in r.getMessage() for r in caplog.records)


def test_forked_returns_the_childs_result() -> None:
    parent = os.getpid()
    assert Forked(lambda: os.getpid()).result() != parent  # computed in another process
    assert Forked(lambda: list(range(200_000))).result() == list(range(200_000))  # more than a pipe buffer


def test_a_failing_child_is_redone_here(caplog: pytest.LogCaptureFixture) -> None:
    parent = os.getpid()

    def only_here() -> int:
        if os.getpid() != parent:
            raise RuntimeError("child broke")
        return 42

    with caplog.at_level(logging.WARNING, logger="rashomon.link.parallel"):
        assert Forked(only_here).result() == 42
    assert "child broke" in caplog.text


def test_a_child_that_dies_is_redone_here() -> None:
    parent = os.getpid()

    def die_in_child() -> str:
        if os.getpid() != parent:
            os._exit(3)  # no result, no exception: the process just ends
        return "here"

    assert Forked(die_in_child).result() == "here"


def test_split_balanced_keeps_order_and_balances_weight() -> None:
    items = ["a", "b", "c", "d", "e", "f"]
    weights = {"a": 9, "b": 1, "c": 5, "d": 4, "e": 1, "f": 2}
    shares = split_balanced(items, weights.__getitem__, 2)
    assert sorted(x for s in shares for x in s) == items
    assert all(s == sorted(s) for s in shares)  # original order inside each share
    totals = sorted(sum(weights[x] for x in s) for s in shares)
    assert totals == [11, 11]


def test_clustering_in_small_chunks_gives_the_same_linking(monkeypatch: pytest.MonkeyPatch) -> None:
    import rashomon.link

    docs = list(generate_documents(120, seed=4))
    whole = link_documents(docs)
    calls: list[int] = []
    real = rashomon.link._story_clusters

    def counted(ctx: object, stories: list[object]) -> object:
        calls.append(len(stories))
        return real(ctx, stories)  # type: ignore[arg-type]

    monkeypatch.setattr(rashomon.link, "CHUNK_EVENTS", 40)
    monkeypatch.setattr(rashomon.link, "_story_clusters", counted)
    chunked = link_documents(docs)
    assert len(calls) > 3  # it did run in chunks
    assert chunked.to_dict() == whole.to_dict()
