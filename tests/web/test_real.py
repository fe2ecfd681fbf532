"""The web app over real analyses: an upload analysed by the pipeline, and the bundled demo."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient

from rashomon.model import CanonicalEntity, Cluster, Digest, Document, Linking, Story
from rashomon.report.sample import write_sample_store
from rashomon.store import SQLiteStore
from rashomon.web import make_app

if TYPE_CHECKING:
    from spacy.language import Language


@pytest.mark.slow
def test_upload_is_analysed_and_searchable(tmp_path: Path, nlp: Language) -> None:
    db = write_sample_store(tmp_path / "up.db")
    app = make_app(str(db), upload_token="tok", nlp=nlp)
    text = (b"Farmers protested in Sikasso on Monday against the price of cotton, local officials said. "
            b"The governor promised talks with the growers.")
    with TestClient(app, raise_server_exceptions=False) as c:
        response = c.post("/upload?filename=../../x.txt&source=Local+Radio&published=2024-04-02", content=text,
                          headers={"Authorization": "Bearer tok"})
        assert response.status_code == 200, response.text
        assert response.json()["ok"] is True and len(response.json()["added"]) == 1
        new_id = response.json()["added"][0]
        hits = c.get("/documents.json?q=cotton").json()["documents"]
        assert [h["id"] for h in hits] == [new_id]
        assert hits[0]["source"] == "Local Radio" and hits[0]["published"] == "2024-04-02"
        assert c.get(f"/documents/{new_id}").status_code == 200
        again = c.post("/upload?filename=x.txt", content=text, headers={"Authorization": "Bearer tok"})
        assert again.status_code == 200 and again.json()["added"] == []


def store_from_contract(data: dict[str, Any], path: Path) -> Path:
    """A SQLite store holding an ``analysis.json`` contract (documents plus the linking)."""
    store = SQLiteStore(path)
    try:
        for d in data["documents"]:
            store.add_document(Document.from_dict(d), "test")
        store.save_linking(Linking(
            entities=tuple(CanonicalEntity.from_dict(e) for e in data["entities"]),
            stories=tuple(Story.from_dict(s) for s in data["stories"]),
            clusters=tuple(Cluster.from_dict(c) for c in data["clusters"]),
            timeline=tuple(data["timeline"]), digest=tuple(Digest.from_dict(x) for x in data["digest"]),
        ))
    finally:
        store.close()
    return path


@pytest.mark.slow
def test_every_page_of_the_demo(tmp_path: Path, demo_analysis: dict[str, Any]) -> None:
    db = store_from_contract(demo_analysis, tmp_path / "demo.db")
    with TestClient(make_app(str(db)), raise_server_exceptions=False) as c:
        paths = ["/", "/stories", "/clusters", "/events", "/entities", "/documents", "/sources", "/docs"]
        paths += [f"/documents/{quote(d['id'], safe='')}" for d in demo_analysis["documents"]]
        paths += [f"/entities/{quote(e['id'], safe='')}" for e in demo_analysis["entities"][:20]]
        paths += [f"/stories/{quote(s['id'], safe='')}" for s in demo_analysis["stories"]]
        paths += [f"/clusters/{quote(x['id'], safe='')}" for x in demo_analysis["clusters"][:20]]
        paths += [f"/events/{quote(e['id'], safe='')}" for d in demo_analysis["documents"] for e in d["events"][:3]]
        for path in paths:
            response = c.get(path)
            assert response.status_code == 200, (path, response.text[:300])
        total = c.get("/documents.json").json()["page"]["total"]
        assert total == len(demo_analysis["documents"])
        word = demo_analysis["documents"][0]["text"].split()[5].strip(".,\"'")
        assert c.get("/documents.json", params={"q": word}).json()["page"]["total"] >= 1
