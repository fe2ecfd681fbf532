"""The cleaning rules: what counts as debris, broken entities, mojibake, headings and suspect tokens.

Each finder is pure: it reads a text and returns positions; ``rashomon.clean`` applies them.
Line patterns come from ``rashomon/data/en/debris.jsonl``.
"""

from __future__ import annotations

import functools
import html
import re
import unicodedata
from typing import TYPE_CHECKING

import ftfy

from rashomon.data import load_jsonl, load_tsv

if TYPE_CHECKING:
    from rashomon.clean import Edit

# `&quot;`, `&amp;quot;`, `&amp;amp;`, and the machine-translation form `,quot;` (comma for ampersand)
_ENTITY = re.compile(r"(?:&(?:amp;)*|,(?=quot;))(#\d{1,6}|#[xX][0-9a-fA-F]{1,6}|[a-zA-Z]{2,8});")
_MOJIBAKE_LEAD = "ÃÂâÅÄÐÑ"  # first byte of a UTF-8 sequence read as Latin-1 / cp1252
_MOJIBAKE_TRAIL = (
    "\x80-\xbf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc\u2013\u2014"
    "\u2018-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122¡-¿"
)
_MOJIBAKE_WORD = re.compile(rf"[^\s,.;:!?()]*[{_MOJIBAKE_LEAD}][{_MOJIBAKE_TRAIL}][^\s,.;:!?()]*")


def _code_point(value: str) -> str:
    """The character written ``U+XXXX`` in a data file."""
    return chr(int(value.removeprefix("U+"), 16))


_QUOTES = {_code_point(r["codepoint"]): _code_point(r["becomes"]) for r in load_tsv("clean/quote_marks.tsv")}
_QUOTE_CHARS = re.compile("[" + "".join(_QUOTES) + "]")
_INVISIBLE = re.compile("[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff\ufffe]")
_NBSP = re.compile("[\u00a0\u2007\u202f]")
_WORD = re.compile(r"\w+", re.UNICODE)
_HEADING_END = re.compile(r"[.!?:;,\"'\u201d\u2019)\]]$")


@functools.lru_cache(maxsize=1)
def _line_patterns() -> tuple[tuple[str, re.Pattern[str]], ...]:
    patterns = []
    for row in load_jsonl("en/debris.jsonl"):
        if row.get("scope") == "line":
            flags = re.IGNORECASE if "i" in row.get("flags", "") else 0
            patterns.append((str(row["name"]), re.compile(row["pattern"], flags)))
    return tuple(patterns)


def find_edits(raw: str) -> list[Edit]:
    """Return every edit the rules ask for in ``raw`` (may overlap; earlier rules win)."""
    from rashomon.clean import Edit

    edits: list[Edit] = []
    pos = 0
    for line in raw.splitlines(keepends=True):
        body = line.rstrip("\r\n")
        for name, pattern in _line_patterns():
            if body.strip() and pattern.match(body):
                edits.append(Edit(pos, pos + len(body), "", f"remove_{name}"))
                break
        pos += len(line)
    for m in _ENTITY.finditer(raw):
        decoded = html.unescape("&" + m.group(1) + ";")
        if decoded != "&" + m.group(1) + ";":
            decoded = _QUOTES.get(decoded, decoded)
            edits.append(Edit(m.start(), m.end(), "" if decoded in "\u00ad" else decoded, "fix_html_entity"))
    for m in _MOJIBAKE_WORD.finditer(raw):
        fixed = ftfy.fix_text(m.group(0), normalization="NFC")
        if fixed != m.group(0):
            edits.append(Edit(m.start(), m.end(), fixed, "fix_mojibake"))
    for m in _QUOTE_CHARS.finditer(raw):
        edits.append(Edit(m.start(), m.end(), _QUOTES[m.group(0)], "normalise_quote"))
    for m in _INVISIBLE.finditer(raw):
        edits.append(Edit(m.start(), m.end(), "", "remove_invisible"))
    for m in _NBSP.finditer(raw):
        edits.append(Edit(m.start(), m.end(), " ", "normalise_space"))
    return edits


def _script(ch: str) -> str | None:
    if not ch.isalpha():
        return None
    try:
        name = unicodedata.name(ch)
    except ValueError:
        return None
    return name.split(" ", 1)[0]


def find_suspects(text: str) -> list[tuple[int, int]]:
    """Spans of words mixing letters of two scripts (e.g. Latin with Arabic), as MT leaves them."""
    spans = []
    for m in _WORD.finditer(text):
        scripts = {s for s in map(_script, m.group(0)) if s}
        if len(scripts) > 1:
            spans.append((m.start(), m.end()))
    return spans


def find_headings(text: str) -> list[tuple[int, int]]:
    """Section headings: short capitalised lines without final punctuation between paragraphs."""
    headings = []
    pos = 0
    lines = text.split("\n")
    for i, line in enumerate(lines):
        body = line.strip()
        start = pos + (len(line) - len(line.lstrip()))
        pos += len(line) + 1
        if not body or i + 1 >= len(lines):
            continue
        words = body.split()
        if not (1 <= len(words) <= 8 and len(body) <= 70):
            continue
        if not body[0].isupper() or _HEADING_END.search(body):
            continue
        nxt = next((ln.strip() for ln in lines[i + 1:] if ln.strip()), "")
        if len(nxt.split()) < 6:  # a heading introduces a paragraph
            continue
        headings.append((start, start + len(body)))
    return headings
