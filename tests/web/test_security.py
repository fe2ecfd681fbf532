"""Web security: hostile article data is inert, headers on every response, one error shape with no
stack trace, path traversal refused, uploads off by default, token-gated and size-limited."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from rashomon.report.sample import HOSTILE
from rashomon.web import make_app
from rashomon.web.app import SECURITY_HEADERS
from rashomon.web.upload import safe_name

HOSTILE_PAGES = ["/", "/clusters", "/clusters/c1", "/events", "/events/d4-ev1", "/entities", "/entities/E7",
                 "/documents", "/documents/d4", "/documents/d4?start=0&end=20", "/sources", "/stories/s1",
                 "/documents?q=alert", "/entities?q=img"]


def _no_live_markup(html: str) -> None:
    assert HOSTILE["script"] not in html
    assert "<img src=x" not in html
    assert "onerror=alert" not in html.replace("&#34;&gt;&lt;img src=x onerror=alert(1)&gt;", "")
    assert not re.search(r"""href\s*=\s*["']?\s*javascript:""", html, re.I)


@pytest.mark.parametrize("path", HOSTILE_PAGES)
def test_hostile_strings_are_escaped(client: TestClient, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 200
    _no_live_markup(response.text)


def test_hostile_strings_are_shown_as_text(client: TestClient) -> None:
    page = client.get("/documents/d4").text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&#34;&gt;&lt;img src=x onerror=alert(1)&gt;" in page
    # the javascript: URL is shown as text, never as a link
    assert '<span class="url">javascript:alert(1)</span>' in page


def test_safe_urls_become_links(client: TestClient) -> None:
    page = client.get("/documents/d2").text
    assert 'href="http://radiodelta.example/a?x=1&amp;y=2"' in page


@pytest.mark.parametrize("path", ["/", "/clusters.json", "/documents/d1", "/nope", "/clusters/none.json",
                                  "/static/style.css", "/openapi.json", "/events.json?limit=0"])
def test_security_headers_everywhere(client: TestClient, path: str) -> None:
    response = client.get(path)
    for name, value in SECURITY_HEADERS.items():
        assert response.headers.get(name) == value, (path, name)
    csp = response.headers["content-security-policy"]
    assert "default-src 'none'" in csp and "unsafe-inline" not in csp


def test_error_shapes(client: TestClient) -> None:
    missing = client.get("/clusters/none.json")
    assert missing.status_code == 404
    assert missing.json() == {"ok": False, "error": "no cluster 'none'", "status": 404}
    assert client.get("/no/such/page.json").json() == {"ok": False, "error": "no such page", "status": 404}
    bad = client.get("/events.json?limit=abc")
    assert bad.status_code == 422 and bad.json()["ok"] is False and bad.json()["status"] == 422
    page = client.get("/clusters/none")
    assert page.status_code == 404 and page.headers["content-type"].startswith("text/html")
    assert "no cluster" in page.text


def test_no_stack_trace_reaches_the_client(sample_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from rashomon.store import queries

    def boom(*args: object, **kwargs: object) -> None:
        raise RuntimeError("secret detail /home/user/db.sqlite line 42")

    monkeypatch.setattr(queries, "list_clusters", boom)
    with TestClient(make_app(str(sample_db)), raise_server_exceptions=False) as c:
        for path in ("/clusters.json", "/clusters"):
            response = c.get(path)
            assert response.status_code == 500
            assert "secret detail" not in response.text and "Traceback" not in response.text
            assert response.headers["content-security-policy"] == SECURITY_HEADERS["content-security-policy"]
        assert c.get("/clusters.json").json() == {"ok": False, "status": 500,
                                                  "error": "internal error (details are in the server log)"}


@pytest.mark.parametrize("path", ["/static/../../rashomon/__init__.py", "/static/%2e%2e/app.py",
                                  "/static/..%2f..%2fsample.db", "/documents/..%2f..%2fetc%2fpasswd",
                                  "/static//etc/passwd"])
def test_path_traversal_is_refused(client: TestClient, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 404
    assert "import" not in response.text and "SQLite" not in response.text


# --- upload ----------------------------------------------------------------------------------


def test_upload_is_off_without_a_token(client: TestClient) -> None:
    response = client.post("/upload?filename=a.txt", content=b"Some text.")
    assert response.status_code == 404 and response.json()["ok"] is False


@pytest.fixture
def upload_client(sample_db: Path) -> Iterator[TestClient]:
    with TestClient(make_app(str(sample_db), upload_token="s3cret", max_upload_bytes=1000),
                    raise_server_exceptions=False) as c:
        yield c


def test_upload_needs_the_token(upload_client: TestClient) -> None:
    assert upload_client.post("/upload?filename=a.txt", content=b"text").status_code == 401
    wrong = upload_client.post("/upload?filename=a.txt", content=b"text", headers={"Authorization": "Bearer nope"})
    assert wrong.status_code == 401 and wrong.json()["error"] == "a valid upload token is required"


def test_oversized_upload_is_refused(upload_client: TestClient) -> None:
    auth = {"Authorization": "Bearer s3cret"}
    big = upload_client.post("/upload?filename=a.txt", content=b"x" * 5000, headers=auth)
    assert big.status_code == 413

    def chunks() -> Iterator[bytes]:  # no Content-Length: the limit holds while streaming
        for _ in range(10):
            yield b"y" * 400

    streamed = upload_client.post("/upload?filename=a.txt", content=chunks(), headers=auth)
    assert streamed.status_code == 413


def test_upload_file_types_and_names(upload_client: TestClient) -> None:
    auth = {"X-Rashomon-Token": "s3cret"}
    assert upload_client.post("/upload?filename=evil.exe", content=b"MZ", headers=auth).status_code == 415
    assert upload_client.post("/upload?filename=a.txt", content=b"   ", headers=auth).status_code == 400
    assert safe_name("../../../etc/cron.d/x.txt") == "upload.txt"
    assert safe_name("..\\..\\win.HTML") == "upload.html"
    from fastapi import HTTPException

    with pytest.raises(HTTPException):
        safe_name("passwd")


def test_foreign_host_headers_are_refused(sample_db: Path) -> None:
    """Bound to loopback, the app answers only loopback names (no DNS rebinding from a web page)."""
    from rashomon.web.app import LOOPBACK_HOSTS

    with TestClient(make_app(str(sample_db), allowed_hosts=LOOPBACK_HOSTS), base_url="http://127.0.0.1") as c:
        assert c.get("/clusters.json").status_code == 200
        assert c.get("/clusters.json", headers={"host": "localhost:8000"}).status_code == 200
        evil = c.get("/clusters.json", headers={"host": "attacker.example"})
        assert evil.status_code == 400 and "JNIM" not in evil.text
        assert evil.headers["content-security-policy"] == SECURITY_HEADERS["content-security-policy"]


def test_slow_queries_are_cut_off(tmp_path: Path) -> None:
    """A query running past the per-request time limit is interrupted: 503, no details, server still fine."""
    from rashomon.web.loadtest import build_store

    db = tmp_path / "many.db"
    build_store(db, 200)
    with TestClient(make_app(str(db), time_limit_ms=0), raise_server_exceptions=False) as c:
        response = c.get("/clusters.json")
        assert response.status_code == 503
        body = response.json()
        assert body["ok"] is False and body["status"] == 503 and "interrupted" not in body["error"]
        assert response.headers["content-security-policy"] == SECURITY_HEADERS["content-security-policy"]
    with TestClient(make_app(str(db), time_limit_ms=5000)) as c:
        assert c.get("/clusters.json").status_code == 200
