"""``rashomon gazetteer build|import|info``: the offline gazetteer index (built once, cached)."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from rashomon.cli._util import app, console, error_line, progress_bar

gazetteer_app = typer.Typer(help="Build or extend the offline gazetteer used to resolve place names.",
                            no_args_is_help=True)
app.add_typer(gazetteer_app, name="gazetteer")

PATH_HELP = "Index file (default: $RASHOMON_CACHE or ~/.cache/rashomon)."


@gazetteer_app.command("build")
def build_command(path: Optional[Path] = typer.Option(None, "--path", help=PATH_HELP)) -> None:
    """(Re)build the index from the data shipped with rashomon (GeoNames cities ≥ 500, countries, subdivisions)."""
    from rashomon.extract.geo.build import build, default_path

    target = path or default_path()
    with progress_bar("building gazetteer") as tick:
        build(target, tick)
    _summary(target)


@gazetteer_app.command("import")
def import_command(
    file: Path = typer.Argument(..., help="A GeoNames dump (allCountries.txt or citiesN.txt, tab-separated)."),
    path: Optional[Path] = typer.Option(None, "--path", help=PATH_HELP),
) -> None:
    """Add the places of a GeoNames dump you downloaded, for better coverage of small places."""
    from rashomon.extract.geo.build import default_path, import_geonames

    if not file.is_file():
        error_line(f"{file}: no such file")
        raise typer.Exit(1)
    target = path or default_path()
    with progress_bar(f"importing {file.name}") as tick:
        count = import_geonames(file, target, tick)
    console().print(f"imported {count} places from {file}")
    _summary(target)


@gazetteer_app.command("info")
def info_command(path: Optional[Path] = typer.Option(None, "--path", help=PATH_HELP)) -> None:
    """Show where the index is and what it holds."""
    from rashomon.extract.geo.build import default_path

    target = path or default_path()
    if not target.exists():
        console().print(f"no gazetteer at {target} yet: run 'rashomon gazetteer build'")
        raise typer.Exit(1)
    _summary(target)


def _summary(path: Path) -> None:
    from rashomon.extract.geo.build import summary

    info = summary(path)
    console().print(f"gazetteer {path}: {info['places']} places, {info['aliases']} names, "
                    f"{info['imported']} imported, {info['megabytes']} MB")
