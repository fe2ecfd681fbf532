"""Corrupt or foreign database files are refused, never overwritten; concurrent writers do not corrupt."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from rashomon.errors import StoreError
from rashomon.store import SQLiteStore


def test_foreign_sqlite_database_is_refused(tmp_path: Path) -> None:
    db = tmp_path / "other.db"
    conn = sqlite3.connect(db)
    conn.execute("CREATE TABLE customers (id INTEGER, name TEXT)")
    conn.commit()
    conn.close()
    before = db.read_bytes()
    with pytest.raises(StoreError, match="did not create"):
        SQLiteStore(db)
    assert db.read_bytes() == before


def test_corrupt_database_is_refused(tmp_path: Path) -> None:
    db = tmp_path / "bad.db"
    SQLiteStore(db).close()
    data = bytearray(db.read_bytes())
    data[100:4096] = b"\xff" * (4096 - 100)
    db.write_bytes(bytes(data))
    with pytest.raises(StoreError):
        SQLiteStore(db)
    assert db.read_bytes() == bytes(data)


@pytest.mark.slow
def test_two_analyze_processes_on_one_store(tmp_path: Path) -> None:
    db = tmp_path / "shared.db"
    procs = []
    for k in range(2):
        folder = tmp_path / f"in{k}"
        folder.mkdir()
        for i in range(6):
            (folder / f"d{i}.txt").write_text(f"Workers in town {k}-{i} went on strike on Monday over unpaid wages.",
                                             encoding="utf-8")
        procs.append(subprocess.Popen([sys.executable, "-m", "rashomon", "-q", "analyze", str(folder), "--db", str(db),
                                       "-o", str(tmp_path / f"out{k}"), "-j", "1"],
                                      stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True))
    results = [(p.wait(timeout=300), p.stderr.read() if p.stderr else "") for p in procs]
    for code, stderr in results:
        assert "Traceback" not in stderr
        # either it waited its turn and succeeded, or it failed with one clear line
        assert code == 0 or (stderr.strip().startswith("error:") and "busy" in stderr)
    store = SQLiteStore(db)
    try:
        assert store.execute("PRAGMA integrity_check")[0]["integrity_check"] == "ok"
        assert store.count_documents() == 6 * sum(code == 0 for code, _ in results)
    finally:
        store.close()
