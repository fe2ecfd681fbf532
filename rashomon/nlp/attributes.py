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


class FastAttributes:
    """Applies compiled attribute-ruler rules to a Doc, caching the single-token outcome per signature."""

    def __init__(self, rules: list[_Rule]) -> None:
        self.single = [r for r in rules if len(r.tokens) == 1]
        self.multi = [r for r in rules if len(r.tokens) > 1]
        self._attrs = {r.order: r.attrs for r in rules}
        self._single_cache: dict[Signature, tuple[list[int], list[_Rule]]] = {}
        self._signatures: dict[tuple[int, int, int, int], Signature] = {}

    def _lookup(self, sig: Signature) -> tuple[list[int], list[_Rule]]:
        """Rule numbers of the single-token rules that hold for ``sig``, and the longer rules it may start."""
        found = self._single_cache.get(sig)
        if found is None:
            orders = sorted({r.order for r in self.single if r.tokens[0](sig)})
            starts = [r for r in self.multi if r.tokens[0](sig)]
            found = self._single_cache[sig] = (orders, starts)
        return found

    def _signatures_of(self, doc: Doc) -> list[Signature]:
        """Each token's (TAG, LOWER, DEP, IS_SPACE), read as one array of hashes and decoded once per distinct value."""
        from spacy.attrs import DEP, IS_SPACE, LOWER, TAG

        strings = doc.vocab.strings
        known = self._signatures
        sigs = []
        for row in doc.to_array([TAG, LOWER, DEP, IS_SPACE]).tolist():
            key = (row[0], row[1], row[2], row[3])
            sig = known.get(key)
            if sig is None:
                sig = known[key] = (strings[row[0]] if row[0] else "", strings[row[1]] if row[1] else "",
                                    strings[row[2]] if row[2] else "", bool(row[3]))
            sigs.append(sig)
        return sigs

    def __call__(self, doc: Doc) -> Doc:
        from spacy.tokens._retokenize import set_token_attrs

        sigs = self._signatures_of(doc)
        hits: list[list[tuple[int, int]]] = [[] for _ in sigs]  # per token: (rule number, match start)
        for i, sig in enumerate(sigs):
            orders, starts = self._lookup(sig)
            hits[i].extend((order, i) for order in orders)
            for rule in starts:
                end = i + len(rule.tokens)
                if end <= len(sigs) and all(test(sigs[i + k]) for k, test in enumerate(rule.tokens[1:], 1)):
                    hits[i + rule.target].append((rule.order, i))
        for i, token_hits in enumerate(hits):
            if not token_hits:
                continue
            merged: dict[Any, Any] = {}
            for order, _start in sorted(set(token_hits)):
                merged.update(self._attrs[order])
            set_token_attrs(doc[i], merged)
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
