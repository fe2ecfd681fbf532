"""Task ``plover``: PLOVER event coding of single sentences against the PLOVER gold-standard records.

Each record is one sentence with its gold event type (PLOVER 0.5 labels mapped to 2.0), source
and target actors (country codes), and optional dead/injured figures. rashomon codes the sentence
and its *main event* is scored: the event highest in the dependency parse (background events
last), with the sentence-level convention that an announced or promised action counts as AGREE
(cooperative) or THREATEN (hostile) — see :func:`rashomon.extract.events.coded_type`.
Actor and recipient scores compare sets of country codes: CAMEO-era codes in the gold (JAP,
ITL, VTN) are read as ISO; any code that is not an ISO 3166 country (IGO, NGO, UNO, ...) and any
argument of sector IGO/NGO counts as ``IGO``.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

from rashomon.evaluate import task
from rashomon.evaluate._metrics import prf

OLD_LABELS = {"FIGHT": "ASSAULT", "DEMAND": "REQUEST", "DISAPPROVE": "ACCUSE", "INVESTIGATE": "ACCUSE"}
LEGACY = {"JAP": "JPN", "ITL": "ITA", "VTN": "VNM"}  # CAMEO-era codes used by the gold records
IGO_CODES = frozenset({
    "IGO", "UNO", "AFU", "EUR", "NATO", "NAT", "ARL", "ASN", "ECW", "OAS", "OIC", "WBK", "IMF", "ICC", "UNHCR",
})


def _codes(actors: Any) -> set[str]:
    if not isinstance(actors, list):
        return set()
    return {_norm(a.get("code")) for a in actors if isinstance(a, dict) and a.get("code")}


def _norm(code: str | None, sector: str | None = None) -> str:
    """A comparable code: legacy CAMEO country codes made ISO, any non-country code (IGO, NGO, UNO...) as ``IGO``."""
    import pycountry

    code = LEGACY.get((code or "").upper(), (code or "").upper())
    if code in IGO_CODES or (sector or "").upper() in ("IGO", "NGO") or pycountry.countries.get(alpha_3=code) is None:
        return "IGO"
    return code


def _int(value: Any) -> int | None:
    try:
        return int(str(value).replace(",", ""))
    except (TypeError, ValueError):
        return None


def _f1_table(gold: list[str], pred: list[str]) -> dict[str, float]:
    labels = sorted(set(gold))
    f1s = []
    for lab in labels:
        tp = sum(1 for g, p in zip(gold, pred, strict=True) if g == p == lab)
        f1s.append(prf(tp, pred.count(lab), gold.count(lab))["f1"])
    return {"macro_f1": round(sum(f1s) / len(f1s), 4) if f1s else 0.0}


@task("plover", default_data="../shared/eval/plover_gsr")
def plover(data: Path, limit: int | None) -> dict[str, Any]:
    """PLOVER event type accuracy / macro-F1, actor and recipient country F1, dead/injured exact."""
    from rashomon.extract.events import coded_type, main_event
    from rashomon.nlp import build_pipeline

    path = data / "plover_gsr.json" if data.is_dir() else data
    records = [r for r in json.loads(path.read_text(encoding="utf-8"))[1:] if r.get("text") and r.get("event")]
    if limit:
        records = records[:limit]
    nlp = build_pipeline()
    texts = [r["text"].strip().strip("{}").strip() for r in records]
    gold_types, pred_types = [], []
    counts = {k: Counter() for k in ("actor", "recipient")}  # type: ignore[var-annotated]
    dead = [0, 0, 0]  # exact, gold given, predicted
    injured = [0, 0, 0]
    confusion: Counter[tuple[str, str]] = Counter()
    context = [0, 0, 0]  # overlapping, gold given, predicted on those
    for rec, doc in zip(records, nlp.pipe(texts, batch_size=32), strict=True):
        gold = OLD_LABELS.get(rec["event"], rec["event"])
        event = main_event(doc, list(doc._.events or ()))
        pred = coded_type(event) if event else "NONE"
        gold_types.append(gold)
        pred_types.append(pred)
        if gold != pred:
            confusion[(gold, pred)] += 1
        for role, gold_key, attr in (("actor", "source", "actors"), ("recipient", "target", "recipients")):
            g = _codes(rec.get(gold_key))
            p = {_norm(a.country, a.sector) for a in (getattr(event, attr) if event else ()) if a.country}
            c = counts[role]
            c["tp"] += len(g & p)
            c["pred"] += len(p)
            c["gold"] += len(g)
        gold_ctx = {c.strip().rstrip("s") for c in str(rec.get("context") or "").split(",") if c.strip() and c.strip() != "None"}
        if gold_ctx:
            pred_ctx = {c.strip().rstrip("s") for c in ((event.context if event else None) or "").split(",") if c.strip()}
            context[1] += 1
            context[2] += bool(pred_ctx)
            context[0] += bool(gold_ctx & pred_ctx)
        for field, acc in (("dead", dead), ("injured", injured)):
            gv = _int(rec.get(field))
            m = getattr(event, field) if event else None
            if m is not None:
                acc[2] += 1
            if gv is not None:
                acc[1] += 1
                if m is not None and (m.min == gv or (m.min is None and m.max == gv)):
                    acc[0] += 1
    n = len(records)
    accuracy = sum(1 for g, p in zip(gold_types, pred_types, strict=True) if g == p) / n if n else 0.0
    return {
        "items": n,
        "event_accuracy": round(accuracy, 4),
        **{f"event_{k}": v for k, v in _f1_table(gold_types, pred_types).items()},
        "actor": prf(counts["actor"]["tp"], counts["actor"]["pred"], counts["actor"]["gold"]),
        "recipient": prf(counts["recipient"]["tp"], counts["recipient"]["pred"], counts["recipient"]["gold"]),
        "dead_exact": {"correct": dead[0], "gold": dead[1], "predicted": dead[2]},
        "injured_exact": {"correct": injured[0], "gold": injured[1], "predicted": injured[2]},
        "context": {"overlapping": context[0], "gold": context[1], "predicted": context[2]},
        "top_confusions": [f"{g}->{p}: {c}" for (g, p), c in confusion.most_common(12)],
    }
