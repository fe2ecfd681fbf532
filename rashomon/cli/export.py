"""``rashomon export``: write the stored analysis as JSONL, ACLED CSV, PLOVER JSON, GeoJSON or Parquet."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Optional

import typer

from rashomon.cli._util import DB_HELP, app, console

# listed here rather than read from the registry so that --help never imports the exporters (pyarrow)
FORMATS = ("jsonl", "acled-csv", "plover-json", "geojson", "parquet")


@app.command()
def export(
    format: str = typer.Option(..., "--format", "-f", help="One of: " + ", ".join(FORMATS) + "."),
    db: str = typer.Option("rashomon.db", "--db", help=DB_HELP),
    out: Optional[Path] = typer.Option(None, "--out", "-o", help="Output file (default: standard output)."),
) -> None:
    """Export the stored analysis in a format other tools read.

    acled-csv keeps only clusters ACLED codes (violence, protests, strategic developments); the rest are counted on stderr.
    """
    from rashomon.errors import ConfigError
    from rashomon.export import get_exporter
    from rashomon.project import Project
    from rashomon.store import open_store

    chosen = get_exporter(format)
    if out is None and not chosen.text and sys.stdout.isatty():
        raise ConfigError(f"{format} is binary: give an output file with -o")
    with Project(db, store=open_store(db, read_only=True)) as project:
        analysis = project.analysis()
    if out is None:
        note = chosen.write(analysis, sys.stdout.buffer)
        sys.stdout.buffer.flush()
        if note:
            console(stderr=True).print(note, markup=False, highlight=False)
        return
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(out.name + ".tmp")
    try:
        with open(tmp, "wb") as fh:
            note = chosen.write(analysis, fh)
        tmp.replace(out)
    finally:
        tmp.unlink(missing_ok=True)
    if note:  # the note gives the counts
        console(stderr=True).print(note, markup=False, highlight=False)
    console(stderr=True).print(f"wrote {out} ({format}" + ("" if note else f", {len(analysis.clusters)} clusters") + ")")
