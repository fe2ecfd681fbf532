"""The data model: small frozen records shared by every stage, the store, the report and the web app.

Every item that points into an article (entity mention, place, time, quote, event argument,
evidence) carries ``start``/``end`` character offsets into the document's ``text`` *as ingested*
(after HTML→text, before cleaning) plus its surface ``text`` for convenience, exactly like a
spaCy ``Span`` is a document plus two offsets.

The output contract (``analysis.json``) is ``Analysis.to_dict()``; its version is ``SCHEMA`` and
changes only here.
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar, cast

SCHEMA = "rashomon.analysis/1"

PLOVER_TYPES: tuple[str, ...] = (
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
    "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
)
MODALITIES: tuple[str, ...] = ("asserted", "reported", "future", "hypothetical", "historical")

T = TypeVar("T")


_SCALARS = frozenset({str, int, float, bool, type(None)})


@functools.cache
def field_names(kind: Any) -> tuple[str, ...] | None:
    """Field names of a dataclass type (``None`` for other types), looked up once per type."""
    if dataclasses.is_dataclass(kind):
        return tuple(f.name for f in dataclasses.fields(kind))
    return None


def _to_plain(value: Any) -> Any:
    kind: Any = type(value)
    if kind in _SCALARS:
        return value
    if kind is tuple or kind is list:
        return [_to_plain(v) for v in value]
    names = field_names(kind)
    if names is not None:
        return {name: _to_plain(getattr(value, name)) for name in names}
    if isinstance(value, (list, tuple)):
        return [_to_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _to_plain(v) for k, v in value.items()}
    return value


class Record:
    """Mixin giving dataclass records ``to_dict`` / ``from_dict``."""

    __slots__ = ()  # records are slotted dataclasses: no per-instance ``__dict__`` (a third of their memory)

    def to_dict(self) -> dict[str, Any]:
        """Return the record as plain JSON-ready data."""
        return cast("dict[str, Any]", _to_plain(self))

    @classmethod
    def from_dict(cls: type[T], data: dict[str, Any]) -> T:
        """Build the record from ``to_dict`` output (unknown keys are ignored)."""
        return cast(T, _from_plain(cls, data))


def _from_plain(cls: Any, data: Any) -> Any:
    if data is None:
        return None
    return cls(**{name: convert(data[name]) for name, convert in _field_converters(cls) if name in data})


@functools.cache
def _field_converters(cls: Any) -> tuple[tuple[str, Callable[[Any], Any]], ...]:
    """Each field's name and the function turning its plain value back into the typed one.

    Type hints are resolved and turned into converters once per class, not per record and field
    (reading a store of thousands of documents calls this millions of times).
    """
    import typing

    hints = typing.get_type_hints(cls)
    return tuple((f.name, _converter(hints[f.name])) for f in dataclasses.fields(cls))


def _keep(value: Any) -> Any:
    return value


@functools.cache
def _converter(kind: Any) -> Callable[[Any], Any]:
    """A function from the plain form of a ``kind`` value to the value (``None`` stays ``None``)."""
    import types
    import typing

    origin = typing.get_origin(kind)
    if origin in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(kind) if a is not type(None)]
        return _converter(args[0]) if len(args) == 1 else _keep
    if origin in (list, tuple):
        (item_kind,) = typing.get_args(kind)[:1]
        item = _converter(item_kind)
        make: Callable[[Any], Any] = tuple if origin is tuple else list
        if item is _keep:
            return lambda value: None if value is None else make(value)
        return lambda value: None if value is None else make([item(v) for v in value])
    if isinstance(kind, type) and dataclasses.is_dataclass(kind):
        return functools.partial(_from_plain, kind)
    return _keep


# --- pieces of text -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class TextSpan(Record):
    """A stretch ``start:end`` of the ingested text; ``text`` is its cleaned form (the slice unless cleaning changed it)."""

    text: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Sentence(Record):
    """A sentence of the document (headings are never part of one)."""

    start: int
    end: int
    text: str = ""


@dataclass(frozen=True, slots=True)
class CleaningAction(Record):
    """One change the cleaner made (or a suspect stretch it flagged) at ``start:end`` of the ingested text."""

    action: str
    start: int
    end: int
    before: str
    after: str


@dataclass(frozen=True, slots=True)
class EntityMention(Record):
    """A named-entity mention; ``entity`` is the canonical entity id once linked."""

    text: str
    start: int
    end: int
    type: str
    entity: str | None = None
    name: str | None = None  # normalised name without titles/roles
    role: str | None = None
    country: str | None = None
    sector: str | None = None


@dataclass(frozen=True, slots=True)
class Place(Record):
    """A place name resolved (or not) against the gazetteer."""

    text: str
    start: int
    end: int
    name: str | None = None
    country: str | None = None  # ISO 3166-1 alpha-3
    admin1: str | None = None
    lat: float | None = None
    lon: float | None = None
    feature: str | None = None  # e.g. city, admin1, country
    geonameid: int | None = None


@dataclass(frozen=True, slots=True)
class TimeExpr(Record):
    """A temporal expression normalised to a TIMEX3 value (``None`` when it cannot be resolved)."""

    text: str
    start: int
    end: int
    type: str  # DATE | TIME | DURATION | SET
    value: str | None = None


@dataclass(frozen=True, slots=True)
class Speaker(Record):
    """Who a quote or claim is attributed to."""

    text: str
    start: int
    end: int
    entity: str | None = None


@dataclass(frozen=True, slots=True)
class Quote(Record):
    """A direct quote or a reported claim with its speaker, cue and content."""

    id: str
    content: TextSpan
    speaker: Speaker | None = None
    cue: TextSpan | None = None
    direct: bool = True


@dataclass(frozen=True, slots=True)
class Argument(Record):
    """An actor or recipient of an event, linked to its canonical entity."""

    text: str
    start: int
    end: int
    entity: str | None = None
    country: str | None = None
    sector: str | None = None


@dataclass(frozen=True, slots=True)
class Magnitude(Record):
    """A count such as dead or injured: ``{min, max}``; ``max`` is ``None`` when open ("at least 30")."""

    min: int | None
    max: int | None
    text: str


@dataclass(frozen=True, slots=True)
class EventDate(Record):
    """When an event happened: a TIMEX3 value and how precise it is (day, month, year, document...)."""

    value: str
    precision: str
    text: str | None = None


@dataclass(frozen=True, slots=True)
class AcledType(Record):
    """ACLED ``event_type`` / ``sub_event_type`` for export."""

    event_type: str
    sub_event_type: str


@dataclass(frozen=True, slots=True)
class Event(Record):
    """One PLOVER 2.0 event stated in a sentence, with its evidence."""

    id: str
    doc: str
    type: str
    trigger: TextSpan
    evidence: TextSpan
    mode: str | None = None
    context: str | None = None
    actors: tuple[Argument, ...] = ()
    recipients: tuple[Argument, ...] = ()
    location: Place | None = None
    date: EventDate | None = None
    dead: Magnitude | None = None
    injured: Magnitude | None = None
    size: Magnitude | None = None
    negated: bool = False
    modality: str = "asserted"
    attributed_to: str | None = None
    cameo: str | None = None
    acled: AcledType | None = None
    cluster: str | None = None


# --- documents --------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class RawDocument(Record):
    """A document as ingested, before any analysis. ``id`` is derived from ``text``."""

    id: str
    text: str
    title: str | None = None
    source: str | None = None
    url: str | None = None
    published: str | None = None  # YYYY-MM-DD
    path: str | None = None
    author: str | None = None
    language: str = "en"


@dataclass(frozen=True, slots=True)
class Document(Record):
    """A document with its per-document extraction (the output of the per-document stages)."""

    id: str
    text: str
    title: str | None = None
    source: str | None = None
    url: str | None = None
    published: str | None = None
    path: str | None = None
    author: str | None = None
    language: str = "en"
    clean_text: str | None = None
    cleaning: tuple[CleaningAction, ...] = ()
    headings: tuple[TextSpan, ...] = ()
    sentences: tuple[Sentence, ...] = ()
    entities: tuple[EntityMention, ...] = ()
    places: tuple[Place, ...] = ()
    times: tuple[TimeExpr, ...] = ()
    quotes: tuple[Quote, ...] = ()
    events: tuple[Event, ...] = ()

    @property
    def raw(self) -> RawDocument:
        """The ingested document this analysis was made from."""
        return RawDocument(
            id=self.id, text=self.text, title=self.title, source=self.source, url=self.url,
            published=self.published, path=self.path, author=self.author, language=self.language,
        )


# --- across documents -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class CanonicalEntity(Record):
    """One real-world actor across documents, with every alias it was named by."""

    id: str
    name: str
    type: str
    aliases: tuple[str, ...] = ()
    country: str | None = None
    sector: str | None = None
    docs: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Story(Record):
    """Documents about the same story."""

    id: str
    title: str
    docs: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class ConflictValue(Record):
    """One side of a conflict: a value and the events, documents and sources behind it."""

    value: Any
    events: tuple[str, ...] = ()
    docs: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Conflict(Record):
    """Incompatible values of one field of a cluster (actor, recipient, dead, injured, place, date, claim)."""

    field: str
    values: tuple[ConflictValue, ...] = ()


@dataclass(frozen=True, slots=True)
class Cluster(Record):
    """One real-world event as reported by one or more documents."""

    id: str
    story: str | None
    type: str
    events: tuple[str, ...] = ()
    docs: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    corroboration: int = 1
    single_source: bool = True
    date: EventDate | None = None
    location: Place | None = None
    actors: tuple[Argument, ...] = ()
    recipients: tuple[Argument, ...] = ()
    dead: Magnitude | None = None
    injured: Magnitude | None = None
    conflicts: tuple[Conflict, ...] = ()


@dataclass(frozen=True, slots=True)
class DigestSentence(Record):
    """One sentence of a story digest with the documents it rests on."""

    text: str
    clusters: tuple[str, ...] = ()
    docs: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Digest(Record):
    """A short sourced summary of one story."""

    story: str
    sentences: tuple[DigestSentence, ...] = ()


@dataclass(frozen=True, slots=True)
class Linking(Record):
    """Everything the cross-document stage produces."""

    entities: tuple[CanonicalEntity, ...] = ()
    stories: tuple[Story, ...] = ()
    clusters: tuple[Cluster, ...] = ()
    timeline: tuple[str, ...] = ()
    digest: tuple[Digest, ...] = ()
    # applied to documents on output: event id -> cluster id, document-local entity id -> canonical id
    event_clusters: dict[str, str] = field(default_factory=dict)
    entity_ids: dict[str, str] = field(default_factory=dict)
    # which stored documents (and pipeline version) this linking was computed over
    fingerprint: str = ""
    copies: dict[str, str] = field(default_factory=dict)  # near-verbatim copy -> the document it copies
    pipeline: str = ""  # the per-document pipeline version the linked analyses came from
    # the story clusterer's state before the last publication day (JSON): the next run resumes from it
    story_checkpoint: str = ""


@dataclass(frozen=True, slots=True)
class Analysis(Record):
    """The whole output of a run: ``analysis.json``."""

    documents: tuple[Document, ...] = ()
    entities: tuple[CanonicalEntity, ...] = ()
    stories: tuple[Story, ...] = ()
    clusters: tuple[Cluster, ...] = ()
    timeline: tuple[str, ...] = ()
    digest: tuple[Digest, ...] = ()
    schema: str = SCHEMA

    def to_dict(self) -> dict[str, Any]:
        """Return the contract form, schema first."""
        data = _to_plain(self)
        return {"schema": data.pop("schema"), **data}


def local_entity_id(doc_id: str, n: int) -> str:
    """Id of the ``n``-th entity resolved inside one document (before cross-document linking)."""
    return f"{doc_id}#e{n}"


def apply_linking(doc: Document, linking: Linking) -> Document:
    """Return ``doc`` with canonical entity ids and cluster ids from ``linking`` filled in."""
    ids = linking.entity_ids

    def canon(entity: str | None) -> str | None:
        return ids.get(entity, entity) if entity else entity

    def arg(a: Argument) -> Argument:
        return dataclasses.replace(a, entity=canon(a.entity))

    events = tuple(
        dataclasses.replace(
            e,
            cluster=linking.event_clusters.get(e.id, e.cluster),
            actors=tuple(arg(a) for a in e.actors),
            recipients=tuple(arg(a) for a in e.recipients),
            attributed_to=canon(e.attributed_to),
        )
        for e in doc.events
    )
    quotes = tuple(
        dataclasses.replace(q, speaker=dataclasses.replace(q.speaker, entity=canon(q.speaker.entity)) if q.speaker else None)
        for q in doc.quotes
    )
    return dataclasses.replace(
        doc,
        entities=tuple(dataclasses.replace(m, entity=canon(m.entity)) for m in doc.entities),
        events=events,
        quotes=quotes,
    )
