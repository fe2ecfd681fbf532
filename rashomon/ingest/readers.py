"""One reader per input format; each returns a list of ``RawDocument`` or ``InputError`` items."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from rashomon.errors import InputError
from rashomon.model import RawDocument

if TYPE_CHECKING:
    from rashomon.ingest import IngestOptions

Item = RawDocument | InputError
Reader = Callable[[Path, "IngestOptions"], list[Item]]

_HEADER = re.compile(r"^(Source|Published|Date|URL|Url|Title|Author)\s*:\s*(.*)$")
_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_MB = 1024 * 1024  # the unit of ``--max-mb``, so a message names the limit the user set


def read_bytes(path: Path, options: IngestOptions) -> bytes:
    """Read a file, refusing oversized, empty and binary files."""
    size = path.stat().st_size
    if size > options.max_bytes:
        raise InputError(str(path), f"file too large ({size / _MB:.1f} MB > {options.max_bytes / _MB:.1f} MB limit)")
    data = path.read_bytes()
    return check_bytes(str(path), data, options)


def check_bytes(name: str, data: bytes, options: IngestOptions) -> bytes:
    """Refuse empty or binary content."""
    if not data.strip():
        raise InputError(name, "empty file")
    if b"\x00" in data[:8192]:
        raise InputError(name, "binary file (contains NUL bytes), not text")
    return data


def _read_decoded(path: Path, options: IngestOptions) -> str:
    """Read and decode one input file (every reader starts here, so all refuse the same things)."""
    return decode(str(path), read_bytes(path, options), options)


def decode(name: str, data: bytes, options: IngestOptions) -> str:
    """Decode ``data`` with the configured encoding, with a hint when it is wrong."""
    try:
        text = data.decode(options.encoding)
    except UnicodeDecodeError as err:
        hint = " (try --encoding latin-1)" if options.encoding.lower().replace("-", "") == "utf8" else ""
        raise InputError(name, f"not valid {options.encoding} at byte {err.start}{hint}") from err
    except LookupError as err:
        raise InputError(name, f"unknown encoding {options.encoding!r}") from err
    return text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


def normalise_date(value: Any) -> str | None:
    """Return ``YYYY-MM-DD`` for a date-like value, or ``None``."""
    if not value:
        return None
    text = str(value).strip()
    m = _DATE.search(text)
    if m:
        return f"{m.group(1)}-{m.group(2)}-{m.group(3)}"
    import dateparser

    parsed = dateparser.parse(text, settings={"PREFER_DAY_OF_MONTH": "first", "RETURN_AS_TIMEZONE_AWARE": False})
    return parsed.date().isoformat() if parsed else None


def read_text_file(path: Path, options: IngestOptions) -> list[Item]:
    """A ``.txt``/``.md`` article: optional header lines, a headline, then the body."""
    text = _read_decoded(path, options)
    return [parse_text(text, str(path))]


def parse_text(text: str, path: str) -> RawDocument:
    """Split header lines and headline from the body of a plain-text article."""
    meta: dict[str, str] = {}
    lines = text.split("\n")
    i = 0
    while i < len(lines) and (m := _HEADER.match(lines[i].strip())):
        meta[m.group(1).lower()] = m.group(2).strip()
        i += 1
    while i < len(lines) and not lines[i].strip():
        i += 1
    title = meta.get("title")
    rest = lines[i:]
    first = rest[0].strip() if rest else ""
    if title is None and len(rest) > 2 and first and len(first) <= 160 and not first.endswith(".") and not rest[1].strip():
        title = rest[0].strip().lstrip("# ").strip()
        rest = rest[2:]
    body = "\n".join(rest).strip()
    if not body:
        raise InputError(path, "no article text")
    return RawDocument(
        id="", text=body, title=title, source=meta.get("source"), url=meta.get("url"),
        published=normalise_date(meta.get("published") or meta.get("date")), path=path, author=meta.get("author"),
    )


def read_html(path: Path, options: IngestOptions) -> list[Item]:
    """An HTML page: main text and metadata through trafilatura."""
    html = _read_decoded(path, options)
    return [parse_html(html, str(path))]


def parse_html(html: str, path: str) -> RawDocument:
    """Extract the article text, title, date, author and url from an HTML page."""
    import trafilatura

    try:
        result = trafilatura.bare_extraction(
            html, with_metadata=True, include_comments=False, include_tables=False, deduplicate=False,
            favor_precision=True,
        )
    except Exception as err:  # trafilatura/lxml raise many types on hostile markup
        raise InputError(path, f"HTML could not be parsed ({type(err).__name__})") from err
    data: dict[str, Any] = result.as_dict() if result is not None and hasattr(result, "as_dict") else dict(result or {})
    text = (data.get("text") or "").strip()
    if sum(ch.isalpha() for ch in text) < 3:
        raise InputError(path, "no article text found in the HTML")
    return RawDocument(
        id="", text=text, title=data.get("title"), source=data.get("sitename") or data.get("hostname"),
        url=data.get("url"), published=normalise_date(data.get("date")), path=path, author=data.get("author"),
    )


def from_record(record: Any, name: str) -> Item:
    """A JSON object with ``text`` (and optional title, url, source, published) → a document."""
    if not isinstance(record, dict):
        return InputError(name, "expected a JSON object with a 'text' field")
    text = record.get("text") or record.get("body") or record.get("content")
    if not isinstance(text, str) or not text.strip():
        return InputError(name, "record has no 'text'")
    rid = record.get("id")
    return RawDocument(
        id="", text=text.replace("\r\n", "\n").strip(), title=_str(record.get("title")),
        source=_str(record.get("source") or record.get("publisher")), url=_str(record.get("url")),
        published=normalise_date(record.get("published") or record.get("date") or record.get("publication_date")),
        path=f"{name}#{rid}" if rid is not None else name, author=_str(record.get("author")),
    )


def _str(value: Any) -> str | None:
    return str(value).strip() or None if value is not None else None


def read_json(path: Path, options: IngestOptions) -> list[Item]:
    """A JSON object or array of objects."""
    text = _read_decoded(path, options)
    try:
        data = json.loads(text)
    except json.JSONDecodeError as err:
        raise InputError(str(path), f"malformed JSON at line {err.lineno} column {err.colno} ({err.msg})") from err
    records = data if isinstance(data, list) else [data]
    single = not isinstance(data, list)
    return [from_record(r, str(path) if single or (isinstance(r, dict) and "id" in r) else f"{path}[{i}]")
            for i, r in enumerate(records)]


def read_jsonl(path: Path, options: IngestOptions) -> list[Item]:
    """One JSON object per line; a bad line is an error for that line only."""
    text = _read_decoded(path, options)
    return parse_jsonl(text, str(path))


def parse_jsonl(text: str, name: str) -> list[Item]:
    """Parse JSONL text into documents and per-line errors."""
    items: list[Item] = []
    for n, line in enumerate(text.split("\n"), 1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as err:
            items.append(InputError(f"{name}:{n}", f"malformed JSON ({err.msg})"))
            continue
        item = from_record(record, name)
        if isinstance(item, RawDocument) and not (isinstance(record, dict) and "id" in record):
            item = replace(item, path=f"{name}:{n}")
        if isinstance(item, InputError):
            item = InputError(f"{name}:{n}", item.reason)
        items.append(item)
    if not items:
        raise InputError(name, "empty file")
    return items


def read_csv(path: Path, options: IngestOptions) -> list[Item]:
    """A CSV with a header row and at least a ``text`` column."""
    text = _read_decoded(path, options)
    try:
        reader = csv.DictReader(io.StringIO(text))
        fields = [f.strip().lower() for f in reader.fieldnames or []]
        if "text" not in fields:
            raise InputError(str(path), f"CSV has no 'text' column (columns: {', '.join(fields) or 'none'})")
        items: list[Item] = []
        for n, row in enumerate(reader, 2):
            record = {(k or "").strip().lower(): v for k, v in row.items()}
            if None in row:
                items.append(InputError(f"{path}:{n}", "malformed CSV row (more fields than the header)"))
                continue
            item = from_record(record, f"{path}:{n}")
            items.append(item)
        return items
    except csv.Error as err:
        raise InputError(str(path), f"malformed CSV ({err})") from err


def read_stdin(stream: IO[bytes], options: IngestOptions) -> list[Item]:
    """Standard input: JSONL when every line is an object, else one plain-text article."""
    data = stream.read(options.max_bytes + 1)
    if len(data) > options.max_bytes:
        raise InputError("-", f"input too large (> {options.max_bytes / _MB:.1f} MB limit)")
    text = decode("-", check_bytes("-", data, options), options)
    if text.lstrip().startswith("{"):
        return parse_jsonl(text, "-")
    return [parse_text(text, "-")]


READERS: dict[str, Reader] = {
    ".txt": read_text_file,
    ".md": read_text_file,
    ".html": read_html,
    ".htm": read_html,
    ".json": read_json,
    ".jsonl": read_jsonl,
    ".csv": read_csv,
}
