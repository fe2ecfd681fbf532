"""``rashomon_places``: place names found (spaCy GPE/LOC/FAC plus gazetteer matches) and resolved offline.

Names come from spaCy's entities and from capitalised word sequences the model missed that are
main names of countries, subdivisions or sizeable towns in the gazetteer. Demonyms ("Turkish")
are not places. All names of a document are resolved together (:mod:`rashomon.extract.geo.resolve`)
so the document's country focus and nearby places pick among namesakes. ``event_location`` finds
the place an event happened at: attached to its trigger in the parse, else the nearest in the
sentence, never a place that is the subject of a speech or cognition verb ("Ankara said").
"""

from __future__ import annotations

import functools
import logging
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from rashomon.data import load_tsv
from rashomon.extract.geo.names import fold
from rashomon.model import Place

log = logging.getLogger("rashomon")

PLACE_LABELS = ("GPE", "LOC", "FAC")
MATCH_MIN_POPULATION = 20_000  # smallest town matched outside spaCy's entities
MAX_HOPS = 6
LOCATIVE_PREPS = {"in", "at", "on", "near", "outside", "inside", "across", "into", "from", "around", "throughout",
                  "within", "over", "to", "towards", "toward", "of"}


@functools.lru_cache(maxsize=1)
def _metonymy_verbs() -> frozenset[str]:
    return frozenset(r["lemma"] for r in load_tsv("en/geo/metonymy_verbs.tsv"))


@functools.lru_cache(maxsize=1)
def _demonyms() -> dict[str, str]:
    from rashomon.extract.geo.resolve import demonyms

    return demonyms()


def _candidate_spans(doc: Doc, gaz: object) -> list[tuple[int, int]]:
    """Character spans of place names: spaCy entities, then gazetteer matches among the rest."""
    spans = []
    taken: set[int] = set()
    place_tokens: set[int] = set()
    people = {fold(t) for e in doc.ents if e.label_ == "PERSON" for t in (e.text, e[-1].text)}
    for ent in doc.ents:
        if ent.label_ in PLACE_LABELS and _plausible(ent, people):
            spans.append((ent.start_char, ent.end_char))
            place_tokens.update(range(ent.start, ent.end))
        elif ent.label_ in ("PERSON", "ORG") and gaz is not None and (
                _locative(ent, place_tokens) and _strong_match(gaz, ent.text, 0)
                or fold(ent.text) not in people and _region_name(gaz, ent.text)):
            spans.append((ent.start_char, ent.end_char))  # "the town of Douentza" tagged PERSON
            place_tokens.update(range(ent.start, ent.end))
        for i in range(ent.start, ent.end):
            taken.add(i)
    if gaz is None:
        return spans
    i = 0
    while i < len(doc):
        tok = doc[i]
        dateline = tok.is_upper and len(tok) > 3 and i + 1 < len(doc) and doc[i + 1].text in (",", "(", "-")
        if i in taken or not (tok.is_title or dateline) or (tok.is_sent_start and not dateline) or tok.is_stop:
            i += 1
            continue
        for n in (3, 2, 1):
            j = i + n
            if j > len(doc) or any(k in taken or not (doc[k].is_title or doc[k].is_upper or doc[k].text in ("-",))
                                   for k in range(i, j)):
                continue
            span = doc[i:j]
            if span[-1].pos_ != "PROPN" and not dateline:  # "Western countries": an adjective, not a region
                continue
            if (i > 0 and (i - 1 in taken or doc[i - 1].pos_ == "PROPN")) or (
                    j < len(doc) and (j in taken or doc[j].pos_ == "PROPN")):
                continue  # part of a longer name ("African Union", "Union Carbide")
            if fold(span.text) not in people and _strong_match(gaz, span.text):
                spans.append((span.start_char, span.end_char))
                taken.update(range(i, j))
                i = j - 1
                break
        i += 1
    return sorted(spans)


def _plausible(ent: Span, people: set[str]) -> bool:
    """A GPE/LOC/FAC entity that is a place: not a demonym, a lone adjective ("Western") or a person named elsewhere."""
    key = fold(ent.text)
    words = ent.text.split()
    head = words[1] if len(words) > 1 and words[0].lower() == "the" else ent.text
    if key in _demonyms() or key in people or not head[:1].isupper():  # "the bush", but "the Netherlands"
        return False
    return not (len(ent) == 1 and ent[0].pos_ == "ADJ")


def _strong_match(gaz: object, text: str, min_population: int = MATCH_MIN_POPULATION) -> bool:
    from rashomon.extract.geo.gazetteer import Gazetteer

    assert isinstance(gaz, Gazetteer)
    for e in gaz.candidates(text):
        if e.main and (e.feature in ("country", "admin1", "region") or e.population >= min_population):
            return True
    return False


def _region_name(gaz: object, text: str) -> bool:
    """Whether ``text`` is the main name of a country or first-level subdivision ("Tennessee" tagged ORG)."""
    from rashomon.extract.geo.gazetteer import Gazetteer

    assert isinstance(gaz, Gazetteer)
    return any(e.main and e.feature in ("country", "admin1") for e in gaz.candidates(text))


def _locative(ent: Span, place_tokens: set[int]) -> bool:
    """Whether an entity sits where places sit: object of "in/near/at", "town of X", or listed with a place."""
    root = ent.root
    if root.dep_ == "pobj" and root.head.lower_ in LOCATIVE_PREPS - {"of", "to", "from", "over"}:
        return True
    if root.dep_ == "pobj" and root.head.lower_ == "of" and root.head.head.lemma_.lower() in _SETTLEMENT_NOUNS:
        return True
    return root.dep_ == "conj" and (root.head.ent_type_ in PLACE_LABELS or root.head.i in place_tokens)


_SETTLEMENT_NOUNS = {"town", "city", "village", "province", "region", "district", "governorate", "area",
                     "state", "county", "outskirts", "suburb", "capital", "municipality", "commune"}


def find_places(doc: Doc, gaz: object | None = None) -> list[Place]:
    """Place mentions in ``doc``, resolved against the gazetteer ``gaz`` when one is given."""
    spans = _candidate_spans(doc, gaz)
    if gaz is None:
        return [Place(doc.text[s:e], s, e, name=doc.text[s:e]) for s, e in spans]
    from rashomon.extract.geo.gazetteer import Gazetteer
    from rashomon.extract.geo.resolve import as_place_fields, resolve_all

    assert isinstance(gaz, Gazetteer)
    focus = [_alpha3(cc) for e in doc.ents if e.label_ == "NORP" and (cc := _demonyms().get(fold(e.text)))]
    texts = [doc.text[s:e] for s, e in spans]
    out = []
    for (s, e), text, res in zip(spans, texts, resolve_all(gaz, texts, focus=[f for f in focus if f]), strict=True):
        if res is None:
            out.append(Place(text, s, e, name=text))
        else:
            out.append(Place(text, s, e, **as_place_fields(res.entry)))  # type: ignore[arg-type]
    return out


@functools.lru_cache(maxsize=300)
def _alpha3(cc: str) -> str | None:
    import pycountry

    country = pycountry.countries.get(alpha_2=cc)
    return country.alpha_3 if country else None


@Language.factory("rashomon_places", assigns=["doc._.places"], requires=["doc.ents"],
                  default_config={"gazetteer": None})
def make_places(nlp: Language, name: str, gazetteer: str | None) -> PlacesComponent:
    """Build the places component (``gazetteer``: path of the index; default the user cache)."""
    return PlacesComponent(gazetteer=gazetteer)


class PlacesComponent:
    """Writes ``doc._.places``; the gazetteer is opened on first use, once per process."""

    def __init__(self, *, gazetteer: str | None = None) -> None:
        self.path = Path(gazetteer) if gazetteer else None

    def __call__(self, doc: Doc) -> Doc:
        from rashomon.extract.geo.gazetteer import load_gazetteer

        doc._.places = find_places(doc, load_gazetteer(self.path))
        return doc


# --- where an event happened -------------------------------------------------------------------


def _span_root(doc: Doc, place: Place) -> Token | None:
    span = doc.char_span(place.start, place.end, alignment_mode="expand")
    return span.root if span is not None and len(span) else None


def is_metonymic(doc: Doc, place: Place) -> bool:
    """Whether ``place`` is the subject of a speech or cognition verb ("Ankara said"): an actor, not a site."""
    root = _span_root(doc, place)
    if root is None:
        return False
    tok = root
    while tok.dep_ in ("compound", "poss", "conj", "appos") and tok.head is not tok:
        tok = tok.head
    verbs = _metonymy_verbs()
    head = tok.head
    return tok.dep_ in ("nsubj", "nsubjpass") and (head.lemma_.lower() in verbs or head.lower_ in verbs)


def _hops(root: Token, trigger: Span) -> int | None:
    """Steps up the parse from a place to the trigger, through prepositions and nouns only."""
    tok, hops = root, 0
    targets = {t.i for t in trigger}
    while tok.dep_ in ("conj", "appos") and tok.head is not tok:  # "near Mopti and Gao"
        tok = tok.head
    if tok.dep_ not in ("pobj", "compound", "nmod", "dobj", "poss"):
        return None  # a dateline ("BAMAKO, March 13 -") or a subject is not where it happened
    while hops <= MAX_HOPS:
        if tok.i in targets:
            return hops
        if tok.head is tok:
            return None
        if tok.pos_ in ("VERB", "AUX") and hops > 0:
            return None
        if tok.dep_ == "prep" and tok.lower_ not in LOCATIVE_PREPS:
            return None
        tok = tok.head
        hops += 1
    return None


def event_location(doc: Doc, trigger: Span) -> Place | None:
    """The place of the event whose trigger is ``trigger`` (attached in the parse, else nearest in the sentence)."""
    places = [p for p in (doc._.places or ()) if p.lat is not None or p.country is not None]
    sent = trigger.sent
    in_sent = [p for p in places if sent.start_char <= p.start < sent.end_char and not is_metonymic(doc, p)]
    if not in_sent:
        return None
    attached = []
    for p in in_sent:
        root = _span_root(doc, p)
        hops = _hops(root, trigger) if root is not None else None
        if hops is not None:
            attached.append((hops, _precision_rank(p), p))
    if attached:
        return min(attached, key=lambda x: (x[1], x[0]))[2]  # the most precise of the attached places
    in_sent = [p for p in in_sent if not _is_dateline(doc, p) and not _is_agent(doc, p)]
    if not in_sent:
        return None
    middle = (trigger.start_char + trigger.end_char) / 2
    return min(in_sent, key=lambda p: (abs((p.start + p.end) / 2 - middle), _precision_rank(p)))


def _is_agent(doc: Doc, place: Place) -> bool:
    """A place named as a party, not a site: a verb's subject ("Britain expressed solidarity"), an agent
    ("strikes by Russia") or another non-locative object ("solidarity with Turkey")."""
    tok = _span_root(doc, place)
    while tok is not None and tok.dep_ in ("conj", "appos", "compound") and tok.head is not tok:
        tok = tok.head
    if tok is None:
        return False
    if tok.dep_ == "pobj":
        return tok.head.lower_ not in LOCATIVE_PREPS
    return tok.dep_ in ("nsubj", "agent")


def _is_dateline(doc: Doc, place: Place) -> bool:
    """A place opening its line, followed by a comma, a date or a dash ("BAMAKO, March 13 -")."""
    line_start = doc.text.rfind("\n", 0, place.start) + 1
    return not doc.text[line_start:place.start].strip() and doc.text[place.end:place.end + 2].lstrip()[:1] in (",", "(", "-", "—")


def _precision_rank(place: Place) -> int:
    from rashomon.extract.geo.resolve import precision

    return {"point": 0, "admin1": 1, "country": 2}[precision(place.feature)]
