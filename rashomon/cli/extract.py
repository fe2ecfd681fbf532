"""``rashomon extract``: per-document extraction only, JSONL in → JSONL out (no store)."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Optional

import typer

from rashomon.cli._util import app, error_line, progress_bar

PER_DOCUMENT_KEYS = ("entities", "places", "times", "quotes", "events", "sentences")


@app.command()
def extract(
    input: str = typer.Argument(..., help="JSONL file with {id, text, title?, published?, source?, url?} lines, or -."),
    out: Optional[Path] = typer.Option(None, "--out", "-o", help="Output JSONL (default: standard output)."),
    processes: Optional[int] = typer.Option(1, "--processes", "-j", help="Worker processes."),
) -> None:
    """Run the per-document stages on JSONL records; output keeps each input id."""
    from dataclasses import replace

    from rashomon.errors import InputError
    from rashomon.ingest import document_id
    from rashomon.ingest.readers import parse_jsonl
    from rashomon.model import RawDocument
    from rashomon.pipeline import iter_analyze

    text = sys.stdin.read() if input == "-" else Path(input).read_text(encoding="utf-8")
    items = parse_jsonl(text, input)
    raws: list[RawDocument] = []
    ids: list[object] = []
    for line_no, (item, record) in enumerate(zip(items, _records(text), strict=False), 1):
        if isinstance(item, InputError):
            error_line(str(item))
            continue
        raws.append(replace(item, id=document_id(item.text)))
        ids.append(record.get("id", line_no) if isinstance(record, dict) else line_no)
    sink = out.open("w", encoding="utf-8") if out else sys.stdout
    try:
        with progress_bar("extracting", enabled=out is not None) as bar:
            for n, (rid, doc) in enumerate(zip(ids, iter_analyze(raws, processes=processes or 1), strict=False), 1):
                data = doc.to_dict()
                row = {"id": rid, "doc": doc.id, **{k: data[k] for k in PER_DOCUMENT_KEYS}}
                sink.write(json.dumps(row, ensure_ascii=False) + "\n")
                if bar:
                    bar(n, len(raws))
    finally:
        if out:
            sink.close()


def _records(text: str) -> list[object]:
    records = []
    for line in text.split("\n"):
        if not line.strip():
            continue
        try:
            records.append(json.loads(line))
        except json.JSONDecodeError:
            records.append(None)
    return records
