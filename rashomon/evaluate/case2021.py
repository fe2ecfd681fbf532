"""Task ``case2021``: fine-grained ACLED-style event type per news snippet (CASE 2021 shared task 2).

Each snippet is coded by rashomon; its *main event* is the first sentence's highest event in the
parse that maps to an ACLED sub-event type (through ``data/en/plover/acled.tsv``), skipping
hypothetical and background events; diplomatic PLOVER types without an ACLED category count as
``DIPLO``; a snippet without any event is ``OTHER``. Scored by weighted and macro F1 over the
gold labels (labels rashomon cannot produce — disasters, organised crime — count as misses).
"""

from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path
from typing import Any

from rashomon.evaluate import task
from rashomon.evaluate._metrics import prf

CASE_LABELS = {
    "Air/drone strike": "AIR_STRIKE",
    "Shelling/artillery/missile attack": "ART_MISS_ATTACK",
    "Remote explosive/landmine/IED": "REM_EXPLOS",
    "Suicide bomb": "SUIC_BOMB",
    "Grenade": "GRENADE",
    "Chemical weapon": "CHEM_WEAP",
    "Sexual violence": "SEX_VIOL",
    "Abduction/forced disappearance": "ABDUCT_DISSAP",
    "Attack": "ATTACK",
    "Armed clash": "ARMED_CLASH",
    "Government regains territory": "GOV_REGAINS_TERIT",
    "Non-state actor overtakes territory": "NON_STATE_ACTOR_OVERTAKES_TER",
    "Peaceful protest": "PEACE_PROTEST",
    "Violent demonstration": "VIOL_DEMONSTR",
    "Mob violence": "MOB_VIOL",
    "Excessive force against protesters": "FORCE_AGAINST_PROTEST",
    "Protest with intervention": "PROTEST_WITH_INTER",
    "Arrests": "ARREST",
    "Looting/property destruction": "PROPERTY_DISTRUCT",
    "Disrupted weapons use": "DISR_WEAP",
    "Agreement": "AGREEMENT",
    "Non-violent transfer of territory": "NON_VIOL_TERRIT_TRANSFER",
    "Headquarters or base established": "HQ_ESTABLISHED",
    "Change to group/activity": "CHANGE_TO_GROUP_ACT",
}
GENERIC = frozenset({"Armed clash"})
SPECIFIC = frozenset({"Explosions/Remote violence"})
DIPLOMATIC = frozenset({
    "CONSULT", "SUPPORT", "REQUEST", "ACCUSE", "REJECT", "SANCTION", "THREATEN", "COOPERATE", "AID", "CONCEDE",
})


def snippet_label(doc: Any) -> str:
    """The CASE label of one processed snippet (see the module docstring)."""
    from rashomon.extract.events import main_event

    events = [e for e in (doc._.events or ()) if e.modality != "historical" and not e.negated]
    sents = list(doc.sents)
    for allowed in (("asserted", "reported"), ("asserted", "reported", "future", "hypothetical")):
        for sent in sents:
            mapped = [e for e in events if e.acled is not None and e.modality in allowed
                      and sent.start_char <= e.trigger.start < sent.end_char]
            main = main_event(doc, mapped)
            if main is not None and main.acled is not None:
                if main.acled.sub_event_type in GENERIC:  # a later, more specific account of the attack decides
                    specific = [e for e in events if e.acled is not None and e.acled.event_type in SPECIFIC
                                and e.modality in allowed and e.trigger.start >= sent.start_char]
                    if specific:
                        return CASE_LABELS.get(specific[0].acled.sub_event_type, "OTHER")  # type: ignore[union-attr]
                return CASE_LABELS.get(main.acled.sub_event_type, "OTHER")
    incident = incident_label(doc)
    if incident:
        return incident
    for sent in sents:
        other = main_event(doc, [e for e in events if sent.start_char <= e.trigger.start < sent.end_char])
        if other is not None and other.type in DIPLOMATIC:
            return "DIPLO"
    return "OTHER"


def incident_label(doc: Any) -> str | None:
    """For a snippet without a political event: a disaster (natural or man-made) or ordinary crime, from the
    HAZARD / NATURAL / CRIME word classes of ``data/en/plover/classes.tsv``; None when it names none of them."""
    from rashomon.extract.event_lexicon import in_class

    nouns = [t.lemma_.lower() for t in doc if t.pos_ in ("NOUN", "PROPN", "VERB")]
    if any(in_class(w, "NATURAL") for w in nouns):
        return "NATURAL_DISASTER"
    if any(in_class(w, "HAZARD") for w in nouns):
        return "MAN_MADE_DISASTER"
    if any(in_class(w, "CRIME") for w in nouns):
        return "ORG_CRIME"
    return None


def weighted_f1(gold: list[str], pred: list[str]) -> dict[str, float]:
    """Weighted (by gold support) and macro F1 over the gold labels."""
    labels = sorted(set(gold))
    total = len(gold)
    weighted = macro = 0.0
    for lab in labels:
        tp = sum(1 for g, p in zip(gold, pred, strict=True) if g == p == lab)
        f1 = prf(tp, pred.count(lab), gold.count(lab))["f1"]
        weighted += f1 * gold.count(lab) / total
        macro += f1 / len(labels)
    return {"weighted_f1": round(weighted, 4), "macro_f1": round(macro, 4)}


@task("case2021", default_data="../shared/eval/case2021_task2")
def case2021(data: Path, limit: int | None) -> dict[str, Any]:
    """ACLED sub-event type per snippet via the PLOVER→ACLED map: weighted and macro F1."""
    from rashomon.nlp import build_pipeline

    path = data / "case2021_task2.tsv" if data.is_dir() else data
    with path.open(encoding="utf-8", newline="") as fh:
        rows = [r for r in csv.DictReader(fh, delimiter="\t") if r.get("EventSnippet") and r.get("SubType")]
    if limit:
        rows = rows[:limit]
    nlp = build_pipeline()
    gold = [r["SubType"].strip() for r in rows]
    pred = [snippet_label(doc) for doc in nlp.pipe((r["EventSnippet"] for r in rows), batch_size=16)]
    confusion = Counter((g, p) for g, p in zip(gold, pred, strict=True) if g != p)
    accuracy = sum(1 for g, p in zip(gold, pred, strict=True) if g == p) / len(gold) if gold else 0.0
    return {
        "items": len(rows),
        "accuracy": round(accuracy, 4),
        **weighted_f1(gold, pred),
        "top_confusions": [f"{g}->{p}: {c}" for (g, p), c in confusion.most_common(15)],
    }
