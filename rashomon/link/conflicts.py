"""Conflicting accounts inside one cluster, field by field: actor, recipient, dead, injured, place, date.

Values of a field are grouped so that compatible refinements fall together ("dozens" with 33,
"at least 30" with 33, Idlib governorate with a town in it, a coded actor with the same actor
named more precisely). A field is in conflict when two groups cannot both be true; each side
lists the value and the events, documents and sources behind it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from rashomon.link.clusters import COUNTRY_RANK, Prepared
from rashomon.link.compare import (
    ArgKey,
    codes_compatible,
    date_relation,
    knowledge,
    magnitudes_compatible,
    place_rank,
    place_relation,
)
from rashomon.model import Argument, Conflict, ConflictValue, EventDate, Magnitude, Place

V = TypeVar("V")


@dataclass
class _Side(Generic[V]):
    key: V
    labels: list[str] = field(default_factory=list)
    members: list[Prepared] = field(default_factory=list)
    key_label: str = ""  # the label of the side's most specific value


def _sides(items: Sequence[tuple[Prepared, V, str]], same: Callable[[V, V], bool],
           finer: Callable[[V, V], bool]) -> list[_Side[V]]:
    """Group values so that compatible ones share a side; a side keeps its most specific value."""
    sides: list[_Side[V]] = []
    for member, value, label in items:
        for s in sides:
            if same(s.key, value):
                if finer(value, s.key):
                    s.key, s.key_label = value, label
                s.labels.append(label)
                s.members.append(member)
                break
        else:
            sides.append(_Side(value, [label], [member], label))
    return sides


def _conflict(name: str, sides: Sequence[_Side[Any]], source_of: dict[str, str],
              clash: Callable[[Any, Any], bool]) -> Conflict | None:
    if len(sides) < 2 or not any(clash(a.key, b.key) for i, a in enumerate(sides) for b in sides[i + 1 :]):
        return None
    values = []
    for s in sorted(sides, key=lambda s: -len({m.event.doc for m in s.members})):
        counts = Counter(s.labels)
        top = max(counts.values())
        label = s.key_label if counts[s.key_label] == top else next(x for x in s.labels if counts[x] == top)
        docs = tuple(dict.fromkeys(m.event.doc for m in s.members))
        values.append(ConflictValue(value=label, events=tuple(m.event.id for m in s.members), docs=docs,
                                    sources=tuple(sorted({source_of.get(d, d) for d in docs}))))
    return Conflict(field=name, values=tuple(values))


# --- actors and recipients ----------------------------------------------------------------------------


def _arg_label(arg: Argument, key: ArgKey) -> str:
    codes = "/".join(c for c in (key.country, key.sector) if c)
    return f"{arg.text} ({codes})" if codes else arg.text


def _same_actor(a: ArgKey, b: ArgKey) -> bool:
    if a.entity and a.entity == b.entity:
        return True
    return codes_compatible(a, b) and a.coded and b.coded and (a.country == b.country or a.sector == b.sector)


def _finer_actor(a: ArgKey, b: ArgKey) -> bool:
    return (bool(a.country) + bool(a.sector)) > (bool(b.country) + bool(b.sector))


def _argument_conflict(name: str, members: Sequence[Prepared], source_of: dict[str, str]) -> Conflict | None:
    items = []
    for m in members:
        args = m.event.actors if name == "actor" else m.event.recipients
        keys = m.actors if name == "actor" else m.recipients
        for arg, key in zip(args, keys, strict=False):
            # a target is judged by who it is (country and sector both known): "rescuers" beside
            # "Turkish soldiers" is another victim, not a rival account
            eligible = key.country and key.sector if name == "recipient" else key.coded or key.entity
            if eligible:
                items.append((m, key, _arg_label(arg, key)))
                break
    sides = _sides(items, _same_actor, _finer_actor)
    return _conflict(name, sides, source_of, _rival_actors if name == "actor" else _rival_targets)


def _rival_actors(a: ArgKey, b: ArgKey) -> bool:
    return not codes_compatible(a, b)


def _rival_targets(a: ArgKey, b: ArgKey) -> bool:
    """Two accounts of who was hit: the same country's people told as civilians and as fighters, or the same kind of
    target from two countries. Another country's other kind of people (rescuers beside soldiers) are more victims."""
    if codes_compatible(a, b):
        return False
    state = set(knowledge()["state_sectors"])
    return a.country == b.country or a.sector == b.sector or a.sector in state and b.sector in state


# --- counts, places, dates ----------------------------------------------------------------------------


def _count_conflict(name: str, members: Sequence[Prepared], source_of: dict[str, str]) -> Conflict | None:
    items: list[tuple[Prepared, Magnitude, str]] = []
    for m in members:
        mag = m.event.dead if name == "dead" else m.event.injured
        if mag is not None:
            items.append((m, mag, mag.text or str(mag.min)))
    sides = _sides(items, lambda a, b: (a.min, a.max) == (b.min, b.max), lambda a, b: False)
    return _conflict(name, sides, source_of, lambda a, b: not magnitudes_compatible(a, b))


def place_label(place: Place) -> str:
    """Readable place: name, then admin1 and country when known."""
    parts = [place.name or place.text]
    parts += [p for p in (place.admin1, place.country) if p and p != parts[0]]
    return ", ".join(parts)


def _place_conflict(members: Sequence[Prepared], source_of: dict[str, str]) -> Conflict | None:
    located = [m for m in members if m.site]  # a meeting's topic ("the situation in Idlib") is not where it was
    if any(place_rank(m.site) > COUNTRY_RANK for m in located if m.site):
        # a bare country beside towns is a refinement, or the topic rather than the scene
        located = [m for m in located if m.site and place_rank(m.site) > COUNTRY_RANK]
    items = [(m, m.site, place_label(m.site)) for m in located if m.site]
    sides = _sides(items, lambda a, b: place_relation(a, b) in ("same", "inside"),
                   lambda a, b: place_rank(a) > place_rank(b))
    return _conflict("place", sides, source_of, lambda a, b: place_relation(a, b) == "different")


def _date_conflict(members: Sequence[Prepared], source_of: dict[str, str]) -> Conflict | None:
    items: list[tuple[Prepared, EventDate, str]] = [
        (m, m.event.date, m.event.date.value) for m in members
        if m.event.date and m.event.date.value and m.event.date.precision != "document"
    ]
    sides = _sides(items, lambda a, b: date_relation(a, b) in ("same", "overlap"),
                   lambda a, b: len(a.value) > len(b.value))
    return _conflict("date", sides, source_of, lambda a, b: date_relation(a, b) in ("near", "different"))


def field_conflicts(members: Sequence[Prepared], source_of: dict[str, str]) -> tuple[Conflict, ...]:
    """Every field of a cluster on which its reports disagree (compatible refinements are not conflicts)."""
    found = [
        _argument_conflict("actor", members, source_of),
        _argument_conflict("recipient", members, source_of),
        _count_conflict("dead", members, source_of),
        _count_conflict("injured", members, source_of),
        _place_conflict(members, source_of),
        _date_conflict(members, source_of),
    ]
    return tuple(c for c in found if c is not None)
