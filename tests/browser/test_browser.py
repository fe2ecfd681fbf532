"""Real chromium: the report file and a running server load cleanly, evidence opens, search works,
screenshots are taken, and script payloads inside articles never run."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from rashomon.report.sample import HOSTILE


def _shot_dir(tmp_path: Path) -> Path:
    folder = Path(os.environ.get("RASHOMON_SCREENSHOTS", tmp_path))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


# --- the offline report -----------------------------------------------------------------------


def _open_report(watched: Any, report_file: Path) -> Any:
    w = watched()
    w.page.goto(report_file.as_uri())
    w.page.wait_for_selector("body[data-ready]", timeout=10_000)
    return w


def test_report_loads_clean_and_offline(watched: Any, report_file: Path, tmp_path: Path) -> None:
    w = _open_report(watched, report_file)
    page = w.page
    assert page.locator("#timeline tbody tr").count() == 3
    assert page.locator("#map-points circle").count() == 3
    assert page.locator("#map-svg .land path").count() > 5
    assert page.locator("#conflicts tr.conflict-row").count() == 4
    assert page.locator("#matrix td.cell.dissent").count() == 1
    assert page.locator("#entities tbody tr").count() == 8
    assert "Attack on Kerena" in page.locator("#stories").inner_text()
    width = float(page.locator("#map-svg").get_attribute("viewBox").split()[2])
    page.locator("#map-in").click()
    assert float(page.locator("#map-svg").get_attribute("viewBox").split()[2]) == pytest.approx(width / 2)
    page.locator("#map-reset").click()
    assert float(page.locator("#map-svg").get_attribute("viewBox").split()[2]) == pytest.approx(width)
    shot = _shot_dir(tmp_path) / "report.png"
    page.screenshot(path=str(shot), full_page=True)
    assert shot.stat().st_size > 10_000
    w.assert_clean()


def test_report_conflict_row_opens_its_evidence(watched: Any, report_file: Path) -> None:
    w = _open_report(watched, report_file)
    page = w.page
    row = page.locator("#conflicts tr.conflict-row").filter(has_text="Malian army")
    assert row.locator("mark.val").inner_text() == "Soldiers"
    row.locator("td").nth(1).click()  # the row itself, not a link inside it
    viewer = page.locator("#viewer")
    viewer.wait_for(state="visible")
    selected = page.locator("#viewer .text mark.sel")
    assert selected.inner_text() == "Soldiers attacked Kerena on Tuesday and killed 30 villagers, residents said."
    assert "Kerena: the army accused" in page.locator("#viewer h2").inner_text()
    assert selected.is_visible()
    page.locator("#viewer-close").click()
    assert not viewer.is_visible()
    page.evaluate("window.location.hash = '#cluster/0'")
    viewer.wait_for(state="visible")
    page.keyboard.press("Escape")
    assert not viewer.is_visible()
    w.assert_clean()


def test_report_search_finds_a_document(watched: Any, report_file: Path) -> None:
    w = _open_report(watched, report_file)
    page = w.page
    page.locator("#documents input[type=search]").fill("buried")
    rows = page.locator("#documents tbody tr")
    assert rows.count() == 1 and "Gunmen kill 12 in Kerena attack" in rows.inner_text()
    rows.locator("a").click()
    assert "We buried twelve people" in page.locator("#viewer .text").inner_text()
    w.assert_clean()


def test_report_script_payload_is_inert(watched: Any, report_file: Path) -> None:
    w = _open_report(watched, report_file)
    page = w.page
    page.evaluate("window.location.hash = '#doc/3'")
    page.locator("#viewer .text").wait_for()
    assert HOSTILE["script"] in page.locator("#viewer .text").inner_text()
    assert page.locator("#viewer h2").inner_text() == HOSTILE["attr"]
    assert page.locator("img").count() == 0 and page.locator("#viewer script").count() == 0
    page.locator("#entities a", has_text="onerror").click()
    assert page.locator("#viewer h2").inner_text() == HOSTILE["attr"]
    w.assert_clean()


# --- the web app -------------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/", "/clusters", "/clusters/c1", "/events", "/entities", "/entities/E7",
                                  "/documents", "/documents/d4", "/sources", "/stories/s1", "/docs", "/nope"])
def test_server_pages_load_clean(watched: Any, server: str, path: str) -> None:
    w = watched(server)
    response = w.page.goto(server + path)
    assert response.status == (404 if path == "/nope" else 200)
    assert w.page.locator("nav").count() == 1
    if path != "/nope":
        w.assert_clean()
    else:
        assert w.dialogs == [] and w.outside == []


def test_server_conflict_opens_evidence_and_screenshot(watched: Any, server: str, tmp_path: Path) -> None:
    w = watched(server)
    page = w.page
    page.goto(server + "/clusters/c1")
    shot = _shot_dir(tmp_path) / "server-cluster.png"
    page.screenshot(path=str(shot), full_page=True)
    assert shot.stat().st_size > 10_000
    page.locator("tr.conflict-row", has_text="Malian army").locator("a.evidence").click()
    page.wait_for_url("**/documents/d2?**")
    mark = page.locator("article.text mark#sel")
    assert mark.is_visible()
    assert "Soldiers" in mark.inner_text()
    w.assert_clean()


def test_server_search_finds_a_document(watched: Any, server: str) -> None:
    w = watched(server)
    page = w.page
    page.goto(server + "/")
    page.locator("form.search input[name=q]").fill("buried")
    page.locator("form.search button").click()
    page.wait_for_url("**/documents?q=buried")
    link = page.locator("table.list a", has_text="Gunmen kill 12 in Kerena attack")
    assert link.count() == 1
    link.click()
    assert "We buried twelve people" in page.locator("article.text").inner_text()
    w.assert_clean()


def test_server_script_payload_is_inert(watched: Any, server: str) -> None:
    w = watched(server)
    page = w.page
    for path in ("/documents/d4", "/documents/d4?start=0&end=40", "/entities/E7", "/sources", "/clusters/c1"):
        page.goto(server + path)
        assert page.locator("main img").count() == 0
        assert page.locator("main script").count() == 0
    page.goto(server + "/documents/d4")
    assert HOSTILE["script"] in page.locator("article.text").inner_text()
    assert page.locator("a[href^='javascript']").count() == 0
    w.assert_clean()


def test_report_viewer_shows_who_said_what(watched: Any, report_file: Path) -> None:
    w = _open_report(watched, report_file)
    page = w.page
    page.evaluate("window.location.hash = '#doc/0'")
    quote = page.locator("#viewer .text mark.qt")
    assert quote.first.inner_text().startswith("We buried twelve people")
    assert "Amadou Diallo" in page.locator("#viewer ul.quotes").inner_text()
    w.assert_clean()


@pytest.mark.slow
def test_demo_report_in_the_browser(watched: Any, demo_analysis: dict[str, Any], tmp_path: Path) -> None:
    from rashomon.model import Analysis
    from rashomon.report import render_report

    path = tmp_path / "demo.html"
    path.write_text(render_report(Analysis.from_dict(demo_analysis)), encoding="utf-8")
    w = _open_report(watched, path)
    page = w.page
    assert page.locator("#documents tbody tr").count() == min(50, len(demo_analysis["documents"]))
    rows = page.locator("#conflicts tr.conflict-row")
    if rows.count():
        rows.first.locator("td").nth(1).click()
        page.locator("#viewer").wait_for(state="visible")
        assert page.locator("#viewer .text mark.sel").count() >= 1
    page.locator("#documents a").first.click()
    assert len(page.locator("#viewer .text").inner_text()) > 100
    page.screenshot(path=str(_shot_dir(tmp_path) / "demo-report.png"), full_page=False)
    w.assert_clean()


def _thousand_documents() -> Any:
    from dataclasses import replace

    from rashomon.model import Event, EventDate, Place, TextSpan
    from rashomon.report.sample import sample_analysis

    base = sample_analysis()
    template = base.documents[0]
    docs, clusters = [], []
    for n in range(1000):
        text = template.text + f" Dispatch {n} on the situation in the region." * 15
        ev = Event(id=f"b{n}-e", doc=f"b{n}", type=("ASSAULT", "PROTEST", "CONSULT")[n % 3],
                   trigger=TextSpan("attacked", 16, 24), evidence=TextSpan(text[:81], 0, 81),
                   date=EventDate(f"2024-0{1 + n % 9}-1{n % 10}", "day"),
                   location=Place("Kerena", 0, 0, lat=14.0 + n % 7, lon=-3.0 - n % 11), cluster=f"k{n}")
        docs.append(replace(template, id=f"b{n}", text=text, title=f"Dispatch {n}", source=f"outlet {n % 40}",
                            events=(ev,)))
        clusters.append(replace(base.clusters[0], id=f"k{n}", type=ev.type, events=(ev.id,), docs=(f"b{n}",),
                                date=ev.date, location=ev.location,
                                sources=(f"outlet {n % 40}", f"outlet {(n + 1) % 40}"),
                                conflicts=base.clusters[0].conflicts if n % 10 == 0 else ()))
    return replace(base, documents=tuple(docs), clusters=tuple(clusters), timeline=tuple(c.id for c in clusters))


def test_report_with_a_thousand_documents_stays_usable(watched: Any, tmp_path: Path) -> None:
    import time

    from rashomon.report import render_report

    path = tmp_path / "big.html"
    path.write_text(render_report(_thousand_documents()), encoding="utf-8")
    w = watched()
    started = time.perf_counter()
    w.page.goto(path.as_uri())
    w.page.wait_for_selector("body[data-ready]", timeout=30_000)
    seconds = time.perf_counter() - started
    assert seconds < 10, seconds
    page = w.page
    assert page.locator("#documents tbody tr").count() == 50  # one page at a time
    assert page.locator("#map-points circle").count() == 1000
    box = page.locator("#documents input[type=search]")
    box.fill("dispatch 777 on")
    assert page.locator("#documents tbody tr").count() == 1
    page.locator("#documents tbody a").click()
    assert "Dispatch 777" in page.locator("#viewer h2").inner_text()
    w.assert_clean()
