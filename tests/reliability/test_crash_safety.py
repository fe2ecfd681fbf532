"""A run killed with SIGKILL at random points, then run again, ends with exactly the store of a clean run."""

from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

TOWNS = ["Tavo", "Merin", "Oskal", "Bria", "Lund", "Kesh"]


def _write_corpus(folder: Path, n: int) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(7)
    for i in range(n):
        town, other = rng.sample(TOWNS, 2)
        text = (f"Police in {town} arrested {i + 2} men on Monday after clashes with protesters, officials said.\n\n"
                f"The mayor of {other}, Ana Petrel, condemned the violence and called for talks. "
                f"\"We will not accept this,\" she told reporters on Tuesday.")
        (folder / f"a{i:03d}.txt").write_text(f"Source: Outlet {i % 4}\nPublished: 2024-05-{1 + i % 27:02d}\n\n{text}\n",
                                             encoding="utf-8")


def _analyze(corpus: Path, db: Path, out: Path) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-m", "rashomon", "-q", "analyze", str(corpus), "--db", str(db),
                             "-o", str(out), "-j", "1"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _stored(db: Path) -> dict[str, object]:
    conn = sqlite3.connect(db)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        docs = sorted(r[0] for r in conn.execute("SELECT id FROM documents"))
        assert len(docs) == len(set(docs))
        analyses = {r[0]: r[1] for r in conn.execute("SELECT id, analysis FROM documents")}
        events = sorted(r[0] for r in conn.execute("SELECT id FROM events"))
        fts = conn.execute("SELECT count(*) FROM documents_fts").fetchone()[0]
        return {"docs": docs, "analyses": analyses, "events": events, "fts": fts}
    finally:
        conn.close()


def _count(db: Path) -> int:
    if not db.exists():
        return 0
    conn = sqlite3.connect(db)
    try:
        return int(conn.execute("SELECT count(*) FROM documents").fetchone()[0])
    except sqlite3.OperationalError:  # killed before the schema was written
        return 0
    finally:
        conn.close()


def test_sigkill_then_rerun_equals_clean_run(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    _write_corpus(corpus, 24)
    clean_db, clean_out = tmp_path / "clean.db", tmp_path / "clean-out"
    started = time.monotonic()
    proc = _analyze(corpus, clean_db, clean_out)
    assert proc.wait(timeout=1200) == 0, proc.stderr.read() if proc.stderr else ""
    clean_seconds = time.monotonic() - started
    expected = _stored(clean_db)
    expected_analysis = json.loads((clean_out / "analysis.json").read_text(encoding="utf-8"))

    db, out = tmp_path / "killed.db", tmp_path / "killed-out"
    rng = random.Random(int(os.environ.get("RASHOMON_CRASH_SEED", "3")))
    kills: list[tuple[float, int]] = []  # (seconds into the run, documents stored after the kill)
    for round_ in range(5):
        stored = _count(db)
        proc = _analyze(corpus, db, out)
        started = time.monotonic()
        if round_ % 2 == 0 and stored < 23:
            # in the middle of storing: once a random number of further documents is in, then a moment later
            target = rng.randint(stored + 1, 23)
            while proc.poll() is None and _count(db) < target:
                time.sleep(0.05)
            time.sleep(rng.uniform(0.0, 0.3))
        else:
            # anywhere from start-up through analysis, linking and writing outputs, scaled to this machine
            time.sleep(rng.uniform(0.1, 0.95) * clean_seconds)
        if proc.poll() is None:
            proc.send_signal(signal.SIGKILL)
            proc.wait(timeout=60)
            kills.append((round(time.monotonic() - started, 1), _count(db)))
        proc.wait(timeout=60)
        if db.exists():
            _stored(db)  # consistent after every kill
    proc = _analyze(corpus, db, out)
    assert proc.wait(timeout=1200) == 0
    print(f"clean run {clean_seconds:.1f} s; kills (s, documents stored): {kills}")
    assert kills
    assert _stored(db) == expected
    got = json.loads((out / "analysis.json").read_text(encoding="utf-8"))
    differ = sorted(k for k in set(got) | set(expected_analysis) if got.get(k) != expected_analysis.get(k))
    assert differ == [], f"analysis.json differs from the clean run in {differ}"
