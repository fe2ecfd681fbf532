"""The literal prefilter: derived substrings are necessary for a match, and skipping with them changes nothing."""

from __future__ import annotations

import random
import re

import pytest

from rashomon.bench.generate import generate_articles
from rashomon.data import data_path
from rashomon.extract.prefilter import fold_case, required_substrings
from rashomon.extract.timex_rules import match_rules, rules


@pytest.mark.parametrize(("pattern", "expected"), [
    ("abc|abd", {"abc", "abd"}),
    ("a(?:b|c)d", {"abd", "acd"}),
    (r"(?:jan|feb)\.?\s+\d", {"jan", "feb"}),
    (r"(?i)Foo\s+bar", {"foo"}),
    (r"(?<![\w'-])(?:last|next)\s+week", {"week"}),  # the fewer of equally long options
])
def test_required_substrings(pattern: str, expected: set[str]) -> None:
    assert required_substrings(pattern) == expected


@pytest.mark.parametrize("pattern", [r"\d+", r"(?:abc)?x*", r"abc|\w+", ".", r"[^a]b?"])
def test_no_filter_when_nothing_is_required(pattern: str) -> None:
    assert required_substrings(pattern) is None


def test_fold_matches_case_insensitive_regex() -> None:
    # Python equates these with ASCII letters under IGNORECASE; the filter must not lose them
    for text in ("\u0130ndependence day", "la\u017ft week", "NEXT WEEK", "next \u212aelvin"):
        needles = required_substrings(re.compile(r"independence|last|next", re.IGNORECASE))
        assert needles is not None and any(n in fold_case(text) for n in needles)


def _texts() -> list[str]:
    texts = [a.text for a in generate_articles(40, seed=5)]
    texts += [p.read_text(encoding="utf-8", errors="replace") for p in sorted(data_path("demo").iterdir())]
    rng = random.Random(7)
    words = [w for t in texts[:5] for w in t.split()]
    texts += [" ".join(rng.choice(words) for _ in range(60)) for _ in range(30)]  # shuffled word salad
    texts += ["On Tuesday, March 3, 2020 at 5 p.m. the 1990s ended 3 days ago; the last week of fiscal 2019.",
              "MONDAY NIGHT, TWO YEARS AGO, IN THE '90S", ""]
    return texts


def test_match_rules_same_with_and_without_prefilter() -> None:
    key = [[(m.rule.id, m.start, m.end) for m in match_rules(t, prefilter=False)] for t in _texts()]
    assert sum(map(len, key)) > 100  # the texts do hold time expressions
    assert [[(m.rule.id, m.start, m.end) for m in match_rules(t)] for t in _texts()] == key


def test_every_rule_match_holds_a_needle() -> None:
    for text in _texts():
        folded = fold_case(text)
        for rule in rules():
            if rule.needles is not None and rule.regex.search(text):
                assert any(n in folded for n in rule.needles), (rule.id, text[:80])
