"""Event clusters: same-event reports merged, distinct and historical events apart, corroboration counted once."""

from __future__ import annotations

from rashomon.link.clusters import ClusterOptions, cluster_events, pair_score, prepare, vetoed
from rashomon.link.corroboration import find_copies
from rashomon.model import Argument, Linking, Place

from .link_builders import BANDIAGARA, DOUENTZA, MOPTI_REGION, arg, document, event, mag
from .link_scenario import IDS, corpus, linked


def _linking() -> Linking:
    return linked()


def _cluster_of(linking: Linking, key: str, n: int) -> str:
    return linking.event_clusters[f"{IDS[key]}-ev{n}"]


def test_market_strike_is_one_cluster_across_outlets_and_within_a_report() -> None:
    lk = _linking()
    market = _cluster_of(lk, "cw", 1)
    for key, n in [("cw", 2), ("sd", 1), ("bt", 1), ("dv", 1), ("rdc", 1), ("rdc", 2)]:
        assert _cluster_of(lk, key, n) == market, (key, n)


def test_historical_and_distinct_events_stay_apart() -> None:
    lk = _linking()
    market = _cluster_of(lk, "cw", 1)
    assert _cluster_of(lk, "cw", 3) != market  # 2023 wedding strike (historical)
    assert _cluster_of(lk, "bt", 2) != market  # lorries set on fire earlier this month
    assert _cluster_of(lk, "cw2", 2) != market  # offensive two days later
    assert _cluster_of(lk, "hws", 1) != market  # pickup strike near Bandiagara on another day
    assert _cluster_of(lk, "cw2", 1) == _cluster_of(lk, "hws", 2)  # UN meeting told by two outlets


def test_syndicated_copy_counts_once() -> None:
    lk = _linking()
    cluster = next(c for c in lk.clusters if c.id == _cluster_of(lk, "cw", 1))
    assert set(cluster.sources) == {"Continental Wire", "Sahel Dispatch", "Bamako Tribune", "Douentza Voices",
                                    "Radio Delta Centre"}
    assert cluster.corroboration == 4 and not cluster.single_source
    assert find_copies(corpus()) == {IDS["sd"]: IDS["cw"]}


def test_one_outlets_two_articles_count_once() -> None:
    lk = _linking()
    lorries = next(c for c in lk.clusters if c.id == _cluster_of(lk, "bt", 2))
    assert lorries.single_source and lorries.corroboration == 1


def test_merged_view_prefers_precise_compatible_values() -> None:
    lk = _linking()
    c = next(c for c in lk.clusters if c.id == _cluster_of(lk, "cw", 1))
    assert c.date is not None and c.date.value == "2025-03-12"
    assert c.location is not None and c.location.name == "Douentza"
    assert c.dead is not None and c.dead.min == 33  # compatible with "at least 30" and "dozens"
    assert {a.country for a in c.actors} == {"MLI"}


def test_cluster_ids_are_deterministic_and_stable() -> None:
    a, b = _linking(), linked(list(reversed(corpus())))
    assert a.event_clusters == b.event_clusters
    assert _cluster_of(a, "cw", 1) == f"c-{IDS['bt']}-ev1"  # earliest report (same day: smallest id)


def test_timeline_orders_clusters_by_date() -> None:
    lk = _linking()
    story = next(s.id for s in lk.stories if IDS["cw"] in s.docs)
    dates = {c.id: c.date.value for c in lk.clusters if c.date and c.story == story}
    crisis = [cid for cid in lk.timeline if cid in dates and dates[cid].startswith("2025-03-1")]
    assert len(crisis) == 4
    assert [dates[c] for c in crisis] == sorted(dates[c] for c in crisis)
    assert lk.timeline.index(_cluster_of(lk, "cw", 3)) < lk.timeline.index(_cluster_of(lk, "cw", 1))


def test_pair_rules() -> None:
    def ev(n: int, **kw):  # type: ignore[no-untyped-def]
        e = event(f"d{n}", n, kw.pop("kind", "ASSAULT"), kw.pop("trigger", "strike"), kw.pop("evidence", "A strike."),
                  **kw)
        return prepare(e, document(f"d{n}", "", title="t", source="s", published="2025-03-16"), "s1", {})

    town = ev(1, place=DOUENTZA, date="2025-03-12")
    assert pair_score(town, ev(2, place=MOPTI_REGION, date="2025-03-12")) is not None  # town inside its region
    two_towns = pair_score(town, ev(3, place=BANDIAGARA, date="2025-03-12", evidence="Gunmen shot at a bus."))
    assert two_towns is not None and two_towns < ClusterOptions().threshold  # two towns: apart unless much agrees
    assert pair_score(town, ev(4, place=DOUENTZA, date="2025-03-14")) is None  # two days
    assert pair_score(town, ev(5, place=DOUENTZA, date="2025-03", precision="month")) is not None
    assert pair_score(town, ev(6, kind="AGREE", place=DOUENTZA, date="2025-03-12")) is None
    assert pair_score(town, ev(7, place=DOUENTZA, date="2025-03-12", modality="historical")) is None
    strike = ev(8, actors=(arg("Syrian forces", "SYR", "MIL"),), recipients=(arg("Turkish troops", "TUR", "MIL"),),
                date="2020-02-27")
    retaliation = ev(9, actors=(arg("Turkey", "TUR", "GOV"),), recipients=(arg("regime positions", "SYR", "MIL"),),
                     date="2020-02-27")
    assert pair_score(strike, retaliation) is None
    other_claim = ev(10, actors=(arg("a Russian plane", "RUS", "MIL"),),
                     recipients=(arg("Turkish soldiers", "TUR", "MIL"),), date="2020-02-27", dead=mag(33, 33, "33"))
    score = pair_score(strike, other_claim)
    assert score is not None and score >= 3.0  # same day, same target: one event, attacker disputed


def _prepared(n: int, **kw):  # type: ignore[no-untyped-def]
    e = event(f"d{n}", n, kw.pop("kind", "ASSAULT"), kw.pop("trigger", "strike"), kw.pop("evidence", "A strike."), **kw)
    return prepare(e, document(f"d{n}", "", title="t", source="s", published="2020-02-28"), "s1", {})


def test_attacks_on_opposite_sides_stay_apart() -> None:
    on_turks = _prepared(1, recipients=(arg("Turkish troops", "TUR", "MIL"),), date="2020-02-27")
    by_plane = _prepared(2, actors=(arg("a Russian plane", "RUS", "MIL"),),
                         recipients=(arg("a Turkish convoy", "TUR", "MIL"),), date="2020-02-27")
    on_regime = _prepared(3, recipients=(arg("all positions of the regime", "SYR", "GOV"),), date="2020-02-28",
                          precision="document")
    by_turks = _prepared(4, actors=(arg("the Turkish army", "TUR", "MIL"),),
                         recipients=(arg("regime positions", "SYR", "MIL"),), date="2020-02-28", precision="document")
    assert (pair_score(on_turks, by_plane) or 0) >= ClusterOptions().threshold
    assert pair_score(on_turks, on_regime) is None  # no attacker named, but the targets are on two sides
    assert pair_score(on_turks, by_turks) is None  # the target side strikes back
    assert (pair_score(on_regime, by_turks) or 0) >= ClusterOptions().threshold


def test_meetings_need_a_participant_in_common_and_their_topic_is_no_place() -> None:
    idlib = Place(text="Idlib", start=0, end=5, name="Idlib", country="SYR", feature="city", geonameid=1)
    brussels = Place(text="Brussels", start=0, end=8, name="Brussels", country="BEL", feature="city", geonameid=2)
    nato = _prepared(1, kind="CONSULT", trigger="meeting", evidence="NATO held an emergency meeting on Idlib.",
                     actors=(arg("NATO", "NATO", "IGO"),), place=brussels, date="2020-02-28")
    about = _prepared(2, kind="CONSULT", trigger="discuss", evidence="NATO met to discuss the situation in Idlib.",
                      actors=(arg("the alliance", "NATO", "IGO"),),
                      recipients=(Argument("the situation in Idlib", 0, 22),), place=idlib, date="2020-02-28")
    leaders = _prepared(3, kind="CONSULT", trigger="discussed", evidence="Putin and Erdogan discussed Idlib.",
                        actors=(arg("Putin", "RUS", "GOV"), arg("Erdogan", "TUR", "GOV")), date="2020-02-28")
    assert about.site is None and nato.site == brussels
    assert (pair_score(nato, about) or 0) >= ClusterOptions().threshold
    assert pair_score(nato, leaders) is None


def test_a_hypothetical_event_joins_no_report_of_a_real_one() -> None:
    troops = arg("Turkish troops", "TUR", "MIL")
    real = [_prepared(n, recipients=(troops,), evidence="An air strike hit Turkish troops in Idlib.", date="2020-02-27")
            for n in (1, 2)]
    generic = _prepared(3, trigger="attack", evidence="Article 5 refers to an attack on the territory of any member.",
                        date="2020-02-28", precision="document", modality="hypothetical")
    assert (pair_score(real[0], real[1]) or 0) >= ClusterOptions().threshold
    assert pair_score(real[0], generic) is None
    docs = [document(p.event.doc, "", title="t", source=f"outlet {n}", published="2020-02-28", events=(p.event,))
            for n, p in enumerate([*real, generic])]
    groups = cluster_events(docs, {d.id: "s" for d in docs}, {})
    where = {m.event.doc: g.id for g in groups for m in g.members}
    assert where["d1"] == where["d2"] != where["d3"]


def test_an_event_on_the_next_day_joins_only_with_strong_agreement() -> None:
    drone = arg("an army drone", "MLI", "MIL")
    market = arg("the market", "MLI", "CVL")

    def report(n: int, **kw):  # type: ignore[no-untyped-def]
        e = event(f"r{n}", 1, "ASSAULT", kw.pop("trigger", "strike"), kw.pop("evidence", "A strike hit the market."),
                  **kw)
        return document(f"r{n}", "", title="t", source=f"outlet {n}", published="2025-03-14", events=(e,))

    docs = [report(1, actors=(drone,), recipients=(market,), date="2025-03-12"),
            report(2, actors=(drone,), recipients=(market,), date="2025-03-12"),
            report(3, trigger="shot down", evidence="Fighters shot down an army drone near the town.",
                   actors=(arg("its fighters", "MLI", "REB"),), recipients=(arg("a drone", "MLI", "MIL"),),
                   date="2025-03-13"),
            report(4, actors=(drone,), recipients=(market,), date="2025-03-13", dead=mag(33, 33, "33"))]
    groups = cluster_events(docs, {d.id: "s" for d in docs}, {})
    where = {m.event.doc: g.id for g in groups for m in g.members}
    assert where["r1"] == where["r2"] == where["r4"]  # one report dates it a day later, but all else agrees
    assert where["r3"] != where["r1"]  # a claim about the next day with little in common is another event


def test_an_ongoing_event_reaches_back_to_its_first_day() -> None:
    launched = _prepared(1, actors=(arg("the army", "MLI", "MIL"),), recipients=(arg("the rebels", "MLI", "REB"),),
                         evidence="The army launched an offensive against the rebels on Friday.", date="2025-03-14")
    going_on = _prepared(2, evidence="Air strikes continued east of the town on Sunday for the third consecutive day.",
                         date="2025-03-16")
    plain = _prepared(3, evidence="Air strikes hit east of the town on Sunday.", date="2025-03-16")
    assert going_on.ongoing == 2 and plain.ongoing == 0
    assert not vetoed(launched, going_on) and vetoed(launched, plain)


def test_clusters_of_adjacent_days_merge_only_through_a_strongly_agreeing_pair() -> None:
    from rashomon.link.clusters import _days_apart

    drone, market = arg("an army drone", "MLI", "MIL"), arg("the market", "MLI", "CVL")
    strike = [_prepared(n, actors=(drone,), recipients=(market,), date="2025-03-12") for n in (1, 2)]
    shot_down = [_prepared(3, trigger="shot down", evidence="Fighters shot down an army drone.",
                           actors=(arg("its fighters", "MLI", "REB"),), recipients=(arg("a drone", "MLI", "MIL"),),
                           date="2025-03-13")]
    later_toll = [_prepared(4, actors=(drone,), recipients=(market,), date="2025-03-13", dead=mag(33, 33, "33"))]
    assert _days_apart(strike, shot_down, ClusterOptions())
    assert not _days_apart(strike, later_toll, ClusterOptions())
