"""Casualty and size figures of an event: who was killed or wounded, and how many.

"At least 30 people were killed" (passive subject), "killing five people" (object), "33 dead and
51 wounded" (figure before the word), "killing and wounding dozens" (one figure for both: each
gets it), "killing or wounding 50" (each is at most 50), a toll ("the number of the dead exceeded 30" =
min 31, "the death toll rose to 40"). Figures are parsed by
:func:`rashomon.extract.magnitudes.parse_quantity`.
"""

from __future__ import annotations

from spacy.tokens import Token

from rashomon.extract.event_arguments import phrase
from rashomon.extract.event_lexicon import lexicon
from rashomon.extract.event_triggers import Trigger, toll_figures
from rashomon.extract.magnitudes import parse_quantity
from rashomon.model import Magnitude


def _casualty_kind(tok: Token) -> str | None:
    lex = lexicon()
    for entry in lex.verbs.get(tok.lemma_.lower(), []) + lex.nouns.get(tok.lemma_.lower(), []):
        for flag in ("dead", "injured"):
            if flag in entry.flags:
                return flag
    adj = lex.adjectives.get(tok.lower_)
    if adj is not None:
        return next((f for f in ("dead", "injured") if f in adj.flags), None)
    return None


def _victims(tok: Token) -> list[Token]:
    passive = [c for c in tok.children if c.dep_ in ("nsubjpass",)]
    if passive:
        return passive
    if tok.lemma_.lower() == "die":
        return [c for c in tok.children if c.dep_ == "nsubj"]
    objs = [c for c in tok.children if c.dep_ in ("dobj",)]
    if not objs and tok.tag_ == "VBN":  # "fourteen others wounded": a reduced passive
        objs = [c for c in tok.children if c.dep_ == "nsubj"]
    if objs:
        return objs + [c for o in objs for c in o.conjuncts if c.i > o.i]
    for other in tok.conjuncts:  # "killing and wounding dozens": the object hangs on one conjunct
        if _casualty_kind(other):
            objs = [c for c in other.children if c.dep_ in ("dobj", "nsubjpass")]
            if objs:
                return objs
    if tok.dep_ == "conj" and any(c.dep_ == "nsubjpass" for c in tok.head.children):
        return [c for c in tok.head.children if c.dep_ == "nsubjpass"]
    return []


def _figure_near(tok: Token) -> Magnitude | None:
    """A figure right before the casualty word ("33 dead", "fourteen others wounded") or its nummod."""
    for c in tok.children:
        if c.dep_ == "nummod":
            return parse_quantity(tok.doc[c.left_edge.i: c.i + 1].text)
    doc = tok.doc
    for k in range(tok.i - 1, max(tok.sent.start, tok.i - 4) - 1, -1):
        if doc[k].like_num or parse_quantity(doc[k].text) and doc[k].pos_ == "NUM":
            start = k
            while start - 1 >= tok.sent.start and doc[start - 1].dep_ in ("quantmod", "advmod") \
                    and doc[start - 1].head.i in range(k - 2, k + 1):
                start -= 1
            return parse_quantity(doc[start: k + 1].text)
        if doc[k].is_punct or doc[k].pos_ in ("VERB", "AUX"):
            break
    return None


def casualty_figures(trigger: Trigger) -> tuple[list[Token], dict[str, Magnitude]]:
    """Victim phrases and ``{dead|injured: Magnitude}`` stated by a casualty trigger (and its conjoined partner)."""
    tok = trigger.head
    kind = trigger.casualty or _casualty_kind(tok)
    figures: dict[str, Magnitude] = {}
    victims = _victims(tok) if tok.pos_ in ("VERB", "AUX") or tok.tag_.startswith("VB") else []
    figure = _toll_figure(tok) if "toll" in trigger.flags else None
    for v in victims if figure is None else ():
        span = phrase(v)
        figure = parse_quantity(tok.doc[span.start: v.i + 1].text)
        if figure is not None:
            break
    if figure is None:
        figure = _figure_near(tok)
    if figure is None and tok.pos_ in ("ADJ", "NOUN") and tok.head.pos_ in ("NOUN", "NUM"):
        figure = _figure_near(tok.head)
    if kind and figure is not None:
        either = any(c.dep_ == "cc" and c.lower_ == "or" for c in (*tok.children, *tok.head.children)) and any(
            _casualty_kind(c) for c in (*tok.conjuncts,)
        )
        if either:
            figure = Magnitude(None, figure.max, figure.text)
        figures[kind] = figure
        for other in tok.conjuncts:  # "killing and wounding dozens": both
            other_kind = _casualty_kind(other)
            if other_kind and other_kind != kind and not _victims_own(other):
                figures.setdefault(other_kind, figure)
    return victims, figures


def _toll_figure(toll: Token) -> Magnitude | None:
    """The figure a toll's verb gives: "rose to 40", "stood at 40", "reached 40", "exceeded (more than) 30" (min 31)."""
    verb = toll.head
    doc = toll.doc
    for fig in toll_figures(verb):
        start = phrase(fig).start
        text = doc[start: fig.i + 1].text
        quantity = parse_quantity(f"{verb.text} {text}") or parse_quantity(text)
        if quantity is not None:
            return quantity
    return None


def _victims_own(tok: Token) -> bool:
    return any(c.dep_ in ("dobj", "nsubjpass", "nsubj") for c in tok.children) or any(c.dep_ == "nummod" for c in tok.children)


def size_figure(type_: str, actors: list[Token], recipients: list[Token]) -> Magnitude | None:
    """Crowd size of a protest (from its actors) or number of people coerced (from its recipients)."""
    pool = actors if type_ == "PROTEST" else recipients if type_ in ("COERCE",) else []
    for tok in pool:
        span = phrase(tok)
        figure = parse_quantity(tok.doc[span.start: tok.i + 1].text)
        if figure is not None:
            return figure
    return None
