"""``rashomon_events``: PLOVER 2.0 events per sentence — type, mode, actors, recipients, casualties, modality.

For each sentence: find triggers (:mod:`event_triggers`), merge the words that report one attack
("a drone strike hit a truck", "killed in a raid", "..., killing 12") into one event, give
intent verbs the type of what they announce ("vowed to fight" → THREATEN), read actors and
recipients off the parse (:mod:`event_arguments`), casualties (:mod:`magnitudes`), modality,
negation and attribution (:mod:`modality`), then date and place (owned by ``times`` / ``places``, checked
against the parse in :mod:`event_scene`)
and the CAMEO / ACLED codes from the data maps. Every event keeps its trigger and its sentence as
evidence, with offsets into the cleaned text.
"""

from __future__ import annotations

import logging

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from rashomon.extract.actors import code_actor
from rashomon.extract.event_arguments import ArgumentCoder, arguments, phrase
from rashomon.extract.event_casualties import casualty_figures, size_figure
from rashomon.extract.event_lexicon import HOSTILE, acled_type, cameo_code, in_class, lexicon
from rashomon.extract.event_scene import event_place, event_when
from rashomon.extract.event_triggers import Trigger, find_triggers
from rashomon.extract.modality import modality
from rashomon.model import AcledType, Argument, Event, Magnitude, Quote, TextSpan

log = logging.getLogger("rashomon")

MERGE_DEPS = frozenset({"nsubj", "nsubjpass", "dobj", "agent", "acl", "relcl", "pobj", "advcl", "prep", "conj", "xcomp"})
MERGE_PREPS = frozenset({"in", "by", "with", "during", "from", "after"})
DECISIVE_MODES = frozenset({"cbrn", "suicide", "grenade"})  # the weapon that defines the attack wherever it is named
PHYSICAL = frozenset({"ASSAULT", "COERCE", "PROTEST", "MOBILIZE"})  # events whose targets can be places and things
STATE_SECTORS = frozenset({"GOV", "MIL", "COP", "SPY", "JUD", "LEG"})
FIRST_PERSON = frozenset({"we", "us", "our", "ours"})


def _distance(a: Token, b: Token) -> int:
    """Number of dependency arcs between two tokens of one sentence."""
    up_a = [a, *a.ancestors]
    up_b = [b, *b.ancestors]
    for i, t in enumerate(up_a):
        if t in up_b:
            return i + up_b.index(t)
    return 99


def _linked(a: Token, b: Token) -> bool:
    """Whether ``b`` hangs directly (or through one preposition) under ``a`` by an argument-like arc."""
    if b.head == a and b.dep_ in MERGE_DEPS - {"prep", "conj", "xcomp"}:
        return True
    if b.dep_ == "pobj" and b.head.dep_ == "prep" and b.head.head == a and b.head.lower_ in MERGE_PREPS:
        return True
    # "shells fired by X hit the market": the clause describes the subject or object of the other trigger
    return b.dep_ in ("acl", "relcl") and b.head.head == a and b.head.dep_ in ("nsubj", "nsubjpass", "dobj")


def _merge(triggers: list[Trigger]) -> list[Trigger]:
    """Fold casualty words and second mentions of one attack into the main attack trigger."""
    violent = ("ASSAULT", "COERCE")
    # an attack verb and an attack noun in one clause ("a drone strike hit the truck") are one event
    out = list(triggers)
    changed = True
    while changed:
        changed = False
        for a in out:
            for b in out:
                if a is b or a.casualty or b.casualty or a.type not in violent or b.type != a.type:
                    continue
                if _linked(a.head, b.head) or _linked(b.head, a.head):
                    keep, drop = (b, a) if (b.mode and not a.mode) or (b.pos == "N" and a.pos == "V" and not a.mode) else (a, b)
                    keep.merged.append(drop)
                    keep.merged.extend(drop.merged)
                    out.remove(drop)
                    changed = True
                    break
            if changed:
                break
    hosts = [t for t in out if not t.casualty and t.type in violent]
    final = []
    for t in out:
        if t.casualty and hosts:
            host = min(hosts, key=lambda h: _distance(h.head, t.head))
            if _distance(host.head, t.head) <= 5:
                host.merged.append(t)
                continue
        final.append(t)
    # casualty words that stand alone: "three soldiers were killed and two wounded" is one event
    alone = [t for t in final if t.casualty]
    if len(alone) > 1:
        first = alone[0]
        for t in alone[1:]:
            if _distance(first.head, t.head) <= 3:
                first.merged.append(t)
                final.remove(t)
    return final


def _apply_intent(triggers: list[Trigger]) -> dict[int, str]:
    """Type intent verbs from the action they announce; return head index -> type (or "intent") for modality."""
    by_head = {t.head.i: t for t in triggers}
    embed: dict[int, str] = {}
    for t in triggers:
        embed[t.head.i] = "intent" if "intent" in t.flags else t.type
        if "intent" not in t.flags:
            continue
        inner = [c for c in t.head.children if c.dep_ in ("xcomp", "ccomp")]
        inner += [cc for c in inner for cc in c.conjuncts]
        target = next((by_head[c.i] for c in inner if c.i in by_head), None)
        if target is None:
            for c in inner:  # "vowed to carry out attacks": the noun under a plain verb
                target = next((by_head[d.i] for d in c.subtree if d.i in by_head and d.i != t.head.i), None)
                if target:
                    break
        if target is not None:
            t.type = "THREATEN" if target.type in HOSTILE else "AGREE"
            if t.type == "THREATEN":
                t.mode = "violence" if target.type == "ASSAULT" else target.mode
            else:
                t.mode = None
    return embed


def _mode(trigger: Trigger) -> str | None:
    """The trigger's mode, else one read from instrument words in its clause ("mortar" → artillery)."""
    own = next((t.mode for t in (trigger, *trigger.merged) if t.mode and t.type == trigger.type), None)
    if own and trigger.type not in ("ASSAULT", "PROTEST"):
        return own  # only attack and protest modes are refined by words around them ("fired" + "mortar")
    cue = _cue_mode(trigger, trigger.type)
    noun = trigger.noun if trigger.noun is not None else trigger.head if trigger.pos == "N" else None
    if noun is not None:  # a modifier of the attack noun decides ("coalition airstrike", "aerial bombardment")
        cues = lexicon().modes.get(trigger.type, {})
        own_tokens = {t.i for t in trigger.tokens}
        near = next((cues[c.lemma_.lower()] for c in noun.children
                     if c.dep_ in ("amod", "compound") and c.i not in own_tokens and c.lemma_.lower() in cues), None)
        if near:
            return near
    if own and (trigger.pos == "N" or trigger.noun is not None):  # "air strike" keeps its mode but for a decisive cue
        return cue if cue in DECISIVE_MODES or (trigger.type == "PROTEST" and cue == "riot") else own
    return cue or own


def _cue_mode(trigger: Trigger, type_: str, reach: int = 0) -> str | None:
    """A mode from instrument words near the trigger in the parse (nearest first, at most ``reach`` arcs away)."""
    cues = lexicon().modes.get(type_, {})
    if not cues:
        return None
    reach = reach or (8 if type_ == "PROTEST" else 4)
    heads = [trigger.head, *(m.head for m in trigger.merged)]
    own_tokens = {t.i for part in (trigger, *trigger.merged) for t in part.tokens}
    scored = []
    for w in trigger.head.sent:
        if w.i in own_tokens or (type_ == "PROTEST" and w.dep_ == "compound"):  # "riot police" is no riot
            continue
        place = w.head.lemma_.lower()
        if w.dep_ in ("compound", "amod") and (in_class(place, "BASE") or in_class(place, "TERRITORY")):
            continue  # "a missile base" is the target, not the weapon
        mode = cues.get(w.lemma_.lower()) or cues.get(w.lower_)
        if mode:
            d = min(_distance(h, w) for h in heads)
            if d <= reach or (mode in DECISIVE_MODES and d <= 8):
                scored.append((mode not in DECISIVE_MODES, d, abs(w.i - trigger.head.i), mode))
    return min(scored)[3] if scored else None


def _context(trigger: Trigger) -> str | None:
    """PLOVER context(s) of the event from cue words in its clause ("ballot" → election), nearest first, at most two."""
    cues = lexicon().contexts
    heads = [trigger.head, *(m.head for m in trigger.merged)]
    found: list[tuple[int, str]] = []
    for w in trigger.head.sent:
        context = cues.get(w.lemma_.lower()) or cues.get(w.lower_)
        if context:
            d = min(_distance(h, w) for h in heads)
            if d <= 3:
                found.append((d, context))
    out: list[str] = []
    for _d, c in sorted(found):
        if c not in out:
            out.append(c)
    return ", ".join(out[:2]) or None


def _upgrade(trigger: Trigger) -> None:
    """Destruction done with aircraft, artillery or explosives is an attack ("warplanes destroyed the depot")."""
    if trigger.type == "COERCE" and trigger.mode == "destroy":
        mode = _cue_mode(trigger, "ASSAULT", reach=3)
        if mode in ("aerial", "artillery", "explosives", "suicide", "grenade"):
            trigger.type, trigger.mode = "ASSAULT", mode


def _kind(args: tuple[Argument, ...], heads: list[Token], actor: bool, trigger: Trigger | None = None) -> str:
    """What kind of party the arguments are, for the ACLED map (state/protester/nonstate or civilian/protester/armed).

    For recipients, the trigger's surroundings count too: "fired at a protest", "opened fire inside a mosque".
    """
    if actor and any(in_class(h.lemma_.lower(), "MOB") for h in heads):
        return "mob"
    if any(in_class(h.lemma_.lower(), "PROTESTER") for h in heads):
        return "protester"
    if trigger is not None:
        near = [t for t in trigger.head.sent if _distance(t, trigger.head) <= 3 and t.i != trigger.head.i]
        if any(in_class(t.lemma_.lower(), "PROTESTER") or t.lemma_.lower() in ("protest", "demonstration", "rally")
               for t in near if t.pos_ == "NOUN"):
            return "protester"
        if not heads:
            heads = [p for c in trigger.head.children if c.dep_ == "prep" for p in c.children if p.dep_ == "pobj"]
    if actor:
        return "state" if any(a.sector in STATE_SECTORS for a in args) else "nonstate"
    if any(in_class(h.lemma_.lower(), "CIVILIAN") for h in heads):
        return "civilian"  # the head word decides: "a mosque in X province" is civilian whatever the phrase codes as
    if any(a.sector in STATE_SECTORS or a.sector == "REB" for a in args):
        return "armed"
    if any(a.sector == "CVL" for a in args):
        return "civilian"
    return "armed"


def _inherit(pairs: list[tuple[Token, Argument]]) -> list[tuple[Token, Argument]]:
    """A conjunct without a country of its own shares the first conjunct's: "Israeli helicopters and tanks"."""
    by_token = {t.i: a for t, a in pairs}
    out = []
    for t, a in pairs:
        if a.country is None and t.dep_ == "conj" and t.head.i in by_token and by_token[t.head.i].country:
            a = Argument(a.text, a.start, a.end, a.entity, by_token[t.head.i].country, a.sector or by_token[t.head.i].sector)
        out.append((t, a))
    return out


def _resolve_pronoun(tok: Token) -> Token:
    """'X said it would ...': the pronoun subject of a reported clause stands for the reporting subject."""
    if tok.pos_ != "PRON" or tok.lower_ not in ("it", "they", "he", "she", "we"):
        return tok
    verb = tok.head
    while verb.dep_ in ("xcomp", "conj") and verb.head != verb:
        verb = verb.head
    if verb.dep_ == "ccomp":
        subj = next((c for c in verb.head.children if c.dep_ == "nsubj" and c.pos_ != "PRON"), None)
        if subj is not None:
            return subj
    return tok


def _first_person(tok: Token) -> bool:
    """'we', or a phrase owned by 'our' ("our land forces"); never "the US"."""
    return _pronoun(tok) or any(c.dep_ == "poss" and _pronoun(c) for c in tok.children)


def _pronoun(tok: Token) -> bool:
    return tok.lower_ in FIRST_PERSON and not (len(tok.text) > 1 and tok.text.isupper())


def _speaker_side(tok: Token, quotes: list[Quote], coder: ArgumentCoder) -> Argument | None:
    """Who 'we' / 'our forces' is inside a quote: the speaker's entity and country (``None`` when unknown)."""
    quote = next((q for q in quotes if q.content.start <= tok.idx < q.content.end), None)
    if quote is None or quote.speaker is None:
        return None
    speaker = quote.speaker
    mention = next((m for m in coder.mentions if speaker.entity and m.entity == speaker.entity and m.country), None)
    if mention is not None:
        return Argument(mention.text, mention.start, mention.end, mention.entity, mention.country, mention.sector)
    code = code_actor(speaker.text)  # "the Malian army spokesman"
    if code.country is None:
        return None
    return Argument(speaker.text, speaker.start, speaker.end, speaker.entity, code.country, code.sector)


def _own_side(tok: Token, arg: Argument, sides: dict[int, Argument | None]) -> Argument:
    """A first-person argument in a quote takes the speaker's country, never the document's (unknown stays unknown)."""
    if tok.i not in sides:
        return arg
    side = sides[tok.i]
    entity = (side.entity if side else None) if tok.pos_ == "PRON" else arg.entity
    return Argument(arg.text, arg.start, arg.end, entity, side.country if side else None,
                    arg.sector or (side.sector if side and tok.pos_ == "PRON" else None))


def _not_own(target: Argument, own: set[str]) -> Argument:
    """A state does not strike its own organs: "the regime's positions" hit by Turkish forces are not Turkish, so a
    state target whose country came only from the document's context loses it."""
    if target.country not in own or target.sector not in STATE_SECTORS or target.entity \
            or code_actor(target.text).country:
        return target
    return Argument(target.text, target.start, target.end, None, None, target.sector)


def find_events(doc: Doc) -> list[Event]:
    """Events in ``doc``, several per sentence, each with its trigger and sentence as evidence."""
    coder = ArgumentCoder(doc)
    quotes = list(doc._.quotes or ())
    doc_id = doc._.doc_id or "doc"
    events: list[Event] = []
    for sent in doc.sents:
        triggers = find_triggers(sent)
        if not triggers:
            continue
        taken = {t.i for tr in triggers if len(tr.tokens) > 1 for t in tr.tokens if t != tr.head}
        triggers = [t for t in triggers if t.head.i not in taken]
        embed = _apply_intent(triggers)
        for t in triggers:
            _upgrade(t)
        if any(t.type == "RETREAT" and t.mode == "withdraw" for t in triggers):
            for t in triggers:  # "X took the town after Y withdrew": ground handed over, not won in battle
                if t.type == "ASSAULT" and t.mode == "territory":
                    t.mode = "transfer"
        triggers = _merge(triggers)
        evidence = _evidence(sent)
        for trig in triggers:
            events.append(_event(doc, doc_id, len(events) + 1, trig, coder, quotes, embed, evidence))
    return events


_QUOTE_PAIRS = (('"', '"'), ("\u201c", "\u201d"))


def _trigger_span(text: str, start: int, end: int) -> TextSpan:
    """The text from a trigger's first to its last word, taking in the closing quote mark of a quote it opens
    ('launched "Operation Dambé"', not 'launched "Operation Dambé')."""
    inner = text[start:end]
    for opening, closing in _QUOTE_PAIRS:
        unclosed = inner.count(opening) % 2 == 1 if opening == closing else inner.count(opening) > inner.count(closing)
        if unclosed and text[end:end + 1] == closing:
            end += 1
            break
    return TextSpan(text[start:end], start, end)


def _evidence(sent: Span) -> TextSpan:
    text = sent.text
    start = sent.start_char + (len(text) - len(text.lstrip()))
    stripped = text.strip()
    return TextSpan(stripped, start, start + len(stripped))


def _event(
    doc: Doc, doc_id: str, n: int, trig: Trigger, coder: ArgumentCoder,
    quotes: list[Quote], embed: dict[int, str], evidence: TextSpan,
) -> Event:
    actor_toks, recip_toks = arguments(trig, coder)
    dead: Magnitude | None = None
    injured: Magnitude | None = None
    for part in (trig, *trig.merged):
        if part.casualty is None and part.type == trig.type and part is not trig:
            a, r = arguments(part, coder)
            actor_toks += [x for x in a if x not in actor_toks]
            recip_toks += [x for x in r if x not in recip_toks]
    primary = list(recip_toks)
    for part in (trig, *trig.merged):
        if part.casualty:
            victims, figures = casualty_figures(part)
            recip_toks += [v for v in victims if v not in recip_toks]
            if part is not trig:  # "killed by X" / "X killed three in a raid": the killer is an actor
                agents = [p for c in part.head.children if c.dep_ == "agent" for p in c.children if p.dep_ == "pobj"]
                if any(c.dep_ == "dobj" for c in part.head.children):
                    agents += [c for c in part.head.children if c.dep_ == "nsubj" and c not in victims]
                own = {t.i for t in trig.tokens}
                actor_toks += [x for x in agents if x not in actor_toks and x not in recip_toks and x.i not in own]
            dead = dead or figures.get("dead")
            injured = injured or figures.get("injured")
    actor_toks = [_resolve_pronoun(a) for a in actor_toks]
    sides = {t.i: _speaker_side(t, quotes, coder) for t in (*actor_toks, *recip_toks) if _first_person(t)}
    actor_toks = [a for a in actor_toks if a.pos_ != "PRON" or sides.get(a.i)]
    recip_toks = [r for r in recip_toks if r.pos_ != "PRON" and r not in actor_toks]
    span = doc.char_span(trig.start_char, trig.end_char, alignment_mode="expand") or doc[trig.head.i: trig.head.i + 1]
    location = event_place(doc, span, trig.type)
    # domestic organs ("the army", "the union") belong to the document's country; targets to the event's place
    actor_pairs = _inherit([(t, a) for t in actor_toks for a in coder.arguments(t)])
    actors = tuple(_own_side(t, coder.fill_country(a, coder.context_country if a.sector else None), sides)
                   for t, a in actor_pairs)
    target_country = (location.country if location else None) or coder.context_country
    states: set[str] = {a.country for a in actors if a.country and a.sector in STATE_SECTORS} \
        if trig.type in PHYSICAL else set()
    recip_pairs = [(t, _own_side(t, coder.fill_country(
        _not_own(r, states), target_country if (r.sector or trig.type in PHYSICAL)
        and not (target_country in states and r.sector in STATE_SECTORS) else None), sides))
        for t, r in _inherit([(t, r) for t in recip_toks for r in coder.arguments(t)])]
    recipients = tuple(r for _t, r in recip_pairs)
    size = size_figure(trig.type, actor_toks, recip_toks)
    mod = modality(trig.head, doc, quotes, {k: v for k, v in embed.items() if k != trig.head.i})
    mode = _mode(trig)
    acled = None
    if trig.type in ("ASSAULT", "COERCE", "PROTEST", "AGREE", "RETREAT", "MOBILIZE"):
        acled_as = trig.type
        if trig.type == "COERCE" and mode == "disperse" and (dead or injured):
            acled_as = "ASSAULT"  # force that kills or wounds protesters
        first = [r for r in recip_toks if r in primary] or recip_toks  # the target named before the victims counted
        first_args = tuple(r for t, r in recip_pairs if t in first)
        target = _kind(first_args, first, False, trig)
        mode_as: str | None = mode
        if target == "protester" and trig.type in ("ASSAULT", "COERCE") and _cue_mode(trig, "PROTEST", reach=8) == "riot":
            acled_as, mode_as = "PROTEST", "riot"  # force met by a violent crowd: ACLED codes the riot
        pair = acled_type(acled_as, mode_as, _kind(actors, actor_toks, True), target)
        crime = any(t.pos_ in ("NOUN", "VERB") and in_class(t.lemma_.lower(), "CRIME") for t in trig.head.sent)
        if trig.type == "COERCE" and crime:
            pair = None  # arrests and seizures of smugglers or thieves: ordinary crime, which ACLED does not code
        acled = AcledType(*pair) if pair else None
    return Event(
        id=f"{doc_id}#v{n}",
        doc=doc_id,
        type=trig.type,
        trigger=_trigger_span(doc.text, trig.start_char, trig.end_char),
        evidence=evidence,
        mode=mode,
        context=_context(trig),
        actors=actors,
        recipients=recipients,
        location=location,
        date=event_when(doc, span),
        dead=dead,
        injured=injured,
        size=size,
        negated=mod.negated,
        modality=mod.modality,
        attributed_to=mod.attributed_to,
        cameo=cameo_code(trig.type, mode),
        acled=acled,
    )


def main_event(doc: Doc, events: list[Event]) -> Event | None:
    """The event a sentence is about: the highest trigger in the parse (background last, then leftmost)."""
    if not events:
        return None

    def depth(e: Event) -> int:
        span = doc.char_span(e.trigger.start, e.trigger.end, alignment_mode="expand")
        toks = list(span) if span is not None else []
        return min((len(list(t.ancestors)) for t in toks), default=99)

    return min(events, key=lambda e: (e.modality == "historical", depth(e), e.trigger.start))


def coded_type(event: Event) -> str:
    """The PLOVER type a sentence-level coder gives: an announced or promised action codes as AGREE
    (cooperative) or THREATEN (hostile), a refused cooperative one as REJECT."""
    if event.negated and event.type not in HOSTILE and event.type not in ("REQUEST",):
        return "REJECT"
    if event.modality == "future" and event.type not in ("AGREE", "THREATEN", "REQUEST", "REJECT", "ACCUSE"):
        return "THREATEN" if event.type in HOSTILE else "AGREE"
    return event.type


@Language.factory(
    "rashomon_events", assigns=["doc._.events"],
    requires=["doc._.entities", "doc._.times", "doc._.places", "doc._.quotes"],
)
def make_events(nlp: Language, name: str) -> EventsComponent:
    """Build the events component."""
    return EventsComponent()


class EventsComponent:
    """Writes ``doc._.events``."""

    def __call__(self, doc: Doc) -> Doc:
        """Code the events of ``doc``."""
        doc._.events = find_events(doc)
        return doc


__all__ = ["EventsComponent", "coded_type", "find_events", "main_event", "phrase"]
