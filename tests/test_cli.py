"""End-to-end: the command line over real files, a real SQLite store and the real model."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from rashomon.cli import app

pytestmark = pytest.mark.slow

DATA = Path(__file__).parent / "data"
CONTRACT_KEYS = {"schema", "documents", "entities", "stories", "clusters", "timeline", "digest"}
DOC_KEYS = {"id", "title", "source", "url", "published", "path", "text", "language",
            "sentences", "entities", "places", "times", "quotes", "events"}


def _run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args))
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "messy.txt").write_text((DATA / "messy_article.txt").read_text(encoding="utf-8"), encoding="utf-8")
    (folder / "feed.jsonl").write_text(
        json.dumps({"id": "a", "text": "The council met in Port Verel on Monday to discuss the fire.", "source": "Wire"})
        + "\n"
        + json.dumps({"id": "b", "text": "Dock workers protested outside the port authority on Tuesday.", "source": "Radio"})
        + "\n",
        encoding="utf-8",
    )
    return folder


def test_analyze_writes_contract_and_is_idempotent(tmp_path: Path, corpus: Path) -> None:
    out, db = tmp_path / "out", str(tmp_path / "r.db")
    code, stdout, _ = _run("-q", "analyze", str(corpus), "-o", str(out), "--db", db, "-j", "1")
    assert code == 0
    data = json.loads((out / "analysis.json").read_text(encoding="utf-8"))
    assert CONTRACT_KEYS <= set(data) and data["schema"] == "rashomon.analysis/1"
    assert len(data["documents"]) == 3
    for doc in data["documents"]:
        assert DOC_KEYS <= set(doc)
        for item in doc["sentences"] + doc["entities"]:
            assert 0 <= item["start"] < item["end"] <= len(doc["text"])
    assert (out / "report.html").read_text(encoding="utf-8").startswith("<!doctype html>")
    assert "new documents" in stdout

    # again: nothing new
    code, stdout, _ = _run("-q", "analyze", str(corpus), "-o", str(out), "--db", db, "-j", "1")
    assert code == 0
    assert [ln.split() for ln in stdout.splitlines() if "new documents" in ln] == [["new", "documents", "0"]]
    again = json.loads((out / "analysis.json").read_text(encoding="utf-8"))
    assert [d["id"] for d in again["documents"]] == [d["id"] for d in data["documents"]]

    # one more file: only it is processed; a copy of an existing one is a duplicate
    extra = tmp_path / "extra"
    extra.mkdir()
    (extra / "new.txt").write_text("A ferry ran aground near Port Verel on Sunday, officials said.", encoding="utf-8")
    (extra / "copy.txt").write_text((DATA / "messy_article.txt").read_text(encoding="utf-8"), encoding="utf-8")
    from rashomon.project import Project

    with Project(db, processes=1) as project:
        result = project.analyze([corpus, extra])
    assert len(result.added) == 1 and len(result.unchanged) == 3 and len(result.duplicates) == 1
    assert result.duplicates[0][0].endswith("copy.txt")


def test_analyze_output_has_no_debris_and_headings_stay_out_of_sentences(tmp_path: Path, corpus: Path) -> None:
    out = tmp_path / "out"
    _run("-q", "analyze", str(corpus / "messy.txt"), "-o", str(out), "--db", str(tmp_path / "r.db"))
    (doc,) = json.loads((out / "analysis.json").read_text(encoding="utf-8"))["documents"]
    texts = [s["text"] for s in doc["sentences"]] + [e["text"] for e in doc["entities"]] + [doc["clean_text"]]
    for text in texts:
        assert "quot;" not in text and "7391046285113" not in text and "3f2a9c1e" not in text
    assert not any("Investigation" in s["text"] for s in doc["sentences"])
    assert [h["text"] for h in doc["headings"]] == ["Investigation"]
    assert any(a["action"] == "suspect_mixed_script" for a in doc["cleaning"])


def test_analyze_bad_inputs_reported_and_batch_goes_on(tmp_path: Path, corpus: Path) -> None:
    (corpus / "bad.json").write_text("{nope", encoding="utf-8")
    (corpus / "bin.txt").write_bytes(b"\x00\x01\x02")
    code, _, stderr = _run("-q", "analyze", str(corpus), "-o", str(tmp_path / "o"), "--db", str(tmp_path / "r.db"))
    assert code == 0
    lines = [ln for ln in stderr.splitlines() if ln.strip()]
    assert len(lines) == 2 and all(ln.startswith("error:") for ln in lines)
    assert "Traceback" not in stderr


def test_analyze_nothing_processable_exits_non_zero(tmp_path: Path) -> None:
    (tmp_path / "bin.txt").write_bytes(b"\x00\x01\x02")
    code, _, stderr = _run("-q", "analyze", str(tmp_path / "bin.txt"), "--db", str(tmp_path / "r.db"), "-o", str(tmp_path / "o"))
    assert code == 1 and "bin.txt" in stderr and "binary" in stderr


def test_cli_refuses_foreign_database_without_touching_it(tmp_path: Path, corpus: Path) -> None:
    foreign = tmp_path / "notes.db"
    foreign.write_bytes(b"these are my notes, not a database")
    proc = subprocess.run([sys.executable, "-m", "rashomon", "analyze", str(corpus), "--db", str(foreign)],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 1
    assert proc.stderr.strip().startswith("error:") and "not a SQLite database" in proc.stderr
    assert "Traceback" not in proc.stderr
    assert foreign.read_bytes() == b"these are my notes, not a database"


def test_missing_model_is_one_line_error_with_fix() -> None:
    from rashomon.errors import ModelError
    from rashomon.nlp import load_model

    with pytest.raises(ModelError) as err:
        load_model("en_core_web_does_not_exist")
    assert "requirements/model.txt" in str(err.value) and "\n" not in str(err.value)


def test_extract_jsonl_keeps_ids(tmp_path: Path) -> None:
    src = tmp_path / "in.jsonl"
    src.write_text(json.dumps({"id": "n-1", "text": "Police arrested two men in Port Verel on Monday."}) + "\n", encoding="utf-8")
    code, _, _ = _run("extract", str(src), "-o", str(tmp_path / "out.jsonl"))
    assert code == 0
    (row,) = [json.loads(ln) for ln in (tmp_path / "out.jsonl").read_text(encoding="utf-8").splitlines()]
    assert row["id"] == "n-1" and {"entities", "places", "times", "quotes", "events"} <= set(row)


def test_export_help_lists_every_registered_format() -> None:
    from rashomon.cli.export import FORMATS
    from rashomon.export import EXPORTERS, get_exporter

    get_exporter(FORMATS[0])  # loads the built-in exporters
    assert sorted(FORMATS) == sorted(EXPORTERS)
