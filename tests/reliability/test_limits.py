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
