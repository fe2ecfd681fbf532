"""A small bounded load test against a real ``rashomon serve`` (the full run is in docs/evaluation/web.md)."""

from __future__ import annotations

import pytest

from rashomon.web.loadtest import main


@pytest.mark.slow
def test_serve_answers_concurrent_clients_without_errors(capsys: pytest.CaptureFixture[str]) -> None:
    import json

    assert main(["--docs", "100", "--clients", "10", "--requests", "300"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["errors"] == 0 and result["requests"] == 300
    assert result["p50_ms"] > 0 and result["p99_ms"] >= result["p50_ms"]
