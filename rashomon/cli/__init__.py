"""Command line: ``rashomon demo | analyze | extract | eval | serve | export | bench``.

One module per command, all registering on the shared app in :mod:`rashomon.cli._util`.
``main`` turns any ``RashomonError`` into one line on stderr (tracebacks only with ``--debug``).
"""

from __future__ import annotations

import importlib
import logging
import pkgutil
import sys

import typer

from rashomon.cli._util import _state, app, error_line

# one module per command; importing it registers the command on the shared app
for _info in pkgutil.iter_modules(__path__):
    if not _info.name.startswith("_"):
        importlib.import_module(f"{__name__}.{_info.name}")

__all__ = ["app", "main"]


@app.callback()
def _root(
    debug: bool = typer.Option(False, "--debug", help="Show tracebacks and debug logging."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bars."),
) -> None:
    """One event, many accounts: turn news reports into a sourced, cross-checked record of events."""
    _state["debug"] = debug
    _state["quiet"] = quiet
    logging.basicConfig(level=logging.DEBUG if debug else logging.WARNING, format="%(levelname)s %(name)s: %(message)s")


def main() -> None:
    """Console-script entry point."""
    from rashomon.errors import RashomonError

    try:
        app(standalone_mode=True)
    except RashomonError as err:
        if _state["debug"]:
            raise
        error_line(str(err))
        sys.exit(1)
    except KeyboardInterrupt:
        error_line("interrupted")
        sys.exit(130)
    except Exception as err:  # never show a traceback to the user unless asked
        if _state["debug"]:
            raise
        error_line(f"internal error: {type(err).__name__}: {err} (run with --debug for details)")
        sys.exit(2)
