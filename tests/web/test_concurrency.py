"""The web app keeps answering while another connection writes documents and re-links the store."""

from __future__ import annotations

import dataclasses
import threading
from pathlib import Path

from fastapi.testclient import TestClient

from rashomon.report.sample import sample_documents, sample_linking, write_sample_store
from rashomon.store import SQLiteStore
from rashomon.web import make_app


def test_reads_during_writes(tmp_path: Path) -> None:
    db = write_sample_store(tmp_path / "busy.db")
    done = threading.Event()
    written: list[int] = []
    failures: list[str] = []

    def writer() -> None:
        store = SQLiteStore(db)
        try:
            base = sample_documents()[0]
            for n in range(40):
                store.add_document(dataclasses.replace(base, id=f"w{n}", text=base.text + f" update {n}",
                                                       events=()), "writer")
                if n % 5 == 0:
                    store.save_linking(sample_linking())
                written.append(n)
        except Exception as err:  # noqa: BLE001 - reported below
            failures.append(repr(err))
        finally:
            store.close()
            done.set()

    with TestClient(make_app(str(db)), raise_server_exceptions=False) as client:
        thread = threading.Thread(target=writer)
        thread.start()
        statuses: list[int] = []
        paths = ["/clusters.json", "/documents.json?q=Kerena", "/clusters/c1", "/documents/d1", "/sources.json"]
        while not done.is_set() or len(statuses) < 50:
            statuses.append(client.get(paths[len(statuses) % len(paths)]).status_code)
        thread.join()
        assert failures == [] and len(written) == 40
        assert set(statuses) == {200}, statuses
        assert client.get("/documents.json").json()["page"]["total"] == 44  # the new rows are visible
