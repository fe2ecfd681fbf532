"""A bounded load test of ``rashomon serve`` on loopback: N concurrent clients, M requests, latencies.

``python -m rashomon.web.loadtest [--docs 1000] [--clients 50] [--requests 3000]`` builds a
synthetic store (copies of the hand-made sample with their own ids), starts ``rashomon serve`` on
a free loopback port, drives it with keep-alive HTTP clients in threads over a mix of HTML and
JSON pages (lists, filters, full-text search, detail pages), and prints errors and p50/p90/p99.
"""

from __future__ import annotations

import argparse
import dataclasses
import http.client
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path
from typing import Any

from rashomon.model import Cluster, Document, Linking
from rashomon.report.sample import sample_documents, sample_linking

__all__ = ["build_store", "request_mix", "run_load"]


def build_store(path: Path, n_docs: int) -> dict[str, list[str]]:
    """A store of ``n_docs`` documents (sample copies, distinct texts) with clusters; returns ids to request."""
    from rashomon.store import SQLiteStore

    base_docs = sample_documents()
    base_link = sample_linking()
    docs: list[Document] = []
    clusters: list[Cluster] = []
    entity_ids: dict[str, str] = {}
    event_clusters: dict[str, str] = {}
    copies = max(1, n_docs // len(base_docs))
    for k in range(copies):
        rename = {d.id: f"{d.id}-{k}" for d in base_docs}
        for d in base_docs:
            events = tuple(dataclasses.replace(e, id=f"{e.id}-{k}", doc=rename[d.id]) for e in d.events)
            docs.append(dataclasses.replace(d, id=rename[d.id], text=d.text + f" (copy {k})", events=events,
                                            source=f"{d.source} {k % 25}",
                                            published=f"2024-{1 + k % 12:02d}-{1 + k % 28:02d}"))
        for local, canon in base_link.entity_ids.items():
            doc, n = local.split("#")
            entity_ids[f"{rename[doc]}#{n}"] = canon
        for c in base_link.clusters:
            cid = f"{c.id}-{k}"
            members = tuple(f"{e}-{k}" for e in c.events)
            clusters.append(dataclasses.replace(c, id=cid, events=members, docs=tuple(rename[d] for d in c.docs)))
            event_clusters.update({e: cid for e in members})
    store = SQLiteStore(path)
    try:
        for d in docs:
            store.add_document(d, "loadtest")
        store.save_linking(Linking(entities=base_link.entities, stories=base_link.stories, clusters=tuple(clusters),
                                   timeline=tuple(c.id for c in clusters), event_clusters=event_clusters,
                                   entity_ids=entity_ids))
    finally:
        store.close()
    return {"docs": [d.id for d in docs], "clusters": [c.id for c in clusters],
            "events": [e.id for d in docs for e in d.events]}


def request_mix(ids: dict[str, list[str]], n: int, seed: int = 7) -> list[str]:
    """``n`` request paths: list pages, filters, search, detail pages, HTML and JSON."""
    rng = random.Random(seed)
    fixed = ["/", "/index.json", "/clusters", "/clusters.json?type=ASSAULT", "/clusters.json?conflicts=true",
             "/clusters.json?source=Radio+Delta+3", "/clusters.json?actor=jnim&limit=20", "/events.json?type=PROTEST",
             "/events?date_from=2024-03-01&date_to=2024-06-30", "/entities", "/entities.json?q=army",
             "/documents.json?q=buried", "/documents?q=Kerena+attack", "/sources.json", "/stories/s1"]
    out = []
    for _ in range(n):
        roll = rng.random()
        if roll < 0.5:
            out.append(rng.choice(fixed))
        elif roll < 0.7:
            out.append(f"/clusters/{rng.choice(ids['clusters'])}" + rng.choice(["", ".json"]))
        elif roll < 0.9:
            out.append(f"/documents/{rng.choice(ids['docs'])}" + rng.choice(["", ".json"]))
        else:
            out.append(f"/events/{rng.choice(ids['events'])}.json")
    return out


def run_load(host: str, port: int, paths: list[str], clients: int) -> dict[str, Any]:
    """Send ``paths`` from ``clients`` threads (one keep-alive connection each); latencies and errors."""
    queue = list(reversed(paths))
    lock = threading.Lock()
    latencies: list[float] = []
    errors: list[str] = []

    def worker() -> None:
        conn = http.client.HTTPConnection(host, port, timeout=60)
        while True:
            with lock:
                if not queue:
                    break
                path = queue.pop()
            started = time.perf_counter()
            try:
                conn.request("GET", path)
                response = conn.getresponse()
                response.read()
                elapsed = time.perf_counter() - started
                with lock:
                    latencies.append(elapsed)
                    if response.status != 200:
                        errors.append(f"{response.status} {path}")
            except (OSError, http.client.HTTPException) as err:
                with lock:
                    errors.append(f"{type(err).__name__} {path}")
                conn.close()
                conn = http.client.HTTPConnection(host, port, timeout=60)
        conn.close()

    started = time.perf_counter()
    threads = [threading.Thread(target=worker) for _ in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - started
    ordered = sorted(latencies)

    def pct(p: float) -> float:
        return round(1000 * ordered[min(len(ordered) - 1, int(p * len(ordered)))], 1) if ordered else 0.0

    return {"requests": len(paths), "clients": clients, "errors": len(errors), "error_samples": errors[:5],
            "seconds": round(wall, 2), "rps": round(len(paths) / wall, 1) if wall else 0.0,
            "p50_ms": pct(0.50), "p90_ms": pct(0.90), "p99_ms": pct(0.99), "max_ms": pct(1.0),
            "mean_ms": round(1000 * statistics.fmean(ordered), 1) if ordered else 0.0}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def main(argv: list[str] | None = None) -> int:
    """Build the store, start ``rashomon serve``, run the load, print the result as JSON."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--docs", type=int, default=1000)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--requests", type=int, default=3000)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="rashomon-load-") as tmp:
        db = Path(tmp) / "load.db"
        ids = build_store(db, args.docs)
        port = _free_port()
        with open(Path(tmp) / "serve.log", "w+b") as log:
            proc = subprocess.Popen([sys.executable, "-m", "rashomon", "serve", "--db", str(db), "--port", str(port)],
                                    stdout=log, stderr=subprocess.STDOUT, env={**os.environ, "PYTHONUNBUFFERED": "1"})
            try:
                for _ in range(150):
                    try:
                        urllib.request.urlopen(f"http://127.0.0.1:{port}/index.json", timeout=2).close()
                        break
                    except OSError:
                        if proc.poll() is not None:
                            break
                        time.sleep(0.2)
                if proc.poll() is not None:
                    log.seek(0)
                    sys.stderr.write(log.read().decode(errors="replace"))
                    return 1
                result = run_load("127.0.0.1", port, request_mix(ids, args.requests), args.clients)
            finally:
                proc.terminate()
                proc.wait(timeout=10)
        result["documents"] = len(ids["docs"])
        result["clusters"] = len(ids["clusters"])
    sys.stdout.write(json.dumps(result, indent=1) + "\n")
    return 0 if result["errors"] == 0 else 1


if __name__ == "__main__":
    raise SystemExit(main())
