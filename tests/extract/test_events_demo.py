"""The demo corpus gold events (``rashomon/data/demo_gold.json``) are found with their type, parties and dead."""

from __future__ import annotations

import json
from typing import Any

from rashomon.data import read_text
from rashomon.evaluate.demo import doc_key, match_events, score_events


def test_demo_gold_events_found(demo_analysis: dict[str, Any]) -> None:
    gold = json.loads(read_text("demo_gold.json"))["events"]
    docs = {doc_key(d["path"]): d for d in demo_analysis["documents"]}
    matches = match_events(gold, docs)
    scores = score_events(gold, matches)
    assert scores["found_with_type"] >= 0.93, scores
    assert scores["actors_ok"] >= 0.6, scores
    assert scores["recipients_ok"] >= 0.9, scores
    assert scores["dead_ok"] >= 0.9, scores
    found = [(g, matches[g["id"]]) for g in gold if matches[g["id"]]]
    same_modality = sum(g["modality"] == (e or {}).get("modality") for g, e in found)
    assert same_modality >= 0.9 * len(found), [(g["id"], g["modality"], (e or {}).get("modality")) for g, e in found]


def test_demo_events_are_well_formed(demo_analysis: dict[str, Any]) -> None:
    ids = set()
    for doc in demo_analysis["documents"]:
        for e in doc["events"]:
            assert e["id"] not in ids
            ids.add(e["id"])
            assert doc["text"][e["trigger"]["start"]:e["trigger"]["end"]].split() == e["trigger"]["text"].split()
            assert e["evidence"]["start"] <= e["trigger"]["start"] < e["evidence"]["end"]
            assert e["modality"] in ("asserted", "reported", "future", "hypothetical", "historical")
            for m in (e["dead"], e["injured"], e["size"]):
                assert m is None or m["min"] is None or m["max"] is None or m["min"] <= m["max"]
    assert len(ids) > 40
