"""Task ``quotes``: attribution (source, cue, content spans) against PolNeAR, plus speaker accuracy and speed.

PolNeAR (``polnear_attributions.jsonl``: one article per line, ``attributions_by_annotator``
``{annotator: [{source, cue, content}]}``, each a list of ``{start, end, text}`` spans into ``text``).

Scoring choices (documented in ``docs/evaluation/quotes.md``):

- **One annotator per article**: the first annotator id in sorted order (18 of 924 articles have
  several; taking one keeps the gold a single consistent reading, and sorting is blind to our output).
- **Spans per role**: for each article the set of distinct source, cue and content spans (a
  content split in several pieces counts each piece); predicted spans likewise from
  ``Quote.speaker``, ``Quote.cue``, ``Quote.content``. Before comparing, spans are trimmed of
  white space and of ``, . ; :`` at both ends. *Exact* needs equal offsets, *overlap* one shared
  character; matching is one-to-one.
- **Speaker accuracy**: over gold attributions with a source whose content overlaps a predicted
  quote's content, the share where that quote's speaker overlaps the gold source.
- **Direct subset**: gold attributions whose content opens with a quotation mark, against
  predicted quotes with ``direct=True``.

Documents run through the real cleaning and the pipeline's ``rashomon_entities`` and
``rashomon_quotes`` components (the rest is not needed for quotes), offsets mapped back to the
ingested text as in ``analysis.json``.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from rashomon.evaluate import task
from rashomon.evaluate._metrics import overlaps, prf, span_prf

SpanT = tuple[int, int]
QUOTE_OPENERS = "\"“”«„'‘"
TRIM = " \t\r\n\xa0,.;:"
ROLES = ("source", "cue", "content")


def _trim(text: str, start: int, end: int) -> SpanT:
    while start < end and text[start] in TRIM:
        start += 1
    while end > start and text[end - 1] in TRIM:
        end -= 1
    return start, end


def _records(data: Path, limit: int | None) -> Iterator[dict[str, Any]]:
    path = data / "polnear_attributions.jsonl" if data.is_dir() else data
    with path.open(encoding="utf-8") as fh:
        for n, line in enumerate(fh):
            if limit is not None and n >= limit:
                return
            if line.strip():
                yield json.loads(line)


def gold_attributions(record: dict[str, Any]) -> list[dict[str, list[SpanT]]]:
    """The attributions of the chosen annotator (first id in sorted order) as trimmed spans per role."""
    by_annotator = record.get("attributions_by_annotator") or {}
    if not by_annotator:
        return []
    text = record["text"]
    out = []
    for a in by_annotator[sorted(by_annotator)[0]]:
        item = {}
        for role in ROLES:
            spans = [_trim(text, s["start"], s["end"]) for s in a.get(role) or []]
            item[role] = [s for s in spans if s[1] > s[0]]
        out.append(item)
    return out


def predicted_attributions(doc: Any) -> list[dict[str, Any]]:
    """Predicted quotes of an analysed ``Document`` as trimmed spans per role (ingested-text offsets)."""
    text = doc.text
    out = []
    for q in doc.quotes:
        item: dict[str, Any] = {"direct": q.direct, "content": [_trim(text, q.content.start, q.content.end)]}
        item["source"] = [_trim(text, q.speaker.start, q.speaker.end)] if q.speaker else []
        item["cue"] = [_trim(text, q.cue.start, q.cue.end)] if q.cue else []
        out.append(item)
    return out


def _is_direct(text: str, attribution: dict[str, list[SpanT]]) -> bool:
    content = attribution.get("content") or []
    return bool(content) and text[content[0][0]] in QUOTE_OPENERS


class _Tally:
    """Counts for exact and overlap P/R/F1 per role."""

    def __init__(self) -> None:
        self.counts = {(role, mode): [0, 0, 0] for role in ROLES for mode in ("exact", "overlap")}
        self.speaker_ok = 0
        self.speaker_total = 0

    def add(self, gold: list[dict[str, Any]], pred: list[dict[str, Any]]) -> None:
        for role in ROLES:
            g = sorted({s for a in gold for s in a.get(role, [])})
            p = sorted({s for a in pred for s in a.get(role, [])})
            for mode in ("exact", "overlap"):
                tp, n_pred, n_gold = span_prf(p, g, overlap=mode == "overlap")
                c = self.counts[(role, mode)]
                c[0] += tp
                c[1] += n_pred
                c[2] += n_gold
        for a in gold:
            if not a.get("source") or not a.get("content"):
                continue
            hit = next((q for q in pred if any(overlaps(gc, pc) for gc in a["content"] for pc in q["content"])), None)
            if hit is None:
                continue
            self.speaker_total += 1
            if any(overlaps(gs, ps) for gs in a["source"] for ps in hit["source"]):
                self.speaker_ok += 1

    def metrics(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for (role, mode), (tp, n_pred, n_gold) in self.counts.items():
            out.setdefault(role, {})[mode] = {**prf(tp, n_pred, n_gold), "gold": n_gold, "predicted": n_pred}
        total = self.speaker_total
        out["speaker_accuracy"] = {"accuracy": round(self.speaker_ok / total, 4) if total else 0.0, "matched": total}
        return out


def _analyse(records: list[dict[str, Any]]) -> Iterator[Any]:
    """Run cleaning + entities + quotes over the records (``nlp.pipe``) and yield analysed Documents."""
    from rashomon.clean import clean_text
    from rashomon.model import RawDocument
    from rashomon.nlp import build_pipeline
    from rashomon.nlp.convert import to_document

    nlp = build_pipeline(components=("rashomon_entities", "rashomon_quotes"))
    raws = [RawDocument(id=str(i), text=r["text"], title=r.get("title"), published=r.get("publication_date"),
                        source=r.get("publisher")) for i, r in enumerate(records)]
    cleaned = [clean_text(raw.text) for raw in raws]

    def docs() -> Iterator[Any]:
        for raw, c in zip(raws, cleaned, strict=True):
            doc = nlp.make_doc(c.text)
            doc._.doc_id = raw.id
            doc._.published = raw.published
            doc._.title = raw.title
            doc._.source = raw.source
            doc._.headings = c.headings
            yield doc

    for raw, c, doc in zip(raws, cleaned, nlp.pipe(docs(), batch_size=16), strict=True):
        yield to_document(raw, c, doc)


@task("quotes", default_data="../shared/eval/polnear")
def quotes_task(data: Path, limit: int | None) -> dict[str, Any]:
    """Attribution spans (source, cue, content; exact and overlap P/R/F1), speaker accuracy, direct subset, speed."""
    records = list(_records(data, limit))
    every, direct = _Tally(), _Tally()
    parts: dict[str, _Tally] = {}
    words = 0
    started = time.perf_counter()
    for record, doc in zip(records, _analyse(records), strict=True):
        gold = gold_attributions(record)
        pred = predicted_attributions(doc)
        every.add(gold, pred)
        parts.setdefault(str(record.get("compartment") or "all"), _Tally()).add(gold, pred)
        direct.add([a for a in gold if _is_direct(record["text"], a)], [q for q in pred if q["direct"]])
        words += len(record["text"].split())
    seconds = time.perf_counter() - started
    return {
        "articles": len(records),
        "annotator": "first in sorted order per article",
        "all": every.metrics(),
        "direct": direct.metrics(),
        "by_compartment": {name: {role: {mode: m[role][mode]["f1"] for mode in ("exact", "overlap")} for role in ROLES}
                           for name, m in ((k, t.metrics()) for k, t in sorted(parts.items()))},
        "speed": {"words": words, "words_per_second": round(words / seconds) if seconds else 0,
                  "articles_per_second": round(len(records) / seconds, 2) if seconds else 0},
        "anchor": {"system": "BBC Citron on PARC 3.0", "source_f1": 0.820, "cue_f1": 0.823, "content_overlap_f1": 0.833},
    }
