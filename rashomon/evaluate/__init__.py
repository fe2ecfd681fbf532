"""Evaluation harness: named tasks that score rashomon against annotated data and return metrics.

A task is a function ``(data: Path, limit: int | None) -> dict`` registered with :func:`task` in
any module of this package (modules are discovered automatically). ``run_task`` adds the task
name, data path, item count and wall time to what the task returns.
"""

from __future__ import annotations

import importlib
import pkgutil
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rashomon.errors import ConfigError

TaskFn = Callable[[Path, "int | None"], dict[str, Any]]


@dataclass(frozen=True)
class Task:
    """A registered evaluation task."""

    name: str
    fn: TaskFn
    default_data: str | None
    description: str


_TASKS: dict[str, Task] = {}


def task(name: str, *, default_data: str | None = None) -> Callable[[TaskFn], TaskFn]:
    """Register an evaluation task under ``name`` (``default_data`` is relative to the working folder)."""

    def register(fn: TaskFn) -> TaskFn:
        doc = (fn.__doc__ or "").strip().splitlines()
        _TASKS[name] = Task(name, fn, default_data, doc[0] if doc else "")
        return fn

    return register


def _discover() -> None:
    for info in pkgutil.iter_modules(__path__):
        if not info.name.startswith("_"):
            importlib.import_module(f"{__name__}.{info.name}")


def tasks() -> dict[str, Task]:
    """Every registered task, by name."""
    _discover()
    return dict(sorted(_TASKS.items()))


def run_task(name: str, data: Path | None = None, *, limit: int | None = None) -> dict[str, Any]:
    """Run task ``name`` on ``data`` (or its default data) and return its metrics."""
    registry = tasks()
    if name == "list":
        return {t.name: {"data": t.default_data, "description": t.description} for t in registry.values()}
    if name not in registry:
        raise ConfigError(f"unknown eval task {name!r} (known: {', '.join(registry)}; or 'list')")
    t = registry[name]
    path = data or (Path(t.default_data) if t.default_data else None)
    if path is None or not path.exists():
        raise ConfigError(f"eval {name}: data not found at {path} (give --data PATH)")
    started = time.perf_counter()
    metrics = t.fn(path, limit)
    return {"task": name, "data": str(path), **metrics, "seconds": round(time.perf_counter() - started, 2)}
