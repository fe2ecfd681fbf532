"""A tiny hand-made analysis that exercises every view: conflicts, a map, a timeline, hostile strings.

The report, the web app and the exporters are tested against it (and it makes a quick preview:
``render_report(sample_analysis())``), so their tests do not depend on how good the extractors are
today. One document is hostile on purpose: a ``<script>`` in its text, an ``onerror`` payload in
its title and entity names, a ``javascript:`` URL. Offsets are computed from the texts, so they
always point at the words they claim.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from rashomon.model import (
    AcledType,
    Analysis,
    Argument,
    CanonicalEntity,
    Cluster,
    Conflict,
    ConflictValue,
    Digest,
    DigestSentence,
    Document,
    EntityMention,
    Event,
    EventDate,
    Linking,
    Magnitude,
    Place,
    Quote,
    Speaker,
    Story,
    TextSpan,
    apply_linking,
)

if TYPE_CHECKING:
    from rashomon.store import Store

__all__ = ["HOSTILE", "fill_sample_store", "sample_analysis", "sample_documents", "sample_linking", "write_sample_store"]

#: strings that must stay inert wherever they are shown
HOSTILE = {
    "script": "<script>alert(1)</script>",
    "attr": '"><img src=x onerror=alert(1)>',
    "url": "javascript:alert(1)",
}

_TEXTS = {
    "d1": ("Gunmen kill 12 in Kerena attack", "Sahel Post", "https://sahelpost.example/kerena", "2024-03-13",
           "Gunmen from JNIM attacked the village of Kerena on Tuesday, killing 12 civilians. "
           "\"We buried twelve people,\" said Amadou Diallo, the village chief. "
           "Hundreds protested in Bamako on Wednesday against the killings."),
    "d2": ("Kerena: the army accused", "Radio Delta", "http://radiodelta.example/a?x=1&y=2", "2024-03-14",
           "Soldiers attacked Kerena on Tuesday and killed 30 villagers, residents said. "
           "The army denied any role. Mali's government met ECOWAS envoys in Bamako on Friday."),
    "d3": ("JNIM claims Kerena raid", "Continental Wire", None, "2024-03-14",
           "JNIM fighters attacked Kerena, killing 12, a spokesman for the group said. "
           "Protesters marched in Bamako on Wednesday."),
    "d4": (HOSTILE["attr"], HOSTILE["script"], HOSTILE["url"], "2024-03-15",
           f"Reader comment {HOSTILE['script']} and {HOSTILE['attr']}: JNIM attacked Kerena on Tuesday. "
           f"A man called {HOSTILE['attr']} was quoted."),
}

_PLACES = {
    "Kerena": ("Kerena", "MLI", "Mopti", 14.9, -3.2, "city"),
    "Bamako": ("Bamako", "MLI", "Bamako", 12.65, -8.0, "city"),
}


def _span(text: str, piece: str, after: int = 0) -> TextSpan:
    start = text.index(piece, after)
    return TextSpan(text=piece, start=start, end=start + len(piece))


def _sentence(text: str, piece: str) -> TextSpan:
    """The sentence of ``text`` holding ``piece`` (split on '. ')."""
    at = text.index(piece)
    start = text.rfind(". ", 0, at)
    start = 0 if start < 0 else start + 2
    end = text.find(". ", at)
    end = len(text) if end < 0 else end + 1
    return TextSpan(text=text[start:end], start=start, end=end)


def _place(text: str, name: str) -> Place:
    span = _span(text, name)
    n, country, admin1, lat, lon, feature = _PLACES[name]
    return Place(text=name, start=span.start, end=span.end, name=n, country=country, admin1=admin1,
                 lat=lat, lon=lon, feature=feature)


def _arg(text: str, piece: str, entity: str | None, country: str | None, sector: str | None) -> Argument:
    span = _span(text, piece)
    return Argument(text=piece, start=span.start, end=span.end, entity=entity, country=country, sector=sector)


def _mention(doc: str, text: str, piece: str, kind: str, n: int) -> EntityMention:
    span = _span(text, piece)
    return EntityMention(text=piece, start=span.start, end=span.end, type=kind, entity=f"{doc}#e{n}", name=piece)


def sample_documents() -> list[Document]:
    """The four sample documents with their per-document extraction (local entity ids)."""
    docs = []
    t1 = _TEXTS["d1"][4]
    t2 = _TEXTS["d2"][4]
    t3 = _TEXTS["d3"][4]
    t4 = _TEXTS["d4"][4]
    assault = AcledType("Violence against civilians", "Attack")
    protest = AcledType("Protests", "Peaceful protest")
    events = {
        "d1": (
            Event(id="d1-ev1", doc="d1", type="ASSAULT", mode="kill", trigger=_span(t1, "attacked"),
                  evidence=_sentence(t1, "attacked"), actors=(_arg(t1, "Gunmen from JNIM", "d1#e1", "MLI", "REB"),),
                  recipients=(_arg(t1, "civilians", None, "MLI", "CVL"),), location=_place(t1, "Kerena"),
                  date=EventDate("2024-03-12", "day", "on Tuesday"), dead=Magnitude(12, 12, "12"),
                  modality="asserted", cameo="18", acled=assault),
            Event(id="d1-ev2", doc="d1", type="PROTEST", mode="demonstrate", trigger=_span(t1, "protested"),
                  evidence=_sentence(t1, "protested"), actors=(_arg(t1, "Hundreds", None, "MLI", "CVL"),),
                  location=_place(t1, "Bamako"), date=EventDate("2024-03-13", "day", "on Wednesday"),
                  size=Magnitude(100, None, "Hundreds"), cameo="14", acled=protest),
        ),
        "d2": (
            Event(id="d2-ev1", doc="d2", type="ASSAULT", mode="kill", trigger=_span(t2, "attacked"),
                  evidence=_sentence(t2, "attacked"), actors=(_arg(t2, "Soldiers", "d2#e1", "MLI", "MIL"),),
                  recipients=(_arg(t2, "villagers", None, "MLI", "CVL"),), location=_place(t2, "Kerena"),
                  date=EventDate("2024-03-12", "day", "on Tuesday"), dead=Magnitude(30, 30, "30"),
                  modality="reported", cameo="18", acled=assault),
            Event(id="d2-ev2", doc="d2", type="CONSULT", mode="meet", trigger=_span(t2, "met"),
                  evidence=_sentence(t2, "met"), actors=(_arg(t2, "Mali's government", "d2#e2", "MLI", "GOV"),),
                  recipients=(_arg(t2, "ECOWAS", "d2#e3", None, "IGO"),), location=_place(t2, "Bamako"),
                  date=EventDate("2024-03-15", "day", "on Friday"), cameo="04"),
        ),
        "d3": (
            Event(id="d3-ev1", doc="d3", type="ASSAULT", mode="kill", trigger=_span(t3, "attacked"),
                  evidence=_sentence(t3, "attacked"), actors=(_arg(t3, "JNIM fighters", "d3#e1", "MLI", "REB"),),
                  location=_place(t3, "Kerena"), date=EventDate("2024-03-12", "day", None),
                  dead=Magnitude(12, 12, "12"), modality="reported", cameo="18", acled=assault),
            Event(id="d3-ev2", doc="d3", type="PROTEST", mode="demonstrate", trigger=_span(t3, "marched"),
                  evidence=_sentence(t3, "marched"), actors=(_arg(t3, "Protesters", None, "MLI", "CVL"),),
                  location=_place(t3, "Bamako"), date=EventDate("2024-03-13", "day", "on Wednesday"),
                  cameo="14", acled=protest),
        ),
        "d4": (
            Event(id="d4-ev1", doc="d4", type="ASSAULT", trigger=_span(t4, "attacked"),
                  evidence=_sentence(t4, "JNIM attacked"), actors=(_arg(t4, "JNIM", "d4#e1", "MLI", "REB"),),
                  location=_place(t4, "Kerena"), date=EventDate("2024-03-12", "day", "on Tuesday"), cameo="18",
                  acled=assault),
        ),
    }
    mentions = {
        "d1": [("JNIM", "ORG", 1), ("Amadou Diallo", "PERSON", 4), ("Kerena", "GPE", 2), ("Bamako", "GPE", 3)],
        "d2": [("Kerena", "GPE", 4), ("Mali", "GPE", 5), ("ECOWAS", "ORG", 3), ("Bamako", "GPE", 6)],
        "d3": [("JNIM", "ORG", 1), ("Kerena", "GPE", 2), ("Bamako", "GPE", 3)],
        "d4": [("JNIM", "ORG", 1), ("Kerena", "GPE", 2), (HOSTILE["attr"], "PERSON", 3)],
    }
    for doc_id, (title, source, url, published, text) in _TEXTS.items():
        ents = tuple(_mention(doc_id, text, piece, kind, n) for piece, kind, n in mentions[doc_id])
        quotes: tuple[Quote, ...] = ()
        if doc_id == "d1":
            quotes = (Quote(id="d1-q1", content=_span(text, "We buried twelve people,"),
                            speaker=Speaker(text="Amadou Diallo", start=_span(text, "Amadou Diallo").start,
                                            end=_span(text, "Amadou Diallo").end, entity="d1#e4"),
                            cue=_span(text, "said"), direct=True),)
        places = tuple(_place(text, name) for name in _PLACES if name in text)
        docs.append(Document(id=doc_id, text=text, title=title, source=source, url=url, published=published,
                             path=f"{doc_id}.txt", entities=ents, places=places, quotes=quotes,
                             events=events[doc_id]))
    return docs


def sample_linking() -> Linking:
    """Canonical entities, one story, three clusters (one with actor and death-toll conflicts), a digest."""
    entities = (
        CanonicalEntity(id="E1", name="JNIM", type="ORG", aliases=("JNIM", "Gunmen from JNIM", "JNIM fighters"),
                        country="MLI", sector="REB", docs=("d1", "d3", "d4")),
        CanonicalEntity(id="E2", name="Kerena", type="GPE", aliases=("Kerena",), country="MLI",
                        docs=("d1", "d2", "d3", "d4")),
        CanonicalEntity(id="E3", name="Bamako", type="GPE", aliases=("Bamako",), country="MLI",
                        docs=("d1", "d2", "d3")),
        CanonicalEntity(id="E4", name="Amadou Diallo", type="PERSON", aliases=("Amadou Diallo",), docs=("d1",)),
        CanonicalEntity(id="E5", name="Mali", type="GPE", aliases=("Mali", "Mali's government"), country="MLI",
                        sector="GOV", docs=("d2",)),
        CanonicalEntity(id="E6", name="ECOWAS", type="ORG", aliases=("ECOWAS",), sector="IGO", docs=("d2",)),
        CanonicalEntity(id="E7", name=HOSTILE["attr"], type="PERSON", aliases=(HOSTILE["attr"], HOSTILE["script"]),
                        docs=("d4",)),
        CanonicalEntity(id="E8", name="Malian army", type="ORG", aliases=("Soldiers",), country="MLI", sector="MIL",
                        docs=("d2",)),
    )
    entity_ids = {
        "d1#e1": "E1", "d3#e1": "E1", "d4#e1": "E1", "d1#e2": "E2", "d2#e4": "E2", "d3#e2": "E2", "d4#e2": "E2",
        "d1#e3": "E3", "d2#e6": "E3", "d3#e3": "E3", "d1#e4": "E4", "d2#e5": "E5", "d2#e2": "E5", "d2#e3": "E6",
        "d4#e3": "E7", "d2#e1": "E8",
    }
    docs = {d.id: d for d in sample_documents()}
    ev = {e.id: e for d in docs.values() for e in d.events}
    kerena = ev["d1-ev1"].location
    bamako = ev["d1-ev2"].location
    jnim = Argument(text="JNIM", start=ev["d1-ev1"].actors[0].start, end=ev["d1-ev1"].actors[0].end, entity="E1",
                    country="MLI", sector="REB")
    clusters = (
        Cluster(id="c1", story="s1", type="ASSAULT", events=("d1-ev1", "d2-ev1", "d3-ev1", "d4-ev1"),
                docs=("d1", "d2", "d3", "d4"),
                sources=("Sahel Post", "Radio Delta", "Continental Wire", HOSTILE["script"]),
                corroboration=4, single_source=False, date=EventDate("2024-03-12", "day", "on Tuesday"),
                location=kerena, actors=(jnim,), dead=Magnitude(12, 30, "12–30"),
                conflicts=(
                    Conflict(field="actor", values=(
                        ConflictValue(value="JNIM", events=("d1-ev1", "d3-ev1", "d4-ev1"), docs=("d1", "d3", "d4"),
                                      sources=("Sahel Post", "Continental Wire", HOSTILE["script"])),
                        ConflictValue(value="Malian army", events=("d2-ev1",), docs=("d2",), sources=("Radio Delta",)),
                    )),
                    Conflict(field="dead", values=(
                        ConflictValue(value=12, events=("d1-ev1", "d3-ev1"), docs=("d1", "d3"),
                                      sources=("Sahel Post", "Continental Wire")),
                        ConflictValue(value=30, events=("d2-ev1",), docs=("d2",), sources=("Radio Delta",)),
                    )),
                )),
        Cluster(id="c2", story="s1", type="PROTEST", events=("d1-ev2", "d3-ev2"), docs=("d1", "d3"),
                sources=("Sahel Post", "Continental Wire"), corroboration=2, single_source=False,
                date=EventDate("2024-03-13", "day", "on Wednesday"), location=bamako,
                actors=ev["d1-ev2"].actors),
        Cluster(id="c3", story="s1", type="CONSULT", events=("d2-ev2",), docs=("d2",), sources=("Radio Delta",),
                corroboration=1, single_source=True, date=EventDate("2024-03-15", "day", "on Friday"),
                location=bamako, actors=ev["d2-ev2"].actors, recipients=ev["d2-ev2"].recipients),
    )
    digest = (Digest(story="s1", sentences=(
        DigestSentence(text="On 12 March 2024 an armed group attacked Kerena; 4 sources, disputed perpetrator and toll "
                            "(12 or 30 dead).", clusters=("c1",), docs=("d1", "d2", "d3", "d4"),
                       sources=("Sahel Post", "Radio Delta", "Continental Wire", HOSTILE["script"])),
        DigestSentence(text="Protesters marched in Bamako the next day.", clusters=("c2",), docs=("d1", "d3"),
                       sources=("Sahel Post", "Continental Wire")),
    )),)
    return Linking(
        entities=entities,
        stories=(Story(id="s1", title="Attack on Kerena", docs=("d1", "d2", "d3", "d4")),),
        clusters=clusters,
        timeline=("c1", "c2", "c3"),
        digest=digest,
        event_clusters={e: c.id for c in clusters for e in c.events},
        entity_ids=entity_ids,
    )


def sample_analysis() -> Analysis:
    """The sample as a whole ``Analysis`` (documents with linking applied)."""
    linking = sample_linking()
    docs = tuple(apply_linking(d, linking) for d in sample_documents())
    return Analysis(documents=docs, entities=linking.entities, stories=linking.stories, clusters=linking.clusters,
                    timeline=linking.timeline, digest=linking.digest)


def fill_sample_store(store: Store) -> None:
    """Write the sample into ``store`` (documents, then the linking), so any backend can serve it."""
    for doc in sample_documents():
        store.add_document(doc, "sample")
    store.save_linking(sample_linking())


def write_sample_store(path: str | Path) -> Path:
    """Write the sample into a new SQLite store at ``path`` (documents, then the linking)."""
    from rashomon.store import SQLiteStore

    store = SQLiteStore(path)
    try:
        fill_sample_store(store)
    finally:
        store.close()
    return Path(path)
