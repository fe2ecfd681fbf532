"""A real ``rashomon serve`` keeps answering while a real ``rashomon analyze`` writes to the same SQLite store."""

from __future__ import annotations

import http.client
import json
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from rashomon.report.sample import sample_documents, write_sample_store

pytestmark = pytest.mark.slow

PATHS = ["/clusters.json", "/documents.json?q=strike", "/clusters", "/documents/d1", "/sources.json", "/",
         "/events.json?type=PROTEST", "/entities.json?q=army"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _total(port: int) -> int:
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/documents.json", timeout=30) as response:
        return int(json.load(response)["page"]["total"])


def test_serve_answers_while_analyze_writes(tmp_path: Path) -> None:
    db = write_sample_store(tmp_path / "shared.db")
    before = len(sample_documents())
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for i in range(10):
        (corpus / f"d{i}.txt").write_text(f"Workers in town {i} went on strike on Monday over unpaid wages, "
                                          f"the union said. Police arrested {i + 2} of them.", encoding="utf-8")
    port = _free_port()
    serve = subprocess.Popen([sys.executable, "-m", "rashomon", "serve", "--db", str(db), "--port", str(port)],
                             stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        for _ in range(300):
            try:
                assert _total(port) == before
                break
            except OSError:
                assert serve.poll() is None, serve.stderr.read() if serve.stderr else ""
                time.sleep(0.2)
        analyze = subprocess.Popen([sys.executable, "-m", "rashomon", "-q", "analyze", str(corpus), "--db", str(db),
                                    "-o", str(tmp_path / "out"), "-j", "1"],
                                   stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        statuses: list[tuple[int, str]] = []
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        while analyze.poll() is None:
            path = PATHS[len(statuses) % len(PATHS)]
            conn.request("GET", path)
            response = conn.getresponse()
            body = response.read()
            statuses.append((response.status, path))
            assert b"Traceback" not in body
        conn.close()
        assert analyze.returncode == 0, analyze.stderr.read() if analyze.stderr else ""
        assert len(statuses) >= 20, "analyze finished before the server was exercised"
        # cluster ids change when the store is re-linked, so only pages that outlive a re-link are asked for
        assert [s for s in statuses if s[0] != 200] == []
        assert _total(port) == before + 10  # what analyze wrote is served without a restart
        assert serve.poll() is None
    finally:
        serve.terminate()
        serve.wait(timeout=20)
