"""Pick the right place for each toponym of a document: population, feature type, country and state focus, nearby places.

Two passes, like a reader: first each name alone (the most prominent place of that name), then
again knowing which countries the document is about and which places it names near each other.
"""

from __future__ import annotations

import functools
import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from rashomon.data import load_tsv
from rashomon.extract.geo.gazetteer import Entry, Gazetteer, distance_km
from rashomon.extract.geo.names import fold

# prior weight of a feature type, on the scale of log10(population)
FEATURE_PRIOR = {"continent": 9.0, "country": 8.5, "admin1": 6.0, "region": 7.5, "admin2": 4.5, "city": 0.0,
                 "feature": 2.0}
MAIN_NAME_BONUS = 2.0
CAPITAL_BONUS = 1.5
FOCUS_WEIGHT = 4.0
NEAR_BONUS = 3.0
REGION_FOCUS_WEIGHT = 3.0
NEAR_KM = 150.0
NAMESAKE_KM = 150.0
BIG_CITY = 1_000_000

_ADMIN_SUFFIX = re.compile(
    r"^(?:the\s+)?(.+?)\s+(province|governorate|region|state|district|county|prefecture|oblast|department|"
    r"parish|municipality|area|city|town|village|cercle|commune)$",
    re.IGNORECASE,
)
_POSSESSIVE = re.compile(r"(?:'s|’s|'|’)$")


def demonyms() -> dict[str, str]:
    """Folded demonym ("turkish") → ISO alpha-2 country code."""
    return _demonyms_cached()


@functools.lru_cache(maxsize=1)
def _demonyms_cached() -> dict[str, str]:
    return {fold(r["demonym"]): r["country"] for r in load_tsv("en/geo/demonyms.tsv")}


@dataclass(frozen=True)
class Resolution:
    """The place chosen for one toponym, with the score that chose it."""

    entry: Entry
    score: float
    via: str  # "name", "suffix" (an admin suffix was stripped), "demonym"


def lookup(gaz: Gazetteer, text: str, *, allow_demonym: bool = False) -> tuple[list[Entry], str]:
    """Candidates for a toponym's surface text, trying a few variants (possessive, admin suffix, demonym)."""
    text = _POSSESSIVE.sub("", text.strip())
    if allow_demonym and (cc := demonyms().get(fold(text))):  # "English" is England's, not a hamlet's
        return _countries_by_alpha2(gaz, cc), "demonym"
    found = list(gaz.candidates(text))
    if text.isupper() and len(fold(text)) <= 3:  # "EU", "SA": an acronym, not a village called "Eu"
        found = [e for e in found if e.feature in ("country", "admin1", "region")]
    if found:
        return found, "name"
    m = _ADMIN_SUFFIX.match(text)
    if m:
        base = list(gaz.candidates(m.group(1)))
        kind = m.group(2).lower()
        if kind in ("city", "town", "village", "commune"):
            preferred = [e for e in base if e.feature == "city"]
        else:
            preferred = [e for e in base if e.feature in ("admin1", "admin2", "region")]
        if preferred or base:
            return preferred or base, "suffix"
    return [], "name"


def _countries_by_alpha2(gaz: Gazetteer, cc: str) -> list[Entry]:
    import pycountry

    country = pycountry.countries.get(alpha_2=cc)
    if country is None:
        return []
    return [e for e in gaz.candidates(country.name) if e.feature == "country"]


def _namesake_town(region: Entry, found: list[Entry]) -> bool:
    """Whether a subdivision is named after a town among ``found`` lying inside it (its capital)."""
    if region.lat is None or region.lon is None:
        return False
    return any(e.feature == "city" and e.country == region.country and fold(e.name) == fold(region.name)
               and e.lat is not None and e.lon is not None
               and distance_km(e.lat, e.lon, region.lat, region.lon) < NAMESAKE_KM for e in found)


def prior(entry: Entry) -> float:
    """How prominent a place is before any context: feature type, population, main-name match."""
    pop = math.log10(entry.population + 1)
    if entry.feature in ("city", "feature"):
        base = max(pop, FEATURE_PRIOR[entry.feature])
    elif entry.feature in ("country", "continent"):
        base = max(FEATURE_PRIOR[entry.feature], pop)
    else:  # subdivisions: their summed population would beat every city of the same name
        base = FEATURE_PRIOR.get(entry.feature, 0.0)
    # a big city's alternate names are its usual English names ("New York" for New York City)
    named = entry.main or (entry.feature == "city" and entry.population >= BIG_CITY)
    bonus = (MAIN_NAME_BONUS if named else 0.0) + (CAPITAL_BONUS if entry.main == 2 else 0.0)
    return base + bonus - (3.0 if entry.lat is None else 0.0)


def resolve_all(
    gaz: Gazetteer, texts: Sequence[str], *, allow_demonym: bool = False, focus: Sequence[str] = ()
) -> list[Resolution | None]:
    """The best place for each toponym text of one document (``None`` when the gazetteer has none)."""
    cands: list[list[Entry]] = []
    vias: list[str] = []
    for t in texts:
        found, via = lookup(gaz, t, allow_demonym=allow_demonym)
        if via != "suffix":  # "Mopti" is the town; "Mopti region" the region
            found = [e for e in found if not (e.feature == "admin1" and _namesake_town(e, found))]
        cands.append(found)
        vias.append(via)
    first = [max(c, key=prior) if c else None for c in cands]

    # country focus: countries named outright count double; every first-pass choice counts once
    votes: Counter[str] = Counter(c for c in focus if c)
    for best in first:
        if best is not None and best.country:
            votes[best.country] += 2 if best.feature == "country" else 1
    total = sum(votes.values()) or 1
    # first-level focus (the state a local story is about): subdivisions named outright count double
    regions: Counter[tuple[str | None, str]] = Counter()
    for best in first:
        if best is not None and best.admin1 and best.feature in ("city", "admin1"):
            regions[(best.country, best.admin1)] += 2 if best.feature == "admin1" else 1
    region_total = sum(regions.values()) or 1
    anchors = [(i, b) for i, b in enumerate(first) if b is not None and b.feature in ("city", "admin1", "admin2")
               and b.lat is not None and len(cands[i]) == 1]

    out: list[Resolution | None] = []
    for i, found in enumerate(cands):
        if not found:
            out.append(None)
            continue
        best_entry, best_score = found[0], -1e9
        for e in found:
            score = prior(e) + FOCUS_WEIGHT * votes.get(e.country or "", 0) / total
            if e.admin1 and e.feature == "city":
                score += REGION_FOCUS_WEIGHT * regions.get((e.country, e.admin1), 0) / region_total
            if e.lat is not None and any(
                j != i and a.id != e.id and a.lat is not None and a.lon is not None and e.lon is not None
                and distance_km(e.lat, e.lon, a.lat, a.lon) < NEAR_KM
                for j, a in anchors
            ):
                score += NEAR_BONUS
            if score > best_score:
                best_entry, best_score = e, score
        out.append(Resolution(best_entry, best_score, vias[i]))
    return out


def as_place_fields(entry: Entry) -> dict[str, object]:
    """The :class:`rashomon.model.Place` fields an entry fills."""
    return {"name": entry.name, "country": entry.country, "admin1": entry.admin1, "lat": entry.lat,
            "lon": entry.lon, "feature": entry.feature, "geonameid": entry.geonameid}


def precision(feature: str | None) -> str:
    """How precise a place is for an event location: point, admin1 or country."""
    if feature in ("country", "continent"):
        return "country"
    if feature in ("admin1", "admin2", "region"):
        return "admin1"
    return "point"


__all__ = ["Resolution", "as_place_fields", "demonyms", "lookup", "precision", "prior", "resolve_all"]
