"""Where and when an event happened: the place and date ``places`` / ``times`` give, checked against the parse.

``places.event_location`` and ``times.event_date`` take a place or time attached to the trigger, else
the nearest in the sentence. That fallback reaches into other clauses and into attributions, so
here a noun trigger keeps only a place or time of its own clause ("In New York, the council met on
Friday to discuss the attack": neither is the attack's), no place inside "according to the Mopti
hospital", a meeting only its venue (not the place discussed), and a time that dates someone's
words about the event ("an official said on Friday that ...") or ends a name ("Al-Sahil Today")
gives way to the document date.
"""

from __future__ import annotations

import datetime as dt

from spacy.tokens import Doc, Span, Token

from rashomon.extract.actors import code_actor
from rashomon.extract.places import event_location
from rashomon.extract.quote_lexicon import lexicon as quote_lexicon
from rashomon.extract.times import document_date, event_date
from rashomon.model import EventDate, Place, TimeExpr

MEETINGS = frozenset({"CONSULT"})  # events whose place is where people met, never merely the place talked about
NAMED = frozenset({"ORG", "PERSON", "WORK_OF_ART", "FAC", "PRODUCT"})  # names that can end in a time word
STATEMENT_DAYS = 2  # a statement dated this close to its report dates the report, as the document date does
SEQUENCE_PREPS = frozenset({"after", "before", "following", "since", "until"})  # phrases naming another event
REPORTING_CUES = frozenset({"speech", "writing"})  # quote cue types whose time dates the report, not the event


def event_place(doc: Doc, trigger: Span, kind: str) -> Place | None:
    """The place of the event of ``trigger`` (of PLOVER type ``kind``), if the parse supports it."""
    place = _in_clause(_not_party(_not_source(event_location(doc, trigger), doc), doc), trigger)
    return _venue(place, trigger) if kind in MEETINGS else place


def _not_source(place: Place | None, doc: Doc) -> Place | None:
    """No place named inside an attribution ("according to the Mopti hospital"): that is where the source is."""
    if place is None:
        return None
    span = doc.char_span(place.start, place.end, alignment_mode="expand")
    if span is None or not len(span):
        return place
    phrases = [ph for ph in quote_lexicon().prepositions if len(ph) > 1]  # "according to", not a bare "in"
    for tok in span.root.ancestors:
        words = tuple(t.lower_ for t in doc[tok.i: tok.i + 4])
        if any(words[: len(ph)] == ph for ph in phrases):
            return None
        if tok.pos_ in ("VERB", "AUX") and tok.dep_ != "prep":
            break
    return place


def _not_party(place: Place | None, doc: Doc) -> Place | None:
    """No country named as whose people someone is ("leaders of the United States, France and Britain", "citizens
    of France"): that is a party, not where the event was ("the outskirts of Damascus" stays a place)."""
    if place is None or place.feature != "country":
        return place
    span = doc.char_span(place.start, place.end, alignment_mode="expand")
    if span is None or not len(span):
        return place
    tok = span.root
    while tok.dep_ in ("conj", "appos") and tok.head is not tok:
        tok = tok.head
    if tok.dep_ != "pobj" or tok.head.lower_ != "of" or tok.head.head.pos_ not in ("NOUN", "PROPN"):
        return place
    return None if code_actor(tok.head.head.text).sector else place


def _in_clause(place: Place | None, trigger: Span) -> Place | None:
    """A place for a noun trigger only from its own phrase or clause: in "In New York, the council met to discuss the
    attack", New York is where the council met, not where the attack was."""
    if place is None:
        return None
    span = trigger.doc.char_span(place.start, place.end, alignment_mode="expand")
    return place if span is None or not len(span) or _own_clause(span.root, trigger) else None


def _own_clause(tok: Token, trigger: Span) -> bool:
    """Whether a modifier (a place, a time) belongs to a noun trigger's own phrase or clause; always true for a
    verb trigger, whose modifiers the parse attaches."""
    if trigger.root.pos_ not in ("NOUN", "PROPN"):
        return True
    inside = {t.i for t in trigger}
    if tok.i in inside or any(a.i in inside for a in tok.ancestors):
        return True  # it hangs off the trigger's own phrase
    own, theirs = _clause_verb(trigger.root), _clause_verb(tok)
    return own is None or theirs is None or own == theirs


def _clause_verb(tok: Token) -> Token | None:
    """The verb whose clause a word is in: its nearest verb ancestor, passing over participles that only describe
    a noun ("a truck carrying passengers on the road outside Bandiagara")."""
    return next((a for a in tok.ancestors if a.pos_ in ("VERB", "AUX") and a.dep_ != "acl"), None)


def _venue(place: Place | None, trigger: Span) -> Place | None:
    """A meeting's place only when the parse ties it to the meeting ("met in Ankara", "a meeting at its headquarters
    in Brussels"): a place elsewhere in the sentence, or inside what was discussed ("to discuss the fighting around
    Kassala"), is the topic."""
    if place is None:
        return None
    inside = {t.i for t in trigger}
    span = trigger.doc.char_span(place.start, place.end, alignment_mode="expand")
    if span is None or not len(span):
        return None
    path = [span.root]
    for tok in span.root.ancestors:
        if tok.i in inside:
            return None if any(t.dep_ == "dobj" for t in path) else place
        path.append(tok)
    return place if span.root.i in inside else None


def event_when(doc: Doc, trigger: Span) -> EventDate | None:
    """The event's date, unless it was read from a time that dates someone's words about it ("an official said on
    Friday that ... in the wake of an air strike"): then only the report's date is known."""
    original = doc._.times
    kept = _times_outside_names(doc, original)
    doc._.times = kept  # event_date reads doc._.times: leave out times that are words of a name, then restore
    try:
        date = event_date(doc, trigger)
    finally:
        doc._.times = original
    if date is None or not date.text:
        return date
    sent = trigger.sent
    expr = next((t for t in (doc._.times or ()) if t.text == date.text and sent.start_char <= t.start < sent.end_char),
                None)
    span = doc.char_span(expr.start, expr.end, alignment_mode="expand") if expr is not None else None
    if span is None or not len(span):
        return date
    tok = span.root
    if not _own_clause(tok, trigger) or _dates_another(tok, trigger):
        return _document_date(doc)  # "the council met on Friday to discuss the attack": Friday is the meeting's
    if tok.dep_ == "pobj":
        tok = tok.head  # "on Friday"
    verb = tok.head  # the time modifies this word directly ("said on Friday", "said Friday")
    if verb.i in {t.i for t in trigger} or verb.pos_ != "VERB" or not _reporting(verb):
        return date
    dct = document_date(doc)
    try:
        day = dt.date.fromisoformat(date.value[:10]) if date.precision in ("day", "time") else None
    except ValueError:
        day = None
    if dct is None or day is None or not 0 <= (dct - day).days <= STATEMENT_DAYS:
        return date  # only a statement made about when the report was written ("recalled an attack in 2023")
    return EventDate(value=dct.isoformat(), precision="document", text=None)


def _dates_another(tok: Token, trigger: Span) -> bool:
    """A time inside an "after / before / since ..." phrase that does not hold the trigger dates what that phrase
    names ("met to discuss the situation after the killing of soldiers last night": the killing was last night)."""
    inside = {t.i for t in trigger}
    for a in tok.ancestors:
        if a.i in inside:
            return False
        if a.dep_ == "prep" and a.lower_ in SEQUENCE_PREPS:
            return not any(t.i in inside for t in a.subtree)
    return False


def _times_outside_names(doc: Doc, times: list[TimeExpr] | None) -> list[TimeExpr]:
    """The document's times less the words of names, worked out once per document, not once per event (a
    900,000-character report has tens of thousands of each)."""
    cached = doc.user_data.get("rashomon_times_outside_names")
    if cached is None or cached[0] is not times:
        cached = (times, [t for t in times or () if not _in_name(doc, t)])
        doc.user_data["rashomon_times_outside_names"] = cached
    return list(cached[1])


def _document_date(doc: Doc) -> EventDate | None:
    dct = document_date(doc)
    return EventDate(value=dct.isoformat(), precision="document", text=None) if dct is not None else None


def _in_name(doc: Doc, time: TimeExpr) -> bool:
    """A capitalised time word that ends a name rather than dating anything ("Al-Sahil Today", "USA Today")."""
    if not time.text[:1].isupper():
        return False
    span = doc.char_span(time.start, time.end, alignment_mode="expand")
    if span is None or span.start == span.sent.start:
        return False
    before = doc[span.start - 1]
    return before.pos_ == "PROPN" and before.idx + len(before.text) < time.start and \
        any(m.end == before.idx + len(before.text) for m in (doc._.entities or ()) if m.type in NAMED)


def _reporting(verb: Token) -> bool:
    """A verb of saying or writing ("said", "posted", "announced")."""
    cues = quote_lexicon().cues.get(verb.lemma_.lower(), ())
    return any(c.type in REPORTING_CUES for c in cues)
