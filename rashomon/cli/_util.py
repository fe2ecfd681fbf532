"""The shared Typer app and terminal helpers (only ``cli/`` writes to the terminal)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

import typer

if TYPE_CHECKING:
    from rich.console import Console

    from rashomon.errors import InputError
    from rashomon.project import RunResult

app = typer.Typer(
    name="rashomon",
    help="One event, many accounts: turn news reports into a sourced, cross-checked record of events.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

_state: dict[str, Any] = {"debug": False, "quiet": False}

DB_HELP = "SQLite file or postgresql:// URL of the store."


def console(stderr: bool = False) -> Console:
    """A Rich console on stdout (or stderr)."""
    from rich.console import Console

    return Console(stderr=stderr, highlight=False, soft_wrap=True)


def error_line(message: str) -> None:
    """Print one red ``error:`` line on stderr."""
    from rich.markup import escape

    console(stderr=True).print(f"[red]error:[/red] {escape(message)}")


def report_input_error(err: InputError) -> None:
    """Print a skipped input as one line on stderr."""
    error_line(str(err))


@contextmanager
def progress_bar(label: str, enabled: bool = True) -> Iterator[Any]:
    """A Rich progress bar; yields a ``callback(done, total)``."""
    if not enabled or _state["quiet"]:
        yield None
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                  console=console(stderr=True), transient=True) as bar:
        task = bar.add_task(label, total=None)

        def update(done: int, total: int | None) -> None:
            bar.update(task, completed=done, total=total)

        yield update


def summary_table(result: RunResult, analysis_counts: dict[str, int], outputs: dict[str, Any]) -> None:
    """Print the short end-of-run summary."""
    from rich.table import Table

    table = Table(title="rashomon", show_header=False, box=None)
    table.add_row("new documents", str(len(result.added)))
    table.add_row("already stored", str(len(result.unchanged)))
    table.add_row("duplicates skipped", str(len(result.duplicates)))
    table.add_row("inputs with errors", str(len(result.errors)))
    for key, value in analysis_counts.items():
        table.add_row(key, str(value))
    table.add_row("time", f"{result.seconds:.1f} s")
    for key, path in outputs.items():
        table.add_row(key, str(path))
    console().print(table)


def exit_status(result: RunResult) -> int:
    """Non-zero only when inputs were given but nothing could be processed."""
    return 1 if result.errors and result.seen == 0 else 0
