"""Knowledge files shipped with rashomon, read through one cached loader per kind."""

from __future__ import annotations

import csv
import functools
import json
from importlib import resources
from typing import Any

from rashomon.errors import DataFileError


def data_path(name: str) -> Any:
    """Return a traversable for ``rashomon/data/<name>``."""
    return resources.files("rashomon.data").joinpath(name)


def read_text(name: str) -> str:
    """Read a shipped data file as text, or raise ``DataFileError``."""
    try:
        return str(data_path(name).read_text(encoding="utf-8"))
    except (OSError, FileNotFoundError) as err:
        raise DataFileError(f"data file rashomon/data/{name} cannot be read: {err}") from err


@functools.cache
def load_jsonl(name: str) -> tuple[dict[str, Any], ...]:
    """Load a JSONL data file (blank lines and ``#`` comments skipped), cached."""
    rows = []
    for n, line in enumerate(read_text(name).splitlines(), 1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as err:
            raise DataFileError(f"rashomon/data/{name}:{n}: invalid JSON ({err.msg})") from err
        if not isinstance(row, dict):
            raise DataFileError(f"rashomon/data/{name}:{n}: expected an object")
        rows.append(row)
    return tuple(rows)


@functools.cache
def load_json(name: str) -> Any:
    """Load a JSON data file, cached."""
    try:
        return json.loads(read_text(name))
    except json.JSONDecodeError as err:
        raise DataFileError(f"rashomon/data/{name}: invalid JSON ({err.msg})") from err


@functools.cache
def load_tsv(name: str) -> tuple[dict[str, str], ...]:
    """Load a TSV data file with a header line (lines starting with ``#`` skipped), cached."""
    lines = [ln for ln in read_text(name).splitlines() if ln.strip() and not ln.startswith("#")]
    return tuple(dict(row) for row in csv.DictReader(lines, delimiter="\t"))
