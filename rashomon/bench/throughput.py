"""Throughput of ``analyze`` (articles/s, words/s, time per stage, peak memory) beside bare spaCy on the same texts."""

from __future__ import annotations

import json
import logging
import tempfile
import time
from pathlib import Path
from typing import Any

from rashomon.bench.machine import cpu_seconds, in_fresh_process, machine_info

log = logging.getLogger("rashomon")


def _measure_analyze(paths: list[str], db: str, processes: int, dask: str | None) -> dict[str, Any]:
    """One full ``analyze`` run on a fresh store (runs in its own process).

    Start-up (importing the code, building and warming the pipeline the workers fork from) is
    timed apart as ``load_seconds``, as bare spaCy's model load is; ``seconds`` is the run itself:
    ingest, analysis, storing and linking.
    """
    started = time.perf_counter()
    import rashomon.link  # noqa: F401  (imported here so the run does not pay for it)
    from rashomon.pipeline import preload
    from rashomon.project import Project

    if not dask:  # Dask workers build their own pipeline
        preload()
    load = time.perf_counter() - started
    cpu, started = cpu_seconds(), time.perf_counter()
    with Project(db, processes=processes) as project:
        result = project.analyze(paths, dask=dask)
    return {"seconds": time.perf_counter() - started, "cpu_seconds": cpu_seconds() - cpu, "load_seconds": load,
            "stage_seconds": result.stage_seconds, "added": len(result.added), "errors": len(result.errors)}


def _measure_spacy(texts_file: str, processes: int, batch_size: int) -> dict[str, Any]:
    """The bare spaCy model over the texts with ``nlp.pipe`` (runs in its own process)."""
    from rashomon.nlp import load_model

    started = time.perf_counter()
    nlp = load_model()
    load = time.perf_counter() - started
    texts = json.loads(Path(texts_file).read_text(encoding="utf-8"))
    cpu, started = cpu_seconds(), time.perf_counter()
    tokens = sum(len(doc) for doc in nlp.pipe(texts, n_process=processes, batch_size=batch_size))
    return {"seconds": time.perf_counter() - started, "cpu_seconds": cpu_seconds() - cpu, "load_seconds": load,
            "tokens": tokens}


def _rates(seconds: float, articles: int, words: int) -> dict[str, float]:
    return {"articles_per_s": round(articles / seconds, 2) if seconds else 0.0,
            "words_per_s": round(words / seconds, 1) if seconds else 0.0}


def read_corpus(paths: list[str]) -> tuple[list[str], int]:
    """Ingested texts of the documents under ``paths`` (as ``analyze`` reads them) and how many inputs failed."""
    from rashomon.errors import InputError
    from rashomon.ingest import iter_documents

    texts, errors, seen = [], 0, set()
    for item in iter_documents(paths):
        if isinstance(item, InputError):
            errors += 1
        elif item.id not in seen:
            seen.add(item.id)
            texts.append(item.text)
    return texts, errors


def run_throughput(paths: list[str] | None = None, *, articles: int = 200, seed: int = 0, processes: int = 2,
                   repeat: int = 1, spacy: bool = True, batch_size: int = 32, dask: str | None = None,
                   work_dir: str | Path | None = None) -> dict[str, Any]:
    """Measure ``analyze`` on ``paths`` (or ``articles`` generated reports) and bare spaCy on the same texts.

    Each measurement runs in a fresh process; with ``repeat > 1`` the fastest run counts.
    """
    from rashomon.bench.generate import write_corpus

    with tempfile.TemporaryDirectory(prefix="rashomon-bench-", dir=work_dir) as tmp:
        if paths:
            corpus: dict[str, Any] = {"source": [str(p) for p in paths]}
        else:
            folder = Path(tmp) / "corpus"
            write_corpus(folder, articles, seed)
            paths = [str(folder)]
            corpus = {"source": "generated", "seed": seed}
        texts, errors = read_corpus(paths)
        words = sum(len(t.split()) for t in texts)
        corpus.update(articles=len(texts), words=words, unreadable=errors,
                      words_per_article=round(words / len(texts), 1) if texts else 0)
        texts_file = Path(tmp) / "texts.json"
        texts_file.write_text(json.dumps(texts), encoding="utf-8")
        out: dict[str, Any] = {"machine": machine_info(), "corpus": corpus, "processes": processes,
                               "dask": dask, "repeat": repeat}
        runs, spacy_runs = [], []
        for n in range(repeat):  # interleaved, so a busy spell on a shared machine hits both alike
            log.info("analyze run %d/%d", n + 1, repeat)
            runs.append(in_fresh_process(_measure_analyze, paths, str(Path(tmp) / f"bench{n}.db"), processes, dask))
            if spacy:
                spacy_runs.append(in_fresh_process(_measure_spacy, str(texts_file), processes, batch_size))
        best = min(runs, key=lambda r: r["seconds"])
        stages = {k: round(v, 3) for k, v in best["stage_seconds"].items()}
        out["analyze"] = {
            "seconds": round(best["seconds"], 3), "cpu_seconds": round(best["cpu_seconds"], 2),
            "load_seconds": round(best["load_seconds"], 3), "stage_seconds": stages, **_rates(best["seconds"], len(texts), words),
            "analyze_stage": _rates(stages.get("analyze", 0.0), len(texts), words),
            "peak_rss_mb": best["peak_rss_mb"], "all_seconds": [round(r["seconds"], 3) for r in runs],
        }
        if spacy_runs:
            sbest = min(spacy_runs, key=lambda r: r["seconds"])
            out["spacy"] = {
                "seconds": round(sbest["seconds"], 3), "cpu_seconds": round(sbest["cpu_seconds"], 2),
                "load_seconds": round(sbest["load_seconds"], 3), "tokens": sbest["tokens"], "batch_size": batch_size,
                **_rates(sbest["seconds"], len(texts), words), "peak_rss_mb": sbest["peak_rss_mb"],
                "all_seconds": [round(r["seconds"], 3) for r in spacy_runs],
            }
            out["ratio"] = {
                "end_to_end": round(sbest["seconds"] / best["seconds"], 3) if best["seconds"] else None,
                "analyze_stage": round(sbest["seconds"] / stages["analyze"], 3) if stages.get("analyze") else None,
                "cpu": round(sbest["cpu_seconds"] / best["cpu_seconds"], 3) if best["cpu_seconds"] else None,
                "with_load": round((sbest["seconds"] + sbest["load_seconds"]) / (best["seconds"] + best["load_seconds"]),
                                   3) if best["seconds"] else None,
            }
    return out
