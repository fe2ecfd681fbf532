"""Run independent parts of linking on a second core: a forked child computes one share while the parent does the other.

Forking shares the parent's documents copy-on-write, so nothing but the child's result crosses a pipe. Where a
fork is not safe (no ``fork`` start method, other threads running) or the child fails, the share is computed in
the parent instead: the result never depends on whether a child ran.
"""

from __future__ import annotations

import logging
import multiprocessing
import sys
import threading
from collections.abc import Callable, Hashable, Sequence
from typing import Any, Generic, TypeVar

__all__ = ["Forked", "can_fork", "split_balanced"]

T = TypeVar("T")
K = TypeVar("K", bound=Hashable)

log = logging.getLogger(__name__)


def can_fork() -> bool:
    """True where a forked child is safe: Linux's ``fork`` start method, no other thread (whose locks a child
    would inherit held), and free memory for the child to copy every page of this process (its worst case)."""
    return sys.platform.startswith("linux") and "fork" in multiprocessing.get_all_start_methods() \
        and threading.active_count() == 1 and _kib("/proc/self/status", "VmRSS:") < _kib("/proc/meminfo", "MemAvailable:")


def _kib(path: str, key: str) -> int:
    """A ``key: N kB`` figure from a /proc file (0 when missing)."""
    try:
        with open(path, encoding="ascii") as f:
            for line in f:
                if line.startswith(key):
                    return int(line.split()[1])
    except (OSError, ValueError, IndexError):
        pass
    return 0


class Forked(Generic[T]):
    """``fn()`` started in a forked child; :meth:`result` waits for it (or computes it here if the child failed)."""

    def __init__(self, fn: Callable[[], T]) -> None:
        self._fn = fn
        ctx = multiprocessing.get_context("fork")
        self._recv, send = ctx.Pipe(duplex=False)

        def child() -> None:
            try:
                send.send((True, fn()))
            except BaseException as err:  # noqa: BLE001 - reported to the parent, which then computes it itself
                send.send((False, f"{type(err).__name__}: {err}"))

        self._process: Any = ctx.Process(target=child, daemon=True)
        self._process.start()
        send.close()

    def result(self) -> T:
        """The child's result, read before joining it (a large result would otherwise block the child's pipe)."""
        try:
            ok, value = self._recv.recv()
        except (EOFError, OSError) as err:
            ok, value = False, f"child ended without a result ({err or 'no data'})"
        finally:
            self._recv.close()
            self._process.join()
        if ok:
            return value  # type: ignore[no-any-return]
        log.warning("forked linking share failed (%s); computing it in this process", value)
        return self._fn()


def split_balanced(items: Sequence[K], weight: Callable[[K], float], parts: int) -> list[list[K]]:
    """``items`` in ``parts`` shares of about equal total weight (heaviest first to the lightest share), each share
    keeping the items' original order."""
    loads = [0.0] * parts
    owner: dict[K, int] = {}
    for item in sorted(items, key=weight, reverse=True):
        i = min(range(parts), key=loads.__getitem__)
        owner[item] = i
        loads[i] += weight(item)
    return [[x for x in items if owner[x] == i] for i in range(parts)]
