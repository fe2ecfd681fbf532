"""``rashomon demo``: analyse the bundled fictional demo corpus and write its report."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from rashomon.cli._util import app, console


def demo_corpus() -> Path:
    """Path of the demo corpus shipped in the package."""
    from rashomon.data import data_path

    return Path(str(data_path("demo")))


@app.command()
def demo(
    out: Path = typer.Option(Path("rashomon-demo"), "--out", "-o", help="Folder for analysis.json and report.html."),
    db: Optional[str] = typer.Option(None, "--db", help="Store to use (default: OUT/rashomon.db)."),
    processes: Optional[int] = typer.Option(None, "--processes", "-j", help="Worker processes (default: cores)."),
) -> None:
    """Analyse the bundled demo corpus (a fictional crisis reported by several outlets)."""
    from rashomon.cli.analyze import run_analyze

    out.mkdir(parents=True, exist_ok=True)
    status = run_analyze([str(demo_corpus())], out, db or str(out / "rashomon.db"), None, None, "utf-8",
                         processes, None, 10.0)
    console().print(f"open {out / 'report.html'} in a browser to explore the demo")
    raise typer.Exit(status)
