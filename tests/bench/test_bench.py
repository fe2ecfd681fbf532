"""``rashomon bench``: the linking scale mode, the throughput run, and a light CLI."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from rashomon.bench.linking import run_linking
from rashomon.cli import app


def test_cli_import_stays_light() -> None:
    """``rashomon --help`` starts fast: importing the CLI pulls in no heavy library."""
    heavy = ("spacy", "thinc", "sklearn", "fastapi", "uvicorn", "distributed", "dask", "psycopg", "numpy",
             "trafilatura", "dateparser", "rapidfuzz", "jinja2", "pyarrow")
    code = f"import sys, rashomon.cli; print([m for m in {heavy!r} if m in sys.modules])"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_linking_mode_reports_sizes_ratio_and_memory() -> None:
    result = run_linking([20, 60], seed=1)
    sizes = result["sizes"]
    assert [s["documents"] for s in sizes] == [20, 60]
    assert all(s["link_seconds"] > 0 and s["link_cpu_seconds"] > 0 and s["events"] >= s["documents"] for s in sizes)
    assert all(s["peak_rss_mb"]["self"] > 10 for s in sizes)
    assert result["time_ratio"]["of"] == [20, 60] and result["time_ratio"]["cpu_ratio"] > 0
    assert result["peak_memory"]["documents"] == 60
    assert result["machine"]["cores"] >= 1


def test_bad_linking_sizes_are_refused(tmp_path: Path) -> None:
    res = CliRunner().invoke(app, ["bench", "--linking", "ten", "--json", str(tmp_path / "b.json")])
    assert res.exit_code != 0
    assert not (tmp_path / "b.json").exists()


@pytest.mark.slow
def test_bench_cli_measures_analyze_and_spacy(tmp_path: Path) -> None:
    out = tmp_path / "bench.json"
    res = CliRunner().invoke(app, ["bench", "-n", "6", "-j", "1", "--json", str(out)])
    assert res.exit_code == 0, res.output
    assert "bare spaCy" in res.output
    data = json.loads(out.read_text())
    assert data["corpus"]["articles"] == 6 and data["corpus"]["words"] > 600
    assert set(data["analyze"]["stage_seconds"]) >= {"ingest", "analyze", "link"}
    assert data["analyze"]["articles_per_s"] > 0 and data["spacy"]["words_per_s"] > 0
    assert data["ratio"]["end_to_end"] > 0
    # start-up is measured apart from the run, for rashomon and for spaCy alike, and reported too
    assert data["analyze"]["load_seconds"] > 0 and data["spacy"]["load_seconds"] > 0
    assert 0 < data["ratio"]["with_load"] and "start-up" in res.output
    assert data["analyze"]["peak_rss_mb"]["self"] > 50
