"""Every page as HTML and as JSON, filters, full-text search, the OpenAPI description, ``--get``."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

PAGES = ["/", "/stories", "/stories/s1", "/clusters", "/clusters/c1", "/events", "/events/d1-ev1", "/entities",
         "/entities/E1", "/documents", "/documents/d1", "/sources"]


def _json_twin(path: str) -> str:
    return "/index.json" if path == "/" else path + ".json"


@pytest.mark.parametrize("path", PAGES)
def test_page_and_json_twin(client: TestClient, path: str) -> None:
    html = client.get(path)
    assert html.status_code == 200, html.text
    assert html.headers["content-type"].startswith("text/html")
    twin = _json_twin(path)
    assert f'<link rel="alternate" type="application/json" href="{twin}">' in html.text
    data = client.get(twin)
    assert data.status_code == 200 and data.json()["ok"] is True


def test_cluster_page_shows_conflicts_with_evidence_links(client: TestClient) -> None:
    page = client.get("/clusters/c1").text
    assert page.count('class="conflict-row"') == 4
    assert 'href="/documents/d2?start=0&amp;end=76#sel"' in page
    assert "Malian army" in page and "Radio Delta" in page
    assert re.findall(r'<mark class="val">([^<]*)</mark>', page) == ["Gunmen from JNIM", "JNIM fighters", "JNIM",
                                                                   "Soldiers", "12", "12", "30"]
    data = client.get("/clusters/c1.json").json()
    assert [c["field"] for c in data["cluster"]["conflicts"]] == ["actor", "dead"]
    assert {e["id"] for e in data["events"]} == {"d1-ev1", "d2-ev1", "d3-ev1", "d4-ev1"}
    assert data["cluster"]["actors"][0]["name"] == "JNIM"
    army = data["cluster"]["conflicts"][0]["values"][1]["evidence"][0]
    assert army["doc"] == "d2" and army["text"][army["marks"][0][0]:army["marks"][0][1]] == "Soldiers"


def test_document_page_highlights_the_requested_evidence(client: TestClient) -> None:
    page = client.get("/documents/d2?start=0&end=76").text
    article = page[page.index('<article class="text">'):page.index("</article>")]
    assert article.count('id="sel"') == 1
    marked = "".join(re.findall(r'<mark class="[^"]*\bsel\b[^"]*"(?: id="sel")?>([^<]*)</mark>', article))
    assert marked == "Soldiers attacked Kerena on Tuesday and killed 30 villagers, residents said."
    data = client.get("/documents/d2.json?start=0&end=76").json()
    assert data["selected"]["text"] == marked
    assert data["document"]["events"][0]["cluster"] == "c1"


@pytest.mark.parametrize(("query", "expected"), [
    ("", ["c1", "c2", "c3"]),
    ("source=Radio+Delta", ["c1", "c3"]),
    ("type=PROTEST", ["c2"]),
    ("country=mli&date_from=2024-03-13", ["c2", "c3"]),
    ("date_to=2024-03-12", ["c1"]),
    ("actor=jnim", ["c1"]),
    ("actor=E1", ["c1"]),
    ("conflicts=true", ["c1"]),
])
def test_cluster_filters(client: TestClient, query: str, expected: list[str]) -> None:
    data = client.get("/clusters.json?" + query).json()
    assert [c["id"] for c in data["clusters"]] == expected
    assert data["page"]["total"] == len(expected)


def test_event_and_entity_filters(client: TestClient) -> None:
    assert [e["id"] for e in client.get("/events.json?source=Radio+Delta").json()["events"]] == ["d2-ev1", "d2-ev2"]
    assert [e["id"] for e in client.get("/events.json?actor=soldiers").json()["events"]] == ["d2-ev1"]
    names = [e["name"] for e in client.get("/entities.json?q=army").json()["entities"]]
    assert names == ["Malian army"]
    assert [e["id"] for e in client.get("/entities.json?type=ORG").json()["entities"]] == ["E6", "E1", "E8"]


def test_full_text_search_finds_a_document(client: TestClient) -> None:
    data = client.get("/documents.json?q=buried").json()
    assert [d["id"] for d in data["documents"]] == ["d1"]
    assert "[buried]" in data["documents"][0]["snippet"]
    page = client.get("/documents?q=buried").text
    assert "<mark>buried</mark>" in page
    assert client.get("/documents.json?q=nosuchwordanywhere").json()["page"]["total"] == 0
    assert [d["id"] for d in client.get("/documents.json?source=Sahel+Post").json()["documents"]] == ["d1"]


def test_paging_links_keep_the_filters(client: TestClient) -> None:
    data = client.get("/events.json?limit=2&type=ASSAULT").json()
    assert data["page"]["total"] == 4 and len(data["events"]) == 2
    assert data["page"]["next"] == "/events.json?limit=2&type=ASSAULT&offset=2"
    assert data["page"]["prev"] is None


def test_sources_page_counts(client: TestClient) -> None:
    rows = {r["source"]: r for r in client.get("/sources.json").json()["sources"]}
    assert rows["Radio Delta"]["documents"] == 1 and rows["Radio Delta"]["clusters"] == 2
    assert rows["Radio Delta"]["conflicting_values"] == 2


def test_openapi_documents_the_json_routes(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    for path in ("/clusters.json", "/clusters/{cluster_id}.json", "/documents.json", "/entities/{entity_id}.json",
                 "/sources.json", "/upload"):
        assert path in spec["paths"], path
    assert "/clusters" not in spec["paths"]  # HTML twins are not part of the API
    names = {p["name"] for p in spec["paths"]["/clusters.json"]["get"]["parameters"]}
    assert {"date_from", "date_to", "type", "country", "actor", "source"} <= names
    docs = client.get("/docs").text
    assert "/clusters.json" in docs and "cdn" not in docs.lower() and "<script" not in docs


def test_static_assets_are_local(client: TestClient) -> None:
    css = client.get("/static/style.css")
    assert css.status_code == 200 and "text/css" in css.headers["content-type"]
    page = client.get("/").text
    assert not re.search(r'(src|href)="(https?:)?//', page)


def test_serve_get_prints_one_response(sample_db: Path) -> None:
    from rashomon.cli import app

    result = CliRunner().invoke(app, ["serve", "--db", str(sample_db), "--get", "/clusters.json?type=PROTEST"])
    assert result.exit_code == 0, result.output
    assert '"ok":true' in result.stdout and '"c2"' in result.stdout
    missing = CliRunner().invoke(app, ["serve", "--db", str(sample_db), "--get", "/clusters/nope.json"])
    assert missing.exit_code == 1 and '"status":404' in missing.stdout


def test_serve_binds_loopback_by_default() -> None:
    import inspect

    from rashomon.cli.serve import serve

    assert inspect.signature(serve).parameters["host"].default.default == "127.0.0.1"


def test_serve_refuses_a_missing_store(tmp_path: Path) -> None:
    from rashomon.cli import app
    from rashomon.errors import StoreError

    result = CliRunner().invoke(app, ["serve", "--db", str(tmp_path / "none.db"), "--get", "/"])
    assert isinstance(result.exception, StoreError)
    assert not (tmp_path / "none.db").exists()


def test_clusters_page_maps_the_matching_clusters(client: TestClient) -> None:
    page = client.get("/clusters").text
    the_map = re.search(r'<svg class="map".*?</svg>', page, re.S)
    timeline = re.search(r'<svg class="timeline".*?</svg>', page, re.S)
    assert the_map and timeline
    assert the_map.group(0).count("<circle") == 3
    assert '<a href="/clusters/c1"><circle class="dot conflicted"' in the_map.group(0)
    assert "<path d=\"M" in the_map.group(0)  # country outlines drawn server-side, no script
    assert timeline.group(0).count("<circle") == 3 and ">2024-03-12</text>" in timeline.group(0)
    assert [t for t in ("ASSAULT", "CONSULT", "PROTEST") if f">{t}</text>" in timeline.group(0)] == [
        "ASSAULT", "CONSULT", "PROTEST"]
    only = client.get("/clusters?type=PROTEST").text
    assert only.count("<circle") == 2  # one on the map, one on the timeline
    assert "_map" not in client.get("/clusters.json").json()


def test_sources_filters(client: TestClient) -> None:
    assert [r["source"] for r in client.get("/sources.json?q=radio").json()["sources"]] == ["Radio Delta"]
    rows = client.get("/sources.json?date_from=2024-03-14&date_to=2024-03-14").json()["sources"]
    assert sorted(r["source"] for r in rows) == ["Continental Wire", "Radio Delta"]
    assert 'name="q"' in client.get("/sources?q=radio").text


def test_serve_get_works_inside_a_running_event_loop(sample_db: Path) -> None:
    """A caller already inside an event loop (a notebook, a sync Playwright session) can still use --get."""
    import asyncio

    from rashomon.cli.serve import get_once

    async def inside() -> tuple[int, str]:
        return get_once(str(sample_db), "/clusters.json?type=PROTEST")

    status, body = asyncio.run(inside())
    assert status == 200 and '"c2"' in body
