"""Task ``stories``: document clustering into stories against gold story ids.

Reads either the AllSides story set (``articles.jsonl``: ``article_id, story_id, title, text``) or
ECB+ (``docs.jsonl``: ``doc_id, subtopic, sentences``; gold = ``subtopic``), detected from the
folder's files. Runs only the story stage (cheap text features, plus sentence embeddings with the
``[semantic]`` extra installed and ``RASHOMON_SEMANTIC=on``; no spaCy) and reports
BCubed and pairwise precision/recall/F1 and the speed in documents per second.

AllSides ids (``train_0123_1``) spell out the story and carry no dates, so id order would feed
the online clusterer a story's reports one after another; documents get opaque ids (a hash of
the article id) so the order the clusterer sees says nothing about the gold grouping.
"""

from __future__ import annotations

import hashlib
import json
import time
from collections import Counter
from collections.abc import Hashable
from pathlib import Path
from typing import Any

from rashomon.errors import ConfigError
from rashomon.evaluate import task
from rashomon.evaluate._metrics import bcubed, prf
from rashomon.model import Document


def _pairs(n: int) -> int:
    return n * (n - 1) // 2


def pairwise(pred: dict[Hashable, Hashable], gold: dict[Hashable, Hashable]) -> dict[str, float]:
    """Pairwise P/R/F1: document pairs put together by ``pred`` that ``gold`` also puts together."""
    items = [i for i in gold if i in pred]
    cells = Counter((pred[i], gold[i]) for i in items)
    tp = sum(_pairs(n) for n in cells.values())
    n_pred = sum(_pairs(n) for n in Counter(pred[i] for i in items).values())
    n_gold = sum(_pairs(n) for n in Counter(gold[i] for i in items).values())
    return prf(tp, n_pred, n_gold)


def load_story_set(data: Path, limit: int | None = None) -> tuple[list[Document], dict[Hashable, Hashable], str]:
    """Documents, gold story of each document id, and the format name (``allsides`` or ``ecbplus``)."""
    folder = data if data.is_dir() else data.parent
    docs: list[Document] = []
    gold: dict[Hashable, Hashable] = {}
    if (folder / "articles.jsonl").exists():
        kind = "allsides"
        with open(folder / "articles.jsonl", encoding="utf-8") as f:
            for line in f:
                row = json.loads(line)
                doc_id = hashlib.sha1(row["article_id"].encode()).hexdigest()[:16]
                docs.append(Document(id=doc_id, title=row.get("title"), text=row.get("text") or ""))
                gold[doc_id] = row["story_id"]
                if limit and len(docs) >= limit:
                    break
    elif (folder / "docs.jsonl").exists():
        kind = "ecbplus"
        with open(folder / "docs.jsonl", encoding="utf-8") as f:
            for line in f:
                row = json.loads(line)
                docs.append(Document(id=row["doc_id"], text="\n".join(row["sentences"])))
                gold[row["doc_id"]] = row["subtopic"]
                if limit and len(docs) >= limit:
                    break
    else:
        raise ConfigError(f"eval stories: no articles.jsonl (AllSides) or docs.jsonl (ECB+) in {folder}")
    return docs, gold, kind


@task("stories", default_data="../shared/eval/allsides_stories")
def stories_task(data: Path, limit: int | None) -> dict[str, Any]:
    """Cluster documents into stories (cheap features only) and score BCubed and pairwise F1 against gold."""
    from rashomon.link.stories import StoryOptions, cluster_stories, use_semantic

    docs, gold, kind = load_story_set(data, limit)
    semantic = use_semantic(StoryOptions())
    started = time.perf_counter()
    stats: dict[str, int] = {}
    stories = cluster_stories(docs, stats=stats)
    seconds = time.perf_counter() - started
    pred: dict[Hashable, Hashable] = {d: s.id for s in stories for d in s.docs}
    return {
        "format": kind,
        "semantic": semantic,
        "documents": len(docs),
        "gold_stories": len(set(gold.values())),
        "predicted_stories": len(stories),
        "bcubed": bcubed(pred, gold),
        "pairwise": pairwise(pred, gold),
        "docs_per_second": round(len(docs) / seconds, 1) if seconds else None,
        "comparisons_per_doc": round(stats["comparisons"] / len(docs), 1) if docs else 0.0,
    }
