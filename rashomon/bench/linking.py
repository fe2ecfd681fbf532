"""Scaling of cross-document linking: ``link_documents`` over generated documents (no NLP) at several sizes."""

from __future__ import annotations

import logging
import time
from typing import Any

from rashomon.bench.machine import BenchmarkTimeout, current_rss_mb, in_fresh_process, machine_info, peak_rss_mb

log = logging.getLogger("rashomon")

TARGET_RATIO = 12.0  # time at the largest size / time at the smallest, for 10x the documents
TARGET_PEAK_MB = 2048.0


def _measure_linking(n: int, seed: int) -> dict[str, Any]:
    """Generate ``n`` analysed documents, then time ``link_documents`` on them (runs in its own process)."""
    from rashomon.bench.generate import generate_documents
    from rashomon.link import link_documents

    started = time.perf_counter()
    docs = list(generate_documents(n, seed))
    generated = time.perf_counter() - started
    before = {"rss_mb": current_rss_mb(), "peak_rss_mb": peak_rss_mb()["self"]}
    cpu, started = time.process_time(), time.perf_counter()
    linking = link_documents(docs)
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    return {
        "documents": n, "events": sum(len(d.events) for d in docs),
        "mentions": sum(len(d.entities) for d in docs), "generate_seconds": round(generated, 2),
        "link_seconds": round(seconds, 3), "link_cpu_seconds": round(cpu, 3), "after_generation": before,
        "entities": len(linking.entities), "stories": len(linking.stories), "clusters": len(linking.clusters),
    }


def run_linking(sizes: list[int], *, seed: int = 0, timeout: float | None = None) -> dict[str, Any]:
    """Time linking at each size (each in a fresh process); report the time ratio and peak memory."""
    results: list[dict[str, Any]] = []
    for n in sizes:
        log.info("linking %d documents", n)
        try:
            results.append(in_fresh_process(_measure_linking, n, seed, timeout=timeout))
        except BenchmarkTimeout as err:
            results.append({"documents": n, "timeout": str(err)})
    out: dict[str, Any] = {"machine": machine_info(), "seed": seed, "sizes": results}
    done = [r for r in results if "link_seconds" in r]
    if len(done) >= 2 and done[0]["link_seconds"]:
        first, last = done[0], done[-1]
        ratio = last["link_seconds"] / first["link_seconds"]
        out["time_ratio"] = {"of": [first["documents"], last["documents"]], "ratio": round(ratio, 2),
                             "target": TARGET_RATIO, "met": ratio <= TARGET_RATIO}
        if first.get("link_cpu_seconds"):  # steadier than wall time on a shared machine
            out["time_ratio"]["cpu_ratio"] = round(last["link_cpu_seconds"] / first["link_cpu_seconds"], 2)
    if done:
        peak = done[-1]["peak_rss_mb"]["self"]
        out["peak_memory"] = {"documents": done[-1]["documents"], "peak_rss_mb": peak, "target_mb": TARGET_PEAK_MB,
                              "met": peak <= TARGET_PEAK_MB}
    return out
