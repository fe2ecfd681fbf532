"""Property-based fuzzing of readers, cleaning, offset alignment and the whole per-document pipeline.

Run longer with ``HYPOTHESIS_PROFILE=long pytest tests/reliability/test_fuzz.py`` (10,000 cases each).
"""

from __future__ import annotations

import dataclasses
import json
import tempfile
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from rashomon.clean import clean_text
from rashomon.errors import InputError
from rashomon.ingest import IngestOptions, document_id, iter_documents
from rashomon.ingest.readers import parse_html, parse_jsonl, parse_text
from rashomon.model import Document, RawDocument

PIECES = [
    "Soldiers", " shelled ", "the market in ", "Idlib", " on Friday", ", killing 33 people", ". ", "\n\n",
    '"', "\u201c", "\u201d", " said ", "Erdo\u011fan", "\u0627\u0644\u0639", "Ca\u0301fe", "\u200f", "\u202e",
    "\u0000", "&quot;", ",quot;", "&amp;amp;", "Ã©", "6136850181001 66b5e458-ce3c-4374-9cff-8631300ab564",
    "\nvideo\n", "Procedures\n", "\U0001f4a5", "\ufeff", "x" * 300, "dozens", "at least 30", "yesterday",
    "<script>alert(1)</script>", "\u05e9\u05dc\u05d5\u05dd", "\u4e2d\u6587", "\r\n", "\t", "...",
]
adversarial_text = st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=12)), max_size=30).map("".join)

HTML_TAGS = ["<html>", "<body>", "<div>", "<p>", "</p>", "</div>", "<article>", "<script>", "</script>", "<b>",
             "<!--", "-->", "<![CDATA[", "<table><tr><td>", "<a href='javascript:alert(1)'>", "&", "<", ">", "</"]
html_text = st.lists(st.one_of(st.sampled_from(HTML_TAGS), adversarial_text), max_size=40).map("".join)

FUZZ = settings(deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])


def _spans(record: Any) -> list[Any]:
    """Every nested record carrying start/end offsets."""
    out = []
    if dataclasses.is_dataclass(record) and not isinstance(record, type):
        names = {f.name for f in dataclasses.fields(record)}
        if {"start", "end"} <= names:
            out.append(record)
        for f in dataclasses.fields(record):
            out.extend(_spans(getattr(record, f.name)))
    elif isinstance(record, (list, tuple)):
        for item in record:
            out.extend(_spans(item))
    return out


@FUZZ
@given(adversarial_text)
def test_fuzz_text_reader(text: str) -> None:
    try:
        doc = parse_text(text, "fuzz.txt")
    except InputError as err:
        assert "\n" not in str(err)
        return
    assert doc.text and doc.text in text


@FUZZ
@given(st.lists(st.one_of(adversarial_text, st.just('{"text": "ok"}'), st.just("[1, 2"), st.just('{"text": 5}')), max_size=6))
def test_fuzz_jsonl_reader(lines: list[str]) -> None:
    for item in parse_jsonl("\n".join(lines), "fuzz.jsonl") if any(x.strip() for x in lines) else []:
        assert isinstance(item, (RawDocument, InputError))


@FUZZ
@given(html_text)
def test_fuzz_html_reader(html: str) -> None:
    try:
        doc = parse_html(html, "fuzz.html")
    except InputError as err:
        assert str(err).startswith("fuzz.html: ")
        return
    assert doc.text.strip()


@FUZZ
@given(adversarial_text)
@example("Soldiers\n\n\n\n shelled")
def test_fuzz_cleaning_offsets(raw: str) -> None:
    cleaned = clean_text(raw)
    for action in cleaned.actions:
        assert 0 <= action.start <= action.end <= len(raw)
        assert action.before == raw[action.start:action.end]
    touched = [(a.start, a.end) for a in cleaned.actions]
    previous = 0
    for i, ch in enumerate(cleaned.text):
        start, end = cleaned.offsets.to_original(i, i + 1)
        assert previous <= start <= end <= len(raw)
        previous = start
        # a character no action touched is the ingested character at its mapped offset
        if not any(s <= start < e or s == e == start for s, e in touched) and end == start + 1:
            assert raw[start] == ch, (i, ch, start, raw[start])
    assert cleaned.offsets.to_original(len(cleaned.text), len(cleaned.text))[0] <= len(raw)
    for s, e in cleaned.headings:
        assert 0 <= s <= e <= len(cleaned.text)
    if cleaned.text != raw:  # every change is on the record
        assert cleaned.actions and any(a.action != "suspect_mixed_script" for a in cleaned.actions)


FIELD_VALUES = st.one_of(adversarial_text, st.integers(), st.none(), st.lists(st.integers(), max_size=2))


@FUZZ
@given(st.lists(st.dictionaries(st.sampled_from(["text", "title", "url", "source", "published", "id", "x"]),
                                FIELD_VALUES, max_size=6), max_size=4),
       st.sampled_from([".json", ".csv"]), st.sampled_from(["utf-8", "latin-1"]))
def test_fuzz_json_and_csv_files(records: list[dict[str, Any]], suffix: str, encoding: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"fuzz{suffix}"
        if suffix == ".json":
            content = json.dumps(records if len(records) != 1 else records[0], ensure_ascii=False)
        else:
            columns = sorted({k for r in records for k in r}) or ["text"]
            rows = [",".join(json.dumps(str(r.get(c, "")), ensure_ascii=False) for c in columns) for r in records]
            content = "\n".join([",".join(columns), *rows])
        path.write_bytes(content.encode("utf-8", "surrogatepass"))
        for item in iter_documents([path], IngestOptions(encoding=encoding)):
            if isinstance(item, InputError):
                assert "\n" not in item.reason and str(item).startswith(str(path))
            else:
                assert item.text.strip() and item.id == document_id(item.text)


@FUZZ
@given(text=adversarial_text)
@example(text=" shelled Soldiers\n\n\n\n shelled ")  # found by the long run: blank lines squeezed without a record
def test_fuzz_pipeline_offsets_and_evidence(nlp: Any, text: str) -> None:
    from rashomon.pipeline import analyze_document

    if not text.strip():
        return
    raw = RawDocument(id=document_id(text), text=text, published="2020-02-28")
    doc: Document = analyze_document(raw, nlp)
    cleaned_spans = [(a.start, a.end) for a in doc.cleaning]
    for span in _spans(doc.sentences) + _spans(doc.entities) + _spans(doc.places) + _spans(doc.times) \
            + _spans(doc.quotes) + _spans(doc.events):
        assert 0 <= span.start <= span.end <= len(text), span
        if hasattr(span, "text") and isinstance(span.text, str):
            touched = any(s < span.end and span.start < e or s == e == span.start for s, e in cleaned_spans)
            # the surface text is the clean form; where cleaning did not touch the span it is exactly the input
            assert touched or span.text == text[span.start:span.end], (span, text[span.start:span.end])
