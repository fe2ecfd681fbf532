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


# The indexed columns of each table, computed once for every back end so their filters agree.
# Each row ends with the record itself (``dumps``); the order is the column order in the INSERTs.


def event_rows(doc: Document) -> list[tuple[Any, ...]]:
    """``events`` rows of ``doc``: id, doc, type, date, modality, negated, countries, place, dead_min, cluster, data."""
    return [
        (e.id, doc.id, e.type, e.date.value if e.date else None, e.modality, int(e.negated),
         ",".join(sorted({a.country for a in e.actors if a.country})),
         ",".join(sorted({a.country for a in e.recipients if a.country})),
         e.location.name if e.location else None, e.location.country if e.location else None,
         e.dead.min if e.dead else None, e.cluster, dumps(e))
        for e in doc.events
    ]


def entity_rows(linking: Linking) -> list[tuple[Any, ...]]:
    """``entities`` rows: id, name, type, country, sector, data."""
    return [(e.id, e.name, e.type, e.country, e.sector, dumps(e)) for e in linking.entities]


def story_rows(linking: Linking) -> list[tuple[Any, ...]]:
    """``stories`` rows: id, title, data."""
    return [(s.id, s.title, dumps(s)) for s in linking.stories]


def cluster_rows(linking: Linking) -> list[tuple[Any, ...]]:
    """``clusters`` rows: id, story, type, date, country, corroboration, number of conflicts, data."""
    return [(c.id, c.story, c.type, c.date.value if c.date else None, c.location.country if c.location else None,
             c.corroboration, len(c.conflicts), dumps(c))
            for c in linking.clusters]


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
