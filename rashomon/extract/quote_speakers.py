"""Speaker resolution: the words that say who spoke → the document-local entity they refer to.

Names resolve to the entity mention they contain; pronouns ("he", "she", "they") to the actor in
focus (the latest resolved speaker or grammatical subject of the right kind before them); definite
descriptions ("the Russian minister", "the agency") to the latest earlier mention whose own
description (its noun phrase, apposition, role and country) contains the same head word and
nationality, or, for institutions, to the latest institution that spoke.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable
from dataclasses import dataclass

from spacy.tokens import Doc, Token

from rashomon.extract.actors import code_actor
from rashomon.extract.quote_lexicon import lexicon
from rashomon.model import EntityMention

PERSON_PRONOUNS = {"he": "m", "she": "f", "him": "m", "her": "f", "his": "m", "hers": "f"}
GROUP_PRONOUNS = {"they", "it", "them", "their", "its"}
RELATIVE = {"who", "which", "that", "whom"}
ACTOR_TYPES = ("PERSON", "ORG", "NORP", "GPE")
HONORIFIC_GENDER = {"mr": "m", "mr.": "m", "mrs": "f", "mrs.": "f", "ms": "f", "ms.": "f", "miss": "f", "sir": "m",
                    "madam": "f", "lady": "f", "lord": "m"}
NP_DEPS = {"amod", "compound", "prep", "pobj", "poss", "appos", "nmod", "npadvmod", "flat", "det"}


@dataclass
class _Focus:
    pos: int
    mention: EntityMention
    kind: str  # PERSON | GROUP
    spoke: bool = False


def _words(tokens: list[Token]) -> set[str]:
    return {t.lower_ for t in tokens if t.pos_ in ("NOUN", "PROPN", "ADJ")} | {
        t.lemma_.lower() for t in tokens if t.pos_ in ("NOUN", "PROPN", "ADJ")
    }


def _np_tokens(head: Token) -> list[Token]:
    """The noun phrase around ``head``: its modifiers, ``of`` phrases and appositions (not relative clauses)."""
    out = [head]
    stack = list(head.children)
    while stack:
        t = stack.pop()
        if t.dep_ in NP_DEPS:
            out.append(t)
            stack.extend(t.children)
    return out


def _main_subject(tok: Token) -> bool:
    """Whether ``tok`` heads the subject of a main clause (not of reported or subordinate content)."""
    while tok.dep_ in ("appos", "compound", "flat") and tok.head.i != tok.i:
        tok = tok.head  # "the governor of the region, Moussa Tembely, called …"
    if tok.dep_ not in ("nsubj", "nsubjpass"):
        return False
    verb = tok.head
    while verb.dep_ in ("conj", "xcomp") and verb.head.i != verb.i:
        verb = verb.head
    return verb.dep_ == "ROOT"


class SpeakerResolver:
    """Resolves speaker phrases of one document to its entity mentions, keeping track of who is in focus."""

    def __init__(self, doc: Doc, mentions: list[EntityMention]) -> None:
        self.doc = doc
        self.mentions = sorted((m for m in mentions if m.type in ACTOR_TYPES), key=lambda m: m.start)
        self._starts = [m.start for m in self.mentions]
        self.token_mention: dict[int, EntityMention] = {}
        self.gender: dict[str, str] = {}
        self.descriptors: dict[int, set[str]] = {}
        given = lexicon().given_names
        for m in self.mentions:
            span = doc.char_span(m.start, m.end, alignment_mode="expand")
            if span is None or not len(span):
                continue
            for t in span:
                self.token_mention.setdefault(t.i, m)
            self.descriptors[m.start] = self._descriptor(m, span.root)
            if m.entity and m.type in ("PERSON", "ORG"):
                g = HONORIFIC_GENDER.get(doc[span.start - 1].lower_) if span.start > 0 else None
                g = g or (given.get(span[0].lower_) if len(span) > 1 else None)
                if g:
                    self.gender.setdefault(m.entity, g)
        self.focus: list[_Focus] = []
        for m in self.mentions:
            span = doc.char_span(m.start, m.end, alignment_mode="expand")
            if span is not None and len(span) and _main_subject(span.root):
                self._add_focus(m.start, m)

    def _descriptor(self, m: EntityMention, root: Token) -> set[str]:
        tokens = _np_tokens(root)
        if root.dep_ in ("appos", "compound") and root.head.pos_ in ("NOUN", "PROPN"):
            tokens += _np_tokens(root.head)
        words = _words(tokens)
        words |= {w.lower() for w in (m.name or m.text).split()}
        if m.role:
            words |= {w.lower() for w in m.role.split()}
        if m.country:
            words.add(m.country.lower())
        return words

    def _add_focus(self, pos: int, m: EntityMention, spoke: bool = False) -> None:
        kind = "PERSON" if m.type == "PERSON" else "GROUP"
        f = _Focus(pos, m, kind, spoke)
        i = bisect.bisect_right([x.pos for x in self.focus], pos)
        self.focus.insert(i, f)

    def note(self, pos: int, m: EntityMention) -> None:
        """Record that ``m`` spoke (or was referred to) at ``pos``: it is now in focus."""
        self._add_focus(pos, m, spoke=True)

    # --- resolution -----------------------------------------------------------------------

    def resolve(self, head: Token, start: int, end: int) -> EntityMention | None:
        """The entity mention the speaker phrase ``[start, end)`` with head ``head`` refers to."""
        m = self.token_mention.get(head.i)
        if m is not None:
            return m
        low = head.lower_
        if head.pos_ == "PRON" or low in PERSON_PRONOUNS or low in GROUP_PRONOUNS or low in RELATIVE:
            if low in RELATIVE:
                if head.head.dep_ == "relcl":
                    antecedent = head.head.head
                    return self.resolve(antecedent, antecedent.idx, antecedent.idx + len(antecedent))
                return None
            return self._pronoun(low, start)
        inside = [x for x in self.mentions if x.start >= start and x.end <= end]
        for kind in ("PERSON", "ORG"):
            for x in inside:
                if x.type == kind:
                    return x
        if head.pos_ in ("NOUN", "PROPN"):
            return self._nominal(head, start)
        return None

    def _pronoun(self, low: str, pos: int) -> EntityMention | None:
        if low in PERSON_PRONOUNS:
            return self._person_pronoun(PERSON_PRONOUNS[low], pos)
        if low in GROUP_PRONOUNS:
            for f in reversed(self.focus):
                if f.pos < pos and f.kind == "GROUP":
                    return f.mention
        return None  # I / we / you: the author or an unnamed group

    def _person_pronoun(self, gender: str, pos: int) -> EntityMention | None:
        """he/she: the person in focus of that gender; else a subject known to be of that gender; else the last person named."""

        def fits(m: EntityMention) -> bool:
            return self.gender.get(m.entity or "", gender) == gender

        earlier = [f for f in self.focus if f.pos < pos]
        found = self._topic_of_previous_sentence(pos, fits)
        if found is None:
            found = next((f.mention for f in reversed(earlier) if f.kind == "PERSON" and fits(f.mention)), None)
        if found is None:  # the tagger may have mislabelled the person: trust a known gender
            found = next((f.mention for f in reversed(earlier) if self.gender.get(f.mention.entity or "") == gender), None)
        if found is None:
            i = bisect.bisect_left(self._starts, pos)
            found = next((m for m in reversed(self.mentions[:i]) if m.type == "PERSON" and fits(m)), None)
        if found is not None and found.entity:
            self.gender.setdefault(found.entity, gender)
        return found

    def _topic_of_previous_sentence(self, pos: int, fits: Callable[[EntityMention], bool]) -> EntityMention | None:
        """The last person named before the main verb of the sentence before ``pos`` (a misparsed subject)."""
        tok = self.doc.char_span(pos, pos + 1, alignment_mode="expand")
        if tok is None or tok.start == 0:
            return None
        sent = tok[0].sent
        if sent.start == 0:
            return None
        prev = self.doc[sent.start - 1].sent
        i = bisect.bisect_left(self._starts, prev.start_char)
        j = bisect.bisect_left(self._starts, min(prev.root.idx, pos))
        people = [m for m in self.mentions[i:j] if m.type == "PERSON" and fits(m)]
        return people[-1] if people else None

    def _nominal(self, head: Token, pos: int) -> EntityMention | None:
        det = [c for c in head.children if c.dep_ in ("det", "poss")]
        if not det or det[0].lower_ in ("a", "an", "some", "another", "one", "many", "several"):
            return None  # a new, unnamed speaker ("a Turkish official")
        np = _np_tokens(head)
        lemma = head.lemma_.lower()
        nationality = [t for t in np if t.i != head.i and (t.ent_type_ in ("NORP", "GPE") or t.pos_ == "PROPN")]
        i = bisect.bisect_left(self._starts, pos)
        for m in reversed(self.mentions[:i]):
            words = self.descriptors.get(m.start, set())
            if lemma not in words and head.lower_ not in words:
                continue
            if all(self._same_country(t, m, words) for t in nationality):
                return m
        kind = lexicon().nominals.get(lemma)
        if kind == "ORG":
            for f in reversed(self.focus):
                if f.pos < pos and f.kind == "GROUP" and f.spoke:
                    return f.mention
        return None

    @staticmethod
    def _same_country(t: Token, m: EntityMention, words: set[str]) -> bool:
        if t.lower_ in words or t.lemma_.lower() in words:
            return True
        country = code_actor(t.text).country
        return bool(country and m.country and country == m.country)

