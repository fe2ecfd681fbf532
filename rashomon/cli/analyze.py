"""``rashomon analyze``: ingest files, analyse what is new, link, write analysis.json and report.html."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from rashomon.cli._util import DB_HELP, app, exit_status, progress_bar, report_input_error, summary_table


def run_analyze(paths: list[str], out: Path, db: str, published: str | None, source: str | None,
                encoding: str, processes: int | None, dask: str | None, max_mb: float) -> int:
    """Shared body of ``analyze`` and ``demo``; returns the exit status."""
    from rashomon.errors import ConfigError
    from rashomon.ingest import IngestOptions
    from rashomon.ingest.readers import normalise_date
    from rashomon.project import Project

    if published and not normalise_date(published):
        raise ConfigError(f"--published {published!r} is not a date (use YYYY-MM-DD)")
    options = IngestOptions(published=normalise_date(published), source=source, encoding=encoding,
                            max_bytes=int(max_mb * 1024 * 1024))
    ensure_gazetteer()
    with Project(db, processes=processes) as project, progress_bar("analysing") as bar:
        result = project.analyze(paths, options, progress=bar, on_error=report_input_error, dask=dask)
        outputs = project.write_outputs(out) if result.seen else {}
        analysis = project.analysis() if result.seen else None
    counts = {}
    if analysis is not None:
        counts = {
            "documents in store": len(analysis.documents),
            "entities": len(analysis.entities),
            "events": sum(len(d.events) for d in analysis.documents),
            "quotes": sum(len(d.quotes) for d in analysis.documents),
            "stories": len(analysis.stories),
            "clusters": len(analysis.clusters),
            "conflicts": sum(len(c.conflicts) for c in analysis.clusters),
        }
    summary_table(result, counts, outputs)
    return exit_status(result)


def ensure_gazetteer() -> None:
    """Build the offline gazetteer on first use here, with a progress bar (workers would build it silently)."""
    from rashomon.extract.geo.build import default_path
    from rashomon.extract.geo.gazetteer import load_gazetteer

    path = default_path()
    if path.exists():
        return
    with progress_bar("building the gazetteer (once)") as tick:
        load_gazetteer(path, progress=tick)


@app.command()
def analyze(
    paths: list[str] = typer.Argument(..., help="Files, folders (recursive) or - for standard input."),
    out: Path = typer.Option(Path("rashomon-out"), "--out", "-o", help="Folder for analysis.json and report.html."),
    db: str = typer.Option("rashomon.db", "--db", help=DB_HELP),
    published: Optional[str] = typer.Option(None, "--published", help="Date (YYYY-MM-DD) for documents without one."),
    source: Optional[str] = typer.Option(None, "--source", help="Outlet name for documents without one."),
    encoding: str = typer.Option("utf-8", "--encoding", help="Text encoding of the input files."),
    processes: Optional[int] = typer.Option(None, "--processes", "-j", help="Worker processes (default: cores)."),
    dask: Optional[str] = typer.Option(None, "--dask", help="Dask scheduler address, or local:N for a local cluster."),
    max_mb: float = typer.Option(10.0, "--max-mb", help="Largest file or document accepted, in MB."),
) -> None:
    """Analyse news reports; re-running adds only what is new."""
    raise typer.Exit(run_analyze(paths, out, db, published, source, encoding, processes, dask, max_mb))
