"""Modality, negation and attribution of an event trigger.

``modality`` is one of asserted | reported | future | hypothetical | historical, chosen in that
order of precedence: historical (past perfect outside reported speech, a past year, "two years
ago") > hypothetical (conditional, could/might, the content of a call, demand or threat) > future
(will/would, plans to, the content of an agreement or offer) > reported (inside a quote, under a
reporting verb, "according to") > asserted. Cues live in ``data/en/plover/cues.tsv``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from rashomon.extract.event_lexicon import lexicon
from rashomon.model import Quote

CLAUSE_DEPS = frozenset({"xcomp", "ccomp", "advcl", "conj", "relcl", "acl", "pcomp", "csubj", "parataxis"})
EMBED_HYPO = frozenset({"REQUEST", "THREATEN", "REJECT"})
EMBED_FUTURE = frozenset({"AGREE"})
YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")


@dataclass(frozen=True)
class Modality:
    """What the text commits to about an event: modality, negation and who stated it."""

    modality: str = "asserted"
    negated: bool = False
    attributed_to: str | None = None
    quote: str | None = None


def _cues(kind: str) -> frozenset[str]:
    return lexicon().cues.get(kind, frozenset())


def _clause_path(tok: Token) -> list[Token]:
    """``tok`` and the heads of the clauses it is embedded in, up to the sentence root."""
    path = [tok]
    t = tok
    while t.head != t:
        t = t.head
        path.append(t)
    return path


def _aux(tok: Token) -> list[Token]:
    return [c for c in tok.children if c.dep_ in ("aux", "auxpass", "neg")]


def _clause_verb(tok: Token) -> Token:
    """The verb whose clause a nominal trigger sits in (the trigger itself for a verb)."""
    t = tok
    while t.pos_ not in ("VERB", "AUX") and t.head != t and t.dep_ not in ("ROOT",):
        t = t.head
    return t


def negated(tok: Token) -> bool:
    """Whether the event at ``tok`` is denied: "did not attack", "no attacks", "failed to reach"."""
    verb = _clause_verb(tok)
    if any(c.dep_ == "neg" for c in (*tok.children, *verb.children)):
        return True
    if any(c.dep_ == "det" and c.lower_ == "no" for c in tok.children):
        return True
    if verb.dep_ == "xcomp" and verb.head.lemma_.lower() in _cues("neg_head"):
        return True
    return False


def _own_clause(verb: Token) -> list[Token]:
    """Tokens of ``verb``'s own clause: its subtree without the clauses embedded in it."""
    out = []
    stack = [verb]
    while stack:
        t = stack.pop()
        out.append(t)
        stack.extend(c for c in t.children if c.dep_ not in CLAUSE_DEPS)
    return out


def _historical(tok: Token, reported: bool, published_year: int | None) -> bool:
    verb = _clause_verb(tok)
    aux = _aux(verb)
    perfect = any(a.lower_ == "had" for a in aux) and verb.tag_ == "VBN"
    if perfect and not reported:
        return True
    scope = _own_clause(verb)
    if verb.dep_ in ("relcl", "acl") and verb.head.pos_ in ("NOUN", "PROPN"):
        scope += _own_clause(verb.head)  # "an incident two years ago, when a drone hit a wedding"
    elif verb.dep_ == "advcl" and any(c.lower_ == "when" for c in verb.children):
        scope += _own_clause(verb.head)
    words = {t.lower_ for t in scope}
    if words & _cues("historical") and words & {"year", "years", "decade", "decades", "month", "months"}:
        return True
    if "last" in words and words & {"year", "decade"}:
        return True
    if published_year is not None:
        for t in scope:
            if t.like_num and YEAR.fullmatch(t.text) and int(t.text) < published_year:
                return True
    return False


def modality(tok: Token, doc: Doc, quotes: list[Quote], embed_types: dict[int, str]) -> Modality:
    """Modality, negation and attribution for the event whose head token is ``tok``.

    ``embed_types`` maps token indices of other triggers in the sentence to their types, so the
    content of a call or threat is hypothetical and the content of an agreement is future.
    """
    future_aux, hypo_aux = _cues("future_aux"), _cues("hypo_aux")
    report, report_prep = _cues("report"), _cues("report_prep")
    quote = next((q for q in quotes if q.content.start <= tok.idx < q.content.end), None)
    attributed = quote.speaker.entity if quote and quote.speaker else None
    reported = quote is not None
    hypothetical = future = False
    path = _clause_path(tok)
    sent = tok.sent
    shared_aux = True  # auxiliaries reach down through xcomp/conj only ("will meet and discuss", "will try to meet")
    for i, t in enumerate(path):
        below = path[i - 1] if i else None
        if below is not None and below.dep_ not in ("xcomp", "conj", "acomp", "aux", "dobj", "pobj", "prep", "compound", "amod"):
            shared_aux = False
        if (t.pos_ in ("VERB", "AUX", "ADJ") and shared_aux) or t == tok:
            for a in _aux(t):
                if a.lower_ in hypo_aux:
                    hypothetical = True
                elif a.lemma_.lower() in future_aux or a.lower_ in future_aux:
                    future = True
                elif a.lower_ == "going" or (a.lower_ in ("to",) and t.head.lemma_.lower() == "go"):
                    future = True
        if below is None:
            continue
        lemma = t.lemma_.lower()
        if below.dep_ in ("ccomp", "xcomp", "parataxis") and lemma in report and t.i not in embed_types:
            reported = True
            if attributed is None:
                attributed = _speaker_entity(t, doc)
        if below.dep_ in ("xcomp", "ccomp", "pcomp", "acl", "dobj", "pobj", "prep"):
            if lemma in _cues("future_head") or t.lower_ in _cues("future_head"):
                future = True
            if lemma in _cues("hypo_head") and below.dep_ in ("xcomp", "ccomp", "dobj", "pobj", "prep"):
                hypothetical = True
            kind = embed_types.get(t.i)
            if kind in EMBED_HYPO:
                hypothetical = True
            elif kind in EMBED_FUTURE or kind == "intent":
                future = True
        if below.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ in _cues("condition") for c in below.children):
            hypothetical = True
    if any(c.dep_ == "mark" and c.lower_ in _cues("condition") for c in _clause_verb(tok).children):
        hypothetical = True
    if not reported:  # "X did Y, the general staff announced": the reporting verb hangs below the event
        top = path[-1]
        for t in (tok, _clause_verb(tok), top):
            cue = next((c for c in t.children if c.dep_ in ("parataxis", "ccomp", "advcl", "conj") and c.i > tok.i
                        and c.lemma_.lower() in report and any(s.dep_ == "nsubj" for s in c.children)), None)
            if cue is not None:
                reported = True
                attributed = attributed or _speaker_entity(cue, doc)
                break
    if not reported and tok.lemma_.lower() in report and tok.pos_ == "VERB" and tok.i not in embed_types:
        reported = True  # "the army announced the launch of an operation": the event is known from the announcement
    if not reported and any(t.lower_ in report_prep and t.nbor(1).lower_ == "to" for t in sent if t.i + 1 < len(doc)):
        reported = True
    published = doc._.published
    year = int(published[:4]) if published and published[:4].isdigit() else None
    if _historical(tok, reported, year):
        mod = "historical"
    elif hypothetical:
        mod = "hypothetical"
    elif future:
        mod = "future"
    elif reported:
        mod = "reported"
    else:
        mod = "asserted"
    return Modality(mod, negated(tok), attributed, quote.id if quote else None)


def _speaker_entity(verb: Token, doc: Doc) -> str | None:
    """Entity id of the subject of a reporting verb, when it is a known entity mention."""
    subj = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subj is None:
        return None
    span: Span = doc[subj.left_edge.i: subj.right_edge.i + 1]
    mentions = [m for m in (doc._.entities or ()) if m.start >= span.start_char and m.end <= span.end_char]
    head = next((m for m in mentions if m.start <= subj.idx < m.end), None)
    best = head or (mentions[0] if mentions else None)
    return best.entity if best else None
