"""Task ``demo``: score a run over the bundled demo corpus against its hand-written gold file.

Scores what a perfect run should find (``rashomon/data/demo_gold.json``): entities with their
aliases, events (type, actors, recipients, dead), quotes with speakers, stories, and clusters with
their corroboration counts and conflicts. Documents are matched by file name (``file#id`` for
JSON lines records), as the gold names them.
"""

from __future__ import annotations

import json
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from anyascii import anyascii

from rashomon.evaluate import task
from rashomon.evaluate._metrics import bcubed


def _norm(text: str) -> str:
    """Folded name for comparison: "Mr X" is X and "the FAMa" is FAMa (an article is no part of a name)."""
    folded = " ".join(anyascii(text).lower().replace("mr ", "").split())
    return folded[4:] if folded.startswith("the ") else folded


def doc_key(path: str | None) -> str:
    """Gold key of a document path: its file name, keeping a ``#record`` suffix."""
    return Path(path or "").name


def _share(found: int, total: int) -> float:
    return round(found / total, 4) if total else 0.0


def score_entities(gold: list[dict[str, Any]], analysis: dict[str, Any]) -> dict[str, Any]:
    """Gold entities found (a canonical entity bearing its name or an alias) and aliases unified with it."""
    canon = [(e, {_norm(a) for a in [e["name"], *e["aliases"]]}) for e in analysis["entities"]]
    found = aliases_total = aliases_found = 0
    missing = []
    for g in gold:
        names = list(dict.fromkeys([_norm(g["name"])] + [_norm(a) for a in g.get("aliases", []) if "Ã" not in a]))
        best = max(canon, key=lambda c: len(c[1] & set(names)), default=None)
        if best is None or _norm(g["name"]) not in best[1] and not (best[1] & set(names)):
            missing.append(g["name"])
            aliases_total += len(names)
            continue
        found += 1
        aliases_total += len(names)
        aliases_found += len(best[1] & set(names))
    return {"gold": len(gold), "found": _share(found, len(gold)), "aliases_unified": _share(aliases_found, aliases_total),
            "missing": missing}


def _gold_span(doc: dict[str, Any], snippet: str) -> tuple[int, int] | None:
    for field in ("text", "clean_text"):
        text = doc.get(field) or ""
        i = text.find(snippet)
        if i >= 0:
            if field == "text":
                return i, i + len(snippet)
            # fall back to the sentence containing it in clean text: match by sentence text
            for s in doc["sentences"]:
                if snippet[:40] in s["text"] or s["text"][:40] in snippet:
                    return s["start"], s["end"]
    return None


def _countries(args: Iterable[dict[str, Any]]) -> set[str]:
    return {a["country"] for a in args if a.get("country")}


def match_events(gold: list[dict[str, Any]], docs: dict[str, dict[str, Any]]) -> dict[str, dict[str, Any] | None]:
    """Gold event id → the predicted event of the same type in the same sentence (or ``None``)."""
    matches: dict[str, dict[str, Any] | None] = {}
    for g in gold:
        doc = docs.get(g["doc"])
        span = _gold_span(doc, g["evidence"]) if doc else None
        best = None
        if doc and span:
            for e in doc["events"]:
                ev = e["evidence"]
                if ev["start"] < span[1] and span[0] < ev["end"] and e["type"] == g["type"]:
                    trig = g.get("trigger", "").lower()
                    if best is None or trig and trig in e["trigger"]["text"].lower():
                        best = e
        matches[g["id"]] = best
    return matches


def score_events(gold: list[dict[str, Any]], matches: dict[str, dict[str, Any] | None]) -> dict[str, Any]:
    """Share of gold events found with the right type, and of those, right actors/recipients/dead."""
    pairs = [(g, m) for g in gold if (m := matches[g["id"]])]
    found = [g for g, _ in pairs]
    actor_ok = sum(_countries(g["actors"]) <= _countries(m["actors"]) for g, m in pairs)
    recip_ok = sum(_countries(g["recipients"]) <= _countries(m["recipients"]) for g, m in pairs)
    with_dead = [(g, m) for g, m in pairs if g.get("dead")]
    dead_ok = sum(m.get("dead") is not None and m["dead"]["min"] == g["dead"]["min"] for g, m in with_dead)
    return {"gold": len(gold), "found_with_type": _share(len(found), len(gold)),
            "actors_ok": _share(actor_ok, len(found)), "recipients_ok": _share(recip_ok, len(found)),
            "dead_ok": _share(dead_ok, len(with_dead)),
            "missing": [g["id"] for g in gold if not matches[g["id"]]]}


def score_quotes(gold: list[dict[str, Any]], docs: dict[str, dict[str, Any]], analysis: dict[str, Any]) -> dict[str, Any]:
    """Share of gold quotes found (content contains the gold words) and with the right speaker."""
    names = {e["id"]: {_norm(a) for a in [e["name"], *e["aliases"]]} for e in analysis["entities"]}
    found = speaker_ok = 0
    for g in gold:
        doc = docs.get(g["doc"])
        if not doc:
            continue
        want = _norm(g["content_contains"])
        hits = [q for q in doc["quotes"] if want in _norm(q["content"]["text"])]
        if not hits:
            continue
        found += 1
        speaker = _norm(g["speaker"])
        if any(q["speaker"] and (speaker in names.get(q["speaker"].get("entity") or "", set())
                                 or speaker in _norm(q["speaker"]["text"])) for q in hits):
            speaker_ok += 1
    return {"gold": len(gold), "found": _share(found, len(gold)), "speaker_ok": _share(speaker_ok, len(gold))}


def score_clusters(gold: list[dict[str, Any]], matches: dict[str, dict[str, Any] | None],
                   analysis: dict[str, Any]) -> dict[str, Any]:
    """Gold clusters whose matched events share one predicted cluster; corroboration and conflicts agreement.

    Corroboration and conflicts are read from the predicted cluster holding most of the gold cluster's
    events (on a tie, the earliest in the gold's event order), so the scores do not depend on hash order.
    """
    clusters = {c["id"]: c for c in analysis["clusters"]}
    together = corr_ok = conflict_fields_ok = 0
    for g in gold:
        preds = [matches.get(e) for e in g["events"]]
        ids = [p["cluster"] for p in preds if p and p.get("cluster")]
        if not ids:
            continue
        # the predicted cluster holding most of the gold cluster's events; on a tie the one holding the
        # earliest of them in gold order (not set order, which changes with the hash seed)
        top = max(dict.fromkeys(ids), key=ids.count)
        if ids.count(top) == len([p for p in preds if p]) and len(ids) >= min(2, len(g["events"])):
            together += 1
        c = clusters.get(top)
        if c and c["corroboration"] == g["corroboration"]:
            corr_ok += 1
        if c and {f["field"] for f in c["conflicts"]} >= {f["field"] for f in g.get("conflicts", [])}:
            conflict_fields_ok += 1
    return {"gold": len(gold), "events_together": _share(together, len(gold)),
            "corroboration_exact": _share(corr_ok, len(gold)), "conflict_fields_found": _share(conflict_fields_ok, len(gold))}


def score_demo(gold: dict[str, Any], analysis: dict[str, Any]) -> dict[str, Any]:
    """All demo scores for one analysis (the ``analysis.json`` dict) against the gold dict."""
    docs = {doc_key(d["path"]): d for d in analysis["documents"]}
    matches = match_events(gold["events"], docs)
    story_of = {doc_key(d["path"]): s["id"] for s in analysis["stories"] for d in analysis["documents"] if d["id"] in s["docs"]}
    gold_story = {d: s["id"] for s in gold["stories"] for d in s["docs"]}
    return {
        "documents": {"gold": len(gold["documents"]), "found": _share(sum(k["key"] in docs for k in gold["documents"]),
                                                                      len(gold["documents"]))},
        "entities": score_entities(gold["entities"], analysis),
        "events": score_events(gold["events"], matches),
        "quotes": score_quotes(gold["quotes"], docs, analysis),
        "stories_bcubed": bcubed(story_of, gold_story),
        "clusters": score_clusters(gold["clusters"], matches, analysis),
    }


def default_gold() -> Path:
    """Path of the demo gold file shipped in the package."""
    from rashomon.data import data_path

    return Path(str(data_path("demo_gold.json")))


@task("demo", default_data=str(default_gold()))
def demo_task(data: Path, limit: int | None) -> dict[str, Any]:
    """Analyse the demo corpus and score it against the hand-written gold."""
    from rashomon.cli.demo import demo_corpus
    from rashomon.project import Project

    gold = json.loads(data.read_text(encoding="utf-8"))
    with tempfile.TemporaryDirectory() as tmp, Project(str(Path(tmp) / "demo.db")) as project:
        project.analyze([demo_corpus()])
        analysis = project.analysis().to_dict()
    return score_demo(gold, analysis)
