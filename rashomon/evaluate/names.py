"""Task ``names``: precision and recall of the same-person name decision on pairs written by us.

The pair set (``rashomon/data/eval/name_pairs.tsv``) holds transliteration and spelling variants
that must match ("Fakhreddin Alton" / "Fahrettin Altun") and hard negatives that must not (same
surname, same first name, similar spelling). The decision scored is
:func:`rashomon.extract.entities_names.same_name`, the one the cross-document linker uses for full names.
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

from rashomon.evaluate import task
from rashomon.evaluate._metrics import prf
from rashomon.extract.entities_names import name_score, same_name

PAIRS = Path(__file__).resolve().parent.parent / "data" / "eval" / "name_pairs.tsv"


def read_pairs(path: Path) -> list[dict[str, str]]:
    """Rows ``a, b, same, kind`` of a pair file (``#`` lines skipped)."""
    lines = [ln for ln in path.read_text(encoding="utf-8").splitlines() if ln.strip() and not ln.startswith("#")]
    return list(csv.DictReader(lines, delimiter="\t"))


def score_pairs(rows: list[dict[str, str]]) -> dict[str, Any]:
    """Precision/recall/F1 of ``same_name`` plus accuracy per kind and the pairs it gets wrong."""
    tp = pred = gold = 0
    by_kind: dict[str, list[int]] = {}
    errors = []
    for row in rows:
        truth = row["same"] == "1"
        guess = same_name(row["a"], row["b"])
        tp += truth and guess
        pred += guess
        gold += truth
        right = by_kind.setdefault(row["kind"], [0, 0])
        right[0] += truth == guess
        right[1] += 1
        if truth != guess:
            errors.append(f"{row['a']} / {row['b']} (gold {int(truth)}, score {name_score(row['a'], row['b']):.2f})")
    return {
        "pairs": len(rows), "positives": gold, **prf(tp, pred, gold),
        "accuracy_by_kind": {k: round(r / n, 4) for k, (r, n) in sorted(by_kind.items())},
        "errors": errors,
    }


@task("names", default_data=str(PAIRS))
def evaluate_names(data: Path, limit: int | None) -> dict[str, Any]:
    """Same-person decisions on name-variant pairs (transliterations and hard negatives)."""
    rows = read_pairs(data)
    return score_pairs(rows[:limit] if limit else rows)
