"""Time expressions: TIMEX3 values against the document date, tense, unresolved relatives, event dates."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import pytest

from rashomon.extract.times import document_date, event_date, find_timexes, precision

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

FRIDAY = dt.date(2020, 2, 28)


def values(text: str, dct: dt.date | None = FRIDAY, tense: str = "past") -> dict[str, tuple[str, str | None]]:
    return {t.text: (t.type, t.value) for t in find_timexes(text, dct, lambda s, e: tense)}


@pytest.mark.parametrize(
    ("text", "expr", "kind", "value"),
    [
        ("The base was shelled last night.", "last night", "TIME", "2020-02-27TNI"),
        ("Officials met yesterday.", "yesterday", "DATE", "2020-02-27"),
        ("The vote was held two years ago.", "two years ago", "DATE", "2018"),
        ("Protests went on for the third consecutive day.", "the third consecutive day", "DATE", "2020-02-28"),
        ("Talks resumed earlier this month.", "earlier this month", "DATE", "2020-02"),
        ("Ministers meet this week.", "this week", "DATE", "2020-W09"),
        ("Ministers met last week.", "last week", "DATE", "2020-W08"),
        ("The siege lasted three days.", "three days", "DURATION", "P3D"),
        ("The talks took two hours.", "two hours", "DURATION", "PT2H"),
        ("The army is now in control.", "now", "DATE", "PRESENT_REF"),
        ("Fighting recently intensified.", "recently", "DATE", "PAST_REF"),
        ("Attacks happen every week.", "every week", "SET", "P1W"),
        ("It was signed on March 3, 2019.", "March 3, 2019", "DATE", "2019-03-03"),
        ("It was signed on 3 March 2019.", "3 March 2019", "DATE", "2019-03-03"),
        ("It was signed in 2011.", "2011", "DATE", "2011"),
        ("It began in the 1990s.", "the 1990s", "DATE", "199X"),
        ("The market closed at 5 p.m.", "5 p.m.", "TIME", "2020-02-28T17:00"),
        ("Profits rose in the third quarter.", "the third quarter", "DATE", "2020-Q3"),
        ("Sales fell last year.", "last year", "DATE", "2019"),
        ("Rains came last summer.", "last summer", "DATE", "2019-SU"),
        ("The deal was signed in January.", "January", "DATE", "2020-01"),
    ],
)
def test_values(text: str, expr: str, kind: str, value: str) -> None:
    assert values(text).get(expr) == (kind, value)


def test_weekdays_follow_tense() -> None:
    assert values("The strike happened on Friday.")["Friday"][1] == "2020-02-28"  # the article's own day
    assert values("Leaders met on Monday.")["Monday"][1] == "2020-02-24"
    assert values("Leaders will meet on Monday.", tense="future")["Monday"][1] == "2020-03-02"
    assert values("yesterday, Thursday, troops were hit")["Thursday"][1] == "2020-02-27"
    assert values("Talks end next Friday.", tense="future")["next Friday"][1] == "2020-03-06"


def test_months_follow_tense() -> None:
    assert values("It happened in November.")["November"][1] == "2019-11"
    assert values("Elections will be held in November.", tense="future")["November"][1] == "2020-11"


def test_relative_expressions_unresolved_without_document_date() -> None:
    got = values("Troops were hit last night and on Thursday; the accord of March 3, 2019 held.", dct=None)
    assert got["last night"] == ("TIME", None)
    assert got["Thursday"] == ("DATE", None)
    assert got["March 3, 2019"] == ("DATE", "2019-03-03")  # absolute dates need no anchor


def test_not_time_expressions() -> None:
    got = values("He may march on. The fall of the city. He is 44 years old. 2000 people fled.")
    assert not any(k.lower() in ("may", "march", "fall") for k in got)
    assert "44 years" not in got and "2000" not in got


def test_precision_of_values() -> None:
    assert precision("2020-02-27") == "day"
    assert precision("2020-02-27TNI") == "day"
    assert precision("2020-02-27T17:00") == "time"
    assert precision("2020-W09") == "week"
    assert precision("2020-02") == "month"
    assert precision("2018") == "year"
    assert precision("PAST_REF") == "vague"


# --- with the parse -------------------------------------------------------------------------


def _doc(nlp: Language, text: str, published: str | None) -> Doc:
    doc = nlp.make_doc(text)
    doc._.published = published
    return nlp(doc)


def _trigger(doc: Doc, word: str):  # type: ignore[no-untyped-def]
    tok = next(t for t in doc if t.lower_ == word)
    return doc[tok.i:tok.i + 1]


@pytest.mark.slow
def test_component_uses_published_date_and_tense(nlp: Language) -> None:
    doc = _doc(nlp, "Ministers will meet on Monday. Rebels attacked the town on Monday.", "2020-02-28")
    mondays = [t.value for t in doc._.times if t.text == "Monday"]
    assert mondays == ["2020-03-02", "2020-02-24"]


@pytest.mark.slow
def test_document_date_from_text_when_unpublished(nlp: Language) -> None:
    doc = _doc(nlp, "GENEVA, 12 March 2021. Talks collapsed yesterday.", None)
    assert document_date(doc) == dt.date(2021, 3, 12)
    assert [t.value for t in doc._.times if t.text == "yesterday"] == ["2021-03-11"]


@pytest.mark.slow
def test_event_date_attached_nearest_document(nlp: Language) -> None:
    doc = _doc(nlp, "Turkish troops were killed last night in Idlib. Officials said Ankara had struck back "
                    "on Thursday, and that a ceasefire signed in 2018 was over. Talks continue.", "2020-02-28")
    killed = event_date(doc, _trigger(doc, "killed"))
    assert killed is not None and (killed.value, killed.precision) == ("2020-02-27TNI", "day")
    struck = event_date(doc, _trigger(doc, "struck"))
    assert struck is not None and struck.value == "2020-02-27" and struck.text == "Thursday"
    signed = event_date(doc, _trigger(doc, "signed"))
    assert signed is not None and signed.value == "2018"  # a historical reference keeps its own date
    talks = event_date(doc, _trigger(doc, "continue"))
    assert talks is not None and (talks.value, talks.precision) == ("2020-02-28", "document")


@pytest.mark.slow
def test_event_date_none_without_any_date(nlp: Language) -> None:
    doc = _doc(nlp, "Rebels attacked the convoy.", None)
    assert event_date(doc, _trigger(doc, "attacked")) is None


def test_anchored_on_another_event_is_not_resolved_against_the_document_date() -> None:
    got = values("It was almost a year before Putin admitted it. They had met two days before.")
    assert got["almost a year"] == ("DURATION", "P1Y")
    assert got["two days before"] == ("DATE", None)
