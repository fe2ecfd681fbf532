"""Field-by-field comparison of event records: dates within precision, places by containment, actors, counts.

These small predicates decide both whether two reports describe the same event (``clusters``) and
whether their values for one field disagree (``conflicts``): a compatible refinement ("dozens" and
33; Idlib governorate and a town in it) is never a conflict.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass
from typing import Any

from rashomon.data import load_json
from rashomon.link.text import fold, stem, words
from rashomon.model import Argument, EventDate, Magnitude, Place

DOCUMENT_DAYS_BEFORE = 2  # an event dated only by its report happened on the publication day or shortly before


@functools.lru_cache(maxsize=1)
def knowledge() -> dict[str, Any]:
    """The linking knowledge file (type compatibility, ranks, digest verbs, claim cues)."""
    return load_json("en/linking.json")  # type: ignore[no-any-return]


@functools.lru_cache(maxsize=1)
def _compatible_types() -> frozenset[frozenset[str]]:
    return frozenset(frozenset(p) for p in knowledge()["compatible_types"])


def types_compatible(a: str, b: str) -> bool:
    """Whether two PLOVER types may describe the same event (equal, or listed as compatible)."""
    return a == b or frozenset((a, b)) in _compatible_types()


# --- dates ----------------------------------------------------------------------------------------

_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})")
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_YEAR = re.compile(r"^(\d{4})$")
_WEEK = re.compile(r"^(\d{4})-W(\d{2})$")


@functools.lru_cache(maxsize=1 << 16)
def date_interval(date: EventDate | None) -> tuple[dt.date, dt.date] | None:
    """The days an event date may fall on, from its TIMEX3 value and precision (``None`` if unknown; memoised,
    as clustering asks it for every pair)."""
    if date is None or not date.value:
        return None
    value = date.value
    try:
        if m := _DAY.match(value):
            day = dt.date(int(m[1]), int(m[2]), int(m[3]))
            if date.precision == "document":
                return day - dt.timedelta(days=DOCUMENT_DAYS_BEFORE), day
            return day, day
        if m := _MONTH.match(value):
            start = dt.date(int(m[1]), int(m[2]), 1)
            nxt = dt.date(start.year + start.month // 12, start.month % 12 + 1, 1)
            return start, nxt - dt.timedelta(days=1)
        if m := _YEAR.match(value):
            return dt.date(int(m[1]), 1, 1), dt.date(int(m[1]), 12, 31)
        if m := _WEEK.match(value):
            start = dt.date.fromisocalendar(int(m[1]), int(m[2]), 1)
            return start, start + dt.timedelta(days=6)
    except ValueError:
        return None
    return None


def precision_rank(date: EventDate | None) -> int:
    """How precise a date is (higher is more precise; unknown is -1)."""
    if date is None:
        return -1
    ranks: dict[str, int] = knowledge()["date_precision_rank"]
    return ranks.get(date.precision, 1)


@functools.lru_cache(maxsize=1 << 16)
def date_relation(a: EventDate | None, b: EventDate | None) -> str:
    """``same`` (same day, both precise), ``overlap`` (compatible within precision), ``near`` (adjacent
    precise days), ``different`` or ``unknown``."""
    ia, ib = date_interval(a), date_interval(b)
    if ia is None or ib is None:
        return "unknown"
    if ia[0] <= ib[1] and ib[0] <= ia[1]:
        precise = a is not None and b is not None and a.precision != "document" and b.precision != "document"
        return "same" if precise and ia == ib and ia[0] == ia[1] else "overlap"
    if ia[0] == ia[1] and ib[0] == ib[1] and abs((ia[0] - ib[0]).days) == 1:
        return "near"
    return "different"


# --- places ---------------------------------------------------------------------------------------


def place_rank(place: Place) -> int:
    """How specific a place is (a town is more specific than its province or country)."""
    ranks: dict[str, int] = knowledge()["place_rank"]
    return ranks.get(place.feature or "city", 5)


def place_key(place: Place) -> str:
    """Identity of a place: its gazetteer id, else its folded name."""
    return f"g{place.geonameid}" if place.geonameid else fold(place.name or place.text)


def place_relation(a: Place | None, b: Place | None) -> str:
    """``same``, ``inside`` (one contains the other: town in its admin1 or country), ``different`` or ``unknown``."""
    if a is None or b is None:
        return "unknown"
    if place_key(a) == place_key(b):
        return "same"
    if a.country and b.country and a.country != b.country:
        return "different"
    outer, inner = (a, b) if place_rank(a) <= place_rank(b) else (b, a)
    if outer.feature == "country" and (inner.country == outer.country or not inner.country):
        return "inside"
    if outer.feature in ("admin1", "region", "admin2") and inner.admin1 and outer.admin1 and inner.admin1 == outer.admin1:
        return "inside"
    if outer.feature in ("admin1", "region", "admin2") and inner.admin1 and fold(inner.admin1) == fold(outer.name or outer.text):
        return "inside"
    return "different"


# --- actors and recipients --------------------------------------------------------------------------


@dataclass(frozen=True)
class ArgKey:
    """What identifies an actor or recipient when comparing reports: canonical entity, codes, head word."""

    entity: str | None
    country: str | None
    sector: str | None
    head: str | None

    @property
    def coded(self) -> bool:
        """Whether the argument has a country or sector code (so it can be judged incompatible)."""
        return bool(self.country or self.sector)


def arg_key(arg: Argument, canon: dict[str, str]) -> ArgKey:
    """Comparison key of an event argument (its local entity id mapped to the canonical one)."""
    entity = canon.get(arg.entity, arg.entity) if arg.entity else None
    ws = words(_HEAD_CUT.split(arg.text, maxsplit=1)[0]) or words(arg.text)
    return ArgKey(entity, arg.country, arg.sector, ws[-1] if ws else None)


_HEAD_CUT = re.compile(r"\s(?:of|in|at|on|from|near|by|with|carrying|transporting|outside|who|that|which)\s|[,(]")


def args_match(a: ArgKey, b: ArgKey) -> float:
    """How strongly two arguments are the same actor: 1.5 same entity, 1 same codes, 0.5 same head, else 0."""
    if a.entity and a.entity == b.entity:
        return 1.5
    if a.coded and b.coded and codes_compatible(a, b):
        return 1.0 if a.country and a.country == b.country and a.sector and a.sector == b.sector else 0.6
    if a.head and a.head == b.head:
        return 0.5
    return 0.0


def codes_compatible(a: ArgKey, b: ArgKey) -> bool:
    """Country and sector agree wherever both are known (one state's government and army agree; so does an entity)."""
    if a.entity and a.entity == b.entity:
        return True
    if a.country and b.country and a.country != b.country:
        return False
    if a.sector and b.sector and a.sector != b.sector:
        state = set(knowledge()["state_sectors"])
        return a.sector in state and b.sector in state and bool(a.country) and a.country == b.country
    return True


def best_match(xs: list[ArgKey], ys: list[ArgKey]) -> float:
    """The strongest match between any argument of ``xs`` and any of ``ys``."""
    return max((args_match(x, y) for x in xs for y in ys), default=0.0)


def incompatible(xs: list[ArgKey], ys: list[ArgKey]) -> bool:
    """Both sides name coded arguments and none of one side is compatible with any of the other."""
    cx, cy = [x for x in xs if x.coded or x.entity], [y for y in ys if y.coded or y.entity]
    if not cx or not cy:
        return False
    return not any(codes_compatible(x, y) and (x.coded and y.coded or x.entity == y.entity) for x in cx for y in cy)


def _same_side(x: ArgKey, y: ArgKey) -> bool:
    """Same country and, where both are known, the same kind of sector (a state's government and army are one side)."""
    if not x.country or x.country != y.country:
        return False
    if not x.sector or not y.sector or x.sector == y.sector:
        return True
    state = set(knowledge()["state_sectors"])
    return x.sector in state and y.sector in state


def _reverses(a_act: list[ArgKey], a_rec: list[ArgKey], b_act: list[ArgKey], b_rec: list[ArgKey]) -> bool:
    for x in a_act:
        if not x.sector or not any(y.sector and _same_side(x, y) for y in b_rec):
            continue
        if any(_same_side(x, z) for z in b_act) or any(_same_side(x, w) for w in a_rec):
            continue  # the same side acts in both, or hits itself: not a reversal
        if not a_rec or any(_same_side(r, q) for r in a_rec for q in b_act):
            return True
        if not b_act and any(r.country for r in a_rec) and not any(_same_side(r, q) for r in a_rec for q in b_rec):
            return True  # the other names no attacker, but hits this attacker's side and none of this one's targets
    return False


def roles_reversed(actors_a: list[ArgKey], recips_a: list[ArgKey], actors_b: list[ArgKey], recips_b: list[ArgKey]) -> bool:
    """Whether one event's actor is the other's target (a strike and the retaliation), never the same side acting."""
    return _reverses(actors_a, recips_a, actors_b, recips_b) or _reverses(actors_b, recips_b, actors_a, recips_a)


def targets_apart(recips_a: list[ArgKey], recips_b: list[ArgKey]) -> bool:
    """Both attacks name state targets (troops, officials, positions) of known countries, and no target of one is
    on the side of any target of the other: a strike on Turkish troops and one on Syrian army positions are two."""
    state = set(knowledge()["state_sectors"])
    sa = [r for r in recips_a if r.country and r.sector in state]
    sb = [r for r in recips_b if r.country and r.sector in state]
    if not sa or not sb:
        return False
    return not any(_same_side(x, y) for x in recips_a for y in recips_b) and \
        not any(x.entity and x.entity == y.entity for x in recips_a for y in recips_b)


# --- counts ------------------------------------------------------------------------------------------


def magnitude_range(m: Magnitude) -> tuple[float, float]:
    """``[min, max]`` of a count; an open count ("at least 30", "dozens") has no upper bound."""
    low = m.min if m.min is not None else 0
    high = m.max if m.max is not None else float("inf")
    return float(low), float(high)


def magnitudes_compatible(a: Magnitude, b: Magnitude) -> bool:
    """Whether two counts can both be true ("dozens" and 33 can; 33 and 9 cannot)."""
    la, ha = magnitude_range(a)
    lb, hb = magnitude_range(b)
    return la <= hb and lb <= ha


def trigger_key(text: str) -> str:
    """Comparison key of a trigger: the stem of its last word."""
    ws = re.findall(r"[A-Za-z]+", text)
    return stem(ws[-1]) if ws else ""
