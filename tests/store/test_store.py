"""The store interface, run against every back end (SQLite always, PostgreSQL when configured)."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

import pytest

from rashomon.errors import StoreError
from rashomon.model import (
    Argument,
    CanonicalEntity,
    Cluster,
    Document,
    EntityMention,
    Event,
    EventDate,
    Linking,
    Magnitude,
    Place,
    Story,
    TextSpan,
)
from rashomon.store import Store, open_store

TEXT_A = "Rebels attacked the army base near Gao on Monday, killing 12 soldiers, officials said."
TEXT_B = "The government of Mali condemned the assault and promised to protect the northern towns."


def make_doc(doc_id: str, text: str, *, title: str, source: str, with_event: bool = True) -> Document:
    """A small analysed document with one entity and (optionally) one event."""
    entities = (EntityMention(text="Gao", start=35, end=38, type="GPE", entity=f"{doc_id}#e1"),)
    events: tuple[Event, ...] = ()
    if with_event:
        events = (
            Event(
                id=f"{doc_id}-ev1", doc=doc_id, type="ASSAULT",
                trigger=TextSpan("attacked", 7, 15), evidence=TextSpan(text[:48], 0, 48),
                actors=(Argument("Rebels", 0, 6, entity=f"{doc_id}#e2", country="MLI", sector="REB"),),
                recipients=(Argument("the army base", 16, 29, country="MLI"),),
                location=Place("Gao", 35, 38, name="Gao", country="MLI", lat=16.27, lon=-0.04),
                date=EventDate("2024-03-11", "day", "Monday"), dead=Magnitude(12, 12, "12"),
            ),
        )
    return Document(id=doc_id, text=text, title=title, source=source, published="2024-03-12",
                    clean_text=text, entities=entities, events=events)


DOC_A = make_doc("doc-a", TEXT_A, title="Rebels strike army base", source="Wire One")
DOC_B = make_doc("doc-b", TEXT_B, title="Government condemns assault", source="Daily Two", with_event=False)

LINKING = Linking(
    entities=(CanonicalEntity(id="E1", name="Gao", type="GPE", aliases=("Gao",), country="MLI", docs=("doc-a",)),),
    stories=(Story(id="s1", title="Gao attack", docs=("doc-a", "doc-b")),),
    clusters=(Cluster(id="c1", story="s1", type="ASSAULT", events=("doc-a-ev1",), docs=("doc-a",),
                      sources=("Wire One",), date=EventDate("2024-03-11", "day")),),
    timeline=("c1",),
    event_clusters={"doc-a-ev1": "c1"},
    entity_ids={"doc-a#e1": "E1"},
)


def test_add_get_and_iterate_in_order(store: Store) -> None:
    assert store.add_document(DOC_B, "1") is True
    assert store.add_document(DOC_A, "1") is True
    assert store.get_document("doc-a") == DOC_A
    assert store.get_document("missing") is None
    assert [d.id for d in store.iter_documents()] == ["doc-b", "doc-a"]
    assert store.known_ids() == {"doc-a", "doc-b"}
    assert store.stored_versions() == {"doc-a": "1", "doc-b": "1"}
    assert store.count_documents() == 2


def test_iterating_with_known_documents_uses_them_in_stored_order(store: Store) -> None:
    store.add_document(DOC_A, "v1")
    store.add_document(DOC_B, "v1")
    held = dataclasses.replace(DOC_B)  # an equal object the caller holds, not one read from the store
    docs = list(store.iter_documents({DOC_B.id: held}))
    assert [d.id for d in docs] == ["doc-a", "doc-b"]
    assert docs[1] is held and docs[0] is not DOC_A and docs[0] == DOC_A  # the other one is read back


def test_identical_add_is_a_no_op_and_new_version_replaces(store: Store) -> None:
    assert store.add_document(DOC_A, "1") is True
    assert store.add_document(DOC_A, "1") is False
    changed = dataclasses.replace(DOC_A, title="Rebels strike army base (updated)")
    assert store.add_document(changed, "2") is True
    assert store.stored_versions() == {"doc-a": "2"}
    assert [d.id for d in store.iter_documents()] == ["doc-a"]
    assert store.execute("SELECT count(*) AS n FROM events")[0]["n"] == 1


def test_events_table_holds_queryable_columns(store: Store) -> None:
    store.add_document(DOC_A, "1")
    rows = store.execute("SELECT id, doc, type, date, country, dead_min, actor_countries FROM events")
    assert rows == [{"id": "doc-a-ev1", "doc": "doc-a", "type": "ASSAULT", "date": "2024-03-11",
                     "country": "MLI", "dead_min": 12, "actor_countries": "MLI"}]


def test_linking_round_trip_and_tables(store: Store) -> None:
    assert store.load_linking() is None
    store.add_document(DOC_A, "1")
    store.add_document(DOC_B, "1")
    store.save_linking(LINKING)
    assert store.load_linking() == LINKING
    assert store.execute("SELECT cluster FROM events WHERE id = ?", ("doc-a-ev1",)) == [{"cluster": "c1"}]
    assert store.execute("SELECT id, corroboration FROM clusters") == [{"id": "c1", "corroboration": 1}]
    assert store.execute("SELECT name FROM entities WHERE country = :c", {"c": "MLI"}) == [{"name": "Gao"}]
    store.save_linking(Linking())
    assert store.load_linking() == Linking()
    assert store.execute("SELECT count(*) AS n FROM clusters")[0]["n"] == 0
    assert store.execute("SELECT cluster FROM events") == [{"cluster": None}]


def test_full_text_search(store: Store) -> None:
    store.add_document(DOC_A, "1")
    store.add_document(DOC_B, "1")
    hits = store.search("soldiers")
    assert [h["id"] for h in hits] == ["doc-a"]
    assert "[soldiers]" in hits[0]["snippet"]
    assert hits[0]["title"] == "Rebels strike army base"
    assert [h["id"] for h in store.search("government condemned")] == ["doc-b"]
    assert store.search("volcano") == []
    assert store.search("   ") == []


def test_bad_query_raises_store_error(store: Store) -> None:
    with pytest.raises(StoreError):
        store.execute("SELECT no_such_column FROM documents")
    store.add_document(DOC_A, "1")  # the store is still usable afterwards
    assert store.count_documents() == 1


def test_reopen_keeps_data_and_schema(open_target: Callable[..., Store]) -> None:
    first = open_target()
    first.add_document(DOC_A, "1")
    first.save_linking(LINKING)
    first.close()
    again = open_target()
    assert again.get_document("doc-a") == DOC_A
    assert again.load_linking() == LINKING
    assert again.execute("SELECT count(*) AS n FROM migrations")[0]["n"] >= 1


def test_read_only_refuses_writes(open_target: Callable[..., Store]) -> None:
    writer = open_target()
    writer.add_document(DOC_A, "1")
    reader = open_target(read_only=True)
    assert reader.get_document("doc-a") == DOC_A
    with pytest.raises(StoreError):
        reader.add_document(DOC_B, "1")
    with pytest.raises(StoreError):
        reader.save_linking(LINKING)


def test_many_documents_stream_in_order(store: Store) -> None:
    ids = [f"d{n:04d}" for n in range(520)]
    for i in ids:
        store.add_document(Document(id=i, text=f"text {i}"), "1")
    assert [d.id for d in store.iter_documents()] == ids


@pytest.mark.postgres
def test_foreign_postgres_database_is_refused(pg_database: str) -> None:
    """A PostgreSQL database with tables rashomon did not create is left alone."""
    import psycopg

    with psycopg.connect(pg_database, autocommit=True) as conn:
        conn.execute("CREATE TABLE customers (id INTEGER)")
    with pytest.raises(StoreError, match="did not create"):
        open_store(pg_database)


def test_unreachable_postgres_is_a_store_error() -> None:
    with pytest.raises(StoreError, match="cannot connect"):
        open_store("postgresql://nobody:secret@127.0.0.1:1/none?connect_timeout=2")
