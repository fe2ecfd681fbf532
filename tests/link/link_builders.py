"""Hand-built documents and events for the linking tests (no pipeline needed)."""

from __future__ import annotations

from rashomon.model import (
    Argument,
    Document,
    EntityMention,
    Event,
    EventDate,
    Magnitude,
    Place,
    Quote,
    Speaker,
    TextSpan,
)

DOUENTZA = Place(text="Douentza", start=0, end=8, name="Douentza", country="MLI", admin1="Mopti", feature="city",
                 geonameid=2458589)
BANDIAGARA = Place(text="Bandiagara", start=0, end=10, name="Bandiagara", country="MLI", admin1="Mopti",
                   feature="city", geonameid=2460489)
MOPTI_REGION = Place(text="Mopti region", start=0, end=12, name="Mopti", country="MLI", admin1="Mopti",
                     feature="admin1", geonameid=2453347)
NEW_YORK = Place(text="New York", start=0, end=8, name="New York", country="USA", admin1="New York",
                 feature="city", geonameid=5128581)
KOUTIALA = Place(text="Koutiala", start=0, end=8, name="Koutiala", country="MLI", admin1="Sikasso",
                 feature="city", geonameid=2455518)


def arg(text: str, country: str | None = None, sector: str | None = None, entity: str | None = None) -> Argument:
    """An event argument."""
    return Argument(text=text, start=0, end=len(text), entity=entity, country=country, sector=sector)


def mag(low: int | None, high: int | None, text: str) -> Magnitude:
    """A count."""
    return Magnitude(min=low, max=high, text=text)


def event(doc: str, n: int, kind: str, trigger: str, evidence: str, *, actors: tuple[Argument, ...] = (),
          recipients: tuple[Argument, ...] = (), place: Place | None = None, date: str | None = None,
          precision: str = "day", dead: Magnitude | None = None, injured: Magnitude | None = None,
          modality: str = "asserted", negated: bool = False) -> Event:
    """An event of document ``doc`` (id ``<doc>-ev<n>``)."""
    return Event(
        id=f"{doc}-ev{n}", doc=doc, type=kind, trigger=TextSpan(trigger, 0, len(trigger)),
        evidence=TextSpan(evidence, 0, len(evidence)), actors=actors, recipients=recipients, location=place,
        date=EventDate(date, precision, None) if date else None, dead=dead, injured=injured,
        modality=modality, negated=negated,
    )


def quote(doc: str, n: int, content: str, speaker: str, entity: str | None = None, cue: str = "said") -> Quote:
    """A quote of document ``doc``."""
    return Quote(id=f"{doc}-q{n}", content=TextSpan(content, 0, len(content)),
                 speaker=Speaker(speaker, 0, len(speaker), entity), cue=TextSpan(cue, 0, len(cue)), direct=True)


def document(doc_id: str, text: str, *, title: str, source: str | None, published: str | None,
             events: tuple[Event, ...] = (), quotes: tuple[Quote, ...] = (),
             entities: tuple[EntityMention, ...] = ()) -> Document:
    """A document with its extraction."""
    return Document(id=doc_id, text=text, title=title, source=source, published=published, events=events,
                    quotes=quotes, entities=entities)
