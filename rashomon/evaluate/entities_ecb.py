"""Task ``entities-ecb``: cross-document entity coreference on ECB+ with gold mentions.

Gold entity mentions (``entity_mentions.jsonl``, only sentences in the standard annotated set) are
given to rashomon's resolvers as if the extractor had found them: proper names go through the
within-document resolution (:func:`rashomon.extract.entities_coref.resolve_in_document`), common
nouns corefer when they are the same words (as in the string baseline), pronouns stay alone (rashomon does no pronoun
resolution), and then :func:`rashomon.link.entities.resolve_entities` links documents, one gold
topic at a time (the usual "gold topics" setting). Scores: MUC, B³, CEAF-e and CoNLL F1 (their
mean), for all entity mentions, for persons and for proper-name mentions (rashomon's own ground:
common nouns and pronouns are handled by plain rules here), next to two baselines computed the same way:
every mention alone, and same normalised string within a topic.
"""

from __future__ import annotations

import json
from collections.abc import Hashable, Iterable
from pathlib import Path
from typing import Any

from rashomon.evaluate import task
from rashomon.evaluate._metrics import bcubed, prf_from
from rashomon.extract.entities_coref import Candidate, resolve_in_document
from rashomon.extract.entities_names import strip_titles
from rashomon.link.entities import resolve_entities
from rashomon.model import Document, EntityMention

TYPES = {"HUMAN_PART_PER": "PERSON", "HUMAN_PART_ORG": "ORG", "HUMAN_PART_GPE": "GPE", "LOC_GEO": "GPE",
         "LOC_FAC": "FAC", "LOC_OTHER": "LOC", "HUMAN_PART_VEH": "PRODUCT", "HUMAN_PART_MET": "ORG",
         "HUMAN_PART_FAC": "FAC"}
PRONOUNS = frozenset("i me my mine myself we us our ours ourselves you your yours yourself yourselves he him his "
                     "himself she her hers herself it its itself they them their theirs themselves who whom whose "
                     "which that this these those one someone anyone everyone".split())
DETERMINERS = frozenset({"the", "a", "an", "this", "that", "these", "those", "his", "her", "its", "their", "our",
                         "in", "on", "at", "of", "from", "to", "near"})  # ECB+ spans may start with a preposition

Item = tuple[str, str]  # (doc id, mention id)


def load_mentions(folder: Path) -> list[dict[str, Any]]:
    """Entity mentions in the annotated sentences, in document order."""
    rows = []
    with (folder / "entity_mentions.jsonl").open(encoding="utf-8") as fh:
        for line in fh:
            row = json.loads(line)
            if row.get("in_annotated_sentence"):
                row["pos"] = int(row["sentence"]) * 100000 + min(int(t) for t in row["token_ids"])
                rows.append(row)
    return rows


def _words(text: str) -> list[str]:
    return [w for w in text.replace("'s", "").replace("'", "").split() if w]


def _is_name(text: str, common: frozenset[str] = frozenset()) -> bool:
    """A proper name: a capitalised word that is not also written in lower case elsewhere ("Police said")."""
    words = [w for w in _words(text) if w.lower() not in DETERMINERS]
    return (bool(words) and any(w[:1].isupper() and w.lower() not in common for w in words)
            and text.lower() not in PRONOUNS)


def _within_document(rows: list[dict[str, Any]], doc_id: str, common: frozenset[str]) -> Document:
    """One ECB+ document as rashomon would hand it to the linker: mentions with local entity ids."""
    names: list[Candidate] = []
    local: dict[int, tuple[str, str, str]] = {}
    for n, r in enumerate(rows):
        if _is_name(r["text"], common):
            kind = TYPES.get(r["tag"], "MISC")
            body = " ".join(w for w in _words(r["text"]) if w.lower() not in DETERMINERS)
            clean = strip_titles(body) if kind == "PERSON" else body
            names.append(Candidate(r["pos"], r["pos"] + 1, r["text"], kind, clean or body, cluster=-1, head=str(n)))
    for c in resolve_in_document(names):
        local[int(c.head or 0)] = (f"{doc_id}#e{c.cluster + 1}", c.name, c.type)
    heads: dict[tuple[str, str], str] = {}
    mentions = []
    for n, r in enumerate(rows):
        kind = TYPES.get(r["tag"], "MISC")
        name: str | None
        if n in local:
            entity, name, kind = local[n]
        elif r["text"].lower() in PRONOUNS or not _words(r["text"]):
            entity, name = f"{doc_id}#p{n}", None  # pronouns: alone
        else:
            # common nouns are outside rashomon's scope: the same words (determiner included) corefer
            kind, name = "NOMINAL", r["text"].lower()
            entity = heads.setdefault((kind, name), f"{doc_id}#h{len(heads) + 1}")
        mentions.append(EntityMention(r["text"], r["pos"], r["pos"] + 1, kind if name else "PRON", entity, name=name))
    return Document(id=doc_id, text="", entities=tuple(mentions))


def system_clusters(rows: list[dict[str, Any]]) -> dict[Item, str]:
    """Mention → canonical entity id from rashomon's within- and cross-document resolution of one topic."""
    by_doc: dict[str, list[dict[str, Any]]] = {}
    for r in sorted(rows, key=lambda r: (r["doc_id"], r["pos"])):
        by_doc.setdefault(r["doc_id"], []).append(r)
    common = frozenset(w for r in rows for w in _words(r["text"]) if w.islower())
    docs = [_within_document(rs, d, common) for d, rs in by_doc.items()]
    # pronouns take no part in linking: each stays its own entity
    linkable = [Document(id=d.id, text="", entities=tuple(m for m in d.entities if m.type != "PRON")) for d in docs]
    _, ids = resolve_entities(linkable)
    out = {}
    for d, rs in zip(docs, by_doc.values(), strict=True):
        for m, r in zip(d.entities, rs, strict=True):
            out[(r["doc_id"], r["m_id"])] = ids.get(m.entity or "", m.entity or "")
    return out


def _clusters(assign: dict[Item, Hashable]) -> list[set[Item]]:
    groups: dict[Hashable, set[Item]] = {}
    for item, c in assign.items():
        groups.setdefault(c, set()).add(item)
    return list(groups.values())


def muc(pred: dict[Item, Hashable], gold: dict[Item, Hashable]) -> dict[str, float]:
    """MUC link-based precision/recall/F1."""
    def score(keys: list[set[Item]], other: dict[Item, Hashable]) -> float:
        num = den = 0
        for k in keys:
            parts = {other.get(i, ("alone", i)) for i in k}
            num += len(k) - len(parts)
            den += len(k) - 1
        return num / den if den else 0.0

    return prf_from(score(_clusters(pred), gold), score(_clusters(gold), pred))


def ceaf_e(pred: dict[Item, Hashable], gold: dict[Item, Hashable]) -> dict[str, float]:
    """Entity-based CEAF (phi4 similarity, optimal one-to-one alignment)."""
    import numpy as np
    from scipy.optimize import linear_sum_assignment

    p, g = _clusters(pred), _clusters(gold)
    if not p or not g:
        return prf_from(0.0, 0.0)
    sim = np.zeros((len(g), len(p)))
    index: dict[Item, int] = {}
    for col, cl in enumerate(p):
        for item in cl:
            index[item] = col
    for row, gc in enumerate(g):
        for item in gc:
            found = index.get(item)
            if found is not None and sim[row, found] == 0:
                sim[row, found] = 2 * len(gc & p[found]) / (len(gc) + len(p[found]))
    rows, cols = linear_sum_assignment(-sim)
    total = float(sim[rows, cols].sum())
    return prf_from(total / len(p), total / len(g))


def coref_scores(pred: dict[Item, Hashable], gold: dict[Item, Hashable]) -> dict[str, Any]:
    """MUC, B³, CEAF-e and CoNLL F1 (their mean F1)."""
    m, b, c = muc(pred, gold), bcubed(pred, gold), ceaf_e(pred, gold)
    return {"muc": m, "b3": b, "ceaf_e": c, "conll_f1": round((m["f1"] + b["f1"] + c["f1"]) / 3, 4)}


def _string_baseline(rows: Iterable[dict[str, Any]], *, by_topic: bool = True) -> dict[Item, Hashable]:
    out: dict[Item, Hashable] = {}
    for r in rows:
        key = r["text"].lower()
        scope = r["topic"] if by_topic else 0
        out[(r["doc_id"], r["m_id"])] = (scope, key) if key not in PRONOUNS else (r["doc_id"], r["m_id"])
    return out


@task("entities-ecb", default_data="../shared/eval/ecbplus")
def evaluate_ecb(data: Path, limit: int | None) -> dict[str, Any]:
    """Cross-document entity coreference on ECB+ gold mentions (MUC, B³, CEAF-e, CoNLL F1; all and persons)."""
    rows = load_mentions(data)
    topics = sorted({r["topic"] for r in rows})[:limit] if limit else sorted({r["topic"] for r in rows})
    rows = [r for r in rows if r["topic"] in set(topics)]
    gold = {(r["doc_id"], r["m_id"]): r["chain_id"] for r in rows}
    pred: dict[Item, Hashable] = {}
    for t in topics:  # canonical ids derive from names: keep topics apart
        pred.update({k: (t, v) for k, v in system_clusters([r for r in rows if r["topic"] == t]).items()})
    persons = {(r["doc_id"], r["m_id"]) for r in rows if r["tag"] == "HUMAN_PART_PER"}
    common = frozenset(w for r in rows for w in _words(r["text"]) if w.islower())
    named = {(r["doc_id"], r["m_id"]) for r in rows if _is_name(r["text"], common)}

    def only(assign: dict[Item, Hashable], keep: set[Item]) -> dict[Item, Hashable]:
        return {k: v for k, v in assign.items() if k in keep}

    singletons: dict[Item, Hashable] = {k: k for k in gold}
    string = _string_baseline(rows)
    # the realistic setting: rashomon links every document at once, no gold topics
    flat: dict[Item, Hashable] = dict(system_clusters(rows))
    flat_string = _string_baseline(rows, by_topic=False)
    return {
        "setting": "gold mentions, gold topics, annotated sentences only",
        "topics": len(topics), "docs": len({r["doc_id"] for r in rows}), "mentions": len(gold),
        "person_mentions": len(persons),
        "all": coref_scores(pred, gold),
        "persons": coref_scores(only(pred, persons), only(gold, persons)),
        "named_mentions": len(named),
        "named": coref_scores(only(pred, named), only(gold, named)),
        "baselines": {
            "singletons": {"all": coref_scores(singletons, gold)["conll_f1"],
                           "persons": coref_scores(only(singletons, persons), only(gold, persons))["conll_f1"]},
            "same_string_in_topic": {"all": coref_scores(string, gold)["conll_f1"],
                                     "persons": coref_scores(only(string, persons), only(gold, persons))["conll_f1"],
                                     "named": coref_scores(only(string, named), only(gold, named))["conll_f1"]},
        },
        "without_topics": {
            "setting": "gold mentions, all documents linked at once (no gold topics)",
            "all": coref_scores(flat, gold)["conll_f1"],
            "persons": coref_scores(only(flat, persons), only(gold, persons))["conll_f1"],
            "named": coref_scores(only(flat, named), only(gold, named)),
            "same_string_baseline": {"all": coref_scores(flat_string, gold)["conll_f1"],
                                     "persons": coref_scores(only(flat_string, persons), only(gold, persons))["conll_f1"],
                                     "named": coref_scores(only(flat_string, named), only(gold, named))["conll_f1"]},
        },
    }
