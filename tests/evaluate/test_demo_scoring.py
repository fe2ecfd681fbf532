"""The demo scorer rewards what matches the gold and nothing else."""

from __future__ import annotations

from typing import Any

from rashomon.evaluate import run_task, tasks
from rashomon.evaluate._metrics import bcubed, prf, span_prf
from rashomon.evaluate.demo import score_demo

TEXT = "Soldiers shelled the market in Tavo on Monday, killing 12 people."
GOLD = {
    "documents": [{"key": "a.txt"}],
    "entities": [{"name": "Tavo", "aliases": []}],
    "events": [{"id": "e1", "doc": "a.txt", "type": "ASSAULT", "trigger": "shelled", "evidence": TEXT,
                "actors": [{"country": "XXX"}], "recipients": [], "dead": {"min": 12, "max": 12}}],
    "quotes": [],
    "stories": [{"id": "s", "docs": ["a.txt"]}],
    "clusters": [{"id": "c1", "events": ["e1"], "corroboration": 1, "conflicts": []}],
}


def _analysis(event_type: str, dead: int) -> dict[str, Any]:
    event = {"type": event_type, "trigger": {"text": "shelled"}, "evidence": {"start": 0, "end": len(TEXT)},
             "actors": [{"country": "XXX"}], "recipients": [], "dead": {"min": dead, "max": dead}, "cluster": "k1"}
    doc = {"id": "d1", "path": "/x/a.txt", "text": TEXT, "sentences": [], "events": [event], "quotes": []}
    return {"documents": [doc], "entities": [{"id": "E1", "name": "Tavo", "aliases": ["Tavo"]}],
            "stories": [{"id": "s1", "docs": ["d1"]}],
            "clusters": [{"id": "k1", "corroboration": 1, "conflicts": []}]}


def test_score_demo_perfect_run() -> None:
    scores = score_demo(GOLD, _analysis("ASSAULT", 12))
    assert scores["events"]["found_with_type"] == 1.0 and scores["events"]["dead_ok"] == 1.0
    assert scores["entities"]["found"] == 1.0
    assert scores["stories_bcubed"]["f1"] == 1.0
    assert scores["clusters"]["corroboration_exact"] == 1.0


def test_score_demo_wrong_type_and_figure() -> None:
    assert score_demo(GOLD, _analysis("PROTEST", 12))["events"]["found_with_type"] == 0.0
    assert score_demo(GOLD, _analysis("ASSAULT", 9))["events"]["dead_ok"] == 0.0


def test_metrics() -> None:
    assert prf(1, 2, 4) == {"precision": 0.5, "recall": 0.25, "f1": 0.3333}
    assert bcubed({1: "a", 2: "a", 3: "b"}, {1: "x", 2: "x", 3: "x"})["precision"] == 1.0
    assert span_prf([(0, 5), (7, 9)], [(0, 5), (6, 8)], overlap=False) == (1, 2, 2)
    assert span_prf([(0, 5), (7, 9)], [(0, 5), (6, 8)], overlap=True) == (2, 2, 2)


def test_eval_registry_lists_demo() -> None:
    assert "demo" in tasks()
    assert "demo" in run_task("list")


def test_split_gold_cluster_is_scored_on_the_cluster_of_its_first_event() -> None:
    """A gold cluster split evenly over two predicted clusters is read from the one holding its first event."""
    from rashomon.evaluate.demo import score_clusters

    gold = [{"id": "c1", "events": ["e1", "e2"], "corroboration": 2, "conflicts": []}]
    for first, second in (("k1", "k2"), ("k2", "k1"), ("zz", "aa"), ("aa", "zz")):
        matches = {"e1": {"cluster": first}, "e2": {"cluster": second}}
        analysis = {"clusters": [{"id": first, "corroboration": 2, "conflicts": []},
                                 {"id": second, "corroboration": 1, "conflicts": []}]}
        scores = score_clusters(gold, matches, analysis)
        assert scores["events_together"] == 0.0
        assert scores["corroboration_exact"] == 1.0, (first, second)
