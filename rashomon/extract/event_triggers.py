"""Finding PLOVER event triggers in a parsed sentence: verbs, nouns, multi-word and light-verb forms.

A verbal pattern ("call for", "open fire", "shoot down") matches a verb whose later pattern
words are its particle, preposition or object (or one level below). A nominal pattern ("air
strike", "emergency meeting") matches consecutive lemmas ending in a noun. A light verb ("carried
out", "held", "offered") that governs a nominal trigger forms one trigger with it: its type is the
noun's, its actor the verb's subject. Intent verbs ("offered to", "vowed to") take their type
from the action they govern. Casualty words ("killed", "wounded", "dead") and counts ("the death toll
rose to 40") are flagged so the caller can attach them to the attack they report. A noun flagged
``targeted`` ("operation") is an event only with a target ("an operation against X").
"""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Span, Token

from rashomon.extract.event_lexicon import Entry, in_class, lexicon

VERB_TAGS = frozenset({"VB", "VBD", "VBG", "VBN", "VBP", "VBZ"})
NOUN_POS = frozenset({"NOUN", "PROPN"})


@dataclass
class Trigger:
    """A trigger found in a sentence: its tokens, head token, type, mode and flags."""

    tokens: list[Token]
    head: Token  # the token whose arguments and modality define the event (a light verb when there is one)
    type: str
    mode: str | None
    pos: str  # V | N | A
    flags: frozenset[str] = frozenset()
    noun: Token | None = None  # the nominal trigger carried by a light verb
    merged: list[Trigger] = field(default_factory=list)

    @property
    def start_char(self) -> int:
        """Start of the trigger in the document text."""
        return min(t.idx for t in self.tokens)

    @property
    def end_char(self) -> int:
        """End of the trigger in the document text."""
        return max(t.idx + len(t.text) for t in self.tokens)

    @property
    def casualty(self) -> str | None:
        """``dead`` or ``injured`` when the trigger is a casualty word, else None."""
        for flag in ("dead", "injured"):
            if flag in self.flags:
                return flag
        return None


def _lemma(tok: Token) -> str:
    return tok.lemma_.lower()


def verb_lemmas(tok: Token) -> list[str]:
    """Candidate lemmas of a verb: the tagger's, then plain de-inflections (it reads "staged" as "stag")."""
    w = tok.lower_
    out = [tok.lemma_.lower(), w]
    if w.endswith(("ied", "ies")):
        out.append(w[:-3] + "y")
    for suf in ("ing", "ed", "es", "s", "d"):
        if w.endswith(suf) and len(w) > len(suf) + 2:
            base = w[: -len(suf)]
            out += [base, base + "e"]
            if len(base) > 2 and base[-1] == base[-2]:
                out.append(base[:-1])
    return list(dict.fromkeys(out))


def noun_forms(tok: Token) -> list[str]:
    """Candidate base forms of a noun: the tagger's lemma, the word, and the word without a plural ending
    (the tagger reads "bases" as "basis")."""
    w = tok.lower_
    out = [tok.lemma_.lower(), w]
    if w.endswith("es"):
        out.append(w[:-2])
    if w.endswith("s"):
        out.append(w[:-1])
    return out


def _is_verb(tok: Token) -> bool:
    return tok.pos_ == "VERB" or (tok.tag_ in VERB_TAGS and tok.pos_ != "AUX")


def _near(verb: Token) -> list[Token]:
    """The verb's children and grandchildren, plus the next few tokens, for matching pattern words."""
    out = []
    for child in verb.children:
        out.append(child)
        for grand in child.children:
            out.append(grand)
            out.extend(grand.children)
    return out


def _dated(prep: Token) -> bool:
    """A preposition introducing a date ("called on Sunday") is not part of a phrasal verb ("called on X")."""
    return prep.dep_ == "prep" and any(c.dep_ == "pobj" and c.ent_type_ in ("DATE", "TIME") for c in prep.children)


def _object_like(t: Token, verb: Token, depth: int = 0) -> bool:
    """Whether ``t`` is what the verb acts on: its object or passive subject, a conjunct or modifier of it,
    or the noun after "of" in it ("control of the area", "a stash of weapons")."""
    if depth > 3:
        return False
    if t.head == verb:
        return t.dep_ in ("dobj", "nsubjpass", "attr", "oprd")
    if t.dep_ in ("conj", "compound", "amod", "appos"):
        return _object_like(t.head, verb, depth + 1)
    if t.dep_ == "pobj" and t.head.lower_ == "of":
        return _object_like(t.head.head, verb, depth + 1)
    return False


def _match_verb(tok: Token) -> tuple[Entry, list[Token]] | None:
    entries = next((e for e in (lexicon().verbs.get(lem) for lem in verb_lemmas(tok)) if e), None)
    if not entries:
        return None
    near = _near(tok)
    for entry in entries:
        extra: list[Token] = []
        for word in entry.words[1:]:
            if word.startswith("@"):
                found = next((t for t in near if _object_like(t, tok) and (
                    any(in_class(f, word[1:]) for f in noun_forms(t))
                    or (word == "@territory" and t.ent_type_ in ("GPE", "LOC", "FAC")))), None)
            else:
                found = next((t for t in near if (_lemma(t) == word or t.lower_ == word) and not _dated(t)
                              and abs(t.i - tok.i) <= 8), None)
            if found is None:
                break
            extra.append(found)
        else:
            return entry, [tok, *extra]
    return None


def _match_noun(sent: Span, i: int) -> tuple[Entry, list[Token]] | None:
    """Longest nominal pattern ending at sentence token ``i``."""
    tok = sent[i]
    entries = lexicon().nouns.get(_lemma(tok)) or lexicon().nouns.get(tok.lower_)
    if not entries:
        return None
    for entry in entries:
        n = len(entry.words)
        if i - n + 1 < 0:
            continue
        span = [sent[k] for k in range(i - n + 1, i + 1)]
        if all(_lemma(t) == w or t.lower_ == w for t, w in zip(span, entry.words, strict=True)):
            return entry, span
    return None


def toll_kind(tok: Token) -> str | None:
    """``dead`` or ``injured`` when ``tok`` is a casualty count given by its verb ("the death toll rose to 40", "the
    number of the martyrs exceeded 30", "the number of wounded stood at 12"), else None."""
    if not (tok.pos_ == "NOUN" and in_class(_lemma(tok), "TOLL") and tok.dep_ == "nsubj"
            and in_class(_lemma(tok.head), "TOLL_VERB")):
        return None
    if not any(t.like_num or t.pos_ == "NUM" for f in toll_figures(tok.head) for t in f.subtree):
        return None  # "the death toll is expected to rise": no count given
    counted = [c for c in tok.children if c.dep_ in ("compound", "amod")]
    counted += [p for c in tok.children if c.dep_ == "prep" and c.lower_ == "of" for p in c.children if p.dep_ == "pobj"]
    counted += [a for p in list(counted) for a in p.children if a.dep_ in ("acl", "amod")]  # "the number of those killed"
    for word in counted:
        forms = {_lemma(word), word.lower_}
        if any(in_class(f, "FATALITY") for f in forms):
            return "dead"
        if any(in_class(f, "INJURY") for f in forms):
            return "injured"
    return None


def toll_figures(verb: Token) -> list[Token]:
    """Where a toll's verb gives the count: "reached 40", "was 40", "rose to 40", "stood at 40"."""
    out = [c for c in verb.children if c.dep_ in ("dobj", "attr", "npadvmod")]
    return out + [p for c in verb.children if c.dep_ == "prep" and c.lower_ in ("to", "at") for p in c.children
                  if p.dep_ == "pobj"]


def _labour(sent: Span) -> bool:
    cues = lexicon().cues.get("labour", frozenset())
    return any(_lemma(t) in cues for t in sent)


def find_triggers(sent: Span) -> list[Trigger]:
    """Every trigger in ``sent``, light verbs merged with the nouns they carry, in text order."""
    lex = lexicon()
    nominal: dict[int, Trigger] = {}
    verbal: dict[int, Trigger] = {}
    for i, tok in enumerate(sent):
        if tok.pos_ in NOUN_POS or tok.tag_.startswith("NN"):
            m = _match_noun(sent, i)
            if m:
                entry, toks = m
                heads = [t for t in toks if t.head not in toks or t.head == t]
                head = heads[-1] if heads else toks[-1]
                if head.dep_ == "compound" and head.head.i > head.i and head.head not in toks:
                    name = head.head
                    if not ("named" in entry.flags and tok.text[:1].isupper() and name.pos_ == "PROPN"):
                        continue  # "attack helicopter", "strike force": a modifier, not the event
                    toks = [sent.doc[k] for k in range(toks[0].i, name.i + 1)]  # "Operation Dambé": the name
                    head = name
                if any(t.ent_type_ in ("DATE", "TIME") for t in toks):
                    continue  # "March" the month, not a march
                type_, mode = entry.type, entry.mode
                if _lemma(tok) == "strike" and len(toks) == 1 and _labour(sent):
                    type_, mode = "PROTEST", "strike"
                nominal[head.i] = Trigger(toks, head, type_, mode, "N", entry.flags)
        if _is_verb(tok):
            mv = _match_verb(tok)
            if mv:
                entry, toks = mv
                verbal[tok.i] = Trigger(sorted(toks, key=lambda t: t.i), tok, entry.type, entry.mode, "V", entry.flags)
        if tok.pos_ == "ADJ" or tok.tag_ in ("JJ", "VBN"):
            adj = lex.adjectives.get(tok.lower_)
            if adj and tok.i not in verbal:
                verbal[tok.i] = Trigger([tok], tok, adj.type, adj.mode, "A", adj.flags)
        if tok.i not in nominal:
            toll = toll_kind(tok)
            if toll:  # "the death toll rose to 40", "the number of the martyrs exceeded 30"
                nominal[tok.i] = Trigger([tok], tok, "ASSAULT", None, "N", frozenset({toll, "toll"}))
    # light verbs: "carried out a strike", "held talks", "offered condolences"
    for tok in sent:
        if not _is_verb(tok):
            continue
        current = verbal.get(tok.i)
        if current is not None and len(current.tokens) > 1:
            continue  # a multi-word verbal pattern wins ("open fire")
        lemmas = verb_lemmas(tok)
        light = next((lv for lv in lex.light if lv.split()[0] in lemmas and _light_ok(tok, lv)), None)
        if light is None:
            continue
        noun = _carried_noun(tok, nominal)
        if noun is None:
            continue
        carried = nominal.pop(noun.i)
        via = [t for t in noun.ancestors if t.i != tok.i and tok in t.ancestors]  # "the launch of" in between
        verbal[tok.i] = Trigger(
            sorted({*[t for t in tok.children if t.dep_ == "prt"], tok, *via, *carried.tokens}, key=lambda t: t.i),
            tok, carried.type, carried.mode, "V", carried.flags, noun=carried.head,
        )
    for tok in sent:  # "X said Y must do Z": the statement is a demand on Y
        if tok.i in verbal or not _is_verb(tok) or _lemma(tok) not in lex.cues.get("report", frozenset()):
            continue
        for comp in tok.children:
            obligation = lex.cues.get("obligation", frozenset())
            if comp.dep_ == "ccomp" and any(a.dep_ == "aux" and a.lower_ in obligation for a in comp.children):
                verbal[tok.i] = Trigger([tok], tok, "REQUEST", None, "V", frozenset({"obligation"}))
                break
    candidates = [*verbal.values(), *nominal.values()]
    attacks = any(t.type == "ASSAULT" and not t.casualty and _lemma(t.head) not in HAZARD_PRONE for t in candidates)
    found = [t for t in candidates if not _hazard(t, attacks) and ("targeted" not in t.flags or _targeted(t))]
    return sorted(found, key=lambda t: t.head.i)


def _targeted(trigger: Trigger) -> bool:
    """Whether a trigger that needs a target names one: "an operation against X", "launched an operation against X"."""
    preps = lexicon().cues.get("target_prep", frozenset())
    heads = [trigger.head, *([trigger.noun] if trigger.noun is not None else [])]
    return any(c.dep_ == "prep" and c.lower_ in preps for h in heads for c in h.children)


HAZARD_PRONE = frozenset({"hit", "strike", "kill", "destroy", "burn", "damage", "die", "injure", "wound", "hurt", "dead",
                          "injured", "wounded", "death", "explosion", "blast", "explode", "fire"})


def _hazard(trigger: Trigger, attacks: bool = True) -> bool:
    """A casualty or damage word caused by a flood, quake, fire or crash ("floods hit", "died in a crash") is no attack.

    Without any attack word in the sentence (``attacks`` False), a hazard anywhere in it explains the casualties.
    """
    prone = _lemma(trigger.head) in HAZARD_PRONE or trigger.casualty or trigger.mode == "territory"
    if trigger.type not in ("ASSAULT", "COERCE") or not prone:
        return False
    own = {t.i for t in trigger.tokens}
    head = trigger.head
    if (not attacks or trigger.mode == "territory") and any(
        t.i not in own and t.pos_ in NOUN_POS and in_class(_lemma(t), "HAZARD") for t in head.sent
    ):
        return True
    near = [head, *head.children, *(g for c in head.children for g in c.children)]
    if head.head != head:
        near += [head.head, *head.head.children, *(g for c in head.head.children for g in c.children)]
    return any(t.i not in own and t.pos_ in NOUN_POS and in_class(_lemma(t), "HAZARD") for t in near)


def _light_ok(tok: Token, light: str) -> bool:
    words = light.split()
    return all(any(_lemma(c) == w for c in tok.children) for w in words[1:])


def _carried_noun(verb: Token, nominal: dict[int, Trigger]) -> Token | None:
    """The nominal trigger a light verb governs: its object, the noun after "of" in it, or its passive subject."""
    for child in verb.children:
        if child.dep_ in ("dobj", "nsubjpass", "attr", "oprd") :
            if child.i in nominal:
                return child
            for grand in child.children:
                if grand.dep_ == "prep" and grand.lower_ == "of":
                    for pobj in grand.children:
                        if pobj.i in nominal:
                            return pobj
    return None
