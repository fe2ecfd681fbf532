"""``rashomon_attributes``: the model's attribute-ruler rules applied by table lookup, same output, less time.

spaCy's ``attribute_ruler`` runs its ~180 token rules (tag map, morphology and lemma exceptions)
through the general ``Matcher`` on every document: about a tenth of the pipeline's time. All of
those rules test one or two tokens on ``TAG``, ``LOWER``, ``DEP`` or ``IS_SPACE``, so the rules that
hold for a token depend only on those four values. This component reads the rules of the loaded
model's ruler (no rule is written here), resolves each distinct token signature once, caches it,
and sets the same attributes in the same precedence (later rules win), through spaCy's own
``set_token_attrs``. It refuses, at build time, any rule shape it cannot evaluate exactly, so the
pipeline then keeps spaCy's ruler.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from spacy.language import Language
from spacy.tokens import Doc

if TYPE_CHECKING:
    from spacy.pipeline import AttributeRuler

Signature = tuple[str, str, str, bool]  # TAG, LOWER, DEP, IS_SPACE
Test = Callable[[Signature], bool]

_FIELDS = {"TAG": 0, "LOWER": 1, "DEP": 2, "IS_SPACE": 3}


class UnsupportedRule(ValueError):
    """A ruler pattern this component cannot evaluate exactly."""


def _value_test(field: int, spec: Any) -> Test:
    """A test of one token field against a Matcher value: literal, ``IN``, ``NOT_IN`` or ``REGEX``."""
    if isinstance(spec, (str, bool)):
        return lambda sig: sig[field] == spec
    if isinstance(spec, dict) and len(spec) == 1:
        (op, arg), = spec.items()
        if op == "IN":
            allowed = frozenset(arg)
            return lambda sig: sig[field] in allowed
        if op == "NOT_IN":
            banned = frozenset(arg)
            return lambda sig: sig[field] not in banned
        if op == "REGEX" and field != _FIELDS["IS_SPACE"]:
            search = re.compile(arg).search
            return lambda sig: search(sig[field]) is not None  # type: ignore[arg-type]
    raise UnsupportedRule(f"unsupported value {spec!r}")


def _token_test(spec: dict[str, Any]) -> Test:
    """A test of one token against one Matcher token pattern (all its keys must hold)."""
    tests = []
    for key, value in spec.items():
        if key not in _FIELDS:
            raise UnsupportedRule(f"unsupported key {key!r}")
        tests.append(_value_test(_FIELDS[key], value))
    return lambda sig: all(test(sig) for test in tests)


@dataclass(frozen=True)
class _Rule:
    order: int  # the ruler's rule number: later rules win
    tokens: tuple[Test, ...]  # one test per token of the pattern
    target: int  # which token of the match gets the attributes
    attrs: dict[Any, Any]  # normalised attributes, as the ruler stores them


def compile_rules(ruler: AttributeRuler) -> list[_Rule]:
    """The ruler's rules as token tests, in order; ``UnsupportedRule`` if one cannot be evaluated exactly."""
    rules = []
    patterns: list[dict[str, Any]] = list(ruler.patterns)  # type: ignore[arg-type]
    for order, pattern in enumerate(patterns):
        index = int(pattern.get("index", 0))
        for token_patterns in pattern["patterns"]:
            if not token_patterns or any(not isinstance(t, dict) or "OP" in t for t in token_patterns):
                raise UnsupportedRule(f"rule {order}: operators or empty patterns")
            if not -len(token_patterns) <= index < len(token_patterns):
                raise UnsupportedRule(f"rule {order}: index {index} outside the pattern")
            rules.append(_Rule(order, tuple(_token_test(t) for t in token_patterns),
                               index % len(token_patterns), ruler.attrs[order]))
    return rules


@dataclass(frozen=True)
class _Outcome:
    """What the rules make of one token signature on its own."""

    sig: Signature
    orders: tuple[int, ...]  # the single-token rules that hold, in precedence order
    attrs: dict[Any, Any]  # their attributes merged (later rules win)
    starts: tuple[_Rule, ...]  # the longer rules whose first token holds


class FastAttributes:
    """Applies compiled attribute-ruler rules to a Doc, resolving each distinct token signature once.

    The cache of signatures is emptied when it reaches ``max_outcomes`` (a long-running server sees ever new
    words); an outcome only depends on its signature, so that costs time, never a different result.
    """

    max_outcomes = 200_000

    def __init__(self, rules: list[_Rule]) -> None:
        self.single = [r for r in rules if len(r.tokens) == 1]
        self.multi = [r for r in rules if len(r.tokens) > 1]
        self._attrs = {r.order: r.attrs for r in rules}
        self._outcomes: dict[tuple[int, int, int, int], _Outcome] = {}  # keyed by the four hashes

    def _merged(self, orders: list[int] | tuple[int, ...]) -> dict[Any, Any]:
        merged: dict[Any, Any] = {}
        for order in orders:
            merged.update(self._attrs[order])
        return merged

    def _outcome(self, key: tuple[int, int, int, int], strings: Any) -> _Outcome:
        sig = (strings[key[0]] if key[0] else "", strings[key[1]] if key[1] else "",
               strings[key[2]] if key[2] else "", bool(key[3]))
        if len(self._outcomes) >= self.max_outcomes:
            self._outcomes.clear()
        orders = tuple(sorted({r.order for r in self.single if r.tokens[0](sig)}))
        starts = tuple(r for r in self.multi if r.tokens[0](sig))
        outcome = self._outcomes[key] = _Outcome(sig, orders, self._merged(orders), starts)
        return outcome

    def __call__(self, doc: Doc) -> Doc:
        from spacy.attrs import DEP, IS_SPACE, LOWER, TAG
        from spacy.tokens._retokenize import set_token_attrs

        strings = doc.vocab.strings
        outcomes = [self._outcomes.get(key) or self._outcome(key, strings)
                    for key in map(tuple, doc.to_array([TAG, LOWER, DEP, IS_SPACE]).tolist())]
        extra: dict[int, set[int]] = {}  # token -> rule numbers of longer rules that target it
        for i, outcome in enumerate(outcomes):
            for rule in outcome.starts:
                if i + len(rule.tokens) <= len(outcomes) and all(
                        test(outcomes[i + k].sig) for k, test in enumerate(rule.tokens[1:], 1)):
                    extra.setdefault(i + rule.target, set()).add(rule.order)
        for i, outcome in enumerate(outcomes):
            attrs = self._merged(sorted(extra[i].union(outcome.orders))) if i in extra else outcome.attrs
            if attrs:
                set_token_attrs(doc[i], attrs)
        return doc


@Language.factory("rashomon_attributes", assigns=["token.pos", "token.tag", "token.morph", "token.lemma"])
def make_attributes(nlp: Language, name: str) -> FastAttributes:
    """Build from the pipeline's ``attribute_ruler`` (which must be present when this is added)."""
    ruler = nlp.get_pipe("attribute_ruler")
    return FastAttributes(compile_rules(ruler))  # type: ignore[arg-type]


def use_fast_attributes(nlp: Language) -> bool:
    """Swap the model's ``attribute_ruler`` for ``rashomon_attributes`` in place; False if its rules do not allow it."""
    if "attribute_ruler" not in nlp.pipe_names:
        return False
    try:
        nlp.add_pipe("rashomon_attributes", before="attribute_ruler")
    except UnsupportedRule:
        return False
    nlp.remove_pipe("attribute_ruler")
    return True
