"""The merged view of a cluster: one date, place, actors, recipients and counts from all its reports.

Each field takes the value most reports agree with, preferring the most precise among them (a
day over a month, a town over its province, "33" over "dozens"): a refinement the others allow.
"""

from __future__ import annotations

from collections.abc import Sequence

from rashomon.link.clusters import Prepared
from rashomon.link.compare import (
    ArgKey,
    date_relation,
    magnitude_range,
    magnitudes_compatible,
    place_rank,
    place_relation,
    precision_rank,
)
from rashomon.model import Argument, EventDate, Magnitude, Place


def merged_date(members: Sequence[Prepared]) -> EventDate | None:
    """The date most reports allow, the most precise first (a report date only when nothing better)."""
    dates = [m.date for m in members if m.date is not None and m.date.value]
    if not dates:
        return None

    explicit = sorted((d for d in dates if d.precision != "document"), key=lambda d: d.value) or dates
    return max(explicit, key=lambda d: (sum(date_relation(d, o) in ("same", "overlap") for o in dates),
                                        precision_rank(d)))


def merged_place(members: Sequence[Prepared]) -> Place | None:
    """The place most reports allow (same or containing), the most specific first."""
    places = [m.site for m in members if m.site is not None]
    if not places:
        return None
    return max(places, key=lambda p: (sum(place_relation(p, o) in ("same", "inside") for o in places), place_rank(p)))


def merged_magnitude(values: Sequence[Magnitude | None]) -> Magnitude | None:
    """The count most reports allow, the narrowest first ("33" over "at least 30" and "dozens")."""
    mags = [m for m in values if m is not None]
    if not mags:
        return None

    def width(m: Magnitude) -> float:
        low, high = magnitude_range(m)
        return high - low

    return max(mags, key=lambda m: (sum(magnitudes_compatible(m, o) for o in mags), -width(m)))


def merged_arguments(members: Sequence[Prepared], role: str) -> tuple[Argument, ...]:
    """Distinct actors (or recipients) over all reports, the most reported first."""
    seen: dict[tuple[str | None, ...], tuple[Argument, int, int]] = {}
    order = 0
    for m in members:
        args = m.event.actors if role == "actor" else m.event.recipients
        keys: list[ArgKey] = m.actors if role == "actor" else m.recipients
        for arg, key in zip(args, keys, strict=False):
            k: tuple[str | None, ...] = (key.entity,) if key.entity else (key.country, key.sector, key.head)
            if k in seen:
                first, count, pos = seen[k]
                seen[k] = (first, count + 1, pos)
            else:
                seen[k] = (arg, 1, order)
                order += 1
    return tuple(a for a, _, _ in sorted(seen.values(), key=lambda t: (-t[1], t[2])))
