"""The offline report: self-contained, CSP-locked, data embedded safely, every section fed, big corpora."""

from __future__ import annotations

import base64
import hashlib
import json
import re
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from rashomon.model import Analysis, Document, Event, EventDate, Place, TextSpan
from rashomon.report import render_report
from rashomon.report.geo import country_shapes, map_view
from rashomon.report.payload import agreement, build_payload
from rashomon.report.safety import json_for_script, safe_url
from rashomon.report.sample import HOSTILE, sample_analysis

BLOB = re.compile(r'<script type="application/json" id="rashomon-data">(.*?)</script>', re.S)


@pytest.fixture(scope="module")
def html() -> str:
    return render_report(sample_analysis())


def _blob(html: str) -> dict[str, Any]:
    found = BLOB.search(html)
    assert found
    blob: dict[str, Any] = json.loads(found.group(1))
    return blob


def _hash(text: str) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode()


def test_self_contained_no_network(html: str) -> None:
    outside = BLOB.sub("", html)
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", outside)
    assert "<link" not in outside and "@import" not in outside and "url(" not in outside
    assert outside.count("<script") == 1  # the one inline script (plus the JSON data block removed above)


def test_csp_allows_only_the_inline_script_and_style(html: str) -> None:
    csp = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">', html)
    assert csp
    policy = csp.group(1)
    assert "default-src 'none'" in policy and "unsafe-inline" not in policy and "unsafe-eval" not in policy
    script = re.search(r"<script>(.*?)</script>", html, re.S)
    style = re.search(r"<style>(.*?)</style>", html, re.S)
    assert script and style
    assert f"script-src '{_hash(script.group(1))}'" in policy
    assert f"style-src '{_hash(style.group(1))}'" in policy


def test_hostile_strings_stay_data(html: str) -> None:
    assert HOSTILE["script"] not in html
    assert "<img src=x" not in html
    found = BLOB.search(html)
    assert found and "</" not in found.group(1) and "<!--" not in found.group(1)
    data = _blob(html)
    assert data["docs"][3]["title"] == HOSTILE["attr"]
    assert data["docs"][3]["url"] is None and data["docs"][3]["rawUrl"] == HOSTILE["url"]
    assert HOSTILE["script"] in data["docs"][3]["text"]


def test_json_for_script_escapes_everything_that_could_end_the_block() -> None:
    text = json_for_script({"a": "</script><!-- & \u2028"})
    assert "<" not in text and ">" not in text and "&" not in text and "\u2028" not in text
    assert json.loads(text) == {"a": "</script><!-- & \u2028"}


@pytest.mark.parametrize(("url", "ok"), [
    ("https://example.org/a?b=1", True), ("http://x.example", True), ("javascript:alert(1)", False),
    (" javascript:alert(1)", False), ("JaVaScRiPt:alert(1)", False), ("data:text/html,<b>", False),
    ("//evil.example", False), ("http://", False), ("https://a.example/\nx", False), (None, False),
    ("vbscript:x", False), ("ftp://example.org", False),
])
def test_safe_url(url: str | None, ok: bool) -> None:
    assert (safe_url(url) is not None and safe_url(url) == url) is ok


def test_payload_links_point_at_the_evidence() -> None:
    a = sample_analysis()
    data = build_payload(a)
    for e in data["events"]:
        doc = data["docs"][e["doc"]]
        original = next(x for d in a.documents for x in d.events if x.id == e["id"])
        assert doc["text"][e["ev"][0]:e["ev"][1]] == original.evidence.text
    c1 = data["clusters"][0]
    assert [f["field"] for f in c1["conflicts"]] == ["actor", "dead"]
    assert c1["conflicts"][1]["values"][1]["value"] == 30
    army = c1["conflicts"][0]["values"][1]
    assert [data["events"][i]["id"] for i in army["events"]] == ["d2-ev1"]
    jnim = next(e for e in data["entities"] if e["name"] == "JNIM")
    assert len(jnim["mentions"]) == 3 and "Gunmen from JNIM" in jnim["aliases"]
    for doc_ix, start, end in jnim["mentions"]:
        assert data["docs"][doc_ix]["text"][start:end] == "JNIM"
    assert [data["clusters"][i]["id"] for i in data["timeline"]] == ["c1", "c2", "c3"]
    assert data["stories"][0]["digest"][0]["clusters"] == [0]


def test_agreement_marks_minority_sources() -> None:
    c1 = sample_analysis().clusters[0]
    state = agreement(c1)
    assert state["Radio Delta"] == "dissent"
    assert state["Sahel Post"] == "agree" and state[HOSTILE["script"]] == "agree"
    data = build_payload(sample_analysis())
    row = data["matrix"]["cells"][data["matrix"]["sources"].index("Radio Delta")]
    assert row == [[0, "dissent"], [2, "agree"]]


def test_map_frames_the_points_and_draws_the_country() -> None:
    if not country_shapes():
        pytest.skip("countryinfo not installed")
    view = map_view([(14.9, -3.2), (12.65, -8.0)])
    assert view.x < -8.0 < view.x + view.width and view.y < -14.9 < view.y + view.height
    isos = {iso for iso, _, _ in view.countries}
    assert "MLI" in isos and "BRA" not in isos
    assert all(re.fullmatch(r"[MLZ0-9 .\-]+", d) for _, _, d in view.countries)
    world = map_view([])
    assert len(world.countries) > 150


def test_report_without_anything(tmp_path: Path) -> None:
    html = render_report(Analysis())
    assert "0 documents" in html and _blob(html)["clusters"] == []


def _big(n_docs: int) -> Analysis:
    base = sample_analysis()
    template = base.documents[0]
    docs = []
    for n in range(n_docs):
        text = template.text + f" Report number {n} from the region." * 20
        ev = Event(id=f"b{n}-e", doc=f"b{n}", type="ASSAULT", trigger=TextSpan("attacked", 16, 24),
                   evidence=TextSpan(text[:81], 0, 81), date=EventDate(f"2024-0{1 + n % 9}-1{n % 10}", "day"),
                   location=Place("Kerena", 0, 0, lat=14.0 + n % 7, lon=-3.0 - n % 11), cluster=f"k{n}")
        docs.append(replace(template, id=f"b{n}", text=text, source=f"outlet {n % 40}", events=(ev,)))
    clusters = tuple(replace(base.clusters[0], id=f"k{n}", events=(f"b{n}-e",), docs=(f"b{n}",),
                             sources=(f"outlet {n % 40}",), conflicts=()) for n in range(n_docs))
    return replace(base, documents=tuple(docs), clusters=clusters, timeline=tuple(c.id for c in clusters))


def test_a_thousand_documents_render_quickly() -> None:
    analysis = _big(1000)
    started = time.perf_counter()
    html = render_report(analysis)
    seconds = time.perf_counter() - started
    assert seconds < 10, seconds
    data = _blob(html)
    assert len(data["docs"]) == 1000 and len(data["clusters"]) == 1000
    assert len(html) < 12_000_000


def test_write_outputs_uses_the_report(tmp_path: Path) -> None:
    from rashomon.project import Project
    from rashomon.report.sample import write_sample_store
    from rashomon.store import open_store

    db = write_sample_store(tmp_path / "s.db")
    with Project(str(db), store=open_store(str(db))) as project:
        paths = project.write_outputs(tmp_path / "out")
    page = paths["report"].read_text(encoding="utf-8")
    assert _blob(page)["counts"]["conflicted"] == 1


@pytest.mark.slow
def test_report_over_the_demo(demo_analysis: dict[str, Any]) -> None:
    analysis = Analysis.from_dict(demo_analysis)
    html = render_report(analysis)
    data = _blob(html)
    assert len(data["docs"]) == len(demo_analysis["documents"]) > 0
    for e in data["events"]:
        assert 0 <= e["ev"][0] <= e["ev"][1] <= len(data["docs"][e["doc"]]["text"])
    assert isinstance(Document.from_dict(demo_analysis["documents"][0]), Document)


def test_conflict_sides_mark_the_disputed_words() -> None:
    data = build_payload(sample_analysis())
    actor, dead = data["clusters"][0]["conflicts"]

    def marked(side: dict[str, Any]) -> list[str]:
        out = []
        for x in side["evidence"]:
            text = data["docs"][x["doc"]]["text"]
            assert x["span"][0] <= min([m[0] for m in x["marks"]] or [x["span"][0]])
            out += [text[s:e] for s, e in x["marks"]]
        return out

    assert marked(actor["values"][1]) == ["Soldiers"]
    assert marked(actor["values"][0]) == ["Gunmen from JNIM", "JNIM fighters", "JNIM"]
    assert marked(dead["values"][0]) == ["12", "12"] and marked(dead["values"][1]) == ["30"]


def test_value_spans_for_claims_and_places() -> None:
    from rashomon.report.evidence import evidence_span, value_spans

    text = 'Officials said the town was calm. "Nobody died," said Amadou Diallo in Kerena.'
    quote = {"content": {"start": 35, "end": 47}, "speaker": {"start": 54, "end": 67},
             "cue": {"start": 49, "end": 53}}
    assert text[35:47] == "Nobody died," and text[54:67] == "Amadou Diallo"
    assert evidence_span(quote) == (35, 67)
    assert [text[s:e] for s, e in value_spans("claim", quote, text)] == ["Amadou Diallo"]
    event = {"evidence": {"start": 34, "end": len(text)}, "location": {"text": "Kerena", "start": 0, "end": 0},
             "dead": {"min": 0, "max": 0, "text": "nobody"}}
    assert [text[s:e] for s, e in value_spans("place", event, text)] == ["Kerena"]
    assert [text[s:e] for s, e in value_spans("dead", event, text)] == ["Nobody"]
    assert value_spans("actor", {"evidence": {"start": 0, "end": 5}, "actors": [{"start": 40, "end": 45}]}, text) == []
