"""Every knowledge file shipped under ``rashomon/data`` loads through its loader and is well formed."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import pytest

from rashomon.data import load_json, load_jsonl, load_tsv
from rashomon.errors import DataFileError

DATA = Path(str(resources.files("rashomon.data")))
# the demo corpus is input for ingestion (news texts, a feed dump), not knowledge the pipeline loads
NOT_KNOWLEDGE = ("demo",)
NAMES = sorted(
    p.relative_to(DATA).as_posix()
    for p in DATA.rglob("*")
    if p.suffix in (".json", ".jsonl", ".tsv") and p.relative_to(DATA).parts[0] not in NOT_KNOWLEDGE
)


def test_data_files_are_found() -> None:
    assert len(NAMES) >= 30
    assert {"en/debris.jsonl", "en/linking.json", "en/names/spelling.tsv", "export/acled_precision.tsv"} <= set(NAMES)


@pytest.mark.parametrize("name", [n for n in NAMES if n.endswith(".tsv")])
def test_tsv_file_loads_and_every_row_fits_its_header(name: str) -> None:
    rows = load_tsv(name)
    assert rows, f"{name}: no rows"
    columns = list(rows[0])
    assert all(c and c.strip() == c for c in columns), f"{name}: bad header {columns}"
    for n, row in enumerate(rows, 1):
        assert None not in row, f"{name}: row {n} has more cells than the header"
        assert None not in row.values(), f"{name}: row {n} has fewer cells than the header"


@pytest.mark.parametrize("name", [n for n in NAMES if n.endswith(".jsonl")])
def test_jsonl_file_loads(name: str) -> None:
    rows = load_jsonl(name)
    assert rows and all(isinstance(r, dict) and r for r in rows)


@pytest.mark.parametrize("name", [n for n in NAMES if n.endswith(".json")])
def test_json_file_loads(name: str) -> None:
    assert load_json(name)


def test_missing_data_file_raises_data_file_error() -> None:
    with pytest.raises(DataFileError, match="no/such.tsv"):
        load_tsv("no/such.tsv")
