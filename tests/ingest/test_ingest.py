"""Ingest reads every supported format, derives ids from content, and reports bad input per file."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest

from rashomon.errors import InputError
from rashomon.ingest import IngestOptions, document_id, iter_documents
from rashomon.ingest.readers import read_stdin
from rashomon.model import RawDocument

ARTICLE = "Firefighters in Port Verel battled a blaze at the river docks on Thursday night.\n\nTwo workers were hurt."
HTML = """<!doctype html><html><head><title>Port fire | Lowland Courier</title>
<meta property="og:title" content="Port fire">
<meta name="author" content="Dana Ruiz">
<meta property="article:published_time" content="2024-06-07T09:00:00Z">
<link rel="canonical" href="https://lowland-courier.example/port-fire">
<meta property="og:site_name" content="Lowland Courier"></head>
<body><nav><a href="/">Home</a> <a href="/world">World</a></nav>
<article><h1>Port fire</h1><p>Firefighters in Port Verel battled a blaze at the river docks on Thursday night,
the regional fire service said on Friday.</p><p>Two workers were injured and taken to the city hospital,
where doctors said their condition was stable. The cause of the fire is not yet known.</p></article>
<footer>Copyright Lowland Courier</footer></body></html>"""


def _docs(paths: list[Path], **kw: Any) -> tuple[list[RawDocument], list[InputError]]:
    items = list(iter_documents(paths, IngestOptions(**kw)))
    return [i for i in items if isinstance(i, RawDocument)], [i for i in items if isinstance(i, InputError)]


def test_ingest_text_with_header_and_headline(tmp_path: Path) -> None:
    f = tmp_path / "a.txt"
    f.write_text("Source: Lowland Courier\nPublished: 2024-06-07\nURL: https://x.example/a\n\nPort fire\n\n" + ARTICLE)
    (doc,), errors = _docs([f])
    assert not errors
    assert doc.title == "Port fire" and doc.source == "Lowland Courier" and doc.published == "2024-06-07"
    assert doc.url == "https://x.example/a" and doc.text == ARTICLE
    assert doc.id == document_id(ARTICLE)


def test_ingest_html_extracts_text_and_metadata(tmp_path: Path) -> None:
    f = tmp_path / "page.html"
    f.write_text(HTML)
    (doc,), errors = _docs([f])
    assert not errors
    assert "battled a blaze" in doc.text and "Home" not in doc.text and "Copyright" not in doc.text
    assert doc.title == "Port fire" and doc.source == "Lowland Courier"
    assert doc.published == "2024-06-07"
    assert doc.author == "Dana Ruiz"
    assert doc.url == "https://lowland-courier.example/port-fire"


def test_ingest_json_jsonl_csv(tmp_path: Path) -> None:
    (tmp_path / "one.json").write_text(json.dumps({"id": "x1", "text": "First article text here.", "source": "A"}))
    (tmp_path / "many.json").write_text(json.dumps([{"text": "Second one."}, {"text": "Third one.", "published": "2024-01-02"}]))
    lines = [json.dumps({"id": 7, "text": "Fourth."}), "", json.dumps({"text": "Fifth."})]
    (tmp_path / "lines.jsonl").write_text("\n".join(lines) + "\n")
    (tmp_path / "table.csv").write_text('text,title,url,source,published\n"Sixth, with comma.",T6,https://s.example,Src,2024-03-04\n')
    docs, errors = _docs([tmp_path])
    assert not errors
    by_text = {d.text: d for d in docs}
    assert set(by_text) == {"First article text here.", "Second one.", "Third one.", "Fourth.", "Fifth.", "Sixth, with comma."}
    assert (by_text["First article text here."].path or "").endswith("one.json#x1")
    assert (by_text["Fourth."].path or "").endswith("lines.jsonl#7")
    assert by_text["Third one."].published == "2024-01-02"
    six = by_text["Sixth, with comma."]
    assert (six.title, six.url, six.source, six.published) == ("T6", "https://s.example", "Src", "2024-03-04")


def test_ingest_options_fill_missing_metadata_only(tmp_path: Path) -> None:
    (tmp_path / "a.jsonl").write_text(json.dumps({"text": "One.", "source": "Own"}) + "\n" + json.dumps({"text": "Two."}) + "\n")
    docs, _ = _docs([tmp_path / "a.jsonl"], published="2020-02-28", source="Given")
    assert [(d.source, d.published) for d in docs] == [("Own", "2020-02-28"), ("Given", "2020-02-28")]


def test_ingest_stdin_plain_and_jsonl() -> None:
    (doc,) = read_stdin(io.BytesIO(b"Headline\n\nBody text of the piece."), IngestOptions())
    assert isinstance(doc, RawDocument) and doc.title == "Headline"
    docs = read_stdin(io.BytesIO(b'{"text": "a."}\n{"text": "b."}\n'), IngestOptions())
    assert [d.text for d in docs if isinstance(d, RawDocument)] == ["a.", "b."]


def test_document_id_derives_from_content() -> None:
    assert document_id("Same text.") == document_id("  Same text.\n")
    assert document_id("Same text.") != document_id("Other text.")


BAD_INPUTS = {
    "binary.txt": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
    "empty.txt": (b"  \n", "empty"),
    "latin1.txt": ("Caf\u00e9 story about the port.".encode("latin-1"), "not valid utf-8"),
    "broken.json": (b'{"text": "unterminated', "malformed JSON"),
    "bad.csv": (b"title,url\nT,https://x.example\n", "no 'text' column"),
    "notes.docx": (b"PK\x03\x04 something", "unsupported file type"),
    "broken.html": (b"<html><body><div><p></div></span>&&<<<", "no article text"),
}


@pytest.mark.parametrize("name", sorted(BAD_INPUTS))
def test_ingest_bad_input_is_one_line_error_and_batch_goes_on(tmp_path: Path, name: str) -> None:
    content, reason = BAD_INPUTS[name]
    (tmp_path / name).write_bytes(content)
    (tmp_path / "good.txt").write_text(ARTICLE)
    docs, errors = _docs([tmp_path])
    assert [d.text for d in docs] == [ARTICLE]
    assert len(errors) == 1
    message = str(errors[0])
    assert name in message and reason.lower() in message.lower() and "\n" not in message


def test_ingest_huge_file_refused(tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    big.write_bytes(b"word " * (4 * 1024 * 1024))  # 20 MB
    (tmp_path / "ok.txt").write_text(ARTICLE)
    docs, errors = _docs([tmp_path])
    assert len(docs) == 1 and len(errors) == 1
    assert "big.txt" in str(errors[0]) and "too large" in str(errors[0])


def test_ingest_missing_path_and_bad_jsonl_line(tmp_path: Path) -> None:
    f = tmp_path / "mixed.jsonl"
    f.write_text('{"text": "Good line."}\n{not json\n{"title": "no text"}\n')
    docs, errors = _docs([tmp_path / "nope", f])
    assert [d.text for d in docs] == ["Good line."]
    assert [e.path for e in errors] == [str(tmp_path / "nope"), f"{f}:2", f"{f}:3"]


def test_ingest_unreadable_file(tmp_path: Path) -> None:
    import os

    f = tmp_path / "secret.txt"
    f.write_text(ARTICLE)
    f.chmod(0)
    if os.access(f, os.R_OK):  # root can read anything: use a directory entry that is a dangling link instead
        f.chmod(0o644)
        f.unlink()
        f.symlink_to(tmp_path / "missing-target.txt")
    docs, errors = _docs([tmp_path])
    assert not docs and len(errors) == 1 and "secret.txt" in str(errors[0])
