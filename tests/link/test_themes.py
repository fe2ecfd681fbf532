"""Event themes: what a rejection, demand or agreement is about, with synonyms, scored when clustering."""

from __future__ import annotations

from dataclasses import replace

from rashomon.link.clusters import ClusterOptions, cluster_events, pair_score, prepare
from rashomon.link.themes import theme, theme_agreement
from rashomon.model import Event, TextSpan

from .link_builders import arg, document, event

GOV = arg("the government", "TCD", "GOV")


def _rejection(n: int, trigger: str, evidence: str, date: str = "2024-06-08", precision: str = "document") -> Event:
    return event(f"d{n}", 1, "REJECT", trigger, evidence, actors=(GOV,), date=date, precision=precision)


def test_theme_is_the_clause_after_the_trigger_with_synonyms_folded() -> None:
    inquiry = theme(_rejection(1, "dismissed", "The cabinet dismissed on Monday any notion of a foreign inquiry."))
    probe = theme(_rejection(2, "turned down", "The ministry turned down demands for a foreign probe, saying the "
                                               "courts would act."))
    assert theme(_rejection(3, "rejected", "Officials rejected the plan, saying it was unfair.")) == {"proposal"}
    assert "inquiry" in inquiry and "inquiry" in probe  # probe and inquiry are one group
    assert "court" not in probe  # the clause ends at "saying"
    assert theme_agreement(inquiry, probe, "REJECT", "REJECT") == 1.0  # "foreign" and the inquiry


def test_names_and_weekdays_are_no_theme() -> None:
    assert theme(_rejection(1, "rejected", "The minister rejected on Tuesday the Geneva proposal.")) == {"proposal"}
    assert theme(_rejection(2, "rejected", "The minister rejected it.")) == frozenset()


def test_rejections_of_the_same_thing_in_other_words_join_and_of_other_things_stay_apart() -> None:
    texts = {
        "a": ("rejected", "The spokesman rejected on Saturday any idea of an international inquiry.", "day"),
        "b": ("refused", "The government refused calls for an international investigation.", "document"),
        "c": ("rejected", "The government has rejected that finding.", "document"),
    }
    docs = []
    for key, (trigger, evidence, precision) in texts.items():
        e = replace(_rejection(0, trigger, evidence, precision=precision), id=f"{key}-ev1", doc=key)
        docs.append(document(key, "", title="t", source=f"outlet {key}", published="2024-06-08", events=(e,)))
    prepared = {d.id: prepare(d.events[0], d, "s", {}) for d in docs}
    same = pair_score(prepared["a"], prepared["b"])
    other = pair_score(prepared["a"], prepared["c"])
    assert same is not None and same >= ClusterOptions().threshold
    assert other is not None and other < ClusterOptions().threshold
    where = {m.event.doc: g.id for g in cluster_events(docs, {d.id: "s" for d in docs}, {}) for m in g.members}
    assert where["a"] == where["b"] != where["c"]


def test_two_events_told_by_one_sentence_through_different_words_are_two() -> None:
    sentence = "The government refused the calls for an independent investigation."
    refused = Event(id="d-ev1", doc="d", type="REJECT", trigger=TextSpan("refused", 15, 22),
                    evidence=TextSpan(sentence, 0, len(sentence)), actors=(GOV,))
    calls = Event(id="d-ev2", doc="d", type="ACCUSE", trigger=TextSpan("investigation", 53, 66),
                  evidence=TextSpan(sentence, 0, len(sentence)))
    doc = document("d", sentence, title="t", source="s", published="2024-06-08", events=(refused, calls))
    a, b = (prepare(e, doc, "s", {}) for e in doc.events)
    assert a.theme >= {"call", "inquiry"}
    assert pair_score(a, b) is None
