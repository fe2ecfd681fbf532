"""Scoring helpers shared by the evaluation tasks."""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping
from typing import Any


def prf(tp: float, n_pred: float, n_gold: float) -> dict[str, float]:
    """Precision, recall and F1 from counts (0 where undefined)."""
    return prf_from(tp / n_pred if n_pred else 0.0, tp / n_gold if n_gold else 0.0)


def bcubed(pred: Mapping[Any, Hashable], gold: Mapping[Any, Hashable]) -> dict[str, float]:
    """BCubed precision/recall/F1 of a clustering ``pred`` (item → cluster) against ``gold``."""
    items = [i for i in gold if i in pred]
    pc: dict[Hashable, set[Hashable]] = {}
    gc: dict[Hashable, set[Hashable]] = {}
    for i in items:
        pc.setdefault(pred[i], set()).add(i)
        gc.setdefault(gold[i], set()).add(i)
    p = r = 0.0
    for i in items:
        same = len(pc[pred[i]] & gc[gold[i]])
        p += same / len(pc[pred[i]])
        r += same / len(gc[gold[i]])
    n = len(items) or 1
    return prf_from(p / n, r / n)


def prf_from(p: float, r: float) -> dict[str, float]:
    """F1 from a precision and a recall."""
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4)}


def overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    """Whether two half-open spans share a character."""
    return a[0] < b[1] and b[0] < a[1]


def span_prf(pred: Iterable[tuple[int, int]], gold: Iterable[tuple[int, int]], *, overlap: bool = False) -> tuple[int, int, int]:
    """(true positives, predicted, gold) for span matching, exact or by overlap (one-to-one)."""
    pred, gold = list(pred), list(gold)
    used: set[int] = set()
    tp = 0
    for g in gold:
        for i, p in enumerate(pred):
            if i in used:
                continue
            if (p == g) if not overlap else overlaps(p, g):
                used.add(i)
                tp += 1
                break
    return tp, len(pred), len(gold)
