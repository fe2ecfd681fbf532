"""Country outlines for the report's map, drawn offline as SVG (equirectangular: x = lon, y = -lat).

The outlines come from the ``countryinfo`` package (MIT; its boundaries are the public-domain
Natural Earth 1:110m shapes): ~170 countries, about 10k points, read once and cached. A few small
states have no outline there; their points are still drawn. Without the package the map shows the
points over a plain graticule.
"""

from __future__ import annotations

import functools
import json
import logging
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

log = logging.getLogger("rashomon.report")

__all__ = ["MapView", "country_shapes", "map_view"]

Ring = list[tuple[float, float]]


@dataclass(frozen=True)
class Shape:
    """One country's outline: its ISO alpha-3 code, name, bounding box and rings (lon, lat)."""

    iso: str
    name: str
    bbox: tuple[float, float, float, float]  # min lon, min lat, max lon, max lat
    rings: tuple[tuple[tuple[float, float], ...], ...]


@dataclass(frozen=True)
class MapView:
    """What the report's map draws: the SVG viewBox and the outlines of countries inside it."""

    x: float
    y: float
    width: float
    height: float
    countries: tuple[tuple[str, str, str], ...]  # (iso, name, SVG path)

    @property
    def viewbox(self) -> str:
        """The SVG ``viewBox`` attribute value."""
        return f"{self.x:.2f} {self.y:.2f} {self.width:.2f} {self.height:.2f}"


def _iter_rings(geometry: dict[str, Any]) -> Iterable[Ring]:
    kind = geometry.get("type")
    coords = geometry.get("coordinates") or []
    polygons = [coords] if kind == "Polygon" else coords if kind == "MultiPolygon" else []
    for polygon in polygons:
        for ring in polygon:
            yield [(float(p[0]), float(p[1])) for p in ring if len(p) >= 2]


@functools.lru_cache(maxsize=1)
def country_shapes() -> tuple[Shape, ...]:
    """Every outline shipped in ``countryinfo`` (empty when the package is missing)."""
    try:
        from importlib.resources import files

        folder = files("countryinfo").joinpath("data")
        entries = sorted(folder.iterdir(), key=lambda p: p.name)
    except (ModuleNotFoundError, FileNotFoundError):
        log.warning("countryinfo is not installed: the report map has no country outlines")
        return ()
    shapes = []
    seen: set[str] = set()
    for entry in entries:
        if not entry.name.endswith(".json"):
            continue
        try:
            data = json.loads(entry.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        iso = ((data.get("ISO") or {}).get("alpha3") or "").upper()
        features = ((data.get("geoJSON") or {}).get("features")) or []
        if not iso or iso in seen or not features:
            continue
        rings = [r for f in features for r in _iter_rings(f.get("geometry") or {}) if len(r) >= 3]
        if not rings:
            continue
        seen.add(iso)
        lons = [p[0] for r in rings for p in r]
        lats = [p[1] for r in rings for p in r]
        shapes.append(Shape(iso=iso, name=str(data.get("name") or iso), bbox=(min(lons), min(lats), max(lons), max(lats)),
                            rings=tuple(tuple(r) for r in rings)))
    return tuple(shapes)


def _path(rings: Iterable[Iterable[tuple[float, float]]], step: float) -> str:
    """SVG path data, dropping points closer than ``step`` degrees to the previous one."""
    parts = []
    for ring in rings:
        out: list[str] = []
        last: tuple[float, float] | None = None
        for lon, lat in ring:
            if last is not None and abs(lon - last[0]) < step and abs(lat - last[1]) < step:
                continue
            out.append(f"{lon:.2f} {-lat:.2f}")
            last = (lon, lat)
        if len(out) >= 3:
            parts.append("M" + "L".join(out) + "Z")
    return "".join(parts)


def map_view(points: Iterable[tuple[float, float]], *, margin: float = 0.35, min_span: float = 12.0) -> MapView:
    """A view framing ``points`` (lat, lon) with a margin, and the outlines of the countries it shows."""
    pts = [(lat, lon) for lat, lon in points if -90 <= lat <= 90 and -180 <= lon <= 180]
    if pts:
        lats = [p[0] for p in pts]
        lons = [p[1] for p in pts]
        w = max(max(lons) - min(lons), min_span)
        h = max(max(lats) - min(lats), min_span * 0.6)
        cx, cy = (max(lons) + min(lons)) / 2, (max(lats) + min(lats)) / 2
        w, h = w * (1 + 2 * margin), h * (1 + 2 * margin)
        # keep a landscape frame (the SVG is wider than tall)
        if w < h * 1.6:
            w = h * 1.6
        min_lon, max_lon = max(-180.0, cx - w / 2), min(180.0, cx + w / 2)
        min_lat, max_lat = max(-90.0, cy - h / 2), min(90.0, cy + h / 2)
    else:
        min_lon, max_lon, min_lat, max_lat = -180.0, 180.0, -60.0, 85.0
    min_lon, min_lat, max_lon, max_lat = (round(v, 1) for v in (min_lon, min_lat, max_lon, max_lat))
    return MapView(x=min_lon, y=-max_lat, width=max_lon - min_lon, height=max_lat - min_lat,
                   countries=_outlines(min_lon, min_lat, max_lon, max_lat))


@functools.lru_cache(maxsize=64)
def _outlines(min_lon: float, min_lat: float, max_lon: float, max_lat: float) -> tuple[tuple[str, str, str], ...]:
    """SVG outlines of the countries meeting this box, simplified to its scale (cached: the web app asks often)."""
    step = max(max_lon - min_lon, 1.0) / 600  # about one point per screen pixel or two at 1000 px wide
    return tuple(
        (s.iso, s.name, _path(s.rings, step))
        for s in country_shapes()
        if s.bbox[0] <= max_lon and s.bbox[2] >= min_lon and s.bbox[1] <= max_lat and s.bbox[3] >= min_lat
    )
