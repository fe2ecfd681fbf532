"""``rashomon eval TASK --data PATH``: score rashomon against annotated data; prints metrics JSON."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Optional

import typer

from rashomon.cli._util import app, console


@app.command("eval")
def eval_command(
    task: str = typer.Argument(..., help="Task name, or 'list' to show the registered tasks."),
    data: Optional[Path] = typer.Option(None, "--data", help="Path of the evaluation data (default: the task's)."),
    limit: Optional[int] = typer.Option(None, "--limit", help="Score only the first N items."),
    out: Optional[Path] = typer.Option(None, "--out", "-o", help="Also write the metrics JSON here."),
) -> None:
    """Run an evaluation task and print its metrics as JSON."""
    from rashomon.evaluate import run_task

    metrics = run_task(task, data, limit=limit)
    text = json.dumps(metrics, indent=2, ensure_ascii=False)
    if out:
        out.write_text(text + "\n", encoding="utf-8")
    console().print_json(text)
