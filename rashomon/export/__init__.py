"""Exporters: the analysis in the formats analysts load elsewhere, registered by name.

``export(analysis, "acled-csv", fh)`` writes one format to a binary file object; ``EXPORTERS``
lists what is registered (``jsonl``, ``acled-csv``, ``plover-json``, ``geojson``, ``parquet``).
A new format is a function ``fn(analysis, fh)`` decorated with ``@exporter(name, suffix, help)``; it may
return one line for the reader (the CLI prints it on stderr), e.g. what the format could not hold.
The ACLED CSV holds only clusters with an ACLED event type (political violence, protests, strategic
developments): ACLED does not code requests, accusations or consultations, so those are left out and counted.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import BinaryIO

from rashomon.errors import ConfigError
from rashomon.model import Analysis

__all__ = ["EXPORTERS", "Exporter", "export", "exporter", "get_exporter"]

WriteFn = Callable[[Analysis, BinaryIO], str | None]


@dataclass(frozen=True)
class Exporter:
    """A named output format: its writer, usual file suffix and a one-line description."""

    name: str
    suffix: str
    help: str
    write: WriteFn
    text: bool = True  # False for binary formats that must not go to a terminal


EXPORTERS: dict[str, Exporter] = {}


def exporter(name: str, suffix: str, help: str, *, text: bool = True) -> Callable[[WriteFn], WriteFn]:
    """Register ``fn(analysis, fh)`` as the exporter called ``name``."""

    def register(fn: WriteFn) -> WriteFn:
        EXPORTERS[name] = Exporter(name=name, suffix=suffix, help=help, write=fn, text=text)
        return fn

    return register


def get_exporter(name: str) -> Exporter:
    """The exporter called ``name``; a ``ConfigError`` naming the known ones otherwise."""
    _load_builtin_exporters()
    if name not in EXPORTERS:
        raise ConfigError(f"unknown export format {name!r} (choose from {', '.join(sorted(EXPORTERS))})")
    return EXPORTERS[name]


def export(analysis: Analysis, name: str, fh: BinaryIO) -> str | None:
    """Write ``analysis`` to ``fh`` in the format called ``name``; return the exporter's note, if any."""
    return get_exporter(name).write(analysis, fh)


def _load_builtin_exporters() -> None:
    """Import the built-in exporters (they register themselves)."""
    from rashomon.export import formats, parquet  # noqa: F401
