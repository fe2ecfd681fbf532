"""The store interface shared by the SQLite and PostgreSQL back ends."""

from __future__ import annotations

import abc
import json
from collections.abc import Iterator
from types import TracebackType
from typing import Any

from rashomon.model import Document, Linking

STORE_APP = "rashomon"


def dumps(record: Any) -> str:
    """Serialise a record for storage (compact, stable key order)."""
    return json.dumps(record.to_dict(), ensure_ascii=False, separators=(",", ":"), sort_keys=True)


class Store(abc.ABC):
    """Documents with their analyses, plus the latest cross-document linking.

    One document's analysis is written in one transaction keyed by its content id, so a run
    killed half-way leaves each document either fully stored or absent.
    """

    @abc.abstractmethod
    def known_ids(self) -> set[str]:
        """Ids of every stored document."""

    @abc.abstractmethod
    def stored_versions(self) -> dict[str, str]:
        """Pipeline version each stored document was analysed with."""

    @abc.abstractmethod
    def add_document(self, doc: Document, pipeline_version: str) -> bool:
        """Store ``doc`` (replacing an older analysis of the same id); ``False`` if identical already."""

    @abc.abstractmethod
    def get_document(self, doc_id: str) -> Document | None:
        """The stored document with this id, or ``None``."""

    @abc.abstractmethod
    def iter_documents(self) -> Iterator[Document]:
        """Every stored document, in the order added."""

    @abc.abstractmethod
    def save_linking(self, linking: Linking) -> None:
        """Replace the cross-document results (entities, stories, clusters...)."""

    @abc.abstractmethod
    def load_linking(self) -> Linking | None:
        """The latest cross-document results, or ``None`` before any."""

    @abc.abstractmethod
    def execute(self, sql: str, params: tuple[Any, ...] | dict[str, Any] = ()) -> list[dict[str, Any]]:
        """Run a read query and return rows as dicts."""

    @abc.abstractmethod
    def search(self, query: str, limit: int = 20) -> list[dict[str, Any]]:
        """Full-text search over document titles and text: ``[{id, title, snippet}]``."""

    @abc.abstractmethod
    def close(self) -> None:
        """Close connections."""

    def count_documents(self) -> int:
        """How many documents are stored."""
        return len(self.known_ids())

    def __enter__(self) -> Store:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        self.close()
