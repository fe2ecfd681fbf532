"""The ``names`` task: the shipped pair set is well formed and the decision is scored on it."""

from __future__ import annotations

from pathlib import Path

from rashomon.evaluate import run_task
from rashomon.evaluate.names import PAIRS, read_pairs, score_pairs
from rashomon.extract.entities_names import name_score, same_name


def test_pair_set_is_large_and_balanced() -> None:
    rows = read_pairs(PAIRS)
    assert len(rows) >= 60
    assert {r["same"] for r in rows} == {"0", "1"}
    assert sum(r["same"] == "0" for r in rows) >= 20
    assert len({(r["a"], r["b"]) for r in rows}) == len(rows)


def test_score_pairs_counts_errors() -> None:
    rows = [
        {"a": "Fakhreddin Alton", "b": "Fahrettin Altun", "same": "1", "kind": "translit"},
        {"a": "Hillary Clinton", "b": "Bill Clinton", "same": "0", "kind": "surname"},
        {"a": "Hillary Clinton", "b": "Hillary Clinton", "same": "0", "kind": "different"},  # a deliberate wrong gold
    ]
    result = score_pairs(rows)
    assert result["pairs"] == 3 and result["positives"] == 1
    assert result["recall"] == 1.0 and result["precision"] == 0.5
    assert len(result["errors"]) == 1


def test_task_runs_on_the_shipped_pairs(tmp_path: Path) -> None:
    result = run_task("names")
    assert result["pairs"] >= 60 and result["precision"] >= 0.9 and result["recall"] >= 0.9


def test_decisions_the_linker_relies_on() -> None:
    assert same_name("Fakhreddin Alton", "Fahrettin Altun")
    assert same_name("Recep Tayyip Erdogan", "Recep Tayyip Erdoğan")
    assert not same_name("Fahrettin Altun", "Mevlut Cavusoglu")
    assert not same_name("Kim Jong-un", "Kim Jong-il")
    assert name_score("Altun", "Çavuşoğlu") == 0.0


def test_familiar_given_names() -> None:
    assert same_name("Bill Clinton", "William Clinton")
    assert same_name("Ted Kennedy", "Edward Kennedy")
    assert not same_name("Bill Clinton", "Hillary Clinton")
