"""Linking over the demo corpus run through the whole pipeline (against the hand-written gold)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from rashomon.evaluate.demo import default_gold, doc_key, match_events, score_demo
from rashomon.link.corroboration import find_copies
from rashomon.model import Document

pytestmark = pytest.mark.slow


def _gold() -> dict[str, Any]:
    return json.loads(Path(default_gold()).read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def test_demo_stories_are_separated(demo_analysis: dict[str, Any]) -> None:
    story_of = {doc_key(d["path"]): s["id"] for s in demo_analysis["stories"] for d in demo_analysis["documents"]
                if d["id"] in s["docs"]}
    gold = _gold()
    for story in gold["stories"]:
        assert len({story_of[d] for d in story["docs"]}) == 1, story["id"]
    assert len({story_of[s["docs"][0]] for s in gold["stories"]}) == len(gold["stories"])


def test_demo_syndicated_copy_counts_once(demo_analysis: dict[str, Any]) -> None:
    docs = [Document.from_dict(d) for d in demo_analysis["documents"]]
    by_key = {doc_key(d.path): d.id for d in docs}
    copies = find_copies(docs)
    for g in _gold()["documents"]:
        if g["syndicated_from"]:
            assert copies.get(by_key[g["key"]]) == by_key[g["syndicated_from"]]
    assert len(copies) == sum(1 for g in _gold()["documents"] if g["syndicated_from"])
    copy_doc = next(by_key[g["key"]] for g in _gold()["documents"] if g["syndicated_from"])
    with_copy = [c for c in demo_analysis["clusters"] if copy_doc in c["docs"] and len(c["sources"]) > 1]
    assert with_copy
    source_of = {d.id: d.source for d in docs}
    for c in with_copy:
        originals = {copies.get(d, d) for d in c["docs"]}
        assert c["corroboration"] <= len({source_of[d] for d in originals})


def test_demo_gold_clusters_share(demo_analysis: dict[str, Any]) -> None:
    scores = score_demo(_gold(), demo_analysis)
    assert scores["stories_bcubed"]["f1"] == 1.0
    # measured 12 of 12 gold clusters with all their found events together, corroboration exact 12 of 12 and every
    # gold conflict field found (commit f948091); one cluster of margin each
    assert scores["clusters"]["events_together"] >= 11 / 12
    assert scores["clusters"]["corroboration_exact"] >= 11 / 12
    assert scores["clusters"]["conflict_fields_found"] >= 11 / 12


def test_demo_market_strike_is_one_cluster_with_six_sources(demo_analysis: dict[str, Any]) -> None:
    gold = _gold()
    matches = match_events(gold["events"], {doc_key(d["path"]): d for d in demo_analysis["documents"]})
    market = next(c for c in gold["clusters"] if c["id"] == "c1")
    found = {m["cluster"] for e in market["events"] if (m := matches[e])}
    assert len(found) == 1
    cluster = next(c for c in demo_analysis["clusters"] if c["id"] in found)
    assert cluster["corroboration"] == 6  # seven outlets, Sahel Dispatch's copy counted with Continental Wire
    assert {"actor", "dead", "injured"} <= {f["field"] for f in cluster["conflicts"]}
