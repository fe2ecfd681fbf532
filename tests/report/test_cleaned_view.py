"""The article viewers show the text as cleaning left it, offsets into the ingested text still highlighting."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from rashomon.clean import clean_text
from rashomon.model import Analysis, Document, Event, TextSpan
from rashomon.report import render_report
from rashomon.report.cleaning import clean_slice, render_text, viewer_edits
from rashomon.report.payload import build_payload

SCRIPT = "<script>alert(1)</script>"
# scraped debris (an embed id line, a media label, ',quot;' for '&quot;', mojibake) around a hostile payload
RAW = (
    "Officials said ,quot;little green men,quot; crossed the border at dawn.\n\n"
    "6136850181001\n\n\n"
    "Video\n\n"
    f"The CafÃ© owner wrote {SCRIPT} on a wall &amp;amp; left.\n"
)
DEBRIS = ("quot;", "6136850181001", "Video", "Ã")


def _document() -> Document:
    cleaned = clean_text(RAW)
    start = RAW.index("Officials")
    end = RAW.index("dawn.") + len("dawn.")
    at = RAW.index("crossed")
    event = Event(id="x-ev1", doc="x", type="MOBILIZE", trigger=TextSpan("crossed", at, at + 7),
                  evidence=TextSpan(cleaned.text[:end], start, end))
    return Document(id="x", text=RAW, title=SCRIPT, source="Debris Daily", cleaning=cleaned.actions,
                    clean_text=cleaned.text, events=(event,))


def _visible(html: str) -> str:
    """What a reader sees by default: removed stretches hidden, tags dropped, entities decoded."""
    html = re.sub(r'<del class="debris"[^>]*>.*?</del>', "", html, flags=re.S)
    text = re.sub(r"<[^>]+>", "", html)
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&#34;", '"').replace("&#39;", "'").replace("&amp;", "&")


def test_whole_text_reads_as_cleaned() -> None:
    doc = _document()
    edits = viewer_edits(doc.cleaning, len(doc.text))
    assert {e[3] for e in edits} >= {"remove_embed_ids", "remove_media_label", "fix_html_entity", "fix_mojibake"}
    assert clean_slice(doc.text, 0, len(doc.text), edits) == doc.clean_text
    # any slice reads as the matching cleaned words, with no debris left
    start = doc.text.index("little")
    assert clean_slice(doc.text, start - 11, start + 22, edits) == 'said "little green men"'


def test_render_hides_removed_and_shows_replaced_with_offsets_intact() -> None:
    doc = _document()
    edits = viewer_edits(doc.cleaning, len(doc.text))
    ev = doc.events[0].evidence
    sel_start = doc.text.index("CafÃ©")
    html = str(render_text(doc.text, [(ev.start, ev.end, "ev"), (sel_start + 3, sel_start + 4, "sel")], edits))
    seen = _visible(html)
    for junk in DEBRIS:
        assert junk not in seen, junk
    assert 'said "little green men" crossed' in seen and "Café owner" in seen and "wall & left" in seen
    assert SCRIPT not in html and "&lt;script&gt;" in html  # escaped, never markup
    assert '<del class="debris" title="removed by cleaning: embed ids">6136850181001</del>' in html
    assert 'title="cleaned (html entity), was: ,quot;"' in html
    # the evidence mark still runs from 'Officials' to 'dawn.'; a selection inside a fixed word grows to the word
    evidence = re.search(r'<mark class="ev">(.*?)</mark>(?!<mark class="ev">)\n', html, re.S)
    assert evidence and _visible(evidence.group(1)).endswith("at dawn.")
    assert re.search(r'<mark class="sel" id="sel"><span class="cleaned"[^>]*>é</span></mark>', html)


def test_no_cleaning_renders_the_text_as_is() -> None:
    html = str(render_text("A <b> & B", [(0, 1, "ev")], viewer_edits((), 9)))
    assert html == '<mark class="ev">A</mark> &lt;b&gt; &amp; B'


def test_payload_carries_the_edits() -> None:
    doc = _document()
    payload = build_payload(Analysis(documents=(doc,)))
    edits = payload["docs"][0]["edits"]
    assert [list(e) for e in viewer_edits(doc.cleaning, len(doc.text))] == edits
    assert all(doc.text[s:e] for s, e, _, _ in edits)


CHROMIUM = "/usr/bin/chromium"


@pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="chromium not installed")
def test_report_viewer_shows_cleaned_text_in_a_browser(tmp_path: Path) -> None:
    sync_api = pytest.importorskip("playwright.sync_api")
    doc = _document()
    path = tmp_path / "report.html"
    path.write_text(render_report(Analysis(documents=(doc,))), encoding="utf-8")
    ev = doc.events[0].evidence
    errors: list[str] = []
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        try:
            page = browser.new_page()
            page.on("pageerror", lambda e: errors.append(str(e)))
            def on_dialog(dialog: Any) -> None:
                errors.append("dialog: " + dialog.message)
                dialog.dismiss()

            page.on("dialog", on_dialog)
            page.goto(path.as_uri() + f"#doc/0/{ev.start}/{ev.end}")
            text = page.locator("#viewer .text")
            text.wait_for()
            seen = text.inner_text()
            for junk in DEBRIS:
                assert junk not in seen, junk
            assert 'said "little green men" crossed' in seen and SCRIPT in seen and "Café" in seen
            selected = "".join(page.locator("#viewer .text mark.sel").all_inner_texts())
            assert selected == 'Officials said "little green men" crossed the border at dawn.'
            page.locator("#show-debris").check()
            assert "6136850181001" in text.inner_text()
            assert page.locator("#viewer del.debris").first.get_attribute("title") == "removed by cleaning: embed ids"
            page.locator("#documents a").first.click()
        finally:
            browser.close()
    assert errors == []
