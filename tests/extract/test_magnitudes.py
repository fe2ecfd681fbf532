"""Figures from digits, number words, bounds and vague quantities."""

from __future__ import annotations

import pytest

from rashomon.extract.magnitudes import combine, parse_quantity
from rashomon.model import Magnitude


@pytest.mark.parametrize(
    ("text", "lo", "hi"),
    [
        ("33", 33, 33),
        ("Nine civilians", 9, 9),
        ("fourteen others", 14, 14),
        ("twenty-five villagers", 25, 25),
        ("1,200 people", 1200, 1200),
        ("a dozen soldiers", 12, 12),
        ("two dozen", 24, 24),
        ("3 million", 3_000_000, 3_000_000),
        ("at least 30 people", 30, None),
        ("more than 100 Palestinians", 101, None),
        ("up to 16 advisers", None, 16),
        ("fewer than 10", None, 9),
        ("about 20 people", 20, 20),
        ("dozens of people", 24, None),
        ("hundreds", 200, None),
        ("Tens of thousands of students", 20_000, None),
        ("several houses", 3, 9),
    ],
)
def test_parse_quantity(text: str, lo: int | None, hi: int | None) -> None:
    m = parse_quantity(text)
    assert m is not None
    assert (m.min, m.max) == (lo, hi)


def test_surface_text_is_the_figure() -> None:
    assert parse_quantity("At least 30 people were killed").text == "At least 30"  # type: ignore[union-attr]
    assert parse_quantity("dozens of civilians").text == "dozens"  # type: ignore[union-attr]


@pytest.mark.parametrize("text", ["the market", "people", "", "Wednesday night"])
def test_no_figure(text: str) -> None:
    assert parse_quantity(text) is None


def test_combine_prefers_bounded_and_higher() -> None:
    exact = Magnitude(9, 9, "nine")
    open_ = Magnitude(None, 50, "up to 50")
    assert combine(exact, open_) == exact
    assert combine(None, exact) == exact
    assert combine(Magnitude(30, None, "at least 30"), Magnitude(33, 33, "33")).min == 33  # type: ignore[union-attr]
