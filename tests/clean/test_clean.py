"""Cleaning keeps offsets aligned to the ingested text and records every action."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rashomon.clean import clean_text
from rashomon.ingest.readers import parse_text

MESSY = parse_text((Path(__file__).parent.parent / "data" / "messy_article.txt").read_text(encoding="utf-8"), "messy")


def test_clean_removes_embed_ids_and_media_label() -> None:
    cleaned = clean_text(MESSY.text)
    assert "7391046285113" not in cleaned.text
    assert "3f2a9c1e" not in cleaned.text
    assert "\nvideo\n" not in cleaned.text
    actions = {a.action for a in cleaned.actions}
    assert {"remove_embed_ids", "remove_media_label", "remove_share_line"} <= actions


def test_clean_fixes_broken_entities_and_mojibake() -> None:
    cleaned = clean_text(MESSY.text)
    assert "quot;" not in cleaned.text and "&amp;" not in cleaned.text
    assert 'across the river" said' in cleaned.text
    assert "compensation & new" in cleaned.text
    assert "Ilse Körner" in cleaned.text


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("a \u201cquoted\u201d word", 'a "quoted" word'),
        ("it\u2019s", "it's"),
        ("x &amp;amp;amp; y", "x & y"),
        ("say &quot;hi&quot;", 'say "hi"'),
        ("zero\u200bwidth", "zerowidth"),
    ],
)
def test_clean_normalises(raw: str, expected: str) -> None:
    assert clean_text(raw).text == expected


def test_clean_offsets_map_back_to_ingested_text() -> None:
    raw = MESSY.text
    cleaned = clean_text(raw)
    for word in ("Mara Olund", "Port Verel", "investigators", "two years ago"):
        i = cleaned.text.index(word)
        start, end = cleaned.offsets.to_original(i, i + len(word))
        assert raw[start:end] == word
    i = cleaned.text.index("Körner")
    start, end = cleaned.offsets.to_original(i, i + len("Körner"))
    assert raw[start:end] == "KÃ¶rner"


def test_clean_finds_headings_and_flags_mixed_scripts() -> None:
    cleaned = clean_text(MESSY.text)
    headings = [cleaned.text[s:e] for s, e in cleaned.headings]
    assert headings == ["Investigation"]
    suspects = [a for a in cleaned.actions if a.action == "suspect_mixed_script"]
    assert [a.before for a in suspects] == ["Pavelسكi"]


def test_clean_leaves_clean_text_alone() -> None:
    text = "Nothing to clean here. Really nothing."
    cleaned = clean_text(text)
    assert cleaned.text == text
    assert cleaned.actions == ()
    assert cleaned.offsets.to_original(8, 13) == (8, 13)


PIECES = list("ab \n&;quot,\u201c\u201d\u200bÃ©\u00a0\u0627") + ["1234567890123", "&quot;", ",quot;"]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=40).map("".join))
def test_clean_offsets_always_inside_text(raw: str) -> None:
    cleaned = clean_text(raw)
    for i in range(len(cleaned.text) + 1):
        for j in (i, min(i + 3, len(cleaned.text))):
            start, end = cleaned.offsets.to_original(i, j)
            assert 0 <= start <= end <= len(raw)
    for a in cleaned.actions:
        assert raw[a.start:a.end] == a.before
