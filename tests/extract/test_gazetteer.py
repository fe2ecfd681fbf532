"""The offline gazetteer: building, looking up, disambiguating, importing a GeoNames dump."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from rashomon.extract.geo.build import import_geonames, summary
from rashomon.extract.geo.gazetteer import Gazetteer, distance_km, load_gazetteer
from rashomon.extract.geo.names import fold, usable_alias
from rashomon.extract.geo.resolve import precision, resolve_all

from .geo_fixtures import tiny_gazetteer

SAMPLE = Path(__file__).parent.parent / "data" / "geonames_sample.txt"


@pytest.fixture(scope="module")
def gaz_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tiny_gazetteer(tmp_path_factory.mktemp("gaz"))


@pytest.fixture(scope="module")
def gaz(gaz_path: Path) -> Gazetteer:
    return Gazetteer(gaz_path)


def test_fold_and_aliases() -> None:
    assert fold("İdlib") == fold("IDLIB") == "idlib"
    assert fold("the Netherlands") == "netherlands"
    assert usable_alias("Tombouctou")
    assert not usable_alias("MZI")  # airport code
    assert not usable_alias("adlb")  # lower-case transliteration
    assert not usable_alias("إدلب")


def test_lookup_cities_countries_and_subdivisions(gaz: Gazetteer) -> None:
    assert {e.feature for e in gaz.candidates("Idlib")} == {"city", "admin1"}
    sub = next(e for e in gaz.candidates("Idlib") if e.feature == "admin1")
    assert sub.country == "SYR" and sub.geonameid is None and sub.lat is not None
    assert abs(sub.lat - 35.93) < 0.5  # placed by its same-named capital
    us = [e for e in gaz.candidates("U.S.") if e.feature == "country"]
    assert us and us[0].country == "USA" and us[0].lat is not None
    assert sorted((e.name, e.feature) for e in gaz.candidates("Tombouctou")) == [("Timbuktu", "city"), ("Tombouctou", "admin1")]
    assert gaz.candidates("Atlantis") == ()


def test_capital_name_marks_the_capital(gaz: Gazetteer) -> None:
    dc = next(e for e in gaz.candidates("Washington") if e.feature == "city")
    assert dc.main == 2


def test_resolution_prefers_prominent_places(gaz: Gazetteer) -> None:
    (paris,) = resolve_all(gaz, ["Paris"])
    assert paris is not None and paris.entry.country == "FRA"
    (georgia_like,) = resolve_all(gaz, ["Syria"])
    assert georgia_like is not None and georgia_like.entry.feature == "country"


def test_resolution_uses_country_focus_and_nearby_places(gaz: Gazetteer) -> None:
    res = resolve_all(gaz, ["Dallas", "Houston", "Texas", "Paris"])
    assert res[3] is not None and res[3].entry.country == "USA"
    assert res[2] is not None and res[2].entry.feature == "admin1"


def test_admin_suffix_and_acronyms(gaz: Gazetteer) -> None:
    (idlib,) = resolve_all(gaz, ["Idlib governorate"])
    assert idlib is not None and idlib.entry.feature == "admin1" and idlib.via == "suffix"
    assert resolve_all(gaz, ["EU"]) != [None]  # a region of its own, not a village called Eu
    (demonym,) = resolve_all(gaz, ["Turkish"], allow_demonym=True)
    assert demonym is not None and demonym.entry.country == "TUR"
    assert resolve_all(gaz, ["Turkish"]) == [None]


def test_precision_levels() -> None:
    assert precision("city") == "point"
    assert precision("admin1") == "admin1"
    assert precision("country") == "country"


def test_distance() -> None:
    assert distance_km(0, 0, 0, 1) == pytest.approx(111.2, abs=0.5)


def test_import_geonames_dump(tmp_path: Path) -> None:
    path = tiny_gazetteer(tmp_path)
    before = summary(path)["places"]
    ticks: list[tuple[int, int]] = []
    count = import_geonames(SAMPLE, path, lambda done, total: ticks.append((done, total)))
    assert count == 4  # the malformed line is skipped
    assert ticks and ticks[-1][0] == ticks[-1][1]
    info = summary(path)
    assert info["imported"] == 4
    assert info["places"] == before + 3  # Douentza was already there: updated, not duplicated
    gaz = Gazetteer(path)
    (z,) = gaz.candidates("Zorwania")
    assert z.name == "Zorvania" and z.country == "MLI" and z.population == 12000
    assert [e.feature for e in gaz.candidates("North Kelb")] == ["admin1"]
    assert [e.feature for e in gaz.candidates("Mount Tessar")] == ["feature"]
    (d,) = gaz.candidates("Douentza")
    assert d.population == 40000


def test_load_gazetteer_builds_once_and_rebuilds_outdated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import rashomon.extract.geo.gazetteer as module

    path = tiny_gazetteer(tmp_path)
    first = load_gazetteer(path)
    assert load_gazetteer(path) is first  # one per process
    con = sqlite3.connect(path)
    con.execute("UPDATE meta SET value = 'old' WHERE key = 'version'")
    con.commit()
    con.close()
    assert not module._usable(path)
    built: list[Path] = []
    monkeypatch.setattr(module, "build", lambda p, progress=None: built.append(p) or tiny_gazetteer(tmp_path))
    module._LOADED.clear()
    load_gazetteer(path)
    assert built == [path]


def test_cli_import_and_info(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from rashomon.cli import app

    path = tiny_gazetteer(tmp_path)
    runner = CliRunner()
    result = runner.invoke(app, ["gazetteer", "import", str(SAMPLE), "--path", str(path)])
    assert result.exit_code == 0, result.output
    assert "imported 4 places" in result.output
    result = runner.invoke(app, ["gazetteer", "info", "--path", str(path)])
    assert result.exit_code == 0 and "4 imported" in result.output
    result = runner.invoke(app, ["gazetteer", "import", str(tmp_path / "missing.txt"), "--path", str(path)])
    assert result.exit_code == 1
