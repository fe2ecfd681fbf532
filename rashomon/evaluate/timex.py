"""Task ``timex``: TIMEX3 recognition and normalisation on TempEval-3 TimeML files.

Tags are stripped from each document's ``<TEXT>`` to get plain text with gold TIMEX3 spans; the
``<DCT>`` value is the document date. Scores: strict span F1 (exact offsets), relaxed span F1
(overlap) and value F1 (relaxed span and value both right: the official ranking metric).
Text is parsed with the spaCy model (no NER) so weekdays and months get the clause's tense.
"""

from __future__ import annotations

import functools
import html
import re
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rashomon.evaluate import task
from rashomon.evaluate._metrics import overlaps, prf, span_prf

_TAG = re.compile(r"<(/?)(\w+)([^>]*)>")
_ATTR = re.compile(r'(\w+)="([^"]*)"')


@dataclass(frozen=True)
class GoldTimex:
    """One gold TIMEX3 with character offsets into the stripped text."""

    start: int
    end: int
    text: str
    type: str
    value: str


@dataclass(frozen=True)
class TimeMLDoc:
    """A TimeML document as plain text, its document date and gold expressions."""

    id: str
    text: str
    dct: str | None
    timexes: tuple[GoldTimex, ...]


def read_timeml(path: Path) -> TimeMLDoc:
    """Parse one ``.tml`` file."""
    raw = path.read_text(encoding="utf-8")
    dct_m = re.search(r"<DCT>.*?value=\"([^\"]+)\"", raw, re.S)
    body_m = re.search(r"<TEXT>(.*)</TEXT>", raw, re.S)
    body = body_m.group(1) if body_m else ""
    parts: list[str] = []
    pos = 0
    length = 0
    open_timex: tuple[int, dict[str, str]] | None = None
    gold = []
    for m in _TAG.finditer(body):
        chunk = html.unescape(body[pos:m.start()])
        parts.append(chunk)
        length += len(chunk)
        pos = m.end()
        closing, name, attrs = m.group(1), m.group(2), m.group(3)
        if name != "TIMEX3":
            continue
        if not closing:
            open_timex = (length, dict(_ATTR.findall(attrs)))
        elif open_timex is not None:
            start, a = open_timex
            gold.append((start, length, a))
            open_timex = None
    parts.append(html.unescape(body[pos:]))
    text = "".join(parts)
    timexes = tuple(GoldTimex(s, e, text[s:e], a.get("type", ""), a.get("value", "")) for s, e, a in gold)
    return TimeMLDoc(path.stem, text, dct_m.group(1)[:10] if dct_m else None, timexes)


def read_corpus(data: Path) -> list[TimeMLDoc]:
    """Every ``.tml`` file under ``data``, sorted by path."""
    return [read_timeml(p) for p in sorted(data.rglob("*.tml"))]


def score(docs: list[TimeMLDoc], predicted: list[list[Any]]) -> dict[str, Any]:
    """Strict/relaxed span P/R/F1, value and type accuracy over matched spans, and value F1."""
    strict = relaxed = value_tp = type_tp = n_pred = n_gold = 0
    for doc, preds in zip(docs, predicted, strict=True):
        gold = [(g.start, g.end) for g in doc.timexes]
        pspans = [(p.start, p.end) for p in preds]
        tp, _, _ = span_prf(pspans, gold)
        strict += tp
        n_pred += len(preds)
        n_gold += len(gold)
        used: set[int] = set()
        for g in doc.timexes:
            for i, p in enumerate(preds):
                if i in used or not overlaps((p.start, p.end), (g.start, g.end)):
                    continue
                used.add(i)
                relaxed += 1
                value_tp += int(p.value == g.value)
                type_tp += int(p.type == g.type)
                break
    return {
        "strict": prf(strict, n_pred, n_gold),
        "relaxed": prf(relaxed, n_pred, n_gold),
        "value": prf(value_tp, n_pred, n_gold),
        "value_accuracy_on_matched": round(value_tp / relaxed, 4) if relaxed else 0.0,
        "type_accuracy_on_matched": round(type_tp / relaxed, 4) if relaxed else 0.0,
        "gold": n_gold,
        "predicted": n_pred,
    }


@task("timex", default_data="../shared/eval/tempeval3")
def timex_task(data: Path, limit: int | None) -> dict[str, Any]:
    """TIMEX3 spans (strict/relaxed F1) and value F1 against the document creation time."""
    from rashomon.extract.times import clause_tense, find_timexes, parse_date
    from rashomon.nlp import load_model

    docs = read_corpus(data)
    if limit:
        docs = docs[:limit]
    nlp = load_model(disable=("ner",))
    started = time.perf_counter()
    predicted = []
    words = 0
    for d in docs:
        doc = nlp(d.text)
        words += len(doc)
        predicted.append(find_timexes(d.text, parse_date(d.dct), functools.partial(clause_tense, doc)))
    seconds = time.perf_counter() - started
    rules_only = time.perf_counter()
    for d in docs:
        find_timexes(d.text, parse_date(d.dct))
    rules_seconds = time.perf_counter() - rules_only
    return {
        "docs": len(docs),
        **score(docs, predicted),
        "docs_per_s_with_parse": round(len(docs) / seconds, 1) if seconds else None,
        "docs_per_s_rules_only": round(len(docs) / rules_seconds, 1) if rules_seconds else None,
        "words": words,
    }
