"""Corrupt or foreign database files are refused, never overwritten; concurrent writers do not corrupt."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

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


@pytest.mark.parametrize("damage", ["truncated", "foreign", "text file"])
def test_analyze_refuses_a_damaged_or_foreign_store_in_one_line(tmp_path: Path, damage: str) -> None:
    from rashomon.report.sample import write_sample_store

    db = tmp_path / "store.db"
    if damage == "truncated":  # e.g. a copy cut short
        write_sample_store(db)
        data = db.read_bytes()
        db.write_bytes(data[: len(data) // 2])
    elif damage == "foreign":
        conn = sqlite3.connect(db)
        conn.execute("CREATE TABLE notes (body TEXT)")
        conn.execute("INSERT INTO notes VALUES ('keep me')")
        conn.commit()
        conn.close()
    else:
        db.write_text("id,name\n1,someone's spreadsheet\n", encoding="utf-8")
    before = db.read_bytes()
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text("Police in Tavo arrested three men on Monday.", encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "rashomon", "analyze", str(folder), "--db", str(db),
                           "-o", str(tmp_path / "out"), "-j", "1"], capture_output=True, text=True, timeout=300)
    assert proc.returncode != 0
    lines = [line for line in proc.stderr.splitlines() if line.startswith("error:")]
    assert len(lines) == 1 and str(db) in lines[0] and "Traceback" not in proc.stderr, proc.stderr
    assert db.read_bytes() == before
    assert not (tmp_path / "out" / "analysis.json").exists()


def test_documents_stored_while_linking_leave_the_linking_stale(project: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """Another process adding a document during a (slow) link must not get a linking marked current without it."""
    import dataclasses

    import rashomon.link
    from rashomon.report.sample import sample_documents

    docs = sample_documents()
    for d in docs[:2]:
        project.store.add_document(d, "test")
    real = rashomon.link.link_documents

    def link_while_another_writes(documents: Any, previous: Any = None, **options: Any) -> Any:
        result = real(documents, previous, **options)
        project.store.add_document(dataclasses.replace(docs[2], id="late"), "other process")
        return result

    monkeypatch.setattr(rashomon.link, "link_documents", link_while_another_writes)
    project.link()
    assert project.store.load_linking().fingerprint != project.fingerprint()  # the next analyze re-links
