"""``rashomon_entities``: named-entity mentions, cleaned, typed, coded and resolved within the document.

On top of spaCy's NER: titles and roles are split from names ("Russian Foreign Minister Sergey
Lavrov" → Sergey Lavrov, role foreign minister, RUS/GOV), types the model gets wrong are fixed from
the actor knowledge and from the rest of the document (a town tagged PERSON, a surname tagged GPE,
an alliance tagged WORK_OF_ART), debris is dropped, and nominal references to actors in play ("the
alliance", "the army", "the Russian minister") are added. Every mention of one actor shares a
document-local id (:func:`rashomon.model.local_entity_id`).
"""

from __future__ import annotations

import re
from collections import Counter
from typing import TYPE_CHECKING

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from rashomon.data import load_tsv
from rashomon.extract.actors import code_actor, exact_term, generic_orgs, identity, scan
from rashomon.extract.entities_coref import Candidate, resolve_in_document
from rashomon.extract.entities_names import strip_titles
from rashomon.extract.entities_places import places_tagged_as_people as _places_tagged_as_people
from rashomon.model import EntityMention, local_entity_id

if TYPE_CHECKING:
    from rashomon.extract.geo.gazetteer import Gazetteer

KEPT_LABELS = ("PERSON", "ORG", "GPE", "NORP", "LOC", "FAC")
RETYPED_LABELS = ("WORK_OF_ART", "LAW", "EVENT", "PRODUCT")
_PLACE_WORDS = load_tsv("en/names/place_words.tsv")
PLACE_BEFORE = frozenset(r["word"] for r in _PLACE_WORDS if r["position"] == "before")
PLACE_AFTER = frozenset(r["word"] for r in _PLACE_WORDS if r["position"] == "after")
_KIND_LABELS = tuple((r["kind"], r["label"]) for r in load_tsv("en/names/kind_labels.tsv"))  # in priority order
DEBRIS = re.compile(r"\d{4,}|https?:|www\.|@|[{}<>=|\\]|[0-9a-f]{8}-")
NOMINAL_DETS = frozenset({"the", "this", "that", "its", "their"})


def find_entities(doc: Doc, gazetteer: Gazetteer | None = None) -> list[EntityMention]:
    """Entity mentions of ``doc``: cleaned NER spans plus resolvable nominals, with local ids.

    With a ``gazetteer``, a one-word name tagged PERSON that is a known town or region of a country
    the document is about, and has no sign of being a person, is retyped as a place.
    """
    cands = [c for ent in doc.ents if (c := _named(ent)) is not None]
    _fix_types(doc, cands)
    _places_tagged_as_people(doc, cands, gazetteer)
    cands.extend(_propagate(doc, cands))
    _acronym_definitions(doc, cands)
    _bodies_of_organisations(doc, cands)
    cands.extend(_nominals(doc))
    resolved = resolve_in_document(cands)
    names = _entity_names(resolved)
    _adopt_codes(resolved)
    doc_id = doc._.doc_id or "doc"
    return [
        EntityMention(c.text, c.start, c.end, c.type, local_entity_id(doc_id, c.cluster + 1),
                      name=names[c.cluster] if c.nominal else c.name,
                      role=c.role, country=c.country, sector=c.sector)
        for c in resolved
    ]


def _adopt_codes(cands: list[Candidate]) -> None:
    """Mentions of one entity share its codes: nominals take their antecedent's, names fill each other's gaps.

    A person whose country no mention states keeps none: the country a report is about is no safe
    guess for its officials (an American report on Iran names only Iran, yet its "President" is American).
    """
    countries: dict[int, Counter[str]] = {}
    sectors: dict[int, Counter[str]] = {}
    for c in cands:
        if not c.nominal:
            if c.country:
                countries.setdefault(c.cluster, Counter())[c.country] += 1
            if c.sector:
                sectors.setdefault(c.cluster, Counter())[c.sector] += 1
    for c in cands:
        country = countries.get(c.cluster, Counter()).most_common(1)
        sector = sectors.get(c.cluster, Counter()).most_common(1)
        if c.nominal:
            c.country = country[0][0] if country else c.country
            c.sector = sector[0][0] if sector else c.sector
            continue
        c.country = c.country or (country[0][0] if country else None)
        c.sector = c.sector or (sector[0][0] if sector else None)


def _entity_names(cands: list[Candidate]) -> dict[int, str]:
    """The fullest name of each resolved entity (nominal mentions carry it as their ``name``)."""
    names: dict[int, str] = {}
    for c in cands:
        if c.nominal:
            continue
        best = names.get(c.cluster)
        if best is None or len(c.name.split()) > len(best.split()) or (
                len(c.name.split()) == len(best.split()) and len(c.name) > len(best) and not c.name.isupper()):
            names[c.cluster] = c.name
    return names


def _named(ent: Span) -> Candidate | None:
    """A candidate from one NER span, trimmed ("the", "'s"), debris dropped, titles split off."""
    label = ent.label_
    if label not in KEPT_LABELS and label not in RETYPED_LABELS:
        return None
    toks = list(ent)
    while toks and (toks[0].lower_ in ("the", "a", "an") or toks[0].is_punct or toks[0].is_space):
        toks.pop(0)
    while toks and (toks[-1].is_punct or toks[-1].is_space or toks[-1].lower_ in ("'s", "’s", "'")):
        toks.pop()
    if not toks:
        return None
    doc = ent.doc
    span = doc[toks[0].i:toks[-1].i + 1]
    text = span.text
    if _is_debris(text):
        return None
    if label == "ORG" and _is_only_titles(text):
        return None  # "the Minister of Defense" tagged as an organisation: a role, kept for the person after it
    if _is_inside_title(span):
        return None  # "State" in "Secretary of State John Kerry"
    code = code_actor(text)
    known = _known(text)
    if label in RETYPED_LABELS:
        if known is None:
            return None
        label = known
    elif known and label != known:
        label = known
    elif label == "PERSON" and any(t.has("sector", "org") and not t.has("title") for t in scan(text)):
        label = "ORG"  # "Armed Forces", "Bamako Tribune" tagged as a person
    start = span.start_char
    name = text
    role = country = sector = None
    if label in ("PERSON", "ORG", "GPE") and not known:
        stripped = strip_titles(text)
        titled = any(t.has("title", "honorific") for t in scan(text[:max(0, text.rfind(stripped))]))
        if stripped != text and stripped[:1].isupper() and titled:
            # "NATO Secretary General Jens Stoltenberg" tagged as one span
            offset = text.rfind(stripped)
            prefix = code_actor(text[:offset]) if offset > 0 else None
            start, name, label = start + offset, stripped, "PERSON"
            if prefix:
                country, sector = prefix.country, prefix.sector
                role = _role(text[:offset])
    if label != "PERSON":
        country, sector = country or code.country, sector or code.sector
    # a person's own name says nothing of their country ("Jordan Peterson"): only titles and context do
    cand = Candidate(start, span.end_char, doc.text[start:span.end_char], label, name,
                     role=role, country=country, sector=sector)
    if known in ("ORG", "NORP", "GPE") and not _is_capital(text):
        cand.code = identity(text)
    if not known and generic_orgs(text):
        cand.nominal, cand.head = True, text  # "the Alliance" tagged as a name
    if cand.type == "PERSON":
        _person_context(doc[span.start:span.end], cand)
    return cand


def _propagate(doc: Doc, cands: list[Candidate]) -> list[Candidate]:
    """Names the model missed: a known person's surname alone ("Ongoïba said"), a known organisation ("ECOWAS")."""
    taken = sorted((c.start, c.end) for c in cands)
    surnames = {c.name.split()[-1] for c in cands if c.type == "PERSON" and len(c.name.split()) > 1}
    surnames = {s for s in surnames if len(s) > 2 and exact_term(s) is None}
    out = []
    i = 0
    while i < len(doc):
        tok = doc[i]
        if not tok.text[:1].isupper() or tok.lower_ in NOMINAL_DETS or any(s <= tok.idx < e for s, e in taken):
            i += 1
            continue
        if tok.text in surnames:
            out.append(Candidate(tok.idx, tok.idx + len(tok.text), tok.text, "PERSON", tok.text))
            i += 1
            continue
        for n in range(min(6, len(doc) - i), 0, -1):
            span = doc[i:i + n]
            if not span[-1].text[:1].isupper() or any(s < span.end_char and span.start_char < e for s, e in taken):
                continue
            known = _known(span.text)
            if known in ("ORG", "GPE"):
                code = code_actor(span.text)
                cand = Candidate(span.start_char, span.end_char, span.text, known, span.text,
                                 country=code.country, sector=code.sector)
                if not _is_capital(span.text):
                    cand.code = identity(span.text)
                out.append(cand)
                i += n - 1
                break
        i += 1
    return out


def _is_debris(text: str) -> bool:
    letters = sum(ch.isalpha() for ch in text)
    if letters < 2 or DEBRIS.search(text):
        return True
    if text == text.lower():
        return True  # NER on a common noun ("army", "video")
    return len(text.split()) > 8


def _known(text: str) -> str | None:
    """The type a phrase has when it is exactly a known country, organisation or seat of government."""
    t = exact_term(text)
    if t is None:
        return None
    return next((label for kind, label in _KIND_LABELS if t.has(kind)), None)


def _is_inside_title(span: Span) -> bool:
    """Whether the span is part of a longer title phrase: its tail ("State" in "Secretary of State") or its head
    ("Interior" in "Interior Minister Ahmed Bello")."""
    doc = span.doc
    start = doc[max(0, span.start - 3)].idx
    window = doc.text[start:span.end_char]
    offset = span.start_char - start
    if any(t.has("title") and t.start_char < offset and t.end_char >= len(window) for t in scan(window)):
        return True
    ahead = doc.text[span.start_char:doc[min(len(doc), span.end + 3) - 1].idx + len(doc[min(len(doc), span.end + 3) - 1])]
    return any(t.has("title") and t.start_char == 0 and t.end_char > len(span.text) for t in scan(ahead))


def _is_only_titles(text: str) -> bool:
    """Whether every content word of ``text`` belongs to a title ("Minister of Defense and Foreign Affairs")."""
    terms = [t for t in scan(text) if t.has("title")]
    covered = {i for t in terms for i in range(t.start_char, t.end_char)}
    words = [(m.start(), m.group()) for m in re.finditer(r"\w+", text)]
    content = [(i, w) for i, w in words if w.lower() not in ("of", "and", "the", "for", "affairs")]
    return bool(terms) and all(i in covered for i, _ in content)


def _is_capital(text: str) -> bool:
    return any(t.has("capital", "seat") and not t.has("country") for t in scan(text))


def _role(text: str) -> str | None:
    titles = [t for t in scan(text) if t.has("title")]
    return text[titles[-1].start_char:titles[-1].end_char].lower() if titles else None


def _person_context(span: Span, cand: Candidate) -> None:
    """Role, country and sector from the words before a person's name or an apposition after it."""
    doc = span.doc
    if span.start > 0 and doc[span.start - 1].lower_ in ("of", "in", "at", "from"):
        return  # "the mayor of Douentza": the name is the office's place, not its holder
    i = span.start
    sent_start = span.sent.start if doc.has_annotation("SENT_START") else 0
    while i > sent_start and i > span.start - 10:
        tok: Token = doc[i - 1]
        if _is_stop(tok) or tok.lower_ in ("said", "says", "by", "and"):
            break
        i -= 1
    if i == span.start and i > sent_start + 1 and doc[i - 1].text == ",":
        # "The mayor of Douentza, Bouraima Gindo, said"
        i -= 1
        while i > sent_start and i > span.start - 10 and not doc[i - 1].is_punct and doc[i - 1].pos_ not in ("VERB", "AUX"):
            i -= 1
    prefix = doc[i:span.start].text.strip(" ,") if i < span.start else ""
    role = _role(prefix) if prefix else None
    if role is None and span.end + 2 < len(doc) and doc[span.end].text == ",":
        j = span.end + 1
        while j < len(doc) and j < span.end + 14 and not _is_stop(doc[j]) and doc[j].ent_type_ != "PERSON":
            j += 1
        if j < len(doc) and doc[j].ent_type_ == "PERSON":
            return  # "X, Chief of Staff General Y and Z": a list; the title after the comma is Y's
        prefix = doc[span.end + 1:j].text
        role = _role(prefix)
    if role is None:
        return
    code = code_actor(prefix)
    cand.role = cand.role or role
    cand.country = cand.country or code.country
    cand.sector = cand.sector or code.sector


def _is_stop(tok: Token) -> bool:
    """Where a title phrase around a name ends: punctuation (not hyphens) or a verb."""
    return (tok.is_punct and tok.text not in ("-", "'s")) or tok.pos_ in ("VERB", "AUX")


def _fix_types(doc: Doc, cands: list[Candidate]) -> None:
    """Fix NER types from evidence in the document: places tagged PERSON, surnames tagged GPE or ORG."""
    person_names = {c.name for c in cands if c.type == "PERSON" and len(c.name.split()) > 1 and c.role}
    person_names |= {c.name for c in cands if c.type == "PERSON" and len(c.name.split()) > 1}
    surnames = {n.split()[-1] for n in person_names}
    placey = Counter(c.name for c in cands if c.type in ("GPE", "LOC"))
    for c in cands:
        if c.code:
            continue
        if c.type in ("GPE", "ORG", "LOC", "NORP") and (c.name in person_names or c.name in surnames):
            c.type = "PERSON"
        elif c.type in ("ORG", "GPE"):
            for full in person_names:
                if c.name.endswith(" " + full):
                    c.start = c.end - len(full)
                    c.text, c.name, c.type = full, full, "PERSON"
                    c.country = c.sector = None
                    span = doc.char_span(c.start, c.end, alignment_mode="expand")
                    if span is not None:
                        _person_context(span, c)
                    break
        elif c.type in ("FAC", "LOC", "GPE", "ORG") and 2 <= len(c.name.split()) <= 3 and _has_title_before(doc, c):
            c.type = "PERSON"  # "the mayor Boureïma Guindo" tagged as a building
            _person_context(doc.char_span(c.start, c.end, alignment_mode="expand") or doc[0:0], c)
        elif c.type == "PERSON" and not c.role and len(c.name.split()) == 1:
            if c.name in placey or _has_place_context(doc, c):
                c.type = "GPE"


def _has_title_before(doc: Doc, c: Candidate) -> bool:
    span = doc.char_span(c.start, c.end, alignment_mode="expand")
    if span is None or span.start == 0:
        return False
    terms = scan(doc[max(0, span.start - 3):span.start].text)
    return bool(terms) and terms[-1].has("title") and terms[-1].end_char >= len(doc[max(0, span.start - 3):span.start].text) - 1


def _has_place_context(doc: Doc, c: Candidate) -> bool:
    span = doc.char_span(c.start, c.end, alignment_mode="expand")
    if span is None:
        return False
    before = doc[span.start - 1].lower_ if span.start > 0 else ""
    after = doc[span.end].lower_ if span.end < len(doc) else ""
    if before == "of" and span.start > 1:
        # "the mayor of Douentza", "the town of Boni"
        word = doc[span.start - 2].lower_
        return word in PLACE_AFTER or any(t.has("title") for t in scan(word))
    return before in PLACE_BEFORE or after in PLACE_AFTER


def _acronym_definitions(doc: Doc, cands: list[Candidate]) -> None:
    """Link "Malian Armed Forces (FAMa)" style definitions: the bracketed form is an alias."""
    by_start = {c.start: n for n, c in enumerate(cands)}
    for n, c in enumerate(cands):
        if c.type == "PERSON":
            continue
        m = re.match(r"\s*\(([^()\s]{2,10})\)", doc.text[c.end:c.end + 14])
        if not m:
            continue
        short_start = c.end + m.start(1)
        initials = {w[0].upper() for w in re.findall(r"\w+", c.name)}
        if not set(m.group(1).upper()) <= initials:
            # "Union of Cotton Producers of Mali (UCPM)": the acronym names the longer organisation
            owner = next((o for o in cands if o.type == "ORG" and o.end < c.start
                          and re.fullmatch(r"\s+of\s+(the\s+)?", doc.text[o.end:c.start])), None)
            if owner is None:
                continue
            whole = doc.text[owner.start:c.end]
            if not set(m.group(1).upper()) <= {w[0].upper() for w in re.findall(r"\w+", whole)}:
                continue
            owner.end, owner.text, owner.name = c.end, whole, whole
            c.dropped = True  # "Mali" is now inside the organisation's name
            n = cands.index(owner)
        if short_start in by_start:
            cands[by_start[short_start]].alias_of = n
        else:
            cands.append(Candidate(short_start, c.end + m.end(1), m.group(1), c.type, m.group(1),
                                   country=c.country, sector=c.sector, code=c.code, alias_of=n))


_LEFT_NAME = re.compile(r"(?:[A-Z][\w-]*\s+(?:(?:and|&|of)\s+)?)+$")


def _organ_words() -> frozenset[str]:
    return frozenset(r["word"] for r in load_tsv("en/actors/organs.tsv"))


def _bodies_of_organisations(doc: Doc, cands: list[Candidate]) -> None:
    """A body named with its organisation ("the AU's Peace and Security Council", "the Peace and Security
    Council of the African Union") joins that organisation's entity, its full form kept as the name."""
    organs = _organ_words()
    orgs = [n for n, c in enumerate(cands) if c.type == "ORG" and not c.nominal and (c.code or identity(c.name))]
    for c in cands:
        words = c.name.lower().split()
        if c.type != "ORG" or c.nominal or c.dropped or not words or words[-1] not in organs:
            continue
        for n in orgs:
            owner = cands[n]
            if owner is c or owner.dropped:
                continue
            if re.fullmatch(r"\s*['’]s\s+", doc.text[owner.end:c.start]):  # "the AU's council"
                start, end = owner.start, c.end
            elif re.fullmatch(r"\s+of\s+(?:the\s+)?", doc.text[c.end:owner.start]):  # "council of the AU"
                left = _LEFT_NAME.search(doc.text[max(0, c.start - 40):c.start])  # "Peace and" the model left out
                start = c.start - (len(left.group(0)) if left else 0)
                start += len(m.group(0)) if (m := re.match(r"(?:The|A)\s+", doc.text[start:c.start])) else 0
                c.start, c.text = start, doc.text[start:c.end]
                end = owner.end
            else:
                continue
            c.name = doc.text[start:end]
            c.alias_of = n  # one entity with its organisation; a body with a code of its own keeps it (AUPSC)
            own = code_actor(c.name)  # the whole name: "Security Council" alone would be the UN's
            if own.kind is not None and own.country:
                c.code, c.country, c.sector = identity(c.name), own.country, own.sector
            else:
                c.code, c.country, c.sector = owner.code, owner.country, owner.sector
            break


def _nominals(doc: Doc) -> list[Candidate]:
    """Definite noun phrases naming an actor by kind or role ("the alliance", "the Malian army")."""
    if not doc.has_annotation("DEP"):
        return []
    out = []
    covered = -1  # end of the last "X of Y" phrase taken whole: its "Y" is no mention of its own
    for chunk in doc.noun_chunks:
        toks = [t for t in chunk if not t.is_punct]
        if not toks or toks[0].i < covered:
            continue
        root = chunk.root
        definite = toks[0].lower_ in NOMINAL_DETS
        national = any(t.ent_type_ in ("NORP", "GPE") for t in toks if t.i < root.i)
        if not (definite or national) or (root.ent_type_ and root.ent_type_ != "NORP"):
            continue
        if any(t.like_num for t in toks):
            continue  # "the 29 ambassadors": a count of people, not an actor already named
        terms = scan(chunk.text)
        at = root.idx - chunk.start_char
        root_terms = [t for t in terms if t.start_char <= at < t.end_char]
        if not (generic_orgs(chunk.text) or root.text[:1].isupper()
                or any(t.has("sector", "title", "generic") for t in root_terms)):
            continue
        if any(s.equipment for t in root_terms for s in t.senses):
            continue  # "the drone" is no name for the army
        code = code_actor(chunk.text)  # only what the phrase itself says; the antecedent adds the rest
        role = _role(chunk.text) if root_terms and root_terms[0].has("title") else None
        start, end = toks[0].idx, toks[-1].idx + len(toks[-1])
        owner = _owner_phrase(root)
        if owner is not None:  # "the general staff of the armed forces", "the army of the junta"
            end, covered = owner.end_char, owner.end
            terms = scan(doc.text[start:end])
        explicit = any(t.has("country", "adjective", "people", "org") for t in terms)
        indefinite = toks[0].lower_ in ("a", "an", "one") or toks[0].like_num
        standalone = (explicit and not indefinite and role is None and code.sector in ("GOV", "MIL", "COP")
                      and code.kind == "GROUP")
        name = doc.text[toks[1].idx:end] if definite and len(toks) > 1 else doc.text[start:end]
        out.append(Candidate(start, end, doc.text[start:end], "ORG", name, role=role, country=code.country,
                             sector=code.sector, nominal=True, head=root.text, standalone=standalone))
    return out


def _owner_phrase(root: Token) -> Span | None:
    """The definite "of" phrase naming the body a nominal belongs to ("[the general staff] of the armed
    forces"), when it names an actor by kind: the whole phrase is then one mention."""
    for prep in root.rights:
        if prep.dep_ != "prep" or prep.lower_ != "of":
            continue
        pobj = next((t for t in prep.rights if t.dep_ == "pobj"), None)
        if pobj is None or pobj.ent_type_ or any(t.lower_ == "of" for t in pobj.subtree if t.i > pobj.i):
            return None
        phrase = root.doc[prep.i + 1 : pobj.i + 1]
        if not phrase or phrase[0].lower_ != "the" or any(t.like_num for t in phrase):
            return None
        if generic_orgs(phrase.text) or any(t.has("sector", "generic") for t in scan(phrase.text)):
            return phrase
        return None
    return None


@Language.factory("rashomon_entities", assigns=["doc._.entities"], requires=["doc.ents"])
def make_entities(nlp: Language, name: str) -> EntitiesComponent:
    """Build the entities component."""
    return EntitiesComponent(nlp)


class EntitiesComponent:
    """Writes ``doc._.entities``; uses the places component's gazetteer when the pipeline has one."""

    def __init__(self, nlp: Language | None = None) -> None:
        self.nlp = nlp
        self._gazetteer: Gazetteer | None = None

    def _gaz(self) -> Gazetteer | None:
        """The gazetteer ``rashomon_places`` reads (opened once); none in a pipeline without places."""
        if self._gazetteer is None and self.nlp is not None and "rashomon_places" in self.nlp.pipe_names:
            from rashomon.extract.geo.gazetteer import load_gazetteer

            self._gazetteer = load_gazetteer(getattr(self.nlp.get_pipe("rashomon_places"), "path", None))
        return self._gazetteer

    def __call__(self, doc: Doc) -> Doc:
        doc._.entities = find_entities(doc, self._gaz())
        return doc
