"""Exporters: every registered format over the hand-made sample, plus the CLI over a store."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from rashomon.cli import app
from rashomon.errors import ConfigError
from rashomon.export import EXPORTERS, export, get_exporter
from rashomon.export.formats import ACLED_COLUMNS, read_jsonl
from rashomon.model import Analysis
from rashomon.report.sample import HOSTILE, sample_analysis, write_sample_store


@pytest.fixture(scope="module")
def analysis() -> Analysis:
    return sample_analysis()


def _run(analysis: Analysis, name: str) -> bytes:
    buf = io.BytesIO()
    export(analysis, name, buf)
    return buf.getvalue()


def test_all_formats_registered() -> None:
    get_exporter("jsonl")
    assert {"jsonl", "acled-csv", "plover-json", "geojson", "parquet"} <= set(EXPORTERS)
    with pytest.raises(ConfigError, match="unknown export format"):
        get_exporter("xml")


def test_jsonl_round_trips_the_contract(analysis: Analysis) -> None:
    lines = _run(analysis, "jsonl").decode("utf-8").splitlines()
    assert json.loads(lines[0])["record"] == "analysis"
    kinds = [json.loads(line)["record"] for line in lines[1:]]
    assert kinds.count("document") == 4 and kinds.count("cluster") == 3
    assert read_jsonl(lines).to_dict() == analysis.to_dict()


def test_acled_csv_one_row_per_cluster_with_an_acled_type(analysis: Analysis) -> None:
    buf = io.BytesIO()
    note = export(analysis, "acled-csv", buf)
    rows = list(csv.DictReader(io.StringIO(buf.getvalue().decode("utf-8"))))
    assert tuple(rows[0].keys()) == ACLED_COLUMNS
    assert [r["event_type"] for r in rows] == ["Violence against civilians", "Protests"]
    assert all(r["event_type"] and r["sub_event_type"] for r in rows)
    # the CONSULT cluster (Mali's government met ECOWAS) has no ACLED category: left out, and said so
    assert "ECOWAS" not in {r["actor2"] for r in rows}
    assert note == ("acled-csv: 2 event clusters written, 1 of 3 left out: 1 with no ACLED event type (CONSULT 1)"
                    " (plover-json keeps them all)")
    attack = rows[0]
    assert attack["event_date"] == "2024-03-12" and attack["time_precision"] == "1"
    assert attack["event_type"] == "Violence against civilians" and attack["sub_event_type"] == "Attack"
    assert attack["actor1"] == "JNIM" and attack["location"] == "Kerena"
    assert float(attack["latitude"]) == 14.9 and float(attack["longitude"]) == -3.2 and attack["geo_precision"] == "1"
    assert attack["fatalities"] == "12"  # the lowest reported figure, as ACLED codes it
    assert "disputed dead: 12" in attack["notes"] and "30 (Radio Delta)" in attack["notes"]


def test_acled_csv_neutralises_spreadsheet_formulas() -> None:
    from dataclasses import replace

    a = sample_analysis()
    a = replace(a, clusters=(replace(a.clusters[0], sources=("=HYPERLINK(\"http://x\")",)),))
    rows = list(csv.DictReader(io.StringIO(_run(a, "acled-csv").decode("utf-8"))))
    assert rows[0]["source"].startswith("'=")


def test_plover_json_keeps_mentions_and_conflicts(analysis: Analysis) -> None:
    data = json.loads(_run(analysis, "plover-json"))
    assert data["format"] == "plover/2.0"
    first = data["events"][0]
    assert first["event_type"] == "ASSAULT" and first["mode"] == "kill"
    assert {m["doc"] for m in first["mentions"]} == {"d1", "d2", "d3", "d4"}
    assert [c["field"] for c in first["conflicts"]] == ["actor", "dead"]
    docs = {d.id: d for d in analysis.documents}
    for m in first["mentions"]:
        ev = m["evidence"]
        assert docs[m["doc"]].text[ev["start"]:ev["end"]] == ev["text"]


def test_geojson_points_are_lon_lat(analysis: Analysis) -> None:
    data = json.loads(_run(analysis, "geojson"))
    assert data["type"] == "FeatureCollection" and len(data["features"]) == 3
    kerena = data["features"][0]
    assert kerena["geometry"] == {"type": "Point", "coordinates": [-3.2, 14.9]}
    assert kerena["properties"]["conflicts"] == ["actor", "dead"]


def test_parquet_event_table(analysis: Analysis) -> None:
    pq = pytest.importorskip("pyarrow.parquet")
    table = pq.read_table(io.BytesIO(_run(analysis, "parquet")))
    assert table.num_rows == sum(len(d.events) for d in analysis.documents)
    rows = table.to_pylist()
    assert {r["cluster"] for r in rows} == {"c1", "c2", "c3"}
    assert any(r["source"] == HOSTILE["script"] for r in rows)


def test_parquet_without_pyarrow_is_a_clear_error(analysis: Analysis, monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    monkeypatch.setitem(sys.modules, "pyarrow", None)
    with pytest.raises(ConfigError, match="rashomon\\[parquet\\]"):
        _run(analysis, "parquet")


def test_cli_export_reads_the_store(tmp_path: Path) -> None:
    db = write_sample_store(tmp_path / "s.db")
    runner = CliRunner()
    out = tmp_path / "x" / "events.csv"
    result = runner.invoke(app, ["export", "--format", "acled-csv", "--db", str(db), "-o", str(out)])
    assert result.exit_code == 0, result.output
    lines = out.read_text(encoding="utf-8").splitlines()
    assert lines[0] == ",".join(ACLED_COLUMNS) and len(lines) == 3
    assert result.stdout == ""
    left_out = [line for line in result.stderr.splitlines() if "left out" in line]
    assert left_out == ["acled-csv: 2 event clusters written, 1 of 3 left out: 1 with no ACLED event type "
                        "(CONSULT 1) (plover-json keeps them all)"]
    result = runner.invoke(app, ["export", "--format", "acled-csv", "--db", str(db)])  # to stdout: note on stderr
    assert result.exit_code == 0 and result.stdout.count("\n") == 3 and "left out" in result.stderr
    assert "acled-csv keeps only clusters ACLED codes" in " ".join(runner.invoke(app, ["export", "--help"]).stdout.split())
    result = runner.invoke(app, ["export", "--format", "geojson", "--db", str(db)])
    assert result.exit_code == 0 and json.loads(result.stdout)["type"] == "FeatureCollection"


def test_cli_export_refuses_a_missing_store(tmp_path: Path) -> None:
    from rashomon.errors import StoreError

    result = CliRunner().invoke(app, ["export", "--format", "jsonl", "--db", str(tmp_path / "none.db")])
    assert result.exit_code != 0
    assert isinstance(result.exception, StoreError)
    assert not (tmp_path / "none.db").exists()


def test_denied_and_hypothetical_events_are_not_exported_as_events() -> None:
    from dataclasses import replace

    a = sample_analysis()
    docs = []
    for d in a.documents:
        events = tuple(replace(e, negated=True) if e.id in ("d1-ev2", "d3-ev2") else e for e in d.events)
        docs.append(replace(d, events=events))
    a = replace(a, documents=tuple(docs))
    buf = io.BytesIO()
    note = export(a, "acled-csv", buf)
    rows = list(csv.DictReader(io.StringIO(buf.getvalue().decode("utf-8"))))
    assert [r["event_type"] for r in rows] == ["Violence against civilians"]  # the denied protest is not a row
    assert note and "2 of 3 left out" in note and "1 denied, future or hypothetical" in note
    assert len(json.loads(_run(a, "geojson"))["features"]) == 2
    assert len(json.loads(_run(a, "plover-json"))["events"]) == 3  # PLOVER keeps it, with negated=True
