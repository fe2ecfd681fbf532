"""Look place names up in the offline gazetteer index (one SQLite connection per process, cached)."""

from __future__ import annotations

import contextlib
import functools
import logging
import math
import os
import sqlite3
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rashomon.extract.geo.build import VERSION, Progress, build, default_path
from rashomon.extract.geo.names import fold

log = logging.getLogger("rashomon")

# aliases of places this big (or of countries, regions, continents) are held in memory at load time
HOT_POPULATION = 300_000


@dataclass(frozen=True)
class Entry:
    """One gazetteer record; ``id`` is a GeoNames id, negative for ISO 3166-2 subdivisions without one."""

    id: int
    name: str
    country: str | None
    admin1: str | None
    lat: float | None
    lon: float | None
    feature: str
    population: int
    main: int = 0  # 1: the looked-up name is this place's main name; 2: also its country's capital name

    @property
    def geonameid(self) -> int | None:
        """The GeoNames id, or ``None`` for records that have none."""
        return self.id if self.id > 0 else None


def _entry(r: tuple[Any, ...], main: int) -> Entry:
    return Entry(r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7], main=main)


class Gazetteer:
    """An alias → places index over the SQLite file built by :func:`rashomon.extract.geo.build.build`."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._con = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
        self._lock = threading.Lock()
        self._hot: dict[str, tuple[Entry, ...]] = {}
        self._load_hot()
        self.lookup = functools.lru_cache(maxsize=100_000)(self._lookup)

    def _load_hot(self) -> None:
        rows = self._con.execute(
            "SELECT a.key, p.*, a.main FROM aliases a JOIN places p ON p.id = a.id WHERE a.key IN ("
            " SELECT h.key FROM places q JOIN aliases h ON h.id = q.id"
            " WHERE q.population >= ? OR q.feature IN ('country', 'admin1', 'continent', 'region'))",
            (HOT_POPULATION,),
        ).fetchall()
        hot: dict[str, list[Entry]] = {}
        for r in rows:
            hot.setdefault(r[0], []).append(_entry(r[1:9], int(r[9])))
        self._hot = {k: tuple(v) for k, v in hot.items()}

    def _query(self, key: str) -> tuple[Entry, ...]:
        with self._lock:
            rows = self._con.execute(
                "SELECT p.*, a.main FROM aliases a JOIN places p ON p.id = a.id WHERE a.key = ?", (key,)
            ).fetchall()
        return tuple(_entry(r[:8], int(r[8])) for r in rows)

    def _lookup(self, key: str) -> tuple[Entry, ...]:
        hot = self._hot.get(key)
        return hot if hot is not None else self._query(key)

    def candidates(self, name: str) -> tuple[Entry, ...]:
        """Every place called ``name`` (any alias, folded), unranked."""
        key = fold(name)
        return self.lookup(key) if key else ()

    def get(self, place_id: int) -> Entry | None:
        """The record with id ``place_id``."""
        with self._lock:
            row = self._con.execute("SELECT * FROM places WHERE id = ?", (place_id,)).fetchone()
        return _entry(row, 0) if row else None

    def __len__(self) -> int:
        with self._lock:
            return int(self._con.execute("SELECT count(*) FROM places").fetchone()[0])

    def close(self) -> None:
        """Close the connection."""
        self._con.close()


def _usable(path: Path) -> bool:
    if not path.exists():
        return False
    try:
        con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            row = con.execute("SELECT value FROM meta WHERE key = 'version'").fetchone()
        finally:
            con.close()
    except sqlite3.Error:
        return False
    return bool(row) and row[0] == VERSION


@contextlib.contextmanager
def _build_lock(path: Path) -> Iterator[None]:
    """An exclusive lock on ``path.lock`` across processes (where the platform has ``fcntl``)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows: builds write to a temporary file and rename
        yield
        return
    with open(path.with_suffix(".lock"), "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


_LOADED: dict[tuple[int, str], Gazetteer] = {}
_LOAD_LOCK = threading.Lock()


def load_gazetteer(path: Path | None = None, progress: Progress | None = None) -> Gazetteer:
    """The process-wide gazetteer at ``path`` (default cache file), built first if missing or outdated."""
    path = path or default_path()
    key = (os.getpid(), str(path))
    with _LOAD_LOCK:
        if key not in _LOADED:
            if not _usable(path):
                with _build_lock(path):  # worker processes starting together build it once
                    if not _usable(path):
                        log.info("building the gazetteer index at %s (once; takes about a minute)", path)
                        build(path, progress)
            _LOADED[key] = Gazetteer(path)
        return _LOADED[key]


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(a)))
