"""The store interface shared by the SQLite and PostgreSQL back ends."""

from __future__ import annotations

import abc
import json
from collections.abc import Iterator, Mapping
from types import TracebackType
from typing import Any

from rashomon.model import Document, Linking

STORE_APP = "rashomon"


def encode(plain: Any) -> str:
    """A record's plain data (``to_dict()``) as stored JSON (compact, stable key order)."""
    return json.dumps(plain, ensure_ascii=False, separators=(",", ":"), sort_keys=True)


def stored_document(doc: Document) -> tuple[str, list[tuple[Any, ...]]]:
    """``doc``'s analysis JSON and its ``events`` rows; each event is turned into plain data once, not twice."""
    plain = doc.to_dict()
    return encode(plain), event_rows(doc, plain["events"])


def stored_linking(linking: Linking) -> tuple[str, list[tuple[Any, ...]], list[tuple[Any, ...]], list[tuple[Any, ...]]]:
    """``linking``'s JSON and its ``entities``, ``stories`` and ``clusters`` rows (plain data made once)."""
    plain = linking.to_dict()
    return (encode(plain), entity_rows(linking, plain["entities"]), story_rows(linking, plain["stories"]),
            cluster_rows(linking, plain["clusters"]))


# The indexed columns of each table, computed once for every back end so their filters agree.
# Each row ends with the record itself (``encode`` of ``plain``, the records' ``to_dict()`` forms);
# the order is the column order in the INSERTs.


def event_rows(doc: Document, plain: list[dict[str, Any]]) -> list[tuple[Any, ...]]:
    """``events`` rows of ``doc``: id, doc, type, date, modality, negated, countries, place, dead_min, cluster, data."""
    return [
        (e.id, doc.id, e.type, e.date.value if e.date else None, e.modality, int(e.negated),
         ",".join(sorted({a.country for a in e.actors if a.country})),
         ",".join(sorted({a.country for a in e.recipients if a.country})),
         e.location.name if e.location else None, e.location.country if e.location else None,
         e.dead.min if e.dead else None, e.cluster, encode(data))
        for e, data in zip(doc.events, plain, strict=True)
    ]


def entity_rows(linking: Linking, plain: list[dict[str, Any]]) -> list[tuple[Any, ...]]:
    """``entities`` rows: id, name, type, country, sector, data."""
    return [(e.id, e.name, e.type, e.country, e.sector, encode(data))
            for e, data in zip(linking.entities, plain, strict=True)]


def story_rows(linking: Linking, plain: list[dict[str, Any]]) -> list[tuple[Any, ...]]:
    """``stories`` rows: id, title, data."""
    return [(s.id, s.title, encode(data)) for s, data in zip(linking.stories, plain, strict=True)]


def cluster_rows(linking: Linking, plain: list[dict[str, Any]]) -> list[tuple[Any, ...]]:
    """``clusters`` rows: id, story, type, date, country, corroboration, number of conflicts, data."""
    return [(c.id, c.story, c.type, c.date.value if c.date else None, c.location.country if c.location else None,
             c.corroboration, len(c.conflicts), encode(data))
            for c, data in zip(linking.clusters, plain, strict=True)]


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
    def iter_documents(self, known: Mapping[str, Document] | None = None) -> Iterator[Document]:
        """Every stored document, in the order added. A document in ``known`` (one the caller has just stored, so
        equal to what a read would give) is yielded from there instead of being read back and parsed."""

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
