"""Web app fixtures: the hand-made sample in a SQLite store, and a test client over it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from rashomon.report.sample import write_sample_store
from rashomon.web import make_app


@pytest.fixture(scope="module")
def sample_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_sample_store(tmp_path_factory.mktemp("web") / "sample.db")


@pytest.fixture(scope="module")
def client(sample_db: Path) -> Iterator[TestClient]:
    with TestClient(make_app(str(sample_db)), raise_server_exceptions=False) as c:
        yield c
