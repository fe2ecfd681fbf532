"""Read files, folders and stdin into :class:`RawDocument` records.

Supported: ``.txt``/``.md`` (optional ``Source:``/``Published:``/``URL:``/``Title:`` header lines,
then a headline line), ``.html``/``.htm`` (trafilatura: text, title, date, author, url),
``.json`` (object or array), ``.jsonl``, ``.csv`` (columns text, title, url, source, published).

``iter_documents`` yields a ``RawDocument`` or an :class:`InputError` per document, so one bad
file or line never stops the batch.
"""

from __future__ import annotations

import hashlib
import sys
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path

from rashomon.errors import InputError
from rashomon.ingest.readers import READERS, read_stdin
from rashomon.model import RawDocument

__all__ = ["IngestOptions", "iter_documents", "iter_files", "document_id", "SUPPORTED_SUFFIXES"]

SUPPORTED_SUFFIXES = tuple(READERS)


@dataclass(frozen=True)
class IngestOptions:
    """How to read inputs.

    Attributes:
        published: date (YYYY-MM-DD) for documents that carry none.
        source: outlet name for documents that carry none.
        encoding: text encoding of the files (UTF-8 unless told).
        max_bytes: largest file or document accepted; larger ones are refused with a message.
    """

    published: str | None = None
    source: str | None = None
    encoding: str = "utf-8"
    max_bytes: int = 10 * 1024 * 1024


def document_id(text: str) -> str:
    """Content-derived id: the same text (after Unicode NFC and outer whitespace) gives the same id."""
    norm = unicodedata.normalize("NFC", text).strip()
    return hashlib.sha256(norm.encode("utf-8", "surrogatepass")).hexdigest()[:16]


def iter_files(paths: Iterable[str | Path]) -> Iterator[Path | InputError]:
    """Expand files and folders (recursively, sorted) into files; ``-`` is kept for stdin."""
    for p in paths:
        path = Path(p)
        if str(p) == "-":
            yield path
        elif path.is_dir():
            try:
                children = sorted(c for c in path.rglob("*") if (c.is_file() or c.is_symlink()) and not c.name.startswith("."))
            except OSError as err:
                yield InputError(str(path), f"cannot list folder ({err.strerror or err})")
                continue
            yield from children
        elif path.exists():
            yield path
        else:
            yield InputError(str(path), "no such file or folder")


def iter_documents(paths: Iterable[str | Path], options: IngestOptions | None = None) -> Iterator[RawDocument | InputError]:
    """Yield every document found under ``paths`` (or an ``InputError`` for what cannot be read)."""
    options = options or IngestOptions()
    for item in iter_files(paths):
        if isinstance(item, InputError):
            yield item
            continue
        try:
            if str(item) == "-":
                records = read_stdin(sys.stdin.buffer, options)
            else:
                reader = READERS.get(item.suffix.lower())
                if reader is None:
                    yield InputError(str(item), f"unsupported file type {item.suffix or '(none)'!r} "
                                     f"(supported: {', '.join(SUPPORTED_SUFFIXES)})")
                    continue
                records = reader(item, options)
            for record in records:
                yield record if isinstance(record, InputError) else _finish(record, options)
        except InputError as err:
            yield err
        except OSError as err:
            yield InputError(str(item), f"cannot read ({err.strerror or err})")


def _finish(raw: RawDocument, options: IngestOptions) -> RawDocument:
    return replace(
        raw,
        id=document_id(raw.text),
        published=raw.published or options.published,
        source=raw.source or options.source,
    )
