"""Actors and recipients of an event trigger, read off the dependency parse.

Active subjects and passive ``by``-agents are actors; objects, passive subjects and the objects of
type-specific prepositions ("on Idlib", "against X", ``data/en/plover/roles.tsv``) are recipients;
conjuncts ("the Syrian regime and Russia") give one argument each. Nominal triggers take actors
from possessives, ``by``-phrases, national adjectives ("Israeli air raids") and the subject of the
light verb that carries them, and the subject of "was behind" / "was responsible for" them. A subject
the parser hung on an opening place phrase ("In Gao, elders and imams met") is recovered. Each
argument is coded with the document's entity mentions (entity id, country, sector) and
:func:`rashomon.extract.actors.code_actor`.
"""

from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from rashomon.extract.actors import code_actor
from rashomon.extract.event_lexicon import in_class, lexicon
from rashomon.extract.event_triggers import Trigger
from rashomon.model import Argument, EntityMention

SUBJ = ("nsubj", "csubj")
PASS_SUBJ = ("nsubjpass", "csubjpass")
OBJ = ("dobj", "dative", "attr", "oprd")
RELATIVE = frozenset({"who", "that", "which", "whom"})
ACTOR_ENTS = frozenset({"PERSON", "ORG", "GPE", "NORP"})
EMBEDDING = frozenset({"AGREE", "THREATEN", "REJECT", "REQUEST", "ACCUSE", "CONCEDE", "SUPPORT"})
EMBEDDED_PREPS = frozenset({"to", "with", "on", "against", "from", "upon"})
PERSONAL = frozenset({"it", "they", "he", "she", "we"})
PARTICIPATION = frozenset({"PROTEST", "CONSULT", "COOPERATE"})
ATTRIBUTING = frozenset({"attribute", "ascribe", "blame", "pin", "impute"})  # "blame the attack on X": X is the actor
OBJECT_CONTROL = frozenset({"urge", "ask", "call", "force", "order", "allow", "invite", "press", "pressure"})
NOT_PARTIES = frozenset({"DATE", "TIME", "PERCENT", "MONEY", "QUANTITY", "ORDINAL"})
QUANTIFIERS = frozenset({"all", "some", "many", "most", "several", "none", "both", "each", "few"})
DROP_DEPS = frozenset({"relcl", "punct", "cc", "conj", "appos", "advcl", "parataxis"})


def _conjuncts(tok: Token) -> list[Token]:
    out = [tok]
    for c in tok.conjuncts:
        if c.i > tok.i and c.pos_ in ("NOUN", "PROPN", "PRON", "NUM", "ADJ"):
            out.append(c)
    return out


def phrase(tok: Token) -> Span:
    """The noun phrase headed by ``tok`` without relative clauses, conjuncts, appositions or trailing commas."""
    keep = {tok.i}
    stack = [tok]
    while stack:
        t = stack.pop()
        for c in t.children:
            if c.dep_ in DROP_DEPS and t == tok or t == tok and tok.dep_ == "ROOT" and _finite_acl(c):
                continue
            if c.dep_ in ("relcl", "punct") or (c.dep_ == "prep" and t == tok and c.lower_ not in ("of", "in", "from", "at")):
                continue
            keep.add(c.i)
            stack.append(c)
    doc = tok.doc
    start, end = min(keep), max(keep) + 1
    while start < tok.i and (doc[start].is_punct or doc[start].dep_ == "cc"):
        start += 1
    while end - 1 > tok.i and (doc[end - 1].is_punct or doc[end - 1].dep_ == "cc"):
        if doc[end - 1].text == ")" and any(t.text == "(" for t in doc[start:end - 1]):
            break
        end -= 1
    opened = sum(t.text == "(" for t in doc[start:end]) - sum(t.text == ")" for t in doc[start:end])
    if opened > 0 and end < len(doc) and doc[end].text == ")":
        end += 1
    return doc[start:end]


class ArgumentCoder:
    """Codes argument phrases against one document's entity mentions (built once per document)."""

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        self.mentions: list[EntityMention] = list(doc._.entities or ())
        places = [p for p in (doc._.places or ()) if p.country]
        countries = [p.country for p in places if p.country]
        # ties go to the country with more towns and provinces named: a bare country name is often an actor
        local = [p.country for p in places if p.feature not in ("country", "continent", "region")]
        if not countries:
            countries = [m.country for m in self.mentions if m.country and m.type in ("GPE", "NORP")]
        self.context_country = max(sorted(set(countries)), key=lambda c: (countries.count(c), local.count(c))) \
            if countries else None

    def mentions_in(self, span: Span) -> list[EntityMention]:
        """Entity mentions inside ``span``."""
        return [m for m in self.mentions if m.start >= span.start_char and m.end <= span.end_char]

    def actorish(self, tok: Token) -> bool:
        """Whether the phrase headed by ``tok`` names an actor (entity, coded group or person) rather than a thing."""
        if tok.ent_type_ in ACTOR_ENTS or tok.pos_ == "PROPN":
            return True
        span = phrase(tok)
        head_mentions = [m for m in self.mentions_in(span) if m.start <= tok.idx < m.end]
        if head_mentions:
            return True
        code = code_actor(span.text, context_country=self.context_country)
        return bool(code.sector or code.kind) or (code.country is not None and tok.pos_ != "NOUN")

    def arguments(self, tok: Token) -> list[Argument]:
        """The coded argument(s) for ``tok``: "French and Egyptian warships" gives one per nationality."""
        first = self.argument(tok)
        out = [first]
        for adj in tok.children:
            if adj.dep_ == "amod" and adj.ent_type_ in ("NORP", "GPE"):
                for other in adj.conjuncts:
                    if other.i > adj.i:
                        code = code_actor(f"{other.text} {tok.text}", context_country=self.context_country)
                        mention = next((m for m in self.mentions if m.start <= other.idx < m.end), None)
                        country = (mention.country if mention else None) or code.country
                        if country and country != first.country:
                            out.append(Argument(other.text, other.idx, other.idx + len(other.text),
                                                mention.entity if mention else None, country, code.sector or first.sector))
        return out

    def fill_country(self, arg: Argument, fallback: str | None) -> Argument:
        """An argument without a country takes ``fallback`` (the event's place, or the document's country)."""
        if arg.country or not fallback:
            return arg
        return Argument(arg.text, arg.start, arg.end, arg.entity, fallback, arg.sector)

    def argument(self, tok: Token) -> Argument:
        """The coded argument for the phrase headed by ``tok``."""
        span = phrase(tok)
        mentions = self.mentions_in(span)
        head = next((m for m in mentions if m.start <= tok.idx < m.end), None)
        if head is not None and _truncated(span, head):
            code = code_actor(span.text)  # "the Peace and Security Council" is not the "Security Council" inside it
            if code.country and code.country != head.country and code.kind in ("IGO", "ORG"):
                return Argument(span.text, span.start_char, span.end_char, None, code.country, code.sector)
        best = head or next((m for m in mentions if m.type in ACTOR_ENTS), None)
        entity = best.entity if best else None
        country = best.country if best else None
        sector = best.sector if best else None
        if country is None or sector is None:
            code = code_actor(span.text, context_country=self.context_country)
            country = country or code.country
            sector = sector or code.sector
        if country is None:
            for m in mentions:
                if m.country:
                    country = m.country
                    break
        return Argument(span.text, span.start_char, span.end_char, entity, country, sector)


def _truncated(span: Span, mention: EntityMention) -> bool:
    """A name mention that starts inside a longer capitalised name of the phrase ("Peace and | Security Council")."""
    lead = span.doc.text[span.start_char: mention.start].split()
    while lead and lead[0].lower() in ("the", "a", "an"):
        lead = lead[1:]
    return bool(lead) and lead[0][:1].isupper() and not lead[-1].endswith(("'s", "’s"))


def _finite_acl(verb: Token) -> bool:
    """A finite verb misparsed as a clause on its subject noun: a past-tense or present form, or one with a direct
    object hanging off a noun that is the sentence root ("The spokesman, X, rejected any idea of an inquiry")."""
    if verb.dep_ != "acl" or verb.head.pos_ not in ("NOUN", "PROPN"):
        return False
    return verb.tag_ in ("VBD", "VBZ", "VBP") or verb.head.dep_ == "ROOT" and any(c.dep_ == "dobj" for c in verb.children)


def _subject(verb: Token) -> list[Token]:
    """Active subjects of ``verb``, inherited through xcomp, conj, advcl and relative clauses."""
    t = verb
    for _ in range(4):
        subj = [c for c in t.children if c.dep_ in SUBJ]
        if subj:
            s = subj[0]
            if s.lower_ in RELATIVE and t.dep_ == "relcl":
                return _conjuncts(t.head)
            return _conjuncts(s)
        if t.tag_ in ("VBD", "VBZ", "VBP") and not any(c.dep_ in PASS_SUBJ for c in t.children):
            fronted = _subject_after_fronted_place(t)
            if fronted:
                return fronted
        if any(c.dep_ in PASS_SUBJ for c in t.children) and t is not verb:
            return []
        if t.dep_ == "relcl" and t.head.pos_ in ("NOUN", "PROPN"):
            return _conjuncts(t.head)
        if _finite_acl(t):
            return _conjuncts(t.head)  # a finite verb misparsed as a clause on its subject
        if t.dep_ in ("xcomp", "conj", "advcl", "ccomp", "acomp") and t.head != t:
            if t.dep_ == "xcomp":
                obj = [c for c in t.head.children if c.dep_ in ("dobj",)]
                if obj and t.head.lemma_.lower() in OBJECT_CONTROL:
                    return _conjuncts(obj[0])
            if t.dep_ == "ccomp":
                return []
            t = t.head
            continue
        if t.dep_ == "pcomp" and t.head.dep_ == "prep" and t.head.head.pos_ in ("VERB", "AUX"):
            t = t.head.head  # "X responded by bombing Y", "X retaliated after shelling Y": X does it
            continue
        break
    return []


def _subject_after_fronted_place(verb: Token) -> list[Token]:
    """The subject the parser joined to an opening place phrase: in "In Gao, elders and imams met ..." the nouns
    after the comma hang as conjuncts of "Gao" and the verb has no subject of its own."""
    doc = verb.doc
    for prep in verb.children:
        if prep.dep_ != "prep" or prep.i > verb.i:
            continue
        place = next((p for p in prep.children if p.dep_ == "pobj"), None)
        if place is None or not (place.ent_type_ in ("GPE", "LOC", "FAC") or place.pos_ == "PROPN"):
            continue
        later = [c for c in place.conjuncts if place.i < c.i < verb.i]
        first = next((c for c in later if c.pos_ == "NOUN" and c.ent_type_ not in ("GPE", "LOC", "FAC")), None)
        if first is None or first.left_edge.i == 0 or doc[first.left_edge.i - 1].text != ",":
            continue
        return [c for c in later if c.i >= first.i]
    return []


def _agents(tok: Token) -> list[Token]:
    out: list[Token] = []
    for c in tok.children:
        if c.dep_ == "agent" or (c.dep_ == "prep" and c.lower_ == "by"):
            out.extend(p for p in c.children if p.dep_ == "pobj")
    return [x for a in out for x in _conjuncts(a)]


def _fronted(prep: Token) -> bool:
    """A prepositional phrase opening its clause before the verb and set off by a comma ("On the ground, the army
    launched ..."): it frames the clause and names no party."""
    head = prep.head
    after = prep.right_edge.i + 1
    return (head.pos_ in ("VERB", "AUX") and prep.i < head.i and after < len(prep.doc) and prep.doc[after].text == ","
            and all(prep.i < s.i for s in head.children if s.dep_ in SUBJ))


def _prep_objects(tok: Token, preps: frozenset[str]) -> list[Token]:
    out = []
    for c in tok.children:
        if c.dep_ == "prep" and c.lower_ in preps and not _fronted(c):
            for p in c.children:
                if p.dep_ == "pobj":
                    out.extend(_conjuncts(p))
    return out


def _inside(tok: Token, coder: ArgumentCoder) -> list[Token]:
    """Actor-like parts of a content phrase: "an Indian proposal" -> Indian, "calls by Belarus's rulers" -> rulers."""
    out = []
    for c in tok.children:
        if c.dep_ == "poss" or (c.dep_ in ("amod", "compound") and c.ent_type_ in ("NORP", "GPE", "ORG")):
            out.append(c)
        elif c.dep_ == "prep" and c.lower_ in ("by", "from", "of", "to"):
            out.extend(p for p in c.children if p.dep_ == "pobj" and coder.actorish(p))
    return out


def arguments(trigger: Trigger, coder: ArgumentCoder) -> tuple[list[Token], list[Token]]:
    """Head tokens of the actors and recipients of ``trigger``."""
    obj_role, preps = lexicon().roles.get(trigger.type, ("recipient", frozenset()))
    head = trigger.head
    actors: list[Token] = []
    recipients: list[Token] = []
    trig = {t.i for t in trigger.tokens}
    if trigger.pos in ("V", "A"):
        passive = [c for c in head.children if c.dep_ in PASS_SUBJ]
        actors += _agents(head)
        if not passive:
            actors += _subject(head)
        if head.dep_ == "acl" and head.tag_ == "VBN" and head.head.pos_ in ("NOUN", "PROPN"):
            pass  # "shells fired by X": the noun is the thing fired, not a party
        for p in passive:
            recipients += _conjuncts(p)
        for c in head.children:
            if c.dep_ == "dative" and c.pos_ == "ADP":
                recipients += [x for p in c.children if p.dep_ == "pobj" for x in _conjuncts(p)]
                continue
            if c.dep_ in OBJ and c.i not in trig:
                if obj_role == "recipient" or coder.actorish(c):
                    recipients += _conjuncts(c)
                else:
                    recipients += _inside(c, coder)
        recipients += _prep_objects(head, preps)
        if not recipients and trigger.type in ("REQUEST", "THREATEN", "ACCUSE", "REJECT"):
            for comp in head.children:  # "demanded that the US cancel ...": the one asked is the clause's subject
                if comp.dep_ == "ccomp":
                    recipients += [x for c in comp.children if c.dep_ in SUBJ for x in _conjuncts(c)]
        if not recipients and trigger.type in EMBEDDING:
            recipients += _embedded_recipients(head, coder)
        if trigger.noun is not None:
            recipients += _prep_objects(trigger.noun, preps)
            for via in trigger.tokens:  # "announced the launch of an operation against X": X hangs off "launch"
                if via.pos_ == "NOUN" and via is not trigger.noun and via is not head:
                    recipients += _prep_objects(via, preps)
            actors += [a for a in _nominal_actors(trigger.noun, trig)]
    else:
        noun = head
        actors += _nominal_actors(noun, trig)
        recipients += _prep_objects(noun, preps)
        if trigger.type == "CONSULT":
            actors += _prep_objects(noun, frozenset({"between", "among"}))
        gov = noun.head
        if noun.dep_ in ("nsubj",) and gov.pos_ in ("VERB", "AUX"):
            recipients += [x for c in gov.children if c.dep_ in OBJ for x in _conjuncts(c)]
            recipients += _prep_objects(gov, preps)
        if noun.dep_ in ("nsubjpass",):
            actors += _agents(gov)
        if not actors:  # "X was behind the strike", "X claimed responsibility for the attack": X did it
            actors += _culprits(noun)
        if noun.dep_ == "dobj" and gov.lemma_.lower() in ATTRIBUTING:  # "attributes the attack to X": X did it
            blamed = _prep_objects(gov, frozenset({"to", "on"})) + _prep_objects(noun, frozenset({"to", "on"}))
            actors += blamed
            recipients = [r for r in recipients if r not in blamed]
        if trigger.type in PARTICIPATION and not actors:  # "joined a rally", "converged for a rally"
            verb = gov.head if noun.dep_ == "pobj" and gov.dep_ == "prep" else gov
            if noun.dep_ in ("dobj", "pobj") and verb.pos_ == "VERB":
                actors += _subject(verb)
    actors = [_wielder(_partitive(a)) for a in actors
              if a.i not in trig and (a.pos_ != "PRON" or a.lower_ in PERSONAL or _partitive(a) is not a)]
    recipients = [_partitive(r) for r in recipients]
    recipients = [r for r in recipients if r.i not in trig and r.ent_type_ not in NOT_PARTIES
                  and not in_class(r.lemma_.lower(), "WEAPON") and not in_class(r.lemma_.lower(), "MUNITION")]
    actors = [a for a in actors if a.ent_type_ not in NOT_PARTIES]
    seen: set[int] = set()
    actors = [a for a in actors if not (a.i in seen or seen.add(a.i))]  # type: ignore[func-returns-value]
    recipients = [r for r in recipients if not (r.i in seen or seen.add(r.i))]  # type: ignore[func-returns-value]
    return actors, recipients


def _culprits(noun: Token) -> list[Token]:
    """Who is said to have done the event a noun names: the subject of "be behind", "be responsible for" or "claim
    responsibility for" (culprit words and verbs in ``cues.tsv``)."""
    if noun.dep_ != "pobj" or noun.head.dep_ != "prep":
        return []
    cues = lexicon().cues
    culprit, verbs = cues.get("culprit", frozenset()), cues.get("culprit_verb", frozenset())
    prep = noun.head
    word = prep if prep.lower_ in culprit else prep.head if prep.lower_ == "for" else None
    if word is None or word.lemma_.lower() not in culprit and word.lower_ not in culprit:
        return []
    if word.dep_ not in ("prep", "acomp", "dobj", "attr"):
        return []
    verb = word.head
    return _subject(verb) if verb.lemma_.lower() in verbs and verb.pos_ in ("VERB", "AUX") else []


def _embedded_recipients(head: Token, coder: ArgumentCoder) -> list[Token]:
    """Who the announced, offered, refused or demanded action is aimed at: "threatened to ban opposition
    candidates", "offered to negotiate with the president of Armenia", "refused to lift the curfew on X"."""
    out: list[Token] = []
    for comp in head.children:
        if comp.dep_ not in ("xcomp", "ccomp"):
            continue
        for c in comp.children:
            if c.dep_ in ("dobj", "dative") and c.pos_ != "ADP" and coder.actorish(c):
                out += _conjuncts(c)
            elif c.dep_ == "dobj":
                out += _prep_objects(c, EMBEDDED_PREPS)
        out += [p for p in _prep_objects(comp, EMBEDDED_PREPS) if coder.actorish(p)]
    return out


def _partitive(tok: Token) -> Token:
    """The group a quantifier stands for: "all of the regime's targets" -> targets, "some of the rebels" -> rebels."""
    if tok.pos_ in ("PRON", "NUM", "DET") or tok.lower_ in QUANTIFIERS:
        of = next((c for c in tok.children if c.dep_ == "prep" and c.lower_ == "of"), None)
        pobj = next((p for p in of.children if p.dep_ == "pobj"), None) if of is not None else None
        if pobj is not None and pobj.pos_ in ("NOUN", "PROPN"):
            return pobj
    return tok


def _wielder(tok: Token) -> Token:
    """For a weapon named as the actor ("mortar rounds fired by X", "missiles fired from a drone", "the fire of
    X's forces"), who used it."""
    if not (in_class(tok.lemma_.lower(), "WEAPON") or in_class(tok.lemma_.lower(), "MUNITION")):
        return tok
    for c in tok.children:
        if c.dep_ == "prep" and c.lower_ in ("of", "from"):
            pobj = next((p for p in c.children if p.dep_ == "pobj" and p.pos_ in ("NOUN", "PROPN")), None)
            if pobj is not None and not (in_class(pobj.lemma_.lower(), "WEAPON")
                                         or in_class(pobj.lemma_.lower(), "MUNITION")):
                return pobj
    for acl in tok.children:
        if acl.dep_ != "acl":
            continue
        for c in acl.children:
            if c.dep_ == "agent" or (c.dep_ == "prep" and c.lower_ in ("by", "from")):
                pobj = next((p for p in c.children if p.dep_ == "pobj"), None)
                if pobj is not None:
                    return pobj
    return tok


def _nominal_actors(noun: Token, trig: set[int]) -> list[Token]:
    out = []
    for c in noun.children:
        if c.i in trig:
            continue
        if c.dep_ == "poss" and c.pos_ != "PRON":
            out.extend(_conjuncts(c))
        elif c.dep_ in ("amod", "compound", "nmod") and c.ent_type_ in ("NORP", "GPE", "ORG"):
            out.append(c)
    out += _agents(noun)
    return out
