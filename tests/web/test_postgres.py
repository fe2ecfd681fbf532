"""The web app over a PostgreSQL store gives the same answers as over SQLite (needs ``RASHOMON_TEST_PG``)."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from rashomon.report.sample import fill_sample_store
from rashomon.store import open_store
from rashomon.web import make_app

PG_URL = os.environ.get("RASHOMON_TEST_PG", "")

pytestmark = [pytest.mark.postgres, pytest.mark.skipif(not PG_URL, reason="RASHOMON_TEST_PG not set")]


@pytest.fixture
def pg_url() -> Iterator[str]:
    import psycopg

    name = f"rashomon_w_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(PG_URL, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield PG_URL.rpartition("/")[0] + "/" + name
    finally:
        with psycopg.connect(PG_URL, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _fill(target: str) -> None:
    store = open_store(target)
    try:
        fill_sample_store(store)
    finally:
        store.close()


QUERIES = ["/clusters.json", "/clusters.json?source=Radio+Delta", "/clusters.json?actor=jnim",
           "/clusters.json?country=MLI&date_from=2024-03-13", "/clusters.json?conflicts=true",
           "/events.json?actor=soldiers", "/events.json?source=Radio+Delta", "/entities.json?q=army",
           "/entities.json?type=ORG", "/documents.json?source=Sahel+Post", "/sources.json", "/stories/s1.json",
           "/clusters/c1.json", "/entities/E1.json", "/index.json"]


def _ids(data: dict[str, Any]) -> object:
    for key in ("clusters", "events", "entities", "documents", "sources"):
        if key in data:
            return [r.get("id", r.get("source")) for r in data[key]]
    return sorted(data)


def test_postgres_answers_like_sqlite(pg_url: str, tmp_path: Path) -> None:
    sqlite = str(tmp_path / "same.db")
    _fill(sqlite)
    _fill(pg_url)
    with TestClient(make_app(sqlite)) as a, TestClient(make_app(pg_url)) as b:
        for path in QUERIES:
            left, right = a.get(path), b.get(path)
            assert left.status_code == right.status_code == 200, (path, right.text[:300])
            assert _ids(left.json()) == _ids(right.json()), path
        hits = b.get("/documents.json?q=buried").json()["documents"]
        assert [h["id"] for h in hits] == ["d1"]
        assert b.get("/documents/d4").status_code == 200
        assert b.get("/clusters").status_code == 200
