"""Resource limits: input is streamed, huge documents are refused with a clear message."""

from __future__ import annotations

import tracemalloc
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from rashomon.errors import InputError
from rashomon.ingest import IngestOptions, document_id, iter_documents
from rashomon.model import RawDocument
from rashomon.pipeline import iter_analyze, safe_analyze


def _raws(n: int, pulled: list[int]) -> Iterator[RawDocument]:
    for i in range(n):
        pulled[0] += 1
        text = f"Farmers in village {i} protested on Monday against a new water tax."
        yield RawDocument(id=document_id(text), text=text)


@pytest.mark.slow
def test_iter_analyze_consumes_input_lazily() -> None:
    pulled = [0]
    results = iter_analyze(_raws(10_000, pulled), processes=2, batch_size=4)
    first = [next(results) for _ in range(3)]
    results.close()  # type: ignore[attr-defined]
    assert len(first) == 3
    assert pulled[0] < 100, f"{pulled[0]} documents read ahead to produce 3"


def test_ingest_streams_a_folder_of_10000_files(tmp_path: Path) -> None:
    for i in range(10_000):
        (tmp_path / f"{i:05d}.txt").write_text(f"Story {i}: the council met on Monday to discuss the budget.", encoding="utf-8")
    tracemalloc.start()
    count = 0
    for item in iter_documents([tmp_path], IngestOptions()):
        assert isinstance(item, RawDocument)
        count += 1
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert count == 10_000
    assert peak < 30 * 1024 * 1024, f"peak {peak / 1e6:.1f} MB while streaming"


def test_document_longer_than_the_model_accepts_is_a_clear_error(nlp: Any) -> None:
    text = "word " * (nlp.max_length // 5 + 10)
    result = safe_analyze(RawDocument(id="big", text=text, path="big.txt"), nlp)
    assert isinstance(result, InputError)
    assert str(result).startswith("big.txt: document too long") and "\n" not in str(result)


def test_oversized_file_names_the_limit_in_the_units_of_max_mb(tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    big.write_bytes(b"word " * (3 * 1024 * 1024 // 10))  # 1.5 MiB
    errors = list(iter_documents([big], IngestOptions(max_bytes=1024 * 1024)))  # what --max-mb 1 passes
    assert len(errors) == 1 and isinstance(errors[0], InputError)
    assert str(errors[0]) == f"{big}: file too large (1.5 MB > 1.0 MB limit)"


@pytest.mark.slow
def test_analyze_warns_about_oversized_inputs_and_keeps_the_rest(tmp_path: Path) -> None:
    import subprocess
    import sys

    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "big.txt").write_text("The council met. " * 80_000, encoding="utf-8")  # 1.3 MiB
    (folder / "ok.txt").write_text("Farmers in Tavo protested on Monday against a new water tax.", encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "rashomon", "analyze", str(folder), "--db", str(tmp_path / "s.db"),
                           "-o", str(tmp_path / "out"), "-j", "1", "--max-mb", "1"],
                          capture_output=True, text=True, timeout=600)
    assert "Traceback" not in proc.stderr
    assert f"error: {folder / 'big.txt'}: file too large (1.3 MB > 1.0 MB limit)" in proc.stderr
    # the batch goes on without it (non-zero exit only when nothing could be processed)
    import json

    assert proc.returncode == 0
    assert len(json.loads((tmp_path / "out" / "analysis.json").read_text(encoding="utf-8"))["documents"]) == 1


def test_event_dating_work_grows_linearly_with_a_long_document(nlp: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each time expression is checked against names once per document, not once per event (was quadratic)."""
    from rashomon.extract import event_scene

    calls = [0]
    original = event_scene._in_name

    def counted(doc: Any, time: Any) -> bool:
        calls[0] += 1
        return bool(original(doc, time))

    monkeypatch.setattr(event_scene, "_in_name", counted)
    text = " ".join(f"Police in Tavo arrested {n + 2} men on Monday {n}, officials said on Tuesday." for n in range(40))
    doc = safe_analyze(RawDocument(id=document_id(text), text=text, published="2024-05-08"), nlp)
    assert not isinstance(doc, InputError)
    assert len(doc.events) >= 20 and len(doc.times) >= 40
    assert calls[0] <= len(doc.times) + 5, f"{calls[0]} name checks for {len(doc.times)} times"
