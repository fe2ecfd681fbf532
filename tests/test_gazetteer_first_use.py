"""The first ``analyze`` builds the gazetteer in the foreground with a progress bar, and never again."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

import rashomon.extract.geo.build as build
import rashomon.extract.geo.gazetteer as gazetteer
from rashomon.cli._util import _state
from rashomon.cli.analyze import ensure_gazetteer


def test_missing_gazetteer_is_built_with_a_progress_callback(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "gazetteer.sqlite"
    calls: list[tuple[Any, Any]] = []
    monkeypatch.setitem(_state, "quiet", False)  # an earlier `-q` command in the session would hide the bar
    monkeypatch.setattr(build, "default_path", lambda: target)
    monkeypatch.setattr(gazetteer, "load_gazetteer", lambda path=None, progress=None: calls.append((path, progress)))
    ensure_gazetteer()
    assert len(calls) == 1 and calls[0][0] == target and callable(calls[0][1])
    target.write_bytes(b"built")
    ensure_gazetteer()
    assert len(calls) == 1  # present: nothing is loaded in the main process
