"""Store fixtures: every store test runs against SQLite and, when ``RASHOMON_TEST_PG`` is set, PostgreSQL."""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from rashomon.store import Store, open_store

PG_URL = os.environ.get("RASHOMON_TEST_PG", "")

BACKENDS = [
    "sqlite",
    pytest.param("postgres", marks=[pytest.mark.postgres,
                                    pytest.mark.skipif(not PG_URL, reason="RASHOMON_TEST_PG not set")]),
]


def _with_database(url: str, name: str) -> str:
    base, _, _ = url.rpartition("/")
    return f"{base}/{name}"


@pytest.fixture
def pg_database() -> Iterator[str]:
    """A fresh, empty PostgreSQL database (dropped afterwards); its URL."""
    if not PG_URL:
        pytest.skip("RASHOMON_TEST_PG not set")
    import psycopg

    name = f"rashomon_t_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(PG_URL, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield _with_database(PG_URL, name)
    finally:
        with psycopg.connect(PG_URL, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(params=BACKENDS)
def store_target(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """Where a fresh store lives: a SQLite path or a PostgreSQL URL."""
    if request.param == "sqlite":
        return str(tmp_path / "store.db")
    return str(request.getfixturevalue("pg_database"))


@pytest.fixture
def open_target(store_target: str) -> Iterator[Callable[..., Store]]:
    """``open_target(read_only=False)`` opens the fixture's store; everything opened is closed afterwards."""
    opened: list[Store] = []

    def _open(read_only: bool = False) -> Store:
        store = open_store(store_target, read_only=read_only)
        opened.append(store)
        return store

    yield _open
    for s in opened:
        s.close()


@pytest.fixture
def store(open_target: Callable[..., Store]) -> Store:
    """A fresh writable store of each back end."""
    return open_target()
