"""Event clusters: events from different reports (or repeated in one) that describe the same real-world event.

Events are taken story by story in publication order; each joins the best compatible cluster of
its block (same story, compatible PLOVER type, same historical/negated standing) or starts a new
one. Two events can be the same only if their dates agree within their precision and their places
agree (same place, or one inside the other); an attacker in one report who is the target in the
other (a strike and the retaliation), attacks on state targets of opposite sides, and meetings with
no participant in common stay apart. An event told as going on ("continued on Sunday for the third
day") reaches back over the days it lasted; an event (or, in the second pass, a cluster) dated the
day after a cluster's main day joins only through strong agreement with a report of that day (a
claim about the next day is often another event). Among compatible candidates the score adds
up agreement: same day, same place, shared actors and recipients, equal counts, the same trigger,
overlapping evidence words. Disagreement on the perpetrator or the toll lowers the score but does
not separate reports that agree on when and where: that disagreement is what ``conflicts`` reports.

Cluster ids derive from the first event (``c-<event id>``), so adding later reports keeps them.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from rashomon.link.compare import (
    ArgKey,
    arg_key,
    best_match,
    date_interval,
    date_relation,
    incompatible,
    magnitudes_compatible,
    place_key,
    place_rank,
    place_relation,
    roles_reversed,
    targets_apart,
    trigger_key,
    types_compatible,
)
from rashomon.link.text import words
from rashomon.link.themes import theme, theme_agreement
from rashomon.model import Document, Event, EventDate, Place

log = logging.getLogger(__name__)

COUNTRY_RANK = 2  # place_rank of a country
HISTORICAL_DAYS = 45
HOSTILE_TYPES = frozenset({"ASSAULT", "COERCE"})  # attacks, where the side targeted tells two events apart
MEETING_TYPES = frozenset({"CONSULT", "COOPERATE"})  # meetings, where the participants tell two events apart
_ONE_DAY = dt.timedelta(days=1)  # an event that ended this long before its report is background


@dataclass(frozen=True)
class ClusterOptions:
    """Settings of event clustering."""

    threshold: float = 3.0  # score needed to join a cluster
    strong: float = 2.5  # agreement (without date and place) that lets adjacent days or two towns merge
    candidates: int = 200  # most recent clusters of a block considered
    members: int = 40  # members of a cluster compared (first and latest)
    sample: int = 12  # members of each cluster compared when merging two clusters
    merge_candidates: int = 200  # later clusters of a block a cluster may absorb in the second pass


@dataclass
class Prepared:
    """An event with what comparisons need, computed once."""

    event: Event
    story: str
    date: EventDate | None
    actors: list[ArgKey]
    recipients: list[ArgKey]
    trigger: str
    words: frozenset[str]
    historical: bool
    place: Place | None = None  # the event's place, else the place its report names most
    site: Place | None = None  # the event's own place (a meeting's topic, "the situation in Idlib", is not one)
    ongoing: int = 0  # days before its date the event may have begun ("continued on Sunday for the third day")
    theme: frozenset[str] = frozenset()  # what the event is about ("an international inquiry"), synonyms folded


@dataclass
class EventGroup:
    """A cluster under construction: its story and member events in arrival order."""

    story: str
    members: list[Prepared] = field(default_factory=list)
    span: tuple[dt.date, dt.date] | None = None  # days covered by the members' dates (None: some undated)
    undated: bool = False

    @property
    def id(self) -> str:
        """Deterministic id from the first event."""
        return f"c-{self.members[0].event.id}"

    def add(self, p: Prepared) -> None:
        """Add a member and widen the span of days the cluster covers."""
        self.members.append(p)
        interval = _interval(p)
        if interval is None:
            self.undated = True
        elif self.span is None:
            self.span = interval
        else:
            self.span = (min(self.span[0], interval[0]), max(self.span[1], interval[1]))

    def may_meet(self, interval: tuple[dt.date, dt.date] | None) -> bool:
        """Cheap pre-check: could an event on these days (adjacent days included) belong here?"""
        if interval is None or self.undated or self.span is None:
            return True
        return self.span[0] - _ONE_DAY <= interval[1] and interval[0] <= self.span[1] + _ONE_DAY


def prepare(event: Event, doc: Document, story: str, canon: dict[str, str]) -> Prepared:
    """Precompute an event's comparison keys (an undated event is dated by its report)."""
    date = event.date
    if (date is None or not date.value) and doc.published:
        date = EventDate(value=doc.published[:10], precision="document", text=None)
    return Prepared(
        event=event, story=story, date=date,
        actors=[arg_key(a, canon) for a in event.actors],
        recipients=[arg_key(a, canon) for a in event.recipients],
        trigger=trigger_key(event.trigger.text),
        words=frozenset(words(event.evidence.text)),
        historical=event.modality == "historical" or _long_before(date, doc.published),
        place=event.location or main_place(doc),
        site=_site(event),
        ongoing=_ongoing_days(event.evidence.text) if date is not None and date.precision in ("day", "time") else 0,
        theme=theme(event),
    )


def _ongoing_days(text: str) -> int:
    """How many days before its date an event told as going on had begun: "for the third consecutive day" is 2,
    a bare "continued" the default from the linking knowledge."""
    from rashomon.link.compare import knowledge

    cues = knowledge()["ongoing"]
    low = " ".join(text.lower().split())
    ordinals: dict[str, int] = cues["ordinals"]
    for word, n in ordinals.items():
        if any(f"{word} {phrase}" in low for phrase in cues["day_words"]):
            return n - 1
    if any(f" {verb} " in f" {low} " for verb in cues["verbs"]):
        return int(cues["default_days"]) - 1
    return 0


def _interval(p: Prepared) -> tuple[dt.date, dt.date] | None:
    """The days an event may cover: its date's, reaching back over the days an ongoing event had lasted."""
    interval = date_interval(p.date)
    if interval is None or not p.ongoing:
        return interval
    return interval[0] - dt.timedelta(days=p.ongoing), interval[1]


def _date_relation(a: Prepared, b: Prepared) -> str:
    """``date_relation`` of two events, an ongoing event's earlier days included."""
    if a.ongoing or b.ongoing:
        ia, ib = _interval(a), _interval(b)
        if ia is not None and ib is not None and ia[0] <= ib[1] and ib[0] <= ia[1]:
            return "overlap"
    return date_relation(a.date, b.date)


def _site(event: Event) -> Place | None:
    """Where the event happened: a meeting's place named inside what it discussed ("the situation in Idlib") is
    its topic, not its venue."""
    loc = event.location
    if loc is None or event.type not in MEETING_TYPES:
        return loc
    if any(r.start <= loc.start and loc.end <= r.end for r in event.recipients):
        return None
    return loc


def main_place(doc: Document) -> Place | None:
    """The most named specific place of a report (a town or province over a country), if any."""
    places = [p for p in doc.places if p.name and p.feature not in ("country", "continent", "region")]
    if not places:
        return None
    counts = Counter(place_key(p) for p in places)
    return max(places, key=lambda p: counts[place_key(p)])


def _long_before(date: EventDate | None, published: str | None) -> bool:
    """An event dated well before its report (background, not news), whatever its modality says."""
    interval = date_interval(date)
    pub = date_interval(EventDate(published[:10], "day")) if published else None
    return bool(interval and pub and (pub[0] - interval[1]).days > HISTORICAL_DAYS)


def _agreement(a: Prepared, b: Prepared) -> float:
    """Score of the evidence, other than date and place, that two events are one."""
    ea, eb = a.event, b.event
    s = best_match(a.actors, b.actors) + best_match(a.recipients, b.recipients)
    if incompatible(a.actors, b.actors):
        s -= 0.5
    if incompatible(a.recipients, b.recipients):
        s -= 0.25
    for ma, mb in ((ea.dead, eb.dead), (ea.injured, eb.injured)):
        if ma is not None and mb is not None:
            if (ma.min, ma.max) == (mb.min, mb.max):
                s += 1.0
            elif magnitudes_compatible(ma, mb):
                s += 0.5
            else:
                s -= 0.5
    if a.trigger and a.trigger == b.trigger:
        s += 0.5
    if a.words and b.words:
        s += 2.0 * len(a.words & b.words) / len(a.words | b.words)
    s += theme_agreement(a.theme, b.theme, ea.type, eb.type)
    if ea.type != eb.type:
        s -= 0.5
    return s


def pair_score(a: Prepared, b: Prepared, options: ClusterOptions | None = None) -> float | None:
    """How strongly two events are the same real-world event; ``None`` when they cannot be."""
    if roles_reversed(a.actors, a.recipients, b.actors, b.recipients) or _hostile_apart(a, b):
        return None
    return _scored(a, b, options or ClusterOptions(), _date_relation(a, b))


def _scored(a: Prepared, b: Prepared, opts: ClusterOptions, dr: str) -> float | None:
    """``pair_score`` once roles and hostile targets are known not to keep the events apart (``dr``: their date
    relation)."""
    ea, eb = a.event, b.event
    if a.historical != b.historical or ea.negated != eb.negated or not types_compatible(ea.type, eb.type):
        return None
    if (ea.modality == "hypothetical") != (eb.modality == "hypothetical"):
        return None  # a kind of event a text names ("an attack on any member") is no report of one that happened
    if _two_in_one_sentence(ea, eb):
        return None
    other = _agreement(a, b)
    s = other
    if dr == "different" or dr == "near" and other < opts.strong:
        return None
    reported = _by_report(a.date) or _by_report(b.date)
    if dr == "same":
        s += 2.0
    elif dr == "overlap" and _short(a.date) and _short(b.date):
        s += 1.0 if reported else 2.0
    elif dr == "overlap":
        s += 0.25
    if ea.doc == eb.doc and (dr == "same" or dr == "overlap" and reported):
        s += 1.0  # a report that mentions the same kind of event twice on the same days usually means one event
    pr = place_relation(a.site, b.site)
    if pr == "different":
        if _countries_apart(a.site, b.site):
            return None
        s -= 1.5
    elif pr == "same":
        s += 1.5
    elif pr == "inside":
        s += 0.75
    elif place_relation(a.place, b.place) in ("same", "inside"):
        s += 0.75  # where one report does not say, the place its report is about
    return s


def _two_in_one_sentence(a: Event, b: Event) -> bool:
    """Two events of different types told by one sentence through different words ("refused the calls for an
    investigation": a rejection and the demand rejected) are two events, not one told twice."""
    if a.doc != b.doc or a.type == b.type or (a.evidence.start, a.evidence.end) != (b.evidence.start, b.evidence.end):
        return False
    return a.trigger.end <= b.trigger.start or b.trigger.end <= a.trigger.start


def vetoed(a: Prepared, b: Prepared) -> bool:
    """Whether two events can never share a cluster, even through other reports (dates or countries apart,
    attacker and target swapped)."""
    return _unvetoed_relation(a, b) is None


def _unvetoed_relation(a: Prepared, b: Prepared) -> str | None:
    """The date relation of two events that no veto keeps apart, else ``None``."""
    dr = _date_relation(a, b)
    if dr == "different" or roles_reversed(a.actors, a.recipients, b.actors, b.recipients) or _hostile_apart(a, b) \
            or _countries_apart(a.site, b.site):
        return None
    return dr


def _hostile_apart(a: Prepared, b: Prepared) -> bool:
    """Two attacks on opposite sides' state targets (troops, positions) are two attacks; two meetings with no
    participant in common (NATO's allies; Putin and Erdogan) are two meetings."""
    ta, tb = a.event.type, b.event.type
    if ta in HOSTILE_TYPES and tb in HOSTILE_TYPES:
        return targets_apart(a.recipients, b.recipients)
    if ta in MEETING_TYPES and tb in MEETING_TYPES:
        return incompatible(a.actors + a.recipients, b.actors + b.recipients)
    return False


def _countries_apart(a: Place | None, b: Place | None) -> bool:
    """Two specific places (towns, provinces) in different countries; a bare country name is often the topic."""
    if a is None or b is None or not a.country or not b.country or a.country == b.country:
        return False
    return place_rank(a) > COUNTRY_RANK and place_rank(b) > COUNTRY_RANK


def _by_report(date: EventDate | None) -> bool:
    return date is not None and date.precision == "document"


def _short(date: EventDate | None) -> bool:
    """A date that pins the event to a few days (a day, or the days just before a report)."""
    return date is not None and date.precision in ("day", "time", "document")


def _family(kind: str) -> str:
    from rashomon.link.compare import knowledge

    for pair in knowledge()["compatible_types"]:
        if kind in pair:
            return str(min(pair))
    return kind


def cluster_events(docs: Sequence[Document], story_of: dict[str, str], canon: dict[str, str],
                   options: ClusterOptions | None = None) -> list[EventGroup]:
    """Group the events of ``docs`` (in the given publication order) into same-event clusters."""
    opts = options or ClusterOptions()
    groups: list[EventGroup] = []
    blocks: dict[tuple[str, str, bool, bool, bool], list[int]] = {}
    compared = 0
    for doc in docs:
        story = story_of.get(doc.id, "")
        for event in doc.events:
            p = prepare(event, doc, story, canon)
            key = (story, _family(event.type), p.historical, event.negated, event.modality == "hypothetical")
            block = blocks.setdefault(key, [])
            best, best_score = None, opts.threshold
            interval = _interval(p)
            for gi in block[-opts.candidates :]:
                g = groups[gi]
                if not g.may_meet(interval):
                    continue
                members = g.members if len(g.members) <= opts.members else \
                    g.members[: opts.members // 2] + g.members[-opts.members // 2 :]
                if _places_apart(p.site, dominant_place(members)):
                    continue
                if _day_apart(p, members, opts):
                    continue
                top = float("-inf")
                for m in members:
                    compared += 1
                    dr = _unvetoed_relation(p, m)
                    if dr is None:
                        top = float("-inf")
                        break
                    sc = _scored(p, m, opts, dr)  # the vetoes already cover pair_score's own
                    if sc is not None:
                        top = max(top, sc)
                if top >= best_score:
                    best, best_score = gi, top
            if best is None:
                group = EventGroup(story=story)
                group.add(p)
                groups.append(group)
                block.append(len(groups) - 1)
            else:
                groups[best].add(p)
    merged = _second_pass(groups, blocks, opts)
    log.debug("clusters: %d clusters (%d merged in the second pass), %d comparisons", len(groups) - merged, merged,
              compared)
    return [g for g in groups if g.members]


def _day_apart(p: Prepared, members: Sequence[Prepared], opts: ClusterOptions) -> bool:
    """An event dated to the day next to the day most of a cluster's precisely dated reports give joins only if it
    agrees strongly with one of those reports (a claim about the day after is often another event)."""
    return _days_apart([p] if _precise(p.date) else [], _main_day(members), opts)


def _main_day(members: Sequence[Prepared]) -> list[Prepared]:
    """The members dated precisely to the day most of a cluster's precisely dated members give."""
    days = [m for m in members if m.date is not None and _precise(m.date)]
    if not days:
        return []
    counts = Counter(m.date.value[:10] for m in days if m.date)
    top = max(counts, key=lambda d: (counts[d], d))
    return [m for m in days if m.date and m.date.value[:10] == top]


def _days_apart(xs: Sequence[Prepared], ys: Sequence[Prepared], opts: ClusterOptions) -> bool:
    """Two groups of reports of adjacent days belong together only if some pair agrees strongly."""
    if not xs or not ys or _date_relation(xs[0], ys[0]) != "near":
        return False
    return all(pair_score(x, y, opts) is None for x in xs for y in ys)


def _precise(date: EventDate | None) -> bool:
    return date is not None and date.precision in ("day", "time") and len(date.value) >= 10


def dominant_place(members: Sequence[Prepared]) -> Place | None:
    """The specific place (a town or province) most members of a cluster name explicitly, if any."""
    places = [m.site for m in members if m.site is not None and place_rank(m.site) > COUNTRY_RANK]
    if not places:
        return None
    counts = Counter(place_key(p) for p in places)
    return max(places, key=lambda p: counts[place_key(p)])


def _places_apart(a: Place | None, b: Place | None) -> bool:
    """Two specific places, neither inside the other: a cluster keeps to where most of its reports put it."""
    return a is not None and b is not None and place_rank(a) > COUNTRY_RANK and place_rank(b) > COUNTRY_RANK \
        and place_relation(a, b) == "different"


def _sample(members: list[Prepared], n: int) -> list[Prepared]:
    return members if len(members) <= n else members[: n // 2] + members[-(n // 2) :]


def _second_pass(groups: list[EventGroup], blocks: dict[tuple[str, str, bool, bool, bool], list[int]],
                 opts: ClusterOptions) -> int:
    """Merge clusters that an earlier event could not join because the report linking them came later."""
    merged = 0
    for block in blocks.values():
        for n, gi in enumerate(block):
            g = groups[gi]
            if not g.members:
                continue
            for hi in block[n + 1 : n + 1 + opts.merge_candidates]:
                h = groups[hi]
                if not h.members or not g.may_meet(h.span if not h.undated else None):
                    continue
                ga, hb = _sample(g.members, opts.sample), _sample(h.members, opts.sample)
                if _places_apart(dominant_place(ga), dominant_place(hb)):
                    continue
                relations = _relations(ga, hb)
                if relations is None:
                    continue
                if _days_apart(_sample(_main_day(g.members), opts.sample), _sample(_main_day(h.members), opts.sample),
                               opts):
                    continue
                scores = [_scored(a, b, opts, dr) for a, b, dr in relations]
                if max((x for x in scores if x is not None), default=float("-inf")) >= opts.threshold:
                    for m in h.members:
                        g.add(m)
                    h.members = []
                    merged += 1
    return merged


def _relations(xs: list[Prepared], ys: list[Prepared]) -> list[tuple[Prepared, Prepared, str]] | None:
    """Every pair of two member samples with its date relation, or ``None`` as soon as one pair is vetoed."""
    out = []
    for a in xs:
        for b in ys:
            dr = _unvetoed_relation(a, b)
            if dr is None:
                return None
            out.append((a, b, dr))
    return out


def most_common(values: Sequence[str]) -> str:
    """The most frequent value (the first seen on ties)."""
    counts = Counter(values)
    return max(values, key=lambda v: counts[v])
