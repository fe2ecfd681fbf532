"""``rashomon_times``: time expressions normalised to TIMEX3 values against the document date.

Expressions are found by HeidelTime-style rules kept as data (``rashomon/data/en/timex/``) and
normalised by :mod:`rashomon.extract.timex_norm`. The document date is ``doc._.published``,
failing that the first explicit full date in the text; with neither, relative expressions keep
``value=None`` (never guessed). Weekdays and bare months resolve to the side of the document
date the clause's tense points to. ``event_date`` picks the date of an event: the expression
attached to its trigger in the parse, else the nearest one in its sentence, else the document date.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from collections.abc import Callable

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from rashomon.extract.timex_norm import NORMALISERS, Context, Reject
from rashomon.extract.timex_rules import match_rules, words
from rashomon.model import EventDate, TimeExpr

log = logging.getLogger("rashomon")

MAX_HOPS = 5
_FULL_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_WITH_TIME = re.compile(r"^\d{4}-\d{2}-\d{2}T")

TenseFn = Callable[[int, int], str]


def parse_date(value: str | None) -> dt.date | None:
    """A ``YYYY-MM-DD`` (or longer ISO) string as a date, else ``None``."""
    if not value or not re.match(r"^\d{4}-\d{2}-\d{2}", value):
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None


def find_timexes(text: str, dct: dt.date | None, tense: TenseFn | None = None) -> list[TimeExpr]:
    """Time expressions in ``text`` normalised against ``dct`` (``tense(start, end)`` gives each clause's tense)."""
    out = []
    for rm in match_rules(text):
        norm = NORMALISERS[rm.rule.norm]
        ctx = Context(dct, tense(rm.start, rm.end) if tense else "past", text[max(0, rm.start - 120):rm.end + 120])
        try:
            value = norm(rm, ctx)
        except Reject:
            continue
        except (KeyError, ValueError, IndexError) as err:
            log.debug("timex rule %s failed on %r: %s", rm.rule.id, text[rm.start:rm.end], err)
            continue
        kind = "TIME" if rm.rule.type == "DATE" and value and _WITH_TIME.match(value) else rm.rule.type
        out.append(TimeExpr(text[rm.start:rm.end], rm.start, rm.end, kind, value))
    return out


def document_date(doc: Doc) -> dt.date | None:
    """The document date: ``doc._.published``, else the first explicit full date in the text."""
    published = parse_date(doc._.published)
    if published:
        return published
    for t in find_timexes(doc.text, None):
        if t.value and _FULL_DATE.match(t.value):
            return parse_date(t.value)
    return None


def clause_tense(doc: Doc, start: int, end: int) -> str:
    """Tense of the clause holding characters ``start:end``: past, present or future."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or not len(span):
        return "past"
    verb: Token | None = span.root
    hops = 0
    while verb is not None and verb.pos_ not in ("VERB", "AUX") and hops < 6:
        verb = verb.head if verb.head is not verb else None
        hops += 1
    w = words()
    future_aux, future_verbs = set(w["future_aux"]), set(w["future_verbs"])
    if verb is None or verb.pos_ not in ("VERB", "AUX"):
        tokens = list(span.sent)
        lowers = {t.lower_ for t in tokens}
        if lowers & future_aux:
            return "future"
        return "past" if any(t.tag_ == "VBD" for t in tokens) else "present"
    lowers = {t.lower_ for t in verb.children}
    tags = {t.tag_ for t in verb.children} | {verb.tag_}
    if lowers & future_aux or (verb.tag_ == "VB" and "to" in lowers):
        return "future"
    if verb.lemma_.lower() in future_verbs or (verb.dep_ in ("xcomp", "ccomp") and verb.head.lemma_.lower() in future_verbs):
        return "future"
    if "VBD" in tags or ("VBN" in tags and lowers & {"has", "have", "had"}):
        return "past"
    if tags & {"VBZ", "VBP", "VBG"}:
        return "present"
    return "past"


def find_times(doc: Doc) -> list[TimeExpr]:
    """Time expressions of a parsed ``doc``, normalised against its document date."""
    dct = document_date(doc)
    has_parse = doc.has_annotation("DEP") and doc.has_annotation("TAG")

    def tense(start: int, end: int) -> str:
        return clause_tense(doc, start, end) if has_parse else "past"

    return find_timexes(doc.text, dct, tense)


@Language.factory("rashomon_times", assigns=["doc._.times"], requires=["token.dep"])
def make_times(nlp: Language, name: str) -> TimesComponent:
    """Build the times component."""
    return TimesComponent()


class TimesComponent:
    """Writes ``doc._.times``."""

    def __call__(self, doc: Doc) -> Doc:
        doc._.times = find_times(doc)
        return doc


# --- when an event happened ---------------------------------------------------------------------


def precision(value: str) -> str:
    """How precise a TIMEX3 value is: time, day, week, month, quarter, season, year, decade or vague."""
    if value.endswith("_REF") or value.startswith("P"):
        return "vague"
    if re.search(r"T(MO|AF|EV|NI|MI|DT)$", value):
        return "day"
    if "T" in value:
        return "time"
    if re.match(r"^\d{4}-\d{2}-\d{2}$", value):
        return "day"
    if re.match(r"^\d{4}-W\d{2}", value):
        return "week"
    if re.match(r"^\d{4}-\d{2}$", value):
        return "month"
    if re.match(r"^\d{4}-Q\d$", value):
        return "quarter"
    if re.match(r"^\d{4}-(SP|SU|FA|WI|H\d)$", value):
        return "season"
    if re.match(r"^\d{4}$", value):
        return "year"
    if re.match(r"^\d{2,3}$", value):
        return "decade"
    return "vague"


def _root(doc: Doc, t: TimeExpr) -> Token | None:
    span = doc.char_span(t.start, t.end, alignment_mode="expand")
    return span.root if span is not None and len(span) else None


def _hops(tok: Token, trigger: Span) -> int | None:
    """Steps up the parse from a time expression to the trigger, not crossing another clause."""
    targets = {t.i for t in trigger}
    for hops in range(MAX_HOPS + 1):
        if tok.i in targets:
            return hops
        if tok.head is tok or (hops > 0 and tok.pos_ in ("VERB", "AUX")):
            return None
        tok = tok.head
    return None


def event_date(doc: Doc, trigger: Span) -> EventDate | None:
    """When the event of ``trigger`` happened: attached time, else nearest in the sentence, else document date."""
    sent = trigger.sent
    dated = [t for t in (doc._.times or ()) if t.type in ("DATE", "TIME") and sent.start_char <= t.start < sent.end_char
             and (t.value is None or precision(t.value) != "vague")]
    in_sent = [t for t in dated if t.value]
    attached = []
    for t in dated:
        root = _root(doc, t)
        hops = _hops(root, trigger) if root is not None else None
        if hops is not None:
            attached.append((hops, t))
    chosen: TimeExpr | None = None
    if attached:
        chosen = min(attached, key=lambda x: (x[0], -len(x[1].value or "")))[1]
        if chosen.value is None:  # its own date, which cannot be resolved ("a year before"): not the document's
            return None
    elif in_sent:
        middle = (trigger.start_char + trigger.end_char) / 2
        chosen = min(in_sent, key=lambda t: (abs((t.start + t.end) / 2 - middle), -len(t.value or "")))
    if chosen is not None and chosen.value:
        return EventDate(value=chosen.value, precision=precision(chosen.value), text=chosen.text)
    dct = document_date(doc)
    if dct is not None:
        return EventDate(value=dct.isoformat(), precision="document", text=None)
    return None
